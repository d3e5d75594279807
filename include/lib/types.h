/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integer types with the kernel's short names.
 *
 * lib/ is built both freestanding (into the kernel) and hosted (for unit
 * tests), so this header may only lean on the compiler's own freestanding
 * headers, never on libc.
 */
#ifndef _LIB_TYPES_H
#define _LIB_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;	/* as in Linux: printed with %llu/%llx */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;

/*
 * The freestanding headers do not provide ssize_t.  glibc's <sys/types.h>
 * defines it as "long" on x86_64, and C11 allows a typedef to be repeated
 * with the same type, so host tests may include both headers in any order.
 */
typedef long ssize_t;

_Static_assert(sizeof(ssize_t) == sizeof(size_t), "ssize_t must match size_t");

#endif /* _LIB_TYPES_H */
