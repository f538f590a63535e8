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
 * must build the same rows as the write path. The same after random batches
 * applied through nb_ledger_store_apply: test_ledger_months_batches.c; the
 * store, the oracle and the checks: ledger_months_fixture.c.
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

#include "ledger_months_fixture.h"

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

/* ---- Random histories ------------------------------------------------------ */

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_of_amsterdam),
        cmocka_unit_test_setup_teardown(test_period_rows_equal_full_aggregate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ledger_apply_keeps_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_finds_corrupt_months, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backfill_equals_write_path, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
