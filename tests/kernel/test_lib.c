// SPDX-License-Identifier: GPL-2.0
/*
 * lib/ as the kernel runs it: built freestanding, without SSE, in the
 * kernel code model.  The host unit tests (tests/host/) cover lib/ in depth
 * under sanitizers; these check that the kernel's own build behaves the same.
 */
#include <kernel/ktest.h>
#include <lib/errno.h>
#include <lib/glob.h>
#include <lib/kstrtox.h>
#include <lib/list.h>
#include <lib/random.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

/* --- string --- */

static void memmove_handles_both_overlaps(struct ktest *t)
{
	char buf[16] = "abcdefgh";

	memmove(buf + 2, buf, 6);	/* forwards overlap: copy from the end */
	KEXPECT_STREQ(t, buf, "ababcdef");
	memmove(buf, buf + 2, 6);	/* backwards overlap */
	KEXPECT_EQ(t, memcmp(buf, "abcdef", 6), 0);
}

static void memset_fills_exactly_n_bytes(struct ktest *t)
{
	char buf[8] = "xxxxxxx";

	memset(buf + 1, 'y', 3);
	KEXPECT_STREQ(t, buf, "xyyyxxx");
}

static void strscpy_truncates_and_returns_e2big(struct ktest *t)
{
	char buf[4];

	KEXPECT_EQ(t, strscpy(buf, "abcdef", sizeof(buf)), -E2BIG);
	KEXPECT_STREQ(t, buf, "abc");
	KEXPECT_EQ(t, strscpy(buf, "ab", sizeof(buf)), 2);
	KEXPECT_STREQ(t, buf, "ab");
}

static void string_search_functions(struct ktest *t)
{
	const char *s = "kthread_worker";

	KEXPECT_EQ(t, strchr(s, '_'), s + 7);
	KEXPECT_EQ(t, strrchr(s, 'r'), s + 13);
	KEXPECT_EQ(t, strstr(s, "work"), s + 8);
	KEXPECT_NULL(t, strstr(s, "workqueue"));
	KEXPECT_EQ(t, strnlen(s, 5), 5);
	KEXPECT_LT(t, strcmp("abc", "abd"), 0);
	KEXPECT_EQ(t, strncmp("abcx", "abcy", 3), 0);
}

/* --- vsprintf --- */

static const char *fmt(char *buf, size_t size, const char *f, ...) __printf(3, 4);
static const char *fmt(char *buf, size_t size, const char *f, ...)
{
	va_list args;

	va_start(args, f);
	vsnprintf(buf, size, f, args);
	va_end(args);
	return buf;
}

static void vsnprintf_formats_integers(struct ktest *t)
{
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%d %i %u", -42, 7, 4000000000u), "-42 7 4000000000");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%x %X %lx", 0xbeef, 0xbeef, 0xffffffff80000000UL),
		      "beef BEEF ffffffff80000000");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%lld %llu", -9223372036854775807LL - 1,
			     18446744073709551615ULL),
		      "-9223372036854775808 18446744073709551615");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%zu %o", (size_t)12, 8), "12 10");
}

static void vsnprintf_width_padding_and_precision(struct ktest *t)
{
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%5d][%-5d][%05d]", 42, 42, -42),
		      "[   42][42   ][-0042]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%*s][%-*s]", 4, "ab", 4, "ab"), "[  ab][ab  ]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "[%.3s][%.*s]", "kthread", 2, "kthread"),
		      "[kth][kt]");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%#x %#o", 255, 8), "0xff 010");
}

static void vsnprintf_strings_chars_pointers(struct ktest *t)
{
	const char *volatile null_string = NULL;	/* hidden from -Wformat */
	char b[64];

	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%s|%c|%%", "kthreadd", 'k'), "kthreadd|k|%");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%s", null_string), "(null)");
	KEXPECT_STREQ(t, fmt(b, sizeof(b), "%p", (void *)0xffffffff80101000UL),
		      "0xffffffff80101000");
}

static void vsnprintf_returns_untruncated_length(struct ktest *t)
{
	char b[8];

	KEXPECT_EQ(t, snprintf(b, sizeof(b), "%s", "0123456789"), 10);
	KEXPECT_STREQ(t, b, "0123456");
	KEXPECT_EQ(t, scnprintf(b, sizeof(b), "%s", "0123456789"), 7);
	KEXPECT_EQ(t, snprintf(NULL, 0, "%d", 12345), 5);
}

/* --- kstrtox --- */

static void kstrtoull_parses_bases(struct ktest *t)
{
	unsigned long long v = 0;

	KEXPECT_EQ(t, kstrtoull("0x1f", 0, &v), 0);
	KEXPECT_EQ(t, v, 31);
	KEXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KEXPECT_EQ(t, v, 15);
	KEXPECT_EQ(t, kstrtoull("42\n", 10, &v), 0);
	KEXPECT_EQ(t, v, 42);
}

static void kstrtox_rejects_garbage_and_overflow(struct ktest *t)
{
	unsigned long long u = 7;
	int i = 7;
	bool b = false;

	KEXPECT_EQ(t, kstrtoull("12abc", 10, &u), -EINVAL);
	KEXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &u), -ERANGE);
	KEXPECT_EQ(t, u, 7);	/* untouched on error */
	KEXPECT_EQ(t, kstrtoint("2147483648", 10, &i), -ERANGE);
	KEXPECT_EQ(t, kstrtoint("-2147483648", 10, &i), 0);
	KEXPECT_EQ(t, i, -2147483647 - 1);
	KEXPECT_EQ(t, kstrtobool("on", &b), 0);
	KEXPECT_TRUE(t, b);
	KEXPECT_EQ(t, kstrtobool("maybe", &b), -EINVAL);
}

/* --- glob --- */

static void glob_matches_suite_dot_case_patterns(struct ktest *t)
{
	KEXPECT_TRUE(t, glob_match("selftest.*", "selftest.fails"));
	KEXPECT_FALSE(t, glob_match("selftest.*", "string.strlen"));
	KEXPECT_TRUE(t, glob_match("*.park_?npark", "kthread.park_unpark"));
	KEXPECT_TRUE(t, glob_match("cpu[0-3]", "cpu2"));
	KEXPECT_FALSE(t, glob_match("cpu[!0-3]", "cpu2"));
	KEXPECT_FALSE(t, glob_match("abc", "abcd"));	/* whole-string match */
}

/* --- list --- */

struct item {
	int value;
	struct list_head node;
};

static void list_keeps_insertion_order(struct ktest *t)
{
	struct item items[4];
	struct item *pos, *n;
	LIST_HEAD(head);
	int i, expected = 0;

	for (i = 0; i < 4; i++) {
		items[i].value = i;
		list_add_tail(&items[i].node, &head);
	}
	list_for_each_entry(pos, &head, node)
		KEXPECT_EQ(t, pos->value, expected++);
	KEXPECT_EQ(t, expected, 4);

	list_for_each_entry_safe(pos, n, &head, node) {
		if (pos->value % 2)
			list_del(&pos->node);
	}
	KEXPECT_EQ(t, list_first_entry(&head, struct item, node)->value, 0);
	KEXPECT_EQ(t, list_last_entry(&head, struct item, node)->value, 2);
	KEXPECT_FALSE(t, list_is_singular(&head));
}

static void list_del_init_leaves_an_empty_node(struct ktest *t)
{
	struct item a = { .value = 1 };
	LIST_HEAD(head);

	list_add(&a.node, &head);
	KEXPECT_TRUE(t, list_is_singular(&head));
	list_del_init(&a.node);
	KEXPECT_TRUE(t, list_empty(&head));
	KEXPECT_TRUE(t, list_empty(&a.node));
}

/* --- random --- */

static void prandom_same_seed_same_sequence(struct ktest *t)
{
	struct rnd_state a, b, c;
	int i, differ = 0;

	prandom_seed_state(&a, 42);
	prandom_seed_state(&b, 42);
	prandom_seed_state(&c, 43);
	for (i = 0; i < 16; i++) {
		u32 x = prandom_u32_state(&a);

		KEXPECT_EQ(t, x, prandom_u32_state(&b));
		differ += x != prandom_u32_state(&c);
	}
	KEXPECT_GT(t, differ, 8);
}

static void prandom_below_stays_below(struct ktest *t)
{
	int i;

	for (i = 0; i < 256; i++)
		KASSERT_LT(t, prandom_u32_below(&t->rnd, 10), 10);
}

static struct ktest_case string_cases[] = {
	KTEST_CASE(memmove_handles_both_overlaps),
	KTEST_CASE(memset_fills_exactly_n_bytes),
	KTEST_CASE(strscpy_truncates_and_returns_e2big),
	KTEST_CASE(string_search_functions),
	{}
};
static struct ktest_suite string_suite = { .name = "string", .cases = string_cases };
ktest_register_suite(string_suite);

static struct ktest_case vsprintf_cases[] = {
	KTEST_CASE(vsnprintf_formats_integers),
	KTEST_CASE(vsnprintf_width_padding_and_precision),
	KTEST_CASE(vsnprintf_strings_chars_pointers),
	KTEST_CASE(vsnprintf_returns_untruncated_length),
	{}
};
static struct ktest_suite vsprintf_suite = { .name = "vsprintf", .cases = vsprintf_cases };
ktest_register_suite(vsprintf_suite);

static struct ktest_case parse_cases[] = {
	KTEST_CASE(kstrtoull_parses_bases),
	KTEST_CASE(kstrtox_rejects_garbage_and_overflow),
	KTEST_CASE(glob_matches_suite_dot_case_patterns),
	{}
};
static struct ktest_suite parse_suite = { .name = "kstrtox_glob", .cases = parse_cases };
ktest_register_suite(parse_suite);

static struct ktest_case list_cases[] = {
	KTEST_CASE(list_keeps_insertion_order),
	KTEST_CASE(list_del_init_leaves_an_empty_node),
	KTEST_CASE(prandom_same_seed_same_sequence),
	KTEST_CASE(prandom_below_stays_below),
	{}
};
static struct ktest_suite list_suite = { .name = "list_random", .cases = list_cases };
ktest_register_suite(list_suite);
