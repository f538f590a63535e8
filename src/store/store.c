/*
 * store/store.c — SQLite connection, migrations, statement cache, audit log.
 */
#include "store/store.h"

#include "store/migrations.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/log.h"

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
} nb_store_cached;

/* Copies of one SQL text in use at the same time (nested iterations); more
 * means a statement is left unreset, which is reported instead of growing. */
#define NB_STORE_MAX_COPIES 8

struct nb_store {
    sqlite3 *db;
    nb_store_cached *cache;
    int ncache, capcache;
    int in_tx;
    int bind_failed;    /* a bind failed since the last step; see nb_store_step */
    char bind_msg[200]; /* what failed (first failure) */
};

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

void nb_store_close(nb_store *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < st->ncache; i++)
        sqlite3_finalize(st->cache[i].stmt);
    free(st->cache);
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
    int rc = nb_store_exec_mapped(st, "BEGIN IMMEDIATE", err);
    if (rc == 0)
        st->in_tx = 1;
    else if (rc == NB_EBUSY)
        rc = nb_err_set(err, NB_EBUSY, "database is busy; try again");
    return rc;
}

int nb_store_begin_read(nb_store *st, nb_err *err)
{
    st->bind_failed = 0;
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
    return rc;
}

void nb_store_rollback(nb_store *st)
{
    if (!sqlite3_get_autocommit(st->db) && nb_store_exec(st, "ROLLBACK", NULL) != 0)
        nb_log_error("database: ROLLBACK failed: %s", sqlite3_errmsg(st->db));
    st->in_tx = 0;
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

sqlite3_stmt *nb_store_stmt(nb_store *st, const char *sql, nb_err *err)
{
    int copies = 0;
    for (int i = 0; i < st->ncache; i++) {
        if (st->cache[i].sql != sql)
            continue;
        sqlite3_stmt *s = st->cache[i].stmt;
        if (sqlite3_stmt_busy(s)) { /* a caller up the stack is stepping it */
            copies++;
            continue;
        }
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
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
        return NULL;
    }
    if (st->ncache == st->capcache) {
        int cap = st->capcache ? st->capcache * 2 : 64;
        nb_store_cached *c = realloc(st->cache, (size_t)cap * sizeof *c);
        if (c == NULL) {
            sqlite3_finalize(s);
            nb_err_set(err, NB_ENOMEM, "out of memory");
            return NULL;
        }
        st->cache = c;
        st->capcache = cap;
    }
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].stmt = s;
    st->ncache++;
    return s;
}

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

int nb_store_page(nb_store *st, const char *count_sql, const char *list_sql, nb_store_binder bind,
                  const void *filter, int limit_param, int64_t offset, int64_t limit,
                  int (*each)(void *ctx, sqlite3_stmt *row), void *ctx, int64_t *total,
                  const char *what, nb_err *err)
{
    int rc = 0;
    sqlite3_stmt *s = nb_store_stmt(st, count_sql, err);
    if (s == NULL)
        return NB_EDB;
    if (bind)
        bind(st, s, filter);
    if (nb_store_step(st, s) != SQLITE_ROW) {
        rc = nb_store_fail(st, err, what);
        sqlite3_reset(s);
        return rc;
    }
    if (total)
        *total = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if ((s = nb_store_stmt(st, list_sql, err)) == NULL)
        return NB_EDB;
    rc = nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
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
    int nfields = 0;
    while (order->fields[nfields].name)
        nfields++;
    if (sort->n < 0 || sort->n > NB_SORT_MAX)
        return nb_err_set(err, NB_EINVAL, "sort: %d keys", sort->n);
    /* Only fixed texts of the whitelist, and numbers, go into the SQL. */
    nb_buf sql = NB_BUF_INIT;
    nb_buf_printf(&sql, "%s ORDER BY ", order->head);
    for (int i = 0; i < sort->n; i++) {
        if (sort->field[i] < 0 || sort->field[i] >= nfields) {
            nb_buf_free(&sql);
            return nb_err_set(err, NB_EINVAL, "sort: field %d of %d", sort->field[i], nfields);
        }
        nb_buf_printf(&sql, "%s %s, ", order->fields[sort->field[i]].sql,
                      sort->desc[i] ? "DESC" : "ASC");
    }
    nb_buf_printf(&sql, "%s LIMIT $%d OFFSET $%d", order->tiebreak, limit_param, limit_param + 1);
    if (sql.oom) {
        nb_buf_free(&sql);
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    }
    int64_t count = 0;
    int rc = 0;
    sqlite3_stmt *s = nb_store_stmt(st, count_sql, err);
    if (s == NULL) {
        nb_buf_free(&sql);
        return NB_EDB;
    }
    if (bind)
        bind(st, s, filter);
    if (nb_store_step(st, s) != SQLITE_ROW) {
        rc = nb_store_fail(st, err, what);
        sqlite3_reset(s);
        nb_buf_free(&sql);
        return rc;
    }
    count = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    s = NULL;
    if (sqlite3_prepare_v2(st->db, nb_buf_cstr(&sql), -1, &s, NULL) != SQLITE_OK) {
        rc = nb_store_fail(st, err, "prepare");
        sqlite3_finalize(s);
        nb_buf_free(&sql);
        return rc;
    }
    nb_buf_free(&sql);
    rc = nb_store_page_rows(st, s, bind, filter, limit_param, offset, limit, each, ctx, what, err);
    sqlite3_finalize(s);
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
