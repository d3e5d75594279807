// SPDX-License-Identifier: GPL-2.0
/*
 * Showing tasks to people: sched_show_task() and show_state_filter(), as
 * Linux's kernel/sched/core.c has them.  The watchdogs (kernel/watchdog.c,
 * kernel/hung_task.c) print with them; scripts/gdb/kthreads.py decodes
 * the same fields from outside, with the same state letters.
 */
#include <kernel/arch.h>
#include <kernel/printk.h>
#include <kernel/sched.h>

/*
 * One letter per state, Linux's where Linux has the state (ps(1) and
 * /proc/<pid>/stat), plus N for a task never woken and F for a frozen one.
 */
char task_state_to_char(const struct task_struct *p)
{
	unsigned int state = task_state(p);

	if (state == TASK_RUNNING || state == TASK_WAKING)
		return 'R'; /* TASK_WAKING: runnable as soon as its CPU queues it */
	if (state & TASK_FROZEN)
		return 'F';
	if (state & TASK_PARKED)
		return 'P';
	if (state & TASK_DEAD)
		return 'X';
	if (state & TASK_NEW)
		return 'N';
	if (state & __TASK_STOPPED)
		return 'T';
	if ((state & TASK_IDLE) == TASK_IDLE)
		return 'I';
	if (state & TASK_UNINTERRUPTIBLE)
		return 'D';
	return 'S';
}

/*
 * Context: any but NMI; the caller holds a reference on @p (or
 * tasklist_lock).  The call trace is printed only when @p is off its CPU:
 * the stack of a running task changes under us.
 */
void sched_show_task(struct task_struct *p)
{
	pr_emerg("task:%-15s state:%c pid:%-5d cpu:%u switches:%lu+%lu flags:0x%08x\n", p->comm,
		 task_state_to_char(p), p->pid, READ_ONCE(p->cpu), READ_ONCE(p->nvcsw),
		 READ_ONCE(p->nivcsw), READ_ONCE(p->flags));
	if (READ_ONCE(p->on_cpu))
		pr_emerg(" (running on CPU %u)\n", READ_ONCE(p->cpu));
	else
		show_task_stack(p);
}

static void show_task_if(struct task_struct *p, void *filter_ptr)
{
	unsigned int filter = *(unsigned int *)filter_ptr;

	if (!filter || (task_state(p) & filter))
		sched_show_task(p);
}

/*
 * Every task whose state has a bit of @state_filter (0: every task).
 * Context: interrupts may be off; takes tasklist_lock, so not from code
 * that may hold it.
 */
void show_state_filter(unsigned int state_filter)
{
	for_each_task(show_task_if, &state_filter);
}
