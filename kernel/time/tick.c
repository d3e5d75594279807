// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: every CPU's local APIC timer interrupts it HZ times a
 * second.  The boot CPU's tick also advances jiffies (Linux's
 * tick_do_timer_cpu); every tick lets the timer wheel check for expired
 * timers (run_local_timers()) and the scheduler end time slices
 * (scheduler_tick()).
 *
 * jiffies follow the clock, not the count of interrupts, as Linux's
 * tick_do_update_jiffies64() does: a tick adds the whole periods elapsed
 * since the last update.  Under emulation the host may run a vCPU late or
 * the timer device late, and ticks then arrive in a burst or not at all;
 * counting them would make jiffies run slow or in jumps of time that never
 * passed.  The timer wheel runs every jiffy in between, so a catch-up of
 * several jiffies loses no timer.
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

/* When jiffies last advanced, in ktime_get_ns() time; CPU 0's tick only. */
static u64 last_jiffies_update;

static void tick_do_update_jiffies64(void)
{
	u64 now = ktime_get_ns(), period = NSEC_PER_SEC / HZ, ticks;

	if (now - last_jiffies_update < period)
		return;	/* a tick early against the TSC, or one of a burst */
	ticks = (now - last_jiffies_update) / period;
	last_jiffies_update += ticks * period;
	WRITE_ONCE(jiffies, jiffies + ticks);
}

static DEFINE_PER_CPU(unsigned long, tick_count);

unsigned long this_cpu_tick_count(void)
{
	return READ_ONCE(*this_cpu_ptr(&tick_count));
}

static void tick_interrupt(struct pt_regs *regs)
{
	(*this_cpu_ptr(&tick_count))++;
	if (smp_processor_id() == 0)
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
	last_jiffies_update = ktime_get_ns();
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
