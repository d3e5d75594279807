/*
 * The multiboot2 boot information format (multiboot2 specification, 3.6),
 * and our parser of it.
 */
#ifndef _ASM_MULTIBOOT2_H
#define _ASM_MULTIBOOT2_H

#include <kernel/bootinfo.h>
#include <lib/compiler.h>
#include <lib/types.h>

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_BASIC_MEMINFO	4
#define MB2_TAG_MMAP		6
#define MB2_TAG_FRAMEBUFFER	8
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

#define MB2_TAG_ALIGN		8

struct mb2_info_header {
	u32 total_size;
	u32 reserved;
};

struct mb2_tag {
	u32 type;
	u32 size;		/* of this tag, header included, padding not */
};

struct mb2_tag_string {		/* command line, boot loader name */
	struct mb2_tag tag;
	char string[];
};

struct mb2_tag_module {
	struct mb2_tag tag;
	u32 mod_start, mod_end;
	char string[];
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	u32 entry_size;
	u32 entry_version;
};

struct mb2_mmap_entry {
	u64 base_addr;
	u64 length;
	u32 type;
	u32 reserved;
};

/* Framebuffer info (3.6.12); the colour information follows. */
struct mb2_tag_framebuffer {
	struct mb2_tag tag;
	u64 addr;
	u32 pitch;		/* bytes from one row to the next */
	u32 width, height;	/* pixels, or characters for EGA text */
	u8 bpp;
	u8 type;		/* BOOT_FB_INDEXED, BOOT_FB_RGB, BOOT_FB_EGA_TEXT */
	u16 reserved;
};

/* After an indexed framebuffer's header: GRUB writes a u16 count. */
struct mb2_fb_palette {
	u16 num_colors;
	u8 colors[];		/* red, green, blue of each */
};

/* After a direct-colour framebuffer's header. */
struct mb2_fb_rgb {
	u8 red_position, red_size;
	u8 green_position, green_size;
	u8 blue_position, blue_size;
};

/**
 * multiboot2_parse() - read multiboot2 boot information into a boot_info
 * @info: the start of the information (total_size, reserved, tags...)
 * @readable: how many bytes at @info may be read at all
 * @bi: filled in; zeroed first
 *
 * Every length is checked against @readable and against its container
 * before anything is read, so a malformed or truncated tag list cannot make
 * the parser read outside @info.
 *
 * Return: NULL on success, or a sentence saying what is wrong.
 */
const char *multiboot2_parse(const void *info, size_t readable, struct boot_info *bi);

#endif /* _ASM_MULTIBOOT2_H */
