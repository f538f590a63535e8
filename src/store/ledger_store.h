/*
 * store/ledger_store.h — persistence of the hours ledger (migration 002).
 *
 * CONTRACT between the ledger persistence (store/ledger_store.c) and its
 * users (allocations, time entries, deposits, the grootboek API). All calls
 * run inside the caller's transaction (the HTTP server's per-request
 * transaction, BEGIN IMMEDIATE for writes), so a check and the write that
 * follows it cannot race, and a failure anywhere rolls everything back.
 *
 * Accounts: one per organisation (created on first use) and one network fund
 * account. The core (core/ledger.h) decides; this module loads exactly the
 * affected accounts and referenced transfers, calls nb_ledger_apply, and
 * writes back changed accounts, entry states and new transfers. Balances are
 * stored on the account rows, so reading a balance never scans the history.
 */
#ifndef NB_STORE_LEDGER_STORE_H
#define NB_STORE_LEDGER_STORE_H

#include "util/attr.h"

#include "core/ledger.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The account id of organisation org_id, creating the account if needed. */
NB_MUST_USE int nb_ledger_store_org_account(nb_store *st, int64_t org_id, int64_t *account_id,
                                            nb_err *err);

/* The account id of the network fund, creating it if needed. */
NB_MUST_USE int nb_ledger_store_fund_account(nb_store *st, int64_t *account_id, nb_err *err);

/* The organisation of an account (0 for the fund). NB_ENOTFOUND if no such account. */
NB_MUST_USE int nb_ledger_store_account_org(nb_store *st, int64_t account_id, int64_t *org_id,
                                            nb_err *err);

/*
 * Applies a batch (see nb_ledger_apply for the semantics: linked chains,
 * idempotent retries by id) and persists the outcome. results: caller-owned,
 * n elements. Returns what nb_ledger_apply returns (0, NB_ELIMIT, NB_ECONFLICT,
 * NB_EINVAL, NB_ENOTFOUND) or NB_EDB/NB_ENOMEM. On a non-zero return nothing
 * of the batch was written *by this call*; the caller rolls back its
 * transaction anyway. The store writes a batch whole or not at all, also an
 * unlinked one: when any transfer is refused, those the core would have
 * applied report NB_TR_LINKED_EVENT_FAILED with failed_index naming the first
 * refusal — NB_TR_OK always means "written". timestamp of new transfers is set
 * here (UTC seconds).
 */
NB_MUST_USE int nb_ledger_store_apply(nb_store *st, const nb_transfer *batch, size_t n,
                                      nb_transfer_result *results, nb_err *err);

/* Loads account id into out. NB_ENOTFOUND if absent. */
NB_MUST_USE int nb_ledger_store_account(nb_store *st, int64_t account_id, nb_account *out,
                                        nb_err *err);

/*
 * Loads the stored entry of transfer id (borrowed, not NULL) into out (the
 * caller's) with nb_store_lookup: 0; NB_ENOTFOUND ("Boeking <id> bestaat
 * niet.") if absent; NB_EDB when the statement fails.
 */
NB_MUST_USE int nb_ledger_store_entry(nb_store *st, const char *id, nb_ledger_entry *out,
                                      nb_err *err);

/* ------------------------------------------------------------------------ */
/* Additions (ledger persistence, issue 3): settings, lookups, listings.     */
/* ------------------------------------------------------------------------ */

/* Settings keys (table settings) of the network. */
#define NB_SETTING_HOUR_RATE "uurtarief_cent" /* euro cents per hour, decimal */
#define NB_SETTING_ALLOC_KEY "verdeelsleutel" /* nb_key_name() of the key */

/* Transfer ids starting with this prefix are reserved for the server itself
 * (credit-line reconciliation); the API refuses them from clients. */
#define NB_LEDGER_SYSTEM_PREFIX "sys:"

/* The network's hour rate in euro cents per hour. NB_ENOTFOUND when unset. */
NB_MUST_USE int nb_ledger_store_hour_rate(nb_store *st, int64_t *cents, nb_err *err);

/* Dutch name of a kind as stored and shown ("werk", "storting", "kredietlijn",
 * "correctie", "terugboeking"); "" for NB_KIND_NONE. Static storage. */
const char *nb_ledger_kind_name(nb_transfer_kind kind);

/* The phase of a transfer as the API and the pages name it: "reservering",
 * "boeking-van-reservering", "vrijgave" or "boeking". Static storage. */
const char *nb_ledger_phase_name(const nb_transfer *t);

/* Parses a Dutch kind name; NB_KIND_NONE when unknown. */
NB_MUST_USE nb_transfer_kind nb_ledger_kind_parse(const char *name);

/* Like nb_ledger_store_org_account but never creates: NB_ENOTFOUND when the
 * organisation has no account yet (it then has zero balances). */
NB_MUST_USE int nb_ledger_store_find_org_account(nb_store *st, int64_t org_id, int64_t *account_id,
                                                 nb_err *err);

/*
 * Makes the ledger credit line of organisation org_id equal target minutes
 * (the registry's kredietlijnMinuten): raises with a credit-line transfer from
 * the fund, lowers by reversing credit-line transfers (newest first) plus a
 * raise for the remainder, all one linked chain with server ids
 * "sys:kl:...". Creates the account if needed (a new account starts with the
 * organisation row's credit line). *changed (optional) receives the number of
 * transfers written. Lowering below what the organisation already uses is
 * refused with NB_ELIMIT; then refusal (optional) gets account_id, available
 * (now) and shortfall (minutes used beyond target). Runs in the caller's
 * write transaction.
 */
NB_MUST_USE int nb_ledger_store_sync_credit_line(nb_store *st, int64_t org_id, int64_t target,
                                                 const char *reason, int *changed,
                                                 nb_transfer_result *refusal, nb_err *err);

/* One account with its owner, for overviews. */
typedef struct nb_ledger_account_row {
    nb_account account;      /* id 0: the organisation has no account yet */
    int64_t organisation_id; /* 0 for the fund */
    char org_code[24];       /* "" for the fund */
    char org_name[128];      /* "netwerkfonds" for the fund */
} nb_ledger_account_row;

/*
 * Calls fn for the fund (first, if it exists) and then every organisation
 * ordered by name, code (organisations without an account get a zero account
 * whose credit line is the registry's). fn returning non-zero stops the walk
 * and is returned.
 */
NB_MUST_USE int nb_ledger_store_accounts(nb_store *st,
                                         int (*fn)(void *ctx, const nb_ledger_account_row *row),
                                         void *ctx, nb_err *err);

/* The account row of one organisation (zero account if it has none yet).
 * NB_ENOTFOUND when the organisation does not exist. */
NB_MUST_USE int nb_ledger_store_org_row(nb_store *st, int64_t org_id, nb_ledger_account_row *out,
                                        nb_err *err);

/* Filter for nb_ledger_store_list (zero/NULL fields match anything; so does
 * an id or time <= 0: a caller with nothing to match, such as an organisation
 * without an account yet, answers the empty page itself). */
typedef struct nb_ledger_filter {
    int64_t account_id;    /* debit or credit account (<= 0 = any) */
    nb_transfer_kind kind; /* NB_KIND_NONE = any */
    int64_t from_ts;       /* ts >= from_ts (<= 0 = open) */
    int64_t to_ts;         /* ts < to_ts (<= 0 = open) */
    nb_sort sort;          /* over nb_ledger_sort_fields; n = 0: application order */
} nb_ledger_filter;

/* The fields a list of transfers can be sorted on (API names), NULL-terminated; equal
 * values keep application order. */
extern const nb_sort_field nb_ledger_sort_fields[];

/* A listed transfer with the organisations of its two accounts. */
typedef struct nb_ledger_list_row {
    nb_ledger_entry entry;
    int64_t debit_org_id;  /* organisation of the debit account, 0 = the fund */
    int64_t credit_org_id; /* organisation of the credit account, 0 = the fund */
} nb_ledger_list_row;

/*
 * Calls fn for each stored entry matching filter in application order (row
 * id) or filter->sort, skipping offset and at most limit rows (limit < 0:
 * all); *total (optional) receives the count (memoised while nothing is
 * written, nb_store_memo_*). The row is borrowed for the call. fn returning
 * non-zero stops and is returned.
 */
NB_MUST_USE int nb_ledger_store_list(nb_store *st, const nb_ledger_filter *filter, int64_t offset,
                                     int64_t limit,
                                     int (*fn)(void *ctx, const nb_ledger_list_row *r), void *ctx,
                                     int64_t *total, nb_err *err);

/* One line of a statement (afschrift) of an account. */
typedef struct nb_ledger_stmt_line {
    const nb_ledger_entry *entry; /* borrowed for the callback */
    int64_t delta;                /* effect on the posted balance (signed);
                                     0 for reservations, voids, credit lines */
    int64_t counter_org_id;       /* counterparty organisation, 0 = fund */
    const char *counter_name;     /* its name or "netwerkfonds" */
    int64_t assignment_id;        /* the assignment of a work transfer
                                     (through its reservation or time entry), 0 = none */
    int64_t position;             /* the transfer's row id: with its ts, the line's place in
                                     the statement's (ts, id) order */
} nb_ledger_stmt_line;

/*
 * Statement of account_id for [from_ts, to_ts): *opening = posted balance
 * before from_ts; fn called per transfer touching the account in time order.
 * to_ts 0 = open. fn returning non-zero stops and is returned.
 */
NB_MUST_USE int nb_ledger_store_statement(nb_store *st, int64_t account_id, int64_t from_ts,
                                          int64_t to_ts, int64_t *opening,
                                          int (*fn)(void *ctx, const nb_ledger_stmt_line *line),
                                          void *ctx, nb_err *err);

/*
 * One page of that statement: *opening = posted balance before from_ts; fn
 * called for the lines offset .. offset+limit-1 (limit < 0: to the end) in
 * (ts, id) order. The lines are found on the two account indexes merged in
 * order (no sort of the period), so the work is the page's lines plus an
 * index step per skipped line. to_ts 0 = open.
 */
NB_MUST_USE int nb_ledger_store_statement_page(
    nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts, int64_t offset, int64_t limit,
    int64_t *opening, int (*fn)(void *ctx, const nb_ledger_stmt_line *line), void *ctx,
    nb_err *err);

/*
 * nb_ledger_store_statement_page (offset 0, limit -1: nb_ledger_store_statement)
 * with assignments 0: every line's assignment_id is 0, not looked up (two
 * index lookups a line), for answers that do not show it.
 */
NB_MUST_USE int nb_ledger_store_statement_lines(
    nb_store *st, int64_t account_id, int64_t from_ts, int64_t to_ts, int64_t offset, int64_t limit,
    int assignments, int64_t *opening, int (*fn)(void *ctx, const nb_ledger_stmt_line *line),
    void *ctx, nb_err *err);

/*
 * The same lines pulled one at a time (a streamed answer, http/stream.h):
 * open computes *opening and starts the query (arguments as
 * nb_ledger_store_statement_lines); next returns 1 with cur->line filled
 * (borrowed until the next call), 0 at the end, or NB_EDB; close ends the
 * query early (NULL-safe after the end; also after a failed open). Between
 * calls the query holds st: nothing else may use st until it is closed.
 */
typedef struct nb_ledger_stmt_cursor {
    nb_store *st;  /* borrowed */
    nb_db_stmt *s; /* the running query, NULL when closed */
    nb_ledger_entry entry;
    nb_ledger_stmt_line line; /* line.entry points at entry */
} nb_ledger_stmt_cursor;
NB_MUST_USE int nb_ledger_stmt_cursor_open(nb_store *st, int64_t account_id, int64_t from_ts,
                                           int64_t to_ts, int64_t offset, int64_t limit,
                                           int assignments, int64_t *opening,
                                           nb_ledger_stmt_cursor *cur, nb_err *err);
NB_MUST_USE int nb_ledger_stmt_cursor_next(nb_ledger_stmt_cursor *cur, nb_err *err);
void nb_ledger_stmt_cursor_close(nb_ledger_stmt_cursor *cur);

/* The figures of a statement period without its lines. */
typedef struct nb_ledger_stmt_sums {
    int64_t count;  /* transfers touching the account in the period */
    int64_t given;  /* sum of the positive effects on the posted balance */
    int64_t taken;  /* sum of the negative effects (<= 0) */
    int64_t before; /* sum of the effects of the period's lines before the key */
} nb_ledger_stmt_sums;

/*
 * Sums the transfers of account_id in [from_ts, to_ts) (to_ts 0 = open) of
 * kind (NB_KIND_NONE = every kind) into out; out->before sums those ordered
 * before (key_ts, key_id) (the first line of a page; 0, 0 = none). One pass
 * over the period's transfers, no lines kept. 0, or NB_EDB with err set.
 */
NB_MUST_USE int nb_ledger_store_statement_sums(nb_store *st, int64_t account_id, int64_t from_ts,
                                               int64_t to_ts, nb_transfer_kind kind, int64_t key_ts,
                                               int64_t key_id, nb_ledger_stmt_sums *out,
                                               nb_err *err);

/*
 * Recomputes everything from the stored transfers (the nb_ledger_check
 * rules, streamed) into report, and the month totals of every account
 * (ledger_account_months, migration 017): a stored row that differs from
 * the transfers, or a month with transfers but no row, counts in
 * report->mismatched_months and fails the check. Returns 0 (ok),
 * NB_ECONFLICT (report says what), or NB_ENOMEM/NB_EDB/NB_EBUSY with err set
 * — a failed step is an error, never a finding. Memory: the accounts and one
 * entry per account and month of history; the transfers are read one at a
 * time and nothing is kept per transfer (whether a reservation was resolved
 * or a transfer reversed once is read from the stored entry state of the
 * transfer named). Run it inside a read transaction so that it sees one
 * snapshot.
 */
NB_MUST_USE int nb_ledger_store_check(nb_store *st, nb_ledger_report *report, nb_err *err);

/*
 * Adds the month totals (ledger_account_months) of n transfers that were
 * written as rows of ledger_transfers in the current write transaction
 * without nb_ledger_store_apply (which adds its own): written[i].transfer
 * with its timestamp and money_cents; a reversal's family is read from an
 * earlier transfer of written or else from the stored one (none when it does
 * not exist). One upsert per account and month. For tools and tests that
 * write transfer rows themselves. 0, NB_ENOMEM, or NB_EDB with err set.
 */
NB_MUST_USE int nb_ledger_store_months_add(nb_store *st, const nb_ledger_entry *written, size_t n,
                                           nb_err *err);

/* The ledger's figures of one organisation over a period (the hours budget,
 * store/budget.h). Minutes unless named otherwise; posted only. */
typedef struct nb_ledger_period_row {
    int64_t organisation_id;
    char org_code[24];
    char org_name[128];
    char org_kind[16];
    int64_t opening;         /* posted balance before from_ts (the statement's opening) */
    int64_t taken;           /* work debited in the period, less its reversals */
    int64_t brought;         /* work credited in the period, less its reversals */
    int64_t deposit_minutes; /* deposits credited in the period, less their reversals */
    int64_t deposit_cents;   /* the money of those deposits */
    int64_t closing;         /* posted balance before to_ts (now, for an open period) */
    int64_t credit_line;     /* the credit line before to_ts (the registry's without account) */
    int64_t debits_pending;  /* the account now: open reservations charged to it */
    int64_t credits_pending; /* the account now: open reservations in its favour */
} nb_ledger_period_row;

/*
 * Calls fn for every organisation (ordered by name, code; those without an
 * account with zeros) with its figures of [from_ts, to_ts) (to_ts 0 = open).
 * One query, from the balances on the account rows and: when from_ts and
 * to_ts (unless open) are each 00:00 in Europe/Amsterdam on the first of a
 * month, the month totals from from_ts's month on (ledger_account_months: a
 * row per account and month, whatever the number of transfers); otherwise
 * the transfers from from_ts on, grouped by debit and by credit account.
 * Nothing before the period is read; both give the same figures. fn
 * returning non-zero stops and is returned; 0, or NB_EDB with err set.
 */
NB_MUST_USE int nb_ledger_store_period_rows(nb_store *st, int64_t from_ts, int64_t to_ts,
                                            int (*fn)(void *ctx, const nb_ledger_period_row *row),
                                            void *ctx, nb_err *err);

/* The calendar month in Europe/Amsterdam of Unix time ts as YYYYMM (202611):
 * the month key of ledger_account_months (the write path and the control
 * check use it; migration 017's backfill finds the same month in SQL). */
int32_t nb_ledger_month_of(int64_t ts);

#endif
