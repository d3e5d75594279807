// SPDX-License-Identifier: GPL-2.0
/*
 * The watchdog heartbeat: a per-CPU thread, "watchdog/N", woken once a
 * second by a timer pinned to its CPU, that records when it last ran.
 *
 * A CPU whose timer fires but whose thread never gets to run is not
 * scheduling: that is what the soft-lockup detector looks for (Linux's
 * kernel/watchdog.c; the detector itself comes with the reliability
 * work).  It is also the kernel's own user of the smpboot API, so every
 * boot exercises per-CPU threads through park and unpark.
 */
#include <kernel/jiffies.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/smpboot.h>
#include <kernel/timer.h>
#include <kernel/watchdog.h>

static DEFINE_PER_CPU(struct task_struct *, watchdog_task);
static DEFINE_PER_CPU(struct timer_list, watchdog_timer);
static DEFINE_PER_CPU(int, watchdog_pending);	/* set by the timer, cleared by the thread */
static DEFINE_PER_CPU(u64, watchdog_touch);	/* jiffies when the thread last ran */
static DEFINE_PER_CPU(unsigned long, watchdog_runs);

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
}

static void watchdog_disable(unsigned int cpu)
{
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
