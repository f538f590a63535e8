/*
 * tests/core/teaming_fixture.c — the shared part of the teaming tests: the
 * random cost terms and the checked build-and-solve (teaming_fixture.h has the contracts; the seeded
 * random numbers are inline there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "core/mcf.h"
#include "teaming_fixture.h"

void tfx_config_random(uint64_t *state, nb_team_config *c)
{
    nb_team_config_default(c);
    c->overqual_cost = tfx_rint(state, 0, 5);
    c->wish_bonus = tfx_rint(state, 0, 4);
    c->continuity_bonus = tfx_rint(state, 0, 6);
    c->home_cost = tfx_rint(state, -5, 5);
    c->fairness_weight = tfx_rint(state, 0, 3);
}

nb_team_result *tfx_solve(const nb_team_input *in, size_t *matches)
{
    nb_team_model *m = NULL;
    nb_team_result *r = NULL;
    nb_err err = {{0}};
    int rc = nb_team_model_build(in, NULL, NULL, &m, &err);
    if (rc != 0)
        fprintf(stderr, "build: %s\n", err.msg);
    assert_int_equal(rc, 0);
    rc = nb_team_solve(m, NULL, NULL, &r, &err);
    if (rc != 0)
        fprintf(stderr, "solve: %s\n", err.msg);
    assert_int_equal(rc, 0);
    const nb_mcf_graph *g = nb_team_model_graph(m);
    int64_t *flows = malloc((size_t)nb_mcf_arc_count(g) * sizeof *flows + 8);
    int64_t *pots = malloc((size_t)nb_mcf_node_count(g) * sizeof *pots + 8);
    assert_non_null(flows);
    assert_non_null(pots);
    assert_int_equal(nb_mcf_copy_flows(g, flows), 0);
    assert_int_equal(nb_mcf_copy_potentials(g, pots), 0);
    rc = nb_mcf_check(g, flows, pots, &err);
    if (rc != 0)
        fprintf(stderr, "check (pricing_k = %lld): %s\n", (long long)in->config.pricing_k, err.msg);
    assert_int_equal(rc, 0);
    free(flows);
    free(pots);
    if (matches != NULL)
        *matches = nb_team_model_matches(m);
    nb_team_model_free(m);
    return r;
}
