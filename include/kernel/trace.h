/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events: what the scheduler, kthreads, kthread_workers, timers and
 * CPU hotplug do, recorded as it happens, with a timestamp and the CPU.
 *
 * Each event belongs to a group (sched, kthread, work, timer, cpu).  Groups
 * are switched on from the command line (trace=sched,kthread) or at run
 * time (trace_set_groups() + trace_start()).  A tracepoint whose group is
 * off costs one load and one predictable branch on a global mask:
 *
 *	trace_sched_wakeup(p, cpu);
 *	    -> if (unlikely(trace_enabled_mask & TRACE_GROUP_SCHED))
 *		       __trace_sched_wakeup(p, cpu);
 *
 * Records are fixed-size binary entries in per-CPU rings (kernel/trace/
 * trace.c); a full ring overwrites its oldest records and counts them as
 * lost.  trace_dump() writes everything out over the console in a framed,
 * checksummed text form that the host tools of scripts/trace/ decode
 * (docs/tracing.md has the format and the tools).
 *
 * Writers may be anywhere: task context, interrupts, NMIs, with any lock
 * held.  A tracepoint never sleeps, never takes a lock and never calls
 * printk.
 */
#ifndef _KERNEL_TRACE_H
#define _KERNEL_TRACE_H

#include <kernel/sched.h>
#include <lib/compiler.h>
#include <lib/types.h>

/* Groups: one bit each of trace_enabled_mask. */
#define TRACE_GROUP_SCHED   (1U << 0)
#define TRACE_GROUP_KTHREAD (1U << 1)
#define TRACE_GROUP_WORK    (1U << 2)
#define TRACE_GROUP_TIMER   (1U << 3)
#define TRACE_GROUP_CPU	    (1U << 4)
#define TRACE_GROUP_ALL	    0x1fU

/*
 * Event types, as stored in trace_entry.type.  The numbers are part of the
 * dump format: scripts/trace/tracedump.py has the same table.  Append only.
 */
enum trace_event_type {
	TRACE_SCHED_SWITCH = 1,
	TRACE_SCHED_WAKEUP,
	TRACE_SCHED_WAKEUP_NEW,
	TRACE_SCHED_MIGRATE,
	TRACE_SCHED_KTHREAD_STOP,
	TRACE_SCHED_KTHREAD_STOP_RET,
	TRACE_KTHREAD_CREATE,
	TRACE_KTHREAD_PARK,
	TRACE_KTHREAD_UNPARK,
	TRACE_WORK_QUEUE,
	TRACE_WORK_EXECUTE_START,
	TRACE_WORK_EXECUTE_END,
	TRACE_TIMER_EXPIRE,
	TRACE_CPU_HOTPLUG,
	TRACE_NR_EVENTS,
};

/* trace_entry.flags: the context the event was recorded in. */
#define TRACE_FLAG_HARDIRQ 0x01
#define TRACE_FLAG_SOFTIRQ 0x02
#define TRACE_FLAG_NMI	   0x04

#define TRACE_DATA_SIZE 44

/*
 * One record: 64 bytes, little-endian, no padding (the host decodes it
 * with one struct format per type; kernel/trace/trace.c checks the
 * layout).  The payloads below are packed, since data[] is only 4-aligned.
 *
 * @seq is the commit mark of the ring slot: the writer clears it, fills
 * the record, then stores (u32)(index + 1); a reader that sees another
 * value skips the slot (not yet written, or overwritten meanwhile).
 */
struct trace_entry {
	u64 ts; /* ktime_get_ns() */
	u32 seq;
	u16 type; /* enum trace_event_type */
	u8 cpu;
	u8 flags;		  /* TRACE_FLAG_* */
	s32 pid;		  /* the current task's (0: an idle task) */
	u8 data[TRACE_DATA_SIZE]; /* the event's own fields, below */
};

/* Payloads; comm fields are NUL-padded TASK_COMM_LEN bytes. */
struct trace_sched_switch {
	char prev_comm[TASK_COMM_LEN];
	s32 prev_pid;
	u32 prev_state; /* TASK_RUNNING when it stays runnable */
	char next_comm[TASK_COMM_LEN];
	s32 next_pid;
} __packed;

/* sched_wakeup, sched_wakeup_new; the waker is the entry's pid. */
struct trace_sched_wakeup {
	char comm[TASK_COMM_LEN];
	s32 pid;
	u32 target_cpu;
} __packed;

struct trace_sched_migrate {
	char comm[TASK_COMM_LEN];
	s32 pid;
	u32 orig_cpu;
	u32 dest_cpu;
} __packed;

/*
 * sched_kthread_stop (upstream's), kthread_create, kthread_park and
 * kthread_unpark (ours: upstream has no tracepoint there).
 */
struct trace_task {
	char comm[TASK_COMM_LEN];
	s32 pid;
} __packed;

struct trace_kthread_stop_ret {
	s32 ret;
} __packed;

/*
 * sched_kthread_work_queue_work, sched_kthread_work_execute_start/end:
 * upstream's names (include/trace/events/sched.h, since commit f630c7c6f105
 * "kthread: add kthread_work tracepoints"); upstream records the worker's
 * address where we record its thread's pid and CPU.
 */
struct trace_work {
	u64 work;
	u64 function;	/* symbolized at dump time */
	s32 worker_pid; /* queue_work: the worker's thread (0: none yet) */
	u32 target_cpu; /* queue_work: the CPU that thread is on, or last ran on */
} __packed;

struct trace_timer_expire {
	u64 timer;
	u64 function; /* symbolized at dump time */
	u64 expires;  /* jiffies */
	u64 now;      /* jiffies */
} __packed;

struct trace_cpu_hotplug {
	u32 cpu;
	u8 online; /* the state asked for */
	u8 done;   /* 0: starting, 1: finished */
	u16 pad;
	s32 ret;
} __packed;

/* The groups tracing now: read by every tracepoint, written by trace_start()/stop(). */
extern unsigned int trace_enabled_mask;

static __always_inline bool trace_group_enabled(unsigned int group)
{
	return unlikely(READ_ONCE(trace_enabled_mask) & group);
}

/* The slow halves, out of line so that a disabled tracepoint stays small. */
void __trace_sched_switch(struct task_struct *prev, unsigned int prev_state,
			  struct task_struct *next);
void __trace_sched_wakeup(int type, struct task_struct *p, unsigned int cpu);
void __trace_sched_migrate(struct task_struct *p, unsigned int orig_cpu, unsigned int dest_cpu);
void __trace_task(int type, struct task_struct *p);
void __trace_kthread_stop_ret(int ret);
struct kthread_work;
void __trace_work(int type, struct kthread_work *work, void *function, struct task_struct *worker);
struct timer_list;
void __trace_timer_expire(struct timer_list *timer, void *function, unsigned long expires);
void __trace_cpu_hotplug(unsigned int cpu, bool online, bool done, int ret);

/*
 * The tracepoints.  Each is one test of the mask when its group is off;
 * the arguments are only evaluated past it, so keep them cheap.
 */

/*
 * Linux's sched_switch, called under rq->lock before the switch.  The
 * record says TASK_RUNNING for a @prev that stays queued (preempted), so
 * @prev_state may be the state it had when it called schedule().
 */
static __always_inline void trace_sched_switch(struct task_struct *prev, unsigned int prev_state,
					       struct task_struct *next)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_sched_switch(prev, prev_state, next);
}

/* @p was made runnable on @cpu by the current task (or interrupt). */
static __always_inline void trace_sched_wakeup(struct task_struct *p, unsigned int cpu)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_sched_wakeup(TRACE_SCHED_WAKEUP, p, cpu);
}

static __always_inline void trace_sched_wakeup_new(struct task_struct *p, unsigned int cpu)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_sched_wakeup(TRACE_SCHED_WAKEUP_NEW, p, cpu);
}

/* @p moves from @orig_cpu to @dest_cpu; nothing is recorded when they are equal. */
static __always_inline void trace_sched_migrate_task(struct task_struct *p, unsigned int orig_cpu,
						     unsigned int dest_cpu)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_sched_migrate(p, orig_cpu, dest_cpu);
}

/* Linux's own tracepoints in kthread_stop(): on entry, and its result. */
static __always_inline void trace_sched_kthread_stop(struct task_struct *p)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_task(TRACE_SCHED_KTHREAD_STOP, p);
}

static __always_inline void trace_sched_kthread_stop_ret(int ret)
{
	if (trace_group_enabled(TRACE_GROUP_SCHED))
		__trace_kthread_stop_ret(ret);
}

/* A new kthread starts (it runs this itself, before its function). */
static __always_inline void trace_kthread_create(struct task_struct *p)
{
	if (trace_group_enabled(TRACE_GROUP_KTHREAD))
		__trace_task(TRACE_KTHREAD_CREATE, p);
}

static __always_inline void trace_kthread_park(struct task_struct *p)
{
	if (trace_group_enabled(TRACE_GROUP_KTHREAD))
		__trace_task(TRACE_KTHREAD_PARK, p);
}

static __always_inline void trace_kthread_unpark(struct task_struct *p)
{
	if (trace_group_enabled(TRACE_GROUP_KTHREAD))
		__trace_task(TRACE_KTHREAD_UNPARK, p);
}

/* @worker: the worker's thread (NULL before it has one). */
static __always_inline void trace_sched_kthread_work_queue_work(struct kthread_work *work,
								void *function,
								struct task_struct *worker)
{
	if (trace_group_enabled(TRACE_GROUP_WORK))
		__trace_work(TRACE_WORK_QUEUE, work, function, worker);
}

static __always_inline void trace_sched_kthread_work_execute_start(struct kthread_work *work,
								   void *function)
{
	if (trace_group_enabled(TRACE_GROUP_WORK))
		__trace_work(TRACE_WORK_EXECUTE_START, work, function, NULL);
}

/* @work may be freed by now: only its address is recorded. */
static __always_inline void trace_sched_kthread_work_execute_end(struct kthread_work *work,
								 void *function)
{
	if (trace_group_enabled(TRACE_GROUP_WORK))
		__trace_work(TRACE_WORK_EXECUTE_END, work, function, NULL);
}

static __always_inline void trace_timer_expire(struct timer_list *timer, void *function,
					       unsigned long expires)
{
	if (trace_group_enabled(TRACE_GROUP_TIMER))
		__trace_timer_expire(timer, function, expires);
}

/* @online: the state asked for; @done: 0 when starting, 1 when finished. */
static __always_inline void trace_cpu_hotplug(unsigned int cpu, bool online, bool done, int ret)
{
	if (trace_group_enabled(TRACE_GROUP_CPU))
		__trace_cpu_hotplug(cpu, online, done, ret);
}

/* --- control: process context unless said otherwise --- */

/*
 * Parses a comma-separated list of group names ("sched,kthread", "all",
 * "none") into a mask.  Return: 0, or -EINVAL naming nothing (the caller
 * reports @list); *@mask is set only on success.  Any context.
 */
int trace_parse_groups(const char *list, unsigned int *mask);
/* Writes the names of @mask's groups, comma-separated, into @buf. */
void trace_format_groups(unsigned int mask, char *buf, size_t size);

/*
 * The groups trace_start() turns on; applied at once if tracing is on.
 * Allocates the rings the first time.  Return: 0 or -ENOMEM.
 */
int trace_set_groups(unsigned int mask);
unsigned int trace_get_groups(void);
/* Starts recording the chosen groups.  Return: 0 or -ENOMEM (no rings). */
int trace_start(void);
/* Stops recording; what was recorded stays.  Any context. */
void trace_stop(void);
static inline bool trace_is_on(void)
{
	return READ_ONCE(trace_enabled_mask) != 0;
}
/* Forgets every record (and the lost counts).  Best with tracing stopped. */
void trace_clear(void);
/*
 * Stops tracing and writes every record, oldest first per CPU, to the
 * console between TRACE-BEGIN and TRACE-END lines (docs/tracing.md).
 * Tracing stays off afterwards; the records stay too.
 */
void trace_dump(void);
/* Whether trace= on the command line asked for tracing at boot. */
bool trace_boot_requested(void);

/* --- reading records back in the kernel (tests) --- */

/* Ring capacity, in records per CPU. */
unsigned long trace_ring_size(void);

/*
 * Calls @fn on each committed record of CPU @cpu, oldest first, with a
 * copy of it; stops early when @fn returns false.  *@lost (if not NULL)
 * gets the records overwritten or unreadable since the last trace_clear().
 * Return: the records visited.  Any context.
 */
unsigned long trace_for_each_entry(unsigned int cpu,
				   bool (*fn)(const struct trace_entry *e, void *arg), void *arg,
				   unsigned long *lost);

/* Boot: allocates the rings and starts tracing if trace= asked for it. */
void trace_init(void);

#endif /* _KERNEL_TRACE_H */
