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

/*
 * fail-nth: fail the Nth allocation from now made for one operation, as
 * Linux's /proc/<pid>/fail-nth does for one task.  A test sweeps every
 * allocation site of an operation by running it with N = 1, 2, ... until
 * it succeeds without the failure having been injected
 * (tests/kernel/test_fault_sweep.c, docs/reliability.md).
 *
 * The countdown follows the operation rather than the task: a task's
 * ->fail_nth points to the countdown that its allocations consume, and
 * code that has another task allocate on its behalf passes the pointer
 * along for that time.  kthread_create_on_node() does so, so that the
 * allocations of kthreadd and of the new thread's kthread() count for the
 * creator.  Every slab and page allocation counts, except __GFP_NOFAIL_INJECT
 * ones and those made in interrupt context; failslab= and fail_page_alloc=
 * need not be on.
 */
struct fail_nth {
	int left;	     /* allocations to go, the failing one included; 0: spent */
	unsigned long calls; /* allocations counted so far */
	unsigned long site;  /* return address of the failed allocation's caller, or 0 */
};

/**
 * fail_nth_arm() - make the @nth allocation of what current does next fail
 * @f: the countdown; it must outlive every task it is handed to (static
 *     storage is simplest), and be armed by one task at a time
 * @nth: 1 for the first allocation
 *
 * Context: process context.
 */
void fail_nth_arm(struct fail_nth *f, unsigned int nth);

/**
 * fail_nth_disarm() - stop counting current's allocations against @f
 * @f: as given to fail_nth_arm()
 *
 * Context: process context.
 * Return: true if the failure was injected; @f->site then names the caller.
 */
bool fail_nth_disarm(struct fail_nth *f);

#endif /* _KERNEL_FAULT_INJECT_H */
