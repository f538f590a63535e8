/*
 * tests/store/test_ledger_statement.c — an account's statement (afschrift)
 * from the ledger store: its lines add up to the balance, its pages make
 * the whole with the sums before each page, the CSV's times, and the
 * streamed statement and CSV equal the one loaded the old way. On the
 * fixture of ledger_store_fixture.c with a short history (history_setup):
 * a reservation of A posted in part, a linked batch from B, three changes
 * of A's credit line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ledger_store_fixture.h"
#include "store/ledger_store.h"
#include "store/statement.h"
#include "util/buf.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka group setup: the fixture's store, then the transfers the first
 * cases of test_ledger_store.c leave (the statements read them): A reserves
 * 600 for B and posts 400 of it, B reserves and posts 100 for A in one
 * linked batch, A's credit line goes to 900, 350 and 300. */
static int history_setup(void **state)
{
    if (setup(state) != 0)
        return -1;
    fixture *f = *state;
    nb_transfer_result res[2];
    nb_transfer_result refusal;
    nb_err err;
    int changed = 0;
    nb_transfer r = tr("res-1", f->acct_a, f->acct_b, 600, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(f, &r, &res[0]), 0);
    nb_transfer p = tr("post-1", f->acct_a, f->acct_b, 400, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(p.pending_id, sizeof p.pending_id, "res-1");
    assert_int_equal(apply1(f, &p, &res[0]), 0);
    nb_transfer b[2];
    b[0] = tr("chain-r", f->acct_b, f->acct_a, 100, NB_KIND_ADJUSTMENT,
              NB_TRANSFER_PENDING | NB_TRANSFER_LINKED);
    b[1] = tr("chain-p", f->acct_b, f->acct_a, 100, NB_KIND_ADJUSTMENT, NB_TRANSFER_POST_PENDING);
    snprintf(b[1].pending_id, sizeof b[1].pending_id, "chain-r");
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_apply(f->st, b, 2, res, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    const int64_t lines[] = {900, 350, 300};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        assert_int_equal(nb_ledger_store_sync_credit_line(f->st, f->org_a, lines[i],
                                                          i == 0 ? "omhoog" : NULL, &changed,
                                                          &refusal, &err),
                         0);
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    }
    check_ok(f);
    return 0;
}

typedef struct stmt_acc {
    int64_t sum;
    int lines;
} stmt_acc;

static int stmt_line(void *ctx, const nb_ledger_stmt_line *l)
{
    stmt_acc *acc = ctx;
    acc->sum += l->delta;
    acc->lines++;
    assert_non_null(l->counter_name);
    return 0;
}

static void test_statement_matches_balance(void **state)
{
    fixture *f = *state;
    nb_account a;
    nb_err err;
    stmt_acc acc = {0, 0};
    int64_t opening = -1;
    assert_int_equal(
        nb_ledger_store_statement(f->st, f->acct_a, 0, 0, &opening, stmt_line, &acc, &err), 0);
    assert_int_equal(opening, 0);
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(acc.sum, a.credits_posted - a.debits_posted);
    assert_true(acc.lines >= 5);
    /* Everything is before a far-future start: all in the opening balance. */
    stmt_acc later = {0, 0};
    assert_int_equal(nb_ledger_store_statement(f->st, f->acct_a, INT64_C(4000000000), 0, &opening,
                                               stmt_line, &later, &err),
                     0);
    assert_int_equal(later.lines, 0);
    assert_int_equal(opening, a.credits_posted - a.debits_posted);
}

/* Every page of a statement (nb_ledger_store_statement_page, two lines a
 * page) together is the whole statement in the same order, and the sums say
 * what came before each page's first line (what the afschrift page shows as
 * its Beginsaldo). */
typedef struct stmt_keep {
    int64_t pos[64], ts[64], delta[64];
    int n;
} stmt_keep;

static int stmt_keep_line(void *ctx, const nb_ledger_stmt_line *l)
{
    stmt_keep *k = ctx;
    assert_true(k->n < 64);
    k->pos[k->n] = l->position;
    k->ts[k->n] = l->entry->transfer.timestamp;
    k->delta[k->n] = l->delta;
    k->n++;
    return 0;
}

static void test_statement_pages_make_the_whole(void **state)
{
    fixture *f = *state;
    nb_err err;
    stmt_keep all = {{0}, {0}, {0}, 0}, paged = {{0}, {0}, {0}, 0};
    int64_t opening = -1, before = 0;
    assert_int_equal(
        nb_ledger_store_statement(f->st, f->acct_a, 0, 0, &opening, stmt_keep_line, &all, &err), 0);
    assert_true(all.n >= 5);
    for (int64_t off = 0; off < all.n; off += 2) {
        int had = paged.n;
        assert_int_equal(nb_ledger_store_statement_page(f->st, f->acct_a, 0, 0, off, 2, &opening,
                                                        stmt_keep_line, &paged, &err),
                         0);
        assert_int_equal(paged.n - had, all.n - off < 2 ? all.n - off : 2);
        nb_ledger_stmt_sums sums;
        assert_int_equal(nb_ledger_store_statement_sums(f->st, f->acct_a, 0, 0, NB_KIND_NONE,
                                                        paged.ts[had], paged.pos[had], &sums, &err),
                         0);
        assert_int_equal(sums.count, all.n);
        assert_int_equal(sums.before, before);
        for (int i = had; i < paged.n; i++)
            before += paged.delta[i];
    }
    assert_int_equal(paged.n, all.n);
    for (int i = 0; i < all.n; i++) {
        assert_int_equal(paged.pos[i], all.pos[i]);
        assert_int_equal(paged.delta[i], all.delta[i]);
        if (i > 0) /* in (ts, id) order */
            assert_true(all.ts[i - 1] < all.ts[i] ||
                        (all.ts[i - 1] == all.ts[i] && all.pos[i - 1] < all.pos[i]));
    }
    /* past the end: no lines */
    stmt_keep none = {{0}, {0}, {0}, 0};
    assert_int_equal(nb_ledger_store_statement_page(f->st, f->acct_a, 0, 0, all.n, 2, &opening,
                                                    stmt_keep_line, &none, &err),
                     0);
    assert_int_equal(none.n, 0);
}

/* The CSV writes each line's time itself (no gmtime_r/strftime per line):
 * the same text as nb_time_iso, also at the edges of days, years and the
 * range it formats itself. */
static void test_statement_csv_times(void **state)
{
    (void)state;
    static const int64_t times[] = {0,          59,
                                    86399,      86400,
                                    951782400,  951868799,
                                    1796083199, 1798761599,
                                    4102444800, INT64_C(253402300799),
                                    -1,         INT64_C(253402300800)};
    const size_t n = sizeof times / sizeof times[0];
    nb_statement s;
    memset(&s, 0, sizeof s);
    s.lines = calloc(n, sizeof *s.lines);
    assert_non_null(s.lines);
    s.n = n;
    for (size_t i = 0; i < n; i++) {
        s.lines[i].entry.transfer.timestamp = times[i];
        snprintf(s.lines[i].entry.transfer.id, sizeof s.lines[i].entry.transfer.id, "t%zu", i);
    }
    nb_buf b = NB_BUF_INIT;
    nb_statement_csv(&s, &b);
    assert_false(b.oom);
    for (size_t i = 0; i < n; i++) {
        char when[21], row[64];
        nb_time_iso(times[i], when);
        snprintf(row, sizeof row, "%.10s;%s;t%zu;", when, when, i);
        if (strstr(b.data, row) == NULL)
            fail_msg("'%s' not in the CSV: %s", row, b.data);
    }
    nb_buf_free(&b);
    free(s.lines);
}

/* The old way of loading a statement, kept as the oracle of the streamed
 * one: every line from the store primitive into an array, the running
 * balance from the opening, the sums over the array. */
typedef struct oracle_lines {
    nb_statement *s;
    size_t cap;
} oracle_lines;

static int oracle_line(void *ctx, const nb_ledger_stmt_line *l)
{
    oracle_lines *o = ctx;
    nb_statement *s = o->s;
    if (s->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 8;
        s->lines = realloc(s->lines, o->cap * sizeof *s->lines);
        assert_non_null(s->lines);
    }
    nb_statement_line *out = &s->lines[s->n++];
    memset(out, 0, sizeof *out);
    out->entry = *l->entry;
    out->delta = l->delta;
    out->counter_org_id = l->counter_org_id;
    snprintf(out->counter_name, sizeof out->counter_name, "%s", l->counter_name);
    out->position = l->position;
    return 0;
}

static void oracle_statement(nb_store *st, int64_t org, int64_t acct, const char *from,
                             const char *to, nb_statement *s)
{
    nb_err err;
    int32_t day;
    int64_t from_ts = 0, to_ts = 0;
    memset(s, 0, sizeof *s);
    if (from) {
        assert_int_equal(nb_date_parse(from, &day), 0);
        from_ts = (int64_t)day * 86400;
        snprintf(s->from, sizeof s->from, "%s", from);
    }
    if (to) {
        assert_int_equal(nb_date_parse(to, &day), 0);
        to_ts = (int64_t)(day + 1) * 86400;
        snprintf(s->to, sizeof s->to, "%s", to);
    }
    assert_int_equal(nb_ledger_store_org_row(st, org, &s->row, &err), 0);
    oracle_lines o = {s, 0};
    assert_int_equal(nb_ledger_store_statement_lines(st, acct, from_ts, to_ts, 0, -1, 0,
                                                     &s->opening, oracle_line, &o, &err),
                     0);
    int64_t balance = s->opening;
    for (size_t i = 0; i < s->n; i++) {
        balance += s->lines[i].delta;
        s->lines[i].balance = balance;
        if (s->lines[i].delta > 0)
            s->given += s->lines[i].delta;
        else
            s->taken += s->lines[i].delta;
    }
    s->closing = balance;
    s->count = (int64_t)s->n;
}

typedef struct seen_lines {
    const nb_statement *want;
    size_t n;
} seen_lines;

static int seen_line(void *ctx, const nb_statement_line *l)
{
    seen_lines *k = ctx;
    assert_true(k->n < k->want->n);
    const nb_statement_line *w = &k->want->lines[k->n++];
    assert_string_equal(l->entry.transfer.id, w->entry.transfer.id);
    assert_int_equal(l->entry.transfer.timestamp, w->entry.transfer.timestamp);
    assert_int_equal(l->delta, w->delta);
    assert_int_equal(l->balance, w->balance);
    assert_int_equal(l->counter_org_id, w->counter_org_id);
    assert_string_equal(l->counter_name, w->counter_name);
    assert_int_equal(l->position, w->position);
    return 0;
}

/* The statement streamed line by line (nb_statement_each, what the API's
 * JSON is written from) and its CSV streamed (nb_statement_csv_each) give
 * the lines, balances, sums and CSV bytes of the whole statement loaded the
 * old way, for open and closed periods, with and without lines. */
static void test_statement_streamed_equals_loaded(void **state)
{
    fixture *f = *state;
    nb_err err;
    static const char *const periods[][2] = {
        {NULL, NULL}, {"1970-01-02", "2999-12-31"}, {"2999-01-01", NULL}, {NULL, "1970-01-01"}};
    const int64_t orgs[2][2] = {{f->org_a, f->acct_a}, {f->org_b, f->acct_b}};
    for (size_t p = 0; p < sizeof periods / sizeof periods[0]; p++) {
        for (int k = 0; k < 2; k++) {
            const char *from = periods[p][0], *to = periods[p][1];
            nb_statement want, got;
            oracle_statement(f->st, orgs[k][0], orgs[k][1], from, to, &want);
            seen_lines seen = {&want, 0};
            assert_int_equal(
                nb_statement_each(f->st, orgs[k][0], from, to, 0, &got, seen_line, &seen, &err), 0);
            assert_int_equal(seen.n, want.n);
            assert_null(got.lines);
            assert_int_equal(got.count, want.count);
            assert_int_equal(got.opening, want.opening);
            assert_int_equal(got.closing, want.closing);
            assert_int_equal(got.given, want.given);
            assert_int_equal(got.taken, want.taken);
            assert_string_equal(got.from, want.from);
            assert_string_equal(got.to, want.to);
            if (p == 0)
                assert_true(want.n >= 3);
            nb_buf a = NB_BUF_INIT, b = NB_BUF_INIT;
            nb_statement_csv(&want, &a);
            assert_int_equal(nb_statement_csv_each(f->st, orgs[k][0], from, to, &got, &b, &err), 0);
            assert_int_equal(b.len, a.len);
            assert_memory_equal(b.data, a.data, a.len);
            nb_buf_free(&a);
            nb_buf_free(&b);
            nb_statement_free(&want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_matches_balance),
        cmocka_unit_test(test_statement_pages_make_the_whole),
        cmocka_unit_test(test_statement_csv_times),
        cmocka_unit_test(test_statement_streamed_equals_loaded),
    };
    return cmocka_run_group_tests(tests, history_setup, teardown);
}
