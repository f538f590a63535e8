/*
 * store/store.c — the store's connection (a store/db.h driver), migrations,
 * statement cache, transactions, the memo, audit log and settings.
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
 * nobody is stepping (the driver's busy), so a callee never resets the
 * statement its caller is iterating. */
typedef struct nb_store_cached {
    const char *sql;
    nb_db_stmt *stmt;
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
    nb_db *db; /* owned */
    const nb_db_driver *drv;
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
    if (st->writing)
        return 0;
    if (st->in_tx && st->memo_synced)
        return 1;
    int64_t data = -1;
    if (st->drv->data_version(st->db, &data) != 0)
        return nb_store_fail(st, err, "data version");
    if (data < 0)
        return 0; /* the driver cannot tell: no memo */
    int64_t changes = st->drv->total_changes(st->db);
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
    if (st->drv->total_changes(st->db) != st->memo_changes) {
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
        st->drv->total_changes(st->db) != st->memo_changes)
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

int nb_store_begin(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
    nb_store_memo_clear(st); /* what the write reads and changes is never memoised */
    st->writing = 1;
    st->memo_synced = 0;
    int rc = nb_store_begin_mapped(st, 1, err);
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
    return rc;
}

void nb_store_rollback(nb_store *st)
{
    nb_err e = {0};
    if (st->drv->in_tx(st->db) && nb_store_exec(st, "ROLLBACK", &e) != 0)
        nb_log_error("database: ROLLBACK failed: %s", e.msg);
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
    return st->drv->in_tx(st->db);
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
    st->ntexts += owned;
    return 0;
}

/* A cached statement for sql that nobody is stepping, reset; NULL if none.
 * by_text compares owned texts by content, else static texts by address.
 * *copies counts the entries for sql in use. */
static nb_db_stmt *nb_store_cache_find(nb_store *st, const char *sql, int by_text, int *copies)
{
    *copies = 0;
    for (int i = 0; i < st->ncache; i++) {
        const nb_store_cached *c = &st->cache[i];
        if (by_text ? !c->owned || strcmp(c->sql, sql) != 0 : c->sql != sql)
            continue;
        if (st->drv->busy(c->stmt)) { /* a caller up the stack is stepping it */
            (*copies)++;
            continue;
        }
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

/* Binds the filter and the page (limit, offset at limit_param and the next
 * parameter) to the list statement s and calls each for every row; the
 * caller resets or finalises s. Returns 0, each's non-zero code, or the
 * store's failure. */
static int nb_store_page_rows(nb_store *st, nb_db_stmt *s, nb_store_binder bind, const void *filter,
                              int limit_param, int64_t offset, int64_t limit,
                              int (*each)(void *ctx, nb_db_stmt *row), void *ctx, const char *what,
                              nb_err *err)
{
    int rc = 0, r;
    if (bind)
        bind(st, s, filter);
    nb_store_bind_int(st, s, limit_param, limit);
    nb_store_bind_int(st, s, limit_param + 1, offset);
    while ((r = nb_store_step(st, s)) == NB_DB_ROW)
        if ((rc = each(ctx, s)) != 0)
            break;
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, what);
    return rc;
}

/* Steps the count statement s (the filter bound by bind) into *total (may be
 * NULL) and resets it. The total is memoised per connection by the statement
 * with its values (nb_store_memo_*): while nothing was written since, the
 * same count is not run again. */
static int nb_store_count(nb_store *st, nb_db_stmt *s, nb_store_binder bind, const void *filter,
                          int64_t *total, const char *what, nb_err *err)
{
    int rc = 0;
    if (total == NULL) { /* nobody asked: nothing is counted (keyset pages) */
        nb_db_reset(s);
        return 0;
    }
    char *key = NULL; /* the statement with its values: the memo's key */
    if (bind)
        bind(st, s, filter);
    if (total && !st->bind_failed) {
        int use = nb_store_memo_sync(st, err);
        if (use < 0) {
            nb_db_reset(s);
            return use;
        }
        if (use && (key = st->drv->expanded(s)) != NULL &&
            nb_store_memo_get(st, key, total, sizeof *total)) {
            free(key);
            nb_db_reset(s);
            return 0;
        }
    }
    if (nb_store_step(st, s) == NB_DB_ROW) {
        if (total) {
            *total = nb_db_col_int(s, 0);
            if (key)
                nb_store_memo_put(st, key, total, sizeof *total);
        }
    } else {
        rc = nb_store_fail(st, err, what);
    }
    free(key);
    nb_db_reset(s);
    return rc;
}

int nb_store_page(nb_store *st, const char *count_sql, const char *list_sql, nb_store_binder bind,
                  const void *filter, int limit_param, int64_t offset, int64_t limit,
                  int (*each)(void *ctx, nb_db_stmt *row), void *ctx, int64_t *total,
                  const char *what, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, count_sql, err);
    if (s == NULL)
        return NB_EDB;
    int rc = nb_store_count(st, s, bind, filter, total, what, err);
    if (rc != 0)
        return rc;
    if ((s = nb_store_stmt(st, list_sql, err)) == NULL)
        return NB_EDB;
    rc = nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
    nb_db_reset(s);
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
                              int (*each)(void *ctx, nb_db_stmt *row), void *ctx, const char *what,
                              nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt_text(st, list_text, err);
    if (s == NULL)
        return NB_EDB;
    int rc =
        nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
    nb_db_reset(s);
    return rc;
}

int nb_store_page_sorted(nb_store *st, const char *count_sql, const char *list_sql,
                         const nb_store_order *order, const nb_sort *sort, nb_store_binder bind,
                         const void *filter, int limit_param, int64_t offset, int64_t limit,
                         int (*each)(void *ctx, nb_db_stmt *row), void *ctx, int64_t *total,
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
    nb_db_stmt *s = rc == 0 ? nb_store_stmt(st, count_sql, err) : NULL;
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
                        int (*each)(void *ctx, nb_db_stmt *row), void *ctx, int64_t *total,
                        const char *what, nb_err *err)
{
    nb_buf count_sql = NB_BUF_INIT, list_sql = NB_BUF_INIT;
    int64_t count = 0;
    nb_buf_printf(&count_sql, "%s%s", count_head, where);
    nb_buf_printf(&list_sql, "%s%s", order->head, where);
    int rc = nb_store_order_by(&list_sql, order, sort, limit_param, err);
    if (rc == 0 && count_sql.oom)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    nb_db_stmt *s = rc == 0 ? nb_store_stmt_text(st, nb_buf_cstr(&count_sql), err) : NULL;
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

long nb_store_row_find(const void *rows, size_t n, size_t size, size_t id_offset, int64_t id,
                       size_t *hint)
{
    const unsigned char *base = rows;
    size_t i = n > 0 ? *hint % n : 0;
    for (size_t k = 0; k < n; k++) {
        int64_t at;
        memcpy(&at, base + i * size + id_offset, sizeof at);
        if (at == id) {
            *hint = i;
            return (long)i;
        }
        if (++i == n)
            i = 0;
    }
    return -1;
}

int nb_store_get_one(nb_store *st, const char *sql, int64_t id, nb_store_decoder decode, void *out,
                     const char *label, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        decode(s, out);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "%s %lld bestaat niet.", label, (long long)id);
    else
        rc = nb_store_fail(st, err, label);
    nb_db_reset(s);
    return rc;
}

int nb_store_find_id(nb_store *st, const char *sql, int64_t id, int64_t *col0, const char *what,
                     nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW) {
        if (col0)
            *col0 = nb_db_col_int(s, 0);
    } else if (r == NB_DB_DONE) {
        rc = NB_ENOTFOUND;
    } else {
        rc = nb_store_fail(st, err, what);
    }
    nb_db_reset(s);
    return rc;
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

const char *nb_store_col_text(nb_db_stmt *s, int col)
{
    const char *t = nb_db_col_raw(s, col, NULL);
    return t ? t : "";
}

void nb_store_col_copy(nb_db_stmt *s, int col, char *dst, size_t size)
{
    size_t n = 0;
    const char *t = nb_db_col_raw(s, col, &n);
    if (t == NULL) {
        dst[0] = '\0';
        return;
    }
    if (n >= size)
        n = size - 1;
    memcpy(dst, t, n);
    dst[n] = '\0';
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
