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
 */
#include <stdlib.h>

#include "core/mcf_impl.h"

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
    if (((nb_i128)cmax + 1) * ((nb_i128)n + 1) > ns->art_cost)
        return 1;
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
        if (f < 0 || f > NB_MCF_VALUE_MAX * 4 || (ns->cap[e] != NB_MCF_INF && f > ns->cap[e])) {
            rc = 1;
            goto cleanup;
        }
        ns->flow[e] = (int64_t)f;
    }

    /* Potentials from the tree, in preorder. */
    ns->pi[root] = 0;
    for (int32_t u = ns->thread[root]; u != root; u = ns->thread[u]) {
        int64_t c = ns->arc[ns->pred[u]].c;
        ns->pi[u] = ns->pred_dir[u] == NB_MCF_UP ? ns->pi[ns->parent[u]] - c
                                                 : ns->pi[ns->parent[u]] + c;
    }
    nb_mcf_ns_set_block(ns);

cleanup:
    free(pend);
    return rc;
}

