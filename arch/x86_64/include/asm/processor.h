/* CPU instructions and registers that C code needs, one inline each. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <lib/compiler.h>
#include <lib/types.h>

#define X86_EFLAGS_IF	(1UL << 9)
#define X86_CR4_PGE	(1UL << 7) /* global pages survive a CR3 load */

#define MSR_EFER	0xc0000080
#define MSR_GS_BASE	0xc0000101

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static inline void cpuid_count(u32 leaf, u32 subleaf, struct cpuid_regs *r)
{
	asm volatile("cpuid"
		     : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
		     : "a"(leaf), "c"(subleaf));
}

static inline void cpuid(u32 leaf, struct cpuid_regs *r)
{
	cpuid_count(leaf, 0, r);
}

/* Spin-wait hint: lets a hyperthread sibling (or QEMU) run. */
static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline void halt(void)
{
	asm volatile("hlt" : : : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 value)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)value), "d"((u32)(value >> 32)));
}

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* Stop this CPU for good: interrupts off, then halt (NMIs may still wake). */
static inline __noreturn void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

#endif /* _ASM_PROCESSOR_H */
