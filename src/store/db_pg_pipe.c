/*
 * store/db_pg_pipe.c — the PostgreSQL driver's deferred commands and its
 * pipeline (part of store/db_pg.c, split off for size; shared state in
 * store/db_pg_int.h).
 *
 * Round trips. Every answer from the server costs a round trip to another
 * process, and a write holds the network's write lock through all of its
 * round trips, so the driver saves the ones whose answer nobody waits for:
 * BEGIN, the write lock (shared or not), and the group commit's SAVEPOINT, RELEASE and
 * ROLLBACK TO (nb_pg_deferrable) wait in a queue and go to the server with
 * the next statement, in one round trip (libpq's pipeline mode for a
 * prepared statement, one text of several statements for literal SQL). If
 * one of them fails, the statement sent with them does not run and reports
 * that failure; a transaction that ends before any statement reached the
 * server costs none. Writes whose answer nobody reads wait too
 * (nb_pg_exec_later), and so do the ones that must change exactly one row
 * (nb_pg_exec_later_one): their count is checked when their answer comes, and
 * a count other than one fails the statement they were sent with, as a failed
 * write would (NB_ECONFLICT; the server ran the rest, which the caller's
 * rollback undoes, so a work's writes go before its RELEASE, never with it).
 * Each connection counts its statements and round trips and logs both when
 * it closes (bench/pg.sh prints them).
 */
#include "store/db_pg_int.h"
#include "store/db.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The commands that wait for the next statement (see "Round trips" above):
 * they return no rows and the store acts on none of their answers but a
 * failure, which the statement sent with them reports instead (it does not
 * run after a failed one: the server skips it). Static texts, so that the
 * queue keeps pointers. The table entry for sql, or NULL.
 */
static const char *nb_pg_deferrable(const char *sql)
{
    static const char *const texts[] = {
        NB_PG_BEGIN_WRITE,     NB_PG_BEGIN_READ,    NB_PG_LOCK,
        NB_PG_LOCK_SHARED,     "SAVEPOINT nb_work", "RELEASE nb_work",
        "ROLLBACK TO nb_work",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(sql, texts[i]) == 0)
            return texts[i];
    return NULL;
}

/* Forgets what waits (a ROLLBACK undoes it anyway). */
void nb_pg_drop(nb_pg *p)
{
    for (int i = 0; i < p->npending; i++) {
        nb_pg_write *w = &p->writes[i];
        if (p->pending[i] != NULL || w->values == NULL)
            continue;
        for (int k = 0; k < w->nparams; k++)
            free(w->values[k]);
        free(w->values);
        w->values = NULL;
    }
    p->npending = 0;
    p->nwrites = 0;
    p->fresh = 0;
}

int nb_pg_flush(nb_pg *p);

/* Forgets the deferred writes (a ROLLBACK TO undoes them anyway), keeping
 * the deferred commands in their order. */
static void nb_pg_drop_writes(nb_pg *p)
{
    int kept = 0;
    for (int i = 0; i < p->npending; i++) {
        nb_pg_write *w = &p->writes[i];
        if (p->pending[i] == NULL) {
            for (int k = 0; k < w->nparams && w->values != NULL; k++)
                free(w->values[k]);
            free(w->values);
            w->values = NULL;
            continue;
        }
        p->pending[kept] = p->pending[i];
        kept++;
    }
    p->npending = kept;
    p->nwrites = 0;
}

/* The deferred commands (no writes among them) and then sql, as one text of several statements:
 * malloc'd, the caller frees it; NULL when out of memory. */
char *nb_pg_joined(const nb_pg *p, const char *sql)
{
    size_t len = strlen(sql) + 1;
    for (int i = 0; i < p->npending; i++)
        len += strlen(p->pending[i]) + 2;
    char *out = malloc(len);
    if (out == NULL)
        return NULL;
    size_t at = 0;
    for (int i = 0; i < p->npending; i++)
        at += (size_t)snprintf(out + at, len - at, "%s; ", p->pending[i]);
    snprintf(out + at, len - at, "%s", sql);
    return out;
}

/* Sends text (one or more statements, no parameters) and checks the last
 * answer; sql is the caller's own statement, for COMMIT's rule. */
static int nb_pg_exec_text(nb_pg *p, const char *text, const char *sql)
{
    PGresult *res = PQexec(p->c, text);
    p->trips++;
    ExecStatusType st = PQresultStatus(res);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        rc = nb_pg_fail(p, res);
        if (strcmp(sql, "COMMIT") == 0 && p->lost) {
            p->code = NB_EDB; /* sent, answer lost: written or not, nobody knows */
            snprintf(p->msg, sizeof p->msg, "the connection was lost during COMMIT");
        }
    }
    PQclear(res);
    return rc;
}

/* Runs sql (no parameters; in a transaction the deferrable commands wait,
 * the rest goes with what waits) and keeps its changed-row count. */
int nb_pg_exec(nb_db *db, const char *sql)
{
    nb_pg *p = PG(db);
    int ends = strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0;
    const char *later = p->tx ? nb_pg_deferrable(sql) : NULL;
    if (later != NULL) {
        /* A work's writes are sent before its savepoint ends, so that their
         * failure is the work's own: before its RELEASE, which then waits
         * for the next statement as well (the count of a write that must
         * change one row is checked on the client, after the server ran
         * what came with it: a RELEASE sent along could not be undone by
         * the ROLLBACK TO that follows such a failure). A ROLLBACK TO undoes
         * them: they are not sent at all. */
        if (p->nwrites > 0 && strncmp(later, "RELEASE", 7) == 0 && nb_pg_flush(p) != 0)
            return NB_DB_ERROR;
        if (p->nwrites > 0 && strncmp(later, "ROLLBACK", 8) == 0)
            nb_pg_drop_writes(p);
        if (p->npending == NB_PG_PENDING && nb_pg_flush(p) != 0)
            return NB_DB_ERROR;
        p->pending[p->npending++] = later;
        return 0;
    }
    if (ends && p->fresh) { /* nothing of the transaction reached the server */
        nb_pg_drop(p);
        p->tx = 0;
        return 0;
    }
    if (strcmp(sql, "ROLLBACK") == 0)
        nb_pg_drop(p); /* undone by the ROLLBACK anyway */
    if (p->nwrites > 0 && nb_pg_flush(p) != 0)
        return NB_DB_ERROR; /* the transaction's COMMIT fails with it */
    if ((!p->tx || p->fresh) && !ends && nb_pg_ready(p) != 0)
        return NB_DB_ERROR;
    if (ends) {
        p->tx = 0;
        p->cursor = NULL; /* closed with its transaction */
    }
    char *joined = p->npending > 0 ? nb_pg_joined(p, sql) : NULL;
    if (p->npending > 0 && joined == NULL) {
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        return NB_DB_ERROR;
    }
    int fresh = p->fresh;
    p->statements += p->npending + 1;
    p->npending = 0;
    p->fresh = 0;
    const char *text = joined ? joined : sql;
    int rc = nb_pg_exec_text(p, text, sql);
    if (rc != 0 && fresh && p->lost && nb_pg_ready(p) == 0) {
        p->tx = 1; /* broken since its last use: the transaction begins again */
        rc = nb_pg_exec_text(p, text, sql);
    }
    free(joined);
    return rc;
}

/*
 * Runs the prepared ps (NULL: none) with the deferred commands and writes
 * before it, in one round trip: libpq's pipeline mode sends them all and one
 * Sync, then reads their answers in order. The answer of the first deferred
 * one that failed (then nothing after it ran), else ps's; NULL when the
 * connection broke (its message is the connection's) or when ps is NULL and
 * all went well. *ok: everything was sent and no deferred one failed.
 * Without deferred ones a plain PQexecPrepared.
 */
PGresult *nb_pg_run(nb_pg *p, nb_pg_stmt *ps, int *ok)
{
    int n = p->npending;
    p->mismatch[0] = '\0';
    p->statements += n + (ps != NULL);
    p->trips++;
    *ok = 1;
    if (n == 0 && ps == NULL)
        return NULL;
    if (n == 0)
        return PQexecPrepared(p->c, ps->name, ps->nparams, (const char *const *)ps->values, NULL,
                              NULL, 0);
    int sent = PQenterPipelineMode(p->c) == 1;
    for (int i = 0; i < n && sent; i++) {
        const nb_pg_write *w = &p->writes[i];
        sent = p->pending[i] != NULL
                   ? PQsendQueryParams(p->c, p->pending[i], 0, NULL, NULL, NULL, NULL, 0)
                   : PQsendQueryPrepared(p->c, w->name, w->nparams, (const char *const *)w->values,
                                         NULL, NULL, 0);
    }
    if (sent && ps != NULL)
        sent = PQsendQueryPrepared(p->c, ps->name, ps->nparams, (const char *const *)ps->values,
                                   NULL, NULL, 0);
    if (sent)
        sent = PQpipelineSync(p->c);
    unsigned char one[NB_PG_PENDING]; /* which must change one row (the drop forgets it) */
    for (int i = 0; i < n; i++)
        one[i] = p->pending[i] == NULL && p->writes[i].one;
    nb_pg_drop(p);
    PGresult *bad = NULL, *res = NULL;
    /* Each command's answers end with a NULL; the Sync's answer ends it all.
     * Two NULLs in a row: the connection broke and nothing more comes. */
    for (int q = 0, nulls = 0; sent && nulls < 2;) {
        PGresult *r = PQgetResult(p->c);
        if (r == NULL) {
            nulls++;
            q++;
            continue;
        }
        nulls = 0;
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (q < n && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && bad == NULL) {
            bad = r;
        } else if (q == n && res == NULL) {
            res = r;
        } else {
            long long rows =
                q < n && PQcmdTuples(r)[0] != '\0' ? strtoll(PQcmdTuples(r), NULL, 10) : 0;
            p->total += rows; /* a write's rows */
            if (q < n && one[q] && rows != 1 && p->mismatch[0] == '\0')
                snprintf(p->mismatch, sizeof p->mismatch,
                         "a write changed %lld rows where it must change one: the row was "
                         "changed or removed since it was read",
                         rows);
            PQclear(r);
        }
    }
    if (PQpipelineStatus(p->c) != PQ_PIPELINE_OFF && PQexitPipelineMode(p->c) != 1)
        p->lost = 1; /* answers left unread: this connection is not usable as it is */
    if (sent && bad == NULL && p->mismatch[0] != '\0') {
        /* Everything ran, but the work is wrong: its statement fails (the
         * caller undoes the work), reported as the conflict by nb_pg_fail. */
        PQclear(res);
        *ok = 0;
        return PQmakeEmptyPGresult(p->c, PGRES_FATAL_ERROR);
    }
    *ok = sent && bad == NULL;
    if (bad != NULL || !sent) {
        PQclear(res);
        return bad;
    }
    return res;
}

/* Sends what waits, on its own (one round trip). Sent with its BEGIN on a
 * connection found broken, it is sent once more on a new one, as a
 * statement is (nb_pg_step). 0 or NB_DB_ERROR. */
int nb_pg_flush(nb_pg *p)
{
    const char *waiting[NB_PG_PENDING];
    int n = p->npending, began = p->fresh && p->nwrites == 0, rc = 0;
    memcpy(waiting, p->pending, sizeof waiting);
    for (int tries = began ? 2 : 1; n > 0 && tries > 0; tries--) {
        if (p->fresh && nb_pg_ready(p) != 0)
            return NB_DB_ERROR;
        int ok = 0;
        PGresult *r = nb_pg_run(p, NULL, &ok);
        rc = ok ? 0 : nb_pg_fail(p, r);
        p->mismatch[0] = '\0'; /* reported */
        PQclear(r);
        if (rc == 0 || !p->lost || tries == 1)
            break;
        memcpy(p->pending, waiting, sizeof waiting); /* the transaction begins again */
        p->npending = n;
        p->fresh = 1;
    }
    return rc;
}

/* Runs ps now outside a transaction (and before its BEGIN reached the
 * server); in one, keeps it with a copy of its values for the next round
 * trip (nb_pg_run). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
/* GCC 12's analyser loses the copies once they are stored in p->writes (seen
 * through the statement's cast pointer, as in nb_pg_bind): they are freed when
 * the write is sent or dropped (nb_pg_flush, nb_pg_drop). */
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
int nb_pg_exec_later(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    nb_pg *p = ps->db;
    if (!p->tx || p->fresh) {
        int r;
        while ((r = nb_pg_step(s)) == NB_DB_ROW)
            ;
        return r == NB_DB_DONE ? 0 : NB_DB_ERROR;
    }
    if (ps->epoch != p->epoch)
        ps->name[0] = '\0';
    if (ps->name[0] == '\0' && (nb_pg_flush(p) != 0 || nb_pg_server_prepare(ps) != 0))
        return NB_DB_ERROR;
    if (p->npending == NB_PG_PENDING && nb_pg_flush(p) != 0)
        return NB_DB_ERROR;
    nb_pg_write *w = &p->writes[p->npending];
    w->values = ps->nparams > 0 ? calloc((size_t)ps->nparams, sizeof *w->values) : NULL;
    int oom = ps->nparams > 0 && w->values == NULL;
    for (int i = 0; i < ps->nparams && !oom; i++)
        oom = ps->values[i] != NULL && (w->values[i] = strdup(ps->values[i])) == NULL;
    w->nparams = ps->nparams;
    w->one = 0;
    memcpy(w->name, ps->name, sizeof w->name);
    p->pending[p->npending++] = NULL;
    p->nwrites++;
    if (oom) { /* dropped by the ROLLBACK that follows the failure */
        p->code = NB_EDB;
        snprintf(p->msg, sizeof p->msg, "out of memory");
        return NB_DB_ERROR;
    }
    return 0;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/* As nb_pg_exec_later; a deferred write is marked to change one row, which
 * nb_pg_run checks when its answer comes. */
int nb_pg_exec_later_one(nb_db_stmt *s)
{
    nb_pg_stmt *ps = PSTMT(s);
    nb_pg *p = ps->db;
    int deferred = p->tx && !p->fresh;
    if (!deferred) { /* runs now: the count is checked here */
        int rc = nb_pg_exec_later(s);
        if (rc != 0 || p->changes == 1)
            return rc;
        snprintf(p->mismatch, sizeof p->mismatch,
                 "a write changed %lld rows where it must change one", (long long)p->changes);
        rc = nb_pg_fail(p, NULL);
        p->mismatch[0] = '\0';
        return rc;
    }
    int rc = nb_pg_exec_later(s);
    if (rc == 0)
        p->writes[p->npending - 1].one = 1;
    return rc;
}

int nb_pg_begin(nb_db *db, int write)
{
    nb_pg *p = PG(db);
    /* Whatever came before has ended: the BEGIN (and the write lock) wait
     * for the transaction's first statement. */
    nb_pg_drop(p);
    p->tx = 1;
    p->fresh = 1;
    p->cursor = NULL; /* a cursor of an earlier transaction ended with it */
    p->pending[p->npending++] = write ? NB_PG_BEGIN_WRITE : NB_PG_BEGIN_READ;
    if (write)
        p->pending[p->npending++] = write == NB_DB_WRITE_ROWS ? NB_PG_LOCK_SHARED : NB_PG_LOCK;
    return 0;
}
