/* Time since boot. */
#ifndef _KERNEL_KTIME_H
#define _KERNEL_KTIME_H

#include <lib/types.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/* Nanoseconds since the clock was calibrated at boot; 0 before that. */
u64 ktime_get_ns(void);

#endif /* _KERNEL_KTIME_H */
