/*
 * core/ledger_check.c — the control of the hours ledger: recompute every
 * account balance from the transfers alone and compare it with the stored
 * figures (nb_ledger_check). See ledger.h and docs/ledger.md.
 */
#include "core/ledger.h"
#include "core/ledger_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================== */
/* Control: recompute from the transfers                                     */
/* ======================================================================== */

/* Recomputed figures of one account, wide enough never to overflow. */
typedef struct recomputed {
    nb_i128 debits_pending, debits_posted, credits_pending, credits_posted;
    nb_i128 credit_line;
} recomputed;

/* qsort_r is not C17; sort with a context pointer through a wrapper array. */
typedef struct sort_item {
    const void *key;
    size_t index;
} sort_item;

/*
 * What has happened to a referenced transfer so far, by its position: 1 it
 * was resolved (posted or voided), 2 it was reversed. An open-addressing
 * hash set: it holds only transfers that were referenced. The store's
 * streaming control (nb_ledger_check_next_stored) keeps none: the stored
 * entry state of the referenced transfer says the same, so its memory is the
 * accounts' alone.
 */
typedef struct used_slot {
    int64_t seq; /* 0 = empty */
    unsigned char marks;
} used_slot;

struct nb_ledger_checker {
    const nb_account *accounts;
    size_t n;
    sort_item *acc; /* accounts sorted by id */
    recomputed *rec;
    used_slot *used;
    size_t used_cap, used_n; /* capacity is a power of two */
    int64_t last_seq;
    nb_ledger_report *report;
};

static int cmp_acc_item(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)((const sort_item *)pa)->key;
    int64_t b = *(const int64_t *)((const sort_item *)pb)->key;
    return a < b ? -1 : a > b;
}

static int cmp_tr_item(const void *pa, const void *pb)
{
    return strncmp(((const sort_item *)pa)->key, ((const sort_item *)pb)->key, NB_TRANSFER_ID_SIZE);
}

/* Index of the account with `id`, or n when unknown. */
static size_t check_find_account(const nb_ledger_checker *c, int64_t id)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = *(const int64_t *)c->acc[mid].key;
        if (v == id)
            return c->acc[mid].index;
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return c->n;
}

/* Index of the transfer with `id` in items (sorted, m long), or m. */
static size_t check_find_transfer(const sort_item *items, size_t m, const char *id)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(items[mid].key, id, NB_TRANSFER_ID_SIZE);
        if (c == 0)
            return items[mid].index;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return m;
}

static size_t used_hash(int64_t seq, size_t cap)
{
    uint64_t h = (uint64_t)seq * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (cap - 1);
}

/* The marks of the transfer at position seq (0 when none). */
static unsigned char used_get(const nb_ledger_checker *c, int64_t seq)
{
    if (c->used_cap == 0)
        return 0;
    for (size_t i = used_hash(seq, c->used_cap);; i = (i + 1) & (c->used_cap - 1)) {
        if (c->used[i].seq == seq)
            return c->used[i].marks;
        if (c->used[i].seq == 0)
            return 0;
    }
}

static int used_mark(nb_ledger_checker *c, int64_t seq, unsigned char mark)
{
    if (2 * (c->used_n + 1) > c->used_cap) {
        size_t cap = c->used_cap ? c->used_cap * 2 : 1024;
        used_slot *t = calloc(cap, sizeof *t);
        if (t == NULL)
            return NB_ENOMEM;
        for (size_t k = 0; k < c->used_cap; k++) {
            if (c->used[k].seq == 0)
                continue;
            size_t i = used_hash(c->used[k].seq, cap);
            while (t[i].seq != 0)
                i = (i + 1) & (cap - 1);
            t[i] = c->used[k];
        }
        free(c->used);
        c->used = t;
        c->used_cap = cap;
    }
    size_t i = used_hash(seq, c->used_cap);
    while (c->used[i].seq != 0 && c->used[i].seq != seq)
        i = (i + 1) & (c->used_cap - 1);
    if (c->used[i].seq == 0) {
        c->used[i].seq = seq;
        c->used_n++;
    }
    c->used[i].marks |= mark;
    return NB_OK;
}

static void check_problem(nb_ledger_report *rep, const char *what, const char *id, int64_t acct)
{
    if (rep->first_problem[0] != '\0')
        return;
    snprintf(rep->first_problem, sizeof rep->first_problem, "%s (transfer %.63s, account %lld)",
             what, id != NULL ? id : "-", (long long)acct);
}

void nb_ledger_check_free(nb_ledger_checker *c)
{
    if (c == NULL)
        return;
    free(c->acc);
    free(c->rec);
    free(c->used);
    free(c);
}

int nb_ledger_check_begin(const nb_account *accounts, size_t n, nb_ledger_report *report,
                          nb_ledger_checker **out)
{
    nb_ledger_checker *c = NULL;
    int rc = NB_OK;
    if (out == NULL)
        return NB_EINVAL;
    *out = NULL;
    if (report == NULL || (n > 0 && accounts == NULL))
        return NB_EINVAL;
    memset(report, 0, sizeof *report);
    c = calloc(1, sizeof *c);
    if (c == NULL)
        return NB_ENOMEM;
    c->accounts = accounts;
    c->n = n;
    c->report = report;
    c->acc = malloc((n ? n : 1) * sizeof *c->acc);
    c->rec = calloc(n ? n : 1, sizeof *c->rec);
    if (c->acc == NULL || c->rec == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        c->acc[i] = (sort_item){&accounts[i].id, i};
    qsort(c->acc, n, sizeof *c->acc, cmp_acc_item);
    for (size_t i = 1; i < n; i++) {
        if (accounts[c->acc[i].index].id == accounts[c->acc[i - 1].index].id) {
            rc = NB_EINVAL;
            goto cleanup;
        }
    }
    *out = c;
    c = NULL;
cleanup:
    nb_ledger_check_free(c);
    return rc;
}

void nb_ledger_check_duplicate(nb_ledger_checker *c, const char *id)
{
    c->report->bad_transfers++;
    check_problem(c->report, "duplicate transfer id", id, 0);
}

/*
 * One transfer into the recomputation. state, when not NULL, is ref's stored
 * entry state: it says whether ref was resolved or reversed by another
 * transfer (nb_ledger_check_next_stored); without it the checker's marks say
 * so and are kept up to date (nb_ledger_check_next).
 */
static int check_next(nb_ledger_checker *c, const nb_transfer *t, int64_t seq,
                      const nb_transfer *ref, int64_t ref_seq, const nb_ledger_entry *state)
{
    nb_ledger_report *report = c->report;
    recomputed *rec = c->rec;
    size_t n = c->n;
    if (t == NULL || seq <= c->last_seq)
        return NB_EINVAL;
    c->last_seq = seq;
    size_t d = check_find_account(c, t->debit_account_id);
    size_t cr = check_find_account(c, t->credit_account_id);

    report->transfers_checked++;
    if (d == n || cr == n || d == cr || t->amount <= 0) {
        report->bad_transfers++;
        check_problem(report, "transfer with bad accounts or amount", t->id,
                      d == n ? t->debit_account_id : t->credit_account_id);
        return NB_OK;
    }
    if (t->flags & (NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING)) {
        int used = state ? strncmp(state->resolved_by, t->id, NB_TRANSFER_ID_SIZE) != 0
                         : ref != NULL && used_get(c, ref_seq) != 0;
        if (ref == NULL || ref_seq >= seq || used || !(ref->flags & NB_TRANSFER_PENDING) ||
            ref->debit_account_id != t->debit_account_id ||
            ref->credit_account_id != t->credit_account_id || t->amount > ref->amount) {
            report->bad_transfers++;
            check_problem(report, "post/void without a matching open pending", t->id, 0);
            return NB_OK;
        }
        if (state == NULL && used_mark(c, ref_seq, 1) != NB_OK)
            return NB_ENOMEM;
        rec[d].debits_pending -= ref->amount;
        rec[cr].credits_pending -= ref->amount;
        if (t->flags & NB_TRANSFER_POST_PENDING) {
            rec[d].debits_posted += t->amount;
            rec[cr].credits_posted += t->amount;
        }
    } else if (t->kind == NB_KIND_REVERSAL) {
        int used = state ? strncmp(state->reversed_by, t->id, NB_TRANSFER_ID_SIZE) != 0
                         : ref != NULL && (used_get(c, ref_seq) & 2) != 0;
        if (ref == NULL || ref_seq >= seq || used ||
            (ref->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_VOID_PENDING)) ||
            ref->kind == NB_KIND_REVERSAL || ref->debit_account_id != t->credit_account_id ||
            ref->credit_account_id != t->debit_account_id || ref->amount != t->amount) {
            report->bad_transfers++;
            check_problem(report, "reversal without a matching original", t->id, 0);
            return NB_OK;
        }
        if (state == NULL && used_mark(c, ref_seq, 2) != NB_OK)
            return NB_ENOMEM;
        if (ref->kind == NB_KIND_CREDIT_LINE) {
            rec[d].credit_line -= t->amount;
        } else {
            rec[d].debits_posted += t->amount;
            rec[cr].credits_posted += t->amount;
        }
    } else if (t->kind == NB_KIND_CREDIT_LINE) {
        rec[cr].credit_line += t->amount;
    } else if (t->flags & NB_TRANSFER_PENDING) {
        rec[d].debits_pending += t->amount;
        rec[cr].credits_pending += t->amount;
    } else {
        rec[d].debits_posted += t->amount;
        rec[cr].credits_posted += t->amount;
    }
    return NB_OK;
}

int nb_ledger_check_next(nb_ledger_checker *c, const nb_transfer *t, int64_t seq,
                         const nb_transfer *ref, int64_t ref_seq)
{
    return check_next(c, t, seq, ref, ref_seq, NULL);
}

int nb_ledger_check_next_stored(nb_ledger_checker *c, const nb_transfer *t, int64_t seq,
                                const nb_ledger_entry *ref_state, int64_t ref_seq)
{
    return check_next(c, t, seq, ref_state ? &ref_state->transfer : NULL, ref_seq, ref_state);
}

int nb_ledger_check_end(nb_ledger_checker *c)
{
    nb_ledger_report *report = c->report;
    nb_i128 posted_sum = 0, pending_sum = 0, rposted = 0, rpending = 0;
    for (size_t k = 0; k < c->n; k++) {
        const nb_account *a = &c->accounts[k];
        const recomputed *r = &c->rec[k];
        report->accounts_checked++;
        posted_sum += (nb_i128)a->credits_posted - a->debits_posted;
        pending_sum += (nb_i128)a->credits_pending - a->debits_pending;
        rposted += r->credits_posted - r->debits_posted;
        rpending += r->credits_pending - r->debits_pending;
        if (r->debits_pending != a->debits_pending || r->debits_posted != a->debits_posted ||
            r->credits_pending != a->credits_pending || r->credits_posted != a->credits_posted ||
            r->credit_line != a->credit_line_minutes) {
            if (report->mismatched_accounts++ == 0)
                report->first_mismatch_id = a->id;
            check_problem(report, "stored balance differs from recomputation", NULL, a->id);
        }
        if (!(a->flags & NB_ACCOUNT_UNLIMITED) &&
            (nb_i128)a->debits_pending + a->debits_posted >
                (nb_i128)a->credits_posted + a->credit_line_minutes) {
            if (report->over_limit_accounts++ == 0)
                report->first_over_limit_id = a->id;
            check_problem(report, "account over its limit", NULL, a->id);
        }
    }
    report->posted_sum = nb_ledger_sat64(posted_sum);
    report->pending_sum = nb_ledger_sat64(pending_sum);
    if (posted_sum != 0 || rposted != 0)
        check_problem(report, "posted balances do not sum to zero", NULL, 0);
    if (pending_sum != 0 || rpending != 0)
        check_problem(report, "pending balances do not sum to zero", NULL, 0);
    report->ok = report->first_problem[0] == '\0';
    nb_ledger_check_free(c);
    return report->ok ? NB_OK : NB_ECONFLICT;
}

int nb_ledger_check(const nb_account *accounts, size_t n, const nb_transfer *transfers, size_t m,
                    nb_ledger_report *report)
{
    int rc = NB_OK;
    sort_item *tr = NULL;
    nb_ledger_checker *c = NULL;

    if (report == NULL || (n > 0 && accounts == NULL) || (m > 0 && transfers == NULL))
        return NB_EINVAL;
    if ((rc = nb_ledger_check_begin(accounts, n, report, &c)) != NB_OK)
        return rc;
    tr = malloc((m ? m : 1) * sizeof *tr);
    if (tr == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < m; i++)
        tr[i] = (sort_item){transfers[i].id, i};
    qsort(tr, m, sizeof *tr, cmp_tr_item);
    for (size_t i = 1; i < m; i++)
        if (strncmp(tr[i].key, tr[i - 1].key, NB_TRANSFER_ID_SIZE) == 0)
            nb_ledger_check_duplicate(c, tr[i].key);
    /* Positions count from 1; a reference resolves to its position. */
    for (size_t i = 0; i < m; i++) {
        const nb_transfer *t = &transfers[i];
        const char *ref_id = NULL;
        if (t->flags & (NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING))
            ref_id = t->pending_id;
        else if (t->kind == NB_KIND_REVERSAL)
            ref_id = t->reverses_id;
        size_t ref = ref_id ? check_find_transfer(tr, m, ref_id) : m;
        rc = nb_ledger_check_next(c, t, (int64_t)i + 1, ref < m ? &transfers[ref] : NULL,
                                  ref < m ? (int64_t)ref + 1 : 0);
        if (rc != NB_OK)
            goto cleanup;
    }
    rc = nb_ledger_check_end(c);
    c = NULL;
cleanup:
    nb_ledger_check_free(c);
    free(tr);
    return rc;
}
