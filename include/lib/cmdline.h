/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Splitting a kernel command line into "param=value" words.
 */
#ifndef _LIB_CMDLINE_H
#define _LIB_CMDLINE_H

char *skip_spaces(const char *str);
char *next_arg(char *args, char **param, char **val);

#endif /* _LIB_CMDLINE_H */
