// SPDX-License-Identifier: GPL-2.0
/*
 * Strict string-to-integer conversion, with Linux's kstrto*() semantics.
 *
 * Unlike strtoul(), nothing is skipped or ignored: no leading whitespace, no
 * trailing text other than a single '\n'.  A value that does not fit is an
 * error rather than being clamped.
 */
#include <limits.h>

#include <lib/ctype.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/types.h>

/* Value of @c as a digit in bases up to 16; 16 if it is no such digit. */
static unsigned int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	c = (char)tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && tolower(s[1]) == 'x';
}

/*
 * Base 0 means: hexadecimal after "0x" (if a hex digit follows), octal after
 * a leading '0', decimal otherwise.  Base 16 accepts an optional "0x".
 * Returns where the digits start.
 */
static const char *resolve_base(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (has_hex_prefix(s) && isxdigit(s[2]))
			*base = 16;
		else if (s[0] == '0')
			*base = 8;
		else
			*base = 10;
	}
	if (*base == 16 && has_hex_prefix(s))
		s += 2;
	return s;
}

/* Parses an unsigned number with no sign in front. */
static int parse_unsigned(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long value = 0;
	bool overflow = false;
	const char *digits;

	if (base == 1 || base > 16)
		return -EINVAL;

	s = resolve_base(s, &base);
	for (digits = s; digit_value(*s) < base; s++) {
		unsigned int digit = digit_value(*s);

		if (value > (ULLONG_MAX - digit) / base)
			overflow = true;
		else
			value = value * base + digit;
	}

	/* Linux reports an overflow even when garbage follows the digits. */
	if (overflow)
		return -ERANGE;
	if (s == digits)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;

	*res = value;
	return 0;
}

/**
 * kstrtoull - convert a string to an unsigned long long
 * @s: the string: an optional '+', digits, and an optional '\n'.
 * @base: 2 to 16, or 0 to pick 16, 8 or 10 from a "0x", "0" or no prefix.
 *	  Base 16 also accepts an optional "0x" prefix.
 * @res: where to store the result; untouched on error.
 *
 * Return: 0 on success, -ERANGE if the value does not fit, -EINVAL if @s is
 * not a number in @base or @base is invalid.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_unsigned(s, base, res);
}

/**
 * kstrtoll - convert a string to a long long
 * @s: the string: an optional '+' or '-', digits, and an optional '\n'.
 * @base: as for kstrtoull().
 * @res: where to store the result; untouched on error.
 *
 * Return: 0 on success, -ERANGE if the value does not fit, -EINVAL if @s is
 * not a number in @base or @base is invalid.
 */
int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long magnitude;
	int ret;

	if (s[0] != '-') {
		ret = kstrtoull(s, base, &magnitude);
		if (ret)
			return ret;
		if (magnitude > LLONG_MAX)
			return -ERANGE;
		*res = (long long)magnitude;
		return 0;
	}

	ret = parse_unsigned(s + 1, base, &magnitude);
	if (ret)
		return ret;
	if (magnitude > (unsigned long long)LLONG_MAX + 1)
		return -ERANGE;
	/* LLONG_MIN's magnitude is LLONG_MAX + 1, which negates only this way. */
	*res = magnitude ? -(long long)(magnitude - 1) - 1 : 0;
	return 0;
}

/**
 * kstrtoul - convert a string to an unsigned long
 * @s: as for kstrtoull().
 * @base: as for kstrtoull().
 * @res: where to store the result; untouched on error.
 *
 * Return: as for kstrtoull().
 */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long value;
	int ret;

	ret = kstrtoull(s, base, &value);
	if (ret)
		return ret;
	if (value != (unsigned long)value)
		return -ERANGE;
	*res = (unsigned long)value;
	return 0;
}

/**
 * kstrtol - convert a string to a long
 * @s: as for kstrtoll().
 * @base: as for kstrtoull().
 * @res: where to store the result; untouched on error.
 *
 * Return: as for kstrtoll().
 */
int kstrtol(const char *s, unsigned int base, long *res)
{
	long long value;
	int ret;

	ret = kstrtoll(s, base, &value);
	if (ret)
		return ret;
	if (value < LONG_MIN || value > LONG_MAX)
		return -ERANGE;
	*res = (long)value;
	return 0;
}

/**
 * kstrtouint - convert a string to an unsigned int
 * @s: as for kstrtoull().
 * @base: as for kstrtoull().
 * @res: where to store the result; untouched on error.
 *
 * Return: as for kstrtoull().
 */
int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long value;
	int ret;

	ret = kstrtoull(s, base, &value);
	if (ret)
		return ret;
	if (value > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)value;
	return 0;
}

/**
 * kstrtoint - convert a string to an int
 * @s: as for kstrtoll().
 * @base: as for kstrtoull().
 * @res: where to store the result; untouched on error.
 *
 * Return: as for kstrtoll().
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long value;
	int ret;

	ret = kstrtoll(s, base, &value);
	if (ret)
		return ret;
	if (value < INT_MIN || value > INT_MAX)
		return -ERANGE;
	*res = (int)value;
	return 0;
}

/**
 * kstrtobool - convert a common user answer to a boolean
 * @s: the string; only its first one or two characters are examined.
 * @res: where to store the result; untouched on error.
 *
 * True for a first character of 'y', 't' or '1', or a start of "on"; false
 * for 'n', 'f' or '0', or a start of "of".  Letters may be either case.  As
 * in Linux, the rest of the string is ignored, so "yes" and "off" work.
 *
 * Return: 0 on success, -EINVAL if @s is NULL or not recognised.
 */
int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;

	switch (tolower(s[0])) {
	case 'y':
	case 't':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'f':
	case '0':
		*res = false;
		return 0;
	case 'o':
		if (tolower(s[1]) == 'n') {
			*res = true;
			return 0;
		}
		if (tolower(s[1]) == 'f') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}
