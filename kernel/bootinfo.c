// SPDX-License-Identifier: GPL-2.0
/* The boot information and helpers to read it; see kernel/bootinfo.h. */
#include <kernel/bootinfo.h>

struct boot_info boot_info;

u64 boot_mem_available(const struct boot_info *bi)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < bi->nr_mem; i++) {
		if (bi->mem[i].type == BOOT_MEM_AVAILABLE)
			total += bi->mem[i].length;
	}
	return total;
}

const char *boot_mem_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_AVAILABLE:
		return "usable";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIMABLE:
		return "ACPI data";
	case BOOT_MEM_ACPI_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BAD:
		return "unusable";
	default:
		return "unknown";
	}
}
