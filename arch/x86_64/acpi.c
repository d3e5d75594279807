// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the ACPI tables in physical memory: the RSDP, then the XSDT or
 * RSDT, then the table asked for.  The bytes are judged by the parsers in
 * acpi_tables.c; this file only decides where to look and how much to map.
 *
 * Nothing here is fatal.  Firmware tables are input from outside the
 * kernel: a table that fails a check is reported and skipped, and without
 * a MADT the machine simply runs on the boot CPU.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/page.h>
#include <kernel/bootinfo.h>
#include <kernel/printk.h>
#include <lib/ctype.h>
#include <lib/errno.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

/*
 * No table we read comes near these sizes; a larger length is corruption,
 * and mapping it would waste ioremap space (which is never given back).
 */
#define ACPI_TABLE_MAX_LEN	(1U << 20)
#define ACPI_MADT_MAX_LEN	(64U << 10)
/* Beyond what x86_64 page tables can map: surely not a table. */
#define ACPI_PHYS_LIMIT		(1ULL << 52)

/* More entries than any firmware lists: the rest are ignored, with a warning. */
#define ACPI_MAX_ROOT_ENTRIES	64

/* Where ACPI 5.2.5.1 says to look for the RSDP on a legacy BIOS machine. */
#define BIOS_EBDA_SEGMENT	0x40e		/* a u16: the EBDA's real-mode segment */
#define EBDA_SCAN_LEN		1024		/* only the EBDA's first KiB */
#define EBDA_LOW		0x80000		/* where an EBDA can plausibly start */
#define EBDA_HIGH		0xa0000		/* and end: the VGA hole */
#define BIOS_ROM_START		0xe0000
#define BIOS_ROM_END		0x100000
#define RSDP_SCAN_ALIGN		16

/* A table signature as text, fit for the log even when it is garbage. */
static void signature_text(char text[5], const char sig[4])
{
	int i;

	for (i = 0; i < 4; i++)
		text[i] = isprint((unsigned char)sig[i]) ? sig[i] : '?';
	text[4] = '\0';
}

/*
 * Scans [@start, @end) of low memory for a valid RSDP on 16-byte
 * boundaries.  Returns it (through the direct map), or NULL.
 */
static const struct acpi_table_rsdp *rsdp_scan(u64 start, u64 end, u64 *root_phys,
					       bool *is_xsdt)
{
	u64 phys;

	for (phys = ALIGN(start, RSDP_SCAN_ALIGN); phys + ACPI_RSDP_V1_SIZE <= end;
	     phys += RSDP_SCAN_ALIGN) {
		const struct acpi_table_rsdp *r = __va(phys);
		/* Never read past the end of the area: it is all we know is there. */
		size_t len = min_t(u64, end - phys, ACPI_RSDP_V2_SIZE);

		if (memcmp(r->signature, ACPI_RSDP_SIGNATURE, sizeof(r->signature)))
			continue;
		if (!acpi_validate_rsdp(r, len, root_phys, is_xsdt))
			return r;
	}
	return NULL;
}

/*
 * The RSDP, and the root table it names: the boot loader's copy if it is
 * good, else the BIOS areas' (ACPI 5.2.5.1).  NULL if there is none.
 */
static const struct acpi_table_rsdp *find_rsdp(u64 *root_phys, bool *is_xsdt)
{
	const struct acpi_table_rsdp *rsdp;
	u16 ebda_segment;
	const char *err;
	u64 ebda;

	if (boot_info.rsdp_len) {
		err = acpi_validate_rsdp(boot_info.rsdp, boot_info.rsdp_len, root_phys, is_xsdt);
		if (!err)
			return (const void *)boot_info.rsdp;
		pr_warn("the boot loader's RSDP is unusable (%s); scanning the BIOS areas\n", err);
	}

	ebda_segment = *(const u16 *)__va(BIOS_EBDA_SEGMENT);
	ebda = (u64)ebda_segment << 4;
	if (ebda >= EBDA_LOW && ebda < EBDA_HIGH) {
		rsdp = rsdp_scan(ebda, min_t(u64, ebda + EBDA_SCAN_LEN, EBDA_HIGH), root_phys,
				 is_xsdt);
		if (rsdp)
			return rsdp;
	}
	return rsdp_scan(BIOS_ROM_START, BIOS_ROM_END, root_phys, is_xsdt);
}

/*
 * Maps the table at @phys and checks its length and checksum.  The header
 * is mapped first, because its length says how much more to map.  Returns
 * the table, or NULL after saying why.
 */
static const struct acpi_table_header *map_table(u64 phys)
{
	const struct acpi_table_header *h;
	size_t max_len = ACPI_TABLE_MAX_LEN;
	char sig[5];
	const char *err;
	u32 length;

	if (!phys || phys >= ACPI_PHYS_LIMIT - ACPI_TABLE_MAX_LEN) {
		pr_warn("a table at impossible address %#llx; skipped\n", phys);
		return NULL;
	}
	h = ioremap(phys, sizeof(*h));
	if (!h) {
		pr_warn("cannot map the table header at %#llx; skipped\n", phys);
		return NULL;
	}
	signature_text(sig, h->signature);
	if (!memcmp(h->signature, ACPI_SIG_MADT, 4))
		max_len = ACPI_MADT_MAX_LEN;
	length = h->length;
	if (length < sizeof(*h) || length > max_len) {
		pr_warn("%s at %#llx: implausible length %u; skipped\n", sig, phys, length);
		return NULL;
	}

	h = ioremap(phys, length);
	if (!h) {
		pr_warn("%s at %#llx: cannot map %u bytes; skipped\n", sig, phys, length);
		return NULL;
	}
	err = acpi_validate_table(h, length, NULL);
	if (err) {
		pr_warn("%s at %#llx: %s; skipped\n", sig, phys, err);
		return NULL;
	}
	return h;
}

/* Reads the root table's list of tables into @phys; false if it is unusable. */
static bool read_root(u64 root_phys, bool is_xsdt, u64 *phys, unsigned int *nr)
{
	const struct acpi_table_header *root = map_table(root_phys);
	const char *err;

	if (!root)
		return false;
	err = acpi_parse_root(root, root->length, is_xsdt, phys, ACPI_MAX_ROOT_ENTRIES, nr);
	if (err) {
		pr_warn("%s at %#llx: %s\n", is_xsdt ? "XSDT" : "RSDT", root_phys, err);
		return false;
	}
	if (*nr > ACPI_MAX_ROOT_ENTRIES) {
		pr_warn("%s lists %u tables; reading the first %d\n",
			is_xsdt ? "XSDT" : "RSDT", *nr, ACPI_MAX_ROOT_ENTRIES);
		*nr = ACPI_MAX_ROOT_ENTRIES;
	}
	return true;
}

/* The list of tables, from the XSDT, or from the RSDT when the XSDT is bad. */
static bool list_tables(u64 *phys, unsigned int *nr)
{
	const struct acpi_table_rsdp *rsdp;
	u64 root_phys;
	bool is_xsdt;

	rsdp = find_rsdp(&root_phys, &is_xsdt);
	if (!rsdp) {
		pr_warn("no RSDP found\n");
		return false;
	}
	if (read_root(root_phys, is_xsdt, phys, nr))
		return true;
	/* Firmware with a broken XSDT often still has a good RSDT. */
	if (is_xsdt && rsdp->rsdt_physical_address) {
		pr_warn("falling back to the RSDT\n");
		return read_root(rsdp->rsdt_physical_address, false, phys, nr);
	}
	return false;
}

const struct acpi_table_header *acpi_get_table(const char *signature, size_t *len)
{
	u64 phys[ACPI_MAX_ROOT_ENTRIES];
	unsigned int nr, i;

	if (!list_tables(phys, &nr))
		return NULL;
	for (i = 0; i < nr; i++) {
		const struct acpi_table_header *h = map_table(phys[i]);

		if (h && !memcmp(h->signature, signature, 4)) {
			*len = h->length;
			return h;
		}
	}
	return NULL;
}

static void print_madt_info(const struct madt_info *info)
{
	char ids[NR_CPUS * 11 + 1];
	size_t pos = 0;
	unsigned int i;

	ids[0] = '\0';
	for (i = 0; i < info->nr_cpus; i++)
		pos += snprintf(ids + pos, sizeof(ids) - pos, " %u", info->apic_ids[i]);
	pr_info("MADT: %u CPU(s), APIC ids%s; local APIC at %#llx%s\n", info->nr_cpus, ids,
		info->lapic_phys, info->pcat_compat ? "; dual 8259s" : "");
	for (i = 0; i < info->nr_ioapics; i++)
		pr_info("MADT: IOAPIC id %u at %#llx, GSIs from %u\n", info->ioapics[i].id,
			info->ioapics[i].phys, info->ioapics[i].gsi_base);
	for (i = 0; i < info->nr_overrides; i++)
		pr_debug("MADT: ISA IRQ %u -> GSI %u, flags %#x\n", info->overrides[i].bus_irq,
			 info->overrides[i].gsi, info->overrides[i].flags);

	if (info->cpus_truncated)
		pr_warn("MADT lists more than %d CPUs; using the first %d\n", NR_CPUS, NR_CPUS);
	if (info->ioapics_truncated)
		pr_warn("MADT lists more than %d IOAPICs; ignoring the rest\n", MADT_MAX_IOAPICS);
	if (info->overrides_truncated)
		pr_warn("MADT lists more than %d interrupt overrides; ignoring the rest\n",
			MADT_MAX_OVERRIDES);
}

int acpi_init(struct madt_info *out)
{
	const struct acpi_table_header *madt;
	const char *err;
	size_t len;

	madt = acpi_get_table(ACPI_SIG_MADT, &len);
	if (!madt) {
		memset(out, 0, sizeof(*out));
		pr_warn("no usable MADT: running on the boot CPU only\n");
		return -ENODEV;
	}
	err = acpi_parse_madt(madt, len, out);
	if (err) {
		memset(out, 0, sizeof(*out));
		pr_warn("MADT: %s; running on the boot CPU only\n", err);
		return -ENODEV;
	}
	print_madt_info(out);
	return 0;
}
