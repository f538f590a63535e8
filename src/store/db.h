/*
 * store/db.h — the database driver interface under the store.
 *
 * The store (src/store/) speaks to its database through this interface only,
 * so that one set of store functions runs on two drivers: SQLite (the
 * embedded default, store/db_sqlite.c) and PostgreSQL (libpq,
 * store/db_pg.c). A driver is chosen by the database setting
 * (nb_db_driver_for): "postgresql://…" or "postgres://…" (or a libpq
 * "host=… dbname=…" string) is PostgreSQL, anything else a SQLite file.
 *
 * SQL texts are portable: parameters are written $1, $2, … and bound by that
 * number; differences of dialect stay in the migrations and, where a query
 * must differ, in the store function that owns it (nb_store_dialect).
 *
 * Ownership: a connection (nb_db) is owned by the store that opened it
 * (nb_store_open), a statement (nb_db_stmt) by that store's statement cache;
 * column texts belong to the statement and stay valid until its next step or
 * reset. Neither is shared between threads.
 *
 * Every driver object starts with a pointer to its driver's operations, so
 * the inline wrappers below dispatch without knowing the driver.
 */
#ifndef NB_STORE_DB_H
#define NB_STORE_DB_H

#include "util/attr.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_db nb_db;
typedef struct nb_db_stmt nb_db_stmt;
typedef struct nb_db_driver nb_db_driver;

/* What a step returns: a row is ready, the statement is done, or it failed
 * (then the connection's nb_db_error says why). */
enum { NB_DB_ERROR = 1, NB_DB_ROW = 100, NB_DB_DONE = 101 };

/* The kinds of transaction a driver's begin opens (see there). */
enum { NB_DB_READ = 0, NB_DB_WRITE = 1, NB_DB_WRITE_ROWS = 2 };

/* The dialect a driver speaks, for the few queries that must differ. */
typedef enum { NB_DB_SQLITE = 0, NB_DB_POSTGRESQL = 1 } nb_db_dialect;

/* The common head of every driver's connection and statement. */
struct nb_db {
    const nb_db_driver *drv;
};
struct nb_db_stmt {
    const nb_db_driver *drv;
};

/*
 * A driver's operations. Unless said otherwise, 0 = ok and NB_DB_ERROR =
 * failed, with the reason kept by the connection (error).
 */
struct nb_db_driver {
    const char *name; /* "sqlite" or "postgresql", for messages and the log */
    nb_db_dialect dialect;

    /* Connects to target (a file or a connection string); create: a SQLite
     * file may be created. On success *out is the caller's (close). On
     * failure NB_EDB with the reason in err, *out NULL. */
    int (*open)(const char *target, int create, nb_db **out, nb_err *err);
    void (*close)(nb_db *db); /* NULL is a no-op; rolls back what is open */

    /* Runs literal SQL without parameters (may hold several statements). */
    int (*exec)(nb_db *db, const char *sql);

    /* Prepares sql (one statement, $n parameters); *out is the caller's
     * (finalize). */
    int (*prepare)(nb_db *db, const char *sql, nb_db_stmt **out);
    void (*finalize)(nb_db_stmt *s); /* NULL is a no-op */

    /* Binds $n. 0, or a static reason ("no such parameter", ...). Texts are
     * copied. */
    const char *(*bind_int)(nb_db_stmt *s, int n, int64_t v);
    const char *(*bind_double)(nb_db_stmt *s, int n, double v);
    const char *(*bind_text)(nb_db_stmt *s, int n, const char *v); /* v not NULL */
    const char *(*bind_null)(nb_db_stmt *s, int n);

    int (*step)(nb_db_stmt *s); /* NB_DB_ROW, NB_DB_DONE or NB_DB_ERROR */
    /* Marks s, bound and not yet stepped, as a long read that its caller
     * steps to the end or resets (a streamed answer, store cursors): the
     * driver keeps a bounded part of its rows at a time instead of the whole
     * result. SQLite steps in bounded memory anyway (nothing to do).
     * PostgreSQL, inside a transaction: a server-side cursor under the
     * transaction's snapshot, fetched a chunk of rows per round trip
     * (store/db_pg_cursor.c); outside one the result is held whole as
     * before. The mark lasts until the next reset. */
    void (*stream)(nb_db_stmt *s);
    /* Runs s to its end (the caller resets it), for a write in a transaction whose
     * answer the caller does not read (no rows, changes or last id): the
     * driver may send it with the next statement (PostgreSQL, one round
     * trip for both), and then that statement, or the end of the group
     * commit's savepoint or the COMMIT, reports its failure. Its values are
     * copied. 0 or NB_DB_ERROR. */
    int (*exec_later)(nb_db_stmt *s);
    /* As exec_later, for a write that must change exactly one row (an UPDATE
     * by key of a row the transaction read or locked): the driver may send it
     * with the next statement and check the count when its answer comes; a
     * count other than one then fails that statement (or the savepoint's end,
     * or the COMMIT) with NB_ECONFLICT, as a failed write would. NULL in a
     * driver that runs every write at once (SQLite): the store runs it and
     * checks the count itself (store.h nb_store_exec_later_one). */
    int (*exec_later_one)(nb_db_stmt *s);
    void (*reset)(nb_db_stmt *s);      /* back to the start; bindings kept */
    void (*clear)(nb_db_stmt *s);      /* reset and every binding back to NULL */
    int (*busy)(nb_db_stmt *s);        /* 1 between the first step and reset/done */
    const char *(*sql)(nb_db_stmt *s); /* the statement's text, for messages */
    /* The text with the bound values in it (the memo's key): malloc'd, the
     * caller frees it; NULL when out of memory. */
    char *(*expanded)(nb_db_stmt *s);

    int64_t (*col_int)(nb_db_stmt *s, int col);                   /* NULL reads as 0 */
    double (*col_double)(nb_db_stmt *s, int col);                 /* NULL reads as 0.0 */
    const char *(*col_text)(nb_db_stmt *s, int col, size_t *len); /* NULL for NULL */

    /* The last failure on db: NB_ECONFLICT (a constraint), NB_EBUSY (locked,
     * retry later) or NB_EDB; *msg (may be NULL) its text, owned by db. */
    int (*error)(nb_db *db, const char **msg);

    int64_t (*last_id)(nb_db *db); /* the id of the last row inserted */
    int64_t (*changes)(nb_db *db); /* rows the last statement changed */
    int (*in_tx)(nb_db *db);       /* 1 while a transaction is open */

    /* Opens a transaction: write = NB_DB_WRITE takes the network's write
     * lock (one writer at a time, across processes and servers), write =
     * NB_DB_READ a read snapshot. write = NB_DB_WRITE_ROWS is a write whose
     * caller locks every row it reads to decide and changes (nb_store_lock_rows):
     * PostgreSQL takes the write lock shared, so such writes run at once
     * while a NB_DB_WRITE waits for all of them (and they for it); SQLite
     * has one writer anyway and treats it as NB_DB_WRITE. PostgreSQL sends
     * the BEGIN and the lock with the transaction's first statement (one
     * round trip for all three), so a failure to get the lock is that
     * statement's. */
    int (*begin)(nb_db *db, int write);

    /* The schema version (migrations applied) and setting it in the open
     * transaction. */
    int (*version_get)(nb_db *db, int *out);
    int (*version_set)(nb_db *db, int version);

    /* A number that moves whenever another connection commits (SQLite's
     * data_version); 0 with *out = -1 when the driver cannot tell, which
     * keeps the store's memo off. total_changes: rows changed on this
     * connection since it opened. */
    int (*data_version)(nb_db *db, int64_t *out);
    int64_t (*total_changes)(nb_db *db);
};

/* The driver for a database setting (see the header); never NULL. */
const nb_db_driver *nb_db_driver_for(const char *target);
extern const nb_db_driver nb_db_sqlite;
extern const nb_db_driver nb_db_postgresql;

/* ---- Used by every store file: reading a row ------------------------------ */

static inline int64_t nb_db_col_int(nb_db_stmt *s, int col)
{
    return s->drv->col_int(s, col);
}

static inline double nb_db_col_double(nb_db_stmt *s, int col)
{
    return s->drv->col_double(s, col);
}

/* Column text, NULL for NULL; *len (may be NULL) its length in bytes. */
static inline const char *nb_db_col_raw(nb_db_stmt *s, int col, size_t *len)
{
    return s->drv->col_text(s, col, len);
}

static inline int nb_db_col_null(nb_db_stmt *s, int col)
{
    return s->drv->col_text(s, col, NULL) == NULL;
}

/* See the driver's stream above: s's rows in bounded memory. */
static inline void nb_db_stream(nb_db_stmt *s)
{
    s->drv->stream(s);
}

/* Back to the start, bindings kept: every caller resets what it stepped. */
static inline void nb_db_reset(nb_db_stmt *s)
{
    s->drv->reset(s);
}

#endif
