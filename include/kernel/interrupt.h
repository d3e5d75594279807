/*
 * Interrupt context and soft interrupts.
 *
 * A soft interrupt is work that an interrupt handler defers: it runs on
 * the same CPU right after the hard interrupt ends (irq_exit()), with
 * interrupts enabled, before returning to the interrupted code.  Timer
 * callbacks run this way, as in Linux.
 */
#ifndef _KERNEL_INTERRUPT_H
#define _KERNEL_INTERRUPT_H

#include <kernel/preempt.h>

enum {
	TIMER_SOFTIRQ,
	NR_SOFTIRQS
};

/* Sets the handler of soft interrupt @nr.  Boot time. */
void open_softirq(int nr, void (*action)(void));
/* Marks @nr pending on this CPU; it runs at the next irq_exit(). */
void raise_softirq(int nr);

/* Around every hard interrupt handler (arch code).  Interrupts off. */
void irq_enter(void);
void irq_exit(void);

#endif /* _KERNEL_INTERRUPT_H */
