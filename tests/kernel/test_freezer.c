// SPDX-License-Identifier: GPL-2.0
/*
 * The freezer (kernel/freezer.c): freezable kernel threads stop at their
 * next freeze point and make no progress until thawed; threads that did
 * not set_freezable() (kthreadd among them) keep running; a freezable
 * thread that never reaches a freeze point makes the freeze fail, named in
 * the log, and the others are thawed; kthread_stop() of a frozen thread
 * returns without a thaw (the kthread_freezable_should_stop() path).
 *
 * The cases run in init (PF_NOFREEZE, like every thread kthreadd makes
 * until it calls set_freezable()).  Each thaws what it froze, whatever
 * happens, before it checks.
 */
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/freezer.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <lib/err.h>
#include <lib/errno.h>
#include <lib/string.h>

#include "test_threads.h"

/* As in test_kthread.c: polls @cond, a tick at a time, for up to @ms. */
#define wait_until(cond, ms)                                                     \
	({                                                                       \
		u64 __end = get_jiffies_64() + msecs_to_jiffies(ms) + 1;         \
		bool __ok;                                                       \
		while (!(__ok = (cond)) && time_before(get_jiffies_64(), __end)) \
			schedule_timeout_uninterruptible(1);                     \
		__ok;                                                            \
	})

struct worker {
	unsigned long progress; /* loops done */
	bool freezable;		/* calls set_freezable() first */
	bool was_frozen;	/* kthread_freezable_should_stop() said so once */
	bool nofreeze_cleared;	/* PF_NOFREEZE was gone after set_freezable() */
	int ret;
};

/* A loop with a freeze point, try_to_freeze(), at the top of each turn. */
static int try_to_freeze_worker(void *arg)
{
	struct worker *w = arg;

	if (w->freezable) {
		set_freezable();
		w->nofreeze_cleared = !(current->flags & PF_NOFREEZE);
	}
	while (!kthread_should_stop()) {
		try_to_freeze();
		WRITE_ONCE(w->progress, w->progress + 1);
		schedule_timeout_interruptible(1);
	}
	return w->ret;
}

/* The same loop, frozen in kthread_freezable_should_stop(). */
static int freezable_should_stop_worker(void *arg)
{
	struct worker *w = arg;
	bool was_frozen;

	set_freezable();
	while (!kthread_freezable_should_stop(&was_frozen)) {
		if (was_frozen)
			WRITE_ONCE(w->was_frozen, true);
		WRITE_ONCE(w->progress, w->progress + 1);
		schedule_timeout_interruptible(1);
	}
	return w->ret;
}

static struct task_struct *start_worker(struct worker *w, int (*fn)(void *), const char *name)
{
	struct task_struct *k = kthread_run(fn, w, "%s", name);

	if (!IS_ERR(k) && !wait_until(READ_ONCE(w->progress) > 0, 2000)) {
		kthread_stop(k);
		return ERR_PTR(-ETIMEDOUT);
	}
	return k;
}

/*
 * freeze_kernel_threads() thaws by itself when it fails; thawing again
 * would unbalance the freezing count.
 */
static void thaw_after(int freeze_ret)
{
	if (!freeze_ret)
		thaw_kernel_threads();
}

/* Sleeps @ms and says whether @w made progress meanwhile. */
static bool progressed_during(struct worker *w, unsigned int ms)
{
	unsigned long before = READ_ONCE(w->progress);

	msleep(ms);
	return READ_ONCE(w->progress) != before;
}

static void freezable_thread_makes_no_progress_until_thawed(struct ktest *t)
{
	struct worker w = { .freezable = true, .ret = 3 };
	struct task_struct *k = start_worker(&w, try_to_freeze_worker, "ktest-freezable");
	bool frozen_then, progressed_frozen, thawed_then;
	unsigned int state_then;
	int ret;

	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, w.nofreeze_cleared);
	ret = freeze_kernel_threads();
	frozen_then = frozen(k);
	state_then = task_state(k);
	progressed_frozen = progressed_during(&w, 50);
	thaw_after(ret);
	thawed_then = wait_until(!frozen(k), 1000);

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, frozen_then);
	KEXPECT_EQ(t, state_then, TASK_FROZEN);
	KEXPECT_FALSE(t, progressed_frozen);
	KEXPECT_TRUE(t, thawed_then);
	KEXPECT_TRUE(t, wait_until(progressed_during(&w, 10), 1000));
	KEXPECT_EQ(t, kthread_stop(k), 3);
}

static void non_freezable_thread_keeps_running_while_frozen(struct ktest *t)
{
	struct worker fw = { .freezable = true }, nw = { .freezable = false };
	struct task_struct *fk, *nk;
	bool fk_frozen, nk_frozen, nk_progressed, fw_progressed;
	int ret;

	fk = start_worker(&fw, try_to_freeze_worker, "ktest-freezable");
	KASSERT_NOT_ERR(t, fk);
	nk = start_worker(&nw, try_to_freeze_worker, "ktest-nofreeze");
	if (IS_ERR(nk)) {
		kthread_stop(fk);
		KASSERT_NOT_ERR(t, nk);
	}
	KEXPECT_TRUE(t, nk->flags & PF_NOFREEZE);
	ret = freeze_kernel_threads();
	fk_frozen = frozen(fk);
	nk_frozen = frozen(nk);
	/* Its try_to_freeze() calls pass straight through. */
	nk_progressed = wait_until(progressed_during(&nw, 20), 1000);
	fw_progressed = progressed_during(&fw, 20);
	thaw_after(ret);

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, fk_frozen);
	KEXPECT_FALSE(t, nk_frozen);
	KEXPECT_TRUE(t, nk_progressed);
	KEXPECT_FALSE(t, fw_progressed);
	KEXPECT_EQ(t, kthread_stop(fk), 0);
	KEXPECT_EQ(t, kthread_stop(nk), 0);
}

/* A thread that kthreadd creates while frozen, to show kthreadd still works. */
static int report_fn(void *arg)
{
	WRITE_ONCE(*(int *)arg, 1);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static void kthreadd_never_freezes(struct ktest *t)
{
	struct worker w = { .freezable = true };
	struct task_struct *k, *late = NULL;
	bool kthreadd_freezing, kthreadd_frozen, late_ran = false;
	int ret, ran = 0;

	KASSERT_NOT_NULL(t, kthreadd_task);
	KEXPECT_TRUE(t, kthreadd_task->flags & PF_NOFREEZE);
	k = start_worker(&w, try_to_freeze_worker, "ktest-freezable");
	KASSERT_NOT_ERR(t, k);
	ret = freeze_kernel_threads();
	kthreadd_freezing = freezing(kthreadd_task);
	kthreadd_frozen = frozen(kthreadd_task) || task_state(kthreadd_task) == TASK_FROZEN;
	/* kthreadd answers creation requests in the middle of a freeze. */
	late = kthread_run(report_fn, &ran, "ktest-late");
	if (!IS_ERR(late))
		late_ran = wait_until(READ_ONCE(ran), 2000);
	thaw_after(ret);

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_FALSE(t, kthreadd_freezing);
	KEXPECT_FALSE(t, kthreadd_frozen);
	KEXPECT_NOT_ERR(t, late);
	KEXPECT_TRUE(t, late_ran);
	if (!IS_ERR(late))
		KEXPECT_EQ(t, kthread_stop(late), 0);
	KEXPECT_EQ(t, kthread_stop(k), 0);
}

static void nofreeze_threads_are_never_freezing(struct ktest *t)
{
	struct worker w = { .freezable = true };
	struct task_struct *k = start_worker(&w, try_to_freeze_worker, "ktest-freezable");
	bool current_freezing, froze, worker_freezing;
	int ret;

	KASSERT_NOT_ERR(t, k);
	KEXPECT_FALSE(t, freezing(current));
	KEXPECT_FALSE(t, freezing(k));
	KEXPECT_FALSE(t, try_to_freeze());
	ret = freeze_kernel_threads();
	current_freezing = freezing(current);
	worker_freezing = freezing(k);
	froze = try_to_freeze(); /* init is PF_NOFREEZE: returns at once */
	thaw_after(ret);

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_FALSE(t, current_freezing);
	KEXPECT_TRUE(t, worker_freezing);
	KEXPECT_FALSE(t, froze);
	KEXPECT_FALSE(t, freezing(k));
	KEXPECT_EQ(t, kthread_stop(k), 0);
}

struct refuser {
	int release;
	int started;
};

/* Freezable, but sleeps uninterruptibly without ever calling try_to_freeze(). */
static int refuser_fn(void *arg)
{
	struct refuser *s = arg;

	set_freezable();
	WRITE_ONCE(s->started, 1);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(s->release))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Starts a refuser thread and waits until it sleeps out of the freezer's reach. */
static struct task_struct *start_refuser(struct refuser *s)
{
	struct task_struct *k = kthread_run(refuser_fn, s, "ktest-refuser");

	if (!IS_ERR(k))
		wait_until(READ_ONCE(s->started) && task_state(k) == TASK_UNINTERRUPTIBLE, 2000);
	return k;
}

static int stop_refuser(struct task_struct *k, struct refuser *s)
{
	WRITE_ONCE(s->release, 1);
	wake_up_process(k);
	return kthread_stop(k);
}

/* The log written since @pos, in a kmalloc()ed string (or NULL). */
static char *log_since(u64 pos)
{
	size_t size = 4096, len;
	char *log = kmalloc(size, GFP_KERNEL);

	if (log) {
		len = log_buf_copy(pos, log, size - 1);
		log[len] = '\0';
	}
	return log;
}

/*
 * Linux's freeze_processes(): "Freezing of tasks failed after %d.%03d
 * seconds (%d tasks refusing to freeze ...)", then each refusing task, and
 * everything is thawed.  This waits the freezer's whole timeout
 * (FREEZE_TIMEOUT_MS in kernel/freezer.c, 2 s).
 */
static void freeze_fails_with_a_report_naming_a_thread_that_never_freezes(struct ktest *t)
{
	struct refuser s = { 0 };
	struct worker w = { .freezable = true };
	struct task_struct *refuser, *k;
	bool thawed_after, progressed_after;
	char *log;
	int ret;
	u64 pos;

	k = start_worker(&w, try_to_freeze_worker, "ktest-freezable");
	KASSERT_NOT_ERR(t, k);
	refuser = start_refuser(&s);
	if (IS_ERR(refuser)) {
		kthread_stop(k);
		KASSERT_NOT_ERR(t, refuser);
	}

	pos = log_buf_pos();
	ret = freeze_kernel_threads();
	log = log_since(pos);
	/* The others were thawed: the freezable worker goes on. */
	thawed_after = wait_until(!frozen(k), 1000);
	progressed_after = wait_until(progressed_during(&w, 10), 1000);
	KEXPECT_EQ(t, stop_refuser(refuser, &s), 0);
	KEXPECT_EQ(t, kthread_stop(k), 0);

	KEXPECT_EQ(t, ret, -EBUSY);
	KEXPECT_TRUE(t, thawed_after);
	KEXPECT_TRUE(t, progressed_after);
	KASSERT_NOT_NULL(t, log);
	KEXPECT_NOT_NULL(t, strstr(log, "Freezing of kernel threads failed"));
	KEXPECT_NOT_NULL(t, strstr(log, "ktest-refuser"));
	KEXPECT_NULL(t, strstr(log, "ktest-freezable"));
	kfree(log);
}

/* "after S.MMM seconds" in @log, in milliseconds; -1 if absent. */
static long reported_ms(const char *log)
{
	const char *p = log ? strstr(log, "after ") : NULL;
	long ms = 0, frac = 0;
	int digits = 0;

	if (!p)
		return -1;
	for (p += 6; *p >= '0' && *p <= '9'; p++)
		ms = ms * 10 + (*p - '0');
	if (*p++ != '.')
		return -1;
	for (; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		frac = frac * 10 + (*p - '0');
	return digits == 3 ? ms * 1000 + frac : -1;
}

/*
 * The timeout is FREEZE_TIMEOUT_MS (kernel/freezer.c: 2000) of time, and
 * the report says how long the freeze really waited (Linux measures it
 * with ktime).  Allowed: 200 ms of slack for the last poll.
 */
static void freeze_timeout_and_report_match_the_time_waited(struct ktest *t)
{
	struct refuser s = { 0 };
	struct task_struct *refuser;
	long elapsed_ms, reported;
	char *log;
	u64 pos, start;
	int ret;

	refuser = start_refuser(&s);
	KASSERT_NOT_ERR(t, refuser);
	pos = log_buf_pos();
	start = get_jiffies_64();
	ret = freeze_kernel_threads();
	elapsed_ms = jiffies_to_msecs(get_jiffies_64() - start);
	log = log_since(pos);
	KEXPECT_EQ(t, stop_refuser(refuser, &s), 0);

	KEXPECT_EQ(t, ret, -EBUSY);
	KEXPECT_GE(t, elapsed_ms, 2000);
	KEXPECT_LE(t, elapsed_ms, 2200);
	reported = reported_ms(log);
	KEXPECT_GE(t, reported, elapsed_ms - 200);
	KEXPECT_LE(t, reported, elapsed_ms);
	kfree(log);
}

struct stopper {
	struct task_struct *target;
	struct completion done;
	int ret;
};

static int stopper_fn(void *arg)
{
	struct stopper *st = arg;

	st->ret = kthread_stop(st->target);
	complete(&st->done);
	return 0;
}

/*
 * Linux: kthread_freezable_should_stop() "is safe from kthread_stop() /
 * freezer deadlock": a thread frozen there leaves the refrigerator when
 * it is stopped, with the system still frozen.  The stop runs in a helper,
 * so that a stop that hangs until the thaw fails the case instead of
 * hanging it.
 */
static void kthread_stop_of_a_frozen_thread_returns_without_a_thaw(struct ktest *t)
{
	struct worker w = { .ret = 77 };
	struct stopper st;
	struct test_thread helper;
	bool frozen_then, stopped_while_frozen;
	unsigned long progress;
	struct task_struct *k;
	int ret;

	k = start_worker(&w, freezable_should_stop_worker, "ktest-fstop");
	KASSERT_NOT_ERR(t, k);
	init_completion(&st.done);
	st.target = k;
	st.ret = 0;
	ret = freeze_kernel_threads();
	frozen_then = frozen(k);
	progress = READ_ONCE(w.progress);
	if (test_thread_start(&helper, stopper_fn, &st, "ktest-stopper", -1)) {
		thaw_after(ret);
		kthread_stop(k);
		KASSERT_TRUE(t, false);
	}
	stopped_while_frozen = wait_for_completion_timeout(&st.done, msecs_to_jiffies(1000));
	thaw_after(ret);
	test_thread_join(&helper); /* the stop is over, one way or the other */

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, frozen_then);
	KEXPECT_TRUE(t, stopped_while_frozen);
	KEXPECT_EQ(t, st.ret, 77);
	/* It left the refrigerator to exit, not to run its loop again. */
	KEXPECT_EQ(t, READ_ONCE(w.progress), progress);
}

static void freezable_should_stop_reports_it_was_frozen(struct ktest *t)
{
	struct worker w = { .ret = 5 };
	struct task_struct *k = start_worker(&w, freezable_should_stop_worker, "ktest-fss");
	bool frozen_then;
	int ret;

	KASSERT_NOT_ERR(t, k);
	KEXPECT_FALSE(t, READ_ONCE(w.was_frozen));
	ret = freeze_kernel_threads();
	frozen_then = frozen(k);
	thaw_after(ret);

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, frozen_then);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(w.was_frozen), 1000));
	KEXPECT_EQ(t, kthread_stop(k), 5);
}

static struct ktest_case freezer_cases[] = {
	KTEST_CASE(freezable_thread_makes_no_progress_until_thawed),
	KTEST_CASE(non_freezable_thread_keeps_running_while_frozen),
	KTEST_CASE(kthreadd_never_freezes),
	KTEST_CASE(nofreeze_threads_are_never_freezing),
	KTEST_CASE(freezable_should_stop_reports_it_was_frozen),
	KTEST_CASE(kthread_stop_of_a_frozen_thread_returns_without_a_thaw),
	KTEST_CASE(freeze_fails_with_a_report_naming_a_thread_that_never_freezes),
	KTEST_CASE(freeze_timeout_and_report_match_the_time_waited),
	{}
};

static struct ktest_suite freezer_suite = {
	.name = "freezer",
	.cases = freezer_cases,
};
ktest_register_suite(freezer_suite);
