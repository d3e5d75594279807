#ifndef _ASM_STACKTRACE_H
#define _ASM_STACKTRACE_H

#include <lib/types.h>

extern u8 boot_stack[], boot_stack_top[];

/*
 * Finds the stack that contains @addr: [*begin, *end).  Frame-pointer
 * walks never leave the stack they started on, so a corrupt chain ends the
 * trace instead of faulting.
 */
bool get_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end);

/*
 * Runs @fn(@arg) on another stack, whose top (highest address + 1) is
 * @stack_top, and comes back to this one.  Used to run code on a guarded
 * thread stack before there are threads.
 */
void call_on_stack(void *stack_top, void (*fn)(void *), void *arg);

#endif /* _ASM_STACKTRACE_H */
