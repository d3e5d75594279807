// SPDX-License-Identifier: GPL-2.0
/*
 * kthread_worker (include/kernel/kthread_worker.h, docs/kthread_worker.md):
 * the second half of Linux's kernel/kthread.c.  The seed keeps it in
 * kthread.c; here it has a file of its own, one concept per file.
 *
 * A worker is a kthread running kthread_worker_fn() over a struct
 * kthread_worker: it takes works off worker->work_list one at a time,
 * oldest first, and runs each with worker->lock dropped.  Delayed works
 * wait on worker->delayed_work_list for their timers, whose callback moves
 * them to work_list.  Flushing puts a barrier work behind the work (or at
 * the tail) and sleeps until the thread runs it; cancelling takes the work
 * off its list and, if it is running, waits for it, while work->canceling
 * keeps anyone from queueing it again.
 *
 * Which Linux: "the seed" is v4.19's kernel/kthread.c, "upstream" Linux
 * today.  kthread_create_worker() and kthread_create_worker_on_cpu() wake
 * the worker, as the seed did and as Linux did until 6.14.  The rest
 * follows upstream (6.14): kthread_run_worker*(), the "name.*%u" format of
 * kthread_create_worker_on_cpu(), the delayed-work cancel fixes of 5.10
 * and 5.13, and kthread_mod_delayed_work()'s return value.  Each
 * function's comment says which; docs/kthread_worker.md has the table.
 *
 * Where we differ from Linux, and why:
 *  - Our timers have no TIMER_IRQSAFE: a callback runs with interrupts on,
 *    so a hard interrupt may arrive on its CPU mid-callback, and a
 *    del_timer_sync() there would wait for ever.  So that
 *    kthread_mod_delayed_work() stays callable from any context, it
 *    deletes the timer without waiting whenever del_timer() finds it still
 *    armed, and the callback checks under worker->lock that it is still
 *    wanted (kthread_delayed_work_timer_fn()).  It waits for a callback
 *    that has already started only outside hard interrupts.
 *  - A timer that fires while its work is being cancelled leaves the work
 *    on delayed_work_list, for the canceller to take off.  Linux drops it
 *    there, so a cancel (or mod) racing with the timer returns false for a
 *    work that was pending; ours returns true, as documented.
 *  - kthread_flush_work() of a delayed work waits for the timer and the
 *    run: its barrier travels with the work.  Linux leaves the barrier on
 *    delayed_work_list, where nothing runs it, and the flush never returns.
 *  - Flushing, cancelling or destroying from the worker's own thread can
 *    only deadlock: it WARNs and returns instead.
 *  - A work that returns with preemption or interrupts disabled, or (with
 *    CONFIG_LOCKDEP) holding any lock, a mutex too, is reported by name,
 *    with the locks and where they were taken, and the damage repaired,
 *    as Linux's workqueues do.
 *  - Per-worker statistics, and a list of all running workers.
 *
 * Lock order: kthread_workers_lock, then worker->lock, then what a wake-up
 * takes (p->pi_lock, rq->lock) or a timer base lock.
 */
#define pr_fmt(fmt) "kthread_worker: " fmt

#include <kernel/bug.h>
#include <kernel/chaos.h>
#include <kernel/completion.h>
#include <kernel/freezer.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/kallsyms.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/ktime.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/slab.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>
#include <kernel/trace.h>
#include <lib/errno.h>
#include <lib/list.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

/* As kthread.c's KTHREAD_NAME_LEN: the longest name a kthread keeps. */
#define WORKER_NAME_LEN 64

static DEFINE_SPINLOCK(kthread_workers_lock);
static LIST_HEAD(kthread_workers);	/* running workers; under kthread_workers_lock */

/* A barrier: the thread completes @done when it gets to @work. */
struct kthread_flush_work {
	struct kthread_work work;
	struct completion done;
};

static void kthread_flush_work_fn(struct kthread_work *work)
{
	struct kthread_flush_work *fwork = container_of(work, struct kthread_flush_work, work);

	complete(&fwork->done);
}

#define KTHREAD_FLUSH_WORK_INIT(fwork)                                          \
	{                                                                       \
		.work = {                                                       \
			.node = LIST_HEAD_INIT((fwork).work.node),              \
			.func = kthread_flush_work_fn,                          \
			.flags = KTHREAD_WORK_BARRIER,                          \
		},                                                              \
		.done = COMPLETION_INITIALIZER_ONSTACK((fwork).done),           \
	}

/**
 * __kthread_init_worker - initialise a kthread_worker
 * @worker: the worker
 * @name: its lock's name, for reports
 * @key: the lock class key of its lock (NULL without CONFIG_LOCKDEP)
 *
 * Use kthread_init_worker(), which names the lock after the expression and
 * passes a key of its call site.  Linux 6.14.
 *
 * Context: any; @worker must not be in use.
 */
void __kthread_init_worker(struct kthread_worker *worker, const char *name,
			   struct lock_class_key *key)
{
	memset(worker, 0, sizeof(*worker));
	__raw_spin_lock_init(&worker->lock, name, key);
	INIT_LIST_HEAD(&worker->work_list);
	INIT_LIST_HEAD(&worker->delayed_work_list);
	INIT_LIST_HEAD(&worker->all_workers);
}

/* --- the worker thread --- */

/* The calling thread starts serving @worker: it becomes worker->task, and is listed. */
static void kthread_worker_attach(struct kthread_worker *worker)
{
	unsigned long flags;

	spin_lock_irqsave(&kthread_workers_lock, flags);
	raw_spin_lock(&worker->lock);
	/* Only kthread_create_worker*() may have set it, to us. */
	WARN_ON(worker->task && worker->task != current);
	worker->task = current;
	raw_spin_unlock(&worker->lock);
	list_add_tail(&worker->all_workers, &kthread_workers);
	spin_unlock_irqrestore(&kthread_workers_lock, flags);
}

/* The thread stops serving @worker: nothing will wake it for a work again. */
static void kthread_worker_detach(struct kthread_worker *worker)
{
	unsigned long flags;

	spin_lock_irqsave(&kthread_workers_lock, flags);
	list_del_init(&worker->all_workers);
	raw_spin_lock(&worker->lock);
	worker->task = NULL;
	worker->current_work = NULL;
	raw_spin_unlock(&worker->lock);
	spin_unlock_irqrestore(&kthread_workers_lock, flags);
}

/* Called with worker->lock held: @work (not a barrier) went on work_list. */
static inline void kthread_worker_account_queued(struct kthread_worker *worker,
						 struct kthread_work *work)
{
	struct kthread_worker_stats *stats = &worker->stats;

	work->queued_cycles = get_cycles();
	if (++stats->nr_queued > stats->max_queued)
		stats->max_queued = stats->nr_queued;
}

/* Called with worker->lock held: the thread took @work (not a barrier) off work_list. */
static inline void kthread_worker_account_started(struct kthread_worker *worker,
						  struct kthread_work *work)
{
	u64 waited = get_cycles() - work->queued_cycles;

	worker->stats.works_executed++;
	worker->stats.nr_queued--;
	if (waited > worker->max_latency_cycles)
		worker->max_latency_cycles = waited;
}

/*
 * Takes the oldest work off work_list and makes it worker->current_work,
 * which cancels and flushes look at: one lock round trip per work, which
 * is what lets a cancel take back any work the thread has not started.
 * With nothing queued, the thread is set TASK_INTERRUPTIBLE under the
 * lock, so that a queuer (who wakes it under the same lock when it is not
 * TASK_RUNNING, kthread_worker_wake()) cannot be missed: the caller then
 * only has to check for a stop or a freeze before it sleeps.
 *
 * Return: the work, or NULL (then current_work is NULL too).
 * Context: the worker thread, TASK_RUNNING.
 */
static struct kthread_work *kthread_worker_next_work(struct kthread_worker *worker)
{
	struct kthread_work *work = NULL;

	raw_spin_lock_irq(&worker->lock);
	if (likely(!list_empty(&worker->work_list))) {
		work = list_first_entry(&worker->work_list, struct kthread_work, node);
		list_del_init(&work->node);
		if (likely(!(work->flags & KTHREAD_WORK_BARRIER)))
			kthread_worker_account_started(worker, work);
	} else {
		set_current_state(TASK_INTERRUPTIBLE);
	}
	worker->current_work = work;
	/* A flush barrier is ours, not a user's work: never timed. */
	if (work && !(work->flags & KTHREAD_WORK_BARRIER)) {
		worker->current_func = work->func;
		worker->work_start = get_jiffies_64();
		worker->work_timeout_reported = false;
	}
	raw_spin_unlock_irq(&worker->lock);
	return work;
}

/*
 * A work returned with preemption or interrupts disabled, or a lock held:
 * whatever runs next on this thread would be atomic, or would nest under
 * the lock, and the thread could never sleep again.  Name the culprit and
 * the locks, as Linux's workqueues do, and put things back (the locks
 * stay taken: only their holder may release them).
 */
static noinline void kthread_work_leaked(kthread_work_func_t func, int count, unsigned int depth)
{
	char name[KSYM_SYMBOL_LEN];

	sprint_symbol(name, sizeof(name), (unsigned long)func);
	if (lockdep_depth() != depth)
		lockdep_print_held_locks(current);
	WARN(1,
	     "%s: work %s returned with preempt_count %#x (was %#x), interrupts %s, "
	     "%u lock(s) held: it left a lock held, or preemption or interrupts disabled",
	     current->comm, name, preempt_count(), count, irqs_disabled() ? "off" : "on",
	     lockdep_depth() - depth);
	preempt_count_sub(preempt_count() - count);
	local_irq_enable();
	lockdep_forget_held_locks(depth);
}

static void kthread_worker_run_work(struct kthread_worker *worker, struct kthread_work *work)
{
	kthread_work_func_t func = work->func;
	int count = preempt_count();
	unsigned int depth = lockdep_depth();

	trace_sched_kthread_work_execute_start(work, func);
	func(work);
	trace_sched_kthread_work_execute_end(work, func);
	/* Not a word about @work from here on: its function may have freed it. */
	WRITE_ONCE(worker->current_func, NULL);
	if (unlikely(preempt_count() != count || irqs_disabled() || lockdep_depth() != depth))
		kthread_work_leaked(func, count, depth);
}

/**
 * kthread_worker_fn - kthread function to process kthread_worker
 * @worker_ptr: pointer to initialized kthread_worker
 *
 * The main loop of a worker thread, for kthread_create_worker() or for
 * kthread_run(kthread_worker_fn, &worker, ...) with a worker of one's own.
 * It runs the works of worker->work_list one at a time, in the order they
 * were queued, each with worker->lock dropped, and sleeps when the list is
 * empty, until kthread_stop(); works still queued then are not run.
 *
 * Works must not return holding a lock or with preemption or interrupts
 * disabled: that WARNs, naming the work's function.  Between two works the
 * thread may be frozen (KTW_FREEZABLE) and may be preempted
 * (cond_resched()).  A work must not be handled by more than one worker at
 * a time; see kthread_queue_work().  Linux 6.14.
 *
 * Context: the worker's own kthread; sleeps.
 * Return: 0, when stopped.
 */
int kthread_worker_fn(void *worker_ptr)
{
	struct kthread_worker *worker = worker_ptr;
	struct kthread_work *work;

	kthread_worker_attach(worker);
	if (worker->flags & KTW_FREEZABLE)
		set_freezable();

	/*
	 * One turn per work.  No cond_resched(): the kernel is preemptive,
	 * and a work's end is a preemption point already (its last
	 * preempt_enable(), or the interrupt that set need_resched).
	 */
	while (!kthread_should_stop()) {
		work = kthread_worker_next_work(worker);
		if (likely(work)) {
			kthread_worker_run_work(worker, work);
		} else {
			/*
			 * TASK_INTERRUPTIBLE since kthread_worker_next_work(),
			 * with a full barrier: kthread_stop() sets the bit and
			 * then wakes, so either we see the bit or it wakes us.
			 * The freezer likewise wakes interruptible sleepers
			 * after raising system_freezing_cnt.
			 */
			chaos_point(CHAOS_WORKER_LOOP);
			if (!kthread_should_stop() && !freezing(current))
				schedule();
		}
		__set_current_state(TASK_RUNNING);

		/* Between two works we hold nothing: the freeze point. */
		if (unlikely(freezing(current)))
			try_to_freeze();
	}
	__set_current_state(TASK_RUNNING);
	kthread_worker_detach(worker);
	return 0;
}

/* --- the work timeout --- */

static void report_stuck_work(struct kthread_worker *worker, kthread_work_func_t func,
			      unsigned int timeout_secs)
{
	char name[KSYM_SYMBOL_LEN];

	sprint_symbol(name, sizeof(name), (unsigned long)func);
	/* printk(), not pr_err(): a report's first line carries no prefix. */
	printk(KERN_ERR "INFO: work %s on kthread_worker %s:%d running for more than %u seconds.\n",
	       name, worker->task->comm, worker->task->pid, timeout_secs);
	printk(KERN_ERR "      work_timeout_secs=0 on the command line disables this message.\n");
	sched_show_task(worker->task);
}

kthread_work_func_t kthread_worker_stuck_work(struct kthread_worker *worker, u64 now, u64 timeout)
{
	kthread_work_func_t func;
	unsigned long flags;

	raw_spin_lock_irqsave(&worker->lock, flags);
	func = READ_ONCE(worker->current_func);
	if (!func || worker->work_timeout_reported ||
	    time_before(now, worker->work_start + timeout))
		func = NULL;
	else
		worker->work_timeout_reported = true;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return func;
}

/*
 * Under kthread_workers_lock, the worker's thread cannot detach, so its
 * task stays alive while it is reported.
 */
unsigned int kthread_worker_report_stuck_works(u64 timeout, unsigned int timeout_secs)
{
	struct kthread_worker *worker;
	unsigned int reported = 0;
	unsigned long flags;
	u64 now = get_jiffies_64();

	spin_lock_irqsave(&kthread_workers_lock, flags);
	list_for_each_entry(worker, &kthread_workers, all_workers) {
		kthread_work_func_t func = kthread_worker_stuck_work(worker, now, timeout);

		if (func) {
			report_stuck_work(worker, func, timeout_secs);
			reported++;
		}
	}
	spin_unlock_irqrestore(&kthread_workers_lock, flags);
	return reported;
}

/* --- creation --- */

static struct kthread_worker *__kthread_create_worker(int cpu, unsigned int flags,
						      const char *name)
{
	struct kthread_worker *worker;
	struct task_struct *task;

	worker = kmalloc(sizeof(*worker), GFP_KERNEL);
	if (!worker)
		return ERR_PTR(-ENOMEM);
	kthread_init_worker(worker);

	task = kthread_create_on_node(kthread_worker_fn, worker, NUMA_NO_NODE, "%s", name);
	if (IS_ERR(task)) {
		kfree(worker);
		return ERR_CAST(task);
	}
	if (cpu >= 0)
		kthread_bind(task, cpu);

	worker->flags = flags;
	worker->task = task;
	wake_up_process(task);
	return worker;
}

/**
 * kthread_create_worker - create a kthread worker
 * @flags: flags modifying the default behavior of the worker (KTW_FREEZABLE)
 * @namefmt: printf-style name for the kthread worker (task).
 *
 * Allocates a worker and starts its thread, which runs kthread_worker_fn()
 * and may run on any CPU.  The worker is woken here, as in the seed (and
 * in Linux until 6.14, which leaves that to kthread_run_worker()).
 *
 * Context: process context; sleeps (killably, while kthreadd creates the
 * thread).
 * Return: the worker, ERR_PTR(-ENOMEM) when the needed structures could
 * not be allocated, or ERR_PTR(-EINTR) when the caller was killed by a
 * fatal signal.  Nothing is left allocated on failure.
 */
struct kthread_worker *kthread_create_worker(unsigned int flags, const char namefmt[], ...)
{
	char name[WORKER_NAME_LEN];
	va_list args;

	va_start(args, namefmt);
	vsnprintf(name, sizeof(name), namefmt, args);
	va_end(args);
	return __kthread_create_worker(-1, flags, name);
}

/**
 * kthread_create_worker_on_cpu - create a kthread worker bound to a CPU
 * @cpu: CPU number
 * @flags: flags modifying the default behavior of the worker
 * @namefmt: printf-style name for the thread.  Format is restricted
 *	     to "name.*%u".  Code fills in cpu number.
 *
 * As kthread_create_worker(), with the thread bound to @cpu before it
 * first runs, and named after it.  Signature and naming follow Linux 6.14
 * (before, callers passed the CPU number themselves); waking the worker
 * follows the seed, as kthread_create_worker() does.
 *
 * CPU hotplug is the caller's business, as in Linux: a worker bound to a
 * CPU that goes down loses its binding, and the good practice is to
 * destroy the worker when the CPU goes down and create it again when the
 * CPU comes back.
 *
 * Context: process context; sleeps.
 * Return: the worker, ERR_PTR(-ENOMEM), ERR_PTR(-EINTR), or (beyond Linux,
 * with a WARN) ERR_PTR(-EINVAL) for a CPU that does not exist.
 */
struct kthread_worker *kthread_create_worker_on_cpu(int cpu, unsigned int flags,
						    const char namefmt[])
{
	char name[WORKER_NAME_LEN];

	if (WARN(cpu < 0 || cpu >= NR_CPUS || !cpumask_test_cpu(cpu, cpu_possible_mask),
		 "kthread_create_worker_on_cpu(): CPU %d does not exist", cpu))
		return ERR_PTR(-EINVAL);
	snprintf(name, sizeof(name), namefmt, cpu);
	return __kthread_create_worker(cpu, flags, name);
}

/* --- queueing --- */

/*
 * Called with worker->lock held (its two callers take it just before).  A
 * pending work is already queued or delayed; a work being cancelled must
 * not come back.
 */
static inline bool queuing_blocked(struct kthread_worker *worker, struct kthread_work *work)
{
	return !list_empty(&work->node) || work->canceling;
}

/* Called with worker->lock held: what every insertion of @work checks. */
static inline void kthread_insert_work_sanity_check(struct kthread_worker *worker,
						    struct kthread_work *work)
{
	lockdep_assert_held(&worker->lock);
	WARN_ON_ONCE(!list_empty(&work->node));
	/* Do not use a work with >1 worker, see kthread_queue_work(). */
	WARN_ONCE(work->worker && work->worker != worker,
		  "kthread_work %p of worker %p queued on worker %p: kthread_init_work() it first",
		  work, work->worker, worker);
}

/*
 * Called with worker->lock held: new works are waiting for the thread.
 *
 * A thread busy with a work (current_work set) looks at the list again
 * when it is done.  So does one that is runnable (TASK_RUNNING: woken
 * already, or not yet back to sleep): it becomes TASK_INTERRUPTIBLE only
 * under worker->lock, on finding the list empty
 * (kthread_worker_next_work()), so if it has not looked yet it will see
 * our work, and if it has, the lock we hold shows us its new state and we
 * wake it.  So a batch of works queued to a thread that is awake costs no
 * wake-up at all, and one queued to a sleeping thread costs one: the first
 * wake-up makes it TASK_RUNNING.
 */
static inline void kthread_worker_wake(struct kthread_worker *worker)
{
	struct task_struct *task = worker->task;

	if (!worker->current_work && likely(task) && READ_ONCE(task->__state) != TASK_RUNNING)
		wake_up_process(task);
}

/*
 * Called with worker->lock held: puts @work before @pos, on work_list (or,
 * for a barrier, on delayed_work_list behind the delayed work it waits for).
 */
static __always_inline void kthread_insert_work(struct kthread_worker *worker,
						struct kthread_work *work, struct list_head *pos)
{
	kthread_insert_work_sanity_check(worker, work);
	list_add_tail(&work->node, pos);
	work->worker = worker;
	if (!(work->flags & KTHREAD_WORK_BARRIER))
		kthread_worker_account_queued(worker, work);
	trace_sched_kthread_work_queue_work(work, work->func, worker->task);
	kthread_worker_wake(worker);
}

/**
 * kthread_queue_work - queue a kthread_work
 * @worker: target kthread_worker
 * @work: kthread_work to queue
 *
 * Queue @work to work processor @worker for async execution: it runs after
 * every work queued before it.  The worker must have been created with
 * kthread_create_worker() (or run kthread_worker_fn()).
 *
 * Reinitialize the work if it needs to be used by another worker, for
 * example when the worker was stopped and started again.  Queueing a work
 * on a second worker without that WARNs, once.  Linux 6.14.
 *
 * Context: any, including hard interrupts.
 * Return: %true if @work was successfully queued, %false if it was already
 * pending, or is being cancelled.
 */
bool kthread_queue_work(struct kthread_worker *worker, struct kthread_work *work)
{
	unsigned long flags;
	bool ret = false;

	raw_spin_lock_irqsave(&worker->lock, flags);
	if (!queuing_blocked(worker, work)) {
		kthread_insert_work(worker, work, &worker->work_list);
		ret = true;
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	chaos_point(CHAOS_WORKER_QUEUE);
	return ret;
}

/*
 * Called with worker->lock held, after a work left delayed_work_list from
 * just before @pos: the flush barriers that followed it (kthread_flush_work()
 * puts them right behind their work) go to the tail of work_list, behind
 * the work if it was queued, and their flushers wake when the thread gets
 * there.
 */
static void kthread_move_barriers(struct kthread_worker *worker, struct list_head *pos)
{
	bool moved = false;

	while (pos != &worker->delayed_work_list) {
		struct kthread_work *barrier = list_entry(pos, struct kthread_work, node);

		if (!(barrier->flags & KTHREAD_WORK_BARRIER))
			break;
		pos = pos->next;
		list_move_tail(&barrier->node, &worker->work_list);
		moved = true;
	}
	if (moved)
		kthread_worker_wake(worker);
}

/*
 * Called with worker->lock held: does the timer's firing still stand?  Not
 * if the work left delayed_work_list meanwhile, or its timer was armed
 * again (both by kthread_mod_delayed_work(), which does not always wait
 * for a callback that has started), and not while a cancel is waiting for
 * this callback: that cancel takes the work off the list itself.
 */
static bool kthread_delayed_work_fire_wanted(struct kthread_delayed_work *dwork)
{
	struct kthread_work *work = &dwork->work;

	return (work->flags & KTHREAD_WORK_DELAYED) && !timer_pending(&dwork->timer) &&
	       !work->canceling;
}

/**
 * kthread_delayed_work_timer_fn - callback that queues the associated kthread
 *	delayed work when the timer expires.
 * @t: pointer to the expired timer
 *
 * Moves the work from delayed_work_list to the tail of work_list, with any
 * flush barrier waiting behind it.  The format of the function is defined
 * by struct timer_list.  Linux 6.14, but Linux's timer is TIMER_IRQSAFE and
 * ours is not, so a callback may find it is no longer wanted (see
 * kthread_delayed_work_fire_wanted()) and then does nothing.
 *
 * Context: the timer's softirq.
 */
void kthread_delayed_work_timer_fn(struct timer_list *t)
{
	struct kthread_delayed_work *dwork = from_timer(dwork, t, timer);
	struct kthread_work *work = &dwork->work;
	struct kthread_worker *worker = READ_ONCE(work->worker);
	struct list_head *next;
	unsigned long flags;

	/* This might happen when a pending work is reinitialized: misuse. */
	if (WARN_ON_ONCE(!worker))
		return;

	raw_spin_lock_irqsave(&worker->lock, flags);
	/* Work must not be used with >1 worker, see kthread_queue_work(). */
	WARN_ON_ONCE(work->worker != worker);
	if (kthread_delayed_work_fire_wanted(dwork)) {
		next = work->node.next;
		list_del_init(&work->node);
		work->flags &= ~KTHREAD_WORK_DELAYED;
		kthread_insert_work(worker, work, &worker->work_list);
		kthread_move_barriers(worker, next);
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);
}

/* Called with worker->lock held, @dwork idle: queue it now or arm its timer. */
static void __kthread_queue_delayed_work(struct kthread_worker *worker,
					 struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct kthread_work *work = &dwork->work;

	WARN_ON_ONCE(timer->function != kthread_delayed_work_timer_fn);

	/*
	 * If @delay is 0, queue @dwork->work immediately.  This is for both
	 * optimization and correctness: the earliest a timer can fire is the
	 * next tick, and users of delay 0 count on there being no such wait.
	 */
	if (!delay) {
		kthread_insert_work(worker, work, &worker->work_list);
		return;
	}

	/* Be paranoid and try to detect possible races already now. */
	kthread_insert_work_sanity_check(worker, work);

	list_add(&work->node, &worker->delayed_work_list);
	work->worker = worker;
	work->flags |= KTHREAD_WORK_DELAYED;
	timer->expires = get_jiffies_64() + delay;
	add_timer(timer);
}

/**
 * kthread_queue_delayed_work - queue the associated kthread work
 *	after a delay.
 * @worker: target kthread_worker
 * @dwork: kthread_delayed_work to queue
 * @delay: number of jiffies to wait before queuing
 *
 * If the work has not been pending it starts a timer that will queue the
 * work after the given @delay: it is queued on the first tick at least
 * @delay jiffies from now, never earlier.  If @delay is zero, it queues
 * the work immediately.  Linux 6.14.
 *
 * Context: any, including hard interrupts.
 * Return: %false if the @work has already been pending (its timer was
 * running or the work was queued) or is being cancelled; %true otherwise.
 */
bool kthread_queue_delayed_work(struct kthread_worker *worker,
				struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct kthread_work *work = &dwork->work;
	unsigned long flags;
	bool ret = false;

	raw_spin_lock_irqsave(&worker->lock, flags);
	if (!queuing_blocked(worker, work)) {
		__kthread_queue_delayed_work(worker, dwork, delay);
		ret = true;
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

/* --- flushing --- */

/* Called with worker->lock held: would waiting for @worker's thread deadlock? */
static bool kthread_flush_from_own_worker(struct kthread_worker *worker, const char *what)
{
	return WARN_ONCE(worker->task == current,
			 "%s() from a work of worker %s would wait for ever", what,
			 current->comm);
}

/**
 * kthread_flush_work - flush a kthread_work
 * @work: work to flush
 *
 * If @work is queued or executing, wait for it to finish execution.  Only
 * that instance is waited for: a work that queues itself again does not
 * keep the flush going.  A delayed work whose timer has not fired yet is
 * waited for too, until its timer fires and it has run (or until it is
 * cancelled): Linux 6.14 means to do the same, but its flush then never
 * returns.
 *
 * Context: process context; sleeps.  Not from a work of the same worker
 * (that would wait for ever: it WARNs and returns).
 */
void kthread_flush_work(struct kthread_work *work)
{
	struct kthread_flush_work fwork = KTHREAD_FLUSH_WORK_INIT(fwork);
	struct kthread_worker *worker;
	struct list_head *pos;

	might_sleep();
	worker = READ_ONCE(work->worker);
	if (!worker)
		return;

	raw_spin_lock_irq(&worker->lock);
	/* Work must not be used with >1 worker, see kthread_queue_work(). */
	WARN_ON_ONCE(work->worker != worker);

	if (!list_empty(&work->node))
		pos = work->node.next;		/* right behind it, even if delayed */
	else if (worker->current_work == work)
		pos = worker->work_list.next;	/* next in line */
	else
		pos = NULL;			/* idle: nothing to wait for */
	if (pos && kthread_flush_from_own_worker(worker, __func__))
		pos = NULL;
	if (pos)
		kthread_insert_work(worker, &fwork.work, pos);
	raw_spin_unlock_irq(&worker->lock);
	chaos_point(CHAOS_WORKER_FLUSH);

	if (pos)
		wait_for_completion(&fwork.done);
}

/**
 * kthread_flush_worker - flush all current works on a kthread_worker
 * @worker: worker to flush
 *
 * Wait until all currently executing or pending works on @worker are
 * finished: everything queued before the call.  Delayed works whose timers
 * have not fired are not waited for.  Linux 6.14.
 *
 * Context: process context; sleeps.  Not from a work of @worker (it WARNs
 * and returns).
 */
void kthread_flush_worker(struct kthread_worker *worker)
{
	struct kthread_flush_work fwork = KTHREAD_FLUSH_WORK_INIT(fwork);
	unsigned long flags;
	bool self;

	might_sleep();
	raw_spin_lock_irqsave(&worker->lock, flags);
	self = kthread_flush_from_own_worker(worker, __func__);
	if (!self)
		kthread_insert_work(worker, &fwork.work, &worker->work_list);
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	chaos_point(CHAOS_WORKER_FLUSH);

	if (!self)
		wait_for_completion(&fwork.done);
}

/* --- cancelling --- */

/*
 * Called with worker->lock held (interrupt state in *@flags), where the
 * caller may wait: makes sure that @work's timer is neither armed nor
 * running its callback.  The lock is dropped meanwhile, for the callback
 * to finish; work->canceling keeps anyone from queueing the work, and
 * tells the callback to leave it where it is.
 */
static void kthread_cancel_delayed_work_timer(struct kthread_worker *worker,
					      struct kthread_work *work, unsigned long *flags)
{
	struct kthread_delayed_work *dwork = container_of(work, struct kthread_delayed_work, work);

	work->canceling++;
	raw_spin_unlock_irqrestore(&worker->lock, *flags);
	chaos_point(CHAOS_WORKER_CANCEL);
	del_timer_sync(&dwork->timer);
	raw_spin_lock_irqsave(&worker->lock, *flags);
	work->canceling--;
}

/*
 * Called with worker->lock held, with the timer of a delayed @work deleted
 * (a callback still running will find it is not wanted): takes @work off
 * whichever list it is on.  The flush barriers behind a delayed work go to
 * work_list, so that their flushers wake.  @work may still be running.
 * Return: %true if @work was pending (queued or delayed), %false if not.
 */
static bool __kthread_cancel_work(struct kthread_worker *worker, struct kthread_work *work)
{
	struct list_head *next = work->node.next;

	if (list_empty(&work->node))
		return false;

	list_del_init(&work->node);
	if (work->flags & KTHREAD_WORK_DELAYED) {
		work->flags &= ~KTHREAD_WORK_DELAYED;
		kthread_move_barriers(worker, next);
	} else {
		worker->stats.nr_queued--;
	}
	return true;
}

/**
 * kthread_mod_delayed_work - modify delay of or queue a kthread delayed work
 * @worker: kthread worker to use
 * @dwork: kthread delayed work to queue
 * @delay: number of jiffies to wait before queuing
 *
 * If @dwork is idle, equivalent to kthread_queue_delayed_work().  Otherwise,
 * modify @dwork's timer so that it expires after @delay.  If @delay is
 * zero, @work is guaranteed to be queued immediately.  A work that is
 * running and not pending counts as idle: it is queued again.
 *
 * A special case is when the work is being canceled in parallel, by
 * kthread_cancel_delayed_work_sync() or by another
 * kthread_mod_delayed_work() waiting for the timer's callback: the other
 * command wins, nothing changes here, and this returns %true, so that the
 * return value can be used for reference counting: the number of queued
 * works stays the same.  The caller is still supposed to synchronize such
 * calls a reasonable way.
 *
 * The return value is upstream's (commit d71ba1649fa3; in the seed a
 * canceled work returned %false); the rest is Linux 6.14.  Unlike Linux's, our timer callback may
 * run with interrupts on, so in hard interrupt context this does not wait
 * for a callback that has already started: it makes it do nothing instead.
 * Such a callback may then still be running when this returns; only
 * kthread_cancel_delayed_work_sync() guarantees that none is.
 *
 * Context: any, including hard interrupts.
 * Return: %false if @dwork was idle and queued, %true otherwise.
 */
bool kthread_mod_delayed_work(struct kthread_worker *worker,
			      struct kthread_delayed_work *dwork, unsigned long delay)
{
	struct kthread_work *work = &dwork->work;
	unsigned long flags;
	bool ret;

	raw_spin_lock_irqsave(&worker->lock, flags);

	/* Do not bother with canceling when never queued. */
	if (!work->worker) {
		ret = false;
		goto queue;
	}

	/* Work must not be used with >1 worker, see kthread_queue_work(). */
	WARN_ON_ONCE(work->worker != worker);

	/* Do not fight with another command that is canceling this work. */
	if (work->canceling) {
		ret = true;
		goto out;
	}

	/*
	 * del_timer() failing on a delayed work means its callback has
	 * started and waits for our lock.  Let it finish first where we may
	 * wait, so that it cannot touch @dwork after we return; it finds
	 * canceling set and leaves the work on the list for us.
	 */
	if ((work->flags & KTHREAD_WORK_DELAYED) && !del_timer(&dwork->timer) && !in_hardirq()) {
		kthread_cancel_delayed_work_timer(worker, work, &flags);
		if (work->canceling) {
			/* Someone else started canceling meanwhile: they win. */
			ret = true;
			goto out;
		}
	}
	ret = __kthread_cancel_work(worker, work);

queue:
	__kthread_queue_delayed_work(worker, dwork, delay);
out:
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

static bool __kthread_cancel_work_sync(struct kthread_work *work, bool is_dwork)
{
	struct kthread_worker *worker;
	unsigned long flags;
	bool ret;

	might_sleep();
	worker = READ_ONCE(work->worker);
	if (!worker)
		return false;

	raw_spin_lock_irqsave(&worker->lock, flags);
	/* Work must not be used with >1 worker, see kthread_queue_work(). */
	WARN_ON_ONCE(work->worker != worker);

	if (WARN_ONCE(!is_dwork && (work->flags & KTHREAD_WORK_DELAYED),
		      "kthread_cancel_work_sync() of a delayed work: use kthread_cancel_delayed_work_sync()"))
		is_dwork = true;
	if (is_dwork)
		kthread_cancel_delayed_work_timer(worker, work, &flags);

	ret = __kthread_cancel_work(worker, work);

	if (worker->current_work == work) {
		/*
		 * The work is in progress and we need to wait with the lock
		 * released.  In the meantime, block any queuing by setting
		 * the canceling counter.
		 */
		work->canceling++;
		raw_spin_unlock_irqrestore(&worker->lock, flags);
		chaos_point(CHAOS_WORKER_CANCEL);
		kthread_flush_work(work);
		raw_spin_lock_irqsave(&worker->lock, flags);
		work->canceling--;
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return ret;
}

/**
 * kthread_cancel_work_sync - cancel a kthread work and wait for it to finish
 * @work: the kthread work to cancel
 *
 * Cancel @work and wait for its execution to finish.  This function can be
 * used even if the work re-queues itself: while it waits, queueing @work
 * fails.  On return from this function, @work is guaranteed to be not
 * pending or executing on any CPU.
 *
 * kthread_cancel_work_sync(&delayed_work->work) must not be used for
 * delayed works: use kthread_cancel_delayed_work_sync() instead (here it
 * WARNs and does that).  The caller must ensure that the worker on which
 * @work was last queued can't be destroyed before this function returns.
 * Linux 6.14.
 *
 * Context: process context; sleeps.
 * Return: %true if @work was pending, %false otherwise.
 */
bool kthread_cancel_work_sync(struct kthread_work *work)
{
	return __kthread_cancel_work_sync(work, false);
}

/**
 * kthread_cancel_delayed_work_sync - cancel a kthread delayed work and
 *	wait for it to finish.
 * @dwork: the kthread delayed work to cancel
 *
 * This is kthread_cancel_work_sync() for delayed works: when it returns,
 * the timer is neither armed nor running its callback, and the work is
 * neither pending nor running, so @dwork may be freed.  A timer that fires
 * during the cancel does not queue the work, and the return value then
 * still says it was pending (Linux 6.14 returns %false in that race).
 *
 * Context: process context; sleeps.
 * Return: %true if @dwork was pending, %false otherwise.
 */
bool kthread_cancel_delayed_work_sync(struct kthread_delayed_work *dwork)
{
	return __kthread_cancel_work_sync(&dwork->work, true);
}

/* --- destroying --- */

/*
 * After the thread has stopped, whatever is still on the lists was queued
 * too late or was delayed (the caller should have cancelled it).  Neither
 * will run: make sure that no timer fires into the freed worker, and wake
 * the flushers whose barriers will never be reached.
 */
static void kthread_worker_drop_leftovers(struct kthread_worker *worker)
{
	struct kthread_work *work, *next;
	unsigned long flags;
	LIST_HEAD(barriers);

	raw_spin_lock_irqsave(&worker->lock, flags);
	WARN(!list_empty(&worker->delayed_work_list),
	     "kthread_destroy_worker(): delayed works still pending: cancel them first");
	while (!list_empty(&worker->delayed_work_list)) {
		work = list_first_entry(&worker->delayed_work_list, struct kthread_work, node);
		if (work->flags & KTHREAD_WORK_BARRIER) {
			list_move_tail(&work->node, &worker->work_list);
			continue;
		}
		/* Drops the lock: the list may change meanwhile, hence the loop. */
		kthread_cancel_delayed_work_timer(worker, work, &flags);
		if (__kthread_cancel_work(worker, work))
			work->worker = NULL;
	}

	WARN(!list_empty(&worker->work_list),
	     "kthread_destroy_worker(): works queued during the destroy are not run");
	list_for_each_entry_safe(work, next, &worker->work_list, node) {
		if (work->flags & KTHREAD_WORK_BARRIER) {
			list_move_tail(&work->node, &barriers);
		} else {
			list_del_init(&work->node);
			work->worker = NULL;
		}
	}
	raw_spin_unlock_irqrestore(&worker->lock, flags);

	list_for_each_entry_safe(work, next, &barriers, node) {
		list_del_init(&work->node);
		work->func(work);
	}
}

/*
 * Nothing queued and nothing running: current_work is set from the moment
 * a work leaves work_list until the thread finds the list empty.  Then a
 * destroy has nothing to flush, and spares the thread a barrier (two
 * context switches; a worker destroyed before its thread ever ran is then
 * stopped without running kthread_worker_fn() at all).
 */
static bool kthread_worker_idle(struct kthread_worker *worker)
{
	unsigned long flags;
	bool idle;

	raw_spin_lock_irqsave(&worker->lock, flags);
	idle = list_empty(&worker->work_list) && !worker->current_work;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	return idle;
}

/**
 * kthread_destroy_worker - destroy a kthread worker
 * @worker: worker to be destroyed
 *
 * Flush and destroy @worker: every work queued before the call runs, then
 * the thread stops and @worker is freed.  The simple flush is enough
 * because the kthread worker API is used only in trivial scenarios.
 *
 * This function is not responsible for delayed works: the caller should
 * cancel them (or let them run and flush) first.  A delayed work still
 * pending WARNs here and never runs; so does a work queued while the
 * destroy was under way.  Linux 6.14 WARNs the same, but then frees the
 * worker under a timer that will still fire; ours deletes the timer first.
 *
 * Context: process context; sleeps.  Not from a work of @worker (it WARNs
 * and returns).
 */
void kthread_destroy_worker(struct kthread_worker *worker)
{
	struct task_struct *task = worker->task;

	might_sleep();
	if (WARN_ON(!task))
		return;
	if (WARN_ONCE(task == current, "kthread_destroy_worker() from its own worker %s",
		      current->comm))
		return;

	if (!kthread_worker_idle(worker))
		kthread_flush_worker(worker);
	kthread_stop(task);
	kthread_worker_drop_leftovers(worker);
	kfree(worker);
}

/* --- beyond Linux: statistics --- */

/**
 * kthread_worker_get_stats - read a worker's counters
 * @worker: the worker
 * @stats: filled with one consistent snapshot
 *
 * Context: any; takes worker->lock with interrupts saved.
 */
void kthread_worker_get_stats(struct kthread_worker *worker, struct kthread_worker_stats *stats)
{
	u64 max_latency_cycles;
	unsigned long flags;

	raw_spin_lock_irqsave(&worker->lock, flags);
	*stats = worker->stats;
	max_latency_cycles = worker->max_latency_cycles;
	raw_spin_unlock_irqrestore(&worker->lock, flags);
	stats->max_latency_ns = cycles_to_ns(max_latency_cycles);
}

/**
 * kthread_worker_for_each - call a function for every running worker
 * @fn: called with each worker whose thread runs kthread_worker_fn(), and @arg
 * @arg: passed to @fn
 *
 * @fn runs under kthread_workers_lock with interrupts off: it must not
 * sleep, and may take worker->lock (kthread_worker_get_stats()).  A worker
 * cannot be freed while @fn looks at it: its thread unlists it before it
 * stops.
 *
 * Context: any but hard interrupts.
 */
void kthread_worker_for_each(void (*fn)(struct kthread_worker *worker, void *arg), void *arg)
{
	struct kthread_worker *worker;
	unsigned long flags;

	spin_lock_irqsave(&kthread_workers_lock, flags);
	list_for_each_entry(worker, &kthread_workers, all_workers)
		fn(worker, arg);
	spin_unlock_irqrestore(&kthread_workers_lock, flags);
}
