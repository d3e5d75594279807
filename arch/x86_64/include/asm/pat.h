/* SPDX-License-Identifier: GPL-2.0 */
/* Memory types of mappings: the page attribute table (arch/x86_64/mm/pat.c). */
#ifndef _ASM_PAT_H
#define _ASM_PAT_H

#include <asm/pgtable.h>

/* IA32_PAT's encodings of the memory types, as pat_memory_type() returns them. */
#define PAT_TYPE_UC	0
#define PAT_TYPE_WC	1
#define PAT_TYPE_WB	6

/*
 * Programs this CPU's PAT with a write-combining entry.  Called by every
 * CPU as it comes up, before it uses a write-combining mapping; no-op on a
 * CPU without PAT.
 */
void pat_init(void);
/* Kernel page protection for write-combining memory (uncached without PAT). */
pte_t pgprot_writecombine(void);
/* The memory type this CPU's PAT gives a 4 KiB page mapped by @pte. */
unsigned int pat_memory_type(pte_t pte);

#endif /* _ASM_PAT_H */
