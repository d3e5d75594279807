/*
 * Kernel command-line parameters.
 *
 * A parameter is declared next to the variable it sets, as Linux's
 * module_param/core_param do, and placed in the __param section; the boot
 * code hands the command line to parse_kernel_params(), which finds each
 * key there.  A bad value is reported and the default kept; an unknown key
 * is reported and ignored.
 */
#ifndef _KERNEL_PARAMS_H
#define _KERNEL_PARAMS_H

#include <lib/compiler.h>
#include <lib/types.h>

struct kernel_param;

struct kernel_param_ops {
	/* Parse @val (NULL for a bare "key") into kp->arg; 0 or -errno. */
	int (*set)(const char *val, const struct kernel_param *kp);
	/* What a valid value looks like, for the error message. */
	const char *expects;
};

struct kernel_param {
	const char *name;
	const struct kernel_param_ops *ops;
	void *arg;
	long long min, max;	/* for the integer types */
	size_t maxlen;		/* for param_ops_string: size of the buffer */
};

extern const struct kernel_param_ops param_ops_int;
extern const struct kernel_param_ops param_ops_ullong;
extern const struct kernel_param_ops param_ops_bool;
extern const struct kernel_param_ops param_ops_string;

#define __kernel_param(_name, _ops, _arg, _min, _max, _maxlen)                 \
	static const struct kernel_param __UNIQUE_PARAM(__param_)              \
		__used __section("__param") __aligned(8) = {                   \
			.name = _name, .ops = &(_ops), .arg = (_arg),         \
			.min = (_min), .max = (_max), .maxlen = (_maxlen),     \
		}
#define __UNIQUE_PARAM(prefix) __PASTE(prefix, __COUNTER__)
#define __PASTE(a, b) ___PASTE(a, b)
#define ___PASTE(a, b) a##b

/* An int in [min, max]. */
#define param_int(name, var, min, max) \
	__kernel_param(name, param_ops_int, &(var), min, max, 0)
/* An unsigned long long (u64). */
#define param_ullong(name, var) \
	__kernel_param(name, param_ops_ullong, &(var), 0, 0, 0)
/* A bool: y/n/1/0/on/off, or the bare key for true. */
#define param_bool(name, var) \
	__kernel_param(name, param_ops_bool, &(var), 0, 0, 0)
/* A string copied into the char array @buf. */
#define param_string(name, buf) \
	__kernel_param(name, param_ops_string, (buf), 0, 0, sizeof(buf))

/*
 * Parses @cmdline (modified in place) and applies each known parameter.
 * Return: the number of problems reported (unknown keys, bad values).
 */
int parse_kernel_params(char *cmdline);

/* As parse_kernel_params(), over an explicit table (used by the tests). */
int parse_params_table(char *cmdline, const struct kernel_param *params,
		       size_t count);

#endif /* _KERNEL_PARAMS_H */
