// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel command line: each parameter type, and every way a command
 * line can be wrong (unknown key, bad value, out of range, too long, missing
 * value), which must be reported and leave the default in place.
 */
#include <kernel/ktest.h>
#include <kernel/bootinfo.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/kstrtox.h>
#include <lib/string.h>

static int level;
static unsigned long long seed;
static bool verbose;
static char name[8];

static const struct kernel_param test_params[] = {
	{ .name = "t.level", .ops = &param_ops_int, .arg = &level, .min = 0, .max = 8 },
	{ .name = "t.seed", .ops = &param_ops_ullong, .arg = &seed },
	{ .name = "t.verbose", .ops = &param_ops_bool, .arg = &verbose },
	{ .name = "t.name", .ops = &param_ops_string, .arg = name, .maxlen = sizeof(name) },
};

static char logged[1024];

/* Parses @line (a copy: parsing writes into it) and keeps what was logged. */
static int parse(const char *line)
{
	char buf[256];
	u64 pos = log_buf_pos();
	int problems;

	strscpy(buf, line, sizeof(buf));
	problems = parse_params_table(buf, test_params, ARRAY_SIZE(test_params));
	log_buf_copy(pos, logged, sizeof(logged));
	return problems;
}

static int params_init(struct ktest *t)
{
	level = 7;
	seed = 1;
	verbose = false;
	strscpy(name, "default", sizeof(name));
	return 0;
}

static void every_type_parses(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.level=3 t.seed=0x10 t.verbose t.name=abc"), 0);
	KEXPECT_EQ(t, level, 3);
	KEXPECT_EQ(t, seed, 16);
	KEXPECT_TRUE(t, verbose);
	KEXPECT_STREQ(t, name, "abc");
}

static void quoted_value_keeps_its_spaces(struct ktest *t)
{
	KEXPECT_EQ(t, parse("  t.name=\"a b c\"   t.level=2  "), 0);
	KEXPECT_STREQ(t, name, "a b c");
	KEXPECT_EQ(t, level, 2);
}

static void unknown_key_is_reported_and_ignored(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.bogus=1 t.level=5"), 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "unknown kernel command line parameter \"t.bogus=1\""));
	KEXPECT_EQ(t, level, 5);
}

static void bad_integer_keeps_the_default(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.level=high"), 1);
	KEXPECT_EQ(t, level, 7);
	KEXPECT_NOT_NULL(t, strstr(logged, "bad value \"high\" for t.level="));
}

static void out_of_range_integer_keeps_the_default(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.level=9"), 1);
	KEXPECT_EQ(t, level, 7);
	KEXPECT_NOT_NULL(t, strstr(logged, "t.level=9 is out of range"));
	KEXPECT_EQ(t, parse("t.level=-1"), 1);
	KEXPECT_EQ(t, level, 7);
}

static void missing_value_keeps_the_default(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.seed"), 1);
	KEXPECT_EQ(t, seed, 1);
	KEXPECT_NOT_NULL(t, strstr(logged, "t.seed needs a value"));
}

static void too_long_string_keeps_the_default(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.name=abcdefgh"), 1);	/* 8 chars, buffer of 8 */
	KEXPECT_STREQ(t, name, "default");
	KEXPECT_EQ(t, parse("t.name=abcdefg"), 0);
	KEXPECT_STREQ(t, name, "abcdefg");
}

static void bad_bool_keeps_the_default(struct ktest *t)
{
	KEXPECT_EQ(t, parse("t.verbose=perhaps"), 1);
	KEXPECT_FALSE(t, verbose);
	KEXPECT_EQ(t, parse("t.verbose=off"), 0);
	KEXPECT_FALSE(t, verbose);
}

/*
 * The runner's configurations pass ktest.seed=; it must have arrived.  A
 * replay appends another (run.py --cmdline): the last one wins.
 */
static void boot_command_line_reached_the_parameters(struct ktest *t)
{
	const char *arg = strstr(boot_info.cmdline, "ktest.seed="), *later;
	char value[32];
	unsigned long long expected;
	size_t len;

	if (!arg)
		ktest_skip(t, "the command line has no ktest.seed=");
	while ((later = strstr(arg + 1, "ktest.seed=")))
		arg = later;
	arg += strlen("ktest.seed=");
	for (len = 0; arg[len] && arg[len] != ' '; len++)
		;
	KASSERT_LT(t, len, sizeof(value));
	memcpy(value, arg, len);
	value[len] = '\0';
	KASSERT_EQ(t, kstrtoull(value, 0, &expected), 0);
	KEXPECT_EQ(t, ktest_seed(), expected);
}

static struct ktest_case params_cases[] = {
	KTEST_CASE(every_type_parses),
	KTEST_CASE(quoted_value_keeps_its_spaces),
	KTEST_CASE(unknown_key_is_reported_and_ignored),
	KTEST_CASE(bad_integer_keeps_the_default),
	KTEST_CASE(out_of_range_integer_keeps_the_default),
	KTEST_CASE(missing_value_keeps_the_default),
	KTEST_CASE(too_long_string_keeps_the_default),
	KTEST_CASE(bad_bool_keeps_the_default),
	KTEST_CASE(boot_command_line_reached_the_parameters),
	{}
};
static struct ktest_suite params_suite = {
	.name = "params",
	.cases = params_cases,
	.init = params_init,
};
ktest_register_suite(params_suite);
