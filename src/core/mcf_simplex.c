/*
 * core/mcf_simplex.c — primal network simplex for minimum-cost flow.
 *
 * The method and its tree bookkeeping follow LEMON's NetworkSimplex (Kiraly &
 * Kovacs, "Efficient implementations of minimum-cost flow algorithms"), written
 * anew in C with int32 indices and struct-of-arrays storage, with two changes
 * that matter on staffing-shaped networks (hub root, smaller-side potential
 * update):
 *
 *  - the starting tree: when a real node has at least nodes/16 arcs (the
 *    "hub", e.g. the idle-hours sink of a staffing network), an artificial
 *    root n whose only child is the hub and one big-M artificial arc between
 *    the hub and every other node carrying that node's supply or demand; so
 *    the huge subtree under the hub is never re-hung. Otherwise, as in LEMON,
 *    every node hangs from the artificial root n;
 *  - the tree is stored as parent / pred / pred_dir plus a preorder "thread"
 *    list (thread, rev_thread), subtree sizes (succ_num) and the last node of
 *    each subtree in preorder (last_succ), so that a pivot touches only the
 *    cycle, the re-hung stem and the moved subtree — all loops, no recursion;
 *  - after a pivot the potentials of the smaller side of the tree are
 *    shifted (the moved subtree, or everything else — only differences of
 *    potentials matter), with the root re-zeroed when it drifts far;
 *  - block-search pricing scans blocks of sqrt(m) arcs (0.4 sqrt(m) with a
 *    hub) round-robin and takes the most negative reduced cost of the first
 *    block that has one;
 *  - the leaving arc is the last blocking arc in the orientation of the cycle,
 *    which keeps the tree strongly feasible and prevents cycling.
 *
 * A negative cycle of unbounded capacity shows up as a pivot with unlimited
 * step (NB_EUNBOUNDED); then a zero-cost run decides whether the problem is
 * feasible at all (infeasibility takes precedence). Positive flow left on an
 * artificial arc at optimality means NB_EINFEASIBLE.
 *
 * Warm start: mcf_warm.c (what is reused: see mcf.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"
#include "util/assert.h"

#define NB_MCF_MIN_BLOCK 10
/* Block size = factor * sqrt(arcs). LEMON uses 1.0, which is also best here
 * on NETGEN-like networks; with a hub root pivots are cheap and smaller
 * blocks pay off (measured with bench/mcf.sh: 0.4 is 1.5-3x faster on
 * staffing-shaped and assignment instances). */
#define NB_MCF_BLOCK_FACTOR 1.0
#define NB_MCF_BLOCK_FACTOR_HUB 0.4
/* A node with at least nodes / NB_MCF_HUB_SHARE arcs becomes the hub. */
#define NB_MCF_HUB_SHARE 16

/* The data of the pivot in progress. */
typedef struct nb_mcf_pivot {
    int32_t in_arc, join, u_in, v_in, u_out;
    int64_t delta;
} nb_mcf_pivot;

/* ------------------------------------------------------------------------ */
/* Memory                                                                    */
/* ------------------------------------------------------------------------ */

void nb_mcf_ns_free(nb_mcf_ns *ns)
{
    if (ns == NULL)
        return;
    free(ns->arc);
    free(ns->cap);
    free(ns->flow);
    free(ns->lo);
    free(ns->state);
    free(ns->pos);
    free(ns->pi);
    free(ns->parent);
    free(ns->pred);
    free(ns->thread);
    free(ns->rev_thread);
    free(ns->succ_num);
    free(ns->last_succ);
    free(ns->pred_dir);
    free(ns->dirty);
    free(ns->sup);
    free(ns);
}

static nb_mcf_ns *nb_mcf_ns_new(int32_t n)
{
    nb_mcf_ns *ns = calloc(1, sizeof *ns);
    if (ns == NULL)
        return NULL;
    size_t k = (size_t)n + 1;
    ns->n = n;
    ns->pi = malloc(k * sizeof *ns->pi);
    ns->parent = malloc(k * sizeof(int32_t));
    ns->pred = malloc(k * sizeof(int32_t));
    ns->thread = malloc(k * sizeof(int32_t));
    ns->rev_thread = malloc(k * sizeof(int32_t));
    ns->succ_num = malloc(k * sizeof(int32_t));
    ns->last_succ = malloc(k * sizeof(int32_t));
    ns->pred_dir = malloc(k * sizeof(int8_t));
    ns->dirty = malloc(k * sizeof(int32_t));
    ns->sup = malloc(k * sizeof(int64_t));
    if (!ns->pi || !ns->parent || !ns->pred || !ns->thread || !ns->rev_thread || !ns->succ_num ||
        !ns->last_succ || !ns->pred_dir || !ns->dirty || !ns->sup) {
        nb_mcf_ns_free(ns);
        return NULL;
    }
    return ns;
}

int nb_mcf_ns_reserve(nb_mcf_ns *ns, int32_t arcs, int32_t users)
{
    if (arcs > ns->arc_room) {
        int64_t room = ns->arc_room == 0 ? arcs : (int64_t)ns->arc_room * 3 / 2;
        if (room < arcs)
            room = arcs;
        if (room > INT32_MAX)
            room = INT32_MAX;
        size_t r = (size_t)room;
        void *p;
        if ((p = realloc(ns->arc, r * sizeof *ns->arc)) == NULL)
            return NB_ENOMEM;
        ns->arc = p;
        if ((p = realloc(ns->cap, r * sizeof *ns->cap)) == NULL)
            return NB_ENOMEM;
        ns->cap = p;
        if ((p = realloc(ns->flow, r * sizeof *ns->flow)) == NULL)
            return NB_ENOMEM;
        ns->flow = p;
        if ((p = realloc(ns->lo, r * sizeof *ns->lo)) == NULL)
            return NB_ENOMEM;
        ns->lo = p;
        if ((p = realloc(ns->state, r * sizeof *ns->state)) == NULL)
            return NB_ENOMEM;
        ns->state = p;
        ns->arc_room = (int32_t)room;
    }
    if (users > ns->pos_room) {
        int64_t room = ns->pos_room == 0 ? users : (int64_t)ns->pos_room * 3 / 2;
        if (room < users)
            room = users;
        if (room > INT32_MAX)
            room = INT32_MAX;
        int32_t *p = realloc(ns->pos, (size_t)room * sizeof *p);
        if (p == NULL)
            return NB_ENOMEM;
        ns->pos = p;
        ns->pos_room = (int32_t)room;
    }
    return 0;
}

void nb_mcf_ns_set_block(nb_mcf_ns *ns)
{
    double factor = ns->has_hub ? NB_MCF_BLOCK_FACTOR_HUB : NB_MCF_BLOCK_FACTOR;
    int32_t bs = (int32_t)(factor * sqrt((double)ns->m));
    ns->block_size = bs < NB_MCF_MIN_BLOCK ? NB_MCF_MIN_BLOCK : bs;
    if (ns->next_arc < ns->n || ns->next_arc >= ns->n + ns->m)
        ns->next_arc = ns->n;
}

/* ------------------------------------------------------------------------ */
/* One pivot                                                                 */
/* ------------------------------------------------------------------------ */

static void nb_mcf_find_join(const nb_mcf_ns *ns, nb_mcf_pivot *pv)
{
    const int32_t *succ_num = ns->succ_num, *parent = ns->parent;
    int32_t u = ns->arc[pv->in_arc].s;
    int32_t v = ns->arc[pv->in_arc].t;
    while (u != v) {
        if (succ_num[u] < succ_num[v])
            u = parent[u];
        else
            v = parent[v];
    }
    pv->join = u;
}

/* Finds the leaving arc; returns 1 when it differs from the entering arc. */
static int nb_mcf_find_leaving(const nb_mcf_ns *ns, nb_mcf_pivot *pv)
{
    const int32_t *parent = ns->parent, *pred = ns->pred;
    const int8_t *pred_dir = ns->pred_dir;
    const int64_t *flow = ns->flow, *cap = ns->cap;
    int32_t e = pv->in_arc, first, second, join = pv->join;
    if (ns->state[e] == NB_MCF_LOWER) {
        first = ns->arc[e].s;
        second = ns->arc[e].t;
    } else {
        first = ns->arc[e].t;
        second = ns->arc[e].s;
    }
    int64_t delta = cap[e];
    int result = 0;
    for (int32_t u = first; u != join; u = parent[u]) {
        int32_t a = pred[u];
        int64_t d = flow[a];
        if (pred_dir[u] == NB_MCF_DOWN)
            d = cap[a] == NB_MCF_INF ? NB_MCF_INF : cap[a] - d;
        if (d < delta) {
            delta = d;
            pv->u_out = u;
            result = 1;
        }
    }
    for (int32_t u = second; u != join; u = parent[u]) {
        int32_t a = pred[u];
        int64_t d = flow[a];
        if (pred_dir[u] == NB_MCF_UP)
            d = cap[a] == NB_MCF_INF ? NB_MCF_INF : cap[a] - d;
        if (d <= delta) {
            delta = d;
            pv->u_out = u;
            result = 2;
        }
    }
    if (result == 1) {
        pv->u_in = first;
        pv->v_in = second;
    } else {
        pv->u_in = second;
        pv->v_in = first;
    }
    NB_ASSERT(delta >= 0);   /* flows stay within [0, cap] */
    NB_TESTCASE(delta == 0); /* a degenerate pivot */
    pv->delta = delta;
    return result != 0;
}

static void nb_mcf_change_flow(nb_mcf_ns *ns, const nb_mcf_pivot *pv, int change)
{
    const int32_t *parent = ns->parent, *pred = ns->pred;
    const int8_t *pred_dir = ns->pred_dir;
    int64_t *flow = ns->flow;
    int32_t e = pv->in_arc, join = pv->join;
    if (pv->delta > 0) {
        int64_t val = ns->state[e] * pv->delta;
        flow[e] += val;
        NB_ASSERT(flow[e] >= 0 && (ns->cap[e] == NB_MCF_INF || flow[e] <= ns->cap[e]));
        /* Around the cycle every node gains what it loses: conservation. */
        for (int32_t u = ns->arc[e].s; u != join; u = parent[u]) {
            flow[pred[u]] -= pred_dir[u] * val;
            NB_ASSERT(flow[pred[u]] >= 0 &&
                      (ns->cap[pred[u]] == NB_MCF_INF || flow[pred[u]] <= ns->cap[pred[u]]));
        }
        for (int32_t u = ns->arc[e].t; u != join; u = parent[u]) {
            flow[pred[u]] += pred_dir[u] * val;
            NB_ASSERT(flow[pred[u]] >= 0 &&
                      (ns->cap[pred[u]] == NB_MCF_INF || flow[pred[u]] <= ns->cap[pred[u]]));
        }
    }
    if (change) {
        ns->state[e] = NB_MCF_TREE;
        int32_t out = pred[pv->u_out];
        ns->state[out] = flow[out] == 0 ? NB_MCF_LOWER : NB_MCF_UPPER;
    } else {
        ns->state[e] = (int8_t)-ns->state[e];
    }
}

/* Re-hangs the tree: the entering arc replaces the leaving arc. */
static void nb_mcf_update_tree(nb_mcf_ns *ns, const nb_mcf_pivot *pv)
{
    int32_t *parent = ns->parent, *pred = ns->pred, *thread = ns->thread;
    int32_t *rev_thread = ns->rev_thread, *succ_num = ns->succ_num;
    int32_t *last_succ = ns->last_succ, *dirty = ns->dirty;
    int8_t *pred_dir = ns->pred_dir;
    int32_t u_in = pv->u_in, v_in = pv->v_in, u_out = pv->u_out, join = pv->join;
    int32_t in_arc = pv->in_arc;

    int32_t old_rev_thread = rev_thread[u_out];
    int32_t old_succ_num = succ_num[u_out];
    int32_t old_last_succ = last_succ[u_out];
    int32_t v_out = parent[u_out];

    if (u_in == u_out) {
        parent[u_in] = v_in;
        pred[u_in] = in_arc;
        pred_dir[u_in] = u_in == ns->arc[in_arc].s ? NB_MCF_UP : NB_MCF_DOWN;
        if (thread[v_in] != u_out) {
            int32_t after = thread[old_last_succ];
            thread[old_rev_thread] = after;
            rev_thread[after] = old_rev_thread;
            after = thread[v_in];
            thread[v_in] = u_out;
            rev_thread[u_out] = v_in;
            thread[old_last_succ] = after;
            rev_thread[after] = old_last_succ;
        }
    } else {
        /* When old_rev_thread == v_in, join and v_out coincide. */
        int32_t thread_continue = old_rev_thread == v_in ? thread[old_last_succ] : thread[v_in];
        /* Walk the stem from u_in up to u_out, reversing it. */
        int32_t stem = u_in, par_stem = v_in, next_stem;
        int32_t last = last_succ[u_in];
        int32_t before, after = thread[last];
        int32_t ndirty = 0;
        thread[v_in] = u_in;
        dirty[ndirty++] = v_in;
        while (stem != u_out) {
            next_stem = parent[stem];
            thread[last] = next_stem;
            dirty[ndirty++] = last;
            before = rev_thread[stem];
            thread[before] = after;
            rev_thread[after] = before;
            parent[stem] = par_stem;
            par_stem = stem;
            stem = next_stem;
            last = last_succ[stem] == last_succ[par_stem] ? rev_thread[par_stem] : last_succ[stem];
            after = thread[last];
        }
        parent[u_out] = par_stem;
        thread[last] = thread_continue;
        rev_thread[thread_continue] = last;
        last_succ[u_out] = last;
        if (old_rev_thread != v_in) {
            thread[old_rev_thread] = after;
            rev_thread[after] = old_rev_thread;
        }
        for (int32_t i = 0; i < ndirty; i++) {
            int32_t u = dirty[i];
            rev_thread[thread[u]] = u;
        }
        /* pred, pred_dir, last_succ and succ_num along the stem. */
        int32_t tmp_sc = 0, tmp_ls = last_succ[u_out];
        for (int32_t u = u_out, p = parent[u]; u != u_in; u = p, p = parent[u]) {
            pred[u] = pred[p];
            pred_dir[u] = (int8_t)-pred_dir[p];
            tmp_sc += succ_num[u] - succ_num[p];
            succ_num[u] = tmp_sc;
            last_succ[p] = tmp_ls;
        }
        pred[u_in] = in_arc;
        pred_dir[u_in] = u_in == ns->arc[in_arc].s ? NB_MCF_UP : NB_MCF_DOWN;
        succ_num[u_in] = old_succ_num;
    }

    /* last_succ from v_in towards the root. */
    int32_t up_limit_out = last_succ[join] == v_in ? join : -1;
    int32_t last_succ_out = last_succ[u_out];
    for (int32_t u = v_in; u != -1 && last_succ[u] == v_in; u = parent[u])
        last_succ[u] = last_succ_out;
    /* last_succ from v_out towards the root. */
    if (join != old_rev_thread && v_in != old_rev_thread) {
        for (int32_t u = v_out; u != up_limit_out && last_succ[u] == old_last_succ; u = parent[u])
            last_succ[u] = old_rev_thread;
    } else if (last_succ_out != old_last_succ) {
        for (int32_t u = v_out; u != up_limit_out && last_succ[u] == old_last_succ; u = parent[u])
            last_succ[u] = last_succ_out;
    }
    for (int32_t u = v_in; u != join; u = parent[u])
        succ_num[u] += old_succ_num;
    for (int32_t u = v_out; u != join; u = parent[u])
        succ_num[u] -= old_succ_num;
    /* Still a spanning tree: hung from the root, which holds every node, and
     * the entering arc is the new tree arc of u_in. */
    NB_ASSERT(parent[ns->n] == -1 && succ_num[ns->n] == ns->n + 1);
    NB_ASSERT(pred[u_in] == in_arc && parent[u_in] == v_in);
}

/* Largest drift of the root potential away from 0 that pivots may cause
 * before all potentials are shifted back (keeps reduced costs in int64). */
#define NB_MCF_DRIFT_MAX ((int64_t)1 << 59)

/* Shifts all potentials so that the root's is 0. */
static void nb_mcf_normalize_pi(nb_mcf_ns *ns)
{
    int64_t shift = ns->pi[ns->n];
    if (shift == 0)
        return;
    for (int32_t u = 0; u <= ns->n; u++)
        ns->pi[u] -= shift;
}

/* Shifts the potentials of the subtree that moved. */
static void nb_mcf_update_potential(nb_mcf_ns *ns, const nb_mcf_pivot *pv)
{
    int64_t *pi = ns->pi;
    const int32_t *thread = ns->thread;
    int32_t u_in = pv->u_in;
    int64_t sigma = pi[pv->v_in] - pi[u_in] - ns->pred_dir[u_in] * ns->arc[pv->in_arc].c;
    int32_t end = thread[ns->last_succ[u_in]];
    if (ns->succ_num[u_in] <= (ns->n + 1) / 2) {
        for (int32_t u = u_in; u != end; u = thread[u])
            pi[u] += sigma;
        return;
    }
    /* The moved subtree is the larger part: shift the rest instead (only
     * differences of potentials matter). The root drifts from 0; bring it
     * back before the values could grow large. */
    for (int32_t u = end; u != u_in; u = thread[u])
        pi[u] -= sigma;
    int32_t root = ns->n;
    if (pi[root] > NB_MCF_DRIFT_MAX || pi[root] < -NB_MCF_DRIFT_MAX)
        nb_mcf_normalize_pi(ns);
}

/* Performs the pivot on entering arc e. Returns 0 or NB_EUNBOUNDED. */
static int nb_mcf_do_pivot(nb_mcf_ns *ns, int32_t e)
{
    nb_mcf_pivot pv = {.in_arc = e};
    nb_mcf_find_join(ns, &pv);
    int change = nb_mcf_find_leaving(ns, &pv);
    if (pv.delta == NB_MCF_INF)
        return NB_EUNBOUNDED;
    nb_mcf_change_flow(ns, &pv, change);
    if (change) {
        nb_mcf_update_tree(ns, &pv);
        nb_mcf_update_potential(ns, &pv);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Pricing                                                                   */
/* ------------------------------------------------------------------------ */

/* Block search: returns the entering arc, or -1 when the tree is optimal. */
static int32_t nb_mcf_find_entering(nb_mcf_ns *ns)
{
    const nb_mcf_arcrec *arc = ns->arc;
    const int8_t *state = ns->state;
    const int64_t *pi = ns->pi;
    const int32_t lo = ns->n, hi = ns->n + ns->m, bs = ns->block_size;
    int64_t min = 0;
    int32_t best = -1, cnt = bs, e;
    for (e = ns->next_arc; e < hi; e++) {
        int64_t c = state[e] * (arc[e].c + pi[arc[e].s] - pi[arc[e].t]);
        if (c < min) {
            min = c;
            best = e;
        }
        if (--cnt == 0) {
            if (min < 0)
                goto found;
            cnt = bs;
        }
    }
    for (e = lo; e < ns->next_arc; e++) {
        int64_t c = state[e] * (arc[e].c + pi[arc[e].s] - pi[arc[e].t]);
        if (c < min) {
            min = c;
            best = e;
        }
        if (--cnt == 0) {
            if (min < 0)
                goto found;
            cnt = bs;
        }
    }
    if (min >= 0)
        return -1;
found:
    ns->next_arc = e < hi ? e : lo;
    return best;
}

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
    /* GCC 12 -fanalyzer: "leak" when a later realloc in nb_mcf_ns_reserve fails is a
     * false positive; the grown arrays are already stored in ns (g->ns), which
     * nb_mcf_graph_free frees. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
    if ((rc = nb_mcf_ns_reserve(ns, n + m, m)) != 0) {
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
     * nodes/16 arcs — in staffing-shaped networks the idle-hours sink, in
     * assignment networks the sink — the artificial root n gets h as its only
     * child (arc h -> root, cost 0, no flow) and every other node hangs from
     * h by an artificial arc of big-M cost carrying its supply to h or its
     * demand from h. With h as the effective root its huge subtree is never
     * re-hung, which keeps the moved subtrees (and potential updates) small.
     * Without such a hub every node hangs from the root as in LEMON (supply
     * arcs at cost 0, demand arcs at big-M). */
    int32_t hub = root;
    if (n > 0) {
        int32_t h = 0;
        memset(best, 0, (size_t)n * sizeof *best);
        for (int32_t a = 0; a < m; a++) {
            best[g->from[a]]++;
            best[g->to[a]]++;
        }
        for (int32_t v = 1; v < n; v++)
            if (best[v] > best[h])
                h = v;
        if ((int64_t)best[h] * NB_MCF_HUB_SHARE >= n)
            hub = h;
    }
    const int64_t sup_cost = hub == root ? 0 : ns->art_cost;
    ns->has_hub = hub != root;
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
        if ((rc = nb_mcf_do_pivot(ns, e)) != 0)
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
    while ((e = nb_mcf_find_entering(ns)) >= 0) {
        if (*pivots >= limit)
            return NB_MCF_OUT_OF_PIVOTS;
        int rc = nb_mcf_do_pivot(ns, e);
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

/* Checks the per-instance flow limit of mcf.h: every flow the simplex can
 * produce is at most the bound F = sum of positive supplies + sum |lower| +
 * sum of finite (cap - lower), computed in 128 bits; F <= NB_MCF_FLOW_MAX
 * keeps flows, flow + lower and the tree arcs' flows in int64. Returns 0 or
 * NB_ELIMIT. */
static int nb_mcf_check_flow_limit(const nb_mcf_graph *g, nb_err *err)
{
    nb_i128 bound = 0;
    for (int32_t v = 0; v < g->n; v++)
        if (g->supply[v] > 0)
            bound += g->supply[v];
    for (int32_t a = 0; a < g->m; a++) {
        int64_t lo = g->lower[a];
        bound += lo < 0 ? -(nb_i128)lo : lo;
        if (g->cap[a] != NB_MCF_INF)
            bound += (nb_i128)g->cap[a] - lo;
    }
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

    nb_i128 sum = 0;
    for (int32_t v = 0; v < g->n; v++)
        sum += g->supply[v];
    if (sum != 0)
        return nb_err_set(err, NB_EINFEASIBLE, "supplies do not sum to zero");
    if ((rc = nb_mcf_check_flow_limit(g, err)) != 0)
        return rc;

    if (g->ns == NULL && (g->ns = nb_mcf_ns_new(g->n)) == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the solver");
    nb_mcf_ns *ns = g->ns;
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
        rc = nb_mcf_cold(g, ns, 0, &run, budget, err);
        if (rc == 0)
            rc = nb_mcf_iterate(ns, &run, budget);
        *pivots += run;
    }
    *warm = !cold;

    if (rc == NB_EUNBOUNDED) {
        /* Unbounded, unless there is no feasible flow at all. */
        int64_t probe = 0;
        rc = nb_mcf_cold(g, ns, 1, &probe, budget, err);
        if (rc == 0)
            rc = nb_mcf_iterate(ns, &probe, budget);
        *pivots += probe;
        ns->tree_ok = 0;
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
        nb_mcf_normalize_pi(ns);
    /* O(n + m) and allocating: the whole tree, flow conservation with the
     * supplies, zero reduced cost on tree arcs (level 2 only). */
    NB_ASSERT_EXPENSIVE(rc != 0 || nb_mcf_ns_tree_check(g, NULL) != NB_EINVAL);

cleanup:
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
