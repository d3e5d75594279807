/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory barriers on x86-64, Linux's names.
 *
 * x86 keeps memory accesses in program order with one exception: a load
 * may complete before an earlier store to a different address has left
 * the store buffer (store->load reordering).  So:
 *
 *	smp_rmb(), smp_wmb()		only stop the compiler (barrier())
 *	smp_load_acquire(),
 *	smp_store_release()		plain moves, plus barrier()
 *	smp_mb()			needs an instruction: a locked
 *					read-modify-write, which drains the
 *					store buffer
 *
 * Every lock-prefixed instruction (xchg, cmpxchg, xadd, lock add) is a full
 * barrier on x86, so smp_mb__before_atomic()/__after_atomic() are free.
 *
 * mb(), rmb() and wmb() also order accesses to device memory and
 * non-temporal stores, hence the fence instructions.
 *
 * Generic users include <kernel/atomic.h>, which includes this file;
 * docs/locking.md says when each barrier is needed.
 */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#include <asm/processor.h>
#include <lib/compiler.h>

#define mb()  asm volatile("mfence" : : : "memory")
#define rmb() asm volatile("lfence" : : : "memory")
#define wmb() asm volatile("sfence" : : : "memory")

/*
 * A locked add of zero to the word just below the stack pointer: as strong
 * as mfence for ordinary memory and cheaper on most CPUs.  The word is not
 * changed (adding zero), so it does not matter what is stored there.
 */
#define smp_mb()  asm volatile("lock addl $0, -4(%%rsp)" : : : "memory", "cc")
#define smp_rmb() barrier()
#define smp_wmb() barrier()

#define smp_mb__before_atomic() barrier()
#define smp_mb__after_atomic()	barrier()
/* Taking a spin lock is a locked instruction, so already a full barrier. */
#define smp_mb__after_spinlock() barrier()

/* A control dependency plus this orders later loads too (x86: free). */
#define smp_acquire__after_ctrl_dep() smp_rmb()

/* Only naturally aligned machine words are single-copy atomic. */
#define __barrier_assert_word(p)                                                      \
	_Static_assert(sizeof(*(p)) == 1 || sizeof(*(p)) == 2 || sizeof(*(p)) == 4 || \
			       sizeof(*(p)) == 8,                                     \
		       "smp_load_acquire/smp_store_release need a scalar of 1, 2, 4 or 8 bytes")

/*
 * smp_store_release(p, v): stores @v to *@p after every earlier load and
 * store of this CPU is visible.  Pairs with smp_load_acquire() of *@p.
 */
#define smp_store_release(p, v)           \
	do {                              \
		__barrier_assert_word(p); \
		barrier();                \
		WRITE_ONCE(*(p), (v));    \
	} while (0)

/*
 * smp_load_acquire(p): loads *@p before any later load or store of this
 * CPU.  Seeing the value of a smp_store_release() means seeing everything
 * the releasing CPU wrote before it.
 */
#define smp_load_acquire(p)                                 \
	({                                                  \
		__barrier_assert_word(p);                   \
		__typeof__(*(p)) __smp_v = READ_ONCE(*(p)); \
		barrier();                                  \
		__smp_v;                                    \
	})

/*
 * smp_cond_load_relaxed(ptr, cond_expr): spins until @cond_expr, which
 * reads the loaded value as VAL, is true; returns that value.  No ordering.
 * @ptr must point to a non-const scalar.
 */
#define smp_cond_load_relaxed(ptr, cond_expr)    \
	({                                       \
		__typeof__(ptr) __PTR = (ptr);   \
		__typeof__(*(ptr)) VAL;          \
		for (;;) {                       \
			VAL = READ_ONCE(*__PTR); \
			if (cond_expr)           \
				break;           \
			cpu_relax();             \
		}                                \
		VAL;                             \
	})

/* As smp_cond_load_relaxed(), with ACQUIRE ordering of the final load. */
#define smp_cond_load_acquire(ptr, cond_expr)                                        \
	({                                                                           \
		__typeof__(*(ptr)) __smp_cv = smp_cond_load_relaxed(ptr, cond_expr); \
		smp_acquire__after_ctrl_dep();                                       \
		__smp_cv;                                                            \
	})

#endif /* _ASM_BARRIER_H */
