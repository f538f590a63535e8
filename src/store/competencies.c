/*
 * store/competencies.c — SQL for the competency catalogue; see competencies.h.
 */
#include "store/competencies.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

const char *const nb_comp_domains[] = {
    "sociaal", "fysiek", "bedrijfsvoering", "dienstverlening", "veiligheid", "bestuur-en-strategie",
    NULL};

#define NB_COMP_COLUMNS "id, code, name, domain, description, created_at, updated_at, revision"

static void nb_comp_row(nb_db_stmt *s, void *out)
{
    nb_comp *c = out;
    memset(c, 0, sizeof *c);
    c->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, c->code, sizeof c->code);
    nb_store_col_copy(s, 2, c->name, sizeof c->name);
    nb_store_col_copy(s, 3, c->domain, sizeof c->domain);
    nb_store_col_copy(s, 4, c->description, sizeof c->description);
    nb_store_col_copy(s, 5, c->created_at, sizeof c->created_at);
    nb_store_col_copy(s, 6, c->updated_at, sizeof c->updated_at);
    c->revision = nb_db_col_int(s, 7);
}

static void nb_comp_bind_fields(nb_store *st, nb_db_stmt *s, const nb_comp *c)
{
    nb_store_bind_text(st, s, 1, c->code);
    nb_store_bind_text(st, s, 2, c->name);
    nb_store_bind_text(st, s, 3, c->domain);
    nb_store_bind_text(st, s, 4, c->description);
}

int nb_comp_insert(nb_store *st, nb_comp *c, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO competencies (code, name, domain, description, created_at, updated_at, "
        "revision) VALUES ($1, $2, $3, $4, $5, $5, 1)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(c->created_at);
    memcpy(c->updated_at, c->created_at, sizeof c->updated_at);
    nb_comp_bind_fields(st, s, c);
    nb_store_bind_text(st, s, 5, c->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een competentie met code %s.", c->code);
    if (rc != 0)
        return rc;
    c->id = nb_store_last_id(st);
    c->revision = 1;
    return 0;
}

int nb_comp_update(nb_store *st, nb_comp *c, nb_err *err)
{
    static const char sql[] =
        "UPDATE competencies SET code = $1, name = $2, domain = $3, description = $4, "
        "updated_at = $5, revision = revision + 1 WHERE id = $6";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_comp_bind_fields(st, s, c);
    nb_store_bind_text(st, s, 5, now);
    nb_store_bind_int(st, s, 6, c->id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een competentie met code %s.", c->code);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Competentie %lld bestaat niet.", (long long)c->id);
    return nb_comp_get(st, c->id, c, err);
}

int nb_comp_get(nb_store *st, int64_t id, nb_comp *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_COMP_COLUMNS " FROM competencies WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_comp_row, out, "Competentie", err);
    return rc;
}

int nb_comp_exists(nb_store *st, int64_t id, nb_err *err)
{
    static const char sql[] = "SELECT 1 FROM competencies WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = r == NB_DB_ROW ? 1 : r == NB_DB_DONE ? 0 : nb_store_fail(st, err, "competency");
    nb_db_reset(s);
    return rc;
}

#define NB_COMP_WHERE                                                   \
    " WHERE (domain = $1 OR $1 IS NULL) AND (code = $2 OR $2 IS NULL) " \
    "AND (instr(lower(name), lower($3)) > 0 OR instr(lower(code), lower($3)) > 0 OR $3 IS NULL)"

static void nb_comp_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_comp_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->domain : NULL);
    nb_store_bind_text(st, s, 2, f ? f->code : NULL);
    nb_store_bind_text(st, s, 3, f ? f->search : NULL);
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_comp_each_ctx {
    int (*fn)(void *ctx, const nb_comp *rec);
    void *ctx;
} nb_comp_each_ctx;

static int nb_comp_each(void *c, nb_db_stmt *row)
{
    nb_comp_each_ctx *e = c;
    nb_comp rec;
    nb_comp_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_comp_sort_fields[] = {
    {"id", "id"},         {"code", "code"}, {"naam", "name COLLATE NOCASE"},
    {"domein", "domain"}, {NULL, NULL},
};

#define NB_COMP_LIST_HEAD "SELECT " NB_COMP_COLUMNS " FROM competencies" NB_COMP_WHERE

int nb_comp_list(nb_store *st, const nb_comp_filter *filter, int64_t offset, int64_t limit,
                 int (*fn)(void *ctx, const nb_comp *c), void *ctx, int64_t *total, nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM competencies" NB_COMP_WHERE;
    static const char list_sql[] = NB_COMP_LIST_HEAD " ORDER BY id LIMIT $4 OFFSET $5";
    static const nb_store_order order = {NB_COMP_LIST_HEAD, nb_comp_sort_fields, "id"};
    nb_comp_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, filter ? &filter->sort : NULL,
                                nb_comp_bind_filter, filter, 4, offset, limit, nb_comp_each, &e,
                                total, "competencies", err);
}
