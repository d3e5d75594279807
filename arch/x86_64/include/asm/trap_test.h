/*
 * Raising exceptions on purpose, for the tests.
 *
 * Each helper executes one faulting instruction that has an exception-table
 * entry, so the handler resumes right after it, and returns the address of
 * that instruction for the test to compare with what the handler recorded.
 * The last two do not come back: they prove the runner notices a double
 * fault and a triple fault.
 */
#ifndef _ASM_TRAP_TEST_H
#define _ASM_TRAP_TEST_H

#include <asm/extable.h>
#include <lib/compiler.h>

/*
 * Never mapped, in any page table: its PML4 slot is reserved for this.
 * See the layout in asm/page.h.
 */
#define TRAP_TEST_UNMAPPED_ADDR	0xffffff0000000000UL
/* Not canonical: any access is a #GP, not a page fault. */
#define TRAP_TEST_NONCANONICAL_ADDR 0x8000000000000000UL

static __always_inline unsigned long trap_test_ud2(void)
{
	unsigned long insn;

	asm volatile("leaq 1f(%%rip), %0\n"
		     "1:\tud2\n"
		     "2:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=r"(insn) : : "memory");
	return insn;
}

static __always_inline unsigned long trap_test_divide_error(void)
{
	unsigned long insn;

	asm volatile("leaq 1f(%%rip), %0\n\t"
		     "xorl %%edx, %%edx\n\t"
		     "movl $1, %%eax\n"
		     "1:\tdivq %1\n"
		     "2:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=&r"(insn) : "r"(0UL) : "rax", "rdx", "memory");
	return insn;
}

/* A read of @addr (which must fault). */
static __always_inline unsigned long trap_test_read(unsigned long addr)
{
	unsigned long insn;

	asm volatile("leaq 1f(%%rip), %0\n"
		     "1:\tmovq (%1), %%rax\n"
		     "2:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=&r"(insn) : "r"(addr) : "rax", "memory");
	return insn;
}

/* A write to @addr (which must fault). */
static __always_inline unsigned long trap_test_write(unsigned long addr)
{
	unsigned long insn;

	asm volatile("leaq 1f(%%rip), %0\n"
		     "1:\tmovq $0, (%1)\n"
		     "2:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=&r"(insn) : "r"(addr) : "memory");
	return insn;
}

/* int3 is reported and resumed; returns the address after the int3. */
static __always_inline unsigned long trap_test_int3(void)
{
	unsigned long next;

	asm volatile("int3\n"
		     "1:\n\t"
		     "leaq 1b(%%rip), %0"
		     : "=r"(next) : : "memory");
	return next;
}

/*
 * With RSP on an unmapped page, delivering int3 page-faults and delivering
 * that #PF faults again: a double fault, which runs on its IST stack.
 */
static inline __noreturn void trap_test_double_fault(void)
{
	asm volatile("movq %0, %%rsp\n\t"
		     "int3" : : "r"(TRAP_TEST_UNMAPPED_ADDR) : "memory");
	__builtin_unreachable();
}

/* With an empty IDT no exception can be delivered: the CPU resets. */
static inline __noreturn void trap_test_triple_fault(void)
{
	struct {
		u16 size;
		u64 address;
	} __packed empty = { 0, 0 };

	asm volatile("lidt %0\n\t"
		     "int3" : : "m"(empty) : "memory");
	__builtin_unreachable();
}

#endif /* _ASM_TRAP_TEST_H */
