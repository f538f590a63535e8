/*
 * core/mcf_warm.c — warm start of the network simplex: brings the spanning
 * tree kept from the previous solve up to date with the graph's changes, so
 * that the re-solve touches only what the changes reach.
 *
 * What a change costs (the graph logs the arcs whose cost or bounds changed;
 * new arcs and supply changes are found by their index and one pass over the
 * nodes):
 *  - a cost change of a non-tree arc makes it a pricing candidate; of a tree
 *    arc it shifts the potentials of the smaller side of the tree at that
 *    arc, whose nodes' arcs become candidates;
 *  - a new arc enters at its lower bound as a candidate;
 *  - changed bounds move a non-tree arc's flow to its new bound and clamp a
 *    tree arc's flow; these moves and supply changes leave excesses at
 *    nodes, routed to the root along their tree paths (each excess walks its
 *    path; many excesses: one reverse-preorder pass). When that keeps every
 *    tree arc within its bounds the flows are applied. Otherwise (a capacity
 *    dropped below the flow the tree cannot re-route, a bound or supply the
 *    tree cannot absorb) nothing is re-routed: each node's excess is parked on
 *    its artificial arc as a "repair arc" to or from the root with big-M cost,
 *    capacity and flow equal to the excess (a non-tree arc at its upper
 *    bound). Pricing looks at repair arcs first; the simplex pushes their
 *    flow back through the network (cancelling the excess along tree cycles)
 *    and re-optimises. Flow left on a repair arc at the optimum means no
 *    feasible flow exists (big-M exceeds any simple path's cost);
 *  - the tree is made strongly feasible again where flows changed (see
 *    below);
 *  - pricing: after a solve that proved optimality every non-tree arc prices
 *    right, and a change alters only the reduced costs of the arcs it names
 *    and of the arcs at nodes whose potential moved. Those arcs are the
 *    candidates; the run prices only them (Dantzig's rule over the list),
 *    and after each pivot adds the arcs of the side of the tree whose
 *    potentials moved. An empty list proves optimality. When the scanned
 *    arcs exceed a budget (half of the arcs) the run falls back to the
 *    block search over all arcs; when the cost changes of tree arcs alone
 *    move sides with more than a 32nd of the arcs (nb_mcf_forecast), it
 *    prices by block search from the start.
 * The total cost is kept up to date the same way (each change adds its
 * difference, each pivot delta times the entering arc's reduced cost).
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
 * could feed, or, without a hub, only the big-M ones of LEMON's start). The
 * subtree of u moves under the root in the preorder thread (only u's old
 * ancestors are updated) and its potentials shift. When u's artificial arc
 * is still in use (as the hub's tree arc, or as a repair arc) the caller
 * starts cold.
 */
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"

/* Many excesses: route them in one reverse-preorder pass over all nodes
 * instead of walking each one's tree path. */
#define NB_MCF_WALK_MAX 64

/* ------------------------------------------------------------------------ */
/* Adjacency and candidates                                                  */
/* ------------------------------------------------------------------------ */

static void nb_mcf_adj_link(nb_mcf_ns *ns, int32_t e)
{
    int32_t s = ns->arc[e].s, t = ns->arc[e].t;
    ns->nx_out[e] = ns->hd_out[s];
    ns->hd_out[s] = e;
    ns->nx_in[e] = ns->hd_in[t];
    ns->hd_in[t] = e;
    ns->deg[s]++;
    ns->deg[t]++;
}

int nb_mcf_ns_build_adj(nb_mcf_ns *ns)
{
    if (ns->deg == NULL && (ns->deg = malloc(((size_t)ns->n + 1) * sizeof *ns->deg)) == NULL)
        return NB_ENOMEM;
    for (int32_t u = 0; u <= ns->n; u++) {
        ns->hd_out[u] = ns->hd_in[u] = -1;
        ns->deg[u] = 0;
    }
    /* Linked in reverse so that a node's list runs in index order. */
    for (int32_t e = ns->n + ns->m - 1; e >= ns->n; e--)
        nb_mcf_adj_link(ns, e);
    return 0;
}

/* Adds e to the candidates (when pricing is local). Out of memory: local
 * pricing is given up (the block search stays right). */
static void nb_mcf_cand_push(nb_mcf_ns *ns, int32_t e)
{
    if (!ns->local || ns->in_cand[e])
        return;
    if (ns->cand_n >= ns->cand_room) {
        int64_t room = ns->cand_room < 256 ? 256 : (int64_t)ns->cand_room * 2;
        int32_t *p = room > INT32_MAX ? NULL : realloc(ns->cand, (size_t)room * sizeof *p);
        if (p == NULL) {
            ns->local = 0;
            return;
        }
        ns->cand = p;
        ns->cand_room = (int32_t)room;
    }
    ns->cand[ns->cand_n++] = e;
    ns->in_cand[e] = 1;
    ns->local_work++;
}

/* The arc prices wrong now (state * reduced cost < 0). */
static int nb_mcf_violates(const nb_mcf_ns *ns, int32_t e)
{
    const nb_mcf_arcrec *r = &ns->arc[e];
    return ns->state[e] * (r->c + ns->pi[r->s] - ns->pi[r->t]) < 0;
}

void nb_mcf_ns_mark_range(nb_mcf_ns *ns, int32_t u, int32_t end)
{
    /* Look-ahead: every arc scanned below counts towards the budget (and
     * every arc pushed once more), and the scan gives local pricing up
     * after the node at which the count passes it. When the nodes' arcs
     * alone take the count past the budget, the scan would give up within
     * this range whatever it found, and the candidates it pushed would
     * never be priced: give up now without reading them. The same run, the
     * same pivots; only the wasted reads go (a large subtree moving after
     * a post-processing round: 18 % of a national team proposal). */
    int64_t work = ns->local_work;
    for (int32_t v = u; v != end && ns->local && work <= ns->local_budget; v = ns->thread[v])
        work += ns->deg[v];
    if (u != end && work > ns->local_budget)
        ns->local = 0;
    /* The potentials are final for this step, so only arcs that price
     * wrong now need a place in the list; a later shift at one of their
     * ends looks at them again. */
    for (int32_t v = u; v != end && ns->local; v = ns->thread[v]) {
        for (int32_t e = ns->hd_out[v]; e >= 0; e = ns->nx_out[e], ns->local_work++)
            if (nb_mcf_violates(ns, e))
                nb_mcf_cand_push(ns, e);
        for (int32_t e = ns->hd_in[v]; e >= 0; e = ns->nx_in[e], ns->local_work++)
            if (nb_mcf_violates(ns, e))
                nb_mcf_cand_push(ns, e);
        if (ns->local_work > ns->local_budget) {
            ns->local = 0; /* reaches too far: the block search takes over */
        }
    }
}

int32_t nb_mcf_ns_entering_local(nb_mcf_ns *ns)
{
    const nb_mcf_arcrec *arc = ns->arc;
    const int8_t *state = ns->state;
    const int64_t *pi = ns->pi;
    int64_t min = 0;
    int32_t best = -1, kept = 0;
    for (int32_t k = 0; k < ns->rep_n; k++) {
        int32_t e = ns->rep[k];
        int64_t c = state[e] * (arc[e].c + pi[arc[e].s] - pi[arc[e].t]);
        if (c < min) {
            min = c;
            best = e;
        }
    }
    for (int32_t k = 0; k < ns->cand_n; k++) {
        int32_t e = ns->cand[k];
        int64_t c = state[e] * (arc[e].c + pi[arc[e].s] - pi[arc[e].t]);
        if (c < 0) {
            ns->cand[kept++] = e;
            if (c < min) {
                min = c;
                best = e;
            }
        } else {
            ns->in_cand[e] = 0;
        }
    }
    ns->priced += ns->rep_n + ns->cand_n;
    ns->local_work += ns->rep_n + ns->cand_n;
    ns->cand_n = kept;
    if (ns->local_work > ns->local_budget)
        return -2;
    return best;
}

/* ------------------------------------------------------------------------ */
/* Tree repairs                                                              */
/* ------------------------------------------------------------------------ */

/* 1 when node u's tree arc blocks sending flow from u to its parent. */
static int nb_mcf_blocked(const nb_mcf_ns *ns, int32_t u)
{
    int32_t e = ns->pred[u];
    if (ns->pred_dir[u] == NB_MCF_UP)
        return ns->cap[e] != NB_MCF_INF && ns->flow[e] >= ns->cap[e];
    return ns->flow[e] <= 0;
}

/* Sets u's potential from its tree arc and shifts its subtree with it, or
 * (when the subtree is the larger side) the rest of the tree the other way;
 * the shifted nodes' arcs become candidates. */
static void nb_mcf_fix_pot(nb_mcf_ns *ns, int32_t u)
{
    int32_t p = ns->parent[u], e = ns->pred[u];
    int64_t want =
        ns->pred_dir[u] == NB_MCF_UP ? ns->pi[p] - ns->arc[e].c : ns->pi[p] + ns->arc[e].c;
    int64_t d = want - ns->pi[u];
    if (d == 0)
        return;
    int32_t end = ns->thread[ns->last_succ[u]];
    if (ns->succ_num[u] <= (ns->n + 1) / 2) {
        for (int32_t v = u; v != end; v = ns->thread[v])
            ns->pi[v] += d;
        nb_mcf_ns_mark_range(ns, u, end);
    } else {
        for (int32_t v = end; v != u; v = ns->thread[v])
            ns->pi[v] -= d;
        nb_mcf_ns_mark_range(ns, end, u);
    }
}

/* Moves the subtree of u (u not the root) to hang from the root, first in
 * the preorder thread; only u's old ancestors change. Sets parent[u]; the
 * caller sets pred and pred_dir. */
static void nb_mcf_move_to_root(nb_mcf_ns *ns, int32_t u)
{
    int32_t *thread = ns->thread, *rev = ns->rev_thread;
    const int32_t root = ns->n, last = ns->last_succ[u], sz = ns->succ_num[u];
    int32_t before = rev[u], after = thread[last];
    thread[before] = after;
    rev[after] = before;
    for (int32_t w = ns->parent[u]; w != root; w = ns->parent[w]) {
        ns->succ_num[w] -= sz;
        if (ns->last_succ[w] == last)
            ns->last_succ[w] = before;
    }
    int32_t first = thread[root];
    thread[root] = u;
    rev[u] = root;
    thread[last] = first;
    rev[first] = last;
    ns->parent[u] = root;
    ns->last_succ[root] = rev[root];
}

/* A free artificial arc index ("slot": 0..n-1; slot u starts as node u's
 * arc to the root, but any slot can hold any artificial arc): not in the
 * tree, no flow, not a repair arc. Searched round robin; -1 when none. */
static int32_t nb_mcf_free_slot(nb_mcf_ns *ns)
{
    for (int32_t k = 0; k < ns->n; k++) {
        int32_t e = ns->slot_next;
        ns->slot_next = e + 1 < ns->n ? e + 1 : 0;
        if (ns->state[e] == NB_MCF_TREE || ns->flow[e] != 0)
            continue;
        int busy = 0;
        for (int32_t j = 0; j < ns->rep_n && !busy; j++)
            busy = ns->rep[j] == e;
        if (!busy)
            return e;
    }
    return -1;
}

/* Re-hangs blocked node u from the root (see the header comment). Returns 0
 * or 1 when a cold start is needed. */
static int nb_mcf_rehang(nb_mcf_ns *ns, int32_t u)
{
    const int32_t root = ns->n;
    int32_t e = ns->pred[u], f = e;
    if (e < root && ns->flow[e] != 0)
        return 1;   /* a full repair arc in the tree */
    if (e < root) { /* an empty artificial arc, rebuilt in place: no repair now */
        int32_t kept = 0;
        for (int32_t k = 0; k < ns->rep_n; k++)
            if (ns->rep[k] != e)
                ns->rep[kept++] = ns->rep[k];
        ns->rep_n = kept;
    } else { /* a real arc: it leaves the tree at its bound */
        if ((f = nb_mcf_free_slot(ns)) < 0)
            return 1;
        ns->state[e] = ns->flow[e] == 0 ? NB_MCF_LOWER : NB_MCF_UPPER;
        nb_mcf_cand_push(ns, e);
    }
    ns->arc[f] = (nb_mcf_arcrec){u, root, 0};
    ns->cap[f] = NB_MCF_INF;
    ns->lo[f] = 0;
    ns->flow[f] = 0;
    ns->state[f] = NB_MCF_TREE;
    if (ns->parent[u] != root)
        nb_mcf_move_to_root(ns, u);
    ns->pred[u] = f;
    ns->pred_dir[u] = NB_MCF_UP;
    ns->rehung++;
    nb_mcf_fix_pot(ns, u);
    return 0;
}

/* Parks excess d of node u on its artificial arc (see the header comment).
 * Returns 0, or 1 when the slot is in use. */
static int nb_mcf_park(nb_mcf_ns *ns, int32_t u, nb_i128 d)
{
    const int32_t root = ns->n;
    if (d > NB_MCF_FLOW_MAX || d < -NB_MCF_FLOW_MAX)
        return 1;
    if (ns->rep_n >= ns->rep_room) {
        int64_t room = ns->rep_room < 16 ? 16 : (int64_t)ns->rep_room * 2;
        int32_t *p = room > INT32_MAX ? NULL : realloc(ns->rep, (size_t)room * sizeof *p);
        if (p == NULL)
            return 1;
        ns->rep = p;
        ns->rep_room = (int32_t)room;
    }
    int32_t f = nb_mcf_free_slot(ns);
    if (f < 0)
        return 1;
    int64_t x = (int64_t)(d < 0 ? -d : d);
    ns->arc[f] =
        d > 0 ? (nb_mcf_arcrec){u, root, ns->art_cost} : (nb_mcf_arcrec){root, u, ns->art_cost};
    ns->cap[f] = x;
    ns->lo[f] = 0;
    ns->flow[f] = x;
    ns->state[f] = NB_MCF_UPPER;
    ns->rep[ns->rep_n++] = f;
    ns->total += (nb_i128)x * ns->art_cost;
    ns->repaired++;
    return 0;
}

/* The child end of tree arc e (the node whose pred it is). */
static int32_t nb_mcf_tree_child(const nb_mcf_ns *ns, int32_t e)
{
    return ns->pred[ns->arc[e].s] == e ? ns->arc[e].s : ns->arc[e].t;
}

/* The node lists of one warm start: pl the nodes with an excess (pend),
 * tl the nodes whose tree arc's flow or bounds changed. Each list is kept
 * free of repeats with tmark, one list at a time (pl first). */
typedef struct nb_mcf_lists {
    int32_t *pl, np;
    int32_t *tl, nt;
} nb_mcf_lists;

/* Adds u to tl. */
static void nb_mcf_touch(nb_mcf_ns *ns, nb_mcf_lists *l, int32_t u)
{
    if (!ns->tmark[u]) {
        ns->tmark[u] = 1;
        l->tl[l->nt++] = u;
    }
}

/* Adds excess d at node u (pend) and u to pl. */
static void nb_mcf_excess(nb_mcf_ns *ns, nb_mcf_lists *l, int32_t u, nb_i128 d)
{
    ns->pend[u] += d;
    if (!ns->tmark[u]) {
        ns->tmark[u] = 1;
        l->pl[l->np++] = u;
    }
}

/* ------------------------------------------------------------------------ */
/* Warm start                                                                */
/* ------------------------------------------------------------------------ */

/* Brings user arc a up to date: cost, and flow moved to new bounds (the
 * difference left as excess in pend). */
static void nb_mcf_update_arc(const nb_mcf_graph *g, nb_mcf_ns *ns, int32_t a, nb_mcf_lists *l)
{
    int32_t e = ns->pos[a];
    int64_t c_old = ns->arc[e].c, c_new = g->cost[a];
    int64_t ncap = g->cap[a] == NB_MCF_INF ? NB_MCF_INF : g->cap[a] - g->lower[a];
    nb_i128 x_old = (nb_i128)ns->flow[e] + ns->lo[e], x_new = x_old;
    int bounds = ns->lo[e] != g->lower[a] || ns->cap[e] != ncap;
    if (!bounds && c_old == c_new)
        return;
    if (bounds) {
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
            if (x_new < g->lower[a])
                x_new = g->lower[a];
            if (g->cap[a] != NB_MCF_INF && x_new > g->cap[a])
                x_new = g->cap[a];
        }
        if (x_new != x_old) {
            nb_mcf_excess(ns, l, g->from[a], -(x_new - x_old));
            nb_mcf_excess(ns, l, g->to[a], x_new - x_old);
        }
        ns->lo[e] = g->lower[a];
        ns->cap[e] = ncap;
        ns->flow[e] = (int64_t)(x_new - g->lower[a]);
    }
    ns->total += x_new * c_new - x_old * c_old;
    ns->arc[e].c = c_new;
    if (ns->state[e] == NB_MCF_TREE) {
        int32_t u = nb_mcf_tree_child(ns, e);
        if (bounds)
            l->tl[l->nt++] = u; /* check it still lets flow pass (repeats are harmless) */
        if (c_new != c_old)
            nb_mcf_fix_pot(ns, u);
    } else {
        nb_mcf_cand_push(ns, e);
    }
}

/* Bit of in_cand that marks an arc the forecast below has counted (the
 * change log may name an arc twice); cleared before the forecast returns. */
#define NB_MCF_FORECAST_SEEN 2

/*
 * The forecast (before the change pass): the logged cost changes of tree
 * arcs each shift the potentials of one side of the tree (nb_mcf_fix_pot:
 * the child's subtree when it holds at most half the nodes, else the rest),
 * and the marking then reads every arc of that side's nodes through the
 * adjacency lists. Those sides are known before any potential moves (the
 * pass does not change the tree). When their arcs pass NB_MCF_FORECAST_SHARE
 * (mcf_impl.h), local pricing is given up now, before an arc is read, and
 * the run prices by block search from the start. The post-processing's
 * rounds are such changes: forbidding a sliver (a tree arc) by a large cost
 * moves a side that holds lines, and every holder of those lines then
 * prices wrong (hundreds of thousands of candidates at national size);
 * local pricing read up to half the arcs through the lists and gave up
 * every time (docs/performance.md, "nat30"). Costs a walk over the nodes of
 * the sides, which the shifts of the pass walk anyway, and stops at the
 * limit; a change within it (one assignment, one person) stays local.
 */
static void nb_mcf_forecast(const nb_mcf_graph *g, nb_mcf_ns *ns)
{
    const int32_t half = (ns->n + 1) / 2;
    const int64_t limit = nb_mcf_forecast_limit(ns);
    int64_t work = ns->local_work;
    for (int32_t k = 0; k < g->log_n && work <= limit; k++) {
        int32_t a = g->log[k];
        if (a >= ns->m)
            continue;
        int32_t e = ns->pos[a];
        if (ns->state[e] != NB_MCF_TREE || ns->arc[e].c == g->cost[a] ||
            (ns->in_cand[e] & NB_MCF_FORECAST_SEEN))
            continue;
        ns->in_cand[e] |= NB_MCF_FORECAST_SEEN;
        int32_t u = nb_mcf_tree_child(ns, e);
        int32_t end = ns->thread[ns->last_succ[u]];
        int32_t first = ns->succ_num[u] <= half ? u : end, stop = first == u ? end : u;
        for (int32_t v = first; v != stop && work <= limit; v = ns->thread[v])
            work += ns->deg[v];
    }
    for (int32_t k = 0; k < g->log_n; k++)
        if (g->log[k] < ns->m)
            ns->in_cand[ns->pos[g->log[k]]] &= (uint8_t)~NB_MCF_FORECAST_SEEN;
    if (work > limit)
        ns->local = 0;
}

int nb_mcf_ns_warm(nb_mcf_graph *g, nb_mcf_ns *ns, nb_err *err)
{
    int rc = 0;
    const int32_t n = g->n, root = n;
    nb_mcf_lists l = {.pl = ns->touch, .tl = ns->dirty};

    if (((nb_i128)g->cost_absmax + 1) * ((nb_i128)n + 1) > ns->art_cost) {
        ns->tree_ok = 0;
        return 1;
    }
    if ((rc = nb_mcf_ns_reserve(ns, n + g->m, g->m)) != 0)
        return nb_err_set(err, rc, "out of memory for the solver arcs");
    ns->rehung = 0;
    /* Local pricing needs a proven optimum and the adjacency lists; a
     * direct call before nb_mcf_solve keeps its candidates. */
    if (!ns->prepared) {
        ns->prepared = 1;
        ns->local = ns->priced_ok && ns->adj_ok && !g->log_all;
        ns->local_work = 0;
        ns->local_budget = ((int64_t)n + g->m) / 2 + 1000;
    }
    if (ns->local && !g->log_all)
        nb_mcf_forecast(g, ns);

    /* Changed arcs: new cost, and flow moved to the new bounds (journalled
     * first when a snapshot is held: mcf_save.c). */
    if (g->log_all) {
        nb_mcf_snap_break(ns);
        for (int32_t a = 0; a < ns->m; a++)
            nb_mcf_update_arc(g, ns, a, &l);
    } else {
        for (int32_t k = 0; k < g->log_n; k++)
            if (g->log[k] < ns->m) {
                nb_mcf_snap_note(ns, g->log[k]);
                nb_mcf_update_arc(g, ns, g->log[k], &l);
            }
    }
    g->log_n = 0;
    g->log_all = 0;
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
        if (g->lower[a] != 0) {
            nb_mcf_excess(ns, &l, g->from[a], -(nb_i128)g->lower[a]);
            nb_mcf_excess(ns, &l, g->to[a], g->lower[a]);
        }
        ns->total += (nb_i128)g->lower[a] * g->cost[a];
        if (ns->adj_ok)
            nb_mcf_adj_link(ns, e);
        nb_mcf_cand_push(ns, e);
    }
    ns->m = g->m;
    for (int32_t v = 0; v < n; v++)
        if (g->supply[v] != ns->sup[v]) {
            nb_mcf_excess(ns, &l, v, (nb_i128)g->supply[v] - ns->sup[v]);
            ns->sup[v] = g->supply[v];
        }
    /* The nodes left with an excess (tmark is free for tl again). */
    int32_t np = 0;
    for (int32_t k = 0; k < l.np; k++) {
        int32_t u = l.pl[k];
        ns->tmark[u] = 0;
        if (ns->pend[u] != 0)
            l.pl[np++] = u;
    }
    l.np = np;

    /* Route every excess to the root along its tree path: acc[u] is the
     * change of the flow on u's tree arc (the excess of u's subtree). */
    if (l.np <= NB_MCF_WALK_MAX) {
        for (int32_t k = 0; k < l.np; k++) {
            nb_i128 d = ns->pend[l.pl[k]];
            for (int32_t u = l.pl[k]; u != root; u = ns->parent[u]) {
                ns->acc[u] += d;
                nb_mcf_touch(ns, &l, u);
            }
        }
    } else {
        for (int32_t u = ns->rev_thread[root]; u != root; u = ns->rev_thread[u]) {
            nb_i128 d = ns->acc[u] + ns->pend[u];
            ns->acc[u] = 0;
            if (d == 0)
                continue;
            ns->acc[u] = d;
            ns->acc[ns->parent[u]] += d;
            nb_mcf_touch(ns, &l, u);
        }
        ns->acc[root] = 0;
    }
    int fits = 1;
    for (int32_t k = 0; k < l.nt && fits; k++) {
        int32_t u = l.tl[k], e = ns->pred[u];
        nb_i128 f =
            ns->pred_dir[u] == NB_MCF_UP ? ns->flow[e] + ns->acc[u] : ns->flow[e] - ns->acc[u];
        fits = f >= 0 && f <= (nb_i128)NB_MCF_FLOW_MAX &&
               (ns->cap[e] == NB_MCF_INF || f <= ns->cap[e]);
    }
    for (int32_t k = 0; k < l.nt; k++) {
        int32_t u = l.tl[k], e = ns->pred[u];
        nb_i128 d = ns->pred_dir[u] == NB_MCF_UP ? ns->acc[u] : -ns->acc[u];
        ns->acc[u] = 0;
        if (fits && d != 0) {
            ns->flow[e] += (int64_t)d;
            ns->total += d * ns->arc[e].c;
        }
    }
    /* The tree cannot re-route it: park each excess on a repair arc. */
    for (int32_t k = 0; k < l.np; k++) {
        int32_t u = l.pl[k];
        if (!fits && rc == 0)
            rc = nb_mcf_park(ns, u, ns->pend[u]);
        ns->pend[u] = 0;
    }
    if (rc != 0)
        goto cleanup;

    /* Strongly feasible again where flows or bounds changed. */
    for (int32_t k = 0; k < l.nt && rc == 0; k++)
        if (nb_mcf_blocked(ns, l.tl[k]))
            rc = nb_mcf_rehang(ns, l.tl[k]);
    if (rc != 0)
        goto cleanup;

    nb_mcf_ns_normalize_pi(ns);
    nb_mcf_ns_set_block(ns);

cleanup:
    for (int32_t k = 0; k < l.nt; k++)
        ns->tmark[l.tl[k]] = 0;
    if (rc != 0) { /* the tree is half updated: only a cold start may follow */
        ns->tree_ok = 0;
        ns->local = 0;
        ns->prepared = 0;
    }
    return rc;
}
