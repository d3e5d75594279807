/*
 * preempt_count: what kind of context this CPU is in, Linux's layout.
 *
 *	bits  0-7	preemption disabled (preempt_disable() nesting)
 *	bits  8-15	softirq (timer callbacks) running
 *	bits 16-19	hard interrupt nesting
 *	bits 20-23	NMI nesting
 *
 * It lives in struct pcpu_hot and changes with single %gs-relative
 * instructions, so an interrupt on this CPU always sees a consistent value.
 * preempt_enable() reschedules when the count drops to zero with a
 * reschedule pending (kernel/sched/core.c).
 */
#ifndef _KERNEL_PREEMPT_H
#define _KERNEL_PREEMPT_H

#include <asm/percpu.h>
#include <lib/compiler.h>

#define PREEMPT_OFFSET	(1U << 0)
#define SOFTIRQ_OFFSET	(1U << 8)
#define HARDIRQ_OFFSET	(1U << 16)
#define NMI_OFFSET	(1U << 20)

#define PREEMPT_MASK	0x000000ffU
#define SOFTIRQ_MASK	0x0000ff00U
#define HARDIRQ_MASK	0x000f0000U
#define NMI_MASK	0x00f00000U

static __always_inline int preempt_count(void)
{
	return this_cpu_read_hot(preempt_count);
}

static __always_inline void preempt_count_add(int val)
{
	this_cpu_add_hot(preempt_count, val);
	barrier();
}

static __always_inline void preempt_count_sub(int val)
{
	barrier();
	this_cpu_add_hot(preempt_count, -val);
}

void preempt_schedule(void);

#define preempt_disable()	preempt_count_add(PREEMPT_OFFSET)
/*
 * Re-enables preemption, and reschedules now if that was due meanwhile.
 * One `decl` both drops the count and tells whether it reached zero; only
 * then is need_resched read.
 */
#define preempt_enable()                                                  \
	do {                                                              \
		barrier();                                                \
		if (unlikely(this_cpu_dec_and_test_hot(preempt_count)) && \
		    unlikely(this_cpu_test_hot(need_resched)))            \
			preempt_schedule();                               \
	} while (0)
#define preempt_enable_no_resched()	preempt_count_sub(PREEMPT_OFFSET)

#define in_nmi()		(preempt_count() & NMI_MASK)
#define in_hardirq()		(preempt_count() & HARDIRQ_MASK)
#define in_softirq()		(preempt_count() & SOFTIRQ_MASK)
#define in_interrupt()		(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))
#define in_atomic()		(preempt_count() != 0)

#endif /* _KERNEL_PREEMPT_H */
