/*
 * bench/ledger_bench_balance.c — ledger_bench's (c): the balance read (the
 * API and the store call in-process) with a million transfers stored,
 * bulk-loaded through nb_ledger_store_apply (with --pg: one INSERT ...
 * SELECT). Contracts in ledger_bench.h.
 */
#include "ledger_bench.h"

#include "store/ledger_store.h"
#include "store/organisations.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- (c) balance read with 1M transfers --------------------------------- */

/*
 * (c)'s bulk load through the ledger: `total` work transfers between the 10
 * accounts acct[] (pseudo-random pairs, 1..480 minutes), nb_ledger_store_apply
 * in batches of 5,000, 100,000 a transaction. Returns the number stored, or -1
 * (err set).
 */
static long bulk_apply(nb_store *st, const int64_t *acct, long total, nb_err *err)
{
    enum { BATCH = 5000, TX = 100000 };
    nb_transfer *batch = calloc(BATCH, sizeof *batch);
    nb_transfer_result *res = calloc(BATCH, sizeof *res);
    uint64_t seed = 42;
    long done = 0;
    int rc = -1;
    if (batch == NULL || res == NULL) {
        snprintf(err->msg, sizeof err->msg, "out of memory");
        goto cleanup;
    }
    while (done < total) {
        if (nb_store_begin(st, err) != 0)
            goto cleanup;
        for (long in_tx = 0; in_tx < TX && done < total;) {
            size_t n = 0;
            for (; n < BATCH && done + (long)n < total; n++) {
                nb_transfer *t = &batch[n];
                memset(t, 0, sizeof *t);
                seed = seed * 6364136223846793005u + 1442695040888963407u;
                int d = (int)((seed >> 33) % 10), c = (int)((seed >> 45) % 9);
                if (c >= d)
                    c++;
                snprintf(t->id, sizeof t->id, "bulk-%ld", done + (long)n);
                t->debit_account_id = acct[d];
                t->credit_account_id = acct[c];
                t->amount = 1 + (int64_t)((seed >> 20) % 480);
                t->kind = NB_KIND_WORK;
                snprintf(t->reason, sizeof t->reason, "bulk");
            }
            if (nb_ledger_store_apply(st, batch, n, res, err) != 0) {
                nb_store_rollback(st);
                goto cleanup;
            }
            done += (long)n;
            in_tx += (long)n;
        }
        if (nb_store_commit(st, err) != 0)
            goto cleanup;
    }
    rc = 0;
cleanup:
    free(batch);
    free(res);
    return rc == 0 ? done : -1;
}

/*
 * (c)'s bulk load on PostgreSQL, where the apply path above stores about
 * 1,400 transfers a second on this machine (a round trip per statement):
 * the same kind of rows — `total` posted work transfers between the 10
 * accounts acct[], 1..480 minutes, spread over the last year — written by
 * one INSERT ... SELECT over generate_series, then the accounts' posted
 * totals and month totals set from them, in one transaction. The control
 * check holds after it (stored balances and month totals = recomputation).
 * Returns `total`, or -1 (err set).
 */
static long bulk_sql(nb_store *st, const int64_t *acct, long total, nb_err *err)
{
    char ids[256], sql[4096];
    size_t len = 0;
    for (int i = 0; i < 10; i++)
        len += (size_t)snprintf(ids + len, sizeof ids - len, "%s%" PRId64, i ? "," : "", acct[i]);
    /* debit index d = g*7 mod 10, credit (d + 1 + g*13 mod 9) mod 10: never d */
    snprintf(
        sql, sizeof sql,
        "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
        "ts, reason) SELECT 'bulk-' || g, (ARRAY[%s])[(1 + (g * 7) %% 10)::int], "
        "(ARRAY[%s])[(1 + ((g * 7) %% 10 + 1 + (g * 13) %% 9) %% 10)::int], 1 + (g * 7919) %% 480, "
        "'werk', extract(epoch FROM now())::bigint - 31536000 + g * 31536000 / %ld, 'bulk' "
        "FROM generate_series(0::bigint, %ld) AS g; "
        "UPDATE ledger_accounts a SET debits_posted = a.debits_posted + s.v FROM (SELECT "
        "debit_account_id AS id, sum(amount) AS v FROM ledger_transfers WHERE reason = 'bulk' "
        "GROUP BY debit_account_id) s WHERE a.id = s.id; "
        "UPDATE ledger_accounts a SET credits_posted = a.credits_posted + s.v FROM (SELECT "
        "credit_account_id AS id, sum(amount) AS v FROM ledger_transfers WHERE reason = 'bulk' "
        "GROUP BY credit_account_id) s WHERE a.id = s.id; "
        /* the month totals, which the write path keeps since migration 019
         * (a 'werk' transfer: the debit side takes, the credit side brings) */
        "INSERT INTO ledger_account_months AS m (account_id, month, delta, taken, brought) "
        "SELECT acct, mon, sum(d), sum(t), sum(b) FROM (SELECT debit_account_id AS acct, "
        "nb_ledger_month(ts) AS mon, -amount AS d, amount AS t, 0 AS b FROM ledger_transfers "
        "WHERE reason = 'bulk' UNION ALL SELECT credit_account_id, nb_ledger_month(ts), amount, "
        "0, amount FROM ledger_transfers WHERE reason = 'bulk') s GROUP BY acct, mon "
        "ON CONFLICT (account_id, month) DO UPDATE SET delta = m.delta + EXCLUDED.delta, "
        "taken = m.taken + EXCLUDED.taken, brought = m.brought + EXCLUDED.brought",
        ids, ids, total, total - 1);
    if (nb_store_begin(st, err) != 0)
        return -1;
    if (nb_store_exec(st, sql, err) != 0) {
        nb_store_rollback(st);
        return -1;
    }
    if (nb_store_commit(st, err) != 0)
        return -1;
    return total;
}

int bench_balance(const bench_cfg *cfg, figures *f)
{
    char path[600], token[256];
    nb_store *st = NULL;
    nb_err err = {{0}};
    int64_t acct[10];
    int rc = -1;
    if (make_db(cfg, "big", path, sizeof path) != 0)
        return -1;
    if (nb_store_open(path, 1, &st, &err) != 0) {
        fprintf(stderr, "ledger_bench: %s\n", err.msg);
        return -1;
    }
    if (nb_store_begin(st, &err) != 0) {
        fprintf(stderr, "ledger_bench: %s\n", err.msg);
        goto cleanup;
    }
    for (int i = 0; i < 10; i++) {
        nb_org o;
        memset(&o, 0, sizeof o);
        snprintf(o.code, sizeof o.code, "GM%04d", 100 + i);
        snprintf(o.kind, sizeof o.kind, "gemeente");
        snprintf(o.name, sizeof o.name, "Gemeente %d", i);
        o.credit_line_minutes = INT64_C(100000000000);
        if (nb_org_insert(st, &o, &err) != 0 ||
            nb_ledger_store_org_account(st, o.id, &acct[i], &err) != 0) {
            fprintf(stderr, "ledger_bench: %s\n", err.msg);
            goto cleanup;
        }
    }
    if (nb_store_commit(st, &err) != 0) {
        fprintf(stderr, "ledger_bench: %s\n", err.msg);
        goto cleanup;
    }
    printf("(c) bulk-loading %ld transfers ...\n", cfg->transfers);
    fflush(stdout);
    double t0 = now_s();
    long done = cfg->pg != NULL ? bulk_sql(st, acct, cfg->transfers, &err)
                                : bulk_apply(st, acct, cfg->transfers, &err);
    if (done < 0) {
        fprintf(stderr, "ledger_bench: bulk load: %s\n", err.msg);
        goto cleanup;
    }
    f->stored = done;
    f->load_s = now_s() - t0;
    /* In-process: the store call behind GET saldo. */
    if (nb_store_begin_read(st, &err) != 0) {
        fprintf(stderr, "ledger_bench: %s\n", err.msg);
        goto cleanup;
    }
    nb_ledger_account_row row;
    double s0 = now_s();
    int reps = 10000;
    for (int i = 0; i < reps; i++) {
        if (nb_ledger_store_org_row(st, 1 + i % 10, &row, &err) != 0) {
            fprintf(stderr, "ledger_bench: balance read: %s\n", err.msg);
            nb_store_rollback(st);
            goto cleanup;
        }
    }
    f->store_us = (now_s() - s0) / reps * 1e6;
    nb_store_rollback(st);
    nb_store_close(st);
    st = NULL;

    /* Over HTTP. */
    if (make_token(cfg, path, "beheer", 0, 0, token, sizeof token) != 0)
        goto cleanup;
    const char *tokp[1] = {token};
    server srv = {0};
    if (server_start(cfg, path, 4, &srv) != 0)
        goto cleanup;
    client cl;
    client_init(&cl, &srv, tokp, 1);
    double *lat = calloc((size_t)cfg->reads, sizeof *lat);
    double sum = 0;
    f->get_fail = 0;
    for (int i = 0; lat && i < cfg->reads; i++) {
        char p[64];
        snprintf(p, sizeof p, "/api/v1/organisaties/%d/saldo", 1 + i % 10);
        double a = now_s();
        if (client_req(&cl, "GET", p, NULL) != 200)
            f->get_fail++;
        lat[i] = now_s() - a;
        sum += lat[i];
    }
    if (lat) {
        f->get_mean = sum / cfg->reads * 1e3;
        f->get_p50 = quantile(lat, (size_t)cfg->reads, 0.50) * 1e3;
        f->get_p99 = quantile(lat, (size_t)cfg->reads, 0.99) * 1e3;
        f->have_c = 1;
        rc = 0;
    }
    free(lat);
    /* The control check over everything stored: the bulk load left a consistent ledger. */
    double c0 = now_s();
    f->big_control_ok = client_req(&cl, "GET", "/api/v1/grootboek/controle", NULL) == 200 &&
                        cl.body && strstr(cl.body, "\"ok\":true") != NULL;
    f->control_s = now_s() - c0;
    if (!f->big_control_ok) {
        fprintf(stderr, "ledger_bench: (c) control check NOT ok: %s\n", cl.body ? cl.body : "");
        rc = -1;
    }
    client_free(&cl);
    server_stop(&srv);
cleanup:
    nb_store_close(st);
    drop_db(cfg, "big");
    return rc;
}
