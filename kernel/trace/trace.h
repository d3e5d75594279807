/* SPDX-License-Identifier: GPL-2.0 */
/* Inside kernel/trace/: the rings, and the writer and dump halves. */
#ifndef _KERNEL_TRACE_TRACE_H
#define _KERNEL_TRACE_TRACE_H

#include <kernel/trace.h>

/*
 * One CPU's ring.  @head counts the slots ever claimed (written by this
 * CPU only, atomically against its own interrupts); @base is where the
 * last trace_clear() left it.  @entries and @mask are set once.
 */
struct trace_ring {
	struct trace_entry *entries;
	unsigned long mask; /* records - 1, a power of two */
	u64 head;
	u64 base;
};

struct trace_entry *trace_reserve(int type, u64 *index);
void trace_commit(struct trace_entry *e, u64 index);

void trace_control_lock_acquire(void);
void trace_control_lock_release(void);

#endif /* _KERNEL_TRACE_TRACE_H */
