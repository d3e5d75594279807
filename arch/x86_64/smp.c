// SPDX-License-Identifier: GPL-2.0
/* Inter-processor interrupts: the vectors, their senders and handlers. */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/smp.h>
#include <kernel/sched.h>
#include <kernel/smp.h>

void generic_smp_call_function_interrupt(void);

static void call_function_interrupt(struct pt_regs *regs)
{
	apic_eoi();
	generic_smp_call_function_interrupt();
}

/*
 * The sender set this CPU's need_resched before sending, or queued a task
 * for it to wake (scheduler_ipi()): the IPI wakes those, and interrupts, so
 * that the return path (do_interrupt()) or the idle loop notices
 * need_resched now rather than at the next tick.
 */
static void reschedule_interrupt(struct pt_regs *regs)
{
	apic_eoi();
	scheduler_ipi();
}

void arch_send_call_function_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
}

void arch_send_reschedule_ipi(unsigned int cpu)
{
	apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_FIXED | RESCHEDULE_VECTOR);
}

/* An NMI gets through even to a CPU spinning with interrupts off. */
void arch_send_stop_nmi(void)
{
	apic_send_ipi_allbutself(APIC_DM_NMI);
}

void arch_send_nmi(unsigned int cpu)
{
	apic_send_ipi(cpu_to_apicid[cpu], APIC_DM_NMI);
}

void smp_ipi_init(void)
{
	set_intr_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
	set_intr_handler(RESCHEDULE_VECTOR, reschedule_interrupt);
}
