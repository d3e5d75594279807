// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_worker (kernel/kthread_worker.c): every promise of its API, the
 * races it must survive, and its costs in memory.
 *
 * The expectations are the kerneldoc of Linux's kthread worker API (Linux
 * 6.14, and up to 6.12 where our kthread_create_worker() follows the seed
 * and wakes the worker), plus the differences kernel/kthread_worker.c
 * documents at its top.  Two suites: kthread_worker checks one behaviour
 * per case; kthread_worker_stress races queueing, cancelling, flushing and
 * timers on several CPUs, thousands of rounds each (cases that need two
 * CPUs skip on one).
 *
 * The works are static (works[]), so that a case that ends early (a failed
 * KASSERT) leaves nothing dangling: the suite's exit releases every blocked
 * work, cancels what is still pending, and destroys the workers the case
 * created through new_worker().
 */
#include <asm/processor.h>
#include <kernel/completion.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/fault-inject.h>
#include <kernel/freezer.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/ktime.h>
#include <kernel/mutex.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/stack.h>
#include <lib/err.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#include "test_threads.h"

#define NR_WORKS	16
#define MAX_WORKERS	8
#define WAIT_MS		2000	/* far longer than anything should take */

struct test_work {
	struct kthread_delayed_work dwork;	/* dwork.work for the plain cases */
	unsigned int id;
	/* Set by the case before queueing. */
	bool block;			/* each run waits for ->release */
	int requeue;			/* runs that queue the work again */
	struct kthread_work *flush_from_inside;	/* flushed by the work itself */
	/* Written by the work's function. */
	int runs;			/* finished runs */
	int running;			/* 1 while the function runs */
	unsigned int cpu;		/* where it last ran */
	u64 ran_at;			/* jiffies when it last started */
	struct task_struct *ran_in;	/* the thread it last ran in */
	bool lock_held_inside;		/* its worker's lock, seen from inside */
	int preempt_count_inside;
	bool irqs_off_inside;
	bool requeue_ret;		/* what its last self-requeue returned */
	struct completion started;	/* completed at the start of each run */
	struct completion release;	/* what a blocking run waits for */
};

static struct test_work works[NR_WORKS];
static struct kthread_worker *workers[MAX_WORKERS];	/* new_worker()'s, for the exit */
static unsigned int run_order[64];
static unsigned int nr_runs;

static struct kthread_work *work_of(unsigned int i)
{
	return &works[i].dwork.work;
}

static void test_work_fn(struct kthread_work *work)
{
	struct test_work *tw = container_of(work, struct test_work, dwork.work);
	unsigned int slot = __atomic_fetch_add(&nr_runs, 1, __ATOMIC_RELAXED);

	WRITE_ONCE(tw->running, 1);
	if (slot < ARRAY_SIZE(run_order))
		run_order[slot] = tw->id;
	tw->cpu = smp_processor_id();
	tw->ran_at = get_jiffies_64();
	tw->ran_in = current;
	tw->lock_held_inside = raw_spin_is_held(&work->worker->lock);
	tw->preempt_count_inside = preempt_count();
	tw->irqs_off_inside = irqs_disabled();
	complete(&tw->started);
	if (READ_ONCE(tw->block))
		wait_for_completion(&tw->release);
	if (tw->flush_from_inside)
		kthread_flush_work(tw->flush_from_inside);
	if (tw->requeue > 0) {
		tw->requeue--;
		tw->requeue_ret = kthread_queue_work(work->worker, work);
	}
	WRITE_ONCE(tw->running, 0);
	__atomic_add_fetch(&tw->runs, 1, __ATOMIC_RELEASE);
}

static int runs(unsigned int i)
{
	return __atomic_load_n(&works[i].runs, __ATOMIC_ACQUIRE);
}

static bool pending(struct kthread_work *work)
{
	return !list_empty(&work->node);
}

/* Waits for work @i to start a run.  Return: false if it did not within WAIT_MS. */
static bool wait_started(unsigned int i)
{
	return wait_for_completion_timeout(&works[i].started, msecs_to_jiffies(WAIT_MS)) != 0;
}

static void release(unsigned int i)
{
	WRITE_ONCE(works[i].block, false);
	complete_all(&works[i].release);
}

/* Polls @cond a tick at a time, for up to @ms.  Value: @cond at the end. */
#define wait_until(cond, ms)                                                          \
	({                                                                            \
		u64 __end = get_jiffies_64() + msecs_to_jiffies(ms) + 1;              \
		bool __ok;                                                            \
		while (!(__ok = (cond)) && time_before(get_jiffies_64(), __end))      \
			schedule_timeout_uninterruptible(1);                          \
		__ok;                                                                 \
	})

/* A worker the suite's exit destroys if the case does not. */
static struct kthread_worker *track_worker(struct ktest *t, struct kthread_worker *worker)
{
	unsigned int i;

	KASSERT_NOT_ERR(t, worker);
	for (i = 0; i < MAX_WORKERS; i++) {
		if (!workers[i]) {
			workers[i] = worker;
			return worker;
		}
	}
	kthread_destroy_worker(worker);
	ktest_fail(t, __FILE__, __LINE__, "more than %d workers in one case", MAX_WORKERS);
	ktest_abort(t);
}

static struct kthread_worker *new_worker(struct ktest *t, unsigned int flags)
{
	return track_worker(t, kthread_create_worker(flags, "ktest-kw"));
}

static struct kthread_worker *new_worker_on_cpu(struct ktest *t, unsigned int cpu)
{
	return track_worker(t, kthread_create_worker_on_cpu(cpu, 0, "ktest-kw/%u"));
}

static void untrack_worker(struct kthread_worker *worker)
{
	unsigned int i;

	for (i = 0; i < MAX_WORKERS; i++) {
		if (workers[i] == worker)
			workers[i] = NULL;
	}
}

static void destroy_worker(struct kthread_worker *worker)
{
	untrack_worker(worker);
	kthread_destroy_worker(worker);
}

static bool worker_tracked(struct kthread_worker *worker)
{
	unsigned int i;

	for (i = 0; worker && i < MAX_WORKERS; i++) {
		if (workers[i] == worker)
			return true;
	}
	return false;
}

static int kthread_worker_init(struct ktest *t)
{
	unsigned int i;

	for (i = 0; i < NR_WORKS; i++) {
		struct test_work *tw = &works[i];

		memset(tw, 0, sizeof(*tw));
		kthread_init_delayed_work(&tw->dwork, test_work_fn);
		tw->id = i;
		init_completion(&tw->started);
		init_completion(&tw->release);
	}
	memset(workers, 0, sizeof(workers));
	nr_runs = 0;
	return 0;
}

static void kthread_worker_exit(struct ktest *t)
{
	unsigned int i;

	for (i = 0; i < NR_WORKS; i++) {
		works[i].requeue = 0;
		release(i);
	}
	for (i = 0; i < NR_WORKS; i++) {
		if (worker_tracked(works[i].dwork.work.worker))
			kthread_cancel_delayed_work_sync(&works[i].dwork);
	}
	for (i = 0; i < MAX_WORKERS; i++) {
		if (workers[i])
			kthread_destroy_worker(workers[i]);
		workers[i] = NULL;
	}
}

/*
 * A call that blocks, made by a helper thread so that the case can watch
 * it wait: kthread_cancel_*_sync(), kthread_flush_*().
 */
enum bg_op { BG_CANCEL, BG_CANCEL_DELAYED, BG_FLUSH_WORK, BG_FLUSH_WORKER, BG_FREEZE };

struct bg_call {
	struct test_thread th;
	enum bg_op op;
	unsigned int work;
	struct kthread_worker *worker;
	int ret;
	int done;
	int runs_at_return;		/* of works[work], when the call returned */
};

static int bg_fn(void *arg)
{
	struct bg_call *bg = arg;

	switch (bg->op) {
	case BG_CANCEL:
		bg->ret = kthread_cancel_work_sync(work_of(bg->work));
		break;
	case BG_CANCEL_DELAYED:
		bg->ret = kthread_cancel_delayed_work_sync(&works[bg->work].dwork);
		break;
	case BG_FLUSH_WORK:
		kthread_flush_work(work_of(bg->work));
		break;
	case BG_FLUSH_WORKER:
		kthread_flush_worker(bg->worker);
		break;
	case BG_FREEZE:
		bg->ret = freeze_kernel_threads();
		break;
	}
	bg->runs_at_return = runs(bg->work);
	smp_store_release(&bg->done, 1);
	return 0;
}

static void bg_start(struct ktest *t, struct bg_call *bg)
{
	KASSERT_EQ(t, test_thread_start(&bg->th, bg_fn, bg, "ktest-kw-bg", -1), 0);
}

static bool bg_done(struct bg_call *bg)
{
	return smp_load_acquire(&bg->done);
}

/* --- types and initialisation --- */

static void nop_work_fn(struct kthread_work *work)
{
}

static void init_work_makes_an_idle_work(struct ktest *t)
{
	struct kthread_delayed_work dwork;
	struct kthread_work work;

	memset(&work, 0xa5, sizeof(work));
	kthread_init_work(&work, nop_work_fn);
	KEXPECT_TRUE(t, list_empty(&work.node));
	KEXPECT_EQ(t, work.func, nop_work_fn);
	KEXPECT_NULL(t, work.worker);
	KEXPECT_EQ(t, work.canceling, 0);
	KEXPECT_EQ(t, work.flags, 0);

	memset(&dwork, 0xa5, sizeof(dwork));
	kthread_init_delayed_work(&dwork, nop_work_fn);
	KEXPECT_TRUE(t, list_empty(&dwork.work.node));
	KEXPECT_EQ(t, dwork.work.func, nop_work_fn);
	KEXPECT_EQ(t, dwork.timer.function, kthread_delayed_work_timer_fn);
	KEXPECT_FALSE(t, timer_pending(&dwork.timer));
}

static void init_worker_names_its_lock_after_the_expression(struct ktest *t)
{
	struct kthread_worker w;

	memset(&w, 0xa5, sizeof(w));
	kthread_init_worker(&w);
	KEXPECT_STREQ(t, w.lock.name, "(&w)->lock");
	KEXPECT_FALSE(t, raw_spin_is_locked(&w.lock));
	KEXPECT_TRUE(t, list_empty(&w.work_list));
	KEXPECT_TRUE(t, list_empty(&w.delayed_work_list));
	KEXPECT_NULL(t, w.task);
	KEXPECT_NULL(t, w.current_work);
	KEXPECT_EQ(t, w.stats.works_executed, 0);
}

static DEFINE_KTHREAD_WORKER(static_worker);
static int static_runs;

static void static_work_fn(struct kthread_work *work)
{
	__atomic_add_fetch(&static_runs, 1, __ATOMIC_RELEASE);
}

static DEFINE_KTHREAD_WORK(static_work, static_work_fn);
static DEFINE_KTHREAD_DELAYED_WORK(static_dwork, static_work_fn);

/* The DEFINE_ macros, and kthread_worker_fn() run by kthread_run(). */
static void static_definitions_work_with_kthread_run(struct ktest *t)
{
	struct task_struct *task;

	static_runs = 0;
	task = kthread_run(kthread_worker_fn, &static_worker, "ktest-kw-static");
	KASSERT_NOT_ERR(t, task);
	KEXPECT_TRUE(t, kthread_queue_work(&static_worker, &static_work));
	KEXPECT_TRUE(t, kthread_queue_delayed_work(&static_worker, &static_dwork, 1));
	kthread_flush_work(&static_work);
	kthread_flush_work(&static_dwork.work);
	KEXPECT_EQ(t, __atomic_load_n(&static_runs, __ATOMIC_ACQUIRE), 2);
	KEXPECT_EQ(t, static_worker.task, task);
	KEXPECT_EQ(t, kthread_stop(task), 0);
	KEXPECT_NULL(t, static_worker.task);
}

static void worker_fn_on_a_worker_of_ones_own_returns_0_when_stopped(struct ktest *t)
{
	DEFINE_KTHREAD_WORKER_ONSTACK(w);
	struct task_struct *task;

	kthread_init_worker(&w);
	task = kthread_run(kthread_worker_fn, &w, "ktest-kw-own");
	KASSERT_NOT_ERR(t, task);
	KEXPECT_TRUE(t, kthread_queue_work(&w, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, works[0].ran_in, task);
	KEXPECT_EQ(t, kthread_stop(task), 0);
	KEXPECT_NULL(t, w.task);
	kthread_init_work(work_of(0), test_work_fn);	/* its worker is gone */
}

/* --- the worker thread --- */

static void works_run_in_the_order_they_were_queued(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	unsigned int i;

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	for (i = NR_WORKS - 1; i >= 1; i--)
		KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(i)));
	release(0);
	kthread_flush_worker(worker);
	KASSERT_EQ(t, nr_runs, NR_WORKS);
	KEXPECT_EQ(t, run_order[0], 0);
	for (i = 1; i < NR_WORKS; i++)
		KEXPECT_EQ(t, run_order[i], NR_WORKS - i);
}

static void work_runs_in_the_worker_thread_with_nothing_held(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, works[0].ran_in, worker->task);
	KEXPECT_FALSE(t, works[0].lock_held_inside);
	KEXPECT_EQ(t, works[0].preempt_count_inside, 0);
	KEXPECT_FALSE(t, works[0].irqs_off_inside);
}

static void idle_worker_sleeps_interruptibly(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_worker(worker);
	KEXPECT_TRUE(t, test_wait_until_sleeping(worker->task, TASK_INTERRUPTIBLE));
	KEXPECT_NULL(t, worker->current_work);
}

static DEFINE_SPINLOCK(abandoned_lock);	/* taken by a work that never releases it */

static void leaves_preemption_disabled(struct kthread_work *work)
{
	preempt_disable();
}

static void leaves_interrupts_disabled(struct kthread_work *work)
{
	local_irq_disable();
}

static void leaves_a_spin_lock_held(struct kthread_work *work)
{
	spin_lock(&abandoned_lock);
}

static char logged[2048];

/* Runs @fn on a worker: it must WARN naming @name, and the worker go on. */
static void check_leak_is_reported(struct ktest *t, kthread_work_func_t fn, const char *name)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_work bad;
	u64 pos;

	kthread_init_work(&bad, fn);
	pos = log_buf_pos();
	KEXPECT_WARN(t, ({
			     kthread_queue_work(worker, &bad);
			     kthread_flush_work(&bad);
		     }));
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_NOT_NULL(t, strstr(logged, name));

	/* The thread was repaired: it runs the next work normally, and sleeps. */
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, works[0].preempt_count_inside, 0);
	KEXPECT_FALSE(t, works[0].irqs_off_inside);
}

static void work_returning_with_preemption_disabled_warns_naming_it(struct ktest *t)
{
	check_leak_is_reported(t, leaves_preemption_disabled, "leaves_preemption_disabled");
}

static void work_returning_with_interrupts_disabled_warns_naming_it(struct ktest *t)
{
	check_leak_is_reported(t, leaves_interrupts_disabled, "leaves_interrupts_disabled");
}

static void work_returning_with_a_spin_lock_held_warns_naming_it(struct ktest *t)
{
	check_leak_is_reported(t, leaves_a_spin_lock_held, "leaves_a_spin_lock_held");
}

/* --- the freezer --- */

static void freezable_worker_runs_nothing_while_frozen(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, KTW_FREEZABLE);
	bool was_frozen, ran_frozen;
	int ret;

	kthread_flush_worker(worker);	/* it is in its loop, freezable */
	ret = freeze_kernel_threads();
	was_frozen = frozen(worker->task);
	kthread_queue_work(worker, work_of(0));
	msleep(50);
	ran_frozen = runs(0) != 0;
	if (!ret)
		thaw_kernel_threads();

	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, was_frozen);
	KEXPECT_FALSE(t, ran_frozen);
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
}

/* The freeze waits for the running work; the next one waits for the thaw. */
static void freezable_worker_freezes_between_two_works(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, KTW_FREEZABLE);
	struct bg_call freeze = { .op = BG_FREEZE };
	bool freeze_waited, second_ran;

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KASSERT_TRUE(t, wait_started(0));
	bg_start(t, &freeze);
	msleep(20);
	freeze_waited = !bg_done(&freeze);
	release(0);
	test_thread_join(&freeze.th);
	msleep(20);
	second_ran = runs(1) != 0;
	if (!freeze.ret)
		thaw_kernel_threads();

	KEXPECT_TRUE(t, freeze_waited);
	KEXPECT_EQ(t, freeze.ret, 0);
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_FALSE(t, second_ran);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(1), 1);
}

static void non_freezable_worker_keeps_running_while_frozen(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	int ret, ran;

	kthread_flush_worker(worker);
	ret = freeze_kernel_threads();
	kthread_queue_work(worker, work_of(0));
	ran = wait_until(runs(0) == 1, WAIT_MS);
	if (!ret)
		thaw_kernel_threads();
	KEXPECT_EQ(t, ret, 0);
	KEXPECT_TRUE(t, ran);
}

/* --- creation --- */

/* The seed's kthread_create_worker() wakes the thread: it reaches its loop unasked. */
static void create_worker_starts_the_thread(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_NOT_NULL(t, worker->task);
	/* A kthread never woken would sleep TASK_UNINTERRUPTIBLE in kthread(). */
	KEXPECT_TRUE(t, test_wait_until_sleeping(worker->task, TASK_INTERRUPTIBLE));
}

static void create_worker_formats_its_name(struct ktest *t)
{
	struct kthread_worker *worker;

	worker = track_worker(t, kthread_create_worker(0, "ktest-kw/%d-%s", 7, "x"));
	KEXPECT_STREQ(t, worker->task->comm, "ktest-kw/7-x");
}

static void worker_on_cpu_runs_there_and_is_named_after_it(struct ktest *t)
{
	unsigned int cpu;
	char name[TASK_COMM_LEN];

	for_each_online_cpu(cpu) {
		struct kthread_worker *worker = new_worker_on_cpu(t, cpu);

		snprintf(name, sizeof(name), "ktest-kw/%u", cpu);
		KEXPECT_STREQ(t, worker->task->comm, name);
		KEXPECT_EQ(t, worker->task->nr_cpus_allowed, 1);
		KEXPECT_TRUE(t, cpumask_test_cpu(cpu, &worker->task->cpus_mask));
		KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(0)));
		kthread_flush_work(work_of(0));
		KEXPECT_EQ(t, works[0].cpu, cpu);
		destroy_worker(worker);
		kthread_init_work(work_of(0), test_work_fn);
	}
}

static void run_worker_helpers_return_a_running_worker(struct ktest *t)
{
	unsigned int cpu = num_online_cpus() - 1;
	struct kthread_worker *any, *bound;

	any = track_worker(t, kthread_run_worker(0, "ktest-kw-run%d", 1));
	bound = track_worker(t, kthread_run_worker_on_cpu(cpu, 0, "ktest-kw-run/%u"));
	KEXPECT_STREQ(t, any->task->comm, "ktest-kw-run1");
	KEXPECT_TRUE(t, kthread_queue_work(any, work_of(0)));
	KEXPECT_TRUE(t, kthread_queue_work(bound, work_of(1)));
	kthread_flush_work(work_of(0));
	kthread_flush_work(work_of(1));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, runs(1), 1);
	KEXPECT_EQ(t, works[1].cpu, cpu);
}

static void worker_on_a_cpu_that_does_not_exist_fails_with_einval(struct ktest *t)
{
	struct kthread_worker *worker = NULL;

	KEXPECT_WARN(t, worker = kthread_create_worker_on_cpu(NR_CPUS, 0, "ktest-kw/%u"));
	KEXPECT_EQ(t, PTR_ERR(worker), -EINVAL);
	KEXPECT_WARN(t, worker = kthread_create_worker_on_cpu(-1, 0, "ktest-kw/%u"));
	KEXPECT_EQ(t, PTR_ERR(worker), -EINVAL);
}

/* What a leak would change: live objects of every kind a worker is made of. */
struct mem_snapshot {
	unsigned long tasks;
	unsigned long stacks;
	unsigned long kmalloc_objs;
	unsigned long large_allocs;
};

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
};

static void take_snapshot(struct mem_snapshot *s)
{
	struct kmalloc_large_stats large;
	struct kmem_cache_stats stats;
	unsigned int i;

	s->tasks = nr_tasks();
	s->stacks = nr_thread_stacks();
	s->kmalloc_objs = 0;
	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		kmem_cache_get_stats(kmalloc_cache_for(kmalloc_sizes[i]), &stats);
		s->kmalloc_objs += stats.active_objs;
	}
	kmalloc_large_get_stats(&large);
	s->large_allocs = large.allocations;
}

static bool same_memory(const struct mem_snapshot *a, const struct mem_snapshot *b)
{
	return a->tasks == b->tasks && a->stacks == b->stacks &&
	       a->kmalloc_objs == b->kmalloc_objs && a->large_allocs == b->large_allocs;
}

/*
 * A thread that exited is freed by the CPU that last switched away from
 * it, a little later, and its task, stack and kthread struct go one after
 * another: wait until all are back (or WAIT_MS passed), then compare.
 */
static void expect_same_memory(struct ktest *t, const struct mem_snapshot *before)
{
	struct mem_snapshot after;

	wait_until((take_snapshot(&after), same_memory(&after, before)), WAIT_MS);
	KEXPECT_EQ(t, after.tasks, before->tasks);
	KEXPECT_EQ(t, after.stacks, before->stacks);
	KEXPECT_EQ(t, after.kmalloc_objs, before->kmalloc_objs);
	KEXPECT_EQ(t, after.large_allocs, before->large_allocs);
}

/* Lets threads of earlier cases finish dying, so that the baseline is theirs too. */
static void take_baseline(struct mem_snapshot *s)
{
	struct mem_snapshot prev;
	unsigned int tries = 0;

	take_snapshot(s);
	do {
		prev = *s;
		schedule_timeout_uninterruptible(2);
		take_snapshot(s);
	} while (!same_memory(&prev, s) && ++tries < 50);
}

static void create_destroy_cycles_leak_nothing(struct ktest *t)
{
	struct mem_snapshot before;
	unsigned int i;

	take_baseline(&before);
	for (i = 0; i < 100; i++) {
		struct kthread_worker *worker = kthread_create_worker(0, "ktest-kw-cycle");

		KASSERT_NOT_ERR(t, worker);
		KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(0)));
		kthread_destroy_worker(worker);
		kthread_init_work(work_of(0), test_work_fn);
	}
	KEXPECT_EQ(t, runs(0), 100);
	expect_same_memory(t, &before);
}

/*
 * Every allocation worker creation makes, failed in turn (failslab nth:N):
 * each failure returns ERR_PTR(-ENOMEM) and leaves nothing allocated.
 */
static void allocation_failures_return_enomem_and_leak_nothing(struct ktest *t)
{
	struct mem_snapshot before;
	unsigned int nth, failures = 0;
	char spec[32];

	take_baseline(&before);
	for (nth = 1; nth < 64; nth++) {
		struct kthread_worker *worker;
		unsigned long injected;

		snprintf(spec, sizeof(spec), "nth:%u", nth);
		KASSERT_EQ(t, fault_attr_configure(&failslab, spec), 0);
		worker = kthread_create_worker(0, "ktest-kw-fail");
		injected = fault_attr_injected(&failslab);
		fault_attr_disable(&failslab);
		if (IS_ERR(worker)) {
			KEXPECT_EQ(t, PTR_ERR(worker), -ENOMEM);
			KEXPECT_EQ(t, injected, 1);
			failures++;
			continue;
		}
		kthread_destroy_worker(worker);
		if (!injected)
			break;		/* every allocation has been failed once */
	}
	KEXPECT_LT(t, nth, 64);
	KEXPECT_GE(t, failures, 1);
	expect_same_memory(t, &before);
}

struct killed_creator {
	struct kthread_worker *worker;
};

static int create_while_killable(void *arg)
{
	struct killed_creator *c = arg;

	allow_signal(SIGKILL);
	c->worker = kthread_create_worker(0, "ktest-kw-orphan");
	return 0;
}

static int nop_thread_fn(void *arg)
{
	return 0;
}

/* kthreadd held back: the creator is killed while it waits, and gets -EINTR. */
static void creator_killed_while_waiting_gets_eintr_and_leaks_nothing(struct ktest *t)
{
	struct killed_creator c = { NULL };
	struct task_struct *later;
	struct mem_snapshot before;
	struct test_thread th;
	bool slept;

	take_baseline(&before);
	WRITE_ONCE(kthreadd_hold_for_test, true);
	if (test_thread_start(&th, create_while_killable, &c, "ktest-kw-creator", -1)) {
		WRITE_ONCE(kthreadd_hold_for_test, false);
		KASSERT_TRUE(t, false);
	}
	slept = test_wait_until_sleeping(th.task, TASK_KILLABLE);
	send_sig(SIGKILL, th.task, 1);
	test_thread_join(&th);
	WRITE_ONCE(kthreadd_hold_for_test, false);
	/*
	 * kthreadd answers in order: once it has made this thread, it has
	 * made the orphan too, which frees the request and exits.
	 */
	later = kthread_create(nop_thread_fn, NULL, "ktest-kw-later");
	if (!IS_ERR(later))
		kthread_stop(later);

	KEXPECT_TRUE(t, slept);
	KEXPECT_EQ(t, PTR_ERR(c.worker), -EINTR);
	if (!IS_ERR(c.worker))
		kthread_destroy_worker(c.worker);
	expect_same_memory(t, &before);
}

/* --- queueing --- */

static void queue_work_returns_false_while_pending(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KEXPECT_FALSE(t, kthread_queue_work(worker, work_of(1)));
	KEXPECT_FALSE(t, kthread_queue_delayed_work(worker, &works[1].dwork, 0));
	release(0);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(1), 1);
	KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	kthread_flush_work(work_of(1));
	KEXPECT_EQ(t, runs(1), 2);
}

static void queue_work_returns_false_while_a_cancel_waits(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call cancel = { .op = BG_CANCEL, .work = 0 };

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	bg_start(t, &cancel);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(work_of(0)->canceling) == 1, WAIT_MS));
	KEXPECT_FALSE(t, kthread_queue_work(worker, work_of(0)));
	KEXPECT_FALSE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 0));
	KEXPECT_FALSE(t, pending(work_of(0)));
	release(0);
	test_thread_join(&cancel.th);
	KEXPECT_EQ(t, cancel.ret, false);	/* it was running, not pending */
	KEXPECT_EQ(t, work_of(0)->canceling, 0);
	KEXPECT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 2);
}

static void queueing_a_work_on_a_second_worker_warns_once(struct ktest *t)
{
	struct kthread_worker *a = new_worker(t, 0), *b = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_work(a, work_of(0)));
	kthread_flush_work(work_of(0));
	/* Linux queues it all the same, and the work now belongs to @b. */
	KEXPECT_WARN(t, KEXPECT_TRUE(t, kthread_queue_work(b, work_of(0))));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, works[0].ran_in, b->task);
	/* Once: the same misuse again is not reported (nor may it WARN here). */
	KEXPECT_TRUE(t, kthread_queue_work(a, work_of(0)));
	kthread_flush_work(work_of(0));
	/* After kthread_init_work() it may go anywhere. */
	kthread_init_work(work_of(0), test_work_fn);
	KEXPECT_TRUE(t, kthread_queue_work(b, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 4);
}

static void self_requeue_from_inside_a_work_runs_it_again(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].requeue = 100;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KEXPECT_TRUE(t, wait_until(runs(0) == 101, WAIT_MS));
	KEXPECT_TRUE(t, works[0].requeue_ret);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 101);
	KEXPECT_FALSE(t, pending(work_of(0)));
}

static void delayed_work_with_delay_0_is_queued_at_once(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	KEXPECT_TRUE(t, kthread_queue_delayed_work(worker, &works[1].dwork, 0));
	KEXPECT_TRUE(t, pending(work_of(1)));
	KEXPECT_FALSE(t, timer_pending(&works[1].dwork.timer));
	KEXPECT_FALSE(t, work_of(1)->flags & KTHREAD_WORK_DELAYED);
	release(0);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(1), 1);
}

static void delayed_work_never_runs_before_its_delay(struct ktest *t)
{
	static const unsigned int delays[] = { 1, 2, 3, 5, 8, 13 };
	struct kthread_worker *worker = new_worker(t, 0);
	u64 queued_at[ARRAY_SIZE(delays)];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(delays); i++) {
		unsigned long flags;
		bool queued, armed;

		/*
		 * The timer is armed on this CPU: with interrupts off no tick
		 * can fire it between the queueing and the look at it.
		 */
		local_irq_save(flags);
		queued_at[i] = get_jiffies_64();
		queued = kthread_queue_delayed_work(worker, &works[i].dwork, delays[i]);
		armed = timer_pending(&works[i].dwork.timer);
		local_irq_restore(flags);
		KEXPECT_TRUE(t, queued);
		KEXPECT_TRUE(t, armed);
	}
	for (i = 0; i < ARRAY_SIZE(delays); i++) {
		kthread_flush_work(work_of(i));
		KEXPECT_EQ(t, runs(i), 1);
		KEXPECT_GE(t, works[i].ran_at - queued_at[i], delays[i]);
	}
}

static void queue_delayed_work_returns_false_while_pending(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KEXPECT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 10 * HZ));
	KEXPECT_FALSE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 1));
	KEXPECT_FALSE(t, kthread_queue_work(worker, work_of(0)));
	KEXPECT_TRUE(t, kthread_cancel_delayed_work_sync(&works[0].dwork));
	KEXPECT_EQ(t, runs(0), 0);
}

static void mod_delayed_work_of_an_idle_work_queues_it_and_returns_false(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KEXPECT_FALSE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 1));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	/* Idle again, having run: the same. */
	KEXPECT_FALSE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 0));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 2);
}

static void mod_delayed_work_moves_a_pending_work_earlier(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	u64 modded_at;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 60 * HZ));
	modded_at = get_jiffies_64();
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 2));
	KEXPECT_TRUE(t, wait_until(runs(0) == 1, WAIT_MS));
	KEXPECT_GE(t, works[0].ran_at - modded_at, 2);
	msleep(20);
	KEXPECT_EQ(t, runs(0), 1);
}

static void mod_delayed_work_moves_a_pending_work_later(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	u64 modded_at;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 2));
	modded_at = get_jiffies_64();
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 20));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_GE(t, works[0].ran_at - modded_at, 20);
}

static void mod_delayed_work_with_delay_0_queues_a_pending_work_at_once(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[1].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KASSERT_TRUE(t, wait_started(1));
	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 60 * HZ));
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 0));
	KEXPECT_FALSE(t, timer_pending(&works[0].dwork.timer));
	KEXPECT_TRUE(t, pending(work_of(0)));
	KEXPECT_FALSE(t, work_of(0)->flags & KTHREAD_WORK_DELAYED);
	release(1);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 1);
}

static void mod_delayed_work_of_a_queued_work_delays_it(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	u64 modded_at;

	works[1].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KASSERT_TRUE(t, wait_started(1));
	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 0));
	modded_at = get_jiffies_64();
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 5));
	KEXPECT_TRUE(t, timer_pending(&works[0].dwork.timer));
	release(1);
	kthread_flush_worker(worker);	/* does not wait for delayed works */
	KEXPECT_EQ(t, runs(0), 0);
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_GE(t, works[0].ran_at - modded_at, 5);
}

static void mod_delayed_work_of_a_running_work_queues_it_again_and_returns_false(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 0));
	KASSERT_TRUE(t, wait_started(0));
	KEXPECT_FALSE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 1));
	release(0);
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 2);
}

static void mod_delayed_work_while_a_cancel_waits_changes_nothing_and_returns_true(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call cancel = { .op = BG_CANCEL_DELAYED, .work = 0 };

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 0));
	KASSERT_TRUE(t, wait_started(0));
	bg_start(t, &cancel);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(work_of(0)->canceling) == 1, WAIT_MS));
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, &works[0].dwork, 0));
	KEXPECT_FALSE(t, pending(work_of(0)));
	KEXPECT_FALSE(t, timer_pending(&works[0].dwork.timer));
	release(0);
	test_thread_join(&cancel.th);
	KEXPECT_EQ(t, cancel.ret, false);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 1);
}

/*
 * The timer callback's rules, driven by hand: calling
 * kthread_delayed_work_timer_fn() with the timer detached is what a firing
 * looks like to it; calling it with the timer armed, or the work gone from
 * delayed_work_list, is a callback that came too late to matter.
 */
static void timer_callback_moves_a_delayed_work_to_the_queue(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_delayed_work *dwork = &works[0].dwork;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, dwork, 60 * HZ));
	KASSERT_EQ(t, del_timer(&dwork->timer), 1);	/* as the timer base does */
	kthread_delayed_work_timer_fn(&dwork->timer);
	KEXPECT_FALSE(t, dwork->work.flags & KTHREAD_WORK_DELAYED);
	kthread_flush_work(&dwork->work);
	KEXPECT_EQ(t, runs(0), 1);
}

static void timer_callback_of_an_armed_or_moved_work_does_nothing(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_delayed_work *dwork = &works[0].dwork;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, dwork, 60 * HZ));
	kthread_delayed_work_timer_fn(&dwork->timer);	/* armed: not its firing */
	KEXPECT_TRUE(t, dwork->work.flags & KTHREAD_WORK_DELAYED);
	KEXPECT_TRUE(t, timer_pending(&dwork->timer));
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 0);

	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, dwork, 0));
	kthread_flush_work(&dwork->work);
	kthread_delayed_work_timer_fn(&dwork->timer);	/* moved: too late */
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_FALSE(t, pending(&dwork->work));
}

/* Linux's callback drops the work here, and the cancel then returns false. */
static void timer_callback_during_a_cancel_leaves_the_work_to_the_cancel(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_delayed_work *dwork = &works[0].dwork;
	unsigned long flags;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, dwork, 60 * HZ));
	KASSERT_EQ(t, del_timer(&dwork->timer), 1);
	/* What a cancel waiting in del_timer_sync() looks like. */
	raw_spin_lock_irqsave(&worker->lock, flags);
	dwork->work.canceling++;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	kthread_delayed_work_timer_fn(&dwork->timer);
	KEXPECT_TRUE(t, dwork->work.flags & KTHREAD_WORK_DELAYED);
	KEXPECT_TRUE(t, pending(&dwork->work));
	raw_spin_lock_irqsave(&worker->lock, flags);
	dwork->work.canceling--;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	KEXPECT_TRUE(t, kthread_cancel_delayed_work_sync(dwork));
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 0);
}

/* After its timer fired, before its callback ran: mod waits for the callback. */
static void mod_of_a_fired_work_requeues_it_once(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_delayed_work *dwork = &works[0].dwork;

	u64 modded_at;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, dwork, 60 * HZ));
	KASSERT_EQ(t, del_timer(&dwork->timer), 1);	/* fired; callback not run yet */
	modded_at = get_jiffies_64();
	KEXPECT_TRUE(t, kthread_mod_delayed_work(worker, dwork, 2));
	KEXPECT_TRUE(t, timer_pending(&dwork->timer));
	kthread_delayed_work_timer_fn(&dwork->timer);	/* the late callback */
	KEXPECT_TRUE(t, dwork->work.flags & KTHREAD_WORK_DELAYED);
	kthread_flush_work(&dwork->work);
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_GE(t, works[0].ran_at - modded_at, 2);
	msleep(20);
	KEXPECT_EQ(t, runs(0), 1);
}

struct irq_mod {
	struct kthread_worker *worker;
	struct kthread_delayed_work *dwork;
	unsigned long delay;
	bool ret;
	bool in_hardirq;
};

static void mod_in_irq(void *arg)
{
	struct irq_mod *m = arg;

	m->in_hardirq = in_hardirq();
	m->ret = kthread_mod_delayed_work(m->worker, m->dwork, m->delay);
}

/*
 * The same from a hard interrupt, which must not wait for the callback
 * (it may have interrupted it): the late callback must find itself unwanted.
 */
static void mod_from_a_hard_irq_of_a_fired_work_does_not_wait_and_runs_it_once(struct ktest *t)
{
	struct kthread_worker *worker;
	struct irq_mod m;
	unsigned int i, other;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs 2 CPUs (an IPI is the hard interrupt), 1 online");
	worker = new_worker(t, 0);
	other = test_next_cpu(smp_processor_id());
	for (i = 0; i < 2; i++) {
		struct kthread_delayed_work *dwork = &works[i].dwork;

		u64 modded_at;

		m = (struct irq_mod){ .worker = worker, .dwork = dwork, .delay = i ? 2 : 0 };
		KASSERT_TRUE(t, kthread_queue_delayed_work(worker, dwork, 60 * HZ));
		KASSERT_EQ(t, del_timer(&dwork->timer), 1);
		modded_at = get_jiffies_64();
		KASSERT_EQ(t, smp_call_function_single(other, mod_in_irq, &m, true), 0);
		KEXPECT_TRUE(t, m.in_hardirq);
		KEXPECT_TRUE(t, m.ret);
		kthread_delayed_work_timer_fn(&dwork->timer);	/* the late callback */
		kthread_flush_work(&dwork->work);
		KEXPECT_EQ(t, runs(i), 1);
		KEXPECT_GE(t, works[i].ran_at - modded_at, m.delay);
	}
	msleep(20);
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, runs(1), 1);
}

/* --- flushing --- */

static void flush_work_waits_for_a_queued_work(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call flush = { .op = BG_FLUSH_WORK, .work = 1 };

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	bg_start(t, &flush);
	KEXPECT_TRUE(t, test_wait_until_sleeping(flush.th.task, TASK_UNINTERRUPTIBLE));
	KEXPECT_FALSE(t, bg_done(&flush));
	release(0);
	test_thread_join(&flush.th);
	KEXPECT_EQ(t, flush.runs_at_return, 1);
}

static void flush_work_waits_for_a_running_work(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call flush = { .op = BG_FLUSH_WORK, .work = 0 };

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	bg_start(t, &flush);
	KEXPECT_TRUE(t, test_wait_until_sleeping(flush.th.task, TASK_UNINTERRUPTIBLE));
	KEXPECT_FALSE(t, bg_done(&flush));
	release(0);
	test_thread_join(&flush.th);
	KEXPECT_EQ(t, flush.runs_at_return, 1);
}

/* Neither queued nor running: the flush must not wait behind the worker's other works. */
static void flush_work_of_an_idle_work_returns_at_once(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	kthread_flush_work(work_of(1));		/* never queued */
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	kthread_flush_work(work_of(1));
	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	kthread_flush_work(work_of(1));		/* ran already: returns though 0 blocks */
	KEXPECT_EQ(t, runs(1), 1);
	KEXPECT_EQ(t, runs(0), 0);
}

static void flush_work_of_a_self_requeueing_work_waits_for_one_run(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].requeue = 1000000;	/* for ever, as far as the flush knows */
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_GE(t, runs(0), 1);
	KEXPECT_TRUE(t, kthread_cancel_work_sync(work_of(0)) || !pending(work_of(0)));
	KEXPECT_FALSE(t, pending(work_of(0)));
	KEXPECT_FALSE(t, READ_ONCE(works[0].running));
}

static void flush_worker_waits_for_everything_queued_before(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	unsigned int i;

	for (i = 0; i < NR_WORKS; i++)
		KASSERT_TRUE(t, kthread_queue_work(worker, work_of(i)));
	kthread_flush_worker(worker);
	for (i = 0; i < NR_WORKS; i++)
		KEXPECT_EQ(t, runs(i), 1);
}

static void flush_worker_does_not_wait_for_delayed_works(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 60 * HZ));
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 0);
	KEXPECT_TRUE(t, kthread_cancel_delayed_work_sync(&works[0].dwork));
}

/* Linux's flush would never return here: its barrier stays on delayed_work_list. */
static void flush_work_of_a_delayed_work_waits_for_its_timer_and_run(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	u64 queued_at = get_jiffies_64();

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 3));
	kthread_flush_work(work_of(0));
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_GE(t, works[0].ran_at - queued_at, 3);
}

static void cancel_releases_a_flush_of_a_delayed_work(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call flush = { .op = BG_FLUSH_WORK, .work = 0 };

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 60 * HZ));
	bg_start(t, &flush);
	KEXPECT_TRUE(t, test_wait_until_sleeping(flush.th.task, TASK_UNINTERRUPTIBLE));
	KEXPECT_TRUE(t, kthread_cancel_delayed_work_sync(&works[0].dwork));
	test_thread_join(&flush.th);
	KEXPECT_EQ(t, runs(0), 0);
}

static void flush_from_a_work_of_the_same_worker_warns_instead_of_deadlocking(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	works[0].flush_from_inside = work_of(1);
	works[1].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KASSERT_TRUE(t, wait_started(1));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));	/* pending again */
	KEXPECT_WARN(t, ({
			     release(1);
			     kthread_flush_work(work_of(0));
		     }));
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(0), 1);
	KEXPECT_EQ(t, runs(1), 2);
}

/* --- cancelling --- */

static void cancel_of_a_queued_work_returns_true_and_it_never_runs(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_worker_stats stats;

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(1)));
	KEXPECT_TRUE(t, kthread_cancel_work_sync(work_of(1)));
	KEXPECT_FALSE(t, pending(work_of(1)));
	release(0);
	kthread_flush_worker(worker);
	KEXPECT_EQ(t, runs(1), 0);
	kthread_worker_get_stats(worker, &stats);
	KEXPECT_EQ(t, stats.nr_queued, 0);
	KEXPECT_EQ(t, stats.works_executed, 1);
}

static void cancel_of_an_idle_work_returns_false(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KEXPECT_FALSE(t, kthread_cancel_work_sync(work_of(0)));		/* never queued */
	KEXPECT_FALSE(t, kthread_cancel_delayed_work_sync(&works[1].dwork));
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	kthread_flush_work(work_of(0));
	KEXPECT_FALSE(t, kthread_cancel_work_sync(work_of(0)));		/* ran already */
	KEXPECT_EQ(t, runs(0), 1);
}

static void cancel_waits_for_a_running_work_and_blocks_its_requeue(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct bg_call cancel = { .op = BG_CANCEL, .work = 0 };

	works[0].block = true;
	works[0].requeue = 1;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	bg_start(t, &cancel);
	KEXPECT_TRUE(t, test_wait_until_sleeping(cancel.th.task, TASK_UNINTERRUPTIBLE));
	KEXPECT_FALSE(t, bg_done(&cancel));
	release(0);
	test_thread_join(&cancel.th);
	KEXPECT_EQ(t, cancel.ret, false);
	KEXPECT_EQ(t, cancel.runs_at_return, 1);
	KEXPECT_FALSE(t, works[0].requeue_ret);		/* its self-requeue was refused */
	KEXPECT_FALSE(t, pending(work_of(0)));
	KEXPECT_FALSE(t, READ_ONCE(works[0].running));
}

static void cancel_of_a_pending_delayed_work_returns_true_and_it_never_runs(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 2));
	KEXPECT_TRUE(t, kthread_cancel_delayed_work_sync(&works[0].dwork));
	KEXPECT_FALSE(t, timer_pending(&works[0].dwork.timer));
	KEXPECT_FALSE(t, pending(work_of(0)));
	msleep(40);
	KEXPECT_EQ(t, runs(0), 0);
}

static void cancel_work_sync_of_a_delayed_work_warns_and_cancels_it(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	bool ret = false;

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 2));
	KEXPECT_WARN(t, ret = kthread_cancel_work_sync(work_of(0)));
	KEXPECT_TRUE(t, ret);
	KEXPECT_FALSE(t, timer_pending(&works[0].dwork.timer));
	msleep(40);
	KEXPECT_EQ(t, runs(0), 0);
}

/* --- destroying --- */

static void destroy_runs_the_queued_works_first(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	unsigned int i;

	for (i = 0; i < NR_WORKS; i++)
		KASSERT_TRUE(t, kthread_queue_work(worker, work_of(i)));
	destroy_worker(worker);
	for (i = 0; i < NR_WORKS; i++) {
		KEXPECT_EQ(t, runs(i), 1);
		kthread_init_work(work_of(i), test_work_fn);
	}
}

/*
 * The caller should have cancelled it: WARN, and no timer fires into freed
 * memory.  The delay is long so that the timer is still pending when the
 * destroy begins however slowly the WARN's report reaches the serial port.
 */
static void destroy_with_a_pending_delayed_work_warns_and_stops_its_timer(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	KASSERT_TRUE(t, kthread_queue_delayed_work(worker, &works[0].dwork, 10 * HZ));
	KEXPECT_WARN(t, destroy_worker(worker));
	KEXPECT_FALSE(t, timer_pending(&works[0].dwork.timer));
	KEXPECT_FALSE(t, pending(work_of(0)));
	KEXPECT_NULL(t, work_of(0)->worker);
	msleep(40);
	KEXPECT_EQ(t, runs(0), 0);
}

/* --- statistics --- */

static void find_worker(struct kthread_worker *worker, void *arg)
{
	struct kthread_worker **wanted = arg;

	if (worker == *wanted)
		*wanted = NULL;
}

static bool worker_listed(struct kthread_worker *worker)
{
	kthread_worker_for_each(find_worker, &worker);
	return !worker;
}

static void stats_count_works_queue_depth_and_latency(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);
	struct kthread_worker_stats stats;
	unsigned int i;

	works[0].block = true;
	KASSERT_TRUE(t, kthread_queue_work(worker, work_of(0)));
	KASSERT_TRUE(t, wait_started(0));
	for (i = 1; i <= 8; i++)
		KASSERT_TRUE(t, kthread_queue_work(worker, work_of(i)));
	kthread_worker_get_stats(worker, &stats);
	KEXPECT_EQ(t, stats.nr_queued, 8);
	msleep(10);
	release(0);
	kthread_flush_worker(worker);		/* its barrier is not counted */
	kthread_worker_get_stats(worker, &stats);
	KEXPECT_EQ(t, stats.works_executed, 9);
	KEXPECT_EQ(t, stats.nr_queued, 0);
	KEXPECT_EQ(t, stats.max_queued, 8);
	KEXPECT_GE(t, stats.max_latency_ns, 10 * NSEC_PER_MSEC);
	KEXPECT_LT(t, stats.max_latency_ns, 10ULL * NSEC_PER_SEC);
}

static void for_each_lists_exactly_the_running_workers(struct ktest *t)
{
	struct kthread_worker *worker = new_worker(t, 0);

	kthread_flush_worker(worker);		/* its thread has listed it */
	KEXPECT_TRUE(t, worker_listed(worker));
	destroy_worker(worker);
	KEXPECT_FALSE(t, worker_listed(worker));
}

static struct ktest_case kthread_worker_cases[] = {
	KTEST_CASE(init_work_makes_an_idle_work),
	KTEST_CASE(init_worker_names_its_lock_after_the_expression),
	KTEST_CASE(static_definitions_work_with_kthread_run),
	KTEST_CASE(worker_fn_on_a_worker_of_ones_own_returns_0_when_stopped),
	KTEST_CASE(works_run_in_the_order_they_were_queued),
	KTEST_CASE(work_runs_in_the_worker_thread_with_nothing_held),
	KTEST_CASE(idle_worker_sleeps_interruptibly),
	KTEST_CASE(work_returning_with_preemption_disabled_warns_naming_it),
	KTEST_CASE(work_returning_with_interrupts_disabled_warns_naming_it),
	KTEST_CASE(work_returning_with_a_spin_lock_held_warns_naming_it),
	KTEST_CASE(freezable_worker_runs_nothing_while_frozen),
	KTEST_CASE(freezable_worker_freezes_between_two_works),
	KTEST_CASE(non_freezable_worker_keeps_running_while_frozen),
	KTEST_CASE(create_worker_starts_the_thread),
	KTEST_CASE(create_worker_formats_its_name),
	KTEST_CASE(worker_on_cpu_runs_there_and_is_named_after_it),
	KTEST_CASE(run_worker_helpers_return_a_running_worker),
	KTEST_CASE(worker_on_a_cpu_that_does_not_exist_fails_with_einval),
	KTEST_CASE(create_destroy_cycles_leak_nothing),
	KTEST_CASE(allocation_failures_return_enomem_and_leak_nothing),
	KTEST_CASE(creator_killed_while_waiting_gets_eintr_and_leaks_nothing),
	KTEST_CASE(queue_work_returns_false_while_pending),
	KTEST_CASE(queue_work_returns_false_while_a_cancel_waits),
	KTEST_CASE(queueing_a_work_on_a_second_worker_warns_once),
	KTEST_CASE(self_requeue_from_inside_a_work_runs_it_again),
	KTEST_CASE(delayed_work_with_delay_0_is_queued_at_once),
	KTEST_CASE(delayed_work_never_runs_before_its_delay),
	KTEST_CASE(queue_delayed_work_returns_false_while_pending),
	KTEST_CASE(mod_delayed_work_of_an_idle_work_queues_it_and_returns_false),
	KTEST_CASE(mod_delayed_work_moves_a_pending_work_earlier),
	KTEST_CASE(mod_delayed_work_moves_a_pending_work_later),
	KTEST_CASE(mod_delayed_work_with_delay_0_queues_a_pending_work_at_once),
	KTEST_CASE(mod_delayed_work_of_a_queued_work_delays_it),
	KTEST_CASE(mod_delayed_work_of_a_running_work_queues_it_again_and_returns_false),
	KTEST_CASE(mod_delayed_work_while_a_cancel_waits_changes_nothing_and_returns_true),
	KTEST_CASE(timer_callback_moves_a_delayed_work_to_the_queue),
	KTEST_CASE(timer_callback_of_an_armed_or_moved_work_does_nothing),
	KTEST_CASE(timer_callback_during_a_cancel_leaves_the_work_to_the_cancel),
	KTEST_CASE(mod_of_a_fired_work_requeues_it_once),
	KTEST_CASE(mod_from_a_hard_irq_of_a_fired_work_does_not_wait_and_runs_it_once),
	KTEST_CASE(flush_work_waits_for_a_queued_work),
	KTEST_CASE(flush_work_waits_for_a_running_work),
	KTEST_CASE(flush_work_of_an_idle_work_returns_at_once),
	KTEST_CASE(flush_work_of_a_self_requeueing_work_waits_for_one_run),
	KTEST_CASE(flush_worker_waits_for_everything_queued_before),
	KTEST_CASE(flush_worker_does_not_wait_for_delayed_works),
	KTEST_CASE(flush_work_of_a_delayed_work_waits_for_its_timer_and_run),
	KTEST_CASE(cancel_releases_a_flush_of_a_delayed_work),
	KTEST_CASE(flush_from_a_work_of_the_same_worker_warns_instead_of_deadlocking),
	KTEST_CASE(cancel_of_a_queued_work_returns_true_and_it_never_runs),
	KTEST_CASE(cancel_of_an_idle_work_returns_false),
	KTEST_CASE(cancel_waits_for_a_running_work_and_blocks_its_requeue),
	KTEST_CASE(cancel_of_a_pending_delayed_work_returns_true_and_it_never_runs),
	KTEST_CASE(cancel_work_sync_of_a_delayed_work_warns_and_cancels_it),
	KTEST_CASE(destroy_runs_the_queued_works_first),
	KTEST_CASE(destroy_with_a_pending_delayed_work_warns_and_stops_its_timer),
	KTEST_CASE(stats_count_works_queue_depth_and_latency),
	KTEST_CASE(for_each_lists_exactly_the_running_workers),
	{}
};

static struct ktest_suite kthread_worker_suite = {
	.name = "kthread_worker",
	.cases = kthread_worker_cases,
	.init = kthread_worker_init,
	.exit = kthread_worker_exit,
};
ktest_register_suite(kthread_worker_suite);

/* --- kthread_worker_stress: races and volume --- */

/* A work that counts its runs, for the races. */
struct race_work {
	struct kthread_delayed_work dwork;
	int runs;			/* finished runs */
	int running;			/* 1 while the function runs */
	unsigned int spin_ns;		/* how long each run busy-waits */
	bool overlapped;		/* found itself running twice */
};

static void race_work_fn(struct kthread_work *work)
{
	struct race_work *rw = container_of(work, struct race_work, dwork.work);

	if (__atomic_exchange_n(&rw->running, 1, __ATOMIC_ACQUIRE))
		rw->overlapped = true;
	if (rw->spin_ns)
		ndelay(rw->spin_ns);
	__atomic_store_n(&rw->running, 0, __ATOMIC_RELEASE);
	__atomic_add_fetch(&rw->runs, 1, __ATOMIC_RELEASE);
}

static int race_runs(struct race_work *rw)
{
	return __atomic_load_n(&rw->runs, __ATOMIC_ACQUIRE);
}

static void init_race_works(struct race_work *rws, unsigned int n)
{
	unsigned int i;

	memset(rws, 0, n * sizeof(*rws));
	for (i = 0; i < n; i++)
		kthread_init_delayed_work(&rws[i].dwork, race_work_fn);
}

static void skip_unless_smp(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs 2 CPUs, %u online", num_online_cpus());
}

/*
 * FIFO across producers: each producer, on its own CPU, numbers its works
 * from one global sequence under a lock and queues them under the same
 * lock, so queueing order is sequence order; the worker must run them in
 * that order, whichever CPU queued them.
 */
#define FIFO_BATCH	32
#define FIFO_BATCHES	8

struct fifo_state {
	struct kthread_worker *worker;
	spinlock_t lock;		/* orders numbering with queueing */
	unsigned long next_seq;		/* under lock */
	unsigned long last_seq;		/* the worker's */
	unsigned long out_of_order;	/* the worker's */
	struct test_gate gate;
};

struct fifo_work {
	struct kthread_work work;
	unsigned long seq;
	struct fifo_state *state;
};

struct fifo_producer {
	struct test_thread th;
	struct fifo_state *state;
	struct fifo_work works[FIFO_BATCH];
	unsigned int refused;		/* queueings that returned false */
	bool started;
};

static void fifo_work_fn(struct kthread_work *work)
{
	struct fifo_work *fw = container_of(work, struct fifo_work, work);
	struct fifo_state *state = fw->state;

	if (fw->seq != state->last_seq + 1)
		state->out_of_order++;
	state->last_seq = fw->seq;
}

static int fifo_producer_fn(void *arg)
{
	struct fifo_producer *p = arg;
	struct fifo_state *state = p->state;
	unsigned long flags;
	unsigned int batch, i;

	test_gate_wait(&state->gate);
	for (batch = 0; batch < FIFO_BATCHES; batch++) {
		for (i = 0; i < FIFO_BATCH; i++) {
			struct fifo_work *fw = &p->works[i];

			spin_lock_irqsave(&state->lock, flags);
			fw->seq = ++state->next_seq;
			if (!kthread_queue_work(state->worker, &fw->work)) {
				state->next_seq--;
				p->refused++;
			}
			spin_unlock_irqrestore(&state->lock, flags);
		}
		kthread_flush_worker(state->worker);
	}
	return 0;
}

static void fifo_order_holds_across_producers_on_every_cpu(struct ktest *t)
{
	static struct fifo_producer producers[NR_CPUS];
	static struct fifo_state state;
	unsigned int cpu, i, nr_started = 0;

	memset(&state, 0, sizeof(state));
	spin_lock_init(&state.lock);
	test_gate_init(&state.gate);
	state.worker = new_worker(t, 0);
	for_each_online_cpu(cpu) {
		struct fifo_producer *p = &producers[cpu];

		memset(p, 0, sizeof(*p));
		p->state = &state;
		for (i = 0; i < FIFO_BATCH; i++) {
			kthread_init_work(&p->works[i].work, fifo_work_fn);
			p->works[i].state = &state;
		}
		if (test_thread_start(&p->th, fifo_producer_fn, p, "ktest-kw-fifo", cpu))
			break;
		p->started = true;
		nr_started++;
	}
	test_gate_open(&state.gate);
	for_each_online_cpu(cpu) {
		if (producers[cpu].started) {
			test_thread_join(&producers[cpu].th);
			KEXPECT_EQ(t, producers[cpu].refused, 0);
		}
	}
	KEXPECT_EQ(t, nr_started, num_online_cpus());
	kthread_flush_worker(state.worker);
	KEXPECT_EQ(t, state.out_of_order, 0);
	KEXPECT_EQ(t, state.last_seq, state.next_seq);
	KEXPECT_EQ(t, state.next_seq, (unsigned long)num_online_cpus() * FIFO_BATCHES * FIFO_BATCH);
}

/*
 * Exactly once: producers on every CPU keep queueing the same few works;
 * a queueing that returned true is exactly one run, however they race.
 */
#define SHARED_WORKS		8
#define SHARED_SWEEPS		120

struct shared_state {
	struct kthread_worker *worker;
	struct race_work works[SHARED_WORKS];
	int queued[SHARED_WORKS];	/* kthread_queue_work() that returned true */
	struct test_gate gate;
};

struct shared_producer {
	struct test_thread th;
	struct shared_state *state;
	struct rnd_state rnd;
	bool started;
};

/*
 * Each sweep tries every shared work once, from a random one on, while the
 * other CPUs sweep too; then it waits for the worker, rather than spin
 * (under TCG a spinning vCPU starves the others).
 */
static int shared_producer_fn(void *arg)
{
	struct shared_producer *p = arg;
	struct shared_state *state = p->state;
	unsigned int sweep, n;

	test_gate_wait(&state->gate);
	for (sweep = 0; sweep < SHARED_SWEEPS; sweep++) {
		u32 r = prandom_u32_state(&p->rnd);

		for (n = 0; n < SHARED_WORKS; n++) {
			unsigned int i = (r + n) % SHARED_WORKS;

			if (kthread_queue_work(state->worker, &state->works[i].dwork.work))
				__atomic_add_fetch(&state->queued[i], 1, __ATOMIC_RELAXED);
		}
		if (r & 0x100)
			ndelay((r >> 16) % 2000);
		else
			kthread_flush_worker(state->worker);
	}
	return 0;
}

static void concurrent_queueing_from_every_cpu_runs_each_success_exactly_once(struct ktest *t)
{
	static struct shared_producer producers[NR_CPUS];
	static struct shared_state state;
	unsigned int cpu, i, nr_started = 0;
	int total = 0;

	memset(&state, 0, sizeof(state));
	init_race_works(state.works, SHARED_WORKS);
	test_gate_init(&state.gate);
	state.worker = new_worker(t, 0);
	for_each_online_cpu(cpu) {
		struct shared_producer *p = &producers[cpu];

		p->state = &state;
		prandom_seed_state(&p->rnd, ktest_random(t));
		if (test_thread_start(&p->th, shared_producer_fn, p, "ktest-kw-shared", cpu))
			break;
		p->started = true;
		nr_started++;
	}
	test_gate_open(&state.gate);
	for_each_online_cpu(cpu) {
		if (producers[cpu].started)
			test_thread_join(&producers[cpu].th);
	}
	kthread_flush_worker(state.worker);
	for (i = 0; i < SHARED_WORKS; i++) {
		KEXPECT_EQ(t, race_runs(&state.works[i]), state.queued[i]);
		KEXPECT_FALSE(t, state.works[i].overlapped);
		total += state.queued[i];
	}
	KEXPECT_GT(t, total, 0);
}

/*
 * kthread_cancel_work_sync() from CPU 0 racing the worker on CPU 1: when
 * it returns the work is neither pending nor running, and it ran for this
 * queueing exactly when the cancel says it was no longer pending.
 */
static void cancel_racing_a_run_on_another_cpu_is_exact(struct ktest *t)
{
	static struct race_work rw;
	struct kthread_worker *worker;
	unsigned int round, cancelled = 0, waited = 0, wrong = 0;

	skip_unless_smp(t);
	worker = new_worker_on_cpu(t, 1);
	init_race_works(&rw, 1);
	rw.spin_ns = 2000;
	for (round = 0; round < 3000; round++) {
		int before = race_runs(&rw);
		bool was_pending;

		KASSERT_TRUE(t, kthread_queue_work(worker, &rw.dwork.work));
		ndelay(ktest_random(t) % 20000);
		was_pending = kthread_cancel_work_sync(&rw.dwork.work);
		if (pending(&rw.dwork.work) || READ_ONCE(rw.running) ||
		    race_runs(&rw) != before + !was_pending)
			wrong++;
		if (was_pending)
			cancelled++;
		else
			waited++;
	}
	printk(KERN_INFO "    # %s: %u cancelled while queued, %u ran\n", t->name, cancelled,
	       waited);
	KEXPECT_EQ(t, wrong, 0);
	KEXPECT_FALSE(t, rw.overlapped);
}

/*
 * Delayed works armed on CPU 0, modified or cancelled from CPU 1 (or from
 * a hard interrupt on CPU 0, by IPI) just as the tick fires their timers:
 * every call must leave the number of runs its return value promises.
 */
#define TIMER_RACE_WORKS	32
#define TIMER_RACE_ROUNDS	64

enum timer_race_op { RACE_MOD_0, RACE_MOD_1, RACE_CANCEL, RACE_MOD_IRQ_0, RACE_MOD_IRQ_1,
		     NR_RACE_OPS };

struct timer_race {
	struct kthread_worker *worker;
	struct race_work works[TIMER_RACE_WORKS];
	enum timer_race_op op[TIMER_RACE_WORKS];
	bool ret[TIMER_RACE_WORKS];
	unsigned int irq_index;		/* the work the IPI handler modifies */
	unsigned long irq_delay;
	int round;			/* published by the arming side */
	int done_round;			/* published by the racing side */
	struct rnd_state rnd;
	wait_queue_head_t wq;
};

static void timer_race_mod_in_irq(void *arg)
{
	struct timer_race *race = arg;
	unsigned int i = race->irq_index;

	race->ret[i] = kthread_mod_delayed_work(race->worker, &race->works[i].dwork,
						race->irq_delay);
}

static int timer_racer_fn(void *arg)
{
	struct timer_race *race = arg;
	int round;

	for (round = 1; round <= TIMER_RACE_ROUNDS; round++) {
		u64 now;
		unsigned int i;

		wait_event(race->wq, smp_load_acquire(&race->round) >= round);
		now = get_jiffies_64();
		while (get_jiffies_64() == now)
			cpu_relax();
		/* Right at the tick half the time, else a little after it. */
		if (prandom_u32_state(&race->rnd) & 1)
			ndelay(prandom_u32_state(&race->rnd) % 10000);
		for (i = 0; i < TIMER_RACE_WORKS; i++) {
			struct kthread_delayed_work *dwork = &race->works[i].dwork;

			switch (race->op[i]) {
			case RACE_MOD_0:
			case RACE_MOD_1:
				race->ret[i] = kthread_mod_delayed_work(race->worker, dwork,
									race->op[i] - RACE_MOD_0);
				break;
			case RACE_CANCEL:
				race->ret[i] = kthread_cancel_delayed_work_sync(dwork);
				break;
			case RACE_MOD_IRQ_0:
			case RACE_MOD_IRQ_1:
				race->irq_index = i;
				race->irq_delay = race->op[i] - RACE_MOD_IRQ_0;
				smp_call_function_single(0, timer_race_mod_in_irq, race, true);
				break;
			default:
				break;
			}
		}
		smp_store_release(&race->done_round, round);
		wake_up_all(&race->wq);
	}
	return 0;
}

static void mod_and_cancel_racing_the_timer_keep_their_promises(struct ktest *t)
{
	static struct timer_race race;
	unsigned int i, wrong = 0, ops[NR_RACE_OPS] = { 0 }, true_rets = 0;
	struct test_thread racer;
	int round;

	skip_unless_smp(t);
	if (smp_processor_id() != 0)
		ktest_skip(t, "the arming side must run on CPU 0");
	memset(&race, 0, sizeof(race));
	init_race_works(race.works, TIMER_RACE_WORKS);
	init_waitqueue_head(&race.wq);
	prandom_seed_state(&race.rnd, ktest_random(t));
	/* On CPU 0, where the arming side sleeps: the racer spins on CPU 1. */
	race.worker = new_worker_on_cpu(t, 0);
	KASSERT_EQ(t, test_thread_start(&racer, timer_racer_fn, &race, "ktest-kw-racer", 1), 0);

	for (round = 1; round <= TIMER_RACE_ROUNDS; round++) {
		int before[TIMER_RACE_WORKS];

		for (i = 0; i < TIMER_RACE_WORKS; i++) {
			before[i] = race_runs(&race.works[i]);
			race.op[i] = ktest_random(t) % NR_RACE_OPS;
			/* Armed here, on CPU 0: due at the tick the racer waits for. */
			KASSERT_TRUE(t, kthread_queue_delayed_work(race.worker,
								   &race.works[i].dwork, 1));
		}
		smp_store_release(&race.round, round);
		wake_up_all(&race.wq);
		wait_event(race.wq, smp_load_acquire(&race.done_round) >= round);

		for (i = 0; i < TIMER_RACE_WORKS; i++) {
			int expected = before[i];

			kthread_flush_work(&race.works[i].dwork.work);
			if (race.op[i] == RACE_CANCEL)
				expected += race.ret[i] ? 0 : 1;
			else
				expected += race.ret[i] ? 1 : 2;
			if (race_runs(&race.works[i]) != expected ||
			    pending(&race.works[i].dwork.work))
				wrong++;
			ops[race.op[i]]++;
			true_rets += race.ret[i];
		}
	}
	test_thread_join(&racer);
	for (i = 0; i < TIMER_RACE_WORKS; i++) {
		kthread_cancel_delayed_work_sync(&race.works[i].dwork);
		KEXPECT_FALSE(t, race.works[i].overlapped);
	}
	printk(KERN_INFO "    # %s: %u calls returned true, %u false\n", t->name, true_rets,
	       TIMER_RACE_ROUNDS * TIMER_RACE_WORKS - true_rets);
	KEXPECT_EQ(t, wrong, 0);
}

/*
 * Volume: producers on every CPU queue STRESS_WORKS works in all into one
 * worker, cancelling and flushing at random meanwhile.  Every queueing that
 * returned true runs once unless a cancel returned true for it; the
 * worker's counters agree; and nothing is left allocated.
 *
 * Each producer queues a burst behind a gate, a work of its own that holds
 * the worker until the burst is queued, and producers take turns to queue
 * their bursts; their cancels and flushes, and the worker, run alongside.
 * Queueing against queueing is what the two cases above race.  Here the
 * point is volume, and under TCG volume costs cross-vCPU hand-offs: a
 * worker that empties its list after every work sleeps, and each queueing
 * then wakes it, and CPUs all contending for worker->lock (a ticket lock)
 * spin whenever the host deschedules the vCPU next in line.  With an
 * overcommitted host either makes the case last tens of seconds instead of
 * about one.
 */
#define STRESS_WORKS		100000
#define STRESS_POOL		1024

struct stress_state {
	struct kthread_worker *worker;
	struct test_gate gate;
	struct mutex turn;		/* whose burst is being queued */
	int runs;			/* all runs of all pools */
};

struct stress_work {
	struct kthread_work work;
	struct stress_state *state;
};

struct stress_producer {
	struct test_thread th;
	struct stress_state *state;
	struct kthread_work burst_gate;	/* holds the worker while a burst is queued */
	struct completion burst_queued;
	struct stress_work pool[STRESS_POOL];
	unsigned int quota;		/* successful queueings to make */
	unsigned int queued, cancelled, flushes, bursts;
	struct rnd_state rnd;
	bool started;
};

static void stress_work_fn(struct kthread_work *work)
{
	struct stress_work *sw = container_of(work, struct stress_work, work);

	__atomic_add_fetch(&sw->state->runs, 1, __ATOMIC_RELAXED);
}

static void stress_gate_fn(struct kthread_work *work)
{
	struct stress_producer *p = container_of(work, struct stress_producer, burst_gate);

	wait_for_completion(&p->burst_queued);
}

/*
 * A burst: the gate, then every work of the pool (now and then cancelling
 * one queued earlier in the burst), then the gate opens.  Then, while the
 * worker runs the burst and another producer queues its own: a few cancels
 * of works of the burst, sometimes a flush of one, and a flush of the
 * worker, after which the whole pool is idle again.
 */
static int stress_producer_fn(void *arg)
{
	struct stress_producer *p = arg;
	struct stress_state *state = p->state;
	struct kthread_worker *worker = state->worker;
	unsigned int i;

	test_gate_wait(&state->gate);
	while (p->queued < p->quota) {
		u32 r = prandom_u32_state(&p->rnd);

		mutex_lock(&state->turn);
		reinit_completion(&p->burst_queued);
		p->bursts += kthread_queue_work(worker, &p->burst_gate);
		for (i = 0; i < STRESS_POOL && p->queued < p->quota; i++) {
			u32 dice = prandom_u32_state(&p->rnd);

			p->queued += kthread_queue_work(worker, &p->pool[(r + i) % STRESS_POOL].work);
			if (dice % 100 < 2 && i > 0) {
				unsigned int earlier = (r + (dice >> 8) % i) % STRESS_POOL;

				p->cancelled += kthread_cancel_work_sync(&p->pool[earlier].work);
			}
		}
		complete(&p->burst_queued);
		mutex_unlock(&state->turn);

		for (i = 0; i < 8; i++) {
			u32 dice = prandom_u32_state(&p->rnd);

			p->cancelled += kthread_cancel_work_sync(&p->pool[dice % STRESS_POOL].work);
		}
		if (r % 4 == 0) {
			kthread_flush_work(&p->pool[(r >> 8) % STRESS_POOL].work);
			p->flushes++;
		}
		kthread_flush_worker(worker);
		p->flushes++;
	}
	return 0;
}

static void stress_100k_works_from_every_cpu_with_flushes_and_cancels(struct ktest *t)
{
	static struct stress_producer *producers[NR_CPUS];	/* 32 KiB each: kmalloc'ed */
	static struct stress_state state;
	unsigned int cpu, i, nr = num_online_cpus(), nr_started = 0;
	unsigned long queued = 0, cancelled = 0, bursts = 0;
	struct kthread_worker_stats stats;
	struct mem_snapshot before;
	bool allocated = true;

	take_baseline(&before);
	memset(&state, 0, sizeof(state));
	test_gate_init(&state.gate);
	mutex_init(&state.turn);
	for_each_online_cpu(cpu) {
		producers[cpu] = kzalloc(sizeof(*producers[cpu]), GFP_KERNEL);
		allocated &= producers[cpu] != NULL;
	}
	state.worker = allocated ? kthread_create_worker(0, "ktest-kw-stress") : NULL;
	if (!IS_ERR_OR_NULL(state.worker)) {
		for_each_online_cpu(cpu) {
			struct stress_producer *p = producers[cpu];

			p->state = &state;
			p->quota = STRESS_WORKS / nr +
				   (cpu == cpumask_first(cpu_online_mask) ? STRESS_WORKS % nr : 0);
			prandom_seed_state(&p->rnd, ktest_random(t));
			kthread_init_work(&p->burst_gate, stress_gate_fn);
			init_completion(&p->burst_queued);
			for (i = 0; i < STRESS_POOL; i++) {
				kthread_init_work(&p->pool[i].work, stress_work_fn);
				p->pool[i].state = &state;
			}
			if (test_thread_start(&p->th, stress_producer_fn, p, "ktest-kw-stress", cpu))
				break;
			p->started = true;
			nr_started++;
		}
		test_gate_open(&state.gate);
		for_each_online_cpu(cpu) {
			if (producers[cpu]->started) {
				test_thread_join(&producers[cpu]->th);
				queued += producers[cpu]->queued;
				cancelled += producers[cpu]->cancelled;
				bursts += producers[cpu]->bursts;
			}
		}
		kthread_flush_worker(state.worker);
		kthread_worker_get_stats(state.worker, &stats);
		kthread_destroy_worker(state.worker);
	}
	for_each_online_cpu(cpu) {
		kfree(producers[cpu]);
		producers[cpu] = NULL;
	}
	KASSERT_TRUE(t, allocated);
	KASSERT_NOT_ERR(t, state.worker);

	KEXPECT_EQ(t, nr_started, num_online_cpus());
	KEXPECT_EQ(t, queued, STRESS_WORKS);
	KEXPECT_EQ(t, (unsigned long)state.runs, queued - cancelled);
	KEXPECT_EQ(t, stats.works_executed, queued - cancelled + bursts);
	KEXPECT_EQ(t, stats.nr_queued, 0);
	KEXPECT_LE(t, stats.max_queued, nr * (STRESS_POOL + 1));
	KEXPECT_GT(t, cancelled, 0);
	expect_same_memory(t, &before);
}

static struct ktest_case kthread_worker_stress_cases[] = {
	KTEST_CASE(fifo_order_holds_across_producers_on_every_cpu),
	KTEST_CASE(concurrent_queueing_from_every_cpu_runs_each_success_exactly_once),
	KTEST_CASE(cancel_racing_a_run_on_another_cpu_is_exact),
	KTEST_CASE(mod_and_cancel_racing_the_timer_keep_their_promises),
	KTEST_CASE(stress_100k_works_from_every_cpu_with_flushes_and_cancels),
	{}
};

static struct ktest_suite kthread_worker_stress_suite = {
	.name = "kthread_worker_stress",
	.cases = kthread_worker_stress_cases,
	.init = kthread_worker_init,
	.exit = kthread_worker_exit,
};
ktest_register_suite(kthread_worker_stress_suite);
