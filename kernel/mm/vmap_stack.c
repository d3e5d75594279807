// SPDX-License-Identifier: GPL-2.0
/*
 * Guarded kernel stacks in the STACK_VMAP region.
 *
 * The region is cut into slots of one guard page followed by THREAD_SIZE of
 * stack; a slot's guard page is never mapped.  A stack's pages come from the
 * buddy allocator one by one (they need not be contiguous) and are mapped
 * into their slot.  Overflowing a stack writes into the guard page, which
 * page-faults; the fault cannot be delivered on the overflowed stack, so it
 * becomes a double fault, handled on its IST stack, which names the thread
 * (see do_exception()).
 *
 * Unmapping a stack costs a TLB shootdown (an IPI to every CPU), so, as
 * Linux does, up to STACK_CACHE_SIZE freed stacks keep their slot and
 * pages mapped and are handed out again as they are.  Creating and ending
 * threads then costs no page-table change at all in the common case.
 *
 * Slot states, under stack_vmap_lock: free (nothing mapped), cached
 * (mapped, on the cache list, not in use), used.
 */
#include <asm/pgtable.h>
#include <kernel/bug.h>
#include <kernel/mm.h>
#include <kernel/spinlock.h>
#include <kernel/stack.h>
#include <lib/bitops.h>
#include <lib/string.h>

#define SLOT_SIZE	(PAGE_SIZE + THREAD_SIZE)
#define NR_SLOTS	16384		/* stacks at once; 320 MiB of address space */
#define STACK_PAGES	(THREAD_SIZE / PAGE_SIZE)
#define STACK_CACHE_SIZE 16

static DEFINE_SPINLOCK(stack_vmap_lock);

/* Protected by stack_vmap_lock: */
static unsigned long slot_used[NR_SLOTS / BITS_PER_LONG];	/* used or cached */
static unsigned long slot_cached[NR_SLOTS / BITS_PER_LONG];	/* on cached_slots[] */
static unsigned int cached_slots[STACK_CACHE_SIZE];
static unsigned int nr_cached;
/* No free slot below this word of slot_used[]: where the search starts. */
static unsigned int first_free_word;
static unsigned long nr_stacks;

static unsigned long slot_base(unsigned int slot)
{
	return STACK_VMAP_BASE + (unsigned long)slot * SLOT_SIZE + PAGE_SIZE;
}

static bool slot_is_used(unsigned int slot)
{
	return slot_used[slot / BITS_PER_LONG] & (1UL << (slot % BITS_PER_LONG));
}

/* Caches @slot (cached = true) or takes it out of the cache. */
static void set_slot_cached(unsigned int slot, bool cached)
{
	if (cached)
		slot_cached[slot / BITS_PER_LONG] |= 1UL << (slot % BITS_PER_LONG);
	else
		slot_cached[slot / BITS_PER_LONG] &= ~(1UL << (slot % BITS_PER_LONG));
}

static bool slot_is_cached(unsigned int slot)
{
	return slot_cached[slot / BITS_PER_LONG] & (1UL << (slot % BITS_PER_LONG));
}

/* A cached slot (*mapped = true) or a free one; -1 when none is left. */
static int claim_slot(bool *mapped)
{
	unsigned long flags;
	unsigned int i;
	int slot = -1;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	if (nr_cached) {
		slot = cached_slots[--nr_cached];
		set_slot_cached(slot, false);
		*mapped = true;
	} else {
		/* A word at a time: 10,000 threads must not cost 10,000 tests each. */
		for (i = first_free_word; i < ARRAY_SIZE(slot_used); i++) {
			if (slot_used[i] != ~0UL) {
				slot = i * BITS_PER_LONG + __builtin_ctzl(~slot_used[i]);
				slot_used[i] |= 1UL << (slot % BITS_PER_LONG);
				*mapped = false;
				break;
			}
		}
		first_free_word = i;
	}
	if (slot >= 0)
		nr_stacks++;
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
	return slot;
}

static void release_slot(unsigned int slot)
{
	unsigned long flags;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	slot_used[slot / BITS_PER_LONG] &= ~(1UL << (slot % BITS_PER_LONG));
	if (slot / BITS_PER_LONG < first_free_word)
		first_free_word = slot / BITS_PER_LONG;
	nr_stacks--;
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
}

/* Unmaps the first @nr pages of the stack at @base, and frees them. */
static void unmap_stack_pages(unsigned long base, unsigned int nr)
{
	struct page *pages[STACK_PAGES];
	unsigned int i;

	for (i = 0; i < nr; i++) {
		int level;
		pte_t pte = lookup_kernel_address(base + i * PAGE_SIZE, &level);

		pages[i] = pte ? pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT) : NULL;
	}
	unmap_kernel_range(base, nr * PAGE_SIZE);
	/* Only now that no CPU can reach them through a stale TLB entry. */
	for (i = 0; i < nr; i++) {
		if (pages[i])
			__free_pages(pages[i], 0);
	}
}

static int map_stack_pages(unsigned long base, gfp_t gfp)
{
	unsigned int i;

	for (i = 0; i < STACK_PAGES; i++) {
		struct page *page = alloc_pages(gfp, 0);

		if (!page)
			goto fail;
		if (map_kernel_page(base + i * PAGE_SIZE, page_to_pfn(page) << PAGE_SHIFT,
				    PAGE_KERNEL)) {
			__free_pages(page, 0);
			goto fail;
		}
	}
	return 0;
fail:
	unmap_stack_pages(base, i);
	return -1;
}

void *alloc_thread_stack(gfp_t gfp)
{
	bool mapped;
	int slot = claim_slot(&mapped);

	if (slot < 0)
		return NULL;
	if (!mapped && map_stack_pages(slot_base(slot), gfp)) {
		release_slot(slot);
		return NULL;
	}
	return (void *)slot_base(slot);
}

static bool slot_of(unsigned long addr, unsigned int *slot, unsigned long *offset)
{
	if (addr < STACK_VMAP_BASE || addr >= STACK_VMAP_BASE + (unsigned long)NR_SLOTS * SLOT_SIZE)
		return false;
	*slot = (addr - STACK_VMAP_BASE) / SLOT_SIZE;
	*offset = (addr - STACK_VMAP_BASE) % SLOT_SIZE;
	return true;
}

enum stack_free { STACK_NOT_IN_USE, STACK_CACHED, STACK_TO_UNMAP };

/*
 * One lock round trip for the whole free: is @slot in use (not free, not
 * already cached)?  Then keep it mapped for reuse if the cache has room.
 */
static enum stack_free free_slot_or_cache(unsigned int slot)
{
	enum stack_free ret = STACK_TO_UNMAP;
	unsigned long flags;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	if (!slot_is_used(slot) || slot_is_cached(slot)) {
		ret = STACK_NOT_IN_USE;
	} else if (nr_cached < STACK_CACHE_SIZE) {
		cached_slots[nr_cached++] = slot;
		set_slot_cached(slot, true);
		nr_stacks--;
		ret = STACK_CACHED;
	}
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
	return ret;
}

void free_thread_stack(void *base)
{
	unsigned long offset;
	unsigned int slot;

	if (!base)
		return;
	if (WARN(!slot_of((unsigned long)base, &slot, &offset) || offset != PAGE_SIZE,
		 "free_thread_stack(%p): not a thread stack", base))
		return;
	switch (free_slot_or_cache(slot)) {
	case STACK_NOT_IN_USE:
		WARN(1, "free_thread_stack(%p): already free", base);
		return;
	case STACK_CACHED:
		return;
	case STACK_TO_UNMAP:
		break;
	}
	unmap_stack_pages((unsigned long)base, STACK_PAGES);
	release_slot(slot);
}

void drain_thread_stack_cache(void)
{
	unsigned long flags;
	int slot;

	for (;;) {
		spin_lock_irqsave(&stack_vmap_lock, flags);
		slot = nr_cached ? (int)cached_slots[--nr_cached] : -1;
		if (slot >= 0) {
			set_slot_cached(slot, false);
			nr_stacks++;	/* release_slot() counts it out again */
		}
		spin_unlock_irqrestore(&stack_vmap_lock, flags);
		if (slot < 0)
			return;
		unmap_stack_pages(slot_base(slot), STACK_PAGES);
		release_slot(slot);
	}
}

bool is_stack_guard_page(unsigned long addr)
{
	unsigned long offset;
	unsigned int slot;

	return slot_of(addr, &slot, &offset) && offset < PAGE_SIZE;
}

bool thread_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end)
{
	unsigned long offset;
	unsigned int slot;

	if (!slot_of(addr, &slot, &offset) || offset < PAGE_SIZE)
		return false;
	/*
	 * Without stack_vmap_lock: the backtracer calls this in NMIs and
	 * faults.  A slot of no stack (or cache) has nothing mapped, and a
	 * stale frame pointer into it must end the trace, not fault in it.
	 */
	if (!(READ_ONCE(slot_used[slot / BITS_PER_LONG]) & (1UL << (slot % BITS_PER_LONG))))
		return false;
	*begin = slot_base(slot);
	*end = *begin + THREAD_SIZE;
	return true;
}

unsigned long nr_thread_stacks(void)
{
	return READ_ONCE(nr_stacks);
}
