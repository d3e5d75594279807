// SPDX-License-Identifier: GPL-2.0
/*
 * Two workloads that stall a kernel whose waits assume every virtual CPU
 * is running (issue 14, docs/reliability.md "More vCPUs than host cores"),
 * written against Linux's API only, as a Linux module would be, so that
 * their times compare with Linux's in the same QEMU:
 *
 *  - the lock convoy: 8 kthreads bound round-robin to the online CPUs,
 *    half taking one spin lock with spin_lock_irqsave(), half with
 *    spin_lock(), each ITERATIONS times: lock, read a shared counter, 16
 *    pauses, write counter + 1, unlock; schedule() every 256 iterations;
 *  - creation churn: CYCLES kthread_create()/kthread_stop() pairs, every
 *    tenth thread never woken.
 *
 * Each checks its result (the counter; what each stop returned) and
 * prints its time, but asserts no upper bound on it: a loaded host may
 * take as long as it likes, and a hang is the hung-task detector's to
 * report.  Suite "overcommit" runs them small, in every make test boot;
 * the manual suite "overcommit_full" runs them at the full size,
 * for the overcommit configurations and make stress
 * (ktest.filter=overcommit_full.*).
 */
#include <kernel/atomic.h>
#include <kernel/completion.h>
#include <kernel/cpumask.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>

#define CONVOY_THREADS	      8
#define CONVOY_PAUSES	      16
#define CONVOY_SCHEDULE_EVERY 256

#define CONVOY_FULL_ITERATIONS	20000
#define CONVOY_SHORT_ITERATIONS 1000
#define CHURN_FULL_CYCLES	500
#define CHURN_SHORT_CYCLES	50

struct convoy;

struct convoy_thread {
	struct convoy *convoy;
	struct task_struct *task;
	unsigned int cpu;
	bool irqsave;	   /* half the threads use spin_lock_irqsave() */
	unsigned int done; /* iterations done; written by this thread only */
	u64 max_wait_ns;   /* its longest wait for the lock */
};

struct convoy {
	spinlock_t lock;
	unsigned long counter; /* under lock, read and written non-atomically */
	unsigned int iterations;
	atomic_t running; /* threads not yet through their iterations */
	struct completion all_done;
	/* The progress of every thread when the first one finished. */
	unsigned int done_at_first_end[CONVOY_THREADS];
	struct convoy_thread th[CONVOY_THREADS];
};

static void convoy_section(struct convoy_thread *ct)
{
	struct convoy *c = ct->convoy;
	unsigned long flags = 0, v;
	u64 start = ktime_get_ns(), waited;
	int i;

	if (ct->irqsave)
		spin_lock_irqsave(&c->lock, flags);
	else
		spin_lock(&c->lock);
	waited = ktime_get_ns() - start;
	v = READ_ONCE(c->counter);
	for (i = 0; i < CONVOY_PAUSES; i++)
		cpu_relax();
	WRITE_ONCE(c->counter, v + 1);
	if (ct->irqsave)
		spin_unlock_irqrestore(&c->lock, flags);
	else
		spin_unlock(&c->lock);
	if (waited > ct->max_wait_ns)
		ct->max_wait_ns = waited;
}

/* The first thread through records where everyone else is. */
static void convoy_snapshot(struct convoy *c)
{
	int i;

	for (i = 0; i < CONVOY_THREADS; i++)
		c->done_at_first_end[i] = READ_ONCE(c->th[i].done);
}

static int convoy_fn(void *arg)
{
	struct convoy_thread *ct = arg;
	struct convoy *c = ct->convoy;
	unsigned int i;
	int left;

	for (i = 1; i <= c->iterations; i++) {
		convoy_section(ct);
		WRITE_ONCE(ct->done, i);
		if (i % CONVOY_SCHEDULE_EVERY == 0)
			schedule();
	}
	left = atomic_dec_return(&c->running);
	if (left == CONVOY_THREADS - 1)
		convoy_snapshot(c);
	if (left == 0)
		complete(&c->all_done);
	/* Wait for kthread_stop(), as a module's thread would. */
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Per-mille shares of the work each CPU had done when the first thread finished. */
static void convoy_report_shares(struct ktest *t, struct convoy *c)
{
	unsigned long per_cpu[NR_CPUS] = { 0 }, total = 0;
	unsigned int cpu, min_share = 1000, max_share = 0;
	int i;

	for (i = 0; i < CONVOY_THREADS; i++) {
		per_cpu[c->th[i].cpu] += c->done_at_first_end[i];
		total += c->done_at_first_end[i];
	}
	for_each_online_cpu(cpu) {
		unsigned int share = total ? per_cpu[cpu] * 1000 / total : 0;

		if (share < min_share)
			min_share = share;
		if (share > max_share)
			max_share = share;
	}
	printk(KERN_INFO "    # %s: CPU shares of the work when the first thread finished: "
			 "%u.%u%% to %u.%u%%\n",
	       t->name, min_share / 10, min_share % 10, max_share / 10, max_share % 10);
}

static void run_convoy(struct ktest *t, unsigned int iterations)
{
	static struct convoy c;
	unsigned int cpu = cpumask_first(cpu_online_mask);
	u64 start, elapsed, max_wait = 0;
	int i;

	memset(&c, 0, sizeof(c));
	spin_lock_init(&c.lock);
	c.iterations = iterations;
	atomic_set(&c.running, CONVOY_THREADS);
	init_completion(&c.all_done);
	for (i = 0; i < CONVOY_THREADS; i++) {
		struct convoy_thread *ct = &c.th[i];

		ct->convoy = &c;
		ct->cpu = cpu;
		ct->irqsave = i % 2;
		ct->task = kthread_create(convoy_fn, ct, "ktest-convoy/%d", i);
		KASSERT_NOT_ERR(t, ct->task);
		kthread_bind(ct->task, cpu);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= NR_CPUS)
			cpu = cpumask_first(cpu_online_mask);
	}

	start = ktime_get_ns();
	for (i = 0; i < CONVOY_THREADS; i++)
		wake_up_process(c.th[i].task);
	wait_for_completion(&c.all_done);
	elapsed = ktime_get_ns() - start;

	for (i = 0; i < CONVOY_THREADS; i++) {
		KEXPECT_EQ(t, kthread_stop(c.th[i].task), 0);
		KEXPECT_EQ(t, c.th[i].done, iterations);
		if (c.th[i].max_wait_ns > max_wait)
			max_wait = c.th[i].max_wait_ns;
	}
	KEXPECT_EQ(t, c.counter, (unsigned long)CONVOY_THREADS * iterations);
	KEXPECT_FALSE(t, spin_is_locked(&c.lock));

	printk(KERN_INFO "    # %s: %d threads x %u iterations on %u CPUs: %llu.%03llu s, "
			 "longest wait for the lock %llu.%03llu ms\n",
	       t->name, CONVOY_THREADS, iterations, num_online_cpus(), elapsed / NSEC_PER_SEC,
	       elapsed % NSEC_PER_SEC / NSEC_PER_MSEC, max_wait / NSEC_PER_MSEC,
	       max_wait % NSEC_PER_MSEC / NSEC_PER_USEC);
	convoy_report_shares(t, &c);
}

struct churn_thread {
	bool ran; /* its function started */
};

static int churn_fn(void *arg)
{
	struct churn_thread *ct = arg;

	WRITE_ONCE(ct->ran, true);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * kthread_stop() returns the thread function's value, 0 here, or -EINTR
 * if the thread was stopped before its function started: always for one
 * never woken, and for a woken one that had not run yet (Linux's kthread()
 * checks KTHREAD_SHOULD_STOP before calling the function).
 */
static void run_churn(struct ktest *t, unsigned int cycles)
{
	unsigned int i, woken = 0, ran = 0;
	u64 start = ktime_get_ns(), elapsed;

	for (i = 0; i < cycles; i++) {
		struct churn_thread ct = { .ran = false };
		bool wake = i % 10 != 9;
		struct task_struct *p;
		int ret;

		p = kthread_create(churn_fn, &ct, "ktest-churn/%u", i);
		KASSERT_NOT_ERR(t, p);
		if (wake) {
			wake_up_process(p);
			woken++;
		}
		ret = kthread_stop(p);
		if (READ_ONCE(ct.ran))
			ran++;
		KEXPECT_EQ(t, ret, READ_ONCE(ct.ran) ? 0 : -EINTR);
		if (!wake)
			KEXPECT_FALSE(t, READ_ONCE(ct.ran));
	}
	elapsed = ktime_get_ns() - start;
	KEXPECT_EQ(t, woken, cycles - cycles / 10);
	printk(KERN_INFO "    # %s: %u create/stop cycles (%u woken, %u ran) on %u CPUs: "
			 "%llu.%03llu s\n",
	       t->name, cycles, woken, ran, num_online_cpus(), elapsed / NSEC_PER_SEC,
	       elapsed % NSEC_PER_SEC / NSEC_PER_MSEC);
}

static void spin_lock_convoy_counts_every_increment(struct ktest *t)
{
	run_convoy(t, CONVOY_SHORT_ITERATIONS);
}

static void kthread_create_stop_cycles_all_finish(struct ktest *t)
{
	run_churn(t, CHURN_SHORT_CYCLES);
}

static struct ktest_case overcommit_cases[] = {
	KTEST_CASE(spin_lock_convoy_counts_every_increment),
	KTEST_CASE(kthread_create_stop_cycles_all_finish),
	{}
};

static struct ktest_suite overcommit_suite = {
	.name = "overcommit",
	.cases = overcommit_cases,
};
ktest_register_suite(overcommit_suite);

static void full_spin_lock_convoy(struct ktest *t)
{
	run_convoy(t, CONVOY_FULL_ITERATIONS);
}

static void full_kthread_create_stop_cycles(struct ktest *t)
{
	run_churn(t, CHURN_FULL_CYCLES);
}

static struct ktest_case overcommit_full_cases[] = {
	KTEST_CASE(full_spin_lock_convoy),
	KTEST_CASE(full_kthread_create_stop_cycles),
	{}
};

/* The full size: for the overcommit configurations and make stress. */
static struct ktest_suite overcommit_full_suite = {
	.name = "overcommit_full",
	.cases = overcommit_full_cases,
	.manual = true,
};
ktest_register_suite(overcommit_full_suite);
