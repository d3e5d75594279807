// SPDX-License-Identifier: GPL-2.0
/* The architecture's part of tasks: their first stack frame, and idling. */
#include <asm/processor.h>
#include <asm/switch_to.h>
#include <kernel/sched.h>

_Static_assert(offsetof(struct task_struct, thread_sp) == 0,
	       "switch.asm: TASK_THREAD_SP");

/* The frame __switch_to_asm pops, with ret_from_fork_asm as its return address. */
struct fork_frame {
	struct inactive_task_frame switch_frame;
	unsigned long end_of_trace;	/* 0: where backtraces stop */
	unsigned long padding;		/* RSP is 16-aligned at the first call */
};

extern void ret_from_fork_asm(void);

void arch_init_task_stack(struct task_struct *p, int (*fn)(void *), void *arg)
{
	struct fork_frame *frame = (struct fork_frame *)((char *)p->stack + THREAD_SIZE) - 1;

	*frame = (struct fork_frame){
		.switch_frame = {
			.rbx = (unsigned long)fn,
			.r12 = (unsigned long)arg,
			.rbp = 0,
			.return_address = (unsigned long)ret_from_fork_asm,
		},
	};
	p->thread_sp = (unsigned long)frame;
}

void arch_safe_halt(void)
{
	/* sti takes effect after hlt starts: no wake-up can slip in between. */
	asm volatile("sti; hlt" : : : "memory");
}
