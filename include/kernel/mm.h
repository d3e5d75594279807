/*
 * Physical pages: struct page, the buddy allocator, the direct map.
 *
 * Every physical page frame below the highest usable address has a struct
 * page in mem_map[], indexed by page frame number.  Free pages live in the
 * buddy allocator (kernel/mm/page_alloc.c) in blocks of 2^order pages.
 */
#ifndef _KERNEL_MM_H
#define _KERNEL_MM_H

#include <asm/page.h>
#include <kernel/gfp.h>
#include <lib/list.h>
#include <lib/types.h>

#define MAX_ORDER	10		/* largest block: 2^10 pages = 4 MiB */
#define NR_ORDERS	(MAX_ORDER + 1)

struct kmem_cache;

/* page->flags bits. */
enum pageflags {
	PG_reserved,	/* never handed out: firmware, kernel image, mem_map */
	PG_buddy,	/* head of a free block in the buddy allocator */
	PG_head,	/* head of an allocated block of 2^order pages */
	PG_slab,	/* owned by a slab cache */
};

struct page {
	unsigned long flags;
	unsigned int order;		/* PG_buddy or PG_head: block order */
	unsigned int inuse;		/* PG_slab: objects handed out */
	struct list_head lru;		/* PG_buddy: free list; PG_slab: cache's list */
	struct kmem_cache *slab_cache;	/* PG_slab: the owning cache */
	void *freelist;			/* PG_slab: first free object */
};

extern struct page *mem_map;
extern unsigned long max_pfn;		/* one past the highest page frame */

static inline bool PageFlag(const struct page *p, enum pageflags f)
{
	return p->flags & (1UL << f);
}
static inline void SetPageFlag(struct page *p, enum pageflags f)
{
	p->flags |= 1UL << f;
}
static inline void ClearPageFlag(struct page *p, enum pageflags f)
{
	p->flags &= ~(1UL << f);
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}
static inline void *page_address(const struct page *page)
{
	return __va(page_to_pfn(page) << PAGE_SHIFT);
}
/* @addr must be in the direct map. */
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(__pa(addr) >> PAGE_SHIFT);
}
/* True when @addr is a direct-map address backed by a struct page. */
static inline bool virt_addr_valid(const void *addr)
{
	unsigned long va = (unsigned long)addr;

	return va >= PAGE_OFFSET && va - PAGE_OFFSET < (max_pfn << PAGE_SHIFT);
}

/**
 * alloc_pages() - allocate 2^@order physically contiguous pages
 * @gfp: GFP_KERNEL or GFP_ATOMIC, optionally | __GFP_ZERO, __GFP_NOWARN
 * @order: 0..MAX_ORDER
 *
 * Context: any; takes the zone lock with interrupts off.  Never sleeps.
 * Return: the first page, or NULL when no block is free (or fault
 * injection chose this call to fail).
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/*
 * Frees a block from alloc_pages().  Freeing a block twice, a page that was
 * never allocated, or with the wrong order WARNs and changes nothing.
 */
void __free_pages(struct page *page, unsigned int order);

/* As alloc_pages()/__free_pages(), with direct-map addresses. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp);
void free_pages(unsigned long addr, unsigned int order);
#define __get_free_page(gfp)	__get_free_pages(gfp, 0)
#define free_page(addr)		free_pages(addr, 0)

/* Page counts, for tests and reports: a consistent snapshot. */
struct page_alloc_stats {
	unsigned long total;		/* pages the allocator manages */
	unsigned long free;
	unsigned long allocated;	/* total - free */
	unsigned long free_blocks[NR_ORDERS];
	unsigned long failures;		/* allocations that returned NULL */
};
void page_alloc_get_stats(struct page_alloc_stats *stats);
unsigned long nr_free_pages(void);

/* Boot: hands every usable page not otherwise used to the buddy allocator. */
void mem_init(void);

#endif /* _KERNEL_MM_H */
