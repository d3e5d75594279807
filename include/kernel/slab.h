/*
 * Slab caches and kmalloc, with Linux's API and semantics.
 *
 * A slab cache hands out objects of one size, carved from slabs: blocks of
 * 2^order pages from alloc_pages().  A free object holds the link to the next
 * free object of its slab; the slab's struct page records the owning cache
 * (PG_slab, ->slab_cache), its first free object (->freelist) and how many
 * objects are handed out (->inuse), so that kfree() finds everything from the
 * address alone.  kmalloc() picks one of the kmalloc-<size> caches, or takes
 * pages straight from alloc_pages() for sizes above KMALLOC_MAX_CACHE_SIZE.
 *
 * Debugging (on by default in the debug kernels, CONFIG_DEBUG_SLAB, off in
 * the bench kernel; command line slab.poison=0 or =1 decides): free
 * objects are filled with POISON_FREE, and allocation checks that the poison
 * is intact, which catches writes through dangling pointers.  Double frees
 * and frees of pointers that no allocator returned are reported with WARN
 * in every mode, and change nothing.  docs/memory.md has the details.
 *
 * Every function here may be called from any context: nothing sleeps, and
 * each cache's lock is taken with interrupts off.
 */
#ifndef _KERNEL_SLAB_H
#define _KERNEL_SLAB_H

#include <asm/page.h>
#include <kernel/gfp.h>
#include <kernel/mm.h>
#include <lib/compiler.h>
#include <lib/types.h>

struct kmem_cache;

typedef unsigned int slab_flags_t;

/* kmem_cache_create() flags. */
#define SLAB_HWCACHE_ALIGN	0x1u	/* align objects to a cache line */
#define SLAB_POISON		0x2u	/* poison free objects (set for all by slab.poison=1) */
#define SLAB_PANIC		0x4u	/* panic if the cache cannot be created */

/* A free object's bytes, outside its free pointer (Linux's value). */
#define POISON_FREE		0x6b

#define KMEM_CACHE_NAME_LEN	32	/* longer names are cut short */
#define SLAB_MAX_ORDER		3	/* slabs are 1 to 8 pages */
#define KMEM_CACHE_MAX_SIZE	(PAGE_SIZE << SLAB_MAX_ORDER)

/*
 * kmalloc(0) returns ZERO_SIZE_PTR: not NULL (the allocation succeeded), but
 * faulting on any access.  kfree() and ksize() accept it.
 */
#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

#define KMALLOC_MIN_SIZE	8
#define KMALLOC_MAX_CACHE_SIZE	PAGE_SIZE	/* above: whole pages */
#define KMALLOC_MAX_SIZE	(PAGE_SIZE << MAX_ORDER)
#define NR_KMALLOC_CACHES	12	/* 8 16 32 64 96 128 192 256 512 1024 2048 4096 */

/* A cache's counters, as one consistent snapshot (cf. /proc/slabinfo). */
struct kmem_cache_stats {
	const char *name;
	unsigned int object_size;	/* as created (kmalloc: the class size) */
	unsigned int size;		/* stride: object, free pointer, padding */
	unsigned int align;
	unsigned int objects_per_slab;
	unsigned int order;		/* each slab is 2^order pages */
	slab_flags_t flags;		/* in effect: SLAB_POISON if free objects are poisoned */
	unsigned long active_objs;	/* handed out and not yet freed */
	unsigned long num_objs;		/* room in all slabs: active + free + quarantined */
	unsigned long num_slabs;	/* partial + full + empty */
	unsigned long free_slabs;	/* empty slabs kept for the next allocation */
	unsigned long pages;		/* num_slabs << order */
	unsigned long quarantined;	/* objects held back after a failed poison check */
	unsigned long alloc_failures;	/* allocations that returned NULL */
};

/* Large kmalloc()s: those above KMALLOC_MAX_CACHE_SIZE, from alloc_pages(). */
struct kmalloc_large_stats {
	unsigned long allocations;	/* live */
	unsigned long pages;		/* live */
	unsigned long failures;		/* large kmallocs that returned NULL */
};

/**
 * kmem_cache_create() - create a cache of objects of one size
 * @name: for reports and fault injection's cache: filter; copied, cut
 *        short at KMEM_CACHE_NAME_LEN - 1 characters
 * @size: object size in bytes, 1 .. KMEM_CACHE_MAX_SIZE (less a word with
 *        a constructor)
 * @align: minimum alignment, a power of two or 0 (objects are always aligned
 *         to at least 8 bytes)
 * @flags: SLAB_HWCACHE_ALIGN, SLAB_POISON, SLAB_PANIC
 * @ctor: called on each object when its slab is allocated, or NULL.  As in
 *        Linux, objects of a cache with a constructor must be freed in their
 *        constructed state, and are never poisoned (it would destroy that
 *        state).
 *
 * Context: any.  Allocates the descriptor (from the "kmem_cache" cache),
 * and no slab until the first kmem_cache_alloc().
 * Return: the cache, or NULL (arguments that make no sense WARN; with
 * SLAB_PANIC a failure panics instead).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, slab_flags_t flags,
				     void (*ctor)(void *));

/**
 * kmem_cache_destroy() - release a cache and all its slabs
 * @cache: from kmem_cache_create(), or NULL (nothing happens)
 *
 * Objects still allocated are a bug of the caller: the cache then WARNs,
 * naming itself and the count, and stays alive (so those objects may still
 * be freed), as Linux does.  Objects quarantined by a poison check do not
 * count: their slabs are released.
 *
 * Context: any; takes cache->lock with interrupts off.
 */
void kmem_cache_destroy(struct kmem_cache *cache);

/**
 * kmem_cache_alloc() - allocate an object
 * @cache: the cache
 * @gfp: GFP_KERNEL or GFP_ATOMIC, optionally | __GFP_ZERO, __GFP_NOWARN,
 *       __GFP_NOFAIL_INJECT
 *
 * O(1) unless a new slab is needed.  A free object whose poison was
 * overwritten is reported with WARN and quarantined (never handed out).
 *
 * Context: any; takes cache->lock with interrupts off, and calls
 * alloc_pages() without it.  Never sleeps.
 * Return: the object (constructed by the cache's ctor, or poisoned, or
 * zeroed with __GFP_ZERO), or NULL when memory ran out or failslab chose to
 * fail this call.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);

/**
 * kmem_cache_free() - return an object to its cache
 * @cache: the cache it was allocated from
 * @obj: the object, or NULL (nothing happens)
 *
 * Freeing an object twice, into the wrong cache, or a pointer that is not
 * the start of an object of @cache WARNs and changes nothing.  A slab that
 * becomes empty is kept if it is the cache's only empty one, otherwise it
 * goes back to the page allocator.
 *
 * Context: any; takes cache->lock with interrupts off.
 */
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/**
 * kmem_cache_shrink() - give every empty slab back to the page allocator
 * @cache: the cache
 *
 * Context: any; takes cache->lock with interrupts off.
 * Return: 0.
 */
int kmem_cache_shrink(struct kmem_cache *cache);

/* Context: any.  Return: the object size @cache was created with. */
unsigned int kmem_cache_size(struct kmem_cache *cache);
/* Context: any.  Return: the name of @cache. */
const char *kmem_cache_name(struct kmem_cache *cache);

/**
 * kmem_cache_get_stats() - read a cache's counters
 * @cache: the cache
 * @stats: filled with one consistent snapshot
 *
 * Context: any; takes cache->lock with interrupts off.
 */
void kmem_cache_get_stats(struct kmem_cache *cache, struct kmem_cache_stats *stats);

static __always_inline void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return kmem_cache_alloc(cache, gfp | __GFP_ZERO);
}

/**
 * kmalloc() - allocate memory
 * @size: bytes; 0 gives ZERO_SIZE_PTR
 * @gfp: as kmem_cache_alloc()
 *
 * Sizes up to KMALLOC_MAX_CACHE_SIZE come from the smallest kmalloc-<n>
 * cache that fits; larger ones from alloc_pages() (up to KMALLOC_MAX_SIZE).
 * The memory is aligned to at least 8 bytes, and for a power-of-two @size
 * to @size (up to PAGE_SIZE), as Linux guarantees.  Fault injection
 * (failslab) applies to every size.
 *
 * Context: any; never sleeps.
 * Return: the memory, ZERO_SIZE_PTR, or NULL.
 */
void *kmalloc(size_t size, gfp_t gfp);

/**
 * kfree() - free memory from kmalloc() (or from any kmem_cache_alloc())
 * @ptr: the pointer, NULL or ZERO_SIZE_PTR (both do nothing)
 *
 * A pointer that no allocator returned (outside the direct map, inside an
 * object, already free, in pages that kmalloc did not allocate) WARNs with
 * a backtrace and changes nothing.
 *
 * Context: any.
 */
void kfree(const void *ptr);

/**
 * ksize() - usable size of a kmalloc() allocation
 * @ptr: from kmalloc(), or NULL / ZERO_SIZE_PTR (size 0)
 *
 * Context: any.
 * Return: the bytes usable at @ptr, which is at least what was asked for
 * (the size class, or the whole pages of a large allocation); 0, with a
 * WARN, for a pointer kmalloc did not return.
 */
size_t ksize(const void *ptr);

/**
 * krealloc() - resize a kmalloc() allocation
 * @ptr: from kmalloc(), or NULL (then this is kmalloc())
 * @new_size: bytes; 0 frees @ptr and returns ZERO_SIZE_PTR
 * @gfp: as kmalloc()
 *
 * When @new_size fits in ksize(@ptr) the allocation stays where it is;
 * otherwise the contents move to a new allocation and @ptr is freed.
 *
 * Context: any.
 * Return: the allocation, or NULL with @ptr left untouched and still valid.
 */
void *krealloc(const void *ptr, size_t new_size, gfp_t gfp);

static __always_inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* kmalloc(@n * @size), or NULL when the product overflows. */
static __always_inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, gfp);
}

/* kzalloc(@n * @size), or NULL when the product overflows. */
static __always_inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/*
 * The kmalloc cache that serves @size bytes (1 .. KMALLOC_MAX_CACHE_SIZE),
 * for accounting; NULL for other sizes or before kmem_cache_init().
 * Context: any.
 */
struct kmem_cache *kmalloc_cache_for(size_t size);

/* Counters of kmallocs above KMALLOC_MAX_CACHE_SIZE.  Context: any. */
void kmalloc_large_get_stats(struct kmalloc_large_stats *stats);

/*
 * Boot: sets up the caches behind kmem_cache_create() and kmalloc().  Call
 * once, after mem_init() and after the command line is parsed (slab.poison).
 */
void kmem_cache_init(void);

/*
 * Internal to kernel/mm/ (slab.c serves kmalloc.c); not for other callers.
 */
/* kmem_cache_alloc() on behalf of @caller, the address fault injection sees. */
void *__kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp, unsigned long caller);
/* kmem_cache_free() of an object known to be of @cache (kfree() found it there). */
void __kmem_cache_free(struct kmem_cache *cache, void *obj);
/* The cache owning the slab page under @obj; NULL if that is no slab page. */
struct kmem_cache *virt_to_cache(const void *obj);
/* Creates the kmalloc-<n> caches; called by kmem_cache_init(). */
void create_kmalloc_caches(void);

#endif /* _KERNEL_SLAB_H */
