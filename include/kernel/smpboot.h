/*
 * Per-CPU kernel threads that follow CPU hotplug (Linux's smpboot API).
 *
 * Register a struct smp_hotplug_thread and get one thread per online CPU,
 * bound to it, named thread_comm with the CPU number.  Each loops calling
 * thread_fn(cpu) whenever thread_should_run(cpu); when its CPU goes down
 * it is parked (park() is called first), and when the CPU comes back it is
 * unparked, bound to the CPU again, and unpark() is called.
 */
#ifndef _KERNEL_SMPBOOT_H
#define _KERNEL_SMPBOOT_H

#include <lib/list.h>
#include <lib/types.h>

struct task_struct;

struct smp_hotplug_thread {
	/* Per-CPU variable where each CPU's thread is stored (DEFINE_PER_CPU). */
	struct task_struct **store;
	struct list_head list;		/* on the list of registered threads */
	/* Called with preemption disabled: must not sleep.  Non-zero runs thread_fn. */
	int (*thread_should_run)(unsigned int cpu);
	void (*thread_fn)(unsigned int cpu);
	void (*create)(unsigned int cpu);	/* after creation, thread parked */
	void (*setup)(unsigned int cpu);	/* in the thread, first time it runs */
	void (*cleanup)(unsigned int cpu, bool online);	/* in the thread, when stopped */
	void (*park)(unsigned int cpu);		/* in the thread, before it parks */
	void (*unpark)(unsigned int cpu);	/* in the thread, after it is unparked */
	const char *thread_comm;		/* "name/%u" */
};

/* Context: process context, sleeps.  Return: 0 or -ENOMEM (nothing left behind). */
int smpboot_register_percpu_thread(struct smp_hotplug_thread *plug_thread);
void smpboot_unregister_percpu_thread(struct smp_hotplug_thread *plug_thread);

/* For cpu_down() and cpu_up(). */
void smpboot_park_threads(unsigned int cpu);
/* Context: process context, sleeps.  Return: 0 or -ENOMEM. */
int smpboot_create_threads(unsigned int cpu);
void smpboot_unpark_threads(unsigned int cpu);

#endif /* _KERNEL_SMPBOOT_H */
