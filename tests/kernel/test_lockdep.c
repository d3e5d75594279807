// SPDX-License-Identifier: GPL-2.0
/*
 * The lock validator (kernel/locking/lockdep.c): deliberate inversions are
 * reported with both chains, misuse WARNs, consistent use stays silent.
 *
 * The validator turns itself off after its first report, as Linux's does.
 * Every case that provokes one therefore ends in forget(): it forgets
 * what the classes of its locks learned and turns validation back on, so
 * the rest of the suite runs validated.  The suite's init refuses to run
 * a case with validation already off (an earlier, real report): turning
 * it back on would hide that.
 *
 * Each lock here has a class of its own (one init site each), so that no
 * case learns an order another case then contradicts.
 */
#include <kernel/interrupt.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/lockdep.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/string.h>

#include "test_threads.h"

#ifdef CONFIG_LOCKDEP

static char logged[16384];

/* What was logged since @pos, in logged[]. */
static const char *log_since(u64 pos)
{
	log_buf_copy(pos, logged, sizeof(logged));
	return logged;
}

static void forget(struct ktest *t, struct lockdep_map **maps, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		lockdep_reset_lock(maps[i]);
	KEXPECT_TRUE(t, lockdep_reenable());
}

static int lockdep_suite_init(struct ktest *t)
{
	if (!READ_ONCE(debug_locks))
		ktest_skip(t, "the validator is off: an earlier report turned it off");
	return 0;
}

/* --- inversions --- */

static DEFINE_SPINLOCK(inv_a);
static DEFINE_SPINLOCK(inv_b);

static noinline void take_inv_a_then_inv_b(void)
{
	spin_lock(&inv_a);
	spin_lock(&inv_b);
	spin_unlock(&inv_b);
	spin_unlock(&inv_a);
}

static noinline void take_inv_b_then_inv_a(void)
{
	spin_lock(&inv_b);
	spin_lock(&inv_a);
	spin_unlock(&inv_a);
	spin_unlock(&inv_b);
}

/*
 * One thread, no deadlock: A then B, later B then A.  The report names
 * both locks, prints the chain learned first (with its backtrace through
 * take_inv_a_then_inv_b()) and the new one (the WARN's, through
 * take_inv_b_then_inv_a()).
 */
static void inverted_order_is_reported_with_both_chains(struct ktest *t)
{
	struct lockdep_map *maps[] = { &inv_a.rlock.dep_map, &inv_b.rlock.dep_map };
	const char *log;
	u64 pos;

	take_inv_a_then_inv_b();
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
	pos = log_buf_pos();
	KEXPECT_WARN(t, take_inv_b_then_inv_a());
	log = log_since(pos);
	KEXPECT_FALSE(t, READ_ONCE(debug_locks));
	KEXPECT_NOT_NULL(t, strstr(log, "possible circular locking dependency detected"));
	KEXPECT_NOT_NULL(t, strstr(log, "-> #1: inv_b {"));
	KEXPECT_NOT_NULL(t, strstr(log, "taken while holding inv_a"));
	/* The first chain's backtrace, then the new one's (the WARN's). */
	KEXPECT_NOT_NULL(t, strstr(log, "take_inv_a_then_inv_b"));
	KEXPECT_NOT_NULL(t, strstr(log, "possible circular locking dependency: inv_b -> inv_a"));
	KEXPECT_NOT_NULL(t, strstr(log, "take_inv_b_then_inv_a"));
	forget(t, maps, ARRAY_SIZE(maps));
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
}

static DEFINE_SPINLOCK(abc_a);
static DEFINE_SPINLOCK(abc_b);
static DEFINE_SPINLOCK(abc_c);

static noinline void take_in_order(spinlock_t *outer, spinlock_t *inner)
{
	spin_lock(outer);
	spin_lock(inner);
	spin_unlock(inner);
	spin_unlock(outer);
}

/* A -> B and B -> C are fine; C -> A closes a cycle through all three. */
static void abba_across_three_locks_is_reported(struct ktest *t)
{
	struct lockdep_map *maps[] = { &abc_a.rlock.dep_map, &abc_b.rlock.dep_map,
				       &abc_c.rlock.dep_map };
	const char *log;
	u64 pos;

	take_in_order(&abc_a, &abc_b);
	take_in_order(&abc_b, &abc_c);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
	pos = log_buf_pos();
	KEXPECT_WARN(t, take_in_order(&abc_c, &abc_a));
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "possible circular locking dependency detected"));
	KEXPECT_NOT_NULL(t, strstr(log, "-> #1: abc_b {"));
	KEXPECT_NOT_NULL(t, strstr(log, "taken while holding abc_a"));
	KEXPECT_NOT_NULL(t, strstr(log, "-> #2: abc_c {"));
	KEXPECT_NOT_NULL(t, strstr(log, "taken while holding abc_b"));
	KEXPECT_NOT_NULL(t, strstr(log, "abc_c -> abc_a -> abc_c"));
	forget(t, maps, ARRAY_SIZE(maps));
}

static DEFINE_SPINLOCK(same_a);
static DEFINE_SPINLOCK(same_b);

/* The same order twice, and an order forgotten by forget(), are silent. */
static void consistent_order_is_silent(struct ktest *t)
{
	struct lockdep_map *maps[] = { &same_a.rlock.dep_map, &same_b.rlock.dep_map };

	take_in_order(&same_a, &same_b);
	take_in_order(&same_a, &same_b);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
	forget(t, maps, ARRAY_SIZE(maps));
	/* Forgotten: the other order is now the first one learned. */
	take_in_order(&same_b, &same_a);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
	forget(t, maps, ARRAY_SIZE(maps));
}

static DEFINE_SPINLOCK(try_a);
static DEFINE_SPINLOCK(try_b);

/* A trylock does not wait, so taking one "backwards" cannot deadlock. */
static void trylock_against_the_order_is_silent(struct ktest *t)
{
	struct lockdep_map *maps[] = { &try_a.rlock.dep_map, &try_b.rlock.dep_map };

	take_in_order(&try_a, &try_b);
	spin_lock(&try_b);
	KEXPECT_TRUE(t, spin_trylock(&try_a));
	spin_unlock(&try_a);
	spin_unlock(&try_b);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));
	forget(t, maps, ARRAY_SIZE(maps));
}

struct pair {
	spinlock_t lock;
};

static void init_pair(struct pair *p)
{
	spin_lock_init(&p->lock); /* one init site: one class for both */
}

/* Two locks of one class nested: a recursion, unless annotated. */
static void nesting_one_class_needs_an_annotation(struct ktest *t)
{
	struct pair x, y;
	struct lockdep_map *maps[] = { &x.lock.rlock.dep_map };
	const char *log;
	u64 pos;

	init_pair(&x);
	init_pair(&y);
	spin_lock(&x.lock);
	spin_lock_nested(&y.lock, SINGLE_DEPTH_NESTING);
	spin_unlock(&y.lock);
	spin_unlock(&x.lock);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));

	pos = log_buf_pos();
	spin_lock(&x.lock);
	KEXPECT_WARN(t, spin_lock(&y.lock));
	spin_unlock(&y.lock);
	spin_unlock(&x.lock);
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "possible recursive locking detected"));
	KEXPECT_NOT_NULL(t, strstr(log, "&p->lock"));
	forget(t, maps, ARRAY_SIZE(maps));
}

/* --- irq safety --- */

static DEFINE_SPINLOCK(irq_lock);

/* As a hard interrupt handler would: interrupts off, in hard-irq context. */
static noinline void take_irq_lock_in_hardirq(void)
{
	unsigned long flags;

	local_irq_save(flags);
	irq_enter();
	spin_lock(&irq_lock);
	spin_unlock(&irq_lock);
	irq_exit();
	local_irq_restore(flags);
}

static void lock_used_in_hardirq_and_with_irqs_on_is_reported(struct ktest *t)
{
	struct lockdep_map *maps[] = { &irq_lock.rlock.dep_map };
	unsigned long flags;
	const char *log;
	u64 pos;

	take_irq_lock_in_hardirq();
	/* With interrupts off, as the rule says: fine. */
	spin_lock_irqsave(&irq_lock, flags);
	spin_unlock_irqrestore(&irq_lock, flags);
	KEXPECT_TRUE(t, READ_ONCE(debug_locks));

	pos = log_buf_pos();
	KEXPECT_WARN(t, ({
			     spin_lock(&irq_lock);
			     spin_unlock(&irq_lock);
		     }));
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "inconsistent {IN-HARDIRQ} -> {HARDIRQ-ON} usage"));
	KEXPECT_NOT_NULL(t, strstr(log, "take_irq_lock_in_hardirq"));
	forget(t, maps, ARRAY_SIZE(maps));
}

/* --- sleeping, and ending, with locks held --- */

static DEFINE_SPINLOCK(atomic_lock);
static DEFINE_MUTEX(atomic_mutex);

static void mutex_in_atomic_context_warns_naming_the_held_lock(struct ktest *t)
{
	struct lockdep_map *maps[] = { &atomic_lock.rlock.dep_map, &atomic_mutex.dep_map };
	const char *log;
	u64 pos;

	pos = log_buf_pos();
	spin_lock(&atomic_lock);
	KEXPECT_WARN(t, mutex_lock(&atomic_mutex)); /* free: it does not actually sleep */
	mutex_unlock(&atomic_mutex);
	spin_unlock(&atomic_lock);
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "sleeping function called from invalid context"));
	KEXPECT_NOT_NULL(t, strstr(log, "#0: atomic_lock {"));
	KEXPECT_NOT_NULL(t, strstr(log, "mutex_in_atomic_context_warns_naming_the_held_lock"));
	forget(t, maps, ARRAY_SIZE(maps));
}

static DEFINE_SPINLOCK(case_end_lock);

/* What run_case() does after every case, here on a case of our own. */
static void lock_held_at_case_end_is_caught(struct ktest *t)
{
	struct ktest fake = { .name = "fake_case", .status = KTEST_PASS };
	unsigned int depth = lockdep_depth();
	const char *log;
	u64 pos;

	KEXPECT_FALSE(t, ktest_check_clean_end(&fake, depth));
	KEXPECT_EQ(t, fake.status, KTEST_PASS);

	pos = log_buf_pos();
	spin_lock(&case_end_lock);
	KEXPECT_TRUE(t, ktest_check_clean_end(&fake, depth));
	spin_unlock(&case_end_lock);
	log = log_since(pos);
	KEXPECT_EQ(t, fake.status, KTEST_FAIL);
	KEXPECT_NOT_NULL(t, strstr(log, "the case ended holding 1 lock(s)"));
	KEXPECT_NOT_NULL(t, strstr(log, "#0: case_end_lock {"));
	KEXPECT_NOT_NULL(t, strstr(log, "lock_held_at_case_end_is_caught"));
	/* Interrupts are checked too. */
	fake.status = KTEST_PASS;
	local_irq_disable();
	KEXPECT_TRUE(t, ktest_check_clean_end(&fake, depth));
	local_irq_enable();
	KEXPECT_EQ(t, fake.status, KTEST_FAIL);
}

static DEFINE_MUTEX(exit_mutex);

static noinline int returns_holding_a_mutex(void *arg)
{
	mutex_lock(&exit_mutex);
	return 0;
}

/* The mutex stays locked by the dead thread: nothing else uses it. */
static void thread_returning_with_a_lock_held_is_reported(struct ktest *t)
{
	struct lockdep_map *maps[] = { &exit_mutex.dep_map };
	struct test_thread th;
	const char *log;
	u64 pos;

	pos = log_buf_pos();
	KEXPECT_WARN(t, ({
			     KASSERT_EQ(t,
					test_thread_start(&th, returns_holding_a_mutex, NULL,
							  "ktest-exit-locked", -1),
					0);
			     test_thread_join(&th);
		     }));
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "ktest-exit-lock/"));
	KEXPECT_NOT_NULL(t, strstr(log, "still has locks held"));
	KEXPECT_NOT_NULL(t, strstr(log, "#0: exit_mutex {"));
	KEXPECT_NOT_NULL(t, strstr(log, "returns_holding_a_mutex"));
	forget(t, maps, ARRAY_SIZE(maps));
}

static noinline int returns_with_interrupts_disabled(void *arg)
{
	local_irq_disable();
	return 0;
}

/* do_exit() turns them back on, so the thread can still switch away for good. */
static void thread_returning_with_interrupts_disabled_is_reported(struct ktest *t)
{
	struct test_thread th;
	const char *log;
	u64 pos;

	pos = log_buf_pos();
	KEXPECT_WARN(t, ({
			     KASSERT_EQ(t,
					test_thread_start(&th, returns_with_interrupts_disabled,
							  NULL, "ktest-exit-irqoff", -1),
					0);
			     test_thread_join(&th);
		     }));
	log = log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(log, "returned with interrupts disabled"));
}

/* --- held-lock tracking --- */

static DEFINE_MUTEX(sleep_mutex);

/* A mutex stays on the task's held-lock stack while it sleeps. */
static void assert_held_follows_the_task_across_sleep(struct ktest *t)
{
	unsigned int depth = lockdep_depth();

	mutex_lock(&sleep_mutex);
	KEXPECT_EQ(t, lockdep_depth(), depth + 1);
	schedule_timeout_uninterruptible(1);
	lockdep_assert_held(&sleep_mutex);
	KEXPECT_TRUE(t, lockdep_is_held(&sleep_mutex));
	mutex_unlock(&sleep_mutex);
	KEXPECT_EQ(t, lockdep_depth(), depth);
	KEXPECT_FALSE(t, lockdep_is_held(&sleep_mutex));
}

static struct ktest_case lockdep_cases[] = {
	KTEST_CASE(inverted_order_is_reported_with_both_chains),
	KTEST_CASE(abba_across_three_locks_is_reported),
	KTEST_CASE(consistent_order_is_silent),
	KTEST_CASE(trylock_against_the_order_is_silent),
	KTEST_CASE(nesting_one_class_needs_an_annotation),
	KTEST_CASE(lock_used_in_hardirq_and_with_irqs_on_is_reported),
	KTEST_CASE(mutex_in_atomic_context_warns_naming_the_held_lock),
	KTEST_CASE(lock_held_at_case_end_is_caught),
	KTEST_CASE(thread_returning_with_a_lock_held_is_reported),
	KTEST_CASE(thread_returning_with_interrupts_disabled_is_reported),
	KTEST_CASE(assert_held_follows_the_task_across_sleep),
	{}
};

static struct ktest_suite lockdep_suite = {
	.name = "lockdep",
	.cases = lockdep_cases,
	.init = lockdep_suite_init,
};
ktest_register_suite(lockdep_suite);

#endif /* CONFIG_LOCKDEP */
