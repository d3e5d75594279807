// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc: memory of any size, from the kmalloc-<size> slab caches or, above
 * KMALLOC_MAX_CACHE_SIZE, straight from the page allocator.
 *
 * Size classes are Linux's: powers of two from 8 to a page, plus 96 and 192
 * (common sizes that would waste a third of the next power of two).  A
 * power-of-two class is created with its size as alignment, and slabs start
 * on a page boundary, so kmalloc(2^n) is aligned to 2^n up to PAGE_SIZE, as
 * Linux has guaranteed since 5.4; every other class to 8 bytes.
 *
 * A large kmalloc is a block of 2^order pages.  Its head page is marked as
 * ours through ->freelist (a tag no other page carries: the field is only
 * the slab's otherwise), so that kfree() can refuse pages that kmalloc did
 * not hand out, and a second kfree() of the same block.
 */
#define pr_fmt(fmt) "kmalloc: " fmt

#include <kernel/bug.h>
#include <kernel/fault-inject.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <lib/compiler.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define _RET_IP_	((unsigned long)__builtin_return_address(0))

static const unsigned int kmalloc_sizes[NR_KMALLOC_CACHES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096,
};

/* Written once by create_kmalloc_caches(), read-only afterwards. */
static struct kmem_cache *kmalloc_caches[NR_KMALLOC_CACHES];

/* For sizes 1..192: the class of (size - 1) / 8, i.e. of each 8-byte step. */
static const u8 small_size_index[24] = {
	0,			/* 1..8 */
	1,			/* 9..16 */
	2, 2,			/* 17..32 */
	3, 3, 3, 3,		/* 33..64 */
	4, 4, 4, 4,		/* 65..96 */
	5, 5, 5, 5,		/* 97..128 */
	6, 6, 6, 6, 6, 6, 6, 6,	/* 129..192 */
};

/* The tag of a large kmalloc's head page; its address is what matters. */
static const char large_kmalloc_tag;
#define LARGE_KMALLOC_TAG	((void *)&large_kmalloc_tag)

static DEFINE_SPINLOCK(large_lock);
/* large_lock guards large_stats. */
static struct kmalloc_large_stats large_stats;

/* @size is 1..KMALLOC_MAX_CACHE_SIZE. */
static unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return small_size_index[(size - 1) / 8];
	/* 193..256 is class 7 (kmalloc-256), and each doubling one more. */
	return 7 + (64 - __builtin_clzl(size - 1)) - 8;
}

struct kmem_cache *kmalloc_cache_for(size_t size)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return kmalloc_caches[kmalloc_index(size)];
}

void create_kmalloc_caches(void)
{
	char name[KMEM_CACHE_NAME_LEN];
	unsigned int i, size, align;

	for (i = 0; i < NR_KMALLOC_CACHES; i++) {
		size = kmalloc_sizes[i];
		align = (size & (size - 1)) ? 0 : size;
		scnprintf(name, sizeof(name), "kmalloc-%u", size);
		kmalloc_caches[i] = kmem_cache_create(name, size, align, SLAB_PANIC, NULL);
	}
}

static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void count_large(long allocations, long pages, unsigned long failures)
{
	unsigned long flags;

	spin_lock_irqsave(&large_lock, flags);
	large_stats.allocations += allocations;
	large_stats.pages += pages;
	large_stats.failures += failures;
	spin_unlock_irqrestore(&large_lock, flags);
}

static void *kmalloc_large(size_t size, gfp_t gfp, unsigned long caller)
{
	unsigned int order;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		WARN(!(gfp & __GFP_NOWARN), "kmalloc: %zu bytes is more than KMALLOC_MAX_SIZE",
		     size);
		count_large(0, 0, 1);
		return NULL;
	}
	if (should_fail_slab(NULL, gfp, caller)) {
		count_large(0, 0, 1);
		return NULL;
	}
	order = get_order(size);
	page = alloc_pages(gfp, order);
	if (!page) {
		count_large(0, 0, 1);
		return NULL;
	}
	page->slab_cache = NULL;
	WRITE_ONCE(page->freelist, LARGE_KMALLOC_TAG);
	count_large(1, 1L << order, 0);
	return page_address(page);
}

static void *__kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large(size, gfp, caller);
	s = kmalloc_caches[kmalloc_index(size)];
	if (WARN_ONCE(!s, "kmalloc before kmem_cache_init()"))
		return NULL;
	return __kmem_cache_alloc(s, gfp, caller);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, _RET_IP_);
}

/* Is @ptr the start of a live large kmalloc?  Context: any. */
static struct page *large_kmalloc_page(const void *ptr)
{
	struct page *page = virt_to_page(ptr);

	if (PageFlag(page, PG_slab) || !PageFlag(page, PG_head) || ptr != page_address(page) ||
	    READ_ONCE(page->freelist) != LARGE_KMALLOC_TAG)
		return NULL;
	return page;
}

static void free_large_kmalloc(const void *ptr)
{
	struct page *page = large_kmalloc_page(ptr);
	unsigned int order;

	/* The exchange makes one of two racing kfree()s of @ptr the loser. */
	if (!page || __atomic_exchange_n(&page->freelist, NULL, __ATOMIC_ACQ_REL) !=
			     LARGE_KMALLOC_TAG) {
		WARN(1, "kfree: %p was not returned by kmalloc, or is already free", ptr);
		return;
	}
	order = page->order;
	count_large(-1, -(1L << order), 0);
	__free_pages(page, order);
}

void kfree(const void *ptr)
{
	struct kmem_cache *s;

	if (unlikely(ZERO_OR_NULL_PTR(ptr)))
		return;
	if (!virt_addr_valid(ptr)) {
		WARN(1, "kfree: %p is not a kmalloc address (not in the direct map)", ptr);
		return;
	}
	s = virt_to_cache(ptr);
	if (likely(s))
		__kmem_cache_free(s, (void *)ptr); /* found in its own cache */
	else
		free_large_kmalloc(ptr);
}

size_t ksize(const void *ptr)
{
	struct kmem_cache *s;
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(ptr)))
		return 0;
	if (!virt_addr_valid(ptr))
		goto bad;
	s = virt_to_cache(ptr);
	if (s)
		return kmem_cache_size(s);
	page = large_kmalloc_page(ptr);
	if (page)
		return PAGE_SIZE << page->order;
bad:
	WARN(1, "ksize: %p was not returned by kmalloc", ptr);
	return 0;
}

void *krealloc(const void *ptr, size_t new_size, gfp_t gfp)
{
	size_t old_size;
	void *ret;

	if (unlikely(!new_size)) {
		kfree(ptr);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(ptr))
		return __kmalloc(new_size, gfp, _RET_IP_);
	old_size = ksize(ptr);
	if (!old_size)
		return NULL;	/* not ours: ksize() warned */
	if (new_size <= old_size)
		return (void *)ptr;
	ret = __kmalloc(new_size, gfp, _RET_IP_);
	if (ret) {
		memcpy(ret, ptr, old_size);
		kfree(ptr);
	}
	return ret;
}

void kmalloc_large_get_stats(struct kmalloc_large_stats *stats)
{
	unsigned long flags;

	spin_lock_irqsave(&large_lock, flags);
	*stats = large_stats;
	spin_unlock_irqrestore(&large_lock, flags);
}
