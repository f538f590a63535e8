/*
 * store/ledger_months.c — the ledger's month totals (ledger_account_months,
 * migrations 017 and 019): what a transfer adds to its two accounts' months
 * (nb_ledger_month_parts, the one statement of the rules: the write path
 * below and the control check's recomputation in ledger_control.c both use
 * it), and the write path's part — the transfers a batch inserted, summed
 * per account and month, one upsert each (nb_ledger_months_write, called by
 * nb_ledger_store_apply in ledger_store.c; nb_ledger_store_months_add for
 * transfers written otherwise). Contracts in ledger_store_impl.h and
 * ledger_store.h; docs/ledger.md.
 */
#include "store/ledger_store.h"
#include "store/ledger_store_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void nb_ledger_month_parts(const nb_transfer *t, int64_t money_cents, nb_transfer_kind rkind,
                           int64_t rcents, int64_t debit[NB_MONTH_COLS],
                           int64_t credit[NB_MONTH_COLS])
{
    int64_t a = t->amount;
    int posted = (t->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_VOID_PENDING)) == 0;
    int moves = posted && t->kind != NB_KIND_CREDIT_LINE && rkind != NB_KIND_CREDIT_LINE;
    int work = posted && t->kind == NB_KIND_WORK;
    debit[0] = moves ? -a : 0;
    debit[1] = work ? a : 0;
    debit[2] = rkind == NB_KIND_WORK ? -a : 0;
    debit[3] = rkind == NB_KIND_DEPOSIT ? -a : 0;
    debit[4] = rkind == NB_KIND_DEPOSIT ? -rcents : 0;
    debit[5] = rkind == NB_KIND_CREDIT_LINE ? -a : 0;
    credit[0] = moves ? a : 0;
    credit[1] = rkind == NB_KIND_WORK ? -a : 0;
    credit[2] = work ? a : 0;
    credit[3] = t->kind == NB_KIND_DEPOSIT ? a : 0;
    credit[4] = t->kind == NB_KIND_DEPOSIT ? money_cents : 0;
    credit[5] = t->kind == NB_KIND_CREDIT_LINE ? a : 0;
}

/* One (account, month) row of what a batch adds to ledger_account_months. */
typedef struct month_row {
    int64_t account_id;
    int32_t month;
    int64_t v[NB_MONTH_COLS];
} month_row;

static int cmp_month_row(const void *a, const void *b)
{
    const month_row *x = a, *y = b;
    if (x->account_id != y->account_id)
        return (x->account_id > y->account_id) - (x->account_id < y->account_id);
    return (x->month > y->month) - (x->month < y->month);
}

static int months_upsert(nb_store *st, const month_row *r, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO ledger_account_months (account_id, month, delta, taken, brought, "
        "deposit_minutes, deposit_cents, credit_line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "ON CONFLICT (account_id, month) DO UPDATE SET "
        "delta = ledger_account_months.delta + excluded.delta, "
        "taken = ledger_account_months.taken + excluded.taken, "
        "brought = ledger_account_months.brought + excluded.brought, "
        "deposit_minutes = ledger_account_months.deposit_minutes + excluded.deposit_minutes, "
        "deposit_cents = ledger_account_months.deposit_cents + excluded.deposit_cents, "
        "credit_line = ledger_account_months.credit_line + excluded.credit_line";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, r->account_id);
    nb_store_bind_int(st, s, 2, r->month);
    for (int k = 0; k < NB_MONTH_COLS; k++)
        nb_store_bind_int(st, s, 3 + k, r->v[k]);
    return nb_store_exec_later(st, s, err); /* nothing read back */
}

/* ledger_store_impl.h */
int nb_ledger_months_write(nb_store *st, const nb_ledger_entry *const *e, size_t n,
                           nb_ledger_reversed_fn reversed, void *ctx, nb_err *err)
{
    int rc = 0;
    month_row *rows = calloc(2 * n + 1, sizeof *rows);
    if (rows == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const nb_transfer *t = &e[i]->transfer;
        nb_transfer_kind rkind = NB_KIND_NONE;
        int64_t rcents = 0;
        if (t->reverses_id[0] != '\0') {
            size_t k = i;
            while (k > 0 && strcmp(e[k - 1]->transfer.id, t->reverses_id) != 0)
                k--;
            if (k > 0) {
                rkind = e[k - 1]->transfer.kind;
                rcents = e[k - 1]->transfer.money_cents;
            } else if ((rc = reversed(ctx, t->reverses_id, &rkind, &rcents, err)) != 0) {
                goto cleanup;
            }
        }
        month_row *d = &rows[2 * i], *c = &rows[2 * i + 1];
        d->account_id = t->debit_account_id;
        c->account_id = t->credit_account_id;
        d->month = c->month = nb_ledger_month_of(t->timestamp);
        nb_ledger_month_parts(t, t->money_cents, rkind, rcents, d->v, c->v);
    }
    qsort(rows, 2 * n, sizeof *rows, cmp_month_row);
    for (size_t i = 0; i < 2 * n;) {
        month_row sum = rows[i];
        for (i++; i < 2 * n && cmp_month_row(&rows[i], &sum) == 0; i++)
            for (int k = 0; k < NB_MONTH_COLS; k++)
                sum.v[k] = (int64_t)((uint64_t)sum.v[k] + (uint64_t)rows[i].v[k]);
        if ((rc = months_upsert(st, &sum, err)) != 0)
            goto cleanup;
    }
cleanup:
    free(rows);
    return rc;
}

/* nb_ledger_reversed_fn over the stored transfers. */
static int reversed_stored(void *ctx, const char *tid, nb_transfer_kind *kind, int64_t *cents,
                           nb_err *err)
{
    nb_ledger_entry r;
    nb_err miss = {{0}};
    memset(&r, 0, sizeof r);
    int rc = nb_ledger_store_entry(ctx, tid, &r, &miss);
    if (rc == 0) {
        *kind = r.transfer.kind;
        *cents = r.transfer.money_cents;
    }
    if (rc == NB_ENOTFOUND)
        return 0; /* no family, as migration 017's LEFT JOIN */
    if (rc != 0)
        *err = miss;
    return rc;
}

int nb_ledger_store_months_add(nb_store *st, const nb_ledger_entry *written, size_t n, nb_err *err)
{
    if (n == 0)
        return 0;
    const nb_ledger_entry **e = malloc(n * sizeof(const nb_ledger_entry *));
    if (e == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++)
        e[i] = &written[i];
    int rc = nb_ledger_months_write(st, e, n, reversed_stored, st, err);
    free(e);
    return rc;
}
