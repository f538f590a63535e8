/*
 * tests/core/test_mcf_cs_price.c — price refinement in the cost-scaling
 * solver (mcf_cs_price.c): the phases it finishes without pushes, and the
 * admissible cycles it cancels, leave the optimum exact. Against the network
 * simplex on random instances built to reach it:
 *
 * - many epsilon phases (costs up to 10^6), negative costs (admissible
 *   cycles), lower bounds, parallel arcs, zero-capacity arcs, unbounded arcs
 *   on a dear ring, infeasible instances (no ring, or an unbalanced pair
 *   across a cut): same status and cost as the simplex, cost scaling
 *   answers itself (no deferral) and nb_mcf_check certifies its flows and
 *   potentials;
 * - the refinement really ran: some solves report phases it finished alone
 *   (nb_mcf_result.refined), and never more than phases - 1 (the first
 *   phase always pushes);
 * - the choice of NB_MCF_AUTO_ONCE (nb_mcf_cs_preferred): cost scaling for a
 *   large sparse network (500,000 nodes), the simplex one node below and
 *   for a small dense one and for a warm re-solve; NB_MCF_AUTO on the large
 *   one: cost scaling + crossover (a tree kept), then warm simplex
 *   re-solves; the same optimum either way.
 *
 * Random tests print their seed on failure; NB_TEST_SEED=S replays one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/mcf.h"
#include "core/mcf_impl.h" /* white-box: the kept tree */

#include "mcf_reference.h"

/* Adds the same arc to both graphs. */
static void add2(nb_mcf_graph *gs, nb_mcf_graph *gc, int32_t u, int32_t v, int64_t lo, int64_t cap,
                 int64_t cost)
{
    nb_err err;
    assert_true(nb_mcf_add_arc(gs, u, v, lo, cap, cost, &err) >= 0);
    assert_true(nb_mcf_add_arc(gc, u, v, lo, cap, cost, &err) >= 0);
}

/* A random instance in two copies: n nodes, about deg * n arcs with costs
 * in [mincost, maxcost] (mincost < 0: negative cycles of finite capacity),
 * lower bounds, zero-capacity and parallel arcs; a ring of unbounded arcs
 * dearer than any path in most instances (without it some are infeasible).
 * *ring tells which. */
static void build_wide(rng *r, nb_mcf_graph **gs, nb_mcf_graph **gc, int *ring)
{
    nb_err err;
    int32_t n = (int32_t)rng_range(r, 2, 200);
    int32_t m = (int32_t)(n * rng_range(r, 1, 6));
    int64_t maxcost = rng_range(r, 0, 2) == 0 ? 1000 : 1000000;
    int64_t mincost = rng_range(r, 0, 2) == 0 ? -maxcost / 4 : 0;
    *gs = nb_mcf_graph_new(n, m);
    *gc = nb_mcf_graph_new(n, m);
    assert_non_null(*gs);
    assert_non_null(*gc);
    for (int32_t a = 0; a < m; a++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t lo = rng_range(r, 0, 7) == 0 ? rng_range(r, 1, 4) : 0;
        int64_t cap = rng_range(r, 0, 11) == 0 ? lo : lo + rng_range(r, 0, 60); /* some 0 */
        int64_t cost = rng_range(r, mincost, maxcost);
        add2(*gs, *gc, u, v, lo, cap, cost);
        if (rng_range(r, 0, 9) == 0) /* a parallel arc */
            add2(*gs, *gc, u, v, 0, rng_range(r, 0, 30), rng_range(r, mincost, maxcost));
    }
    *ring = rng_range(r, 0, 4) > 0;
    for (int32_t v = 0; *ring && v < n; v++)
        add2(*gs, *gc, v, (v + 1) % n, 0, INF, (maxcost + 1) * 4);
    int pairs = (int)rng_range(r, 0, n);
    for (int k = 0; k < pairs; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t d = rng_range(r, 1, 90);
        for (int g = 0; g < 2; g++) {
            nb_mcf_graph *x = g ? *gc : *gs;
            assert_int_equal(nb_mcf_set_supply(x, u, nb_mcf_supply(x, u) + d, &err), 0);
            assert_int_equal(nb_mcf_set_supply(x, v, nb_mcf_supply(x, v) - d, &err), 0);
        }
    }
}

static void test_price_refinement_exact(void **state)
{
    (void)state;
    uint64_t first;
    int count, refined_solves = 0, infeasible = 0;
    seeds(913000, 800, &first, &count);
    for (int k = 0; k < count; k++) {
        uint64_t seed = first + (uint64_t)k;
        rng r = {seed};
        nb_mcf_graph *gs, *gc;
        int ring;
        build_wide(&r, &gs, &gc, &ring);
        nb_mcf_result rs, rcs;
        nb_err err = {{0}};
        assert_int_equal(nb_mcf_set_algorithm(gs, NB_MCF_SIMPLEX, &err), 0);
        assert_int_equal(nb_mcf_set_algorithm(gc, NB_MCF_COST_SCALING, &err), 0);
        int a = nb_mcf_solve(gs, &rs, &err);
        int b = nb_mcf_solve(gc, &rcs, &err);
        if (a != b || (a == 0 && strcmp(rs.cost_text, rcs.cost_text) != 0))
            print_error("seed %llu: simplex %d %s, cost scaling %d %s\n", (unsigned long long)seed,
                        a, rs.cost_text, b, rcs.cost_text);
        assert_int_equal(a, b);
        assert_int_equal(rcs.algorithm, NB_MCF_COST_SCALING); /* not deferred */
        if (a == 0) {
            assert_string_equal(rs.cost_text, rcs.cost_text);
            assert_checked(gc, seed);
            assert_true(rcs.phases >= 1);
            assert_true(rcs.refined <= rcs.phases - 1);
            refined_solves += rcs.refined > 0;
        } else {
            assert_int_equal(a, NB_EINFEASIBLE);
            infeasible++;
        }
        nb_mcf_graph_free(gs);
        nb_mcf_graph_free(gc);
    }
    if (count > 100) { /* the paths under test were reached */
        assert_true(refined_solves > count / 20);
        assert_true(infeasible > 0);
    }
}

/* A network of n nodes with a few transport arcs (and `extra` parallel
 * ones per node when dense): 3 units from node 0 to node n - 1, directly
 * (cost 9) or through node 1 (2 + 3, capacity 2). Optimal cost 2 * 5 + 9. */
static nb_mcf_graph *build_sparse(int32_t n, int extra)
{
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(n, 3);
    assert_non_null(g);
    assert_true(nb_mcf_add_arc(g, 0, n - 1, 0, INF, 9, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 0, 1, 0, 2, 2, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 1, n - 1, 0, 5, 3, &err) >= 0);
    for (int32_t v = 0; v + 1 < n && extra > 0; v++)
        for (int k = 0; k < extra; k++)
            assert_true(nb_mcf_add_arc(g, v, v + 1, 0, 1, 100, &err) >= 0);
    assert_int_equal(nb_mcf_set_supply(g, 0, 3, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, n - 1, -3, &err), 0);
    return g;
}

/* Solves g in mode algo; asserts the optimum 19 and returns who answered. */
static int solved_by(nb_mcf_graph *g, int algo)
{
    nb_mcf_result res;
    nb_err err = {{0}};
    assert_int_equal(nb_mcf_set_algorithm(g, algo, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 19);
    assert_checked(g, 0);
    return res.algorithm;
}

static void test_auto_once_choice(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_graph *big = build_sparse(500000, 0);
    assert_int_equal(solved_by(big, NB_MCF_AUTO_ONCE), NB_MCF_COST_SCALING);
    assert_int_equal(solved_by(big, NB_MCF_AUTO_ONCE), NB_MCF_COST_SCALING); /* cold again */
    /* NB_MCF_AUTO: cost scaling + crossover (x13), then warm from its tree. */
    assert_int_equal(solved_by(big, NB_MCF_AUTO), NB_MCF_COST_SCALING);
    assert_int_equal(big->ns->tree_ok, 1);
    assert_int_equal(solved_by(big, NB_MCF_AUTO_ONCE), NB_MCF_SIMPLEX); /* warm: the tree */
    assert_int_equal(solved_by(big, NB_MCF_AUTO), NB_MCF_SIMPLEX);
    nb_mcf_graph_free(big);
    nb_mcf_graph *small = build_sparse(499999, 0);
    assert_int_equal(solved_by(small, NB_MCF_AUTO_ONCE), NB_MCF_SIMPLEX);
    nb_mcf_graph_free(small);
    nb_mcf_graph *dense = build_sparse(20, 5); /* 5 arcs a node and more */
    assert_int_equal(solved_by(dense, NB_MCF_AUTO_ONCE), NB_MCF_SIMPLEX);
    nb_mcf_graph_free(dense);
    nb_mcf_graph *g = nb_mcf_graph_new(2, 0);
    assert_non_null(g);
    assert_int_equal(nb_mcf_set_algorithm(g, 4, &err), NB_EINVAL);
    nb_mcf_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_price_refinement_exact),
        cmocka_unit_test(test_auto_once_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
