// SPDX-License-Identifier: GPL-2.0
/*
 * The spin lock's slow path: waiting for a lock that is taken
 * (<asm/spinlock.h> has the lock word, the fast paths and why there are
 * two ways to wait).
 *
 * virt_spin_lock_key is chosen once, by virt_spin_lock_init() on the boot
 * CPU before any other CPU starts, so every CPU waits the same way for as
 * long as the kernel runs: the two ways share the word but not its rules.
 */
#define pr_fmt(fmt) "spinlock: " fmt

#include <asm/acpi.h>
#include <asm/processor.h>
#include <asm/spinlock.h>
#include <kernel/params.h>
#include <kernel/printk.h>

_Static_assert(NR_CPUS < 256, "8-bit tickets must count a waiter on every CPU");

#define X86_FEATURE_HYPERVISOR (1U << 31) /* CPUID.1:ECX */

/* Written once at boot, before the other CPUs start; read-only after. */
static bool virt_spin_lock_key;
/* nopvspin: Linux's parameter; here it asks for the fair lock on a hypervisor too. */
static bool nopvspin;
param_bool("nopvspin", nopvspin);

bool virt_spin_lock_enabled(void)
{
	return virt_spin_lock_key;
}

void virt_spin_lock_init(void)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	virt_spin_lock_key = (r.ecx & X86_FEATURE_HYPERVISOR) && !nopvspin;
	if (virt_spin_lock_key)
		pr_info("test-and-set locks: a hypervisor may stop any vCPU (nopvspin: fair locks)\n");
	else
		pr_info("fair queued locks%s\n", nopvspin ? " (nopvspin)" : "");
}

/*
 * Linux's virt_spin_lock(): test-and-set.  Read until the word is 0 (a
 * read, unlike the cmpxchg, leaves the cache line shared), then try to be
 * the one to set it.  No waiter is ever ahead of another, so a vCPU the
 * host has stopped holds up no one but itself.
 */
static void virt_spin_lock(arch_spinlock_t *lock)
{
	do {
		while (__atomic_load_n(&lock->val, __ATOMIC_RELAXED))
			cpu_relax();
	} while (!arch_spin_trylock(lock));
}

/*
 * Takes the lock at the head of the fair queue: once it is released, set
 * locked and pass the turn to the next ticket, or, if no one drew one
 * after @ticket, empty the queue (head = tail = 0) so that the fast path
 * works again.  The cmpxchg fails and we retry if a new waiter drew a
 * ticket meanwhile.
 */
static void queued_spin_take(arch_spinlock_t *lock, u8 ticket)
{
	u32 old = __atomic_load_n(&lock->val, __ATOMIC_RELAXED), new;

	for (;;) {
		if (old & _Q_LOCKED_MASK) {
			cpu_relax();
			old = __atomic_load_n(&lock->val, __ATOMIC_RELAXED);
			continue;
		}
		if ((u8)(old >> _Q_TAIL_SHIFT) == (u8)(ticket + 1))
			new = _Q_LOCKED_VAL;
		else
			new = (old & ~(0xffU << _Q_HEAD_SHIFT)) |
			      ((u32)(u8)(ticket + 1) << _Q_HEAD_SHIFT) | _Q_LOCKED_VAL;
		if (__atomic_compare_exchange_n(&lock->val, &old, new, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
	}
}

/**
 * queued_spin_lock_slowpath - wait for @lock in the fair FIFO queue
 * @lock: the lock, found taken (or queued for) by the fast path
 *
 * Draws a ticket (a locked add to the tail byte alone, so it never carries
 * into head), waits for its turn, then takes the lock.  Exported for the
 * tests, which check the queue's order whichever way this kernel waits.
 * Context: preemption disabled.  Returns with @lock held.
 */
void queued_spin_lock_slowpath(arch_spinlock_t *lock)
{
	u8 ticket = __atomic_fetch_add(&lock->tail, 1, __ATOMIC_RELAXED);

	/* Pairs with the release of head by the previous waiter's cmpxchg. */
	while (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
	queued_spin_take(lock, ticket);
}

void arch_spin_lock_slowpath(arch_spinlock_t *lock)
{
	if (virt_spin_lock_key)
		virt_spin_lock(lock);
	else
		queued_spin_lock_slowpath(lock);
}
