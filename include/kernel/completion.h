/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Completions, Linux's API: "wait until this has happened".
 *
 * A completion counts events: complete() adds one and wakes one waiter;
 * each wait_for_completion() consumes one, sleeping until there is one.
 * complete_all() makes it done for good (done = UINT_MAX), waking every
 * waiter present and future, until reinit_completion().
 *
 *	static DECLARE_COMPLETION(setup_done);
 *
 *	thread A:			thread B:
 *	    wait_for_completion(&setup_done);	    ... set up ...
 *	    ... use what B set up ...		    complete(&setup_done);
 *
 * Everything the completer wrote before complete() is visible to the
 * waiter when its wait returns (both sides take wait.lock).
 *
 * As Linux's, completions are built on simple wait queues
 * (<kernel/swait.h>): a complete() wakes the oldest waiter directly, with
 * no wake function to call.  Locking: x->wait.lock (raw) guards x->done
 * and the waiters; it is taken with interrupts off, so complete() may be
 * called from interrupt handlers.
 */
#ifndef _KERNEL_COMPLETION_H
#define _KERNEL_COMPLETION_H

#include <kernel/swait.h>
#include <kernel/wait.h> /* ERESTARTSYS, for the callers of the waits */
#include <lib/types.h>

struct completion {
	unsigned int done; /* events not yet consumed; UINT_MAX: all. Under wait.lock */
	struct swait_queue_head wait;
};

/* clang-format off */
#define COMPLETION_INITIALIZER(work)                                    \
	{ .done = 0, .wait = __SWAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
/* clang-format on */
#define COMPLETION_INITIALIZER_ONSTACK(work) COMPLETION_INITIALIZER(work)

#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)
#define DECLARE_COMPLETION_ONSTACK(work) \
	struct completion work = COMPLETION_INITIALIZER_ONSTACK(work)

/**
 * init_completion - make @x a completion that has not completed
 * @x: the completion
 *
 * Context: any, before anyone else uses @x.
 */
static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_swait_queue_head(&x->wait);
}

/**
 * reinit_completion - make @x not completed again, for reuse
 * @x: the completion, with no waiters
 *
 * Resets ->done only: call it when no one can be waiting or completing.
 */
static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x);
void complete_all(struct completion *x);

void wait_for_completion(struct completion *x);
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
int wait_for_completion_interruptible(struct completion *x);
long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout);
int wait_for_completion_killable(struct completion *x);
long wait_for_completion_killable_timeout(struct completion *x, unsigned long timeout);
int wait_for_completion_state(struct completion *x, unsigned int state);

bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif /* _KERNEL_COMPLETION_H */
