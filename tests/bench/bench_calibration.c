// SPDX-License-Identifier: GPL-2.0
/*
 * calibration_loop: proves that the clock counts instructions.
 *
 * A loop whose every iteration executes a known number of instructions must
 * read back that number per iteration.  It does under QEMU's
 * -icount shift=0, where the TSC advances once per instruction and
 * ktime_get_ns() follows it to within the TSC calibration's error (71 ppm
 * today: docs/benchmarks.md).  Without icount it does not, and this
 * benchmark fails, so that no one mistakes nanoseconds for instructions.
 */
#include <asm/processor.h>
#include <kernel/bench.h>
#include <kernel/ktime.h>

/* Eight nops, the decrement and the branch: counted by hand, see the asm. */
#define LOOP_INSNS		10
#define LOOP_NOPS		8
/* Enough that the calls around the loop weigh under 0.01 %. */
#define MIN_ITERATIONS		100000UL
/* The check's tolerance, in hundredths of an instruction per iteration. */
#define TOLERANCE_X100		(LOOP_INSNS)	/* 1 % */

static void known_loop(unsigned long iterations)
{
	asm volatile("1:\n\t"
		     ".rept " __stringify(LOOP_NOPS) "\n\t"
		     "nop\n\t"
		     ".endr\n\t"
		     "dec %0\n\t"
		     "jnz 1b"
		     : "+r"(iterations) : : "cc");
}

static unsigned long run_calibration_loop(const struct bench *b, unsigned long iterations,
					  struct bench_result *r)
{
	unsigned long n = iterations > MIN_ITERATIONS ? iterations : MIN_ITERATIONS;
	u64 tsc_start, tsc_cycles, start, elapsed, per_iter_x100;

	start = ktime_get_ns();
	tsc_start = rdtsc();
	known_loop(n);
	tsc_cycles = rdtsc() - tsc_start;
	elapsed = ktime_get_ns() - start;

	per_iter_x100 = (elapsed * 100 + n / 2) / n;
	if (per_iter_x100 + TOLERANCE_X100 < LOOP_INSNS * 100 ||
	    per_iter_x100 > LOOP_INSNS * 100 + TOLERANCE_X100)
		/* The TSC figure tells a TSC problem from a calibration problem. */
		bench_fail(r, "a %d-instruction loop took %llu.%02llu ns per iteration "
			   "(%llu TSC cycles for %lu iterations): no -icount shift=0?",
			   LOOP_INSNS, per_iter_x100 / 100, per_iter_x100 % 100, tsc_cycles, n);
	return n;
}

const struct bench calibration_benches[] = {
	{ .name = "calibration_loop", .run = run_calibration_loop },
	{}
};
