/* The I/O APIC: legacy (ISA) interrupts routed to a CPU's local APIC. */
#ifndef _ASM_IO_APIC_H
#define _ASM_IO_APIC_H

#include <lib/types.h>

#define ISA_IRQ_KEYBOARD 1
#define ISA_IRQ_COM1	4

/* Maps the first I/O APIC the MADT lists and masks all its pins.  Boot CPU. */
void ioapic_init(void);
bool ioapic_present(void);

/*
 * Routes ISA interrupt @irq to @vector on the CPU with APIC id @apic_id,
 * following the MADT's interrupt source overrides (the pin it arrives on,
 * its polarity and trigger mode), and unmasks it.
 * Return: 0, or -ENODEV without an I/O APIC or for a pin it does not have.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector, u32 apic_id);
void ioapic_mask_isa_irq(unsigned int irq);

#endif /* _ASM_IO_APIC_H */
