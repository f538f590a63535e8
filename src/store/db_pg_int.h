/*
 * store/db_pg_int.h — what the files of the PostgreSQL driver share
 * (store/db_pg.c: connection, statements, rows; store/db_pg_pipe.c: the
 * deferred commands and the pipeline; store/db_pg_cursor.c: long reads a
 * chunk at a time). Private to them: the rest of the
 * store reaches the driver through store/db.h only.
 *
 * Ownership: an nb_pg is the store's connection (db_pg.c opens and closes
 * it), an nb_pg_stmt the store's statement; the functions below borrow
 * both. Like every driver object they are used by one thread at a time.
 */
#ifndef NB_STORE_DB_PG_INT_H
#define NB_STORE_DB_PG_INT_H

#include "store/db.h"
#include "util/attr.h"

#include <libpq-fe.h>
#include <stdint.h>

/* The most deferred commands kept before they are sent on their own. */
#define NB_PG_PENDING 16

/* How transactions begin, and the write lock. */
#define NB_PG_BEGIN_WRITE "BEGIN ISOLATION LEVEL READ COMMITTED"
#define NB_PG_BEGIN_READ "BEGIN ISOLATION LEVEL REPEATABLE READ"
/* The network's write lock: an advisory lock keyed "noaber" in ASCII. A
 * write transaction takes it exclusively; a row-locked write (db.h's
 * NB_DB_WRITE_ROWS: the ledger's frequent writes, which lock the rows they
 * change themselves) shares it with the others of its kind, so they run at
 * once on every server while a structural write still runs alone. */
#define NB_PG_LOCK "SELECT pg_advisory_xact_lock(110111097098101114)"
#define NB_PG_LOCK_SHARED "SELECT pg_advisory_xact_lock_shared(110111097098101114)"

/* A deferred write (nb_pg_exec_later): a prepared statement and a copy of
 * its values. */
typedef struct nb_pg_write {
    char name[16]; /* the server-side name */
    int nparams;
    char **values; /* owned, NULL = SQL NULL */
    int one;       /* it must change exactly one row (nb_pg_exec_later_one) */
} nb_pg_write;

typedef struct nb_pg_stmt nb_pg_stmt;

typedef struct nb_pg {
    nb_db base;
    PGconn *c;
    unsigned next_name; /* statement names nb1, nb2, ... */
    int code;           /* the last failure: NB_ECONFLICT, NB_EBUSY or NB_EDB */
    char msg[512];      /* its message */
    int64_t changes;    /* rows changed by the last statement */
    int64_t last_id;    /* the id of the last row inserted (see nb_pg_returning) */
    int64_t total;      /* rows changed since the connection opened */
    unsigned epoch;     /* bumped when the connection is opened again */
    int tx;             /* a transaction was begun and not yet ended by COMMIT/ROLLBACK */
    int lost;           /* the last failure lost the connection (open it again) */
    /* The last nb_pg_run found a deferred write that must change one row
     * changing another number (nb_pg_exec_later_one): its message. "" when
     * not; nb_pg_run's answer is then a failure without SQLSTATE that
     * nb_pg_fail reports as this conflict. */
    char mismatch[160];
    /* Deferred commands (see "Round trips"): static texts, sent with the next
     * statement; fresh: the BEGIN is among them (the server has no
     * transaction of ours yet). */
    const char *pending[NB_PG_PENDING]; /* NULL: the write writes[i] */
    nb_pg_write writes[NB_PG_PENDING];
    int npending;
    int nwrites; /* how many of them are writes */
    int fresh;
    int64_t trips;      /* round trips to the server since the connection opened */
    int64_t statements; /* statements sent since the connection opened */
    /* The statement whose server-side cursor (db_pg_cursor.c) is open in
     * this transaction, NULL when none: one at a time per connection. */
    nb_pg_stmt *cursor;
} nb_pg;

/* How a statement's rows come (db_pg_cursor.c). */
enum {
    NB_PG_WHOLE = 0,  /* one result held whole (PQexecPrepared) */
    NB_PG_MARKED = 1, /* to be fetched a chunk at a time; not yet begun */
    NB_PG_OPEN = 2,   /* the cursor is declared and has more rows */
    NB_PG_LAST = 3,   /* the chunk held is the cursor's last */
    NB_PG_BROKEN = 4  /* a DECLARE or FETCH failed: done, nothing to close */
};

struct nb_pg_stmt {
    nb_db_stmt base;
    nb_pg *db;
    char *sql;       /* owned copy, for messages */
    char name[16];   /* the server-side name ("" = not prepared in this epoch) */
    unsigned epoch;  /* the connection's epoch when it was prepared */
    int nparams;     /* the highest $n in sql */
    char **values;   /* nparams texts, owned, NULL = SQL NULL */
    char *kinds;     /* per $n what was bound first: 'i' integer, 'd' double, 0 */
    char *text;      /* the text sent to the server (translated), owned */
    PGresult *res;   /* the result being stepped, NULL before the first step */
    int row, nrows;  /* the current row, and how many the result has */
    int returning;   /* an INSERT given " RETURNING id" by the driver */
    int limit_param; /* the n of "LIMIT $n", 0 when none */
    int stream;      /* NB_PG_WHOLE etc.: res is the whole result or one chunk */
};

#define PG(d) ((nb_pg *)(void *)(d))
#define PSTMT(x) ((nb_pg_stmt *)(void *)(x))

/* ---- db_pg.c --------------------------------------------------------------- */

/* Records the failure of res (NULL: of the connection) in p (code, message,
 * lost); returns NB_DB_ERROR. Like nb_err_set it only echoes its code, so
 * it is not NB_MUST_USE. res stays the caller's. */
int nb_pg_fail(nb_pg *p, const PGresult *res);

/* Outside a transaction: opens a broken connection again (a new epoch).
 * 0 = usable, NB_DB_ERROR (NB_EBUSY) when the server cannot be reached. */
NB_MUST_USE int nb_pg_ready(nb_pg *p);

/* The types ps's parameters are declared with (from the values bound):
 * *out malloc'd, the caller frees it; NULL when ps has no parameters. 0 or
 * NB_DB_ERROR (out of memory). */
NB_MUST_USE int nb_pg_param_types(nb_pg_stmt *ps, Oid **out);

/* Prepares ps on the server under a new name (its first run in an epoch).
 * 0 or NB_DB_ERROR. */
NB_MUST_USE int nb_pg_server_prepare(nb_pg_stmt *ps);

/* The driver's step (db.h): NB_DB_ROW, NB_DB_DONE or NB_DB_ERROR. */
NB_MUST_USE int nb_pg_step(nb_db_stmt *s);

/* ---- db_pg_pipe.c ---------------------------------------------------------- */

/* Forgets the deferred commands and frees the deferred writes' values. */
void nb_pg_drop(nb_pg *p);

/* The deferred commands (no writes among them) and then sql, as one text of
 * several statements: malloc'd, the caller frees it; NULL when out of
 * memory. */
NB_MUST_USE char *nb_pg_joined(const nb_pg *p, const char *sql);

/* Runs the prepared ps (NULL: none) after what waits, in one round trip.
 * The result is the caller's (PQclear); see db_pg_pipe.c for which one. */
NB_MUST_USE PGresult *nb_pg_run(nb_pg *p, nb_pg_stmt *ps, int *ok);

/* Sends what waits, on its own (one round trip). 0 or NB_DB_ERROR. */
NB_MUST_USE int nb_pg_flush(nb_pg *p);

/* The driver's exec, exec_later and begin (db.h). 0 or NB_DB_ERROR. */
NB_MUST_USE int nb_pg_exec(nb_db *db, const char *sql);
NB_MUST_USE int nb_pg_exec_later(nb_db_stmt *s);
NB_MUST_USE int nb_pg_exec_later_one(nb_db_stmt *s);
NB_MUST_USE int nb_pg_begin(nb_db *db, int write);

/* ---- db_pg_cursor.c -------------------------------------------------------- */

/* The driver's stream (db.h): marks ps, before its first step, to be fetched a
 * chunk at a time. */
void nb_pg_stream(nb_db_stmt *s);

/* A step of a statement marked by nb_pg_stream, inside a transaction with no
 * other cursor open: NB_DB_ROW, NB_DB_DONE or NB_DB_ERROR (the reason kept by
 * the connection). Rows as nb_pg_step's, held in ps->res one chunk at a
 * time. */
NB_MUST_USE int nb_pg_cursor_step(nb_pg_stmt *ps);

/* Ends ps's cursor (reset, finalize): its CLOSE waits for the transaction's
 * next statement or its end (nothing when the transaction already ended or
 * failed); ps is back to a whole result. */
void nb_pg_cursor_end(nb_pg_stmt *ps);

#endif
