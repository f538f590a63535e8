/*
 * store/store.c — the store's connection (a store/db.h driver), migrations,
 * statement cache, transactions, binding and stepping, audit log and
 * settings. The memo, the pages, the lookups by id and the column helpers are
 * in store_page.c; the connection's layout, which both use, in store_int.h.
 */
#include "store/store.h"
#include "store/store_int.h"

#include "store/migrations.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Texts made at run time kept at once; beyond it the oldest that nobody is
 * stepping is finalized (the shapes a request can ask for are many). */
#define NB_STORE_MAX_TEXTS 64

/* Copies of one SQL text in use at the same time (nested iterations); more
 * means a statement is left unreset, which is reported instead of growing. */
#define NB_STORE_MAX_COPIES 8

nb_db *nb_store_db(nb_store *st)
{
    return st->db;
}

int nb_store_schema_latest(void)
{
    return nb_migrations_count;
}

int nb_store_exec(nb_store *st, const char *sql, nb_err *err)
{
    if (st->drv->exec(st->db, sql) != 0) {
        const char *msg = NULL;
        NB_IGNORE(st->drv->error(st->db, &msg), "only the message is reported here");
        return nb_err_set(err, NB_EDB, "database: %s", msg ? msg : "?");
    }
    return 0;
}

int nb_store_bulk(nb_store *st, nb_err *err)
{
    if (st->drv->dialect != NB_DB_SQLITE)
        return 0;
    return nb_store_exec(st, "PRAGMA cache_size = -262144", err);
}

nb_db_dialect nb_store_dialect(const nb_store *st)
{
    return st->drv->dialect;
}

int nb_store_fail(nb_store *st, nb_err *err, const char *what)
{
    if (st->bind_failed) {
        st->bind_failed = 0;
        nb_log_error("database: %s: %s", what, st->bind_msg);
        return nb_err_set(err, NB_EDB, "%s: %s", what, st->bind_msg);
    }
    const char *msg = NULL;
    int code = st->drv->error(st->db, &msg);
    if (msg == NULL)
        msg = "?";
    /* The cause of a 500 or 503 goes to the log, not to the client. */
    if (code == NB_EDB)
        nb_log_error("database: %s: %s (%s)", what, msg, st->drv->name);
    else if (code == NB_EBUSY)
        nb_log_warn("database busy: %s: %s", what, msg);
    return nb_err_set(err, code, "%s: %s", what, msg);
}

/* The schema version into *out; NB_EDB or NB_EBUSY (message in err) when it
 * cannot be read. */
static int nb_store_user_version(nb_store *st, int *out, nb_err *err)
{
    if (st->drv->version_get(st->db, out) != 0) {
        const char *msg = NULL;
        int code = st->drv->error(st->db, &msg);
        return nb_err_set(err, code == NB_EBUSY ? NB_EBUSY : NB_EDB,
                          "cannot read the schema version: %s", msg ? msg : "?");
    }
    if (*out < 0)
        return nb_err_set(err, NB_EDB, "the schema version %d is not valid", *out);
    return 0;
}

int nb_store_schema_version(nb_store *st)
{
    int v = -1;
    return nb_store_user_version(st, &v, NULL) == 0 ? v : -1;
}

static int nb_store_migrate(nb_store *st, int have, nb_err *err)
{
    int rc = 0;
    const nb_migration *migrations =
        st->drv->dialect == NB_DB_POSTGRESQL ? nb_migrations_pg : nb_migrations;
    for (int i = have; i < nb_migrations_count; i++) {
        const nb_migration *m = &migrations[i];
        if (st->drv->begin(st->db, 1) != 0)
            return nb_store_fail(st, err, "migrate: begin");
        /* Re-read inside the write lock: another process may have migrated. */
        int now = 0;
        if ((rc = nb_store_user_version(st, &now, err)) != 0) {
            NB_IGNORE(nb_store_exec(st, "ROLLBACK", NULL),
                      "the first error is the one to report; nb_store_open then closes the "
                      "connection, and closing rolls back what is still open");
            return rc;
        }
        if (now > i) {
            if ((rc = nb_store_exec(st, "COMMIT", err)) != 0)
                return rc;
            continue;
        }
        rc = nb_store_exec(st, m->sql, err);
        if (rc == 0 && st->drv->version_set(st->db, m->version) != 0)
            rc = nb_store_fail(st, err, "schema version");
        if (rc == 0)
            rc = nb_store_exec(st, "COMMIT", err);
        if (rc != 0) {
            NB_IGNORE(nb_store_exec(st, "ROLLBACK", NULL),
                      "the migration's error is the one to report; nb_store_open then closes "
                      "the connection, and closing rolls back what is still open");
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
            return nb_err_set(err, NB_EDB, "migration %03d_%s failed: %s", m->version, m->name,
                              msg);
        }
    }
    return 0;
}

int nb_store_open(const char *path, int migrate, nb_store **out, nb_err *err)
{
    int rc = 0;
    nb_store *st = calloc(1, sizeof *st);
    *out = NULL;
    if (st == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    st->drv = nb_db_driver_for(path);
    if ((rc = st->drv->open(path, migrate, &st->db, err)) != 0)
        goto cleanup;
    int have = 0;
    if ((rc = nb_store_user_version(st, &have, err)) != 0)
        goto cleanup;
    if (have > nb_migrations_count) {
        rc = nb_err_set(err, NB_EDB,
                        "database '%s' has schema version %d, but this noaber knows only up to %d; "
                        "use a newer noaber",
                        path, have, nb_migrations_count);
        goto cleanup;
    }
    if (have < nb_migrations_count) {
        if (!migrate) {
            rc = nb_err_set(
                err, NB_EDB,
                "database '%s' has schema version %d, expected %d; run 'noaber init --db %s'", path,
                have, nb_migrations_count, path);
            goto cleanup;
        }
        if ((rc = nb_store_migrate(st, have, err)) != 0)
            goto cleanup;
    }
    *out = st;
    st = NULL;
cleanup:
    nb_store_close(st);
    return rc;
}

int nb_store_ping(nb_store *st, int *version, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, "SELECT count(*) FROM settings", err);
    if (s == NULL)
        return NB_EDB;
    int rc = nb_store_step(st, s);
    nb_db_reset(s);
    if (rc != NB_DB_ROW)
        return nb_store_fail(st, err, "ping");
    *version = nb_store_schema_version(st);
    return 0;
}

void nb_store_close(nb_store *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < st->ncache; i++) {
        st->drv->finalize(st->cache[i].stmt);
        if (st->cache[i].owned)
            free((char *)(uintptr_t)st->cache[i].sql);
    }
    free(st->cache);
    nb_store_memo_clear(st);
    if (st->db != NULL)
        st->drv->close(st->db);
    free(st);
}

/* Literal SQL whose failure is mapped like a statement's (busy → NB_EBUSY). */
static int nb_store_exec_mapped(nb_store *st, const char *sql, nb_err *err)
{
    if (st->drv->exec(st->db, sql) != 0)
        return nb_store_fail(st, err, sql);
    return 0;
}

/* nb_store_exec_mapped for the driver's begin. */
static int nb_store_begin_mapped(nb_store *st, int write, nb_err *err)
{
    if (st->drv->begin(st->db, write) != 0)
        return nb_store_fail(st, err, write ? "begin" : "begin read");
    return 0;
}

/* Forgets every lasting id (nb_store_lasting_get). */
static void nb_store_lasting_clear(nb_store *st)
{
    memset(st->lasting, 0, sizeof st->lasting);
    st->lasting_next = 0;
}

int nb_store_lasting_get(nb_store *st, int kind, int64_t key, int64_t *id)
{
    if (!st->writing)
        return 0;
    for (int i = 0; i < NB_STORE_LASTING; i++)
        if (st->lasting[i].kind == kind && st->lasting[i].key == key) {
            *id = st->lasting[i].id;
            return 1;
        }
    return 0;
}

void nb_store_lasting_put(nb_store *st, int kind, int64_t key, int64_t id)
{
    if (!st->writing || kind == 0)
        return;
    int slot = -1;
    for (int i = 0; i < NB_STORE_LASTING && slot < 0; i++)
        if (st->lasting[i].kind == 0 || (st->lasting[i].kind == kind && st->lasting[i].key == key))
            slot = i;
    if (slot < 0) {
        slot = st->lasting_next;
        st->lasting_next = (st->lasting_next + 1) % NB_STORE_LASTING;
    }
    st->lasting[slot] = (nb_store_lasting_entry){kind, key, id};
}

/* A write transaction of kind write (NB_DB_WRITE or NB_DB_WRITE_ROWS). */
static int nb_store_begin_write(nb_store *st, int write, nb_err *err)
{
    if (st->in_tx) /* the last one ended without nb_store_commit or _rollback */
        nb_store_lasting_clear(st);
    st->bind_failed = 0;
    nb_store_memo_clear(st); /* what the write reads and changes is never memoised */
    st->writing = write;
    st->memo_synced = 0;
    int rc = nb_store_begin_mapped(st, write, err);
    if (rc == 0)
        st->in_tx = 1;
    else
        st->writing = 0;
    if (rc == NB_EBUSY)
        rc = nb_err_set(err, NB_EBUSY, "database is busy; try again");
    return rc;
}

int nb_store_begin(nb_store *st, nb_err *err)
{
    return nb_store_begin_write(st, NB_DB_WRITE, err);
}

int nb_store_begin_rows(nb_store *st, nb_err *err)
{
    return nb_store_begin_write(st, NB_DB_WRITE_ROWS, err);
}

int nb_store_row_locked(const nb_store *st)
{
    if (!st->in_tx || st->writing != NB_DB_WRITE_ROWS || st->drv->dialect != NB_DB_POSTGRESQL)
        return 0;
    return st->lock_nowait ? NB_STORE_LOCK_NOWAIT : NB_STORE_LOCK_WAIT;
}

void nb_store_lock_mode(nb_store *st, int nowait)
{
    st->lock_nowait = nowait;
    st->lock_busy = 0;
}

int nb_store_lock_busy(const nb_store *st)
{
    return st->lock_busy;
}

int nb_store_lock_fail(nb_store *st, nb_err *err, const char *what)
{
    const char *msg = NULL;
    if (st->lock_nowait && !st->bind_failed && st->drv->error(st->db, &msg) == NB_EBUSY) {
        st->lock_busy = 1; /* expected under contention: the work runs again, no warning */
        nb_log_debug("database: %s: row taken, the work waits for the next batch", what);
        return nb_err_set(err, NB_EBUSY, "%s: %s", what, msg ? msg : "?");
    }
    return nb_store_fail(st, err, what);
}

int nb_store_begin_read(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    st->memo_synced = 0;
    int rc = nb_store_begin_mapped(st, 0, err);
    if (rc == 0)
        st->in_tx = 1;
    return rc;
}

int nb_store_commit(nb_store *st, nb_err *err)
{
    int rc = nb_store_exec_mapped(st, "COMMIT", err);
    if (rc != 0)
        nb_store_rollback(st);
    st->in_tx = 0;
    st->writing = 0;
    st->memo_synced = 0;
    nb_store_lock_mode(st, 0);
    return rc;
}

void nb_store_rollback(nb_store *st)
{
    nb_err e = {0};
    nb_store_lasting_clear(st); /* an id may have been made by the undone writes */
    if (st->drv->in_tx(st->db) && nb_store_exec(st, "ROLLBACK", &e) != 0)
        nb_log_error("database: ROLLBACK failed: %s", e.msg);
    st->in_tx = 0;
    st->writing = 0;
    st->memo_synced = 0;
    st->bind_failed = 0;
    nb_store_lock_mode(st, 0);
}

int nb_store_savepoint(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    return nb_store_exec_mapped(st, "SAVEPOINT nb_work", err);
}

int nb_store_release(nb_store *st, nb_err *err)
{
    return nb_store_exec_mapped(st, "RELEASE nb_work", err);
}

int nb_store_rollback_to(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    nb_store_lasting_clear(st);
    int rc = nb_store_exec_mapped(st, "ROLLBACK TO nb_work", err);
    if (rc == 0)
        rc = nb_store_exec_mapped(st, "RELEASE nb_work", err);
    return rc;
}

int nb_store_in_tx(nb_store *st)
{
    return st->drv->in_tx(st->db);
}

/* The hint's slot of a static text: its address, mixed. */
static unsigned nb_store_hint_slot(const char *sql)
{
    uintptr_t a = (uintptr_t)sql;
    return (unsigned)((a >> 3) ^ (a >> 11) ^ (a >> 19)) & (NB_STORE_HINTS - 1);
}

/* Appends (sql, s) to the cache; owned: sql is a copy to free. NB_ENOMEM
 * (s finalized) when the cache cannot grow. */
static int nb_store_cache_add(nb_store *st, const char *sql, nb_db_stmt *s, int owned, nb_err *err)
{
    if (st->ncache == st->capcache) {
        int cap = st->capcache ? st->capcache * 2 : 64;
        nb_store_cached *c = realloc(st->cache, (size_t)cap * sizeof *c);
        if (c == NULL) {
            st->drv->finalize(s);
            return nb_err_set(err, NB_ENOMEM, "out of memory");
        }
        st->cache = c;
        st->capcache = cap;
    }
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].stmt = s;
    st->cache[st->ncache].owned = owned;
    st->ncache++;
    if (!owned) { /* a copy (the text in use up the stack) leaves the first as the hint */
        unsigned slot = nb_store_hint_slot(sql);
        int h = st->hint[slot] - 1;
        if (h < 0 || h >= st->ncache - 1 || st->cache[h].sql != sql)
            st->hint[slot] = st->ncache;
    }
    st->ntexts += owned;
    return 0;
}

/* A cached statement for sql that nobody is stepping, reset; NULL if none.
 * by_text compares owned texts by content, else static texts by address.
 * *copies counts the entries for sql in use. */
static nb_db_stmt *nb_store_cache_find(nb_store *st, const char *sql, int by_text, int *copies)
{
    *copies = 0;
    unsigned slot = nb_store_hint_slot(sql);
    if (!by_text) { /* the hint first: an approval looks up ~40 of ~150 texts */
        int h = st->hint[slot] - 1;
        if (h >= 0 && h < st->ncache && st->cache[h].sql == sql && !st->cache[h].owned &&
            !st->drv->busy(st->cache[h].stmt)) {
            st->drv->clear(st->cache[h].stmt);
            return st->cache[h].stmt;
        }
    }
    for (int i = 0; i < st->ncache; i++) {
        const nb_store_cached *c = &st->cache[i];
        if (by_text ? !c->owned || strcmp(c->sql, sql) != 0 : c->sql != sql)
            continue;
        if (st->drv->busy(c->stmt)) { /* a caller up the stack is stepping it */
            (*copies)++;
            continue;
        }
        if (!by_text && *copies == 0)
            st->hint[slot] = i + 1;
        st->drv->clear(c->stmt);
        return c->stmt;
    }
    return NULL;
}

/* Prepares sql; NULL (reported) on failure or too many copies in use. */
static nb_db_stmt *nb_store_prepare(nb_store *st, const char *sql, int copies, nb_err *err)
{
    if (copies >= NB_STORE_MAX_COPIES) {
        nb_log_error("database: statement used %d times at once (left unreset?): %.80s", copies,
                     sql);
        nb_err_set(err, NB_EDB, "prepare: statement nested too deeply");
        return NULL;
    }
    nb_db_stmt *s = NULL;
    if (st->drv->prepare(st->db, sql, &s) != 0) {
        NB_IGNORE(nb_store_fail(st, err, "prepare"),
                  "called for its message and log line; NULL tells the caller, who reports "
                  "NB_EDB");
        return NULL;
    }
    return s;
}

nb_db_stmt *nb_store_stmt(nb_store *st, const char *sql, nb_err *err)
{
    int copies = 0;
    nb_db_stmt *s = nb_store_cache_find(st, sql, 0, &copies);
    if (s != NULL)
        return s;
    if ((s = nb_store_prepare(st, sql, copies, err)) == NULL)
        return NULL;
    return nb_store_cache_add(st, sql, s, 0, err) == 0 ? s : NULL;
}

/* GCC 12 -fanalyzer: "leak of copy" is a false positive; copy is stored in the
 * statement cache (nb_store_cache_add), which nb_store_close frees. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
nb_db_stmt *nb_store_stmt_text(nb_store *st, const char *sql, nb_err *err)
{
    int copies = 0;
    nb_db_stmt *s = nb_store_cache_find(st, sql, 1, &copies);
    if (s != NULL)
        return s;
    /* Make room: the oldest text nobody is stepping goes. */
    for (int i = 0; st->ntexts >= NB_STORE_MAX_TEXTS && i < st->ncache; i++) {
        nb_store_cached *c = &st->cache[i];
        if (!c->owned || st->drv->busy(c->stmt))
            continue;
        st->drv->finalize(c->stmt);
        free((char *)(uintptr_t)c->sql);
        memmove(c, c + 1, (size_t)(st->ncache - i - 1) * sizeof *c);
        st->ncache--;
        st->ntexts--;
        break;
    }
    if ((s = nb_store_prepare(st, sql, copies, err)) == NULL)
        return NULL;
    char *copy = strdup(sql);
    if (copy == NULL) {
        st->drv->finalize(s);
        nb_err_set(err, NB_ENOMEM, "out of memory");
        return NULL;
    }
    if (nb_store_cache_add(st, copy, s, 1, err) != 0) {
        free(copy);
        return NULL;
    }
    /* copy is owned by the cache entry now (freed when the entry goes or the store closes) */
    /* NOLINTNEXTLINE(clang-analyzer-unix.Malloc): stored in st->cache by nb_store_cache_add */
    return s;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/* Records the first failed bind; the next nb_store_step refuses to run. */
static void nb_store_bind_failed(nb_store *st, nb_db_stmt *s, int n, const char *why)
{
    if (st->bind_failed)
        return;
    st->bind_failed = 1;
    snprintf(st->bind_msg, sizeof st->bind_msg, "bind $%d: %s (in: %.80s)", n, why,
             st->drv->sql(s));
}

/* Records why a bind of $n failed (why NULL: it did not). */
static void nb_store_bind_check(nb_store *st, nb_db_stmt *s, int n, const char *why)
{
    if (why != NULL)
        nb_store_bind_failed(st, s, n, why);
}

void nb_store_bind_int(nb_store *st, nb_db_stmt *s, int n, int64_t v)
{
    nb_store_bind_check(st, s, n, st->drv->bind_int(s, n, v));
}

void nb_store_bind_double(nb_store *st, nb_db_stmt *s, int n, double v)
{
    nb_store_bind_check(st, s, n, st->drv->bind_double(s, n, v));
}

void nb_store_bind_text(nb_store *st, nb_db_stmt *s, int n, const char *v)
{
    nb_store_bind_check(st, s, n, v ? st->drv->bind_text(s, n, v) : st->drv->bind_null(s, n));
}

void nb_store_bind_null(nb_store *st, nb_db_stmt *s, int n)
{
    nb_store_bind_check(st, s, n, st->drv->bind_null(s, n));
}

void nb_store_bind_ids(nb_store *st, nb_db_stmt *s, int n, const int64_t *ids, size_t count)
{
    nb_buf list = NB_BUF_INIT;
    nb_buf_putc(&list, '[');
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            nb_buf_putc(&list, ',');
        nb_buf_put_i64(&list, ids[i]);
    }
    nb_buf_putc(&list, ']');
    nb_store_bind_check(st, s, n,
                        list.oom ? "out of memory" : st->drv->bind_text(s, n, nb_buf_cstr(&list)));
    nb_buf_free(&list);
}

void nb_store_bind_opt_id(nb_store *st, nb_db_stmt *s, int n, int64_t v)
{
    if (v > 0)
        nb_store_bind_int(st, s, n, v);
    else
        nb_store_bind_null(st, s, n);
}

int nb_store_step(nb_store *st, nb_db_stmt *s)
{
    if (st->bind_failed)
        return NB_DB_ERROR; /* nb_store_fail reports the bind */
    return st->drv->step(s);
}

int nb_store_exec_stmt(nb_store *st, nb_db_stmt *s, nb_err *err)
{
    int r;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW)
        ;
    if (r != NB_DB_DONE) {
        int rc = nb_store_fail(st, err, "database");
        nb_db_reset(s);
        return rc;
    }
    nb_db_reset(s);
    return 0;
}

int nb_store_exec_later(nb_store *st, nb_db_stmt *s, nb_err *err)
{
    if (st->bind_failed)
        return nb_store_exec_stmt(st, s, err); /* reports the bind */
    int rc = st->drv->exec_later(s) == 0 ? 0 : nb_store_fail(st, err, "database");
    nb_db_reset(s);
    return rc;
}

int nb_store_exec_later_one(nb_store *st, nb_db_stmt *s, nb_err *err)
{
    if (st->bind_failed || st->drv->exec_later_one == NULL) {
        int rc = nb_store_exec_stmt(st, s, err);
        if (rc == 0 && st->drv->changes(st->db) != 1)
            rc = NB_ENOTFOUND;
        return rc;
    }
    int rc = st->drv->exec_later_one(s) == 0 ? 0 : nb_store_fail(st, err, "database");
    nb_db_reset(s);
    return rc;
}

int64_t nb_store_last_id(nb_store *st)
{
    return st->drv->last_id(st->db);
}

int nb_store_changes(nb_store *st)
{
    return (int)st->drv->changes(st->db);
}

int nb_store_audit(nb_store *st, const nb_actor *who, const char *action, const char *entity,
                   int64_t entity_id, const char *detail_json, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO audit_log (at, actor, role, remote, action, entity, entity_id, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, now);
    nb_store_bind_text(st, s, 2, who && who->name ? who->name : "");
    nb_store_bind_text(st, s, 3, who && who->role ? who->role : "");
    nb_store_bind_text(st, s, 4, who && who->remote ? who->remote : "");
    nb_store_bind_text(st, s, 5, action);
    nb_store_bind_text(st, s, 6, entity);
    if (entity_id > 0)
        nb_store_bind_int(st, s, 7, entity_id);
    else
        nb_store_bind_null(st, s, 7);
    nb_store_bind_text(st, s, 8, detail_json ? detail_json : "{}");
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

int nb_store_setting_get(nb_store *st, const char *key, char *out, size_t outlen, nb_err *err)
{
    static const char sql[] = "SELECT value FROM settings WHERE key = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        snprintf(out, outlen, "%s", nb_store_col_text(s, 0));
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "setting '%s' is not set", key);
    else
        rc = nb_store_fail(st, err, "setting");
    nb_db_reset(s);
    return rc;
}

int nb_store_setting_set(nb_store *st, const char *key, const char *value, nb_err *err)
{
    static const char sql[] = "INSERT INTO settings (key, value) VALUES ($1, $2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    nb_store_bind_text(st, s, 2, value);
    return nb_store_exec_stmt(st, s, err);
}

int nb_store_setting_delete(nb_store *st, const char *key, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, "DELETE FROM settings WHERE key = $1", err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    return nb_store_exec_stmt(st, s, err);
}
