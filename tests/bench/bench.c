// SPDX-License-Identifier: GPL-2.0
/*
 * The bench runner: runs the benchmarks of bench_groups[] and prints one
 * BENCH line each (include/kernel/bench.h, docs/benchmarks.md).
 *
 * Linked into the bench kernel only, where it replaces the weak
 * bench_run_all() of kernel/main.c.  Benchmarks run one after another in the
 * boot context.  The figures are instruction counts only under QEMU's
 * -icount shift=0; elsewhere they are nanoseconds, and mean little.
 */
#include <kernel/arch.h>
#include <kernel/bench.h>
#include <kernel/bug.h>
#include <kernel/cpumask.h>
#include <kernel/ktime.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/glob.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define FILTER_MAX		256
#define DEFAULT_ITERATIONS	20000

static char bench_filter[FILTER_MAX];
static unsigned long long bench_iterations = DEFAULT_ITERATIONS;
param_string("bench.filter", bench_filter);
param_ullong("bench.iterations", bench_iterations);


/*
 * Every benchmark, in the order of the table.  A table rather than a linker
 * section: one place lists them all, and the order never depends on the
 * compiler.
 */
static const struct bench *const bench_groups[] = {
	calibration_benches,
	page_alloc_benches,
	spinlock_benches,
	kmalloc_benches,
	sched_benches,
	kthread_benches,
	worker_benches,
	trace_benches,
	worker_crosscpu_benches,
};

void bench_fail(struct bench_result *r, const char *fmt, ...)
{
	va_list args;

	if (r->failure[0])
		return;		/* the first reason is the one that explains */
	va_start(args, fmt);
	vscnprintf(r->failure, sizeof(r->failure), fmt, args);
	va_end(args);
	if (!r->failure[0])
		strscpy(r->failure, "(no reason given)", sizeof(r->failure));
}

/* Each glob of the comma-separated filter is tried on the name. */
static bool bench_selected(const char *name)
{
	char globs[FILTER_MAX], *pattern, *rest;

	if (!bench_filter[0])
		return true;
	strscpy(globs, bench_filter, sizeof(globs));
	for (pattern = globs; pattern; pattern = rest) {
		rest = strchr(pattern, ',');
		if (rest)
			*rest++ = '\0';
		if (*pattern && glob_match(pattern, name))
			return true;
	}
	return false;
}

/*
 * Landmarks for `bench.py --profile` (docs/benchmarks.md): the host finds
 * each timed run in QEMU's execution log by the addresses of these two,
 * and counts the instructions in between, function by function.  They do
 * nothing, outside the timed region, and cost a call each per benchmark.
 * Their bodies differ so that the compiler cannot fold them into one.
 */
static noinline void bench_profile_begin(void)
{
	asm volatile("# bench_profile_begin" : : : "memory"); /* not folded with _end */
}

static noinline void bench_profile_end(void)
{
	asm volatile("# bench_profile_end" : : : "memory");
}

/* Under icount, the instructions executed by @iterations operations. */
static u64 timed_run(const struct bench *b, unsigned long iterations,
		     struct bench_result *r, unsigned long *ops)
{
	u64 start, end;

	bench_profile_begin();
	start = ktime_get_ns();
	*ops = b->run(b, iterations, r);
	end = ktime_get_ns();
	bench_profile_end();
	return r->timed_ns ? r->timed_ns : end - start;
}

/* Tenths, rounded to nearest: the kernel has no floating point. */
static unsigned long long div_x10(unsigned long long num, unsigned long long den)
{
	return (num * 10 + den / 2) / den;
}

/* Checks what the framework can see; run() checked the rest. */
static void check_run(struct bench_result *r, unsigned long ops, u64 elapsed,
		      unsigned long warns_before)
{
	unsigned long warns = READ_ONCE(warn_count) - warns_before;

	if (warns)
		bench_fail(r, "%lu WARN%s during the run (reported above)", warns,
			   warns > 1 ? "s" : "");
	if (!ops)
		bench_fail(r, "did no operation");
	if (!elapsed)
		bench_fail(r, "the clock did not move (is the TSC calibrated?)");
}

static void print_figure(const struct bench *b, const struct bench_result *r,
			 unsigned long ops, u64 elapsed)
{
	unsigned long long insn_x10 = div_x10(elapsed, ops);
	char bytes[48] = "";

	if (r->bytes_per_obj_x10)
		scnprintf(bytes, sizeof(bytes), " bytes_per_obj=%lu.%lu",
			  r->bytes_per_obj_x10 / 10, r->bytes_per_obj_x10 % 10);
	printk(KERN_INFO "BENCH %s ops=%lu insn_per_op=%llu.%llu%s\n", b->name, ops,
	       insn_x10 / 10, insn_x10 % 10, bytes);
}

/* Warms up, measures, prints the BENCH line.  Return: false if it failed. */
static bool run_bench(const struct bench *b)
{
	unsigned long warns_before = READ_ONCE(warn_count);
	struct bench_result r = { 0 };
	unsigned long ops = 0;
	u64 elapsed = 0;

	/* First touches fill caches, split buddies and create slabs. */
	b->run(b, bench_iterations / 10 + 1, &r);
	if (!r.failure[0])
		elapsed = timed_run(b, bench_iterations, &r, &ops);
	check_run(&r, ops, elapsed, warns_before);

	if (r.failure[0]) {
		printk(KERN_ERR "BENCH_FAIL %s: %s\n", b->name, r.failure);
		return false;
	}
	print_figure(b, &r, ops, elapsed);
	return true;
}

void bench_run_all(void)
{
	unsigned int group, run = 0, failed = 0;
	const struct bench *b;

	if (!bench_iterations)
		bench_iterations = 1;
	printk(KERN_INFO "bench: iterations=%llu filter=%s\n", bench_iterations,
	       bench_filter[0] ? bench_filter : "*");

	for (group = 0; group < ARRAY_SIZE(bench_groups); group++) {
		for (b = bench_groups[group]; b->name; b++) {
			if (!bench_selected(b->name))
				continue;
			if (b->min_cpus > num_online_cpus()) {
				printk(KERN_INFO "BENCH_SKIP %s: needs %u CPUs\n", b->name,
				       b->min_cpus);
				continue;
			}
			run++;
			failed += !run_bench(b);
		}
	}

	printk(KERN_INFO "bench: %u run, %u failed\n", run, failed);
	printk(KERN_INFO "BENCH_DONE\n");
	qemu_debug_exit(failed ? QEMU_EXIT_TESTS_FAILED : QEMU_EXIT_TESTS_PASSED);
}
