// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O APIC (Intel 82093AA datasheet): a table of redirection entries,
 * one per input pin, each saying which vector to send to which local APIC,
 * and how the pin signals (edge or level, active high or low).
 *
 * ISA interrupts arrive on the pin of the same number, edge-triggered and
 * active high, unless the MADT says otherwise with an interrupt source
 * override (on PCs, the timer's IRQ 0 is usually on pin 2).  Only the first
 * I/O APIC is used: QEMU and most PCs have one, and it carries the ISA pins.
 */
#define pr_fmt(fmt) "ioapic: " fmt

#include <asm/io.h>
#include <asm/io_apic.h>
#include <asm/smp.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>

#define IOREGSEL		0x00
#define IOWIN			0x10
#define IOAPIC_REG_VERSION	0x01
#define IOAPIC_REG_REDTBL(pin)	(0x10 + 2 * (pin))

#define REDIR_MASKED		(1U << 16)
#define REDIR_LEVEL		(1U << 15)
#define REDIR_ACTIVE_LOW	(1U << 13)

/* MPS INTI flags of an interrupt source override (ACPI, MADT). */
#define INTI_POLARITY_MASK	0x3
#define INTI_POLARITY_LOW	0x3
#define INTI_TRIGGER_MASK	0xc
#define INTI_TRIGGER_LEVEL	0xc

static DEFINE_SPINLOCK(ioapic_lock);
static volatile u32 *ioapic_base;	/* under ioapic_lock: IOREGSEL, then IOWIN */
static unsigned int nr_pins;
static u32 gsi_base;

static u32 ioapic_read(u32 reg)
{
	writel(reg, (volatile u8 *)ioapic_base + IOREGSEL);
	return readl((volatile u8 *)ioapic_base + IOWIN);
}

static void ioapic_write(u32 reg, u32 value)
{
	writel(reg, (volatile u8 *)ioapic_base + IOREGSEL);
	writel(value, (volatile u8 *)ioapic_base + IOWIN);
}

bool ioapic_present(void)
{
	return ioapic_base != NULL;
}

void ioapic_init(void)
{
	unsigned int pin;

	if (!madt.nr_ioapics) {
		pr_warn("the MADT lists no I/O APIC: no legacy interrupts\n");
		return;
	}
	ioapic_base = ioremap(madt.ioapics[0].phys, 4096);
	if (!ioapic_base)
		return;
	gsi_base = madt.ioapics[0].gsi_base;
	nr_pins = ((ioapic_read(IOAPIC_REG_VERSION) >> 16) & 0xff) + 1;
	for (pin = 0; pin < nr_pins; pin++)
		ioapic_write(IOAPIC_REG_REDTBL(pin), REDIR_MASKED);
	pr_info("I/O APIC id %u at %#llx: %u pins from GSI %u, all masked\n",
		madt.ioapics[0].id, madt.ioapics[0].phys, nr_pins, gsi_base);
}

/* The pin and signalling of ISA @irq, after the MADT's overrides. */
static unsigned int isa_irq_pin(unsigned int irq, u32 *mode)
{
	unsigned int i;
	u32 gsi = irq;

	*mode = 0;	/* ISA: edge-triggered, active high */
	for (i = 0; i < madt.nr_overrides; i++) {
		u16 flags = madt.overrides[i].flags;

		if (madt.overrides[i].bus_irq != irq)
			continue;
		gsi = madt.overrides[i].gsi;
		if ((flags & INTI_POLARITY_MASK) == INTI_POLARITY_LOW)
			*mode |= REDIR_ACTIVE_LOW;
		if ((flags & INTI_TRIGGER_MASK) == INTI_TRIGGER_LEVEL)
			*mode |= REDIR_LEVEL;
	}
	return gsi - gsi_base;
}

int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, u32 apic_id)
{
	unsigned long flags;
	unsigned int pin;
	u32 mode;

	if (!ioapic_base)
		return -ENODEV;
	pin = isa_irq_pin(irq, &mode);
	if (pin >= nr_pins)
		return -ENODEV;

	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(IOAPIC_REG_REDTBL(pin) + 1, apic_id << 24);
	ioapic_write(IOAPIC_REG_REDTBL(pin), vector | mode);	/* fixed, physical, unmasked */
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

void ioapic_mask_isa_irq(unsigned int irq)
{
	unsigned long flags;
	unsigned int pin;
	u32 mode;

	if (!ioapic_base)
		return;
	pin = isa_irq_pin(irq, &mode);
	if (pin >= nr_pins)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(IOAPIC_REG_REDTBL(pin), REDIR_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}
