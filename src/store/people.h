/*
 * store/people.h — the network's people (medewerkers).
 *
 * A person belongs to one home organisation and carries a salary scale,
 * contract minutes per week and the minutes per week available to the
 * network (never more than the contract). The personal fields — birth year,
 * expected exit date, competency levels and learning wishes — are stored
 * here like the rest; who may *see* them is decided in the API layer
 * (nb_api_person_visibility), never here.
 *
 * People are never deleted: they are deactivated (active = 0). The
 * competency and learning-wish lists are part of the person: insert and
 * update write them, update replaces them all (replace-on-PUT) inside the
 * caller's transaction.
 */
#ifndef NB_STORE_PEOPLE_H
#define NB_STORE_PEOPLE_H

#include "util/attr.h"

#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define NB_PERSON_NAME_MAX 120 /* code points */
#define NB_PERSON_EMAIL_MAX 254
#define NB_PERSON_TITLE_MAX 120
#define NB_PERSON_MAX_COMPS 64
#define NB_PERSON_MAX_WISHES 32
#define NB_PERSON_MAX_WEEK_MINUTES 2880 /* 48 hours */

typedef struct nb_person_comp {
    int64_t competency_id;
    int64_t level; /* 1..5 */
} nb_person_comp;

typedef struct nb_person {
    int64_t id;
    int64_t organisation_id;
    char name[NB_PERSON_NAME_MAX * 4 + 1];
    char email[NB_PERSON_EMAIL_MAX * 4 + 1];
    char job_title[NB_PERSON_TITLE_MAX * 4 + 1];
    int64_t scale;                             /* 1..18 */
    int64_t contract_minutes_week;             /* 0..2880 */
    int64_t network_minutes_week;              /* 0..contract_minutes_week */
    int64_t birth_year;                        /* 0 = unknown */
    char exit_date[11];                        /* YYYY-MM-DD, "" = none */
    int active;                                /* 1 or 0 */
    nb_person_comp comps[NB_PERSON_MAX_COMPS]; /* ordered by competency id when loaded */
    size_t ncomps;
    int64_t wishes[NB_PERSON_MAX_WISHES]; /* competency ids, ordered when loaded */
    size_t nwishes;
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_person;

typedef struct nb_person_filter {
    int64_t organisation_id; /* 0 = any */
    int64_t competency_id;   /* people holding this competency, 0 = any */
    int64_t min_level;       /* with competency_id: at least this level; 0 = any level */
    int active;              /* -1 = any, 0 = inactive only, 1 = active only */
    const char *name_like;   /* substring of the name (case-insensitive), NULL = any */
    nb_sort sort;            /* over nb_person_sort_fields; n = 0: by id */
    int64_t after_id;        /* keyset paging: only ids above this (0 = all) */
} nb_person_filter;

/* The fields a list of people can be sorted on (API names; no personal field, so that the
 * order cannot tell a caller what it may not see), NULL-terminated. */
extern const nb_sort_field nb_person_sort_fields[];

/* A filter that matches everybody. */
#define NB_PERSON_FILTER_ALL \
    {                        \
        .active = -1         \
    }

/*
 * Inserts p with its competencies and learning wishes (the caller checked the
 * organisation and competency references and the rules between fields; call
 * inside a write transaction). Sets id, timestamps and revision.
 * NB_ECONFLICT when another person has the same e-mail address (compared
 * case-insensitively), NB_EINVAL when a list exceeds its maximum.
 */
NB_MUST_USE int nb_person_insert(nb_store *st, nb_person *p, nb_err *err);

/*
 * Replaces every field and both lists of person p->id, bumps the revision
 * and reloads p. NB_ENOTFOUND if absent, NB_ECONFLICT on a duplicate e-mail.
 */
NB_MUST_USE int nb_person_update(nb_store *st, nb_person *p, nb_err *err);

/* Loads person id with both lists into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_person_get(nb_store *st, int64_t id, nb_person *out, nb_err *err);

/*
 * Calls fn for each person (with lists) matching filter (NULL = all),
 * ordered by id, skipping offset and at most limit rows (limit < 0: all).
 * *total (if non-NULL) receives the number of matches. fn returning non-zero
 * stops the walk and is returned. The nb_person is valid during the call only.
 */
NB_MUST_USE int nb_person_list(nb_store *st, const nb_person_filter *filter, int64_t offset,
                               int64_t limit, int (*fn)(void *ctx, const nb_person *p), void *ctx,
                               int64_t *total, nb_err *err);

/* One person found by nb_person_find (texts borrowed for the callback). */
typedef struct nb_person_match {
    int64_t id;
    int64_t organisation_id;
    const char *name;
    const char *org_name;
} nb_person_match;

/*
 * Finds active people for a person field: with number > 0 the active person
 * with that id (if any), else those whose name contains text
 * (case-insensitive for ASCII letters, as nb_person_filter.name_like).
 * Calls fn for at most limit of them — whole-name matches first, then by
 * name and id — and sets *total to how many match. fn returning non-zero
 * stops and is returned. Reads the people table once: no lists, no query
 * per person.
 */
NB_MUST_USE int nb_person_find(nb_store *st, const char *text, int64_t number, int64_t limit,
                               int (*fn)(void *ctx, const nb_person_match *m), void *ctx,
                               int64_t *total, nb_err *err);

#endif
