/*
 * jiffies: ticks since boot, and converting to and from them.
 *
 * Every CPU's tick advances jiffies to the whole tick periods the clock says
 * have passed since boot (kernel/time/tick.c), HZ times a second.  jiffies is 64
 * bits wide, so it never wraps in practice; time_after() and friends still
 * compare the way Linux does, so code written here reads as it would there.
 */
#ifndef _KERNEL_JIFFIES_H
#define _KERNEL_JIFFIES_H

#include <lib/compiler.h>
#include <lib/types.h>

#define HZ_DEFAULT 250

/* The tick rate: HZ_DEFAULT unless hz= says otherwise (kernel/time/tick.c). */
extern unsigned int tick_hz;
#define HZ tick_hz

extern volatile u64 jiffies;

static inline u64 get_jiffies_64(void)
{
	return READ_ONCE(jiffies);
}

#define time_after(a, b)	((s64)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((s64)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)

/* Rounds up: a timeout never ends early. */
static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((u64)ms * HZ + 999) / 1000;
}

static inline unsigned long usecs_to_jiffies(unsigned int us)
{
	return ((u64)us * HZ + 999999) / 1000000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (u64)j * 1000 / HZ;
}

#endif /* _KERNEL_JIFFIES_H */
