// SPDX-License-Identifier: GPL-2.0
/*
 * khungtaskd: the hung-task detector (Linux's kernel/hung_task.c), and the
 * kthread_worker work timeout, which it checks at the same time.
 *
 * Every few seconds the thread looks at every task.  One that sleeps in
 * TASK_UNINTERRUPTIBLE (not killable, not TASK_IDLE) and whose
 * context-switch count has not moved for hung_task_timeout_secs has been
 * waiting all that time for something that does not come: it is reported
 * with the call trace of its wait, unwound from the context it saved when
 * it switched out.  Each sleep is reported once; hung_task_warnings caps
 * the reports of a boot.  Then every kthread_worker whose current work has
 * been running for work_timeout_secs is reported, naming the work's
 * function (kthread_worker_report_stuck_works()).
 *
 * Time is jiffies: the boot CPU's ticks, which a virtual CPU the host does
 * not run does not take, so a busy host makes waits look shorter, never
 * longer.
 */
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/watchdog.h>
#include <lib/err.h>

/* Linux's names and defaults; 0 turns a check off. */
static int hung_task_timeout_secs = HUNG_TASK_TIMEOUT_DEFAULT;
param_int("hung_task_timeout_secs", hung_task_timeout_secs, 0, 86400);
static int work_timeout_secs = WORK_TIMEOUT_DEFAULT;
param_int("work_timeout_secs", work_timeout_secs, 0, 86400);
/* 0: a quarter of the shorter timeout, so a hang is reported soon after it. */
static int hung_task_check_interval_secs;
param_int("hung_task_check_interval_secs", hung_task_check_interval_secs, 0, 86400);
/* Reports left for this boot; -1: no limit. */
static int hung_task_warnings = 10;
param_int("hung_task_warnings", hung_task_warnings, -1, 1000000);
/* Panic after a scan that found a hung task or a stuck work. */
static bool hung_task_panic;
param_bool("hung_task_panic", hung_task_panic);

/* Tasks reported per scan; the rest wait for the next scan. */
#define HUNG_TASK_BATCH 8

struct hung_task_scan {
	u64 now, timeout;	  /* jiffies */
	struct task_struct *only; /* look at this task alone (a test); NULL: all */
	unsigned int nr;
	struct task_struct *found[HUNG_TASK_BATCH]; /* each with a reference */
};

/*
 * Linux's check_hung_task(): is @t blocked for @timeout at @now, and not
 * yet reported?  Records the switch count it saw, and marks @t reported
 * when it says yes.  Under tasklist_lock.
 */
static bool task_is_hung(struct task_struct *t, u64 now, u64 timeout)
{
	unsigned int state = task_state(t);
	unsigned long switch_count;

	if (!(state & TASK_UNINTERRUPTIBLE) || (state & (TASK_WAKEKILL | TASK_NOLOAD)))
		return false;
	switch_count = READ_ONCE(t->nvcsw) + READ_ONCE(t->nivcsw);
	if (switch_count != t->last_switch_count) {
		t->last_switch_count = switch_count;
		t->last_switch_time = now;
		t->hung_task_reported = false;
		return false;
	}
	if (time_before(now, t->last_switch_time + timeout) || t->hung_task_reported)
		return false;
	t->hung_task_reported = true;
	return true;
}

/*
 * Under tasklist_lock, with interrupts off, so it only notes the task;
 * hung_task_report() prints, outside the lock.
 */
static void check_hung_task(struct task_struct *t, void *scan_ptr)
{
	struct hung_task_scan *scan = scan_ptr;

	if ((scan->only && t != scan->only) || scan->nr == HUNG_TASK_BATCH)
		return;
	if (task_is_hung(t, scan->now, scan->timeout)) {
		get_task_struct(t);
		scan->found[scan->nr++] = t;
	}
}

bool hung_task_check(struct task_struct *t, u64 now, u64 timeout)
{
	struct hung_task_scan scan = { .now = now, .timeout = timeout, .only = t };

	for_each_task(check_hung_task, &scan);
	if (scan.nr)
		put_task_struct(t);
	return scan.nr;
}

static void hung_task_report(struct task_struct *t)
{
	if (hung_task_warnings) {
		if (hung_task_warnings > 0)
			hung_task_warnings--;
		pr_err("INFO: task %s:%d blocked for more than %d seconds.\n", t->comm, t->pid,
		       hung_task_timeout_secs);
		pr_err("      hung_task_timeout_secs=0 on the command line disables this message.\n");
		sched_show_task(t);
	}
}

/* Return: how many tasks were reported. */
static unsigned int check_hung_uninterruptible_tasks(void)
{
	struct hung_task_scan scan = {
		.now = get_jiffies_64(),
		.timeout = (u64)hung_task_timeout_secs * HZ,
	};
	unsigned int i;

	for_each_task(check_hung_task, &scan);
	for (i = 0; i < scan.nr; i++) {
		hung_task_report(scan.found[i]);
		put_task_struct(scan.found[i]);
	}
	return scan.nr;
}

static long check_interval_jiffies(void)
{
	int secs = hung_task_timeout_secs;

	if (hung_task_check_interval_secs)
		return (long)hung_task_check_interval_secs * HZ;
	if (!secs || (work_timeout_secs && work_timeout_secs < secs))
		secs = work_timeout_secs;
	return max((long)secs * HZ / 4, (long)HZ / 4);
}

static int khungtaskd(void *unused)
{
	long interval = check_interval_jiffies();

	for (;;) {
		unsigned int tasks = 0, works = 0;

		schedule_timeout_interruptible(interval);
		if (hung_task_timeout_secs)
			tasks = check_hung_uninterruptible_tasks();
		if (work_timeout_secs)
			works = kthread_worker_report_stuck_works((u64)work_timeout_secs * HZ,
								  work_timeout_secs);
		if (tasks && hung_task_panic)
			panic("hung_task: blocked tasks");
		if (works && hung_task_panic)
			panic("hung_task: works running too long");
	}
	return 0;
}

void hung_task_init(void)
{
	struct task_struct *t;

	if (!hung_task_timeout_secs && !work_timeout_secs)
		return;
	t = kthread_run(khungtaskd, NULL, "khungtaskd");
	if (IS_ERR(t))
		pr_err("hung_task: cannot create khungtaskd: %ld\n", PTR_ERR(t));
}
