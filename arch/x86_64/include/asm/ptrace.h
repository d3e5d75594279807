/* The register frame that interrupt and exception entry saves. */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <lib/compiler.h>
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

/*
 * Fills @regs with this CPU's registers here (Linux's crash_setup_regs()),
 * for a report of code that took no exception, such as panic()'s own:
 * RIP is this point, RSP and RBP the caller's frame.  Always inline, so
 * that the registers are the caller's.
 */
static __always_inline void crash_setup_regs(struct pt_regs *regs)
{
	asm volatile("movq %%r15, %0\n\t"
		     "movq %%r14, %1\n\t"
		     "movq %%r13, %2\n\t"
		     "movq %%r12, %3\n\t"
		     "movq %%rbx, %4\n\t"
		     "movq %%r11, %5\n\t"
		     "movq %%r10, %6\n\t"
		     "movq %%r9, %7\n\t"
		     "movq %%r8, %8"
		     : "=m"(regs->r15), "=m"(regs->r14), "=m"(regs->r13), "=m"(regs->r12),
		       "=m"(regs->rbx), "=m"(regs->r11), "=m"(regs->r10), "=m"(regs->r9),
		       "=m"(regs->r8));
	asm volatile("movq %%rax, %0\n\t"
		     "movq %%rcx, %1\n\t"
		     "movq %%rdx, %2\n\t"
		     "movq %%rsi, %3\n\t"
		     "movq %%rdi, %4\n\t"
		     "movq %%rbp, %5\n\t"
		     "movq %%rsp, %6\n\t"
		     "leaq 0(%%rip), %%rax\n\t"
		     "movq %%rax, %7\n\t"
		     "pushfq\n\t"
		     "popq %%rax\n\t"
		     "movq %%rax, %8\n\t"
		     "movl %%cs, %%eax\n\t"
		     "movq %%rax, %9\n\t"
		     "movl %%ss, %%eax\n\t"
		     "movq %%rax, %10"
		     : "=m"(regs->rax), "=m"(regs->rcx), "=m"(regs->rdx), "=m"(regs->rsi),
		       "=m"(regs->rdi), "=m"(regs->rbp), "=m"(regs->rsp), "=m"(regs->rip),
		       "=m"(regs->rflags), "=m"(regs->cs), "=m"(regs->ss)
		     :
		     : "rax", "memory");
	regs->vector = 0;
	regs->error_code = 0;
}

#endif /* _ASM_PTRACE_H */
