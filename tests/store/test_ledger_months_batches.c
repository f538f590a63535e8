/*
 * tests/store/test_ledger_months_batches.c — the ledger's month totals
 * (migration 017) under random batches applied through nb_ledger_store_apply:
 * reservations, posts, voids, work, deposits, credit lines and reversals, a
 * refused batch rolled back. Every few batches the control check finds no
 * month that differs; at the end the periods equal the oracle's and the
 * backfill of migration 017 rebuilds the same rows. The store, the oracle
 * and the checks are those of ledger_months_fixture.c.
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

#include "store/ledger_store.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        cmocka_unit_test_setup_teardown(test_apply_random_batches, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
