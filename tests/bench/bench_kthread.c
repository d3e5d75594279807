// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_create_stop, kthread_run_exit, park_unpark: what a kernel
 * thread's life costs, per cycle (docs/kthread.md walks through it).
 *
 *  - kthread_create_stop: kthread_create() + wake_up_process() +
 *    kthread_stop() of a thread that waits for the stop: the request to
 *    kthreadd, the new thread's start in kthread(), its threadfn, its exit.
 *    bytes_per_obj is the memory a thread alive costs (thread_memory_x10()).
 *  - kthread_run_exit: kthread_run() of a thread that returns at once, and
 *    reaping it: waiting for its exit on its vfork_done, and dropping the
 *    reference taken so that the task could not vanish meanwhile.
 *  - park_unpark: kthread_park() + kthread_unpark() of a running thread.
 *
 * They run in init, on CPU 0 of a one-CPU machine, where a wake-up does not
 * preempt the waker: each cycle is a handful of context switches.
 */
#include <kernel/bench.h>
#include <kernel/completion.h>
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/ktime.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/stack.h>
#include <lib/err.h>
#include <lib/errno.h>

#define BENCH_THREAD_RET 0x5a

/* Waits for kthread_stop(), parking whenever asked. */
static int wait_for_stop_fn(void *arg)
{
	unsigned long *runs = arg;

	WRITE_ONCE(*runs, *runs + 1);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (kthread_should_park()) {
			__set_current_state(TASK_RUNNING);
			kthread_parkme();
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return BENCH_THREAD_RET;
}

static int return_at_once_fn(void *arg)
{
	unsigned long *runs = arg;

	WRITE_ONCE(*runs, *runs + 1);
	return BENCH_THREAD_RET;
}

/* Waits (a tick at a time, up to a second) until the exited threads are freed. */
static bool tasks_back_to(unsigned long tasks)
{
	unsigned int i;

	for (i = 0; i < HZ && nr_tasks() > tasks; i++)
		schedule_timeout_uninterruptible(1);
	return nr_tasks() <= tasks;
}

/* Started, then waits for kthread_stop(): the thread kthread_create_stop makes. */
static int started_then_wait_for_stop_fn(void *arg)
{
	struct completion *started = arg;

	complete(started);
	return wait_for_stop_fn(&(unsigned long){ 0 });
}

#define MEMORY_SAMPLE 256 /* threads alive at once to weigh one */

/*
 * What a thread alive costs in memory: the pages that MEMORY_SAMPLE
 * created (not woken) threads take, per thread: task_struct, stack, struct
 * kthread and the slabs' share.  The stack cache is drained first so that
 * every stack needs its pages.  Return: bytes per thread, times ten.
 */
static unsigned long thread_memory_x10(struct bench_result *r)
{
	static struct task_struct *sample[MEMORY_SAMPLE];
	unsigned long tasks = nr_tasks(), before, pages;
	unsigned int i, n;

	drain_thread_stack_cache();
	before = nr_free_pages();
	for (n = 0; n < MEMORY_SAMPLE; n++) {
		sample[n] = kthread_create(wait_for_stop_fn, &(unsigned long){ 0 }, "bench-mem");
		if (IS_ERR(sample[n])) {
			bench_fail(r, "kthread_create() failed: %ld", PTR_ERR(sample[n]));
			break;
		}
	}
	pages = before - nr_free_pages();
	for (i = 0; i < n; i++)
		kthread_stop(sample[i]);
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
	return n ? pages * PAGE_SIZE * 10 / n : 0;
}

/*
 * The creator waits until the thread runs before stopping it: on one CPU a
 * wake-up does not preempt, and a stop issued at once would end the thread
 * before its threadfn (-EINTR), a shorter life than the one measured.
 */
static unsigned long run_kthread_create_stop(const struct bench *b, unsigned long iterations,
					     struct bench_result *r)
{
	DECLARE_COMPLETION_ONSTACK(started);
	unsigned long tasks = nr_tasks(), i;
	u64 start;

	r->bytes_per_obj_x10 = thread_memory_x10(r);
	start = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		struct task_struct *k;
		int ret;

		k = kthread_create(started_then_wait_for_stop_fn, &started, "bench-create");
		if (IS_ERR(k)) {
			bench_fail(r, "kthread_create() failed: %ld", PTR_ERR(k));
			return i;
		}
		wake_up_process(k);
		wait_for_completion(&started);
		ret = kthread_stop(k);
		if (ret != BENCH_THREAD_RET) {
			bench_fail(r, "kthread_stop() returned %d", ret);
			return i;
		}
	}
	r->timed_ns = ktime_get_ns() - start;
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
	return iterations;
}

static unsigned long run_kthread_run_exit(const struct bench *b, unsigned long iterations,
					  struct bench_result *r)
{
	unsigned long tasks = nr_tasks(), runs = 0, i;

	for (i = 0; i < iterations; i++) {
		struct task_struct *k = kthread_create(return_at_once_fn, &runs, "bench-run");

		if (IS_ERR(k)) {
			bench_fail(r, "kthread_create() failed: %ld", PTR_ERR(k));
			return i;
		}
		/* kthread_run(), holding a reference: the thread may be gone at once. */
		get_task_struct(k);
		wake_up_process(k);
		wait_for_completion(k->vfork_done);
		put_task_struct(k);
	}
	if (runs != iterations)
		bench_fail(r, "threadfn ran %lu times in %lu cycles", runs, iterations);
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
	return iterations;
}

static unsigned long run_park_unpark(const struct bench *b, unsigned long iterations,
				     struct bench_result *r)
{
	unsigned long tasks = nr_tasks(), runs = 0, i;
	struct task_struct *k = kthread_run(wait_for_stop_fn, &runs, "bench-park");
	int ret;

	if (IS_ERR(k)) {
		bench_fail(r, "kthread_run() failed: %ld", PTR_ERR(k));
		return 0;
	}
	for (i = 0; i < iterations; i++) {
		ret = kthread_park(k);
		if (ret || task_state(k) != TASK_PARKED) {
			bench_fail(r, "kthread_park() returned %d, state %#x", ret, task_state(k));
			break;
		}
		kthread_unpark(k);
	}
	ret = kthread_stop(k);
	if (ret != BENCH_THREAD_RET)
		bench_fail(r, "kthread_stop() returned %d", ret);
	if (READ_ONCE(runs) != 1)
		bench_fail(r, "threadfn started %lu times", runs);
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
	return i;
}

const struct bench kthread_benches[] = {
	{ .name = "kthread_create_stop", .run = run_kthread_create_stop },
	{ .name = "kthread_run_exit", .run = run_kthread_run_exit },
	{ .name = "park_unpark", .run = run_park_unpark },
	{}
};
