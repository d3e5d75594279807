/* SPDX-License-Identifier: GPL-2.0 */
/*
 * refcount_t: a reference count that refuses to wrap, Linux's API (a
 * minimal subset).
 *
 * An atomic_t used as a reference count turns a bug (one put too many, or
 * 2^31 gets) into a use-after-free.  A refcount_t instead WARNs and
 * saturates: the count sticks at REFCOUNT_SATURATED, the object leaks and
 * is never freed, which is safe.  Incrementing from zero WARNs too: the
 * object is already being freed.
 *
 * Ordering, as in Linux: refcount_inc() orders nothing;
 * refcount_dec_and_test() orders every earlier access before the final
 * decrement and, when it returns true, every later access after it (so the
 * object can be freed).  Context: any.
 */
#ifndef _KERNEL_REFCOUNT_H
#define _KERNEL_REFCOUNT_H

#include <kernel/atomic.h>
#include <lib/compiler.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

/* clang-format off */
#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n) }
/* clang-format on */
/* Half-way into the negative range, far from both 0 and overflow. */
#define REFCOUNT_SATURATED ((int)(0xc0000000U))

enum refcount_saturation_type {
	REFCOUNT_ADD_NOT_ZERO_OVF,
	REFCOUNT_ADD_OVF,
	REFCOUNT_ADD_UAF,
	REFCOUNT_SUB_UAF,
	REFCOUNT_DEC_LEAK,
};

/* Saturates @r and WARNs (once) about @t.  kernel/locking/refcount.c */
void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t);

/* @a + @b as the atomic instruction computes it: wrapping, not undefined. */
static inline int __refcount_wrapped_add(int a, int b)
{
	return (int)((unsigned int)a + (unsigned int)b);
}

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return atomic_read(&r->refs);
}

/**
 * refcount_add - add @i references
 * @i: how many
 * @r: the refcount
 *
 * WARNs and saturates if the count was zero (use after free) or
 * overflows.
 */
static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (unlikely(!old))
		refcount_warn_saturate(r, REFCOUNT_ADD_UAF);
	else if (unlikely(old < 0 || __refcount_wrapped_add(old, i) < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_OVF);
}

/* refcount_inc - take a reference; see refcount_add(). */
static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

/**
 * refcount_inc_not_zero - take a reference unless the count is zero
 * @r: the refcount
 *
 * Return: true if it took one, false if the object is already dying.
 */
static inline bool refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	do {
		if (!old)
			break;
	} while (!atomic_try_cmpxchg(&r->refs, &old, __refcount_wrapped_add(old, 1)));
	if (unlikely(old < 0 || __refcount_wrapped_add(old, 1) < 0))
		refcount_warn_saturate(r, REFCOUNT_ADD_NOT_ZERO_OVF);
	return old != 0;
}

/**
 * refcount_sub_and_test - drop @i references
 * @i: how many
 * @r: the refcount
 *
 * Return: true if that dropped the last one: the caller frees the object.
 * Dropping more than there were WARNs, saturates and returns false.
 */
static inline __must_check bool refcount_sub_and_test(int i, refcount_t *r)
{
	int old = atomic_fetch_sub(i, &r->refs);

	if (old == i)
		return true;
	if (unlikely(old < 0 || __refcount_wrapped_add(old, -i) < 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return false;
}

static inline __must_check bool refcount_dec_and_test(refcount_t *r)
{
	return refcount_sub_and_test(1, r);
}

/* Drops a reference that must not be the last one (WARNs if it was). */
static inline void refcount_dec(refcount_t *r)
{
	if (unlikely(atomic_fetch_sub(1, &r->refs) <= 1))
		refcount_warn_saturate(r, REFCOUNT_DEC_LEAK);
}

#endif /* _KERNEL_REFCOUNT_H */
