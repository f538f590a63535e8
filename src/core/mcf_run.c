/*
 * core/mcf_run.c — one run of the network simplex (mcf_simplex.c has the
 * tree, the pivot and the pricing): the cold start (one pass over the arcs
 * that copies them in LEMON's mixed order and counts what the start needs,
 * the artificial starting tree, hub root and LEMON's initial pivots, the
 * running total cost), the run itself (limits checked
 * in 128 bits before anything is solved, a pivot budget, warm start with a
 * fallback to cold, infeasibility and unboundedness decided) and the checker
 * of the tree's invariants that tests and debug builds call.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"
#include "util/assert.h"

/* A node with at least nodes / NB_MCF_HUB_SHARE arcs becomes the hub. */
#define NB_MCF_HUB_SHARE 16
/* A node with at least nodes / NB_MCF_HUB_SHARE_FREE cost-0 arcs is
 * preferred (see nb_mcf_cold). */
#define NB_MCF_HUB_SHARE_FREE 64

/* ------------------------------------------------------------------------ */
/* Cold start                                                                */
/* ------------------------------------------------------------------------ */

/* Columns of the arc mixing copied together (see nb_mcf_cold_copy). */
#define NB_MCF_COLD_TILE 16

/* What the cold start learns in its one pass over the user arcs. All
 * arrays have n entries and belong to the caller; tsup starts as the
 * supplies, cnt0 and cnt at 0. */
typedef struct nb_mcf_cold_scan {
    nb_i128 *tsup;  /* supply minus the lower bounds of the arcs out, plus in */
    int32_t *cnt0;  /* cost-0 arcs at the node (the hub's first choice) */
    int32_t *cnt;   /* arcs at the node */
    int32_t *best;  /* cheapest internal arc into the node (lowest index on ties), -1 */
    int64_t *bestc; /* its cost */
    int64_t cmax;   /* max |cost| */
    nb_i128 total;  /* sum of lower * cost */
} nb_mcf_cold_scan;

/* Copies the user arcs of g into the solver's arrays in LEMON's mixed
 * order — user arc a goes to internal position n + i, i running 0, skip,
 * 2 skip, ... then 1, 1 + skip, ...: the transpose of a matrix with skip
 * columns — and fills sc in the same pass. The positions are LEMON's; only
 * the order of the copy differs: NB_MCF_COLD_TILE columns at a time, so
 * that the writes of a row are contiguous and every user array is read in
 * NB_MCF_COLD_TILE sequential streams (the plain loop wrote every internal
 * array one cache line per arc; docs/performance.md, "Time per pivot"). */
static void nb_mcf_cold_copy(const nb_mcf_graph *g, nb_mcf_ns *ns, int zero_costs,
                             nb_mcf_cold_scan *sc)
{
    const int32_t n = g->n, m = g->m;
    const int32_t *from = g->from, *to = g->to;
    const int64_t *lower = g->lower, *ucap = g->cap, *ucost = g->cost;
    nb_mcf_arcrec *arc = ns->arc;
    int64_t *cap = ns->cap, *flow = ns->flow, *lo = ns->lo;
    int8_t *state = ns->state;
    int32_t *pos = ns->pos, *cnt0 = sc->cnt0, *cnt = sc->cnt, *best = sc->best;
    int64_t *bestc = sc->bestc;
    nb_i128 *tsup = sc->tsup;
    int64_t cmax = 0;
    nb_i128 total = 0;
    const int32_t skip = n > 0 && m / n > 3 ? m / n : 3;
    /* Column j holds rows + 1 arcs when j < extra, else rows; it starts at
     * user arc j * rows + min(j, extra). */
    const int32_t rows = m / skip, extra = m % skip;
    const int32_t cols = skip < m ? skip : m;
    for (int32_t j0 = 0; j0 < cols; j0 += NB_MCF_COLD_TILE) {
        const int32_t w = cols - j0 < NB_MCF_COLD_TILE ? cols - j0 : NB_MCF_COLD_TILE;
        int32_t start[NB_MCF_COLD_TILE];
        for (int32_t k = 0; k < w; k++) {
            int32_t j = j0 + k;
            start[k] = j * rows + (j < extra ? j : extra);
        }
        for (int32_t r = 0; r <= rows; r++) {
            /* The last row holds only the columns below extra. */
            const int32_t wr = r < rows ? w : (extra - j0 < w ? extra - j0 : w);
            const int32_t base = n + r * skip + j0;
            for (int32_t k = 0; k < wr; k++) {
                const int32_t a = start[k] + r, e = base + k;
                const int32_t s = from[a], t = to[a];
                const int64_t low = lower[a], c = ucost[a];
                const int64_t ce = zero_costs ? 0 : c;
                pos[a] = e;
                arc[e] = (nb_mcf_arcrec){s, t, ce};
                lo[e] = low;
                cap[e] = ucap[a] == NB_MCF_INF ? NB_MCF_INF : ucap[a] - low;
                flow[e] = 0;
                state[e] = NB_MCF_LOWER;
                if (low != 0) {
                    tsup[s] -= low;
                    tsup[t] += low;
                    total += (nb_i128)low * ce;
                }
                const int64_t ac = c < 0 ? -c : c;
                if (ac > cmax)
                    cmax = ac;
                cnt[s]++;
                cnt[t]++;
                if (c == 0) {
                    cnt0[s]++;
                    cnt0[t]++;
                }
                if (best[t] < 0 || ce < bestc[t] || (ce == bestc[t] && e < best[t])) {
                    best[t] = e;
                    bestc[t] = ce;
                }
            }
        }
    }
    sc->cmax = cmax;
    sc->total = total;
}

void nb_mcf_ns_forget(nb_mcf_graph *g, nb_mcf_ns *ns)
{
    ns->tree_ok = 0;
    ns->total_ok = 0;
    ns->priced_ok = 0;
    ns->local = 0;
    ns->prepared = 0;
    ns->rep_n = 0;
    ns->cold_gen++; /* a new arc order: a snapshot's way back is closed */
    for (int32_t k = 0; k < ns->cand_n; k++)
        ns->in_cand[ns->cand[k]] = 0;
    ns->cand_n = 0;
    g->log_n = 0;
    g->log_all = 0;
}

/* Builds the artificial starting tree from g (with all costs 0 when
 * zero_costs) and performs LEMON's heuristic initial pivots (cheapest
 * incoming arc of every demand node), at most `limit` of them. The tree is
 * strongly feasible: every supply arc points to the root with unbounded
 * capacity, every demand arc carries positive flow. */
static int nb_mcf_cold(nb_mcf_graph *g, nb_mcf_ns *ns, int zero_costs, int64_t *pivots,
                       int64_t limit, nb_err *err)
{
    int rc = 0;
    const int32_t n = g->n, m = g->m, root = n;
    nb_mcf_cold_scan sc = {0};

    nb_mcf_ns_forget(g, ns);
    /* GCC 12 -fanalyzer: "leak" when a later realloc in nb_mcf_ns_reserve fails is a
     * false positive; the grown arrays are already stored in ns (g->ns), which
     * nb_mcf_graph_free frees. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
    /* Some room for arcs a re-solve adds (growing copies every array). */
    if ((rc = nb_mcf_ns_reserve(ns, n + m + m / 32 + 16, m + m / 32 + 16)) != 0) {
        rc = nb_err_set(err, rc, "out of memory for the solver arcs");
        goto cleanup;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    sc.tsup = calloc((size_t)n + 1, sizeof *sc.tsup);
    sc.best = malloc(((size_t)n + 1) * sizeof *sc.best);
    sc.bestc = calloc((size_t)n + 1, sizeof *sc.bestc);
    sc.cnt0 = calloc(2 * (size_t)n + 1, sizeof *sc.cnt0);
    if (sc.tsup == NULL || sc.best == NULL || sc.bestc == NULL || sc.cnt0 == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory for the solver");
        goto cleanup;
    }
    sc.cnt = sc.cnt0 + n;
    nb_i128 *const tsup = sc.tsup;
    for (int32_t v = 0; v < n; v++) {
        tsup[v] = g->supply[v];
        ns->sup[v] = g->supply[v];
        sc.best[v] = -1;
    }

    /* Real arcs, interleaved, with lower bounds shifted into the supplies;
     * the same pass finds max |cost|, the arcs per node and the cheapest
     * arc into every node. */
    nb_mcf_cold_copy(g, ns, zero_costs, &sc);
    ns->m = m;

    /* Big-M: longer than any simple path of real arcs. */
    const int64_t cmax = zero_costs ? 0 : sc.cmax;
    if (!zero_costs)
        g->cost_absmax = cmax;
    nb_i128 art = ((nb_i128)cmax + 1) * ((nb_i128)n + 1);
    if (art > NB_MCF_COST_MAX) {
        rc = nb_err_set(err, NB_ELIMIT,
                        "costs too large for %d nodes: (max |cost| + 1) * (nodes + 1) "
                        "must stay below 2^60",
                        (int)n);
        goto cleanup;
    }
    ns->art_cost = (int64_t)art;
    for (int32_t v = 0; v < n; v++)
        if (tsup[v] > (nb_i128)NB_MCF_VALUE_MAX * 2 || tsup[v] < -(nb_i128)NB_MCF_VALUE_MAX * 2) {
            rc = nb_err_set(err, NB_ELIMIT, "node %d: supply minus lower bounds too large", (int)v);
            goto cleanup;
        }

    /* The starting tree. When some real node h (the "hub") has at least
     * nodes/64 cost-0 arcs or else nodes/16 arcs — in staffing-shaped
     * networks the idle-hours sink (also with month buckets, where the
     * unmet-demand source has more arcs: one per line-month; as the hub it
     * took 1.5-2x the time), in assignment networks the sink — the
     * artificial root n gets h as its only
     * child (arc h -> root, cost 0, no flow) and every other node hangs from
     * h by an artificial arc of big-M cost carrying its supply to h or its
     * demand from h. With h as the effective root its huge subtree is never
     * re-hung, which keeps the moved subtrees (and potential updates) small.
     * Without such a hub every node hangs from the root as in LEMON (supply
     * arcs at cost 0, demand arcs at big-M).
     * A node with positive supply is never the hub: in the real teaming
     * model the source S (every person's minutes) has the most cost-0 arcs
     * (S -> person); hung from S every person sat at potential -big-M and the
     * solve took 7-9x LEMON's pivots (1.5-3.9x the time; docs/performance.md,
     * "The starting tree of the real network"). */
    int32_t hub = root;
    if (n > 0) {
        /* First choice: the node with the most cost-0 arcs (a slack sink
         * such as the idle-hours node, whose arcs stay in the tree), if it
         * has at least nodes/NB_MCF_HUB_SHARE_FREE of them; else the node
         * with the most arcs, if at least nodes/NB_MCF_HUB_SHARE. Only
         * nodes without positive supply are candidates. */
        for (int pass = zero_costs ? 1 : 0; pass < 2 && hub == root; pass++) {
            const int32_t *count = pass == 0 ? sc.cnt0 : sc.cnt;
            int32_t h = -1;
            for (int32_t v = 0; v < n; v++)
                if (tsup[v] <= 0 && (h < 0 || count[v] > count[h]))
                    h = v;
            if (h >= 0 &&
                (int64_t)count[h] * (pass == 0 ? NB_MCF_HUB_SHARE_FREE : NB_MCF_HUB_SHARE) >= n)
                hub = h;
        }
    }
    const int64_t sup_cost = hub == root ? 0 : ns->art_cost;
    ns->has_hub = hub != root;
    ns->hub = hub;
    ns->parent[root] = -1;
    ns->pred[root] = -1;
    ns->pred_dir[root] = NB_MCF_UP;
    ns->pi[root] = 0;
    ns->succ_num[root] = n + 1;
    if (n == 0) {
        ns->thread[root] = ns->rev_thread[root] = ns->last_succ[root] = root;
    } else {
        /* Preorder: root, the hub if any, then the others in index order. */
        int32_t prev = root;
        for (int32_t k = hub == root ? 0 : -1; k < n; k++) {
            int32_t u = k < 0 ? hub : k;
            if (k == hub)
                continue;
            ns->thread[prev] = u;
            ns->rev_thread[u] = prev;
            prev = u;
        }
        ns->thread[prev] = root;
        ns->rev_thread[root] = prev;
        ns->last_succ[root] = prev;
        if (hub != root) {
            ns->parent[hub] = root;
            ns->pred[hub] = hub;
            ns->pred_dir[hub] = NB_MCF_UP;
            ns->succ_num[hub] = n;
            ns->last_succ[hub] = prev;
            ns->pi[hub] = 0;
            ns->arc[hub] = (nb_mcf_arcrec){hub, root, 0};
            ns->cap[hub] = NB_MCF_INF;
            ns->lo[hub] = 0;
            ns->flow[hub] = 0;
            ns->state[hub] = NB_MCF_TREE;
        }
    }
    nb_i128 total = sc.total;
    for (int32_t u = 0; u < n; u++) {
        int32_t e = u;
        if (u == hub)
            continue;
        ns->parent[u] = hub;
        ns->pred[u] = e;
        ns->succ_num[u] = 1;
        ns->last_succ[u] = u;
        ns->cap[e] = NB_MCF_INF;
        ns->lo[e] = 0;
        ns->state[e] = NB_MCF_TREE;
        if (tsup[u] >= 0) {
            ns->pred_dir[u] = NB_MCF_UP;
            ns->pi[u] = -sup_cost;
            ns->arc[e] = (nb_mcf_arcrec){u, hub, sup_cost};
            ns->flow[e] = (int64_t)tsup[u];
        } else {
            ns->pred_dir[u] = NB_MCF_DOWN;
            ns->pi[u] = ns->art_cost;
            ns->arc[e] = (nb_mcf_arcrec){hub, u, ns->art_cost};
            ns->flow[e] = (int64_t)-tsup[u];
        }
        total += (nb_i128)ns->flow[e] * ns->arc[e].c;
    }
    /* The pivots keep the total up to date from here (nb_mcf_ns_pivot): no
     * pass over the arcs at the end. Every basic solution's total stays far
     * inside 128 bits with the limits checked above and in
     * nb_mcf_check_input (max |cost| * (nodes + 1) < 2^60, flows < 2^62). */
    ns->total = total;
    ns->total_ok = !zero_costs;
    ns->next_arc = n;
    nb_mcf_ns_set_block(ns);
    ns->tree_ok = 1;
    /* Without the lists a later re-solve prices every arc (still right). */
    ns->adj_ok = !zero_costs && nb_mcf_ns_build_adj(ns) == 0;

    /* Initial pivots: the cheapest arc into every demand node. */
    for (int32_t v = 0; v < n && *pivots < limit; v++) {
        int32_t e = sc.best[v];
        if (e < 0 || tsup[v] >= 0)
            continue;
        const nb_mcf_arcrec *r = &ns->arc[e];
        if (ns->state[e] * (r->c + ns->pi[r->s] - ns->pi[r->t]) >= 0)
            continue;
        if ((rc = nb_mcf_ns_pivot(ns, e)) != 0)
            goto cleanup;
        (*pivots)++;
    }

cleanup:
    free(sc.tsup);
    free(sc.best);
    free(sc.bestc);
    free(sc.cnt0);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                    */
/* ------------------------------------------------------------------------ */

/* What nb_mcf_iterate returns when the budget is spent (internal). */
#define NB_MCF_OUT_OF_PIVOTS 1

/* Pivots until optimal, at most until *pivots reaches limit. Returns 0,
 * NB_EUNBOUNDED or NB_MCF_OUT_OF_PIVOTS (not optimal yet; the tree is
 * still valid). */
static int nb_mcf_iterate(nb_mcf_ns *ns, int64_t *pivots, int64_t limit)
{
    int32_t e;
    for (;;) {
        if (ns->local) {
            e = nb_mcf_ns_entering_local(ns);
            if (e == -2) { /* the change reaches too far: price everything */
                ns->local = 0;
                continue;
            }
        } else {
            e = nb_mcf_ns_entering(ns);
        }
        if (e < 0)
            break;
        if (*pivots >= limit)
            return NB_MCF_OUT_OF_PIVOTS;
        int rc = nb_mcf_ns_pivot(ns, e);
        if (rc != 0)
            return rc;
        (*pivots)++;
    }
    return 0;
}

static int nb_mcf_artificial_flow(const nb_mcf_ns *ns)
{
    for (int32_t e = 0; e < ns->n; e++)
        if (ns->flow[e] != 0)
            return 1;
    return 0;
}

/* The per-instance flow limit of mcf.h: every flow the simplex can produce
 * is at most the bound F = sum of positive supplies + sum |lower| + sum of
 * finite (cap - lower), computed in 128 bits; F <= NB_MCF_FLOW_MAX keeps
 * flows, flow + lower and the tree arcs' flows in int64. */
int nb_mcf_check_input(const nb_mcf_graph *g, nb_err *err)
{
    nb_i128 sum = 0;
    for (int32_t v = 0; v < g->n; v++)
        sum += g->supply[v];
    if (sum != 0)
        return nb_err_set(err, NB_EINFEASIBLE, "supplies do not sum to zero");
    nb_i128 bound = g->arc_bound; /* kept up to date by the setters */
    for (int32_t v = 0; v < g->n; v++)
        if (g->supply[v] > 0)
            bound += g->supply[v];
    if (bound > NB_MCF_FLOW_MAX)
        return nb_err_set(err, NB_ELIMIT,
                          "flows too large: positive supplies + |lower bounds| + finite "
                          "capacities add up to more than 2^62");
    return 0;
}

int nb_mcf_ns_run(nb_mcf_graph *g, int64_t *pivots, int *warm, int *fallback, nb_err *err)
{
    int rc = 0;
    *pivots = 0;
    *warm = 0;
    *fallback = 0;

    if ((rc = nb_mcf_check_input(g, err)) != 0)
        return rc;

    if (g->ns == NULL && (g->ns = nb_mcf_ns_new(g->n)) == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the solver");
    nb_mcf_ns *ns = g->ns;
    ns->priced = 0;
    ns->shifted = 0;
    ns->cycle = 0;
    ns->repaired = 0;
    const int64_t budget = nb_mcf_pivot_budget(g);
    const int64_t warm_budget = g->warm_limit > 0 ? g->warm_limit : budget;
    int64_t run = 0;

    int cold = 1;
    if (ns->tree_ok) {
        rc = nb_mcf_ns_warm(g, ns, err);
        if (rc < 0)
            goto cleanup;
        cold = rc == 1;
        rc = 0;
        if (!cold) {
            rc = nb_mcf_iterate(ns, &run, warm_budget);
            *pivots += run;
            if (rc == NB_MCF_OUT_OF_PIVOTS) {
                /* Stalled or slow from this tree: start afresh. */
                *fallback = 1;
                cold = 1;
                rc = 0;
            }
        }
    }
    if (cold) {
        run = 0;
        ns->local = 0;
        rc = nb_mcf_cold(g, ns, 0, &run, budget, err);
        if (rc == 0)
            rc = nb_mcf_iterate(ns, &run, budget);
        *pivots += run;
    }
    *warm = !cold;

    /* The tree prices right everywhere (the run proved it): later warm
     * starts may price only what their changes reach. */
    ns->priced_ok = rc == 0;
    ns->last_local = !cold && ns->local;
    ns->local = 0;
    ns->prepared = 0;
    for (int32_t k = 0; k < ns->cand_n; k++)
        ns->in_cand[ns->cand[k]] = 0;
    ns->cand_n = 0;
    if (rc == 0) { /* repair arcs that are empty and left the tree are done */
        int32_t kept = 0;
        for (int32_t k = 0; k < ns->rep_n; k++) {
            int32_t e = ns->rep[k];
            if (ns->state[e] == NB_MCF_TREE || ns->flow[e] != 0)
                ns->rep[kept++] = e;
        }
        ns->rep_n = kept;
    }

    if (rc == NB_EUNBOUNDED) {
        /* Unbounded, unless there is no feasible flow at all. */
        int64_t probe = 0;
        rc = nb_mcf_cold(g, ns, 1, &probe, budget, err);
        if (rc == 0)
            rc = nb_mcf_iterate(ns, &probe, budget);
        *pivots += probe;
        ns->tree_ok = 0;
        ns->priced_ok = 0;
        if (rc == 0)
            rc = nb_mcf_artificial_flow(ns)
                     ? nb_err_set(err, NB_EINFEASIBLE, "no feasible flow exists")
                     : nb_err_set(err, NB_EUNBOUNDED,
                                  "a negative-cost cycle has unbounded capacity");
    } else if (rc == 0 && nb_mcf_artificial_flow(ns)) {
        rc = nb_err_set(err, NB_EINFEASIBLE, "no feasible flow exists");
    }
    if (rc == NB_MCF_OUT_OF_PIVOTS)
        rc = nb_err_set(err, NB_ELIMIT,
                        "no optimum within the pivot budget of %lld pivots "
                        "(%d nodes, %d arcs)",
                        (long long)budget, (int)g->n, (int)g->m);
    if (rc == 0 || rc == NB_EINFEASIBLE)
        nb_mcf_ns_normalize_pi(ns);
    /* O(n + m) and allocating: the whole tree, flow conservation with the
     * supplies, zero reduced cost on tree arcs (level 2 only). */
    NB_ASSERT_EXPENSIVE(rc != 0 || nb_mcf_ns_tree_check(g, NULL) != NB_EINVAL);

cleanup:
    ns->local = 0;
    ns->prepared = 0;
    if (rc != 0 && rc != NB_EINFEASIBLE)
        ns->tree_ok = 0;
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Invariant check (for tests)                                               */
/* ------------------------------------------------------------------------ */

int nb_mcf_ns_tree_check(const nb_mcf_graph *g, nb_err *err)
{
    const nb_mcf_ns *ns = g->ns;
    int rc = 0;
    int32_t *order = NULL;
    nb_i128 *bal = NULL;
    if (ns == NULL || !ns->tree_ok)
        return nb_err_set(err, NB_EINVAL, "no spanning tree");
    const int32_t n = ns->n, root = n, total = n + ns->m;
    order = malloc(((size_t)n + 1) * sizeof *order);
    bal = calloc((size_t)n + 1, sizeof *bal);
    if (order == NULL || bal == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory in the tree check");
        goto cleanup;
    }
    if (ns->parent[root] != -1) {
        rc = nb_err_set(err, NB_EINVAL, "the root has a parent");
        goto cleanup;
    }
    /* The thread is a cycle through all n + 1 nodes starting at the root;
     * order[u] is u's preorder position. */
    for (int32_t u = 0; u <= n; u++)
        order[u] = -1;
    int32_t k = 0, u = root;
    do {
        if (u < 0 || u > n || order[u] >= 0 || ns->rev_thread[ns->thread[u]] != u) {
            rc = nb_err_set(err, NB_EINVAL, "thread broken at node %d", (int)u);
            goto cleanup;
        }
        order[u] = k++;
        u = ns->thread[u];
    } while (u != root);
    if (k != n + 1) {
        rc = nb_err_set(err, NB_EINVAL, "thread visits %d of %d nodes", (int)k, (int)n + 1);
        goto cleanup;
    }
    int32_t tree_arcs = 0;
    for (int32_t e = 0; e < total; e++)
        tree_arcs += ns->state[e] == NB_MCF_TREE;
    if (tree_arcs != n) {
        rc = nb_err_set(err, NB_EINVAL, "%d tree arcs for %d nodes", (int)tree_arcs, (int)n);
        goto cleanup;
    }
    for (int32_t v = 0; v <= n; v++) {
        /* A subtree is a contiguous preorder range ending at last_succ. */
        int32_t last = ns->last_succ[v];
        if (last < 0 || last > n || order[last] - order[v] + 1 != ns->succ_num[v]) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: last_succ or succ_num wrong", (int)v);
            goto cleanup;
        }
        if (v == root)
            continue;
        int32_t p = ns->parent[v], e = ns->pred[v];
        if (p < 0 || p > n || order[p] >= order[v] || order[v] > order[ns->last_succ[p]]) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: not inside its parent's subtree", (int)v);
            goto cleanup;
        }
        if (e < 0 || e >= total || ns->state[e] != NB_MCF_TREE) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: tree arc %d not marked TREE", (int)v, (int)e);
            goto cleanup;
        }
        const nb_mcf_arcrec *r = &ns->arc[e];
        int up = r->s == v && r->t == p, down = r->s == p && r->t == v;
        if (!(ns->pred_dir[v] == NB_MCF_UP ? up : down)) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: tree arc %d does not join it to its parent",
                            (int)v, (int)e);
            goto cleanup;
        }
        if (r->c + ns->pi[r->s] - ns->pi[r->t] != 0) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: tree arc with non-zero reduced cost", (int)v);
            goto cleanup;
        }
        /* Strongly feasible: flow can go from v towards the root. */
        int blocked = ns->pred_dir[v] == NB_MCF_UP
                          ? ns->cap[e] != NB_MCF_INF && ns->flow[e] >= ns->cap[e]
                          : ns->flow[e] <= 0;
        if (blocked) {
            rc = nb_err_set(err, NB_EINVAL,
                            "node %d: tree arc %d blocks the way to the root (not strongly "
                            "feasible)",
                            (int)v, (int)e);
            goto cleanup;
        }
    }
    for (int32_t e = 0; e < total; e++) {
        int64_t f = ns->flow[e];
        if (f < 0 || (ns->cap[e] != NB_MCF_INF && f > ns->cap[e]) ||
            (ns->state[e] == NB_MCF_LOWER && f != 0) ||
            (ns->state[e] == NB_MCF_UPPER && f != ns->cap[e])) {
            rc = nb_err_set(err, NB_EINVAL, "arc %d: flow %lld does not fit its state", (int)e,
                            (long long)f);
            goto cleanup;
        }
        const nb_mcf_arcrec *r = &ns->arc[e];
        nb_i128 x = (nb_i128)f + ns->lo[e];
        bal[r->s] += x;
        bal[r->t] -= x;
    }
    for (int32_t v = 0; v < n; v++)
        if (bal[v] != ns->sup[v]) {
            rc = nb_err_set(err, NB_EINVAL, "node %d: flow not conserved", (int)v);
            goto cleanup;
        }
cleanup:
    free(order);
    free(bal);
    return rc;
}
