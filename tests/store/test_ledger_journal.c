/*
 * tests/store/test_ledger_journal.c — the approval's UPDATEs run without a
 * statement journal (migration 020): the statements the store runs, seen
 * through sqlite3_trace_v2, are UPDATE OR FAIL, the append-only tables'
 * UPDATE triggers refuse with FAIL, and a refused two-row UPDATE keeps its
 * first row's change until the caller rolls back. On the fixture of
 * ledger_store_fixture.c (its own store: the transfers here would change the
 * figures of test_ledger_store.c's cases).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ledger_store_fixture.h"
#include "store/db_sqlite.h"

#include <stdio.h>
#include <string.h>

/* The UPDATEs a connection runs, from sqlite3_trace_v2 (triggers' steps,
 * which the trace reports as "-- ...", are not counted). */
typedef struct upd_trace {
    int updates, or_fail;
} upd_trace;

static int trace_updates(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    upd_trace *t = ctx;
    const char *sql = x;
    if (type == SQLITE_TRACE_STMT && sql != NULL && strncmp(sql, "UPDATE ", 7) == 0) {
        t->updates++;
        if (strncmp(sql, "UPDATE OR FAIL ", 15) == 0)
            t->or_fail++;
    }
    return 0;
}

static int64_t sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/*
 * The ledger's UPDATEs run without a statement journal (migration 020,
 * docs/performance.md "Stop 27"): SQLite opens one for a statement that may
 * change several rows (an UPDATE of a table with an UPDATE trigger) and may
 * abort. So the store writes them UPDATE OR FAIL and the tables' UPDATE
 * triggers refuse with FAIL: a refused statement is not undone by SQLite
 * (the rows it changed before the refused one stay until the caller rolls
 * back), which is what proves it had no statement journal to undo it with;
 * the refused row itself is never written.
 */
static void test_updates_without_statement_journal(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_store_sqlite(f->st);
    nb_transfer_result res;
    nb_transfer r = tr("sj-res", f->fund, f->acct_b, 100, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(f, &r, &res), 0);
    upd_trace t = {0, 0};
    assert_int_equal(sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_updates, &t), SQLITE_OK);
    nb_transfer p = tr("sj-post", f->fund, f->acct_b, 60, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(p.pending_id, sizeof p.pending_id, "sj-res");
    assert_int_equal(apply1(f, &p, &res), 0);
    assert_int_equal(sqlite3_trace_v2(db, 0, NULL, NULL), SQLITE_OK);
    assert_int_equal(t.updates, 3); /* two accounts and the reservation's state */
    assert_int_equal(t.or_fail, t.updates);

    /* the five UPDATE triggers of the approval's tables refuse with FAIL */
    assert_int_equal(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                 "AND name IN ('ledger_accounts_identity', "
                                 "'ledger_transfers_immutable', 'ledger_transfers_state_once', "
                                 "'allocation_reservations_once', 'time_entries_decided_once') "
                                 "AND instr(sql, 'RAISE(FAIL, ') > 0 "
                                 "AND instr(sql, 'RAISE(ABORT') = 0"),
                     5);

    /* A two-row UPDATE whose second row is refused: the first row's change
     * is not undone by SQLite (no statement journal); the refused row keeps
     * its value; the caller's rollback undoes the rest. */
    int64_t first = sql_int(db, "SELECT min(id) FROM ledger_transfers");
    assert_int_equal(sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE id = "
                                 "(SELECT min(id) FROM ledger_transfers) AND resolved_by = ''"),
                     1);
    assert_true(first < sql_int(db, "SELECT id FROM ledger_transfers WHERE tid = 'sj-res'"));
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE OR FAIL ledger_transfers SET resolved_by = 'sj-x' "
                                  "WHERE id = (SELECT min(id) FROM ledger_transfers) "
                                  "OR tid = 'sj-res'",
                                  NULL, NULL, &msg),
                     SQLITE_CONSTRAINT_TRIGGER);
    assert_non_null(strstr(msg, "only once"));
    sqlite3_free(msg);
    assert_int_equal(
        sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE resolved_by = 'sj-x'"), 1);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE tid = 'sj-res' AND "
                                 "resolved_by = 'sj-post'"),
                     1);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE resolved_by = 'sj-x'"), 0);
    check_ok(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_updates_without_statement_journal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
