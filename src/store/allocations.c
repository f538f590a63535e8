/*
 * store/allocations.c — SQL for allocations and their ledger reservations;
 * see allocations.h.
 */
#include "store/allocations.h"

#include "util/buf.h"

#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_ALLOC_COLUMNS                                                                      \
    "a.id, a.assignment_id, a.line_id, a.person_id, p.organisation_id, a.minutes, a.status, " \
    "a.minutes_posted, a.note, a.confirmed_at, a.ended_at, a.created_at, a.updated_at, "      \
    "a.revision"
#define NB_ALLOC_FROM " FROM allocations a JOIN people p ON p.id = a.person_id"

static void nb_alloc_row(nb_db_stmt *s, void *out)
{
    nb_alloc *a = out;
    memset(a, 0, sizeof *a);
    a->id = nb_db_col_int(s, 0);
    a->assignment_id = nb_db_col_int(s, 1);
    a->line_id = nb_db_col_int(s, 2);
    a->person_id = nb_db_col_int(s, 3);
    a->person_org_id = nb_db_col_int(s, 4);
    a->minutes = nb_db_col_int(s, 5);
    nb_store_col_copy(s, 6, a->status, sizeof a->status);
    a->minutes_posted = nb_db_col_int(s, 7);
    nb_store_col_copy(s, 8, a->note, sizeof a->note);
    nb_store_col_copy(s, 9, a->confirmed_at, sizeof a->confirmed_at);
    nb_store_col_copy(s, 10, a->ended_at, sizeof a->ended_at);
    nb_store_col_copy(s, 11, a->created_at, sizeof a->created_at);
    nb_store_col_copy(s, 12, a->updated_at, sizeof a->updated_at);
    a->revision = nb_db_col_int(s, 13);
}

int nb_alloc_insert(nb_store *st, nb_alloc *a, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, status, "
        "minutes_posted, note, created_at, updated_at, revision) "
        "VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7, 1)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(a->created_at);
    memcpy(a->updated_at, a->created_at, sizeof a->updated_at);
    if (a->status[0] == '\0')
        snprintf(a->status, sizeof a->status, "concept");
    nb_store_bind_int(st, s, 1, a->assignment_id);
    nb_store_bind_int(st, s, 2, a->line_id);
    nb_store_bind_int(st, s, 3, a->person_id);
    nb_store_bind_int(st, s, 4, a->minutes);
    nb_store_bind_text(st, s, 5, a->status);
    nb_store_bind_text(st, s, 6, a->note);
    nb_store_bind_text(st, s, 7, a->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    a->id = nb_store_last_id(st);
    a->minutes_posted = 0;
    a->revision = 1;
    return 0;
}

int nb_alloc_get(nb_store *st, int64_t id, nb_alloc *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_ALLOC_COLUMNS NB_ALLOC_FROM " WHERE a.id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_alloc_row, out, "Inzet", err);
    return rc;
}

#define NB_ALLOC_WHERE                                                                          \
    " WHERE (a.assignment_id = $1 OR $1 IS NULL) AND (a.person_id = $2 OR $2 IS NULL) "         \
    "AND (p.organisation_id = $3 OR $3 IS NULL OR EXISTS (SELECT 1 FROM assignment_requesters " \
    "r WHERE r.assignment_id = a.assignment_id AND r.organisation_id = $3)) "                   \
    "AND (a.status = $4 OR $4 IS NULL) AND a.id > $7"

static void nb_alloc_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_alloc_filter *f = filter;
    nb_store_bind_opt_id(st, s, 1, f ? f->assignment_id : 0);
    nb_store_bind_opt_id(st, s, 2, f ? f->person_id : 0);
    nb_store_bind_opt_id(st, s, 3, f ? f->organisation_id : 0);
    nb_store_bind_text(st, s, 4, f ? f->status : NULL);
    nb_store_bind_int(st, s, 7, f ? f->after_id : 0); /* $5, $6: limit and offset */
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_alloc_each_ctx {
    int (*fn)(void *ctx, const nb_alloc *rec);
    void *ctx;
} nb_alloc_each_ctx;

static int nb_alloc_each(void *c, nb_db_stmt *row)
{
    nb_alloc_each_ctx *e = c;
    nb_alloc rec;
    nb_alloc_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_alloc_sort_fields[] = {
    {"id", "a.id"},
    {"opdrachtId", "a.assignment_id"},
    {"medewerkerId", "a.person_id"},
    {"minuten", "a.minutes"},
    {"status", "a.status"},
    {NULL, NULL},
};

#define NB_ALLOC_LIST_HEAD "SELECT " NB_ALLOC_COLUMNS NB_ALLOC_FROM NB_ALLOC_WHERE

int nb_alloc_list(nb_store *st, const nb_alloc_filter *filter, int64_t offset, int64_t limit,
                  int (*fn)(void *ctx, const nb_alloc *a), void *ctx, int64_t *total, nb_err *err)
{
    static const char count_sql[] = "SELECT count(*)" NB_ALLOC_FROM NB_ALLOC_WHERE;
    static const char list_sql[] = NB_ALLOC_LIST_HEAD " ORDER BY a.id LIMIT $5 OFFSET $6";
    static const nb_store_order order = {NB_ALLOC_LIST_HEAD, nb_alloc_sort_fields, "a.id"};
    nb_alloc_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, filter ? &filter->sort : NULL,
                                nb_alloc_bind_filter, filter, 5, offset, limit, nb_alloc_each, &e,
                                total, "allocations", err);
}

int nb_alloc_set_status(nb_store *st, int64_t id, const char *status, nb_err *err)
{
    static const char sql[] =
        "UPDATE allocations SET status = $1, updated_at = $2, revision = revision + 1, "
        "confirmed_at = CASE WHEN $1 = 'bevestigd' THEN $2 ELSE confirmed_at END, "
        "ended_at = CASE WHEN $1 = 'beeindigd' THEN $2 ELSE ended_at END WHERE id = $3";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_store_bind_text(st, s, 1, status);
    nb_store_bind_text(st, s, 2, now);
    nb_store_bind_int(st, s, 3, id);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    if (nb_store_changes(st) == 0)
        return nb_err_set(err, NB_ENOTFOUND, "Inzet %lld bestaat niet.", (long long)id);
    return 0;
}

int nb_alloc_add_posted(nb_store *st, int64_t id, int64_t minutes, nb_err *err)
{
    static const char sql[] =
        "UPDATE allocations SET minutes_posted = minutes_posted + $1, updated_at = $2, "
        "revision = revision + 1 WHERE id = $3";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    char now[21];
    nb_time_now_iso(now);
    nb_store_bind_int(st, s, 1, minutes);
    nb_store_bind_text(st, s, 2, now);
    nb_store_bind_int(st, s, 3, id);
    int rc = nb_store_exec_later_one(st, s, err); /* the count checked with the answer */
    if (rc == NB_ENOTFOUND)
        rc = nb_err_set(err, NB_ENOTFOUND, "Inzet %lld bestaat niet.", (long long)id);
    return rc;
}

int nb_alloc_find_confirmed(nb_store *st, int64_t person_id, int64_t assignment_id,
                            int64_t *allocation_id, nb_err *err)
{
    static const char sql[] =
        "SELECT id FROM allocations WHERE person_id = $1 AND assignment_id = $2 "
        "AND status = 'bevestigd' ORDER BY id LIMIT 1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, person_id);
    nb_store_bind_int(st, s, 2, assignment_id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        *allocation_id = nb_db_col_int(s, 0);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Medewerker %lld is niet ingezet op opdracht %lld.",
                        (long long)person_id, (long long)assignment_id);
    else
        rc = nb_store_fail(st, err, "allocation");
    nb_db_reset(s);
    return rc;
}

int nb_alloc_line_planned(nb_store *st, int64_t assignment_id, int64_t line_id, int64_t *minutes,
                          nb_err *err)
{
    static const char sql[] =
        "SELECT COALESCE(SUM(minutes), 0) FROM allocations WHERE assignment_id = $1 "
        "AND line_id = $2 AND status <> 'beeindigd'";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, assignment_id);
    nb_store_bind_int(st, s, 2, line_id);
    int rc = 0;
    if (nb_store_step(st, s) == NB_DB_ROW)
        *minutes = nb_db_col_int(s, 0);
    else
        rc = nb_store_fail(st, err, "allocations");
    nb_db_reset(s);
    return rc;
}

int nb_alloc_open_of_assignment(nb_store *st, int64_t assignment_id, int64_t *ids, size_t max,
                                size_t *n, nb_err *err)
{
    static const char sql[] =
        "SELECT id FROM allocations WHERE assignment_id = $1 AND status <> 'beeindigd' "
        "ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, assignment_id);
    size_t k = 0;
    int r, rc = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (k < max && ids != NULL)
            ids[k] = nb_db_col_int(s, 0);
        k++;
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "allocations");
    nb_db_reset(s);
    *n = k;
    return rc;
}

/* ---- Reservations ---------------------------------------------------------- */

#define NB_RES_COLUMNS                                                                       \
    "id, allocation_id, organisation_id, seq, transfer_id, minutes, state, posted_minutes, " \
    "resolved_by, created_at"

/* A reservation from NB_RES_COLUMNS starting at column at. */
static void nb_alloc_res_row_at(nb_db_stmt *s, int at, nb_alloc_res *r)
{
    memset(r, 0, sizeof *r);
    r->id = nb_db_col_int(s, at);
    r->allocation_id = nb_db_col_int(s, at + 1);
    r->organisation_id = nb_db_col_int(s, at + 2);
    r->seq = nb_db_col_int(s, at + 3);
    nb_store_col_copy(s, at + 4, r->transfer_id, sizeof r->transfer_id);
    r->minutes = nb_db_col_int(s, at + 5);
    nb_store_col_copy(s, at + 6, r->state, sizeof r->state);
    r->posted_minutes = nb_db_col_int(s, at + 7);
    nb_store_col_copy(s, at + 8, r->resolved_by, sizeof r->resolved_by);
    nb_store_col_copy(s, at + 9, r->created_at, sizeof r->created_at);
}

static void nb_alloc_res_row(nb_db_stmt *s, nb_alloc_res *r)
{
    nb_alloc_res_row_at(s, 0, r);
}

int nb_alloc_res_insert(nb_store *st, nb_alloc_res *r, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO allocation_reservations (allocation_id, organisation_id, seq, transfer_id, "
        "minutes, state, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(r->created_at);
    snprintf(r->state, sizeof r->state, "open");
    nb_store_bind_int(st, s, 1, r->allocation_id);
    nb_store_bind_int(st, s, 2, r->organisation_id);
    nb_store_bind_int(st, s, 3, r->seq);
    nb_store_bind_text(st, s, 4, r->transfer_id);
    nb_store_bind_int(st, s, 5, r->minutes);
    nb_store_bind_text(st, s, 6, r->created_at);
    r->id = 0; /* not read back: the write waits for the next statement */
    return nb_store_exec_later(st, s, err);
}

int nb_alloc_res_resolve(nb_store *st, const char *transfer_id, const char *state,
                         int64_t posted_minutes, const char *resolved_by, nb_err *err)
{
    /* OR FAIL: one row, no statement journal (migration 020, ledger_store.c). */
    static const char sql[] =
        "UPDATE OR FAIL allocation_reservations SET state = $1, posted_minutes = $2, "
        "resolved_by = $3 WHERE transfer_id = $4 AND state = 'open'";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, state);
    nb_store_bind_int(st, s, 2, posted_minutes);
    nb_store_bind_text(st, s, 3, resolved_by);
    nb_store_bind_text(st, s, 4, transfer_id);
    int rc = nb_store_exec_later_one(st, s, err); /* the count checked with the answer */
    if (rc == NB_ENOTFOUND)
        rc = nb_err_set(err, NB_ENOTFOUND, "Geen open reservering %s.", transfer_id);
    return rc;
}

int nb_alloc_get_open(nb_store *st, int64_t id, nb_alloc *out,
                      int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx, nb_err *err)
{
    /* One statement for the allocation and its open reservations (an
     * approval read them in 1 + one per charged organisation before): the
     * reservations by the partial index of open ones, LEFT JOINed so that an
     * allocation without one still comes, with NULLs. */
    static const char sql[] =
        "SELECT " NB_ALLOC_COLUMNS ", r.id, r.allocation_id, r.organisation_id, r.seq, "
        "r.transfer_id, r.minutes, r.state, r.posted_minutes, r.resolved_by, "
        "r.created_at" NB_ALLOC_FROM " LEFT JOIN allocation_reservations r "
        "ON r.allocation_id = a.id AND r.state = 'open' WHERE a.id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r, rc = 0, rows = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (rows++ == 0)
            nb_alloc_row(s, out);
        if (nb_db_col_null(s, 14))
            continue; /* no open reservation */
        nb_alloc_res res;
        nb_alloc_res_row_at(s, 14, &res);
        if ((rc = fn(ctx, &res)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_ROW && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "allocation");
    else if (rc == 0 && rows == 0)
        rc = nb_err_set(err, NB_ENOTFOUND, "Inzet %lld bestaat niet.", (long long)id);
    nb_db_reset(s);
    return rc;
}

int nb_alloc_res_open_many(nb_store *st, const int64_t *ids, size_t n,
                           int (*fn)(void *ctx, int64_t allocation_id, int64_t minutes), void *ctx,
                           nb_err *err)
{
    static const char sql[] = "SELECT allocation_id, sum(minutes) FROM allocation_reservations "
                              "WHERE allocation_id IN (SELECT value FROM json_each($1)) "
                              "AND state = 'open' GROUP BY allocation_id ORDER BY allocation_id";
    int r = NB_DB_DONE, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_ids(st, s, 1, ids, n);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW)
        if ((rc = fn(ctx, nb_db_col_int(s, 0), nb_db_col_int(s, 1))) != 0)
            break;
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "reservations");
    nb_db_reset(s);
    return rc;
}

int nb_alloc_res_list_many(nb_store *st, const int64_t *ids, size_t n,
                           int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx, nb_err *err)
{
    static const char sql[] = "SELECT " NB_RES_COLUMNS " FROM allocation_reservations "
                              "WHERE allocation_id IN (SELECT value FROM json_each($1)) "
                              "ORDER BY allocation_id, id";
    int r = NB_DB_DONE, rc = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_ids(st, s, 1, ids, n);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_alloc_res row;
        nb_alloc_res_row(s, &row);
        if ((rc = fn(ctx, &row)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "reservations");
    nb_db_reset(s);
    return rc;
}

int nb_alloc_res_list(nb_store *st, int64_t allocation_id,
                      int (*fn)(void *ctx, const nb_alloc_res *r), void *ctx, nb_err *err)
{
    static const char sql[] = "SELECT " NB_RES_COLUMNS " FROM allocation_reservations "
                              "WHERE allocation_id = $1 ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, allocation_id);
    int r, rc = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_alloc_res row;
        nb_alloc_res_row(s, &row);
        if ((rc = fn(ctx, &row)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "reservations");
    nb_db_reset(s);
    return rc;
}
