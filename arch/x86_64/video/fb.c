// SPDX-License-Identifier: GPL-2.0
/*
 * A linear framebuffer as a display of the screen console.
 *
 * UEFI firmware has no text mode: GRUB hands over a framebuffer instead
 * (the multiboot2 framebuffer tag), rows of pixels @pitch bytes apart, each
 * pixel a palette index or red, green and blue bit fields at the positions
 * the tag gives.  Text is drawn with the 8x16 font of lib/font_8x16.c in
 * the 16 VGA colours, converted once to the framebuffer's pixel format.
 * Scrolling copies rows of pixels up (vt_display.move_rows).  On a real
 * graphics card, reading the framebuffer is slow (it is mapped
 * write-combining, so reads are uncached), which is why Linux's fbcon
 * redraws instead; under QEMU the framebuffer is host memory and the copy
 * costs less than drawing the glyphs again.
 */
#include <asm/video.h>
#include <lib/font.h>
#include <lib/string.h>

/* The VGA palette, enum vt_color's order. */
static const u8 vga_palette[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0x00, 0x00, 0xaa }, { 0x00, 0xaa, 0x00 }, { 0x00, 0xaa, 0xaa },
	{ 0xaa, 0x00, 0x00 }, { 0xaa, 0x00, 0xaa }, { 0xaa, 0x55, 0x00 }, { 0xaa, 0xaa, 0xaa },
	{ 0x55, 0x55, 0x55 }, { 0x55, 0x55, 0xff }, { 0x55, 0xff, 0x55 }, { 0x55, 0xff, 0xff },
	{ 0xff, 0x55, 0x55 }, { 0xff, 0x55, 0xff }, { 0xff, 0xff, 0x55 }, { 0xff, 0xff, 0xff },
};

static unsigned int bytes_per_pixel(const struct boot_framebuffer *mode)
{
	return (mode->bpp + 7) / 8;
}

static bool field_fits(u8 position, u8 size, u8 bpp)
{
	return size >= 1 && size <= 8 && position + size <= bpp;
}

const char *fb_check_mode(const struct boot_framebuffer *mode)
{
	if (mode->type == BOOT_FB_INDEXED) {
		if (mode->bpp != 8)
			return "it is an indexed mode of other than 8 bits a pixel";
		if (!mode->palette_len)
			return "it is an indexed mode without a palette";
	} else if (mode->type == BOOT_FB_RGB) {
		if (mode->bpp != 15 && mode->bpp != 16 && mode->bpp != 24 && mode->bpp != 32)
			return "its pixels are not of 15, 16, 24 or 32 bits";
		if (!field_fits(mode->red_position, mode->red_size, mode->bpp) ||
		    !field_fits(mode->green_position, mode->green_size, mode->bpp) ||
		    !field_fits(mode->blue_position, mode->blue_size, mode->bpp))
			return "a colour's bits lie outside the pixel";
	} else {
		return "it is not a graphics mode";
	}
	if (mode->width < FONT_WIDTH || mode->height < FONT_HEIGHT)
		return "it is smaller than one character";
	if (mode->pitch < (u64)mode->width * bytes_per_pixel(mode))
		return "its rows overlap (the pitch is less than a row of pixels)";
	if ((u64)mode->pitch * mode->height > (1ULL << 30))
		return "it is larger than 1 GiB";
	if (mode->addr + (u64)mode->pitch * mode->height < mode->addr)
		return "it runs past the end of the address space";
	return NULL;
}

/* The palette entry nearest to (@r, @g, @b). */
static u32 nearest_palette_index(const struct boot_framebuffer *mode, u8 r, u8 g, u8 b)
{
	u32 best = 0, best_distance = ~0U, i;

	for (i = 0; i < mode->palette_len; i++) {
		int dr = mode->palette[i][0] - r, dg = mode->palette[i][1] - g;
		int db = mode->palette[i][2] - b;
		u32 distance = dr * dr + dg * dg + db * db;

		if (distance < best_distance) {
			best = i;
			best_distance = distance;
		}
	}
	return best;
}

/* The top @size bits of the 8-bit @value, at bit @position. */
static u32 field(u8 value, u8 position, u8 size)
{
	return (u32)(value >> (8 - size)) << position;
}

u32 fb_pixel_value(const struct boot_framebuffer *mode, u8 r, u8 g, u8 b)
{
	if (mode->type == BOOT_FB_INDEXED)
		return nearest_palette_index(mode, r, g, b);
	return field(r, mode->red_position, mode->red_size) |
	       field(g, mode->green_position, mode->green_size) |
	       field(b, mode->blue_position, mode->blue_size);
}

static void put_pixel(const struct fb_display *fb, u8 *dst, u32 value)
{
	switch (fb->bytes_per_pixel) {
	case 4:
		*(u32 *)dst = value;
		break;
	case 3:
		dst[0] = value;
		dst[1] = value >> 8;
		dst[2] = value >> 16;
		break;
	case 2:
		*(u16 *)dst = value;
		break;
	default:
		*dst = value;
		break;
	}
}

/* Eight pixels of one glyph row at @dst, bit 7 of @bits the leftmost. */
static u8 *put_pixels(const struct fb_display *fb, u8 *dst, u8 bits, u32 fg, u32 bg)
{
	unsigned int i;

	for (i = 0; i < FONT_WIDTH; i++, bits <<= 1) {
		put_pixel(fb, dst, bits & 0x80 ? fg : bg);
		dst += fb->bytes_per_pixel;
	}
	return dst;
}

static void fb_draw_row(struct vt_display *d, unsigned int row, const struct vt_cell *cells)
{
	struct fb_display *fb = container_of(d, struct fb_display, vt);
	unsigned int line, col;

	for (line = 0; line < FONT_HEIGHT; line++) {
		u8 *dst = fb->base + (row * FONT_HEIGHT + line) * fb->pitch;

		for (col = 0; col < d->cols; col++) {
			const struct vt_cell *c = &cells[col];

			dst = put_pixels(fb, dst, font_glyph(c->ch)[line],
					 fb->colors[VT_ATTR_FG(c->attr)],
					 fb->colors[VT_ATTR_BG(c->attr)]);
		}
	}
}

/*
 * Scrolling: moves text rows by copying whole pixel rows, in the order
 * that reads each row before it is overwritten.  Rows are at least a text
 * row apart, so each copy is between pixel rows that do not overlap.
 */
static void fb_move_rows(struct vt_display *d, unsigned int to, unsigned int from,
			 unsigned int count)
{
	struct fb_display *fb = container_of(d, struct fb_display, vt);
	unsigned int row_bytes = d->cols * FONT_WIDTH * fb->bytes_per_pixel;
	unsigned int lines = count * FONT_HEIGHT, i;
	u8 *dst = fb->base + to * FONT_HEIGHT * fb->pitch;
	const u8 *src = fb->base + from * FONT_HEIGHT * fb->pitch;

	for (i = 0; i < lines; i++) {
		unsigned int line = to < from ? i : lines - 1 - i;

		memcpy(dst + line * fb->pitch, src + line * fb->pitch, row_bytes);
	}
}

void fb_display_init(struct fb_display *fb, const struct boot_framebuffer *mode, void *base)
{
	unsigned int i;

	*fb = (struct fb_display){
		.vt = {
			.name = "framebuffer",
			.cols = mode->width / FONT_WIDTH,
			.rows = mode->height / FONT_HEIGHT,
			.draw_row = fb_draw_row,
			.move_rows = fb_move_rows,
		},
		.base = base,
		.pitch = mode->pitch,
		.width = mode->width,
		.height = mode->height,
		.bytes_per_pixel = bytes_per_pixel(mode),
	};
	if (fb->vt.cols > VT_MAX_COLS)
		fb->vt.cols = VT_MAX_COLS;
	if (fb->vt.rows > VT_MAX_ROWS)
		fb->vt.rows = VT_MAX_ROWS;
	for (i = 0; i < ARRAY_SIZE(vga_palette); i++)
		fb->colors[i] = fb_pixel_value(mode, vga_palette[i][0], vga_palette[i][1],
					       vga_palette[i][2]);
}

void fb_clear(struct fb_display *fb)
{
	u32 x, y;

	for (y = 0; y < fb->height; y++) {
		u8 *dst = fb->base + y * fb->pitch;

		for (x = 0; x < fb->width; x++, dst += fb->bytes_per_pixel)
			put_pixel(fb, dst, fb->colors[VT_BLACK]);
	}
}
