// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler benchmarks: what a context switch costs, between two threads
 * on one CPU and with many threads runnable there.  All threads are bound
 * to CPU 0, where the benchmarks run.
 *
 *	completion_pingpong	two threads hand two completions back and
 *				forth: one op is a round trip (two switches)
 *	yield_pingpong		two threads yield() to each other: one op is a
 *				round trip (two switches)
 *	switch_with_<n>_runnable  a thread yields while n others are runnable
 *				(all n + 1 yield in turn): one op is one
 *				switch; with a round-robin queue the cost must
 *				not grow with n
 */
#include <kernel/bench.h>
#include <kernel/completion.h>
#include <kernel/kthread.h>
#include <kernel/ktime.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <lib/err.h>

#define BENCH_CPU 0

struct pingpong {
	struct completion ping, pong, done;
	unsigned long rounds;
	unsigned long pings, pongs;
};

static int ping_fn(void *arg)
{
	struct pingpong *pp = arg;
	unsigned long i;

	for (i = 0; i < pp->rounds; i++) {
		complete(&pp->ping);
		wait_for_completion(&pp->pong);
		pp->pings++;
	}
	complete(&pp->done);
	return 0;
}

static int pong_fn(void *arg)
{
	struct pingpong *pp = arg;
	unsigned long i;

	for (i = 0; i < pp->rounds; i++) {
		wait_for_completion(&pp->ping);
		pp->pongs++;
		complete(&pp->pong);
	}
	complete(&pp->done);
	return 0;
}

/*
 * Starts @fn_a and @fn_b on the bench CPU and waits for both to finish.
 * They return on their own, so each is held with get_task_struct() until
 * kthread_stop_put(): a kthread that has exited is freed otherwise.
 */
static bool run_pair(int (*fn_a)(void *), int (*fn_b)(void *), void *arg,
		     struct completion *done, struct bench_result *r)
{
	struct task_struct *a, *b;

	a = kthread_create_on_cpu(fn_a, arg, BENCH_CPU, "bench-a/%u");
	if (IS_ERR(a)) {
		bench_fail(r, "kthread_create_on_cpu: %ld", PTR_ERR(a));
		return false;
	}
	get_task_struct(a);
	b = kthread_create_on_cpu(fn_b, arg, BENCH_CPU, "bench-b/%u");
	if (IS_ERR(b)) {
		kthread_stop_put(a);
		bench_fail(r, "kthread_create_on_cpu: %ld", PTR_ERR(b));
		return false;
	}
	get_task_struct(b);
	wake_up_process(a);
	wake_up_process(b);
	wait_for_completion(done);
	wait_for_completion(done);
	kthread_stop_put(a);
	kthread_stop_put(b);
	return true;
}

static unsigned long run_completion_pingpong(const struct bench *bench, unsigned long iterations,
					     struct bench_result *r)
{
	struct pingpong *pp = kzalloc(sizeof(*pp), GFP_KERNEL);
	unsigned long done = 0;

	if (!pp) {
		bench_fail(r, "no memory");
		return 0;
	}
	init_completion(&pp->ping);
	init_completion(&pp->pong);
	init_completion(&pp->done);
	pp->rounds = iterations;
	if (run_pair(ping_fn, pong_fn, pp, &pp->done, r)) {
		if (pp->pings != iterations || pp->pongs != iterations)
			bench_fail(r, "lost a round: %lu pings, %lu pongs of %lu", pp->pings,
				   pp->pongs, iterations);
		done = iterations;
	}
	kfree(pp);
	return done;
}

struct yielders {
	struct completion done;
	unsigned long rounds;
	unsigned long turns[2];
	int last;		/* who yielded last: they must alternate */
	unsigned long out_of_turn;
};

static int yield_fn(struct yielders *y, int me)
{
	unsigned long i;

	for (i = 0; i < y->rounds; i++) {
		if (y->last == me)
			y->out_of_turn++;
		y->last = me;
		y->turns[me]++;
		yield();
	}
	complete(&y->done);
	return 0;
}

static int yield_a(void *arg)
{
	return yield_fn(arg, 0);
}

static int yield_b(void *arg)
{
	return yield_fn(arg, 1);
}

static unsigned long run_yield_pingpong(const struct bench *bench, unsigned long iterations,
					struct bench_result *r)
{
	struct yielders *y = kzalloc(sizeof(*y), GFP_KERNEL);
	unsigned long done = 0;

	if (!y) {
		bench_fail(r, "no memory");
		return 0;
	}
	init_completion(&y->done);
	y->rounds = iterations;
	y->last = -1;
	if (run_pair(yield_a, yield_b, y, &y->done, r)) {
		/* The first turn of each and the tail end may repeat; a few at most. */
		if (y->out_of_turn > 4)
			bench_fail(r, "%lu yields did not switch to the other thread",
				   y->out_of_turn);
		done = iterations;
	}
	kfree(y);
	return done;
}

/* --- switch_with_<n>_runnable --- */

struct crowd {
	int stop;
	unsigned long *progress;	/* one counter per thread */
};

struct crowd_member {
	struct crowd *crowd;
	unsigned int index;
};

static int crowd_fn(void *arg)
{
	struct crowd_member *m = arg;

	while (!READ_ONCE(m->crowd->stop)) {
		m->crowd->progress[m->index]++;
		yield();
	}
	return 0;
}

/*
 * @n threads on the bench CPU yield in turn; this one sleeps meanwhile.
 * Timed: about @iterations switches (at least two full turns of the crowd).
 */
static unsigned long run_crowd(unsigned int n, unsigned long iterations, struct bench_result *r)
{
	struct task_struct **tasks = kcalloc(n, sizeof(*tasks), GFP_KERNEL);
	struct crowd_member *members = kcalloc(n, sizeof(*members), GFP_KERNEL);
	struct crowd crowd = { .progress = kcalloc(n, sizeof(unsigned long), GFP_KERNEL) };
	unsigned long switches = 0, before, idle_switches;
	u64 start;
	unsigned int i, created = 0;

	if (!tasks || !members || !crowd.progress) {
		bench_fail(r, "no memory for %u threads", n);
		goto out;
	}
	for (i = 0; i < n; i++) {
		members[i] = (struct crowd_member){ .crowd = &crowd, .index = i };
		tasks[i] = kthread_create_on_cpu(crowd_fn, &members[i], BENCH_CPU, "crowd/%u");
		if (IS_ERR(tasks[i])) {
			bench_fail(r, "thread %u of %u: %ld", i, n, PTR_ERR(tasks[i]));
			goto stop;
		}
		get_task_struct(tasks[i]);	/* they return once they see stop */
		created++;
	}

	for (i = 0; i < n; i++)
		wake_up_process(tasks[i]);
	/* Let every thread get going before the clock starts. */
	schedule_timeout_uninterruptible(2);

	/*
	 * Timed: this thread sleeps a tick at a time while the crowd cycles
	 * round; the figure is the time per switch, the sleeps' own cost
	 * shared out over thousands of switches.
	 */
	idle_switches = iterations > 2 * (n + 1) ? iterations : 2 * (n + 1);
	start = ktime_get_ns();
	before = nr_context_switches_cpu(BENCH_CPU);
	while (nr_context_switches_cpu(BENCH_CPU) - before < idle_switches)
		schedule_timeout_uninterruptible(1);
	switches = nr_context_switches_cpu(BENCH_CPU) - before;
	r->timed_ns = ktime_get_ns() - start;
	for (i = 0; i < n; i++) {
		if (!crowd.progress[i]) {
			bench_fail(r, "thread %u of %u never ran", i, n);
			break;
		}
	}
stop:
	WRITE_ONCE(crowd.stop, 1);
	for (i = 0; i < created; i++)
		kthread_stop_put(tasks[i]);
out:
	kfree(tasks);
	kfree(members);
	kfree(crowd.progress);
	return switches;
}

/* n others runnable: n + 1 threads in all. */
#define DEFINE_CROWD_BENCH(n)                                                      \
	static unsigned long run_crowd_##n(const struct bench *bench,               \
					   unsigned long iterations,                \
					   struct bench_result *r)                  \
	{                                                                           \
		return run_crowd((n) + 1, iterations, r);                           \
	}

DEFINE_CROWD_BENCH(1)
DEFINE_CROWD_BENCH(10)
DEFINE_CROWD_BENCH(100)
DEFINE_CROWD_BENCH(1000)
DEFINE_CROWD_BENCH(10000)

const struct bench sched_benches[] = {
	{ .name = "completion_pingpong", .run = run_completion_pingpong },
	{ .name = "yield_pingpong", .run = run_yield_pingpong },
	{ .name = "switch_with_1_runnable", .run = run_crowd_1 },
	{ .name = "switch_with_10_runnable", .run = run_crowd_10 },
	{ .name = "switch_with_100_runnable", .run = run_crowd_100 },
	{ .name = "switch_with_1000_runnable", .run = run_crowd_1000 },
	{ .name = "switch_with_10000_runnable", .run = run_crowd_10000 },
	{}
};
