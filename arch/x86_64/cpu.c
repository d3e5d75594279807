// SPDX-License-Identifier: GPL-2.0
/* Identifying the CPU, for the boot banner. */
#include <asm/processor.h>
#include <kernel/arch.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

static void cpuid_vendor(char vendor[13])
{
	struct cpuid_regs r;

	cpuid(0, &r);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
}

/* The brand string of leaves 0x80000002..4, without its padding spaces. */
static void cpuid_brand(char brand[49])
{
	struct cpuid_regs r;
	const char *start;
	u32 leaf;

	brand[0] = '\0';
	cpuid(0x80000000, &r);
	if (r.eax < 0x80000004)
		return;
	for (leaf = 0; leaf < 3; leaf++) {
		cpuid(0x80000002 + leaf, &r);
		memcpy(brand + leaf * 16, &r, 16);
	}
	brand[48] = '\0';
	for (start = brand; *start == ' '; start++)
		;
	memmove(brand, start, strlen(start) + 1);
}

void arch_cpu_describe(char *buf, size_t size)
{
	char vendor[13], brand[49];
	struct cpuid_regs r;

	cpuid_vendor(vendor);
	cpuid_brand(brand);
	cpuid(1, &r);
	snprintf(buf, size, "%s %s (family %u model %u stepping %u)", vendor,
		 brand[0] ? brand : "(no brand string)",
		 ((r.eax >> 8) & 0xf) + ((r.eax >> 20) & 0xff),
		 ((r.eax >> 4) & 0xf) | ((r.eax >> 12) & 0xf0), r.eax & 0xf);
}
