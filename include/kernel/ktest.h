/*
 * ktest: in-kernel unit tests, reported in KTAP.
 *
 * A test case is a function taking a struct ktest; a suite is a named,
 * NULL-terminated array of cases, registered with ktest_register_suite() so
 * that the linker collects it.  The test kernel runs every suite after boot
 * and prints KTAP version 1 (docs/testing.md):
 *
 *	static void strlen_counts_bytes(struct ktest *t)
 *	{
 *		KEXPECT_EQ(t, strlen("abc"), 3);
 *	}
 *
 *	static struct ktest_case string_cases[] = {
 *		KTEST_CASE(strlen_counts_bytes),
 *		{}
 *	};
 *	static struct ktest_suite string_suite = {
 *		.name = "string",
 *		.cases = string_cases,
 *	};
 *	ktest_register_suite(string_suite);
 *
 * KEXPECT_*() record a failure and let the case go on; KASSERT_*() record it
 * and end the case at once.  A failure prints file:line and both values.
 * A case that triggers a WARN fails, unless the WARN came from a statement
 * wrapped in KEXPECT_WARN().
 *
 * Command line: ktest.filter=GLOB[,GLOB...] runs only the cases whose
 * "suite.case" matches one of the globs; ktest.seed=N seeds ktest_random().
 */
#ifndef _KERNEL_KTEST_H
#define _KERNEL_KTEST_H

#include <lib/compiler.h>
#include <lib/err.h>
#include <lib/random.h>
#include <lib/string.h>
#include <lib/types.h>

enum ktest_status {
	KTEST_PASS,
	KTEST_FAIL,
	KTEST_SKIP,
};

struct ktest {
	const char *name;		/* of the case */
	const struct ktest_suite *suite;
	enum ktest_status status;
	char skip_reason[96];
	unsigned long warns_at_start;	/* warn_count when the case began */
	unsigned long warns_expected;	/* WARNs seen inside KEXPECT_WARN() */
	struct rnd_state rnd;		/* seeded from ktest.seed and the name */
	void *priv;			/* for the suite's init/exit */
	void *abort_buf[5];		/* __builtin_setjmp() buffer for KASSERT */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	struct ktest_case *cases;
	/* Optional, around every case; a non-zero init return fails the case. */
	int (*init)(struct ktest *t);
	void (*exit)(struct ktest *t);
	/*
	 * Runs only when ktest.filter names it: for cases that fail, panic or
	 * hang on purpose, so that the runner can prove it notices.
	 */
	bool manual;
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }

#define ktest_register_suite(suite)                                    \
	static struct ktest_suite *const __ktest_ptr_##suite __used     \
		__section(".ktest_suites") = &(suite)

struct ktest_totals {
	unsigned int pass, fail, skip;
};

/*
 * Runs the cases selected by @filter (ktest.filter's syntax; NULL or "":
 * every suite but the manual ones) in the calling thread, printing KTAP,
 * and adds them up in @totals.  Context: process context, sleeps; one run
 * at a time.
 */
void ktest_run(const char *filter, struct ktest_totals *totals);
/* The boot-time run of the test kernel: ktest_run() with ktest.filter, then the verdict to QEMU. */
void ktest_run_all(void);
/*
 * Called by init after the boot: runs ktest_run_all() in the test kernel
 * (tests/kernel/ktest_boot.c), does nothing elsewhere.
 */
void ktest_boot(void);

/* The value of ktest.seed; a case's own generator is t->rnd. */
u64 ktest_seed(void);
static inline u32 ktest_random(struct ktest *t)
{
	return prandom_u32_state(&t->rnd);
}

__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line,
			       const char *fmt, ...);
void ktest_fail_binary(struct ktest *t, const char *file, int line,
		       const char *left, const char *op, const char *right,
		       unsigned long long lval, unsigned long long rval);
/* KEXPECT_WARN()'s halves.  ktest_expect_warn() returns warn_count. */
unsigned long ktest_expect_warn(struct ktest *t, const char *stmt);
void ktest_check_warned(struct ktest *t, unsigned long before, const char *stmt,
			const char *file, int line);
/*
 * What run_case() checks after each case: interrupts on, preemption on,
 * and (with CONFIG_LOCKDEP) no more locks held than @depth, the count at
 * its start.  Fails @t, naming each lock left and where it was taken.
 * Return: true if something was left behind.
 */
bool ktest_check_clean_end(struct ktest *t, unsigned int depth);
/* Ends the running case now (after a failed KASSERT, or a skip). */
__noreturn void ktest_abort(struct ktest *t);
__printf(2, 3) __noreturn void ktest_skip(struct ktest *t, const char *fmt, ...);

/*
 * EQ and NE compare the two values as 64-bit patterns; the ordered
 * comparisons compare them as signed 64-bit numbers.  Each side is
 * evaluated once.
 */
#define __KTEST_CMP(t, abort, left, op, right, cast)                          \
	do {                                                                  \
		__auto_type __kt_l = (left);                                  \
		__auto_type __kt_r = (right);                                 \
		if (!((cast)__kt_l op (cast)__kt_r)) {                      \
			ktest_fail_binary(t, __FILE__, __LINE__, #left, #op,  \
					  #right,                             \
					  (unsigned long long)__kt_l,         \
					  (unsigned long long)__kt_r);        \
			if (abort)                                            \
				ktest_abort(t);                               \
		}                                                             \
	} while (0)

#define __KTEST_TRUE(t, abort, cond, text)                                     \
	do {                                                                   \
		if (!(cond)) {                                                 \
			ktest_fail(t, __FILE__, __LINE__, "Expected %s", text); \
			if (abort)                                             \
				ktest_abort(t);                                \
		}                                                              \
	} while (0)

#define __KTEST_STREQ(t, abort, a, b)                                            \
	do {                                                                     \
		const char *__kt_a = (a), *__kt_b = (b);                         \
		if (!__kt_a || !__kt_b || strcmp(__kt_a, __kt_b)) {              \
			ktest_fail(t, __FILE__, __LINE__,                        \
				   "Expected %s == %s, but\n    %s == \"%s\"\n"  \
				   "    %s == \"%s\"",                           \
				   #a, #b, #a, __kt_a ? __kt_a : "(null)", #b,   \
				   __kt_b ? __kt_b : "(null)");                  \
			if (abort)                                               \
				ktest_abort(t);                                  \
		}                                                                \
	} while (0)

#define KEXPECT_EQ(t, a, b)	__KTEST_CMP(t, false, a, ==, b, unsigned long long)
#define KEXPECT_NE(t, a, b)	__KTEST_CMP(t, false, a, !=, b, unsigned long long)
#define KEXPECT_LT(t, a, b)	__KTEST_CMP(t, false, a, <, b, long long)
#define KEXPECT_LE(t, a, b)	__KTEST_CMP(t, false, a, <=, b, long long)
#define KEXPECT_GT(t, a, b)	__KTEST_CMP(t, false, a, >, b, long long)
#define KEXPECT_GE(t, a, b)	__KTEST_CMP(t, false, a, >=, b, long long)
#define KEXPECT_TRUE(t, c)	__KTEST_TRUE(t, false, c, #c " to be true")
#define KEXPECT_FALSE(t, c)	__KTEST_TRUE(t, false, !(c), #c " to be false")
#define KEXPECT_NULL(t, p)	__KTEST_TRUE(t, false, (p) == NULL, #p " to be NULL")
#define KEXPECT_NOT_NULL(t, p)	__KTEST_TRUE(t, false, (p) != NULL, #p " not to be NULL")
#define KEXPECT_ERR(t, p)	__KTEST_TRUE(t, false, IS_ERR(p), #p " to be an ERR_PTR")
#define KEXPECT_NOT_ERR(t, p)	__KTEST_TRUE(t, false, !IS_ERR(p), #p " not to be an ERR_PTR")
#define KEXPECT_STREQ(t, a, b)	__KTEST_STREQ(t, false, a, b)

#define KASSERT_EQ(t, a, b)	__KTEST_CMP(t, true, a, ==, b, unsigned long long)
#define KASSERT_NE(t, a, b)	__KTEST_CMP(t, true, a, !=, b, unsigned long long)
#define KASSERT_LT(t, a, b)	__KTEST_CMP(t, true, a, <, b, long long)
#define KASSERT_LE(t, a, b)	__KTEST_CMP(t, true, a, <=, b, long long)
#define KASSERT_GT(t, a, b)	__KTEST_CMP(t, true, a, >, b, long long)
#define KASSERT_GE(t, a, b)	__KTEST_CMP(t, true, a, >=, b, long long)
#define KASSERT_TRUE(t, c)	__KTEST_TRUE(t, true, c, #c " to be true")
#define KASSERT_FALSE(t, c)	__KTEST_TRUE(t, true, !(c), #c " to be false")
#define KASSERT_NULL(t, p)	__KTEST_TRUE(t, true, (p) == NULL, #p " to be NULL")
#define KASSERT_NOT_NULL(t, p)	__KTEST_TRUE(t, true, (p) != NULL, #p " not to be NULL")
#define KASSERT_ERR(t, p)	__KTEST_TRUE(t, true, IS_ERR(p), #p " to be an ERR_PTR")
#define KASSERT_NOT_ERR(t, p)	__KTEST_TRUE(t, true, !IS_ERR(p), #p " not to be an ERR_PTR")
#define KASSERT_STREQ(t, a, b)	__KTEST_STREQ(t, true, a, b)

/*
 * @stmt must WARN at least once; its WARNs do not fail the case.  The log
 * says so on both sides of the report, so that nobody reading it takes an
 * expected WARNING for a bug: "# expecting a WARNING from <stmt>" before,
 * "# the WARNING above was expected" after.  (Linux's KUnit has since
 * gained a way to suppress expected backtraces altogether; we keep them,
 * since the backtrace is what a student reads, and mark them instead.)
 */
#define KEXPECT_WARN(t, stmt)                                             \
	do {                                                              \
		unsigned long __kt_w = ktest_expect_warn(t, #stmt);       \
		stmt;                                                     \
		ktest_check_warned(t, __kt_w, #stmt, __FILE__, __LINE__); \
	} while (0)

extern unsigned long warn_count;

#endif /* _KERNEL_KTEST_H */
