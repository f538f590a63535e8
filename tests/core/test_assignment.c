/*
 * tests/core/test_assignment.c — unit tests of the assignment status machine
 * and shape validation (core/assignment.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/assignment.h"

#define N NB_ASSIGNMENT_STATUS_COUNT

/* The complete transition table, written out by hand from the issue text. */
static const int legal[N][N] = {
    /*               con ind acc bem uit afg ann sam */
    /* concept */ {0, 1, 0, 0, 0, 0, 1, 0},
    /* ingediend */ {0, 0, 1, 0, 0, 0, 1, 0},
    /* geacc. */ {0, 0, 0, 1, 0, 0, 1, 0},
    /* bemenst */ {0, 0, 0, 0, 1, 0, 1, 0},
    /* in-uitv. */ {0, 0, 0, 0, 0, 1, 1, 0},
    /* afgerond */ {0, 0, 0, 0, 0, 0, 0, 0},
    /* geannul. */ {0, 0, 0, 0, 0, 0, 0, 0},
    /* samengev. (only a merge sets it, issue 10) */ {0, 0, 0, 0, 0, 0, 0, 0},
};

static void test_transition_table(void **state)
{
    (void)state;
    for (int f = 0; f < N; f++) {
        for (int t = 0; t < N; t++) {
            nb_err err = {{0}};
            int rc = nb_assignment_transition_check((nb_assignment_status)f,
                                                    (nb_assignment_status)t, &err);
            assert_int_equal(
                nb_assignment_transition_legal((nb_assignment_status)f, (nb_assignment_status)t),
                legal[f][t]);
            if (legal[f][t] || f == t) {
                assert_int_equal(rc, 0);
            } else {
                assert_int_equal(rc, NB_ECONFLICT);
                assert_true(strlen(err.msg) > 0);
            }
        }
    }
}

static void test_reason_names_next_states(void **state)
{
    nb_err err = {{0}};
    (void)state;
    assert_int_equal(
        nb_assignment_transition_check(NB_ASSIGNMENT_CONCEPT, NB_ASSIGNMENT_BEMENST, &err),
        NB_ECONFLICT);
    assert_non_null(strstr(err.msg, "'concept'"));
    assert_non_null(strstr(err.msg, "'bemenst'"));
    assert_non_null(strstr(err.msg, "wel naar: ingediend, geannuleerd."));

    assert_int_equal(nb_assignment_transition_check(NB_ASSIGNMENT_IN_UITVOERING,
                                                    NB_ASSIGNMENT_GEACCEPTEERD, &err),
                     NB_ECONFLICT);
    assert_non_null(strstr(err.msg, "wel naar: afgerond, geannuleerd."));

    assert_int_equal(
        nb_assignment_transition_check(NB_ASSIGNMENT_AFGEROND, NB_ASSIGNMENT_GEANNULEERD, &err),
        NB_ECONFLICT);
    assert_non_null(strstr(err.msg, "eindstatus"));

    /* Out of range and NULL err are handled. */
    assert_int_equal(
        nb_assignment_transition_check(NB_ASSIGNMENT_STATUS_COUNT, NB_ASSIGNMENT_CONCEPT, NULL),
        NB_EINVAL);
    assert_int_equal(
        nb_assignment_transition_check(NB_ASSIGNMENT_CONCEPT, NB_ASSIGNMENT_AFGEROND, NULL),
        NB_ECONFLICT);
}

static void test_names_roundtrip(void **state)
{
    (void)state;
    for (int s = 0; s < N; s++) {
        nb_assignment_status out;
        assert_int_equal(
            nb_assignment_status_parse(nb_assignment_status_name((nb_assignment_status)s), &out),
            0);
        assert_int_equal(out, s);
    }
    for (int k = 0; k < NB_ASSIGNMENT_KIND_COUNT; k++) {
        nb_assignment_kind out;
        assert_int_equal(
            nb_assignment_kind_parse(nb_assignment_kind_name((nb_assignment_kind)k), &out), 0);
        assert_int_equal(out, k);
    }
    nb_assignment_status s;
    nb_assignment_kind k;
    assert_int_equal(nb_assignment_status_parse("Concept", &s), NB_EINVAL);
    assert_int_equal(nb_assignment_status_parse(NULL, &s), NB_EINVAL);
    assert_int_equal(nb_assignment_kind_parse("landelijk", &k), NB_EINVAL);
    assert_string_equal(nb_assignment_status_name(NB_ASSIGNMENT_IN_UITVOERING), "in-uitvoering");
    assert_string_equal(nb_assignment_status_name(NB_ASSIGNMENT_STATUS_COUNT), "?");
    assert_int_equal(nb_assignment_status_parse("samengevoegd", &s), 0);
    assert_int_equal(s, NB_ASSIGNMENT_SAMENGEVOEGD);
    assert_string_equal(nb_assignment_kind_name(NB_ASSIGNMENT_MEERVOUDIG_LOKAAL),
                        "meervoudig-lokaal");
}

static void test_final_and_locked(void **state)
{
    (void)state;
    for (int s = 0; s < N; s++) {
        int final = s == NB_ASSIGNMENT_AFGEROND || s == NB_ASSIGNMENT_GEANNULEERD ||
                    s == NB_ASSIGNMENT_SAMENGEVOEGD;
        assert_int_equal(nb_assignment_status_is_final((nb_assignment_status)s), final);
        assert_int_equal(nb_assignment_lines_locked((nb_assignment_status)s),
                         s >= NB_ASSIGNMENT_BEMENST);
    }
}

static void test_requester_may(void **state)
{
    (void)state;
    int allowed = 0;
    for (int f = 0; f < N; f++)
        for (int t = 0; t < N; t++)
            if (f != t &&
                nb_assignment_requester_may((nb_assignment_status)f, (nb_assignment_status)t))
                allowed++;
    assert_int_equal(allowed, 4);
    assert_true(nb_assignment_requester_may(NB_ASSIGNMENT_CONCEPT, NB_ASSIGNMENT_INGEDIEND));
    assert_true(nb_assignment_requester_may(NB_ASSIGNMENT_CONCEPT, NB_ASSIGNMENT_GEANNULEERD));
    assert_true(nb_assignment_requester_may(NB_ASSIGNMENT_INGEDIEND, NB_ASSIGNMENT_GEANNULEERD));
    assert_true(nb_assignment_requester_may(NB_ASSIGNMENT_GEACCEPTEERD, NB_ASSIGNMENT_GEANNULEERD));
    assert_false(nb_assignment_requester_may(NB_ASSIGNMENT_INGEDIEND, NB_ASSIGNMENT_GEACCEPTEERD));
    assert_false(nb_assignment_requester_may(NB_ASSIGNMENT_BEMENST, NB_ASSIGNMENT_GEANNULEERD));
    assert_true(nb_assignment_requester_may(NB_ASSIGNMENT_BEMENST, NB_ASSIGNMENT_BEMENST));
}

/* ---- Shape -------------------------------------------------------------- */

static const nb_assignment_line one_line[] = {{0, 7, 3, 600, NULL, 0}};

static size_t validate(nb_assignment_kind kind, const nb_assignment_requester *r, size_t nr,
                       const nb_assignment_line *l, size_t nl, int32_t start, int32_t end,
                       nb_assignment_problem *p, size_t max)
{
    nb_assignment_shape a = {kind, start, end, r, nr, l, nl};
    return nb_assignment_validate(&a, p, max);
}

static void test_valid_shapes(void **state)
{
    nb_assignment_requester one[] = {{1, 1}};
    nb_assignment_requester two[] = {{1, 3}, {2, 1}};
    (void)state;
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, one, 1, one_line, 1, 10, 10, NULL, 0), 0);
    assert_int_equal(
        validate(NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, two, 2, one_line, 1, 10, 20, NULL, 0), 0);
    assert_int_equal(validate(NB_ASSIGNMENT_REGIONAAL, NULL, 0, one_line, 1, 10, 20, NULL, 0), 0);
    assert_int_equal(validate(NB_ASSIGNMENT_REGIONAAL, two, 2, one_line, 1, 10, 20, NULL, 0), 0);
}

static void test_lokaal_needs_exactly_one(void **state)
{
    nb_assignment_requester two[] = {{1, 1}, {2, 1}};
    nb_assignment_problem p[4];
    (void)state;
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, NULL, 0, one_line, 1, 1, 1, p, 4), 1);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_REQUESTERS);
    assert_non_null(strstr(p[0].reason, "precies één"));
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, two, 2, one_line, 1, 1, 1, p, 4), 1);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_REQUESTERS);
}

static void test_multi_local_needs_two_with_shares(void **state)
{
    nb_assignment_requester one[] = {{1, 1}};
    nb_assignment_requester zero_share[] = {{1, 2}, {2, 0}, {3, -1}};
    nb_assignment_problem p[4];
    (void)state;
    assert_int_equal(validate(NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, one, 1, one_line, 1, 1, 1, p, 4), 1);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_REQUESTERS);
    assert_non_null(strstr(p[0].reason, "minstens twee"));
    assert_int_equal(
        validate(NB_ASSIGNMENT_MEERVOUDIG_LOKAAL, zero_share, 3, one_line, 1, 1, 1, p, 4), 2);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_REQUESTER_SHARE);
    assert_int_equal(p[0].index, 1);
    assert_int_equal(p[1].field, NB_ASSIGNMENT_F_REQUESTER_SHARE);
    assert_int_equal(p[1].index, 2);
}

static void test_duplicate_requester(void **state)
{
    nb_assignment_requester dup[] = {{4, 1}, {5, 1}, {4, 2}, {0, 1}};
    nb_assignment_problem p[4];
    (void)state;
    assert_int_equal(validate(NB_ASSIGNMENT_REGIONAAL, dup, 4, one_line, 1, 1, 1, p, 4), 2);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_REQUESTER_ORG);
    assert_int_equal(p[0].index, 2);
    assert_non_null(strstr(p[0].reason, "al eerder"));
    assert_int_equal(p[1].field, NB_ASSIGNMENT_F_REQUESTER_ORG);
    assert_int_equal(p[1].index, 3);
}

static void test_period_and_lines(void **state)
{
    nb_assignment_requester one[] = {{1, 1}};
    nb_assignment_line bad[] = {{0, 7, 0, 0, NULL, 0},
                                {0, 0, 6, 10, NULL, 0},
                                {0, 7, 5, -5, NULL, 0},
                                {0, 7, 1, 1, NULL, 0}};
    nb_assignment_problem p[8];
    (void)state;
    /* end before start */
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, one, 1, one_line, 1, 11, 10, p, 8), 1);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_END);
    /* no lines */
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, one, 1, NULL, 0, 1, 1, p, 8), 1);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_LINES);
    /* every bad line field is named with its index */
    assert_int_equal(validate(NB_ASSIGNMENT_LOKAAL, one, 1, bad, 4, 1, 1, p, 8), 5);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_LINE_LEVEL);
    assert_int_equal(p[0].index, 0);
    assert_int_equal(p[1].field, NB_ASSIGNMENT_F_LINE_MINUTES);
    assert_int_equal(p[1].index, 0);
    assert_int_equal(p[2].field, NB_ASSIGNMENT_F_LINE_COMPETENCY);
    assert_int_equal(p[2].index, 1);
    assert_int_equal(p[3].field, NB_ASSIGNMENT_F_LINE_LEVEL);
    assert_int_equal(p[3].index, 1);
    assert_int_equal(p[4].field, NB_ASSIGNMENT_F_LINE_MINUTES);
    assert_int_equal(p[4].index, 2);
}

/* All problems at once; the count is complete even when the array is short. */
static void test_many_problems_counted(void **state)
{
    nb_assignment_requester dup[] = {{1, 0}, {1, 1}};
    nb_assignment_problem p[2];
    nb_assignment_shape a = {(nb_assignment_kind)9, 20, 10, dup, 2, NULL, 0};
    (void)state;
    /* kind, share, duplicate, period, lines */
    assert_int_equal(nb_assignment_validate(&a, p, 2), 5);
    assert_int_equal(p[0].field, NB_ASSIGNMENT_F_KIND);
    assert_int_equal(p[1].field, NB_ASSIGNMENT_F_REQUESTER_SHARE);
    assert_int_equal(nb_assignment_validate(&a, NULL, 0), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transition_table),
        cmocka_unit_test(test_reason_names_next_states),
        cmocka_unit_test(test_names_roundtrip),
        cmocka_unit_test(test_final_and_locked),
        cmocka_unit_test(test_requester_may),
        cmocka_unit_test(test_valid_shapes),
        cmocka_unit_test(test_lokaal_needs_exactly_one),
        cmocka_unit_test(test_multi_local_needs_two_with_shares),
        cmocka_unit_test(test_duplicate_requester),
        cmocka_unit_test(test_period_and_lines),
        cmocka_unit_test(test_many_problems_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
