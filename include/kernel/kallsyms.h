/* Function names for addresses, from the table linked into the kernel. */
#ifndef _KERNEL_KALLSYMS_H
#define _KERNEL_KALLSYMS_H

#include <lib/types.h>

#define KSYM_NAME_LEN		128
#define KSYM_SYMBOL_LEN		(KSYM_NAME_LEN + 40)

/*
 * Return: the name of the function containing @addr, with its size and the
 * offset of @addr in it; NULL when @addr is not in kernel text.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size,
			    unsigned long *offset);
/* Returns the address of the function @name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);
/* Formats @addr as "name+0xoff/0xsize", or as a bare address. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);
/*
 * As sprint_symbol(), for a return address: names the function that made
 * the call, which matters when the call was the last instruction of it.
 */
int sprint_backtrace(char *buf, size_t size, unsigned long addr);

#endif /* _KERNEL_KALLSYMS_H */
