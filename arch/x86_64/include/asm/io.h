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

#endif /* _ASM_IO_H */
