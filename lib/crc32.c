// SPDX-License-Identifier: GPL-2.0
/*
 * CRC-32, bit by bit: small and obviously right.  Its one user writes a
 * trace dump to a serial port, which is far slower than this loop.
 */
#include <lib/crc32.h>

#define CRC32_POLY_LE 0xedb88320U /* the IEEE polynomial, bit-reversed */

u32 crc32(u32 crc, const void *p, size_t len)
{
	const u8 *byte = p;
	int bit;

	crc = ~crc;
	while (len--) {
		crc ^= *byte++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLY_LE & -(crc & 1));
	}
	return ~crc;
}
