// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/cmdline.c.  The expectations are those of Linux's
 * next_arg() in kernel/params.c, which parses the kernel command line.
 */
#include <lib/cmdline.h>

#include "harness.h"

HOST_TEST(cmdline, next_arg_splits_param_and_value)
{
	char args[] = "console=ttyS0";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "console");
	CHECK_STREQ(val, "ttyS0");
	CHECK_STREQ(rest, "");
}

HOST_TEST(cmdline, next_arg_bare_word_has_null_value)
{
	char args[] = "quiet";
	char *param, *val;

	next_arg(args, &param, &val);
	CHECK_STREQ(param, "quiet");
	CHECK_PTR_EQ(val, NULL);
}

HOST_TEST(cmdline, next_arg_returns_rest_without_leading_spaces)
{
	char args[] = "a=1   b=2 ";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "a");
	CHECK_STREQ(val, "1");
	CHECK_STREQ(rest, "b=2 ");
}

HOST_TEST(cmdline, next_arg_skips_leading_spaces)
{
	char args[] = "   \tloglevel=7";
	char *param, *val;

	next_arg(args, &param, &val);
	CHECK_STREQ(param, "loglevel");
	CHECK_STREQ(val, "7");
}

HOST_TEST(cmdline, next_arg_walks_a_whole_command_line)
{
	char args[] = " root=/dev/sda1 ro  init=/bin/sh\tquiet\n";
	static const char *const expected[][2] = {
		{ "root", "/dev/sda1" }, { "ro", NULL }, { "init", "/bin/sh" }, { "quiet", NULL },
	};
	char *rest = args, *param, *val;
	size_t count = 0;

	while (*rest && count < 4) {
		rest = next_arg(rest, &param, &val);
		CHECK_STREQ(param, expected[count][0]);
		CHECK_STREQ(val, expected[count][1]);
		count++;
	}
	CHECK_EQ(count, 4);
	CHECK_STREQ(rest, "");
}

HOST_TEST(cmdline, next_arg_strips_quotes_from_value)
{
	char args[] = "msg=\"hello world\" next";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "msg");
	CHECK_STREQ(val, "hello world");
	CHECK_STREQ(rest, "next");
}

HOST_TEST(cmdline, next_arg_strips_quotes_around_whole_word)
{
	char args[] = "\"msg=hello world\" next";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "msg");
	CHECK_STREQ(val, "hello world");
	CHECK_STREQ(rest, "next");
}

HOST_TEST(cmdline, next_arg_quoted_bare_word)
{
	char args[] = "\"a b\"";
	char *param, *val;

	next_arg(args, &param, &val);
	CHECK_STREQ(param, "a b");
	CHECK_PTR_EQ(val, NULL);
}

HOST_TEST(cmdline, next_arg_keeps_quotes_inside_value)
{
	char args[] = "a=b\"c d\"e f";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "a");
	CHECK_STREQ(val, "b\"c d\"e");
	CHECK_STREQ(rest, "f");
}

HOST_TEST(cmdline, next_arg_unterminated_quote_runs_to_end)
{
	char args[] = "a=\"b c";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "a");
	CHECK_STREQ(val, "b c");
	CHECK_STREQ(rest, "");
}

HOST_TEST(cmdline, next_arg_empty_quoted_value)
{
	char args[] = "a=\"\" b";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(val, "");
	CHECK_STREQ(rest, "b");
}

HOST_TEST(cmdline, next_arg_splits_at_first_equals_only)
{
	char args[] = "a=b=c";
	char *param, *val;

	next_arg(args, &param, &val);
	CHECK_STREQ(param, "a");
	CHECK_STREQ(val, "b=c");
}

HOST_TEST(cmdline, next_arg_empty_value_is_not_null)
{
	char args[] = "key= x";
	char *param, *val;

	next_arg(args, &param, &val);
	CHECK_STREQ(param, "key");
	CHECK_STREQ(val, "");
}

HOST_TEST(cmdline, next_arg_on_empty_line_gives_empty_word)
{
	char args[] = "   ";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "");
	CHECK_PTR_EQ(val, NULL);
	CHECK_STREQ(rest, "");
}

HOST_TEST(cmdline, next_arg_lone_quote_gives_empty_word)
{
	char args[] = "\"";
	char *param, *val;
	char *rest = next_arg(args, &param, &val);

	CHECK_STREQ(param, "");
	CHECK_PTR_EQ(val, NULL);
	CHECK_STREQ(rest, "");
}

HOST_TEST(cmdline, skip_spaces_skips_all_whitespace)
{
	const char *s = " \t\n\v\f\rx y";

	CHECK_PTR_EQ(skip_spaces(s), s + 6);
}

HOST_TEST(cmdline, skip_spaces_stops_at_end_of_string)
{
	const char *blank = "  ";
	const char *word = "word";
	const char *empty = "";

	CHECK_PTR_EQ(skip_spaces(blank), blank + 2);
	CHECK_PTR_EQ(skip_spaces(word), word);
	CHECK_PTR_EQ(skip_spaces(empty), empty);
}
