// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables.
 *
 * The boot tables (boot/head.asm) map the first GiB three times over with
 * writable, executable 2 MiB pages.  paging_init() replaces them with:
 *  - the direct map: all RAM at PAGE_OFFSET, 2 MiB pages, writable, NX;
 *  - the image at KERNEL_VIRT_BASE in 4 KiB pages, each section with its
 *    own rights: text read-only and executable, rodata (and the symbol
 *    table) read-only and NX, data and bss writable and NX;
 *  - nothing at all in the lower half, so a NULL dereference faults.
 * Later mappings (kernel stacks) are added with map_kernel_page().  The
 * upper-half PML4 entries are never changed after boot, so every future
 * address space can share them.
 */
#define pr_fmt(fmt) "paging: " fmt

#include <asm/pgtable.h>
#include <asm/processor.h>
#include <kernel/memblock.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/string.h>

#define PTRS_PER_TABLE	512
#define PMD_SIZE	(1UL << 21)

extern const char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

static pte_t *kernel_pml4;
static u64 direct_map_bytes;	/* set once by paging_init() */

/*
 * Serialises changes to the kernel's page tables (Linux's
 * init_mm.page_table_lock).  Two stacks in different slots may share a
 * page table: without it, two CPUs could both find the same entry empty,
 * each install a new table, and one table, with its mapping, would be lost.
 * A leaf lock, taken with interrupts off; the allocations under it never
 * sleep.
 */
static DEFINE_SPINLOCK(pgtable_lock);
static pte_t nx_mask;		/* _PAGE_NX, or 0 when the CPU lacks it */
static bool use_buddy;		/* page tables from the buddy allocator now */

static unsigned int table_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PTRS_PER_TABLE - 1);
}

static pte_t *alloc_table(void)
{
	u64 pa;

	if (use_buddy) {
		unsigned long va = get_zeroed_page(GFP_KERNEL);

		return va ? (pte_t *)va : NULL;
	}
	pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE, BOOT_DIRECT_MAP_SIZE);
	if (!pa)
		panic("paging: out of memory for boot page tables");
	return __va(pa);
}

/* The table one level below @entry, allocated if @create. */
static pte_t *next_table(pte_t *entry, bool create)
{
	pte_t *table;

	if (*entry & _PAGE_PRESENT)
		return __va(*entry & PTE_ADDR_MASK);
	if (!create)
		return NULL;
	table = alloc_table();
	if (!table)
		return NULL;
	/* Rights are decided at the leaf: intermediate levels allow all. */
	*entry = __pa(table) | _PAGE_PRESENT | _PAGE_RW;
	return table;
}

/* The entry at @level (1 = PTE) for @va, creating tables down to it. */
static pte_t *walk_create(unsigned long va, int level)
{
	pte_t *table = kernel_pml4;
	int l;

	for (l = 4; l > level; l--) {
		table = next_table(&table[table_index(va, l)], true);
		if (!table)
			return NULL;
	}
	return &table[table_index(va, level)];
}

int map_kernel_page(unsigned long va, u64 pa, pte_t prot)
{
	unsigned long flags;
	pte_t *pte;
	int ret = 0;

	spin_lock_irqsave(&pgtable_lock, flags);
	pte = walk_create(va, 1);
	if (!pte)
		ret = -ENOMEM;
	else if (*pte & _PAGE_PRESENT)
		ret = -EEXIST;
	else
		*pte = (pa & PTE_ADDR_MASK) | (prot & ~_PAGE_NX) | (prot & nx_mask);
	spin_unlock_irqrestore(&pgtable_lock, flags);
	return ret;
}

void unmap_kernel_range(unsigned long va, unsigned long size)
{
	unsigned long addr, flags;

	spin_lock_irqsave(&pgtable_lock, flags);
	for (addr = va; addr < va + size; addr += PAGE_SIZE) {
		int level;
		pte_t entry = lookup_kernel_address(addr, &level);

		if (entry && level == 1)
			*walk_create(addr, 1) = 0;
	}
	spin_unlock_irqrestore(&pgtable_lock, flags);
	flush_tlb_kernel_range(va, va + size);	/* outside the lock: it waits for IPIs */
}

pte_t lookup_kernel_address(unsigned long va, int *level)
{
	pte_t *table = kernel_pml4 ? kernel_pml4 : __va(read_cr3() & PTE_ADDR_MASK);
	int l;

	for (l = 4; l >= 1; l--) {
		pte_t entry = table[table_index(va, l)];

		if (!(entry & _PAGE_PRESENT))
			return 0;
		if (l == 1 || (l <= 3 && (entry & _PAGE_PSE))) {
			*level = l;
			return entry;
		}
		table = __va(entry & PTE_ADDR_MASK);
	}
	return 0;
}

static void map_direct(u64 end_of_ram)
{
	u64 pa;

	for (pa = 0; pa < end_of_ram; pa += PMD_SIZE) {
		pte_t *pmd = walk_create((unsigned long)__va(pa), 2);

		*pmd = pa | _PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_PSE | nx_mask;
	}
	direct_map_bytes = pa;
}

u64 direct_map_end(void)
{
	return direct_map_bytes;
}

static void map_image_range(const char *start, const char *end, pte_t prot)
{
	unsigned long va;

	for (va = (unsigned long)start; va < (unsigned long)end; va += PAGE_SIZE) {
		if (map_kernel_page(va, va - KERNEL_VIRT_BASE, prot))
			panic("paging: cannot map the kernel image at %#lx", va);
	}
}

static bool cpu_has_nx(void)
{
	struct cpuid_regs r;

	cpuid(0x80000000, &r);
	if (r.eax < 0x80000001)
		return false;
	cpuid(0x80000001, &r);
	return r.edx & (1U << 20);
}

void paging_init(void)
{
	u64 end_of_ram = memblock_end_of_ram();

	nx_mask = cpu_has_nx() ? _PAGE_NX : 0;
	if (!nx_mask)
		pr_warn("CPU has no NX bit: data will be executable\n");
	kernel_pml4 = alloc_table();

	map_direct(end_of_ram);
	map_image_range(_text, _etext, PAGE_KERNEL_EXEC);
	map_image_range(_rodata, _erodata, PAGE_KERNEL_RO);
	map_image_range(_data, _end, PAGE_KERNEL);

	asm volatile("mov %0, %%cr3" : : "r"(__pa(kernel_pml4)) : "memory");
	pr_info("direct map of %llu MiB at %#lx; kernel text RX, rodata RO+NX, data NX\n",
		end_of_ram >> 20, PAGE_OFFSET);
}

void load_kernel_page_tables(void)
{
	asm volatile("mov %0, %%cr3" : : "r"(__pa(kernel_pml4)) : "memory");
}

unsigned long trampoline_page_tables(void)
{
	static pte_t *pml4;
	pte_t *pdpt, *pd;
	int i;

	if (pml4)
		return __pa(pml4);
	pml4 = (pte_t *)get_zeroed_page(GFP_KERNEL);
	pdpt = (pte_t *)get_zeroed_page(GFP_KERNEL);
	pd = (pte_t *)get_zeroed_page(GFP_KERNEL);
	if (!pml4 || !pdpt || !pd)
		panic("paging: no memory for the SMP trampoline's page tables");
	for (i = PTRS_PER_TABLE / 2; i < PTRS_PER_TABLE; i++)
		pml4[i] = kernel_pml4[i];
	pml4[0] = __pa(pdpt) | _PAGE_PRESENT | _PAGE_RW;
	pdpt[0] = __pa(pd) | _PAGE_PRESENT | _PAGE_RW;
	pd[0] = 0 | _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;	/* 0..2 MiB, executable */
	return __pa(pml4);
}

/* After mem_init(): page tables come from the buddy allocator. */
void paging_use_page_allocator(void)
{
	use_buddy = true;
}
