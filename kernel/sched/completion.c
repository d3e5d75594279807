// SPDX-License-Identifier: GPL-2.0
/*
 * Completions (include/kernel/completion.h has the API).
 *
 * x->done counts complete()s not yet consumed by a wait; UINT_MAX means
 * complete_all().  Waiters queue on the simple wait queue x->wait, oldest
 * first, and complete() wakes the oldest, complete_all() all of them.
 * The waiter sets its state and the completer changes ->done under the
 * same lock, so a wake-up cannot slip between the waiter's test of ->done
 * and its sleep.
 */
#include <limits.h>

#include <kernel/completion.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/swait.h>

/**
 * complete - signal one waiter that the event happened
 * @x: the completion
 *
 * Adds one to ->done and wakes the oldest waiter, which consumes it.
 * Everything written before this is visible to that waiter.
 * Context: any, including hard interrupts.
 */
void complete(struct completion *x)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != UINT_MAX)
		x->done++;
	swake_up_locked(&x->wait);
	raw_spin_unlock_irqrestore(&x->wait.lock, flags);
}

/**
 * complete_all - signal every waiter, now and later, that the event happened
 * @x: the completion
 *
 * @x stays done: every wait on it returns at once until reinit_completion().
 * Context: any, including hard interrupts.
 */
void complete_all(struct completion *x)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&x->wait.lock, flags);
	x->done = UINT_MAX;
	swake_up_all_locked(&x->wait);
	raw_spin_unlock_irqrestore(&x->wait.lock, flags);
}

/*
 * Sleeps in @state until @x is done, @timeout runs out or (if @state
 * allows) a signal arrives.  Called and returns with x->wait.lock held,
 * interrupts off.  Return: -ERESTARTSYS (signal), 0 (time ran out), or the
 * jiffies left, at least 1, with one ->done consumed.
 *
 * Inline into each wait_for_completion*(), as is wait_for_common(): with
 * @timeout and @state constants, wait_for_completion() loses the signal
 * and timeout tests it never needs.
 */
static __always_inline long do_wait_for_common(struct completion *x, long timeout, int state)
{
	if (!x->done) {
		DECLARE_SWAITQUEUE(wait);

		do {
			if (signal_pending_state(state, current)) {
				timeout = -ERESTARTSYS;
				break;
			}
			/* Still queued if a timeout or a signal, not complete(), woke us. */
			__prepare_to_swait(&x->wait, &wait);
			/* No barrier needed: complete() changes ->done under the lock. */
			__set_current_state(state);
			raw_spin_unlock_irq(&x->wait.lock);
			if (timeout == MAX_SCHEDULE_TIMEOUT)
				schedule(); /* schedule_timeout()'s first test, inline */
			else
				timeout = schedule_timeout(timeout);
			raw_spin_lock_irq(&x->wait.lock);
		} while (!x->done && timeout);
		__finish_swait(&x->wait, &wait);
		if (!x->done)
			return timeout;
	}
	if (x->done != UINT_MAX)
		x->done--;
	return timeout ? timeout : 1;
}

static __always_inline long wait_for_common(struct completion *x, long timeout, int state)
{
	might_sleep();
	raw_spin_lock_irq(&x->wait.lock);
	timeout = do_wait_for_common(x, timeout, state);
	raw_spin_unlock_irq(&x->wait.lock);
	return timeout;
}

/**
 * wait_for_completion - wait until @x is completed
 * @x: the completion
 *
 * Sleeps in TASK_UNINTERRUPTIBLE, without a timeout, and consumes one
 * complete().
 * Context: process context, sleeps.
 */
void wait_for_completion(struct completion *x)
{
	wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_UNINTERRUPTIBLE);
}

/**
 * wait_for_completion_timeout - wait until @x is completed, at most @timeout jiffies
 * @x: the completion
 * @timeout: in jiffies
 *
 * Context: process context, sleeps (uninterruptibly).
 * Return: 0 if the time ran out, else the jiffies that were left (at
 * least 1).
 */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_UNINTERRUPTIBLE);
}

/**
 * wait_for_completion_interruptible - wait until @x is completed or a signal arrives
 * @x: the completion
 *
 * Context: process context, sleeps.
 * Return: 0 if it completed, -ERESTARTSYS if a signal came first.
 */
int wait_for_completion_interruptible(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_INTERRUPTIBLE);

	return t == -ERESTARTSYS ? t : 0;
}

/**
 * wait_for_completion_interruptible_timeout - the same, at most @timeout jiffies
 * @x: the completion
 * @timeout: in jiffies
 *
 * Context: process context, sleeps.
 * Return: -ERESTARTSYS if a signal came first, 0 if the time ran out,
 * else the jiffies that were left (at least 1).
 */
long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_INTERRUPTIBLE);
}

/**
 * wait_for_completion_killable - wait until @x is completed or SIGKILL arrives
 * @x: the completion
 *
 * Context: process context, sleeps.
 * Return: 0 if it completed, -ERESTARTSYS if a fatal signal came first.
 */
int wait_for_completion_killable(struct completion *x)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, TASK_KILLABLE);

	return t == -ERESTARTSYS ? t : 0;
}

/**
 * wait_for_completion_killable_timeout - the same, at most @timeout jiffies
 * @x: the completion
 * @timeout: in jiffies
 *
 * Context: process context, sleeps.
 * Return: -ERESTARTSYS if a fatal signal came first, 0 if the time ran
 * out, else the jiffies that were left (at least 1).
 */
long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout)
{
	return wait_for_common(x, timeout, TASK_KILLABLE);
}

/**
 * wait_for_completion_state - wait until @x is completed, sleeping in @state
 * @x: the completion
 * @state: the sleep state, e.g. TASK_KILLABLE
 *
 * Context: process context, sleeps.
 * Return: 0 if it completed, -ERESTARTSYS if a signal that @state lets
 * through came first.
 */
int wait_for_completion_state(struct completion *x, unsigned int state)
{
	long t = wait_for_common(x, MAX_SCHEDULE_TIMEOUT, state);

	return t == -ERESTARTSYS ? t : 0;
}

/**
 * try_wait_for_completion - consume a completion of @x if there is one
 * @x: the completion
 *
 * Context: any; never sleeps.
 * Return: true if it consumed one (or @x was complete_all()ed), false if
 * a wait would have had to sleep.
 */
bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ret = true;

	/* Lockless early exit; the lock below decides. */
	if (!READ_ONCE(x->done))
		return false;

	raw_spin_lock_irqsave(&x->wait.lock, flags);
	if (!x->done)
		ret = false;
	else if (x->done != UINT_MAX)
		x->done--;
	raw_spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

/**
 * completion_done - has @x been completed and not consumed?
 * @x: the completion
 *
 * When this returns true, complete() has also finished with @x, so @x
 * may be freed.
 * Context: any.
 * Return: false if a wait on @x would sleep, true otherwise.
 */
bool completion_done(struct completion *x)
{
	unsigned long flags;

	if (!READ_ONCE(x->done))
		return false;

	/*
	 * complete() may still hold the lock, about to wake someone: wait
	 * for it to let go, so that the caller may free @x.
	 */
	raw_spin_lock_irqsave(&x->wait.lock, flags);
	raw_spin_unlock_irqrestore(&x->wait.lock, flags);
	return true;
}
