/*
 * The per-CPU hot fields, reached through the GS base.
 *
 * Each CPU's GS base points at the start of its per-CPU area, where
 * struct pcpu_hot lies (linker.ld puts .data..percpu..first there), so a
 * field is read with one `mov %gs:offset`: no lock, no CPU number needed,
 * and atomic against interrupts on this CPU.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <lib/compiler.h>
#include <lib/types.h>

struct task_struct;

struct pcpu_hot {
	unsigned long this_cpu_off;	/* this area minus the template */
	unsigned int cpu_number;
	int preempt_count;		/* see kernel/preempt.h */
	/*
	 * Set when the running task should give up the CPU at the next
	 * chance (Linux: TIF_NEED_RESCHED of the current task; one flag per
	 * CPU is the same thing, since it is cleared at every switch).
	 * Set, by any CPU, only under this CPU's rq->lock (resched_curr());
	 * cleared by this CPU in __schedule() under the same lock, so a
	 * request made after the pick is never wiped.  Read locklessly.
	 */
	int need_resched;
	struct task_struct *current_task;
	const char *idle_comm;		/* "swapper/N", until there are tasks */
};

extern struct pcpu_hot pcpu_hot;

#define __pcpu_hot_offset(field) offsetof(struct pcpu_hot, field)

#define this_cpu_read_hot(field)                                              \
	({                                                                    \
		__typeof__(((struct pcpu_hot *)0)->field) __v;                \
		BUILD_BUG_ON(sizeof(__v) != 4 && sizeof(__v) != 8);          \
		asm volatile("mov %%gs:%c1, %0"                               \
			     : "=r"(__v)                                      \
			     : "i"(__pcpu_hot_offset(field)));                \
		__v;                                                          \
	})

#define this_cpu_write_hot(field, val)                                        \
	do {                                                                  \
		__typeof__(((struct pcpu_hot *)0)->field) __v = (val);        \
		asm volatile("mov %0, %%gs:%c1"                               \
			     :                                                \
			     : "r"(__v), "i"(__pcpu_hot_offset(field))        \
			     : "memory");                                     \
	} while (0)

/*
 * One instruction, so an interrupt sees it done or not done.  For the
 * 32-bit fields (preempt_count): the size suffix must be explicit, since
 * an immediate operand does not give it.
 */
#define this_cpu_add_hot(field, val)                                          \
	do {                                                                  \
		BUILD_BUG_ON(sizeof(((struct pcpu_hot *)0)->field) != 4);     \
		asm volatile("addl %0, %%gs:%c1"                              \
			     :                                                \
			     : "ir"((int)(val)), "i"(__pcpu_hot_offset(field)) \
			     : "memory");                                     \
	} while (0)

/*
 * Subtracts 1 from a 32-bit field in one instruction and says whether it
 * reached zero, from the flags that instruction sets: preempt_enable()'s
 * `decl; jz` (kernel/preempt.h).
 */
#define this_cpu_dec_and_test_hot(field)                                  \
	({                                                                \
		bool __zero;                                              \
		BUILD_BUG_ON(sizeof(((struct pcpu_hot *)0)->field) != 4); \
		asm volatile("decl %%gs:%c1"                              \
			     : "=@ccz"(__zero)                            \
			     : "i"(__pcpu_hot_offset(field))              \
			     : "memory");                                 \
		__zero;                                                   \
	})

/* Whether a 32-bit field is nonzero, with one `cmpl $0` (no register). */
#define this_cpu_test_hot(field)                                          \
	({                                                                \
		bool __nonzero;                                           \
		BUILD_BUG_ON(sizeof(((struct pcpu_hot *)0)->field) != 4); \
		asm volatile("cmpl $0, %%gs:%c1"                          \
			     : "=@ccnz"(__nonzero)                        \
			     : "i"(__pcpu_hot_offset(field)));            \
		__nonzero;                                                \
	})

static __always_inline unsigned long this_cpu_off(void)
{
	return this_cpu_read_hot(this_cpu_off);
}

/* Points this CPU's GS base at @area. */
void load_percpu_base(void *area);

#endif /* _ASM_PERCPU_H */
