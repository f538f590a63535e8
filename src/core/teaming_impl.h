/*
 * core/teaming_impl.h — the layout of nb_team_model, shared by
 * teaming_build.c (building and changing the network), teaming_lines.c,
 * teaming_price.c and teaming_price_post.c (pricing and the solve loop's
 * side of it), teaming_post.c (solving, post-processing) and
 * teaming_reasons.c (the proposal's extraction and reasons). Not a public
 * header.
 *
 * Node layout: 0 = S (people's supply), 1 = U (unmet demand), 2 = X (sink of
 * unused supply), 3 .. 3+P-1 = person hubs, then line_room line nodes (the
 * lines of the input followed by spare_lines free nodes).
 */
#ifndef NB_CORE_TEAMING_IMPL_H
#define NB_CORE_TEAMING_IMPL_H

#include "util/attr.h"

#include "core/mcf.h"
#include "core/teaming.h"

enum { NB_TEAM_NODE_S = 0, NB_TEAM_NODE_U = 1, NB_TEAM_NODE_X = 2, NB_TEAM_NODE_FIRST = 3 };

/* A person, copied from the input. The fields a match's cost and the build's
 * check read come first (72 bytes: two cache lines at most, both
 * fetched ahead by nb_tm_prefetch_holder); the build reads them for millions
 * of matches in no order of people. */
typedef struct nb_tm_person {
    int64_t id;
    int64_t org;
    int64_t capacity; /* load_cap_pct of available */
    int64_t fairness; /* per-minute fairness term on a booked minute */
    int64_t *wishes;  /* sorted */
    size_t nwishes;
    int64_t *assignments; /* sorted */
    size_t nassignments;
    int32_t month_node0; /* first person-month node, -1 when none (one window: the hub) */
    int32_t month_lo;    /* month of that node: nodes month_node0 + t - month_lo for the
                            months t the person's possible lines span (and no others) */
    int64_t available;
    int64_t balance;      /* of the organisation */
    int32_t orgi;         /* index into the model's orgs, -1 when not listed */
    int64_t *month_avail; /* [nmonths] availability per month (NULL with one window) */
    int64_t *month_cap;   /* [nmonths] load_cap_pct of it */
    int64_t seg_cap[3];
    int32_t seg_arc[3];
    nb_team_skill *skills; /* sorted by competency id */
    size_t nskills;
} nb_tm_person;

/* A line, copied from the input. */
typedef struct nb_tm_line {
    int64_t id;
    int64_t assignment_id;
    int64_t competency_id;
    int64_t min_level;
    int64_t minutes;
    int64_t *requesters;
    size_t nrequesters;
    char *competency_name; /* may be NULL */
    int64_t *charged;      /* charged organisations (sorted by id), see nb_team_line */
    int64_t *weights;      /* their weights, parallel */
    size_t ncharged;       /* 0: the charge is unknown (every minute booked) */
    int64_t weight_sum;
    int32_t mfirst, mlast; /* its month buckets (0, 0 with one window) */
    int64_t *mminutes;     /* [mlast - mfirst + 1] demand per month (NULL with one window) */
    int32_t mnode0;        /* first line-month node (one window: the line node) */
    int active;            /* 0 after remove or for a spare node */
    int32_t node;
    int32_t slack_arc; /* U -> line */
} nb_tm_line;

/*
 * One (person, line) match arc. Kept small (48 bytes; there is one for every
 * qualified person and line: millions at national size): the per-minute terms
 * and their sum fit in 32 bits (nb_team_config_check bounds every term by
 * 4 × 1000), the promoted minimum too (at most min_alloc_minutes <= 10^6),
 * and the capacity is not stored but follows from the line and the person
 * (nb_tm_match_cap).
 */
typedef struct nb_tm_match {
    int32_t person;   /* index into people */
    int32_t line;     /* index into lines */
    int32_t arc;      /* first of narcs consecutive arcs, one per month of the line */
    int32_t cost;     /* per minute, the sum of the terms (nb_tm_cost_parts; computed
                     * again when asked, not kept: 20 bytes a match at national size) */
    int32_t promoted; /* lower bound set by the post-processing (reset every solve) */
    int16_t narcs;    /* 1 with one window */
    uint8_t level;    /* the person's level in the line's competency, 0..5 */
    int8_t disabled;  /* the line changed and the person no longer fits */
    int8_t forbidden; /* 1 sliver, 2 team size (reset every solve): the arc
                       * then costs forbid_cost, see teaming_post.c */
} nb_tm_match;
_Static_assert(sizeof(nb_tm_match) <= 28, "a match arc's record stays small (national scale)");

/* The terms of a match's cost per minute (nb_tm_match_costs): for the
 * proposal's cost parts and reasons, computed for the matches that get an
 * allocation (a few ten thousand), not stored with the millions of matches. */
typedef struct nb_tm_cost_parts {
    int32_t overqual, wish, cont, home, fair;
} nb_tm_cost_parts;

/* Entry of the competency index: who holds which competency at what level. */
typedef struct nb_tm_holder {
    int64_t competency_id;
    int64_t level;
    int32_t person;
    int32_t wish; /* 1 when the person wishes to learn the competency (for pricing) */
} nb_tm_holder;

/* An organisation of the input: balance and name (for reasons). */
typedef struct nb_tm_org {
    int64_t id;
    int64_t balance;
    char *name; /* may be NULL */
} nb_tm_org;

struct nb_team_model {
    nb_team_config cfg;
    nb_tm_org *orgs; /* sorted by id */
    size_t norgs;
    nb_mcf_graph *g;
    nb_tm_person *people;
    size_t npeople;
    nb_tm_line *lines; /* [line_room] */
    size_t nlines;     /* used entries (active or removed) */
    size_t line_room;
    nb_tm_match *matches;
    size_t nmatches, match_room;
    nb_tm_holder *holders; /* sorted by (competency, level desc, person) */
    size_t nholders;
    int64_t supply_s, supply_u;
    size_t nmonths;      /* 1 = one window */
    int64_t forbid_cost; /* unit cost of a forbidden match: unmet_cost + 1 */
};

/* The charge weight of organisation org on line l (0 when not charged). */
NB_MUST_USE int64_t nb_tm_line_weight(const nb_tm_line *l, int64_t org);

/* The name of organisation org ("organisatie <id>" when unknown) into buf. */
void nb_tm_org_name(const nb_team_model *m, int64_t org, char *buf, size_t size);

/* One charged organisation's part of an allocation (for the booking reasons). */
typedef struct nb_tm_payer {
    int64_t org;
    int64_t minutes;
} nb_tm_payer;

/*
 * The booking reason's list of payers (teaming_reasons.c): "<head><list><tail>"
 * into out (NB_TEAM_REASON_SIZE bytes), list naming as many of py[0..n) as
 * fit ("A", "A en B", "A, B en C"; with hours: "A (80 uur) en B (40 uur)")
 * and summing the others ("en 3 andere organisaties (samen 42,22 uur)"); when
 * no choice fits, the text naming none, cut. Names come from m
 * (nb_tm_org_name). Returns how many names it looked up: at most twice the
 * names that fit, plus two (not one text per possible count, as before).
 */
size_t nb_tm_payer_text(const nb_team_model *m, const nb_tm_payer *py, size_t n, int hours,
                        const char *head, const char *tail, char *out);

/* The flow of match x (over its month arcs). */
NB_MUST_USE int64_t nb_tm_flow(const nb_team_model *m, const nb_tm_match *x);

/* Sets the unit cost of every arc of match x. */
NB_MUST_USE int nb_tm_set_cost(nb_team_model *m, const nb_tm_match *x, int64_t cost, nb_err *err);

/* Forbids match x: every arc's cost to m->forbid_cost by nb_mcf_raise_cost
 * (an arc without flow stays out of the solver's change log). */
NB_MUST_USE int nb_tm_forbid(nb_team_model *m, const nb_tm_match *x, nb_err *err);

/* Demand of line l in its k-th month. */
NB_MUST_USE int64_t nb_tm_line_month(const nb_tm_line *l, int32_t k);

/* Index of line id, or -1. */
NB_MUST_USE long nb_tm_line_index(const nb_team_model *m, int64_t line_id);

/* First holder of competency c (holders sorted; level descending), and one past the last. */
void nb_tm_holder_range(const nb_team_model *m, int64_t c, size_t *first, size_t *end);

/* ---- A line in the model (teaming_lines.c), shared by building and the
 * warm re-solve's line changes (teaming_build.c) ---- */

/* qsort orders: skills by competency; holders by (competency, level
 * descending, person). */
int nb_tm_cmp_skill(const void *a, const void *b);
int nb_tm_cmp_holder(const void *a, const void *b);

/* A sorted heap copy of src[0..n) into *out (NULL when n == 0; the caller
 * frees). 0 or NB_ENOMEM. */
NB_MUST_USE int nb_tm_copy_sorted(const int64_t *src, size_t n, int64_t **out);

/* Person p's level in competency c, 0 when p does not hold it. */
NB_MUST_USE int64_t nb_tm_level(const nb_tm_person *p, int64_t c);

/* Sets the cost per minute of match x (person p on line l; x->level set) and
 * fills *parts (may be NULL; the caller's) with its terms. */
void nb_tm_match_costs(const nb_team_model *m, const nb_tm_person *p, const nb_tm_line *l,
                       nb_tm_match *x, nb_tm_cost_parts *parts);

/* The capacity of match x when allowed: the line's minutes, at most the
 * person's capacity. */
NB_MUST_USE int64_t nb_tm_match_cap(const nb_team_model *m, const nb_tm_match *x);

/* Appends a match arc (one per month with month buckets) for person pi on
 * line li at level. 0, NB_ENOMEM or the graph's error (message in err). */
NB_MUST_USE int nb_tm_add_match(nb_team_model *m, int32_t pi, int32_t li, int64_t level,
                                nb_err *err);

/* Checks line l for a model of nmonths month buckets: NB_EINVAL with the
 * line's id in err, else 0. */
NB_MUST_USE int nb_tm_line_valid(const nb_team_line *l, size_t nmonths, nb_err *err);

/* Copies line src into dst (requesters sorted, charge weights, name, monthly
 * minutes), all owned by the model. 0 or NB_ENOMEM/NB_EINVAL (err). */
NB_MUST_USE int nb_tm_line_copy(nb_tm_line *dst, const nb_team_line *src, size_t nmonths,
                                nb_err *err);

/* Hints the cache to fetch what matching the holders ahead of holder h (of a
 * range ending at end) will read: their people's records and wish and
 * assignment lists. Changes nothing. */
void nb_tm_prefetch_holder(const nb_team_model *m, size_t h, size_t end);

/* Puts the copied line li into the graph: its supply, slack arc and a match
 * to every holder at its level or higher (with pricing_k > 0: to the holders
 * nb_tm_connect_cheapest picks). 0 or an error (message in err). */
NB_MUST_USE int nb_tm_line_connect(nb_team_model *m, size_t li, nb_err *err);

/* ---- Pricing the match arcs (teaming_price.c) ---- */

/* The matches grouped by line: order[start[li] .. start[li+1]) are line li's
 * (32-bit indices: arcs, and so matches, are counted in int32_t). */
typedef struct nb_tm_bylines {
    size_t *start;   /* [nlines + 2] */
    uint32_t *order; /* [nmatches] */
} nb_tm_bylines;

/* Groups m's matches by line into bl (both arrays owned by the caller, also
 * after a failure). 0 or NB_ENOMEM. */
NB_MUST_USE int nb_tm_bylines_make(const nb_team_model *m, nb_tm_bylines *bl);

/* Adds line li's first matches with pricing: its pricing_k cheapest holders
 * at its level by match cost (ties: holder order) and every holder already
 * on the line's assignment. 0, NB_ENOMEM or the graph's error (err). */
NB_MUST_USE int nb_tm_connect_cheapest(nb_team_model *m, size_t li, nb_err *err);

/* One pricing pass after an optimal solve: per active line (only those with
 * only[li] != 0 when only is not NULL) the left-out holders whose reduced cost under the
 * solution's potentials is negative, at most pricing_k per line, the most
 * negative first, are added as matches; with all != 0 every left-out holder
 * is added whatever its reduced cost (no solution needed). *added = the
 * matches added; none after a pass with all == 0 proves the solution optimal
 * for the full model. 0, NB_ENOMEM, NB_EINVAL (no solution) or the graph's
 * error (message in err). */
NB_MUST_USE int nb_tm_price(nb_team_model *m, const uint8_t *only, int all, size_t *added,
                            nb_err *err);

/* ---- The solve loop's side of pricing (teaming_price_post.c), shared with
 * the post-processing (teaming_post.c) ---- */

/* Verdicts of the post-processing on a match in the current solution. */
enum { NB_TM_ALLOWED = 0, NB_TM_SLIVER = 1, NB_TM_TEAM = 2, NB_TM_PROMOTE = 3 };

/* A match with flow of one line (the post-processing sorts a line's by flow
 * ascending, then person id descending). */
typedef struct nb_tm_used {
    size_t match;
    int64_t flow;
    int64_t person_id;
} nb_tm_used;

/* The post-processing's bookkeeping per match and per line, grown when
 * pricing adds matches (nb_tm_work_fit). Zeroed by its owner (nb_team_solve)
 * before the first fit; its arrays are freed with nb_tm_work_free. */
typedef struct nb_tm_work {
    nb_tm_bylines bl;
    int8_t *verdict; /* [nverdict] per match */
    size_t nverdict;
    nb_tm_used *used; /* scratch: the matches of the largest line */
    size_t nused;
    int64_t *pl;   /* [npeople] promoted minutes per person */
    int64_t *lp;   /* [line_room] promoted minutes per line */
    int64_t *flow; /* [nflow] per match: its flow in the last solution read
                       * (nb_tm_flows_read), summed over its month arcs */
    size_t nflow;
    uint32_t *fk; /* [nfk] the matches with flow != 0 there, ascending */
    size_t nfk;
    uint32_t *fl;     /* [nfk] the same matches grouped by line (ascending within a line): */
    size_t *fl_start; /* line li's are fl[fl_start[li] .. fl_start[li + 1]) */
    size_t nfl_start; /* room of fl_start */
    uint32_t *bad;    /* [nbad] the matches whose verdict is not NB_TM_ALLOWED, ascending
                       * once nb_team_solve sorted them (the rounds touch only these) */
    size_t nbad, bad_room;
    uint8_t *closing; /* [line_room] lines closed to newcomers by the last verdicts */
} nb_tm_work;

/* qsort order of match indices (uint32_t), ascending. */
int nb_tm_cmp_u32(const void *a, const void *b);

/* Appends match k to the list *v of *n entries (room *room, grown by
 * doubling; *v owned by the caller). 0 or NB_ENOMEM. */
NB_MUST_USE int nb_tm_list_add(uint32_t **v, size_t *n, size_t *room, size_t k);

/* Frees w's arrays (not w itself); w may be partly fitted. */
void nb_tm_work_free(nb_tm_work *w);

/* Fits w to the model's matches: the grouping by line again, verdicts for the
 * matches added since (set to fill; listed in w->bad unless fill is
 * NB_TM_ALLOWED), room for the largest line. The arrays stay w's also after
 * a failure. 0 or NB_ENOMEM. */
NB_MUST_USE int nb_tm_work_fit(const nb_team_model *m, nb_tm_work *w, int8_t fill);

/*
 * Solves the model to the optimum of the full model: with pricing
 * (pricing_k > 0) every optimum of the restricted model is priced
 * (nb_tm_price) and, while left-out holders price negative, they are added
 * and the model re-solved warm; w is fitted to the matches added (their
 * verdicts NB_TM_ALLOWED). Without pricing one solve. The solver's counts
 * are added to r; res gets the last solve's result. 0, NB_EINVAL (the model
 * unexpectedly infeasible), NB_ELIMIT (the cost does not fit in 64 bits),
 * NB_ENOMEM or the solver's error (message in err).
 */
NB_MUST_USE int nb_tm_run(nb_team_model *m, nb_team_result *r, nb_mcf_result *res, nb_tm_work *w,
                          nb_err *err);

/* With pricing, completes the lines the last verdicts closed to newcomers
 * (w->closing): every holder left out becomes a match now, forbidden like the
 * rest of the line's newcomers (verdict NB_TM_SLIVER), as the full model has
 * them: pricing never adds to such a line again, and the reasons see them.
 * *completed = the matches added (0 without pricing). 0, NB_ENOMEM or the
 * graph's error (message in err). */
NB_MUST_USE int nb_tm_close_lines(nb_team_model *m, nb_tm_work *w, size_t *completed, nb_err *err);

/* Reads the flows of the last solution into w->flow (every match's, summed
 * over its month arcs: what nb_tm_flow gives) from the arcs that carry flow
 * (nb_mcf_nonzero_flows): a few ten thousand at national size rather than a
 * lookup for each of millions of matches. The matches' arcs ascend with the
 * matches (each match's arcs are added when it is, after those of every
 * earlier match). Lists those matches in w->fk (ascending) and per line in
 * w->fl / w->fl_start, so that a round costs the matches with flow, not all
 * matches. 0, NB_ENOMEM or NB_EINVAL (no solution; err). */
NB_MUST_USE int nb_tm_flows_read(const nb_team_model *m, nb_tm_work *w, nb_err *err);

/* ---- The proposal from the solved flow (teaming_reasons.c), called by
 * nb_team_solve once the post-processing's verdicts stand ---- */

/* Fills r (owned by the caller) with the allocations of the matches with
 * flow and verdict NB_TM_ALLOWED (w, only read: the matches by line, the
 * verdicts, and the flows with their lists as nb_tm_flows_read left them, which
 * is all a pass reads but for a short line's forbidden matches), their cost
 * parts, bookings and reasons, the dropped matches, the shortages per line with
 * their cause and the totals (cost_total, minutes requested, allocated,
 * unmet). r's arrays are allocated here and freed with nb_team_result_free,
 * also after a failure. 0 or NB_ENOMEM (err). */
NB_MUST_USE int nb_tm_extract(const nb_team_model *m, const nb_tm_work *w, nb_team_result *r,
                              nb_err *err);

/* Fills r's loads (every person with an allocation, every month bucket) and
 * month_shortages (the demand left per line-month, with its cause judged in
 * that month) from the same verdicts; arrays as nb_tm_extract's. 0 or
 * NB_ENOMEM (err). */
NB_MUST_USE int nb_tm_extract_months(const nb_team_model *m, const nb_tm_work *w, nb_team_result *r,
                                     nb_err *err);

#endif
