/*
 * tests/store/test_store.c — the SQLite driver itself (store/store.c): binds
 * that fail are never stepped, nested use of one cached statement, a schema
 * version that cannot be right, a busy database as NB_EBUSY (issue 7, C.3);
 * a migration that fails halfway, a COMMIT that fails, a missing database, a
 * busy writer; one lookup of a row by an integer or a text key
 * (nb_store_lookup). What the store's readers make of it (query plans, the
 * team loader, tokens, the count memo) is in test_store_reads.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store_fixture.h"

#include "store/db_sqlite.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Binding a $n the statement does not have makes the step fail (NB_EDB,
 * naming the bind) instead of running with the parameter left NULL. */
static void test_unknown_param_is_not_stepped(void **state)
{
    fixture *f = *state;
    static const char sql[] = "SELECT coalesce($1, 'unbound')";
    nb_err err = {{0}};
    nb_db_stmt *s = nb_store_stmt(f->st, sql, &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 2, "x"); /* $2: no such parameter */
    int r = nb_store_step(f->st, s);
    assert_true(r != NB_DB_ROW && r != NB_DB_DONE);
    assert_int_equal(nb_store_fail(f->st, &err, "test"), NB_EDB);
    assert_non_null(strstr(err.msg, "bind $2"));
    nb_db_reset(s);
    /* Reported once: the next statement runs normally. */
    s = nb_store_stmt(f->st, sql, &err);
    nb_store_bind_text(f->st, s, 1, "x");
    assert_int_equal(nb_store_step(f->st, s), NB_DB_ROW);
    assert_string_equal(nb_store_col_text(s, 0), "x");
    nb_db_reset(s);
}

/* A bind that SQLite refuses (here: a text over the connection's length
 * limit) is reported by the step as well. */
static void test_failed_bind_is_not_stepped(void **state)
{
    fixture *f = *state;
    static const char sql[] = "SELECT coalesce($1, 'unbound')";
    nb_err err = {{0}};
    sqlite3_limit(nb_store_sqlite(f->st), SQLITE_LIMIT_LENGTH, 40);
    nb_db_stmt *s = nb_store_stmt(f->st, sql, &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "a text that is longer than forty bytes in all");
    int r = nb_store_step(f->st, s);
    assert_true(r != NB_DB_ROW && r != NB_DB_DONE);
    assert_int_equal(nb_store_fail(f->st, &err, "test"), NB_EDB);
    assert_non_null(strstr(err.msg, "bind $1"));
    nb_db_reset(s);
    sqlite3_limit(nb_store_sqlite(f->st), SQLITE_LIMIT_LENGTH, 1000000000);
}

/* A callee asking for the statement its caller is stepping gets its own
 * copy: the caller's iteration goes on where it was. */
static void test_nested_statement_is_not_reset(void **state)
{
    fixture *f = *state;
    static const char sql[] =
        "SELECT value FROM (SELECT 1 AS value UNION ALL SELECT 2 UNION ALL SELECT 3) "
        "WHERE value >= $1 ORDER BY value";
    nb_err err = {{0}};
    nb_db_stmt *outer = nb_store_stmt(f->st, sql, &err);
    assert_non_null(outer);
    nb_store_bind_int(f->st, outer, 1, 1);
    int64_t seen[8] = {0};
    int n = 0;
    while (nb_store_step(f->st, outer) == NB_DB_ROW && n < 8) {
        seen[n++] = nb_db_col_int(outer, 0);
        /* the callee: same SQL text, other parameter */
        nb_db_stmt *inner = nb_store_stmt(f->st, sql, &err);
        assert_non_null(inner);
        assert_ptr_not_equal(inner, outer);
        nb_store_bind_int(f->st, inner, 1, 3);
        assert_int_equal(nb_store_step(f->st, inner), NB_DB_ROW);
        assert_int_equal(nb_db_col_int(inner, 0), 3);
        nb_db_reset(inner);
    }
    nb_db_reset(outer);
    assert_int_equal(n, 3);
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 2);
    assert_int_equal(seen[2], 3);
    /* Done with both: the first copy is handed out again. */
    assert_ptr_equal(nb_store_stmt(f->st, sql, &err), outer);
}

/* A statement left unreset again and again is reported, not copied forever. */
static void test_unreset_statement_is_reported(void **state)
{
    fixture *f = *state;
    static const char sql[] = "SELECT 1 UNION ALL SELECT 2";
    nb_err err = {{0}};
    nb_db_stmt *held[16];
    int n = 0;
    for (; n < 16; n++) {
        held[n] = nb_store_stmt(f->st, sql, &err);
        if (held[n] == NULL)
            break;
        assert_int_equal(nb_store_step(f->st, held[n]), NB_DB_ROW);
    }
    assert_true(n > 1 && n < 16);
    assert_non_null(strstr(err.msg, "nested"));
    for (int i = 0; i < n; i++)
        nb_db_reset(held[i]);
}

/* A negative schema version is refused with a message; before, migration
 * started at nb_migrations[-1]. */
static void test_negative_schema_version_refused(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    nb_store *st = NULL;
    assert_int_equal(nb_store_exec(f->st, "PRAGMA user_version = -1", &err), 0);
    assert_int_equal(nb_store_open(f->path, 1, &st, &err), NB_EDB);
    assert_null(st);
    assert_non_null(strstr(err.msg, "-1"));
    assert_int_equal(nb_store_open(f->path, 0, &st, &err), NB_EDB);
    assert_null(st);
}

/* Another connection holding the write lock: begin gives NB_EBUSY. */
static void test_busy_is_ebusy(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_busy_timeout(nb_store_sqlite(f->st), 1);
    assert_int_equal(nb_store_begin(f->st, &err), NB_EBUSY);
    /* A write statement outside a transaction maps the same way. */
    static const char sql[] = "INSERT INTO settings (key, value) VALUES ($1, $2)";
    nb_db_stmt *s = nb_store_stmt(f->st, sql, &err);
    assert_non_null(s);
    nb_store_bind_text(f->st, s, 1, "k");
    nb_store_bind_text(f->st, s, 2, "v");
    assert_int_equal(nb_store_exec_stmt(f->st, s, &err), NB_EBUSY);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
}

/* PRAGMA user_version of the file at path, read with a plain connection; -1 on error. */
static int file_version(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(h);
    return v;
}

/* 1 when the file at path has a table named name. */
static int file_has_table(const char *path, const char *name)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *s = NULL;
    int found = 0;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
                           &s, NULL) == SQLITE_OK &&
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC) == SQLITE_OK)
        found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    sqlite3_close(h);
    return found;
}

/* A migration that fails halfway leaves nothing behind: its first statements
 * (001 creates settings before organisations) are rolled back with it, the
 * schema version stays where it was, the error names the migration, and
 * after the obstacle is gone the same file migrates to the latest version. */
static void test_failed_migration_rolls_back(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    char path[80];
    snprintf(path, sizeof path, "%s-mig", f->path);
    nb_t_sqlite_remove(path);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE organisations (x)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);

    nb_store *st = NULL;
    assert_int_equal(nb_store_open(path, 1, &st, &err), NB_EDB);
    assert_null(st);
    assert_non_null(strstr(err.msg, "migration 001_"));
    assert_int_equal(file_version(path), 0);
    assert_false(file_has_table(path, "settings"));
    /* Without migrate the old schema is refused, naming the way out. */
    assert_int_equal(nb_store_open(path, 0, &st, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "noaber init"));

    assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DROP TABLE organisations", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    assert_int_equal(nb_store_open(path, 1, &st, &err), 0);
    assert_int_equal(nb_store_schema_version(st), nb_store_schema_latest());
    nb_store_close(st);
    nb_t_sqlite_remove(path);
}

/* A missing file is not created without migrate, and a directory that does
 * not exist cannot hold one: both NB_EDB with the path in the message. */
static void test_open_missing_database(void **state)
{
    (void)state;
    nb_err err = {{0}};
    nb_store *st = NULL;
    assert_int_equal(nb_store_open("/nonexistent-dir/x.db", 1, &st, &err), NB_EDB);
    assert_null(st);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.db"));
    char path[80];
    snprintf(path, sizeof path, "/tmp/nb_store_absent_%d.db", (int)getpid());
    nb_t_sqlite_remove(path);
    assert_int_equal(nb_store_open(path, 0, &st, &err), NB_EDB);
    assert_non_null(strstr(err.msg, "noaber init"));
    assert_int_equal(access(path, F_OK), -1);
}

/* COMMIT itself can fail (here: a deferred foreign key). The store reports it
 * as a conflict, nothing of the transaction stays, and the connection is not
 * left inside a transaction: the next begin works. */
static void test_commit_failure_rolls_back(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_exec(f->st, "PRAGMA defer_foreign_keys = ON", &err), 0);
    assert_int_equal(nb_store_setting_set(f->st, "k", "v", &err), 0);
    assert_int_equal(
        nb_store_exec(
            f->st,
            "INSERT INTO people (organisation_id, name, email, scale, contract_minutes_week, "
            "network_minutes_week, created_at, updated_at) "
            "VALUES (999, 'P', 'p@a.nl', 8, 2160, 480, 'x', 'x')",
            &err),
        0);
    assert_int_equal(nb_store_commit(f->st, &err), NB_ECONFLICT);
    assert_non_null(strstr(err.msg, "FOREIGN KEY"));
    assert_int_equal(sqlite3_get_autocommit(nb_store_sqlite(f->st)), 1);
    char v[16];
    assert_int_equal(nb_store_setting_get(f->st, "k", v, sizeof v, &err), NB_ENOTFOUND);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_setting_set(f->st, "k", "w", &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_store_setting_get(f->st, "k", v, sizeof v, &err), 0);
    assert_string_equal(v, "w");
}

/* Busy while reading: a write lock held elsewhere does not block a snapshot
 * (WAL), but a second writer gets NB_EBUSY from begin and from a write, and
 * nb_store_fail names the operation. */
static void test_busy_write_statement(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(f->path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_busy_timeout(nb_store_sqlite(f->st), 1);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    char v[16];
    assert_int_equal(nb_store_setting_get(f->st, "absent", v, sizeof v, &err), NB_ENOTFOUND);
    nb_store_rollback(f->st);
    assert_int_equal(nb_store_setting_set(f->st, "k", "v", &err), NB_EBUSY);
    assert_non_null(strstr(err.msg, "lock"));
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    assert_int_equal(nb_store_setting_set(f->st, "k", "v", &err), 0);
}

/* A record with its id neither first nor alone, as the page rows are. */
typedef struct find_row {
    char before[13];
    int64_t id;
    char after[7];
} find_row;

/* nb_store_lookup's decoder: column 0 as text into the caller's buffer. */
static void lookup_decode(nb_db_stmt *row, void *out)
{
    nb_store_col_copy(row, 0, out, 32);
}

/* One lookup for both kinds of key (nb_store_get_one's integer ids and the
 * ledger's text transfer ids): the key is bound as $1 in its own type, a
 * missing row is NB_ENOTFOUND naming the label and the key as it was given,
 * a failing statement the code of nb_store_fail naming what. */
static void test_lookup_int_and_text_key(void **state)
{
    fixture *f = *state;
    static const char by_int[] = "SELECT 'row ' || $1 WHERE typeof($1) = 'integer' AND $1 = 7";
    static const char by_text[] = "SELECT 'row ' || $1 WHERE typeof($1) = 'text' AND $1 = 'res-1'";
    static const char failing[] = "SELECT abs(-9223372036854775807 - 1) WHERE $1 IS NOT NULL";
    char got[32] = "";
    nb_err err = {{0}};
    assert_int_equal(nb_store_lookup(f->st, by_int, nb_store_key_int(7), lookup_decode, got, "Ding",
                                     "thing", &err),
                     0);
    assert_string_equal(got, "row 7");
    assert_int_equal(nb_store_get_one(f->st, by_int, 7, lookup_decode, got, "Ding", &err), 0);
    assert_int_equal(nb_store_lookup(f->st, by_int, nb_store_key_int(8), lookup_decode, got, "Ding",
                                     "thing", &err),
                     NB_ENOTFOUND);
    assert_string_equal(err.msg, "Ding 8 bestaat niet.");
    assert_int_equal(nb_store_get_one(f->st, by_int, -3, lookup_decode, got, "Ding", &err),
                     NB_ENOTFOUND);
    assert_string_equal(err.msg, "Ding -3 bestaat niet.");
    assert_int_equal(nb_store_lookup(f->st, by_text, nb_store_key_text("res-1"), lookup_decode, got,
                                     "Boeking", "ledger transfer", &err),
                     0);
    assert_string_equal(got, "row res-1");
    assert_int_equal(nb_store_lookup(f->st, by_text, nb_store_key_text("7"), lookup_decode, got,
                                     "Boeking", "ledger transfer", &err),
                     NB_ENOTFOUND);
    assert_string_equal(err.msg, "Boeking 7 bestaat niet.");
    assert_int_equal(nb_store_lookup(f->st, by_int, nb_store_key_text("7"), lookup_decode, got,
                                     "Ding", "thing", &err),
                     NB_ENOTFOUND); /* a text key is bound as text */
    assert_int_equal(nb_store_lookup(f->st, failing, nb_store_key_text("x"), lookup_decode, got,
                                     "Boeking", "ledger transfer", &err),
                     NB_EDB);
    assert_non_null(strstr(err.msg, "ledger transfer: "));
    assert_int_equal(nb_store_get_one(f->st, failing, 1, lookup_decode, got, "Ding", &err), NB_EDB);
    assert_non_null(strstr(err.msg, "Ding: "));
}

/* nb_store_row_find (the page search of the people and assignment lists):
 * every id is found at its index from every hint, the hint left there; an
 * absent id is -1 and leaves the hint; an empty page finds nothing; a hint
 * past the end wraps as before. */
static void test_row_find(void **state)
{
    (void)state;
    find_row v[7];
    memset(v, 0x5a, sizeof v);
    static const int64_t ids[7] = {40, 3, 17, 99, 5, 64, 8}; /* a page in its own order */
    for (size_t i = 0; i < 7; i++)
        v[i].id = ids[i];
    for (size_t from = 0; from < 7; from++) {
        for (size_t i = 0; i < 7; i++) {
            size_t hint = from;
            assert_int_equal(
                nb_store_row_find(v, 7, sizeof v[0], offsetof(find_row, id), ids[i], &hint),
                (long)i);
            assert_int_equal(hint, i);
        }
        size_t hint = from;
        assert_int_equal(nb_store_row_find(v, 7, sizeof v[0], offsetof(find_row, id), 41, &hint),
                         -1);
        assert_int_equal(hint, from);
    }
    size_t hint = 0;
    assert_int_equal(nb_store_row_find(v, 0, sizeof v[0], offsetof(find_row, id), 40, &hint), -1);
    hint = 9; /* past the end: from 9 % 7 on */
    assert_int_equal(nb_store_row_find(v, 7, sizeof v[0], offsetof(find_row, id), 99, &hint), 3);
    assert_int_equal(hint, 3);
    /* the ids of a plain int64_t array */
    hint = 2;
    assert_int_equal(nb_store_row_find(ids, 7, sizeof ids[0], 0, 3, &hint), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_find),
        cmocka_unit_test_setup_teardown(test_lookup_int_and_text_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_param_is_not_stepped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_bind_is_not_stepped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_statement_is_not_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreset_statement_is_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_negative_schema_version_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_is_ebusy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_migration_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_missing_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_failure_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_write_statement, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
