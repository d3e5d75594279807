/* The architecture's side of the scheduler. */
#ifndef _ASM_SWITCH_TO_H
#define _ASM_SWITCH_TO_H

#include <asm/page.h>

struct task_struct;

/*
 * What __switch_to_asm (switch.asm) leaves at task->thread_sp of a task
 * that is not running, lowest address first: the callee-saved registers
 * it pushed, then the return address of its call.  Backtraces of sleeping
 * tasks start here (show_task_stack(), scripts/gdb/kthreads.py).
 */
struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long return_address;
};

/* Saves prev's registers, resumes next; returns the task switched away from. */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);
/* Builds the first frame of @p's stack so that it starts in @fn(@arg). */
void arch_init_task_stack(struct task_struct *p, int (*fn)(void *), void *arg);
/* Enables interrupts and halts until one arrives, with no window between. */
void arch_safe_halt(void);

#endif /* _ASM_SWITCH_TO_H */
