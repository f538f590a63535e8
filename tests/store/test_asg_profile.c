/*
 * tests/store/test_asg_profile.c — how the store keeps a line's month profile
 * (issue 13 §2) after the review of prof27: each row's profiles live in the
 * row's own arena (nb_asg stays small, a copy borrows its own entries), and
 * a stored profile that does not parse is NB_EDB naming the line for every
 * reader (nb_asg_get, nb_asg_list, nb_asg_each_with_status, the work stock)
 * instead of silently "no profile". The corrupt value is written with raw
 * SQL: it passes the column's CHECK (month 13) but not the parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store_fixture.h"

#include "store/assignments.h"
#include "store/store.h"
#include "store/workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One assignment (id 1, ingediend, 2027) with line 7 carrying profile text
 * prof (SQL literal), written directly without its references. */
static void seed(fixture *f, const char *prof)
{
    nb_err err = {{0}};
    char sql[512];
    assert_int_equal(nb_store_exec(f->st, "PRAGMA foreign_keys = OFF", &err), 0);
    assert_int_equal(
        nb_store_exec(f->st,
                      "INSERT INTO assignments (id, title, kind, work_type, status, priority, "
                      "start_date, end_date, sponsor, client_person_id, created_at, updated_at) "
                      "VALUES (1, 'Archief', 'lokaal', 'regulier', 'ingediend', 3, '2027-01-01', "
                      "'2027-03-31', 'W', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                      &err),
        0);
    snprintf(sql, sizeof sql,
             "INSERT INTO assignment_lines (id, assignment_id, position, competency_id, "
             "min_level, minutes, month_profile) VALUES (7, 1, 1, 1, 2, 600, %s)",
             prof);
    assert_int_equal(nb_store_exec(f->st, sql, &err), 0);
}

static int count_one(void *ctx, const nb_asg *a)
{
    (void)a;
    ++*(int *)ctx;
    return 0;
}

static void test_corrupt_profile_is_edb(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    seed(f, "'2027-13:1'"); /* passes the CHECK, not the parser */
    nb_asg *a = calloc(1, sizeof *a);
    assert_non_null(a);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_asg_get(f->st, 1, a, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "assignment line 7"));
    assert_non_null(strstr(err.msg, "2027-13:1"));
    int seen = 0;
    memset(&err, 0, sizeof err);
    assert_int_equal(nb_asg_list(f->st, NULL, 0, -1, count_one, &seen, NULL, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "assignment line 7"));
    memset(&err, 0, sizeof err);
    assert_int_equal(nb_asg_each_with_status(f->st, "ingediend", count_one, &seen, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "assignment line 7"));
    assert_int_equal(seen, 0); /* no half-read assignment reached a caller */
    nb_wl_report r;
    memset(&err, 0, sizeof err);
    assert_int_equal(nb_workload_report(f->st, NULL, 2027 * 12, 3, &r, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "assignment line 7"));
    nb_wl_report_free(&r);
    nb_store_rollback(f->st);
    free(a);
}

/* A good profile reads back into the row's arena; the work stock follows it. */
static void test_profile_in_row_arena(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    seed(f, "'2027-01:1,2027-03:2'");
    nb_asg *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_asg_get(f->st, 1, a, &err), 0);
    assert_int_equal(a->nlines, 1);
    assert_int_equal(a->lines[0].nprofile, 2);
    assert_ptr_equal(a->lines[0].profile, a->profile_arena);
    assert_int_equal(a->lines[0].profile[1].month, 2027 * 12 + 2);
    assert_int_equal(a->lines[0].profile[1].weight, 2);
    nb_asg_copy(b, a); /* the copy borrows its own arena */
    memset(a, 0, sizeof *a);
    assert_ptr_equal(b->lines[0].profile, b->profile_arena);
    assert_int_equal(b->lines[0].profile[1].weight, 2);
    nb_wl_report r;
    assert_int_equal(nb_workload_report(f->st, NULL, 2027 * 12, 3, &r, &err), 0);
    assert_int_equal(r.asked_total[0], 200); /* 600 by 1 : 0 : 2, not by the days */
    assert_int_equal(r.asked_total[1], 0);
    assert_int_equal(r.asked_total[2], 400);
    nb_wl_report_free(&r);
    nb_store_rollback(f->st);
    free(a);
    free(b);
}

/* The arena's bound, and the size of a row that no longer carries 36 months per line. */
static void test_arena_bound(void **state)
{
    (void)state;
    nb_asg *a = calloc(1, sizeof *a);
    assert_non_null(a);
    nb_month_weight e[NB_PROFILE_MAX];
    for (int k = 0; k < NB_PROFILE_MAX; k++)
        e[k] = (nb_month_weight){2027 * 12 + k, 1};
    size_t fits = NB_ASG_PROFILE_ARENA / NB_PROFILE_MAX;
    for (size_t i = 0; i < fits; i++)
        assert_int_equal(nb_asg_line_set_profile(a, i, e, NB_PROFILE_MAX), 0);
    assert_int_equal(nb_asg_line_set_profile(a, fits, e, 1), NB_ELIMIT);
    assert_int_equal(a->lines[fits].nprofile, 0);
    assert_int_equal(nb_asg_line_set_profile(a, fits, NULL, 0), 0); /* none always fits */
    assert_ptr_equal(a->lines[1].profile, a->profile_arena + NB_PROFILE_MAX);
    /* 100 lines inline (36 months each) made a row 51,264 bytes; the arena keeps it near the
     * 21,664 of before profiles */
    assert_true(sizeof(nb_asg) < 27 * 1024);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_corrupt_profile_is_edb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile_in_row_arena, setup, teardown),
        cmocka_unit_test(test_arena_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
