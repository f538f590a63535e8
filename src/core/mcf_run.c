/*
 * core/mcf_run.c — one run of the network simplex (mcf_simplex.c has the
 * tree, the pivot and the pricing): the cold start (the artificial starting
 * tree, hub root and LEMON's initial pivots), the run itself (limits checked
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
    nb_i128 *tsup = NULL;
    int32_t *best = NULL;

    ns->tree_ok = 0;
    ns->total_ok = 0;
    ns->priced_ok = 0;
    ns->local = 0;
    ns->prepared = 0;
    ns->rep_n = 0;
    for (int32_t k = 0; k < ns->cand_n; k++)
        ns->in_cand[ns->cand[k]] = 0;
    ns->cand_n = 0;
    g->log_n = 0;
    g->log_all = 0;
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
    tsup = calloc((size_t)n + 1, sizeof *tsup);
    best = malloc(((size_t)n + 1) * sizeof *best);
    if (tsup == NULL || best == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory for the solver");
        goto cleanup;
    }

    /* Big-M: longer than any simple path of real arcs. */
    int64_t cmax = 0;
    if (!zero_costs)
        for (int32_t a = 0; a < m; a++) {
            int64_t c = g->cost[a] < 0 ? -g->cost[a] : g->cost[a];
            if (c > cmax)
                cmax = c;
        }
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

    /* Real arcs, interleaved, with lower bounds shifted into the supplies. */
    for (int32_t v = 0; v < n; v++) {
        tsup[v] = g->supply[v];
        ns->sup[v] = g->supply[v];
    }
    const int32_t skip = n > 0 && m / n > 3 ? m / n : 3;
    int32_t i = 0, j = 0;
    for (int32_t a = 0; a < m; a++) {
        int32_t e = n + i;
        if ((i += skip) >= m)
            i = ++j;
        ns->pos[a] = e;
        ns->arc[e].s = g->from[a];
        ns->arc[e].t = g->to[a];
        ns->arc[e].c = zero_costs ? 0 : g->cost[a];
        ns->lo[e] = g->lower[a];
        ns->cap[e] = g->cap[a] == NB_MCF_INF ? NB_MCF_INF : g->cap[a] - g->lower[a];
        ns->flow[e] = 0;
        ns->state[e] = NB_MCF_LOWER;
        tsup[g->from[a]] -= g->lower[a];
        tsup[g->to[a]] += g->lower[a];
    }
    ns->m = m;
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
            int32_t h = -1;
            memset(best, 0, (size_t)n * sizeof *best);
            for (int32_t a = 0; a < m; a++)
                if (pass == 1 || g->cost[a] == 0) {
                    best[g->from[a]]++;
                    best[g->to[a]]++;
                }
            for (int32_t v = 0; v < n; v++)
                if (tsup[v] <= 0 && (h < 0 || best[v] > best[h]))
                    h = v;
            if (h >= 0 &&
                (int64_t)best[h] * (pass == 0 ? NB_MCF_HUB_SHARE_FREE : NB_MCF_HUB_SHARE) >= n)
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
    }
    ns->next_arc = n;
    nb_mcf_ns_set_block(ns);
    ns->tree_ok = 1;
    /* Without the lists a later re-solve prices every arc (still right). */
    ns->adj_ok = !zero_costs && nb_mcf_ns_build_adj(ns) == 0;

    /* Initial pivots: the cheapest arc into every demand node. */
    for (int32_t v = 0; v < n; v++)
        best[v] = -1;
    for (int32_t e = n; e < n + m; e++) {
        int32_t t = ns->arc[e].t;
        if (tsup[t] < 0 && (best[t] < 0 || ns->arc[e].c < ns->arc[best[t]].c))
            best[t] = e;
    }
    for (int32_t v = 0; v < n && *pivots < limit; v++) {
        int32_t e = best[v];
        if (e < 0)
            continue;
        const nb_mcf_arcrec *r = &ns->arc[e];
        if (ns->state[e] * (r->c + ns->pi[r->s] - ns->pi[r->t]) >= 0)
            continue;
        if ((rc = nb_mcf_ns_pivot(ns, e)) != 0)
            goto cleanup;
        (*pivots)++;
    }

cleanup:
    free(tsup);
    free(best);
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
