/* WARN and BUG: reporting misuse (and continuing) or a broken invariant. */
#ifndef _KERNEL_BUG_H
#define _KERNEL_BUG_H

#include <lib/compiler.h>
#include <lib/types.h>

struct pt_regs;

__printf(4, 5) void __warn(const char *file, int line, const char *func,
			   const char *fmt, ...);
__noreturn void __bug(const char *file, int line, const char *func,
		      const char *cond);

/* How many WARNs this boot: the test framework fails a case that warned. */
extern unsigned long warn_count;

/**
 * WARN() - report misuse with a backtrace, then carry on
 * @cond: the misuse; the report happens when it is true
 * @fmt: printf-style explanation
 *
 * Return: @cond, so that callers can write `if (WARN(x, "...")) return;`.
 */
#define WARN(cond, fmt, ...)                                                    \
	({                                                                      \
		bool __warn_cond = !!(cond);                                    \
		if (unlikely(__warn_cond))                                      \
			__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__); \
		__warn_cond;                                                    \
	})

#define WARN_ON(cond) WARN(cond, "WARN_ON(%s)", #cond)

#define WARN_ONCE(cond, fmt, ...)                                  \
	({                                                         \
		static bool __warned;                              \
		bool __warn_once_cond = !!(cond);                  \
		if (unlikely(__warn_once_cond && !__warned)) {     \
			__warned = true;                           \
			WARN(1, fmt, ##__VA_ARGS__);               \
		}                                                  \
		__warn_once_cond;                                  \
	})

#define WARN_ON_ONCE(cond) WARN_ONCE(cond, "WARN_ON_ONCE(%s)", #cond)

/* BUG_ON(): the machine cannot go on; prefer WARN_ON and an error return. */
#define BUG_ON(cond)                                                   \
	do {                                                           \
		if (unlikely(cond))                                    \
			__bug(__FILE__, __LINE__, __func__, #cond);    \
	} while (0)

#define BUG() __bug(__FILE__, __LINE__, __func__, NULL)

#endif /* _KERNEL_BUG_H */
