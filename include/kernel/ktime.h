/* Time since boot. */
#ifndef _KERNEL_KTIME_H
#define _KERNEL_KTIME_H

#include <asm/processor.h>
#include <lib/types.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/* Nanoseconds since the clock was calibrated at boot; 0 before that. */
u64 ktime_get_ns(void);
/*
 * A span of the clock's cycles (the TSC: what the scheduler accounts run
 * time in) as nanoseconds; 0 before the calibration.
 */
u64 ktime_cycles_to_ns(u64 cycles);

/*
 * The raw clock, for hot paths that only compare or subtract times: a
 * cycle count (the TSC), a few instructions cheaper than ktime_get_ns().
 * cycles_to_ns() turns a difference of two into nanoseconds.
 */
static inline u64 get_cycles(void)
{
	return rdtsc();
}

u64 cycles_to_ns(u64 cycles);

#endif /* _KERNEL_KTIME_H */
