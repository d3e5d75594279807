/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, seeded, reproducible pseudo-random number generator.
 *
 * Not cryptographically secure: use it for tests, shuffles and backoff
 * jitter, never for secrets.  The same seed always yields the same sequence,
 * so a failing randomised test can be replayed from its logged seed.
 */
#ifndef _LIB_RANDOM_H
#define _LIB_RANDOM_H

#include <lib/types.h>

/* The generator's whole state; one per user, no locking inside. */
struct rnd_state {
	u64 s;
};

void prandom_seed_state(struct rnd_state *state, u64 seed);
u32 prandom_u32_state(struct rnd_state *state);
u32 prandom_u32_below(struct rnd_state *state, u32 ceil);

#endif /* _LIB_RANDOM_H */
