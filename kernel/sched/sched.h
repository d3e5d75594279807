/* The scheduler's private definitions (Linux's kernel/sched/sched.h). */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <kernel/percpu.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <lib/list.h>

/* A CPU's run queue.  Fields under ->lock, unless said otherwise. */
struct rq {
	raw_spinlock_t lock;
	struct list_head queue;		/* runnable tasks waiting for this CPU, FIFO */
	unsigned int nr_queued;		/* on ->queue (read locklessly as a hint) */
	struct task_struct *curr;	/* running here (read locklessly as a hint) */
	struct task_struct *idle;	/* set at boot, then constant */
	unsigned long nr_switches;
	unsigned int cpu;		/* constant */
	/*
	 * Tasks other CPUs asked this one to wake (TASK_WAKING, pushed with a
	 * cmpxchg, taken all at once by sched_ttwu_pending()): no lock.
	 */
	struct task_struct *wake_list;
};

DECLARE_PER_CPU(struct rq, runqueues);

#define cpu_rq(cpu)	per_cpu_ptr(&runqueues, (cpu))
#define this_rq()	this_cpu_ptr(&runqueues)

struct rq *task_rq_lock(struct task_struct *p);
void double_rq_lock(struct rq *a, struct rq *b);
void double_rq_unlock(struct rq *a, struct rq *b);

/* kernel/fork.c: the idle task of @cpu, running on @stack (THREAD_SIZE). */
struct task_struct *alloc_idle_task(unsigned int cpu, void *stack);
/* The boot CPU's stack, which becomes its idle task's. */
void *boot_stack_base(void);

#endif /* _KERNEL_SCHED_SCHED_H */
