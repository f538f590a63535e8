/*
 * tests/store/ledger_months_fixture.c — the shared fixture of the month
 * totals' tests (test_ledger_months.c, test_ledger_months_batches.c): a
 * fresh store (SQLite file, or a database of the NOABER_TEST_PG cluster)
 * with the fund and five organisations' accounts, a small random number
 * generator, the oracle (the period figures as they were computed before
 * migration 017), the period comparison, the control check and the
 * from-scratch rebuild of the month totals. See ledger_months_fixture.h.
 */
#include "ledger_months_fixture.h"

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
#include "store_db.h"
#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    nb_err err;
    assert_int_equal(nb_t_db_fresh("lm", &f->db), 0);
    if (nb_store_open(f->db.target, 1, &f->st, &err) != 0)
        fail_msg("open %s: %s", f->db.target, err.msg);
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

int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    nb_t_db_remove(&f->db);
    free(f);
    return 0;
}

void exec_ok(nb_store *st, const char *sql)
{
    nb_err err = {{0}};
    if (nb_store_exec(st, sql, &err) != 0)
        fail_msg("%s: %s", sql, err.msg);
}

/* ---- Random numbers ------------------------------------------------------- */

uint64_t rng_next(uint64_t *s)
{
    *s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return *s >> 33;
}

int64_t rng_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(s) % (uint64_t)(hi - lo + 1));
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

int rows_add(void *ctx, const nb_ledger_period_row *row)
{
    rows *rs = ctx;
    assert_true(rs->n < MAX_ROWS);
    rs->r[rs->n++] = *row;
    return 0;
}

void oracle(nb_store *st, int64_t from_ts, int64_t to_ts, rows *out)
{
    nb_err err = {{0}};
    memset(out, 0, sizeof *out);
    nb_db_stmt *s = nb_store_stmt_text(st, oracle_sql, &err);
    if (s == NULL) {
        fail_msg("oracle: %s", err.msg);
        return; /* not reached: fail_msg leaves the test */
    }
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

void assert_rows_equal(const rows *want, const rows *got, const char *what)
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
int64_t ams(int y, int m, int d)
{
    return nb_date_amsterdam_midnight(nb_date_from_ymd(y, m, d));
}

/* The periods asked: years, months, a quarter, open ends (from the month
 * totals), and periods that are not whole months (from the transfers). */
void compare_periods(fixture *f, const char *label)
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
int check(fixture *f, nb_ledger_report *rep)
{
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_ledger_store_check(f->st, rep, &err);
    nb_store_rollback(f->st);
    if (rc != 0 && rc != NB_ECONFLICT)
        fail_msg("check: %d %s", rc, err.msg);
    return rc;
}

/* A digest of ledger_account_months: its row count and a weighted sum. */
void months_digest(nb_store *st, int64_t out[2])
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
void assert_months_from_scratch(fixture *f)
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
