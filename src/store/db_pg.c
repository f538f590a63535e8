/*
 * store/db_pg.c — the PostgreSQL driver of store/db.h (libpq).
 *
 * A connection is one PGconn, opened from a libpq connection string or URI
 * ("postgresql://user@host/db", "host=/run/pg dbname=noaber"). Statements are
 * prepared on the server under a name of their own (nb1, nb2, ...) with their
 * parameter types left to the server; values travel as text. A step runs the
 * statement on its first call and hands out the rows of the result one by
 * one (results of the store are one page at a time, so they fit in memory);
 * a long read the store marks (db.h's stream: a streamed answer) is instead
 * a server-side cursor fetched a chunk at a time (store/db_pg_cursor.c).
 *
 * Transactions. A write transaction takes the network's write lock, a
 * transaction-scoped advisory lock (pg_advisory_xact_lock), before anything
 * else: writers are serialised across every server on the database, exactly
 * as SQLite's BEGIN IMMEDIATE serialises them on one machine, so every
 * check-then-write of the ledger (a limit, a consent, a reservation) sees the
 * last committed state and cannot race. A row-locked write (db.h's
 * NB_DB_WRITE_ROWS: the approval of hours) takes the same lock shared
 * (pg_advisory_xact_lock_shared): such writes run at once, on every server,
 * and lock the rows they read to decide and change themselves (SELECT ...
 * FOR UPDATE in a fixed order, store.h nb_store_begin_rows), while a plain
 * write still waits for all of them and they for it. Readers are not
 * blocked: a read transaction is a REPEATABLE READ snapshot.
 * docs/operations.md explains the choice against SERIALIZABLE with retries.
 *
 * Losing the server. When PostgreSQL restarts (a crash, an immediate stop,
 * a failover) every connection dies with it. A connection found broken
 * outside a transaction is opened again (PQreset) before the next
 * transaction or statement; its statements are then prepared anew (the
 * epoch). Within a transaction nothing is reopened: the transaction is gone
 * and its caller fails. A failure because the server is unreachable or
 * restarting is NB_EBUSY (nothing was written; the API answers 503 with
 * Retry-After), except a COMMIT that loses its answer: its outcome is
 * unknown, so it is NB_EDB (500), never "try again".
 *
 * Round trips: the deferred commands and the pipeline live in
 * store/db_pg_pipe.c (see there); what both files share is in db_pg_int.h.
 *
 * The schema version is kept in the table noaber_schema (one row).
 */
#include "store/db_pg_int.h"
#include "store/db.h"
#include "util/log.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Errors --------------------------------------------------------------- */

/* Records the failure of res (NULL: of the connection); returns NB_DB_ERROR. */
int nb_pg_fail(nb_pg *p, const PGresult *res)
{
    if (p->mismatch[0] != '\0') { /* nb_pg_run's own failure: not the server's */
        p->code = NB_ECONFLICT;
        p->lost = 0;
        snprintf(p->msg, sizeof p->msg, "%s", p->mismatch);
        return NB_DB_ERROR;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *text = res ? PQresultErrorMessage(res) : PQerrorMessage(p->c);
    p->code = NB_EDB;
    /* Lost: libpq's own "server closed the connection unexpectedly" comes
     * without SQLSTATE (and the status may still say CONNECTION_OK). */
    p->lost = PQstatus(p->c) == CONNECTION_BAD ||
              (state == NULL && PQresultStatus(res) == PGRES_FATAL_ERROR) ||
              (state != NULL && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
                                 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0));
    if (p->lost)
        p->code = NB_EBUSY; /* the connection is gone, the transaction with it */
    else if (state != NULL) {
        if (strncmp(state, "23", 2) == 0) /* integrity constraint violation */
            p->code = NB_ECONFLICT;
        else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                 strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
            p->code = NB_EBUSY; /* serialization, deadlock, lock or statement timeout */
    }
    snprintf(p->msg, sizeof p->msg, "%s", text && *text ? text : "unknown error");
    nb_log_debug("postgresql: %s", p->msg); /* the store reports it; this sees every one */
    size_t n = strlen(p->msg);
    while (n > 0 && (p->msg[n - 1] == '\n' || p->msg[n - 1] == ' '))
        p->msg[--n] = '\0';
    return NB_DB_ERROR;
}

static int nb_pg_error(nb_db *db, const char **msg)
{
    if (msg != NULL)
        *msg = PG(db)->msg;
    return PG(db)->code;
}

/* Notices (e.g. "there is no transaction in progress") go nowhere: every
 * failure that matters comes back as an error. */
static void nb_pg_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* ---- Connection ----------------------------------------------------------- */

static void nb_pg_close(nb_db *db)
{
    if (db == NULL)
        return;
    if (PG(db)->trips > 0)
        nb_log_info("postgresql: %lld statements in %lld round trips on this connection",
                    (long long)PG(db)->statements, (long long)PG(db)->trips);
    nb_pg_drop(PG(db));
    PQfinish(PG(db)->c);
    free(db);
}

/* The settings every session starts with (also after a reconnect). */
static int nb_pg_session(nb_pg *p)
{
    /* Sessions start alike whatever the server's defaults: UTC, no
     * statement left waiting for a lock for ever. A cursor (db_pg_cursor.c)
     * is read to its end: planned for all its rows, as the same query run
     * whole, not for the first tenth (PostgreSQL's default). */
    PGresult *res = PQexec(p->c, "SET TIME ZONE 'UTC'; SET lock_timeout = '5s'; "
                                 "SET client_min_messages = warning; "
                                 "SET cursor_tuple_fraction = 1.0");
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : nb_pg_fail(p, res);
    PQclear(res);
    return rc;
}

/*
 * Outside a transaction: opens a broken connection again (a new epoch, so
 * every statement is prepared again). 0 = usable, NB_DB_ERROR (NB_EBUSY)
 * when the server cannot be reached.
 */
int nb_pg_ready(nb_pg *p)
{
    if (PQstatus(p->c) == CONNECTION_OK && !p->lost)
        return 0;
    PQreset(p->c);
    p->tx = p->fresh; /* whatever was open is gone; a BEGIN still waiting is sent later */
    p->cursor = NULL;
    p->lost = 0;
    if (PQstatus(p->c) != CONNECTION_OK) {
        nb_pg_fail(p, NULL);
        p->code = NB_EBUSY;
        return NB_DB_ERROR;
    }
    p->epoch++;
    PQsetNoticeProcessor(p->c, nb_pg_notice, NULL);
    nb_log_warn("postgresql: connection opened again");
    return nb_pg_session(p);
}

static int nb_pg_open(const char *target, int create, nb_db **out, nb_err *err)
{
    int rc = 0;
    *out = NULL;
    nb_pg *p = calloc(1, sizeof *p);
    if (p == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    p->base.drv = &nb_db_postgresql;
    p->c = PQconnectdb(target);
    if (p->c == NULL || PQstatus(p->c) != CONNECTION_OK) {
        rc = nb_err_set(err, NB_EDB, "cannot connect to the PostgreSQL database: %s",
                        p->c ? PQerrorMessage(p->c) : "out of memory");
        goto cleanup;
    }
    PQsetNoticeProcessor(p->c, nb_pg_notice, NULL);
    if (nb_pg_session(p) != 0 ||
        (create && nb_pg_exec(&p->base, "DO $$ BEGIN IF to_regclass('noaber_schema') IS NULL THEN "
                                        "CREATE TABLE noaber_schema (version integer NOT NULL); "
                                        "END IF; END $$") != 0)) {
        rc = nb_err_set(err, NB_EDB, "PostgreSQL: %s", p->msg);
        goto cleanup;
    }
    *out = &p->base;
    p = NULL;
cleanup:
    if (p != NULL)
        nb_pg_close(&p->base);
    return rc;
}

/* ---- Statements ----------------------------------------------------------- */

/* The highest $n in sql (texts between quotes skipped). */
static int nb_pg_count_params(const char *sql)
{
    int max = 0;
    char quote = 0;
    for (const char *c = sql; *c; c++) {
        if (quote) {
            if (*c == quote)
                quote = 0;
        } else if (*c == '\'' || *c == '"') {
            quote = *c;
        } else if (*c == '$' && c[1] >= '0' && c[1] <= '9') {
            int n = (int)strtol(c + 1, NULL, 10);
            if (n > max)
                max = n;
        }
    }
    return max;
}

/* Type OIDs (pg_type.h is not part of libpq's interface). */
#define NB_PG_INT8OID 20
#define NB_PG_TEXTOID 25
#define NB_PG_FLOAT8OID 701

/* 1 when every use of $n in sql is "$n IS NULL" (or IS NOT NULL), or there
 * is none. */
static int nb_pg_only_null_test(const char *sql, int n)
{
    char tag[16];
    int len = snprintf(tag, sizeof tag, "$%d", n);
    int uses = 0, tests = 0;
    for (const char *c = strstr(sql, tag); c; c = strstr(c + len, tag)) {
        if (c[len] >= '0' && c[len] <= '9')
            continue; /* $1 in $12 */
        uses++;
        if (strncmp(c + len, " IS NULL", 8) == 0 || strncmp(c + len, " IS NOT NULL", 12) == 0)
            tests++;
    }
    return uses == tests; /* an unused $n (a gap in the numbers) needs a type too */
}

/*
 * SQLite tells the id of the last row inserted without asking; PostgreSQL
 * tells it only when asked (lastval() fails in a session that has not used
 * a sequence yet, and a failure aborts the transaction). So an INSERT into a
 * table whose id is an identity column, without a RETURNING of its own, is
 * prepared with " RETURNING id" added: the step keeps the id as last_id and
 * hands out no row, as the statement had. 1 when sql is such an INSERT
 * (*table_out: its table name), else 0.
 */
static int nb_pg_insert_table(const char *sql, char *table, size_t size)
{
    if (strncmp(sql, "INSERT INTO ", 12) != 0 || strstr(sql, "RETURNING") != NULL)
        return 0;
    const char *a = sql + 12;
    size_t n = strspn(a, "abcdefghijklmnopqrstuvwxyz_0123456789");
    if (n == 0 || n >= size)
        return 0;
    memcpy(table, a, n);
    table[n] = '\0';
    return 1;
}

/*
 * The SQLite idioms of the store's portable texts that PostgreSQL spells
 * otherwise, rewritten here so that the store keeps one text:
 *   SELECT value FROM json_each($n)   (the ids of a JSON array)
 *     -> SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST($n AS json))
 *   UPDATE OR FAIL t ...   (at the start; SQLite then needs no statement
 *     journal, migration 020) -> UPDATE t ...   (an error undoes the statement)
 * A malloc'd text when sql has one, else NULL (sql serves as it is).
 */
static char *nb_pg_translate(const char *sql)
{
    static const char from[] = "SELECT value FROM json_each($";
    static const char or_fail[] = "UPDATE OR FAIL ";
    int fail = strncmp(sql, or_fail, sizeof or_fail - 1) == 0;
    const char *at = strstr(sql, from);
    if (at == NULL && !fail)
        return NULL;
    size_t cap = strlen(sql) * 2 + 64;
    char *out = malloc(cap), *o = out;
    if (out == NULL)
        return NULL;
    const char *c = sql;
    if (fail) {
        o += snprintf(o, cap, "UPDATE ");
        c = sql + sizeof or_fail - 1;
    }
    for (; at != NULL; at = strstr(c, from)) {
        const char *num = at + sizeof from - 1;
        size_t digits = strspn(num, "0123456789");
        if (digits == 0 || num[digits] != ')')
            break;
        o += snprintf(o, cap - (size_t)(o - out),
                      "%.*sSELECT CAST(value AS bigint) FROM json_array_elements_text(CAST($%.*s "
                      "AS json))",
                      (int)(at - c), c, (int)digits, num);
        c = num + digits + 1;
    }
    snprintf(o, cap - (size_t)(o - out), "%s", c);
    return out;
}

/* 1 when table has an identity column id, 0 when not, -1 when the question
 * failed (the reason kept); asked once per prepare. */
static int nb_pg_has_identity(nb_pg *p, const char *table)
{
    const char *values[1] = {table};
    PGresult *res = PQexecParams(p->c,
                                 "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) "
                                 "AND attname = 'id' AND attidentity <> ''",
                                 1, NULL, values, NULL, NULL, 0);
    p->trips++;
    int yes = PQresultStatus(res) != PGRES_TUPLES_OK ? (nb_pg_fail(p, res), -1)
              : PQntuples(res) == 1                  ? 1
                                                     : 0;
    PQclear(res);
    return yes;
}

static void nb_pg_finalize(nb_db_stmt *s)
{
    if (s == NULL)
        return;
    nb_pg_stmt *ps = PSTMT(s);
    if (ps->db != NULL)
        nb_pg_cursor_end(ps);
    PQclear(ps->res);
    if (ps->db != NULL && ps->name[0] != '\0' && ps->epoch == ps->db->epoch &&
        PQstatus(ps->db->c) == CONNECTION_OK && !ps->db->tx) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", ps->name);
        PQclear(PQexec(ps->db->c, sql));
    }
    for (int i = 0; ps->values != NULL && i < ps->nparams; i++)
        free(ps->values[i]);
    free(ps->values);
    free(ps->kinds);
    free(ps->text);
    free(ps->sql);
    free(ps);
}

static int nb_pg_prepare(nb_db *db, const char *sql, nb_db_stmt **out)
{
    nb_pg *p = PG(db);
    *out = NULL;
    nb_pg_stmt *ps = calloc(1, sizeof *ps);
    if (ps == NULL || (ps->sql = strdup(sql)) == NULL) {
        free(ps);
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        return NB_DB_ERROR;
    }
    ps->base.drv = &nb_db_postgresql;
    ps->db = p;
    ps->nparams = nb_pg_count_params(sql);
    const char *lim = strstr(sql, "LIMIT $");
    ps->limit_param = lim ? (int)strtol(lim + 7, NULL, 10) : 0;
    char table[64];
    char *with_returning = nb_pg_translate(sql);
    const char *text = with_returning ? with_returning : sql;
    int insert = nb_pg_insert_table(sql, table, sizeof table), identity = 0;
    /* The catalogue is asked before the transaction reached the server (on a
     * connection opened again if it broke), or in it after what waits (a
     * ROLLBACK TO may be among it). Not knowing is a failure: a statement
     * without its RETURNING id would give wrong ids for as long as it is
     * cached. */
    if (insert)
        identity = ((!p->tx || p->fresh) ? nb_pg_ready(p) : nb_pg_flush(p)) == 0
                       ? nb_pg_has_identity(p, table)
                       : -1;
    if (insert && identity < 0) {
        free(with_returning);
        nb_pg_finalize(&ps->base);
        return NB_DB_ERROR;
    }
    if (identity) {
        size_t len = strlen(text);
        while (len > 0 && (text[len - 1] == ';' || text[len - 1] == ' '))
            len--;
        char *r = malloc(len + 16);
        if (r != NULL) {
            snprintf(r, len + 16, "%.*s RETURNING id", (int)len, text);
            free(with_returning);
            with_returning = r;
            ps->returning = 1;
        }
    }
    ps->text = with_returning ? with_returning : strdup(sql);
    if (ps->text == NULL ||
        (ps->nparams > 0 &&
         ((ps->values = calloc((size_t)ps->nparams, sizeof *ps->values)) == NULL ||
          (ps->kinds = calloc((size_t)ps->nparams, 1)) == NULL))) {
        nb_pg_finalize(&ps->base);
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        return NB_DB_ERROR;
    }
    *out = &ps->base;
    return 0;
}

/*
 * The types ps's parameters are declared with, from the values bound: a $n
 * bound to an integer is declared bigint (SQLite's integers are 64 bits;
 * inferred from "$n = 0" it would be a 32-bit integer), to a double double
 * precision; one used only as "$n IS NULL" (a list filter not in use) is
 * declared text, as there is nothing to infer it from; the server infers the
 * rest from where they are used (0).
 */
int nb_pg_param_types(nb_pg_stmt *ps, Oid **out)
{
    *out = NULL;
    if (ps->nparams == 0)
        return 0;
    Oid *types = calloc((size_t)ps->nparams, sizeof *types);
    if (types == NULL) {
        ps->db->code = NB_EDB;
        snprintf(ps->db->msg, sizeof ps->db->msg, "out of memory");
        return NB_DB_ERROR;
    }
    for (int n = 1; n <= ps->nparams; n++)
        types[n - 1] = ps->kinds[n - 1] == 'i'            ? NB_PG_INT8OID
                       : ps->kinds[n - 1] == 'd'          ? NB_PG_FLOAT8OID
                       : nb_pg_only_null_test(ps->sql, n) ? NB_PG_TEXTOID
                                                          : 0;
    *out = types;
    return 0;
}

/*
 * Prepares ps on the server, at its first run: then the values bound tell
 * the types (nb_pg_param_types). 0 or NB_DB_ERROR.
 */
int nb_pg_server_prepare(nb_pg_stmt *ps)
{
    nb_pg *p = ps->db;
    char name[16];
    snprintf(name, sizeof name, "nb%u", ++p->next_name);
    Oid *types = NULL;
    if (nb_pg_param_types(ps, &types) != 0)
        return NB_DB_ERROR;
    PGresult *res = PQprepare(p->c, name, ps->text, ps->nparams, types);
    p->trips++;
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        nb_pg_fail(p, res);
    PQclear(res);
    free(types);
    if (!ok)
        return NB_DB_ERROR;
    memcpy(ps->name, name, sizeof name);
    ps->epoch = p->epoch;
    return 0;
}

/* Keeps text (a copy; NULL = SQL NULL) as the value of $n. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
/* GCC 12's analyser loses the copy once it is stored in ps->values (the part
 * of this function it splits off sees the statement only through a cast of
 * the caller's pointer); the copy is freed by the next bind, reset or finalize. */
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static const char *nb_pg_bind(nb_db_stmt *s, int n, const char *text)
{
    nb_pg_stmt *ps = PSTMT(s);
    if (n < 1 || n > ps->nparams)
        return "the statement has no such parameter";
    char *copy = NULL;
    if (text != NULL && (copy = strdup(text)) == NULL)
        return "out of memory";
    free(ps->values[n - 1]);
    ps->values[n - 1] = copy;
    return NULL;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static const char *nb_pg_bind_int(nb_db_stmt *s, int n, int64_t v)
{
    if (n >= 1 && n <= PSTMT(s)->nparams && PSTMT(s)->kinds[n - 1] == 0)
        PSTMT(s)->kinds[n - 1] = 'i';
    if (v < 0 && n == PSTMT(s)->limit_param)
        return nb_pg_bind(s, n, NULL); /* SQLite's LIMIT -1 (all rows) is LIMIT NULL here */
    char t[24];
    snprintf(t, sizeof t, "%lld", (long long)v);
    return nb_pg_bind(s, n, t);
}

static const char *nb_pg_bind_double(nb_db_stmt *s, int n, double v)
{
    char t[40];
    if (n >= 1 && n <= PSTMT(s)->nparams && PSTMT(s)->kinds[n - 1] == 0)
        PSTMT(s)->kinds[n - 1] = 'd';
    snprintf(t, sizeof t, "%.17g", v);
    return nb_pg_bind(s, n, t);
}

static const char *nb_pg_bind_text(nb_db_stmt *s, int n, const char *v)
{
    return nb_pg_bind(s, n, v);
}

static const char *nb_pg_bind_null(nb_db_stmt *s, int n)
{
    return nb_pg_bind(s, n, NULL);
}

int nb_pg_step(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    nb_pg *p = ps->db;
    if (ps->stream == NB_PG_MARKED && (!p->tx || p->cursor != NULL))
        ps->stream = NB_PG_WHOLE; /* a cursor needs a transaction, one at a time: held whole */
    if (ps->stream != NB_PG_WHOLE)
        return nb_pg_cursor_step(ps);
    if (ps->res == NULL) {
        /* Before the transaction reached the server (outside one, or its
         * BEGIN still waiting) a broken connection is opened again; a read
         * that finds it broken (the server restarted since the last use) is
         * sent once more, as it changed nothing, and so is a statement sent
         * with its transaction's BEGIN. */
        const char *waiting[NB_PG_PENDING];
        int nwaiting = p->npending, fresh = !p->tx || p->fresh;
        memcpy(waiting, p->pending, sizeof waiting); /* texts only: no write waits yet */
        for (int tries = fresh ? 2 : 1; tries > 0; tries--) {
            if (fresh && nb_pg_ready(p) != 0)
                return NB_DB_ERROR;
            if (ps->epoch != p->epoch)
                ps->name[0] = '\0';
            /* Preparing is a round trip of its own (once per connection):
             * what waits goes first, as a ROLLBACK TO may be among it. */
            if (ps->name[0] == '\0' && !p->fresh && nb_pg_flush(p) != 0)
                return NB_DB_ERROR; /* (before the BEGIN, preparing needs nothing sent) */
            if (ps->name[0] == '\0' && nb_pg_server_prepare(ps) != 0) {
                if (p->lost && tries > 1)
                    continue;
                return NB_DB_ERROR;
            }
            int began = p->fresh && p->nwrites == 0, ok = 0;
            ps->res = nb_pg_run(p, ps, &ok);
            ExecStatusType first = PQresultStatus(ps->res);
            if (tries > 1 && first != PGRES_TUPLES_OK && first != PGRES_COMMAND_OK &&
                (began || strncmp(ps->text, "SELECT", 6) == 0) &&
                (nb_pg_fail(p, ps->res), p->lost)) {
                PQclear(ps->res);
                ps->res = NULL;
                memcpy(p->pending, waiting, sizeof waiting); /* the transaction begins again */
                p->npending = nwaiting;
                p->fresh = began;
                continue;
            }
            break;
        }
        ExecStatusType st = PQresultStatus(ps->res);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            nb_pg_fail(p, ps->res);
            p->mismatch[0] = '\0'; /* reported */
            PQclear(ps->res);
            ps->res = NULL;
            return NB_DB_ERROR;
        }
        const char *tuples = PQcmdTuples(ps->res);
        p->changes = st == PGRES_COMMAND_OK && tuples[0] ? strtoll(tuples, NULL, 10) : 0;
        if (st == PGRES_TUPLES_OK && strncmp(PQcmdStatus(ps->res), "SELECT", 6) != 0)
            p->changes = strtoll(tuples, NULL, 10); /* INSERT ... RETURNING */
        p->total += p->changes;
        ps->nrows = PQntuples(ps->res);
        ps->row = -1;
        if (ps->returning) { /* the id is the driver's, not a row of the caller's */
            if (ps->nrows > 0)
                p->last_id = strtoll(PQgetvalue(ps->res, ps->nrows - 1, 0), NULL, 10);
            p->changes = ps->nrows;
            ps->nrows = 0;
        }
    }
    if (ps->row < ps->nrows)
        ps->row++;
    return ps->row < ps->nrows ? NB_DB_ROW : NB_DB_DONE;
}

static void nb_pg_reset(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    nb_pg_cursor_end(ps);
    PQclear(ps->res);
    ps->res = NULL;
    ps->row = ps->nrows = 0;
}

static void nb_pg_clear(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    nb_pg_reset(s);
    for (int i = 0; i < ps->nparams; i++) {
        free(ps->values[i]);
        ps->values[i] = NULL;
    }
}

static int nb_pg_busy(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    return ps->res != NULL && ps->row < ps->nrows;
}

static const char *nb_pg_sql(nb_db_stmt *s)
{
    return PSTMT(s)->sql;
}

/* The text with the values after it: the same statement with the same
 * values gives the same key. */
static char *nb_pg_expanded(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    size_t len = strlen(ps->sql) + 1;
    for (int i = 0; i < ps->nparams; i++)
        len += 3 + (ps->values[i] ? strlen(ps->values[i]) : 4);
    char *out = malloc(len);
    if (out == NULL)
        return NULL;
    size_t at = (size_t)snprintf(out, len, "%s", ps->sql);
    for (int i = 0; i < ps->nparams && at < len; i++)
        at += (size_t)snprintf(out + at, len - at, "\x1f%s%s", ps->values[i] ? "'" : "",
                               ps->values[i] ? ps->values[i] : "NULL");
    return out;
}

/* The current row's value of col, NULL for NULL or no row. */
static const char *nb_pg_value(nb_pg_stmt *ps, int col, size_t *len)
{
    if (ps->res == NULL || ps->row < 0 || ps->row >= ps->nrows || col < 0 ||
        col >= PQnfields(ps->res) || PQgetisnull(ps->res, ps->row, col)) {
        if (len != NULL)
            *len = 0;
        return NULL;
    }
    if (len != NULL)
        *len = (size_t)PQgetlength(ps->res, ps->row, col);
    return PQgetvalue(ps->res, ps->row, col);
}

/* Integers; booleans (a comparison in a select list) read as 1 and 0, and
 * numeric values (sum() of integers) are cut at the point, as SQLite does. */
static int64_t nb_pg_col_int(nb_db_stmt *s, int col)
{
    const char *v = nb_pg_value(PSTMT(s), col, NULL);
    if (v == NULL)
        return 0;
    if (v[0] == 't' && v[1] == '\0')
        return 1;
    if (v[0] == 'f' && v[1] == '\0')
        return 0;
    return strtoll(v, NULL, 10);
}

static double nb_pg_col_double(nb_db_stmt *s, int col)
{
    const char *v = nb_pg_value(PSTMT(s), col, NULL);
    return v ? strtod(v, NULL) : 0.0;
}

static const char *nb_pg_col_text(nb_db_stmt *s, int col, size_t *len)
{
    return nb_pg_value(PSTMT(s), col, len);
}

/* ---- Transactions and the rest --------------------------------------------- */

static int64_t nb_pg_last_id(nb_db *db)
{
    return PG(db)->last_id;
}

static int64_t nb_pg_changes(nb_db *db)
{
    return PG(db)->changes;
}

static int64_t nb_pg_total_changes(nb_db *db)
{
    return PG(db)->total;
}

static int nb_pg_in_tx(nb_db *db)
{
    if (PG(db)->fresh || PQstatus(PG(db)->c) == CONNECTION_BAD || PG(db)->lost)
        return PG(db)->tx; /* so that the caller's ROLLBACK ends it here too */
    PGTransactionStatusType t = PQtransactionStatus(PG(db)->c);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static int nb_pg_version_get(nb_db *db, int *out)
{
    nb_pg *p = PG(db);
    static const char sql[] = "SELECT max(version) FROM noaber_schema";
    if (p->nwrites > 0 && nb_pg_flush(p) != 0)
        return NB_DB_ERROR;
    /* Read in the transaction: what waits (its BEGIN, the lock) goes first. */
    char *joined = p->npending > 0 ? nb_pg_joined(p, sql) : NULL;
    if (p->npending > 0 && joined == NULL) {
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        return NB_DB_ERROR;
    }
    if (p->fresh && nb_pg_ready(p) != 0) {
        free(joined);
        return NB_DB_ERROR;
    }
    p->statements += p->npending + 1;
    p->trips++;
    p->npending = 0;
    p->fresh = 0;
    PGresult *res = PQexec(p->c, joined ? joined : sql);
    free(joined);
    int rc = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state != NULL && strcmp(state, "42P01") == 0) /* no such table: not a noaber db */
            *out = 0;
        else
            rc = nb_pg_fail(p, res);
    } else {
        *out = PQgetisnull(res, 0, 0) ? 0 : (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
    return rc;
}

static int nb_pg_version_set(nb_db *db, int version)
{
    char sql[120];
    snprintf(sql, sizeof sql,
             "DELETE FROM noaber_schema; INSERT INTO noaber_schema (version) VALUES (%d)", version);
    return nb_pg_exec(db, sql);
}

/* Another server's commit cannot be seen cheaply: no memo on PostgreSQL. */
static int nb_pg_data_version(nb_db *db, int64_t *out)
{
    (void)db;
    *out = -1;
    return 0;
}

const nb_db_driver nb_db_postgresql = {
    .name = "postgresql",
    .dialect = NB_DB_POSTGRESQL,
    .open = nb_pg_open,
    .close = nb_pg_close,
    .exec = nb_pg_exec,
    .prepare = nb_pg_prepare,
    .finalize = nb_pg_finalize,
    .bind_int = nb_pg_bind_int,
    .bind_double = nb_pg_bind_double,
    .bind_text = nb_pg_bind_text,
    .bind_null = nb_pg_bind_null,
    .step = nb_pg_step,
    .stream = nb_pg_stream,
    .exec_later = nb_pg_exec_later,
    .exec_later_one = nb_pg_exec_later_one,
    .reset = nb_pg_reset,
    .clear = nb_pg_clear,
    .busy = nb_pg_busy,
    .sql = nb_pg_sql,
    .expanded = nb_pg_expanded,
    .col_int = nb_pg_col_int,
    .col_double = nb_pg_col_double,
    .col_text = nb_pg_col_text,
    .error = nb_pg_error,
    .last_id = nb_pg_last_id,
    .changes = nb_pg_changes,
    .in_tx = nb_pg_in_tx,
    .begin = nb_pg_begin,
    .version_get = nb_pg_version_get,
    .version_set = nb_pg_version_set,
    .data_version = nb_pg_data_version,
    .total_changes = nb_pg_total_changes,
};
