// SPDX-License-Identifier: GPL-2.0
/*
 * ps and top: the tasks, their states and what they cost.
 *
 * ps prints one snapshot (tasks.c).  top prints a frame a second: the CPU
 * share of each task over that second (the growth of its run time, matched
 * to the previous snapshot by task and pid), busiest first, and each CPU's
 * idle share over the same second, until a key is pressed.
 */
#include <kernel/cpumask.h>
#include <kernel/jiffies.h>
#include <kernel/ktime.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <kernel/slab.h>
#include <lib/errno.h>
#include <lib/string.h>

#include "console.h"

#define TOP_LINES		 16 /* tasks per frame */
#define PERCENT_X10(part, whole) ((whole) ? (unsigned int)((part)*1000 / (whole)) : 0)

static const struct shell_command ps_command;
static const struct shell_command top_command;

static void print_task_header(void)
{
	shell_printf("  PID NAME            S CPU FLAGS    RUNTIME(s)   SWITCHES\n");
}

static void print_task(const struct task_info *info)
{
	char runtime[24];

	format_runtime(runtime, sizeof(runtime), info->runtime_ns);
	shell_printf("%5d %-15s %c %3u %-8s %10s %10lu\n", info->pid, info->comm, info->state,
		     info->cpu, info->flags, runtime, info->switches);
}

static int cmd_ps(int argc, char **argv)
{
	struct task_snapshot snap;
	unsigned int i;
	bool legend = argc == 2 && !strcmp(argv[1], "-k");

	if (argc > 2 || (argc == 2 && !legend))
		return shell_usage(&ps_command);
	if (task_snapshot_take(&snap))
		return shell_error(&ps_command, "out of memory");
	print_task_header();
	for (i = 0; i < snap.nr; i++)
		print_task(&snap.tasks[i]);
	if (snap.missed)
		shell_printf("(%u more tasks appeared while copying)\n", snap.missed);
	task_snapshot_free(&snap);
	if (legend)
		shell_printf("%s", task_legend);
	return 0;
}

static const struct shell_command ps_command = {
	.name = "ps",
	.usage = "ps [-k]",
	.help = "list the tasks (-k: explain the letters)",
	.run = cmd_ps,
};
shell_register_command(ps_command);

/* --- top --- */

struct top_cpu_sample {
	u64 idle_ns;
};

struct top_state {
	struct task_snapshot prev, now;
	struct top_cpu_sample prev_cpu[NR_CPUS], now_cpu[NR_CPUS];
	unsigned int *order; /* indexes of now.tasks, busiest first */
	u64 *delta;	     /* ns each task of now ran since prev */
};

static void sample_cpus(struct top_cpu_sample *samples)
{
	struct sched_cpu_stat stat;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		sched_cpu_stat(cpu, &stat);
		samples[cpu].idle_ns = stat.idle_ns;
	}
}

static u64 runtime_delta(const struct task_snapshot *prev, const struct task_info *info)
{
	unsigned int i;

	for (i = 0; i < prev->nr; i++) {
		const struct task_info *old = &prev->tasks[i];

		if (old->task == info->task && old->pid == info->pid &&
		    info->runtime_ns >= old->runtime_ns)
			return info->runtime_ns - old->runtime_ns;
	}
	return 0; /* new since the last frame: its share starts next time */
}

/* Busiest first; insertion sort of at most a few hundred tasks. */
static void sort_by_delta(struct top_state *top)
{
	unsigned int i, j;

	for (i = 0; i < top->now.nr; i++) {
		unsigned int idx = i;

		top->delta[i] = runtime_delta(&top->prev, &top->now.tasks[i]);
		for (j = i; j > 0 && top->delta[top->order[j - 1]] < top->delta[idx]; j--)
			top->order[j] = top->order[j - 1];
		top->order[j] = idx;
	}
}

static void print_frame(struct top_state *top)
{
	u64 wall = top->now.taken_ns - top->prev.taken_ns;
	unsigned int cpu, i, pct;
	char uptime[24];

	format_runtime(uptime, sizeof(uptime), top->now.taken_ns);
	shell_printf("\x1b[H\x1b[2J"); /* home, clear screen */
	shell_printf("top: up %s s, %u tasks, %u CPUs online; any key quits\n", uptime, top->now.nr,
		     num_online_cpus());
	for_each_online_cpu(cpu) {
		u64 idle = top->now_cpu[cpu].idle_ns - top->prev_cpu[cpu].idle_ns;

		pct = PERCENT_X10(idle > wall ? wall : idle, wall);
		shell_printf("CPU%u: %3u.%u%% idle  ", cpu, pct / 10, pct % 10);
	}
	shell_printf("\n\n  PID NAME            S CPU FLAGS     %%CPU RUNTIME(s)\n");
	for (i = 0; i < top->now.nr && i < TOP_LINES; i++) {
		const struct task_info *info = &top->now.tasks[top->order[i]];
		char runtime[24];

		pct = PERCENT_X10(top->delta[top->order[i]], wall);
		format_runtime(runtime, sizeof(runtime), info->runtime_ns);
		shell_printf("%5d %-15s %c %3u %-8s %3u.%u %10s\n", info->pid, info->comm,
			     info->state, info->cpu, info->flags, pct / 10, pct % 10, runtime);
	}
}

/* One frame a second; returns when a key is pressed or @frames have been shown. */
static int top_loop(struct top_state *top, unsigned int frames)
{
	unsigned int shown = 0;

	if (task_snapshot_take(&top->prev))
		return -ENOMEM;
	sample_cpus(top->prev_cpu);
	while (shell_getc_timeout(HZ) < 0) {
		if (task_snapshot_take(&top->now))
			return -ENOMEM;
		sample_cpus(top->now_cpu);
		top->order = kmalloc_array(top->now.nr + 1, sizeof(*top->order), GFP_KERNEL);
		top->delta = kmalloc_array(top->now.nr + 1, sizeof(*top->delta), GFP_KERNEL);
		if (!top->order || !top->delta)
			return -ENOMEM;
		sort_by_delta(top);
		print_frame(top);
		kfree(top->order);
		kfree(top->delta);
		top->order = NULL;
		top->delta = NULL;
		task_snapshot_free(&top->prev);
		top->prev = top->now;
		top->now.tasks = NULL;
		memcpy(top->prev_cpu, top->now_cpu, sizeof(top->prev_cpu));
		if (frames && ++shown == frames)
			break;
	}
	return 0;
}

static int cmd_top(int argc, char **argv)
{
	struct top_state *top;
	unsigned int frames = 0;
	int ret;

	if (argc > 2)
		return shell_usage(&top_command);
	if (argc == 2 && shell_parse_uint(&top_command, "frame count", argv[1], 1, 1000, &frames))
		return -EINVAL;
	top = kzalloc(sizeof(*top), GFP_KERNEL);
	if (!top)
		return shell_error(&top_command, "out of memory");
	ret = top_loop(top, frames);
	kfree(top->order);
	kfree(top->delta);
	task_snapshot_free(&top->now);
	task_snapshot_free(&top->prev);
	kfree(top);
	if (ret)
		return shell_error(&top_command, "out of memory");
	return 0;
}

static const struct shell_command top_command = {
	.name = "top",
	.usage = "top [FRAMES]",
	.help = "the busiest tasks, every second, until a key (or FRAMES frames)",
	.run = cmd_top,
};
shell_register_command(top_command);
