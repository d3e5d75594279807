/*
 * The local APIC (SDM vol. 3A, chapter 11), in xAPIC (memory-mapped) or
 * x2APIC (MSR) mode, and the interrupt vectors the kernel uses.
 */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <lib/types.h>

/* Register offsets, as in the xAPIC memory map. */
#define APIC_ID		0x20
#define APIC_LVR	0x30
#define APIC_TASKPRI	0x80
#define APIC_EOI	0xb0
#define APIC_SPIV	0xf0
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

#define APIC_SPIV_ENABLE	(1U << 8)
#define APIC_LVT_MASKED		(1U << 16)
#define APIC_LVT_TIMER_PERIODIC	(1U << 17)
#define APIC_DM_FIXED		(0U << 8)
#define APIC_DM_NMI		(4U << 8)
#define APIC_DM_INIT		(5U << 8)
#define APIC_DM_STARTUP		(6U << 8)
#define APIC_ICR_BUSY		(1U << 12)
#define APIC_ICR_LEVEL_ASSERT	(1U << 14)
#define APIC_ICR_LEVEL_TRIGGER	(1U << 15)
#define APIC_DEST_ALLBUT	(3U << 18)
#define APIC_TDR_DIV_16		0x3

/*
 * Vectors.  0..31 are CPU exceptions; legacy IRQs routed through the IOAPIC
 * take 32 + irq; the kernel's own interrupts sit at the top, as in Linux.
 */
#define FIRST_EXTERNAL_VECTOR	0x20
#define ISA_IRQ_VECTOR(irq)	(FIRST_EXTERNAL_VECTOR + (irq))
#define LOCAL_TIMER_VECTOR	0xec
#define CALL_FUNCTION_VECTOR	0xfb
#define RESCHEDULE_VECTOR	0xfd
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff

/* Boot CPU: map (xAPIC) or enable (x2APIC) the local APIC at @phys, and set it up. */
void apic_init_boot_cpu(u64 phys);
/* Each other CPU, early in its start-up. */
void apic_init_secondary(void);
bool x2apic_enabled(void);

u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 value);
/* This CPU's APIC id. */
u32 read_apic_id(void);
/* End of interrupt: every LAPIC-delivered vector but the spurious one needs it. */
void apic_eoi(void);

/* Sends an IPI and waits until the APIC has accepted it. */
void apic_send_ipi(u32 apic_id, u32 icr_low);
void apic_send_ipi_allbutself(u32 icr_low);

/* Interrupts the APIC counted as spurious on this CPU. */
unsigned long apic_spurious_count(void);

/* The timer: ticks of the APIC timer per second, measured at boot. */
extern unsigned long apic_timer_hz;
void apic_timer_calibrate(void);
/* Starts this CPU's periodic tick at @hz on LOCAL_TIMER_VECTOR. */
void apic_timer_start(unsigned int hz);
void apic_timer_stop(void);

#endif /* _ASM_APIC_H */
