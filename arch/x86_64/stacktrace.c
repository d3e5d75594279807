// SPDX-License-Identifier: GPL-2.0
/*
 * Register dumps and call traces.
 *
 * Kernel code keeps frame pointers (-fno-omit-frame-pointer), so each frame
 * starts with the caller's RBP and then the return address:
 *
 *	rbp -> [ saved rbp of the caller ]
 *	       [ return address          ]
 *
 * Entry code sets RBP to 0 before the first C function, ending the chain.
 * Every pointer is checked against the bounds of a known stack before it is
 * followed, so a corrupt stack shortens the trace rather than faulting
 * inside a fault report.  A chain may move to another known stack (from an
 * IST stack to the interrupted one, or through call_on_stack()); within one
 * stack, frames must move up.
 */
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/stacktrace.h>
#include <kernel/arch.h>
#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/compiler.h>

#define MAX_TRACE_DEPTH 64

struct stack_frame {
	struct stack_frame *next;
	unsigned long return_address;
};

bool get_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end)
{
	if (addr >= (unsigned long)boot_stack && addr < (unsigned long)boot_stack_top) {
		*begin = (unsigned long)boot_stack;
		*end = (unsigned long)boot_stack_top;
		return true;
	}
	return ist_stack_bounds(addr, begin, end) || thread_stack_bounds(addr, begin, end);
}

static void print_address(const char *prefix, unsigned long addr, bool is_return)
{
	char sym[KSYM_SYMBOL_LEN];

	if (is_return)
		sprint_backtrace(sym, sizeof(sym), addr);
	else
		sprint_symbol(sym, sizeof(sym), addr);
	pr_emerg("%s[<%016lx>] %s\n", prefix, addr, sym);
}

void show_stack(unsigned long rbp)
{
	unsigned long begin, end;
	const struct stack_frame *frame = (const void *)rbp;
	int depth;

	pr_emerg("Call Trace:\n");
	if (!get_stack_bounds(rbp, &begin, &end)) {
		pr_emerg(" <frame pointer %016lx is on no known stack>\n", rbp);
		return;
	}
	for (depth = 0; depth < MAX_TRACE_DEPTH; depth++) {
		unsigned long addr = (unsigned long)frame;

		if (!addr)
			return;		/* the end of the chain */
		if ((addr < begin || addr + sizeof(*frame) > end) &&
		    !get_stack_bounds(addr, &begin, &end))
			addr = 0;	/* on no known stack */
		if (!addr || !IS_ALIGNED(addr, sizeof(long)) || addr + sizeof(*frame) > end) {
			pr_emerg(" <bad frame pointer %016lx>\n", (unsigned long)frame);
			return;
		}
		if (!frame->return_address)
			return;
		print_address(" ", frame->return_address, true);
		if (frame->next && (unsigned long)frame->next <= addr &&
		    (unsigned long)frame->next >= begin) {
			pr_emerg(" <frame pointer loops back: %016lx>\n",
				 (unsigned long)frame->next);
			return;
		}
		frame = frame->next;
	}
	pr_emerg(" <trace truncated after %d frames>\n", MAX_TRACE_DEPTH);
}

noinline void dump_stack(void)
{
	pr_emerg("CPU: %u Comm: %s\n", smp_processor_id(), current_comm());
	show_stack((unsigned long)__builtin_frame_address(0));
}

void show_regs(struct pt_regs *regs)
{
	print_address("RIP: ", regs->rip, false);
	pr_emerg("CS:  %04lx SS: %04lx EFLAGS: %08lx ERR: %016lx\n", regs->cs,
		 regs->ss, regs->rflags, regs->error_code);
	pr_emerg("RSP: %016lx RBP: %016lx\n", regs->rsp, regs->rbp);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->rax, regs->rbx,
		 regs->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->rdx, regs->rsi,
		 regs->rdi);
	pr_emerg("R08: %016lx R09: %016lx R10: %016lx\n", regs->r8, regs->r9,
		 regs->r10);
	pr_emerg("R11: %016lx R12: %016lx R13: %016lx\n", regs->r11, regs->r12,
		 regs->r13);
	pr_emerg("R14: %016lx R15: %016lx\n", regs->r14, regs->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}
