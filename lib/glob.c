// SPDX-License-Identifier: GPL-2.0
/*
 * Shell-style wildcard matching, with the semantics of Linux's lib/glob.c.
 *
 * The matcher is iterative and remembers only the most recent '*': when the
 * rest of the pattern fails, that star absorbs one more character and the
 * rest is retried.  Matching a later star never needs to revisit an earlier
 * one, because the later star can absorb anything the earlier one could.  So
 * the cost is O(strlen(pat) * strlen(str)) at worst, with constant stack,
 * however many stars the pattern has.
 */
#include <lib/glob.h>
#include <lib/types.h>

/*
 * Matches @c against the bracket expression whose body starts at *@pat (just
 * after the '['), and on success moves *@pat past the closing ']'.
 *
 * A leading '!' negates the set.  A ']' right at the start (after any '!') is
 * a member, not the end.  "a-z" is a range, but a '-' first or just before
 * the ']' is a literal.  Backslash has no special meaning inside brackets.
 *
 * Return: 1 if @c is in the set, 0 if not, -1 if the expression is never
 * closed, in which case the '[' should be taken literally.
 */
static int match_bracket(const char **pat, unsigned char c)
{
	const unsigned char *p = (const unsigned char *)*pat;
	bool negate = false, found = false;

	if (*p == '!') {
		negate = true;
		p++;
	}

	do {
		unsigned char lo = *p++, hi = lo;

		if (lo == '\0')
			return -1;
		if (p[0] == '-' && p[1] != ']') {
			hi = p[1];
			if (hi == '\0')
				return -1;
			p += 2;
		}
		if (lo <= c && c <= hi)
			found = true;
	} while (*p != ']');

	*pat = (const char *)p + 1;
	return found != negate;
}

/*
 * Matches the single-character pattern element at *@pat (anything except
 * '*') against @c, which is not the terminator, and moves *@pat past it.
 */
static bool match_element(const char **pat, unsigned char c)
{
	unsigned char p = *(*pat)++;
	int in_set;

	switch (p) {
	case '?':
		return true;
	case '[':
		in_set = match_bracket(pat, c);
		if (in_set >= 0)
			return in_set;
		break;
	case '\\':
		/* Escapes the next character; a trailing backslash is literal. */
		if (**pat) {
			p = **pat;
			(*pat)++;
		}
		break;
	}
	return p == c;
}

/**
 * glob_match - shell-style pattern match on a whole string
 * @pat: the pattern.  '*' matches any run of characters (including none and
 *	 including '/'), '?' any one character, "[...]" one character from a
 *	 set (see match_bracket()), and '\' makes the next character literal.
 *	 Every other character matches itself.
 * @str: the string to match against all of @pat.
 *
 * Return: true if @pat matches the whole of @str.
 */
bool glob_match(const char *pat, const char *str)
{
	/*
	 * Where to resume if the rest fails after the last '*': the pattern
	 * just after it, and the string one character further than last time.
	 */
	const char *star_pat = NULL, *star_str = NULL;

	for (;;) {
		if (*pat == '*') {
			star_pat = ++pat;
			star_str = str;
			continue;
		}
		if (*str == '\0') {
			/*
			 * Only stars can match nothing, and they were skipped
			 * above.  Retrying an earlier star cannot help either:
			 * it would leave even less string for the same pattern.
			 */
			return *pat == '\0';
		}
		if (*pat != '\0' && match_element(&pat, *str)) {
			str++;
			continue;
		}
		if (!star_pat)
			return false;
		pat = star_pat;
		str = ++star_str;
	}
}
