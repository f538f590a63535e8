/*
 * core/whatif.h — "wat als deze medewerker(s) vertrekken": which assignments
 * and competencies lose cover when some people leave, answered by the teaming
 * engine (core/teaming.h) so that the answer is the shortage the network would
 * really have, not a count of holders.
 *
 * The work is the network's work stock (the store loads it, store/whatif.h):
 * every line of the assignments the network has taken on, with the minutes
 * nobody is planned for yet; people with their free minutes (availability
 * minus what they are already planned for). Two solves of one model:
 *
 *   before  the network as it stands: the open minutes staffed from everyone's
 *           free minutes (the engine's pure optimum: no minimum allocation, no
 *           team size, so the answer is whether the hours exist, not how a team
 *           would be cut);
 *   after   the chosen people leave: their free minutes go (available 0,
 *           nb_team_model_set_available) and what they are still planned for
 *           on open allocations becomes demand again on those lines
 *           (nb_team_model_set_line); the engine re-solves WARM from the
 *           before optimum (core/mcf_warm.c), or, with opts.cold, from a
 *           model built afresh (tests and the benchmark compare the two).
 *
 * Reported: per line whose cover changes, the open and freed minutes and the
 * minutes left uncovered before and after; who the after solve proposes on the
 * lines the leavers worked on or were proposed for (the replacements); per
 * (competency, minimum level) of those lines the same sums and the holders at
 * that level before and after; the competencies a leaver holds that drop to one
 * holder or none.
 *
 * Pure: no I/O. The result is owned by the caller (nb_whatif_result_free).
 */
#ifndef NB_CORE_WHATIF_H
#define NB_CORE_WHATIF_H

#include "util/attr.h"

#include "core/teaming.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

/* A leaver's open allocation: minutes still planned on a line. */
typedef struct nb_whatif_alloc {
    int64_t person_id;
    int64_t line_id;
    int64_t minutes; /* planned minus posted, > 0 */
} nb_whatif_alloc;

/* A line whose cover the departure changes. */
typedef struct nb_whatif_line {
    int64_t line_id, assignment_id, competency_id, min_level;
    int64_t minutes_open;   /* unstaffed before the departure */
    int64_t minutes_freed;  /* the leavers' open allocations on it (demand again after) */
    int64_t leaving_before; /* minutes the before solve gave the leavers' free hours */
    int64_t unmet_before;   /* left uncovered by the before solve */
    int64_t unmet_after;    /* left uncovered by the after solve */
    int64_t holders_before; /* active people at >= min_level */
    int64_t holders_after;  /* the same without the leavers */
} nb_whatif_line;

/* A proposed replacement: the after solve's minutes for a person on a line
 * the leavers worked on or were proposed for. */
typedef struct nb_whatif_take {
    int64_t line_id, assignment_id;
    int64_t person_id, organisation_id;
    int64_t level;          /* the person's level in the line's competency */
    int64_t minutes;        /* after */
    int64_t minutes_before; /* the before solve's minutes for the same person and line */
} nb_whatif_take;

/* Per (competency, minimum level) of the changed lines. */
typedef struct nb_whatif_comp {
    int64_t competency_id, min_level;
    int64_t lines;
    int64_t minutes_open, minutes_freed, unmet_before, unmet_after;
    int64_t holders_before, holders_after; /* at >= min_level */
} nb_whatif_comp;

/* A competency a leaver holds that drops to one holder or none (any level). */
typedef struct nb_whatif_drop {
    int64_t competency_id;
    int64_t holders_before, holders_after;
} nb_whatif_drop;

typedef struct nb_whatif_result {
    nb_whatif_line *lines; /* most newly uncovered first, then assignment, line */
    size_t nlines;
    nb_whatif_take *takes; /* by line (order of lines), most minutes first, person id */
    size_t ntakes;
    nb_whatif_comp *comps; /* most newly uncovered first, then competency, level */
    size_t ncomps;
    nb_whatif_drop *drops; /* fewest holders after first, then competency */
    size_t ndrops;
    int64_t *leavers; /* the leaving ids found among the people (sorted) */
    size_t nleavers;
    int64_t minutes_before, minutes_after; /* demand of the work stock */
    int64_t minutes_freed;                 /* the leavers' open allocations */
    int64_t unmet_before, unmet_after;     /* over all lines */
    int64_t cost_before, cost_after;       /* the engine's optimum (exact) */
    int64_t pivots_before, pivots_after;
    int warm; /* 1 when the after solve reused the before optimum's tree */
    int64_t lines_total, people_total;
} nb_whatif_result;

/* Called at the start of each phase ("opbouwen", "voor", "na") and once at
 * the end ("klaar"), for progress and timing; may be NULL. */
typedef void (*nb_whatif_phase_fn)(void *ctx, const char *phase);

typedef struct nb_whatif_opts {
    int cold; /* 1: solve "after" on a model built afresh instead of warm */
    nb_whatif_phase_fn phase;
    void *ctx;
} nb_whatif_opts;

/*
 * Runs the what-if on the work stock in (borrowed; its config is used with the
 * post-processing switched off: no minimum allocation, no team size, no rounds;
 * one window) for the people leaving[0..nleaving) (ids; ids not among in's
 * people are ignored, see out->leavers) with their open allocations
 * allocs[0..nallocs) (on lines of in; others are ignored). opts may be NULL
 * (warm). On success *out is filled (zeroed first) and owned by the caller
 * (nb_whatif_result_free). Returns 0, NB_EINVAL (bad input, reason in err),
 * NB_ELIMIT or NB_ENOMEM.
 */
NB_MUST_USE int nb_whatif_run(const nb_team_input *in, const int64_t *leaving, size_t nleaving,
                              const nb_whatif_alloc *allocs, size_t nallocs,
                              const nb_whatif_opts *opts, nb_whatif_result *out, nb_err *err);

void nb_whatif_result_free(nb_whatif_result *r);

/*
 * Parses a list of person ids separated by commas (spaces allowed around
 * them), e.g. "12,7, 40", into ids[0..*n) (at most max; caller-owned).
 * Returns 0, or NB_EINVAL when the text is empty, holds something that is not
 * a positive integer, or more than max ids.
 */
NB_MUST_USE int nb_whatif_parse_ids(const char *text, int64_t *ids, size_t max, size_t *n);

#endif
