// SPDX-License-Identifier: GPL-2.0
/* Searching the exception table; see asm/extable.h. */
#include <asm/extable.h>
#include <asm/ptrace.h>
#include <lib/types.h>

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

/*
 * A linear search: the table has a handful of entries and is only read when
 * something faulted.  Linux sorts it at boot and bisects; do that when it
 * grows.
 */
static const struct exception_table_entry *search_exception_table(unsigned long ip)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++) {
		if (e->insn == ip)
			return e;
	}
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_table(regs->rip);

	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}
