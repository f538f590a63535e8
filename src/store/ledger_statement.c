/*
 * store/ledger_statement.c — an account's statement (migration 002): the
 * opening balance, the lines with their running balance and counterparty,
 * a page of them, the cursor the streamed answer reads, and the period's
 * sums. See ledger_store.h and docs/ledger.md.
 */
#include "store/ledger_store.h"
#include "store/ledger_store_impl.h"
#include "store/ledger_views_impl.h"

#include <string.h>

int nb_ledger_store_statement(nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts,
                              int64_t *opening,
                              int (*fn)(void *ctx, const nb_ledger_stmt_line *line), void *ctx,
                              nb_err *err)
{
    return nb_ledger_store_statement_lines(st, account_id, from_ts, to_ts, 0, -1, 1, opening, fn,
                                           ctx, err);
}

int nb_ledger_store_statement_page(nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts,
                                   int64_t offset, int64_t limit, int64_t *opening,
                                   int (*fn)(void *ctx, const nb_ledger_stmt_line *line), void *ctx,
                                   nb_err *err)
{
    return nb_ledger_store_statement_lines(st, account_id, from_ts, to_ts, offset, limit, 1,
                                           opening, fn, ctx, err);
}

static const char nb_stmt_open_sql[] =
    "SELECT coalesce(sum(" NB_TR_DELTA "), 0) FROM ledger_transfers t "
    "LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND t.reverses_id <> '' "
    "WHERE (t.debit_account_id = $1 OR t.credit_account_id = $1) AND t.ts < $2";
/* The line's assignment: a reservation's through its allocation, a
 * posting's through its time entry. Only a pending transfer can be a
 * reservation (nb_hours_ledger reserves and re-reserves with
 * NB_TRANSFER_PENDING), so any other line skips that lookup; a pending
 * one (a re-reservation is in both tables) keeps the reservation first. */
#define NB_STMT_ASSIGNMENT                                                            \
    "CASE WHEN (t.flags & 1) <> 0 THEN coalesce((SELECT a.assignment_id FROM "        \
    "allocation_reservations ar JOIN allocations a ON a.id = ar.allocation_id WHERE " \
    "ar.transfer_id = t.tid), " NB_STMT_BY_ENTRY ", 0) ELSE coalesce(" NB_STMT_BY_ENTRY ", 0) END"
#define NB_STMT_BY_ENTRY                                                                     \
    "(SELECT te.assignment_id FROM time_entry_transfers tt JOIN time_entries te ON te.id = " \
    "tt.time_entry_id WHERE tt.transfer_id = t.tid)"
#define NB_STMT_COLUMNS(assignment)                                                   \
    "SELECT " NB_TR_COLUMNS ", " NB_TR_DELTA ", coalesce(o.id, 0), coalesce(o.name, " \
    "'netwerkfonds'), " assignment ", t.id "
#define NB_STMT_JOINS(counter)                                                          \
    "LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND t.reverses_id <> '' "    \
    "JOIN ledger_accounts c ON c.id = " counter " LEFT JOIN organisations o ON o.id = " \
    "c.organisation_id "
/* From the first line: the debit side and the credit side, each in
 * (ts, id) order on its index, merged (no sort, no temporary table) —
 * the two sides of a compound SELECT whose ORDER BY names the columns
 * t.ts (11) and t.id (21). A transfer from the account to itself is a
 * line on each side, as in the page form below. */
#define NB_STMT_SIDE(assignment, account, counter)                       \
    NB_STMT_COLUMNS(assignment)                                          \
    "FROM ledger_transfers t " NB_STMT_JOINS(counter) "WHERE t." account \
                                                      " = $1 AND t.ts >= $2 AND t.ts < $3 "
#define NB_STMT_ORDER_11_21 "ORDER BY 11, 21 LIMIT $4 OFFSET $5"
#define NB_STMT_FIRST(assignment)                                                    \
    NB_STMT_SIDE(assignment, "debit_account_id", "t.credit_account_id")              \
    "UNION ALL " NB_STMT_SIDE(assignment, "credit_account_id", "t.debit_account_id") \
        NB_STMT_ORDER_11_21
static const char nb_stmt_first_sql[] = NB_STMT_FIRST(NB_STMT_ASSIGNMENT);
static const char nb_stmt_first_sql_bare[] = NB_STMT_FIRST("0");
/* Further on (offset > 0): p, the page's row ids, from the debit and the
 * credit index (both (account, ts, rowid)) merged in order — covering, no
 * table rows read for the lines skipped; the joins and lookups run for the
 * page's lines only, and the page is sorted again. */
#define NB_STMT_FURTHER(assignment)                                                             \
    NB_STMT_COLUMNS(assignment)                                                                 \
    "FROM (SELECT id, ts FROM ledger_transfers WHERE debit_account_id = $1 AND ts >= $2 AND "   \
    "ts < $3 UNION ALL SELECT id, ts FROM ledger_transfers WHERE credit_account_id = $1 AND "   \
    "ts >= $2 AND ts < $3 ORDER BY 2, 1 LIMIT $4 OFFSET $5) p JOIN ledger_transfers t ON t.id " \
    "= p.id " NB_STMT_JOINS("CASE WHEN t.debit_account_id = $1 THEN t.credit_account_id ELSE "  \
                            "t.debit_account_id END") "ORDER BY t.ts, t.id"
static const char nb_stmt_lines_sql[] = NB_STMT_FURTHER(NB_STMT_ASSIGNMENT);
static const char nb_stmt_lines_sql_bare[] = NB_STMT_FURTHER("0");
#undef NB_STMT_FURTHER
#undef NB_STMT_FIRST
#undef NB_STMT_ORDER_11_21
#undef NB_STMT_SIDE
#undef NB_STMT_COLUMNS
#undef NB_STMT_JOINS
#undef NB_STMT_ASSIGNMENT
#undef NB_STMT_BY_ENTRY

int nb_ledger_stmt_cursor_open(nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts,
                               int64_t offset, int64_t limit, int assignments, int64_t *opening,
                               nb_ledger_stmt_cursor *cur, nb_err *err)
{
    int rc = 0;
    memset(cur, 0, sizeof *cur);
    nb_db_stmt *s = nb_store_stmt(st, nb_stmt_open_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, account_id);
    nb_store_bind_int(st, s, 2, from_ts);
    if (nb_store_step(st, s) != NB_DB_ROW) {
        rc = nb_store_fail(st, err, "statement");
        nb_db_reset(s);
        return rc;
    }
    *opening = nb_db_col_int(s, 0);
    nb_db_reset(s);
    const char *sql = offset > 0 ? (assignments ? nb_stmt_lines_sql : nb_stmt_lines_sql_bare)
                                 : (assignments ? nb_stmt_first_sql : nb_stmt_first_sql_bare);
    if ((s = nb_store_stmt(st, sql, err)) == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, account_id);
    nb_store_bind_int(st, s, 2, from_ts);
    nb_store_bind_int(st, s, 3, stmt_to(to_ts));
    nb_store_bind_int(st, s, 4, limit < 0 ? -1 : limit);
    nb_store_bind_int(st, s, 5, offset > 0 ? offset : 0);
    if (limit < 0)
        nb_db_stream(s); /* every line of the period (a streamed answer): bounded memory */
    cur->st = st;
    cur->s = s;
    return 0;
}

int nb_ledger_stmt_cursor_next(nb_ledger_stmt_cursor *cur, nb_err *err)
{
    if (cur->s == NULL)
        return 0;
    int r = nb_store_step(cur->st, cur->s);
    if (r == NB_DB_DONE) {
        nb_ledger_stmt_cursor_close(cur);
        return 0;
    }
    if (r != NB_DB_ROW) {
        int rc = nb_store_fail(cur->st, err, "statement");
        nb_ledger_stmt_cursor_close(cur);
        return rc;
    }
    nb_db_stmt *s = cur->s;
    nb_ledger_store_entry_row(s, &cur->entry);
    cur->line.entry = &cur->entry;
    cur->line.delta = nb_db_col_int(s, NB_TR_NCOLS);
    cur->line.counter_org_id = nb_db_col_int(s, NB_TR_NCOLS + 1);
    cur->line.counter_name = nb_store_col_text(s, NB_TR_NCOLS + 2);
    cur->line.assignment_id = nb_db_col_int(s, NB_TR_NCOLS + 3);
    cur->line.position = nb_db_col_int(s, NB_TR_NCOLS + 4);
    return 1;
}

void nb_ledger_stmt_cursor_close(nb_ledger_stmt_cursor *cur)
{
    if (cur->s != NULL)
        nb_db_reset(cur->s);
    cur->s = NULL;
}

int nb_ledger_store_statement_lines(nb_store *st, int64_t account_id, int64_t from_ts,
                                    int64_t to_ts, int64_t offset, int64_t limit, int assignments,
                                    int64_t *opening,
                                    int (*fn)(void *ctx, const nb_ledger_stmt_line *line),
                                    void *ctx, nb_err *err)
{
    nb_ledger_stmt_cursor cur;
    int rc = nb_ledger_stmt_cursor_open(st, account_id, from_ts, to_ts, offset, limit, assignments,
                                        opening, &cur, err);
    while (rc == 0 && (rc = nb_ledger_stmt_cursor_next(&cur, err)) == 1)
        rc = fn(ctx, &cur.line);
    nb_ledger_stmt_cursor_close(&cur);
    return rc;
}

int nb_ledger_store_statement_sums(nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts,
                                   nb_transfer_kind kind, int64_t key_ts, int64_t key_id,
                                   nb_ledger_stmt_sums *out, nb_err *err)
{
    static const char sql[] =
        "SELECT count(*), coalesce(sum(max(d, 0)), 0), coalesce(sum(min(d, 0)), 0), "
        "coalesce(sum(CASE WHEN ts < $5 OR (ts = $5 AND id < $6) THEN d END), 0) FROM ("
        "SELECT t.ts AS ts, t.id AS id, " NB_TR_DELTA " AS d FROM ledger_transfers t "
        "LEFT JOIN ledger_transfers r ON r.tid = t.reverses_id AND t.reverses_id <> '' "
        "WHERE (t.debit_account_id = $1 OR t.credit_account_id = $1) AND t.ts >= $2 "
        "AND t.ts < $3 AND (t.kind = $4 OR $4 IS NULL)) AS q";
    memset(out, 0, sizeof *out);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, account_id);
    nb_store_bind_int(st, s, 2, from_ts);
    nb_store_bind_int(st, s, 3, stmt_to(to_ts));
    nb_store_bind_text(st, s, 4, kind != NB_KIND_NONE ? nb_ledger_kind_name(kind) : NULL);
    nb_store_bind_int(st, s, 5, key_ts);
    nb_store_bind_int(st, s, 6, key_id);
    int rc = 0;
    if (nb_store_step(st, s) == NB_DB_ROW) {
        out->count = nb_db_col_int(s, 0);
        out->given = nb_db_col_int(s, 1);
        out->taken = nb_db_col_int(s, 2);
        out->before = nb_db_col_int(s, 3);
    } else {
        rc = nb_store_fail(st, err, "statement sums");
    }
    nb_db_reset(s);
    return rc;
}
