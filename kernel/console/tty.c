// SPDX-License-Identifier: GPL-2.0
/*
 * The shell's terminal: bytes in from the serial port and the keyboard,
 * text out to the consoles.
 *
 * Input: the UART's receive interrupt (arch/x86_64/serial.c) and the
 * keyboard's (arch/x86_64/i8042.c, which sends what a terminal would for
 * each key) queue bytes and call tty_rx_notify(), which wakes the shell's
 * thread sleeping in shell_getc_timeout().  The count of bytes received is
 * read before the queues are tried: a byte that arrives after an empty
 * read changes the count, so the sleep ends at once and the byte is not
 * missed.  Both devices feed the one line editor, and the answer goes to
 * every console: type on either, read on both.
 *
 * Output goes through console_write_text(): under printk's lock, so a
 * kernel message never lands in the middle of a line the shell is writing,
 * and not into the kernel log, which stays a log of the kernel.
 */
#include <asm/keyboard.h>
#include <asm/serial.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <kernel/wait.h>
#include <lib/errno.h>
#include <lib/vsprintf.h>

#include "console.h"

#define SHELL_PRINTF_MAX 512

static DECLARE_WAIT_QUEUE_HEAD(tty_wait);

/* Hard interrupt context. */
static void tty_rx_notify(void)
{
	wake_up(&tty_wait);
}

void tty_init(void)
{
	serial_set_rx_notify(tty_rx_notify);
	kbd_set_rx_notify(tty_rx_notify);
}

static unsigned long tty_rx_count(void)
{
	return serial_rx_count() + kbd_rx_count();
}

int shell_getc_timeout(long timeout)
{
	for (;;) {
		unsigned long seen = tty_rx_count();
		int c = serial_getc();

		if (c < 0)
			c = kbd_getc();
		if (c >= 0)
			return c;
		timeout = wait_event_interruptible_timeout(tty_wait, tty_rx_count() != seen,
							   timeout);
		if (timeout <= 0)
			return -ETIMEDOUT;
	}
}

static void shell_vprintf(const char *fmt, va_list args)
{
	char text[SHELL_PRINTF_MAX];
	size_t len = vscnprintf(text, sizeof(text), fmt, args);

	console_write_text(text, len);
}

void shell_printf(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	shell_vprintf(fmt, args);
	va_end(args);
}

int shell_error(const struct shell_command *cmd, const char *fmt, ...)
{
	va_list args;

	shell_printf("%s: ", cmd->name);
	va_start(args, fmt);
	shell_vprintf(fmt, args);
	va_end(args);
	shell_printf("\n");
	return -EINVAL;
}
