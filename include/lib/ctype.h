/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Character classification for the ASCII ("C") locale.
 *
 * Range checks rather than a lookup table: a plain char above 0x7f is
 * negative on x86, and a table indexed by it would read out of bounds.  Here
 * such a value simply belongs to no class.
 *
 * Host tests must not include glibc's <ctype.h> alongside this header: both
 * declare isdigit() and friends.
 */
#ifndef _LIB_CTYPE_H
#define _LIB_CTYPE_H

#include <stdbool.h>

static inline bool isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool islower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool isalpha(int c)
{
	return isupper(c) || islower(c);
}

static inline bool isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

static inline bool isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space, \t, \n, \v, \f and \r, as in the C locale. */
static inline bool isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Printable: space through '~'. */
static inline bool isprint(int c)
{
	return c >= ' ' && c <= '~';
}

static inline int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

static inline int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

#endif /* _LIB_CTYPE_H */
