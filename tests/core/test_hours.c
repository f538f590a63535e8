/*
 * tests/core/test_hours.c — core/hours: who is charged (lokaal, meervoudig-
 * lokaal, regionaal by key), the checks of a time entry (incl. the
 * assignment's period) and of an allocation (the line's minutes), and the ledger
 * batches of confirm / approve / end run through the real ledger core
 * (reserve, partial post + re-reserve, beyond the reservation, void).
 */
#include "core/hours.h"
#include "util/date.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

/* ---- charge -------------------------------------------------------------- */

static void test_charge_local(void **state)
{
    (void)state;
    nb_assignment_requester r[] = {{7, 1}};
    nb_hours_charge_in in = {NB_ASSIGNMENT_LOKAAL, r, 1, NULL, 0, NB_KEY_GELIJK};
    nb_hours_part parts[4];
    size_t n = 0;
    assert_int_equal(nb_hours_charge(&in, 90, parts, 4, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].org_id, 7);
    assert_int_equal(parts[0].minutes, 90);

    nb_assignment_requester two[] = {{7, 1}, {8, 1}};
    in.requesters = two;
    in.nrequesters = 2;
    nb_err err = {{0}};
    assert_int_equal(nb_hours_charge(&in, 90, parts, 4, &n, &err), NB_EINVAL);
    assert_non_null(strstr(err.msg, "precies één aanvrager"));
}

static void test_charge_multi_local_shares(void **state)
{
    (void)state;
    nb_assignment_requester r[] = {{3, 1}, {2, 2}};
    nb_hours_charge_in in = {NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, r, 2, NULL, 0, NB_KEY_GELIJK};
    nb_hours_part parts[4];
    size_t n = 0;
    assert_int_equal(nb_hours_charge(&in, 100, parts, 4, &n, NULL), 0);
    assert_int_equal(n, 2);
    /* 100 * 1/3 = 33.33, 100 * 2/3 = 66.67: the larger remainder gets the minute */
    assert_int_equal(parts[0].org_id, 3);
    assert_int_equal(parts[0].minutes, 33);
    assert_int_equal(parts[1].org_id, 2);
    assert_int_equal(parts[1].minutes, 67);

    in.nrequesters = 0;
    assert_int_equal(nb_hours_charge(&in, 100, parts, 4, &n, NULL), NB_EINVAL);
    assert_int_equal(nb_hours_charge(NULL, 100, parts, 4, &n, NULL), NB_EINVAL);
}

static void test_charge_regional_key(void **state)
{
    (void)state;
    nb_key_member m[7];
    memset(m, 0, sizeof m);
    for (int i = 0; i < 7; i++) {
        m[i].org_id = 10 + i;
        m[i].inwoners = 1000 * (i + 1);
    }
    nb_hours_charge_in in = {NB_ASSIGNMENT_REGIONAAL, NULL, 0, m, 7, NB_KEY_GELIJK};
    nb_hours_part parts[7];
    size_t n = 0;
    /* 1 minute over 7 equal municipalities: the lowest id gets it */
    assert_int_equal(nb_hours_charge(&in, 1, parts, 7, &n, NULL), 0);
    assert_int_equal(n, 7);
    assert_int_equal(parts[0].minutes, 1);
    for (int i = 1; i < 7; i++)
        assert_int_equal(parts[i].minutes, 0);

    in.key = NB_KEY_INWONERS; /* weights 1..7, sum 28 */
    assert_int_equal(nb_hours_charge(&in, 280, parts, 7, &n, NULL), 0);
    int64_t sum = 0;
    for (int i = 0; i < 7; i++) {
        assert_int_equal(parts[i].minutes, 10 * (i + 1));
        sum += parts[i].minutes;
    }
    assert_int_equal(sum, 280);
    assert_int_equal(nb_hours_charge(&in, 281, parts, 7, &n, NULL), 0);
    sum = 0;
    for (int i = 0; i < 7; i++)
        sum += parts[i].minutes;
    assert_int_equal(sum, 281);

    in.nmembers = 0;
    assert_int_equal(nb_hours_charge(&in, 60, parts, 7, &n, NULL), NB_EINVAL);
    in.nmembers = 7;
    assert_int_equal(nb_hours_charge(&in, 60, parts, 3, &n, NULL), NB_EINVAL); /* max too small */
}

/* ---- entry checks -------------------------------------------------------- */

static int has_rule(const nb_hours_problem *p, size_t n, nb_hours_rule rule)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].rule == rule)
            return 1;
    return 0;
}

static void test_entry_ok_and_boundaries(void **state)
{
    (void)state;
    int32_t today = nb_date_from_ymd(2026, 11, 20);
    nb_hours_period asg = {nb_date_from_ymd(2026, 1, 1), nb_date_from_ymd(2026, 12, 31)};
    nb_hours_entry_in in = {today, today, 60, 0, 1, NULL, 0, asg};
    nb_hours_problem p[8];
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    /* exactly 24 hours on a day is allowed, one minute more is not */
    in.minutes = 1440 - 600;
    in.minutes_that_day = 600;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    in.minutes++;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
    assert_int_equal(p[0].rule, NB_HOURS_OVER_DAY);
    assert_string_equal(p[0].field, "minuten");
    assert_non_null(strstr(p[0].reason, "meer dan 24 uur op 2026-11-20"));
    /* today is fine, tomorrow is the future */
    in.minutes = 60;
    in.minutes_that_day = 0;
    in.date = today + 1;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
    assert_int_equal(p[0].rule, NB_HOURS_FUTURE);
    assert_string_equal(p[0].field, "datum");
    assert_non_null(strstr(p[0].reason, "toekomst"));
    in.minutes = 0;
    in.date = today;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
    assert_int_equal(p[0].rule, NB_HOURS_MINUTES_INVALID);
}

static void test_entry_all_problems_at_once(void **state)
{
    (void)state;
    int32_t today = nb_date_from_ymd(2026, 11, 20);
    nb_hours_period closed[] = {{nb_date_from_ymd(2026, 10, 1), nb_date_from_ymd(2026, 10, 31)},
                                {nb_date_from_ymd(2026, 11, 21), nb_date_from_ymd(2026, 11, 30)}};
    nb_hours_period asg = {nb_date_from_ymd(2026, 1, 1), nb_date_from_ymd(2026, 12, 31)};
    nb_hours_entry_in in = {today, nb_date_from_ymd(2026, 11, 22), 1000, 500, 0, closed, 2, asg};
    nb_hours_problem p[8];
    size_t n = nb_hours_entry_check(&in, p, 8);
    assert_int_equal(n, 4);
    assert_true(has_rule(p, n, NB_HOURS_OVER_DAY));
    assert_true(has_rule(p, n, NB_HOURS_FUTURE));
    assert_true(has_rule(p, n, NB_HOURS_CLOSED_PERIOD));
    assert_true(has_rule(p, n, NB_HOURS_NOT_ALLOCATED));
    /* count is exact even when the array is too small */
    assert_int_equal(nb_hours_entry_check(&in, p, 1), 4);
    assert_int_equal(nb_hours_entry_check(&in, NULL, 0), 4);

    /* closed period boundaries are inclusive */
    in = (nb_hours_entry_in){today, nb_date_from_ymd(2026, 10, 31), 60, 0, 1, closed, 2, asg};
    n = nb_hours_entry_check(&in, p, 8);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].rule, NB_HOURS_CLOSED_PERIOD);
    assert_non_null(strstr(p[0].reason, "2026-10-01 t/m 2026-10-31"));
    in.date = nb_date_from_ymd(2026, 11, 1);
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    in.date = nb_date_from_ymd(2026, 9, 30);
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
}

static void test_entry_assignment_period(void **state)
{
    (void)state;
    int32_t today = nb_date_from_ymd(2026, 11, 20);
    int32_t start = nb_date_from_ymd(2026, 9, 1), end = nb_date_from_ymd(2026, 10, 15);
    nb_hours_entry_in in = {today, start, 60, 0, 1, NULL, 0, {start, end}};
    nb_hours_problem p[8];
    /* the first and the last day of the period are inside */
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    in.date = end;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    /* one day after the end, one day before the start: outside */
    in.date = end + 1;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
    assert_int_equal(p[0].rule, NB_HOURS_OUTSIDE_ASSIGNMENT);
    assert_string_equal(p[0].field, "datum");
    assert_non_null(strstr(p[0].reason, "2026-10-16 valt buiten de looptijd van de opdracht"));
    assert_non_null(strstr(p[0].reason, "2026-09-01 t/m 2026-10-15"));
    in.date = start - 1;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
    assert_int_equal(p[0].rule, NB_HOURS_OUTSIDE_ASSIGNMENT);
    assert_non_null(strstr(p[0].reason, "2026-08-31"));
    /* reported together with the other rules: future and outside, not allocated */
    in.date = today + 1;
    in.allocated = 0;
    size_t n = nb_hours_entry_check(&in, p, 8);
    assert_int_equal(n, 3);
    assert_true(has_rule(p, n, NB_HOURS_FUTURE));
    assert_true(has_rule(p, n, NB_HOURS_OUTSIDE_ASSIGNMENT));
    assert_true(has_rule(p, n, NB_HOURS_NOT_ALLOCATED));
    /* a one-day assignment */
    in = (nb_hours_entry_in){today, start, 60, 0, 1, NULL, 0, {start, start}};
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 0);
    in.date = start + 1;
    assert_int_equal(nb_hours_entry_check(&in, p, 8), 1);
}

/* ---- allocation check ------------------------------------------------------ */

static void test_alloc_line_capacity(void **state)
{
    (void)state;
    nb_hours_problem p;
    /* nothing planned yet: exactly the line's minutes fit, one more does not */
    assert_int_equal(nb_hours_alloc_check(12, 6000, 0, 6000, &p), 0);
    assert_int_equal(nb_hours_alloc_check(12, 6000, 0, 6001, &p), 1);
    assert_int_equal(p.rule, NB_HOURS_OVER_LINE);
    assert_string_equal(p.field, "minuten");
    assert_non_null(strstr(p.reason, "regel 12 vraagt 6000 minuten"));
    assert_non_null(strstr(p.reason, "al 0 minuten ingepland"));
    assert_non_null(strstr(p.reason, "nog 6000 minuten bij, niet 6001"));
    /* with planned allocations: the rest fits exactly, one minute more is refused */
    assert_int_equal(nb_hours_alloc_check(12, 6000, 4800, 1200, &p), 0);
    assert_int_equal(nb_hours_alloc_check(12, 6000, 4800, 1201, NULL), 1);
    assert_int_equal(nb_hours_alloc_check(12, 6000, 4800, 1201, &p), 1);
    assert_non_null(strstr(p.reason, "al 4800 minuten ingepland"));
    assert_non_null(strstr(p.reason, "nog 1200 minuten bij, niet 1201"));
    /* a full line takes nothing more; an overfull one (line lowered later) says 0 free */
    assert_int_equal(nb_hours_alloc_check(12, 6000, 6000, 1, &p), 1);
    assert_int_equal(nb_hours_alloc_check(12, 3000, 6000, 1, &p), 1);
    assert_non_null(strstr(p.reason, "nog 0 minuten bij, niet 1"));
}

/* ---- ledger batches through the real ledger core ------------------------- */

/* Accounts 1 (client A), 2 (client B), 3 (home P); entries grow as applied. */
typedef struct ledger_fix {
    nb_account acc[3];
    nb_ledger_entry entries[64];
    nb_ledger_arrays arr;
    nb_ledger_view view;
} ledger_fix;

static void fix_init(ledger_fix *f, int64_t line_a, int64_t line_b)
{
    memset(f, 0, sizeof *f);
    f->acc[0] = (nb_account){1, 0, 0, 0, 0, line_a, 0};
    f->acc[1] = (nb_account){2, 0, 0, 0, 0, line_b, 0};
    f->acc[2] = (nb_account){3, 0, 0, 0, 0, 0, 0};
    f->arr = (nb_ledger_arrays){f->acc, 3, f->entries, 0};
    nb_ledger_view_from_arrays(&f->view, &f->arr);
}

/* Applies a batch and stores new entries like the store does; returns apply's rc. */
static int fix_apply(ledger_fix *f, const nb_transfer *batch, size_t n, nb_transfer_result *res)
{
    int rc = nb_ledger_apply(&f->view, batch, n, res, NULL);
    for (size_t i = 0; i < n; i++)
        if (res[i].code == NB_TR_OK)
            f->entries[f->arr.n_entries++] = res[i].entry;
    return rc;
}

static nb_ledger_entry *fix_entry(ledger_fix *f, const char *id)
{
    for (size_t i = 0; i < f->arr.n_entries; i++)
        if (strcmp(f->entries[i].transfer.id, id) == 0)
            return &f->entries[i];
    return NULL;
}

static void test_batches_reserve_post_rereserve_void(void **state)
{
    (void)state;
    ledger_fix f;
    fix_init(&f, 600, 600);
    nb_transfer batch[16];
    nb_hours_batch_meta meta[16];
    nb_transfer_result res[16];
    size_t k = 0;

    /* confirm 600 min split A 400, B 200; P (org 30) is also charged 0 */
    nb_hours_account_part parts[3] = {
        {10, 1, 400, "", 0, 0}, {20, 2, 200, "", 0, 0}, {30, 3, 0, "", 0, 0}};
    assert_int_equal(nb_hours_build_reserve(5, 30, 3, parts, 3, batch, meta, &k), 0);
    assert_int_equal(k, 2);
    assert_true(batch[0].flags & NB_TRANSFER_LINKED);
    assert_false(batch[1].flags & NB_TRANSFER_LINKED);
    assert_string_equal(batch[0].id, "inzet-5-res-10-1");
    assert_int_equal(meta[1].org_id, 20);
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    assert_int_equal(f.acc[0].debits_pending, 400);
    assert_int_equal(f.acc[1].debits_pending, 200);
    assert_int_equal(f.acc[2].credits_pending, 600);

    /* approve 90 min: A 60, B 30 -> post 60 / 30, re-reserve 340 / 170 */
    snprintf(parts[0].open_id, NB_TRANSFER_ID_SIZE, "inzet-5-res-10-1");
    parts[0].open_minutes = 400;
    parts[0].open_seq = 1;
    parts[0].minutes = 60;
    snprintf(parts[1].open_id, NB_TRANSFER_ID_SIZE, "inzet-5-res-20-1");
    parts[1].open_minutes = 200;
    parts[1].open_seq = 1;
    parts[1].minutes = 30;
    assert_int_equal(nb_hours_build_approve(77, 5, 30, 3, parts, 3, batch, meta, &k), 0);
    assert_int_equal(k, 4);
    assert_int_equal(meta[0].step, NB_HOURS_STEP_POST);
    assert_int_equal(meta[1].step, NB_HOURS_STEP_RERESERVE);
    assert_int_equal(meta[1].seq, 2);
    assert_string_equal(batch[1].id, "inzet-5-res-10-2");
    assert_string_equal(batch[0].id, "uren-77-post-10");
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    assert_int_equal(f.acc[0].debits_posted, 60);
    assert_int_equal(f.acc[0].debits_pending, 340);
    assert_int_equal(f.acc[1].debits_posted, 30);
    assert_int_equal(f.acc[1].debits_pending, 170);
    assert_int_equal(f.acc[2].credits_posted, 90);
    assert_int_equal(f.acc[2].credits_pending, 510);
    nb_ledger_entry *first = fix_entry(&f, "inzet-5-res-10-1");
    assert_non_null(first);
    if (first != NULL)
        assert_int_equal(first->state, NB_PENDING_POSTED);
    /* the same approval again is an idempotent retry: nothing changes */
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    assert_int_equal(res[0].code, NB_TR_EXISTS);
    assert_int_equal(f.acc[0].debits_posted, 60);

    /* end: void the rest */
    snprintf(parts[0].open_id, NB_TRANSFER_ID_SIZE, "inzet-5-res-10-2");
    parts[0].open_minutes = 340;
    parts[0].open_seq = 2;
    snprintf(parts[1].open_id, NB_TRANSFER_ID_SIZE, "inzet-5-res-20-2");
    parts[1].open_minutes = 170;
    parts[1].open_seq = 2;
    assert_int_equal(nb_hours_build_void(5, 3, parts, 3, batch, meta, &k), 0);
    assert_int_equal(k, 2);
    assert_string_equal(batch[0].id, "inzet-5-void-10-2");
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(f.acc[i].debits_pending, 0);
        assert_int_equal(f.acc[i].credits_pending, 0);
    }
    assert_int_equal(f.acc[2].credits_posted, 90);
    /* the same void again is an idempotent retry; another void is refused */
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    assert_int_equal(res[0].code, NB_TR_EXISTS);
    nb_transfer again = batch[0];
    snprintf(again.id, NB_TRANSFER_ID_SIZE, "other-void");
    again.flags = NB_TRANSFER_VOID_PENDING;
    assert_int_not_equal(fix_apply(&f, &again, 1, res), 0);
    assert_int_equal(res[0].code, NB_TR_ALREADY_VOIDED);
}

static void test_batches_beyond_reservation_checks_limit(void **state)
{
    (void)state;
    ledger_fix f;
    fix_init(&f, 100, 0);
    nb_transfer batch[16];
    nb_hours_batch_meta meta[16];
    nb_transfer_result res[16];
    size_t k = 0;
    nb_hours_account_part parts[1] = {{10, 1, 80, "", 0, 0}};
    assert_int_equal(nb_hours_build_reserve(9, 30, 3, parts, 1, batch, meta, &k), 0);
    assert_int_equal(fix_apply(&f, batch, k, res), 0); /* 80 of 100 reserved */

    /* approve 100: post 80, 20 beyond -> single-phase, fits exactly */
    snprintf(parts[0].open_id, NB_TRANSFER_ID_SIZE, "inzet-9-res-10-1");
    parts[0].open_minutes = 80;
    parts[0].open_seq = 1;
    parts[0].minutes = 100;
    assert_int_equal(nb_hours_build_approve(1, 9, 30, 3, parts, 1, batch, meta, &k), 0);
    assert_int_equal(k, 2);
    assert_int_equal(meta[0].step, NB_HOURS_STEP_POST);
    assert_int_equal(meta[1].step, NB_HOURS_STEP_EXTRA);
    assert_int_equal(batch[1].amount, 20);
    assert_int_equal(batch[1].flags, 0);
    assert_int_equal(fix_apply(&f, batch, k, res), 0);
    assert_int_equal(f.acc[0].debits_posted, 100);
    assert_int_equal(nb_ledger_available(&f.acc[0]), 0);

    /* one more minute, no reservation left: refused by the limit, nothing applied */
    parts[0].open_id[0] = '\0';
    parts[0].open_minutes = 0;
    parts[0].minutes = 1;
    assert_int_equal(nb_hours_build_approve(2, 9, 30, 3, parts, 1, batch, meta, &k), 0);
    assert_int_equal(k, 1);
    assert_int_equal(fix_apply(&f, batch, k, res), NB_ELIMIT);
    assert_int_equal(res[0].code, NB_TR_EXCEEDS_LIMIT);
    assert_int_equal(res[0].account_id, 1);
    assert_int_equal(res[0].available, 0);
    assert_int_equal(res[0].shortfall, 1);
    assert_int_equal(f.acc[0].debits_posted, 100);
}

static void test_batches_reserve_refused_all_or_nothing(void **state)
{
    (void)state;
    ledger_fix f;
    fix_init(&f, 1000, 50);
    nb_transfer batch[4];
    nb_hours_batch_meta meta[4];
    nb_transfer_result res[4];
    size_t k = 0;
    nb_hours_account_part parts[2] = {{10, 1, 300, "", 0, 0}, {20, 2, 51, "", 0, 0}};
    assert_int_equal(nb_hours_build_reserve(4, 30, 3, parts, 2, batch, meta, &k), 0);
    assert_int_equal(fix_apply(&f, batch, k, res), NB_ELIMIT);
    assert_int_equal(res[1].code, NB_TR_EXCEEDS_LIMIT);
    assert_int_equal(res[1].shortfall, 1);
    assert_int_equal(res[0].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(f.acc[0].debits_pending, 0); /* the chain was undone */

    /* the home organisation is charged too: nothing for its own part */
    nb_hours_account_part own[1] = {{30, 3, 300, "", 0, 0}};
    assert_int_equal(nb_hours_build_reserve(4, 30, 3, own, 1, batch, meta, &k), 0);
    assert_int_equal(k, 0);
    assert_int_equal(nb_hours_build_approve(4, 4, 30, 3, own, 1, batch, meta, &k), 0);
    assert_int_equal(k, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charge_local),
        cmocka_unit_test(test_charge_multi_local_shares),
        cmocka_unit_test(test_charge_regional_key),
        cmocka_unit_test(test_entry_ok_and_boundaries),
        cmocka_unit_test(test_entry_all_problems_at_once),
        cmocka_unit_test(test_entry_assignment_period),
        cmocka_unit_test(test_alloc_line_capacity),
        cmocka_unit_test(test_batches_reserve_post_rereserve_void),
        cmocka_unit_test(test_batches_beyond_reservation_checks_limit),
        cmocka_unit_test(test_batches_reserve_refused_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
