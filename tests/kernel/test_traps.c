// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions, register dumps, call traces and WARN.
 *
 * Faults are raised on purpose by the helpers of asm/trap_test.h, whose
 * exception-table entries let the handler resume the test; the handler's
 * record (last_exception) and what it printed are then checked.
 */
#include <asm/desc.h>
#include <asm/ptrace.h>
#include <asm/trap_test.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

static char logged[8192];

static void copy_log_since(u64 pos)
{
	log_buf_copy(pos, logged, sizeof(logged));
}

/* Reports name the running thread: the one running the tests. */
static const char *expected_comm(void)
{
	static char text[32];

	snprintf(text, sizeof(text), "Comm: %s", current->comm);
	return text;
}

static void int3_is_reported_and_resumed(struct ktest *t)
{
	unsigned long count = this_cpu_last_exception()->count;
	u64 pos = log_buf_pos();
	unsigned long next;

	next = trap_test_int3();
	copy_log_since(pos);
	KEXPECT_EQ(t, this_cpu_last_exception()->count, count + 1);
	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_BP);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, next);	/* a trap: RIP is past it */
	KEXPECT_NOT_NULL(t, strstr(logged, "breakpoint (vector 3): error code 0000"));
	KEXPECT_NOT_NULL(t, strstr(logged, expected_comm()));
	KEXPECT_NOT_NULL(t, strstr(logged, "RIP: "));
	KEXPECT_NOT_NULL(t, strstr(logged, "RAX: "));
	KEXPECT_NOT_NULL(t, strstr(logged, "CR2: "));
	KEXPECT_NOT_NULL(t, strstr(logged, "Call Trace:"));
	/* The trace is symbolized: the caller of this case is named. */
	KEXPECT_NOT_NULL(t, strstr(logged, "run_case+0x"));
}

static void ud2_is_an_invalid_opcode_fault(struct ktest *t)
{
	unsigned long insn = trap_test_ud2();

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_UD);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);	/* a fault: RIP is at it */
	KEXPECT_EQ(t, this_cpu_last_exception()->error_code, 0);
}

static void division_by_zero_is_a_divide_error(struct ktest *t)
{
	unsigned long insn = trap_test_divide_error();

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_DE);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
}

static void unmapped_read_page_faults_with_cr2(struct ktest *t)
{
	unsigned long insn = trap_test_read(TRAP_TEST_UNMAPPED_ADDR + 8);

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_PF);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, TRAP_TEST_UNMAPPED_ADDR + 8);
	KEXPECT_EQ(t, this_cpu_last_exception()->error_code & (X86_PF_PROT | X86_PF_WRITE | X86_PF_USER), 0);
}

static void unmapped_write_page_faults_as_a_write(struct ktest *t)
{
	unsigned long insn = trap_test_write(TRAP_TEST_UNMAPPED_ADDR);

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_PF);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
	KEXPECT_EQ(t, this_cpu_last_exception()->cr2, TRAP_TEST_UNMAPPED_ADDR);
	KEXPECT_TRUE(t, this_cpu_last_exception()->error_code & X86_PF_WRITE);
}

static void noncanonical_access_is_a_general_protection_fault(struct ktest *t)
{
	unsigned long insn = trap_test_read(TRAP_TEST_NONCANONICAL_ADDR);

	KEXPECT_EQ(t, this_cpu_last_exception()->vector, X86_TRAP_GP);
	KEXPECT_EQ(t, this_cpu_last_exception()->rip, insn);
}

static void exception_names_follow_the_sdm(struct ktest *t)
{
	KEXPECT_STREQ(t, exception_name(X86_TRAP_DF), "double fault");
	KEXPECT_STREQ(t, exception_name(X86_TRAP_PF), "page fault");
	KEXPECT_STREQ(t, exception_name(15), "reserved exception");
	KEXPECT_STREQ(t, exception_name(200), "reserved exception");
}

struct idt_gate_view {
	u16 offset_low, selector;
	u8 ist, type_attr;
	u16 offset_mid;
	u32 offset_high, reserved;
} __packed;

/* #DF, NMI and #MC must not use the stack that may have overflowed. */
static void critical_exceptions_switch_to_ist_stacks(struct ktest *t)
{
	struct {
		u16 limit;
		const struct idt_gate_view *base;
	} __packed idtr;

	asm volatile("sidt %0" : "=m"(idtr));
	KASSERT_EQ(t, idtr.limit, NR_VECTORS * sizeof(struct idt_gate_view) - 1);
	KEXPECT_EQ(t, idtr.base[X86_TRAP_DF].ist, IST_DOUBLE_FAULT);
	KEXPECT_EQ(t, idtr.base[X86_TRAP_NMI].ist, IST_NMI);
	KEXPECT_EQ(t, idtr.base[X86_TRAP_MC].ist, IST_MACHINE_CHECK);
	KEXPECT_EQ(t, idtr.base[X86_TRAP_PF].ist, 0);
	KEXPECT_EQ(t, idtr.base[X86_TRAP_UD].type_attr, 0x8e);
}

/*
 * Each CPU needs IST stacks of its own: two CPUs taking NMIs at once (the
 * stop NMI of a panic goes to all) would otherwise write their frames over
 * each other.  The boot CPU's stacks were once copied to every CPU with
 * the per-CPU template.
 */
static void every_cpu_has_ist_stacks_of_its_own(struct ktest *t)
{
	unsigned int cpu, other, ist;

	for_each_online_cpu(cpu) {
		for (ist = IST_DOUBLE_FAULT; ist <= IST_MACHINE_CHECK; ist++) {
			unsigned long top = cpu_ist_stack_top(cpu, ist), begin, end;

			KASSERT_TRUE(t, ist_stack_bounds(top - 1, &begin, &end));
			KEXPECT_EQ(t, end, top);
			for_each_online_cpu(other) {
				unsigned int i;

				for (i = IST_DOUBLE_FAULT; i <= IST_MACHINE_CHECK; i++) {
					unsigned long o = cpu_ist_stack_top(other, i);

					if (other != cpu || i != ist)
						KEXPECT_TRUE(t, o <= begin ||
									o - IST_STACK_SIZE >= end);
				}
			}
		}
	}
}

static void show_regs_prints_every_register(struct ktest *t)
{
	struct pt_regs regs;
	u64 pos = log_buf_pos();

	memset(&regs, 0, sizeof(regs));
	regs.rax = 0x1111;
	regs.rbx = 0x2222;
	regs.r15 = 0xf15f15;
	regs.rip = (unsigned long)show_regs_prints_every_register;
	show_regs(&regs);
	copy_log_since(pos);
	KEXPECT_NOT_NULL(t, strstr(logged, "RAX: 0000000000001111 RBX: 0000000000002222"));
	KEXPECT_NOT_NULL(t, strstr(logged, "R15: 0000000000f15f15"));
	KEXPECT_NOT_NULL(t, strstr(logged, "show_regs_prints_every_register+0x0/0x"));
}

static noinline void trace_level3(void)
{
	dump_stack();
	barrier();
}

static noinline void trace_level2(void)
{
	trace_level3();
	barrier();
}

static noinline void trace_level1(void)
{
	trace_level2();
	barrier();
}

static void dump_stack_names_the_callers_in_order(struct ktest *t)
{
	u64 pos = log_buf_pos();
	const char *l1, *l2, *l3;

	trace_level1();
	copy_log_since(pos);
	l3 = strstr(logged, "trace_level3+0x");
	l2 = strstr(logged, "trace_level2+0x");
	l1 = strstr(logged, "trace_level1+0x");
	KASSERT_NOT_NULL(t, l3);
	KASSERT_NOT_NULL(t, l2);
	KASSERT_NOT_NULL(t, l1);
	KEXPECT_LT(t, l3, l2);
	KEXPECT_LT(t, l2, l1);
}

static void warn_reports_location_and_backtrace(struct ktest *t)
{
	char expected[128];
	u64 pos = log_buf_pos();
	bool ret = false;

	KEXPECT_WARN(t, ret = WARN(1, "ktest warning %d", 42));
	copy_log_since(pos);
	KEXPECT_TRUE(t, ret);
	snprintf(expected, sizeof(expected), "WARNING: CPU: %u Comm: %s at tests/kernel/test_traps.c:",
		 smp_processor_id(), current->comm);
	KEXPECT_NOT_NULL(t, strstr(logged, expected));
	KEXPECT_NOT_NULL(t, strstr(logged, "warn_reports_location_and_backtrace()"));
	KEXPECT_NOT_NULL(t, strstr(logged, "ktest warning 42"));
	KEXPECT_NOT_NULL(t, strstr(logged, "Call Trace:"));
}

static void warn_on_false_is_silent(struct ktest *t)
{
	unsigned long before = warn_count;

	KEXPECT_FALSE(t, WARN_ON(1 + 1 == 3));
	KEXPECT_EQ(t, warn_count, before);
}

static bool warn_once_site(bool cond)
{
	return WARN_ON_ONCE(cond);
}

static void warn_on_once_reports_once(struct ktest *t)
{
	unsigned long before = warn_count;

	KEXPECT_WARN(t, warn_once_site(true));
	KEXPECT_TRUE(t, warn_once_site(true));	/* still true, but silent */
	KEXPECT_EQ(t, warn_count, before + 1);
}

static struct ktest_case traps_cases[] = {
	KTEST_CASE(int3_is_reported_and_resumed),
	KTEST_CASE(ud2_is_an_invalid_opcode_fault),
	KTEST_CASE(division_by_zero_is_a_divide_error),
	KTEST_CASE(unmapped_read_page_faults_with_cr2),
	KTEST_CASE(unmapped_write_page_faults_as_a_write),
	KTEST_CASE(noncanonical_access_is_a_general_protection_fault),
	KTEST_CASE(exception_names_follow_the_sdm),
	KTEST_CASE(critical_exceptions_switch_to_ist_stacks),
	KTEST_CASE(every_cpu_has_ist_stacks_of_its_own),
	KTEST_CASE(show_regs_prints_every_register),
	KTEST_CASE(dump_stack_names_the_callers_in_order),
	{}
};
static struct ktest_suite traps_suite = { .name = "traps", .cases = traps_cases };
ktest_register_suite(traps_suite);

static struct ktest_case warn_cases[] = {
	KTEST_CASE(warn_reports_location_and_backtrace),
	KTEST_CASE(warn_on_false_is_silent),
	KTEST_CASE(warn_on_once_reports_once),
	{}
};
static struct ktest_suite warn_suite = { .name = "warn", .cases = warn_cases };
ktest_register_suite(warn_suite);
