/*
 * What non-maskable interrupts are for here.  The architecture's NMI
 * handler (arch/x86_64/traps.c) asks each user in turn, in NMI context
 * (interrupts off, no locks but bounded trylocks, nothing that sleeps):
 *
 *	panic's stop		smp_stop_this_cpu(), kernel/smp.c
 *	a backtrace request	nmi_cpu_backtrace(), kernel/nmi_backtrace.c
 *	the hard-lockup probe	watchdog_hardlockup_nmi(), kernel/watchdog_buddy.c
 *
 * and reports any other NMI as one it did not expect.
 */
#ifndef _KERNEL_NMI_H
#define _KERNEL_NMI_H

#include <lib/types.h>

struct pt_regs;

/**
 * trigger_single_cpu_backtrace - have @cpu print its report from an NMI
 * @cpu: another online CPU
 *
 * @cpu prints "CPU<n>: backtrace by NMI; it was running <task>", its
 * registers and call trace (show_cpu_report()), even with interrupts off.
 * Waits up to 10 s for it.  Context: any but NMI; spins.
 * Return: true if the report was printed; false if @cpu is this CPU or
 * offline, another backtrace was in progress, or @cpu did not answer.
 */
bool trigger_single_cpu_backtrace(unsigned int cpu);

/* NMI handler: prints this CPU's report if one was asked.  Return: whether. */
bool nmi_cpu_backtrace(struct pt_regs *regs);

/*
 * NMI handler: answers the hard-lockup detector's probe (were interrupts
 * off where the NMI came?).  Return: whether there was a probe to answer.
 */
bool watchdog_hardlockup_nmi(struct pt_regs *regs);

#endif /* _KERNEL_NMI_H */
