/*
 * core/mcf.c — the minimum-cost-flow graph: building, accessors, the result
 * wrapper around the network simplex, and the independent optimality checker.
 *
 * The solver itself lives in mcf_simplex.c; the layout is in mcf_impl.h.
 */
#include "core/mcf.h"

#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"
#include "util/assert.h"

/* ------------------------------------------------------------------------ */
/* Building                                                                  */
/* ------------------------------------------------------------------------ */

/* Room for want arcs: doubled (from at least 16) until it fits, or exactly want
 * when exact is set. */
static int nb_mcf_grow_to(nb_mcf_graph *g, int32_t want, int exact)
{
    if (want <= g->room)
        return 0;
    int64_t room = g->room < 16 ? 16 : g->room;
    while (room < want)
        room *= 2;
    if (exact)
        room = want;
    if (room > INT32_MAX)
        room = INT32_MAX;
    size_t r = (size_t)room;
    int32_t *from = realloc(g->from, r * sizeof *from);
    if (from)
        g->from = from;
    int32_t *to = realloc(g->to, r * sizeof *to);
    if (to)
        g->to = to;
    int64_t *lower = realloc(g->lower, r * sizeof *lower);
    if (lower)
        g->lower = lower;
    int64_t *cap = realloc(g->cap, r * sizeof *cap);
    if (cap)
        g->cap = cap;
    int64_t *cost = realloc(g->cost, r * sizeof *cost);
    if (cost)
        g->cost = cost;
    if (!from || !to || !lower || !cap || !cost)
        return NB_ENOMEM;
    g->room = (int32_t)room;
    return 0;
}

static int nb_mcf_grow(nb_mcf_graph *g, int32_t want)
{
    return nb_mcf_grow_to(g, want, 0);
}

int nb_mcf_reserve(nb_mcf_graph *g, int32_t arcs)
{
    if (arcs < 0)
        return NB_EINVAL;
    return nb_mcf_grow_to(g, arcs, 1);
}

nb_mcf_graph *nb_mcf_graph_new(int32_t nnodes, int32_t arc_hint)
{
    if (nnodes < 0 || nnodes > INT32_MAX - 2)
        return NULL;
    nb_mcf_graph *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->n = nnodes;
    g->supply = calloc((size_t)nnodes + 1, sizeof *g->supply);
    if (g->supply == NULL || (arc_hint > 0 && nb_mcf_grow(g, arc_hint) != 0)) {
        nb_mcf_graph_free(g);
        return NULL;
    }
    return g;
}

void nb_mcf_graph_free(nb_mcf_graph *g)
{
    if (g == NULL)
        return;
    free(g->from);
    free(g->to);
    free(g->lower);
    free(g->cap);
    free(g->cost);
    free(g->supply);
    free(g->log);
    free(g->cs_flow);
    free(g->cs_pot);
    free(g->arc_of);
    nb_mcf_ns_free(g->ns);
    free(g);
}

int32_t nb_mcf_node_count(const nb_mcf_graph *g)
{
    return g->n;
}
int32_t nb_mcf_arc_count(const nb_mcf_graph *g)
{
    return g->m;
}

static int nb_mcf_check_bounds(int64_t lower, int64_t cap, nb_err *err)
{
    if (lower < -NB_MCF_VALUE_MAX || lower > NB_MCF_VALUE_MAX)
        return nb_err_set(err, NB_EINVAL, "lower bound %lld out of range", (long long)lower);
    if (cap != NB_MCF_INF && (cap < -NB_MCF_VALUE_MAX || cap > NB_MCF_VALUE_MAX))
        return nb_err_set(err, NB_EINVAL, "capacity %lld out of range", (long long)cap);
    if (cap < lower)
        return nb_err_set(err, NB_EINVAL, "capacity %lld below lower bound %lld", (long long)cap,
                          (long long)lower);
    return 0;
}

static int nb_mcf_check_cost(int64_t cost, nb_err *err)
{
    if (cost < -NB_MCF_COST_MAX || cost > NB_MCF_COST_MAX)
        return nb_err_set(err, NB_EINVAL, "cost %lld out of range", (long long)cost);
    return 0;
}

/* The |lower| + finite (cap - lower) share of arc bounds in the flow limit. */
static nb_i128 nb_mcf_bound_share(int64_t lower, int64_t cap)
{
    nb_i128 b = lower < 0 ? -(nb_i128)lower : lower;
    if (cap != NB_MCF_INF)
        b += (nb_i128)cap - lower;
    return b;
}

/* Records that arc a changed, for the warm start; an overflowing log (more
 * entries than a fifth of the arcs) makes the warm start scan every arc. */
static void nb_mcf_log_arc(nb_mcf_graph *g, int32_t a)
{
    if (g->ns == NULL || g->log_all)
        return;
    if (g->log_n >= g->log_room) {
        int64_t room = g->log_room < 64 ? 64 : (int64_t)g->log_room * 2;
        if (g->log_n > g->m / 5 + 64 || room > INT32_MAX) {
            g->log_all = 1;
            return;
        }
        int32_t *p = realloc(g->log, (size_t)room * sizeof *p);
        if (p == NULL) {
            g->log_all = 1;
            return;
        }
        g->log = p;
        g->log_room = (int32_t)room;
    }
    g->log[g->log_n++] = a;
}

int32_t nb_mcf_add_arc(nb_mcf_graph *g, int32_t from, int32_t to, int64_t lower, int64_t cap,
                       int64_t cost, nb_err *err)
{
    int rc;
    if (from < 0 || from >= g->n || to < 0 || to >= g->n)
        return nb_err_set(err, NB_EINVAL, "arc end %d -> %d is not a node (0..%d)", (int)from,
                          (int)to, (int)g->n - 1);
    if ((rc = nb_mcf_check_bounds(lower, cap, err)) != 0)
        return rc;
    if ((rc = nb_mcf_check_cost(cost, err)) != 0)
        return rc;
    if (g->m >= INT32_MAX - g->n - 1)
        return nb_err_set(err, NB_EINVAL, "too many arcs");
    if (nb_mcf_grow(g, g->m + 1) != 0)
        return nb_err_set(err, NB_ENOMEM, "out of memory adding an arc");
    int32_t a = g->m++;
    g->from[a] = from;
    g->to[a] = to;
    g->lower[a] = lower;
    g->cap[a] = cap;
    g->cost[a] = cost;
    g->solved = 0;
    g->arc_bound += nb_mcf_bound_share(lower, cap);
    int64_t c = cost < 0 ? -cost : cost;
    if (c > g->cost_absmax)
        g->cost_absmax = c;
    return a;
}

int nb_mcf_set_supply(nb_mcf_graph *g, int32_t node, int64_t supply, nb_err *err)
{
    if (node < 0 || node >= g->n)
        return nb_err_set(err, NB_EINVAL, "node %d out of range", (int)node);
    if (supply < -NB_MCF_VALUE_MAX || supply > NB_MCF_VALUE_MAX)
        return nb_err_set(err, NB_EINVAL, "supply %lld out of range", (long long)supply);
    g->supply[node] = supply;
    g->solved = 0;
    return 0;
}

int nb_mcf_set_cost(nb_mcf_graph *g, int32_t arc, int64_t cost, nb_err *err)
{
    int rc;
    if (arc < 0 || arc >= g->m)
        return nb_err_set(err, NB_EINVAL, "arc %d out of range", (int)arc);
    if ((rc = nb_mcf_check_cost(cost, err)) != 0)
        return rc;
    g->cost[arc] = cost;
    g->solved = 0;
    int64_t c = cost < 0 ? -cost : cost;
    if (c > g->cost_absmax)
        g->cost_absmax = c;
    nb_mcf_log_arc(g, arc);
    return 0;
}

int nb_mcf_set_bounds(nb_mcf_graph *g, int32_t arc, int64_t lower, int64_t cap, nb_err *err)
{
    int rc;
    if (arc < 0 || arc >= g->m)
        return nb_err_set(err, NB_EINVAL, "arc %d out of range", (int)arc);
    if ((rc = nb_mcf_check_bounds(lower, cap, err)) != 0)
        return rc;
    g->arc_bound -= nb_mcf_bound_share(g->lower[arc], g->cap[arc]);
    g->arc_bound += nb_mcf_bound_share(lower, cap);
    g->lower[arc] = lower;
    g->cap[arc] = cap;
    g->solved = 0;
    nb_mcf_log_arc(g, arc);
    return 0;
}

int nb_mcf_set_pivot_limit(nb_mcf_graph *g, int64_t limit, nb_err *err)
{
    if (limit < 0)
        return nb_err_set(err, NB_EINVAL, "pivot limit %lld is negative", (long long)limit);
    g->pivot_limit = limit;
    return 0;
}

int nb_mcf_set_algorithm(nb_mcf_graph *g, int algorithm, nb_err *err)
{
    if (algorithm != NB_MCF_AUTO && algorithm != NB_MCF_SIMPLEX &&
        algorithm != NB_MCF_COST_SCALING && algorithm != NB_MCF_AUTO_ONCE)
        return nb_err_set(err, NB_EINVAL, "unknown algorithm %d", algorithm);
    g->algorithm = algorithm;
    return 0;
}

void nb_mcf_set_warm_pivot_limit(nb_mcf_graph *g, int64_t limit)
{
    g->warm_limit = limit > 0 ? limit : 0;
}

int64_t nb_mcf_pivot_budget(const nb_mcf_graph *g)
{
    if (g->pivot_limit > 0)
        return g->pivot_limit;
    return 100 * ((int64_t)g->n + g->m) + 100000;
}

int32_t nb_mcf_arc_from(const nb_mcf_graph *g, int32_t arc)
{
    return g->from[arc];
}
int32_t nb_mcf_arc_to(const nb_mcf_graph *g, int32_t arc)
{
    return g->to[arc];
}
int64_t nb_mcf_arc_lower(const nb_mcf_graph *g, int32_t arc)
{
    return g->lower[arc];
}
int64_t nb_mcf_arc_cap(const nb_mcf_graph *g, int32_t arc)
{
    return g->cap[arc];
}
int64_t nb_mcf_arc_cost(const nb_mcf_graph *g, int32_t arc)
{
    return g->cost[arc];
}
int64_t nb_mcf_supply(const nb_mcf_graph *g, int32_t node)
{
    return g->supply[node];
}

/* ------------------------------------------------------------------------ */
/* Solving and reading the solution                                          */
/* ------------------------------------------------------------------------ */

/* Writes v in decimal into buf (at least 42 bytes). */
static void nb_mcf_i128_text(nb_i128 v, char *buf, size_t size)
{
    char tmp[48];
    size_t k = 0;
    int neg = v < 0;
    /* Work with negative numbers so that the minimum value is handled too. */
    nb_i128 w = neg ? v : -v;
    do {
        int digit = (int)(w % 10);
        tmp[k++] = (char)('0' - digit);
        w /= 10;
    } while (w != 0 && k < sizeof tmp - 1);
    size_t o = 0;
    if (neg && o + 1 < size)
        buf[o++] = '-';
    while (k > 0 && o + 1 < size)
        buf[o++] = tmp[--k];
    buf[o] = '\0';
}

/* Largest sum over arcs of |cost| * |flow| accepted for a total (2^126):
 * each term stays below 2^124 (|cost| <= 2^60, |flow| < 2^63), so the sum is
 * checked before it could overflow 128 bits. */
#define NB_MCF_TOTAL_MAX ((nb_i128)1 << 126)

/* The total cost of the solver's flows, recomputed (for the level-2 check). */
static nb_i128 nb_mcf_total_now(const nb_mcf_graph *g)
{
    nb_i128 total = 0;
    for (int32_t a = 0; a < g->m; a++)
        total += ((nb_i128)g->ns->flow[g->ns->pos[a]] + g->lower[a]) * g->cost[a];
    return total;
}

/* The total cost of flows, exactly; NB_ELIMIT past NB_MCF_TOTAL_MAX. */
static int nb_mcf_total_of(const nb_mcf_graph *g, const int64_t *flows, nb_i128 *out, nb_err *err)
{
    nb_i128 total = 0, size = 0;
    for (int32_t a = 0; a < g->m; a++) {
        nb_i128 term = (nb_i128)flows[a] * g->cost[a];
        total += term;
        size += term < 0 ? -term : term;
        if (size > NB_MCF_TOTAL_MAX)
            return nb_err_set(err, NB_ELIMIT,
                              "the total cost (sum of |cost| * |flow|) exceeds 2^126");
    }
    *out = total;
    return 0;
}

/* A cold solve by cost scaling. Returns 0 (solution in cs_flow / cs_pot),
 * NB_EINFEASIBLE, NB_ELIMIT, NB_ENOMEM, or NB_MCF_CS_DEFER (the simplex
 * must solve it). */
static int nb_mcf_solve_cs(nb_mcf_graph *g, nb_mcf_cs_stats *st, nb_err *err)
{
    int rc;
    if ((rc = nb_mcf_check_input(g, err)) != 0)
        return rc;
    if (g->ns != NULL) /* the simplex's tree no longer matches the answer */
        g->ns->tree_ok = 0;
    free(g->cs_flow);
    free(g->cs_pot);
    g->cs_flow = malloc(((size_t)g->m + 1) * sizeof *g->cs_flow);
    g->cs_pot = malloc(((size_t)g->n + 1) * sizeof *g->cs_pot);
    if (g->cs_flow == NULL || g->cs_pot == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the cost-scaling solution");
    rc = nb_mcf_cs_run(g, g->cs_flow, g->cs_pot, st, err);
    if (rc == 0)
        rc = nb_mcf_total_of(g, g->cs_flow, &g->total, err);
    if (rc == 0) {
        g->cs_solved = 1;
        g->solved = 1;
    }
    return rc;
}

/* After a cost-scaling optimum: the crossover to the simplex's state, the
 * answer then read from it (cs_flow and cs_pot freed). Returns 1 when it
 * crossed over, 0 when the cost-scaling answer stands (the next solve is
 * cold; out of memory included: the answer is still right). */
static int nb_mcf_cross(nb_mcf_graph *g, nb_err *err)
{
    nb_err ignored;
    int rc = nb_mcf_crossover(g, g->cs_flow, g->cs_pot, &ignored);
    (void)err;
    if (rc != 0)
        return 0;
    NB_ASSERT(g->ns->total == g->total);
    g->cs_solved = 0;
    free(g->cs_flow);
    free(g->cs_pot);
    g->cs_flow = NULL;
    g->cs_pot = NULL;
    return 1;
}

void nb_mcf_set_cs_crossover(nb_mcf_graph *g, int on)
{
    g->cs_cross = on != 0;
}

int nb_mcf_solve(nb_mcf_graph *g, nb_mcf_result *res, nb_err *err)
{
    int64_t pivots = 0;
    nb_mcf_cs_stats st = {0};
    int warm = 0, fallback = 0, rc = NB_MCF_CS_DEFER;
    g->solved = 0;
    g->cs_solved = 0;
    g->total = 0;
    int cold = g->ns == NULL || !g->ns->tree_ok;
    /* NB_MCF_AUTO: cost scaling, then the crossover to the simplex's tree. */
    int cross = g->algorithm == NB_MCF_AUTO && cold && (g->cs_cross || nb_mcf_cs_preferred(g));
    int crossed = 0;
    if (g->algorithm == NB_MCF_COST_SCALING || cross ||
        (g->algorithm == NB_MCF_AUTO_ONCE && cold && nb_mcf_cs_preferred(g)))
        rc = nb_mcf_solve_cs(g, &st, err);
    if (rc == 0 && cross)
        crossed = nb_mcf_cross(g, err);
    if (rc != NB_MCF_CS_DEFER) {
        if (res != NULL) {
            memset(res, 0, sizeof *res);
            res->status = rc;
            res->algorithm = NB_MCF_COST_SCALING;
            res->relabels = st.relabels;
            res->phases = st.phases;
            res->refined = st.refined;
            res->updates = st.updates;
            res->crossover = crossed;
            if (rc == 0) {
                res->cost_fits = g->total >= INT64_MIN && g->total <= INT64_MAX;
                res->cost = res->cost_fits ? (int64_t)g->total : 0;
                nb_mcf_i128_text(g->total, res->cost_text, sizeof res->cost_text);
            }
        }
        return rc;
    }
    rc = nb_mcf_ns_run(g, &pivots, &warm, &fallback, err);
    const nb_mcf_ns *ns = g->ns;
    if (rc == 0 && ns->total_ok) {
        /* A warm run kept the total up to date (every change and pivot
         * adds its difference); at an optimum no artificial arc carries
         * flow, so it is the total over the real arcs. */
        g->total = ns->total;
        g->solved = 1;
        NB_ASSERT_EXPENSIVE(nb_mcf_total_now(g) == ns->total);
    } else if (rc == 0) {
        /* With the flow and cost limits of nb_mcf_ns_run the sum of
         * |cost| * |flow| stays far below 2^126 (potentials bound max|cost|
         * by 2^60 / (nodes + 1), a basic solution carries at most the flow
         * bound on nodes + 1 arcs plus the finite capacities); the check
         * keeps the total exact should those limits ever change. */
        nb_i128 total = 0, size = 0;
        for (int32_t a = 0; a < g->m; a++) {
            int32_t e = ns->pos[a];
            nb_i128 x = (nb_i128)ns->flow[e] + g->lower[a];
            nb_i128 term = x * g->cost[a];
            total += term;
            size += term < 0 ? -term : term;
            if (size > NB_MCF_TOTAL_MAX) {
                rc = nb_err_set(err, NB_ELIMIT,
                                "the total cost (sum of |cost| * |flow|) exceeds 2^126");
                break;
            }
        }
        if (rc == 0) {
            g->total = total;
            g->solved = 1;
            g->ns->total = total;
            g->ns->total_ok = 1;
        }
    }
    if (rc != 0 && g->ns != NULL)
        g->ns->total_ok = 0;
    if (res != NULL) {
        memset(res, 0, sizeof *res);
        res->status = rc;
        res->algorithm = NB_MCF_SIMPLEX;
        res->pivots = pivots;
        res->warm = warm;
        res->fallback = fallback;
        if (g->ns != NULL) {
            res->priced = g->ns->priced;
            res->shifted = g->ns->shifted;
            res->cycle = g->ns->cycle;
            res->repaired = warm ? g->ns->repaired : 0;
            res->local = warm && g->ns->last_local;
        }
        if (rc == 0) {
            res->cost_fits = g->total >= INT64_MIN && g->total <= INT64_MAX;
            res->cost = res->cost_fits ? (int64_t)g->total : 0;
            nb_mcf_i128_text(g->total, res->cost_text, sizeof res->cost_text);
        }
    }
    return rc;
}

int nb_mcf_has_solution(const nb_mcf_graph *g)
{
    return g->solved;
}

int64_t nb_mcf_flow(const nb_mcf_graph *g, int32_t arc)
{
    if (!g->solved || arc < 0 || arc >= g->m)
        return 0;
    if (g->cs_solved)
        return g->cs_flow[arc];
    return g->ns->flow[g->ns->pos[arc]] + g->lower[arc];
}

int64_t nb_mcf_potential(const nb_mcf_graph *g, int32_t node)
{
    if (!g->solved || node < 0 || node >= g->n)
        return 0;
    return g->cs_solved ? g->cs_pot[node] : g->ns->pi[node];
}

/* Appends (a, x) to the growing lists of nb_mcf_nonzero_flows. */
static int nb_mcf_nz_push(int32_t **arcs, int64_t **flows, int32_t *n, int32_t *room, int32_t a,
                          int64_t x)
{
    if (*n == *room) {
        int64_t r = *room < 1024 ? 1024 : (int64_t)*room * 2;
        if (r > INT32_MAX)
            return NB_ENOMEM;
        int32_t *na = realloc(*arcs, (size_t)r * sizeof *na);
        if (na == NULL)
            return NB_ENOMEM;
        *arcs = na;
        int64_t *nf = realloc(*flows, (size_t)r * sizeof *nf);
        if (nf == NULL)
            return NB_ENOMEM;
        *flows = nf;
        *room = (int32_t)r;
    }
    (*arcs)[*n] = a;
    (*flows)[*n] = x;
    (*n)++;
    return 0;
}

/* An arc with flow, for sorting by arc. */
typedef struct nb_mcf_nz {
    int32_t arc;
    int64_t flow;
} nb_mcf_nz;

/* Ascending arc index (the arcs are distinct). */
static int nb_mcf_cmp_nz(const void *a, const void *b)
{
    const nb_mcf_nz *x = a, *y = b;
    return (x->arc > y->arc) - (x->arc < y->arc);
}

/* The map from the solver's arc order back to the arcs, made anew. */
static int nb_mcf_arc_of_make(nb_mcf_graph *g)
{
    const nb_mcf_ns *ns = g->ns;
    if (g->m > g->arc_of_room || g->arc_of == NULL) {
        int32_t *p = realloc(g->arc_of, (size_t)(g->m > 0 ? g->m : 1) * sizeof *p);
        if (p == NULL)
            return NB_ENOMEM;
        g->arc_of = p;
        g->arc_of_room = g->m > 0 ? g->m : 1;
    }
    for (int32_t a = 0; a < g->m; a++)
        g->arc_of[ns->pos[a] - ns->n] = a;
    return 0;
}

int nb_mcf_nonzero_flows(nb_mcf_graph *g, int32_t **arcs, int64_t **flows, int32_t *count)
{
    int rc = 0, stale = 0;
    int32_t n = 0, room = 0;
    nb_mcf_nz *pairs = NULL;
    *arcs = NULL;
    *flows = NULL;
    *count = 0;
    if (!g->solved)
        return NB_EINVAL;
    if (g->m <= 0)
        return 0;
    if (g->cs_solved) {
        for (int32_t a = 0; a < g->m && rc == 0; a++)
            if (g->cs_flow[a] != 0)
                rc = nb_mcf_nz_push(arcs, flows, &n, &room, a, g->cs_flow[a]);
        goto cleanup;
    }
    const nb_mcf_ns *ns = g->ns;
    /* The map is right for solver arc e when pos maps its arc back to e (pos
     * is one-to-one); else (a cold start mixed the arcs anew) it is made
     * again and the pass starts over, once. */
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((attempt > 0 || g->arc_of == NULL || g->arc_of_room < g->m) &&
            (rc = nb_mcf_arc_of_make(g)) != 0)
            goto cleanup;
        n = 0;
        stale = 0;
        for (int32_t e = ns->n; e < ns->n + g->m && rc == 0 && !stale; e++) {
            if (ns->flow[e] == 0 && ns->lo[e] == 0)
                continue;
            int32_t a = g->arc_of[e - ns->n];
            if (a < 0 || a >= g->m || ns->pos[a] != e) {
                stale = 1;
                continue;
            }
            int64_t x = ns->flow[e] + g->lower[a]; /* as nb_mcf_flow */
            if (x != 0)
                rc = nb_mcf_nz_push(arcs, flows, &n, &room, a, x);
        }
        if (rc != 0 || !stale)
            break;
    }
    if (rc != 0 || stale) { /* stale after a fresh map: cannot happen */
        rc = rc != 0 ? rc : NB_EINVAL;
        goto cleanup;
    }
    if (n == 0)
        goto cleanup;
    /* The solver's order is mixed: sort by arc. */
    if ((pairs = malloc((size_t)n * sizeof *pairs)) == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (int32_t k = 0; k < n; k++)
        pairs[k] = (nb_mcf_nz){(*arcs)[k], (*flows)[k]};
    qsort(pairs, (size_t)n, sizeof *pairs, nb_mcf_cmp_nz);
    for (int32_t k = 0; k < n; k++) {
        (*arcs)[k] = pairs[k].arc;
        (*flows)[k] = pairs[k].flow;
    }
cleanup:
    free(pairs);
    *count = rc == 0 ? n : 0;
    return rc;
}

int nb_mcf_copy_flows(const nb_mcf_graph *g, int64_t *flows)
{
    if (!g->solved)
        return NB_EINVAL;
    for (int32_t a = 0; a < g->m; a++)
        flows[a] = nb_mcf_flow(g, a);
    return 0;
}

int nb_mcf_copy_potentials(const nb_mcf_graph *g, int64_t *pots)
{
    if (!g->solved)
        return NB_EINVAL;
    if (g->n > 0)
        memcpy(pots, g->cs_solved ? g->cs_pot : g->ns->pi, (size_t)g->n * sizeof *pots);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Checker                                                                   */
/* ------------------------------------------------------------------------ */

int nb_mcf_check(const nb_mcf_graph *g, const int64_t *flows, const int64_t *pots, nb_err *err)
{
    int rc = 0;
    nb_i128 *bal = calloc((size_t)g->n + 1, sizeof *bal);
    if (bal == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory in the checker");
    for (int32_t a = 0; a < g->m; a++) {
        int64_t x = flows[a];
        if (x < g->lower[a] || x > g->cap[a]) {
            rc = nb_err_set(err, NB_EINVAL, "arc %d: flow %lld outside [%lld, %lld]", (int)a,
                            (long long)x, (long long)g->lower[a], (long long)g->cap[a]);
            goto cleanup;
        }
        bal[g->from[a]] += x;
        bal[g->to[a]] -= x;
        nb_i128 rcost = (nb_i128)g->cost[a] + pots[g->from[a]] - pots[g->to[a]];
        if (rcost < 0 && x != g->cap[a]) {
            rc = nb_err_set(err, NB_EINVAL,
                            "arc %d: negative reduced cost but flow %lld below capacity", (int)a,
                            (long long)x);
            goto cleanup;
        }
        if (rcost > 0 && x != g->lower[a]) {
            rc = nb_err_set(err, NB_EINVAL,
                            "arc %d: positive reduced cost but flow %lld above lower bound", (int)a,
                            (long long)x);
            goto cleanup;
        }
    }
    for (int32_t v = 0; v < g->n; v++) {
        if (bal[v] != g->supply[v]) {
            rc =
                nb_err_set(err, NB_EINVAL, "node %d: outflow minus inflow differs from supply %lld",
                           (int)v, (long long)g->supply[v]);
            goto cleanup;
        }
    }
cleanup:
    free(bal);
    return rc;
}
