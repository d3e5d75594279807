// SPDX-License-Identifier: GPL-2.0
/* Base64 encoding (RFC 4648 section 4). */
#include <lib/base64.h>

static const char base64_table[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encode(const void *src, size_t len, char *dst)
{
	const u8 *in = src;
	char *out = dst;
	u32 group;

	for (; len >= 3; len -= 3, in += 3) {
		group = (u32)in[0] << 16 | (u32)in[1] << 8 | in[2];
		*out++ = base64_table[group >> 18];
		*out++ = base64_table[(group >> 12) & 63];
		*out++ = base64_table[(group >> 6) & 63];
		*out++ = base64_table[group & 63];
	}
	if (len) { /* one or two bytes left: pad to a full group */
		group = (u32)in[0] << 16 | (len == 2 ? (u32)in[1] << 8 : 0);
		*out++ = base64_table[group >> 18];
		*out++ = base64_table[(group >> 12) & 63];
		*out++ = len == 2 ? base64_table[(group >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
	return out - dst;
}
