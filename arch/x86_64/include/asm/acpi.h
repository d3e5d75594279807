/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI firmware tables: just enough to find the CPUs and interrupt
 * controllers (the MADT) for SMP bring-up.
 *
 * The layouts are those of the ACPI specification (5.2: RSDP, table header,
 * RSDT, XSDT, MADT), with Linux's names.  Every table is little-endian and
 * byte-packed: firmware puts tables and fields at any alignment.
 *
 * Two layers:
 *  - pure parsers over byte buffers (arch/x86_64/acpi_tables.c), which check
 *    every length before reading and are unit-tested on the host under
 *    AddressSanitizer (tests/host/test_acpi.c);
 *  - acpi_init() (arch/x86_64/acpi.c), which finds the tables in physical
 *    memory and hands them to the parsers.
 */
#ifndef _ASM_ACPI_H
#define _ASM_ACPI_H

#include <lib/compiler.h>
#include <lib/types.h>

#define ACPI_RSDP_SIGNATURE	"RSD PTR "	/* 8 characters, no NUL */
#define ACPI_SIG_RSDT		"RSDT"
#define ACPI_SIG_XSDT		"XSDT"
#define ACPI_SIG_MADT		"APIC"		/* sic: the MADT's signature */

#define ACPI_RSDP_V1_SIZE	20	/* revision 0: up to rsdt_physical_address */
#define ACPI_RSDP_V2_SIZE	36	/* revision 2 and later */

/* Root System Description Pointer (ACPI 5.2.5.3). */
struct acpi_table_rsdp {
	char signature[8];
	u8 checksum;			/* over the first 20 bytes */
	char oem_id[6];
	u8 revision;			/* 0: ACPI 1.0; 2: ACPI 2.0 and later */
	u32 rsdt_physical_address;
	/* From here on only when revision >= 2. */
	u32 length;			/* of the whole RSDP */
	u64 xsdt_physical_address;
	u8 extended_checksum;		/* over @length bytes */
	u8 reserved[3];
} __packed;

/* The header every System Description Table starts with (ACPI 5.2.6). */
struct acpi_table_header {
	char signature[4];
	u32 length;			/* of the whole table, header included */
	u8 revision;
	u8 checksum;			/* all @length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char asl_compiler_id[4];
	u32 asl_compiler_revision;
} __packed;

/*
 * Multiple APIC Description Table (ACPI 5.2.12): this header, then a list of
 * variable-length entries, each starting with struct acpi_subtable_header.
 */
struct acpi_table_madt {
	struct acpi_table_header header;
	u32 address;			/* local APIC physical address */
	u32 flags;			/* ACPI_MADT_PCAT_COMPAT */
} __packed;

#define ACPI_MADT_PCAT_COMPAT	(1U << 0)	/* dual 8259s are present */

struct acpi_subtable_header {
	u8 type;			/* enum acpi_madt_type */
	u8 length;			/* of the entry, this header included */
} __packed;

enum acpi_madt_type {
	ACPI_MADT_TYPE_LOCAL_APIC = 0,
	ACPI_MADT_TYPE_IO_APIC = 1,
	ACPI_MADT_TYPE_INTERRUPT_OVERRIDE = 2,
	ACPI_MADT_TYPE_LOCAL_APIC_NMI = 4,
	ACPI_MADT_TYPE_LOCAL_APIC_OVERRIDE = 5,
	ACPI_MADT_TYPE_LOCAL_X2APIC = 9,
};

/* lapic_flags of local APIC and x2APIC entries. */
#define ACPI_MADT_ENABLED		(1U << 0)
#define ACPI_MADT_ONLINE_CAPABLE	(1U << 1)	/* ACPI 6.3: may be enabled later */

struct acpi_madt_local_apic {
	struct acpi_subtable_header header;
	u8 processor_id;		/* ACPI processor UID */
	u8 id;				/* local APIC id */
	u32 lapic_flags;
} __packed;

struct acpi_madt_io_apic {
	struct acpi_subtable_header header;
	u8 id;
	u8 reserved;
	u32 address;
	u32 global_irq_base;		/* first GSI of this IOAPIC */
} __packed;

struct acpi_madt_interrupt_override {
	struct acpi_subtable_header header;
	u8 bus;				/* 0: ISA */
	u8 source_irq;			/* the ISA IRQ */
	u32 global_irq;			/* the GSI it is wired to */
	u16 inti_flags;			/* polarity (bits 0-1), trigger mode (bits 2-3) */
} __packed;

struct acpi_madt_local_apic_nmi {
	struct acpi_subtable_header header;
	u8 processor_id;		/* ACPI processor UID; 0xff: all */
	u16 inti_flags;
	u8 lint;			/* LINT0 or LINT1 */
} __packed;

struct acpi_madt_local_apic_override {
	struct acpi_subtable_header header;
	u16 reserved;
	u64 address;			/* replaces acpi_table_madt.address */
} __packed;

struct acpi_madt_local_x2apic {
	struct acpi_subtable_header header;
	u16 reserved;
	u32 local_apic_id;		/* x2APIC id */
	u32 lapic_flags;
	u32 uid;			/* ACPI processor UID */
} __packed;

#define NR_CPUS			64
#define MADT_MAX_IOAPICS	8
#define MADT_MAX_OVERRIDES	16
#define MADT_MAX_LAPIC_NMIS	8
#define ACPI_PROCESSOR_ALL	0xff	/* a local APIC NMI entry for every CPU */

/* What SMP bring-up and the interrupt controllers need from the MADT. */
struct madt_info {
	u64 lapic_phys;			/* local APIC base (0xfee00000 unless overridden) */
	unsigned int nr_cpus;		/* enabled (or online-capable) processors */
	u32 apic_ids[NR_CPUS];		/* their APIC ids, MADT order (the BSP is among them) */
	bool cpus_truncated;		/* more than NR_CPUS listed */
	unsigned int nr_ioapics;
	struct {
		u8 id;
		u64 phys;
		u32 gsi_base;
	} ioapics[MADT_MAX_IOAPICS];
	bool ioapics_truncated;		/* more than MADT_MAX_IOAPICS listed */
	unsigned int nr_overrides;
	struct {
		u8 bus_irq;
		u32 gsi;
		u16 flags;		/* MPS INTI flags: polarity, trigger mode */
	} overrides[MADT_MAX_OVERRIDES];
	bool overrides_truncated;	/* more than MADT_MAX_OVERRIDES listed */
	unsigned int nr_lapic_nmis;
	struct {
		u8 processor_id;	/* ACPI processor UID, or ACPI_PROCESSOR_ALL */
		u8 lint;		/* the local APIC's LINT pin (0 or 1) */
		u16 flags;		/* MPS INTI flags */
	} lapic_nmis[MADT_MAX_LAPIC_NMIS];
	bool pcat_compat;		/* dual 8259s present (MADT flags bit 0) */
};

/*
 * Pure parsers: no kernel dependencies, callable in any context, and never
 * reading outside [buffer, buffer + len).  Each returns NULL, or a sentence
 * saying what is wrong.
 */

/**
 * acpi_checksum_ok() - check an ACPI checksum
 * @p: the bytes; a table's checksum byte is among them
 * @len: how many
 *
 * Return: true when the @len bytes at @p sum to 0 modulo 256.
 */
bool acpi_checksum_ok(const void *p, size_t len);

/**
 * acpi_validate_rsdp() - check an RSDP and find the root table it points to
 * @rsdp: the RSDP
 * @len: bytes readable at @rsdp (20 suffice for revision 0, 36 for later)
 * @root_phys: set to the physical address of the XSDT, or of the RSDT when
 *             there is no XSDT
 * @is_xsdt: set to whether @root_phys is an XSDT (64-bit entries)
 *
 * Checks the signature and the checksum of the first 20 bytes.  For
 * revision 2 and later, when @len holds the extension, also checks its
 * length and extended checksum and prefers the XSDT; given only 20 bytes
 * (a loader's copy of the ACPI 1.0 part) the RSDT is used.
 *
 * Return: NULL, with *@root_phys and *@is_xsdt set; or a sentence, with
 * both left untouched.
 */
const char *acpi_validate_rsdp(const void *rsdp, size_t len, u64 *root_phys, bool *is_xsdt);

/**
 * acpi_validate_table() - check a System Description Table's header
 * @table: the table
 * @len: bytes readable at @table
 * @signature: the four characters expected, or NULL for any
 *
 * Checks that the header fits in @len, the signature, that the table's
 * length holds its header and fits in @len, and the checksum over that
 * length.  After success, header.length bytes at @table may be read.
 *
 * Return: NULL or a sentence.
 */
const char *acpi_validate_table(const void *table, size_t len, const char *signature);

/**
 * acpi_parse_root() - list the tables an RSDT or XSDT points to
 * @table: the RSDT or XSDT
 * @len: bytes readable at @table
 * @is_xsdt: an XSDT (64-bit entries) rather than an RSDT (32-bit entries)
 * @phys: filled with the physical addresses of the first @max entries
 * @max: room in @phys
 * @nr: set to the number of entries in the table, which may exceed @max
 *      (only @max are stored then); a trailing partial entry is ignored
 *
 * Validates the table first (acpi_validate_table()).
 *
 * Return: NULL, with *@nr set; or a sentence.
 */
const char *acpi_parse_root(const void *table, size_t len, bool is_xsdt, u64 *phys,
			    unsigned int max, unsigned int *nr);

/**
 * acpi_parse_madt() - read the CPUs and interrupt controllers from a MADT
 * @table: the MADT
 * @len: bytes readable at @table
 * @out: filled in; zeroed first
 *
 * Validates the table (acpi_validate_table()), then walks its entries,
 * each checked to lie inside the table before it is read.  Processors are
 * counted when enabled or online-capable; a disabled one, an invalid APIC
 * id (0xff, 0xffffffff) or an id listed twice is skipped.  Entry types not
 * in enum acpi_madt_type are skipped.  Lists that overflow their array set
 * the matching _truncated flag.
 *
 * Return: NULL; or a sentence (the table is malformed, or lists no usable
 * processor), with @out in an unspecified state.
 */
const char *acpi_parse_madt(const void *table, size_t len, struct madt_info *out);

/**
 * acpi_get_table() - find a firmware table in physical memory
 * @signature: its four characters, e.g. ACPI_SIG_MADT
 * @len: set to its length when found
 *
 * Finds the RSDP (the boot loader's copy in boot_info, else a scan of the
 * EBDA and 0xE0000-0xFFFFF), walks the XSDT or RSDT and returns the first
 * table with this signature whose length and checksum are good.  Tables
 * that fail the checks are reported with pr_warn and skipped.
 *
 * Context: process context after paging_init() (it maps the tables with
 * ioremap(), and the mappings are never removed); not from interrupts.
 * Return: the table, read-only, or NULL.
 */
const struct acpi_table_header *acpi_get_table(const char *signature, size_t *len);

/**
 * acpi_init() - read the MADT for SMP bring-up
 * @out: filled in from the MADT; zeroed when there is none
 *
 * acpi_get_table(ACPI_SIG_MADT), then acpi_parse_madt().  Problems are
 * reported with pr_warn; none is fatal.
 *
 * Context: as acpi_get_table().
 * Return: 0, or -ENODEV when there is no usable MADT: the caller then runs
 * on the boot CPU alone.
 */
int acpi_init(struct madt_info *out);

#endif /* _ASM_ACPI_H */
