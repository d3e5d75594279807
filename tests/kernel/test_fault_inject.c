// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: each mode and filter of a fault_attr, the spec syntax
 * (docs/memory.md), and failslab / fail_page_alloc really making the
 * allocators fail, from the API and from the command line.
 *
 * The decision logic is tested on an attribute of our own, so that nothing
 * else fails meanwhile; the allocator cases narrow failslab and
 * fail_page_alloc with cache: or caller: (the case's own name), so that
 * other CPUs' allocations neither fail nor shift the count, and the suite's
 * exit turns both off whatever happened.  fail-nth countdowns, which count
 * this task's allocations only, are tested last; test_fault_sweep.c uses
 * them across kthreadd.
 */
#include <kernel/fault-inject.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <lib/bitops.h>
#include <lib/string.h>

static DECLARE_FAULT_ATTR(test_attr);
static char logged[4096];

static int fault_inject_init(struct ktest *t)
{
	fault_attr_disable(&test_attr);
	return kmalloc_cache_for(8) ? 0 : -1;	/* kmem_cache_init() must have run */
}

static void fault_inject_exit(struct ktest *t)
{
	fault_attr_disable(&failslab);
	fault_attr_disable(&fail_page_alloc);
}

/* Asks @attr about @n calls; bit i of the result is set when call i + 1 failed. */
static u64 failure_pattern(struct fault_attr *attr, unsigned int n)
{
	u64 pattern = 0;
	unsigned int i;

	for (i = 0; i < n && i < 64; i++) {
		if (fault_attr_should_fail(attr, "test-cache", GFP_KERNEL, 0))
			pattern |= 1ULL << i;
	}
	return pattern;
}

static void nth_fails_only_the_nth_call(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "nth:3"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 20), 1ULL << 2);
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 1);
}

static void every_fails_each_nth_call(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:3"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 10), (1ULL << 2) | (1ULL << 5) | (1ULL << 8));
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 3);
}

static void times_limits_the_failures(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:1,times:2"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 10), 0x3);
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 2);
}

static void same_seed_gives_the_same_failures(struct ktest *t)
{
	u64 first, again, other;
	unsigned int failed;

	KASSERT_EQ(t, fault_attr_configure(&test_attr, "prob:30,seed:7"), 0);
	first = failure_pattern(&test_attr, 64);
	failed = hweight64(first);
	/* 30% of 64 is 19; a fair generator lands well inside 8..32. */
	KEXPECT_GE(t, failed, 8);
	KEXPECT_LE(t, failed, 32);
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), failed);
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "prob:30,seed:7"), 0);
	again = failure_pattern(&test_attr, 64);
	KEXPECT_EQ(t, again, first);
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "prob:30,seed:8"), 0);
	other = failure_pattern(&test_attr, 64);
	KEXPECT_NE(t, other, first);
}

static void probability_bounds_are_never_and_always(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "prob:0"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 64), 0);
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "prob:100"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 64), ~0ULL);
}

static void disabled_attr_fails_nothing_and_keeps_its_count(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:1"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 4), 0xf);
	fault_attr_disable(&test_attr);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 4), 0);
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 4);
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "off"), 0);
	KEXPECT_EQ(t, failure_pattern(&test_attr, 4), 0);
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 0);
}

/* Calls from outside the cache and caller filters are not counted either. */
static void filtered_out_calls_do_not_count(struct ktest *t)
{
	KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:2,cache:test-cache"), 0);
	KEXPECT_FALSE(t, fault_attr_should_fail(&test_attr, "other", GFP_KERNEL, 0));
	KEXPECT_FALSE(t, fault_attr_should_fail(&test_attr, NULL, GFP_KERNEL, 0));
	KEXPECT_FALSE(t, fault_attr_should_fail(&test_attr, "test-cache", GFP_KERNEL, 0));
	KEXPECT_FALSE(t, fault_attr_should_fail(&test_attr, "other", GFP_KERNEL, 0));
	KEXPECT_TRUE(t, fault_attr_should_fail(&test_attr, "test-cache", GFP_KERNEL, 0));
}

static void malformed_specs_are_rejected_and_leave_injection_off(struct ktest *t)
{
	static const char *const bad[] = {
		"", "nth", "nth:", "nth:0", "every:x", "prob:101", "prob:-1",
		"nth:1,every:2", "every:1,every:2", "bogus:1", "seed:3", "every:1,seed:3",
		"every:1,times:0", "every:1,cache:", "every:1,verbose:3", "every:1,",
		"every:1,cache:a-cache-name-longer-than-the-limit-of-31",
	};
	unsigned int i;
	u64 pos;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:1"), 0);
		pos = log_buf_pos();
		KEXPECT_EQ(t, fault_attr_configure(&test_attr, bad[i]), -EINVAL);
		log_buf_copy(pos, logged, sizeof(logged));
		KEXPECT_NOT_NULL(t, strstr(logged, "fault injection is off"));
		if (fault_attr_should_fail(&test_attr, "test-cache", GFP_KERNEL, 0))
			ktest_fail(t, __FILE__, __LINE__, "spec \"%s\" left injection on", bad[i]);
	}
}

static void nofail_inject_flag_exempts_an_allocation(struct ktest *t)
{
	struct page *page;
	void *p;

	KASSERT_EQ(t, fault_attr_configure(&test_attr, "every:1"), 0);
	KEXPECT_FALSE(t, fault_attr_should_fail(&test_attr, "x", __GFP_NOFAIL_INJECT, 0));
	KEXPECT_EQ(t, fault_attr_injected(&test_attr), 0);

	KASSERT_EQ(t, fault_attr_configure(&failslab, "every:1,cache:kmalloc-32,"
					   "caller:nofail_inject_flag_exempts_an_allocation"), 0);
	p = kmalloc(32, GFP_KERNEL | __GFP_NOFAIL_INJECT);
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_NULL(t, kmalloc(32, GFP_KERNEL));
	KEXPECT_EQ(t, fault_attr_injected(&failslab), 1);

	KASSERT_EQ(t, fault_attr_configure(&fail_page_alloc,
					   "every:1,caller:nofail_inject_flag_exempts_an_allocation"), 0);
	page = alloc_pages(GFP_KERNEL | __GFP_NOFAIL_INJECT, 0);
	fault_attr_disable(&fail_page_alloc);
	KEXPECT_NOT_NULL(t, page);
	if (page)
		__free_pages(page, 0);
}

static void failslab_fails_kmalloc_and_cache_allocations(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-fi", 40, 0, 0, NULL);
	struct kmem_cache_stats stats;
	void *p;

	KASSERT_NOT_NULL(t, cache);
	KASSERT_EQ(t, fault_attr_configure(&failslab, "nth:2,cache:test-fi"), 0);
	p = kmem_cache_alloc(cache, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, p);
	KEXPECT_NULL(t, kmem_cache_alloc(cache, GFP_KERNEL));
	kmem_cache_get_stats(cache, &stats);
	KEXPECT_EQ(t, stats.alloc_failures, 1);
	KEXPECT_EQ(t, stats.active_objs, 1);
	kmem_cache_free(cache, p);

	KASSERT_EQ(t, fault_attr_configure(&failslab, "every:1,cache:kmalloc-64,"
					   "caller:failslab_fails_kmalloc_and_cache_allocations"), 0);
	KEXPECT_NULL(t, kmalloc(64, GFP_KERNEL));
	KEXPECT_NULL(t, kzalloc(50, GFP_KERNEL));
	p = kmalloc(32, GFP_KERNEL);		/* another cache */
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_EQ(t, fault_attr_injected(&failslab), 2);
	fault_attr_disable(&failslab);
	kmem_cache_destroy(cache);
}

/* Not static, and called through a pointer: kallsyms must see this exact name. */
void *fault_inject_test_alloc_site(size_t size);
noinline void *fault_inject_test_alloc_site(size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL);

	barrier();	/* no tail call: the return address stays in here */
	return p;
}

static void caller_filter_fails_only_that_call_site(struct ktest *t)
{
	void *(*volatile site)(size_t) = fault_inject_test_alloc_site;
	void *p;

	KASSERT_EQ(t, fault_attr_configure(&failslab, "every:1,caller:fault_inject_test_alloc_site"),
		   0);
	p = kmalloc(128, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_NULL(t, site(128));
	KEXPECT_NULL(t, site(8000));		/* large kmallocs too */
	KEXPECT_EQ(t, fault_attr_injected(&failslab), 2);
}

static void verbose_names_the_call_site(struct ktest *t)
{
	void *(*volatile site)(size_t) = fault_inject_test_alloc_site;
	u64 pos;

	KASSERT_EQ(t, fault_attr_configure(&failslab, "every:1,cache:kmalloc-16,verbose:1,"
					   "caller:fault_inject_test_alloc_site"), 0);
	pos = log_buf_pos();
	KEXPECT_NULL(t, site(16));
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_NOT_NULL(t, strstr(logged, "failslab: injected failure 1 in cache kmalloc-16, called from fault_inject_test_alloc_site+0x"));
}

static void fail_page_alloc_fails_alloc_pages(struct ktest *t)
{
	unsigned long free_before = nr_free_pages();
	struct page *page;

	KASSERT_EQ(t, fault_attr_configure(&fail_page_alloc,
					   "nth:1,caller:fail_page_alloc_fails_alloc_pages"), 0);
	KEXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2));
	page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 2);
	KEXPECT_NOT_NULL(t, page);
	if (page)
		__free_pages(page, 2);
	KEXPECT_EQ(t, fault_attr_injected(&fail_page_alloc), 1);
	KEXPECT_EQ(t, nr_free_pages(), free_before);
}

/* The real parameter table, as the boot command line reaches it. */
static int parse(const char *line)
{
	char buf[256];

	strscpy(buf, line, sizeof(buf));
	return parse_kernel_params(buf);
}

static void failslab_on_the_command_line_configures_injection(struct ktest *t)
{
	void *a, *b, *c;

	KEXPECT_EQ(t, parse("failslab=every:2,times:1,cache:kmalloc-64,caller:failslab_on_the_command_line_configures_injection"), 0);
	a = kmalloc(64, GFP_KERNEL);
	b = kmalloc(64, GFP_KERNEL);
	c = kmalloc(64, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, a);
	KEXPECT_NULL(t, b);
	KEXPECT_NOT_NULL(t, c);		/* times:1 is spent */
	kfree(a);
	kfree(c);
	KEXPECT_EQ(t, fault_attr_injected(&failslab), 1);

	KEXPECT_EQ(t, parse("fail_page_alloc=nth:1,caller:failslab_on_the_command_line_configures_injection"), 0);
	KEXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	KEXPECT_EQ(t, fault_attr_injected(&fail_page_alloc), 1);
}

static void malformed_command_line_is_reported_and_injection_stays_off(struct ktest *t)
{
	u64 pos = log_buf_pos();
	void *p;

	KEXPECT_EQ(t, parse("failslab=every:often"), 1);
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_NOT_NULL(t, strstr(logged, "failslab=every:often: bad value \"often\" for every:; fault injection is off"));
	KEXPECT_NOT_NULL(t, strstr(logged, "bad value \"every:often\" for failslab="));
	p = kmalloc(64, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_EQ(t, parse("failslab"), 1);	/* no value */
}

static struct fail_nth test_nth;

static void fail_nth_fails_only_the_nth_allocation(struct ktest *t)
{
	void *a, *b, *c;
	struct page *page;

	fail_nth_arm(&test_nth, 2);
	a = kmalloc(32, GFP_KERNEL);
	b = kmalloc(32, GFP_KERNEL);
	c = kmalloc(32, GFP_KERNEL); /* the countdown is spent */
	page = alloc_pages(GFP_KERNEL, 0);
	KEXPECT_TRUE(t, fail_nth_disarm(&test_nth));
	KEXPECT_NOT_NULL(t, a);
	KEXPECT_NULL(t, b);
	KEXPECT_NOT_NULL(t, c);
	KEXPECT_NOT_NULL(t, page);
	KEXPECT_EQ(t, test_nth.calls, 2);
	kfree(a);
	kfree(c);
	if (page)
		__free_pages(page, 0);
}

static void fail_nth_counts_page_allocations_too(struct ktest *t)
{
	fail_nth_arm(&test_nth, 1);
	KEXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0));
	KEXPECT_TRUE(t, fail_nth_disarm(&test_nth));
	KEXPECT_EQ(t, test_nth.calls, 1);
}

static void fail_nth_not_reached_injects_nothing(struct ktest *t)
{
	void *p;

	fail_nth_arm(&test_nth, 3);
	p = kmalloc(16, GFP_KERNEL | __GFP_NOFAIL_INJECT); /* not counted */
	kfree(p);
	p = kmalloc(16, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_FALSE(t, fail_nth_disarm(&test_nth));
	KEXPECT_EQ(t, test_nth.calls, 1);
	KEXPECT_EQ(t, test_nth.site, 0);
	p = kmalloc(16, GFP_KERNEL); /* disarmed: not counted */
	KEXPECT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_EQ(t, test_nth.calls, 1);
}

static void fail_nth_names_the_failed_call_site(struct ktest *t)
{
	void *(*volatile site)(size_t) = fault_inject_test_alloc_site;
	char name[KSYM_SYMBOL_LEN];

	fail_nth_arm(&test_nth, 1);
	KEXPECT_NULL(t, site(64));
	KASSERT_TRUE(t, fail_nth_disarm(&test_nth));
	sprint_backtrace(name, sizeof(name), test_nth.site);
	KEXPECT_NOT_NULL(t, strstr(name, "fault_inject_test_alloc_site+0x"));
}

static int idle_threadfn(void *data)
{
	return 0;
}

/*
 * kthreadd and the new thread's kthread() allocate for the creator: the
 * request (1), the task_struct (1) and the struct kthread (1) at least.
 */
static void fail_nth_follows_kthread_creation_into_kthreadd(struct ktest *t)
{
	struct task_struct *p;

	fail_nth_arm(&test_nth, 1000);
	p = kthread_create(idle_threadfn, NULL, "fail-nth-follow");
	KEXPECT_FALSE(t, fail_nth_disarm(&test_nth));
	KASSERT_NOT_ERR(t, p);
	KEXPECT_GE(t, test_nth.calls, 3);
	kthread_stop(p);
}

static struct ktest_case fault_inject_cases[] = {
	KTEST_CASE(nth_fails_only_the_nth_call),
	KTEST_CASE(every_fails_each_nth_call),
	KTEST_CASE(times_limits_the_failures),
	KTEST_CASE(same_seed_gives_the_same_failures),
	KTEST_CASE(probability_bounds_are_never_and_always),
	KTEST_CASE(disabled_attr_fails_nothing_and_keeps_its_count),
	KTEST_CASE(filtered_out_calls_do_not_count),
	KTEST_CASE(malformed_specs_are_rejected_and_leave_injection_off),
	KTEST_CASE(nofail_inject_flag_exempts_an_allocation),
	KTEST_CASE(failslab_fails_kmalloc_and_cache_allocations),
	KTEST_CASE(caller_filter_fails_only_that_call_site),
	KTEST_CASE(verbose_names_the_call_site),
	KTEST_CASE(fail_page_alloc_fails_alloc_pages),
	KTEST_CASE(failslab_on_the_command_line_configures_injection),
	KTEST_CASE(malformed_command_line_is_reported_and_injection_stays_off),
	KTEST_CASE(fail_nth_fails_only_the_nth_allocation),
	KTEST_CASE(fail_nth_counts_page_allocations_too),
	KTEST_CASE(fail_nth_not_reached_injects_nothing),
	KTEST_CASE(fail_nth_names_the_failed_call_site),
	KTEST_CASE(fail_nth_follows_kthread_creation_into_kthreadd),
	{}
};
static struct ktest_suite fault_inject_suite = {
	.name = "fault_inject",
	.cases = fault_inject_cases,
	.init = fault_inject_init,
	.exit = fault_inject_exit,
};
ktest_register_suite(fault_inject_suite);
