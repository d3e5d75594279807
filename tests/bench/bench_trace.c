// SPDX-License-Identifier: GPL-2.0
/*
 * trace_disabled_event: what a tracepoint costs while its group is off,
 * which is what every scheduler and kthread path pays in every build.  The
 * promise of include/kernel/trace.h is one load of the global mask and one
 * predictable branch; the figure includes the loop's own three instructions
 * (add, cmp, jne).
 */
#include <kernel/bench.h>
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

const struct bench trace_benches[] = {
	{ .name = "trace_disabled_event", .run = run_trace_disabled_event },
	{}
};
