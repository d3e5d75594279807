// SPDX-License-Identifier: GPL-2.0
/*
 * CPU exceptions: report, fix up, or die.
 *
 * Every exception lands in do_exception() with the interrupted context's
 * registers.  It is recorded in last_exception, then:
 *  - int3 is reported (registers and call trace) and resumed: a student can
 *    drop an int3 anywhere for a dump and carry on;
 *  - a fault whose instruction has an exception-table entry resumes at the
 *    fixup, silently, as in Linux;
 *  - anything else is fatal: an oops report, then panic().  A fault in the
 *    guard page of a thread stack is named as the stack overflow it is:
 *    the #PF could not be delivered on the full stack and became a #DF.
 * Runs with interrupts off (all exception gates are interrupt gates), on the
 * interrupted stack, or on an IST stack for #DF, NMI and #MC.
 */
#include <asm/desc.h>
#include <asm/extable.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/nmi.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/compiler.h>
#include <lib/types.h>

_Static_assert(offsetof(struct pt_regs, vector) == 15 * 8,
	       "entry.asm pushes 15 general registers below the vector");
_Static_assert(offsetof(struct pt_regs, rip) == 17 * 8,
	       "the CPU frame follows the vector and error code");
_Static_assert(sizeof(struct pt_regs) == 22 * 8,
	       "entry.asm keeps RSP 16-byte aligned with 22 quadwords");

DEFINE_PER_CPU(struct exception_record, last_exception);

static const char *const exception_names[NR_EXCEPTION_VECTORS] = {
	[X86_TRAP_DE] = "divide error",
	[X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "non-maskable interrupt",
	[X86_TRAP_BP] = "breakpoint",
	[X86_TRAP_OF] = "overflow",
	[X86_TRAP_BR] = "bound range exceeded",
	[X86_TRAP_UD] = "invalid opcode",
	[X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",
	[9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",
	[X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack segment fault",
	[X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",
	[X86_TRAP_MF] = "x87 floating point error",
	[X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check",
	[X86_TRAP_XF] = "SIMD floating point error",
	[20] = "virtualization exception",
	[21] = "control protection exception",
};

const char *exception_name(unsigned long vector)
{
	if (vector < NR_EXCEPTION_VECTORS && exception_names[vector])
		return exception_names[vector];
	return "reserved exception";
}

static void record_exception(struct pt_regs *regs, unsigned long cr2)
{
	struct exception_record *rec = this_cpu_ptr(&last_exception);

	rec->vector = regs->vector;
	rec->error_code = regs->error_code;
	rec->rip = regs->rip;
	rec->cr2 = cr2;
	rec->count++;
}

static void report_page_fault(struct pt_regs *regs, unsigned long cr2)
{
	unsigned long ec = regs->error_code;

	pr_emerg("BUG: unable to handle page fault for address: %016lx\n", cr2);
	pr_emerg("#PF: %s %s in kernel mode\n",
		 (ec & X86_PF_INSTR) ? "instruction fetch" :
		 (ec & X86_PF_WRITE) ? "write access" : "read access",
		 (ec & X86_PF_PROT) ? "of a protected page" : "of a not-present page");
}

/*
 * The oops report: what, where, which thread, registers, call trace.  The
 * call trace starts at the interrupted frame, not in this handler.
 */
static void report_exception(struct pt_regs *regs, unsigned long cr2)
{
	if (regs->vector == X86_TRAP_PF)
		report_page_fault(regs, cr2);
	pr_emerg("%s (vector %lu): error code %04lx [#%lu] CPU: %u Comm: %s\n",
		 exception_name(regs->vector), regs->vector, regs->error_code,
		 this_cpu_ptr(&last_exception)->count, smp_processor_id(), current_comm());
	show_regs(regs);
	show_stack(regs->rbp);
}

/* CR2 means something after a page fault, and after one that became a #DF. */
static bool has_fault_address(unsigned long vector)
{
	return vector == X86_TRAP_PF || vector == X86_TRAP_DF;
}

/*
 * NMIs arrive on this CPU's own IST stack, even with interrupts off.  We
 * send them to stop CPUs (panic), for backtraces and for the hard-lockup
 * detector's probe (<kernel/nmi.h>); anything else is reported and
 * survived.  Nothing here may fault and return: the IRET would unblock
 * NMIs, and a second one would start on this same stack.
 */
static void do_nmi(struct pt_regs *regs)
{
	bool handled;

	preempt_count_add(NMI_OFFSET);
	if (smp_stop_requested())
		smp_stop_this_cpu(regs);
	/* Both: one NMI may carry a probe and a backtrace request. */
	handled = watchdog_hardlockup_nmi(regs);
	handled |= nmi_cpu_backtrace(regs);
	if (!handled) {
		pr_emerg("NMI received for an unknown reason on CPU %u\n", smp_processor_id());
		show_regs(regs);
	}
	preempt_count_sub(NMI_OFFSET);
}

void do_exception(struct pt_regs *regs);
void do_exception(struct pt_regs *regs)
{
	unsigned long cr2 = has_fault_address(regs->vector) ? read_cr2() : 0;

	record_exception(regs, cr2);

	if (regs->vector == X86_TRAP_NMI) {
		do_nmi(regs);
		return;
	}
	if (regs->vector == X86_TRAP_BP) {
		report_exception(regs, cr2);
		pr_emerg("int3: resuming after the breakpoint\n");
		return;
	}
	if (fixup_exception(regs))
		return;

	oops_begin();
	if (has_fault_address(regs->vector) && is_stack_guard_page(cr2)) {
		pr_emerg("BUG: stack guard page was hit at %016lx\n", cr2);
		report_exception(regs, cr2);
		panic("kernel stack overflow in thread %s", current_comm());
	}
	report_exception(regs, cr2);
	panic("Fatal exception: %s", exception_name(regs->vector));
}
