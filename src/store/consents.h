/*
 * store/consents.h — SQL for consents (instemmingen, migration 006): who
 * agreed that an organisation is charged for an assignment, when, how and
 * for which fraction; and THE store path of the consent rule
 * (nb_consent_chargeable), which loads them and asks core/consent.h.
 *
 * Rows are history: inserted, never changed or deleted (triggers refuse it).
 */
#ifndef NB_STORE_CONSENTS_H
#define NB_STORE_CONSENTS_H

#include "util/attr.h"

#include "core/consent.h"
#include "store/assignments.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_CONSENT_NOTE_MAX 500 /* characters */

typedef struct nb_consent_row {
    int64_t id;
    int64_t assignment_id;
    int64_t organisation_id; /* 0: the network (regional key accepted) */
    nb_consent_basis basis;
    nb_assignment_kind kind; /* the assignment's kind when it was given */
    int64_t share;           /* the fraction agreed to: share / shares_total */
    int64_t shares_total;
    char actor[64];                /* token label or user name */
    char actor_role[16];           /* beheer, coordinator, system */
    int64_t actor_person_id;       /* 0 = none */
    int64_t actor_organisation_id; /* 0 = none */
    char note[NB_CONSENT_NOTE_MAX * 4 + 1];
    char created_at[21];  /* UTC, when it was given */
    char imported_at[21]; /* "" unless it came in through an import */
} nb_consent_row;

/*
 * Inserts c (the caller's; its id is set; created_at is set to now when
 * empty). Runs in the caller's transaction. Returns 0 or an NB_E* code.
 */
NB_MUST_USE int nb_consent_insert(nb_store *st, nb_consent_row *c, nb_err *err);

/*
 * Loads every consent of assignment_id, oldest first, into *rows (malloc'd,
 * caller frees; NULL when there are none) and *n. Returns 0 or NB_EDB/NB_ENOMEM.
 */
NB_MUST_USE int nb_consent_list(nb_store *st, int64_t assignment_id, nb_consent_row **rows,
                                size_t *n, nb_err *err);

/*
 * THE store path of DOMAIN rule 9: loads the consents of assignment a and
 * runs core/consent.h nb_consent_check. Returns 0 when a may be charged;
 * NB_EFORBIDDEN with a Dutch reason in err and missing (optional) filled
 * when an organisation has not consented (or, regional, the network has not
 * accepted it); other codes on database errors.
 */
NB_MUST_USE int nb_consent_chargeable(nb_store *st, const nb_asg *a, nb_consent_missing *missing,
                                      nb_err *err);

/*
 * The core view of rows[0..n) into out (caller-owned, n elements).
 */
void nb_consent_core(const nb_consent_row *rows, size_t n, nb_consent *out);

#endif
