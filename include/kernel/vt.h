/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The screen console: a text terminal drawn on a display (kernel/console/vt.c,
 * docs/console.md).
 *
 * A struct vt holds the text, as Linux's drivers/tty/vt/vt.c does: a grid of
 * character cells with a cursor, the history above it (scrollback), and the
 * few escape sequences the shell sends.  Writing to it only changes memory
 * and marks rows dirty; drawing the dirty rows on the display is a separate
 * step, vt_flush(), so that printk never pays for pixels.  A struct
 * vt_display is what draws: VGA text memory or a linear framebuffer
 * (arch/x86_64/video/), or a memory buffer in the tests.
 */
#ifndef _KERNEL_VT_H
#define _KERNEL_VT_H

#include <kernel/console.h>
#include <kernel/spinlock.h>
#include <lib/types.h>

struct task_struct;

/* One character cell, laid out as VGA text memory holds it. */
struct vt_cell {
	u8 ch;
	u8 attr;	/* VT_ATTR(): foreground in bits 0-3, background in 4-7 */
};
_Static_assert(sizeof(struct vt_cell) == 2, "a cell is VGA's 16-bit character");

/* The 16 colours of the VGA text palette. */
enum vt_color {
	VT_BLACK, VT_BLUE, VT_GREEN, VT_CYAN, VT_RED, VT_MAGENTA, VT_BROWN, VT_LIGHT_GREY,
	VT_DARK_GREY, VT_LIGHT_BLUE, VT_LIGHT_GREEN, VT_LIGHT_CYAN, VT_LIGHT_RED,
	VT_LIGHT_MAGENTA, VT_YELLOW, VT_WHITE,
};
#define VT_ATTR(fg, bg)		((u8)((bg) << 4 | (fg)))
#define VT_ATTR_FG(attr)	((attr) & 0xf)
#define VT_ATTR_BG(attr)	((attr) >> 4)
#define VT_ATTR_DEFAULT		VT_ATTR(VT_LIGHT_GREY, VT_BLACK)

/* The largest grid a display may have; a bigger screen uses its top left. */
#define VT_MAX_COLS	240	/* 1920 pixels of 8 */
#define VT_MAX_ROWS	100	/* 1600 pixels of 16 */

/*
 * What draws.  Called with the vt's draw_lock held (or, during a panic,
 * by the only CPU left), never concurrently; may be slow, must not sleep
 * or print.
 */
struct vt_display {
	const char *name;
	unsigned int cols, rows;	/* of text cells */
	/* Draws the @cols cells of text row @row. */
	void (*draw_row)(struct vt_display *d, unsigned int row, const struct vt_cell *cells);
	/*
	 * Optional: moves text rows [@from, @from + @count) to start at row
	 * @to (scrolling); the rows left behind are drawn next.  Without it
	 * every row that scrolled is drawn again.
	 */
	void (*move_rows)(struct vt_display *d, unsigned int to, unsigned int from,
			  unsigned int count);
	/*
	 * Optional: a hardware cursor, shown at (@row, @col), or hidden when
	 * @row is negative.  Without it the vt draws the cursor's cell with
	 * its colours swapped.
	 */
	void (*set_cursor)(struct vt_display *d, int row, int col);
};

#define VT_ESC_MAX_PARAMS 4

struct vt {
	/* The text, the cursor, the escape parser and the view: */
	spinlock_t lock;
	/* The display: held while drawing, taken before lock. */
	spinlock_t draw_lock;
	struct vt_display *display;
	unsigned int cols, rows;	/* the display's, at most VT_MAX_* */

	/* Under lock: */
	struct vt_cell *cells;		/* ring_rows rows of cols cells */
	u8 *dirty;			/* per ring row: changed since drawn */
	unsigned int ring_rows;		/* the screen and its history */
	u64 top;			/* line number of the screen's first row */
	unsigned int x, y;		/* the cursor, on the screen */
	bool need_wrap;			/* the last column was written: wrap first */
	u8 attr;			/* of the next character */
	u8 level_attr;			/* the colour of the current kernel message */
	bool urgent;			/* the current message is LOGLEVEL_ERR or worse */
	bool sync;			/* an urgent line ended: draw before returning */
	unsigned int esc;		/* where we are in an escape sequence */
	unsigned int params[VT_ESC_MAX_PARAMS], nr_params;
	unsigned int scrollback;	/* lines the view is above the screen */
	bool pending;			/* text not drawn yet; read locklessly by vt_tick() */
	/* Lockless: a flush found draw_lock taken (see vt_flush()). */
	bool flush_wanted;

	/* Under draw_lock: */
	u64 drawn_top;			/* the line at the display's first row */
	bool drawn;			/* the display has been drawn once */
	struct vt_cell row_buf[VT_MAX_COLS];

	struct task_struct *printer;	/* draws the deferred text; set once */
	struct console console;
};

/*
 * vt_init() - set up @vt on @display with @nr_cells cells of storage
 * @cells and @dirty: storage; @dirty needs one byte per
 * @nr_cells / display->cols rows, which must be at least display->rows
 *
 * The text starts blank, in the default colours; nothing is drawn until
 * the first vt_flush(), which draws every row.
 */
void vt_init(struct vt *vt, struct vt_display *display, struct vt_cell *cells, u8 *dirty,
	     size_t nr_cells);

/*
 * Writes @len bytes to the text: printable ASCII, \n (a new line), \r, \b,
 * \t, and the escape sequences ESC [ n A/B/C/D (cursor moves),
 * ESC [ r;c H (position), ESC [ n J / K (erase screen / line) and
 * ESC [ n;... m (colours).  Returns the view to the live screen.  Draws
 * nothing.  Context: any; takes vt->lock with interrupts off.
 */
void vt_write(struct vt *vt, const char *s, size_t len);

/*
 * The printk level (0..7) of the kernel message that follows, or
 * CONSOLE_LEVEL_NONE: its colours, and for LOGLEVEL_ERR and more urgent,
 * a flush as soon as its line ends.  Context: any.
 */
void vt_set_level(struct vt *vt, int level);

/*
 * vt_flush() - draw what changed since the last flush
 * @vt: the terminal
 * @force: draw even if another CPU is drawing (the panic path: that CPU
 *	   is being stopped), and then every row, which it may have left
 *	   half drawn
 *
 * Draws the rows that changed, after moving the display's rows when the
 * text scrolled (vt_display.move_rows), and the cursor.  Without @force,
 * returns at once if another CPU is drawing: that CPU draws once more
 * before it lets go of the display, so it draws this text too.
 * Context: any; takes draw_lock, then vt->lock row by row.
 */
void vt_flush(struct vt *vt, bool force);

/*
 * Moves the view @lines up into the history (negative: down); 0 returns
 * to the live screen.  Output returns to it too.  Context: any.
 */
void vt_scroll_view(struct vt *vt, int lines);

/* The cell at (@row, @col) of the live screen, for the tests.  Context: any. */
struct vt_cell vt_cell_at(struct vt *vt, unsigned int row, unsigned int col);

/*
 * The screen console (vt_console.c): registers a printk console "tty0"
 * drawing on @display (boot, once).  Return: 0, or -EBUSY if there is one.
 */
int vt_console_register(struct vt_display *display);
/*
 * Starts the screen console's printer thread ("pr/tty0"), which draws
 * deferred text; until then every write draws at once.  Process context,
 * once kthreadd runs.
 */
void vt_console_start_printer(void);
/* The tick (hard interrupt): wakes the printer if text waits.  Any CPU. */
void vt_console_tick(void);
/*
 * Scrolls the screen console's view half a screen back into the history
 * (@direction 1, Shift+PgUp) or forward (-1, Shift+PgDn); nothing without
 * a screen console.  Context: any.
 */
void vt_console_scroll_view(int direction);
/* The screen console, or NULL: for the tests. */
struct vt *vt_console(void);

#endif /* _KERNEL_VT_H */
