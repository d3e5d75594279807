/* Consoles: where printk's text goes. */
#ifndef _KERNEL_CONSOLE_H
#define _KERNEL_CONSOLE_H

#include <lib/types.h>

struct kernel_param_ops;

/* set_level()'s level for text that is not a kernel message, or of no known level. */
#define CONSOLE_LEVEL_NONE	(-1)

/* console.flags: */
#define CON_ENABLED	(1U << 0)	/* prints: chosen by console= (register_console()) */

struct console {
	const char *name;	/* "ttyS0": the serial port; "tty0": the screen */
	/* Called with the console lock held and interrupts off; must not sleep. */
	void (*write)(struct console *con, const char *s, size_t len);
	/*
	 * Optional, called as write() is: the printk level (0..7) of the
	 * line whose text follows, or CONSOLE_LEVEL_NONE before the shell's
	 * text and the log replayed at registration.
	 */
	void (*set_level)(struct console *con, int level);
	unsigned int flags;	/* CON_*; under the console lock */
	struct console *next;
};

/*
 * Adds @con, enabled if console= chose it, and replays the log buffer to
 * it, so no early message is lost.
 */
void register_console(struct console *con);
/* Removes @con; it gets no more output once this returns. */
void unregister_console(struct console *con);

/*
 * console=serial|screen|both (docs/console.md): parsed into a mask of
 * CONSOLE_SELECT_*, applied by console_apply_selection() once the command
 * line is read.  Return of the parser: the mask, or -EINVAL for another
 * value.
 */
#define CONSOLE_SELECT_SERIAL	(1U << 0)
#define CONSOLE_SELECT_SCREEN	(1U << 1)
#define CONSOLE_SELECT_ALL	(CONSOLE_SELECT_SERIAL | CONSOLE_SELECT_SCREEN)
int console_parse_selection(const char *val);
/* The parameter type of console= (kernel/params.h), for the tests. */
extern const struct kernel_param_ops param_ops_console;
/* Whether console= value @mask takes in @con. */
bool console_selected(const struct console *con, unsigned int mask);
/*
 * Enables the consoles console= chose and disables the others; if none of
 * them is here, says so and keeps them all.  Boot, after the command line.
 */
void console_apply_selection(void);

#endif /* _KERNEL_CONSOLE_H */
