/* rng.h — the one seeded generator behind every random choice.
 *
 * xoshiro256** (Blackman & Vigna), seeded through splitmix64 as its authors
 * recommend.  Nothing in wirelab may call rand(), random() or read the clock
 * to decide what a simulation does: the same seed must give the same bytes.
 */
#ifndef WL_RNG_H
#define WL_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_u64(struct rng *r);
/* Uniform in [0, bound) without modulo bias; bound 0 returns 0. */
uint64_t rng_below(struct rng *r, uint64_t bound);
/* Uniform double in [0, 1). */
double rng_unit(struct rng *r);

#endif
