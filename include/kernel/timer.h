/*
 * Kernel timers, Linux's timer_list API: run a function once, from the
 * tick, no earlier than a given jiffies value.
 *
 * Callbacks run in soft interrupt context (interrupts enabled, preemption
 * off) on the CPU whose timer base holds the timer: they must not sleep.
 * The timer wheel and its locking are described in kernel/time/timer.c.
 */
#ifndef _KERNEL_TIMER_H
#define _KERNEL_TIMER_H

#include <kernel/jiffies.h>
#include <lib/compiler.h>
#include <lib/list.h>
#include <lib/types.h>

struct timer_base;

struct timer_list {
	struct hlist_node entry;	/* in its base's wheel; under base->lock */
	unsigned long expires;		/* in jiffies */
	void (*function)(struct timer_list *timer);
	u32 flags;			/* TIMER_* below, and the CPU of its base */
};

#define TIMER_CPUMASK		0x0000ffffU
#define TIMER_PINNED		0x00100000U	/* stays on the CPU it was added on */

/**
 * timer_setup() - prepare a timer for first use
 * @timer: the timer
 * @callback: called with @timer when it expires; use from_timer() to get
 *	the structure that contains it
 * @flags: 0 or TIMER_PINNED
 */
void timer_setup(struct timer_list *timer, void (*callback)(struct timer_list *), u32 flags);

#define from_timer(var, timer, field) container_of(timer, __typeof__(*var), field)

/* Starts an inactive timer on this CPU (WARNs if it is already pending). */
void add_timer(struct timer_list *timer);
/* As add_timer(), on CPU @cpu's base. */
void add_timer_on(struct timer_list *timer, unsigned int cpu);
/*
 * Sets @timer to expire at @expires, pending or not.
 * Return: 1 if it was pending (and is now moved), 0 if it was not.
 */
int mod_timer(struct timer_list *timer, unsigned long expires);
/*
 * Deactivates @timer.  Return: 1 if it was pending, 0 if not.  The callback
 * may still be running on another CPU when this returns.
 */
int del_timer(struct timer_list *timer);
/*
 * As del_timer(), and waits until the callback is not running anywhere.
 * Context: must not be called from the timer's own callback or with a lock
 * the callback takes; may busy-wait.
 */
int del_timer_sync(struct timer_list *timer);
bool timer_pending(const struct timer_list *timer);

/* Boot: set up every CPU's base and the TIMER_SOFTIRQ handler. */
void init_timers(void);
/*
 * CPU hotplug: moves the pending timers of offline CPU @cpu to this CPU's
 * base.  Context: process context, on a CPU that stays online.
 */
void timers_dead_cpu(unsigned int cpu);
/* From the tick, in hard interrupt context: raise TIMER_SOFTIRQ if due. */
void run_local_timers(void);

#endif /* _KERNEL_TIMER_H */
