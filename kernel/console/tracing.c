// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the trace events (kernel/trace/, docs/tracing.md) from the console.
 * The dump is the same framed text the test kernel writes at the end of a
 * traced run, so the host tools read a saved `make run` transcript too
 * (scripts/trace/tracedump.py).
 *
 *	trace			on or off, and the groups
 *	trace start [GROUPS]	record GROUPS (e.g. sched,kthread; default: as set)
 *	trace stop		stop recording; the records stay
 *	trace dump		stop, and write the records framed for the host tools
 *	trace clear		forget the records
 */
#include <kernel/shell.h>
#include <kernel/trace.h>
#include <lib/errno.h>
#include <lib/string.h>

#define GROUPS_TEXT_MAX 96

static const struct shell_command trace_command;

static void print_status(void)
{
	char groups[GROUPS_TEXT_MAX];

	trace_format_groups(trace_get_groups(), groups, sizeof(groups));
	shell_printf("tracing is %s; groups: %s\n", trace_is_on() ? "on" : "off",
		     groups[0] ? groups : "none");
}

static int trace_start_cmd(int argc, char **argv)
{
	unsigned int mask;
	int ret;

	if (argc == 3) {
		if (trace_parse_groups(argv[2], &mask))
			return shell_error(&trace_command,
					   "'%s' is not a list of groups "
					   "(sched, kthread, work, timer, cpu, all)",
					   argv[2]);
		ret = trace_set_groups(mask);
		if (ret)
			return shell_error(&trace_command, "no memory for the rings (%d)", ret);
	}
	ret = trace_start();
	if (ret)
		return shell_error(&trace_command, "cannot start: error %d", ret);
	print_status();
	return 0;
}

static int cmd_trace(int argc, char **argv)
{
	if (argc == 1) {
		print_status();
		return 0;
	}
	if (!strcmp(argv[1], "start") && argc <= 3)
		return trace_start_cmd(argc, argv);
	if (argc != 2)
		return shell_usage(&trace_command);
	if (!strcmp(argv[1], "stop")) {
		trace_stop();
		print_status();
	} else if (!strcmp(argv[1], "dump")) {
		trace_dump();
	} else if (!strcmp(argv[1], "clear")) {
		trace_clear();
		shell_printf("trace records cleared\n");
	} else {
		return shell_usage(&trace_command);
	}
	return 0;
}

static const struct shell_command trace_command = {
	.name = "trace",
	.usage = "trace [start [GROUPS]|stop|dump|clear]",
	.help = "trace events: start recording, stop, dump for the host tools",
	.run = cmd_trace,
};
shell_register_command(trace_command);
