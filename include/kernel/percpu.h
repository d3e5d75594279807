/*
 * Per-CPU variables, Linux's API.
 *
 *	DEFINE_PER_CPU(unsigned long, nr_ticks);
 *	this_cpu_ptr(&nr_ticks)		this CPU's copy
 *	per_cpu(nr_ticks, cpu)		CPU @cpu's copy, as an lvalue
 *
 * The variables live in the .data..percpu section, the template of a
 * per-CPU area.  CPU 0 uses the template itself; each other CPU gets a copy
 * (setup_per_cpu_areas()) at __per_cpu_offset[cpu] bytes from it.  The
 * GS base of each CPU points at its own area, which starts with struct
 * pcpu_hot (asm/percpu.h), so the hot fields are one %gs-relative load.
 *
 * A this_cpu pointer stays right only while the task cannot move to
 * another CPU: with interrupts or preemption disabled, or in a task bound
 * to the CPU.
 */
#ifndef _KERNEL_PERCPU_H
#define _KERNEL_PERCPU_H

#include <asm/percpu.h>
#include <lib/compiler.h>

#define NR_CPUS 64

#define DEFINE_PER_CPU(type, name) __section(".data..percpu") __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

extern unsigned long __per_cpu_offset[NR_CPUS];
extern char __per_cpu_start[], __per_cpu_end[];

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[cpu]))
#define per_cpu(var, cpu) (*per_cpu_ptr(&(var), cpu))
#define this_cpu_ptr(ptr) ((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_off()))

/*
 * Gives every possible CPU but the boot CPU its own copy of the template.
 * Boot CPU, after mem_init(), before other CPUs start.
 */
void setup_per_cpu_areas(unsigned int nr_cpus);

#endif /* _KERNEL_PERCPU_H */
