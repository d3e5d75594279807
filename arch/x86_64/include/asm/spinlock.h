/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ticket lock itself, Linux's arch_spin_*() names: the atomics on the
 * lock word, with no preemption, interrupt or debug handling (that is
 * <kernel/spinlock.h>'s).
 *
 * The lock word is two 16-bit counters in one u32, like the ticket
 * machine at a deli counter:
 *
 *	bits  0-15	owner	the ticket now being served
 *	bits 16-31	next	the ticket the next CPU to arrive will draw
 *
 * arch_spin_lock() draws a ticket (one `lock xadd` adds 1 to next and
 * returns the old word) and, if owner is not yet that ticket, waits in
 * arch_spin_lock_wait() until it is; arch_spin_unlock() adds 1 to owner,
 * which only the holder writes.  The lock is free when owner == next.
 * CPUs are served in the order they drew tickets, so no waiter starves:
 * with N CPUs it waits for at most N - 1 critical sections.  A zeroed lock
 * is a valid, free lock.
 *
 * The uncontended paths are inline and short: a lock is one locked
 * instruction and a compare, an unlock one unlocked add.
 */
#ifndef _ASM_SPINLOCK_H
#define _ASM_SPINLOCK_H

#include <lib/compiler.h>
#include <lib/types.h>

typedef struct {
	union {
		u32 val;
		struct {
			u16 owner; /* low half: the ticket being served */
			u16 next;  /* high half: the next ticket to draw */
		} tickets;
	};
} arch_spinlock_t;

/* clang-format off */
#define TICKET_SHIFT		16
#define __ARCH_SPIN_LOCK_UNLOCKED	{ { .val = 0 } }
/* clang-format on */

/* Spins, with `pause`, until owner reaches @ticket (arch/x86_64/spinlock.c). */
void arch_spin_lock_wait(arch_spinlock_t *lock, u16 ticket);

static __always_inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u32 old = __atomic_fetch_add(&lock->val, 1U << TICKET_SHIFT, __ATOMIC_ACQUIRE);
	u16 ticket = old >> TICKET_SHIFT;

	if (unlikely((u16)old != ticket))
		arch_spin_lock_wait(lock, ticket);
}

static __always_inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 old = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	if ((u16)old != (u16)(old >> TICKET_SHIFT))
		return false;
	/* Draws the next ticket only if no one drew one meanwhile. */
	return __atomic_compare_exchange_n(&lock->val, &old, old + (1U << TICKET_SHIFT), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/*
 * Only the holder writes owner, so a plain 16-bit add will do: no `lock`
 * prefix, and it cannot carry into next as an add to the whole word could.
 * An x86 store is a release: the critical section's accesses are visible
 * before the new owner is.  The "memory" clobber keeps the compiler from
 * moving them past it.
 */
static __always_inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	asm volatile("addw $1, %0" : "+m"(lock->tickets.owner) : : "memory", "cc");
}

static inline int arch_spin_is_locked(const arch_spinlock_t *lock)
{
	u32 val = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	return (u16)val != (u16)(val >> TICKET_SHIFT);
}

/* Someone is waiting for it: more than one ticket is out. */
static inline int arch_spin_is_contended(const arch_spinlock_t *lock)
{
	u32 val = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);

	return (u16)((val >> TICKET_SHIFT) - val) > 1;
}

#endif /* _ASM_SPINLOCK_H */
