// SPDX-License-Identifier: GPL-2.0
/*
 * A line editor for a serial terminal (include/lib/line_edit.h has the keys).
 *
 * The screen is kept in step by echoing: the editor assumes the terminal's
 * cursor sits at ed->pos within the line, and every change writes what it
 * takes to keep it so.  Changes in the middle of the line redraw its tail
 * and bring the cursor back with "ESC [ n D".
 */
#include <lib/ctype.h>
#include <lib/line_edit.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define CTRL(c) ((c)&0x1f)
#define KEY_ESC 0x1b
#define KEY_DEL 0x7f

/* Where an escape sequence has got to (ed->esc). */
enum {
	ESC_NONE,
	ESC_SEEN, /* ESC */
	ESC_CSI,  /* ESC [ (or ESC O), then digits */
};

static void echo(struct line_editor *ed, const char *s, size_t len)
{
	if (len)
		ed->write(ed->ctx, s, len);
}

static void echo_str(struct line_editor *ed, const char *s)
{
	echo(ed, s, strlen(s));
}

/* Moves the terminal's cursor @n columns left (@n < 0: right). */
static void cursor_move_left(struct line_editor *ed, int n)
{
	char seq[16];

	if (!n)
		return;
	echo(ed, seq, snprintf(seq, sizeof(seq), "\x1b[%u%c", n > 0 ? n : -n, n > 0 ? 'D' : 'C'));
}

/* Redraws from the cursor to the end, erases what was beyond, puts the cursor back. */
static void redraw_tail(struct line_editor *ed)
{
	echo(ed, ed->buf + ed->pos, ed->len - ed->pos);
	echo_str(ed, "\x1b[K");
	cursor_move_left(ed, ed->len - ed->pos);
}

/* Replaces the whole line with @text, cursor at its end. */
static void replace_line(struct line_editor *ed, const char *text)
{
	cursor_move_left(ed, ed->pos);
	strscpy(ed->buf, text, sizeof(ed->buf));
	ed->len = strlen(ed->buf);
	ed->pos = 0;
	redraw_tail(ed);
	ed->pos = ed->len;
	cursor_move_left(ed, -(int)ed->len);
}

static void insert_char(struct line_editor *ed, char c)
{
	if (ed->len >= sizeof(ed->buf) - 1) {
		echo_str(ed, "\a"); /* full: ring the bell, change nothing */
		return;
	}
	memmove(ed->buf + ed->pos + 1, ed->buf + ed->pos, ed->len - ed->pos);
	ed->buf[ed->pos] = c;
	ed->len++;
	ed->buf[ed->len] = '\0';
	echo(ed, &c, 1);
	ed->pos++;
	if (ed->pos < ed->len)
		redraw_tail(ed);
}

/* Deletes @n bytes starting at the cursor. */
static void delete_at_cursor(struct line_editor *ed, unsigned int n)
{
	if (n > ed->len - ed->pos)
		n = ed->len - ed->pos;
	if (!n)
		return;
	memmove(ed->buf + ed->pos, ed->buf + ed->pos + n, ed->len - ed->pos - n + 1);
	ed->len -= n;
	redraw_tail(ed);
}

/* Moves the cursor to @pos (0..len). */
static void move_to(struct line_editor *ed, unsigned int pos)
{
	cursor_move_left(ed, (int)ed->pos - (int)pos);
	ed->pos = pos;
}

/* Deletes the @n bytes before the cursor. */
static void delete_before_cursor(struct line_editor *ed, unsigned int n)
{
	if (n > ed->pos)
		n = ed->pos;
	if (!n)
		return;
	move_to(ed, ed->pos - n);
	delete_at_cursor(ed, n);
}

/* Up (@older) or down in the history; the line being typed is kept as a draft. */
static void browse_history(struct line_editor *ed, bool older)
{
	int next = ed->browsing + (older ? 1 : -1);
	const char *line;

	if (!ed->history || next < -1)
		return;
	if (next == -1) {
		line = ed->draft;
	} else {
		line = line_history_get(ed->history, next);
		if (!line)
			return; /* no older line */
	}
	if (ed->browsing == -1)
		strscpy(ed->draft, ed->buf, sizeof(ed->draft));
	ed->browsing = next;
	replace_line(ed, line);
}

/* The final byte of "ESC [ ..." or "ESC O ...". */
static void escape_sequence(struct line_editor *ed, char final)
{
	switch (final) {
	case 'A':
		browse_history(ed, true);
		break;
	case 'B':
		browse_history(ed, false);
		break;
	case 'C':
		if (ed->pos < ed->len)
			move_to(ed, ed->pos + 1);
		break;
	case 'D':
		if (ed->pos)
			move_to(ed, ed->pos - 1);
		break;
	case 'H':
		move_to(ed, 0);
		break;
	case 'F':
		move_to(ed, ed->len);
		break;
	case '~':
		if (ed->esc_arg == 3) /* Delete */
			delete_at_cursor(ed, 1);
		else if (ed->esc_arg == 1 || ed->esc_arg == 7) /* Home */
			move_to(ed, 0);
		else if (ed->esc_arg == 4 || ed->esc_arg == 8) /* End */
			move_to(ed, ed->len);
		break;
	default:
		break; /* a key we do not know: ignore it whole */
	}
}

/* Return: true if @c was part of an escape sequence. */
static bool feed_escape(struct line_editor *ed, char c)
{
	switch (ed->esc) {
	case ESC_SEEN:
		ed->esc = (c == '[' || c == 'O') ? ESC_CSI : ESC_NONE;
		ed->esc_arg = 0;
		return true;
	case ESC_CSI:
		if (isdigit(c)) {
			if (ed->esc_arg < 1000)
				ed->esc_arg = ed->esc_arg * 10 + (c - '0');
			return true;
		}
		if (c == ';')
			return true; /* modifiers (ESC [ 1 ; 5 C): the key still counts */
		ed->esc = ESC_NONE;
		escape_sequence(ed, c);
		return true;
	default:
		return false;
	}
}

static enum line_edit_status finish(struct line_editor *ed, enum line_edit_status status)
{
	echo_str(ed, status == LINE_EDIT_CANCEL ? "^C\n" : "\n");
	if (status == LINE_EDIT_DONE && ed->history)
		line_history_add(ed->history, ed->buf);
	return status;
}

enum line_edit_status line_edit_feed(struct line_editor *ed, char c)
{
	bool after_cr = ed->after_cr;

	ed->after_cr = c == '\r';
	if (feed_escape(ed, c))
		return LINE_EDIT_MORE;

	switch (c) {
	case '\r':
		return finish(ed, LINE_EDIT_DONE);
	case '\n':
		if (after_cr)
			return LINE_EDIT_MORE; /* the LF of a CR LF: Enter was seen */
		return finish(ed, LINE_EDIT_DONE);
	case CTRL('C'):
		return finish(ed, LINE_EDIT_CANCEL);
	case KEY_ESC:
		ed->esc = ESC_SEEN;
		break;
	case KEY_DEL:
	case CTRL('H'):
		delete_before_cursor(ed, 1);
		break;
	case CTRL('D'):
		delete_at_cursor(ed, 1);
		break;
	case CTRL('U'):
		delete_before_cursor(ed, ed->pos);
		break;
	case CTRL('K'):
		delete_at_cursor(ed, ed->len - ed->pos);
		break;
	case CTRL('A'):
		move_to(ed, 0);
		break;
	case CTRL('E'):
		move_to(ed, ed->len);
		break;
	case CTRL('B'):
		escape_sequence(ed, 'D');
		break;
	case CTRL('F'):
		escape_sequence(ed, 'C');
		break;
	case CTRL('P'):
		browse_history(ed, true);
		break;
	case CTRL('N'):
		browse_history(ed, false);
		break;
	case CTRL('L'):
		echo_str(ed, "\n");
		echo_str(ed, ed->prompt ? ed->prompt : "");
		echo(ed, ed->buf, ed->len);
		cursor_move_left(ed, ed->len - ed->pos);
		break;
	default:
		if ((unsigned char)c >= ' ' && (unsigned char)c < KEY_DEL)
			insert_char(ed, c);
		break; /* other control bytes and 8-bit bytes: ignored */
	}
	return LINE_EDIT_MORE;
}

void line_edit_reset(struct line_editor *ed)
{
	ed->buf[0] = '\0';
	ed->len = 0;
	ed->pos = 0;
	ed->esc = ESC_NONE;
	ed->browsing = -1;
	ed->draft[0] = '\0';
}

void line_edit_init(struct line_editor *ed, struct line_history *history,
		    void (*write)(void *ctx, const char *s, size_t len), void *ctx)
{
	memset(ed, 0, sizeof(*ed));
	ed->history = history;
	ed->write = write;
	ed->ctx = ctx;
	line_edit_reset(ed);
}
