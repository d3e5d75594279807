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
 */
#include <asm/pgtable.h>
#include <kernel/bug.h>
#include <kernel/mm.h>
#include <kernel/spinlock.h>
#include <kernel/stack.h>
#include <lib/string.h>

#define SLOT_SIZE	(PAGE_SIZE + THREAD_SIZE)
#define NR_SLOTS	4096		/* stacks at once; 64 MiB of them */
#define STACK_PAGES	(THREAD_SIZE / PAGE_SIZE)

static DEFINE_SPINLOCK(stack_vmap_lock);

/* Protected by stack_vmap_lock: */
static unsigned long slot_used[NR_SLOTS / (8 * sizeof(unsigned long))];
static unsigned long nr_stacks;

static unsigned long slot_base(unsigned int slot)
{
	return STACK_VMAP_BASE + (unsigned long)slot * SLOT_SIZE + PAGE_SIZE;
}

static int claim_slot(void)
{
	unsigned long flags;
	unsigned int i;
	int slot = -1;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	for (i = 0; i < NR_SLOTS; i++) {
		unsigned long bit = 1UL << (i % 64);

		if (!(slot_used[i / 64] & bit)) {
			slot_used[i / 64] |= bit;
			nr_stacks++;
			slot = i;
			break;
		}
	}
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
	return slot;
}

static bool slot_in_use(unsigned int slot)
{
	unsigned long flags;
	bool used;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	used = slot_used[slot / 64] & (1UL << (slot % 64));
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
	return used;
}

static void release_slot(unsigned int slot)
{
	unsigned long flags;

	spin_lock_irqsave(&stack_vmap_lock, flags);
	slot_used[slot / 64] &= ~(1UL << (slot % 64));
	nr_stacks--;
	spin_unlock_irqrestore(&stack_vmap_lock, flags);
}

/* Unmaps and frees the first @nr pages of the stack at @base. */
static void unmap_stack_pages(unsigned long base, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		unsigned long va = base + i * PAGE_SIZE;
		int level;
		pte_t pte = lookup_kernel_address(va, &level);

		unmap_kernel_page(va);
		if (pte)
			__free_pages(pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT), 0);
	}
}

void *alloc_thread_stack(gfp_t gfp)
{
	int slot = claim_slot();
	unsigned long base;
	unsigned int i;

	if (slot < 0)
		return NULL;
	base = slot_base(slot);
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
	return (void *)base;
fail:
	unmap_stack_pages(base, i);
	release_slot(slot);
	return NULL;
}

static bool slot_of(unsigned long addr, unsigned int *slot, unsigned long *offset)
{
	if (addr < STACK_VMAP_BASE || addr >= STACK_VMAP_BASE + (unsigned long)NR_SLOTS * SLOT_SIZE)
		return false;
	*slot = (addr - STACK_VMAP_BASE) / SLOT_SIZE;
	*offset = (addr - STACK_VMAP_BASE) % SLOT_SIZE;
	return true;
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
	if (WARN(!slot_in_use(slot), "free_thread_stack(%p): already free", base))
		return;
	unmap_stack_pages((unsigned long)base, STACK_PAGES);
	release_slot(slot);
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
	*begin = slot_base(slot);
	*end = *begin + THREAD_SIZE;
	return true;
}

unsigned long nr_thread_stacks(void)
{
	return READ_ONCE(nr_stacks);
}
