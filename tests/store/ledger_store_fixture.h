/*
 * tests/store/ledger_store_fixture.h — the shared fixture of the ledger
 * persistence's tests (test_ledger_store.c, test_ledger_journal.c): one
 * SQLite store for the whole group with the fund and the accounts of two
 * organisations (A with a credit line of 600 minutes, B with none), a
 * transfer maker, one-transfer apply and the control check. Test code only;
 * the helpers fail the running cmocka test.
 */
#ifndef NB_TESTS_STORE_LEDGER_STORE_FIXTURE_H
#define NB_TESTS_STORE_LEDGER_STORE_FIXTURE_H

#include "store/ledger_store.h"
#include "store/store.h"
#include "core/transfer_fixture.h" /* tr, the transfer constructor */

#include <stdint.h>

typedef struct fixture {
    char path[64];
    nb_store *st;
    int64_t fund, org_a, org_b, acct_a, acct_b;
} fixture;

/* cmocka group setup / teardown: the store and its accounts in *state (a
 * fixture), then closed and removed with its WAL. */
int setup(void **state);
int teardown(void **state);

/* Applies t alone in its own transaction (committed when accepted, rolled
 * back otherwise); nb_ledger_store_apply's status, its result in *res. */
int apply1(fixture *f, const nb_transfer *t, nb_transfer_result *res);

/* The control check of the store passes. */
void check_ok(fixture *f);

#endif
