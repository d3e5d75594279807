// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: multiboot2_parse() over arbitrary boot information.
 *
 * The input is copied to the start of an allocation of exactly its size,
 * 8-byte aligned as the loader guarantees, and the parser is told that
 * exactly those bytes are readable: a read past them is an AddressSanitizer
 * report.  What it returns must then hold up: an accepted block gave
 * NUL-terminated strings and counts within their arrays (the framebuffer's
 * palette too).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/multiboot2.h>

#include "fuzz.h"

static struct boot_info bi;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1); /* malloc aligns to 16 */
	const char *err;

	memcpy(copy, data, size);
	err = multiboot2_parse(copy, size, &bi);
	free(copy);

	FUZZ_CHECK(bi.nr_mem <= BOOT_MAX_MEM_REGIONS);
	FUZZ_CHECK(bi.nr_modules <= BOOT_MAX_MODULES);
	FUZZ_CHECK(bi.rsdp_len <= sizeof(bi.rsdp));
	FUZZ_CHECK(bi.framebuffer.palette_len <= BOOT_FB_PALETTE_MAX);
	FUZZ_CHECK(memchr(bi.cmdline, '\0', sizeof(bi.cmdline)));
	FUZZ_CHECK(memchr(bi.loader_name, '\0', sizeof(bi.loader_name)));
	if (!err) {
		FUZZ_CHECK(size >= sizeof(struct mb2_info_header) + sizeof(struct mb2_tag));
		FUZZ_CHECK(!bi.rsdp_len || bi.rsdp_len >= 20);
	}
	return 0;
}
