/*
 * store/audit.c — reading the audit log; see audit.h.
 */
#include "store/audit.h"

#include "util/buf.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static void nb_audit_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_audit_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->entity : NULL);
    nb_store_bind_opt_id(st, s, 2, f ? f->entity_id : 0);
    nb_store_bind_text(st, s, 3, f ? f->actor : NULL);
    char from[21], to[21];
    nb_store_bind_text(st, s, 4, f ? nb_time_day_start_iso(f->from, 0, from) : NULL);
    nb_store_bind_text(st, s, 5, f ? nb_time_day_start_iso(f->to, 1, to) : NULL);
}

/*
 * The WHERE of an audit listing for the filters in use (as nb_person_where):
 * a filter not in use is "$n IS NULL", so that audit_log_entity and
 * audit_log_at can serve the ones in use. $1 entity, $2 entity id, $3 actor,
 * $4/$5 the UTC bounds of the days.
 */
static void nb_audit_where(const nb_audit_filter *f, nb_buf *w)
{
    char day[21];
    nb_buf_printf(w, " WHERE %s AND %s AND %s AND %s AND %s",
                  f && f->entity ? "entity = $1" : "$1 IS NULL",
                  f && f->entity_id > 0 ? "entity_id = $2" : "$2 IS NULL",
                  f && f->actor ? "(role || ':' || actor = $3 OR actor = $3)" : "$3 IS NULL",
                  f && nb_time_day_start_iso(f->from, 0, day) ? "at >= $4" : "$4 IS NULL",
                  f && nb_time_day_start_iso(f->to, 1, day) ? "at < $5" : "$5 IS NULL");
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_audit_each_ctx {
    int (*fn)(void *ctx, const nb_audit_row *row);
    void *ctx;
} nb_audit_each_ctx;

static int nb_audit_each(void *c, nb_db_stmt *s)
{
    nb_audit_each_ctx *e = c;
    nb_audit_row row;
    memset(&row, 0, sizeof row);
    row.id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, row.at, sizeof row.at);
    nb_store_col_copy(s, 2, row.actor, sizeof row.actor);
    nb_store_col_copy(s, 3, row.role, sizeof row.role);
    nb_store_col_copy(s, 4, row.remote, sizeof row.remote);
    nb_store_col_copy(s, 5, row.action, sizeof row.action);
    nb_store_col_copy(s, 6, row.entity, sizeof row.entity);
    row.entity_id = nb_db_col_int(s, 7);
    nb_store_col_copy(s, 8, row.detail, sizeof row.detail);
    return e->fn(e->ctx, &row);
}

const nb_sort_field nb_audit_sort_fields[] = {
    {"id", "id"},        {"tijdstip", "at"},     {"actor", "role || ':' || actor"},
    {"actie", "action"}, {"entiteit", "entity"}, {NULL, NULL},
};

int nb_audit_list(nb_store *st, const nb_audit_filter *filter, int64_t offset, int64_t limit,
                  int (*fn)(void *ctx, const nb_audit_row *row), void *ctx, int64_t *total,
                  nb_err *err)
{
    static const nb_store_order order = {
        "SELECT id, at, actor, role, remote, action, entity, COALESCE(entity_id, 0), detail "
        "FROM audit_log",
        nb_audit_sort_fields, "id"};
    static const nb_sort newest_first = {1, {0}, {1}}; /* the default: id DESC */
    nb_audit_each_ctx e = {fn, ctx};
    const nb_sort *sort = filter && filter->sort.n > 0 ? &filter->sort : &newest_first;
    nb_buf where = NB_BUF_INIT;
    nb_audit_where(filter, &where);
    int rc = where.oom
                 ? nb_err_set(err, NB_ENOMEM, "out of memory")
                 : nb_store_page_where(st, "SELECT count(*) FROM audit_log", &order,
                                       nb_buf_cstr(&where), sort, nb_audit_bind_filter, filter, 6,
                                       offset, limit, nb_audit_each, &e, total, "audit log", err);
    nb_buf_free(&where);
    return rc;
}
