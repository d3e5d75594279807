// SPDX-License-Identifier: GPL-2.0
/*
 * The screen console's displays (arch/x86_64/video/) drawing into memory
 * buffers laid out as a screen would be: glyphs in each pixel format, the
 * pitch honoured (padding bytes left alone), rows moved for scrolling, and
 * the modes that must be refused.  And the screen this boot was given.
 */
#include <asm/video.h>
#include <kernel/bootinfo.h>
#include <kernel/ktest.h>
#include <kernel/vt.h>
#include <lib/font.h>
#include <lib/string.h>

#define CANARY 0x5a

/* 2x2 characters; each row of pixels has @pad bytes of padding. */
static struct boot_framebuffer rgb_mode(u8 bpp, u32 pad)
{
	struct boot_framebuffer mode = {
		.width = 2 * FONT_WIDTH,
		.height = 2 * FONT_HEIGHT,
		.bpp = bpp,
		.type = BOOT_FB_RGB,
		.red_position = 16, .red_size = 8,
		.green_position = 8, .green_size = 8,
		.blue_position = 0, .blue_size = 8,
	};

	if (bpp == 16) {
		mode.red_position = 11, mode.red_size = 5;
		mode.green_position = 5, mode.green_size = 6;
		mode.blue_position = 0, mode.blue_size = 5;
	}
	mode.pitch = mode.width * ((bpp + 7) / 8) + pad;
	return mode;
}

static u8 pixels[2 * FONT_HEIGHT * (2 * FONT_WIDTH * 4 + 12)];

static u32 pixel_at(const struct fb_display *fb, unsigned int x, unsigned int y)
{
	const u8 *p = fb->base + y * fb->pitch + x * fb->bytes_per_pixel;
	u32 value = 0;
	unsigned int i;

	for (i = 0; i < fb->bytes_per_pixel; i++)
		value |= (u32)p[i] << (8 * i);
	return value;
}

/* Whether character cell (@col, @row) shows glyph @c in @fg on @bg. */
static bool cell_shows(const struct fb_display *fb, unsigned int col, unsigned int row,
		       char c, u32 fg, u32 bg)
{
	const u8 *glyph = font_glyph(c);
	unsigned int x, y;

	for (y = 0; y < FONT_HEIGHT; y++) {
		for (x = 0; x < FONT_WIDTH; x++) {
			u32 want = glyph[y] & (0x80 >> x) ? fg : bg;

			if (pixel_at(fb, col * FONT_WIDTH + x, row * FONT_HEIGHT + y) != want)
				return false;
		}
	}
	return true;
}

static bool padding_untouched(const struct fb_display *fb, const struct boot_framebuffer *mode)
{
	unsigned int y, i, row_bytes = mode->width * fb->bytes_per_pixel;

	for (y = 0; y < mode->height; y++) {
		for (i = row_bytes; i < mode->pitch; i++) {
			if (fb->base[y * mode->pitch + i] != CANARY)
				return false;
		}
	}
	return true;
}

static void draw_two_rows(struct ktest *t, u8 bpp, u32 pad)
{
	struct boot_framebuffer mode = rgb_mode(bpp, pad);
	const struct vt_cell top[2] = { { 'A', VT_ATTR(VT_WHITE, VT_BLACK) },
					{ 'g', VT_ATTR(VT_LIGHT_RED, VT_BLUE) } };
	const struct vt_cell bottom[2] = { { '~', VT_ATTR_DEFAULT }, { 0x01, VT_ATTR_DEFAULT } };
	struct fb_display fb;

	KASSERT_NULL(t, fb_check_mode(&mode));
	memset(pixels, CANARY, sizeof(pixels));
	fb_display_init(&fb, &mode, pixels);
	KEXPECT_EQ(t, fb.vt.cols, 2);
	KEXPECT_EQ(t, fb.vt.rows, 2);
	fb.vt.draw_row(&fb.vt, 0, top);
	fb.vt.draw_row(&fb.vt, 1, bottom);
	KEXPECT_TRUE(t, cell_shows(&fb, 0, 0, 'A', fb.colors[VT_WHITE], fb.colors[VT_BLACK]));
	KEXPECT_TRUE(t, cell_shows(&fb, 1, 0, 'g', fb.colors[VT_LIGHT_RED], fb.colors[VT_BLUE]));
	KEXPECT_TRUE(t, cell_shows(&fb, 0, 1, '~', fb.colors[VT_LIGHT_GREY], 0));
	/* A byte without a glyph is a box, never nothing. */
	KEXPECT_TRUE(t, cell_shows(&fb, 1, 1, 0x7f, fb.colors[VT_LIGHT_GREY], 0));
	KEXPECT_TRUE(t, padding_untouched(&fb, &mode));
}

static void glyphs_in_32_bit_pixels_with_a_padded_pitch(struct ktest *t)
{
	draw_two_rows(t, 32, 12);
}

static void glyphs_in_24_bit_pixels(struct ktest *t)
{
	draw_two_rows(t, 24, 2);
}

static void glyphs_in_16_bit_pixels(struct ktest *t)
{
	draw_two_rows(t, 16, 4);
}

static void colours_follow_the_pixel_format(struct ktest *t)
{
	struct boot_framebuffer mode = rgb_mode(32, 0);

	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xff, 0x55, 0x00), 0xff5500);
	mode = rgb_mode(16, 0);		/* 5:6:5 */
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xff, 0xff, 0xff), 0xffff);
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xff, 0, 0), 0xf800);
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0, 0xff, 0), 0x07e0);
	mode.bpp = 15;			/* 5:5:5, green one bit narrower */
	mode.red_position = 10, mode.green_size = 5;
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xff, 0xff, 0xff), 0x7fff);
	mode = rgb_mode(32, 0);		/* BGR order, as some firmware has */
	mode.red_position = 0, mode.blue_position = 16;
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xaa, 0, 0x11), 0x1100aa);
}

static void an_indexed_mode_uses_the_nearest_palette_entry(struct ktest *t)
{
	struct boot_framebuffer mode = { .width = 8, .height = 16, .pitch = 8, .bpp = 8,
					 .type = BOOT_FB_INDEXED, .palette_len = 3,
					 .palette = { { 0, 0, 0 }, { 0xff, 0xff, 0xff },
						      { 0xc0, 0, 0 } } };

	KEXPECT_NULL(t, fb_check_mode(&mode));
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0, 0, 0), 0);
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xff, 0xff, 0x55), 1);
	KEXPECT_EQ(t, fb_pixel_value(&mode, 0xaa, 0, 0), 2);
}

static void scrolling_moves_rows_of_pixels_both_ways(struct ktest *t)
{
	struct boot_framebuffer mode = rgb_mode(32, 8);
	const struct vt_cell a[2] = { { 'a', VT_ATTR_DEFAULT }, { 'b', VT_ATTR_DEFAULT } };
	const struct vt_cell z[2] = { { 'y', VT_ATTR_DEFAULT }, { 'z', VT_ATTR_DEFAULT } };
	struct fb_display fb;
	u32 grey;

	memset(pixels, CANARY, sizeof(pixels));
	fb_display_init(&fb, &mode, pixels);
	grey = fb.colors[VT_LIGHT_GREY];
	fb.vt.draw_row(&fb.vt, 0, a);
	fb.vt.draw_row(&fb.vt, 1, z);
	fb.vt.move_rows(&fb.vt, 0, 1, 1);	/* up, as when a line comes in */
	KEXPECT_TRUE(t, cell_shows(&fb, 0, 0, 'y', grey, 0));
	KEXPECT_TRUE(t, cell_shows(&fb, 1, 0, 'z', grey, 0));
	fb.vt.draw_row(&fb.vt, 0, a);
	fb.vt.move_rows(&fb.vt, 1, 0, 1);	/* down, as when the history is shown */
	KEXPECT_TRUE(t, cell_shows(&fb, 0, 1, 'a', grey, 0));
	KEXPECT_TRUE(t, cell_shows(&fb, 1, 1, 'b', grey, 0));
	KEXPECT_TRUE(t, padding_untouched(&fb, &mode));
}

static void modes_that_cannot_be_drawn_are_refused(struct ktest *t)
{
	struct boot_framebuffer mode = rgb_mode(32, 0);

	mode.pitch = mode.width * 4 - 1;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "its rows overlap (the pitch is less than a row of pixels)");
	mode = rgb_mode(32, 0);
	mode.bpp = 12;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "its pixels are not of 15, 16, 24 or 32 bits");
	mode = rgb_mode(16, 0);
	mode.red_position = 12;		/* 12 + 5 > 16 */
	KEXPECT_STREQ(t, fb_check_mode(&mode), "a colour's bits lie outside the pixel");
	mode = rgb_mode(32, 0);
	mode.green_size = 0;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "a colour's bits lie outside the pixel");
	mode = rgb_mode(32, 0);
	mode.height = FONT_HEIGHT - 1;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it is smaller than one character");
	mode = rgb_mode(32, 0);
	mode.addr = ~0ULL - 100;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it runs past the end of the address space");
	mode = rgb_mode(32, 0);
	mode.type = BOOT_FB_INDEXED;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it is an indexed mode of other than 8 bits a pixel");
	mode.bpp = 8;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it is an indexed mode without a palette");
	mode.type = 7;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it is not a graphics mode");
	mode.type = BOOT_FB_EGA_TEXT;
	KEXPECT_STREQ(t, fb_check_mode(&mode), "it is not a graphics mode");
}

static void vga_text_rows_land_a_pitch_apart(struct ktest *t)
{
	struct boot_framebuffer mode = { .width = 3, .height = 2, .pitch = 8, .bpp = 16,
					 .type = BOOT_FB_EGA_TEXT };
	const struct vt_cell row[3] = { { 'x', 0x1f }, { 'y', 0x07 }, { 'z', 0x4f } };
	struct vga_text_display vga;
	u8 memory[16];

	KASSERT_NULL(t, vga_text_check_mode(&mode));
	memset(memory, CANARY, sizeof(memory));
	vga_text_display_init(&vga, &mode, memory);
	vga.vt.draw_row(&vga.vt, 1, row);
	KEXPECT_EQ(t, memory[8], 'x');
	KEXPECT_EQ(t, memory[9], 0x1f);
	KEXPECT_EQ(t, memory[12], 'z');
	KEXPECT_EQ(t, memory[13], 0x4f);
	KEXPECT_EQ(t, memory[14], CANARY);	/* the pitch's padding */
	KEXPECT_EQ(t, memory[0], CANARY);	/* row 0 untouched */
	mode.pitch = 5;
	KEXPECT_STREQ(t, vga_text_check_mode(&mode),
		      "its rows overlap (the pitch is less than two bytes a column)");
	mode.pitch = 8;
	mode.width = VT_MAX_COLS + 1;
	KEXPECT_STREQ(t, vga_text_check_mode(&mode),
		      "it has more rows or columns than the console keeps");
	mode.type = BOOT_FB_RGB;
	KEXPECT_STREQ(t, vga_text_check_mode(&mode), "it is not a text mode");
}

/*
 * The test boots are BIOS boots, where grub.cfg keeps VGA text mode: GRUB
 * must have said so in the framebuffer tag, and the screen console must
 * be drawing there.
 */
static void a_bios_boot_gets_the_vga_text_screen(struct ktest *t)
{
	const struct boot_framebuffer *mode = &boot_info.framebuffer;
	struct vt *vt = vt_console();

	if (!boot_info.has_framebuffer || mode->type != BOOT_FB_EGA_TEXT)
		ktest_skip(t, "not booted in VGA text mode");
	KEXPECT_EQ(t, mode->addr, 0xb8000);
	KEXPECT_EQ(t, mode->width, 80);
	KEXPECT_EQ(t, mode->height, 25);
	KEXPECT_EQ(t, mode->pitch, 160);
	KASSERT_NOT_NULL(t, vt);
	KEXPECT_STREQ(t, vt->display->name, "VGA text");
	KEXPECT_STREQ(t, vt->console.name, "tty0");
}

static struct ktest_case video_cases[] = {
	KTEST_CASE(glyphs_in_32_bit_pixels_with_a_padded_pitch),
	KTEST_CASE(glyphs_in_24_bit_pixels),
	KTEST_CASE(glyphs_in_16_bit_pixels),
	KTEST_CASE(colours_follow_the_pixel_format),
	KTEST_CASE(an_indexed_mode_uses_the_nearest_palette_entry),
	KTEST_CASE(scrolling_moves_rows_of_pixels_both_ways),
	KTEST_CASE(modes_that_cannot_be_drawn_are_refused),
	KTEST_CASE(vga_text_rows_land_a_pitch_apart),
	KTEST_CASE(a_bios_boot_gets_the_vga_text_screen),
	{}
};
static struct ktest_suite video_suite = {
	.name = "video",
	.cases = video_cases,
};
ktest_register_suite(video_suite);
