/* The architecture's side of SMP. */
#ifndef _ASM_SMP_H
#define _ASM_SMP_H

#include <asm/acpi.h>
#include <kernel/percpu.h>

extern u32 cpu_to_apicid[NR_CPUS];
/* What acpi_init() found (zeroed when there is no MADT: one CPU). */
extern struct madt_info madt;


/* IPIs, for kernel/smp.c and the scheduler. */
void arch_send_call_function_ipi(unsigned int cpu);
void arch_send_reschedule_ipi(unsigned int cpu);
/* NMIs every other online CPU, which stop for good (panic). */
void arch_send_stop_nmi(void);
/* NMIs @cpu (a backtrace, the hard-lockup detector's probe). */
void arch_send_nmi(unsigned int cpu);
/* Claims the IPI vectors.  Boot CPU, before any AP starts. */
void smp_ipi_init(void);

#endif /* _ASM_SMP_H */
