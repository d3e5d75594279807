/* printk: the kernel log, Linux's levels and pr_* helpers. */
#ifndef _KERNEL_PRINTK_H
#define _KERNEL_PRINTK_H

#include <lib/compiler.h>
#include <lib/types.h>
#include <stdarg.h>

/*
 * A message starts with KERN_SOH and a level digit, as in Linux.  Messages
 * whose level is below console_loglevel reach the console; all are kept in
 * the log buffer.
 */
#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"	/* system is unusable */
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"

/* The levels as numbers (Linux's kern_levels.h). */
#define LOGLEVEL_EMERG		0
#define LOGLEVEL_ALERT		1
#define LOGLEVEL_CRIT		2
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_NOTICE		5
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7

#define LOGLEVEL_DEFAULT	4	/* a message with no level */
#define CONSOLE_LOGLEVEL_DEFAULT 7	/* everything but debug */
#define CONSOLE_LOGLEVEL_MAX	8	/* everything */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

extern int console_loglevel;

__printf(1, 2) int printk(const char *fmt, ...);
__printf(1, 0) int vprintk(const char *fmt, va_list args);

/*
 * The log buffer keeps the most recent LOG_BUF_LEN bytes of formatted output
 * (with timestamps).  Positions are byte counts since boot, so a reader
 * notes log_buf_pos(), does something, and reads what was logged since.
 */
#define LOG_BUF_LEN	(64 * 1024)
u64 log_buf_pos(void);
size_t log_buf_copy(u64 since, char *dst, size_t size);

/*
 * Text that is not a kernel message (the shell's output, docs/console.md):
 * written to every console as it is, without timestamp, and not kept in the
 * log buffer.  It takes printk's lock, so it never splits a printk line.
 * Context: any; keep @len modest, interrupts are off while it is written.
 */
void console_write_text(const char *s, size_t len);

/*
 * Panic and fatal-exception paths call this: printk then stops waiting for
 * a console lock that a stopped context may hold (Linux's bust_spinlocks).
 */
void console_bust_locks(void);

#endif /* _KERNEL_PRINTK_H */
