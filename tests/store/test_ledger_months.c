/*
 * tests/store/test_ledger_months.c — the ledger's month totals per account
 * (migration 017, ledger_account_months) against the transfers they sum.
 *
 * Random ledger histories (every kind, reservations, posts, voids,
 * reversals of every family, deposits with money, timestamps on and around
 * the month boundaries of Europe/Amsterdam in summer and winter time) are
 * written as rows; then the period figures of nb_ledger_store_period_rows
 * (from the month totals for whole months) and the hours budget
 * (nb_budget_load) must equal the aggregate over every transfer that served
 * them before migration 017 — its SQL is kept below as the oracle. The
 * rows are written as the store writes them: the transfers, then their month
 * totals by the write path's rules (nb_ledger_store_months_add; migration 019
 * dropped 017's trigger). The control check must find no month that differs
 * on those histories, must find a corrupted, a missing and an unexplained
 * month row, and migration 017's backfill (a from-scratch aggregate in SQL)
 * must build the same rows as the write path — also after random batches of
 * reservations, posts, voids, work, deposits and reversals applied through
 * nb_ledger_store_apply.
 *
 * Runs on a fresh SQLite file; with NOABER_TEST_PG (a libpq connection
 * string without dbname, as scripts/pg_tmp.sh gives) on a fresh database of
 * that cluster instead (suite 'pg').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/budget.h"
#include "store/ledger_store.h"
#include "store/migrations.h"
#include "store/organisations.h"
#include "store/store.h"
#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NORGS 5
#define NACCTS (NORGS + 1)

typedef struct fixture {
    char target[400];
    char file[64]; /* the SQLite file, "" on PostgreSQL */
    nb_store *st;
    int64_t acct[NACCTS]; /* [0] the fund */
    int64_t org[NACCTS];  /* [0] 0 */
} fixture;

static int64_t new_org(nb_store *st, int i)
{
    nb_org o;
    nb_err err;
    memset(&o, 0, sizeof o);
    snprintf(o.code, sizeof o.code, "GM%04d", 100 + i);
    snprintf(o.kind, sizeof o.kind, "gemeente");
    snprintf(o.name, sizeof o.name, "Gemeente %c", 'A' + (i * 3) % NORGS);
    assert_int_equal(nb_org_insert(st, &o, &err), 0);
    return o.id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    nb_err err;
    const char *pg = getenv("NOABER_TEST_PG");
    if (pg != NULL && *pg != '\0') {
        static int seq;
        char cmd[600];
        snprintf(cmd, sizeof cmd,
                 "psql -X -q '%s dbname=postgres' -c 'CREATE DATABASE lm%ld_%d' >&2", pg,
                 (long)getpid(), ++seq);
        assert_int_equal(system(cmd), 0);
        snprintf(f->target, sizeof f->target, "%s dbname=lm%ld_%d", pg, (long)getpid(), seq);
    } else {
        snprintf(f->file, sizeof f->file, "/tmp/nb_ledger_months_XXXXXX");
        int fd = mkstemp(f->file);
        assert_true(fd >= 0);
        close(fd);
        unlink(f->file);
        snprintf(f->target, sizeof f->target, "%s", f->file);
    }
    if (nb_store_open(f->target, 1, &f->st, &err) != 0)
        fail_msg("open %s: %s", f->target, err.msg);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_fund_account(f->st, &f->acct[0], &err), 0);
    for (int i = 1; i < NACCTS; i++) {
        f->org[i] = new_org(f->st, i);
        assert_int_equal(nb_ledger_store_org_account(f->st, f->org[i], &f->acct[i], &err), 0);
    }
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    if (f->file[0]) {
        char p[96];
        unlink(f->file);
        snprintf(p, sizeof p, "%s-wal", f->file);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", f->file);
        unlink(p);
    }
    free(f);
    return 0;
}

static void exec_ok(nb_store *st, const char *sql)
{
    nb_err err = {{0}};
    if (nb_store_exec(st, sql, &err) != 0)
        fail_msg("%s: %s", sql, err.msg);
}

/* ---- Random histories ------------------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

static int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* What a history keeps of its transfers to refer back to. */
typedef struct hist_tr {
    char tid[32];
    int64_t debit, credit, amount;
    int pending; /* a reservation not resolved yet */
} hist_tr;

/* Inserts one transfer row as the store writes it (its month totals are
 * added by the caller, nb_ledger_store_months_add). */
static void insert_row(nb_store *st, const char *tid, int64_t debit, int64_t credit, int64_t amount,
                       const char *kind, int64_t flags, const char *pending_id,
                       const char *reverses_id, int64_t money, int64_t ts)
{
    static const char sql[] =
        "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
        "flags, pending_id, reverses_id, money_cents, hour_rate_cents, ts, reason, pending_state) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, 'test', $11)";
    nb_err err = {{0}};
    nb_db_stmt *s = nb_store_stmt_text(st, sql, &err);
    if (s == NULL)
        fail_msg("prepare: %s", err.msg);
    nb_store_bind_text(st, s, 1, tid);
    nb_store_bind_int(st, s, 2, debit);
    nb_store_bind_int(st, s, 3, credit);
    nb_store_bind_int(st, s, 4, amount);
    nb_store_bind_text(st, s, 5, kind);
    nb_store_bind_int(st, s, 6, flags);
    nb_store_bind_text(st, s, 7, pending_id);
    nb_store_bind_text(st, s, 8, reverses_id);
    nb_store_bind_int(st, s, 9, money);
    nb_store_bind_int(st, s, 10, ts);
    nb_store_bind_text(st, s, 11, (flags & NB_TRANSFER_PENDING) ? "open" : "geen");
    if (nb_store_exec_stmt(st, s, &err) != 0)
        fail_msg("insert %s: %s", tid, err.msg);
}

/* A time in the months 2025-01 .. 2027-03, half of them within two hours
 * and a second of a month's start in UTC (where Amsterdam's month starts at
 * 22:00 or 23:00 UTC the day before). */
static int64_t random_ts(uint64_t *s)
{
    int mi = (int)rng_range(s, 0, 26);
    int y = 2025 + mi / 12, m = 1 + mi % 12;
    int64_t start = (int64_t)nb_date_from_ymd(y, m, 1) * 86400;
    static const int64_t edge[] = {-7201, -7200, -7199, -3601, -3600, -3599, -1, 0, 1};
    if (rng_next(s) % 2)
        return start + edge[rng_next(s) % (sizeof edge / sizeof edge[0])];
    return start + rng_range(s, 0, 27 * 86400);
}

/*
 * Writes n random transfers between the fixture's accounts: work (posted,
 * reserved, a post or void of an open reservation), deposits with money,
 * credit lines, corrections, and reversals of any earlier transfer that is
 * not a reservation or void. The stored balances get random values too (the
 * figures read them; nothing here has to balance).
 */
static void random_history(fixture *f, uint64_t seed, int n)
{
    uint64_t s = seed;
    nb_err err = {{0}};
    hist_tr *h = calloc((size_t)n, sizeof *h);
    nb_ledger_entry chunk[8];
    size_t nc = 0, want = 1;
    memset(chunk, 0, sizeof chunk);
    assert_non_null(h);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    for (int i = 0; i < n; i++) {
        hist_tr *t = &h[i];
        snprintf(t->tid, sizeof t->tid, "h%" PRIu64 "-%d", seed, i);
        int d = (int)rng_range(&s, 0, NACCTS - 1);
        int c = (int)rng_range(&s, 0, NACCTS - 2);
        if (c >= d)
            c++;
        t->debit = f->acct[d];
        t->credit = f->acct[c];
        t->amount = rng_range(&s, 1, 6000);
        int64_t ts = random_ts(&s), money = 0, flags = 0;
        const char *kind = "werk", *pending_id = "", *reverses_id = "";
        int what = (int)rng_range(&s, 0, 9);
        if (what <= 2) {
            /* posted work */
        } else if (what == 3) {
            flags = NB_TRANSFER_PENDING;
            t->pending = 1;
        } else if (what == 4) {
            /* resolve an open reservation, when there is one */
            for (int k = i - 1; k >= 0; k--) {
                if (!h[k].pending)
                    continue;
                h[k].pending = 0;
                flags = rng_next(&s) % 2 ? NB_TRANSFER_POST_PENDING : NB_TRANSFER_VOID_PENDING;
                pending_id = h[k].tid;
                t->debit = h[k].debit;
                t->credit = h[k].credit;
                t->amount = rng_range(&s, 1, h[k].amount);
                break;
            }
        } else if (what == 5) {
            kind = "storting";
            money = rng_range(&s, 1, 4000000);
        } else if (what == 6) {
            kind = "kredietlijn";
        } else if (what == 7) {
            kind = "correctie";
        } else if (i > 0) {
            /* reverse an earlier transfer (its kind decides the family) */
            int k = (int)rng_range(&s, 0, i - 1);
            kind = "terugboeking";
            reverses_id = h[k].tid;
            t->debit = h[k].credit;
            t->credit = h[k].debit;
            t->amount = h[k].amount;
        }
        insert_row(f->st, t->tid, t->debit, t->credit, t->amount, kind, flags, pending_id,
                   reverses_id, money, ts);
        /* the month totals in chunks of 1..8 transfers, as batches add them */
        nb_transfer *w = &chunk[nc++].transfer;
        snprintf(w->id, sizeof w->id, "%s", t->tid);
        w->debit_account_id = t->debit;
        w->credit_account_id = t->credit;
        w->amount = t->amount;
        w->kind = nb_ledger_kind_parse(kind);
        w->flags = (uint32_t)flags;
        snprintf(w->pending_id, sizeof w->pending_id, "%s", pending_id);
        snprintf(w->reverses_id, sizeof w->reverses_id, "%s", reverses_id);
        w->money_cents = money;
        w->timestamp = ts;
        if (nc == want || i == n - 1) {
            if (nb_ledger_store_months_add(f->st, chunk, nc, &err) != 0)
                fail_msg("months: %s", err.msg);
            nc = 0;
            want = (size_t)rng_range(&s, 1, 8);
        }
    }
    for (int i = 0; i < NACCTS; i++) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "UPDATE ledger_accounts SET credits_posted = %" PRId64 ", debits_posted = %" PRId64
                 ", credit_line_minutes = %" PRId64 " WHERE id = %" PRId64,
                 rng_range(&s, 0, 900000), rng_range(&s, 0, 900000), rng_range(&s, 0, 90000),
                 f->acct[i]);
        exec_ok(f->st, sql);
    }
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    free(h);
}

/* ---- The oracle: the period figures as they were computed before 017 ------- */

#define ORACLE_DELTA_OF(acct)                                                           \
    "CASE WHEN (t.flags & 5) <> 0 OR t.kind = 'kredietlijn' OR coalesce(r.kind, '') = " \
    "'kredietlijn' THEN 0 WHEN t.credit_account_id = " acct " THEN t.amount ELSE -t.amount END"
#define ORACLE_SIDE(acct, extra)                                                                              \
    "SELECT " acct " AS acct, sum(CASE WHEN t.ts < $2 THEN " ORACLE_DELTA_OF(                                 \
        acct) " ELSE 0 "                                                                                      \
              "END) AS yd, sum(CASE WHEN t.ts >= $2 THEN " ORACLE_DELTA_OF(                                   \
                  acct) " ELSE 0 END) AS ad, " extra                                                          \
                        " FROM ledger_transfers t LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND " \
                        "t.reverses_id <> '' WHERE t.ts >= $1 GROUP BY " acct
static const char oracle_sql[] = "WITH d AS (" ORACLE_SIDE(
    "t.debit_account_id",
    "sum(CASE WHEN t.ts < $2 AND (t.flags & 5) = 0 AND t.kind = 'werk' THEN t.amount "
    "ELSE 0 END) AS work, sum(CASE WHEN t.ts < $2 AND r.kind = 'werk' THEN t.amount ELSE "
    "0 END) AS work_back, sum(CASE WHEN t.ts < $2 AND r.kind = 'storting' THEN t.amount "
    "ELSE 0 END) AS dep_back, sum(CASE WHEN t.ts < $2 AND r.kind = 'storting' THEN "
    "r.money_cents ELSE 0 END) AS cents_back, sum(CASE WHEN t.ts >= $2 AND r.kind = "
    "'kredietlijn' THEN t.amount ELSE 0 END) AS line_after") "), "
                                                             "c AS (" ORACLE_SIDE(
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

#define MAX_ROWS 16

typedef struct rows {
    nb_ledger_period_row r[MAX_ROWS];
    size_t n;
} rows;

static int rows_add(void *ctx, const nb_ledger_period_row *row)
{
    rows *rs = ctx;
    assert_true(rs->n < MAX_ROWS);
    rs->r[rs->n++] = *row;
    return 0;
}

static void oracle(nb_store *st, int64_t from_ts, int64_t to_ts, rows *out)
{
    nb_err err = {{0}};
    memset(out, 0, sizeof *out);
    nb_db_stmt *s = nb_store_stmt_text(st, oracle_sql, &err);
    if (s == NULL)
        fail_msg("oracle: %s", err.msg);
    nb_store_bind_int(st, s, 1, from_ts);
    nb_store_bind_int(st, s, 2, to_ts > 0 ? to_ts : INT64_MAX);
    int r;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_ledger_period_row *row = &out->r[out->n++];
        assert_true(out->n <= MAX_ROWS);
        memset(row, 0, sizeof *row);
        row->organisation_id = nb_db_col_int(s, 0);
        snprintf(row->org_code, sizeof row->org_code, "%s", nb_store_col_text(s, 1));
        snprintf(row->org_name, sizeof row->org_name, "%s", nb_store_col_text(s, 2));
        snprintf(row->org_kind, sizeof row->org_kind, "%s", nb_store_col_text(s, 3));
        row->opening = nb_db_col_int(s, 4);
        row->taken = nb_db_col_int(s, 5);
        row->brought = nb_db_col_int(s, 6);
        row->deposit_minutes = nb_db_col_int(s, 7);
        row->deposit_cents = nb_db_col_int(s, 8);
        row->closing = nb_db_col_int(s, 9);
        row->credit_line = nb_db_col_int(s, 10);
        row->debits_pending = nb_db_col_int(s, 11);
        row->credits_pending = nb_db_col_int(s, 12);
    }
    assert_int_equal(r, NB_DB_DONE);
    nb_db_reset(s);
}

static void assert_rows_equal(const rows *want, const rows *got, const char *what)
{
    if (want->n != got->n)
        fail_msg("%s: %zu rows, the oracle %zu", what, got->n, want->n);
    for (size_t i = 0; i < want->n; i++) {
        const nb_ledger_period_row *a = &want->r[i], *b = &got->r[i];
        if (a->organisation_id != b->organisation_id || strcmp(a->org_code, b->org_code) != 0 ||
            a->opening != b->opening || a->taken != b->taken || a->brought != b->brought ||
            a->deposit_minutes != b->deposit_minutes || a->deposit_cents != b->deposit_cents ||
            a->closing != b->closing || a->credit_line != b->credit_line ||
            a->debits_pending != b->debits_pending || a->credits_pending != b->credits_pending)
            fail_msg("%s, organisation %" PRId64 ": opening %" PRId64 "/%" PRId64 " taken %" PRId64
                     "/%" PRId64 " brought %" PRId64 "/%" PRId64 " deposits %" PRId64 "/%" PRId64
                     " cents %" PRId64 "/%" PRId64 " closing %" PRId64 "/%" PRId64 " line %" PRId64
                     "/%" PRId64 " (oracle/store)",
                     what, a->organisation_id, a->opening, b->opening, a->taken, b->taken,
                     a->brought, b->brought, a->deposit_minutes, b->deposit_minutes,
                     a->deposit_cents, b->deposit_cents, a->closing, b->closing, a->credit_line,
                     b->credit_line);
    }
}

/* 00:00 in Amsterdam on y-m-d. */
static int64_t ams(int y, int m, int d)
{
    return nb_date_amsterdam_midnight(nb_date_from_ymd(y, m, d));
}

/* The periods asked: years, months, a quarter, open ends (from the month
 * totals), and periods that are not whole months (from the transfers). */
static void compare_periods(fixture *f, const char *label)
{
    struct {
        int64_t from, to;
    } p[40];
    size_t np = 0;
    for (int y = 2024; y <= 2027; y++)
        p[np].from = ams(y, 1, 1), p[np++].to = ams(y + 1, 1, 1);
    for (int m = 1; m <= 12; m++)
        p[np].from = ams(2026, m, 1), p[np++].to = m < 12 ? ams(2026, m + 1, 1) : ams(2027, 1, 1);
    p[np].from = ams(2026, 4, 1), p[np++].to = ams(2026, 7, 1);
    p[np].from = ams(2025, 10, 1), p[np++].to = ams(2025, 11, 1);
    p[np].from = ams(2026, 3, 1), p[np++].to = 0;
    p[np].from = ams(2027, 1, 1), p[np++].to = 0;
    p[np].from = ams(2026, 3, 15), p[np++].to = ams(2026, 4, 15);
    p[np].from = ams(2026, 1, 1) + 3600, p[np++].to = ams(2027, 1, 1);
    p[np].from = 0, p[np++].to = 0;
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    for (size_t i = 0; i < np; i++) {
        rows want, got;
        char what[160];
        oracle(f->st, p[i].from, p[i].to, &want);
        memset(&got, 0, sizeof got);
        assert_int_equal(
            nb_ledger_store_period_rows(f->st, p[i].from, p[i].to, rows_add, &got, &err), 0);
        snprintf(what, sizeof what, "%s, period %" PRId64 "..%" PRId64, label, p[i].from, p[i].to);
        assert_rows_equal(&want, &got, what);
    }
    /* the hours budget of a year: its ledger figures are the oracle's */
    for (int y = 2025; y <= 2027; y++) {
        nb_budget b;
        rows want;
        oracle(f->st, ams(y, 1, 1), ams(y + 1, 1, 1), &want);
        assert_int_equal(nb_budget_load(f->st, y, nb_date_from_ymd(y, 6, 1), NULL, &b, &err), 0);
        assert_int_equal(b.n, want.n);
        for (size_t i = 0; i < b.n; i++) {
            const nb_budget_org *g = &b.rows[i].fig;
            const nb_ledger_period_row *w = &want.r[i];
            assert_int_equal(g->organisation_id, w->organisation_id);
            assert_int_equal(g->opening, w->opening);
            assert_int_equal(g->taken, w->taken);
            assert_int_equal(g->brought, w->brought);
            assert_int_equal(g->deposit_minutes, w->deposit_minutes);
            assert_int_equal(g->deposit_cents, w->deposit_cents);
            assert_int_equal(g->closing, w->closing);
            assert_int_equal(g->credit_line, w->credit_line);
        }
        nb_budget_free(&b);
    }
    nb_store_rollback(f->st);
}

/* The control check of the store: 0 or NB_ECONFLICT, never an error. */
static int check(fixture *f, nb_ledger_report *rep)
{
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_ledger_store_check(f->st, rep, &err);
    nb_store_rollback(f->st);
    if (rc != 0 && rc != NB_ECONFLICT)
        fail_msg("check: %d %s", rc, err.msg);
    return rc;
}

/* ---- Tests ----------------------------------------------------------------- */

/* The month key: Amsterdam's months start at 22:00 UTC (April to October) or
 * 23:00 UTC (November to March) the day before. */
static void test_month_of_amsterdam(void **state)
{
    (void)state;
    int64_t apr = (int64_t)nb_date_from_ymd(2026, 4, 1) * 86400;
    assert_int_equal(nb_ledger_month_of(apr - 7201), 202603);
    assert_int_equal(nb_ledger_month_of(apr - 7200), 202604);
    int64_t nov = (int64_t)nb_date_from_ymd(2026, 11, 1) * 86400;
    assert_int_equal(nb_ledger_month_of(nov - 3601), 202610);
    assert_int_equal(nb_ledger_month_of(nov - 3600), 202611);
    int64_t jan = (int64_t)nb_date_from_ymd(2027, 1, 1) * 86400;
    assert_int_equal(nb_ledger_month_of(jan - 3601), 202612);
    assert_int_equal(nb_ledger_month_of(jan - 3600), 202701);
    int64_t oct = (int64_t)nb_date_from_ymd(2026, 10, 1) * 86400;
    assert_int_equal(nb_ledger_month_of(oct - 7201), 202609);
    assert_int_equal(nb_ledger_month_of(oct - 7200), 202610);
}

/* Random histories: the figures from the month totals are the oracle's, for
 * every period and the budget of every year; the control check finds no
 * month that differs (its balance checks do fail: nothing here balances). */
static void test_period_rows_equal_full_aggregate(void **state)
{
    fixture *f = *state;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        char label[32];
        random_history(f, seed, 400);
        snprintf(label, sizeof label, "seed %" PRIu64, seed);
        compare_periods(f, label);
        nb_ledger_report rep;
        (void)check(f, &rep);
        if (rep.mismatched_months != 0)
            fail_msg("seed %" PRIu64 ": %zu months differ: %s", seed, rep.mismatched_months,
                     rep.first_problem);
        assert_true(rep.transfers_checked >= 400 * seed);
    }
}

/* Applies a sound sample through the ledger itself (nb_ledger_store_apply):
 * a deposit with money, a credit line, a reservation and its post, work and
 * its reversal. */
static void apply_sample(fixture *f)
{
    nb_err err = {{0}};
    nb_transfer t[8];
    nb_transfer_result res[8];
    memset(t, 0, sizeof t);
    int n = 0;
    snprintf(t[n].id, sizeof t[n].id, "dep");
    t[n].debit_account_id = f->acct[0], t[n].credit_account_id = f->acct[1];
    t[n].amount = 600, t[n].kind = NB_KIND_DEPOSIT, t[n].money_cents = 500000;
    t[n++].hour_rate_cents = 50000;
    snprintf(t[n].id, sizeof t[n].id, "kl");
    t[n].debit_account_id = f->acct[0], t[n].credit_account_id = f->acct[2];
    t[n].amount = 300, t[n++].kind = NB_KIND_CREDIT_LINE;
    snprintf(t[n].id, sizeof t[n].id, "res");
    t[n].debit_account_id = f->acct[1], t[n].credit_account_id = f->acct[2];
    t[n].amount = 120, t[n].kind = NB_KIND_WORK, t[n++].flags = NB_TRANSFER_PENDING;
    snprintf(t[n].id, sizeof t[n].id, "post");
    t[n].debit_account_id = f->acct[1], t[n].credit_account_id = f->acct[2];
    t[n].amount = 90, t[n].kind = NB_KIND_WORK, t[n].flags = NB_TRANSFER_POST_PENDING;
    snprintf(t[n++].pending_id, sizeof t[0].pending_id, "res");
    snprintf(t[n].id, sizeof t[n].id, "work");
    t[n].debit_account_id = f->acct[2], t[n].credit_account_id = f->acct[1];
    t[n].amount = 45, t[n++].kind = NB_KIND_WORK;
    snprintf(t[n].id, sizeof t[n].id, "back");
    t[n].debit_account_id = f->acct[1], t[n].credit_account_id = f->acct[2];
    t[n].amount = 45, t[n].kind = NB_KIND_REVERSAL;
    snprintf(t[n++].reverses_id, sizeof t[0].reverses_id, "work");
    for (int i = 0; i < n; i++) {
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        if (nb_ledger_store_apply(f->st, &t[i], 1, &res[i], &err) != 0)
            fail_msg("%s: %s", t[i].id, err.msg);
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    }
}

/* Through the ledger itself: the month totals follow reservations, posts,
 * deposits, credit lines and reversals, and the check is ok. */
static void test_ledger_apply_keeps_months(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    apply_sample(f);
    nb_ledger_report rep;
    if (check(f, &rep) != 0)
        fail_msg("check: %s", rep.first_problem);
    assert_int_equal(rep.mismatched_months, 0);
    /* this month, from its start: the figures of today's transfers */
    int32_t today = nb_date_today();
    int y, m, d;
    nb_date_to_ymd(today, &y, &m, &d);
    rows got, want;
    memset(&got, 0, sizeof got);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_period_rows(f->st, ams(y, m, 1), 0, rows_add, &got, &err), 0);
    oracle(f->st, ams(y, m, 1), 0, &want);
    nb_store_rollback(f->st);
    assert_rows_equal(&want, &got, "applied");
    for (size_t i = 0; i < got.n; i++) {
        if (got.r[i].organisation_id == f->org[1]) {
            assert_int_equal(got.r[i].deposit_minutes, 600);
            assert_int_equal(got.r[i].deposit_cents, 500000);
            assert_int_equal(got.r[i].taken, 90);
            assert_int_equal(got.r[i].brought, 0); /* 45 brought, reversed */
            assert_int_equal(got.r[i].closing - got.r[i].opening, 600 - 90);
        } else if (got.r[i].organisation_id == f->org[2]) {
            assert_int_equal(got.r[i].brought, 90);
            assert_int_equal(got.r[i].taken, 0);
            assert_int_equal(got.r[i].credit_line - 300, 0);
        }
    }
}

/* The control check compares every stored month row with the transfers: a
 * changed figure, a month row without transfers and a month with transfers
 * but no row (the write path bypassed) each fail it, naming the month. */
static void test_check_finds_corrupt_months(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    nb_ledger_report rep;
    apply_sample(f);
    assert_int_equal(check(f, &rep), 0);
    static const char *const corrupt[] = {
        "UPDATE ledger_account_months SET delta = delta + 1 WHERE account_id = "
        "(SELECT min(account_id) FROM ledger_account_months) AND month = (SELECT min(month) "
        "FROM ledger_account_months WHERE account_id = (SELECT min(account_id) FROM "
        "ledger_account_months))",
        "UPDATE ledger_account_months SET deposit_cents = deposit_cents - 5 WHERE month = "
        "(SELECT max(month) FROM ledger_account_months) AND account_id = (SELECT "
        "max(account_id) FROM ledger_account_months WHERE month = (SELECT max(month) FROM "
        "ledger_account_months))",
        "INSERT INTO ledger_account_months (account_id, month) SELECT min(id), 209912 FROM "
        "ledger_accounts",
    };
    for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        exec_ok(f->st, corrupt[i]);
        int rc = nb_ledger_store_check(f->st, &rep, &err);
        nb_store_rollback(f->st);
        assert_int_equal(rc, NB_ECONFLICT);
        assert_false(rep.ok);
        assert_int_equal(rep.mismatched_months, 1);
        if (strstr(rep.first_problem, "month totals") == NULL)
            fail_msg("corruption %zu: first problem '%s'", i, rep.first_problem);
    }
    /* a month with transfers but no row: a transfer written without its totals */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    char sql[300];
    snprintf(sql, sizeof sql,
             "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, "
             "kind, ts) VALUES ('unseen', %" PRId64 ", %" PRId64 ", 5, 'correctie', %" PRId64 ")",
             f->acct[1], f->acct[2], ams(2031, 5, 2));
    exec_ok(f->st, sql);
    int rc = nb_ledger_store_check(f->st, &rep, &err);
    nb_store_rollback(f->st);
    assert_int_equal(rc, NB_ECONFLICT);
    assert_int_equal(rep.mismatched_months, 2); /* both accounts of the transfer */
    assert_non_null(strstr(rep.first_problem, "month 2031-05"));
    /* all rolled back: sound again */
    assert_int_equal(check(f, &rep), 0);
    assert_int_equal(rep.mismatched_months, 0);
}

/* A digest of ledger_account_months: its row count and a weighted sum. */
static void months_digest(nb_store *st, int64_t out[2])
{
    static const char sum_sql[] =
        "SELECT count(*), coalesce(sum(delta * 7 + taken * 11 + brought * 13 + deposit_minutes * "
        "17 + deposit_cents * 19 + credit_line * 23 + month * account_id), 0) FROM "
        "ledger_account_months";
    nb_err err = {{0}};
    nb_db_stmt *s = nb_store_stmt_text(st, sum_sql, &err);
    assert_non_null(s);
    assert_int_equal(nb_store_step(st, s), NB_DB_ROW);
    out[0] = nb_db_col_int(s, 0);
    out[1] = nb_db_col_int(s, 1);
    nb_db_reset(s);
}

/* The SQL of migration version v of f's dialect. */
static const char *migration_sql(fixture *f, int v)
{
    int pg = nb_store_dialect(f->st) == NB_DB_POSTGRESQL;
    const nb_migration *mig = pg ? nb_migrations_pg : nb_migrations;
    int nmig = pg ? nb_migrations_pg_count : nb_migrations_count;
    for (int i = 0; i < nmig; i++)
        if (mig[i].version == v)
            return mig[i].sql;
    fail_msg("no migration %d", v);
    return NULL;
}

/* The month totals rebuilt from scratch: the table dropped, migration 017
 * run again (its backfill sums every stored transfer in SQL) and 019 after
 * it (dropping 017's trigger again); the digest must not change. */
static void assert_months_from_scratch(fixture *f)
{
    nb_err err = {{0}};
    int64_t before[2], after[2];
    months_digest(f->st, before);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    if (nb_store_dialect(f->st) == NB_DB_POSTGRESQL)
        exec_ok(f->st, "DROP FUNCTION nb_ledger_month(bigint)");
    exec_ok(f->st, "DROP TABLE ledger_account_months");
    exec_ok(f->st, migration_sql(f, 17));
    exec_ok(f->st, migration_sql(f, 19));
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    months_digest(f->st, after);
    assert_int_equal(after[0], before[0]);
    assert_int_equal(after[1], before[1]);
}

/* Migration 017's backfill (the existing transfers summed once) builds the
 * same rows as the write path added a chunk of transfers at a time; after
 * it, the write path goes on keeping them. */
static void test_backfill_equals_write_path(void **state)
{
    fixture *f = *state;
    int64_t d[2];
    random_history(f, 17, 300);
    months_digest(f->st, d);
    assert_true(d[0] > 20);
    assert_months_from_scratch(f);
    compare_periods(f, "backfilled");
    random_history(f, 18, 50);
    nb_ledger_report rep;
    (void)check(f, &rep);
    assert_int_equal(rep.mismatched_months, 0);
}

/* One transfer of a random batch. */
static nb_transfer *batch_add(nb_transfer *b, size_t *n, const char *id, int64_t debit,
                              int64_t credit, int64_t amount, nb_transfer_kind kind)
{
    nb_transfer *t = &b[(*n)++];
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "%s", id);
    t->debit_account_id = debit;
    t->credit_account_id = credit;
    t->amount = amount;
    t->kind = kind;
    return t;
}

/*
 * Random batches of 1..6 transfers through nb_ledger_store_apply, as
 * approvals and their undoing make them: reservations, their posts (part)
 * and voids, posted work, deposits with money, credit lines and reversals of
 * earlier work and deposits; a batch the ledger refuses is rolled back.
 * After every few batches the month totals equal a from-scratch aggregate
 * (the control check's C recomputation, the oracle's periods); at the end
 * the SQL backfill of migration 017 rebuilds exactly the same rows.
 */
static void test_apply_random_batches(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    uint64_t s = 26;
    enum { NREC = 600 };
    struct rec {
        char id[32];
        int64_t debit, credit, amount;
        int open;       /* a reservation not resolved */
        int reversible; /* posted work or a deposit, not reversed yet */
    } *rec = calloc(NREC, sizeof *rec);
    size_t nrec = 0, applied = 0;
    assert_non_null(rec);
    /* room to work with: a deposit into every organisation */
    for (int i = 1; i < NACCTS; i++) {
        nb_transfer b[1];
        nb_transfer_result r[1];
        size_t n = 0;
        char id[32];
        snprintf(id, sizeof id, "start%d", i);
        nb_transfer *t =
            batch_add(b, &n, id, f->acct[0], f->acct[i], INT64_C(900000), NB_KIND_DEPOSIT);
        t->money_cents = INT64_C(75000000), t->hour_rate_cents = 5000; /* 15,000 h */
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        if (nb_ledger_store_apply(f->st, b, n, r, &err) != 0)
            fail_msg("%s: %s", id, err.msg);
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    }
    for (int round = 0; round < 120; round++) {
        nb_transfer b[6];
        nb_transfer_result r[6];
        size_t n = 0, want = (size_t)rng_range(&s, 1, 6), first = nrec;
        int taken[NREC] = {0}; /* a reservation or transfer used by this batch */
        while (n < want && nrec + n < NREC) {
            char id[32];
            snprintf(id, sizeof id, "b%d-%zu", round, n);
            int d = (int)rng_range(&s, 1, NACCTS - 1), c = (int)rng_range(&s, 1, NACCTS - 2);
            if (c >= d)
                c++;
            int what = (int)rng_range(&s, 0, 7);
            size_t k = nrec ? (size_t)rng_range(&s, 0, (int64_t)nrec - 1) : 0;
            nb_transfer *t = NULL;
            if (what <= 1 || nrec == 0) {
                t = batch_add(b, &n, id, f->acct[d], f->acct[c], rng_range(&s, 30, 480),
                              NB_KIND_WORK);
                t->flags = NB_TRANSFER_PENDING;
            } else if (what <= 3 && rec[k].open && !taken[k]) {
                int post = what == 2;
                t = batch_add(b, &n, id, rec[k].debit, rec[k].credit,
                              post ? rng_range(&s, 1, rec[k].amount) : rec[k].amount, NB_KIND_WORK);
                t->flags = post ? NB_TRANSFER_POST_PENDING : NB_TRANSFER_VOID_PENDING;
                snprintf(t->pending_id, sizeof t->pending_id, "%s", rec[k].id);
                taken[k] = 1;
            } else if (what == 4) {
                t = batch_add(b, &n, id, f->acct[d], f->acct[c], rng_range(&s, 15, 240),
                              NB_KIND_WORK);
            } else if (what == 5) {
                int64_t hours = rng_range(&s, 1, 10);
                t = batch_add(b, &n, id, f->acct[0], f->acct[c], 60 * hours, NB_KIND_DEPOSIT);
                t->money_cents = hours * 5000, t->hour_rate_cents = 5000;
            } else if (what == 6) {
                t = batch_add(b, &n, id, f->acct[0], f->acct[c], rng_range(&s, 60, 600),
                              NB_KIND_CREDIT_LINE);
            } else if (rec[k].reversible && !taken[k]) {
                t = batch_add(b, &n, id, rec[k].credit, rec[k].debit, rec[k].amount,
                              NB_KIND_REVERSAL);
                snprintf(t->reverses_id, sizeof t->reverses_id, "%s", rec[k].id);
                taken[k] = 1;
            }
            if (t == NULL)
                continue;
            struct rec *nr = &rec[nrec + n - 1];
            memset(nr, 0, sizeof *nr);
            snprintf(nr->id, sizeof nr->id, "%s", t->id);
            nr->debit = t->debit_account_id, nr->credit = t->credit_account_id;
            nr->amount = t->amount;
            nr->open = (t->flags & NB_TRANSFER_PENDING) != 0;
            nr->reversible =
                t->flags == 0 && (t->kind == NB_KIND_WORK || t->kind == NB_KIND_DEPOSIT);
        }
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        int rc = nb_ledger_store_apply(f->st, b, n, r, &err);
        if (rc != 0) { /* refused as a whole (a limit): nothing of it was written */
            nb_store_rollback(f->st);
            continue;
        }
        assert_int_equal(nb_store_commit(f->st, &err), 0);
        applied += n;
        for (size_t i = 0; i < nrec; i++)
            if (taken[i])
                rec[i].open = rec[i].reversible = 0;
        nrec = first + n;
        if (round % 30 == 29) {
            nb_ledger_report rep;
            if (check(f, &rep) != 0)
                fail_msg("round %d: %s", round, rep.first_problem);
            assert_int_equal(rep.mismatched_months, 0);
        }
    }
    assert_true(applied > 200);
    compare_periods(f, "applied");
    assert_months_from_scratch(f);
    nb_ledger_report rep;
    assert_int_equal(check(f, &rep), 0);
    free(rec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_of_amsterdam),
        cmocka_unit_test_setup_teardown(test_period_rows_equal_full_aggregate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ledger_apply_keeps_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_corrupt_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backfill_equals_write_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_apply_random_batches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
