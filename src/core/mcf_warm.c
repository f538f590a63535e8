/*
 * core/mcf_warm.c — warm start of the network simplex: brings the spanning
 * tree kept from the previous solve up to date with the graph's changes.
 *
 * Costs are copied in and potentials recomputed from the tree (so cost
 * changes of tree and non-tree arcs are both fine); new arcs enter the
 * solver at their lower bound as non-tree arcs; changed bounds move a
 * non-tree arc's flow to its new bound and clamp a tree arc's flow; supply
 * changes and those flow moves leave excesses at nodes, which are routed to
 * the root along tree paths (the flow on a node's tree arc changes by the
 * excess of its whole subtree, in one reverse-preorder pass). When that keeps
 * every tree arc within its bounds the tree is primal feasible and the
 * simplex continues from it; otherwise the caller starts cold.
 *
 * The simplex's leaving-arc rule prevents cycling only from a strongly
 * feasible tree: every node can send flow to the root along its tree path
 * (an arc towards the root below its capacity, an arc from the root with
 * positive flow). Rerouting can empty or saturate a tree arc the wrong way.
 * Such a blocked node u is re-hung from the root: its old tree arc leaves the
 * tree at the bound it reached, and u's artificial arc (index u, dead since
 * it left the tree: flow 0, never priced again) becomes u -> root with cost
 * 0, unbounded and empty, so it does not block. No flow changes; nothing can
 * flow through the new arcs (the root then has no arc out of it that they
 * could feed, or, without a hub, only the big-M ones of LEMON's start). When
 * u's artificial arc is still in use (as the hub's tree arc) the caller
 * starts cold. The preorder thread is then rebuilt from the parents.
 */
#include <stdlib.h>

#include "core/mcf_impl.h"

/* 1 when node u's tree arc blocks sending flow from u to its parent. */
static int nb_mcf_blocked(const nb_mcf_ns *ns, int32_t u)
{
    int32_t e = ns->pred[u];
    if (ns->pred_dir[u] == NB_MCF_UP)
        return ns->cap[e] != NB_MCF_INF && ns->flow[e] >= ns->cap[e];
    return ns->flow[e] <= 0;
}

/* Rebuilds thread, rev_thread, succ_num and last_succ from parent (which
 * must describe a tree rooted at n), without recursion: children lists,
 * then a preorder walk, then subtree sizes in reverse preorder. Returns 0 or
 * NB_ENOMEM. */
static int nb_mcf_rebuild_thread(nb_mcf_ns *ns)
{
    const int32_t n = ns->n, root = n;
    int32_t *first = malloc(((size_t)n + 1) * sizeof *first);
    int32_t *next = ns->dirty; /* scratch of n + 1 */
    if (first == NULL)
        return NB_ENOMEM;
    for (int32_t u = 0; u <= n; u++)
        first[u] = -1;
    for (int32_t u = n - 1; u >= 0; u--) {
        int32_t p = ns->parent[u];
        next[u] = first[p];
        first[p] = u;
    }
    int32_t prev = root, u = first[root];
    while (u != -1) {
        ns->thread[prev] = u;
        ns->rev_thread[u] = prev;
        prev = u;
        if (first[u] != -1) {
            u = first[u];
            continue;
        }
        while (u != root && next[u] == -1)
            u = ns->parent[u];
        u = u == root ? -1 : next[u];
    }
    ns->thread[prev] = root;
    ns->rev_thread[root] = prev;
    for (int32_t v = 0; v <= n; v++) {
        ns->succ_num[v] = 1;
        ns->last_succ[v] = -1;
    }
    for (int32_t v = prev; v != root; v = ns->rev_thread[v]) {
        if (ns->last_succ[v] == -1)
            ns->last_succ[v] = v;
        int32_t p = ns->parent[v];
        ns->succ_num[p] += ns->succ_num[v];
        if (ns->last_succ[p] == -1) /* v is p's last child in preorder */
            ns->last_succ[p] = ns->last_succ[v];
    }
    if (ns->last_succ[root] == -1)
        ns->last_succ[root] = root;
    free(first);
    return 0;
}

/* Makes the tree strongly feasible (see the header comment). Returns 0, 1
 * when a cold start is needed, or NB_ENOMEM. */
static int nb_mcf_make_strong(nb_mcf_ns *ns)
{
    const int32_t n = ns->n, root = n;
    ns->rehung = 0;
    for (int32_t u = 0; u < n; u++) {
        if (!nb_mcf_blocked(ns, u))
            continue;
        int32_t e = ns->pred[u];
        if (e != u && ns->state[u] == NB_MCF_TREE)
            return 1; /* u's artificial arc carries the hub */
        if (e != u)
            ns->state[e] = ns->flow[e] == 0 ? NB_MCF_LOWER : NB_MCF_UPPER;
        ns->arc[u] = (nb_mcf_arcrec){u, root, 0};
        ns->cap[u] = NB_MCF_INF;
        ns->lo[u] = 0;
        ns->flow[u] = 0;
        ns->state[u] = NB_MCF_TREE;
        ns->parent[u] = root;
        ns->pred[u] = u;
        ns->pred_dir[u] = NB_MCF_UP;
        ns->rehung++;
    }
    if (ns->rehung > 0 && nb_mcf_rebuild_thread(ns) != 0)
        return NB_ENOMEM;
    return 0;
}

int nb_mcf_ns_warm(nb_mcf_graph *g, nb_mcf_ns *ns, nb_err *err)
{
    int rc = 0;
    const int32_t n = g->n, root = n;
    nb_i128 *pend = NULL;

    int64_t cmax = 0;
    for (int32_t a = 0; a < g->m; a++) {
        int64_t c = g->cost[a] < 0 ? -g->cost[a] : g->cost[a];
        if (c > cmax)
            cmax = c;
    }
    if (((nb_i128)cmax + 1) * ((nb_i128)n + 1) > ns->art_cost) {
        ns->tree_ok = 0;
        return 1;
    }
    if ((rc = nb_mcf_ns_reserve(ns, n + g->m, g->m)) != 0)
        return nb_err_set(err, rc, "out of memory for the solver arcs");
    pend = calloc((size_t)n + 1, sizeof *pend);
    if (pend == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the solver");

    /* Changed arcs: new cost, and flow moved to the new bounds. */
    for (int32_t a = 0; a < ns->m; a++) {
        int32_t e = ns->pos[a];
        ns->arc[e].c = g->cost[a];
        int64_t ncap = g->cap[a] == NB_MCF_INF ? NB_MCF_INF : g->cap[a] - g->lower[a];
        if (ns->lo[e] == g->lower[a] && ns->cap[e] == ncap)
            continue;
        nb_i128 x_old = (nb_i128)ns->flow[e] + ns->lo[e], x_new;
        if (ns->state[e] == NB_MCF_LOWER) {
            x_new = g->lower[a];
        } else if (ns->state[e] == NB_MCF_UPPER) {
            if (g->cap[a] == NB_MCF_INF) {
                ns->state[e] = NB_MCF_LOWER;
                x_new = g->lower[a];
            } else {
                x_new = g->cap[a];
            }
        } else {
            x_new = x_old;
            if (x_new < g->lower[a])
                x_new = g->lower[a];
            if (g->cap[a] != NB_MCF_INF && x_new > g->cap[a])
                x_new = g->cap[a];
        }
        pend[g->from[a]] -= x_new - x_old;
        pend[g->to[a]] += x_new - x_old;
        ns->lo[e] = g->lower[a];
        ns->cap[e] = ncap;
        ns->flow[e] = (int64_t)(x_new - g->lower[a]);
    }
    /* New arcs enter at their lower bound. */
    for (int32_t a = ns->m; a < g->m; a++) {
        int32_t e = n + a;
        ns->pos[a] = e;
        ns->arc[e].s = g->from[a];
        ns->arc[e].t = g->to[a];
        ns->arc[e].c = g->cost[a];
        ns->lo[e] = g->lower[a];
        ns->cap[e] = g->cap[a] == NB_MCF_INF ? NB_MCF_INF : g->cap[a] - g->lower[a];
        ns->flow[e] = 0;
        ns->state[e] = NB_MCF_LOWER;
        pend[g->from[a]] -= g->lower[a];
        pend[g->to[a]] += g->lower[a];
    }
    ns->m = g->m;
    for (int32_t v = 0; v < n; v++) {
        pend[v] += (nb_i128)g->supply[v] - ns->sup[v];
        ns->sup[v] = g->supply[v];
    }

    /* Route every node's excess to the root along its tree path: the flow on
     * a node's tree arc changes by the excess of its whole subtree. Reverse
     * preorder visits children before parents. */
    for (int32_t u = ns->rev_thread[root]; u != root; u = ns->rev_thread[u]) {
        nb_i128 d = pend[u];
        if (d == 0)
            continue;
        pend[ns->parent[u]] += d;
        int32_t e = ns->pred[u];
        nb_i128 f = ns->pred_dir[u] == NB_MCF_UP ? ns->flow[e] + d : ns->flow[e] - d;
        if (f < 0 || f > (nb_i128)NB_MCF_VALUE_MAX * 4 ||
            (ns->cap[e] != NB_MCF_INF && f > ns->cap[e])) {
            rc = 1;
            goto cleanup;
        }
        ns->flow[e] = (int64_t)f;
    }

    if ((rc = nb_mcf_make_strong(ns)) != 0) {
        if (rc < 0)
            rc = nb_err_set(err, rc, "out of memory for the solver");
        goto cleanup;
    }

    /* Potentials from the tree, in preorder. */
    ns->pi[root] = 0;
    for (int32_t u = ns->thread[root]; u != root; u = ns->thread[u]) {
        int64_t c = ns->arc[ns->pred[u]].c;
        ns->pi[u] =
            ns->pred_dir[u] == NB_MCF_UP ? ns->pi[ns->parent[u]] - c : ns->pi[ns->parent[u]] + c;
    }
    nb_mcf_ns_set_block(ns);

cleanup:
    if (rc != 0) /* the tree is half updated: only a cold start may follow */
        ns->tree_ok = 0;
    free(pend);
    return rc;
}
