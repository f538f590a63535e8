/*
 * tests/store/store_db.h — the store tests' harness for databases: one
 * fresh database per test case, a SQLite file or, under NOABER_TEST_PG, a
 * database of that PostgreSQL cluster, and its removal afterwards. Used by
 * the store's fixtures (store_fixture.c, ledger_store_fixture.c,
 * ledger_months_fixture.c, test_dialect.c, ...) and by the API tests'
 * harness (tests/api/harness.c: nb_t_pg, nb_t_pg_db_new). Test code only;
 * no function here fails a cmocka test itself: they return -1 and say why on
 * stderr.
 */
#ifndef NB_TESTS_STORE_STORE_DB_H
#define NB_TESTS_STORE_STORE_DB_H

#include <stddef.h>

/* NOABER_TEST_PG: a libpq connection string without dbname (as
 * scripts/pg_tmp.sh's cluster gives), or NULL when the tests run on SQLite.
 * The string belongs to the environment. */
const char *nb_t_pg(void);

/* Creates a new database of the NOABER_TEST_PG cluster named
 * <prefix><pid>_<n> (n counts up per process) and writes its connection
 * string ("<NOABER_TEST_PG> dbname=NAME") to out[len]. 0, or -1 when there is
 * no cluster or psql failed. */
int nb_t_pg_db_new(const char *prefix, char *out, size_t len);

/* Writes to path[len] the name of a new SQLite file /tmp/nb_<prefix>_XXXXXX
 * that does not exist yet (mkstemp made it unique; nb_store_open makes it).
 * 0 or -1. */
int nb_t_sqlite_fresh(const char *prefix, char *path, size_t len);

/* Removes the SQLite database at path with its -wal and -shm files. */
void nb_t_sqlite_remove(const char *path);

/* One test case's database: target is what nb_store_open takes. */
typedef struct nb_t_db {
    char target[400];
    char file[64];   /* the SQLite file; "" on PostgreSQL */
    char pgname[64]; /* the PostgreSQL database; "" on SQLite */
} nb_t_db;

/* A fresh database for one case in *db: under NOABER_TEST_PG a new database
 * of the cluster (nb_t_pg_db_new with prefix), else the name of a SQLite
 * file /tmp/nb_<prefix>_XXXXXX that does not exist yet (nb_store_open makes
 * it). 0 or -1. */
int nb_t_db_fresh(const char *prefix, nb_t_db *db);

/* Removes what nb_t_db_fresh made, once every connection to it is closed:
 * the SQLite file with -wal and -shm, or DROP DATABASE (a failure is said on
 * stderr; the throw-away cluster goes anyway). */
void nb_t_db_remove(const nb_t_db *db);

#endif
