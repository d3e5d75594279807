/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spin locks, Linux's API: locks that disable preemption while held.
 * The lock word, its atomics and how a waiter waits (test-and-set on a
 * hypervisor, a fair queue on hardware) are <asm/spinlock.h>'s.
 *
 * Which form to use (docs/locking.md has the full table):
 *	spin_lock()		data never touched from interrupt handlers
 *	spin_lock_irq()		process context, interrupts known to be on
 *	spin_lock_irqsave()	anywhere, when interrupt handlers share the data
 * None of them may be held across anything that sleeps.  Locking
 * disables preemption (preempt_disable() before taking the lock,
 * preempt_enable() after releasing it; the _irq forms restore interrupts
 * before preempt_enable()).
 *
 * spinlock_t wraps raw_spinlock_t, as in Linux without PREEMPT_RT, where
 * they behave the same; the scheduler's own locks are raw_spinlock_t.
 *
 * Debug checks, with CONFIG_DEBUG_SPINLOCK (the debug build flavour:
 * kernel.elf and test-kernel.elf; kernel/locking/spinlock.c): each lock
 * records its name and the CPU holding it.  Taking a lock this CPU already
 * holds WARNs and then panics, since spinning on it could never end;
 * unlocking a lock that is free, or held by another CPU, WARNs and changes
 * nothing.  The lock and unlock functions are then out of line.  Without
 * it (the bench flavour, docs/benchmarks.md) a lock is just its lock
 * word, and every form below is inline: the preemption count and a `lock
 * cmpxchg` to lock; a byte store and the preemption count to unlock.
 *
 * With CONFIG_LOCKDEP (the debug flavour too) each lock also carries a
 * struct lockdep_map, which puts it in a lock class for the lock validator
 * (kernel/locking/lockdep.c): spin_lock_init() and raw_spin_lock_init()
 * make one class per line they are written on, the static initialisers
 * one per initialiser.
 */
#ifndef _KERNEL_SPINLOCK_H
#define _KERNEL_SPINLOCK_H

#include <asm/irqflags.h>
#include <asm/spinlock.h>
#include <kernel/bug.h>
#include <kernel/lockdep_types.h>
#include <kernel/preempt.h>
#include <lib/compiler.h>
#include <lib/types.h>

typedef struct raw_spinlock {
	arch_spinlock_t raw_lock;
#ifdef CONFIG_DEBUG_SPINLOCK
	/*
	 * 1 + the number of the CPU that holds the lock, 0 when it is free
	 * (so that zeroed memory is a free lock).  Written by the holder
	 * only; read by anyone, for checks and reports.
	 */
	unsigned int owner_cpu_plus_one;
	const char *name; /* for reports */
#endif
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;
#endif
} raw_spinlock_t;

typedef struct spinlock {
	struct raw_spinlock rlock;
} spinlock_t;

/* clang-format off */
#ifdef CONFIG_LOCKDEP
#define SPIN_DEP_MAP_INIT(lockname)	\
	, .dep_map = STATIC_LOCKDEP_MAP_INIT(#lockname, false)
#else
#define SPIN_DEP_MAP_INIT(lockname)
#endif

#ifdef CONFIG_DEBUG_SPINLOCK
#define __RAW_SPIN_LOCK_UNLOCKED(lockname)                              \
	{ .raw_lock = __ARCH_SPIN_LOCK_UNLOCKED, .owner_cpu_plus_one = 0, \
	  .name = #lockname SPIN_DEP_MAP_INIT(lockname) }
#else
#define __RAW_SPIN_LOCK_UNLOCKED(lockname)	{ .raw_lock = __ARCH_SPIN_LOCK_UNLOCKED }
#endif
#define __SPIN_LOCK_UNLOCKED(lockname)	{ .rlock = __RAW_SPIN_LOCK_UNLOCKED(lockname) }

#define DEFINE_RAW_SPINLOCK(x)	raw_spinlock_t x = __RAW_SPIN_LOCK_UNLOCKED(x)
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
/* clang-format on */

/* Fails to build unless @x is an unsigned long, as flags must be. */
#ifndef typecheck
#define typecheck(type, x)                                \
	({                                                \
		type __typecheck_a;                       \
		__typeof__(x) __typecheck_b;              \
		(void)(&__typecheck_a == &__typecheck_b); \
		1;                                        \
	})
#endif

/*
 * Three layers, with Linux's names; use the spin_ and raw_spin_ names
 * further down, which expand to these:
 *	arch_spin_*()	the lock word itself (<asm/spinlock.h>)
 *	do_raw_spin_*()	the lock plus the debug checks, leaving preemption
 *			and interrupts alone: for code that manages those
 *			itself, such as the scheduler handing rq->lock
 *			across a context switch.  Callers have preemption
 *			disabled.
 *	_raw_spin_*()	preemption (and interrupts, for the _irq forms)
 *			around do_raw_spin_*()
 */
#ifdef CONFIG_DEBUG_SPINLOCK

/* kernel/locking/spinlock.c */
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key);
void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_lock_nested(raw_spinlock_t *lock, unsigned int subclass);
void _raw_spin_lock_irq(raw_spinlock_t *lock);
unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock);
int _raw_spin_trylock(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock);
void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags);

void do_raw_spin_lock(raw_spinlock_t *lock);
int do_raw_spin_trylock(raw_spinlock_t *lock);
void do_raw_spin_unlock(raw_spinlock_t *lock);

/*
 * spin_lock()'s check before it starts waiting: WARNs and returns true if
 * this CPU already holds @lock (then spin_lock() panics).  Exported so
 * that a test can watch the check fire without deadlocking.  Context:
 * preemption disabled.
 */
bool debug_spin_lock_before(raw_spinlock_t *lock);

#else /* !CONFIG_DEBUG_SPINLOCK: the same functions, inline and unchecked */

static __always_inline void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name,
						 struct lock_class_key *key)
{
	lock->raw_lock.val = 0;
}

static __always_inline void do_raw_spin_lock(raw_spinlock_t *lock)
{
	arch_spin_lock(&lock->raw_lock);
}

static __always_inline int do_raw_spin_trylock(raw_spinlock_t *lock)
{
	return arch_spin_trylock(&lock->raw_lock);
}

static __always_inline void do_raw_spin_unlock(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
}

static __always_inline void _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
}

static __always_inline void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	arch_local_irq_disable();
	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
}

static __always_inline unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
	return flags;
}

static __always_inline int _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(&lock->raw_lock))
		return 1;
	preempt_enable();
	return 0;
}

static __always_inline void _raw_spin_unlock(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
	preempt_enable();
}

static __always_inline void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
	arch_local_irq_enable();
	preempt_enable();
}

static __always_inline void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	arch_spin_unlock(&lock->raw_lock);
	arch_local_irq_restore(flags);
	preempt_enable();
}

#endif /* CONFIG_DEBUG_SPINLOCK */

/* raw_spinlock_t */

#ifdef CONFIG_LOCKDEP
/* One lock class per line that initialises locks this way. */
#define raw_spin_lock_init(lock)                                       \
	do {                                                           \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT; \
		__raw_spin_lock_init((lock), #lock, &__key);           \
	} while (0)
/* raw_spin_lock() of a second lock of a class held already: see SINGLE_DEPTH_NESTING. */
#define raw_spin_lock_nested(lock, subclass) _raw_spin_lock_nested(lock, subclass)
#else
#define raw_spin_lock_init(lock)	     __raw_spin_lock_init((lock), #lock, NULL)
#define raw_spin_lock_nested(lock, subclass) _raw_spin_lock(lock)
#endif
#define raw_spin_lock(lock)	 _raw_spin_lock(lock)
#define raw_spin_lock_irq(lock)	 _raw_spin_lock_irq(lock)
#define raw_spin_lock_irqsave(lock, flags)              \
	do {                                            \
		typecheck(unsigned long, flags);        \
		(flags) = _raw_spin_lock_irqsave(lock); \
	} while (0)
#define raw_spin_trylock(lock) _raw_spin_trylock(lock)
#define raw_spin_trylock_irqsave(lock, flags)          \
	({                                             \
		typecheck(unsigned long, flags);       \
		(flags) = arch_local_irq_save();       \
		_raw_spin_trylock(lock) ? 1 : ({       \
			arch_local_irq_restore(flags); \
			0;                             \
		});                                    \
	})
#define raw_spin_unlock(lock)	  _raw_spin_unlock(lock)
#define raw_spin_unlock_irq(lock) _raw_spin_unlock_irq(lock)
#define raw_spin_unlock_irqrestore(lock, flags)           \
	do {                                              \
		typecheck(unsigned long, flags);          \
		_raw_spin_unlock_irqrestore(lock, flags); \
	} while (0)
#define raw_spin_is_locked(lock)    arch_spin_is_locked(&(lock)->raw_lock)
#define raw_spin_is_contended(lock) arch_spin_is_contended(&(lock)->raw_lock)

/* spinlock_t: the same locks, type-checked apart from raw ones. */

static __always_inline raw_spinlock_t *spinlock_check(spinlock_t *lock)
{
	return &lock->rlock;
}

#ifdef CONFIG_LOCKDEP
#define spin_lock_init(lock)                                               \
	do {                                                               \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT;     \
		__raw_spin_lock_init(spinlock_check(lock), #lock, &__key); \
	} while (0)
#else
#define spin_lock_init(lock) __raw_spin_lock_init(spinlock_check(lock), #lock, NULL)
#endif

/**
 * spin_lock - take @lock, spinning until it is free
 * @lock: the lock
 *
 * Disables preemption until spin_unlock().  Context: any; but a lock that
 * interrupt handlers also take must be taken with spin_lock_irqsave() (or
 * _irq) elsewhere, or a handler on this CPU would spin forever.
 */
static __always_inline void spin_lock(spinlock_t *lock)
{
	raw_spin_lock(&lock->rlock);
}

/* As spin_lock(), for a second lock of a class held already (SINGLE_DEPTH_NESTING). */
#define spin_lock_nested(lock, subclass) raw_spin_lock_nested(spinlock_check(lock), subclass)

/* As spin_lock(), disabling interrupts first.  For process context with them on. */
static __always_inline void spin_lock_irq(spinlock_t *lock)
{
	raw_spin_lock_irq(&lock->rlock);
}

/*
 * spin_lock_irqsave(lock, flags): saves the interrupt state in @flags (an
 * unsigned long, assigned by the macro), disables interrupts, takes @lock.
 * Any context.
 */
#define spin_lock_irqsave(lock, flags) raw_spin_lock_irqsave(spinlock_check(lock), flags)

/**
 * spin_trylock - take @lock if it is free, without spinning
 * @lock: the lock
 *
 * Never reports recursion: trying a lock this CPU holds just fails (printk
 * relies on that on its panic path).
 * Return: 1 if it was taken (release it with spin_unlock()), 0 if not.
 */
static __always_inline int spin_trylock(spinlock_t *lock)
{
	return raw_spin_trylock(&lock->rlock);
}

#define spin_trylock_irqsave(lock, flags) raw_spin_trylock_irqsave(spinlock_check(lock), flags)

static __always_inline void spin_unlock(spinlock_t *lock)
{
	raw_spin_unlock(&lock->rlock);
}

/* Releases @lock and enables interrupts. */
static __always_inline void spin_unlock_irq(spinlock_t *lock)
{
	raw_spin_unlock_irq(&lock->rlock);
}

/* Releases @lock and restores the interrupt state saved by spin_lock_irqsave(). */
static __always_inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	raw_spin_unlock_irqrestore(&lock->rlock, flags);
}

/* Return: nonzero if anyone holds @lock.  A snapshot: may be stale at once. */
static __always_inline int spin_is_locked(spinlock_t *lock)
{
	return raw_spin_is_locked(&lock->rlock);
}

/* Return: nonzero if someone is spinning, waiting for @lock. */
static __always_inline int spin_is_contended(spinlock_t *lock)
{
	return raw_spin_is_contended(&lock->rlock);
}

/* Linux's: a BUG if @lock is not held by anyone. */
#define assert_raw_spin_locked(lock) BUG_ON(!raw_spin_is_locked(lock))
#define assert_spin_locked(lock)     assert_raw_spin_locked(spinlock_check(lock))

#include <kernel/lockdep.h>

#endif /* _KERNEL_SPINLOCK_H */
