// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug (Linux's kernel/cpu.c, reduced to its kthread-visible steps).
 *
 * Going down, in order:
 *   1. park the CPU's per-CPU threads (smpboot_park_threads());
 *   2. clear it from cpu_active_mask: no task is placed there any more;
 *   3. on the CPU itself (take_cpu_down(), by IPI): clear it from
 *      cpu_online_mask, send its waiting tasks elsewhere and preempt the
 *      running one, which then follows (sched_cpu_dying());
 *   4. its idle task sees the CPU offline and halts in cpuhp_idle_dead(),
 *      with its tick stopped; we wait for that;
 *   5. move the timers it still had to this CPU (timers_dead_cpu()).
 * Coming up reverses it: the per-CPU threads registered while it was down
 * are created (parked; if one cannot be, the CPU stays down), then it is
 * online and active again, a reschedule IPI wakes it from
 * cpuhp_idle_dead(), which restarts its tick, and the per-CPU threads are
 * unparked, which binds each to the CPU again (kthread_unpark()).
 */
#define pr_fmt(fmt) "cpuhp: " fmt

#include <asm/apic.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/switch_to.h>
#include <kernel/cpu.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/mutex.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/smpboot.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <kernel/trace.h>
#include <lib/errno.h>

#define CPUHP_WAIT_MS 1000

static DEFINE_MUTEX(cpu_hotplug_lock);

/* Set by a dead CPU's idle task once it has stopped; cleared when it is back. */
static DEFINE_PER_CPU(int, cpu_dead);

void cpuhp_idle_dead(void)
{
	unsigned int cpu = smp_processor_id();

	tick_stop_local();
	__atomic_store_n(this_cpu_ptr(&cpu_dead), 1, __ATOMIC_RELEASE);
	while (cpu_is_offline(cpu)) {
		arch_safe_halt();	/* cpu_up()'s IPI wakes us */
		local_irq_disable();
	}
	/* Unmaps made while we were down flushed every TLB but ours. */
	flush_tlb_local();
	tick_start_secondary();
	__atomic_store_n(this_cpu_ptr(&cpu_dead), 0, __ATOMIC_RELEASE);
}

/* By IPI, on the dying CPU, interrupts off. */
static void take_cpu_down(void *unused)
{
	set_cpu_online(smp_processor_id(), false);
	sched_cpu_dying();
}

/*
 * Waits, sleeping, until @cpu's dead state is @dead.  A running vCPU gets
 * there within microseconds; one the host has stopped, whenever the host
 * runs it again.  Going on without it would move the timers of a CPU that
 * still runs them, or unpark threads onto a CPU without a tick, so this
 * says so after CPUHP_WAIT_MS and goes on waiting.
 */
static void wait_for_dead_state(unsigned int cpu, int dead)
{
	int ms = 0;

	while (__atomic_load_n(per_cpu_ptr(&cpu_dead, cpu), __ATOMIC_ACQUIRE) != dead) {
		msleep(1);
		if (++ms == CPUHP_WAIT_MS)
			pr_warn("CPU%u has not %s after %d ms; still waiting\n", cpu,
				dead ? "reached its dead state" : "come back", CPUHP_WAIT_MS);
	}
}

/* Steps 1-5 of going down; called with cpu_hotplug_lock held, @cpu online. */
static void take_cpu_offline(unsigned int cpu)
{
	smpboot_park_threads(cpu);
	set_cpu_active(cpu, false);
	smp_call_function_single(cpu, take_cpu_down, NULL, true);
	wait_for_dead_state(cpu, 1);
	timers_dead_cpu(cpu);
}

/* Coming back up; called with cpu_hotplug_lock held, @cpu offline. */
static void bring_cpu_online(unsigned int cpu)
{
	set_cpu_online(cpu, true);
	set_cpu_active(cpu, true);
	arch_send_reschedule_ipi(cpu);
	wait_for_dead_state(cpu, 0);
	smpboot_unpark_threads(cpu);
}

/* Both directions: the checks and the lock are the same. */
static int cpu_set_online(unsigned int cpu, bool online)
{
	int ret = 0;

	if (cpu >= NR_CPUS || !cpumask_test_cpu(cpu, cpu_possible_mask))
		return -EINVAL;
	if (!online && cpu == 0)
		return -EBUSY;

	mutex_lock(&cpu_hotplug_lock);
	trace_cpu_hotplug(cpu, online, false, 0);
	if (cpu_online(cpu) == online) {
		ret = -EINVAL;		/* already there */
		goto out;
	}
	if (online) {
		/*
		 * Before the CPU takes work, as Linux's CPUHP_CREATE_THREADS
		 * does: a CPU without its per-CPU threads stays down.
		 */
		ret = smpboot_create_threads(cpu);
		if (ret)
			goto out;
		bring_cpu_online(cpu);
	} else {
		take_cpu_offline(cpu);
	}
	pr_info("CPU%u is %s\n", cpu, online ? "up" : "down");
out:
	trace_cpu_hotplug(cpu, online, true, ret);
	mutex_unlock(&cpu_hotplug_lock);
	return ret;
}

int cpu_down(unsigned int cpu)
{
	return cpu_set_online(cpu, false);
}

int cpu_up(unsigned int cpu)
{
	return cpu_set_online(cpu, true);
}
