// SPDX-License-Identifier: GPL-2.0
/*
 * Guarded kernel stacks.  The deliberate overflow lives in the manual suite
 * stack_overflow, booted by the runner as a configuration that must panic
 * with "kernel stack overflow" (tests/runner/configs.py).
 */
#include <asm/pgtable.h>
#include <asm/stacktrace.h>
#include <asm/trap_test.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/stack.h>

static void stack_is_mapped_and_guard_is_not(struct ktest *t)
{
	unsigned long free_before, stacks;
	u8 *base;
	int level;

	/*
	 * The first stack in a region also allocates the page tables that map
	 * it, which stay for the next stacks: count from after that, with no
	 * stack kept in the cache of freed ones.
	 */
	free_thread_stack(alloc_thread_stack(GFP_KERNEL));
	drain_thread_stack_cache();
	free_before = nr_free_pages();
	stacks = nr_thread_stacks();
	base = alloc_thread_stack(GFP_KERNEL);

	KASSERT_NOT_NULL(t, base);
	KEXPECT_EQ(t, nr_thread_stacks(), stacks + 1);
	KEXPECT_EQ(t, nr_free_pages(), free_before - THREAD_SIZE / PAGE_SIZE);
	KEXPECT_NE(t, lookup_kernel_address((unsigned long)base, &level), 0);
	KEXPECT_NE(t, lookup_kernel_address((unsigned long)base + THREAD_SIZE - 1, &level), 0);
	KEXPECT_EQ(t, lookup_kernel_address((unsigned long)base - 1, &level), 0);
	KEXPECT_TRUE(t, is_stack_guard_page((unsigned long)base - 1));
	KEXPECT_FALSE(t, is_stack_guard_page((unsigned long)base));
	base[0] = 1;
	base[THREAD_SIZE - 1] = 2;

	free_thread_stack(base);
	KEXPECT_EQ(t, nr_thread_stacks(), stacks);
	drain_thread_stack_cache();
	KEXPECT_EQ(t, nr_free_pages(), free_before);
}

/* A freed stack stays mapped and comes back as it is: no page changes hands. */
static void freed_stack_is_reused_from_the_cache(struct ktest *t)
{
	u8 *first, *again;
	unsigned long free_pages;

	drain_thread_stack_cache();
	first = alloc_thread_stack(GFP_KERNEL);
	KASSERT_NOT_NULL(t, first);
	free_thread_stack(first);
	free_pages = nr_free_pages();
	again = alloc_thread_stack(GFP_KERNEL);
	KEXPECT_EQ(t, again, first);
	KEXPECT_EQ(t, nr_free_pages(), free_pages);
	free_thread_stack(again);
	drain_thread_stack_cache();
}

static void writing_below_a_stack_hits_its_guard(struct ktest *t)
{
	u8 *base = alloc_thread_stack(GFP_KERNEL);
	unsigned long below;

	KASSERT_NOT_NULL(t, base);
	below = (unsigned long)base - sizeof(long);
	trap_test_write(below);
	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_PF);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, below);
	free_thread_stack(base);
}

static void stacks_do_not_share_pages(struct ktest *t)
{
	u8 *a = alloc_thread_stack(GFP_KERNEL), *b = alloc_thread_stack(GFP_KERNEL);

	KASSERT_NOT_NULL(t, a);
	KASSERT_NOT_NULL(t, b);
	KEXPECT_GE(t, (unsigned long)(b > a ? b - a : a - b), THREAD_SIZE + PAGE_SIZE);
	free_thread_stack(a);
	free_thread_stack(b);
}

static void freeing_a_non_stack_warns(struct ktest *t)
{
	u8 *base = alloc_thread_stack(GFP_KERNEL);

	KASSERT_NOT_NULL(t, base);
	KEXPECT_WARN(t, free_thread_stack(base + 8));
	free_thread_stack(base);
	KEXPECT_WARN(t, free_thread_stack(base));	/* double free */
	free_thread_stack(NULL);
}

struct on_stack_result {
	unsigned long local_address;
	u64 log_pos;
};

static noinline void record_stack(void *arg)
{
	struct on_stack_result *r = arg;
	int local;

	r->local_address = (unsigned long)&local;
	dump_stack();
}

/* The backtrace crosses from the thread stack back to the boot stack. */
static void call_on_stack_runs_there_and_traces_back(struct ktest *t)
{
	u8 *base = alloc_thread_stack(GFP_KERNEL);
	struct on_stack_result r = { 0 };
	static char logged[4096];
	u64 pos = log_buf_pos();

	KASSERT_NOT_NULL(t, base);
	call_on_stack(base + THREAD_SIZE, record_stack, &r);
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_GE(t, r.local_address, (unsigned long)base);
	KEXPECT_LT(t, r.local_address, (unsigned long)base + THREAD_SIZE);
	KEXPECT_NOT_NULL(t, strstr(logged, "record_stack+0x"));
	KEXPECT_NOT_NULL(t, strstr(logged, "call_on_stack_runs_there_and_traces_back+0x"));
	free_thread_stack(base);
}

/* The compiler cannot prove this never ends, so it keeps every frame. */
static volatile int recursion_limit = 1 << 30;

static noinline int recurse_deeply(int depth)
{
	volatile char frame[512];

	frame[0] = depth;
	if (depth == recursion_limit)
		return 0;
	return recurse_deeply(depth + 1) + frame[0];
}

static void overflow_from(void *unused)
{
	recurse_deeply(0);
}

static void overflow_hits_the_guard_page(struct ktest *t)
{
	u8 *base = alloc_thread_stack(GFP_KERNEL);

	KASSERT_NOT_NULL(t, base);
	call_on_stack(base + THREAD_SIZE, overflow_from, NULL);
	KEXPECT_TRUE(t, false);	/* not reached: the overflow panics */
}

static struct ktest_case stack_cases[] = {
	KTEST_CASE(stack_is_mapped_and_guard_is_not),
	KTEST_CASE(freed_stack_is_reused_from_the_cache),
	KTEST_CASE(writing_below_a_stack_hits_its_guard),
	KTEST_CASE(stacks_do_not_share_pages),
	KTEST_CASE(freeing_a_non_stack_warns),
	KTEST_CASE(call_on_stack_runs_there_and_traces_back),
	{}
};
static struct ktest_suite stack_suite = { .name = "stack", .cases = stack_cases };
ktest_register_suite(stack_suite);

static struct ktest_case stack_overflow_cases[] = {
	KTEST_CASE(overflow_hits_the_guard_page),
	{}
};
static struct ktest_suite stack_overflow_suite = {
	.name = "stack_overflow",
	.cases = stack_overflow_cases,
	.manual = true,
};
ktest_register_suite(stack_overflow_suite);
