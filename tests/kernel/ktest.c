// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest runner: runs the registered suites and prints KTAP version 1.
 *
 * Linked, with the suites, into the test kernel and into kernel.elf.  In the
 * test kernel, ktest_boot.c has the init thread (pid 1, bound to CPU 0)
 * call ktest_run_all() at boot; in kernel.elf the console's `test` command
 * calls ktest_run() from a thread made like init (ktest_shell.c).
 * Cases run one after another in that thread, so they may sleep.  A KASSERT
 * that fails returns to run_case() through __builtin_longjmp(), skipping
 * the rest of the case.  (KUnit runs each case in a kthread of its own and
 * ends it instead; one thread keeps a case's output and call traces in
 * order, and the threads a case starts can be joined like any others.)
 */
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/chaos.h>
#include <kernel/irqflags.h>
#include <kernel/ktest.h>
#include <kernel/lockdep.h>
#include <kernel/params.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/trace.h>
#include <lib/glob.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define FILTER_MAX 256

static char ktest_filter[FILTER_MAX];
static unsigned long long ktest_seed_value = 1;
static bool ktest_chaos;
param_string("ktest.filter", ktest_filter);
param_ullong("ktest.seed", ktest_seed_value);
/* The seeded race hunting mode: include/kernel/chaos.h. */
param_bool("ktest.chaos", ktest_chaos);

extern struct ktest_suite *const __start_ktest_suites[];
extern struct ktest_suite *const __stop_ktest_suites[];

u64 ktest_seed(void)
{
	return ktest_seed_value;
}

/* Diagnostics are KTAP "# " lines, indented to the case's level. */
static void print_diagnostic(const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? nl - line : (int)strlen(line);

		printk(KERN_INFO "    # %.*s\n", len, line);
		line += len + (nl ? 1 : 0);
	}
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char text[512];
	va_list args;
	int n;

	t->status = KTEST_FAIL;
	n = scnprintf(text, sizeof(text), "%s: EXPECTATION FAILED at %s:%d\n",
		      t->name, file, line);
	va_start(args, fmt);
	vscnprintf(text + n, sizeof(text) - n, fmt, args);
	va_end(args);
	print_diagnostic(text);
}

void ktest_fail_binary(struct ktest *t, const char *file, int line,
		       const char *left, const char *op, const char *right,
		       unsigned long long lval, unsigned long long rval)
{
	ktest_fail(t, file, line,
		   "Expected %s %s %s, but\n    %s == %lld (%#llx)\n    %s == %lld (%#llx)",
		   left, op, right, left, lval, lval, right, rval, rval);
}

unsigned long ktest_expect_warn(struct ktest *t, const char *stmt)
{
	char text[160];

	scnprintf(text, sizeof(text), "%s: expecting a WARNING from %s (KEXPECT_WARN)", t->name,
		  stmt);
	print_diagnostic(text);
	return READ_ONCE(warn_count);
}

void ktest_check_warned(struct ktest *t, unsigned long before, const char *stmt,
			const char *file, int line)
{
	unsigned long now = READ_ONCE(warn_count);
	char text[160];

	if (now == before) {
		ktest_fail(t, file, line, "Expected a WARN from %s, but there was none",
			   stmt);
		return;
	}
	t->warns_expected += now - before;
	scnprintf(text, sizeof(text), "%s: the WARNING above was expected", t->name);
	print_diagnostic(text);
}

void ktest_abort(struct ktest *t)
{
	__builtin_longjmp(t->abort_buf, 1);
}

void ktest_skip(struct ktest *t, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vscnprintf(t->skip_reason, sizeof(t->skip_reason), fmt, args);
	va_end(args);
	t->status = KTEST_SKIP;
	ktest_abort(t);
}

/* Each glob of the comma-separated @filter is tried on "suite.case". */
static bool filter_matches(const char *filter, const char *suite, const char *name)
{
	char full[128], globs[FILTER_MAX], *pattern, *rest;

	scnprintf(full, sizeof(full), "%s.%s", suite, name);
	strscpy(globs, filter, sizeof(globs));
	for (pattern = globs; pattern; pattern = rest) {
		rest = strchr(pattern, ',');
		if (rest)
			*rest++ = '\0';
		if (*pattern && glob_match(pattern, full))
			return true;
	}
	return false;
}

static bool case_selected(const char *filter, const struct ktest_suite *suite,
			  const struct ktest_case *c)
{
	if (!filter[0])
		return !suite->manual;
	return filter_matches(filter, suite->name, c->name);
}

static unsigned int count_selected(const char *filter, const struct ktest_suite *suite)
{
	const struct ktest_case *c;
	unsigned int n = 0;

	for (c = suite->cases; c->run; c++)
		n += case_selected(filter, suite, c);
	return n;
}

/* FNV-1a: gives each case its own, stable random stream. */
static u64 hash_name(const char *suite, const char *name)
{
	u64 h = 0xcbf29ce484222325ULL;
	const char *s;

	for (s = suite; *s; s++)
		h = (h ^ (u8)*s) * 0x100000001b3ULL;
	for (s = name; *s; s++)
		h = (h ^ (u8)*s) * 0x100000001b3ULL;
	return h;
}

static void check_warnings(struct ktest *t)
{
	unsigned long unexpected = READ_ONCE(warn_count) - t->warns_at_start -
				   t->warns_expected;

	if (unexpected && t->status != KTEST_SKIP) {
		char text[128];

		t->status = KTEST_FAIL;
		scnprintf(text, sizeof(text), "%s: %lu unexpected WARN%s (reported above)",
			  t->name, unexpected, unexpected > 1 ? "s" : "");
		print_diagnostic(text);
	}
}

bool ktest_check_clean_end(struct ktest *t, unsigned int depth)
{
	bool dirty = false;

	if (irqs_disabled()) {
		ktest_fail(t, __FILE__, __LINE__, "the case ended with interrupts disabled");
		dirty = true;
	}
	if (preempt_count()) {
		ktest_fail(t, __FILE__, __LINE__,
			   "the case ended with preemption disabled (preempt_count %#x)",
			   preempt_count());
		dirty = true;
	}
	if (lockdep_depth() > depth) {
		lockdep_print_held_locks(current);
		ktest_fail(t, __FILE__, __LINE__, "the case ended holding %u lock(s), listed above",
			   lockdep_depth() - depth);
		dirty = true;
	}
	return dirty;
}

/* After a case that ended dirty: so that the next cases run as they should. */
static void repair_case_end(unsigned int depth)
{
	preempt_count_sub(preempt_count());
	local_irq_enable();
	lockdep_forget_held_locks(depth);
}

/*
 * Runs case number @number of @suite and prints its KTAP result line.
 * noinline: a frame of its own, so that every call trace taken in a case
 * names run_case() whatever the compiler inlines (the traps tests rely on it).
 */
static noinline enum ktest_status run_case(const struct ktest_suite *suite,
				  const struct ktest_case *c, unsigned int number)
{
	static struct ktest t;	/* survives the longjmp of a failed KASSERT */
	static unsigned int depth;

	depth = lockdep_depth();
	memset(&t, 0, sizeof(t));
	t.name = c->name;
	t.suite = suite;
	t.status = KTEST_PASS;
	t.warns_at_start = READ_ONCE(warn_count);
	prandom_seed_state(&t.rnd, ktest_seed_value ^ hash_name(suite->name, c->name));
	/* The chaos points too: a case draws the same, alone or not. */
	chaos_reseed(ktest_seed_value ^ hash_name(suite->name, c->name));

	printk(KERN_INFO "    # RUN %s.%s\n", suite->name, c->name);
	if (__builtin_setjmp(t.abort_buf) == 0) {
		if (suite->init && suite->init(&t)) {
			ktest_fail(&t, __FILE__, __LINE__, "the suite's init failed");
		} else {
			c->run(&t);
		}
	}
	if (suite->exit)
		suite->exit(&t);
	if (ktest_check_clean_end(&t, depth))
		repair_case_end(depth);
	check_warnings(&t);

	if (t.status == KTEST_SKIP)
		printk(KERN_INFO "    ok %u %s # SKIP %s\n", number, c->name,
		       t.skip_reason);
	else
		printk(KERN_INFO "    %s %u %s\n",
		       t.status == KTEST_FAIL ? "not ok" : "ok", number, c->name);
	return t.status;
}

static void run_suite(const char *filter, const struct ktest_suite *suite, unsigned int index,
		      struct ktest_totals *totals)
{
	struct ktest_totals mine = { 0 };
	const struct ktest_case *c;
	unsigned int n = 0;

	printk(KERN_INFO "    KTAP version 1\n");
	printk(KERN_INFO "    # Subtest: %s\n", suite->name);
	printk(KERN_INFO "    1..%u\n", count_selected(filter, suite));

	for (c = suite->cases; c->run; c++) {
		enum ktest_status s;

		if (!case_selected(filter, suite, c))
			continue;
		s = run_case(suite, c, ++n);
		if (s == KTEST_SKIP)
			mine.skip++;
		else if (s == KTEST_FAIL)
			mine.fail++;
		else
			mine.pass++;
	}

	printk(KERN_INFO "# %s: pass:%u fail:%u skip:%u total:%u\n", suite->name,
	       mine.pass, mine.fail, mine.skip, n);
	if (!mine.fail && !mine.pass && mine.skip)
		printk(KERN_INFO "ok %u %s # SKIP\n", index, suite->name);
	else
		printk(KERN_INFO "%s %u %s\n", mine.fail ? "not ok" : "ok", index,
		       suite->name);

	totals->pass += mine.pass;
	totals->fail += mine.fail;
	totals->skip += mine.skip;
}

#define MAX_SUITES 256

/*
 * The linker collects suites in an order that depends on the compiler (GCC
 * emits a file's suites backwards); sorting by name gives every log the
 * same order.  Insertion sort: a few dozen suites, once per boot.
 */
static unsigned int sorted_suites(struct ktest_suite **out)
{
	struct ktest_suite *const *s;
	unsigned int n = 0, i;

	for (s = __start_ktest_suites; s < __stop_ktest_suites && n < MAX_SUITES; s++) {
		for (i = n; i > 0 && strcmp(out[i - 1]->name, (*s)->name) > 0; i--)
			out[i] = out[i - 1];
		out[i] = *s;
		n++;
	}
	if (s < __stop_ktest_suites)
		printk(KERN_WARNING "ktest: more than %d suites; the rest do not run\n",
		       MAX_SUITES);
	return n;
}

void ktest_run(const char *filter, struct ktest_totals *totals)
{
	static struct ktest_suite *suites[MAX_SUITES];
	unsigned int nr, nr_selected = 0, index = 0, i;

	if (!filter)
		filter = "";
	*totals = (struct ktest_totals){ 0 };
	nr = sorted_suites(suites);
	for (i = 0; i < nr; i++)
		nr_selected += count_selected(filter, suites[i]) > 0;

	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "# ktest.seed=%llu\n", ktest_seed_value);
	if (ktest_chaos) {
		if (chaos_built()) {
			printk(KERN_INFO "# ktest.chaos=1\n");
			chaos_set_enabled(true);
		} else {
			printk(KERN_WARNING
			       "# ktest.chaos=1 ignored: no chaos points in this kernel\n");
		}
	}
	if (filter[0])
		printk(KERN_INFO "# ktest.filter=%s\n", filter);
	printk(KERN_INFO "1..%u\n", nr_selected);

	for (i = 0; i < nr; i++) {
		if (count_selected(filter, suites[i]))
			run_suite(filter, suites[i], ++index, totals);
	}
}

void ktest_run_all(void)
{
	struct ktest_totals totals;

	ktest_run(ktest_filter, &totals);
	/* For the runner's check of the documented lock order (docs/locking.md). */
	lockdep_print_dependencies();
	if (ktest_chaos) {
		chaos_set_enabled(false);
		chaos_report();
	}
	printk(KERN_INFO "# Totals: pass:%u fail:%u skip:%u total:%u\n", totals.pass,
	       totals.fail, totals.skip, totals.pass + totals.fail + totals.skip);
	/* trace= at boot: the records of the run go out before the verdict. */
	if (trace_boot_requested())
		trace_dump();
	printk(KERN_INFO "ktest: done: %s\n", totals.fail ? "FAIL" : "PASS");
	qemu_debug_exit(totals.fail ? QEMU_EXIT_TESTS_FAILED : QEMU_EXIT_TESTS_PASSED);
}
