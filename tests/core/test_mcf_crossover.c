/*
 * tests/core/test_mcf_crossover.c — the crossover from a cost-scaling optimum
 * to the simplex's spanning tree (core/mcf_crossover.c, issue 13 x13), with
 * the test hook nb_mcf_set_cs_crossover making every cold NB_MCF_AUTO solve
 * a cost scaling + crossover on small networks:
 *
 * - small random instances (mcf_reference: lower bounds, unbounded arcs,
 *   unbalanced supplies, parallel arcs, zero capacities, negative costs),
 *   many seeds: the first solve is cost scaling + crossover, its status and
 *   cost are the reference solver's, the tree passes the invariants
 *   (nb_mcf_ns_tree_check: strongly feasible, zero reduced cost on tree
 *   arcs, conservation), flows and potentials pass nb_mcf_check; then random
 *   changes each re-solved (warm from the crossed tree) against the
 *   reference;
 * - degenerate optima with cycles of free arcs (parallel arcs of equal cost
 *   splitting flow): the crossover cancels the cycles at equal cost;
 * - larger random networks (general sparse with lower bounds, zero
 *   capacities and parallel arcs; staffing-shaped): thousands of random
 *   changes after a crossover, each warm re-solve equal in status and cost
 *   to a cold simplex solve of a copy, and save / restore tries (one to
 *   four changes, re-solved, restored: the saved cost again and a cold solve
 *   of the restored data agrees).
 *
 * NB_TEST_SEED=S replays seed S; NB_TEST_QUICK=K divides the number of
 * changes by K (valgrind; at least 100 run).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mcf.h"
#include "core/mcf_impl.h" /* white-box: the test hook, the tree invariants */

#include "mcf_reference.h"

/* The number of changes of a random test, divided by NB_TEST_QUICK. */
static int changes(int count)
{
    const char *q = getenv("NB_TEST_QUICK");
    int k = q != NULL ? (int)strtol(q, NULL, 10) : 1;
    if (k > 1)
        count /= k;
    return count < 100 ? 100 : count;
}

/* A copy of g's data, unsolved, solved by the simplex (NB_MCF_AUTO without
 * the hook on small networks). */
static nb_mcf_graph *clone_simplex(const nb_mcf_graph *g)
{
    nb_err err;
    nb_mcf_graph *c = clone_graph(g);
    assert_int_equal(nb_mcf_set_algorithm(c, NB_MCF_SIMPLEX, &err), 0);
    return c;
}

/* The tree of g passes the invariants. */
static void assert_tree(const nb_mcf_graph *g, uint64_t seed, int step)
{
    nb_err err = {{0}};
    int rc = nb_mcf_ns_tree_check(g, &err);
    if (rc != 0)
        print_error("seed %llu step %d: tree: %s\n", (unsigned long long)seed, step, err.msg);
    assert_int_equal(rc, 0);
}

/* Solves g and a cold simplex copy; asserts equal status and cost, the
 * certificate, the tree. Returns the status. */
static int solve_vs_cold(nb_mcf_graph *g, uint64_t seed, int step, nb_mcf_result *res)
{
    nb_err err = {{0}};
    nb_mcf_result want;
    int rc = nb_mcf_solve(g, res, &err);
    nb_mcf_graph *cold = clone_simplex(g);
    int want_rc = nb_mcf_solve(cold, &want, &err);
    if (rc != want_rc || (rc == 0 && strcmp(res->cost_text, want.cost_text) != 0))
        print_error("seed %llu step %d: rc %d cost %s (warm %d crossover %d), cold rc %d cost %s\n",
                    (unsigned long long)seed, step, rc, res->cost_text, res->warm, res->crossover,
                    want_rc, want.cost_text);
    assert_int_equal(rc, want_rc);
    if (rc == 0) {
        assert_string_equal(res->cost_text, want.cost_text);
        assert_checked(g, seed);
        assert_true(cost_of(g) == cost_of(cold));
    }
    if (g->ns != NULL && g->ns->tree_ok && (rc == 0 || rc == NB_EINFEASIBLE))
        assert_tree(g, seed, step);
    nb_mcf_graph_free(cold);
    return rc;
}

/* Small random instances against the reference, then random changes. */
static void test_small_vs_reference(void **state)
{
    (void)state;
    uint64_t first;
    int count, crossed = 0, warm = 0, feasible = 0;
    seeds(0x13c0, 3000, &first, &count);
    if (count > 1)
        count = changes(count);
    for (int s = 0; s < count; s++) {
        uint64_t seed = first + (uint64_t)s;
        rng r = {seed};
        inst in;
        int mode = (int)(seed % 8);
        random_inst(&r, &in, MAXN, MAXM - 16, 12, -10, 20, mode);
        nb_mcf_graph *g = build(&in);
        nb_mcf_set_cs_crossover(g, 1);
        i128 want_cost = 0;
        int want = ref_solve(&in, &want_cost);
        nb_mcf_result res;
        nb_err err = {{0}};
        int rc = nb_mcf_solve(g, &res, &err);
        if (rc != want)
            print_error("seed %llu: rc %d, reference %d\n", (unsigned long long)seed, rc, want);
        assert_int_equal(rc, want);
        if (rc == 0) {
            assert_true(cost_of(g) == want_cost);
            assert_checked(g, seed);
            crossed += res.crossover;
            feasible++;
            if (res.crossover)
                assert_tree(g, seed, 0);
        }
        for (int k = 0; k < 8 && in.m < MAXM; k++) {
            random_change(&r, &in, g);
            want = ref_solve(&in, &want_cost);
            rc = nb_mcf_solve(g, &res, &err);
            if (rc != want)
                print_error("seed %llu change %d: rc %d, reference %d\n", (unsigned long long)seed,
                            k, rc, want);
            assert_int_equal(rc, want);
            if (rc == 0) {
                assert_true(cost_of(g) == want_cost);
                assert_checked(g, seed);
            }
            warm += res.warm;
            if (g->ns != NULL && g->ns->tree_ok && (rc == 0 || rc == NB_EINFEASIBLE))
                assert_tree(g, seed, k + 1);
        }
        nb_mcf_graph_free(g);
    }
    print_message("small: %d instances, %d feasible, %d crossed over, %d warm re-solves\n", count,
                  feasible, crossed, warm);
    /* The crossover ran on every feasible instance (a free component
     * reached twice by tight arcs of one node made it give up on 2 of
     * these 922 before the fix) and re-solves were warm. */
    if (count > 100) {
        assert_int_equal(crossed, feasible);
        assert_true(warm > count);
    }
}

/* Parallel arcs of equal cost splitting flow: free cycles to cancel. */
static void test_free_cycles(void **state)
{
    (void)state;
    nb_err err;
    /* 0 -> 1 by three parallel arcs of cost 2 and capacity 4 and a path
     * 0 -> 2 -> 1 of cost 1 + 1: 10 units, so several arcs end strictly
     * between their bounds at any optimum that splits. */
    nb_mcf_graph *g = nb_mcf_graph_new(3, 8);
    assert_non_null(g);
    for (int k = 0; k < 3; k++)
        assert_true(nb_mcf_add_arc(g, 0, 1, 0, 4, 2, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 0, 2, 1, 5, 1, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 2, 1, 0, 5, 1, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 1, 0, 0, 0, -3, &err) >= 0); /* zero capacity */
    assert_int_equal(nb_mcf_set_supply(g, 0, 10, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, 1, -10, &err), 0);
    nb_mcf_set_cs_crossover(g, 1);
    nb_mcf_result res;
    assert_int_equal(solve_vs_cold(g, 0, 0, &res), 0);
    assert_int_equal(res.crossover, 1);
    assert_int_equal(res.cost, 20);
    assert_int_equal(g->ns->tree_ok, 1);
    /* A change re-solves warm from the crossed tree (a cost within the
     * tree's big-M: max |cost| stays 3). */
    assert_int_equal(nb_mcf_set_cost(g, 3, 3, &err), 0);
    assert_int_equal(solve_vs_cold(g, 0, 1, &res), 0);
    assert_int_equal(res.warm, 1);
    assert_int_equal(res.cost, 1 * (3 + 1) + 9 * 2); /* the lower bound's unit, the rest parallel */
    nb_mcf_graph_free(g);
}

/* A general sparse network: an uncapacitated ring of positive cost (always
 * feasible, no unbounded cycle), random arcs with lower bounds, zero
 * capacities and parallel copies, balanced supplies. */
static nb_mcf_graph *general(rng *r, int32_t n)
{
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(n, 5 * n);
    assert_non_null(g);
    for (int32_t v = 0; v < n; v++)
        assert_true(nb_mcf_add_arc(g, v, (v + 1) % n, 0, INF, rng_range(r, 1, 50), &err) >= 0);
    for (int32_t k = 0; k < 3 * n; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t cap = rng_range(r, 0, 20), lo = rng_range(r, 0, 5) == 0 ? rng_range(r, 0, 2) : 0;
        if (lo > cap)
            lo = cap;
        int64_t c = rng_range(r, -20, 60);
        assert_true(nb_mcf_add_arc(g, u, v, lo, cap, c, &err) >= 0);
        if (rng_range(r, 0, 6) == 0) /* a parallel copy, same cost */
            assert_true(nb_mcf_add_arc(g, u, v, 0, rng_range(r, 1, 9), c, &err) >= 0);
    }
    for (int32_t k = 0; k < n / 2; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t d = rng_range(r, 1, 30);
        assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + d, &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - d, &err), 0);
    }
    return g;
}

/* One random change: a cost (never negative on an unbounded arc), bounds
 * (a lower bound, a capacity below the flow, zero), a new arc, a supply
 * pair (which may make the network infeasible when the ring is not
 * there: staffing). */
static void one_change(rng *r, nb_mcf_graph *g)
{
    nb_err err;
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    int32_t a = (int32_t)rng_range(r, 0, m - 1);
    for (int k = 0; k < 20 && nb_mcf_flow(g, a) == 0; k++)
        a = (int32_t)rng_range(r, 0, m - 1);
    int kind = (int)rng_range(r, 0, 5);
    if (kind == 0) {
        int64_t lo = nb_mcf_arc_cap(g, a) == INF ? 0 : -40;
        assert_int_equal(nb_mcf_set_cost(g, a, rng_range(r, lo, 60), &err), 0);
    } else if (kind == 1 && nb_mcf_arc_cap(g, a) != INF) {
        int64_t x = nb_mcf_flow(g, a), lo = rng_range(r, 0, 3) == 0 ? 1 : 0;
        int64_t cap = x > 0 ? rng_range(r, 0, x - 1) : 0;
        if (lo > cap)
            lo = cap;
        assert_int_equal(nb_mcf_set_bounds(g, a, lo, cap, &err), 0);
    } else if (kind == 2) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        assert_true(nb_mcf_add_arc(g, u, v, 0, rng_range(r, 0, 30), rng_range(r, -20, 40), &err) >=
                    0);
    } else if (kind == 3 && nb_mcf_arc_cap(g, a) != INF) {
        int64_t cap = nb_mcf_arc_cap(g, a) + rng_range(r, 0, 10), lo = rng_range(r, 0, 2);
        assert_int_equal(nb_mcf_set_bounds(g, a, lo < cap ? lo : cap, cap, &err), 0);
    } else {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t d = rng_range(r, 1, 12);
        assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + d, &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - d, &err), 0);
    }
}

/* Series of changes after a crossover, with save / restore tries. */
static void series(nb_mcf_graph *g, rng *r, int count, uint64_t seed, int *crossed, int *warm,
                   int *restored)
{
    nb_err err = {{0}};
    nb_mcf_result res;
    nb_mcf_set_cs_crossover(g, 1);
    int rc = solve_vs_cold(g, seed, 0, &res);
    *crossed += res.crossover;
    for (int i = 1; i <= count; i++) {
        if (rc == 0 && i % 10 == 0 && nb_mcf_save(g, &err) == 0) {
            char saved[48];
            memcpy(saved, res.cost_text, sizeof saved);
            int tries = (int)rng_range(r, 1, 4);
            for (int k = 0; k < tries; k++)
                one_change(r, g);
            (void)solve_vs_cold(g, seed, i, &res);
            int back = nb_mcf_restore(g, &err);
            assert_true(back == 0 || back == 1);
            if (back == 0) {
                (*restored)++;
                nb_mcf_graph *cold = clone_simplex(g);
                nb_mcf_result want;
                assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
                assert_string_equal(want.cost_text, saved);
                if (nb_mcf_has_solution(g)) {
                    assert_checked(g, seed);
                    assert_true(cost_of(g) == cost_of(cold));
                }
                assert_tree(g, seed, i);
                nb_mcf_graph_free(cold);
            }
            nb_mcf_save_drop(g);
            rc = solve_vs_cold(g, seed, i, &res);
            continue;
        }
        one_change(r, g);
        rc = solve_vs_cold(g, seed, i, &res);
        *crossed += res.crossover;
        *warm += res.warm;
    }
}

static void test_general_series(void **state)
{
    (void)state;
    uint64_t first;
    int count, crossed = 0, warm = 0, restored = 0;
    seeds(0x13c1, 12, &first, &count);
    for (int s = 0; s < count; s++) {
        uint64_t seed = first + (uint64_t)s;
        rng r = {seed};
        nb_mcf_graph *g = general(&r, (int32_t)rng_range(&r, 20, 120));
        series(g, &r, changes(400), seed, &crossed, &warm, &restored);
        nb_mcf_graph_free(g);
    }
    print_message("%d networks, %d crossovers, %d warm re-solves, %d restores\n", count, crossed,
                  warm, restored);
    if (count > 1) {
        assert_true(crossed >= count);
        assert_true(warm > count * changes(400) / 2);
        assert_true(restored > 0);
    }
}

static void test_staffing_series(void **state)
{
    (void)state;
    uint64_t first;
    int count, crossed = 0, warm = 0, restored = 0;
    seeds(0x13c2, 8, &first, &count);
    for (int s = 0; s < count; s++) {
        uint64_t seed = first + (uint64_t)s;
        rng r = {seed};
        nb_mcf_graph *g = staffing(&r, (int)rng_range(&r, 30, 200), (int)rng_range(&r, 5, 30));
        series(g, &r, changes(400), seed, &crossed, &warm, &restored);
        nb_mcf_graph_free(g);
    }
    print_message("%d networks, %d crossovers, %d warm re-solves, %d restores\n", count, crossed,
                  warm, restored);
    if (count > 1) {
        assert_true(crossed >= count);
        assert_true(warm > count * changes(400) / 2);
        assert_true(restored > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_cycles),
        cmocka_unit_test(test_small_vs_reference),
        cmocka_unit_test(test_general_series),
        cmocka_unit_test(test_staffing_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
