/*
 * store/time_entries.c — SQL for time entries, their ledger transfers and
 * closed periods; see time_entries.h.
 */
#include "store/time_entries.h"

#include "util/buf.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

#define NB_ENTRY_COLUMNS                                                                    \
    "e.id, e.person_id, p.organisation_id, e.assignment_id, e.allocation_id, e.work_date, " \
    "e.minutes, e.note, e.status, e.recorded_by, e.decided_by, e.decided_by_person_id, "    \
    "e.decided_at, e.reason, e.created_at, e.updated_at, e.revision"
#define NB_ENTRY_FROM " FROM time_entries e JOIN people p ON p.id = e.person_id"

static void nb_entry_row(nb_db_stmt *s, void *out)
{
    nb_entry *e = out;
    memset(e, 0, sizeof *e);
    e->id = nb_db_col_int(s, 0);
    e->person_id = nb_db_col_int(s, 1);
    e->person_org_id = nb_db_col_int(s, 2);
    e->assignment_id = nb_db_col_int(s, 3);
    e->allocation_id = nb_db_col_int(s, 4);
    nb_store_col_copy(s, 5, e->date, sizeof e->date);
    e->minutes = nb_db_col_int(s, 6);
    nb_store_col_copy(s, 7, e->note, sizeof e->note);
    nb_store_col_copy(s, 8, e->status, sizeof e->status);
    nb_store_col_copy(s, 9, e->recorded_by, sizeof e->recorded_by);
    nb_store_col_copy(s, 10, e->decided_by, sizeof e->decided_by);
    e->decided_by_person_id = nb_db_col_int(s, 11);
    nb_store_col_copy(s, 12, e->decided_at, sizeof e->decided_at);
    nb_store_col_copy(s, 13, e->reason, sizeof e->reason);
    nb_store_col_copy(s, 14, e->created_at, sizeof e->created_at);
    nb_store_col_copy(s, 15, e->updated_at, sizeof e->updated_at);
    e->revision = nb_db_col_int(s, 16);
}

int nb_entry_insert(nb_store *st, nb_entry *e, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO time_entries (person_id, assignment_id, allocation_id, work_date, minutes, "
        "note, status, recorded_by, created_at, updated_at, revision) "
        "VALUES ($1, $2, $3, $4, $5, $6, 'ingediend', $7, $8, $8, 1)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(e->created_at);
    memcpy(e->updated_at, e->created_at, sizeof e->updated_at);
    snprintf(e->status, sizeof e->status, "ingediend");
    nb_store_bind_int(st, s, 1, e->person_id);
    nb_store_bind_int(st, s, 2, e->assignment_id);
    nb_store_bind_int(st, s, 3, e->allocation_id);
    nb_store_bind_text(st, s, 4, e->date);
    nb_store_bind_int(st, s, 5, e->minutes);
    nb_store_bind_text(st, s, 6, e->note);
    nb_store_bind_text(st, s, 7, e->recorded_by);
    nb_store_bind_text(st, s, 8, e->created_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    e->id = nb_store_last_id(st);
    e->revision = 1;
    return 0;
}

/* nb_entry_get in a row-locked write (mode: nb_store_row_locked): the entry
 * read and locked with its allocation in one statement, both rows in the
 * fixed order (the entry, then its allocation). NB_ENOTFOUND also for an
 * entry without an allocation (nothing locked). */
static int nb_entry_get_locked(nb_store *st, int64_t id, int mode, nb_entry *out, nb_err *err)
{
#define NB_ENTRY_LOCK                                                         \
    "SELECT " NB_ENTRY_COLUMNS NB_ENTRY_FROM " JOIN allocations a ON a.id = " \
    "e.allocation_id WHERE e.id = $1 FOR UPDATE OF e, a"
    static const char wait[] = NB_ENTRY_LOCK;
    static const char nowait[] = NB_ENTRY_LOCK " NOWAIT";
    nb_db_stmt *s = nb_store_stmt(st, mode == NB_STORE_LOCK_NOWAIT ? nowait : wait, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = NB_ENOTFOUND;
    if (r == NB_DB_ROW) {
        nb_entry_row(s, out);
        rc = 0;
    } else if (r != NB_DB_DONE) {
        rc = nb_store_lock_fail(st, err, "lock time entry");
    }
    nb_db_reset(s);
    return rc;
}

int nb_entry_get(nb_store *st, int64_t id, nb_entry *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_ENTRY_COLUMNS NB_ENTRY_FROM " WHERE e.id = $1";
    int mode = nb_store_row_locked(st);
    if (mode != 0) {
        int rc = nb_entry_get_locked(st, id, mode, out, err);
        if (rc != NB_ENOTFOUND)
            return rc;
        /* missing, or without an allocation (which locks nothing, as before):
         * the plain read tells which */
    }
    return nb_store_get_one(st, sql, id, nb_entry_row, out, "Urenregistratie", err);
}

#define NB_ENTRY_CLIENT_MATCH                                           \
    "EXISTS (SELECT 1 FROM assignments x WHERE x.id = e.assignment_id " \
    "AND x.client_person_id = $4)"
/*
 * The WHERE of a time-entry listing for the filters in use: a filter not in
 * use is "$n IS NULL" (bound NULL, so true) rather than "($n IS NULL OR ...)",
 * which made count(*) test every filter on every row (three quarters of a
 * request after a write at demo x10) and kept SQLite from the indexes on
 * person, assignment and date (nb_store_page_where). The person's
 * organisation is the only filter that needs the join with people; *join is
 * set when it is in use. Parameters: $1 person, $2 organisation, $3
 * assignment, $4 the assignment's ambtelijk opdrachtgever, $5 1 when $1 or $4
 * (either) must match, $6 status, $7/$8 the dates, $11 the keyset id.
 */
static void nb_entry_where(const nb_entry_filter *f, nb_buf *w, int *join)
{
    nb_entry_filter all;
    memset(&all, 0, sizeof all);
    if (f == NULL)
        f = &all;
    if (f->either_person_or_client)
        nb_buf_printf(w, " WHERE (e.person_id = $1 OR " NB_ENTRY_CLIENT_MATCH ") AND $5 = 1");
    else
        nb_buf_printf(w, " WHERE %s AND %s AND $5 = 0",
                      f->person_id > 0 ? "e.person_id = $1" : "$1 IS NULL",
                      f->client_person_id > 0 ? NB_ENTRY_CLIENT_MATCH : "$4 IS NULL");
    nb_buf_printf(w, " AND %s AND %s AND %s AND %s AND %s AND e.id > $11",
                  f->organisation_id > 0 ? "p.organisation_id = $2" : "$2 IS NULL",
                  f->assignment_id > 0 ? "e.assignment_id = $3" : "$3 IS NULL",
                  f->status ? "e.status = $6" : "$6 IS NULL",
                  f->from ? "e.work_date >= $7" : "$7 IS NULL",
                  f->to ? "e.work_date <= $8" : "$8 IS NULL");
    *join = f->organisation_id > 0;
}

static void nb_entry_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_entry_filter *f = filter;
    nb_store_bind_opt_id(st, s, 1, f ? f->person_id : 0);
    nb_store_bind_opt_id(st, s, 2, f ? f->organisation_id : 0);
    nb_store_bind_opt_id(st, s, 3, f ? f->assignment_id : 0);
    nb_store_bind_opt_id(st, s, 4, f ? f->client_person_id : 0);
    nb_store_bind_int(st, s, 5, f && f->either_person_or_client ? 1 : 0);
    nb_store_bind_text(st, s, 6, f ? f->status : NULL);
    nb_store_bind_text(st, s, 7, f ? f->from : NULL);
    nb_store_bind_text(st, s, 8, f ? f->to : NULL);
    nb_store_bind_int(st, s, 11, f ? f->after_id : 0); /* $9, $10: limit and offset */
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_entry_each_ctx {
    int (*fn)(void *ctx, const nb_entry *rec);
    void *ctx;
} nb_entry_each_ctx;

static int nb_entry_each(void *c, nb_db_stmt *row)
{
    nb_entry_each_ctx *e = c;
    nb_entry rec;
    nb_entry_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_entry_sort_fields[] = {
    {"id", "e.id"},
    {"datum", "e.work_date"},
    {"medewerkerId", "e.person_id"},
    {"opdrachtId", "e.assignment_id"},
    {"minuten", "e.minutes"},
    {"status", "e.status"},
    {NULL, NULL},
};

int nb_entry_list(nb_store *st, const nb_entry_filter *filter, int64_t offset, int64_t limit,
                  int (*fn)(void *ctx, const nb_entry *e), void *ctx, int64_t *total, nb_err *err)
{
    static const nb_store_order order = {"SELECT " NB_ENTRY_COLUMNS NB_ENTRY_FROM,
                                         nb_entry_sort_fields, "e.id"};
    nb_sort by_date = {1, {1}, {0}}; /* the default order: nb_entry_sort_fields[1], datum */
    const nb_sort *sort = filter && filter->sort.n > 0 ? &filter->sort : &by_date;
    nb_entry_each_ctx e = {fn, ctx};
    nb_buf where = NB_BUF_INIT;
    int join = 0;
    nb_entry_where(filter, &where, &join);
    int rc = where.oom ? nb_err_set(err, NB_ENOMEM, "out of memory")
                       : nb_store_page_where(st,
                                             join ? "SELECT count(*)" NB_ENTRY_FROM
                                                  : "SELECT count(*) FROM time_entries e",
                                             &order, nb_buf_cstr(&where), sort,
                                             nb_entry_bind_filter, filter, 9, offset, limit,
                                             nb_entry_each, &e, total, "time entries", err);
    nb_buf_free(&where);
    return rc;
}

int nb_entry_decide(nb_store *st, int64_t id, const char *status, const char *decided_by,
                    int64_t decided_by_person_id, const char *reason, nb_err *err)
{
    char now[21];
    nb_time_now_iso(now);
    return nb_entry_decide_at(st, id, status, decided_by, decided_by_person_id, reason, now, err);
}

int nb_entry_decide_at(nb_store *st, int64_t id, const char *status, const char *decided_by,
                       int64_t decided_by_person_id, const char *reason, const char *at,
                       nb_err *err)
{
    /* Beheer's decision leaves decided_by_person_id NULL, as the submitted
     * row has it (only this statement sets it, and only once): not naming
     * the column, a foreign key, spares SQLite the statement journal and the
     * key's count and check at the end of the statement; OR FAIL as the
     * ledger's UPDATEs (migration 020: the trigger refuses with FAIL). */
    static const char by_person[] =
        "UPDATE OR FAIL time_entries SET status = $1, decided_by = $2, decided_at = $3, "
        "reason = $4, updated_at = $3, revision = revision + 1, decided_by_person_id = $5 "
        "WHERE id = $6 AND status = 'ingediend'";
    static const char by_beheer[] =
        "UPDATE OR FAIL time_entries SET status = $1, decided_by = $2, decided_at = $3, "
        "reason = $4, updated_at = $3, revision = revision + 1 "
        "WHERE id = $5 AND status = 'ingediend'";
    nb_db_stmt *s = nb_store_stmt(st, decided_by_person_id > 0 ? by_person : by_beheer, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, status);
    nb_store_bind_text(st, s, 2, decided_by);
    nb_store_bind_text(st, s, 3, at);
    nb_store_bind_text(st, s, 4, reason ? reason : "");
    if (decided_by_person_id > 0) {
        nb_store_bind_int(st, s, 5, decided_by_person_id);
        nb_store_bind_int(st, s, 6, id);
    } else {
        nb_store_bind_int(st, s, 5, id);
    }
    /* The row was read (and, in a row-locked write, locked) undecided in
     * this transaction, so one row changes; the count is checked when the
     * answer comes (on PostgreSQL with the next statement). */
    int rc = nb_store_exec_later_one(st, s, err);
    if (rc == NB_ENOTFOUND)
        rc = nb_err_set(err, NB_ECONFLICT, "Urenregistratie %lld is al beoordeeld.", (long long)id);
    return rc;
}

void nb_entry_set_decided(nb_entry *e, const char *status, const char *decided_by,
                          int64_t decided_by_person_id, const char *reason, const char *at)
{
    snprintf(e->status, sizeof e->status, "%s", status);
    snprintf(e->decided_by, sizeof e->decided_by, "%s", decided_by);
    e->decided_by_person_id = decided_by_person_id > 0 ? decided_by_person_id : 0;
    snprintf(e->decided_at, sizeof e->decided_at, "%s", at);
    snprintf(e->reason, sizeof e->reason, "%s", reason ? reason : "");
    snprintf(e->updated_at, sizeof e->updated_at, "%s", at);
    e->revision++;
}

int nb_entry_minutes_on(nb_store *st, int64_t person_id, const char *date, int64_t exclude_id,
                        int64_t *minutes, nb_err *err)
{
    static const char sql[] =
        "SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE person_id = $1 "
        "AND work_date = $2 AND status <> 'afgekeurd' AND id <> $3";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, person_id);
    nb_store_bind_text(st, s, 2, date);
    nb_store_bind_int(st, s, 3, exclude_id);
    int rc = 0;
    if (nb_store_step(st, s) == NB_DB_ROW)
        *minutes = nb_db_col_int(s, 0);
    else
        rc = nb_store_fail(st, err, "time entries");
    nb_db_reset(s);
    return rc;
}

/* ---- Ledger transfers of an approval ------------------------------------- */

int nb_entry_transfer_insert(nb_store *st, int64_t entry_id, const nb_entry_transfer *t,
                             nb_err *err)
{
    static const char sql[] =
        "INSERT INTO time_entry_transfers (time_entry_id, organisation_id, transfer_id, role, "
        "minutes) VALUES ($1, $2, $3, $4, $5)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, entry_id);
    nb_store_bind_int(st, s, 2, t->organisation_id);
    nb_store_bind_text(st, s, 3, t->transfer_id);
    nb_store_bind_text(st, s, 4, t->role);
    nb_store_bind_int(st, s, 5, t->minutes);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

int nb_entry_transfer_list(nb_store *st, const int64_t *ids, size_t n,
                           int (*fn)(void *ctx, int64_t entry_id, const nb_entry_transfer *t),
                           void *ctx, nb_err *err)
{
    /* One entry (every single answer: an approval's too) by equality, which
     * SQLite reads from the index in order; "IN (SELECT value FROM
     * json_each($1))" costs a temporary index of the ids each time. */
#define NB_ETL_SELECT                                                         \
    "SELECT time_entry_id, organisation_id, transfer_id, role, minutes FROM " \
    "time_entry_transfers WHERE time_entry_id "
    static const char one_sql[] = NB_ETL_SELECT "= $1 ORDER BY time_entry_id, id";
    static const char sql[] =
        NB_ETL_SELECT "IN (SELECT value FROM json_each($1)) ORDER BY time_entry_id, id";
#undef NB_ETL_SELECT
    nb_db_stmt *s = nb_store_stmt(st, n == 1 ? one_sql : sql, err);
    if (s == NULL)
        return NB_EDB;
    if (n == 1)
        nb_store_bind_int(st, s, 1, ids[0]);
    else
        nb_store_bind_ids(st, s, 1, ids, n);
    int r, rc = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_entry_transfer t;
        t.organisation_id = nb_db_col_int(s, 1);
        nb_store_col_copy(s, 2, t.transfer_id, sizeof t.transfer_id);
        nb_store_col_copy(s, 3, t.role, sizeof t.role);
        t.minutes = nb_db_col_int(s, 4);
        if ((rc = fn(ctx, nb_db_col_int(s, 0), &t)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "time entry transfers");
    nb_db_reset(s);
    return rc;
}

/* ---- Closed periods --------------------------------------------------------- */

#define NB_PERIOD_COLUMNS "id, closed_from, closed_to, closed_by, closed_at"

static void nb_period_row(nb_db_stmt *s, void *out)
{
    nb_period *p = out;
    memset(p, 0, sizeof *p);
    p->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, p->from, sizeof p->from);
    nb_store_col_copy(s, 2, p->to, sizeof p->to);
    nb_store_col_copy(s, 3, p->closed_by, sizeof p->closed_by);
    nb_store_col_copy(s, 4, p->closed_at, sizeof p->closed_at);
}

int nb_period_insert(nb_store *st, nb_period *p, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO periods (closed_from, closed_to, closed_by, closed_at) VALUES ($1, $2, $3, $4)";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_time_now_iso(p->closed_at);
    nb_store_bind_text(st, s, 1, p->from);
    nb_store_bind_text(st, s, 2, p->to);
    nb_store_bind_text(st, s, 3, p->closed_by);
    nb_store_bind_text(st, s, 4, p->closed_at);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    p->id = nb_store_last_id(st);
    return 0;
}

/* Decodes one listed row and hands it to the caller. */
typedef struct nb_period_each_ctx {
    int (*fn)(void *ctx, const nb_period *rec);
    void *ctx;
} nb_period_each_ctx;

static int nb_period_each(void *c, nb_db_stmt *row)
{
    nb_period_each_ctx *e = c;
    nb_period rec;
    nb_period_row(row, &rec);
    return e->fn(e->ctx, &rec);
}

const nb_sort_field nb_period_sort_fields[] = {
    {"id", "id"},
    {"van", "closed_from"},
    {"tot", "closed_to"},
    {NULL, NULL},
};

int nb_period_list_sorted(nb_store *st, const nb_sort *sort, int64_t offset, int64_t limit,
                          int (*fn)(void *ctx, const nb_period *p), void *ctx, int64_t *total,
                          nb_err *err)
{
    static const char count_sql[] = "SELECT count(*) FROM periods";
    static const char list_sql[] =
        "SELECT " NB_PERIOD_COLUMNS " FROM periods ORDER BY closed_from, id LIMIT $1 OFFSET $2";
    static const nb_store_order order = {"SELECT " NB_PERIOD_COLUMNS " FROM periods",
                                         nb_period_sort_fields, "id"};
    nb_period_each_ctx e = {fn, ctx};
    return nb_store_page_sorted(st, count_sql, list_sql, &order, sort, NULL, NULL, 1, offset, limit,
                                nb_period_each, &e, total, "periods", err);
}

int nb_period_list(nb_store *st, int64_t offset, int64_t limit,
                   int (*fn)(void *ctx, const nb_period *p), void *ctx, int64_t *total, nb_err *err)
{
    return nb_period_list_sorted(st, NULL, offset, limit, fn, ctx, total, err);
}

/* The first period of sql ($1 = from, $2 = to) into out (optional); NB_ENOTFOUND if none. */
static int nb_period_first(nb_store *st, const char *sql, const char *from, const char *to,
                           nb_period *out, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, from);
    nb_store_bind_text(st, s, 2, to);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW) {
        if (out)
            nb_period_row(s, out);
    } else if (r == NB_DB_DONE) {
        rc = NB_ENOTFOUND;
    } else {
        rc = nb_store_fail(st, err, "periods");
    }
    nb_db_reset(s);
    return rc;
}

int nb_period_covering(nb_store *st, const char *date, nb_period *out, nb_err *err)
{
    /* The first by id as min(id), not ORDER BY id LIMIT 1: SQLite sorted the
     * range it found in the index in a temporary b-tree, on every approval
     * (docs/performance.md, "Stop 27"). */
    static const char sql[] = "SELECT " NB_PERIOD_COLUMNS " FROM periods WHERE id = "
                              "(SELECT min(id) FROM periods WHERE closed_from <= $1 "
                              "AND closed_to >= $2)";
    return nb_period_first(st, sql, date, date, out, err);
}

int nb_period_overlapping(nb_store *st, const char *from, const char *to, nb_period *out,
                          nb_err *err)
{
    static const char sql[] = "SELECT " NB_PERIOD_COLUMNS " FROM periods "
                              "WHERE closed_from <= $2 AND closed_to >= $1 ORDER BY id LIMIT 1";
    return nb_period_first(st, sql, from, to, out, err);
}

int nb_period_get(nb_store *st, int64_t id, nb_period *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_PERIOD_COLUMNS " FROM periods WHERE id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_period_row, out, "Periode", err);
    return rc;
}

int nb_entry_count_open(nb_store *st, const char *from, const char *to, int64_t *n, nb_err *err)
{
    static const char sql[] = "SELECT count(*) FROM time_entries WHERE status = 'ingediend' "
                              "AND work_date >= $1 AND work_date <= $2";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, from);
    nb_store_bind_text(st, s, 2, to);
    int rc = 0;
    if (nb_store_step(st, s) == NB_DB_ROW)
        *n = nb_db_col_int(s, 0);
    else
        rc = nb_store_fail(st, err, "time entries");
    nb_db_reset(s);
    return rc;
}
