/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Returning an error code through a pointer, as Linux does.
 *
 * The top MAX_ERRNO addresses of the address space are never valid kernel
 * pointers, so a negative errno cast to a pointer cannot be mistaken for a
 * real object.  Callers test with IS_ERR() and recover the code with
 * PTR_ERR().
 */
#ifndef _LIB_ERR_H
#define _LIB_ERR_H

#include <lib/compiler.h>
#include <lib/errno.h>
#include <lib/types.h>

#define MAX_ERRNO	4095

#define IS_ERR_VALUE(x)	unlikely((uintptr_t)(x) >= (uintptr_t)-MAX_ERRNO)

/**
 * ERR_PTR - encode an error code in a pointer
 * @error: a negative errno, -MAX_ERRNO..-1.
 *
 * Return: a pointer for which IS_ERR() is true.
 */
static inline void *__must_check ERR_PTR(long error)
{
	return (void *)error;
}

/**
 * PTR_ERR - extract the error code from an error pointer
 * @ptr: a pointer for which IS_ERR() is true.
 *
 * Return: the negative errno passed to ERR_PTR().
 */
static inline long __must_check PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/**
 * IS_ERR - does @ptr hold an error code rather than an object?
 * @ptr: pointer to test.
 *
 * Return: true if @ptr came from ERR_PTR().
 */
static inline bool __must_check IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE(ptr);
}

/**
 * IS_ERR_OR_NULL - is @ptr either NULL or an error pointer?
 * @ptr: pointer to test.
 *
 * Return: true if @ptr is NULL or came from ERR_PTR().
 */
static inline bool __must_check IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE(ptr);
}

/**
 * ERR_CAST - pass an error pointer on as a pointer of another type
 * @ptr: an error pointer.
 *
 * Return: @ptr, with const dropped and the type erased.
 */
static inline void *__must_check ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

/**
 * PTR_ERR_OR_ZERO - error code of @ptr, or 0 if it points to an object
 * @ptr: pointer to test.
 *
 * Return: PTR_ERR(@ptr) if IS_ERR(@ptr), otherwise 0.
 */
static inline int __must_check PTR_ERR_OR_ZERO(const void *ptr)
{
	if (IS_ERR(ptr))
		return (int)PTR_ERR(ptr);
	return 0;
}

#endif /* _LIB_ERR_H */
