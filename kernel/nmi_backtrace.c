// SPDX-License-Identifier: GPL-2.0
/*
 * Another CPU's backtrace, by NMI (Linux's lib/nmi_backtrace.c, for one
 * CPU at a time): the CPU asked prints its own report from its NMI
 * handler, whatever it was doing, interrupts off included, on its own NMI
 * stack.  The hard-lockup detector (kernel/watchdog_buddy.c) uses it to
 * show what a CPU that takes no more interrupts is doing.
 */
#include <asm/processor.h>
#include <asm/smp.h>
#include <kernel/cpumask.h>
#include <kernel/ktime.h>
#include <kernel/nmi.h>
#include <kernel/panic.h>
#include <kernel/smp.h>

/* How long the asking CPU waits for the report to end. */
#define BACKTRACE_WAIT_NS (10 * NSEC_PER_SEC)

/* The CPUs asked for a backtrace; each clears its bit when done. */
static struct cpumask backtrace_mask;
/* One request at a time: set while one is out. */
static int backtrace_busy;

bool trigger_single_cpu_backtrace(unsigned int cpu)
{
	u64 deadline = ktime_get_ns() + BACKTRACE_WAIT_NS;
	bool done = true;

	if (cpu == smp_processor_id() || !cpu_online(cpu))
		return false;
	if (__atomic_exchange_n(&backtrace_busy, 1, __ATOMIC_ACQUIRE))
		return false;
	cpumask_set_cpu(cpu, &backtrace_mask);
	arch_send_nmi(cpu);
	while (cpumask_test_cpu(cpu, &backtrace_mask)) {
		if (ktime_get_ns() > deadline) {
			/* Taken back, so that a late NMI prints nothing. */
			cpumask_clear_cpu(cpu, &backtrace_mask);
			done = false;
			break;
		}
		cpu_relax();
	}
	__atomic_store_n(&backtrace_busy, 0, __ATOMIC_RELEASE);
	return done;
}

bool nmi_cpu_backtrace(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	if (!cpumask_test_cpu(cpu, &backtrace_mask))
		return false;
	show_cpu_report("backtrace by NMI", regs);
	cpumask_clear_cpu(cpu, &backtrace_mask);
	return true;
}
