// SPDX-License-Identifier: GPL-2.0
/*
 * The page attribute table (PAT): memory types of mappings.
 *
 * A page's type comes from its PAT, PCD and PWT bits, which index the
 * eight entries of the IA32_PAT MSR (Intel SDM vol. 3, 13.12).  At reset
 * the entries are WB, WT, UC-, UC, and again.  We change one entry, as
 * Linux does: entry 1 (PWT alone) becomes write-combining, so that a
 * framebuffer is written in bursts instead of one uncached store at a
 * time.  No mapping uses PWT alone before this runs, so no cache or TLB
 * needs flushing (SDM 13.12.4); PCD | PWT stays UC for device registers.
 * Every CPU must hold the same table, so each one programs it as it comes
 * up, before it can touch a write-combining mapping.
 */
#include <asm/pat.h>
#include <asm/processor.h>

#define MSR_IA32_CR_PAT	0x277

#define PAT_UC		0x00	/* uncached */
#define PAT_WC		0x01	/* write-combining */
#define PAT_WT		0x04	/* write-through */
#define PAT_WB		0x06	/* write-back */
#define PAT_UC_MINUS	0x07	/* uncached, unless an MTRR says WC */

#define PAT_ENTRY(n, type) ((u64)(type) << ((n) * 8))

/* The reset table with entry 1 made write-combining. */
#define PAT_VALUE                                                              \
	(PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) | PAT_ENTRY(2, PAT_UC_MINUS) | \
	 PAT_ENTRY(3, PAT_UC) | PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WT) |      \
	 PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_UC))

#define CPUID_1_EDX_PAT	(1U << 16)

static bool cpu_has_pat(void)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	return r.edx & CPUID_1_EDX_PAT;
}

void pat_init(void)
{
	if (cpu_has_pat())
		wrmsr(MSR_IA32_CR_PAT, PAT_VALUE);
}

pte_t pgprot_writecombine(void)
{
	/* Without a PAT, PWT alone would mean write-through: use uncached. */
	return cpu_has_pat() ? PAGE_KERNEL | _PAGE_PWT : PAGE_KERNEL_NOCACHE;
}

unsigned int pat_memory_type(pte_t pte)
{
	unsigned int index = (pte & _PAGE_PWT ? 1 : 0) | (pte & _PAGE_PCD ? 2 : 0) |
			     (pte & _PAGE_PAT ? 4 : 0);

	return (rdmsr(MSR_IA32_CR_PAT) >> (index * 8)) & 7;
}
