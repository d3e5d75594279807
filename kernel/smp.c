// SPDX-License-Identifier: GPL-2.0
/*
 * Running a function on other CPUs (Linux's kernel/smp.c, simplified).
 *
 * Each CPU has one call_single_data per target CPU.  To call CPU t, the
 * sender waits until its slot for t is free (the previous call to t has
 * run: "csd locking"), fills it in, queues it on t's list and sends t the
 * call-function IPI.  t's interrupt handler takes its whole list and runs
 * each function, then frees the slot.  A waiting sender spins until then,
 * or, if t is slow to answer (its vCPU stopped by the host), halts until t
 * kicks it (csd_wait()).
 *
 * Because a sender may spin waiting for the target, and the target may be
 * spinning the same way on the sender, callers must have interrupts
 * enabled (so that they still answer calls while they wait).
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/smp.h>
#include <asm/switch_to.h>
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/irqflags.h>
#include <kernel/ktime.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/list.h>

struct call_single_data {
	struct list_head node;	/* on the target's call_queue */
	smp_call_func_t func;
	void *info;
	u32 locked;		/* 1 from queueing until func has returned */
	u32 waiter_halted;	/* the sender halts until the target kicks it */
	unsigned int sender;	/* the CPU whose slot this is */
};

struct call_queue {
	spinlock_t lock;
	struct list_head list;	/* under lock */
};

static DEFINE_PER_CPU(struct call_queue, call_queue);
/* csd_slots[t] is this CPU's slot for calls to CPU t. */
static DEFINE_PER_CPU(struct call_single_data, csd_slots[NR_CPUS]);

/* Spins this long for a call before halting: a running target answers sooner. */
#define CSD_SPINS_BEFORE_HALT 256

static bool csd_locked(struct call_single_data *csd)
{
	return __atomic_load_n(&csd->locked, __ATOMIC_ACQUIRE);
}

/*
 * Waits until the target has run the call and released @csd.  A running
 * target does within microseconds; one whose vCPU the host has stopped
 * takes a host time slice, and spinning meanwhile would only keep this
 * vCPU on a host core the target could use.  So after a short spin the
 * sender halts, with interrupts on (the rule of these calls, so calls to
 * this CPU are still served), until the target's kick or its own tick.
 */
static void csd_wait(struct call_single_data *csd)
{
	int spins = 0;

	while (csd_locked(csd)) {
		if (++spins < CSD_SPINS_BEFORE_HALT || irqs_disabled()) {
			cpu_relax(); /* interrupts off: only after a panic */
			continue;
		}
		spins = 0;
		local_irq_disable();
		/* Flag, then look: pairs with the barrier in csd_unlock(). */
		__atomic_store_n(&csd->waiter_halted, 1, __ATOMIC_SEQ_CST);
		if (csd_locked(csd))
			arch_safe_halt(); /* sti; hlt: the kick cannot slip in between */
		else
			local_irq_enable();
		__atomic_store_n(&csd->waiter_halted, 0, __ATOMIC_RELAXED);
	}
}

static void csd_unlock(struct call_single_data *csd)
{
	__atomic_store_n(&csd->locked, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&csd->waiter_halted, __ATOMIC_SEQ_CST))
		arch_send_reschedule_ipi(csd->sender); /* wake it from its halt */
}

static void queue_call(unsigned int cpu, struct call_single_data *csd)
{
	struct call_queue *q = per_cpu_ptr(&call_queue, cpu);
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&csd->node, &q->list);
	spin_unlock_irqrestore(&q->lock, flags);
	arch_send_call_function_ipi(cpu);
}

/* Context: this CPU, interrupts enabled; returns with this CPU's slot for @cpu queued. */
static struct call_single_data *prepare_call(unsigned int cpu, smp_call_func_t func, void *info)
{
	struct call_single_data *csd = &(*this_cpu_ptr(&csd_slots))[cpu];

	csd_wait(csd);
	csd->func = func;
	csd->info = info;
	csd->sender = smp_processor_id();
	__atomic_store_n(&csd->locked, 1, __ATOMIC_RELAXED);
	return csd;
}

static bool bad_context(void)
{
	return WARN_ONCE(irqs_disabled() && num_online_cpus() > 1 && !panic_in_progress,
			 "smp_call_function with interrupts disabled can deadlock");
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info, bool wait)
{
	struct call_single_data *csd;
	unsigned long flags;

	if (cpu == smp_processor_id()) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
		return 0;
	}
	if (!cpu_online(cpu))
		return -ENXIO;
	bad_context();

	preempt_disable();	/* the slot is this CPU's: stay on it */
	csd = prepare_call(cpu, func, info);
	queue_call(cpu, csd);
	if (wait)
		csd_wait(csd);
	preempt_enable();
	return 0;
}

void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func, void *info,
			    bool wait)
{
	unsigned int cpu, self;

	bad_context();
	preempt_disable();
	self = smp_processor_id();
	for_each_cpu(cpu, mask) {
		if (cpu != self && cpu_online(cpu))
			queue_call(cpu, prepare_call(cpu, func, info));
	}
	if (wait) {
		for_each_cpu(cpu, mask) {
			if (cpu != self && cpu_online(cpu))
				csd_wait(&(*this_cpu_ptr(&csd_slots))[cpu]);
		}
	}
	preempt_enable();
}

/* The call-function IPI, in hard interrupt context on the target. */
void generic_smp_call_function_interrupt(void);
void generic_smp_call_function_interrupt(void)
{
	struct call_queue *q = this_cpu_ptr(&call_queue);
	struct call_single_data *csd, *next;
	LIST_HEAD(todo);

	spin_lock(&q->lock);
	list_splice_init(&q->list, &todo);
	spin_unlock(&q->lock);

	list_for_each_entry_safe(csd, next, &todo, node) {
		smp_call_func_t func = csd->func;
		void *info = csd->info;

		list_del(&csd->node);
		func(info);
		csd_unlock(csd);	/* after func: a waiter may free info */
	}
}

void smp_call_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct call_queue *q = per_cpu_ptr(&call_queue, cpu);

		spin_lock_init(&q->lock);
		INIT_LIST_HEAD(&q->list);
	}
}

/*
 * panic()'s stop (smp_send_stop()).  Every other CPU takes the stop NMI,
 * even with interrupts off, says it has, and waits for its turn; the
 * panicking CPU gives the turns in CPU order and waits for each report to
 * end, so that reports never interleave, and names a CPU that does not
 * answer (its vCPU not run by the host, NMIs blocked in a handler that
 * never ends) or whose report does not end, instead of waiting for ever.
 * Each report is printed on the stopped CPU's own NMI stack.
 */
#define STOP_ANSWER_NS	(5 * NSEC_PER_SEC)  /* for all CPUs together */
#define STOP_REPORT_NS	(10 * NSEC_PER_SEC) /* for each report */
#define STOP_TURNS_OVER (-2)		    /* stop_turn once all had theirs */

static bool stop_requested;
static struct cpumask stop_answered; /* CPUs in smp_stop_this_cpu() */
static struct cpumask stop_reported; /* CPUs whose report has ended */
static int stop_turn = -1;	     /* the CPU that may report now */

bool smp_stop_requested(void)
{
	return READ_ONCE(stop_requested);
}

/*
 * In the stop NMI: wait for this CPU's turn, then say what it was doing,
 * where (the NMI interrupted even code with interrupts off, such as a
 * spin that hung the machine), and stop for good.  A CPU that answers
 * after its turn has passed (the panicking CPU named it already) stays
 * silent rather than print into the reports that follow.
 */
void __noreturn smp_stop_this_cpu(struct pt_regs *regs)
{
	int cpu = smp_processor_id(), turn;

	cpumask_set_cpu(cpu, &stop_answered);
	while ((turn = READ_ONCE(stop_turn)) != cpu) {
		if (turn == STOP_TURNS_OVER)
			goto stop;
		cpu_relax();
	}
	show_cpu_report("stopped", regs);
	cpumask_set_cpu(cpu, &stop_reported);
stop:
	set_cpu_online(cpu, false);
	halt_forever();
}

/* Waits until @cpu is in @mask or the clock passes @deadline.  Return: whether it is. */
static bool wait_for_cpu_in(const struct cpumask *mask, unsigned int cpu, u64 deadline)
{
	while (!cpumask_test_cpu(cpu, mask)) {
		if (ktime_get_ns() > deadline)
			return false;
		cpu_relax();
	}
	return true;
}

void smp_send_stop(void)
{
	unsigned int self = smp_processor_id(), cpu;
	struct cpumask others;
	u64 answer_by;

	cpumask_copy(&others, cpu_online_mask);
	cpumask_clear_cpu(self, &others);
	if (cpumask_empty(&others))
		return;
	WRITE_ONCE(stop_requested, true);
	arch_send_stop_nmi();
	answer_by = ktime_get_ns() + STOP_ANSWER_NS;
	for_each_cpu(cpu, &others) {
		if (!wait_for_cpu_in(&stop_answered, cpu, answer_by)) {
			pr_emerg("CPU%u: did not answer the stop NMI within %llu s\n", cpu,
				 STOP_ANSWER_NS / NSEC_PER_SEC);
			continue;
		}
		WRITE_ONCE(stop_turn, cpu);
		if (!wait_for_cpu_in(&stop_reported, cpu, ktime_get_ns() + STOP_REPORT_NS))
			pr_emerg("CPU%u: its report did not end within %llu s\n", cpu,
				 STOP_REPORT_NS / NSEC_PER_SEC);
	}
	WRITE_ONCE(stop_turn, STOP_TURNS_OVER);
}
