// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of every interrupt and exception entry.
 *
 * Vectors 0..31 go to do_exception() (traps.c); the rest are interrupts,
 * dispatched to the handler set for their vector.  Around an interrupt the
 * hard-interrupt count in preempt_count goes up and down (irq_enter() and
 * irq_exit()), so in_interrupt() is true inside it; irq_exit() then runs
 * pending soft interrupts (timer callbacks) with interrupts enabled, and
 * last the interrupted task may be preempted.
 */
#define pr_fmt(fmt) "irq: " fmt

#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <kernel/bug.h>
#include <kernel/interrupt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>

static intr_handler_t handlers[NR_VECTORS];
static unsigned long unexpected_count;

void set_intr_handler(unsigned int vector, intr_handler_t handler)
{
	if (WARN(vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS || handlers[vector],
		 "set_intr_handler: vector %#x is not free", vector))
		return;
	handlers[vector] = handler;
}

unsigned long unexpected_interrupt_count(void)
{
	return READ_ONCE(unexpected_count);
}

void do_exception(struct pt_regs *regs);

void do_interrupt(struct pt_regs *regs);
void do_interrupt(struct pt_regs *regs)
{
	intr_handler_t handler;

	if (regs->vector < NR_EXCEPTION_VECTORS) {
		do_exception(regs);
		return;
	}

	irq_enter();
	handler = handlers[regs->vector];
	if (handler) {
		handler(regs);
	} else {
		__atomic_add_fetch(&unexpected_count, 1, __ATOMIC_RELAXED);
		pr_err("unexpected interrupt on vector %#lx\n", regs->vector);
		apic_eoi();
	}
	irq_exit();

	/*
	 * Kernel preemption: if a reschedule is due and the interrupted code
	 * could have been preempted (interrupts were on, no locks, not in
	 * another interrupt), switch now; this task resumes here later.
	 */
	if (need_resched() && !preempt_count() && (regs->rflags & X86_EFLAGS_IF))
		preempt_schedule_irq();
}
