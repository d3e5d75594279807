// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/glob.c.  The expectations are those of Linux's lib/glob.c
 * (and of its self-test, lib/globtest.c, in spirit).
 */
#include <stdlib.h>

#include <lib/glob.h>

#include "harness.h"

HOST_TEST(glob, literal_pattern_matches_whole_string_only)
{
	CHECK(glob_match("abc", "abc"));
	CHECK(!glob_match("abc", "abcd"));
	CHECK(!glob_match("abc", "ab"));
	CHECK(!glob_match("abc", "xabc"));
}

HOST_TEST(glob, empty_pattern_matches_only_empty_string)
{
	CHECK(glob_match("", ""));
	CHECK(!glob_match("", "a"));
	CHECK(!glob_match("a", ""));
}

HOST_TEST(glob, star_matches_any_run_including_none)
{
	CHECK(glob_match("*", ""));
	CHECK(glob_match("*", "anything"));
	CHECK(glob_match("a*", "a"));
	CHECK(glob_match("a*c", "abbbc"));
	CHECK(glob_match("a*c", "ac"));
	CHECK(!glob_match("a*c", "abcd"));
}

HOST_TEST(glob, star_matches_slash)
{
	CHECK(glob_match("a*z", "a/b/z"));
}

HOST_TEST(glob, star_backtracks_to_a_later_match)
{
	CHECK(glob_match("*ab", "aab"));
	CHECK(glob_match("a*b*c", "abxbxc"));
	CHECK(glob_match("*a*b", "xxaxxbxxb"));
	CHECK(!glob_match("*a*b", "xxaxxbxxc"));
}

HOST_TEST(glob, consecutive_stars_act_as_one)
{
	CHECK(glob_match("a**b", "ab"));
	CHECK(glob_match("***", ""));
}

HOST_TEST(glob, question_mark_matches_exactly_one_char)
{
	CHECK(glob_match("a?c", "abc"));
	CHECK(!glob_match("a?c", "ac"));
	CHECK(!glob_match("a?c", "abbc"));
	CHECK(!glob_match("?", ""));
	CHECK(glob_match("*?", "x"));
	CHECK(!glob_match("*??", "x"));
}

HOST_TEST(glob, bracket_matches_one_char_of_set)
{
	CHECK(glob_match("[abc]", "b"));
	CHECK(!glob_match("[abc]", "d"));
	CHECK(!glob_match("[abc]", ""));
	CHECK(!glob_match("[abc]", "ab"));
	CHECK(glob_match("x[ab]y", "xay"));
}

HOST_TEST(glob, bracket_range)
{
	CHECK(glob_match("[a-c]", "a"));
	CHECK(glob_match("[a-c]", "c"));
	CHECK(!glob_match("[a-c]", "d"));
	CHECK(glob_match("[0-9a-f]", "e"));
	CHECK(!glob_match("[0-9a-f]", "g"));
}

HOST_TEST(glob, bracket_reversed_range_matches_nothing)
{
	CHECK(!glob_match("[z-a]", "m"));
	CHECK(!glob_match("[z-a]", "z"));
}

HOST_TEST(glob, bracket_negation)
{
	CHECK(glob_match("[!a]", "b"));
	CHECK(!glob_match("[!a]", "a"));
	CHECK(glob_match("[!a-c]", "d"));
	CHECK(!glob_match("[!a-c]", "b"));
	CHECK(!glob_match("[!a]", ""));
}

HOST_TEST(glob, bracket_leading_close_bracket_is_a_member)
{
	CHECK(glob_match("[]]", "]"));
	CHECK(glob_match("[]a]", "a"));
	CHECK(!glob_match("[!]]", "]"));
	CHECK(glob_match("[!]]", "x"));
}

HOST_TEST(glob, bracket_dash_at_either_end_is_literal)
{
	CHECK(glob_match("[-a]", "-"));
	CHECK(glob_match("[a-]", "-"));
	CHECK(glob_match("[a-]", "a"));
	CHECK(!glob_match("[a-]", "b"));
}

/* Linux: a '[' without a closing ']' is an ordinary character. */
HOST_TEST(glob, unterminated_bracket_is_literal)
{
	CHECK(glob_match("[ab", "[ab"));
	CHECK(!glob_match("[ab", "a"));
	CHECK(glob_match("a[", "a["));
	CHECK(glob_match("[a-", "[a-"));
}

HOST_TEST(glob, backslash_makes_next_char_literal)
{
	CHECK(glob_match("a\\*b", "a*b"));
	CHECK(!glob_match("a\\*b", "axb"));
	CHECK(glob_match("\\?", "?"));
	CHECK(!glob_match("\\?", "x"));
	CHECK(glob_match("\\[a]", "[a]"));
}

HOST_TEST(glob, trailing_backslash_matches_itself)
{
	CHECK(glob_match("a\\", "a\\"));
	CHECK(!glob_match("a\\", "a"));
}

HOST_TEST(glob, backslash_is_plain_inside_brackets)
{
	CHECK(glob_match("[\\]", "\\"));
	CHECK(!glob_match("[\\]", "]"));
}

/*
 * A recursive matcher takes exponential time here; ours is quadratic at
 * worst, so this finishes at once.
 */
HOST_TEST(glob, many_stars_do_not_blow_up)
{
	char *str = malloc(4001);

	for (int i = 0; i < 4000; i++)
		str[i] = 'a';
	str[4000] = '\0';
	CHECK(!glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", str));
	CHECK(glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*", str));
	free(str);
}
