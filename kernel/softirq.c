// SPDX-License-Identifier: GPL-2.0
/* Hard interrupt accounting and soft interrupts; see kernel/interrupt.h. */
#include <kernel/interrupt.h>
#include <kernel/irqflags.h>
#include <kernel/percpu.h>

/* Rounds of pending work run per irq_exit() before leaving the rest. */
#define MAX_SOFTIRQ_ROUNDS 10

static void (*softirq_actions[NR_SOFTIRQS])(void);

/* Changed only by this CPU, with interrupts off. */
static DEFINE_PER_CPU(unsigned long, softirq_pending);

void open_softirq(int nr, void (*action)(void))
{
	softirq_actions[nr] = action;
}

void raise_softirq(int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	*this_cpu_ptr(&softirq_pending) |= 1UL << nr;
	local_irq_restore(flags);
}

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
}

/*
 * Runs the pending soft interrupts with interrupts enabled; the softirq
 * count keeps an interrupt arriving meanwhile from starting a second round
 * on top of this one.  Called with interrupts off.
 */
static void do_softirq(void)
{
	unsigned long *pending = this_cpu_ptr(&softirq_pending);
	int round, nr;

	preempt_count_add(SOFTIRQ_OFFSET);
	for (round = 0; round < MAX_SOFTIRQ_ROUNDS && *pending; round++) {
		unsigned long todo = *pending;

		*pending = 0;
		local_irq_enable();
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if ((todo & (1UL << nr)) && softirq_actions[nr])
				softirq_actions[nr]();
		}
		local_irq_disable();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && *this_cpu_ptr(&softirq_pending))
		do_softirq();
}
