/* Reading kernel memory that may not be there, without faulting. */
#ifndef _ASM_MACCESS_H
#define _ASM_MACCESS_H

#include <lib/types.h>

/*
 * copy_from_kernel_nofault() - copy @size bytes from @src, which may be a
 * bad pointer
 *
 * Each byte is read by an instruction with an exception-table entry: if
 * it faults (not mapped, not canonical), do_exception() resumes at the
 * fixup and the copy stops.  Context: any.
 * Return: 0, or -EFAULT if any byte could not be read.
 */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);

#endif /* _ASM_MACCESS_H */
