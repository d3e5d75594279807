/*
 * What the portable kernel asks of an architecture.  arch/x86_64/ is the
 * only implementation; the names follow Linux where it has one.
 */
#ifndef _KERNEL_ARCH_H
#define _KERNEL_ARCH_H

#include <lib/compiler.h>
#include <lib/types.h>

struct pt_regs;
struct task_struct;

/* "GenuineIntel QEMU Virtual CPU version 2.5+", for the boot banner. */
void arch_cpu_describe(char *buf, size_t size);

/* Print a register dump / the call trace of this context, at KERN_EMERG. */
void show_regs(struct pt_regs *regs);
void dump_stack(void);
/* Walk and print the frame-pointer chain that starts at @rbp. */
void show_stack(unsigned long rbp);
/*
 * Saves up to @size return addresses of the caller's call trace in
 * @entries, after skipping @skip of them (0: starting with the caller's
 * caller).  Any context.  Return: how many were saved.
 */
unsigned int stack_trace_save(unsigned long *entries, unsigned int size, unsigned int skip);
/* Prints @nr saved return addresses at KERN_EMERG, symbolized, each after @prefix. */
void stack_trace_print(const unsigned long *entries, unsigned int nr, const char *prefix);
/*
 * The call trace of @p, which is not running, from the context it saved
 * when it switched out.  The caller holds a reference on @p.
 */
void show_task_stack(struct task_struct *p);

/*
 * Tell QEMU's isa-debug-exit device (if present) to exit with status
 * (@value << 1) | 1; without the device this does nothing and returns.
 * Values and their meaning are in docs/testing.md.
 */
void qemu_debug_exit(u8 value);

#define QEMU_EXIT_TESTS_PASSED	0x10
#define QEMU_EXIT_TESTS_FAILED	0x11
#define QEMU_EXIT_PANIC		0x12

#endif /* _KERNEL_ARCH_H */
