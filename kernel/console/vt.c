// SPDX-License-Identifier: GPL-2.0
/*
 * A text terminal in memory, drawn on a display (include/kernel/vt.h).
 *
 * The text is a ring of rows: the last @rows of them are the screen, the
 * ones before are the history that Shift+PgUp shows.  A new line at the
 * bottom only advances @top and blanks the oldest row of the ring, so
 * scrolling costs one row, not a screen.  Each row has a dirty flag; the
 * display learns of a scroll when it is next drawn, from @top having moved
 * since (@drawn_top), and moves its rows once for all the lines that
 * scrolled meanwhile.  So a burst of a thousand lines costs a thousand
 * rows of memory writes and one redraw, not a thousand redraws.
 *
 * Two locks: vt->lock guards the text and is held only for memory writes;
 * draw_lock guards the display and is held for the whole of a flush, which
 * takes vt->lock for each row it copies out.  So a writer (printk) never
 * waits for pixels, only for a row copy.
 */
#include <asm/barrier.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/vt.h>
#include <lib/string.h>

enum {
	ESC_NONE,	/* plain text */
	ESC_START,	/* after ESC */
	ESC_CSI,	/* after ESC [ : parameters, then the final byte */
};

/* Colours of the kernel's messages by level, as a person scans them. */
static const u8 level_attrs[] = {
	[LOGLEVEL_EMERG] = VT_ATTR(VT_WHITE, VT_RED),
	[LOGLEVEL_ALERT] = VT_ATTR(VT_WHITE, VT_RED),
	[LOGLEVEL_CRIT] = VT_ATTR(VT_WHITE, VT_RED),
	[LOGLEVEL_ERR] = VT_ATTR(VT_LIGHT_RED, VT_BLACK),
	[LOGLEVEL_WARNING] = VT_ATTR(VT_YELLOW, VT_BLACK),
	[LOGLEVEL_NOTICE] = VT_ATTR(VT_WHITE, VT_BLACK),
	[LOGLEVEL_INFO] = VT_ATTR_DEFAULT,
	[LOGLEVEL_DEBUG] = VT_ATTR(VT_DARK_GREY, VT_BLACK),
};

/* ANSI colour numbers (SGR 30-37) are RGB bits; VGA's are BGR. */
static const u8 ansi_to_vga[8] = {
	VT_BLACK, VT_RED, VT_GREEN, VT_BROWN, VT_BLUE, VT_MAGENTA, VT_CYAN, VT_LIGHT_GREY,
};

static bool locks_busted(void)
{
	return READ_ONCE(panic_in_progress) || READ_ONCE(oops_in_progress);
}

/*
 * Takes vt->lock; after a panic or an oops only tries it, as printk does,
 * since a CPU stopped while holding it never gives it back.  Return:
 * whether it was taken, for unlock_text().
 */
static bool lock_text(struct vt *vt, unsigned long *flags)
{
	if (!locks_busted()) {
		spin_lock_irqsave(&vt->lock, *flags);
		return true;
	}
	if (spin_trylock_irqsave(&vt->lock, *flags))
		return true;
	*flags = arch_local_irq_save();
	return false;
}

static void unlock_text(struct vt *vt, bool locked, unsigned long flags)
{
	if (locked)
		spin_unlock_irqrestore(&vt->lock, flags);
	else
		arch_local_irq_restore(flags);
}

/* The cells of line @line (absolute) in the ring.  Under vt->lock. */
static struct vt_cell *line_cells(struct vt *vt, u64 line)
{
	return vt->cells + (line % vt->ring_rows) * vt->cols;
}

static void mark_line(struct vt *vt, u64 line)
{
	vt->dirty[line % vt->ring_rows] = 1;
}

static void clear_cells(struct vt_cell *cell, unsigned int n, u8 attr)
{
	while (n--)
		*cell++ = (struct vt_cell){ ' ', attr };
}

static void erase_in_row(struct vt *vt, unsigned int y, unsigned int from, unsigned int to)
{
	clear_cells(line_cells(vt, vt->top + y) + from, to - from, VT_ATTR_BG(vt->attr) << 4);
	mark_line(vt, vt->top + y);
}

void vt_init(struct vt *vt, struct vt_display *display, struct vt_cell *cells, u8 *dirty,
	     size_t nr_cells)
{
	memset(vt, 0, offsetof(struct vt, console));
	spin_lock_init(&vt->lock);
	spin_lock_init(&vt->draw_lock);
	vt->display = display;
	vt->cols = display->cols < VT_MAX_COLS ? display->cols : VT_MAX_COLS;
	vt->rows = display->rows < VT_MAX_ROWS ? display->rows : VT_MAX_ROWS;
	vt->cells = cells;
	vt->dirty = dirty;
	vt->ring_rows = nr_cells / vt->cols;
	vt->attr = vt->level_attr = VT_ATTR_DEFAULT;
	clear_cells(cells, vt->ring_rows * vt->cols, VT_ATTR_DEFAULT);
	memset(dirty, 1, vt->ring_rows);
}

/* Moves the cursor; its old and new rows are drawn again. */
static void move_cursor(struct vt *vt, int x, int y)
{
	mark_line(vt, vt->top + vt->y);
	vt->x = x < 0 ? 0 : (unsigned int)x >= vt->cols ? vt->cols - 1 : (unsigned int)x;
	vt->y = y < 0 ? 0 : (unsigned int)y >= vt->rows ? vt->rows - 1 : (unsigned int)y;
	vt->need_wrap = false;
	mark_line(vt, vt->top + vt->y);
}

/* Down one line; at the bottom, the screen scrolls: the oldest line goes. */
static void line_feed(struct vt *vt)
{
	if (vt->y + 1 < vt->rows) {
		move_cursor(vt, vt->x, vt->y + 1);
		return;
	}
	mark_line(vt, vt->top + vt->y);
	vt->top++;
	erase_in_row(vt, vt->rows - 1, 0, vt->cols);
}

static void put_char(struct vt *vt, char c)
{
	if (vt->need_wrap) {
		line_feed(vt);
		vt->x = 0;
		vt->need_wrap = false;
	}
	line_cells(vt, vt->top + vt->y)[vt->x] = (struct vt_cell){ c, vt->attr };
	mark_line(vt, vt->top + vt->y);
	/* As xterm: the cursor stays on the last column until the next character. */
	if (vt->x + 1 < vt->cols)
		vt->x++;
	else
		vt->need_wrap = true;
}

static unsigned int param(struct vt *vt, unsigned int i, unsigned int dflt)
{
	return i < vt->nr_params && vt->params[i] ? vt->params[i] : dflt;
}

/* ESC [ n J: 0 from the cursor on, 1 up to it, 2 all of the screen. */
static void erase_display(struct vt *vt, unsigned int how)
{
	unsigned int y;

	for (y = 0; y < vt->rows; y++) {
		if (how == 2 || (how == 0 && y > vt->y) || (how == 1 && y < vt->y))
			erase_in_row(vt, y, 0, vt->cols);
	}
	if (how == 0)
		erase_in_row(vt, vt->y, vt->x, vt->cols);
	else if (how == 1)
		erase_in_row(vt, vt->y, 0, vt->x + 1);
}

/* ESC [ n K: 0 from the cursor to the end of the line, 1 up to it, 2 all of it. */
static void erase_line(struct vt *vt, unsigned int how)
{
	if (how == 0)
		erase_in_row(vt, vt->y, vt->x, vt->cols);
	else if (how == 1)
		erase_in_row(vt, vt->y, 0, vt->x + 1);
	else if (how == 2)
		erase_in_row(vt, vt->y, 0, vt->cols);
}

/* ESC [ ... m: the colours; unknown numbers are ignored. */
static void select_graphic_rendition(struct vt *vt)
{
	unsigned int i;

	for (i = 0; i < (vt->nr_params ? vt->nr_params : 1); i++) {
		unsigned int p = i < vt->nr_params ? vt->params[i] : 0;
		u8 fg = VT_ATTR_FG(vt->attr), bg = VT_ATTR_BG(vt->attr);

		if (p == 0)
			fg = VT_ATTR_FG(vt->level_attr), bg = VT_ATTR_BG(vt->level_attr);
		else if (p == 1)
			fg |= 8;
		else if (p >= 30 && p <= 37)
			fg = ansi_to_vga[p - 30] | (fg & 8);
		else if (p >= 40 && p <= 47)
			bg = ansi_to_vga[p - 40];
		else if (p >= 90 && p <= 97)
			fg = ansi_to_vga[p - 90] | 8;
		vt->attr = VT_ATTR(fg, bg);
	}
}

static void csi_final(struct vt *vt, char c)
{
	int x = vt->x, y = vt->y, n = param(vt, 0, 1);

	switch (c) {
	case 'A':
		move_cursor(vt, x, y - n);
		break;
	case 'B':
		move_cursor(vt, x, y + n);
		break;
	case 'C':
		move_cursor(vt, x + n, y);
		break;
	case 'D':
		move_cursor(vt, x - n, y);
		break;
	case 'H':
	case 'f':
		move_cursor(vt, param(vt, 1, 1) - 1, n - 1);
		break;
	case 'J':
		erase_display(vt, param(vt, 0, 0));
		break;
	case 'K':
		erase_line(vt, param(vt, 0, 0));
		break;
	case 'm':
		select_graphic_rendition(vt);
		break;
	default:
		break;	/* not one we know: ignored, as a terminal does */
	}
}

/* One byte of an escape sequence. */
static void escape_byte(struct vt *vt, char c)
{
	if (vt->esc == ESC_START) {
		vt->esc = c == '[' ? ESC_CSI : ESC_NONE;
		vt->nr_params = 0;
		vt->params[0] = 0;
		return;
	}
	if (c >= '0' && c <= '9') {
		if (!vt->nr_params)
			vt->nr_params = 1;
		if (vt->nr_params <= VT_ESC_MAX_PARAMS) {
			unsigned int *p = &vt->params[vt->nr_params - 1];

			*p = *p < 10000 ? *p * 10 + (c - '0') : *p;
		}
	} else if (c == ';') {
		if (!vt->nr_params)
			vt->nr_params = 1;
		if (vt->nr_params < VT_ESC_MAX_PARAMS)
			vt->params[vt->nr_params] = 0;
		vt->nr_params++;
	} else if (c >= 0x40 && c <= 0x7e) {
		if (vt->nr_params > VT_ESC_MAX_PARAMS)
			vt->nr_params = VT_ESC_MAX_PARAMS;
		csi_final(vt, c);
		vt->esc = ESC_NONE;
	} else if (c < 0x20 || c > 0x3f) {
		vt->esc = ESC_NONE;	/* not a CSI sequence after all */
	}
}

static void write_byte(struct vt *vt, char c)
{
	if (vt->esc) {
		escape_byte(vt, c);
		return;
	}
	switch (c) {
	case '\n':	/* the kernel's newline: to the start of the next line */
		line_feed(vt);
		fallthrough;
	case '\r':
		move_cursor(vt, 0, vt->y);
		if (c == '\n' && vt->urgent)
			vt->sync = true;
		break;
	case '\b':
		move_cursor(vt, vt->x - 1, vt->y);
		break;
	case '\t':
		move_cursor(vt, (vt->x | 7) + 1, vt->y);
		break;
	case '\x1b':
		vt->esc = ESC_START;
		break;
	default:
		if ((unsigned char)c >= ' ')
			put_char(vt, c);
		break;	/* other control characters show nothing */
	}
}

void vt_write(struct vt *vt, const char *s, size_t len)
{
	unsigned long flags;
	bool locked = lock_text(vt, &flags);

	vt->scrollback = 0;
	while (len--)
		write_byte(vt, *s++);
	WRITE_ONCE(vt->pending, true);
	unlock_text(vt, locked, flags);
}

void vt_set_level(struct vt *vt, int level)
{
	unsigned long flags;
	bool locked = lock_text(vt, &flags);

	if (level >= 0 && level < (int)ARRAY_SIZE(level_attrs))
		vt->level_attr = level_attrs[level];
	else
		vt->level_attr = VT_ATTR_DEFAULT;
	vt->urgent = level >= 0 && level <= LOGLEVEL_ERR;
	vt->attr = vt->level_attr;
	unlock_text(vt, locked, flags);
}

/*
 * Under draw_lock and vt->lock: marks what the display lacks of the view.
 * Return: by how many rows the display's rows must move up (negative:
 * down) before the dirty rows are drawn.
 */
static int plan_pass(struct vt *vt, bool redraw)
{
	u64 view = vt->top - vt->scrollback;
	s64 delta = (s64)(view - vt->drawn_top);
	unsigned int y, rows = vt->rows;
	int move = 0;

	if (!vt->drawn || redraw || (delta && !vt->display->move_rows) ||
	    delta >= rows || -delta >= rows) {
		for (y = 0; y < rows; y++)
			mark_line(vt, view + y);
	} else if (delta > 0) {
		move = delta;	/* lines came in at the bottom */
		for (y = rows - move; y < rows; y++)
			mark_line(vt, view + y);
	} else if (delta < 0) {
		move = delta;	/* the view went back into the history */
		for (y = 0; y < (unsigned int)-move; y++)
			mark_line(vt, view + y);
	}
	if (delta)
		mark_line(vt, vt->top + vt->y);	/* a drawn cursor moved with its row */
	vt->drawn = true;
	vt->drawn_top = view;
	return move;
}

/*
 * Under draw_lock and vt->lock: copies row @y of the view into row_buf if
 * it needs drawing, with the cursor shown as swapped colours.
 */
static bool copy_dirty_row(struct vt *vt, unsigned int y)
{
	u64 line = vt->drawn_top + y;
	struct vt_cell *cursor = &vt->row_buf[vt->x];

	if (!vt->dirty[line % vt->ring_rows])
		return false;
	vt->dirty[line % vt->ring_rows] = 0;
	memcpy(vt->row_buf, line_cells(vt, line), vt->cols * sizeof(struct vt_cell));
	if (!vt->display->set_cursor && !vt->scrollback && line == vt->top + vt->y)
		cursor->attr = VT_ATTR(VT_ATTR_BG(cursor->attr), VT_ATTR_FG(cursor->attr));
	return true;
}

/*
 * One pass over the view.  Return: false if the view moved meanwhile
 * (lines came in): the caller starts another pass.
 */
static bool draw_pass(struct vt *vt, bool redraw)
{
	struct vt_display *d = vt->display;
	unsigned long flags;
	unsigned int y;
	bool locked, draw;
	int move;

	locked = lock_text(vt, &flags);
	move = plan_pass(vt, redraw);
	unlock_text(vt, locked, flags);
	if (move > 0)
		d->move_rows(d, 0, move, vt->rows - move);
	else if (move < 0)
		d->move_rows(d, -move, 0, vt->rows + move);
	for (y = 0; y < vt->rows; y++) {
		locked = lock_text(vt, &flags);
		if (vt->top - vt->scrollback != vt->drawn_top) {
			unlock_text(vt, locked, flags);
			return false;
		}
		draw = copy_dirty_row(vt, y);
		unlock_text(vt, locked, flags);
		if (draw)
			d->draw_row(d, y, vt->row_buf);
	}
	return true;
}

static void draw_cursor(struct vt *vt)
{
	struct vt_display *d = vt->display;
	unsigned long flags;
	bool locked;
	int row, col;

	if (!d->set_cursor)
		return;
	locked = lock_text(vt, &flags);
	row = vt->scrollback ? -1 : (int)vt->y;
	col = vt->x;
	unlock_text(vt, locked, flags);
	d->set_cursor(d, row, col);
}

/* Draws the changes and the cursor; draw_lock held, or a forced flush. */
static void draw_changes(struct vt *vt, bool redraw)
{
	while (!draw_pass(vt, redraw))
		redraw = false;
	draw_cursor(vt);
}

/*
 * The hand-over between a flush that finds draw_lock taken and the CPU
 * holding it, as printk's console_unlock() rechecks for records added
 * while it printed: a flush first sets flush_wanted, then tries the lock;
 * the holder clears flush_wanted before each round of drawing and looks at
 * it again after letting go.  Either the trylock succeeds, or the holder's
 * look comes after the store and it draws once more, so a line written
 * into a row the holder had already passed is never left undrawn.
 */
void vt_flush(struct vt *vt, bool force)
{
	unsigned long flags;

	WRITE_ONCE(vt->flush_wanted, true);
	smp_mb(); /* the request before the try: pairs with the holder's */
	if (!spin_trylock_irqsave(&vt->draw_lock, flags)) {
		if (!force)
			return; /* the holder draws again once it lets go */
		/* It is being stopped, maybe in the middle of a row: draw them all. */
		flags = arch_local_irq_save();
		draw_changes(vt, true);
		arch_local_irq_restore(flags);
		return;
	}
	do {
		WRITE_ONCE(vt->flush_wanted, false);
		smp_mb(); /* cleared before the text is read */
		draw_changes(vt, false);
		spin_unlock_irqrestore(&vt->draw_lock, flags);
		smp_mb(); /* let go, then look for a request */
	} while (READ_ONCE(vt->flush_wanted) && spin_trylock_irqsave(&vt->draw_lock, flags));
}

void vt_scroll_view(struct vt *vt, int lines)
{
	unsigned long flags;
	bool locked = lock_text(vt, &flags);
	u64 history = vt->top < vt->ring_rows - vt->rows ? vt->top : vt->ring_rows - vt->rows;
	s64 back = lines ? (s64)vt->scrollback + lines : 0;

	if (back < 0)
		back = 0;
	vt->scrollback = (u64)back > history ? history : (u64)back;
	WRITE_ONCE(vt->pending, true);
	unlock_text(vt, locked, flags);
}

struct vt_cell vt_cell_at(struct vt *vt, unsigned int row, unsigned int col)
{
	unsigned long flags;
	bool locked = lock_text(vt, &flags);
	struct vt_cell cell = line_cells(vt, vt->top + row)[col];

	unlock_text(vt, locked, flags);
	return cell;
}
