// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches: alignment, constructors, poisoning, accounting, and the
 * misuse they must refuse (double free, interior and foreign pointers,
 * writes after free, destroying a cache that still has objects).
 *
 * Each case makes its own caches, so that what it breaks on purpose stays
 * out of the kmalloc caches, and gives every page back.
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

static char logged[8192];
static unsigned long free_pages_before;

static void copy_log_since(u64 pos)
{
	log_buf_copy(pos, logged, sizeof(logged));
}

static struct kmem_cache_stats stats_of(struct kmem_cache *cache)
{
	struct kmem_cache_stats stats;

	kmem_cache_get_stats(cache, &stats);
	return stats;
}

static int slab_init(struct ktest *t)
{
	if (!kmalloc_cache_for(8))
		return -1;	/* kmem_cache_init() has not run */
	/* The cache of caches keeps one empty slab: let it have it already. */
	kmem_cache_destroy(kmem_cache_create("test-settle", 8, 0, 0, NULL));
	free_pages_before = nr_free_pages();
	return 0;
}

/* Every case must give back every page it took. */
static void slab_exit(struct ktest *t)
{
	KEXPECT_EQ(t, nr_free_pages(), free_pages_before);
}

static void objects_are_aligned_as_asked(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-align", 40, 128, 0, NULL);
	void *objs[8];
	unsigned int i;

	KASSERT_NOT_NULL(t, cache);
	KEXPECT_EQ(t, stats_of(cache).align, 128);
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		KASSERT_NOT_NULL(t, objs[i]);
		KEXPECT_EQ(t, (unsigned long)objs[i] % 128, 0);
		if (i)
			KEXPECT_NE(t, objs[i], objs[i - 1]);
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(cache, objs[i]);
	kmem_cache_destroy(cache);
}

/* Linux: SLAB_HWCACHE_ALIGN aligns to a line, or to a power-of-two fraction of one. */
static void hwcache_align_keeps_objects_within_a_line(struct ktest *t)
{
	struct kmem_cache *a = kmem_cache_create("test-hw40", 40, 0, SLAB_HWCACHE_ALIGN, NULL);
	struct kmem_cache *b = kmem_cache_create("test-hw20", 20, 0, SLAB_HWCACHE_ALIGN, NULL);
	struct kmem_cache *c = kmem_cache_create("test-plain", 20, 0, 0, NULL);

	KASSERT_NOT_NULL(t, a);
	KASSERT_NOT_NULL(t, b);
	KASSERT_NOT_NULL(t, c);
	KEXPECT_EQ(t, stats_of(a).align, 64);
	KEXPECT_EQ(t, stats_of(a).size, 64);
	KEXPECT_EQ(t, stats_of(b).align, 32);
	KEXPECT_EQ(t, stats_of(c).align, 8);
	KEXPECT_EQ(t, stats_of(c).size, 24);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	kmem_cache_destroy(c);
}

struct ctor_object {
	unsigned long magic;
	char payload[56];
};

static unsigned int ctor_calls;

static void ctor_object_init(void *p)
{
	struct ctor_object *obj = p;

	obj->magic = 0xc0ffee;
	memset(obj->payload, 'c', sizeof(obj->payload));
	ctor_calls++;
}

/* Linux: the constructor runs when a slab is made, and a free keeps its work. */
static void ctor_runs_per_slab_object_and_survives_free(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-ctor", sizeof(struct ctor_object), 0,
						     0, ctor_object_init);
	struct ctor_object *obj, *again;

	KASSERT_NOT_NULL(t, cache);
	KEXPECT_FALSE(t, stats_of(cache).flags & SLAB_POISON);
	ctor_calls = 0;
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	KEXPECT_EQ(t, ctor_calls, stats_of(cache).objects_per_slab);
	KEXPECT_EQ(t, obj->magic, 0xc0ffee);
	KEXPECT_EQ(t, obj->payload[sizeof(obj->payload) - 1], 'c');
	kmem_cache_free(cache, obj);
	again = kmem_cache_alloc(cache, GFP_KERNEL);
	KEXPECT_EQ(t, again, obj);
	KEXPECT_EQ(t, again->magic, 0xc0ffee);
	KEXPECT_EQ(t, again->payload[0], 'c');
	KEXPECT_EQ(t, ctor_calls, stats_of(cache).objects_per_slab);
	kmem_cache_free(cache, again);
	kmem_cache_destroy(cache);
}

static bool all_bytes_are(const void *p, u8 value, size_t size)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < size; i++) {
		if (b[i] != value)
			return false;
	}
	return true;
}

static void fresh_objects_are_poison_and_zalloc_zeroes(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-poison", 200, 0, SLAB_POISON, NULL);
	void *obj, *zeroed;

	KASSERT_NOT_NULL(t, cache);
	KEXPECT_TRUE(t, stats_of(cache).flags & SLAB_POISON);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	KEXPECT_TRUE(t, all_bytes_are(obj, POISON_FREE, 200));
	memset(obj, 0x11, 200);
	kmem_cache_free(cache, obj);
	zeroed = kmem_cache_zalloc(cache, GFP_KERNEL);
	KEXPECT_EQ(t, zeroed, obj);	/* the same, dirtied, memory */
	KEXPECT_TRUE(t, all_bytes_are(zeroed, 0, 200));
	kmem_cache_free(cache, zeroed);
	kmem_cache_destroy(cache);
}

static void counters_follow_allocations_and_return_to_baseline(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-count", 100, 0, 0, NULL);
	struct kmem_cache_stats s, start;
	void *objs[100];
	unsigned int i, cycle, per_slab;

	KASSERT_NOT_NULL(t, cache);
	start = stats_of(cache);
	per_slab = start.objects_per_slab;
	KEXPECT_EQ(t, start.active_objs, 0);
	KEXPECT_EQ(t, start.num_slabs, 0);
	KASSERT_LT(t, per_slab, ARRAY_SIZE(objs));	/* several slabs */
	for (cycle = 0; cycle < 5; cycle++) {
		for (i = 0; i < ARRAY_SIZE(objs); i++) {
			objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
			KASSERT_NOT_NULL(t, objs[i]);
		}
		s = stats_of(cache);
		KEXPECT_EQ(t, s.active_objs, ARRAY_SIZE(objs));
		KEXPECT_EQ(t, s.num_slabs, DIV_ROUND_UP(ARRAY_SIZE(objs), per_slab));
		KEXPECT_EQ(t, s.num_objs, s.num_slabs * per_slab);
		KEXPECT_EQ(t, s.pages, s.num_slabs << s.order);
		KEXPECT_EQ(t, s.free_slabs, 0);
		for (i = 0; i < ARRAY_SIZE(objs); i++)
			kmem_cache_free(cache, objs[i]);
		s = stats_of(cache);
		KEXPECT_EQ(t, s.active_objs, 0);
		KEXPECT_EQ(t, s.num_slabs, 1);	/* one empty slab is kept */
		KEXPECT_EQ(t, s.free_slabs, 1);
		KEXPECT_EQ(t, s.quarantined, 0);
	}
	kmem_cache_destroy(cache);
}

static void empty_slabs_beyond_one_go_back_to_the_page_allocator(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-release", 512, 0, 0, NULL);
	unsigned long free_before;
	void *objs[32];
	unsigned int i;

	KASSERT_NOT_NULL(t, cache);
	free_before = nr_free_pages();
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		KASSERT_NOT_NULL(t, objs[i]);
	}
	KEXPECT_EQ(t, nr_free_pages(), free_before - stats_of(cache).pages);
	KEXPECT_EQ(t, stats_of(cache).pages, ARRAY_SIZE(objs) * 512 / PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(cache, objs[i]);
	KEXPECT_EQ(t, nr_free_pages(), free_before - 1);
	KEXPECT_EQ(t, kmem_cache_shrink(cache), 0);
	KEXPECT_EQ(t, nr_free_pages(), free_before);
	KEXPECT_EQ(t, stats_of(cache).num_slabs, 0);
	kmem_cache_destroy(cache);
}

static void big_objects_live_in_multi_page_slabs(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-big", 5000, 0, 0, NULL);
	struct kmem_cache_stats s;
	void *objs[8];
	unsigned int i;

	KASSERT_NOT_NULL(t, cache);
	s = stats_of(cache);
	KEXPECT_GT(t, s.order, 0);
	KEXPECT_GE(t, s.objects_per_slab, 2);
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		KASSERT_NOT_NULL(t, objs[i]);
		memset(objs[i], i, 5000);
		/* Any byte of the object, on any page of the slab, leads to its cache. */
		KEXPECT_EQ(t, virt_to_cache((char *)objs[i] + 4999), cache);
	}
	/* kfree() finds the slab's head page from objects in its tail pages. */
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		kfree(objs[i]);
	KEXPECT_EQ(t, stats_of(cache).active_objs, 0);
	kmem_cache_destroy(cache);
}

static void destroy_with_live_objects_warns_and_keeps_the_cache(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-leak", 64, 0, 0, NULL);
	void *a, *b;
	u64 pos;

	KASSERT_NOT_NULL(t, cache);
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, a);
	KASSERT_NOT_NULL(t, b);
	pos = log_buf_pos();
	KEXPECT_WARN(t, kmem_cache_destroy(cache));
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "kmem_cache_destroy test-leak: Slab cache still has 2 objects"));
	/* Still a cache: its objects can be freed, and then it can go. */
	KEXPECT_EQ(t, stats_of(cache).active_objs, 2);
	kmem_cache_free(cache, a);
	kmem_cache_free(cache, b);
	kmem_cache_destroy(cache);
}

static void destroy_returns_every_page(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-destroy", 1000, 0, 0, NULL);
	unsigned long free_before_destroy, pages;
	void *objs[16];
	unsigned int i;

	KASSERT_NOT_NULL(t, cache);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		kmem_cache_free(cache, objs[i]);
	pages = stats_of(cache).pages;
	KEXPECT_GT(t, pages, 0);
	free_before_destroy = nr_free_pages();
	kmem_cache_destroy(cache);
	KEXPECT_EQ(t, nr_free_pages(), free_before_destroy + pages);
	kmem_cache_destroy(NULL);	/* Linux: a no-op */
}

static void create_refuses_nonsense(struct ktest *t)
{
	struct kmem_cache *cache = (void *)1;

	KEXPECT_WARN(t, cache = kmem_cache_create("test-zero", 0, 0, 0, NULL));
	KEXPECT_NULL(t, cache);
	KEXPECT_WARN(t, cache = kmem_cache_create("test-align3", 64, 3, 0, NULL));
	KEXPECT_NULL(t, cache);
	KEXPECT_WARN(t, cache = kmem_cache_create("test-huge", KMEM_CACHE_MAX_SIZE + 1, 0, 0,
						  NULL));
	KEXPECT_NULL(t, cache);
	KEXPECT_WARN(t, cache = kmem_cache_create(NULL, 64, 0, 0, NULL));
	KEXPECT_NULL(t, cache);
	KEXPECT_WARN(t, cache = kmem_cache_create("test-flags", 64, 0, 0x80000000u, NULL));
	KEXPECT_NULL(t, cache);
}

static void long_names_are_cut_short(struct ktest *t)
{
	struct kmem_cache *cache =
		kmem_cache_create("test-a-cache-name-that-goes-on-and-on", 8, 0, 0, NULL);

	KASSERT_NOT_NULL(t, cache);
	KEXPECT_EQ(t, strlen(kmem_cache_name(cache)), KMEM_CACHE_NAME_LEN - 1);
	KEXPECT_EQ(t, strncmp(kmem_cache_name(cache), "test-a-cache-name", 17), 0);
	kmem_cache_destroy(cache);
}

static void double_free_warns_and_does_not_corrupt(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-double", 48, 0, 0, NULL);
	void *obj, *a, *b;
	u64 pos;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	pos = log_buf_pos();
	KEXPECT_WARN(t, kmem_cache_free(cache, obj));
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "slab test-double: double free of object"));
	KEXPECT_EQ(t, stats_of(cache).active_objs, 0);
	/* Had the object gone on the free list twice, both would get it. */
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KEXPECT_NE(t, a, b);
	KEXPECT_EQ(t, stats_of(cache).active_objs, 2);
	kmem_cache_free(cache, a);
	kmem_cache_free(cache, b);
	kmem_cache_destroy(cache);
}

/* Without poison, the free pointer alone gives a double free away. */
static void double_free_is_caught_without_poison(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-double-ctor", 64, 0, 0,
						     ctor_object_init);
	void *obj, *a, *b;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	KEXPECT_WARN(t, kmem_cache_free(cache, obj));
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KEXPECT_NE(t, a, b);
	kmem_cache_free(cache, a);
	kmem_cache_free(cache, b);
	kmem_cache_destroy(cache);
}

static void freeing_a_pointer_inside_an_object_warns(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-interior", 64, 0, 0, NULL);
	char *obj;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	KEXPECT_WARN(t, kmem_cache_free(cache, obj + 8));
	KEXPECT_EQ(t, stats_of(cache).active_objs, 1);
	kmem_cache_free(cache, obj);
	kmem_cache_free(cache, NULL);	/* a no-op */
	kmem_cache_destroy(cache);
}

static void freeing_into_the_wrong_cache_warns(struct ktest *t)
{
	struct kmem_cache *a = kmem_cache_create("test-right", 64, 0, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("test-wrong", 64, 0, 0, NULL);
	void *obj;
	u64 pos;

	KASSERT_NOT_NULL(t, a);
	KASSERT_NOT_NULL(t, b);
	obj = kmem_cache_alloc(a, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	pos = log_buf_pos();
	KEXPECT_WARN(t, kmem_cache_free(b, obj));
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "is an object of cache test-right"));
	KEXPECT_EQ(t, stats_of(a).active_objs, 1);
	KEXPECT_EQ(t, stats_of(b).active_objs, 0);
	kmem_cache_free(a, obj);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
}

static void write_after_free_is_caught_on_the_next_allocation(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-uaf", 64, 0, SLAB_POISON, NULL);
	char expected[128];
	u8 *obj, *next = NULL;
	u64 pos;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	obj[40] = 0x42;				/* through a dangling pointer */
	pos = log_buf_pos();
	KEXPECT_WARN(t, next = kmem_cache_alloc(cache, GFP_KERNEL));
	copy_log_since(pos);
	snprintf(expected, sizeof(expected),
		 "slab test-uaf: object %p was written after it was freed: byte 0x42 at offset 40",
		 obj);
	KEXPECT_NOT_NULL(t, strstr(logged, expected));
	/* The damaged object is quarantined, never handed out. */
	KASSERT_NOT_NULL(t, next);
	KEXPECT_NE(t, next, obj);
	KEXPECT_EQ(t, stats_of(cache).quarantined, 1);
	KEXPECT_EQ(t, stats_of(cache).active_objs, 1);
	/* Its owner freeing it again is a double free. */
	KEXPECT_WARN(t, kmem_cache_free(cache, obj));
	kmem_cache_free(cache, next);
	kmem_cache_destroy(cache);	/* quarantine is not a leak: no WARN */
}

static void overwritten_free_pointer_is_caught(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-freeptr", 64, 0, SLAB_POISON, NULL);
	void *obj, *next = NULL;
	u64 pos;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	*(unsigned long *)obj = 0;		/* the word that holds the link */
	pos = log_buf_pos();
	KEXPECT_WARN(t, next = kmem_cache_alloc(cache, GFP_KERNEL));
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "slab test-freeptr: free pointer of object"));
	KASSERT_NOT_NULL(t, next);
	KEXPECT_NE(t, next, obj);
	KEXPECT_EQ(t, stats_of(cache).quarantined, stats_of(cache).objects_per_slab);
	kmem_cache_free(cache, next);
	kmem_cache_destroy(cache);
}

/* The poison still gives the object away when its link was overwritten. */
static void double_free_after_a_write_to_the_free_pointer_warns(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-double-uaf", 64, 0, SLAB_POISON,
						     NULL);
	void *obj, *next = NULL;
	u64 pos;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	*(unsigned long *)obj = 0x1234;
	pos = log_buf_pos();
	KEXPECT_WARN(t, kmem_cache_free(cache, obj));
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "slab test-double-uaf: double free of object"));
	KEXPECT_WARN(t, next = kmem_cache_alloc(cache, GFP_KERNEL));
	KEXPECT_NE(t, next, obj);
	kmem_cache_free(cache, next);
	kmem_cache_destroy(cache);
}

/* An object written after its free but never reallocated: caught at release. */
static void write_after_free_is_caught_when_the_slab_is_released(struct ktest *t)
{
	struct kmem_cache *cache = kmem_cache_create("test-uaf-release", 256, 0, SLAB_POISON,
						     NULL);
	u8 *obj;

	KASSERT_NOT_NULL(t, cache);
	obj = kmem_cache_alloc(cache, GFP_KERNEL);
	KASSERT_NOT_NULL(t, obj);
	kmem_cache_free(cache, obj);
	obj[255] = 0;
	KEXPECT_WARN(t, kmem_cache_shrink(cache));
	KEXPECT_EQ(t, stats_of(cache).num_slabs, 0);
	kmem_cache_destroy(cache);
}

static struct ktest_case slab_cases[] = {
	KTEST_CASE(objects_are_aligned_as_asked),
	KTEST_CASE(hwcache_align_keeps_objects_within_a_line),
	KTEST_CASE(ctor_runs_per_slab_object_and_survives_free),
	KTEST_CASE(fresh_objects_are_poison_and_zalloc_zeroes),
	KTEST_CASE(counters_follow_allocations_and_return_to_baseline),
	KTEST_CASE(empty_slabs_beyond_one_go_back_to_the_page_allocator),
	KTEST_CASE(big_objects_live_in_multi_page_slabs),
	KTEST_CASE(destroy_with_live_objects_warns_and_keeps_the_cache),
	KTEST_CASE(destroy_returns_every_page),
	KTEST_CASE(create_refuses_nonsense),
	KTEST_CASE(long_names_are_cut_short),
	KTEST_CASE(double_free_warns_and_does_not_corrupt),
	KTEST_CASE(double_free_is_caught_without_poison),
	KTEST_CASE(freeing_a_pointer_inside_an_object_warns),
	KTEST_CASE(freeing_into_the_wrong_cache_warns),
	KTEST_CASE(write_after_free_is_caught_on_the_next_allocation),
	KTEST_CASE(overwritten_free_pointer_is_caught),
	KTEST_CASE(double_free_after_a_write_to_the_free_pointer_warns),
	KTEST_CASE(write_after_free_is_caught_when_the_slab_is_released),
	{}
};
static struct ktest_suite slab_suite = {
	.name = "slab",
	.cases = slab_cases,
	.init = slab_init,
	.exit = slab_exit,
};
ktest_register_suite(slab_suite);
