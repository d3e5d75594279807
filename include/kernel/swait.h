/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simple wait queues, Linux's swait: a list of sleeping tasks and nothing
 * else.  No wake function, no key, no exclusive/non-exclusive mix: a
 * wake-up takes the first waiter off the list and wakes its task.  That is
 * all a completion needs, and it is what Linux builds completions on.
 * Code that needs more (wait_event(), custom wake functions) uses
 * <kernel/wait.h>.
 *
 * Everything here is called with q->lock held, interrupts off; the
 * caller owns the locking (completions: kernel/sched/completion.c).  The
 * lock is raw, as Linux's: a wake-up does nothing under it but wake tasks.
 * Lock order: q->lock, then p->pi_lock, then rq->lock.
 *
 * A waiter queues its own struct swait_queue (on its stack), sets its
 * state, drops the lock and schedules; the waker removes the entry before
 * it lets the lock go, so the waiter finds its entry off the list when it
 * comes back, unless it woke for another reason (a timeout, a signal), in
 * which case it is still queued and __finish_swait() takes it off.
 */
#ifndef _KERNEL_SWAIT_H
#define _KERNEL_SWAIT_H

#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/list.h>

struct swait_queue_head {
	raw_spinlock_t lock;
	struct list_head task_list; /* of swait_queue, oldest first; under ->lock */
};

struct swait_queue {
	struct task_struct *task;
	struct list_head task_list; /* on the head's list, or empty; under its lock */
};

/* clang-format off */
#define __SWAIT_QUEUE_HEAD_INITIALIZER(name)                            \
	{ .lock = __RAW_SPIN_LOCK_UNLOCKED(name.lock),                  \
	  .task_list = LIST_HEAD_INIT((name).task_list) }

#define DECLARE_SWAITQUEUE(name)                                        \
	struct swait_queue name = { .task = current,                    \
				    .task_list = LIST_HEAD_INIT((name).task_list) }
/* clang-format on */

/* @key: the lock class of q->lock (NULL without CONFIG_LOCKDEP). */
static inline void __init_swait_queue_head(struct swait_queue_head *q, const char *name,
					   struct lock_class_key *key)
{
	__raw_spin_lock_init(&q->lock, name, key);
	INIT_LIST_HEAD(&q->task_list);
}

/* Its lock is of the lock class of this line (one per line, as in Linux). */
#ifdef CONFIG_LOCKDEP
#define init_swait_queue_head(q)                                       \
	do {                                                           \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT; \
		__init_swait_queue_head((q), #q, &__key);              \
	} while (0)
#else
#define init_swait_queue_head(q) __init_swait_queue_head((q), #q, NULL)
#endif

/* Return: whether anyone waits.  A snapshot, unless q->lock is held. */
static inline bool swait_active(struct swait_queue_head *q)
{
	return !list_empty(&q->task_list);
}

/* Wakes the oldest waiter, if any, and takes it off the list.  q->lock held. */
static inline void swake_up_locked(struct swait_queue_head *q)
{
	struct swait_queue *curr;

	if (list_empty(&q->task_list))
		return;
	curr = list_first_entry(&q->task_list, struct swait_queue, task_list);
	try_to_wake_up(curr->task, TASK_NORMAL, 0); /* wake_up_process(), one call less */
	list_del_init(&curr->task_list);
}

/* Wakes every waiter and empties the list.  q->lock held. */
static inline void swake_up_all_locked(struct swait_queue_head *q)
{
	while (!list_empty(&q->task_list))
		swake_up_locked(q);
}

/*
 * Queues @wait at the tail unless it is still queued from an earlier
 * round of the caller's wait loop.  q->lock held.
 */
static inline void __prepare_to_swait(struct swait_queue_head *q, struct swait_queue *wait)
{
	if (list_empty(&wait->task_list))
		list_add_tail(&wait->task_list, &q->task_list);
}

/* Takes @wait off the list if no wake-up did, and sets the task running. */
static inline void __finish_swait(struct swait_queue_head *q, struct swait_queue *wait)
{
	__set_current_state(TASK_RUNNING);
	if (!list_empty(&wait->task_list))
		list_del_init(&wait->task_list);
}

#endif /* _KERNEL_SWAIT_H */
