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

#endif /* _ASM_STACKTRACE_H */
