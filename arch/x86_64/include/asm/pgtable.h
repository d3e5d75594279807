/*
 * x86_64 four-level page tables (SDM vol. 3A, 4.5), and the kernel's
 * interface to them.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <asm/page.h>
#include <asm/processor.h>
#include <lib/types.h>

typedef u64 pte_t;

#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)
#define _PAGE_USER	(1ULL << 2)
#define _PAGE_PWT	(1ULL << 3)	/* write-through */
#define _PAGE_PCD	(1ULL << 4)	/* cache disable */
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_PSE	(1ULL << 7)	/* 2 MiB / 1 GiB page (in a PD / PDPT entry) */
#define _PAGE_PAT	(1ULL << 7)	/* in a 4 KiB page's PTE: PAT index bit 2 */
#define _PAGE_GLOBAL	(1ULL << 8)
#define _PAGE_NX	(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

/* Protections for map_kernel_page(); NX is dropped on CPUs without it. */
#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO		(_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC	(_PAGE_PRESENT | _PAGE_GLOBAL)	/* read-only + exec */
#define PAGE_KERNEL_NOCACHE	(PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)	/* device registers */

/*
 * Builds the kernel's own page tables (direct map of all RAM, the image
 * with per-section permissions, nothing at virtual 0) and switches to them.
 * Boot CPU, before the buddy allocator: tables come from memblock.
 */
void paging_init(void);
/* Physical addresses below this are in the direct map (0 before paging_init()). */
u64 direct_map_end(void);
/* Switches this CPU to the kernel's page tables (APs, once in the higher half). */
void load_kernel_page_tables(void);
/*
 * Physical address of page tables for CPUs coming up through the SMP
 * trampoline: the kernel's upper half plus an identity map of the first
 * 2 MiB, where the trampoline runs.  Built on first use.
 */
unsigned long trampoline_page_tables(void);
/* Called by mem_init() once the buddy allocator can give page tables. */
void paging_use_page_allocator(void);

/*
 * Maps the 4 KiB page at kernel virtual @va to physical @pa.  Context: any
 * but NMI; takes pgtable_lock with interrupts off, and may allocate
 * page-table pages (which never sleeps).  Return: 0, -EEXIST if @va is
 * mapped, -ENOMEM if a page table could not be allocated.
 */
int map_kernel_page(unsigned long va, u64 pa, pte_t prot);
/*
 * Unmaps the 4 KiB pages of [@va, @va + @size) and flushes them from every
 * CPU's TLB; only then may their physical pages be reused.  Context:
 * process context with interrupts enabled (the flush waits for an IPI).
 */
void unmap_kernel_range(unsigned long va, unsigned long size);
static inline void unmap_kernel_page(unsigned long va)
{
	unmap_kernel_range(va, PAGE_SIZE);
}
/* Flushes [@start, @end) from the TLB of every online CPU. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
/*
 * The entry that maps @va (a PTE, or a PD/PDPT entry for a large page),
 * or 0 when @va is not mapped; *@level is 1 (4 KiB), 2 (2 MiB) or 3 (1 GiB).
 */
pte_t lookup_kernel_address(unsigned long va, int *level);

static inline void flush_tlb_one(unsigned long va)
{
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/*
 * Empties this CPU's TLB, global entries included.  For a CPU coming back
 * from cpu_down(): shootdowns go to online CPUs only, so it missed those of
 * every unmap made while it was down, and may hold stale translations of
 * pages since freed and reused (a thread stack's, typically).
 */
static inline void flush_tlb_local(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		asm volatile("mov %0, %%cr4" : : "r"(cr4 & ~X86_CR4_PGE) : "memory");
		asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
	} else {
		asm volatile("mov %0, %%cr3" : : "r"(read_cr3()) : "memory");
	}
}

#endif /* _ASM_PGTABLE_H */
