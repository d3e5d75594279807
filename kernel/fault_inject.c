// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: failslab and fail_page_alloc.
 *
 * A fault_attr holds a configuration parsed from a spec string such as
 * "every:3,times:2,cache:kmalloc-64" (docs/memory.md) and counts the calls
 * that match its filters; its mode decides from that count, or from a
 * seeded generator, which of them fail.  The same seed gives the same
 * pattern of failures, so a failure found at random can be replayed.
 *
 * Allocators ask should_fail_slab() and should_fail_alloc_page().  An
 * attribute that is off costs them one load.
 *
 * fail-nth countdowns (fail_nth_arm()) fail one chosen allocation of one
 * operation, wherever it happens: see kernel/fault-inject.h.
 */
#include <kernel/arch.h>
#include <kernel/bug.h>
#include <kernel/fault-inject.h>
#include <kernel/kallsyms.h>
#include <kernel/params.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <lib/errno.h>
#include <lib/kstrtox.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <stdarg.h>

#define FAULT_SPEC_MAX	256

DECLARE_FAULT_ATTR(failslab);
DECLARE_FAULT_ATTR(fail_page_alloc);

enum fault_key {
	KEY_NTH,
	KEY_EVERY,
	KEY_PROB,
	KEY_SEED,
	KEY_TIMES,
	KEY_CACHE,
	KEY_CALLER,
	KEY_VERBOSE,
	NR_FAULT_KEYS,
};

static const char *const fault_key_names[NR_FAULT_KEYS] = {
	[KEY_NTH] = "nth",	[KEY_EVERY] = "every",	 [KEY_PROB] = "prob",
	[KEY_SEED] = "seed",	[KEY_TIMES] = "times",	 [KEY_CACHE] = "cache",
	[KEY_CALLER] = "caller", [KEY_VERBOSE] = "verbose",
};

#define MODE_KEYS	((1u << KEY_NTH) | (1u << KEY_EVERY) | (1u << KEY_PROB))

static int find_key(const char *name)
{
	int i;

	for (i = 0; i < NR_FAULT_KEYS; i++) {
		if (!strcmp(fault_key_names[i], name))
			return i;
	}
	return -1;
}

static int copy_name(char *dst, size_t size, const char *val)
{
	if (!*val || strlen(val) >= size)
		return -EINVAL;
	strscpy(dst, val, size);
	return 0;
}

/* Why a spec is malformed, for the warning. */
struct spec_error {
	char text[96];
};

static __printf(2, 3) int invalid(struct spec_error *why, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vscnprintf(why->text, sizeof(why->text), fmt, args);
	va_end(args);
	return -EINVAL;
}

/* Applies "@key:@val" to @c.  Return: 0, or -EINVAL with the reason in @why. */
static int apply_item(struct fault_config *c, int key, const char *val, struct spec_error *why)
{
	unsigned long n = 0;
	long times = 0;
	int err = 0;

	switch (key) {
	case KEY_NTH:
	case KEY_EVERY:
		err = kstrtoul(val, 0, &n);
		if (!err && !n)
			return invalid(why, "%s: needs a count of 1 or more", fault_key_names[key]);
		c->mode = key == KEY_NTH ? FAULT_NTH : FAULT_EVERY;
		c->interval = n;
		break;
	case KEY_PROB:
		err = kstrtouint(val, 0, &c->probability);
		if (!err && c->probability > 100)
			return invalid(why, "prob: needs a percentage, 0 to 100");
		c->mode = FAULT_PROBABILITY;
		break;
	case KEY_SEED:
		err = kstrtoull(val, 0, &c->seed);
		break;
	case KEY_TIMES:
		err = kstrtol(val, 0, &times);
		if (!err && times < 1)
			return invalid(why, "times: needs a count of 1 or more");
		c->times = times;
		break;
	case KEY_CACHE:
		err = copy_name(c->cache, sizeof(c->cache), val);
		break;
	case KEY_CALLER:
		err = copy_name(c->caller, sizeof(c->caller), val);
		break;
	case KEY_VERBOSE:
		err = kstrtoint(val, 0, &c->verbose);
		if (!err && (c->verbose < 0 || c->verbose > 2))
			err = -EINVAL;
		break;
	}
	if (err)
		return invalid(why, "bad value \"%s\" for %s:", val, fault_key_names[key]);
	return 0;
}

/* Parses @buf (modified) into @c.  Return: 0, or -EINVAL with the reason in @why. */
static int parse_spec(char *buf, struct fault_config *c, struct spec_error *why)
{
	unsigned int seen = 0;
	char *item, *rest, *val;
	int key, err;

	memset(c, 0, sizeof(*c));
	c->mode = FAULT_OFF;
	c->times = -1;
	c->seed = 1;
	if (!strcmp(buf, "off"))
		return 0;
	for (item = buf; item; item = rest) {
		rest = strchr(item, ',');
		if (rest)
			*rest++ = '\0';
		val = strchr(item, ':');
		if (!val)
			return invalid(why, "\"%s\" is not key:value", item);
		*val++ = '\0';
		key = find_key(item);
		if (key < 0)
			return invalid(why, "unknown key \"%s\"", item);
		if (seen & (1u << key))
			return invalid(why, "%s: given twice", item);
		if ((seen & MODE_KEYS) && ((1u << key) & MODE_KEYS))
			return invalid(why, "more than one of nth:, every:, prob:");
		seen |= 1u << key;
		err = apply_item(c, key, val, why);
		if (err)
			return err;
	}
	if (!(seen & MODE_KEYS))
		return invalid(why, "needs one of nth:, every:, prob:");
	if ((seen & (1u << KEY_SEED)) && c->mode != FAULT_PROBABILITY)
		return invalid(why, "seed: only goes with prob:");
	return 0;
}

int fault_attr_configure(struct fault_attr *attr, const char *spec)
{
	char buf[FAULT_SPEC_MAX];
	struct spec_error why;
	struct fault_config config;
	unsigned long flags;
	int err;

	if (strscpy(buf, spec, sizeof(buf)) < 0)
		err = invalid(&why, "longer than %d characters", FAULT_SPEC_MAX - 1);
	else
		err = parse_spec(buf, &config, &why);
	if (err) {
		pr_warn("%s=%s: %s; fault injection is off\n", attr->name, spec, why.text);
		fault_attr_disable(attr);
		return err;
	}
	spin_lock_irqsave(&attr->lock, flags);
	attr->config = config;
	WRITE_ONCE(attr->config.mode, config.mode);
	prandom_seed_state(&attr->rnd, config.seed);
	attr->calls = 0;
	attr->injected = 0;
	spin_unlock_irqrestore(&attr->lock, flags);
	return 0;
}

void fault_attr_disable(struct fault_attr *attr)
{
	unsigned long flags;

	spin_lock_irqsave(&attr->lock, flags);
	WRITE_ONCE(attr->config.mode, FAULT_OFF);
	spin_unlock_irqrestore(&attr->lock, flags);
}

unsigned long fault_attr_injected(struct fault_attr *attr)
{
	unsigned long flags, injected;

	spin_lock_irqsave(&attr->lock, flags);
	injected = attr->injected;
	spin_unlock_irqrestore(&attr->lock, flags);
	return injected;
}

/* Does the return address @caller lie in the function @func? */
static bool caller_matches(const char *func, unsigned long caller)
{
	const char *name;

	if (!caller)
		return false;
	/* caller - 1: the call itself, in case it ended its function. */
	name = kallsyms_lookup(caller - 1, NULL, NULL);
	return name && !strcmp(name, func);
}

/* Context: attr->lock held.  Return: true to fail this call. */
static bool decide_locked(struct fault_attr *attr, const char *cache_name,
			  unsigned long caller)
{
	struct fault_config *c = &attr->config;
	bool fail = false;

	if (c->mode == FAULT_OFF || c->times == 0)
		return false;
	if (c->cache[0] && (!cache_name || strcmp(c->cache, cache_name)))
		return false;
	if (c->caller[0] && !caller_matches(c->caller, caller))
		return false;
	attr->calls++;
	switch (c->mode) {
	case FAULT_NTH:
		fail = attr->calls == c->interval;
		break;
	case FAULT_EVERY:
		fail = attr->calls % c->interval == 0;
		break;
	case FAULT_PROBABILITY:
		fail = prandom_u32_below(&attr->rnd, 100) < c->probability;
		break;
	case FAULT_OFF:
		break;
	}
	if (fail && c->times > 0)
		c->times--;
	return fail;
}

static void report_injection(const struct fault_attr *attr, unsigned long nr,
			     const char *cache_name, unsigned long caller, int verbose)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_backtrace(sym, sizeof(sym), caller);
	pr_info("%s: injected failure %lu%s%s, called from %s\n", attr->name, nr,
		cache_name ? " in cache " : "", cache_name ? cache_name : "", sym);
	if (verbose > 1)
		dump_stack();
}

bool fault_attr_should_fail(struct fault_attr *attr, const char *cache_name, gfp_t gfp,
			    unsigned long caller)
{
	unsigned long flags, nr = 0;
	int verbose;
	bool fail;

	if (likely(READ_ONCE(attr->config.mode) == FAULT_OFF) || (gfp & __GFP_NOFAIL_INJECT))
		return false;
	spin_lock_irqsave(&attr->lock, flags);
	fail = decide_locked(attr, cache_name, caller);
	if (fail)
		nr = ++attr->injected;
	verbose = attr->config.verbose;
	spin_unlock_irqrestore(&attr->lock, flags);
	if (fail && verbose)
		report_injection(attr, nr, cache_name, caller, verbose);
	return fail;
}

/* Countdowns armed: while 0, allocations do not look at current at all. */
static int fail_nth_armed;

void fail_nth_arm(struct fail_nth *f, unsigned int nth)
{
	WARN_ON_ONCE(current->fail_nth);
	f->left = nth;
	f->calls = 0;
	f->site = 0;
	__atomic_add_fetch(&fail_nth_armed, 1, __ATOMIC_SEQ_CST);
	current->fail_nth = f;
}

bool fail_nth_disarm(struct fail_nth *f)
{
	WARN_ON_ONCE(current->fail_nth != f);
	current->fail_nth = NULL;
	__atomic_sub_fetch(&fail_nth_armed, 1, __ATOMIC_SEQ_CST);
	return READ_ONCE(f->site) != 0;
}

/*
 * Counts one allocation against current's countdown.  Atomic, because two
 * tasks may hold the same countdown for a moment (kthreadd after waking
 * the thread it created); only one of them allocates then, but the count
 * must not be torn.
 */
static bool fail_nth_should_fail(gfp_t gfp, unsigned long caller)
{
	struct fail_nth *f;
	int left;

	if (likely(!READ_ONCE(fail_nth_armed)) || (gfp & __GFP_NOFAIL_INJECT) || in_interrupt())
		return false;
	f = current->fail_nth;
	if (!f)
		return false;
	left = __atomic_load_n(&f->left, __ATOMIC_RELAXED);
	do {
		if (left <= 0)
			return false;
	} while (!__atomic_compare_exchange_n(&f->left, &left, left - 1, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	__atomic_add_fetch(&f->calls, 1, __ATOMIC_RELAXED);
	if (left != 1)
		return false;
	WRITE_ONCE(f->site, caller);
	return true;
}

bool should_fail_slab(const char *cache_name, gfp_t gfp, unsigned long caller)
{
	return fail_nth_should_fail(gfp, caller) ||
	       fault_attr_should_fail(&failslab, cache_name, gfp, caller);
}

bool should_fail_alloc_page(gfp_t gfp, unsigned int order, unsigned long caller)
{
	return fail_nth_should_fail(gfp, caller) ||
	       fault_attr_should_fail(&fail_page_alloc, NULL, gfp, caller);
}

static int fault_attr_param_set(const char *val, const struct kernel_param *kp)
{
	if (!val)
		return -EINVAL;
	return fault_attr_configure(kp->arg, val);
}

const struct kernel_param_ops param_ops_fault_attr = {
	.set = fault_attr_param_set,
	.expects = "a fault injection spec such as every:3,times:2 (docs/memory.md)",
};

__kernel_param("failslab", param_ops_fault_attr, &failslab, 0, 0, 0);
__kernel_param("fail_page_alloc", param_ops_fault_attr, &fail_page_alloc, 0, 0, 0);
