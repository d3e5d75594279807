// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's page tables: the rights of each part of the image, the
 * direct map, nothing mapped at 0, and map/unmap of single pages.
 */
#include <asm/pgtable.h>
#include <asm/trap_test.h>
#include <asm/traps.h>
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/start.h>

extern const char _text[], _rodata[], _data[], __bss_start[];
static int some_data = 1;
static const int some_rodata = 2;

static pte_t pte_of(const void *addr, int *level)
{
	return lookup_kernel_address((unsigned long)addr, level);
}

static void text_is_read_only_and_executable(struct ktest *t)
{
	int level;
	pte_t pte = pte_of(start_kernel, &level);

	KEXPECT_EQ(t, level, 1);
	KEXPECT_TRUE(t, pte & _PAGE_PRESENT);
	KEXPECT_FALSE(t, pte & _PAGE_RW);
	KEXPECT_FALSE(t, pte & _PAGE_NX);
}

static void rodata_is_read_only_and_not_executable(struct ktest *t)
{
	int level;
	pte_t pte = pte_of(&some_rodata, &level);

	KEXPECT_FALSE(t, pte & _PAGE_RW);
	KEXPECT_TRUE(t, pte & _PAGE_NX);
	KEXPECT_EQ(t, some_rodata, 2);
}

static void data_and_bss_are_writable_and_not_executable(struct ktest *t)
{
	int level;
	pte_t data = pte_of(&some_data, &level), bss = pte_of(__bss_start, &level);

	KEXPECT_TRUE(t, data & _PAGE_RW);
	KEXPECT_TRUE(t, data & _PAGE_NX);
	KEXPECT_TRUE(t, bss & _PAGE_RW);
	KEXPECT_TRUE(t, bss & _PAGE_NX);
}

static void writing_to_text_or_rodata_faults(struct ktest *t)
{
	unsigned long insn = trap_test_write((unsigned long)_text);

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_PF);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, (unsigned long)_text);
	KEXPECT_EQ(t, this_cpu_last_exception()->error_code & (X86_PF_PROT | X86_PF_WRITE),
		   X86_PF_PROT | X86_PF_WRITE);

	trap_test_write((unsigned long)&some_rodata);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, (unsigned long)&some_rodata);
	KEXPECT_EQ(t, some_rodata, 2);
}

static void null_pointer_dereference_faults(struct ktest *t)
{
	unsigned long insn = trap_test_read(0);

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_PF);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, 0);
	KEXPECT_EQ(t, this_cpu_last_exception()->error_code & X86_PF_PROT, 0);	/* not present */
}

static void direct_map_covers_all_ram_with_large_pages(struct ktest *t)
{
	int level;
	void *last = __va((max_pfn << PAGE_SHIFT) - 1);
	pte_t pte = pte_of(last, &level);

	KEXPECT_TRUE(t, pte & _PAGE_PRESENT);
	KEXPECT_EQ(t, level, 2);
	KEXPECT_TRUE(t, pte & _PAGE_NX);
	KEXPECT_TRUE(t, virt_addr_valid(last));
	KEXPECT_FALSE(t, virt_addr_valid(__va(max_pfn << PAGE_SHIFT)));
}

#define TEST_VA (STACK_VMAP_BASE + STACK_VMAP_SIZE - PAGE_SIZE)

static void map_and_unmap_a_kernel_page(struct ktest *t)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, 0);
	u64 pa;
	int level;

	KASSERT_NOT_NULL(t, page);
	pa = page_to_pfn(page) << PAGE_SHIFT;
	KASSERT_EQ(t, map_kernel_page(TEST_VA, pa, PAGE_KERNEL), 0);
	KEXPECT_EQ(t, map_kernel_page(TEST_VA, pa, PAGE_KERNEL), -EEXIST);
	KEXPECT_EQ(t, lookup_kernel_address(TEST_VA, &level) & PTE_ADDR_MASK, pa);

	*(volatile u64 *)TEST_VA = 0x1234;	/* the same memory, two names */
	KEXPECT_EQ(t, *(u64 *)page_address(page), 0x1234);

	unmap_kernel_page(TEST_VA);
	KEXPECT_EQ(t, lookup_kernel_address(TEST_VA, &level), 0);
	trap_test_read(TEST_VA);	/* the TLB must have forgotten it */
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, TEST_VA);
	__free_pages(page, 0);
}

static struct ktest_case pgtable_cases[] = {
	KTEST_CASE(text_is_read_only_and_executable),
	KTEST_CASE(rodata_is_read_only_and_not_executable),
	KTEST_CASE(data_and_bss_are_writable_and_not_executable),
	KTEST_CASE(writing_to_text_or_rodata_faults),
	KTEST_CASE(null_pointer_dereference_faults),
	KTEST_CASE(direct_map_covers_all_ram_with_large_pages),
	KTEST_CASE(map_and_unmap_a_kernel_page),
	{}
};
static struct ktest_suite pgtable_suite = { .name = "pgtable", .cases = pgtable_cases };
ktest_register_suite(pgtable_suite);
