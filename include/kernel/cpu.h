/*
 * CPU hotplug: taking a CPU out of scheduling and bringing it back.
 *
 * cpu_down() parks the CPU's per-CPU threads (kernel/smpboot.c), stops
 * placing tasks on it, moves its tasks and timers to other CPUs, and leaves
 * it halted in its idle task.  cpu_up() undoes all of it.  The CPU is not
 * reset: it only stops taking work, which is all the kthread machinery can
 * tell apart.
 */
#ifndef _KERNEL_CPU_H
#define _KERNEL_CPU_H

#include <lib/types.h>

/*
 * Context: process context, sleeps; serialised by the hotplug lock.
 * Return: 0; -EINVAL for a CPU that is not possible or already down (up);
 * -EBUSY for CPU 0, which runs the tick that advances jiffies; cpu_up()
 * only: -ENOMEM when a per-CPU thread registered while the CPU was down
 * could not be created, and the CPU stays down.
 */
int cpu_down(unsigned int cpu);
int cpu_up(unsigned int cpu);

/* Idle task of an offline CPU: halts until cpu_up(), interrupts off on entry and exit. */
void cpuhp_idle_dead(void);

/* Scheduler side of cpu_down(), on the dying CPU. */
void sched_cpu_dying(void);

#endif /* _KERNEL_CPU_H */
