/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locking assertions, Linux's lockdep_assert_*() names.
 *
 * We have no lock validator; these check what the locks record (the
 * holding CPU of a spin lock, the owning task of a mutex) and WARN once
 * per call site when the rule is broken.  Write them at the top of any
 * function whose comment says "called with X held": the rule then fails
 * a test instead of corrupting data.
 *
 *	lockdep_assert_held(&lock)	this CPU (spin locks) or this task
 *					(mutexes) holds it
 *	lockdep_assert_not_held(&lock)	it does not
 *	lockdep_assert_irqs_disabled()	interrupts are off on this CPU
 *	lockdep_assert_irqs_enabled()
 *	lockdep_assert_preemption_disabled()
 *
 * Included by <kernel/spinlock.h>; works on raw_spinlock_t, spinlock_t and
 * struct mutex.  Any context.
 *
 * Like Linux's, they exist only with CONFIG_LOCKDEP (the debug build
 * flavour, Makefile's KCONFIG_DEBUG); without it they compile to nothing,
 * so that the bench flavour pays nothing for them.  They need the owner a
 * spin lock records under CONFIG_DEBUG_SPINLOCK.
 */
#ifndef _KERNEL_LOCKDEP_H
#define _KERNEL_LOCKDEP_H

#include <asm/irqflags.h>
#include <kernel/bug.h>
#include <kernel/preempt.h>
#include <lib/types.h>

struct raw_spinlock;
struct spinlock;
struct mutex;

/* Whether this CPU holds @lock: kernel/locking/spinlock.c, CONFIG_DEBUG_SPINLOCK only. */
bool raw_spin_is_held(const struct raw_spinlock *lock);
bool spin_is_held(const struct spinlock *lock);
/* Whether the current task owns @lock: kernel/locking/mutex.c. */
bool mutex_is_held(const struct mutex *lock);

#ifdef CONFIG_LOCKDEP

#ifndef CONFIG_DEBUG_SPINLOCK
#error "CONFIG_LOCKDEP needs CONFIG_DEBUG_SPINLOCK: spin locks record their owner only there"
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

#else /* !CONFIG_LOCKDEP */

/* Still evaluates nothing, but keeps @lock an expression that must compile. */
/* clang-format off */
#define lockdep_assert_held(lock)	     do { (void)sizeof(lock); } while (0)
#define lockdep_assert_not_held(lock)	     do { (void)sizeof(lock); } while (0)
#define lockdep_assert_irqs_disabled()	     do { } while (0)
#define lockdep_assert_irqs_enabled()	     do { } while (0)
#define lockdep_assert_preemption_disabled() do { } while (0)
/* clang-format on */

#endif /* CONFIG_LOCKDEP */

#endif /* _KERNEL_LOCKDEP_H */
