/*
 * store/proposals.h — team proposals (teamvoorstellen, migration 004): the
 * proposal with its parameters and cost summary, its proposed allocations
 * (lines) with cost parts and reasons, and its shortages; planned per month
 * (migration 011) also each proposed person's load per month and the
 * shortages per month.
 *
 * A proposal is written once by nb_proposal_insert + _line_insert +
 * _shortage_insert inside one transaction; afterwards only its status and
 * the lines' accepted flag / allocation id change. Nothing is deleted.
 * All calls run inside the caller's transaction.
 */
#ifndef NB_STORE_PROPOSALS_H
#define NB_STORE_PROPOSALS_H

#include "util/attr.h"

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_PROPOSAL_PARAMS_MAX 8192  /* bytes of the parameters JSON */
#define NB_PROPOSAL_REASONS_MAX 2048 /* bytes of a line's reasons JSON */

typedef struct nb_proposal {
    int64_t id;
    char created_at[21];
    char created_by[128];
    char status[24]; /* concept, geaccepteerd, deels-geaccepteerd, verworpen */
    char parameters[NB_PROPOSAL_PARAMS_MAX];
    char period_start[11];
    char period_end[11];
    int64_t cost_total;
    int64_t cost_optimum;
    int64_t cost_gap;
    int64_t minutes_requested;
    int64_t minutes_allocated;
    int64_t minutes_unmet;
    int64_t rounds;
    char updated_at[21];
    int64_t revision;
    int64_t months; /* month buckets it was planned with (migration 011); 0: one window */
} nb_proposal;

typedef struct nb_proposal_line {
    int64_t id;
    int64_t proposal_id;
    int64_t assignment_id;
    int64_t line_id;
    int64_t person_id;
    int64_t organisation_id;
    int64_t minutes;
    int64_t level;
    int64_t min_level;
    int64_t cost_overqual, cost_wish, cost_continuity, cost_home, cost_fairness, cost_load;
    int64_t cost_total;
    char reasons[NB_PROPOSAL_REASONS_MAX]; /* JSON array of strings */
    int accepted;
    int64_t allocation_id; /* 0 until accepted */
    /* loaded for display (not stored in the line row): */
    char person_name[481];
    char organisation_name[128];
} nb_proposal_line;

typedef struct nb_proposal_shortage {
    int64_t id;
    int64_t proposal_id;
    int64_t assignment_id;
    int64_t line_id;
    int64_t competency_id;
    int64_t min_level;
    int64_t minutes_requested;
    int64_t minutes_unmet;
    int64_t candidates;
    char kind[24]; /* geen-competentie, bezet, regels */
    char reason[512];
} nb_proposal_shortage;

/* A proposed person's load in one calendar month (migration 011). */
typedef struct nb_proposal_load {
    int64_t id;
    int64_t proposal_id;
    int64_t person_id;
    int64_t organisation_id;
    char month[8];     /* YYYY-MM */
    int64_t minutes;   /* proposed in the month */
    int64_t capacity;  /* the month's load cap */
    int64_t available; /* the month's availability */
    /* loaded for display (not stored in the row): */
    char person_name[481];
    char organisation_name[128];
} nb_proposal_load;

/* Demand left on a line in one calendar month, with its cause (migration 011). */
typedef struct nb_proposal_month_short {
    int64_t id;
    int64_t proposal_id;
    int64_t assignment_id;
    int64_t line_id;
    char month[8]; /* YYYY-MM */
    int64_t minutes_requested;
    int64_t minutes_unmet;
    char kind[24]; /* geen-competentie, bezet, regels */
    char reason[512];
} nb_proposal_month_short;

/* Inserts p (status as given, "concept" when empty); sets id, timestamps, revision. */
NB_MUST_USE int nb_proposal_insert(nb_store *st, nb_proposal *p, nb_err *err);

/* Inserts line l of proposal l->proposal_id; sets l->id. */
NB_MUST_USE int nb_proposal_line_insert(nb_store *st, nb_proposal_line *l, nb_err *err);

/* Inserts shortage s of proposal s->proposal_id; sets s->id. */
NB_MUST_USE int nb_proposal_shortage_insert(nb_store *st, nb_proposal_shortage *s, nb_err *err);

/* Inserts load l of proposal l->proposal_id; sets l->id. */
NB_MUST_USE int nb_proposal_load_insert(nb_store *st, nb_proposal_load *l, nb_err *err);

/* Inserts month shortage s of proposal s->proposal_id; sets s->id. */
NB_MUST_USE int nb_proposal_month_short_insert(nb_store *st, nb_proposal_month_short *s,
                                               nb_err *err);

/* Loads proposal id into out (caller-owned). NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_proposal_get(nb_store *st, int64_t id, nb_proposal *out, nb_err *err);

/*
 * Calls fn for each proposal, newest first (id descending), skipping offset,
 * at most limit (< 0: all). *total (optional) gets the count. fn returning
 * non-zero stops the walk and is returned. The struct is valid during the call.
 */
NB_MUST_USE int nb_proposal_list(nb_store *st, int64_t offset, int64_t limit,
                                 int (*fn)(void *ctx, const nb_proposal *p), void *ctx,
                                 int64_t *total, nb_err *err);

/* The fields a list of proposals can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_proposal_sort_fields[];

/* nb_proposal_list in sort's order (over nb_proposal_sort_fields; NULL or n = 0: newest first). */
NB_MUST_USE int nb_proposal_list_sorted(nb_store *st, const nb_sort *sort, int64_t offset,
                                        int64_t limit, int (*fn)(void *ctx, const nb_proposal *p),
                                        void *ctx, int64_t *total, nb_err *err);

/* Calls fn for each line of proposal_id (ordered by id), with person and organisation names. */
NB_MUST_USE int nb_proposal_lines(nb_store *st, int64_t proposal_id,
                                  int (*fn)(void *ctx, const nb_proposal_line *l), void *ctx,
                                  nb_err *err);

/* Calls fn for each shortage of proposal_id (ordered by id). */
NB_MUST_USE int nb_proposal_shortages(nb_store *st, int64_t proposal_id,
                                      int (*fn)(void *ctx, const nb_proposal_shortage *s),
                                      void *ctx, nb_err *err);

/* Calls fn for each load of proposal_id (by person in insertion order, then
 * month), with person and organisation names. None for a one-window proposal. */
NB_MUST_USE int nb_proposal_loads(nb_store *st, int64_t proposal_id,
                                  int (*fn)(void *ctx, const nb_proposal_load *l), void *ctx,
                                  nb_err *err);

/* Calls fn for each month shortage of proposal_id (by line, then month). */
NB_MUST_USE int nb_proposal_month_shorts(nb_store *st, int64_t proposal_id,
                                         int (*fn)(void *ctx, const nb_proposal_month_short *s),
                                         void *ctx, nb_err *err);

/*
 * Marks line id accepted with the allocation it created. NB_ENOTFOUND if
 * absent; NB_ECONFLICT when it was accepted already.
 */
NB_MUST_USE int nb_proposal_line_accept(nb_store *st, int64_t line_id, int64_t allocation_id,
                                        nb_err *err);

/* Sets the status of proposal id and bumps its revision. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_proposal_set_status(nb_store *st, int64_t id, const char *status, nb_err *err);

#endif
