/*
 * store/role_profiles.h — role profiles: named sets of weighted competencies.
 *
 * A role profile (e.g. one of Lochem's four government roles) lists the
 * competencies it needs, each with a weight 1–100. The lines are part of the
 * profile: insert and update write them, and update replaces them all
 * (replace-on-PUT) inside the caller's transaction.
 */
#ifndef NB_STORE_ROLE_PROFILES_H
#define NB_STORE_ROLE_PROFILES_H

#include "util/attr.h"

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_PROFILE_NAME_MAX 120 /* code points */
#define NB_PROFILE_DESC_MAX 2000
#define NB_PROFILE_MAX_LINES 64

typedef struct nb_profile_line {
    int64_t competency_id;
    int64_t weight; /* 1..100 */
} nb_profile_line;

typedef struct nb_profile {
    int64_t id;
    char name[NB_PROFILE_NAME_MAX * 4 + 1];
    char description[NB_PROFILE_DESC_MAX * 4 + 1];
    nb_profile_line lines[NB_PROFILE_MAX_LINES]; /* ordered by competency id when loaded */
    size_t nlines;
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_profile;

typedef struct nb_profile_filter {
    const char *search;    /* substring of the name (case-insensitive), NULL = any */
    int64_t competency_id; /* only profiles containing it, 0 = any */
    nb_sort sort;          /* over nb_profile_sort_fields; n = 0: by id */
} nb_profile_filter;

/* The fields a list of role profiles can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_profile_sort_fields[];

/*
 * Inserts p with its lines (the caller checked that the competencies exist
 * and are not repeated; call inside a write transaction). Sets id,
 * timestamps and revision. NB_ECONFLICT on a duplicate name, NB_EINVAL when
 * nlines exceeds NB_PROFILE_MAX_LINES.
 */
NB_MUST_USE int nb_profile_insert(nb_store *st, nb_profile *p, nb_err *err);

/*
 * Replaces name, description and all lines of profile p->id, bumps the
 * revision and reloads p. NB_ENOTFOUND if absent, NB_ECONFLICT on a duplicate
 * name.
 */
NB_MUST_USE int nb_profile_update(nb_store *st, nb_profile *p, nb_err *err);

/* Loads profile id with its lines into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_profile_get(nb_store *st, int64_t id, nb_profile *out, nb_err *err);

/*
 * Calls fn for each profile (with lines) matching filter (NULL = all),
 * ordered by id, skipping offset and at most limit rows (limit < 0: all).
 * *total (if non-NULL) receives the number of matches. fn returning non-zero
 * stops the walk and is returned. The nb_profile is valid during the call only.
 */
NB_MUST_USE int nb_profile_list(nb_store *st, const nb_profile_filter *filter, int64_t offset,
                                int64_t limit, int (*fn)(void *ctx, const nb_profile *p), void *ctx,
                                int64_t *total, nb_err *err);

#endif
