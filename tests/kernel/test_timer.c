// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel timers (kernel/time/timer.c): when callbacks run, in what order,
 * what mod_timer(), del_timer() and del_timer_sync() return and guarantee,
 * on one CPU and racing the expiry on another.
 *
 * The expectations are Linux's timer_list semantics (the kerneldoc of
 * Linux's kernel/time/timer.c), plus the promises of our wheel written at
 * the top of ours: a timer fires on the first run of its base at or after
 * its expiry, in expiry order, in the order added among equal expiries.
 *
 * Every case needs the tick (it skips when jiffies does not move); the
 * cross-CPU cases need a second CPU.  All timers are static and the suite's
 * exit deletes them synchronously, so a case that ends early (a failed
 * KASSERT) leaves nothing queued behind.
 */
#include <asm/processor.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/preempt.h>
#include <kernel/smp.h>
#include <kernel/timer.h>
#include <lib/string.h>

#define NR_TEST_TIMERS	64

struct test_timer {
	struct timer_list timer;
	unsigned int index;
	/* Written by the callback, on whatever CPU runs it. */
	u64 fired_at;		/* jiffies when it last ran */
	unsigned int cpu;	/* where it last ran */
	bool in_softirq;	/* in softirq and not hard interrupt context */
	bool irqs_on;
	bool pending_inside;	/* timer_pending() as seen by the callback */
	int running;		/* 1 from the callback's start until its end */
	int active;		/* callbacks running right now */
	bool overlapped;	/* two ran at once */
	int fired;		/* callbacks finished */
	/* Set by the case before arming. */
	unsigned int spin_ns;	/* how long the callback busy-waits */
	bool handshake;		/* the callback first waits for go */
	int go;			/* set by the case once it saw the callback running */
	unsigned int rearm;	/* how many more times it re-arms itself */
	bool del_sync_self;	/* it calls del_timer_sync() on itself */
};

/*
 * Spins until @cond holds or @ms milliseconds have passed, by the TSC, so
 * that a stopped tick fails the case instead of hanging it.  Interrupts are
 * on meanwhile, so ticks and their timer softirqs keep coming.
 * Value: @cond at the end.
 */
#define spin_until(cond, ms)                                                \
	({                                                                  \
		u64 __end = ktime_get_ns() + (u64)(ms) * NSEC_PER_MSEC;     \
		while (!(cond) && ktime_get_ns() < __end)                   \
			cpu_relax();                                        \
		(cond);                                                     \
	})

/*
 * The longest a callback waits for ->go: far longer than a host stall, so
 * that the handshake holds; the suite's exit releases every callback, so
 * only a bug (a handshaking callback on the CPU that should release it)
 * ever waits this long.
 */
#define HANDSHAKE_MS	1000

static struct test_timer timers[NR_TEST_TIMERS];
/* Indexes of timers in the order their callbacks started. */
static unsigned int fire_order[NR_TEST_TIMERS];
static unsigned int nr_fired;

static void record_fire(struct timer_list *tl)
{
	struct test_timer *tt = from_timer(tt, tl, timer);
	unsigned int n;

	if (__atomic_add_fetch(&tt->active, 1, __ATOMIC_RELAXED) > 1)
		tt->overlapped = true;
	__atomic_store_n(&tt->running, 1, __ATOMIC_RELAXED);
	tt->fired_at = get_jiffies_64();
	tt->cpu = smp_processor_id();
	tt->in_softirq = in_softirq() && !in_hardirq();
	tt->irqs_on = !irqs_disabled();
	tt->pending_inside = timer_pending(tl);
	n = __atomic_fetch_add(&nr_fired, 1, __ATOMIC_RELAXED);
	if (n < NR_TEST_TIMERS)
		fire_order[n] = tt->index;
	if (tt->handshake)
		spin_until(__atomic_load_n(&tt->go, __ATOMIC_ACQUIRE), HANDSHAKE_MS);
	if (tt->spin_ns)
		ndelay(tt->spin_ns);
	if (tt->rearm) {
		tt->rearm--;
		mod_timer(tl, get_jiffies_64() + 1);
	}
	if (tt->del_sync_self)
		del_timer_sync(tl);
	/* Everything above is visible to whoever sees fired or running change. */
	__atomic_fetch_add(&tt->fired, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&tt->running, 0, __ATOMIC_RELEASE);
	__atomic_sub_fetch(&tt->active, 1, __ATOMIC_RELAXED);
}

static int timer_init(struct ktest *t)
{
	unsigned int i;

	memset(timers, 0, sizeof(timers));
	memset(fire_order, 0xff, sizeof(fire_order));
	nr_fired = 0;
	for (i = 0; i < NR_TEST_TIMERS; i++) {
		timer_setup(&timers[i].timer, record_fire, 0);
		timers[i].index = i;
	}
	return 0;
}

/* Lets a handshaking callback go on. */
static void release(unsigned int i)
{
	__atomic_store_n(&timers[i].go, 1, __ATOMIC_RELEASE);
}

static void timer_exit(struct ktest *t)
{
	unsigned int i;

	for (i = 0; i < NR_TEST_TIMERS; i++) {
		WRITE_ONCE(timers[i].rearm, 0);	/* a self-arming one stops */
		release(i);			/* a held one goes on */
	}
	for (i = 0; i < NR_TEST_TIMERS; i++)
		del_timer_sync(&timers[i].timer);
}

static int fired(unsigned int i)
{
	return __atomic_load_n(&timers[i].fired, __ATOMIC_ACQUIRE);
}

static bool is_running(unsigned int i)
{
	return __atomic_load_n(&timers[i].running, __ATOMIC_ACQUIRE);
}

/*
 * How long to wait for what must happen: far beyond the few ticks it takes,
 * because an overloaded host can stall a vCPU for a long time.
 */
#define WAIT_MS		2000

/* Lets @n jiffies pass. */
static void wait_jiffies(struct ktest *t, unsigned long n)
{
	u64 until = get_jiffies_64() + n;

	KASSERT_TRUE(t, spin_until(time_after_eq(get_jiffies_64(), until), WAIT_MS));
}

static void need_tick(struct ktest *t)
{
	u64 start = get_jiffies_64();

	if (irqs_disabled())
		ktest_skip(t, "interrupts are off, so no tick reaches this CPU");
	/*
	 * A working tick answers within one tick (4 ms at HZ=250); the margin
	 * is for a loaded host, which can stall a QEMU vCPU for tens of ms.
	 */
	if (!spin_until(get_jiffies_64() != start, 250))
		ktest_skip(t, "the tick is not running: jiffies stood still for 250 ms");
}

/* Another online CPU than this one; skips on one CPU. */
static unsigned int other_cpu(struct ktest *t)
{
	unsigned int cpu;

	need_tick(t);
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
	for_each_online_cpu(cpu) {
		if (cpu != smp_processor_id())
			return cpu;
	}
	ktest_skip(t, "needs a second CPU");
}

static void arm(unsigned int i, u64 expires)
{
	timers[i].timer.expires = expires;
	add_timer(&timers[i].timer);
}

/*
 * Between freeze_timers() and thaw_timers(), this CPU takes no tick, so
 * nothing queued on its base can run however long the host stalls us: a
 * case can arm timers and check them before any of them fires.  No KASSERT
 * in between: it would leave interrupts off.
 */
static unsigned long freeze_timers(void)
{
	unsigned long flags;

	local_irq_save(flags);
	return flags;
}

static void thaw_timers(unsigned long flags)
{
	local_irq_restore(flags);
}

/* A random permutation of 0..n-1 in @p. */
static void shuffle(struct ktest *t, unsigned int *p, unsigned int n)
{
	unsigned int i, j, tmp;

	for (i = 0; i < n; i++)
		p[i] = i;
	for (i = n - 1; i > 0; i--) {
		j = ktest_random(t) % (i + 1);
		tmp = p[i];
		p[i] = p[j];
		p[j] = tmp;
	}
}

static void callback_runs_once_in_softirq_with_interrupts_on(struct ktest *t)
{
	need_tick(t);
	arm(0, get_jiffies_64() + 1);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_TRUE(t, timers[0].in_softirq);
	KEXPECT_TRUE(t, timers[0].irqs_on);
	/* add_timer() starts it on this CPU. */
	KEXPECT_EQ(t, timers[0].cpu, smp_processor_id());
	wait_jiffies(t, 2);
	KEXPECT_EQ(t, fired(0), 1);
}

static void timers_fire_no_earlier_than_expiry(struct ktest *t)
{
	unsigned int i, n = 8;
	u64 now;

	need_tick(t);
	now = get_jiffies_64();
	for (i = 0; i < n; i++)
		arm(i, now + 1 + i + ktest_random(t) % 3);
	KASSERT_TRUE(t, spin_until(READ_ONCE(nr_fired) == n, WAIT_MS));
	for (i = 0; i < n; i++)
		KEXPECT_GE(t, timers[i].fired_at, timers[i].timer.expires);
}

static void timers_fire_in_expiry_order(struct ktest *t)
{
	unsigned int perm[12], i, n = ARRAY_SIZE(perm);
	unsigned long flags;
	u64 now;

	need_tick(t);
	shuffle(t, perm, n);
	flags = freeze_timers();
	now = get_jiffies_64();
	/* Added in random order, timer i expires i jiffies after timer 0. */
	for (i = 0; i < n; i++)
		arm(perm[i], now + 1 + perm[i]);
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(READ_ONCE(nr_fired) == n, WAIT_MS));
	for (i = 0; i < n; i++)
		KEXPECT_EQ(t, fire_order[i], i);
}

/*
 * A slow callback keeps the softirq from running buckets for ~12 ticks; the
 * next run must then catch up every missed jiffy, still in expiry order.
 */
static void missed_ticks_run_in_expiry_order(struct ktest *t)
{
	unsigned int perm[8], i, n = ARRAY_SIZE(perm);
	unsigned long flags;
	u64 now;

	need_tick(t);
	shuffle(t, perm, n);
	timers[0].spin_ns = 12 * NSEC_PER_SEC / HZ;
	flags = freeze_timers();
	now = get_jiffies_64();
	arm(0, now + 1);
	for (i = 0; i < n; i++)
		arm(1 + perm[i], now + 2 + perm[i]);
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(READ_ONCE(nr_fired) == n + 1, WAIT_MS));
	for (i = 0; i <= n; i++) {
		KEXPECT_EQ(t, fire_order[i], i);
		KEXPECT_GE(t, timers[i].fired_at, timers[i].timer.expires);
	}
}

/* Same expiry: the order of adding, where re-adding counts as adding last. */
static void same_expiry_fires_in_order_added(struct ktest *t)
{
	unsigned int i, n = 16, j = 0;
	unsigned long flags;
	u64 expires;

	need_tick(t);
	flags = freeze_timers();
	expires = get_jiffies_64() + 1;
	for (i = 0; i < n; i++)
		arm(i, expires);
	KEXPECT_EQ(t, del_timer(&timers[3].timer), 1);
	arm(3, expires);
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(READ_ONCE(nr_fired) == n, WAIT_MS));
	for (i = 0; i < n; i++) {
		if (i == 3)
			continue;
		KEXPECT_EQ(t, fire_order[j], i);
		j++;
	}
	KEXPECT_EQ(t, fire_order[n - 1], 3);
}

/* 4096 jiffies later is the same bucket for any wheel size up to 4096. */
static void timer_a_lap_later_in_the_same_bucket_waits(struct ktest *t)
{
	u64 now;

	need_tick(t);
	now = get_jiffies_64();
	arm(0, now + 2);
	arm(1, now + 2 + 4096);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	wait_jiffies(t, 2);
	KEXPECT_EQ(t, fired(1), 0);
	KEXPECT_TRUE(t, timer_pending(&timers[1].timer));
	KEXPECT_EQ(t, del_timer(&timers[1].timer), 1);
}

/* Not in the bucket of its expiry, which would wait a lap of the wheel. */
static void timer_already_expired_fires_at_once(struct ktest *t)
{
	u64 now;

	need_tick(t);
	now = get_jiffies_64();
	arm(0, now - 10);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_LT(t, timers[0].fired_at - now, 64);
}

static void mod_timer_moves_a_pending_timer_earlier(struct ktest *t)
{
	u64 now;

	need_tick(t);
	now = get_jiffies_64();
	arm(0, now + 100 * HZ);
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, now + 2), 1);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_GE(t, timers[0].fired_at, now + 2);
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
}

static void mod_timer_moves_a_pending_timer_later(struct ktest *t)
{
	unsigned long flags;
	u64 now;

	need_tick(t);
	flags = freeze_timers();
	now = get_jiffies_64();
	arm(0, now + 1);
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, now + 100 * HZ), 1);
	thaw_timers(flags);
	KEXPECT_EQ(t, timers[0].timer.expires, now + 100 * HZ);
	wait_jiffies(t, 4);
	KEXPECT_EQ(t, fired(0), 0);
	KEXPECT_TRUE(t, timer_pending(&timers[0].timer));
	/* Same expiry again: still pending, still 1. */
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, now + 100 * HZ), 1);
	KEXPECT_EQ(t, del_timer(&timers[0].timer), 1);
}

static void mod_timer_starts_an_inactive_timer(struct ktest *t)
{
	unsigned long flags;

	need_tick(t);
	flags = freeze_timers();
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, get_jiffies_64() + 1), 0);
	KEXPECT_TRUE(t, timer_pending(&timers[0].timer));
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	/* Fired, so inactive again. */
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, get_jiffies_64() + 1), 0);
	KEXPECT_TRUE(t, spin_until(fired(0) == 2, WAIT_MS));
}

static void del_timer_of_a_pending_timer_returns_1_and_it_never_fires(struct ktest *t)
{
	unsigned long flags;

	need_tick(t);
	flags = freeze_timers();
	arm(0, get_jiffies_64() + 1);
	KEXPECT_EQ(t, del_timer(&timers[0].timer), 1);
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
	thaw_timers(flags);
	wait_jiffies(t, 4);
	KEXPECT_EQ(t, fired(0), 0);
	KEXPECT_EQ(t, del_timer(&timers[0].timer), 0);
}

static void del_timer_of_an_inactive_timer_returns_0(struct ktest *t)
{
	need_tick(t);
	KEXPECT_EQ(t, del_timer(&timers[0].timer), 0);
	KEXPECT_EQ(t, del_timer_sync(&timers[0].timer), 0);
	arm(0, get_jiffies_64() + 1);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_EQ(t, del_timer(&timers[0].timer), 0);
	KEXPECT_EQ(t, del_timer_sync(&timers[0].timer), 0);
}

static void del_timer_sync_of_a_pending_timer_returns_1(struct ktest *t)
{
	unsigned long flags;

	need_tick(t);
	flags = freeze_timers();
	arm(0, get_jiffies_64() + 1);
	KEXPECT_EQ(t, del_timer_sync(&timers[0].timer), 1);
	thaw_timers(flags);
	wait_jiffies(t, 4);
	KEXPECT_EQ(t, fired(0), 0);
}

static void callback_rearming_itself_runs_n_times(struct ktest *t)
{
	need_tick(t);
	timers[0].rearm = 4;
	arm(0, get_jiffies_64() + 1);
	KASSERT_TRUE(t, spin_until(fired(0) == 5, WAIT_MS));
	wait_jiffies(t, 3);
	KEXPECT_EQ(t, fired(0), 5);
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
}

static void timer_pending_until_the_callback_starts(struct ktest *t)
{
	unsigned long flags;

	need_tick(t);
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
	flags = freeze_timers();
	arm(0, get_jiffies_64() + 1);
	KEXPECT_TRUE(t, timer_pending(&timers[0].timer));
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	/* Expired timers are detached before the callback runs. */
	KEXPECT_FALSE(t, timers[0].pending_inside);
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
}

static void add_timer_of_a_pending_timer_warns_and_changes_nothing(struct ktest *t)
{
	unsigned long flags;

	need_tick(t);
	flags = freeze_timers();
	arm(0, get_jiffies_64() + 1);
	KEXPECT_WARN(t, add_timer(&timers[0].timer));
	KEXPECT_TRUE(t, timer_pending(&timers[0].timer));
	thaw_timers(flags);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	wait_jiffies(t, 2);
	KEXPECT_EQ(t, fired(0), 1);
}

/* It would wait for itself for ever; it WARNs and deletes without waiting. */
static void del_timer_sync_from_its_own_callback_warns(struct ktest *t)
{
	need_tick(t);
	timers[0].del_sync_self = true;
	timers[0].rearm = 1;	/* so that there is something to delete */
	KEXPECT_WARN(t, arm(0, get_jiffies_64() + 1);
		     KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS)));
	KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
	wait_jiffies(t, 3);
	KEXPECT_EQ(t, fired(0), 1);
}

static struct timer_list no_function_timer;

static void timer_without_a_function_warns_and_is_not_started(struct ktest *t)
{
	int ret = -1;

	need_tick(t);
	timer_setup(&no_function_timer, NULL, 0);
	KEXPECT_WARN(t, ret = mod_timer(&no_function_timer, get_jiffies_64() + 1));
	KEXPECT_EQ(t, ret, 0);
	KEXPECT_FALSE(t, timer_pending(&no_function_timer));
	no_function_timer.expires = get_jiffies_64() + 1;
	KEXPECT_WARN(t, add_timer(&no_function_timer));
	KEXPECT_FALSE(t, timer_pending(&no_function_timer));
}

/*
 * Counts the jiffies in @window_ns of TSC time, polling the TSC.  Return:
 * false if the poll ever went more than a tick without running (the host
 * or another task took the vCPU away), so a tick may be pending late.
 */
static bool count_jiffies(u64 window_ns, u64 *ticks)
{
	u64 start_ns, last_ns, now_ns, start, period_ns = NSEC_PER_SEC / HZ;
	bool undisturbed = true;

	start = get_jiffies_64();
	start_ns = last_ns = ktime_get_ns();
	do {
		now_ns = ktime_get_ns();
		if (now_ns - last_ns > period_ns)
			undisturbed = false;
		last_ns = now_ns;
	} while (now_ns - start_ns < window_ns);
	*ticks = get_jiffies_64() - start;
	return undisturbed;
}

/*
 * The tick against the TSC over 200 ms: expect HZ / 5 jiffies within 50%
 * either way.  jiffies follow the clock, so ticks the host delivers in a
 * burst, or late, do not change the count; what can is a tick still
 * pending at either end of the window when the host starves QEMU's timer
 * for long.  So each try starts after two ticks' worth of undisturbed
 * polling if it can get them, and the first of five tries within
 * tolerance passes: a wrong rate fails all five.
 */
static void jiffies_advance_at_hz(struct ktest *t)
{
	u64 ticks = 0, expected = HZ / 5;
	unsigned int attempt, lead_in;

	need_tick(t);
	for (attempt = 0; attempt < 5; attempt++) {
		/* At most 25 tries, ~200 ms: then measure anyway. */
		for (lead_in = 0; lead_in < 25; lead_in++) {
			if (count_jiffies(2 * NSEC_PER_SEC / HZ, &ticks))
				break;
		}
		count_jiffies(200 * NSEC_PER_MSEC, &ticks);
		if (ticks >= expected / 2 && ticks <= expected * 3 / 2)
			break;
	}
	KEXPECT_GE(t, ticks, expected / 2);
	KEXPECT_LE(t, ticks, expected * 3 / 2);
}

/*
 * Interrupts off for five tick periods: the local APIC keeps one timer
 * interrupt pending, not five, so the tick that comes after must read the
 * clock and catch jiffies up (tick_do_update_jiffies64()).  On one CPU no
 * other tick can do it meanwhile; with more, the others may (suite
 * jiffies checks that they do).
 */
static void jiffies_catch_up_after_missed_ticks(struct ktest *t)
{
	u64 start, period_ns = NSEC_PER_SEC / HZ;
	unsigned long flags;

	need_tick(t);
	local_irq_save(flags);
	start = get_jiffies_64();
	ndelay(5 * period_ns);
	if (num_online_cpus() == 1)
		KEXPECT_EQ(t, get_jiffies_64(), start);
	local_irq_restore(flags);
	KASSERT_TRUE(t, spin_until(get_jiffies_64() != start, 250));
	KEXPECT_GE(t, get_jiffies_64() - start, 5);
}

/* Cross-CPU cases. */

static void add_timer_on_runs_the_callback_on_that_cpu(struct ktest *t)
{
	unsigned int cpu;

	other_cpu(t);
	for_each_online_cpu(cpu) {
		if (cpu >= NR_TEST_TIMERS)
			break;
		timers[cpu].timer.expires = get_jiffies_64() + 1;
		add_timer_on(&timers[cpu].timer, cpu);
	}
	for_each_online_cpu(cpu) {
		if (cpu >= NR_TEST_TIMERS)
			break;
		KASSERT_TRUE(t, spin_until(fired(cpu), WAIT_MS));
		KEXPECT_EQ(t, timers[cpu].cpu, cpu);
		KEXPECT_TRUE(t, timers[cpu].in_softirq);
		KEXPECT_TRUE(t, timers[cpu].irqs_on);
	}
}

static void add_timer_in_hard_irq(void *arg)
{
	arm(0, get_jiffies_64() + 1);
}

/* add_timer() from the call-function IPI: hard interrupt context, there. */
static void add_timer_from_another_cpu_runs_there(struct ktest *t)
{
	unsigned int cpu = other_cpu(t);

	KASSERT_EQ(t, smp_call_function_single(cpu, add_timer_in_hard_irq, NULL, true), 0);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_EQ(t, timers[0].cpu, cpu);
}

/* Pending timers are not moved by mod_timer() (kernel/time/timer.c). */
static void mod_timer_keeps_a_pending_timer_on_its_cpu(struct ktest *t)
{
	unsigned int cpu = other_cpu(t);

	timers[0].timer.expires = get_jiffies_64() + 100 * HZ;
	add_timer_on(&timers[0].timer, cpu);
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, get_jiffies_64() + 1), 1);
	KASSERT_TRUE(t, spin_until(fired(0), WAIT_MS));
	KEXPECT_EQ(t, timers[0].cpu, cpu);
}

/*
 * Restarted while its callback runs on another CPU, a timer stays there, so
 * that the next run cannot overlap this one (Linux's rule; add_timer_on()
 * is the exception).
 */
static void mod_timer_while_running_elsewhere_stays_there(struct ktest *t)
{
	unsigned int cpu = other_cpu(t);

	timers[0].handshake = true;
	timers[0].timer.expires = get_jiffies_64() + 1;
	add_timer_on(&timers[0].timer, cpu);
	KASSERT_TRUE(t, spin_until(is_running(0), WAIT_MS));
	/* Inactive, so a plain start would put it on this CPU, due now. */
	KEXPECT_EQ(t, mod_timer(&timers[0].timer, get_jiffies_64()), 0);
	wait_jiffies(t, 2);
	KEXPECT_EQ(t, fired(0), 0);	/* still held by the handshake */
	release(0);
	KASSERT_TRUE(t, spin_until(fired(0) == 2, WAIT_MS));
	KEXPECT_EQ(t, timers[0].cpu, cpu);
	KEXPECT_FALSE(t, timers[0].overlapped);
}

/*
 * The racing cases.  A batch arms 64 timers on another CPU, all due at its
 * next tick, with callbacks that busy-wait 1-21 us.  Once the first
 * callback has started, this CPU calls the operation on the others one by
 * one (a round each), in a mode drawn at random:
 *
 *	RACE_AT_ONCE	(5 in 8) after 0-25 us: mostly before the callback
 *			starts, or just as it does
 *	RACE_WAIT	(2 in 8) after seeing the callback running, and then
 *			a random part of its length: during it, or just after
 *	RACE_HANDSHAKE	(1 in 8) as RACE_WAIT, but the callback holds on
 *			until this CPU has seen it (->go), so the call surely
 *			lands while it runs
 *
 * The handshake makes the race happen even on a loaded host that runs the
 * vCPUs in turns of milliseconds, where a 10 us callback mostly starts and
 * ends while this CPU waits for its turn; but on such a host every wait for
 * the other CPU costs a turn, hence the mix.
 */
#define RACE_BATCH	NR_TEST_TIMERS

enum race_op { RACE_DEL_TIMER_SYNC, RACE_DEL_TIMER, RACE_MOD_TIMER };
enum race_mode { RACE_AT_ONCE, RACE_WAIT, RACE_HANDSHAKE };

static enum race_mode random_race_mode(struct ktest *t)
{
	u32 rnd = ktest_random(t) % 8;

	return rnd == 0 ? RACE_HANDSHAKE : rnd < 3 ? RACE_WAIT : RACE_AT_ONCE;
}

struct race_result {
	unsigned int rounds;
	unsigned int caught_running;	/* the callback was running at the call */
	unsigned int bad;		/* a guarantee broken */
	unsigned int first_bad;		/* round of the first one */
};

static void note_bad(struct race_result *r)
{
	if (!r->bad++)
		r->first_bad = r->rounds;
}

static void race_batch(struct ktest *t, unsigned int cpu, enum race_op op,
		       struct race_result *r)
{
	enum race_mode mode[RACE_BATCH];
	int ret[RACE_BATCH];
	unsigned int i;
	u64 expires;

	for (i = 0; i < RACE_BATCH; i++) {
		mode[i] = i ? random_race_mode(t) : RACE_HANDSHAKE;
		timers[i].fired = 0;
		timers[i].go = 0;
		timers[i].handshake = mode[i] == RACE_HANDSHAKE;
		timers[i].spin_ns = 1000 + ktest_random(t) % 20000;
	}
	expires = get_jiffies_64() + 1;
	for (i = 0; i < RACE_BATCH; i++) {
		timers[i].timer.expires = expires;
		add_timer_on(&timers[i].timer, cpu);
	}
	KASSERT_TRUE(t, spin_until(is_running(0) || fired(0), WAIT_MS));
	release(0);

	for (i = 1; i < RACE_BATCH; i++, r->rounds++) {
		u32 rnd = ktest_random(t);
		bool was_running;

		if (mode[i] == RACE_AT_ONCE) {
			ndelay(rnd % 25000);
		} else {
			spin_until(is_running(i) || fired(i), WAIT_MS);
			release(i);
			ndelay(rnd % (timers[i].spin_ns + 2000));
		}
		was_running = is_running(i);
		switch (op) {
		case RACE_DEL_TIMER_SYNC:
			ret[i] = del_timer_sync(&timers[i].timer);
			/* The guarantee: the callback is over, or never runs. */
			if (is_running(i) || fired(i) != !ret[i] || timer_pending(&timers[i].timer))
				note_bad(r);
			break;
		case RACE_DEL_TIMER:
			ret[i] = del_timer(&timers[i].timer);
			break;
		case RACE_MOD_TIMER:
			ret[i] = mod_timer(&timers[i].timer, get_jiffies_64() + 100 * HZ);
			break;
		}
		r->caught_running += was_running;
	}

	/* Settle the batch, then: deactivated while pending <=> never ran. */
	for (i = 0; i < RACE_BATCH; i++)
		del_timer_sync(&timers[i].timer);
	for (i = 1; i < RACE_BATCH; i++) {
		if (fired(i) != !ret[i])
			note_bad(r);
	}
}

static void race(struct ktest *t, enum race_op op, unsigned int min_rounds)
{
	unsigned int cpu = other_cpu(t);
	struct race_result r = {};

	while (r.rounds < min_rounds)
		race_batch(t, cpu, op, &r);
	if (r.bad)
		ktest_fail(t, __FILE__, __LINE__, "%u of %u rounds broke the guarantee, first round %u",
			   r.bad, r.rounds, r.first_bad);
	/* Otherwise the race was not exercised at all. */
	KEXPECT_GT(t, r.caught_running, 0);
}

/* Issue 4's acceptance: thousands of rounds. */
static void del_timer_sync_waits_for_the_callback_on_another_cpu(struct ktest *t)
{
	race(t, RACE_DEL_TIMER_SYNC, 2000);
}

static void del_timer_racing_expiry_on_another_cpu_is_exclusive(struct ktest *t)
{
	race(t, RACE_DEL_TIMER, 300);
}

static void mod_timer_racing_expiry_on_another_cpu_is_exclusive(struct ktest *t)
{
	race(t, RACE_MOD_TIMER, 300);
}

static void del_timer_sync_stops_a_self_rearming_timer_on_another_cpu(struct ktest *t)
{
	unsigned int cpu = other_cpu(t), round;
	int before;

	for (round = 0; round < 6; round++) {
		timers[0].rearm = ~0U;
		timers[0].spin_ns = ktest_random(t) % 20000;
		timers[0].timer.expires = get_jiffies_64() + 1;
		add_timer_on(&timers[0].timer, cpu);
		before = fired(0);
		KASSERT_TRUE(t, spin_until(fired(0) >= before + 2, WAIT_MS));
		ndelay(ktest_random(t) % (2 * NSEC_PER_SEC / HZ));	/* up to 2 ticks */
		del_timer_sync(&timers[0].timer);
		KEXPECT_FALSE(t, is_running(0));
		KEXPECT_FALSE(t, timer_pending(&timers[0].timer));
		before = fired(0);
		wait_jiffies(t, 2);
		KEXPECT_EQ(t, fired(0), before);
	}
}

static struct ktest_case timer_cases[] = {
	KTEST_CASE(callback_runs_once_in_softirq_with_interrupts_on),
	KTEST_CASE(timers_fire_no_earlier_than_expiry),
	KTEST_CASE(timers_fire_in_expiry_order),
	KTEST_CASE(missed_ticks_run_in_expiry_order),
	KTEST_CASE(same_expiry_fires_in_order_added),
	KTEST_CASE(timer_a_lap_later_in_the_same_bucket_waits),
	KTEST_CASE(timer_already_expired_fires_at_once),
	KTEST_CASE(mod_timer_moves_a_pending_timer_earlier),
	KTEST_CASE(mod_timer_moves_a_pending_timer_later),
	KTEST_CASE(mod_timer_starts_an_inactive_timer),
	KTEST_CASE(del_timer_of_a_pending_timer_returns_1_and_it_never_fires),
	KTEST_CASE(del_timer_of_an_inactive_timer_returns_0),
	KTEST_CASE(del_timer_sync_of_a_pending_timer_returns_1),
	KTEST_CASE(callback_rearming_itself_runs_n_times),
	KTEST_CASE(timer_pending_until_the_callback_starts),
	KTEST_CASE(add_timer_of_a_pending_timer_warns_and_changes_nothing),
	KTEST_CASE(del_timer_sync_from_its_own_callback_warns),
	KTEST_CASE(timer_without_a_function_warns_and_is_not_started),
	KTEST_CASE(jiffies_advance_at_hz),
	KTEST_CASE(jiffies_catch_up_after_missed_ticks),
	KTEST_CASE(add_timer_on_runs_the_callback_on_that_cpu),
	KTEST_CASE(add_timer_from_another_cpu_runs_there),
	KTEST_CASE(mod_timer_keeps_a_pending_timer_on_its_cpu),
	KTEST_CASE(mod_timer_while_running_elsewhere_stays_there),
	KTEST_CASE(del_timer_sync_waits_for_the_callback_on_another_cpu),
	KTEST_CASE(del_timer_racing_expiry_on_another_cpu_is_exclusive),
	KTEST_CASE(mod_timer_racing_expiry_on_another_cpu_is_exclusive),
	KTEST_CASE(del_timer_sync_stops_a_self_rearming_timer_on_another_cpu),
	{}
};

static struct ktest_suite timer_suite = {
	.name = "timer",
	.cases = timer_cases,
	.init = timer_init,
	.exit = timer_exit,
};
ktest_register_suite(timer_suite);
