/*
 * tests/store/ledger_store_fixture.c — the shared fixture of the ledger
 * persistence's tests: the store with two organisations' accounts and the
 * helpers around nb_ledger_store_apply. See ledger_store_fixture.h.
 */
#include "ledger_store_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/organisations.h"
#include "store_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t new_org(nb_store *st, const char *code, int64_t credit_line)
{
    nb_org o;
    nb_err err;
    memset(&o, 0, sizeof o);
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.kind, sizeof o.kind, "gemeente");
    snprintf(o.name, sizeof o.name, "Gemeente %s", code);
    o.credit_line_minutes = credit_line;
    assert_int_equal(nb_org_insert(st, &o, &err), 0);
    return o.id;
}

int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nb_err err;
    assert_int_equal(nb_t_sqlite_fresh("ledger_store", f->path, sizeof f->path), 0);
    assert_int_equal(nb_store_open(f->path, 1, &f->st, &err), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    f->org_a = new_org(f->st, "A", 600);
    f->org_b = new_org(f->st, "B", 0);
    assert_int_equal(nb_ledger_store_fund_account(f->st, &f->fund, &err), 0);
    assert_int_equal(nb_ledger_store_org_account(f->st, f->org_a, &f->acct_a, &err), 0);
    assert_int_equal(nb_ledger_store_org_account(f->st, f->org_b, &f->acct_b, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    *state = f;
    return 0;
}

int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    nb_t_sqlite_remove(f->path);
    free(f);
    return 0;
}

int apply1(fixture *f, const nb_transfer *t, nb_transfer_result *res)
{
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_ledger_store_apply(f->st, t, 1, res, &err);
    if (rc == 0)
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    else
        nb_store_rollback(f->st);
    return rc;
}

void check_ok(fixture *f)
{
    nb_ledger_report rep;
    nb_err err;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_ledger_store_check(f->st, &rep, &err);
    nb_store_rollback(f->st);
    if (rc != 0)
        fail_msg("check: %s", rep.first_problem);
    assert_true(rep.ok);
}
