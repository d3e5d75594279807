/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interactive shell on the serial console (kernel/console/, and
 * docs/console.md for the commands).
 *
 * Adding a command: define a struct shell_command and register it; the
 * linker collects it, wherever it lives (a subsystem registers its own):
 *
 *	static int cmd_hello(int argc, char **argv)
 *	{
 *		shell_printf("hello, %s\n", argc > 1 ? argv[1] : "world");
 *		return 0;
 *	}
 *
 *	static const struct shell_command hello_command = {
 *		.name = "hello",
 *		.usage = "hello [NAME]",
 *		.help = "greet NAME",
 *		.run = cmd_hello,
 *	};
 *	shell_register_command(hello_command);
 *
 * run() is called in the shell's thread (process context; it may sleep)
 * with the line split into words, argv[0] being the command's name.  It
 * prints its own results and error messages with shell_printf() or
 * shell_error(), and returns 0 or a negative errno; bad input must change
 * nothing.  Commands run one at a time.
 */
#ifndef _KERNEL_SHELL_H
#define _KERNEL_SHELL_H

#include <lib/compiler.h>
#include <lib/types.h>

#define SHELL_MAX_ARGS 8

struct shell_command {
	const char *name;  /* the first word of the line */
	const char *usage; /* "park PID": shown by help and on a usage error */
	const char *help;  /* one line for help */
	int (*run)(int argc, char **argv);
};

#define shell_register_command(cmd)                                                  \
	static const struct shell_command *const __shell_cmd_##cmd __used __section( \
		".shell_commands") = &(cmd)

/* Output of commands: straight to the console, not into the kernel log. */
__printf(1, 2) void shell_printf(const char *fmt, ...);
/*
 * "<command>: <message>" on a line of its own, for bad input and failures.
 * Return: -EINVAL, for `return shell_error(...)`.
 */
__printf(2, 3) int shell_error(const struct shell_command *cmd, const char *fmt, ...);
/* Prints the usage line of @cmd; returns -EINVAL. */
int shell_usage(const struct shell_command *cmd);

/*
 * Waits up to @timeout jiffies (MAX_SCHEDULE_TIMEOUT: for ever) for a key.
 * Return: the byte, or -ETIMEDOUT.  Context: the shell's thread; sleeps.
 */
int shell_getc_timeout(long timeout);

/*
 * Parses a decimal number in [@min, @max] from @s; on bad input prints why
 * ("cpu: 'x' is not a number") and returns -EINVAL.
 */
int shell_parse_uint(const struct shell_command *cmd, const char *what, const char *s,
		     unsigned int min, unsigned int max, unsigned int *out);

/* Looks a command up by name; NULL if none. */
const struct shell_command *shell_find_command(const char *name);
/* Runs one line as if typed.  Return: the command's result, or -ENOENT. */
int shell_run_line(char *line);

/*
 * Starts the boot demo and the shell's thread (kernel.elf only: init calls
 * it once the boot is done; the test and bench kernels never return to it).
 */
void shell_init(void);

#endif /* _KERNEL_SHELL_H */
