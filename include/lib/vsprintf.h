/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output into a sized buffer.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with flags "-0+ #", a field
 * width and precision (either may be '*'), and length modifiers hh h l ll z t.
 * There is no floating point and no %n.  See lib/vsprintf.c for the details.
 */
#ifndef _LIB_VSPRINTF_H
#define _LIB_VSPRINTF_H

#include <stdarg.h>
#include <stddef.h>

#include <lib/compiler.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args) __printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* _LIB_VSPRINTF_H */
