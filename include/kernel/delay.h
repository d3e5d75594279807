/* Busy-waiting for a short time; the CPU does nothing else meanwhile. */
#ifndef _KERNEL_DELAY_H
#define _KERNEL_DELAY_H

/* Context: any.  Uses the TSC, calibrated at boot. */
void ndelay(unsigned long ns);
void udelay(unsigned long us);
void mdelay(unsigned long ms);

#endif /* _KERNEL_DELAY_H */
