/*
 * store/bundles_int.h — what bundles.c (reading, deciding, merging) and
 * bundles_refresh.c (detection) share about bundling proposals. Not a public
 * header: everything else uses store/bundles.h.
 */
#ifndef NB_STORE_BUNDLES_INT_H
#define NB_STORE_BUNDLES_INT_H

#include "store/bundles.h"
#include "util/attr.h"

#include <jansson.h>

/* The condition "assignment a is open for bundling" (without the open-proposal part). */
#define NB_BUNDLE_OPEN_SQL                                                                \
    "a.kind = 'lokaal' AND a.status IN ('concept', 'ingediend', 'geaccepteerd') AND NOT " \
    "EXISTS (SELECT 1 FROM allocations al WHERE al.assignment_id = a.id)"

/* Sets proposal id's status (merged: the merged assignment, <= 0 for none),
 * decided_at now and the next revision. 0 or the store's error (err). */
NB_MUST_USE int nb_bundle_set_status(nb_store *st, int64_t id, const char *status, int64_t merged,
                                     nb_err *err);

/* Audits action on proposal id with detail (taken: freed here, may be NULL)
 * as compact JSON. 0 or the store's error (err). */
NB_MUST_USE int nb_bundle_audit(nb_store *st, const nb_actor *actor, const char *action, int64_t id,
                                json_t *detail, nb_err *err);

/* Voorgesteld proposals (only proposal only when > 0) with a member no
 * longer open for bundling become vervallen (audited); *expired (optional)
 * is raised by their number. 0 or the store's error (err). */
NB_MUST_USE int nb_bundle_expire(nb_store *st, const nb_actor *actor, int64_t only,
                                 int64_t *expired, nb_err *err);

#endif
