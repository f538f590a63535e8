/*
 * tests/core/test_mcf_limits.c — tests of the minimum-cost-flow engine
 * (core/mcf.h) at its limits, and of its pivot budget and warm-start tree.
 *
 * - instances whose flows would overflow 64 bits are refused (NB_ELIMIT);
 *   near-limit values solve without overflow (UBSan build);
 * - the pivot budget: a warm run that runs out falls back to cold, a cold
 *   run that runs out reports NB_ELIMIT;
 * - after random changes the warm start's tree is a valid, strongly
 *   feasible spanning tree, and the warm re-solve matches a cold one;
 * - a staffing network with month buckets hangs its starting tree from the
 *   idle-hours node and solves exactly; the real teaming model's source S
 *   (positive supply, most cost-0 arcs) is never the hub.
 *
 * Random tests print their seed on failure; NB_TEST_SEED=S replays exactly
 * the instance with seed S. The instances and helpers are in mcf_reference.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/mcf.h"
#include "core/mcf_impl.h" /* white-box: tree invariants, warm start, budget hook */

#include "mcf_reference.h"

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

/* Issue 13, part 2: a staffing network with month buckets (bench/gen_mcf.c
 * "months": person -> hub by three convex segments, hub -> person-month at
 * the month's cap, person-month -> line-month per month of a candidate line,
 * unmet U -> every line-month, person -> idle X, U -> X). U has more arcs
 * than X (one per line-month), and the cold start used to hang the tree
 * from U; from X, whose cost-0 arcs stay in the tree, the solve took about
 * half the time (bench/months.sh). The hub must be X and the answer an
 * exact optimum (the checker's certificate), equal to a solve with the arcs
 * in reverse order. */
static nb_mcf_graph *month_network(int people, int lines, int months, int reverse, int32_t *idle)
{
    enum { CAND = 6 };
    rng r = {1313};
    int first[64], span[64], node[64];
    int64_t demand[64];
    int32_t next = 2 * people;
    int64_t total_hours = 0, total_demand = 0;
    for (int l = 0; l < lines; l++) {
        span[l] = (int)rng_range(&r, 1, months < 12 ? months : 12);
        first[l] = (int)rng_range(&r, 0, months - span[l]);
        demand[l] = rng_range(&r, 20, 200);
        node[l] = next;
        next += span[l];
        total_demand += demand[l] * span[l];
    }
    int pm0 = next;
    next += people * months; /* person-month (p, t) = pm0 + p * months + t */
    *idle = next;
    int32_t unmet = next + 1, n = next + 2;
    /* reverse: the arcs are added in the opposite order (same network) */
    int32_t cap_arcs = 6 * people + people * months + people * CAND * 12 + 512;
    int32_t(*arcs)[2] = calloc((size_t)cap_arcs, sizeof *arcs);
    int64_t(*data)[2] = calloc((size_t)cap_arcs, sizeof *data);
    assert_non_null(arcs);
    assert_non_null(data);
    int32_t m = 0;
#define ARC(u, v, cp, c)   \
    do {                   \
        arcs[m][0] = (u);  \
        arcs[m][1] = (v);  \
        data[m][0] = (cp); \
        data[m][1] = (c);  \
        m++;               \
    } while (0)
    int64_t *sup = calloc((size_t)n, sizeof *sup);
    assert_non_null(sup);
    for (int p = 0; p < people; p++) {
        int64_t h = rng_range(&r, 40, 160), all = h * months;
        total_hours += all;
        sup[p] = all;
        ARC(p, people + p, all * 60 / 100, 0);
        ARC(p, people + p, all * 25 / 100, 15);
        ARC(p, people + p, all - all * 60 / 100 - all * 25 / 100, 60);
        ARC(p, *idle, all, 0);
        for (int t = 0; t < months; t++)
            ARC(people + p, pm0 + p * months + t, h, 0);
        for (int k = 0; k < CAND; k++) {
            int l = (int)rng_range(&r, 0, lines - 1);
            int64_t cost = rng_range(&r, 80, 260);
            for (int t = first[l]; t < first[l] + span[l]; t++)
                ARC(pm0 + p * months + t, node[l] + t - first[l], h < demand[l] ? h : demand[l],
                    cost);
        }
    }
    for (int l = 0; l < lines; l++)
        for (int k = 0; k < span[l]; k++) {
            ARC(unmet, node[l] + k, demand[l], 1000);
            sup[node[l] + k] = -demand[l];
        }
    ARC(unmet, *idle, total_demand, 0);
#undef ARC
    sup[*idle] = -total_hours;
    sup[unmet] = total_demand;
    nb_err err = {{0}};
    nb_mcf_graph *g = nb_mcf_graph_new(n, m);
    assert_non_null(g);
    for (int32_t k = 0; k < m; k++) {
        int32_t a = reverse ? m - 1 - k : k;
        assert_true(nb_mcf_add_arc(g, arcs[a][0], arcs[a][1], 0, data[a][0], data[a][1], &err) >=
                    0);
    }
    for (int32_t v = 0; v < n; v++)
        assert_int_equal(nb_mcf_set_supply(g, v, sup[v], &err), 0);
    free(arcs);
    free(data);
    free(sup);
    return g;
}

static void test_month_network_hub(void **state)
{
    (void)state;
    int32_t idle;
    nb_mcf_result res, rev;
    nb_err err = {{0}};
    nb_mcf_graph *g = month_network(60, 64, 24, 0, &idle);
    int32_t n = nb_mcf_node_count(g);
    /* the shape of the finding: U (idle + 1) has more arcs than X, and X has
     * at least n/64 cost-0 arcs */
    assert_true(60 * 64 >= n);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_true(g->ns->has_hub);
    assert_int_equal(g->ns->hub, idle);
    assert_checked(g, 1313);
    nb_mcf_graph *h = month_network(60, 64, 24, 1, &idle);
    assert_int_equal(nb_mcf_solve(h, &rev, &err), 0);
    assert_int_equal(h->ns->hub, idle);
    assert_true(cost_of(g) == cost_of(h));
    assert_string_equal(res.cost_text, rev.cost_text);
    nb_mcf_graph_free(g);
    nb_mcf_graph_free(h);
}

/* The real teaming model (docs/teaming.md; the shape of `noaber team
 * --dimacs`): the source S holds every person's minutes and reaches each
 * person by three convex segments (the first at cost 0), persons reach a few
 * lines at costs that may be negative (balance and wish terms pay for a
 * match), U covers unmet demand at a high cost, and S and U drain into the
 * idle sink X. S has the most cost-0 arcs, but a node with positive supply
 * must not be the hub: hung from S every person sat at potential -big-M and
 * the national exports took 7-9x LEMON's pivots (docs/performance.md). The
 * answer must stay an exact optimum (the checker's certificate) equal to
 * cost scaling's. */
static nb_mcf_graph *source_network(int people, int lines, int32_t *s_node)
{
    enum { CAND = 2 };
    rng r = {2513};
    const int32_t S = 0, U = 1, X = 2, p0 = 3, l0 = 3 + people, n = 3 + people + lines;
    nb_err err = {{0}};
    nb_mcf_graph *g = nb_mcf_graph_new(n, 4 * people + CAND * people + lines + 2);
    assert_non_null(g);
    int64_t hours = 0, demand = 0;
    for (int p = 0; p < people; p++) {
        int64_t h = rng_range(&r, 400, 9600);
        hours += h;
        assert_true(nb_mcf_add_arc(g, S, p0 + p, 0, h * 60 / 100, 0, &err) >= 0);
        assert_true(nb_mcf_add_arc(g, S, p0 + p, 0, h * 25 / 100, 3, &err) >= 0);
        assert_true(nb_mcf_add_arc(g, S, p0 + p, 0, h - h * 60 / 100 - h * 25 / 100, 8, &err) >= 0);
        for (int k = 0; k < CAND; k++) {
            int32_t l = (int32_t)rng_range(&r, 0, lines - 1);
            assert_true(nb_mcf_add_arc(g, p0 + p, l0 + l, 0, NB_MCF_INF, rng_range(&r, -40, 200),
                                       &err) >= 0);
        }
    }
    for (int l = 0; l < lines; l++) {
        int64_t d = rng_range(&r, 960, 20000);
        demand += d;
        assert_true(nb_mcf_add_arc(g, U, l0 + l, 0, NB_MCF_INF, 1001, &err) >= 0);
        assert_int_equal(nb_mcf_set_supply(g, l0 + l, -d, &err), 0);
    }
    assert_true(nb_mcf_add_arc(g, S, X, 0, NB_MCF_INF, 0, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, U, X, 0, NB_MCF_INF, 0, &err) >= 0);
    assert_int_equal(nb_mcf_set_supply(g, S, hours, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, U, demand, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, X, -hours, &err), 0);
    *s_node = S;
    return g;
}

static void test_source_is_not_the_hub(void **state)
{
    (void)state;
    int32_t s_node;
    nb_mcf_result res, cs;
    nb_err err = {{0}};
    nb_mcf_graph *g = source_network(600, 100, &s_node);
    /* the shape of the finding: S has at least n/64 cost-0 arcs */
    assert_true(600 * 64 >= nb_mcf_node_count(g));
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_false(g->ns->has_hub && g->ns->hub == s_node);
    assert_false(g->ns->has_hub); /* no sink here has n/64 cost-0 or n/16 arcs */
    assert_checked(g, 2513);
    nb_mcf_graph *h = source_network(600, 100, &s_node);
    assert_int_equal(nb_mcf_set_algorithm(h, NB_MCF_COST_SCALING, &err), 0);
    assert_int_equal(nb_mcf_solve(h, &cs, &err), 0);
    assert_string_equal(res.cost_text, cs.cost_text);
    nb_mcf_graph_free(g);
    nb_mcf_graph_free(h);
}

/* The cold start copies the arcs in LEMON's mixed order (arc a to internal
 * position n + i, i running 0, skip, 2 skip, ... then 1, 1 + skip, ...)
 * column block by column block (mcf_run.c, nb_mcf_cold_copy); every arc
 * must land where LEMON's plain loop puts it: fewer arcs than skip, a last
 * row that is full or not, more columns than one block, a partial last
 * block. The optimal cost (kept up to date from the starting tree by the
 * pivots, no pass at the end) must equal the flows' cost recomputed. */
static void test_cold_arc_order(void **state)
{
    (void)state;
    static const int32_t shapes[][2] = {{5, 2},    {4, 3},     {10, 10},   {7, 100},
                                        {3, 1000}, {40, 1280}, {40, 1297}, {200, 5000}};
    rng r = {77};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        const int32_t n = shapes[k][0], m = shapes[k][1];
        nb_err err = {{0}};
        nb_mcf_result res;
        nb_mcf_graph *g = nb_mcf_graph_new(n, m);
        assert_non_null(g);
        /* A supply at node 0, demands elsewhere, cheap paths 0 -> v. */
        for (int32_t v = 1; v < n; v++)
            assert_int_equal(nb_mcf_set_supply(g, v, -3, &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, 0, 3 * (int64_t)(n - 1), &err), 0);
        for (int32_t a = 0; a < m; a++) {
            int32_t u = a < n - 1 ? 0 : (int32_t)rng_range(&r, 0, n - 1);
            int32_t v = a < n - 1 ? a + 1 : (int32_t)rng_range(&r, 0, n - 1);
            if (u == v)
                v = (u + 1) % n;
            int64_t low = a >= n - 1 && rng_range(&r, 0, 3) == 0 ? 1 : 0;
            int64_t cap = a < n - 1 ? INF : low + rng_range(&r, 0, 9);
            assert_true(nb_mcf_add_arc(g, u, v, low, cap, rng_range(&r, -2, 20), &err) >= 0);
        }
        int rc = nb_mcf_solve(g, &res, &err);
        assert_true(rc == 0 || rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED);
        assert_non_null(g->ns);
        const int32_t skip = m / n > 3 ? m / n : 3;
        int32_t i = 0, j = 0;
        for (int32_t a = 0; a < m; a++) {
            assert_int_equal(g->ns->pos[a], n + i);
            if ((i += skip) >= m)
                i = ++j;
        }
        if (rc == 0) {
            assert_true(res.cost_fits);
            assert_true(cost_of(g) == (i128)res.cost);
        }
        nb_mcf_graph_free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_overflow_refused), cmocka_unit_test(test_near_limits),
        cmocka_unit_test(test_pivot_budget),          cmocka_unit_test(test_warm_strongly_feasible),
        cmocka_unit_test(test_month_network_hub),     cmocka_unit_test(test_source_is_not_the_hub),
        cmocka_unit_test(test_cold_arc_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
