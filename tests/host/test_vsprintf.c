// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/vsprintf.c.
 *
 * Expected strings follow the C standard's printf(3) (what glibc prints), and
 * Linux where lib/vsprintf.c says it follows Linux.  Formats that the
 * compiler's format checking rightly frowns on go through format_raw().
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

#include <lib/compiler.h>
#include <lib/types.h>
#include <lib/vsprintf.h>

#include "harness.h"

static char out[64];

/* Fills @buf with a marker, so that tests can tell which bytes were written. */
static void fill(char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++)
		buf[i] = '#';
}

static int format_args(const char *fmt, va_list args)
{
	fill(out, sizeof(out));
	return vsnprintf(out, sizeof(out), fmt, args);
}

/* Formats into out[], which is large enough for every case below. */
static __printf(1, 2) int format(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = format_args(fmt, args);
	va_end(args);
	return len;
}

/* format() without the compiler's format checking. */
static int format_raw(const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = format_args(fmt, args);
	va_end(args);
	return len;
}

/* Checks both the text and the returned length of one formatting. */
#define CHECK_FORMAT(expected, ...)						\
	do {									\
		CHECK_EQ(format(__VA_ARGS__), sizeof(expected) - 1);		\
		CHECK_STREQ(out, expected);					\
	} while (0)

#define CHECK_FORMAT_RAW(expected, ...)						\
	do {									\
		CHECK_EQ(format_raw(__VA_ARGS__), sizeof(expected) - 1);	\
		CHECK_STREQ(out, expected);					\
	} while (0)

HOST_TEST(vsprintf, plain_text_is_copied)
{
	CHECK_FORMAT("hello, world", "hello, world");
	CHECK_FORMAT("", "%s", "");
}

HOST_TEST(vsprintf, percent_percent_prints_one_percent)
{
	CHECK_FORMAT("100%", "100%%");
	CHECK_FORMAT("%d", "%%d");
}

HOST_TEST(vsprintf, snprintf_returns_untruncated_length)
{
	char buf[4];

	CHECK_EQ(snprintf(buf, sizeof(buf), "%s", "abcdefgh"), 8);
	CHECK_EQ(snprintf(buf, sizeof(buf), "%d", 123456), 6);
}

HOST_TEST(vsprintf, truncated_output_is_terminated)
{
	char *buf = malloc(4);	/* exact size: AddressSanitizer catches overruns */

	snprintf(buf, 4, "abcdefgh");
	CHECK_STREQ(buf, "abc");
	snprintf(buf, 4, "%d", -12345);
	CHECK_STREQ(buf, "-12");
	free(buf);
}

HOST_TEST(vsprintf, output_that_just_fits_is_not_truncated)
{
	char buf[4];

	CHECK_EQ(snprintf(buf, sizeof(buf), "abc"), 3);
	CHECK_STREQ(buf, "abc");
}

HOST_TEST(vsprintf, size_zero_writes_nothing)
{
	char buf[4] = "xyz";

	CHECK_EQ(snprintf(buf, 0, "abcdef"), 6);
	CHECK_STREQ(buf, "xyz");
}

HOST_TEST(vsprintf, null_buffer_with_size_zero_measures_output)
{
	CHECK_EQ(snprintf(NULL, 0, "%d-%s", 1234, "abc"), 8);
}

HOST_TEST(vsprintf, size_one_writes_only_the_terminator)
{
	char buf[2] = "x";

	CHECK_EQ(snprintf(buf, 1, "abc"), 3);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], '\0');
}

/* Linux treats such a size as a negative length gone wrong. */
HOST_TEST(vsprintf, size_above_int_max_writes_nothing_and_returns_zero)
{
	char buf[4] = "xyz";

	CHECK_EQ(snprintf(buf, (size_t)INT_MAX + 1, "abc"), 0);
	CHECK_STREQ(buf, "xyz");
}

HOST_TEST(vsprintf, signed_decimal)
{
	CHECK_FORMAT("42", "%d", 42);
	CHECK_FORMAT("-42", "%i", -42);
	CHECK_FORMAT("0", "%d", 0);
}

HOST_TEST(vsprintf, int_limits)
{
	CHECK_FORMAT("-2147483648", "%d", INT_MIN);
	CHECK_FORMAT("2147483647", "%d", INT_MAX);
	CHECK_FORMAT("4294967295", "%u", UINT_MAX);
}

HOST_TEST(vsprintf, int64_limits)
{
	CHECK_FORMAT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK_FORMAT("9223372036854775807", "%lld", (long long)INT64_MAX);
	CHECK_FORMAT("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK_FORMAT("-9223372036854775808", "%ld", LONG_MIN);
}

HOST_TEST(vsprintf, hex_and_octal)
{
	CHECK_FORMAT("ff", "%x", 255u);
	CHECK_FORMAT("FF", "%X", 255u);
	CHECK_FORMAT("deadbeef", "%x", 0xdeadbeefu);
	CHECK_FORMAT("377", "%o", 255u);
	CHECK_FORMAT("0", "%x", 0u);
	CHECK_FORMAT("ffffffff", "%x", -1);
}

HOST_TEST(vsprintf, long_and_long_long_are_64_bit)
{
	CHECK_FORMAT("deadbeefcafebabe", "%lx", 0xdeadbeefcafebabeul);
	CHECK_FORMAT("DEADBEEFCAFEBABE", "%llX", 0xdeadbeefcafebabeull);
	CHECK_FORMAT("1777777777777777777777", "%llo", ULLONG_MAX);
}

/* The arguments are ints on purpose: the conversion must narrow them. */
HOST_TEST(vsprintf, hh_truncates_to_char)
{
	CHECK_FORMAT_RAW("-1", "%hhd", 255);
	CHECK_FORMAT_RAW("255", "%hhu", 0x1ff);
	CHECK_FORMAT_RAW("ab", "%hhx", 0x12ab);
}

HOST_TEST(vsprintf, h_truncates_to_short)
{
	CHECK_FORMAT_RAW("-1", "%hd", 65535);
	CHECK_FORMAT_RAW("65535", "%hu", -1);
	CHECK_FORMAT_RAW("5678", "%hx", 0x12345678);
}

HOST_TEST(vsprintf, z_and_t_take_size_and_ptrdiff)
{
	char a[8];

	CHECK_FORMAT("18446744073709551615", "%zu", SIZE_MAX);
	CHECK_FORMAT("-1", "%zd", (ssize_t)-1);
	CHECK_FORMAT("-8", "%td", a - (a + 8));
	CHECK_FORMAT("ffffffffffffffff", "%zx", SIZE_MAX);
}

HOST_TEST(vsprintf, alt_flag_adds_hex_prefix)
{
	CHECK_FORMAT("0x2a", "%#x", 42u);
	CHECK_FORMAT("0X2A", "%#X", 42u);
}

/* C11 7.21.6.1: the 0x prefix is for a nonzero result only. */
HOST_TEST(vsprintf, alt_flag_on_zero_hex_prints_plain_zero)
{
	CHECK_FORMAT("0", "%#x", 0u);
}

/* C11 7.21.6.1: '#' raises the precision so that the first digit is 0. */
HOST_TEST(vsprintf, alt_flag_octal_starts_with_zero)
{
	CHECK_FORMAT("010", "%#o", 8u);
	CHECK_FORMAT("0", "%#o", 0u);
	CHECK_FORMAT("0", "%#.0o", 0u);
	CHECK_FORMAT("00010", "%#.5o", 8u);
}

HOST_TEST(vsprintf, width_right_justifies)
{
	CHECK_FORMAT("   42", "%5d", 42);
	CHECK_FORMAT("  abc", "%5s", "abc");
	CHECK_FORMAT("123456", "%3d", 123456);
}

HOST_TEST(vsprintf, minus_flag_left_justifies)
{
	CHECK_FORMAT("42   |", "%-5d|", 42);
	CHECK_FORMAT("abc  |", "%-5s|", "abc");
	CHECK_FORMAT("x  |", "%-3c|", 'x');
}

HOST_TEST(vsprintf, zero_flag_pads_after_sign_and_prefix)
{
	CHECK_FORMAT("00042", "%05d", 42);
	CHECK_FORMAT("-0042", "%05d", -42);
	CHECK_FORMAT("+0042", "%+05d", 42);
	CHECK_FORMAT("0x002a", "%#06x", 42u);
}

HOST_TEST(vsprintf, zero_flag_is_ignored_with_minus)
{
	CHECK_FORMAT_RAW("42   |", "%-05d|", 42);
}

/* C11 7.21.6.1: with a precision, the 0 flag is ignored for integers. */
HOST_TEST(vsprintf, zero_flag_is_ignored_with_precision)
{
	CHECK_FORMAT_RAW("     042", "%08.3d", 42);
}

HOST_TEST(vsprintf, plus_flag_always_prints_sign)
{
	CHECK_FORMAT("+42", "%+d", 42);
	CHECK_FORMAT("-42", "%+d", -42);
	CHECK_FORMAT("+0", "%+d", 0);
}

HOST_TEST(vsprintf, space_flag_prints_space_for_plus)
{
	CHECK_FORMAT(" 42", "% d", 42);
	CHECK_FORMAT("-42", "% d", -42);
	CHECK_FORMAT_RAW("+42", "%+ d", 42);
}

HOST_TEST(vsprintf, sign_flags_are_ignored_for_unsigned)
{
	CHECK_FORMAT_RAW("42", "%+u", 42u);
	CHECK_FORMAT_RAW("2a", "% x", 42u);
}

HOST_TEST(vsprintf, precision_sets_minimum_digits)
{
	CHECK_FORMAT("00042", "%.5d", 42);
	CHECK_FORMAT("-007", "%.3d", -7);
	CHECK_FORMAT("  007", "%5.3d", 7);
	CHECK_FORMAT("0x0000ff", "%#.6x", 255u);
}

/* C11 7.21.6.1: a zero value with precision 0 prints no characters. */
HOST_TEST(vsprintf, zero_precision_with_zero_value_prints_no_digits)
{
	CHECK_FORMAT("", "%.0d", 0);
	CHECK_FORMAT("   ", "%3.0d", 0);
	CHECK_FORMAT("+", "%+.0d", 0);
	CHECK_FORMAT("", "%.0x", 0u);
	CHECK_FORMAT("5", "%.0d", 5);
}

HOST_TEST(vsprintf, star_takes_width_and_precision_from_arguments)
{
	CHECK_FORMAT("   42", "%*d", 5, 42);
	CHECK_FORMAT("42   |", "%-*d|", 5, 42);
	CHECK_FORMAT("ab", "%.*s", 2, "abcdef");
	CHECK_FORMAT("   ab", "%*.*s", 5, 2, "abcdef");
}

/* C11 7.21.6.1: a negative width argument is a '-' flag and a width. */
HOST_TEST(vsprintf, negative_star_width_left_justifies)
{
	CHECK_FORMAT("42   |", "%*d|", -5, 42);
}

/* C11 7.21.6.1: a negative precision argument is as if none was given. */
HOST_TEST(vsprintf, negative_star_precision_is_ignored)
{
	CHECK_FORMAT("abcdef", "%.*s", -1, "abcdef");
	CHECK_FORMAT("42", "%.*d", -3, 42);
}

HOST_TEST(vsprintf, char_conversion)
{
	CHECK_FORMAT("x", "%c", 'x');
	CHECK_FORMAT("  x", "%3c", 'x');
	CHECK_FORMAT("a-b", "%c-%c", 'a', 'b');
}

HOST_TEST(vsprintf, nul_char_is_counted_and_stored)
{
	CHECK_EQ(format("a%cb", '\0'), 3);
	CHECK_MEMEQ(out, "a\0b", 4);
}

HOST_TEST(vsprintf, string_precision_limits_bytes_read)
{
	char *unterminated = malloc(3);

	unterminated[0] = 'a';
	unterminated[1] = 'b';
	unterminated[2] = 'c';
	CHECK_FORMAT("abc", "%.3s", unterminated);
	CHECK_FORMAT("ab", "%.2s", unterminated);
	free(unterminated);
}

/* Linux prints "(null)", cut by any precision. */
HOST_TEST(vsprintf, null_string_prints_null)
{
	const char *none = NULL;	/* unchecked: GCC rejects a NULL %s */

	CHECK_FORMAT_RAW("(null)", "%s", none);
	CHECK_FORMAT_RAW("  (null)", "%8s", none);
	CHECK_FORMAT_RAW("(nu", "%.3s", none);
}

HOST_TEST(vsprintf, pointer_prints_all_16_hex_digits)
{
	CHECK_FORMAT("0x0000000000001234", "%p", (void *)0x1234);
	CHECK_FORMAT("0xffff800000abcdef", "%p", (void *)0xffff800000abcdefull);
}

HOST_TEST(vsprintf, null_pointer_prints_zeros)
{
	CHECK_FORMAT("0x0000000000000000", "%p", NULL);
}

HOST_TEST(vsprintf, pointer_honours_width)
{
	CHECK_FORMAT("  0x0000000000000010", "%20p", (void *)16);
	CHECK_FORMAT("0x0000000000000010  |", "%-20p|", (void *)16);
}

HOST_TEST(vsprintf, unknown_conversion_is_printed_literally)
{
	CHECK_FORMAT_RAW("%q", "%q");
	CHECK_FORMAT_RAW("%5q 7", "%5q %d", 7);
	CHECK_FORMAT_RAW("a%yb", "a%yb");
}

/* %n would let a format string write to memory; it is not supported. */
HOST_TEST(vsprintf, percent_n_is_printed_not_performed)
{
	CHECK_FORMAT_RAW("a%nb", "a%nb");
}

HOST_TEST(vsprintf, trailing_lone_percent_is_printed)
{
	CHECK_FORMAT_RAW("50%", "50%");
	CHECK_FORMAT_RAW("50%-5", "50%-5");
}

HOST_TEST(vsprintf, width_larger_than_buffer_truncates)
{
	char buf[8];

	CHECK_EQ(snprintf(buf, sizeof(buf), "%100d", 5), 100);
	CHECK_STREQ(buf, "       ");
	CHECK_EQ(snprintf(buf, sizeof(buf), "%-100d", 5), 100);
	CHECK_STREQ(buf, "5      ");
}

/* Neither the field nor the count may overflow an int; the count saturates. */
HOST_TEST(vsprintf, huge_width_saturates_without_overflow)
{
	CHECK_EQ(format_raw("%*d", INT_MAX, 1), INT_MAX);
	CHECK_EQ(out[sizeof(out) - 1], '\0');
	CHECK_EQ(format_raw("%*d%*d", INT_MAX, 1, INT_MAX, 1), INT_MAX);
	CHECK_EQ(format_raw("%99999999999999999999d", 1), INT_MAX);
}

HOST_TEST(vsprintf, several_conversions_in_one_format)
{
	CHECK_FORMAT("cpu3: 42 KiB at 0x1000 (ok)", "cpu%u: %d KiB at %#lx (%s)", 3u, 42,
		     0x1000ul, "ok");
}

HOST_TEST(vsprintf, scnprintf_returns_bytes_actually_written)
{
	char buf[4];

	CHECK_EQ(scnprintf(buf, sizeof(buf), "abcdef"), 3);
	CHECK_STREQ(buf, "abc");
	CHECK_EQ(scnprintf(buf, sizeof(buf), "ab"), 2);
}

HOST_TEST(vsprintf, scnprintf_with_size_zero_returns_zero)
{
	CHECK_EQ(scnprintf(NULL, 0, "abcdef"), 0);
}

HOST_TEST(vsprintf, scnprintf_appends_in_steps)
{
	char buf[10];
	int len = 0;

	len += scnprintf(buf + len, sizeof(buf) - len, "%s", "one ");
	len += scnprintf(buf + len, sizeof(buf) - len, "%s", "two ");
	len += scnprintf(buf + len, sizeof(buf) - len, "%s", "three");
	CHECK_EQ(len, 9);
	CHECK_STREQ(buf, "one two t");
}

static __printf(3, 4) int call_vscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

HOST_TEST(vsprintf, vscnprintf_matches_scnprintf)
{
	char buf[5];

	CHECK_EQ(call_vscnprintf(buf, sizeof(buf), "%d", 123), 3);
	CHECK_STREQ(buf, "123");
	CHECK_EQ(call_vscnprintf(buf, sizeof(buf), "%d", 123456), 4);
	CHECK_STREQ(buf, "1234");
}
