// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler.
 *
 * There are no tasks yet: the boot CPU runs start_kernel() and then idles,
 * which is what Linux's idle task of CPU 0 does, so reports name it as
 * Linux does.
 */
#include <kernel/sched.h>

const char *current_comm(void)
{
	return "swapper/0";
}
