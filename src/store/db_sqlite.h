/*
 * store/db_sqlite.h — the SQLite handle under a store, for what only SQLite
 * has (the online backup API in store/backup.c) and for tests and benchmarks
 * that look at a SQLite database directly.
 */
#ifndef NB_STORE_DB_SQLITE_H
#define NB_STORE_DB_SQLITE_H

#include "store/store.h"

#include <sqlite3.h>

/* The SQLite handle of a connection of the SQLite driver; NULL for another
 * driver. Owned by the connection. */
sqlite3 *nb_db_sqlite_handle(nb_db *db);

/* The SQLite handle under st, NULL when st is not a SQLite store. */
static inline sqlite3 *nb_store_sqlite(nb_store *st)
{
    return nb_db_sqlite_handle(nb_store_db(st));
}

#endif
