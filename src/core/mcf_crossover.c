/*
 * core/mcf_crossover.c — from a cost-scaling optimum (flows and potentials,
 * mcf_cs.c) to the network simplex's state (mcf_simplex.c): a strongly
 * feasible spanning tree with flows, arc states and potentials, so that the
 * next nb_mcf_solve after a change re-solves warm (mcf_warm.c), and
 * nb_mcf_save / nb_mcf_restore work, exactly as after a simplex solve.
 *
 * The steps, all loops (no recursion), O(nodes + arcs) each:
 *  1. the arcs are copied into the solver's arrays in the cold start's mixed
 *     order (mcf_run.c), flows shifted by the lower bounds; the pair is
 *     checked once more (complementary slackness, bounds): anything off and
 *     the crossover gives up (1) and the cost-scaling answer stands;
 *  2. "free" arcs (strictly between their bounds) must all be tree arcs. When
 *     they close cycles (a spanning forest by union-find; every other free
 *     arc closes one with its forest path) each cycle is cancelled: every arc
 *     on it has reduced cost 0, so the cycle costs 0 and pushing flow round
 *     it to the first bound keeps the cost and frees no new arc. Repeated
 *     until the free arcs form a forest (each cancellation takes at least one
 *     arc to a bound);
 *  3. the tree grows from the artificial root n: each node not yet reached
 *     hangs from the root by its artificial arc (slot u, u -> root, no flow,
 *     unbounded), then a search adds, first, its whole free component (all
 *     its arcs), then arcs of reduced cost 0 at a bound — only in the
 *     orientation that keeps the tree strongly feasible (an empty arc
 *     pointing towards the root, a saturated one away from it);
 *  4. potentials are the cost-scaling ones shifted by K, the largest among
 *     the nodes hung from the root, so the root's is 0 and every artificial
 *     tree arc costs K - pot >= 0: flow into the root can only leave by a
 *     big-M arc (a warm start's repair arc), so a path through the root costs
 *     more than any simple path of real arcs, as after the cold start;
 *  5. the preorder thread, subtree sizes and last successors from the parent
 *     array; adjacency lists for local pricing; the optimum is proven, so the
 *     next warm start may price locally.
 * Artificial arcs of nodes not hung from the root are free slots (no flow,
 * not in the tree) for the warm start's re-hang and repair arcs.
 */
#include <stdlib.h>
#include <string.h>

#include "core/mcf_impl.h"
#include "util/assert.h"

/* Rounds of cycle cancelling before the crossover gives up (each round
 * cancels at least one cycle; on the measured networks one or two rounds). */
#define NB_CROSS_ROUNDS 1000

/* The scratch of one crossover (all [n + 1] unless said). */
typedef struct nb_cross {
    int32_t *uf;    /* union-find parents */
    int32_t *off;   /* [n + 2] adjacency offsets */
    int32_t *adj;   /* [2 * arcs listed] internal arcs at each node */
    int32_t *fpar;  /* forest: arc to the parent, -1 at a component's root */
    int32_t *depth; /* forest depth, -1 unvisited */
    int32_t *queue; /* BFS queue */
    int32_t *stack; /* free-component stack */
    int32_t *list;  /* arcs: forest and extra free arcs */
} nb_cross;

static void nb_cross_free(nb_cross *x)
{
    free(x->uf);
    free(x->off);
    free(x->adj);
    free(x->fpar);
    free(x->depth);
    free(x->queue);
    free(x->stack);
    free(x->list);
}

static int32_t nb_cross_find(int32_t *uf, int32_t v)
{
    while (uf[v] != v) {
        uf[v] = uf[uf[v]];
        v = uf[v];
    }
    return v;
}

/* The reduced cost of internal arc e under the potentials pot. */
static nb_i128 nb_cross_rc(const nb_mcf_ns *ns, const int64_t *pot, int32_t e)
{
    const nb_mcf_arcrec *r = &ns->arc[e];
    return (nb_i128)r->c + pot[r->s] - pot[r->t];
}

/* Adjacency (CSR in off [n + 2], adj) of the k arcs in arcs[], at both
 * ends. */
static void nb_cross_adjacency(const nb_mcf_ns *ns, int32_t *off, int32_t *adj, const int32_t *arcs,
                               int32_t k)
{
    const int32_t n = ns->n;
    for (int32_t v = 0; v <= n + 1; v++)
        off[v] = 0;
    for (int32_t i = 0; i < k; i++) {
        off[ns->arc[arcs[i]].s + 1]++;
        off[ns->arc[arcs[i]].t + 1]++;
    }
    for (int32_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    for (int32_t i = 0; i < k; i++) {
        int32_t e = arcs[i];
        adj[off[ns->arc[e].s]++] = e;
        adj[off[ns->arc[e].t]++] = e;
    }
    for (int32_t v = n; v > 0; v--)
        off[v] = off[v - 1];
    off[0] = 0;
}

/* Residual of internal arc e traversed forwards (fwd) or backwards. */
static int64_t nb_cross_res(const nb_mcf_ns *ns, int32_t e, int fwd)
{
    if (fwd)
        return ns->cap[e] == NB_MCF_INF ? NB_MCF_INF : ns->cap[e] - ns->flow[e];
    return ns->flow[e];
}

/* Moves flow d along e (traversed forwards when fwd), and puts e at its
 * bound's state when it reaches one. Returns 1 when it left the free set. */
static int nb_cross_move(nb_mcf_ns *ns, int32_t e, int fwd, int64_t d)
{
    ns->flow[e] += fwd ? d : -d;
    if (ns->flow[e] == 0) {
        ns->state[e] = NB_MCF_LOWER;
        return 1;
    }
    if (ns->cap[e] != NB_MCF_INF && ns->flow[e] == ns->cap[e]) {
        ns->state[e] = NB_MCF_UPPER;
        return 1;
    }
    return 0;
}

/* The cycle of extra free arc e with the forest (x->fpar, x->depth): e
 * forwards from s to t, then up from t and down to s. dir 1 pushes that
 * way, -1 the other; apply 0 only measures. Returns the largest push in
 * direction dir (NB_MCF_INF: unbounded), or -1 when an arc on the path is
 * no longer free. */
static int64_t nb_cross_cycle(nb_mcf_ns *ns, const nb_cross *x, int32_t e, int dir, int apply,
                              int64_t d)
{
    int64_t delta = nb_cross_res(ns, e, dir > 0);
    if (apply)
        nb_cross_move(ns, e, dir > 0, d);
    int32_t a = ns->arc[e].s, b = ns->arc[e].t;
    while (a != b) {
        /* s side: traversed parent -> child; t side: child -> parent. */
        int side_s = x->depth[a] >= x->depth[b];
        int32_t u = side_s ? a : b;
        int32_t f = x->fpar[u];
        if (f < 0 || ns->state[f] != NB_MCF_TREE)
            return -1;
        int32_t p = ns->arc[f].s == u ? ns->arc[f].t : ns->arc[f].s;
        int fwd = side_s ? ns->arc[f].t == u : ns->arc[f].s == u;
        if (dir < 0)
            fwd = !fwd;
        if (apply) {
            nb_cross_move(ns, f, fwd, d);
        } else {
            int64_t r = nb_cross_res(ns, f, fwd);
            if (r < delta)
                delta = r;
        }
        if (side_s)
            a = p;
        else
            b = p;
    }
    return delta;
}

/* Step 2: cancels the cycles of the free arcs (state TREE for now). Returns
 * 0, or 1 after too many rounds. */
static int nb_cross_cancel(nb_mcf_ns *ns, nb_cross *x)
{
    const int32_t n = ns->n, m = ns->m;
    for (int round = 0; round < NB_CROSS_ROUNDS; round++) {
        int32_t nf = 0, nx = m; /* forest arcs list[0..nf), extras list[nx..m) */
        for (int32_t v = 0; v < n; v++)
            x->uf[v] = v;
        for (int32_t e = n; e < n + m; e++) {
            if (ns->state[e] != NB_MCF_TREE)
                continue;
            int32_t rs = nb_cross_find(x->uf, ns->arc[e].s);
            int32_t rt = nb_cross_find(x->uf, ns->arc[e].t);
            if (rs != rt) {
                x->uf[rs] = rt;
                x->list[nf++] = e;
            } else {
                x->list[--nx] = e;
            }
        }
        if (nx == m)
            return 0;
        /* Root every forest component (BFS). */
        nb_cross_adjacency(ns, x->off, x->adj, x->list, nf);
        for (int32_t v = 0; v < n; v++)
            x->depth[v] = -1;
        for (int32_t v0 = 0; v0 < n; v0++) {
            if (x->depth[v0] >= 0)
                continue;
            int32_t qh = 0, qt = 0;
            x->depth[v0] = 0;
            x->fpar[v0] = -1;
            x->queue[qt++] = v0;
            while (qh < qt) {
                int32_t u = x->queue[qh++];
                for (int32_t k = x->off[u]; k < x->off[u + 1]; k++) {
                    int32_t f = x->adj[k];
                    int32_t w = ns->arc[f].s == u ? ns->arc[f].t : ns->arc[f].s;
                    if (x->depth[w] >= 0)
                        continue;
                    x->depth[w] = x->depth[u] + 1;
                    x->fpar[w] = f;
                    x->queue[qt++] = w;
                }
            }
        }
        for (int32_t i = nx; i < m; i++) {
            int32_t e = x->list[i];
            if (ns->state[e] != NB_MCF_TREE)
                continue;
            int dir = 1;
            int64_t d = nb_cross_cycle(ns, x, e, 1, 0, 0);
            if (d == NB_MCF_INF) {
                dir = -1;
                d = nb_cross_cycle(ns, x, e, -1, 0, 0);
            }
            if (d < 0)
                continue; /* the path changed: next round */
            NB_ASSERT(d > 0 && d != NB_MCF_INF);
            (void)nb_cross_cycle(ns, x, e, dir, 1, d);
        }
    }
    return 1;
}

/* Hangs node y under x by internal arc e in the growing tree. */
static void nb_cross_attach(nb_mcf_ns *ns, int32_t y, int32_t x, int32_t e)
{
    ns->parent[y] = x;
    ns->pred[y] = e;
    ns->pred_dir[y] = ns->arc[e].s == y ? NB_MCF_UP : NB_MCF_DOWN;
    ns->state[e] = NB_MCF_TREE;
}

/* Attaches the whole free component of node v (just attached) below it,
 * each node also queued for the tight arcs. Returns 0, or 1 on a free
 * cycle (cannot happen after step 2). */
static int nb_cross_drain(nb_mcf_ns *ns, nb_cross *x, int32_t v, int32_t *qt, int32_t *count)
{
    int32_t sp = 0;
    x->stack[sp++] = v;
    while (sp > 0) {
        int32_t u = x->stack[--sp];
        for (int32_t j = x->off[u]; j < x->off[u + 1]; j++) {
            int32_t e = x->adj[j];
            if (ns->state[e] != NB_MCF_TREE || e == ns->pred[u])
                continue;
            int32_t y = ns->arc[e].s == u ? ns->arc[e].t : ns->arc[e].s;
            if (ns->parent[y] != -2)
                return 1;
            nb_cross_attach(ns, y, u, e);
            (*count)++;
            x->queue[(*qt)++] = y;
            x->stack[sp++] = y;
        }
    }
    return 0;
}

/* Step 3: the spanning tree (parent, pred, pred_dir, states), grown from
 * the root; pot gets the nodes hung from the root marked in x->depth (1).
 * Returns 0, or 1 when a free arc stayed out of the tree (cannot happen
 * after step 2). */
static int nb_cross_grow(nb_mcf_ns *ns, nb_cross *x, const int64_t *pot)
{
    const int32_t n = ns->n, m = ns->m, root = n;
    int32_t k = 0, free_arcs = 0, tree_real = 0;
    /* Arcs of reduced cost 0 that can carry flow: free ones and tight ones
     * at a bound. Free arcs keep state TREE; tight ones are marked when
     * they join. */
    for (int32_t e = n; e < n + m; e++) {
        if (ns->arc[e].s == ns->arc[e].t || ns->cap[e] == 0 || nb_cross_rc(ns, pot, e) != 0)
            continue;
        x->list[k++] = e;
        free_arcs += ns->state[e] == NB_MCF_TREE;
    }
    nb_cross_adjacency(ns, x->off, x->adj, x->list, k);
    for (int32_t v = 0; v < n; v++) {
        ns->parent[v] = -2;
        x->depth[v] = 0;
    }
    for (int32_t v0 = 0; v0 < n; v0++) {
        if (ns->parent[v0] != -2)
            continue;
        ns->parent[v0] = root;
        ns->pred[v0] = v0; /* its artificial slot, costed in step 4 */
        ns->pred_dir[v0] = NB_MCF_UP;
        ns->state[v0] = NB_MCF_TREE;
        x->depth[v0] = 1;
        int32_t qh = 0, qt = 0;
        x->queue[qt++] = v0;
        if (nb_cross_drain(ns, x, v0, &qt, &tree_real) != 0)
            return 1;
        while (qh < qt) {
            int32_t u = x->queue[qh++];
            for (int32_t j = x->off[u]; j < x->off[u + 1]; j++) {
                int32_t e = x->adj[j];
                int32_t y = ns->arc[e].s == u ? ns->arc[e].t : ns->arc[e].s;
                int8_t st = ns->state[e];
                /* A tight arc at a bound, only where it lets flow go to
                 * the root (then y's whole free component at once). */
                if (st == NB_MCF_TREE || ns->parent[y] != -2 ||
                    !(st == NB_MCF_LOWER ? ns->arc[e].s == y : ns->arc[e].t == y))
                    continue;
                nb_cross_attach(ns, y, u, e);
                tree_real++;
                x->queue[qt++] = y;
                if (nb_cross_drain(ns, x, y, &qt, &tree_real) != 0)
                    return 1;
            }
        }
    }
    /* Every free arc is in the tree. */
    int32_t in_tree = 0;
    for (int32_t e = n; e < n + m; e++)
        in_tree += ns->state[e] == NB_MCF_TREE;
    (void)free_arcs;
    return in_tree == tree_real ? 0 : 1;
}

/* Step 5: thread, rev_thread, succ_num and last_succ from parent. */
static void nb_cross_thread(nb_mcf_ns *ns, nb_cross *x)
{
    const int32_t n = ns->n, root = n;
    int32_t *order = x->queue, *at = x->fpar, *kids = x->adj, *off = x->off;
    memset(off, 0, ((size_t)n + 2) * sizeof *off);
    for (int32_t v = 0; v < n; v++)
        off[ns->parent[v] + 1]++;
    for (int32_t v = 0; v <= n; v++)
        off[v + 1] += off[v];
    for (int32_t v = 0; v < n; v++)
        kids[off[ns->parent[v]]++] = v;
    for (int32_t v = n + 1; v > 0; v--)
        off[v] = off[v - 1];
    off[0] = 0;
    /* Preorder by an explicit stack. */
    int32_t sp = 0, k = 0;
    x->stack[sp++] = root;
    while (sp > 0) {
        int32_t u = x->stack[--sp];
        at[u] = k;
        order[k++] = u;
        for (int32_t j = off[u + 1] - 1; j >= off[u]; j--)
            x->stack[sp++] = kids[j];
    }
    NB_ASSERT(k == n + 1);
    for (int32_t i = 0; i <= n; i++) {
        int32_t u = order[i], w = order[i == n ? 0 : i + 1];
        ns->thread[u] = w;
        ns->rev_thread[w] = u;
        ns->succ_num[u] = 1;
    }
    for (int32_t i = n; i > 0; i--)
        ns->succ_num[ns->parent[order[i]]] += ns->succ_num[order[i]];
    for (int32_t u = 0; u <= n; u++)
        ns->last_succ[u] = order[at[u] + ns->succ_num[u] - 1];
    ns->parent[root] = -1;
    ns->pred[root] = -1;
    ns->pred_dir[root] = NB_MCF_UP;
}

/* Step 1: the arcs in the cold start's mixed order, flows, states (TREE for
 * a free arc). Returns 0, or 1 when flows and potentials are not an optimal
 * pair. */
static int nb_cross_copy(const nb_mcf_graph *g, nb_mcf_ns *ns, const int64_t *flows,
                         const int64_t *pot, int64_t *cmax)
{
    const int32_t n = g->n, m = g->m;
    const int32_t skip = n > 0 && m / n > 3 ? m / n : 3;
    const int32_t rows = m / skip, extra = m % skip, cols = skip < m ? skip : m;
    *cmax = 0;
    for (int32_t j = 0; j < cols; j++) {
        int32_t start = j * rows + (j < extra ? j : extra), len = rows + (j < extra);
        for (int32_t r = 0; r < len; r++) {
            int32_t a = start + r, e = n + r * skip + j;
            int64_t low = g->lower[a], c = g->cost[a];
            ns->pos[a] = e;
            ns->arc[e] = (nb_mcf_arcrec){g->from[a], g->to[a], c};
            ns->lo[e] = low;
            ns->cap[e] = g->cap[a] == NB_MCF_INF ? NB_MCF_INF : g->cap[a] - low;
            if (flows[a] < low || flows[a] > g->cap[a])
                return 1;
            ns->flow[e] = flows[a] - low;
            nb_i128 rc = nb_cross_rc(ns, pot, e);
            int at_low = ns->flow[e] == 0;
            int at_cap = ns->cap[e] != NB_MCF_INF && ns->flow[e] == ns->cap[e];
            if ((rc > 0 && !at_low) || (rc < 0 && !at_cap))
                return 1;
            ns->state[e] = (int8_t)(at_low ? NB_MCF_LOWER : at_cap ? NB_MCF_UPPER : NB_MCF_TREE);
            int64_t ac = c < 0 ? -c : c;
            if (ac > *cmax)
                *cmax = ac;
        }
    }
    return 0;
}

int nb_mcf_crossover(nb_mcf_graph *g, const int64_t *flows, const int64_t *pot, nb_err *err)
{
    int rc = 0;
    const int32_t n = g->n, m = g->m, root = n;
    nb_cross x = {0};
    nb_mcf_ns *ns = g->ns;
    if (ns == NULL && (ns = g->ns = nb_mcf_ns_new(n)) == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory for the solver");
    nb_mcf_ns_forget(g, ns); /* as the cold start: a new state, the change log emptied */
    if ((rc = nb_mcf_ns_reserve(ns, n + m + m / 32 + 16, m + m / 32 + 16)) != 0)
        return nb_err_set(err, rc, "out of memory for the solver arcs");
    size_t k1 = (size_t)n + 1;
    x.uf = malloc(k1 * sizeof *x.uf);
    /* Zeroed: the analyzer cannot follow the fill of the rows. */
    x.off = calloc(k1 + 1, sizeof *x.off);
    x.adj = calloc(2 * (size_t)m + k1, sizeof *x.adj);
    x.fpar = malloc(k1 * sizeof *x.fpar);
    x.depth = calloc(k1, sizeof *x.depth);
    x.queue = malloc(k1 * sizeof *x.queue);
    x.stack = malloc(k1 * sizeof *x.stack);
    x.list = malloc(((size_t)m + 1) * sizeof *x.list);
    if (!x.uf || !x.off || !x.adj || !x.fpar || !x.depth || !x.queue || !x.stack || !x.list) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory for the crossover");
        goto cleanup;
    }
    int64_t cmax = 0;
    ns->m = m;
    if (nb_cross_copy(g, ns, flows, pot, &cmax) != 0) {
        rc = 1;
        goto cleanup;
    }
    nb_i128 art = ((nb_i128)cmax + 1) * ((nb_i128)n + 1);
    if (art > NB_MCF_COST_MAX || nb_cross_cancel(ns, &x) != 0 || nb_cross_grow(ns, &x, pot) != 0) {
        rc = 1;
        goto cleanup;
    }
    /* Step 4: potentials and the artificial arcs. */
    int64_t K = INT64_MIN;
    for (int32_t v = 0; v < n; v++)
        if (x.depth[v] == 1 && pot[v] > K)
            K = pot[v];
    for (int32_t v = 0; v < n; v++) {
        ns->pi[v] = pot[v] - K;
        ns->sup[v] = g->supply[v];
        ns->arc[v] = (nb_mcf_arcrec){v, root, x.depth[v] == 1 ? -ns->pi[v] : 0};
        ns->cap[v] = NB_MCF_INF;
        ns->lo[v] = 0;
        ns->flow[v] = 0;
        if (x.depth[v] != 1)
            ns->state[v] = NB_MCF_LOWER;
    }
    ns->pi[root] = 0;
    nb_cross_thread(ns, &x);
    nb_i128 total = 0;
    for (int32_t e = n; e < n + m; e++)
        total += ((nb_i128)ns->flow[e] + ns->lo[e]) * ns->arc[e].c;
    ns->art_cost = (int64_t)art;
    g->cost_absmax = cmax;
    ns->has_hub = 0;
    ns->hub = root;
    ns->total = total;
    ns->total_ok = 1;
    ns->next_arc = n;
    ns->slot_next = 0;
    ns->rehung = 0;
    ns->repaired = 0;
    ns->last_local = 0;
    nb_mcf_ns_set_block(ns);
    ns->tree_ok = 1;
    ns->priced_ok = 1; /* an optimum: every non-tree arc prices right */
    ns->adj_ok = nb_mcf_ns_build_adj(ns) == 0;
    NB_ASSERT_EXPENSIVE(nb_mcf_ns_tree_check(g, NULL) != NB_EINVAL);
cleanup:
    nb_cross_free(&x);
    if (rc != 0)
        ns->tree_ok = 0;
    return rc;
}
