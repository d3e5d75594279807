/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit-test harness for code built on the host, reporting in KTAP
 * version 1 (the format of the kernel's own test runs; see docs/testing.md).
 *
 * Writing a test
 * --------------
 *	#include "harness.h"
 *
 *	HOST_TEST(string, strlen_counts_bytes_before_nul)
 *	{
 *		CHECK_EQ(strlen("abc"), 3);
 *	}
 *
 * HOST_TEST(suite, name) defines one case; both are plain identifiers.  A
 * case belongs to its suite, whichever file it is in.  Name a case for the
 * behaviour it checks, and check one behaviour per case.
 *
 * Checks (each records a failure and lets the case go on):
 *	CHECK(cond)			cond is true
 *	CHECK_EQ(a, b)			integers: a == b; also CHECK_NE, CHECK_LT,
 *					CHECK_LE, CHECK_GT, CHECK_GE.  Compares
 *					values, not C-converted ones, so mixed
 *					signedness is fine; failures print both
 *					values in decimal and hex.
 *	CHECK_PTR_EQ(a, b)		pointers: a == b; also CHECK_PTR_NE
 *	CHECK_STREQ(a, b)		C strings are equal (NULL equals only NULL)
 *	CHECK_MEMEQ(a, b, n)		the n bytes at a and at b are equal
 *
 * Each check is an expression that is true when it passed, so a case can
 * stop when going on would be pointless or unsafe:
 *
 *		if (!CHECK_PTR_NE(p, NULL))
 *			return;
 *
 * SKIP("reason") marks the case skipped and returns from it; it must be used
 * in the case's own body.  A case that failed a check before skipping still
 * counts as failed.
 *
 * Building and running
 * --------------------
 * Every C file in tests/host/ is linked, together with those in lib/, into
 * one binary (build/host/ktest-host), built with AddressSanitizer and UBSan and
 * with tests/host/lib_rename.h force-included, which renames lib's functions
 * that share a name with libc's (memcpy -> lib_memcpy, ...) so that tests call
 * ours.  Test files may include libc headers, except <ctype.h>, which clashes
 * with <lib/ctype.h>.
 *
 * The binary runs every case, suites in name order and cases in the order
 * they appear in their file, and prints KTAP on stdout, with a "# RUN
 * suite.case" line before each case as the test kernel does.  An optional argument
 * is a shell glob over "suite.case" that selects which cases run, e.g.
 * ktest-host 'vsprintf.*'.  Exit status: 0 if nothing failed, 1 if a case
 * failed or the filter selected nothing.
 */
#ifndef _TESTS_HOST_HARNESS_H
#define _TESTS_HOST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

struct host_test {
	const char *suite;
	const char *name;
	const char *file;
	int line;
	void (*run)(void);
	struct host_test *next;		/* registration list; harness-private */
};

void host_test_register(struct host_test *test);
void host_test_skip(const char *reason);

/* The comparison a check makes; see HOST_CHECK_INT(). */
enum host_check_op {
	HOST_CHECK_OP_EQ,
	HOST_CHECK_OP_NE,
	HOST_CHECK_OP_LT,
	HOST_CHECK_OP_LE,
	HOST_CHECK_OP_GT,
	HOST_CHECK_OP_GE,
};

bool host_check(bool ok, const char *file, int line, const char *expr);
bool host_check_int(const char *file, int line, const char *left_expr,
		    enum host_check_op op, const char *right_expr, bool left_signed,
		    unsigned long long left, bool right_signed, unsigned long long right);
bool host_check_ptr(const char *file, int line, const char *left_expr,
		    enum host_check_op op, const char *right_expr, const void *left,
		    const void *right);
bool host_check_streq(const char *file, int line, const char *left_expr,
		      const char *right_expr, const char *left, const char *right);
bool host_check_memeq(const char *file, int line, const char *left_expr,
		      const char *right_expr, const void *left, const void *right,
		      size_t count);

#define HOST_TEST(suite_id, case_id)						\
	static void host_test_run_##suite_id##__##case_id(void);		\
	static struct host_test host_test_##suite_id##__##case_id = {		\
		.suite = #suite_id,						\
		.name = #case_id,						\
		.file = __FILE__,						\
		.line = __LINE__,						\
		.run = host_test_run_##suite_id##__##case_id,			\
	};									\
	__attribute__((constructor))						\
	static void host_test_register_##suite_id##__##case_id(void)		\
	{									\
		host_test_register(&host_test_##suite_id##__##case_id);		\
	}									\
	static void host_test_run_##suite_id##__##case_id(void)

#define SKIP(reason)								\
	do {									\
		host_test_skip(reason);						\
		return;								\
	} while (0)

#define CHECK(cond) host_check(!!(cond), __FILE__, __LINE__, #cond)

/*
 * Integer checks compare the mathematical values, whatever the two types:
 * unlike C's ==, CHECK_EQ(-1, UINT_MAX) fails.  So tests may write
 * CHECK_EQ(strlen(s), 3) without casts.  Each side is evaluated once;
 * _Generic does not evaluate its operand, and adding 0 applies the integer
 * promotions (dropping qualifiers) so that only int, long and long long
 * count as signed.
 */
#define HOST_IS_SIGNED(x) _Generic((x) + 0, int: 1, long: 1, long long: 1, default: 0)

/* The callers stringify, so that a macro argument shows as written (-E2BIG). */
#define HOST_CHECK_INT(a, op, b, a_str, b_str)					\
	host_check_int(__FILE__, __LINE__, a_str, HOST_CHECK_OP_##op, b_str,	\
		       HOST_IS_SIGNED(a), (unsigned long long)(a),		\
		       HOST_IS_SIGNED(b), (unsigned long long)(b))

#define CHECK_EQ(a, b)	HOST_CHECK_INT(a, EQ, b, #a, #b)
#define CHECK_NE(a, b)	HOST_CHECK_INT(a, NE, b, #a, #b)
#define CHECK_LT(a, b)	HOST_CHECK_INT(a, LT, b, #a, #b)
#define CHECK_LE(a, b)	HOST_CHECK_INT(a, LE, b, #a, #b)
#define CHECK_GT(a, b)	HOST_CHECK_INT(a, GT, b, #a, #b)
#define CHECK_GE(a, b)	HOST_CHECK_INT(a, GE, b, #a, #b)

#define CHECK_PTR_EQ(a, b)	\
	host_check_ptr(__FILE__, __LINE__, #a, HOST_CHECK_OP_EQ, #b, (a), (b))
#define CHECK_PTR_NE(a, b)	\
	host_check_ptr(__FILE__, __LINE__, #a, HOST_CHECK_OP_NE, #b, (a), (b))

#define CHECK_STREQ(a, b)	host_check_streq(__FILE__, __LINE__, #a, #b, (a), (b))
#define CHECK_MEMEQ(a, b, n)	host_check_memeq(__FILE__, __LINE__, #a, #b, (a), (b), (n))

#endif /* _TESTS_HOST_HARNESS_H */
