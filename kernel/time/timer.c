// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel timers (include/kernel/timer.h): Linux's timer_list API over one
 * hashed timer wheel per CPU.
 *
 * The wheel
 * ---------
 * Each CPU has a struct timer_base holding TIMER_WHEEL_SIZE buckets.  A timer
 * that expires at jiffy E sits in bucket E % TIMER_WHEEL_SIZE (or, if E has
 * already passed, in the bucket of the next jiffy the base will run).
 * base->clk is the next jiffy whose bucket has not been run.  The tick only
 * notices that clk is due (run_local_timers(), hard interrupt); the
 * TIMER_SOFTIRQ then runs every bucket from clk up to jiffies, one jiffy at a
 * time, so ticks that were missed (interrupts off, a late softirq) are caught
 * up in order.  Running a bucket takes the timers in it whose expiry has
 * come and leaves the others, which are due on a later lap of the wheel.
 *
 * Costs: adding, moving and deleting a timer are O(1).  Running jiffy J walks
 * its bucket once, O(timers in it); a timer due D jiffies ahead is looked at
 * about D / TIMER_WHEEL_SIZE times before it fires (once a second or so at
 * HZ=250 for long timeouts), and catching up after N missed ticks visits N
 * buckets.  Memory: 2 KiB of bucket heads per CPU.
 *
 * Linux's wheel is hierarchical instead: 8 or 9 levels of 64 buckets, each
 * level 8 times coarser, so a far timer is never looked at before it fires;
 * but a timer in a coarse level fires at the end of its bucket, late by up
 * to an eighth of its timeout, and timers of different levels can fire out
 * of expiry order.  This wheel keeps exact promises instead: a timer fires
 * on the first run of its base at or after its expiry, timers fire in
 * expiry order, and timers with the same expiry fire in the order they were
 * added (each (re)start counts as adding).
 *
 * FIFO order: buckets are hlists with insertion at the head, so a bucket
 * holds its timers newest first.  Running a bucket moves each due timer, in
 * bucket order, to the head of base->expired, which reverses them: the
 * oldest runs first.
 *
 * Locking
 * -------
 * base->lock (taken with interrupts off: timers may be added from hard
 * interrupts) guards the base's fields and the list links of every timer
 * queued on it.  Which base a timer is on is in the CPU bits of its flags;
 * those change only with the old base's lock held (see switch_timer_base()),
 * so lock_timer_base() locks the base named there and checks that the name
 * did not change meanwhile.  No code holds two base locks at once, and no
 * base lock is held while a callback runs: it is a leaf lock.
 *
 * A due timer stays pending (on base->expired) until the moment its callback
 * starts: then, under the lock, it is unlinked and base->running_timer is
 * set to it; the lock is dropped for the callback, which may therefore add,
 * modify or delete its own timer.  del_timer_sync() waits until no base is
 * running the timer (running_timer is read with acquire semantics, paired
 * with the release that clears it after the callback) and then deletes it
 * under its base's lock, so when it returns the callback has finished and
 * the timer is not pending.
 *
 * A pending timer stays on its base when modified.  An inactive timer is
 * started on this CPU, except while its callback is still running on its old
 * base: then it stays there, so that one timer's callback never runs on two
 * CPUs at once (as in Linux).  add_timer_on() moves the timer regardless.
 */
#define pr_fmt(fmt) "timer: " fmt

#include <asm/processor.h>
#include <kernel/bug.h>
#include <kernel/cpumask.h>
#include <kernel/interrupt.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/kallsyms.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>
#include <kernel/trace.h>
#include <lib/list.h>

#define TIMER_WHEEL_BITS	8
#define TIMER_WHEEL_SIZE	(1U << TIMER_WHEEL_BITS)
#define TIMER_WHEEL_MASK	(TIMER_WHEEL_SIZE - 1)

/*
 * Private flag, Linux's value: the timer is between two bases (see
 * switch_timer_base()); lock_timer_base() waits until it is clear.
 */
#define TIMER_MIGRATING		0x00010000U

struct timer_base {
	spinlock_t lock;
	/* The rest is guarded by lock, with the exceptions noted. */

	/*
	 * The timer whose callback this base is running, or NULL.  Written
	 * under lock; del_timer_sync() also reads it locklessly (acquire).
	 */
	struct timer_list *running_timer;
	/* The next jiffy whose bucket has not been run.  run_local_timers() peeks. */
	unsigned long clk;
	/* Timers in vectors[] and expired.  run_local_timers() peeks. */
	unsigned int nr_pending;
	/* The CPU this base belongs to; constant after init_timers(). */
	unsigned int cpu;
	/* Due timers, oldest first, waiting for this CPU's softirq to run them. */
	struct hlist_head expired;
	struct hlist_head vectors[TIMER_WHEEL_SIZE];
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

static struct timer_base *timer_base_of_cpu(unsigned int cpu)
{
	return per_cpu_ptr(&timer_bases, cpu);
}

/**
 * timer_setup() - prepare a timer for first use
 * @timer: the timer; it must not be pending (e.g. fresh memory)
 * @callback: called with @timer when it expires
 * @flags: 0 or TIMER_PINNED
 *
 * The timer starts out inactive and belonging to this CPU's base.
 * Context: any; the timer must not be in use anywhere.
 */
void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *), u32 flags)
{
	WARN_ON_ONCE(flags & ~TIMER_PINNED);
	timer->entry.next = NULL;
	timer->entry.pprev = NULL;
	timer->function = callback;
	/* Any CPU will do: the first add_timer() picks the real one. */
	timer->flags = (flags & TIMER_PINNED) | raw_smp_processor_id();
}

/**
 * timer_pending() - is a timer queued and not yet started?
 * @timer: the timer
 *
 * Return: true from the time the timer is added until its callback starts
 * or it is deleted.  The answer may be stale at once unless the caller
 * otherwise keeps the timer from being added, run or deleted meanwhile.
 * Context: any.
 */
bool timer_pending(const struct timer_list *timer)
{
	return READ_ONCE(timer->entry.pprev) != NULL;
}

/*
 * Locks the base @timer is on and returns it, interrupts off (saved in
 * *@flags).  Spins while the timer is moving between bases: the mover
 * holds the old base's lock, interrupts off, for a few instructions, so
 * this waits as long as a spin lock would, and no longer when the host has
 * stopped the mover's vCPU (any context may call this: no sleeping).
 */
static struct timer_base *lock_timer_base(struct timer_list *timer, unsigned long *flags)
{
	for (;;) {
		u32 tf = READ_ONCE(timer->flags);
		struct timer_base *base;

		if (!(tf & TIMER_MIGRATING)) {
			base = timer_base_of_cpu(tf & TIMER_CPUMASK);
			spin_lock_irqsave(&base->lock, *flags);
			if (READ_ONCE(timer->flags) == tf)
				return base;
			spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

/* With base->lock held, @timer pending on @base: unlinks it. */
static void detach_timer(struct timer_base *base, struct timer_list *timer)
{
	lockdep_assert_held(&base->lock);
	__hlist_del(&timer->entry);
	timer->entry.next = LIST_POISON2;	/* a walk through a detached timer faults */
	WRITE_ONCE(timer->entry.pprev, NULL);
	WRITE_ONCE(base->nr_pending, base->nr_pending - 1);
}

/* With base->lock held: unlinks @timer if pending.  Return: 1 if it was, else 0. */
static int detach_if_pending(struct timer_base *base, struct timer_list *timer)
{
	if (!timer_pending(timer))
		return 0;
	detach_timer(base, timer);
	return 1;
}

/*
 * With base->lock held: queues @timer, not pending, at timer->expires.
 * An empty base first catches clk up with jiffies, so that the softirq does
 * not walk the buckets of all the jiffies during which it had nothing to do.
 */
static void enqueue_timer(struct timer_base *base, struct timer_list *timer)
{
	unsigned long expires = timer->expires;
	u64 now = get_jiffies_64();

	lockdep_assert_held(&base->lock);
	if (!base->nr_pending && time_after(now, base->clk))
		WRITE_ONCE(base->clk, now);
	/* Already due: the bucket the softirq runs next. */
	if (time_before(expires, base->clk))
		expires = base->clk;
	hlist_add_head(&timer->entry, &base->vectors[expires & TIMER_WHEEL_MASK]);
	WRITE_ONCE(base->nr_pending, base->nr_pending + 1);
}

/*
 * With @base->lock held and interrupts off, @timer not pending and on @base:
 * moves it to @new_base.  Returns with @new_base->lock held instead of
 * @base->lock.  While no lock covers the timer, TIMER_MIGRATING keeps
 * lock_timer_base() away from it.
 */
static struct timer_base *switch_timer_base(struct timer_list *timer, struct timer_base *base,
					    struct timer_base *new_base)
{
	WRITE_ONCE(timer->flags, timer->flags | TIMER_MIGRATING);
	spin_unlock(&base->lock);
	spin_lock(&new_base->lock);
	WRITE_ONCE(timer->flags,
		   (timer->flags & ~(TIMER_CPUMASK | TIMER_MIGRATING)) | new_base->cpu);
	return new_base;
}

/* mod_timer(), and add_timer() once it has checked that the timer is inactive. */
static int __mod_timer(struct timer_list *timer, unsigned long expires)
{
	struct timer_base *base, *new_base;
	unsigned long flags;
	int ret;

	if (WARN(!timer->function, "timer %p has no function: call timer_setup() first", timer))
		return 0;

	base = lock_timer_base(timer, &flags);
	if (timer_pending(timer) && timer->expires == expires) {
		spin_unlock_irqrestore(&base->lock, flags);
		return 1;
	}
	ret = detach_if_pending(base, timer);
	if (!ret) {
		/* Interrupts are off: this CPU stays this CPU. */
		new_base = this_cpu_ptr(&timer_bases);
		if (base != new_base && base->running_timer != timer)
			base = switch_timer_base(timer, base, new_base);
	}
	timer->expires = expires;
	enqueue_timer(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/**
 * mod_timer() - set a timer's expiry, pending or not
 * @timer: the timer, set up with timer_setup()
 * @expires: the jiffies value at or after which it fires
 *
 * A pending timer is moved to @expires on the base it is on; an inactive
 * one is started on this CPU (or, while its callback is still running on
 * another CPU, on that CPU).  Either way it then counts as added last among
 * the timers of its expiry, unless it was pending with @expires already:
 * then nothing changes.  Like del_timer() then add_timer(), but atomic:
 * the timer is never seen inactive in between.
 *
 * Context: any; may spin on the timer's base lock.
 * Return: 1 if the timer was pending, 0 if it was not.
 */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires);
}

/**
 * add_timer() - start an inactive timer on this CPU
 * @timer: the timer, set up with timer_setup(), with ->expires set
 *
 * WARNs and does nothing if @timer is already pending.
 * Context: any; may spin on a base lock.
 */
void add_timer(struct timer_list *timer)
{
	if (WARN(timer_pending(timer), "add_timer() of pending timer %p", timer))
		return;
	__mod_timer(timer, timer->expires);
}

/**
 * add_timer_on() - start an inactive timer on a given CPU
 * @timer: the timer, set up with timer_setup(), with ->expires set
 * @cpu: the CPU whose base runs it; one not online yet runs it once its
 *	tick starts
 *
 * The timer moves to @cpu's base even if its callback is still running
 * elsewhere, so then the two runs may overlap.  WARNs and does nothing if
 * @timer is already pending or has no function.
 * Context: any; may spin on base locks.
 */
void add_timer_on(struct timer_list *timer, unsigned int cpu)
{
	struct timer_base *base, *new_base;
	unsigned long flags;

	if (WARN(timer_pending(timer), "add_timer_on() of pending timer %p", timer))
		return;
	if (WARN(!timer->function, "timer %p has no function: call timer_setup() first", timer))
		return;
	if (WARN(cpu >= NR_CPUS || !cpumask_test_cpu(cpu, cpu_possible_mask),
		 "add_timer_on() to CPU %u, which does not exist", cpu))
		return;

	new_base = timer_base_of_cpu(cpu);
	base = lock_timer_base(timer, &flags);
	/* Lost a race with another add: move it, rather than corrupt a list. */
	detach_if_pending(base, timer);
	if (base != new_base)
		base = switch_timer_base(timer, base, new_base);
	enqueue_timer(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
}

/**
 * del_timer() - deactivate a timer
 * @timer: the timer
 *
 * The callback may still be running on some CPU when this returns (and may
 * then start the timer again); del_timer_sync() waits for it.
 * Context: any; may spin on the timer's base lock.
 * Return: 1 if the timer was pending, 0 if not.
 */
int del_timer(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret;

	if (!timer_pending(timer))
		return 0;
	base = lock_timer_base(timer, &flags);
	ret = detach_if_pending(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/*
 * Is some CPU running @timer's callback?  Every base is looked at, not only
 * the one the timer is on, because add_timer_on() may have moved the timer
 * away from a base still running it.  The acquire pairs with the release
 * in expire_timers() that clears running_timer after the callback: once it
 * reads "not running", the callback's stores are visible too.
 */
static bool timer_running_anywhere(const struct timer_list *timer)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct timer_base *base = timer_base_of_cpu(cpu);

		if (__atomic_load_n(&base->running_timer, __ATOMIC_ACQUIRE) == timer)
			return true;
	}
	return false;
}

/*
 * Deletes @timer if its callback is not running anywhere.  Under the lock of
 * the timer's base nobody can start the callback (starting it takes that
 * lock), so "not running" and the deletion hold together.
 * Return: -1 if the callback is running, else as del_timer().
 */
static int try_to_del_timer_sync(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(timer, &flags);
	if (!timer_running_anywhere(timer))
		ret = detach_if_pending(base, timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/**
 * del_timer_sync() - deactivate a timer and wait for its callback to finish
 * @timer: the timer
 *
 * When this returns, @timer is not pending and its callback is not running
 * on any CPU, even if the callback starts the timer again: the wait repeats
 * until the timer is found both idle and not running.  Other code must not
 * start the timer meanwhile, or the guarantee is void.
 *
 * Context: not from hard interrupts, and not from the timer's own callback
 * (both would wait for ever; they WARN and fall back to del_timer()).  The
 * caller must not hold a lock that the callback takes.  May busy-wait for
 * as long as the callback runs.
 * Return: 1 if the timer was pending, 0 if not.
 */
int del_timer_sync(struct timer_list *timer)
{
	int ret;

	if (WARN(in_hardirq(), "del_timer_sync() in hard interrupt context can deadlock"))
		return del_timer(timer);
	/* Callbacks run in softirq context, so only there can we be inside ours. */
	if (WARN(in_softirq() && READ_ONCE(this_cpu_ptr(&timer_bases)->running_timer) == timer,
		 "del_timer_sync() from the timer's own callback would wait for ever"))
		return del_timer(timer);

	for (;;) {
		int spins = 0;

		ret = try_to_del_timer_sync(timer);
		if (ret >= 0)
			return ret;
		/*
		 * Wait without the lock, which the running CPU needs to
		 * finish; in process context, sleeping now and then, in case
		 * that CPU's vCPU is not running.
		 */
		while (timer_running_anywhere(timer))
			cpu_relax_or_sleep(&spins);
	}
}

/*
 * Runs one callback, in softirq context with no timer lock held.  A
 * callback that leaves preemption disabled or interrupts off would break
 * whatever runs after it on this CPU: report it by name and repair it.
 */
static void call_timer_fn(struct timer_list *timer, void (*fn)(struct timer_list *))
{
	int count = preempt_count();
	char name[KSYM_SYMBOL_LEN];

	trace_timer_expire(timer, fn, timer->expires);
	fn(timer);

	if (unlikely(preempt_count() != count || irqs_disabled())) {
		sprint_symbol(name, sizeof(name), (unsigned long)fn);
		WARN(1, "timer callback %s returned with preempt_count %#x (was %#x)%s",
		     name, preempt_count(), count,
		     irqs_disabled() ? " and interrupts disabled" : "");
		preempt_count_sub(preempt_count() - count);
		local_irq_enable();
	}
}

/*
 * With base->lock held (interrupts saved in *@flags): runs the timers on
 * base->expired, oldest first.  The lock is dropped around each callback;
 * meanwhile other CPUs may delete timers still waiting on the list.
 */
static void expire_timers(struct timer_base *base, unsigned long *flags)
{
	while (!hlist_empty(&base->expired)) {
		struct timer_list *timer =
			hlist_entry(base->expired.first, struct timer_list, entry);
		void (*fn)(struct timer_list *) = timer->function;

		/* Under the lock, which orders it for anyone taking the lock. */
		__atomic_store_n(&base->running_timer, timer, __ATOMIC_RELAXED);
		detach_timer(base, timer);
		spin_unlock_irqrestore(&base->lock, *flags);

		call_timer_fn(timer, fn);

		spin_lock_irqsave(&base->lock, *flags);
		/* Pairs with the acquire in timer_running_anywhere(). */
		__atomic_store_n(&base->running_timer, NULL, __ATOMIC_RELEASE);
	}
}

/*
 * With base->lock held: moves the timers of jiffy @clk's bucket that are due
 * at @clk to base->expired.  The bucket is newest first and each is put at
 * the head of expired, so expired ends up oldest first.  Timers still in
 * the future (a later lap of the wheel) stay.
 */
static void collect_expired_timers(struct timer_base *base, unsigned long clk)
{
	struct hlist_head *bucket = &base->vectors[clk & TIMER_WHEEL_MASK];
	struct timer_list *timer;
	struct hlist_node *next;

	lockdep_assert_held(&base->lock);
	hlist_for_each_entry_safe(timer, next, bucket, entry) {
		if (time_after(timer->expires, clk))
			continue;
		__hlist_del(&timer->entry);
		hlist_add_head(&timer->entry, &base->expired);
	}
}

/*
 * Runs every bucket from base->clk up to jiffies (as read on entry: work
 * that comes due meanwhile waits for the next tick), in order.
 */
static void __run_timers(struct timer_base *base)
{
	u64 now = get_jiffies_64();
	unsigned long flags;

	spin_lock_irqsave(&base->lock, flags);
	while (time_after_eq(now, base->clk)) {
		if (!base->nr_pending) {
			/* Nothing queued: no bucket between here and now has work. */
			WRITE_ONCE(base->clk, now + 1);
			break;
		}
		collect_expired_timers(base, base->clk);
		WRITE_ONCE(base->clk, base->clk + 1);
		expire_timers(base, &flags);
	}
	spin_unlock_irqrestore(&base->lock, flags);
}

/* TIMER_SOFTIRQ: interrupts on, softirq count raised, on this CPU's base. */
static void run_timer_softirq(void)
{
	__run_timers(this_cpu_ptr(&timer_bases));
}

/**
 * run_local_timers() - let this CPU's timers run if any may be due
 *
 * Raises TIMER_SOFTIRQ when this CPU's base has timers and a jiffy whose
 * bucket it has not run.  Reads the base without its lock: a timer added
 * by another CPU at this moment is seen at the next tick, late but never
 * early.
 * Context: the tick, hard interrupt context, interrupts off.
 */
void run_local_timers(void)
{
	struct timer_base *base = this_cpu_ptr(&timer_bases);

	if (READ_ONCE(base->nr_pending) && time_after_eq(get_jiffies_64(), READ_ONCE(base->clk)))
		raise_softirq(TIMER_SOFTIRQ);
}

static void init_timer_cpu(unsigned int cpu)
{
	struct timer_base *base = timer_base_of_cpu(cpu);
	unsigned int i;

	spin_lock_init(&base->lock);
	base->running_timer = NULL;
	base->clk = get_jiffies_64();
	base->nr_pending = 0;
	base->cpu = cpu;
	INIT_HLIST_HEAD(&base->expired);
	for (i = 0; i < TIMER_WHEEL_SIZE; i++)
		INIT_HLIST_HEAD(&base->vectors[i]);
}

/**
 * init_timers() - set up every CPU's timer base and the timer softirq
 *
 * Context: boot CPU, once, after setup_per_cpu_areas() and before any tick
 * or timer use.
 */
void init_timers(void)
{
	unsigned int cpu;

	BUILD_BUG_ON(NR_CPUS - 1 > TIMER_CPUMASK);
	for_each_possible_cpu(cpu)
		init_timer_cpu(cpu);
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

/* Moves every timer on @head from @old to @new.  Both locks held. */
static void migrate_timer_list(struct timer_base *old, struct timer_base *new,
			       struct hlist_head *head)
{
	while (!hlist_empty(head)) {
		struct timer_list *timer = hlist_entry(head->first, struct timer_list, entry);

		detach_timer(old, timer);
		WRITE_ONCE(timer->flags, (timer->flags & ~TIMER_CPUMASK) | new->cpu);
		enqueue_timer(new, timer);
	}
}

/*
 * CPU hotplug: the timers of a CPU that went down move to this CPU and
 * fire here.  The dead CPU runs no softirq any more, so none of its
 * callbacks is running.  Both bases are locked, in CPU order.
 */
void timers_dead_cpu(unsigned int cpu)
{
	struct timer_base *old = timer_base_of_cpu(cpu), *new, *first, *second;
	unsigned long flags;
	unsigned int i;

	local_irq_save(flags);
	new = this_cpu_ptr(&timer_bases);
	first = old->cpu < new->cpu ? old : new;
	second = first == old ? new : old;
	spin_lock(&first->lock);
	spin_lock_nested(&second->lock, SINGLE_DEPTH_NESTING);

	migrate_timer_list(old, new, &old->expired);
	for (i = 0; i < TIMER_WHEEL_SIZE; i++)
		migrate_timer_list(old, new, &old->vectors[i]);

	spin_unlock(&second->lock);
	spin_unlock(&first->lock);
	local_irq_restore(flags);
}
