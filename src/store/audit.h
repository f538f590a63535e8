/*
 * store/audit.h — reading the audit log (writing is nb_store_audit).
 *
 * The log is append-only: triggers of migration 005 refuse UPDATE and DELETE.
 */
#ifndef NB_STORE_AUDIT_H
#define NB_STORE_AUDIT_H

#include "util/attr.h"

#include "store/store.h"

#include <stdint.h>

typedef struct nb_audit_row {
    int64_t id;
    char at[21];
    char actor[64];
    char role[16];
    char remote[64];
    char action[32];
    char entity[32];
    int64_t entity_id; /* 0 when the change has no single record */
    char detail[2048]; /* JSON text as written; cut at 2047 bytes */
} nb_audit_row;

typedef struct nb_audit_filter {
    const char *entity; /* NULL = any */
    int64_t entity_id;  /* 0 = any */
    const char *actor;  /* "rol:label" (or a bare label: any role); NULL = any */
    const char *from;   /* "YYYY-MM-DD", a day in Europe/Amsterdam, inclusive; NULL = open */
    const char *to;     /* "YYYY-MM-DD", a day in Europe/Amsterdam, inclusive; NULL = open */
    nb_sort sort;       /* over nb_audit_sort_fields; n = 0: newest first (id descending) */
} nb_audit_filter;

/* The fields the audit log can be sorted on (API names), NULL-terminated. */
extern const nb_sort_field nb_audit_sort_fields[];

/*
 * Calls fn for each matching entry, newest first, skipping offset and at
 * most limit rows; *total receives the number of matches. fn's non-zero
 * return stops the walk and is returned.
 */
NB_MUST_USE int nb_audit_list(nb_store *st, const nb_audit_filter *filter, int64_t offset,
                              int64_t limit, int (*fn)(void *ctx, const nb_audit_row *row),
                              void *ctx, int64_t *total, nb_err *err);

#endif
