// SPDX-License-Identifier: GPL-2.0
/*
 * panic and bench: the commands about the kernel as a whole.
 */
#include <kernel/panic.h>
#include <kernel/shell.h>
#include <lib/string.h>

static const struct shell_command panic_command;

static int cmd_panic(int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "now"))
		return shell_error(&panic_command, "this stops the machine; type 'panic now'");
	panic("requested from the console");
}

static const struct shell_command panic_command = {
	.name = "panic",
	.usage = "panic now",
	.help = "panic(), to see the crash report (the machine stops)",
	.run = cmd_panic,
};
shell_register_command(panic_command);

static const struct shell_command bench_command;

static int cmd_bench(int argc, char **argv)
{
	return shell_error(&bench_command,
			   "the benchmarks live in the bench kernel: run 'make bench' on the "
			   "host.  They count guest instructions under QEMU -icount, which this "
			   "boot does not have, so figures taken here would mean nothing");
}

static const struct shell_command bench_command = {
	.name = "bench",
	.usage = "bench",
	.help = "how to run the benchmarks (make bench)",
	.run = cmd_bench,
};
shell_register_command(bench_command);
