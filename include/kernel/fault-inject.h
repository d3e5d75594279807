/*
 * Fault injection: make chosen allocations fail, so that every -ENOMEM path
 * actually runs (Linux's failslab and fail_page_alloc).
 *
 * Each fault_attr decides, per allocation, whether to fail it.  Set from the
 * command line (see docs/memory.md for the syntax of failslab= and
 * fail_page_alloc=) or from tests with fault_attr_configure().
 */
#ifndef _KERNEL_FAULT_INJECT_H
#define _KERNEL_FAULT_INJECT_H

#include <kernel/gfp.h>
#include <kernel/kallsyms.h>
#include <kernel/spinlock.h>
#include <lib/random.h>
#include <lib/types.h>

struct kernel_param_ops;

enum fault_mode {
	FAULT_OFF,
	FAULT_NTH,		/* fail the interval-th matching call, once */
	FAULT_EVERY,		/* fail every interval-th matching call */
	FAULT_PROBABILITY,	/* fail a matching call with probability percent */
};

#define FAULT_CACHE_NAME_LEN	32

/* What a spec string says; see fault_attr_configure(). */
struct fault_config {
	enum fault_mode mode;
	unsigned long interval;		/* FAULT_NTH, FAULT_EVERY */
	unsigned int probability;	/* FAULT_PROBABILITY: percent, 0..100 */
	u64 seed;			/* FAULT_PROBABILITY */
	long times;			/* failures left to inject; -1: no limit */
	char cache[FAULT_CACHE_NAME_LEN];	/* only this cache; "" for any */
	char caller[KSYM_NAME_LEN];	/* only calls from this function; "" for any */
	int verbose;			/* 1: a line per failure; 2: and a backtrace */
};

struct fault_attr {
	const char *name;		/* "failslab", for reports */
	spinlock_t lock;
	/* attr->lock guards everything below; config.mode is also read without it. */
	struct fault_config config;
	struct rnd_state rnd;		/* seeded from config.seed */
	unsigned long calls;		/* matching calls since configured */
	unsigned long injected;		/* failures injected since configured */
};

#define FAULT_ATTR_INITIALIZER(attr_name)                                     \
	{                                                                     \
		.name = attr_name, .lock = __SPIN_LOCK_UNLOCKED(attr_name),   \
		.config = { .mode = FAULT_OFF, .times = -1 },                 \
	}
#define DECLARE_FAULT_ATTR(var) struct fault_attr var = FAULT_ATTR_INITIALIZER(#var)

extern struct fault_attr failslab;		/* kmalloc and kmem_cache_alloc */
extern struct fault_attr fail_page_alloc;	/* alloc_pages */

/* Sets a fault_attr (kp->arg) from a command-line value: failslab= and fail_page_alloc=. */
extern const struct kernel_param_ops param_ops_fault_attr;

/*
 * Called by the allocators.  @name is the cache name (slab) or NULL;
 * @caller is the return address of the allocation's caller, matched against
 * a configured call-site function name.  Context: any.
 */
bool should_fail_slab(const char *cache_name, gfp_t gfp, unsigned long caller);
bool should_fail_alloc_page(gfp_t gfp, unsigned int order, unsigned long caller);

/**
 * fault_attr_configure() - set what @attr fails, from a spec string
 * @attr: &failslab, &fail_page_alloc, or one of the caller's own
 * @spec: comma-separated key:value items, or "off":
 *        exactly one of nth:N, every:N, prob:P (percent, 0..100);
 *        and optionally seed:S (with prob:), times:T, cache:NAME,
 *        caller:FUNCTION, verbose:0|1|2.  docs/memory.md has the details.
 *
 * Resets the call and failure counts.  A malformed @spec is reported with
 * pr_warn and leaves @attr off, whatever it did before.
 *
 * Context: any; takes attr->lock with interrupts off.
 * Return: 0, or -EINVAL for a malformed @spec.
 */
int fault_attr_configure(struct fault_attr *attr, const char *spec);

/* Stops injecting through @attr; the counts stay readable.  Context: any. */
void fault_attr_disable(struct fault_attr *attr);

/* Failures injected through @attr since it was last configured.  Context: any. */
unsigned long fault_attr_injected(struct fault_attr *attr);

/**
 * fault_attr_should_fail() - should this allocation fail?
 * @attr: the decision's attributes
 * @cache_name: the cache allocated from, or NULL (never matches cache:)
 * @gfp: the allocation's flags; __GFP_NOFAIL_INJECT exempts it
 * @caller: return address into the allocating function, or 0 (never
 *          matches caller:)
 *
 * An exempt call, or one the cache: and caller: filters exclude, is not
 * counted.  Injected failures print only with verbose:1 or more.
 *
 * Context: any; takes attr->lock with interrupts off when enabled.
 * Return: true to fail the allocation.
 */
bool fault_attr_should_fail(struct fault_attr *attr, const char *cache_name, gfp_t gfp,
			    unsigned long caller);

#endif /* _KERNEL_FAULT_INJECT_H */
