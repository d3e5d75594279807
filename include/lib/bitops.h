/* SPDX-License-Identifier: GPL-2.0 */
/* Bit counting, Linux's names; no libgcc, no POPCNT instruction needed. */
#ifndef _LIB_BITOPS_H
#define _LIB_BITOPS_H

#include <lib/types.h>

/* The number of set bits in @w (a "SWAR" popcount: a handful of ALU ops). */
static inline unsigned int hweight64(u64 w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (w * 0x0101010101010101ULL) >> 56;
}

static inline unsigned int hweight_long(unsigned long w)
{
	return hweight64(w);
}

#endif /* _LIB_BITOPS_H */
