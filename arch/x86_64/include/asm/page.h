/* The kernel's address space layout. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

/*
 * The kernel's virtual address space (docs/memory.md draws it):
 *
 *   0000000000000000 - 00007fffffffffff   nothing (a NULL dereference faults)
 *   ffff800000000000 - ...                 direct map of all RAM (PAGE_OFFSET)
 *   ffffc80000000000 - ffffc8ffffffffff   ioremap(): device registers, firmware tables
 *   ffffc90000000000 - ffffc9ffffffffff   kernel stacks, each below a guard page
 *   ffffff0000000000 - ffffff7fffffffff   never mapped: tests fault here on purpose
 *   ffffffff80000000 - ...                 the kernel image (KERNEL_VIRT_BASE)
 */
#define PAGE_OFFSET		0xffff800000000000UL
#define IOREMAP_BASE		0xffffc80000000000UL
#define IOREMAP_SIZE		(1UL << 40)
#define STACK_VMAP_BASE		0xffffc90000000000UL
#define STACK_VMAP_SIZE		(1UL << 40)
#define KERNEL_VIRT_BASE	0xffffffff80000000UL
/* How much the boot page tables map at PAGE_OFFSET. */
#define BOOT_DIRECT_MAP_SIZE	(1UL << 30)

/*
 * Kernel stacks are 16 KiB, as on Linux x86_64: deep enough for the
 * interrupt frames nested on top of a kthread's calls.
 */
#define THREAD_SIZE_ORDER	2
#define THREAD_SIZE		(PAGE_SIZE << THREAD_SIZE_ORDER)

#ifndef __ASSEMBLER__
#define __va(phys)	((void *)((unsigned long)(phys) + PAGE_OFFSET))
#define __pa(virt)	((unsigned long)(virt) - PAGE_OFFSET)
#endif

#endif /* _ASM_PAGE_H */
