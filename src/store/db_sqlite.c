/*
 * store/db_sqlite.c — the SQLite driver of store/db.h (the embedded default).
 *
 * One connection per nb_db: WAL, foreign keys on, synchronous FULL, a busy
 * timeout of 5 s. The write lock is SQLite's own (BEGIN IMMEDIATE: one
 * writer at a time, across processes); a read transaction is a snapshot.
 * $n parameters are SQLite named parameters, bound by looking up "$n".
 * SQLite's own count of its memory is off in every process that links the
 * driver (nb_lite_process_setup).
 */
#include "store/db_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * SQLite counts every allocation it makes (SQLITE_CONFIG_MEMSTATUS, on in
 * Debian's build, which also has no lookaside allocator): each sqlite3_malloc
 * and sqlite3_free takes a global mutex and updates the statistics, about
 * 330 times in one durable approval and 0.11 M of its 1.29 M instructions
 * (docs/performance.md, "Stop 27"). noaber reads none of the statistics
 * (sqlite3_memory_used, a soft heap limit), so the count is turned off. The
 * setting must precede sqlite3_initialize, so it runs before main, while the
 * process has one thread; it keeps no state of its own. Should SQLite be
 * initialised already (it is not: nothing runs SQLite before main), the call
 * is refused with SQLITE_MISUSE and nothing changes but the speed.
 */
__attribute__((constructor)) static void nb_lite_process_setup(void)
{
    (void)!sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The transaction statements every request runs: prepared once per
 * connection (sqlite3_exec would parse them each time). */
static const char *const nb_lite_tx_sql[] = {
    "BEGIN",           "BEGIN IMMEDIATE",     "COMMIT", "ROLLBACK", "SAVEPOINT nb_work",
    "RELEASE nb_work", "ROLLBACK TO nb_work",
};
#define NB_LITE_NTX (sizeof nb_lite_tx_sql / sizeof nb_lite_tx_sql[0])

typedef struct nb_lite {
    nb_db base;
    sqlite3 *db;
    sqlite3_stmt *data_version;    /* PRAGMA data_version, prepared once */
    sqlite3_stmt *tx[NB_LITE_NTX]; /* nb_lite_tx_sql, prepared on first use */
} nb_lite;

typedef struct nb_lite_stmt {
    nb_db_stmt base;
    sqlite3_stmt *s;
    int in_order; /* its parameters are $1 ... $in_order, in that order (nb_lite_param) */
} nb_lite_stmt;

#define LITE(d) ((nb_lite *)(void *)(d))
#define LSTMT_OF(x) ((nb_lite_stmt *)(void *)(x))
#define LSTMT(x) (LSTMT_OF(x)->s)

static void nb_lite_close(nb_db *db)
{
    if (db == NULL)
        return;
    sqlite3_finalize(LITE(db)->data_version);
    for (size_t i = 0; i < NB_LITE_NTX; i++)
        sqlite3_finalize(LITE(db)->tx[i]);
    sqlite3_close(LITE(db)->db);
    free(db);
}

/* Runs sql; a transaction statement through its prepared copy. The error
 * stays on the connection for nb_lite_error either way. */
static int nb_lite_exec(nb_db *db, const char *sql)
{
    nb_lite *l = LITE(db);
    for (size_t i = 0; i < NB_LITE_NTX; i++) {
        if (strcmp(sql, nb_lite_tx_sql[i]) != 0)
            continue;
        if (l->tx[i] == NULL && sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                                   &l->tx[i], NULL) != SQLITE_OK)
            return NB_DB_ERROR;
        int r = sqlite3_step(l->tx[i]);
        sqlite3_reset(l->tx[i]);
        return r == SQLITE_DONE ? 0 : NB_DB_ERROR;
    }
    return sqlite3_exec(l->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : NB_DB_ERROR;
}

static int nb_lite_open(const char *target, int create, nb_db **out, nb_err *err)
{
    int rc = 0;
    *out = NULL;
    nb_lite *l = calloc(1, sizeof *l);
    if (l == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    l->base.drv = &nb_db_sqlite;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(target, &l->db, flags, NULL) != SQLITE_OK) {
        rc = nb_err_set(err, NB_EDB, "cannot open database '%s': %s%s", target,
                        l->db ? sqlite3_errmsg(l->db) : "out of memory",
                        create ? "" : " (create it with 'noaber init --db FILE')");
        goto cleanup;
    }
    sqlite3_busy_timeout(l->db, 5000);
    sqlite3_extended_result_codes(l->db, 1);
    static const char *const pragmas[] = {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
                                          "PRAGMA synchronous = FULL"};
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++)
        if (nb_lite_exec(&l->base, pragmas[i]) != 0) {
            rc = nb_err_set(err, NB_EDB, "database '%s': %s", target, sqlite3_errmsg(l->db));
            goto cleanup;
        }
    *out = &l->base;
    l = NULL;
cleanup:
    if (l != NULL)
        nb_lite_close(&l->base);
    return rc;
}

/* Writes "$n" into name (at least 16 bytes). By hand: snprintf cost a bind
 * more than the bind itself (docs/performance.md, "One approval, counted"). */
static void nb_lite_param_name(int n, char *name)
{
    char digits[12];
    size_t nd = 0, len = 0;
    for (unsigned v = (unsigned)n; v > 0 && nd < sizeof digits; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    name[len++] = '$';
    while (nd > 0)
        name[len++] = digits[--nd];
    name[len] = '\0';
}

/* 1 when the n-th parameter of s (from 1) is called "$n". */
static int nb_lite_param_is(sqlite3_stmt *s, int n)
{
    char name[16];
    nb_lite_param_name(n, name);
    const char *at = sqlite3_bind_parameter_name(s, n);
    return at != NULL && strcmp(at, name) == 0;
}

/* N when the parameters of s are exactly $1 ... $N in this order (also 0 for
 * none), else -1: found once when the statement is prepared. */
static int nb_lite_params_in_order(sqlite3_stmt *s)
{
    int count = sqlite3_bind_parameter_count(s);
    for (int i = 1; i <= count; i++)
        if (!nb_lite_param_is(s, i))
            return -1;
    return count;
}

static int nb_lite_prepare(nb_db *db, const char *sql, nb_db_stmt **out)
{
    *out = NULL;
    nb_lite_stmt *ls = calloc(1, sizeof *ls);
    if (ls == NULL)
        return NB_DB_ERROR;
    ls->base.drv = &nb_db_sqlite;
    if (sqlite3_prepare_v3(LITE(db)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &ls->s, NULL) !=
        SQLITE_OK) {
        sqlite3_finalize(ls->s);
        free(ls);
        return NB_DB_ERROR;
    }
    ls->in_order = nb_lite_params_in_order(ls->s);
    *out = &ls->base;
    return 0;
}

static void nb_lite_finalize(nb_db_stmt *s)
{
    if (s == NULL)
        return;
    sqlite3_finalize(LSTMT(s));
    free(s);
}

/* The index of $n in ls, 0 when the statement has none. SQLite numbers named
 * parameters in the order they first occur, which in our SQL is almost always
 * $1, $2, ...: a statement whose parameters are all in that order (found once
 * at prepare) answers n itself, without a name compared per bind (0.02 M of
 * an approval's instructions; docs/performance.md, "Stop 27"); otherwise when
 * the n-th parameter is called "$n" that is the answer, else the search by
 * name (sqlite3_bind_parameter_index compares every name). */
static int nb_lite_param(const nb_lite_stmt *ls, int n)
{
    if (n < 1)
        return 0;
    if (ls->in_order >= 0)
        return n <= ls->in_order ? n : 0;
    if (nb_lite_param_is(ls->s, n))
        return n;
    char name[16];
    nb_lite_param_name(n, name);
    return sqlite3_bind_parameter_index(ls->s, name);
}

#define NB_LITE_BIND(call)                                  \
    do {                                                    \
        int i_ = nb_lite_param(LSTMT_OF(s), n);             \
        if (i_ <= 0)                                        \
            return "the statement has no such parameter";   \
        int r_ = (call);                                    \
        return r_ == SQLITE_OK ? NULL : sqlite3_errstr(r_); \
    } while (0)

static const char *nb_lite_bind_int(nb_db_stmt *s, int n, int64_t v)
{
    NB_LITE_BIND(sqlite3_bind_int64(LSTMT(s), i_, v));
}

static const char *nb_lite_bind_double(nb_db_stmt *s, int n, double v)
{
    NB_LITE_BIND(sqlite3_bind_double(LSTMT(s), i_, v));
}

static const char *nb_lite_bind_text(nb_db_stmt *s, int n, const char *v)
{
    NB_LITE_BIND(sqlite3_bind_text(LSTMT(s), i_, v, -1, SQLITE_TRANSIENT));
}

static const char *nb_lite_bind_null(nb_db_stmt *s, int n)
{
    NB_LITE_BIND(sqlite3_bind_null(LSTMT(s), i_));
}

/* SQLite hands out rows as it finds them: a streamed read needs nothing. */
static void nb_lite_stream(nb_db_stmt *s)
{
    (void)s;
}

static int nb_lite_step(nb_db_stmt *s)
{
    int r = sqlite3_step(LSTMT(s));
    return r == SQLITE_ROW ? NB_DB_ROW : r == SQLITE_DONE ? NB_DB_DONE : NB_DB_ERROR;
}

/* SQLite answers in-process: the write runs now. */
static int nb_lite_exec_later(nb_db_stmt *s)
{
    int r;
    while ((r = nb_lite_step(s)) == NB_DB_ROW)
        ;
    return r == NB_DB_DONE ? 0 : NB_DB_ERROR;
}

static void nb_lite_reset(nb_db_stmt *s)
{
    sqlite3_reset(LSTMT(s));
}

static void nb_lite_clear(nb_db_stmt *s)
{
    sqlite3_reset(LSTMT(s));
    sqlite3_clear_bindings(LSTMT(s));
}

static int nb_lite_busy(nb_db_stmt *s)
{
    return sqlite3_stmt_busy(LSTMT(s)) != 0;
}

static const char *nb_lite_sql(nb_db_stmt *s)
{
    const char *t = sqlite3_sql(LSTMT(s));
    return t ? t : "?";
}

static char *nb_lite_expanded(nb_db_stmt *s)
{
    char *e = sqlite3_expanded_sql(LSTMT(s));
    char *copy = e ? strdup(e) : NULL;
    sqlite3_free(e);
    return copy;
}

static int64_t nb_lite_col_int(nb_db_stmt *s, int col)
{
    return sqlite3_column_int64(LSTMT(s), col);
}

static double nb_lite_col_double(nb_db_stmt *s, int col)
{
    return sqlite3_column_double(LSTMT(s), col);
}

static const char *nb_lite_col_text(nb_db_stmt *s, int col, size_t *len)
{
    const unsigned char *t = NULL;
    if (sqlite3_column_type(LSTMT(s), col) != SQLITE_NULL)
        t = sqlite3_column_text(LSTMT(s), col);
    if (len != NULL)
        *len = t ? (size_t)sqlite3_column_bytes(LSTMT(s), col) : 0;
    return (const char *)t;
}

static int nb_lite_error(nb_db *db, const char **msg)
{
    sqlite3 *h = LITE(db)->db;
    int ext = sqlite3_extended_errcode(h);
    if (msg != NULL)
        *msg = sqlite3_errmsg(h);
    if ((ext & 0xff) == SQLITE_CONSTRAINT)
        return NB_ECONFLICT;
    if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
        return NB_EBUSY;
    return NB_EDB;
}

static int64_t nb_lite_last_id(nb_db *db)
{
    return sqlite3_last_insert_rowid(LITE(db)->db);
}

static int64_t nb_lite_changes(nb_db *db)
{
    return sqlite3_changes64(LITE(db)->db);
}

static int nb_lite_in_tx(nb_db *db)
{
    return !sqlite3_get_autocommit(LITE(db)->db);
}

static int nb_lite_begin(nb_db *db, int write)
{
    return nb_lite_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

/* One integer from a PRAGMA. */
static int nb_lite_pragma_int(nb_db *db, const char *pragma, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(LITE(db)->db, pragma, -1, &s, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? 0 : NB_DB_ERROR;
}

static int nb_lite_version_get(nb_db *db, int *out)
{
    int64_t v = 0;
    if (nb_lite_pragma_int(db, "PRAGMA user_version", &v) != 0)
        return NB_DB_ERROR;
    *out = (int)v;
    return 0;
}

static int nb_lite_version_set(nb_db *db, int version)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version);
    return nb_lite_exec(db, pragma);
}

static int nb_lite_data_version(nb_db *db, int64_t *out)
{
    nb_lite *l = LITE(db);
    if (l->data_version == NULL &&
        sqlite3_prepare_v3(l->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                           &l->data_version, NULL) != SQLITE_OK)
        return NB_DB_ERROR;
    int r = sqlite3_step(l->data_version);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(l->data_version, 0);
    sqlite3_reset(l->data_version);
    return r == SQLITE_ROW ? 0 : NB_DB_ERROR;
}

static int64_t nb_lite_total_changes(nb_db *db)
{
    return sqlite3_total_changes64(LITE(db)->db);
}

const nb_db_driver nb_db_sqlite = {
    .name = "sqlite",
    .dialect = NB_DB_SQLITE,
    .open = nb_lite_open,
    .close = nb_lite_close,
    .exec = nb_lite_exec,
    .prepare = nb_lite_prepare,
    .finalize = nb_lite_finalize,
    .bind_int = nb_lite_bind_int,
    .bind_double = nb_lite_bind_double,
    .bind_text = nb_lite_bind_text,
    .bind_null = nb_lite_bind_null,
    .step = nb_lite_step,
    .stream = nb_lite_stream,
    .exec_later = nb_lite_exec_later,
    .reset = nb_lite_reset,
    .clear = nb_lite_clear,
    .busy = nb_lite_busy,
    .sql = nb_lite_sql,
    .expanded = nb_lite_expanded,
    .col_int = nb_lite_col_int,
    .col_double = nb_lite_col_double,
    .col_text = nb_lite_col_text,
    .error = nb_lite_error,
    .last_id = nb_lite_last_id,
    .changes = nb_lite_changes,
    .in_tx = nb_lite_in_tx,
    .begin = nb_lite_begin,
    .version_get = nb_lite_version_get,
    .version_set = nb_lite_version_set,
    .data_version = nb_lite_data_version,
    .total_changes = nb_lite_total_changes,
};

sqlite3 *nb_db_sqlite_handle(nb_db *db)
{
    return db != NULL && db->drv == &nb_db_sqlite ? LITE(db)->db : NULL;
}
