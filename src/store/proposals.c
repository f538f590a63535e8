/*
 * store/proposals.c — SQL for team proposals, their lines and shortages;
 * see proposals.h.
 */
#include "store/proposals.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_PROP_COLUMNS                                                                      \
    "id, created_at, created_by, status, parameters, period_start, period_end, cost_total, " \
    "cost_optimum, cost_gap, minutes_requested, minutes_allocated, minutes_unmet, rounds, "  \
    "updated_at, revision, months"

static void nb_prop_row(nb_db_stmt *s, nb_proposal *p)
{
    memset(p, 0, sizeof *p);
    p->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, p->created_at, sizeof p->created_at);
    nb_store_col_copy(s, 2, p->created_by, sizeof p->created_by);
    nb_store_col_copy(s, 3, p->status, sizeof p->status);
    nb_store_col_copy(s, 4, p->parameters, sizeof p->parameters);
    nb_store_col_copy(s, 5, p->period_start, sizeof p->period_start);
    nb_store_col_copy(s, 6, p->period_end, sizeof p->period_end);
    p->cost_total = nb_db_col_int(s, 7);
    p->cost_optimum = nb_db_col_int(s, 8);
    p->cost_gap = nb_db_col_int(s, 9);
    p->minutes_requested = nb_db_col_int(s, 10);
    p->minutes_allocated = nb_db_col_int(s, 11);
    p->minutes_unmet = nb_db_col_int(s, 12);
    p->rounds = nb_db_col_int(s, 13);
    nb_store_col_copy(s, 14, p->updated_at, sizeof p->updated_at);
    p->revision = nb_db_col_int(s, 15);
    p->months = nb_db_col_int(s, 16);
}

int nb_proposal_insert(nb_store *st, nb_proposal *p, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO team_proposals (created_at, created_by, status, parameters, period_start, "
        "period_end, cost_total, cost_optimum, cost_gap, minutes_requested, minutes_allocated, "
        "minutes_unmet, rounds, updated_at, revision, months) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $1, 1, $14)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    if (p->status[0] == '\0')
        snprintf(p->status, sizeof p->status, "concept");
    nb_store_bind_text(st, s, 1, p->created_at);
    nb_store_bind_text(st, s, 2, p->created_by);
    nb_store_bind_text(st, s, 3, p->status);
    nb_store_bind_text(st, s, 4, p->parameters[0] ? p->parameters : "{}");
    nb_store_bind_text(st, s, 5, p->period_start);
    nb_store_bind_text(st, s, 6, p->period_end);
    nb_store_bind_int(st, s, 7, p->cost_total);
    nb_store_bind_int(st, s, 8, p->cost_optimum);
    nb_store_bind_int(st, s, 9, p->cost_gap);
    nb_store_bind_int(st, s, 10, p->minutes_requested);
    nb_store_bind_int(st, s, 11, p->minutes_allocated);
    nb_store_bind_int(st, s, 12, p->minutes_unmet);
    nb_store_bind_int(st, s, 13, p->rounds);
    nb_store_bind_int(st, s, 14, p->months);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    p->id = nb_store_last_id(st);
    p->revision = 1;
    return 0;
}

int nb_proposal_line_insert(nb_store *st, nb_proposal_line *l, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO team_proposal_lines (proposal_id, assignment_id, line_id, person_id, "
        "organisation_id, minutes, level, min_level, cost_overqual, cost_wish, cost_continuity, "
        "cost_home, cost_fairness, cost_load, cost_total, reasons, accepted) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    int64_t v[] = {l->proposal_id,     l->assignment_id, l->line_id,         l->person_id,
                   l->organisation_id, l->minutes,       l->level,           l->min_level,
                   l->cost_overqual,   l->cost_wish,     l->cost_continuity, l->cost_home,
                   l->cost_fairness,   l->cost_load,     l->cost_total};
    for (int i = 0; i < 15; i++)
        nb_store_bind_int(st, s, i + 1, v[i]);
    nb_store_bind_text(st, s, 16, l->reasons[0] ? l->reasons : "[]");
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    l->id = nb_store_last_id(st);
    return 0;
}

int nb_proposal_shortage_insert(nb_store *st, nb_proposal_shortage *sh, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO team_proposal_shortages (proposal_id, assignment_id, line_id, "
        "competency_id, min_level, minutes_requested, minutes_unmet, candidates, kind, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    int64_t v[] = {sh->proposal_id, sh->assignment_id,     sh->line_id,       sh->competency_id,
                   sh->min_level,   sh->minutes_requested, sh->minutes_unmet, sh->candidates};
    for (int i = 0; i < 8; i++)
        nb_store_bind_int(st, s, i + 1, v[i]);
    nb_store_bind_text(st, s, 9, sh->kind);
    nb_store_bind_text(st, s, 10, sh->reason);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    sh->id = nb_store_last_id(st);
    return 0;
}

int nb_proposal_load_insert(nb_store *st, nb_proposal_load *l, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO team_proposal_loads (proposal_id, person_id, organisation_id, month, "
        "minutes, capacity, available) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, l->proposal_id);
    nb_store_bind_int(st, s, 2, l->person_id);
    nb_store_bind_int(st, s, 3, l->organisation_id);
    nb_store_bind_text(st, s, 4, l->month);
    nb_store_bind_int(st, s, 5, l->minutes);
    nb_store_bind_int(st, s, 6, l->capacity);
    nb_store_bind_int(st, s, 7, l->available);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    l->id = nb_store_last_id(st);
    return 0;
}

int nb_proposal_month_short_insert(nb_store *st, nb_proposal_month_short *sh, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO team_proposal_month_shortages (proposal_id, assignment_id, line_id, month, "
        "minutes_requested, minutes_unmet, kind, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, sh->proposal_id);
    nb_store_bind_int(st, s, 2, sh->assignment_id);
    nb_store_bind_int(st, s, 3, sh->line_id);
    nb_store_bind_text(st, s, 4, sh->month);
    nb_store_bind_int(st, s, 5, sh->minutes_requested);
    nb_store_bind_int(st, s, 6, sh->minutes_unmet);
    nb_store_bind_text(st, s, 7, sh->kind);
    nb_store_bind_text(st, s, 8, sh->reason);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    sh->id = nb_store_last_id(st);
    return 0;
}

int nb_proposal_get(nb_store *st, int64_t id, nb_proposal *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_PROP_COLUMNS " FROM team_proposals WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        nb_prop_row(s, out);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Teamvoorstel %lld bestaat niet.", (long long)id);
    else
        rc = nb_store_fail(st, err, "team proposal");
    nb_db_reset(s);
    return rc;
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_prop_each_ctx {
    int (*fn)(void *ctx, const nb_proposal *rec);
    void *ctx;
} nb_prop_each_ctx;

static int nb_prop_each(void *c, nb_db_stmt *row)
{
    nb_prop_each_ctx *e = c;
    nb_proposal rec;
    nb_prop_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_proposal_sort_fields[] = {
    {"id", "id"},
    {"status", "status"},
    {"aangemaakt", "created_at"},
    {NULL, NULL},
};

int nb_proposal_list_sorted(nb_store *st, const nb_sort *sort, int64_t offset, int64_t limit,
                            int (*fn)(void *ctx, const nb_proposal *p), void *ctx, int64_t *total,
                            nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM team_proposals";
    static const char list_sql[] =
        "SELECT " NB_PROP_COLUMNS " FROM team_proposals ORDER BY id DESC LIMIT $1 OFFSET $2";
    static const nb_store_order order = {"SELECT " NB_PROP_COLUMNS " FROM team_proposals",
                                         nb_proposal_sort_fields, "id"};
    nb_prop_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, sort, NULL, NULL, 1, offset, limit,
                                nb_prop_each, &e, total, "team proposals", err);
}

int nb_proposal_list(nb_store *st, int64_t offset, int64_t limit,
                     int (*fn)(void *ctx, const nb_proposal *p), void *ctx, int64_t *total,
                     nb_err *err)
{
    return nb_proposal_list_sorted(st, NULL, offset, limit, fn, ctx, total, err);
}

int nb_proposal_lines(nb_store *st, int64_t proposal_id,
                      int (*fn)(void *ctx, const nb_proposal_line *l), void *ctx, nb_err *err)
{
    static const char sql[] =
        "SELECT l.id, l.proposal_id, l.assignment_id, l.line_id, l.person_id, l.organisation_id, "
        "l.minutes, l.level, l.min_level, l.cost_overqual, l.cost_wish, l.cost_continuity, "
        "l.cost_home, l.cost_fairness, l.cost_load, l.cost_total, l.reasons, l.accepted, "
        "l.allocation_id, p.name, o.name "
        "FROM team_proposal_lines l JOIN people p ON p.id = l.person_id "
        "JOIN organisations o ON o.id = l.organisation_id "
        "WHERE l.proposal_id = $1 ORDER BY l.id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, proposal_id);
    int r, rc = 0;
    nb_proposal_line l;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        memset(&l, 0, sizeof l);
        int64_t *v[] = {&l.id,        &l.proposal_id,     &l.assignment_id, &l.line_id,
                        &l.person_id, &l.organisation_id, &l.minutes,       &l.level,
                        &l.min_level, &l.cost_overqual,   &l.cost_wish,     &l.cost_continuity,
                        &l.cost_home, &l.cost_fairness,   &l.cost_load,     &l.cost_total};
        for (int i = 0; i < 16; i++)
            *v[i] = nb_db_col_int(s, i);
        nb_store_col_copy(s, 16, l.reasons, sizeof l.reasons);
        l.accepted = (int)nb_db_col_int(s, 17);
        l.allocation_id = nb_db_col_int(s, 18);
        nb_store_col_copy(s, 19, l.person_name, sizeof l.person_name);
        nb_store_col_copy(s, 20, l.organisation_name, sizeof l.organisation_name);
        if ((rc = fn(ctx, &l)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "team proposal lines");
    nb_db_reset(s);
    return rc;
}

int nb_proposal_shortages(nb_store *st, int64_t proposal_id,
                          int (*fn)(void *ctx, const nb_proposal_shortage *s), void *ctx,
                          nb_err *err)
{
    static const char sql[] =
        "SELECT id, proposal_id, assignment_id, line_id, competency_id, min_level, "
        "minutes_requested, minutes_unmet, candidates, kind, reason "
        "FROM team_proposal_shortages WHERE proposal_id = $1 ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, proposal_id);
    int r, rc = 0;
    nb_proposal_shortage sh;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        memset(&sh, 0, sizeof sh);
        int64_t *v[] = {&sh.id,
                        &sh.proposal_id,
                        &sh.assignment_id,
                        &sh.line_id,
                        &sh.competency_id,
                        &sh.min_level,
                        &sh.minutes_requested,
                        &sh.minutes_unmet,
                        &sh.candidates};
        for (int i = 0; i < 9; i++)
            *v[i] = nb_db_col_int(s, i);
        nb_store_col_copy(s, 9, sh.kind, sizeof sh.kind);
        nb_store_col_copy(s, 10, sh.reason, sizeof sh.reason);
        if ((rc = fn(ctx, &sh)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "team proposal shortages");
    nb_db_reset(s);
    return rc;
}

int nb_proposal_loads(nb_store *st, int64_t proposal_id,
                      int (*fn)(void *ctx, const nb_proposal_load *l), void *ctx, nb_err *err)
{
    static const char sql[] =
        "SELECT l.id, l.proposal_id, l.person_id, l.organisation_id, l.minutes, l.capacity, "
        "l.available, l.month, p.name, o.name "
        "FROM team_proposal_loads l JOIN people p ON p.id = l.person_id "
        "JOIN organisations o ON o.id = l.organisation_id "
        "WHERE l.proposal_id = $1 ORDER BY l.id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, proposal_id);
    int r, rc = 0;
    nb_proposal_load l;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        memset(&l, 0, sizeof l);
        int64_t *v[] = {&l.id,      &l.proposal_id, &l.person_id, &l.organisation_id,
                        &l.minutes, &l.capacity,    &l.available};
        for (int i = 0; i < 7; i++)
            *v[i] = nb_db_col_int(s, i);
        nb_store_col_copy(s, 7, l.month, sizeof l.month);
        nb_store_col_copy(s, 8, l.person_name, sizeof l.person_name);
        nb_store_col_copy(s, 9, l.organisation_name, sizeof l.organisation_name);
        if ((rc = fn(ctx, &l)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "team proposal loads");
    nb_db_reset(s);
    return rc;
}

int nb_proposal_month_shorts(nb_store *st, int64_t proposal_id,
                             int (*fn)(void *ctx, const nb_proposal_month_short *s), void *ctx,
                             nb_err *err)
{
    static const char sql[] =
        "SELECT id, proposal_id, assignment_id, line_id, minutes_requested, minutes_unmet, "
        "month, kind, reason FROM team_proposal_month_shortages WHERE proposal_id = $1 "
        "ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, proposal_id);
    int r, rc = 0;
    nb_proposal_month_short sh;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        memset(&sh, 0, sizeof sh);
        int64_t *v[] = {&sh.id,      &sh.proposal_id,       &sh.assignment_id,
                        &sh.line_id, &sh.minutes_requested, &sh.minutes_unmet};
        for (int i = 0; i < 6; i++)
            *v[i] = nb_db_col_int(s, i);
        nb_store_col_copy(s, 6, sh.month, sizeof sh.month);
        nb_store_col_copy(s, 7, sh.kind, sizeof sh.kind);
        nb_store_col_copy(s, 8, sh.reason, sizeof sh.reason);
        if ((rc = fn(ctx, &sh)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "team proposal month shortages");
    nb_db_reset(s);
    return rc;
}

int nb_proposal_line_accept(nb_store *st, int64_t line_id, int64_t allocation_id, nb_err *err)
{
    static const char sql[] = "UPDATE team_proposal_lines SET accepted = 1, allocation_id = $2 "
                              "WHERE id = $1 AND accepted = 0";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, line_id);
    nb_store_bind_int(st, s, 2, allocation_id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == 0 && nb_store_changes(st) == 0)
        rc = nb_err_set(err, NB_ECONFLICT, "Voorstelregel %lld is al geaccepteerd of bestaat niet.",
                        (long long)line_id);
    return rc;
}

int nb_proposal_set_status(nb_store *st, int64_t id, const char *status, nb_err *err)
{
    static const char sql[] =
        "UPDATE team_proposals SET status = $2, updated_at = $3, revision = revision + 1 "
        "WHERE id = $1";
    char now[21];
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(now);
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, status);
    nb_store_bind_text(st, s, 3, now);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc == 0 && nb_store_changes(st) == 0)
        rc = nb_err_set(err, NB_ENOTFOUND, "Teamvoorstel %lld bestaat niet.", (long long)id);
    return rc;
}
