// SPDX-License-Identifier: GPL-2.0
/*
 * The page attribute table (arch/x86_64/mm/pat.c): every CPU has the same
 * write-combining entry, and ioremap_wc() mappings use it while ioremap()
 * ones stay uncached (Intel SDM vol. 3, 13.12.3).
 */
#include <asm/io.h>
#include <asm/pat.h>
#include <asm/processor.h>
#include <kernel/bootinfo.h>
#include <kernel/cpumask.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>

#define MSR_IA32_CR_PAT 0x277
#define PAT_ENTRY1_WC	0x01

static void read_pat(void *info)
{
	u64 *pats = info;

	pats[smp_processor_id()] = rdmsr(MSR_IA32_CR_PAT);
}

static bool cpu_has_pat(void)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	return r.edx & (1U << 16);
}

static void every_cpu_has_the_write_combining_entry(struct ktest *t)
{
	static u64 pats[NR_CPUS];
	unsigned int cpu;

	if (!cpu_has_pat())
		ktest_skip(t, "this CPU has no PAT");
	for_each_online_cpu(cpu)
		KASSERT_EQ(t, smp_call_function_single(cpu, read_pat, pats, true), 0);
	for_each_online_cpu(cpu) {
		KEXPECT_EQ(t, (pats[cpu] >> 8) & 7, PAT_ENTRY1_WC);
		KEXPECT_EQ(t, pats[cpu], pats[0]);
	}
}

/*
 * Physical pages no RAM or device is at (QEMU reserves this range below
 * 1 TiB): mapped by the case, never touched.
 */
#define UNUSED_PHYS 0xfd00000000ULL

static void ioremap_wc_maps_write_combining_and_ioremap_uncached(struct ktest *t)
{
	int level;
	void *wc = ioremap_wc(UNUSED_PHYS, PAGE_SIZE);
	void *uc = ioremap(UNUSED_PHYS + PAGE_SIZE, PAGE_SIZE);
	pte_t pte;

	if (!cpu_has_pat())
		ktest_skip(t, "this CPU has no PAT");
	KASSERT_NOT_NULL(t, wc);
	KASSERT_NOT_NULL(t, uc);
	pte = lookup_kernel_address((unsigned long)wc, &level);
	KEXPECT_EQ(t, level, 1);
	KEXPECT_EQ(t, pat_memory_type(pte), PAT_TYPE_WC);
	pte = lookup_kernel_address((unsigned long)uc, &level);
	KEXPECT_EQ(t, pat_memory_type(pte), PAT_TYPE_UC);
}

static struct ktest_case pat_cases[] = {
	KTEST_CASE(every_cpu_has_the_write_combining_entry),
	KTEST_CASE(ioremap_wc_maps_write_combining_and_ioremap_uncached),
	{}
};
static struct ktest_suite pat_suite = {
	.name = "pat",
	.cases = pat_cases,
};
ktest_register_suite(pat_suite);
