/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Chaos points: seeded preemptions and delays at the places where races hide.
 *
 * A chaos point marks a spot where another CPU, or another thread on this
 * CPU, getting ahead would expose a missing barrier, a lost wake-up or a
 * use-after-free: right after a lock is released, before a wake-up, between
 * setting a kthread flag and waking the thread, between complete() and
 * schedule().  With the test mode on (ktest.chaos=1 on the command line),
 * each point draws from a per-CPU pseudo-random generator and, now and
 * then, does one of:
 *
 *	preempt	 switch to another runnable task, as a timer tick could
 *		 (only where preemption is allowed: preempt_count() == 0 and
 *		 interrupts on; a task that has set a sleeping state stays
 *		 runnable, exactly as when the tick preempts it)
 *	delay	 spin a short, random while (anywhere else too), so that the
 *		 other CPUs overtake this one
 *
 * Points in interrupt context do nothing and draw nothing, so that timer
 * interrupts, whose arrival is not reproducible, do not shift the sequence.
 *
 * Reproducibility.  The generator of each CPU is seeded from ktest.seed,
 * the test case's name and the CPU number, at the start of each case: a
 * case draws the same decisions whether it runs alone (ktest.filter=) or
 * in the whole suite.  On one CPU the run then replays exactly, up to
 * where timer interrupts fall.  With several CPUs (TCG runs them in turn,
 * in host-timed slices), each CPU still draws the same sequence, but which
 * CPU reaches which point first differs from run to run: a seed makes a
 * race likely again, not certain.  docs/reliability.md says how to replay.
 *
 * Cost.  Without CONFIG_KTEST_CHAOS (the benchmark kernel) chaos_point()
 * compiles to nothing.  With it but the mode off, it is one load and one
 * predictable branch.
 */
#ifndef _KERNEL_CHAOS_H
#define _KERNEL_CHAOS_H

#include <lib/compiler.h>
#include <lib/types.h>

/* Every point, named in the report that ends a chaos run. */
/* clang-format off */
enum chaos_point_id {
	CHAOS_SPIN_UNLOCK,		/* after any spin_unlock*() */
	CHAOS_WAKE_UP,			/* try_to_wake_up(), before pi_lock */
	CHAOS_WAKE_UP_QUEUE,		/* try_to_wake_up(), asleep: before queueing */
	CHAOS_KTHREAD_CREATE,		/* request listed, kthreadd not yet woken */
	CHAOS_KTHREADD_CHECK,		/* kthreadd: sleeping state set, list not read */
	CHAOS_KTHREAD_START,		/* kthread(): UNINTERRUPTIBLE, before complete() */
	CHAOS_KTHREAD_START_COMPLETE,	/* kthread(): between complete() and schedule() */
	CHAOS_KTHREAD_PARKME,		/* PARKED set, SHOULD_PARK not yet read */
	CHAOS_KTHREAD_PARKED_COMPLETE,	/* parkme: between complete() and schedule() */
	CHAOS_KTHREAD_PARK,		/* SHOULD_PARK set, thread not yet woken */
	CHAOS_KTHREAD_UNPARK,		/* SHOULD_PARK cleared, thread not yet woken */
	CHAOS_KTHREAD_STOP,		/* SHOULD_STOP set, thread not yet woken */
	CHAOS_WORKER_LOOP,		/* worker: sleeping state set, stop not read */
	CHAOS_WORKER_QUEUE,		/* kthread_queue_work(), after the unlock */
	CHAOS_WORKER_FLUSH,		/* barrier queued, not yet waited for */
	CHAOS_WORKER_CANCEL,		/* cancel: lock dropped to wait for a timer or work */
	CHAOS_SELFTEST,			/* tests/kernel/test_chaos.c only */
	NR_CHAOS_POINTS
};

/* What the points of one kind did, added up over every CPU. */
struct chaos_stats {
	unsigned long decisions;	/* times reached with the mode on */
	unsigned long preempts;		/* preemptions injected */
	unsigned long delays;		/* delays injected */
};
/* clang-format on */

#ifdef CONFIG_KTEST_CHAOS

/* The mode: read by every point, written by ktest and the tests. */
extern bool chaos_enabled;

/* Whether this kernel has its chaos points (CONFIG_KTEST_CHAOS). */
static inline bool chaos_built(void)
{
	return true;
}

/* Whether the mode is on: tests that loop for volume may loop less. */
static inline bool chaos_active(void)
{
	return READ_ONCE(chaos_enabled);
}

void __chaos_point(enum chaos_point_id id);

/*
 * chaos_point - maybe preempt or delay here, in the chaos test mode
 * @id: which point this is
 *
 * Context: any.  Preempts only where preemption is allowed.
 */
static __always_inline void chaos_point(enum chaos_point_id id)
{
	if (unlikely(READ_ONCE(chaos_enabled)))
		__chaos_point(id);
}

/*
 * Restarts every CPU's generator from @seed (each CPU picks it up at its
 * next point).  ktest calls it at the start of each case.
 */
void chaos_reseed(u64 seed);
/* Turns the mode on or off; returns whether it was on.  For the tests. */
bool chaos_set_enabled(bool on);
void chaos_get_stats(enum chaos_point_id id, struct chaos_stats *stats);
/* Prints every point's counters as KTAP diagnostics ("# chaos: ..."). */
void chaos_report(void);

#else

static inline bool chaos_built(void)
{
	return false;
}

static inline bool chaos_active(void)
{
	return false;
}

static __always_inline void chaos_point(enum chaos_point_id id)
{
}

static inline void chaos_reseed(u64 seed)
{
}

static inline bool chaos_set_enabled(bool on)
{
	return false;
}

static inline void chaos_get_stats(enum chaos_point_id id, struct chaos_stats *stats)
{
	*stats = (struct chaos_stats){ 0 };
}

static inline void chaos_report(void)
{
}

#endif /* CONFIG_KTEST_CHAOS */

#endif /* _KERNEL_CHAOS_H */
