// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the multiboot2 boot information.
 *
 * Pure code over a byte buffer, so that the host unit tests can feed it
 * malformed input (tests/host/test_multiboot2.c).  Each tag is validated
 * before its fields are read; see multiboot2_parse() in asm/multiboot2.h.
 */
#include <asm/multiboot2.h>
#include <lib/string.h>

static void copy_string(char *dst, size_t dst_size, const struct mb2_tag *tag)
{
	const struct mb2_tag_string *s = (const void *)tag;
	size_t len = strnlen(s->string, tag->size - sizeof(*tag));

	if (len >= dst_size)
		len = dst_size - 1;
	memcpy(dst, s->string, len);
	dst[len] = '\0';
}

static const char *parse_string(const struct mb2_tag *tag, char *dst, size_t dst_size)
{
	const struct mb2_tag_string *s = (const void *)tag;

	if (!memchr(s->string, '\0', tag->size - sizeof(*tag)))
		return "a string tag is not NUL-terminated";
	copy_string(dst, dst_size, tag);
	return NULL;
}

static const char *parse_mmap(const struct mb2_tag *tag, struct boot_info *bi)
{
	const struct mb2_tag_mmap *mmap = (const void *)tag;
	const u8 *entry, *end = (const u8 *)tag + tag->size;

	if (tag->size < sizeof(*mmap))
		return "the memory map tag is too short";
	if (mmap->entry_size < sizeof(struct mb2_mmap_entry) ||
	    mmap->entry_size % 8)
		return "the memory map entry size is invalid";

	for (entry = (const u8 *)(mmap + 1); entry + mmap->entry_size <= end;
	     entry += mmap->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)entry;

		if (bi->nr_mem == BOOT_MAX_MEM_REGIONS) {
			bi->mem_truncated = true;
			break;
		}
		bi->mem[bi->nr_mem].base = e->base_addr;
		bi->mem[bi->nr_mem].length = e->length;
		bi->mem[bi->nr_mem].type = e->type;
		bi->nr_mem++;
	}
	return NULL;
}

static const char *parse_module(const struct mb2_tag *tag, struct boot_info *bi)
{
	const struct mb2_tag_module *mod = (const void *)tag;

	if (tag->size < sizeof(*mod))
		return "a module tag is too short";
	if (mod->mod_end < mod->mod_start)
		return "a module ends before it starts";
	if (bi->nr_modules < BOOT_MAX_MODULES) {
		bi->modules[bi->nr_modules].start = mod->mod_start;
		bi->modules[bi->nr_modules].end = mod->mod_end;
		bi->nr_modules++;
	}
	return NULL;
}

static const char *parse_rsdp(const struct mb2_tag *tag, struct boot_info *bi)
{
	size_t len = tag->size - sizeof(*tag);

	if (len < 20)
		return "an ACPI RSDP tag is shorter than an RSDP";
	if (len > sizeof(bi->rsdp))
		len = sizeof(bi->rsdp);
	/* Prefer the ACPI 2.0+ copy when the loader gives both. */
	if (len >= bi->rsdp_len) {
		memcpy(bi->rsdp, tag + 1, len);
		bi->rsdp_len = len;
	}
	return NULL;
}

static const char *parse_palette(const struct mb2_tag *tag, struct boot_framebuffer *fb)
{
	const struct mb2_fb_palette *pal = (const void *)((const u8 *)tag +
							  sizeof(struct mb2_tag_framebuffer));
	size_t room = tag->size - sizeof(struct mb2_tag_framebuffer);

	if (room < sizeof(*pal))
		return "the framebuffer tag has no palette";
	if (pal->num_colors > BOOT_FB_PALETTE_MAX)
		return "the framebuffer palette has more than 256 colours";
	if (pal->num_colors * 3 > room - sizeof(*pal))
		return "the framebuffer palette runs past its tag";
	memcpy(fb->palette, pal->colors, pal->num_colors * 3);
	fb->palette_len = pal->num_colors;
	return NULL;
}

static const char *parse_rgb_fields(const struct mb2_tag *tag, struct boot_framebuffer *fb)
{
	const struct mb2_fb_rgb *rgb = (const void *)((const u8 *)tag +
						      sizeof(struct mb2_tag_framebuffer));

	if (tag->size < sizeof(struct mb2_tag_framebuffer) + sizeof(*rgb))
		return "the framebuffer tag has no colour fields";
	fb->red_position = rgb->red_position;
	fb->red_size = rgb->red_size;
	fb->green_position = rgb->green_position;
	fb->green_size = rgb->green_size;
	fb->blue_position = rgb->blue_position;
	fb->blue_size = rgb->blue_size;
	return NULL;
}

/*
 * Only the layout is checked here; whether the numbers make a screen we
 * can draw on is the screen console's business (a bad mode must not stop
 * the boot, it only leaves the serial console).
 */
static const char *parse_framebuffer(const struct mb2_tag *tag, struct boot_info *bi)
{
	const struct mb2_tag_framebuffer *t = (const void *)tag;
	struct boot_framebuffer *fb = &bi->framebuffer;
	const char *err = NULL;

	if (tag->size < sizeof(*t))
		return "the framebuffer tag is too short";
	memset(fb, 0, sizeof(*fb));
	fb->addr = t->addr;
	fb->pitch = t->pitch;
	fb->width = t->width;
	fb->height = t->height;
	fb->bpp = t->bpp;
	fb->type = t->type;
	if (t->type == BOOT_FB_INDEXED)
		err = parse_palette(tag, fb);
	else if (t->type == BOOT_FB_RGB)
		err = parse_rgb_fields(tag, fb);
	if (err)
		return err;
	bi->has_framebuffer = true;
	return NULL;
}

static const char *parse_tag(const struct mb2_tag *tag, struct boot_info *bi)
{
	switch (tag->type) {
	case MB2_TAG_CMDLINE:
		return parse_string(tag, bi->cmdline, sizeof(bi->cmdline));
	case MB2_TAG_LOADER_NAME:
		return parse_string(tag, bi->loader_name, sizeof(bi->loader_name));
	case MB2_TAG_MODULE:
		return parse_module(tag, bi);
	case MB2_TAG_MMAP:
		return parse_mmap(tag, bi);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return parse_rsdp(tag, bi);
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(tag, bi);
	default:
		return NULL;	/* tags we do not use are skipped */
	}
}

const char *multiboot2_parse(const void *info, size_t readable, struct boot_info *bi)
{
	const struct mb2_info_header *hdr = info;
	const u8 *base = info;
	size_t offset = sizeof(*hdr);
	const char *err;

	memset(bi, 0, sizeof(*bi));
	if ((unsigned long)info % MB2_TAG_ALIGN)
		return "the boot information is not 8-byte aligned";
	if (readable < sizeof(*hdr))
		return "the boot information lies outside mapped memory";
	if (hdr->total_size < sizeof(*hdr) + sizeof(struct mb2_tag))
		return "the boot information is too small to hold an end tag";
	if (hdr->total_size > readable)
		return "the boot information is larger than mapped memory";

	while (offset + sizeof(struct mb2_tag) <= hdr->total_size) {
		const struct mb2_tag *tag = (const void *)(base + offset);

		if (tag->size < sizeof(*tag))
			return "a tag is shorter than a tag header";
		if (tag->size > hdr->total_size - offset)
			return "a tag runs past the end of the boot information";
		if (tag->type == MB2_TAG_END)
			return tag->size == sizeof(*tag) ? NULL : "the end tag has the wrong size";
		err = parse_tag(tag, bi);
		if (err)
			return err;
		offset += ALIGN(tag->size, MB2_TAG_ALIGN);
	}
	return "the tag list has no end tag";
}
