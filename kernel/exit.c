// SPDX-License-Identifier: GPL-2.0
/* The end of a task (Linux's kernel/exit.c, for kernel threads). */
#include <kernel/bug.h>
#include <kernel/completion.h>
#include <kernel/irqflags.h>
#include <kernel/kallsyms.h>
#include <kernel/kthread.h>
#include <kernel/lockdep.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <lib/vsprintf.h>

/*
 * A thread must end as it began: interrupts on and no locks held.  Reports
 * what it left, naming its thread function and (with CONFIG_LOCKDEP) each
 * lock and where it was taken.  Interrupts are turned back on; the locks
 * stay taken, since only their holder may release them.
 */
static void check_exit_state(struct task_struct *tsk)
{
	char what[KSYM_SYMBOL_LEN + 24] = "the thread";
	void *fn = kthread_func(tsk);
	int n;

	if (likely(!irqs_disabled() && !lockdep_depth()))
		return;
	if (fn) {
		n = scnprintf(what, sizeof(what), "thread function ");
		sprint_symbol(what + n, sizeof(what) - n, (unsigned long)fn);
	}
	if (WARN(irqs_disabled(), "%s/%d: %s returned with interrupts disabled", tsk->comm,
		 tsk->pid, what))
		local_irq_enable();
	debug_check_no_locks_held(what);
}

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
	check_exit_state(tsk);

	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	if (tsk->vfork_done)
		complete(tsk->vfork_done);

	do_task_dead();
}
