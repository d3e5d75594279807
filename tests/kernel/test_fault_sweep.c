// SPDX-License-Identifier: GPL-2.0
/*
 * Fault-injection sweep: every allocation made for an operation, failed one
 * at a time.
 *
 * For each operation (creating a kthread, a worker, a per-CPU thread, a CPU
 * coming up) the sweep runs it with a fail-nth countdown
 * (kernel/fault-inject.h) of N = 1, 2, ... until it succeeds without the
 * failure having been injected.  The countdown follows the request into
 * kthreadd and into the new thread's kthread(), so their allocations count
 * too.  After each injected failure it checks that
 *
 *  - the caller got the documented error (ERR_PTR(-ENOMEM) or -ENOMEM);
 *  - nothing leaked: tasks, thread stacks, the objects of every kmalloc
 *    cache and of task_struct, and large kmallocs are no more, and free
 *    pages no fewer, than before (freeing a dead thread is asynchronous,
 *    so this waits for them, up to SETTLE_MS);
 *
 * and the last, successful run proves the kernel still works: the thread
 * or worker it made runs.  Each site is named in a diagnostic line; a case
 * fails if it found fewer sites than the code has (MIN_* below, from
 * reading it).  Operations documented as never allocating
 * (kthread_queue_delayed_work() may run in hard interrupts; cpu_down()
 * cannot return -ENOMEM) are checked to make no allocation at all.
 * docs/reliability.md has the figures.
 */
#include <kernel/completion.h>
#include <kernel/cpu.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/fault-inject.h>
#include <kernel/kallsyms.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/mm.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smpboot.h>
#include <kernel/stack.h>
#include <lib/errno.h>

#define SWEEP_MAX_SITES 256
#define SETTLE_MS	3000

/*
 * Allocations each operation makes at least: the request (1), kthreadd's
 * task_struct (1) and stack pages (THREAD_SIZE / PAGE_SIZE, the stack cache
 * being drained first), and the new thread's struct kthread (1).
 */
#define MIN_KTHREAD (3 + THREAD_SIZE / PAGE_SIZE)
#define MIN_WORKER  (1 + MIN_KTHREAD) /* and the worker */
#define MIN_SMPBOOT (1 + MIN_KTHREAD) /* per CPU: and its thread data */

static const unsigned int kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
};

/* What an operation could leak, as counted by the allocators. */
struct mem_snapshot {
	unsigned long tasks;
	unsigned long stacks;
	unsigned long task_structs;
	unsigned long kmalloc_objs[ARRAY_SIZE(kmalloc_sizes)];
	unsigned long large_kmallocs;
	unsigned long free_pages;
};

static struct fail_nth sweep_nth;
static struct kmem_cache *task_struct_cache;

static void count_objects(struct kmem_cache *cache, unsigned long *objs)
{
	struct kmem_cache_stats stats;

	kmem_cache_shrink(cache); /* empty slabs would hide free pages */
	kmem_cache_get_stats(cache, &stats);
	*objs = stats.active_objs;
}

static void take_snapshot(struct mem_snapshot *s)
{
	struct kmalloc_large_stats large;
	unsigned int i;

	/* Cached stacks keep their pages: give them back first. */
	drain_thread_stack_cache();
	s->tasks = nr_tasks();
	s->stacks = nr_thread_stacks();
	count_objects(task_struct_cache, &s->task_structs);
	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		count_objects(kmalloc_cache_for(kmalloc_sizes[i]), &s->kmalloc_objs[i]);
	kmalloc_large_get_stats(&large);
	s->large_kmallocs = large.allocations;
	s->free_pages = nr_free_pages();
}

static bool same_snapshot(const struct mem_snapshot *a, const struct mem_snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/*
 * Nothing more is allocated in @now than in @base.  Less is fine: a thread
 * of an earlier test may finish dying meanwhile.
 */
static bool within_baseline(const struct mem_snapshot *now, const struct mem_snapshot *base)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		if (now->kmalloc_objs[i] > base->kmalloc_objs[i])
			return false;
	}
	return now->tasks <= base->tasks && now->stacks <= base->stacks &&
	       now->task_structs <= base->task_structs &&
	       now->large_kmallocs <= base->large_kmallocs && now->free_pages >= base->free_pages;
}

/* Waits until two snapshots in a row agree, so that a baseline is stable. */
static bool settle(struct mem_snapshot *s)
{
	struct mem_snapshot again;
	unsigned int ms;

	take_snapshot(s);
	for (ms = 0; ms < SETTLE_MS; ms += 5) {
		msleep(5);
		take_snapshot(&again);
		if (same_snapshot(s, &again))
			return true;
		*s = again;
	}
	return false;
}

static void report_leak(struct ktest *t, const char *path, const char *site,
			const struct mem_snapshot *base, const struct mem_snapshot *now)
{
	unsigned int i;

#define LEAK(field, what)                                                      \
	do {                                                                   \
		if (now->field > base->field)                                  \
			ktest_fail(t, __FILE__, __LINE__,                      \
				   "%s: after failing %s: %s %lu, "            \
				   "baseline %lu",                             \
				   path, site, what, now->field, base->field); \
	} while (0)
	LEAK(tasks, "tasks");
	LEAK(stacks, "thread stacks");
	LEAK(task_structs, "task_struct objects");
	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		if (now->kmalloc_objs[i] > base->kmalloc_objs[i])
			ktest_fail(t, __FILE__, __LINE__,
				   "%s: after failing %s: kmalloc-%u objects %lu, baseline %lu",
				   path, site, kmalloc_sizes[i], now->kmalloc_objs[i],
				   base->kmalloc_objs[i]);
	}
	LEAK(large_kmallocs, "large kmallocs");
	if (now->free_pages < base->free_pages)
		ktest_fail(t, __FILE__, __LINE__, "%s: after failing %s: free pages %lu, baseline %lu",
			   path, site, now->free_pages, base->free_pages);
#undef LEAK
}

/* Waits for what a failed operation freed asynchronously; reports what stays. */
static bool back_to_baseline(struct ktest *t, const char *path, const char *site,
			     const struct mem_snapshot *base)
{
	struct mem_snapshot now;
	unsigned int ms;

	for (ms = 0; ms < SETTLE_MS; ms += 2) {
		take_snapshot(&now);
		if (within_baseline(&now, base))
			return true;
		msleep(2);
	}
	report_leak(t, path, site, base, &now);
	return false;
}

/* One operation under the sweep. */
struct sweep_path {
	const char *name;
	/* Runs the operation: 0, or the error it reports. */
	int (*run)(struct ktest *t);
	/* Undoes a successful run, checking first that what it made works. */
	void (*undo)(struct ktest *t);
	int error; /* what a failed allocation must give */
	unsigned int min_sites;
};

/* Runs @path with the @nth allocation failing.  Return: whether it was injected. */
static bool run_failing(struct ktest *t, const struct sweep_path *path, unsigned int nth, int *err)
{
	drain_thread_stack_cache(); /* so that stacks are allocated, not reused */
	fail_nth_arm(&sweep_nth, nth);
	*err = path->run(t);
	return fail_nth_disarm(&sweep_nth);
}

/*
 * Fails each allocation of @path in turn.  Return: the number of sites
 * failed; the case fails on a wrong error, a leak, or too few sites.
 */
static unsigned int sweep(struct ktest *t, const struct sweep_path *path)
{
	char site[KSYM_SYMBOL_LEN];
	struct mem_snapshot base;
	unsigned int nth, sites = 0;
	int err;

	/* A first run maps the stack slots and grows the caches it needs. */
	KASSERT_EQ(t, path->run(t), 0);
	path->undo(t);
	KASSERT_TRUE(t, settle(&base));

	for (nth = 1; nth <= SWEEP_MAX_SITES; nth++) {
		if (!run_failing(t, path, nth, &err)) {
			/* Every allocation went through: the operation must work. */
			KEXPECT_EQ(t, err, 0);
			KEXPECT_EQ(t, sweep_nth.calls, nth - 1);
			if (!err)
				path->undo(t);
			KEXPECT_TRUE(t, back_to_baseline(t, path->name, "nothing", &base));
			break;
		}
		sites++;
		sprint_backtrace(site, sizeof(site), sweep_nth.site);
		printk(KERN_INFO "    # %s: site %u: %s -> %d\n", path->name, nth, site, err);
		if (err != path->error) {
			ktest_fail(t, __FILE__, __LINE__,
				   "%s: failing the allocation in %s gave %d, not %d", path->name,
				   site, err, path->error);
			if (!err)
				path->undo(t);
		}
		if (!back_to_baseline(t, path->name, site, &base))
			break;
	}
	KEXPECT_LE(t, nth, SWEEP_MAX_SITES);
	KEXPECT_GE(t, sites, path->min_sites);
	printk(KERN_INFO "    # %s: %u allocation sites failed one at a time\n", path->name, sites);
	return sites;
}

/* Checks that @run makes no allocation at all. */
static void expect_no_allocation(struct ktest *t, const char *name, void (*run)(struct ktest *t))
{
	fail_nth_arm(&sweep_nth, 1);
	run(t);
	KEXPECT_FALSE(t, fail_nth_disarm(&sweep_nth));
	KEXPECT_EQ(t, sweep_nth.calls, 0);
	printk(KERN_INFO "    # %s: allocates nothing\n", name);
}

static int fault_sweep_init(struct ktest *t)
{
	task_struct_cache = virt_to_cache(current);
	return task_struct_cache ? 0 : -1;
}

/* --- kthread_create_on_node() --- */

static DECLARE_COMPLETION(thread_ran);
static struct task_struct *sweep_task;

static int sweep_threadfn(void *data)
{
	complete(&thread_ran);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 42;
}

static int run_kthread_create(struct ktest *t)
{
	sweep_task = kthread_create_on_node(sweep_threadfn, NULL, NUMA_NO_NODE, "sweep/%d", 1);
	return PTR_ERR_OR_ZERO(sweep_task);
}

/* Wakes the thread, waits until it ran, and stops it. */
static void undo_kthread_create(struct ktest *t)
{
	reinit_completion(&thread_ran);
	wake_up_process(sweep_task);
	wait_for_completion(&thread_ran);
	KEXPECT_EQ(t, kthread_stop(sweep_task), 42);
}

static void kthread_create_on_node_fails_cleanly_at_every_site(struct ktest *t)
{
	static const struct sweep_path path = {
		.name = "kthread_create_on_node",
		.run = run_kthread_create,
		.undo = undo_kthread_create,
		.error = -ENOMEM,
		.min_sites = MIN_KTHREAD,
	};

	sweep(t, &path);
}

/* --- kthread_create_worker() and kthread_create_worker_on_cpu() --- */

static struct kthread_worker *sweep_worker;
static bool work_ran;

static void sweep_work_fn(struct kthread_work *work)
{
	WRITE_ONCE(work_ran, true);
}

static int run_worker_create(struct ktest *t)
{
	sweep_worker = kthread_create_worker(0, "sweep-worker");
	return PTR_ERR_OR_ZERO(sweep_worker);
}

static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

static int run_worker_create_on_cpu(struct ktest *t)
{
	sweep_worker = kthread_create_worker_on_cpu(last_online_cpu(), 0, "sweep-worker/%d");
	return PTR_ERR_OR_ZERO(sweep_worker);
}

/* Runs a work on the worker, then destroys it. */
static void undo_worker_create(struct ktest *t)
{
	struct kthread_work work;

	kthread_init_work(&work, sweep_work_fn);
	WRITE_ONCE(work_ran, false);
	KEXPECT_TRUE(t, kthread_queue_work(sweep_worker, &work));
	kthread_flush_work(&work);
	KEXPECT_TRUE(t, READ_ONCE(work_ran));
	kthread_destroy_worker(sweep_worker);
}

static void kthread_create_worker_fails_cleanly_at_every_site(struct ktest *t)
{
	static const struct sweep_path path = {
		.name = "kthread_create_worker",
		.run = run_worker_create,
		.undo = undo_worker_create,
		.error = -ENOMEM,
		.min_sites = MIN_WORKER,
	};

	sweep(t, &path);
}

static void kthread_create_worker_on_cpu_fails_cleanly_at_every_site(struct ktest *t)
{
	static const struct sweep_path path = {
		.name = "kthread_create_worker_on_cpu",
		.run = run_worker_create_on_cpu,
		.undo = undo_worker_create,
		.error = -ENOMEM,
		.min_sites = MIN_WORKER,
	};

	sweep(t, &path);
}

/* --- kthread_queue_delayed_work() --- */

static struct kthread_delayed_work sweep_dwork;

static void queue_delayed(struct ktest *t)
{
	KEXPECT_TRUE(t, kthread_queue_delayed_work(sweep_worker, &sweep_dwork, 1));
}

static void queue_delayed_now(struct ktest *t)
{
	KEXPECT_TRUE(t, kthread_queue_delayed_work(sweep_worker, &sweep_dwork, 0));
}

/* The timer queues the work a tick later: poll for it. */
static void wait_for_work(struct ktest *t)
{
	unsigned int ms;

	for (ms = 0; ms < SETTLE_MS && !READ_ONCE(work_ran); ms++)
		msleep(1);
	KEXPECT_TRUE(t, READ_ONCE(work_ran));
}

static void kthread_queue_delayed_work_allocates_nothing(struct ktest *t)
{
	sweep_worker = kthread_create_worker(0, "sweep-dwork");
	KASSERT_NOT_ERR(t, sweep_worker);
	kthread_init_delayed_work(&sweep_dwork, sweep_work_fn);

	WRITE_ONCE(work_ran, false);
	expect_no_allocation(t, "kthread_queue_delayed_work (timer)", queue_delayed);
	wait_for_work(t);

	WRITE_ONCE(work_ran, false);
	expect_no_allocation(t, "kthread_queue_delayed_work (no delay)", queue_delayed_now);
	wait_for_work(t);
	kthread_destroy_worker(sweep_worker);
}

/* --- per-CPU threads: smpboot_register_percpu_thread() and cpu_up() --- */

static DEFINE_PER_CPU(struct task_struct *, sweep_hp_task);

static int sweep_hp_should_run(unsigned int cpu)
{
	return 0;
}

static void sweep_hp_fn(unsigned int cpu)
{
}

static struct smp_hotplug_thread sweep_hp_threads = {
	.store = &sweep_hp_task,
	.thread_should_run = sweep_hp_should_run,
	.thread_fn = sweep_hp_fn,
	.thread_comm = "sweep-hp/%u",
};
static bool hp_registered; /* for the suite's exit, whatever happened */
static unsigned int hotplug_cpu;

static int hp_register(void)
{
	int err = smpboot_register_percpu_thread(&sweep_hp_threads);

	hp_registered = !err;
	return err;
}

static void hp_unregister(void)
{
	smpboot_unregister_percpu_thread(&sweep_hp_threads);
	hp_registered = false;
}

/* Each online CPU has its thread, bound to it; then they go. */
static void check_hp_threads(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct task_struct *p = per_cpu(sweep_hp_task, cpu);

		KASSERT_NOT_NULL(t, p);
		KEXPECT_TRUE(t, kthread_is_per_cpu(p));
		KEXPECT_EQ(t, p->nr_cpus_allowed, 1);
		KEXPECT_TRUE(t, cpumask_test_cpu(cpu, &p->cpus_mask));
	}
}

static int run_smpboot_register(struct ktest *t)
{
	return hp_register();
}

static void undo_smpboot_register(struct ktest *t)
{
	check_hp_threads(t);
	hp_unregister();
}

static void smpboot_register_percpu_thread_fails_cleanly_at_every_site(struct ktest *t)
{
	static struct sweep_path path = {
		.name = "smpboot_register_percpu_thread",
		.run = run_smpboot_register,
		.undo = undo_smpboot_register,
		.error = -ENOMEM,
	};

	path.min_sites = MIN_SMPBOOT * num_online_cpus();
	sweep(t, &path);
}

static int run_cpu_up(struct ktest *t)
{
	return cpu_up(hotplug_cpu);
}

/* The CPU came up with its thread: back to down, threads on the others only. */
static void undo_cpu_up(struct ktest *t)
{
	check_hp_threads(t);
	hp_unregister();
	KEXPECT_EQ(t, cpu_down(hotplug_cpu), 0);
	KEXPECT_EQ(t, hp_register(), 0);
}

static void cpu_up_fails_cleanly_at_every_thread_creation_site(struct ktest *t)
{
	static const struct sweep_path path = {
		.name = "cpu_up",
		.run = run_cpu_up,
		.undo = undo_cpu_up,
		.error = -ENOMEM,
		.min_sites = MIN_SMPBOOT,
	};

	hotplug_cpu = last_online_cpu();
	if (!hotplug_cpu)
		ktest_skip(t, "needs a second CPU");
	/* A thread registered while the CPU is down is made when it comes up. */
	KASSERT_EQ(t, cpu_down(hotplug_cpu), 0);
	KEXPECT_EQ(t, hp_register(), 0);
	sweep(t, &path);
	hp_unregister();
	KEXPECT_EQ(t, cpu_up(hotplug_cpu), 0);
}

static void run_cpu_down(struct ktest *t)
{
	KEXPECT_EQ(t, cpu_down(hotplug_cpu), 0);
}

static void cpu_down_allocates_nothing(struct ktest *t)
{
	hotplug_cpu = last_online_cpu();
	if (!hotplug_cpu)
		ktest_skip(t, "needs a second CPU");
	KASSERT_EQ(t, hp_register(), 0);
	expect_no_allocation(t, "cpu_down", run_cpu_down);
	KEXPECT_EQ(t, cpu_up(hotplug_cpu), 0);
	check_hp_threads(t);
	hp_unregister();
}

/* A failed case leaves no thread registered and no CPU down behind it. */
static void fault_sweep_exit(struct ktest *t)
{
	if (hp_registered)
		hp_unregister();
	if (hotplug_cpu && !cpu_online(hotplug_cpu))
		cpu_up(hotplug_cpu);
}

static struct ktest_case fault_sweep_cases[] = {
	KTEST_CASE(kthread_create_on_node_fails_cleanly_at_every_site),
	KTEST_CASE(kthread_create_worker_fails_cleanly_at_every_site),
	KTEST_CASE(kthread_create_worker_on_cpu_fails_cleanly_at_every_site),
	KTEST_CASE(kthread_queue_delayed_work_allocates_nothing),
	KTEST_CASE(smpboot_register_percpu_thread_fails_cleanly_at_every_site),
	KTEST_CASE(cpu_up_fails_cleanly_at_every_thread_creation_site),
	KTEST_CASE(cpu_down_allocates_nothing),
	{}
};
static struct ktest_suite fault_sweep_suite = {
	.name = "fault_sweep",
	.cases = fault_sweep_cases,
	.init = fault_sweep_init,
	.exit = fault_sweep_exit,
};
ktest_register_suite(fault_sweep_suite);
