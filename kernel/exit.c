// SPDX-License-Identifier: GPL-2.0
/* The end of a task (Linux's kernel/exit.c, for kernel threads). */
#include <kernel/bug.h>
#include <kernel/completion.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>

/**
 * do_exit() - end the current task
 * @code: its exit code, for whoever waits on its vfork_done (kthread_stop())
 *
 * Marks the task PF_EXITING, completes its vfork_done, and switches away
 * for the last time in TASK_DEAD.  The CPU that switches away from it
 * drops the reference the task held on itself; the task and its stack are
 * freed when the last reference goes.  Context: process context.
 */
void do_exit(long code)
{
	struct task_struct *tsk = current;

	WARN(in_interrupt(), "do_exit() from interrupt context");
	WARN(tsk->flags & PF_IDLE, "the idle task cannot exit");

	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	if (tsk->vfork_done)
		complete(tsk->vfork_done);

	do_task_dead();
}
