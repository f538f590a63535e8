/*
 * core/teaming.h — the teaming engine: who staffs which assignment line.
 *
 * Pure (no SQL, HTTP, globals or I/O). The caller hands in plain structs —
 * people with their available minutes, skills, learning wishes and current
 * assignments; organisation balances from the ledger; the assignment lines
 * still to be staffed; and a configuration — and gets back allocations with
 * their cost parts and Dutch reasons, and shortages with their cause.
 *
 * The model is a minimum-cost flow (core/mcf.h), see docs/teaming.md:
 *
 *   S ──(3 convex load segments per person)──► person hub ──(match)──► line
 *   U ──(unmet demand, high cost)───────────────────────────────────► line
 *   S ──(idle, 0)──► X ◄──(unused slack, 0)── U
 *
 *   supply(S) = Σ person capacity, supply(U) = Σ line minutes,
 *   supply(line) = −minutes, supply(X) = −Σ person capacity.
 *
 * A person's capacity is load_cap_pct of their available minutes; the three
 * segments cover seg_pct[0..2] of the available minutes with non-decreasing
 * costs seg_cost[0..2] (truncated at the capacity). A match arc exists for
 * every (person, line) with level >= the line's minimum level; its unit cost
 * (per minute) is the sum of the terms in nb_team_config.
 *
 * Post-processing (no slivers, bounded teams): after the pure optimum, every
 * match with 0 < minutes < min(min_alloc_minutes, line minutes) and, per line,
 * the smallest matches beyond max_team_size are forbidden (priced above the
 * unmet-demand cost, which keeps the warm start) and the model is re-solved;
 * per line the largest sliver whose person could carry the minimum is also
 * tried raised to the minimum (a lower bound), and the cheaper of the two
 * re-solves is kept; from the third round a line with a team and a sliver
 * left is closed to newcomers. At most max_rounds rounds; what still breaks
 * a rule after the last round is left out of the proposal and reported as
 * shortage. The result gives the pure optimum, the cost of the proposal and
 * the gap between them (teaming_post.c has the details).
 *
 * Reuse: the model (graph, competency index, the solver's spanning tree) is
 * kept in nb_team_model. nb_team_model_set_line / _remove_line change one
 * line in place (new lines take one of the spare line nodes reserved at
 * build time), and the next nb_team_solve warm-starts from the previous
 * optimal tree. Forbidden arcs are restored before every solve, so a result
 * never depends on the history of updates, only on the current data.
 */
#ifndef NB_CORE_TEAMING_H
#define NB_CORE_TEAMING_H

#include "util/attr.h"

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define NB_TEAM_MAX_REASONS 8
#define NB_TEAM_REASON_SIZE 200

/* ---- Input ------------------------------------------------------------- */

typedef struct nb_team_skill {
    int64_t competency_id;
    int64_t level; /* 1..5 */
} nb_team_skill;

typedef struct nb_team_person {
    int64_t id;
    int64_t organisation_id;
    int64_t available_minutes;   /* in the period, minus what is already allocated; >= 0 */
    const nb_team_skill *skills; /* borrowed during build */
    size_t nskills;
    const int64_t *wishes; /* competency ids of learning wishes */
    size_t nwishes;
    const int64_t *assignments; /* assignment ids the person already works on */
    size_t nassignments;
    /* With month buckets (nb_team_input.nmonths > 1): the available minutes in
     * each month (nmonths values, >= 0; their sum replaces available_minutes),
     * or NULL: no limit per month beyond the total. Borrowed during build. */
    const int64_t *month_available;
} nb_team_person;

typedef struct nb_team_org {
    int64_t organisation_id;
    int64_t balance_minutes; /* ledger balance: > 0 the network owes the org, < 0 the org owes */
    const char *name;        /* for reasons; may be NULL ("organisatie <id>"; copied) */
} nb_team_org;

typedef struct nb_team_line {
    int64_t id; /* assignment line id, unique */
    int64_t assignment_id;
    const int64_t *requesters; /* requesting organisation ids (borrowed during build/set) */
    size_t nrequesters;
    int64_t competency_id;
    int64_t min_level;           /* 1..5 */
    int64_t minutes;             /* still to staff, >= 0 */
    const char *competency_name; /* for reasons; may be NULL (copied) */
    /*
     * Who the ledger charges for the line's minutes (core/hours.h
     * nb_hours_charge): the organisations and their weights, split exactly by
     * nb_split_weighted (lokaal: the requester, weight 1; meervoudig-lokaal:
     * the requesters by share; regionaal: the gemeenten by the key's weights).
     * Borrowed during build/set, copied. When ncharged == 0 the requesters are
     * charged in equal parts; with no requesters either, the charge is unknown
     * and every minute counts as booked (the reasons then name no payer).
     */
    const int64_t *charged;
    const int64_t *charge_weights; /* >= 0, not all zero */
    size_t ncharged;
    /* With month buckets: the months month_first..month_last (0-based, inclusive,
     * < nmonths) the line's minutes are spread over, by month_profile (one
     * weight >= 0 per month, not all zero; borrowed) or evenly when NULL; the
     * split is exact (nb_split_weighted, ties to the earlier month). */
    int32_t month_first, month_last;
    const int64_t *month_profile;
} nb_team_line;

/*
 * The cost model. All costs are per minute of allocation (integers); a
 * negative term is a bonus. Defaults (nb_team_config_default) in brackets.
 */
typedef struct nb_team_config {
    int64_t overqual_cost;    /* [4]   per level above the line's minimum */
    int64_t wish_bonus;       /* [3]   subtracted when the person wants to learn the competency */
    int64_t continuity_bonus; /* [5]   subtracted when the person already works on the assignment */
    int64_t home_cost;        /* [0]   added when the person's org requests the line: < 0 prefers
                                 *       local staff, > 0 prefers staff from elsewhere */
    int64_t fairness_weight;  /* [1]   term = weight × balance / fairness_unit_minutes, */
    int64_t fairness_unit_minutes; /* [6000] (100 h) … rounded toward zero, */
    int64_t fairness_max;          /* [5]   … clamped to ±fairness_max, and applied only to
                                    *       the share of the minutes the ledger books
                                    *       between organisations: the match costs
                                    *       round(term × (W − w_own) / W) per minute, W the
                                    *       line's charge weights, w_own the person's
                                    *       organisation's (0 when not charged) — so 0 for
                                    *       a person of the sole requester */
    int64_t seg_pct[3];            /* [60, 25, 15] shares of the available minutes, sum 100 */
    int64_t seg_cost[3];           /* [0, 3, 8] cost per minute in each segment, non-decreasing */
    int64_t load_cap_pct;          /* [80]  at most this share of a person's available minutes */
    int64_t unmet_cost;            /* [1000] per minute of demand left unstaffed */
    int64_t min_alloc_minutes;     /* [240] no allocation below this (unless the line is smaller) */
    int64_t max_team_size;         /* [5]   at most this many people per line (0 = no limit) */
    int64_t max_rounds;            /* [10]  post-processing re-solves */
    int64_t spare_lines;           /* [16]  line nodes reserved for lines added later */
    int64_t month_buckets;         /* [0]   1: the loader (store/team_loader.h) plans per calendar
                            *       month (nb_team_input.nmonths); 0: one window */
    int64_t pricing_k;             /* [0]   0: the full model, an arc for every qualified
                                    *       (person, line). > 0: pricing (column generation)
                                    *       of the match arcs: each line starts with its
                                    *       pricing_k cheapest holders by match cost (and
                                    *       everybody already on the assignment); after every
                                    *       solve the left-out holders with a negative reduced
                                    *       cost are added (at most pricing_k per line per
                                    *       pass) and the model re-solved warm until none is:
                                    *       the full model's optimum without all its arcs
                                    *       (docs/teaming.md). Less memory, more CPU on the
                                    *       networks measured: opt-in */
} nb_team_config;

/* Fills c with the documented defaults. */
void nb_team_config_default(nb_team_config *c);

/*
 * Checks a configuration: ranges (percentages 0..100, seg_pct summing to 100,
 * seg_cost non-decreasing, unmet_cost above the most expensive match, ...).
 * Returns 0 or NB_EINVAL with a Dutch reason in err (may be NULL).
 */
NB_MUST_USE int nb_team_config_check(const nb_team_config *c, nb_err *err);

typedef struct nb_team_input {
    const nb_team_person *people;
    size_t npeople;
    const nb_team_org *orgs; /* organisations not listed have balance 0 */
    size_t norgs;
    const nb_team_line *lines;
    size_t nlines;
    nb_team_config config;
    /* Month buckets (issue 13): 0 or 1 = one window, the whole period (the
     * model above); > 1 (at most 240) = per calendar month: a person's load in
     * no month exceeds load_cap_pct of that month's availability, and each
     * line's minutes are demanded per month. The network then has a node per
     * person-month (hub -> person-month, capacity the month's cap) and per
     * line-month (its demand), and the match arcs run person-month ->
     * line-month, so the optimum stays exact. nb_team_model_set_line and
     * _remove_line refuse (NB_EINVAL) on such a model: rebuild it. */
    size_t nmonths;
} nb_team_input;

/* Progress report: phase ("opbouwen", "oplossen", "nabewerken"), done of total. */
typedef void (*nb_team_progress_fn)(void *ctx, const char *phase, int64_t done, int64_t total);

/* ---- Output ------------------------------------------------------------ */

typedef struct nb_team_alloc {
    int64_t person_id;
    int64_t organisation_id; /* of the person */
    int64_t line_id;
    int64_t assignment_id;
    int64_t minutes;
    int64_t level;     /* the person's level */
    int64_t min_level; /* asked */
    /* cost parts (total over the minutes, not per minute) */
    int64_t cost_overqual;
    int64_t cost_wish;       /* <= 0 */
    int64_t cost_continuity; /* <= 0 */
    int64_t cost_home;
    int64_t cost_fairness;
    int64_t cost_load;  /* the person's load-segment cost, shared pro rata */
    int64_t cost_total; /* sum of the parts */
    /* what accepting books (the confirm's reservations, core/hours.h): */
    int64_t minutes_booked; /* credited to the person's organisation, charged to others */
    int64_t minutes_own;    /* the person's organisation's own part: not booked */
    char reasons[NB_TEAM_MAX_REASONS][NB_TEAM_REASON_SIZE]; /* Dutch, for a manager */
    size_t nreasons;
} nb_team_alloc;

typedef enum nb_team_short_kind {
    NB_TEAM_SHORT_NO_SKILL = 1, /* nobody has the competency at that level */
    NB_TEAM_SHORT_BUSY = 2,     /* everybody who has it is fully booked */
    NB_TEAM_SHORT_RULES =
        3 /* hours left, but below the minimum allocation or beyond the team size */
} nb_team_short_kind;

typedef struct nb_team_shortage {
    int64_t line_id;
    int64_t assignment_id;
    int64_t competency_id;
    int64_t min_level;
    int64_t minutes_requested;
    int64_t minutes_unmet;
    int64_t candidates; /* people with the competency at >= min level */
    nb_team_short_kind kind;
    char reason[NB_TEAM_REASON_SIZE * 2]; /* Dutch */
} nb_team_shortage;

/* "geen-competentie", "bezet", "regels" (static). */
const char *nb_team_short_kind_name(nb_team_short_kind k);

/* A person's load in one month bucket (every month, for each person with an allocation). */
typedef struct nb_team_month_load {
    int64_t person_id;
    int32_t month;     /* 0-based bucket */
    int64_t minutes;   /* proposed in the month */
    int64_t capacity;  /* load_cap_pct of the month's availability */
    int64_t available; /* the month's availability */
} nb_team_month_load;

/* Demand left unstaffed on a line in one month, with its cause. */
typedef struct nb_team_month_short {
    int64_t line_id;
    int64_t assignment_id;
    int32_t month;
    int64_t minutes_requested; /* the line's demand in the month */
    int64_t minutes_unmet;
    nb_team_short_kind kind; /* no-skill, busy (every candidate at the month's cap) or rules */
} nb_team_month_short;

/*
 * The Dutch reason of month shortage s in calendar month cm (year ×
 * 12 + month − 1, named by util/date.h nb_date_month_text) under load cap load_cap_pct, minimum allocation
 * min_alloc_minutes and team size max_team_size, e.g. "juli 2027: 40 uur
 * van 120 uur niet bemenst: iedereen met de competentie zit die maand aan de
 * belastingsgrens van 80%", into buf cut to size.
 */
void nb_team_month_short_reason(const nb_team_month_short *s, int32_t cm, const nb_team_config *c,
                                char *buf, size_t size);

typedef struct nb_team_result {
    nb_team_alloc *allocs; /* ordered by line (input order), then person id */
    size_t nallocs;
    nb_team_shortage *shortages; /* ordered by line */
    size_t nshortages;
    int64_t cost_optimum; /* pure optimum, before post-processing */
    int64_t cost_total;   /* cost of the proposal (allocations + unmet) */
    int64_t cost_gap;     /* cost_total - cost_optimum (>= 0) */
    int64_t minutes_requested;
    int64_t minutes_allocated;
    int64_t minutes_unmet;
    int64_t rounds;            /* post-processing re-solves done */
    int64_t forbidden_slivers; /* matches forbidden as too small */
    int64_t forbidden_team;    /* matches forbidden by the team size */
    int64_t promoted;          /* slivers raised to the minimum (lower bound) */
    int64_t dropped;           /* violations left after max_rounds, left out */
    int64_t pivots;            /* simplex pivots over all solves */
    int64_t solves;            /* solver calls */
    int64_t warm_solves;       /* of which warm-started */
    int64_t priced_matches;    /* matches added by pricing (pricing_k > 0), closed lines'
                                * completions not counted */
    size_t nmonths;            /* month buckets (1 = one window) */
    nb_team_month_load *loads; /* by person (allocation order of first appearance), month */
    size_t nloads;
    nb_team_month_short *month_shortages; /* by line, month */
    size_t nmonth_shortages;
    int64_t restores; /* variants P undone by restoring F's optimum (no solve) */
} nb_team_result;

/* Frees a result (NULL is a no-op). */
void nb_team_result_free(nb_team_result *r);

/* ---- The model ------------------------------------------------------------ */

typedef struct nb_team_model nb_team_model;

/*
 * Builds the flow network for in (everything copied; in may be freed after).
 * Ids must be unique among people and among lines. progress may be NULL.
 * On success *out is owned by the caller (nb_team_model_free). Returns 0,
 * NB_EINVAL (bad config or data, reason in err) or NB_ENOMEM.
 */
NB_MUST_USE int nb_team_model_build(const nb_team_input *in, nb_team_progress_fn progress,
                                    void *pctx, nb_team_model **out, nb_err *err);

void nb_team_model_free(nb_team_model *m);

/*
 * Solves the model: restores matches forbidden by an earlier solve, finds the
 * pure optimum, runs the post-processing and extracts the proposal. Every
 * solve after the first warm-starts from the previous spanning tree. On
 * success *out is owned by the caller (nb_team_result_free). Returns 0,
 * NB_ELIMIT (costs too large for the solver) or NB_ENOMEM; err says why.
 */
NB_MUST_USE int nb_team_solve(nb_team_model *m, nb_team_progress_fn progress, void *pctx,
                              nb_team_result **out, nb_err *err);

/*
 * Adds a line (new id: takes a spare line node) or changes an existing one
 * (minutes, minimum level, competency, requesters, assignment). The rest of
 * the graph and the solver's tree are kept for the next nb_team_solve.
 * Returns 0, NB_EINVAL (bad line), NB_ELIMIT (no spare line node left:
 * rebuild the model) or NB_ENOMEM.
 */
NB_MUST_USE int nb_team_model_set_line(nb_team_model *m, const nb_team_line *line, nb_err *err);

/* Takes line id out of the model (its node stays, empty). NB_ENOTFOUND if unknown. */
NB_MUST_USE int nb_team_model_remove_line(nb_team_model *m, int64_t line_id, nb_err *err);

/*
 * Changes the available minutes of person person_id (>= 0; 0 = the person
 * leaves): capacity and load segments follow as at build time, and the
 * person's matches get room when the capacity grows (a person built with no
 * capacity gets a match for every active line whose competency they hold at
 * its level). The graph and the solver's tree are kept, so the next
 * nb_team_solve warm-starts (a capacity under the current flow is repaired by
 * the solver). Only for a one-window model. Returns 0, NB_ENOTFOUND (unknown
 * person), NB_EINVAL (bad minutes, a model with months) or NB_ENOMEM.
 */
NB_MUST_USE int nb_team_model_set_available(nb_team_model *m, int64_t person_id,
                                            int64_t available_minutes, nb_err *err);

/* Counts of the built network (for progress output and tests). */
int32_t nb_team_model_nodes(const nb_team_model *m);
int32_t nb_team_model_arcs(const nb_team_model *m);
size_t nb_team_model_matches(const nb_team_model *m);

/* The underlying graph (borrowed; for the optimality checker in tests). */
struct nb_mcf_graph;
const struct nb_mcf_graph *nb_team_model_graph(const nb_team_model *m);

/* Formats minutes as Dutch hours ("120 uur", "2,5 uur", "1,67 uur",
 * "4.756,1 uur": util/nlnum.h nb_nl_hours) into buf, cut to size. */
void nb_team_hours_text(int64_t minutes, char *buf, size_t size);

#endif
