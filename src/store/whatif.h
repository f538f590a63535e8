/*
 * store/whatif.h — loads the work stock for the what-if of core/whatif.h
 * ("wat als deze medewerkers vertrekken") and runs it, with the labels a
 * page or the API needs (assignment titles, competency codes and names,
 * organisation and person names). Reads only: nothing is saved, no proposal
 * is stored; runs inside the caller's read transaction.
 */
#ifndef NB_STORE_WHATIF_H
#define NB_STORE_WHATIF_H

#include "util/attr.h"

#include "core/whatif.h"
#include "store/store.h"
#include "store/team_loader.h"

#include <stddef.h>
#include <stdint.h>

/* At most this many people in one what-if. */
#define NB_WHATIF_MAX_PEOPLE 20

/* A label of a record: id, code ("" when none) and name (owned). */
typedef struct nb_whatif_label {
    int64_t id;
    char *code, *name;
} nb_whatif_label;

typedef struct nb_whatif_report {
    nb_team_load load;       /* the work stock (people, lines, organisations) */
    nb_whatif_alloc *allocs; /* the leavers' open allocations on work-stock lines */
    size_t nallocs;
    nb_whatif_result res;
    nb_whatif_label *asgs; /* the assignments named in res (sorted by id) */
    size_t nasgs;
    nb_whatif_label *comps; /* the competencies named in res (sorted by id) */
    size_t ncomps;
    char period_start[11], period_end[11]; /* the work stock's period ("" when empty) */
} nb_whatif_report;

/*
 * Runs the what-if for the people ids[0..n) (1 <= n <= NB_WHATIF_MAX_PEOPLE;
 * duplicates allowed) on day today: the work stock is every assignment with
 * status geaccepteerd, bemenst or in-uitvoering (store/team_loader.h
 * nb_team_load_work, from today), the teaming engine's default
 * configuration; the leavers' open allocations (concept or bevestigd: the
 * minutes not yet posted) on lines of that stock become demand again. opts
 * may be NULL (warm). On success *out is the caller's (nb_whatif_report_free;
 * also safe after a failure). Returns 0, NB_EINVAL (no ids or too many),
 * NB_ENOTFOUND (an id is no active person; err names it), NB_ENOMEM or the
 * store's code.
 */
NB_MUST_USE int nb_whatif_report_run(nb_store *st, int32_t today, const int64_t *ids, size_t n,
                                     const nb_whatif_opts *opts, nb_whatif_report *out,
                                     nb_err *err);

void nb_whatif_report_free(nb_whatif_report *r);

/* The label of id in l[0..n) (sorted), or NULL. */
const nb_whatif_label *nb_whatif_label_find(const nb_whatif_label *l, size_t n, int64_t id);

/* The name of the organisation id among the loaded ones ("" when unknown; borrowed). */
const char *nb_whatif_org_name(const nb_whatif_report *r, int64_t id);

/* The home organisation of person id among the loaded people (0 when unknown). */
int64_t nb_whatif_person_org(const nb_whatif_report *r, int64_t id);

#endif
