// SPDX-License-Identifier: GPL-2.0
/*
 * Which screen: the one the boot loader describes in multiboot2's
 * framebuffer tag.  Under a BIOS, GRUB keeps VGA text mode
 * (iso/boot/grub/grub.cfg) and says so with an EGA text "framebuffer";
 * under UEFI it sets a graphics mode and describes its pixels.  A screen
 * that cannot be drawn on is named with the reason, and the kernel goes
 * on with the serial console alone.
 */
#define pr_fmt(fmt) "screen: " fmt

#include <asm/io.h>
#include <asm/video.h>
#include <kernel/printk.h>

static struct vga_text_display vga_text;
static struct fb_display framebuffer;

static struct vt_display *vga_text_probe(const struct boot_framebuffer *mode)
{
	void *base = ioremap(mode->addr, (u64)mode->pitch * mode->height);

	if (!base)
		return NULL;
	vga_text_display_init(&vga_text, mode, base);
	return &vga_text.vt;
}

static struct vt_display *fb_probe(const struct boot_framebuffer *mode)
{
	void *base = ioremap_wc(mode->addr, (u64)mode->pitch * mode->height);

	if (!base)
		return NULL;
	fb_display_init(&framebuffer, mode, base);
	fb_clear(&framebuffer);
	return &framebuffer.vt;
}

static const char *const fb_type_names[] = {
	[BOOT_FB_INDEXED] = "indexed", [BOOT_FB_RGB] = "RGB", [BOOT_FB_EGA_TEXT] = "text",
};

void video_init(void)
{
	const struct boot_framebuffer *mode = &boot_info.framebuffer;
	bool text = mode->type == BOOT_FB_EGA_TEXT;
	struct vt_display *display;
	const char *why;

	if (!boot_info.has_framebuffer) {
		pr_info("the boot loader describes no screen; serial console only\n");
		return;
	}
	why = text ? vga_text_check_mode(mode) : fb_check_mode(mode);
	if (why) {
		pr_warn("cannot use the %ux%u %s mode at %#llx: %s; serial console only\n",
			mode->width, mode->height,
			mode->type < ARRAY_SIZE(fb_type_names) ? fb_type_names[mode->type] : "unknown",
			mode->addr, why);
		return;
	}
	display = text ? vga_text_probe(mode) : fb_probe(mode);
	if (!display || vt_console_register(display)) {
		pr_err("cannot map the screen at %#llx; serial console only\n", mode->addr);
		return;
	}
	if (text)
		pr_info("VGA text mode, %ux%u characters\n", display->cols, display->rows);
	else
		pr_info("framebuffer %ux%u, %u bits a pixel, pitch %u, at %#llx (%ux%u characters)\n",
			mode->width, mode->height, mode->bpp, mode->pitch, mode->addr,
			display->cols, display->rows);
}
