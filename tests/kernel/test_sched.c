// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler: threads run and exit without leaks, wake-ups are never
 * lost, busy threads are preempted and share a CPU fairly, CPU masks are
 * honoured, unbound threads spread out, sleeps last as long as asked.
 * Run by the runner on 1, 2 and 4 CPUs.
 */
#include <kernel/chaos.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/mm.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/bitops.h>
#include <lib/err.h>
#include <lib/errno.h>

/* Waits (sleeping) until *@flag is non-zero; the setter wakes @waiter. */
static void wait_for_flag(int *flag)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(*flag))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static void set_flag_and_wake(int *flag, struct task_struct *waiter)
{
	WRITE_ONCE(*flag, 1);
	wake_up_process(waiter);
}

/* Creates a thread for @fn(@arg), bound to @cpu unless @cpu is -1, and starts it. */
static struct task_struct *spawn(int (*fn)(void *), void *arg, const char *name, int cpu)
{
	struct task_struct *p = create_kernel_thread(fn, arg, name, 0);

	if (IS_ERR(p))
		return p;
	if (cpu >= 0)
		do_set_cpus_allowed(p, cpumask_of(cpu));
	wake_up_new_task(p);
	return p;
}

/* The last CPU, which is CPU 0 (where the tests run) on one CPU. */
static unsigned int other_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

struct simple {
	struct task_struct *parent;
	int done;
	int value;
	unsigned int cpu;
	const char *comm;
};

static int simple_fn(void *arg)
{
	struct simple *s = arg;

	s->cpu = smp_processor_id();
	s->comm = current->comm;
	s->value = 42;
	set_flag_and_wake(&s->done, s->parent);
	return 7;
}

static void thread_runs_its_function_where_bound(struct ktest *t)
{
	struct simple s = { .parent = current };
	unsigned int cpu = other_cpu();
	struct task_struct *p = spawn(simple_fn, &s, "ktest-simple", cpu);

	KASSERT_NOT_ERR(t, p);
	KEXPECT_STREQ(t, p->comm, "ktest-simple");
	KEXPECT_GT(t, p->pid, 1);
	wait_for_flag(&s.done);
	KEXPECT_EQ(t, s.value, 42);
	KEXPECT_EQ(t, s.cpu, cpu);
	while (!(READ_ONCE(p->flags) & PF_EXITING) || READ_ONCE(p->on_cpu))
		msleep(1);
	KEXPECT_EQ(t, p->exit_code, 7);
	put_task_struct(p);
}

static int exit_at_once(void *arg)
{
	return 0;
}

/* Waits until every thread that exited has been switched away from for good. */
static void wait_for_reaping(unsigned long tasks)
{
	int i;

	for (i = 0; i < 1000 && nr_tasks() > tasks; i++)
		msleep(1);
}

static void short_lived_threads_do_not_leak(struct ktest *t)
{
	unsigned long tasks = nr_tasks(), stacks = nr_thread_stacks(), free_pages;
	int i, rounds = 10000;

	/* Warm the caches (task slabs, stack page tables) before measuring. */
	kernel_thread(exit_at_once, NULL, "ktest-warm", 0);
	wait_for_reaping(tasks);
	drain_thread_stack_cache();
	free_pages = nr_free_pages();

	for (i = 0; i < rounds; i++) {
		int pid = kernel_thread(exit_at_once, NULL, "ktest-short", 0);

		KASSERT_GT(t, pid, 0);
		if (i % 64 == 63)
			wait_for_reaping(tasks);	/* keep the number alive bounded */
	}
	wait_for_reaping(tasks);
	KEXPECT_EQ(t, nr_tasks(), tasks);
	KEXPECT_EQ(t, nr_thread_stacks(), stacks);
	drain_thread_stack_cache();
	/* Slabs may keep one free page per cache; allow a few. */
	KEXPECT_LE(t, free_pages - nr_free_pages(), 4);
}

struct pingpong {
	struct task_struct *waiter;
	int token;		/* 1: the waiter may go on */
	int rounds;
	int stop;
};

/* The classic pattern: set the state, check the condition, then sleep. */
static int pingpong_waiter(void *arg)
{
	struct pingpong *pp = arg;
	int i;

	for (i = 0; i < pp->rounds; i++) {
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (__atomic_load_n(&pp->token, __ATOMIC_ACQUIRE))
				break;
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		__atomic_store_n(&pp->token, 0, __ATOMIC_RELEASE);
	}
	WRITE_ONCE(pp->stop, 1);
	return 0;
}

/*
 * After wake_up_process() has returned, the waiter stays runnable (or
 * running) until it has taken the token: the token is set, and only the
 * waiter clears it, before it may sleep again.  So a waiter found asleep,
 * off its run queue, with the token still set before and after that look,
 * lost its wake-up.  This holds however slowly the host runs the vCPUs.
 */
static bool waiter_lost_its_wakeup(struct pingpong *pp)
{
	struct task_struct *p = pp->waiter;
	bool asleep;

	if (!__atomic_load_n(&pp->token, __ATOMIC_ACQUIRE))
		return false;
	asleep = __atomic_load_n(&p->__state, __ATOMIC_ACQUIRE) == TASK_UNINTERRUPTIBLE &&
		 !__atomic_load_n(&p->on_rq, __ATOMIC_ACQUIRE);
	return asleep && __atomic_load_n(&pp->token, __ATOMIC_ACQUIRE);
}

/*
 * A waker on another CPU hands the waiter a token, over and over, at
 * random moments, and checks after each wake-up that the waiter was not
 * left asleep with the token (waiter_lost_its_wakeup()).  The verdict does
 * not depend on time: a quiet host runs the 100,000 rounds in about 25 s
 * of guest time, a loaded one in more, and only a stall of two minutes
 * (no progress at all) ends the test early.
 */
static void no_lost_wakeups_across_cpus(struct ktest *t)
{
	struct pingpong pp = { .rounds = num_online_cpus() > 1 ? 100000 : 20000 };
	struct task_struct *p;
	u64 deadline = get_jiffies_64() + 120 * HZ;
	int given = 0;
	bool lost = false;

	/* Under the chaos points each round is slower and far more hostile. */
	if (chaos_active())
		pp.rounds /= 10;
	p = spawn(pingpong_waiter, &pp, "ktest-waiter", other_cpu());
	KASSERT_NOT_ERR(t, p);
	pp.waiter = p;
	while (given < pp.rounds && !lost && time_before(get_jiffies_64(), deadline)) {
		if (__atomic_load_n(&pp.token, __ATOMIC_ACQUIRE)) {
			if (num_online_cpus() == 1)
				yield();
			else
				lost = waiter_lost_its_wakeup(&pp);
			continue;
		}
		deadline = get_jiffies_64() + 120 * HZ; /* it took the token: progress */
		if (ktest_random(t) % 4 == 0)
			ndelay(ktest_random(t) % 2000);
		__atomic_store_n(&pp.token, 1, __ATOMIC_RELEASE);
		wake_up_process(p);
		given++;
	}
	/* The waiter must take the last token too, however it was woken. */
	while (!lost && !READ_ONCE(pp.stop) && time_before(get_jiffies_64(), deadline)) {
		lost = waiter_lost_its_wakeup(&pp);
		msleep(1);
	}
	KEXPECT_FALSE(t, lost);
	KEXPECT_TRUE(t, READ_ONCE(pp.stop));
	KEXPECT_EQ(t, given, pp.rounds);
	KEXPECT_EQ(t, pp.token, 0);
	put_task_struct(p);
}

struct spinner {
	struct task_struct *parent;
	int stop;
	int done;
	unsigned long progress;
};

static int busy_spinner(void *arg)
{
	struct spinner *s = arg;

	while (!READ_ONCE(s->stop))
		WRITE_ONCE(s->progress, s->progress + 1);	/* never yields */
	set_flag_and_wake(&s->done, s->parent);
	return 0;
}

/* A thread that never yields must not keep another off its CPU. */
static void busy_thread_is_preempted(struct ktest *t)
{
	unsigned int cpu = other_cpu();
	struct spinner hog = { .parent = current }, other = { .parent = current };
	struct task_struct *a, *b;

	a = spawn(busy_spinner, &hog, "ktest-hog", cpu);
	KASSERT_NOT_ERR(t, a);
	b = spawn(busy_spinner, &other, "ktest-other", cpu);
	KASSERT_NOT_ERR(t, b);
	msleep(200);
	KEXPECT_GT(t, READ_ONCE(other.progress), 0);
	KEXPECT_GT(t, READ_ONCE(hog.progress), 0);
	WRITE_ONCE(hog.stop, 1);
	WRITE_ONCE(other.stop, 1);
	wait_for_flag(&hog.done);
	wait_for_flag(&other.done);
	KEXPECT_GT(t, b->nivcsw + a->nivcsw, 0);	/* involuntary switches happened */
	put_task_struct(a);
	put_task_struct(b);
}

/*
 * Two CPU-bound threads on one CPU each get 40% to 60% of it.  The share is
 * measured in loop iterations, the work each really did: run time read from
 * the guest's clock would also count the moments QEMU's host thread was
 * not running at all, charged to whichever thread was current then.
 */
static void two_hogs_share_a_cpu_fairly(struct ktest *t)
{
	unsigned int cpu = other_cpu();
	struct spinner s1 = { .parent = current }, s2 = { .parent = current };
	struct task_struct *a, *b;
	u64 wa, wb;

	if (cpu == 0)
		ktest_skip(t, "needs a second CPU: CPU 0 runs the tests too");
	a = spawn(busy_spinner, &s1, "ktest-fair1", cpu);
	KASSERT_NOT_ERR(t, a);
	b = spawn(busy_spinner, &s2, "ktest-fair2", cpu);
	KASSERT_NOT_ERR(t, b);
	msleep(1000);
	WRITE_ONCE(s1.stop, 1);
	WRITE_ONCE(s2.stop, 1);
	wait_for_flag(&s1.done);
	wait_for_flag(&s2.done);
	wa = s1.progress;
	wb = s2.progress;
	KASSERT_GT(t, wa + wb, 0);
	KEXPECT_GE(t, wa * 100 / (wa + wb), 40);
	KEXPECT_LE(t, wa * 100 / (wa + wb), 60);
	KEXPECT_GT(t, a->sum_exec_runtime, 0);
	put_task_struct(a);
	put_task_struct(b);
}

/* A nicer thread gets less: nice 5 has about a third of nice 0's weight. */
static void nice_level_weighs_the_share(struct ktest *t)
{
	unsigned int cpu = other_cpu();
	struct spinner s1 = { .parent = current }, s2 = { .parent = current };
	struct task_struct *a, *b;

	if (cpu == 0)
		ktest_skip(t, "needs a second CPU: CPU 0 runs the tests too");
	a = create_kernel_thread(busy_spinner, &s1, "ktest-nice0", 0);
	KASSERT_NOT_ERR(t, a);
	b = create_kernel_thread(busy_spinner, &s2, "ktest-nice5", 0);
	KASSERT_NOT_ERR(t, b);
	set_user_nice(b, 5);
	KEXPECT_EQ(t, task_nice(b), 5);
	do_set_cpus_allowed(a, cpumask_of(cpu));
	do_set_cpus_allowed(b, cpumask_of(cpu));
	wake_up_new_task(a);
	wake_up_new_task(b);
	msleep(600);
	WRITE_ONCE(s1.stop, 1);
	WRITE_ONCE(s2.stop, 1);
	wait_for_flag(&s1.done);
	wait_for_flag(&s2.done);
	KEXPECT_GT(t, s1.progress, 2 * s2.progress);
	put_task_struct(a);
	put_task_struct(b);
}

struct cpu_record {
	struct task_struct *parent;
	int done;
	int stop;
	u64 cpus_seen;
};

static int record_cpus(void *arg)
{
	struct cpu_record *r = arg;

	while (!READ_ONCE(r->stop))
		__atomic_fetch_or(&r->cpus_seen, 1ULL << smp_processor_id(), __ATOMIC_RELAXED);
	set_flag_and_wake(&r->done, r->parent);
	return 0;
}

/* As many busy unbound threads as CPUs: together they use every CPU. */
static void unbound_threads_spread_out(struct ktest *t)
{
	static struct cpu_record rec[NR_CPUS];
	static struct task_struct *tasks[NR_CPUS];
	unsigned int i, n = num_online_cpus();
	u64 all = 0;

	if (n == 1)
		ktest_skip(t, "needs a second CPU");
	for (i = 0; i < n; i++) {
		rec[i] = (struct cpu_record){ .parent = current };
		tasks[i] = spawn(record_cpus, &rec[i], "ktest-spread", -1);
		KASSERT_NOT_ERR(t, tasks[i]);
	}
	msleep(300);
	for (i = 0; i < n; i++)
		WRITE_ONCE(rec[i].stop, 1);
	for (i = 0; i < n; i++) {
		wait_for_flag(&rec[i].done);
		all |= rec[i].cpus_seen;
		put_task_struct(tasks[i]);
	}
	KEXPECT_EQ(t, hweight64(all), n);
}

static int sleep_until_flag(void *arg)
{
	struct spinner *s = arg;

	while (!READ_ONCE(s->stop)) {
		WRITE_ONCE(s->progress, smp_processor_id());
		msleep(5);
	}
	set_flag_and_wake(&s->done, s->parent);
	return 0;
}

static void set_cpus_allowed_moves_a_thread(struct ktest *t)
{
	struct spinner s = { .parent = current, .progress = ~0UL };
	unsigned int target = other_cpu();
	struct task_struct *p;

	if (target == 0)
		ktest_skip(t, "needs a second CPU");
	p = spawn(sleep_until_flag, &s, "ktest-mover", 0);
	KASSERT_NOT_ERR(t, p);
	KEXPECT_EQ(t, set_cpus_allowed_ptr(p, cpumask_of(target)), 0);
	msleep(50);
	KEXPECT_EQ(t, READ_ONCE(s.progress), target);
	KEXPECT_EQ(t, READ_ONCE(p->cpu), target);
	WRITE_ONCE(s.stop, 1);
	wait_for_flag(&s.done);
	put_task_struct(p);
}

static void set_cpus_allowed_refuses_bad_requests(struct ktest *t)
{
	struct cpumask none;
	struct task_struct *idle_like;

	cpumask_clear(&none);
	KEXPECT_EQ(t, set_cpus_allowed_ptr(current, &none), -EINVAL);
	idle_like = create_kernel_thread(exit_at_once, NULL, "ktest-noaff", PF_NO_SETAFFINITY);
	KASSERT_NOT_ERR(t, idle_like);
	KEXPECT_EQ(t, set_cpus_allowed_ptr(idle_like, cpumask_of(0)), -EINVAL);
	wake_up_new_task(idle_like);
	put_task_struct(idle_like);
}

static void wake_up_process_reports_whether_it_woke(struct ktest *t)
{
	struct spinner s = { .parent = current };
	struct task_struct *p = spawn(busy_spinner, &s, "ktest-awake", other_cpu());

	KASSERT_NOT_ERR(t, p);
	KEXPECT_FALSE(t, wake_up_process(current));	/* running: nothing to do */
	msleep(20);
	WRITE_ONCE(s.stop, 1);
	wait_for_flag(&s.done);
	put_task_struct(p);
}

static void schedule_timeout_returns_zero_when_time_runs_out(struct ktest *t)
{
	u64 start = get_jiffies_64();
	long left;

	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(5);
	KEXPECT_EQ(t, left, 0);
	KEXPECT_GE(t, get_jiffies_64() - start, 5);
}

static int wake_parent_soon(void *arg)
{
	struct simple *s = arg;

	msleep(10);
	wake_up_process(s->parent);
	return 0;
}

static void schedule_timeout_returns_what_is_left_when_woken(struct ktest *t)
{
	struct simple s = { .parent = current };
	struct task_struct *p;
	long left;

	set_current_state(TASK_UNINTERRUPTIBLE);
	p = spawn(wake_parent_soon, &s, "ktest-waker", other_cpu());
	KASSERT_NOT_ERR(t, p);
	left = schedule_timeout(10 * HZ);
	KEXPECT_GT(t, left, 0);
	KEXPECT_LT(t, left, 10 * HZ);
	put_task_struct(p);
}

static void msleep_sleeps_at_least_that_long(struct ktest *t)
{
	u64 start = ktime_get_ns();
	unsigned long switches = current->nvcsw;

	msleep(30);
	KEXPECT_GE(t, ktime_get_ns() - start, 30 * NSEC_PER_MSEC);
	KEXPECT_GT(t, current->nvcsw, switches);	/* it slept, it did not spin */
}

static int sleep_killably_or_interruptibly(void *arg)
{
	struct simple *s = arg;
	long left;

	allow_signal(SIGKILL);
	set_flag_and_wake(&s->done, s->parent);
	left = schedule_timeout_interruptible(10 * HZ);
	s->value = left > 0 && fatal_signal_pending(current);
	return 0;
}

static void sigkill_ends_an_interruptible_sleep(struct ktest *t)
{
	struct simple s = { .parent = current };
	struct task_struct *p = spawn(sleep_killably_or_interruptibly, &s, "ktest-victim",
				      other_cpu());

	KASSERT_NOT_ERR(t, p);
	wait_for_flag(&s.done);
	msleep(10);	/* let it go to sleep */
	KEXPECT_EQ(t, send_sig(SIGKILL, p, 0), 0);
	while (!(READ_ONCE(p->flags) & PF_EXITING))
		msleep(1);
	KEXPECT_EQ(t, s.value, 1);
	put_task_struct(p);
}

static void ignored_signal_is_not_delivered(struct ktest *t)
{
	struct task_struct *p = create_kernel_thread(exit_at_once, NULL, "ktest-deaf", 0);

	KASSERT_NOT_ERR(t, p);
	KEXPECT_EQ(t, send_sig(SIGKILL, p, 0), 0);
	KEXPECT_FALSE(t, signal_pending(p));
	KEXPECT_EQ(t, send_sig(0, p, 0), -EINVAL);
	wake_up_new_task(p);
	put_task_struct(p);
}

static void might_sleep_in_atomic_context_warns(struct ktest *t)
{
	preempt_disable();
	KEXPECT_WARN(t, might_sleep());
	preempt_enable();
	might_sleep();		/* fine here: no WARN, or the case fails */
}

static void yield_lets_another_thread_run(struct ktest *t)
{
	struct spinner s = { .parent = current };
	struct task_struct *p = spawn(busy_spinner, &s, "ktest-yieldee", smp_processor_id());
	unsigned long seen;
	int i;

	KASSERT_NOT_ERR(t, p);
	for (i = 0; i < 100 && !READ_ONCE(s.progress); i++)
		yield();
	seen = READ_ONCE(s.progress);
	KEXPECT_GT(t, seen, 0);
	WRITE_ONCE(s.stop, 1);
	wait_for_flag(&s.done);
	put_task_struct(p);
}

/*
 * task_sched_runtime() counts the slice being run: with preemption off no
 * switch happens, so sum_exec_runtime stands still, yet the runtime grows.
 */
static void task_sched_runtime_counts_the_slice_being_run(struct ktest *t)
{
	u64 before, after, start, wall;

	preempt_disable();
	start = ktime_get_ns();
	before = task_sched_runtime(current);
	mdelay(5);
	after = task_sched_runtime(current);
	wall = ktime_get_ns() - start;
	preempt_enable();
	KEXPECT_GE(t, after - before, 5 * NSEC_PER_MSEC);
	KEXPECT_LE(t, after - before, wall);
}

static void sched_cpu_stat_sees_the_running_task(struct ktest *t)
{
	struct sched_cpu_stat stat, later;
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	sched_cpu_stat(cpu, &stat);
	KEXPECT_EQ(t, stat.curr_pid, current->pid);
	KEXPECT_STREQ(t, stat.curr_comm, current->comm);
	KEXPECT_GE(t, stat.nr_running, 1);
	KEXPECT_EQ(t, stat.nr_switches, nr_context_switches_cpu(cpu));
	preempt_enable();
	KEXPECT_LE(t, stat.idle_ns, ktime_get_ns());

	/* An idle share only grows: sleep, and let this CPU idle a little. */
	msleep(20);
	sched_cpu_stat(cpu, &later);
	KEXPECT_GE(t, later.idle_ns, stat.idle_ns);
	KEXPECT_GE(t, later.nr_switches, stat.nr_switches);
}

static struct ktest_case sched_cases[] = {
	KTEST_CASE(thread_runs_its_function_where_bound),
	KTEST_CASE(short_lived_threads_do_not_leak),
	KTEST_CASE(no_lost_wakeups_across_cpus),
	KTEST_CASE(busy_thread_is_preempted),
	KTEST_CASE(two_hogs_share_a_cpu_fairly),
	KTEST_CASE(nice_level_weighs_the_share),
	KTEST_CASE(unbound_threads_spread_out),
	KTEST_CASE(set_cpus_allowed_moves_a_thread),
	KTEST_CASE(set_cpus_allowed_refuses_bad_requests),
	KTEST_CASE(wake_up_process_reports_whether_it_woke),
	KTEST_CASE(schedule_timeout_returns_zero_when_time_runs_out),
	KTEST_CASE(schedule_timeout_returns_what_is_left_when_woken),
	KTEST_CASE(msleep_sleeps_at_least_that_long),
	KTEST_CASE(sigkill_ends_an_interruptible_sleep),
	KTEST_CASE(ignored_signal_is_not_delivered),
	KTEST_CASE(might_sleep_in_atomic_context_warns),
	KTEST_CASE(yield_lets_another_thread_run),
	KTEST_CASE(task_sched_runtime_counts_the_slice_being_run),
	KTEST_CASE(sched_cpu_stat_sees_the_running_task),
	{}
};
static struct ktest_suite sched_suite = { .name = "sched", .cases = sched_cases };
ktest_register_suite(sched_suite);
