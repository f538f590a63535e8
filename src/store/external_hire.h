/*
 * store/external_hire.h — the external hire avoided (issue 11 §3, the
 * adviesrapportage's method; also the 3K's "kosten", store/three_k.h): the
 * approved hours that people of an organisation that did not request the
 * assignment delivered, on a line whose competency at its minimum level no
 * active person of any requester holds (the register of today). Valued at
 * the external hourly rate against the network rate. One query and one
 * rounding rule, shared by every figure that shows it (docs/reports.md).
 * Reads only, in the caller's read transaction.
 */
#ifndef NB_STORE_EXTERNAL_HIRE_H
#define NB_STORE_EXTERNAL_HIRE_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

/* The setting with the external hourly rate in euro cents (what an hour of
 * hire from outside the network costs); unset: no value in euros. */
#define NB_SETTING_EXTERNAL_RATE "extern_uurtarief_cent"

/*
 * The external rate (*ext, 0 when not set) and the network rate (*net, 0
 * when not set) in euro cents per hour. Returns 0 or the store's code.
 */
NB_MUST_USE int nb_xhire_rates(nb_store *st, int64_t *ext, int64_t *net, nb_err *err);

/* minutes × (ext − net) / 60 in cents, rounded half away from zero. */
int64_t nb_xhire_value_cents(int64_t minutes, int64_t ext, int64_t net);

/* Called per assignment with avoided hire, most minutes first; title is
 * valid during the call only. Nonzero stops the walk and is returned. */
typedef int (*nb_xhire_row_fn)(void *ctx, int64_t assignment_id, const char *title,
                               int64_t minutes);

/*
 * The avoided hire on approved time entries with work dates in from..to
 * ("YYYY-MM-DD", inclusive), on assignments that organisation org requested
 * (org 0: every assignment). Calls fn (may be NULL) per assignment and
 * stores the total minutes in *total. Returns 0, fn's nonzero value or the
 * store's code.
 */
NB_MUST_USE int nb_xhire_list(nb_store *st, int64_t org, const char *from, const char *to,
                              nb_xhire_row_fn fn, void *ctx, int64_t *total, nb_err *err);

#endif
