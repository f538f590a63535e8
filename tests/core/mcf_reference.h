/*
 * tests/core/mcf_reference.h — the test model of
 * the test_mcf*.c files and test_dimacs.c: seeded random numbers,
 * small flow instances, an independent reference solver (successive shortest
 * paths with Bellman-Ford) and brute force, and the helpers that run the
 * engine (core/mcf.h) on an instance and compare. Test code only; the
 * helpers fail the running cmocka test on a mismatch.
 */
#ifndef NB_TESTS_CORE_MCF_REFERENCE_H
#define NB_TESTS_CORE_MCF_REFERENCE_H

#include <stdint.h>

#include "core/mcf.h"

__extension__ typedef __int128 i128;

#define INF NB_MCF_INF
#define MAXN 16
#define MAXM 64

/* A splitmix64 generator; the state is the whole seed. */
typedef struct rng {
    uint64_t s;
} rng;

/* The next 64 random bits. */
uint64_t rng_next(rng *r);

/* Uniform in [lo, hi]. */
int64_t rng_range(rng *r, int64_t lo, int64_t hi);

/* First seed and count of a random test; NB_TEST_SEED replays one seed. */
void seeds(uint64_t base, int count, uint64_t *first, int *n);

/* A small instance: n nodes, m arcs (lower, cap, cost), supplies. */
typedef struct inst {
    int n, m;
    int from[MAXM], to[MAXM];
    int64_t lower[MAXM], cap[MAXM], cost[MAXM];
    int64_t supply[MAXN];
} inst;

/* A new engine graph holding in; the caller frees it (nb_mcf_graph_free). */
nb_mcf_graph *build(const inst *in);

/* Random instance; mode bits: 1 = infinite capacities, 2 = lower bounds,
 * 4 = unbalanced supplies sometimes. */
void random_inst(rng *r, inst *in, int maxn, int maxm, int64_t maxcap, int64_t mincost,
                 int64_t maxcost, int mode);

/* Solves in; returns 0 (cost in *cost), NB_EINFEASIBLE or NB_EUNBOUNDED. */
int ref_solve(const inst *in, i128 *cost);

/* Brute force over all integer flows (finite small capacities only); 0 (cost
 * in *cost) or NB_EINFEASIBLE. */
int brute_solve(const inst *in, i128 *cost);

/* Cost of the flow stored in g, without overflow. */
i128 cost_of(const nb_mcf_graph *g);

/* Asserts that the stored solution of g passes the checker. */
void assert_checked(const nb_mcf_graph *g, uint64_t seed);

/* Solves in with the engine and compares with the expected status/cost. */
void compare(const inst *in, int want_rc, i128 want_cost, uint64_t seed, const char *what);

/* Solves a hand-made instance; returns rc and the graph (caller frees). */
nb_mcf_graph *solve_inst(const inst *in, int *rc, nb_mcf_result *res);

/* Appends arc u -> v with bounds [lo, cap] and cost to in. */
void add(inst *in, int u, int v, int64_t lo, int64_t cap, int64_t cost);

/* Applies one random change (cost, new arc, supply, bounds) to in and to g. */
void random_change(rng *r, inst *in, nb_mcf_graph *g);

/* A fresh graph with g's arcs (same ids) and supplies, no solver state; the
 * caller frees it (nb_mcf_graph_free). */
nb_mcf_graph *clone_graph(const nb_mcf_graph *g);

/* A staffing-shaped network: people 0..P-1 with hours, lines P..P+L-1 with
 * demand, IDLE = P+L takes unused hours, UNMET = P+L+1 feeds unmet demand at
 * a high cost. Person p's arcs are 7p (to IDLE) and 7p+1..7p+6 (to lines).
 * The caller frees it. */
nb_mcf_graph *staffing(rng *r, int P, int L);

#endif
