// SPDX-License-Identifier: GPL-2.0
/*
 * The host unit-test harness: registration, checks and the KTAP runner.
 * See harness.h for how to write tests.
 *
 * The harness deliberately avoids lib's string functions (which the rename
 * header would hand it in place of libc's): a bug in the code under test
 * must not be able to change how its failures are reported.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"

/* Longest string CHECK_STREQ() prints before eliding the rest. */
#define MAX_SHOWN_CHARS	200
/* Bytes CHECK_MEMEQ() shows, from the first difference on. */
#define MAX_SHOWN_BYTES	16

static struct host_test *registered;
static size_t registered_count;

/* State of the case now running. */
static const struct host_test *current;
static unsigned int current_failures;
static const char *current_skip_reason;

struct totals {
	unsigned int pass, fail, skip;
};

void host_test_register(struct host_test *test)
{
	test->next = registered;
	registered = test;
	registered_count++;
}

void host_test_skip(const char *reason)
{
	current_skip_reason = reason ? reason : "";
}

static int compare_strings(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* The first line of every failure report, and the failure count behind it. */
static void report_failure(const char *file, int line)
{
	current_failures++;
	printf("    # %s: EXPECTATION FAILED at %s:%d\n", current->name, file, line);
}

bool host_check(bool ok, const char *file, int line, const char *expr)
{
	if (ok)
		return true;
	report_failure(file, line);
	printf("    #     Expected %s to be true, but is false\n", expr);
	return false;
}

static const char *const op_names[] = {
	[HOST_CHECK_OP_EQ] = "==",
	[HOST_CHECK_OP_NE] = "!=",
	[HOST_CHECK_OP_LT] = "<",
	[HOST_CHECK_OP_LE] = "<=",
	[HOST_CHECK_OP_GT] = ">",
	[HOST_CHECK_OP_GE] = ">=",
};

/* Applies @op to the sign of a three-way comparison result. */
static bool apply_op(enum host_check_op op, int order)
{
	switch (op) {
	case HOST_CHECK_OP_EQ:
		return order == 0;
	case HOST_CHECK_OP_NE:
		return order != 0;
	case HOST_CHECK_OP_LT:
		return order < 0;
	case HOST_CHECK_OP_LE:
		return order <= 0;
	case HOST_CHECK_OP_GT:
		return order > 0;
	case HOST_CHECK_OP_GE:
		return order >= 0;
	}
	return false;
}

/* Compares two integers by value, each given as its bits and signedness. */
static int compare_ints(bool a_signed, unsigned long long a, bool b_signed,
			unsigned long long b)
{
	bool a_negative = a_signed && (long long)a < 0;
	bool b_negative = b_signed && (long long)b < 0;

	if (a_negative != b_negative)
		return a_negative ? -1 : 1;
	/* Same sign: two's complement bits order like the values. */
	return a < b ? -1 : a > b;
}

static void print_int(const char *expr, bool is_signed, unsigned long long value)
{
	if (is_signed)
		printf("    #         %s == %lld (0x%llx)\n", expr, (long long)value, value);
	else
		printf("    #         %s == %llu (0x%llx)\n", expr, value, value);
}

bool host_check_int(const char *file, int line, const char *left_expr,
		    enum host_check_op op, const char *right_expr, bool left_signed,
		    unsigned long long left, bool right_signed, unsigned long long right)
{
	if (apply_op(op, compare_ints(left_signed, left, right_signed, right)))
		return true;
	report_failure(file, line);
	printf("    #     Expected %s %s %s, but\n", left_expr, op_names[op], right_expr);
	print_int(left_expr, left_signed, left);
	print_int(right_expr, right_signed, right);
	return false;
}

bool host_check_ptr(const char *file, int line, const char *left_expr,
		    enum host_check_op op, const char *right_expr, const void *left,
		    const void *right)
{
	if (apply_op(op, left == right ? 0 : 1))
		return true;
	report_failure(file, line);
	printf("    #     Expected %s %s %s, but\n", left_expr, op_names[op], right_expr);
	printf("    #         %s == %p\n", left_expr, left);
	printf("    #         %s == %p\n", right_expr, right);
	return false;
}

/* Prints @s as a C literal, so that a stray newline cannot break the KTAP. */
static void print_quoted(const char *s)
{
	size_t shown;

	if (!s) {
		fputs("NULL", stdout);
		return;
	}
	putchar('"');
	for (shown = 0; *s && shown < MAX_SHOWN_CHARS; s++, shown++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < ' ' || c > '~')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
	if (*s)
		fputs("...", stdout);
}

bool host_check_streq(const char *file, int line, const char *left_expr,
		      const char *right_expr, const char *left, const char *right)
{
	if (left == right || (left && right && !compare_strings(left, right)))
		return true;
	report_failure(file, line);
	printf("    #     Expected %s == %s, but\n", left_expr, right_expr);
	printf("    #         %s == ", left_expr);
	print_quoted(left);
	printf("\n    #         %s == ", right_expr);
	print_quoted(right);
	putchar('\n');
	return false;
}

static void print_bytes(const char *expr, size_t offset, const unsigned char *bytes,
			size_t count)
{
	size_t i;

	printf("    #         %s[%zu..] ==", expr, offset);
	for (i = offset; i < count && i < offset + MAX_SHOWN_BYTES; i++)
		printf(" %02x", bytes[i]);
	putchar('\n');
}

bool host_check_memeq(const char *file, int line, const char *left_expr,
		      const char *right_expr, const void *left, const void *right,
		      size_t count)
{
	const unsigned char *a = left, *b = right;
	size_t i;

	for (i = 0; i < count; i++) {
		if (a[i] != b[i])
			break;
	}
	if (i == count)
		return true;
	report_failure(file, line);
	printf("    #     Expected %s == %s (%zu bytes), but byte %zu differs\n",
	       left_expr, right_expr, count, i);
	print_bytes(left_expr, i, a, count);
	print_bytes(right_expr, i, b, count);
	return false;
}

/* Suite name first; within a suite, the order of the source. */
static int compare_tests(const void *a, const void *b)
{
	const struct host_test *x = *(const struct host_test *const *)a;
	const struct host_test *y = *(const struct host_test *const *)b;
	int order;

	order = compare_strings(x->suite, y->suite);
	if (!order)
		order = compare_strings(x->file, y->file);
	if (!order)
		order = x->line - y->line;
	return order;
}

static bool selected(const struct host_test *test, const char *filter)
{
	char full_name[256];
	size_t len = 0;
	const char *p;

	if (!filter)
		return true;
	for (p = test->suite; *p && len < sizeof(full_name) - 1; p++)
		full_name[len++] = *p;
	if (len < sizeof(full_name) - 1)
		full_name[len++] = '.';
	for (p = test->name; *p && len < sizeof(full_name) - 1; p++)
		full_name[len++] = *p;
	full_name[len] = '\0';
	return fnmatch(filter, full_name, 0) == 0;
}

/* Collects the selected cases, sorted into running order. */
static size_t collect_tests(const struct host_test ***out, const char *filter)
{
	const struct host_test **tests;
	const struct host_test *test;
	size_t count = 0;

	tests = calloc(registered_count + 1, sizeof(*tests));
	if (!tests) {
		fprintf(stderr, "ktest-host: out of memory\n");
		exit(2);
	}
	for (test = registered; test; test = test->next) {
		if (selected(test, filter))
			tests[count++] = test;
	}
	qsort(tests, count, sizeof(*tests), compare_tests);
	*out = tests;
	return count;
}

static size_t count_suites(const struct host_test **tests, size_t count)
{
	size_t i, suites = 0;

	for (i = 0; i < count; i++) {
		if (i == 0 || compare_strings(tests[i]->suite, tests[i - 1]->suite))
			suites++;
	}
	return suites;
}

/* Runs one case and prints its result line, numbered @index within its suite. */
static void run_case(const struct host_test *test, size_t index, struct totals *totals)
{
	current = test;
	current_failures = 0;
	current_skip_reason = NULL;

	/* The runner blames a crash or hang on the last case announced here. */
	printf("    # RUN %s.%s\n", test->suite, test->name);
	test->run();

	if (current_failures) {
		totals->fail++;
		printf("    not ok %zu %s\n", index, test->name);
	} else if (current_skip_reason) {
		totals->skip++;
		printf("    ok %zu %s # SKIP %s\n", index, test->name, current_skip_reason);
	} else {
		totals->pass++;
		printf("    ok %zu %s\n", index, test->name);
	}
}

/*
 * Runs the @count cases of one suite as a KTAP subtest, numbered @index at
 * the top level, and adds its results to @all.
 */
static void run_suite(const struct host_test **tests, size_t count, size_t index,
		      struct totals *all)
{
	struct totals suite = { 0 };
	size_t i;

	printf("    KTAP version 1\n");
	printf("    # Subtest: %s\n", tests[0]->suite);
	printf("    1..%zu\n", count);
	for (i = 0; i < count; i++)
		run_case(tests[i], i + 1, &suite);

	printf("# %s: pass:%u fail:%u skip:%u total:%zu\n", tests[0]->suite,
	       suite.pass, suite.fail, suite.skip, count);
	if (suite.fail)
		printf("not ok %zu %s\n", index, tests[0]->suite);
	else if (suite.skip == count)
		printf("ok %zu %s # SKIP\n", index, tests[0]->suite);
	else
		printf("ok %zu %s\n", index, tests[0]->suite);

	all->pass += suite.pass;
	all->fail += suite.fail;
	all->skip += suite.skip;
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 ? argv[1] : NULL;
	const struct host_test **tests;
	struct totals totals = { 0 };
	size_t count, start, end, suite_index = 0;

	/* Line-buffered, so a sanitizer abort leaves every finished line. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	count = collect_tests(&tests, filter);
	printf("KTAP version 1\n");
	printf("1..%zu\n", count_suites(tests, count));

	for (start = 0; start < count; start = end) {
		end = start + 1;
		while (end < count && !compare_strings(tests[end]->suite, tests[start]->suite))
			end++;
		run_suite(tests + start, end - start, ++suite_index, &totals);
	}

	printf("# Totals: pass:%u fail:%u skip:%u total:%zu\n", totals.pass,
	       totals.fail, totals.skip, count);
	free(tests);

	if (filter && !count) {
		fprintf(stderr, "ktest-host: no test matches '%s'\n", filter);
		return 1;
	}
	return totals.fail ? 1 : 0;
}
