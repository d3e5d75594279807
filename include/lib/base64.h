/* SPDX-License-Identifier: GPL-2.0 */
/* Base64 (RFC 4648, standard alphabet, '=' padding), as Linux's lib/base64.c. */
#ifndef _LIB_BASE64_H
#define _LIB_BASE64_H

#include <lib/types.h>

/* Characters base64_encode() writes for @len bytes (without the NUL). */
#define BASE64_CHARS(len) (((len) + 2) / 3 * 4)

/*
 * Encodes @len bytes at @src into @dst, which must hold BASE64_CHARS(@len)
 * + 1 bytes, and NUL-terminates it.  Return: the characters written.
 */
size_t base64_encode(const void *src, size_t len, char *dst);

#endif /* _LIB_BASE64_H */
