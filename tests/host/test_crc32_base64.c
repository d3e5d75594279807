// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/crc32.c and lib/base64.c.  The trace dump's host decoder
 * checks frames with Python's zlib.crc32 and base64 module, so the expected
 * values are theirs (RFC 4648's test vectors for base64).
 */
#include <lib/base64.h>
#include <lib/crc32.h>
#include <lib/string.h>

#include "harness.h"

HOST_TEST(crc32, matches_the_standard_check_value)
{
	CHECK_EQ(crc32(0, "123456789", 9), 0xcbf43926U);
}

HOST_TEST(crc32, of_nothing_is_zero)
{
	CHECK_EQ(crc32(0, "", 0), 0);
}

HOST_TEST(crc32, continues_across_calls)
{
	CHECK_EQ(crc32(crc32(0, "1234", 4), "56789", 5), 0xcbf43926U);
}

HOST_TEST(crc32, sees_a_single_flipped_bit)
{
	CHECK_NE(crc32(0, "123456789", 9), crc32(0, "123456788", 9));
}

static void check_base64(const char *in, const char *expected)
{
	char out[64];

	CHECK_EQ(base64_encode(in, strlen(in), out), strlen(expected));
	CHECK_STREQ(out, expected);
}

HOST_TEST(base64, encodes_the_rfc4648_vectors)
{
	check_base64("", "");
	check_base64("f", "Zg==");
	check_base64("fo", "Zm8=");
	check_base64("foo", "Zm9v");
	check_base64("foob", "Zm9vYg==");
	check_base64("fooba", "Zm9vYmE=");
	check_base64("foobar", "Zm9vYmFy");
}

HOST_TEST(base64, encodes_every_byte_value)
{
	unsigned char in[3] = { 0xff, 0x00, 0xfb };
	char out[8];

	CHECK_EQ(base64_encode(in, 3, out), 4);
	CHECK_STREQ(out, "/wD7");
	CHECK_EQ(BASE64_CHARS(65), 88);
}
