/*
 * store/team_proposals.h — making and accepting a team proposal: THE path
 * behind POST /api/v1/teamvoorstellen, POST …/{id}/acceptatie
 * (api/teamvoorstellen.c), the MT's pages (web/mt_team.c) and `noaber team
 * --save` (cli/cmd_team.c).
 *
 * Making: the teaming engine (core/teaming.h) runs on the input that
 * store/team_loader.h loads for the chosen assignments; the proposal (lines
 * with reasons and cost parts, shortages with their cause, the gap to the
 * optimum) is stored (store/proposals.h) and audited.
 *
 * Accepting: every chosen line becomes an allocation (store/allocations.h)
 * confirmed at once, which reserves its minutes in the ledger
 * (store/hours_ledger.h nb_hours_ledger_confirm): the eligibility check
 * (active person, open assignment, room on the line) and the consent check
 * (DOMAIN rule 9) decide. The first refusal stops the acceptance; the caller
 * must then roll its transaction back (the lines before it were written).
 *
 * Both run inside the caller's write transaction.
 */
#ifndef NB_STORE_TEAM_PROPOSALS_H
#define NB_STORE_TEAM_PROPOSALS_H

#include "util/attr.h"

#include "core/assignment.h"
#include "core/teaming.h"
#include "store/hours_ledger.h"
#include "store/proposals.h"
#include "store/store.h"
#include "store/team_loader.h"

#include <stddef.h>
#include <stdint.h>

#define NB_TP_MAX_IDS 200 /* assignments in one request */

/* 1 when an assignment with status s may be staffed (geaccepteerd, bemenst,
 * in-uitvoering). */
int nb_tp_status_ok(nb_assignment_status s);

/*
 * Stores the result r of the engine on input l as proposal p (the caller
 * filled p->parameters and p->created_by; the period and the summary are
 * set here), its lines and shortages; when l was planned per calendar month
 * (l->in.config.month_buckets, and the period within the loader's limit)
 * also p->months, each proposed person's load per month and the shortages
 * per month with their cause. p->id is set. Not audited. Returns 0
 * or a negative NB_E* code.
 */
NB_MUST_USE int nb_tp_save(nb_store *st, nb_proposal *p, const nb_team_load *l,
                           const nb_team_result *r, nb_err *err);

/*
 * Makes, stores and audits (action "create", entity "teamvoorstel", as
 * actor) a proposal for the assignments ids[0..n), or for every assignment
 * with status geaccepteerd when n == 0 (the parameters then say
 * "alleGeaccepteerde"). The caller checked the ids (nb_tp_status_ok) and cfg
 * (nb_team_config_check). *id receives the new proposal's id. Returns 0,
 * NB_ENOTFOUND (an id does not exist), NB_ELIMIT (the engine's limits) or
 * another negative NB_E* code.
 */
NB_MUST_USE int nb_tp_make(nb_store *st, const nb_actor *actor, const int64_t *ids, size_t n,
                           const nb_team_config *cfg, int64_t *id, nb_err *err);

/* An assignment that still needs people (nb_tp_open_list). */
typedef struct nb_tp_open {
    int64_t id;
    char title[481];
    char status[24];      /* geaccepteerd, bemenst, in-uitvoering */
    int64_t minutes_open; /* over its lines: minutes not covered by allocations */
    int64_t lines_open;   /* lines with minutes open */
} nb_tp_open;

/*
 * The assignments a proposal can be made for and that still need people:
 * status geaccepteerd, bemenst or in-uitvoering, with at least one line
 * whose minutes are not all covered by open allocations (concept, confirmed)
 * and what ended allocations posted — the loader's (store/team_loader.h)
 * "still to staff". Only titles containing search (case-insensitive; NULL or
 * "" = all), by id, skipping offset, at most limit (< 0: all). *total
 * (optional) gets the count of matches. fn returning non-zero stops the walk
 * and is returned. Returns 0 or a negative NB_E* code.
 */
NB_MUST_USE int nb_tp_open_list(nb_store *st, const char *search, int64_t offset, int64_t limit,
                                int (*fn)(void *ctx, const nb_tp_open *o), void *ctx,
                                int64_t *total, nb_err *err);

/* Why an acceptance was refused (nb_tp_accept returned NB_ECONFLICT or
 * NB_ELIMIT). */
typedef enum nb_tp_refusal_kind {
    NB_TP_NONE = 0,
    NB_TP_BAD_LINES, /* one or more ids are not lines of the proposal (bad_line was called) */
    NB_TP_ALREADY,   /* a chosen line was accepted before */
    NB_TP_NOTHING,   /* no line left to accept */
    NB_TP_CLOSED,    /* assignment_id has status status: it takes no allocations */
    NB_TP_REFUSED    /* the confirm of a line on assignment_id was refused: hours says why
                        (NB_HOURS_NO_CONSENT: hours.missing names who did not consent) */
} nb_tp_refusal_kind;

typedef struct nb_tp_refusal {
    nb_tp_refusal_kind kind;
    int64_t assignment_id;
    nb_assignment_status status;
    nb_hours_refusal hours;
} nb_tp_refusal;

/* Called for each id of lines[] that is not a line of the proposal: its
 * position and the id. */
typedef void (*nb_tp_bad_line_fn)(void *ctx, size_t index, int64_t line_id);

/*
 * Accepts lines[0..n) of proposal id, or every line not accepted yet when
 * all is set (then lines is ignored). Each chosen line becomes a confirmed
 * allocation; the proposal's status becomes geaccepteerd or
 * deels-geaccepteerd; audited (action "accept", entity "teamvoorstel", detail
 * {"regels":[ids],"status":...}). *accepted (optional) gets the number of
 * lines accepted now. Returns 0; NB_ENOTFOUND (no such proposal); NB_ECONFLICT
 * with ref->kind BAD_LINES, ALREADY, NOTHING or CLOSED (nothing written);
 * NB_ELIMIT with ref->kind REFUSED (earlier lines were written: roll back);
 * or another negative NB_E* code. ref is caller-owned and always written.
 */
NB_MUST_USE int nb_tp_accept(nb_store *st, const nb_actor *actor, int64_t id, const int64_t *lines,
                             size_t n, int all, nb_tp_bad_line_fn bad_line, void *ctx,
                             nb_tp_refusal *ref, size_t *accepted, nb_err *err);

#endif
