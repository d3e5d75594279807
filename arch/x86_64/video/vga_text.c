// SPDX-License-Identifier: GPL-2.0
/*
 * VGA text mode as a display of the screen console.
 *
 * The BIOS leaves the VGA in 80x25 text mode, its memory at 0xb8000: one
 * 16-bit cell per character, the byte and its colours, which is exactly a
 * struct vt_cell, so drawing a row is copying it.  The cursor is the VGA's
 * own, set through the CRT controller's registers.
 */
#include <asm/io.h>
#include <asm/video.h>

#define VGA_CRTC_INDEX		0x3d4
#define VGA_CRTC_DATA		0x3d5
#define VGA_CRTC_CURSOR_START	0x0a	/* bit 5: cursor off; bits 0-4: first scan line */
#define VGA_CRTC_CURSOR_END	0x0b
#define VGA_CRTC_CURSOR_HIGH	0x0e
#define VGA_CRTC_CURSOR_LOW	0x0f
#define VGA_CURSOR_OFF		0x20
/* An underline: scan lines 14 and 15 of the 16 of a character. */
#define VGA_CURSOR_FIRST_LINE	14
#define VGA_CURSOR_LAST_LINE	15

static void crtc_write(u8 reg, u8 value)
{
	outb(reg, VGA_CRTC_INDEX);
	outb(value, VGA_CRTC_DATA);
}

static void vga_draw_row(struct vt_display *d, unsigned int row, const struct vt_cell *cells)
{
	struct vga_text_display *vga = container_of(d, struct vga_text_display, vt);
	volatile struct vt_cell *dst = vga->base + row * vga->stride;
	unsigned int col;

	for (col = 0; col < d->cols; col++)
		dst[col] = cells[col];
}

static void vga_set_cursor(struct vt_display *d, int row, int col)
{
	struct vga_text_display *vga = container_of(d, struct vga_text_display, vt);
	unsigned int pos = row * vga->stride + col;

	if (row < 0) {
		crtc_write(VGA_CRTC_CURSOR_START, VGA_CURSOR_OFF);
		return;
	}
	crtc_write(VGA_CRTC_CURSOR_START, VGA_CURSOR_FIRST_LINE);
	crtc_write(VGA_CRTC_CURSOR_END, VGA_CURSOR_LAST_LINE);
	crtc_write(VGA_CRTC_CURSOR_HIGH, pos >> 8);
	crtc_write(VGA_CRTC_CURSOR_LOW, pos & 0xff);
}

const char *vga_text_check_mode(const struct boot_framebuffer *mode)
{
	if (mode->type != BOOT_FB_EGA_TEXT)
		return "it is not a text mode";
	if (!mode->width || !mode->height)
		return "it has no rows or no columns";
	if (mode->width > VT_MAX_COLS || mode->height > VT_MAX_ROWS)
		return "it has more rows or columns than the console keeps";
	if (mode->pitch < mode->width * sizeof(struct vt_cell) || mode->pitch % 2)
		return "its rows overlap (the pitch is less than two bytes a column)";
	return NULL;
}

void vga_text_display_init(struct vga_text_display *vga, const struct boot_framebuffer *mode,
			   void *base)
{
	*vga = (struct vga_text_display){
		.vt = {
			.name = "VGA text",
			.cols = mode->width,
			.rows = mode->height,
			.draw_row = vga_draw_row,
			.set_cursor = vga_set_cursor,
		},
		.base = base,
		.stride = mode->pitch / sizeof(struct vt_cell),
	};
}
