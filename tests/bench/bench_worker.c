// SPDX-License-Identifier: GPL-2.0
/*
 * What the kthread_worker operations cost (docs/kthread_worker.md):
 *
 *  - work_roundtrip_samecpu: kthread_queue_work() to a worker on this CPU,
 *    until the work has run and said so (complete()) to the waiting queuer:
 *    a wake-up and two context switches.
 *  - work_roundtrip_crosscpu: the same with the worker on CPU 1: the
 *    wake-up is an IPI.  Needs two CPUs (min_cpus): `make bench` runs it
 *    in its second, 2-CPU boot.
 *  - work_queue_flush: 64 kthread_queue_work() and a kthread_flush_worker(),
 *    per op.
 *  - delayed_work_zero: kthread_queue_delayed_work() with delay 0 (queued
 *    at once, no timer) until the work has run.
 *  - worker_create_destroy: kthread_create_worker() + kthread_destroy_worker()
 *    of an idle worker; bytes_per_obj is what the struct kthread_worker
 *    costs in kmalloc (the thread's own costs are kthread_create_stop's).
 *
 * They run in init, on CPU 0.  Creating and destroying the worker the first
 * three need is left out of the figure (r->timed_ns).
 */
#include <kernel/bench.h>
#include <kernel/completion.h>
#include <kernel/cpumask.h>
#include <kernel/jiffies.h>
#include <kernel/kthread_worker.h>
#include <kernel/ktime.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <lib/err.h>

#define FLUSH_BATCH 64

struct bench_work {
	struct kthread_delayed_work dwork;	/* dwork.work for the plain ones */
	struct completion done;
	unsigned long runs;
	unsigned int cpu;			/* where it last ran */
};

static void roundtrip_fn(struct kthread_work *work)
{
	struct bench_work *bw = container_of(work, struct bench_work, dwork.work);

	bw->runs++;
	bw->cpu = smp_processor_id();
	complete(&bw->done);
}

static void count_fn(struct kthread_work *work)
{
	struct bench_work *bw = container_of(work, struct bench_work, dwork.work);

	bw->runs++;
}

static void init_bench_work(struct bench_work *bw, kthread_work_func_t fn)
{
	kthread_init_delayed_work(&bw->dwork, fn);
	init_completion(&bw->done);
	bw->runs = 0;
	bw->cpu = 0;
}

/* Waits (a tick at a time, up to a second) until the exited threads are freed. */
static bool tasks_back_to(unsigned long tasks)
{
	unsigned int i;

	for (i = 0; i < HZ && nr_tasks() > tasks; i++)
		schedule_timeout_uninterruptible(1);
	return nr_tasks() <= tasks;
}

static struct kthread_worker *bench_worker_on(unsigned int cpu, struct bench_result *r)
{
	struct kthread_worker *worker = kthread_create_worker_on_cpu(cpu, 0, "bench-kw/%u");

	if (IS_ERR(worker)) {
		bench_fail(r, "kthread_create_worker_on_cpu(%u) failed: %ld", cpu, PTR_ERR(worker));
		return NULL;
	}
	/* Let it reach its loop: the first queueing must not pay for its start. */
	kthread_flush_worker(worker);
	return worker;
}

static void bench_worker_done(struct kthread_worker *worker, unsigned long tasks,
			      struct bench_result *r)
{
	kthread_destroy_worker(worker);
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
}

/* Queue, and wait for the work to say it ran; @delayed: as delayed work, delay 0. */
static unsigned long roundtrip(unsigned int cpu, bool delayed, unsigned long iterations,
			       struct bench_result *r)
{
	unsigned long tasks = nr_tasks(), i;
	struct kthread_worker *worker = bench_worker_on(cpu, r);
	struct bench_work bw;
	u64 start;

	if (!worker)
		return 0;
	init_bench_work(&bw, roundtrip_fn);
	start = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		bool queued = delayed ? kthread_queue_delayed_work(worker, &bw.dwork, 0) :
					kthread_queue_work(worker, &bw.dwork.work);

		if (!queued) {
			bench_fail(r, "queueing an idle work returned false");
			break;
		}
		wait_for_completion(&bw.done);
	}
	r->timed_ns = ktime_get_ns() - start;
	if (!r->failure[0] && bw.runs != iterations)
		bench_fail(r, "the work ran %lu times in %lu round trips", bw.runs, iterations);
	if (!r->failure[0] && bw.cpu != cpu)
		bench_fail(r, "the work ran on CPU %u, its worker is bound to CPU %u", bw.cpu, cpu);
	bench_worker_done(worker, tasks, r);
	return i;
}

static unsigned long run_work_roundtrip_samecpu(const struct bench *b, unsigned long iterations,
						struct bench_result *r)
{
	return roundtrip(smp_processor_id(), false, iterations, r);
}

static unsigned long run_work_roundtrip_crosscpu(const struct bench *b, unsigned long iterations,
						 struct bench_result *r)
{
	unsigned int cpu = cpumask_next(smp_processor_id(), cpu_online_mask);

	if (cpu >= NR_CPUS) {
		bench_fail(r, "needs a second CPU online, and %u is", num_online_cpus());
		return 0;
	}
	return roundtrip(cpu, false, iterations, r);
}

static unsigned long run_delayed_work_zero(const struct bench *b, unsigned long iterations,
					   struct bench_result *r)
{
	return roundtrip(smp_processor_id(), true, iterations, r);
}

static unsigned long run_work_queue_flush(const struct bench *b, unsigned long iterations,
					  struct bench_result *r)
{
	static struct bench_work works[FLUSH_BATCH];
	unsigned long tasks = nr_tasks(), i, runs = 0;
	struct kthread_worker *worker = bench_worker_on(smp_processor_id(), r);
	unsigned int j;
	u64 start;

	if (!worker)
		return 0;
	for (j = 0; j < FLUSH_BATCH; j++)
		init_bench_work(&works[j], count_fn);
	start = ktime_get_ns();
	for (i = 0; i < iterations && !r->failure[0]; i++) {
		for (j = 0; j < FLUSH_BATCH; j++) {
			if (!kthread_queue_work(worker, &works[j].dwork.work))
				bench_fail(r, "work %u still pending after a flush", j);
		}
		kthread_flush_worker(worker);
	}
	r->timed_ns = ktime_get_ns() - start;
	for (j = 0; j < FLUSH_BATCH; j++)
		runs += works[j].runs;
	if (!r->failure[0] && runs != i * FLUSH_BATCH)
		bench_fail(r, "%lu works ran, %lu were queued", runs, i * FLUSH_BATCH);
	bench_worker_done(worker, tasks, r);
	return i;
}

static unsigned long run_worker_create_destroy(const struct bench *b, unsigned long iterations,
					       struct bench_result *r)
{
	unsigned long tasks = nr_tasks(), i;

	for (i = 0; i < iterations; i++) {
		struct kthread_worker *worker = kthread_create_worker(0, "bench-kw");

		if (IS_ERR(worker)) {
			bench_fail(r, "kthread_create_worker() failed: %ld", PTR_ERR(worker));
			break;
		}
		if (!r->bytes_per_obj_x10)
			r->bytes_per_obj_x10 = ksize(worker) * 10;
		kthread_destroy_worker(worker);
	}
	if (!tasks_back_to(tasks))
		bench_fail(r, "%lu tasks left over", nr_tasks() - tasks);
	return i;
}

const struct bench worker_benches[] = {
	{ .name = "work_roundtrip_samecpu", .run = run_work_roundtrip_samecpu },
	{ .name = "work_queue_flush", .run = run_work_queue_flush },
	{ .name = "delayed_work_zero", .run = run_delayed_work_zero },
	{ .name = "worker_create_destroy", .run = run_worker_create_destroy },
	{}
};

/* For a boot with two CPUs or more: `make bench` boots one today. */
const struct bench worker_crosscpu_benches[] = {
	{ .name = "work_roundtrip_crosscpu", .run = run_work_roundtrip_crosscpu, .min_cpus = 2 },
	{}
};
