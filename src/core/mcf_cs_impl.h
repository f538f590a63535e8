/*
 * core/mcf_cs_impl.h — the state of one cost-scaling run, shared by
 * mcf_cs.c (build, refine, global update, potentials) and mcf_cs_price.c
 * (price refinement). Not a public header; nothing outside those two files
 * includes it.
 */
#ifndef NB_CORE_MCF_CS_IMPL_H
#define NB_CORE_MCF_CS_IMPL_H

#include "util/attr.h"

#include <stdint.h>

#include "core/mcf_impl.h"

/* Prices stay in [-NB_CS_PRICE_MAX, 0]. */
#define NB_CS_PRICE_MAX ((int64_t)1 << 61)

/* The residual graph in compressed rows and the prices; arrays owned by the
 * run (mcf_cs.c frees them). */
typedef struct nb_cs {
    int32_t nn;      /* nodes with the root: n + 1; the root is n */
    int32_t na;      /* residual arcs */
    int32_t *first;  /* [nn + 1] row starts */
    int32_t *next;   /* [nn] current arc of each node */
    int32_t *target; /* [na] */
    int32_t *rev;    /* [na] the paired residual arc */
    int64_t *res;    /* [na] residual capacity */
    int64_t *cost;   /* [na] scaled cost (reverse: the negated forward) */
    int64_t *pi;     /* [nn] prices */
    int64_t *excess; /* [nn] */
    int32_t *fwd;    /* [m] user arc -> its forward residual arc */
    int32_t *queue;  /* [nn] ring of active nodes */
    uint8_t *queued; /* [nn] */
    int32_t qhead, qlen;
    int32_t *rank;   /* [nn] global update, price refinement */
    int32_t *bnext;  /* [nn + 1] bucket lists (nn = end marker) */
    int32_t *bprev;  /* [nn + 1] */
    int32_t *bucket; /* [max_rank + 1] */
    int32_t max_rank;
    int32_t *order; /* [nn] price refinement: nodes in post-order */
    int32_t *pred;  /* [nn] price refinement: the search's parent */
    uint8_t *state; /* [nn] price refinement: 0 new, 1 on the path, 2 done */
    int64_t eps;
    int64_t relabels;
    int64_t updates;
    int64_t refined; /* phases price refinement finished alone */
    int64_t cycles;  /* admissible cycles price refinement cancelled */
    int failed;      /* a guard tripped */
} nb_cs;

/* Lowers pi[u] by d (>= 0); sets c->failed instead when the price would
 * leave [-NB_CS_PRICE_MAX, 0]. */
static inline void nb_cs_lower(nb_cs *c, int32_t u, nb_i128 d)
{
    nb_i128 p = (nb_i128)c->pi[u] - d;
    if (p < -(nb_i128)NB_CS_PRICE_MAX) {
        c->failed = 1;
        return;
    }
    c->pi[u] = (int64_t)p;
}

/* Moves v from bucket old (in no bucket when old < 0) to the front of
 * bucket nr (the doubly linked lists bnext/bprev, nn the end marker). */
static inline void nb_cs_bucket_move(nb_cs *c, int32_t v, int32_t old, int32_t nr)
{
    if (old >= 0) {
        if (c->bucket[old] == v) {
            c->bucket[old] = c->bnext[v];
        } else {
            int32_t pv = c->bprev[v], nv = c->bnext[v];
            c->bnext[pv] = nv;
            c->bprev[nv] = pv;
        }
    }
    int32_t h = c->bucket[nr];
    c->bnext[v] = h;
    c->bprev[h] = v;
    c->bucket[nr] = v;
}

/* Price refinement (mcf_cs_price.c), tried at the start of a phase at
 * c->eps: when the current flow is already eps-optimal for some prices, it
 * finds them (lowering prices by whole epsilons along the admissible
 * network, which must be acyclic) and returns 1 — the phase needs no
 * pushes. Returns 0 when the phase must run: the admissible network has a
 * cycle (one is cancelled, flows change, excesses do not) or a rank would
 * leave the buckets. Sets c->failed when a price guard trips. Uses rank,
 * buckets, order, pred, state and next (the phase resets next). */
NB_MUST_USE int nb_cs_price_refine(nb_cs *c);

#endif
