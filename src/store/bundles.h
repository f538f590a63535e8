/*
 * store/bundles.h — bundling proposals (bundelvoorstellen, migration 010;
 * issue 10 §2): detection over the assignments that are open for bundling,
 * the consent of every requesting municipality, and the merge into one
 * multi-local assignment. One path for the JSON API (api/bundelvoorstellen.c)
 * and the pages (web/bundels.c); everything runs in the caller's write
 * transaction and is audited with the caller's actor.
 *
 * Open for bundling: a lokaal assignment in concept, ingediend or
 * geaccepteerd, without any allocation (so nothing was ever reserved or
 * posted for it), not in a proposal that is still voorgesteld.
 *
 * The consent rule (DOMAIN rule 9): a proposal reserves, posts or charges
 * nothing. Each member municipality decides (akkoord/afgewezen, with a
 * note) through its coordinator or the ambtelijk opdrachtgever of its
 * original. A decline ends the proposal (afgewezen); the same assignments
 * are not proposed together again. When the last one agrees, the merge
 * creates the bundled assignment (meervoudig-lokaal, shares = the minutes
 * each asked, lines = core/bundle.h nb_bundle_merge_lines), records each
 * municipality's consent on it (assignment_consents, wijze instemming, by
 * whoever agreed, at that moment) and sets the originals to samengevoegd.
 */
#ifndef NB_STORE_BUNDLES_H
#define NB_STORE_BUNDLES_H

#include "util/attr.h"

#include "core/bundle.h"
#include "http/http.h"
#include "store/assignments.h"
#include "store/consents.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_BUNDLE_MAX_MEMBERS 6
#define NB_BUNDLE_REASON_MAX 640 /* a vervallen proposal's reason, NUL included */
#define NB_SETTING_BUNDLE_COORD_PCT "bundel_coordinatie_procent" /* 0..100, decimal */

typedef struct nb_bundle_member_row {
    int64_t assignment_id;
    int64_t organisation_id;
    int64_t minutes;   /* what it asked: the sum of its original's lines */
    char decision[12]; /* open, akkoord, afgewezen */
    char note[NB_CONSENT_NOTE_MAX * 4 + 1];
    char decided_by[64];
    char decided_role[16];
    int64_t decided_person_id; /* 0 = none */
    char decided_at[21];       /* "" while open */
    /* for display, from the assignment and organisation */
    char title[NB_ASG_TITLE_MAX * 4 + 1];
    char organisation_name[256];
    int64_t client_person_id; /* the original's ambtelijk opdrachtgever */
    char assignment_status[16];
} nb_bundle_member_row;

typedef struct nb_bundle_row {
    int64_t id;
    char status[16]; /* voorgesteld, samengevoegd, afgewezen, vervallen */
    double score, text_score, competency_score, period_score;
    char why[4096]; /* JSON text: {"woorden":[..],"competenties":[..],"maanden":{..}|null} */
    int64_t separate_minutes;
    int64_t bundled_minutes;
    int64_t coordination_pct;
    int64_t hour_rate_cents;      /* 0 = not set at detection */
    int64_t merged_assignment_id; /* 0 until samengevoegd */
    char created_by[64];
    char created_at[21];
    char decided_at[21];
    int64_t revision;
    /* why it became vervallen, in Dutch ("een van de opdrachten is niet meer open voor
     * bundeling ...", "de maandprofielen van de regels voor competentie X verschillen nu"):
     * the reason its expiry's audit line holds; "" for any other status */
    char reason[NB_BUNDLE_REASON_MAX];
    nb_bundle_member_row members[NB_BUNDLE_MAX_MEMBERS];
    size_t nmembers;
} nb_bundle_row;

/* The coordination share (percent per extra requester) into *pct: the setting, else 15. */
NB_MUST_USE int nb_bundle_coord_pct(nb_store *st, int64_t *pct, nb_err *err);

/*
 * Refreshes the proposals: voorgesteld ones the last agreement would refuse
 * become vervallen, audited "vervallen" with the reason (a member no longer
 * open for bundling, or its lines' month profiles no longer agreeing with
 * another member's for a competency); then detection
 * (core/bundle.h, params p; NULL = defaults) over the open assignments, and
 * each new group (not declined before) is stored with its why and estimate
 * and audited ("create" "bundelvoorstel"). *created and *expired (optional)
 * count them. Returns 0 or a code.
 */
NB_MUST_USE int nb_bundle_refresh(nb_store *st, const nb_actor *actor, const nb_bundle_params *p,
                                  int64_t *created, int64_t *expired, nb_err *err);

/* Loads proposal id with its members (and, when vervallen, its reason) into out
 * (caller-owned). NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_bundle_get(nb_store *st, int64_t id, nb_bundle_row *out, nb_err *err);

typedef struct nb_bundle_filter {
    const char *status;      /* NULL = any */
    int64_t organisation_id; /* a member municipality; 0 = any */
} nb_bundle_filter;

/* The sortable fields of the list (id, status, score, aangemaakt). */
extern const nb_sort_field nb_bundle_sort_fields[];

/*
 * Calls fn for each proposal matching filter (NULL = all) in sort's order
 * (NULL or empty: open ones first, best score first, then id), skipping
 * offset, at most limit (< 0: all); *total (optional) gets the number of
 * matches. The row is valid during the call only; fn returning non-zero
 * stops the walk and is returned.
 */
NB_MUST_USE int nb_bundle_list(nb_store *st, const nb_bundle_filter *filter, const nb_sort *sort,
                               int64_t offset, int64_t limit,
                               int (*fn)(void *ctx, const nb_bundle_row *b), void *ctx,
                               int64_t *total, nb_err *err);

/* 1 when who may decide for organisation org on b: its coordinator or the member's client. */
NB_MUST_USE int nb_bundle_may_decide(const nb_principal *who, const nb_bundle_row *b, int64_t org);

/*
 * Organisation org decides on proposal id: agree (1) or decline (0), with
 * note (NULL = ""), by who/actor. NB_ENOTFOUND (no proposal, or org is not
 * a member), NB_EFORBIDDEN (who may not decide for org), NB_ECONFLICT (the
 * proposal is no longer voorgesteld, or org decided already; Dutch reason
 * in err). A decline ends the proposal; the last agreement merges it (see
 * the top of this file). Before any decision, a proposal the last agreement
 * would refuse (a member no longer open for bundling, or month profiles that
 * now differ; nb_bundle_refresh's expiry) becomes vervallen and NB_ECONFLICT
 * is returned with the reason; the change is the caller's to keep or roll
 * back (the API and the pages roll back a 409: the next refresh marks it).
 * out (optional) gets the proposal afterwards. Returns 0 or a code.
 */
NB_MUST_USE int nb_bundle_decide(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                 int64_t id, int64_t org, int agree, const char *note,
                                 nb_bundle_row *out, nb_err *err);

/*
 * The minutes approved on assignment id (goedgekeurd time entries) into
 * *minutes: the actual hours of a bundled assignment, for the measured
 * saving. Returns 0 or a code.
 */
NB_MUST_USE int nb_bundle_actual_minutes(nb_store *st, int64_t id, int64_t *minutes, nb_err *err);

/*
 * The measured saving's input of proposal b: when its merged assignment is
 * afgerond, *measured = 1 and *actual = its approved minutes
 * (nb_bundle_actual_minutes); otherwise *measured = 0, *actual = 0. The
 * saving is b->separate_minutes - *actual. Returns 0 or a code.
 */
NB_MUST_USE int nb_bundle_measured(nb_store *st, const nb_bundle_row *b, int *measured,
                                   int64_t *actual, nb_err *err);

/* The proposal ids that merged into assignment id, or that id was an original of: *ids (malloc'd). */
NB_MUST_USE int nb_bundle_of_assignment(nb_store *st, int64_t assignment_id, int64_t **ids,
                                        size_t *n, nb_err *err);

#endif
