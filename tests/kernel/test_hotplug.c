// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug and per-CPU threads: a CPU taken down stops running tasks
 * and timers, which move elsewhere; its per-CPU threads are parked and come
 * back, bound to it again, when it comes up.  Needs two CPUs.
 */
#include <kernel/cpu.h>
#include <kernel/cpumask.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/kthread.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <kernel/timer.h>
#include <kernel/watchdog.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

static unsigned int victim(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();

	if (cpu == 0)
		ktest_skip(t, "needs a second CPU");
	return cpu;
}

static void every_cpu_has_a_bound_watchdog_thread(struct ktest *t)
{
	unsigned int cpu;
	char name[TASK_COMM_LEN];

	for_each_online_cpu(cpu) {
		struct task_struct *p = watchdog_thread(cpu);

		KASSERT_NOT_NULL(t, p);
		snprintf(name, sizeof(name), "watchdog/%u", cpu);
		KEXPECT_STREQ(t, p->comm, name);
		KEXPECT_TRUE(t, kthread_is_per_cpu(p));
		KEXPECT_EQ(t, p->nr_cpus_allowed, 1);
		KEXPECT_TRUE(t, cpumask_test_cpu(cpu, &p->cpus_mask));
		KEXPECT_TRUE(t, p->flags & PF_NO_SETAFFINITY);
	}
}

static void watchdog_threads_run_every_second(struct ktest *t)
{
	unsigned long before[NR_CPUS];
	unsigned int cpu;

	for_each_online_cpu(cpu)
		before[cpu] = watchdog_run_count(cpu);
	msleep(1300);
	for_each_online_cpu(cpu) {
		KEXPECT_GT(t, watchdog_run_count(cpu), before[cpu]);
		KEXPECT_EQ(t, READ_ONCE(watchdog_thread(cpu)->cpu), cpu);
	}
}

static void bad_hotplug_requests_are_refused(struct ktest *t)
{
	KEXPECT_EQ(t, cpu_down(0), -EBUSY);
	KEXPECT_EQ(t, cpu_down(NR_CPUS), -EINVAL);
	KEXPECT_EQ(t, cpu_up(0), -EINVAL);	/* already up */
	KEXPECT_EQ(t, cpu_up(NR_CPUS - 1), -EINVAL);	/* not possible */
}

struct witness {
	int stop;
	u64 cpus_seen;
};

static int busy_witness(void *arg)
{
	struct witness *w = arg;

	while (!READ_ONCE(w->stop)) {
		__atomic_fetch_or(&w->cpus_seen, 1ULL << smp_processor_id(), __ATOMIC_RELAXED);
		cond_resched();
	}
	return 0;
}

static unsigned int fired_on = ~0u;

static void record_cpu_timer(struct timer_list *t)
{
	WRITE_ONCE(fired_on, smp_processor_id());
}

static void cpu_down_moves_work_and_parks_per_cpu_threads(struct ktest *t)
{
	unsigned int cpu = victim(t);
	unsigned int online = num_online_cpus();
	struct witness bound = { 0 };
	struct timer_list timer;
	struct task_struct *p, *wd = watchdog_thread(cpu);
	u64 seen_before;

	p = kthread_create(busy_witness, &bound, "ktest-bound%u", cpu);
	KASSERT_NOT_ERR(t, p);
	get_task_struct(p);
	set_cpus_allowed_ptr(p, cpumask_of(cpu));	/* bound, but not a per-CPU kthread */
	wake_up_process(p);
	timer_setup(&timer, record_cpu_timer, 0);
	timer.expires = get_jiffies_64() + HZ / 5;
	add_timer_on(&timer, cpu);
	msleep(20);

	KASSERT_EQ(t, cpu_down(cpu), 0);
	KEXPECT_EQ(t, num_online_cpus(), online - 1);
	KEXPECT_FALSE(t, cpu_online(cpu));
	KEXPECT_FALSE(t, cpu_active(cpu));
	KEXPECT_EQ(t, task_state(wd), TASK_PARKED);
	KEXPECT_EQ(t, cpu_down(cpu), -EINVAL);	/* already down */
	KEXPECT_EQ(t, smp_call_function_single(cpu, (smp_call_func_t)record_cpu_timer, NULL, true),
		   -ENXIO);

	/* The bound thread lost its CPU: it runs elsewhere now. */
	seen_before = __atomic_load_n(&bound.cpus_seen, __ATOMIC_RELAXED);
	bound.cpus_seen = 0;
	msleep(50);
	KEXPECT_NE(t, bound.cpus_seen, 0);
	KEXPECT_EQ(t, bound.cpus_seen & (1ULL << cpu), 0);
	KEXPECT_NE(t, seen_before, 0);
	/* The timer moved off the dead CPU and fired anyway. */
	msleep(300);
	KEXPECT_NE(t, READ_ONCE(fired_on), cpu);
	KEXPECT_NE(t, READ_ONCE(fired_on), ~0u);

	KASSERT_EQ(t, cpu_up(cpu), 0);
	KEXPECT_TRUE(t, cpu_online(cpu));
	KEXPECT_EQ(t, num_online_cpus(), online);
	msleep(20);
	KEXPECT_NE(t, task_state(wd), TASK_PARKED);
	KEXPECT_EQ(t, READ_ONCE(wd->cpu), cpu);

	WRITE_ONCE(bound.stop, 1);
	kthread_stop(p);
	put_task_struct(p);
	del_timer_sync(&timer);
}

/* The per-CPU thread comes back on its own CPU every time. */
static void hotplug_cycles_keep_per_cpu_threads_on_their_cpu(struct ktest *t)
{
	unsigned int cpu = victim(t), i;
	struct task_struct *wd = watchdog_thread(cpu);
	unsigned long runs;

	for (i = 0; i < 20; i++) {
		KASSERT_EQ(t, cpu_down(cpu), 0);
		KASSERT_EQ(t, cpu_up(cpu), 0);
		KEXPECT_EQ(t, wd->nr_cpus_allowed, 1);
		KEXPECT_TRUE(t, cpumask_test_cpu(cpu, &wd->cpus_mask));
	}
	runs = watchdog_run_count(cpu);
	msleep(1300);
	KEXPECT_GT(t, watchdog_run_count(cpu), runs);
	KEXPECT_EQ(t, READ_ONCE(wd->cpu), cpu);
}

static void read_first_word(void *addr)
{
	unsigned long *word = addr;

	word[1] = READ_ONCE(word[0]);
}

/*
 * A CPU that was down missed the TLB shootdowns of the unmaps made
 * meanwhile.  Here a stack slot it had read is unmapped while it is down and
 * mapped again onto other pages: back up, it must read the new pages.
 * (Before the fix it read the old ones, and ran threads on stale stacks.)
 */
static void cpu_back_up_reads_pages_remapped_while_it_was_down(struct ktest *t)
{
	unsigned int cpu = victim(t), i;
	struct page *held[THREAD_SIZE / PAGE_SIZE];
	unsigned long *old, *new;

	drain_thread_stack_cache();
	old = alloc_thread_stack(GFP_KERNEL);
	KASSERT_NOT_NULL(t, old);
	old[0] = 0xa1d;
	KASSERT_EQ(t, smp_call_function_single(cpu, read_first_word, old, true), 0);
	KEXPECT_EQ(t, old[1], 0xa1d);

	KASSERT_EQ(t, cpu_down(cpu), 0);
	free_thread_stack(old);
	drain_thread_stack_cache();
	/* Keep the old pages, so the slot gets others and the old stay intact. */
	for (i = 0; i < ARRAY_SIZE(held); i++)
		held[i] = alloc_pages(GFP_KERNEL, 0);
	new = alloc_thread_stack(GFP_KERNEL);
	KEXPECT_EQ(t, cpu_up(cpu), 0);
	if (new == old) {
		new[0] = 0x9e3;
		KEXPECT_EQ(t, smp_call_function_single(cpu, read_first_word, new, true), 0);
		KEXPECT_EQ(t, new[1], 0x9e3);
	}
	for (i = 0; i < ARRAY_SIZE(held); i++) {
		if (held[i])
			__free_pages(held[i], 0);
	}
	free_thread_stack(new);
	if (new != old)
		ktest_skip(t, "the stack slot was not reused");
}

static struct ktest_case hotplug_cases[] = {
	KTEST_CASE(every_cpu_has_a_bound_watchdog_thread),
	KTEST_CASE(watchdog_threads_run_every_second),
	KTEST_CASE(bad_hotplug_requests_are_refused),
	KTEST_CASE(cpu_down_moves_work_and_parks_per_cpu_threads),
	KTEST_CASE(hotplug_cycles_keep_per_cpu_threads_on_their_cpu),
	KTEST_CASE(cpu_back_up_reads_pages_remapped_while_it_was_down),
	{}
};
static struct ktest_suite hotplug_suite = { .name = "hotplug", .cases = hotplug_cases };
ktest_register_suite(hotplug_suite);
