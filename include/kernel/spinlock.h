/*
 * Spin locks, Linux's API.
 *
 * A test-and-test-and-set lock over the compiler's atomics, recording its
 * owner so that misuse can be reported.  The scheduler issue turns these into
 * fair ticket locks that also disable preemption; until then there is one
 * CPU and no preemption, and the API is what matters.
 */
#ifndef _KERNEL_SPINLOCK_H
#define _KERNEL_SPINLOCK_H

#include <asm/irqflags.h>
#include <lib/compiler.h>
#include <lib/types.h>

typedef struct {
	u32 locked;
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) { .locked = 0, .name = #lockname }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->name = "spinlock";
}

static inline bool spin_trylock(spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(spinlock_t *lock)
{
	while (!spin_trylock(lock)) {
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			cpu_relax();
	}
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(lock, flags)                  \
	do {                                            \
		(flags) = arch_local_irq_save();        \
		spin_lock(lock);                        \
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_local_irq_restore(flags);
}

#endif /* _KERNEL_SPINLOCK_H */
