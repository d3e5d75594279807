// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC: interrupts in, end-of-interrupt, IPIs out, and the timer.
 *
 * With x2APIC (CPUID.1:ECX[21]) each register is an MSR at
 * 0x800 + offset / 16 and the ICR is one 64-bit write; otherwise registers
 * are 32-bit words in a 4 KiB page at the APIC base (SDM vol. 3A, 11.4 and
 * 11.12).  Everything here uses apic_read()/apic_write(), so the rest of the
 * kernel does not care which mode is on.
 */
#define pr_fmt(fmt) "apic: " fmt

#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/tsc.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1ULL << 11)
#define APIC_BASE_X2APIC	(1ULL << 10)
#define MSR_X2APIC_BASE		0x800
#define MSR_X2APIC_ICR		0x830

#define ICR_POLL_LIMIT		1000000

static volatile u32 *xapic_base;
static bool x2apic_mode;
unsigned long apic_timer_hz;

static DEFINE_PER_CPU(unsigned long, spurious_count);

bool x2apic_enabled(void)
{
	return x2apic_mode;
}

u32 apic_read(u32 reg)
{
	if (x2apic_mode)
		return rdmsr(MSR_X2APIC_BASE + reg / 16);
	return readl(xapic_base + reg / 4);
}

void apic_write(u32 reg, u32 value)
{
	if (x2apic_mode)
		wrmsr(MSR_X2APIC_BASE + reg / 16, value);
	else
		writel(value, xapic_base + reg / 4);
}

u32 read_apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return x2apic_mode ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void wait_icr_idle(void)
{
	int polls = 0;

	if (x2apic_mode)
		return;		/* x2APIC ICR writes complete before returning */
	while (apic_read(APIC_ICR) & APIC_ICR_BUSY) {
		if (++polls == ICR_POLL_LIMIT) {
			pr_err("IPI not accepted (ICR busy)\n");
			return;
		}
		cpu_relax();
	}
}

void apic_send_ipi(u32 apic_id, u32 icr_low)
{
	if (x2apic_mode) {
		wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | icr_low);
		return;
	}
	wait_icr_idle();
	apic_write(APIC_ICR2, apic_id << 24);
	apic_write(APIC_ICR, icr_low);
	wait_icr_idle();
}

void apic_send_ipi_allbutself(u32 icr_low)
{
	if (x2apic_mode) {
		wrmsr(MSR_X2APIC_ICR, icr_low | APIC_DEST_ALLBUT);
		return;
	}
	wait_icr_idle();
	apic_write(APIC_ICR, icr_low | APIC_DEST_ALLBUT);
	wait_icr_idle();
}

/* Counted, not acknowledged: a spurious interrupt must not get an EOI. */
static void spurious_interrupt(struct pt_regs *regs)
{
	(*this_cpu_ptr(&spurious_count))++;
}

unsigned long apic_spurious_count(void)
{
	return *this_cpu_ptr(&spurious_count);
}

static void apic_error_interrupt(struct pt_regs *regs)
{
	u32 esr;

	apic_write(APIC_ESR, 0);	/* latch the errors, then read them */
	esr = apic_read(APIC_ESR);
	pr_err("APIC error on this CPU: ESR %#x\n", esr);
	apic_eoi();
}

/* The same on every CPU: enabled, nothing masked by priority, LVTs quiet. */
static void apic_setup_local(void)
{
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);	/* the 8259s are masked for good */
	apic_write(APIC_LVT1, APIC_DM_NMI);		/* LINT1 stays the NMI pin */
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_eoi();		/* drop anything left in service by the firmware */
}

static void apic_enable_mode(void)
{
	u64 base = rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE;

	if (x2apic_mode)
		base |= APIC_BASE_X2APIC;
	wrmsr(MSR_APIC_BASE, base);
}

void apic_init_boot_cpu(u64 phys)
{
	struct cpuid_regs r;

	cpuid(1, &r);
	if (!(r.edx & (1U << 9)))
		panic("apic: this CPU has no local APIC");
	x2apic_mode = r.ecx & (1U << 21);
	if (!x2apic_mode) {
		xapic_base = ioremap(phys, 4096);
		if (!xapic_base)
			panic("apic: cannot map the local APIC at %#llx", phys);
	}
	apic_enable_mode();

	set_intr_handler(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	set_intr_handler(ERROR_APIC_VECTOR, apic_error_interrupt);
	apic_setup_local();
	pr_info("local APIC id %u in %s mode, version %#x\n", read_apic_id(),
		x2apic_mode ? "x2APIC" : "xAPIC", apic_read(APIC_LVR) & 0xff);
}

void apic_init_secondary(void)
{
	apic_enable_mode();
	apic_setup_local();
}

#define CALIBRATE_MS 10

/*
 * Counts APIC timer ticks over CALIBRATE_MS measured with the TSC, which
 * tsc_init() has calibrated against the PIT already.
 */
void apic_timer_calibrate(void)
{
	u64 start, wait = tsc_khz * CALIBRATE_MS;
	u32 remaining;

	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0xffffffff);
	start = rdtsc();
	while (rdtsc() - start < wait)
		cpu_relax();
	remaining = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);

	apic_timer_hz = (0xffffffffUL - remaining) * (1000 / CALIBRATE_MS);
	pr_info("timer runs at %lu.%03lu MHz (after divide by 16)\n",
		apic_timer_hz / 1000000, (apic_timer_hz / 1000) % 1000);
}

void apic_timer_stop(void)
{
	apic_write(APIC_LVTT, APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0);
}

void apic_timer_start(unsigned int hz)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, apic_timer_hz / hz);
}
