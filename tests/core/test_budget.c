/*
 * tests/core/test_budget.c — the hours budget's arithmetic (core/budget.h):
 * spreading minutes over a period, the part of a reservation expected by the
 * year's end, the projection on a small hand-made ledger (applied with
 * core/ledger.h, so its balances are the ledger's), the credit line used, and
 * the alert exactly at the line and one minute past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/budget.h"
#include "core/ledger.h"
#include "transfer_fixture.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static int32_t day(int y, int m, int d)
{
    return nb_date_from_ymd(y, m, d);
}

static void test_spread(void **state)
{
    (void)state;
    int32_t jan1 = day(2026, 1, 1), dec31 = day(2026, 12, 31);
    /* a whole period inside the window: everything */
    assert_int_equal(nb_budget_spread(600, day(2026, 3, 1), day(2026, 3, 10), jan1, dec31), 600);
    /* 10 days, 3 of them in the window: floor(1000 * 3 / 10) */
    assert_int_equal(nb_budget_spread(1000, day(2026, 12, 29), day(2027, 1, 7), jan1, dec31), 300);
    /* 7 minutes over 3 days, one in: floor(7 / 3) */
    assert_int_equal(nb_budget_spread(7, day(2026, 12, 31), day(2027, 1, 2), jan1, dec31), 2);
    /* disjoint, reversed window, nothing to spread */
    assert_int_equal(nb_budget_spread(600, day(2027, 1, 1), day(2027, 2, 1), jan1, dec31), 0);
    assert_int_equal(nb_budget_spread(600, jan1, dec31, dec31, jan1), 0);
    assert_int_equal(nb_budget_spread(0, jan1, dec31, jan1, dec31), 0);
    /* no overflow: the product is taken in 128 bits */
    assert_int_equal(nb_budget_spread(INT64_MAX, day(2026, 1, 1), day(2026, 1, 2), jan1, jan1),
                     INT64_MAX / 2);
}

static void test_planned_part(void **state)
{
    (void)state;
    int32_t today = day(2026, 11, 27), dec31 = day(2026, 12, 31);
    /* the rest of the period is today .. 2027-01-29 (64 days), 35 of them this year */
    assert_int_equal(nb_budget_planned_part(6400, day(2026, 9, 1), day(2027, 1, 29), today, dec31),
                     3500);
    /* a period that has not begun: spread from its start */
    assert_int_equal(nb_budget_planned_part(600, day(2026, 12, 22), day(2027, 1, 10), today, dec31),
                     300);
    /* a period already over, and no period: due now */
    assert_int_equal(nb_budget_planned_part(600, day(2026, 1, 1), day(2026, 3, 1), today, dec31),
                     600);
    assert_int_equal(nb_budget_planned_part(45, 0, 0, today, dec31), 45);
    /* a year that is over plans nothing; next year's end includes the rest of this one */
    assert_int_equal(nb_budget_planned_part(600, 0, 0, today, day(2025, 12, 31)), 0);
    assert_int_equal(
        nb_budget_planned_part(6400, day(2026, 9, 1), day(2027, 1, 29), today, day(2027, 12, 31)),
        6400);
}

/* The unplanned rest is per line: an over-allocated line is 0, never negative, so it
 * hides no other line's shortfall (regression: the assignment's lines were summed first). */
static void test_line_unplanned(void **state)
{
    (void)state;
    assert_int_equal(nb_budget_line_unplanned(600, 0), 600);
    assert_int_equal(nb_budget_line_unplanned(600, 450), 150);
    assert_int_equal(nb_budget_line_unplanned(600, 600), 0);
    assert_int_equal(nb_budget_line_unplanned(300, 600), 0); /* over by 300: not -300 */
    /* an assignment of two lines, one over and one short: the shortfall stays */
    int64_t lines = nb_budget_line_unplanned(300, 600) + nb_budget_line_unplanned(600, 0);
    assert_int_equal(lines, 600);
    assert_true(lines > (300 + 600) - (600 + 0)); /* what the per-assignment sum said */
}

/* ---- a hand-made ledger --------------------------------------------------- */

enum { FUND = 1, ORG_A = 2, ORG_B = 3 };

/* The ledger's figures of one account as the store reads them for a year in
 * which everything happened (opening 0). */
static nb_budget_org from_account(const nb_account *a, int64_t taken, int64_t brought,
                                  int64_t deposit)
{
    nb_budget_org o;
    memset(&o, 0, sizeof o);
    o.organisation_id = a->id;
    o.taken = taken;
    o.brought = brought;
    o.deposit_minutes = deposit;
    o.closing = a->credits_posted - a->debits_posted;
    o.credit_line = a->credit_line_minutes;
    return o;
}

static void test_projection_on_a_hand_made_ledger(void **state)
{
    (void)state;
    nb_account accts[3] = {
        {.id = FUND, .flags = NB_ACCOUNT_UNLIMITED}, {.id = ORG_A}, {.id = ORG_B}};
    nb_ledger_entry entries[16];
    nb_ledger_arrays arrays = {accts, 3, entries, 0};
    nb_ledger_view view;
    nb_ledger_view_from_arrays(&view, &arrays);
    nb_transfer batch[5] = {
        tr("kl-a", FUND, ORG_A, 1200, NB_KIND_CREDIT_LINE, 0), /* A may take 20 h more */
        tr("st-b", FUND, ORG_B, 600, NB_KIND_DEPOSIT, 0),      /* B bought 10 h */
        tr("w-1", ORG_A, ORG_B, 900, NB_KIND_WORK, 0),         /* A took 15 h of B's work */
        tr("res-1", ORG_A, ORG_B, 240, NB_KIND_WORK, NB_TRANSFER_PENDING), /* 4 h planned */
        tr("res-2", ORG_B, ORG_A, 60, NB_KIND_WORK, NB_TRANSFER_PENDING),  /* 1 h for B */
    };
    batch[1].money_cents = 3000;
    batch[1].hour_rate_cents = 300;
    nb_transfer_result res[5];
    nb_err err = {{0}};
    assert_int_equal(nb_ledger_apply(&view, batch, 5, res, &err), 0);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(res[i].code, NB_TR_OK);
        entries[arrays.n_entries++] = res[i].entry;
    }
    int32_t today = day(2026, 11, 27), dec31 = day(2026, 12, 31);
    nb_budget_org a = from_account(&accts[1], 900, 0, 0);
    nb_budget_org b = from_account(&accts[2], 0, 900, 600);
    assert_int_equal(a.closing, -900);
    assert_int_equal(b.closing, 1500);
    /* res-1: its assignment runs today .. 2027-01-29: 35 of 64 days this year; res-2 is
     * tied to no assignment: due now */
    nb_budget_plan_add(&a, &b, 240, day(2026, 9, 1), day(2027, 1, 29), today, dec31);
    nb_budget_plan_add(&b, &a, 60, 0, 0, today, dec31);
    /* the reservations are the ledger's pending debits and credits */
    assert_int_equal(a.reserved_taken, accts[1].debits_pending);
    assert_int_equal(a.reserved_brought, accts[1].credits_pending);
    assert_int_equal(b.reserved_taken, accts[2].debits_pending);
    /* A asked for 10 more hours nobody is planned on, within this year */
    nb_budget_unplanned_add(&a, 600, day(2026, 12, 1), day(2026, 12, 10), today, dec31);
    nb_budget_finish(&a);
    nb_budget_finish(&b);
    assert_int_equal(a.planned_taken, 240 * 35 / 64);
    assert_int_equal(a.planned_brought, 60);
    assert_int_equal(a.unplanned_taken, 600);
    assert_int_equal(a.projected, -900 + 60 - 131 - 600);
    assert_int_equal(a.other, 0);
    assert_int_equal(b.other, 0);
    assert_int_equal(a.used, 900);
    assert_int_equal(a.used_pct, 75);         /* 900 of 1200 */
    assert_int_equal(a.projected_used, 1571); /* 1571 of 1200: past it */
    assert_int_equal(a.projected_pct, 130);
    assert_false(a.over_line);
    assert_true(a.projected_over);
    assert_int_equal(b.projected, 1500 - 60 + 131);
    assert_int_equal(b.used_pct, -1); /* no credit line */
    assert_false(b.projected_over);
    /* the ledger itself never let A's reservations pass its line: rule 2 */
    assert_true(nb_ledger_available(&accts[1]) >= 0);
}

static void test_alert_at_the_line(void **state)
{
    (void)state;
    nb_budget_org o;
    memset(&o, 0, sizeof o);
    o.credit_line = 600;
    o.closing = -600; /* exactly at the line: used up, not past */
    nb_budget_finish(&o);
    assert_int_equal(o.used_pct, 100);
    assert_false(o.over_line);
    assert_false(o.projected_over);
    o.planned_taken = 1; /* one minute past it */
    nb_budget_finish(&o);
    assert_true(o.projected_over);
    assert_int_equal(o.projected_used, 601);
    assert_int_equal(o.projected_pct, 100);
    /* without a credit line any negative projection is past it */
    memset(&o, 0, sizeof o);
    o.unplanned_taken = 1;
    nb_budget_finish(&o);
    assert_int_equal(o.projected_pct, -1);
    assert_true(o.projected_over);
    /* a positive balance uses nothing */
    memset(&o, 0, sizeof o);
    o.closing = 90;
    o.credit_line = 60;
    nb_budget_finish(&o);
    assert_int_equal(o.used, 0);
    assert_int_equal(o.used_pct, 0);
}

static void test_network_total(void **state)
{
    (void)state;
    nb_budget_network n;
    memset(&n, 0, sizeof n);
    nb_budget_network_finish(&n);
    assert_int_equal(n.done_pct, -1);
    int32_t jan1 = day(2026, 1, 1), dec31 = day(2026, 12, 31);
    nb_budget_network_add(
        &n, nb_budget_spread(6000, day(2026, 2, 1), day(2026, 2, 28), jan1, dec31), 1500);
    /* 365 of its 730 days are in 2026: half */
    nb_budget_network_add(
        &n, nb_budget_spread(7300, day(2025, 7, 1), day(2027, 6, 30), jan1, dec31), 0);
    nb_budget_network_finish(&n);
    assert_int_equal(n.assignments, 2);
    assert_int_equal(n.total, 6000 + 3650);
    assert_int_equal(n.done, 1500);
    assert_int_equal(n.done_pct, 15);
}

/* A line's own month profile: the year gets the minutes of the profile's
 * months in it, split exactly as the teaming engine splits them, not the
 * share of the period's days (regression: the budget ignored profiles). */
static void test_line_part_follows_profile(void **state)
{
    (void)state;
    int32_t jan1 = day(2026, 1, 1), dec31 = day(2026, 12, 31);
    int32_t start = day(2026, 11, 1), end = day(2027, 2, 28); /* Nov..Feb: 61 of 120 days in 2026 */
    int64_t part = -1;
    assert_int_equal(nb_budget_line_part(1200, NULL, 0, start, end, jan1, dec31, &part), 0);
    assert_int_equal(part, 1200 * 61 / 120); /* no profile: by the days, as before */
    /* all in February 2027: nothing in 2026 */
    const nb_month_weight feb[] = {{2027 * 12 + 1, 1}};
    assert_int_equal(nb_budget_line_part(1200, feb, 1, start, end, jan1, dec31, &part), 0);
    assert_int_equal(part, 0);
    /* 3 : 1 over November 2026 and January 2027: 900 in 2026 */
    const nb_month_weight two[] = {{2026 * 12 + 10, 3}, {2027 * 12, 1}};
    assert_int_equal(nb_budget_line_part(1200, two, 2, start, end, jan1, dec31, &part), 0);
    assert_int_equal(part, 900);
    /* a window that cuts November in half (from the 16th): half its minutes */
    assert_int_equal(nb_budget_line_part(1200, two, 2, start, end, day(2026, 11, 16), dec31, &part),
                     0);
    assert_int_equal(part, 450);
    /* the year and the next add up to the whole line, for a profile that does not divide evenly */
    const nb_month_weight odd[] = {{2026 * 12 + 10, 1}, {2026 * 12 + 11, 1}, {2027 * 12 + 1, 1}};
    int64_t a = 0, b = 0;
    assert_int_equal(nb_budget_line_part(1000, odd, 3, start, end, jan1, dec31, &a), 0);
    assert_int_equal(
        nb_budget_line_part(1000, odd, 3, start, end, day(2027, 1, 1), day(2027, 12, 31), &b), 0);
    assert_int_equal(a, 667);
    assert_int_equal(a + b, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spread),
        cmocka_unit_test(test_line_part_follows_profile),
        cmocka_unit_test(test_planned_part),
        cmocka_unit_test(test_line_unplanned),
        cmocka_unit_test(test_projection_on_a_hand_made_ledger),
        cmocka_unit_test(test_alert_at_the_line),
        cmocka_unit_test(test_network_total),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
