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

#include "core/hours.h"
#include "core/ledger.h"
#include "store/assignments.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The charged organisations of assignment a and their parts of minutes
 * (regional: every gemeente by the network's key, setting "verdeelsleutel",
 * default inwoners). parts: caller-owned NB_HOURS_MAX_PARTS elements.
 * Returns 0, NB_EINVAL (reason in err) when the assignment cannot be charged.
 */
int nb_hours_ledger_charge(nb_store *st, const nb_asg *a, int64_t minutes, nb_hours_part *parts,
                           size_t *nparts, nb_err *err);

/*
 * Confirms allocation id (concept → bevestigd): reserves its minutes, one
 * PENDING work transfer per charged organisation other than the person's
 * home organisation, as one LINKED chain, and records the reservations.
 * Returns 0; NB_ELIMIT (refusal filled) when an organisation lacks room;
 * NB_ECONFLICT when the allocation is not concept; other codes with err.
 */
int nb_hours_ledger_confirm(nb_store *st, int64_t allocation_id, nb_transfer_result *refusal,
                            nb_err *err);

/*
 * Books the approval of time entry entry_id (still ingediend; the caller
 * records the decision): per charged organisation post the worked part of
 * its open reservation, re-reserve the rest, and book minutes beyond the
 * reservation as a single-phase transfer that passes the limit check; one
 * LINKED chain. Adds the minutes to the allocation's minutes_posted. *booked
 * (optional) receives the number of transfers written. Returns as confirm.
 */
int nb_hours_ledger_approve(nb_store *st, int64_t entry_id, size_t *booked,
                            nb_transfer_result *refusal, nb_err *err);

/*
 * Ends allocation id (→ beeindigd): voids its open reservations (one LINKED
 * chain). Already ended: NB_ECONFLICT. *voided (optional) gets the minutes
 * released.
 */
int nb_hours_ledger_end(nb_store *st, int64_t allocation_id, int64_t *voided, nb_err *err);

/*
 * Ends every allocation of assignment_id that is not ended yet — the hook of
 * the assignment status route when it becomes afgerond or geannuleerd.
 * *ended and *voided (both optional) get the count and the minutes released.
 */
int nb_hours_ledger_end_assignment(nb_store *st, int64_t assignment_id, size_t *ended,
                                   int64_t *voided, nb_err *err);

#endif
