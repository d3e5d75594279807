// SPDX-License-Identifier: GPL-2.0
/*
 * The recording halves of the tracepoints of include/kernel/trace.h: each
 * claims a record on this CPU's ring, fills the event's fields and
 * commits it.  Called only when the event's group is enabled, from any
 * context; never sleeps, never takes a lock.
 *
 * Task names are copied as they are now: a comm changed later does not
 * rewrite history.  A name is read without its lock, as Linux's tracepoints
 * do: at worst a record shows a name half-way through a rename.
 */
#include <kernel/jiffies.h>
#include <kernel/kthread_worker.h>
#include <kernel/trace.h>
#include <lib/string.h>

#include "trace.h"

#define TRACE_PAYLOAD(e, type)                                \
	({                                                    \
		BUILD_BUG_ON(sizeof(type) > TRACE_DATA_SIZE); \
		(type *)(e)->data;                            \
	})

static void copy_comm(char *dst, const struct task_struct *p)
{
	__builtin_memcpy(dst, p->comm, TASK_COMM_LEN); /* a few moves, inlined */
	dst[TASK_COMM_LEN - 1] = '\0';
}

void __trace_sched_switch(struct task_struct *prev, unsigned int prev_state,
			  struct task_struct *next)
{
	u64 index;
	struct trace_entry *e = trace_reserve(TRACE_SCHED_SWITCH, &index);
	struct trace_sched_switch *f = TRACE_PAYLOAD(e, struct trace_sched_switch);

	copy_comm(f->prev_comm, prev);
	f->prev_pid = prev->pid;
	/* Still queued: preempted, or its sleep was cut short; it stays runnable. */
	f->prev_state = READ_ONCE(prev->on_rq) ? TASK_RUNNING : prev_state;
	copy_comm(f->next_comm, next);
	f->next_pid = next->pid;
	trace_commit(e, index);
}

void __trace_sched_wakeup(int type, struct task_struct *p, unsigned int cpu)
{
	u64 index;
	struct trace_entry *e = trace_reserve(type, &index);
	struct trace_sched_wakeup *f = TRACE_PAYLOAD(e, struct trace_sched_wakeup);

	copy_comm(f->comm, p);
	f->pid = p->pid;
	f->target_cpu = cpu;
	trace_commit(e, index);
}

void __trace_sched_migrate(struct task_struct *p, unsigned int orig_cpu, unsigned int dest_cpu)
{
	struct trace_sched_migrate *f;
	struct trace_entry *e;
	u64 index;

	if (orig_cpu == dest_cpu) /* checked here, off the disabled path */
		return;
	e = trace_reserve(TRACE_SCHED_MIGRATE, &index);
	f = TRACE_PAYLOAD(e, struct trace_sched_migrate);
	copy_comm(f->comm, p);
	f->pid = p->pid;
	f->orig_cpu = orig_cpu;
	f->dest_cpu = dest_cpu;
	trace_commit(e, index);
}

void __trace_task(int type, struct task_struct *p)
{
	u64 index;
	struct trace_entry *e = trace_reserve(type, &index);
	struct trace_task *f = TRACE_PAYLOAD(e, struct trace_task);

	copy_comm(f->comm, p);
	f->pid = p->pid;
	trace_commit(e, index);
}

void __trace_kthread_stop_ret(int ret)
{
	u64 index;
	struct trace_entry *e = trace_reserve(TRACE_SCHED_KTHREAD_STOP_RET, &index);

	TRACE_PAYLOAD(e, struct trace_kthread_stop_ret)->ret = ret;
	trace_commit(e, index);
}

void __trace_work(int type, struct kthread_work *work, void *function, struct task_struct *worker)
{
	u64 index;
	struct trace_entry *e = trace_reserve(type, &index);
	struct trace_work *f = TRACE_PAYLOAD(e, struct trace_work);

	f->work = (unsigned long)work;
	f->function = (unsigned long)function;
	f->worker_pid = worker ? worker->pid : 0;
	f->target_cpu = worker ? READ_ONCE(worker->cpu) : 0;
	trace_commit(e, index);
}

void __trace_timer_expire(struct timer_list *timer, void *function, unsigned long expires)
{
	u64 index;
	struct trace_entry *e = trace_reserve(TRACE_TIMER_EXPIRE, &index);
	struct trace_timer_expire *f = TRACE_PAYLOAD(e, struct trace_timer_expire);

	f->timer = (unsigned long)timer;
	f->function = (unsigned long)function;
	f->expires = expires;
	f->now = get_jiffies_64();
	trace_commit(e, index);
}

void __trace_cpu_hotplug(unsigned int cpu, bool online, bool done, int ret)
{
	u64 index;
	struct trace_entry *e = trace_reserve(TRACE_CPU_HOTPLUG, &index);
	struct trace_cpu_hotplug *f = TRACE_PAYLOAD(e, struct trace_cpu_hotplug);

	f->cpu = cpu;
	f->online = online;
	f->done = done;
	f->ret = ret;
	trace_commit(e, index);
}
