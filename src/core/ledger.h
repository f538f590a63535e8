/*
 * core/ledger.h — the double-entry hours ledger (grootboek), pure rules.
 *
 * Modelled on TigerBeetle. Every organisation has one account, the network has
 * one fund account (flag NB_ACCOUNT_UNLIMITED, the only kind that may go
 * negative). A transfer (boeking) debits one account and credits another by a
 * positive number of minutes; it is immutable once applied. See
 * docs/ledger.md for the full model; the short version:
 *
 *   - balances: debits_pending, debits_posted, credits_pending, credits_posted;
 *   - limit (rule 2, no endless drawing rights): for a limited account
 *       debits_pending + debits_posted <= credits_posted + credit_line_minutes
 *     pending credits do NOT count as available. The limit is checked when a
 *     debit is reserved (pending) or posted directly; posting or voiding a
 *     reservation only lowers debits, so it can never break the limit;
 *   - two-phase: PENDING reserves; POST_PENDING posts 1..amount of it (the
 *     rest is released); VOID_PENDING releases it all; each at most once;
 *   - LINKED: a chain of transfers is applied all together or not at all;
 *   - reversal: the opposite entry of a posted transfer, at most once;
 *   - credit line: a transfer of kind NB_KIND_CREDIT_LINE from the fund raises
 *     the credit account's credit line and moves no balance;
 *   - idempotency: the client-chosen id; nb_ledger_same_content compares.
 *
 * The core never loads or stores anything. The store loads exactly the
 * affected accounts and the referenced transfers inside its transaction,
 * exposes them through an nb_ledger_view, calls nb_ledger_apply, and writes
 * back the (mutated) accounts and entries plus every new entry whose result
 * code is NB_TR_OK. Pure: no globals, no I/O, no clock.
 */
#ifndef NB_CORE_LEDGER_H
#define NB_CORE_LEDGER_H

#include "util/attr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Size of the id, pending_id and reverses_id buffers (NUL included). */
#define NB_TRANSFER_ID_SIZE 64
/* Size of the reason buffer (NUL included). */
#define NB_TRANSFER_REASON_SIZE 160
/* Largest amount of one transfer: 10^12 minutes (~1.9 million years). */
#define NB_LEDGER_AMOUNT_MAX INT64_C(1000000000000)

/* ------------------------------------------------------------------------ */
/* Accounts                                                                  */
/* ------------------------------------------------------------------------ */

enum {
    NB_ACCOUNT_UNLIMITED = 1u << 0 /* the network fund: may go negative */
};

typedef struct nb_account {
    int64_t id; /* > 0 */
    int64_t debits_pending;
    int64_t debits_posted;
    int64_t credits_pending;
    int64_t credits_posted;
    int64_t credit_line_minutes; /* derived from credit-line transfers */
    uint32_t flags;              /* NB_ACCOUNT_* */
} nb_account;

/* ------------------------------------------------------------------------ */
/* Transfers                                                                 */
/* ------------------------------------------------------------------------ */

typedef enum nb_transfer_kind {
    NB_KIND_NONE = 0,    /* invalid; catches zero-initialised transfers */
    NB_KIND_WORK,        /* hours worked: debit client, credit worker org */
    NB_KIND_DEPOSIT,     /* money brought: debit fund, credit org */
    NB_KIND_CREDIT_LINE, /* raise credit line: debit fund, credit org */
    NB_KIND_ADJUSTMENT,  /* correction decided by network management */
    NB_KIND_REVERSAL     /* opposite of a posted transfer (reverses_id) */
} nb_transfer_kind;

enum {
    NB_TRANSFER_PENDING = 1u << 0,      /* reserve; resolve later */
    NB_TRANSFER_POST_PENDING = 1u << 1, /* post the transfer pending_id */
    NB_TRANSFER_VOID_PENDING = 1u << 2, /* void the transfer pending_id */
    NB_TRANSFER_LINKED = 1u << 3        /* chained to the next in the batch */
};

/*
 * One transfer as submitted by a client and, once applied, as stored. All
 * fields are explicit (nothing is filled in by the core), so a stored
 * transfer reads on its own and a retry can be compared field by field:
 *
 *   post:     debit/credit = those of the pending, 1 <= amount <= its amount,
 *             kind = its kind;
 *   void:     debit/credit/amount/kind = those of the pending;
 *   reversal: debit = original credit, credit = original debit,
 *             amount = original amount, kind = NB_KIND_REVERSAL.
 *
 * nb_ledger_fill_from_ref fills these from the referenced entry for callers
 * that accept shorter requests.
 */
typedef struct nb_transfer {
    char id[NB_TRANSFER_ID_SIZE]; /* client-chosen idempotency id */
    int64_t debit_account_id;
    int64_t credit_account_id;
    int64_t amount; /* minutes, 1..NB_LEDGER_AMOUNT_MAX */
    nb_transfer_kind kind;
    uint32_t flags;                        /* NB_TRANSFER_* */
    char pending_id[NB_TRANSFER_ID_SIZE];  /* post/void: the pending transfer */
    char reverses_id[NB_TRANSFER_ID_SIZE]; /* reversal: the transfer reversed */
    int64_t money_cents;                   /* deposit: money brought */
    int64_t hour_rate_cents;               /* deposit: the rate applied */
    int64_t timestamp;                     /* set by the store; not compared */
    char reason[NB_TRANSFER_REASON_SIZE];  /* short free text, may be "" */
} nb_transfer;

/* Resolution state of a pending transfer. */
typedef enum nb_pending_state {
    NB_PENDING_NONE = 0, /* not a pending transfer */
    NB_PENDING_OPEN,     /* reserved, not yet resolved */
    NB_PENDING_POSTED,   /* resolved by a post (posted_amount minutes) */
    NB_PENDING_VOIDED    /* resolved by a void */
} nb_pending_state;

/*
 * A stored transfer plus its mutable bookkeeping: the resolution of a pending
 * transfer and the reversal of a posted one. This is what the store keeps per
 * transfer row and what the view hands to the core.
 */
typedef struct nb_ledger_entry {
    nb_transfer transfer;
    nb_pending_state state;                /* NB_PENDING_NONE unless PENDING */
    int64_t posted_amount;                 /* POSTED: minutes posted */
    char resolved_by[NB_TRANSFER_ID_SIZE]; /* id of the post/void, or "" */
    char reversed_by[NB_TRANSFER_ID_SIZE]; /* id of the reversal, or "" */
} nb_ledger_entry;

/*
 * What the core may see of the stored ledger. Both callbacks return a pointer
 * that the core may modify (balances, entry state) and that stays valid and
 * identical for the same key during one nb_ledger_apply call; NULL means
 * "does not exist". `transfer` is also used for the idempotency check, so it
 * must find every stored transfer whose id occurs in the batch (as id,
 * pending_id or reverses_id).
 */
typedef struct nb_ledger_view {
    void *ctx;
    nb_account *(*account)(void *ctx, int64_t id);
    nb_ledger_entry *(*transfer)(void *ctx, const char *id);
} nb_ledger_view;

/* Plain arrays behind a view (linear search); handy for tests and small loads. */
typedef struct nb_ledger_arrays {
    nb_account *accounts;
    size_t n_accounts;
    nb_ledger_entry *entries;
    size_t n_entries;
} nb_ledger_arrays;

/* ------------------------------------------------------------------------ */
/* Results                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum nb_transfer_code {
    NB_TR_OK = 0,              /* applied */
    NB_TR_EXISTS,              /* same id, same content: already applied */
    NB_TR_EXISTS_DIFFERENT,    /* same id, different content (409) */
    NB_TR_LINKED_EVENT_FAILED, /* another member of the chain failed */
    NB_TR_LINKED_CHAIN_OPEN,   /* last transfer of batch has LINKED */
    NB_TR_ID_INVALID,          /* empty, too long or bad characters */
    NB_TR_REASON_INVALID,      /* reason/pending_id/reverses_id
                                       not NUL-terminated */
    NB_TR_FLAGS_INVALID,       /* impossible flag combination for kind */
    NB_TR_KIND_INVALID,
    NB_TR_AMOUNT_INVALID, /* <= 0 or > NB_LEDGER_AMOUNT_MAX */
    NB_TR_SAME_ACCOUNT,   /* debit == credit */
    NB_TR_DEBIT_ACCOUNT_NOT_FOUND,
    NB_TR_CREDIT_ACCOUNT_NOT_FOUND,
    NB_TR_FUND_REQUIRED,   /* deposit/credit line not from the fund */
    NB_TR_DEPOSIT_INVALID, /* money/rate/amount inconsistent */
    NB_TR_EXCEEDS_LIMIT,   /* rule 2; account_id/available/shortfall */
    NB_TR_OVERFLOW,        /* a balance would overflow int64 */
    NB_TR_PENDING_NOT_FOUND,
    NB_TR_NOT_PENDING,            /* pending_id names a non-pending transfer */
    NB_TR_PENDING_MISMATCH,       /* accounts/kind/amount differ from pending */
    NB_TR_EXCEEDS_PENDING_AMOUNT, /* post amount > reserved amount */
    NB_TR_ALREADY_POSTED,
    NB_TR_ALREADY_VOIDED,
    NB_TR_REVERSED_NOT_FOUND,
    NB_TR_NOT_REVERSIBLE,    /* pending, void or reversal itself */
    NB_TR_REVERSAL_MISMATCH, /* not the exact opposite of the original */
    NB_TR_ALREADY_REVERSED,
    NB_TR_CODE_COUNT_
} nb_transfer_code;

typedef struct nb_transfer_result {
    nb_transfer_code code;
    int err;               /* NB_OK or the NB_E* category (NB_ELIMIT, ...) */
    size_t failed_index;   /* index in the batch of the transfer that failed:
                           own index, or the culprit for LINKED_EVENT_FAILED */
    int64_t account_id;    /* EXCEEDS_LIMIT: the account refused, else 0 */
    int64_t available;     /* EXCEEDS_LIMIT: its available minutes */
    int64_t shortfall;     /* EXCEEDS_LIMIT: amount - available (> 0) */
    nb_ledger_entry entry; /* NB_TR_OK: the new entry to store (state as at
                              the end of the batch) */
} nb_transfer_result;

/* ------------------------------------------------------------------------ */
/* Functions                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * Applies a batch of n transfers in order against the view. Transfers not
 * linked are independent: each succeeds or fails on its own. A chain (members
 * with NB_TRANSFER_LINKED, ended by the first member without it) is all or
 * nothing: on failure every change of the chain is undone, the culprit gets
 * its own code and the others NB_TR_LINKED_EVENT_FAILED with failed_index
 * naming the culprit. Later transfers see the effects of earlier ones,
 * including pending transfers created earlier in the same batch.
 *
 * Idempotency: a transfer whose id already exists (in the view or earlier in
 * the batch) is not applied again: NB_TR_EXISTS when nb_ledger_same_content,
 * NB_TR_EXISTS_DIFFERENT otherwise. A chain whose members all exist with the
 * same content is an idempotent retry (all NB_TR_EXISTS, err NB_OK); a chain
 * where only some exist fails (err NB_ECONFLICT).
 *
 * view: callbacks as documented at nb_ledger_view; the accounts and entries
 *       they return are modified in place.
 * batch: n transfers, read only. results: caller-owned, n elements, all
 *       written. timestamps are copied, not checked.
 *
 * Returns 0 when every transfer was applied or was an idempotent retry;
 * otherwise the NB_E* category of the first failure (NB_ELIMIT, NB_ECONFLICT,
 * NB_EINVAL, NB_ENOTFOUND) with err (optional) describing it. NB_EINVAL for
 * NULL arguments, NB_ENOMEM when the undo log cannot be allocated (nothing is
 * applied then).
 */
NB_MUST_USE int nb_ledger_apply(const nb_ledger_view *view, const nb_transfer *batch, size_t n,
                                nb_transfer_result *results, nb_err *err);

/*
 * Makes `view` search `arrays` (both caller-owned; arrays must outlive every
 * use of view). Lookups are linear.
 */
void nb_ledger_view_from_arrays(nb_ledger_view *view, nb_ledger_arrays *arrays);

/*
 * True when a and b carry the same client content: every field except
 * timestamp (strings compared up to their NUL). Use it for the idempotency
 * rule: same id + same content -> original result; else 409.
 */
bool nb_ledger_same_content(const nb_transfer *a, const nb_transfer *b);

/*
 * Available minutes of an account: credits_posted + credit_line_minutes -
 * debits_posted - debits_pending (pending credits do not count). INT64_MAX for
 * an unlimited account. Saturates instead of overflowing.
 */
int64_t nb_ledger_available(const nb_account *acct);

/*
 * Minutes a deposit of money_cents at hour_rate_cents per hour converts into:
 * floor(money_cents * 60 / hour_rate_cents). Returns 0 and *minutes; NB_EINVAL
 * when money or rate is <= 0 or the result is 0 or beyond NB_LEDGER_AMOUNT_MAX.
 */
NB_MUST_USE int nb_ledger_deposit_minutes(int64_t money_cents, int64_t hour_rate_cents,
                                          int64_t *minutes);

/*
 * Fills the zero/empty fields of a post, void or reversal request `t` from the
 * referenced entry `ref` (debit, credit, kind, and amount for void/reversal),
 * so that short API requests become the explicit form nb_ledger_apply wants.
 * Fields already set are left alone (apply will check them).
 */
void nb_ledger_fill_from_ref(nb_transfer *t, const nb_ledger_entry *ref);

/* Stable snake_case name of a result code ("exceeds_limit"); static storage. */
const char *nb_ledger_code_name(nb_transfer_code code);

/* The NB_E* category of a result code (NB_OK for OK and EXISTS). */
NB_MUST_USE int nb_ledger_code_err(nb_transfer_code code);

/* ------------------------------------------------------------------------ */
/* Control: recompute everything from the transfers                          */
/* ------------------------------------------------------------------------ */

typedef struct nb_ledger_report {
    bool ok;             /* every check below passed */
    int64_t posted_sum;  /* sum of credits_posted - debits_posted over
                                  the stored accounts; must be 0 */
    int64_t pending_sum; /* same for pending; must be 0 */
    size_t accounts_checked;
    size_t transfers_checked;
    size_t mismatched_accounts; /* stored balances != recomputed */
    size_t over_limit_accounts; /* limited accounts beyond their limit */
    size_t bad_transfers;       /* unknown account, dangling or double
                                  reference */
    size_t mismatched_months;   /* stored month totals of an account (the
                                  store's ledger_account_months) != recomputed;
                                  filled by nb_ledger_store_check only */
    int64_t first_mismatch_id;  /* 0 if none */
    int64_t first_over_limit_id;
    char first_problem[200]; /* human-readable, "" when ok */
} nb_ledger_report;

/*
 * Recomputes every account's balances and credit line from the transfer list
 * (every applied transfer, any order as long as a post/void/reversal comes
 * after what it references) and checks: the posted and pending sums are zero
 * (stored and recomputed), each stored account equals its recomputation, no
 * limited account is over its limit, every transfer references existing
 * accounts and resolves/reverses something at most once. Accounts and
 * transfers are read only; report is caller-owned and always written.
 *
 * Returns 0 when all checks pass, NB_ECONFLICT when any fails (details in
 * report), NB_EINVAL for NULL arguments or duplicate account ids, NB_ENOMEM.
 */
NB_MUST_USE int nb_ledger_check(const nb_account *accounts, size_t n, const nb_transfer *transfers,
                                size_t m, nb_ledger_report *report);

/*
 * The same control, streamed: a store can feed the transfers one at a time
 * in application order without holding them all in memory.
 *
 * nb_ledger_check_begin: accounts (borrowed; must outlive the checker) and
 *   report (caller-owned, zeroed here, filled by _end). *out is owned by the
 *   caller until nb_ledger_check_end or nb_ledger_check_free. NB_EINVAL for
 *   NULL arguments or duplicate account ids, NB_ENOMEM.
 * nb_ledger_check_duplicate: a transfer id that occurs more than once; call
 *   before the transfers, once per extra occurrence.
 * nb_ledger_check_next: the next transfer t at position seq (strictly
 *   increasing, from 1). ref is the transfer that t names (pending_id for a
 *   post/void, reverses_id for a reversal) and ref_seq its position, or NULL
 *   and 0 when no transfer has that id. Both borrowed for the call. NB_OK (a
 *   bad transfer is a finding, not an error), NB_EINVAL when seq does not
 *   increase, NB_ENOMEM.
 * nb_ledger_check_next_stored: nb_ledger_check_next for a store that has
 *   ref's entry state (ref_state: its resolved_by and reversed_by; ref's
 *   transfer is ref_state->transfer): whether another transfer resolved or
 *   reversed ref is read from that state instead of remembered — a post or
 *   void counts only when ref_state->resolved_by names t, a reversal only
 *   when ref_state->reversed_by names t. No mark is kept, so feeding a whole
 *   ledger this way needs memory for the accounts only. Do not mix the two
 *   forms on one checker.
 * nb_ledger_check_end: the account checks; fills report and frees the
 *   checker. Returns like nb_ledger_check (0 or NB_ECONFLICT).
 * Memory: the accounts, plus (nb_ledger_check_next only) one mark per
 * resolved or reversed transfer.
 */
typedef struct nb_ledger_checker nb_ledger_checker;
NB_MUST_USE int nb_ledger_check_begin(const nb_account *accounts, size_t n,
                                      nb_ledger_report *report, nb_ledger_checker **out);
void nb_ledger_check_duplicate(nb_ledger_checker *c, const char *id);
NB_MUST_USE int nb_ledger_check_next(nb_ledger_checker *c, const nb_transfer *t, int64_t seq,
                                     const nb_transfer *ref, int64_t ref_seq);
NB_MUST_USE int nb_ledger_check_next_stored(nb_ledger_checker *c, const nb_transfer *t, int64_t seq,
                                            const nb_ledger_entry *ref_state, int64_t ref_seq);
NB_MUST_USE int nb_ledger_check_end(nb_ledger_checker *c);
void nb_ledger_check_free(nb_ledger_checker *c); /* NULL is fine */

#endif
