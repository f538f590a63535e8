/*
 * core/mcf_impl.h — internal layout shared by mcf.c (graph, accessors,
 * checker) and mcf_simplex.c (the network simplex). Not a public header.
 *
 * The graph keeps the user's data (arcs in insertion order, supplies) as the
 * source of truth. The solver keeps its own struct-of-arrays copy (nb_mcf_ns)
 * with int32 indices: artificial arcs 0..n-1 (one per node, to or from the
 * artificial root n), real arcs n..n+m-1 in an interleaved ("mixed") order
 * that makes block-search pricing look at all parts of the graph. pos[a] maps
 * user arc a to its internal index. Flows inside the solver are shifted by
 * the lower bound (0 <= flow <= cap - lower).
 *
 * Artificial arc indices 0..n-1 are "slots": the cold start gives slot u
 * node u's arc to the root (or hub); later any free slot (not in the tree,
 * no flow, not a repair arc) may hold any artificial arc — a re-hang arc
 * u -> root of cost 0, or a repair arc of big-M cost (mcf_warm.c). For
 * incremental re-solves the solver also keeps adjacency lists of the real
 * arcs, the candidate list of local pricing, the running total cost, and
 * the graph logs which arcs its setters changed.
 */
#ifndef NB_CORE_MCF_IMPL_H
#define NB_CORE_MCF_IMPL_H

#include "util/attr.h"

#include <stdint.h>
#include <stddef.h>

#include "core/mcf.h"

__extension__ typedef __int128 nb_i128;

/* Arc states (also the sign used in pricing). */
enum { NB_MCF_UPPER = -1, NB_MCF_TREE = 0, NB_MCF_LOWER = 1 };
/* Direction of a node's tree arc: UP = node -> parent, DOWN = parent -> node. */
enum { NB_MCF_DOWN = -1, NB_MCF_UP = 1 };

/* Ends and cost of an internal arc, packed for the pricing loop. */
typedef struct nb_mcf_arcrec {
    int32_t s;
    int32_t t;
    int64_t c;
} nb_mcf_arcrec;

/* The network simplex state (spanning tree and flows), kept for warm starts. */
typedef struct nb_mcf_ns {
    int32_t n;          /* real nodes; the root is node n */
    int32_t m;          /* real arcs known to the solver */
    int32_t arc_room;   /* allocated internal arcs (>= n + m) */
    nb_mcf_arcrec *arc; /* [arc_room] */
    int64_t *cap;       /* [arc_room] cap - lower, or NB_MCF_INF */
    int64_t *flow;      /* [arc_room] flow - lower */
    int64_t *lo;        /* [arc_room] lower bound the flow is shifted by */
    int8_t *state;      /* [arc_room] */
    int32_t *pos;       /* [m room] user arc -> internal arc */
    int32_t pos_room;

    int64_t *pi; /* [n+1] */
    int32_t *parent, *pred, *thread, *rev_thread, *succ_num, *last_succ;
    int8_t *pred_dir; /* [n+1] */
    int32_t *dirty;   /* [n+1] scratch for the tree update */
    int64_t *sup;     /* [n] supplies of the last solve */

    int64_t art_cost; /* cost of root -> node artificial arcs */
    int32_t block_size;
    int has_hub;      /* the starting tree hung from a real hub node */
    int32_t hub;      /* that node (n, the root, when none) */
    int32_t next_arc; /* where block search resumes */
    int tree_ok;      /* the arrays hold a valid spanning tree */
    int32_t rehung;   /* nodes the last warm start re-hung from the root */

    /* Incremental re-solve (mcf_warm.c). Adjacency of the real arcs as
     * linked lists (built by the cold start, extended by the warm start):
     * hd_out/hd_in [n+1] first internal arc out of / into a node (-1 none),
     * nx_out/nx_in [arc_room] the next one. */
    int32_t *hd_out, *hd_in, *nx_out, *nx_in;
    int64_t *deg;         /* [n+1] arcs in a node's two lists (mark_range's look-ahead) */
    int adj_ok;           /* the lists cover internal arcs n..n+m-1 */
    int priced_ok;        /* every non-tree arc not in cand prices right */
    int local;            /* this run prices only cand (and the repairs) */
    int prepared;         /* a warm start prepared the coming run */
    int last_local;       /* the last run ended in local pricing */
    int64_t local_budget; /* arcs local pricing may scan before giving up */
    int32_t *cand;        /* [cand_room] arcs whose reduced cost may be wrong */
    int32_t cand_n, cand_room;
    uint8_t *in_cand; /* [arc_room] 1 when the arc is in cand */
    int32_t *rep;     /* [rep_room] artificial slots carrying repair flow */
    int32_t rep_n, rep_room;
    int32_t repaired;         /* repair arcs the last warm start created */
    int32_t slot_next;        /* where the search for a free artificial arc resumes */
    nb_i128 *pend;            /* [n+1] scratch, all zero between uses */
    nb_i128 *acc;             /* [n+1] scratch, all zero between uses */
    uint8_t *tmark;           /* [n+1] scratch, all zero between uses */
    int32_t *touch;           /* [n+1] scratch list of nodes */
    int64_t local_work;       /* arcs local pricing scanned or queued this run */
    nb_i128 total;            /* sum over internal arcs of cost * (flow + lower) */
    int total_ok;             /* total is up to date */
    int64_t priced;           /* arcs priced by the current run */
    int64_t shifted;          /* potentials the current run's pivots shifted */
    int64_t cycle;            /* tree nodes the current run's cycles walked */
    int64_t cold_gen;         /* cold starts so far (a new arc order each) */
    struct nb_mcf_snap *snap; /* nb_mcf_save's snapshot (mcf_save.c), or NULL */
} nb_mcf_ns;

struct nb_mcf_graph {
    int32_t n;
    int32_t m;
    int32_t room;
    int32_t *from, *to;
    int64_t *lower, *cap, *cost;
    int64_t *supply;
    nb_mcf_ns *ns;       /* NULL until the first solve */
    int solved;          /* last solve optimal and nothing changed since */
    nb_i128 total;       /* optimal cost of the last solve */
    int64_t pivot_limit; /* nb_mcf_set_pivot_limit; 0 = default budget */
    int64_t warm_limit;  /* test hook: budget of a warm run only; 0 = same */
    /* Change log for the warm start: arcs whose cost or bounds changed since
     * the last solve (duplicates allowed); log_all when it overflowed. */
    int32_t *log;
    int32_t log_n, log_room;
    int log_all;
    int64_t cost_absmax; /* >= max |cost| (exact after a cold start) */
    int algorithm;     /* nb_mcf_set_algorithm: NB_MCF_AUTO, _SIMPLEX, _COST_SCALING, _AUTO_ONCE */
    int cs_solved;     /* the last solution is cost scaling's (cs_flow, cs_pot) */
    int64_t *cs_flow;  /* [m] flows of the last cost-scaling solve */
    int64_t *cs_pot;   /* [n] its potentials */
    nb_i128 arc_bound; /* sum over arcs of |lower| + finite (cap - lower) */
    int32_t *arc_of;   /* [arc_of_room] solver arc - n -> arc (nb_mcf_nonzero_flows) */
    int32_t arc_of_room;
    int cs_cross; /* test hook: NB_MCF_AUTO's cold solves always by cost
                     scaling + crossover (nb_mcf_set_cs_crossover) */
};

/* Runs the network simplex on g (mcf_simplex.c). Sets *pivots, *warm and
 * *fallback (see nb_mcf_result). Returns 0, NB_EINFEASIBLE, NB_EUNBOUNDED,
 * NB_ELIMIT or NB_ENOMEM. */
NB_MUST_USE int nb_mcf_ns_run(nb_mcf_graph *g, int64_t *pivots, int *warm, int *fallback,
                              nb_err *err);

/* What nb_mcf_cs_run returns when it cannot decide within its 64-bit
 * limits (or may face a negative cycle of unbounded capacity): the caller
 * runs the simplex instead. */
#define NB_MCF_CS_DEFER 1

/* Counters of one cost-scaling run. */
typedef struct nb_mcf_cs_stats {
    int64_t phases;   /* refine phases (epsilon values) */
    int64_t relabels; /* relabel operations */
    int64_t updates;  /* global price updates */
    int64_t refined;  /* phases price refinement finished without pushes */
    int64_t cycles;   /* admissible cycles price refinement cancelled */
} nb_mcf_cs_stats;

/* Solves g by cost scaling (mcf_cs.c). The caller has checked that the
 * supplies sum to zero and the flow limit of mcf.h. On 0, flows (g->m
 * values) and pots (g->n values), both owned by the caller, are an optimal
 * pair that nb_mcf_check certifies. Returns 0, NB_EINFEASIBLE,
 * NB_MCF_CS_DEFER (let the simplex solve it) or NB_ENOMEM; *st is filled. */
NB_MUST_USE int nb_mcf_cs_run(const nb_mcf_graph *g, int64_t *flows, int64_t *pots,
                              nb_mcf_cs_stats *st, nb_err *err);

/* 1 when nb_mcf_solve in NB_MCF_AUTO_ONCE mode solves g cold by cost
 * scaling (mcf_cs.c, where the rule and its measurements are). */
NB_MUST_USE int nb_mcf_cs_preferred(const nb_mcf_graph *g);

/* The input checks of every solve (mcf_run.c): supplies sum to zero
 * (NB_EINFEASIBLE) and the flow limit of mcf.h (NB_ELIMIT). Returns 0 or
 * that code with the reason in err. */
NB_MUST_USE int nb_mcf_check_input(const nb_mcf_graph *g, nb_err *err);

/* From the cost-scaling optimum flows (g->m values, within the bounds) and
 * pot (g->n values), both owned by the caller and unchanged, builds the
 * simplex's state in g->ns (mcf_crossover.c): a strongly feasible spanning
 * tree, flows (of the same total cost; zero-cost cycles among the arcs
 * strictly between their bounds are cancelled), arc states, potentials
 * (pot shifted by a constant), the total, adjacency lists, as after an
 * optimal simplex solve: the next solve after a change is warm. Returns 0,
 * 1 when it cannot (the pair is not optimal, costs outside the simplex's
 * limits, too many cycle rounds; no tree then, the answer stands) or
 * NB_ENOMEM. */
NB_MUST_USE int nb_mcf_crossover(nb_mcf_graph *g, const int64_t *flows, const int64_t *pot,
                                 nb_err *err);

/* Test hook: on != 0 makes every cold solve in NB_MCF_AUTO mode a cost
 * scaling + crossover, whatever the shape (small test networks); 0 goes
 * back to the shape rule. */
void nb_mcf_set_cs_crossover(nb_mcf_graph *g, int on);

/* Test hook: the pivot budget of warm runs only (limit > 0), or 0 to use the
 * same budget as cold runs. Lets a test force the warm-to-cold fallback. */
void nb_mcf_set_warm_pivot_limit(nb_mcf_graph *g, int64_t limit);

/* Verifies the solver state of g against its invariants (mcf_simplex.c):
 * a spanning tree rooted at node n with consistent parent, pred, pred_dir,
 * thread, rev_thread, succ_num and last_succ; tree arcs marked TREE and
 * non-tree arcs at a bound; flow conservation with the kept supplies; zero
 * reduced cost on tree arcs; and strong feasibility (every node can send
 * flow to the root along its tree path). For tests: O(n + m) and
 * allocating. Returns 0, NB_EINVAL with the first violation in err (also
 * when there is no tree), or NB_ENOMEM. */
NB_MUST_USE int nb_mcf_ns_tree_check(const nb_mcf_graph *g, nb_err *err);

/* Builds the adjacency lists of the real arcs (mcf_warm.c), called by the
 * cold start. Returns 0 or NB_ENOMEM (then incremental re-solves are off). */
NB_MUST_USE int nb_mcf_ns_build_adj(nb_mcf_ns *ns);

/* Local pricing (mcf_warm.c): the most violating arc among the repair arcs
 * and the candidates, compacting the candidates; -1 when none violates
 * (the tree is optimal: every other arc's reduced cost is unchanged since
 * the last optimum), -2 when the scan budget ran out (the caller switches
 * to block search). */
NB_MUST_USE int32_t nb_mcf_ns_entering_local(nb_mcf_ns *ns);

/* Adds the arcs of the nodes u, thread[u], ... up to (not including) end to
 * the candidates (mcf_warm.c); their potentials changed. */
void nb_mcf_ns_mark_range(nb_mcf_ns *ns, int32_t u, int32_t end);

/* The snapshot of nb_mcf_save (mcf_save.c): opaque here. */
typedef struct nb_mcf_snap nb_mcf_snap;

/* Frees a snapshot (NULL is a no-op). */
void nb_mcf_snap_free(nb_mcf_snap *s);

/* Journals user arc a's data as the solver holds it (its values before the
 * change about to be applied) when a snapshot is held (mcf_save.c). Out of
 * memory closes the way back (nb_mcf_restore answers 1). */
void nb_mcf_snap_note(nb_mcf_ns *ns, int32_t a);

/* Closes the way back to the snapshot (the changes are not known one by
 * one: an overflowed change log). */
void nb_mcf_snap_break(nb_mcf_ns *ns);

/* The warm start's forecast (mcf_warm.c) gives local pricing up before the
 * change pass when the logged cost changes of tree arcs move sides of the
 * tree with more than (nodes + arcs) / NB_MCF_FORECAST_SHARE + 1000 arcs
 * (counted at both ends; the local budget itself is half of them). */
#define NB_MCF_FORECAST_SHARE 32

/* That limit for ns (arcs known to the solver). */
static inline int64_t nb_mcf_forecast_limit(const nb_mcf_ns *ns)
{
    return ((int64_t)ns->n + ns->m) / NB_MCF_FORECAST_SHARE + 1000;
}

/* Frees the solver state (NULL is a no-op). */
void nb_mcf_ns_free(nb_mcf_ns *ns);

/* Makes room for `arcs` internal arcs and `users` user arcs (mcf_simplex.c).
 * Returns 0 or NB_ENOMEM; existing contents are kept. */
NB_MUST_USE int nb_mcf_ns_reserve(nb_mcf_ns *ns, int32_t arcs, int32_t users);

/* Sets the pricing block size for the current arc count (mcf_simplex.c). */
void nb_mcf_ns_set_block(nb_mcf_ns *ns);

/* A new solver state for n nodes, empty (mcf_simplex.c). Caller frees it with
 * nb_mcf_ns_free; NULL when out of memory. */
NB_MUST_USE nb_mcf_ns *nb_mcf_ns_new(int32_t n);

/* Forgets ns's tree, totals, candidates and g's change log before a new
 * start (the cold start's and the crossover's first step; mcf_run.c): a new
 * arc order, so a snapshot (mcf_save.c) can no longer be restored. */
void nb_mcf_ns_forget(nb_mcf_graph *g, nb_mcf_ns *ns);

/* Performs the pivot on entering arc e (mcf_simplex.c). Returns 0, or
 * NB_EUNBOUNDED when the cycle has no blocking arc. */
NB_MUST_USE int nb_mcf_ns_pivot(nb_mcf_ns *ns, int32_t e);

/* Block-search pricing (mcf_simplex.c): the entering arc, or -1 when the tree
 * is optimal. */
NB_MUST_USE int32_t nb_mcf_ns_entering(nb_mcf_ns *ns);

/* Shifts all potentials so that the root's is 0 (mcf_simplex.c). */
void nb_mcf_ns_normalize_pi(nb_mcf_ns *ns);

/* Warm start (mcf_warm.c): brings the kept tree up to date with g and makes
 * it strongly feasible again (re-hanging blocked nodes from the root; the
 * count is left in ns->rehung). Returns 0 when the tree is usable (primal
 * and strongly feasible, potentials recomputed), 1 when a cold start is
 * needed, or NB_ENOMEM. */
NB_MUST_USE int nb_mcf_ns_warm(nb_mcf_graph *g, nb_mcf_ns *ns, nb_err *err);

#endif
