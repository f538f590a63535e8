/*
 * store/ledger_store_impl.h — internal helpers shared by ledger_store.c
 * (persistence and apply) and the read views (ledger_views.c,
 * ledger_statement.c, ledger_control.c): the column
 * lists of ledger_accounts and ledger_transfers and the row readers that go
 * with them. Not a public header.
 */
#ifndef NB_STORE_LEDGER_STORE_IMPL_H
#define NB_STORE_LEDGER_STORE_IMPL_H

#include "util/attr.h"

#include "store/ledger_store.h"

#include <stdint.h>

#define NB_ACCT_COLUMNS                                                                         \
    "id, debits_pending, debits_posted, credits_pending, credits_posted, credit_line_minutes, " \
    "flags, organisation_id"

/* Fills *a (and *org when not NULL) from a row selected with NB_ACCT_COLUMNS. */
void nb_ledger_store_acct_row(nb_db_stmt *s, nb_account *a, int64_t *org);

/*
 * Runs sql (with param bound to $1 when param != 0) and stores the first
 * column of the first row in *out. 0, NB_ENOTFOUND when there is no row, or
 * NB_EDB with err set.
 */
NB_MUST_USE int nb_ledger_store_single_id(nb_store *st, const char *sql, int64_t param,
                                          int64_t *out, nb_err *err);

/* Column list of ledger_transfers (alias t); NB_TR_NCOLS columns. */
#define NB_TR_COLUMNS                                                                           \
    "t.tid, t.debit_account_id, t.credit_account_id, t.amount, t.kind, t.flags, t.pending_id, " \
    "t.reverses_id, t.money_cents, t.hour_rate_cents, t.ts, t.reason, t.pending_state, "        \
    "t.posted_amount, t.resolved_by, t.reversed_by"
#define NB_TR_NCOLS 16

/* Fills *e from a row whose first columns are NB_TR_COLUMNS. */
void nb_ledger_store_entry_row(nb_db_stmt *s, nb_ledger_entry *e);

/* The SQL of the batch view's reads (nb_ledger_store_apply): the accounts
 * named ($1 a JSON array of ids) when accounts, else the transfers of up to
 * eight tids ($1..$8). For the test that SQLite runs them on indexes only. */
const char *nb_ledger_store_view_sql(int accounts);

/* The columns of ledger_account_months a transfer adds to (migration 017), in
 * the table's order: delta, taken, brought, deposit minutes, deposit cents,
 * credit line. */
#define NB_MONTH_COLS 6

/*
 * What transfer t (its money_cents given apart: the control check's rows do
 * not fill it; rkind and rcents: the kind and money of the transfer its
 * reverses_id names, NB_KIND_NONE and 0 when none) adds to the month totals
 * of its debit account (debit) and of its credit account (credit): the rules
 * of migration 017 (ledger_months.c), kept by the ledger's write path and
 * recomputed by the control check (ledger_control.c). The month is
 * nb_ledger_month_of(the transfer's timestamp).
 */
void nb_ledger_month_parts(const nb_transfer *t, int64_t money_cents, nb_transfer_kind rkind,
                           int64_t rcents, int64_t debit[NB_MONTH_COLS],
                           int64_t credit[NB_MONTH_COLS]);

/* The kind and money of the transfer tid names, for a reversal's family:
 * 0 (both left as they were when there is none), or a negative NB_E* code
 * with err set. */
typedef int (*nb_ledger_reversed_fn)(void *ctx, const char *tid, nb_transfer_kind *kind,
                                     int64_t *cents, nb_err *err);

/*
 * Adds what the n transfers e[0..n) (written in this transaction, with their
 * timestamps) contribute to the month totals (ledger_months.c): the
 * contributions of every (account, month) summed first, then one upsert
 * each, sent with the next statement (nb_store_exec_later). A reversal's
 * family comes from an earlier transfer of e or else from reversed(ctx, ...).
 * e and what it points to stay the caller's. 0, NB_ENOMEM, or the failure of
 * reversed or of a write (err set).
 */
NB_MUST_USE int nb_ledger_months_write(nb_store *st, const nb_ledger_entry *const *e, size_t n,
                                       nb_ledger_reversed_fn reversed, void *ctx, nb_err *err);

#endif
