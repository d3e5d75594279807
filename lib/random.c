// SPDX-License-Identifier: GPL-2.0
/*
 * A small, seeded, reproducible pseudo-random number generator.
 *
 * The generator is xorshift64* (Marsaglia's xorshift with shifts 12, 25, 27
 * and a final multiply, as described by Vigna, "An experimental exploration
 * of Marsaglia's xorshift generators, scrambled", 2016): period 2^64 - 1,
 * and the upper 32 bits of each output pass the usual statistical batteries.
 * Its only bad state is 0, which maps to itself, so seeds go through the
 * SplitMix64 finaliser first, and the one seed that mixes to 0 is replaced.
 *
 * Changing the generator changes every sequence, which breaks replaying
 * logged test seeds: tests/host/test_random.c pins the first outputs.
 */
#include <lib/random.h>
#include <lib/types.h>

/* SplitMix64's finaliser: a bijection that scatters nearby seeds apart. */
static u64 mix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/**
 * prandom_seed_state - start a generator from a seed
 * @state: the generator to (re)initialise.
 * @seed: any value, 0 included; equal seeds give equal sequences.
 */
void prandom_seed_state(struct rnd_state *state, u64 seed)
{
	u64 s = mix64(seed);

	/* Any non-zero constant will do; this one is the golden ratio. */
	state->s = s ? s : 0x9e3779b97f4a7c15ull;
}

/**
 * prandom_u32_state - next 32-bit value from a generator
 * @state: a generator set up by prandom_seed_state().
 *
 * Return: a pseudo-random value, uniform over all 32-bit values.
 */
u32 prandom_u32_state(struct rnd_state *state)
{
	u64 x = state->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	state->s = x;
	/* The low bits of the product are weak; use the high half. */
	return (u32)((x * 0x2545f4914f6cdd1dull) >> 32);
}

/**
 * prandom_u32_below - pseudo-random value in [0, @ceil)
 * @state: a generator set up by prandom_seed_state().
 * @ceil: the exclusive upper bound.
 *
 * Uses Lemire's multiply-and-reject method, so every value is exactly
 * equally likely (a plain "% ceil" favours small values).
 *
 * Return: a value below @ceil, or 0 if @ceil is 0.
 */
u32 prandom_u32_below(struct rnd_state *state, u32 ceil)
{
	u64 product;
	u32 threshold;

	if (ceil == 0)
		return 0;

	product = (u64)prandom_u32_state(state) * ceil;
	if ((u32)product < ceil) {
		/* 2^32 mod ceil: how many low values would be over-represented. */
		threshold = (0 - ceil) % ceil;
		while ((u32)product < threshold)
			product = (u64)prandom_u32_state(state) * ceil;
	}
	return (u32)(product >> 32);
}
