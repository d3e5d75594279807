/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kthread_worker: a kernel thread of its own that runs queued works, one at
 * a time, in the order they were queued.  Linux's API from
 * include/linux/kthread.h, kept apart here so that kthread.h stays short;
 * docs/kthread_worker.md walks through it with a sequence diagram.
 *
 *	static void blink(struct kthread_work *work) { ... }
 *
 *	struct kthread_worker *worker = kthread_create_worker(0, "leds");
 *	DEFINE_KTHREAD_WORK(blink_work, blink);
 *
 *	kthread_queue_work(worker, &blink_work);	any context
 *	kthread_flush_work(&blink_work);		sleeps until it has run
 *	kthread_destroy_worker(worker);			runs what is queued, stops
 *
 * The states of a work
 * --------------------
 * A work's state is what the worker's lists and fields say about it, all
 * under worker->lock; work->flags names the two things the lists alone
 * cannot tell:
 *
 *	idle		node is empty, and it is not worker->current_work
 *	queued		on worker->work_list, waiting for the thread
 *	delayed		on worker->delayed_work_list (KTHREAD_WORK_DELAYED):
 *			its timer is armed, or has fired and its callback is
 *			about to move it to work_list
 *	running		worker->current_work == work; it may be queued or
 *			delayed again at the same time (self-requeue)
 *	canceling	canceling > 0: a cancel waits for the timer or for
 *			the running instance, and nothing may queue it
 *
 * "Pending" in Linux's documentation means queued or delayed.  A flush
 * barrier (KTHREAD_WORK_BARRIER) is a work too, on the flusher's stack; it
 * is never counted in the statistics.
 *
 * Locking
 * -------
 * worker->lock (a raw spin lock, as in Linux, taken with interrupts saved:
 * works are queued from any context, including the timer callback and
 * interrupt handlers) guards both lists, current_work, task, the stats,
 * and every field of the works on them.  Under it the worker may wake its
 * thread (p->pi_lock, rq->lock) and arm or delete a timer (the timer base
 * lock); it is never held while a work runs or while anyone sleeps.
 * kthread_workers_lock (kernel/kthread_worker.c) guards the list of all
 * workers and is taken before worker->lock.
 */
#ifndef _KERNEL_KTHREAD_WORKER_H
#define _KERNEL_KTHREAD_WORKER_H

#include <kernel/kthread.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>
#include <lib/compiler.h>
#include <lib/list.h>
#include <lib/string.h>
#include <lib/types.h>

struct kthread_work;
typedef void (*kthread_work_func_t)(struct kthread_work *work);
void kthread_delayed_work_timer_fn(struct timer_list *t);

/* kthread_create_worker() flags, Linux's. */
enum {
	KTW_FREEZABLE = 1 << 0,	/* freeze during suspend: between two works */
};

/* work->flags; see "The states of a work" above. */
#define KTHREAD_WORK_DELAYED	(1U << 0)	/* on delayed_work_list, waiting for its timer */
#define KTHREAD_WORK_BARRIER	(1U << 1)	/* a flush barrier, not a user's work */

/*
 * Beyond Linux: what a worker has done, for tests and for the console's
 * view of the workers.  Flush barriers are not counted.
 */
struct kthread_worker_stats {
	unsigned long works_executed;	/* works the thread has started */
	unsigned int nr_queued;		/* works on work_list now */
	unsigned int max_queued;	/* the most ever on work_list at once */
	/*
	 * The longest time a work waited on work_list before it started,
	 * from its kthread_queue_work() (or, delayed, from its timer).
	 */
	u64 max_latency_ns;
};

struct kthread_worker {
	unsigned int flags;		/* KTW_*; set before the thread starts */
	raw_spinlock_t lock;
	/* lock guards the rest, except all_workers. */
	struct list_head work_list;	/* queued works, oldest first */
	struct list_head delayed_work_list;	/* works waiting for their timers */
	struct task_struct *task;	/* the thread, NULL once it has stopped */
	struct kthread_work *current_work;	/* the work running (or just run) */
	/*
	 * For the work timeout (kernel/hung_task.c): the function of the
	 * work running now (NULL between works; the thread clears it
	 * without the lock), since when (jiffies), and whether this run
	 * has been reported.
	 */
	kthread_work_func_t current_func;
	u64 work_start;
	bool work_timeout_reported;
	/*
	 * max_latency_ns is filled in by kthread_worker_get_stats(), from
	 * max_latency_cycles: get_cycles() per work is cheaper than ns.
	 */
	struct kthread_worker_stats stats;
	u64 max_latency_cycles;
	/* On the list of all workers; under kthread_workers_lock. */
	struct list_head all_workers;
};

struct kthread_work {
	struct list_head node;		/* on a list of worker, or empty */
	kthread_work_func_t func;
	struct kthread_worker *worker;	/* the worker it was last queued on */
	/* The rest under worker->lock. */
	int canceling;			/* cancels in progress: no queueing */
	unsigned int flags;		/* KTHREAD_WORK_* */
	/* When it went on work_list (get_cycles()), for the stats. */
	u64 queued_cycles;
};

struct kthread_delayed_work {
	struct kthread_work work;
	struct timer_list timer;	/* moves work to work_list when it fires */
};

#define KTHREAD_WORKER_INIT(worker)                                             \
	{                                                                       \
		.lock = __RAW_SPIN_LOCK_UNLOCKED((worker).lock),                \
		.work_list = LIST_HEAD_INIT((worker).work_list),                \
		.delayed_work_list = LIST_HEAD_INIT((worker).delayed_work_list), \
		.all_workers = LIST_HEAD_INIT((worker).all_workers),            \
	}

#define KTHREAD_WORK_INIT(work, fn)                                             \
	{                                                                       \
		.node = LIST_HEAD_INIT((work).node),                            \
		.func = (fn),                                                   \
	}

/* timer.h has no static initializer: an inactive timer on CPU 0's base. */
#define KTHREAD_DELAYED_WORK_INIT(dwork, fn)                                    \
	{                                                                       \
		.work = KTHREAD_WORK_INIT((dwork).work, (fn)),                  \
		.timer = { .function = kthread_delayed_work_timer_fn },         \
	}

#define DEFINE_KTHREAD_WORKER(worker)                                           \
	struct kthread_worker worker = KTHREAD_WORKER_INIT(worker)

#define DEFINE_KTHREAD_WORK(work, fn)                                           \
	struct kthread_work work = KTHREAD_WORK_INIT(work, fn)

#define DEFINE_KTHREAD_DELAYED_WORK(dwork, fn)                                  \
	struct kthread_delayed_work dwork = KTHREAD_DELAYED_WORK_INIT(dwork, fn)

/*
 * A statically initialised worker's lock has the lock class of its
 * initialiser's line, on the stack too (Linux needs a key there).
 */
#define DEFINE_KTHREAD_WORKER_ONSTACK(worker)	DEFINE_KTHREAD_WORKER(worker)

/*
 * @key is the lock class of worker->lock: kthread_init_worker() declares
 * one per line, so the workers of kthread_create_worker() share one class.
 */
void __kthread_init_worker(struct kthread_worker *worker, const char *name,
			   struct lock_class_key *key);

#ifdef CONFIG_LOCKDEP
#define kthread_init_worker(worker)                                             \
	do {                                                                    \
		static struct lock_class_key __key = LOCKDEP_KEY_INIT;          \
		__kthread_init_worker((worker), "(" #worker ")->lock", &__key); \
	} while (0)
#else
#define kthread_init_worker(worker) __kthread_init_worker((worker), "(" #worker ")->lock", NULL)
#endif

#define kthread_init_work(work, fn)                                             \
	do {                                                                    \
		memset((work), 0, sizeof(struct kthread_work));                 \
		INIT_LIST_HEAD(&(work)->node);                                  \
		(work)->func = (fn);                                            \
	} while (0)

#define kthread_init_delayed_work(dwork, fn)                                    \
	do {                                                                    \
		kthread_init_work(&(dwork)->work, (fn));                        \
		timer_setup(&(dwork)->timer, kthread_delayed_work_timer_fn, 0); \
	} while (0)

int kthread_worker_fn(void *worker_ptr);

/*
 * Reports every work that has been running on its worker for @timeout
 * jiffies (@timeout_secs in the message), once per run, naming its
 * function.  For khungtaskd.  Context: process context; takes
 * kthread_workers_lock.  Return: how many were reported.
 */
unsigned int kthread_worker_report_stuck_works(u64 timeout, unsigned int timeout_secs);
/*
 * The decision alone, for one worker (and tests): the function of its
 * work if that work has been running for @timeout jiffies at @now and was
 * not reported yet (it is then marked reported), else NULL.  Context: any.
 */
kthread_work_func_t kthread_worker_stuck_work(struct kthread_worker *worker, u64 now, u64 timeout);

__printf(2, 3) struct kthread_worker *kthread_create_worker(unsigned int flags,
							  const char namefmt[], ...);
struct kthread_worker *kthread_create_worker_on_cpu(int cpu, unsigned int flags,
						    const char namefmt[]);

/**
 * kthread_run_worker - create and wake a kthread worker
 * @flags: flags modifying the default behavior of the worker
 * @namefmt: printf-style name for the thread
 *
 * Linux 6.14's helper: kthread_create_worker() followed by
 * wake_up_process().  Here kthread_create_worker() already wakes the
 * worker (as the seed and Linux until 6.14 did), so the second wake-up
 * changes nothing; the helper exists so that code written for either
 * version builds.
 *
 * Context: process context; sleeps.
 * Return: the worker, ERR_PTR(-ENOMEM) or ERR_PTR(-EINTR).
 */
#define kthread_run_worker(flags, namefmt, ...)                                 \
	({                                                                      \
		struct kthread_worker *__kw =                                   \
			kthread_create_worker(flags, namefmt, ##__VA_ARGS__);   \
		if (!IS_ERR(__kw))                                              \
			wake_up_process(__kw->task);                            \
		__kw;                                                           \
	})

/**
 * kthread_run_worker_on_cpu - create and wake a CPU-bound kthread worker
 * @cpu: the CPU to bind it to
 * @flags: flags modifying the default behavior of the worker
 * @namefmt: printf-style name for the thread; restricted to "name.*%u",
 *	     the code fills in @cpu
 *
 * Linux 6.14's helper, as kthread_run_worker() is.
 *
 * Context: process context; sleeps.
 * Return: the worker, ERR_PTR(-ENOMEM), ERR_PTR(-EINTR) or ERR_PTR(-EINVAL).
 */
static inline struct kthread_worker *kthread_run_worker_on_cpu(int cpu, unsigned int flags,
							      const char namefmt[])
{
	struct kthread_worker *kw = kthread_create_worker_on_cpu(cpu, flags, namefmt);

	if (!IS_ERR(kw))
		wake_up_process(kw->task);
	return kw;
}

bool kthread_queue_work(struct kthread_worker *worker, struct kthread_work *work);
bool kthread_queue_delayed_work(struct kthread_worker *worker,
				struct kthread_delayed_work *dwork, unsigned long delay);
bool kthread_mod_delayed_work(struct kthread_worker *worker,
			      struct kthread_delayed_work *dwork, unsigned long delay);

void kthread_flush_work(struct kthread_work *work);
void kthread_flush_worker(struct kthread_worker *worker);

bool kthread_cancel_work_sync(struct kthread_work *work);
bool kthread_cancel_delayed_work_sync(struct kthread_delayed_work *work);

void kthread_destroy_worker(struct kthread_worker *worker);

/* Beyond Linux: statistics, and every worker whose thread runs. */
void kthread_worker_get_stats(struct kthread_worker *worker, struct kthread_worker_stats *stats);
void kthread_worker_for_each(void (*fn)(struct kthread_worker *worker, void *arg), void *arg);

#endif /* _KERNEL_KTHREAD_WORKER_H */
