// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI table parsers (arch/x86_64/acpi_tables.c) against well-formed
 * and malformed RSDPs, RSDTs, XSDTs and MADTs.
 *
 * As in test_multiboot2.c, every table is parsed from the very end of an
 * exact-size heap allocation, so one byte read past what the parser was
 * allowed to read is an AddressSanitizer error, not a silent pass.
 * Layouts: ACPI specification 6.5, 5.2.5 (RSDP), 5.2.6 (table header),
 * 5.2.7/5.2.8 (RSDT, XSDT) and 5.2.12 (MADT).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <asm/acpi.h>
#include <lib/random.h>

#include "harness.h"

struct builder {
	uint8_t buf[4096];
	size_t len;
};

static uint8_t checksum_of(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/* Starts a table: a 36-byte header with @sig and nothing else yet. */
static struct acpi_table_header *start_table(struct builder *b, const char *sig)
{
	struct acpi_table_header *h = (void *)b->buf;

	memset(b, 0, sizeof(*b));
	memcpy(h->signature, sig, 4);
	h->revision = 1;
	memcpy(h->oem_id, "KTHRDS", 6);
	memcpy(h->oem_table_id, "TESTTABL", 8);
	b->len = sizeof(*h);
	return h;
}

static void *append(struct builder *b, size_t size)
{
	void *p = b->buf + b->len;

	b->len += size;
	return p;
}

/* Sets the header's length to what was built, and the checksum to match. */
static void finish_table(struct builder *b)
{
	struct acpi_table_header *h = (void *)b->buf;

	h->length = b->len;
	h->checksum = 0;
	h->checksum = -checksum_of(b->buf, b->len);
}

/* After a field was changed on purpose: a good checksum again. */
static void fix_checksum(struct builder *b)
{
	struct acpi_table_header *h = (void *)b->buf;

	h->checksum = 0;
	h->checksum = -checksum_of(b->buf, h->length < b->len ? h->length : b->len);
}

static void start_madt(struct builder *b, uint32_t lapic_addr, uint32_t flags)
{
	struct acpi_table_madt *madt = (void *)start_table(b, ACPI_SIG_MADT);

	madt->address = lapic_addr;
	madt->flags = flags;
	b->len = sizeof(*madt);
}

static void *add_entry(struct builder *b, uint8_t type, uint8_t length)
{
	struct acpi_subtable_header *e = append(b, length);

	e->type = type;
	e->length = length;
	return e;
}

static void add_lapic(struct builder *b, uint8_t uid, uint8_t id, uint32_t flags)
{
	struct acpi_madt_local_apic *e = add_entry(b, ACPI_MADT_TYPE_LOCAL_APIC, sizeof(*e));

	e->processor_id = uid;
	e->id = id;
	e->lapic_flags = flags;
}

static void add_x2apic(struct builder *b, uint32_t uid, uint32_t id, uint32_t flags)
{
	struct acpi_madt_local_x2apic *e = add_entry(b, ACPI_MADT_TYPE_LOCAL_X2APIC, sizeof(*e));

	e->uid = uid;
	e->local_apic_id = id;
	e->lapic_flags = flags;
}

static void add_ioapic(struct builder *b, uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	struct acpi_madt_io_apic *e = add_entry(b, ACPI_MADT_TYPE_IO_APIC, sizeof(*e));

	e->id = id;
	e->address = addr;
	e->global_irq_base = gsi_base;
}

static void add_override(struct builder *b, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	struct acpi_madt_interrupt_override *e =
		add_entry(b, ACPI_MADT_TYPE_INTERRUPT_OVERRIDE, sizeof(*e));

	e->bus = 0;
	e->source_irq = irq;
	e->global_irq = gsi;
	e->inti_flags = flags;
}

static void add_lapic_nmi(struct builder *b, uint8_t uid, uint8_t lint, uint16_t flags)
{
	struct acpi_madt_local_apic_nmi *e =
		add_entry(b, ACPI_MADT_TYPE_LOCAL_APIC_NMI, sizeof(*e));

	e->processor_id = uid;
	e->lint = lint;
	e->inti_flags = flags;
}

/*
 * The MADT QEMU builds for a PC, with one more twist: four processors, of
 * which the third is disabled.
 */
static void build_pc_madt(struct builder *b)
{
	start_madt(b, 0xfee00000, ACPI_MADT_PCAT_COMPAT);
	add_lapic(b, 0, 0, ACPI_MADT_ENABLED);
	add_lapic(b, 1, 1, ACPI_MADT_ENABLED);
	add_lapic(b, 2, 2, 0);
	add_lapic(b, 3, 3, ACPI_MADT_ENABLED);
	add_ioapic(b, 0, 0xfec00000, 0);
	add_override(b, 0, 2, 0);
	add_override(b, 9, 9, 0xd);	/* SCI: level-triggered, active high */
	add_lapic_nmi(b, ACPI_PROCESSOR_ALL, 1, 0);
	finish_table(b);
}

/*
 * Copies @n bytes of @src to the end of a heap allocation of exactly that
 * size (one byte, and a pointer past it, when @n is 0), so that AddressSanitizer
 * reports any read beyond them.  Free *@alloc afterwards.
 */
static const void *exact_copy(const void *src, size_t n, void **alloc)
{
	uint8_t *copy = malloc(n ? n : 1);

	*alloc = copy;
	memcpy(copy, src, n);
	return n ? copy : copy + 1;
}

static struct madt_info info;

static const char *parse_madt_exact(const struct builder *b, size_t n)
{
	void *alloc;
	const char *err = acpi_parse_madt(exact_copy(b->buf, n, &alloc), n, &info);

	free(alloc);
	return err;
}

/* ---- checksum ---- */

HOST_TEST(acpi, checksum_accepts_bytes_summing_to_zero)
{
	uint8_t bytes[] = { 0x10, 0x20, 0xd0 };

	CHECK(acpi_checksum_ok(bytes, sizeof(bytes)));
	CHECK(acpi_checksum_ok(bytes, 0));
	bytes[1] ^= 1;
	CHECK(!acpi_checksum_ok(bytes, sizeof(bytes)));
}

/* ---- RSDP ---- */

static void build_rsdp(struct acpi_table_rsdp *r, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->signature, ACPI_RSDP_SIGNATURE, 8);
	memcpy(r->oem_id, "KTHRDS", 6);
	r->revision = revision;
	r->rsdt_physical_address = rsdt;
	r->checksum = -checksum_of(r, ACPI_RSDP_V1_SIZE);
	if (revision >= 2) {
		r->length = ACPI_RSDP_V2_SIZE;
		r->xsdt_physical_address = xsdt;
		r->extended_checksum = -checksum_of(r, ACPI_RSDP_V2_SIZE);
	}
}

static u64 root_phys;
static bool is_xsdt;

static const char *validate_rsdp_exact(const struct acpi_table_rsdp *r, size_t n)
{
	void *alloc;
	const char *err;

	root_phys = 0x5a5a;
	is_xsdt = true;
	err = acpi_validate_rsdp(exact_copy(r, n, &alloc), n, &root_phys, &is_xsdt);
	free(alloc);
	return err;
}

HOST_TEST(acpi, rsdp_v1_gives_the_rsdt)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 0, 0x0ffe1000, 0);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V1_SIZE), NULL);
	CHECK_EQ(root_phys, 0x0ffe1000);
	CHECK(!is_xsdt);
}

HOST_TEST(acpi, rsdp_v1_with_a_bad_checksum_is_rejected)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 0, 0x0ffe1000, 0);
	r.oem_id[0] ^= 0x40;
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V1_SIZE), "the RSDP checksum is wrong");
	/* Nothing is reported on failure. */
	CHECK_EQ(root_phys, 0x5a5a);
	CHECK(is_xsdt);
}

HOST_TEST(acpi, rsdp_without_signature_is_rejected)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 0, 0x0ffe1000, 0);
	r.signature[7] = '\0';
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V1_SIZE),
		    "the RSDP has no \"RSD PTR \" signature");
}

HOST_TEST(acpi, rsdp_shorter_than_20_bytes_is_rejected)
{
	struct acpi_table_rsdp r;
	size_t n;

	build_rsdp(&r, 0, 0x0ffe1000, 0);
	for (n = 0; n < ACPI_RSDP_V1_SIZE; n++)
		CHECK_STREQ(validate_rsdp_exact(&r, n), "the RSDP is shorter than 20 bytes");
}

HOST_TEST(acpi, rsdp_v2_prefers_the_xsdt)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0x123456789000ULL);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE), NULL);
	CHECK_EQ(root_phys, 0x123456789000ULL);
	CHECK(is_xsdt);
}

HOST_TEST(acpi, rsdp_v2_with_a_bad_extended_checksum_is_rejected)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0x123456789000ULL);
	/* Outside the first 20 bytes: only the extended checksum covers it. */
	r.xsdt_physical_address ^= 0x1000;
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE),
		    "the RSDP extended checksum is wrong");
}

HOST_TEST(acpi, rsdp_v2_with_a_bad_v1_checksum_is_rejected)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0x123456789000ULL);
	r.checksum ^= 1;
	/* The extended checksum stays good: only the first 20 bytes are wrong. */
	r.extended_checksum = 0;
	r.extended_checksum = -checksum_of(&r, ACPI_RSDP_V2_SIZE);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE), "the RSDP checksum is wrong");
}

/* GRUB's "ACPI old" tag copies 20 bytes even of a revision 2 RSDP. */
HOST_TEST(acpi, rsdp_v2_cut_to_20_bytes_gives_the_rsdt)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0x123456789000ULL);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V1_SIZE), NULL);
	CHECK_EQ(root_phys, 0x0ffe1000);
	CHECK(!is_xsdt);
}

HOST_TEST(acpi, rsdp_v2_without_xsdt_gives_the_rsdt)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE), NULL);
	CHECK_EQ(root_phys, 0x0ffe1000);
	CHECK(!is_xsdt);
}

HOST_TEST(acpi, rsdp_v2_length_field_is_checked)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 2, 0x0ffe1000, 0x123456789000ULL);
	r.length = 40;		/* more than the 36 bytes we may read */
	r.extended_checksum = 0;
	r.extended_checksum = -checksum_of(&r, ACPI_RSDP_V2_SIZE);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE),
		    "the RSDP length runs past the readable bytes");

	r.length = 24;
	r.extended_checksum = 0;
	r.extended_checksum = -checksum_of(&r, ACPI_RSDP_V2_SIZE);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE),
		    "the RSDP length is shorter than a revision 2 RSDP");
}

HOST_TEST(acpi, rsdp_pointing_nowhere_is_rejected)
{
	struct acpi_table_rsdp r;

	build_rsdp(&r, 0, 0, 0);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V1_SIZE),
		    "the RSDP points to neither an RSDT nor an XSDT");
	build_rsdp(&r, 2, 0, 0);
	CHECK_STREQ(validate_rsdp_exact(&r, ACPI_RSDP_V2_SIZE),
		    "the RSDP points to neither an RSDT nor an XSDT");
}

/* ---- RSDT and XSDT ---- */

static u64 entries[8];
static unsigned int nr_entries;

static const char *parse_root_exact(const struct builder *b, size_t n, bool xsdt, unsigned int max)
{
	void *alloc;
	const char *err;

	memset(entries, 0, sizeof(entries));
	nr_entries = 12345;
	err = acpi_parse_root(exact_copy(b->buf, n, &alloc), n, xsdt, entries, max, &nr_entries);
	free(alloc);
	return err;
}

static void build_rsdt(struct builder *b, unsigned int n)
{
	unsigned int i;

	start_table(b, ACPI_SIG_RSDT);
	for (i = 0; i < n; i++) {
		uint32_t addr = 0x0ffe0000 + 0x100 * i;

		memcpy(append(b, 4), &addr, 4);
	}
	finish_table(b);
}

static void build_xsdt(struct builder *b, unsigned int n)
{
	unsigned int i;

	start_table(b, ACPI_SIG_XSDT);
	for (i = 0; i < n; i++) {
		uint64_t addr = 0x100000000ULL + 0x100 * i;

		/* At offset 36 + 8i: not 8-byte aligned, as in real firmware. */
		memcpy(append(b, 8), &addr, 8);
	}
	finish_table(b);
}

HOST_TEST(acpi, rsdt_lists_32_bit_entries)
{
	struct builder b;

	build_rsdt(&b, 3);
	CHECK_STREQ(parse_root_exact(&b, b.len, false, 8), NULL);
	CHECK_EQ(nr_entries, 3);
	CHECK_EQ(entries[0], 0x0ffe0000);
	CHECK_EQ(entries[2], 0x0ffe0200);
}

HOST_TEST(acpi, xsdt_lists_64_bit_entries)
{
	struct builder b;

	build_xsdt(&b, 4);
	CHECK_STREQ(parse_root_exact(&b, b.len, true, 8), NULL);
	CHECK_EQ(nr_entries, 4);
	CHECK_EQ(entries[0], 0x100000000ULL);
	CHECK_EQ(entries[3], 0x100000300ULL);
}

HOST_TEST(acpi, root_with_more_entries_than_room_stores_the_first)
{
	struct builder b;

	build_rsdt(&b, 6);
	CHECK_STREQ(parse_root_exact(&b, b.len, false, 2), NULL);
	CHECK_EQ(nr_entries, 6);
	CHECK_EQ(entries[1], 0x0ffe0100);
	CHECK_EQ(entries[2], 0);	/* beyond max: not written */
}

HOST_TEST(acpi, root_ignores_a_trailing_partial_entry)
{
	struct builder b;

	start_table(&b, ACPI_SIG_XSDT);
	memset(append(&b, 8 + 5), 0x11, 8 + 5);
	finish_table(&b);
	CHECK_STREQ(parse_root_exact(&b, b.len, true, 8), NULL);
	CHECK_EQ(nr_entries, 1);
}

HOST_TEST(acpi, root_of_the_wrong_kind_is_rejected)
{
	struct builder b;

	build_rsdt(&b, 2);
	CHECK_STREQ(parse_root_exact(&b, b.len, true, 8), "the table has the wrong signature");
	CHECK_EQ(nr_entries, 12345);
}

HOST_TEST(acpi, root_with_a_bad_checksum_is_rejected)
{
	struct builder b;

	build_xsdt(&b, 2);
	b.buf[40] ^= 0x80;
	CHECK_STREQ(parse_root_exact(&b, b.len, true, 8), "the table checksum is wrong");
}

HOST_TEST(acpi, root_longer_than_the_buffer_is_rejected)
{
	struct builder b;

	build_rsdt(&b, 2);
	CHECK_STREQ(parse_root_exact(&b, b.len - 1, false, 8),
		    "the table length runs past the readable bytes");
}

/* ---- MADT ---- */

HOST_TEST(acpi, madt_lists_enabled_cpus_in_order)
{
	struct builder b;

	build_pc_madt(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, 3);	/* APIC id 2 is disabled */
	CHECK_EQ(info.apic_ids[0], 0);
	CHECK_EQ(info.apic_ids[1], 1);
	CHECK_EQ(info.apic_ids[2], 3);
	CHECK(!info.cpus_truncated);
}

HOST_TEST(acpi, madt_gives_the_local_apic_base_and_pcat_flag)
{
	struct builder b;

	build_pc_madt(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.lapic_phys, 0xfee00000);
	CHECK(info.pcat_compat);

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK(!info.pcat_compat);
}

HOST_TEST(acpi, madt_lists_ioapics_overrides_and_nmis)
{
	struct builder b;

	build_pc_madt(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_ioapics, 1);
	CHECK_EQ(info.ioapics[0].id, 0);
	CHECK_EQ(info.ioapics[0].phys, 0xfec00000);
	CHECK_EQ(info.ioapics[0].gsi_base, 0);
	CHECK_EQ(info.nr_overrides, 2);
	CHECK_EQ(info.overrides[0].bus_irq, 0);
	CHECK_EQ(info.overrides[0].gsi, 2);
	CHECK_EQ(info.overrides[1].bus_irq, 9);
	CHECK_EQ(info.overrides[1].gsi, 9);
	CHECK_EQ(info.overrides[1].flags, 0xd);
	CHECK_EQ(info.nr_lapic_nmis, 1);
	CHECK_EQ(info.lapic_nmis[0].processor_id, ACPI_PROCESSOR_ALL);
	CHECK_EQ(info.lapic_nmis[0].lint, 1);
}

/* ACPI 6.3: a disabled but online-capable processor may be started later. */
HOST_TEST(acpi, madt_counts_online_capable_cpus)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	add_lapic(&b, 1, 4, ACPI_MADT_ONLINE_CAPABLE);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, 2);
	CHECK_EQ(info.apic_ids[1], 4);
}

HOST_TEST(acpi, madt_reads_x2apic_entries)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	add_x2apic(&b, 1, 0x100, ACPI_MADT_ENABLED);
	add_x2apic(&b, 2, 0x101, 0);
	add_x2apic(&b, 3, 0x12345, ACPI_MADT_ENABLED);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, 3);
	CHECK_EQ(info.apic_ids[0], 0);
	CHECK_EQ(info.apic_ids[1], 0x100);
	CHECK_EQ(info.apic_ids[2], 0x12345);
}

HOST_TEST(acpi, madt_skips_broadcast_and_duplicate_apic_ids)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	add_lapic(&b, 1, 0xff, ACPI_MADT_ENABLED);
	add_x2apic(&b, 2, 0xffffffff, ACPI_MADT_ENABLED);
	add_x2apic(&b, 3, 0, ACPI_MADT_ENABLED);	/* the BSP again */
	add_lapic(&b, 4, 1, ACPI_MADT_ENABLED);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, 2);
	CHECK_EQ(info.apic_ids[0], 0);
	CHECK_EQ(info.apic_ids[1], 1);
}

HOST_TEST(acpi, madt_address_override_replaces_the_local_apic_base)
{
	struct builder b;
	struct acpi_madt_local_apic_override *o;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	o = add_entry(&b, ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE, sizeof(*o));
	o->address = 0x1fee00000ULL;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.lapic_phys, 0x1fee00000ULL);
}

HOST_TEST(acpi, madt_skips_unknown_entry_types)
{
	struct acpi_subtable_header *e;
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	e = add_entry(&b, 0x7f, 40);
	memset(e + 1, 0xee, 40 - sizeof(*e));
	add_entry(&b, 3, 2);		/* an NMI source, cut short: never read */
	add_lapic(&b, 0, 7, ACPI_MADT_ENABLED);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, 1);
	CHECK_EQ(info.apic_ids[0], 7);
}

HOST_TEST(acpi, madt_accepts_entries_longer_than_we_know)
{
	struct builder b;
	struct acpi_madt_local_apic *e;

	start_madt(&b, 0xfee00000, 0);
	e = add_entry(&b, ACPI_MADT_TYPE_LOCAL_APIC, sizeof(*e) + 4);
	e->id = 5;
	e->lapic_flags = ACPI_MADT_ENABLED;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.apic_ids[0], 5);
}

HOST_TEST(acpi, madt_notes_more_cpus_than_fit)
{
	struct builder b;
	unsigned int i;

	start_madt(&b, 0xfee00000, 0);
	for (i = 0; i < NR_CPUS + 2; i++)
		add_lapic(&b, i, i, ACPI_MADT_ENABLED);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_cpus, NR_CPUS);
	CHECK_EQ(info.apic_ids[NR_CPUS - 1], NR_CPUS - 1);
	CHECK(info.cpus_truncated);
}

HOST_TEST(acpi, madt_notes_more_ioapics_and_overrides_than_fit)
{
	struct builder b;
	unsigned int i;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	for (i = 0; i < MADT_MAX_IOAPICS + 1; i++)
		add_ioapic(&b, i, 0xfec00000 + 0x1000 * i, 24 * i);
	for (i = 0; i < MADT_MAX_OVERRIDES + 1; i++)
		add_override(&b, i, i, 0);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), NULL);
	CHECK_EQ(info.nr_ioapics, MADT_MAX_IOAPICS);
	CHECK(info.ioapics_truncated);
	CHECK_EQ(info.ioapics[MADT_MAX_IOAPICS - 1].gsi_base, 24 * (MADT_MAX_IOAPICS - 1));
	CHECK_EQ(info.nr_overrides, MADT_MAX_OVERRIDES);
	CHECK(info.overrides_truncated);
}

HOST_TEST(acpi, madt_with_a_bad_checksum_is_rejected)
{
	struct builder b;

	build_pc_madt(&b);
	b.buf[b.len - 3] ^= 0x01;
	CHECK_STREQ(parse_madt_exact(&b, b.len), "the table checksum is wrong");
}

HOST_TEST(acpi, madt_with_the_wrong_signature_is_rejected)
{
	struct builder b;

	build_pc_madt(&b);
	memcpy(b.buf, "FACP", 4);
	fix_checksum(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "the table has the wrong signature");
}

HOST_TEST(acpi, madt_longer_than_the_buffer_is_rejected)
{
	struct builder b;
	struct acpi_table_header *h = (void *)b.buf;

	build_pc_madt(&b);
	h->length += 16;
	fix_checksum(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "the table length runs past the readable bytes");
}

/* Every cut of a good table, from 0 bytes up, fails cleanly and in bounds. */
HOST_TEST(acpi, madt_cut_anywhere_is_rejected)
{
	struct builder b;
	size_t n;

	build_pc_madt(&b);
	for (n = 0; n < sizeof(struct acpi_table_header); n++)
		CHECK_STREQ(parse_madt_exact(&b, n), "the table is shorter than a table header");
	for (; n < b.len; n++)
		CHECK_STREQ(parse_madt_exact(&b, n),
			    "the table length runs past the readable bytes");
}

HOST_TEST(acpi, madt_length_shorter_than_a_header_is_rejected)
{
	struct builder b;
	struct acpi_table_header *h = (void *)b.buf;

	build_pc_madt(&b);
	h->length = 35;
	fix_checksum(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "the table length is shorter than a table header");
}

HOST_TEST(acpi, madt_without_room_for_its_fixed_fields_is_rejected)
{
	struct builder b;

	start_table(&b, ACPI_SIG_MADT);
	append(&b, 4);			/* the local APIC address, but no flags */
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len),
		    "the MADT is too short for its local APIC address and flags");
}

/* A zero length would never advance: the walk must refuse, not spin. */
HOST_TEST(acpi, madt_entry_of_length_zero_is_rejected)
{
	struct acpi_subtable_header *e;
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	e = add_entry(&b, ACPI_MADT_TYPE_LOCAL_APIC, 8);
	e->length = 0;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "a MADT entry is shorter than an entry header");

	start_madt(&b, 0xfee00000, 0);
	e = add_entry(&b, 0x42, 8);
	e->length = 1;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "a MADT entry is shorter than an entry header");
}

HOST_TEST(acpi, madt_entry_running_past_the_end_is_rejected)
{
	struct builder b;
	struct acpi_madt_io_apic *e;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	e = add_entry(&b, ACPI_MADT_TYPE_IO_APIC, sizeof(*e));
	e->header.length = sizeof(*e) + 1;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "a MADT entry runs past the end of the table");
}

HOST_TEST(acpi, madt_entry_cut_by_the_table_end_is_rejected)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	add_ioapic(&b, 0, 0xfec00000, 0);
	b.len -= 4;			/* the table ends inside the IOAPIC entry */
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "a MADT entry runs past the end of the table");
}

HOST_TEST(acpi, madt_trailing_byte_is_rejected)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	*(uint8_t *)append(&b, 1) = ACPI_MADT_TYPE_LOCAL_APIC;
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len),
		    "a MADT entry header runs past the end of the table");
}

HOST_TEST(acpi, madt_entry_too_short_for_its_type_is_rejected)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, ACPI_MADT_ENABLED);
	add_entry(&b, ACPI_MADT_TYPE_LOCAL_X2APIC, 8);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "a MADT entry is too short for its type");
}

HOST_TEST(acpi, madt_without_usable_cpus_is_rejected)
{
	struct builder b;

	start_madt(&b, 0xfee00000, 0);
	add_lapic(&b, 0, 0, 0);
	add_ioapic(&b, 0, 0xfec00000, 0);
	finish_table(&b);
	CHECK_STREQ(parse_madt_exact(&b, b.len), "the MADT lists no usable processor");
}

/*
 * Firmware garbage with a correct checksum: random entry bytes must give a
 * result or an error, and never a read outside the table (AddressSanitizer
 * watches) or an endless walk.
 */
HOST_TEST(acpi, madt_with_random_entries_stays_in_bounds)
{
	struct rnd_state rnd;
	struct builder b;
	int round;

	prandom_seed_state(&rnd, 42);
	for (round = 0; round < 2000; round++) {
		size_t i, body = prandom_u32_below(&rnd, 64);
		uint8_t *p;

		start_madt(&b, 0xfee00000, 0);
		p = append(&b, body);
		for (i = 0; i < body; i++) {
			/* Mostly small values, so that lengths and types are plausible. */
			p[i] = prandom_u32_below(&rnd, 4) ? prandom_u32_below(&rnd, 20)
							  : prandom_u32_state(&rnd);
		}
		finish_table(&b);
		parse_madt_exact(&b, b.len);
		CHECK_LE(info.nr_cpus, NR_CPUS);
	}
}
