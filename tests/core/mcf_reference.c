/*
 * tests/core/mcf_reference.c — the test model of
 * test_mcf.c, test_mcf_limits.c and test_dimacs.c: seeded random numbers,
 * instances, an independent reference solver (successive shortest paths with
 * Bellman-Ford), brute force over all flows, and the helpers that solve an
 * instance with the engine and compare. See mcf_reference.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mcf_reference.h"

/* ------------------------------------------------------------------------ */
/* Random numbers and seeds                                                  */
/* ------------------------------------------------------------------------ */

uint64_t rng_next(rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    uint64_t z = r->s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* First seed and count of a random test; NB_TEST_SEED replays one seed. */
void seeds(uint64_t base, int count, uint64_t *first, int *n)
{
    const char *env = getenv("NB_TEST_SEED");
    if (env != NULL && *env != '\0') {
        *first = strtoull(env, NULL, 10);
        *n = 1;
    } else {
        *first = base;
        *n = count;
    }
}

/* ------------------------------------------------------------------------ */
/* Instances                                                                 */
/* ------------------------------------------------------------------------ */

nb_mcf_graph *build(const inst *in)
{
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(in->n, in->m);
    assert_non_null(g);
    for (int a = 0; a < in->m; a++)
        assert_int_equal(
            nb_mcf_add_arc(g, in->from[a], in->to[a], in->lower[a], in->cap[a], in->cost[a], &err),
            a);
    for (int v = 0; v < in->n; v++)
        assert_int_equal(nb_mcf_set_supply(g, v, in->supply[v], &err), 0);
    return g;
}

/* Random instance; mode bits: 1 = infinite capacities, 2 = lower bounds,
 * 4 = unbalanced supplies sometimes. */
void random_inst(rng *r, inst *in, int maxn, int maxm, int64_t maxcap, int64_t mincost,
                 int64_t maxcost, int mode)
{
    memset(in, 0, sizeof *in);
    in->n = (int)rng_range(r, 1, maxn);
    in->m = (int)rng_range(r, 0, maxm);
    for (int a = 0; a < in->m; a++) {
        in->from[a] = (int)rng_range(r, 0, in->n - 1);
        in->to[a] = (int)rng_range(r, 0, in->n - 1);
        in->lower[a] = (mode & 2) && rng_range(r, 0, 3) == 0 ? rng_range(r, 0, 2) : 0;
        in->cap[a] = in->lower[a] + rng_range(r, 0, maxcap);
        if ((mode & 1) && rng_range(r, 0, 5) == 0)
            in->cap[a] = INF;
        in->cost[a] = rng_range(r, mincost, maxcost);
    }
    /* Supplies: random pairs so that the sum is zero. */
    int pairs = (int)rng_range(r, 0, in->n);
    for (int k = 0; k < pairs; k++) {
        int u = (int)rng_range(r, 0, in->n - 1), v = (int)rng_range(r, 0, in->n - 1);
        int64_t d = rng_range(r, 1, maxcap + 1);
        in->supply[u] += d;
        in->supply[v] -= d;
    }
    if ((mode & 4) && rng_range(r, 0, 9) == 0)
        in->supply[rng_range(r, 0, in->n - 1)] += 1;
}

/* ------------------------------------------------------------------------ */
/* Reference solver: successive shortest paths with Bellman-Ford             */
/* ------------------------------------------------------------------------ */

typedef struct ref_arc {
    int to;
    int64_t cap;
    int64_t cost;
} ref_arc;

/* Solves in; returns 0 (cost in *cost), NB_EINFEASIBLE or NB_EUNBOUNDED. */
int ref_solve(const inst *in, i128 *cost)
{
    int n = in->n, S = n, T = n + 1, N = n + 2;
    int64_t b[MAXN + 2] = {0};
    i128 base = 0, sum = 0;
    for (int v = 0; v < n; v++) {
        b[v] = in->supply[v];
        sum += b[v];
    }
    if (sum != 0)
        return NB_EINFEASIBLE;

    /* Negative cycle among unbounded arcs (Bellman-Ford from all nodes). */
    int neg_inf_cycle = 0;
    {
        int64_t d[MAXN] = {0};
        for (int it = 0; it <= n; it++) {
            int changed = 0;
            for (int a = 0; a < in->m; a++)
                if (in->cap[a] == INF && d[in->from[a]] + in->cost[a] < d[in->to[a]]) {
                    d[in->to[a]] = d[in->from[a]] + in->cost[a];
                    changed = 1;
                }
            if (!changed)
                break;
            if (it == n)
                neg_inf_cycle = 1;
        }
    }

    /* Remove lower bounds; cap infinite arcs at B. */
    int64_t B = 1;
    for (int a = 0; a < in->m; a++) {
        b[in->from[a]] -= in->lower[a];
        b[in->to[a]] += in->lower[a];
        base += (i128)in->lower[a] * in->cost[a];
        if (in->cap[a] != INF)
            B += in->cap[a] - in->lower[a];
    }
    for (int v = 0; v < n; v++)
        B += b[v] > 0 ? b[v] : -b[v];

    /* Residual graph: arc 2k forward, 2k+1 backward. */
    ref_arc ra[2 * (MAXM + MAXN)];
    int rfrom[2 * (MAXM + MAXN)];
    int k = 0;
    for (int a = 0; a < in->m; a++) {
        int64_t c = in->cap[a] == INF ? B : in->cap[a] - in->lower[a];
        ra[k] = (ref_arc){in->to[a], c, in->cost[a]};
        rfrom[k++] = in->from[a];
        ra[k] = (ref_arc){in->from[a], 0, -in->cost[a]};
        rfrom[k++] = in->to[a];
        if (in->cost[a] < 0 && c > 0) { /* saturate negative arcs */
            ra[k - 2].cap = 0;
            ra[k - 1].cap = c;
            base += (i128)c * in->cost[a];
            b[in->from[a]] -= c;
            b[in->to[a]] += c;
        }
    }
    int64_t need = 0;
    for (int v = 0; v < n; v++) {
        if (b[v] > 0) {
            ra[k] = (ref_arc){v, b[v], 0};
            rfrom[k++] = S;
            ra[k] = (ref_arc){S, 0, 0};
            rfrom[k++] = v;
            need += b[v];
        } else if (b[v] < 0) {
            ra[k] = (ref_arc){T, -b[v], 0};
            rfrom[k++] = v;
            ra[k] = (ref_arc){v, 0, 0};
            rfrom[k++] = T;
        }
    }
    int64_t sent = 0;
    for (;;) {
        i128 dist[MAXN + 2];
        int via[MAXN + 2];
        const i128 UNREACHED = (i128)1 << 100;
        for (int v = 0; v < N; v++) {
            dist[v] = UNREACHED;
            via[v] = -1;
        }
        dist[S] = 0;
        for (int it = 0; it < N; it++) {
            int changed = 0;
            for (int e = 0; e < k; e++)
                if (ra[e].cap > 0 && dist[rfrom[e]] != UNREACHED &&
                    dist[rfrom[e]] + ra[e].cost < dist[ra[e].to]) {
                    dist[ra[e].to] = dist[rfrom[e]] + ra[e].cost;
                    via[ra[e].to] = e;
                    changed = 1;
                }
            if (!changed)
                break;
            assert_true(it < N - 1); /* SSP keeps the residual graph free of negative cycles */
        }
        if (dist[T] == UNREACHED)
            break;
        int64_t push = INT64_MAX;
        for (int v = T; v != S; v = rfrom[via[v]])
            if (ra[via[v]].cap < push)
                push = ra[via[v]].cap;
        for (int v = T; v != S; v = rfrom[via[v]]) {
            ra[via[v]].cap -= push;
            ra[via[v] ^ 1].cap += push;
        }
        base += (i128)push * dist[T];
        sent += push;
    }
    if (sent != need)
        return NB_EINFEASIBLE;
    if (neg_inf_cycle)
        return NB_EUNBOUNDED;
    *cost = base;
    return 0;
}

/* Brute force over all integer flows (finite small capacities only). */
int brute_solve(const inst *in, i128 *cost)
{
    int64_t x[MAXM];
    int found = 0;
    i128 best = 0;
    for (int a = 0; a < in->m; a++)
        x[a] = in->lower[a];
    for (;;) {
        int64_t bal[MAXN] = {0};
        i128 c = 0;
        for (int a = 0; a < in->m; a++) {
            bal[in->from[a]] += x[a];
            bal[in->to[a]] -= x[a];
            c += (i128)x[a] * in->cost[a];
        }
        int ok = 1;
        for (int v = 0; v < in->n; v++)
            ok &= bal[v] == in->supply[v];
        if (ok && (!found || c < best)) {
            best = c;
            found = 1;
        }
        int a = 0;
        while (a < in->m && x[a] == in->cap[a])
            x[a] = in->lower[a], a++;
        if (a == in->m)
            break;
        x[a]++;
    }
    if (!found)
        return NB_EINFEASIBLE;
    *cost = best;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

i128 cost_of(const nb_mcf_graph *g)
{
    i128 c = 0;
    for (int32_t a = 0; a < nb_mcf_arc_count(g); a++)
        c += (i128)nb_mcf_flow(g, a) * nb_mcf_arc_cost(g, a);
    return c;
}

/* Asserts that the stored solution of g passes the checker. */
void assert_checked(const nb_mcf_graph *g, uint64_t seed)
{
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    int64_t *f = calloc((size_t)m + 1, sizeof *f);
    int64_t *p = calloc((size_t)n + 1, sizeof *p);
    nb_err err = {{0}};
    assert_non_null(f);
    assert_non_null(p);
    assert_int_equal(nb_mcf_copy_flows(g, f), 0);
    assert_int_equal(nb_mcf_copy_potentials(g, p), 0);
    int rc = nb_mcf_check(g, f, p, &err);
    if (rc != 0)
        print_error("checker failed (seed %llu): %s\n", (unsigned long long)seed, err.msg);
    assert_int_equal(rc, 0);
    free(f);
    free(p);
}

/* Solves in with the engine and compares with the expected status/cost. */
void compare(const inst *in, int want_rc, i128 want_cost, uint64_t seed, const char *what)
{
    nb_mcf_graph *g = build(in);
    nb_mcf_result res;
    nb_err err = {{0}};
    int rc = nb_mcf_solve(g, &res, &err);
    if (rc != want_rc || (rc == 0 && cost_of(g) != want_cost)) {
        print_error("%s mismatch, seed %llu (replay: NB_TEST_SEED=%llu): engine rc %d "
                    "cost %s, expected rc %d cost %lld\n",
                    what, (unsigned long long)seed, (unsigned long long)seed, rc, res.cost_text,
                    want_rc, (long long)want_cost);
    }
    assert_int_equal(rc, want_rc);
    if (rc == 0) {
        assert_true(cost_of(g) == want_cost);
        assert_true(res.cost_fits);
        assert_true((i128)res.cost == want_cost);
        assert_checked(g, seed);
    }
    nb_mcf_graph_free(g);
}

/* Solves a hand-made instance; returns rc and the graph for inspection. */
nb_mcf_graph *solve_inst(const inst *in, int *rc, nb_mcf_result *res)
{
    nb_err err = {{0}};
    nb_mcf_graph *g = build(in);
    *rc = nb_mcf_solve(g, res, &err);
    if (*rc == 0)
        assert_checked(g, 0);
    return g;
}

void add(inst *in, int u, int v, int64_t lo, int64_t cap, int64_t cost)
{
    int a = in->m++;
    in->from[a] = u;
    in->to[a] = v;
    in->lower[a] = lo;
    in->cap[a] = cap;
    in->cost[a] = cost;
}

/* Applies one random change to in and to g. */
void random_change(rng *r, inst *in, nb_mcf_graph *g)
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

nb_mcf_graph *clone_graph(const nb_mcf_graph *g)
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

/* A staffing-shaped network: people 0..P-1 with hours, lines P..P+L-1 with
 * demand, IDLE = P+L takes unused hours, UNMET = P+L+1 feeds unmet demand at
 * a high cost. Person p's arcs are 7p (to IDLE) and 7p+1..7p+6 (to lines). */
nb_mcf_graph *staffing(rng *r, int P, int L)
{
    nb_err err;
    int32_t idle = P + L, unmet = P + L + 1;
    nb_mcf_graph *g = nb_mcf_graph_new(P + L + 2, 8 * P + L + 1);
    assert_non_null(g);
    int64_t hours = 0, demand = 0;
    for (int p = 0; p < P; p++) {
        int64_t h = rng_range(r, 20, 80);
        hours += h;
        assert_int_equal(nb_mcf_set_supply(g, p, h, &err), 0);
        assert_true(nb_mcf_add_arc(g, p, idle, 0, h, 0, &err) >= 0);
        for (int k = 0; k < 6; k++)
            assert_true(nb_mcf_add_arc(g, p, P + (int32_t)rng_range(r, 0, L - 1), 0, h,
                                       rng_range(r, -30, 10), &err) >= 0);
    }
    for (int l = 0; l < L; l++) {
        int64_t d = rng_range(r, 50, 400);
        demand += d;
        assert_int_equal(nb_mcf_set_supply(g, P + l, -d, &err), 0);
        assert_true(nb_mcf_add_arc(g, unmet, P + l, 0, d, 1000, &err) >= 0);
    }
    assert_int_equal(nb_mcf_set_supply(g, idle, -hours, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, unmet, demand, &err), 0);
    assert_true(nb_mcf_add_arc(g, unmet, idle, 0, INF, 0, &err) >= 0);
    return g;
}
