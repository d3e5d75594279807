// SPDX-License-Identifier: GPL-2.0
/* Sleeping for a while: schedule_timeout() and msleep(), on timer_list. */
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/sched.h>
#include <kernel/tick.h>
#include <kernel/timer.h>

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = from_timer(timeout, t, timer);

	wake_up_process(timeout->task);
}

/**
 * schedule_timeout() - sleep until woken or @timeout jiffies have passed
 * @timeout: jiffies; MAX_SCHEDULE_TIMEOUT sleeps without a timer
 *
 * The caller sets the task state first (else this returns at once, as in
 * Linux).  Context: process context, sleeps.
 * Return: 0 if the time ran out, else the jiffies that were left (a wake-up
 * or, in an interruptible state, a signal ended the sleep early).
 */
long schedule_timeout(long timeout)
{
	struct process_timer timer;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	tick_do_update_jiffies64(); /* the clock, not jiffies a stopped vCPU left behind */
	expire = get_jiffies_64() + timeout;
	timer.task = current;
	timer_setup(&timer.timer, process_timeout, 0);
	mod_timer(&timer.timer, expire);
	schedule();
	del_timer_sync(&timer.timer);

	timeout = expire - get_jiffies_64();
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_killable(long timeout)
{
	__set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}

void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}
