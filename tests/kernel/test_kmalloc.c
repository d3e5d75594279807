// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc: size classes and their alignment, the kzalloc/kcalloc/krealloc
 * family with Linux's edge cases, large allocations, exhaustion, and the
 * pointers kfree() must refuse.
 */
#include <kernel/fault-inject.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <kernel/smp.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

static const unsigned int class_sizes[NR_KMALLOC_CACHES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
};

static char logged[8192];

static unsigned long active_in(size_t size)
{
	struct kmem_cache_stats stats;

	kmem_cache_get_stats(kmalloc_cache_for(size), &stats);
	return stats.active_objs;
}

static struct kmalloc_large_stats large_stats(void)
{
	struct kmalloc_large_stats stats;

	kmalloc_large_get_stats(&stats);
	return stats;
}

static bool is_power_of_2(unsigned long n)
{
	return n && !(n & (n - 1));
}

static int kmalloc_init(struct ktest *t)
{
	return kmalloc_cache_for(8) ? 0 : -1;	/* kmem_cache_init() must have run */
}

static void kmalloc_exit(struct ktest *t)
{
	fault_attr_disable(&failslab);
}

/* Each class serves the sizes from just above the class below up to its own. */
static void every_size_class_serves_its_sizes(struct ktest *t)
{
	unsigned int i, j, lowest;

	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		unsigned int size = class_sizes[i];
		struct kmem_cache *cache = kmalloc_cache_for(size);
		char name[KMEM_CACHE_NAME_LEN];
		unsigned long active;
		size_t sizes[2];

		KASSERT_NOT_NULL(t, cache);
		snprintf(name, sizeof(name), "kmalloc-%u", size);
		KEXPECT_STREQ(t, kmem_cache_name(cache), name);
		lowest = i ? class_sizes[i - 1] + 1 : 1;
		sizes[0] = lowest;
		sizes[1] = size;
		for (j = 0; j < ARRAY_SIZE(sizes); j++) {
			u8 *p;

			KEXPECT_EQ(t, kmalloc_cache_for(sizes[j]), cache);
			active = active_in(size);
			p = kmalloc(sizes[j], GFP_KERNEL);
			KASSERT_NOT_NULL(t, p);
			KEXPECT_EQ(t, virt_to_cache(p), cache);
			KEXPECT_EQ(t, ksize(p), size);
			KEXPECT_EQ(t, active_in(size), active + 1);
			memset(p, 0xa5, ksize(p));	/* all of it is usable */
			kfree(p);
			KEXPECT_EQ(t, active_in(size), active);
		}
	}
	KEXPECT_NULL(t, kmalloc_cache_for(0));
	KEXPECT_NULL(t, kmalloc_cache_for(KMALLOC_MAX_CACHE_SIZE + 1));
}

/* Linux (since 5.4): "kmalloc alignment is size for power of two sizes". */
static void allocations_are_aligned(struct ktest *t)
{
	void *objs[20];
	unsigned int i, j;

	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		unsigned int size = class_sizes[i];
		unsigned long align = is_power_of_2(size) ? size : 8;

		for (j = 0; j < ARRAY_SIZE(objs); j++) {
			objs[j] = kmalloc(size, GFP_KERNEL);
			KASSERT_NOT_NULL(t, objs[j]);
			KEXPECT_EQ(t, (unsigned long)objs[j] % align, 0);
		}
		for (j = 0; j < ARRAY_SIZE(objs); j++)
			kfree(objs[j]);
	}
}

static bool all_zero(const void *p, size_t size)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < size; i++) {
		if (b[i])
			return false;
	}
	return true;
}

static void kzalloc_zeroes_reused_memory(struct ktest *t)
{
	static const size_t sizes[] = { 8, 100, 4096, 3 * PAGE_SIZE };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *dirty = kmalloc(sizes[i], GFP_KERNEL), *clean;

		KASSERT_NOT_NULL(t, dirty);
		memset(dirty, 0xff, sizes[i]);
		kfree(dirty);
		clean = kzalloc(sizes[i], GFP_KERNEL);
		KASSERT_NOT_NULL(t, clean);
		KEXPECT_TRUE(t, all_zero(clean, sizes[i]));
		kfree(clean);
	}
}

static void kcalloc_returns_null_when_the_size_overflows(struct ktest *t)
{
	u32 *array;

	KEXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	KEXPECT_NULL(t, kcalloc((SIZE_MAX >> 3) + 1, 8, GFP_KERNEL));
	KEXPECT_NULL(t, kmalloc_array(SIZE_MAX, 2, GFP_KERNEL));
	array = kcalloc(25, sizeof(*array), GFP_KERNEL);
	KASSERT_NOT_NULL(t, array);
	KEXPECT_GE(t, ksize(array), 100);
	KEXPECT_TRUE(t, all_zero(array, 100));
	kfree(array);
}

static void fill_pattern(u8 *p, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(i * 7 + 3);
}

static bool has_pattern(const u8 *p, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (p[i] != (u8)(i * 7 + 3))
			return false;
	}
	return true;
}

static void krealloc_grows_keeping_the_contents(struct ktest *t)
{
	u8 *p = kmalloc(24, GFP_KERNEL), *q;
	struct kmalloc_large_stats before = large_stats();

	KASSERT_NOT_NULL(t, p);
	fill_pattern(p, 24);
	q = krealloc(p, 200, GFP_KERNEL);
	KASSERT_NOT_NULL(t, q);
	KEXPECT_GE(t, ksize(q), 200);
	KEXPECT_TRUE(t, has_pattern(q, 24));
	fill_pattern(q, 200);
	p = krealloc(q, 3 * PAGE_SIZE, GFP_KERNEL);	/* into a large allocation */
	KASSERT_NOT_NULL(t, p);
	KEXPECT_TRUE(t, has_pattern(p, 200));
	KEXPECT_EQ(t, large_stats().allocations, before.allocations + 1);
	kfree(p);
	KEXPECT_EQ(t, large_stats().allocations, before.allocations);
}

/* Linux: a smaller size that fits in ksize() keeps the allocation in place. */
static void krealloc_shrinks_in_place(struct ktest *t)
{
	u8 *p = kmalloc(500, GFP_KERNEL), *q;

	KASSERT_NOT_NULL(t, p);
	fill_pattern(p, 500);
	q = krealloc(p, 10, GFP_KERNEL);
	KEXPECT_EQ(t, q, p);
	KEXPECT_TRUE(t, has_pattern(q, 10));
	kfree(q);
}

static void krealloc_of_null_allocates_and_to_zero_frees(struct ktest *t)
{
	unsigned long active = active_in(64);
	void *p = krealloc(NULL, 64, GFP_KERNEL), *q;

	KASSERT_NOT_NULL(t, p);
	KEXPECT_EQ(t, virt_to_cache(p), kmalloc_cache_for(64));
	KEXPECT_EQ(t, active_in(64), active + 1);
	q = krealloc(p, 0, GFP_KERNEL);
	KEXPECT_EQ(t, q, ZERO_SIZE_PTR);
	KEXPECT_EQ(t, active_in(64), active);
	q = krealloc(ZERO_SIZE_PTR, 16, GFP_KERNEL);
	KEXPECT_NOT_NULL(t, q);
	kfree(q);
}

static void krealloc_failure_leaves_the_old_allocation(struct ktest *t)
{
	u8 *p = kmalloc(100, GFP_KERNEL), *q;

	KASSERT_NOT_NULL(t, p);
	fill_pattern(p, 100);
	/* Only this case's calls: another CPU's kmalloc must not take the failure. */
	KASSERT_EQ(t, fault_attr_configure(&failslab,
					   "nth:1,caller:krealloc_failure_leaves_the_old_allocation"),
		   0);
	q = krealloc(p, 1000, GFP_KERNEL);
	fault_attr_disable(&failslab);
	KEXPECT_NULL(t, q);
	KEXPECT_TRUE(t, has_pattern(p, 100));
	KEXPECT_EQ(t, virt_to_cache(p), kmalloc_cache_for(100));
	kfree(p);
}

/* Linux: kmalloc(0) is ZERO_SIZE_PTR, which kfree() and ksize() accept. */
static void zero_size_gives_zero_size_ptr(struct ktest *t)
{
	KEXPECT_EQ(t, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KEXPECT_EQ(t, kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KEXPECT_EQ(t, kcalloc(0, 8, GFP_KERNEL), ZERO_SIZE_PTR);
	KEXPECT_EQ(t, ksize(ZERO_SIZE_PTR), 0);
	KEXPECT_EQ(t, ksize(NULL), 0);
	kfree(ZERO_SIZE_PTR);	/* no WARN: the case would fail */
}

static void kfree_of_null_does_nothing(struct ktest *t)
{
	struct page_alloc_stats before, after;

	page_alloc_get_stats(&before);
	kfree(NULL);
	page_alloc_get_stats(&after);
	KEXPECT_EQ(t, after.free, before.free);
}

static void large_kmalloc_takes_and_gives_back_pages(struct ktest *t)
{
	struct kmalloc_large_stats large_before = large_stats();
	unsigned long free_before = nr_free_pages();
	void *p = kmalloc(3 * PAGE_SIZE + 1, GFP_KERNEL);

	KASSERT_NOT_NULL(t, p);
	KEXPECT_EQ(t, (unsigned long)p % PAGE_SIZE, 0);
	KEXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
	KEXPECT_NULL(t, virt_to_cache(p));
	KEXPECT_EQ(t, nr_free_pages(), free_before - 4);
	KEXPECT_EQ(t, large_stats().allocations, large_before.allocations + 1);
	KEXPECT_EQ(t, large_stats().pages, large_before.pages + 4);
	memset(p, 0x5a, 3 * PAGE_SIZE + 1);
	kfree(p);
	KEXPECT_EQ(t, nr_free_pages(), free_before);
	KEXPECT_EQ(t, large_stats().allocations, large_before.allocations);
	KEXPECT_EQ(t, large_stats().pages, large_before.pages);
}

static void too_large_kmalloc_fails(struct ktest *t)
{
	unsigned long failures = large_stats().failures;

	KEXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	KEXPECT_EQ(t, large_stats().failures, failures + 1);
}

static void large_double_kfree_warns_and_frees_once(struct ktest *t)
{
	unsigned long free_before = nr_free_pages();
	void *p = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);

	KASSERT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_WARN(t, kfree(p));
	KEXPECT_EQ(t, nr_free_pages(), free_before);
}

static void kfree_of_pages_kmalloc_did_not_allocate_warns(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);
	unsigned long free_pages;

	KASSERT_NOT_NULL(t, page);
	free_pages = nr_free_pages();
	KEXPECT_WARN(t, kfree(page_address(page)));
	KEXPECT_WARN(t, ksize(page_address(page)));
	KEXPECT_EQ(t, nr_free_pages(), free_pages);
	__free_pages(page, 1);
}

static void kfree_of_a_stack_address_warns(struct ktest *t)
{
	char on_stack[16];
	u64 pos = log_buf_pos();

	KEXPECT_WARN(t, kfree(on_stack));
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_NOT_NULL(t, strstr(logged, "not in the direct map"));
	KEXPECT_NOT_NULL(t, strstr(logged, "Call Trace:"));
}

static void kfree_of_an_interior_pointer_warns(struct ktest *t)
{
	unsigned long active = active_in(64);
	char *small = kmalloc(64, GFP_KERNEL), *large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	KASSERT_NOT_NULL(t, small);
	KASSERT_NOT_NULL(t, large);
	KEXPECT_WARN(t, kfree(small + 8));
	KEXPECT_WARN(t, kfree(large + 16));
	KEXPECT_WARN(t, kfree(large + PAGE_SIZE));
	KEXPECT_EQ(t, active_in(64), active + 1);
	KEXPECT_EQ(t, ksize(large), 4 * PAGE_SIZE);	/* still allocated */
	kfree(small);
	kfree(large);
	KEXPECT_EQ(t, active_in(64), active);
}

static void double_kfree_warns_and_does_not_corrupt(struct ktest *t)
{
	unsigned long active = active_in(64);
	void *p = kmalloc(64, GFP_KERNEL), *a, *b;

	KASSERT_NOT_NULL(t, p);
	kfree(p);
	KEXPECT_WARN(t, kfree(p));
	KEXPECT_EQ(t, active_in(64), active);
	a = kmalloc(64, GFP_KERNEL);
	b = kmalloc(64, GFP_KERNEL);
	KEXPECT_NE(t, a, b);
	kfree(a);
	kfree(b);
	KEXPECT_EQ(t, active_in(64), active);
}

static void write_after_kfree_is_caught_on_the_next_kmalloc(struct ktest *t)
{
	struct kmem_cache_stats stats;
	char expected[128];
	u8 *p, *q = NULL;
	u64 pos;

	kmem_cache_get_stats(kmalloc_cache_for(128), &stats);
	if (!(stats.flags & SLAB_POISON))
		ktest_skip(t, "kmalloc caches are not poisoned (slab.poison=0)");
	p = kmalloc(128, GFP_KERNEL);
	KASSERT_NOT_NULL(t, p);
	kfree(p);
	p[100] = 0;				/* through a dangling pointer */
	pos = log_buf_pos();
	KEXPECT_WARN(t, q = kmalloc(128, GFP_KERNEL));
	log_buf_copy(pos, logged, sizeof(logged));
	snprintf(expected, sizeof(expected), "slab kmalloc-128: object %p was written after it was freed: byte 0 at offset 100", p);
	KEXPECT_NOT_NULL(t, strstr(logged, expected));
	KASSERT_NOT_NULL(t, q);
	KEXPECT_NE(t, q, p);
	kfree(q);
	/* p stays quarantined for good: kmalloc-128 never hands it out again. */
	kmem_cache_get_stats(kmalloc_cache_for(128), &stats);
	KEXPECT_GE(t, stats.quarantined, 1);
}

/* A list threaded through the objects themselves: no memory needed to track them. */
struct hog {
	struct hog *next;
};

static void exhaustion_then_free_returns_every_counter(struct ktest *t)
{
	struct kmem_cache *cache = kmalloc_cache_for(1024);
	struct kmem_cache_stats before, after;
	struct hog *list = NULL, *h;
	unsigned long free_before, count = 0;

	kmem_cache_shrink(cache);
	kmem_cache_get_stats(cache, &before);
	free_before = nr_free_pages();
	while ((h = kmalloc(1024, GFP_KERNEL | __GFP_NOWARN))) {
		h->next = list;
		list = h;
		count++;
	}
	kmem_cache_get_stats(cache, &after);
	KEXPECT_EQ(t, after.active_objs, before.active_objs + count);
	KEXPECT_GE(t, after.alloc_failures, before.alloc_failures + 1);
	/* kmalloc-1024 has order-0 slabs: it failed only with no page left. */
	KEXPECT_EQ(t, nr_free_pages(), 0);
	KEXPECT_GE(t, count, free_before * (PAGE_SIZE / 1024));
	while (list) {
		h = list->next;
		kfree(list);
		list = h;
	}
	kmem_cache_shrink(cache);
	kmem_cache_get_stats(cache, &after);
	KEXPECT_EQ(t, after.active_objs, before.active_objs);
	KEXPECT_EQ(t, after.num_slabs, before.num_slabs);
	KEXPECT_EQ(t, nr_free_pages(), free_before);
}

/* Shrinks every kmalloc cache, then records what is in use. */
static void snapshot(unsigned long *active, unsigned long *slabs, unsigned long *free_pages)
{
	struct kmem_cache_stats stats;
	unsigned int i;

	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		struct kmem_cache *cache = kmalloc_cache_for(class_sizes[i]);

		kmem_cache_shrink(cache);
		kmem_cache_get_stats(cache, &stats);
		active[i] = stats.active_objs;
		slabs[i] = stats.num_slabs;
	}
	*free_pages = nr_free_pages();
}

static void alloc_free_cycles_return_to_baseline(struct ktest *t)
{
	unsigned long active[2][NR_KMALLOC_CACHES], slabs[2][NR_KMALLOC_CACHES], free[2];
	struct kmalloc_large_stats large_before = large_stats();
	void *objs[64];
	unsigned int cycle, i;

	snapshot(active[0], slabs[0], &free[0]);
	for (cycle = 0; cycle < 50; cycle++) {
		for (i = 0; i < ARRAY_SIZE(objs); i++) {
			size_t size = 1 + ktest_random(t) % (2 * PAGE_SIZE);

			objs[i] = kmalloc(size, GFP_KERNEL);
			KASSERT_NOT_NULL(t, objs[i]);
		}
		for (i = 0; i < ARRAY_SIZE(objs); i++)
			kfree(objs[i]);
	}
	snapshot(active[1], slabs[1], &free[1]);
	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		KEXPECT_EQ(t, active[1][i], active[0][i]);
		KEXPECT_EQ(t, slabs[1][i], slabs[0][i]);
	}
	KEXPECT_EQ(t, free[1], free[0]);
	KEXPECT_EQ(t, large_stats().allocations, large_before.allocations);
	KEXPECT_EQ(t, large_stats().pages, large_before.pages);
}

struct stress {
	unsigned long cpus_done;
	unsigned long corrupted;	/* objects whose contents another CPU changed */
	unsigned long failed;		/* allocations that returned NULL */
};

#define STRESS_ROUNDS	300
#define STRESS_OBJECTS	16

/*
 * Allocates and frees objects of several classes, each filled with a byte
 * of this CPU's own and checked before its free: an object handed to two
 * CPUs at once would show the other's byte.
 */
static void kmalloc_stress(struct stress *st, unsigned int seed)
{
	static const size_t sizes[] = { 8, 24, 64, 96, 200, 1024, 3000 };
	u8 *objs[STRESS_OBJECTS];
	unsigned int round, i;
	u8 mark = 0x10 + seed;

	for (round = 0; round < STRESS_ROUNDS; round++) {
		for (i = 0; i < STRESS_OBJECTS; i++) {
			size_t size = sizes[(round + i + seed) % ARRAY_SIZE(sizes)];

			objs[i] = kmalloc(size, GFP_ATOMIC);
			if (!objs[i]) {
				__atomic_add_fetch(&st->failed, 1, __ATOMIC_RELAXED);
				continue;
			}
			memset(objs[i], mark, size);
		}
		for (i = 0; i < STRESS_OBJECTS; i++) {
			size_t size = sizes[(round + i + seed) % ARRAY_SIZE(sizes)];

			if (!objs[i])
				continue;
			if (objs[i][0] != mark || objs[i][size - 1] != mark)
				__atomic_add_fetch(&st->corrupted, 1, __ATOMIC_RELAXED);
			kfree(objs[i]);
		}
	}
}

/* Runs on the other CPUs, in interrupt context. */
static void kmalloc_stress_ipi(void *info)
{
	struct stress *st = info;

	kmalloc_stress(st, smp_processor_id());
	__atomic_add_fetch(&st->cpus_done, 1, __ATOMIC_RELEASE);
}

static void concurrent_kmalloc_on_every_cpu_keeps_objects_and_counters(struct ktest *t)
{
	unsigned long active[2][NR_KMALLOC_CACHES], slabs[2][NR_KMALLOC_CACHES], free[2];
	unsigned int others = num_online_cpus() - 1, i;
	struct stress st = { 0 };
	u64 end;

	if (!others)
		ktest_skip(t, "needs a second CPU");
	snapshot(active[0], slabs[0], &free[0]);
	smp_call_function_many(cpu_online_mask, kmalloc_stress_ipi, &st, false);
	kmalloc_stress(&st, smp_processor_id());
	end = ktime_get_ns() + 10000 * NSEC_PER_MSEC;
	while (__atomic_load_n(&st.cpus_done, __ATOMIC_ACQUIRE) < others &&
	       ktime_get_ns() < end)
		cpu_relax();
	KASSERT_EQ(t, __atomic_load_n(&st.cpus_done, __ATOMIC_ACQUIRE), others);
	KEXPECT_EQ(t, st.corrupted, 0);
	KEXPECT_EQ(t, st.failed, 0);
	snapshot(active[1], slabs[1], &free[1]);
	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		KEXPECT_EQ(t, active[1][i], active[0][i]);
		KEXPECT_EQ(t, slabs[1][i], slabs[0][i]);
	}
	KEXPECT_EQ(t, free[1], free[0]);
}

static struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(every_size_class_serves_its_sizes),
	KTEST_CASE(allocations_are_aligned),
	KTEST_CASE(kzalloc_zeroes_reused_memory),
	KTEST_CASE(kcalloc_returns_null_when_the_size_overflows),
	KTEST_CASE(krealloc_grows_keeping_the_contents),
	KTEST_CASE(krealloc_shrinks_in_place),
	KTEST_CASE(krealloc_of_null_allocates_and_to_zero_frees),
	KTEST_CASE(krealloc_failure_leaves_the_old_allocation),
	KTEST_CASE(zero_size_gives_zero_size_ptr),
	KTEST_CASE(kfree_of_null_does_nothing),
	KTEST_CASE(large_kmalloc_takes_and_gives_back_pages),
	KTEST_CASE(too_large_kmalloc_fails),
	KTEST_CASE(large_double_kfree_warns_and_frees_once),
	KTEST_CASE(kfree_of_pages_kmalloc_did_not_allocate_warns),
	KTEST_CASE(kfree_of_a_stack_address_warns),
	KTEST_CASE(kfree_of_an_interior_pointer_warns),
	KTEST_CASE(double_kfree_warns_and_does_not_corrupt),
	KTEST_CASE(write_after_kfree_is_caught_on_the_next_kmalloc),
	KTEST_CASE(exhaustion_then_free_returns_every_counter),
	KTEST_CASE(alloc_free_cycles_return_to_baseline),
	KTEST_CASE(concurrent_kmalloc_on_every_cpu_keeps_objects_and_counters),
	{}
};
static struct ktest_suite kmalloc_suite = {
	.name = "kmalloc",
	.cases = kmalloc_cases,
	.init = kmalloc_init,
	.exit = kmalloc_exit,
};
ktest_register_suite(kmalloc_suite);
