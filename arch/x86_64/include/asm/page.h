/* The kernel's address space layout. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

/* All physical memory is mapped here (the direct map); see boot/head.asm. */
#define PAGE_OFFSET		0xffff800000000000UL
/* The kernel image, as linker.ld links it. */
#define KERNEL_VIRT_BASE	0xffffffff80000000UL
/* How much the boot page tables map at PAGE_OFFSET. */
#define BOOT_DIRECT_MAP_SIZE	(1UL << 30)

#ifndef __ASSEMBLER__
#define __va(phys)	((void *)((unsigned long)(phys) + PAGE_OFFSET))
#define __pa(virt)	((unsigned long)(virt) - PAGE_OFFSET)
#endif

#endif /* _ASM_PAGE_H */
