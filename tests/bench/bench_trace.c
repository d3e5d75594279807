// SPDX-License-Identifier: GPL-2.0
/*
 * trace_disabled_event: what a tracepoint costs while its group is off,
 * which is what every scheduler and kthread path pays in every build.  The
 * promise of include/kernel/trace.h is one load of the global mask and one
 * predictable branch; the figure includes the loop's own three instructions
 * (add, cmp, jne).
 *
 * trace_enabled_event: the same tracepoint recording (sched_wakeup: a
 * task name, a pid, a CPU), with the ring wrapping round many times.
 */
#include <kernel/bench.h>
#include <kernel/preempt.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/trace.h>

static bool count_entry(const struct trace_entry *e, void *arg)
{
	return true;
}

static unsigned long run_trace_disabled_event(const struct bench *b, unsigned long iterations,
					      struct bench_result *r)
{
	struct task_struct *p = current;
	unsigned long i, lost, before;
	unsigned int cpu = smp_processor_id();

	if (trace_is_on()) {
		bench_fail(r, "tracing is on (trace= on the command line?): nothing to measure");
		return iterations;
	}
	before = trace_for_each_entry(cpu, count_entry, NULL, &lost);
	for (i = 0; i < iterations; i++)
		trace_sched_wakeup(p, cpu);
	if (trace_for_each_entry(cpu, count_entry, NULL, &lost) != before)
		bench_fail(r, "a disabled tracepoint wrote a record");
	return iterations;
}

static unsigned long run_trace_enabled_event(const struct bench *b, unsigned long iterations,
					     struct bench_result *r)
{
	unsigned int groups = trace_get_groups(), cpu;
	struct task_struct *p = current;
	unsigned long i, lost, seen;
	bool was_on = trace_is_on();

	if (trace_set_groups(TRACE_GROUP_SCHED) || trace_start()) {
		bench_fail(r, "no memory for the trace rings");
		return iterations;
	}
	trace_clear();
	preempt_disable();
	cpu = smp_processor_id();
	for (i = 0; i < iterations; i++)
		trace_sched_wakeup(p, cpu);
	preempt_enable();
	trace_stop();

	/* Interrupts may have added records of their own: at least ours are there. */
	seen = trace_for_each_entry(cpu, count_entry, NULL, &lost);
	if (seen + lost < iterations ||
	    seen != min_t(unsigned long, seen + lost, trace_ring_size()))
		bench_fail(r, "%lu records and %lu lost for %lu events", seen, lost, iterations);
	trace_clear();
	trace_set_groups(groups);
	if (was_on)
		trace_start();
	return iterations;
}

const struct bench trace_benches[] = {
	{ .name = "trace_disabled_event", .run = run_trace_disabled_event },
	{ .name = "trace_enabled_event", .run = run_trace_enabled_event },
	{}
};
