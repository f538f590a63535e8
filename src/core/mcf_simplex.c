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
 *    block that has one; on networks with many nodes it prefetches the
 *    potentials of the arcs ahead;
 *  - the leaving arc is the last blocking arc in the orientation of the cycle,
 *    which keeps the tree strongly feasible and prevents cycling.
 *
 * A negative cycle of unbounded capacity shows up as a pivot with unlimited
 * step (NB_EUNBOUNDED); then a zero-cost run decides whether the problem is
 * feasible at all (infeasibility takes precedence). Positive flow left on an
 * artificial arc at optimality means NB_EINFEASIBLE.
 *
 * This file holds the tree data, the pivot and the pricing; the cold start,
 * the run with its limits and budget, and the tree checker are in
 * mcf_run.c; the warm start in mcf_warm.c (what is reused: see mcf.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"
#include "util/assert.h"

#define NB_MCF_MIN_BLOCK 10
/* Block search reads the potentials of the arcs' ends at random; with
 * many nodes (at least NB_MCF_PREFETCH_NODES, potentials beyond the core's
 * cache) it asks for those of the arc NB_MCF_PREFETCH places ahead (the
 * arcs themselves are read in order). Measured with bench_mcf
 * (docs/performance.md, "Time per pivot"): pricing 1.5-2x faster on the
 * 24-month teaming export (460,110 nodes; distances 8-128 tried, 64 best),
 * but 10-20 % slower on networks of 20,000 nodes, whose potentials stay in
 * cache. */
#define NB_MCF_PREFETCH 64
#define NB_MCF_PREFETCH_NODES 65536
/* Block size = factor * sqrt(arcs). LEMON uses 1.0, which is also best here
 * on NETGEN-like networks; with a hub root pivots are cheap and smaller
 * blocks pay off (measured with bench/mcf.sh: 0.4 is 1.5-3x faster on
 * staffing-shaped and assignment instances). */
#define NB_MCF_BLOCK_FACTOR 1.0
#define NB_MCF_BLOCK_FACTOR_HUB 0.4

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
    free(ns->hd_out);
    free(ns->hd_in);
    free(ns->nx_out);
    free(ns->nx_in);
    free(ns->deg);
    free(ns->cand);
    free(ns->in_cand);
    free(ns->rep);
    free(ns->pend);
    free(ns->acc);
    free(ns->tmark);
    nb_mcf_snap_free(ns->snap);
    free(ns->touch);
    free(ns);
}

nb_mcf_ns *nb_mcf_ns_new(int32_t n)
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
    ns->dirty = malloc(2 * k * sizeof(int32_t)); /* also the warm start's tl */
    ns->sup = malloc(k * sizeof(int64_t));
    ns->hd_out = malloc(k * sizeof(int32_t));
    ns->hd_in = malloc(k * sizeof(int32_t));
    ns->pend = calloc(k, sizeof(nb_i128));
    ns->acc = calloc(k, sizeof(nb_i128));
    ns->tmark = calloc(k, 1);
    ns->touch = malloc(k * sizeof(int32_t));
    if (!ns->hd_out || !ns->hd_in || !ns->pend || !ns->acc || !ns->tmark || !ns->touch) {
        nb_mcf_ns_free(ns);
        return NULL;
    }
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
        if ((p = realloc(ns->nx_out, r * sizeof *ns->nx_out)) == NULL)
            return NB_ENOMEM;
        ns->nx_out = p;
        if ((p = realloc(ns->nx_in, r * sizeof *ns->nx_in)) == NULL)
            return NB_ENOMEM;
        ns->nx_in = p;
        if ((p = realloc(ns->in_cand, r * sizeof *ns->in_cand)) == NULL)
            return NB_ENOMEM;
        ns->in_cand = p;
        /* New room is not in the candidate list. */
        memset(ns->in_cand + ns->arc_room, 0, r - (size_t)ns->arc_room);
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

static void nb_mcf_find_join(nb_mcf_ns *ns, nb_mcf_pivot *pv)
{
    const int32_t *succ_num = ns->succ_num, *parent = ns->parent;
    int32_t u = ns->arc[pv->in_arc].s;
    int32_t v = ns->arc[pv->in_arc].t;
    int64_t steps = 0;
    while (u != v) {
        if (succ_num[u] < succ_num[v])
            u = parent[u];
        else
            v = parent[v];
        steps++;
    }
    pv->join = u;
    ns->cycle += steps;
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
void nb_mcf_ns_normalize_pi(nb_mcf_ns *ns)
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
        ns->shifted += ns->succ_num[u_in];
        for (int32_t u = u_in; u != end; u = thread[u])
            pi[u] += sigma;
        if (ns->local)
            nb_mcf_ns_mark_range(ns, u_in, end);
        return;
    }
    /* The moved subtree is the larger part: shift the rest instead (only
     * differences of potentials matter). The root drifts from 0; bring it
     * back before the values could grow large. */
    ns->shifted += ns->n + 1 - ns->succ_num[u_in];
    for (int32_t u = end; u != u_in; u = thread[u])
        pi[u] -= sigma;
    if (ns->local)
        nb_mcf_ns_mark_range(ns, end, u_in);
    int32_t root = ns->n;
    if (pi[root] > NB_MCF_DRIFT_MAX || pi[root] < -NB_MCF_DRIFT_MAX)
        nb_mcf_ns_normalize_pi(ns);
}

/* Performs the pivot on entering arc e. Returns 0 or NB_EUNBOUNDED. */
int nb_mcf_ns_pivot(nb_mcf_ns *ns, int32_t e)
{
    nb_mcf_pivot pv = {.in_arc = e};
    const nb_mcf_arcrec *r = &ns->arc[e];
    /* The cycle's cost per unit is the entering arc's reduced cost. */
    int64_t gain = ns->state[e] * (r->c + ns->pi[r->s] - ns->pi[r->t]);
    nb_mcf_find_join(ns, &pv);
    int change = nb_mcf_find_leaving(ns, &pv);
    if (pv.delta == NB_MCF_INF)
        return NB_EUNBOUNDED;
    ns->total += (nb_i128)pv.delta * gain;
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

/* Asks the cache for the potentials of arc e's ends (a hint, no effect on
 * the result). */
static inline void nb_mcf_prefetch_ends(const nb_mcf_arcrec *arc, const int64_t *pi, int32_t e)
{
    __builtin_prefetch(&pi[arc[e].s]);
    __builtin_prefetch(&pi[arc[e].t]);
}

/* Block search: returns the entering arc, or -1 when the tree is optimal.
 * Inlined twice below with a constant prefetch, so that the loop without it
 * is the plain one (a test per arc cost 10-20 % on small networks). */
__attribute__((always_inline)) static inline int32_t nb_mcf_entering_scan(nb_mcf_ns *ns,
                                                                          const int prefetch)
{
    const nb_mcf_arcrec *arc = ns->arc;
    const int8_t *state = ns->state;
    const int64_t *pi = ns->pi;
    const int32_t lo = ns->n, hi = ns->n + ns->m, bs = ns->block_size;
    /* Arcs below pf_end prefetch (none when the potentials fit in cache). */
    const int32_t pf_end = prefetch ? hi - NB_MCF_PREFETCH : lo;
    int64_t min = 0;
    int32_t best = -1, cnt = bs, e;
    /* Repair arcs first: they carry big-M flow that must leave. */
    for (int32_t k = 0; k < ns->rep_n; k++) {
        e = ns->rep[k];
        int64_t c = state[e] * (arc[e].c + pi[arc[e].s] - pi[arc[e].t]);
        if (c < min) {
            min = c;
            best = e;
        }
    }
    if (best >= 0)
        return best;
    const int32_t start = ns->next_arc;
    for (e = ns->next_arc; e < hi; e++) {
        if (prefetch && e < pf_end)
            nb_mcf_prefetch_ends(arc, pi, e + NB_MCF_PREFETCH);
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
        if (prefetch && e < pf_end)
            nb_mcf_prefetch_ends(arc, pi, e + NB_MCF_PREFETCH);
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
    if (min >= 0) {
        ns->priced += hi - lo;
        return -1;
    }
found:
    ns->priced += e >= start ? e - start + 1 : hi - start + e - lo + 1;
    ns->next_arc = e < hi ? e : lo;
    return best;
}

int32_t nb_mcf_ns_entering(nb_mcf_ns *ns)
{
    if (ns->n >= NB_MCF_PREFETCH_NODES)
        return nb_mcf_entering_scan(ns, 1);
    return nb_mcf_entering_scan(ns, 0);
}
