/*
 * Exception tables: "if the instruction at A faults, resume at B".
 *
 * As in Linux, code that may fault on purpose (probing an address, or a test
 * that raises an exception to see it handled) lists the instruction and a
 * fixup address in the __ex_table section.  do_exception() consults the
 * table before treating a fault as fatal.
 */
#ifndef _ASM_EXTABLE_H
#define _ASM_EXTABLE_H

#include <lib/types.h>

struct pt_regs;

struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};

/* For inline assembly: the instruction at label @from resumes at @to. */
#define _ASM_EXTABLE(from, to)                          \
	".pushsection __ex_table, \"a\"\n\t"            \
	".balign 8\n\t"                                 \
	".quad " #from ", " #to "\n\t"                  \
	".popsection\n\t"

/* If @regs->rip has a fixup, move it there and return true. */
bool fixup_exception(struct pt_regs *regs);

#endif /* _ASM_EXTABLE_H */
