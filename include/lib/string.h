/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory and C-string helpers.
 *
 * The compiler may emit calls to memcpy(), memmove(), memset() and memcmp()
 * on its own (struct copies, large initialisers), so the kernel must provide
 * them under exactly these names.  strcpy() and strncpy() are deliberately
 * absent: use strscpy(), which cannot overflow and always terminates.
 */
#ifndef _LIB_STRING_H
#define _LIB_STRING_H

#include <stddef.h>

#include <lib/types.h>

void *memcpy(void *dest, const void *src, size_t count);
void *memmove(void *dest, const void *src, size_t count);
void *memset(void *s, int c, size_t count);
int memcmp(const void *s1, const void *s2, size_t count);
void *memchr(const void *s, int c, size_t count);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t count);
int strcmp(const char *s1, const char *s2);
int strncmp(const char *s1, const char *s2, size_t count);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
ssize_t strscpy(char *dest, const char *src, size_t count);

#endif /* _LIB_STRING_H */
