/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A line editor for a serial terminal: the bytes a user types go in one at
 * a time, the echo that keeps the screen in step comes out through a
 * callback, and a finished line comes back.  It knows the keys a VT100-like
 * terminal sends (xterm, QEMU's -nographic console):
 *
 *	printable		insert at the cursor
 *	Backspace (^H, DEL)	delete before the cursor
 *	Delete (ESC [ 3 ~), ^D	delete at the cursor
 *	Left/Right (ESC [ D/C)	move the cursor; also ^B / ^F
 *	Home/End (ESC [ H/F)	start / end of line; also ^A / ^E
 *	^U			delete everything before the cursor
 *	^K			delete from the cursor to the end
 *	Up/Down (ESC [ A/B)	older / newer line from the history; also ^P / ^N
 *	^C			abandon the line
 *	^L			draw the line again (after other output broke it)
 *	Enter (CR or LF)	the line is done; a CR LF pair is one Enter
 *
 * The echo uses only backspace-free ANSI sequences (cursor left/right
 * "ESC [ n D/C", erase to end of line "ESC [ K"), so it is right on any
 * terminal QEMU's serial port is likely to meet.  Pure code, no locking:
 * one editor belongs to one reader.
 */
#ifndef _LIB_LINE_EDIT_H
#define _LIB_LINE_EDIT_H

#include <lib/types.h>

#define LINE_EDIT_MAX	 128 /* bytes in a line, with its NUL */
#define LINE_HISTORY_LEN 16  /* lines the history keeps */

/* The most recent lines entered, oldest dropped first. */
struct line_history {
	char lines[LINE_HISTORY_LEN][LINE_EDIT_MAX];
	unsigned int nr;     /* lines held, up to LINE_HISTORY_LEN */
	unsigned int newest; /* index of the newest line in @lines */
};

enum line_edit_status {
	LINE_EDIT_MORE,	  /* the line goes on */
	LINE_EDIT_DONE,	  /* Enter: the line is in ed->buf */
	LINE_EDIT_CANCEL, /* ^C: the line was abandoned */
};

struct line_editor {
	char buf[LINE_EDIT_MAX];
	unsigned int len;	      /* bytes in buf, without the NUL */
	unsigned int pos;	      /* the cursor, 0..len */
	unsigned int esc;	      /* where we are in an escape sequence */
	unsigned int esc_arg;	      /* the number of "ESC [ n ~" */
	bool after_cr;		      /* the last byte was CR: a LF now is part of it */
	struct line_history *history; /* NULL: no history */
	int browsing;		      /* -1, or how far back in the history we are */
	char draft[LINE_EDIT_MAX];    /* the line being typed, while browsing */
	const char *prompt;	      /* redrawn by ^L; NULL for none */
	/* Writes the echo; @len bytes of @s, no NUL. */
	void (*write)(void *ctx, const char *s, size_t len);
	void *ctx;
};

/* Sets up @ed with an empty line.  @history may be shared by several lines, not editors. */
void line_edit_init(struct line_editor *ed, struct line_history *history,
		    void (*write)(void *ctx, const char *s, size_t len), void *ctx);
/* Starts a new, empty line (after DONE or CANCEL). */
void line_edit_reset(struct line_editor *ed);
/* Takes one byte the user typed.  Return: what became of the line. */
enum line_edit_status line_edit_feed(struct line_editor *ed, char c);

/* Adds @line to @history, unless it is empty or repeats the newest line. */
void line_history_add(struct line_history *history, const char *line);
/* The line @back steps back (0: newest), or NULL if there are not that many. */
const char *line_history_get(const struct line_history *history, unsigned int back);

#endif /* _LIB_LINE_EDIT_H */
