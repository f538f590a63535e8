/*
 * store/ledger_control.c — the hours ledger's period figures and its control
 * (migrations 002 and 017): the month of a timestamp, the per-account rows of
 * a period (from the month totals when the period is whole months, else from
 * the transfers), and nb_ledger_store_check, which streams every transfer
 * through nb_ledger_check_next and compares the month totals with a month set
 * it sums itself. See ledger_store.h and docs/ledger.md.
 */
#include "store/ledger_store.h"
#include "store/ledger_store_impl.h"
#include "store/ledger_views_impl.h"

#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Periods: the hours budget's figures                                      */
/* ------------------------------------------------------------------------ */

int32_t nb_ledger_month_of(int64_t ts)
{
    int y, m, d;
    nb_date_to_ymd(nb_date_amsterdam_day(ts), &y, &m, &d);
    return (int32_t)(y * 100 + m);
}

/* 1 when ts is 00:00 in Europe/Amsterdam on the first of a month (its month
 * in *month), 0 otherwise. */
static int month_start(int64_t ts, int32_t *month)
{
    int y, m, d;
    nb_date_to_ymd(nb_date_amsterdam_day(ts), &y, &m, &d);
    if (d != 1 || nb_date_amsterdam_midnight(nb_date_from_ymd(y, m, 1)) != ts)
        return 0;
    *month = (int32_t)(y * 100 + m);
    return 1;
}

/* Past every month key (YYYYMM <= 999912): the open end of a period. */
#define NB_MONTH_OPEN 1000000

/* Reads the period rows of s (columns as both queries below select them) into fn. */
static int period_rows_read(nb_store *st, nb_db_stmt *s,
                            int (*fn)(void *ctx, const nb_ledger_period_row *row), void *ctx,
                            nb_err *err)
{
    int rc = 0, r;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_ledger_period_row row;
        memset(&row, 0, sizeof row);
        row.organisation_id = nb_db_col_int(s, 0);
        nb_store_col_copy(s, 1, row.org_code, sizeof row.org_code);
        nb_store_col_copy(s, 2, row.org_name, sizeof row.org_name);
        nb_store_col_copy(s, 3, row.org_kind, sizeof row.org_kind);
        row.opening = nb_db_col_int(s, 4);
        row.taken = nb_db_col_int(s, 5);
        row.brought = nb_db_col_int(s, 6);
        row.deposit_minutes = nb_db_col_int(s, 7);
        row.deposit_cents = nb_db_col_int(s, 8);
        row.closing = nb_db_col_int(s, 9);
        row.credit_line = nb_db_col_int(s, 10);
        row.debits_pending = nb_db_col_int(s, 11);
        row.credits_pending = nb_db_col_int(s, 12);
        if ((rc = fn(ctx, &row)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "ledger period");
    nb_db_reset(s);
    return rc;
}

/*
 * A period of whole months, from the month totals (migration 017, kept by a
 * trigger on every transfer insert): from the balances on the account rows
 * (the balance now, the credit line now) and the rows of ledger_account_months
 * from the first month on — a dozen rows per account for a year, however
 * many transfers it holds: closing = the balance now less what the months
 * from to_month on did, opening = closing less the period's change.
 */
static int period_rows_months(nb_store *st, int32_t from_month, int32_t to_month,
                              int (*fn)(void *ctx, const nb_ledger_period_row *row), void *ctx,
                              nb_err *err)
{
    static const char sql[] =
        "WITH m AS (SELECT account_id AS acct, "
        "sum(CASE WHEN month < $2 THEN delta ELSE 0 END) AS yd, "
        "sum(CASE WHEN month >= $2 THEN delta ELSE 0 END) AS ad, "
        "sum(CASE WHEN month < $2 THEN taken ELSE 0 END) AS taken, "
        "sum(CASE WHEN month < $2 THEN brought ELSE 0 END) AS brought, "
        "sum(CASE WHEN month < $2 THEN deposit_minutes ELSE 0 END) AS dep, "
        "sum(CASE WHEN month < $2 THEN deposit_cents ELSE 0 END) AS cents, "
        "sum(CASE WHEN month >= $2 THEN credit_line ELSE 0 END) AS line_after "
        "FROM ledger_account_months WHERE month >= $1 GROUP BY account_id), "
        "b AS (SELECT o.id AS id, o.code AS code, o.name AS name, o.kind AS kind, "
        "coalesce(a.credits_posted - a.debits_posted, 0) - coalesce(m.ad, 0) AS closing, "
        "coalesce(m.yd, 0) AS yd, coalesce(m.taken, 0) AS taken, "
        "coalesce(m.brought, 0) AS brought, coalesce(m.dep, 0) AS dep, "
        "coalesce(m.cents, 0) AS cents, "
        "CASE WHEN a.id IS NULL THEN o.credit_line_minutes ELSE a.credit_line_minutes - "
        "coalesce(m.line_after, 0) END AS line, "
        "coalesce(a.debits_pending, 0) AS dp, coalesce(a.credits_pending, 0) AS cp "
        "FROM organisations o LEFT JOIN ledger_accounts a ON a.organisation_id = o.id "
        "LEFT JOIN m ON m.acct = a.id) "
        "SELECT id, code, name, kind, closing - yd, taken, brought, dep, cents, closing, line, dp, "
        "cp FROM b ORDER BY name, code";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, from_month);
    nb_store_bind_int(st, s, 2, to_month);
    return period_rows_read(st, s, fn, ctx, err);
}

/*
 * Any other period, from the transfers themselves: from the balances on the
 * account rows and the transfers from from_ts on, read once, grouped by debit
 * and by credit account (the ts index; no history before the period is
 * read): closing = the balance now less what came after to_ts, opening =
 * closing less the period's effects. The balance effect is the statement's
 * (NB_TR_DELTA_OF); a reversal counts against the family of the transfer it
 * reverses (a reversed work transfer lowers what was taken and brought). Work
 * and deposits count when posted (not reservations, not voids; a post of a
 * reservation with what it posted). The month totals hold the same rules
 * (migration 017); tests/store/test_ledger_months.c keeps both equal.
 */
#define NB_PERIOD_SIDE(acct, extra)                                                                           \
    "SELECT " acct " AS acct, sum(CASE WHEN t.ts < $2 THEN " NB_TR_DELTA_OF(                                  \
        acct) " ELSE 0 "                                                                                      \
              "END) AS yd, sum(CASE WHEN t.ts >= $2 THEN " NB_TR_DELTA_OF(                                    \
                  acct) " ELSE 0 END) AS ad, " extra                                                          \
                        " FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND " \
                        "t.reverses_id <> '' WHERE t.ts >= $1 GROUP BY " acct
static int period_rows_scan(nb_store *st, int64_t from_ts, int64_t to_ts,
                            int (*fn)(void *ctx, const nb_ledger_period_row *row), void *ctx,
                            nb_err *err)
{
    static const char sql[] = "WITH d AS (" NB_PERIOD_SIDE(
        "t.debit_account_id",
        "sum(CASE WHEN t.ts < $2 AND (t.flags & 5) = 0 AND t.kind = 'werk' THEN t.amount "
        "ELSE 0 END) AS work, sum(CASE WHEN t.ts < $2 AND r.kind = 'werk' THEN t.amount ELSE "
        "0 END) AS work_back, sum(CASE WHEN t.ts < $2 AND r.kind = 'storting' THEN t.amount "
        "ELSE 0 END) AS dep_back, sum(CASE WHEN t.ts < $2 AND r.kind = 'storting' THEN "
        "r.money_cents ELSE 0 END) AS cents_back, sum(CASE WHEN t.ts >= $2 AND r.kind = "
        "'kredietlijn' THEN t.amount ELSE 0 END) AS line_after") "), "
                                                                 "c AS (" NB_PERIOD_SIDE(
                                                                     "t.credit_account_id",
                                                                     "sum(CASE WHEN t.ts < $2 AND (t.flags & 5) = 0 AND t.kind = 'werk' THEN t.amount "
                                                                     "ELSE 0 END) AS work, sum(CASE WHEN t.ts < $2 AND r.kind = 'werk' THEN t.amount ELSE "
                                                                     "0 END) AS work_back, sum(CASE WHEN t.ts < $2 AND t.kind = 'storting' THEN t.amount "
                                                                     "ELSE 0 END) AS dep, sum(CASE WHEN t.ts < $2 AND t.kind = 'storting' THEN "
                                                                     "t.money_cents ELSE 0 END) AS cents, sum(CASE WHEN t.ts >= $2 AND t.kind = "
                                                                     "'kredietlijn' THEN t.amount ELSE 0 END) AS line_after") "), "
                                                                                                                              "b AS (SELECT o.id AS id, o.code AS code, o.name AS name, o.kind AS kind, "
                                                                                                                              "coalesce(a.credits_posted - a.debits_posted, 0) - coalesce(d.ad, 0) - coalesce(c.ad, 0) "
                                                                                                                              "AS closing, coalesce(d.yd, 0) + coalesce(c.yd, 0) AS yd, "
                                                                                                                              "coalesce(d.work, 0) - coalesce(c.work_back, 0) AS taken, "
                                                                                                                              "coalesce(c.work, 0) - coalesce(d.work_back, 0) AS brought, "
                                                                                                                              "coalesce(c.dep, 0) - coalesce(d.dep_back, 0) AS dep, "
                                                                                                                              "coalesce(c.cents, 0) - coalesce(d.cents_back, 0) AS cents, "
                                                                                                                              "CASE WHEN a.id IS NULL THEN o.credit_line_minutes ELSE a.credit_line_minutes - "
                                                                                                                              "coalesce(c.line_after, 0) + coalesce(d.line_after, 0) END AS line, "
                                                                                                                              "coalesce(a.debits_pending, 0) AS dp, coalesce(a.credits_pending, 0) AS cp "
                                                                                                                              "FROM organisations o LEFT JOIN ledger_accounts a ON a.organisation_id = o.id "
                                                                                                                              "LEFT JOIN d ON d.acct = a.id LEFT JOIN c ON c.acct = a.id) "
                                                                                                                              "SELECT id, code, name, kind, closing - yd, taken, brought, dep, cents, closing, line, dp, "
                                                                                                                              "cp FROM b ORDER BY name, code";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, from_ts);
    nb_store_bind_int(st, s, 2, stmt_to(to_ts));
    return period_rows_read(st, s, fn, ctx, err);
}
#undef NB_PERIOD_SIDE

int nb_ledger_store_period_rows(nb_store *st, int64_t from_ts, int64_t to_ts,
                                int (*fn)(void *ctx, const nb_ledger_period_row *row), void *ctx,
                                nb_err *err)
{
    int32_t from_month = 0, to_month = NB_MONTH_OPEN;
    if (month_start(from_ts, &from_month) && (to_ts <= 0 || month_start(to_ts, &to_month)) &&
        to_month >= from_month)
        return period_rows_months(st, from_month, to_month, fn, ctx, err);
    return period_rows_scan(st, from_ts, to_ts, fn, ctx, err);
}

/* ------------------------------------------------------------------------ */
/* Control                                                                   */
/* ------------------------------------------------------------------------ */

/* Columns of one side of the control's query (t or p): position, then what
 * the control reads of a transfer. */
#define NB_CHECK_COLUMNS(a)                                                               \
    a ".id, " a ".tid, " a ".debit_account_id, " a ".credit_account_id, " a ".amount, " a \
      ".kind, " a ".flags, " a ".pending_id, " a ".reverses_id"
#define NB_CHECK_NCOLS 9

/* Reads the transfer at column col (NB_CHECK_COLUMNS); returns its position. */
static int64_t check_row(nb_db_stmt *s, int col, nb_transfer *t)
{
    memset(t, 0, sizeof *t);
    nb_store_col_copy(s, col + 1, t->id, sizeof t->id);
    t->debit_account_id = nb_db_col_int(s, col + 2);
    t->credit_account_id = nb_db_col_int(s, col + 3);
    t->amount = nb_db_col_int(s, col + 4);
    t->kind = nb_ledger_kind_parse(nb_store_col_text(s, col + 5));
    t->flags = (uint32_t)nb_db_col_int(s, col + 6);
    nb_store_col_copy(s, col + 7, t->pending_id, sizeof t->pending_id);
    nb_store_col_copy(s, col + 8, t->reverses_id, sizeof t->reverses_id);
    return nb_db_col_int(s, col);
}

/*
 * The month totals recomputed (migration 017): per (account, month) what the
 * transfers add to each column of ledger_account_months. An open-addressing
 * hash table: one entry per account and month that has a transfer, so its
 * size grows with the accounts and the months of history, never with the
 * number of transfers.
 */
typedef struct month_tot {
    int64_t account_id; /* 0 = empty slot */
    int32_t month;
    int seen; /* the stored row was found */
    int64_t v[NB_MONTH_COLS];
} month_tot;

typedef struct month_set {
    month_tot *slot;
    size_t cap, n; /* cap a power of two */
} month_set;

static size_t month_hash(int64_t acct, int32_t month, size_t cap)
{
    uint64_t h = ((uint64_t)acct * UINT64_C(0x9E3779B97F4A7C15)) ^
                 ((uint64_t)(uint32_t)month * UINT64_C(0xC2B2AE3D27D4EB4F));
    return (size_t)(h >> 29) & (cap - 1);
}

/* The entry of (acct, month), added (zeros) when absent; NULL when out of memory. */
static month_tot *month_get(month_set *m, int64_t acct, int32_t month)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        month_tot *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return NULL;
        for (size_t k = 0; k < m->cap; k++) {
            if (m->slot[k].account_id == 0)
                continue;
            size_t i = month_hash(m->slot[k].account_id, m->slot[k].month, cap);
            while (t[i].account_id != 0)
                i = (i + 1) & (cap - 1);
            t[i] = m->slot[k];
        }
        free(m->slot);
        m->slot = t;
        m->cap = cap;
    }
    size_t i = month_hash(acct, month, m->cap);
    while (m->slot[i].account_id != 0 &&
           (m->slot[i].account_id != acct || m->slot[i].month != month))
        i = (i + 1) & (m->cap - 1);
    if (m->slot[i].account_id == 0) {
        m->slot[i].account_id = acct;
        m->slot[i].month = month;
        m->n++;
    }
    return &m->slot[i];
}

/* The entry of (acct, month) or NULL; never adds. */
static month_tot *month_find(month_set *m, int64_t acct, int32_t month)
{
    if (m->cap == 0 || acct == 0)
        return NULL;
    for (size_t i = month_hash(acct, month, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->slot[i].account_id == acct && m->slot[i].month == month)
            return &m->slot[i];
        if (m->slot[i].account_id == 0)
            return NULL;
    }
}

/* Adds v to e's columns (wrapping as the database's sums cannot: a sum that
 * overflowed there is an error, not a finding). */
static void month_add(month_tot *e, const int64_t v[NB_MONTH_COLS])
{
    for (int k = 0; k < NB_MONTH_COLS; k++)
        e->v[k] = (int64_t)((uint64_t)e->v[k] + (uint64_t)v[k]);
}

/* Adds transfer t (at Unix time ts; see nb_ledger_month_parts) to the month
 * totals of its two accounts. 0 or NB_ENOMEM. */
static int month_transfer(month_set *m, const nb_transfer *t, int64_t ts, int64_t money_cents,
                          nb_transfer_kind rkind, int64_t rcents)
{
    int64_t debit[NB_MONTH_COLS], credit[NB_MONTH_COLS];
    int32_t month = nb_ledger_month_of(ts);
    nb_ledger_month_parts(t, money_cents, rkind, rcents, debit, credit);
    month_tot *e = month_get(m, t->debit_account_id, month);
    if (e == NULL)
        return NB_ENOMEM;
    month_add(e, debit);
    if ((e = month_get(m, t->credit_account_id, month)) == NULL)
        return NB_ENOMEM;
    month_add(e, credit);
    return 0;
}

static void month_problem(nb_ledger_report *rep, int64_t acct, int32_t month)
{
    if (rep->mismatched_months++ == 0 && rep->first_problem[0] == '\0')
        snprintf(rep->first_problem, sizeof rep->first_problem,
                 "stored month totals differ from the transfers (account %lld, month %04d-%02d)",
                 (long long)acct, (int)(month / 100), (int)(month % 100));
}

/* Compares the stored month totals with m, counting every row that differs,
 * is missing or is not explained by any transfer into report. */
static int month_compare(nb_store *st, month_set *m, nb_ledger_report *report, nb_err *err)
{
    static const char sql[] =
        "SELECT account_id, month, delta, taken, brought, deposit_minutes, deposit_cents, "
        "credit_line FROM ledger_account_months ORDER BY account_id, month";
    int rc = 0, r;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        int64_t acct = nb_db_col_int(s, 0);
        int32_t month = (int32_t)nb_db_col_int(s, 1);
        month_tot *e = month_find(m, acct, month);
        int same = e != NULL && !e->seen;
        for (int k = 0; same && k < NB_MONTH_COLS; k++)
            same = e->v[k] == nb_db_col_int(s, 2 + k);
        if (e != NULL)
            e->seen = 1;
        if (!same)
            month_problem(report, acct, month);
    }
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "ledger month totals");
    nb_db_reset(s);
    for (size_t i = 0; rc == 0 && i < m->cap; i++)
        if (m->slot[i].account_id != 0 && !m->slot[i].seen)
            month_problem(report, m->slot[i].account_id, m->slot[i].month);
    return rc;
}

/*
 * The control, streamed: the accounts are loaded (one per organisation), the
 * transfers are read one at a time in application order (rowid), each with
 * the transfer it names joined in by SQL (the unique index on tid), and fed to
 * nb_ledger_check_next_stored: whether a reservation was resolved, or a
 * transfer reversed, before is read from that transfer's stored entry state,
 * not remembered. Each transfer is also added to the month totals
 * recomputed (one entry per account and month), which are compared with
 * ledger_account_months at the end. So the memory is the accounts' and the
 * months', not the transfers'. Every step is checked: a database error is
 * NB_EDB (or NB_EBUSY), never a finding.
 */
int nb_ledger_store_check(nb_store *st, nb_ledger_report *report, nb_err *err)
{
    static const char nacct_sql[] = "SELECT count(*) FROM ledger_accounts";
    static const char acct_sql[] = "SELECT " NB_ACCT_COLUMNS " FROM ledger_accounts ORDER BY id";
    static const char dup_sql[] =
        "SELECT tid, count(*) FROM ledger_transfers GROUP BY tid HAVING count(*) > 1 ORDER BY tid";
    /* The reference p: pending_id for a post or void (flags 2|4), reverses_id
     * for a reversal — the same choice nb_ledger_check makes — with its
     * entry state; then for the month totals t's time and money and r, the
     * transfer its reverses_id names (the family a reversal counts against,
     * as migration 017 joins it). */
#define NB_CHECK_STATE (2 * NB_CHECK_NCOLS)
    static const char tr_sql[] = "SELECT " NB_CHECK_COLUMNS("t") ", " NB_CHECK_COLUMNS(
        "p") ", p.resolved_by, p.reversed_by, t.ts, t.money_cents, r.kind, r.money_cents "
             "FROM ledger_transfers t LEFT JOIN ledger_transfers p ON p.tid = CASE WHEN "
             "(t.flags & 6) <> 0 THEN t.pending_id WHEN t.kind = 'terugboeking' THEN "
             "t.reverses_id END LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND "
             "t.reverses_id <> '' ORDER BY t.id";
    nb_account *accts = NULL;
    nb_ledger_checker *chk = NULL;
    month_set months = {NULL, 0, 0};
    int64_t na = 0;
    size_t ia = 0;
    int rc = 0, r;
    nb_db_stmt *s;

    memset(report, 0, sizeof *report);
    if ((rc = nb_ledger_store_single_id(st, nacct_sql, 0, &na, err)) != 0)
        return rc;
    accts = calloc((size_t)na + 1, sizeof *accts);
    if (accts == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((s = nb_store_stmt(st, acct_sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    while ((r = nb_store_step(st, s)) == NB_DB_ROW && ia < (size_t)na)
        nb_ledger_store_acct_row(s, &accts[ia++], NULL);
    if (r != NB_DB_DONE)
        rc = r == NB_DB_ROW ? nb_err_set(err, NB_EDB, "ledger accounts changed during the check")
                            : nb_store_fail(st, err, "ledger accounts");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    if ((rc = nb_ledger_check_begin(accts, ia, report, &chk)) != 0) {
        nb_err_set(err, rc, "ledger check failed");
        goto cleanup;
    }
    if ((s = nb_store_stmt(st, dup_sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    while ((r = nb_store_step(st, s)) == NB_DB_ROW)
        for (int64_t k = nb_db_col_int(s, 1); k > 1; k--)
            nb_ledger_check_duplicate(chk, nb_store_col_text(s, 0));
    if (r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "ledger transfers");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    if ((s = nb_store_stmt(st, tr_sql, err)) == NULL) {
        rc = NB_EDB;
        goto cleanup;
    }
    nb_db_stream(s); /* every transfer: bounded memory on PostgreSQL too */
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_transfer t;
        nb_ledger_entry ref;
        int64_t seq = check_row(s, 0, &t);
        int has_ref = !nb_db_col_null(s, NB_CHECK_NCOLS);
        int64_t ref_seq = 0;
        if (has_ref) {
            memset(&ref, 0, sizeof ref);
            ref_seq = check_row(s, NB_CHECK_NCOLS, &ref.transfer);
            snprintf(ref.resolved_by, sizeof ref.resolved_by, "%s",
                     nb_store_col_text(s, NB_CHECK_STATE));
            snprintf(ref.reversed_by, sizeof ref.reversed_by, "%s",
                     nb_store_col_text(s, NB_CHECK_STATE + 1));
        }
        if ((rc = nb_ledger_check_next_stored(chk, &t, seq, has_ref ? &ref : NULL, ref_seq)) != 0) {
            nb_err_set(err, rc, "ledger check failed");
            break;
        }
        nb_transfer_kind rkind =
            nb_db_col_null(s, NB_CHECK_STATE + 4)
                ? NB_KIND_NONE
                : nb_ledger_kind_parse(nb_store_col_text(s, NB_CHECK_STATE + 4));
        if ((rc = month_transfer(&months, &t, nb_db_col_int(s, NB_CHECK_STATE + 2),
                                 nb_db_col_int(s, NB_CHECK_STATE + 3), rkind,
                                 nb_db_col_int(s, NB_CHECK_STATE + 5))) != 0) {
            nb_err_set(err, rc, "out of memory");
            break;
        }
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "ledger transfers");
    nb_db_reset(s);
    if (rc != 0)
        goto cleanup;
    if ((rc = month_compare(st, &months, report, err)) != 0)
        goto cleanup;
    rc = nb_ledger_check_end(chk);
    chk = NULL;
    if (rc == NB_ECONFLICT)
        nb_err_set(err, NB_ECONFLICT, "%s", report->first_problem);
    else if (rc != 0)
        nb_err_set(err, rc, "ledger check failed");
cleanup:
    nb_ledger_check_free(chk);
    free(months.slot);
    free(accts);
    return rc;
#undef NB_CHECK_STATE
}
