/*
 * What the boot loader told us, in a form the rest of the kernel can use
 * without knowing multiboot2.  Filled once at boot by the architecture,
 * read-only afterwards.
 */
#ifndef _KERNEL_BOOTINFO_H
#define _KERNEL_BOOTINFO_H

#include <lib/types.h>

#define BOOT_CMDLINE_MAX	1024
#define BOOT_LOADER_NAME_MAX	64
#define BOOT_MAX_MEM_REGIONS	128
#define BOOT_MAX_MODULES	16

/* Memory region types, as multiboot2 (and the BIOS's E820) number them. */
enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_region {
	u64 base;
	u64 length;
	u32 type;		/* enum boot_mem_type, or another firmware value */
};

struct boot_module {
	u64 start, end;		/* physical, end exclusive */
};

/* What multiboot2's framebuffer tag says (framebuffer_type). */
enum boot_fb_type {
	BOOT_FB_INDEXED = 0,	/* bpp-bit indices into a palette */
	BOOT_FB_RGB = 1,	/* direct colour: a bit field for each of red, green, blue */
	BOOT_FB_EGA_TEXT = 2,	/* VGA text mode: width x height cells of 2 bytes */
};

#define BOOT_FB_PALETTE_MAX	256

/*
 * The screen the boot loader left us.  Copied as given: whether it can be
 * drawn on (sizes that add up, a format we know) is for the screen console
 * to decide (fb_check_format()).
 */
struct boot_framebuffer {
	u64 addr;		/* physical */
	u32 pitch;		/* bytes from one row to the next */
	u32 width, height;	/* pixels; characters for EGA text */
	u8 bpp;			/* bits per pixel; 16 for EGA text */
	u8 type;		/* enum boot_fb_type */
	/* BOOT_FB_RGB: where each colour's bits are, from bit 0 of a pixel. */
	u8 red_position, red_size;
	u8 green_position, green_size;
	u8 blue_position, blue_size;
	/* BOOT_FB_INDEXED: the palette, red, green, blue of each entry. */
	unsigned int palette_len;
	u8 palette[BOOT_FB_PALETTE_MAX][3];
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX];
	char loader_name[BOOT_LOADER_NAME_MAX];

	struct boot_mem_region mem[BOOT_MAX_MEM_REGIONS];
	unsigned int nr_mem;
	bool mem_truncated;	/* more regions than fit in mem[] */

	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int nr_modules;

	/* A copy of the ACPI RSDP (v1: 20 bytes, v2+: 36), if the loader gave one. */
	u8 rsdp[36];
	unsigned int rsdp_len;

	/* The screen, if the loader described one (has_framebuffer). */
	struct boot_framebuffer framebuffer;
	bool has_framebuffer;

	/* Where the boot information itself lies, so that it is not reused. */
	u64 info_phys, info_size;
};

extern struct boot_info boot_info;

/* Bytes of memory the firmware calls available. */
u64 boot_mem_available(const struct boot_info *bi);
const char *boot_mem_type_name(u32 type);

#endif /* _KERNEL_BOOTINFO_H */
