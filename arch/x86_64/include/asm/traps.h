/* CPU exceptions. */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <kernel/percpu.h>
#include <lib/types.h>

enum {
	X86_TRAP_DE = 0,	/* divide error */
	X86_TRAP_DB = 1,	/* debug */
	X86_TRAP_NMI = 2,
	X86_TRAP_BP = 3,	/* breakpoint (int3) */
	X86_TRAP_OF = 4,
	X86_TRAP_BR = 5,
	X86_TRAP_UD = 6,	/* invalid opcode */
	X86_TRAP_NM = 7,
	X86_TRAP_DF = 8,	/* double fault */
	X86_TRAP_TS = 10,
	X86_TRAP_NP = 11,
	X86_TRAP_SS = 12,
	X86_TRAP_GP = 13,	/* general protection */
	X86_TRAP_PF = 14,	/* page fault */
	X86_TRAP_MF = 16,
	X86_TRAP_AC = 17,
	X86_TRAP_MC = 18,
	X86_TRAP_XF = 19,
};

/* Page fault error code bits (SDM vol. 3A, 4.7). */
#define X86_PF_PROT	(1 << 0)	/* 0: page not present */
#define X86_PF_WRITE	(1 << 1)
#define X86_PF_USER	(1 << 2)
#define X86_PF_INSTR	(1 << 4)

/*
 * The most recent exception a CPU took, whether fixed up, reported or
 * fatal: tests read this CPU's copy to check what the handler saw.
 */
struct exception_record {
	unsigned long vector;
	unsigned long error_code;
	unsigned long rip;
	unsigned long cr2;
	unsigned long count;	/* exceptions taken since boot */
};

DECLARE_PER_CPU(struct exception_record, last_exception);
/* This CPU's record: read it with interrupts on, right after the fault. */
#define this_cpu_last_exception() this_cpu_ptr(&last_exception)

const char *exception_name(unsigned long vector);

#endif /* _ASM_TRAPS_H */
