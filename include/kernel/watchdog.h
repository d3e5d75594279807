/*
 * The watchdogs: the soft-lockup detector and its per-CPU heartbeat
 * threads (kernel/watchdog.c), the hard-lockup detector
 * (kernel/watchdog_buddy.c), the hung-task detector and the
 * kthread_worker work timeout (kernel/hung_task.c).  How to read their
 * reports: docs/debugging.md.
 */
#ifndef _KERNEL_WATCHDOG_H
#define _KERNEL_WATCHDOG_H

#include <lib/types.h>

struct pt_regs;
struct task_struct;

#define WATCHDOG_THRESH_DEFAULT	  10  /* s; soft lockup after twice that */
#define HUNG_TASK_TIMEOUT_DEFAULT 120 /* s */
#define WORK_TIMEOUT_DEFAULT	  120 /* s */

extern int watchdog_thresh;

/* Boot: one watchdog thread per online CPU.  Process context. */
void lockup_detector_init(void);
/* jiffies when CPU @cpu's watchdog thread last ran, and how often it has. */
u64 watchdog_last_touch(unsigned int cpu);
unsigned long watchdog_run_count(unsigned int cpu);
struct task_struct *watchdog_thread(unsigned int cpu);
/*
 * From every tick of every CPU (hard interrupt, @regs: the interrupted
 * context): reports a soft lockup of this CPU, and calls
 * watchdog_buddy_tick().
 */
void watchdog_tick(struct pt_regs *regs);

/*
 * The hard-lockup detector (kernel/watchdog_buddy.c), from every tick:
 * this CPU checks that the next online CPU still takes ticks, and reports
 * it when it has had interrupts off for watchdog_thresh seconds.
 */
void watchdog_buddy_tick(void);
/*
 * The detector's probe, for tests: NMIs @cpu and waits (up to 5 s) for its
 * answer.  Context: not NMI.  Return: 1 if @cpu had interrupts off where
 * the NMI came, 0 if on, -1 if it did not answer (or is this CPU, offline).
 */
int watchdog_hardlockup_probe(unsigned int cpu);

/* Boot: starts khungtaskd.  Process context. */
void hung_task_init(void);
/*
 * khungtaskd's decision about @t, without the report, for tests: is it
 * blocked in TASK_UNINTERRUPTIBLE with no context switch for @timeout
 * jiffies at @now, and not reported yet?  Records what it saw, as a scan
 * does.  Context: process context; takes tasklist_lock.
 */
bool hung_task_check(struct task_struct *t, u64 now, u64 timeout);

#endif /* _KERNEL_WATCHDOG_H */
