/*
 * store/three_k.h — the 3K's of seed 000 (Losser: kosten, kwaliteit,
 * kwetsbaarheid) as one overview per municipality, every figure computed
 * from records (docs/api.md, "The 3K's"):
 *
 *   kwetsbaarheid  from the vulnerability report of the organisation
 *                  (store/vulnerability.h): single points of failure, outflow
 *                  within 5 years, the top 10 %'s share, Gini, overload, asked
 *                  levels nobody in the network holds;
 *   kwaliteit      allocated minutes on its assignments by people at or above
 *                  the asked level, lessons learned on its assignments (per
 *                  category), completed assignments finished on time (no
 *                  approved hours after the end date);
 *   kosten         hours brought and taken (posted), the balance, money
 *                  deposited, the hours taken valued at the network rate, and
 *                  the external hire avoided on its assignments up to the day
 *                  (store/external_hire.h, the adviesrapportage's method)
 *                  valued at the external rate against the network rate.
 *
 * Reads only, in the caller's read transaction. No personal data: counts.
 */
#ifndef NB_STORE_THREE_K_H
#define NB_STORE_THREE_K_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

/* Lesson categories, in the order of nb_3k.lessons_by_category. */
#define NB_3K_CATEGORIES 4
extern const char *const nb_3k_categories[NB_3K_CATEGORIES + 1];

typedef struct nb_3k {
    int64_t organisation_id;
    char code[24], name[128];
    /* kwetsbaarheid */
    int64_t people, singles, leaving5, uncovered, overloaded;
    double top10, gini;
    /* kwaliteit */
    int64_t alloc_minutes, alloc_at_level_minutes;
    int64_t lessons, lessons_by_category[NB_3K_CATEGORIES];
    int64_t completed, completed_on_time;
    /* kosten */
    int64_t brought_minutes, taken_minutes, balance_minutes;
    int64_t deposited_cents, deposited_minutes;
    int64_t hour_rate_cents;     /* the network rate */
    int64_t taken_value_cents;   /* taken_minutes × rate / 60, rounded half up */
    int64_t external_rate_cents; /* the setting; 0: not set */
    int64_t xhire_minutes;       /* external hire avoided on its assignments */
    int64_t xhire_value_cents;   /* nb_xhire_value_cents; meaningful when both rates > 0 */
} nb_3k;

/* Plain Dutch (B1) explanations of each K's figures, for the API and the page. */
extern const char nb_3k_text_kwetsbaarheid[], nb_3k_text_kwaliteit[], nb_3k_text_kosten[];

/*
 * Computes the overview of organisation org on day today into *out.
 * Returns 0, NB_ENOTFOUND (no such organisation), NB_ENOMEM or the store's
 * code.
 */
NB_MUST_USE int nb_3k_load(nb_store *st, int64_t org, int32_t today, nb_3k *out, nb_err *err);

#endif
