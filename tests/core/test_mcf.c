/*
 * tests/core/test_mcf.c — correctness tests of the minimum-cost-flow engine
 * (core/mcf.h).
 *
 * - hand-made cases: empty, degenerate, zero capacity, parallel arcs,
 *   negative costs, lower bounds, infeasible, unbounded, 64-bit costs;
 * - tiny random instances against brute-force enumeration of all flows;
 * - thousands of random instances against an independent reference solver
 *   (successive shortest paths with Bellman-Ford);
 * - warm starts after random changes against the reference;
 * - every optimal answer passes nb_mcf_check; the checker rejects bad ones;
 * - deep and wide instances (no recursion).
 *
 * The limits, the pivot budget and the warm start's tree are tested in
 * test_mcf_limits.c, the DIMACS parser in test_dimacs.c.
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

#include <stdlib.h>

#include "core/mcf.h"

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

/* nb_mcf_reserve: room for exactly the arcs asked (never less than there are), then
 * the same arcs and the same optimum as a graph grown arc by arc. */
static void test_reserve(void **state)
{
    (void)state;
    nb_err err;
    nb_mcf_result a, b;
    nb_mcf_graph *g = nb_mcf_graph_new(4, 0), *h = nb_mcf_graph_new(4, 0);
    assert_int_equal(nb_mcf_reserve(g, -1), NB_EINVAL);
    assert_int_equal(nb_mcf_reserve(g, 1000), 0);
    assert_int_equal(nb_mcf_reserve(g, 10), 0); /* less than the room: nothing changes */
    for (int i = 0; i < 1000; i++) {
        int32_t s = i % 2, t = 2 + (i / 2) % 2;
        int64_t cost = (i * 7919) % 13;
        assert_int_equal(nb_mcf_add_arc(g, s, t, 0, 1 + i % 3, cost, &err), i);
        assert_int_equal(nb_mcf_add_arc(h, s, t, 0, 1 + i % 3, cost, &err), i);
    }
    int64_t sup[4] = {300, 200, -250, -250};
    for (int32_t v = 0; v < 4; v++) {
        assert_int_equal(nb_mcf_set_supply(g, v, sup[v], &err), 0);
        assert_int_equal(nb_mcf_set_supply(h, v, sup[v], &err), 0);
    }
    assert_int_equal(nb_mcf_arc_count(g), 1000);
    assert_int_equal(nb_mcf_solve(g, &a, &err), 0);
    assert_int_equal(nb_mcf_solve(h, &b, &err), 0);
    assert_int_equal(a.cost, b.cost);
    for (int32_t e = 0; e < 1000; e++)
        assert_int_equal(nb_mcf_flow(g, e), nb_mcf_flow(h, e));
    nb_mcf_graph_free(g);
    nb_mcf_graph_free(h);
}

/* Two supplies (5, 3), two demands (4, 4), four arcs; optimum 17. */
static void transport_inst(inst *in)
{
    *in = (inst){.n = 4};
    in->supply[0] = 5;
    in->supply[1] = 3;
    in->supply[2] = -4;
    in->supply[3] = -4;
    add(in, 0, 2, 0, 10, 1);
    add(in, 0, 3, 0, 10, 4);
    add(in, 1, 2, 0, 10, 2);
    add(in, 1, 3, 0, 10, 3);
}

static void test_transport(void **state)
{
    (void)state;
    inst in;
    transport_inst(&in);
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

/* The pivot counters of nb_mcf_result (shifted: potentials the pivots
 * shifted, cycle: tree nodes their cycles walked) describe this solve only:
 * bounded by the pivots, zero for a re-solve without pivots and for cost
 * scaling. */
static void test_pivot_counters(void **state)
{
    (void)state;
    inst in;
    transport_inst(&in);
    int rc;
    nb_mcf_result res;
    nb_err err;
    nb_mcf_graph *g = solve_inst(&in, &rc, &res);
    assert_int_equal(rc, 0);
    assert_true(res.pivots > 0);
    /* No arc is a loop: every cycle walks at least one tree node. */
    assert_true(res.cycle >= res.pivots);
    assert_true(res.cycle <= res.pivots * (in.n + 1));
    assert_true(res.shifted > 0);
    assert_true(res.shifted <= res.pivots * ((in.n + 1) / 2 + 1));
    /* Nothing changed: a warm re-solve without pivots reports none. */
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.warm, 1);
    assert_int_equal(res.pivots, 0);
    assert_int_equal(res.shifted, 0);
    assert_int_equal(res.cycle, 0);
    /* Cost scaling does not pivot. */
    assert_int_equal(nb_mcf_set_algorithm(g, NB_MCF_COST_SCALING, &err), 0);
    assert_int_equal(nb_mcf_set_cost(g, 0, 5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.algorithm, NB_MCF_COST_SCALING);
    assert_int_equal(res.shifted, 0);
    assert_int_equal(res.cycle, 0);
    nb_mcf_graph_free(g);

    /* Random instances: the bounds hold for every solve, warm ones too. */
    uint64_t first;
    int count;
    seeds(71000, 300, &first, &count);
    for (int i = 0; i < count; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        inst ri;
        random_inst(&r, &ri, 12, 30, 10, -5, 30, 3);
        nb_mcf_graph *rg = build(&ri);
        for (int round = 0; round < 3; round++) {
            NB_IGNORE(nb_mcf_solve(rg, &res, &err),
                      "a random instance may have any outcome; the counters are checked");
            if (res.cycle > res.pivots * (ri.n + 1) ||
                res.shifted > res.pivots * ((ri.n + 1) / 2 + 1))
                print_error("pivot counters out of bounds, seed %llu round %d: pivots %lld "
                            "cycle %lld shifted %lld\n",
                            (unsigned long long)seed, round, (long long)res.pivots,
                            (long long)res.cycle, (long long)res.shifted);
            assert_true(res.cycle >= 0 && res.cycle <= res.pivots * (ri.n + 1));
            assert_true(res.shifted >= 0 && res.shifted <= res.pivots * ((ri.n + 1) / 2 + 1));
            random_change(&r, &ri, rg);
        }
        nb_mcf_graph_free(rg);
    }
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
/* Checker and size                                                          */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_api_errors),
        cmocka_unit_test(test_reserve),
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
        cmocka_unit_test(test_pivot_counters),
        cmocka_unit_test(test_checker_rejects),
        cmocka_unit_test(test_large_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
