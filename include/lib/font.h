/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The screen console's bitmap font (lib/font_8x16.c): 8 pixels wide, 16
 * high, one byte a row, bit 7 the leftmost pixel.  It has the printable
 * ASCII characters; every other byte is drawn as a box.
 */
#ifndef _LIB_FONT_H
#define _LIB_FONT_H

#include <lib/types.h>

#define FONT_WIDTH	8
#define FONT_HEIGHT	16
#define FONT_FIRST	0x20	/* space */
#define FONT_LAST	0x7e	/* tilde */
#define FONT_UNKNOWN	(FONT_LAST - FONT_FIRST + 1)	/* the box */
#define FONT_GLYPHS	(FONT_UNKNOWN + 1)

extern const u8 font_8x16[FONT_GLYPHS][FONT_HEIGHT];

/* The 16 rows of the glyph of byte @c. */
static inline const u8 *font_glyph(unsigned char c)
{
	if (c < FONT_FIRST || c > FONT_LAST)
		return font_8x16[FONT_UNKNOWN];
	return font_8x16[c - FONT_FIRST];
}

#endif /* _LIB_FONT_H */
