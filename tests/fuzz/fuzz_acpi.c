// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the ACPI table parsers of arch/x86_64/acpi_tables.c.
 *
 * The first byte of an input chooses the parser and the rest is the table,
 * copied to the end of an exact-size allocation so that a read past it is
 * an AddressSanitizer report:
 *
 *	bits 0-1	0: acpi_validate_rsdp()  1: acpi_parse_root() of an RSDT
 *			2: acpi_parse_root() of an XSDT  3: acpi_parse_madt()
 *	bit 2		keep the checksum as it is; by default it is fixed up
 *			first, so that mutations reach the code behind the
 *			checksum test instead of dying there
 *
 * tests/fuzz/capture_seeds.py writes QEMU's real tables in this form.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/acpi.h>

#include "fuzz.h"

enum { FUZZ_RSDP, FUZZ_RSDT, FUZZ_XSDT, FUZZ_MADT };
#define FUZZ_KEEP_CHECKSUM 0x4
#define ROOT_MAX	   16

/* Sets the byte at @at so that the first @len bytes of @p sum to 0. */
static void fix_checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;
	size_t i;

	if (at >= len)
		return;
	p[at] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[at] = -sum;
}

static void fix_rsdp(uint8_t *p, size_t size)
{
	const struct acpi_table_rsdp *r = (const void *)p;

	fix_checksum(p, size < ACPI_RSDP_V1_SIZE ? size : ACPI_RSDP_V1_SIZE,
		     offsetof(struct acpi_table_rsdp, checksum));
	if (size >= ACPI_RSDP_V2_SIZE && r->length <= size)
		fix_checksum(p, r->length, offsetof(struct acpi_table_rsdp, extended_checksum));
}

static void fix_table(uint8_t *p, size_t size)
{
	const struct acpi_table_header *h = (const void *)p;

	if (size >= sizeof(*h) && h->length <= size)
		fix_checksum(p, h->length, offsetof(struct acpi_table_header, checksum));
}

static void fuzz_rsdp(const uint8_t *p, size_t size)
{
	u64 root_phys = 0;
	bool is_xsdt = false;

	if (!acpi_validate_rsdp(p, size, &root_phys, &is_xsdt))
		FUZZ_CHECK(root_phys != 0);
}

static void fuzz_root(const uint8_t *p, size_t size, bool is_xsdt)
{
	u64 phys[ROOT_MAX + 1];
	unsigned int nr = 0;
	const char *err;

	phys[ROOT_MAX] = 0x5a5a5a5a5a5a5a5aULL; /* must stay untouched */
	err = acpi_parse_root(p, size, is_xsdt, phys, ROOT_MAX, &nr);
	FUZZ_CHECK(phys[ROOT_MAX] == 0x5a5a5a5a5a5a5a5aULL);
	if (!err)
		FUZZ_CHECK(nr <= (size - sizeof(struct acpi_table_header)) / (is_xsdt ? 8 : 4));
}

static void fuzz_madt(const uint8_t *p, size_t size)
{
	struct madt_info info;
	unsigned int i, j;

	if (acpi_parse_madt(p, size, &info))
		return;
	FUZZ_CHECK(info.nr_cpus >= 1 && info.nr_cpus <= NR_CPUS);
	FUZZ_CHECK(info.nr_ioapics <= MADT_MAX_IOAPICS);
	FUZZ_CHECK(info.nr_overrides <= MADT_MAX_OVERRIDES);
	FUZZ_CHECK(info.nr_lapic_nmis <= MADT_MAX_LAPIC_NMIS);
	/* SMP bring-up starts each listed APIC id once. */
	for (i = 0; i < info.nr_cpus; i++) {
		for (j = i + 1; j < info.nr_cpus; j++)
			FUZZ_CHECK(info.apic_ids[i] != info.apic_ids[j]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mode, *p;

	if (!size)
		return 0;
	mode = data[0];
	size--;
	p = malloc(size ? size : 1);
	memcpy(p, data + 1, size);
	if (!(mode & FUZZ_KEEP_CHECKSUM)) {
		if ((mode & 3) == FUZZ_RSDP)
			fix_rsdp(p, size);
		else
			fix_table(p, size);
	}
	switch (mode & 3) {
	case FUZZ_RSDP:
		fuzz_rsdp(p, size);
		break;
	case FUZZ_RSDT:
	case FUZZ_XSDT:
		fuzz_root(p, size, (mode & 3) == FUZZ_XSDT);
		break;
	case FUZZ_MADT:
		fuzz_madt(p, size);
		break;
	}
	free(p);
	return 0;
}
