// SPDX-License-Identifier: GPL-2.0
/*
 * Spin locks with their debug checks: the do_raw_spin_*() and
 * _raw_spin_*() layers of include/kernel/spinlock.h, out of line, for the
 * debug build flavour (CONFIG_DEBUG_SPINLOCK).  Without it they are
 * inline in that header and this file is empty; the lock word itself is
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
 *	  change nothing (neither the lock word nor the preemption count, which
 *	  the matching lock presumably never raised).
 *	spin_trylock() of a lock this CPU holds: just fails, no report
 *	  (printk tries its lock on the panic path, maybe from inside printk).
 *
 * The lock validator (CONFIG_LOCKDEP) hears of each lock in the
 * _raw_spin_*() layer: before spinning, so that an inversion is reported
 * even when it would deadlock, and before releasing.  do_raw_spin_*()
 * callers (the scheduler's hand-over of rq->lock) tell it themselves.
 *
 * A report prints, and printk takes a spin lock of its own: if that lock
 * is the one misused, the report would recurse.  A per-CPU flag makes a
 * report that starts while this CPU is already reporting stay silent.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <kernel/bug.h>
#include <kernel/chaos.h>
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
	WARN(1, "BUG: spinlock %s on CPU%u: %s (%p), held by CPU %d, lock word %#x", msg,
	     smp_processor_id(), lock->name ? lock->name : "(unnamed)", lock, spin_owner_cpu(lock),
	     val);
	*reporting = false;
}

/* What the lock word says: exact for the calling CPU's own locks. */
static bool spin_owned_by_this_cpu(const raw_spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw_lock) &&
	       READ_ONCE(lock->owner_cpu_plus_one) == smp_processor_id() + 1;
}

/**
 * raw_spin_is_held - does the current context hold @lock?
 * @lock: the lock
 *
 * With CONFIG_LOCKDEP: is it on the current task's held-lock stack (the
 * validator's view, Linux's).  Without: does this CPU hold it (a lock
 * held elsewhere is reported as not held).  Context: any.
 * Return: true if held.
 */
bool raw_spin_is_held(const raw_spinlock_t *lock)
{
#ifdef CONFIG_LOCKDEP
	int held = lock_is_held(&lock->dep_map);

	if (held >= 0)
		return held;
#endif
	return spin_owned_by_this_cpu(lock);
}

bool spin_is_held(const spinlock_t *lock)
{
	return raw_spin_is_held(&lock->rlock);
}

bool debug_spin_lock_before(raw_spinlock_t *lock)
{
	if (likely(!spin_owned_by_this_cpu(lock)))
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
 * @key: the lock validator's class key (raw_spin_lock_init() passes one per
 *	call site); NULL without CONFIG_LOCKDEP
 *
 * Context: any, as long as no one uses @lock meanwhile.
 */
void __raw_spin_lock_init(raw_spinlock_t *lock, const char *name, struct lock_class_key *key)
{
	lock->raw_lock.val = 0;
	lock->owner_cpu_plus_one = 0;
	lock->name = name;
#ifdef CONFIG_LOCKDEP
	lockdep_init_map(&lock->dep_map, name, key, false);
#endif
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

#ifdef CONFIG_LOCKDEP
#define spin_acquire(lock, subclass, trylock, ip) \
	lock_acquire(&(lock)->dep_map, subclass, trylock, ip)
#define spin_release(lock, ip) lock_release(&(lock)->dep_map, ip)
#else
#define spin_acquire(lock, subclass, trylock, ip) \
	do {                                      \
	} while (0)
#define spin_release(lock, ip) \
	do {                   \
	} while (0)
#endif

void _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	spin_acquire(lock, 0, 0, _RET_IP_);
	do_raw_spin_lock(lock);
}

void _raw_spin_lock_nested(raw_spinlock_t *lock, unsigned int subclass)
{
	preempt_disable();
	spin_acquire(lock, subclass, 0, _RET_IP_);
	do_raw_spin_lock(lock);
}

void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	arch_local_irq_disable();
	preempt_disable();
	spin_acquire(lock, 0, 0, _RET_IP_);
	do_raw_spin_lock(lock);
}

unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	spin_acquire(lock, 0, 0, _RET_IP_);
	do_raw_spin_lock(lock);
	return flags;
}

int _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (do_raw_spin_trylock(lock)) {
		spin_acquire(lock, 0, 1, _RET_IP_);
		return 1;
	}
	preempt_enable();
	return 0;
}

/*
 * The unlocks re-enable preemption only after a real release: a bad
 * unlock had no matching preempt_disable(), so the count stays balanced.
 * The validator hears only of real releases too.
 * Then a chaos point: another CPU may take the lock, or another task run
 * here, before the caller's next line.
 */
static bool __raw_spin_unlock(raw_spinlock_t *lock, unsigned long ip)
{
	if (unlikely(!debug_spin_unlock(lock)))
		return false;
	spin_release(lock, ip);
	arch_spin_unlock(&lock->raw_lock);
	return true;
}

void _raw_spin_unlock(raw_spinlock_t *lock)
{
	if (__raw_spin_unlock(lock, _RET_IP_))
		preempt_enable();
	chaos_point(CHAOS_SPIN_UNLOCK);
}

void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	bool released = __raw_spin_unlock(lock, _RET_IP_);

	arch_local_irq_enable();
	if (released)
		preempt_enable();
	chaos_point(CHAOS_SPIN_UNLOCK);
}

void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	bool released = __raw_spin_unlock(lock, _RET_IP_);

	arch_local_irq_restore(flags);
	if (released)
		preempt_enable();
	chaos_point(CHAOS_SPIN_UNLOCK);
}

#endif /* CONFIG_DEBUG_SPINLOCK */
