// SPDX-License-Identifier: GPL-2.0
/*
 * TLB shootdown for kernel mappings.
 *
 * Every CPU caches translations in its own TLB, and invlpg only empties
 * the TLB of the CPU that runs it.  After a kernel page is unmapped (or
 * remapped), any other CPU may still hold the old translation and would
 * read or write the old physical page through it, which may by then belong
 * to someone else.  So an unmap flushes the range on every online CPU,
 * with an IPI, before the pages are reused.
 */
#include <asm/pgtable.h>
#include <kernel/cpumask.h>
#include <kernel/smp.h>

struct flush_range {
	unsigned long start, end;
};

static void flush_range_here(void *arg)
{
	const struct flush_range *r = arg;
	unsigned long va;

	for (va = r->start; va < r->end; va += PAGE_SIZE)
		flush_tlb_one(va);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	struct flush_range range = { .start = start, .end = end };

	flush_range_here(&range);
	if (num_online_cpus() > 1)
		smp_call_function_many(cpu_online_mask, flush_range_here, &range, true);
}
