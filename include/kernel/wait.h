/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues, Linux's API: a list of sleeping tasks, and the wait_event()
 * macros that sleep on one until a condition is true.
 *
 * The waiter's side (what wait_event() does for you):
 *
 *	DEFINE_WAIT(wait);
 *
 *	for (;;) {
 *		prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE);
 *		if (condition)
 *			break;
 *		schedule();
 *	}
 *	finish_wait(&wq, &wait);
 *
 * The waker's side: make the condition true, then wake_up(&wq).
 *
 * No wake-up is lost: prepare_to_wait() queues the task and sets its state
 * (with a full barrier) before the condition is tested, so a waker that
 * changes the condition afterwards finds the task on the queue and makes
 * it runnable again, and schedule() then returns at once.
 *
 * Exclusive waiters (prepare_to_wait_exclusive(), add_wait_queue_exclusive())
 * go to the tail; a wake-up wakes every non-exclusive waiter ahead of them
 * and then at most nr_exclusive exclusive ones: wake_up() one, wake_up_all()
 * all.  This avoids a thundering herd when only one waiter can proceed.
 *
 * Locking: wq_head->lock guards the list; it is taken with interrupts
 * off, so wake_up() may be called from interrupt handlers.  Lock order:
 * wq_head->lock, then (in try_to_wake_up()) p->pi_lock, then rq->lock.
 */
#ifndef _KERNEL_WAIT_H
#define _KERNEL_WAIT_H

#include <kernel/atomic.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/compiler.h>
#include <lib/list.h>
#include <lib/types.h>

/*
 * Returned by an interruptible (or killable) wait that a signal ended.
 * Linux keeps it in include/linux/errno.h, outside the user-visible
 * range: a system call that gets it is restarted after the signal is
 * handled.  Kernel threads have no restart; to them it means "a signal
 * (for us: SIGKILL) arrived".
 */
#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif

struct wait_queue_entry;
typedef struct wait_queue_entry wait_queue_entry_t;

/*
 * Called by a wake-up for each waiter it reaches, with wq_head->lock held
 * and interrupts off.  Return: nonzero if it woke the waiter (which then
 * counts against nr_exclusive, for an exclusive one); negative stops the
 * walk.
 */
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
				 void *key);

/* wait_queue_entry.flags */
#define WQ_FLAG_EXCLUSIVE 0x01 /* counts against nr_exclusive; queued at the tail */
#define WQ_FLAG_WOKEN	  0x02

struct wait_queue_entry {
	unsigned int flags; /* WQ_FLAG_*; the owner's, or under the queue's lock */
	void *private;	    /* the waiting task, for default_wake_function() */
	wait_queue_func_t func;
	struct list_head entry; /* on wq_head->head; under wq_head->lock */
};

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head; /* of wait_queue_entry; under ->lock */
};
typedef struct wait_queue_head wait_queue_head_t;

/* clang-format off */
#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                     \
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = LIST_HEAD_INIT((name).head) }
/* clang-format on */

#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
#define DECLARE_WAIT_QUEUE_HEAD_ONSTACK(name) DECLARE_WAIT_QUEUE_HEAD(name)

void __init_waitqueue_head(struct wait_queue_head *wq_head, const char *name,
			   struct lock_class_key *key);
/* Its lock is of the lock class of this line (one per line, as in Linux). */
#ifdef CONFIG_LOCKDEP
#define init_waitqueue_head(wq_head)                                   \
	do {                                                           \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT; \
		__init_waitqueue_head((wq_head), #wq_head, &__key);    \
	} while (0)
#else
#define init_waitqueue_head(wq_head) __init_waitqueue_head((wq_head), #wq_head, NULL)
#endif

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key);

/* An entry for task @p, woken by default_wake_function(), not queued yet. */
static inline void init_waitqueue_entry(struct wait_queue_entry *wq_entry, struct task_struct *p)
{
	wq_entry->flags = 0;
	wq_entry->private = p;
	wq_entry->func = default_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

static inline void init_waitqueue_func_entry(struct wait_queue_entry *wq_entry,
					     wait_queue_func_t func)
{
	wq_entry->flags = 0;
	wq_entry->private = NULL;
	wq_entry->func = func;
	INIT_LIST_HEAD(&wq_entry->entry);
}

/*
 * An entry for the current task that leaves the queue when it is woken
 * (autoremove_wake_function()), as prepare_to_wait() wants.
 */
#define DEFINE_WAIT_FUNC(name, function)               \
	struct wait_queue_entry name = {               \
		.private = current,                    \
		.func = function,                      \
		.entry = LIST_HEAD_INIT((name).entry), \
	}
#define DEFINE_WAIT(name) DEFINE_WAIT_FUNC(name, autoremove_wake_function)

/* As DEFINE_WAIT(), for an existing entry; @flags: 0 or WQ_FLAG_EXCLUSIVE. */
void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);

/**
 * waitqueue_active - is anyone waiting on @wq_head?
 * @wq_head: the wait queue
 *
 * Lockless, so only safe with a full barrier between the waker's change
 * of the condition and this test (pairing with the barrier in the
 * waiter's set_current_state()); otherwise use wq_has_sleeper().
 * Return: true if the queue is not empty.
 */
static inline bool waitqueue_active(struct wait_queue_head *wq_head)
{
	return !list_empty(&wq_head->head);
}

/**
 * wq_has_sleeper - waitqueue_active() with the barrier it needs
 * @wq_head: the wait queue
 *
 * For a waker that wants to skip wake_up() when no one waits: the
 * smp_mb() orders its change of the condition before the test, and pairs
 * with the barrier in prepare_to_wait()'s set_current_state().
 * Return: true if the queue is not empty.
 */
static inline bool wq_has_sleeper(struct wait_queue_head *wq_head)
{
	smp_mb();
	return waitqueue_active(wq_head);
}

/* Queueing by hand; the __ forms need wq_head->lock held. */
void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

static inline void __add_wait_queue(struct wait_queue_head *wq_head,
				    struct wait_queue_entry *wq_entry)
{
	lockdep_assert_held(&wq_head->lock);
	list_add(&wq_entry->entry, &wq_head->head);
}

static inline void __add_wait_queue_entry_tail(struct wait_queue_head *wq_head,
					       struct wait_queue_entry *wq_entry)
{
	lockdep_assert_held(&wq_head->lock);
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

static inline void __remove_wait_queue(struct wait_queue_head *wq_head,
				       struct wait_queue_entry *wq_entry)
{
	lockdep_assert_held(&wq_head->lock);
	list_del_init(&wq_entry->entry);
}

/* The wake-ups.  Return: how many exclusive waiters were woken. */
int __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive, void *key);
/* As __wake_up(), with wq_head->lock already held. */
void __wake_up_locked(struct wait_queue_head *wq_head, unsigned int mode, int nr);
void __wake_up_locked_key(struct wait_queue_head *wq_head, unsigned int mode, void *key);

#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_locked(x)		__wake_up_locked((x), TASK_NORMAL, 1)
#define wake_up_all_locked(x)		__wake_up_locked((x), TASK_NORMAL, 0)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_nr(x, nr) __wake_up(x, TASK_INTERRUPTIBLE, nr, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry, int state);
bool prepare_to_wait_exclusive(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			       int state);
long prepare_to_wait_event(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
			   int state);
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/*
 * The wait_event() family.  Each evaluates @condition (which may be any
 * expression, and is evaluated again after every wake-up) with the task
 * already queued and its state set, so a wake_up() after the condition
 * became true is never missed.  All sleep: process context only
 * (might_sleep()).
 */

/* A state in which a signal may end the wait (a compile-time constant for the macros). */
#define ___wait_is_interruptible(state) \
	(!__builtin_constant_p(state) || ((state) & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))

/*
 * The loop all of them share.  @ret is the initial value of __ret, which
 * @cmd (the sleep) may update; the result is __ret, or -ERESTARTSYS when a
 * signal ended an interruptible wait.
 */
#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)                       \
	({                                                                                  \
		__label__ __out;                                                            \
		struct wait_queue_entry __wq_entry;                                         \
		/* @ret may name the caller's __ret, which ours shadows */                  \
		long __wait_ret_init = (ret);                                               \
		long __ret = __wait_ret_init; /* @condition, @cmd update it */              \
                                                                                            \
		init_wait_entry(&__wq_entry, exclusive ? WQ_FLAG_EXCLUSIVE : 0);            \
		for (;;) {                                                                  \
			long __int = prepare_to_wait_event(&(wq_head), &__wq_entry, state); \
                                                                                            \
			if (condition)                                                      \
				break;                                                      \
			if (___wait_is_interruptible(state) && __int) {                     \
				__ret = __int;                                              \
				goto __out; /* already off the queue */                     \
			}                                                                   \
			cmd;                                                                \
		}                                                                           \
		finish_wait(&(wq_head), &__wq_entry);                                       \
	__out:                                                                              \
		__ret;                                                                      \
	})

/**
 * wait_event - sleep until a condition is true
 * @wq_head: the wait queue to wait on (not a pointer: the macro takes its address)
 * @condition: the expression to wait for
 *
 * Sleeps in TASK_UNINTERRUPTIBLE: signals do not end it.
 */
#define wait_event(wq_head, condition)                                                           \
	do {                                                                                     \
		might_sleep();                                                                   \
		if (condition)                                                                   \
			break;                                                                   \
		(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0, schedule()); \
	} while (0)

/**
 * wait_event_idle - as wait_event(), sleeping in TASK_IDLE
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 *
 * For long sleeps of service threads: like TASK_UNINTERRUPTIBLE, but not
 * counted as load.
 */
#define wait_event_idle(wq_head, condition)                                           \
	do {                                                                          \
		might_sleep();                                                        \
		if (condition)                                                        \
			break;                                                        \
		(void)___wait_event(wq_head, condition, TASK_IDLE, 0, 0, schedule()); \
	} while (0)

/**
 * wait_event_interruptible - sleep until a condition is true or a signal arrives
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 *
 * Return: 0 if @condition became true, -ERESTARTSYS if a signal ended the
 * wait first.
 */
#define wait_event_interruptible(wq_head, condition)                                        \
	({                                                                                  \
		int __ret = 0;                                                              \
		might_sleep();                                                              \
		if (!(condition))                                                           \
			__ret = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 0, 0, \
					      schedule());                                  \
		__ret;                                                                      \
	})

/**
 * wait_event_killable - sleep until a condition is true or a fatal signal arrives
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 *
 * Return: 0 if @condition became true, -ERESTARTSYS if SIGKILL ended the
 * wait first.
 */
#define wait_event_killable(wq_head, condition)                                        \
	({                                                                             \
		int __ret = 0;                                                         \
		might_sleep();                                                         \
		if (!(condition))                                                      \
			__ret = ___wait_event(wq_head, condition, TASK_KILLABLE, 0, 0, \
					      schedule());                             \
		__ret;                                                                 \
	})

/*
 * The condition of the timeout forms: true when @condition is, or when
 * the time ran out (__ret == 0).  A condition that turned true just as the
 * time ran out still counts as success: __ret becomes 1.
 */
#define ___wait_cond_timeout(condition)    \
	({                                 \
		bool __cond = (condition); \
		if (__cond && !__ret)      \
			__ret = 1;         \
		__cond || !__ret;          \
	})

/**
 * wait_event_timeout - sleep until a condition is true, at most @timeout jiffies
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 * @timeout: in jiffies
 *
 * Sleeps in TASK_UNINTERRUPTIBLE.
 * Return: 0 if @condition was still false when the time ran out; 1 if it
 * was true by then; otherwise the jiffies that were left (at least 1)
 * when it became true.
 */
#define wait_event_timeout(wq_head, condition, timeout)                                 \
	({                                                                              \
		long __ret = (timeout);                                                 \
		might_sleep();                                                          \
		if (!___wait_cond_timeout(condition))                                   \
			__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition), \
					      TASK_UNINTERRUPTIBLE, 0, __ret,           \
					      __ret = schedule_timeout(__ret));         \
		__ret;                                                                  \
	})

/**
 * wait_event_interruptible_timeout - as wait_event_timeout(), or until a signal
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 * @timeout: in jiffies
 *
 * Return: as wait_event_timeout(), or -ERESTARTSYS if a signal ended the
 * wait first.
 */
#define wait_event_interruptible_timeout(wq_head, condition, timeout)                   \
	({                                                                              \
		long __ret = (timeout);                                                 \
		might_sleep();                                                          \
		if (!___wait_cond_timeout(condition))                                   \
			__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition), \
					      TASK_INTERRUPTIBLE, 0, __ret,             \
					      __ret = schedule_timeout(__ret));         \
		__ret;                                                                  \
	})

/**
 * wait_event_killable_timeout - as wait_event_timeout(), or until SIGKILL
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 * @timeout: in jiffies
 *
 * Return: as wait_event_timeout(), or -ERESTARTSYS if SIGKILL ended the
 * wait first.
 */
#define wait_event_killable_timeout(wq_head, condition, timeout)                        \
	({                                                                              \
		long __ret = (timeout);                                                 \
		might_sleep();                                                          \
		if (!___wait_cond_timeout(condition))                                   \
			__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition), \
					      TASK_KILLABLE, 0, __ret,                  \
					      __ret = schedule_timeout(__ret));         \
		__ret;                                                                  \
	})

/**
 * wait_event_interruptible_exclusive - wait_event_interruptible() as an exclusive waiter
 * @wq_head: the wait queue
 * @condition: the expression to wait for
 *
 * wake_up() wakes one exclusive waiter, so of several threads waiting for
 * the same event this way only one is woken per wake_up().
 * Return: 0, or -ERESTARTSYS if a signal ended the wait first.
 */
#define wait_event_interruptible_exclusive(wq_head, condition)                              \
	({                                                                                  \
		int __ret = 0;                                                              \
		might_sleep();                                                              \
		if (!(condition))                                                           \
			__ret = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE, 1, 0, \
					      schedule());                                  \
		__ret;                                                                      \
	})

/* As wait_event_killable(), as an exclusive waiter. */
#define wait_event_killable_exclusive(wq_head, condition)                              \
	({                                                                             \
		int __ret = 0;                                                         \
		might_sleep();                                                         \
		if (!(condition))                                                      \
			__ret = ___wait_event(wq_head, condition, TASK_KILLABLE, 1, 0, \
					      schedule());                             \
		__ret;                                                                 \
	})

/* As wait_event_idle(), as an exclusive waiter. */
#define wait_event_idle_exclusive(wq_head, condition)                                 \
	do {                                                                          \
		might_sleep();                                                        \
		if (condition)                                                        \
			break;                                                        \
		(void)___wait_event(wq_head, condition, TASK_IDLE, 1, 0, schedule()); \
	} while (0)

#endif /* _KERNEL_WAIT_H */
