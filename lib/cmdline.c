// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting a kernel command line into "param=value" words, as Linux's
 * next_arg() does.  A typical caller:
 *
 *	args = skip_spaces(cmdline);
 *	while (*args) {
 *		args = next_arg(args, &param, &val);
 *		handle(param, val);
 *	}
 */
#include <stddef.h>

#include <lib/cmdline.h>
#include <lib/ctype.h>
#include <lib/types.h>

/**
 * skip_spaces - skip leading whitespace
 * @str: the string.
 *
 * Return: a pointer to the first character of @str that is not whitespace
 * (possibly the terminating NUL).  It is not const, for the convenience of
 * callers that own a writable string, as next_arg()'s callers do.
 */
char *skip_spaces(const char *str)
{
	while (isspace(*str))
		str++;
	return (char *)str;
}

/* Drops a closing '"' at @end[-1], if the word has one. */
static void strip_closing_quote(char *start, char *end)
{
	if (end > start && end[-1] == '"')
		end[-1] = '\0';
}

/**
 * next_arg - split off the first word of a command line
 * @args: the command line; modified in place.
 * @param: set to the word, or to the part before its first '='.
 * @val: set to the part after the first '=', or to NULL if there is none.
 *
 * Words are separated by whitespace, except inside double quotes, so
 * foo="a b" is one word.  Quotes around the whole word ("foo=a b") or around
 * the value (foo="a b") are removed; both give @param "foo" and @val "a b".
 * Quotes elsewhere are kept.  An "=value" word gives an empty @param.
 *
 * The word's end is overwritten with NUL, so @param and @val point into
 * @args and stay valid as long as it does.
 *
 * Return: the rest of the command line, with leading whitespace skipped; it
 * points at the terminating NUL when no words are left.
 */
char *next_arg(char *args, char **param, char **val)
{
	bool in_quote = false, quoted_word;
	char *end, *equals = NULL;

	args = skip_spaces(args);
	quoted_word = *args == '"';
	if (quoted_word)
		args++;
	in_quote = quoted_word;

	for (end = args; *end; end++) {
		if (isspace(*end) && !in_quote)
			break;
		if (*end == '=' && !equals)
			equals = end;
		if (*end == '"')
			in_quote = !in_quote;
	}

	*param = args;
	*val = NULL;
	if (equals) {
		*equals = '\0';
		*val = equals + 1;
		if (**val == '"') {
			(*val)++;
			strip_closing_quote(*val, end);
		}
	}
	if (quoted_word)
		strip_closing_quote(args, end);

	if (*end)
		*end++ = '\0';
	return skip_spaces(end);
}
