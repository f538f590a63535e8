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

/*
 * Voorgesteld proposals (only proposal only when > 0, else every one) that
 * the last agreement would refuse become vervallen, each audited
 * ("vervallen", detail {"reden": ...}, the reason nb_bundle_get shows):
 * first those with a member no longer open for bundling, then those whose
 * members' lines of one competency no longer share a month profile (one
 * changed after the detection; core/bundle.h nb_bundle_profiles_agree, the
 * detection's and the merge's rule), naming the competency. Any number of
 * proposals; *expired (optional) is raised by their number. 0 or the
 * store's error (err). bundles_expire.c.
 */
NB_MUST_USE int nb_bundle_expire(nb_store *st, const nb_actor *actor, int64_t only,
                                 int64_t *expired, nb_err *err);

/*
 * Assignments as the core sees them (core/bundle.h nb_bundle_doc), loaded by
 * the store: the docs, their lines back to back in doc order, the lines'
 * month profiles back to back in line order, and the texts the docs borrow.
 * Everything is owned here (nb_bundle_docs_free); the pointers between them
 * are set by nb_bundle_docs_link once the last line is in. bundles_docs.c.
 */
typedef struct nb_bundle_docs {
    nb_bundle_doc *docs;
    size_t n, cap;
    nb_assignment_line *lines;
    size_t nlines, lcap;
    nb_month_weight *months;
    size_t nmonths, mcap;
    char **strings; /* room for two per doc (a title and a description) */
    size_t nstrings;
} nb_bundle_docs;

/* Frees everything d holds and zeroes it. */
void nb_bundle_docs_free(nb_bundle_docs *d);

/* Forgets d's docs, lines and months, keeping the memory (and the texts) for reuse. */
void nb_bundle_docs_clear(nb_bundle_docs *d);

/* Appends a zeroed doc and returns it (valid until the next append), or NULL
 * with NB_ENOMEM in err. */
NB_MUST_USE nb_bundle_doc *nb_bundle_docs_add(nb_bundle_docs *d, nb_err *err);

/* A copy of text owned by d (at most two per doc), or NULL with NB_ENOMEM in err. */
NB_MUST_USE const char *nb_bundle_docs_keep(nb_bundle_docs *d, const char *text, nb_err *err);

/*
 * Appends line ln to doc k (k < d->n; lines come in doc order, so k is never
 * below the doc of the previous line) with the month profile stored as text
 * (NULL or "": none) on line line_id (named in the error when it does not
 * read). 0, NB_EDB (a profile that does not read) or NB_ENOMEM, in err.
 */
NB_MUST_USE int nb_bundle_docs_add_line(nb_bundle_docs *d, size_t k, const nb_assignment_line *ln,
                                        const char *profile, int64_t line_id, nb_err *err);

/* Points each doc at its lines and each line at its profile (after the last add). */
void nb_bundle_docs_link(nb_bundle_docs *d);

#endif
