/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spin lock itself, Linux's arch_spin_*() names: the atomics on the
 * lock word, with no preemption, interrupt or debug handling (that is
 * <kernel/spinlock.h>'s).
 *
 * One 32-bit word, zero when the lock is free and no one waits for it:
 *
 *	bits  0-7	locked	1 while a CPU holds the lock
 *	bits 16-23	tail	fair queue: the next ticket a waiter draws
 *	bits 24-31	head	fair queue: the ticket whose turn it is
 *
 * Taking a free lock is one `lock cmpxchg` of 0 to 1, releasing it one
 * byte store of 0: the uncontended paths are inline and short.  A CPU that
 * finds the word non-zero waits in arch_spin_lock_slowpath(), which waits
 * in one of two ways, chosen once at boot (arch/x86_64/spinlock.c):
 *
 *  - on a hypervisor (CPUID's hypervisor bit, which QEMU sets even under
 *    TCG), as a test-and-set lock: spin until the word is 0, then try the
 *    cmpxchg again, as Linux's virt_spin_lock() does.  Whoever tries
 *    first after the release gets the lock.  That is unfair (a CPU may
 *    lose many times in a row), but no CPU ever waits for a waiter: the
 *    host may stop a virtual CPU at any instruction, and a fair lock that
 *    hands the lock to a stopped waiter makes every CPU wait until the
 *    host runs that one again, then the next one, a convoy that on 4
 *    vCPUs over 2 host cores never drained (docs/locking.md has the
 *    figures);
 *  - on real hardware, or with `nopvspin` on the command line (Linux's
 *    name, for a hypervisor that runs each vCPU on a core of its own), as a
 *    fair FIFO lock: a waiter draws a ticket from tail, waits until head
 *    reaches it, then takes the lock as soon as it is released and moves
 *    head on; the last waiter out empties the queue back to 0.  The fast
 *    path cannot overtake: the word is not 0 while anyone waits.  With N
 *    CPUs a waiter waits for at most N - 1 critical sections.
 *
 * A zeroed lock is a valid, free lock.  A CPU has at most one waiter per
 * lock (an interrupt handler that takes a lock this CPU waits for would
 * deadlock anyway), so 8-bit tickets are plenty for NR_CPUS.
 */
#ifndef _ASM_SPINLOCK_H
#define _ASM_SPINLOCK_H

#include <lib/compiler.h>
#include <lib/types.h>

typedef struct {
	union {
		u32 val;
		struct {
			u8 locked;   /* 1: held */
			u8 reserved; /* always 0 */
			u8 tail;     /* fair queue: next ticket to draw */
			u8 head;     /* fair queue: ticket being served */
		};
	};
} arch_spinlock_t;

/* clang-format off */
#define _Q_LOCKED_VAL		1U
#define _Q_LOCKED_MASK		0xffU
#define _Q_TAIL_SHIFT		16
#define _Q_HEAD_SHIFT		24
#define __ARCH_SPIN_LOCK_UNLOCKED	{ { .val = 0 } }
/* clang-format on */

/*
 * The wait, out of line (arch/x86_64/spinlock.c): test-and-set on a
 * hypervisor, the fair queue otherwise.  Returns with the lock held.
 */
void arch_spin_lock_slowpath(arch_spinlock_t *lock);
/* The fair queue's wait, whichever way this kernel waits (for the tests). */
void queued_spin_lock_slowpath(arch_spinlock_t *lock);
/* Boot CPU, before the others start: chooses how every CPU waits. */
void virt_spin_lock_init(void);
/* Return: true if waiters test-and-set, false if they queue fairly. */
bool virt_spin_lock_enabled(void);

static __always_inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 free = 0;

	return __atomic_compare_exchange_n(&lock->val, &free, _Q_LOCKED_VAL, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static __always_inline void arch_spin_lock(arch_spinlock_t *lock)
{
	if (unlikely(!arch_spin_trylock(lock)))
		arch_spin_lock_slowpath(lock);
}

/*
 * Only the holder writes locked, so a plain byte store will do, and it
 * leaves the queue in the other bytes alone.  An x86 store is a release:
 * the critical section's accesses are visible before the free lock is.
 */
static __always_inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

static inline int arch_spin_is_locked(const arch_spinlock_t *lock)
{
	return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) != 0;
}

/*
 * Someone is queued for it (the fair queue).  As Linux's, always false for
 * the test-and-set lock, whose waiters leave no trace in the word.
 */
static inline int arch_spin_is_contended(const arch_spinlock_t *lock)
{
	return (__atomic_load_n(&lock->val, __ATOMIC_RELAXED) & ~_Q_LOCKED_MASK) != 0;
}

#endif /* _ASM_SPINLOCK_H */
