// SPDX-License-Identifier: GPL-2.0
/*
 * The global descriptor table and the task state segment, one of each per
 * CPU.
 *
 * In long mode segmentation is mostly gone: the GDT holds one code and one
 * data descriptor, and the TSS, which matters only for its interrupt stack
 * table.  Double faults, NMIs and machine checks switch to stacks of their
 * own through it, so that a kernel stack overflow is reported instead of
 * escalating into a triple fault (SDM vol. 3A, 6.14.5 "Interrupt Stack
 * Table").  Each CPU needs its own TSS (the CPU marks a loaded TSS busy) and
 * its own IST stacks (two CPUs may double-fault at once).
 */
#include <asm/desc.h>
#include <kernel/cpumask.h>
#include <kernel/mm.h>
#include <kernel/percpu.h>
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
#define IST_STACK_ORDER 2
_Static_assert((PAGE_SIZE << IST_STACK_ORDER) == IST_STACK_SIZE, "IST stacks are whole pages");

static DEFINE_PER_CPU(u64, gdt[GDT_ENTRIES]) __aligned(16);
static DEFINE_PER_CPU(struct tss, tss) __aligned(16);
/*
 * ist_base[cpu][n - 1] is the lowest address of CPU @cpu's stack of IST
 * slot n, 0 until allocated.  A plain array, not a per-CPU variable: the
 * boot CPU fills its row before the per-CPU areas exist, when its per-CPU
 * variables are the template that setup_per_cpu_areas() copies to every
 * other CPU, and a copied row would make every CPU take its NMIs and
 * double faults on the boot CPU's stacks (several CPUs stopped by one
 * panic NMI then overwrote each other's frames).
 */
static unsigned long ist_base[NR_CPUS][NR_IST_STACKS];

/* The boot CPU's IST stacks, needed before the page allocator exists. */
static u8 boot_ist_stacks[NR_IST_STACKS][IST_STACK_SIZE] __aligned(PAGE_SIZE);

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

/*
 * Reload CS with a far return, and the data segments with a plain move.
 * Loading GS also sets the GS base to 0: the per-CPU base is set after.
 */
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

/* Builds and loads CPU @cpu's GDT and TSS, whose IST stacks start at @ist[]. */
static void load_cpu_tables(unsigned int cpu, const unsigned long ist[NR_IST_STACKS])
{
	u64 *g = *per_cpu_ptr(&gdt, cpu);
	struct tss *t = per_cpu_ptr(&tss, cpu);
	struct desc_ptr ptr = { .size = sizeof(u64) * GDT_ENTRIES - 1, .address = (u64)g };
	int i;

	g[0] = 0;
	g[GDT_ENTRY_KERNEL_CS] = SEG_CODE64;
	g[GDT_ENTRY_KERNEL_DS] = SEG_DATA;
	memset(t, 0, sizeof(*t));
	for (i = 0; i < NR_IST_STACKS; i++) {
		ist_base[cpu][i] = ist[i];
		t->ist[i] = ist[i] + IST_STACK_SIZE;
	}
	t->iomap_base = sizeof(*t);	/* no I/O permission bitmap */
	set_tss_descriptor(&g[GDT_ENTRY_TSS], t);

	asm volatile("lgdt %0" : : "m"(ptr) : "memory");
	load_segments();
	asm volatile("ltr %w0" : : "r"(GDT_TSS_SELECTOR));
}

void gdt_init(void)
{
	unsigned long ist[NR_IST_STACKS];
	int i;

	for (i = 0; i < NR_IST_STACKS; i++)
		ist[i] = (unsigned long)boot_ist_stacks[i];
	load_cpu_tables(0, ist);
}

int gdt_prepare_secondary(unsigned int cpu)
{
	unsigned long *ist = ist_base[cpu];
	int i;

	for (i = 0; i < NR_IST_STACKS; i++) {
		if (ist[i])
			continue;	/* kept from an earlier attempt */
		ist[i] = __get_free_pages(GFP_KERNEL, IST_STACK_ORDER);
		if (!ist[i])
			return -1;
	}
	return 0;
}

void gdt_init_secondary(unsigned int cpu)
{
	unsigned long ist[NR_IST_STACKS];
	int i;

	for (i = 0; i < NR_IST_STACKS; i++)
		ist[i] = ist_base[cpu][i];
	load_cpu_tables(cpu, ist);
}

unsigned long cpu_ist_stack_top(unsigned int cpu, unsigned int ist)
{
	return per_cpu_ptr(&tss, cpu)->ist[ist - 1];
}

bool ist_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end)
{
	unsigned int cpu;
	int i;

	for_each_possible_cpu(cpu) {
		for (i = 0; i < NR_IST_STACKS; i++) {
			unsigned long lo = ist_base[cpu][i];

			if (lo && addr >= lo && addr < lo + IST_STACK_SIZE) {
				*begin = lo;
				*end = lo + IST_STACK_SIZE;
				return true;
			}
		}
	}
	return false;
}
