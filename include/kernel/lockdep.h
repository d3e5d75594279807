/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock validator's API and the locking assertions, Linux's names.
 *
 * Assertions: write them at the top of any function whose comment says
 * "called with X held"; they WARN once per call site when the rule is
 * broken, so it fails a test instead of corrupting data.  Like Linux's,
 * they exist only with CONFIG_LOCKDEP (the debug build flavour, Makefile's
 * KCONFIG_DEBUG); without it they compile to nothing, so that the bench
 * flavour pays nothing for them.
 *
 *	lockdep_assert_held(&lock)	the current task holds it: it is
 *					on the task's held-lock stack (before
 *					there are tasks: this CPU holds the
 *					spin lock, or this task owns the
 *					mutex)
 *	lockdep_assert_not_held(&lock)	it does not
 *	lockdep_assert_irqs_disabled()	interrupts are off on this CPU
 *	lockdep_assert_irqs_enabled()
 *	lockdep_assert_preemption_disabled()
 *
 * Included by <kernel/spinlock.h>; works on raw_spinlock_t, spinlock_t and
 * struct mutex.  Any context.
 *
 * The validator (CONFIG_LOCKDEP, kernel/locking/lockdep.c) learns the
 * order in which lock classes nest and reports the first inversion,
 * whether or not it deadlocked; docs/locking.md says how to read its
 * reports.  The lock implementations call lock_acquire() and
 * lock_release(); other code uses the report helpers below.
 */
#ifndef _KERNEL_LOCKDEP_H
#define _KERNEL_LOCKDEP_H

#include <asm/irqflags.h>
#include <kernel/bug.h>
#include <kernel/lockdep_types.h>
#include <kernel/preempt.h>
#include <lib/types.h>

struct raw_spinlock;
struct spinlock;
struct mutex;
struct task_struct;

/* The caller's return address: where a lock was taken, for reports. */
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

/* Whether the current task holds @lock: kernel/locking/spinlock.c, CONFIG_DEBUG_SPINLOCK only. */
bool raw_spin_is_held(const struct raw_spinlock *lock);
bool spin_is_held(const struct spinlock *lock);
/* Whether the current task owns @lock: kernel/locking/mutex.c. */
bool mutex_is_held(const struct mutex *lock);

#ifdef CONFIG_LOCKDEP

#ifndef CONFIG_DEBUG_SPINLOCK
#error "CONFIG_LOCKDEP needs CONFIG_DEBUG_SPINLOCK: the validator hooks the out-of-line spin locks"
#endif

#define lockdep_is_held(lock) \
	_Generic((lock),                                                \
		struct raw_spinlock *: raw_spin_is_held,                \
		const struct raw_spinlock *: raw_spin_is_held,          \
		struct spinlock *: spin_is_held,                        \
		const struct spinlock *: spin_is_held,                  \
		struct mutex *: mutex_is_held,                          \
		const struct mutex *: mutex_is_held)(lock)

#define lockdep_assert_held(lock)     WARN_ON_ONCE(!lockdep_is_held(lock))
#define lockdep_assert_not_held(lock) WARN_ON_ONCE(lockdep_is_held(lock))

#define lockdep_assert_irqs_disabled()	     WARN_ON_ONCE(!arch_irqs_disabled())
#define lockdep_assert_irqs_enabled()	     WARN_ON_ONCE(arch_irqs_disabled())
#define lockdep_assert_preemption_disabled() WARN_ON_ONCE(!preempt_count())

/*
 * 1 while the validator checks lock orders; 0 once it has reported a
 * problem (or a table filled up), as in Linux: one report per boot, since
 * what follows the first is often noise.  Held locks are tracked either way.
 */
extern int debug_locks;

/* Turns validation off for good (panic, oops).  Return: whether it was on. */
bool debug_locks_off(void);

/*
 * Called by the lock implementations.  @map: the lock's dep_map; @subclass:
 * 0, or a nesting level (SINGLE_DEPTH_NESTING); @trylock: the lock was
 * taken without waiting, so it cannot be part of a deadlock; @ip: where.
 * Any context (NMIs are ignored).
 */
void lockdep_init_map(struct lockdep_map *map, const char *name, struct lock_class_key *key,
		      bool sleeps);
void lock_acquire(struct lockdep_map *map, unsigned int subclass, int trylock, unsigned long ip);
void lock_release(struct lockdep_map *map, unsigned long ip);

/* Return: 1 if the current task holds @map, 0 if not, -1 if unknown (not tracking). */
int lock_is_held(const struct lockdep_map *map);

/* How many locks the current task holds. */
unsigned int lockdep_depth(void);
/* Prints the locks @p holds, with where each was taken ("no locks held" if none). */
void lockdep_print_held_locks(struct task_struct *p);
/*
 * For the end of a thread, a work or a test case: if the current task
 * still holds locks, report them (naming each and where it was taken) and
 * return true.  @what says whose end it is, e.g. "kthread my_fn".
 */
bool debug_check_no_locks_held(const char *what);
/*
 * Forgets the current task's held locks above @depth without releasing
 * them: for code that repairs a leak it has reported (a work that returned
 * holding a lock), so that the leak is not reported again later.
 */
void lockdep_forget_held_locks(unsigned int depth);

/* Prints every dependency learned so far, one "lockdep: edge" line each. */
void lockdep_print_dependencies(void);

/*
 * For tests that provoke reports on purpose: forget what the classes of
 * @map (every subclass) have learned, and turn validation back on after
 * the report.  Return: false if the validator cannot be re-enabled (a
 * table filled up, or a held-lock stack overflowed).
 */
void lockdep_reset_lock(struct lockdep_map *map);
bool lockdep_reenable(void);

/* Called once, by sched_init(), when `current` is valid. */
void lockdep_init(void);

#else /* !CONFIG_LOCKDEP */

/* Still evaluates nothing, but keeps @lock an expression that must compile. */
/* clang-format off */
#define lockdep_assert_held(lock)	     do { (void)sizeof(lock); } while (0)
#define lockdep_assert_not_held(lock)	     do { (void)sizeof(lock); } while (0)
#define lockdep_assert_irqs_disabled()	     do { } while (0)
#define lockdep_assert_irqs_enabled()	     do { } while (0)
#define lockdep_assert_preemption_disabled() do { } while (0)
/* clang-format on */

static inline bool debug_locks_off(void)
{
	return false;
}
static inline unsigned int lockdep_depth(void)
{
	return 0;
}
static inline void lockdep_print_held_locks(struct task_struct *p)
{
}
static inline bool debug_check_no_locks_held(const char *what)
{
	return false;
}
static inline void lockdep_forget_held_locks(unsigned int depth)
{
}
static inline void lockdep_print_dependencies(void)
{
}
static inline void lockdep_init(void)
{
}

#endif /* CONFIG_LOCKDEP */

#endif /* _KERNEL_LOCKDEP_H */
