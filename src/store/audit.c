/*
 * store/audit.c — reading the audit log; see audit.h.
 */
#include "store/audit.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_AUDIT_WHERE                                                       \
    " WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR entity_id = $2) " \
    "AND ($3 IS NULL OR role || ':' || actor = $3 OR actor = $3) "           \
    "AND ($4 IS NULL OR at >= $4) "                                          \
    "AND ($5 IS NULL OR at < $5)"

static void nb_audit_bind_filter(nb_store *st, sqlite3_stmt *s, const void *filter)
{
    const nb_audit_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->entity : NULL);
    nb_store_bind_opt_id(st, s, 2, f ? f->entity_id : 0);
    nb_store_bind_text(st, s, 3, f ? f->actor : NULL);
    char from[21], to[21];
    nb_store_bind_text(st, s, 4, f ? nb_time_day_start_iso(f->from, 0, from) : NULL);
    nb_store_bind_text(st, s, 5, f ? nb_time_day_start_iso(f->to, 1, to) : NULL);
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_audit_each_ctx {
    int (*fn)(void *ctx, const nb_audit_row *row);
    void *ctx;
} nb_audit_each_ctx;

static int nb_audit_each(void *c, sqlite3_stmt *s)
{
    nb_audit_each_ctx *e = c;
    nb_audit_row row;
    memset(&row, 0, sizeof row);
    row.id = sqlite3_column_int64(s, 0);
    snprintf(row.at, sizeof row.at, "%s", nb_store_col_text(s, 1));
    snprintf(row.actor, sizeof row.actor, "%s", nb_store_col_text(s, 2));
    snprintf(row.role, sizeof row.role, "%s", nb_store_col_text(s, 3));
    snprintf(row.remote, sizeof row.remote, "%s", nb_store_col_text(s, 4));
    snprintf(row.action, sizeof row.action, "%s", nb_store_col_text(s, 5));
    snprintf(row.entity, sizeof row.entity, "%s", nb_store_col_text(s, 6));
    row.entity_id = sqlite3_column_int64(s, 7);
    snprintf(row.detail, sizeof row.detail, "%s", nb_store_col_text(s, 8));
    return e->fn(e->ctx, &row);
}

const nb_sort_field nb_audit_sort_fields[] = {
    {"id", "id"},        {"tijdstip", "at"},     {"actor", "role || ':' || actor"},
    {"actie", "action"}, {"entiteit", "entity"}, {NULL, NULL},
};

#define NB_AUDIT_LIST_HEAD                                                                \
    "SELECT id, at, actor, role, remote, action, entity, COALESCE(entity_id, 0), detail " \
    "FROM audit_log" NB_AUDIT_WHERE

int nb_audit_list(nb_store *st, const nb_audit_filter *filter, int64_t offset, int64_t limit,
                  int (*fn)(void *ctx, const nb_audit_row *row), void *ctx, int64_t *total,
                  nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM audit_log" NB_AUDIT_WHERE;
    static const char list_sql[] = NB_AUDIT_LIST_HEAD " ORDER BY id DESC LIMIT $6 OFFSET $7";
    static const nb_store_order order = {NB_AUDIT_LIST_HEAD, nb_audit_sort_fields, "id"};
    nb_audit_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, filter ? &filter->sort : NULL,
                                nb_audit_bind_filter, filter, 6, offset, limit, nb_audit_each, &e,
                                total, "audit log", err);
}
