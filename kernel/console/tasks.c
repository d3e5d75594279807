// SPDX-License-Identifier: GPL-2.0
/*
 * A snapshot of every task, as ps and top show it: one copy taken under
 * tasklist_lock, so the list is consistent (no task twice, none half
 * made), then printed at leisure.  Each task's run time is read under its
 * run queue's lock (task_sched_runtime()); the states and flags are read
 * locklessly and may be a moment old, as in Linux's /proc.
 */
#include <kernel/freezer.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/ktime.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#include "console.h"

/* Room for tasks created between counting and copying. */
#define SNAPSHOT_SLACK 16

const char task_legend[] =
	"state: R running or runnable, S sleeping, D uninterruptible, I idle wait,\n"
	"       P parked, F frozen, N new (never woken), X dead\n"
	"flags: i idle task, c per-CPU thread, b bound to one CPU, f freezable,\n"
	"       w kthread_worker, d demo thread, p park asked, s stop asked, x exiting\n";

static void task_flags_string(struct task_struct *p, char *buf, size_t size)
{
	unsigned int flags = READ_ONCE(p->flags);
	size_t n = 0;

#define FLAG(cond, c)                       \
	do {                                \
		if ((cond) && n < size - 1) \
			buf[n++] = (c);     \
	} while (0)
	FLAG(flags & PF_IDLE, 'i');
	FLAG(kthread_is_per_cpu(p), 'c');
	FLAG(!(flags & PF_IDLE) && !kthread_is_per_cpu(p) && p->nr_cpus_allowed == 1, 'b');
	FLAG(!(flags & PF_NOFREEZE), 'f');
	FLAG(kthread_func(p) == (void *)kthread_worker_fn, 'w');
	FLAG(demo_owns_task(p), 'd');
	FLAG(__kthread_should_park(p), 'p');
	FLAG(__kthread_should_stop(p), 's');
	FLAG(flags & PF_EXITING, 'x');
#undef FLAG
	if (!n)
		buf[n++] = '-';
	buf[n] = '\0';
}

/* Under tasklist_lock, interrupts off: copy, never sleep. */
static void snapshot_one(struct task_struct *p, void *arg)
{
	struct task_snapshot *snap = arg;
	struct task_info *info;

	if (snap->nr == snap->max) {
		snap->missed++;
		return;
	}
	info = &snap->tasks[snap->nr++];
	info->pid = p->pid;
	strscpy(info->comm, p->comm, sizeof(info->comm));
	info->state = task_state_to_char(p);
	info->cpu = READ_ONCE(p->cpu);
	task_flags_string(p, info->flags, sizeof(info->flags));
	info->runtime_ns = task_sched_runtime(p);
	info->switches = READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
	info->task = p;
}

int task_snapshot_take(struct task_snapshot *snap)
{
	memset(snap, 0, sizeof(*snap));
	snap->max = nr_tasks() + SNAPSHOT_SLACK;
	snap->tasks = kmalloc_array(snap->max, sizeof(*snap->tasks), GFP_KERNEL);
	if (!snap->tasks)
		return -ENOMEM;
	snap->taken_ns = ktime_get_ns();
	for_each_task(snapshot_one, snap);
	return 0;
}

void task_snapshot_free(struct task_snapshot *snap)
{
	kfree(snap->tasks);
	snap->tasks = NULL;
}

void format_runtime(char *buf, size_t size, u64 ns)
{
	u64 ms = ns / 1000000;

	snprintf(buf, size, "%llu.%03llu", ms / 1000, ms % 1000);
}
