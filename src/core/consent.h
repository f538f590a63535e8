/*
 * core/consent.h — DOMAIN rule 9, no charge without consent, pure.
 *
 * No minute is reserved or posted on an organisation unless it submitted the
 * assignment, consented to be added to it, or is charged by the network's
 * accepted key (regional work). Consent is data (store/consents.h): each
 * recorded consent covers an organisation's charge on one assignment up to
 * the fraction it agreed to, share / shares_total (its share out of the total
 * of shares at that moment; a local assignment's single requester agrees to
 * 1/1, everything). So:
 *
 *   - lokaal and meervoudig-lokaal: every requester R (share s, total of all
 *     shares S) needs a consent of R with share_c / total_c >= s / S. Raising
 *     R's share, adding or removing another requester (which changes S), or
 *     turning a local assignment into a multi-local one may need R's consent
 *     again; lowering R's part never does.
 *   - regionaal: charged to every member by the network's allocation key; it
 *     needs the network's acceptance (a consent with org_id 0, basis
 *     NB_CONSENT_NETWORK), recorded when network management accepts it.
 *     Per-organisation consents do not count for it.
 *
 * nb_consent_check is THE check: the ledger's charge path
 * (store/hours_ledger.c nb_hours_ledger_charge, via store/consents.h
 * nb_consent_chargeable) and the allocation eligibility check
 * (core/hours.h nb_hours_alloc_eligible) call it; nothing else decides it.
 */
#ifndef NB_CORE_CONSENT_H
#define NB_CORE_CONSENT_H

#include "util/attr.h"

#include "core/assignment.h"

#include <stddef.h>
#include <stdint.h>

/* Most organisations one refusal names (the network's members). */
#define NB_CONSENT_MAX_MISSING 128

/* How a consent came about. */
typedef enum nb_consent_basis {
    NB_CONSENT_REQUESTER = 0, /* "aanvrager": its coordinator created or edited the assignment */
    NB_CONSENT_AGREED,        /* "instemming": its coordinator agreed to be added */
    NB_CONSENT_NETWORK        /* "netwerk": network management accepted the regional key */
} nb_consent_basis;

/* "aanvrager", "instemming", "netwerk"; static. */
const char *nb_consent_basis_name(nb_consent_basis b);
/* 0 and *out set, or -1 for an unknown name. */
NB_MUST_USE int nb_consent_basis_parse(const char *name, nb_consent_basis *out);

/* One recorded consent, as far as the rule needs it. */
typedef struct nb_consent {
    int64_t org_id; /* 0: the network */
    nb_consent_basis basis;
    int64_t share; /* the fraction agreed to: share / shares_total */
    int64_t shares_total;
} nb_consent;

/* What the check looks at (all borrowed). */
typedef struct nb_consent_in {
    nb_assignment_kind kind;
    const nb_assignment_requester *requesters;
    size_t nrequesters;
    const nb_consent *consents;
    size_t nconsents;
} nb_consent_in;

/* Who has not consented. */
typedef struct nb_consent_missing {
    int network;                             /* 1: regional, and the network has not accepted it */
    size_t n;                                /* requesters without a covering consent ... */
    int64_t org_ids[NB_CONSENT_MAX_MISSING]; /* ... in requester order (first n) */
} nb_consent_missing;

/*
 * The terms organisation org is charged on for an assignment of kind with
 * these requesters: *share and *total (the sum of all shares; lokaal: the
 * single share, so 1/1 in effect). Returns 0, or -1 when org is not a
 * requester or the assignment is regional (charged by key, not by shares).
 */
NB_MUST_USE int nb_consent_terms(nb_assignment_kind kind, const nb_assignment_requester *requesters,
                                 size_t n, int64_t org, int64_t *share, int64_t *total);

/* 1 when consent c is of org and covers a charge of share / total; else 0. */
NB_MUST_USE int nb_consent_covers(const nb_consent *c, int64_t org, int64_t share, int64_t total);

/*
 * THE rule. Returns 0 when every organisation the assignment charges has
 * consented (or, regional, the network accepted it); 1 when someone has not,
 * with missing (optional, caller-owned) naming who. A lokaal or
 * meervoudig-lokaal assignment without requesters charges no one and passes
 * here (the charge split refuses it).
 */
NB_MUST_USE int nb_consent_check(const nb_consent_in *in, nb_consent_missing *missing);

#endif
