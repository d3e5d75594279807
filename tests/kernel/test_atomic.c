// SPDX-License-Identifier: GPL-2.0
/*
 * Atomics, barriers, refcount_t and the atomic bit operations: each
 * operation's return value as Linux documents it (Documentation/atomic_t.txt),
 * and atomicity with every online CPU hammering the same word.
 */
#include <kernel/atomic.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/refcount.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/bitops.h>

#include "test_threads.h"

static void read_set_and_arithmetic_return_the_new_value(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(5);

	KEXPECT_EQ(t, atomic_read(&v), 5);
	atomic_set(&v, 10);
	KEXPECT_EQ(t, atomic_read(&v), 10);
	atomic_add(3, &v);
	atomic_sub(1, &v);
	atomic_inc(&v);
	atomic_dec(&v);
	KEXPECT_EQ(t, atomic_read(&v), 12);
	KEXPECT_EQ(t, atomic_add_return(3, &v), 15);
	KEXPECT_EQ(t, atomic_sub_return(20, &v), -5);
	KEXPECT_EQ(t, atomic_inc_return(&v), -4);
	KEXPECT_EQ(t, atomic_dec_return(&v), -5);
}

static void fetch_ops_return_the_old_value(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(7);

	KEXPECT_EQ(t, atomic_fetch_add(3, &v), 7);
	KEXPECT_EQ(t, atomic_fetch_sub(2, &v), 10);
	KEXPECT_EQ(t, atomic_fetch_inc(&v), 8);
	KEXPECT_EQ(t, atomic_fetch_dec(&v), 9);
	KEXPECT_EQ(t, atomic_fetch_or(0x10, &v), 8);
	KEXPECT_EQ(t, atomic_fetch_and(0x10, &v), 0x18);
	KEXPECT_EQ(t, atomic_read(&v), 0x10);
}

static void and_test_ops_report_reaching_zero(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(2);

	KEXPECT_FALSE(t, atomic_dec_and_test(&v));
	KEXPECT_TRUE(t, atomic_dec_and_test(&v));
	KEXPECT_FALSE(t, atomic_dec_and_test(&v)); /* now -1 */
	KEXPECT_TRUE(t, atomic_inc_and_test(&v));
	atomic_set(&v, 5);
	KEXPECT_FALSE(t, atomic_sub_and_test(4, &v));
	KEXPECT_TRUE(t, atomic_sub_and_test(1, &v));
	KEXPECT_TRUE(t, atomic_add_negative(-1, &v));
	KEXPECT_FALSE(t, atomic_add_negative(1, &v));
}

static void xchg_and_cmpxchg_return_the_value_found(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(1);
	int old;

	KEXPECT_EQ(t, atomic_xchg(&v, 2), 1);
	KEXPECT_EQ(t, atomic_cmpxchg(&v, 2, 3), 2); /* matched: stored */
	KEXPECT_EQ(t, atomic_read(&v), 3);
	KEXPECT_EQ(t, atomic_cmpxchg(&v, 2, 4), 3); /* did not: unchanged */
	KEXPECT_EQ(t, atomic_read(&v), 3);

	old = 5;
	KEXPECT_FALSE(t, atomic_try_cmpxchg(&v, &old, 6));
	KEXPECT_EQ(t, old, 3); /* updated to what was found */
	KEXPECT_TRUE(t, atomic_try_cmpxchg(&v, &old, 6));
	KEXPECT_EQ(t, atomic_read(&v), 6);
}

static void conditional_ops_skip_the_excluded_value(struct ktest *t)
{
	atomic_t v = ATOMIC_INIT(0);

	KEXPECT_FALSE(t, atomic_inc_not_zero(&v));
	KEXPECT_EQ(t, atomic_read(&v), 0);
	atomic_set(&v, 1);
	KEXPECT_TRUE(t, atomic_inc_not_zero(&v));
	KEXPECT_EQ(t, atomic_read(&v), 2);

	KEXPECT_FALSE(t, atomic_add_unless(&v, 5, 2));
	KEXPECT_TRUE(t, atomic_add_unless(&v, 5, 3));
	KEXPECT_EQ(t, atomic_read(&v), 7);
	KEXPECT_EQ(t, atomic_fetch_add_unless(&v, 1, 7), 7);
	KEXPECT_EQ(t, atomic_fetch_add_unless(&v, 1, 0), 7);
	KEXPECT_EQ(t, atomic_read(&v), 8);

	atomic_set(&v, 1);
	KEXPECT_EQ(t, atomic_dec_if_positive(&v), 0);
	KEXPECT_EQ(t, atomic_dec_if_positive(&v), -1); /* would go negative: not stored */
	KEXPECT_EQ(t, atomic_read(&v), 0);
}

static void atomic64_and_long_hold_64_bit_values(struct ktest *t)
{
	atomic64_t v = ATOMIC64_INIT(0x100000000LL);
	atomic_long_t l = ATOMIC_LONG_INIT(-1);

	KEXPECT_EQ(t, atomic64_add_return(0x100000000LL, &v), 0x200000000LL);
	KEXPECT_EQ(t, atomic64_fetch_sub(1, &v), 0x200000000LL);
	KEXPECT_EQ(t, atomic64_read(&v), 0x1ffffffffLL);
	KEXPECT_EQ(t, atomic64_cmpxchg(&v, 0x1ffffffffLL, 0), 0x1ffffffffLL);
	KEXPECT_TRUE(t, atomic64_inc_and_test(&(atomic64_t)ATOMIC64_INIT(-1)));
	KEXPECT_TRUE(t, atomic_long_inc_and_test(&l));
	KEXPECT_EQ(t, atomic_long_xchg(&l, 1L << 40), 0);
	KEXPECT_EQ(t, atomic_long_read(&l), 1L << 40);
}

static void generic_xchg_and_cmpxchg_work_on_any_width(struct ktest *t)
{
	u8 b = 1;
	u16 h = 2;
	u64 q = 3;
	void *p = &b;

	KEXPECT_EQ(t, xchg(&b, 9), 1);
	KEXPECT_EQ(t, b, 9);
	KEXPECT_EQ(t, cmpxchg(&h, 2, 7), 2);
	KEXPECT_EQ(t, h, 7);
	KEXPECT_EQ(t, cmpxchg(&q, 4, 8), 3);
	KEXPECT_EQ(t, q, 3);
	KEXPECT_TRUE(t, cmpxchg(&p, (void *)&b, (void *)&h) == (void *)&b);
	KEXPECT_TRUE(t, p == (void *)&h);
}

/* --- refcount_t --- */

static void refcount_dec_and_test_is_true_for_the_last_put(struct ktest *t)
{
	refcount_t r = REFCOUNT_INIT(1);

	refcount_inc(&r);
	KEXPECT_EQ(t, refcount_read(&r), 2);
	KEXPECT_FALSE(t, refcount_dec_and_test(&r));
	KEXPECT_TRUE(t, refcount_dec_and_test(&r));
	KEXPECT_EQ(t, refcount_read(&r), 0);
	KEXPECT_FALSE(t, refcount_inc_not_zero(&r));
	KEXPECT_EQ(t, refcount_read(&r), 0);
}

static void refcount_underflow_warns_and_saturates(struct ktest *t)
{
	refcount_t r = REFCOUNT_INIT(0);
	bool last = true;

	KEXPECT_WARN(t, last = refcount_dec_and_test(&r));
	KEXPECT_FALSE(t, last); /* never "free it" on a bug */
	KEXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
}

static void refcount_inc_from_zero_warns_and_saturates(struct ktest *t)
{
	refcount_t r = REFCOUNT_INIT(0);

	KEXPECT_WARN(t, refcount_inc(&r));
	KEXPECT_EQ(t, (int)refcount_read(&r), REFCOUNT_SATURATED);
}

/* --- barriers --- */

static void load_acquire_sees_what_store_release_published(struct ktest *t)
{
	int data = 0, flag = 0, seen;

	data = 42;
	smp_store_release(&flag, 1);
	seen = smp_load_acquire(&flag);
	KEXPECT_EQ(t, seen, 1);
	KEXPECT_EQ(t, smp_cond_load_acquire(&flag, VAL == 1), 1);
	KEXPECT_EQ(t, data, 42);
}

/* --- every CPU at once --- */

#define HAMMER_ROUNDS 20000

struct hammer {
	struct test_gate gate;
	atomic_t counter;
	atomic64_t sum;
	unsigned long bits[BITS_TO_LONGS(NR_CPUS * 4)];
	atomic_t winners[NR_CPUS * 4]; /* test_and_set_bit() successes per bit */
	unsigned long claimed[BITS_TO_LONGS(NR_CPUS * 4)];
	int nr_bits;
	/* Message passing: a sender's data must be visible with its flag. */
	int ready;
	int payload;
	atomic_t stale;
};

static int hammer_fn(void *arg)
{
	struct hammer *h = arg;
	unsigned int cpu = smp_processor_id();
	int i, b;

	test_gate_wait(&h->gate);
	for (i = 0; i < HAMMER_ROUNDS; i++) {
		atomic_inc(&h->counter);
		atomic64_add(cpu + 1, &h->sum);
	}
	/* Each CPU sets its own bits in words every CPU writes. */
	for (b = cpu; b < h->nr_bits; b += num_online_cpus())
		set_bit(b, h->bits);
	/* Every CPU races for every bit; exactly one wins each. */
	for (b = 0; b < h->nr_bits; b++) {
		if (!test_and_set_bit(b, h->claimed))
			atomic_inc(&h->winners[b]);
	}
	return 0;
}

static void concurrent_atomic_ops_lose_no_update(struct ktest *t)
{
	static struct test_thread threads[NR_CPUS];
	static struct hammer h;
	unsigned int cpu, n = 0;
	s64 expected_sum = 0;
	int b;

	memset(&h, 0, sizeof(h));
	test_gate_init(&h.gate);
	h.nr_bits = num_online_cpus() * 4;
	for_each_online_cpu(cpu) {
		KASSERT_EQ(t, test_thread_start(&threads[n], hammer_fn, &h, "ktest-hammer", cpu),
			   0);
		expected_sum += (s64)(cpu + 1) * HAMMER_ROUNDS;
		n++;
	}
	test_gate_open(&h.gate);
	while (n--)
		test_thread_join(&threads[n]);

	KEXPECT_EQ(t, atomic_read(&h.counter), (int)num_online_cpus() * HAMMER_ROUNDS);
	KEXPECT_EQ(t, atomic64_read(&h.sum), expected_sum);
	KEXPECT_EQ(t, find_first_zero_bit(h.bits, h.nr_bits), (unsigned long)h.nr_bits);
	for (b = 0; b < h.nr_bits; b++)
		KEXPECT_EQ(t, atomic_read(&h.winners[b]), 1);
}

#define MESSAGES 2000

static int sender_fn(void *arg)
{
	struct hammer *h = arg;
	int i;

	for (i = 1; i <= MESSAGES; i++) {
		/* Wait for the receiver to take the last one. */
		smp_cond_load_acquire(&h->ready, VAL == 0);
		WRITE_ONCE(h->payload, i);
		smp_store_release(&h->ready, 1);
	}
	return 0;
}

static int receiver_fn(void *arg)
{
	struct hammer *h = arg;
	int i;

	for (i = 1; i <= MESSAGES; i++) {
		smp_cond_load_acquire(&h->ready, VAL == 1);
		if (READ_ONCE(h->payload) != i)
			atomic_inc(&h->stale);
		smp_store_release(&h->ready, 0);
	}
	return 0;
}

static void release_acquire_pass_messages_between_cpus(struct ktest *t)
{
	static struct hammer h;
	struct test_thread sender, receiver;
	unsigned int cpu = smp_processor_id();

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
	memset(&h, 0, sizeof(h));
	KASSERT_EQ(t,
		   test_thread_start(&receiver, receiver_fn, &h, "ktest-recv", test_next_cpu(cpu)),
		   0);
	KASSERT_EQ(t,
		   test_thread_start(&sender, sender_fn, &h, "ktest-send",
				     test_next_cpu(test_next_cpu(cpu))),
		   0);
	test_thread_join(&sender);
	test_thread_join(&receiver);
	KEXPECT_EQ(t, atomic_read(&h.stale), 0);
}

static struct ktest_case atomic_cases[] = {
	KTEST_CASE(read_set_and_arithmetic_return_the_new_value),
	KTEST_CASE(fetch_ops_return_the_old_value),
	KTEST_CASE(and_test_ops_report_reaching_zero),
	KTEST_CASE(xchg_and_cmpxchg_return_the_value_found),
	KTEST_CASE(conditional_ops_skip_the_excluded_value),
	KTEST_CASE(atomic64_and_long_hold_64_bit_values),
	KTEST_CASE(generic_xchg_and_cmpxchg_work_on_any_width),
	KTEST_CASE(refcount_dec_and_test_is_true_for_the_last_put),
	KTEST_CASE(refcount_underflow_warns_and_saturates),
	KTEST_CASE(refcount_inc_from_zero_warns_and_saturates),
	KTEST_CASE(load_acquire_sees_what_store_release_published),
	KTEST_CASE(concurrent_atomic_ops_lose_no_update),
	KTEST_CASE(release_acquire_pass_messages_between_cpus),
	{}
};

static struct ktest_suite atomic_suite = {
	.name = "atomic",
	.cases = atomic_cases,
};
ktest_register_suite(atomic_suite);
