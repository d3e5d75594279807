// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy allocator: physical memory in blocks of 2^order pages.
 *
 * Free blocks of each order sit on free_area[order].  Allocating order k
 * takes the first block of the smallest order >= k that has one and splits
 * it, returning the upper halves to the lower orders.  Freeing merges a
 * block with its buddy (the block whose page frame number differs only in
 * bit `order`) for as long as the buddy is free and of the same order.
 * Both are O(MAX_ORDER).
 *
 * Page states, in page->flags, each owned by zone_lock:
 *   PG_buddy	head of a free block; page->order is its order
 *   PG_head	head of an allocated block; page->order is its order
 *   PG_reserved	never allocatable
 * Other pages of a block carry no state.  The states let __free_pages()
 * refuse a double free, a never-allocated page, or a wrong order with a
 * WARN instead of corrupting the free lists.
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include <asm/pgtable.h>
#include <kernel/bug.h>
#include <kernel/fault-inject.h>
#include <kernel/memblock.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <lib/string.h>

struct page *mem_map;
unsigned long max_pfn;

static DEFINE_SPINLOCK(zone_lock);

/* Protected by zone_lock: */
static struct free_area {
	struct list_head free_list;
	unsigned long nr_free;		/* blocks */
} free_area[NR_ORDERS];
static unsigned long managed_pages, free_pages_count, alloc_failures;

static struct page *find_buddy(struct page *page, unsigned int order)
{
	unsigned long buddy_pfn = page_to_pfn(page) ^ (1UL << order);

	return buddy_pfn < max_pfn ? pfn_to_page(buddy_pfn) : NULL;
}

/* Called with zone_lock held. */
static void add_free_block(struct page *page, unsigned int order)
{
	SetPageFlag(page, PG_buddy);
	page->order = order;
	list_add(&page->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

/* Called with zone_lock held. */
static void del_free_block(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	ClearPageFlag(page, PG_buddy);
	free_area[order].nr_free--;
}

/* Frees a block and merges it upwards.  Called with zone_lock held. */
static void free_block_locked(struct page *page, unsigned int order)
{
	free_pages_count += 1UL << order;
	while (order < MAX_ORDER) {
		struct page *buddy = find_buddy(page, order);

		if (!buddy || !PageFlag(buddy, PG_buddy) || buddy->order != order)
			break;
		del_free_block(buddy, order);
		if (buddy < page)
			page = buddy;
		order++;
	}
	add_free_block(page, order);
}

/* Called with zone_lock held. */
static struct page *take_block_locked(unsigned int order)
{
	unsigned int current_order;
	struct page *page;

	for (current_order = order; current_order <= MAX_ORDER; current_order++) {
		if (!list_empty(&free_area[current_order].free_list))
			break;
	}
	if (current_order > MAX_ORDER)
		return NULL;

	page = list_first_entry(&free_area[current_order].free_list, struct page, lru);
	del_free_block(page, current_order);
	while (current_order > order) {	/* give back the upper halves */
		current_order--;
		add_free_block(page + (1UL << current_order), current_order);
	}
	SetPageFlag(page, PG_head);
	page->order = order;
	free_pages_count -= 1UL << order;
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page = NULL;

	if (WARN(order > MAX_ORDER, "alloc_pages: order %u > MAX_ORDER", order))
		return NULL;
	if (!(gfp & __GFP_NOFAIL_INJECT) &&
	    should_fail_alloc_page(gfp, order, (unsigned long)__builtin_return_address(0)))
		goto fail;

	spin_lock_irqsave(&zone_lock, flags);
	page = take_block_locked(order);
	if (!page)
		alloc_failures++;
	spin_unlock_irqrestore(&zone_lock, flags);
	if (!page)
		goto fail;

	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
fail:
	if (!(gfp & __GFP_NOWARN))
		pr_warn("allocation of order %u failed (%lu pages free)\n", order,
			nr_free_pages());
	return NULL;
}

/* Return: NULL if @page heads a block of @order that may be freed. */
static const char *bad_free_reason(struct page *page, unsigned int order)
{
	if (page < mem_map || page >= mem_map + max_pfn)
		return "not a page of RAM";
	if (PageFlag(page, PG_reserved))
		return "a reserved page";
	if (PageFlag(page, PG_buddy))
		return "already free (double free)";
	if (!PageFlag(page, PG_head))
		return "not the start of an allocated block";
	if (page->order != order)
		return "freed with the wrong order";
	return NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;
	const char *reason;

	spin_lock_irqsave(&zone_lock, flags);
	reason = bad_free_reason(page, order);
	if (!reason) {
		ClearPageFlag(page, PG_head);
		free_block_locked(page, order);
	}
	spin_unlock_irqrestore(&zone_lock, flags);

	WARN(reason, "__free_pages(pfn %#lx, order %u): %s", page_to_pfn(page), order,
	     reason);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (WARN(!virt_addr_valid((void *)addr) || addr % PAGE_SIZE,
		 "free_pages(%#lx): not a page of the direct map", addr))
		return;
	__free_pages(virt_to_page((void *)addr), order);
}

void page_alloc_get_stats(struct page_alloc_stats *stats)
{
	unsigned long flags;
	unsigned int o;

	spin_lock_irqsave(&zone_lock, flags);
	stats->total = managed_pages;
	stats->free = free_pages_count;
	stats->allocated = managed_pages - free_pages_count;
	stats->failures = alloc_failures;
	for (o = 0; o < NR_ORDERS; o++)
		stats->free_blocks[o] = free_area[o].nr_free;
	spin_unlock_irqrestore(&zone_lock, flags);
}

unsigned long nr_free_pages(void)
{
	return READ_ONCE(free_pages_count);
}

/* Boot: frees [start, end) in the largest aligned blocks that fit. */
static void free_boot_range(u64 start, u64 end)
{
	unsigned long pfn = start >> PAGE_SHIFT, end_pfn = end >> PAGE_SHIFT;

	while (pfn < end_pfn) {
		unsigned int order = MAX_ORDER;

		while (order && ((pfn & ((1UL << order) - 1)) || pfn + (1UL << order) > end_pfn))
			order--;
		for (unsigned long i = 0; i < (1UL << order); i++)
			ClearPageFlag(pfn_to_page(pfn + i), PG_reserved);
		managed_pages += 1UL << order;
		free_block_locked(pfn_to_page(pfn), order);
		pfn += 1UL << order;
	}
}

void mem_init(void)
{
	u64 map_size, map_phys;
	unsigned long pfn;
	unsigned int o;

	max_pfn = memblock_end_of_ram() >> PAGE_SHIFT;
	map_size = max_pfn * sizeof(struct page);
	map_phys = memblock_alloc(map_size, PAGE_SIZE, ~0ULL);
	if (!map_phys)
		panic("mem_init: no room for mem_map (%llu KiB)", map_size >> 10);
	mem_map = __va(map_phys);

	for (o = 0; o < NR_ORDERS; o++)
		INIT_LIST_HEAD(&free_area[o].free_list);
	for (pfn = 0; pfn < max_pfn; pfn++)
		SetPageFlag(pfn_to_page(pfn), PG_reserved);

	/* Boot CPU only, nothing else runs: the lock is not needed yet. */
	memblock_for_each_free_range(free_boot_range);
	paging_use_page_allocator();

	pr_info("%lu pages (%lu MiB) free, mem_map of %llu KiB at %#llx\n",
		managed_pages, managed_pages >> (20 - PAGE_SHIFT), map_size >> 10, map_phys);
}
