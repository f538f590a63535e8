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

typedef struct check_state {
    const nb_account *accounts;
    size_t n;
    const nb_transfer *transfers;
    size_t m;
    recomputed *rec;
    unsigned char *used;      /* per transfer: 1 resolved, 2 reversed */
    nb_ledger_report *report;
} check_state;

/* qsort_r is not C17; sort with a context pointer through a wrapper array. */
typedef struct sort_item {
    const void *key;
    size_t index;
} sort_item;

static int cmp_acc_item(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)((const sort_item *)pa)->key;
    int64_t b = *(const int64_t *)((const sort_item *)pb)->key;
    return a < b ? -1 : a > b;
}

static int cmp_tr_item(const void *pa, const void *pb)
{
    return strncmp(((const sort_item *)pa)->key, ((const sort_item *)pb)->key,
                   NB_TRANSFER_ID_SIZE);
}

/* Index of the account with `id`, or n when unknown. */
static size_t check_find_account(const check_state *cs, const sort_item *items,
                                 int64_t id)
{
    size_t lo = 0, hi = cs->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t v = *(const int64_t *)items[mid].key;
        if (v == id)
            return items[mid].index;
        if (v < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return cs->n;
}

/* Index of the transfer with `id`, or m when unknown. */
static size_t check_find_transfer(const check_state *cs, const sort_item *items,
                                  const char *id)
{
    size_t lo = 0, hi = cs->m;
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
    return cs->m;
}

static void check_problem(nb_ledger_report *rep, const char *what,
                          const char *id, int64_t acct)
{
    if (rep->first_problem[0] != '\0')
        return;
    snprintf(rep->first_problem, sizeof rep->first_problem,
             "%s (transfer %.63s, account %lld)", what, id != NULL ? id : "-",
             (long long)acct);
}

int nb_ledger_check(const nb_account *accounts, size_t n,
                    const nb_transfer *transfers, size_t m,
                    nb_ledger_report *report)
{
    int rc = NB_OK;
    sort_item *acc = NULL, *tr = NULL;
    recomputed *rec = NULL;
    unsigned char *used = NULL;
    check_state cs;
    nb_i128 posted_sum = 0, pending_sum = 0, rposted = 0, rpending = 0;

    if (report == NULL || (n > 0 && accounts == NULL)
        || (m > 0 && transfers == NULL))
        return NB_EINVAL;
    memset(report, 0, sizeof *report);
    acc = malloc((n ? n : 1) * sizeof *acc);
    tr = malloc((m ? m : 1) * sizeof *tr);
    rec = calloc(n ? n : 1, sizeof *rec);
    used = calloc(m ? m : 1, 1);
    if (acc == NULL || tr == NULL || rec == NULL || used == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    cs = (check_state){ .accounts = accounts, .n = n, .transfers = transfers,
                        .m = m, .rec = rec, .used = used, .report = report };
    for (size_t i = 0; i < n; i++)
        acc[i] = (sort_item){ &accounts[i].id, i };
    qsort(acc, n, sizeof *acc, cmp_acc_item);
    for (size_t i = 1; i < n; i++) {
        if (accounts[acc[i].index].id == accounts[acc[i - 1].index].id) {
            rc = NB_EINVAL;
            goto cleanup;
        }
    }
    for (size_t i = 0; i < m; i++)
        tr[i] = (sort_item){ transfers[i].id, i };
    qsort(tr, m, sizeof *tr, cmp_tr_item);
    for (size_t i = 1; i < m; i++) {
        if (strncmp(tr[i].key, tr[i - 1].key, NB_TRANSFER_ID_SIZE) == 0) {
            report->bad_transfers++;
            check_problem(report, "duplicate transfer id", tr[i].key, 0);
        }
    }

    for (size_t i = 0; i < m; i++) {
        const nb_transfer *t = &transfers[i];
        size_t d = check_find_account(&cs, acc, t->debit_account_id);
        size_t c = check_find_account(&cs, acc, t->credit_account_id);
        size_t ref;

        report->transfers_checked++;
        if (d == n || c == n || d == c || t->amount <= 0) {
            report->bad_transfers++;
            check_problem(report, "transfer with bad accounts or amount", t->id,
                          d == n ? t->debit_account_id : t->credit_account_id);
            continue;
        }
        if (t->flags & (NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING)) {
            const nb_transfer *p;
            ref = check_find_transfer(&cs, tr, t->pending_id);
            if (ref == m || ref >= i || used[ref] != 0
                || !(transfers[ref].flags & NB_TRANSFER_PENDING)
                || transfers[ref].debit_account_id != t->debit_account_id
                || transfers[ref].credit_account_id != t->credit_account_id
                || t->amount > transfers[ref].amount) {
                report->bad_transfers++;
                check_problem(report, "post/void without a matching open pending",
                              t->id, 0);
                continue;
            }
            p = &transfers[ref];
            used[ref] = 1;
            rec[d].debits_pending -= p->amount;
            rec[c].credits_pending -= p->amount;
            if (t->flags & NB_TRANSFER_POST_PENDING) {
                rec[d].debits_posted += t->amount;
                rec[c].credits_posted += t->amount;
            }
        } else if (t->kind == NB_KIND_REVERSAL) {
            ref = check_find_transfer(&cs, tr, t->reverses_id);
            if (ref == m || ref >= i || (used[ref] & 2) != 0
                || (transfers[ref].flags
                    & (NB_TRANSFER_PENDING | NB_TRANSFER_VOID_PENDING))
                || transfers[ref].kind == NB_KIND_REVERSAL
                || transfers[ref].debit_account_id != t->credit_account_id
                || transfers[ref].credit_account_id != t->debit_account_id
                || transfers[ref].amount != t->amount) {
                report->bad_transfers++;
                check_problem(report, "reversal without a matching original",
                              t->id, 0);
                continue;
            }
            used[ref] |= 2;
            if (transfers[ref].kind == NB_KIND_CREDIT_LINE) {
                rec[d].credit_line -= t->amount;
            } else {
                rec[d].debits_posted += t->amount;
                rec[c].credits_posted += t->amount;
            }
        } else if (t->kind == NB_KIND_CREDIT_LINE) {
            rec[c].credit_line += t->amount;
        } else if (t->flags & NB_TRANSFER_PENDING) {
            rec[d].debits_pending += t->amount;
            rec[c].credits_pending += t->amount;
        } else {
            rec[d].debits_posted += t->amount;
            rec[c].credits_posted += t->amount;
        }
    }

    for (size_t k = 0; k < n; k++) {
        const nb_account *a = &accounts[k];
        const recomputed *r = &rec[k];
        report->accounts_checked++;
        posted_sum += (nb_i128)a->credits_posted - a->debits_posted;
        pending_sum += (nb_i128)a->credits_pending - a->debits_pending;
        rposted += r->credits_posted - r->debits_posted;
        rpending += r->credits_pending - r->debits_pending;
        if (r->debits_pending != a->debits_pending
            || r->debits_posted != a->debits_posted
            || r->credits_pending != a->credits_pending
            || r->credits_posted != a->credits_posted
            || r->credit_line != a->credit_line_minutes) {
            if (report->mismatched_accounts++ == 0)
                report->first_mismatch_id = a->id;
            check_problem(report, "stored balance differs from recomputation",
                          NULL, a->id);
        }
        if (!(a->flags & NB_ACCOUNT_UNLIMITED)
            && (nb_i128)a->debits_pending + a->debits_posted
                   > (nb_i128)a->credits_posted + a->credit_line_minutes) {
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
    rc = report->ok ? NB_OK : NB_ECONFLICT;

cleanup:
    free(acc);
    free(tr);
    free(rec);
    free(used);
    return rc;
}
