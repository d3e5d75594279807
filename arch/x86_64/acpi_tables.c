// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing ACPI tables: the RSDP, the RSDT/XSDT and the MADT.
 *
 * Pure code over byte buffers, so that the host unit tests can feed it
 * malformed tables placed at the very end of an allocation
 * (tests/host/test_acpi.c).  Firmware is not to be trusted: every length
 * is checked against what may be read before anything behind it is read.
 * Finding the tables in physical memory is acpi.c's job.
 */
#include <asm/acpi.h>
#include <lib/string.h>

/* The layouts of the ACPI specification; a wrong one would misread every field. */
_Static_assert(sizeof(struct acpi_table_rsdp) == ACPI_RSDP_V2_SIZE, "RSDP layout");
_Static_assert(offsetof(struct acpi_table_rsdp, length) == ACPI_RSDP_V1_SIZE, "RSDP v1 size");
_Static_assert(sizeof(struct acpi_table_header) == 36, "table header layout");
_Static_assert(sizeof(struct acpi_table_madt) == 44, "MADT layout");
_Static_assert(sizeof(struct acpi_madt_local_apic) == 8, "local APIC entry layout");
_Static_assert(sizeof(struct acpi_madt_io_apic) == 12, "IOAPIC entry layout");
_Static_assert(sizeof(struct acpi_madt_interrupt_override) == 10, "override entry layout");
_Static_assert(sizeof(struct acpi_madt_local_apic_nmi) == 6, "local APIC NMI entry layout");
_Static_assert(sizeof(struct acpi_madt_local_apic_override) == 12, "address override layout");
_Static_assert(sizeof(struct acpi_madt_local_x2apic) == 16, "x2APIC entry layout");

/* Ids that address no single CPU: the xAPIC and x2APIC broadcast ids. */
#define XAPIC_ID_INVALID	0xffU
#define X2APIC_ID_INVALID	0xffffffffU

bool acpi_checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

const char *acpi_validate_rsdp(const void *rsdp, size_t len, u64 *root_phys, bool *is_xsdt)
{
	const struct acpi_table_rsdp *r = rsdp;

	if (len < ACPI_RSDP_V1_SIZE)
		return "the RSDP is shorter than 20 bytes";
	if (memcmp(r->signature, ACPI_RSDP_SIGNATURE, sizeof(r->signature)))
		return "the RSDP has no \"RSD PTR \" signature";
	if (!acpi_checksum_ok(r, ACPI_RSDP_V1_SIZE))
		return "the RSDP checksum is wrong";

	/*
	 * GRUB's "ACPI old" tag holds only the first 20 bytes, even of a
	 * revision 2 RSDP: the RSDT is then all we can reach, and it is
	 * still a complete list of tables.
	 */
	if (r->revision >= 2 && len >= ACPI_RSDP_V2_SIZE) {
		if (r->length < ACPI_RSDP_V2_SIZE)
			return "the RSDP length is shorter than a revision 2 RSDP";
		if (r->length > len)
			return "the RSDP length runs past the readable bytes";
		if (!acpi_checksum_ok(r, r->length))
			return "the RSDP extended checksum is wrong";
		if (r->xsdt_physical_address) {
			*root_phys = r->xsdt_physical_address;
			*is_xsdt = true;
			return NULL;
		}
	}
	if (!r->rsdt_physical_address)
		return "the RSDP points to neither an RSDT nor an XSDT";
	*root_phys = r->rsdt_physical_address;
	*is_xsdt = false;
	return NULL;
}

const char *acpi_validate_table(const void *table, size_t len, const char *signature)
{
	const struct acpi_table_header *h = table;

	if (len < sizeof(*h))
		return "the table is shorter than a table header";
	if (signature && memcmp(h->signature, signature, sizeof(h->signature)))
		return "the table has the wrong signature";
	if (h->length < sizeof(*h))
		return "the table length is shorter than a table header";
	if (h->length > len)
		return "the table length runs past the readable bytes";
	if (!acpi_checksum_ok(h, h->length))
		return "the table checksum is wrong";
	return NULL;
}

const char *acpi_parse_root(const void *table, size_t len, bool is_xsdt, u64 *phys,
			    unsigned int max, unsigned int *nr)
{
	const struct acpi_table_header *h = table;
	size_t entry_size = is_xsdt ? sizeof(u64) : sizeof(u32);
	const u8 *entries = (const u8 *)(h + 1);
	const char *err;
	size_t count, i;

	err = acpi_validate_table(table, len, is_xsdt ? ACPI_SIG_XSDT : ACPI_SIG_RSDT);
	if (err)
		return err;

	count = (h->length - sizeof(*h)) / entry_size;
	/* XSDT entries sit at offset 36: 4-aligned at best, so copy them out. */
	for (i = 0; i < count && i < max; i++) {
		u32 addr32;

		if (is_xsdt) {
			memcpy(&phys[i], entries + i * entry_size, sizeof(u64));
		} else {
			memcpy(&addr32, entries + i * entry_size, sizeof(u32));
			phys[i] = addr32;
		}
	}
	*nr = count;
	return NULL;
}

/* Adds a processor unless it is unusable or already listed. */
static void add_cpu(struct madt_info *out, u32 apic_id, u32 flags, u32 invalid_id)
{
	unsigned int i;

	if (!(flags & (ACPI_MADT_ENABLED | ACPI_MADT_ONLINE_CAPABLE)))
		return;
	if (apic_id == invalid_id)
		return;
	/* Bringing one APIC id up twice would start the same CPU twice. */
	for (i = 0; i < out->nr_cpus; i++) {
		if (out->apic_ids[i] == apic_id)
			return;
	}
	if (out->nr_cpus == NR_CPUS) {
		out->cpus_truncated = true;
		return;
	}
	out->apic_ids[out->nr_cpus++] = apic_id;
}

static void add_ioapic(struct madt_info *out, const struct acpi_madt_io_apic *e)
{
	if (out->nr_ioapics == MADT_MAX_IOAPICS) {
		out->ioapics_truncated = true;
		return;
	}
	out->ioapics[out->nr_ioapics].id = e->id;
	out->ioapics[out->nr_ioapics].phys = e->address;
	out->ioapics[out->nr_ioapics].gsi_base = e->global_irq_base;
	out->nr_ioapics++;
}

static void add_override(struct madt_info *out, const struct acpi_madt_interrupt_override *e)
{
	if (out->nr_overrides == MADT_MAX_OVERRIDES) {
		out->overrides_truncated = true;
		return;
	}
	out->overrides[out->nr_overrides].bus_irq = e->source_irq;
	out->overrides[out->nr_overrides].gsi = e->global_irq;
	out->overrides[out->nr_overrides].flags = e->inti_flags;
	out->nr_overrides++;
}

static void add_lapic_nmi(struct madt_info *out, const struct acpi_madt_local_apic_nmi *e)
{
	/* Firmware lists one per CPU or one for all: a few suffice to wire LINTs. */
	if (out->nr_lapic_nmis == MADT_MAX_LAPIC_NMIS)
		return;
	out->lapic_nmis[out->nr_lapic_nmis].processor_id = e->processor_id;
	out->lapic_nmis[out->nr_lapic_nmis].lint = e->lint;
	out->lapic_nmis[out->nr_lapic_nmis].flags = e->inti_flags;
	out->nr_lapic_nmis++;
}

/* The smallest length an entry of each type we read may have. */
static size_t madt_entry_min_length(u8 type)
{
	switch (type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		return sizeof(struct acpi_madt_local_apic);
	case ACPI_MADT_TYPE_IO_APIC:
		return sizeof(struct acpi_madt_io_apic);
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		return sizeof(struct acpi_madt_interrupt_override);
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		return sizeof(struct acpi_madt_local_apic_nmi);
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		return sizeof(struct acpi_madt_local_apic_override);
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		return sizeof(struct acpi_madt_local_x2apic);
	default:
		return sizeof(struct acpi_subtable_header);
	}
}

/* Called with @e's whole length known to lie inside the table. */
static void parse_madt_entry(const struct acpi_subtable_header *e, struct madt_info *out)
{
	const struct acpi_madt_local_apic *lapic = (const void *)e;
	const struct acpi_madt_local_x2apic *x2apic = (const void *)e;
	const struct acpi_madt_local_apic_override *lapic_override = (const void *)e;

	switch (e->type) {
	case ACPI_MADT_TYPE_LOCAL_APIC:
		add_cpu(out, lapic->id, lapic->lapic_flags, XAPIC_ID_INVALID);
		break;
	case ACPI_MADT_TYPE_LOCAL_X2APIC:
		add_cpu(out, x2apic->local_apic_id, x2apic->lapic_flags, X2APIC_ID_INVALID);
		break;
	case ACPI_MADT_TYPE_IO_APIC:
		add_ioapic(out, (const void *)e);
		break;
	case ACPI_MADT_TYPE_INTERRUPT_OVERRIDE:
		add_override(out, (const void *)e);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_NMI:
		add_lapic_nmi(out, (const void *)e);
		break;
	case ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE:
		out->lapic_phys = lapic_override->address;
		break;
	default:
		break;	/* GIC, SAPIC, ...: not for an x86 kernel */
	}
}

const char *acpi_parse_madt(const void *table, size_t len, struct madt_info *out)
{
	const struct acpi_table_madt *madt = table;
	const u8 *base = table;
	size_t offset = sizeof(*madt), end;
	const char *err;

	memset(out, 0, sizeof(*out));
	err = acpi_validate_table(table, len, ACPI_SIG_MADT);
	if (err)
		return err;
	end = madt->header.length;
	if (end < sizeof(*madt))
		return "the MADT is too short for its local APIC address and flags";

	out->lapic_phys = madt->address;
	out->pcat_compat = madt->flags & ACPI_MADT_PCAT_COMPAT;

	while (offset < end) {
		const struct acpi_subtable_header *e = (const void *)(base + offset);

		if (end - offset < sizeof(*e))
			return "a MADT entry header runs past the end of the table";
		/* A length of 0 or 1 would never move past this entry. */
		if (e->length < sizeof(*e))
			return "a MADT entry is shorter than an entry header";
		if (e->length > end - offset)
			return "a MADT entry runs past the end of the table";
		if (e->length < madt_entry_min_length(e->type))
			return "a MADT entry is too short for its type";
		parse_madt_entry(e, out);
		offset += e->length;
	}

	if (!out->nr_cpus)
		return "the MADT lists no usable processor";
	return NULL;
}
