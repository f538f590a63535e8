/*
 * store/organisations.h — member organisations of the network.
 *
 * Figures that allocation keys need are integers: area and formation in
 * hundredths (km² × 100, fte × 100), the municipal fund in whole euros, the
 * credit line in minutes.
 */
#ifndef NB_STORE_ORGANISATIONS_H
#define NB_STORE_ORGANISATIONS_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

typedef struct nb_org {
    int64_t id;
    char code[24];
    char kind[16]; /* gemeente, pool, partner */
    char name[128];
    int64_t inhabitants;
    int64_t area_hundredths;
    int64_t fte_hundredths;
    int64_t caseload;
    int64_t fund_euros;
    int64_t fixed_share;
    int64_t credit_line_minutes;
    char created_at[21];
    char updated_at[21];
    int64_t revision;
} nb_org;

typedef struct nb_org_filter {
    const char *kind;      /* NULL = any */
    const char *code;      /* NULL = any */
    const char *name_like; /* substring, NULL = any */
    nb_sort sort;          /* over nb_org_sort_fields; n = 0: by id */
} nb_org_filter;

/* The fields a list of organisations can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_org_sort_fields[];

/* Inserts o (id, timestamps and revision are set on success). NB_ECONFLICT on a duplicate code. */
NB_MUST_USE int nb_org_insert(nb_store *st, nb_org *o, nb_err *err);

/* Replaces the editable fields of organisation o->id; bumps revision. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_org_update(nb_store *st, nb_org *o, nb_err *err);

/* Loads organisation id into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_org_get(nb_store *st, int64_t id, nb_org *out, nb_err *err);

/*
 * Calls fn for each organisation matching filter, in filter->sort's order (id
 * last), skipping
 * offset and at most limit rows (limit < 0: all). *total receives the number
 * of matches. fn returning non-zero stops the walk and is returned.
 */
NB_MUST_USE int nb_org_list(nb_store *st, const nb_org_filter *filter, int64_t offset,
                            int64_t limit, int (*fn)(void *ctx, const nb_org *o), void *ctx,
                            int64_t *total, nb_err *err);

#endif
