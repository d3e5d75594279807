/*
 * The freezer: parking freezable kernel threads at a safe point, as Linux
 * does around suspend (here: on request, for the tests and for whoever
 * needs every worker quiet).
 *
 * A thread opts in with set_freezable() (kernel threads start PF_NOFREEZE,
 * like their parent kthreadd) and calls try_to_freeze() at points where it
 * holds nothing; while the system is freezing it stops there, in
 * TASK_FROZEN, until thawed.
 */
#ifndef _KERNEL_FREEZER_H
#define _KERNEL_FREEZER_H

#include <kernel/sched.h>

/* Non-zero while a freeze is in progress: the cheap test. */
extern unsigned int system_freezing_cnt;

bool freezing_slow_path(struct task_struct *p);

/* Should @p freeze now? */
static inline bool freezing(struct task_struct *p)
{
	if (likely(!READ_ONCE(system_freezing_cnt)))
		return false;
	return freezing_slow_path(p);
}

static inline bool frozen(struct task_struct *p)
{
	return READ_ONCE(p->flags) & PF_FROZEN;
}

/*
 * Stays frozen until thawed.  @check_kthr_stop: also leave when
 * kthread_stop() is called on us.  Return: whether we were frozen.
 */
bool __refrigerator(bool check_kthr_stop);

/**
 * try_to_freeze - freeze here if the system is freezing
 *
 * Context: process context, holding no locks; sleeps.
 * Return: whether the task was frozen.
 */
static inline bool try_to_freeze(void)
{
	might_sleep();
	if (likely(!freezing(current)))
		return false;
	return __refrigerator(false);
}

/* The current kernel thread agrees to be frozen. */
void set_freezable(void);

/*
 * Freezes every freezable kernel thread: each must reach a freeze point
 * within the timeout.  Return: 0, or -EBUSY (after naming the threads that
 * did not freeze, and thawing the others).  Context: process context.
 */
int freeze_kernel_threads(void);
void thaw_kernel_threads(void);

#endif /* _KERNEL_FREEZER_H */
