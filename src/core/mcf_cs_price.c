/*
 * core/mcf_cs_price.c — price refinement for the cost-scaling solver
 * (mcf_cs.c): before a phase at epsilon, look for prices under which the
 * current flow is already epsilon-optimal, so the phase's saturations and
 * pushes are not needed (Goldberg's "price refinement", as LEMON's
 * CostScaling applies it from the second phase on; written anew in C).
 *
 * One attempt:
 *  1. a depth-first search of the admissible network (residual arcs of
 *     negative reduced cost), iterative, gives its nodes in post-order; when
 *     it meets a node on its own path it has found a cycle of negative
 *     reduced cost: it pushes the cycle's smallest residual capacity around
 *     it (excesses unchanged) and gives up — the phase runs;
 *  2. over the acyclic network in topological order, a node's rank is the
 *     largest sum along an admissible path into it of floor((-rc - 1) / eps)
 *     — how many epsilons its price must drop so that no arc on the path
 *     stays below -eps; all ranks 0 means epsilon-optimal: done (1);
 *  3. else the nodes are lowered rank * eps in buckets from the top rank
 *     down, a node's rank raised to keep the arcs out of a processed node
 *     eps-optimal (the Dial-like pass), and the attempt starts over.
 *
 * Every price change only lowers prices by whole epsilons, so the guards of
 * mcf_cs.c hold; a rank beyond the buckets (never expected: a phase starts
 * alpha * eps-optimal) and a limit of attempts end in "run the phase", which
 * is always correct. No recursion, no allocation.
 */
#include "core/mcf_cs_impl.h"

/* Attempts before the phase runs anyway. */
#define NB_CS_PRICE_TRIES 64

/* Pushes the smallest residual capacity around the admissible cycle closed
 * by arc a from tip to a node on the search path (next[u] is the path's arc
 * out of u). */
static void nb_cs_cancel_cycle(nb_cs *c, int32_t tip, int32_t a)
{
    const int32_t v = c->target[a];
    int64_t delta = c->res[a];
    for (int32_t u = tip; u != v;) {
        u = c->pred[u];
        if (c->res[c->next[u]] < delta)
            delta = c->res[c->next[u]];
    }
    c->res[a] -= delta;
    c->res[c->rev[a]] += delta;
    for (int32_t u = tip; u != v;) {
        u = c->pred[u];
        int32_t e = c->next[u];
        c->res[e] -= delta;
        c->res[c->rev[e]] += delta;
    }
    c->cycles++;
}

/* Step 1: post-order of the admissible network into c->order (*count
 * nodes). Returns 1 when acyclic, 0 after cancelling a cycle. */
static int nb_cs_topo(nb_cs *c, int32_t *count)
{
    int32_t cnt = 0;
    for (int32_t u = 0; u < c->nn; u++) {
        c->state[u] = 0;
        c->next[u] = c->first[u];
    }
    for (int32_t s = 0; s < c->nn; s++) {
        if (c->state[s] != 0)
            continue;
        c->pred[s] = -1;
        c->state[s] = 1;
        int32_t tip = s;
        while (tip >= 0) {
            const int64_t pt = c->pi[tip];
            const int32_t last = c->first[tip + 1];
            int32_t a = c->next[tip], down = -1;
            for (; a < last; a++) {
                if (c->res[a] <= 0)
                    continue;
                int32_t v = c->target[a];
                if (c->cost[a] + pt - c->pi[v] >= 0 || c->state[v] == 2)
                    continue;
                c->next[tip] = a;
                if (c->state[v] == 1) {
                    nb_cs_cancel_cycle(c, tip, a);
                    return 0;
                }
                down = v;
                break;
            }
            if (down >= 0) {
                c->pred[down] = tip;
                c->state[down] = 1;
                tip = down;
                continue;
            }
            c->state[tip] = 2;
            c->order[cnt++] = tip;
            tip = c->pred[tip];
            if (tip >= 0)
                c->next[tip]++;
        }
    }
    *count = cnt;
    return 1;
}

/* Steps 2 and 3 over the post-order of count nodes. Returns 1 when the flow
 * is eps-optimal, 0 when the prices were lowered (try again), -1 when a rank
 * would leave the buckets. */
static int nb_cs_rank_pass(nb_cs *c, int32_t count)
{
    const int32_t end = c->nn, top = c->max_rank - 1;
    int32_t top_rank = 0;
    for (int32_t u = 0; u < c->nn; u++)
        c->rank[u] = 0;
    for (int32_t r = 0; r <= c->max_rank; r++)
        c->bucket[r] = end;
    for (int32_t k = count - 1; k >= 0; k--) {
        const int32_t u = c->order[k], ru = c->rank[u];
        const int64_t pu = c->pi[u];
        for (int32_t a = c->first[u]; a < c->first[u + 1]; a++) {
            if (c->res[a] <= 0)
                continue;
            int32_t v = c->target[a];
            int64_t rc = c->cost[a] + pu - c->pi[v];
            if (rc >= 0)
                continue;
            int64_t q = (-rc - 1) / c->eps;
            if (q > (int64_t)(top - ru))
                return -1;
            if (ru + (int32_t)q > c->rank[v])
                c->rank[v] = ru + (int32_t)q;
        }
        if (ru > 0) {
            if (ru > top_rank)
                top_rank = ru;
            nb_cs_bucket_move(c, u, -1, ru);
        }
    }
    if (top_rank == 0)
        return 1;
    for (int32_t r = top_rank; r > 0; r--) {
        while (c->bucket[r] != end) {
            const int32_t u = c->bucket[r];
            c->bucket[r] = c->bnext[u];
            const int64_t pu = c->pi[u];
            for (int32_t a = c->first[u]; a < c->first[u + 1]; a++) {
                if (c->res[a] <= 0)
                    continue;
                int32_t v = c->target[a], old = c->rank[v];
                if (old >= r)
                    continue;
                int64_t rc = c->cost[a] + pu - c->pi[v];
                int32_t nr = r;
                if (rc >= 0) {
                    int64_t q = rc / c->eps;
                    nr = q < (int64_t)r - 1 ? r - 1 - (int32_t)q : 0;
                }
                if (nr > old) {
                    c->rank[v] = nr;
                    nb_cs_bucket_move(c, v, old > 0 ? old : -1, nr);
                }
            }
            nb_cs_lower(c, u, (nb_i128)r * c->eps);
            if (c->failed)
                return -1;
        }
    }
    return 0;
}

int nb_cs_price_refine(nb_cs *c)
{
    for (int k = 0; k < NB_CS_PRICE_TRIES; k++) {
        int32_t count = 0;
        if (!nb_cs_topo(c, &count))
            return 0;
        int rc = nb_cs_rank_pass(c, count);
        if (rc != 0)
            return rc > 0;
    }
    return 0;
}
