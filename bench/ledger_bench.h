/*
 * bench/ledger_bench.h — what the parts of ledger_bench share (bench code,
 * not a library): the figures of one run and the world of (a), and the
 * phases: the setup (ledger_bench_setup.c), (a) approvals and (b) raw SQLite
 * inserts (ledger_bench_approvals.c), (c) the balance read
 * (ledger_bench_balance.c); ledger_bench.c has the usage, the table and main.
 */
#ifndef NB_BENCH_LEDGER_BENCH_H
#define NB_BENCH_LEDGER_BENCH_H

#include "bench_http.h"

#include <stddef.h>
#include <stdint.h>

/* Most client threads. */
#define BENCH_MAX_THREADS 64

/* Every figure of one run, printed together at the end. */
typedef struct figures {
    int have_a, have_b, have_c, have_extra;
    /* (a) */
    int server_threads, days;
    double rec_s, rec_per_s;
    int rec_fail;
    double app_s, app_per_s, app_p50, app_p99, app_transfers;
    double cpu_busy;   /* fraction of the machine's CPU time busy during (a), all processes */
    double srv_cpu_ms; /* CPU time of the noaber servers per approval */
    double idle_cores; /* idle cores during (a), on average */
    int app_fail, app_checked;
    int control_ok;
    /* extra */
    double post_s, post_per_s;
    int post_fail;
    /* (b) */
    double raw_s, raw_per_s, raw_half[2];
    int raw_fail;
    /* (c) */
    long stored;
    double load_s, store_us, get_mean, get_p50, get_p99;
    int get_fail;
    double control_s; /* GET /grootboek/controle over the stored transfers */
    int big_control_ok;
} figures;

/* The set-up world of (a): ids and tokens. */
typedef struct world {
    char tokens[1 + BENCH_ORGS][256]; /* [0] beheer, [1 + k] approver of gemeente k */
    const char *tokp[1 + BENCH_ORGS];
    int64_t gemeente[BENCH_ORGS], pool, comp;
    int64_t approver[BENCH_ORGS], assignment[BENCH_ORGS], line[BENCH_ORGS];
    int64_t *person; /* cfg->people */
} world;

/* ---- The setup (ledger_bench_setup.c) ---- */

/*
 * Makes the world of (a) through the API (cl uses the beheer token):
 * organisations, people, assignments, confirmed allocations of
 * alloc_minutes each, approver tokens; w->person is allocated here (the
 * caller frees it). Returns 0 or -1 (reason on stderr).
 */
int setup_world(const bench_cfg *cfg, const char *db, client *cl, world *w, int64_t alloc_minutes,
                int days);

/*
 * The database `name` of this run into db[len]: a file in cfg->dir, or with
 * --pg a new database on the cluster (created here; drop_db drops it).
 * 0 = ok, -1 = failed (printed).
 */
int make_db(const bench_cfg *cfg, const char *name, char *db, size_t len);

/* Drops make_db's PostgreSQL database `name` (a file goes with cfg->dir). */
void drop_db(const bench_cfg *cfg, const char *name);

/* ---- The phases ---- */

/* Half `half` (0 or 1) of (b) into f (ledger_bench_approvals.c). 0 or -1. */
int bench_sqlite(const bench_cfg *cfg, figures *f, int half);

/* (a), with (b) right before and after its timed approvals and, unless
 * approvals_only, the extra line, into f (ledger_bench_approvals.c). 0 or -1
 * (reason on stderr). */
int bench_http(const bench_cfg *cfg, figures *f, int approvals_only);

/* (c) into f (ledger_bench_balance.c). 0 or -1 (reason on stderr). */
int bench_balance(const bench_cfg *cfg, figures *f);

#endif
