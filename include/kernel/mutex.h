/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mutexes, Linux's API: a sleeping lock with an owner.
 *
 * Rules (Linux's, Documentation/locking/mutex-design.rst), checked here
 * with WARNs where they can be:
 *	- only the owner may unlock it; unlocking a free mutex is a bug;
 *	- a task must not lock a mutex it already holds (it would wait for
 *	  itself forever);
 *	- process context only: locking sleeps (might_sleep()), and neither
 *	  locking nor unlocking is allowed in interrupt handlers;
 *	- a task must not exit holding one.
 * Use a spin lock instead for short sections, or where sleeping is not
 * allowed.
 *
 * Contended, the mutex is handed over in FIFO order: mutex_unlock() gives
 * it directly to the longest waiter, so no waiter starves (nor can a
 * newcomer with mutex_trylock() take it from under a waiter).
 */
#ifndef _KERNEL_MUTEX_H
#define _KERNEL_MUTEX_H

#include <kernel/atomic.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/list.h>
#include <lib/types.h>

struct mutex {
	/*
	 * The owning task, or 0 when free; bit 0 (MUTEX_FLAG_WAITERS) set
	 * while tasks wait, which sends mutex_unlock() to its slow path.
	 * Changed with atomics; the flag only under wait_lock.
	 */
	atomic_long_t owner;
	spinlock_t wait_lock;
	struct list_head wait_list; /* waiting tasks, FIFO; under wait_lock */
	const char *name;	    /* for reports */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;
#endif
};

/* clang-format off */
#ifdef CONFIG_LOCKDEP
#define MUTEX_DEP_MAP_INIT(lockname)	\
	, .dep_map = STATIC_LOCKDEP_MAP_INIT(#lockname, true)
#else
#define MUTEX_DEP_MAP_INIT(lockname)
#endif

#define __MUTEX_INITIALIZER(lockname)                                           \
	{ .owner = ATOMIC_LONG_INIT(0),                                         \
	  .wait_lock = __SPIN_LOCK_UNLOCKED(lockname.wait_lock),                \
	  .wait_list = LIST_HEAD_INIT((lockname).wait_list),                    \
	  .name = #lockname MUTEX_DEP_MAP_INIT(lockname) }
/* clang-format on */

#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key);
/*
 * mutex_init(mutex): make *@mutex a free mutex; named after the expression,
 * and of the lock class of this line.
 */
#ifdef CONFIG_LOCKDEP
#define mutex_init(mutex)                                              \
	do {                                                           \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT; \
		__mutex_init((mutex), #mutex, &__key);                 \
	} while (0)
#else
#define mutex_init(mutex) __mutex_init((mutex), #mutex, NULL)
#endif

void mutex_lock(struct mutex *lock);
int __must_check mutex_lock_interruptible(struct mutex *lock);
int __must_check mutex_lock_killable(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
void mutex_destroy(struct mutex *lock);

/* As mutex_lock(), for a second mutex of a class held already (SINGLE_DEPTH_NESTING). */
#ifdef CONFIG_LOCKDEP
void mutex_lock_nested(struct mutex *lock, unsigned int subclass);
#else
#define mutex_lock_nested(lock, subclass) mutex_lock(lock)
#endif

#endif /* _KERNEL_MUTEX_H */
