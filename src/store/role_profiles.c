/*
 * store/role_profiles.c — SQL for role profiles and their lines; see role_profiles.h.
 */
#include "store/role_profiles.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_PROFILE_COLUMNS "id, name, description, created_at, updated_at, revision"

static void nb_profile_row(nb_db_stmt *s, void *out)
{
    nb_profile *p = out;
    memset(p, 0, sizeof *p);
    p->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, p->name, sizeof p->name);
    nb_store_col_copy(s, 2, p->description, sizeof p->description);
    nb_store_col_copy(s, 3, p->created_at, sizeof p->created_at);
    nb_store_col_copy(s, 4, p->updated_at, sizeof p->updated_at);
    p->revision = nb_db_col_int(s, 5);
}

/* Loads the lines of p->id into p. */
static int nb_profile_load_lines(nb_store *st, nb_profile *p, nb_err *err)
{
    static const char sql[] =
        "SELECT competency_id, weight FROM role_profile_competencies WHERE role_profile_id = $1 "
        "ORDER BY competency_id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    int r, rc = 0;
    p->nlines = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (p->nlines == NB_PROFILE_MAX_LINES)
            continue; /* cannot happen: writes are capped at the same maximum */
        p->lines[p->nlines].competency_id = nb_db_col_int(s, 0);
        p->lines[p->nlines].weight = nb_db_col_int(s, 1);
        p->nlines++;
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "role profile lines");
    nb_db_reset(s);
    return rc;
}

/* Deletes and re-inserts the lines of p->id (replace-on-PUT). */
static int nb_profile_write_lines(nb_store *st, const nb_profile *p, nb_err *err)
{
    static const char del_sql[] =
        "DELETE FROM role_profile_competencies WHERE role_profile_id = $1";
    static const char ins_sql[] =
        "INSERT INTO role_profile_competencies (role_profile_id, competency_id, weight) "
        "VALUES ($1, $2, $3)";
    if (p->nlines > NB_PROFILE_MAX_LINES)
        return nb_err_set(err, NB_EINVAL, "Een rolprofiel heeft hoogstens %d competenties.",
                          NB_PROFILE_MAX_LINES);
    nb_db_stmt *s = nb_store_stmt(st, del_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    int rc = nb_store_exec_stmt(st, s, err);
    for (size_t i = 0; rc == 0 && i < p->nlines; i++) {
        if ((s = nb_store_stmt(st, ins_sql, err)) == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, p->id);
        nb_store_bind_int(st, s, 2, p->lines[i].competency_id);
        nb_store_bind_int(st, s, 3, p->lines[i].weight);
        rc = nb_store_exec_stmt(st, s, err);
    }
    return rc;
}

int nb_profile_insert(nb_store *st, nb_profile *p, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO role_profiles (name, description, created_at, updated_at, revision) "
        "VALUES ($1, $2, $3, $3, 1)";
    if (p->nlines > NB_PROFILE_MAX_LINES)
        return nb_err_set(err, NB_EINVAL, "Een rolprofiel heeft hoogstens %d competenties.",
                          NB_PROFILE_MAX_LINES);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    nb_store_bind_text(st, s, 1, p->name);
    nb_store_bind_text(st, s, 2, p->description);
    nb_store_bind_text(st, s, 3, p->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een rolprofiel met de naam '%s'.",
                          p->name);
    if (rc != 0)
        return rc;
    p->id = nb_store_last_id(st);
    p->revision = 1;
    return nb_profile_write_lines(st, p, err);
}

int nb_profile_update(nb_store *st, nb_profile *p, nb_err *err)
{
    static const char sql[] =
        "UPDATE role_profiles SET name = $1, description = $2, updated_at = $3, "
        "revision = revision + 1 WHERE id = $4";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_store_bind_text(st, s, 1, p->name);
    nb_store_bind_text(st, s, 2, p->description);
    nb_store_bind_text(st, s, 3, now);
    nb_store_bind_int(st, s, 4, p->id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "Er bestaat al een rolprofiel met de naam '%s'.",
                          p->name);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Rolprofiel %lld bestaat niet.", (long long)p->id);
    if ((rc = nb_profile_write_lines(st, p, err)) != 0)
        return rc;
    return nb_profile_get(st, p->id, p, err);
}

int nb_profile_get(nb_store *st, int64_t id, nb_profile *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_PROFILE_COLUMNS " FROM role_profiles WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_profile_row, out, "Rolprofiel", err);
    if (rc == 0)
        rc = nb_profile_load_lines(st, out, err);
    return rc;
}

#define NB_PROFILE_WHERE                                        \
    " WHERE (instr(lower(name), lower($1)) > 0 OR $1 IS NULL) " \
    "AND (EXISTS (SELECT 1 FROM role_profile_competencies l "   \
    "WHERE l.role_profile_id = role_profiles.id AND l.competency_id = $2) OR $2 IS NULL)"

static void nb_profile_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_profile_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->search : NULL);
    if (f && f->competency_id > 0)
        nb_store_bind_int(st, s, 2, f->competency_id);
    else
        nb_store_bind_null(st, s, 2);
}

/* Decodes one listed row (with its child lists) and hands it to the caller. */
typedef struct nb_profile_each_ctx {
    nb_store *st;
    int (*fn)(void *ctx, const nb_profile *rec);
    void *ctx;
    nb_err *err;
} nb_profile_each_ctx;

static int nb_profile_each(void *c, nb_db_stmt *row)
{
    nb_profile_each_ctx *e = c;
    nb_profile rec;
    nb_profile_row(row, &rec);
    int rc = nb_profile_load_lines(e->st, &rec, e->err);
    return rc != 0 ? rc : e->fn(e->ctx, &rec);
}

const nb_sort_field nb_profile_sort_fields[] = {
    {"id", "id"},
    {"naam", "name COLLATE NOCASE"},
    {NULL, NULL},
};

#define NB_PROFILE_LIST_HEAD "SELECT " NB_PROFILE_COLUMNS " FROM role_profiles" NB_PROFILE_WHERE

int nb_profile_list(nb_store *st, const nb_profile_filter *filter, int64_t offset, int64_t limit,
                    int (*fn)(void *ctx, const nb_profile *p), void *ctx, int64_t *total,
                    nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM role_profiles" NB_PROFILE_WHERE;
    static const char list_sql[] = NB_PROFILE_LIST_HEAD " ORDER BY id LIMIT $3 OFFSET $4";
    static const nb_store_order order = {NB_PROFILE_LIST_HEAD, nb_profile_sort_fields, "id"};
    nb_profile_each_ctx e = {st, fn, ctx, err};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, filter ? &filter->sort : NULL,
                                nb_profile_bind_filter, filter, 3, offset, limit, nb_profile_each,
                                &e, total, "role profiles", err);
}
