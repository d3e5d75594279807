// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler: run queues, schedule(), wake-ups, preemption.
 *
 * Policy.  Each CPU has a run queue: a FIFO list of the tasks ready to run
 * there, and its idle task for when the list is empty.  The task at the
 * head runs for a time slice of ticks, then goes to the tail (round robin).
 * A slice is sched_slice() ticks, scaled by the task's nice level with
 * Linux's weight table, so over time every runnable task on a CPU gets a
 * share of it proportional to its weight.  Every decision (pick the head,
 * append at the tail) is O(1) in the number of runnable tasks: the cost of a
 * context switch does not grow with the queue.  What it gives up against
 * Linux's EEVDF is latency for tasks that sleep a lot: a woken task waits
 * its turn behind the others instead of preempting them, unless its CPU was
 * idle.
 *
 * Placement.  A waking task goes to its last CPU if it may run there,
 * unless that CPU is busy and another allowed CPU is idle; an idle CPU
 * also pulls waiting tasks from busy ones (pull_task()), so unbound
 * threads spread out.
 *
 * Locking (docs/locking.md has the whole order):
 *   p->pi_lock   serialises wake-ups of p and changes of its CPU mask;
 *   rq->lock     guards the run queue and the scheduler fields of its tasks
 *                (p->on_rq, p->cpu, p->run_list, p->time_slice).
 *   pi_lock is taken before rq->lock.  Two run queue locks are taken in
 *   CPU order (double_rq_lock()).
 *
 * The switch.  __schedule() holds this CPU's rq->lock across the context
 * switch, as Linux does: the task switched to releases it, in
 * finish_task_switch().  The lock validator tracks held locks per task,
 * so it is told of the hand-over: prev releases rq->lock just before the
 * switch, and next takes it again just after.  Until then prev->on_cpu stays set, so a waker on
 * another CPU never queues (and another CPU never runs) a task whose
 * registers are still being saved.
 */
#define pr_fmt(fmt) "sched: " fmt

#include <asm/barrier.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/switch_to.h>
#include <kernel/bug.h>
#include <kernel/chaos.h>
#include <kernel/cpu.h>
#include <kernel/irqflags.h>
#include <kernel/ktime.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/trace.h>
#include <lib/errno.h>
#include <lib/string.h>

#include "sched.h"

DEFINE_PER_CPU(struct rq, runqueues);

static bool scheduler_running;

/* Time slices, in ticks, for nice 0: 3 ticks is 12 ms at HZ=250. */
#define SCHED_SLICE_TICKS	3

/* A nice level's slice: proportional to its weight, at least one tick. */
#define SLICE(weight) (SCHED_SLICE_TICKS * (weight) / 1024 ?: 1)

/*
 * Linux's nice-to-weight table (each step is about 10% of CPU time), turned
 * into slices when compiling, since every switch to a task whose slice is
 * spent looks one up.
 */
/* clang-format off */
static const u16 sched_prio_to_slice[40] = {
	/* -20 */ SLICE(88761), SLICE(71755), SLICE(56483), SLICE(46273), SLICE(36291),
	/* -15 */ SLICE(29154), SLICE(23254), SLICE(18705), SLICE(14949), SLICE(11916),
	/* -10 */ SLICE(9548),  SLICE(7620),  SLICE(6100),  SLICE(4904),  SLICE(3906),
	/*  -5 */ SLICE(3121),  SLICE(2501),  SLICE(1991),  SLICE(1586),  SLICE(1277),
	/*   0 */ SLICE(1024),  SLICE(820),   SLICE(655),   SLICE(526),   SLICE(423),
	/*   5 */ SLICE(335),   SLICE(272),   SLICE(215),   SLICE(172),   SLICE(137),
	/*  10 */ SLICE(110),   SLICE(87),    SLICE(70),    SLICE(56),    SLICE(45),
	/*  15 */ SLICE(36),    SLICE(29),    SLICE(23),    SLICE(18),    SLICE(15),
};
/* clang-format on */

static unsigned int sched_slice(const struct task_struct *p)
{
	return sched_prio_to_slice[p->nice - MIN_NICE];
}

/* --- run queue primitives; all called with rq->lock held --- */

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	rq->nr_queued++;
}

static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_list);
	rq->nr_queued--;
}

/* Makes @p runnable on @rq (it was asleep or new). */
static void activate_task(struct rq *rq, struct task_struct *p)
{
	enqueue_task(rq, p);
	WRITE_ONCE(p->on_rq, 1);
}

static void set_task_cpu(struct task_struct *p, unsigned int cpu)
{
	trace_sched_migrate_task(p, p->cpu, cpu); /* records only a change */
	WRITE_ONCE(p->cpu, cpu);
}

/*
 * Asks @rq's CPU to reschedule: at once if it is this CPU, by IPI otherwise.
 * Called with rq->lock held (see pcpu_hot.need_resched).
 */
static void resched_curr(struct rq *rq)
{
	lockdep_assert_held(&rq->lock);
	per_cpu(pcpu_hot, rq->cpu).need_resched = 1;
	if (rq->cpu != smp_processor_id())
		arch_send_reschedule_ipi(rq->cpu);
}

bool need_resched(void)
{
	return this_cpu_read_hot(need_resched);
}

static void clear_need_resched(void)
{
	this_cpu_write_hot(need_resched, 0);
}

/* A task woken onto @rq preempts the idle task, nothing else (see the policy). */
static void check_preempt_wakeup(struct rq *rq, struct task_struct *p)
{
	if (rq->curr == rq->idle)
		resched_curr(rq);
}

/* Locks two run queues in CPU order, so that two CPUs never deadlock. */
void double_rq_lock(struct rq *a, struct rq *b)
{
	if (a == b) {
		raw_spin_lock(&a->lock);
	} else if (a->cpu < b->cpu) {
		raw_spin_lock(&a->lock);
		raw_spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
	} else {
		raw_spin_lock(&b->lock);
		raw_spin_lock_nested(&a->lock, SINGLE_DEPTH_NESTING);
	}
}

void double_rq_unlock(struct rq *a, struct rq *b)
{
	raw_spin_unlock(&a->lock);
	if (a != b)
		raw_spin_unlock(&b->lock);
}

/*
 * Locks the run queue @p is on.  @p may move between reading p->cpu and
 * getting the lock, hence the loop.  Caller has interrupts off.
 */
struct rq *task_rq_lock(struct task_struct *p)
{
	for (;;) {
		struct rq *rq = cpu_rq(READ_ONCE(p->cpu));

		raw_spin_lock(&rq->lock);
		if (rq == cpu_rq(READ_ONCE(p->cpu)))
			return rq;
		raw_spin_unlock(&rq->lock);
	}
}

/* --- choosing a CPU --- */

/*
 * None of @p's CPUs is active: as Linux does, widen its mask to every CPU
 * rather than leave it stranded.  Called with p->pi_lock held.
 *
 * For a kernel thread this is routine, not news: smpboot creates a CPU's
 * threads before the CPU comes up and wakes them to park, and unpark binds
 * them back.  Linux only tells the console about user tasks; here it is a
 * debug message, kept in the log buffer.
 */
static unsigned int select_fallback_rq(struct task_struct *p)
{
	pr_debug("thread %d (%s) no longer affine to its CPUs\n", p->pid, p->comm);
	do_set_cpus_allowed(p, cpu_possible_mask);
	return cpumask_first(cpu_active_mask);
}

static bool rq_is_idle(struct rq *rq)
{
	return READ_ONCE(rq->curr) == rq->idle && !READ_ONCE(rq->nr_queued);
}

/* select_task_rq() when @p's last CPU is not the obvious choice. */
static noinline unsigned int select_task_rq_slow(struct task_struct *p, unsigned int prev)
{
	unsigned int cpu;

	for_each_cpu(cpu, &p->cpus_mask) {
		if (cpu_active(cpu) && rq_is_idle(cpu_rq(cpu)))
			return cpu;
	}
	if (cpumask_test_cpu(prev, &p->cpus_mask) && cpu_active(prev))
		return prev;
	for_each_cpu(cpu, &p->cpus_mask) {
		if (cpu_active(cpu))
			return cpu;
	}
	return select_fallback_rq(p);
}

/*
 * Where a waking @p should run.  Called with p->pi_lock held, which keeps
 * its CPU mask stable.  Inline, for the common case: its last CPU, allowed
 * and active, and either its only one or idle.
 */
static __always_inline unsigned int select_task_rq(struct task_struct *p)
{
	unsigned int prev = READ_ONCE(p->cpu);

	if (likely(cpumask_test_cpu(prev, &p->cpus_mask) && cpu_active(prev) &&
		   (p->nr_cpus_allowed == 1 || rq_is_idle(cpu_rq(prev)))))
		return prev;
	return select_task_rq_slow(p, prev);
}

/* --- waking up --- */

/*
 * @p is still on a run queue (it set its state but has not switched out
 * yet, or it is queued): making it TASK_RUNNING is enough, since
 * __schedule() checks the state under rq->lock before taking it off.
 */
static bool ttwu_runnable(struct task_struct *p)
{
	struct rq *rq = task_rq_lock(p);
	bool queued = p->on_rq;

	if (queued)
		WRITE_ONCE(p->__state, TASK_RUNNING);
	raw_spin_unlock(&rq->lock);
	return queued;
}

/* Queues @p, asleep, on @cpu's run queue.  Called with p->pi_lock held. */
static __always_inline void ttwu_queue(struct task_struct *p, unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	raw_spin_lock(&rq->lock);
	if (p->cpu != cpu)
		set_task_cpu(p, cpu);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	activate_task(rq, p);
	check_preempt_wakeup(rq, p);
	raw_spin_unlock(&rq->lock);
}

/*
 * @p went to sleep on another CPU, which has not finished switching away
 * from it (p->on_cpu): rather than spin until it has, which on a vCPU the
 * host has just stopped takes a whole host time slice with interrupts off
 * here, hand the wake-up to that CPU, as Linux's ttwu_queue_wakelist()
 * does.  @p goes TASK_WAKING, so that no other waker touches it, onto the
 * CPU's wake list, and the first task on the list brings a reschedule IPI,
 * whose handler (sched_ttwu_pending()) runs after the switch is done.
 * Called with p->pi_lock held.  Return: false if @p is switching out on
 * this very CPU (the caller then waits).
 */
static bool ttwu_queue_wakelist(struct task_struct *p)
{
	unsigned int cpu = READ_ONCE(p->cpu);
	struct rq *rq = cpu_rq(cpu);
	struct task_struct *first;

	if (cpu == smp_processor_id())
		return false;
	WRITE_ONCE(p->__state, TASK_WAKING);
	first = __atomic_load_n(&rq->wake_list, __ATOMIC_RELAXED);
	do {
		p->wake_entry = first;
	} while (!__atomic_compare_exchange_n(&rq->wake_list, &first, p, false, __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	if (!first)
		arch_send_reschedule_ipi(cpu);
	return true;
}

/*
 * Wakes the tasks of this CPU's wake list, oldest first: each is off its
 * CPU by now (this runs from an interrupt, after any switch away from it
 * has finished), and goes where try_to_wake_up() would have put it.
 * Hard interrupt context (the reschedule IPI), or a CPU going down.
 */
static void sched_ttwu_pending(void)
{
	struct task_struct *list =
		__atomic_exchange_n(&this_rq()->wake_list, NULL, __ATOMIC_ACQUIRE);
	struct task_struct *fifo = NULL, *p;
	unsigned long flags;
	unsigned int cpu;

	while (list) { /* pushed newest first: reverse */
		p = list;
		list = p->wake_entry;
		p->wake_entry = fifo;
		fifo = p;
	}
	while ((p = fifo)) {
		fifo = p->wake_entry;
		raw_spin_lock_irqsave(&p->pi_lock, flags);
		WARN_ON_ONCE(READ_ONCE(p->on_cpu));
		cpu = select_task_rq(p);
		trace_sched_wakeup(p, cpu);
		ttwu_queue(p, cpu);
		raw_spin_unlock_irqrestore(&p->pi_lock, flags);
	}
}

void scheduler_ipi(void)
{
	sched_ttwu_pending();
}

/*
 * The wake-up protocol (Linux's, simplified):
 *
 * 1. Under p->pi_lock, which orders us against other wakers, check that
 *    p's state is one @state wakes.
 * 2. If p is still on a run queue, it has not gone to sleep yet: set it
 *    running, and its schedule() will not take it off (ttwu_runnable()).
 * 3. Otherwise it has gone, or is going, to sleep.  If its CPU has not
 *    finished switching away from it (p->on_cpu), that CPU is asked to
 *    finish the wake-up (ttwu_queue_wakelist()); else queue it on the CPU
 *    select_task_rq() picks, with a reschedule IPI if that CPU idles.
 *
 * The full barrier in set_current_state() on the sleeper's side and the one
 * implied by taking pi_lock here pair up: either the sleeper sees the
 * condition its waker set before calling us, or we see its new state.
 */
bool try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	unsigned long flags;
	bool success = false;
	unsigned int cpu;

	chaos_point(CHAOS_WAKE_UP);
	raw_spin_lock_irqsave(&p->pi_lock, flags);
	smp_mb__after_spinlock();
	if (!(READ_ONCE(p->__state) & state))
		goto out;
	success = true;

	if (READ_ONCE(p->on_rq) && ttwu_runnable(p)) {
		trace_sched_wakeup(p, READ_ONCE(p->cpu));
		goto out;
	}

	chaos_point(CHAOS_WAKE_UP_QUEUE);
	/* Still switching out on its CPU: that CPU finishes the wake-up. */
	if (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE) && ttwu_queue_wakelist(p))
		goto out;
	/* Its registers may still be being saved on this CPU (never: see above). */
	while (__atomic_load_n(&p->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	cpu = select_task_rq(p);
	trace_sched_wakeup(p, cpu);
	ttwu_queue(p, cpu);
out:
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
	return success;
}

bool wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL, 0);
}

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state, 0);
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;
	unsigned int cpu;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	if (WARN(READ_ONCE(p->__state) != TASK_NEW, "wake_up_new_task(%s): not a new task",
		 p->comm)) {
		raw_spin_unlock_irqrestore(&p->pi_lock, flags);
		return;
	}
	p->time_slice = sched_slice(p);
	cpu = select_task_rq(p);
	trace_sched_wakeup_new(p, cpu);
	ttwu_queue(p, cpu);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}

/* --- picking and switching --- */

/*
 * Moves one task that may run on @this_rq's CPU from the busiest other run
 * queue to @this_rq.  Called with this_rq->lock held; may drop and retake
 * it.  Return: whether a task was moved.
 */
static bool pull_task(struct rq *this_rq)
{
	struct rq *busiest = NULL;
	struct task_struct *p, *found = NULL;
	unsigned int cpu;

	if (!cpu_active(this_rq->cpu))
		return false;	/* going down: take on no work */
	for_each_online_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		if (rq != this_rq && READ_ONCE(rq->nr_queued) &&
		    (!busiest || rq->nr_queued > busiest->nr_queued))
			busiest = rq;
	}
	if (!busiest)
		return false;

	raw_spin_unlock(&this_rq->lock);
	double_rq_lock(this_rq, busiest);
	list_for_each_entry(p, &busiest->queue, run_list) {
		/* A task still switching out (on_cpu) stays where it is. */
		if (!READ_ONCE(p->on_cpu) && cpumask_test_cpu(this_rq->cpu, &p->cpus_mask)) {
			found = p;
			break;
		}
	}
	if (found) {
		dequeue_task(busiest, found);
		set_task_cpu(found, this_rq->cpu);
		enqueue_task(this_rq, found);
	}
	raw_spin_unlock(&busiest->lock);
	return found != NULL;
}

/* Called with rq->lock held; the chosen task is taken off the queue. */
static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *next;

	if (unlikely(list_empty(&rq->queue))) {
		/* pull_task() may drop the lock: look again even if it moved one. */
		if (!pull_task(rq) || list_empty(&rq->queue))
			return rq->idle;
	}
	next = list_first_entry(&rq->queue, struct task_struct, run_list);
	dequeue_task(rq, next);
	return next;
}

/*
 * prev stays runnable: back to the tail of a queue.  If its CPU mask no
 * longer includes this CPU (set_cpus_allowed_ptr() while it ran set
 * migration_pending: only that function changes the mask of a running
 * task), or this CPU is going down, it is left off every queue and
 * finish_task_switch() moves it, once it is switched out and this
 * rq->lock is released.
 */
static void put_prev_task(struct rq *rq, struct task_struct *prev)
{
	if (prev == rq->idle)
		return;
	if (unlikely(prev->migration_pending || !cpu_active(rq->cpu))) {
		prev->migration_pending = true;
		return;
	}
	enqueue_task(rq, prev);
}

/* @now: the TSC (task_struct's sum_exec_runtime says why not nanoseconds). */
static void account_switch_out(struct task_struct *prev, u64 now)
{
	prev->sum_exec_runtime += now - prev->exec_start;
}

static void migrate_away(struct task_struct *p);

/* finish_task_switch()'s rare cases, once rq->lock is released. */
static noinline void finish_task_switch_slow(struct task_struct *prev, unsigned int prev_state,
					     bool migrate)
{
	if (migrate)
		migrate_away(prev);
	if (prev_state == TASK_DEAD) {
		/* Only do_task_dead() gets here, off every queue, for good. */
		if (WARN(READ_ONCE(prev->on_rq), "dead task %s is still queued", prev->comm))
			return;	       /* leak it rather than free it while queued */
		put_task_struct(prev); /* the reference the task held on itself */
	}
}

/*
 * The second half of a context switch, run by the task switched to (or by
 * a new task, from schedule_tail()).  Releases the rq->lock that
 * __schedule() took, then moves prev if it may no longer run here, or
 * frees it if it died.  Inline: every switch runs it.
 */
static __always_inline void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	unsigned int prev_state = READ_ONCE(prev->__state);
	bool migrate = prev->migration_pending;

#ifdef CONFIG_LOCKDEP
	lock_acquire(&rq->lock.dep_map, 0, 0, _RET_IP_);
#endif
	lockdep_assert_held(&rq->lock);
	prev->migration_pending = false;
	/* Pairs with the acquire in try_to_wake_up(): prev is fully saved. */
	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	raw_spin_unlock_irq(&rq->lock);

	if (unlikely(migrate || prev_state == TASK_DEAD))
		finish_task_switch_slow(prev, prev_state, migrate);
}

/* The first thing a new task does (from ret_from_fork_asm). */
void schedule_tail(struct task_struct *prev);
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable();	/* the preempt_disable() of the schedule() we came from */
}

static void context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next)
{
#ifdef CONFIG_LOCKDEP
	lock_release(&rq->lock.dep_map, _RET_IP_);
#endif
	this_cpu_write_hot(current_task, next);
	prev = __switch_to_asm(prev, next);
	/* Here we are @next, possibly much later; @prev is whoever ran before us. */
	finish_task_switch(prev);
}

static void schedule_debug(struct task_struct *prev)
{
	if (unlikely(preempt_count() != PREEMPT_OFFSET)) {
		pr_err("BUG: scheduling while atomic: %s/%d/0x%08x\n", prev->comm, prev->pid,
		       preempt_count());
		lockdep_print_held_locks(prev);
		WARN_ONCE(1, "scheduling while atomic");
	}
}

/* How __schedule() is called. */
enum sched_mode {
	SM_NONE, /* schedule(): prev sleeps if its state says so */
	/*
	 * Preemption: prev stays runnable whatever its state (it may be on
	 * its way to sleep, and will call schedule() itself once it gets the
	 * CPU back).
	 */
	SM_PREEMPT,
};

/*
 * Picks the next task and switches to it.  Called with preemption
 * disabled once (schedule()'s), interrupts on or off.
 */
static void __schedule(enum sched_mode sched_mode)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = rq->curr, *next;
	unsigned long *switch_count = &prev->nivcsw;
	unsigned int prev_state;
	u64 now;

	schedule_debug(prev);
	local_irq_disable();
	raw_spin_lock(&rq->lock);

	prev_state = READ_ONCE(prev->__state);
	if (sched_mode != SM_PREEMPT && prev_state != TASK_RUNNING) {
		if (signal_pending_state(prev_state, prev)) {
			WRITE_ONCE(prev->__state, TASK_RUNNING);
		} else {
			WRITE_ONCE(prev->on_rq, 0);	/* asleep: off the run queue */
			switch_count = &prev->nvcsw;
		}
	}
	if (prev->on_rq)
		put_prev_task(rq, prev);

	next = pick_next_task(rq);
	clear_need_resched();

	if (next == prev) {
		raw_spin_unlock_irq(&rq->lock);
		return;
	}
	now = rdtsc();
	account_switch_out(prev, now);
	next->exec_start = now;
	if (!next->time_slice)
		next->time_slice = sched_slice(next);
	rq->curr = next;
	rq->nr_switches++;
	++*switch_count;
	WRITE_ONCE(next->on_cpu, 1);
	trace_sched_switch(prev, prev_state, next);
	context_switch(rq, prev, next);
}

void schedule(void)
{
	do {
		preempt_disable();
		__schedule(SM_NONE);
		preempt_count_sub(PREEMPT_OFFSET);	/* no resched check: we loop */
	} while (need_resched());
}

/*
 * The last switch of a dying task.  Preemption goes off before the state
 * does: a task preempted in TASK_DEAD would go back on a run queue, and
 * finish_task_switch() would free it while it is still queued.
 */
void do_task_dead(void)
{
	preempt_disable();
	set_special_state(TASK_DEAD);
	__schedule(SM_NONE);
	BUG();
}

void schedule_preempt_disabled(void)
{
	preempt_enable_no_resched();
	schedule();
	preempt_disable();
}

/*
 * How many times a task waiting for another CPU spins before it sleeps a
 * tick instead: enough for a context switch on a running vCPU, few
 * against a host time slice, which is how long anything takes on a vCPU
 * the host has stopped (and sleeping lets this vCPU halt, which gives the
 * host core back).
 */
#define SPINS_BEFORE_SLEEP 256

void cpu_relax_or_sleep(int *spins)
{
	if (++*spins < SPINS_BEFORE_SLEEP || preempt_count() || irqs_disabled()) {
		cpu_relax();
	} else {
		schedule_timeout_uninterruptible(1);
		*spins = 0;
	}
}

unsigned long wait_task_inactive(struct task_struct *p, unsigned int match_state)
{
	for (;;) {
		unsigned long flags, ncsw = 0;
		bool running, queued;
		int spins = 0;
		struct rq *rq;

		/* Spin while it runs elsewhere (it should be about to stop), then sleep. */
		while (READ_ONCE(p->on_cpu)) {
			if (match_state && READ_ONCE(p->__state) != match_state)
				return 0;
			cpu_relax_or_sleep(&spins);
		}

		raw_spin_lock_irqsave(&p->pi_lock, flags);
		rq = task_rq_lock(p);
		running = p->on_cpu;
		queued = p->on_rq;
		if (!match_state || READ_ONCE(p->__state) == match_state)
			ncsw = p->nvcsw | (1UL << 63);
		raw_spin_unlock(&rq->lock);
		raw_spin_unlock_irqrestore(&p->pi_lock, flags);

		if (!ncsw)
			return 0;
		if (running)
			continue;
		if (queued) {	/* preempted while runnable: it will come back */
			schedule_timeout_uninterruptible(1);
			continue;
		}
		return ncsw;
	}
}

/* The idle task's way in: it is never put to sleep. */
static void schedule_idle(void)
{
	do {
		__schedule(SM_NONE);
	} while (need_resched());
}

/* preempt_enable() found need_resched set with preemption back on. */
void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled() || !scheduler_running)
		return;
	do {
		preempt_disable();
		__schedule(SM_PREEMPT);
		preempt_count_sub(PREEMPT_OFFSET);
	} while (need_resched());
}

void preempt_schedule_now(void)
{
	if (preempt_count() || irqs_disabled() || !scheduler_running || current == this_rq()->idle)
		return;
	preempt_disable();
	__schedule(true);
	preempt_count_sub(PREEMPT_OFFSET);
}

void preempt_schedule_irq(void)
{
	do {
		preempt_disable();
		local_irq_enable();
		__schedule(SM_PREEMPT);
		local_irq_disable();
		preempt_count_sub(PREEMPT_OFFSET);
	} while (need_resched());
}

/*
 * A runnable task that schedule()s goes to the tail of its queue: that is
 * all a yield is.  Its slice carries on at its next turn, as a preempted
 * task's does: giving the CPU away early earns no fresh one.  Called in
 * TASK_RUNNING, as schedule() would otherwise sleep.
 */
void yield(void)
{
	schedule();
}

int cond_resched(void)
{
	if (!need_resched() || preempt_count() || irqs_disabled())
		return 0;
	preempt_disable();
	__schedule(SM_PREEMPT);
	preempt_count_sub(PREEMPT_OFFSET);
	return 1;
}

#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
void __might_sleep(const char *file, int line)
{
	if (!READ_ONCE(scheduler_running) || likely(!preempt_count() && !irqs_disabled()))
		return;
	/* The locks first: a spin lock held is the usual reason. */
	lockdep_print_held_locks(current);
	WARN(1,
	     "BUG: sleeping function called from invalid context at %s:%d\n"
	     "in_atomic(): %d, irqs_disabled(): %d, name: %s",
	     file, line, preempt_count() != 0, irqs_disabled(), current_comm());
}
#endif

/* --- the tick --- */

void scheduler_tick(void)
{
	struct rq *rq = this_rq();
	struct task_struct *curr;

	if (!READ_ONCE(scheduler_running))
		return;
	raw_spin_lock(&rq->lock);
	curr = rq->curr;
	if (curr == rq->idle) {
		if (rq->nr_queued)
			resched_curr(rq);
	} else if (curr->time_slice <= 1) {
		/* Its turn is over: to the tail if anyone waits, else another turn. */
		curr->time_slice = 0;
		if (rq->nr_queued)
			resched_curr(rq);
		else
			curr->time_slice = sched_slice(curr);
	} else {
		curr->time_slice--;
	}
	raw_spin_unlock(&rq->lock);
}

/* --- CPU masks and nice --- */

static void migrate_away(struct task_struct *p)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	/* Runnable but on no queue: only here may it be put on one. */
	ttwu_queue(p, select_task_rq(p));
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
}

/*
 * CPU hotplug, on the dying CPU with interrupts off: every task waiting
 * here goes elsewhere, and the running one follows at its next switch
 * (put_prev_task() sees the CPU inactive).  The CPU is already inactive,
 * so nothing new is placed here.
 */
void sched_cpu_dying(void)
{
	struct rq *rq = this_rq();
	struct task_struct *p, *next;
	LIST_HEAD(moving);

	sched_ttwu_pending(); /* this CPU is inactive: they go elsewhere */
	raw_spin_lock(&rq->lock);
	/* Still on_rq, on no queue: a wake-up now just sets them running. */
	list_splice_init(&rq->queue, &moving);
	rq->nr_queued = 0;
	resched_curr(rq);
	raw_spin_unlock(&rq->lock);

	list_for_each_entry_safe(p, next, &moving, run_list) {
		list_del_init(&p->run_list);
		migrate_away(p);
	}
}

void do_set_cpus_allowed(struct task_struct *p, const struct cpumask *mask)
{
	cpumask_copy(&p->cpus_mask, mask);
	p->nr_cpus_allowed = cpumask_weight(mask);
}

int set_cpus_allowed_ptr(struct task_struct *p, const struct cpumask *mask)
{
	unsigned long flags;
	struct rq *rq;
	bool running_elsewhere = false;
	unsigned int cpu;
	int spins = 0;

	for_each_cpu(cpu, mask) {
		if (cpu_active(cpu))
			break;
	}
	if (cpu >= NR_CPUS || (p->flags & PF_NO_SETAFFINITY))
		return -EINVAL;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p);
	do_set_cpus_allowed(p, mask);
	if (!cpumask_test_cpu(p->cpu, mask)) {
		if (rq->curr == p) {
			p->migration_pending = true; /* put_prev_task() will send it away */
			resched_curr(rq);
			running_elsewhere = p != current;
		} else if (p->on_rq) {
			dequeue_task(rq, p);
			raw_spin_unlock(&rq->lock);
			ttwu_queue(p, select_task_rq(p));
			raw_spin_unlock_irqrestore(&p->pi_lock, flags);
			return 0;
		}
	}
	raw_spin_unlock(&rq->lock);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);

	if (p == current && need_resched())
		schedule();
	/*
	 * Not done until it has left a CPU it may no longer use: its CPU
	 * switches it out at the reschedule IPI, at once if that vCPU runs;
	 * if the host has stopped it, sleep rather than spin.
	 */
	while (running_elsewhere && READ_ONCE(p->on_rq) &&
	       !cpumask_test_cpu(READ_ONCE(p->cpu), mask))
		cpu_relax_or_sleep(&spins);
	return 0;
}

void set_user_nice(struct task_struct *p, long nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	WRITE_ONCE(p->nice, nice);
}

int task_nice(const struct task_struct *p)
{
	return READ_ONCE(p->nice);
}

/* --- idle and start-up --- */

/*
 * What an idle task does: halt until an interrupt, then run whatever was
 * woken.  need_resched is checked with interrupts off, and "sti; hlt"
 * leaves no window for a wake-up IPI to arrive unseen in between.
 */
static __noreturn void do_idle(void)
{
	struct rq *rq = this_rq();

	for (;;) {
		local_irq_disable();
		if (cpu_is_offline(rq->cpu))
			cpuhp_idle_dead();	/* returns when the CPU is back */
		if (!need_resched() && READ_ONCE(rq->nr_queued) == 0) {
			arch_safe_halt();
			continue;
		}
		local_irq_enable();
		schedule_idle();
	}
}

__noreturn void cpu_startup_entry(void)
{
	preempt_disable();	/* the idle task never preempts itself */
	do_idle();
}

static void init_rq(unsigned int cpu, struct task_struct *idle)
{
	struct rq *rq = cpu_rq(cpu);

	raw_spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->queue);
	rq->nr_queued = 0;
	rq->cpu = cpu;
	rq->idle = idle;
	rq->curr = idle;
	/* It runs from now on, not from the reset (firmware and loader time). */
	idle->exec_start = rdtsc();
}

/* Called on the boot CPU, for CPU @cpu, before that CPU starts. */
struct task_struct *idle_task_create(unsigned int cpu, void *stack)
{
	struct task_struct *idle = alloc_idle_task(cpu, stack);

	if (!idle)
		return NULL;
	init_rq(cpu, idle);
	per_cpu(pcpu_hot, cpu).current_task = idle;
	return idle;
}

void sched_init(void)
{
	struct task_struct *idle = alloc_idle_task(0, boot_stack_base());

	if (!idle)
		panic("sched_init: no memory for the idle task");
	init_rq(0, idle);
	this_cpu_write_hot(current_task, idle);
	lockdep_init(); /* `current` is valid from here on */
	WRITE_ONCE(scheduler_running, true);
}

u64 task_sched_runtime(struct task_struct *p)
{
	unsigned long flags;
	struct rq *rq;
	u64 cycles;

	raw_spin_lock_irqsave(&p->pi_lock, flags);
	rq = task_rq_lock(p);
	cycles = p->sum_exec_runtime;
	if (rq->curr == p)
		cycles += rdtsc() - p->exec_start; /* the slice it is running now */
	raw_spin_unlock(&rq->lock);
	raw_spin_unlock_irqrestore(&p->pi_lock, flags);
	return ktime_cycles_to_ns(cycles);
}

void sched_cpu_stat(unsigned int cpu, struct sched_cpu_stat *stat)
{
	struct rq *rq = cpu_rq(cpu);
	unsigned long flags;
	u64 idle;

	raw_spin_lock_irqsave(&rq->lock, flags);
	stat->curr_pid = rq->curr->pid;
	strscpy(stat->curr_comm, rq->curr->comm, sizeof(stat->curr_comm));
	stat->nr_running = rq->nr_queued + (rq->curr != rq->idle);
	stat->nr_switches = rq->nr_switches;
	idle = rq->idle->sum_exec_runtime;
	if (rq->curr == rq->idle)
		idle += rdtsc() - rq->idle->exec_start;
	raw_spin_unlock_irqrestore(&rq->lock, flags);
	stat->idle_ns = ktime_cycles_to_ns(idle);
}

unsigned long nr_context_switches_cpu(unsigned int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_switches);
}

const char *current_comm(void)
{
	struct task_struct *p = this_cpu_read_hot(current_task);

	return p ? p->comm : this_cpu_read_hot(idle_comm);
}
