/*
 * tests/core/test_mcf_resolve.c — re-solves of the minimum-cost-flow engine
 * (core/mcf.h) after small changes (issue 13, part 3): the warm start reuses
 * the previous optimum and touches only what a change reaches, and repairs a
 * capacity that drops below the flow instead of starting cold.
 *
 * - thousands of seeded random single changes (cost, capacity drop below the
 *   flow, removed arc, added arc, a person's hours, raised lower bound,
 *   raised capacity) on a staffing-shaped network (hub start) and on a
 *   general sparse network (LEMON start): after each, the warm re-solve's
 *   status and cost equal a cold solve of the same data (flows may differ
 *   among equal-cost optima), the flows and potentials pass nb_mcf_check,
 *   and the kept tree passes the tree invariants;
 * - a capacity drop below the flow is repaired warm (no cold start);
 * - one cost change on a larger staffing network prices only a small part
 *   of the arcs;
 * - save and restore (nb_mcf_save, nb_mcf_restore; rounds29): 1,600 tries
 *   of one to four random changes (lower bounds included; some 4,000), each
 *   re-solved warm against a cold solve, then undone by a restore: the data
 *   is the saved data again, the flows, potentials and cost are the saved
 *   optimum's (certified by nb_mcf_check and the tree invariants), a cold
 *   solve of the restored data has the same cost, and with generic (wide
 *   random) costs, where the optimal flow is unique, the same flows; the
 *   series goes on warm from the restored tree;
 * - cost raises (nb_mcf_raise_cost): arcs at their lower bound stay out of
 *   the change log (a raise of all of them re-solves without a pivot and
 *   locally), and random raises and drops mixed with the other changes
 *   re-solve to a cold solve's cost;
 * - the warm start's forecast (nat30): tree-arc cost changes that move
 *   sides of the tree with more arcs than its limit give local pricing up
 *   before an arc is read, smaller ones stay local; random rounds of such
 *   changes re-solve to a cold solve's cost.
 *
 * NB_TEST_SEED=S replays seed S (one network); NB_TEST_QUICK=K divides the
 * number of changes by K (for valgrind; at least 100 changes always run).
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
#include "core/mcf_impl.h" /* white-box: the tree invariants */

#include "mcf_reference.h"

/* The number of changes of a random test, divided by NB_TEST_QUICK. */
static int changes(int count)
{
    const char *q = getenv("NB_TEST_QUICK");
    int k = q != NULL ? atoi(q) : 1;
    if (k > 1)
        count /= k;
    return count < 100 ? 100 : count;
}

/* A general sparse network without a hub: an uncapacitated ring (feasible),
 * random capacitated arcs, random balanced supplies. */
static nb_mcf_graph *general(rng *r, int32_t n)
{
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(n, 4 * n);
    assert_non_null(g);
    for (int32_t v = 0; v < n; v++)
        assert_true(nb_mcf_add_arc(g, v, (v + 1) % n, 0, INF, rng_range(r, 1, 50), &err) >= 0);
    for (int32_t k = 0; k < 3 * n; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        assert_true(nb_mcf_add_arc(g, u, v, 0, rng_range(r, 1, 20), rng_range(r, -20, 60), &err) >=
                    0);
    }
    for (int32_t k = 0; k < n / 2; k++) {
        int32_t u = (int32_t)rng_range(r, 0, n - 1), v = (int32_t)rng_range(r, 0, n - 1);
        int64_t d = rng_range(r, 1, 30);
        assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + d, &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - d, &err), 0);
    }
    return g;
}

/* 1 when arc a keeps the network feasible and is left alone by capacity
 * and lower-bound changes: the ring of a general network, a person's arc to
 * IDLE (changed with the hours) and UNMET -> IDLE of a staffing one. */
static int backbone(const nb_mcf_graph *g, int32_t a, int P)
{
    if (P == 0)
        return a < nb_mcf_node_count(g);
    return (a < 7 * P && a % 7 == 0) || nb_mcf_arc_to(g, a) == nb_mcf_node_count(g) - 2;
}

/* An arc carrying flow above its lower bound (the last solve's), or a
 * random one when none is found in a few tries; not a backbone arc. */
static int32_t used_arc(rng *r, const nb_mcf_graph *g, int P)
{
    int32_t m = nb_mcf_arc_count(g), a = (int32_t)rng_range(r, 0, m - 1);
    for (int k = 0; k < 40; k++) {
        a = (int32_t)rng_range(r, 0, m - 1);
        if (!backbone(g, a, P) && nb_mcf_flow(g, a) > nb_mcf_arc_lower(g, a))
            return a;
    }
    while (backbone(g, a, P))
        a = (int32_t)rng_range(r, 0, m - 1);
    return a;
}

/* One random change of g; P > 0 for a staffing network (people 0..P-1,
 * lines P..P+L-1, IDLE = P+L). */
static void one_change(rng *r, nb_mcf_graph *g, int P, int L)
{
    nb_err err;
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    int kind = (int)rng_range(r, 0, 7);
    if (kind == 0) { /* a cost */
        int32_t a = rng_range(r, 0, 1) ? used_arc(r, g, P) : (int32_t)rng_range(r, 0, m - 1);
        /* (no negative cost on an unbounded arc: no unbounded cycles) */
        int64_t lo = nb_mcf_arc_cap(g, a) == INF ? 0 : -40;
        assert_int_equal(nb_mcf_set_cost(g, a, rng_range(r, lo, 60), &err), 0);
    } else if (kind == 1 || kind == 2) { /* a capacity below the flow, or the arc removed */
        int32_t a = used_arc(r, g, P);
        int64_t lo = nb_mcf_arc_lower(g, a), x = nb_mcf_flow(g, a);
        int64_t cap = kind == 2 || x <= lo ? lo : lo + rng_range(r, 0, x - lo - 1);
        if (kind == 2)
            lo = cap = 0;
        assert_int_equal(nb_mcf_set_bounds(g, a, lo, cap, &err), 0);
    } else if (kind == 3) { /* a new arc: a new candidate, or anywhere */
        int32_t u, v;
        if (P > 0) {
            u = (int32_t)rng_range(r, 0, P - 1);
            v = P + (int32_t)rng_range(r, 0, L - 1);
        } else {
            u = (int32_t)rng_range(r, 0, n - 1);
            v = (int32_t)rng_range(r, 0, n - 1);
        }
        assert_true(nb_mcf_add_arc(g, u, v, 0, rng_range(r, 0, 60), rng_range(r, -40, 40), &err) >=
                    0);
    } else if (kind == 4) { /* a person's hours (or any supply pair) */
        int64_t d = rng_range(r, -15, 15);
        int32_t u, v;
        if (P > 0) {
            u = (int32_t)rng_range(r, 0, P - 1);
            v = P + L; /* IDLE */
            int64_t h = nb_mcf_supply(g, u) + d;
            if (h < 0)
                d -= h, h = 0;
            assert_int_equal(nb_mcf_set_bounds(g, 7 * u, 0, h, &err), 0);
        } else {
            u = (int32_t)rng_range(r, 0, n - 1);
            v = (int32_t)rng_range(r, 0, n - 1);
        }
        assert_int_equal(nb_mcf_set_supply(g, u, nb_mcf_supply(g, u) + d, &err), 0);
        assert_int_equal(nb_mcf_set_supply(g, v, nb_mcf_supply(g, v) - d, &err), 0);
    } else if (kind == 5) { /* a raised lower bound, or one dropped again */
        int32_t a = used_arc(r, g, P);
        int64_t cap = nb_mcf_arc_cap(g, a), lo = nb_mcf_arc_lower(g, a);
        int64_t top = cap == INF || cap > 8 ? 8 : cap;
        lo = lo > 0 || top == 0 ? 0 : rng_range(r, 1, top);
        assert_int_equal(nb_mcf_set_bounds(g, a, lo, cap, &err), 0);
    } else { /* a raised (or unbounded) capacity */
        int32_t a = used_arc(r, g, P);
        int64_t cap = nb_mcf_arc_cap(g, a);
        cap = (rng_range(r, 0, 4) == 0 && nb_mcf_arc_cost(g, a) >= 0) || cap == INF
                  ? INF
                  : cap + rng_range(r, 1, 30);
        assert_int_equal(nb_mcf_set_bounds(g, a, nb_mcf_arc_lower(g, a), cap, &err), 0);
    }
}

/* What a series of re-solves did. */
typedef struct tally {
    int solves, warm, local, repaired, infeasible;
} tally;

/* count random single changes on g, each re-solved warm and compared with a
 * cold solve of a copy. */
static void resolve_series(nb_mcf_graph *g, rng *r, int P, int L, int count, uint64_t seed,
                           tally *t)
{
    nb_err err = {{0}};
    nb_mcf_result res, want;
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    for (int i = 0; i < count; i++) {
        one_change(r, g, P, L);
        int rc = nb_mcf_solve(g, &res, &err);
        nb_mcf_graph *cold = clone_graph(g);
        int want_rc = nb_mcf_solve(cold, &want, &err);
        if (rc != want_rc || (rc == 0 && strcmp(res.cost_text, want.cost_text) != 0))
            print_error("seed %llu change %d: warm rc %d cost %s (warm %d local %d repaired %d), "
                        "cold rc %d cost %s\n",
                        (unsigned long long)seed, i, rc, res.cost_text, res.warm, res.local,
                        (int)res.repaired, want_rc, want.cost_text);
        assert_int_equal(rc, want_rc);
        assert_true(rc == 0 || rc == NB_EINFEASIBLE);
        if (rc == 0) {
            assert_string_equal(res.cost_text, want.cost_text);
            assert_true(cost_of(g) == cost_of(cold));
            assert_checked(g, seed);
        }
        if (g->ns->tree_ok) {
            if (nb_mcf_ns_tree_check(g, &err) != 0)
                print_error("seed %llu change %d: tree: %s\n", (unsigned long long)seed, i,
                            err.msg);
            assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
        }
        t->solves++;
        t->warm += res.warm;
        t->local += res.local;
        t->repaired += res.repaired > 0;
        t->infeasible += rc == NB_EINFEASIBLE;
        nb_mcf_graph_free(cold);
    }
}

static void test_resolve_staffing_vs_cold(void **state)
{
    (void)state;
    uint64_t first;
    int nets;
    seeds(13000, 4, &first, &nets);
    tally t = {0};
    for (int i = 0; i < nets; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        const int P = 120, L = 20;
        nb_mcf_graph *g = staffing(&r, P, L);
        resolve_series(g, &r, P, L, changes(1000), seed, &t);
        nb_mcf_graph_free(g);
    }
    print_message("staffing: %d re-solves, %d warm, %d local, %d repaired, %d infeasible\n",
                  t.solves, t.warm, t.local, t.repaired, t.infeasible);
    /* Re-solves reuse the tree (a capacity drop included) and mostly price
     * only what the change reaches. */
    assert_true(t.warm >= t.solves - t.solves / 50);
    assert_true(t.local >= t.solves / 2);
    assert_true(t.repaired >= t.solves / 50);
}

static void test_resolve_general_vs_cold(void **state)
{
    (void)state;
    uint64_t first;
    int nets;
    seeds(13100, 4, &first, &nets);
    tally t = {0};
    for (int i = 0; i < nets; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        nb_mcf_graph *g = general(&r, (int32_t)rng_range(&r, 40, 120));
        resolve_series(g, &r, 0, 0, changes(1000), seed, &t);
        nb_mcf_graph_free(g);
    }
    print_message("general: %d re-solves, %d warm, %d local, %d repaired, %d infeasible\n",
                  t.solves, t.warm, t.local, t.repaired, t.infeasible);
    assert_true(t.warm >= t.solves - t.solves / 20);
    assert_true(t.repaired >= t.solves / 50);
}

/* The arc with the largest flow of the last solve among arcs first..m-1. */
static int32_t busiest(const nb_mcf_graph *g, int32_t first)
{
    int32_t best = first;
    for (int32_t a = first; a < nb_mcf_arc_count(g); a++)
        if (nb_mcf_flow(g, a) > nb_mcf_flow(g, best))
            best = a;
    return best;
}

/* A capacity dropped below the flow is repaired warm: the excess is parked
 * on a repair arc and pushed back through the network, no cold start. The
 * warm start used to fall back to a cold solve here. */
static void test_capacity_drop_repaired(void **state)
{
    (void)state;
    rng r = {1313};
    const int P = 200, L = 30;
    nb_err err;
    nb_mcf_result res, want;
    nb_mcf_graph *g = staffing(&r, P, L);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    for (int round = 0; round < 3; round++) {
        /* The busiest person -> line arc keeps a third of its flow (round 2:
         * none, the assignment is withdrawn). */
        int32_t a = busiest(g, 0);
        while (a % 7 == 0 && a < 7 * P)
            a = busiest(g, a + 1);
        int64_t x = nb_mcf_flow(g, a);
        assert_true(x > 0);
        assert_int_equal(nb_mcf_set_bounds(g, a, 0, round == 2 ? 0 : x / 3, &err), 0);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        assert_int_equal(res.warm, 1);
        assert_int_equal(res.fallback, 0);
        assert_true(res.repaired >= 1);
        assert_true(nb_mcf_flow(g, a) <= (round == 2 ? 0 : x / 3));
        assert_checked(g, 1313);
        assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
        nb_mcf_graph *cold = clone_graph(g);
        assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
        assert_string_equal(res.cost_text, want.cost_text);
        nb_mcf_graph_free(cold);
    }
    /* A lower bound nothing can absorb (more into line 0 than it takes):
     * infeasible, warm and cold alike; restoring it is solved warm. */
    int32_t u0 = 7 * P; /* UNMET -> line 0 */
    int64_t cap0 = nb_mcf_arc_cap(g, u0);
    assert_int_equal(nb_mcf_set_bounds(g, u0, cap0 + 5, cap0 + 5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), NB_EINFEASIBLE);
    nb_mcf_graph *cold = clone_graph(g);
    assert_int_equal(nb_mcf_solve(cold, &want, &err), NB_EINFEASIBLE);
    nb_mcf_graph_free(cold);
    assert_int_equal(nb_mcf_set_bounds(g, u0, 0, cap0, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.warm, 1);
    assert_checked(g, 1313);
    cold = clone_graph(g);
    assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
    assert_string_equal(res.cost_text, want.cost_text);
    nb_mcf_graph_free(cold);
    nb_mcf_graph_free(g);
}

/* One cost change on a larger staffing network: the re-solve prices only the
 * arcs the change reaches (a small part of all arcs), not every arc. */
static void test_resolve_is_local(void **state)
{
    (void)state;
    rng r = {4711};
    const int P = 3000, L = 300;
    nb_err err;
    nb_mcf_result res, want;
    nb_mcf_graph *g = staffing(&r, P, L);
    int32_t m = nb_mcf_arc_count(g);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_true(res.priced >= m); /* a cold solve prices every arc at least once */
    int local = 0;
    for (int round = 0; round < 20; round++) {
        int32_t a = used_arc(&r, g, P);
        assert_int_equal(nb_mcf_set_cost(g, a, nb_mcf_arc_cost(g, a) + 15, &err), 0);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        assert_int_equal(res.warm, 1);
        local += res.local;
        if (res.local)
            assert_true(res.priced < m / 10);
    }
    assert_true(local >= 18);
    nb_mcf_graph *cold = clone_graph(g);
    assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
    assert_string_equal(res.cost_text, want.cost_text);
    nb_mcf_graph_free(cold);
    nb_mcf_graph_free(g);
}

/* Local pricing's look-ahead (mcf_warm.c nb_mcf_ns_mark_range): a range of
 * nodes whose arcs alone would take the scan past its budget gives local
 * pricing up without reading them (no candidate pushed, nothing counted);
 * within the budget the range is scanned and every arc that prices wrong
 * becomes a candidate. Regression test of the look-ahead that made the
 * post-processing's re-solves cheaper with the same pivots. */
static void test_mark_range_look_ahead(void **state)
{
    (void)state;
    rng r = {99};
    const int P = 200, L = 20;
    nb_err err;
    nb_mcf_result res;
    nb_mcf_graph *g = staffing(&r, P, L);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    nb_mcf_ns *ns = g->ns;
    assert_non_null(ns);
    assert_true(ns->adj_ok);
    const int32_t root = ns->n, first = ns->thread[root];
    int64_t all = 0;
    for (int32_t v = first; v != root; v = ns->thread[v])
        all += ns->deg[v];
    assert_int_equal(all, 2 * (int64_t)nb_mcf_arc_count(g)); /* every arc at both ends */

    /* Shift one node with arcs so that some of its arcs price wrong. */
    int32_t u = first;
    while (ns->deg[u] == 0)
        u = ns->thread[u];
    ns->pi[u] += 1000000;

    /* The whole tree with a budget below its arcs: given up, nothing read. */
    ns->local = 1;
    ns->local_work = 0;
    ns->local_budget = all - 1;
    nb_mcf_ns_mark_range(ns, first, root);
    assert_int_equal(ns->local, 0);
    assert_int_equal(ns->local_work, 0);
    assert_int_equal(ns->cand_n, 0);

    /* Node u alone within the budget: scanned, its wrong arcs are candidates. */
    ns->local = 1;
    ns->local_work = 0;
    ns->local_budget = all;
    nb_mcf_ns_mark_range(ns, u, ns->thread[u]);
    assert_int_equal(ns->local, 1);
    assert_true(ns->local_work >= ns->deg[u]);
    assert_true(ns->cand_n > 0);
    int32_t wrong = 0;
    for (int32_t e = root; e < root + ns->m; e++)
        if ((ns->arc[e].s == u || ns->arc[e].t == u) &&
            ns->state[e] * (ns->arc[e].c + ns->pi[ns->arc[e].s] - ns->pi[ns->arc[e].t]) < 0)
            wrong++;
    assert_int_equal(ns->cand_n, wrong);
    for (int32_t k = 0; k < ns->cand_n; k++)
        ns->in_cand[ns->cand[k]] = 0;
    ns->cand_n = 0;
    ns->local = 0;
    ns->pi[u] -= 1000000;
    nb_mcf_graph_free(g);
}

/* nb_mcf_nonzero_flows lists exactly the arcs nb_mcf_flow gives a flow
 * other than 0, ascending, with those flows. */
static void assert_nonzero_flows(nb_mcf_graph *g)
{
    int32_t *arcs = NULL, n = 0, k = 0;
    int64_t *flows = NULL;
    assert_int_equal(nb_mcf_nonzero_flows(g, &arcs, &flows, &n), 0);
    assert_true(n > 0);
    for (int32_t a = 0; a < nb_mcf_arc_count(g); a++) {
        int64_t x = nb_mcf_flow(g, a);
        if (x == 0)
            continue;
        assert_true(k < n);
        assert_int_equal(arcs[k], a);
        assert_int_equal(flows[k], x);
        k++;
    }
    assert_int_equal(k, n);
    free(arcs);
    free(flows);
}

/* The sparse read of the flows (the teaming's post-processing reads its
 * matches' flows with it) after a cold solve, warm re-solves with changed
 * costs, bounds and new arcs (the map back to the arcs grows), a cold start
 * that mixes the arcs anew (the map is stale and made again) and a
 * cost-scaling solve; none without a solution. */
static void test_nonzero_flows(void **state)
{
    (void)state;
    rng r = {2024};
    const int P = 300, L = 30;
    nb_err err;
    nb_mcf_result res;
    nb_mcf_graph *g = staffing(&r, P, L);
    int32_t *arcs = NULL, n = -1;
    int64_t *flows = NULL;
    assert_int_equal(nb_mcf_nonzero_flows(g, &arcs, &flows, &n), NB_EINVAL);
    assert_int_equal(n, 0);
    assert_null(arcs);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_nonzero_flows(g);
    for (int round = 0; round < 5; round++) {
        int32_t a = used_arc(&r, g, P);
        assert_int_equal(nb_mcf_set_cost(g, a, nb_mcf_arc_cost(g, a) + 25, &err), 0);
        int32_t b = 7 * (int32_t)rng_range(&r, 0, P - 1) + 1; /* a person -> line arc */
        assert_int_equal(nb_mcf_set_bounds(g, b, 1, nb_mcf_arc_cap(g, b), &err), 0);
        for (int k = 0; k < 20; k++)
            assert_true(nb_mcf_add_arc(g, (int32_t)rng_range(&r, 0, P - 1),
                                       P + (int32_t)rng_range(&r, 0, L - 1), 0, 30,
                                       rng_range(&r, -40, 0), &err) >= 0);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        assert_int_equal(res.warm, 1);
        assert_nonzero_flows(g);
    }
    /* A cost this large cannot be taken warm: the cold start mixes all the
     * arcs (the ones added since included) in another order, as many as the
     * map has room for: it is stale, found so and made again. */
    int32_t big = 1;
    assert_int_equal(nb_mcf_set_cost(g, big, (int64_t)1 << 40, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.warm, 0);
    assert_nonzero_flows(g);
    assert_int_equal(nb_mcf_set_algorithm(g, NB_MCF_COST_SCALING, &err), 0);
    assert_int_equal(nb_mcf_set_cost(g, big, 5, &err), 0);
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_nonzero_flows(g);
    nb_mcf_graph_free(g);
}

/* The data of g, to compare after a restore. */
typedef struct gdata {
    int32_t m, n;
    int64_t *cost, *lower, *cap, *supply;
} gdata;

static void gdata_take(const nb_mcf_graph *g, gdata *d)
{
    d->m = nb_mcf_arc_count(g);
    d->n = nb_mcf_node_count(g);
    d->cost = calloc((size_t)d->m, sizeof *d->cost);
    d->lower = calloc((size_t)d->m, sizeof *d->lower);
    d->cap = calloc((size_t)d->m, sizeof *d->cap);
    d->supply = calloc((size_t)d->n, sizeof *d->supply);
    assert_true(d->cost && d->lower && d->cap && d->supply);
    for (int32_t a = 0; a < d->m; a++) {
        d->cost[a] = nb_mcf_arc_cost(g, a);
        d->lower[a] = nb_mcf_arc_lower(g, a);
        d->cap[a] = nb_mcf_arc_cap(g, a);
    }
    for (int32_t v = 0; v < d->n; v++)
        d->supply[v] = nb_mcf_supply(g, v);
}

static void gdata_free(gdata *d)
{
    free(d->cost);
    free(d->lower);
    free(d->cap);
    free(d->supply);
}

/* What save/restore series did. */
typedef struct rtally {
    int tries, restored, refused, unique;
} rtally;

/* count tries on g: save, one to four random changes re-solved warm (each
 * against a cold solve), restore, check. generic: the costs are wide and
 * random (the optimal flow is unique: the restored flows equal a cold
 * solve's). */
static void restore_series(nb_mcf_graph *g, rng *r, int P, int L, int count, int generic,
                           uint64_t seed, rtally *t)
{
    nb_err err = {{0}};
    nb_mcf_result res, want;
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    for (int i = 0; i < count; i++) {
        if (!nb_mcf_has_solution(g) && nb_mcf_solve(g, &res, &err) != 0) {
            one_change(r, g, P, L); /* no optimum to save: change on */
            continue;
        }
        const int32_t m = nb_mcf_arc_count(g), n = nb_mcf_node_count(g);
        int64_t *flows = malloc((size_t)m * sizeof *flows);
        int64_t *pots = malloc((size_t)n * sizeof *pots);
        int64_t *after = malloc((size_t)m * sizeof *after);
        assert_true(flows && pots && after);
        assert_int_equal(nb_mcf_copy_flows(g, flows), 0);
        assert_int_equal(nb_mcf_copy_potentials(g, pots), 0);
        char cost[48];
        snprintf(cost, sizeof cost, "%s", res.cost_text);
        gdata d;
        gdata_take(g, &d);
        assert_int_equal(nb_mcf_save(g, &err), 0);
        int k = (int)rng_range(r, 1, 4), rc = 0;
        for (int j = 0; j < k; j++) {
            one_change(r, g, P, L);
            if (generic && nb_mcf_arc_count(g) > m &&
                nb_mcf_arc_cost(g, nb_mcf_arc_count(g) - 1) != 0)
                assert_int_equal(nb_mcf_set_cost(g, nb_mcf_arc_count(g) - 1,
                                                 rng_range(r, -40000000, 40000000), &err),
                                 0);
            if (rng_range(r, 0, 2) == 0 || j == k - 1) { /* sometimes several changes at once */
                rc = nb_mcf_solve(g, &res, &err);
                nb_mcf_graph *cold = clone_graph(g);
                int want_rc = nb_mcf_solve(cold, &want, &err);
                assert_int_equal(rc, want_rc);
                if (rc == 0)
                    assert_string_equal(res.cost_text, want.cost_text);
                nb_mcf_graph_free(cold);
            }
        }
        /* a change after the last solve is undone too */
        if (rng_range(r, 0, 1))
            one_change(r, g, P, L);
        int back = nb_mcf_restore(g, &err);
        assert_true(back == 0 || back == 1);
        t->tries++;
        if (back == 1) { /* a cold start or arcs taken in since the save: nothing changed */
            t->refused++;
            if (generic) /* the changed costs stay: wide and random again */
                for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
                    if (nb_mcf_arc_cost(g, a) != 0)
                        assert_int_equal(
                            nb_mcf_set_cost(g, a, rng_range(r, -40000000, 40000000), &err), 0);
            rc = nb_mcf_solve(g, &res, &err);
            assert_true(rc == 0 || rc == NB_EINFEASIBLE);
        } else {
            t->restored++;
            for (int32_t a = 0; a < m; a++) {
                assert_true(nb_mcf_arc_cost(g, a) == d.cost[a]);
                assert_true(nb_mcf_arc_lower(g, a) == d.lower[a]);
                assert_true(nb_mcf_arc_cap(g, a) == d.cap[a]);
            }
            for (int32_t v = 0; v < n; v++)
                assert_true(nb_mcf_supply(g, v) == d.supply[v]);
            assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
            if (nb_mcf_arc_count(g) == m) {
                assert_true(nb_mcf_has_solution(g));
                assert_int_equal(nb_mcf_copy_flows(g, after), 0);
                assert_memory_equal(after, flows, (size_t)m * sizeof *flows);
                assert_int_equal(nb_mcf_copy_potentials(g, after), 0);
                assert_memory_equal(after, pots, (size_t)n * sizeof *pots);
                assert_checked(g, seed);
                /* the same cost as a cold solve of the restored data */
                nb_mcf_graph *cold = clone_graph(g);
                assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
                assert_string_equal(cost, want.cost_text);
                if (generic) {
                    int64_t *cf = malloc((size_t)m * sizeof *cf);
                    assert_non_null(cf);
                    assert_int_equal(nb_mcf_copy_flows(cold, cf), 0);
                    assert_memory_equal(cf, flows, (size_t)m * sizeof *cf);
                    t->unique++;
                    free(cf);
                }
                nb_mcf_graph_free(cold);
            } else {
                assert_false(nb_mcf_has_solution(g));
            }
            /* a second restore goes back to the same point */
            if (rng_range(r, 0, 3) == 0) {
                one_change(r, g, P, L);
                assert_int_equal(nb_mcf_restore(g, &err), 0);
                for (int32_t a = 0; a < m; a++)
                    assert_true(nb_mcf_arc_cost(g, a) == d.cost[a] &&
                                nb_mcf_arc_lower(g, a) == d.lower[a] &&
                                nb_mcf_arc_cap(g, a) == d.cap[a]);
            }
            /* on from here, warm */
            rc = nb_mcf_solve(g, &res, &err);
            assert_int_equal(res.warm, 1);
            if (nb_mcf_arc_count(g) == m) {
                assert_int_equal(rc, 0);
                assert_string_equal(res.cost_text, cost);
                assert_int_equal(res.pivots, 0);
            } else {
                nb_mcf_graph *cold = clone_graph(g);
                assert_int_equal(rc, nb_mcf_solve(cold, &want, &err));
                if (rc == 0)
                    assert_string_equal(res.cost_text, want.cost_text);
                nb_mcf_graph_free(cold);
            }
        }
        if (rng_range(r, 0, 5) == 0)
            nb_mcf_save_drop(g);
        gdata_free(&d);
        free(flows);
        free(pots);
        free(after);
    }
}

static void test_save_restore(void **state)
{
    (void)state;
    uint64_t first;
    int nets;
    seeds(29000, 4, &first, &nets);
    rtally t = {0};
    for (int i = 0; i < nets; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        const int P = 120, L = 20;
        int generic = i % 2 == 1;
        nb_mcf_graph *g = staffing(&r, P, L);
        if (generic) { /* wide random costs: one optimal flow */
            nb_err err;
            for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
                if (nb_mcf_arc_cost(g, a) != 0)
                    assert_int_equal(
                        nb_mcf_set_cost(g, a, rng_range(&r, -40000000, 40000000), &err), 0);
        }
        restore_series(g, &r, P, L, changes(300), generic, seed, &t);
        nb_mcf_graph_free(g);
    }
    for (int i = 0; i < 2; i++) {
        uint64_t seed = first + 100 + (uint64_t)i;
        rng r = {seed};
        nb_mcf_graph *g = general(&r, (int32_t)rng_range(&r, 40, 120));
        restore_series(g, &r, 0, 0, changes(200), 0, seed, &t);
        nb_mcf_graph_free(g);
    }
    print_message("save/restore: %d tries, %d restored (%d with a unique optimum), %d refused\n",
                  t.tries, t.restored, t.unique, t.refused);
    assert_true(t.restored >= t.tries / 2);
    assert_true(t.refused > 0);
    assert_true(t.unique > 0);
}

/* Re-solves g (warm) and asserts the status and cost of a cold solve of
 * the same data, the flows certified and the kept tree's invariants. */
static void resolve_like_cold(nb_mcf_graph *g, uint64_t seed, int k)
{
    nb_err err = {{0}};
    nb_mcf_result res, want;
    int rc = nb_mcf_solve(g, &res, &err);
    nb_mcf_graph *cold = clone_graph(g);
    int want_rc = nb_mcf_solve(cold, &want, &err);
    if (rc != want_rc || (rc == 0 && strcmp(res.cost_text, want.cost_text) != 0))
        print_error("seed %llu change %d: warm rc %d cost %s, cold rc %d cost %s\n",
                    (unsigned long long)seed, k, rc, res.cost_text, want_rc, want.cost_text);
    assert_int_equal(rc, want_rc);
    if (rc == 0) {
        assert_string_equal(res.cost_text, want.cost_text);
        assert_checked(g, seed);
    }
    if (g->ns->tree_ok)
        assert_int_equal(nb_mcf_ns_tree_check(g, &err), 0);
    nb_mcf_graph_free(cold);
}

static void test_raise_cost(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_result res, want;
    uint64_t first;
    int nets;
    seeds(29100, 3, &first, &nets);
    for (int i = 0; i < nets; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        const int P = 300, L = 40;
        nb_mcf_graph *g = staffing(&r, P, L);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        /* every arc at its lower bound out of the tree (white-box) up, within the largest
         * cost (1000: above it the tree's big-M is too small and the solve starts cold):
         * no log, no pivot */
        int32_t raised = 0;
        for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
            if (g->ns->state[g->ns->pos[a]] == NB_MCF_LOWER && nb_mcf_arc_cost(g, a) < 1000) {
                int64_t c = nb_mcf_arc_cost(g, a) + 7;
                assert_int_equal(nb_mcf_raise_cost(g, a, c < 1000 ? c : 1000, &err), 0);
                raised++;
            }
        assert_true(raised > nb_mcf_arc_count(g) / 2);
        assert_int_equal(g->log_n, 0);
        char cost[48];
        snprintf(cost, sizeof cost, "%s", res.cost_text);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        assert_string_equal(res.cost_text, cost);
        assert_int_equal(res.warm, 1);
        assert_int_equal(res.pivots, 0);
        assert_int_equal(res.local, 1);
        assert_true(res.priced < nb_mcf_arc_count(g) / 10);
        assert_checked(g, seed);
        /* a drop that makes an arc at its lower bound price wrong is logged (and pivots) */
        int dropped = 0;
        for (int32_t a = 0; a < nb_mcf_arc_count(g) && !dropped; a++) {
            const nb_mcf_ns *ns = g->ns;
            int32_t e = ns->pos[a];
            int64_t rc = ns->arc[e].c + ns->pi[ns->arc[e].s] - ns->pi[ns->arc[e].t];
            if (ns->state[e] != NB_MCF_LOWER || nb_mcf_arc_cap(g, a) == 0 || rc > 500 ||
                nb_mcf_arc_cost(g, a) - rc - 5 < -1000)
                continue;
            assert_int_equal(nb_mcf_raise_cost(g, a, nb_mcf_arc_cost(g, a) - rc - 5, &err), 0);
            assert_int_equal(g->log_n, 1);
            assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
            assert_true(res.pivots >= 1);
            nb_mcf_graph *cold = clone_graph(g);
            assert_int_equal(nb_mcf_solve(cold, &want, &err), 0);
            assert_string_equal(res.cost_text, want.cost_text);
            nb_mcf_graph_free(cold);
            dropped = 1;
        }
        assert_true(dropped);
        /* random raises and drops, with the other changes */
        for (int k = 0; k < changes(300); k++) {
            int n = (int)rng_range(&r, 1, 30);
            for (int j = 0; j < n; j++) {
                int32_t a = (int32_t)rng_range(&r, 0, nb_mcf_arc_count(g) - 1);
                int64_t lo = nb_mcf_arc_cap(g, a) == INF ? 0 : -40;
                int64_t c = rng_range(&r, 0, 3) == 0 ? rng_range(&r, lo, 60)
                                                     : nb_mcf_arc_cost(g, a) + rng_range(&r, 0, 50);
                if (c > 1000)
                    c = 1000;
                assert_int_equal(nb_mcf_raise_cost(g, a, c, &err), 0);
            }
            if (rng_range(&r, 0, 3) == 0)
                one_change(&r, g, P, L);
            resolve_like_cold(g, seed, k);
        }
        /* refusals as nb_mcf_set_cost's */
        assert_int_equal(nb_mcf_raise_cost(g, -1, 1, &err), NB_EINVAL);
        assert_int_equal(nb_mcf_raise_cost(g, 0, NB_MCF_COST_MAX + 1, &err), NB_EINVAL);
        nb_mcf_graph_free(g);
    }
}

/* The arcs the warm start's forecast (mcf_warm.c nb_mcf_forecast) counts for
 * g's logged changes, white-box and before the warm start: for each tree arc
 * whose cost changed (once), the degrees of the side of the tree its cost
 * change shifts (the child's subtree when it holds at most half the nodes,
 * else the rest). */
static int64_t forecast_arcs(const nb_mcf_graph *g)
{
    const nb_mcf_ns *ns = g->ns;
    int64_t sum = 0;
    uint8_t *seen = calloc((size_t)ns->n + (size_t)ns->m, 1);
    int8_t *below = malloc((size_t)ns->n + 1);
    assert_non_null(seen);
    assert_non_null(below);
    for (int32_t k = 0; k < g->log_n; k++) {
        int32_t a = g->log[k];
        if (a >= ns->m)
            continue;
        int32_t e = ns->pos[a];
        if (ns->state[e] != NB_MCF_TREE || ns->arc[e].c == g->cost[a] || seen[e])
            continue;
        seen[e] = 1;
        int32_t u = ns->pred[ns->arc[e].s] == e ? ns->arc[e].s : ns->arc[e].t;
        int in_sub = ns->succ_num[u] <= (ns->n + 1) / 2;
        /* below[v]: 1 when u is on v's parent chain (v in u's subtree), found
         * by walking up to a node already known and filling in the path */
        memset(below, -1, (size_t)ns->n + 1);
        below[u] = 1;
        below[ns->n] = 0; /* the root: never below a tree arc's child */
        for (int32_t v = 0; v <= ns->n; v++) {
            int32_t w = v;
            while (below[w] < 0)
                w = ns->parent[w];
            for (int32_t x = v; below[x] < 0; x = ns->parent[x])
                below[x] = below[w];
            if (below[v] == in_sub)
                sum += ns->deg[v];
        }
    }
    free(seen);
    free(below);
    return sum;
}

/* The forecast (nat30): a warm start whose tree-arc cost changes move sides
 * of the tree with more arcs than nb_mcf_forecast_limit gives local pricing
 * up before reading an arc (no candidate, no work counted) and prices by
 * block search; within the limit it stays local. Series of rounds like the
 * post-processing's (many tree arcs with flow raised to the largest cost,
 * as forbidden slivers, some lowered again) and single changes, mixed with
 * the other random changes, on several staffing networks: the warm start is
 * called directly to see its decision, then the re-solve's status and cost
 * equal a cold solve's and the flows and tree pass the checks. */
static void test_forecast(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_mcf_result res;
    uint64_t first;
    int nets, gave_up = 0, kept = 0;
    seeds(30300, 4, &first, &nets);
    for (int i = 0; i < nets; i++) {
        uint64_t seed = first + (uint64_t)i;
        rng r = {seed};
        const int P = 400, L = 40;
        nb_mcf_graph *g = staffing(&r, P, L);
        assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
        for (int k = 0; k < changes(200); k++) {
            const nb_mcf_ns *ns = g->ns;
            int round = rng_range(&r, 0, 1) == 0, n = 0;
            for (int32_t a = 0; a < nb_mcf_arc_count(g) && (round || n < 1); a++) {
                int32_t e = ns->pos[a];
                if (backbone(g, a, P) || ns->state[e] != NB_MCF_TREE ||
                    (!round && rng_range(&r, 0, 20) != 0))
                    continue;
                int64_t c = round && rng_range(&r, 0, 3) != 0 ? 1000 : rng_range(&r, -30, 10);
                assert_int_equal(nb_mcf_set_cost(g, a, c, &err), 0);
                n++;
            }
            if (rng_range(&r, 0, 3) == 0)
                one_change(&r, g, P, L);
            int local_before = g->ns->tree_ok && g->ns->priced_ok && g->ns->adj_ok && !g->log_all;
            int64_t want_arcs = local_before ? forecast_arcs(g) : 0;
            int64_t limit = nb_mcf_forecast_limit(g->ns);
            if (local_before) {
                int wrc = nb_mcf_ns_warm(g, g->ns, &err);
                assert_true(wrc == 0 || wrc == 1);
                if (wrc == 0 && want_arcs > limit) {
                    assert_int_equal(g->ns->local, 0);
                    assert_int_equal(g->ns->local_work, 0);
                    assert_int_equal(g->ns->cand_n, 0);
                    gave_up++;
                } else if (wrc == 0) {
                    assert_int_equal(g->ns->local, 1);
                    kept++;
                }
            }
            resolve_like_cold(g, seed, k);
        }
        nb_mcf_graph_free(g);
    }
    print_message("forecast: %d warm starts gave local pricing up, %d kept it\n", gave_up, kept);
    assert_true(gave_up > 0);
    assert_true(kept > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve_staffing_vs_cold),
        cmocka_unit_test(test_resolve_general_vs_cold),
        cmocka_unit_test(test_capacity_drop_repaired),
        cmocka_unit_test(test_resolve_is_local),
        cmocka_unit_test(test_mark_range_look_ahead),
        cmocka_unit_test(test_nonzero_flows),
        cmocka_unit_test(test_save_restore),
        cmocka_unit_test(test_raise_cost),
        cmocka_unit_test(test_forecast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
