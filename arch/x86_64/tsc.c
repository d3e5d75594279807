// SPDX-License-Identifier: GPL-2.0
/*
 * The time stamp counter as the clock since boot.
 *
 * Its frequency is measured once against channel 2 of the 8254 PIT, whose
 * input clock is a fixed 1.193182 MHz: count 10 ms on the PIT, see how far
 * the TSC moved.  ktime_get_ns() then scales TSC deltas with a
 * multiply-and-shift, never a division.  Under QEMU's -icount the TSC
 * follows executed instructions, which is what makes benchmarks repeatable.
 */
#define pr_fmt(fmt) "tsc: " fmt

#include <asm/io.h>
#include <asm/processor.h>
#include <asm/tsc.h>
#include <kernel/delay.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>

#define PIT_HZ			1193182
#define PIT_CH2_DATA		0x42
#define PIT_MODE		0x43
#define PIT_CH2_GATE_PORT	0x61
#define PIT_CH2_GATE		0x01
#define PIT_SPEAKER		0x02
#define PIT_CH2_OUT		0x20
#define PIT_CH2_MODE0_LOHI	0xb0	/* channel 2, lo/hi byte, mode 0, binary */

#define CALIBRATE_MS		10
#define CALIBRATE_POLL_LIMIT	100000000UL
#define FALLBACK_TSC_KHZ	1000000UL	/* 1 GHz, if the PIT never answers */

#define MULT_SHIFT		22

static u64 tsc_base;
static u64 tsc_mult;		/* ns = (cycles * tsc_mult) >> MULT_SHIFT */
unsigned long tsc_khz;

static unsigned long pit_measure_tsc_khz(void)
{
	u16 latch = PIT_HZ / (1000 / CALIBRATE_MS);
	unsigned long polls = 0;
	u8 gate = inb(PIT_CH2_GATE_PORT);
	u64 t0, t1;

	outb((gate & ~PIT_SPEAKER) | PIT_CH2_GATE, PIT_CH2_GATE_PORT);
	outb(PIT_CH2_MODE0_LOHI, PIT_MODE);
	outb(latch & 0xff, PIT_CH2_DATA);
	outb(latch >> 8, PIT_CH2_DATA);		/* counting starts here */

	t0 = rdtsc();
	while (!(inb(PIT_CH2_GATE_PORT) & PIT_CH2_OUT)) {
		if (++polls == CALIBRATE_POLL_LIMIT)
			return 0;
	}
	t1 = rdtsc();

	outb(gate, PIT_CH2_GATE_PORT);
	/*
	 * The PIT counted @latch of its ticks, not exactly CALIBRATE_MS
	 * (the division above truncates): scale by what it really counted,
	 * rounding to the nearest kHz.
	 */
	return ((t1 - t0) * PIT_HZ + latch * 500ULL) / (latch * 1000ULL);
}

void tsc_init(void)
{
	unsigned long khz = pit_measure_tsc_khz();

	if (!khz) {
		pr_warn("PIT calibration timed out; assuming %lu MHz\n",
			FALLBACK_TSC_KHZ / 1000);
		khz = FALLBACK_TSC_KHZ;
	}
	tsc_mult = (NSEC_PER_MSEC << MULT_SHIFT) / khz;
	tsc_base = rdtsc();
	tsc_khz = khz;
	pr_info("TSC runs at %lu.%03lu MHz\n", khz / 1000, khz % 1000);
}

u64 ktime_cycles_to_ns(u64 cycles)
{
	return ((unsigned __int128)cycles * tsc_mult) >> MULT_SHIFT;
}

u64 ktime_get_ns(void)
{
	if (!tsc_khz)
		return 0;
	return ((unsigned __int128)(rdtsc() - tsc_base) * tsc_mult) >> MULT_SHIFT;
}

u64 cycles_to_ns(u64 cycles)
{
	return ((unsigned __int128)cycles * tsc_mult) >> MULT_SHIFT;
}

void ndelay(unsigned long ns)
{
	u64 start = rdtsc(), cycles = (u64)ns * tsc_khz / 1000000;

	while (rdtsc() - start < cycles)
		cpu_relax();
}

void udelay(unsigned long us)
{
	ndelay(us * NSEC_PER_USEC);
}

void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}
