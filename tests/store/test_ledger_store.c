/*
 * tests/store/test_ledger_store.c — the ledger persistence (store/ledger_store.c)
 * against a real SQLite file: accounts, apply + write-back, idempotent retries,
 * the limit, credit-line reconciliation with the registry, the immutability
 * triggers, statements and the control check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/api.h"
#include "store/db_sqlite.h"
#include "store/ledger_store.h"
#include "store/statement.h"
#include "util/date.h"
#include "store/organisations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fixture {
    char path[64];
    nb_store *st;
    int64_t fund, org_a, org_b, acct_a, acct_b;
} fixture;

static int64_t new_org(nb_store *st, const char *code, int64_t credit_line)
{
    nb_org o;
    nb_err err;
    memset(&o, 0, sizeof o);
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.kind, sizeof o.kind, "gemeente");
    snprintf(o.name, sizeof o.name, "Gemeente %s", code);
    o.credit_line_minutes = credit_line;
    assert_int_equal(nb_org_insert(st, &o, &err), 0);
    return o.id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nb_err err;
    snprintf(f->path, sizeof f->path, "/tmp/nb_ledger_store_XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    unlink(f->path);
    assert_int_equal(nb_store_open(f->path, 1, &f->st, &err), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    f->org_a = new_org(f->st, "A", 600);
    f->org_b = new_org(f->st, "B", 0);
    assert_int_equal(nb_ledger_store_fund_account(f->st, &f->fund, &err), 0);
    assert_int_equal(nb_ledger_store_org_account(f->st, f->org_a, &f->acct_a, &err), 0);
    assert_int_equal(nb_ledger_store_org_account(f->st, f->org_b, &f->acct_b, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[96];
    nb_store_close(f->st);
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

static nb_transfer tr(const char *id, int64_t debit, int64_t credit, int64_t amount,
                      nb_transfer_kind kind, uint32_t flags)
{
    nb_transfer t;
    memset(&t, 0, sizeof t);
    snprintf(t.id, sizeof t.id, "%s", id);
    t.debit_account_id = debit;
    t.credit_account_id = credit;
    t.amount = amount;
    t.kind = kind;
    t.flags = flags;
    return t;
}

static int apply1(fixture *f, const nb_transfer *t, nb_transfer_result *res)
{
    nb_err err;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_ledger_store_apply(f->st, t, 1, res, &err);
    if (rc == 0)
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    else
        nb_store_rollback(f->st);
    return rc;
}

static void check_ok(fixture *f)
{
    nb_ledger_report rep;
    nb_err err;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_ledger_store_check(f->st, &rep, &err);
    nb_store_rollback(f->st);
    if (rc != 0)
        fail_msg("check: %s", rep.first_problem);
    assert_true(rep.ok);
}

static void test_new_account_gets_registry_credit_line(void **state)
{
    fixture *f = *state;
    nb_account a;
    nb_err err;
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(a.credit_line_minutes, 600);
    assert_int_equal(nb_ledger_available(&a), 600);
    int64_t org = -1;
    assert_int_equal(nb_ledger_store_account_org(f->st, f->fund, &org, &err), 0);
    assert_int_equal(org, 0);
    assert_int_equal(nb_ledger_store_account_org(f->st, f->acct_a, &org, &err), 0);
    assert_int_equal(org, f->org_a);
    assert_int_equal(nb_ledger_store_account_org(f->st, 9999, &org, &err), NB_ENOTFOUND);
    check_ok(f);
}

static void test_reserve_post_limit_and_retry(void **state)
{
    fixture *f = *state;
    nb_transfer_result res;
    nb_ledger_entry e;
    nb_account a;
    nb_err err;

    /* Exactly the available 600 is accepted; one more minute is refused. */
    nb_transfer r1 = tr("res-1", f->acct_a, f->acct_b, 600, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(f, &r1, &res), 0);
    nb_transfer r2 = tr("res-2", f->acct_a, f->acct_b, 1, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(f, &r2, &res), NB_ELIMIT);
    assert_int_equal(res.account_id, f->acct_a);
    assert_int_equal(res.available, 0);
    assert_int_equal(res.shortfall, 1);
    assert_int_equal(nb_ledger_store_entry(f->st, "res-2", &e, &err), NB_ENOTFOUND);
    assert_string_equal(err.msg, "Boeking res-2 bestaat niet.");

    /* Retry with same content: EXISTS, nothing changes. */
    assert_int_equal(apply1(f, &r1, &res), 0);
    assert_int_equal(res.code, NB_TR_EXISTS);
    r1.amount = 599;
    assert_int_equal(apply1(f, &r1, &res), NB_ECONFLICT);
    assert_int_equal(res.code, NB_TR_EXISTS_DIFFERENT);

    /* Partial post of 400: 200 released. */
    nb_transfer p = tr("post-1", f->acct_a, f->acct_b, 400, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(p.pending_id, sizeof p.pending_id, "res-1");
    assert_int_equal(apply1(f, &p, &res), 0);
    assert_int_equal(nb_ledger_store_entry(f->st, "res-1", &e, &err), 0);
    assert_int_equal(e.state, NB_PENDING_POSTED);
    assert_int_equal(e.posted_amount, 400);
    assert_string_equal(e.resolved_by, "post-1");
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(a.debits_posted, 400);
    assert_int_equal(a.debits_pending, 0);
    assert_int_equal(nb_ledger_available(&a), 200);

    /* A void after the post is refused. */
    nb_transfer v = tr("void-1", f->acct_a, f->acct_b, 600, NB_KIND_WORK, NB_TRANSFER_VOID_PENDING);
    snprintf(v.pending_id, sizeof v.pending_id, "res-1");
    assert_int_equal(apply1(f, &v, &res), NB_ECONFLICT);
    assert_int_equal(res.code, NB_TR_ALREADY_POSTED);
    check_ok(f);
}

static void test_linked_batch_in_one_call(void **state)
{
    fixture *f = *state;
    nb_transfer_result res[2];
    nb_ledger_entry e;
    nb_err err;
    nb_transfer b[2];
    b[0] = tr("chain-r", f->acct_b, f->acct_a, 100, NB_KIND_ADJUSTMENT,
              NB_TRANSFER_PENDING | NB_TRANSFER_LINKED);
    /* B has 400 posted credits from the previous test, credit line 0. */
    b[1] = tr("chain-p", f->acct_b, f->acct_a, 100, NB_KIND_ADJUSTMENT, NB_TRANSFER_POST_PENDING);
    snprintf(b[1].pending_id, sizeof b[1].pending_id, "chain-r");
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_apply(f->st, b, 2, res, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_entry(f->st, "chain-r", &e, &err), 0);
    assert_int_equal(e.state, NB_PENDING_POSTED);
    assert_true(e.transfer.timestamp > 0);
    check_ok(f);
}

static void test_credit_line_sync(void **state)
{
    fixture *f = *state;
    nb_transfer_result refusal;
    nb_account a;
    nb_org o;
    nb_err err;
    int changed = 0;

    /* A used 400 - 100 (received) = 300 of 600. Raise to 900. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_ledger_store_sync_credit_line(f->st, f->org_a, 900, "omhoog", &changed, &refusal, &err),
        0);
    assert_int_equal(changed, 1);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(a.credit_line_minutes, 900);
    assert_int_equal(nb_org_get(f->st, f->org_a, &o, &err), 0);
    assert_int_equal(o.credit_line_minutes, 900);

    /* Lower to 350: reverse 300 (-> 600), reverse 600 (-> 0), raise 350 first. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_ledger_store_sync_credit_line(f->st, f->org_a, 350, NULL, &changed, &refusal, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(changed, 3);
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(a.credit_line_minutes, 350);
    assert_int_equal(nb_org_get(f->st, f->org_a, &o, &err), 0);
    assert_int_equal(o.credit_line_minutes, 350);

    /* Lower to 299 is one minute below what A uses: refused with the numbers. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_ledger_store_sync_credit_line(f->st, f->org_a, 299, NULL, &changed, &refusal, &err),
        NB_ELIMIT);
    nb_store_rollback(f->st);
    assert_int_equal(refusal.account_id, f->acct_a);
    assert_int_equal(refusal.available, 50);
    assert_int_equal(refusal.shortfall, 1);
    /* Exactly what it uses is fine. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_ledger_store_sync_credit_line(f->st, f->org_a, 300, NULL, &changed, &refusal, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_a, &a, &err), 0);
    assert_int_equal(nb_ledger_available(&a), 0);
    check_ok(f);
}

static void test_triggers_refuse_delete_and_rewrite(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_store_sqlite(f->st);
    char *msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ledger_transfers", NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(strstr(msg, "never deleted"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE ledger_transfers SET amount = amount + 1", NULL, NULL, &msg),
        SQLITE_OK);
    assert_non_null(strstr(msg, "immutable"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db,
                                      "UPDATE ledger_transfers SET resolved_by = 'x' "
                                      "WHERE tid = 'res-1'",
                                      NULL, NULL, &msg),
                         SQLITE_OK);
    assert_non_null(strstr(msg, "only once"));
    sqlite3_free(msg);
    msg = NULL;
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM ledger_accounts", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    check_ok(f);
}

/* The UPDATEs a connection runs, from sqlite3_trace_v2 (triggers' steps,
 * which the trace reports as "-- ...", are not counted). */
typedef struct upd_trace {
    int updates, or_fail;
} upd_trace;

static int trace_updates(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    upd_trace *t = ctx;
    const char *sql = x;
    if (type == SQLITE_TRACE_STMT && sql != NULL && strncmp(sql, "UPDATE ", 7) == 0) {
        t->updates++;
        if (strncmp(sql, "UPDATE OR FAIL ", 15) == 0)
            t->or_fail++;
    }
    return 0;
}

static int64_t sql_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/*
 * The ledger's UPDATEs run without a statement journal (migration 020,
 * docs/performance.md "Stop 27"): SQLite opens one for a statement that may
 * change several rows (an UPDATE of a table with an UPDATE trigger) and may
 * abort. So the store writes them UPDATE OR FAIL and the tables' UPDATE
 * triggers refuse with FAIL: a refused statement is not undone by SQLite
 * (the rows it changed before the refused one stay until the caller rolls
 * back), which is what proves it had no statement journal to undo it with;
 * the refused row itself is never written.
 */
static void test_updates_without_statement_journal(void **state)
{
    fixture *f = *state;
    sqlite3 *db = nb_store_sqlite(f->st);
    nb_transfer_result res;
    nb_transfer r = tr("sj-res", f->fund, f->acct_b, 100, NB_KIND_WORK, NB_TRANSFER_PENDING);
    assert_int_equal(apply1(f, &r, &res), 0);
    upd_trace t = {0, 0};
    assert_int_equal(sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_updates, &t), SQLITE_OK);
    nb_transfer p = tr("sj-post", f->fund, f->acct_b, 60, NB_KIND_WORK, NB_TRANSFER_POST_PENDING);
    snprintf(p.pending_id, sizeof p.pending_id, "sj-res");
    assert_int_equal(apply1(f, &p, &res), 0);
    assert_int_equal(sqlite3_trace_v2(db, 0, NULL, NULL), SQLITE_OK);
    assert_int_equal(t.updates, 3); /* two accounts and the reservation's state */
    assert_int_equal(t.or_fail, t.updates);

    /* the five UPDATE triggers of the approval's tables refuse with FAIL */
    assert_int_equal(sql_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
                                 "AND name IN ('ledger_accounts_identity', "
                                 "'ledger_transfers_immutable', 'ledger_transfers_state_once', "
                                 "'allocation_reservations_once', 'time_entries_decided_once') "
                                 "AND instr(sql, 'RAISE(FAIL, ') > 0 "
                                 "AND instr(sql, 'RAISE(ABORT') = 0"),
                     5);

    /* A two-row UPDATE whose second row is refused: the first row's change
     * is not undone by SQLite (no statement journal); the refused row keeps
     * its value; the caller's rollback undoes the rest. */
    int64_t first = sql_int(db, "SELECT min(id) FROM ledger_transfers");
    assert_int_equal(sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE id = "
                                 "(SELECT min(id) FROM ledger_transfers) AND resolved_by = ''"),
                     1);
    assert_true(first < sql_int(db, "SELECT id FROM ledger_transfers WHERE tid = 'sj-res'"));
    char *msg = NULL;
    assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "UPDATE OR FAIL ledger_transfers SET resolved_by = 'sj-x' "
                                  "WHERE id = (SELECT min(id) FROM ledger_transfers) "
                                  "OR tid = 'sj-res'",
                                  NULL, NULL, &msg),
                     SQLITE_CONSTRAINT_TRIGGER);
    assert_non_null(strstr(msg, "only once"));
    sqlite3_free(msg);
    assert_int_equal(
        sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE resolved_by = 'sj-x'"), 1);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE tid = 'sj-res' AND "
                                 "resolved_by = 'sj-post'"),
                     1);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sql_int(db, "SELECT count(*) FROM ledger_transfers WHERE resolved_by = 'sj-x'"), 0);
    check_ok(f);
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

static int count_rows(void *ctx, const nb_ledger_account_row *r)
{
    (*(int *)ctx)++;
    if (r->organisation_id == 0)
        assert_string_equal(r->org_name, "netwerkfonds");
    return 0;
}

static void test_accounts_overview(void **state)
{
    fixture *f = *state;
    nb_err err;
    int n = 0;
    assert_int_equal(nb_ledger_store_accounts(f->st, count_rows, &n, &err), 0);
    assert_int_equal(n, 3);
    nb_ledger_account_row row;
    assert_int_equal(nb_ledger_store_org_row(f->st, f->org_b, &row, &err), 0);
    assert_string_equal(row.org_code, "B");
    assert_int_equal(nb_ledger_store_org_row(f->st, 999, &row, &err), NB_ENOTFOUND);
    assert_int_equal(nb_ledger_kind_parse("storting"), NB_KIND_DEPOSIT);
    assert_string_equal(nb_ledger_kind_name(NB_KIND_REVERSAL), "terugboeking");
    assert_int_equal(nb_ledger_kind_parse("nope"), NB_KIND_NONE);
}

/* An unlinked batch with one refusal: the store writes nothing, and says so —
 * no result claims NB_TR_OK for a transfer that is not stored (issue 7, C.4). */
static void test_unlinked_batch_partly_refused(void **state)
{
    fixture *f = *state;
    nb_transfer_result res[3];
    nb_ledger_entry e;
    nb_err err;
    nb_account a;
    assert_int_equal(nb_ledger_store_account(f->st, f->acct_b, &a, &err), 0);
    int64_t too_much = nb_ledger_available(&a) + 10; /* b[0] adds 1 first */
    nb_transfer b[3];
    b[0] = tr("ul-ok-1", f->fund, f->acct_b, 1, NB_KIND_ADJUSTMENT, 0);
    b[1] = tr("ul-over", f->acct_b, f->acct_a, too_much, NB_KIND_ADJUSTMENT, 0);
    b[2] = tr("ul-ok-2", f->fund, f->acct_b, 1, NB_KIND_ADJUSTMENT, 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_apply(f->st, b, 3, res, &err), NB_ELIMIT);
    nb_store_rollback(f->st);
    assert_int_equal(res[1].code, NB_TR_EXCEEDS_LIMIT);
    for (int i = 0; i < 3; i += 2) {
        assert_int_equal(nb_ledger_store_entry(f->st, b[i].id, &e, &err), NB_ENOTFOUND);
        assert_int_equal(res[i].code, NB_TR_LINKED_EVENT_FAILED);
        assert_int_equal(res[i].failed_index, 1);
    }
    /* Each alone is fine: the refusal was the batch's, not theirs. */
    assert_int_equal(apply1(f, &b[0], &res[0]), 0);
    assert_int_equal(res[0].code, NB_TR_OK);
    assert_int_equal(nb_ledger_store_entry(f->st, b[0].id, &e, &err), 0);
    check_ok(f);
}

/* When syncing the credit line fails, PUT /organisaties/{id} passes the
 * ledger's reason on instead of an empty detail (issue 7, C.5). The failure is
 * made by planting a transfer with the id the sync will choose. */
static void test_org_update_keeps_credit_line_message(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    int64_t max_id = 0;
    char sql[512];
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(nb_store_sqlite(f->st),
                                        "SELECT max(id) FROM ledger_transfers", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    max_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    snprintf(
        sql, sizeof sql,
        "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
        "ts) VALUES ('sys:kl:org%lld:%lld', %lld, %lld, 1, 'correctie', 0)",
        (long long)f->org_b, (long long)max_id + 2, (long long)f->fund, (long long)f->acct_b);
    assert_int_equal(nb_store_exec(f->st, sql, &err), 0);

    nb_principal who = {.role = NB_ROLE_BEHEER, .token_id = 1, .label = "test"};
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)f->org_b);
    json_t *body = json_pack("{s:s, s:s, s:s, s:i}", "code", "B", "soort", "pool", "naam",
                             "Gemeente B", "kredietlijnMinuten", 50);
    nb_req req = {.method = "PUT",
                  .path = "/api/v1/organisaties/x",
                  .remote = "local",
                  .nparams = 1,
                  .body = body,
                  .who = &who,
                  .st = f->st,
                  .base_url = "",
                  .actor = {"test", "beheer", "local"}};
    req.params[0] = id;
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    resp.status = 200;
    assert_int_equal(nb_api_org_update(&req, &resp), 0);
    nb_store_rollback(f->st);
    assert_int_equal(resp.status, 409);
    const char *detail = json_string_value(json_object_get(resp.json, "detail"));
    assert_non_null(detail);
    assert_non_null(strstr(detail, "sys:kl:org"));
    json_decref(resp.json);
    json_decref(body);
    check_ok(f);
}

/* ---- The control, streamed (issue 7, B.4) ------------------------------- */

/* Interrupts any statement that reads the transfers in application order. */
static int interrupt_transfer_scan(void *ctx)
{
    sqlite3 *db = ctx;
    for (sqlite3_stmt *s = sqlite3_next_stmt(db, NULL); s; s = sqlite3_next_stmt(db, s))
        if (sqlite3_stmt_busy(s) && strstr(sqlite3_sql(s), "ORDER BY t.id") &&
            strstr(sqlite3_sql(s), "FROM ledger_transfers t"))
            return 1;
    return 0;
}

/* A database error while reading the transfers is an error of the check,
 * not a ledger finding (before: the loop stopped quietly and the accounts
 * "differed from the recomputation"). */
static void test_check_db_error_is_not_a_finding(void **state)
{
    fixture *f = *state;
    nb_ledger_report rep;
    nb_err err = {{0}};
    sqlite3 *db = nb_store_sqlite(f->st);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    sqlite3_progress_handler(db, 1, interrupt_transfer_scan, db);
    int rc = nb_ledger_store_check(f->st, &rep, &err);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    nb_store_rollback(f->st);
    assert_int_equal(rc, NB_EDB);
    assert_non_null(strstr(err.msg, "interrupt"));
    check_ok(f);
}

static int collect_entry(void *ctx, const nb_ledger_list_row *r)
{
    nb_transfer **p = ctx;
    *(*p)++ = r->entry.transfer;
    return 0;
}

/* What a listing returned, in its order, with the organisations it named. */
typedef struct listed {
    nb_ledger_list_row rows[64];
    size_t n;
} listed;

static int collect_row(void *ctx, const nb_ledger_list_row *r)
{
    listed *l = ctx;
    if (l->n >= 64)
        return NB_ELIMIT;
    l->rows[l->n++] = *r;
    return 0;
}

/* The filtered list (its WHERE shaped per filter in use, nb_tr_where) gives
 * exactly the transfers the filter describes, in id order, with the count of
 * all of them and the organisations of both accounts (0 for the fund), for
 * every combination of account, kind and time range; an account of -1 ("no
 * account yet") lists nothing. The oracle is the unfiltered list. */
static void test_list_filters_and_orgs(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    nb_transfer_result res;
    nb_transfer d = tr("lf-dep", f->fund, f->acct_b, 300, NB_KIND_DEPOSIT, 0);
    d.money_cents = 25000; /* 5 hours at 50 euro: 300 minutes */
    d.hour_rate_cents = 5000;
    assert_int_equal(apply1(f, &d, &res), 0);
    nb_transfer w1 = tr("lf-w1", f->acct_b, f->acct_a, 60, NB_KIND_WORK, 0);
    nb_transfer w2 = tr("lf-w2", f->acct_b, f->acct_a, 30, NB_KIND_WORK, 0);
    assert_int_equal(apply1(f, &w1, &res), 0);
    assert_int_equal(apply1(f, &w2, &res), 0);

    listed all = {0};
    int64_t total = 0;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_ledger_store_list(f->st, NULL, 0, -1, collect_row, &all, &total, &err), 0);
    assert_int_equal(total, (int64_t)all.n);
    assert_true(all.n >= 3);
    int64_t mid = all.rows[all.n / 2].entry.transfer.timestamp;
    for (size_t i = 0; i < all.n; i++) {
        const nb_transfer *t = &all.rows[i].entry.transfer;
        int64_t org = -1;
        assert_int_equal(nb_ledger_store_account_org(f->st, t->debit_account_id, &org, &err), 0);
        assert_int_equal(all.rows[i].debit_org_id, org);
        assert_int_equal(nb_ledger_store_account_org(f->st, t->credit_account_id, &org, &err), 0);
        assert_int_equal(all.rows[i].credit_org_id, org);
    }
    const int64_t accounts[] = {0, f->acct_a, f->acct_b, f->fund, -1};
    const nb_transfer_kind kinds[] = {NB_KIND_NONE, NB_KIND_WORK, NB_KIND_DEPOSIT};
    const int64_t froms[] = {0, mid}, tos[] = {0, mid + 1};
    for (size_t ai = 0; ai < sizeof accounts / sizeof *accounts; ai++)
        for (size_t ki = 0; ki < sizeof kinds / sizeof *kinds; ki++)
            for (size_t fi = 0; fi < 2; fi++)
                for (size_t ti = 0; ti < 2; ti++) {
                    nb_ledger_filter lf;
                    memset(&lf, 0, sizeof lf);
                    lf.account_id = accounts[ai];
                    lf.kind = kinds[ki];
                    lf.from_ts = froms[fi];
                    lf.to_ts = tos[ti];
                    listed got = {0};
                    int64_t n = -1;
                    assert_int_equal(
                        nb_ledger_store_list(f->st, &lf, 0, -1, collect_row, &got, &n, &err), 0);
                    size_t want = 0;
                    for (size_t i = 0; i < all.n; i++) {
                        const nb_transfer *t = &all.rows[i].entry.transfer;
                        int in = (lf.account_id <= 0 || t->debit_account_id == lf.account_id ||
                                  t->credit_account_id == lf.account_id) &&
                                 (lf.kind == NB_KIND_NONE || t->kind == lf.kind) &&
                                 (lf.from_ts == 0 || t->timestamp >= lf.from_ts) &&
                                 (lf.to_ts == 0 || t->timestamp < lf.to_ts);
                        if (!in)
                            continue;
                        assert_true(want < got.n);
                        assert_string_equal(got.rows[want].entry.transfer.id, t->id);
                        assert_int_equal(got.rows[want].debit_org_id, all.rows[i].debit_org_id);
                        assert_int_equal(got.rows[want].credit_org_id, all.rows[i].credit_org_id);
                        want++;
                    }
                    assert_int_equal(got.n, want);
                    assert_int_equal(n, (int64_t)want);
                    /* an id <= 0 is not in use, as 0 (the API answers an organisation
                     * without an account itself: test_grootboek) */
                    if (lf.account_id == -1 && lf.kind == NB_KIND_NONE && lf.from_ts == 0 &&
                        lf.to_ts == 0)
                        assert_int_equal(want, all.n);
                }
    /* a page: offset and limit over the same order */
    listed page = {0};
    assert_int_equal(nb_ledger_store_list(f->st, NULL, 1, 2, collect_row, &page, NULL, &err), 0);
    assert_int_equal(page.n, 2);
    assert_string_equal(page.rows[0].entry.transfer.id, all.rows[1].entry.transfer.id);
    assert_string_equal(page.rows[1].entry.transfer.id, all.rows[2].entry.transfer.id);
    nb_store_rollback(f->st);
}

/* The streamed check gives the same report as the in-memory nb_ledger_check
 * on the same data, on a sound ledger and on a tampered one. */
static void test_check_streamed_equals_in_memory(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    for (int tamper = 0; tamper < 2; tamper++) {
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        if (tamper)
            assert_int_equal(nb_store_exec(f->st,
                                           "UPDATE ledger_accounts SET debits_posted = "
                                           "debits_posted + 7 WHERE organisation_id IS NOT NULL",
                                           &err),
                             0);
        nb_account accts[16];
        size_t na = 0;
        for (int64_t id = 1; na < 16 && nb_ledger_store_account(f->st, id, &accts[na], &err) == 0;
             id++)
            na++;
        assert_true(na >= 3);
        int64_t total = 0;
        nb_transfer *trs = calloc(256, sizeof *trs), *end = trs;
        assert_int_equal(
            nb_ledger_store_list(f->st, NULL, 0, 256, collect_entry, &end, &total, &err), 0);
        assert_true(total >= 5 && total < 256);
        nb_ledger_report mem, streamed;
        int rc_mem = nb_ledger_check(accts, na, trs, (size_t)(end - trs), &mem);
        int rc_st = nb_ledger_store_check(f->st, &streamed, &err);
        nb_store_rollback(f->st);
        free(trs);
        assert_int_equal(rc_mem, tamper ? NB_ECONFLICT : 0);
        assert_int_equal(rc_st, rc_mem);
        assert_int_equal(streamed.ok, mem.ok);
        assert_int_equal(streamed.posted_sum, mem.posted_sum);
        assert_int_equal(streamed.pending_sum, mem.pending_sum);
        assert_int_equal(streamed.accounts_checked, mem.accounts_checked);
        assert_int_equal(streamed.transfers_checked, mem.transfers_checked);
        assert_int_equal(streamed.mismatched_accounts, mem.mismatched_accounts);
        assert_int_equal(streamed.over_limit_accounts, mem.over_limit_accounts);
        assert_int_equal(streamed.bad_transfers, mem.bad_transfers);
        assert_int_equal(streamed.first_mismatch_id, mem.first_mismatch_id);
        assert_int_equal(streamed.first_over_limit_id, mem.first_over_limit_id);
        assert_string_equal(streamed.first_problem, mem.first_problem);
    }
    check_ok(f);
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
        cmocka_unit_test(test_new_account_gets_registry_credit_line),
        cmocka_unit_test(test_reserve_post_limit_and_retry),
        cmocka_unit_test(test_linked_batch_in_one_call),
        cmocka_unit_test(test_credit_line_sync),
        cmocka_unit_test(test_triggers_refuse_delete_and_rewrite),
        cmocka_unit_test(test_statement_matches_balance),
        cmocka_unit_test(test_statement_pages_make_the_whole),
        cmocka_unit_test(test_statement_csv_times),
        cmocka_unit_test(test_statement_streamed_equals_loaded),
        cmocka_unit_test(test_accounts_overview),
        cmocka_unit_test(test_unlinked_batch_partly_refused),
        cmocka_unit_test(test_org_update_keeps_credit_line_message),
        cmocka_unit_test(test_check_db_error_is_not_a_finding),
        cmocka_unit_test(test_check_streamed_equals_in_memory),
        cmocka_unit_test(test_list_filters_and_orgs),
        /* last: its transfers would change the figures of the tests above */
        cmocka_unit_test(test_updates_without_statement_journal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
