// SPDX-License-Identifier: GPL-2.0
/*
 * Completions (include/kernel/completion.h): every return value of every
 * wait as Linux documents it (kernel/sched/completion.c there), done
 * counting, complete_all(), reinit_completion(), waits interrupted by a
 * kill, and a cross-CPU ping-pong that would hang on a lost wake-up.
 */
#include <kernel/atomic.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/errno.h>

#include "test_threads.h"

static unsigned int another_cpu(void)
{
	return test_next_cpu(smp_processor_id());
}

/* --- without sleeping --- */

static void complete_before_wait_lets_the_wait_return_at_once(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);

	KEXPECT_FALSE(t, completion_done(&done));
	complete(&done);
	KEXPECT_TRUE(t, completion_done(&done));
	wait_for_completion(&done);
	KEXPECT_FALSE(t, completion_done(&done)); /* consumed */
}

static void each_complete_is_consumed_by_one_wait(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);

	complete(&done);
	complete(&done);
	complete(&done);
	KEXPECT_TRUE(t, try_wait_for_completion(&done));
	KEXPECT_EQ(t, wait_for_completion_timeout(&done, 10), 10);
	KEXPECT_EQ(t, wait_for_completion_interruptible(&done), 0);
	KEXPECT_FALSE(t, try_wait_for_completion(&done));
}

static void try_wait_fails_without_sleeping_when_not_done(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);

	KEXPECT_FALSE(t, try_wait_for_completion(&done));
	complete(&done);
	KEXPECT_TRUE(t, completion_done(&done)); /* does not consume */
	KEXPECT_TRUE(t, completion_done(&done));
	KEXPECT_TRUE(t, try_wait_for_completion(&done));
	KEXPECT_FALSE(t, try_wait_for_completion(&done));
}

static void complete_all_stays_done_until_reinit(struct ktest *t)
{
	struct completion done;
	int i;

	init_completion(&done);
	complete_all(&done);
	for (i = 0; i < 3; i++) {
		wait_for_completion(&done);
		KEXPECT_TRUE(t, try_wait_for_completion(&done));
		KEXPECT_EQ(t, wait_for_completion_killable(&done), 0);
	}
	KEXPECT_TRUE(t, completion_done(&done));
	complete(&done); /* does not wrap the count */
	KEXPECT_TRUE(t, completion_done(&done));

	reinit_completion(&done);
	KEXPECT_FALSE(t, completion_done(&done));
	KEXPECT_FALSE(t, try_wait_for_completion(&done));
}

/* Linux: "0 if timed out, and positive (at least 1 ...) if completed". */
static void timeout_waits_return_one_when_done_with_no_time_left(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);

	complete(&done);
	KEXPECT_EQ(t, wait_for_completion_timeout(&done, 0), 1);
	complete(&done);
	KEXPECT_EQ(t, wait_for_completion_interruptible_timeout(&done, 0), 1);
	complete(&done);
	KEXPECT_EQ(t, wait_for_completion_killable_timeout(&done, 0), 1);
}

static void timeout_of_zero_returns_zero_when_not_done(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);

	KEXPECT_EQ(t, wait_for_completion_timeout(&done, 0), 0);
	KEXPECT_EQ(t, wait_for_completion_interruptible_timeout(&done, 0), 0);
	KEXPECT_EQ(t, wait_for_completion_killable_timeout(&done, 0), 0);
	KEXPECT_EQ(t, task_state(current), TASK_RUNNING);
}

static void timeout_returns_zero_after_the_time_runs_out(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	u64 start = get_jiffies_64();

	KEXPECT_EQ(t, wait_for_completion_timeout(&done, 3), 0);
	KEXPECT_GE(t, get_jiffies_64() - start, 3);
	KEXPECT_FALSE(t, swait_active(&done.wait)); /* the waiter left */
}

/* --- with other threads --- */

struct completer {
	struct completion *done;
	unsigned int delay_ms;
	bool all;
};

/* Once the waiter has queued, sleeps @delay_ms and completes. */
static int complete_later_fn(void *arg)
{
	struct completer *c = arg;

	while (!swait_active(&c->done->wait))
		schedule_timeout_uninterruptible(1);
	msleep(c->delay_ms);
	if (c->all)
		complete_all(c->done);
	else
		complete(c->done);
	return 0;
}

static void wait_returns_when_another_cpu_completes(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct completer c = { .done = &done, .delay_ms = 5 };
	struct test_thread th;

	KASSERT_EQ(t,
		   test_thread_start(&th, complete_later_fn, &c, "ktest-complete", another_cpu()),
		   0);
	wait_for_completion(&done);
	test_thread_join(&th);
	KEXPECT_FALSE(t, completion_done(&done));
}

static void timeout_wait_returns_jiffies_left_when_completed(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct completer c = { .done = &done, .delay_ms = 5 };
	struct test_thread th;
	unsigned long left;

	KASSERT_EQ(t,
		   test_thread_start(&th, complete_later_fn, &c, "ktest-complete", another_cpu()),
		   0);
	left = wait_for_completion_timeout(&done, 10 * HZ);
	test_thread_join(&th);
	KEXPECT_GE(t, left, 1);
	KEXPECT_LT(t, left, 10 * HZ);
}

static void interruptible_timeout_returns_jiffies_left_when_completed(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct completer c = { .done = &done, .delay_ms = 5 };
	struct test_thread th;
	long left;

	KASSERT_EQ(t,
		   test_thread_start(&th, complete_later_fn, &c, "ktest-complete", another_cpu()),
		   0);
	left = wait_for_completion_interruptible_timeout(&done, 10 * HZ);
	test_thread_join(&th);
	KEXPECT_GE(t, left, 1);
	KEXPECT_LT(t, left, 10 * HZ);
}

struct waiter {
	struct completion *done;
	int kind; /* which wait: WAIT_* */
	long ret;
	bool allow_kill;
};

enum {
	WAIT_PLAIN,
	WAIT_INTERRUPTIBLE,
	WAIT_INTERRUPTIBLE_TIMEOUT,
	WAIT_KILLABLE,
	WAIT_KILLABLE_TIMEOUT,
	WAIT_KILLABLE_STATE,
};

static int wait_fn(void *arg)
{
	struct waiter *w = arg;

	if (w->allow_kill) {
		allow_signal(SIGKILL);
		allow_signal(SIGTERM);
	}
	switch (w->kind) {
	case WAIT_PLAIN:
		wait_for_completion(w->done);
		w->ret = 0;
		break;
	case WAIT_INTERRUPTIBLE:
		w->ret = wait_for_completion_interruptible(w->done);
		break;
	case WAIT_INTERRUPTIBLE_TIMEOUT:
		w->ret = wait_for_completion_interruptible_timeout(w->done, 100 * HZ);
		break;
	case WAIT_KILLABLE:
		w->ret = wait_for_completion_killable(w->done);
		break;
	case WAIT_KILLABLE_TIMEOUT:
		w->ret = wait_for_completion_killable_timeout(w->done, 100 * HZ);
		break;
	case WAIT_KILLABLE_STATE:
		w->ret = wait_for_completion_state(w->done, TASK_KILLABLE);
		break;
	}
	return 0;
}

static void complete_all_wakes_every_waiter(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct waiter w[4];
	struct test_thread th[4];
	unsigned int cpu = smp_processor_id();
	int i;

	for (i = 0; i < 4; i++) {
		w[i] = (struct waiter){ .done = &done,
					.kind = i % 2 ? WAIT_KILLABLE : WAIT_PLAIN,
					.ret = 12345 };
		cpu = test_next_cpu(cpu);
		KASSERT_EQ(t, test_thread_start(&th[i], wait_fn, &w[i], "ktest-waiter", cpu), 0);
	}
	for (i = 0; i < 4; i++)
		KASSERT_TRUE(t, test_wait_until_sleeping(th[i].task, TASK_KILLABLE));
	complete_all(&done);
	for (i = 0; i < 4; i++) {
		test_thread_join(&th[i]);
		KEXPECT_EQ(t, w[i].ret, 0);
	}
	KEXPECT_TRUE(t, completion_done(&done));
}

static void complete_wakes_one_waiter_per_call(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct waiter w[2];
	struct test_thread th[2];
	int i;

	for (i = 0; i < 2; i++) {
		w[i] = (struct waiter){ .done = &done, .kind = WAIT_PLAIN, .ret = 12345 };
		KASSERT_EQ(t, test_thread_start(&th[i], wait_fn, &w[i], "ktest-waiter", -1), 0);
		KASSERT_TRUE(t, test_wait_until_sleeping(th[i].task, TASK_UNINTERRUPTIBLE));
	}
	complete(&done);
	test_thread_join(&th[0]); /* waiters queue in order: the first goes first */
	KEXPECT_EQ(t, w[0].ret, 0);
	KEXPECT_EQ(t, w[1].ret, 12345);
	KEXPECT_EQ(t, task_state(th[1].task), TASK_UNINTERRUPTIBLE);
	complete(&done);
	test_thread_join(&th[1]);
	KEXPECT_EQ(t, w[1].ret, 0);
	KEXPECT_FALSE(t, completion_done(&done));
}

/* Starts a waiter of @kind, sends it @sig once it sleeps in @state, joins it. */
static long signal_waiter(struct ktest *t, int kind, unsigned int state, int sig)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct waiter w = { .done = &done, .kind = kind, .ret = 12345, .allow_kill = true };
	struct test_thread th;

	KASSERT_EQ(t, test_thread_start(&th, wait_fn, &w, "ktest-killme", another_cpu()), 0);
	KASSERT_TRUE(t, test_wait_until_sleeping(th.task, state));
	KEXPECT_EQ(t, send_sig(sig, th.task, 0), 0);
	test_thread_join(&th);
	KEXPECT_FALSE(t, swait_active(&done.wait));
	return w.ret;
}

static void interruptible_wait_returns_erestartsys_on_kill(struct ktest *t)
{
	KEXPECT_EQ(t, signal_waiter(t, WAIT_INTERRUPTIBLE, TASK_INTERRUPTIBLE, SIGKILL),
		   -ERESTARTSYS);
}

static void interruptible_timeout_wait_returns_erestartsys_on_kill(struct ktest *t)
{
	KEXPECT_EQ(t, signal_waiter(t, WAIT_INTERRUPTIBLE_TIMEOUT, TASK_INTERRUPTIBLE, SIGKILL),
		   -ERESTARTSYS);
}

static void killable_wait_returns_erestartsys_on_kill(struct ktest *t)
{
	KEXPECT_EQ(t, signal_waiter(t, WAIT_KILLABLE, TASK_KILLABLE, SIGKILL), -ERESTARTSYS);
}

static void killable_timeout_wait_returns_erestartsys_on_kill(struct ktest *t)
{
	KEXPECT_EQ(t, signal_waiter(t, WAIT_KILLABLE_TIMEOUT, TASK_KILLABLE, SIGKILL),
		   -ERESTARTSYS);
}

static void wait_for_completion_state_returns_erestartsys_on_kill(struct ktest *t)
{
	KEXPECT_EQ(t, signal_waiter(t, WAIT_KILLABLE_STATE, TASK_KILLABLE, SIGKILL), -ERESTARTSYS);
}

static void killable_wait_sleeps_through_other_signals(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct waiter w = { .done = &done, .kind = WAIT_KILLABLE, .ret = 12345, .allow_kill = true };
	struct test_thread th;

	KASSERT_EQ(t, test_thread_start(&th, wait_fn, &w, "ktest-waiter", another_cpu()), 0);
	KASSERT_TRUE(t, test_wait_until_sleeping(th.task, TASK_KILLABLE));
	send_sig(SIGTERM, th.task, 0);
	schedule_timeout_uninterruptible(HZ / 50 + 1);
	KEXPECT_EQ(t, task_state(th.task), TASK_KILLABLE);
	complete(&done);
	test_thread_join(&th);
	KEXPECT_EQ(t, w.ret, 0);
}

/* A pending kill ends a killable wait before it sleeps; a done completion wins over it. */
static int killed_before_waiting_fn(void *arg)
{
	struct waiter *w = arg;

	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 0);
	w->ret = wait_for_completion_killable(w->done);
	return 0;
}

static void pending_kill_ends_a_killable_wait_unless_done(struct ktest *t)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct waiter w = { .done = &done, .ret = 12345 };
	struct test_thread th;

	KASSERT_EQ(t, test_thread_start(&th, killed_before_waiting_fn, &w, "ktest-killed", -1), 0);
	test_thread_join(&th);
	KEXPECT_EQ(t, w.ret, -ERESTARTSYS);

	complete(&done);
	w.ret = 12345;
	KASSERT_EQ(t, test_thread_start(&th, killed_before_waiting_fn, &w, "ktest-killed", -1), 0);
	test_thread_join(&th);
	KEXPECT_EQ(t, w.ret, 0);
	KEXPECT_FALSE(t, completion_done(&done));
}

/* --- lost wake-ups --- */

/*
 * Two threads on different CPUs (on one CPU, the same one) bounce two
 * completions: ping wakes the other side, pong wakes this one.  Every wait
 * is a real sleep-or-not race against the other CPU's complete(); a lost
 * wake-up would hang, so each wait has a generous timeout, and a timeout
 * fails the case instead.
 */
#define BOUNCE_ROUNDS 100000
/* Stop early rather than hog the run (see PING_PONG_NS in test_wait.c). */
#define BOUNCE_NS     (1500 * NSEC_PER_MSEC)

struct bounce {
	struct completion ping, pong;
	u64 deadline;	      /* ktime_get_ns() */
	unsigned long rounds; /* done by the pinger; read after the joins */
	int stop;	      /* set by the pinger before its last ping */
	atomic_t timeouts;
	struct test_gate gate;
};

static int pinger_fn(void *arg)
{
	struct bounce *b = arg;
	unsigned long i;

	test_gate_wait(&b->gate);
	for (i = 0; i < BOUNCE_ROUNDS; i++) {
		if (ktime_get_ns() > b->deadline)
			break;
		complete(&b->ping);
		if (!wait_for_completion_timeout(&b->pong, 5 * HZ)) {
			atomic_inc(&b->timeouts);
			break;
		}
	}
	b->rounds = i;
	WRITE_ONCE(b->stop, 1);
	complete(&b->ping);
	return 0;
}

static int ponger_fn(void *arg)
{
	struct bounce *b = arg;

	for (;;) {
		if (!wait_for_completion_timeout(&b->ping, 5 * HZ)) {
			atomic_inc(&b->timeouts);
			return 0;
		}
		if (READ_ONCE(b->stop))
			return 0;
		complete(&b->pong);
	}
}

static void ping_pong_across_cpus_loses_no_wake_up(struct ktest *t)
{
	static struct bounce b;
	struct test_thread pinger, ponger;
	unsigned int cpu = another_cpu();

	memset(&b, 0, sizeof(b));
	init_completion(&b.ping);
	init_completion(&b.pong);
	test_gate_init(&b.gate);
	KASSERT_EQ(t, test_thread_start(&ponger, ponger_fn, &b, "ktest-ponger", cpu), 0);
	KASSERT_EQ(t, test_thread_start(&pinger, pinger_fn, &b, "ktest-pinger", test_next_cpu(cpu)),
		   0);
	b.deadline = ktime_get_ns() + BOUNCE_NS;
	test_gate_open(&b.gate);
	test_thread_join(&pinger);
	test_thread_join(&ponger);
	KEXPECT_EQ(t, atomic_read(&b.timeouts), 0);
	KEXPECT_GT(t, b.rounds, 0);
	printk(KERN_INFO "    # %s: %lu round trips\n", t->name, b.rounds);
}

static struct ktest_case completion_cases[] = {
	KTEST_CASE(complete_before_wait_lets_the_wait_return_at_once),
	KTEST_CASE(each_complete_is_consumed_by_one_wait),
	KTEST_CASE(try_wait_fails_without_sleeping_when_not_done),
	KTEST_CASE(complete_all_stays_done_until_reinit),
	KTEST_CASE(timeout_waits_return_one_when_done_with_no_time_left),
	KTEST_CASE(timeout_of_zero_returns_zero_when_not_done),
	KTEST_CASE(timeout_returns_zero_after_the_time_runs_out),
	KTEST_CASE(wait_returns_when_another_cpu_completes),
	KTEST_CASE(timeout_wait_returns_jiffies_left_when_completed),
	KTEST_CASE(interruptible_timeout_returns_jiffies_left_when_completed),
	KTEST_CASE(complete_all_wakes_every_waiter),
	KTEST_CASE(complete_wakes_one_waiter_per_call),
	KTEST_CASE(interruptible_wait_returns_erestartsys_on_kill),
	KTEST_CASE(interruptible_timeout_wait_returns_erestartsys_on_kill),
	KTEST_CASE(killable_wait_returns_erestartsys_on_kill),
	KTEST_CASE(killable_timeout_wait_returns_erestartsys_on_kill),
	KTEST_CASE(wait_for_completion_state_returns_erestartsys_on_kill),
	KTEST_CASE(killable_wait_sleeps_through_other_signals),
	KTEST_CASE(pending_kill_ends_a_killable_wait_unless_done),
	KTEST_CASE(ping_pong_across_cpus_loses_no_wake_up),
	{}
};

static struct ktest_suite completion_suite = {
	.name = "completion",
	.cases = completion_cases,
};
ktest_register_suite(completion_suite);
