/*
 * tests/core/test_settlement.c — unit tests of settlement (verrekening,
 * core/settlement.c): the money at the network rate with its rounding rule
 * (half away from zero, to whole cents), and the one transfer that brings a
 * balance to zero, applied to a ledger held in arrays (sum zero after).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/ledger.h"
#include "core/settlement.h"

/* Whole hours and the rounding rule at the boundaries. */
static void test_cents_rounding(void **state)
{
    (void)state;
    int64_t c = -1;
    assert_int_equal(nb_settle_cents(60, 6500, &c), 0);
    assert_int_equal(c, 6500); /* one hour */
    assert_int_equal(nb_settle_cents(-90, 6500, &c), 0);
    assert_int_equal(c, -9750); /* an hour and a half, paid */
    /* 1 minute at 6500/h = 108.333 cents -> 108 */
    assert_int_equal(nb_settle_cents(1, 6500, &c), 0);
    assert_int_equal(c, 108);
    /* 1 minute at 6530/h = 108.8333 -> 109 */
    assert_int_equal(nb_settle_cents(1, 6530, &c), 0);
    assert_int_equal(c, 109);
    /* an exact half cent: 1 minute at 30/h = 0.5 -> 1 (half away from zero), both signs */
    assert_int_equal(nb_settle_cents(1, 30, &c), 0);
    assert_int_equal(c, 1);
    assert_int_equal(nb_settle_cents(-1, 30, &c), 0);
    assert_int_equal(c, -1);
    /* 1 minute at 90/h = 1.5 -> 2; at 29/h = 0.4833 -> 0 */
    assert_int_equal(nb_settle_cents(1, 90, &c), 0);
    assert_int_equal(c, 2);
    assert_int_equal(nb_settle_cents(1, 29, &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(nb_settle_cents(0, 6500, &c), 0);
    assert_int_equal(c, 0);
    /* the sign of the balance is the sign of the money: symmetric */
    for (int64_t m = -200; m <= 200; m++) {
        int64_t a, b;
        assert_int_equal(nb_settle_cents(m, 7777, &a), 0);
        assert_int_equal(nb_settle_cents(-m, 7777, &b), 0);
        assert_int_equal(a, -b);
    }
}

static void test_cents_refused(void **state)
{
    (void)state;
    int64_t c = 5;
    assert_int_equal(nb_settle_cents(60, 0, &c), NB_EINVAL);
    assert_int_equal(c, 0);
    assert_int_equal(nb_settle_cents(60, -1, &c), NB_EINVAL);
    assert_int_equal(nb_settle_cents(NB_LEDGER_AMOUNT_MAX + 1, 100, &c), NB_EINVAL);
    /* the largest balance at a huge rate overflows 64 bits: refused, not wrapped */
    assert_int_equal(nb_settle_cents(NB_LEDGER_AMOUNT_MAX, INT64_C(100000000000), &c), NB_EINVAL);
    assert_int_equal(c, 0);
    /* the largest balance at a real rate fits */
    assert_int_equal(nb_settle_cents(-NB_LEDGER_AMOUNT_MAX, 1000000, &c), 0);
    assert_int_equal(c, -((NB_LEDGER_AMOUNT_MAX * 1000000 + 30) / 60));
}

static void test_choice_names(void **state)
{
    (void)state;
    assert_int_equal(nb_settle_choice_parse("overboeken"), NB_SETTLE_CARRY);
    assert_int_equal(nb_settle_choice_parse("verrekenen"), NB_SETTLE_MONEY);
    assert_int_equal(nb_settle_choice_parse("Verrekenen"), NB_SETTLE_NONE);
    assert_int_equal(nb_settle_choice_parse(NULL), NB_SETTLE_NONE);
    assert_string_equal(nb_settle_choice_name(NB_SETTLE_CARRY), "overboeken");
    assert_string_equal(nb_settle_choice_name(NB_SETTLE_NONE), "");
}

/* Settling every balance of a small ledger: each is zero after, the sum stays
 * zero, and the control check holds. */
static void test_transfers_zero_balances(void **state)
{
    (void)state;
    nb_account acc[4];
    memset(acc, 0, sizeof acc);
    acc[0].id = 1;
    acc[0].flags = NB_ACCOUNT_UNLIMITED; /* the fund */
    for (int i = 1; i < 4; i++)
        acc[i].id = i + 1;
    nb_ledger_entry entries[8];
    memset(entries, 0, sizeof entries);
    nb_ledger_arrays arr = {acc, 4, entries, 0};
    nb_ledger_view view;
    nb_ledger_view_from_arrays(&view, &arr);
    /* history: 3 works 600 for 2, 2 works 150 for 4; 3 has a credit line */
    nb_transfer h[3];
    memset(h, 0, sizeof h);
    strcpy(h[0].id, "kl");
    h[0].kind = NB_KIND_CREDIT_LINE;
    h[0].debit_account_id = 1;
    h[0].credit_account_id = 2;
    h[0].amount = 10000;
    strcpy(h[1].id, "w1");
    h[1].kind = NB_KIND_WORK;
    h[1].debit_account_id = 2;
    h[1].credit_account_id = 3;
    h[1].amount = 600;
    strcpy(h[2].id, "w2");
    h[2].kind = NB_KIND_WORK;
    h[2].debit_account_id = 3;
    h[2].credit_account_id = 4;
    h[2].amount = 150;
    nb_transfer_result r[3];
    assert_int_equal(nb_ledger_apply(&view, h, 3, r, NULL), 0);
    for (int i = 0; i < 3; i++)
        entries[arr.n_entries++] = r[i].entry;

    nb_transfer batch[3];
    int64_t cents[3], total_cents = 0;
    size_t n = 0;
    for (int i = 1; i < 4; i++) {
        int64_t bal = acc[i].credits_posted - acc[i].debits_posted;
        char id[16] = "sys:vr:1:x";
        id[9] = (char)('0' + i);
        int k = nb_settle_transfer(bal, NB_SETTLE_MONEY, 6000, 1, acc[i].id, id, "Verrekening",
                                   &batch[n], &cents[n]);
        assert_int_equal(k, 1);
        assert_int_equal(batch[n].kind, NB_KIND_ADJUSTMENT);
        total_cents += cents[n];
        if (n > 0)
            batch[n - 1].flags |= NB_TRANSFER_LINKED;
        n++;
    }
    /* 2 took 600 (pays 600 min at 60 euro/h = 600 euro), 3 brought 450 net, 4 brought 150 */
    assert_int_equal(cents[0], -60000);
    assert_int_equal(cents[1], 45000);
    assert_int_equal(cents[2], 15000);
    assert_int_equal(total_cents, 0);
    nb_transfer_result rr[3];
    assert_int_equal(nb_ledger_apply(&view, batch, n, rr, NULL), 0);
    for (int i = 1; i < 4; i++)
        assert_int_equal(acc[i].credits_posted - acc[i].debits_posted, 0);
    int64_t sum = 0;
    for (int i = 0; i < 4; i++)
        sum += acc[i].credits_posted - acc[i].debits_posted;
    assert_int_equal(sum, 0);
    assert_int_equal(acc[0].credits_posted - acc[0].debits_posted, 0); /* fund: in = out */
    nb_transfer all[6];
    for (int i = 0; i < 3; i++) {
        all[i] = h[i];
        all[3 + i] = batch[i];
    }
    nb_ledger_report rep;
    assert_int_equal(nb_ledger_check(acc, 4, all, 6, &rep), 0);
    assert_true(rep.ok);
}

static void test_transfer_none_and_refused(void **state)
{
    (void)state;
    nb_transfer t;
    int64_t c = 9;
    /* carried over: nothing */
    assert_int_equal(nb_settle_transfer(-600, NB_SETTLE_CARRY, 6000, 1, 2, "x", "", &t, &c), 0);
    assert_int_equal(c, 0);
    assert_int_equal(t.amount, 0);
    /* zero balance: nothing */
    assert_int_equal(nb_settle_transfer(0, NB_SETTLE_MONEY, 6000, 1, 2, "x", "", &t, &c), 0);
    /* directions */
    assert_int_equal(nb_settle_transfer(-90, NB_SETTLE_MONEY, 6000, 1, 2, "x", "r", &t, &c), 1);
    assert_int_equal(t.debit_account_id, 1);
    assert_int_equal(t.credit_account_id, 2);
    assert_int_equal(t.amount, 90);
    assert_int_equal(c, -9000);
    assert_int_equal(nb_settle_transfer(90, NB_SETTLE_MONEY, 6000, 1, 2, "x", "r", &t, &c), 1);
    assert_int_equal(t.debit_account_id, 2);
    assert_int_equal(t.credit_account_id, 1);
    assert_int_equal(c, 9000);
    /* bad input */
    assert_int_equal(nb_settle_transfer(90, NB_SETTLE_NONE, 6000, 1, 2, "x", "", &t, &c),
                     NB_EINVAL);
    assert_int_equal(nb_settle_transfer(90, NB_SETTLE_MONEY, 6000, 2, 2, "x", "", &t, &c),
                     NB_EINVAL);
    assert_int_equal(nb_settle_transfer(90, NB_SETTLE_MONEY, 0, 1, 2, "x", "", &t, &c), NB_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cents_rounding),
        cmocka_unit_test(test_cents_refused),
        cmocka_unit_test(test_choice_names),
        cmocka_unit_test(test_transfers_zero_balances),
        cmocka_unit_test(test_transfer_none_and_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
