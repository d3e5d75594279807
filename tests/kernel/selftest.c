// SPDX-License-Identifier: GPL-2.0
/*
 * Cases that go wrong on purpose, so that the runner can prove it notices
 * each way a test kernel can go wrong (tests/runner/configs.py).  The suite
 * is manual: it runs only when ktest.filter names its cases.
 */
#include <asm/processor.h>
#include <asm/trap_test.h>
#include <kernel/atomic.h>
#include <kernel/delay.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/kthread_worker.h>
#include <kernel/panic.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>

static void fails(struct ktest *t)
{
	int answer = 41;

	KEXPECT_EQ(t, answer, 42);
}

static void panics(struct ktest *t)
{
	panic("selftest: panicking on purpose");
}

static void hangs(struct ktest *t)
{
	for (;;)
		cpu_relax();
}

static void double_fault(struct ktest *t)
{
	trap_test_double_fault();
}

static void triple_fault(struct ktest *t)
{
	trap_test_triple_fault();
}

static void panic_here(void *unused)
{
	panic("selftest: panicking on CPU %u", smp_processor_id());
}

/* CPU 1 panics while CPU 0 waits: the panic must stop CPU 0 with an NMI. */
static void panic_on_other_cpu(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
	smp_call_function_single(1, panic_here, NULL, false);
	for (;;)
		cpu_relax();
}

static atomic_t cpus_spinning;

static int selftest_spin_irqs_off(void *unused)
{
	local_irq_disable();
	atomic_inc(&cpus_spinning);
	for (;;)
		cpu_relax();
	return 0;
}

/*
 * Every other CPU spins with interrupts off, then this one panics: each
 * must still print one whole report (registers, RIP, call trace), one
 * after the other, on its own NMI stack.
 */
static void panic_while_others_spin(struct ktest *t)
{
	unsigned int cpu, others = 0;

	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
	for_each_online_cpu(cpu) {
		struct task_struct *p;

		if (cpu == smp_processor_id())
			continue;
		p = kthread_create_on_cpu(selftest_spin_irqs_off, NULL, cpu, "selftest-spin/%u");
		KASSERT_NOT_ERR(t, p);
		wake_up_process(p);
		others++;
	}
	while (atomic_read(&cpus_spinning) < (int)others)
		msleep(1);
	panic("selftest: panicking while %u other CPUs spin with interrupts off", others);
}

/* The soft-lockup detector must name this CPU and this function. */
static void softlockup(struct ktest *t)
{
	preempt_disable();
	for (;;)
		cpu_relax();
}

/*
 * Interrupts off on CPU 0: no tick, so only the hard-lockup detector on
 * CPU 1 can see it, and must name CPU 0 and this function.
 */
static void hardlockup(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU to watch this one");
	local_irq_disable();
	for (;;)
		cpu_relax();
}

/* The hung-task detector must name init and show this wait. */
static void hung_task(struct ktest *t)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
}

/* It keeps switching (msleep()), so only the work timeout can see it. */
static void selftest_endless_work(struct kthread_work *work)
{
	for (;;)
		msleep(100);
}

static void work_timeout(struct ktest *t)
{
	struct kthread_worker *worker = kthread_create_worker(0, "selftest-worker");
	DEFINE_KTHREAD_WORK(work, selftest_endless_work);

	KASSERT_NOT_ERR(t, worker);
	kthread_queue_work(worker, &work);
	/* Not kthread_flush_work(): the hung-task detector would report us too. */
	for (;;)
		msleep(100);
}

static struct ktest_case selftest_cases[] = {
	KTEST_CASE(fails),
	KTEST_CASE(panics),
	KTEST_CASE(hangs),
	KTEST_CASE(double_fault),
	KTEST_CASE(triple_fault),
	KTEST_CASE(panic_on_other_cpu),
	KTEST_CASE(panic_while_others_spin),
	/* The watchdogs, each with its own configuration in configs.py. */
	KTEST_CASE(softlockup),
	KTEST_CASE(hardlockup),
	KTEST_CASE(hung_task),
	KTEST_CASE(work_timeout),
	{}
};
static struct ktest_suite selftest_suite = {
	.name = "selftest",
	.cases = selftest_cases,
	.manual = true,
};
ktest_register_suite(selftest_suite);
