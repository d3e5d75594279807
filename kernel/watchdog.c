// SPDX-License-Identifier: GPL-2.0
/*
 * The soft-lockup detector (Linux's kernel/watchdog.c).
 *
 * A per-CPU thread, "watchdog/N", is woken once a second by a timer pinned
 * to its CPU and records when it last ran.  Every tick of that CPU (hard
 * interrupt, kernel/time/tick.c) compares: if the thread has not run for
 * 2 * watchdog_thresh seconds, the CPU has not scheduled all that time,
 * and the tick reports a soft lockup with the registers and call trace of
 * the context it interrupted, which is the culprit.  If the timer has not
 * even fired, it is the timers that stopped on that CPU, and the report
 * says so instead.
 *
 * Time is counted in this CPU's own ticks, not in jiffies: a virtual CPU
 * that the host does not run takes no ticks, so a busy host never makes
 * an innocent CPU look stuck.  Each stall is reported once.
 *
 * It is also the kernel's own user of the smpboot API, so every boot
 * exercises per-CPU threads through park and unpark.
 */
#define pr_fmt(fmt) "watchdog: " fmt

#include <asm/ptrace.h>
#include <kernel/arch.h>
#include <kernel/jiffies.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/smpboot.h>
#include <kernel/tick.h>
#include <kernel/timer.h>
#include <kernel/watchdog.h>

/*
 * watchdog_thresh=: Linux's name and default; a soft lockup is reported
 * after twice this many seconds, 0 turns the detector off.
 * softlockup_panic=: panic after the report (the test configurations do,
 * so that a lockup ends the boot at once, with every CPU's last task).
 */
int watchdog_thresh = WATCHDOG_THRESH_DEFAULT;
param_int("watchdog_thresh", watchdog_thresh, 0, 3600);
static bool softlockup_panic;
param_bool("softlockup_panic", softlockup_panic);

static DEFINE_PER_CPU(struct task_struct *, watchdog_task);
static DEFINE_PER_CPU(struct timer_list, watchdog_timer);
static DEFINE_PER_CPU(int, watchdog_pending);	/* set by the timer, cleared by the thread */
static DEFINE_PER_CPU(u64, watchdog_touch);	/* jiffies when the thread last ran */
static DEFINE_PER_CPU(unsigned long, watchdog_runs);
/*
 * Written by the thread, read by the tick, both on this CPU: this CPU's
 * tick count when the thread last ran, and whether this stall is reported.
 * watchdog_active: the thread and its timer run here (not parked).
 */
static DEFINE_PER_CPU(unsigned long, watchdog_touch_ticks);
static DEFINE_PER_CPU(bool, watchdog_reported);
static DEFINE_PER_CPU(bool, watchdog_active);

/* Runs on the watched CPU, in softirq context. */
static void watchdog_timer_fn(struct timer_list *t)
{
	unsigned int cpu = smp_processor_id();

	WRITE_ONCE(per_cpu(watchdog_pending, cpu), 1);
	wake_up_process(per_cpu(watchdog_task, cpu));
	mod_timer(t, get_jiffies_64() + HZ);
}

static int watchdog_should_run(unsigned int cpu)
{
	return READ_ONCE(per_cpu(watchdog_pending, cpu));
}

static void watchdog_fn(unsigned int cpu)
{
	WRITE_ONCE(per_cpu(watchdog_pending, cpu), 0);
	WRITE_ONCE(per_cpu(watchdog_touch, cpu), get_jiffies_64());
	WRITE_ONCE(per_cpu(watchdog_touch_ticks, cpu), this_cpu_tick_count());
	WRITE_ONCE(per_cpu(watchdog_reported, cpu), false);
	per_cpu(watchdog_runs, cpu)++;
}

/* In the thread, on its CPU: the timer must fire there. */
static void watchdog_enable(unsigned int cpu)
{
	struct timer_list *t = per_cpu_ptr(&watchdog_timer, cpu);

	timer_setup(t, watchdog_timer_fn, TIMER_PINNED);
	watchdog_fn(cpu);
	t->expires = get_jiffies_64() + HZ;
	add_timer_on(t, cpu);
	WRITE_ONCE(per_cpu(watchdog_active, cpu), true);
}

static void watchdog_disable(unsigned int cpu)
{
	WRITE_ONCE(per_cpu(watchdog_active, cpu), false);
	del_timer_sync(per_cpu_ptr(&watchdog_timer, cpu));
}

static void watchdog_cleanup(unsigned int cpu, bool online)
{
	watchdog_disable(cpu);
}

static struct smp_hotplug_thread watchdog_threads = {
	.store = &watchdog_task,
	.thread_should_run = watchdog_should_run,
	.thread_fn = watchdog_fn,
	.setup = watchdog_enable,
	.cleanup = watchdog_cleanup,
	.park = watchdog_disable,
	.unpark = watchdog_enable,
	.thread_comm = "watchdog/%u",
};

/* Linux's get_softlockup_thresh(), in ticks. */
static unsigned long softlockup_thresh_ticks(void)
{
	return 2UL * READ_ONCE(watchdog_thresh) * HZ;
}

static noinline void softlockup_report(struct pt_regs *regs, unsigned int cpu,
				       unsigned long stuck_ticks, bool timer_fired)
{
	struct task_struct *curr = current;

	if (timer_fired)
		pr_emerg("BUG: soft lockup - CPU#%u stuck for %lus! [%s:%d]\n", cpu,
			 stuck_ticks / HZ, curr->comm, curr->pid);
	else
		pr_emerg("BUG: timer stall - CPU#%u: timers have not run for %lus! [%s:%d]\n", cpu,
			 stuck_ticks / HZ, curr->comm, curr->pid);
	pr_emerg("CPU: %u Comm: %s preempt_count: %#x\n", cpu, curr->comm,
		 preempt_count() - HARDIRQ_OFFSET);
	show_regs(regs);
	show_stack(regs->rbp);
	if (softlockup_panic)
		panic(timer_fired ? "softlockup: hung tasks" : "softlockup: timers stalled");
}

void watchdog_tick(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	unsigned long touch, stuck;

	watchdog_buddy_tick();
	if (!READ_ONCE(per_cpu(watchdog_active, cpu)) || !READ_ONCE(watchdog_thresh))
		return;
	touch = READ_ONCE(per_cpu(watchdog_touch_ticks, cpu));
	stuck = this_cpu_tick_count() - touch;
	if (stuck < softlockup_thresh_ticks() || per_cpu(watchdog_reported, cpu))
		return;
	per_cpu(watchdog_reported, cpu) = true;
	softlockup_report(regs, cpu, stuck, READ_ONCE(per_cpu(watchdog_pending, cpu)));
}

void lockup_detector_init(void)
{
	if (smpboot_register_percpu_thread(&watchdog_threads))
		pr_err("watchdog: cannot create the per-CPU threads\n");
}

u64 watchdog_last_touch(unsigned int cpu)
{
	return READ_ONCE(per_cpu(watchdog_touch, cpu));
}

unsigned long watchdog_run_count(unsigned int cpu)
{
	return READ_ONCE(per_cpu(watchdog_runs, cpu));
}

struct task_struct *watchdog_thread(unsigned int cpu)
{
	return READ_ONCE(per_cpu(watchdog_task, cpu));
}
