// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler.
 *
 * There are no tasks yet: each CPU runs its boot path and then idles, which
 * is what Linux's idle task of that CPU does, so reports name it as Linux
 * does: swapper/N.
 */
#include <asm/percpu.h>
#include <kernel/sched.h>

const char *current_comm(void)
{
	return this_cpu_read_hot(idle_comm);
}
