/* The register frame that interrupt and exception entry saves. */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <lib/types.h>

/*
 * Laid out by arch/x86_64/entry.asm: the general registers it pushes, then
 * the vector and error code pushed by each entry point, then the frame the CPU
 * pushed (SDM vol. 3A, 6.14.2 "64-Bit Mode Stack Frame").  Field order is
 * Linux's, lowest address first.  Checked in traps.c.
 */
struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx;
	unsigned long r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	unsigned long vector;
	unsigned long error_code;
	unsigned long rip, cs, rflags, rsp, ss;
};

#endif /* _ASM_PTRACE_H */
