// SPDX-License-Identifier: GPL-2.0
/*
 * jiffies against the clock (kernel/time/tick.c): every CPU's tick brings
 * them up to the whole tick periods the clock has seen, so that they keep
 * up with ktime_get_ns() on any CPU whichever vCPU the host has stopped,
 * and a sleep measured in them never ends early.
 * Run on 1, 2 and 4 CPUs; the threads are bound one per online CPU.
 */
#include <asm/processor.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/tick.h>

#include "test_threads.h"

#define PACE_NS	      (150 * NSEC_PER_MSEC) /* how long each CPU checks */
#define MSLEEP_MS     30
#define MSLEEP_ROUNDS 4

static u64 period_ns(void)
{
	return NSEC_PER_SEC / HZ;
}

/* One thread per online CPU, each running @fn(@arg); joins them all. */
static void on_every_cpu(struct ktest *t, int (*fn)(void *), void *args, size_t arg_size)
{
	static struct test_thread threads[NR_CPUS];
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu) {
		KASSERT_EQ(t,
			   test_thread_start(&threads[n], fn, (char *)args + cpu * arg_size,
					     "ktest-jiffies", cpu),
			   0);
		n++;
	}
	while (n--)
		test_thread_join(&threads[n]);
}

struct pace {
	unsigned long reads;
	unsigned long late_reads; /* behind the clock when read */
	long most_behind;	  /* most periods behind, when read */
	long behind_after_tick;	  /* most periods behind after this CPU's tick */
};

/* Periods jiffies are behind the clock at @now (see pace_fn()). */
static long periods_behind(u64 now, u64 t0, u64 j0)
{
	return (long)((now - t0) / period_ns()) - (long)(get_jiffies_64() - j0) - 1;
}

/* Waits (bounded) for this CPU's next tick, with interrupts on. */
static void wait_for_own_tick(void)
{
	unsigned long ticks = this_cpu_tick_count();
	u64 deadline = ktime_get_ns() + NSEC_PER_SEC;

	while (this_cpu_tick_count() == ticks && ktime_get_ns() < deadline)
		cpu_relax();
}

/*
 * Reads the clock, then jiffies, again and again, and checks that jiffies
 * have advanced by every whole period the clock has, less one (the read
 * may fall just before a tick).  They may be further behind when read:
 * QEMU delivers the timer interrupts of every vCPU late when the host is
 * busy, and no tick then updates them.  But once this CPU's own tick has
 * run, they must have caught up with the clock of the reading: what a
 * tick that only CPU 0 takes fails to do for as long as the host stops
 * CPU 0's vCPU.
 */
static int pace_fn(void *arg)
{
	struct pace *p = arg;
	u64 j0 = get_jiffies_64(), t0, now;

	/* Start at a tick: t0 is then at most a read late for j0. */
	while (get_jiffies_64() == j0)
		cpu_relax();
	j0 = get_jiffies_64();
	t0 = ktime_get_ns();
	do {
		long behind;

		now = ktime_get_ns();
		behind = periods_behind(now, t0, j0);
		p->reads++;
		if (behind <= 0)
			continue;
		p->late_reads++;
		if (behind > p->most_behind)
			p->most_behind = behind;
		wait_for_own_tick();
		behind = periods_behind(now, t0, j0);
		if (behind > p->behind_after_tick)
			p->behind_after_tick = behind;
	} while (now - t0 < PACE_NS);
	return 0;
}

static void jiffies_catch_up_with_the_clock_at_every_cpus_tick(struct ktest *t)
{
	static struct pace paces[NR_CPUS];
	unsigned long late = 0, reads = 0;
	long most_behind = 0;
	unsigned int cpu;

	memset(paces, 0, sizeof(paces));
	on_every_cpu(t, pace_fn, paces, sizeof(paces[0]));
	for_each_online_cpu(cpu) {
		KEXPECT_GT(t, paces[cpu].reads, 0);
		KEXPECT_LE(t, paces[cpu].behind_after_tick, 0);
		reads += paces[cpu].reads;
		late += paces[cpu].late_reads;
		if (paces[cpu].most_behind > most_behind)
			most_behind = paces[cpu].most_behind;
	}
	printk(KERN_INFO "    # %s: %lu reads, %lu behind the clock before a tick "
			 "(at most %ld periods)\n",
	       t->name, reads, late, most_behind);
}

/*
 * With this CPU's interrupts off, its tick cannot advance jiffies; on
 * several CPUs, another's must.  Event-driven: two new jiffies within a
 * generous bound, which only a host that runs no other vCPU for that long
 * would miss.
 */
static void jiffies_advance_while_this_cpu_has_interrupts_off(struct ktest *t)
{
	u64 start, deadline;
	unsigned long flags;
	bool advanced;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU to tick");
	local_irq_save(flags);
	start = get_jiffies_64();
	deadline = ktime_get_ns() + 2 * NSEC_PER_SEC;
	while (!(advanced = get_jiffies_64() - start >= 2) && ktime_get_ns() < deadline)
		cpu_relax();
	local_irq_restore(flags);
	KEXPECT_TRUE(t, advanced);
}

struct sleeper {
	u64 shortest_ns;
};

static int msleep_fn(void *arg)
{
	struct sleeper *s = arg;
	int i;

	s->shortest_ns = ~0ULL;
	for (i = 0; i < MSLEEP_ROUNDS; i++) {
		u64 start = ktime_get_ns(), slept;

		msleep(MSLEEP_MS);
		slept = ktime_get_ns() - start;
		if (slept < s->shortest_ns)
			s->shortest_ns = slept;
	}
	return 0;
}

/* Linux's promise: msleep() sleeps at least that long (by the clock). */
static void msleep_never_returns_early_on_any_cpu(struct ktest *t)
{
	static struct sleeper sleepers[NR_CPUS];
	unsigned int cpu;

	on_every_cpu(t, msleep_fn, sleepers, sizeof(sleepers[0]));
	for_each_online_cpu(cpu)
		KEXPECT_GE(t, sleepers[cpu].shortest_ns, (u64)MSLEEP_MS * NSEC_PER_MSEC);
}

static struct ktest_case jiffies_cases[] = {
	KTEST_CASE(jiffies_catch_up_with_the_clock_at_every_cpus_tick),
	KTEST_CASE(jiffies_advance_while_this_cpu_has_interrupts_off),
	KTEST_CASE(msleep_never_returns_early_on_any_cpu),
	{}
};

static struct ktest_suite jiffies_suite = {
	.name = "jiffies",
	.cases = jiffies_cases,
};
ktest_register_suite(jiffies_suite);
