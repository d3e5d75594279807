// SPDX-License-Identifier: GPL-2.0
/*
 * The history of a line editor: a ring of the last LINE_HISTORY_LEN lines.
 */
#include <lib/line_edit.h>
#include <lib/string.h>

void line_history_add(struct line_history *history, const char *line)
{
	unsigned int slot;

	if (!line[0])
		return;
	if (history->nr && !strcmp(history->lines[history->newest], line))
		return; /* as shells do: typing a line twice keeps one */
	slot = history->nr ? (history->newest + 1) % LINE_HISTORY_LEN : 0;
	strscpy(history->lines[slot], line, LINE_EDIT_MAX);
	history->newest = slot;
	if (history->nr < LINE_HISTORY_LEN)
		history->nr++;
}

const char *line_history_get(const struct line_history *history, unsigned int back)
{
	if (back >= history->nr)
		return NULL;
	return history->lines[(history->newest + LINE_HISTORY_LEN - back) % LINE_HISTORY_LEN];
}
