/*
 * tests/core/test_ledger.c — boundary tests of the hours ledger rules
 * (core/ledger.c): the limit of rule 2, two-phase transfers, linked chains,
 * reversals, deposits, credit lines, idempotency and the control check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/ledger.h"
#include "transfer_fixture.h"

enum { FUND = 1, ORG_A = 2, ORG_B = 3, ORG_C = 4, MAX_ENTRIES = 64 };

/* A tiny in-memory ledger: the "store" of these tests. */
typedef struct mem {
    nb_account accounts[4];
    nb_ledger_entry entries[MAX_ENTRIES];
    nb_transfer log[MAX_ENTRIES]; /* every applied transfer, in order */
    size_t n_log;
    nb_ledger_arrays arrays;
    nb_ledger_view view;
} mem;

static void mem_init(mem *m)
{
    memset(m, 0, sizeof *m);
    m->accounts[0] = (nb_account){.id = FUND, .flags = NB_ACCOUNT_UNLIMITED};
    m->accounts[1] = (nb_account){.id = ORG_A};
    m->accounts[2] = (nb_account){.id = ORG_B};
    m->accounts[3] = (nb_account){.id = ORG_C};
    m->arrays = (nb_ledger_arrays){
        .accounts = m->accounts, .n_accounts = 4, .entries = m->entries, .n_entries = 0};
    nb_ledger_view_from_arrays(&m->view, &m->arrays);
}

static nb_account *acct(mem *m, int64_t id)
{
    return &m->accounts[id - 1];
}

/* Applies a batch and stores the new entries, as the store would. */
static int mem_apply(mem *m, const nb_transfer *batch, size_t n, nb_transfer_result *res)
{
    nb_err err;
    int rc = nb_ledger_apply(&m->view, batch, n, res, &err);
    for (size_t i = 0; i < n; i++) {
        if (res[i].code != NB_TR_OK)
            continue;
        assert_true(m->arrays.n_entries < MAX_ENTRIES);
        m->entries[m->arrays.n_entries++] = res[i].entry;
        m->log[m->n_log++] = res[i].entry.transfer;
    }
    return rc;
}

static int apply1(mem *m, const nb_transfer *t, nb_transfer_result *res)
{
    return mem_apply(m, t, 1, res);
}

static void assert_consistent(mem *m)
{
    nb_ledger_report rep;
    int rc = nb_ledger_check(m->accounts, 4, m->log, m->n_log, &rep);
    if (rc != NB_OK)
        fail_msg("ledger check failed: %s", rep.first_problem);
    assert_true(rep.ok);
    assert_int_equal(rep.posted_sum, 0);
    assert_int_equal(rep.pending_sum, 0);
}

static nb_transfer resolve(const char *id, const nb_transfer *p, int64_t amount, uint32_t flag)
{
    nb_transfer t = tr(id, p->debit_account_id, p->credit_account_id, amount, p->kind, flag);
    snprintf(t.pending_id, sizeof t.pending_id, "%s", p->id);
    return t;
}

static nb_transfer reversal(const char *id, const nb_transfer *o)
{
    nb_transfer t =
        tr(id, o->credit_account_id, o->debit_account_id, o->amount, NB_KIND_REVERSAL, 0);
    snprintf(t.reverses_id, sizeof t.reverses_id, "%s", o->id);
    return t;
}

/* Gives org `id` `minutes` of posted credit via a deposit from the fund. */
static void fund(mem *m, const char *tid, int64_t id, int64_t minutes)
{
    nb_transfer t = tr(tid, FUND, id, minutes, NB_KIND_DEPOSIT, 0);
    nb_transfer_result r;
    t.hour_rate_cents = 6000;      /* 60 euro an hour */
    t.money_cents = minutes * 100; /* 1 euro a minute */
    assert_int_equal(apply1(m, &t, &r), NB_OK);
    assert_int_equal(r.code, NB_TR_OK);
}

/* ------------------------------------------------------------------------ */

static void test_limit_exact_and_one_over(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    nb_err err;
    (void)state;
    mem_init(&m);
    fund(&m, "dep1", ORG_A, 100);
    /* one over: refused with account, available and shortfall */
    t = tr("w1", ORG_A, ORG_B, 101, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(nb_ledger_apply(&m.view, &t, 1, &r, &err), NB_ELIMIT);
    assert_int_equal(r.code, NB_TR_EXCEEDS_LIMIT);
    assert_int_equal(r.err, NB_ELIMIT);
    assert_int_equal(r.account_id, ORG_A);
    assert_int_equal(r.available, 100);
    assert_int_equal(r.shortfall, 1);
    assert_non_null(strstr(err.msg, "100 minutes available, 1 short"));
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 0);
    /* exactly at the limit: accepted */
    t.amount = 100;
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(r.code, NB_TR_OK);
    assert_int_equal(nb_ledger_available(acct(&m, ORG_A)), 0);
    /* now even one minute more is refused, posted or pending */
    t = tr("w2", ORG_A, ORG_C, 1, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
    assert_int_equal(r.available, 0);
    assert_int_equal(r.shortfall, 1);
    assert_consistent(&m);
}

static void test_credit_line_counts_pending_credits_do_not(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    (void)state;
    mem_init(&m);
    t = tr("cl1", FUND, ORG_A, 60, NB_KIND_CREDIT_LINE, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(acct(&m, ORG_A)->credit_line_minutes, 60);
    assert_int_equal(acct(&m, ORG_A)->credits_posted, 0);
    assert_int_equal(nb_ledger_available(acct(&m, ORG_A)), 60);
    /* B reserves 50 from A's work: B has no credit at all -> refused */
    t = tr("r1", ORG_B, ORG_A, 50, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
    assert_int_equal(r.account_id, ORG_B);
    assert_int_equal(r.available, 0);
    assert_int_equal(r.shortfall, 50);
    /* A reserves 60 of B's work on its credit line */
    t = tr("r2", ORG_A, ORG_B, 60, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    /* B's pending credit of 60 is not available to B */
    assert_int_equal(nb_ledger_available(acct(&m, ORG_B)), 0);
    t = tr("r3", ORG_B, ORG_C, 1, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
    /* a credit line cannot come from a limited account */
    t = tr("cl2", ORG_B, ORG_A, 10, NB_KIND_CREDIT_LINE, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_FUND_REQUIRED);
    /* lowering the line (reversal) below what is used is refused */
    {
        nb_transfer cl = tr("cl1", FUND, ORG_A, 60, NB_KIND_CREDIT_LINE, 0);
        t = reversal("cl1-rev", &cl);
        assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
        assert_int_equal(r.code, NB_TR_EXCEEDS_LIMIT);
        assert_int_equal(r.account_id, ORG_A);
        assert_int_equal(r.shortfall, 60);
    }
    assert_consistent(&m);
}

static void test_two_phase(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer p, t;
    (void)state;
    mem_init(&m);
    fund(&m, "dep1", ORG_A, 500);
    p = tr("p1", ORG_A, ORG_B, 300, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &p, &r), NB_OK);
    assert_int_equal(r.entry.state, NB_PENDING_OPEN);
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 300);
    assert_int_equal(acct(&m, ORG_B)->credits_pending, 300);
    /* post more than reserved: refused */
    t = resolve("p1-post", &p, 301, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
    assert_int_equal(r.code, NB_TR_EXCEEDS_PENDING_AMOUNT);
    /* a post with other accounts is refused */
    t = resolve("p1-post", &p, 100, NB_TRANSFER_POST_PENDING);
    t.credit_account_id = ORG_C;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_PENDING_MISMATCH);
    /* partial post releases the rest */
    t = resolve("p1-post", &p, 120, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 0);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 120);
    assert_int_equal(acct(&m, ORG_B)->credits_pending, 0);
    assert_int_equal(acct(&m, ORG_B)->credits_posted, 120);
    assert_int_equal(nb_ledger_available(acct(&m, ORG_A)), 380);
    assert_int_equal(m.entries[1].state, NB_PENDING_POSTED);
    assert_int_equal(m.entries[1].posted_amount, 120);
    assert_string_equal(m.entries[1].resolved_by, "p1-post");
    /* double post and void after post refused */
    t = resolve("p1-post2", &p, 10, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ECONFLICT);
    assert_int_equal(r.code, NB_TR_ALREADY_POSTED);
    t = resolve("p1-void", &p, 300, NB_TRANSFER_VOID_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ECONFLICT);
    assert_int_equal(r.code, NB_TR_ALREADY_POSTED);

    /* void, then post after void and second void refused */
    p = tr("p2", ORG_A, ORG_C, 200, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &p, &r), NB_OK);
    t = resolve("p2-void", &p, 199, NB_TRANSFER_VOID_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL); /* void takes it all */
    assert_int_equal(r.code, NB_TR_PENDING_MISMATCH);
    t = resolve("p2-void", &p, 200, NB_TRANSFER_VOID_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 0);
    assert_int_equal(acct(&m, ORG_C)->credits_pending, 0);
    assert_int_equal(acct(&m, ORG_C)->credits_posted, 0);
    t = resolve("p2-post", &p, 200, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ECONFLICT);
    assert_int_equal(r.code, NB_TR_ALREADY_VOIDED);
    t = resolve("p2-void2", &p, 200, NB_TRANSFER_VOID_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_ECONFLICT);
    assert_int_equal(r.code, NB_TR_ALREADY_VOIDED);

    /* unknown pending, and a posted transfer is not pending */
    t = resolve("x1", &p, 10, NB_TRANSFER_POST_PENDING);
    snprintf(t.pending_id, sizeof t.pending_id, "nope");
    assert_int_equal(apply1(&m, &t, &r), NB_ENOTFOUND);
    assert_int_equal(r.code, NB_TR_PENDING_NOT_FOUND);
    t = resolve("x2", &p, 10, NB_TRANSFER_POST_PENDING);
    snprintf(t.pending_id, sizeof t.pending_id, "dep1");
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_NOT_PENDING);
    assert_consistent(&m);
}

/* Posting can never break the limit: it was checked at reservation. */
static void test_post_never_breaks_limit(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer p, t;
    (void)state;
    mem_init(&m);
    fund(&m, "dep1", ORG_A, 50);
    p = tr("p1", ORG_A, ORG_B, 50, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &p, &r), NB_OK);
    /* meanwhile A spends nothing else (limit holds); post it all */
    t = resolve("p1-post", &p, 50, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(nb_ledger_available(acct(&m, ORG_A)), 0);
    assert_consistent(&m);
}

static void test_validation(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    (void)state;
    mem_init(&m);
    fund(&m, "dep1", ORG_A, 50);
    t = tr("v1", ORG_A, ORG_B, 0, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_AMOUNT_INVALID);
    t.amount = -5;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    t = tr("v1", ORG_A, ORG_A, 5, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_SAME_ACCOUNT);
    t = tr("v1", 99, ORG_A, 5, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_ENOTFOUND);
    assert_int_equal(r.code, NB_TR_DEBIT_ACCOUNT_NOT_FOUND);
    t = tr("v1", ORG_A, 99, 5, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_ENOTFOUND);
    assert_int_equal(r.code, NB_TR_CREDIT_ACCOUNT_NOT_FOUND);
    t = tr("", ORG_A, ORG_B, 5, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_ID_INVALID);
    t = tr("bad id", ORG_A, ORG_B, 5, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_ID_INVALID);
    t = tr("v1", ORG_A, ORG_B, 5, NB_KIND_WORK, NB_TRANSFER_PENDING | NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_FLAGS_INVALID);
    t = tr("v1", ORG_A, ORG_B, 5, NB_KIND_NONE, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_KIND_INVALID);
    t = tr("v1", FUND, ORG_A, 5, NB_KIND_DEPOSIT, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_FLAGS_INVALID);
    t = tr("v1", ORG_A, ORG_B, NB_LEDGER_AMOUNT_MAX + 1, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_AMOUNT_INVALID);
    assert_int_equal(m.n_log, 1);
    assert_consistent(&m);
}

static void test_deposit(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    int64_t minutes;
    (void)state;
    mem_init(&m);
    /* 1000 euro at 85 euro an hour: 100000*60/8500 = 705.88 -> 705 */
    assert_int_equal(nb_ledger_deposit_minutes(100000, 8500, &minutes), NB_OK);
    assert_int_equal(minutes, 705);
    assert_int_equal(nb_ledger_deposit_minutes(1, 8500, &minutes), NB_EINVAL);
    assert_int_equal(nb_ledger_deposit_minutes(100, 0, &minutes), NB_EINVAL);
    t = tr("d1", FUND, ORG_A, 706, NB_KIND_DEPOSIT, 0);
    t.money_cents = 100000;
    t.hour_rate_cents = 8500;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_DEPOSIT_INVALID);
    t.amount = 705;
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(acct(&m, ORG_A)->credits_posted, 705);
    assert_int_equal(acct(&m, FUND)->debits_posted, 705);
    assert_true(nb_ledger_available(acct(&m, FUND)) == INT64_MAX);
    /* a deposit must come from the fund */
    t = tr("d2", ORG_B, ORG_A, 705, NB_KIND_DEPOSIT, 0);
    t.money_cents = 100000;
    t.hour_rate_cents = 8500;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_FUND_REQUIRED);
    /* money on a work transfer is refused */
    t = tr("w1", ORG_A, ORG_B, 5, NB_KIND_WORK, 0);
    t.money_cents = 1;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_DEPOSIT_INVALID);
    assert_consistent(&m);
}

/* One approved hour split over three municipalities, all or nothing. */
static void test_linked_all_or_nothing(void **state)
{
    mem m;
    nb_transfer_result r[4];
    nb_transfer b[4];
    nb_err err;
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 20);
    fund(&m, "dep-b", ORG_B, 20);
    /* C works 60 minutes for A, B and the fund; B cannot pay 21 -> fail */
    b[0] = tr("h1-a", ORG_A, ORG_C, 20, NB_KIND_WORK, NB_TRANSFER_LINKED);
    b[1] = tr("h1-b", ORG_B, ORG_C, 21, NB_KIND_WORK, NB_TRANSFER_LINKED);
    b[2] = tr("h1-f", FUND, ORG_C, 19, NB_KIND_WORK, 0);
    assert_int_equal(nb_ledger_apply(&m.view, b, 3, r, &err), NB_ELIMIT);
    assert_int_equal(r[0].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(r[0].failed_index, 1);
    assert_int_equal(r[1].code, NB_TR_EXCEEDS_LIMIT);
    assert_int_equal(r[1].failed_index, 1);
    assert_int_equal(r[1].account_id, ORG_B);
    assert_int_equal(r[1].shortfall, 1);
    assert_int_equal(r[2].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(r[2].failed_index, 1);
    /* nothing was applied */
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 0);
    assert_int_equal(acct(&m, ORG_C)->credits_posted, 0);
    assert_int_equal(acct(&m, FUND)->debits_posted, 40);
    /* fixed: all applied */
    b[1].amount = 20;
    b[2].amount = 20;
    assert_int_equal(mem_apply(&m, b, 3, r), NB_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(r[i].code, NB_TR_OK);
    assert_int_equal(acct(&m, ORG_C)->credits_posted, 60);
    /* an open chain at the end of the batch fails */
    b[0] = tr("o1", FUND, ORG_C, 1, NB_KIND_WORK, 0);
    b[1] = tr("o2", FUND, ORG_C, 1, NB_KIND_WORK, NB_TRANSFER_LINKED);
    assert_int_equal(mem_apply(&m, b, 2, r), NB_EINVAL);
    assert_int_equal(r[0].code, NB_TR_OK); /* independent of the chain */
    assert_int_equal(r[1].code, NB_TR_LINKED_CHAIN_OPEN);
    assert_consistent(&m);
}

/* A pending created and posted in one chain; a failing chain undoes both. */
static void test_linked_with_pending_in_batch(void **state)
{
    mem m;
    nb_transfer_result r[3];
    nb_transfer b[3];
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 100);
    b[0] = tr("p1", ORG_A, ORG_B, 80, NB_KIND_WORK, NB_TRANSFER_PENDING | NB_TRANSFER_LINKED);
    b[1] = resolve("p1-post", &b[0], 30, NB_TRANSFER_POST_PENDING | NB_TRANSFER_LINKED);
    b[1].kind = NB_KIND_WORK;
    b[2] = tr("w1", ORG_A, ORG_C, 71, NB_KIND_WORK, 0); /* 70 left: fails */
    assert_int_equal(mem_apply(&m, b, 3, r), NB_ELIMIT);
    assert_int_equal(r[2].code, NB_TR_EXCEEDS_LIMIT);
    assert_int_equal(r[2].available, 70);
    assert_int_equal(r[0].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(r[1].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 0);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 0);
    b[2].amount = 70;
    assert_int_equal(mem_apply(&m, b, 3, r), NB_OK);
    assert_int_equal(r[0].entry.state, NB_PENDING_POSTED);
    assert_int_equal(r[0].entry.posted_amount, 30);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 100);
    assert_int_equal(acct(&m, ORG_A)->debits_pending, 0);
    assert_consistent(&m);
}

static void test_reversal_once(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer w, t, p;
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 100);
    w = tr("w1", ORG_A, ORG_B, 40, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &w, &r), NB_OK);
    /* not the exact opposite */
    t = reversal("w1-rev", &w);
    t.amount = 39;
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_REVERSAL_MISMATCH);
    t = reversal("w1-rev", &w);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_string_equal(r.entry.transfer.reverses_id, "w1");
    assert_int_equal(acct(&m, ORG_A)->credits_posted, 140);
    assert_int_equal(acct(&m, ORG_B)->debits_posted, 40);
    assert_int_equal(nb_ledger_available(acct(&m, ORG_A)), 100);
    assert_string_equal(m.entries[1].reversed_by, "w1-rev");
    /* at most once */
    t = reversal("w1-rev2", &w);
    assert_int_equal(apply1(&m, &t, &r), NB_ECONFLICT);
    assert_int_equal(r.code, NB_TR_ALREADY_REVERSED);
    /* a reversal cannot be reversed; a pending cannot be reversed */
    {
        nb_transfer rv = reversal("w1-rev", &w);
        t = reversal("w1-rev-rev", &rv);
        assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
        assert_int_equal(r.code, NB_TR_NOT_REVERSIBLE);
    }
    p = tr("p1", ORG_A, ORG_B, 10, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &p, &r), NB_OK);
    t = reversal("p1-rev", &p);
    assert_int_equal(apply1(&m, &t, &r), NB_EINVAL);
    assert_int_equal(r.code, NB_TR_NOT_REVERSIBLE);
    t = reversal("x-rev", &p);
    snprintf(t.reverses_id, sizeof t.reverses_id, "missing");
    assert_int_equal(apply1(&m, &t, &r), NB_ENOTFOUND);
    assert_int_equal(r.code, NB_TR_REVERSED_NOT_FOUND);
    /* reversing a post of a pending reverses the posted part */
    t = resolve("p1-post", &p, 7, NB_TRANSFER_POST_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    {
        nb_transfer post = t;
        t = reversal("p1-post-rev", &post);
        assert_int_equal(t.amount, 7);
        assert_int_equal(apply1(&m, &t, &r), NB_OK);
    }
    /* a reversal that the (new) debit account cannot afford is refused:
     * B received 40 (reversed) + 7 (reversed); B has nothing left. */
    w = tr("w2", ORG_A, ORG_B, 30, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &w, &r), NB_OK);
    t = tr("w3", ORG_B, ORG_C, 30, NB_KIND_WORK, 0); /* B spends it */
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = reversal("w2-rev", &w);
    assert_int_equal(apply1(&m, &t, &r), NB_ELIMIT);
    assert_int_equal(r.account_id, ORG_B);
    assert_int_equal(r.shortfall, 30);
    assert_consistent(&m);
}

static void test_idempotency(void **state)
{
    mem m;
    nb_transfer_result r[2];
    nb_transfer t, u, b[2];
    nb_err err;
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 100);
    t = tr("w1", ORG_A, ORG_B, 40, NB_KIND_WORK, 0);
    t.timestamp = 1000;
    assert_int_equal(apply1(&m, &t, r), NB_OK);
    /* same content (other timestamp): the original result, nothing applied */
    u = t;
    u.timestamp = 2000;
    assert_true(nb_ledger_same_content(&t, &u));
    assert_int_equal(apply1(&m, &u, r), NB_OK);
    assert_int_equal(r[0].code, NB_TR_EXISTS);
    assert_int_equal(r[0].err, NB_OK);
    assert_int_equal(r[0].entry.transfer.timestamp, 1000);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 40);
    /* same id, different content: 409 */
    u.amount = 41;
    assert_false(nb_ledger_same_content(&t, &u));
    assert_int_equal(nb_ledger_apply(&m.view, &u, 1, r, &err), NB_ECONFLICT);
    assert_int_equal(r[0].code, NB_TR_EXISTS_DIFFERENT);
    assert_string_equal(nb_ledger_code_name(r[0].code), "exists_with_different_content");
    u = t;
    snprintf(u.reason, sizeof u.reason, "other reason");
    assert_false(nb_ledger_same_content(&t, &u));
    /* duplicate id inside one batch */
    b[0] = tr("w2", ORG_A, ORG_C, 1, NB_KIND_WORK, 0);
    b[1] = b[0];
    assert_int_equal(mem_apply(&m, b, 2, r), NB_OK);
    assert_int_equal(r[0].code, NB_TR_OK);
    assert_int_equal(r[1].code, NB_TR_EXISTS);
    /* a retried chain is a no-op; a half-new chain fails */
    b[0] = tr("c1", ORG_A, ORG_C, 1, NB_KIND_WORK, NB_TRANSFER_LINKED);
    b[1] = tr("c2", ORG_A, ORG_C, 1, NB_KIND_WORK, 0);
    assert_int_equal(mem_apply(&m, b, 2, r), NB_OK);
    assert_int_equal(mem_apply(&m, b, 2, r), NB_OK);
    assert_int_equal(r[0].code, NB_TR_EXISTS);
    assert_int_equal(r[1].code, NB_TR_EXISTS);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 43);
    b[1] = tr("c3", ORG_A, ORG_C, 1, NB_KIND_WORK, 0);
    assert_int_equal(mem_apply(&m, b, 2, r), NB_ECONFLICT);
    assert_int_equal(r[0].code, NB_TR_EXISTS);
    assert_int_equal(r[0].err, NB_ECONFLICT);
    assert_int_equal(r[1].code, NB_TR_LINKED_EVENT_FAILED);
    assert_int_equal(acct(&m, ORG_A)->debits_posted, 43);
    assert_consistent(&m);
}

static void test_fill_from_ref(void **state)
{
    nb_ledger_entry e;
    nb_transfer t;
    (void)state;
    memset(&e, 0, sizeof e);
    e.transfer = tr("p1", ORG_A, ORG_B, 50, NB_KIND_WORK, NB_TRANSFER_PENDING);
    memset(&t, 0, sizeof t);
    t.flags = NB_TRANSFER_VOID_PENDING;
    nb_ledger_fill_from_ref(&t, &e);
    assert_int_equal(t.debit_account_id, ORG_A);
    assert_int_equal(t.credit_account_id, ORG_B);
    assert_int_equal(t.amount, 50);
    assert_int_equal(t.kind, NB_KIND_WORK);
    memset(&t, 0, sizeof t);
    snprintf(t.reverses_id, sizeof t.reverses_id, "p1");
    nb_ledger_fill_from_ref(&t, &e);
    assert_int_equal(t.kind, NB_KIND_REVERSAL);
    assert_int_equal(t.debit_account_id, ORG_B);
    assert_int_equal(t.credit_account_id, ORG_A);
}

/* The control check must notice tampering. */
static void test_check_detects_problems(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    nb_ledger_report rep;
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 100);
    t = tr("p1", ORG_A, ORG_B, 40, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_consistent(&m);
    acct(&m, ORG_B)->credits_posted += 1; /* stored balance tampered */
    assert_int_equal(nb_ledger_check(m.accounts, 4, m.log, m.n_log, &rep), NB_ECONFLICT);
    assert_false(rep.ok);
    assert_int_equal(rep.mismatched_accounts, 1);
    assert_int_equal(rep.first_mismatch_id, ORG_B);
    assert_int_equal(rep.posted_sum, 1);
    acct(&m, ORG_B)->credits_posted -= 1;
    acct(&m, ORG_A)->debits_posted += 100; /* over limit and mismatch */
    acct(&m, FUND)->debits_posted -= 100;
    assert_int_equal(nb_ledger_check(m.accounts, 4, m.log, m.n_log, &rep), NB_ECONFLICT);
    assert_int_equal(rep.over_limit_accounts, 1);
    assert_int_equal(rep.first_over_limit_id, ORG_A);
    assert_int_equal(rep.posted_sum, 0);
    acct(&m, ORG_A)->debits_posted -= 100;
    acct(&m, FUND)->debits_posted += 100;
    /* a transfer list with an unknown account is reported */
    m.log[m.n_log] = tr("ghost", ORG_A, 77, 1, NB_KIND_WORK, 0);
    assert_int_equal(nb_ledger_check(m.accounts, 4, m.log, m.n_log + 1, &rep), NB_ECONFLICT);
    assert_int_equal(rep.bad_transfers, 1);
    assert_consistent(&m);
}

/* Feeds m's log to the streamed check the way the store does
 * (nb_ledger_check_next_stored): each transfer with the stored entry of the
 * transfer it names, whose resolved_by/reversed_by say who resolved or
 * reversed it. */
static int check_stored(mem *m, nb_ledger_report *rep)
{
    nb_ledger_checker *c = NULL;
    int rc = nb_ledger_check_begin(m->accounts, 4, rep, &c);
    if (rc != NB_OK)
        return rc;
    for (size_t i = 0; i < m->n_log; i++) {
        const nb_transfer *t = &m->log[i];
        const char *ref_id = NULL;
        if (t->flags & (NB_TRANSFER_POST_PENDING | NB_TRANSFER_VOID_PENDING))
            ref_id = t->pending_id;
        else if (t->kind == NB_KIND_REVERSAL)
            ref_id = t->reverses_id;
        const nb_ledger_entry *ref = NULL;
        int64_t ref_seq = 0;
        for (size_t k = 0; ref_id && k < m->arrays.n_entries; k++)
            if (strcmp(m->entries[k].transfer.id, ref_id) == 0)
                ref = &m->entries[k], ref_seq = (int64_t)k + 1;
        if ((rc = nb_ledger_check_next_stored(c, t, (int64_t)i + 1, ref, ref_seq)) != NB_OK) {
            nb_ledger_check_free(c);
            return rc;
        }
    }
    return nb_ledger_check_end(c);
}

/* The store's streamed check keeps no mark per transfer: whether a
 * reservation was resolved (or a transfer reversed) before comes from the
 * named transfer's stored state. On a sound ledger it agrees with
 * nb_ledger_check; a second post of one reservation is refused as the
 * in-memory check refuses it; and the stored state decides which of two is
 * the one (the in-memory check can only take the first). */
static void test_check_stored_state(void **state)
{
    mem m;
    nb_transfer_result r;
    nb_transfer t;
    nb_ledger_report mem_rep, st_rep;
    (void)state;
    mem_init(&m);
    fund(&m, "dep-a", ORG_A, 500);
    t = tr("p1", ORG_A, ORG_B, 40, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = tr("post1", ORG_A, ORG_B, 30, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(t.pending_id, sizeof t.pending_id, "p1");
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = tr("p2", ORG_A, ORG_C, 20, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = tr("void2", ORG_A, ORG_C, 20, NB_KIND_WORK, NB_TRANSFER_VOID_PENDING);
    snprintf(t.pending_id, sizeof t.pending_id, "p2");
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = tr("w", ORG_B, ORG_A, 10, NB_KIND_WORK, 0);
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    t = tr("back", ORG_A, ORG_B, 10, NB_KIND_REVERSAL, 0);
    snprintf(t.reverses_id, sizeof t.reverses_id, "w");
    assert_int_equal(apply1(&m, &t, &r), NB_OK);
    assert_int_equal(check_stored(&m, &st_rep), NB_OK);
    assert_true(st_rep.ok);
    assert_int_equal(st_rep.transfers_checked, m.n_log);

    /* a forged second post of p1 and a second reversal of w, after them */
    m.log[m.n_log] = tr("post1b", ORG_A, ORG_B, 5, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(m.log[m.n_log++].pending_id, sizeof t.pending_id, "p1");
    m.log[m.n_log] = tr("back2", ORG_A, ORG_B, 10, NB_KIND_REVERSAL, 0);
    snprintf(m.log[m.n_log++].reverses_id, sizeof t.reverses_id, "w");
    assert_int_equal(nb_ledger_check(m.accounts, 4, m.log, m.n_log, &mem_rep), NB_ECONFLICT);
    assert_int_equal(check_stored(&m, &st_rep), NB_ECONFLICT);
    assert_int_equal(st_rep.bad_transfers, 2);
    assert_int_equal(mem_rep.bad_transfers, 2);
    assert_string_equal(st_rep.first_problem, mem_rep.first_problem);
    assert_non_null(strstr(st_rep.first_problem, "transfer post1b,"));
    assert_int_equal(st_rep.mismatched_accounts, mem_rep.mismatched_accounts);

    /* the stored state names post1b as p1's resolver: now post1 is the one refused */
    for (size_t k = 0; k < m.arrays.n_entries; k++)
        if (strcmp(m.entries[k].transfer.id, "p1") == 0)
            snprintf(m.entries[k].resolved_by, sizeof m.entries[k].resolved_by, "post1b");
    assert_int_equal(check_stored(&m, &st_rep), NB_ECONFLICT);
    assert_non_null(strstr(st_rep.first_problem, "transfer post1,"));
    assert_int_equal(st_rep.bad_transfers, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit_exact_and_one_over),
        cmocka_unit_test(test_credit_line_counts_pending_credits_do_not),
        cmocka_unit_test(test_two_phase),
        cmocka_unit_test(test_post_never_breaks_limit),
        cmocka_unit_test(test_validation),
        cmocka_unit_test(test_deposit),
        cmocka_unit_test(test_linked_all_or_nothing),
        cmocka_unit_test(test_linked_with_pending_in_batch),
        cmocka_unit_test(test_reversal_once),
        cmocka_unit_test(test_idempotency),
        cmocka_unit_test(test_fill_from_ref),
        cmocka_unit_test(test_check_detects_problems),
        cmocka_unit_test(test_check_stored_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
