// SPDX-License-Identifier: GPL-2.0
/*
 * console= and the consoles printk writes to: which values are taken,
 * what a bad one does (a message, the default kept), and that printk
 * tells each enabled console the level of every line and skips the
 * disabled ones.
 */
#include <kernel/console.h>
#include <kernel/ktest.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/errno.h>
#include <lib/string.h>

static void the_three_values_are_taken(struct ktest *t)
{
	KEXPECT_EQ(t, console_parse_selection("serial"), CONSOLE_SELECT_SERIAL);
	KEXPECT_EQ(t, console_parse_selection("screen"), CONSOLE_SELECT_SCREEN);
	KEXPECT_EQ(t, console_parse_selection("both"), CONSOLE_SELECT_ALL);
}

static void anything_else_is_refused(struct ktest *t)
{
	static const char *const bad[] = { "", "SERIAL", "tty0", "ttyS0", "serial,screen",
					   "screens", "bot" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KEXPECT_EQ(t, console_parse_selection(bad[i]), -EINVAL);
	KEXPECT_EQ(t, console_parse_selection(NULL), -EINVAL);	/* a bare "console" */
}

static void each_value_picks_its_consoles(struct ktest *t)
{
	struct console serial = { .name = "ttyS0" }, screen = { .name = "tty0" };

	KEXPECT_TRUE(t, console_selected(&serial, CONSOLE_SELECT_SERIAL));
	KEXPECT_FALSE(t, console_selected(&screen, CONSOLE_SELECT_SERIAL));
	KEXPECT_TRUE(t, console_selected(&screen, CONSOLE_SELECT_SCREEN));
	KEXPECT_FALSE(t, console_selected(&serial, CONSOLE_SELECT_SCREEN));
	KEXPECT_TRUE(t, console_selected(&serial, CONSOLE_SELECT_ALL));
	KEXPECT_TRUE(t, console_selected(&screen, CONSOLE_SELECT_ALL));
}

/* As the boot parses it: a bad value is reported and the default stays. */
static void a_bad_value_is_reported_and_the_default_kept(struct ktest *t)
{
	unsigned int selection = CONSOLE_SELECT_ALL;
	const struct kernel_param param = { .name = "console", .ops = &param_ops_console,
					    .arg = &selection };
	char line[32], logged[512];
	u64 pos;

	strscpy(line, "console=vga", sizeof(line));
	pos = log_buf_pos();
	KEXPECT_EQ(t, parse_params_table(line, &param, 1), 1);
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_EQ(t, selection, CONSOLE_SELECT_ALL);
	KEXPECT_NOT_NULL(t, strstr(logged, "bad value \"vga\" for console="));
	KEXPECT_NOT_NULL(t, strstr(logged, "serial, screen or both"));
	strscpy(line, "console=serial", sizeof(line));
	KEXPECT_EQ(t, parse_params_table(line, &param, 1), 0);
	KEXPECT_EQ(t, selection, CONSOLE_SELECT_SERIAL);
}

/* A console that records what printk gives it. */
static struct recording {
	char text[256];
	size_t len;
	int levels[8];
	unsigned int nr_levels;
} rec;

static void rec_write(struct console *con, const char *s, size_t len)
{
	if (rec.len + len < sizeof(rec.text)) {
		memcpy(rec.text + rec.len, s, len);
		rec.len += len;
	}
}

static void rec_set_level(struct console *con, int level)
{
	if (rec.nr_levels < ARRAY_SIZE(rec.levels))
		rec.levels[rec.nr_levels++] = level;
}

static void printk_gives_enabled_consoles_the_level_of_each_line(struct ktest *t)
{
	struct console con = { .name = "ttyS7", .write = rec_write, .set_level = rec_set_level };

	register_console(&con);		/* the log replayed: of no known level */
	KEXPECT_TRUE(t, con.flags & CON_ENABLED);
	memset(&rec, 0, sizeof(rec));
	pr_warn("select test: one\ntwo\n");
	console_write_text("shell\n", 6);
	con.flags &= ~CON_ENABLED;
	pr_warn("select test: not shown\n");
	unregister_console(&con);
	rec.text[rec.len] = '\0';
	KEXPECT_NOT_NULL(t, strstr(rec.text, "select test: one\n"));
	KEXPECT_NOT_NULL(t, strstr(rec.text, "two\nshell\n"));
	KEXPECT_NULL(t, strstr(rec.text, "not shown"));
	KASSERT_EQ(t, rec.nr_levels, 3);
	KEXPECT_EQ(t, rec.levels[0], LOGLEVEL_WARNING);
	KEXPECT_EQ(t, rec.levels[1], LOGLEVEL_WARNING);	/* each line of the message */
	KEXPECT_EQ(t, rec.levels[2], CONSOLE_LEVEL_NONE);	/* the shell's text */
}

static struct ktest_case console_select_cases[] = {
	KTEST_CASE(the_three_values_are_taken),
	KTEST_CASE(anything_else_is_refused),
	KTEST_CASE(each_value_picks_its_consoles),
	KTEST_CASE(a_bad_value_is_reported_and_the_default_kept),
	KTEST_CASE(printk_gives_enabled_consoles_the_level_of_each_line),
	{}
};
static struct ktest_suite console_select_suite = {
	.name = "console_select",
	.cases = console_select_cases,
};
ktest_register_suite(console_select_suite);
