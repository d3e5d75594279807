/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Atomic integers, xchg()/cmpxchg() and the memory barriers, Linux's API
 * and ordering rules (Documentation/atomic_t.txt in Linux):
 *
 *	atomic_read(), atomic_set()		plain once-only load/store; no ordering
 *	atomic_add/sub/inc/dec/and/or()		atomic, but no ordering
 *	atomic_*_return(), atomic_fetch_*(),
 *	atomic_*_and_test(), atomic_xchg(),
 *	atomic_cmpxchg() (on success),
 *	atomic_try_cmpxchg() (on success),
 *	atomic_add_unless(), atomic_inc_not_zero()
 *						atomic and fully ordered, as if
 *						smp_mb() came before and after
 *
 * The same operations exist for atomic64_t (s64) and atomic_long_t (long)
 * under the prefixes atomic64_ and atomic_long_.  All are any-context:
 * they never sleep and are safe against interrupts on this CPU.
 *
 * The compiler's __atomic builtins generate the lock-prefixed x86
 * instructions; the barriers that need care are in <asm/barrier.h>.
 */
#ifndef _KERNEL_ATOMIC_H
#define _KERNEL_ATOMIC_H

#include <asm/barrier.h>
#include <lib/compiler.h>
#include <lib/types.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

typedef struct {
	long counter;
} atomic_long_t;

/* clang-format off */
#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }
/* clang-format on */

/*
 * xchg(ptr, new): stores @new in *@ptr and returns the old value.
 * cmpxchg(ptr, old, new): stores @new in *@ptr if it holds @old; returns
 * the value *@ptr held, so it succeeded if that equals @old.
 * try_cmpxchg(ptr, oldp, new): the same, returning whether it succeeded;
 * on failure *@oldp is updated to the value found, ready for a retry loop.
 * All fully ordered when they store; a failed (try_)cmpxchg orders nothing.
 */
#define xchg(ptr, new) __atomic_exchange_n((ptr), (new), __ATOMIC_SEQ_CST)

#define cmpxchg(ptr, old, new)                                                                     \
	({                                                                                         \
		__typeof__(*(ptr)) __cmpxchg_old = (old);                                          \
		__atomic_compare_exchange_n((ptr), &__cmpxchg_old, (new), false, __ATOMIC_SEQ_CST, \
					    __ATOMIC_RELAXED);                                     \
		__cmpxchg_old;                                                                     \
	})

#define try_cmpxchg(ptr, oldp, new) \
	__atomic_compare_exchange_n((ptr), (oldp), (new), false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)

/*
 * One definition of every operation for each of the three types: @pfx is
 * the name prefix, @atype the atomic type, @T its integer type.
 */
/* clang-format off */
#define __ATOMIC_OPS(pfx, atype, T)                                             \
static __always_inline T pfx##_read(const atype *v)                             \
{                                                                               \
	return READ_ONCE(v->counter);                                           \
}                                                                               \
static __always_inline void pfx##_set(atype *v, T i)                            \
{                                                                               \
	WRITE_ONCE(v->counter, i);                                              \
}                                                                               \
/* Returns the value *@v holds, with ACQUIRE ordering. */                       \
static __always_inline T pfx##_read_acquire(const atype *v)                     \
{                                                                               \
	return __atomic_load_n(&v->counter, __ATOMIC_ACQUIRE);                  \
}                                                                               \
static __always_inline void pfx##_set_release(atype *v, T i)                    \
{                                                                               \
	__atomic_store_n(&v->counter, i, __ATOMIC_RELEASE);                     \
}                                                                               \
static __always_inline void pfx##_add(T i, atype *v)                            \
{                                                                               \
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);                   \
}                                                                               \
static __always_inline void pfx##_sub(T i, atype *v)                            \
{                                                                               \
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);                   \
}                                                                               \
static __always_inline void pfx##_inc(atype *v)                                 \
{                                                                               \
	pfx##_add(1, v);                                                        \
}                                                                               \
static __always_inline void pfx##_dec(atype *v)                                 \
{                                                                               \
	pfx##_sub(1, v);                                                        \
}                                                                               \
static __always_inline void pfx##_and(T i, atype *v)                            \
{                                                                               \
	__atomic_fetch_and(&v->counter, i, __ATOMIC_RELAXED);                   \
}                                                                               \
static __always_inline void pfx##_or(T i, atype *v)                             \
{                                                                               \
	__atomic_fetch_or(&v->counter, i, __ATOMIC_RELAXED);                    \
}                                                                               \
/* Return: the new value. */                                                    \
static __always_inline T pfx##_add_return(T i, atype *v)                        \
{                                                                               \
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);            \
}                                                                               \
static __always_inline T pfx##_sub_return(T i, atype *v)                        \
{                                                                               \
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);            \
}                                                                               \
static __always_inline T pfx##_inc_return(atype *v)                             \
{                                                                               \
	return pfx##_add_return(1, v);                                          \
}                                                                               \
static __always_inline T pfx##_dec_return(atype *v)                             \
{                                                                               \
	return pfx##_sub_return(1, v);                                          \
}                                                                               \
/* Return: the old value. */                                                    \
static __always_inline T pfx##_fetch_add(T i, atype *v)                         \
{                                                                               \
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);            \
}                                                                               \
static __always_inline T pfx##_fetch_sub(T i, atype *v)                         \
{                                                                               \
	return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);            \
}                                                                               \
static __always_inline T pfx##_fetch_inc(atype *v)                              \
{                                                                               \
	return pfx##_fetch_add(1, v);                                           \
}                                                                               \
static __always_inline T pfx##_fetch_dec(atype *v)                              \
{                                                                               \
	return pfx##_fetch_sub(1, v);                                           \
}                                                                               \
static __always_inline T pfx##_fetch_and(T i, atype *v)                         \
{                                                                               \
	return __atomic_fetch_and(&v->counter, i, __ATOMIC_SEQ_CST);            \
}                                                                               \
static __always_inline T pfx##_fetch_or(T i, atype *v)                          \
{                                                                               \
	return __atomic_fetch_or(&v->counter, i, __ATOMIC_SEQ_CST);             \
}                                                                               \
/* Return: whether the new value is zero (or negative, for add_negative). */    \
static __always_inline bool pfx##_sub_and_test(T i, atype *v)                   \
{                                                                               \
	return pfx##_sub_return(i, v) == 0;                                     \
}                                                                               \
static __always_inline bool pfx##_dec_and_test(atype *v)                        \
{                                                                               \
	return pfx##_sub_return(1, v) == 0;                                     \
}                                                                               \
static __always_inline bool pfx##_inc_and_test(atype *v)                        \
{                                                                               \
	return pfx##_add_return(1, v) == 0;                                     \
}                                                                               \
static __always_inline bool pfx##_add_negative(T i, atype *v)                   \
{                                                                               \
	return pfx##_add_return(i, v) < 0;                                      \
}                                                                               \
/* Return: the old value. */                                                    \
static __always_inline T pfx##_xchg(atype *v, T new)                            \
{                                                                               \
	return xchg(&v->counter, new);                                          \
}                                                                               \
/* Return: the value found; the store happened if it equals @old. */            \
static __always_inline T pfx##_cmpxchg(atype *v, T old, T new)                  \
{                                                                               \
	return cmpxchg(&v->counter, old, new);                                  \
}                                                                               \
/* Return: whether it stored; if not, *@old is the value found. */              \
static __always_inline bool pfx##_try_cmpxchg(atype *v, T *old, T new)          \
{                                                                               \
	return try_cmpxchg(&v->counter, old, new);                              \
}                                                                               \
/* Adds @a unless *@v is @u.  Return: the old value. */                         \
static __always_inline T pfx##_fetch_add_unless(atype *v, T a, T u)             \
{                                                                               \
	T c = pfx##_read(v);                                                    \
                                                                                \
	do {                                                                    \
		if (unlikely(c == u))                                           \
			break;                                                  \
	} while (!pfx##_try_cmpxchg(v, &c, c + a));                             \
	return c;                                                               \
}                                                                               \
/* Adds @a unless *@v is @u.  Return: whether it added. */                      \
static __always_inline bool pfx##_add_unless(atype *v, T a, T u)                \
{                                                                               \
	return pfx##_fetch_add_unless(v, a, u) != u;                            \
}                                                                               \
/* Increments unless *@v is zero.  Return: whether it incremented. */           \
static __always_inline bool pfx##_inc_not_zero(atype *v)                        \
{                                                                               \
	return pfx##_add_unless(v, 1, 0);                                       \
}                                                                               \
/*                                                                              \
 * Decrements unless that would go below zero.  Return: the old value           \
 * minus one, whether or not it stored (negative: it did not).                  \
 */                                                                             \
static __always_inline T pfx##_dec_if_positive(atype *v)                        \
{                                                                               \
	T c = pfx##_read(v);                                                    \
                                                                                \
	do {                                                                    \
		if (unlikely(c - 1 < 0))                                        \
			break;                                                  \
	} while (!pfx##_try_cmpxchg(v, &c, c - 1));                             \
	return c - 1;                                                           \
}

__ATOMIC_OPS(atomic, atomic_t, int)
__ATOMIC_OPS(atomic64, atomic64_t, s64)
__ATOMIC_OPS(atomic_long, atomic_long_t, long)

#undef __ATOMIC_OPS
/* clang-format on */

#endif /* _KERNEL_ATOMIC_H */
