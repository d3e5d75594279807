// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format a message, stamp it, keep it, show it.
 *
 * Each message becomes one or more whole lines, each prefixed with the time
 * since boot ("[    1.234567] ") and, once more than one CPU is online, the
 * CPU that printed it ("[CPU1] ").  Every line goes into the log buffer; lines
 * whose level is below console_loglevel also go to every console.  One lock,
 * logbuf_lock, serialises both, so lines from different CPUs never
 * interleave mid-line.  There is no KERN_CONT: a message without a final
 * newline still ends its line.
 *
 * Callable from any context, including exception handlers: the lock is taken
 * with interrupts off.  After console_bust_locks() (panic and oops), and in
 * NMIs, the lock is only tried, for LOGBUF_TRY_NS, then the line is written
 * without it, since its holder may be the very context that faulted or
 * that the NMI interrupted.
 */
#include <kernel/console.h>
#include <kernel/cpumask.h>
#include <kernel/ktime.h>
#include <kernel/params.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define PRINTK_MESSAGE_MAX	1024
#define PRINTK_PREFIX_MAX	32

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
param_int("loglevel", console_loglevel, 0, CONSOLE_LOGLEVEL_MAX);

static DEFINE_SPINLOCK(logbuf_lock);

/* Protected by logbuf_lock: */
static char log_buf[LOG_BUF_LEN];
static u64 log_next;		/* bytes ever written; log_buf holds the last LOG_BUF_LEN */
static struct console *console_list;
static unsigned int console_selection = CONSOLE_SELECT_ALL;	/* console= */

static bool locks_busted;

void console_bust_locks(void)
{
	WRITE_ONCE(locks_busted, true);
}

/*
 * How long a panic or NMI printk waits for logbuf_lock before it writes
 * without it: the holder may be stopped for good (a CPU panic's NMI
 * stopped inside printk, or the context this NMI interrupted), or only
 * for a host time slice (its vCPU not running), and a line is then
 * better a little late than interleaved.
 */
#define LOGBUF_TRY_NS (20 * NSEC_PER_MSEC)

/* Return: whether the lock was taken (and must be released). */
static bool logbuf_lock_irqsave(unsigned long *flags)
{
	u64 give_up;

	*flags = arch_local_irq_save();
	if (!READ_ONCE(locks_busted) && !in_nmi()) {
		spin_lock(&logbuf_lock);
		return true;
	}
	give_up = ktime_get_ns() + LOGBUF_TRY_NS;
	while (!spin_trylock(&logbuf_lock)) {
		if (ktime_get_ns() > give_up)
			return false;
		cpu_relax();
	}
	return true;
}

static void logbuf_unlock_irqrestore(bool locked, unsigned long flags)
{
	if (locked)
		spin_unlock(&logbuf_lock);
	arch_local_irq_restore(flags);
}

/* Called with logbuf_lock held. */
static void emit(const char *s, size_t len, bool to_console)
{
	struct console *con;
	size_t i;

	for (i = 0; i < len; i++)
		log_buf[(log_next + i) % LOG_BUF_LEN] = s[i];
	log_next += len;

	if (!to_console)
		return;
	for (con = console_list; con; con = con->next) {
		if (con->flags & CON_ENABLED)
			con->write(con, s, len);
	}
}

/* Called with logbuf_lock held: tells the consoles the level of what follows. */
static void consoles_set_level(int level)
{
	struct console *con;

	for (con = console_list; con; con = con->next) {
		if ((con->flags & CON_ENABLED) && con->set_level)
			con->set_level(con, level);
	}
}

/* Strips a KERN_<LEVEL> prefix from *fmt and returns its level. */
static int printk_get_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == KERN_SOH[0] && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT;
}

int vprintk(const char *fmt, va_list args)
{
	char text[PRINTK_MESSAGE_MAX], prefix[PRINTK_PREFIX_MAX];
	int level = printk_get_level(&fmt);
	u64 ns = ktime_get_ns();
	size_t len = vscnprintf(text, sizeof(text), fmt, args);
	size_t prefix_len, start = 0;
	unsigned long flags;
	bool locked, to_console = level < READ_ONCE(console_loglevel);

	prefix_len = scnprintf(prefix, sizeof(prefix), "[%5llu.%06llu] ",
			       ns / NSEC_PER_SEC, (ns % NSEC_PER_SEC) / NSEC_PER_USEC);
	if (num_online_cpus() > 1)
		prefix_len += scnprintf(prefix + prefix_len, sizeof(prefix) - prefix_len,
					"[CPU%u] ", smp_processor_id());

	locked = logbuf_lock_irqsave(&flags);
	do {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (to_console)
			consoles_set_level(level);
		emit(prefix, prefix_len, to_console);
		emit(text + start, end - start, to_console);
		emit("\n", 1, to_console);
		start = end + 1;
	} while (start < len);
	logbuf_unlock_irqrestore(locked, flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

void console_write_text(const char *s, size_t len)
{
	struct console *con;
	unsigned long flags;
	bool locked = logbuf_lock_irqsave(&flags);

	consoles_set_level(CONSOLE_LEVEL_NONE);
	for (con = console_list; con; con = con->next) {
		if (con->flags & CON_ENABLED)
			con->write(con, s, len);
	}
	logbuf_unlock_irqrestore(locked, flags);
}

u64 log_buf_pos(void)
{
	return READ_ONCE(log_next);
}

size_t log_buf_copy(u64 since, char *dst, size_t size)
{
	unsigned long flags;
	size_t n = 0;
	bool locked;
	u64 pos;

	if (!size)
		return 0;
	locked = logbuf_lock_irqsave(&flags);
	pos = since;
	if (log_next > LOG_BUF_LEN && pos < log_next - LOG_BUF_LEN)
		pos = log_next - LOG_BUF_LEN;	/* overwritten: start at the oldest */
	for (; pos < log_next && n < size - 1; pos++)
		dst[n++] = log_buf[pos % LOG_BUF_LEN];
	logbuf_unlock_irqrestore(locked, flags);
	dst[n] = '\0';
	return n;
}

/* Replays what is in the log buffer, so a late console misses nothing. */
static void console_replay(struct console *con)
{
	u64 pos = log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;

	if (con->set_level)
		con->set_level(con, CONSOLE_LEVEL_NONE);	/* the buffer keeps no levels */
	while (pos < log_next) {
		size_t off = pos % LOG_BUF_LEN;
		size_t chunk = LOG_BUF_LEN - off;

		if (chunk > log_next - pos)
			chunk = log_next - pos;
		con->write(con, log_buf + off, chunk);
		pos += chunk;
	}
}

void register_console(struct console *con)
{
	unsigned long flags;
	bool locked = logbuf_lock_irqsave(&flags);

	if (console_selected(con, console_selection))
		con->flags |= CON_ENABLED;
	console_replay(con);
	con->next = console_list;
	console_list = con;
	logbuf_unlock_irqrestore(locked, flags);
}

void unregister_console(struct console *con)
{
	struct console **link;
	unsigned long flags;
	bool locked = logbuf_lock_irqsave(&flags);

	for (link = &console_list; *link; link = &(*link)->next) {
		if (*link == con) {
			*link = con->next;
			break;
		}
	}
	logbuf_unlock_irqrestore(locked, flags);
}

/*
 * console=: which consoles print.  Parsed with the rest of the command
 * line, after the consoles registered (they must print the boot's first
 * lines), so console_apply_selection() then applies it.
 */
static const char *const console_selection_names[] = {
	[CONSOLE_SELECT_SERIAL] = "serial",
	[CONSOLE_SELECT_SCREEN] = "screen",
	[CONSOLE_SELECT_ALL] = "both",
};

int console_parse_selection(const char *val)
{
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "serial"))
		return CONSOLE_SELECT_SERIAL;
	if (!strcmp(val, "screen"))
		return CONSOLE_SELECT_SCREEN;
	if (!strcmp(val, "both"))
		return CONSOLE_SELECT_ALL;
	return -EINVAL;
}

bool console_selected(const struct console *con, unsigned int mask)
{
	if (!strncmp(con->name, "ttyS", 4))
		return mask & CONSOLE_SELECT_SERIAL;
	return mask & CONSOLE_SELECT_SCREEN;
}

static int param_set_console(const char *val, const struct kernel_param *kp)
{
	int mask = console_parse_selection(val);

	if (mask < 0)
		return mask;
	*(unsigned int *)kp->arg = mask;
	return 0;
}

const struct kernel_param_ops param_ops_console = {
	.set = param_set_console, .expects = "serial, screen or both",
};
__kernel_param("console", param_ops_console, &console_selection, 0, 0, 0);

void console_apply_selection(void)
{
	struct console *con;
	unsigned long flags;
	bool locked = logbuf_lock_irqsave(&flags), found = false;
	unsigned int chosen = console_selection;

	for (con = console_list; con; con = con->next)
		found |= console_selected(con, chosen);
	if (!found)
		console_selection = CONSOLE_SELECT_ALL;
	for (con = console_list; con; con = con->next) {
		if (console_selected(con, console_selection))
			con->flags |= CON_ENABLED;
		else
			con->flags &= ~CON_ENABLED;
	}
	logbuf_unlock_irqrestore(locked, flags);
	if (!found)
		pr_warn("console=%s: there is no such console here; keeping every console\n",
			console_selection_names[chosen]);
}
