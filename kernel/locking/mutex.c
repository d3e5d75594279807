// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes (include/kernel/mutex.h has the API and the rules).
 *
 * lock->owner holds the owning task's address, with bit 0
 * (MUTEX_FLAG_WAITERS) set while the wait list is not empty:
 *
 *	0			free, no waiters
 *	task			held, no waiters
 *	task | WAITERS		held, tasks waiting
 *
 * (never 0 | WAITERS: a mutex with waiters is handed over, never freed).
 *
 * Fast paths, one cmpxchg each: lock 0 -> current, unlock current -> 0.
 * The unlock fast path fails when WAITERS is set; the slow path then,
 * under wait_lock, takes the first waiter off the list, makes it the
 * owner (with WAITERS if more remain) and wakes it.  A waiter sleeps until
 * finds itself dequeued (handed over), or a signal ends the wait.
 *
 * Lost wake-ups: a waiter sets WAITERS and queues itself under wait_lock,
 * and sets its state and tests for the hand-over under wait_lock too; the
 * unlocker hands over under wait_lock.  So either the waiter sees the
 * hand-over before sleeping, or its state is set when the unlocker wakes it.
 *
 * Lock order: wait_lock, then p->pi_lock and rq->lock (inside
 * wake_up_process()); the unlocker wakes after dropping wait_lock.
 *
 * The lock validator (CONFIG_LOCKDEP) hears of a lock before the task
 * waits for it, so that an inversion is reported even when it deadlocks,
 * and of its release when a signal ends the wait.
 */
#include <kernel/atomic.h>
#include <kernel/bug.h>
#include <kernel/mutex.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/list.h>

#ifdef CONFIG_LOCKDEP
#define mutex_acquire(lock, subclass, trylock, ip) \
	lock_acquire(&(lock)->dep_map, subclass, trylock, ip)
#define mutex_release(lock, ip) lock_release(&(lock)->dep_map, ip)
#else
#define mutex_acquire(lock, subclass, trylock, ip) \
	do {                                       \
	} while (0)
#define mutex_release(lock, ip) \
	do {                    \
	} while (0)
#endif

#define MUTEX_FLAG_WAITERS 0x01UL
#define MUTEX_FLAGS	   MUTEX_FLAG_WAITERS

/* On the waiting task's stack, on lock->wait_list. */
struct mutex_waiter {
	struct list_head list; /* under lock->wait_lock */
	struct task_struct *task;
};

static inline struct task_struct *__mutex_owner(const struct mutex *lock)
{
	return (struct task_struct *)(atomic_long_read(&lock->owner) & ~MUTEX_FLAGS);
}

static inline const char *mutex_name(const struct mutex *lock)
{
	return lock->name ? lock->name : "(unnamed)";
}

/**
 * __mutex_init - make @lock a free mutex
 * @lock: the mutex
 * @name: for reports (mutex_init() passes the expression's text)
 * @key: the lock validator's class key (mutex_init() passes one per call
 *	site); NULL without CONFIG_LOCKDEP
 *
 * Context: any, before anyone else uses @lock.
 */
void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	atomic_long_set(&lock->owner, 0);
	spin_lock_init(&lock->wait_lock);
	INIT_LIST_HEAD(&lock->wait_list);
	lock->name = name;
#ifdef CONFIG_LOCKDEP
	lockdep_init_map(&lock->dep_map, name, key, true);
#endif
}

/* Whether the current task owns @lock (lockdep_assert_held()). */
bool mutex_is_held(const struct mutex *lock)
{
#ifdef CONFIG_LOCKDEP
	int held = lock_is_held(&lock->dep_map);

	if (held >= 0)
		return held;
#endif
	return __mutex_owner(lock) == current;
}

/**
 * mutex_is_locked - is @lock held by anyone?
 * @lock: the mutex
 *
 * A snapshot, stale at once unless the caller holds @lock.
 * Return: true if some task owns @lock.
 */
bool mutex_is_locked(struct mutex *lock)
{
	return __mutex_owner(lock) != NULL;
}

static bool __mutex_trylock_fast(struct mutex *lock)
{
	long free = 0;

	return atomic_long_try_cmpxchg(&lock->owner, &free, (long)current);
}

/*
 * Takes @lock if it is free; otherwise sets WAITERS, so that the owner's
 * mutex_unlock() will hand it over.  Called with wait_lock held.
 * Return: true if the current task now owns @lock.
 */
static bool __mutex_trylock_or_mark_waiters(struct mutex *lock)
{
	long owner = atomic_long_read(&lock->owner);

	lockdep_assert_held(&lock->wait_lock);
	for (;;) {
		if (!owner) {
			/* Free with no waiters (a mutex with waiters is never free). */
			if (atomic_long_try_cmpxchg(&lock->owner, &owner, (long)current))
				return true;
		} else if (owner & MUTEX_FLAG_WAITERS) {
			return false;
		} else if (atomic_long_try_cmpxchg(&lock->owner, &owner,
						   owner | MUTEX_FLAG_WAITERS)) {
			return false;
		}
		/* The cmpxchg failed and reloaded @owner: try again. */
	}
}

/*
 * Sleeps in @state until the mutex is handed to us.  Return: 0 when we own
 * it, -EINTR if a signal that @state lets through came first.
 */
static int __mutex_lock_slowpath(struct mutex *lock, unsigned int state)
{
	struct mutex_waiter waiter;
	int ret = 0;

	WARN(__mutex_owner(lock) == current,
	     "mutex %s: %s locks it again, holding it already: deadlock", mutex_name(lock),
	     current->comm);

	spin_lock(&lock->wait_lock);
	if (__mutex_trylock_or_mark_waiters(lock)) {
		spin_unlock(&lock->wait_lock);
		return 0;
	}
	waiter.task = current;
	list_add_tail(&waiter.list, &lock->wait_list);

	for (;;) {
		/* mutex_unlock() hands over and wakes under wait_lock: no barrier needed. */
		__set_current_state(state);
		/*
		 * Handed over: the unlocker dequeued us.  (Not "owner ==
		 * current": that is also true when we locked it twice.)
		 */
		if (list_empty(&waiter.list))
			break;
		if (signal_pending_state(state, current)) {
			ret = -EINTR;
			break;
		}
		spin_unlock(&lock->wait_lock);
		schedule();
		spin_lock(&lock->wait_lock);
	}
	__set_current_state(TASK_RUNNING);

	if (ret) {
		/* Still queued (we checked the hand-over under this lock): leave. */
		list_del(&waiter.list);
		if (list_empty(&lock->wait_list))
			atomic_long_and(~MUTEX_FLAG_WAITERS, &lock->owner);
	}
	spin_unlock(&lock->wait_lock);
	return ret;
}

static int __mutex_lock(struct mutex *lock, unsigned int state, unsigned int subclass,
			unsigned long ip)
{
	int ret;

	might_sleep();
	mutex_acquire(lock, subclass, 0, ip);
	if (__mutex_trylock_fast(lock))
		return 0;
	ret = __mutex_lock_slowpath(lock, state);
	if (ret)
		mutex_release(lock, ip);
	return ret;
}

/**
 * mutex_lock - acquire @lock, sleeping until it is free
 * @lock: the mutex, not held by the current task
 *
 * Sleeps uninterruptibly.  Locking a mutex the task already holds WARNs
 * and then deadlocks, as it would in Linux.
 * Context: process context, sleeps.
 */
void mutex_lock(struct mutex *lock)
{
	__mutex_lock(lock, TASK_UNINTERRUPTIBLE, 0, _RET_IP_);
}

#ifdef CONFIG_LOCKDEP
void mutex_lock_nested(struct mutex *lock, unsigned int subclass)
{
	__mutex_lock(lock, TASK_UNINTERRUPTIBLE, subclass, _RET_IP_);
}
#endif

/**
 * mutex_lock_interruptible - acquire @lock unless a signal arrives first
 * @lock: the mutex
 *
 * Context: process context, sleeps.
 * Return: 0 with @lock held, or -EINTR (not held) if a signal ended the wait.
 */
int mutex_lock_interruptible(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_INTERRUPTIBLE, 0, _RET_IP_);
}

/**
 * mutex_lock_killable - acquire @lock unless a fatal signal arrives first
 * @lock: the mutex
 *
 * Context: process context, sleeps.
 * Return: 0 with @lock held, or -EINTR (not held) if SIGKILL ended the wait.
 */
int mutex_lock_killable(struct mutex *lock)
{
	return __mutex_lock(lock, TASK_KILLABLE, 0, _RET_IP_);
}

/**
 * mutex_trylock - acquire @lock if it is free, without sleeping
 * @lock: the mutex
 *
 * Fails if anyone holds it, the current task included, or if tasks are
 * waiting (it is theirs next).
 * Context: process context (an owner must be a task); does not sleep.
 * Return: 1 if @lock is now held, 0 if not.
 */
int mutex_trylock(struct mutex *lock)
{
	if (!__mutex_trylock_fast(lock))
		return 0;
	mutex_acquire(lock, 0, 1, _RET_IP_);
	return 1;
}

/* Hands @lock to the first waiter, or frees it if there is none. */
static void __mutex_unlock_slowpath(struct mutex *lock)
{
	struct mutex_waiter *waiter;
	struct task_struct *next = NULL;
	long owner = 0;

	spin_lock(&lock->wait_lock);
	waiter = list_first_entry_or_null(&lock->wait_list, struct mutex_waiter, list);
	if (waiter) {
		list_del_init(&waiter->list);
		next = waiter->task;
		/* The waiter may return, and its stack go, once it owns the lock. */
		get_task_struct(next);
		owner = (long)next;
		if (!list_empty(&lock->wait_list))
			owner |= MUTEX_FLAG_WAITERS;
	}
	/* Release: the next owner sees everything done under the mutex. */
	atomic_long_set_release(&lock->owner, owner);
	spin_unlock(&lock->wait_lock);

	if (next) {
		wake_up_process(next);
		put_task_struct(next);
	}
}

/**
 * mutex_unlock - release @lock
 * @lock: the mutex, held by the current task
 *
 * Hands it to the longest waiter, if any.  Unlocking a mutex that is free,
 * or that another task holds, WARNs and changes nothing.
 * Context: process context (the owner); does not sleep.
 */
void mutex_unlock(struct mutex *lock)
{
	struct task_struct *owner = __mutex_owner(lock);
	long curr = (long)current;

	if (WARN(!owner, "mutex %s: unlock of a mutex that is not locked", mutex_name(lock)))
		return;
	if (WARN(owner != current, "mutex %s: unlocked by %s, but %s holds it", mutex_name(lock),
		 current->comm, owner->comm))
		return;
	mutex_release(lock, _RET_IP_);
	if (atomic_long_try_cmpxchg(&lock->owner, &curr, 0))
		return;
	__mutex_unlock_slowpath(lock);
}

/**
 * mutex_destroy - mark @lock as no longer in use
 * @lock: the mutex, free
 *
 * WARNs if it is still held.  Context: any.
 */
void mutex_destroy(struct mutex *lock)
{
	WARN(mutex_is_locked(lock), "mutex %s: destroyed while held", mutex_name(lock));
}
