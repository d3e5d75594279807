// SPDX-License-Identifier: GPL-2.0
/*
 * printk: levels against console_loglevel, timestamps on every line, the
 * log buffer and its wrap-around, console registration.
 */
#include <kernel/console.h>
#include <kernel/cpumask.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <lib/string.h>

#define CAPTURE_MAX 2048

/* A console that remembers what it was given. */
static struct capture {
	struct console con;
	char text[CAPTURE_MAX];
	size_t len;
} capture;

static void capture_write(struct console *con, const char *s, size_t len)
{
	struct capture *c = container_of(con, struct capture, con);

	while (len-- && c->len < CAPTURE_MAX - 1)
		c->text[c->len++] = *s++;
	c->text[c->len] = '\0';
}

static int saved_loglevel;

static int printk_init(struct ktest *t)
{
	saved_loglevel = console_loglevel;
	capture.con.name = "capture";
	capture.con.write = capture_write;
	register_console(&capture.con);
	capture.len = 0;		/* forget the replay of the log buffer */
	capture.text[0] = '\0';
	return 0;
}

static void printk_exit(struct ktest *t)
{
	unregister_console(&capture.con);
	console_loglevel = saved_loglevel;
}

static void message_below_loglevel_reaches_consoles(struct ktest *t)
{
	console_loglevel = 4;
	pr_err("ktest-printk-err\n");		/* level 3 < 4 */
	KEXPECT_NOT_NULL(t, strstr(capture.text, "ktest-printk-err"));
}

static void message_at_loglevel_is_only_logged(struct ktest *t)
{
	u64 pos = log_buf_pos();
	char logged[256];

	console_loglevel = 4;
	pr_warn("ktest-printk-warn\n");		/* level 4 is not < 4 */
	pr_info("ktest-printk-info\n");
	KEXPECT_NULL(t, strstr(capture.text, "ktest-printk-warn"));
	KEXPECT_NULL(t, strstr(capture.text, "ktest-printk-info"));
	log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_NOT_NULL(t, strstr(logged, "ktest-printk-warn"));
	KEXPECT_NOT_NULL(t, strstr(logged, "ktest-printk-info"));
}

static void message_without_level_uses_the_default(struct ktest *t)
{
	console_loglevel = LOGLEVEL_DEFAULT + 1;
	printk("ktest-printk-default\n");
	KEXPECT_NOT_NULL(t, strstr(capture.text, "ktest-printk-default"));
	capture.len = 0;
	capture.text[0] = '\0';
	console_loglevel = LOGLEVEL_DEFAULT;
	printk("ktest-printk-default\n");
	KEXPECT_EQ(t, capture.len, 0);
}

/* "[    1.234567] " on each line: 1 + 5 + 1 + 6 + 1 + 1 characters. */
#define TIMESTAMP_LEN 15

/* The timestamp, then "[CPUn] " once several CPUs are online. */
static size_t prefix_len(void)
{
	return TIMESTAMP_LEN + (num_online_cpus() > 1 ? strlen("[CPU0] ") : 0);
}

static bool has_cpu_tag(const char *line)
{
	if (num_online_cpus() == 1)
		return line[TIMESTAMP_LEN] != '[';
	return !strncmp(line + TIMESTAMP_LEN, "[CPU0] ", 7);
}

static bool has_timestamp(const char *line)
{
	int i;

	if (line[0] != '[' || line[6] != '.' || line[13] != ']' || line[14] != ' ')
		return false;
	for (i = 7; i < 13; i++) {
		if (line[i] < '0' || line[i] > '9')
			return false;
	}
	return true;
}

static void every_line_gets_a_timestamp_and_cpu_tag(struct ktest *t)
{
	const char *second;

	console_loglevel = CONSOLE_LOGLEVEL_MAX;
	pr_info("first line\nsecond line\n");
	KEXPECT_TRUE(t, has_timestamp(capture.text));
	KEXPECT_TRUE(t, has_cpu_tag(capture.text));
	KEXPECT_EQ(t, strncmp(capture.text + prefix_len(), "first line\n", 11), 0);
	second = strstr(capture.text, "\n");
	KASSERT_NOT_NULL(t, second);
	KEXPECT_TRUE(t, has_timestamp(second + 1));
	KEXPECT_TRUE(t, has_cpu_tag(second + 1));
	KEXPECT_EQ(t, strncmp(second + 1 + prefix_len(), "second line\n", 12), 0);
}

static void log_buf_copy_returns_text_since_a_position(struct ktest *t)
{
	char logged[128];
	u64 pos;
	size_t n;

	pos = log_buf_pos();
	pr_info("ktest-marker\n");
	n = log_buf_copy(pos, logged, sizeof(logged));
	KEXPECT_EQ(t, n, prefix_len() + strlen("ktest-marker\n"));
	KEXPECT_EQ(t, log_buf_pos(), pos + n);
	KEXPECT_STREQ(t, logged + prefix_len(), "ktest-marker\n");
}

static void log_buf_keeps_the_newest_bytes_when_it_wraps(struct ktest *t)
{
	static char logged[LOG_BUF_LEN + 1];
	u64 start = log_buf_pos();
	int i;

	console_loglevel = 0;	/* keep the flood off the serial port */
	for (i = 0; i < 1200; i++)
		pr_info("ktest-wrap line %04d padded to make the buffer wrap soon\n", i);
	pr_info("ktest-wrap-last\n");
	KASSERT_GT(t, log_buf_pos() - start, LOG_BUF_LEN);

	/* Asking for the overwritten start gives the oldest bytes still kept. */
	KEXPECT_EQ(t, log_buf_copy(start, logged, sizeof(logged)), LOG_BUF_LEN);
	KEXPECT_NULL(t, strstr(logged, "ktest-wrap line 0000 "));
	KEXPECT_NOT_NULL(t, strstr(logged, "ktest-wrap line 1199 "));
	KEXPECT_NOT_NULL(t, strstr(logged, "ktest-wrap-last\n"));
}

static void register_console_replays_the_log(struct ktest *t)
{
	static struct capture late;
	static char oldest[CAPTURE_MAX];

	late.con.name = "late";
	late.con.write = capture_write;
	register_console(&late.con);
	unregister_console(&late.con);
	/* The replay starts with the oldest bytes the log buffer still holds. */
	log_buf_copy(0, oldest, sizeof(oldest));
	KEXPECT_EQ(t, late.len, CAPTURE_MAX - 1);
	KEXPECT_EQ(t, memcmp(late.text, oldest, CAPTURE_MAX - 1), 0);
	pr_info("ktest-after-unregistration\n");
	KEXPECT_NULL(t, strstr(late.text, "ktest-after-unregistration"));
}

static struct ktest_case printk_cases[] = {
	KTEST_CASE(message_below_loglevel_reaches_consoles),
	KTEST_CASE(message_at_loglevel_is_only_logged),
	KTEST_CASE(message_without_level_uses_the_default),
	KTEST_CASE(every_line_gets_a_timestamp_and_cpu_tag),
	KTEST_CASE(log_buf_copy_returns_text_since_a_position),
	KTEST_CASE(log_buf_keeps_the_newest_bytes_when_it_wraps),
	KTEST_CASE(register_console_replays_the_log),
	{}
};
static struct ktest_suite printk_suite = {
	.name = "printk",
	.cases = printk_cases,
	.init = printk_init,
	.exit = printk_exit,
};
ktest_register_suite(printk_suite);
