// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads (kernel/kthread.c): kthreadd, creation, naming, binding,
 * stop, exit, park/unpark, the per-CPU marks, kthread_data() and friends,
 * creation killed mid-way or short of memory, and a stress run of
 * create/stop from every CPU at once.  The expectations are those Linux
 * documents in its kernel/kthread.c (docs/kthread.md lists them).
 *
 * The cases run in init, bound to CPU 0, on 1, 2 and 4 CPUs; those that
 * need a second CPU skip on one.  Helper threads never use KASSERT_*():
 * they record what they saw, and the case checks it.  A case that WARNs
 * outside KEXPECT_WARN() fails, so misuse that should not warn is caught.
 */
#include <asm/trap_test.h>
#include <kernel/completion.h>
#include <kernel/cpu.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/fault-inject.h>
#include <kernel/jiffies.h>
#include <kernel/kallsyms.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/err.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#include "test_threads.h"

/*
 * Evaluates @cond until it holds or @ms milliseconds have passed, sleeping
 * a tick between tries.  Return: whether it held.
 */
#define wait_until(cond, ms)                                                     \
	({                                                                       \
		u64 __end = get_jiffies_64() + msecs_to_jiffies(ms) + 1;         \
		bool __ok;                                                       \
		while (!(__ok = (cond)) && time_before(get_jiffies_64(), __end)) \
			schedule_timeout_uninterruptible(1);                     \
		__ok;                                                            \
	})

/* The last online CPU: another CPU than the tests' CPU 0, when there is one. */
static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

/* The body of a thread with nothing to do but wait for kthread_stop(). */
static void sleep_until_stopped(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

/* What a probe thread saw; the case sets ->ret, the value it returns. */
struct probe {
	int ran;	    /* threadfn started */
	unsigned int cpu;   /* where it started */
	bool stop_at_start; /* kthread_should_stop() when it started */
	bool park_at_start; /* kthread_should_park() when it started */
	int ret;
};

/* Records that it ran, then waits for kthread_stop() and returns p->ret. */
static int probe_fn(void *arg)
{
	struct probe *p = arg;

	p->cpu = smp_processor_id();
	p->stop_at_start = kthread_should_stop();
	p->park_at_start = kthread_should_park();
	WRITE_ONCE(p->ran, 1);
	sleep_until_stopped();
	return p->ret;
}

/* Must never be called: the threads running it are stopped or die first. */
static int must_not_run_fn(void *arg)
{
	WRITE_ONCE(*(int *)arg, 1);
	return 0;
}

/* --- memory accounting, for the leak checks --- */

static const size_t kmalloc_sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096 };

/* Objects in use in all kmalloc caches (the request and struct kthread are kmalloc()ed). */
static unsigned long kmalloc_objects(void)
{
	unsigned long total = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		struct kmem_cache_stats stats;

		kmem_cache_get_stats(kmalloc_cache_for(kmalloc_sizes[i]), &stats);
		total += stats.active_objs;
	}
	return total;
}

struct mem_snapshot {
	unsigned long tasks;
	unsigned long stacks;
	unsigned long kmalloc_objs;
	unsigned long free_pages;
};

/* Waits until the tasks that exited are freed, then takes the counts. */
static void take_snapshot(struct mem_snapshot *s, unsigned long tasks_expected)
{
	if (tasks_expected)
		wait_until(nr_tasks() <= tasks_expected, 5000);
	s->tasks = nr_tasks();
	s->stacks = nr_thread_stacks();
	s->kmalloc_objs = kmalloc_objects();
	drain_thread_stack_cache();
	s->free_pages = nr_free_pages();
}

/*
 * Every count back to @before.  Free pages may differ by a few: slabs keep
 * an empty slab per cache, and page tables of the stack area stay.
 */
static void expect_no_leak(struct ktest *t, const struct mem_snapshot *before,
			   unsigned long page_slack)
{
	struct mem_snapshot after;

	take_snapshot(&after, before->tasks);
	KEXPECT_EQ(t, after.tasks, before->tasks);
	KEXPECT_EQ(t, after.stacks, before->stacks);
	KEXPECT_EQ(t, after.kmalloc_objs, before->kmalloc_objs);
	KEXPECT_LE(t, (long)(before->free_pages - after.free_pages), (long)page_slack);
}

/*
 * Creates and stops one thread, so that caches and slabs are warm, and
 * waits until it is freed.  Return: the number of tasks, for a snapshot.
 */
static unsigned long warm_up(void)
{
	unsigned long tasks = nr_tasks();
	struct probe p = { .ret = 0 };
	struct task_struct *k = kthread_run(probe_fn, &p, "ktest-warm");

	if (!IS_ERR(k)) {
		wait_until(READ_ONCE(p.ran), 2000);
		kthread_stop(k);
	}
	wait_until(nr_tasks() <= tasks, 5000);
	return tasks;
}

static int kthread_suite_init(struct ktest *t)
{
	return kthreadd_task ? 0 : -1;
}

static void kthread_suite_exit(struct ktest *t)
{
	fault_attr_disable(&failslab);
	fault_attr_disable(&fail_page_alloc);
	WRITE_ONCE(kthreadd_hold_for_test, false);
}

/* --- kthreadd --- */

static void find_pid_2(struct task_struct *p, void *arg)
{
	if (p->pid == 2)
		*(struct task_struct **)arg = p;
}

/* Linux: init is pid 1, kthreadd pid 2, created by rest_init(). */
static void kthreadd_is_pid_2_named_kthreadd(struct ktest *t)
{
	struct task_struct *pid2 = NULL;


	for_each_task(find_pid_2, &pid2);
	KEXPECT_NOT_NULL(t, kthreadd_task);
	KEXPECT_EQ(t, pid2, kthreadd_task);
	KEXPECT_EQ(t, kthreadd_task->pid, 2);
	KEXPECT_STREQ(t, kthreadd_task->comm, "kthreadd");
}

/* Issue 6: all CPUs allowed, default priority, PF_NOFREEZE, signals ignored. */
static void kthreadd_has_a_clean_context(struct ktest *t)
{
	struct task_struct *k = kthreadd_task;

	KASSERT_NOT_NULL(t, k);
	KEXPECT_TRUE(t, k->flags & PF_NOFREEZE);
	KEXPECT_TRUE(t, k->flags & PF_KTHREAD);
	KEXPECT_FALSE(t, k->flags & PF_NO_SETAFFINITY);
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpu_possible_mask));
	KEXPECT_EQ(t, k->nr_cpus_allowed, num_possible_cpus());
	KEXPECT_EQ(t, task_nice(k), 0);
	KEXPECT_EQ(t, READ_ONCE(k->allowed_signals), 0);
	KEXPECT_FALSE(t, signal_pending(k));
	/* It is not a thread kthread_create() made: it has no struct kthread. */
	KEXPECT_NULL(t, kthread_func(k));
	KEXPECT_FALSE(t, kthread_is_per_cpu(k));
}

/* --- creation --- */

static void created_thread_does_not_run_before_wake_up(struct ktest *t)
{
	struct probe p = { .ret = 5 };
	struct task_struct *k = kthread_create(probe_fn, &p, "ktest-sleeper");

	KASSERT_NOT_ERR(t, k);
	msleep(20);
	KEXPECT_EQ(t, READ_ONCE(p.ran), 0);
	/* kthread() waits for its first wake-up in TASK_UNINTERRUPTIBLE. */
	KEXPECT_EQ(t, task_state(k), TASK_UNINTERRUPTIBLE);
	KEXPECT_EQ(t, READ_ONCE(k->on_rq), 0);
	KEXPECT_TRUE(t, k->flags & PF_KTHREAD);

	KEXPECT_TRUE(t, wake_up_process(k));
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_FALSE(t, p.stop_at_start);
	KEXPECT_FALSE(t, p.park_at_start);
	KEXPECT_EQ(t, kthread_stop(k), 5);
}

static void name_is_formatted_and_comm_truncated_to_15_chars(struct ktest *t)
{
	int ran = 0;
	struct task_struct *k, *s;

	k = kthread_create(must_not_run_fn, &ran, "ktest-%s-%d", "abcdefghij", 42);
	KASSERT_NOT_ERR(t, k);
	s = kthread_create(must_not_run_fn, &ran, "kt%c%u", '-', 7u);
	if (IS_ERR(s)) {
		kthread_stop(k);
		KASSERT_NOT_ERR(t, s);
	}
	/* "ktest-abcdefghij-42" cut to TASK_COMM_LEN - 1 characters. */
	KEXPECT_STREQ(t, k->comm, "ktest-abcdefghi");
	KEXPECT_EQ(t, strlen(k->comm), TASK_COMM_LEN - 1);
	KEXPECT_STREQ(t, s->comm, "kt-7");
	KEXPECT_EQ(t, kthread_stop(k), -EINTR);
	KEXPECT_EQ(t, kthread_stop(s), -EINTR);
	KEXPECT_EQ(t, ran, 0);
}

static void kthread_run_creates_and_wakes(struct ktest *t)
{
	struct probe p = { .ret = 11 };
	struct task_struct *k = kthread_run(probe_fn, &p, "ktest-run/%d", 3);

	KASSERT_NOT_ERR(t, k);
	KEXPECT_STREQ(t, k->comm, "ktest-run/3");
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_EQ(t, kthread_stop(k), 11);
}

static void create_on_cpu_binds_and_names_with_the_cpu(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct probe p = { .ret = (int)cpu + 100 };
		char name[TASK_COMM_LEN];
		struct task_struct *k;

		k = kthread_create_on_cpu(probe_fn, &p, cpu, "ktest-pcpu/%u");
		KASSERT_NOT_ERR(t, k);
		snprintf(name, sizeof(name), "ktest-pcpu/%u", cpu);
		KEXPECT_STREQ(t, k->comm, name);
		KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpumask_of(cpu)));
		KEXPECT_EQ(t, k->nr_cpus_allowed, 1);
		KEXPECT_TRUE(t, k->flags & PF_NO_SETAFFINITY);
		/* Bound, but not per-CPU until kthread_set_per_cpu(). */
		KEXPECT_FALSE(t, kthread_is_per_cpu(k));
		KEXPECT_EQ(t, READ_ONCE(p.ran), 0);

		wake_up_process(k);
		KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
		KEXPECT_EQ(t, p.cpu, cpu);
		KEXPECT_EQ(t, kthread_stop(k), (int)cpu + 100);
	}
}

static void run_on_cpu_runs_bound_to_the_cpu(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct probe p = { .ret = 3 };
	struct task_struct *k = kthread_run_on_cpu(probe_fn, &p, cpu, "ktest-roc/%u");

	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_EQ(t, p.cpu, cpu);
	KEXPECT_EQ(t, k->nr_cpus_allowed, 1);
	KEXPECT_EQ(t, kthread_stop(k), 3);
}

static void set_per_cpu_marks_and_unmarks_a_thread(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	int ran = 0;
	struct task_struct *k = kthread_create_on_cpu(must_not_run_fn, &ran, cpu, "ktest-mark/%u");

	KASSERT_NOT_ERR(t, k);
	KEXPECT_FALSE(t, kthread_is_per_cpu(k));
	kthread_set_per_cpu(k, cpu);
	KEXPECT_TRUE(t, kthread_is_per_cpu(k));
	kthread_set_per_cpu(k, -1);
	KEXPECT_FALSE(t, kthread_is_per_cpu(k));
	/* init is not a thread kthread_create() made. */
	KEXPECT_FALSE(t, kthread_is_per_cpu(current));
	KEXPECT_EQ(t, kthread_stop(k), -EINTR);
	KEXPECT_EQ(t, ran, 0);
}

struct bound_creator {
	struct probe child;
	unsigned int cpu;	   /* the creator's */
	struct cpumask child_mask; /* as the creator saw it after creation */
	unsigned int child_nr_cpus_allowed;
	int child_nice;
	unsigned long child_signals; /* its allowed_signals */
	bool spin;		     /* keep the creator's CPU busy until the child runs */
	int child_ran;		     /* the child ran within the deadline */
	int child_stop_ret;
	int error; /* kthread_create() failed with this */
	int done;
};

/*
 * Makes a child, then keeps its own CPU busy without sleeping: a child that
 * inherited the creator's mask could only run there, when this thread is
 * preempted, and would report this CPU.
 */
static int bound_creator_fn(void *arg)
{
	struct bound_creator *bc = arg;
	struct task_struct *child;
	u64 end;

	/* Unlike kthreadd: a nice value and a signal, which the child must not inherit. */
	set_user_nice(current, 10);
	allow_signal(SIGTERM);
	child = kthread_create(probe_fn, &bc->child, "ktest-child");
	if (IS_ERR(child)) {
		bc->error = PTR_ERR(child);
		WRITE_ONCE(bc->done, 1);
		sleep_until_stopped();
		return 0;
	}
	cpumask_copy(&bc->child_mask, &child->cpus_mask);
	bc->child_nr_cpus_allowed = child->nr_cpus_allowed;
	bc->child_nice = task_nice(child);
	bc->child_signals = READ_ONCE(child->allowed_signals);
	wake_up_process(child);
	end = get_jiffies_64() + msecs_to_jiffies(2000);
	while (bc->spin && !READ_ONCE(bc->child.ran) && time_before(get_jiffies_64(), end))
		cpu_relax();
	bc->child_ran = READ_ONCE(bc->child.ran);
	bc->child_stop_ret = kthread_stop(child);
	WRITE_ONCE(bc->done, 1);
	sleep_until_stopped();
	return 0;
}

/*
 * Issue 6: "the default policy and all CPUs allowed, whatever the creator
 * or kthreadd had"; and, like kthreadd, no signals.  Where it ran is
 * checked only with a second CPU.
 */
static void child_of_a_bound_creator_may_run_on_any_cpu(struct ktest *t)
{
	struct bound_creator bc = { .child.ret = 9, .spin = num_online_cpus() > 1 };
	struct task_struct *creator;

	bc.cpu = last_online_cpu();
	creator = kthread_run_on_cpu(bound_creator_fn, &bc, bc.cpu, "ktest-bound/%u");
	KASSERT_NOT_ERR(t, creator);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(bc.done), 10000));
	KEXPECT_EQ(t, kthread_stop(creator), 0);

	KASSERT_EQ(t, bc.error, 0);
	KEXPECT_TRUE(t, cpumask_equal(&bc.child_mask, cpu_possible_mask));
	KEXPECT_EQ(t, bc.child_nr_cpus_allowed, num_possible_cpus());
	KEXPECT_EQ(t, bc.child_nice, 0);
	KEXPECT_EQ(t, bc.child_signals, 0);
	if (bc.spin) {
		KEXPECT_TRUE(t, bc.child_ran);
		KEXPECT_NE(t, bc.child.cpu, bc.cpu);
		KEXPECT_EQ(t, bc.child_stop_ret, 9);
	}
}

/* --- stop and exit --- */

static void stop_before_wake_returns_eintr_without_running_threadfn(struct ktest *t)
{
	int ran = 0;
	struct task_struct *k = kthread_create(must_not_run_fn, &ran, "ktest-never");

	KASSERT_NOT_ERR(t, k);
	KEXPECT_EQ(t, kthread_stop(k), -EINTR);
	msleep(10);
	KEXPECT_EQ(t, READ_ONCE(ran), 0);
}

static void stop_returns_threadfn_value(struct ktest *t)
{
	static const int values[] = { 0, 1234, -EPIPE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		struct probe p = { .ret = values[i] };
		struct task_struct *k = kthread_run(probe_fn, &p, "ktest-ret%u", i);

		KASSERT_NOT_ERR(t, k);
		KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
		KEXPECT_EQ(t, kthread_stop(k), values[i]);
	}
}

struct counter {
	unsigned long loops;
	bool stop_seen;
};

/* Counts ticks until kthread_should_stop(), then returns how many. */
static int count_until_stopped_fn(void *arg)
{
	struct counter *c = arg;

	while (!kthread_should_stop()) {
		WRITE_ONCE(c->loops, c->loops + 1);
		schedule_timeout_interruptible(1);
	}
	c->stop_seen = true;
	return (int)c->loops;
}

static void should_stop_is_false_until_kthread_stop(struct ktest *t)
{
	struct counter c = { 0 };
	struct task_struct *k = kthread_run(count_until_stopped_fn, &c, "ktest-count");
	int ret;

	KASSERT_NOT_ERR(t, k);
	/* Still looping after several ticks: kthread_should_stop() said false. */
	KEXPECT_TRUE(t, wait_until(READ_ONCE(c.loops) >= 5, 5000));
	KEXPECT_FALSE(t, c.stop_seen);
	ret = kthread_stop(k);
	KEXPECT_TRUE(t, c.stop_seen);
	KEXPECT_EQ(t, ret, (int)c.loops);
	KEXPECT_GE(t, ret, 5);
}

struct stop_probe {
	int ran;
	bool before, after; /* __kthread_should_stop(current) before and after the stop */
};

static int stop_probe_fn(void *arg)
{
	struct stop_probe *s = arg;

	s->before = __kthread_should_stop(current);
	WRITE_ONCE(s->ran, 1);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	s->after = __kthread_should_stop(current);
	return 0;
}

/*
 * The console's ps asks these of every task, including those that
 * kthread_create() did not make and that have no struct kthread.
 */
static void should_park_and_stop_can_be_asked_of_any_task(struct ktest *t)
{
	struct stop_probe s = { 0 };
	struct task_struct *k;

	KEXPECT_FALSE(t, __kthread_should_park(kthreadd_task));
	KEXPECT_FALSE(t, __kthread_should_stop(kthreadd_task));
	KEXPECT_FALSE(t, __kthread_should_stop(current));

	k = kthread_run(stop_probe_fn, &s, "ktest-stopq");
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(s.ran), 2000));
	KEXPECT_EQ(t, kthread_stop(k), 0);
	KEXPECT_FALSE(t, s.before);
	KEXPECT_TRUE(t, s.after);
}

struct exiter {
	struct completion done; /* for kthread_complete_and_exit() */
	int after_exit;		/* set by code after the exit: must stay 0 */
	int code;
};

static int kthread_exit_fn(void *arg)
{
	struct exiter *e = arg;

	kthread_exit(e->code);
	WRITE_ONCE(e->after_exit, 1);
	return 0;
}

static int complete_and_exit_fn(void *arg)
{
	struct exiter *e = arg;

	kthread_complete_and_exit(&e->done, e->code);
	WRITE_ONCE(e->after_exit, 1);
	return 0;
}

/*
 * Linux: "If threadfn() may call kthread_exit() itself, the caller must
 * ensure task_struct can't go away": hence the reference.
 */
static void kthread_exit_passes_its_value_to_stop(struct ktest *t)
{
	struct exiter e = { .code = 17 };
	struct task_struct *k = kthread_create(kthread_exit_fn, &e, "ktest-exit");

	KASSERT_NOT_ERR(t, k);
	get_task_struct(k);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_until(completion_done(k->vfork_done), 2000));
	KEXPECT_TRUE(t, READ_ONCE(k->flags) & PF_EXITING);
	KEXPECT_EQ(t, kthread_stop(k), 17);
	KEXPECT_EQ(t, e.after_exit, 0);
	put_task_struct(k);
}

static void complete_and_exit_completes_then_exits_with_code(struct ktest *t)
{
	struct exiter e = { .code = -EIO };
	struct task_struct *k = kthread_create(complete_and_exit_fn, &e, "ktest-cexit");

	KASSERT_NOT_ERR(t, k);
	init_completion(&e.done);
	get_task_struct(k);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_until(completion_done(&e.done), 2000));
	wait_for_completion(&e.done);
	KEXPECT_EQ(t, kthread_stop(k), -EIO);
	KEXPECT_EQ(t, e.after_exit, 0);
	put_task_struct(k);
}

/* --- bind --- */

static void bind_before_wake_binds_to_the_cpu(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct probe p = { .ret = 1 };
	struct task_struct *k = kthread_create(probe_fn, &p, "ktest-bind");

	KASSERT_NOT_ERR(t, k);
	kthread_bind(k, cpu);
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpumask_of(cpu)));
	KEXPECT_EQ(t, k->nr_cpus_allowed, 1);
	KEXPECT_TRUE(t, k->flags & PF_NO_SETAFFINITY);
	/* PF_NO_SETAFFINITY: nobody else may move it. */
	KEXPECT_EQ(t, set_cpus_allowed_ptr(k, cpu_possible_mask), -EINVAL);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_EQ(t, p.cpu, cpu);
	KEXPECT_EQ(t, kthread_stop(k), 1);
}

static void bind_mask_before_wake_binds_to_the_mask(struct ktest *t)
{
	struct cpumask mask;
	struct probe p = { .ret = 2 };
	struct task_struct *k;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs 2 CPUs");
	cpumask_clear(&mask);
	cpumask_set_cpu(0, &mask);
	cpumask_set_cpu(last_online_cpu(), &mask);
	k = kthread_create(probe_fn, &p, "ktest-bindmask");
	KASSERT_NOT_ERR(t, k);
	kthread_bind_mask(k, &mask);
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, &mask));
	KEXPECT_EQ(t, k->nr_cpus_allowed, 2);
	KEXPECT_TRUE(t, k->flags & PF_NO_SETAFFINITY);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_TRUE(t, cpumask_test_cpu(p.cpu, &mask));
	KEXPECT_EQ(t, kthread_stop(k), 2);
}

/* As probe_fn(), but waits for kthread_stop() uninterruptibly. */
static int uninterruptible_probe_fn(void *arg)
{
	struct probe *p = arg;

	WRITE_ONCE(p->ran, 1);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return p->ret;
}

/*
 * Linux: kthread_bind() wants a thread "just returned from kthread_create()";
 * here a WARN otherwise (docs/kthread.md).  The second thread sleeps in the
 * state a new thread waits in (TASK_UNINTERRUPTIBLE), so only knowing that
 * it already ran tells them apart.
 */
static void bind_after_start_warns_and_changes_nothing(struct ktest *t)
{
	int (*const fns[])(void *) = { probe_fn, uninterruptible_probe_fn };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		struct probe p = { .ret = 4 };
		struct task_struct *k = kthread_run(fns[i], &p, "ktest-late%u", i);

		KASSERT_NOT_ERR(t, k);
		KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
		KEXPECT_TRUE(t, test_wait_until_sleeping(k, TASK_NORMAL));
		KEXPECT_WARN(t, kthread_bind(k, 0));
		KEXPECT_WARN(t, kthread_bind_mask(k, cpumask_of(0)));
		KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpu_possible_mask));
		KEXPECT_FALSE(t, k->flags & PF_NO_SETAFFINITY);
		KEXPECT_EQ(t, kthread_stop(k), 4);
	}
}

/* --- park --- */

struct parkable {
	unsigned long progress;	   /* loops of threadfn */
	unsigned long cpus_seen;   /* bit n: threadfn ran on CPU n */
	unsigned long parks;	   /* returns from kthread_parkme() */
	struct completion resumed; /* completed at each return from kthread_parkme() */
	int ret;
};

static void parkable_init(struct parkable *pk, int ret)
{
	memset(pk, 0, sizeof(*pk));
	init_completion(&pk->resumed);
	pk->ret = ret;
}

/*
 * Loops until stopped, parking when asked; sleeps interruptibly now and
 * then, so that wake-ups (stray or not) have something to end.
 */
static int parkable_fn(void *arg)
{
	struct parkable *pk = arg;

	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			kthread_parkme();
			WRITE_ONCE(pk->parks, pk->parks + 1);
			complete(&pk->resumed);
			continue;
		}
		__atomic_or_fetch(&pk->cpus_seen, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
		WRITE_ONCE(pk->progress, pk->progress + 1);
		if (pk->progress % 4 == 0) {
			set_current_state(TASK_INTERRUPTIBLE);
			if (!kthread_should_park() && !kthread_should_stop())
				schedule_timeout(1);
			__set_current_state(TASK_RUNNING);
		} else {
			yield();
		}
	}
	return pk->ret;
}

/* Waits until @pk's threadfn has done more than @progress loops. */
static bool wait_for_progress(struct parkable *pk, unsigned long progress)
{
	return wait_until(READ_ONCE(pk->progress) > progress, 2000);
}

/* Waits until @pk's threadfn has come back from kthread_parkme(). */
static bool wait_for_resume(struct parkable *pk)
{
	return wait_for_completion_timeout(&pk->resumed, msecs_to_jiffies(2000)) != 0;
}

static void park_before_first_wake_parks_without_running_threadfn(struct ktest *t)
{
	struct probe p = { .ret = 8 };
	struct task_struct *k = kthread_create(probe_fn, &p, "ktest-early");

	KASSERT_NOT_ERR(t, k);
	KEXPECT_EQ(t, kthread_park(k), 0);
	KEXPECT_EQ(t, task_state(k), TASK_PARKED);
	KEXPECT_TRUE(t, __kthread_should_park(k));
	msleep(20);
	KEXPECT_EQ(t, READ_ONCE(p.ran), 0);

	kthread_unpark(k);
	KEXPECT_FALSE(t, __kthread_should_park(k));
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_FALSE(t, p.park_at_start);
	KEXPECT_FALSE(t, p.stop_at_start);
	KEXPECT_EQ(t, kthread_stop(k), 8);
}

static void park_stops_progress_and_unpark_resumes_it(struct ktest *t)
{
	struct parkable pk;
	struct task_struct *k;
	unsigned long progress;

	parkable_init(&pk, 21);
	k = kthread_run(parkable_fn, &pk, "ktest-park");
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));
	KEXPECT_EQ(t, kthread_park(k), 0);
	KEXPECT_EQ(t, task_state(k), TASK_PARKED);
	KEXPECT_TRUE(t, __kthread_should_park(k));
	progress = READ_ONCE(pk.progress);
	msleep(30);
	KEXPECT_EQ(t, READ_ONCE(pk.progress), progress);
	/* A plain wake-up does not end a park (TASK_PARKED is not TASK_NORMAL). */
	KEXPECT_FALSE(t, wake_up_process(k));
	msleep(10);
	KEXPECT_EQ(t, READ_ONCE(pk.progress), progress);
	KEXPECT_EQ(t, task_state(k), TASK_PARKED);

	kthread_unpark(k);
	KEXPECT_TRUE(t, wait_for_resume(&pk));
	KEXPECT_TRUE(t, wait_for_progress(&pk, progress));
	KEXPECT_EQ(t, READ_ONCE(pk.parks), 1);
	KEXPECT_EQ(t, kthread_stop(k), 21);
}

static void stop_of_a_parked_thread_unparks_and_stops_it(struct ktest *t)
{
	struct parkable pk;
	struct task_struct *k;

	parkable_init(&pk, 22);
	k = kthread_run(parkable_fn, &pk, "ktest-pstop");
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));
	KEXPECT_EQ(t, kthread_park(k), 0);
	KEXPECT_EQ(t, kthread_stop(k), 22);
}

struct waker {
	struct task_struct *target;
	unsigned long wakes;
	int stop;
	u32 seed;
};

/* Wakes the target over and over, at irregular moments, until told to stop. */
static int waker_fn(void *arg)
{
	struct waker *w = arg;
	u32 x = w->seed | 1;

	while (!READ_ONCE(w->stop)) {
		wake_up_process(w->target);
		w->wakes++;
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		ndelay(x % 2000);
		yield();
	}
	return 0;
}

/*
 * Thousands of park/unpark cycles while another thread (on another CPU when
 * there is one) fires wake_up_process() at the parkee.  A stray wake-up
 * must not end a park: while parked, the thread's progress must not move.
 */
static void park_unpark_cycles_survive_concurrent_wake_ups(struct ktest *t)
{
	const unsigned int cycles = 2000;
	struct parkable pk;
	struct waker w = { .seed = ktest_random(t) };
	unsigned int i, park_errors = 0, moved_while_parked = 0, not_parked = 0, stuck = 0;
	struct test_thread waker;
	struct task_struct *k;

	parkable_init(&pk, 33);
	k = kthread_run(parkable_fn, &pk, "ktest-parkee");
	KASSERT_NOT_ERR(t, k);
	w.target = k;
	if (test_thread_start(&waker, waker_fn, &w, "ktest-waker", (int)last_online_cpu())) {
		kthread_stop(k);
		KASSERT_TRUE(t, false);
	}
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));

	/* Stops at the first broken cycle: each wait could take its full timeout. */
	for (i = 0; i < cycles && !(park_errors | not_parked | moved_while_parked | stuck); i++) {
		unsigned long progress;

		if (kthread_park(k))
			park_errors++;
		progress = READ_ONCE(pk.progress);
		udelay(ktest_random(t) % 20);
		if (task_state(k) != TASK_PARKED)
			not_parked++;
		if (READ_ONCE(pk.progress) != progress)
			moved_while_parked++;
		kthread_unpark(k);
		if (!wait_for_resume(&pk))
			stuck++;
	}

	WRITE_ONCE(w.stop, 1);
	test_thread_join(&waker);
	KEXPECT_EQ(t, i, cycles);
	KEXPECT_EQ(t, park_errors, 0);
	KEXPECT_EQ(t, not_parked, 0);
	KEXPECT_EQ(t, moved_while_parked, 0);
	KEXPECT_EQ(t, stuck, 0);
	KEXPECT_EQ(t, READ_ONCE(pk.parks), cycles);
	KEXPECT_GT(t, w.wakes, 0);
	KEXPECT_EQ(t, kthread_stop(k), 33);
}

static void per_cpu_thread_stays_on_its_cpu_across_park_unpark(struct ktest *t)
{
	unsigned int cpu = last_online_cpu(), i, park_errors = 0, stuck = 0;
	struct parkable pk;
	struct task_struct *k;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs 2 CPUs");
	parkable_init(&pk, 44);
	k = kthread_create_on_cpu(parkable_fn, &pk, cpu, "ktest-pcp/%u");
	KASSERT_NOT_ERR(t, k);
	kthread_set_per_cpu(k, cpu);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));
	for (i = 0; i < 200 && !(park_errors | stuck); i++) {
		if (kthread_park(k))
			park_errors++;
		kthread_unpark(k);
		if (!wait_for_resume(&pk))
			stuck++;
	}
	KEXPECT_EQ(t, park_errors, 0);
	KEXPECT_EQ(t, stuck, 0);
	KEXPECT_EQ(t, READ_ONCE(pk.cpus_seen), 1UL << cpu);
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpumask_of(cpu)));
	KEXPECT_TRUE(t, kthread_is_per_cpu(k));
	KEXPECT_EQ(t, kthread_stop(k), 44);
}

/*
 * When a CPU goes down its per-CPU threads are parked and lose their
 * binding; kthread_unpark() must bind them to their CPU again (Linux's
 * comment in kthread_unpark()).  The loss is simulated here by widening
 * the parked thread's mask, as hotplug would.
 */
static void unpark_rebinds_a_per_cpu_thread_to_its_cpu(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct parkable pk;
	struct task_struct *k;
	unsigned long progress;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs 2 CPUs");
	parkable_init(&pk, 55);
	k = kthread_create_on_cpu(parkable_fn, &pk, cpu, "ktest-rebind/%u");
	KASSERT_NOT_ERR(t, k);
	kthread_set_per_cpu(k, cpu);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));
	KEXPECT_EQ(t, kthread_park(k), 0);
	do_set_cpus_allowed(k, cpu_possible_mask); /* the binding is lost */
	WRITE_ONCE(pk.cpus_seen, 0);
	progress = READ_ONCE(pk.progress);
	kthread_unpark(k);
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpumask_of(cpu)));
	KEXPECT_EQ(t, k->nr_cpus_allowed, 1);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(pk.progress) >= progress + 20, 2000));
	KEXPECT_EQ(t, READ_ONCE(pk.cpus_seen), 1UL << cpu);
	KEXPECT_EQ(t, kthread_stop(k), 55);
}

/*
 * The per-CPU decision (docs/kthread.md, "Per-CPU threads"), with real CPU
 * hotplug: a thread made for @cpu while @cpu is down, as smpboot makes the
 * threads of a CPU before it comes up, is parked; kthread_park() wakes it,
 * it can only run on another CPU, and the scheduler widens its mask
 * (select_fallback_rq()).  Then @cpu comes up and the thread is unparked.
 * Return: the thread, running again (its progress moved), or an ERR_PTR.
 */
static struct task_struct *park_while_cpu_down_then_unpark(struct ktest *t, unsigned int cpu,
							   bool per_cpu, struct parkable *pk)
{
	struct task_struct *k;
	unsigned long progress;

	if (cpu_down(cpu))
		return ERR_PTR(-EBUSY);
	k = kthread_create_on_cpu(parkable_fn, pk, cpu, "ktest-hp/%u");
	if (!IS_ERR(k)) {
		if (per_cpu)
			kthread_set_per_cpu(k, cpu);
		KEXPECT_EQ(t, kthread_park(k), 0);
		/* The binding is lost: it parked elsewhere, on a widened mask. */
		KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpu_possible_mask));
	}
	KEXPECT_EQ(t, cpu_up(cpu), 0);
	if (IS_ERR(k))
		return k;
	progress = READ_ONCE(pk->progress);
	kthread_unpark(k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(pk->progress) >= progress + 20, 5000));
	return k;
}

/*
 * Here, as upstream since 5.11: kthread_create_on_cpu() alone does not make
 * a per-CPU thread, so unpark leaves the widened mask.  (The seed's
 * kthread_create_on_cpu() set KTHREAD_IS_PER_CPU, and its unpark bound
 * the thread to @cpu again.)
 */
static void unpark_after_hotplug_leaves_a_create_on_cpu_thread_unbound(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct parkable pk;
	struct task_struct *k;

	if (cpu == 0)
		ktest_skip(t, "needs 2 CPUs");
	parkable_init(&pk, 66);
	k = park_while_cpu_down_then_unpark(t, cpu, false, &pk);
	KASSERT_NOT_ERR(t, k);
	KEXPECT_FALSE(t, kthread_is_per_cpu(k));
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpu_possible_mask));
	KEXPECT_EQ(t, kthread_stop(k), 66);
}

/* With kthread_set_per_cpu(), unpark binds the thread to @cpu again. */
static void unpark_after_hotplug_rebinds_a_per_cpu_thread(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct parkable pk;
	struct task_struct *k;
	unsigned long progress;

	if (cpu == 0)
		ktest_skip(t, "needs 2 CPUs");
	parkable_init(&pk, 77);
	k = park_while_cpu_down_then_unpark(t, cpu, true, &pk);
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, kthread_is_per_cpu(k));
	KEXPECT_TRUE(t, cpumask_equal(&k->cpus_mask, cpumask_of(cpu)));
	/* From now on it runs on @cpu only. */
	WRITE_ONCE(pk.cpus_seen, 0);
	progress = READ_ONCE(pk.progress);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(pk.progress) >= progress + 20, 5000));
	KEXPECT_EQ(t, READ_ONCE(pk.cpus_seen), 1UL << cpu);
	KEXPECT_EQ(t, kthread_stop(k), 77);
}

/*
 * A second kthread_park() before kthread_unpark() is refused with -EBUSY,
 * and WARNs (in the seed too; a WARN_ON_ONCE, so only the first time in a
 * boot: the console's `test` may run this case again).  The thread stays
 * parked, and one unpark ends the park.
 */
static void second_park_warns_and_returns_ebusy(struct ktest *t)
{
	static bool warned_this_boot;
	struct parkable pk;
	struct task_struct *k;
	int ret = 0;

	parkable_init(&pk, 88);
	k = kthread_run(parkable_fn, &pk, "ktest-park2");
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_for_progress(&pk, 0));
	KEXPECT_EQ(t, kthread_park(k), 0);
	if (!warned_this_boot)
		KEXPECT_WARN(t, ret = kthread_park(k));
	else
		ret = kthread_park(k);
	warned_this_boot = true;
	KEXPECT_EQ(t, ret, -EBUSY);
	KEXPECT_EQ(t, task_state(k), TASK_PARKED);
	kthread_unpark(k);
	KEXPECT_TRUE(t, wait_for_resume(&pk));
	KEXPECT_EQ(t, kthread_stop(k), 88);
}

static int return_at_once_fn(void *arg)
{
	return 0;
}

static void park_of_an_exiting_thread_warns_and_returns_enosys(struct ktest *t)
{
	struct task_struct *k = kthread_create(return_at_once_fn, NULL, "ktest-gone");
	int ret = 0;

	KASSERT_NOT_ERR(t, k);
	get_task_struct(k);
	wake_up_process(k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(k->flags) & PF_EXITING, 2000));
	KEXPECT_WARN(t, ret = kthread_park(k));
	KEXPECT_EQ(t, ret, -ENOSYS);
	KEXPECT_EQ(t, kthread_stop(k), 0);
	put_task_struct(k);
}

/* --- data --- */

static void data_and_func_return_what_creation_was_given(struct ktest *t)
{
	struct probe p = { .ret = 6 };
	struct task_struct *k = kthread_create(probe_fn, &p, "ktest-data");

	KASSERT_NOT_ERR(t, k);
	KEXPECT_EQ(t, kthread_data(k), &p);
	KEXPECT_EQ(t, kthread_probe_data(k), &p);
	KEXPECT_EQ(t, kthread_func(k), (void *)probe_fn);
	/* init was not made by kthread_create(): no struct kthread. */
	KEXPECT_NULL(t, kthread_func(current));
	KEXPECT_NULL(t, kthread_probe_data(current));
	KEXPECT_EQ(t, kthread_stop(k), -EINTR);
}

/* Linux: "If @task isn't a kthread task or its data is inaccessible ... %NULL". */
static void probe_data_of_a_bogus_task_returns_null(struct ktest *t)
{
	struct task_struct *fake = kmalloc(sizeof(*fake), GFP_KERNEL);

	KASSERT_NOT_NULL(t, fake);
	memset(fake, 0xa5, sizeof(*fake));
	fake->kthread = (struct kthread *)TRAP_TEST_UNMAPPED_ADDR;
	KEXPECT_NULL(t, kthread_probe_data(fake));
	fake->kthread = (struct kthread *)TRAP_TEST_NONCANONICAL_ADDR;
	KEXPECT_NULL(t, kthread_probe_data(fake));
	fake->kthread = NULL;
	KEXPECT_NULL(t, kthread_probe_data(fake));
	kfree(fake);
}

/* --- creation that fails --- */

struct killable_creator {
	struct task_struct *result;
	int threadfn_ran;
};

static int killable_creator_fn(void *arg)
{
	struct killable_creator *kc = arg;

	allow_signal(SIGKILL);
	kc->result = kthread_create(must_not_run_fn, &kc->threadfn_ran, "ktest-orphan");
	return 0;
}

/*
 * Issue 6: a creator killed before kthreadd answers gets ERR_PTR(-EINTR);
 * the orphaned request is freed by whichever side finishes last, exactly
 * once (a second kfree() would WARN and fail the case).  kthreadd is held
 * (kthreadd_hold_for_test) with the request in hand while the creator dies.
 */
static void creation_killed_midway_returns_eintr_and_leaks_nothing(struct ktest *t)
{
	struct killable_creator kc = { .result = NULL };
	struct mem_snapshot before;
	struct test_thread creator;
	struct probe p = { .ret = 1 };
	struct task_struct *k;

	take_snapshot(&before, warm_up());
	WRITE_ONCE(kthreadd_hold_for_test, true);
	if (test_thread_start(&creator, killable_creator_fn, &kc, "ktest-creator", -1)) {
		WRITE_ONCE(kthreadd_hold_for_test, false);
		KASSERT_TRUE(t, false);
	}
	/* In wait_for_completion_killable(), kthreadd holding the request. */
	KEXPECT_TRUE(t, test_wait_until_sleeping(creator.task, TASK_KILLABLE));
	KEXPECT_EQ(t, send_sig(SIGKILL, creator.task, 1), 0);
	test_thread_join(&creator);
	KEXPECT_EQ(t, kc.result, ERR_PTR(-EINTR));

	WRITE_ONCE(kthreadd_hold_for_test, false);
	/* kthreadd serves requests in order: once this one is answered, the orphan was. */
	k = kthread_run(probe_fn, &p, "ktest-after");
	KASSERT_NOT_ERR(t, k);
	KEXPECT_TRUE(t, wait_until(READ_ONCE(p.ran), 2000));
	KEXPECT_EQ(t, kthread_stop(k), 1);

	expect_no_leak(t, &before, 4);
	KEXPECT_EQ(t, READ_ONCE(kc.threadfn_ran), 0);
}

/* The first of @names that kallsyms knows (a static function may be inlined). */
static const char *known_symbol(const char *const *names, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (kallsyms_lookup_name(names[i]))
			return names[i];
	}
	return NULL;
}

/*
 * Fails the one allocation made by the first known function of @callers
 * through @attr, and checks that kthread_create() returns -ENOMEM with
 * every count back where it was.
 */
static void expect_enomem_and_no_leak(struct ktest *t, struct fault_attr *attr,
				      const char *const *callers, unsigned int n)
{
	const char *caller = known_symbol(callers, n);
	struct mem_snapshot before;
	struct task_struct *k;
	char spec[96];
	int ran = 0;

	KASSERT_NOT_NULL(t, caller);
	take_snapshot(&before, warm_up()); /* drains the stack cache: stacks need pages */
	snprintf(spec, sizeof(spec), "every:1,times:1,caller:%s", caller);
	KASSERT_EQ(t, fault_attr_configure(attr, spec), 0);
	k = kthread_create(must_not_run_fn, &ran, "ktest-nomem");
	fault_attr_disable(attr);

	KEXPECT_EQ(t, fault_attr_injected(attr), 1);
	if (!IS_ERR(k))
		kthread_stop(k);
	KEXPECT_EQ(t, k, ERR_PTR(-ENOMEM));
	expect_no_leak(t, &before, 4);
	KEXPECT_EQ(t, ran, 0);
}

static void enomem_when_the_request_cannot_be_allocated(struct ktest *t)
{
	static const char *const callers[] = { "__kthread_create_on_node",
					       "kthread_create_on_node" };

	expect_enomem_and_no_leak(t, &failslab, callers, ARRAY_SIZE(callers));
}

static void enomem_when_the_task_struct_cannot_be_allocated(struct ktest *t)
{
	static const char *const callers[] = { "alloc_task", "create_kernel_thread" };

	expect_enomem_and_no_leak(t, &failslab, callers, ARRAY_SIZE(callers));
}

static void enomem_when_the_stack_cannot_be_allocated(struct ktest *t)
{
	static const char *const callers[] = { "map_stack_pages", "alloc_thread_stack" };

	expect_enomem_and_no_leak(t, &fail_page_alloc, callers, ARRAY_SIZE(callers));
}

static void enomem_when_struct_kthread_cannot_be_allocated(struct ktest *t)
{
	static const char *const callers[] = { "kthread" };

	expect_enomem_and_no_leak(t, &failslab, callers, ARRAY_SIZE(callers));
}

/* --- stress --- */

#define STRESS_CYCLES 5000

struct stress_creator {
	struct test_gate *gate;
	struct completion child_running; /* the current child's threadfn runs */
	unsigned int cpu;
	unsigned int cycles;
	unsigned int done;    /* cycles completed */
	unsigned int wrong;   /* cycles whose create or stop went wrong */
	long first_wrong;     /* what the first wrong one returned */
	unsigned long cookie; /* what the current child returns */
	int finished;
};

/* Says it runs, then waits for kthread_stop() and returns its creator's cookie. */
static int stress_child_fn(void *arg)
{
	struct stress_creator *sc = arg;

	complete(&sc->child_running);
	sleep_until_stopped();
	return (int)sc->cookie;
}

/*
 * Every fourth thread is stopped before its wake-up (-EINTR); the others
 * are stopped once their threadfn runs, and return the cookie.  A woken
 * thread stopped before it got to threadfn would return -EINTR too, as in
 * Linux, hence the wait.
 */
static int stress_creator_fn(void *arg)
{
	struct stress_creator *sc = arg;
	unsigned int i;

	test_gate_wait(sc->gate);
	for (i = 0; i < sc->cycles; i++) {
		bool wake = i % 4 != 3;
		struct task_struct *k;
		int ret;

		sc->cookie = (sc->cpu << 16) | (i & 0xffff);
		k = kthread_create(stress_child_fn, sc, "ktest-s%u/%u", sc->cpu, i);
		if (IS_ERR(k)) {
			if (!sc->wrong++)
				sc->first_wrong = PTR_ERR(k);
			continue;
		}
		if (wake) {
			wake_up_process(k);
			wait_for_completion(&sc->child_running);
		}
		ret = kthread_stop(k);
		if (ret != (wake ? (int)sc->cookie : -EINTR) && !sc->wrong++)
			sc->first_wrong = ret;
		WRITE_ONCE(sc->done, sc->done + 1);
	}
	WRITE_ONCE(sc->finished, 1);
	sleep_until_stopped();
	return 0;
}

static bool all_finished(struct stress_creator *sc, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!READ_ONCE(sc[i].finished))
			return false;
	}
	return true;
}

/* Issue 6: 5,000 create/stop cycles from several creators on several CPUs at once. */
static void create_stop_stress_from_every_cpu_leaks_nothing(struct ktest *t)
{
	struct stress_creator sc[NR_CPUS];
	struct task_struct *creators[NR_CPUS];
	unsigned int cpu, n = 0, i, total = 0;
	struct mem_snapshot before;
	struct test_gate gate;

	take_snapshot(&before, warm_up());
	test_gate_init(&gate);
	memset(sc, 0, sizeof(sc));
	for_each_online_cpu(cpu) {
		sc[n] = (struct stress_creator){ .gate = &gate, .cpu = cpu };
		init_completion(&sc[n].child_running);
		sc[n].cycles =
			STRESS_CYCLES / num_online_cpus() + (n < STRESS_CYCLES % num_online_cpus());
		creators[n] = kthread_run_on_cpu(stress_creator_fn, &sc[n], cpu, "ktest-stress/%u");
		if (IS_ERR(creators[n]))
			break;
		n++;
	}
	if (n < num_online_cpus()) {
		test_gate_open(&gate);
		for (i = 0; i < n; i++)
			kthread_stop(creators[i]);
		KASSERT_EQ(t, n, num_online_cpus());
	}
	test_gate_open(&gate);
	KEXPECT_TRUE(t, wait_until(all_finished(sc, n), 100000));
	for (i = 0; i < n; i++) {
		KEXPECT_EQ(t, kthread_stop(creators[i]), 0);
		KEXPECT_EQ(t, sc[i].done, sc[i].cycles);
		KEXPECT_EQ(t, sc[i].wrong, 0);
		KEXPECT_EQ(t, sc[i].first_wrong, 0);
		total += sc[i].done;
	}
	KEXPECT_EQ(t, total, STRESS_CYCLES);
	expect_no_leak(t, &before, 8);
}

static struct ktest_case kthread_cases[] = {
	KTEST_CASE(kthreadd_is_pid_2_named_kthreadd),
	KTEST_CASE(kthreadd_has_a_clean_context),
	KTEST_CASE(created_thread_does_not_run_before_wake_up),
	KTEST_CASE(name_is_formatted_and_comm_truncated_to_15_chars),
	KTEST_CASE(kthread_run_creates_and_wakes),
	KTEST_CASE(create_on_cpu_binds_and_names_with_the_cpu),
	KTEST_CASE(run_on_cpu_runs_bound_to_the_cpu),
	KTEST_CASE(set_per_cpu_marks_and_unmarks_a_thread),
	KTEST_CASE(child_of_a_bound_creator_may_run_on_any_cpu),
	KTEST_CASE(stop_before_wake_returns_eintr_without_running_threadfn),
	KTEST_CASE(stop_returns_threadfn_value),
	KTEST_CASE(should_stop_is_false_until_kthread_stop),
	KTEST_CASE(should_park_and_stop_can_be_asked_of_any_task),
	KTEST_CASE(kthread_exit_passes_its_value_to_stop),
	KTEST_CASE(complete_and_exit_completes_then_exits_with_code),
	KTEST_CASE(bind_before_wake_binds_to_the_cpu),
	KTEST_CASE(bind_mask_before_wake_binds_to_the_mask),
	KTEST_CASE(bind_after_start_warns_and_changes_nothing),
	KTEST_CASE(park_before_first_wake_parks_without_running_threadfn),
	KTEST_CASE(park_stops_progress_and_unpark_resumes_it),
	KTEST_CASE(stop_of_a_parked_thread_unparks_and_stops_it),
	KTEST_CASE(park_unpark_cycles_survive_concurrent_wake_ups),
	KTEST_CASE(per_cpu_thread_stays_on_its_cpu_across_park_unpark),
	KTEST_CASE(unpark_rebinds_a_per_cpu_thread_to_its_cpu),
	KTEST_CASE(unpark_after_hotplug_leaves_a_create_on_cpu_thread_unbound),
	KTEST_CASE(unpark_after_hotplug_rebinds_a_per_cpu_thread),
	KTEST_CASE(second_park_warns_and_returns_ebusy),
	KTEST_CASE(park_of_an_exiting_thread_warns_and_returns_enosys),
	KTEST_CASE(data_and_func_return_what_creation_was_given),
	KTEST_CASE(probe_data_of_a_bogus_task_returns_null),
	KTEST_CASE(creation_killed_midway_returns_eintr_and_leaks_nothing),
	KTEST_CASE(enomem_when_the_request_cannot_be_allocated),
	KTEST_CASE(enomem_when_the_task_struct_cannot_be_allocated),
	KTEST_CASE(enomem_when_the_stack_cannot_be_allocated),
	KTEST_CASE(enomem_when_struct_kthread_cannot_be_allocated),
	KTEST_CASE(create_stop_stress_from_every_cpu_leaks_nothing),
	{}
};

static struct ktest_suite kthread_suite = {
	.name = "kthread",
	.cases = kthread_cases,
	.init = kthread_suite_init,
	.exit = kthread_suite_exit,
};
ktest_register_suite(kthread_suite);
