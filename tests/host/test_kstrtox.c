// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/kstrtox.c.  The expectations are those of Linux's
 * lib/kstrtox.c, as documented in its kstrtoull() and kstrtobool() headers.
 */
#include <limits.h>

#include <lib/errno.h>
#include <lib/kstrtox.h>

#include "harness.h"

/* A value no successful parse in these tests produces. */
#define UNTOUCHED	0x5a5a5a5a5a5a5a5aull

/* Parses @s with kstrtoull(), checks it succeeds and returns the value. */
static unsigned long long parse_ull(const char *s, unsigned int base)
{
	unsigned long long res = UNTOUCHED;

	CHECK_EQ(kstrtoull(s, base, &res), 0);
	return res;
}

/* Checks that kstrtoull() fails on @s with @err and leaves the result alone. */
static void check_ull_error(const char *s, unsigned int base, int err)
{
	unsigned long long res = UNTOUCHED;

	CHECK_EQ(kstrtoull(s, base, &res), err);
	CHECK_EQ(res, UNTOUCHED);
}

static long long parse_ll(const char *s, unsigned int base)
{
	long long res = (long long)UNTOUCHED;

	CHECK_EQ(kstrtoll(s, base, &res), 0);
	return res;
}

static void check_ll_error(const char *s, unsigned int base, int err)
{
	long long res = (long long)UNTOUCHED;

	CHECK_EQ(kstrtoll(s, base, &res), err);
	CHECK_EQ(res, (long long)UNTOUCHED);
}

HOST_TEST(kstrtox, kstrtoull_parses_decimal)
{
	CHECK_EQ(parse_ull("0", 10), 0);
	CHECK_EQ(parse_ull("12345", 10), 12345);
	CHECK_EQ(parse_ull("007", 10), 7);
}

HOST_TEST(kstrtox, kstrtoull_parses_other_bases)
{
	CHECK_EQ(parse_ull("101", 2), 5);
	CHECK_EQ(parse_ull("777", 8), 0777);
	CHECK_EQ(parse_ull("12", 3), 5);
}

HOST_TEST(kstrtox, kstrtoull_base_0_detects_hex_prefix)
{
	CHECK_EQ(parse_ull("0x1f", 0), 0x1f);
	CHECK_EQ(parse_ull("0X1F", 0), 0x1f);
}

HOST_TEST(kstrtox, kstrtoull_base_0_detects_octal_prefix)
{
	CHECK_EQ(parse_ull("017", 0), 017);
	CHECK_EQ(parse_ull("0", 0), 0);
	check_ull_error("08", 0, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_base_0_without_prefix_is_decimal)
{
	CHECK_EQ(parse_ull("19", 0), 19);
}

/* "0x" not followed by a hex digit is the octal number 0 and garbage. */
HOST_TEST(kstrtox, kstrtoull_base_0_rejects_bare_hex_prefix)
{
	check_ull_error("0x", 0, -EINVAL);
	check_ull_error("0xg", 0, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_base_16_accepts_optional_prefix)
{
	CHECK_EQ(parse_ull("ff", 16), 0xff);
	CHECK_EQ(parse_ull("0xff", 16), 0xff);
	CHECK_EQ(parse_ull("0XfF", 16), 0xff);
	check_ull_error("0x", 16, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_rejects_digits_beyond_base)
{
	check_ull_error("8", 8, -EINVAL);
	check_ull_error("12a", 10, -EINVAL);
	check_ull_error("2", 2, -EINVAL);
	check_ull_error("0x10", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_accepts_one_trailing_newline)
{
	CHECK_EQ(parse_ull("42\n", 10), 42);
	check_ull_error("42\n\n", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_rejects_trailing_garbage)
{
	check_ull_error("42 ", 10, -EINVAL);
	check_ull_error("42x", 10, -EINVAL);
	check_ull_error("42\nx", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_rejects_leading_whitespace)
{
	check_ull_error(" 42", 10, -EINVAL);
	check_ull_error("\t42", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_rejects_empty_input)
{
	check_ull_error("", 10, -EINVAL);
	check_ull_error("\n", 10, -EINVAL);
	check_ull_error("+", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_accepts_leading_plus_only)
{
	CHECK_EQ(parse_ull("+42", 10), 42);
	CHECK_EQ(parse_ull("+0x10", 0), 16);
	check_ull_error("-42", 10, -EINVAL);
	check_ull_error("++42", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoull_accepts_ullong_max)
{
	CHECK_EQ(parse_ull("18446744073709551615", 10), ULLONG_MAX);
	CHECK_EQ(parse_ull("ffffffffffffffff", 16), ULLONG_MAX);
}

HOST_TEST(kstrtox, kstrtoull_overflow_is_erange)
{
	check_ull_error("18446744073709551616", 10, -ERANGE);
	check_ull_error("10000000000000000", 16, -ERANGE);
	check_ull_error("99999999999999999999999999", 10, -ERANGE);
}

/* Linux checks for overflow before it looks at what follows the digits. */
HOST_TEST(kstrtox, kstrtoull_overflow_wins_over_trailing_garbage)
{
	check_ull_error("18446744073709551616x", 10, -ERANGE);
}

HOST_TEST(kstrtox, kstrtoull_rejects_invalid_base)
{
	check_ull_error("0", 1, -EINVAL);
	check_ull_error("10", 17, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoll_parses_signed_values)
{
	CHECK_EQ(parse_ll("-42", 10), -42);
	CHECK_EQ(parse_ll("+42", 10), 42);
	CHECK_EQ(parse_ll("-0x10", 0), -16);
	CHECK_EQ(parse_ll("-0", 10), 0);
}

HOST_TEST(kstrtox, kstrtoll_accepts_int64_limits)
{
	CHECK_EQ(parse_ll("-9223372036854775808", 10), LLONG_MIN);
	CHECK_EQ(parse_ll("9223372036854775807", 10), LLONG_MAX);
}

HOST_TEST(kstrtox, kstrtoll_rejects_values_beyond_int64)
{
	check_ll_error("-9223372036854775809", 10, -ERANGE);
	check_ll_error("9223372036854775808", 10, -ERANGE);
	check_ll_error("-18446744073709551616", 10, -ERANGE);
}

HOST_TEST(kstrtox, kstrtoll_rejects_doubled_signs)
{
	check_ll_error("--1", 10, -EINVAL);
	check_ll_error("-+1", 10, -EINVAL);
	check_ll_error("+-1", 10, -EINVAL);
	check_ll_error("-", 10, -EINVAL);
}

HOST_TEST(kstrtox, kstrtoul_and_kstrtol_are_64_bit)
{
	unsigned long ul = 0;
	long l = 0;

	CHECK_EQ(kstrtoul("0xffffffffffffffff", 16, &ul), 0);
	CHECK_EQ(ul, ULONG_MAX);
	CHECK_EQ(kstrtol("-9223372036854775808", 10, &l), 0);
	CHECK_EQ(l, LONG_MIN);
	CHECK_EQ(kstrtol("9223372036854775808", 10, &l), -ERANGE);
	CHECK_EQ(l, LONG_MIN);
}

HOST_TEST(kstrtox, kstrtouint_rejects_values_above_uint_max)
{
	unsigned int res = 7;

	CHECK_EQ(kstrtouint("4294967295", 10, &res), 0);
	CHECK_EQ(res, UINT_MAX);
	res = 7;
	CHECK_EQ(kstrtouint("4294967296", 10, &res), -ERANGE);
	CHECK_EQ(res, 7);
	CHECK_EQ(kstrtouint("-1", 10, &res), -EINVAL);
	CHECK_EQ(res, 7);
}

HOST_TEST(kstrtox, kstrtoint_checks_int_range)
{
	int res = 7;

	CHECK_EQ(kstrtoint("-2147483648", 10, &res), 0);
	CHECK_EQ(res, INT_MIN);
	CHECK_EQ(kstrtoint("2147483647", 10, &res), 0);
	CHECK_EQ(res, INT_MAX);
	res = 7;
	CHECK_EQ(kstrtoint("2147483648", 10, &res), -ERANGE);
	CHECK_EQ(kstrtoint("-2147483649", 10, &res), -ERANGE);
	CHECK_EQ(res, 7);
}

/* kstrtobool()'s verdict on @s: 1 for true, 0 for false, or its error. */
static int bool_of(const char *s)
{
	bool res = false;
	int ret = kstrtobool(s, &res);

	return ret ? ret : res;
}

HOST_TEST(kstrtox, kstrtobool_accepts_true_words)
{
	CHECK_EQ(bool_of("y"), 1);
	CHECK_EQ(bool_of("Y"), 1);
	CHECK_EQ(bool_of("t"), 1);
	CHECK_EQ(bool_of("T"), 1);
	CHECK_EQ(bool_of("1"), 1);
	CHECK_EQ(bool_of("on"), 1);
	CHECK_EQ(bool_of("ON"), 1);
}

HOST_TEST(kstrtox, kstrtobool_accepts_false_words)
{
	CHECK_EQ(bool_of("n"), 0);
	CHECK_EQ(bool_of("N"), 0);
	CHECK_EQ(bool_of("f"), 0);
	CHECK_EQ(bool_of("F"), 0);
	CHECK_EQ(bool_of("0"), 0);
	CHECK_EQ(bool_of("off"), 0);
	CHECK_EQ(bool_of("OFF"), 0);
}

/* Linux looks at one character, or two after an 'o'; the rest is ignored. */
HOST_TEST(kstrtox, kstrtobool_ignores_rest_of_string)
{
	CHECK_EQ(bool_of("yes"), 1);
	CHECK_EQ(bool_of("True"), 1);
	CHECK_EQ(bool_of("On\n"), 1);
	CHECK_EQ(bool_of("no"), 0);
	CHECK_EQ(bool_of("False"), 0);
	CHECK_EQ(bool_of("of"), 0);
	CHECK_EQ(bool_of("1234"), 1);
}

HOST_TEST(kstrtox, kstrtobool_rejects_other_input)
{
	CHECK_EQ(bool_of(""), -EINVAL);
	CHECK_EQ(bool_of("o"), -EINVAL);
	CHECK_EQ(bool_of("ox"), -EINVAL);
	CHECK_EQ(bool_of("2"), -EINVAL);
	CHECK_EQ(bool_of("x"), -EINVAL);
	CHECK_EQ(bool_of(" y"), -EINVAL);
	CHECK_EQ(bool_of("\n"), -EINVAL);
}

HOST_TEST(kstrtox, kstrtobool_error_leaves_result_untouched)
{
	bool res = true;

	CHECK_EQ(kstrtobool("x", &res), -EINVAL);
	CHECK(res);
	res = false;
	CHECK_EQ(kstrtobool("o", &res), -EINVAL);
	CHECK(!res);
}

HOST_TEST(kstrtox, kstrtobool_rejects_null)
{
	bool res = true;

	CHECK_EQ(kstrtobool(NULL, &res), -EINVAL);
	CHECK(res);
}
