// SPDX-License-Identifier: GPL-2.0
/*
 * SMP: CPUs online, per-CPU data, cross-CPU function calls, CPU masks.
 * The runner boots this on 1, 2 and 4 CPUs; cases that need a second CPU
 * skip on one.
 */
#include <asm/smp.h>
#include <kernel/bootinfo.h>
#include <kernel/cpumask.h>
#include <kernel/irqflags.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/smp.h>
#include <kernel/tick.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/string.h>

static void need_two_cpus(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs a second CPU");
}

/* The value of integer parameter @key on the boot command line, or @dflt. */
static int cmdline_int(const char *key, int dflt)
{
	const char *p = strstr(boot_info.cmdline, key);
	char value[16];
	size_t len;
	int v;

	if (!p)
		return dflt;
	p += strlen(key);
	for (len = 0; p[len] && p[len] != ' ' && len < sizeof(value) - 1; len++)
		value[len] = p[len];
	value[len] = '\0';
	return kstrtoint(value, 0, &v) ? dflt : v;
}

static void every_listed_cpu_is_online_within_maxcpus(struct ktest *t)
{
	unsigned int expected = min(madt.nr_cpus, (unsigned int)cmdline_int("maxcpus=", NR_CPUS));

	if (strstr(boot_info.cmdline, "nosmp"))
		expected = 1;
	KEXPECT_EQ(t, num_online_cpus(), expected);
	KEXPECT_EQ(t, num_possible_cpus(), expected);
	KEXPECT_TRUE(t, cpu_online(0));
	KEXPECT_EQ(t, smp_processor_id(), 0);
}

static void apic_ids_are_distinct(struct ktest *t)
{
	unsigned int a, b;

	for_each_online_cpu(a) {
		for_each_online_cpu(b) {
			if (a != b)
				KEXPECT_NE(t, cpu_to_apicid[a], cpu_to_apicid[b]);
		}
	}
}

static DEFINE_PER_CPU(unsigned long, test_counter);

struct whoami {
	unsigned int cpu;
	unsigned long *this_ptr;
	bool in_irq;
	unsigned long apic_id;
};

static void record_whoami(void *arg)
{
	struct whoami *w = arg;

	w->cpu = smp_processor_id();
	w->this_ptr = this_cpu_ptr(&test_counter);
	w->in_irq = in_interrupt();
	(*this_cpu_ptr(&test_counter))++;
}

static void call_single_reaches_each_cpu(struct ktest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct whoami w = { .cpu = ~0u };
		unsigned long before = per_cpu(test_counter, cpu);

		KASSERT_EQ(t, smp_call_function_single(cpu, record_whoami, &w, true), 0);
		KEXPECT_EQ(t, w.cpu, cpu);
		KEXPECT_EQ(t, w.this_ptr, per_cpu_ptr(&test_counter, cpu));
		KEXPECT_EQ(t, per_cpu(test_counter, cpu), before + 1);
		/* Another CPU runs it from the IPI; this one calls it directly. */
		KEXPECT_EQ(t, w.in_irq, cpu != 0);
	}
}

static void per_cpu_copies_are_distinct(struct ktest *t)
{
	unsigned int a, b;

	for_each_online_cpu(a) {
		for_each_online_cpu(b) {
			if (a != b)
				KEXPECT_NE(t, per_cpu_ptr(&test_counter, a),
					   per_cpu_ptr(&test_counter, b));
		}
	}
	KEXPECT_EQ(t, this_cpu_ptr(&test_counter), per_cpu_ptr(&test_counter, 0));
}

static u32 many_hits;
static u64 many_cpus_seen;

static void count_hit(void *arg)
{
	__atomic_add_fetch(&many_hits, 1, __ATOMIC_RELAXED);
	__atomic_fetch_or(&many_cpus_seen, 1ULL << smp_processor_id(), __ATOMIC_RELAXED);
}

static void call_many_reaches_all_others(struct ktest *t)
{
	unsigned int cpu;
	u64 expected = 0;

	need_two_cpus(t);
	many_hits = 0;
	many_cpus_seen = 0;
	smp_call_function_many(cpu_online_mask, count_hit, NULL, true);
	for_each_online_cpu(cpu) {
		if (cpu != smp_processor_id())
			expected |= 1ULL << cpu;
	}
	KEXPECT_EQ(t, many_hits, num_online_cpus() - 1);
	KEXPECT_EQ(t, many_cpus_seen, expected);
}

static void call_without_wait_still_runs(struct ktest *t)
{
	unsigned int i, rounds = 1000;

	need_two_cpus(t);
	many_hits = 0;
	for (i = 0; i < rounds; i++)
		smp_call_function_single(1, count_hit, NULL, false);
	/* The per-target slot is reused only after its call ran: wait for the last. */
	smp_call_function_single(1, count_hit, NULL, true);
	KEXPECT_EQ(t, many_hits, rounds + 1);
}

static void call_to_an_offline_cpu_fails(struct ktest *t)
{
	KEXPECT_EQ(t, smp_call_function_single(NR_CPUS - 1, count_hit, NULL, true), -ENXIO);
}

static void call_with_interrupts_off_warns(struct ktest *t)
{
	unsigned long flags;

	need_two_cpus(t);
	local_irq_save(flags);
	/* Safe here: the target does not call back. */
	KEXPECT_WARN(t, smp_call_function_single(1, count_hit, NULL, true));
	local_irq_restore(flags);
}

static void read_tick_count(void *arg)
{
	*(unsigned long *)arg = this_cpu_tick_count();
}

static void every_cpu_ticks(struct ktest *t)
{
	unsigned long before[NR_CPUS], after;
	unsigned int cpu;
	u64 start = get_jiffies_64();

	for_each_online_cpu(cpu)
		smp_call_function_single(cpu, read_tick_count, &before[cpu], true);
	while (get_jiffies_64() - start < 5)
		cpu_relax();
	for_each_online_cpu(cpu) {
		smp_call_function_single(cpu, read_tick_count, &after, true);
		KEXPECT_GT(t, after, before[cpu]);
	}
}

static void cpumask_helpers(struct ktest *t)
{
	struct cpumask m;
	unsigned int cpu, n = 0;

	cpumask_clear(&m);
	KEXPECT_TRUE(t, cpumask_empty(&m));
	cpumask_set_cpu(3, &m);
	cpumask_set_cpu(63, &m);
	KEXPECT_EQ(t, cpumask_weight(&m), 2);
	KEXPECT_EQ(t, cpumask_first(&m), 3);
	KEXPECT_EQ(t, cpumask_next(3, &m), 63);
	KEXPECT_EQ(t, cpumask_next(63, &m), NR_CPUS);
	for_each_cpu(cpu, &m)
		n++;
	KEXPECT_EQ(t, n, 2);
	cpumask_clear_cpu(3, &m);
	KEXPECT_FALSE(t, cpumask_test_cpu(3, &m));
	KEXPECT_EQ(t, cpumask_weight(cpumask_of(5)), 1);
	KEXPECT_TRUE(t, cpumask_test_cpu(5, cpumask_of(5)));
}

static struct ktest_case smp_cases[] = {
	KTEST_CASE(every_listed_cpu_is_online_within_maxcpus),
	KTEST_CASE(apic_ids_are_distinct),
	KTEST_CASE(call_single_reaches_each_cpu),
	KTEST_CASE(per_cpu_copies_are_distinct),
	KTEST_CASE(call_many_reaches_all_others),
	KTEST_CASE(call_without_wait_still_runs),
	KTEST_CASE(call_to_an_offline_cpu_fails),
	KTEST_CASE(call_with_interrupts_off_warns),
	KTEST_CASE(every_cpu_ticks),
	KTEST_CASE(cpumask_helpers),
	{}
};
static struct ktest_suite smp_suite = { .name = "smp", .cases = smp_cases };
ktest_register_suite(smp_suite);
