// SPDX-License-Identifier: GPL-2.0
/*
 * The 16550 UART on COM1, as a printk console.
 *
 * 115200 baud, 8 data bits, no parity, 1 stop bit.  Output polls the
 * transmit-holding-register-empty bit; that is simple and, under QEMU, fast.
 * Interrupt-driven input comes with the IOAPIC.
 */
#include <asm/io.h>
#include <asm/serial.h>
#include <kernel/console.h>
#include <lib/compiler.h>

#define COM1_BASE	0x3f8

#define UART_RX		0	/* receive buffer (DLAB 0) */
#define UART_TX		0	/* transmit holding (DLAB 0) */
#define UART_DLL	0	/* divisor latch low (DLAB 1) */
#define UART_IER	1	/* interrupt enable (DLAB 0) */
#define UART_DLM	1	/* divisor latch high (DLAB 1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_SCR	7	/* scratch */

#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_FCR_ENABLE_CLEAR 0x07	/* enable FIFOs, clear both */
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_THRE	0x20

#define UART_CLOCK_HZ	115200
#define BAUD		115200

/*
 * A transmitter that never drains (no UART at all) must not hang printk:
 * give up on a character after this many polls.
 */
#define THRE_POLL_LIMIT	100000

static bool uart_present(void)
{
	outb(0x5a, COM1_BASE + UART_SCR);
	if (inb(COM1_BASE + UART_SCR) != 0x5a)
		return false;
	outb(0xa5, COM1_BASE + UART_SCR);
	return inb(COM1_BASE + UART_SCR) == 0xa5;
}

static void uart_putc(char c)
{
	int polls = 0;

	while (!(inb(COM1_BASE + UART_LSR) & UART_LSR_THRE)) {
		if (++polls == THRE_POLL_LIMIT)
			return;
	}
	outb(c, COM1_BASE + UART_TX);
}

static void serial_console_write(struct console *con, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
};

void serial_init(void)
{
	unsigned int divisor = UART_CLOCK_HZ / BAUD;

	if (!uart_present())
		return;

	outb(0, COM1_BASE + UART_IER);
	outb(UART_LCR_DLAB, COM1_BASE + UART_LCR);
	outb(divisor & 0xff, COM1_BASE + UART_DLL);
	outb(divisor >> 8, COM1_BASE + UART_DLM);
	outb(UART_LCR_8N1, COM1_BASE + UART_LCR);
	outb(UART_FCR_ENABLE_CLEAR, COM1_BASE + UART_FCR);
	outb(UART_MCR_DTR_RTS_OUT2, COM1_BASE + UART_MCR);

	register_console(&serial_console);
}
