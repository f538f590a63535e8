/*
 * tests/store/test_bundles_expire.c — the expiry of open bundling proposals
 * (store/bundles.h nb_bundle_refresh; bundles_expire.c) after the review of
 * stop 28: more proposals expire at once than the old fixed array held (it
 * read 256 ids and silently left the rest voorgesteld), and a proposal whose
 * members' lines of one competency no longer share a month profile becomes
 * vervallen with that reason instead of staying open until its last
 * agreement got a 409. Each expiry is audited with its reason, and
 * nb_bundle_get shows it.
 *
 * The data is written with raw SQL (as test_asg_profile.c): N proposals of
 * two local assignments each (organisations 1 and 2, one line of competency
 * 1 "Wonen" with a month profile per assignment), without the references
 * the expiry does not read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store_fixture.h"

#include "store/bundles.h"
#include "store/db.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 300 /* proposals: more than the 256 the old expiry read */

static void exec(fixture *f, const char *sql)
{
    nb_err err = {{0}};
    int rc = nb_store_exec(f->st, sql, &err);
    if (rc != 0)
        fail_msg("%s: %s", sql, err.msg);
}

/* N proposals i = 1..N of assignments 2i-1 (organisation 1) and 2i (organisation 2),
 * each with one line of competency 1 with month profile "2027-01:1". */
static void seed(fixture *f)
{
    char sql[1024];
    exec(f, "PRAGMA foreign_keys = OFF");
    exec(f, "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) VALUES "
            "(1, 'GM0001', 'gemeente', 'Aadorp', '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z'), (2, 'GM0002', 'gemeente', 'Beekdorp', "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    exec(f, "INSERT INTO competencies (id, code, name, domain, created_at, updated_at) VALUES "
            "(1, 'SOC-WON', 'Wonen', 'sociaal', '2026-01-01T00:00:00Z', "
            "'2026-01-01T00:00:00Z')");
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
             "INSERT INTO assignments (id, title, kind, work_type, status, priority, start_date, "
             "end_date, sponsor, client_person_id, created_at, updated_at) SELECT i, "
             "'Woonvisie', 'lokaal', 'verandering', 'ingediend', 3, '2027-01-01', '2027-06-30', "
             "'W', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n",
             2 * N);
    exec(f, sql);
    exec(f, "INSERT INTO assignment_requesters (assignment_id, organisation_id, share) SELECT id, "
            "2 - (id % 2), 1 FROM assignments");
    exec(f, "INSERT INTO assignment_lines (id, assignment_id, position, competency_id, "
            "min_level, minutes, month_profile) SELECT id, id, 1, 1, 2, 600, '2027-01:1' FROM "
            "assignments");
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
             "INSERT INTO bundle_proposals (id, status, score, text_score, competency_score, "
             "period_score, why, separate_minutes, bundled_minutes, coordination_pct, "
             "created_by, created_at) SELECT i, 'voorgesteld', 0.9, 0.9, 1, 1, '{}', 1200, 690, "
             "15, 'test', '2026-01-01T00:00:00Z' FROM n",
             N);
    exec(f, sql);
    exec(f, "INSERT INTO bundle_members (proposal_id, assignment_id, organisation_id, minutes) "
            "SELECT (id + 1) / 2, id, 2 - (id % 2), 600 FROM assignments");
}

/* The refresh in one write transaction: *created and *expired. */
static void refresh(fixture *f, int64_t *created, int64_t *expired)
{
    nb_err err = {{0}};
    nb_actor actor = {"test", "beheer", "local"};
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_bundle_refresh(f->st, &actor, NULL, created, expired, &err);
    if (rc != 0)
        fail_msg("refresh: %s", err.msg);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
}

/* The number of rows sql counts. */
static int64_t count(fixture *f, const char *sql)
{
    nb_err err = {{0}};
    nb_db_stmt *s = nb_store_stmt_text(f->st, sql, &err);
    assert_non_null(s);
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ROW);
    int64_t n = nb_db_col_int(s, 0);
    nb_db_reset(s);
    return n;
}

/* Proposal id as nb_bundle_get reads it into *b. */
static void get(fixture *f, int64_t id, nb_bundle_row *b)
{
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_bundle_get(f->st, id, b, &err);
    nb_store_rollback(f->st);
    if (rc != 0)
        fail_msg("get %lld: %s", (long long)id, err.msg);
}

/* Every member of organisation 1 cancelled: all N proposals expire in one refresh. */
static void test_expires_any_number(void **state)
{
    fixture *f = *state;
    seed(f);
    exec(f, "UPDATE assignments SET status = 'geannuleerd' WHERE id % 2 = 1");
    int64_t created = -1, expired = 0;
    refresh(f, &created, &expired);
    assert_int_equal(expired, N); /* regression: 256 */
    assert_int_equal(created, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM bundle_proposals WHERE status = 'vervallen'"),
                     N);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'bundelvoorstel' "
                              "AND action = 'vervallen'"),
                     N);
    nb_bundle_row *b = malloc(sizeof *b);
    assert_non_null(b);
    get(f, N, b); /* the last one too */
    assert_string_equal(b->status, "vervallen");
    assert_non_null(strstr(b->reason, "niet meer open voor bundeling"));
    assert_true(b->decided_at[0] != '\0');
    /* a second refresh finds nothing more */
    expired = 0;
    refresh(f, &created, &expired);
    assert_int_equal(expired, 0);
    free(b);
}

/* Organisation 2's profile changed on all but the last 20 proposals (and proposal 1's
 * organisation-1 member was also cancelled): those expire naming the competency, proposal 1
 * once, for being closed; the last 20 stay open. */
static void test_diverged_profiles_expire(void **state)
{
    fixture *f = *state;
    char sql[256];
    seed(f);
    snprintf(sql, sizeof sql,
             "UPDATE assignment_lines SET month_profile = '2027-02:1' WHERE assignment_id %% 2 = "
             "0 AND assignment_id <= %d",
             2 * (N - 20));
    exec(f, sql);
    exec(f, "UPDATE assignments SET status = 'geannuleerd' WHERE id = 1");
    int64_t created = -1, expired = 0;
    refresh(f, &created, &expired);
    assert_int_equal(expired, N - 20);
    assert_int_equal(created, 0); /* the lapsed ones differ in profile: not proposed again */
    assert_int_equal(count(f, "SELECT count(*) FROM bundle_proposals WHERE status = 'voorgesteld'"),
                     20);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM bundle_proposals WHERE status = 'voorgesteld' AND id > %d",
             N - 20);
    assert_int_equal(count(f, sql), 20);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'bundelvoorstel' "
                              "AND action = 'vervallen'"),
                     N - 20); /* each once */
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE entity = 'bundelvoorstel' "
                              "AND action = 'vervallen' AND detail LIKE '%\"competentieId\":1%'"),
                     N - 21);
    nb_bundle_row *b = malloc(sizeof *b);
    assert_non_null(b);
    get(f, 1, b);
    assert_string_equal(b->status, "vervallen");
    assert_non_null(strstr(b->reason, "niet meer open voor bundeling"));
    get(f, N - 20, b);
    assert_string_equal(b->status, "vervallen");
    assert_string_equal(b->reason,
                        "de maandprofielen van de regels voor competentie Wonen verschillen nu");
    get(f, N, b);
    assert_string_equal(b->status, "voorgesteld");
    assert_string_equal(b->reason, "");
    free(b);
}

/* Two lines of one competency in one member with different profiles disagree as well. */
static void test_diverged_within_one_member(void **state)
{
    fixture *f = *state;
    seed(f);
    exec(f, "INSERT INTO assignment_lines (id, assignment_id, position, competency_id, "
            "min_level, minutes, month_profile) VALUES (100000, 4, 2, 1, 2, 60, '2027-03:1')");
    int64_t created = -1, expired = 0;
    refresh(f, &created, &expired);
    assert_int_equal(expired, 1);
    nb_bundle_row *b = malloc(sizeof *b);
    assert_non_null(b);
    get(f, 2, b);
    assert_string_equal(b->status, "vervallen");
    assert_non_null(strstr(b->reason, "competentie Wonen"));
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_expires_any_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diverged_profiles_expire, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diverged_within_one_member, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
