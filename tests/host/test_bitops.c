// SPDX-License-Identifier: GPL-2.0
/*
 * Bit operations (lib/bitops.h).  The expectations are Linux's documented
 * semantics: bit n lives in word n / BITS_PER_LONG, the test_and_ forms
 * return the old bit, and the find_ functions return the bitmap's size
 * when there is no such bit.
 */
#include <lib/bitops.h>

#include "harness.h"

HOST_TEST(bitops, hweight_counts_set_bits)
{
	CHECK_EQ(hweight64(0), 0);
	CHECK_EQ(hweight64(1), 1);
	CHECK_EQ(hweight64(0x8000000000000001ULL), 2);
	CHECK_EQ(hweight64(~0ULL), 64);
	CHECK_EQ(hweight_long(0xf0f0UL), 8);
}

HOST_TEST(bitops, bit_macros_match_linux)
{
	CHECK_EQ(BITS_PER_LONG, 64);
	CHECK_EQ(BIT(0), 1);
	CHECK_EQ(BIT(63), 0x8000000000000000UL);
	CHECK_EQ(BIT_WORD(63), 0);
	CHECK_EQ(BIT_WORD(64), 1);
	CHECK_EQ(BIT_MASK(65), 2);
	CHECK_EQ(BITS_TO_LONGS(0), 0);
	CHECK_EQ(BITS_TO_LONGS(1), 1);
	CHECK_EQ(BITS_TO_LONGS(64), 1);
	CHECK_EQ(BITS_TO_LONGS(65), 2);
}

HOST_TEST(bitops, set_bit_sets_the_bit_in_its_word)
{
	unsigned long map[3] = { 0 };

	set_bit(0, map);
	set_bit(63, map);
	set_bit(64, map);
	set_bit(130, map);
	CHECK_EQ(map[0], 0x8000000000000001UL);
	CHECK_EQ(map[1], 1);
	CHECK_EQ(map[2], 4);
	set_bit(0, map); /* already set: no change */
	CHECK_EQ(map[0], 0x8000000000000001UL);
}

HOST_TEST(bitops, clear_and_change_bit_touch_only_their_bit)
{
	unsigned long map[2] = { ~0UL, ~0UL };

	clear_bit(1, map);
	clear_bit(127, map);
	CHECK_EQ(map[0], ~2UL);
	CHECK_EQ(map[1], ~0UL >> 1);
	change_bit(1, map);
	change_bit(2, map);
	CHECK_EQ(map[0], ~4UL);
}

HOST_TEST(bitops, test_bit_reads_any_word)
{
	unsigned long map[2] = { 0x10, 0x1 };

	CHECK(test_bit(4, map));
	CHECK(!test_bit(5, map));
	CHECK(test_bit(64, map));
	CHECK(!test_bit(127, map));
}

HOST_TEST(bitops, test_and_set_bit_returns_the_old_bit)
{
	unsigned long map[2] = { 0 };

	CHECK_EQ(test_and_set_bit(70, map), false);
	CHECK_EQ(test_and_set_bit(70, map), true);
	CHECK_EQ(map[1], 0x40);
	CHECK_EQ(map[0], 0);
}

HOST_TEST(bitops, test_and_clear_bit_returns_the_old_bit)
{
	unsigned long map[1] = { 0x3 };

	CHECK_EQ(test_and_clear_bit(1, map), true);
	CHECK_EQ(test_and_clear_bit(1, map), false);
	CHECK_EQ(map[0], 0x1);
}

HOST_TEST(bitops, test_and_change_bit_returns_the_old_bit)
{
	unsigned long map[1] = { 0 };

	CHECK_EQ(test_and_change_bit(3, map), false);
	CHECK_EQ(test_and_change_bit(3, map), true);
	CHECK_EQ(map[0], 0);
}

HOST_TEST(bitops, non_atomic_forms_behave_like_atomic_ones)
{
	unsigned long map[2] = { 0 };

	__set_bit(65, map);
	CHECK_EQ(map[1], 2);
	CHECK_EQ(__test_and_set_bit(65, map), true);
	CHECK_EQ(__test_and_set_bit(0, map), false);
	CHECK_EQ(__test_and_clear_bit(0, map), true);
	CHECK_EQ(__test_and_clear_bit(0, map), false);
	__change_bit(64, map);
	CHECK_EQ(map[1], 3);
	__clear_bit(65, map);
	__clear_bit(64, map);
	CHECK_EQ(map[0], 0);
	CHECK_EQ(map[1], 0);
}

HOST_TEST(bitops, find_first_bit_returns_size_when_empty)
{
	unsigned long map[2] = { 0, 0 };

	CHECK_EQ(find_first_bit(map, 128), 128);
	CHECK_EQ(find_first_bit(map, 0), 0);
	map[1] = 1UL << 5;
	CHECK_EQ(find_first_bit(map, 128), 69);
}

HOST_TEST(bitops, find_first_bit_ignores_bits_past_size)
{
	unsigned long map[2] = { 0, 1UL << 10 };

	CHECK_EQ(find_first_bit(map, 70), 70); /* bit 74 is past the end */
	CHECK_EQ(find_first_bit(map, 75), 74);
	map[0] = 1UL << 40;
	CHECK_EQ(find_first_bit(map, 40), 40);
	CHECK_EQ(find_first_bit(map, 41), 40);
}

HOST_TEST(bitops, find_next_bit_includes_offset_and_crosses_words)
{
	unsigned long map[3] = { 0x1 | (1UL << 63), 0, 0x2 };

	CHECK_EQ(find_next_bit(map, 192, 0), 0);
	CHECK_EQ(find_next_bit(map, 192, 1), 63);
	CHECK_EQ(find_next_bit(map, 192, 63), 63);
	CHECK_EQ(find_next_bit(map, 192, 64), 129);
	CHECK_EQ(find_next_bit(map, 192, 130), 192);
	CHECK_EQ(find_next_bit(map, 192, 500), 192);
}

HOST_TEST(bitops, find_zero_bit_finds_clear_bits)
{
	unsigned long map[2] = { ~0UL, ~0UL ^ (1UL << 3) };

	CHECK_EQ(find_first_zero_bit(map, 128), 67);
	CHECK_EQ(find_next_zero_bit(map, 128, 68), 128);
	CHECK_EQ(find_first_zero_bit(map, 64), 64);
}

HOST_TEST(bitops, for_each_set_bit_visits_every_set_bit_in_order)
{
	unsigned long map[2] = { 0x81, 0x4 }, bit;
	unsigned long seen[4], n = 0;

	for_each_set_bit(bit, map, 128)
	{
		if (n < 4)
			seen[n] = bit;
		n++;
	}
	CHECK_EQ(n, 3);
	CHECK_EQ(seen[0], 0);
	CHECK_EQ(seen[1], 7);
	CHECK_EQ(seen[2], 66);
}

HOST_TEST(bitops, single_word_scans_match_linux)
{
	CHECK_EQ(__ffs(1), 0);
	CHECK_EQ(__ffs(0x8000000000000000UL), 63);
	CHECK_EQ(__fls(1), 0);
	CHECK_EQ(__fls(0x8000000000000001UL), 63);
	CHECK_EQ(ffz(0x7), 3);
	CHECK_EQ(ffs(0), 0);
	CHECK_EQ(ffs(1), 1);
	CHECK_EQ(ffs(0x80000000), 32);
	CHECK_EQ(fls(0), 0);
	CHECK_EQ(fls(1), 1);
	CHECK_EQ(fls(0x80000000U), 32);
	CHECK_EQ(fls64(0), 0);
	CHECK_EQ(fls64(1ULL << 40), 41);
}
