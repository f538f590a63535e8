/*
 * tests/core/ledger_model.c — the independent model of the hours ledger that
 * test_ledger_model.c checks the core against: balances in plain arrays, the
 * transfers it has applied, and the expected outcome of every transfer of a
 * batch (linked chains roll back together). No core code. See ledger_model.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_model.h"

/* ======================================================================== */
/* The model: plain arrays, no core code                                     */
/* ======================================================================== */

static int m_err_of(int code)
{
    switch (code) {
    case NB_TR_OK:
    case NB_TR_EXISTS:
        return NB_OK;
    case NB_TR_EXCEEDS_LIMIT:
    case NB_TR_EXCEEDS_PENDING_AMOUNT:
        return NB_ELIMIT;
    case NB_TR_ALREADY_POSTED:
    case NB_TR_ALREADY_VOIDED:
    case NB_TR_ALREADY_REVERSED:
    case NB_TR_EXISTS_DIFFERENT:
        return NB_ECONFLICT;
    case NB_TR_PENDING_NOT_FOUND:
    case NB_TR_REVERSED_NOT_FOUND:
    case NB_TR_DEBIT_ACCOUNT_NOT_FOUND:
    case NB_TR_CREDIT_ACCOUNT_NOT_FOUND:
        return NB_ENOTFOUND;
    default:
        return NB_EINVAL;
    }
}

static int m_k(int64_t id) /* account index or -1 */
{
    return id >= 1 && id <= N_ACC ? (int)(id - 1) : -1;
}

int64_t m_avail(const model *m, int k)
{
    return m->b.cpo[k] + m->b.cl[k] - m->b.dpo[k] - m->b.dp[k];
}

static mtr *m_find(model *m, long num)
{
    if (num < 0 || num >= m->num_cap || m->idx_of_num[num] < 0)
        return NULL;
    return &m->t[m->idx_of_num[num]];
}

static void m_touch(model *m, mtr *x)
{
    mundo *u = &m->undo[m->n_undo++];
    u->idx = x - m->t;
    u->pstate = x->pstate;
    u->posted = x->posted;
    u->reversed = x->reversed;
}

static bool m_same(const mtr *x, const req *q)
{
    return x->dr == q->dr && x->cr == q->cr && x->amount == q->amount && x->kind == q->kind &&
           x->flags == q->flags && x->pend_num == q->pend_num && x->rev_num == q->rev_num &&
           x->money == q->money && x->rate == q->rate && strcmp(x->reason, q->reason) == 0;
}

/* Would debiting `amount` from account k break its limit? */
static int m_limit(const model *m, int k, int64_t amount, expect *e)
{
    if (k == FUND_ID - 1 || amount <= m_avail(m, k))
        return NB_TR_OK;
    e->account = k + 1;
    e->available = m_avail(m, k);
    e->shortfall = amount - e->available;
    return NB_TR_EXCEEDS_LIMIT;
}

/* Decides and applies one transfer to the model. */
static int m_one(model *m, const req *q, expect *e)
{
    uint32_t ph =
        q->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING);
    int d = m_k(q->dr), c = m_k(q->cr), rc;
    mtr *x = m_find(m, q->num);

    if (x != NULL)
        return m_same(x, q) ? NB_TR_EXISTS : NB_TR_EXISTS_DIFFERENT;
    if (ph == NB_TRANSFER_POST_PENDING || ph == NB_TRANSFER_VOID_PENDING) {
        bool post = ph == NB_TRANSFER_POST_PENDING;
        mtr *p;
        if (q->amount <= 0)
            return NB_TR_AMOUNT_INVALID;
        p = m_find(m, q->pend_num);
        if (p == NULL)
            return NB_TR_PENDING_NOT_FOUND;
        if (!(p->flags & NB_TRANSFER_PENDING))
            return NB_TR_NOT_PENDING;
        if (p->pstate == PS_POSTED)
            return NB_TR_ALREADY_POSTED;
        if (p->pstate == PS_VOIDED)
            return NB_TR_ALREADY_VOIDED;
        if (p->dr != q->dr || p->cr != q->cr || p->kind != q->kind)
            return NB_TR_PENDING_MISMATCH;
        if (post && q->amount > p->amount)
            return NB_TR_EXCEEDS_PENDING_AMOUNT;
        if (!post && q->amount != p->amount)
            return NB_TR_PENDING_MISMATCH;
        m_touch(m, p);
        m->b.dp[d] -= p->amount;
        m->b.cp[c] -= p->amount;
        m->b.open_pending -= p->amount;
        if (post) {
            m->b.dpo[d] += q->amount;
            m->b.cpo[c] += q->amount;
        }
        p->pstate = post ? PS_POSTED : PS_VOIDED;
        p->posted = post ? q->amount : 0;
        return NB_TR_OK;
    }
    if (q->kind == NB_KIND_REVERSAL) {
        mtr *o;
        if (q->amount <= 0)
            return NB_TR_AMOUNT_INVALID;
        o = m_find(m, q->rev_num);
        if (o == NULL)
            return NB_TR_REVERSED_NOT_FOUND;
        if ((o->flags & (NB_TRANSFER_PENDING | NB_TRANSFER_VOID_PENDING)) ||
            o->kind == NB_KIND_REVERSAL)
            return NB_TR_NOT_REVERSIBLE;
        if (o->reversed)
            return NB_TR_ALREADY_REVERSED;
        if (o->dr != q->cr || o->cr != q->dr || o->amount != q->amount)
            return NB_TR_REVERSAL_MISMATCH;
        rc = m_limit(m, d, q->amount, e);
        if (rc != NB_TR_OK)
            return rc;
        m_touch(m, o);
        if (o->kind == NB_KIND_CREDIT_LINE) {
            m->b.cl[d] -= q->amount;
        } else {
            m->b.dpo[d] += q->amount;
            m->b.cpo[c] += q->amount;
        }
        o->reversed = true;
        return NB_TR_OK;
    }
    if (ph == NB_TRANSFER_PENDING && q->kind != NB_KIND_WORK && q->kind != NB_KIND_ADJUSTMENT)
        return NB_TR_FLAGS_INVALID;
    if (q->amount <= 0)
        return NB_TR_AMOUNT_INVALID;
    if (q->dr == q->cr)
        return NB_TR_SAME_ACCOUNT;
    if (d < 0)
        return NB_TR_DEBIT_ACCOUNT_NOT_FOUND;
    if (c < 0)
        return NB_TR_CREDIT_ACCOUNT_NOT_FOUND;
    if ((q->kind == NB_KIND_DEPOSIT || q->kind == NB_KIND_CREDIT_LINE) && q->dr != FUND_ID)
        return NB_TR_FUND_REQUIRED;
    if (q->kind == NB_KIND_DEPOSIT &&
        (q->money <= 0 || q->rate <= 0 || q->money * 60 / q->rate != q->amount))
        return NB_TR_DEPOSIT_INVALID;
    if (q->kind == NB_KIND_CREDIT_LINE) {
        m->b.cl[c] += q->amount;
        return NB_TR_OK;
    }
    rc = m_limit(m, d, q->amount, e);
    if (rc != NB_TR_OK)
        return rc;
    if (ph == NB_TRANSFER_PENDING) {
        m->b.dp[d] += q->amount;
        m->b.cp[c] += q->amount;
        m->b.open_pending += q->amount;
    } else {
        m->b.dpo[d] += q->amount;
        m->b.cpo[c] += q->amount;
    }
    return NB_TR_OK;
}

/* Appends an applied transfer to the model. */
static void m_append(model *m, const req *q)
{
    mtr *x;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->t = realloc(m->t, (size_t)m->cap * sizeof *m->t);
        assert_non_null(m->t);
    }
    x = &m->t[m->n];
    memset(x, 0, sizeof *x);
    x->num = q->num;
    x->dr = q->dr;
    x->cr = q->cr;
    x->amount = q->amount;
    x->kind = q->kind;
    x->flags = q->flags;
    x->pend_num = q->pend_num;
    x->rev_num = q->rev_num;
    x->money = q->money;
    x->rate = q->rate;
    memcpy(x->reason, q->reason, sizeof x->reason);
    x->pstate = (q->flags & NB_TRANSFER_PENDING) ? PS_OPEN : PS_NONE;
    m->idx_of_num[q->num] = m->n;
    m->n++;
}

/* Expected outcomes of a whole batch (independent chains). */
int m_batch(model *m, const req *q, size_t n, expect *e)
{
    int first = NB_OK;
    size_t s = 0;
    memset(e, 0, n * sizeof *e);
    while (s < n) {
        size_t end = s, i, culprit = n;
        bool all_exist = true;
        balances snap;
        long n_mark = m->n;
        while (end + 1 < n && (q[end].flags & NB_TRANSFER_LINKED))
            end++;
        if (q[end].flags & NB_TRANSFER_LINKED) {
            for (i = s; i <= end; i++) {
                e[i].code = i == end ? NB_TR_LINKED_CHAIN_OPEN : NB_TR_LINKED_EVENT_FAILED;
                e[i].err = NB_EINVAL;
                e[i].failed_index = end;
            }
            if (first == NB_OK)
                first = NB_EINVAL;
            break;
        }
        for (i = s; i <= end; i++) {
            mtr *x = m_find(m, q[i].num);
            if (x == NULL || !m_same(x, &q[i]))
                all_exist = false;
        }
        if (all_exist) {
            for (i = s; i <= end; i++) {
                e[i].code = NB_TR_EXISTS;
                e[i].failed_index = i;
            }
            s = end + 1;
            continue;
        }
        snap = m->b;
        m->n_undo = 0;
        for (i = s; i <= end; i++) {
            int code = m_one(m, &q[i], &e[i]);
            e[i].failed_index = i;
            if (code == NB_TR_OK) {
                e[i].code = NB_TR_OK;
                m_append(m, &q[i]);
                continue;
            }
            e[i].code = code;
            e[i].err = code == NB_TR_EXISTS ? NB_ECONFLICT : m_err_of(code);
            culprit = i;
            break;
        }
        if (culprit < n) {
            m->b = snap;
            while (m->n_undo > 0) {
                mundo *u = &m->undo[--m->n_undo];
                m->t[u->idx].pstate = u->pstate;
                m->t[u->idx].posted = u->posted;
                m->t[u->idx].reversed = u->reversed;
            }
            while (m->n > n_mark)
                m->idx_of_num[m->t[--m->n].num] = -1;
            for (i = s; i <= end; i++) {
                if (i == culprit)
                    continue;
                memset(&e[i], 0, sizeof e[i]);
                e[i].code = NB_TR_LINKED_EVENT_FAILED;
                e[i].err = e[culprit].err;
                e[i].failed_index = culprit;
            }
            if (first == NB_OK)
                first = e[culprit].err;
        }
        s = end + 1;
    }
    return first;
}
