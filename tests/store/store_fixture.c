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

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void remove_db(const char *path)
{
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nb_err err;
    snprintf(f->path, sizeof f->path, "/tmp/nb_store_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    unlink(f->path);
    assert_int_equal(nb_store_open(f->path, 1, &f->st, &err), 0);
    *state = f;
    return 0;
}

int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    remove_db(f->path);
    free(f);
    return 0;
}
