/* The per-CPU watchdog heartbeat threads (kernel/watchdog.c). */
#ifndef _KERNEL_WATCHDOG_H
#define _KERNEL_WATCHDOG_H

#include <lib/types.h>

struct task_struct;

/* Boot: one watchdog thread per online CPU.  Process context. */
void lockup_detector_init(void);
/* jiffies when CPU @cpu's watchdog thread last ran, and how often it has. */
u64 watchdog_last_touch(unsigned int cpu);
unsigned long watchdog_run_count(unsigned int cpu);
struct task_struct *watchdog_thread(unsigned int cpu);

#endif /* _KERNEL_WATCHDOG_H */
