/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler attributes and small helper macros, with the Linux kernel's names.
 *
 * Works with GCC and Clang in GNU C11 mode.  Several macros rely on GNU
 * extensions (statement expressions, __typeof__, __COUNTER__) so that each
 * argument is evaluated exactly once.
 */
#ifndef _LIB_COMPILER_H
#define _LIB_COMPILER_H

#include <stddef.h>

#include <lib/types.h>

/*
 * glibc's <sys/cdefs.h> also defines __always_inline (and #undefs any earlier
 * definition first); ours does the same so host tests may include both.
 */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define __noreturn		__attribute__((__noreturn__))
#define __printf(fmt, args)	__attribute__((__format__(printf, fmt, args)))
#define __used			__attribute__((__used__))
#define __maybe_unused		__attribute__((__unused__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __section(s)		__attribute__((__section__(s)))
#define __aligned(n)		__attribute__((__aligned__(n)))
#define __packed		__attribute__((__packed__))
#define __weak			__attribute__((__weak__))
#define __cold			__attribute__((__cold__))
#define fallthrough		__attribute__((__fallthrough__))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/* Stops the compiler from moving memory accesses across this point. */
#define barrier()		__asm__ __volatile__("" : : : "memory")

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define __same_type(a, b)	__builtin_types_compatible_p(__typeof__(a), __typeof__(b))

/*
 * BUILD_BUG_ON() is a statement for use inside functions; BUILD_BUG_ON_ZERO()
 * is an expression of value 0 for use inside other macros.
 */
#define BUILD_BUG_ON_MSG(cond, msg)	do { _Static_assert(!(cond), msg); } while (0)
#define BUILD_BUG_ON(cond)		BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON failed: " #cond)
#define BUILD_BUG_ON_ZERO(e)		((int)(sizeof(struct { int : (-!!(e)); })))

/* Fails to build when handed a pointer, whose "size" would be meaningless. */
#define __must_be_array(a)	BUILD_BUG_ON_ZERO(__same_type((a), &(a)[0]))
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

/**
 * container_of - cast a member of a structure out to the containing structure
 * @ptr:	the pointer to the member.
 * @type:	the type of the container struct this is embedded in.
 * @member:	the name of the member within the struct.
 *
 * The type check catches passing a pointer to a different member type, which
 * would otherwise silently compute a wrong address.
 */
#define container_of(ptr, type, member) ({					\
	void *__mptr = (void *)(ptr);						\
	_Static_assert(__same_type(*(ptr), ((type *)0)->member) ||		\
		       __same_type(*(ptr), void),				\
		       "pointer type mismatch in container_of()");		\
	((type *)((char *)__mptr - offsetof(type, member))); })

/*
 * A volatile access forces exactly one load or store of the whole object, so
 * the compiler cannot tear, merge, re-read or hoist it out of a loop.  Use it
 * for data that another CPU or an interrupt handler may change under us.
 */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

/*
 * min()/max() evaluate each argument once and refuse to build when the two
 * types differ ("comparison of distinct pointer types"), because a mixed
 * signed/unsigned comparison silently picks the wrong value.  Cast, or use
 * min_t()/max_t(), when the types legitimately differ.
 */
#define __cmp_once(op, x, y, ux, uy) ({						\
	__typeof__(x) ux = (x);							\
	__typeof__(y) uy = (y);							\
	(void)(&ux == &uy);							\
	ux op uy ? ux : uy; })

#define min(x, y)	__cmp_once(<, x, y, __UNIQUE_ID(min_x_), __UNIQUE_ID(min_y_))
#define max(x, y)	__cmp_once(>, x, y, __UNIQUE_ID(max_x_), __UNIQUE_ID(max_y_))
#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

/* clamp - limit @val to the range [@lo, @hi]; all three must share a type. */
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi)	clamp((type)(val), (type)(lo), (type)(hi))

/* @a must be a power of two; the result has the type of @x. */
#define __ALIGN_MASK(x, mask)	(((x) + (mask)) & ~(mask))
#define ALIGN(x, a)		__ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#endif /* _LIB_COMPILER_H */
