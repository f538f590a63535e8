/*
 * store/hours_ledger.h — what allocations and time entries do to the ledger
 * (DOMAIN rules 1, 2, 4). Loads the assignment, works out who is charged
 * (core/hours.h), builds the LINKED chain, applies it through
 * store/ledger_store.h and records the transfer ids on the allocation's
 * reservations and the entry's transfers. See docs/ledger.md, "Allocations
 * and time entries", for the design (partial posting = post + re-reserve).
 *
 * All calls run inside the caller's write transaction; on a non-zero return
 * the caller rolls back (the HTTP server does so for every status >= 400).
 * A refusal by the limit returns NB_ELIMIT and fills *refusal (optional)
 * with the failing nb_transfer_result (account_id, available, shortfall) so
 * the API can name the organisation (api/ledger_problem.c).
 */
#ifndef NB_STORE_HOURS_LEDGER_H
#define NB_STORE_HOURS_LEDGER_H

#include "util/attr.h"

#include "core/hours.h"
#include "core/ledger.h"
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/store.h"
#include "store/time_entries.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Why a confirm or an approval was refused (all optional reading for the
 * API): ledger holds the failing transfer's result when the ledger refused
 * (NB_ELIMIT, ledger.code != NB_TR_OK); problems[0..nproblems) the broken
 * eligibility rules (core/hours.h nb_hours_alloc_eligible: inactive person,
 * assignment not open, line full, no consent) and missing who has not
 * consented (rule NB_HOURS_NO_CONSENT). Zero it before the call.
 */
#define NB_HOURS_REFUSAL_MAX 4
typedef struct nb_hours_refusal {
    nb_transfer_result ledger;
    size_t nproblems;
    nb_hours_problem problems[NB_HOURS_REFUSAL_MAX];
    nb_consent_missing missing;
} nb_hours_refusal;

/*
 * The charged organisations of assignment a and their parts of minutes
 * (regional: every gemeente by the network's key, setting "verdeelsleutel",
 * default inwoners). THE charge path of the ledger: it first asks
 * store/consents.h nb_consent_chargeable (DOMAIN rule 9), so no split is
 * handed out for an organisation that has not consented. parts:
 * caller-owned NB_HOURS_MAX_PARTS elements. Returns 0; NB_ELIMIT when
 * consent is missing (refusal, optional, gets rule NB_HOURS_NO_CONSENT and
 * who); NB_EINVAL (reason in err) when the assignment cannot be charged.
 */
NB_MUST_USE int nb_hours_ledger_charge(nb_store *st, const nb_asg *a, int64_t minutes,
                                       nb_hours_part *parts, size_t *nparts,
                                       nb_hours_refusal *refusal, nb_err *err);

/*
 * The gemeenten a regional assignment is charged to and the network's key
 * (setting "verdeelsleutel", default inwoners): THE source of the regional
 * split, for nb_hours_ledger_charge and the teaming engine's input
 * (store/team_loader.h). members: caller-owned NB_HOURS_MAX_PARTS elements;
 * *n gets how many. Returns 0; NB_EINVAL (Dutch reason) for an unknown key
 * or more than NB_HOURS_MAX_PARTS gemeenten; NB_ENOMEM; NB_EDB.
 */
NB_MUST_USE int nb_hours_ledger_members(nb_store *st, nb_key_member *members, size_t *n,
                                        nb_key_kind *key, nb_err *err);

/*
 * THE eligibility check of allocation al (al->id 0: not stored yet; its
 * assignment, line, person and minutes are read) for every path that makes
 * or confirms one: loads the person, the assignment, the line's other
 * planned minutes and (reserve != 0: the minutes are reserved now) the
 * consents, and runs core/hours.h nb_hours_alloc_eligible. Returns 0 when
 * eligible; NB_ELIMIT with refusal filled (problems, missing) when not;
 * NB_ENOTFOUND (err) when the person, assignment or line does not exist;
 * other codes on database errors.
 */
NB_MUST_USE int nb_hours_ledger_eligible(nb_store *st, const nb_alloc *al, int reserve,
                                         nb_hours_refusal *refusal, nb_err *err);

/*
 * Confirms allocation id (concept → bevestigd): checks it is eligible
 * (nb_hours_ledger_eligible with reserve: active person, open assignment,
 * room on the line, every charged organisation consented), then reserves its
 * minutes, one PENDING work transfer per charged organisation other than the
 * person's home organisation, as one LINKED chain, and records the
 * reservations. Returns 0; NB_ELIMIT (refusal filled: problems, or the
 * ledger's result when an organisation lacks room); NB_ECONFLICT when the
 * allocation is not concept; other codes with err.
 */
NB_MUST_USE int nb_hours_ledger_confirm(nb_store *st, int64_t allocation_id,
                                        nb_hours_refusal *refusal, nb_err *err);

/*
 * Books the approval of time entry entry_id (still ingediend; the caller
 * records the decision): per charged organisation post the worked part of
 * its open reservation, re-reserve the rest, and book minutes beyond the
 * reservation as a single-phase transfer that passes the limit check; one
 * LINKED chain. The charge goes through nb_hours_ledger_charge, so an
 * organisation that has not consented refuses it (NB_ELIMIT, refusal). Adds the minutes to the allocation's minutes_posted. *booked
 * (optional) receives the number of transfers written. Returns as confirm.
 */
NB_MUST_USE int nb_hours_ledger_approve(nb_store *st, int64_t entry_id, size_t *booked,
                                        nb_hours_refusal *refusal, nb_err *err);

/*
 * nb_hours_ledger_approve for entry e and its assignment a, both read by the
 * caller in this write transaction (so they are the committed state under
 * the write lock, and are not read again: fewer round trips on PostgreSQL).
 * e and a stay the caller's. NB_EINVAL when a is not e's assignment.
 */
NB_MUST_USE int nb_hours_ledger_approve_loaded(nb_store *st, const nb_entry *e, const nb_asg *a,
                                               size_t *booked, nb_hours_refusal *refusal,
                                               nb_err *err);

/*
 * Ends allocation id (→ beeindigd): voids its open reservations (one LINKED
 * chain). Already ended: NB_ECONFLICT. *voided (optional) gets the minutes
 * released.
 */
NB_MUST_USE int nb_hours_ledger_end(nb_store *st, int64_t allocation_id, int64_t *voided,
                                    nb_err *err);

/*
 * Ends every allocation of assignment_id that is not ended yet — the hook of
 * the assignment status route when it becomes afgerond or geannuleerd.
 * *ended and *voided (both optional) get the count and the minutes released.
 */
NB_MUST_USE int nb_hours_ledger_end_assignment(nb_store *st, int64_t assignment_id, size_t *ended,
                                               int64_t *voided, nb_err *err);

#endif
