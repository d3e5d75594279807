/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict string-to-integer conversion, with Linux's kstrto*() semantics.
 *
 * The whole string must be a number, optionally followed by one newline (so
 * that a line read from a console or a file parses as is).  Each function
 * returns 0 and stores the value, or returns -EINVAL (not a number, bad base)
 * or -ERANGE (does not fit) and leaves *@res untouched.
 */
#ifndef _LIB_KSTRTOX_H
#define _LIB_KSTRTOX_H

#include <lib/compiler.h>
#include <lib/types.h>

int __must_check kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int __must_check kstrtoll(const char *s, unsigned int base, long long *res);
int __must_check kstrtoul(const char *s, unsigned int base, unsigned long *res);
int __must_check kstrtol(const char *s, unsigned int base, long *res);
int __must_check kstrtouint(const char *s, unsigned int base, unsigned int *res);
int __must_check kstrtoint(const char *s, unsigned int base, int *res);
int __must_check kstrtobool(const char *s, bool *res);

#endif /* _LIB_KSTRTOX_H */
