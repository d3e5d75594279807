// SPDX-License-Identifier: GPL-2.0
/*
 * Wait queues (include/kernel/wait.h): the walk of __wake_up() (queue
 * order, exclusive waiters, what it returns), the wait_event() family with
 * every return value Linux documents, signals ending interruptible and
 * killable waits, and no lost wake-up under stress.
 */
#include <kernel/atomic.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/wait.h>
#include <lib/errno.h>

#include "test_threads.h"

/* --- the walk, with recording wake functions (no threads) --- */

struct recorder {
	struct wait_queue_entry wq_entry;
	int id;
	int ret; /* what its wake function returns */
	int *log, *nr_log;
};

static int record_wake(struct wait_queue_entry *wq_entry, unsigned int mode, int flags, void *key)
{
	struct recorder *r = container_of(wq_entry, struct recorder, wq_entry);

	r->log[(*r->nr_log)++] = r->id;
	return r->ret;
}

static void init_recorder(struct recorder *r, int id, int ret, int *log, int *nr_log)
{
	init_waitqueue_func_entry(&r->wq_entry, record_wake);
	r->id = id;
	r->ret = ret;
	r->log = log;
	r->nr_log = nr_log;
}

static void wake_up_stops_after_one_exclusive_waiter(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct recorder a, b, x1, x2;
	int log[8], n = 0;

	init_recorder(&a, 1, 1, log, &n);
	init_recorder(&b, 2, 1, log, &n);
	init_recorder(&x1, 3, 1, log, &n);
	init_recorder(&x2, 4, 1, log, &n);
	add_wait_queue_exclusive(&wq, &x1.wq_entry); /* tail */
	add_wait_queue_exclusive(&wq, &x2.wq_entry); /* tail */
	add_wait_queue(&wq, &a.wq_entry);	     /* head */
	add_wait_queue(&wq, &b.wq_entry);	     /* head, before a */

	KEXPECT_EQ(t, wake_up(&wq), 1);
	KASSERT_EQ(t, n, 3);
	KEXPECT_EQ(t, log[0], 2);
	KEXPECT_EQ(t, log[1], 1);
	KEXPECT_EQ(t, log[2], 3); /* x2 is not reached */

	n = 0;
	KEXPECT_EQ(t, wake_up_all(&wq), 2);
	KEXPECT_EQ(t, n, 4);
	n = 0;
	KEXPECT_EQ(t, wake_up_nr(&wq, 2), 2);
	KEXPECT_EQ(t, n, 4);

	remove_wait_queue(&wq, &a.wq_entry);
	remove_wait_queue(&wq, &b.wq_entry);
	remove_wait_queue(&wq, &x1.wq_entry);
	remove_wait_queue(&wq, &x2.wq_entry);
	KEXPECT_FALSE(t, waitqueue_active(&wq));
}

static void exclusive_waiter_not_woken_does_not_count(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct recorder x1, x2;
	int log[4], n = 0;

	init_recorder(&x1, 1, 0, log, &n); /* was not asleep: returns 0 */
	init_recorder(&x2, 2, 1, log, &n);
	add_wait_queue_exclusive(&wq, &x1.wq_entry);
	add_wait_queue_exclusive(&wq, &x2.wq_entry);

	KEXPECT_EQ(t, wake_up(&wq), 1);
	KEXPECT_EQ(t, n, 2); /* went on to x2 */
	remove_wait_queue(&wq, &x1.wq_entry);
	remove_wait_queue(&wq, &x2.wq_entry);
}

static void negative_wake_function_ends_the_walk(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct recorder a, b;
	int log[4], n = 0;

	init_recorder(&a, 1, -1, log, &n);
	init_recorder(&b, 2, 1, log, &n);
	add_wait_queue(&wq, &b.wq_entry);
	add_wait_queue(&wq, &a.wq_entry);

	KEXPECT_EQ(t, wake_up_all(&wq), 0);
	KEXPECT_EQ(t, n, 1);
	remove_wait_queue(&wq, &a.wq_entry);
	remove_wait_queue(&wq, &b.wq_entry);
}

static void wake_up_skips_a_task_that_is_not_asleep(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	struct wait_queue_entry wait;

	/* A real entry for this task, which is not asleep: nothing to wake. */
	init_waitqueue_entry(&wait, current);
	add_wait_queue(&wq, &wait);
	KEXPECT_TRUE(t, waitqueue_active(&wq));
	KEXPECT_TRUE(t, wq_has_sleeper(&wq));
	KEXPECT_EQ(t, wake_up_interruptible(&wq), 0);
	remove_wait_queue(&wq, &wait);
	KEXPECT_FALSE(t, wq_has_sleeper(&wq));
}

static void prepare_to_wait_exclusive_says_whether_it_was_first(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	DEFINE_WAIT(first);
	DEFINE_WAIT(second);

	KEXPECT_TRUE(t, prepare_to_wait_exclusive(&wq, &first, TASK_UNINTERRUPTIBLE));
	KEXPECT_EQ(t, task_state(current), TASK_UNINTERRUPTIBLE);
	KEXPECT_FALSE(t, prepare_to_wait_exclusive(&wq, &second, TASK_UNINTERRUPTIBLE));
	/* Already queued: not queued twice, and not "first" again. */
	KEXPECT_FALSE(t, prepare_to_wait_exclusive(&wq, &first, TASK_UNINTERRUPTIBLE));
	finish_wait(&wq, &first);
	finish_wait(&wq, &second);
	KEXPECT_EQ(t, task_state(current), TASK_RUNNING);
	KEXPECT_FALSE(t, waitqueue_active(&wq));
}

/* --- wait_event() without sleeping --- */

static void wait_event_returns_at_once_when_condition_holds(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	int evaluations = 0;

	wait_event(wq, ++evaluations > 0);
	KEXPECT_EQ(t, evaluations, 1);
	KEXPECT_EQ(t, wait_event_interruptible(wq, true), 0);
	KEXPECT_EQ(t, wait_event_killable(wq, true), 0);
	KEXPECT_FALSE(t, waitqueue_active(&wq));
}

/* Linux: "1 if the condition evaluated to true after the timeout elapsed". */
static void wait_event_timeout_of_zero_returns_one_if_condition_holds(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);

	KEXPECT_EQ(t, wait_event_timeout(wq, true, 0), 1);
	KEXPECT_EQ(t, wait_event_timeout(wq, false, 0), 0);
	KEXPECT_EQ(t, wait_event_interruptible_timeout(wq, true, 0), 1);
}

static void wait_event_timeout_returns_all_jiffies_if_condition_holds(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);

	KEXPECT_EQ(t, wait_event_timeout(wq, true, 100), 100);
	KEXPECT_EQ(t, wait_event_interruptible_timeout(wq, true, 100), 100);
	KEXPECT_EQ(t, wait_event_killable_timeout(wq, true, 100), 100);
}

static void wait_event_timeout_returns_zero_when_time_runs_out(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	u64 start = get_jiffies_64();

	KEXPECT_EQ(t, wait_event_timeout(wq, false, 3), 0);
	KEXPECT_GE(t, get_jiffies_64() - start, 3);
	KEXPECT_FALSE(t, waitqueue_active(&wq));
	KEXPECT_EQ(t, wait_event_interruptible_timeout(wq, false, 2), 0);
	KEXPECT_EQ(t, task_state(current), TASK_RUNNING);
}

/* --- with a second thread --- */

struct waker {
	wait_queue_head_t wq;
	int cond;
	unsigned int delay_ms;
	atomic_t tokens; /* exclusive waiters take one each */
	atomic_t woken;
};

/* Once the waiter has queued, sets the condition after a delay and wakes it. */
static int wake_later_fn(void *arg)
{
	struct waker *w = arg;

	while (!waitqueue_active(&w->wq))
		schedule_timeout_uninterruptible(1);
	msleep(w->delay_ms);
	WRITE_ONCE(w->cond, 1);
	wake_up(&w->wq);
	return 0;
}

static void wait_event_sleeps_until_woken_from_another_cpu(struct ktest *t)
{
	struct waker w = { .delay_ms = 10 };
	struct test_thread th;

	init_waitqueue_head(&w.wq);
	KASSERT_EQ(t,
		   test_thread_start(&th, wake_later_fn, &w, "ktest-waker",
				     test_next_cpu(smp_processor_id())),
		   0);
	wait_event(w.wq, READ_ONCE(w.cond));
	KEXPECT_EQ(t, READ_ONCE(w.cond), 1);
	test_thread_join(&th);
	KEXPECT_FALSE(t, waitqueue_active(&w.wq));
}

static void wait_event_timeout_returns_jiffies_left_when_woken(struct ktest *t)
{
	struct waker w = { .delay_ms = 10 };
	struct test_thread th;
	long left;

	init_waitqueue_head(&w.wq);
	KASSERT_EQ(t,
		   test_thread_start(&th, wake_later_fn, &w, "ktest-waker",
				     test_next_cpu(smp_processor_id())),
		   0);
	left = wait_event_timeout(w.wq, READ_ONCE(w.cond), 10 * HZ);
	test_thread_join(&th);
	KEXPECT_GE(t, left, 1);
	KEXPECT_LT(t, left, 10 * HZ);
}

/* An exclusive waiter: sleeps until it takes a token, then counts itself. */
static int exclusive_waiter_fn(void *arg)
{
	struct waker *w = arg;

	wait_event_interruptible_exclusive(w->wq, atomic_dec_if_positive(&w->tokens) >= 0);
	atomic_inc(&w->woken);
	return 0;
}

static int nr_queued(wait_queue_head_t *wq)
{
	struct wait_queue_entry *e;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry(e, &wq->head, entry)
		n++;
	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}

static void wake_up_wakes_one_exclusive_waiter_of_many(struct ktest *t)
{
	struct test_thread th[3];
	struct waker w = {};
	int i;

	init_waitqueue_head(&w.wq);
	for (i = 0; i < 3; i++) {
		KASSERT_EQ(t, test_thread_start(&th[i], exclusive_waiter_fn, &w, "ktest-excl", -1),
			   0);
		KASSERT_TRUE(t, test_wait_until_sleeping(th[i].task, TASK_INTERRUPTIBLE));
	}
	KEXPECT_EQ(t, nr_queued(&w.wq), 3);

	atomic_set(&w.tokens, 1);
	KEXPECT_EQ(t, wake_up(&w.wq), 1);
	test_thread_join(&th[0]); /* the first queued is the one woken */
	KEXPECT_EQ(t, atomic_read(&w.woken), 1);
	KEXPECT_EQ(t, nr_queued(&w.wq), 2);

	atomic_set(&w.tokens, 2);
	KEXPECT_EQ(t, wake_up_all(&w.wq), 2);
	test_thread_join(&th[1]);
	test_thread_join(&th[2]);
	KEXPECT_EQ(t, atomic_read(&w.woken), 3);
	KEXPECT_FALSE(t, waitqueue_active(&w.wq));
}

/* --- signals --- */

struct signalled {
	wait_queue_head_t wq;
	unsigned int state; /* TASK_INTERRUPTIBLE or TASK_KILLABLE */
	long timeout;	    /* 0: no timeout */
	long ret;
};

static int wait_for_signal_fn(void *arg)
{
	struct signalled *s = arg;

	allow_signal(SIGKILL);
	allow_signal(SIGTERM);
	if (s->state == TASK_INTERRUPTIBLE && s->timeout)
		s->ret = wait_event_interruptible_timeout(s->wq, false, s->timeout);
	else if (s->state == TASK_INTERRUPTIBLE)
		s->ret = wait_event_interruptible(s->wq, false);
	else if (s->timeout)
		s->ret = wait_event_killable_timeout(s->wq, false, s->timeout);
	else
		s->ret = wait_event_killable(s->wq, false);
	return 0;
}

/* Starts a waiter in @s->state, sends it @sig once asleep, and joins it. */
static void signal_a_waiter(struct ktest *t, struct signalled *s, int sig)
{
	struct test_thread th;

	init_waitqueue_head(&s->wq);
	s->ret = 12345;
	KASSERT_EQ(t,
		   test_thread_start(&th, wait_for_signal_fn, s, "ktest-sigwait",
				     test_next_cpu(smp_processor_id())),
		   0);
	KASSERT_TRUE(t, test_wait_until_sleeping(th.task, s->state));
	KEXPECT_EQ(t, nr_queued(&s->wq), 1);
	KEXPECT_EQ(t, send_sig(sig, th.task, 0), 0);
	test_thread_join(&th);
	/* The interrupted waiter left the queue. */
	KEXPECT_FALSE(t, waitqueue_active(&s->wq));
}

static void wait_event_interruptible_returns_erestartsys_on_kill(struct ktest *t)
{
	struct signalled s = { .state = TASK_INTERRUPTIBLE };

	signal_a_waiter(t, &s, SIGKILL);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

static void wait_event_interruptible_ends_on_any_allowed_signal(struct ktest *t)
{
	struct signalled s = { .state = TASK_INTERRUPTIBLE };

	signal_a_waiter(t, &s, SIGTERM);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

static void wait_event_interruptible_timeout_returns_erestartsys_on_kill(struct ktest *t)
{
	struct signalled s = { .state = TASK_INTERRUPTIBLE, .timeout = 100 * HZ };

	signal_a_waiter(t, &s, SIGKILL);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

static void wait_event_killable_returns_erestartsys_on_kill(struct ktest *t)
{
	struct signalled s = { .state = TASK_KILLABLE };

	signal_a_waiter(t, &s, SIGKILL);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

static void wait_event_killable_timeout_returns_erestartsys_on_kill(struct ktest *t)
{
	struct signalled s = { .state = TASK_KILLABLE, .timeout = 100 * HZ };

	signal_a_waiter(t, &s, SIGKILL);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

static void wait_event_killable_sleeps_through_other_signals(struct ktest *t)
{
	struct signalled s = { .state = TASK_KILLABLE, .ret = 12345 };
	struct test_thread th;

	init_waitqueue_head(&s.wq);
	KASSERT_EQ(t, test_thread_start(&th, wait_for_signal_fn, &s, "ktest-sigwait", -1), 0);
	KASSERT_TRUE(t, test_wait_until_sleeping(th.task, TASK_KILLABLE));
	send_sig(SIGTERM, th.task, 0);
	schedule_timeout_uninterruptible(HZ / 50 + 1);
	KEXPECT_EQ(t, task_state(th.task), TASK_KILLABLE);
	KEXPECT_EQ(t, s.ret, 12345);
	send_sig(SIGKILL, th.task, 0);
	test_thread_join(&th);
	KEXPECT_EQ(t, s.ret, -ERESTARTSYS);
}

/* --- lost wake-ups --- */

/*
 * Two threads hand a turn back and forth, each sleeping with the
 * set_current_state() pattern until the turn is its own.  A lost wake-up
 * leaves a thread asleep with the turn: the sleep has a timeout (far
 * longer than any hand-over), and a timeout that finds the turn ours
 * counts as a lost wake-up.
 */
#define PING_PONG_ROUNDS 100000
/*
 * Stop early rather than hog the run: under QEMU with more vCPUs than host
 * cores a cross-CPU wake-up can take milliseconds.  Wall-clock time, since
 * jiffies fall behind when the host does not run the vCPU for its ticks.
 */
#define PING_PONG_NS	 (1500 * NSEC_PER_MSEC)

struct ping_pong {
	struct task_struct *player[2];
	unsigned long turn; /* player turn % 2 plays next */
	unsigned long rounds;
	u64 deadline; /* ktime_get_ns() */
	int over;     /* set by the player that ends the game */
	atomic_t lost;
	struct test_gate gate;
};

static int ping_pong_fn(void *arg)
{
	struct ping_pong *pp = arg;
	unsigned int me = current == pp->player[1];
	unsigned long turn;

	test_gate_wait(&pp->gate);
	for (;;) {
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			turn = READ_ONCE(pp->turn);
			if (turn % 2 == me)
				break;
			if (!schedule_timeout(2 * HZ) && READ_ONCE(pp->turn) % 2 == me)
				atomic_inc(&pp->lost);
		}
		__set_current_state(TASK_RUNNING);
		if (READ_ONCE(pp->over))
			return 0; /* the other one has gone: no one to wake */
		if (turn >= pp->rounds || ktime_get_ns() > pp->deadline) {
			/* Game over: pass the turn once more, for the other to see it. */
			WRITE_ONCE(pp->rounds, turn);
			WRITE_ONCE(pp->over, 1);
		}
		WRITE_ONCE(pp->turn, turn + 1);
		wake_up_process(pp->player[!me]);
		if (READ_ONCE(pp->over))
			return 0;
	}
}

static void set_current_state_pattern_never_misses_a_wake_up(struct ktest *t)
{
	struct ping_pong pp = { .rounds = PING_PONG_ROUNDS };
	struct test_thread th[2];
	unsigned int cpu = smp_processor_id();
	int i;

	test_gate_init(&pp.gate);
	for (i = 0; i < 2; i++) {
		cpu = test_next_cpu(cpu);
		KASSERT_EQ(t, test_thread_start(&th[i], ping_pong_fn, &pp, "ktest-pingpong", cpu),
			   0);
		pp.player[i] = th[i].task;
	}
	pp.deadline = ktime_get_ns() + PING_PONG_NS;
	test_gate_open(&pp.gate);
	test_thread_join(&th[0]);
	test_thread_join(&th[1]);
	KEXPECT_EQ(t, atomic_read(&pp.lost), 0);
	KEXPECT_GT(t, pp.rounds, 0);
	printk(KERN_INFO "    # %s: %lu hand-overs\n", t->name, pp.rounds);
}

static struct ktest_case wait_cases[] = {
	KTEST_CASE(wake_up_stops_after_one_exclusive_waiter),
	KTEST_CASE(exclusive_waiter_not_woken_does_not_count),
	KTEST_CASE(negative_wake_function_ends_the_walk),
	KTEST_CASE(wake_up_skips_a_task_that_is_not_asleep),
	KTEST_CASE(prepare_to_wait_exclusive_says_whether_it_was_first),
	KTEST_CASE(wait_event_returns_at_once_when_condition_holds),
	KTEST_CASE(wait_event_timeout_of_zero_returns_one_if_condition_holds),
	KTEST_CASE(wait_event_timeout_returns_all_jiffies_if_condition_holds),
	KTEST_CASE(wait_event_timeout_returns_zero_when_time_runs_out),
	KTEST_CASE(wait_event_sleeps_until_woken_from_another_cpu),
	KTEST_CASE(wait_event_timeout_returns_jiffies_left_when_woken),
	KTEST_CASE(wake_up_wakes_one_exclusive_waiter_of_many),
	KTEST_CASE(wait_event_interruptible_returns_erestartsys_on_kill),
	KTEST_CASE(wait_event_interruptible_ends_on_any_allowed_signal),
	KTEST_CASE(wait_event_interruptible_timeout_returns_erestartsys_on_kill),
	KTEST_CASE(wait_event_killable_returns_erestartsys_on_kill),
	KTEST_CASE(wait_event_killable_timeout_returns_erestartsys_on_kill),
	KTEST_CASE(wait_event_killable_sleeps_through_other_signals),
	KTEST_CASE(set_current_state_pattern_never_misses_a_wake_up),
	{}
};

static struct ktest_suite wait_suite = {
	.name = "wait",
	.cases = wait_cases,
};
ktest_register_suite(wait_suite);
