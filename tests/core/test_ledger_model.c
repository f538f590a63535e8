/*
 * tests/core/test_ledger_model.c — seeded random model test of the hours
 * ledger (core/ledger.c), in the spirit of TigerBeetle's simulator.
 *
 * A generator produces random batches (deposits from the fund, credit lines,
 * reservations, posts, partial posts, voids, reversals, linked chains, retries
 * of the same id with the same and with different content, invalid requests).
 * Each batch goes both to the core (through an in-memory "store" with a hash
 * index) and to an independent model of the balances written here with plain
 * arrays and no core code. After EVERY operation we check: the result codes
 * (and limit details) agree, every account agrees with the model, posted and
 * pending balances sum to zero, pending totals match the open reservations,
 * and no limited account is over its limit. Every CHECK_EVERY operations and
 * at the end nb_ledger_check recomputes everything from the transfer log.
 *
 * The model is in ledger_model.c.
 *
 * NB_TEST_SEED=<n> replays a seed (printed at start and on failure);
 * NB_TEST_OPS=<n> sets the number of operations (default 100000).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/ledger.h"

#include "ledger_model.h"

/* ======================================================================== */
/* Random numbers and failure reporting                                      */
/* ======================================================================== */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rnd(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rnd_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd(r) % (uint64_t)(hi - lo + 1));
}

static bool rnd_pct(rng *r, int pct)
{
    return (int)(rnd(r) % 100) < pct;
}

static unsigned long long g_seed;
static long g_op;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            char msg_[1024];                                                                   \
            snprintf(msg_, sizeof msg_, __VA_ARGS__);                                          \
            fail_msg("seed %llu (replay: NB_TEST_SEED=%llu) op %ld: %s", g_seed, g_seed, g_op, \
                     msg_);                                                                    \
        }                                                                                      \
    } while (0)

/* ======================================================================== */
/* The core side: an in-memory store with a hash index                       */
/* ======================================================================== */

typedef struct core_side {
    nb_account acc[N_ACC];
    nb_ledger_entry *ent;
    size_t n_ent, cap_ent;
    uint32_t *slots; /* 0 = empty, else entry index + 1 */
    size_t n_slots;  /* power of two */
    nb_transfer *log;
    size_t n_log, cap_log;
    nb_ledger_view view;
} core_side;

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static nb_account *cs_account(void *ctx, int64_t id)
{
    core_side *cs = ctx;
    return id >= 1 && id <= N_ACC ? &cs->acc[id - 1] : NULL;
}

static nb_ledger_entry *cs_transfer(void *ctx, const char *id)
{
    core_side *cs = ctx;
    size_t mask = cs->n_slots - 1;
    for (size_t h = hash_id(id) & mask;; h = (h + 1) & mask) {
        uint32_t v = cs->slots[h];
        if (v == 0)
            return NULL;
        if (strcmp(cs->ent[v - 1].transfer.id, id) == 0)
            return &cs->ent[v - 1];
    }
}

static void cs_insert_slot(core_side *cs, size_t index)
{
    size_t mask = cs->n_slots - 1;
    size_t h = hash_id(cs->ent[index].transfer.id) & mask;
    while (cs->slots[h] != 0)
        h = (h + 1) & mask;
    cs->slots[h] = (uint32_t)(index + 1);
}

static void cs_store(core_side *cs, const nb_ledger_entry *e)
{
    if (cs->n_ent == cs->cap_ent) {
        cs->cap_ent = cs->cap_ent ? cs->cap_ent * 2 : 1024;
        cs->ent = realloc(cs->ent, cs->cap_ent * sizeof *cs->ent);
        assert_non_null(cs->ent);
    }
    if (cs->n_log == cs->cap_log) {
        cs->cap_log = cs->cap_log ? cs->cap_log * 2 : 1024;
        cs->log = realloc(cs->log, cs->cap_log * sizeof *cs->log);
        assert_non_null(cs->log);
    }
    if (2 * (cs->n_ent + 1) > cs->n_slots) {
        free(cs->slots);
        cs->n_slots = cs->n_slots ? cs->n_slots * 2 : 4096;
        cs->slots = calloc(cs->n_slots, sizeof *cs->slots);
        assert_non_null(cs->slots);
        for (size_t i = 0; i < cs->n_ent; i++)
            cs_insert_slot(cs, i);
    }
    cs->ent[cs->n_ent] = *e;
    cs->log[cs->n_log++] = e->transfer;
    cs_insert_slot(cs, cs->n_ent++);
}

/* ======================================================================== */
/* The generator                                                             */
/* ======================================================================== */

typedef struct sim {
    rng r;
    model m;
    core_side cs;
    long next_num;
    long *open; /* model indices of (probably) open pendings */
    size_t n_open, cap_open;
    req last_chain[MAX_BATCH];
    size_t n_last_chain;
    long counts[NB_TR_CODE_COUNT_];
} sim;

static void q_init(sim *s, req *q, int64_t dr, int64_t cr, int64_t amount, int kind, uint32_t flags)
{
    memset(q, 0, sizeof *q);
    q->num = s->next_num++;
    q->dr = dr;
    q->cr = cr;
    q->amount = amount;
    q->kind = kind;
    q->flags = flags;
    q->pend_num = -1;
    q->rev_num = -1;
    snprintf(q->reason, sizeof q->reason, "r%ld", q->num % 1000);
}

static int64_t rnd_org(sim *s)
{
    return rnd_range(&s->r, 2, N_ACC);
}

static int64_t rnd_other_org(sim *s, int64_t not )
{
    int64_t o;
    do
        o = rnd_org(s);
    while (o == not );
    return o;
}

/* An amount around the boundary of `avail` or a plain random one. */
static int64_t rnd_amount(sim *s, int64_t avail)
{
    int p = (int)rnd_range(&s->r, 0, 99);
    if (p < 20 && avail >= 1)
        return avail;
    if (p < 30)
        return avail + 1 > 0 ? avail + 1 : 1;
    if (p < 60 && avail >= 1)
        return rnd_range(&s->r, 1, avail < 600 ? avail : 600);
    return rnd_range(&s->r, 1, 300);
}

static void gen_deposit(sim *s, req *q)
{
    static const int64_t rates[] = {6000, 7500, 8500, 9999, 12345};
    int64_t rate = rates[rnd_range(&s->r, 0, 4)];
    int64_t money = rnd_range(&s->r, 50000, 500000);
    q_init(s, q, FUND_ID, rnd_org(s), money * 60 / rate, NB_KIND_DEPOSIT, 0);
    q->money = money;
    q->rate = rate;
    if (rnd_pct(&s->r, 5))
        q->amount += 1; /* inconsistent with money and rate */
}

static void gen_work(sim *s, req *q, uint32_t flags)
{
    int64_t dr = rnd_org(s);
    int kind = rnd_pct(&s->r, 80) ? NB_KIND_WORK : NB_KIND_ADJUSTMENT;
    q_init(s, q, dr, rnd_other_org(s, dr), rnd_amount(s, m_avail(&s->m, (int)dr - 1)), kind, flags);
}

/* A pending to post or void: usually an open one, sometimes any. */
static const mtr *pick_pending(sim *s)
{
    while (s->n_open > 0) {
        size_t k = (size_t)rnd_range(&s->r, 0, (int64_t)s->n_open - 1);
        const mtr *p = &s->m.t[s->open[k]];
        if (p->pstate == PS_OPEN && !rnd_pct(&s->r, 10))
            return p;
        if (p->pstate != PS_OPEN)
            s->open[k] = s->open[--s->n_open];
        else
            return p; /* an open one anyway */
    }
    return NULL;
}

static void gen_resolve(sim *s, req *q, const mtr *p, bool post)
{
    int64_t amount = p->amount;
    if (post) {
        int k = (int)rnd_range(&s->r, 0, 99);
        if (k < 45)
            amount = rnd_range(&s->r, 1, p->amount); /* partial */
        else if (k < 50)
            amount = p->amount + 1; /* over the reservation */
    } else if (rnd_pct(&s->r, 3)) {
        amount = p->amount > 1 ? p->amount - 1 : 2; /* void of another size */
    }
    q_init(s, q, p->dr, p->cr, amount, p->kind,
           post ? NB_TRANSFER_POST_PENDING : NB_TRANSFER_VOID_PENDING);
    q->pend_num = p->num;
}

static void gen_reversal(sim *s, req *q)
{
    const mtr *o;
    long k;
    if (s->m.n == 0) {
        q_init(s, q, 2, 3, 1, NB_KIND_REVERSAL, 0);
        q->rev_num = 0x7fffffffL; /* never applied */
        return;
    }
    k = rnd_pct(&s->r, 70) && s->m.n > 200 ? rnd_range(&s->r, s->m.n - 200, s->m.n - 1)
                                           : rnd_range(&s->r, 0, s->m.n - 1);
    o = &s->m.t[k];
    q_init(s, q, o->cr, o->dr, o->amount, NB_KIND_REVERSAL, 0);
    q->rev_num = o->num;
    if (rnd_pct(&s->r, 3))
        q->amount += 1; /* not the exact opposite */
}

/* Resubmits an applied transfer, the same or with changed content. */
static bool gen_retry(sim *s, req *q, bool same)
{
    const mtr *x;
    if (s->m.n == 0)
        return false;
    x = &s->m.t[rnd_range(&s->r, 0, s->m.n - 1)];
    memset(q, 0, sizeof *q);
    q->num = x->num;
    q->dr = x->dr;
    q->cr = x->cr;
    q->amount = x->amount;
    q->kind = x->kind;
    q->flags = x->flags;
    q->pend_num = x->pend_num;
    q->rev_num = x->rev_num;
    q->money = x->money;
    q->rate = x->rate;
    memcpy(q->reason, x->reason, sizeof q->reason);
    if (!same) {
        if (rnd_pct(&s->r, 50))
            q->amount += 1;
        else
            snprintf(q->reason, sizeof q->reason, "changed");
    }
    return true;
}

static void gen_invalid(sim *s, req *q)
{
    int64_t dr = rnd_org(s);
    switch (rnd_range(&s->r, 0, 4)) {
    case 0:
        q_init(s, q, dr, dr, 5, NB_KIND_WORK, 0);
        break;
    case 1:
        q_init(s, q, UNKNOWN_ID, dr, 5, NB_KIND_WORK, 0);
        break;
    case 2:
        q_init(s, q, dr, UNKNOWN_ID, 5, NB_KIND_WORK, NB_TRANSFER_PENDING);
        break;
    case 3:
        q_init(s, q, dr, rnd_other_org(s, dr), 0, NB_KIND_WORK, 0);
        break;
    default:
        q_init(s, q, dr, rnd_other_org(s, dr), 5, NB_KIND_CREDIT_LINE, 0);
        break;
    }
}

/* A linked chain: one hour split over several municipalities, possibly with
 * a reservation posted within the chain, posts of earlier reservations, an
 * invalid member, or left open at the end. */
static size_t gen_chain(sim *s, req *q)
{
    size_t n = (size_t)rnd_range(&s->r, 2, 7), i;
    int64_t worker = rnd_org(s);
    int pattern = (int)rnd_range(&s->r, 0, 9);
    uint32_t pend = rnd_pct(&s->r, 50) ? NB_TRANSFER_PENDING : 0;

    if (pattern < 5) {
        /* split of work over n-? clients (not the worker) */
        for (i = 0; i < n; i++) {
            int64_t client = rnd_other_org(s, worker);
            q_init(s, &q[i], client, worker, rnd_amount(s, m_avail(&s->m, (int)client - 1) / 2 + 1),
                   NB_KIND_WORK, pend);
        }
    } else if (pattern < 8) {
        /* reserve, then post or void it in the same chain, then more */
        n = 2;
        gen_work(s, &q[0], NB_TRANSFER_PENDING);
        q_init(s, &q[1], q[0].dr, q[0].cr, rnd_range(&s->r, 1, q[0].amount), q[0].kind,
               rnd_pct(&s->r, 70) ? NB_TRANSFER_POST_PENDING : NB_TRANSFER_VOID_PENDING);
        if (q[1].flags & NB_TRANSFER_VOID_PENDING)
            q[1].amount = q[0].amount;
        q[1].pend_num = q[0].num;
        if (rnd_pct(&s->r, 50)) {
            n = 3;
            gen_deposit(s, &q[2]);
        }
    } else {
        /* posts of earlier reservations together with new work */
        for (i = 0; i < n; i++) {
            const mtr *p = rnd_pct(&s->r, 50) ? pick_pending(s) : NULL;
            if (p != NULL)
                gen_resolve(s, &q[i], p, rnd_pct(&s->r, 80));
            else
                gen_work(s, &q[i], pend);
        }
    }
    if (rnd_pct(&s->r, 5))
        gen_invalid(s, &q[rnd_range(&s->r, 0, (int64_t)n - 1)]);
    for (i = 0; i + 1 < n; i++)
        q[i].flags |= NB_TRANSFER_LINKED;
    if (rnd_pct(&s->r, 2))
        q[n - 1].flags |= NB_TRANSFER_LINKED; /* open chain */
    return n;
}

/* Generates one operation (a batch) into q; returns its size. */
static size_t gen_op(sim *s, req *q)
{
    int p = (int)rnd_range(&s->r, 0, 99);
    const mtr *pd;
    if (p < 10) {
        gen_deposit(s, q);
    } else if (p < 14) {
        q_init(s, q, FUND_ID, rnd_org(s), rnd_range(&s->r, 1, 600), NB_KIND_CREDIT_LINE, 0);
    } else if (p < 36) {
        gen_work(s, q, NB_TRANSFER_PENDING);
    } else if (p < 44) {
        gen_work(s, q, 0);
    } else if (p < 59) {
        pd = pick_pending(s);
        if (pd == NULL)
            gen_work(s, q, NB_TRANSFER_PENDING);
        else
            gen_resolve(s, q, pd, true);
    } else if (p < 67) {
        pd = pick_pending(s);
        if (pd == NULL)
            gen_work(s, q, NB_TRANSFER_PENDING);
        else
            gen_resolve(s, q, pd, false);
    } else if (p < 74) {
        gen_reversal(s, q);
    } else if (p < 86) {
        return gen_chain(s, q);
    } else if (p < 92) {
        if (!gen_retry(s, q, true))
            gen_deposit(s, q);
    } else if (p < 96) {
        if (!gen_retry(s, q, false))
            gen_deposit(s, q);
    } else if (p < 98 && s->n_last_chain > 0) {
        memcpy(q, s->last_chain, s->n_last_chain * sizeof *q); /* chain retry */
        return s->n_last_chain;
    } else {
        gen_invalid(s, q);
    }
    return 1;
}

/* ======================================================================== */
/* Running and checking                                                      */
/* ======================================================================== */

static void to_transfer(const req *q, nb_transfer *t, long timestamp)
{
    memset(t, 0, sizeof *t);
    snprintf(t->id, sizeof t->id, "t%ld", q->num);
    t->debit_account_id = q->dr;
    t->credit_account_id = q->cr;
    t->amount = q->amount;
    t->kind = (nb_transfer_kind)q->kind;
    t->flags = q->flags;
    if (q->pend_num >= 0)
        snprintf(t->pending_id, sizeof t->pending_id, "t%ld", q->pend_num);
    if (q->rev_num >= 0)
        snprintf(t->reverses_id, sizeof t->reverses_id, "t%ld", q->rev_num);
    t->money_cents = q->money;
    t->hour_rate_cents = q->rate;
    t->timestamp = timestamp;
    snprintf(t->reason, sizeof t->reason, "%s", q->reason);
}

static void check_accounts(sim *s)
{
    int64_t posted = 0, pending = 0, dp = 0, cp = 0;
    for (int k = 0; k < N_ACC; k++) {
        const nb_account *a = &s->cs.acc[k];
        const balances *b = &s->m.b;
        CHECK(a->debits_pending == b->dp[k] && a->debits_posted == b->dpo[k] &&
                  a->credits_pending == b->cp[k] && a->credits_posted == b->cpo[k] &&
                  a->credit_line_minutes == b->cl[k],
              "account %d: core dp %lld dpo %lld cp %lld cpo %lld cl %lld, "
              "model %lld %lld %lld %lld %lld",
              k + 1, (long long)a->debits_pending, (long long)a->debits_posted,
              (long long)a->credits_pending, (long long)a->credits_posted,
              (long long)a->credit_line_minutes, (long long)b->dp[k], (long long)b->dpo[k],
              (long long)b->cp[k], (long long)b->cpo[k], (long long)b->cl[k]);
        posted += a->credits_posted - a->debits_posted;
        pending += a->credits_pending - a->debits_pending;
        dp += a->debits_pending;
        cp += a->credits_pending;
        if (!(a->flags & NB_ACCOUNT_UNLIMITED))
            CHECK(a->debits_pending + a->debits_posted <=
                      a->credits_posted + a->credit_line_minutes,
                  "account %d over its limit", k + 1);
    }
    CHECK(posted == 0, "posted balances sum to %lld", (long long)posted);
    CHECK(pending == 0, "pending balances sum to %lld", (long long)pending);
    CHECK(dp == s->m.b.open_pending && cp == s->m.b.open_pending,
          "pending debits %lld / credits %lld, open reservations %lld", (long long)dp,
          (long long)cp, (long long)s->m.b.open_pending);
}

/* Full control: recompute from the log, and compare every entry's state. */
static void check_full(sim *s)
{
    nb_ledger_report rep;
    int rc = nb_ledger_check(s->cs.acc, N_ACC, s->cs.log, s->cs.n_log, &rep);
    CHECK(rc == NB_OK && rep.ok, "nb_ledger_check: %s", rep.first_problem);
    CHECK(rep.transfers_checked == s->cs.n_log, "not every transfer checked");
    CHECK((long)s->cs.n_ent == s->m.n, "core stored %zu transfers, model %ld", s->cs.n_ent, s->m.n);
    for (long i = 0; i < s->m.n; i++) {
        const mtr *x = &s->m.t[i];
        const nb_ledger_entry *e = &s->cs.ent[i];
        int state = e->state == NB_PENDING_OPEN     ? PS_OPEN
                    : e->state == NB_PENDING_POSTED ? PS_POSTED
                    : e->state == NB_PENDING_VOIDED ? PS_VOIDED
                                                    : PS_NONE;
        char id[32];
        snprintf(id, sizeof id, "t%ld", x->num);
        CHECK(strcmp(e->transfer.id, id) == 0, "entry %ld is %s, model %s", i, e->transfer.id, id);
        CHECK(state == x->pstate && (state != PS_POSTED || e->posted_amount == x->posted) &&
                  (e->reversed_by[0] != '\0') == x->reversed,
              "entry %s: state %d/%lld reversed '%s', model %d/%lld %d", id, state,
              (long long)e->posted_amount, e->reversed_by, x->pstate, (long long)x->posted,
              (int)x->reversed);
    }
}

static void run_op(sim *s)
{
    req q[MAX_BATCH];
    nb_transfer batch[MAX_BATCH];
    nb_transfer_result res[MAX_BATCH];
    expect ex[MAX_BATCH];
    nb_err err;
    long n_before = s->m.n;
    size_t n = gen_op(s, q), i;
    int want, got;

    err.msg[0] = '\0';
    for (i = 0; i < n; i++)
        to_transfer(&q[i], &batch[i], g_op);
    want = m_batch(&s->m, q, n, ex);
    got = nb_ledger_apply(&s->cs.view, batch, n, res, &err);
    for (i = 0; i < n; i++) {
        CHECK((int)res[i].code == ex[i].code, "transfer %zu/%zu (t%ld): core %s, model %s", i, n,
              q[i].num, nb_ledger_code_name(res[i].code),
              nb_ledger_code_name((nb_transfer_code)ex[i].code));
        CHECK(res[i].err == ex[i].err && res[i].failed_index == ex[i].failed_index,
              "transfer %zu (t%ld, %s): err %d/%d failed_index %zu/%zu", i, q[i].num,
              nb_ledger_code_name(res[i].code), res[i].err, ex[i].err, res[i].failed_index,
              ex[i].failed_index);
        if (ex[i].code == NB_TR_EXCEEDS_LIMIT)
            CHECK(res[i].account_id == ex[i].account && res[i].available == ex[i].available &&
                      res[i].shortfall == ex[i].shortfall,
                  "limit details: core %lld/%lld/%lld model %lld/%lld/%lld",
                  (long long)res[i].account_id, (long long)res[i].available,
                  (long long)res[i].shortfall, (long long)ex[i].account, (long long)ex[i].available,
                  (long long)ex[i].shortfall);
        s->counts[res[i].code]++;
        if (res[i].code == NB_TR_OK)
            cs_store(&s->cs, &res[i].entry);
    }
    CHECK(got == want, "apply returned %d, model %d (%.300s)", got, want, err.msg);
    /* remember new reservations and the last successful chain */
    for (long k = n_before; k < s->m.n; k++) {
        if (s->m.t[k].pstate != PS_OPEN)
            continue;
        if (s->n_open == s->cap_open) {
            s->cap_open = s->cap_open ? s->cap_open * 2 : 256;
            s->open = realloc(s->open, s->cap_open * sizeof *s->open);
            assert_non_null(s->open);
        }
        s->open[s->n_open++] = k;
    }
    if (n > 1 && res[0].code == NB_TR_OK) {
        memcpy(s->last_chain, q, n * sizeof *q);
        s->n_last_chain = n;
    }
    check_accounts(s);
}

static unsigned long long env_ull(const char *name, unsigned long long dflt)
{
    const char *v = getenv(name);
    char *end;
    unsigned long long x;
    if (v == NULL || *v == '\0')
        return dflt;
    x = strtoull(v, &end, 0);
    return *end == '\0' ? x : dflt;
}

static void test_random_model(void **state)
{
    sim *s = calloc(1, sizeof *s);
    long ops;
    (void)state;
    assert_non_null(s);
    g_seed = env_ull("NB_TEST_SEED",
                     (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20));
    ops = (long)env_ull("NB_TEST_OPS", 100000);
    print_message("ledger model: seed %llu, %ld operations "
                  "(replay with NB_TEST_SEED=%llu)\n",
                  g_seed, ops, g_seed);
    s->r.s = g_seed;
    s->m.num_cap = ops * MAX_BATCH + 16;
    s->m.idx_of_num = malloc((size_t)s->m.num_cap * sizeof *s->m.idx_of_num);
    assert_non_null(s->m.idx_of_num);
    for (long i = 0; i < s->m.num_cap; i++)
        s->m.idx_of_num[i] = -1;
    for (int k = 0; k < N_ACC; k++)
        s->cs.acc[k] = (nb_account){.id = k + 1, .flags = k == 0 ? NB_ACCOUNT_UNLIMITED : 0};
    s->cs.view = (nb_ledger_view){.ctx = &s->cs, .account = cs_account, .transfer = cs_transfer};
    s->cs.n_slots = 4096;
    s->cs.slots = calloc(s->cs.n_slots, sizeof *s->cs.slots);
    assert_non_null(s->cs.slots);

    for (g_op = 0; g_op < ops; g_op++) {
        run_op(s);
        if ((g_op + 1) % CHECK_EVERY == 0)
            check_full(s);
    }
    check_full(s);

    print_message("ledger model: %zu transfers stored; ok %ld, exists %ld, "
                  "exists_different %ld, linked_failed %ld, exceeds_limit %ld, "
                  "already_posted %ld, already_voided %ld, already_reversed %ld, "
                  "exceeds_pending %ld, not_reversible %ld\n",
                  s->cs.n_ent, s->counts[NB_TR_OK], s->counts[NB_TR_EXISTS],
                  s->counts[NB_TR_EXISTS_DIFFERENT], s->counts[NB_TR_LINKED_EVENT_FAILED],
                  s->counts[NB_TR_EXCEEDS_LIMIT], s->counts[NB_TR_ALREADY_POSTED],
                  s->counts[NB_TR_ALREADY_VOIDED], s->counts[NB_TR_ALREADY_REVERSED],
                  s->counts[NB_TR_EXCEEDS_PENDING_AMOUNT], s->counts[NB_TR_NOT_REVERSIBLE]);
    /* the generator must actually reach the interesting outcomes */
    assert_true(s->counts[NB_TR_EXCEEDS_LIMIT] > 0 || ops < 1000);
    assert_true(s->counts[NB_TR_LINKED_EVENT_FAILED] > 0 || ops < 1000);
    assert_true(s->counts[NB_TR_ALREADY_POSTED] + s->counts[NB_TR_ALREADY_VOIDED] > 0 ||
                ops < 1000);

    free(s->m.t);
    free(s->m.idx_of_num);
    free(s->cs.ent);
    free(s->cs.slots);
    free(s->cs.log);
    free(s->open);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
