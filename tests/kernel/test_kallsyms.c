// SPDX-License-Identifier: GPL-2.0
/* The symbol table linked into the kernel, as backtraces use it. */
#include <kernel/kallsyms.h>
#include <kernel/ktest.h>
#include <kernel/start.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

extern const char _text[], _etext[];
static char data_object[16];

static void function_start_has_offset_zero(struct ktest *t)
{
	unsigned long size = 0, offset = 99;
	const char *name = kallsyms_lookup((unsigned long)start_kernel, &size, &offset);

	KEXPECT_STREQ(t, name, "start_kernel");
	KEXPECT_EQ(t, offset, 0);
	KEXPECT_GT(t, size, 0);
}

static void address_inside_a_function_names_it(struct ktest *t)
{
	unsigned long size = 0, offset = 0;
	unsigned long here = (unsigned long)address_inside_a_function_names_it + 5;
	const char *name = kallsyms_lookup(here, &size, &offset);

	KEXPECT_STREQ(t, name, "address_inside_a_function_names_it");
	KEXPECT_EQ(t, offset, 5);
	KEXPECT_GT(t, size, 5);
}

static void data_and_foreign_addresses_have_no_symbol(struct ktest *t)
{
	KEXPECT_NULL(t, kallsyms_lookup((unsigned long)data_object, NULL, NULL));
	KEXPECT_NULL(t, kallsyms_lookup(0, NULL, NULL));
	KEXPECT_NULL(t, kallsyms_lookup((unsigned long)_etext, NULL, NULL));
	KEXPECT_NOT_NULL(t, kallsyms_lookup((unsigned long)_text, NULL, NULL));
}

static void lookup_name_round_trips(struct ktest *t)
{
	KEXPECT_EQ(t, kallsyms_lookup_name("start_kernel"), (unsigned long)start_kernel);
	KEXPECT_EQ(t, kallsyms_lookup_name("no_such_function_anywhere"), 0);
}

static void sprint_symbol_formats_name_offset_size(struct ktest *t)
{
	char buf[KSYM_SYMBOL_LEN], expected[KSYM_SYMBOL_LEN];
	unsigned long size;

	kallsyms_lookup((unsigned long)start_kernel, &size, NULL);
	snprintf(expected, sizeof(expected), "start_kernel+0x10/0x%lx", size);
	sprint_symbol(buf, sizeof(buf), (unsigned long)start_kernel + 0x10);
	KEXPECT_STREQ(t, buf, expected);
	sprint_symbol(buf, sizeof(buf), 0x1234);
	KEXPECT_STREQ(t, buf, "0x1234");
}

/*
 * A return address may be the first byte of the next function (when the
 * call was a function's last instruction): it must name the caller.
 */
static void sprint_backtrace_names_the_calling_function(struct ktest *t)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long size;

	kallsyms_lookup((unsigned long)start_kernel, &size, NULL);
	sprint_backtrace(buf, sizeof(buf), (unsigned long)start_kernel + size);
	KEXPECT_EQ(t, strncmp(buf, "start_kernel+0x", 15), 0);
}

static struct ktest_case kallsyms_cases[] = {
	KTEST_CASE(function_start_has_offset_zero),
	KTEST_CASE(address_inside_a_function_names_it),
	KTEST_CASE(data_and_foreign_addresses_have_no_symbol),
	KTEST_CASE(lookup_name_round_trips),
	KTEST_CASE(sprint_symbol_formats_name_offset_size),
	KTEST_CASE(sprint_backtrace_names_the_calling_function),
	{}
};
static struct ktest_suite kallsyms_suite = { .name = "kallsyms", .cases = kallsyms_cases };
ktest_register_suite(kallsyms_suite);
