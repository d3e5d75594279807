// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted output into a sized buffer.
 *
 * Integer, character and string conversions follow the C standard's
 * printf(3), which is what most readers already know.  Where this file
 * differs, it says so:
 *
 *  - %p prints "0x" and all 16 hex digits of the address; there is no
 *    pointer hashing and no %pX extension.
 *  - %s with a NULL pointer prints "(null)" (cut short by a precision).
 *  - An unknown conversion such as %q, and also %n, is copied to the output
 *    literally instead of consuming an argument.  %n in particular never
 *    writes through a pointer.
 *  - No floating point: the kernel is built without SSE and x87.
 *
 * The return values follow Linux: vsnprintf() returns the length the whole
 * output would have had, scnprintf() what actually went into the buffer.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <lib/compiler.h>
#include <lib/ctype.h>
#include <lib/string.h>
#include <lib/types.h>
#include <lib/vsprintf.h>

/*
 * Output goes through a sink that counts every character but stores only
 * those that fit.  It keeps an index rather than a moving pointer, because a
 * pointer stepped past the end of the buffer (or away from a NULL buffer of
 * size 0) is undefined behaviour.
 */
struct sink {
	char *buf;
	size_t size;
	size_t len;	/* characters produced so far, stored or not */
};

static void put_char(struct sink *out, char c)
{
	if (out->len < out->size)
		out->buf[out->len] = c;
	out->len++;
}

/* Costs nothing past the end of the buffer, so a huge width is harmless. */
static void put_repeat(struct sink *out, char c, size_t count)
{
	while (count && out->len < out->size) {
		out->buf[out->len++] = c;
		count--;
	}
	out->len += count;
}

static void put_string(struct sink *out, const char *s, size_t count)
{
	while (count--)
		put_char(out, *s++);
}

enum format_flags {
	FLAG_LEFT	= 1 << 0,	/* '-': pad on the right */
	FLAG_PLUS	= 1 << 1,	/* '+': always print a sign */
	FLAG_SPACE	= 1 << 2,	/* ' ': a space where a '+' would go */
	FLAG_ALT	= 1 << 3,	/* '#': 0x prefix, or a leading 0 for octal */
	FLAG_ZEROPAD	= 1 << 4,	/* '0': pad numbers with zeros */
	FLAG_UPPER	= 1 << 5,	/* %X: upper-case digits and prefix */
	FLAG_FORCE_ALT	= 1 << 6,	/* %p: the prefix even for zero */
};

enum format_length {
	LEN_INT,
	LEN_CHAR,	/* hh */
	LEN_SHORT,	/* h */
	LEN_LONG,	/* l */
	LEN_LLONG,	/* ll */
	LEN_SIZE,	/* z */
	LEN_PTRDIFF,	/* t */
	LEN_INTMAX,	/* j */
};

struct format_spec {
	unsigned int flags;		/* enum format_flags */
	int width;			/* minimum field width; 0 when absent */
	int precision;			/* -1 when absent */
	enum format_length length;
	unsigned int base;
};

/* Reads a decimal field, saturating at INT_MAX instead of overflowing. */
static const char *parse_decimal(const char *fmt, int *value)
{
	int n = 0;

	for (; isdigit(*fmt); fmt++) {
		int digit = *fmt - '0';

		n = n > (INT_MAX - digit) / 10 ? INT_MAX : n * 10 + digit;
	}
	*value = n;
	return fmt;
}

static const char *parse_flags(const char *fmt, struct format_spec *spec)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			spec->flags |= FLAG_LEFT;
			break;
		case '+':
			spec->flags |= FLAG_PLUS;
			break;
		case ' ':
			spec->flags |= FLAG_SPACE;
			break;
		case '#':
			spec->flags |= FLAG_ALT;
			break;
		case '0':
			spec->flags |= FLAG_ZEROPAD;
			break;
		default:
			return fmt;
		}
	}
}

/* A negative '*' width means left-justify, as in the C standard. */
static const char *parse_width(const char *fmt, struct format_spec *spec, va_list *ap)
{
	int width;

	if (*fmt != '*')
		return parse_decimal(fmt, &spec->width);

	width = va_arg(*ap, int);
	if (width < 0) {
		spec->flags |= FLAG_LEFT;
		width = width == INT_MIN ? INT_MAX : -width;
	}
	spec->width = width;
	return fmt + 1;
}

/* A negative '*' precision counts as no precision at all. */
static const char *parse_precision(const char *fmt, struct format_spec *spec, va_list *ap)
{
	int precision;

	if (*fmt != '.')
		return fmt;
	fmt++;
	if (*fmt != '*')
		return parse_decimal(fmt, &spec->precision);

	precision = va_arg(*ap, int);
	spec->precision = precision < 0 ? -1 : precision;
	return fmt + 1;
}

static const char *parse_length(const char *fmt, struct format_spec *spec)
{
	switch (*fmt) {
	case 'h':
		if (fmt[1] == 'h') {
			spec->length = LEN_CHAR;
			return fmt + 2;
		}
		spec->length = LEN_SHORT;
		return fmt + 1;
	case 'l':
		if (fmt[1] == 'l') {
			spec->length = LEN_LLONG;
			return fmt + 2;
		}
		spec->length = LEN_LONG;
		return fmt + 1;
	case 'z':
		spec->length = LEN_SIZE;
		return fmt + 1;
	case 't':
		spec->length = LEN_PTRDIFF;
		return fmt + 1;
	case 'j':
		spec->length = LEN_INTMAX;
		return fmt + 1;
	default:
		return fmt;
	}
}

/*
 * Arguments narrower than int arrive promoted to int (C's default argument
 * promotions), so %hh and %h fetch an int and truncate it.
 */
static unsigned long long fetch_unsigned(const struct format_spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_PTRDIFF:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long fetch_signed(const struct format_spec *spec, va_list *ap)
{
	switch (spec->length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ssize_t);
	case LEN_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

/* Right-justifies the field by padding before it, unless '-' was given. */
static void pad_before(struct sink *out, const struct format_spec *spec, size_t len)
{
	if (!(spec->flags & FLAG_LEFT) && (size_t)spec->width > len)
		put_repeat(out, ' ', spec->width - len);
}

static void pad_after(struct sink *out, const struct format_spec *spec, size_t len)
{
	if ((spec->flags & FLAG_LEFT) && (size_t)spec->width > len)
		put_repeat(out, ' ', spec->width - len);
}

/*
 * The field is laid out as: padding, sign, prefix, zeros, digits, padding.
 * Lengths are size_t because width and precision may each be INT_MAX.
 */
static void format_number(struct sink *out, const struct format_spec *spec,
			  unsigned long long num, bool negative)
{
	const char *digit_set = spec->flags & FLAG_UPPER ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];	/* 22 octal digits hold 64 bits */
	size_t ndigits = 0, zeros, precision, len;
	const char *prefix = "";
	char sign = 0;

	for (; num; num /= spec->base)
		digits[ndigits++] = digit_set[num % spec->base];

	/* A zero value with precision 0 prints no digits at all. */
	precision = spec->precision < 0 ? 1 : (size_t)spec->precision;
	if ((spec->flags & FLAG_ALT) && spec->base == 8 && precision <= ndigits)
		precision = ndigits + 1;
	zeros = precision > ndigits ? precision - ndigits : 0;

	if (negative)
		sign = '-';
	else if (spec->flags & FLAG_PLUS)
		sign = '+';
	else if (spec->flags & FLAG_SPACE)
		sign = ' ';

	if ((spec->flags & FLAG_ALT) && spec->base == 16 &&
	    (ndigits || (spec->flags & FLAG_FORCE_ALT)))
		prefix = spec->flags & FLAG_UPPER ? "0X" : "0x";

	len = (sign != 0) + strlen(prefix) + zeros + ndigits;
	/* The standard ignores '0' when a precision is given. */
	if ((spec->flags & (FLAG_ZEROPAD | FLAG_LEFT)) == FLAG_ZEROPAD &&
	    spec->precision < 0 && (size_t)spec->width > len) {
		zeros += spec->width - len;
		len = spec->width;
	}

	pad_before(out, spec, len);
	if (sign)
		put_char(out, sign);
	put_string(out, prefix, strlen(prefix));
	put_repeat(out, '0', zeros);
	while (ndigits)
		put_char(out, digits[--ndigits]);
	pad_after(out, spec, len);
}

static void format_signed(struct sink *out, struct format_spec *spec, va_list *ap)
{
	long long value = fetch_signed(spec, ap);
	unsigned long long magnitude = (unsigned long long)value;

	/* Negate in unsigned arithmetic: -LLONG_MIN does not fit in a long long. */
	if (value < 0)
		magnitude = 0 - magnitude;

	spec->base = 10;
	format_number(out, spec, magnitude, value < 0);
}

static void format_unsigned(struct sink *out, struct format_spec *spec, va_list *ap)
{
	/* Signs are meaningless for unsigned conversions; C leaves them undefined. */
	spec->flags &= ~(FLAG_PLUS | FLAG_SPACE);
	format_number(out, spec, fetch_unsigned(spec, ap), false);
}

static void format_pointer(struct sink *out, struct format_spec *spec, va_list *ap)
{
	uintptr_t addr = (uintptr_t)va_arg(*ap, void *);

	spec->flags &= FLAG_LEFT;
	spec->flags |= FLAG_ALT | FLAG_FORCE_ALT;
	spec->precision = 2 * sizeof(void *);
	spec->base = 16;
	format_number(out, spec, addr, false);
}

static void format_char(struct sink *out, const struct format_spec *spec, va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	pad_before(out, spec, 1);
	put_char(out, c);
	pad_after(out, spec, 1);
}

/* The precision bounds how much of @s is read, so it need not be terminated. */
static void format_string(struct sink *out, const struct format_spec *spec, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	size_t len;

	if (!s)
		s = "(null)";
	len = strnlen(s, spec->precision < 0 ? SIZE_MAX : (size_t)spec->precision);

	pad_before(out, spec, len);
	put_string(out, s, len);
	pad_after(out, spec, len);
}

/*
 * Formats the conversion that starts at the '%' in @fmt and returns where
 * the literal text after it resumes.
 */
static const char *format_one(struct sink *out, const char *fmt, va_list *ap)
{
	struct format_spec spec = { .precision = -1, .base = 10 };
	const char *start = fmt;

	fmt = parse_flags(fmt + 1, &spec);
	fmt = parse_width(fmt, &spec, ap);
	fmt = parse_precision(fmt, &spec, ap);
	fmt = parse_length(fmt, &spec);

	switch (*fmt) {
	case '%':
		put_char(out, '%');
		break;
	case 'c':
		format_char(out, &spec, ap);
		break;
	case 's':
		format_string(out, &spec, ap);
		break;
	case 'p':
		format_pointer(out, &spec, ap);
		break;
	case 'd':
	case 'i':
		format_signed(out, &spec, ap);
		break;
	case 'X':
		spec.flags |= FLAG_UPPER;
		fallthrough;
	case 'x':
		spec.base = 16;
		format_unsigned(out, &spec, ap);
		break;
	case 'o':
		spec.base = 8;
		format_unsigned(out, &spec, ap);
		break;
	case 'u':
		format_unsigned(out, &spec, ap);
		break;
	case '\0':
		/* A '%' cut short by the end of the format is copied as it is. */
		put_string(out, start, fmt - start);
		return fmt;
	default:
		put_string(out, start, fmt - start + 1);
		break;
	}
	return fmt + 1;
}

/**
 * vsnprintf - format a string into a sized buffer
 * @buf: destination; may be NULL if @size is 0.
 * @size: size of @buf in bytes, including room for the terminating NUL.
 * @fmt: format string; see the top of this file for what it may contain.
 * @args: arguments for @fmt.
 *
 * Writes at most @size bytes, always NUL-terminated when @size is non-zero.
 * A @size above INT_MAX is treated as a caller bug (a negative length
 * converted to size_t) and nothing is written.
 *
 * Return: the number of characters the complete output has, excluding the
 * NUL, even when that did not fit: a result >= @size means truncation.  0 if
 * @size is above INT_MAX; INT_MAX if the output would be longer than that.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct sink out = { .buf = buf, .size = size, .len = 0 };
	va_list ap;

	if (size > INT_MAX)
		return 0;

	/* Helpers take a va_list pointer; only a local copy may portably be pointed to. */
	va_copy(ap, args);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_one(&out, fmt, &ap);
		else
			put_char(&out, *fmt++);
	}
	va_end(ap);

	if (size)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return out.len > INT_MAX ? INT_MAX : (int)out.len;
}

/**
 * snprintf - format a string into a sized buffer
 * @buf: destination; may be NULL if @size is 0.
 * @size: size of @buf in bytes, including room for the terminating NUL.
 * @fmt: format string.
 * @...: arguments for @fmt.
 *
 * Return: as for vsnprintf(): the untruncated length of the output.
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/**
 * vscnprintf - format a string into a sized buffer, reporting what fit
 * @buf: destination; may be NULL if @size is 0.
 * @size: size of @buf in bytes, including room for the terminating NUL.
 * @fmt: format string.
 * @args: arguments for @fmt.
 *
 * Handy for appending in steps: buf + len always points at the NUL.
 *
 * Return: the number of characters written to @buf, excluding the NUL;
 * 0 when @size is 0.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int len = vsnprintf(buf, size, fmt, args);

	if ((size_t)len < size)
		return len;
	return size ? (int)(size - 1) : 0;
}

/**
 * scnprintf - format a string into a sized buffer, reporting what fit
 * @buf: destination; may be NULL if @size is 0.
 * @size: size of @buf in bytes, including room for the terminating NUL.
 * @fmt: format string.
 * @...: arguments for @fmt.
 *
 * Return: as for vscnprintf(): the number of characters written to @buf.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}
