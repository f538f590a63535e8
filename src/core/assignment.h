/*
 * core/assignment.h — the rules of an assignment (opdracht), pure.
 *
 * The status machine (DOMAIN.md, issue 2):
 *
 *   concept → ingediend → geaccepteerd → bemenst → in-uitvoering → afgerond
 *      │          │            │            │            │
 *      └──────────┴────────────┴────────────┴────────────┴──→ geannuleerd
 *
 * afgerond and geannuleerd are final: nothing leaves them.
 *
 * samengevoegd (issue 10 §2, store/bundles.h) is final too and no transition
 * leads to it: only merging an accepted bundling proposal sets it, on the
 * originals (concept, ingediend or geaccepteerd, never staffed).
 *
 * The shape of an assignment:
 *   - lokaal:            exactly one requesting organisation;
 *   - meervoudig-lokaal: at least two requesters, each with a share >= 1
 *                        (the debit of rule 1 is split by these shares);
 *   - regionaal:         requesters optional; it is charged to all members
 *                        by the network's allocation key;
 *   - no organisation twice among the requesters, shares >= 1;
 *   - period: start <= end;
 *   - at least one line; each line has a competency id > 0, a minimum level
 *     1–5 and minutes > 0.
 *
 * Pure: no globals, no I/O, no allocation. Reasons are Dutch, for the API.
 */
#ifndef NB_CORE_ASSIGNMENT_H
#define NB_CORE_ASSIGNMENT_H

#include "util/attr.h"

#include "core/line_profile.h"

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

typedef enum nb_assignment_status {
    NB_ASSIGNMENT_CONCEPT = 0,
    NB_ASSIGNMENT_INGEDIEND,
    NB_ASSIGNMENT_GEACCEPTEERD,
    NB_ASSIGNMENT_BEMENST,
    NB_ASSIGNMENT_IN_UITVOERING,
    NB_ASSIGNMENT_AFGEROND,
    NB_ASSIGNMENT_GEANNULEERD,
    NB_ASSIGNMENT_SAMENGEVOEGD, /* merged into a bundled assignment (issue 10 §2); final */
    NB_ASSIGNMENT_STATUS_COUNT
} nb_assignment_status;

typedef enum nb_assignment_kind {
    NB_ASSIGNMENT_LOKAAL = 0,
    NB_ASSIGNMENT_MEERVOUDIG_LOKAAL,
    NB_ASSIGNMENT_REGIONAAL,
    NB_ASSIGNMENT_KIND_COUNT
} nb_assignment_kind;

/* The Dutch name of a status ("in-uitvoering"); static; "?" when out of range. */
const char *nb_assignment_status_name(nb_assignment_status s);

/* Parses a Dutch status name; 0 and *out on success, NB_EINVAL otherwise. */
NB_MUST_USE int nb_assignment_status_parse(const char *name, nb_assignment_status *out);

/* The Dutch name of a kind ("meervoudig-lokaal"); static; "?" when out of range. */
const char *nb_assignment_kind_name(nb_assignment_kind k);

/* Parses a Dutch kind name; 0 and *out on success, NB_EINVAL otherwise. */
NB_MUST_USE int nb_assignment_kind_parse(const char *name, nb_assignment_kind *out);

/* 1 when s is final (afgerond, geannuleerd), else 0. */
NB_MUST_USE int nb_assignment_status_is_final(nb_assignment_status s);

/*
 * 1 when the transition from → to is legal, 0 otherwise. from == to is not a
 * transition and yields 0.
 */
NB_MUST_USE int nb_assignment_transition_legal(nb_assignment_status from, nb_assignment_status to);

/*
 * Checks a status change. Returns 0 when to == from (nothing changes) or the
 * transition is legal; otherwise NB_ECONFLICT with a Dutch reason in err
 * (optional) that names the legal next states, e.g. "Een opdracht met status
 * 'concept' kan alleen naar: ingediend, geannuleerd." NB_EINVAL for a status
 * out of range.
 */
NB_MUST_USE int nb_assignment_transition_check(nb_assignment_status from, nb_assignment_status to,
                                               nb_err *err);

/*
 * 1 when lines of an assignment in status s may no longer be removed
 * (allocations and the ledger refer to line ids from staffing on): bemenst,
 * in-uitvoering, afgerond, and geannuleerd (which may have been staffed).
 */
NB_MUST_USE int nb_assignment_lines_locked(nb_assignment_status s);

/*
 * 1 when the requesting organisation itself (its coordinator) may make the
 * change from → to: submit (concept → ingediend), or cancel before the
 * assignment is staffed (concept, ingediend or geaccepteerd → geannuleerd);
 * from == to (no change) also yields 1. Accepting, staffing, execution,
 * closing and cancelling a staffed assignment are for network management.
 * Legality is a separate question (nb_assignment_transition_check).
 */
NB_MUST_USE int nb_assignment_requester_may(nb_assignment_status from, nb_assignment_status to);

/* ---- Shape validation --------------------------------------------------- */

typedef struct nb_assignment_requester {
    int64_t organisation_id;
    int64_t share; /* >= 1 */
} nb_assignment_requester;

typedef struct nb_assignment_line {
    int64_t id; /* 0 until stored */
    int64_t competency_id;
    int64_t min_level; /* 1..5 */
    int64_t minutes;   /* > 0 */
    /* its own month profile (core/line_profile.h), borrowed: profile[0..nprofile)
     * in month order; nprofile == 0 (profile may be NULL): none, the minutes
     * follow the days of the period. Every named month lies in the period.
     * The entries belong to whoever filled the line and must outlive it: for
     * a line of a store/assignments.h nb_asg, that row's profile arena
     * (nb_asg_line_set_profile), valid while the row lives and is not
     * refilled; a copied line borrows the same entries. */
    const nb_month_weight *profile;
    size_t nprofile;
} nb_assignment_line;

typedef struct nb_assignment_shape {
    nb_assignment_kind kind;
    int32_t start_day; /* util/date.h day numbers */
    int32_t end_day;
    const nb_assignment_requester *requesters;
    size_t nrequesters;
    const nb_assignment_line *lines;
    size_t nlines;
} nb_assignment_shape;

/* Which part of the assignment a problem is about (the API maps it to a JSON path). */
typedef enum nb_assignment_field {
    NB_ASSIGNMENT_F_KIND,
    NB_ASSIGNMENT_F_REQUESTERS,      /* the list as a whole */
    NB_ASSIGNMENT_F_REQUESTER_ORG,   /* requesters[index].organisation_id */
    NB_ASSIGNMENT_F_REQUESTER_SHARE, /* requesters[index].share */
    NB_ASSIGNMENT_F_END,             /* the period (reported on the end date) */
    NB_ASSIGNMENT_F_LINES,           /* the list as a whole */
    NB_ASSIGNMENT_F_LINE_COMPETENCY, /* lines[index].competency_id */
    NB_ASSIGNMENT_F_LINE_LEVEL,      /* lines[index].min_level */
    NB_ASSIGNMENT_F_LINE_MINUTES,    /* lines[index].minutes */
    NB_ASSIGNMENT_F_LINE_PROFILE,    /* lines[index].profile */
    NB_ASSIGNMENT_F_START,           /* the start date (store/asg_rules.h) */
    NB_ASSIGNMENT_F_CLIENT,          /* the ambtelijk opdrachtgever (store/asg_rules.h) */
    NB_ASSIGNMENT_F_STATUS,          /* the status of a new assignment (store/asg_rules.h) */
    NB_ASSIGNMENT_F_PROGRAMME        /* the programme (store/asg_rules.h, store/programmes.h) */
} nb_assignment_field;

typedef struct nb_assignment_problem {
    nb_assignment_field field;
    size_t index;     /* for per-item fields; 0 otherwise */
    char reason[256]; /* Dutch */
} nb_assignment_problem;

/*
 * Validates the shape of a (the caller's, borrowed). Writes up to max
 * problems into problems (caller-owned array; may be NULL when max == 0) and
 * returns the total number found (which may exceed max). 0 = valid.
 */
NB_MUST_USE size_t nb_assignment_validate(const nb_assignment_shape *a,
                                          nb_assignment_problem *problems, size_t max);

#endif
