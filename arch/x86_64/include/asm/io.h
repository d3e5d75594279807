/* Port I/O. */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <lib/types.h>

static inline void outb(u8 value, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 value;

	asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outl(u32 value, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

/*
 * ioremap() - map device registers or firmware tables at physical @phys
 * @phys: physical address; need not be page aligned
 * @size: bytes to map
 *
 * The mapping is uncached and lasts for the life of the kernel (there is no
 * iounmap: the few users map once at boot).  Memory in the direct map is
 * returned through it instead.  Context: boot, process context.
 * Return: the virtual address of @phys, or NULL if out of memory.
 */
void *ioremap(u64 phys, size_t size);
/*
 * ioremap_wc() - as ioremap(), but write-combining (uncached on a CPU
 * without PAT): for a framebuffer, never for registers, whose writes it
 * may merge and reorder.
 * Return: the virtual address of @phys, or NULL if out of memory.
 */
void *ioremap_wc(u64 phys, size_t size);

static inline u32 readl(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void writel(u32 value, volatile void *addr)
{
	*(volatile u32 *)addr = value;
}

#endif /* _ASM_IO_H */
