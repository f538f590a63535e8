/*
 * tests/store/test_ledger_lasting.c — the connection's lasting ids
 * (nb_store_lasting_*, store/store.c) as the ledger uses them: an
 * organisation's account found once per connection in write transactions,
 * and forgotten when the writes that may have made it are rolled back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/db_sqlite.h"
#include "store_fixture.h"
#include "store/ledger_store.h"
#include "store/organisations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t new_org(nb_store *st, const char *code)
{
    nb_org o;
    nb_err err;
    memset(&o, 0, sizeof o);
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.kind, sizeof o.kind, "gemeente");
    snprintf(o.name, sizeof o.name, "Gemeente %s", code);
    assert_int_equal(nb_org_insert(st, &o, &err), 0);
    return o.id;
}

/* SELECTs of ledger_accounts a connection runs (sqlite3_trace_v2). */
static int trace_selects(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    int *n = ctx;
    const char *sql = x;
    if (type == SQLITE_TRACE_STMT && sql != NULL &&
        strstr(sql, "SELECT id FROM ledger_accounts WHERE organisation_id") != NULL)
        (*n)++;
    return 0;
}

/* The account exists in the database under that organisation. */
static void assert_account_of(nb_store *st, int64_t org, int64_t acct)
{
    sqlite3_stmt *s = NULL;
    sqlite3 *db = nb_store_sqlite(st);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM ledger_accounts WHERE id = ? "
                                        "AND organisation_id = ?",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(s, 1, acct);
    sqlite3_bind_int64(s, 2, org);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(s, 0), 1);
    sqlite3_finalize(s);
}

/* In write transactions the account is looked up once per connection (an
 * approval asks for it up to three times); a read transaction always asks
 * the database. */
static void test_org_account_looked_up_once(void **state)
{
    fixture *f = *state;
    nb_err err;
    int64_t org, a1 = 0, a2 = 0, a3 = 0;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    org = new_org(f->st, "L1");
    assert_int_equal(nb_ledger_store_org_account(f->st, org, &a1, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);

    int n = 0;
    sqlite3 *db = nb_store_sqlite(f->st);
    assert_int_equal(sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_selects, &n), SQLITE_OK);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_org_account(f->st, org, &a2, &err), 0);
    assert_int_equal(nb_ledger_store_find_org_account(f->st, org, &a3, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(n, 0); /* made by this connection in a committed write */
    assert_int_equal(a2, a1);
    assert_int_equal(a3, a1);

    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_find_org_account(f->st, org, &a3, &err), 0);
    nb_store_rollback(f->st);
    assert_int_equal(n, 1);
    assert_int_equal(a3, a1);
    assert_int_equal(sqlite3_trace_v2(db, 0, NULL, NULL), SQLITE_OK);
}

/*
 * An account made by writes that are then rolled back (a work's savepoint,
 * or the whole transaction) is forgotten: the organisation made again in
 * their place gets the same id, and its account must be one that exists.
 */
static void test_org_account_forgotten_on_rollback(void **state)
{
    fixture *f = *state;
    nb_err err;
    int64_t org, again, gone = 0, acct = 0;

    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_store_savepoint(f->st, &err), 0);
    org = new_org(f->st, "R1");
    assert_int_equal(nb_ledger_store_org_account(f->st, org, &gone, &err), 0);
    assert_int_equal(nb_store_rollback_to(f->st, &err), 0);
    again = new_org(f->st, "R1");
    assert_int_equal(again, org); /* the same id: the cached one would be wrong */
    assert_int_equal(nb_ledger_store_org_account(f->st, again, &acct, &err), 0);
    assert_account_of(f->st, again, acct);
    nb_store_rollback(f->st);

    assert_int_equal(nb_store_begin(f->st, &err), 0);
    org = new_org(f->st, "R2");
    assert_int_equal(nb_ledger_store_org_account(f->st, org, &gone, &err), 0);
    nb_store_rollback(f->st);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    again = new_org(f->st, "R2");
    assert_int_equal(again, org);
    assert_int_equal(nb_ledger_store_org_account(f->st, again, &acct, &err), 0);
    assert_account_of(f->st, again, acct);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_org_account_looked_up_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_account_forgotten_on_rollback, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
