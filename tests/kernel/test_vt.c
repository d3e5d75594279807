// SPDX-License-Identifier: GPL-2.0
/*
 * The screen console's terminal (kernel/console/vt.c) on a display that
 * keeps what it is told to draw in memory, so each case sees exactly what
 * a person would: the text, its colours, the cursor, the history, and how
 * many rows were drawn or moved to get there.  The last cases look at the
 * real screen console of this boot.
 */
#include <asm/barrier.h>
#include <asm/video.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/vt.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define COLS 10
#define ROWS 4
#define RING_ROWS 8	/* four lines of history */

struct mem_display {
	struct vt_display d;
	struct vt_cell screen[ROWS][COLS];
	unsigned int rows_drawn, moves;
	unsigned int last_to, last_from, last_count;
	int cursor_row, cursor_col;
};

static void mem_draw_row(struct vt_display *d, unsigned int row, const struct vt_cell *cells)
{
	struct mem_display *m = container_of(d, struct mem_display, d);

	memcpy(m->screen[row], cells, sizeof(m->screen[row]));
	m->rows_drawn++;
}

static void mem_move_rows(struct vt_display *d, unsigned int to, unsigned int from,
			  unsigned int count)
{
	struct mem_display *m = container_of(d, struct mem_display, d);

	memmove(m->screen[to], m->screen[from], count * sizeof(m->screen[0]));
	m->moves++;
	m->last_to = to;
	m->last_from = from;
	m->last_count = count;
}

static void mem_set_cursor(struct vt_display *d, int row, int col)
{
	struct mem_display *m = container_of(d, struct mem_display, d);

	m->cursor_row = row;
	m->cursor_col = col;
}

struct vt_fixture {
	struct vt vt;
	struct mem_display m;
	struct vt_cell cells[RING_ROWS * COLS];
	u8 dirty[RING_ROWS];
};

static struct vt_fixture fixture;

static int vt_test_init(struct ktest *t)
{
	struct vt_fixture *f = &fixture;

	memset(&f->m, 0, sizeof(f->m));
	f->m.d = (struct vt_display){
		.name = "memory",
		.cols = COLS,
		.rows = ROWS,
		.draw_row = mem_draw_row,
		.move_rows = mem_move_rows,
		.set_cursor = mem_set_cursor,
	};
	vt_init(&f->vt, &f->m.d, f->cells, f->dirty, ARRAY_SIZE(f->cells));
	t->priv = f;
	return 0;
}

static void put(struct vt *vt, const char *s)
{
	vt_write(vt, s, strlen(s));
}

/* Row @row of what the display shows, trailing blanks cut. */
static const char *shown(struct vt_fixture *f, unsigned int row)
{
	static char text[COLS + 1];
	int i;

	for (i = 0; i < COLS; i++)
		text[i] = f->m.screen[row][i].ch;
	for (i = COLS; i > 0 && text[i - 1] == ' '; i--)
		;
	text[i] = '\0';
	return text;
}

static void text_appears_where_the_cursor_is(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "ab\ncd");
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "ab");
	KEXPECT_STREQ(t, shown(f, 1), "cd");
	KEXPECT_EQ(t, f->m.cursor_row, 1);
	KEXPECT_EQ(t, f->m.cursor_col, 2);
	KEXPECT_EQ(t, f->m.screen[0][0].attr, VT_ATTR_DEFAULT);
}

/* As xterm: a full line leaves the cursor on it until the next character. */
static void a_full_line_wraps_at_the_next_character(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "0123456789");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.cursor_row, 0);
	KEXPECT_EQ(t, f->m.cursor_col, COLS - 1);
	put(&f->vt, "x");
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "0123456789");
	KEXPECT_STREQ(t, shown(f, 1), "x");
}

static void control_characters_move_the_cursor(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "abc\rX\tY\bZ\a");
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "Xbc     Z");
	KEXPECT_EQ(t, f->m.cursor_col, 9);
}

static void escape_sequences_move_erase_and_colour(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "abcdef\x1b[3D\x1b[K");	/* the line editor's erase */
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "abc");
	KEXPECT_EQ(t, f->m.cursor_col, 3);
	put(&f->vt, "\x1b[2;5Hx\x1b[A\x1b[2Cy");
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 1), "    x");
	KEXPECT_STREQ(t, shown(f, 0), "abc    y");
	put(&f->vt, "\x1b[31;1mR\x1b[0mN\x1b[99zQ");	/* unknown final bytes are ignored */
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.screen[0][8].attr, VT_ATTR(VT_LIGHT_RED, VT_BLACK));
	KEXPECT_EQ(t, f->m.screen[0][9].attr, VT_ATTR_DEFAULT);
	KEXPECT_EQ(t, f->m.screen[1][0].ch, 'Q');
	put(&f->vt, "\x1b[H\x1b[2J");		/* top's clear screen */
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "");
	KEXPECT_STREQ(t, shown(f, 1), "");
	KEXPECT_EQ(t, f->m.cursor_row, 0);
	KEXPECT_EQ(t, f->m.cursor_col, 0);
}

static void each_level_has_its_colour(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	vt_set_level(&f->vt, LOGLEVEL_EMERG);
	put(&f->vt, "p");
	vt_set_level(&f->vt, LOGLEVEL_ERR);
	put(&f->vt, "e");
	vt_set_level(&f->vt, LOGLEVEL_WARNING);
	put(&f->vt, "w");
	vt_set_level(&f->vt, LOGLEVEL_INFO);
	put(&f->vt, "i");
	vt_set_level(&f->vt, LOGLEVEL_DEBUG);
	put(&f->vt, "d");
	vt_set_level(&f->vt, CONSOLE_LEVEL_NONE);
	put(&f->vt, "s");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.screen[0][0].attr, VT_ATTR(VT_WHITE, VT_RED));
	KEXPECT_EQ(t, f->m.screen[0][1].attr, VT_ATTR(VT_LIGHT_RED, VT_BLACK));
	KEXPECT_EQ(t, f->m.screen[0][2].attr, VT_ATTR(VT_YELLOW, VT_BLACK));
	KEXPECT_EQ(t, f->m.screen[0][3].attr, VT_ATTR_DEFAULT);
	KEXPECT_EQ(t, f->m.screen[0][4].attr, VT_ATTR(VT_DARK_GREY, VT_BLACK));
	KEXPECT_EQ(t, f->m.screen[0][5].attr, VT_ATTR_DEFAULT);
}

/* vt_console_write() draws at once when a line of KERN_ERR or worse ends. */
static void only_an_urgent_line_asks_to_be_drawn_at_once(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	vt_set_level(&f->vt, LOGLEVEL_WARNING);
	put(&f->vt, "warn\n");
	KEXPECT_FALSE(t, f->vt.sync);
	vt_set_level(&f->vt, LOGLEVEL_ERR);
	put(&f->vt, "err");
	KEXPECT_FALSE(t, f->vt.sync);
	put(&f->vt, "\n");
	KEXPECT_TRUE(t, f->vt.sync);
}

static void nothing_is_drawn_before_a_flush(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "hidden");
	KEXPECT_EQ(t, f->m.rows_drawn, 0);
	KEXPECT_TRUE(t, f->vt.pending);
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.rows_drawn, ROWS);	/* the first flush draws everything */
	put(&f->vt, "!");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.rows_drawn, ROWS + 1);	/* then only what changed */
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.rows_drawn, ROWS + 1);
}

/* A burst of lines costs one move of the display's rows, not one per line. */
static void a_burst_of_lines_moves_the_rows_once(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "0\n1\n2\n3");
	vt_flush(&f->vt, false);
	f->m.rows_drawn = 0;
	put(&f->vt, "\n4\n5\n6");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.moves, 1);
	KEXPECT_EQ(t, f->m.last_from, 3);
	KEXPECT_EQ(t, f->m.last_to, 0);
	KEXPECT_EQ(t, f->m.last_count, 1);
	KEXPECT_EQ(t, f->m.rows_drawn, 3 + 1);	/* the new lines and the cursor's old one */
	KEXPECT_STREQ(t, shown(f, 0), "3");
	KEXPECT_STREQ(t, shown(f, 3), "6");
}

/* More lines than the screen has: no move, every row drawn again. */
static void a_screenful_of_lines_redraws_every_row(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	vt_flush(&f->vt, false);
	f->m.rows_drawn = 0;
	put(&f->vt, "a\nb\nc\nd\ne\nf\ng\nh\ni");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.moves, 0);
	KEXPECT_EQ(t, f->m.rows_drawn, ROWS);
	KEXPECT_STREQ(t, shown(f, 0), "f");
	KEXPECT_STREQ(t, shown(f, 3), "i");
}

static void the_history_scrolls_back_and_output_returns(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9");	/* 0..5 scrolled off; 6..9 shown */
	vt_flush(&f->vt, false);
	vt_scroll_view(&f->vt, 2);
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "4");
	KEXPECT_STREQ(t, shown(f, 3), "7");
	KEXPECT_EQ(t, f->m.cursor_row, -1);	/* no cursor in the history */
	vt_scroll_view(&f->vt, 100);		/* only RING_ROWS - ROWS lines are kept */
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "2");
	vt_scroll_view(&f->vt, -1);
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "3");
	put(&f->vt, "!");
	vt_flush(&f->vt, false);
	KEXPECT_STREQ(t, shown(f, 0), "6");
	KEXPECT_STREQ(t, shown(f, 3), "9!");
	KEXPECT_EQ(t, f->m.cursor_row, 3);
}

/* Without a hardware cursor, the cursor's cell is drawn in swapped colours. */
static void a_display_without_cursor_gets_swapped_colours(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	f->m.d.set_cursor = NULL;
	put(&f->vt, "ab");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.screen[0][1].attr, VT_ATTR_DEFAULT);
	KEXPECT_EQ(t, f->m.screen[0][2].attr, VT_ATTR(VT_BLACK, VT_LIGHT_GREY));
	put(&f->vt, "\n");
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.screen[0][2].attr, VT_ATTR_DEFAULT);	/* gone from the old row */
	KEXPECT_EQ(t, f->m.screen[1][0].attr, VT_ATTR(VT_BLACK, VT_LIGHT_GREY));
}

/* While another CPU draws, a flush leaves the work to it (printk never waits). */
static void a_flush_leaves_the_drawing_to_the_cpu_that_draws(struct ktest *t)
{
	struct vt_fixture *f = t->priv;
	unsigned long flags;

	vt_flush(&f->vt, false);
	f->m.rows_drawn = 0;
	put(&f->vt, "x");
	WRITE_ONCE(f->vt.pending, false);
	spin_lock_irqsave(&f->vt.draw_lock, flags);
	vt_flush(&f->vt, false);
	spin_unlock_irqrestore(&f->vt.draw_lock, flags);
	KEXPECT_EQ(t, f->m.rows_drawn, 0);
	KEXPECT_TRUE(t, READ_ONCE(f->vt.flush_wanted)); /* asked the holder */
	vt_flush(&f->vt, false);
	KEXPECT_EQ(t, f->m.rows_drawn, 1);
}

/*
 * The CPU that draws is past row 0 when a line lands there and its writer's
 * flush finds draw_lock taken: the drawer must draw again before it lets go.
 * Here the drawer is this CPU, the writer a draw_row() callback.
 */
static bool wrote_behind_the_drawer;

static void draw_row_then_write_behind(struct vt_display *d, unsigned int row,
				       const struct vt_cell *cells)
{
	struct vt_fixture *f = container_of(d, struct vt_fixture, m.d);

	mem_draw_row(d, row, cells);
	if (row == ROWS - 1 && !wrote_behind_the_drawer) {
		wrote_behind_the_drawer = true;
		vt_write(&f->vt, "\r\x1b[Klate", 8);
		vt_flush(&f->vt, false); /* draw_lock is taken: asks the drawer */
	}
}

static void a_line_written_behind_the_drawer_is_drawn_before_it_lets_go(struct ktest *t)
{
	struct vt_fixture *f = t->priv;

	put(&f->vt, "early");
	f->m.d.draw_row = draw_row_then_write_behind;
	wrote_behind_the_drawer = false;
	vt_flush(&f->vt, false);
	KASSERT_TRUE(t, wrote_behind_the_drawer);
	KEXPECT_STREQ(t, shown(f, 0), "late");
	KEXPECT_FALSE(t, READ_ONCE(f->vt.flush_wanted));
}

/* The screen console of this boot, if the machine has a screen. */
static struct vt *boot_screen(struct ktest *t)
{
	struct vt *vt = vt_console();

	if (!vt)
		ktest_skip(t, "no screen console on this machine");
	if (!(vt->console.flags & CON_ENABLED))
		ktest_skip(t, "console= left the screen out");
	return vt;
}

/* Whether @text is on a row of the live screen. */
static bool on_screen(struct vt *vt, const char *text)
{
	char row[VT_MAX_COLS + 1];
	unsigned int y, x;

	for (y = 0; y < vt->rows; y++) {
		for (x = 0; x < vt->cols; x++)
			row[x] = vt_cell_at(vt, y, x).ch;
		row[x] = '\0';
		if (strstr(row, text))
			return true;
	}
	return false;
}

/* And on the display itself: VGA text memory, as the test boots have. */
static bool on_vga(struct vt *vt, const char *text)
{
	struct vga_text_display *vga = container_of(vt->display, struct vga_text_display, vt);
	char row[VT_MAX_COLS + 1];
	unsigned int y, x;

	for (y = 0; y < vt->rows; y++) {
		for (x = 0; x < vt->cols; x++)
			row[x] = READ_ONCE(vga->base[y * vga->stride + x].ch);
		row[x] = '\0';
		if (strstr(row, text))
			return true;
	}
	return false;
}

static bool is_vga(struct vt *vt)
{
	return !strcmp(vt->display->name, "VGA text");
}

/*
 * A CPU is drawing, or about to draw again: the flag first, as its holder
 * clears it before drawing with draw_lock held (see vt_flush()).
 */
static bool display_busy(struct vt *vt)
{
	if (READ_ONCE(vt->flush_wanted))
		return true;
	smp_rmb();
	return spin_is_locked(&vt->draw_lock);
}

/* An error reaches the display before printk returns: no thread needed. */
static void an_error_is_on_the_display_when_printk_returns(struct ktest *t)
{
	struct vt *vt = boot_screen(t);
	unsigned long deadline = jiffies + 30 * HZ;
	char text[40];

	if (!is_vga(vt))
		ktest_skip(t, "the screen is a %s", vt->display->name);
	snprintf(text, sizeof(text), "vt test error %u", ktest_random(t));
	pr_err("%s\n", text);
	/*
	 * Drawn by now, unless another CPU was drawing: then it is drawn
	 * before that CPU lets go of the display (vt_flush()), whenever its
	 * vCPU runs.  The printer thread's frame never enters into it.
	 */
	while (display_busy(vt)) {
		KASSERT_TRUE(t, time_before(jiffies, deadline)); /* busy for 30 s */
		msleep(1);
	}
	KEXPECT_TRUE(t, on_vga(vt, text));
}

/* An ordinary message waits for the printer thread, which draws it soon. */
static void the_printer_thread_draws_an_info_line(struct ktest *t)
{
	struct vt *vt = boot_screen(t);
	unsigned long deadline = jiffies + 30 * HZ;
	char text[40];

	if (!is_vga(vt))
		ktest_skip(t, "the screen is a %s", vt->display->name);
	KASSERT_NOT_NULL(t, vt->printer);
	snprintf(text, sizeof(text), "vt test info %u", ktest_random(t));
	pr_info("%s\n", text);
	KEXPECT_TRUE(t, on_screen(vt, text));
	while (!on_vga(vt, text) && time_before(jiffies, deadline))
		msleep(10);
	KEXPECT_TRUE(t, on_vga(vt, text));
}

static struct ktest_case vt_cases[] = {
	KTEST_CASE(text_appears_where_the_cursor_is),
	KTEST_CASE(a_full_line_wraps_at_the_next_character),
	KTEST_CASE(control_characters_move_the_cursor),
	KTEST_CASE(escape_sequences_move_erase_and_colour),
	KTEST_CASE(each_level_has_its_colour),
	KTEST_CASE(only_an_urgent_line_asks_to_be_drawn_at_once),
	KTEST_CASE(nothing_is_drawn_before_a_flush),
	KTEST_CASE(a_burst_of_lines_moves_the_rows_once),
	KTEST_CASE(a_screenful_of_lines_redraws_every_row),
	KTEST_CASE(the_history_scrolls_back_and_output_returns),
	KTEST_CASE(a_display_without_cursor_gets_swapped_colours),
	KTEST_CASE(a_flush_leaves_the_drawing_to_the_cpu_that_draws),
	KTEST_CASE(a_line_written_behind_the_drawer_is_drawn_before_it_lets_go),
	KTEST_CASE(an_error_is_on_the_display_when_printk_returns),
	KTEST_CASE(the_printer_thread_draws_an_info_line),
	{}
};
static struct ktest_suite vt_suite = {
	.name = "vt",
	.cases = vt_cases,
	.init = vt_test_init,
};
ktest_register_suite(vt_suite);
