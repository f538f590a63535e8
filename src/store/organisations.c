/*
 * store/organisations.c — SQL for member organisations; see organisations.h.
 */
#include "store/organisations.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_ORG_COLUMNS                                                               \
    "id, code, kind, name, inhabitants, area_hundredths, fte_hundredths, caseload, " \
    "fund_euros, fixed_share, credit_line_minutes, created_at, updated_at, revision"

static void nb_org_row(nb_db_stmt *s, void *out)
{
    nb_org *o = out;
    memset(o, 0, sizeof *o);
    o->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, o->code, sizeof o->code);
    nb_store_col_copy(s, 2, o->kind, sizeof o->kind);
    nb_store_col_copy(s, 3, o->name, sizeof o->name);
    o->inhabitants = nb_db_col_int(s, 4);
    o->area_hundredths = nb_db_col_int(s, 5);
    o->fte_hundredths = nb_db_col_int(s, 6);
    o->caseload = nb_db_col_int(s, 7);
    o->fund_euros = nb_db_col_int(s, 8);
    o->fixed_share = nb_db_col_int(s, 9);
    o->credit_line_minutes = nb_db_col_int(s, 10);
    nb_store_col_copy(s, 11, o->created_at, sizeof o->created_at);
    nb_store_col_copy(s, 12, o->updated_at, sizeof o->updated_at);
    o->revision = nb_db_col_int(s, 13);
}

static void nb_org_bind_fields(nb_store *st, nb_db_stmt *s, const nb_org *o)
{
    nb_store_bind_text(st, s, 1, o->code);
    nb_store_bind_text(st, s, 2, o->kind);
    nb_store_bind_text(st, s, 3, o->name);
    nb_store_bind_int(st, s, 4, o->inhabitants);
    nb_store_bind_int(st, s, 5, o->area_hundredths);
    nb_store_bind_int(st, s, 6, o->fte_hundredths);
    nb_store_bind_int(st, s, 7, o->caseload);
    nb_store_bind_int(st, s, 8, o->fund_euros);
    nb_store_bind_int(st, s, 9, o->fixed_share);
    nb_store_bind_int(st, s, 10, o->credit_line_minutes);
}

int nb_org_insert(nb_store *st, nb_org *o, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO organisations (code, kind, name, inhabitants, area_hundredths, "
        "fte_hundredths, caseload, fund_euros, fixed_share, credit_line_minutes, created_at, "
        "updated_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(o->created_at);
    memcpy(o->updated_at, o->created_at, sizeof o->updated_at);
    nb_org_bind_fields(st, s, o);
    nb_store_bind_text(st, s, 11, o->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een organisatie met code %s.", o->code);
    if (rc != 0)
        return rc;
    o->id = nb_store_last_id(st);
    o->revision = 1;
    return 0;
}

int nb_org_update(nb_store *st, nb_org *o, nb_err *err)
{
    static const char sql[] =
        "UPDATE organisations SET code = $1, kind = $2, name = $3, inhabitants = $4, "
        "area_hundredths = $5, fte_hundredths = $6, caseload = $7, fund_euros = $8, "
        "fixed_share = $9, credit_line_minutes = $10, updated_at = $11, revision = revision + 1 "
        "WHERE id = $12";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_org_bind_fields(st, s, o);
    nb_store_bind_text(st, s, 11, now);
    nb_store_bind_int(st, s, 12, o->id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een organisatie met code %s.", o->code);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Organisatie %lld bestaat niet.", (long long)o->id);
    return nb_org_get(st, o->id, o, err);
}

int nb_org_get(nb_store *st, int64_t id, nb_org *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_ORG_COLUMNS " FROM organisations WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_org_row, out, "Organisatie", err);
    return rc;
}

#define NB_ORG_WHERE                                                  \
    " WHERE (kind = $1 OR $1 IS NULL) AND (code = $2 OR $2 IS NULL) " \
    "AND (instr(lower(name), lower($3)) > 0 OR $3 IS NULL)"

static void nb_org_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_org_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->kind : NULL);
    nb_store_bind_text(st, s, 2, f ? f->code : NULL);
    nb_store_bind_text(st, s, 3, f ? f->name_like : NULL);
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_org_each_ctx {
    int (*fn)(void *ctx, const nb_org *rec);
    void *ctx;
} nb_org_each_ctx;

static int nb_org_each(void *c, nb_db_stmt *row)
{
    nb_org_each_ctx *e = c;
    nb_org rec;
    nb_org_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_org_sort_fields[] = {
    {"id", "id"},
    {"code", "code"},
    {"naam", "name COLLATE NOCASE"},
    {"soort", "kind"},
    {"inwoners", "inhabitants"},
    {"kredietlijnMinuten", "credit_line_minutes"},
    {NULL, NULL},
};

#define NB_ORG_LIST_HEAD "SELECT " NB_ORG_COLUMNS " FROM organisations" NB_ORG_WHERE

int nb_org_list(nb_store *st, const nb_org_filter *filter, int64_t offset, int64_t limit,
                int (*fn)(void *ctx, const nb_org *o), void *ctx, int64_t *total, nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM organisations" NB_ORG_WHERE;
    static const char list_sql[] = NB_ORG_LIST_HEAD " ORDER BY id LIMIT $4 OFFSET $5";
    static const nb_store_order order = {NB_ORG_LIST_HEAD, nb_org_sort_fields, "id"};
    nb_org_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, filter ? &filter->sort : NULL,
                                nb_org_bind_filter, filter, 4, offset, limit, nb_org_each, &e,
                                total, "organisations", err);
}
