/*
 * tests/core/test_workload.c — unit tests of the work stock (core/workload.c)
 * on a small network computed by hand: month spreading (exact, by days, ties
 * to the earlier month), working days, month parsing and the request window,
 * and level-aware availability (a level-4 person covers a level-3 line; a
 * level-2 person covers neither; a person with two competencies counts in
 * both rows but once in the month total; the exit date cuts a month short).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/split.h"
#include "core/workload.h"
#include "util/date.h"

static int32_t day(const char *s)
{
    int32_t d = 0;
    assert_int_equal(nb_date_parse(s, &d), 0);
    return d;
}

static int32_t month(const char *s)
{
    int32_t m = 0;
    assert_int_equal(nb_date_parse_month(s, &m), 0);
    return m;
}

static void test_spread_by_days(void **state)
{
    (void)state;
    int64_t out[3];
    /* 17 + 28 + 10 days: 5500 minutes split exactly by the days */
    assert_int_equal(
        nb_wl_spread(5500, NULL, 0, day("2027-01-15"), day("2027-03-10"), out, 3, NULL), 0);
    assert_int_equal(out[0], 1700);
    assert_int_equal(out[1], 2800);
    assert_int_equal(out[2], 1000);
    /* 31/28/31 days: 34.4, 31.1, 34.4 -> the one left-over minute to the earlier month */
    assert_int_equal(nb_wl_spread(100, NULL, 0, day("2027-01-01"), day("2027-03-31"), out, 3, NULL),
                     0);
    assert_int_equal(out[0], 35);
    assert_int_equal(out[1], 31);
    assert_int_equal(out[2], 34);
    /* one day, one month */
    assert_int_equal(nb_wl_spread(60, NULL, 0, day("2027-05-07"), day("2027-05-07"), out, 3, NULL),
                     0);
    assert_int_equal(out[0], 60);
    /* reversed, or more months than room */
    assert_int_equal(nb_wl_spread(60, NULL, 0, day("2027-05-07"), day("2027-05-06"), out, 3, NULL),
                     NB_EINVAL);
    assert_int_equal(nb_wl_spread(60, NULL, 0, day("2027-01-01"), day("2027-04-01"), out, 3, NULL),
                     NB_EINVAL);
}

/* A line's own month profile: the minutes follow its weights, exactly as the
 * teaming engine splits them (nb_split_weighted over nb_wl_month_weights),
 * not the days of the period (issue 13 §2; regression: the work stock
 * spread every line by days). */
static void test_spread_by_profile(void **state)
{
    (void)state;
    const nb_month_weight prof[] = {{month("2027-01"), 2}, {month("2027-03"), 1}};
    int64_t out[3], w[3], want[3];
    assert_int_equal(
        nb_wl_spread(1000, prof, 2, day("2027-01-15"), day("2027-03-10"), out, 3, NULL), 0);
    assert_int_equal(out[0], 667); /* 2/3 of 1000, the left-over minute to the larger remainder */
    assert_int_equal(out[1], 0);   /* February is not named: nothing, although it has 28 days */
    assert_int_equal(out[2], 333);
    assert_int_equal(nb_wl_month_weights(prof, 2, day("2027-01-15"), day("2027-03-10"), w), 3);
    assert_int_equal(nb_split_weighted(1000, w, NULL, 3, want, NULL), 0);
    assert_memory_equal(out, want, sizeof out);
    /* without a profile the weights are the days of the period in each month */
    assert_int_equal(nb_wl_month_weights(NULL, 0, day("2027-01-15"), day("2027-03-10"), w), 3);
    assert_int_equal(w[0], 17);
    assert_int_equal(w[1], 28);
    assert_int_equal(w[2], 10);

    /* the work stock asks a profiled line's minutes in its profile's months */
    const nb_wl_skill sk[] = {{1, 3}};
    const nb_wl_person people[] = {{600, 0, sk, 1}};
    const nb_wl_line lines[] = {
        {1, 3, 1000, day("2027-01-15"), day("2027-03-10"), prof, 2},
        {1, 3, 5500, day("2027-01-15"), day("2027-03-10"), NULL, 0},
    };
    nb_wl_input in = {month("2027-01"), 3, lines, 2, people, 1};
    nb_wl_report r;
    assert_int_equal(nb_wl_compute(&in, &r, NULL), 0);
    assert_int_equal(r.nrows, 1);
    assert_int_equal(r.rows[0].asked[0], 667 + 1700);
    assert_int_equal(r.rows[0].asked[1], 0 + 2800);
    assert_int_equal(r.rows[0].asked[2], 333 + 1000);
    nb_wl_report_free(&r);
}

static void test_working_days_and_months(void **state)
{
    (void)state;
    assert_int_equal(nb_wl_working_days(day("2027-02-01"), day("2027-02-28")), 20);
    assert_int_equal(nb_wl_working_days(day("2027-03-01"), day("2027-03-31")), 23);
    assert_int_equal(nb_wl_working_days(day("2027-03-01"), day("2027-03-15")), 11);
    assert_int_equal(nb_wl_working_days(day("2027-03-06"), day("2027-03-07")), 0); /* a weekend */
    assert_int_equal(nb_wl_working_days(day("2027-03-07"), day("2027-03-06")), 0);
    int32_t m = 0;
    assert_int_equal(nb_date_parse_month("2027-13", &m), NB_EINVAL);
    assert_int_equal(nb_date_parse_month("2027-1", &m), NB_EINVAL);
    assert_int_equal(nb_date_parse_month("2027-01-01", &m), NB_EINVAL);
    char text[8];
    nb_wl_month_format(month("2027-12"), text);
    assert_string_equal(text, "2027-12");
    assert_int_equal(nb_wl_month(day("2027-12-31")), month("2027-12"));

    int32_t first = 0;
    size_t n = 0;
    const char *field = NULL, *why = NULL;
    assert_int_equal(nb_wl_window(NULL, NULL, day("2027-05-20"), &first, &n, &field, &why), 0);
    assert_int_equal(first, month("2027-05"));
    assert_int_equal(n, 12);
    assert_int_equal(nb_wl_window("2027-01", "2027-03", 0, &first, &n, &field, &why), 0);
    assert_int_equal(n, 3);
    assert_int_equal(nb_wl_window("2027-03", "2027-01", 0, &first, &n, &field, &why), NB_EINVAL);
    assert_string_equal(field, "tot");
    assert_int_equal(nb_wl_window("maart", NULL, 0, &first, &n, &field, &why), NB_EINVAL);
    assert_string_equal(field, "van");
    assert_int_equal(nb_wl_window("2020-01", "2030-01", 0, &first, &n, &field, &why), NB_EINVAL);
}

/*
 * The network: competency 1 and 2.
 *   P1 10 h/week, competency 1 at level 4;
 *   P2 20 h/week, competency 1 at level 2 (below every line asked);
 *   P3  5 h/week, competency 1 at level 3 and competency 2 at level 5, leaving 2027-03-16;
 *   P4 40 h/week, no competencies.
 * Lines: competency 1 level 3, 6000 min in February 2027; competency 1 level 4, 3000 min in
 * February; competency 2 level 1, 1000 min in March. Window: February to April 2027.
 */
static void test_level_aware_availability(void **state)
{
    (void)state;
    const nb_wl_skill s1[] = {{1, 4}}, s2[] = {{1, 2}}, s3[] = {{1, 3}, {2, 5}};
    const nb_wl_person people[] = {
        {600, 0, s1, 1},
        {1200, 0, s2, 1},
        {300, day("2027-03-16"), s3, 2},
        {2400, 0, NULL, 0},
    };
    const nb_wl_line lines[] = {
        {1, 3, 6000, day("2027-02-01"), day("2027-02-28"), NULL, 0},
        {2, 1, 1000, day("2027-03-01"), day("2027-03-31"), NULL, 0},
        {1, 4, 3000, day("2027-02-01"), day("2027-02-28"), NULL, 0},
        {1, 3, 500, day("2026-01-01"), day("2026-12-31"), NULL, 0}, /* outside the window */
    };
    nb_wl_input in = {month("2027-02"), 3, lines, 4, people, 4};
    nb_wl_report r;
    assert_int_equal(nb_wl_compute(&in, &r, NULL), 0);
    assert_int_equal(r.nrows, 3);

    /* (1, 3): P1 (4 >= 3) and P3 (3 >= 3); not P2 (2 < 3) */
    const nb_wl_row *a = &r.rows[0];
    assert_int_equal(a->competency_id, 1);
    assert_int_equal(a->level, 3);
    assert_int_equal(a->holders, 2);
    /* February: 20 working days; P1 600 × 20 / 5 = 2400, P3 300 × 20 / 5 = 1200 */
    assert_int_equal(a->available[0], 3600);
    /* March: 23 working days for P1 (2760), 11 before P3's exit (660) */
    assert_int_equal(a->available[1], 3420);
    /* April: 22 working days for P1 (2640), P3 has left */
    assert_int_equal(a->available[2], 2640);
    assert_int_equal(a->asked[0], 6000);
    assert_int_equal(a->asked_from_level[0], 9000); /* level 3 and level 4 */
    assert_true(a->overloaded[0]);
    assert_false(a->overloaded[1]);

    /* (1, 4): only P1 */
    const nb_wl_row *b = &r.rows[1];
    assert_int_equal(b->level, 4);
    assert_int_equal(b->holders, 1);
    assert_int_equal(b->available[0], 2400);
    assert_int_equal(b->asked_from_level[0], 3000);
    assert_true(b->overloaded[0]);

    /* (2, 1): P3 at level 5 covers level 1 */
    const nb_wl_row *c = &r.rows[2];
    assert_int_equal(c->competency_id, 2);
    assert_int_equal(c->holders, 1);
    assert_int_equal(c->available[0], 1200);
    assert_int_equal(c->available[1], 660);
    assert_int_equal(c->asked[1], 1000);
    assert_true(c->overloaded[1]);

    /* totals: P3 counts once although it serves two rows; P2 and P4 serve nothing */
    assert_int_equal(r.asked_total[0], 9000);
    assert_int_equal(r.asked_total[1], 1000);
    assert_int_equal(r.asked_total[2], 0);
    assert_int_equal(r.available_total[0], 3600);
    assert_int_equal(r.available_total[1], 3420);
    assert_int_equal(r.available_total[2], 2640);
    assert_true(r.overloaded[0]);
    assert_true(r.overloaded[1]); /* competency 2 alone */
    assert_false(r.overloaded[2]);
    nb_wl_report_free(&r);
}

static void test_empty_and_invalid(void **state)
{
    (void)state;
    nb_wl_report r;
    nb_wl_input none = {month("2027-01"), 2, NULL, 0, NULL, 0};
    assert_int_equal(nb_wl_compute(&none, &r, NULL), 0);
    assert_int_equal(r.nrows, 0);
    assert_int_equal(r.asked_total[1], 0);
    assert_false(r.overloaded[0]);
    nb_wl_report_free(&r);
    nb_wl_input wide = {month("2027-01"), NB_WL_MAX_MONTHS + 1, NULL, 0, NULL, 0};
    assert_int_equal(nb_wl_compute(&wide, &r, NULL), NB_EINVAL);
    nb_wl_report_free(&r);
    const nb_wl_line bad[] = {{1, 6, 60, day("2027-01-01"), day("2027-01-02"), NULL, 0}};
    nb_wl_input lvl = {month("2027-01"), 1, bad, 1, NULL, 0};
    assert_int_equal(nb_wl_compute(&lvl, &r, NULL), NB_EINVAL);
    nb_wl_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spread_by_days),
        cmocka_unit_test(test_spread_by_profile),
        cmocka_unit_test(test_working_days_and_months),
        cmocka_unit_test(test_level_aware_availability),
        cmocka_unit_test(test_empty_and_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
