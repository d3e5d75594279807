// SPDX-License-Identifier: GPL-2.0
/*
 * The ticket lock's slow path: waiting for our turn
 * (<asm/spinlock.h> has the lock word and the fast paths).
 */
#include <asm/processor.h>
#include <asm/spinlock.h>

void arch_spin_lock_wait(arch_spinlock_t *lock, u16 ticket)
{
	/* Pairs with the release in arch_spin_unlock(). */
	while (__atomic_load_n(&lock->tickets.owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}
