// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O APIC and the interrupt path, end to end: COM1 in loopback mode
 * receives what it sends, which raises ISA IRQ 4, which the I/O APIC turns
 * into a vector on CPU 0, whose handler queues the byte.
 */
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/irq.h>
#include <asm/serial.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/preempt.h>

static void serial_loopback_byte_arrives_by_interrupt(struct ktest *t)
{
	unsigned long before = serial_rx_count();
	int c, ms, found = 0;

	if (!ioapic_present())
		ktest_skip(t, "no I/O APIC");
	KASSERT_FALSE(t, irqs_disabled());
	while (serial_getc() >= 0)
		;		/* drop anything typed at the console */

	/* No printk from here on until loopback is off: it would loop back too. */
	serial_set_loopback(true);
	asm volatile("" ::: "memory");
	serial_putc('Z');
	for (ms = 0; ms < 100 && serial_rx_count() == before; ms++)
		mdelay(1);
	serial_set_loopback(false);

	KEXPECT_GT(t, serial_rx_count(), before);
	while ((c = serial_getc()) >= 0)
		found += c == 'Z';
	KEXPECT_EQ(t, found, 1);
}

static void no_unexpected_interrupts_so_far(struct ktest *t)
{
	KEXPECT_EQ(t, unexpected_interrupt_count(), 0);
}

static void test_context_is_not_interrupt_context(struct ktest *t)
{
	KEXPECT_FALSE(t, in_interrupt());
	KEXPECT_EQ(t, preempt_count(), 0);
}

static struct ktest_case ioapic_cases[] = {
	KTEST_CASE(serial_loopback_byte_arrives_by_interrupt),
	KTEST_CASE(no_unexpected_interrupts_so_far),
	KTEST_CASE(test_context_is_not_interrupt_context),
	{}
};
static struct ktest_suite ioapic_suite = { .name = "interrupts", .cases = ioapic_cases };
ktest_register_suite(ioapic_suite);
