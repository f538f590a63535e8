/*
 * core/ledger.c — the rules of the hours ledger: validation and application of
 * transfer batches (two-phase, linked, reversal, idempotency). The control
 * that recomputes every balance from the transfers is in ledger_check.c. See
 * ledger.h and docs/ledger.md.
 */
#include "core/ledger.h"
#include "core/ledger_impl.h"
#include "util/assert.h"

#include <stdlib.h>
#include <string.h>

#define ALL_TRANSFER_FLAGS \
    (NB_TRANSFER_PENDING | NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING | NB_TRANSFER_LINKED)

/* ======================================================================== */
/* Small helpers                                                             */
/* ======================================================================== */

/* A NUL within size and nothing but [A-Za-z0-9._:-], 1..size-1 long. */
static bool id_valid(const char *id)
{
    size_t len = 0;
    for (; len < NB_TRANSFER_ID_SIZE && id[len] != '\0'; len++) {
        char c = id[len];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == ':' || c == '-';
        if (!ok)
            return false;
    }
    return len > 0 && len < NB_TRANSFER_ID_SIZE;
}

static bool str_terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

/* Compares two fixed buffers as strings; unterminated buffers compare bytes. */
static bool str_eq(const char *a, const char *b, size_t size)
{
    return strncmp(a, b, size) == 0;
}

int64_t nb_ledger_available(const nb_account *acct)
{
    nb_i128 v;
    if (acct->flags & NB_ACCOUNT_UNLIMITED)
        return INT64_MAX;
    v = (nb_i128)acct->credits_posted + acct->credit_line_minutes - acct->debits_posted -
        acct->debits_pending;
    return nb_ledger_sat64(v);
}

int nb_ledger_deposit_minutes(int64_t money_cents, int64_t hour_rate_cents, int64_t *minutes)
{
    nb_i128 m;
    if (money_cents <= 0 || hour_rate_cents <= 0 || minutes == NULL)
        return NB_EINVAL;
    m = (nb_i128)money_cents * 60 / hour_rate_cents;
    if (m <= 0 || m > NB_LEDGER_AMOUNT_MAX)
        return NB_EINVAL;
    *minutes = (int64_t)m;
    return NB_OK;
}

bool nb_ledger_same_content(const nb_transfer *a, const nb_transfer *b)
{
    return str_eq(a->id, b->id, NB_TRANSFER_ID_SIZE) &&
           a->debit_account_id == b->debit_account_id &&
           a->credit_account_id == b->credit_account_id && a->amount == b->amount &&
           a->kind == b->kind && a->flags == b->flags &&
           str_eq(a->pending_id, b->pending_id, NB_TRANSFER_ID_SIZE) &&
           str_eq(a->reverses_id, b->reverses_id, NB_TRANSFER_ID_SIZE) &&
           a->money_cents == b->money_cents && a->hour_rate_cents == b->hour_rate_cents &&
           str_eq(a->reason, b->reason, NB_TRANSFER_REASON_SIZE);
}

void nb_ledger_fill_from_ref(nb_transfer *t, const nb_ledger_entry *ref)
{
    const nb_transfer *r = &ref->transfer;
    bool reversal = t->kind == NB_KIND_REVERSAL || t->reverses_id[0] != '\0';

    if (reversal) {
        t->kind = NB_KIND_REVERSAL;
        if (t->debit_account_id == 0)
            t->debit_account_id = r->credit_account_id;
        if (t->credit_account_id == 0)
            t->credit_account_id = r->debit_account_id;
        if (t->amount == 0)
            t->amount = r->amount;
        return;
    }
    if (t->debit_account_id == 0)
        t->debit_account_id = r->debit_account_id;
    if (t->credit_account_id == 0)
        t->credit_account_id = r->credit_account_id;
    if (t->kind == NB_KIND_NONE)
        t->kind = r->kind;
    if (t->amount == 0)
        t->amount = r->amount;
}

static const char *const code_names[NB_TR_CODE_COUNT_] = {
    [NB_TR_OK] = "ok",
    [NB_TR_EXISTS] = "exists",
    [NB_TR_EXISTS_DIFFERENT] = "exists_with_different_content",
    [NB_TR_LINKED_EVENT_FAILED] = "linked_event_failed",
    [NB_TR_LINKED_CHAIN_OPEN] = "linked_chain_open",
    [NB_TR_ID_INVALID] = "id_invalid",
    [NB_TR_REASON_INVALID] = "reason_invalid",
    [NB_TR_FLAGS_INVALID] = "flags_invalid",
    [NB_TR_KIND_INVALID] = "kind_invalid",
    [NB_TR_AMOUNT_INVALID] = "amount_invalid",
    [NB_TR_SAME_ACCOUNT] = "accounts_must_be_different",
    [NB_TR_DEBIT_ACCOUNT_NOT_FOUND] = "debit_account_not_found",
    [NB_TR_CREDIT_ACCOUNT_NOT_FOUND] = "credit_account_not_found",
    [NB_TR_FUND_REQUIRED] = "fund_account_required",
    [NB_TR_DEPOSIT_INVALID] = "deposit_invalid",
    [NB_TR_EXCEEDS_LIMIT] = "exceeds_limit",
    [NB_TR_OVERFLOW] = "overflow",
    [NB_TR_PENDING_NOT_FOUND] = "pending_transfer_not_found",
    [NB_TR_NOT_PENDING] = "pending_transfer_not_pending",
    [NB_TR_PENDING_MISMATCH] = "pending_transfer_mismatch",
    [NB_TR_EXCEEDS_PENDING_AMOUNT] = "exceeds_pending_transfer_amount",
    [NB_TR_ALREADY_POSTED] = "pending_transfer_already_posted",
    [NB_TR_ALREADY_VOIDED] = "pending_transfer_already_voided",
    [NB_TR_REVERSED_NOT_FOUND] = "reversed_transfer_not_found",
    [NB_TR_NOT_REVERSIBLE] = "transfer_not_reversible",
    [NB_TR_REVERSAL_MISMATCH] = "reversal_mismatch",
    [NB_TR_ALREADY_REVERSED] = "transfer_already_reversed",
};

const char *nb_ledger_code_name(nb_transfer_code code)
{
    if ((int)code < 0 || code >= NB_TR_CODE_COUNT_)
        return "unknown";
    return code_names[code];
}

int nb_ledger_code_err(nb_transfer_code code)
{
    switch (code) {
    case NB_TR_OK:
    case NB_TR_EXISTS:
        return NB_OK;
    case NB_TR_EXISTS_DIFFERENT:
    case NB_TR_LINKED_EVENT_FAILED:
    case NB_TR_ALREADY_POSTED:
    case NB_TR_ALREADY_VOIDED:
    case NB_TR_ALREADY_REVERSED:
        return NB_ECONFLICT;
    case NB_TR_DEBIT_ACCOUNT_NOT_FOUND:
    case NB_TR_CREDIT_ACCOUNT_NOT_FOUND:
    case NB_TR_PENDING_NOT_FOUND:
    case NB_TR_REVERSED_NOT_FOUND:
        return NB_ENOTFOUND;
    case NB_TR_EXCEEDS_LIMIT:
    case NB_TR_EXCEEDS_PENDING_AMOUNT:
    case NB_TR_OVERFLOW:
        return NB_ELIMIT;
    case NB_TR_LINKED_CHAIN_OPEN:
    case NB_TR_ID_INVALID:
    case NB_TR_REASON_INVALID:
    case NB_TR_FLAGS_INVALID:
    case NB_TR_KIND_INVALID:
    case NB_TR_AMOUNT_INVALID:
    case NB_TR_SAME_ACCOUNT:
    case NB_TR_FUND_REQUIRED:
    case NB_TR_DEPOSIT_INVALID:
    case NB_TR_NOT_PENDING:
    case NB_TR_PENDING_MISMATCH:
    case NB_TR_NOT_REVERSIBLE:
    case NB_TR_REVERSAL_MISMATCH:
    case NB_TR_CODE_COUNT_:
        break;
    }
    return NB_EINVAL;
}

/* ======================================================================== */
/* Array-backed view                                                         */
/* ======================================================================== */

static nb_account *arrays_account(void *ctx, int64_t id)
{
    nb_ledger_arrays *a = ctx;
    for (size_t i = 0; i < a->n_accounts; i++)
        if (a->accounts[i].id == id)
            return &a->accounts[i];
    return NULL;
}

static nb_ledger_entry *arrays_transfer(void *ctx, const char *id)
{
    nb_ledger_arrays *a = ctx;
    for (size_t i = 0; i < a->n_entries; i++)
        if (str_eq(a->entries[i].transfer.id, id, NB_TRANSFER_ID_SIZE))
            return &a->entries[i];
    return NULL;
}

void nb_ledger_view_from_arrays(nb_ledger_view *view, nb_ledger_arrays *arrays)
{
    view->ctx = arrays;
    view->account = arrays_account;
    view->transfer = arrays_transfer;
}

/* ======================================================================== */
/* Applying a batch                                                          */
/* ======================================================================== */

typedef struct undo_account {
    nb_account *ptr;
    nb_account old;
} undo_account;

typedef struct undo_entry {
    nb_ledger_entry *ptr;
    nb_pending_state state;
    int64_t posted_amount;
    char resolved_by[NB_TRANSFER_ID_SIZE];
    char reversed_by[NB_TRANSFER_ID_SIZE];
} undo_entry;

/* State of one nb_ledger_apply call. */
typedef struct apply_state {
    const nb_ledger_view *view;
    const nb_transfer *batch;
    nb_transfer_result *results;
    undo_account *ua; /* capacity 2n */
    size_t n_ua;
    undo_entry *ue; /* capacity n */
    size_t n_ue;
    size_t n; /* transfers in the batch */
} apply_state;

static void save_account(apply_state *st, nb_account *a)
{
    NB_ASSERT(st->n_ua < 2 * st->n); /* at most two accounts per transfer */
    st->ua[st->n_ua].ptr = a;
    st->ua[st->n_ua].old = *a;
    st->n_ua++;
}

static void save_entry(apply_state *st, nb_ledger_entry *e)
{
    NB_ASSERT(st->n_ue < st->n); /* at most one earlier entry per transfer */
    undo_entry *u = &st->ue[st->n_ue++];
    u->ptr = e;
    u->state = e->state;
    u->posted_amount = e->posted_amount;
    memcpy(u->resolved_by, e->resolved_by, sizeof u->resolved_by);
    memcpy(u->reversed_by, e->reversed_by, sizeof u->reversed_by);
}

/* Undoes every change recorded since the marks, newest first. */
static void rollback(apply_state *st, size_t mark_ua, size_t mark_ue)
{
    while (st->n_ua > mark_ua) {
        undo_account *u = &st->ua[--st->n_ua];
        *u->ptr = u->old;
    }
    while (st->n_ue > mark_ue) {
        undo_entry *u = &st->ue[--st->n_ue];
        u->ptr->state = u->state;
        u->ptr->posted_amount = u->posted_amount;
        memcpy(u->ptr->resolved_by, u->resolved_by, sizeof u->resolved_by);
        memcpy(u->ptr->reversed_by, u->reversed_by, sizeof u->reversed_by);
    }
}

/* Invariant "sums zero": what one transfer did to the accounts it saved
 * since mark (its debit and credit account) nets to zero, pending and
 * posted alike. A credit line changes neither. O(1): two accounts. */
static nb_i128 net_change(const apply_state *st, size_t mark)
{
    nb_i128 net = 0;
    for (size_t k = mark; k < st->n_ua; k++) {
        const nb_account *now = st->ua[k].ptr, *old = &st->ua[k].old;
        net += (nb_i128)now->credits_posted - now->debits_posted + now->credits_pending -
               now->debits_pending;
        net -= (nb_i128)old->credits_posted - old->debits_posted + old->credits_pending -
               old->debits_pending;
    }
    return net;
}

/* Invariant "balances within credit": an account this batch debited is not
 * below its limit (rule 2) unless it is the unlimited fund. */
static bool within_credit(const nb_account *a)
{
    return (a->flags & NB_ACCOUNT_UNLIMITED) || nb_ledger_available(a) >= 0;
}

/* Finds a transfer by id: first among the entries applied earlier in this
 * batch (newest first), then in the view. */
static nb_ledger_entry *find_entry(apply_state *st, size_t before, const char *id)
{
    for (size_t j = before; j-- > 0;) {
        nb_transfer_result *r = &st->results[j];
        if (r->code == NB_TR_OK && str_eq(r->entry.transfer.id, id, NB_TRANSFER_ID_SIZE))
            return &r->entry;
    }
    return st->view->transfer(st->view->ctx, id);
}

/* Limit check of rule 2 for debiting `amount` more from `a`. */
static nb_transfer_code check_limit(const nb_account *a, int64_t amount, nb_transfer_result *r)
{
    int64_t avail;
    if (a->flags & NB_ACCOUNT_UNLIMITED)
        return NB_TR_OK;
    avail = nb_ledger_available(a);
    NB_TESTCASE(amount == avail); /* exactly the last available minute */
    if (amount <= avail)
        return NB_TR_OK;
    r->account_id = a->id;
    r->available = avail;
    r->shortfall = nb_ledger_sat64((nb_i128)amount - avail);
    return NB_TR_EXCEEDS_LIMIT;
}

/* *field += delta, refusing int64 overflow. */
static bool add_ok(int64_t *field, int64_t delta)
{
    int64_t v;
    if (__builtin_add_overflow(*field, delta, &v))
        return false;
    *field = v;
    return true;
}

/* Looks up both accounts; the codes for missing or equal accounts. */
static nb_transfer_code load_accounts(apply_state *st, const nb_transfer *t, nb_account **dr,
                                      nb_account **cr)
{
    if (t->debit_account_id == t->credit_account_id)
        return NB_TR_SAME_ACCOUNT;
    *dr = st->view->account(st->view->ctx, t->debit_account_id);
    if (*dr == NULL)
        return NB_TR_DEBIT_ACCOUNT_NOT_FOUND;
    *cr = st->view->account(st->view->ctx, t->credit_account_id);
    if (*cr == NULL)
        return NB_TR_CREDIT_ACCOUNT_NOT_FOUND;
    return NB_TR_OK;
}

static bool amount_valid(int64_t amount)
{
    return amount > 0 && amount <= NB_LEDGER_AMOUNT_MAX;
}

/* Post or void of a pending transfer. */
static nb_transfer_code apply_resolve(apply_state *st, size_t i, const nb_transfer *t)
{
    bool post = (t->flags & NB_TRANSFER_POST_PENDING) != 0;
    nb_ledger_entry *p;
    const nb_transfer *pt;
    nb_account *dr, *cr;
    nb_transfer_code c;
    int64_t posted;

    if (t->reverses_id[0] != '\0' || t->kind == NB_KIND_REVERSAL)
        return NB_TR_FLAGS_INVALID;
    if (t->money_cents != 0 || t->hour_rate_cents != 0)
        return NB_TR_DEPOSIT_INVALID;
    if (!amount_valid(t->amount))
        return NB_TR_AMOUNT_INVALID;
    if (!id_valid(t->pending_id))
        return NB_TR_PENDING_NOT_FOUND;
    p = find_entry(st, i, t->pending_id);
    if (p == NULL)
        return NB_TR_PENDING_NOT_FOUND;
    pt = &p->transfer;
    if (p->state == NB_PENDING_NONE || !(pt->flags & NB_TRANSFER_PENDING))
        return NB_TR_NOT_PENDING;
    if (p->state == NB_PENDING_POSTED)
        return NB_TR_ALREADY_POSTED;
    if (p->state == NB_PENDING_VOIDED)
        return NB_TR_ALREADY_VOIDED;
    if (t->debit_account_id != pt->debit_account_id ||
        t->credit_account_id != pt->credit_account_id || t->kind != pt->kind)
        return NB_TR_PENDING_MISMATCH;
    if (post && t->amount > pt->amount)
        return NB_TR_EXCEEDS_PENDING_AMOUNT;
    if (!post && t->amount != pt->amount)
        return NB_TR_PENDING_MISMATCH;
    c = load_accounts(st, t, &dr, &cr);
    if (c != NB_TR_OK)
        return c;

    /* Debits only go down (pending amount -> posted part), so the limit of
     * rule 2, checked at reservation, cannot break here. */
    posted = post ? t->amount : 0;
    save_account(st, dr);
    save_account(st, cr);
    save_entry(st, p);
    if (!add_ok(&dr->debits_pending, -pt->amount) || !add_ok(&dr->debits_posted, posted) ||
        !add_ok(&cr->credits_pending, -pt->amount) || !add_ok(&cr->credits_posted, posted))
        return NB_TR_OVERFLOW; /* caller rolls back */
    /* A reservation is resolved at most once: only an open one gets here. */
    NB_ASSERT(p->state == NB_PENDING_OPEN && p->resolved_by[0] == '\0');
    p->state = post ? NB_PENDING_POSTED : NB_PENDING_VOIDED;
    p->posted_amount = posted;
    memcpy(p->resolved_by, t->id, sizeof p->resolved_by);
    return NB_TR_OK;
}

/* A reversal: the exact opposite of a posted transfer, at most once. */
static nb_transfer_code apply_reversal(apply_state *st, size_t i, const nb_transfer *t)
{
    nb_transfer_result *r = &st->results[i];
    nb_ledger_entry *o;
    const nb_transfer *ot;
    nb_account *dr, *cr;
    nb_transfer_code c;

    if ((t->flags & NB_TRANSFER_PENDING) || t->pending_id[0] != '\0')
        return NB_TR_FLAGS_INVALID;
    if (t->money_cents != 0 || t->hour_rate_cents != 0)
        return NB_TR_DEPOSIT_INVALID;
    if (!amount_valid(t->amount))
        return NB_TR_AMOUNT_INVALID;
    if (!id_valid(t->reverses_id))
        return NB_TR_REVERSED_NOT_FOUND;
    o = find_entry(st, i, t->reverses_id);
    if (o == NULL)
        return NB_TR_REVERSED_NOT_FOUND;
    ot = &o->transfer;
    if ((ot->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_VOID_PENDING)) ||
        ot->kind == NB_KIND_REVERSAL)
        return NB_TR_NOT_REVERSIBLE;
    if (o->reversed_by[0] != '\0')
        return NB_TR_ALREADY_REVERSED;
    if (t->debit_account_id != ot->credit_account_id ||
        t->credit_account_id != ot->debit_account_id || t->amount != ot->amount)
        return NB_TR_REVERSAL_MISMATCH;
    c = load_accounts(st, t, &dr, &cr);
    if (c != NB_TR_OK)
        return c;

    save_account(st, dr);
    save_account(st, cr);
    save_entry(st, o);
    if (ot->kind == NB_KIND_CREDIT_LINE) {
        /* Lowering the line reduces dr's available minutes by amount. */
        c = check_limit(dr, t->amount, r);
        if (c != NB_TR_OK)
            return c;
        if (!add_ok(&dr->credit_line_minutes, -t->amount))
            return NB_TR_OVERFLOW;
    } else {
        c = check_limit(dr, t->amount, r);
        if (c != NB_TR_OK)
            return c;
        if (!add_ok(&dr->debits_posted, t->amount) || !add_ok(&cr->credits_posted, t->amount))
            return NB_TR_OVERFLOW;
    }
    NB_ASSERT(o->reversed_by[0] == '\0'); /* reversed at most once */
    NB_ASSERT(within_credit(dr));
    memcpy(o->reversed_by, t->id, sizeof o->reversed_by);
    return NB_TR_OK;
}

/* work, deposit, credit line, adjustment: a new posted or pending transfer. */
static nb_transfer_code apply_new(apply_state *st, size_t i, const nb_transfer *t)
{
    nb_transfer_result *r = &st->results[i];
    bool pending = (t->flags & NB_TRANSFER_PENDING) != 0;
    nb_account *dr, *cr;
    nb_transfer_code c;

    if (t->pending_id[0] != '\0' || t->reverses_id[0] != '\0')
        return NB_TR_FLAGS_INVALID;
    if (pending && t->kind != NB_KIND_WORK && t->kind != NB_KIND_ADJUSTMENT)
        return NB_TR_FLAGS_INVALID;
    if (!amount_valid(t->amount))
        return NB_TR_AMOUNT_INVALID;
    c = load_accounts(st, t, &dr, &cr);
    if (c != NB_TR_OK)
        return c;
    if ((t->kind == NB_KIND_DEPOSIT || t->kind == NB_KIND_CREDIT_LINE) &&
        !(dr->flags & NB_ACCOUNT_UNLIMITED))
        return NB_TR_FUND_REQUIRED;
    if (t->kind == NB_KIND_DEPOSIT) {
        int64_t minutes;
        if (nb_ledger_deposit_minutes(t->money_cents, t->hour_rate_cents, &minutes) != NB_OK ||
            minutes != t->amount)
            return NB_TR_DEPOSIT_INVALID;
    } else if (t->money_cents != 0 || t->hour_rate_cents != 0) {
        return NB_TR_DEPOSIT_INVALID;
    }

    save_account(st, dr);
    save_account(st, cr);
    if (t->kind == NB_KIND_CREDIT_LINE)
        return add_ok(&cr->credit_line_minutes, t->amount) ? NB_TR_OK : NB_TR_OVERFLOW;
    c = check_limit(dr, t->amount, r);
    if (c != NB_TR_OK)
        return c;
    if (pending) {
        if (!add_ok(&dr->debits_pending, t->amount) || !add_ok(&cr->credits_pending, t->amount))
            return NB_TR_OVERFLOW;
    } else {
        if (!add_ok(&dr->debits_posted, t->amount) || !add_ok(&cr->credits_posted, t->amount))
            return NB_TR_OVERFLOW;
    }
    NB_ASSERT(within_credit(dr));
    return NB_TR_OK;
}

/* Applies one transfer; on failure the caller rolls back its changes. */
static nb_transfer_code apply_one(apply_state *st, size_t i)
{
    const nb_transfer *t = &st->batch[i];
    uint32_t phase =
        t->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING);
    nb_ledger_entry *prior;

    if (!id_valid(t->id))
        return NB_TR_ID_INVALID;
    if (!str_terminated(t->reason, sizeof t->reason) ||
        !str_terminated(t->pending_id, sizeof t->pending_id) ||
        !str_terminated(t->reverses_id, sizeof t->reverses_id))
        return NB_TR_REASON_INVALID;
    prior = find_entry(st, i, t->id);
    if (prior != NULL) {
        st->results[i].entry = *prior;
        return nb_ledger_same_content(&prior->transfer, t) ? NB_TR_EXISTS : NB_TR_EXISTS_DIFFERENT;
    }
    if ((t->flags & ~(uint32_t)ALL_TRANSFER_FLAGS) != 0 || (phase & (phase - 1)) != 0)
        return NB_TR_FLAGS_INVALID;
    if (t->kind <= NB_KIND_NONE || t->kind > NB_KIND_REVERSAL)
        return NB_TR_KIND_INVALID;
    if (phase & (NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING))
        return apply_resolve(st, i, t);
    if (t->kind == NB_KIND_REVERSAL)
        return apply_reversal(st, i, t);
    return apply_new(st, i, t);
}

/* Fills the result of a new entry that was applied. */
static void result_ok(nb_transfer_result *r, const nb_transfer *t, size_t i)
{
    memset(r, 0, sizeof *r);
    r->code = NB_TR_OK;
    r->err = NB_OK;
    r->failed_index = i;
    r->entry.transfer = *t;
    r->entry.state = (t->flags & NB_TRANSFER_PENDING) ? NB_PENDING_OPEN : NB_PENDING_NONE;
}

/* Writes a failure into err once (the first failure of the batch). */
static int note_failure(int first_rc, nb_err *err, size_t i, const nb_transfer *t,
                        const nb_transfer_result *r)
{
    if (first_rc != NB_OK)
        return first_rc;
    if (r->code == NB_TR_EXCEEDS_LIMIT)
        return nb_err_set(err, r->err,
                          "transfer %zu (%.63s): account %lld has %lld minutes "
                          "available, %lld short",
                          i, t->id, (long long)r->account_id, (long long)r->available,
                          (long long)r->shortfall);
    return nb_err_set(err, r->err, "transfer %zu (%.63s): %s", i,
                      str_terminated(t->id, sizeof t->id) ? t->id : "?",
                      nb_ledger_code_name(r->code));
}

int nb_ledger_apply(const nb_ledger_view *view, const nb_transfer *batch, size_t n,
                    nb_transfer_result *results, nb_err *err)
{
    int first_rc = NB_OK;
    apply_state st = {0};
    size_t s = 0;

    if (view == NULL || view->account == NULL || view->transfer == NULL ||
        (n > 0 && (batch == NULL || results == NULL)))
        return nb_err_set(err, NB_EINVAL, "nb_ledger_apply: NULL argument");
    if (n == 0)
        return NB_OK;
    st.view = view;
    st.batch = batch;
    st.results = results;
    st.n = n;
    st.ua = malloc(2 * n * sizeof *st.ua);
    st.ue = malloc(n * sizeof *st.ue);
    if (st.ua == NULL || st.ue == NULL) {
        first_rc = nb_err_set(err, NB_ENOMEM, "out of memory for %zu transfers", n);
        goto cleanup;
    }
    memset(results, 0, n * sizeof *results);

    while (s < n) {
        size_t e = s, culprit = n, i;
        bool all_exist = true;

        /* The chain is s..e: LINKED links a transfer to the next. */
        while (e + 1 < n && (batch[e].flags & NB_TRANSFER_LINKED))
            e++;
        if (batch[e].flags & NB_TRANSFER_LINKED) {
            for (i = s; i <= e; i++) {
                results[i].code = i == e ? NB_TR_LINKED_CHAIN_OPEN : NB_TR_LINKED_EVENT_FAILED;
                results[i].err = NB_EINVAL;
                results[i].failed_index = e;
            }
            first_rc = note_failure(first_rc, err, e, &batch[e], &results[e]);
            break; /* the open chain reaches the end of the batch */
        }

        /* An exact retry of a whole event (single or chain) is a no-op. */
        for (i = s; i <= e && all_exist; i++) {
            nb_ledger_entry *prior;
            if (!id_valid(batch[i].id)) {
                all_exist = false;
                break;
            }
            prior = find_entry(&st, s, batch[i].id);
            all_exist = prior != NULL && nb_ledger_same_content(&prior->transfer, &batch[i]);
        }
        if (all_exist) {
            for (i = s; i <= e; i++) {
                results[i].code = NB_TR_EXISTS;
                results[i].err = NB_OK;
                results[i].failed_index = i;
                results[i].entry = *find_entry(&st, s, batch[i].id);
            }
            s = e + 1;
            continue;
        }

        st.n_ua = 0;
        st.n_ue = 0;
        for (i = s; i <= e; i++) {
            nb_transfer_code c;
            nb_transfer_result keep;
            size_t mark = st.n_ua;
            c = apply_one(&st, i);
            if (c == NB_TR_OK) {
                NB_ASSERT(net_change(&st, mark) == 0);
                result_ok(&results[i], &batch[i], i);
                continue;
            }
            keep = results[i];
            memset(&results[i], 0, sizeof results[i]);
            results[i].code = c;
            results[i].err = c == NB_TR_EXISTS ? NB_ECONFLICT : nb_ledger_code_err(c);
            results[i].failed_index = i;
            results[i].account_id = keep.account_id;
            results[i].available = keep.available;
            results[i].shortfall = keep.shortfall;
            if (c == NB_TR_EXISTS || c == NB_TR_EXISTS_DIFFERENT)
                results[i].entry = keep.entry;
            culprit = i;
            break;
        }
        if (culprit < n) {
            rollback(&st, 0, 0);
            for (i = s; i <= e; i++) {
                if (i == culprit)
                    continue;
                memset(&results[i], 0, sizeof results[i]);
                results[i].code = NB_TR_LINKED_EVENT_FAILED;
                results[i].err = results[culprit].err;
                results[i].failed_index = culprit;
            }
            first_rc = note_failure(first_rc, err, culprit, &batch[culprit], &results[culprit]);
        }
        s = e + 1;
    }

cleanup:
    free(st.ua);
    free(st.ue);
    return first_rc;
}
