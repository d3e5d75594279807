// SPDX-License-Identifier: GPL-2.0
/*
 * The interrupt descriptor table.
 *
 * Every vector points at its entry point in entry.asm; double fault, NMI and
 * machine check switch to their IST stacks.  All are interrupt gates, so
 * interrupts are off on entry.  One IDT serves every CPU.
 */
#include <asm/desc.h>
#include <lib/compiler.h>

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gates are 16 bytes");

#define GATE_INTERRUPT	0x8e	/* P, DPL 0, 64-bit interrupt gate (IF cleared) */

static struct idt_gate idt[NR_VECTORS] __aligned(16);

/* Entry points, one per vector, in entry.asm. */
extern const u64 interrupt_entry_table[NR_VECTORS];

static void set_gate(int vector, u64 handler, u8 ist)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = handler & 0xffff;
	g->selector = __KERNEL_CS;
	g->ist = ist;
	g->type_attr = GATE_INTERRUPT;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_high = handler >> 32;
	g->reserved = 0;
}

static u8 exception_ist(int vector)
{
	switch (vector) {
	case 2:
		return IST_NMI;
	case 8:
		return IST_DOUBLE_FAULT;
	case 18:
		return IST_MACHINE_CHECK;
	default:
		return 0;
	}
}

void idt_load(void)
{
	struct {
		u16 size;
		u64 address;
	} __packed ptr = { .size = sizeof(idt) - 1, .address = (u64)idt };

	asm volatile("lidt %0" : : "m"(ptr) : "memory");
}

void idt_init(void)
{
	int v;

	for (v = 0; v < NR_VECTORS; v++)
		set_gate(v, interrupt_entry_table[v], v < NR_EXCEPTION_VECTORS ? exception_ist(v) : 0);
	idt_load();
}
