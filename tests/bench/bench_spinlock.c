// SPDX-License-Identifier: GPL-2.0
/*
 * spin_uncontended, spin_irqsave_uncontended: a lock and an unlock of a
 * spinlock that no one else wants, the cost every critical section pays.
 */
#include <kernel/bench.h>
#include <kernel/irqflags.h>
#include <kernel/spinlock.h>

static DEFINE_SPINLOCK(bench_lock);

static unsigned long run_spin_uncontended(const struct bench *b, unsigned long iterations,
					  struct bench_result *r)
{
	unsigned long i;

	for (i = 0; i < iterations; i++) {
		spin_lock(&bench_lock);
		spin_unlock(&bench_lock);
	}
	if (spin_is_locked(&bench_lock))
		bench_fail(r, "the lock is still held after %lu lock/unlock pairs", iterations);
	return iterations;
}

/*
 * The boot context may run with interrupts off, where
 * spin_unlock_irqrestore() has nothing to turn back on.  Threads run with
 * them on, so measure that path, as Linux's figure does; an interrupt that
 * arrives meanwhile is part of the cost there too.
 */
static unsigned long run_spin_irqsave_uncontended(const struct bench *b,
						  unsigned long iterations,
						  struct bench_result *r)
{
	bool were_disabled = irqs_disabled();
	unsigned long flags, i;

	local_irq_enable();
	for (i = 0; i < iterations; i++) {
		spin_lock_irqsave(&bench_lock, flags);
		spin_unlock_irqrestore(&bench_lock, flags);
	}
	if (irqs_disabled())
		bench_fail(r, "interrupts stay disabled after spin_unlock_irqrestore()");
	else if (spin_is_locked(&bench_lock))
		bench_fail(r, "the lock is still held after %lu lock/unlock pairs", iterations);
	if (were_disabled)
		local_irq_disable();
	return iterations;
}

const struct bench spinlock_benches[] = {
	{ .name = "spin_uncontended", .run = run_spin_uncontended },
	{ .name = "spin_irqsave_uncontended", .run = run_spin_irqsave_uncontended },
	{}
};
