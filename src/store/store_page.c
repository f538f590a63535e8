/*
 * store/store_page.c — what the store's readers share above a statement: the
 * memo (values read from the database, kept per connection while it is
 * unchanged; a page's count is one), the pages of a filtered listing (count +
 * LIMIT/OFFSET, in the default or a requested order, with a WHERE clause made
 * per request), a page's child rows to their parents, the lookups of one row
 * by id, and the column helpers. Contracts in store/store.h.
 */
#include "store/store.h"
#include "store/store_int.h"

#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- The memo --------------------------------------------------------------- */

void nb_store_memo_clear(nb_store *st)
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

/* ---- Pages of a listing ----------------------------------------------------- */

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

/* ---- Rows by id ------------------------------------------------------------- */

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

int nb_store_lookup(nb_store *st, const char *sql, nb_store_key key, nb_store_decoder decode,
                    void *out, const char *label, const char *what, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    if (key.text != NULL)
        nb_store_bind_text(st, s, 1, key.text);
    else
        nb_store_bind_int(st, s, 1, key.id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        decode(s, out);
    else if (r == NB_DB_DONE && key.text != NULL)
        rc = nb_err_set(err, NB_ENOTFOUND, "%s %s bestaat niet.", label, key.text);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "%s %lld bestaat niet.", label, (long long)key.id);
    else
        rc = nb_store_fail(st, err, what);
    nb_db_reset(s);
    return rc;
}

int nb_store_get_one(nb_store *st, const char *sql, int64_t id, nb_store_decoder decode, void *out,
                     const char *label, nb_err *err)
{
    return nb_store_lookup(st, sql, nb_store_key_int(id), decode, out, label, label, err);
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

/* ---- Columns ---------------------------------------------------------------- */

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
