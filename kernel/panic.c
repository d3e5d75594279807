// SPDX-License-Identifier: GPL-2.0
/*
 * panic(), WARN() and BUG(): the kernel's ways of saying something is wrong.
 */
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/lockdep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <lib/vsprintf.h>

#define PANIC_MESSAGE_MAX 256

bool panic_in_progress;
int oops_in_progress;
unsigned long warn_count;

void oops_begin(void)
{
	arch_local_irq_disable();
	debug_locks_off(); /* what follows an oops is no lesson in lock order */
	oops_in_progress++;
	console_bust_locks();
}

void show_cpu_report(const char *what, struct pt_regs *regs)
{
	pr_emerg("CPU%u: %s; it was running %s\n", smp_processor_id(), what, current_comm());
	show_regs(regs);
	show_stack(regs->rbp);
}

/* The CPU that panicked first; -1 until one does. */
static int panic_cpu = -1;

void panic(const char *fmt, ...)
{
	static char message[PANIC_MESSAGE_MAX];
	int this_cpu = smp_processor_id(), old = -1;
	struct pt_regs regs;
	va_list args;

	arch_local_irq_disable();
	crash_setup_regs(&regs);
	if (!__atomic_compare_exchange_n(&panic_cpu, &old, this_cpu, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		/*
		 * Another CPU panics (or this one, from inside its panic): the
		 * first report is the one to read.  Halt with NMIs open, so
		 * that the first panic's stop NMI gets this CPU's report.
		 */
		halt_forever();
	}
	WRITE_ONCE(panic_in_progress, true);
	debug_locks_off();
	console_bust_locks();

	va_start(args, fmt);
	vscnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	pr_emerg("Kernel panic - not syncing: %s\n", message);
	if (!oops_in_progress)
		show_cpu_report("panicked", &regs); /* an oops report has shown them already */
	smp_send_stop();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", message);

	qemu_debug_exit(QEMU_EXIT_PANIC);
	halt_forever();
}

void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	char message[PANIC_MESSAGE_MAX];
	va_list args;

	va_start(args, fmt);
	vscnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	__atomic_add_fetch(&warn_count, 1, __ATOMIC_RELAXED);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("WARNING: CPU: %u Comm: %s at %s:%d %s()\n", smp_processor_id(),
		current_comm(), file, line, func);
	pr_warn("%s\n", message);
	dump_stack();
	pr_warn("---[ end trace ]---\n");
}

void __bug(const char *file, int line, const char *func, const char *cond)
{
	panic("kernel BUG at %s:%d %s()%s%s", file, line, func,
	      cond ? ": " : "", cond ? cond : "");
}
