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

#include "core/ledger.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The account id of organisation org_id, creating the account if needed. */
int nb_ledger_store_org_account(nb_store *st, int64_t org_id, int64_t *account_id, nb_err *err);

/* The account id of the network fund, creating it if needed. */
int nb_ledger_store_fund_account(nb_store *st, int64_t *account_id, nb_err *err);

/* The organisation of an account (0 for the fund). NB_ENOTFOUND if no such account. */
int nb_ledger_store_account_org(nb_store *st, int64_t account_id, int64_t *org_id, nb_err *err);

/*
 * Applies a batch (see nb_ledger_apply for the semantics: linked chains,
 * idempotent retries by id) and persists the outcome. results: caller-owned,
 * n elements. Returns what nb_ledger_apply returns (0, NB_ELIMIT, NB_ECONFLICT,
 * NB_EINVAL, NB_ENOTFOUND) or NB_EDB/NB_ENOMEM. On a non-zero return nothing
 * of the batch was written *by this call*; the caller rolls back its
 * transaction anyway. timestamp of new transfers is set here (UTC seconds).
 */
int nb_ledger_store_apply(nb_store *st, const nb_transfer *batch, size_t n,
                          nb_transfer_result *results, nb_err *err);

/* Loads account id into out. NB_ENOTFOUND if absent. */
int nb_ledger_store_account(nb_store *st, int64_t account_id, nb_account *out, nb_err *err);

/* Loads the stored entry of transfer id. NB_ENOTFOUND if absent. */
int nb_ledger_store_entry(nb_store *st, const char *id, nb_ledger_entry *out, nb_err *err);

#endif
