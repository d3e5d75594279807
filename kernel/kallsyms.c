// SPDX-License-Identifier: GPL-2.0
/*
 * Symbol names for kernel text addresses.
 *
 * The table is generated at link time by scripts/kallsyms.py from `nm` of a
 * first link (see the Makefile): kallsyms_addresses[] sorted ascending, and
 * for each symbol an offset into kallsyms_names, a block of NUL-terminated
 * names.  Read-only, so lookups need no lock and work in any context.
 */
#include <kernel/kallsyms.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

extern const unsigned long kallsyms_num_syms;
extern const unsigned long kallsyms_addresses[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];
extern const char _text[], _etext[];

static bool is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

/* Index of the last symbol at or below @addr; kallsyms_num_syms if none. */
static unsigned long symbol_index(unsigned long addr)
{
	unsigned long lo = 0, hi = kallsyms_num_syms;

	if (!hi || addr < kallsyms_addresses[0])
		return kallsyms_num_syms;
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset)
{
	unsigned long i, end;

	if (!is_kernel_text(addr))
		return NULL;
	i = symbol_index(addr);
	if (i == kallsyms_num_syms)
		return NULL;
	end = i + 1 < kallsyms_num_syms ? kallsyms_addresses[i + 1] :
					  (unsigned long)_etext;
	if (size)
		*size = end - kallsyms_addresses[i];
	if (offset)
		*offset = addr - kallsyms_addresses[i];
	return kallsyms_names + kallsyms_name_offsets[i];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	unsigned long i;

	for (i = 0; i < kallsyms_num_syms; i++) {
		if (!strcmp(kallsyms_names + kallsyms_name_offsets[i], name))
			return kallsyms_addresses[i];
	}
	return 0;
}

static int format_symbol(char *buf, size_t size, unsigned long addr, long adjust)
{
	unsigned long symsize, offset;
	const char *name = kallsyms_lookup(addr + adjust, &symsize, &offset);

	if (!name)
		return scnprintf(buf, size, "0x%lx", addr);
	return scnprintf(buf, size, "%s+0x%lx/0x%lx", name, offset - adjust, symsize);
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return format_symbol(buf, size, addr, 0);
}

int sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	return format_symbol(buf, size, addr, -1);
}
