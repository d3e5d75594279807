/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shell-style wildcard matching, as in Linux's lib/glob.c.
 */
#ifndef _LIB_GLOB_H
#define _LIB_GLOB_H

#include <lib/compiler.h>
#include <lib/types.h>

bool __must_check glob_match(const char *pat, const char *str);

#endif /* _LIB_GLOB_H */
