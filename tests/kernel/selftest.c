// SPDX-License-Identifier: GPL-2.0
/*
 * Cases that go wrong on purpose, so that the runner can prove it notices
 * each way a test kernel can go wrong (tests/runner/configs.py).  The suite
 * is manual: it runs only when ktest.filter names its cases.
 */
#include <asm/processor.h>
#include <asm/trap_test.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>

static void fails(struct ktest *t)
{
	int answer = 41;

	KEXPECT_EQ(t, answer, 42);
}

static void panics(struct ktest *t)
{
	panic("selftest: panicking on purpose");
}

static void hangs(struct ktest *t)
{
	for (;;)
		cpu_relax();
}

static void double_fault(struct ktest *t)
{
	trap_test_double_fault();
}

static void triple_fault(struct ktest *t)
{
	trap_test_triple_fault();
}

static struct ktest_case selftest_cases[] = {
	KTEST_CASE(fails),
	KTEST_CASE(panics),
	KTEST_CASE(hangs),
	KTEST_CASE(double_fault),
	KTEST_CASE(triple_fault),
	{}
};
static struct ktest_suite selftest_suite = {
	.name = "selftest",
	.cases = selftest_cases,
	.manual = true,
};
ktest_register_suite(selftest_suite);
