// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the chaos points (kernel/chaos.c): a seed replays the same
 * decisions, a point never schedules where preemption is not allowed, and
 * where it is, its preemptions really switch to another task.
 *
 * Each case turns the mode on for itself and restores it after, so the
 * suite runs the same in `make test` and under ktest.chaos=1.  The cases
 * use CHAOS_SELFTEST, a point nothing else reaches.
 */
#include <kernel/chaos.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>

#include "test_threads.h"

#define NR_DRAWS 64

struct chaos_test {
	bool was_enabled;
};

static int chaos_test_init(struct ktest *t)
{
	static struct chaos_test ct;

	if (!chaos_built())
		ktest_skip(t, "no chaos points in this kernel (CONFIG_KTEST_CHAOS)");
	ct.was_enabled = chaos_set_enabled(true);
	t->priv = &ct;
	return 0;
}

static void chaos_test_exit(struct ktest *t)
{
	struct chaos_test *ct = t->priv;

	if (ct)
		chaos_set_enabled(ct->was_enabled);
}

static unsigned long selftest_delays(void)
{
	struct chaos_stats s;

	chaos_get_stats(CHAOS_SELFTEST, &s);
	return s.delays;
}

/*
 * Which of NR_DRAWS points, reached with preemption off on this CPU, delayed
 * (bit i set: the i-th did), after seeding with @seed.
 */
static u64 draw_pattern(u64 seed)
{
	u64 pattern = 0;
	int i;

	preempt_disable();
	chaos_reseed(seed);
	for (i = 0; i < NR_DRAWS; i++) {
		unsigned long before = selftest_delays();

		chaos_point(CHAOS_SELFTEST);
		if (selftest_delays() != before)
			pattern |= 1ull << i;
	}
	preempt_enable();
	return pattern;
}

static void same_seed_replays_the_same_decisions(struct ktest *t)
{
	u64 first = draw_pattern(115), again = draw_pattern(115), other = draw_pattern(116);

	KEXPECT_EQ(t, again, first);
	/* One point in two acts: 64 draws cannot all agree with another seed. */
	KEXPECT_NE(t, other, first);
	KEXPECT_NE(t, first, 0);
	KEXPECT_NE(t, first, ~0ull);
}

static void decisions_are_counted_only_when_on(struct ktest *t)
{
	struct chaos_stats before, after;
	int i;

	chaos_get_stats(CHAOS_SELFTEST, &before);
	chaos_set_enabled(false);
	for (i = 0; i < 10; i++)
		chaos_point(CHAOS_SELFTEST);
	chaos_get_stats(CHAOS_SELFTEST, &after);
	KEXPECT_EQ(t, after.decisions, before.decisions);

	chaos_set_enabled(true);
	preempt_disable();
	for (i = 0; i < 10; i++)
		chaos_point(CHAOS_SELFTEST);
	preempt_enable();
	chaos_get_stats(CHAOS_SELFTEST, &after);
	KEXPECT_EQ(t, after.decisions, before.decisions + 10);
}

/* A thread that is always runnable on the test's CPU, and gives it back fast. */
struct yielder {
	bool stop;
	unsigned long turns;
};

static int yielder_fn(void *arg)
{
	struct yielder *y = arg;

	while (!READ_ONCE(y->stop)) {
		WRITE_ONCE(y->turns, y->turns + 1);
		yield();
	}
	return 0;
}

static void start_yielder(struct ktest *t, struct test_thread *th, struct yielder *y)
{
	*y = (struct yielder){ 0 };
	if (test_thread_start(th, yielder_fn, y, "ktest-yielder", smp_processor_id()))
		ktest_skip(t, "cannot start a thread");
	while (!READ_ONCE(y->turns))
		yield();
}

static void stop_yielder(struct test_thread *th, struct yielder *y)
{
	WRITE_ONCE(y->stop, true);
	test_thread_join(th);
}

static void never_schedules_in_atomic_context(struct ktest *t)
{
	struct chaos_stats before, after;
	unsigned long switches, turns;
	struct test_thread th;
	struct yielder y;
	int i;

	/* The test thread stays on its CPU: init is bound to CPU 0. */
	start_yielder(t, &th, &y);
	chaos_get_stats(CHAOS_SELFTEST, &before);

	preempt_disable();
	switches = current->nvcsw + current->nivcsw;
	turns = READ_ONCE(y.turns);
	for (i = 0; i < 100; i++)
		chaos_point(CHAOS_SELFTEST);
	KEXPECT_EQ(t, current->nvcsw + current->nivcsw, switches);
	KEXPECT_EQ(t, READ_ONCE(y.turns), turns);
	preempt_enable();

	local_irq_disable();
	switches = current->nvcsw + current->nivcsw;
	for (i = 0; i < 100; i++)
		chaos_point(CHAOS_SELFTEST);
	KEXPECT_EQ(t, current->nvcsw + current->nivcsw, switches);
	local_irq_enable();

	chaos_get_stats(CHAOS_SELFTEST, &after);
	KEXPECT_EQ(t, after.preempts, before.preempts);
	KEXPECT_GT(t, after.delays, before.delays);
	stop_yielder(&th, &y);
}

static void preempts_to_another_task_where_allowed(struct ktest *t)
{
	struct chaos_stats before, after;
	unsigned long involuntary;
	struct test_thread th;
	struct yielder y;
	int i;

	start_yielder(t, &th, &y);
	chaos_get_stats(CHAOS_SELFTEST, &before);
	involuntary = current->nivcsw;
	for (i = 0; i < 200; i++)
		chaos_point(CHAOS_SELFTEST);
	chaos_get_stats(CHAOS_SELFTEST, &after);

	/* Every preemption switched to the yielder, which was runnable here. */
	KEXPECT_GT(t, after.preempts, before.preempts);
	KEXPECT_GE(t, current->nivcsw - involuntary, after.preempts - before.preempts);
	stop_yielder(&th, &y);
}

/* clang-format off */
static struct ktest_case chaos_cases[] = {
	KTEST_CASE(same_seed_replays_the_same_decisions),
	KTEST_CASE(decisions_are_counted_only_when_on),
	KTEST_CASE(never_schedules_in_atomic_context),
	KTEST_CASE(preempts_to_another_task_where_allowed),
	{}
};
/* clang-format on */

static struct ktest_suite chaos_suite = {
	.name = "chaos",
	.cases = chaos_cases,
	.init = chaos_test_init,
	.exit = chaos_test_exit,
};
ktest_register_suite(chaos_suite);
