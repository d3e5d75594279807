// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI on the real (QEMU) machine: the MADT that acpi_init() finds must
 * describe the CPUs and interrupt controllers QEMU was started with, and
 * corrupted copies of that very table must be rejected.
 *
 * Nothing here assumes a CPU count: QEMU's fw_cfg device says how many
 * CPUs it was given (-smp), independently of the MADT.
 */
#include <asm/acpi.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <kernel/bootinfo.h>
#include <kernel/ktest.h>
#include <lib/string.h>

/* QEMU's fw_cfg interface on a PC (QEMU docs/specs/fw_cfg.rst). */
#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x0000
#define FW_CFG_NB_CPUS		0x0005	/* u16: the CPUs started, -smp N */

/* Where every PC puts these (Intel SDM vol. 3, 10.4.1; the 82093AA datasheet). */
#define PC_LAPIC_PHYS		0xfee00000ULL
#define PC_IOAPIC_PHYS		0xfec00000ULL

static struct madt_info found;	/* what acpi_init() gave the case */

static void fw_cfg_select(u16 key)
{
	asm volatile("outw %0, %1" : : "a"(key), "Nd"((u16)FW_CFG_PORT_SEL));
}

/* The -smp count from fw_cfg, or 0 when there is no fw_cfg device. */
static unsigned int qemu_cpu_count(void)
{
	char sig[4];
	unsigned int i;
	u16 count;

	fw_cfg_select(FW_CFG_SIGNATURE);
	for (i = 0; i < sizeof(sig); i++)
		sig[i] = inb(FW_CFG_PORT_DATA);
	if (memcmp(sig, "QEMU", 4))
		return 0;
	fw_cfg_select(FW_CFG_NB_CPUS);
	count = inb(FW_CFG_PORT_DATA);
	count |= inb(FW_CFG_PORT_DATA) << 8;	/* little-endian */
	return count;
}

/* The running CPU's initial APIC id (the x2APIC one where leaf 0xb has it). */
static u32 this_cpu_apic_id(void)
{
	struct cpuid_regs r;

	cpuid(0, &r);
	if (r.eax >= 0xb) {
		cpuid_count(0xb, 0, &r);
		if (r.ebx)
			return r.edx;
	}
	cpuid(1, &r);
	return r.ebx >> 24;
}

static int acpi_test_init(struct ktest *t)
{
	memset(&found, 0, sizeof(found));
	return 0;
}

static void acpi_init_finds_a_madt(struct ktest *t)
{
	KASSERT_EQ(t, acpi_init(&found), 0);
	KEXPECT_GE(t, found.nr_cpus, 1);
	KEXPECT_LE(t, found.nr_cpus, NR_CPUS);
	KEXPECT_FALSE(t, found.cpus_truncated);
}

static void madt_cpu_count_matches_qemu(struct ktest *t)
{
	unsigned int expected = qemu_cpu_count();

	KASSERT_EQ(t, acpi_init(&found), 0);
	if (!expected)
		ktest_skip(t, "no QEMU fw_cfg device to ask for the CPU count");
	KEXPECT_EQ(t, found.nr_cpus, expected);
}

static void madt_apic_ids_are_distinct_and_include_the_boot_cpu(struct ktest *t)
{
	u32 bsp = this_cpu_apic_id();
	bool found_bsp = false;
	unsigned int i, j;

	KASSERT_EQ(t, acpi_init(&found), 0);
	for (i = 0; i < found.nr_cpus; i++) {
		if (found.apic_ids[i] == bsp)
			found_bsp = true;
		for (j = 0; j < i; j++)
			KEXPECT_NE(t, found.apic_ids[i], found.apic_ids[j]);
	}
	KEXPECT_TRUE(t, found_bsp);
}

static void madt_describes_the_pc_interrupt_controllers(struct ktest *t)
{
	bool timer_override = false;
	unsigned int i;

	KASSERT_EQ(t, acpi_init(&found), 0);
	KEXPECT_EQ(t, found.lapic_phys, PC_LAPIC_PHYS);
	KASSERT_EQ(t, found.nr_ioapics, 1);
	KEXPECT_EQ(t, found.ioapics[0].phys, PC_IOAPIC_PHYS);
	KEXPECT_EQ(t, found.ioapics[0].gsi_base, 0);
	KEXPECT_TRUE(t, found.pcat_compat);
	/*
	 * QEMU's PC wires the PIT (ISA IRQ 0) to IOAPIC pin 2 and says so
	 * (hw/i386/acpi-common.c, build_madt()).
	 */
	for (i = 0; i < found.nr_overrides; i++) {
		if (found.overrides[i].bus_irq == 0 && found.overrides[i].gsi == 2)
			timer_override = true;
	}
	KEXPECT_TRUE(t, timer_override);
}

static void acpi_get_table_returns_null_for_a_missing_table(struct ktest *t)
{
	size_t len = 12345;

	KEXPECT_NULL(t, acpi_get_table("XYZW", &len));
	KEXPECT_EQ(t, len, 12345);
}

/*
 * Without the boot loader's copy of the RSDP (or with a corrupt one), the
 * scan of the BIOS areas must find it: SeaBIOS puts it at 0xE0000-0xFFFFF.
 */
static void acpi_init_scans_the_bios_without_the_loaders_rsdp(struct ktest *t)
{
	unsigned int saved_len = boot_info.rsdp_len;
	u8 saved[sizeof(boot_info.rsdp)];
	int missing, corrupt;
	unsigned int cpus_missing, cpus_corrupt;

	memcpy(saved, boot_info.rsdp, sizeof(saved));

	boot_info.rsdp_len = 0;
	missing = acpi_init(&found);
	cpus_missing = found.nr_cpus;

	boot_info.rsdp_len = saved_len;
	boot_info.rsdp[0] ^= 0xff;		/* its signature */
	corrupt = acpi_init(&found);
	cpus_corrupt = found.nr_cpus;
	memcpy(boot_info.rsdp, saved, sizeof(saved));

	KEXPECT_EQ(t, missing, 0);
	KEXPECT_EQ(t, corrupt, 0);
	KASSERT_EQ(t, acpi_init(&found), 0);
	KEXPECT_EQ(t, cpus_missing, found.nr_cpus);
	KEXPECT_EQ(t, cpus_corrupt, found.nr_cpus);
}

/* A private copy of the machine's MADT, for the tests to damage. */
static u8 madt_copy[4096] __aligned(8);

static size_t copy_the_real_madt(struct ktest *t)
{
	const struct acpi_table_header *h;
	size_t len;

	h = acpi_get_table(ACPI_SIG_MADT, &len);
	KASSERT_NOT_NULL(t, h);
	if (len > sizeof(madt_copy))
		ktest_skip(t, "the MADT is larger than %zu bytes", sizeof(madt_copy));
	memcpy(madt_copy, h, len);
	return len;
}

/* After damaging madt_copy on purpose: a checksum that matches again. */
static void fix_checksum(void)
{
	struct acpi_table_header *h = (void *)madt_copy;
	u8 sum = 0;
	u32 i;

	h->checksum = 0;
	for (i = 0; i < h->length; i++)
		sum += madt_copy[i];
	h->checksum = -sum;
}

static void copy_of_the_real_madt_parses_the_same(struct ktest *t)
{
	static struct madt_info parsed;
	size_t len = copy_the_real_madt(t);

	KASSERT_EQ(t, acpi_init(&found), 0);
	KASSERT_NULL(t, acpi_parse_madt(madt_copy, len, &parsed));
	KEXPECT_EQ(t, parsed.nr_cpus, found.nr_cpus);
	KEXPECT_EQ(t, memcmp(parsed.apic_ids, found.apic_ids, sizeof(found.apic_ids)), 0);
	KEXPECT_EQ(t, parsed.nr_ioapics, found.nr_ioapics);
	KEXPECT_EQ(t, parsed.nr_overrides, found.nr_overrides);
}

static void real_madt_with_a_flipped_byte_fails_its_checksum(struct ktest *t)
{
	size_t len = copy_the_real_madt(t);

	madt_copy[len - 1] ^= 0x10;
	KEXPECT_STREQ(t, acpi_parse_madt(madt_copy, len, &found), "the table checksum is wrong");
}

static void real_madt_read_short_is_rejected(struct ktest *t)
{
	size_t len = copy_the_real_madt(t);

	KEXPECT_STREQ(t, acpi_parse_madt(madt_copy, len - 1, &found),
		      "the table length runs past the readable bytes");
	KEXPECT_STREQ(t, acpi_parse_madt(madt_copy, 20, &found),
		      "the table is shorter than a table header");
}

/* The length cut inside the last entry, with a checksum made to match. */
static void real_madt_cut_inside_an_entry_is_rejected(struct ktest *t)
{
	struct acpi_table_header *h = (void *)madt_copy;
	size_t len = copy_the_real_madt(t);

	KASSERT_GT(t, len, sizeof(struct acpi_table_madt) + 1);
	h->length = len - 1;
	fix_checksum();
	KEXPECT_STREQ(t, acpi_parse_madt(madt_copy, len, &found),
		      "a MADT entry runs past the end of the table");
}

static void real_madt_with_a_zero_length_entry_is_rejected(struct ktest *t)
{
	struct acpi_subtable_header *first;
	size_t len = copy_the_real_madt(t);

	KASSERT_GT(t, len, sizeof(struct acpi_table_madt));
	first = (void *)(madt_copy + sizeof(struct acpi_table_madt));
	first->length = 0;
	fix_checksum();
	KEXPECT_STREQ(t, acpi_parse_madt(madt_copy, len, &found),
		      "a MADT entry is shorter than an entry header");
}

static struct ktest_case acpi_cases[] = {
	KTEST_CASE(acpi_init_finds_a_madt),
	KTEST_CASE(madt_cpu_count_matches_qemu),
	KTEST_CASE(madt_apic_ids_are_distinct_and_include_the_boot_cpu),
	KTEST_CASE(madt_describes_the_pc_interrupt_controllers),
	KTEST_CASE(acpi_get_table_returns_null_for_a_missing_table),
	KTEST_CASE(acpi_init_scans_the_bios_without_the_loaders_rsdp),
	KTEST_CASE(copy_of_the_real_madt_parses_the_same),
	KTEST_CASE(real_madt_with_a_flipped_byte_fails_its_checksum),
	KTEST_CASE(real_madt_read_short_is_rejected),
	KTEST_CASE(real_madt_cut_inside_an_entry_is_rejected),
	KTEST_CASE(real_madt_with_a_zero_length_entry_is_rejected),
	{}
};
static struct ktest_suite acpi_suite = {
	.name = "acpi",
	.cases = acpi_cases,
	.init = acpi_test_init,
};
ktest_register_suite(acpi_suite);
