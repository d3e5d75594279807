// SPDX-License-Identifier: GPL-2.0
/*
 * The freezer (Linux's kernel/freezer.c and the kernel-thread half of
 * kernel/power/process.c).
 *
 * freeze_kernel_threads() raises system_freezing_cnt and wakes every
 * freezable thread that sleeps interruptibly, so that each reaches a freeze
 * point (try_to_freeze(), kthread_freezable_should_stop()) and enters the
 * refrigerator: TASK_FROZEN with PF_FROZEN set.  Then it waits until all
 * are frozen, or reports the ones that are not after FREEZE_TIMEOUT_MS.
 * thaw_kernel_threads() lowers the count and wakes the frozen.
 *
 * freezer_lock orders a thread deciding to freeze against the thaw: under
 * it, a thread either sees the freeze still on (and sets PF_FROZEN) or sees
 * it off; the thaw, under it, clears the condition and wakes PF_FROZEN
 * threads, so none stays frozen after a thaw.
 */
#define pr_fmt(fmt) "freezer: " fmt

#include <kernel/delay.h>
#include <kernel/freezer.h>
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>

#define FREEZE_TIMEOUT_MS	2000

unsigned int system_freezing_cnt;
static bool kthreads_freezing;		/* under freezer_lock */
static DEFINE_SPINLOCK(freezer_lock);

bool freezing_slow_path(struct task_struct *p)
{
	if (p->flags & (PF_NOFREEZE | PF_IDLE))
		return false;
	return READ_ONCE(kthreads_freezing);
}

bool __refrigerator(bool check_kthr_stop)
{
	unsigned long flags;
	bool was_frozen = false;

	for (;;) {
		bool freeze;

		set_current_state(TASK_FROZEN);
		spin_lock_irqsave(&freezer_lock, flags);
		freeze = freezing(current) && !(check_kthr_stop && kthread_should_stop());
		if (freeze)
			current->flags |= PF_FROZEN;
		else
			current->flags &= ~PF_FROZEN;
		spin_unlock_irqrestore(&freezer_lock, flags);
		if (!freeze)
			break;
		was_frozen = true;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return was_frozen;
}

void set_freezable(void)
{
	unsigned long flags;

	/* Under the lock: a freeze starting now must see the new flag. */
	spin_lock_irqsave(&freezer_lock, flags);
	current->flags &= ~PF_NOFREEZE;
	spin_unlock_irqrestore(&freezer_lock, flags);
}

/* Brings @p to a freeze point: a sleeping thread must wake to reach one. */
static void freeze_task(struct task_struct *p, void *unused)
{
	if (freezing(p) && !frozen(p))
		wake_up_state(p, TASK_INTERRUPTIBLE);
}

static void thaw_task(struct task_struct *p, void *unused)
{
	if (frozen(p))
		wake_up_state(p, TASK_FROZEN);
}

struct freeze_count {
	unsigned int unfrozen; /* freezing, not yet frozen */
	bool report;
};

static void count_unfrozen(struct task_struct *p, void *arg)
{
	struct freeze_count *c = arg;

	if (p == current || !freezing(p) || frozen(p))
		return;
	c->unfrozen++;
	if (c->report)
		pr_err("  %s (pid %d) did not freeze, state %#x\n", p->comm, p->pid,
		       READ_ONCE(p->__state));
}

int freeze_kernel_threads(void)
{
	u64 start = get_jiffies_64(), deadline = start + msecs_to_jiffies(FREEZE_TIMEOUT_MS);
	struct freeze_count count;
	unsigned long flags;
	unsigned int waited;

	spin_lock_irqsave(&freezer_lock, flags);
	WRITE_ONCE(kthreads_freezing, true);
	WRITE_ONCE(system_freezing_cnt, system_freezing_cnt + 1);
	spin_unlock_irqrestore(&freezer_lock, flags);

	for (;;) {
		for_each_task(freeze_task, NULL);
		count = (struct freeze_count){ 0 };
		for_each_task(count_unfrozen, &count);
		if (!count.unfrozen)
			return 0;
		if (time_after_eq(get_jiffies_64(), deadline))
			break;
		msleep(10);
	}

	waited = jiffies_to_msecs(get_jiffies_64() - start);
	pr_err("Freezing of kernel threads failed after %u.%03u seconds (%u refused):\n",
	       waited / 1000, waited % 1000, count.unfrozen);
	count = (struct freeze_count){ .report = true };
	for_each_task(count_unfrozen, &count);
	thaw_kernel_threads();
	return -EBUSY;
}

void thaw_kernel_threads(void)
{
	unsigned long flags;

	spin_lock_irqsave(&freezer_lock, flags);
	WRITE_ONCE(kthreads_freezing, false);
	WRITE_ONCE(system_freezing_cnt, system_freezing_cnt - 1);
	spin_unlock_irqrestore(&freezer_lock, flags);
	for_each_task(thaw_task, NULL);
}
