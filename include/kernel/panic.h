/* panic(): stop the machine with a message, registers and a backtrace. */
#ifndef _KERNEL_PANIC_H
#define _KERNEL_PANIC_H

#include <lib/compiler.h>

struct pt_regs;

/**
 * panic() - report a condition the kernel cannot survive, and stop
 * @fmt: printf-style message
 *
 * Prints "Kernel panic - not syncing: <message>", this CPU's report (its
 * registers and call trace, unless an oops report already printed them),
 * then stops every other CPU, each printing its own report in turn
 * (smp_send_stop()), and halts.  A test kernel also tells
 * QEMU, so the runner sees the panic at once.  May be called in any context.
 */
__printf(1, 2) __noreturn void panic(const char *fmt, ...);

/*
 * Called before an oops report (a fatal exception): printk stops waiting
 * for locks the faulting context may hold, and panic() will not print a
 * second call trace.
 */
void oops_begin(void);

/*
 * One CPU's part of a crash report: "CPU<n>: <what>; it was running
 * <task>", then the registers of @regs, the code it interrupted (RIP with
 * its symbol), and the call trace from there.  panic() prints one for its
 * own CPU ("panicked"), each CPU it stops one for itself ("stopped").
 * Context: any, NMI included.
 */
void show_cpu_report(const char *what, struct pt_regs *regs);

/* True once panic() has started. */
extern bool panic_in_progress;
/* Non-zero while an oops report is being printed, or after one. */
extern int oops_in_progress;

#endif /* _KERNEL_PANIC_H */
