// SPDX-License-Identifier: GPL-2.0
/* Bit counting (lib/bitops.h). */
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
