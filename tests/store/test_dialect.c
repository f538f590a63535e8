/*
 * tests/store/test_dialect.c — one SQL text, two databases: the store's
 * portable queries give the same answers on SQLite and on PostgreSQL.
 *
 * Runs on a fresh SQLite file; with NOABER_TEST_PG (a libpq connection
 * string without dbname, as scripts/pg_tmp.sh gives) on a fresh database of
 * that cluster instead (suite 'pg'). Each case states what SQLite does and
 * checks it, so the PostgreSQL run proves the driver and migration 001 keep
 * it: a parameter used only as "$n IS NULL", LIMIT -1, the id of the row
 * inserted, a JSON list of ids, scalar max/min with NULL, sum of a
 * comparison, parameters in any order, COLLATE NOCASE, 64-bit integers, doubles, a constraint as
 * NB_ECONFLICT, an append-only table refusing a delete, a failed statement
 * inside a savepoint, UPDATE OR FAIL, writes whose answer waits for the next round trip
 * (nb_store_exec_later), a streamed read (nb_db_stream: every row in order
 * over several chunks, and a connection killed in its middle), and the
 * schema version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/store.h"
#include "store_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    nb_t_db db; /* db.target: what nb_store_open takes; db.file "" on PostgreSQL */
    nb_store *st;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    nb_err err;
    assert_int_equal(nb_t_db_fresh("d", &f->db), 0);
    if (nb_store_open(f->db.target, 1, &f->st, &err) != 0)
        fail_msg("open %s: %s", f->db.target, err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    nb_t_db_remove(&f->db);
    free(f);
    return 0;
}

/* Runs sql with up to two text parameters (NULL binds NULL) and returns
 * column 0 of the first row as an integer; -999 when there is no row. */
static int64_t scalar2(nb_store *st, const char *sql, const char *a, const char *b)
{
    nb_err err;
    nb_db_stmt *s = nb_store_stmt_text(st, sql, &err);
    if (s == NULL) {
        fail_msg("prepare %s: %s", sql, err.msg);
        return -999; /* not reached: fail_msg leaves the test */
    }
    if (strstr(sql, "$1"))
        nb_store_bind_text(st, s, 1, a);
    if (strstr(sql, "$2"))
        nb_store_bind_text(st, s, 2, b);
    int r = nb_store_step(st, s);
    int64_t v = -999;
    if (r == NB_DB_ROW)
        v = nb_db_col_int(s, 0);
    else if (r != NB_DB_DONE)
        fail_msg("step %s: %d (%s)", sql, nb_store_fail(st, &err, "step"), err.msg);
    nb_db_reset(s);
    return v;
}

static void test_filter_not_in_use(void **state)
{
    fixture *f = *state;
    /* "$n IS NULL" alone (a filter not in use) and "col = $n OR $n IS NULL" */
    assert_int_equal(scalar2(f->st, "SELECT count(*) FROM settings WHERE $1 IS NULL", NULL, NULL),
                     scalar2(f->st, "SELECT count(*) FROM settings", NULL, NULL));
    assert_int_equal(
        scalar2(f->st, "SELECT count(*) FROM settings WHERE (key = $1 OR $1 IS NULL)", NULL, NULL),
        scalar2(f->st, "SELECT count(*) FROM settings", NULL, NULL));
    nb_err err;
    assert_int_equal(nb_store_setting_set(f->st, "dialect.a", "1", &err), 0);
    assert_int_equal(scalar2(f->st, "SELECT count(*) FROM settings WHERE (key = $1 OR $1 IS NULL)",
                             "dialect.a", NULL),
                     1);
}

static void test_limit_minus_one_is_all(void **state)
{
    fixture *f = *state;
    nb_err err;
    for (int i = 0; i < 5; i++) {
        char key[32];
        snprintf(key, sizeof key, "dialect.limit.%d", i);
        assert_int_equal(nb_store_setting_set(f->st, key, "x", &err), 0);
    }
    nb_db_stmt *s = nb_store_stmt_text(
        f->st, "SELECT key FROM settings WHERE key LIKE 'dialect.limit.%' LIMIT $1 OFFSET $2",
        &err);
    assert_non_null(s);
    nb_store_bind_int(f->st, s, 1, -1);
    nb_store_bind_int(f->st, s, 2, 1);
    int n = 0;
    while (nb_store_step(f->st, s) == NB_DB_ROW)
        n++;
    nb_db_reset(s);
    assert_int_equal(n, 4); /* every row after the first */
}

static void test_last_id_and_changes(void **state)
{
    fixture *f = *state;
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        nb_db_stmt *s = nb_store_stmt(
            f->st,
            "INSERT INTO competencies (code, name, domain, created_at, updated_at) "
            "VALUES ($1, 'Dialect', 'sociaal', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            &err);
        assert_non_null(s);
        char code[16];
        snprintf(code, sizeof code, "DIA-%d", i);
        nb_store_bind_text(f->st, s, 1, code);
        assert_int_equal(nb_store_exec_stmt(f->st, s, &err), 0);
        ids[i] = nb_store_last_id(f->st);
        assert_int_equal(nb_store_changes(f->st), 1);
    }
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_true(ids[0] > 0 && ids[1] == ids[0] + 1 && ids[2] == ids[1] + 1);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)ids[1]);
    assert_int_equal(scalar2(f->st,
                             "SELECT count(*) FROM competencies WHERE id = $1 AND code = 'DIA-1'",
                             id, NULL),
                     1);
    /* a JSON list of ids (json_each in SQLite, rewritten by the PostgreSQL driver) */
    char list[80];
    snprintf(list, sizeof list, "[%lld,%lld,999999]", (long long)ids[0], (long long)ids[2]);
    assert_int_equal(scalar2(f->st,
                             "SELECT count(*) FROM competencies WHERE id IN "
                             "(SELECT value FROM json_each($1))",
                             list, NULL),
                     2);
}

static void test_functions(void **state)
{
    fixture *f = *state;
    /* scalar max/min of numbers and texts; NULL when either is NULL */
    assert_int_equal(scalar2(f->st, "SELECT max(3, 7) + 10 * min(3, 7)", NULL, NULL), 37);
    assert_int_equal(
        scalar2(f->st, "SELECT max($1, $2) = '2026-02-01'", "2026-01-31", "2026-02-01"), 1);
    assert_int_equal(scalar2(f->st, "SELECT max(CAST(1 AS BIGINT), NULL) IS NULL", NULL, NULL), 1);
    /* instr: 1-based, 0 when absent */
    assert_int_equal(
        scalar2(f->st, "SELECT instr('gemeente', 'mee') * 10 + instr('a', 'b')", NULL, NULL), 30);
    /* sum of a comparison counts the rows where it holds */
    assert_int_equal(scalar2(f->st,
                             "SELECT sum(n > 1) FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL "
                             "SELECT 3) AS q",
                             NULL, NULL),
                     2);
    /* 64-bit integers and doubles */
    assert_int_equal(scalar2(f->st, "SELECT CAST($1 AS BIGINT) + 1", "32503676400", NULL),
                     32503676401LL);
    nb_err err;
    nb_db_stmt *s = nb_store_stmt_text(f->st, "SELECT $1 * 2", &err);
    assert_non_null(s);
    nb_store_bind_double(f->st, s, 1, 0.375);
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ROW);
    assert_true(nb_db_col_double(s, 0) == 0.75);
    nb_db_reset(s);
}

/* Parameters are bound by number whatever the order they occur in: $2
 * before $1, a number used twice, two-digit numbers (the SQLite driver takes
 * the n-th parameter when it is called "$n" and searches by name otherwise;
 * docs/performance.md, "One approval, counted"). */
static void test_params_in_any_order(void **state)
{
    fixture *f = *state;
    nb_err err;
    nb_db_stmt *s = nb_store_stmt_text(
        f->st, "SELECT CAST($2 AS TEXT) || '-' || CAST($1 AS TEXT) || '-' || CAST($2 AS TEXT)",
        &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "a");
    nb_store_bind_text(f->st, s, 2, "b");
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ROW);
    assert_string_equal(nb_store_col_text(s, 0), "b-a-b");
    nb_db_reset(s);
    s = nb_store_stmt_text(f->st,
                           "SELECT CAST($1 AS BIGINT) + 2 * CAST($2 AS BIGINT) + "
                           "3 * CAST($3 AS BIGINT) + 4 * CAST($4 AS BIGINT) + "
                           "5 * CAST($5 AS BIGINT) + 6 * CAST($6 AS BIGINT) + "
                           "7 * CAST($7 AS BIGINT) + 8 * CAST($8 AS BIGINT) + "
                           "9 * CAST($9 AS BIGINT) + 10 * CAST($10 AS BIGINT) + "
                           "100 * CAST($12 AS BIGINT) + 1000 * CAST($11 AS BIGINT)",
                           &err);
    assert_non_null(s);
    for (int n = 1; n <= 12; n++)
        nb_store_bind_int(f->st, s, n, 1);
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ROW);
    assert_int_equal(nb_db_col_int(s, 0), 55 + 100 + 1000);
    nb_db_reset(s);
    if (f->db.file[0] == '\0')
        return; /* PostgreSQL cannot prepare a statement with a gap in its numbers */
    /* a number the statement does not have fails the step, not a neighbour */
    s = nb_store_stmt_text(f->st, "SELECT CAST($1 AS TEXT) || CAST($3 AS TEXT)", &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "a");
    nb_store_bind_text(f->st, s, 2, "b");
    nb_store_bind_text(f->st, s, 3, "c");
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ERROR);
    assert_int_equal(nb_store_fail(f->st, &err, "params"), NB_EDB);
    assert_non_null(strstr(err.msg, "no such parameter"));
    nb_db_reset(s);
}

static void test_nocase_order(void **state)
{
    fixture *f = *state;
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    static const char *const names[] = {"beta", "Alfa", "gamma", "Delta"};
    for (int i = 0; i < 4; i++) {
        nb_db_stmt *s = nb_store_stmt(f->st,
                                      "INSERT INTO role_profiles (name, created_at, updated_at) "
                                      "VALUES ($1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                      &err);
        assert_non_null(s);
        nb_store_bind_text(f->st, s, 1, names[i]);
        assert_int_equal(nb_store_exec_stmt(f->st, s, &err), 0);
    }
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    nb_db_stmt *s = nb_store_stmt_text(
        f->st, "SELECT name FROM role_profiles ORDER BY name COLLATE NOCASE", &err);
    assert_non_null(s);
    char got[64] = "";
    size_t used = 0;
    while (nb_store_step(f->st, s) == NB_DB_ROW && used < sizeof got)
        used += (size_t)snprintf(got + used, sizeof got - used, "%s ", nb_store_col_text(s, 0));
    nb_db_reset(s);
    assert_string_equal(got, "Alfa beta Delta gamma ");
}

static void test_conflict_savepoint_and_append_only(void **state)
{
    fixture *f = *state;
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_setting_set(f->st, "dialect.kept", "1", &err), 0);
    /* a refused statement inside a savepoint rolls back alone */
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    nb_db_stmt *s = nb_store_stmt(
        f->st, "INSERT INTO settings (key, value) VALUES ('dialect.kept', '2')", &err);
    assert_non_null(s);
    assert_int_equal(nb_store_exec_stmt(f->st, s, &err), NB_ECONFLICT);
    assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    assert_int_equal(nb_store_setting_set(f->st, "dialect.after", "3", &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(
        scalar2(f->st,
                "SELECT count(*) FROM settings WHERE key IN ('dialect.kept', 'dialect.after')",
                NULL, NULL),
        2);
    /* the audit log refuses a delete, in the database itself */
    nb_actor who = {"test", "beheer", "local"};
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_audit(f->st, &who, "dialect", "test", 1, NULL, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    s = nb_store_stmt(f->st, "DELETE FROM audit_log", &err);
    assert_non_null(s);
    int rc = nb_store_exec_stmt(f->st, s, &err);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(err.msg, "append-only"));
    nb_store_rollback(f->st);
    assert_true(scalar2(f->st, "SELECT count(*) FROM audit_log", NULL, NULL) >= 1);
}

/* UPDATE OR FAIL (the store's single-row UPDATEs, migration 020): SQLite
 * runs it as written, the PostgreSQL driver as a plain UPDATE; on both the
 * row changes, and a trigger's refusal is the trigger's (not a syntax
 * error), leaving the transaction usable after its savepoint's rollback. */
static void test_update_or_fail(void **state)
{
    fixture *f = *state;
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_setting_set(f->st, "dialect.fail", "1", &err), 0);
    nb_db_stmt *s =
        nb_store_stmt(f->st, "UPDATE OR FAIL settings SET value = $1 WHERE key = $2", &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "2");
    nb_store_bind_text(f->st, s, 2, "dialect.fail");
    assert_int_equal(nb_store_exec_stmt(f->st, s, &err), 0);
    assert_int_equal(nb_store_changes(f->st), 1);
    nb_actor who = {"test", "beheer", "local"};
    assert_int_equal(nb_store_audit(f->st, &who, "dialect", "test", 1, NULL, &err), 0);
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    s = nb_store_stmt(f->st, "UPDATE OR FAIL audit_log SET actor = 'x'", &err);
    assert_non_null(s);
    assert_int_not_equal(nb_store_exec_stmt(f->st, s, &err), 0);
    assert_non_null(strstr(err.msg, "append-only"));
    assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, "SELECT count(*) FROM settings WHERE key = $1 AND value = $2",
                             "dialect.fail", "2"),
                     1);
    assert_int_equal(scalar2(f->st, "SELECT count(*) FROM audit_log WHERE actor = 'x'", NULL, NULL),
                     0);
}

/* Inserts setting key through nb_store_exec_later; returns its code. */
static int insert_later(nb_store *st, const char *key)
{
    nb_err err;
    nb_db_stmt *s = nb_store_stmt(st, "INSERT INTO settings (key, value) VALUES ($1, 'x')", &err);
    assert_non_null(s);
    nb_store_bind_text(st, s, 1, key);
    return nb_store_exec_later(st, s, &err);
}

static void test_exec_later(void **state)
{
    fixture *f = *state;
    nb_err err;
    static const char count[] = "SELECT count(*) FROM settings WHERE key = $1";
    /* A failed write is its savepoint's failure: on SQLite at once, on
     * PostgreSQL (sent later) when the savepoint ends; never after it. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    assert_int_equal(insert_later(f->st, "later.a"), 0);
    int dup = insert_later(f->st, "later.a");
    int end = nb_store_release(f->st, &err);
    assert_true((dup == NB_ECONFLICT && end == 0) || (dup == 0 && end == NB_ECONFLICT));
    if (end != 0)
        assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    else { /* SQLite: the savepoint was kept; this work is undone as the group does */
        assert_int_equal(nb_store_savepoint(f->st, &err), 0);
        assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    }
    /* a read in the transaction sees a write that waited */
    assert_int_equal(insert_later(f->st, "later.b"), 0);
    assert_int_equal(scalar2(f->st, count, "later.b", NULL), 1);
    assert_int_equal(insert_later(f->st, "later.c"), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0); /* sends later.c first */
    assert_int_equal(scalar2(f->st, count, "later.c", NULL), 1);
    /* on PostgreSQL the failed savepoint undid later.a; on SQLite it stays
     * (its failing twin ran at once and alone) */
    assert_int_equal(scalar2(f->st, count, "later.a", NULL), end != 0 ? 0 : 1);
    /* a failure that waits until COMMIT fails the COMMIT, and nothing is kept */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int first = insert_later(f->st, "later.d");
    int again = first == 0 ? insert_later(f->st, "later.c") : first;
    if (again == 0)
        assert_int_equal(nb_store_commit(f->st, &err), NB_ECONFLICT);
    else {
        assert_int_equal(again, NB_ECONFLICT);
        nb_store_rollback(f->st);
    }
    assert_int_equal(scalar2(f->st, count, "later.d", NULL), 0);
    /* a rolled-back transaction sends nothing that waited */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, count, "later.c", NULL), 1);
    assert_int_equal(insert_later(f->st, "later.e"), 0);
    nb_store_rollback(f->st);
    assert_int_equal(scalar2(f->st, count, "later.e", NULL), 0);
    /* a write transaction without statements, and one with only a savepoint */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    assert_int_equal(nb_store_release(f->st, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, count, "later.c", NULL), 1);
}

/* Sets setting key's value through nb_store_exec_later_one; returns its code. */
static int update_one(nb_store *st, const char *key, const char *value)
{
    nb_err err;
    nb_db_stmt *s = nb_store_stmt(st, "UPDATE settings SET value = $1 WHERE key = $2", &err);
    assert_non_null(s);
    nb_store_bind_text(st, s, 1, value);
    nb_store_bind_text(st, s, 2, key);
    return nb_store_exec_later_one(st, s, &err);
}

/* A write that must change one row (nb_store_exec_later_one): the count is
 * checked at once on SQLite (NB_ENOTFOUND) and, on PostgreSQL, when its
 * answer comes with the next statement or the savepoint's end or the
 * COMMIT (NB_ECONFLICT), which then fails; a right count changes the row. */
static void test_exec_later_one(void **state)
{
    fixture *f = *state;
    nb_err err;
    static const char value[] = "SELECT count(*) FROM settings WHERE key = $1 AND value = $2";
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(insert_later(f->st, "one.a"), 0);
    assert_int_equal(insert_later(f->st, "one.b"), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    /* one row: fine, and a read after it sees it */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(update_one(f->st, "one.a", "y"), 0);
    assert_int_equal(scalar2(f->st, value, "one.a", "y"), 1);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, value, "one.a", "y"), 1);
    /* no row: at once, or the next statement fails */
    int sqlite = nb_store_dialect(f->st) == NB_DB_SQLITE;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(update_one(f->st, "one.b", "z"), 0); /* runs at once, with the BEGIN */
    int missing = update_one(f->st, "one.none", "z");
    if (sqlite) {
        assert_int_equal(missing, NB_ENOTFOUND);
    } else {
        assert_int_equal(missing, 0);
        nb_db_stmt *s = nb_store_stmt(f->st, "SELECT count(*) FROM settings WHERE key = $1", &err);
        assert_non_null(s);
        nb_store_bind_text(f->st, s, 1, "one.b");
        assert_int_equal(nb_store_step(f->st, s), NB_DB_ERROR);
        assert_int_equal(nb_store_fail(f->st, &err, "read"), NB_ECONFLICT);
        assert_non_null(strstr(err.msg, "must change one"));
        nb_db_reset(s);
    }
    nb_store_rollback(f->st);
    assert_int_equal(scalar2(f->st, value, "one.b", "z"), 0);
    /* two rows changed where one must is as wrong, here at the savepoint's end */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    /* (a read first: a write before the transaction reached the server runs at once) */
    assert_int_equal(scalar2(f->st, value, "one.a", "y"), 1);
    nb_db_stmt *s = nb_store_stmt(f->st, "UPDATE settings SET value = $1 WHERE key LIKE $2", &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "w");
    nb_store_bind_text(f->st, s, 2, "one.%");
    int two = nb_store_exec_later_one(f->st, s, &err);
    int end = nb_store_release(f->st, &err);
    if (sqlite) {
        assert_int_equal(two, NB_ENOTFOUND);
        assert_int_equal(end, 0);
        assert_int_equal(nb_store_savepoint(f->st, &err), 0); /* undone as the group does */
    } else {
        assert_int_equal(two, 0);
        assert_int_equal(end, NB_ECONFLICT);
    }
    /* the work is undone to its savepoint (the RELEASE was not sent with the write)
     * and the transaction goes on to its COMMIT */
    assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    assert_int_equal(update_one(f->st, "one.b", "t"), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, value, "one.b", "t"), 1);
    assert_int_equal(scalar2(f->st, value, "one.a", "w"), sqlite ? 1 : 0);
    /* at COMMIT: the COMMIT fails and nothing is kept */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(update_one(f->st, "one.b", "v"), 0); /* runs at once, with the BEGIN */
    missing = update_one(f->st, "one.none", "v");
    if (sqlite) {
        assert_int_equal(missing, NB_ENOTFOUND);
        nb_store_rollback(f->st);
    } else {
        assert_int_equal(missing, 0);
        assert_int_equal(nb_store_commit(f->st, &err), NB_ECONFLICT);
    }
    assert_int_equal(scalar2(f->st, value, "one.b", "v"), 0);
    /* the connection goes on after each */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(update_one(f->st, "one.b", "u"), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(scalar2(f->st, value, "one.b", "u"), 1);
}

/* The numbers 1..$1 in order, as a long read (nb_db_stream). */
static const char nb_numbers_sql[] = "WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM "
                                     "n WHERE g < $1) SELECT g, 'r' || g FROM n ORDER BY g";

/* Steps a streamed 1..n up to stop rows (then resets it): every row in
 * order, and after row `between` another statement runs on the same
 * connection. Returns the rows read. */
static int64_t stream_numbers(nb_store *st, int64_t n, int64_t stop, int64_t between)
{
    nb_err err;
    nb_db_stmt *s = nb_store_stmt_text(st, nb_numbers_sql, &err);
    if (s == NULL) {
        fail_msg("prepare: %s", err.msg);
        return 0; /* not reached: fail_msg leaves the test */
    }
    nb_store_bind_int(st, s, 1, n);
    nb_db_stream(s);
    int64_t got = 0;
    int r = NB_DB_DONE;
    while (got < stop && (r = nb_store_step(st, s)) == NB_DB_ROW) {
        got++;
        assert_int_equal(nb_db_col_int(s, 0), got);
        char want[32];
        snprintf(want, sizeof want, "r%lld", (long long)got);
        assert_string_equal(nb_db_col_raw(s, 1, NULL), want);
        if (got == between) /* the connection is free between two chunks */
            assert_int_equal(scalar2(st, "SELECT count(*) FROM settings WHERE key = $1", "x", NULL),
                             0);
    }
    if (got < stop && r != NB_DB_DONE)
        fail_msg("step: %d (%s)", nb_store_fail(st, &err, "step"), err.msg);
    nb_db_reset(s);
    return got;
}

/* A streamed read (the driver's stream: on PostgreSQL a cursor fetched 1,000
 * rows at a time) returns every row in order, over several chunks and at a
 * chunk's exact end; it may stop early, run again in the same transaction,
 * and share the connection with other statements meanwhile. */
static void test_stream(void **state)
{
    fixture *f = *state;
    nb_err err;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(stream_numbers(f->st, 2345, INT64_MAX, 1500), 2345);
    assert_int_equal(stream_numbers(f->st, 2000, INT64_MAX, 1000), 2000); /* last chunk empty */
    assert_int_equal(stream_numbers(f->st, 3000, 10, 5), 10);             /* stopped early */
    assert_int_equal(stream_numbers(f->st, 1, INT64_MAX, 0), 1);
    assert_int_equal(nb_store_commit(f->st, &err), 0); /* the stopped cursor's CLOSE with it */
    /* outside a transaction (held whole on PostgreSQL) and in a write one */
    assert_int_equal(stream_numbers(f->st, 1200, INT64_MAX, 0), 1200);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(stream_numbers(f->st, 1200, 1100, 0), 1100);
    assert_int_equal(nb_store_setting_set(f->st, "stream.after", "1", &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(
        scalar2(f->st, "SELECT count(*) FROM settings WHERE key = $1", "stream.after", NULL), 1);
}

/* PostgreSQL: the connection killed in the middle of a streamed read. The
 * rows already fetched come, then the step fails (NB_EBUSY: the connection
 * is gone), nothing crashes or leaks (the ASan build runs this), and the
 * store answers again after the ROLLBACK. */
static void test_stream_connection_lost(void **state)
{
    fixture *f = *state;
    const char *pg = getenv("NOABER_TEST_PG");
    if (pg == NULL || *pg == '\0')
        skip();
    nb_err err;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int64_t pid = scalar2(f->st, "SELECT pg_backend_pid()", NULL, NULL);
    assert_true(pid > 0);
    nb_db_stmt *s = nb_store_stmt_text(f->st, nb_numbers_sql, &err);
    assert_non_null(s);
    nb_store_bind_int(f->st, s, 1, 100000);
    nb_db_stream(s);
    int64_t got = 0;
    int r;
    while ((r = nb_store_step(f->st, s)) == NB_DB_ROW) {
        assert_int_equal(nb_db_col_int(s, 0), ++got);
        if (got == 1500) {
            char cmd[600];
            snprintf(cmd, sizeof cmd,
                     "psql -X -q -t '%s dbname=postgres' -c 'SELECT pg_terminate_backend(%lld)' "
                     ">/dev/null",
                     pg, (long long)pid);
            assert_int_equal(system(cmd), 0); // NOLINT(cert-env33-c): psql, from a fixed text
            usleep(200000);                   /* the backend is gone before the next FETCH */
        }
    }
    assert_int_equal(r, NB_DB_ERROR);
    assert_int_equal(got, 2000); /* the second chunk was held; the third FETCH failed */
    assert_int_equal(nb_store_fail(f->st, &err, "stream"), NB_EBUSY);
    nb_db_reset(s);
    nb_store_rollback(f->st);
    /* opened again: a new read, streamed, whole */
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(stream_numbers(f->st, 1500, INT64_MAX, 700), 1500);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_true(scalar2(f->st, "SELECT pg_backend_pid()", NULL, NULL) != pid);
}

static void test_schema_version(void **state)
{
    fixture *f = *state;
    assert_int_equal(nb_store_schema_version(f->st), nb_store_schema_latest());
    nb_err err;
    int version = 0;
    assert_int_equal(nb_store_ping(f->st, &version, &err), 0);
    assert_int_equal(version, nb_store_schema_latest());
    /* reopening without migrate accepts the current schema */
    nb_store *again = NULL;
    assert_int_equal(nb_store_open(f->db.target, 0, &again, &err), 0);
    nb_store_close(again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_filter_not_in_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_minus_one_is_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_id_and_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_functions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nocase_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_savepoint_and_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_or_fail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_later_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_connection_lost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_version, setup, teardown),
    };
    return cmocka_run_group_tests_name(
        getenv("NOABER_TEST_PG") ? "dialect (postgresql)" : "dialect (sqlite)", tests, NULL, NULL);
}
