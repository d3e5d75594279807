// SPDX-License-Identifier: GPL-2.0
/*
 * What boot left behind: the boot information, the clock, the layout.
 * The runner boots QEMU with -m 256M and GRUB.
 */
#include <asm/multiboot2.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <kernel/bootinfo.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <lib/string.h>

extern const char _text[], _end[];

static void memory_map_matches_the_machine(struct ktest *t)
{
	u64 available = boot_mem_available(&boot_info);

	KEXPECT_GE(t, boot_info.nr_mem, 2);
	KEXPECT_GT(t, available, 200ULL << 20);
	KEXPECT_LE(t, available, 256ULL << 20);
	KEXPECT_FALSE(t, boot_info.mem_truncated);
}

static void kernel_image_lies_in_usable_memory(struct ktest *t)
{
	u64 start = (unsigned long)_text - KERNEL_VIRT_BASE;
	u64 end = (unsigned long)_end - KERNEL_VIRT_BASE;
	unsigned int i;
	bool inside = false;

	for (i = 0; i < boot_info.nr_mem; i++) {
		const struct boot_mem_region *r = &boot_info.mem[i];

		if (r->type == BOOT_MEM_AVAILABLE && r->base <= start &&
		    end <= r->base + r->length)
			inside = true;
	}
	KEXPECT_TRUE(t, inside);
}

static void boot_loader_is_named(struct ktest *t)
{
	KEXPECT_EQ(t, strncmp(boot_info.loader_name, "GRUB", 4), 0);
	KEXPECT_NE(t, boot_info.info_phys, 0);
	KEXPECT_GE(t, boot_info.info_size, 16);
}

/* Re-parse a copy of the real boot information, whole and cut short. */
static void reparsing_a_truncated_copy_fails_cleanly(struct ktest *t)
{
	static u8 copy[4096] __aligned(8);
	static struct boot_info parsed;
	struct mb2_info_header *hdr = (void *)copy;

	if (boot_info.info_size > sizeof(copy))
		ktest_skip(t, "boot information larger than %zu bytes", sizeof(copy));
	memcpy(copy, __va(boot_info.info_phys), boot_info.info_size);

	KEXPECT_NULL(t, multiboot2_parse(copy, boot_info.info_size, &parsed));
	KEXPECT_STREQ(t, parsed.cmdline, boot_info.cmdline);
	KEXPECT_EQ(t, parsed.nr_mem, boot_info.nr_mem);

	/* The buffer claims more than can be read: refused before any tag. */
	KEXPECT_NOT_NULL(t, multiboot2_parse(copy, boot_info.info_size - 8, &parsed));
	/* Cut before the end tag: the walk must notice the missing end tag. */
	hdr->total_size -= 8;
	KEXPECT_STREQ(t, multiboot2_parse(copy, sizeof(copy), &parsed),
		      "the tag list has no end tag");
}

static void clock_advances_monotonically(struct ktest *t)
{
	u64 a = ktime_get_ns(), b;
	int i;

	KASSERT_GT(t, a, 0);
	for (i = 0; i < 1000; i++) {
		b = ktime_get_ns();
		KASSERT_GE(t, b, a);
		a = b;
	}
}

static void clock_measures_a_busy_wait_plausibly(struct ktest *t)
{
	u64 start = ktime_get_ns(), tsc_start = rdtsc();

	while (rdtsc() - tsc_start < 10000000)	/* 10M cycles */
		cpu_relax();
	/* Any TSC between 100 MHz and 100 GHz: 0.1 ms .. 100 ms. */
	KEXPECT_GT(t, ktime_get_ns() - start, 100 * NSEC_PER_USEC);
	KEXPECT_LT(t, ktime_get_ns() - start, 100 * NSEC_PER_MSEC);
}

static struct ktest_case boot_cases[] = {
	KTEST_CASE(memory_map_matches_the_machine),
	KTEST_CASE(kernel_image_lies_in_usable_memory),
	KTEST_CASE(boot_loader_is_named),
	KTEST_CASE(reparsing_a_truncated_copy_fails_cleanly),
	KTEST_CASE(clock_advances_monotonically),
	KTEST_CASE(clock_measures_a_busy_wait_plausibly),
	{}
};
static struct ktest_suite boot_suite = { .name = "boot", .cases = boot_cases };
ktest_register_suite(boot_suite);
