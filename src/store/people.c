/*
 * store/people.c — SQL for people, their competencies and learning wishes;
 * see people.h.
 */
#include "store/people.h"

#include "util/buf.h"

#include "util/date.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_PERSON_COLUMNS                                                              \
    "id, organisation_id, name, email, job_title, scale, contract_minutes_week, "      \
    "network_minutes_week, COALESCE(birth_year, 0), COALESCE(exit_date, ''), active, " \
    "created_at, updated_at, revision"

static void nb_person_row(nb_db_stmt *s, void *out)
{
    nb_person *p = out;
    memset(p, 0, sizeof *p);
    p->id = nb_db_col_int(s, 0);
    p->organisation_id = nb_db_col_int(s, 1);
    nb_store_col_copy(s, 2, p->name, sizeof p->name);
    nb_store_col_copy(s, 3, p->email, sizeof p->email);
    nb_store_col_copy(s, 4, p->job_title, sizeof p->job_title);
    p->scale = nb_db_col_int(s, 5);
    p->contract_minutes_week = nb_db_col_int(s, 6);
    p->network_minutes_week = nb_db_col_int(s, 7);
    p->birth_year = nb_db_col_int(s, 8);
    nb_store_col_copy(s, 9, p->exit_date, sizeof p->exit_date);
    p->active = nb_db_col_int(s, 10) != 0;
    nb_store_col_copy(s, 11, p->created_at, sizeof p->created_at);
    nb_store_col_copy(s, 12, p->updated_at, sizeof p->updated_at);
    p->revision = nb_db_col_int(s, 13);
}

/* Binds $1..$10: the editable columns in NB_PERSON_COLUMNS order. */
static void nb_person_bind_fields(nb_store *st, nb_db_stmt *s, const nb_person *p)
{
    nb_store_bind_int(st, s, 1, p->organisation_id);
    nb_store_bind_text(st, s, 2, p->name);
    nb_store_bind_text(st, s, 3, p->email);
    nb_store_bind_text(st, s, 4, p->job_title);
    nb_store_bind_int(st, s, 5, p->scale);
    nb_store_bind_int(st, s, 6, p->contract_minutes_week);
    nb_store_bind_int(st, s, 7, p->network_minutes_week);
    if (p->birth_year > 0)
        nb_store_bind_int(st, s, 8, p->birth_year);
    else
        nb_store_bind_null(st, s, 8);
    nb_store_bind_text(st, s, 9, p->exit_date[0] ? p->exit_date : NULL);
    nb_store_bind_int(st, s, 10, p->active ? 1 : 0);
}

/* NB_ECONFLICT when a person other than p->id already uses p->email (any case). */
static int nb_person_email_free(nb_store *st, const nb_person *p, nb_err *err)
{
    static const char sql[] = "SELECT id FROM people WHERE lower(email) = lower($1) AND id <> $2";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, p->email);
    nb_store_bind_int(st, s, 2, p->id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        rc = nb_err_set(err, NB_ECONFLICT,
                        "Het e-mailadres %s is al in gebruik bij medewerker %lld.", p->email,
                        (long long)nb_db_col_int(s, 0));
    else if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "people");
    nb_db_reset(s);
    return rc;
}

static int nb_person_check_lists(const nb_person *p, nb_err *err)
{
    if (p->ncomps > NB_PERSON_MAX_COMPS)
        return nb_err_set(err, NB_EINVAL, "Een medewerker heeft hoogstens %d competenties.",
                          NB_PERSON_MAX_COMPS);
    if (p->nwishes > NB_PERSON_MAX_WISHES)
        return nb_err_set(err, NB_EINVAL, "Een medewerker heeft hoogstens %d leerwensen.",
                          NB_PERSON_MAX_WISHES);
    return 0;
}

/* Deletes and re-inserts both lists of p->id (replace-on-PUT). */
static int nb_person_write_lists(nb_store *st, const nb_person *p, nb_err *err)
{
    static const char del_comp[] = "DELETE FROM person_competencies WHERE person_id = $1";
    static const char del_wish[] = "DELETE FROM person_learning_wishes WHERE person_id = $1";
    static const char ins_comp[] =
        "INSERT INTO person_competencies (person_id, competency_id, level) VALUES ($1, $2, $3)";
    static const char ins_wish[] =
        "INSERT INTO person_learning_wishes (person_id, competency_id) VALUES ($1, $2)";
    nb_db_stmt *s;
    int rc = 0;
    if ((s = nb_store_stmt(st, del_comp, err)) == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    if ((s = nb_store_stmt(st, del_wish, err)) == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    for (size_t i = 0; i < p->ncomps; i++) {
        if ((s = nb_store_stmt(st, ins_comp, err)) == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, p->id);
        nb_store_bind_int(st, s, 2, p->comps[i].competency_id);
        nb_store_bind_int(st, s, 3, p->comps[i].level);
        if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
            return rc;
    }
    for (size_t i = 0; i < p->nwishes; i++) {
        if ((s = nb_store_stmt(st, ins_wish, err)) == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, p->id);
        nb_store_bind_int(st, s, 2, p->wishes[i]);
        if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
            return rc;
    }
    return 0;
}

/* Loads both lists of p->id into p. */
static int nb_person_load_lists(nb_store *st, nb_person *p, nb_err *err)
{
    static const char comp_sql[] =
        "SELECT competency_id, level FROM person_competencies WHERE person_id = $1 "
        "ORDER BY competency_id";
    static const char wish_sql[] =
        "SELECT competency_id FROM person_learning_wishes WHERE person_id = $1 "
        "ORDER BY competency_id";
    int r, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, comp_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    p->ncomps = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (p->ncomps == NB_PERSON_MAX_COMPS)
            continue; /* cannot happen: writes are capped at the same maximum */
        p->comps[p->ncomps].competency_id = nb_db_col_int(s, 0);
        p->comps[p->ncomps].level = nb_db_col_int(s, 1);
        p->ncomps++;
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "person competencies");
    nb_db_reset(s);
    if (rc != 0)
        return rc;
    if ((s = nb_store_stmt(st, wish_sql, err)) == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, p->id);
    p->nwishes = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (p->nwishes == NB_PERSON_MAX_WISHES)
            continue;
        p->wishes[p->nwishes++] = nb_db_col_int(s, 0);
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "person learning wishes");
    nb_db_reset(s);
    return rc;
}

int nb_person_insert(nb_store *st, nb_person *p, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO people (organisation_id, name, email, job_title, scale, "
        "contract_minutes_week, network_minutes_week, birth_year, exit_date, active, "
        "created_at, updated_at, revision) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1)";
    int rc;
    p->id = 0;
    if ((rc = nb_person_check_lists(p, err)) != 0 || (rc = nb_person_email_free(st, p, err)) != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    nb_person_bind_fields(st, s, p);
    nb_store_bind_text(st, s, 11, p->created_at);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    p->id = nb_store_last_id(st);
    p->revision = 1;
    return nb_person_write_lists(st, p, err);
}

int nb_person_update(nb_store *st, nb_person *p, nb_err *err)
{
    static const char sql[] =
        "UPDATE people SET organisation_id = $1, name = $2, email = $3, job_title = $4, "
        "scale = $5, contract_minutes_week = $6, network_minutes_week = $7, birth_year = $8, "
        "exit_date = $9, active = $10, updated_at = $11, revision = revision + 1 WHERE id = $12";
    int rc;
    if ((rc = nb_person_check_lists(p, err)) != 0 || (rc = nb_person_email_free(st, p, err)) != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_person_bind_fields(st, s, p);
    nb_store_bind_text(st, s, 11, now);
    nb_store_bind_int(st, s, 12, p->id);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Medewerker %lld bestaat niet.", (long long)p->id);
    if ((rc = nb_person_write_lists(st, p, err)) != 0)
        return rc;
    return nb_person_get(st, p->id, p, err);
}

int nb_person_get(nb_store *st, int64_t id, nb_person *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_PERSON_COLUMNS " FROM people WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_person_row, out, "Medewerker", err);
    if (rc == 0)
        rc = nb_person_load_lists(st, out, err);
    return rc;
}

/*
 * The WHERE of a person listing for the filters in use: a filter not in use
 * is "$n IS NULL" (bound NULL, so true) rather than "($n IS NULL OR ...)",
 * which would keep SQLite from using people_organisation and make count(*)
 * test every row (nb_store_page_where). Parameters: $1 organisation, $2/$3
 * competency and minimum level, $4 active, $5 text in the name.
 */
static void nb_person_where(const nb_person_filter *f, nb_buf *w)
{
    nb_person_filter all = NB_PERSON_FILTER_ALL;
    if (f == NULL)
        f = &all;
    nb_buf_printf(w, " WHERE %s AND %s AND %s AND %s AND id > $8",
                  f->organisation_id > 0 ? "organisation_id = $1" : "$1 IS NULL",
                  f->competency_id > 0
                      ? "EXISTS (SELECT 1 FROM person_competencies pc WHERE pc.person_id = "
                        "people.id AND pc.competency_id = $2 AND pc.level >= $3)"
                      : "$2 IS NULL AND $3 IS NOT NULL",
                  f->active == 0 || f->active == 1 ? "active = $4" : "$4 IS NULL",
                  f->name_like != NULL ? "instr(lower(name), lower($5)) > 0" : "$5 IS NULL");
}

static void nb_person_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_person_filter *f = filter;
    nb_person_filter all = NB_PERSON_FILTER_ALL;
    if (f == NULL)
        f = &all;
    nb_store_bind_opt_id(st, s, 1, f->organisation_id);
    nb_store_bind_opt_id(st, s, 2, f->competency_id);
    nb_store_bind_int(st, s, 3, f->min_level > 0 ? f->min_level : 0);
    if (f->active == 0 || f->active == 1)
        nb_store_bind_int(st, s, 4, f->active);
    else
        nb_store_bind_null(st, s, 4);
    nb_store_bind_text(st, s, 5, f->name_like);
    nb_store_bind_int(st, s, 8, f->after_id); /* $6, $7: limit and offset */
}

/* Decodes one listed row (with its child lists) and hands it to the caller. */
typedef struct nb_person_each_ctx {
    nb_store *st;
    int (*fn)(void *ctx, const nb_person *rec);
    void *ctx;
    nb_err *err;
} nb_person_each_ctx;

static int nb_person_each(void *c, nb_db_stmt *row)
{
    nb_person_each_ctx *e = c;
    nb_person rec;
    nb_person_row(row, &rec);
    int rc = nb_person_load_lists(e->st, &rec, e->err);
    return rc != 0 ? rc : e->fn(e->ctx, &rec);
}

const nb_sort_field nb_person_sort_fields[] = {
    {"id", "id"},
    {"naam", "name COLLATE NOCASE"},
    {"organisatieId", "organisation_id"},
    {"actief", "active"},
    {NULL, NULL},
};

/* A page of people decoded before their lists are loaded (nb_person_list). */
typedef struct nb_person_page {
    nb_person *v;
    size_t n, cap;
} nb_person_page;

static int nb_person_collect(void *c, nb_db_stmt *row)
{
    nb_person_page *pg = c;
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 16;
        nb_person *v = realloc(pg->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        pg->v = v;
        pg->cap = cap;
    }
    nb_person *p = &pg->v[pg->n++];
    nb_person_row(row, p);
    p->ncomps = 0;
    p->nwishes = 0;
    return 0;
}

/* The person of v[0..n) with id, looking from *hint on (rows come grouped by
 * person, in page order or not); NULL when none. */
static nb_person *nb_person_page_find(nb_person *v, size_t n, int64_t id, size_t *hint)
{
    long i = nb_store_row_find(v, n, sizeof *v, offsetof(nb_person, id), id, hint);
    return i < 0 ? NULL : &v[i];
}

/* Loads the competencies and learning wishes of the n people of v in two
 * queries (not two per person): the page's ids go in as one JSON array. */
static int nb_person_page_lists(nb_store *st, nb_person *v, size_t n, nb_err *err)
{
    static const char comp_sql[] =
        "SELECT person_id, competency_id, level FROM person_competencies "
        "WHERE person_id IN (SELECT value FROM json_each($1)) ORDER BY person_id, competency_id";
    static const char wish_sql[] =
        "SELECT person_id, competency_id FROM person_learning_wishes "
        "WHERE person_id IN (SELECT value FROM json_each($1)) ORDER BY person_id, competency_id";
    int rc = 0, r;
    size_t hint = 0;
    int64_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (ids == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        ids[i] = v[i].id;
    nb_db_stmt *s = nb_store_stmt(st, comp_sql, err);
    if (s == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_store_bind_ids(st, s, 1, ids, n);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_person *p = nb_person_page_find(v, n, nb_db_col_int(s, 0), &hint);
        if (p == NULL || p->ncomps == NB_PERSON_MAX_COMPS)
            continue; /* cannot happen: writes are capped at the same maximum */
        p->comps[p->ncomps].competency_id = nb_db_col_int(s, 1);
        p->comps[p->ncomps].level = nb_db_col_int(s, 2);
        p->ncomps++;
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "person competencies");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    if ((s = nb_store_stmt(st, wish_sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_store_bind_ids(st, s, 1, ids, n);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_person *p = nb_person_page_find(v, n, nb_db_col_int(s, 0), &hint);
        if (p == NULL || p->nwishes == NB_PERSON_MAX_WISHES)
            continue;
        p->wishes[p->nwishes++] = nb_db_col_int(s, 1);
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "person learning wishes");
    nb_db_reset(s);
cleanup:
    free(ids);
    return rc;
}

/* Pages up to this many rows are decoded first and their lists loaded in two
 * queries; longer walks (the team loader's "all") load per person. */
#define NB_PERSON_BATCH_MAX 200

int nb_person_list(nb_store *st, const nb_person_filter *filter, int64_t offset, int64_t limit,
                   int (*fn)(void *ctx, const nb_person *p), void *ctx, int64_t *total, nb_err *err)
{
    static const nb_store_order order = {"SELECT " NB_PERSON_COLUMNS " FROM people",
                                         nb_person_sort_fields, "id"};
    nb_person_each_ctx e = {st, fn, ctx, err};
    nb_person_page pg = {NULL, 0, 0};
    int batch = limit > 0 && limit <= NB_PERSON_BATCH_MAX;
    nb_buf where = NB_BUF_INIT;
    nb_person_where(filter, &where);
    int rc =
        where.oom
            ? nb_err_set(err, NB_ENOMEM, "out of memory")
            : nb_store_page_where(st, "SELECT count(*) FROM people", &order, nb_buf_cstr(&where),
                                  filter ? &filter->sort : NULL, nb_person_bind_filter, filter, 6,
                                  offset, limit, batch ? nb_person_collect : nb_person_each,
                                  batch ? (void *)&pg : (void *)&e, total, "people", err);
    if (rc == NB_ENOMEM)
        nb_err_set(err, NB_ENOMEM, "out of memory");
    if (rc == 0 && pg.n > 0)
        rc = nb_person_page_lists(st, pg.v, pg.n, err);
    for (size_t i = 0; rc == 0 && i < pg.n; i++)
        rc = fn(ctx, &pg.v[i]);
    free(pg.v);
    nb_buf_free(&where);
    return rc;
}

int nb_person_find(nb_store *st, const char *text, int64_t number, int64_t limit,
                   int (*fn)(void *ctx, const nb_person_match *m), void *ctx, int64_t *total,
                   nb_err *err)
{
    static const char count_sql[] =
        "SELECT count(*) FROM people WHERE active = 1 AND instr(lower(name), lower($1)) > 0";
    static const char find_sql[] = "SELECT p.id, p.organisation_id, p.name, o.name FROM people p "
                                   "JOIN organisations o ON o.id = p.organisation_id "
                                   "WHERE p.active = 1 AND instr(lower(p.name), lower($1)) > 0 "
                                   "ORDER BY lower(p.name) = lower($1) DESC, p.name, p.id LIMIT $2";
    static const char number_count_sql[] =
        "SELECT count(*) FROM people WHERE active = 1 AND id = $1";
    static const char number_sql[] = "SELECT p.id, p.organisation_id, p.name, o.name FROM people p "
                                     "JOIN organisations o ON o.id = p.organisation_id "
                                     "WHERE p.active = 1 AND p.id = $1 LIMIT $2";
    int rc = 0, r;
    nb_db_stmt *s = nb_store_stmt(st, number > 0 ? number_count_sql : count_sql, err);
    if (s == NULL)
        return NB_EDB;
    if (number > 0)
        nb_store_bind_int(st, s, 1, number);
    else
        nb_store_bind_text(st, s, 1, text ? text : "");
    if (nb_store_step(st, s) != NB_DB_ROW) {
        rc = nb_store_fail(st, err, "people");
        nb_db_reset(s);
        return rc;
    }
    *total = nb_db_col_int(s, 0);
    nb_db_reset(s);
    if (*total == 0 || limit == 0)
        return 0;
    if ((s = nb_store_stmt(st, number > 0 ? number_sql : find_sql, err)) == NULL)
        return NB_EDB;
    if (number > 0)
        nb_store_bind_int(st, s, 1, number);
    else
        nb_store_bind_text(st, s, 1, text ? text : "");
    nb_store_bind_int(st, s, 2, limit);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_person_match m = {nb_db_col_int(s, 0), nb_db_col_int(s, 1), nb_store_col_text(s, 2),
                             nb_store_col_text(s, 3)};
        if ((rc = fn(ctx, &m)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "people");
    nb_db_reset(s);
    return rc;
}
