/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (gcc -include) before anything else into every C file of
 * the host test build: those of lib/ and of tests/host/ alike.
 *
 * lib/ defines functions under libc's names.  Linked into a hosted program
 * unrenamed, they would replace glibc's for the whole process (stdio and the
 * sanitizer runtime included) or collide with the sanitizers' interceptors.
 * Renaming them, here, before any header is read, gives lib's definitions
 * and every caller (including glibc's own prototypes in <string.h> and
 * <stdio.h>, which are compatible) the lib_ prefix.  Tests thus call our
 * code, instrumented by AddressSanitizer, while libc keeps its own.
 *
 * Only names that libc also defines need to be here.  The ctype functions
 * are static inline in <lib/ctype.h> and are not renamed: glibc defines them
 * as macros too, which would turn a rename into a redefinition.
 */
#ifndef _TESTS_HOST_LIB_RENAME_H
#define _TESTS_HOST_LIB_RENAME_H

/* A fortified <string.h> would route calls to glibc's checking versions. */
#undef _FORTIFY_SOURCE

#define memcpy		lib_memcpy
#define memmove		lib_memmove
#define memset		lib_memset
#define memcmp		lib_memcmp
#define memchr		lib_memchr
#define strlen		lib_strlen
#define strnlen		lib_strnlen
#define strcmp		lib_strcmp
#define strncmp		lib_strncmp
#define strchr		lib_strchr
#define strrchr		lib_strrchr
#define strstr		lib_strstr
#define strscpy		lib_strscpy
#define vsnprintf	lib_vsnprintf
#define snprintf	lib_snprintf

#endif /* _TESTS_HOST_LIB_RENAME_H */
