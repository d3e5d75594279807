// SPDX-License-Identifier: GPL-2.0
/*
 * ioremap(): mappings of device registers (the local APIC, the IOAPIC) and
 * of firmware tables (ACPI) that may lie outside the direct map.
 *
 * ioremap_wc(): the same, write-combining (asm/pat.h), for framebuffers.
 *
 * Mappings are never removed, so the region is handed out by a bump
 * pointer.  Anything the direct map covers (all RAM, rounded up to its
 * 2 MiB pages, which takes in e.g. QEMU's ACPI tables just below the top of
 * RAM) is returned from there: mapping it a second time uncached would give
 * the same memory two conflicting cache types.
 */
#include <asm/io.h>
#include <asm/pat.h>
#include <asm/pgtable.h>
#include <kernel/mm.h>
#include <kernel/spinlock.h>

static DEFINE_SPINLOCK(ioremap_lock);
static unsigned long ioremap_next = IOREMAP_BASE;	/* under ioremap_lock */

static void *ioremap_prot(u64 phys, size_t size, pte_t prot)
{
	u64 first = phys & PAGE_MASK, last = ALIGN(phys + size, PAGE_SIZE);
	unsigned long flags, va, i;

	if (last <= direct_map_end())
		return __va(phys);

	spin_lock_irqsave(&ioremap_lock, flags);
	va = ioremap_next;
	if (va + (last - first) > IOREMAP_BASE + IOREMAP_SIZE) {
		spin_unlock_irqrestore(&ioremap_lock, flags);
		return NULL;
	}
	ioremap_next += last - first;
	spin_unlock_irqrestore(&ioremap_lock, flags);

	for (i = 0; i < last - first; i += PAGE_SIZE) {
		if (map_kernel_page(va + i, first + i, prot))
			return NULL;
	}
	return (void *)(va + (phys - first));
}

void *ioremap(u64 phys, size_t size)
{
	return ioremap_prot(phys, size, PAGE_KERNEL_NOCACHE);
}

void *ioremap_wc(u64 phys, size_t size)
{
	return ioremap_prot(phys, size, pgprot_writecombine());
}
