// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and C-string helpers.
 *
 * Plain byte loops, easy to read and to check under AddressSanitizer, except
 * memcpy() and memset(), which every allocation and task creation pays for:
 * they move aligned words, bytes only at the edges.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include <lib/errno.h>
#include <lib/string.h>
#include <lib/types.h>

/* memcpy() and memset() move aligned words; may_alias: any object's bytes. */
typedef unsigned long __attribute__((__may_alias__)) word_t;
#define WORD_BYTES sizeof(word_t)

/**
 * memcpy - copy @count bytes from @src to @dest
 * @dest: destination buffer.
 * @src: source buffer; must not overlap @dest (use memmove() if it may).
 * @count: number of bytes to copy.
 *
 * Return: @dest.
 */
void *memcpy(void *dest, const void *src, size_t count)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	/* A word at a time when both can be aligned alike: the common case. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD_BYTES - 1)) == 0) {
		while (count && ((uintptr_t)d & (WORD_BYTES - 1))) {
			*d++ = *s++;
			count--;
		}
		for (; count >= WORD_BYTES; count -= WORD_BYTES) {
			*(word_t *)d = *(const word_t *)s;
			d += WORD_BYTES;
			s += WORD_BYTES;
		}
	}
	while (count--)
		*d++ = *s++;
	return dest;
}

/**
 * memmove - copy @count bytes from @src to @dest; the areas may overlap
 * @dest: destination buffer.
 * @src: source buffer.
 * @count: number of bytes to copy.
 *
 * Return: @dest.
 */
void *memmove(void *dest, const void *src, size_t count)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	/*
	 * Copy forwards when the destination starts below the source, else
	 * backwards, so that no byte is overwritten before it has been read.
	 * Compare as integers: relational operators on pointers into
	 * different objects are undefined.
	 */
	if ((uintptr_t)d <= (uintptr_t)s) {
		while (count--)
			*d++ = *s++;
	} else {
		d += count;
		s += count;
		while (count--)
			*--d = *--s;
	}
	return dest;
}

/**
 * memset - fill @count bytes at @s with the byte @c
 * @s: buffer to fill.
 * @c: fill value; only its low 8 bits are used.
 * @count: number of bytes to fill.
 *
 * Return: @s.
 */
void *memset(void *s, int c, size_t count)
{
	unsigned char *p = s;
	word_t pattern = (unsigned char)c * (~(word_t)0 / 0xff);

	/* Bytes up to a word boundary, whole words, then the tail. */
	while (count && ((uintptr_t)p & (WORD_BYTES - 1))) {
		*p++ = (unsigned char)c;
		count--;
	}
	for (; count >= WORD_BYTES; count -= WORD_BYTES) {
		*(word_t *)p = pattern;
		p += WORD_BYTES;
	}
	while (count--)
		*p++ = (unsigned char)c;
	return s;
}

/**
 * memcmp - compare two memory areas byte by byte
 * @s1: first area.
 * @s2: second area.
 * @count: number of bytes to compare.
 *
 * Bytes compare as unsigned char, so 0x80 sorts after 0x7f.
 *
 * Return: 0 if the areas are equal, otherwise a value whose sign is that of
 * the difference between the first pair of bytes that differ.
 */
int memcmp(const void *s1, const void *s2, size_t count)
{
	const unsigned char *a = s1;
	const unsigned char *b = s2;

	for (; count; count--, a++, b++) {
		if (*a != *b)
			return *a - *b;
	}
	return 0;
}

/**
 * memchr - find the first byte equal to @c in a memory area
 * @s: area to search.
 * @c: byte to look for; only its low 8 bits are used.
 * @count: size of the area.
 *
 * Return: a pointer to the first matching byte, or NULL if there is none.
 */
void *memchr(const void *s, int c, size_t count)
{
	const unsigned char *p = s;

	for (; count; count--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

/**
 * strlen - length of a NUL-terminated string
 * @s: the string.
 *
 * Return: the number of bytes before the terminating NUL.
 */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/**
 * strnlen - length of a string, reading at most @count bytes
 * @s: the string; need not be terminated within @count bytes.
 * @count: maximum number of bytes to examine.
 *
 * Return: strlen(@s) if that is less than @count, otherwise @count.
 */
size_t strnlen(const char *s, size_t count)
{
	size_t len = 0;

	while (len < count && s[len])
		len++;
	return len;
}

/**
 * strcmp - compare two strings
 * @s1: first string.
 * @s2: second string.
 *
 * Characters compare as unsigned char.
 *
 * Return: -1, 0 or 1 as @s1 sorts before, equal to or after @s2.
 */
int strcmp(const char *s1, const char *s2)
{
	return strncmp(s1, s2, SIZE_MAX);
}

/**
 * strncmp - compare at most @count characters of two strings
 * @s1: first string.
 * @s2: second string.
 * @count: maximum number of characters to compare.
 *
 * Return: -1, 0 or 1 as the first @count characters of @s1 sort before,
 * equal to or after those of @s2.
 */
int strncmp(const char *s1, const char *s2, size_t count)
{
	for (; count; count--) {
		unsigned char a = *s1++;
		unsigned char b = *s2++;

		if (a != b)
			return a < b ? -1 : 1;
		if (!a)
			break;
	}
	return 0;
}

/**
 * strchr - find the first occurrence of a character in a string
 * @s: the string.
 * @c: character to find; '\0' finds the terminator.
 *
 * Return: a pointer to the character, or NULL if it does not occur.
 */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/**
 * strrchr - find the last occurrence of a character in a string
 * @s: the string.
 * @c: character to find; '\0' finds the terminator.
 *
 * Return: a pointer to the character, or NULL if it does not occur.
 */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/**
 * strstr - find the first occurrence of a substring
 * @haystack: string to search.
 * @needle: string to find.
 *
 * A simple quadratic search: fine for the short strings a kernel handles.
 *
 * Return: a pointer to the first match in @haystack, @haystack itself if
 * @needle is empty, or NULL if there is no match.
 */
char *strstr(const char *haystack, const char *needle)
{
	size_t needle_len = strlen(needle);

	for (; *haystack; haystack++) {
		if (!strncmp(haystack, needle, needle_len))
			return (char *)haystack;
	}
	return needle_len ? NULL : (char *)haystack;
}

/**
 * strscpy - copy a string into a sized buffer, always terminating it
 * @dest: destination buffer.
 * @src: source string; at most @count bytes of it are read, so it need not
 *	 be terminated if it is at least that long.
 * @count: size of @dest in bytes.
 *
 * Copies as much of @src as fits and NUL-terminates @dest whenever @count is
 * non-zero.  Unlike strncpy(), it never leaves @dest unterminated and does
 * not pad it with zeros.  A @count above INT_MAX is treated as a caller bug
 * (typically a negative length converted to size_t) and nothing is written.
 *
 * Return: the number of characters copied (not counting the NUL), or -E2BIG
 * if @src did not fit, @count is 0 or @count is above INT_MAX.
 */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0 || count > INT_MAX)
		return -E2BIG;

	for (i = 0; i < count; i++) {
		dest[i] = src[i];
		if (!src[i])
			return (ssize_t)i;
	}
	dest[count - 1] = '\0';
	return -E2BIG;
}
