// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/string.c and <lib/ctype.h>.
 *
 * Buffers whose end matters are heap-allocated at their exact size, so that
 * AddressSanitizer turns a read or write one byte too far into a failure.
 */
#include <limits.h>
#include <stdlib.h>

#include <lib/ctype.h>
#include <lib/errno.h>
#include <lib/string.h>

#include "harness.h"

/* A heap copy of @len bytes of @s with no terminator after them. */
static char *unterminated(const char *s, size_t len)
{
	char *p = malloc(len);

	for (size_t i = 0; i < len; i++)
		p[i] = s[i];
	return p;
}

HOST_TEST(string, memcpy_copies_bytes_and_returns_dest)
{
	char src[] = "hello";
	char dest[8] = "xxxxxxx";

	CHECK_PTR_EQ(memcpy(dest, src, 5), dest);
	CHECK_MEMEQ(dest, "helloxx", 8);
}

HOST_TEST(string, memcpy_of_zero_bytes_writes_nothing)
{
	char dest[4] = "abc";

	memcpy(dest, "xyz", 0);
	CHECK_STREQ(dest, "abc");
}

/*
 * memcpy() and memset() move words in the middle and bytes at the edges:
 * every alignment of both ends, against a byte-by-byte reference, with
 * the bytes around the area untouched.
 */
#define EDGE_BUF 48

HOST_TEST(string, memcpy_is_exact_at_every_alignment_and_length)
{
	unsigned char src[EDGE_BUF], dest[EDGE_BUF], ref[EDGE_BUF];

	for (size_t i = 0; i < EDGE_BUF; i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t d = 0; d < 9; d++) {
		for (size_t s = 0; s < 9; s++) {
			for (size_t len = 0; len + d < EDGE_BUF && len + s < EDGE_BUF; len++) {
				for (size_t i = 0; i < EDGE_BUF; i++)
					dest[i] = ref[i] = 0xee;
				for (size_t i = 0; i < len; i++)
					ref[d + i] = src[s + i];
				CHECK_PTR_EQ(memcpy(dest + d, src + s, len), dest + d);
				CHECK_MEMEQ(dest, ref, EDGE_BUF);
			}
		}
	}
}

HOST_TEST(string, memset_is_exact_at_every_alignment_and_length)
{
	unsigned char buf[EDGE_BUF], ref[EDGE_BUF];

	for (size_t off = 0; off < 9; off++) {
		for (size_t len = 0; len + off < EDGE_BUF; len++) {
			for (size_t i = 0; i < EDGE_BUF; i++)
				buf[i] = ref[i] = 0x11;
			for (size_t i = 0; i < len; i++)
				ref[off + i] = 0xc5;
			CHECK_PTR_EQ(memset(buf + off, 0x3c5, len), buf + off);
			CHECK_MEMEQ(buf, ref, EDGE_BUF);
		}
	}
}

HOST_TEST(string, memmove_overlap_with_dest_after_src)
{
	char buf[] = "abcdef";

	memmove(buf + 2, buf, 4);
	CHECK_STREQ(buf, "ababcd");
}

HOST_TEST(string, memmove_overlap_with_dest_before_src)
{
	char buf[] = "abcdef";

	memmove(buf, buf + 2, 4);
	CHECK_STREQ(buf, "cdefef");
}

HOST_TEST(string, memmove_onto_itself_keeps_contents)
{
	char buf[] = "abcdef";

	CHECK_PTR_EQ(memmove(buf, buf, 6), buf);
	CHECK_STREQ(buf, "abcdef");
}

HOST_TEST(string, memset_fills_with_low_byte_of_value)
{
	unsigned char buf[6] = { 1, 2, 3, 4, 5, 6 };
	const unsigned char expected[6] = { 0xab, 0xab, 0xab, 0xab, 5, 6 };

	CHECK_PTR_EQ(memset(buf, 0x1ab, 4), buf);
	CHECK_MEMEQ(buf, expected, sizeof(buf));
}

HOST_TEST(string, memcmp_equal_areas_compare_zero)
{
	CHECK_EQ(memcmp("abcd", "abcd", 4), 0);
	CHECK_EQ(memcmp("abcX", "abcY", 3), 0);
	CHECK_EQ(memcmp("a", "b", 0), 0);
}

HOST_TEST(string, memcmp_sign_follows_first_difference)
{
	CHECK_LT(memcmp("abc", "abd", 3), 0);
	CHECK_GT(memcmp("abd", "abc", 3), 0);
	CHECK_GT(memcmp("b\x01", "a\xff", 2), 0);
}

HOST_TEST(string, memcmp_compares_bytes_as_unsigned)
{
	CHECK_GT(memcmp("\x80", "\x7f", 1), 0);
	CHECK_LT(memcmp("\x01", "\xff", 1), 0);
}

HOST_TEST(string, memchr_finds_first_match)
{
	const char buf[] = "abcabc";

	CHECK_PTR_EQ(memchr(buf, 'c', 6), buf + 2);
	CHECK_PTR_EQ(memchr(buf, 'a', 6), buf);
}

HOST_TEST(string, memchr_looks_no_further_than_count)
{
	const char buf[] = "abcdef";

	CHECK_PTR_EQ(memchr(buf, 'd', 3), NULL);
	CHECK_PTR_EQ(memchr(buf, 'a', 0), NULL);
	CHECK_PTR_EQ(memchr(buf, 'z', 6), NULL);
}

HOST_TEST(string, memchr_matches_low_byte_of_value)
{
	const unsigned char buf[] = { 1, 0xfe, 3 };

	CHECK_PTR_EQ(memchr(buf, 0x1fe, 3), buf + 1);
	CHECK_PTR_EQ(memchr(buf, -2, 3), buf + 1);
}

HOST_TEST(string, strlen_counts_bytes_before_nul)
{
	CHECK_EQ(strlen("hello"), 5);
	CHECK_EQ(strlen(""), 0);
	CHECK_EQ(strlen("ab\0cd"), 2);
}

HOST_TEST(string, strnlen_stops_at_nul)
{
	CHECK_EQ(strnlen("abc", 10), 3);
	CHECK_EQ(strnlen("", 10), 0);
}

HOST_TEST(string, strnlen_reads_at_most_count_bytes)
{
	char *s = unterminated("abcdef", 6);

	CHECK_EQ(strnlen(s, 6), 6);
	CHECK_EQ(strnlen(s, 4), 4);
	CHECK_EQ(strnlen(s, 0), 0);
	free(s);
}

HOST_TEST(string, strcmp_orders_strings)
{
	CHECK_EQ(strcmp("abc", "abc"), 0);
	CHECK_EQ(strcmp("", ""), 0);
	CHECK_LT(strcmp("abc", "abd"), 0);
	CHECK_GT(strcmp("abd", "abc"), 0);
}

HOST_TEST(string, strcmp_prefix_sorts_first)
{
	CHECK_LT(strcmp("ab", "abc"), 0);
	CHECK_GT(strcmp("abc", "ab"), 0);
	CHECK_LT(strcmp("", "a"), 0);
}

HOST_TEST(string, strcmp_compares_chars_as_unsigned)
{
	CHECK_GT(strcmp("\x80", "a"), 0);
	CHECK_LT(strcmp("a", "\xff"), 0);
}

HOST_TEST(string, strncmp_ignores_chars_after_count)
{
	CHECK_EQ(strncmp("abcX", "abcY", 3), 0);
	CHECK_LT(strncmp("abcX", "abcY", 4), 0);
	CHECK_EQ(strncmp("a", "b", 0), 0);
}

HOST_TEST(string, strncmp_stops_at_nul_of_both)
{
	CHECK_EQ(strncmp("ab\0x", "ab\0y", 4), 0);
	CHECK_LT(strncmp("ab", "abc", 5), 0);
}

HOST_TEST(string, strchr_finds_first_occurrence)
{
	const char *s = "hello";

	CHECK_PTR_EQ(strchr(s, 'l'), s + 2);
	CHECK_PTR_EQ(strchr(s, 'h'), s);
	CHECK_PTR_EQ(strchr(s, 'z'), NULL);
}

HOST_TEST(string, strchr_and_strrchr_find_the_terminator)
{
	const char *s = "hello";

	CHECK_PTR_EQ(strchr(s, '\0'), s + 5);
	CHECK_PTR_EQ(strrchr(s, '\0'), s + 5);
}

HOST_TEST(string, strrchr_finds_last_occurrence)
{
	const char *s = "hello";

	CHECK_PTR_EQ(strrchr(s, 'l'), s + 3);
	CHECK_PTR_EQ(strrchr(s, 'h'), s);
	CHECK_PTR_EQ(strrchr(s, 'z'), NULL);
	CHECK_PTR_EQ(strrchr("", 'a'), NULL);
}

HOST_TEST(string, strstr_finds_first_occurrence)
{
	const char *s = "abcabcd";

	CHECK_PTR_EQ(strstr(s, "bc"), s + 1);
	CHECK_PTR_EQ(strstr(s, "abcd"), s + 3);
	CHECK_PTR_EQ(strstr(s, "abcabcd"), s);
}

HOST_TEST(string, strstr_retries_after_partial_match)
{
	const char *s = "aaab";

	CHECK_PTR_EQ(strstr(s, "aab"), s + 1);
}

HOST_TEST(string, strstr_empty_needle_returns_haystack)
{
	const char *s = "abc";

	CHECK_PTR_EQ(strstr(s, ""), s);
	CHECK_PTR_EQ(strstr(s + 3, ""), s + 3);
}

HOST_TEST(string, strstr_missing_needle_returns_null)
{
	CHECK_PTR_EQ(strstr("abc", "abd"), NULL);
	CHECK_PTR_EQ(strstr("ab", "abc"), NULL);
	CHECK_PTR_EQ(strstr("", "a"), NULL);
}

HOST_TEST(string, strscpy_copies_and_returns_length)
{
	char dest[8];

	CHECK_EQ(strscpy(dest, "abc", sizeof(dest)), 3);
	CHECK_STREQ(dest, "abc");
}

HOST_TEST(string, strscpy_exact_fit_is_not_truncation)
{
	char dest[4];

	CHECK_EQ(strscpy(dest, "abc", sizeof(dest)), 3);
	CHECK_STREQ(dest, "abc");
}

HOST_TEST(string, strscpy_truncates_and_returns_e2big)
{
	char dest[4];

	CHECK_EQ(strscpy(dest, "abcdef", sizeof(dest)), -E2BIG);
	CHECK_STREQ(dest, "abc");
}

HOST_TEST(string, strscpy_size_one_gives_empty_string)
{
	char dest[1] = { 'x' };

	CHECK_EQ(strscpy(dest, "abc", 1), -E2BIG);
	CHECK_EQ(dest[0], '\0');
	CHECK_EQ(strscpy(dest, "", 1), 0);
}

HOST_TEST(string, strscpy_size_zero_returns_e2big_and_writes_nothing)
{
	char dest[2] = { 'x', 'y' };

	CHECK_EQ(strscpy(dest, "abc", 0), -E2BIG);
	CHECK_MEMEQ(dest, "xy", 2);
}

/* Linux's contract: strscpy() reads at most @count bytes of the source. */
HOST_TEST(string, strscpy_reads_at_most_count_source_bytes)
{
	char *src = unterminated("abcd", 4);
	char dest[4];

	CHECK_EQ(strscpy(dest, src, sizeof(dest)), -E2BIG);
	CHECK_STREQ(dest, "abc");
	free(src);
}

HOST_TEST(string, strscpy_does_not_pad_with_zeros)
{
	char dest[6] = "xxxxx";

	strscpy(dest, "ab", sizeof(dest));
	CHECK_MEMEQ(dest, "ab\0xx", 6);
}

HOST_TEST(string, strscpy_rejects_size_above_int_max)
{
	char dest[4] = "xyz";

	CHECK_EQ(strscpy(dest, "abc", (size_t)INT_MAX + 1), -E2BIG);
	CHECK_STREQ(dest, "xyz");
}

/*
 * Checks @classify against the members of a class listed in @members, for
 * every value a char or an unsigned char can hold.
 */
static void check_class(bool (*classify)(int), const char *members)
{
	for (int c = -128; c < 256; c++) {
		bool expected = c > 0 && strchr(members, c) != NULL;

		if (!CHECK_EQ(classify(c), expected))
			return;
	}
}

static bool is_digit(int c) { return isdigit(c); }
static bool is_xdigit(int c) { return isxdigit(c); }
static bool is_space(int c) { return isspace(c); }
static bool is_alpha(int c) { return isalpha(c); }
static bool is_alnum(int c) { return isalnum(c); }
static bool is_upper(int c) { return isupper(c); }
static bool is_lower(int c) { return islower(c); }

#define UPPER	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LOWER	"abcdefghijklmnopqrstuvwxyz"
#define DIGITS	"0123456789"

HOST_TEST(ctype, isdigit_accepts_only_decimal_digits)
{
	check_class(is_digit, DIGITS);
}

HOST_TEST(ctype, isxdigit_accepts_hex_digits_of_either_case)
{
	check_class(is_xdigit, DIGITS "abcdefABCDEF");
}

HOST_TEST(ctype, isspace_accepts_c_locale_whitespace)
{
	check_class(is_space, " \t\n\v\f\r");
}

HOST_TEST(ctype, letter_classes_cover_ascii_letters_only)
{
	check_class(is_upper, UPPER);
	check_class(is_lower, LOWER);
	check_class(is_alpha, UPPER LOWER);
	check_class(is_alnum, UPPER LOWER DIGITS);
}

HOST_TEST(ctype, isprint_covers_space_through_tilde)
{
	for (int c = -128; c < 256; c++) {
		if (!CHECK_EQ(isprint(c), c >= 0x20 && c <= 0x7e))
			return;
	}
}

HOST_TEST(ctype, negative_chars_belong_to_no_class)
{
	char c = (char)0xe9;	/* Latin-1 e-acute, negative in a signed char */

	CHECK(!isalpha(c));
	CHECK(!isprint(c));
	CHECK(!isspace(c));
	CHECK_EQ(tolower(c), c);
}

HOST_TEST(ctype, tolower_and_toupper_change_only_letters)
{
	CHECK_EQ(tolower('A'), 'a');
	CHECK_EQ(tolower('Z'), 'z');
	CHECK_EQ(tolower('a'), 'a');
	CHECK_EQ(tolower('@'), '@');
	CHECK_EQ(tolower('['), '[');
	CHECK_EQ(toupper('a'), 'A');
	CHECK_EQ(toupper('z'), 'Z');
	CHECK_EQ(toupper('`'), '`');
	CHECK_EQ(toupper('{'), '{');
	CHECK_EQ(toupper('5'), '5');
}
