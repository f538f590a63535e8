/*
 * store/store.c — SQLite connection, migrations, statement cache, audit log.
 */
#include "store/store.h"

#include "store/migrations.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cached statements, keyed by the address of their static SQL text. The cache
 * grows and never evicts, so a statement being stepped is never finalized under
 * its reader. A text may have several entries: nb_store_stmt hands out one that
 * nobody is stepping (sqlite3_stmt_busy), so a callee never resets the
 * statement its caller is iterating. */
typedef struct nb_store_cached {
    const char *sql;
    sqlite3_stmt *stmt;
    int owned; /* sql is the store's copy of a text made at run time (nb_store_stmt_text) */
} nb_store_cached;

/* Texts made at run time kept at once; beyond it the oldest that nobody is
 * stepping is finalized (the shapes a request can ask for are many). */
#define NB_STORE_MAX_TEXTS 64

/* Copies of one SQL text in use at the same time (nested iterations); more
 * means a statement is left unreset, which is reported instead of growing. */
#define NB_STORE_MAX_COPIES 8

/* The memo (nb_store_memo_*): values read from the database, kept per
 * connection while the database is unchanged. */
#define NB_STORE_MEMO_SLOTS 32

typedef struct nb_store_memo_entry {
    char *key; /* owned; NULL = free slot */
    size_t size;
    unsigned char value[NB_STORE_MEMO_VALUE];
} nb_store_memo_entry;

struct nb_store {
    sqlite3 *db;
    nb_store_cached *cache;
    int ncache, capcache;
    int ntexts; /* owned entries in cache */
    int in_tx;
    int writing;     /* a write transaction is open (nb_store_begin): the memo is off */
    int memo_synced; /* the memo was checked in the open read transaction */
    int64_t memo_data, memo_changes; /* the version the memo's entries were read at */
    int memo_next;                   /* the slot replaced next when all are taken */
    nb_store_memo_entry memo[NB_STORE_MEMO_SLOTS];
    int bind_failed;    /* a bind failed since the last step; see nb_store_step */
    char bind_msg[200]; /* what failed (first failure) */
};

/* ---- The memo --------------------------------------------------------------- */

/* Forgets every memoised value. */
static void nb_store_memo_clear(nb_store *st)
{
    for (int i = 0; i < NB_STORE_MEMO_SLOTS; i++) {
        free(st->memo[i].key);
        st->memo[i].key = NULL;
    }
    st->memo_next = 0;
}

int nb_store_memo_sync(nb_store *st, nb_err *err)
{
    static const char sql[] = "PRAGMA data_version";
    if (st->writing)
        return 0;
    if (st->in_tx && st->memo_synced)
        return 1;
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    if (nb_store_step(st, s) != SQLITE_ROW) {
        int rc = nb_store_fail(st, err, "data version");
        sqlite3_reset(s);
        return rc;
    }
    int64_t data = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    int64_t changes = (int64_t)sqlite3_total_changes64(st->db);
    if (data != st->memo_data || changes != st->memo_changes) {
        nb_store_memo_clear(st);
        st->memo_data = data;
        st->memo_changes = changes;
    }
    st->memo_synced = st->in_tx;
    return 1;
}

int nb_store_memo_get(nb_store *st, const char *key, void *out, size_t size)
{
    if (st->writing)
        return 0;
    if ((int64_t)sqlite3_total_changes64(st->db) != st->memo_changes) {
        nb_store_memo_clear(st); /* written on this connection since the sync */
        return 0;
    }
    for (int i = 0; i < NB_STORE_MEMO_SLOTS; i++) {
        const nb_store_memo_entry *e = &st->memo[i];
        if (e->key && e->size == size && strcmp(e->key, key) == 0) {
            memcpy(out, e->value, size);
            return 1;
        }
    }
    return 0;
}

void nb_store_memo_put(nb_store *st, const char *key, const void *value, size_t size)
{
    if (st->writing || size > NB_STORE_MEMO_VALUE ||
        (int64_t)sqlite3_total_changes64(st->db) != st->memo_changes)
        return;
    int slot = -1;
    for (int i = 0; i < NB_STORE_MEMO_SLOTS && slot < 0; i++)
        if (st->memo[i].key == NULL || strcmp(st->memo[i].key, key) == 0)
            slot = i;
    if (slot < 0) {
        slot = st->memo_next;
        st->memo_next = (st->memo_next + 1) % NB_STORE_MEMO_SLOTS;
    }
    nb_store_memo_entry *e = &st->memo[slot];
    if (e->key == NULL || strcmp(e->key, key) != 0) {
        char *copy = strdup(key);
        if (copy == NULL)
            return; /* not memoised: the next read asks the database again */
        free(e->key);
        e->key = copy;
    }
    e->size = size;
    memcpy(e->value, value, size);
}

sqlite3 *nb_store_db(nb_store *st)
{
    return st->db;
}

int nb_store_schema_latest(void)
{
    return nb_migrations_count;
}

int nb_store_exec(nb_store *st, const char *sql, nb_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        nb_err_set(err, NB_EDB, "database: %s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return NB_EDB;
    }
    return 0;
}

int nb_store_is_busy_code(int sqlite_rc)
{
    return (sqlite_rc & 0xff) == SQLITE_BUSY || (sqlite_rc & 0xff) == SQLITE_LOCKED;
}

int nb_store_fail(nb_store *st, nb_err *err, const char *what)
{
    if (st->bind_failed) {
        st->bind_failed = 0;
        nb_log_error("database: %s: %s", what, st->bind_msg);
        return nb_err_set(err, NB_EDB, "%s: %s", what, st->bind_msg);
    }
    int ext = sqlite3_extended_errcode(st->db);
    int code = NB_EDB;
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        code = NB_ECONFLICT;
    else if (nb_store_is_busy_code(ext))
        code = NB_EBUSY;
    /* The cause of a 500 or 503 goes to the log, not to the client. */
    if (code == NB_EDB)
        nb_log_error("database: %s: %s (sqlite %d)", what, sqlite3_errmsg(st->db), ext);
    else if (code == NB_EBUSY)
        nb_log_warn("database busy: %s: %s", what, sqlite3_errmsg(st->db));
    return nb_err_set(err, code, "%s: %s", what, sqlite3_errmsg(st->db));
}

/* PRAGMA user_version into *out; NB_EDB (message in err) when it cannot be read. */
static int nb_store_user_version(nb_store *st, int *out, nb_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (r != SQLITE_ROW)
        return nb_err_set(err, nb_store_is_busy_code(r) ? NB_EBUSY : NB_EDB,
                          "cannot read the schema version: %s", sqlite3_errmsg(st->db));
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
    for (int i = have; i < nb_migrations_count; i++) {
        const nb_migration *m = &nb_migrations[i];
        char pragma[64];
        if ((rc = nb_store_exec(st, "BEGIN IMMEDIATE", err)) != 0)
            return rc;
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
        if (rc == 0) {
            snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
            rc = nb_store_exec(st, pragma, err);
        }
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
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (migrate ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        rc = nb_err_set(err, NB_EDB, "cannot open database '%s': %s%s", path,
                        st->db ? sqlite3_errmsg(st->db) : "out of memory",
                        migrate ? "" : " (create it with 'noaber init --db FILE')");
        goto cleanup;
    }
    sqlite3_busy_timeout(st->db, 5000);
    sqlite3_extended_result_codes(st->db, 1);
    if ((rc = nb_store_exec(st, "PRAGMA journal_mode = WAL", err)) != 0 ||
        (rc = nb_store_exec(st, "PRAGMA foreign_keys = ON", err)) != 0 ||
        (rc = nb_store_exec(st, "PRAGMA synchronous = FULL", err)) != 0)
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
    sqlite3_stmt *s = nb_store_stmt(st, "SELECT count(*) FROM settings", err);
    if (s == NULL)
        return NB_EDB;
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return nb_store_fail(st, err, "ping");
    *version = nb_store_schema_version(st);
    return 0;
}

void nb_store_close(nb_store *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < st->ncache; i++) {
        sqlite3_finalize(st->cache[i].stmt);
        if (st->cache[i].owned)
            free((char *)(uintptr_t)st->cache[i].sql);
    }
    free(st->cache);
    nb_store_memo_clear(st);
    sqlite3_close(st->db);
    free(st);
}

/* Literal SQL whose failure is mapped like a statement's (busy → NB_EBUSY). */
static int nb_store_exec_mapped(nb_store *st, const char *sql, nb_err *err)
{
    if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return nb_store_fail(st, err, sql);
    return 0;
}

int nb_store_begin(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    nb_store_memo_clear(st); /* what the write reads and changes is never memoised */
    st->writing = 1;
    st->memo_synced = 0;
    int rc = nb_store_exec_mapped(st, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        st->in_tx = 1;
    else
        st->writing = 0;
    if (rc == NB_EBUSY)
        rc = nb_err_set(err, NB_EBUSY, "database is busy; try again");
    return rc;
}

int nb_store_begin_read(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    st->memo_synced = 0;
    int rc = nb_store_exec_mapped(st, "BEGIN", err);
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
    return rc;
}

void nb_store_rollback(nb_store *st)
{
    if (!sqlite3_get_autocommit(st->db) && nb_store_exec(st, "ROLLBACK", NULL) != 0)
        nb_log_error("database: ROLLBACK failed: %s", sqlite3_errmsg(st->db));
    st->in_tx = 0;
    st->writing = 0;
    st->memo_synced = 0;
    st->bind_failed = 0;
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
    int rc = nb_store_exec_mapped(st, "ROLLBACK TO nb_work", err);
    if (rc == 0)
        rc = nb_store_exec_mapped(st, "RELEASE nb_work", err);
    return rc;
}

int nb_store_in_tx(nb_store *st)
{
    return !sqlite3_get_autocommit(st->db);
}

/* Appends (sql, s) to the cache; owned: sql is a copy to free. NB_ENOMEM
 * (s finalized) when the cache cannot grow. */
static int nb_store_cache_add(nb_store *st, const char *sql, sqlite3_stmt *s, int owned,
                              nb_err *err)
{
    if (st->ncache == st->capcache) {
        int cap = st->capcache ? st->capcache * 2 : 64;
        nb_store_cached *c = realloc(st->cache, (size_t)cap * sizeof *c);
        if (c == NULL) {
            sqlite3_finalize(s);
            return nb_err_set(err, NB_ENOMEM, "out of memory");
        }
        st->cache = c;
        st->capcache = cap;
    }
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].stmt = s;
    st->cache[st->ncache].owned = owned;
    st->ncache++;
    st->ntexts += owned;
    return 0;
}

/* A cached statement for sql that nobody is stepping, reset; NULL if none.
 * by_text compares owned texts by content, else static texts by address.
 * *copies counts the entries for sql in use. */
static sqlite3_stmt *nb_store_cache_find(nb_store *st, const char *sql, int by_text, int *copies)
{
    *copies = 0;
    for (int i = 0; i < st->ncache; i++) {
        const nb_store_cached *c = &st->cache[i];
        if (by_text ? !c->owned || strcmp(c->sql, sql) != 0 : c->sql != sql)
            continue;
        if (sqlite3_stmt_busy(c->stmt)) { /* a caller up the stack is stepping it */
            (*copies)++;
            continue;
        }
        sqlite3_reset(c->stmt);
        sqlite3_clear_bindings(c->stmt);
        return c->stmt;
    }
    return NULL;
}

/* Prepares sql; NULL (reported) on failure or too many copies in use. */
static sqlite3_stmt *nb_store_prepare(nb_store *st, const char *sql, int copies, nb_err *err)
{
    if (copies >= NB_STORE_MAX_COPIES) {
        nb_log_error("database: statement used %d times at once (left unreset?): %.80s", copies,
                     sql);
        nb_err_set(err, NB_EDB, "prepare: statement nested too deeply");
        return NULL;
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        NB_IGNORE(nb_store_fail(st, err, "prepare"),
                  "called for its message and log line; NULL tells the caller, who reports "
                  "NB_EDB");
        sqlite3_finalize(s);
        return NULL;
    }
    return s;
}

sqlite3_stmt *nb_store_stmt(nb_store *st, const char *sql, nb_err *err)
{
    int copies = 0;
    sqlite3_stmt *s = nb_store_cache_find(st, sql, 0, &copies);
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
sqlite3_stmt *nb_store_stmt_text(nb_store *st, const char *sql, nb_err *err)
{
    int copies = 0;
    sqlite3_stmt *s = nb_store_cache_find(st, sql, 1, &copies);
    if (s != NULL)
        return s;
    /* Make room: the oldest text nobody is stepping goes. */
    for (int i = 0; st->ntexts >= NB_STORE_MAX_TEXTS && i < st->ncache; i++) {
        nb_store_cached *c = &st->cache[i];
        if (!c->owned || sqlite3_stmt_busy(c->stmt))
            continue;
        sqlite3_finalize(c->stmt);
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
        sqlite3_finalize(s);
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
static void nb_store_bind_failed(nb_store *st, sqlite3_stmt *s, int n, const char *why)
{
    if (st->bind_failed)
        return;
    st->bind_failed = 1;
    snprintf(st->bind_msg, sizeof st->bind_msg, "bind $%d: %s (in: %.80s)", n, why,
             sqlite3_sql(s) ? sqlite3_sql(s) : "?");
}

/* The index of $n in s, or 0 after recording an unknown name. */
static int nb_store_param(nb_store *st, sqlite3_stmt *s, int n)
{
    char name[16];
    snprintf(name, sizeof name, "$%d", n);
    int i = sqlite3_bind_parameter_index(s, name);
    if (i <= 0)
        nb_store_bind_failed(st, s, n, "the statement has no such parameter");
    return i;
}

static void nb_store_bind_check(nb_store *st, sqlite3_stmt *s, int n, int r)
{
    if (r != SQLITE_OK)
        nb_store_bind_failed(st, s, n, sqlite3_errstr(r));
}

void nb_store_bind_int(nb_store *st, sqlite3_stmt *s, int n, int64_t v)
{
    int i = nb_store_param(st, s, n);
    if (i > 0)
        nb_store_bind_check(st, s, n, sqlite3_bind_int64(s, i, v));
}

void nb_store_bind_text(nb_store *st, sqlite3_stmt *s, int n, const char *v)
{
    int i = nb_store_param(st, s, n);
    if (i <= 0)
        return;
    if (v == NULL)
        nb_store_bind_check(st, s, n, sqlite3_bind_null(s, i));
    else
        nb_store_bind_check(st, s, n, sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT));
}

void nb_store_bind_null(nb_store *st, sqlite3_stmt *s, int n)
{
    int i = nb_store_param(st, s, n);
    if (i > 0)
        nb_store_bind_check(st, s, n, sqlite3_bind_null(s, i));
}

void nb_store_bind_opt_id(nb_store *st, sqlite3_stmt *s, int n, int64_t v)
{
    if (v > 0)
        nb_store_bind_int(st, s, n, v);
    else
        nb_store_bind_null(st, s, n);
}

int nb_store_step(nb_store *st, sqlite3_stmt *s)
{
    if (st->bind_failed)
        return SQLITE_MISUSE; /* nb_store_fail reports the bind */
    return sqlite3_step(s);
}

/* Binds the filter and the page (limit, offset at limit_param and the next
 * parameter) to the list statement s and calls each for every row; the
 * caller resets or finalises s. Returns 0, each's non-zero code, or the
 * store's failure. */
static int nb_store_page_rows(nb_store *st, sqlite3_stmt *s, nb_store_binder bind,
                              const void *filter, int limit_param, int64_t offset, int64_t limit,
                              int (*each)(void *ctx, sqlite3_stmt *row), void *ctx,
                              const char *what, nb_err *err)
{
    int rc = 0, r;
    if (bind)
        bind(st, s, filter);
    nb_store_bind_int(st, s, limit_param, limit);
    nb_store_bind_int(st, s, limit_param + 1, offset);
    while ((r = nb_store_step(st, s)) == SQLITE_ROW)
        if ((rc = each(ctx, s)) != 0)
            break;
    if (rc == 0 && r != SQLITE_DONE)
        rc = nb_store_fail(st, err, what);
    return rc;
}

/* Steps the count statement s (the filter bound by bind) into *total (may be
 * NULL) and resets it. The total is memoised per connection by the statement
 * with its values (nb_store_memo_*): while nothing was written since, the
 * same count is not run again. */
static int nb_store_count(nb_store *st, sqlite3_stmt *s, nb_store_binder bind, const void *filter,
                          int64_t *total, const char *what, nb_err *err)
{
    int rc = 0;
    if (total == NULL) { /* nobody asked: nothing is counted (keyset pages) */
        sqlite3_reset(s);
        return 0;
    }
    char *key = NULL; /* the statement with its values: the memo's key */
    if (bind)
        bind(st, s, filter);
    if (total && !st->bind_failed) {
        int use = nb_store_memo_sync(st, err);
        if (use < 0) {
            sqlite3_reset(s);
            return use;
        }
        if (use && (key = sqlite3_expanded_sql(s)) != NULL &&
            nb_store_memo_get(st, key, total, sizeof *total)) {
            sqlite3_free(key);
            sqlite3_reset(s);
            return 0;
        }
    }
    if (nb_store_step(st, s) == SQLITE_ROW) {
        if (total) {
            *total = sqlite3_column_int64(s, 0);
            if (key)
                nb_store_memo_put(st, key, total, sizeof *total);
        }
    } else {
        rc = nb_store_fail(st, err, what);
    }
    sqlite3_free(key);
    sqlite3_reset(s);
    return rc;
}

int nb_store_page(nb_store *st, const char *count_sql, const char *list_sql, nb_store_binder bind,
                  const void *filter, int limit_param, int64_t offset, int64_t limit,
                  int (*each)(void *ctx, sqlite3_stmt *row), void *ctx, int64_t *total,
                  const char *what, nb_err *err)
{
    sqlite3_stmt *s = nb_store_stmt(st, count_sql, err);
    if (s == NULL)
        return NB_EDB;
    int rc = nb_store_count(st, s, bind, filter, total, what, err);
    if (rc != 0)
        return rc;
    if ((s = nb_store_stmt(st, list_sql, err)) == NULL)
        return NB_EDB;
    rc = nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
    sqlite3_reset(s);
    return rc;
}

/* Appends " ORDER BY <sort keys>, <tiebreak> LIMIT $L OFFSET $L+1" to sql;
 * NB_EINVAL for an index outside the whitelist. */
static int nb_store_order_by(nb_buf *sql, const nb_store_order *order, const nb_sort *sort,
                             int limit_param, nb_err *err)
{
    int nfields = 0;
    while (order->fields[nfields].name)
        nfields++;
    int n = sort ? sort->n : 0;
    if (n < 0 || n > NB_SORT_MAX)
        return nb_err_set(err, NB_EINVAL, "sort: %d keys", n);
    nb_buf_printf(sql, " ORDER BY ");
    for (int i = 0; i < n; i++) {
        if (sort->field[i] < 0 || sort->field[i] >= nfields)
            return nb_err_set(err, NB_EINVAL, "sort: field %d of %d", sort->field[i], nfields);
        nb_buf_printf(sql, "%s %s, ", order->fields[sort->field[i]].sql,
                      sort->desc[i] ? "DESC" : "ASC");
    }
    nb_buf_printf(sql, "%s LIMIT $%d OFFSET $%d", order->tiebreak, limit_param, limit_param + 1);
    if (sql->oom)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    return 0;
}

/* The list statement of list_text (made at run time) run as a page. */
static int nb_store_page_text(nb_store *st, const char *list_text, nb_store_binder bind,
                              const void *filter, int limit_param, int64_t offset, int64_t limit,
                              int (*each)(void *ctx, sqlite3_stmt *row), void *ctx,
                              const char *what, nb_err *err)
{
    sqlite3_stmt *s = nb_store_stmt_text(st, list_text, err);
    if (s == NULL)
        return NB_EDB;
    int rc =
        nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
    sqlite3_reset(s);
    return rc;
}

int nb_store_page_sorted(nb_store *st, const char *count_sql, const char *list_sql,
                         const nb_store_order *order, const nb_sort *sort, nb_store_binder bind,
                         const void *filter, int limit_param, int64_t offset, int64_t limit,
                         int (*each)(void *ctx, sqlite3_stmt *row), void *ctx, int64_t *total,
                         const char *what, nb_err *err)
{
    if (sort == NULL || sort->n == 0)
        return nb_store_page(st, count_sql, list_sql, bind, filter, limit_param, offset, limit,
                             each, ctx, total, what, err);
    /* Only fixed texts of the whitelist, and numbers, go into the SQL. */
    nb_buf sql = NB_BUF_INIT;
    nb_buf_printf(&sql, "%s", order->head);
    int64_t count = 0;
    int rc = nb_store_order_by(&sql, order, sort, limit_param, err);
    sqlite3_stmt *s = rc == 0 ? nb_store_stmt(st, count_sql, err) : NULL;
    if (rc == 0 && s == NULL)
        rc = NB_EDB;
    if (rc == 0)
        rc = nb_store_count(st, s, bind, filter, total ? &count : NULL, what, err);
    if (rc == 0)
        rc = nb_store_page_text(st, nb_buf_cstr(&sql), bind, filter, limit_param, offset, limit,
                                each, ctx, what, err);
    nb_buf_free(&sql);
    if (rc == 0 && total)
        *total = count;
    return rc;
}

int nb_store_page_where(nb_store *st, const char *count_head, const nb_store_order *order,
                        const char *where, const nb_sort *sort, nb_store_binder bind,
                        const void *filter, int limit_param, int64_t offset, int64_t limit,
                        int (*each)(void *ctx, sqlite3_stmt *row), void *ctx, int64_t *total,
                        const char *what, nb_err *err)
{
    nb_buf count_sql = NB_BUF_INIT, list_sql = NB_BUF_INIT;
    int64_t count = 0;
    nb_buf_printf(&count_sql, "%s%s", count_head, where);
    nb_buf_printf(&list_sql, "%s%s", order->head, where);
    int rc = nb_store_order_by(&list_sql, order, sort, limit_param, err);
    if (rc == 0 && count_sql.oom)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    sqlite3_stmt *s = rc == 0 ? nb_store_stmt_text(st, nb_buf_cstr(&count_sql), err) : NULL;
    if (rc == 0 && s == NULL)
        rc = NB_EDB;
    if (rc == 0)
        rc = nb_store_count(st, s, bind, filter, total ? &count : NULL, what, err);
    if (rc == 0)
        rc = nb_store_page_text(st, nb_buf_cstr(&list_sql), bind, filter, limit_param, offset,
                                limit, each, ctx, what, err);
    nb_buf_free(&count_sql);
    nb_buf_free(&list_sql);
    if (rc == 0 && total)
        *total = count;
    return rc;
}

int nb_store_get_one(nb_store *st, const char *sql, int64_t id, nb_store_decoder decode, void *out,
                     const char *label, nb_err *err)
{
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == SQLITE_ROW)
        decode(s, out);
    else if (r == SQLITE_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "%s %lld bestaat niet.", label, (long long)id);
    else
        rc = nb_store_fail(st, err, label);
    sqlite3_reset(s);
    return rc;
}

int nb_store_find_id(nb_store *st, const char *sql, int64_t id, int64_t *col0, const char *what,
                     nb_err *err)
{
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == SQLITE_ROW) {
        if (col0)
            *col0 = sqlite3_column_int64(s, 0);
    } else if (r == SQLITE_DONE) {
        rc = NB_ENOTFOUND;
    } else {
        rc = nb_store_fail(st, err, what);
    }
    sqlite3_reset(s);
    return rc;
}

int nb_store_exec_stmt(nb_store *st, sqlite3_stmt *s, nb_err *err)
{
    int r;
    while ((r = nb_store_step(st, s)) == SQLITE_ROW)
        ;
    if (r != SQLITE_DONE) {
        int rc = nb_store_fail(st, err, "database");
        sqlite3_reset(s);
        return rc;
    }
    sqlite3_reset(s);
    return 0;
}

const char *nb_store_col_text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

int64_t nb_store_last_id(nb_store *st)
{
    return sqlite3_last_insert_rowid(st->db);
}

int nb_store_changes(nb_store *st)
{
    return sqlite3_changes(st->db);
}

int nb_store_audit(nb_store *st, const nb_actor *who, const char *action, const char *entity,
                   int64_t entity_id, const char *detail_json, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO audit_log (at, actor, role, remote, action, entity, entity_id, detail) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    char now[21];
    nb_time_now_iso(now);
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
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
    return nb_store_exec_stmt(st, s, err);
}

int nb_store_setting_get(nb_store *st, const char *key, char *out, size_t outlen, nb_err *err)
{
    static const char sql[] = "SELECT value FROM settings WHERE key = $1";
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == SQLITE_ROW)
        snprintf(out, outlen, "%s", nb_store_col_text(s, 0));
    else if (r == SQLITE_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "setting '%s' is not set", key);
    else
        rc = nb_store_fail(st, err, "setting");
    sqlite3_reset(s);
    return rc;
}

int nb_store_setting_set(nb_store *st, const char *key, const char *value, nb_err *err)
{
    static const char sql[] = "INSERT INTO settings (key, value) VALUES ($1, $2) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
    sqlite3_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    nb_store_bind_text(st, s, 2, value);
    return nb_store_exec_stmt(st, s, err);
}

int nb_store_setting_delete(nb_store *st, const char *key, nb_err *err)
{
    sqlite3_stmt *s = nb_store_stmt(st, "DELETE FROM settings WHERE key = $1", err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    return nb_store_exec_stmt(st, s, err);
}
