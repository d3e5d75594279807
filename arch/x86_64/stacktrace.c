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
#include <asm/switch_to.h>
#include <kernel/arch.h>
#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/stack.h>
#include <lib/compiler.h>
#include <lib/string.h>

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

/*
 * Walks the frame-pointer chain from @rbp, on the stack [@begin, @end),
 * calling @fn(@arg, return address) for each frame until it returns false.
 * With @other_stacks the chain may move to any other known stack; without,
 * it must stay in [@begin, @end): a sleeping task's chain never leaves its
 * own.  Return: NULL at the end of the chain, or why the walk stopped
 * early (for show_stack()).
 */
static const char *walk_frames(unsigned long rbp, unsigned long begin, unsigned long end,
			       bool other_stacks, bool (*fn)(void *arg, unsigned long addr),
			       void *arg, unsigned long *bad)
{
	const struct stack_frame *frame = (const void *)rbp;
	int depth;

	for (depth = 0; depth < MAX_TRACE_DEPTH; depth++) {
		unsigned long addr = (unsigned long)frame;

		if (!addr)
			return NULL; /* the end of the chain */
		if ((addr < begin || addr + sizeof(*frame) > end) &&
		    (!other_stacks || !get_stack_bounds(addr, &begin, &end)))
			addr = 0;	/* on no known stack */
		*bad = (unsigned long)frame;
		if (!addr || !IS_ALIGNED(addr, sizeof(long)) || addr + sizeof(*frame) > end)
			return "bad frame pointer";
		if (!frame->return_address || !fn(arg, frame->return_address))
			return NULL;
		*bad = (unsigned long)frame->next;
		if (frame->next && (unsigned long)frame->next <= addr &&
		    (unsigned long)frame->next >= begin)
			return "frame pointer loops back";
		frame = frame->next;
	}
	return "trace truncated";
}

/* walk_frames() from @rbp, on whichever known stacks the chain crosses. */
static const char *walk_stack(unsigned long rbp, bool (*fn)(void *arg, unsigned long addr),
			      void *arg, unsigned long *bad)
{
	unsigned long begin, end;

	*bad = rbp;
	if (!get_stack_bounds(rbp, &begin, &end))
		return "on no known stack";
	return walk_frames(rbp, begin, end, true, fn, arg, bad);
}

static bool print_frame(void *arg, unsigned long addr)
{
	print_address(arg, addr, true);
	return true;
}

static void print_why_stopped(const char *why, unsigned long bad)
{
	if (!why)
		return;
	if (!strcmp(why, "on no known stack"))
		pr_emerg(" <frame pointer %016lx is on no known stack>\n", bad);
	else if (!strcmp(why, "trace truncated"))
		pr_emerg(" <trace truncated after %d frames>\n", MAX_TRACE_DEPTH);
	else if (!strcmp(why, "frame pointer loops back"))
		pr_emerg(" <frame pointer loops back: %016lx>\n", bad);
	else
		pr_emerg(" <%s %016lx>\n", why, bad);
}

void show_stack(unsigned long rbp)
{
	unsigned long bad;
	const char *why;

	pr_emerg("Call Trace:\n");
	why = walk_stack(rbp, print_frame, " ", &bad);
	print_why_stopped(why, bad);
}

/*
 * A task that is not running left an inactive_task_frame at its saved
 * stack pointer: the return address into the function that switched it
 * out, and that function's frame pointer, where the chain goes on.  The
 * task may wake and run meanwhile (a report races with it); the walk then
 * prints garbage, but stays on the task's own stack, which the caller's
 * reference keeps mapped.
 */
void show_task_stack(struct task_struct *p)
{
	unsigned long begin = (unsigned long)p->stack, end = begin + THREAD_SIZE;
	unsigned long sp = READ_ONCE(p->thread_sp), bad;
	const struct inactive_task_frame *frame = (const void *)sp;
	const char *why;

	pr_emerg("Call Trace:\n");
	if (sp < begin || sp + sizeof(*frame) > end || !IS_ALIGNED(sp, sizeof(long))) {
		pr_emerg(" <saved stack pointer %016lx is off its stack>\n", sp);
		return;
	}
	print_address(" ", frame->return_address, true);
	bad = frame->rbp;
	why = walk_frames(frame->rbp, begin, end, false, print_frame, " ", &bad);
	print_why_stopped(why, bad);
}

struct trace_store {
	unsigned long *entries;
	unsigned int size, nr, skip;
};

static bool save_frame(void *arg, unsigned long addr)
{
	struct trace_store *store = arg;

	if (store->skip) {
		store->skip--;
		return true;
	}
	store->entries[store->nr++] = addr;
	return store->nr < store->size;
}

noinline unsigned int stack_trace_save(unsigned long *entries, unsigned int size, unsigned int skip)
{
	struct trace_store store = { .entries = entries, .size = size, .skip = skip };
	unsigned long bad;

	if (size)
		walk_stack((unsigned long)__builtin_frame_address(0), save_frame, &store, &bad);
	return store.nr;
}

void stack_trace_print(const unsigned long *entries, unsigned int nr, const char *prefix)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		print_address(prefix, entries[i], true);
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
