/* SPDX-License-Identifier: GPL-2.0 */
/* The shell's private definitions (kernel/console/). */
#ifndef _KERNEL_CONSOLE_CONSOLE_H
#define _KERNEL_CONSOLE_CONSOLE_H

#include <kernel/sched.h>
#include <lib/types.h>

/* tty.c: routes the serial receive interrupt to the shell. */
void tty_init(void);

/* demo.c: starts the boot demo (a worker with a re-arming delayed work). */
void demo_init(void);
/* Whether @p is a thread the demo made (its ps flag 'd'); any context. */
bool demo_owns_task(struct task_struct *p);

/* tasks.c: one task as ps and top show it, copied at one instant. */
struct task_info {
	int pid;
	char comm[TASK_COMM_LEN];
	char state; /* task_state_to_char() */
	unsigned int cpu;
	char flags[12]; /* task_flags_string() */
	u64 runtime_ns;
	unsigned long switches;		/* voluntary + involuntary */
	const struct task_struct *task; /* identity only: never dereferenced later */
};

struct task_snapshot {
	struct task_info *tasks;
	unsigned int nr, max;
	unsigned int missed; /* tasks that did not fit */
	u64 taken_ns;
};

/* Copies every task.  Return: 0 or -ENOMEM.  Context: process, sleeps. */
int task_snapshot_take(struct task_snapshot *snap);
void task_snapshot_free(struct task_snapshot *snap);
/* The key ps shows for each state letter and flag. */
extern const char task_legend[];

/* Runtime as "S.mmm" seconds into @buf. */
void format_runtime(char *buf, size_t size, u64 ns);

#endif /* _KERNEL_CONSOLE_CONSOLE_H */
