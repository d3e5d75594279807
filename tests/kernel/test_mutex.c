// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes (include/kernel/mutex.h): ownership, trylock, mutual exclusion
 * with sleeping holders on every CPU, FIFO hand-over, signals ending
 * interruptible and killable waits (-EINTR, as Linux returns), and the
 * misuse WARNs (unlock by a non-owner, unlock of a free mutex, locking a
 * mutex already held, locking in atomic context).
 */
#include <kernel/atomic.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/mutex.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/errno.h>

#include "test_threads.h"

static void lock_makes_the_current_task_the_owner(struct ktest *t)
{
	DEFINE_MUTEX(m);

	KEXPECT_FALSE(t, mutex_is_locked(&m));
	mutex_lock(&m);
	KEXPECT_TRUE(t, mutex_is_locked(&m));
	KEXPECT_TRUE(t, mutex_is_held(&m));
	lockdep_assert_held(&m);
	mutex_unlock(&m);
	KEXPECT_FALSE(t, mutex_is_locked(&m));
	KEXPECT_FALSE(t, mutex_is_held(&m));
	KEXPECT_WARN(t, lockdep_assert_held(&m));
}

static void mutex_init_makes_a_free_mutex(struct ktest *t)
{
	struct mutex m;

	mutex_init(&m);
	KEXPECT_FALSE(t, mutex_is_locked(&m));
	KEXPECT_EQ(t, mutex_lock_interruptible(&m), 0);
	KEXPECT_TRUE(t, mutex_is_held(&m));
	mutex_unlock(&m);
	KEXPECT_EQ(t, mutex_lock_killable(&m), 0);
	mutex_unlock(&m);
	mutex_destroy(&m);
}

static void trylock_succeeds_only_on_a_free_mutex(struct ktest *t)
{
	DEFINE_MUTEX(m);

	KEXPECT_EQ(t, mutex_trylock(&m), 1);
	KEXPECT_EQ(t, mutex_trylock(&m), 0); /* held, by us: fails, no WARN */
	mutex_unlock(&m);
	KEXPECT_EQ(t, mutex_trylock(&m), 1);
	mutex_unlock(&m);
}

static void unlock_of_a_free_mutex_warns_and_changes_nothing(struct ktest *t)
{
	DEFINE_MUTEX(m);

	KEXPECT_WARN(t, mutex_unlock(&m));
	KEXPECT_FALSE(t, mutex_is_locked(&m));
	mutex_lock(&m);
	mutex_unlock(&m);
	KEXPECT_FALSE(t, mutex_is_locked(&m));
}

static void locking_in_atomic_context_warns(struct ktest *t)
{
	DEFINE_MUTEX(m);

	preempt_disable();
	KEXPECT_WARN(t, mutex_lock(&m)); /* might_sleep(), even uncontended */
	preempt_enable();
	mutex_unlock(&m);
}

/* --- with other threads --- */

struct shared {
	struct mutex m;
	struct ktest *t;
	int ret;
	struct completion locked;  /* the helper holds m */
	struct completion release; /* the helper may unlock */
};

static int unlock_foreign_fn(void *arg)
{
	struct shared *s = arg;

	KEXPECT_WARN(s->t, mutex_unlock(&s->m));
	return 0;
}

static void unlock_by_another_task_warns_and_keeps_the_owner(struct ktest *t)
{
	struct shared s = { .m = __MUTEX_INITIALIZER(s.m), .t = t };
	struct test_thread th;

	mutex_lock(&s.m);
	KASSERT_EQ(t, test_thread_start(&th, unlock_foreign_fn, &s, "ktest-thief", -1), 0);
	test_thread_join(&th);
	KEXPECT_TRUE(t, mutex_is_held(&s.m));
	mutex_unlock(&s.m);
	KEXPECT_FALSE(t, mutex_is_locked(&s.m));
}

static int hold_then_release_fn(void *arg)
{
	struct shared *s = arg;

	mutex_lock(&s->m);
	complete(&s->locked);
	wait_for_completion(&s->release);
	mutex_unlock(&s->m);
	return 0;
}

static void trylock_fails_while_another_task_holds_it(struct ktest *t)
{
	struct shared s = { .m = __MUTEX_INITIALIZER(s.m) };
	struct test_thread th;

	init_completion(&s.locked);
	init_completion(&s.release);
	KASSERT_EQ(t,
		   test_thread_start(&th, hold_then_release_fn, &s, "ktest-holder",
				     test_next_cpu(smp_processor_id())),
		   0);
	wait_for_completion(&s.locked);
	KEXPECT_EQ(t, mutex_trylock(&s.m), 0);
	KEXPECT_TRUE(t, mutex_is_locked(&s.m));
	KEXPECT_FALSE(t, mutex_is_held(&s.m));
	complete(&s.release);
	mutex_lock(&s.m); /* sleeps until the holder lets go */
	KEXPECT_TRUE(t, mutex_is_held(&s.m));
	mutex_unlock(&s.m);
	test_thread_join(&th);
}

static int lock_interruptible_fn(void *arg)
{
	struct shared *s = arg;

	allow_signal(SIGKILL);
	allow_signal(SIGTERM);
	s->ret = mutex_lock_interruptible(&s->m);
	if (!s->ret)
		mutex_unlock(&s->m);
	return 0;
}

static int lock_killable_fn(void *arg)
{
	struct shared *s = arg;

	allow_signal(SIGKILL);
	allow_signal(SIGTERM);
	s->ret = mutex_lock_killable(&s->m);
	if (!s->ret)
		mutex_unlock(&s->m);
	return 0;
}

/* While we hold the mutex, a helper blocks on it in @state; send it @sig. */
static void signal_blocked_locker(struct ktest *t, int (*fn)(void *), unsigned int state, int sig,
				  int expected)
{
	struct shared s = { .m = __MUTEX_INITIALIZER(s.m), .ret = 12345 };
	struct test_thread th;

	mutex_lock(&s.m);
	KASSERT_EQ(t,
		   test_thread_start(&th, fn, &s, "ktest-locker",
				     test_next_cpu(smp_processor_id())),
		   0);
	KASSERT_TRUE(t, test_wait_until_sleeping(th.task, state));
	send_sig(sig, th.task, 0);
	if (expected) {
		test_thread_join(&th);
		KEXPECT_EQ(t, s.ret, expected);
		/* Still ours, and no waiter left behind: unlock takes the fast path. */
		KEXPECT_TRUE(t, mutex_is_held(&s.m));
		KEXPECT_EQ(t, atomic_long_read(&s.m.owner), (long)current);
		mutex_unlock(&s.m);
	} else {
		schedule_timeout_uninterruptible(HZ / 50 + 1);
		KEXPECT_EQ(t, task_state(th.task), state);
		mutex_unlock(&s.m);
		test_thread_join(&th);
		KEXPECT_EQ(t, s.ret, 0);
	}
	KEXPECT_FALSE(t, mutex_is_locked(&s.m));
}

static void lock_interruptible_returns_eintr_on_a_signal(struct ktest *t)
{
	signal_blocked_locker(t, lock_interruptible_fn, TASK_INTERRUPTIBLE, SIGTERM, -EINTR);
}

static void lock_killable_returns_eintr_on_kill(struct ktest *t)
{
	signal_blocked_locker(t, lock_killable_fn, TASK_KILLABLE, SIGKILL, -EINTR);
}

static void lock_killable_sleeps_through_other_signals(struct ktest *t)
{
	signal_blocked_locker(t, lock_killable_fn, TASK_KILLABLE, SIGTERM, 0);
}

static int relock_fn(void *arg)
{
	struct shared *s = arg;

	allow_signal(SIGKILL);
	mutex_lock(&s->m);
	/* Killed already, so the self-deadlock ends at once with -EINTR. */
	send_sig(SIGKILL, current, 0);
	KEXPECT_WARN(s->t, s->ret = mutex_lock_killable(&s->m));
	flush_signals(current);
	if (mutex_is_held(&s->m))
		mutex_unlock(&s->m);
	return 0;
}

static void locking_a_mutex_twice_warns(struct ktest *t)
{
	struct shared s = { .m = __MUTEX_INITIALIZER(s.m), .t = t, .ret = 12345 };
	struct test_thread th;

	KASSERT_EQ(t, test_thread_start(&th, relock_fn, &s, "ktest-relock", -1), 0);
	test_thread_join(&th);
	KEXPECT_EQ(t, s.ret, -EINTR);
	KEXPECT_FALSE(t, mutex_is_locked(&s.m));
#ifdef CONFIG_LOCKDEP
	/*
	 * The lock validator reported the recursion too, and stopped
	 * validating: forget the class and turn it back on for the others.
	 */
	KEXPECT_FALSE(t, READ_ONCE(debug_locks));
	lockdep_reset_lock(&s.m.dep_map);
	KEXPECT_TRUE(t, lockdep_reenable());
#endif
}

#define MAX_WAITERS 4

struct fifo {
	struct mutex m;
	int order[MAX_WAITERS]; /* under m */
	int nr;			/* under m */
	/*
	 * The first owner keeps the mutex until the test has checked the
	 * hand-over: otherwise, on another CPU, every waiter could lock and
	 * unlock before the test looks, and the check would fail by timing.
	 */
	struct completion checked;
};

struct fifo_waiter {
	struct fifo *f;
	int id;
};

static int fifo_waiter_fn(void *arg)
{
	struct fifo_waiter *w = arg;

	mutex_lock(&w->f->m);
	w->f->order[w->f->nr++] = w->id;
	if (w->f->nr == 1)
		wait_for_completion(&w->f->checked);
	mutex_unlock(&w->f->m);
	return 0;
}

static void unlock_hands_over_to_the_longest_waiter(struct ktest *t)
{
	struct fifo f = { .m = __MUTEX_INITIALIZER(f.m) };
	struct fifo_waiter w[MAX_WAITERS];
	struct test_thread th[MAX_WAITERS];
	int i;

	init_completion(&f.checked);
	mutex_lock(&f.m);
	for (i = 0; i < MAX_WAITERS; i++) {
		w[i] = (struct fifo_waiter){ .f = &f, .id = i };
		KASSERT_EQ(t, test_thread_start(&th[i], fifo_waiter_fn, &w[i], "ktest-fifo", -1),
			   0);
		KASSERT_TRUE(t, test_wait_until_sleeping(th[i].task, TASK_UNINTERRUPTIBLE));
	}
	mutex_unlock(&f.m);
	/* Handed over, not freed: a newcomer cannot take it first. */
	KEXPECT_TRUE(t, mutex_is_locked(&f.m));
	KEXPECT_EQ(t, mutex_trylock(&f.m), 0);
	complete(&f.checked);
	for (i = 0; i < MAX_WAITERS; i++)
		test_thread_join(&th[i]);
	KASSERT_EQ(t, f.nr, MAX_WAITERS);
	for (i = 0; i < MAX_WAITERS; i++)
		KEXPECT_EQ(t, f.order[i], i);
	KEXPECT_FALSE(t, mutex_is_locked(&f.m));
}

/*
 * Threads on every CPU, two per CPU, increment a counter non-atomically
 * under the mutex, sometimes sleeping while holding it so that others
 * queue up behind them.
 */
#define MUTEX_ROUNDS 200

struct mutex_counter {
	struct mutex m;
	struct test_gate gate;
	unsigned long value; /* under m */
	int inside;	     /* under m */
	atomic_t overlaps;
};

static int mutex_count_fn(void *arg)
{
	struct mutex_counter *c = arg;
	unsigned long v;
	int i;

	test_gate_wait(&c->gate);
	for (i = 0; i < MUTEX_ROUNDS; i++) {
		mutex_lock(&c->m);
		if (READ_ONCE(c->inside))
			atomic_inc(&c->overlaps);
		WRITE_ONCE(c->inside, 1);
		v = READ_ONCE(c->value);
		if (i % 50 == 0)
			schedule_timeout_uninterruptible(1); /* sleep holding it */
		else if (i % 8 == 0)
			yield();
		WRITE_ONCE(c->value, v + 1);
		WRITE_ONCE(c->inside, 0);
		mutex_unlock(&c->m);
	}
	return 0;
}

static void holders_on_every_cpu_exclude_each_other(struct ktest *t)
{
	static struct test_thread threads[2 * NR_CPUS];
	static struct mutex_counter c;
	unsigned int cpu, n = 0;

	memset(&c, 0, sizeof(c));
	mutex_init(&c.m);
	test_gate_init(&c.gate);
	for_each_online_cpu(cpu) {
		KASSERT_EQ(t,
			   test_thread_start(&threads[n++], mutex_count_fn, &c, "ktest-mcount",
					     cpu),
			   0);
		KASSERT_EQ(t,
			   test_thread_start(&threads[n++], mutex_count_fn, &c, "ktest-mcount",
					     cpu),
			   0);
	}
	test_gate_open(&c.gate);
	while (n--)
		test_thread_join(&threads[n]);
	KEXPECT_EQ(t, c.value, 2UL * num_online_cpus() * MUTEX_ROUNDS);
	KEXPECT_EQ(t, atomic_read(&c.overlaps), 0);
	KEXPECT_FALSE(t, mutex_is_locked(&c.m));
	KEXPECT_TRUE(t, list_empty(&c.m.wait_list));
}

static struct ktest_case mutex_cases[] = {
	KTEST_CASE(lock_makes_the_current_task_the_owner),
	KTEST_CASE(mutex_init_makes_a_free_mutex),
	KTEST_CASE(trylock_succeeds_only_on_a_free_mutex),
	KTEST_CASE(unlock_of_a_free_mutex_warns_and_changes_nothing),
	KTEST_CASE(locking_in_atomic_context_warns),
	KTEST_CASE(unlock_by_another_task_warns_and_keeps_the_owner),
	KTEST_CASE(trylock_fails_while_another_task_holds_it),
	KTEST_CASE(lock_interruptible_returns_eintr_on_a_signal),
	KTEST_CASE(lock_killable_returns_eintr_on_kill),
	KTEST_CASE(lock_killable_sleeps_through_other_signals),
	KTEST_CASE(locking_a_mutex_twice_warns),
	KTEST_CASE(unlock_hands_over_to_the_longest_waiter),
	KTEST_CASE(holders_on_every_cpu_exclude_each_other),
	{}
};

static struct ktest_suite mutex_suite = {
	.name = "mutex",
	.cases = mutex_cases,
};
ktest_register_suite(mutex_suite);
