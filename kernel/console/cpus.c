// SPDX-License-Identifier: GPL-2.0
/*
 * cpus and cpu up/down: the CPUs, what each runs, and CPU hotplug.
 *
 * cpus reads each run queue under its lock (sched_cpu_stat()); the idle
 * share is the time the CPU's idle task has run since boot, over the time
 * since boot, so a CPU that was down counts as idle while it was.
 */
#include <kernel/cpu.h>
#include <kernel/cpumask.h>
#include <kernel/ktime.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <lib/errno.h>
#include <lib/string.h>

#include "console.h"

static const struct shell_command cpus_command, cpu_command;

static int cmd_cpus(int argc, char **argv)
{
	u64 uptime = ktime_get_ns();
	struct sched_cpu_stat stat;
	unsigned int cpu;

	if (argc != 1)
		return shell_usage(&cpus_command);
	shell_printf("CPU STATE   CURRENT           PID RUNNABLE  SWITCHES  IDLE%%\n");
	for_each_possible_cpu(cpu) {
		unsigned int idle;

		if (!cpu_online(cpu)) {
			shell_printf("%3u offline\n", cpu);
			continue;
		}
		sched_cpu_stat(cpu, &stat);
		idle = uptime ? (unsigned int)(stat.idle_ns * 1000 / uptime) : 0;
		if (idle > 1000)
			idle = 1000;
		shell_printf("%3u online  %-15s %5d %8u %9lu %3u.%u\n", cpu, stat.curr_comm,
			     stat.curr_pid, stat.nr_running, stat.nr_switches, idle / 10,
			     idle % 10);
	}
	shell_printf("(idle%% since boot; 'top' shows the last second)\n");
	return 0;
}

static const struct shell_command cpus_command = {
	.name = "cpus",
	.usage = "cpus",
	.help = "the CPUs: online, running task, runnable count, idle share",
	.run = cmd_cpus,
};
shell_register_command(cpus_command);

static int cmd_cpu(int argc, char **argv)
{
	bool up;
	unsigned int cpu;
	int ret;

	if (argc != 3 || (strcmp(argv[1], "up") && strcmp(argv[1], "down")))
		return shell_usage(&cpu_command);
	up = !strcmp(argv[1], "up");
	if (shell_parse_uint(&cpu_command, "CPU", argv[2], 0, NR_CPUS - 1, &cpu))
		return -EINVAL;
	if (!cpumask_test_cpu(cpu, cpu_possible_mask))
		return shell_error(&cpu_command, "there is no CPU %u", cpu);
	if (!up && cpu == 0)
		return shell_error(&cpu_command, "CPU 0 cannot go down: its tick advances "
						 "jiffies and it takes the serial interrupt");
	if (cpu_online(cpu) == up)
		return shell_error(&cpu_command, "CPU %u is %s already", cpu, up ? "up" : "down");
	ret = up ? cpu_up(cpu) : cpu_down(cpu);
	if (ret)
		return shell_error(&cpu_command, "CPU %u: error %d", cpu, ret);
	shell_printf("CPU %u is %s\n", cpu, up ? "up" : "down");
	return 0;
}

static const struct shell_command cpu_command = {
	.name = "cpu",
	.usage = "cpu up|down N",
	.help = "CPU hotplug: per-CPU threads park and unpark",
	.run = cmd_cpu,
};
shell_register_command(cpu_command);
