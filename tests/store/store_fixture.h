/*
 * tests/store/store_fixture.h — the fixture of the store's own tests
 * (test_store.c, test_store_reads.c): a fresh SQLite store in a temporary
 * file for each test, removed with its WAL afterwards. Test code only.
 */
#ifndef NB_TESTS_STORE_STORE_FIXTURE_H
#define NB_TESTS_STORE_STORE_FIXTURE_H

#include "store/store.h"
#include "store_db.h" /* nb_t_sqlite_remove, for the tests' own files */

typedef struct fixture {
    char path[64];
    nb_store *st;
} fixture;

/* cmocka setup / teardown of one test: a fresh store in *state (a fixture), then closed and
 * removed. */
int setup(void **state);
int teardown(void **state);

#endif
