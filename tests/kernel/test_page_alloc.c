// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy allocator: orders, alignment, splitting and merging, exhaustion,
 * and the misuse it must refuse (double free, foreign pages, wrong order).
 */
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <lib/string.h>

static struct page_alloc_stats before;

static int page_alloc_init(struct ktest *t)
{
	page_alloc_get_stats(&before);
	return 0;
}

/* Every case must give back what it took. */
static void page_alloc_exit(struct ktest *t)
{
	struct page_alloc_stats after;

	page_alloc_get_stats(&after);
	KEXPECT_EQ(t, after.free, before.free);
}

static void every_order_is_naturally_aligned(struct ktest *t)
{
	unsigned int order;

	for (order = 0; order <= MAX_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned long pfn;

		KASSERT_NOT_NULL(t, page);
		pfn = page_to_pfn(page);
		KEXPECT_EQ(t, pfn & ((1UL << order) - 1), 0);
		KEXPECT_EQ(t, nr_free_pages(), before.free - (1UL << order));
		__free_pages(page, order);
	}
}

static void zeroed_allocation_is_zero_and_writable(struct ktest *t)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	const u8 *p = (const u8 *)addr;
	unsigned long i, nonzero = 0;

	KASSERT_NE(t, addr, 0);
	for (i = 0; i < 2 * PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	KEXPECT_EQ(t, nonzero, 0);
	memset((void *)addr, 0xa5, 2 * PAGE_SIZE);
	free_pages(addr, 1);
}

static void blocks_do_not_overlap(struct ktest *t)
{
	unsigned long a = __get_free_page(GFP_KERNEL), b = __get_free_page(GFP_KERNEL);

	KASSERT_NE(t, a, 0);
	KASSERT_NE(t, b, 0);
	KEXPECT_NE(t, a, b);
	memset((void *)a, 1, PAGE_SIZE);
	memset((void *)b, 2, PAGE_SIZE);
	KEXPECT_EQ(t, *(u8 *)a, 1);
	free_page(a);
	free_page(b);
}

#define NR_SCATTER 256

/* Free in a random order: the buddies must merge back into large blocks. */
static void random_order_frees_merge_back(struct ktest *t)
{
	static struct page *pages[NR_SCATTER];
	struct page_alloc_stats after;
	unsigned int i, order;

	for (i = 0; i < NR_SCATTER; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 0);
		KASSERT_NOT_NULL(t, pages[i]);
	}
	for (i = NR_SCATTER - 1; i > 0; i--) {	/* Fisher-Yates, seeded */
		unsigned int j = prandom_u32_below(&t->rnd, i + 1);
		struct page *tmp = pages[i];

		pages[i] = pages[j];
		pages[j] = tmp;
	}
	for (i = 0; i < NR_SCATTER; i++)
		__free_pages(pages[i], 0);

	page_alloc_get_stats(&after);
	for (order = 0; order < NR_ORDERS; order++)
		KEXPECT_EQ(t, after.free_blocks[order], before.free_blocks[order]);
}

static void exhaustion_fails_cleanly_and_recovers(struct ktest *t)
{
	struct list_head taken;
	struct page *page, *n;
	unsigned long count = 0;
	struct page_alloc_stats during;

	INIT_LIST_HEAD(&taken);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, 0))) {
		list_add(&page->lru, &taken);	/* lru is ours while allocated */
		count++;
	}
	page_alloc_get_stats(&during);
	KEXPECT_EQ(t, during.free, 0);
	KEXPECT_EQ(t, count, before.free);
	KEXPECT_GT(t, during.failures, before.failures);
	KEXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));

	list_for_each_entry_safe(page, n, &taken, lru)
		__free_pages(page, 0);
	page = alloc_pages(GFP_KERNEL, MAX_ORDER);
	KEXPECT_NOT_NULL(t, page);
	if (page)
		__free_pages(page, MAX_ORDER);
}

static void double_free_warns_and_changes_nothing(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	unsigned long free_after_first;

	KASSERT_NOT_NULL(t, page);
	__free_pages(page, 0);
	free_after_first = nr_free_pages();
	KEXPECT_WARN(t, __free_pages(page, 0));
	KEXPECT_EQ(t, nr_free_pages(), free_after_first);
}

static void freeing_a_tail_page_or_wrong_order_warns(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);

	KASSERT_NOT_NULL(t, page);
	KEXPECT_WARN(t, __free_pages(page + 1, 0));
	KEXPECT_WARN(t, __free_pages(page, 1));
	KEXPECT_EQ(t, nr_free_pages(), before.free - 4);
	__free_pages(page, 2);
}

static void freeing_reserved_or_foreign_memory_warns(struct ktest *t)
{
	static char not_a_page[64];

	KEXPECT_WARN(t, __free_pages(pfn_to_page(0), 0));	/* the first MiB */
	KEXPECT_WARN(t, free_pages((unsigned long)not_a_page, 0));
	KEXPECT_WARN(t, free_pages((unsigned long)__va(0x1000) + 8, 0));
}

static void order_above_max_is_refused(struct ktest *t)
{
	struct page *page = NULL;

	KEXPECT_WARN(t, page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER + 1));
	KEXPECT_NULL(t, page);
}

static void kernel_image_and_low_memory_are_never_free(struct ktest *t)
{
	extern const char _text[], _end[];
	unsigned long pfn;

	for (pfn = 0; pfn < (0x100000 >> PAGE_SHIFT); pfn++)
		KASSERT_TRUE(t, PageFlag(pfn_to_page(pfn), PG_reserved));
	for (pfn = ((unsigned long)_text - KERNEL_VIRT_BASE) >> PAGE_SHIFT;
	     pfn < ((unsigned long)_end - KERNEL_VIRT_BASE) >> PAGE_SHIFT; pfn++)
		KASSERT_TRUE(t, PageFlag(pfn_to_page(pfn), PG_reserved));
}

static struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(every_order_is_naturally_aligned),
	KTEST_CASE(zeroed_allocation_is_zero_and_writable),
	KTEST_CASE(blocks_do_not_overlap),
	KTEST_CASE(random_order_frees_merge_back),
	KTEST_CASE(exhaustion_fails_cleanly_and_recovers),
	KTEST_CASE(double_free_warns_and_changes_nothing),
	KTEST_CASE(freeing_a_tail_page_or_wrong_order_warns),
	KTEST_CASE(freeing_reserved_or_foreign_memory_warns),
	KTEST_CASE(order_above_max_is_refused),
	KTEST_CASE(kernel_image_and_low_memory_are_never_free),
	{}
};
static struct ktest_suite page_alloc_suite = {
	.name = "page_alloc",
	.cases = page_alloc_cases,
	.init = page_alloc_init,
	.exit = page_alloc_exit,
};
ktest_register_suite(page_alloc_suite);
