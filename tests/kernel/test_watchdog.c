// SPDX-License-Identifier: GPL-2.0
/*
 * The watchdogs' decisions (kernel/watchdog.c, kernel/watchdog_buddy.c,
 * kernel/hung_task.c, the work timeout of kernel/kthread_worker.c),
 * checked without a report: a report fails the run (tests/runner).  That
 * each detector really reports is shown by the selftest-softlockup,
 * -hardlockup, -hung_task and -work_timeout boots of
 * tests/runner/configs.py.
 */
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/kthread_worker.h>
#include <kernel/ktime.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/watchdog.h>
#include <lib/string.h>

#include "test_threads.h"

static char logged[512];

/* Parses @line with the kernel's own parameters; keeps what was logged. */
static int parse(const char *line)
{
	char buf[128];
	u64 pos = log_buf_pos();
	int problems;

	strscpy(buf, line, sizeof(buf));
	problems = parse_kernel_params(buf);
	log_buf_copy(pos, logged, sizeof(logged));
	return problems;
}

static void malformed_thresholds_are_reported_and_keep_the_value(struct ktest *t)
{
	int thresh = watchdog_thresh;

	KEXPECT_EQ(t, parse("watchdog_thresh=ten"), 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "bad value \"ten\" for watchdog_thresh="));
	KEXPECT_EQ(t, watchdog_thresh, thresh);
	KEXPECT_EQ(t, parse("watchdog_thresh=-1"), 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "watchdog_thresh=-1 is out of range"));
	KEXPECT_EQ(t, watchdog_thresh, thresh);
	KEXPECT_EQ(t, parse("hung_task_timeout_secs=soon"), 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "bad value \"soon\" for hung_task_timeout_secs="));
	KEXPECT_EQ(t, parse("work_timeout_secs"), 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "work_timeout_secs needs a value"));
	KEXPECT_EQ(t, parse("softlockup_panic=maybe hung_task_panic=maybe"), 2);
}

struct sleeper {
	unsigned int state; /* the state it sleeps in */
	int release;	    /* set, then wake it: it returns */
};

static int sleep_until_released(void *arg)
{
	struct sleeper *s = arg;

	for (;;) {
		set_current_state(s->state);
		if (READ_ONCE(s->release))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Waits until @p sleeps in @state having switched more than @nvcsw times. */
static void wait_asleep(struct task_struct *p, unsigned int state, unsigned long nvcsw)
{
	while (READ_ONCE(p->nvcsw) <= nvcsw || !wait_task_inactive(p, state))
		msleep(1);
}

static void release(struct test_thread *th, struct sleeper *s)
{
	WRITE_ONCE(s->release, 1);
	wake_up_state(th->task, TASK_NORMAL);
	test_thread_join(th);
}

/* Linux's rule: no context switch for the timeout, reported once per sleep. */
static void blocked_task_is_hung_after_the_timeout_once_per_sleep(struct ktest *t)
{
	struct sleeper s = { .state = TASK_UNINTERRUPTIBLE };
	struct test_thread th;
	unsigned long nvcsw;
	u64 now;

	KASSERT_EQ(t, test_thread_start(&th, sleep_until_released, &s, "ktest-hung", -1), 0);
	wait_asleep(th.task, TASK_UNINTERRUPTIBLE, 0);
	/*
	 * The first look notes its switch count and the time, unless
	 * khungtaskd looked first, a moment earlier: hence the margins.
	 */
	now = get_jiffies_64();
	hung_task_check(th.task, now, 10 * HZ);
	KEXPECT_FALSE(t, hung_task_check(th.task, now + 5 * HZ, 10 * HZ));
	KEXPECT_TRUE(t, hung_task_check(th.task, now + 10 * HZ, 10 * HZ));
	KEXPECT_FALSE(t, hung_task_check(th.task, now + 100 * HZ, 10 * HZ));

	/* Woken and asleep again: a new sleep, timed from when it was seen. */
	nvcsw = READ_ONCE(th.task->nvcsw);
	wake_up_process(th.task);
	wait_asleep(th.task, TASK_UNINTERRUPTIBLE, nvcsw);
	now = get_jiffies_64();
	KEXPECT_FALSE(t, hung_task_check(th.task, now, 10 * HZ));
	KEXPECT_FALSE(t, hung_task_check(th.task, now + 5 * HZ, 10 * HZ));
	KEXPECT_TRUE(t, hung_task_check(th.task, now + 10 * HZ, 10 * HZ));
	release(&th, &s);
}

/* Linux skips them too: they can be killed, or are idle on purpose. */
static void interruptible_killable_and_idle_sleepers_are_never_hung(struct ktest *t)
{
	static const unsigned int states[] = {
		TASK_INTERRUPTIBLE,
		TASK_KILLABLE,
		TASK_IDLE,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		struct sleeper s = { .state = states[i] };
		struct test_thread th;
		u64 now;

		KASSERT_EQ(t, test_thread_start(&th, sleep_until_released, &s, "ktest-nothung", -1),
			   0);
		wait_asleep(th.task, states[i], 0);
		now = get_jiffies_64();
		hung_task_check(th.task, now, HZ);
		KEXPECT_FALSE(t, hung_task_check(th.task, now + 100 * HZ, HZ));
		release(&th, &s);
	}
	/* Nor is a task that is running. */
	KEXPECT_FALSE(t, hung_task_check(current, get_jiffies_64() + 100 * HZ, HZ));
}

struct slow_work {
	struct kthread_work work;
	struct completion started, finish;
};

static void slow_work_fn(struct kthread_work *work)
{
	struct slow_work *sw = container_of(work, struct slow_work, work);

	complete(&sw->started);
	wait_for_completion(&sw->finish);
}

static void long_work_is_named_once_and_forgotten_when_done(struct ktest *t)
{
	struct kthread_worker *worker = kthread_create_worker(0, "ktest-wdog");
	struct slow_work sw;
	u64 now;

	KASSERT_NOT_ERR(t, worker);
	kthread_init_work(&sw.work, slow_work_fn);
	init_completion(&sw.started);
	init_completion(&sw.finish);

	KEXPECT_NULL(t, kthread_worker_stuck_work(worker, get_jiffies_64() + 100 * HZ, HZ));
	kthread_queue_work(worker, &sw.work);
	wait_for_completion(&sw.started);
	now = get_jiffies_64();
	KEXPECT_NULL(t, kthread_worker_stuck_work(worker, now, 10 * HZ));
	KEXPECT_TRUE(t, kthread_worker_stuck_work(worker, now + 10 * HZ, 10 * HZ) == slow_work_fn);
	KEXPECT_NULL(t, kthread_worker_stuck_work(worker, now + 20 * HZ, 10 * HZ));

	complete(&sw.finish);
	kthread_flush_work(&sw.work); /* its barrier is never timed either */
	KEXPECT_NULL(t, kthread_worker_stuck_work(worker, now + 100 * HZ, HZ));

	/* The next run is a new one, reported again. */
	reinit_completion(&sw.started);
	reinit_completion(&sw.finish);
	kthread_queue_work(worker, &sw.work);
	wait_for_completion(&sw.started);
	KEXPECT_TRUE(t, kthread_worker_stuck_work(worker, now + 100 * HZ, HZ) == slow_work_fn);
	complete(&sw.finish);
	kthread_destroy_worker(worker);
}

#define PROBES 5

struct spinner {
	bool irqs_off; /* spin with interrupts off, or on */
	int spinning;  /* set once it spins */
	int stop;      /* set by the test */
};

static int spinner_fn(void *arg)
{
	struct spinner *sp = arg;
	u64 end = ktime_get_ns() + 10 * NSEC_PER_SEC; /* a broken test ends anyway */
	unsigned long flags = 0;

	if (sp->irqs_off)
		local_irq_save(flags);
	WRITE_ONCE(sp->spinning, 1);
	while (!READ_ONCE(sp->stop) && ktime_get_ns() < end)
		cpu_relax();
	if (sp->irqs_off)
		local_irq_restore(flags);
	return 0;
}

/* Probes the CPU after this one while a thread spins there; counts the "off" answers. */
static int probe_a_spinner(struct ktest *t, bool irqs_off, int *answered)
{
	struct spinner sp = { .irqs_off = irqs_off };
	unsigned int cpu = test_next_cpu(smp_processor_id());
	struct test_thread th;
	int i, off = 0;

	*answered = 0;
	KASSERT_EQ(t, test_thread_start(&th, spinner_fn, &sp, "ktest-spinner", cpu), 0);
	while (!READ_ONCE(sp.spinning))
		msleep(1);
	for (i = 0; i < PROBES; i++) {
		int answer = watchdog_hardlockup_probe(cpu);

		if (answer >= 0)
			(*answered)++;
		if (answer == 1)
			off++;
		msleep(1); /* apart, so that one interrupt handler does not take them all */
	}
	WRITE_ONCE(sp.stop, 1);
	test_thread_join(&th);
	return off;
}

/*
 * The hard-lockup detector reports a CPU whose ticks stopped only if its
 * NMI finds interrupts off there: a vCPU the host merely stopped, or a
 * CPU whose timer is late, has them on.  A CPU spinning with interrupts
 * off answers "off" every time; one spinning with them on answers "on",
 * but for probes that land where the spinner is not running with them on
 * (an interrupt handler, a switch to another task): at least once.
 */
static void hardlockup_probe_tells_interrupts_off_from_late(struct ktest *t)
{
	int answered, off;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU to probe");
	off = probe_a_spinner(t, true, &answered);
	KEXPECT_EQ(t, answered, PROBES);
	KEXPECT_EQ(t, off, PROBES);
	off = probe_a_spinner(t, false, &answered);
	KEXPECT_EQ(t, answered, PROBES);
	KEXPECT_LT(t, off, PROBES);
	KEXPECT_EQ(t, watchdog_hardlockup_probe(smp_processor_id()), -1);
}

static struct ktest_case watchdog_cases[] = {
	KTEST_CASE(malformed_thresholds_are_reported_and_keep_the_value),
	KTEST_CASE(blocked_task_is_hung_after_the_timeout_once_per_sleep),
	KTEST_CASE(interruptible_killable_and_idle_sleepers_are_never_hung),
	KTEST_CASE(long_work_is_named_once_and_forgotten_when_done),
	KTEST_CASE(hardlockup_probe_tells_interrupts_off_from_late),
	{}
};
static struct ktest_suite watchdog_suite = {
	.name = "watchdog",
	.cases = watchdog_cases,
};
ktest_register_suite(watchdog_suite);
