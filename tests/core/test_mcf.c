/*
 * tests/core/test_mcf.c — tests of the minimum-cost-flow engine (core/mcf.h)
 * and the DIMACS parser (core/dimacs.h).
 *
 * - hand-made cases: empty, degenerate, zero capacity, parallel arcs,
 *   negative costs, lower bounds, infeasible, unbounded, 64-bit costs;
 * - tiny random instances against brute-force enumeration of all flows;
 * - thousands of random instances against an independent reference solver
 *   written here (successive shortest paths with Bellman-Ford);
 * - warm starts after random changes against the reference;
 * - every optimal answer passes nb_mcf_check; the checker rejects bad ones;
 * - deep and wide instances (no recursion), and parser error lines;
 * - the limits: instances whose flows would overflow 64 bits are refused
 *   (NB_ELIMIT), near-limit values solve without overflow (UBSan build);
 * - the pivot budget (warm run falls back to cold, cold run reports
 *   NB_ELIMIT) and the strongly feasible tree after a warm start.
 *
 * Random tests print their seed on failure; NB_TEST_SEED=S replays exactly
 * the instance with seed S. The instances, the reference solver, brute force
 * and the compare helpers are in mcf_reference.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dimacs.h"
#include "core/mcf.h"
#include "core/mcf_impl.h" /* white-box: tree invariants, warm start, budget hook */

#include "mcf_reference.h"

/* ------------------------------------------------------------------------ */
/* Hand-made cases                                                           */
/* ------------------------------------------------------------------------ */

static void test_empty(void **state)
{
    (void)state;
    nb_mcf_result res;
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(0, 0);
    assert_non_null(g);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_string_equal(res.cost_text, "0");
    nb_mcf_graph_free(g);

    g = nb_mcf_graph_new(1, 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 0);
    assert_int_equal(nb_mcf_set_supply(g, 0, 5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_EINFEASIBLE);
    nb_mcf_graph_free(g);

    assert_null(nb_mcf_graph_new(-1, 0));
    nb_mcf_graph_free(NULL);
}

static void test_api_errors(void **state)
{
    (void)state;
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(2, 0);
    assert_int_equal(nb_mcf_add_arc(g, 0, 2, 0, 1, 0, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_add_arc(g, -1, 1, 0, 1, 0, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 3, 2, 0, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 0, NB_MCF_VALUE_MAX + 1, 0, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 0, 1, NB_MCF_COST_MAX + 1, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_add_arc(g, 0, 1, 0, 1, 0, NULL), 0);
    assert_int_equal(nb_mcf_set_supply(g, 2, 1, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_set_cost(g, 1, 1, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_set_bounds(g, 0, 2, 1, &err), NB_EINVAL);
    assert_int_equal(nb_mcf_copy_flows(g, NULL), NB_EINVAL); /* no solution yet */
    assert_int_equal(nb_mcf_flow(g, 0), 0);
    nb_mcf_graph_free(g);
}

static void test_transport(void **state)
{
    (void)state;
    inst in = {.n = 4};
    in.supply[0] = 5;
    in.supply[1] = 3;
    in.supply[2] = -4;
    in.supply[3] = -4;
    add(&in, 0, 2, 0, 10, 1);
    add(&in, 0, 3, 0, 10, 4);
    add(&in, 1, 2, 0, 10, 2);
    add(&in, 1, 3, 0, 10, 3);
    int rc;
    nb_mcf_result res;
    nb_mcf_graph *g = solve_inst(&in, &rc, &res);
    assert_int_equal(rc, 0);
    /* 0->2: 4 (4), 0->3: 1 (4), 1->3: 3 (9) = 17 */
    assert_int_equal(res.cost, 17);
    assert_string_equal(res.cost_text, "17");
    assert_int_equal(nb_mcf_flow(g, 0), 4);
    assert_int_equal(nb_mcf_flow(g, 3), 3);
    assert_int_equal(res.warm, 0);
    nb_mcf_graph_free(g);
}

static void test_degenerate_and_zero_cap(void **state)
{
    (void)state;
    /* No supplies, a negative finite cycle: the optimum saturates it. */
    inst in = {.n = 3};
    add(&in, 0, 1, 0, 4, -3);
    add(&in, 1, 2, 0, 6, 1);
    add(&in, 2, 0, 0, 5, 1);
    add(&in, 0, 2, 0, 0, -100); /* zero capacity */
    add(&in, 1, 1, 0, 7, -2);   /* a negative self-loop saturates */
    int rc;
    nb_mcf_result res;
    nb_mcf_graph *g = solve_inst(&in, &rc, &res);
    assert_int_equal(rc, 0);
    assert_int_equal(res.cost, 4 * (-3 + 1 + 1) - 14);
    assert_int_equal(nb_mcf_flow(g, 3), 0);
    assert_int_equal(nb_mcf_flow(g, 4), 7);
    nb_mcf_graph_free(g);

    /* Everything zero: many ties. */
    inst z = {.n = 5};
    for (int i = 0; i < 5; i++)
        add(&z, i, (i + 1) % 5, 0, 3, 0);
    z.supply[0] = 2;
    z.supply[3] = -2;
    g = solve_inst(&z, &rc, &res);
    assert_int_equal(rc, 0);
    assert_int_equal(res.cost, 0);
    nb_mcf_graph_free(g);
}

static void test_parallel_and_negative(void **state)
{
    (void)state;
    inst in = {.n = 2};
    in.supply[0] = 10;
    in.supply[1] = -10;
    add(&in, 0, 1, 0, 3, 5);
    add(&in, 0, 1, 0, 4, -2);
    add(&in, 0, 1, 0, 6, 1);
    add(&in, 1, 0, 0, 2, -1); /* back arc with negative cost is used too */
    int rc;
    nb_mcf_result res;
    nb_mcf_graph *g = solve_inst(&in, &rc, &res);
    assert_int_equal(rc, 0);
    /* Without the back arc: 4*(-2) + 6*1 = -2. Sending 1 more forward (cost 5) and back (-1)
     * costs +4, so the back arc stays empty. */
    assert_int_equal(res.cost, -2);
    assert_int_equal(nb_mcf_flow(g, 3), 0);
    nb_mcf_graph_free(g);
}

static void test_lower_bounds(void **state)
{
    (void)state;
    inst in = {.n = 3};
    add(&in, 0, 1, 2, 5, 3); /* must carry at least 2 */
    add(&in, 1, 2, 0, 5, 1);
    add(&in, 2, 0, 1, 1, 10); /* exactly 1 */
    add(&in, 1, 0, 0, 9, 1);
    int rc;
    nb_mcf_result res;
    nb_mcf_graph *g = solve_inst(&in, &rc, &res);
    assert_int_equal(rc, 0);
    /* circulation: 0->1 = 2 (6); 1->2 = 1 (1); 2->0 = 1 (10); 1->0 = 1 (1): 18 */
    assert_int_equal(res.cost, 18);
    assert_int_equal(nb_mcf_flow(g, 0), 2);
    assert_int_equal(nb_mcf_flow(g, 2), 1);
    nb_mcf_graph_free(g);

    /* Negative lower bound: flow may run backwards. */
    inst b = {.n = 2};
    add(&b, 0, 1, -4, 4, 2);
    b.supply[0] = -3;
    b.supply[1] = 3;
    g = solve_inst(&b, &rc, &res);
    assert_int_equal(rc, 0);
    assert_int_equal(nb_mcf_flow(g, 0), -3);
    assert_int_equal(res.cost, -6);
    nb_mcf_graph_free(g);
}

static void test_infeasible(void **state)
{
    (void)state;
    int rc;
    nb_mcf_result res;
    inst a = {.n = 2};
    a.supply[0] = 5;
    a.supply[1] = -5;
    add(&a, 0, 1, 0, 4, 1);
    nb_mcf_graph *g = solve_inst(&a, &rc, &res);
    assert_int_equal(rc, NB_EINFEASIBLE);
    assert_int_equal(res.status, NB_EINFEASIBLE);
    assert_int_equal(nb_mcf_has_solution(g), 0);
    nb_mcf_graph_free(g);

    inst b = {.n = 2}; /* lower bound cannot be met */
    add(&b, 0, 1, 2, 4, 1);
    g = solve_inst(&b, &rc, &res);
    assert_int_equal(rc, NB_EINFEASIBLE);
    nb_mcf_graph_free(g);

    inst c = {.n = 3}; /* unbalanced */
    c.supply[0] = 1;
    add(&c, 0, 1, 0, 4, 1);
    g = solve_inst(&c, &rc, &res);
    assert_int_equal(rc, NB_EINFEASIBLE);
    nb_mcf_graph_free(g);
}

static void test_unbounded(void **state)
{
    (void)state;
    int rc;
    nb_mcf_result res;
    inst a = {.n = 3};
    add(&a, 0, 1, 0, INF, -1);
    add(&a, 1, 2, 0, INF, 0);
    add(&a, 2, 0, 0, INF, 0);
    nb_mcf_graph *g = solve_inst(&a, &rc, &res);
    assert_int_equal(rc, NB_EUNBOUNDED);
    nb_mcf_graph_free(g);

    /* Same cycle, but one arc bounded: optimal. */
    a.cap[2] = 7;
    g = solve_inst(&a, &rc, &res);
    assert_int_equal(rc, 0);
    assert_int_equal(res.cost, -7);
    nb_mcf_graph_free(g);

    /* Negative unbounded cycle but no feasible flow: infeasible wins. */
    inst d = {.n = 3};
    add(&d, 0, 0, 0, INF, -1); /* negative self-loop with unbounded capacity */
    d.supply[1] = 1;
    d.supply[2] = -1; /* no arc from 1 to 2 */
    g = solve_inst(&d, &rc, &res);
    assert_int_equal(rc, NB_EINFEASIBLE);
    nb_mcf_graph_free(g);
    d.supply[1] = d.supply[2] = 0;
    g = solve_inst(&d, &rc, &res);
    assert_int_equal(rc, NB_EUNBOUNDED);
    nb_mcf_graph_free(g);
}

static void test_big_costs(void **state)
{
    (void)state;
    int rc;
    nb_mcf_result res;
    /* Costs beyond 32 bits, total around 3e15. */
    inst a = {.n = 3};
    a.supply[0] = 1000000;
    a.supply[2] = -1000000;
    add(&a, 0, 1, 0, INF, 3000000000LL);
    add(&a, 1, 2, 0, INF, 5000000000LL);
    add(&a, 0, 2, 0, 400000, 7999999999LL);
    nb_mcf_graph *g = solve_inst(&a, &rc, &res);
    assert_int_equal(rc, 0);
    assert_true(res.cost_fits);
    assert_int_equal(res.cost, 400000LL * 7999999999LL + 600000LL * 8000000000LL);
    nb_mcf_graph_free(g);

    /* A total beyond int64: 2^58 * 2^10 = 2^68, exact in text. */
    inst b = {.n = 2};
    b.supply[0] = 1024;
    b.supply[1] = -1024;
    add(&b, 0, 1, 0, INF, (int64_t)1 << 58);
    g = solve_inst(&b, &rc, &res);
    assert_int_equal(rc, 0);
    assert_false(res.cost_fits);
    assert_string_equal(res.cost_text, "295147905179352825856");
    nb_mcf_graph_free(g);
    b.cost[0] = -((int64_t)1 << 58);
    g = solve_inst(&b, &rc, &res);
    assert_int_equal(rc, 0);
    assert_string_equal(res.cost_text, "-295147905179352825856");
    nb_mcf_graph_free(g);

    /* Too large for 64-bit potentials: refused, not wrong. */
    inst c = {.n = 8};
    add(&c, 0, 1, 0, 1, NB_MCF_COST_MAX);
    g = solve_inst(&c, &rc, &res);
    assert_int_equal(rc, NB_ELIMIT);
    nb_mcf_graph_free(g);

    /* Near-limit supplies and capacities. */
    inst d = {.n = 2};
    d.supply[0] = NB_MCF_VALUE_MAX;
    d.supply[1] = -NB_MCF_VALUE_MAX;
    add(&d, 0, 1, 0, NB_MCF_VALUE_MAX, 3);
    g = solve_inst(&d, &rc, &res);
    assert_int_equal(rc, 0);
    assert_string_equal(res.cost_text, "3458764513820540928");
    nb_mcf_graph_free(g);
}

/* ------------------------------------------------------------------------ */
/* Randomised comparisons                                                    */
/* ------------------------------------------------------------------------ */

static void test_brute_force(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(1000, 1500, &first, &count);
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst in;
        random_inst(&r, &in, 4, 5, 3, -6, 8, 2);
        i128 want = 0;
        int want_rc = brute_solve(&in, &want);
        compare(&in, want_rc, want, seed, "brute force");
    }
}

static void test_random_vs_reference(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(50000, 4000, &first, &count);
    int seen[3] = {0};
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst in;
        int mode = (int)(seed % 8);
        int64_t mincost = seed % 3 == 0 ? -20 : 0;
        random_inst(&r, &in, MAXN - 2, 40, 12, mincost, 30, mode);
        i128 want = 0;
        int want_rc = ref_solve(&in, &want);
        seen[want_rc == 0 ? 0 : want_rc == NB_EINFEASIBLE ? 1 : 2]++;
        compare(&in, want_rc, want, seed, "reference");
    }
    if (count > 1) { /* the generator reaches all three outcomes */
        assert_true(seen[0] > 100);
        assert_true(seen[1] > 100);
        assert_true(seen[2] > 10);
    }
}

static void test_random_big_costs(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(90000, 600, &first, &count);
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst in;
        random_inst(&r, &in, 10, 30, 1000000, -5000000000LL, 9000000000LL, 2);
        i128 want = 0;
        int want_rc = ref_solve(&in, &want);
        compare(&in, want_rc, want, seed, "reference (big costs)");
    }
}

/* Larger sparse instances (no hub node, so the LEMON-style starting tree is
 * used): always feasible thanks to an uncapacitated ring; optimality is
 * proven by the checker, also after warm re-solves. */
static void test_random_sparse_checked(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(30000, 60, &first, &count);
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        nb_err err;
        int32_t n = (int32_t)rng_range(&r, 300, 700);
        nb_mcf_graph *g = nb_mcf_graph_new(n, 4 * n);
        for (int32_t v = 0; v < n; v++)
            assert_true(nb_mcf_add_arc(g, v, (v + 1) % n, 0, INF, rng_range(&r, 1, 50), &err) >= 0);
        for (int32_t k = 0; k < 2 * n; k++) {
            int32_t u = (int32_t)rng_range(&r, 0, n - 1), v = (int32_t)rng_range(&r, 0, n - 1);
            int64_t lo = rng_range(&r, 0, 4) == 0 ? rng_range(&r, 0, 3) : 0;
            assert_true(nb_mcf_add_arc(g, u, v, lo, lo + rng_range(&r, 0, 20),
                                       rng_range(&r, -30, 60), &err) >= 0);
        }
        for (int32_t k = 0; k < n / 2; k++) {
            int32_t u = (int32_t)rng_range(&r, 0, n - 1), v = (int32_t)rng_range(&r, 0, n - 1);
            int64_t d = rng_range(&r, 1, 30);
            assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + d, &err), 0);
            assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - d, &err), 0);
        }
        nb_mcf_result res;
        int rc = nb_mcf_solve(g, &res, &err);
        if (rc != 0)
            print_error("sparse seed %llu: rc %d (%s)\n", (unsigned long long)seed, rc, err.msg);
        assert_int_equal(rc, 0);
        assert_checked(g, seed);
        for (int round = 0; round < 3; round++) {
            int32_t a = (int32_t)rng_range(&r, 0, nb_mcf_arc_count(g) - 1);
            assert_int_equal(nb_mcf_set_cost(g, a, rng_range(&r, -40, 60), &err), 0);
            int32_t u = (int32_t)rng_range(&r, 0, n - 1), v = (int32_t)rng_range(&r, 0, n - 1);
            assert_true(nb_mcf_add_arc(g, u, v, 0, rng_range(&r, 1, 20), rng_range(&r, -40, 60),
                                       &err) >= 0);
            assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + 3, &err), 0);
            assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - 3, &err), 0);
            rc = nb_mcf_solve(g, &res, &err);
            assert_int_equal(rc, 0);
            assert_checked(g, seed);
        }
        nb_mcf_graph_free(g);
    }
}

/* Applies one random change to in and to g. */
static void random_change(rng *r, inst *in, nb_mcf_graph *g)
{
    nb_err err;
    int kind = (int)rng_range(r, 0, 4);
    if (kind == 0 && in->m > 0) {
        int a = (int)rng_range(r, 0, in->m - 1);
        in->cost[a] = rng_range(r, -10, 30);
        assert_int_equal(nb_mcf_set_cost(g, a, in->cost[a], &err), 0);
    } else if (kind == 1 && in->m < MAXM) {
        int a = in->m++;
        in->from[a] = (int)rng_range(r, 0, in->n - 1);
        in->to[a] = (int)rng_range(r, 0, in->n - 1);
        in->lower[a] = rng_range(r, 0, 3) == 0 ? 1 : 0;
        in->cap[a] = in->lower[a] + rng_range(r, 0, 10);
        in->cost[a] = rng_range(r, -5, 30);
        assert_int_equal(
            nb_mcf_add_arc(g, in->from[a], in->to[a], in->lower[a], in->cap[a], in->cost[a], &err),
            a);
    } else if (kind == 2) {
        int u = (int)rng_range(r, 0, in->n - 1), v = (int)rng_range(r, 0, in->n - 1);
        int64_t d = rng_range(r, 1, 4);
        in->supply[u] += d;
        in->supply[v] -= d;
        assert_int_equal(nb_mcf_set_supply(g, u, in->supply[u], &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, v, in->supply[v], &err), 0);
    } else if (kind == 3 && in->m > 0) {
        int a = (int)rng_range(r, 0, in->m - 1);
        in->lower[a] = rng_range(r, 0, 3) == 0 ? rng_range(r, 0, 2) : 0;
        in->cap[a] = rng_range(r, 0, 5) == 0 ? INF : in->lower[a] + rng_range(r, 0, 10);
        assert_int_equal(nb_mcf_set_bounds(g, a, in->lower[a], in->cap[a], &err), 0);
    } else if (in->m > 0) {
        int a = (int)rng_range(r, 0, in->m - 1);
        in->cost[a] += 1;
        assert_int_equal(nb_mcf_set_cost(g, a, in->cost[a], &err), 0);
    }
}

static void test_warm_start(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(70000, 800, &first, &count);
    int warm_used = 0;
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst in;
        random_inst(&r, &in, 12, 30, 10, -5, 30, 3);
        nb_mcf_graph *g = build(&in);
        nb_mcf_result res;
        nb_err err;
        NB_IGNORE(nb_mcf_solve(g, &res, &err),
                  "this solve only warms g up; a random instance may have any outcome");
        for (int round = 0; round < 4; round++) {
            int changes = (int)rng_range(&r, 1, 3);
            for (int c = 0; c < changes; c++)
                random_change(&r, &in, g);
            i128 want = 0;
            int want_rc = ref_solve(&in, &want);
            int rc = nb_mcf_solve(g, &res, &err);
            if (rc != want_rc || (rc == 0 && cost_of(g) != want)) {
                print_error("warm start mismatch, seed %llu round %d: rc %d cost %s, "
                            "expected rc %d cost %lld (warm %d)\n",
                            (unsigned long long)seed, round, rc, res.cost_text, want_rc,
                            (long long)want, res.warm);
            }
            assert_int_equal(rc, want_rc);
            if (rc == 0) {
                assert_true(cost_of(g) == want);
                assert_checked(g, seed);
            }
            warm_used += res.warm;
        }
        nb_mcf_graph_free(g);
    }
    if (count > 1)
        assert_true(warm_used > count); /* most re-solves reuse the tree */
}

/* Warm re-solve of a mid-sized staffing-like instance after one change. */
static void test_warm_start_staffing(void **state)
{
    (void)state;
    rng r = {4242};
    const int P = 400, L = 60;
    /* nodes: people 0..P-1, lines P..P+L-1, idle P+L, unmet P+L+1 */
    int32_t idle = P + L, unmet = P + L + 1;
    nb_mcf_graph *g = nb_mcf_graph_new(P + L + 2, 0);
    nb_mcf_graph *cold = NULL;
    nb_err err;
    int64_t hours = 0, demand = 0;
    for (int p = 0; p < P; p++) {
        int64_t h = rng_range(&r, 20, 80);
        hours += h;
        assert_int_equal(nb_mcf_set_supply(g, p, h, &err), 0);
        assert_true(nb_mcf_add_arc(g, p, idle, 0, h, 0, &err) >= 0);
        for (int k = 0; k < 6; k++)
            assert_true(nb_mcf_add_arc(g, p, P + (int32_t)rng_range(&r, 0, L - 1), 0, h,
                                       rng_range(&r, -30, 10), &err) >= 0);
    }
    for (int l = 0; l < L; l++) {
        int64_t d = rng_range(&r, 50, 400);
        demand += d;
        assert_int_equal(nb_mcf_set_supply(g, P + l, -d, &err), 0);
        assert_true(nb_mcf_add_arc(g, unmet, P + l, 0, d, 1000, &err) >= 0);
    }
    assert_int_equal(nb_mcf_set_supply(g, idle, -hours, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, unmet, demand, &err), 0);
    assert_true(nb_mcf_add_arc(g, unmet, idle, 0, INF, 0, &err) >= 0);

    nb_mcf_result res, res2;
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_checked(g, 4242);
    /* A new assignment line: a new candidate arc for some people, one cost change. */
    for (int p = 0; p < P; p += 7)
        assert_true(nb_mcf_add_arc(g, p, P + 3, 0, 40, -40, &err) >= 0);
    assert_int_equal(nb_mcf_set_cost(g, 5, -25, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.warm, 1);
    assert_checked(g, 4242);

    /* The same instance from scratch gives the same cost. */
    cold = nb_mcf_graph_new(nb_mcf_node_count(g), nb_mcf_arc_count(g));
    for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
        assert_true(nb_mcf_add_arc(cold, nb_mcf_arc_from(g, a), nb_mcf_arc_to(g, a),
                                   nb_mcf_arc_lower(g, a), nb_mcf_arc_cap(g, a),
                                   nb_mcf_arc_cost(g, a), &err) >= 0);
    for (int32_t v = 0; v < nb_mcf_node_count(g); v++)
        assert_int_equal(nb_mcf_set_supply(cold, v, nb_mcf_supply(g, v), &err), 0);
    assert_int_equal(nb_mcf_solve(cold, &res2, &err), 0);
    assert_int_equal(res2.warm, 0);
    assert_int_equal(res.cost, res2.cost);
    assert_true(res.pivots < res2.pivots);

    /* More demand on one line, balanced by the unmet source. */
    assert_int_equal(nb_mcf_set_supply(g, P + 7, nb_mcf_supply(g, P + 7) - 10, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, unmet, nb_mcf_supply(g, unmet) + 10, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_checked(g, 4242);
    assert_int_equal(nb_mcf_set_supply(cold, P + 7, nb_mcf_supply(g, P + 7), &err), 0);
    assert_int_equal(nb_mcf_set_supply(cold, unmet, nb_mcf_supply(g, unmet), &err), 0);
    assert_int_equal(nb_mcf_solve(cold, &res2, &err), 0);
    assert_int_equal(res.cost, res2.cost);
    nb_mcf_graph_free(cold);
    nb_mcf_graph_free(g);
}

/* ------------------------------------------------------------------------ */
/* Limits, pivot budget, strongly feasible warm start                        */
/* ------------------------------------------------------------------------ */

/* Issue 7 C.1: ten sources of 2^60 along a chain of unbounded arcs to ten
 * sinks. The middle arc would carry 10 * 2^60 > INT64_MAX: the solver used
 * to overflow (UBSan: signed overflow in mcf_simplex.c) and report a wrong
 * optimum; it must refuse the instance. */
static nb_mcf_graph *chain_of_sources(int sources, int64_t each)
{
    nb_err err;
    int32_t n = 2 * sources;
    nb_mcf_graph *g = nb_mcf_graph_new(n, n - 1);
    assert_non_null(g);
    for (int32_t v = 0; v < n; v++)
        assert_int_equal(nb_mcf_set_supply(g, v, v < sources ? each : -each, &err), 0);
    for (int32_t v = 0; v + 1 < n; v++)
        assert_true(nb_mcf_add_arc(g, v, v + 1, 0, INF, 1, &err) >= 0);
    return g;
}

static void test_flow_overflow_refused(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_result res;
    nb_mcf_graph *g = chain_of_sources(10, NB_MCF_VALUE_MAX);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_ELIMIT);
    assert_int_equal(res.status, NB_ELIMIT);
    assert_non_null(strstr(err.msg, "flows too large"));
    assert_int_equal(nb_mcf_has_solution(g), 0);
    assert_int_equal(nb_mcf_flow(g, 9), 0);
    nb_mcf_graph_free(g);

    /* At the limit (4 * 2^60 = 2^62) it is solved exactly: arc v -> v+1
     * carries min(v+1, 7-v) * 2^60 at cost 1. */
    g = chain_of_sources(4, NB_MCF_VALUE_MAX);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_checked(g, 0);
    assert_int_equal(nb_mcf_flow(g, 3), NB_MCF_FLOW_MAX);
    assert_string_equal(res.cost_text, "18446744073709551616"); /* 16 * 2^60 */
    nb_mcf_graph_free(g);

    /* Finite capacities count too: ten parallel arcs of 2^60 with a
     * negative cost are all saturated and return over one unbounded arc. */
    g = nb_mcf_graph_new(2, 11);
    for (int k = 0; k < 10; k++)
        assert_true(nb_mcf_add_arc(g, 0, 1, 0, NB_MCF_VALUE_MAX, -1, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 1, 0, 0, INF, 0, &err) >= 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_ELIMIT);
    /* Three of them fit (3 * 2^60 <= 2^62). */
    for (int a = 3; a < 10; a++)
        assert_int_equal(nb_mcf_set_bounds(g, a, 0, 0, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_checked(g, 0);
    assert_int_equal(nb_mcf_flow(g, 10), 3 * NB_MCF_VALUE_MAX);
    nb_mcf_graph_free(g);

    /* Lower bounds count with their size (negative ones too). */
    g = nb_mcf_graph_new(2, 6);
    for (int k = 0; k < 5; k++)
        assert_true(nb_mcf_add_arc(g, 0, 1, -NB_MCF_VALUE_MAX, -NB_MCF_VALUE_MAX, 0, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 0, 1, 0, INF, 0, &err) >= 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_ELIMIT);
    nb_mcf_graph_free(g);
}

/* Random instances with values close to every limit: costs at the largest
 * the node count allows, flows summing to just under NB_MCF_FLOW_MAX. In
 * the UBSan build any signed overflow fails the test; optimality is proven
 * by the checker (the reference solver works in 64 bits). */
static void test_near_limits(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(110000, 400, &first, &count);
    int solved = 0;
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        nb_err err = {{0}};
        int32_t n = (int32_t)rng_range(&r, 2, 12);
        int32_t m = (int32_t)rng_range(&r, 1, 30);
        int64_t cmax = NB_MCF_COST_MAX / (n + 1) - 1;
        /* Each arc and each supply pair gets a share of the flow limit. */
        int64_t share = NB_MCF_FLOW_MAX / (m + n + 1);
        if (share > NB_MCF_VALUE_MAX)
            share = NB_MCF_VALUE_MAX;
        nb_mcf_graph *g = nb_mcf_graph_new(n, m);
        for (int32_t a = 0; a < m; a++) {
            int32_t u = (int32_t)rng_range(&r, 0, n - 1), v = (int32_t)rng_range(&r, 0, n - 1);
            int64_t lo = rng_range(&r, 0, 4) == 0 ? -rng_range(&r, 0, share / 2) : 0;
            int64_t cap = rng_range(&r, 0, 3) == 0 ? INF : lo + rng_range(&r, share / 2, share / 2);
            int64_t cost =
                rng_range(&r, 0, 1) ? cmax - rng_range(&r, 0, 3) : -cmax + rng_range(&r, 0, 3);
            assert_true(nb_mcf_add_arc(g, u, v, lo, cap, cost, &err) >= 0);
        }
        for (int32_t k = 0; k < n / 2; k++) {
            int32_t u = (int32_t)rng_range(&r, 0, n - 1), v = (int32_t)rng_range(&r, 0, n - 1);
            int64_t d = rng_range(&r, share / 2, share);
            if (u == v || nb_mcf_supply(g, u) != 0 || nb_mcf_supply(g, v) != 0)
                continue;
            assert_int_equal(nb_mcf_set_supply(g, u, d, &err), 0);
            assert_int_equal(nb_mcf_set_supply(g, v, -d, &err), 0);
        }
        nb_mcf_result res;
        int rc = nb_mcf_solve(g, &res, &err);
        if (rc != 0 && rc != NB_EINFEASIBLE && rc != NB_EUNBOUNDED)
            print_error("near-limit seed %llu: rc %d (%s)\n", (unsigned long long)seed, rc,
                        err.msg);
        assert_true(rc == 0 || rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED);
        if (rc == 0) {
            assert_checked(g, seed);
            solved++;
            /* Warm re-solve after a cost flip and a supply change. */
            assert_int_equal(nb_mcf_set_cost(g, 0, -nb_mcf_arc_cost(g, 0), &err), 0);
            rc = nb_mcf_solve(g, &res, &err);
            assert_true(rc == 0 || rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED);
            if (rc == 0)
                assert_checked(g, seed);
        }
        nb_mcf_graph_free(g);
    }
    if (count > 1)
        assert_true(solved > count / 10);
}

/* A fresh graph with the same data as g (no solver state). */
static nb_mcf_graph *clone_graph(const nb_mcf_graph *g)
{
    nb_err err;
    nb_mcf_graph *c = nb_mcf_graph_new(nb_mcf_node_count(g), nb_mcf_arc_count(g));
    assert_non_null(c);
    for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
        assert_int_equal(nb_mcf_add_arc(c, nb_mcf_arc_from(g, a), nb_mcf_arc_to(g, a),
                                        nb_mcf_arc_lower(g, a), nb_mcf_arc_cap(g, a),
                                        nb_mcf_arc_cost(g, a), &err),
                         a);
    for (int32_t v = 0; v < nb_mcf_node_count(g); v++)
        assert_int_equal(nb_mcf_set_supply(c, v, nb_mcf_supply(g, v), &err), 0);
    return c;
}

/* Issue 7 C.2: the pivot budget. A cold run that runs out returns NB_ELIMIT
 * (no loop, no wrong answer); a warm run that runs out restarts cold. */
static void test_pivot_budget(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_result res, want;
    nb_mcf_graph *g = nb_mcf_graph_new(3, 0);
    assert_int_equal(nb_mcf_pivot_budget(g), 100 * 3 + 100000);
    assert_int_equal(nb_mcf_set_pivot_limit(g, -1, &err), NB_EINVAL);
    nb_mcf_graph_free(g);

    /* A staffing-like instance that needs many pivots. */
    rng r = {99};
    const int P = 60, L = 12;
    int32_t idle = P + L;
    g = nb_mcf_graph_new(P + L + 1, 0);
    int64_t hours = 0;
    for (int p = 0; p < P; p++) {
        int64_t h = rng_range(&r, 20, 80);
        hours += h;
        assert_int_equal(nb_mcf_set_supply(g, p, h, &err), 0);
        assert_true(nb_mcf_add_arc(g, p, idle, 0, h, 0, &err) >= 0);
        for (int k = 0; k < 4; k++)
            assert_true(nb_mcf_add_arc(g, p, P + (int32_t)rng_range(&r, 0, L - 1), 0, h,
                                       rng_range(&r, -30, 10), &err) >= 0);
    }
    for (int l = 0; l < L; l++) {
        int64_t d = rng_range(&r, 50, 200);
        hours -= d;
        assert_int_equal(nb_mcf_set_supply(g, P + l, -d, &err), 0);
        assert_true(nb_mcf_add_arc(g, idle, P + l, 0, d, 1000, &err) >= 0);
    }
    assert_int_equal(nb_mcf_set_supply(g, idle, -hours, &err), 0);
    nb_mcf_graph *ref = clone_graph(g);
    assert_int_equal(nb_mcf_solve(ref, &want, &err), 0);
    assert_true(want.pivots > 5);

    /* Cold, with too small a budget: NB_ELIMIT naming the budget. */
    assert_int_equal(nb_mcf_set_pivot_limit(g, 5, &err), 0);
    assert_int_equal(nb_mcf_pivot_budget(g), 5);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_ELIMIT);
    assert_non_null(strstr(err.msg, "pivot budget of 5 pivots"));
    assert_int_equal(res.pivots, 5);
    assert_int_equal(nb_mcf_has_solution(g), 0);
    /* Back to the default budget: the same optimum. */
    assert_int_equal(nb_mcf_set_pivot_limit(g, 0, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, want.cost);
    assert_int_equal(res.warm, 0);
    assert_checked(g, 99);

    /* Warm, after changes that need more than one pivot: with a warm budget
     * of 1 the solve falls back to cold and still finds the optimum. */
    for (int32_t a = 1; a < nb_mcf_arc_count(g); a += 5) {
        int64_t c = -nb_mcf_arc_cost(g, a);
        assert_int_equal(nb_mcf_set_cost(g, a, c, &err), 0);
        assert_int_equal(nb_mcf_set_cost(ref, a, c, &err), 0);
    }
    nb_mcf_graph *fresh = clone_graph(ref);
    assert_int_equal(nb_mcf_solve(fresh, &want, &err), 0);
    nb_mcf_graph_free(fresh);
    nb_mcf_set_warm_pivot_limit(g, 1);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.fallback, 1);
    assert_int_equal(res.warm, 0);
    assert_int_equal(res.cost, want.cost);
    assert_true(res.pivots > want.pivots); /* the abandoned warm pivot counts */
    assert_checked(g, 99);
    assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
    /* Without the hook the same kind of change is solved warm. */
    nb_mcf_set_warm_pivot_limit(g, 0);
    assert_int_equal(nb_mcf_set_cost(g, 2, nb_mcf_arc_cost(g, 2) - 7, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.fallback, 0);
    assert_int_equal(res.warm, 1);
    assert_checked(g, 99);

    /* Warm and cold both out of budget: NB_ELIMIT, and the graph recovers. */
    for (int32_t a = 3; a < nb_mcf_arc_count(g); a += 4)
        assert_int_equal(nb_mcf_set_cost(g, a, -nb_mcf_arc_cost(g, a) / 2 - 40, &err), 0);
    assert_int_equal(nb_mcf_set_pivot_limit(g, 1, &err), 0);
    int rc = nb_mcf_solve(g, &res, &err);
    assert_int_equal(rc, NB_ELIMIT);
    assert_int_equal(res.fallback, 1);
    assert_int_equal(nb_mcf_set_pivot_limit(g, 0, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_checked(g, 99);

    nb_mcf_graph_free(ref);
    nb_mcf_graph_free(g);
}

/* Issue 7 C.2: after random perturbations the warm start's tree is a valid,
 * strongly feasible spanning tree (checked right after the warm start, before
 * any pivot), and the warm re-solve reaches the optimum of a cold solve of
 * the same data. */
static void test_warm_strongly_feasible(void **state)
{
    (void)state;
    uint64_t first;
    int count;
    seeds(130000, 1500, &first, &count);
    int64_t rehung = 0, warm_prepared = 0;
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst in;
        random_inst(&r, &in, 12, 30, 6, -5, 30, (int)(seed % 4) | 2);
        nb_mcf_graph *g = build(&in);
        nb_mcf_result res, want;
        nb_err err = {{0}};
        int rc = nb_mcf_solve(g, &res, &err);
        if (rc == 0 || (rc == NB_EINFEASIBLE && g->ns->tree_ok)) {
            if (nb_mcf_ns_tree_check(g, &err) != 0)
                print_error("seed %llu: after a cold solve: %s\n", (unsigned long long)seed,
                            err.msg);
            assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
        }
        for (int round = 0; round < 4; round++) {
            int changes = (int)rng_range(&r, 1, 4);
            for (int c = 0; c < changes; c++)
                random_change(&r, &in, g);
            /* The warm start on its own, then the tree invariants. */
            if (g->ns != NULL && g->ns->tree_ok) {
                int64_t sum = 0;
                for (int v = 0; v < in.n; v++)
                    sum += in.supply[v];
                if (sum == 0 && nb_mcf_ns_warm(g, g->ns, &err) == 0) {
                    warm_prepared++;
                    rehung += g->ns->rehung;
                    if (nb_mcf_ns_tree_check(g, &err) != 0)
                        print_error("seed %llu round %d: after the warm start: %s\n",
                                    (unsigned long long)seed, round, err.msg);
                    assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
                }
            }
            rc = nb_mcf_solve(g, &res, &err);
            nb_mcf_graph *cold = clone_graph(g);
            int want_rc = nb_mcf_solve(cold, &want, &err);
            if (rc != want_rc || (rc == 0 && cost_of(g) != cost_of(cold)))
                print_error("seed %llu round %d: warm rc %d cost %s, cold rc %d cost %s\n",
                            (unsigned long long)seed, round, rc, res.cost_text, want_rc,
                            want.cost_text);
            assert_int_equal(rc, want_rc);
            if (rc == 0) {
                assert_true(cost_of(g) == cost_of(cold));
                assert_checked(g, seed);
            }
            /* (An infeasible verdict of the probe after an unbounded run
             * keeps no tree.) */
            if (rc == 0 || (rc == NB_EINFEASIBLE && g->ns->tree_ok)) {
                if (nb_mcf_ns_tree_check(g, &err) != 0)
                    print_error("seed %llu round %d: after the solve (warm %d): %s\n",
                                (unsigned long long)seed, round, res.warm, err.msg);
                assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
            }
            nb_mcf_graph_free(cold);
        }
        nb_mcf_graph_free(g);
    }
    if (count > 1) { /* the repair is exercised, and most warm starts succeed */
        assert_true(rehung > 50);
        assert_true(warm_prepared > count);
    }
}

/* ------------------------------------------------------------------------ */
/* Checker, size and parser                                                  */
/* ------------------------------------------------------------------------ */

static void test_checker_rejects(void **state)
{
    (void)state;
    inst in = {.n = 3};
    in.supply[0] = 4;
    in.supply[2] = -4;
    add(&in, 0, 1, 0, 5, 1);
    add(&in, 1, 2, 0, 5, 1);
    add(&in, 0, 2, 0, 5, 3);
    nb_mcf_graph *g = build(&in);
    nb_err err;
    assert_int_equal(nb_mcf_solve(g, NULL, &err), 0);
    int64_t f[3], p[3];
    assert_int_equal(nb_mcf_copy_flows(g, f), 0);
    assert_int_equal(nb_mcf_copy_potentials(g, p), 0);
    assert_int_equal(nb_mcf_check(g, f, p, &err), 0);
    /* Feasible but not optimal: arc 2 used while the path is cheaper. */
    int64_t f2[3] = {3, 3, 1};
    assert_int_equal(nb_mcf_check(g, f2, p, &err), NB_EINVAL);
    /* Not conserving. */
    int64_t f3[3] = {4, 3, 0};
    assert_int_equal(nb_mcf_check(g, f3, p, &err), NB_EINVAL);
    /* Over capacity. */
    int64_t f4[3] = {6, 6, -2};
    assert_int_equal(nb_mcf_check(g, f4, p, &err), NB_EINVAL);
    /* Wrong potentials. */
    int64_t p2[3] = {p[0], p[1] + 100, p[2]};
    assert_int_equal(nb_mcf_check(g, f, p2, &err), NB_EINVAL);
    nb_mcf_graph_free(g);
}

/* A long path (deep tree) and a wide star: nothing recursive overflows. */
static void test_large_shapes(void **state)
{
    (void)state;
    const int32_t n = 10000;
    nb_err err;
    nb_mcf_result res;
    nb_mcf_graph *g = nb_mcf_graph_new(n, 2 * n);
    for (int32_t v = 0; v + 1 < n; v++) {
        assert_true(nb_mcf_add_arc(g, v, v + 1, 0, INF, 1, &err) >= 0);
        assert_true(nb_mcf_add_arc(g, v + 1, v, 0, 3, 2, &err) >= 0);
    }
    assert_int_equal(nb_mcf_set_supply(g, 0, 5, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, n - 1, -5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 5LL * (n - 1));
    assert_checked(g, 0);
    /* Reverse the demand: now the back arcs (cap 3) are too small. */
    assert_int_equal(nb_mcf_set_supply(g, 0, -5, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, n - 1, 5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_EINFEASIBLE);
    assert_int_equal(nb_mcf_set_supply(g, 0, -3, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, n - 1, 3, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 6LL * (n - 1));
    assert_checked(g, 0);
    nb_mcf_graph_free(g);

    /* A wide star: 300000 leaves send one unit each to the hub. */
    const int32_t leaves = 300000;
    g = nb_mcf_graph_new(leaves + 1, leaves);
    for (int32_t v = 1; v <= leaves; v++) {
        assert_true(nb_mcf_add_arc(g, v, 0, 0, 1, v % 17, &err) >= 0);
        assert_int_equal(nb_mcf_set_supply(g, v, 1, &err), 0);
    }
    assert_int_equal(nb_mcf_set_supply(g, 0, -leaves, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    int64_t want = 0;
    for (int32_t v = 1; v <= leaves; v++)
        want += v % 17;
    assert_int_equal(res.cost, want);
    assert_checked(g, 0);
    nb_mcf_graph_free(g);
}

static int parse(const char *text, long *line, nb_mcf_graph **g, nb_err *err)
{
    return nb_dimacs_parse(text, strlen(text), g, line, err);
}

static void test_dimacs_ok(void **state)
{
    (void)state;
    const char *text = "c a small instance\n"
                       "\n"
                       "p min 4 5\r\n"
                       "n 1 4\n"
                       "n 4 -4\n"
                       "c comments anywhere\n"
                       "a 1 2 0 4 2\n"
                       "a 1 3 0 2 2\n"
                       "a 2 3 0 2 1\n"
                       "a 2 4 0 3 3\n"
                       "a\t3 4 0 5 1"; /* no final newline, a tab */
    nb_mcf_graph *g = NULL;
    long line = -1;
    nb_err err;
    assert_int_equal(parse(text, &line, &g, &err), 0);
    assert_non_null(g);
    assert_int_equal(nb_mcf_node_count(g), 4);
    assert_int_equal(nb_mcf_arc_count(g), 5);
    assert_int_equal(nb_mcf_arc_from(g, 4), 2);
    assert_int_equal(nb_mcf_arc_to(g, 4), 3);
    assert_int_equal(nb_mcf_supply(g, 3), -4);
    nb_mcf_result res;
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 14);
    nb_mcf_graph_free(g);
}

static void test_dimacs_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long line;
        const char *word; /* a word the message must contain */
    } cases[] = {
        {"", 0, "no 'p min"},
        {"c only a comment\n", 1, "no 'p min"},
        {"a 1 2 0 1 1\n", 1, "before the p line"},
        {"p min 2 1\nn 1 1\np min 2 1\n", 3, "second p line"},
        {"p max 2 1\n", 1, "not 'min'"},
        {"p min 2\n", 1, "p min NODES ARCS"},
        {"p min x 1\n", 1, "not an integer"},
        {"p min -2 1\n", 1, "outside"},
        {"p min 2 1\nn 3 1\n", 2, "outside 1..2"},
        {"p min 2 1\nn 1 1\nn 1 2\n", 3, "second n line"},
        {"p min 2 1\nn 1\n", 2, "n ID SUPPLY"},
        {"p min 2 1\na 1 2 0 1\n", 2, "a SRC DST"},
        {"p min 2 1\na 1 2 0 1 1 9\n", 2, "a SRC DST"},
        {"p min 2 1\na 0 2 0 1 1\n", 2, "outside 1..2"},
        {"p min 2 1\na 1 3 0 1 1\n", 2, "outside 1..2"},
        {"p min 2 1\na 1 2 0 1 1x\n", 2, "not an integer"},
        {"p min 2 1\na 1 2 0 1 --1\n", 2, "not an integer"},
        {"p min 2 1\na 1 2 0 1 99999999999999999999\n", 2, "64 bits"},
        {"p min 2 1\na 1 2 0 1 -9223372036854775809\n", 2, "64 bits"},
        /* Long digit strings are numbers too big, not malformed ones. */
        {"p min 2 1\na 1 2 0 1 99999999999999999999999999999999999999999999999999\n", 2, "64 bits"},
        {"p min 2 1\nn 1 -000000000000000000000000000000000000000000009223372036854775809\n", 2,
         "64 bits"},
        {"p min 99999999999999999999999999999999999999999999 1\n", 1, "64 bits"},
        {"p min 2 1\na 1 2 5 1 1\n", 2, "below lower"},
        {"p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n", 3, "more a lines"},
        {"c\np min 2 3\na 1 2 0 1 1\n", 2, "declares 3 arcs"},
        {"p min 2 1\nx 1 2\n", 2, "unknown line type"},
        {"p min 2 1\nn 1 2000000000000000000\n", 2, "out of range"},
        {"p min 2 1\na 1 2 0 1 2000000000000000000\n", 2, "out of range"},
        {"p min 3000000000 1\n", 1, "outside"},
        {"p min 2 1\n\n\n  a 1 2 0 1 +\n", 4, "not an integer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nb_mcf_graph *g = (nb_mcf_graph *)&cases; /* must be reset to NULL */
        long line = -1;
        nb_err err = {{0}};
        int rc = parse(cases[i].text, &line, &g, &err);
        if (rc != NB_EPARSE || line != cases[i].line || !strstr(err.msg, cases[i].word))
            print_error("case %zu: rc %d line %ld msg '%s'\n", i, rc, line, err.msg);
        assert_int_equal(rc, NB_EPARSE);
        assert_int_equal(line, cases[i].line);
        assert_non_null(strstr(err.msg, cases[i].word));
        assert_null(g);
    }
    /* Leading zeros beyond 40 characters still parse; the extremes of
     * int64 are read exactly (and then checked by the graph's limits). */
    {
        nb_mcf_graph *g = NULL;
        long line = 0;
        nb_err err;
        const char *ok =
            "p min 2 1\nn 1 0000000000000000000000000000000000000000000000007\n"
            "n 2 -7\na 1 2 0 9223372036854775807 -0000000000000000000000000000000000000000001\n";
        assert_int_equal(parse(ok, &line, &g, &err), 0);
        assert_int_equal(nb_mcf_supply(g, 0), 7);
        assert_int_equal(nb_mcf_arc_cap(g, 0), INF);
        assert_int_equal(nb_mcf_arc_cost(g, 0), -1);
        nb_mcf_graph_free(g);
        assert_int_equal(parse("p min 2 1\nn 1 -9223372036854775808\n", &line, &g, &err),
                         NB_EPARSE);
        assert_non_null(strstr(err.msg, "out of range"));
    }
    /* Embedded NUL bytes and binary junk never crash. */
    const char junk[] = "p min 2 1\na 1 2\0 0 1 1\n";
    nb_mcf_graph *g = NULL;
    long line = 0;
    nb_err err;
    assert_int_equal(nb_dimacs_parse(junk, sizeof junk - 1, &g, &line, &err), NB_EPARSE);
    assert_int_equal(line, 2);
    rng r = {7};
    char buf[256];
    for (int i = 0; i < 3000; i++) {
        size_t len = (size_t)rng_range(&r, 0, sizeof buf);
        for (size_t k = 0; k < len; k++) {
            static const char alphabet[] = "pminac 0123456789-+\n\t\r x\0";
            buf[k] = alphabet[rng_next(&r) % (sizeof alphabet - 1)];
        }
        if (nb_dimacs_parse(buf, len, &g, &line, &err) == 0)
            nb_mcf_graph_free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_api_errors),
        cmocka_unit_test(test_transport),
        cmocka_unit_test(test_degenerate_and_zero_cap),
        cmocka_unit_test(test_parallel_and_negative),
        cmocka_unit_test(test_lower_bounds),
        cmocka_unit_test(test_infeasible),
        cmocka_unit_test(test_unbounded),
        cmocka_unit_test(test_big_costs),
        cmocka_unit_test(test_brute_force),
        cmocka_unit_test(test_random_vs_reference),
        cmocka_unit_test(test_random_big_costs),
        cmocka_unit_test(test_random_sparse_checked),
        cmocka_unit_test(test_warm_start),
        cmocka_unit_test(test_warm_start_staffing),
        cmocka_unit_test(test_flow_overflow_refused),
        cmocka_unit_test(test_near_limits),
        cmocka_unit_test(test_pivot_budget),
        cmocka_unit_test(test_warm_strongly_feasible),
        cmocka_unit_test(test_checker_rejects),
        cmocka_unit_test(test_large_shapes),
        cmocka_unit_test(test_dimacs_ok),
        cmocka_unit_test(test_dimacs_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
