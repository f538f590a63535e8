/*
 * core/mcf.h — minimum-cost flow: graph building, solving, checking.
 *
 * A pure engine (no I/O, no globals) for the minimum-cost flow problem
 *
 *     minimise   sum_e cost[e] * x[e]
 *     subject to lower[e] <= x[e] <= cap[e]                 for every arc e
 *                sum_{e out of v} x[e] - sum_{e into v} x[e] = supply[v]
 *
 * with 64-bit integer costs, capacities, lower bounds and supplies (a negative
 * supply is a demand). The solver is a primal network simplex with block-search
 * pivoting, an artificial root and big-M artificial arcs (see mcf_simplex.c);
 * a second algorithm, cost scaling (mcf_cs.c), is chosen with
 * nb_mcf_set_algorithm.
 *
 * Typical use:
 *
 *     nb_mcf_graph *g = nb_mcf_graph_new(nnodes, narcs);
 *     int32_t a = nb_mcf_add_arc(g, from, to, 0, 10, 3, &err);   // a >= 0
 *     nb_mcf_set_supply(g, from, 5, &err); ...
 *     nb_mcf_result r;
 *     int rc = nb_mcf_solve(g, &r, &err);  // 0, NB_EINFEASIBLE, NB_EUNBOUNDED, ...
 *     int64_t x = nb_mcf_flow(g, a);
 *     nb_mcf_graph_free(g);
 *
 * Conventions:
 *  - Nodes are 0-based int32_t indices fixed at creation; arcs are numbered
 *    0, 1, 2, ... in the order they are added.
 *
 * Accepted inputs (checked; everything else is refused, never solved wrongly):
 *  - per value, by the setters (NB_EINVAL): a capacity is NB_MCF_INF
 *    ("unbounded") or lies in [-NB_MCF_VALUE_MAX, NB_MCF_VALUE_MAX], as do
 *    every lower bound and supply; lower <= cap; every cost lies in
 *    [-NB_MCF_COST_MAX, NB_MCF_COST_MAX];
 *  - per instance, by nb_mcf_solve (NB_ELIMIT, with the reason in err):
 *      flow:  sum of positive supplies + sum over arcs of |lower| + sum over
 *             arcs with a finite capacity of (cap - lower) <= NB_MCF_FLOW_MAX,
 *             computed in 128 bits. This bounds the flow on every arc, also
 *             on unbounded ones (a tree arc carries at most the net supply
 *             of a cut plus the capacities of the arcs crossing it), so every
 *             flow fits in 64 bits;
 *      cost:  (max |cost| + 1) * (nnodes + 1) <= NB_MCF_COST_MAX, so that
 *             potentials and reduced costs fit in 64 bits;
 *      total: sum over arcs of |cost| * |flow| of the optimum fits in
 *             128 bits (implied by the two limits above; checked anyway).
 *    Supplies need not sum to zero, but then the answer is NB_EINFEASIBLE.
 *  - Potentials (duals) pot[v] make every arc's reduced cost
 *        rc[e] = cost[e] + pot[from] - pot[to]
 *    satisfy: rc > 0 => x = lower, rc < 0 => x = cap (pot behaves like a
 *    shortest-path distance label).
 *  - The total cost is exact (computed in 128 bits); it is also given as an
 *    int64_t when it fits.
 *
 * Pivot budget: each simplex run may pivot at most nb_mcf_pivot_budget(g)
 * times (a generous function of nodes and arcs, or the limit set with
 * nb_mcf_set_pivot_limit). A warm start that runs out falls back to a cold
 * start with a fresh budget; a cold start that runs out returns NB_ELIMIT.
 * So a solve never loops and its time is bounded.
 *
 * Warm start: after a successful or failed solve the graph keeps the final
 * spanning tree. Changing costs (nb_mcf_set_cost), adding arcs, changing
 * bounds (nb_mcf_set_bounds) or supplies and calling nb_mcf_solve again
 * restarts the simplex from that tree, and the re-solve costs about what the
 * change reaches, not the size of the graph (mcf_warm.c):
 *  - the setters log the arcs they change; the warm start visits only those,
 *    the new arcs and the nodes whose supply changed;
 *  - new arcs enter at their lower bound; flow changes forced by supply and
 *    bound changes are routed along tree paths to the root; when that would
 *    break a tree arc's bounds (a capacity dropped below the flow, a raised
 *    lower bound, a supply the tree cannot carry) each node's excess is
 *    parked instead on an artificial big-M "repair arc" to or from the root,
 *    and the simplex pushes it back through the network (flow left on one at
 *    the optimum means no feasible flow exists). No cold start;
 *  - after a solve that proved optimality, only the arcs whose reduced cost a
 *    change can have altered (the changed and new arcs, the arcs at nodes
 *    whose potential moved, and after each pivot the arcs at the side of the
 *    tree that moved) are priced; when those exceed half of all arcs the run
 *    prices everything as a cold run does (nb_mcf_result.local says which).
 * The solve starts cold when the costs outgrew the artificial cost of the
 * tree ((max |cost| + 1) * (nodes + 1)), or when no free artificial arc is
 * left for a repair. The reused tree is made strongly feasible again (every
 * node can send flow to the root along its tree path; the anti-cycling rule
 * of the simplex relies on it): a node whose tree arc became blocking is
 * re-hung from the root by a zero-flow artificial arc. nb_mcf_result.warm
 * says whether the tree was reused.
 */
#ifndef NB_CORE_MCF_H
#define NB_CORE_MCF_H

#include "util/attr.h"

#include <stdint.h>

#include "util/error.h"

/* Capacity meaning "no upper bound". */
#define NB_MCF_INF INT64_MAX
/* Limit on |lower|, |finite capacity| and |supply|. */
#define NB_MCF_VALUE_MAX ((int64_t)1 << 60)
/* Limit on |cost| (and on (max|cost|+1)*(nnodes+1), checked by the solver). */
#define NB_MCF_COST_MAX ((int64_t)1 << 60)
/* Limit on the total flow bound of an instance (see "Accepted inputs"). */
#define NB_MCF_FLOW_MAX ((int64_t)1 << 62)

typedef struct nb_mcf_graph nb_mcf_graph;

/* The algorithm of a solve (nb_mcf_set_algorithm, nb_mcf_result.algorithm). */
enum {
    NB_MCF_AUTO = 0,         /* chosen by shape (see nb_mcf_set_algorithm) */
    NB_MCF_SIMPLEX = 1,      /* the network simplex (warm starts) */
    NB_MCF_COST_SCALING = 2, /* cost scaling (mcf_cs.c), cold solves only */
    NB_MCF_AUTO_ONCE = 3     /* AUTO for a caller that solves g once (no
                                re-solve follows): may pick cost scaling */
};

/* What nb_mcf_solve found. Filled by nb_mcf_solve; owned by the caller. */
typedef struct nb_mcf_result {
    int status;         /* same as the return value of nb_mcf_solve */
    int cost_fits;      /* 1 when the optimal cost fits in `cost` */
    int64_t cost;       /* optimal total cost (valid when cost_fits) */
    char cost_text[48]; /* optimal total cost in decimal, always exact */
    int64_t pivots;     /* simplex pivots performed by this solve (all runs) */
    int warm;           /* 1 when the previous spanning tree was reused */
    int fallback;       /* 1 when a warm start ran out of its pivot budget
                            and the solve restarted cold */
    int64_t priced;     /* reduced costs computed by this solve (all runs):
                            about the arc count or more for a cold solve,
                            what the change reaches for a local re-solve */
    int32_t repaired;   /* flows a warm start could not re-route along the
                            tree and parked on big-M repair arcs instead */
    int local;          /* 1 when a warm re-solve priced only the arcs the
                            change reached (no full pricing pass) */
    int algorithm;      /* NB_MCF_SIMPLEX or NB_MCF_COST_SCALING: which one
                            produced the answer */
    int64_t relabels;   /* cost scaling: relabel operations (0 otherwise) */
    int64_t shifted;    /* simplex: potentials its pivots shifted, all runs
                            (the smaller side of the tree each time) */
    int64_t cycle;      /* simplex: tree nodes its pivots' cycles walked */
    int64_t phases;     /* cost scaling: epsilon phases */
    int64_t refined;    /* cost scaling: phases price refinement finished
                            alone (no pushes) */
    int64_t updates;    /* cost scaling: global price updates */
    int crossover;      /* 1 when a cost-scaling solve was turned into the
                            simplex's spanning tree (NB_MCF_AUTO): the
                            next re-solve is warm */
} nb_mcf_result;

/* Creates an empty graph with nnodes nodes (0 <= nnodes <= INT32_MAX - 2) and
 * room for arc_hint arcs (a hint only; arcs can always be added). All supplies
 * start at 0. Returns a graph owned by the caller (free with
 * nb_mcf_graph_free), or NULL when nnodes is out of range or memory ran out. */
NB_MUST_USE nb_mcf_graph *nb_mcf_graph_new(int32_t nnodes, int32_t arc_hint);

/* Makes room for arcs arcs in all (the ones there included), exactly: a caller
 * that knows how many arcs it will add saves the copies and the spare room of
 * growing by doubling. Changes nothing else. Returns 0, NB_EINVAL (arcs < 0)
 * or NB_ENOMEM (the graph is unchanged and still usable). */
NB_MUST_USE int nb_mcf_reserve(nb_mcf_graph *g, int32_t arcs);

/* Frees g and everything it owns (solution included). NULL is a no-op. */
void nb_mcf_graph_free(nb_mcf_graph *g);

/* Number of nodes / arcs of g. */
int32_t nb_mcf_node_count(const nb_mcf_graph *g);
int32_t nb_mcf_arc_count(const nb_mcf_graph *g);

/* Adds an arc from -> to with bounds [lower, cap] and a unit cost. Returns
 * the new arc's index (>= 0), or NB_EINVAL (bad node, lower > cap, value out
 * of range, too many arcs) or NB_ENOMEM, with a message in err (may be NULL). */
NB_MUST_USE int32_t nb_mcf_add_arc(nb_mcf_graph *g, int32_t from, int32_t to, int64_t lower,
                                   int64_t cap, int64_t cost, nb_err *err);

/* Sets the supply of node (negative: demand). Returns 0 or NB_EINVAL. */
NB_MUST_USE int nb_mcf_set_supply(nb_mcf_graph *g, int32_t node, int64_t supply, nb_err *err);

/* Changes the unit cost of an existing arc. Returns 0 or NB_EINVAL. */
NB_MUST_USE int nb_mcf_set_cost(nb_mcf_graph *g, int32_t arc, int64_t cost, nb_err *err);

/* Changes the bounds of an existing arc. Returns 0 or NB_EINVAL. */
NB_MUST_USE int nb_mcf_set_bounds(nb_mcf_graph *g, int32_t arc, int64_t lower, int64_t cap,
                                  nb_err *err);

/* Sets the pivot budget of every simplex run of g (a warm start, a cold
 * start, the feasibility probe after an unbounded run): limit > 0 pivots,
 * or 0 for the default nb_mcf_pivot_budget. Returns 0 or NB_EINVAL
 * (negative limit). */
NB_MUST_USE int nb_mcf_set_pivot_limit(nb_mcf_graph *g, int64_t limit, nb_err *err);

/* Chooses the algorithm of the following solves of g: NB_MCF_SIMPLEX,
 * NB_MCF_COST_SCALING, NB_MCF_AUTO (the default) or NB_MCF_AUTO_ONCE. All
 * give an optimum that nb_mcf_check certifies, with the same optimal cost
 * and status.
 *  - NB_MCF_AUTO: for callers that re-solve (teaming's rounds and
 *    pricing), which need the simplex's spanning tree for warm re-solves: a
 *    cold solve of a shape nb_mcf_cs_preferred selects is solved by cost
 *    scaling and then turned into that tree by the crossover
 *    (mcf_crossover.c; nb_mcf_result.crossover says so), so the re-solves
 *    after it are warm exactly as after a simplex solve; every other solve
 *    is the simplex's (warm when a tree is kept).
 *  - NB_MCF_AUTO_ONCE: for a caller that solves g once (a one-shot solve of a
 *    file, a benchmark): a cold solve uses cost scaling where its shape rule
 *    (nb_mcf_cs_preferred, mcf_cs.c) selects it — large sparse networks such
 *    as the 24-month staffing shape from about half a million nodes, where
 *    it was measured at or below the simplex's time and growing more slowly
 *    (docs/teaming.md "Two algorithms") — else the simplex. A re-solve after
 *    a cost-scaling solve is cold again (correct, not fast).
 *  - NB_MCF_COST_SCALING: every solve is cold and by cost scaling.
 * Cost scaling alone (NB_MCF_AUTO_ONCE, NB_MCF_COST_SCALING) leaves no
 * spanning tree: the solve after it starts cold (with the same rule). It falls back to the simplex itself when an
 * instance is outside its 64-bit limits ((max |cost| + 1) * (nodes + 1) *
 * (nodes + 2) above 2^60) or when an unbounded arc reaches the flow bound
 * (a negative cycle of unbounded capacity may exist; the simplex decides
 * NB_EUNBOUNDED). Returns 0 or NB_EINVAL (unknown value). */
NB_MUST_USE int nb_mcf_set_algorithm(nb_mcf_graph *g, int algorithm, nb_err *err);

/* The pivot budget of one simplex run on g as it is now: the limit set with
 * nb_mcf_set_pivot_limit, or by default 100 * (nodes + arcs) + 100000 —
 * far above what network simplex needs in practice (well below one pivot
 * per node and arc on the benchmark networks). */
int64_t nb_mcf_pivot_budget(const nb_mcf_graph *g);

/* Read access to the data of g (indices must be in range). */
int32_t nb_mcf_arc_from(const nb_mcf_graph *g, int32_t arc);
int32_t nb_mcf_arc_to(const nb_mcf_graph *g, int32_t arc);
int64_t nb_mcf_arc_lower(const nb_mcf_graph *g, int32_t arc);
int64_t nb_mcf_arc_cap(const nb_mcf_graph *g, int32_t arc);
int64_t nb_mcf_arc_cost(const nb_mcf_graph *g, int32_t arc);
int64_t nb_mcf_supply(const nb_mcf_graph *g, int32_t node);

/* Solves the problem held by g (warm-starting when a previous tree exists,
 * see above). Fills *res (may be NULL). Returns
 *   0               optimal; flows and potentials are available,
 *   NB_EINFEASIBLE  no flow satisfies bounds and supplies (this includes
 *                   supplies that do not sum to zero),
 *   NB_EUNBOUNDED   feasible, but a negative-cost cycle of unbounded
 *                   capacity exists,
 *   NB_ELIMIT       the instance is outside the accepted inputs (flows,
 *                   costs or the total too large, see above) or a cold
 *                   start ran out of its pivot budget; err says which,
 *   NB_ENOMEM.
 * g keeps ownership of the solution; it stays valid until g changes. */
NB_MUST_USE int nb_mcf_solve(nb_mcf_graph *g, nb_mcf_result *res, nb_err *err);

/*
 * Snapshot of the last optimum, and the way back to it (mcf_save.c): for a
 * caller that tries a change and may undo it (the teaming's variant P).
 *
 * nb_mcf_save keeps a copy of the simplex's optimum of g: the spanning
 * tree, every arc's flow and state, the potentials, the total cost; about
 * 9 bytes an arc plus 50 a node, owned by g (freed with it, with
 * nb_mcf_save_drop, or reused by the next save). Requires an optimum by the
 * simplex that nothing changed since (nb_mcf_has_solution; not one by cost
 * scaling). Returns 0, NB_EINVAL (no such optimum) or NB_ENOMEM (no
 * snapshot held then).
 *
 * nb_mcf_restore sets g back to the saved point: every cost, bound and
 * supply changed since the save gets its saved value again (arcs added
 * since stay, with their data) and the solver's state is the saved optimum,
 * in O(nodes + arcs) copies instead of a re-solve. Then nb_mcf_has_solution
 * is 1 and flows, potentials and the cost are the saved ones — unless arcs
 * were added after the save (they are not priced yet: has_solution is 0 and
 * the next nb_mcf_solve warm-starts from the saved tree). The optimum is the
 * one found before the changes: a re-solve of the restored data could land
 * on another optimum of the same cost. The snapshot stays held (a later
 * restore goes back to the same point). Returns
 *   0            restored,
 *   1            not possible, g unchanged: a cold start ran since the
 *                save (a fallback, cost scaling, costs above the tree's
 *                big-M), the solver took in arcs added since the save, or
 *                the change log overflowed (more changed arcs than a fifth
 *                of all); the caller sets its data back and solves,
 *   NB_EINVAL    no snapshot held,
 *   NB_ENOMEM.
 */
NB_MUST_USE int nb_mcf_save(nb_mcf_graph *g, nb_err *err);
NB_MUST_USE int nb_mcf_restore(nb_mcf_graph *g, nb_err *err);

/* Frees the snapshot of g (none held: a no-op). */
void nb_mcf_save_drop(nb_mcf_graph *g);

/* Like nb_mcf_set_cost (the same checks and answers), for a caller that
 * changes the costs of many arcs that carry no flow (the teaming's forbidden
 * matches): an arc the last solve left at its lower bound whose reduced cost
 * stays >= 0 with the new cost (always so when the cost rises) stays
 * optimal, so it is kept out of the change log and the re-solve does not
 * price it (the log of nb_mcf_set_cost makes every such arc a candidate, and
 * past a fifth of all arcs the whole graph is visited). Other arcs are
 * logged as by nb_mcf_set_cost. */
NB_MUST_USE int nb_mcf_raise_cost(nb_mcf_graph *g, int32_t arc, int64_t cost, nb_err *err);

/* 1 when the last nb_mcf_solve returned 0 and g has not changed since. */
NB_MUST_USE int nb_mcf_has_solution(const nb_mcf_graph *g);

/* Flow on arc / potential of node of the last optimal solution (0 when there
 * is none). */
int64_t nb_mcf_flow(const nb_mcf_graph *g, int32_t arc);
int64_t nb_mcf_potential(const nb_mcf_graph *g, int32_t node);

/*
 * The arcs whose flow in the last optimal solution is not 0, ascending: their
 * indices into *arcs and their flows into *flows, *count of each (both
 * allocated here, NULL when none; the caller frees them, also after an
 * error). For a caller that wants the flows of many arcs of which few carry
 * flow (the teaming's millions of matches): one pass over the solver's
 * arrays in their own order instead of a random lookup per arc
 * (nb_mcf_flow). Keeps a map from the solver's arc order back to the arcs
 * (4 bytes an arc, owned by g), rebuilt when a cold start reordered them.
 * Returns 0, NB_EINVAL (no solution) or NB_ENOMEM.
 */
NB_MUST_USE int nb_mcf_nonzero_flows(nb_mcf_graph *g, int32_t **arcs, int64_t **flows,
                                     int32_t *count);

/* Copies all flows (arc_count values) / potentials (node_count values) of the
 * last optimal solution into caller-owned arrays. Returns 0, or NB_EINVAL
 * when there is no solution. */
NB_MUST_USE int nb_mcf_copy_flows(const nb_mcf_graph *g, int64_t *flows);
NB_MUST_USE int nb_mcf_copy_potentials(const nb_mcf_graph *g, int64_t *pots);

/* Verifies that flows (arc_count values) and pots (node_count values), both
 * owned by the caller, are an optimal primal/dual pair for g: every flow
 * within [lower, cap], flow conservation at every node, and non-negative
 * reduced cost on every residual arc (rc < 0 only on saturated arcs, rc > 0
 * only on arcs at their lower bound). Independent of the solver's internals.
 * Returns 0 when all holds, NB_EINVAL with the first violation in err. */
NB_MUST_USE int nb_mcf_check(const nb_mcf_graph *g, const int64_t *flows, const int64_t *pots,
                             nb_err *err);

#endif
