/*
 * store/ledger_views.c — the read views of the hours ledger (migration 002):
 * the account overview (nb_ledger_store_accounts, nb_ledger_store_org_row)
 * and the filtered transfer list. The statement is in ledger_statement.c, the
 * period rows and the control in ledger_control.c. See ledger_store.h and
 * docs/ledger.md.
 */
#include "store/ledger_store.h"
#include "store/ledger_store_impl.h"

#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Overviews                                                                 */
/* ------------------------------------------------------------------------ */

#define NB_ACCT_ROW_COLUMNS                                                                \
    "coalesce(a.id, 0), coalesce(a.debits_pending, 0), coalesce(a.debits_posted, 0), "     \
    "coalesce(a.credits_pending, 0), coalesce(a.credits_posted, 0), "                      \
    "coalesce(a.credit_line_minutes, o.credit_line_minutes), coalesce(a.flags, 0), o.id, " \
    "o.code, o.name"

static void acct_full_row(nb_db_stmt *s, nb_ledger_account_row *r)
{
    memset(r, 0, sizeof *r);
    nb_ledger_store_acct_row(s, &r->account, &r->organisation_id);
    nb_store_col_copy(s, 8, r->org_code, sizeof r->org_code);
    nb_store_col_copy(s, 9, r->org_name, sizeof r->org_name);
}

int nb_ledger_store_accounts(nb_store *st, int (*fn)(void *ctx, const nb_ledger_account_row *row),
                             void *ctx, nb_err *err)
{
    static const char fund_sql[] =
        "SELECT " NB_ACCT_COLUMNS " FROM ledger_accounts WHERE kind = 'fonds'";
    static const char org_sql[] =
        "SELECT " NB_ACCT_ROW_COLUMNS " FROM organisations o "
        "LEFT JOIN ledger_accounts a ON a.organisation_id = o.id ORDER BY o.name, o.code";
    int rc = 0, r;
    nb_db_stmt *s = nb_store_stmt(st, fund_sql, err);
    if (s == NULL)
        return NB_EDB;
    r = nb_store_step(st, s);
    if (r == NB_DB_ROW) {
        nb_ledger_account_row row;
        memset(&row, 0, sizeof row);
        nb_ledger_store_acct_row(s, &row.account, NULL);
        snprintf(row.org_name, sizeof row.org_name, "netwerkfonds");
        nb_db_reset(s);
        if ((rc = fn(ctx, &row)) != 0)
            return rc;
    } else {
        if (r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "ledger accounts");
        nb_db_reset(s);
        if (rc != 0)
            return rc;
    }
    if ((s = nb_store_stmt(st, org_sql, err)) == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_ledger_account_row row;
        acct_full_row(s, &row);
        if ((rc = fn(ctx, &row)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "ledger accounts");
    nb_db_reset(s);
    return rc;
}

int nb_ledger_store_org_row(nb_store *st, int64_t org_id, nb_ledger_account_row *out, nb_err *err)
{
    static const char sql[] =
        "SELECT " NB_ACCT_ROW_COLUMNS " FROM organisations o "
        "LEFT JOIN ledger_accounts a ON a.organisation_id = o.id WHERE o.id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, org_id);
    int r = nb_store_step(st, s);
    int rc = 0;
    if (r == NB_DB_ROW)
        acct_full_row(s, out);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "Organisatie %" PRId64 " bestaat niet.", org_id);
    else
        rc = nb_store_fail(st, err, "ledger account");
    nb_db_reset(s);
    return rc;
}

/*
 * The WHERE of a transfer listing for the filters in use: a filter not in use
 * is "$n IS NULL" (bound NULL, so true) rather than "($n = 0 OR ...)", which
 * would keep SQLite from the indexes on the accounts, the kind and the time
 * and make count(*) test every row (nb_store_page_where). Parameters: $1 the
 * account (debit or credit), $2 the kind, $3/$4 the time range.
 */
static void nb_tr_where(const nb_ledger_filter *f, nb_buf *w)
{
    nb_ledger_filter all;
    memset(&all, 0, sizeof all);
    if (f == NULL)
        f = &all;
    nb_buf_printf(
        w, " WHERE %s AND %s AND %s AND %s",
        f->account_id > 0 ? "(t.debit_account_id = $1 OR t.credit_account_id = $1)" : "$1 IS NULL",
        f->kind != NB_KIND_NONE ? "t.kind || '' = $2" : "$2 IS NULL",
        f->from_ts > 0 ? "t.ts >= $3" : "$3 IS NULL", f->to_ts > 0 ? "t.ts < $4" : "$4 IS NULL");
}

/* Binds what nb_tr_where asks for: a filter in use (> 0) its value, one not in use NULL. */
static void bind_filter_any(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_ledger_filter *f = filter;
    nb_store_bind_opt_id(st, s, 1, f ? f->account_id : 0);
    nb_store_bind_text(st, s, 2,
                       f && f->kind != NB_KIND_NONE ? nb_ledger_kind_name(f->kind) : NULL);
    nb_store_bind_opt_id(st, s, 3, f ? f->from_ts : 0);
    nb_store_bind_opt_id(st, s, 4, f ? f->to_ts : 0);
}

const nb_sort_field nb_ledger_sort_fields[] = {
    {"id", "t.tid"},         {"tijdstip", "t.ts"}, {"soort", "t.kind"},
    {"minuten", "t.amount"}, {NULL, NULL},
};

typedef struct nb_ledger_each_ctx {
    int (*fn)(void *ctx, const nb_ledger_list_row *r);
    void *ctx;
} nb_ledger_each_ctx;

static int nb_ledger_each(void *ctx, nb_db_stmt *row)
{
    nb_ledger_each_ctx *c = ctx;
    nb_ledger_list_row r;
    nb_ledger_store_entry_row(row, &r.entry);
    r.debit_org_id = nb_db_col_int(row, NB_TR_NCOLS);
    r.credit_org_id = nb_db_col_int(row, NB_TR_NCOLS + 1);
    return c->fn(c->ctx, &r);
}

int nb_ledger_store_list(nb_store *st, const nb_ledger_filter *filter, int64_t offset,
                         int64_t limit, int (*fn)(void *ctx, const nb_ledger_list_row *r),
                         void *ctx, int64_t *total, nb_err *err)
{
    /* The organisations of both accounts come with the row (0: the fund), so
     * that a page of transfers is one query, not three per row. */
    static const nb_store_order order = {
        "SELECT " NB_TR_COLUMNS ", coalesce(da.organisation_id, 0), "
        "coalesce(ca.organisation_id, 0) FROM ledger_transfers t "
        "LEFT JOIN ledger_accounts da ON da.id = t.debit_account_id "
        "LEFT JOIN ledger_accounts ca ON ca.id = t.credit_account_id",
        nb_ledger_sort_fields, "t.id"};
    nb_ledger_each_ctx c = {fn, ctx};
    nb_buf where = NB_BUF_INIT;
    nb_tr_where(filter, &where);
    int rc = where.oom ? nb_err_set(err, NB_ENOMEM, "out of memory")
                       : nb_store_page_where(st, "SELECT count(*) FROM ledger_transfers t", &order,
                                             nb_buf_cstr(&where), filter ? &filter->sort : NULL,
                                             bind_filter_any, filter, 5, offset, limit,
                                             nb_ledger_each, &c, total, "ledger transfers", err);
    nb_buf_free(&where);
    return rc;
}
