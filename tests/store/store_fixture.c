/*
 * tests/store/store_fixture.c — the fixture of the store's own tests
 * (test_store.c, test_store_reads.c): a fresh SQLite store per test. See
 * store_fixture.h.
 */
#include "store_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store_db.h"

#include <stdlib.h>

int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nb_err err;
    assert_int_equal(nb_t_sqlite_fresh("store", f->path, sizeof f->path), 0);
    assert_int_equal(nb_store_open(f->path, 1, &f->st, &err), 0);
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
