// SPDX-License-Identifier: GPL-2.0
/*
 * The global descriptor table and the task state segment.
 *
 * In long mode segmentation is mostly gone: the GDT holds one code and one
 * data descriptor, and the TSS, which matters only for its interrupt stack
 * table.  Double faults and NMIs switch to stacks of their own through it,
 * so that a kernel stack overflow is reported instead of escalating into a
 * triple fault (SDM vol. 3A, 6.14.5 "Interrupt Stack Table").
 *
 * One CPU for now: SMP bring-up gives each CPU its own GDT, TSS and IST.
 */
#include <asm/desc.h>
#include <lib/compiler.h>
#include <lib/string.h>

/* The 64-bit TSS (SDM vol. 3A, figure 8-11). */
struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];		/* ist[0] is IST1: IST slots count from 1 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

_Static_assert(sizeof(struct tss) == 104, "64-bit TSS is 104 bytes");

#define NR_IST_STACKS 3

static u64 gdt[GDT_ENTRIES] __aligned(16);
static struct tss tss __aligned(16);
/* ist_stacks[n - 1] is the stack of IST slot n (asm/desc.h). */
static u8 ist_stacks[NR_IST_STACKS][IST_STACK_SIZE] __aligned(16);

#define SEG_CODE64	0x00af9a000000ffffULL	/* P, DPL 0, exec/read, L */
#define SEG_DATA	0x00cf92000000ffffULL	/* P, DPL 0, read/write */

static void set_tss_descriptor(u64 *slot, const struct tss *t)
{
	u64 base = (u64)t;
	u64 limit = sizeof(*t) - 1;

	slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		  (0x89ULL << 40) |		/* P, DPL 0, available 64-bit TSS */
		  (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

struct desc_ptr {
	u16 size;
	u64 address;
} __packed;

/* Reload CS with a far return, and the data segments with a plain move. */
static void load_segments(void)
{
	asm volatile("pushq %[cs]\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movl %[ds], %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs\n\t"
		     :
		     : [cs] "i"(__KERNEL_CS), [ds] "i"(__KERNEL_DS)
		     : "rax", "memory");
}

void gdt_init(void)
{
	struct desc_ptr ptr = { .size = sizeof(gdt) - 1, .address = (u64)gdt };
	int i;

	gdt[0] = 0;
	gdt[GDT_ENTRY_KERNEL_CS] = SEG_CODE64;
	gdt[GDT_ENTRY_KERNEL_DS] = SEG_DATA;

	memset(&tss, 0, sizeof(tss));
	for (i = 0; i < NR_IST_STACKS; i++)
		tss.ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */
	set_tss_descriptor(&gdt[GDT_ENTRY_TSS], &tss);

	asm volatile("lgdt %0" : : "m"(ptr) : "memory");
	load_segments();
	asm volatile("ltr %w0" : : "r"(GDT_TSS_SELECTOR));
}

bool ist_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end)
{
	int i;

	for (i = 0; i < NR_IST_STACKS; i++) {
		unsigned long lo = (unsigned long)ist_stacks[i];
		unsigned long hi = lo + IST_STACK_SIZE;

		if (addr >= lo && addr < hi) {
			*begin = lo;
			*end = hi;
			return true;
		}
	}
	return false;
}
