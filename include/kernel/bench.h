/*
 * bench: in-kernel microbenchmarks, counted in guest instructions.
 *
 * `make bench` boots the bench kernel under QEMU's -icount shift=0, where the
 * guest clock advances one nanosecond per executed instruction, so a
 * ktime_get_ns() delta is an instruction count: the same on every host and
 * every run.  docs/benchmarks.md explains the method and the table.
 *
 * A benchmark is a struct bench whose run() performs one operation
 * @iterations times and returns how many operations it did.  The framework
 * (tests/bench/bench.c) calls it once to warm up, then once timed, and
 * prints one line per benchmark on the serial port:
 *
 *	BENCH alloc_free_page ops=20000 insn_per_op=168.0
 *	BENCH kmalloc_free_64 ops=20000 insn_per_op=494.1 bytes_per_obj=64.0
 *
 * The timed call includes run()'s own setup and checks, so keep them out of
 * the loop where the semantics allow, and let @iterations amortise the rest.
 * run() checks its own work: an operation that did not do what it should is
 * reported with bench_fail(), and the run fails instead of printing a figure.
 *
 *	static unsigned long run_nothing(const struct bench *b,
 *					 unsigned long iterations,
 *					 struct bench_result *r)
 *	{
 *		unsigned long i;
 *
 *		for (i = 0; i < iterations; i++)
 *			barrier();
 *		return iterations;
 *	}
 *
 *	const struct bench nothing_benches[] = {
 *		{ .name = "nothing", .run = run_nothing },
 *		{}
 *	};
 *
 * and the array is listed in bench_groups[] of tests/bench/bench.c.
 *
 * Command line: bench.iterations=N (default 20000), bench.filter=GLOB[,GLOB...]
 * runs only the benchmarks whose name matches one of the globs.
 */
#ifndef _KERNEL_BENCH_H
#define _KERNEL_BENCH_H

#include <lib/compiler.h>
#include <lib/types.h>

#define BENCH_FAILURE_MAX 128

/* What one call of run() reports besides its operation count. */
struct bench_result {
	/*
	 * Memory the operation's object costs, in tenths of a byte (slab
	 * overhead spread over the objects of a slab); 0 when not applicable.
	 */
	unsigned long bytes_per_obj_x10;
	/*
	 * Set by a run() whose setup would swamp the figure (creating ten
	 * thousand threads, say): the ns (instructions) of its own timed part,
	 * used instead of the whole call.  0: time the whole call.
	 */
	u64 timed_ns;
	/* Why the run failed, from bench_fail(); empty while it has not. */
	char failure[BENCH_FAILURE_MAX];
};

struct bench {
	const char *name;	/* the name in the table; stable, tools compare it */
	/*
	 * CPUs it needs online (0 or 1: any).  With fewer it is skipped with
	 * a BENCH_SKIP line; `make bench` boots a second kernel with 2 CPUs
	 * for these.
	 */
	unsigned int min_cpus;
	/*
	 * Does the operation @iterations times (or more, if it needs a minimum
	 * to be measurable) in the boot context, interrupts off unless it
	 * turns them on itself.  Return: the number of operations done.
	 */
	unsigned long (*run)(const struct bench *b, unsigned long iterations,
			     struct bench_result *r);
	unsigned long arg;	/* for run(): e.g. the size of kmalloc_free_<size> */
};

/**
 * bench_fail() - report that a benchmark's operation did not do its work
 * @r: the result handed to run()
 * @fmt: printf-style reason, one line
 *
 * The first reason is kept; the benchmark then prints
 * `BENCH_FAIL <name>: <reason>` instead of a figure, and the run fails.
 * run() should return promptly after calling it.
 *
 * Context: inside a benchmark's run().
 */
__printf(2, 3) void bench_fail(struct bench_result *r, const char *fmt, ...);

/**
 * bench_run_all() - run the selected benchmarks and report to QEMU
 *
 * Prints a BENCH line per benchmark, then BENCH_DONE, then writes the verdict
 * (QEMU_EXIT_TESTS_PASSED, or _FAILED when a benchmark failed) to QEMU's
 * isa-debug-exit device.  Only the bench kernel links the real one; every
 * other kernel has an empty weak default in kernel/main.c.
 *
 * Context: boot, after memory is set up; runs once.
 */
void bench_run_all(void);

/* The groups of benchmarks, each an array ending with an empty entry. */
extern const struct bench calibration_benches[];
extern const struct bench page_alloc_benches[];
extern const struct bench spinlock_benches[];
extern const struct bench kmalloc_benches[];
extern const struct bench sched_benches[];
extern const struct bench kthread_benches[];
extern const struct bench worker_benches[];
extern const struct bench trace_benches[];
extern const struct bench worker_crosscpu_benches[];

#endif /* _KERNEL_BENCH_H */
