/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC-32 (IEEE 802.3, the one of zlib, PNG and Python's zlib.crc32), as in
 * Linux's crc32_le() with the usual pre- and post-inversion folded in.
 */
#ifndef _LIB_CRC32_H
#define _LIB_CRC32_H

#include <lib/types.h>

/*
 * Return: the CRC-32 of @len bytes at @p, continuing from @crc (0 to
 * start), so crc32(crc32(0, a, n), b, m) is the CRC of a then b.
 */
u32 crc32(u32 crc, const void *p, size_t len);

#endif /* _LIB_CRC32_H */
