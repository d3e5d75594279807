// SPDX-License-Identifier: GPL-2.0
/*
 * The screen console, "tty0": printk and the shell on the screen.
 *
 * A printk console whose write() only puts text into a struct vt (memory,
 * under its own short lock, inside printk's).  Drawing waits for the
 * printer thread, "pr/tty0" (the name Linux gives its console printer
 * threads): the tick of any CPU wakes it when text waits, and it draws at
 * most once a frame (VT_FRAME_MS), so a burst of kernel messages is drawn
 * once, not line by line.  Three cases draw at once, in printk's context:
 *  - before the printer runs (the boot's first messages);
 *  - when a line of level LOGLEVEL_ERR or more urgent ends: an error or a
 *    watchdog's report reaches the screen even if this CPU never schedules
 *    again, interrupts off;
 *  - during a panic or an oops, forcing its way past a CPU that was
 *    drawing, which the panic stops.
 */
#define pr_fmt(fmt) "screen: " fmt

#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/vt.h>
#include <lib/err.h>
#include <lib/errno.h>

/* At most this many draws a second: 50, smooth to the eye. */
#define VT_FRAME_MS 20

/* The text and its history: the more lines, the narrower the screen. */
#define VT_CONSOLE_CELLS (VT_MAX_COLS * 512)

static struct vt_cell console_cells[VT_CONSOLE_CELLS];
static u8 console_dirty[VT_CONSOLE_CELLS / 8];	/* rows of at least 8 columns */
static struct vt console_vt;
static struct vt *the_console;	/* set once registered */

struct vt *vt_console(void)
{
	return READ_ONCE(the_console);
}

static bool must_draw_now(struct vt *vt)
{
	return !READ_ONCE(vt->printer) || READ_ONCE(panic_in_progress) ||
	       READ_ONCE(oops_in_progress);
}

/* printk's console write: under logbuf_lock, interrupts off. */
static void vt_console_write(struct console *con, const char *s, size_t len)
{
	struct vt *vt = container_of(con, struct vt, console);
	bool sync;

	vt_write(vt, s, len);
	sync = READ_ONCE(vt->sync);
	if (sync)
		WRITE_ONCE(vt->sync, false);
	if (sync || must_draw_now(vt))
		vt_flush(vt, READ_ONCE(panic_in_progress) || READ_ONCE(oops_in_progress));
}

static void vt_console_set_level(struct console *con, int level)
{
	vt_set_level(container_of(con, struct vt, console), level);
}

int vt_console_register(struct vt_display *display)
{
	struct vt *vt = &console_vt;

	if (the_console)
		return -EBUSY;
	if (display->cols < 8)
		return -EINVAL;
	vt_init(vt, display, console_cells, console_dirty, VT_CONSOLE_CELLS);
	vt->console.name = "tty0";
	vt->console.write = vt_console_write;
	vt->console.set_level = vt_console_set_level;
	WRITE_ONCE(the_console, vt);
	register_console(&vt->console);
	return 0;
}

static int vt_printer_thread(void *data)
{
	struct vt *vt = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(vt->pending)) {
			schedule();	/* vt_console_tick() wakes us */
			continue;
		}
		__set_current_state(TASK_RUNNING);
		/* Before drawing: text written meanwhile sets it again. */
		WRITE_ONCE(vt->pending, false);
		vt_flush(vt, false);
		/* The frame's rest: TASK_IDLE, which the tick's wake-up leaves alone. */
		set_current_state(TASK_IDLE);
		schedule_timeout(msecs_to_jiffies(VT_FRAME_MS) ?: 1);
	}
	return 0;
}

void vt_console_start_printer(void)
{
	struct vt *vt = vt_console();
	struct task_struct *printer;

	if (!vt)
		return;
	printer = kthread_run(vt_printer_thread, vt, "pr/%s", vt->console.name);
	if (IS_ERR(printer)) {
		pr_err("cannot start the printer thread (%ld); the screen draws in printk\n",
		       PTR_ERR(printer));
		return;
	}
	WRITE_ONCE(vt->printer, printer);
}

void vt_console_tick(void)
{
	struct vt *vt = vt_console();
	struct task_struct *printer;

	if (!vt || !READ_ONCE(vt->pending))
		return;
	printer = READ_ONCE(vt->printer);
	if (printer)
		wake_up_state(printer, TASK_INTERRUPTIBLE);
}

void vt_console_scroll_view(int direction)
{
	struct vt *vt = vt_console();

	if (vt)
		vt_scroll_view(vt, direction * (int)(vt->rows / 2));
}
