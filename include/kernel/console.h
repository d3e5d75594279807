/* Consoles: where printk's text goes. */
#ifndef _KERNEL_CONSOLE_H
#define _KERNEL_CONSOLE_H

#include <lib/types.h>

struct console {
	const char *name;
	/* Called with the console lock held and interrupts off; must not sleep. */
	void (*write)(struct console *con, const char *s, size_t len);
	struct console *next;
};

/* Adds @con and replays the log buffer to it, so no early message is lost. */
void register_console(struct console *con);
/* Removes @con; it gets no more output once this returns. */
void unregister_console(struct console *con);

#endif /* _KERNEL_CONSOLE_H */
