/* The periodic tick. */
#ifndef _KERNEL_TICK_H
#define _KERNEL_TICK_H

/* Boot CPU: calibrates the timer and starts the tick. */
void time_init(void);
/* Each other CPU, once online (and again after cpu_up()). */
void tick_start_secondary(void);
/* Stops this CPU's tick (a CPU going offline).  Interrupts off. */
void tick_stop_local(void);

/* Ticks this CPU has taken since its tick started. */
unsigned long this_cpu_tick_count(void);

#endif /* _KERNEL_TICK_H */
