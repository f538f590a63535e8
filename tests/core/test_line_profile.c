/*
 * tests/core/test_line_profile.c — core/line_profile.h: parsing the text
 * people type ("2027-01: 2, 2027-02: 1") and the canonical text the store
 * keeps, every refusal with its Dutch reason, month order, the round trip,
 * and the shape rule of core/assignment.h (named months in the period, not
 * all weights zero).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/assignment.h"
#include "core/line_profile.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

static void parse_ok(const char *s, const char *canonical, const char *spaced)
{
    nb_line_profile p;
    char why[160] = "", out[NB_PROFILE_TEXT_MAX];
    int rc = nb_line_profile_parse(s, &p, why, sizeof why);
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", s, why);
    assert_int_equal(rc, 0);
    nb_line_profile_format(p.e, p.n, 0, out, sizeof out);
    assert_string_equal(out, canonical);
    nb_line_profile_format(p.e, p.n, 1, out, sizeof out);
    assert_string_equal(out, spaced);
    nb_line_profile q; /* the canonical text reads back the same */
    assert_int_equal(nb_line_profile_parse(canonical, &q, why, sizeof why), 0);
    assert_int_equal(q.n, p.n);
    assert_memory_equal(q.e, p.e, p.n * sizeof p.e[0]);
}

static void parse_bad(const char *s, const char *reason_part)
{
    nb_line_profile p;
    char why[160] = "";
    assert_int_equal(nb_line_profile_parse(s, &p, why, sizeof why), NB_EINVAL);
    if (strstr(why, reason_part) == NULL)
        fprintf(stderr, "%s: %s\n", s, why);
    assert_non_null(strstr(why, reason_part));
}

static void test_parse_and_format(void **state)
{
    (void)state;
    parse_ok("", "", "");
    parse_ok("  ", "", "");
    parse_ok("2027-01:2,2027-02:1", "2027-01:2,2027-02:1", "2027-01: 2, 2027-02: 1");
    parse_ok(" 2027-03 : 1 , 2027-01: 2,2027-02:0 ", "2027-01:2,2027-02:0,2027-03:1",
             "2027-01: 2, 2027-02: 0, 2027-03: 1");
    parse_ok("2027-12: 1000", "2027-12:1000", "2027-12: 1000");
    nb_line_profile p;
    char why[160];
    assert_int_equal(nb_line_profile_parse("2027-02: 1, 2026-12: 3", &p, why, sizeof why), 0);
    assert_int_equal(p.n, 2);
    assert_int_equal(p.e[0].month, 2026 * 12 + 11);
    assert_int_equal(p.e[0].weight, 3);
    assert_int_equal(p.e[1].month, 2027 * 12 + 1);
    assert_int_equal(nb_line_profile_total(p.e, p.n), 4);
}

static void test_refusals(void **state)
{
    (void)state;
    parse_bad("januari: 2", "\"januari\" is geen maand");
    parse_bad("2027-13: 2", "is geen maand");
    parse_bad("2027-01 2", "dubbele punt");
    parse_bad("2027-01:", "geen heel getal");
    parse_bad("2027-01: -1", "geen heel getal");
    parse_bad("2027-01: 1001", "tussen 0 en 1000");
    parse_bad("2027-01: 99999999999999999999", "tussen 0 en 1000");
    parse_bad("2027-01: 1.5", "komma");
    parse_bad("2027-01: 1; 2027-02: 1", "komma");
    parse_bad("2027-01: 1, 2027-01: 2", "2027-01 staat er twee keer in");
    parse_bad("2027-01: 0, 2027-02: 0", "gewicht boven 0");
    char many[1024] = "";
    size_t at = 0;
    for (int i = 0; i < NB_PROFILE_MAX + 1; i++)
        at += (size_t)snprintf(many + at, sizeof many - at, "%s%04d-%02d:1", i ? "," : "",
                               2027 + i / 12, i % 12 + 1);
    parse_bad(many, "hoogstens 36 maanden");
    /* exactly the limit passes and fits the canonical text */
    many[strlen(many) - strlen(",2030-01:1")] = '\0';
    nb_line_profile p;
    char why[160], out[NB_PROFILE_TEXT_MAX];
    assert_int_equal(nb_line_profile_parse(many, &p, why, sizeof why), 0);
    assert_int_equal(p.n, NB_PROFILE_MAX);
    nb_line_profile_format(p.e, p.n, 0, out, sizeof out);
    assert_string_equal(out, many);
}

/* The shape rule: every named month in the period, not all weights 0. */
static void test_shape_rule(void **state)
{
    (void)state;
    nb_assignment_requester req = {1, 1};
    nb_line_profile prof; /* the line borrows its entries */
    nb_assignment_line line = {0, 7, 3, 600, prof.e, 0};
    nb_assignment_shape a = {NB_ASSIGNMENT_LOKAAL, 0, 0, &req, 1, &line, 1};
    assert_int_equal(nb_date_parse("2027-01-15", &a.start_day), 0);
    assert_int_equal(nb_date_parse("2027-03-01", &a.end_day), 0);
    nb_assignment_problem pr[4];
    char why[160];
    assert_int_equal(nb_assignment_validate(&a, pr, 4), 0); /* no profile */
    assert_int_equal(nb_line_profile_parse("2027-01: 1, 2027-03: 2", &prof, why, 160), 0);
    line.nprofile = prof.n;
    assert_int_equal(nb_assignment_validate(&a, pr, 4), 0); /* both ends of the period */
    assert_int_equal(nb_line_profile_parse("2027-04: 1", &prof, why, 160), 0);
    line.nprofile = prof.n;
    assert_int_equal(nb_assignment_validate(&a, pr, 4), 1);
    assert_int_equal(pr[0].field, NB_ASSIGNMENT_F_LINE_PROFILE);
    assert_non_null(strstr(pr[0].reason, "2027-04 ligt buiten de periode"));
    assert_int_equal(nb_line_profile_parse("2026-12: 1", &prof, why, 160), 0);
    line.nprofile = prof.n;
    assert_int_equal(nb_assignment_validate(&a, pr, 4), 1);
    prof.e[0] = (nb_month_weight){2027 * 12 + 1, 0}; /* all zero, made directly (the parser
                                                         refuses it too) */
    line.nprofile = 1;
    assert_int_equal(nb_assignment_validate(&a, pr, 4), 1);
    assert_non_null(strstr(pr[0].reason, "gewicht boven 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_shape_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
