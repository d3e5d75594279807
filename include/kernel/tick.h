/* The periodic tick. */
#ifndef _KERNEL_TICK_H
#define _KERNEL_TICK_H

/* Boot CPU: calibrates the timer and starts the tick. */
void time_init(void);
/* Each other CPU, once online (and again after cpu_up()). */
void tick_start_secondary(void);
/* Stops this CPU's tick (a CPU going offline).  Interrupts off. */
void tick_stop_local(void);

/*
 * Brings jiffies up to the clock: the whole tick periods since time_init().
 * Every tick calls it, on every CPU, and so does schedule_timeout() before
 * it reads jiffies, so that a sleep starts from the clock even on a vCPU
 * the host has just run again before any tick.  Lock-free.  Context: any.
 */
void tick_do_update_jiffies64(void);

/* Ticks this CPU has taken since its tick started. */
unsigned long this_cpu_tick_count(void);
/* Ticks CPU @cpu has taken (another CPU's: the hard-lockup detector's). */
unsigned long cpu_tick_count(unsigned int cpu);

#endif /* _KERNEL_TICK_H */
