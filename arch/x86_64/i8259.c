// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy 8259 PICs: remapped and masked.
 *
 * The BIOS leaves them delivering IRQ 0..7 on vectors 8..15, which are CPU
 * exception vectors: the timer tick would arrive as a "double fault".  We
 * move them to vectors 32..47 and mask every line; the local APIC and the
 * IOAPIC take over interrupts.
 */
#include <asm/i8259.h>
#include <asm/io.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

#define ICW1_INIT_ICW4	0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086	0x01

/* The PICs want a moment between commands; port 0x80 is the usual delay. */
static void io_delay(void)
{
	outb(0, 0x80);
}

void i8259_remap_and_mask(void)
{
	outb(ICW1_INIT_ICW4, PIC1_CMD);
	io_delay();
	outb(ICW1_INIT_ICW4, PIC2_CMD);
	io_delay();
	outb(PIC_VECTOR_BASE, PIC1_DATA);	/* ICW2: vector base */
	io_delay();
	outb(PIC_VECTOR_BASE + 8, PIC2_DATA);
	io_delay();
	outb(1 << 2, PIC1_DATA);		/* ICW3: slave on IRQ 2 */
	io_delay();
	outb(2, PIC2_DATA);			/* ICW3: slave identity */
	io_delay();
	outb(ICW4_8086, PIC1_DATA);
	io_delay();
	outb(ICW4_8086, PIC2_DATA);
	io_delay();

	outb(0xff, PIC1_DATA);			/* mask everything */
	outb(0xff, PIC2_DATA);
}
