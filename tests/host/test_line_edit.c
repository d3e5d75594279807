// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/line_edit.c and lib/line_history.c: what the line holds
 * after a sequence of keys, and what the echo shows on a VT100 screen.
 */
#include <string.h>

#include <lib/line_edit.h>
#include <lib/vsprintf.h>

#include "harness.h"

struct screen {
	char out[4096];
	size_t len;
};

static void capture(void *ctx, const char *s, size_t len)
{
	struct screen *scr = ctx;

	if (scr->len + len < sizeof(scr->out)) {
		memcpy(scr->out + scr->len, s, len);
		scr->len += len;
		scr->out[scr->len] = '\0';
	}
}

/* Feeds @keys; returns the status after the last one. */
static enum line_edit_status type(struct line_editor *ed, const char *keys)
{
	enum line_edit_status st = LINE_EDIT_MORE;

	while (*keys)
		st = line_edit_feed(ed, *keys++);
	return st;
}

static struct screen scr;
static struct line_history hist;
static struct line_editor ed;

static void setup(bool with_history)
{
	memset(&scr, 0, sizeof(scr));
	memset(&hist, 0, sizeof(hist));
	line_edit_init(&ed, with_history ? &hist : NULL, capture, &scr);
}

HOST_TEST(line_edit, typed_text_is_echoed_and_enter_ends_the_line)
{
	setup(false);
	CHECK_EQ(type(&ed, "ps"), LINE_EDIT_MORE);
	CHECK_EQ(type(&ed, "\r"), LINE_EDIT_DONE);
	CHECK_STREQ(ed.buf, "ps");
	CHECK_STREQ(scr.out, "ps\n");
}

HOST_TEST(line_edit, cr_lf_is_one_enter_and_lone_lf_is_enter)
{
	setup(false);
	CHECK_EQ(type(&ed, "a\r"), LINE_EDIT_DONE);
	line_edit_reset(&ed);
	CHECK_EQ(line_edit_feed(&ed, '\n'), LINE_EDIT_MORE); /* the LF of CR LF */
	CHECK_EQ(type(&ed, "b\n"), LINE_EDIT_DONE);
	CHECK_STREQ(ed.buf, "b");
}

HOST_TEST(line_edit, backspace_and_del_remove_the_byte_before_the_cursor)
{
	setup(false);
	type(&ed, "pss\x7f");
	CHECK_STREQ(ed.buf, "ps");
	type(&ed, "\b\b\b"); /* one more than there is: nothing breaks */
	CHECK_STREQ(ed.buf, "");
	CHECK_EQ(ed.pos, 0);
}

HOST_TEST(line_edit, ctrl_u_deletes_everything_before_the_cursor)
{
	setup(false);
	type(&ed, "park 12\x1b[D\x1b[D\x15");
	CHECK_STREQ(ed.buf, "12");
	CHECK_EQ(ed.pos, 0);
}

HOST_TEST(line_edit, ctrl_c_cancels_and_says_so)
{
	setup(true);
	CHECK_EQ(type(&ed, "panic\x03"), LINE_EDIT_CANCEL);
	CHECK(strstr(scr.out, "^C\n") != NULL);
	CHECK_EQ(hist.nr, 0); /* a cancelled line is not history */
}

HOST_TEST(line_edit, arrows_move_the_cursor_and_insert_in_the_middle)
{
	setup(false);
	type(&ed, "cu 1\x1b[D\x1b[D\x1b[Dp");
	CHECK_STREQ(ed.buf, "cpu 1");
	CHECK_EQ(ed.pos, 2);
	/* The tail "u 1" was redrawn and the cursor brought back 3 columns. */
	CHECK(strstr(scr.out, "pu 1\x1b[K\x1b[3D") != NULL);
	type(&ed, "\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C"); /* past the end: stops there */
	CHECK_EQ(ed.pos, 5);
}

HOST_TEST(line_edit, home_end_and_delete_keys)
{
	setup(false);
	type(&ed, "xtop\x1b[H\x1b[3~");
	CHECK_STREQ(ed.buf, "top");
	type(&ed, "\x1b[F!");
	CHECK_STREQ(ed.buf, "top!");
	type(&ed, "\x01\x04\x05"); /* ^A, ^D, ^E */
	CHECK_STREQ(ed.buf, "op!");
	CHECK_EQ(ed.pos, 3);
}

HOST_TEST(line_edit, unknown_escape_sequences_are_ignored_whole)
{
	setup(false);
	type(&ed, "a\x1b[1;5Pb\x1bxc"); /* F1 with Ctrl; ESC x */
	CHECK_STREQ(ed.buf, "abc");
}

HOST_TEST(line_edit, control_and_eight_bit_bytes_are_not_inserted)
{
	setup(false);
	type(&ed, "a\x07\x80\xffz");
	CHECK_STREQ(ed.buf, "az");
}

HOST_TEST(line_edit, a_full_line_rings_the_bell_and_keeps_its_text)
{
	unsigned int i;

	setup(false);
	for (i = 0; i < LINE_EDIT_MAX + 10; i++)
		line_edit_feed(&ed, 'x');
	CHECK_EQ(ed.len, LINE_EDIT_MAX - 1);
	CHECK_EQ(strlen(ed.buf), LINE_EDIT_MAX - 1);
	CHECK(strchr(scr.out, '\a') != NULL);
}

HOST_TEST(line_edit, up_and_down_walk_the_history_and_keep_the_draft)
{
	setup(true);
	type(&ed, "ps\r");
	line_edit_reset(&ed);
	type(&ed, "cpus\r");
	line_edit_reset(&ed);
	type(&ed, "wor");
	type(&ed, "\x1b[A");
	CHECK_STREQ(ed.buf, "cpus");
	type(&ed, "\x1b[A");
	CHECK_STREQ(ed.buf, "ps");
	type(&ed, "\x1b[A"); /* no older line: stays */
	CHECK_STREQ(ed.buf, "ps");
	type(&ed, "\x1b[B\x1b[B");
	CHECK_STREQ(ed.buf, "wor"); /* back to the draft */
	CHECK_EQ(ed.pos, 3);
	type(&ed, "\x1b[B"); /* nothing newer than the draft */
	CHECK_STREQ(ed.buf, "wor");
}

HOST_TEST(line_edit, ctrl_l_redraws_prompt_and_line)
{
	setup(false);
	ed.prompt = "> ";
	type(&ed, "top\x1b[D");
	scr.len = 0;
	type(&ed, "\x0c");
	CHECK_STREQ(scr.out, "\n> top\x1b[1D");
}

HOST_TEST(line_history, keeps_the_newest_lines_and_drops_repeats)
{
	char line[8];
	unsigned int i;

	memset(&hist, 0, sizeof(hist));
	line_history_add(&hist, "");
	CHECK_EQ(hist.nr, 0);
	for (i = 0; i < LINE_HISTORY_LEN + 3; i++) {
		snprintf(line, sizeof(line), "l%u", i);
		line_history_add(&hist, line);
	}
	line_history_add(&hist, line); /* the same again */
	CHECK_EQ(hist.nr, LINE_HISTORY_LEN);
	CHECK_STREQ(line_history_get(&hist, 0), line);
	snprintf(line, sizeof(line), "l%u", 3);
	CHECK_STREQ(line_history_get(&hist, LINE_HISTORY_LEN - 1), line);
	CHECK(line_history_get(&hist, LINE_HISTORY_LEN) == NULL);
}
