/* Descriptor tables: GDT with TSS, and the IDT. */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include <lib/types.h>

#define GDT_ENTRY_KERNEL_CS	1
#define GDT_ENTRY_KERNEL_DS	2
#define GDT_ENTRY_TSS		3	/* 16 bytes: entries 3 and 4 */
#define GDT_ENTRIES		5

#define __KERNEL_CS		(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS		(GDT_ENTRY_KERNEL_DS * 8)
#define GDT_TSS_SELECTOR	(GDT_ENTRY_TSS * 8)

/* Interrupt stack table slots (TSS.IST1..7); 0 means "current stack". */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_STACK_SIZE		(4 * 4096)

#define NR_EXCEPTION_VECTORS	32
#define NR_VECTORS		256

/* The boot CPU's GDT, TSS and IST stacks. */
void gdt_init(void);
/*
 * Another CPU's: the boot CPU allocates its IST stacks first (return: 0 or
 * -1), then that CPU loads its tables, before it sets its GS base (loading
 * GS clears it) and before anything that takes a lock, since locks count
 * in the per-CPU preempt_count.
 */
int gdt_prepare_secondary(unsigned int cpu);
void gdt_init_secondary(unsigned int cpu);
/* Fills the IDT and loads it (boot CPU); idt_load() loads it on another CPU. */
void idt_init(void);
void idt_load(void);
/*
 * The top of CPU @cpu's stack for IST slot @ist (1..3), as its TSS gives it
 * to the CPU on the next such exception.  For the tests.
 */
unsigned long cpu_ist_stack_top(unsigned int cpu, unsigned int ist);
/* Stacks the CPU may switch to, for the backtracer: [*begin, *end). */
bool ist_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end);

#endif /* _ASM_DESC_H */
