/*
 * Boot-time physical memory bookkeeping, before the buddy allocator exists
 * (a small version of Linux's memblock).
 *
 * The usable memory is what boot_info's memory map calls available; parts
 * of it are reserved (the first MiB, the kernel image, the boot information
 * and modules) and early allocations reserve more.  mem_init() then hands
 * every usable, unreserved page to the buddy allocator, after which
 * memblock is not used again.  Boot CPU only, before SMP: no locking.
 */
#ifndef _KERNEL_MEMBLOCK_H
#define _KERNEL_MEMBLOCK_H

#include <lib/types.h>

#define MEMBLOCK_MAX_RESERVED 64

void memblock_init(void);
void memblock_reserve(u64 base, u64 size);
/* Returns the physical address of @size zeroed bytes below @limit, or 0. */
u64 memblock_alloc(u64 size, u64 align, u64 limit);
/* Highest usable physical address + 1. */
u64 memblock_end_of_ram(void);
/* Calls @fn for each usable, unreserved, page-aligned range [start, end). */
void memblock_for_each_free_range(void (*fn)(u64 start, u64 end));

#endif /* _KERNEL_MEMBLOCK_H */
