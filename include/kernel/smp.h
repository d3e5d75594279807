/* Several CPUs: who am I, and asking the others to run something. */
#ifndef _KERNEL_SMP_H
#define _KERNEL_SMP_H

#include <asm/percpu.h>
#include <kernel/cpumask.h>

struct pt_regs;

/* This CPU's number (0 = the boot CPU).  Stable only while pinned to it. */
static __always_inline unsigned int smp_processor_id(void)
{
	return this_cpu_read_hot(cpu_number);
}
#define raw_smp_processor_id() smp_processor_id()

typedef void (*smp_call_func_t)(void *info);

/**
 * smp_call_function_single() - run @func(@info) on CPU @cpu
 * @cpu: target CPU; may be this one (then @func runs here, interrupts off)
 * @func: runs in interrupt context on @cpu: must be fast and not sleep
 * @info: its argument
 * @wait: return only after @func has finished
 *
 * Context: process context with interrupts enabled (another CPU may be
 * waiting on us the same way).  Return: 0, or -ENXIO if @cpu is offline.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait);
/*
 * Runs @func(@info) on every online CPU of @mask except this one; with
 * @wait, returns after all have finished.  Same context rules.
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			    bool wait);

/*
 * Architecture, boot CPU: read the firmware's CPU list, set up this CPU's
 * interrupt controller, mark the CPUs to bring up as possible.
 * Return: how many CPUs are possible (this one included).
 */
unsigned int smp_prepare_cpus(void);
/* Architecture: start every possible CPU; the tick must be running. */
void smp_boot_cpus(unsigned int nr_possible);

/* Boot CPU, once per-CPU areas exist: set up the call queues. */
void smp_call_init(void);

/*
 * panic(): stop every other CPU with an NMI.  Each in turn, in CPU order,
 * prints the thread it was running, with the registers and call trace of
 * the code the NMI interrupted, and halts.  Returns when all have; a CPU
 * that does not answer within 5 s, or whose report takes more than 10 s,
 * is named and passed over.
 */
void smp_send_stop(void);
bool smp_stop_requested(void);
/* The stop NMI's handler on each other CPU; @regs: what it interrupted. */
__noreturn void smp_stop_this_cpu(struct pt_regs *regs);

#endif /* _KERNEL_SMP_H */
