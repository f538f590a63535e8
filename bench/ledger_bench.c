/*
 * bench/ledger_bench.c — hours-ledger benchmark; prints figures, no pass/fail.
 *
 * In one run, on the same machine and file system:
 *   (a) approved time entries per second through the real HTTP API with
 *       durable commits: `noaber serve` on a fresh database (WAL,
 *       synchronous=FULL); client threads with keep-alive libcurl handles
 *       send PUT /api/v1/urenregistraties/{id}/beoordeling
 *       {"besluit":"goedgekeurd"}, each as the assignment's ambtelijk
 *       opdrachtgever (a medewerker token). Each approval is one request,
 *       one write transaction, one fsync'd commit, and posts the minutes in
 *       the ledger (post + re-reserve of the rest). Only the approvals are
 *       timed. Made beforehand through the same API (not timed): ORGS
 *       gemeenten with a large credit line, each with an ambtelijk
 *       opdrachtgever and one accepted local assignment; a pool organisation
 *       whose PEOPLE do the work; one allocation per person (round robin
 *       over the assignments), confirmed, so its minutes are reserved; and
 *       the time entries (POST /urenregistraties by beheer): one per person
 *       per day for the last ceil(N/PEOPLE) days up to yesterday, 60-480
 *       minutes each — never in the future, never over 24 h per person per
 *       day, no period closed, always within the reservation. The recording
 *       rate is printed too, as information.
 *   (b) raw single-row SQLite inserts per second, same settings (WAL,
 *       synchronous=FULL, one transaction per insert, one thread), in two
 *       halves run right before and right after the timed approvals, so that
 *       (a) and (b) see the same load on a shared machine and disk;
 *   and the ratio (a)/(b). Extra (labelled as such): the ledger step of an
 *   approval alone, POST /api/v1/boekingen {"soort":"boeken"} on
 *   reservations made beforehand — the figure this benchmark reported
 *   before the time-entry API existed.
 *   (c) balance-read time (GET /organisaties/{id}/saldo, and the store call
 *       in-process) with 1,000,000 transfers stored, bulk-loaded through
 *       nb_ledger_store_apply in big transactions (with --pg: one
 *       INSERT ... SELECT, see bulk_sql).
 *
 * usage: ledger_bench NOABER_BIN [--dir DIR] [--requests N] [--threads N]
 *                     [--people N] [--transfers N] [--reads N]
 *                     [--only approvals|balance] [--pg CLUSTER] [--servers N]
 *                     [--server-threads N]
 *   --only approvals: (a) and (b) alone, without the extra line and (c)
 *   (bench/commit.sh); --only balance: (c) alone.
 *   --pg CLUSTER: the databases of (a) and (c) are fresh PostgreSQL
 *   databases (CREATE DATABASE with psql, dropped afterwards) on that
 *   cluster — a libpq connection string without dbname, as
 *   scripts/pg_tmp.sh's cluster gives ("host=DIR user=postgres"); (b) stays
 *   SQLite, the disk's reference (bench/pg.sh).
 *   --servers N (1..4, default 1): (a) runs N `noaber serve` processes on its
 *   one database, the client threads spread over them (thread i on server
 *   i mod N); the setup goes through the first. --server-threads N (1..256):
 *   each server's --threads (default the client threads, at least 4). The server inherits the environment, so
 *   NOABER_GROUP_COMMIT=1 measures one commit per request (docs/configuration.md).
 *   N requests (default 2000): approvals timed in (a), inserts in (b), posts
 *   in the extra line. DIR (default: a new directory under the current one —
 *   a real disk, not tmpfs, so fsync costs what it costs) is removed
 *   afterwards. Loopback only; every loop is bounded by the arguments and
 *   every request has a 60 s timeout. The server child, CLI runs and the HTTP
 *   client are in bench_http.c; the setup in ledger_bench_setup.c, (a) and
 *   (b) in ledger_bench_approvals.c, (c) in ledger_bench_balance.c (shared
 *   declarations: ledger_bench.h). This file: the table and main.
 */
#include "ledger_bench.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The table ------------------------------------------------------------- */

static void row(const char *what, const char *value, const char *unit)
{
    if (unit[0])
        printf("  %-58s %14s  %s\n", what, value, unit);
    else if (value[0])
        printf("  %-58s %14s\n", what, value);
    else
        printf("  %s\n", what);
}

static void rowf(const char *what, double v, int decimals, const char *unit)
{
    char buf[48];
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    row(what, buf, unit);
}

static void print_table(const bench_cfg *cfg, const figures *f)
{
    char what[128];
    printf("\nledger benchmark — %d requests, %d client threads (keep-alive), loopback; "
           "no pass/fail\n",
           cfg->requests, cfg->threads);
    row("measure", "figure", "unit");
    row("----------------------------------------------------------", "--------------", "----");
    if (f->have_a) {
        snprintf(what, sizeof what, "(a) approvals PUT /urenregistraties/{id}/beoordeling");
        rowf(what, f->app_per_s, 0, "approved entries/s");
        rowf("    elapsed", f->app_s, 2, "s");
        rowf("    latency p50", f->app_p50 * 1e3, 2, "ms");
        rowf("    latency p99", f->app_p99 * 1e3, 2, "ms");
        rowf("    ledger transfers per approval (post + re-reserve)", f->app_transfers, 2,
             "transfers");
        rowf("    failed", f->app_fail, 0, "requests");
        rowf("    machine CPU busy during (a), all processes", f->cpu_busy * 100, 0, "%");
        rowf("    idle cores during (a), on average", f->idle_cores, 2, "cores");
        rowf("    noaber server CPU per approval (all servers)", f->srv_cpu_ms, 2, "ms");
        snprintf(what, sizeof what, "    check: entries goedgekeurd (want %d)", cfg->requests);
        rowf(what, f->app_checked, 0, "entries");
        row("    check: GET /grootboek/controle", f->control_ok ? "ok" : "NOT OK", "");
        snprintf(what, sizeof what,
                 "    %d server(s) --threads %d on %s; setup: %d people x %d days", cfg->servers,
                 f->server_threads, cfg->pg ? "PostgreSQL" : "SQLite", cfg->people, f->days);
        row(what, "", "");
        rowf("    info (setup, not (a)): recording POST /urenregistraties", f->rec_per_s, 0,
             "entries/s");
    }
    if (f->have_b) {
        rowf("(b) raw SQLite single-row INSERT, 1 tx each (WAL, FULL)", f->raw_per_s, 0,
             "inserts/s");
        rowf("    elapsed", f->raw_s, 2, "s");
        rowf("    first half, right before the timed approvals", f->raw_half[0], 0, "inserts/s");
        rowf("    second half, right after them", f->raw_half[1], 0, "inserts/s");
    }
    if (f->have_a && f->have_b)
        rowf("ratio (a)/(b)", f->app_per_s / f->raw_per_s, 3, "");
    if (f->have_extra) {
        rowf("extra (not (a)): POST /boekingen {boeken} only, pre-reserved", f->post_per_s, 0,
             "posted transfers/s");
        rowf("    failed", f->post_fail, 0, "requests");
        if (f->have_b)
            rowf("    ratio extra/(b)", f->post_per_s / f->raw_per_s, 3, "");
    }
    if (f->stored > 0) {
        snprintf(what, sizeof what, "(c) bulk load (%s)",
                 cfg->pg ? "PostgreSQL: INSERT ... SELECT" : "SQLite: nb_ledger_store_apply");
        rowf(what, (double)f->stored / f->load_s, 0, "transfers/s");
        rowf("    transfers stored", (double)f->stored, 0, "transfers");
        rowf("    store read nb_ledger_store_org_row (in-process)", f->store_us, 1, "us/call");
    }
    if (f->have_c) {
        snprintf(what, sizeof what, "    GET /organisaties/{id}/saldo, %d reads, mean", cfg->reads);
        rowf(what, f->get_mean, 3, "ms");
        rowf("    GET saldo p50", f->get_p50, 3, "ms");
        rowf("    GET saldo p99", f->get_p99, 3, "ms");
        rowf("    GET saldo failed", f->get_fail, 0, "requests");
        rowf("    GET /grootboek/controle over all of them", f->control_s, 2, "s");
        row("    check: control", f->big_control_ok ? "ok" : "NOT OK", "");
    }
}

int main(int argc, char **argv)
{
    bench_cfg cfg = {NULL, "", 2000, 4, 40, 1000000, 2000, NULL, 1, 0};
    const char *dir = NULL;
    int approvals_only = 0, balance_only = 0;
    if (argc < 2 || argc % 2 != 0) {
        fprintf(stderr, "usage: ledger_bench NOABER_BIN [--dir DIR] [--requests N] "
                        "[--threads N] [--people N] [--transfers N] [--reads N] "
                        "[--only approvals|balance] [--pg CLUSTER] [--servers N] "
                        "[--server-threads N]\n");
        return 2;
    }
    cfg.bin = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else if (strcmp(argv[i], "--requests") == 0)
            cfg.requests = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--threads") == 0)
            cfg.threads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--people") == 0)
            cfg.people = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--transfers") == 0)
            cfg.transfers = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--reads") == 0)
            cfg.reads = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--only") == 0 && strcmp(argv[i + 1], "approvals") == 0)
            approvals_only = 1;
        else if (strcmp(argv[i], "--only") == 0 && strcmp(argv[i + 1], "balance") == 0)
            balance_only = 1;
        else if (strcmp(argv[i], "--pg") == 0)
            cfg.pg = argv[i + 1];
        else if (strcmp(argv[i], "--servers") == 0)
            cfg.servers = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--server-threads") == 0)
            cfg.server_threads = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "ledger_bench: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    /* Bounds: every loop below is bounded by these; 3650 days = ten years of entries. */
    if (cfg.requests < 100 || cfg.requests > 1000000 || cfg.threads < 1 ||
        cfg.threads > BENCH_MAX_THREADS || cfg.people < BENCH_ORGS || cfg.people > 100000 ||
        (cfg.requests + cfg.people - 1) / cfg.people > 3650 || cfg.transfers < 1 || cfg.reads < 1 ||
        cfg.reads > 10000000 || cfg.servers < 1 || cfg.servers > 4 || cfg.server_threads < 0 ||
        cfg.server_threads > 256 || (cfg.pg != NULL && strchr(cfg.pg, '\'') != NULL)) {
        fprintf(stderr,
                "ledger_bench: bad arguments (requests 100..1000000, threads 1..%d, "
                "people %d..100000 and at most 3650 days of entries, servers 1..4, "
                "no quote in --pg)\n",
                BENCH_MAX_THREADS, BENCH_ORGS);
        return 2;
    }
    snprintf(cfg.dir, sizeof cfg.dir, "%s/ledger-bench-XXXXXX", dir ? dir : ".");
    if (mkdtemp(cfg.dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("ledger_bench: %s (same machine, same file system for all figures)\n", cfg.dir);
    figures f;
    memset(&f, 0, sizeof f);
    int rc = 0;
    if (!balance_only && bench_http(&cfg, &f, approvals_only) != 0)
        rc = 1;
    if (f.raw_fail)
        rc = 1;
    if (!approvals_only && bench_balance(&cfg, &f) != 0)
        rc = 1;
    print_table(&cfg, &f);
    curl_global_cleanup();
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cfg.dir);
    if (system(cmd) != 0)
        fprintf(stderr, "ledger_bench: could not remove %s\n", cfg.dir);
    return rc;
}
