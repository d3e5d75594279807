// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_free_page: one order-0 page from the buddy allocator and back.
 *
 * After the warm-up the same page comes and goes, so this is the fast path:
 * no split, no merge beyond the one the free does with its buddy.
 */
#include <kernel/bench.h>
#include <kernel/mm.h>

static unsigned long run_alloc_free_page(const struct bench *b, unsigned long iterations,
					 struct bench_result *r)
{
	unsigned long free_before = nr_free_pages(), free_after, i;

	for (i = 0; i < iterations; i++) {
		struct page *page = alloc_pages(GFP_KERNEL, 0);

		if (unlikely(!page)) {
			bench_fail(r, "alloc_pages(GFP_KERNEL, 0) returned NULL at operation %lu",
				   i);
			return i;
		}
		__free_pages(page, 0);
	}

	/* A free that lost its page would pass unnoticed otherwise. */
	free_after = nr_free_pages();
	if (free_after != free_before)
		bench_fail(r, "%lu pages free before, %lu after", free_before, free_after);
	return iterations;
}

const struct bench page_alloc_benches[] = {
	{ .name = "alloc_free_page", .run = run_alloc_free_page },
	{}
};
