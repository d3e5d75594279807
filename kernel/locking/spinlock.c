// SPDX-License-Identifier: GPL-2.0
/*
 * Spin locks with their debug checks: the do_raw_spin_*() and
 * _raw_spin_*() layers of include/kernel/spinlock.h, out of line, for the
 * debug build flavour (CONFIG_DEBUG_SPINLOCK).  Without it they are
 * inline in that header and this file is empty; the ticket lock itself is
 * <asm/spinlock.h>.
 *
 * The checks rest on one field, owner_cpu_plus_one, written by the holder
 * right after it gets the lock and cleared right before it lets go.  A CPU
 * that finds the lock taken and that field naming itself is the holder:
 * preemption is off while a spin lock is held, so the holder cannot have
 * moved to another CPU.
 *
 * Policies:
 *	recursion (spin_lock() of a lock this CPU holds): WARN, then panic.
 *	  The CPU would spin forever waiting for itself, with preemption
 *	  (and perhaps interrupts) off; stopping with a report names the
 *	  lock, where a hang would only name the test case.
 *	unlock of a free lock, or of a lock another CPU holds: WARN, and
 *	  change nothing (neither the tickets nor the preemption count, which
 *	  the matching lock presumably never raised).
 *	spin_trylock() of a lock this CPU holds: just fails, no report
 *	  (printk tries its lock on the panic path, maybe from inside printk).
 *
 * A report prints, and printk takes a spin lock of its own: if that lock
 * is the one misused, the report would recurse.  A per-CPU flag makes a
 * report that starts while this CPU is already reporting stay silent.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <kernel/bug.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>

#ifdef CONFIG_DEBUG_SPINLOCK

/* --- debug checks --- */

static DEFINE_PER_CPU(bool, spin_bug_reporting);

static int spin_owner_cpu(const raw_spinlock_t *lock)
{
	return (int)READ_ONCE(lock->owner_cpu_plus_one) - 1;
}

/* Reports misuse of @lock.  Preemption is disabled. */
static void spin_bug(raw_spinlock_t *lock, const char *msg)
{
	bool *reporting = this_cpu_ptr(&spin_bug_reporting);
	u32 val = READ_ONCE(lock->raw_lock.val);

	if (*reporting)
		return; /* the report itself hit a lock bug: say no more */
	*reporting = true;
	WARN(1, "BUG: spinlock %s on CPU%u: %s (%p), held by CPU %d, tickets: owner %u next %u",
	     msg, smp_processor_id(), lock->name ? lock->name : "(unnamed)", lock,
	     spin_owner_cpu(lock), (unsigned int)(u16)val,
	     (unsigned int)(u16)(val >> TICKET_SHIFT));
	*reporting = false;
}

/**
 * raw_spin_is_held - does this CPU hold @lock?
 * @lock: the lock
 *
 * Exact for the calling CPU's own locks; a lock held elsewhere is
 * reported as not held.  Context: any.
 * Return: true if this CPU holds @lock.
 */
bool raw_spin_is_held(const raw_spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw_lock) &&
	       READ_ONCE(lock->owner_cpu_plus_one) == smp_processor_id() + 1;
}

bool spin_is_held(const spinlock_t *lock)
{
	return raw_spin_is_held(&lock->rlock);
}

bool debug_spin_lock_before(raw_spinlock_t *lock)
{
	if (likely(!raw_spin_is_held(lock)))
		return false;
	spin_bug(lock, "recursion");
	return true;
}

static void debug_spin_lock_after(raw_spinlock_t *lock)
{
	WRITE_ONCE(lock->owner_cpu_plus_one, smp_processor_id() + 1);
}

/* Return: whether this CPU may release @lock; if not, it has been reported. */
static bool debug_spin_unlock(raw_spinlock_t *lock)
{
	if (unlikely(!arch_spin_is_locked(&lock->raw_lock))) {
		spin_bug(lock, "already unlocked");
		return false;
	}
	if (unlikely(READ_ONCE(lock->owner_cpu_plus_one) != smp_processor_id() + 1)) {
		spin_bug(lock, "wrong CPU");
		return false;
	}
	/* Before the release: the next holder must not see us as the owner. */
	WRITE_ONCE(lock->owner_cpu_plus_one, 0);
	return true;
}

static __noreturn void spin_deadlock(raw_spinlock_t *lock)
{
	panic("spinlock recursion: CPU%u takes %s, which it already holds, and would spin forever",
	      smp_processor_id(), lock->name ? lock->name : "(unnamed)");
}

/* --- do_raw_spin_*(): the lock and its checks --- */

/**
 * __raw_spin_lock_init - make @lock a free lock
 * @lock: the lock
 * @name: for reports (raw_spin_lock_init() passes the expression's text)
 *
 * Context: any, as long as no one uses @lock meanwhile.
 */
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name)
{
	lock->raw_lock.val = 0;
	lock->owner_cpu_plus_one = 0;
	lock->name = name;
}

/**
 * do_raw_spin_lock - take @lock, without disabling preemption
 * @lock: the lock
 *
 * Context: preemption (or interrupts) disabled by the caller.  Panics if
 * this CPU already holds @lock.
 */
void do_raw_spin_lock(raw_spinlock_t *lock)
{
	if (unlikely(debug_spin_lock_before(lock)))
		spin_deadlock(lock);
	arch_spin_lock(&lock->raw_lock);
	debug_spin_lock_after(lock);
}

/**
 * do_raw_spin_trylock - take @lock if it is free
 * @lock: the lock
 *
 * Context: preemption (or interrupts) disabled by the caller.
 * Return: 1 if this CPU now holds @lock, 0 if not.
 */
int do_raw_spin_trylock(raw_spinlock_t *lock)
{
	if (!arch_spin_trylock(&lock->raw_lock))
		return 0;
	debug_spin_lock_after(lock);
	return 1;
}

static bool __do_raw_spin_unlock(raw_spinlock_t *lock)
{
	if (unlikely(!debug_spin_unlock(lock)))
		return false;
	arch_spin_unlock(&lock->raw_lock);
	return true;
}

/**
 * do_raw_spin_unlock - release @lock, leaving preemption alone
 * @lock: the lock, held by this CPU
 *
 * WARNs and does nothing if this CPU does not hold @lock.
 * Context: preemption (or interrupts) disabled by the caller.
 */
void do_raw_spin_unlock(raw_spinlock_t *lock)
{
	__do_raw_spin_unlock(lock);
}

/* --- _raw_spin_*(): what spin_lock() and friends call --- */

void _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	do_raw_spin_lock(lock);
}

void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	arch_local_irq_disable();
	preempt_disable();
	do_raw_spin_lock(lock);
}

unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	do_raw_spin_lock(lock);
	return flags;
}

int _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (do_raw_spin_trylock(lock))
		return 1;
	preempt_enable();
	return 0;
}

/*
 * The unlocks re-enable preemption only after a real release: a bad
 * unlock had no matching preempt_disable(), so the count stays balanced.
 */
void _raw_spin_unlock(raw_spinlock_t *lock)
{
	if (__do_raw_spin_unlock(lock))
		preempt_enable();
}

void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	bool released = __do_raw_spin_unlock(lock);

	arch_local_irq_enable();
	if (released)
		preempt_enable();
}

void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	bool released = __do_raw_spin_unlock(lock);

	arch_local_irq_restore(flags);
	if (released)
		preempt_enable();
}

#endif /* CONFIG_DEBUG_SPINLOCK */
