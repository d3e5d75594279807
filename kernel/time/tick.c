// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: every CPU's local APIC timer interrupts it HZ times a
 * second.  Every tick advances jiffies if a period has passed, lets the
 * timer wheel check for expired timers (run_local_timers()) and the
 * scheduler end time slices (scheduler_tick()).
 *
 * jiffies follow the clock, not the count of interrupts, as Linux's
 * tick_do_update_jiffies64() does: a tick adds the whole periods elapsed
 * since the last update.  Under emulation the host may run a vCPU late or
 * the timer device late, and ticks then arrive in a burst or not at all;
 * counting them would make jiffies run slow or in jumps of time that never
 * passed.  The timer wheel runs every jiffy in between, so a catch-up of
 * several jiffies loses no timer.
 *
 * Any CPU's tick may do it (Linux lets any CPU take over
 * tick_do_timer_cpu): were it only CPU 0's, jiffies would stand still
 * whenever the host stops CPU 0's vCPU, and a sleep measured from them on
 * another CPU would end early.  No lock (Linux takes jiffies_lock): jiffies
 * are the whole periods since jiffies_base_ns, so a CPU computes them from
 * the clock and stores them with a cmpxchg if they are ahead of what is
 * there.  jiffies only grow, never run ahead of the clock, and a CPU the
 * host stops half-way through an update holds up no other CPU's.
 */
#define pr_fmt(fmt) "tick: " fmt

#include <asm/apic.h>
#include <asm/irq.h>
#include <kernel/interrupt.h>
#include <kernel/jiffies.h>
#include <kernel/ktime.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <kernel/vt.h>
#include <kernel/watchdog.h>

unsigned int tick_hz = HZ_DEFAULT;
param_int("hz", tick_hz, 10, 1000);

volatile u64 jiffies;

/* The ktime_get_ns() time at which jiffies were 0: set once, by time_init(). */
static u64 jiffies_base_ns;

void tick_do_update_jiffies64(void)
{
	u64 now = ktime_get_ns(), j = get_jiffies_64(), target;

	/* Signed: this CPU's clock may read a little behind another's. */
	if ((s64)(now - jiffies_base_ns) < 0)
		return;
	target = (now - jiffies_base_ns) / (NSEC_PER_SEC / HZ);
	while (time_after(target, j)) {
		if (__atomic_compare_exchange_n(&jiffies, &j, target, false, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			break;
		/* j is now what another CPU stored: done, unless it is still behind. */
	}
}

static DEFINE_PER_CPU(unsigned long, tick_count);

unsigned long this_cpu_tick_count(void)
{
	return READ_ONCE(*this_cpu_ptr(&tick_count));
}

unsigned long cpu_tick_count(unsigned int cpu)
{
	return READ_ONCE(per_cpu(tick_count, cpu));
}

static void tick_interrupt(struct pt_regs *regs)
{
	(*this_cpu_ptr(&tick_count))++;
	tick_do_update_jiffies64();
	apic_eoi();
	run_local_timers();
	scheduler_tick();
	watchdog_tick(regs);
	vt_console_tick();
}

void time_init(void)
{
	apic_timer_calibrate();
	jiffies_base_ns = ktime_get_ns();
	set_intr_handler(LOCAL_TIMER_VECTOR, tick_interrupt);
	apic_timer_start(HZ);
	pr_info("periodic tick at %u Hz\n", HZ);
}

void tick_start_secondary(void)
{
	apic_timer_start(HZ);
}

void tick_stop_local(void)
{
	apic_timer_stop();
}
