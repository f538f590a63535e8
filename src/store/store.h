/*
 * store/store.h — the database connection and the helpers every store file uses.
 *
 * An nb_store is one database connection of a store/db.h driver (SQLite or
 * PostgreSQL, chosen by the database setting); it belongs to one thread at a
 * time (the HTTP server keeps a pool, one per worker). All SQL of noaber lives
 * in src/store/; every statement is prepared once per connection (cached by
 * the address of its static SQL text) and takes $1-style bound parameters, so
 * the same text serves both drivers.
 *
 * Transactions: nb_store_begin (the network's write lock: writers are
 * serialised, across processes and servers, so a check-then-write inside one
 * transaction cannot race), nb_store_commit,
 * nb_store_rollback. One transaction per request, or — for writes through
 * store/group.h — one savepoint per request inside a transaction that a batch
 * of concurrent requests shares (nb_store_savepoint, nb_store_release,
 * nb_store_rollback_to).
 */
#ifndef NB_STORE_STORE_H
#define NB_STORE_STORE_H

#include "util/attr.h"

#include "util/error.h"

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_store nb_store;

/* Who is acting, for the audit log (all strings borrowed, may be ""). */
typedef struct nb_actor {
    const char *name;   /* token label or "cli" */
    const char *role;   /* beheer, coordinator, medewerker, lezer, system */
    const char *remote; /* client address or "local" */
} nb_actor;

/*
 * Opens (creating if needed) the database file at path, sets WAL, foreign
 * keys and busy timeout. If migrate is non-zero, applies pending migrations;
 * otherwise refuses a database whose schema is not current. A database from
 * a newer noaber is always refused. On success *out is owned by the caller
 * (nb_store_close). Returns 0 or NB_EDB with a message in err.
 */
NB_MUST_USE int nb_store_open(const char *path, int migrate, nb_store **out, nb_err *err);
void nb_store_close(nb_store *st);

/*
 * Whether the database answers a query (the readiness probe): 0 and the
 * schema version in *version, or the code of nb_store_fail (message in err,
 * for the log).
 */
NB_MUST_USE int nb_store_ping(nb_store *st, int *version, nb_err *err);

/* The schema version of the open database, and the newest this binary knows. */
NB_MUST_USE int nb_store_schema_version(nb_store *st);
NB_MUST_USE int nb_store_schema_latest(void);

NB_MUST_USE int nb_store_begin(nb_store *st, nb_err *err);      /* write transaction */
NB_MUST_USE int nb_store_begin_read(nb_store *st, nb_err *err); /* snapshot for reads */
/*
 * A write transaction whose work locks the rows it reads to decide and the
 * rows it changes (db.h's NB_DB_WRITE_ROWS; docs/DEVELOPING.md, "Writers in
 * parallel on PostgreSQL"): on PostgreSQL it shares the network's write lock
 * with the others of its kind, so it runs at once with them on any server,
 * and the store functions it calls lock their rows (nb_store_row_locked) in
 * the fixed order time entry, allocation, ledger accounts by ascending id.
 * On SQLite it is nb_store_begin. 0 or NB_EDB / NB_EBUSY (message in err).
 */
NB_MUST_USE int nb_store_begin_rows(nb_store *st, nb_err *err);
/* While the open transaction is one of nb_store_begin_rows on a driver
 * whose writers run at once (PostgreSQL), the store takes row locks
 * (SELECT ... FOR UPDATE): NB_STORE_LOCK_WAIT waiting for a row another
 * transaction holds (up to lock_timeout), NB_STORE_LOCK_NOWAIT failing at once
 * instead (NOWAIT, see nb_store_lock_mode). 0 otherwise (the network's write
 * lock already excludes every other writer). */
enum { NB_STORE_LOCK_WAIT = 1, NB_STORE_LOCK_NOWAIT = 2 };
NB_MUST_USE int nb_store_row_locked(const nb_store *st);
/*
 * The group commit (group.c) before each work of a row-locked batch: nowait =
 * 1 for every work after the first, so that a work never waits for a row
 * while its transaction holds the rows of the works before it (two servers'
 * batches would otherwise deadlock: each holding what the other's next work
 * needs). Forgets nb_store_lock_busy. Commit and rollback set it back to 0.
 */
void nb_store_lock_mode(nb_store *st, int nowait);
/* 1 when a row lock of the current work failed because another transaction
 * holds the row (NOWAIT): the group puts the work back for its next batch. */
NB_MUST_USE int nb_store_lock_busy(const nb_store *st);
/* nb_store_fail for a row-lock statement: also records a busy row for
 * nb_store_lock_busy. Returns the error code. */
int nb_store_lock_fail(nb_store *st, nb_err *err, const char *what);
NB_MUST_USE int nb_store_commit(nb_store *st, nb_err *err);
void nb_store_rollback(nb_store *st);

/*
 * Savepoints inside a write transaction (store/group.h): nb_store_savepoint
 * opens one (and forgets a failed bind left by the work before it),
 * nb_store_release keeps what was done since, nb_store_rollback_to undoes it
 * and closes the savepoint. Only one level is used (name fixed). 0 or NB_EDB
 * / NB_EBUSY (message in err).
 */
NB_MUST_USE int nb_store_savepoint(nb_store *st, nb_err *err);
NB_MUST_USE int nb_store_release(nb_store *st, nb_err *err);
NB_MUST_USE int nb_store_rollback_to(nb_store *st, nb_err *err);

/* 1 while a transaction is open on st (SQLite's view: a failed statement
 * such as a full disk may have rolled it back on its own). */
NB_MUST_USE int nb_store_in_tx(nb_store *st);

/*
 * The memo: small values read from the database (a token by its hash, the
 * total of a list) kept per connection and handed back while the database is
 * unchanged. Unchanged means: no commit by any other connection, of this
 * process or another (PRAGMA data_version), and no change on this one
 * (the driver's total_changes). Off inside a write transaction (what it reads
 * may still roll back).
 *
 * nb_store_memo_sync checks the version and forgets everything when it moved;
 * call it before nb_store_memo_get, inside the read transaction whose snapshot
 * the values must match (once per read transaction is enough; outside a
 * transaction, before every use). It returns 1 when the memo may be used, 0
 * inside a write transaction, NB_EDB/NB_EBUSY (message in err).
 * nb_store_memo_get copies the value of key (exactly size bytes) into out:
 * 1 when found, 0 otherwise. nb_store_memo_put keeps a copy of value (at most
 * NB_STORE_MEMO_VALUE bytes) under a copy of key, replacing the oldest entry
 * when all 32 are taken; read it from the database after the sync, so that a
 * change in between moves the version and drops it. No-op when writing.
 */
#define NB_STORE_MEMO_VALUE 128
NB_MUST_USE int nb_store_memo_sync(nb_store *st, nb_err *err);
NB_MUST_USE int nb_store_memo_get(nb_store *st, const char *key, void *out, size_t size);
void nb_store_memo_put(nb_store *st, const char *key, const void *value, size_t size);

/*
 * Lasting ids: an id found by a key that never changes once its row is
 * committed (an organisation's ledger account: never deleted, its
 * organisation immutable, triggers of migration 002). Kept per connection
 * across transactions (16, the oldest replaced), used only inside a write
 * transaction (its snapshot is the newest), forgotten whenever a
 * transaction or a work's savepoint is rolled back or a commit fails (the
 * undone writes may have made the row). nb_store_lasting_get: 1 and *id when
 * known, else 0 (and always 0 outside a write transaction).
 * nb_store_lasting_put: keeps (kind, key) -> id; no-op outside a write
 * transaction. kind: NB_STORE_LASTING_*.
 */
enum { NB_STORE_LASTING_ORG_ACCOUNT = 1 };
NB_MUST_USE int nb_store_lasting_get(nb_store *st, int kind, int64_t key, int64_t *id);
void nb_store_lasting_put(nb_store *st, int kind, int64_t key, int64_t id);

/*
 * Returns a cached prepared statement for the static SQL text sql, reset and
 * with bindings cleared. The statement stays owned by the store. A statement
 * that a caller further up is still stepping (the driver's busy) is never
 * handed out again: another copy is prepared, so nested use of one SQL text is
 * safe. Callers reset a statement when they are done with it. NULL on error
 * (message in err).
 */
NB_MUST_USE nb_db_stmt *nb_store_stmt(nb_store *st, const char *sql, nb_err *err);

/*
 * nb_store_stmt for SQL text made at run time (a sort order, the shape of a
 * filter; never text from a request): cached by its content, which the
 * store copies. At most 64 such texts stay prepared per connection; a new
 * one replaces the oldest that nobody is stepping, so a caller steps the
 * statement right after binding it (no other nb_store_stmt_text call in
 * between). NULL on error (message in err).
 */
NB_MUST_USE nb_db_stmt *nb_store_stmt_text(nb_store *st, const char *sql, nb_err *err);

/*
 * Bind $n (1-based) by its number so $-numbering works in any order. A bind
 * that fails, or names a $n the statement does not have, is recorded in st:
 * the next nb_store_step refuses to run (NB_DB_ERROR) and nb_store_fail
 * reports the bind as NB_EDB. So callers check binds by checking the step.
 */
void nb_store_bind_int(nb_store *st, nb_db_stmt *s, int n, int64_t v);
void nb_store_bind_double(nb_store *st, nb_db_stmt *s, int n, double v);
void nb_store_bind_text(nb_store *st, nb_db_stmt *s, int n, const char *v); /* NULL binds NULL */
/* Binds ids[0..count) as one JSON array ("[3,7]"), for a page's children in
 * one query: "WHERE x_id IN (SELECT value FROM json_each($n))" (the
 * PostgreSQL driver rewrites json_each). Out of memory is a failed bind. */
void nb_store_bind_ids(nb_store *st, nb_db_stmt *s, int n, const int64_t *ids, size_t count);
void nb_store_bind_null(nb_store *st, nb_db_stmt *s, int n);

/* Binds $n to v, or to NULL when v <= 0 (an absent optional id filter). */
void nb_store_bind_opt_id(nb_store *st, nb_db_stmt *s, int n, int64_t v);

/*
 * Steps a statement of st: NB_DB_ROW, NB_DB_DONE, or NB_DB_ERROR (then
 * nb_store_fail gives the reason). Every step in src/store/ goes through
 * here so that a failed bind is never stepped.
 */
NB_MUST_USE int nb_store_step(nb_store *st, nb_db_stmt *s);

/* The dialect of st's driver, for the few queries that must differ. */
NB_MUST_USE nb_db_dialect nb_store_dialect(const nb_store *st);

/*
 * Runs one page of a filtered listing, the shape every list in the store
 * shares. count_sql ("SELECT count(*) ... WHERE ...") fills *total (may be
 * NULL); list_sql (the same WHERE, then "LIMIT $L OFFSET $L+1" with
 * L = limit_param) hands each row to each(ctx, row), which decodes it (total
 * NULL: nothing is counted, count_sql is not run); a
 * non-zero return from each stops the walk and is returned. bind(s, filter)
 * binds the filter's parameters on both statements (may be NULL when the
 * query has none). what names the records in error messages.
 */
typedef void (*nb_store_binder)(nb_store *st, nb_db_stmt *s, const void *filter);
NB_MUST_USE int nb_store_page(nb_store *st, const char *count_sql, const char *list_sql,
                              nb_store_binder bind, const void *filter, int limit_param,
                              int64_t offset, int64_t limit,
                              int (*each)(void *ctx, nb_db_stmt *row), void *ctx, int64_t *total,
                              const char *what, nb_err *err);

/*
 * Sorting a listing (`?sorteer=naam,-code`). Each list keeps a whitelist of
 * sortable fields, NULL-name-terminated: the API name and the fixed SQL
 * expression it orders by ("o.name COLLATE NOCASE"). A request names fields
 * by index into that table, so no text of the request ever reaches the SQL.
 * n = 0 is the list's default order.
 */
typedef struct nb_sort_field {
    const char *name; /* the API (response) field name, Dutch camelCase */
    const char *sql;  /* a fixed ORDER BY expression */
} nb_sort_field;

#define NB_SORT_MAX 4
typedef struct nb_sort {
    int n;                  /* keys in use, 0..NB_SORT_MAX */
    int field[NB_SORT_MAX]; /* index into the list's nb_sort_field table */
    char desc[NB_SORT_MAX]; /* 1 = descending */
} nb_sort;

/*
 * How a sorted listing orders: head is the list SQL up to its ORDER BY (the
 * same SELECT and WHERE as list_sql), fields the whitelist sort indexes
 * into, tiebreak the expression that makes every order total and stable
 * ("o.id", always ascending, last).
 */
typedef struct nb_store_order {
    const char *head;
    const nb_sort_field *fields;
    const char *tiebreak;
} nb_store_order;

/*
 * nb_store_page in a requested order: with sort NULL or empty it is
 * nb_store_page(list_sql) (the default order, cached statement); otherwise
 * the list statement is order->head + " ORDER BY " + the chosen fields'
 * fixed expressions (ASC/DESC) + order->tiebreak + the LIMIT/OFFSET of
 * limit_param, cached per text (nb_store_stmt_text). A sort index outside
 * the whitelist is NB_EINVAL (the caller parsed it wrongly).
 */
NB_MUST_USE int nb_store_page_sorted(nb_store *st, const char *count_sql, const char *list_sql,
                                     const nb_store_order *order, const nb_sort *sort,
                                     nb_store_binder bind, const void *filter, int limit_param,
                                     int64_t offset, int64_t limit,
                                     int (*each)(void *ctx, nb_db_stmt *row), void *ctx,
                                     int64_t *total, const char *what, nb_err *err);

/*
 * nb_store_page_sorted with a WHERE clause shaped per request, so that an
 * index can serve the filters in use: "($1 IS NULL OR organisation_id = $1)"
 * keeps SQLite from using the index on organisation_id, and makes count(*)
 * evaluate the whole expression on every row. where (" WHERE ...", only
 * fixed texts and $n parameters; a filter not in use is written as
 * "$1 IS NULL" so that every parameter the binder binds stays in the
 * statement) follows count_head ("SELECT count(*) FROM people") and
 * order->head (the list's SELECT ... FROM, here without WHERE); the order
 * is sort's keys then order->tiebreak (sort NULL or empty: the tiebreak
 * alone). Statements are cached per text (nb_store_stmt_text). Returns as
 * nb_store_page_sorted.
 */
NB_MUST_USE int nb_store_page_where(nb_store *st, const char *count_head,
                                    const nb_store_order *order, const char *where,
                                    const nb_sort *sort, nb_store_binder bind, const void *filter,
                                    int limit_param, int64_t offset, int64_t limit,
                                    int (*each)(void *ctx, nb_db_stmt *row), void *ctx,
                                    int64_t *total, const char *what, nb_err *err);

/*
 * A page's child rows to their parents: the index in rows[0..n) (records of
 * size bytes each, their int64_t id at id_offset: sizeof and offsetof of the
 * record type) of the record whose id is id, or -1 when none. The search
 * starts at *hint and wraps around, and leaves the index found in *hint:
 * child rows come grouped by their parent, so the next group's parent is
 * usually where the last one was found or just after it (the page in id
 * order or in its own). A pure function of its arguments.
 */
NB_MUST_USE long nb_store_row_find(const void *rows, size_t n, size_t size, size_t id_offset,
                                   int64_t id, size_t *hint);

/*
 * The key of one row: the integer id, or, when text is non-NULL, the text id
 * (borrowed: it must outlive the lookup). nb_store_key_int / nb_store_key_text
 * make one.
 */
typedef struct nb_store_key {
    int64_t id;
    const char *text;
} nb_store_key;

static inline nb_store_key nb_store_key_int(int64_t id)
{
    return (nb_store_key){.id = id, .text = NULL};
}

static inline nb_store_key nb_store_key_text(const char *text)
{
    return (nb_store_key){.id = 0, .text = text};
}

/*
 * Loads the one row that sql ("SELECT ... WHERE x.id = $1") finds for key,
 * bound as $1 (an integer, or text when key.text is set): decode(row, out)
 * fills the caller's record (out is the caller's; nothing is allocated here).
 * Returns 0; NB_ENOTFOUND with the Dutch message "<label> <key> bestaat
 * niet." when there is none; NB_EDB (the code of nb_store_fail(what)) when
 * the statement fails.
 */
typedef void (*nb_store_decoder)(nb_db_stmt *row, void *out);
NB_MUST_USE int nb_store_lookup(nb_store *st, const char *sql, nb_store_key key,
                                nb_store_decoder decode, void *out, const char *label,
                                const char *what, nb_err *err);

/* nb_store_lookup of an integer id, label also naming a failure. */
NB_MUST_USE int nb_store_get_one(nb_store *st, const char *sql, int64_t id, nb_store_decoder decode,
                                 void *out, const char *label, nb_err *err);

/*
 * Whether sql ("SELECT col FROM x WHERE id = $1") finds a row for id: 0 when
 * it does (then *col0, if non-NULL, receives column 0 as an integer),
 * NB_ENOTFOUND when not (err untouched: the caller words the message), else
 * the code of nb_store_fail(what).
 */
NB_MUST_USE int nb_store_find_id(nb_store *st, const char *sql, int64_t id, int64_t *col0,
                                 const char *what, nb_err *err);

/* Steps a statement expected to finish without rows (or ignoring them). */
NB_MUST_USE int nb_store_exec_stmt(nb_store *st, nb_db_stmt *s, nb_err *err);

/*
 * nb_store_exec_stmt for a write in a write transaction whose answer the
 * caller does not read (no rows, no nb_store_changes, no last id) and whose
 * failure can only abort the transaction: on PostgreSQL it goes to the
 * server with the next statement (one round trip for both), and that
 * statement, the end of the group commit's savepoint or the COMMIT reports
 * its failure (store/db.h exec_later). On SQLite it runs now.
 */
NB_MUST_USE int nb_store_exec_later(nb_store *st, nb_db_stmt *s, nb_err *err);

/*
 * nb_store_exec_later for a write that must change exactly one row (an
 * UPDATE by key of a row this transaction read under its lock, so that
 * another count means the store is wrong, not the request): the count is
 * checked when the answer comes instead of at once. On SQLite it runs now
 * and returns NB_ENOTFOUND (err not set: the caller names the row) when it
 * changed another number of rows; on PostgreSQL such a count fails with
 * NB_ECONFLICT, in a transaction not at once but with the statement,
 * savepoint end or COMMIT the write is sent with (db.h exec_later_one).
 */
NB_MUST_USE int nb_store_exec_later_one(nb_store *st, nb_db_stmt *s, nb_err *err);

/*
 * Prepares st for a bulk load (millions of rows in one transaction): on
 * SQLite a page cache of up to 256 MB keeps the indexes in memory (the
 * default is 2 MB; small loads never fill it); nothing on PostgreSQL, whose
 * server has its own. 0 or NB_EDB (message in err).
 */
NB_MUST_USE int nb_store_bulk(nb_store *st, nb_err *err);

/* Runs literal SQL without parameters (migrations, pragmas). */
NB_MUST_USE int nb_store_exec(nb_store *st, const char *sql, nb_err *err);

/*
 * Maps the last failure into a code and message: a failed bind → NB_EDB,
 * constraint → NB_ECONFLICT, busy/locked → NB_EBUSY, else NB_EDB. NB_EDB
 * (the cause of a 500) is logged as an error, NB_EBUSY as a warning.
 */
NB_MUST_USE int nb_store_fail(nb_store *st, nb_err *err, const char *what);

/* Column text, never NULL ("" for NULL). Valid until the next step/reset. */
const char *nb_store_col_text(nb_db_stmt *s, int col);

/* Copies column col's text into dst of size bytes (size >= 1), cut at
 * size - 1 bytes as snprintf would, "" for NULL; always terminated. What a
 * row decoder uses for its fixed-size text fields: a memcpy where
 * snprintf("%s") parsed its format for every field of every row. */
void nb_store_col_copy(nb_db_stmt *s, int col, char *dst, size_t size);

int64_t nb_store_last_id(nb_store *st);
NB_MUST_USE int nb_store_changes(nb_store *st);

/* Appends an audit record (in the caller's transaction). detail_json may be NULL. */
NB_MUST_USE int nb_store_audit(nb_store *st, const nb_actor *who, const char *action,
                               const char *entity, int64_t entity_id, const char *detail_json,
                               nb_err *err);

/* Settings: key/value pairs of the network (hour rate, allocation key, ...). */
NB_MUST_USE int nb_store_setting_get(nb_store *st, const char *key, char *out, size_t outlen,
                                     nb_err *err);
NB_MUST_USE int nb_store_setting_set(nb_store *st, const char *key, const char *value, nb_err *err);

/* Removes setting key (nothing happens when it is not set). 0 or NB_EDB. */
NB_MUST_USE int nb_store_setting_delete(nb_store *st, const char *key, nb_err *err);

/* The driver connection under st; owned by st. */
nb_db *nb_store_db(nb_store *st);

#endif
