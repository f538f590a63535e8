/*
 * tests/core/teaming_fixture.h — what the teaming tests (test_teaming.c,
 * test_teaming_months.c, test_teaming_pricing.c, test_teaming_booking.c,
 * test_whatif.c) share: their seeded random numbers, the random cost terms of
 * a random network's configuration, and the build-solve-check of a teaming
 * input (core/teaming.h) with the solver's optimality checker.
 * Test code only; the helpers fail the running cmocka test on an error.
 */
#ifndef NB_TESTS_CORE_TEAMING_FIXTURE_H
#define NB_TESTS_CORE_TEAMING_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "core/teaming.h"

/* The next number of the xorshift64 generator whose whole state is *state
 * (not 0); each test keeps its own state and seeds it. Inline, so that the
 * static analyser sees the range of tfx_rint where a test sizes arrays. */
static inline uint64_t tfx_rnd(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* Uniform in [lo, hi] (lo <= hi) from the generator *state. */
static inline int64_t tfx_rint(uint64_t *state, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(tfx_rnd(state) % (uint64_t)(hi - lo + 1));
}

/* The default configuration (nb_team_config_default) into *c with random
 * per-minute cost terms from the generator *state, drawn in this order:
 * overqual_cost 0..5, wish_bonus 0..4, continuity_bonus 0..6, home_cost
 * -5..5, fairness_weight 0..3. The caller draws the rest. */
void tfx_config_random(uint64_t *state, nb_team_config *c);

/* Builds and solves in (its own configuration, pricing_k included); fails the
 * test when either fails (the message on stderr) or when the solver's flows
 * and potentials are not optimal for the model's graph (nb_mcf_check).
 * *matches (when not NULL) = the match arcs the model ended with. Returns the
 * result, owned by the caller (nb_team_result_free); the model is freed. */
nb_team_result *tfx_solve(const nb_team_input *in, size_t *matches);

#endif
