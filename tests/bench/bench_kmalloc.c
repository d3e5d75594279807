// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc_free_<size>: one kmalloc(size) and its kfree(), per size class.
 *
 * bytes_per_obj is what an object really costs: the bytes of a slab divided
 * by the objects it holds, so the class's rounding, the free pointer, the
 * alignment padding and the slab's unused tail all count.
 *
 * The figures include what the kernel does by default, poisoning included
 * (slab.poison=0 on the command line measures without it).
 */
#include <kernel/bench.h>
#include <kernel/slab.h>

/* Memory of one slab over the objects it holds, in tenths of a byte. */
static unsigned long slab_bytes_per_obj_x10(struct kmem_cache *cache)
{
	struct kmem_cache_stats stats;

	kmem_cache_get_stats(cache, &stats);
	if (!stats.objects_per_slab)
		return 0;
	return ((PAGE_SIZE << stats.order) * 10 + stats.objects_per_slab / 2) /
	       stats.objects_per_slab;
}

static unsigned long active_objects(struct kmem_cache *cache)
{
	struct kmem_cache_stats stats;

	kmem_cache_get_stats(cache, &stats);
	return stats.active_objs;
}

static unsigned long run_kmalloc_free(const struct bench *b, unsigned long iterations,
				      struct bench_result *r)
{
	struct kmem_cache *cache = kmalloc_cache_for(b->arg);
	unsigned long active_before, active_after, i;
	void *obj;

	if (!cache) {
		bench_fail(r, "no kmalloc cache serves %lu bytes (kmem_cache_init() not run?)",
			   b->arg);
		return 0;
	}
	active_before = active_objects(cache);

	for (i = 0; i < iterations; i++) {
		obj = kmalloc(b->arg, GFP_KERNEL);
		if (unlikely(ZERO_OR_NULL_PTR(obj))) {
			bench_fail(r, "kmalloc(%lu) returned %p at operation %lu", b->arg, obj,
				   i);
			return i;
		}
		kfree(obj);
	}

	/* One more, outside the loop: did its size class serve it? */
	obj = kmalloc(b->arg, GFP_KERNEL);
	if (ZERO_OR_NULL_PTR(obj) || ksize(obj) != b->arg)
		bench_fail(r, "kmalloc(%lu) gave %p, of %zu usable bytes instead of %lu",
			   b->arg, obj, ZERO_OR_NULL_PTR(obj) ? 0 : ksize(obj), b->arg);
	kfree(obj);

	active_after = active_objects(cache);
	if (active_after != active_before)
		bench_fail(r, "%s had %lu objects in use before, %lu after",
			   kmem_cache_name(cache), active_before, active_after);
	r->bytes_per_obj_x10 = slab_bytes_per_obj_x10(cache);
	return iterations;
}

#define KMALLOC_BENCH(size) \
	{ .name = "kmalloc_free_" #size, .run = run_kmalloc_free, .arg = (size) }

/* Every size class of kernel/mm/kmalloc.c. */
const struct bench kmalloc_benches[] = {
	KMALLOC_BENCH(8),
	KMALLOC_BENCH(16),
	KMALLOC_BENCH(32),
	KMALLOC_BENCH(64),
	KMALLOC_BENCH(96),
	KMALLOC_BENCH(128),
	KMALLOC_BENCH(192),
	KMALLOC_BENCH(256),
	KMALLOC_BENCH(512),
	KMALLOC_BENCH(1024),
	KMALLOC_BENCH(2048),
	KMALLOC_BENCH(4096),
	{}
};
_Static_assert(ARRAY_SIZE(kmalloc_benches) == NR_KMALLOC_CACHES + 1,
	       "one kmalloc_free_<size> per size class");
