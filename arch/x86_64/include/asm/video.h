/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's screens, as displays of the screen console (include/kernel/vt.h):
 * VGA text mode and a linear framebuffer, whichever the boot loader left
 * (arch/x86_64/video/).
 */
#ifndef _ASM_VIDEO_H
#define _ASM_VIDEO_H

#include <kernel/bootinfo.h>
#include <kernel/vt.h>

/* VGA text memory: cells of a byte and an attribute, as struct vt_cell. */
struct vga_text_display {
	struct vt_display vt;
	struct vt_cell *base;	/* mapped */
	unsigned int stride;	/* cells from one row to the next */
};

/* A linear framebuffer, drawn with lib/font_8x16.c. */
struct fb_display {
	struct vt_display vt;
	u8 *base;		/* mapped */
	u32 pitch;		/* bytes from one row of pixels to the next */
	u32 width, height;	/* pixels */
	unsigned int bytes_per_pixel;
	u32 colors[16];		/* the pixel value of each enum vt_color */
};

/*
 * Whether the screen @mode describes can be drawn on.  Return: NULL, or a
 * sentence saying why not.  Pure.
 */
const char *vga_text_check_mode(const struct boot_framebuffer *mode);
const char *fb_check_mode(const struct boot_framebuffer *mode);

/*
 * Sets up @vga / @fb over memory at @base that holds the screen @mode
 * describes (checked first).  The display is not drawn on yet.
 * vga_text_display_init()'s display has the VGA's hardware cursor.
 */
void vga_text_display_init(struct vga_text_display *vga, const struct boot_framebuffer *mode,
			   void *base);
void fb_display_init(struct fb_display *fb, const struct boot_framebuffer *mode, void *base);
/* Paints all of @fb's pixels black, the margins beyond the text too. */
void fb_clear(struct fb_display *fb);
/* The pixel value of colour (@r, @g, @b) in @mode's format. */
u32 fb_pixel_value(const struct boot_framebuffer *mode, u8 r, u8 g, u8 b);

/*
 * Finds the screen the boot loader described (boot_info.framebuffer),
 * maps it (a framebuffer write-combining) and registers the screen
 * console on it; says why not if it cannot.  Boot CPU, after paging_init().
 */
void video_init(void);

#endif /* _ASM_VIDEO_H */
