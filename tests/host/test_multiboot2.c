// SPDX-License-Identifier: GPL-2.0
/*
 * The multiboot2 parser against well-formed and malformed boot information.
 *
 * Every malformed buffer here sits at the very end of a heap allocation,
 * so a single byte read past what the parser was allowed to read is an
 * AddressSanitizer error, not a silent pass.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/multiboot2.h>

#include "harness.h"

struct builder {
	uint8_t buf[8192];
	size_t len;
};

static void start(struct builder *b)
{
	memset(b, 0, sizeof(*b));
	b->len = sizeof(struct mb2_info_header);
}

/* Appends a tag of @size bytes (header included) and returns its payload. */
static void *add_tag(struct builder *b, uint32_t type, uint32_t size)
{
	struct mb2_tag *tag = (void *)(b->buf + b->len);

	tag->type = type;
	tag->size = size;
	b->len += (size + 7) & ~7u;
	return tag + 1;
}

static void add_string(struct builder *b, uint32_t type, const char *s)
{
	memcpy(add_tag(b, type, sizeof(struct mb2_tag) + strlen(s) + 1), s, strlen(s) + 1);
}

static void add_mmap(struct builder *b, int n)
{
	uint32_t *hdr = add_tag(b, MB2_TAG_MMAP, 16 + n * 24);
	struct mb2_mmap_entry *e = (void *)(hdr + 2);
	int i;

	hdr[0] = 24;		/* entry_size */
	hdr[1] = 0;		/* entry_version */
	for (i = 0; i < n; i++) {
		e[i].base_addr = (uint64_t)i << 20;
		e[i].length = 1 << 20;
		e[i].type = i % 2 ? BOOT_MEM_RESERVED : BOOT_MEM_AVAILABLE;
	}
}

static void finish(struct builder *b)
{
	add_tag(b, MB2_TAG_END, 8);
	((struct mb2_info_header *)b->buf)->total_size = b->len;
}

static struct boot_info bi;

/* Parses @n bytes of @b placed at the end of an exact-size allocation. */
static const char *parse_exact(const struct builder *b, size_t n)
{
	uint8_t *copy = malloc(n ? n : 1);
	const char *err;

	memcpy(copy, b->buf, n);
	err = multiboot2_parse(copy, n, &bi);
	free(copy);
	return err;
}

HOST_TEST(multiboot2, parses_cmdline_loader_and_memory_map)
{
	struct builder b;

	start(&b);
	add_string(&b, MB2_TAG_CMDLINE, "loglevel=8 ktest.seed=3");
	add_string(&b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_mmap(&b, 3);
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_STREQ(bi.cmdline, "loglevel=8 ktest.seed=3");
	CHECK_STREQ(bi.loader_name, "GRUB 2.06");
	CHECK_EQ(bi.nr_mem, 3);
	CHECK_EQ(bi.mem[1].base, 1 << 20);
	CHECK_EQ(bi.mem[1].type, BOOT_MEM_RESERVED);
}

HOST_TEST(multiboot2, skips_unknown_tags)
{
	struct builder b;

	start(&b);
	memset(add_tag(&b, 4242, 8 + 13), 0xee, 13);
	add_string(&b, MB2_TAG_CMDLINE, "x");
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_STREQ(bi.cmdline, "x");
}

HOST_TEST(multiboot2, copies_the_newest_rsdp)
{
	struct builder b;
	uint8_t *v1, *v2;

	start(&b);
	v2 = add_tag(&b, MB2_TAG_ACPI_NEW, 8 + 36);
	memset(v2, 2, 36);
	v1 = add_tag(&b, MB2_TAG_ACPI_OLD, 8 + 20);
	memset(v1, 1, 20);
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_EQ(bi.rsdp_len, 36);
	CHECK_EQ(bi.rsdp[35], 2);
}

HOST_TEST(multiboot2, records_modules)
{
	struct builder b;
	uint32_t *mod;

	start(&b);
	mod = add_tag(&b, MB2_TAG_MODULE, 8 + 8 + 4);
	mod[0] = 0x200000;
	mod[1] = 0x201000;
	memcpy(mod + 2, "abc", 4);
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_EQ(bi.nr_modules, 1);
	CHECK_EQ(bi.modules[0].end, 0x201000);
}

HOST_TEST(multiboot2, rejects_total_size_beyond_readable_memory)
{
	struct builder b;

	start(&b);
	add_string(&b, MB2_TAG_CMDLINE, "abc");
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len - 8),
		    "the boot information is larger than mapped memory");
	CHECK_STREQ(parse_exact(&b, 4), "the boot information lies outside mapped memory");
}

HOST_TEST(multiboot2, rejects_a_tag_list_without_end_tag)
{
	struct builder b;

	start(&b);
	add_string(&b, MB2_TAG_CMDLINE, "abc");
	((struct mb2_info_header *)b.buf)->total_size = b.len;

	CHECK_STREQ(parse_exact(&b, b.len), "the tag list has no end tag");
}

HOST_TEST(multiboot2, rejects_a_tag_running_past_the_end)
{
	struct builder b;
	struct mb2_tag *tag;

	start(&b);
	tag = (struct mb2_tag *)(b.buf + b.len);
	add_string(&b, MB2_TAG_CMDLINE, "abc");
	finish(&b);
	tag->size = 4000;

	CHECK_STREQ(parse_exact(&b, b.len), "a tag runs past the end of the boot information");
}

HOST_TEST(multiboot2, rejects_a_tag_shorter_than_its_header)
{
	struct builder b;
	struct mb2_tag *tag;

	start(&b);
	tag = (struct mb2_tag *)(b.buf + b.len);
	add_string(&b, MB2_TAG_CMDLINE, "abc");
	finish(&b);
	tag->size = 4;		/* would loop forever if accepted */

	CHECK_STREQ(parse_exact(&b, b.len), "a tag is shorter than a tag header");
}

HOST_TEST(multiboot2, rejects_an_unterminated_string)
{
	struct builder b;

	start(&b);
	memcpy(add_tag(&b, MB2_TAG_CMDLINE, 8 + 4), "abcd", 4);
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), "a string tag is not NUL-terminated");
}

HOST_TEST(multiboot2, rejects_bad_memory_map_entry_sizes)
{
	struct builder b;
	uint32_t *hdr;

	start(&b);
	hdr = add_tag(&b, MB2_TAG_MMAP, 16 + 24);
	hdr[0] = 12;
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the memory map entry size is invalid");

	start(&b);
	add_tag(&b, MB2_TAG_MMAP, 12);
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the memory map tag is too short");
}

HOST_TEST(multiboot2, ignores_a_partial_trailing_mmap_entry)
{
	struct builder b;
	uint32_t *hdr;

	start(&b);
	hdr = add_tag(&b, MB2_TAG_MMAP, 16 + 24 + 10);
	hdr[0] = 24;
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_EQ(bi.nr_mem, 1);
}

HOST_TEST(multiboot2, notes_more_regions_than_fit)
{
	struct builder b;
	uint32_t *hdr;

	start(&b);
	hdr = add_tag(&b, MB2_TAG_MMAP, 16 + 24 * (BOOT_MAX_MEM_REGIONS + 2));
	hdr[0] = 24;
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_EQ(bi.nr_mem, BOOT_MAX_MEM_REGIONS);
	CHECK(bi.mem_truncated);
}

HOST_TEST(multiboot2, rejects_a_wrong_sized_end_tag)
{
	struct builder b;

	start(&b);
	add_tag(&b, MB2_TAG_END, 16);
	((struct mb2_info_header *)b.buf)->total_size = b.len;

	CHECK_STREQ(parse_exact(&b, b.len), "the end tag has the wrong size");
}

/* A framebuffer tag of @type with @extra bytes of colour information. */
static struct mb2_tag_framebuffer *add_framebuffer(struct builder *b, uint8_t type, size_t extra)
{
	struct mb2_tag_framebuffer *fb;

	fb = (void *)((struct mb2_tag *)add_tag(b, MB2_TAG_FRAMEBUFFER, sizeof(*fb) + extra) - 1);
	fb->addr = 0xfd000000;
	fb->pitch = 4096;
	fb->width = 1024;
	fb->height = 768;
	fb->bpp = 32;
	fb->type = type;
	return fb;
}

HOST_TEST(multiboot2, parses_a_direct_colour_framebuffer)
{
	struct mb2_fb_rgb *rgb;
	struct builder b;

	start(&b);
	rgb = (void *)(add_framebuffer(&b, BOOT_FB_RGB, sizeof(*rgb)) + 1);
	*rgb = (struct mb2_fb_rgb){ 16, 8, 8, 8, 0, 8 };
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK(bi.has_framebuffer);
	CHECK_EQ(bi.framebuffer.addr, 0xfd000000);
	CHECK_EQ(bi.framebuffer.pitch, 4096);
	CHECK_EQ(bi.framebuffer.width, 1024);
	CHECK_EQ(bi.framebuffer.height, 768);
	CHECK_EQ(bi.framebuffer.bpp, 32);
	CHECK_EQ(bi.framebuffer.type, BOOT_FB_RGB);
	CHECK_EQ(bi.framebuffer.red_position, 16);
	CHECK_EQ(bi.framebuffer.green_position, 8);
	CHECK_EQ(bi.framebuffer.blue_size, 8);
}

HOST_TEST(multiboot2, parses_an_ega_text_framebuffer)
{
	struct mb2_tag_framebuffer *fb;
	struct builder b;

	start(&b);
	fb = add_framebuffer(&b, BOOT_FB_EGA_TEXT, 0);
	fb->addr = 0xb8000;
	fb->width = 80;
	fb->height = 25;
	fb->pitch = 160;
	fb->bpp = 16;
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK(bi.has_framebuffer);
	CHECK_EQ(bi.framebuffer.type, BOOT_FB_EGA_TEXT);
	CHECK_EQ(bi.framebuffer.addr, 0xb8000);
	CHECK_EQ(bi.framebuffer.width, 80);
}

HOST_TEST(multiboot2, copies_an_indexed_framebuffers_palette)
{
	struct mb2_fb_palette *pal;
	struct builder b;

	start(&b);
	pal = (void *)(add_framebuffer(&b, BOOT_FB_INDEXED, 2 + 3 * 3) + 1);
	pal->num_colors = 3;
	memcpy(pal->colors, "\x00\x00\x00\xaa\x00\x00\xff\xff\xff", 9);
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK_EQ(bi.framebuffer.palette_len, 3);
	CHECK_EQ(bi.framebuffer.palette[1][0], 0xaa);
	CHECK_EQ(bi.framebuffer.palette[2][2], 0xff);
}

HOST_TEST(multiboot2, no_framebuffer_tag_means_no_screen)
{
	struct builder b;

	start(&b);
	add_string(&b, MB2_TAG_CMDLINE, "x");
	finish(&b);

	CHECK_STREQ(parse_exact(&b, b.len), NULL);
	CHECK(!bi.has_framebuffer);
}

HOST_TEST(multiboot2, rejects_framebuffer_tags_cut_short)
{
	struct mb2_fb_palette *pal;
	struct builder b;

	start(&b);
	add_tag(&b, MB2_TAG_FRAMEBUFFER, sizeof(struct mb2_tag_framebuffer) - 1);
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the framebuffer tag is too short");

	start(&b);
	add_framebuffer(&b, BOOT_FB_RGB, 5);
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the framebuffer tag has no colour fields");

	start(&b);
	add_framebuffer(&b, BOOT_FB_INDEXED, 1);
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the framebuffer tag has no palette");

	start(&b);
	pal = (void *)(add_framebuffer(&b, BOOT_FB_INDEXED, 2 + 3 * 3 - 1) + 1);
	pal->num_colors = 3;
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the framebuffer palette runs past its tag");
	CHECK(!bi.has_framebuffer);

	start(&b);
	pal = (void *)(add_framebuffer(&b, BOOT_FB_INDEXED, 2 + 3 * 257) + 1);
	pal->num_colors = 257;
	finish(&b);
	CHECK_STREQ(parse_exact(&b, b.len), "the framebuffer palette has more than 256 colours");
}
