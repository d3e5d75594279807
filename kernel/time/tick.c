// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: every CPU's local APIC timer interrupts it HZ times a
 * second.  The boot CPU's tick also advances jiffies (Linux's
 * tick_do_timer_cpu); every tick lets the timer wheel check for expired
 * timers (run_local_timers()) and the scheduler end time slices
 * (scheduler_tick()).
 */
#define pr_fmt(fmt) "tick: " fmt

#include <asm/apic.h>
#include <asm/irq.h>
#include <kernel/interrupt.h>
#include <kernel/jiffies.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <kernel/watchdog.h>

unsigned int tick_hz = HZ_DEFAULT;
param_int("hz", tick_hz, 10, 1000);

volatile u64 jiffies;

static DEFINE_PER_CPU(unsigned long, tick_count);

unsigned long this_cpu_tick_count(void)
{
	return READ_ONCE(*this_cpu_ptr(&tick_count));
}

static void tick_interrupt(struct pt_regs *regs)
{
	(*this_cpu_ptr(&tick_count))++;
	if (smp_processor_id() == 0)
		WRITE_ONCE(jiffies, jiffies + 1);
	apic_eoi();
	run_local_timers();
	scheduler_tick();
	watchdog_tick(regs);
}

void time_init(void)
{
	apic_timer_calibrate();
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
