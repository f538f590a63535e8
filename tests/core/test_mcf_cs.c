/*
 * tests/core/test_mcf_cs.c — the cost-scaling solver of core/mcf.h
 * (mcf_cs.c, chosen with nb_mcf_set_algorithm) against the network simplex:
 *
 * - thousands of small random instances (lower bounds, unbounded arcs,
 *   negative costs, zero-cost cycles, parallel arcs, unbalanced and
 *   infeasible ones): same status and optimal cost as the simplex and the
 *   reference solver, and nb_mcf_check certifies cost scaling's flows and
 *   potentials;
 * - hundreds of medium random instances (up to a few hundred nodes);
 * - small instances of the month-shaped staffing network (bench/gen_mcf's
 *   "months" shape);
 * - degenerate cases: no nodes, one node, no arcs, all supplies zero (with a
 *   negative cycle to saturate), unbounded (the simplex decides);
 * - a re-solve after a cost-scaling solve starts cold and is exact, and the
 *   choice of algorithm is reported.
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

#include "mcf_reference.h"

/* Solves g with the given algorithm; returns the status, *res filled. */
static int solve_with(nb_mcf_graph *g, int algo, nb_mcf_result *res)
{
    nb_err err = {{0}};
    assert_int_equal(nb_mcf_set_algorithm(g, algo, &err), 0);
    return nb_mcf_solve(g, res, &err);
}

/* Solves g by simplex and a copy by cost scaling; asserts the same status
 * and cost, a certified cost-scaling optimum, and returns 1 when cost
 * scaling itself answered (not deferred to the simplex). */
static int compare_cs(nb_mcf_graph *gs, nb_mcf_graph *gc, uint64_t seed)
{
    nb_mcf_result rs, rcs;
    int a = solve_with(gs, NB_MCF_SIMPLEX, &rs);
    int b = solve_with(gc, NB_MCF_COST_SCALING, &rcs);
    if (a != b || (a == 0 && strcmp(rs.cost_text, rcs.cost_text) != 0))
        print_error("seed %llu: simplex %d %s, cost scaling %d %s\n", (unsigned long long)seed, a,
                    rs.cost_text, b, rcs.cost_text);
    assert_int_equal(a, b);
    assert_int_equal(rs.algorithm, NB_MCF_SIMPLEX);
    if (a == 0) {
        assert_string_equal(rs.cost_text, rcs.cost_text);
        assert_checked(gc, seed);
    }
    return rcs.algorithm == NB_MCF_COST_SCALING;
}

static void test_cs_random_small(void **state)
{
    (void)state;
    uint64_t first;
    int count, by_cs = 0, optimal = 0, infeasible = 0;
    seeds(1300, 4000, &first, &count);
    for (int k = 0; k < count; k++) {
        uint64_t seed = first + (uint64_t)k;
        rng r = {seed};
        inst in;
        int mode = (int)(seed % 8);
        /* Costs: often non-negative with zeros (zero-cost cycles), some
         * negative; small capacities so the reference solver is quick. */
        int64_t mincost = seed % 3 == 0 ? -6 : 0, maxcost = seed % 5 == 0 ? 1 : 12;
        random_inst(&r, &in, 12, 48, 9, mincost, maxcost, mode);
        i128 want = 0;
        int want_rc = ref_solve(&in, &want);
        nb_mcf_graph *gs = build(&in), *gc = build(&in);
        by_cs += compare_cs(gs, gc, seed);
        int rc = nb_mcf_has_solution(gc) ? 0 : -1;
        if (want_rc == 0) {
            assert_int_equal(rc, 0);
            assert_true(cost_of(gc) == want);
            optimal++;
        } else {
            assert_int_equal(rc, -1);
            infeasible += want_rc == NB_EINFEASIBLE;
        }
        nb_mcf_graph_free(gs);
        nb_mcf_graph_free(gc);
    }
    if (count > 1) {
        /* The series covers both outcomes, and cost scaling answered all
         * but the unbounded-looking ones itself. */
        assert_true(optimal > count / 3);
        assert_true(infeasible > count / 20);
        assert_true(by_cs > count * 8 / 10);
    }
}

/* A random medium instance built directly: n nodes, about deg * n arcs,
 * some lower bounds, unbounded arcs and parallel arcs, non-negative costs
 * (so never unbounded); a balanced supply. */
static void build_medium(rng *r, nb_mcf_graph **gs, nb_mcf_graph **gc)
{
    nb_err err;
    int32_t n = (int32_t)rng_range(r, 2, 300);
    int32_t m = (int32_t)(n * rng_range(r, 1, 8));
    int64_t maxcost = rng_range(r, 0, 3) == 0 ? 3 : 1000;
    *gs = nb_mcf_graph_new(n, m);
    *gc = nb_mcf_graph_new(n, m);
    assert_non_null(*gs);
    assert_non_null(*gc);
    for (int32_t a = 0; a < m; a++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t lo = rng_range(r, 0, 9) == 0 ? rng_range(r, 1, 5) : 0;
        int64_t cap = rng_range(r, 0, 14) == 0 ? INF : lo + rng_range(r, 0, 100);
        int64_t cost = rng_range(r, 0, maxcost);
        for (int k = 0; k < 2; k++)
            assert_true(nb_mcf_add_arc(k ? *gc : *gs, u, v, lo, cap, cost, &err) >= 0);
        if (rng_range(r, 0, 19) == 0) /* a parallel arc, cheaper */
            for (int k = 0; k < 2; k++)
                assert_true(nb_mcf_add_arc(k ? *gc : *gs, u, v, 0, 20, cost / 2, &err) >= 0);
    }
    /* Mostly feasible: a ring of dear unbounded arcs (in 3 of 4). */
    int ring = rng_range(r, 0, 3) > 0;
    for (int32_t v = 0; ring && v < n; v++)
        for (int k = 0; k < 2; k++)
            assert_true(nb_mcf_add_arc(k ? *gc : *gs, v, (v + 1) % n, 0, INF, maxcost + 1, &err) >=
                        0);
    int pairs = (int)rng_range(r, 0, n);
    int64_t *sup = calloc((size_t)n, sizeof *sup);
    assert_non_null(sup);
    for (int k = 0; k < pairs; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t d = rng_range(r, 1, 150);
        sup[u] += d;
        sup[v] -= d;
    }
    for (int32_t v = 0; v < n; v++)
        for (int k = 0; k < 2; k++)
            assert_int_equal(nb_mcf_set_supply(k ? *gc : *gs, v, sup[v], &err), 0);
    free(sup);
}

static void test_cs_random_medium(void **state)
{
    (void)state;
    uint64_t first;
    int count, solved = 0;
    seeds(77000, 300, &first, &count);
    for (int k = 0; k < count; k++) {
        uint64_t seed = first + (uint64_t)k;
        rng r = {seed};
        nb_mcf_graph *gs, *gc;
        build_medium(&r, &gs, &gc);
        assert_int_equal(compare_cs(gs, gc, seed), 1);
        solved += nb_mcf_has_solution(gc);
        nb_mcf_graph_free(gs);
        nb_mcf_graph_free(gc);
    }
    if (count > 1) /* both outcomes occur */
        assert_true(solved > count / 2 && solved < count);
}

/* The month-shaped staffing network of bench/gen_mcf "months", small: P
 * people with hours per month, 3 convex segments person -> hub, hub ->
 * person-month (the month's cap), lines over 1..T consecutive months with a
 * line-month node each, 3 candidate lines per person (one match arc per
 * month), unmet demand from U at 1000, idle hours to X. */
static void build_months(rng *r, int32_t P, int32_t L, int32_t T, nb_mcf_graph **gs,
                         nb_mcf_graph **gc)
{
    nb_err err;
    int32_t first[64], span[64], lnode[64];
    int64_t dem[64], hours[64], total_hours = 0, total_demand = 0;
    assert_true(P <= 64 && L <= 64 && T <= 12);
    int32_t next = 2 * P;
    for (int32_t l = 0; l < L; l++) {
        span[l] = (int32_t)rng_range(r, 1, T);
        first[l] = (int32_t)rng_range(r, 0, T - span[l]);
        dem[l] = rng_range(r, 10, 120);
        lnode[l] = next;
        next += span[l];
        total_demand += dem[l] * span[l];
    }
    const int32_t pm0 = next; /* person p, month t: pm0 + p * T + t */
    const int32_t X = pm0 + P * T, U = X + 1, n = U + 1;
    for (int k = 0; k < 2; k++) {
        nb_mcf_graph *g = nb_mcf_graph_new(n, 0);
        assert_non_null(g);
        *(k ? gc : gs) = g;
    }
    for (int32_t p = 0; p < P; p++) {
        hours[p] = rng_range(r, 20, 160);
        total_hours += hours[p] * T;
    }
    for (int k = 0; k < 2; k++) {
        nb_mcf_graph *g = k ? *gc : *gs;
        rng rr = *r; /* the same candidates in both graphs */
        for (int32_t p = 0; p < P; p++) {
            int64_t h = hours[p] * T, s1 = h * 60 / 100, s2 = h * 25 / 100;
            assert_true(nb_mcf_set_supply(g, p, h, &err) == 0);
            assert_true(nb_mcf_add_arc(g, p, P + p, 0, s1, 0, &err) >= 0);
            assert_true(nb_mcf_add_arc(g, p, P + p, 0, s2, 15, &err) >= 0);
            assert_true(nb_mcf_add_arc(g, p, P + p, 0, h - s1 - s2, 60, &err) >= 0);
            assert_true(nb_mcf_add_arc(g, p, X, 0, h, 0, &err) >= 0);
            for (int32_t t = 0; t < T; t++)
                assert_true(nb_mcf_add_arc(g, P + p, pm0 + p * T + t, 0, hours[p], 0, &err) >= 0);
            for (int c = 0; c < 3; c++) {
                int32_t l = (int32_t)rng_range(&rr, 0, L - 1);
                int64_t cost = 100 + rng_range(&rr, -70, 150);
                int64_t cap = hours[p] < dem[l] ? hours[p] : dem[l];
                for (int32_t t = first[l]; t < first[l] + span[l]; t++)
                    assert_true(nb_mcf_add_arc(g, pm0 + p * T + t, lnode[l] + t - first[l], 0, cap,
                                               cost, &err) >= 0);
            }
        }
        for (int32_t l = 0; l < L; l++)
            for (int32_t t = 0; t < span[l]; t++) {
                assert_true(nb_mcf_set_supply(g, lnode[l] + t, -dem[l], &err) == 0);
                assert_true(nb_mcf_add_arc(g, U, lnode[l] + t, 0, dem[l], 1000, &err) >= 0);
            }
        assert_true(nb_mcf_add_arc(g, U, X, 0, total_demand, 0, &err) >= 0);
        assert_true(nb_mcf_set_supply(g, X, -total_hours, &err) == 0);
        assert_true(nb_mcf_set_supply(g, U, total_demand, &err) == 0);
        if (k == 1)
            *r = rr;
    }
}

static void test_cs_month_shaped(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(4200, 120, &first, &count);
    for (int k = 0; k < count; k++) {
        uint64_t seed = first + (uint64_t)k;
        rng r = {seed};
        int32_t T = (int32_t)rng_range(&r, 1, 12), P = (int32_t)rng_range(&r, 1, 40);
        int32_t L = (int32_t)rng_range(&r, 1, 30);
        nb_mcf_graph *gs, *gc;
        build_months(&r, P, L, T, &gs, &gc);
        assert_int_equal(compare_cs(gs, gc, seed), 1);
        assert_int_equal(nb_mcf_has_solution(gc), 1); /* always feasible (U, X) */
        nb_mcf_graph_free(gs);
        nb_mcf_graph_free(gc);
    }
}

static void test_cs_degenerate(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_result res;

    /* No nodes at all. */
    nb_mcf_graph *g = nb_mcf_graph_new(0, 0);
    assert_non_null(g);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), 0);
    assert_int_equal(res.algorithm, NB_MCF_COST_SCALING);
    assert_string_equal(res.cost_text, "0");
    nb_mcf_graph_free(g);

    /* One node, no arcs; then a self-loop of negative cost (saturated). */
    g = nb_mcf_graph_new(1, 1);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), 0);
    assert_int_equal(nb_mcf_add_arc(g, 0, 0, 0, 7, -3, &err), 0);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), 0);
    assert_int_equal(res.algorithm, NB_MCF_COST_SCALING);
    assert_int_equal(res.cost, -21);
    assert_int_equal(nb_mcf_flow(g, 0), 7);
    assert_checked(g, 0);
    nb_mcf_graph_free(g);

    /* No arcs, supplies that cannot move: infeasible. */
    g = nb_mcf_graph_new(3, 0);
    assert_int_equal(nb_mcf_set_supply(g, 0, 4, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, 2, -4, &err), 0);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), NB_EINFEASIBLE);
    assert_int_equal(res.algorithm, NB_MCF_COST_SCALING);
    assert_int_equal(nb_mcf_has_solution(g), 0);
    nb_mcf_graph_free(g);

    /* All supplies zero, a negative cycle of finite capacity with a lower
     * bound: the circulation fills it to the tightest arc. */
    g = nb_mcf_graph_new(3, 3);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 1, 5, -4, &err), 0);
    assert_int_equal(nb_mcf_add_arc(g, 1, 2, 0, 3, 1, &err), 1);
    assert_int_equal(nb_mcf_add_arc(g, 2, 0, 0, 9, 1, &err), 2);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), 0);
    assert_int_equal(res.algorithm, NB_MCF_COST_SCALING);
    assert_int_equal(res.cost, -6);
    assert_int_equal(nb_mcf_flow(g, 1), 3);
    assert_checked(g, 0);
    nb_mcf_graph_free(g);

    /* Unbounded: a negative cycle of unbounded arcs. Cost scaling cannot
     * tell it from a large flow and lets the simplex decide. */
    g = nb_mcf_graph_new(2, 2);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 0, INF, -1, &err), 0);
    assert_int_equal(nb_mcf_add_arc(g, 1, 0, 0, INF, 0, &err), 1);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), NB_EUNBOUNDED);
    assert_int_equal(res.algorithm, NB_MCF_SIMPLEX);
    nb_mcf_graph_free(g);

    /* Supplies that do not sum to zero, an unknown algorithm. */
    g = nb_mcf_graph_new(2, 1);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 0, 5, 1, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, 0, 2, &err), 0);
    assert_int_equal(solve_with(g, NB_MCF_COST_SCALING, &res), NB_EINFEASIBLE);
    assert_int_equal(nb_mcf_set_algorithm(g, 7, &err), NB_EINVAL);
    nb_mcf_graph_free(g);
}

/* After a cost-scaling solve there is no spanning tree: a re-solve after a
 * change starts cold (by the simplex here) and matches a fresh solve; and a
 * cost-scaling solve after simplex solves ignores their tree. */
static void test_cs_then_resolve(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(9100, 200, &first, &count);
    for (int k = 0; k < count; k++) {
        uint64_t seed = first + (uint64_t)k;
        rng r = {seed};
        inst in;
        random_inst(&r, &in, 12, 40, 9, 0, 10, 2);
        nb_mcf_graph *g = build(&in);
        nb_mcf_result res;
        int rc = solve_with(g, NB_MCF_COST_SCALING, &res);
        i128 want = 0;
        int want_rc = ref_solve(&in, &want);
        assert_int_equal(rc, want_rc);
        for (int step = 0; step < 4; step++) {
            random_change(&r, &in, g);
            int algo = step % 2 ? NB_MCF_COST_SCALING : NB_MCF_SIMPLEX;
            rc = solve_with(g, algo, &res);
            want_rc = ref_solve(&in, &want);
            assert_int_equal(rc, want_rc);
            if (algo == NB_MCF_SIMPLEX)
                assert_int_equal(res.warm, 0); /* no tree after cost scaling */
            if (rc == 0) {
                assert_true(cost_of(g) == want);
                assert_checked(g, seed);
            }
            if (algo == NB_MCF_SIMPLEX) { /* and once warm from the simplex */
                random_change(&r, &in, g);
                rc = solve_with(g, NB_MCF_SIMPLEX, &res);
                want_rc = ref_solve(&in, &want);
                assert_int_equal(rc, want_rc);
                if (rc == 0)
                    assert_true(cost_of(g) == want);
            }
        }
        nb_mcf_graph_free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cs_random_small), cmocka_unit_test(test_cs_random_medium),
        cmocka_unit_test(test_cs_month_shaped), cmocka_unit_test(test_cs_degenerate),
        cmocka_unit_test(test_cs_then_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
