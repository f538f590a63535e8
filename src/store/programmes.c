/*
 * store/programmes.c — SQL and rules for programmes; see programmes.h.
 */
#include "store/programmes.h"

#include "store/organisations.h"
#include "util/buf.h"
#include "util/date.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const nb_prog_kinds[] = {"regionaal", "gemeentelijk", NULL};

#define NB_PROG_COLUMNS                                                                   \
    "p.id, p.name, p.kind, p.organisation_id, p.first_year, p.last_year, p.description, " \
    "(SELECT count(*) FROM assignments a WHERE a.programme_id = p.id), p.created_at, "    \
    "p.updated_at, p.revision"

static void nb_prog_row(nb_db_stmt *s, void *out)
{
    nb_prog *p = out;
    memset(p, 0, sizeof *p);
    p->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, p->name, sizeof p->name);
    nb_store_col_copy(s, 2, p->kind, sizeof p->kind);
    p->organisation_id = nb_db_col_int(s, 3); /* NULL reads as 0 */
    p->first_year = nb_db_col_int(s, 4);
    p->last_year = nb_db_col_int(s, 5);
    nb_store_col_copy(s, 6, p->description, sizeof p->description);
    p->nassignments = nb_db_col_int(s, 7);
    nb_store_col_copy(s, 8, p->created_at, sizeof p->created_at);
    nb_store_col_copy(s, 9, p->updated_at, sizeof p->updated_at);
    p->revision = nb_db_col_int(s, 10);
}

static int nb_prog_is_regional(const nb_prog *p)
{
    return strcmp(p->kind, "regionaal") == 0;
}

/* ---- Rules ------------------------------------------------------------------ */

static void nb_prog_problem_add(nb_prog_problem *out, size_t max, size_t *n, nb_prog_field field,
                                const char *reason)
{
    if (*n < max) {
        out[*n].field = field;
        snprintf(out[*n].reason, sizeof out[*n].reason, "%s", reason);
    }
    (*n)++;
}

int nb_prog_check(nb_store *st, const nb_prog *p, nb_prog_problem *out, size_t max, size_t *n,
                  nb_err *err)
{
    *n = 0;
    if (p->name[0] == '\0')
        nb_prog_problem_add(out, max, n, NB_PROG_F_NAME, "Vul een naam in.");
    int regional = nb_prog_is_regional(p), municipal = strcmp(p->kind, "gemeentelijk") == 0;
    if (!regional && !municipal)
        nb_prog_problem_add(out, max, n, NB_PROG_F_KIND, "Kies regionaal of gemeentelijk.");
    if (regional && p->organisation_id != 0)
        nb_prog_problem_add(out, max, n, NB_PROG_F_ORGANISATION,
                            "Een regionaal programma is van het netwerk en heeft geen gemeente.");
    if (municipal && p->organisation_id <= 0)
        nb_prog_problem_add(out, max, n, NB_PROG_F_ORGANISATION,
                            "Kies de gemeente van wie het programma is.");
    if (municipal && p->organisation_id > 0) {
        nb_org *o = malloc(sizeof *o);
        if (o == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        int rc = nb_org_get(st, p->organisation_id, o, err);
        if (rc == NB_ENOTFOUND)
            nb_prog_problem_add(out, max, n, NB_PROG_F_ORGANISATION,
                                "Deze organisatie bestaat niet.");
        else if (rc == 0 && strcmp(o->kind, "gemeente") != 0)
            nb_prog_problem_add(out, max, n, NB_PROG_F_ORGANISATION,
                                "Een gemeentelijk programma hoort bij een gemeente.");
        free(o);
        if (rc != 0 && rc != NB_ENOTFOUND)
            return rc;
    }
    char why[128];
    if (p->first_year < NB_PROG_YEAR_MIN || p->first_year > NB_PROG_YEAR_MAX) {
        snprintf(why, sizeof why, "Vul een jaartal in van %d tot en met %d.", NB_PROG_YEAR_MIN,
                 NB_PROG_YEAR_MAX);
        nb_prog_problem_add(out, max, n, NB_PROG_F_FIRST_YEAR, why);
    }
    if (p->last_year < NB_PROG_YEAR_MIN || p->last_year > NB_PROG_YEAR_MAX) {
        snprintf(why, sizeof why, "Vul een jaartal in van %d tot en met %d.", NB_PROG_YEAR_MIN,
                 NB_PROG_YEAR_MAX);
        nb_prog_problem_add(out, max, n, NB_PROG_F_LAST_YEAR, why);
    } else if (p->first_year >= NB_PROG_YEAR_MIN && p->last_year < p->first_year)
        nb_prog_problem_add(out, max, n, NB_PROG_F_LAST_YEAR,
                            "Het laatste jaar ligt vóór het eerste jaar.");
    return 0;
}

/* 0 when who may write programme p as it is (one side of a change). */
static int nb_prog_may_write_one(const nb_principal *who, const nb_prog *p, nb_err *err)
{
    if (who->role == NB_ROLE_BEHEER)
        return 0;
    if (who->role != NB_ROLE_COORDINATOR)
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Alleen het netwerk-MT en coördinatoren maken programma's.");
    if (nb_prog_is_regional(p))
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Een regionaal programma is van het netwerk: alleen het netwerk-MT "
                          "maakt en wijzigt het.");
    if (who->organisation_id <= 0 || p->organisation_id != who->organisation_id)
        return nb_err_set(err, NB_EFORBIDDEN,
                          "Een coördinator maakt en wijzigt alleen programma's van de eigen "
                          "gemeente.");
    return 0;
}

int nb_prog_may_write(const nb_principal *who, const nb_prog *old, const nb_prog *p, nb_err *err)
{
    int rc;
    if (old != NULL && (rc = nb_prog_may_write_one(who, old, err)) != 0)
        return rc;
    return nb_prog_may_write_one(who, p, err);
}

int nb_prog_may_link(nb_store *st, const nb_principal *who, int64_t old_id, int64_t new_id,
                     nb_err *err)
{
    if (old_id == new_id || who->role == NB_ROLE_BEHEER) {
        if (new_id == 0 || old_id == new_id)
            return 0;
        nb_prog *p = malloc(sizeof *p);
        if (p == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        int rc = nb_prog_get(st, new_id, p, err);
        free(p);
        return rc;
    }
    int64_t ids[2] = {old_id, new_id};
    nb_prog *p = malloc(sizeof *p);
    if (p == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    int rc = 0;
    for (int i = 0; rc == 0 && i < 2; i++) {
        if (ids[i] == 0)
            continue;
        if ((rc = nb_prog_get(st, ids[i], p, err)) != 0)
            break;
        if (who->role != NB_ROLE_COORDINATOR || nb_prog_is_regional(p) ||
            p->organisation_id != who->organisation_id)
            rc = nb_err_set(err, NB_EFORBIDDEN,
                            "Een coördinator plaatst een opdracht alleen in (of uit) een "
                            "programma van de eigen gemeente; het regionale programma is van "
                            "het netwerk-MT.");
    }
    free(p);
    return rc;
}

/* ---- Writes ------------------------------------------------------------------- */

static json_t *nb_prog_audit_json(const nb_prog *p)
{
    return json_pack("{s:s, s:s, s:o, s:I, s:I, s:s}", "naam", p->name, "soort", p->kind,
                     "organisatieId",
                     p->organisation_id > 0 ? json_integer(p->organisation_id) : json_null(),
                     "eersteJaar", (json_int_t)p->first_year, "laatsteJaar",
                     (json_int_t)p->last_year, "omschrijving", p->description);
}

static int nb_prog_audit(nb_store *st, const nb_actor *actor, const char *action, int64_t id,
                         json_t *detail, nb_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (text == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    int rc = nb_store_audit(st, actor, action, "programma", id, text, err);
    free(text);
    return rc;
}

static void nb_prog_bind_fields(nb_store *st, nb_db_stmt *s, const nb_prog *p)
{
    nb_store_bind_text(st, s, 1, p->name);
    nb_store_bind_text(st, s, 2, p->kind);
    if (p->organisation_id > 0)
        nb_store_bind_int(st, s, 3, p->organisation_id);
    else
        nb_store_bind_null(st, s, 3);
    nb_store_bind_int(st, s, 4, p->first_year);
    nb_store_bind_int(st, s, 5, p->last_year);
    nb_store_bind_text(st, s, 6, p->description);
}

int nb_prog_create(nb_store *st, const nb_actor *actor, const nb_principal *who, nb_prog *p,
                   nb_err *err)
{
    static const char sql[] =
        "INSERT INTO programmes (name, kind, organisation_id, first_year, last_year, "
        "description, created_at, updated_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)";
    int rc = nb_prog_may_write(who, NULL, p, err);
    if (rc != 0)
        return rc;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_prog_bind_fields(st, s, p);
    nb_store_bind_text(st, s, 7, now);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    p->id = nb_store_last_id(st);
    if ((rc = nb_prog_audit(st, actor, "create", p->id, nb_prog_audit_json(p), err)) != 0)
        return rc;
    return nb_prog_get(st, p->id, p, err);
}

int nb_prog_change(nb_store *st, const nb_actor *actor, const nb_principal *who, nb_prog *p,
                   nb_err *err)
{
    static const char sql[] =
        "UPDATE programmes SET name = $1, kind = $2, organisation_id = $3, first_year = $4, "
        "last_year = $5, description = $6, updated_at = $7, revision = revision + 1 "
        "WHERE id = $8";
    nb_prog *old = malloc(sizeof *old);
    if (old == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    int rc = nb_prog_get(st, p->id, old, err);
    if (rc == 0)
        rc = nb_prog_may_write(who, old, p, err);
    nb_db_stmt *s = NULL;
    if (rc == 0 && (s = nb_store_stmt(st, sql, err)) == NULL)
        rc = NB_EDB;
    if (rc == 0) {
        char now[21];
        nb_time_now_iso(now);
        nb_prog_bind_fields(st, s, p);
        nb_store_bind_text(st, s, 7, now);
        nb_store_bind_int(st, s, 8, p->id);
        rc = nb_store_exec_stmt(st, s, err);
    }
    if (rc == 0) {
        json_t *d =
            json_pack("{s:o, s:o}", "van", nb_prog_audit_json(old), "naar", nb_prog_audit_json(p));
        rc = nb_prog_audit(st, actor, "update", p->id, d, err);
    }
    free(old);
    if (rc != 0)
        return rc;
    return nb_prog_get(st, p->id, p, err);
}

/* ---- Reads -------------------------------------------------------------------- */

int nb_prog_get(nb_store *st, int64_t id, nb_prog *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_PROG_COLUMNS " FROM programmes p WHERE p.id = $1";
    return nb_store_get_one(st, sql, id, nb_prog_row, out, "Programma", err);
}

const nb_sort_field nb_prog_sort_fields[] = {
    {"id", "p.id"},
    {"naam", "p.name COLLATE NOCASE"},
    {"soort", "p.kind"},
    {"eersteJaar", "p.first_year"},
    {"laatsteJaar", "p.last_year"},
    {NULL, NULL},
};

/* The WHERE for the filters in use ($1 kind, $2 owner, $3 year, $4 text); see nb_asg_where. */
static void nb_prog_where(const nb_prog_filter *f, nb_buf *w)
{
    nb_buf_printf(w, " WHERE %s AND %s AND %s AND %s", f && f->kind ? "p.kind = $1" : "$1 IS NULL",
                  f && f->organisation_id > 0 ? "p.organisation_id = $2" : "$2 IS NULL",
                  f && f->year > 0 ? "p.first_year <= $3 AND p.last_year >= $3" : "$3 IS NULL",
                  f && f->text && f->text[0] ? "instr(lower(p.name), lower($4)) > 0"
                                             : "$4 IS NULL");
}

static void nb_prog_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_prog_filter *f = filter;
    nb_store_bind_text(st, s, 1, f ? f->kind : NULL);
    if (f && f->organisation_id > 0)
        nb_store_bind_int(st, s, 2, f->organisation_id);
    else
        nb_store_bind_null(st, s, 2);
    if (f && f->year > 0)
        nb_store_bind_int(st, s, 3, f->year);
    else
        nb_store_bind_null(st, s, 3);
    nb_store_bind_text(st, s, 4, f && f->text && f->text[0] ? f->text : NULL);
}

typedef struct nb_prog_each_ctx {
    int (*fn)(void *ctx, const nb_prog *p);
    void *ctx;
} nb_prog_each_ctx;

static int nb_prog_each(void *c, nb_db_stmt *row)
{
    nb_prog_each_ctx *e = c;
    nb_prog *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    nb_prog_row(row, p);
    int rc = e->fn(e->ctx, p);
    free(p);
    return rc;
}

int nb_prog_list(nb_store *st, const nb_prog_filter *filter, int64_t offset, int64_t limit,
                 int (*fn)(void *ctx, const nb_prog *p), void *ctx, int64_t *total, nb_err *err)
{
    static const nb_store_order order = {"SELECT " NB_PROG_COLUMNS " FROM programmes p",
                                         nb_prog_sort_fields, "p.id"};
    nb_buf where = NB_BUF_INIT;
    nb_prog_where(filter, &where);
    nb_prog_each_ctx e = {fn, ctx};
    int rc;
    if (where.oom)
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
    else
        rc = nb_store_page_where(st, "SELECT count(*) FROM programmes p", &order,
                                 nb_buf_cstr(&where), filter ? &filter->sort : NULL,
                                 nb_prog_bind_filter, filter, 5, offset, limit, nb_prog_each, &e,
                                 total, "programmes", err);
    if (rc == NB_ENOMEM)
        nb_err_set(err, NB_ENOMEM, "geen geheugen");
    nb_buf_free(&where);
    return rc;
}
