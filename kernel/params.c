// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel command line: "key=value key2 key3=\"quoted value\"".
 *
 * Parameters are declared with the param_*() macros of kernel/params.h,
 * which place a struct kernel_param in the __param section.  Nothing here
 * ever stops the boot: an unknown key or a value that does not parse or is
 * out of range is reported, and the variable keeps its default.
 */
#define pr_fmt(fmt) "params: " fmt

#include <kernel/params.h>
#include <kernel/printk.h>
#include <lib/cmdline.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/string.h>

extern const struct kernel_param __start___param[];
extern const struct kernel_param __stop___param[];

static int param_set_int(const char *val, const struct kernel_param *kp)
{
	long long v;
	int err;

	if (!val)
		return -EINVAL;
	err = kstrtoll(val, 0, &v);
	if (err)
		return err;
	if (v < kp->min || v > kp->max)
		return -ERANGE;
	*(int *)kp->arg = v;
	return 0;
}

static int param_set_ullong(const char *val, const struct kernel_param *kp)
{
	if (!val)
		return -EINVAL;
	return kstrtoull(val, 0, kp->arg);
}

static int param_set_bool(const char *val, const struct kernel_param *kp)
{
	if (!val) {		/* a bare key means "on" */
		*(bool *)kp->arg = true;
		return 0;
	}
	return kstrtobool(val, kp->arg);
}

static int param_set_string(const char *val, const struct kernel_param *kp)
{
	if (!val)
		return -EINVAL;
	if (strlen(val) >= kp->maxlen)
		return -ENOSPC;
	strscpy(kp->arg, val, kp->maxlen);
	return 0;
}

const struct kernel_param_ops param_ops_int = {
	.set = param_set_int, .expects = "an integer",
};
const struct kernel_param_ops param_ops_ullong = {
	.set = param_set_ullong, .expects = "an unsigned integer",
};
const struct kernel_param_ops param_ops_bool = {
	.set = param_set_bool, .expects = "y/n, 1/0 or on/off",
};
const struct kernel_param_ops param_ops_string = {
	.set = param_set_string, .expects = "a string",
};

static const struct kernel_param *find_param(const char *name,
					     const struct kernel_param *params,
					     size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (!strcmp(params[i].name, name))
			return &params[i];
	}
	return NULL;
}

static void report_bad_value(const struct kernel_param *kp, const char *val, int err)
{
	if (kp->ops == &param_ops_int && err == -ERANGE)
		pr_warn("%s=%s is out of range (expects an integer from %lld to %lld); keeping the default\n",
			kp->name, val, kp->min, kp->max);
	else if (kp->ops == &param_ops_string && err == -ENOSPC)
		pr_warn("%s= is too long (at most %zu characters); keeping the default\n",
			kp->name, kp->maxlen - 1);
	else if (!val)
		pr_warn("%s needs a value (%s); keeping the default\n", kp->name,
			kp->ops->expects);
	else
		pr_warn("bad value \"%s\" for %s= (expects %s); keeping the default\n",
			val, kp->name, kp->ops->expects);
}

int parse_params_table(char *cmdline, const struct kernel_param *params, size_t count)
{
	char *args = skip_spaces(cmdline), *key, *val;
	const struct kernel_param *kp;
	int problems = 0, err;

	while (*args) {
		args = next_arg(args, &key, &val);
		kp = find_param(key, params, count);
		if (!kp) {
			pr_warn("unknown kernel command line parameter \"%s%s%s\", ignored\n",
				key, val ? "=" : "", val ? val : "");
			problems++;
			continue;
		}
		err = kp->ops->set(val, kp);
		if (err) {
			report_bad_value(kp, val, err);
			problems++;
		}
	}
	return problems;
}

int parse_kernel_params(char *cmdline)
{
	return parse_params_table(cmdline, __start___param,
				  __stop___param - __start___param);
}
