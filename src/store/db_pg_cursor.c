/*
 * store/db_pg_cursor.c — the PostgreSQL driver's long reads in bounded
 * memory (db.h's stream; part of store/db_pg.c, shared state in
 * store/db_pg_int.h).
 *
 * libpq hands out a result only when it holds all of it, so a statement
 * stepped through PQexecPrepared costs client memory that grows with its
 * rows: a year's statement of a busy organisation is most of the ledger's
 * history. A statement marked by nb_pg_stream is instead run as a
 * server-side cursor inside the caller's transaction,
 *
 *     DECLARE nb_stream NO SCROLL CURSOR FOR <the statement>
 *     FETCH FORWARD 1000 FROM nb_stream      (until a chunk comes back short)
 *     CLOSE nb_stream                        (waits for the next round trip)
 *
 * so that one chunk of rows (NB_PG_CHUNK) is held at a time. Why a cursor
 * and not libpq's single-row mode (PQsetChunkedRowsMode needs libpq 17;
 * Debian 12 has 15):
 *   - between two FETCHes the connection is free: the store may run other
 *     statements on it while the stream is open, as on SQLite, and the
 *     deferred commands and their pipeline (db_pg_pipe.c) work as before;
 *     in single-row mode the connection is busy until the last row is read,
 *     and in pipeline mode the pipeline could not be left until then;
 *   - the snapshot: a cursor reads under the snapshot of its transaction
 *     (the request's REPEATABLE READ read transaction) for all its FETCHes;
 *   - stopping early (a client that goes away) is a CLOSE, not reading or
 *     cancelling the rest of the rows;
 *   - a PGresult per 1,000 rows, not one per row.
 * The price is a round trip per chunk (77 for a statement of 76,745 lines)
 * and one for the DECLARE. A cursor is only possible inside a transaction
 * and there is one at a time per connection (its name is fixed, so its
 * CLOSE is a static text that can wait in the queue of deferred commands);
 * otherwise the statement is held whole, as every ordinary page is.
 *
 * Failures: a FETCH that fails (the connection lost mid-stream, a statement
 * timeout) is the step's NB_DB_ERROR with the connection's reason, as any
 * failed statement; the transaction is then aborted or gone, so nothing is
 * closed and the caller's ROLLBACK ends it.
 */
#include "store/db_pg_int.h"
#include "store/db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows per FETCH: about 0.3 MB of a statement's lines in libpq's result. */
#define NB_PG_CHUNK 1000
#define NB_PG_STR_(x) #x
#define NB_PG_STR(x) NB_PG_STR_(x)
#define NB_PG_DECLARE "DECLARE nb_stream NO SCROLL CURSOR FOR "
static const char nb_pg_fetch_sql[] = "FETCH FORWARD " NB_PG_STR(NB_PG_CHUNK) " FROM nb_stream";
static const char nb_pg_close_sql[] = "CLOSE nb_stream";

void nb_pg_stream(nb_db_stmt *s)
{
    nb_pg_stmt *ps = (nb_pg_stmt *)(void *)s;
    if (ps->res == NULL && ps->stream == NB_PG_WHOLE)
        ps->stream = NB_PG_MARKED;
}

/* Declares ps's cursor (after what waits: the transaction's BEGIN may be
 * among it). 0 or NB_DB_ERROR. */
static int nb_pg_cursor_declare(nb_pg_stmt *ps)
{
    nb_pg *p = ps->db;
    Oid *types = NULL;
    char *text = NULL;
    int rc = NB_DB_ERROR;
    if (p->npending > 0 && nb_pg_flush(p) != 0)
        goto cleanup;
    if (nb_pg_param_types(ps, &types) != 0)
        goto cleanup;
    size_t len = sizeof NB_PG_DECLARE + strlen(ps->text);
    if ((text = malloc(len)) == NULL) {
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        goto cleanup;
    }
    snprintf(text, len, "%s%s", NB_PG_DECLARE, ps->text);
    PGresult *res = PQexecParams(p->c, text, ps->nparams, types, (const char *const *)ps->values,
                                 NULL, NULL, 0);
    p->trips++;
    p->statements++;
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
        p->cursor = ps;
        ps->stream = NB_PG_OPEN;
        p->changes = 0;
        rc = 0;
    } else {
        nb_pg_fail(p, res); /* the reason, for the step's NB_DB_ERROR */
    }
    PQclear(res);
cleanup:
    free(types);
    free(text);
    return rc;
}

int nb_pg_cursor_step(nb_pg_stmt *ps)
{
    nb_pg *p = ps->db;
    if (ps->stream == NB_PG_BROKEN)
        return NB_DB_ERROR;
    if (ps->stream == NB_PG_MARKED && nb_pg_cursor_declare(ps) != 0) {
        ps->stream = NB_PG_BROKEN;
        return NB_DB_ERROR;
    }
    if (ps->res != NULL && ps->row + 1 < ps->nrows) {
        ps->row++;
        return NB_DB_ROW;
    }
    if (ps->stream == NB_PG_LAST) {
        ps->row = ps->nrows;
        return NB_DB_DONE;
    }
    if (p->cursor != ps) { /* its transaction ended while it was being read */
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "the cursor's transaction has ended");
        ps->stream = NB_PG_BROKEN;
        return NB_DB_ERROR;
    }
    PQclear(ps->res);
    ps->row = ps->nrows = 0;
    ps->res = PQexec(p->c, nb_pg_fetch_sql);
    p->trips++;
    p->statements++;
    if (PQresultStatus(ps->res) != PGRES_TUPLES_OK) {
        nb_pg_fail(p, ps->res);
        PQclear(ps->res);
        ps->res = NULL;
        ps->stream = NB_PG_BROKEN;
        p->cursor = NULL; /* the transaction failed with it: nothing to close */
        return NB_DB_ERROR;
    }
    ps->nrows = PQntuples(ps->res);
    if (ps->nrows < NB_PG_CHUNK)
        ps->stream = NB_PG_LAST;
    return ps->nrows > 0 ? NB_DB_ROW : NB_DB_DONE;
}

void nb_pg_cursor_end(nb_pg_stmt *ps)
{
    nb_pg *p = ps->db;
    if (p->cursor == ps) {
        p->cursor = NULL;
        /* The CLOSE waits for the next statement or the COMMIT (a ROLLBACK
         * drops it: the cursor ends with the transaction). */
        if (p->tx && !p->lost && PQtransactionStatus(p->c) == PQTRANS_INTRANS &&
            (p->npending < NB_PG_PENDING || nb_pg_flush(p) == 0))
            p->pending[p->npending++] = nb_pg_close_sql;
    }
    ps->stream = NB_PG_WHOLE;
}
