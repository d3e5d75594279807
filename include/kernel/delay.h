/*
 * Waiting a while: the *delay() functions busy-wait (any context, short
 * waits); msleep() and friends sleep (process context).
 */
#ifndef _KERNEL_DELAY_H
#define _KERNEL_DELAY_H

/* Context: any.  Uses the TSC, calibrated at boot. */
void ndelay(unsigned long ns);
void udelay(unsigned long us);
void mdelay(unsigned long ms);

/*
 * Sleeping, not spinning: the CPU runs other tasks meanwhile.  At least
 * the time asked for passes (rounded up to jiffies, plus one).
 * Context: process context, sleeps.
 */
void msleep(unsigned int msecs);
/* Ends early on a signal; returns the milliseconds left then. */
unsigned long msleep_interruptible(unsigned int msecs);
void ssleep(unsigned int seconds);

#endif /* _KERNEL_DELAY_H */
