/*
 * core/mcf_cs.c — cost-scaling minimum-cost flow (Goldberg's cost scaling
 * with partial augment-relabel, as in LEMON's CostScaling; written anew in C),
 * the second algorithm of nb_mcf_solve for cold solves (mcf.h says when).
 *
 * The method:
 *  - the residual graph in compressed rows (every arc's forward and reverse
 *    residual arc in its tail's row, int32 indices), lower bounds shifted into
 *    the supplies, unbounded capacities replaced by the instance's flow bound
 *    F (mcf.h "Accepted inputs": no basic solution carries more);
 *  - an artificial root R with a big-M arc from every supply node and to every
 *    demand node ((max |cost| + 1) * (nodes + 1), longer than any simple path,
 *    as in the simplex's cold start): the problem is always feasible, and flow
 *    left on an artificial arc at the optimum means NB_EINFEASIBLE;
 *  - costs multiplied by K = nodes + 2, prices start at 0 and epsilon at the
 *    largest scaled cost; each phase ("refine") saturates the residual arcs of
 *    negative reduced cost and then moves the excesses to the deficits along
 *    admissible arcs (reduced cost < 0) by partial augmentations of at most
 *    NB_CS_PATH arcs from the oldest active node (FIFO), relabelling a node
 *    (lowering its price to make an arc admissible) when it has none; epsilon
 *    is divided by NB_CS_ALPHA between phases down to 1, where the flow is
 *    1/K-optimal and so optimal for the integer costs;
 *  - price refinement from the second phase on (mcf_cs_price.c): when the
 *    flow is already epsilon-optimal for prices a pass over the admissible
 *    network finds, the phase does no pushes at all (LEMON's heuristic; on
 *    the 24-month staffing shape it cut the relabels 3.7x, docs/performance.md
 *    "cs29");
 *  - global price updates (a Dial search from the deficit nodes backwards over
 *    residual arcs, prices lowered by whole epsilons) after every
 *    min(nodes + supply_nodes^2, 8 nodes) relabels — what makes it fast;
 *  - exact potentials at the end: the prices divided by K, then corrected by
 *    a label-correcting pass (FIFO Bellman-Ford, tiny since every violation is
 *    below 1) on the residual graph with the original costs, so that
 *    nb_mcf_check certifies the answer.
 *
 * Everything is int64 with guards rather than 128-bit arithmetic: the scaled
 * big-M must stay below 2^60 and prices above -2^61 (checked at every
 * relabel and global update); outside that, or when an unbounded arc ends at
 * the bound F (a negative cycle of unbounded capacity may exist), or when the
 * potential pass exceeds its budget, the run gives up with NB_MCF_CS_DEFER and
 * nb_mcf_solve lets the simplex decide. No recursion, no globals.
 */
#include <stdlib.h>
#include <string.h>

#include "core/mcf_cs_impl.h"

/* Epsilon is divided by this between phases (LEMON's default). */
#define NB_CS_ALPHA 16
/* Longest partial augmenting path (LEMON's PARTIAL_AUGMENT). */
#define NB_CS_PATH 4

static void nb_cs_free(nb_cs *c)
{
    free(c->first);
    free(c->next);
    free(c->target);
    free(c->rev);
    free(c->res);
    free(c->cost);
    free(c->pi);
    free(c->excess);
    free(c->fwd);
    free(c->queue);
    free(c->queued);
    free(c->rank);
    free(c->bnext);
    free(c->bprev);
    free(c->bucket);
    free(c->order);
    free(c->pred);
    free(c->state);
}

static void nb_cs_push_active(nb_cs *c, int32_t v)
{
    if (c->queued[v])
        return;
    c->queued[v] = 1;
    int32_t at = c->qhead + c->qlen;
    if (at >= c->nn)
        at -= c->nn;
    c->queue[at] = v;
    c->qlen++;
}

/* Goldberg's global price update (after LEMON): ranks = epsilon-distances
 * to the deficit nodes, searched backwards in buckets; every node is then
 * lowered by min(rank, last bucket) epsilons. */
static void nb_cs_global_update(nb_cs *c)
{
    const int32_t end = c->nn;
    int64_t total = 0;
    c->updates++;
    for (int32_t r = 0; r <= c->max_rank; r++)
        c->bucket[r] = end;
    int32_t b0 = end;
    for (int32_t i = 0; i < c->nn; i++) {
        if (c->excess[i] < 0) {
            c->rank[i] = 0;
            c->bnext[i] = b0;
            c->bprev[b0] = i;
            b0 = i;
        } else {
            total += c->excess[i];
            c->rank[i] = c->max_rank;
        }
    }
    if (total == 0)
        return;
    c->bucket[0] = b0;
    int32_t r = 0;
    for (; r < c->max_rank && total > 0; r++) {
        while (c->bucket[r] != end && total > 0) {
            int32_t u = c->bucket[r];
            c->bucket[r] = c->bnext[u];
            const int64_t pu = c->pi[u];
            for (int32_t a = c->first[u]; a < c->first[u + 1]; a++) {
                int32_t ra = c->rev[a];
                if (c->res[ra] <= 0)
                    continue;
                int32_t v = c->target[a];
                int32_t old = c->rank[v];
                if (r >= old)
                    continue;
                int64_t q = (c->cost[ra] + c->pi[v] - pu) / c->eps;
                if (q >= (int64_t)c->max_rank)
                    continue;
                int32_t nr = r + 1 + (int32_t)q;
                if (nr >= old)
                    continue;
                c->rank[v] = nr;
                c->next[v] = c->first[v];
                nb_cs_bucket_move(c, v, old < c->max_rank ? old : -1, nr);
            }
            if (c->excess[u] > 0)
                total -= c->excess[u];
        }
        if (total <= 0)
            break;
    }
    for (int32_t u = 0; u < c->nn; u++) {
        int32_t k = c->rank[u] < r ? c->rank[u] : r;
        if (k > 0) {
            nb_cs_lower(c, u, (nb_i128)c->eps * k);
            c->next[u] = c->first[u];
        }
    }
}

/* One refine phase at c->eps. */
static void nb_cs_refine(nb_cs *c, int64_t update_every, int64_t *next_update)
{
    int32_t path[NB_CS_PATH + 1] = {0};
    /* Saturate every residual arc of negative reduced cost. */
    for (int32_t u = 0; u < c->nn; u++) {
        const int64_t pu = c->pi[u];
        for (int32_t a = c->first[u]; a < c->first[u + 1]; a++) {
            int64_t d = c->res[a];
            if (d > 0 && c->cost[a] + pu - c->pi[c->target[a]] < 0) {
                c->excess[u] -= d;
                c->excess[c->target[a]] += d;
                c->res[a] = 0;
                c->res[c->rev[a]] += d;
            }
        }
    }
    for (int32_t u = 0; u < c->nn; u++) {
        c->next[u] = c->first[u];
        if (c->excess[u] > 0)
            nb_cs_push_active(c, u);
    }
    while (c->qlen > 0 && !c->failed) {
        int32_t start = c->queue[c->qhead];
        if (c->excess[start] <= 0) {
            c->queued[start] = 0;
            if (++c->qhead == c->nn)
                c->qhead = 0;
            c->qlen--;
            continue;
        }
        /* A partial augmenting path from start. */
        int32_t len = 0, tip = start;
        while (len < NB_CS_PATH && c->excess[tip] >= 0) {
            const int64_t pt = c->pi[tip];
            const int32_t last = c->first[tip + 1];
            int64_t minrc = INT64_MAX;
            int32_t a = c->next[tip], found = -1;
            for (; a < last; a++) {
                if (c->res[a] <= 0)
                    continue;
                int64_t rc = c->cost[a] + pt - c->pi[c->target[a]];
                if (rc < 0) {
                    found = a;
                    break;
                }
                if (rc < minrc)
                    minrc = rc;
            }
            if (found >= 0) {
                c->next[tip] = found;
                int cycle = 0;
                for (int32_t k = 0; k < len; k++)
                    cycle |= path[k] == found;
                path[len++] = found;
                if (cycle)
                    break;
                tip = c->target[found];
                continue;
            }
            /* Relabel tip: the cheapest residual arc becomes admissible. */
            if (len > 0) { /* the way back counts (LEMON: tip != start) */
                int32_t ra = c->rev[path[len - 1]];
                int64_t rc = c->cost[ra] + pt - c->pi[c->target[ra]];
                if (rc < minrc)
                    minrc = rc;
            }
            for (a = c->first[tip]; a < c->next[tip]; a++) {
                if (c->res[a] <= 0)
                    continue;
                int64_t rc = c->cost[a] + pt - c->pi[c->target[a]];
                if (rc < minrc)
                    minrc = rc;
            }
            if (minrc == INT64_MAX) { /* no way out: cannot happen with the root */
                c->failed = 1;
                return;
            }
            nb_cs_lower(c, tip, (nb_i128)minrc + c->eps);
            c->next[tip] = c->first[tip];
            c->relabels++;
            if (c->failed)
                return;
            if (len > 0) { /* step back */
                len--;
                tip = c->target[c->rev[path[len]]];
            }
        }
        /* Augment along the path, as much as each node holds. */
        int32_t u = start;
        for (int32_t k = 0; k < len; k++) {
            int32_t a = path[k], v = c->target[a];
            int64_t d = c->res[a] < c->excess[u] ? c->res[a] : c->excess[u];
            if (d > 0) {
                c->res[a] -= d;
                c->res[c->rev[a]] += d;
                c->excess[u] -= d;
                c->excess[v] += d;
                if (c->excess[v] > 0)
                    nb_cs_push_active(c, v);
            }
            u = v;
        }
        if (c->relabels >= *next_update) {
            nb_cs_global_update(c);
            *next_update = c->relabels + update_every;
        }
    }
}

/* Builds the residual graph. Returns 0, NB_MCF_CS_DEFER or NB_ENOMEM. */
static int nb_cs_build(nb_cs *c, const nb_mcf_graph *g, int64_t bound, int64_t mscaled,
                       int64_t scale)
{
    const int32_t n = g->n, m = g->m, root = n;
    int64_t *b = calloc((size_t)n + 1, sizeof *b);
    int rc = 0;
    if (b == NULL)
        return NB_ENOMEM;
    for (int32_t v = 0; v < n; v++)
        b[v] = g->supply[v];
    for (int32_t a = 0; a < m; a++) {
        b[g->from[a]] -= g->lower[a];
        b[g->to[a]] += g->lower[a];
    }
    int64_t nart = 0;
    for (int32_t v = 0; v < n; v++)
        nart += b[v] != 0;
    int64_t na = 2 * ((int64_t)m + nart);
    if (na > INT32_MAX - 1) {
        rc = NB_MCF_CS_DEFER;
        goto cleanup;
    }
    c->nn = n + 1;
    c->na = (int32_t)na;
    size_t nn = (size_t)c->nn, sa = (size_t)na + 1;
    c->first = calloc(nn + 1, sizeof *c->first);
    c->next = malloc(nn * sizeof *c->next);
    c->target = malloc(sa * sizeof *c->target);
    c->rev = malloc(sa * sizeof *c->rev);
    c->res = malloc(sa * sizeof *c->res);
    c->cost = malloc(sa * sizeof *c->cost);
    c->pi = calloc(nn, sizeof *c->pi);
    c->excess = calloc(nn, sizeof *c->excess);
    c->fwd = malloc(((size_t)m + 1) * sizeof *c->fwd);
    c->queue = malloc(nn * sizeof *c->queue);
    c->queued = calloc(nn, 1);
    c->rank = malloc(nn * sizeof *c->rank);
    c->bnext = malloc((nn + 1) * sizeof *c->bnext);
    c->bprev = malloc((nn + 1) * sizeof *c->bprev);
    c->max_rank = NB_CS_ALPHA * c->nn;
    c->bucket = malloc(((size_t)c->max_rank + 1) * sizeof *c->bucket);
    c->order = malloc(nn * sizeof *c->order);
    c->pred = malloc(nn * sizeof *c->pred);
    c->state = malloc(nn);
    if (!c->first || !c->next || !c->target || !c->rev || !c->res || !c->cost || !c->pi ||
        !c->excess || !c->fwd || !c->queue || !c->queued || !c->rank || !c->bnext || !c->bprev ||
        !c->bucket || !c->order || !c->pred || !c->state) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    /* Row sizes, then starts (first[u + 1] counts u's arcs first). */
    for (int32_t a = 0; a < m; a++) {
        c->first[g->from[a] + 1]++;
        c->first[g->to[a] + 1]++;
    }
    for (int32_t v = 0; v < n; v++)
        if (b[v] != 0) {
            c->first[v + 1]++;
            c->first[root + 1]++;
        }
    for (int32_t v = 0; v < c->nn; v++)
        c->first[v + 1] += c->first[v];
    memcpy(c->next, c->first, nn * sizeof *c->next); /* fill cursors */
    for (int32_t a = 0; a < m; a++) {
        int32_t u = g->from[a], v = g->to[a];
        int32_t f = c->next[u]++, r = c->next[v]++;
        int64_t cap = g->cap[a] == NB_MCF_INF ? bound : g->cap[a] - g->lower[a];
        c->fwd[a] = f;
        c->target[f] = v;
        c->target[r] = u;
        c->rev[f] = r;
        c->rev[r] = f;
        c->res[f] = cap;
        c->res[r] = 0;
        c->cost[f] = g->cost[a] * scale;
        c->cost[r] = -c->cost[f];
    }
    for (int32_t v = 0; v < n; v++) {
        if (b[v] == 0)
            continue;
        int32_t f = c->next[v]++, r = c->next[root]++;
        c->rev[f] = r;
        c->rev[r] = f;
        c->target[f] = root;
        c->target[r] = v;
        /* Supply node: v -> R (residual at v); demand node: R -> v. */
        if (b[v] > 0) {
            c->res[f] = bound;
            c->res[r] = 0;
            c->cost[f] = mscaled;
            c->cost[r] = -mscaled;
        } else {
            c->res[f] = 0;
            c->res[r] = bound;
            c->cost[f] = -mscaled;
            c->cost[r] = mscaled;
        }
    }
    for (int32_t v = 0; v < n; v++)
        c->excess[v] = b[v];
cleanup:
    free(b);
    return rc;
}

/* Exact potentials: prices / scale, then FIFO label correcting over the
 * residual arcs with the original costs until every reduced cost is >= 0.
 * Returns 0 or NB_MCF_CS_DEFER (budget exceeded). pot has nn entries. */
static int nb_cs_potentials(nb_cs *c, int64_t scale, int64_t *pot)
{
    for (int32_t u = 0; u < c->nn; u++) {
        int64_t p = c->pi[u];
        pot[u] = p >= 0 ? p / scale : -((-p + scale - 1) / scale);
        c->queued[u] = 1;
        c->queue[u] = u;
    }
    c->qhead = 0;
    c->qlen = c->nn;
    int64_t budget = 20 * ((int64_t)c->na + c->nn) + 1000;
    while (c->qlen > 0) {
        int32_t u = c->queue[c->qhead];
        if (++c->qhead == c->nn)
            c->qhead = 0;
        c->qlen--;
        c->queued[u] = 0;
        for (int32_t a = c->first[u]; a < c->first[u + 1]; a++) {
            if (c->res[a] <= 0)
                continue;
            int32_t v = c->target[a];
            int64_t d = pot[u] + c->cost[a] / scale;
            if (d < pot[v]) {
                if (--budget < 0)
                    return NB_MCF_CS_DEFER;
                pot[v] = d;
                nb_cs_push_active(c, v);
            }
        }
    }
    return 0;
}

int nb_mcf_cs_run(const nb_mcf_graph *g, int64_t *flows, int64_t *pots, nb_mcf_cs_stats *st,
                  nb_err *err)
{
    nb_cs c;
    int rc = 0;
    int64_t *pot = NULL;
    memset(&c, 0, sizeof c);
    memset(st, 0, sizeof *st);
    const int32_t n = g->n, m = g->m;

    /* Limits: the flow bound (nb_mcf_ns_check_input already held it below
     * 2^62) and the scaled costs. */
    nb_i128 bound = g->arc_bound + 1;
    for (int32_t v = 0; v < n; v++)
        if (g->supply[v] > 0)
            bound += g->supply[v];
    int64_t cmax = 0;
    for (int32_t a = 0; a < m; a++) {
        int64_t x = g->cost[a] < 0 ? -g->cost[a] : g->cost[a];
        if (x > cmax)
            cmax = x;
    }
    const int64_t scale = (int64_t)n + 2;
    nb_i128 big = ((nb_i128)cmax + 1) * ((nb_i128)n + 1);
    if (bound > NB_MCF_FLOW_MAX || big * scale > ((nb_i128)1 << 60)) {
        rc = NB_MCF_CS_DEFER;
        goto cleanup;
    }
    if ((rc = nb_cs_build(&c, g, (int64_t)bound, (int64_t)(big * scale), scale)) != 0)
        goto cleanup;

    int64_t nsup = 0;
    for (int32_t v = 0; v < n; v++)
        nsup += c.excess[v] > 0;
    /* LEMON's interval, nodes + supply_nodes^2 relabels, at most 8 x nodes:
     * staffing networks have thousands of supply nodes and never reached
     * LEMON's interval; with the cap a 1-month case ran 1.6x, a 24-month one
     * 1.8x faster (docs/teaming.md). */
    int64_t update_every = (int64_t)c.nn + (nsup < 3037000000 / 2 ? nsup * nsup : INT32_MAX);
    if (update_every > 8 * (int64_t)c.nn)
        update_every = 8 * (int64_t)c.nn;
    int64_t next_update = update_every;
    c.eps = cmax * scale;
    if (c.eps < 1)
        c.eps = 1;
    for (;;) {
        st->phases++;
        /* From the second phase on the flow may already be eps-optimal for
         * prices a cheap pass finds (LEMON's PRICE_REFINEMENT_LIMIT 2). */
        if (st->phases >= 2 && nb_cs_price_refine(&c))
            c.refined++;
        else if (!c.failed)
            nb_cs_refine(&c, update_every, &next_update);
        if (c.failed) {
            rc = NB_MCF_CS_DEFER;
            goto cleanup;
        }
        if (c.eps == 1)
            break;
        c.eps = c.eps < NB_CS_ALPHA ? 1 : c.eps / NB_CS_ALPHA;
    }
    st->relabels = c.relabels;
    st->updates = c.updates;
    st->refined = c.refined;
    st->cycles = c.cycles;

    /* Flow on an artificial arc: no feasible flow. An unbounded arc at the
     * bound: maybe a negative cycle of unbounded capacity (the simplex
     * decides). */
    for (int32_t a = c.first[n]; a < c.first[n + 1]; a++) {
        int32_t f = c.rev[a]; /* the pair's arc in the node's row */
        /* v -> R (cost > 0) carries res[a]; R -> v carries res[f]. */
        int64_t x = c.cost[f] > 0 ? c.res[a] : c.res[f];
        if (x != 0) {
            rc = nb_err_set(err, NB_EINFEASIBLE, "no feasible flow exists");
            goto cleanup;
        }
    }
    for (int32_t a = 0; a < m; a++) {
        if (g->cap[a] == NB_MCF_INF && c.res[c.fwd[a]] == 0) {
            rc = NB_MCF_CS_DEFER;
            goto cleanup;
        }
        flows[a] = c.res[c.rev[c.fwd[a]]] + g->lower[a];
    }
    pot = malloc((size_t)c.nn * sizeof *pot);
    if (pot == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if ((rc = nb_cs_potentials(&c, scale, pot)) != 0)
        goto cleanup;
    for (int32_t v = 0; v < n; v++)
        pots[v] = pot[v] - pot[n];
cleanup:
    if (rc == NB_ENOMEM)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory for the cost-scaling solver");
    free(pot);
    nb_cs_free(&c);
    return rc;
}

/* The shape rule of NB_MCF_AUTO_ONCE (NB_MCF_AUTO keeps the simplex: its
 * callers re-solve warm). Measured with price refinement (docs/teaming.md
 * "Two algorithms", docs/performance.md "cs29"): on the 24-month staffing
 * shape (bench/gen_mcf months P A 24, 4.5 arcs a node) cost scaling
 * solves 535,000 nodes in the simplex's time and grows more slowly when the
 * network doubles, so from NB_CS_MIN_NODES nodes it is chosen; below that,
 * and on every denser shape measured (1 to 12 months, 6.6 to 7.7 arcs a
 * node; NETGEN; assignment), the simplex was faster. */
#define NB_CS_MIN_NODES 500000
#define NB_CS_MAX_ARCS_PER_NODE 5

int nb_mcf_cs_preferred(const nb_mcf_graph *g)
{
    return g->n >= NB_CS_MIN_NODES && (int64_t)g->m < (int64_t)NB_CS_MAX_ARCS_PER_NODE * g->n;
}
