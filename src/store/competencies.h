/*
 * store/competencies.h — the network's competency catalogue.
 *
 * A competency has a unique code (e.g. "SOC-JEUGD"), a name, one of six
 * domains (sociaal, fysiek, bedrijfsvoering, dienstverlening, veiligheid,
 * bestuur-en-strategie) and a free description. Competencies are never
 * deleted: people, role profiles and assignment lines refer to them.
 *
 * Text buffers are sized in bytes for the API's limits in code points
 * (4 bytes per code point + NUL), so valid input is never truncated.
 */
#ifndef NB_STORE_COMPETENCIES_H
#define NB_STORE_COMPETENCIES_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

#define NB_COMP_CODE_MAX 32 /* code points */
#define NB_COMP_NAME_MAX 120
#define NB_COMP_DESC_MAX 2000

typedef struct nb_comp {
    int64_t id;
    char code[NB_COMP_CODE_MAX * 4 + 1];
    char name[NB_COMP_NAME_MAX * 4 + 1];
    char domain[24]; /* one of the six domains */
    char description[NB_COMP_DESC_MAX * 4 + 1];
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_comp;

typedef struct nb_comp_filter {
    const char *domain; /* NULL = any */
    const char *code;   /* exact code, NULL = any */
    const char *search; /* substring of name or code (case-insensitive), NULL = any */
    nb_sort sort;       /* over nb_comp_sort_fields; n = 0: by id */
} nb_comp_filter;

/* The fields a list of competencies can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_comp_sort_fields[];

/* The six domains, NULL-terminated (static storage). */
extern const char *const nb_comp_domains[];

/* Inserts c (id, timestamps and revision are set on success). NB_ECONFLICT on a duplicate code. */
NB_MUST_USE int nb_comp_insert(nb_store *st, nb_comp *c, nb_err *err);

/*
 * Replaces code, name, domain and description of competency c->id, bumps the
 * revision and reloads c. NB_ENOTFOUND if absent, NB_ECONFLICT on a duplicate code.
 */
NB_MUST_USE int nb_comp_update(nb_store *st, nb_comp *c, nb_err *err);

/* Loads competency id into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_comp_get(nb_store *st, int64_t id, nb_comp *out, nb_err *err);

/* 1 when competency id exists, 0 when not, a negative code on a database error. */
NB_MUST_USE int nb_comp_exists(nb_store *st, int64_t id, nb_err *err);

/*
 * Calls fn for each competency matching filter (NULL = all), ordered by id,
 * skipping offset and at most limit rows (limit < 0: all). *total (if
 * non-NULL) receives the number of matches. fn returning non-zero stops the
 * walk and is returned. The nb_comp passed to fn is valid during the call only.
 */
NB_MUST_USE int nb_comp_list(nb_store *st, const nb_comp_filter *filter, int64_t offset,
                             int64_t limit, int (*fn)(void *ctx, const nb_comp *c), void *ctx,
                             int64_t *total, nb_err *err);

#endif
