/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bit operations on bitmaps of unsigned longs, Linux's names and semantics.
 *
 * Bit @nr of a bitmap is bit (@nr % BITS_PER_LONG) of word
 * (@nr / BITS_PER_LONG).  Three families:
 *
 *	set_bit(), clear_bit(), change_bit()
 *		atomic read-modify-write of one word; no memory ordering
 *		(use smp_mb__before_atomic()/__after_atomic() around them
 *		if it is needed)
 *	test_and_set_bit(), test_and_clear_bit(), test_and_change_bit()
 *		atomic and fully ordered; return the old value of the bit
 *	__set_bit(), __clear_bit(), __change_bit(), __test_and_*_bit()
 *		not atomic: for bitmaps no one else touches meanwhile
 *
 * test_bit() is a plain load.  find_first_bit() and find_next_bit() scan
 * (not atomically) and return the size of the bitmap when there is no
 * such bit.
 *
 * lib/: no kernel dependencies (host-tested); no libgcc, no POPCNT needed.
 */
#ifndef _LIB_BITOPS_H
#define _LIB_BITOPS_H

#include <lib/compiler.h>
#include <lib/types.h>

#define BITS_PER_BYTE	   8
/* As spelt in kernel/cpumask.h, so that both definitions may coexist. */
#define BITS_PER_LONG	   64
#define BITS_PER_LONG_LONG 64

_Static_assert(sizeof(unsigned long) * BITS_PER_BYTE == BITS_PER_LONG,
	       "BITS_PER_LONG must match unsigned long");

#define BIT(nr)		  (1UL << (nr))
#define BIT_ULL(nr)	  (1ULL << (nr))
#define BIT_MASK(nr)	  (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)	  ((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_BYTE * sizeof(long))

/* The number of set bits in @w (a "SWAR" popcount: a handful of ALU ops). */
static inline unsigned int hweight64(u64 w)
{
	w = w - ((w >> 1) & 0x5555555555555555ULL);
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (w * 0x0101010101010101ULL) >> 56;
}

static inline unsigned int hweight_long(unsigned long w)
{
	return hweight64(w);
}

/* Atomic, unordered. */

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static inline void change_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

/* Atomic, fully ordered.  Return: the bit's old value. */

static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = BIT_MASK(nr);

	return __atomic_fetch_or(&addr[BIT_WORD(nr)], mask, __ATOMIC_SEQ_CST) & mask;
}

static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = BIT_MASK(nr);

	return __atomic_fetch_and(&addr[BIT_WORD(nr)], ~mask, __ATOMIC_SEQ_CST) & mask;
}

static inline bool test_and_change_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = BIT_MASK(nr);

	return __atomic_fetch_xor(&addr[BIT_WORD(nr)], mask, __ATOMIC_SEQ_CST) & mask;
}

/* Not atomic. */

static inline void __set_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void __change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static inline bool __test_and_set_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = BIT_MASK(nr), old = addr[BIT_WORD(nr)];

	addr[BIT_WORD(nr)] = old | mask;
	return old & mask;
}

static inline bool __test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	unsigned long mask = BIT_MASK(nr), old = addr[BIT_WORD(nr)];

	addr[BIT_WORD(nr)] = old & ~mask;
	return old & mask;
}

/* Return: whether bit @nr is set.  A single load; orders nothing. */
static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

/* Single words.  __ffs/__fls/ffz: undefined for a word with no such bit. */

/* The index of the lowest set bit of @word (0-based). */
static inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

/* The index of the highest set bit of @word (0-based). */
static inline unsigned long __fls(unsigned long word)
{
	return BITS_PER_LONG - 1 - __builtin_clzl(word);
}

/* The index of the lowest clear bit of @word. */
static inline unsigned long ffz(unsigned long word)
{
	return __ffs(~word);
}

/* As the C library's: 1-based index of the lowest set bit, 0 if none. */
static inline int ffs(int x)
{
	return x ? __builtin_ctz((unsigned int)x) + 1 : 0;
}

/* 1-based index of the highest set bit, 0 if none: fls(1) = 1, fls(0x80000000) = 32. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

/*
 * The first bit at or after @offset that is set (@invert = 0) or clear
 * (@invert = ~0UL) in the @size-bit bitmap at @addr; @size if none.
 */
static inline unsigned long __find_next_bit(const unsigned long *addr, unsigned long size,
					    unsigned long offset, unsigned long invert)
{
	unsigned long word;

	if (offset >= size)
		return size;
	/* The first word, with the bits below @offset masked off. */
	word = (addr[BIT_WORD(offset)] ^ invert) & (~0UL << (offset % BITS_PER_LONG));
	offset -= offset % BITS_PER_LONG;
	while (!word) {
		offset += BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = addr[BIT_WORD(offset)] ^ invert;
	}
	offset += __ffs(word);
	return offset < size ? offset : size;
}

/**
 * find_next_bit - the next set bit
 * @addr: the bitmap
 * @size: its length in bits (need not be a multiple of BITS_PER_LONG;
 *	bits past it are ignored, never reported)
 * @offset: where to start, inclusive
 *
 * Return: the index of the first set bit >= @offset, or @size if none.
 */
static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
					  unsigned long offset)
{
	return __find_next_bit(addr, size, offset, 0);
}

/* As find_next_bit(), for a clear bit. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
					       unsigned long offset)
{
	return __find_next_bit(addr, size, offset, ~0UL);
}

/* Return: the index of the first set bit, or @size if none. */
static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

/* Return: the index of the first clear bit, or @size if none. */
static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

#define for_each_set_bit(bit, addr, size)                            \
	for ((bit) = find_first_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

#define for_each_clear_bit(bit, addr, size)                               \
	for ((bit) = find_first_zero_bit((addr), (size)); (bit) < (size); \
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

#endif /* _LIB_BITOPS_H */
