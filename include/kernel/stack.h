/*
 * Kernel thread stacks, each with an unmapped guard page below it, so that
 * an overflow faults instead of silently overwriting a neighbour.
 */
#ifndef _KERNEL_STACK_H
#define _KERNEL_STACK_H

#include <asm/page.h>
#include <kernel/gfp.h>
#include <lib/types.h>

/**
 * alloc_thread_stack() - allocate a THREAD_SIZE stack with a guard page
 * @gfp: allocation flags for the backing pages
 *
 * Context: process context or boot; takes stack_vmap_lock.
 * Return: the lowest address of the stack (the stack grows down from
 * base + THREAD_SIZE), or NULL when out of memory or address space.
 */
void *alloc_thread_stack(gfp_t gfp);
/*
 * Frees a stack from alloc_thread_stack(); NULL is a no-op.  The stack may
 * stay mapped in a small cache for the next alloc_thread_stack().
 * Context: process context with interrupts enabled.
 */
void free_thread_stack(void *base);

/* True when @addr lies in the guard page of some thread stack. */
bool is_stack_guard_page(unsigned long addr);
/* If @addr lies in a thread stack in use (or cached), its bounds [*begin, *end). */
bool thread_stack_bounds(unsigned long addr, unsigned long *begin, unsigned long *end);

/* Stacks allocated and not yet freed, for leak checks (cached ones not counted). */
unsigned long nr_thread_stacks(void);
/*
 * Unmaps and frees the stacks kept for reuse, so that page counts return
 * to what they were before any thread existed.  Context: process context,
 * interrupts enabled.
 */
void drain_thread_stack_cache(void);

#endif /* _KERNEL_STACK_H */
