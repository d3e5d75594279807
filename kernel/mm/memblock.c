// SPDX-License-Identifier: GPL-2.0
/* Boot-time memory bookkeeping; see kernel/memblock.h. */
#define pr_fmt(fmt) "memblock: " fmt

#include <asm/page.h>
#include <kernel/bootinfo.h>
#include <kernel/memblock.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <lib/compiler.h>
#include <lib/string.h>

/* The first MiB: real-mode IVT, BIOS data, EBDA, option ROMs; and trampolines. */
#define LOW_MEMORY_RESERVED	0x100000ULL

struct range {
	u64 start, end;		/* [start, end) */
};

static struct range reserved[MEMBLOCK_MAX_RESERVED];
static unsigned int nr_reserved;

extern const char _text[], _end[];

void memblock_reserve(u64 base, u64 size)
{
	if (!size)
		return;
	if (nr_reserved == MEMBLOCK_MAX_RESERVED)
		panic("memblock: more than %d reserved ranges", MEMBLOCK_MAX_RESERVED);
	reserved[nr_reserved].start = ALIGN_DOWN(base, PAGE_SIZE);
	reserved[nr_reserved].end = ALIGN(base + size, PAGE_SIZE);
	nr_reserved++;
}

void memblock_init(void)
{
	unsigned int i;

	memblock_reserve(0, LOW_MEMORY_RESERVED);
	/* The image from its load address (.boot at 1 MiB) to _end. */
	memblock_reserve(LOW_MEMORY_RESERVED,
			 (unsigned long)_end - KERNEL_VIRT_BASE - LOW_MEMORY_RESERVED);
	memblock_reserve(boot_info.info_phys, boot_info.info_size);
	for (i = 0; i < boot_info.nr_modules; i++)
		memblock_reserve(boot_info.modules[i].start,
				 boot_info.modules[i].end - boot_info.modules[i].start);
}

/* The lowest reserved range overlapping [start, end), or NULL. */
static const struct range *first_overlap(u64 start, u64 end)
{
	const struct range *best = NULL;
	unsigned int i;

	for (i = 0; i < nr_reserved; i++) {
		const struct range *r = &reserved[i];

		if (r->start < end && start < r->end && (!best || r->start < best->start))
			best = r;
	}
	return best;
}

/*
 * Walks the free parts of available region @r in ascending order, calling
 * @fn on each until it returns true.
 */
static bool walk_free(const struct boot_mem_region *r,
		      bool (*fn)(u64 start, u64 end, void *data), void *data)
{
	u64 start = ALIGN(r->base, PAGE_SIZE);
	u64 end = ALIGN_DOWN(r->base + r->length, PAGE_SIZE);

	while (start < end) {
		const struct range *hole = first_overlap(start, end);
		u64 stop = hole ? max(hole->start, start) : end;

		if (stop > start && fn(start, stop, data))
			return true;
		if (!hole)
			break;
		start = max(start, hole->end);
	}
	return false;
}

static bool walk_all_free(bool (*fn)(u64 start, u64 end, void *data), void *data)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_mem; i++) {
		if (boot_info.mem[i].type == BOOT_MEM_AVAILABLE &&
		    walk_free(&boot_info.mem[i], fn, data))
			return true;
	}
	return false;
}

struct alloc_request {
	u64 size, align, limit;
	u64 result;
};

static bool try_alloc(u64 start, u64 end, void *data)
{
	struct alloc_request *req = data;
	u64 base = ALIGN(start, req->align);

	if (base >= end || end - base < req->size || base + req->size > req->limit)
		return false;
	req->result = base;
	return true;
}

u64 memblock_alloc(u64 size, u64 align, u64 limit)
{
	struct alloc_request req = {
		.size = ALIGN(size, PAGE_SIZE),
		.align = max(align, (u64)PAGE_SIZE),
		.limit = limit,
	};

	if (!walk_all_free(try_alloc, &req))
		return 0;
	memblock_reserve(req.result, req.size);
	memset(__va(req.result), 0, req.size);
	return req.result;
}

u64 memblock_end_of_ram(void)
{
	u64 end = 0;
	unsigned int i;

	for (i = 0; i < boot_info.nr_mem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];

		if (r->type == BOOT_MEM_AVAILABLE)
			end = max(end, ALIGN_DOWN(r->base + r->length, PAGE_SIZE));
	}
	return end;
}

static bool call_range_fn(u64 start, u64 end, void *data)
{
	void (*fn)(u64, u64) = data;

	fn(start, end);
	return false;
}

void memblock_for_each_free_range(void (*fn)(u64 start, u64 end))
{
	walk_all_free(call_range_fn, (void *)fn);
}
