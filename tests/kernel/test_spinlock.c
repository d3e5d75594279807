// SPDX-License-Identifier: GPL-2.0
/*
 * Spin locks (include/kernel/spinlock.h): mutual exclusion on every CPU,
 * the fair queue serving waiters in the order they drew tickets, the
 * test-and-set lock of a hypervisor not waiting for a stalled waiter, the
 * preemption and interrupt side effects of each form, and the debug
 * checks (recursion, unlock of a lock not held, unlock on the wrong CPU).
 * Run by the runner on 1, 2 and 4 CPUs; the tests run on CPU 0.
 */
#include <kernel/atomic.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/wait.h>

#include "test_threads.h"

/* The lock word of a lock held with no one queued: locked, nothing else. */
static u32 lock_word(spinlock_t *lock)
{
	return READ_ONCE(lock->rlock.raw_lock.val);
}

static void lock_marks_it_held_and_disables_preemption(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	int count = preempt_count();

	KEXPECT_FALSE(t, spin_is_locked(&lock));
	spin_lock(&lock);
	KEXPECT_TRUE(t, spin_is_locked(&lock));
	KEXPECT_TRUE(t, spin_is_held(&lock));
	KEXPECT_EQ(t, preempt_count(), count + 1);
	KEXPECT_EQ(t, lock_word(&lock), _Q_LOCKED_VAL);
	spin_unlock(&lock);
	KEXPECT_FALSE(t, spin_is_locked(&lock));
	KEXPECT_FALSE(t, spin_is_held(&lock));
	KEXPECT_EQ(t, preempt_count(), count);
}

static void zeroed_lock_is_a_free_lock(struct ktest *t)
{
	spinlock_t lock;

	memset(&lock, 0, sizeof(lock));
	KEXPECT_FALSE(t, spin_is_locked(&lock));
	spin_lock(&lock);
	KEXPECT_TRUE(t, spin_is_held(&lock));
	spin_unlock(&lock);
	KEXPECT_FALSE(t, spin_is_locked(&lock));
}

static void nested_locks_count_preemption_once_each(struct ktest *t)
{
	DEFINE_SPINLOCK(a);
	DEFINE_SPINLOCK(b);
	int count = preempt_count();

	spin_lock(&a);
	spin_lock(&b);
	KEXPECT_EQ(t, preempt_count(), count + 2);
	spin_unlock(&b);
	spin_unlock(&a);
	KEXPECT_EQ(t, preempt_count(), count);
}

static void trylock_takes_a_free_lock_only(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	int count = preempt_count();

	KEXPECT_EQ(t, spin_trylock(&lock), 1);
	KEXPECT_EQ(t, preempt_count(), count + 1);
	/* Trying a lock this CPU holds just fails: no recursion report. */
	KEXPECT_EQ(t, spin_trylock(&lock), 0);
	KEXPECT_EQ(t, preempt_count(), count + 1);
	KEXPECT_EQ(t, lock_word(&lock), _Q_LOCKED_VAL);
	spin_unlock(&lock);
	KEXPECT_EQ(t, preempt_count(), count);
}

static void irqsave_disables_interrupts_and_restores_them(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	unsigned long flags;

	KASSERT_FALSE(t, irqs_disabled());
	spin_lock_irqsave(&lock, flags);
	KEXPECT_TRUE(t, irqs_disabled());
	KEXPECT_FALSE(t, arch_irqs_disabled_flags(flags));
	spin_unlock_irqrestore(&lock, flags);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void irqsave_with_interrupts_off_leaves_them_off(struct ktest *t)
{
	DEFINE_SPINLOCK(a);
	DEFINE_SPINLOCK(b);
	unsigned long outer, inner;

	spin_lock_irqsave(&a, outer);
	spin_lock_irqsave(&b, inner);
	KEXPECT_TRUE(t, arch_irqs_disabled_flags(inner));
	spin_unlock_irqrestore(&b, inner);
	KEXPECT_TRUE(t, irqs_disabled()); /* still inside a */
	spin_unlock_irqrestore(&a, outer);
	KEXPECT_FALSE(t, irqs_disabled());
}

static void lock_irq_disables_and_unlock_irq_enables(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	int count = preempt_count();

	spin_lock_irq(&lock);
	KEXPECT_TRUE(t, irqs_disabled());
	KEXPECT_EQ(t, preempt_count(), count + 1);
	spin_unlock_irq(&lock);
	KEXPECT_FALSE(t, irqs_disabled());
	KEXPECT_EQ(t, preempt_count(), count);
}

static void lockdep_assert_held_warns_only_when_not_held(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	DEFINE_RAW_SPINLOCK(raw);

	spin_lock(&lock);
	raw_spin_lock(&raw);
	lockdep_assert_held(&lock);
	lockdep_assert_held(&raw);
	raw_spin_unlock(&raw);
	spin_unlock(&lock);
	KEXPECT_WARN(t, lockdep_assert_held(&lock));
	KEXPECT_WARN(t, lockdep_assert_held(&raw));
}

/* --- debug checks --- */

static void recursion_is_caught_before_waiting(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	bool recursive = false;

	spin_lock(&lock);
	/* The check spin_lock() makes, which would then panic. */
	KEXPECT_WARN(t, recursive = debug_spin_lock_before(&lock.rlock));
	KEXPECT_TRUE(t, recursive);
	KEXPECT_EQ(t, lock_word(&lock), _Q_LOCKED_VAL);
	spin_unlock(&lock);
	KEXPECT_FALSE(t, debug_spin_lock_before(&lock.rlock));
}

static void unlock_of_free_lock_warns_and_changes_nothing(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	int count = preempt_count();
	u32 before = lock.rlock.raw_lock.val;
	unsigned long flags;

	KEXPECT_WARN(t, spin_unlock(&lock));
	KEXPECT_EQ(t, lock.rlock.raw_lock.val, before);
	KEXPECT_EQ(t, preempt_count(), count);

	local_irq_save(flags);
	KEXPECT_WARN(t, spin_unlock_irqrestore(&lock, flags));
	KEXPECT_FALSE(t, irqs_disabled()); /* the flags are still restored */
	KEXPECT_EQ(t, preempt_count(), count);

	/* Still a working lock. */
	spin_lock(&lock);
	KEXPECT_EQ(t, lock_word(&lock), _Q_LOCKED_VAL);
	spin_unlock(&lock);
	KEXPECT_FALSE(t, spin_is_locked(&lock));
	KEXPECT_EQ(t, preempt_count(), count);
}

static void need_two_cpus(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
}

struct holder {
	spinlock_t lock;
	struct completion holding;
	int release; /* set by the test: unlock now */
};

/* Takes the lock on its CPU, says so, and holds it until told to let go. */
static int hold_lock_fn(void *arg)
{
	struct holder *h = arg;

	spin_lock(&h->lock);
	complete(&h->holding);
	while (!READ_ONCE(h->release))
		cpu_relax();
	spin_unlock(&h->lock);
	return 0;
}

static void unlock_on_another_cpu_warns_and_keeps_it_held(struct ktest *t)
{
	struct holder h = { .lock = __SPIN_LOCK_UNLOCKED(h.lock) };
	struct test_thread th;
	int count = preempt_count();

	need_two_cpus(t);
	init_completion(&h.holding);
	KASSERT_EQ(t,
		   test_thread_start(&th, hold_lock_fn, &h, "ktest-holder",
				     test_next_cpu(smp_processor_id())),
		   0);
	wait_for_completion(&h.holding);

	KEXPECT_WARN(t, spin_unlock(&h.lock));
	KEXPECT_TRUE(t, spin_is_locked(&h.lock));
	KEXPECT_FALSE(t, spin_is_held(&h.lock));
	KEXPECT_EQ(t, preempt_count(), count);
	KEXPECT_EQ(t, spin_trylock(&h.lock), 0);

	WRITE_ONCE(h.release, 1);
	test_thread_join(&th);
	KEXPECT_FALSE(t, spin_is_locked(&h.lock));
}

/* --- mutual exclusion and fairness --- */

/*
 * At most this many rounds per thread, and at most COUNTER_TIME of them:
 * under QEMU with more vCPUs than host cores the holder's vCPU may not be
 * running, so a round can cost a host time slice (with the fair queue of
 * nopvspin, every hand-over can).  Real hardware does not care.
 */
#define COUNTER_ROUNDS 20000
#define COUNTER_NS     (250 * NSEC_PER_MSEC)

struct counter {
	struct test_gate gate;
	spinlock_t lock;
	unsigned long value;  /* under lock, updated non-atomically */
	int inside;	      /* under lock: a CPU is inside the section */
	atomic_t overlaps;    /* times a CPU found another inside */
	atomic_long_t rounds; /* total increments the threads made */
	u64 deadline;	      /* ktime_get_ns() */
};

static int count_fn(void *arg)
{
	struct counter *c = arg;
	unsigned long flags, v;
	long i;

	test_gate_wait(&c->gate);
	for (i = 0; i < COUNTER_ROUNDS && ktime_get_ns() < c->deadline; i++) {
		/* Alternate the forms: they must exclude each other too. */
		if (i & 1)
			spin_lock_irqsave(&c->lock, flags);
		else
			spin_lock(&c->lock);
		if (READ_ONCE(c->inside))
			atomic_inc(&c->overlaps);
		WRITE_ONCE(c->inside, 1);
		v = READ_ONCE(c->value);
		cpu_relax(); /* widen the window a racing CPU would need */
		WRITE_ONCE(c->value, v + 1);
		WRITE_ONCE(c->inside, 0);
		if (i & 1)
			spin_unlock_irqrestore(&c->lock, flags);
		else
			spin_unlock(&c->lock);
	}
	atomic_long_add(i, &c->rounds);
	return i > 0 ? 0 : -1; /* every thread got the lock at least once */
}

static void every_cpu_increments_under_lock_without_losing_one(struct ktest *t)
{
	static struct test_thread threads[NR_CPUS];
	struct counter c = { .lock = __SPIN_LOCK_UNLOCKED(c.lock) };
	unsigned int cpu, n = 0;

	test_gate_init(&c.gate);
	for_each_online_cpu(cpu) {
		KASSERT_EQ(t, test_thread_start(&threads[n], count_fn, &c, "ktest-count", cpu), 0);
		n++;
	}
	c.deadline = ktime_get_ns() + COUNTER_NS;
	test_gate_open(&c.gate);
	while (n--) {
		test_thread_join(&threads[n]);
		KEXPECT_EQ(t, threads[n].exit_code, 0);
	}
	KEXPECT_GT(t, atomic_long_read(&c.rounds), 0);
	KEXPECT_EQ(t, c.value, atomic_long_read(&c.rounds));
	KEXPECT_EQ(t, atomic_read(&c.overlaps), 0);
	KEXPECT_FALSE(t, spin_is_locked(&c.lock));
}

#define MAX_QUEUED 8

/*
 * The fair queue (<asm/spinlock.h>), taken directly at the arch level so
 * that it is tested whichever way this kernel's locks wait: a kernel on a
 * hypervisor waits by test-and-set unless booted with nopvspin.
 */
struct ticket_order {
	arch_spinlock_t lock;
	wait_queue_head_t go_wq;
	int go; /* waiter i may draw its ticket once go >= i */
	int nr_waiters;
	int served[MAX_QUEUED]; /* under lock: waiter ids in serving order */
	int nr_served;		/* under lock */
	bool timed_out;
};

struct ticket_waiter {
	struct ticket_order *o;
	int id; /* 1..nr_waiters, the order of drawing */
};

static void fair_lock(arch_spinlock_t *lock)
{
	preempt_disable();
	if (!arch_spin_trylock(lock))
		queued_spin_lock_slowpath(lock);
}

static void fair_unlock(arch_spinlock_t *lock)
{
	arch_spin_unlock(lock);
	preempt_enable();
}

static int ticket_waiter_fn(void *arg)
{
	struct ticket_waiter *w = arg;
	struct ticket_order *o = w->o;

	wait_event(o->go_wq, READ_ONCE(o->go) >= w->id);
	fair_lock(&o->lock);
	o->served[o->nr_served++] = w->id;
	fair_unlock(&o->lock);
	return 0;
}

/*
 * Holds the lock while letting the waiters draw tickets one at a time,
 * waiting until each has drawn (the tail byte counts them) before letting
 * the next one go.
 */
static int ticket_holder_fn(void *arg)
{
	struct ticket_order *o = arg;
	unsigned long deadline = jiffies + 10 * HZ;
	int i;

	fair_lock(&o->lock);
	for (i = 1; i <= o->nr_waiters; i++) {
		WRITE_ONCE(o->go, i);
		wake_up_all(&o->go_wq);
		while (READ_ONCE(o->lock.tail) < i) {
			if (time_after(jiffies, deadline)) {
				o->timed_out = true;
				break;
			}
			cpu_relax();
		}
	}
	fair_unlock(&o->lock);
	return 0;
}

static void fair_queue_serves_waiters_in_the_order_they_drew_tickets(struct ktest *t)
{
	static struct test_thread threads[MAX_QUEUED + 1];
	static struct ticket_waiter waiters[MAX_QUEUED];
	struct ticket_order o = { .lock = __ARCH_SPIN_LOCK_UNLOCKED };
	unsigned int holder_cpu, cpu;
	int i, n = 0;

	if (num_online_cpus() < 3)
		ktest_skip(t, "needs three CPUs: a holder and two spinning waiters");
	init_waitqueue_head(&o.go_wq);

	/* Each waiter spins on a CPU of its own, the holder on another. */
	holder_cpu = test_next_cpu(smp_processor_id());
	cpu = holder_cpu;
	while ((cpu = test_next_cpu(cpu)) != holder_cpu && n < MAX_QUEUED) {
		waiters[n] = (struct ticket_waiter){ .o = &o, .id = n + 1 };
		KASSERT_EQ(t,
			   test_thread_start(&threads[n], ticket_waiter_fn, &waiters[n],
					     "ktest-ticket", cpu),
			   0);
		n++;
	}
	o.nr_waiters = n;
	KASSERT_EQ(t,
		   test_thread_start(&threads[n], ticket_holder_fn, &o, "ktest-holder", holder_cpu),
		   0);
	for (i = n; i >= 0; i--)
		test_thread_join(&threads[i]);

	KEXPECT_FALSE(t, o.timed_out);
	KASSERT_EQ(t, o.nr_served, n);
	for (i = 0; i < n; i++)
		KEXPECT_EQ(t, o.served[i], i + 1);
	/* The last waiter out emptied the queue: the fast path works again. */
	KEXPECT_EQ(t, o.lock.val, 0);
}

/* How long the stall stands in for a vCPU the host does not run. */
#define STALL_NS (3 * NSEC_PER_SEC)

struct stalled_waiter {
	spinlock_t lock;
	int a_go, b_go;		/* the threads may try the lock */
	int a_trying, b_trying; /* they are about to spin_lock() */
	int stalling;		/* A's CPU is inside stall_fn() */
	int stall_over;		/* set by the test, or by stall_fn() at STALL_NS */
	int order[2];		/* under lock: who got it first, second */
	int nr_served;		/* under lock */
	wait_queue_head_t wq;
};

/*
 * A call-function IPI that keeps A's CPU busy with interrupts off, as a
 * host that stops the vCPU would; bounded, so that a broken lock costs
 * STALL_NS, not a hang.
 */
static void stall_fn(void *arg)
{
	struct stalled_waiter *s = arg;
	u64 end = ktime_get_ns() + STALL_NS;

	WRITE_ONCE(s->stalling, 1);
	while (!READ_ONCE(s->stall_over) && ktime_get_ns() < end)
		cpu_relax();
	WRITE_ONCE(s->stall_over, 1);
}

static void stalled_take(struct stalled_waiter *s, int id, int *go, int *trying)
{
	wait_event(s->wq, READ_ONCE(*go));
	WRITE_ONCE(*trying, 1);
	spin_lock(&s->lock); /* interrupts on: the stall IPI gets in */
	s->order[s->nr_served++] = id;
	spin_unlock(&s->lock);
	wake_up_all(&s->wq);
}

static int stalled_a_fn(void *arg)
{
	struct stalled_waiter *s = arg;

	stalled_take(s, 'A', &s->a_go, &s->a_trying);
	return 0;
}

static int stalled_b_fn(void *arg)
{
	struct stalled_waiter *s = arg;

	stalled_take(s, 'B', &s->b_go, &s->b_trying);
	return 0;
}

/* Spins (lock held: no sleeping) until *@flag, for at most a few seconds. */
static bool spin_until_set(int *flag)
{
	u64 end = ktime_get_ns() + 5 * NSEC_PER_SEC;

	while (!READ_ONCE(*flag)) {
		if (ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

/*
 * A waits for the lock first, then its CPU stops (an IPI that spins, as a
 * host that deschedules the vCPU would), then B waits.  When the holder
 * lets go, B must get the lock without waiting for A: the test-and-set
 * lock of a hypervisor hands nothing to a particular waiter.  (The fair
 * queue would make B wait for A's stall to end: that is its price.)
 */
static void test_and_set_lock_does_not_wait_for_a_stalled_waiter(struct ktest *t)
{
	struct stalled_waiter s = { .lock = __SPIN_LOCK_UNLOCKED(s.lock) };
	struct test_thread a, b;
	unsigned int cpu_a, cpu_b;
	bool a_trying, stalled, b_trying;

	if (!virt_spin_lock_enabled())
		ktest_skip(t, "fair queued locks (no hypervisor, or nopvspin)");
	if (num_online_cpus() < 3)
		ktest_skip(t, "needs three CPUs: a holder and two spinning waiters");
	init_waitqueue_head(&s.wq);
	cpu_a = test_next_cpu(smp_processor_id());
	cpu_b = test_next_cpu(cpu_a);
	KASSERT_EQ(t, test_thread_start(&a, stalled_a_fn, &s, "ktest-stall-a", cpu_a), 0);
	KASSERT_EQ(t, test_thread_start(&b, stalled_b_fn, &s, "ktest-stall-b", cpu_b), 0);

	spin_lock(&s.lock);
	WRITE_ONCE(s.a_go, 1);
	wake_up_all(&s.wq);
	a_trying = spin_until_set(&s.a_trying);
	smp_call_function_single(cpu_a, stall_fn, &s, false);
	stalled = spin_until_set(&s.stalling);
	WRITE_ONCE(s.b_go, 1);
	wake_up_all(&s.wq);
	b_trying = spin_until_set(&s.b_trying);
	spin_unlock(&s.lock);

	/* B gets the lock while A's CPU is still stopped. */
	wait_event(s.wq, READ_ONCE(s.nr_served) > 0 || READ_ONCE(s.stall_over));
	KEXPECT_FALSE(t, READ_ONCE(s.stall_over));
	WRITE_ONCE(s.stall_over, 1);
	test_thread_join(&a);
	test_thread_join(&b);
	KEXPECT_TRUE(t, a_trying && stalled && b_trying);
	KASSERT_EQ(t, s.nr_served, 2);
	KEXPECT_EQ(t, s.order[0], 'B');
	KEXPECT_EQ(t, s.order[1], 'A');
}

static struct ktest_case spinlock_cases[] = {
	KTEST_CASE(lock_marks_it_held_and_disables_preemption),
	KTEST_CASE(zeroed_lock_is_a_free_lock),
	KTEST_CASE(nested_locks_count_preemption_once_each),
	KTEST_CASE(trylock_takes_a_free_lock_only),
	KTEST_CASE(irqsave_disables_interrupts_and_restores_them),
	KTEST_CASE(irqsave_with_interrupts_off_leaves_them_off),
	KTEST_CASE(lock_irq_disables_and_unlock_irq_enables),
	KTEST_CASE(lockdep_assert_held_warns_only_when_not_held),
	KTEST_CASE(recursion_is_caught_before_waiting),
	KTEST_CASE(unlock_of_free_lock_warns_and_changes_nothing),
	KTEST_CASE(unlock_on_another_cpu_warns_and_keeps_it_held),
	KTEST_CASE(every_cpu_increments_under_lock_without_losing_one),
	KTEST_CASE(fair_queue_serves_waiters_in_the_order_they_drew_tickets),
	KTEST_CASE(test_and_set_lock_does_not_wait_for_a_stalled_waiter),
	{}
};

static struct ktest_suite spinlock_suite = {
	.name = "spinlock",
	.cases = spinlock_cases,
};
ktest_register_suite(spinlock_suite);
