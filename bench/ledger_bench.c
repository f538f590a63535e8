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
 *   client are in bench_http.c.
 */
#include "bench_http.h"

#include "store/ledger_store.h"
#include "store/organisations.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

/* ---- CPU use ---------------------------------------------------------------- */

/* The machine's busy and total CPU ticks so far (/proc/stat, all cores). 0 = ok. */
static int cpu_ticks(double *busy, double *total)
{
    FILE *fp = fopen("/proc/stat", "r");
    unsigned long long v[8] = {0};
    int n = fp ? fscanf(fp, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                        &v[3], &v[4], &v[5], &v[6], &v[7])
               : 0;
    if (fp)
        fclose(fp);
    if (n != 8)
        return -1;
    *total = 0;
    for (int i = 0; i < 8; i++)
        *total += (double)v[i];
    *busy = *total - (double)v[3] - (double)v[4]; /* minus idle and iowait */
    return 0;
}

/* CPU seconds (user + system) process pid has used so far; 0 when unknown. */
static double proc_cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    if (fp)
        fclose(fp);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* after "pid (comm)": field 3 on */
    unsigned long long ut = 0, st = 0;
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return 0;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* ---- Client threads ------------------------------------------------------- */

/* One time entry: recorded in the setup, approved in the timed part. */
typedef struct entry_job {
    int64_t person_id;
    int64_t assignment_id;
    int approver; /* token index of the assignment's ambtelijk opdrachtgever */
    char date[11];
    int minutes;
    int64_t entry_id; /* set by PHASE_RECORD */
} entry_job;

typedef enum phase {
    PHASE_RECORD,  /* POST /urenregistraties (beheer, on behalf of the person) */
    PHASE_APPROVE, /* PUT /urenregistraties/{id}/beoordeling (the opdrachtgever) */
    PHASE_POST     /* extra: POST /boekingen {boeken} on reservation res-i (beheer) */
} phase;

typedef struct worker {
    const server *srv;         /* the server this thread talks to */
    const char *const *tokens; /* [0] beheer, [1 + k] approver of assignment k */
    int ntokens;
    phase ph;
    entry_job *jobs; /* PHASE_RECORD, PHASE_APPROVE */
    double *lat;     /* per request latency, indexed like jobs */
    int from, to;    /* job indices [from, to) */
    long transfers;  /* PHASE_APPROVE: ledger transfers in the answers */
    int failures;
    long last_status;
    char last_body[256];
} worker;

/* Number of ledger transfers ("boekingen") in an approved entry's JSON. */
static long count_transfers(const char *body)
{
    json_t *j = body ? json_loads(body, 0, NULL) : NULL;
    long n = (long)json_array_size(json_object_get(j, "boekingen"));
    json_decref(j);
    return n;
}

static void *worker_run(void *p)
{
    worker *w = p;
    client cl;
    char body[512], path[128];
    client_init(&cl, w->srv, w->tokens, w->ntokens);
    for (int i = w->from; i < w->to; i++) {
        entry_job *e = w->jobs ? &w->jobs[i] : NULL;
        long want = 201, st;
        double t0 = now_s();
        switch (w->ph) {
        case PHASE_RECORD:
            snprintf(body, sizeof body,
                     "{\"medewerkerId\":%" PRId64 ",\"opdrachtId\":%" PRId64 ",\"datum\":\"%s\","
                     "\"minuten\":%d,\"notitie\":\"benchmark\"}",
                     e->person_id, e->assignment_id, e->date, e->minutes);
            st = client_req(&cl, "POST", "/api/v1/urenregistraties", body);
            if (st == want)
                e->entry_id = client_int(&cl, "id");
            break;
        case PHASE_APPROVE:
            want = 200;
            client_use(&cl, 1 + e->approver);
            snprintf(path, sizeof path, "/api/v1/urenregistraties/%" PRId64 "/beoordeling",
                     e->entry_id);
            st = client_req(&cl, "PUT", path, "{\"besluit\":\"goedgekeurd\"}");
            break;
        default:
            snprintf(body, sizeof body,
                     "{\"boekingen\":[{\"id\":\"post-%d\",\"soort\":\"boeken\","
                     "\"reserveringId\":\"res-%d\",\"minuten\":45}]}",
                     i, i);
            st = client_req(&cl, "POST", "/api/v1/boekingen", body);
            break;
        }
        if (w->lat)
            w->lat[i] = now_s() - t0;
        if (st != want) {
            w->failures++;
            w->last_status = st;
            snprintf(w->last_body, sizeof w->last_body, "%s", cl.body ? cl.body : "");
        } else if (w->ph == PHASE_APPROVE) {
            w->transfers += count_transfers(cl.body);
        }
    }
    client_free(&cl);
    return NULL;
}

/*
 * Runs jobs [0, n) of phase ph on cfg->threads client threads, each a
 * contiguous slice; thread i talks to srv[i % nsrv]. Returns the elapsed seconds; *failures and *transfers
 * (optional) get the sums.
 */
static double run_phase(const bench_cfg *cfg, const server *srv, int nsrv,
                        const char *const *tokens, int ntokens, phase ph, entry_job *jobs,
                        double *lat, int n, int *failures, long *transfers)
{
    pthread_t th[BENCH_MAX_THREADS];
    worker w[BENCH_MAX_THREADS];
    int t = cfg->threads;
    double t0 = now_s();
    for (int i = 0; i < t; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].srv = &srv[i % nsrv]; /* threads spread over the servers */
        w[i].tokens = tokens;
        w[i].ntokens = ntokens;
        w[i].ph = ph;
        w[i].jobs = jobs;
        w[i].lat = lat;
        w[i].from = (int)((long)n * i / t);
        w[i].to = (int)((long)n * (i + 1) / t);
        pthread_create(&th[i], NULL, worker_run, &w[i]);
    }
    *failures = 0;
    if (transfers)
        *transfers = 0;
    for (int i = 0; i < t; i++) {
        pthread_join(th[i], NULL);
        *failures += w[i].failures;
        if (transfers)
            *transfers += w[i].transfers;
        if (w[i].failures)
            fprintf(stderr, "  worker %d: %d failures, last %ld %s\n", i, w[i].failures,
                    w[i].last_status, w[i].last_body);
    }
    return now_s() - t0;
}

/* ---- (b) raw SQLite inserts ---------------------------------------------- */

/*
 * Half `half` (0 or 1) of (b): rows [half*n/2, (half+1)*n/2) of n = requests,
 * each its own transaction, on one connection (WAL, synchronous=FULL) to a
 * plain one-table database. The two halves run right before and right after
 * the timed approvals of (a), so both see the same machine and disk load.
 */
static int bench_sqlite(const bench_cfg *cfg, figures *f, int half)
{
    char path[600];
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    int rc = -1, n = cfg->requests;
    int from = half * n / 2, to = (half + 1) * n / 2;
    snprintf(path, sizeof path, "%s/raw.db", cfg->dir);
    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                     "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, tid TEXT NOT NULL, "
                     "amount BIGINT, ts BIGINT)",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO t (tid, amount, ts) VALUES (?, ?, ?)", -1, &ins,
                           NULL) != SQLITE_OK) {
        fprintf(stderr, "ledger_bench: raw SQLite: %s\n", sqlite3_errmsg(db));
        goto cleanup;
    }
    double t0 = now_s();
    for (int i = from; i < to; i++) {
        char tid[32];
        snprintf(tid, sizeof tid, "row-%d", i);
        int ok = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
        sqlite3_bind_text(ins, 1, tid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, i);
        sqlite3_bind_int64(ins, 3, i);
        ok = ok && sqlite3_step(ins) == SQLITE_DONE;
        sqlite3_reset(ins);
        ok = ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
        if (!ok) {
            fprintf(stderr, "ledger_bench: insert: %s\n", sqlite3_errmsg(db));
            goto cleanup;
        }
    }
    double dt = now_s() - t0;
    f->raw_half[half] = (to - from) / dt;
    f->raw_s += dt;
    if (half == 1) {
        f->raw_per_s = n / f->raw_s;
        f->have_b = 1;
    }
    rc = 0;
cleanup:
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return rc;
}

/* ---- (a) approvals over HTTP --------------------------------------------- */

/* The set-up world of (a): ids and tokens. */
typedef struct world {
    char tokens[1 + BENCH_ORGS][256]; /* [0] beheer, [1 + k] approver of gemeente k */
    const char *tokp[1 + BENCH_ORGS];
    int64_t gemeente[BENCH_ORGS], pool, comp;
    int64_t approver[BENCH_ORGS], assignment[BENCH_ORGS], line[BENCH_ORGS];
    int64_t *person; /* cfg->people */
} world;

static const char *const bench_gemeenten[BENCH_ORGS][2] = {{"GM0505", "Dordrecht"},
                                                           {"GM0590", "Papendrecht"},
                                                           {"GM0642", "Zwijndrecht"},
                                                           {"GM0531", "Hendrik-Ido-Ambacht"}};

/*
 * Makes the world of (a) through the API (cl uses the beheer token):
 * organisations, people, assignments, confirmed allocations of
 * alloc_minutes each, approver tokens. Returns 0 or -1 (reason on stderr).
 */
static int setup_world(const bench_cfg *cfg, const char *db, client *cl, world *w,
                       int64_t alloc_minutes, int days)
{
    char body[1024], path[128], start[11], end[11];
    day_str(start, days + 30);
    day_str(end, -365);
    for (int k = 0; k < BENCH_ORGS; k++) {
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"soort\":\"gemeente\",\"naam\":\"%s\",\"inwoners\":50000,"
                 "\"kredietlijnMinuten\":100000000}",
                 bench_gemeenten[k][0], bench_gemeenten[k][1]);
        if ((w->gemeente[k] = client_must(cl, "POST", "/api/v1/organisaties", body, 201)) <= 0)
            return -1;
    }
    w->pool =
        client_must(cl, "POST", "/api/v1/organisaties",
                    "{\"code\":\"REGIOPOOL\",\"soort\":\"pool\",\"naam\":\"Regionale pool\"}", 201);
    w->comp = client_must(cl, "POST", "/api/v1/competenties",
                          "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\","
                          "\"domein\":\"bestuur-en-strategie\"}",
                          201);
    if (w->pool <= 0 || w->comp <= 0)
        return -1;
    for (int k = 0; k < BENCH_ORGS; k++) {
        snprintf(body, sizeof body,
                 "{\"organisatieId\":%" PRId64 ",\"naam\":\"Opdrachtgever %s\","
                 "\"email\":\"opdrachtgever%d@bench.nl\",\"schaal\":12,"
                 "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}",
                 w->gemeente[k], bench_gemeenten[k][1], k);
        if ((w->approver[k] = client_must(cl, "POST", "/api/v1/medewerkers", body, 201)) <= 0)
            return -1;
        snprintf(body, sizeof body,
                 "{\"titel\":\"Benchmark %s\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
                 "\"status\":\"ingediend\",\"startdatum\":\"%s\",\"einddatum\":\"%s\","
                 "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\","
                 "\"ambtelijkOpdrachtgeverId\":%" PRId64 ","
                 "\"aanvragers\":[{\"organisatieId\":%" PRId64 "}],"
                 "\"regels\":[{\"competentieId\":%" PRId64 ",\"minimumNiveau\":2,"
                 "\"minuten\":100000000}]}",
                 bench_gemeenten[k][1], start, end, w->approver[k], w->gemeente[k], w->comp);
        long st = client_req(cl, "POST", "/api/v1/opdrachten", body);
        json_t *j = st == 201 && cl->body ? json_loads(cl->body, 0, NULL) : NULL;
        w->assignment[k] = (int64_t)json_integer_value(json_object_get(j, "id"));
        w->line[k] = (int64_t)json_integer_value(
            json_object_get(json_array_get(json_object_get(j, "regels"), 0), "id"));
        json_decref(j);
        if (w->assignment[k] <= 0 || w->line[k] <= 0) {
            fprintf(stderr, "ledger_bench: setup POST /opdrachten: %ld %s\n", st,
                    cl->body ? cl->body : "");
            return -1;
        }
        snprintf(path, sizeof path, "/api/v1/opdrachten/%" PRId64 "/status", w->assignment[k]);
        if (client_must(cl, "PUT", path, "{\"status\":\"geaccepteerd\"}", 200) < 0)
            return -1;
        /* DOMAIN rule 9: the requester's coordinator consents to be charged. */
        char coord[256];
        const char *ct[1] = {coord};
        client cc;
        if (make_token(cfg, db, "coordinator", w->gemeente[k], 0, coord, sizeof coord) != 0)
            return -1;
        client_init(&cc, cl->srv, ct, 1);
        snprintf(path, sizeof path, "/api/v1/opdrachten/%" PRId64 "/instemmingen/%" PRId64,
                 w->assignment[k], w->gemeente[k]);
        int64_t agreed = client_must(&cc, "PUT", path, "{}", 200);
        client_free(&cc);
        if (agreed < 0)
            return -1;
    }
    for (int i = 0; i < cfg->people; i++) {
        int k = i % BENCH_ORGS;
        snprintf(body, sizeof body,
                 "{\"organisatieId\":%" PRId64 ",\"naam\":\"Medewerker %d\","
                 "\"email\":\"medewerker%d@bench.nl\",\"schaal\":10,"
                 "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}",
                 w->pool, i, i);
        if ((w->person[i] = client_must(cl, "POST", "/api/v1/medewerkers", body, 201)) <= 0)
            return -1;
        snprintf(body, sizeof body,
                 "{\"opdrachtId\":%" PRId64 ",\"regelId\":%" PRId64 ",\"medewerkerId\":%" PRId64
                 ",\"minuten\":%" PRId64 "}",
                 w->assignment[k], w->line[k], w->person[i], alloc_minutes);
        int64_t inzet = client_must(cl, "POST", "/api/v1/inzet", body, 201);
        if (inzet <= 0)
            return -1;
        snprintf(path, sizeof path, "/api/v1/inzet/%" PRId64 "/status", inzet);
        if (client_must(cl, "PUT", path, "{\"status\":\"bevestigd\"}", 200) < 0)
            return -1;
    }
    w->tokp[0] = w->tokens[0];
    for (int k = 0; k < BENCH_ORGS; k++) {
        if (make_token(cfg, db, "medewerker", w->gemeente[k], w->approver[k], w->tokens[1 + k],
                       sizeof w->tokens[1 + k]) != 0)
            return -1;
        w->tokp[1 + k] = w->tokens[1 + k];
    }
    return 0;
}

/* Extra: POST /boekingen {boeken} on n reservations res-i made beforehand. */
static int bench_posts(const bench_cfg *cfg, const server *srv, client *cl, const world *w,
                       figures *f)
{
    int n = cfg->requests;
    char *body = malloc(200 * 100 + 64);
    if (body == NULL)
        return -1;
    for (int i = 0; i < n; i += 100) {
        size_t len = (size_t)sprintf(body, "{\"boekingen\":[");
        for (int k = i; k < i + 100 && k < n; k++)
            len += (size_t)sprintf(body + len,
                                   "%s{\"id\":\"res-%d\",\"soort\":\"reserveren\","
                                   "\"debetOrganisatieId\":%" PRId64 ","
                                   "\"creditOrganisatieId\":%" PRId64 ",\"minuten\":60}",
                                   k == i ? "" : ",", k, w->gemeente[0], w->pool);
        sprintf(body + len, "]}");
        if (client_must(cl, "POST", "/api/v1/boekingen", body, 201) < 0) {
            free(body);
            return -1;
        }
    }
    free(body);
    f->post_s = run_phase(cfg, srv, 1, w->tokp, 1, PHASE_POST, NULL, NULL, n, &f->post_fail, NULL);
    f->post_per_s = (n - f->post_fail) / f->post_s;
    f->have_extra = 1;
    return 0;
}

/*
 * The database `name` of this run into db[len]: a file in cfg->dir, or with
 * --pg a new database on the cluster (created here; drop_db drops it).
 * 0 = ok, -1 = failed (printed).
 */
static int make_db(const bench_cfg *cfg, const char *name, char *db, size_t len)
{
    if (cfg->pg == NULL) {
        snprintf(db, len, "%s/%s.db", cfg->dir, name);
        return 0;
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "psql -X -q '%s dbname=postgres' -c 'CREATE DATABASE %s_%ld' >&2",
             cfg->pg, name, (long)getpid());
    if (system(cmd) != 0) {
        fprintf(stderr, "ledger_bench: could not create database %s on %s\n", name, cfg->pg);
        return -1;
    }
    snprintf(db, len, "%s dbname=%s_%ld", cfg->pg, name, (long)getpid());
    return 0;
}

/* Drops make_db's PostgreSQL database `name` (a file goes with cfg->dir). */
static void drop_db(const bench_cfg *cfg, const char *name)
{
    char cmd[1024];
    if (cfg->pg == NULL)
        return;
    snprintf(cmd, sizeof cmd,
             "psql -X -q '%s dbname=postgres' -c 'DROP DATABASE IF EXISTS %s_%ld' >&2", cfg->pg,
             name, (long)getpid());
    if (system(cmd) != 0)
        fprintf(stderr, "ledger_bench: could not drop database %s\n", name);
}

static int bench_http(const bench_cfg *cfg, figures *f, int approvals_only)
{
    char db[600];
    server srv[4];
    int nsrv = cfg->servers;
    client cl;
    world w;
    int rc = -1, n = cfg->requests;
    int days = (n + cfg->people - 1) / cfg->people;
    entry_job *jobs = calloc((size_t)n, sizeof *jobs);
    double *lat = calloc((size_t)n, sizeof *lat);
    memset(&w, 0, sizeof w);
    w.person = calloc((size_t)cfg->people, sizeof *w.person);
    memset(&cl, 0, sizeof cl);
    memset(srv, 0, sizeof srv);
    if (jobs == NULL || lat == NULL || w.person == NULL || make_db(cfg, "http", db, sizeof db) != 0)
        goto cleanup;
    const char *init[] = {"init", "--db", db, NULL};
    if (run_cli(cfg, init, NULL, 0) != 0 ||
        make_token(cfg, db, "beheer", 0, 0, w.tokens[0], sizeof w.tokens[0]) != 0) {
        fprintf(stderr, "ledger_bench: '%s init' / 'token create' failed\n", cfg->bin);
        goto cleanup;
    }
    w.tokp[0] = w.tokens[0];
    f->server_threads = cfg->server_threads > 0 ? cfg->server_threads
                        : cfg->threads < 4      ? 4
                                                : cfg->threads;
    f->days = days;
    for (int i = 0; i < nsrv; i++)
        if (server_start(cfg, db, f->server_threads, &srv[i]) != 0)
            goto cleanup;
    client_init(&cl, &srv[0], w.tokp, 1);

    /* Setup, not timed. The entries: date-major, so neighbours are other people. */
    printf("(a) setup: %d gemeenten, %d people, %d confirmed allocations, %d entries over %d "
           "past days ...\n",
           BENCH_ORGS, cfg->people, cfg->people, n, days);
    fflush(stdout);
    if (setup_world(cfg, db, &cl, &w, (int64_t)days * 480, days) != 0)
        goto cleanup;
    for (int i = 0; i < n; i++) {
        int d = i / cfg->people, p = i % cfg->people;
        jobs[i].person_id = w.person[p];
        jobs[i].approver = p % BENCH_ORGS;
        jobs[i].assignment_id = w.assignment[jobs[i].approver];
        day_str(jobs[i].date, 1 + d);
        jobs[i].minutes = 60 + 30 * ((p * 7 + d * 3) % 15); /* 60..480 */
    }
    f->rec_s =
        run_phase(cfg, srv, nsrv, w.tokp, 1, PHASE_RECORD, jobs, NULL, n, &f->rec_fail, NULL);
    f->rec_per_s = (n - f->rec_fail) / f->rec_s;
    if (f->rec_fail > 0) {
        fprintf(stderr, "ledger_bench: %d entries could not be recorded\n", f->rec_fail);
        goto cleanup;
    }

    /* Timed: only the approvals, with the halves of (b) right before and after. */
    long transfers = 0;
    f->raw_fail |= bench_sqlite(cfg, f, 0) != 0;
    double busy0 = 0, total0 = 0, busy1 = 0, total1 = 0, srv0 = 0, srv1 = 0;
    for (int i = 0; i < nsrv; i++)
        srv0 += proc_cpu_s(srv[i].pid);
    int have_cpu = cpu_ticks(&busy0, &total0) == 0;
    f->app_s = run_phase(cfg, srv, nsrv, w.tokp, 1 + BENCH_ORGS, PHASE_APPROVE, jobs, lat, n,
                         &f->app_fail, &transfers);
    have_cpu = have_cpu && cpu_ticks(&busy1, &total1) == 0 && total1 > total0;
    for (int i = 0; i < nsrv; i++)
        srv1 += proc_cpu_s(srv[i].pid);
    if (have_cpu) {
        f->cpu_busy = (busy1 - busy0) / (total1 - total0);
        f->idle_cores = (1 - f->cpu_busy) * (double)sysconf(_SC_NPROCESSORS_ONLN);
    }
    f->srv_cpu_ms = n > 0 ? (srv1 - srv0) / n * 1e3 : 0;
    f->app_per_s = (n - f->app_fail) / f->app_s;
    f->app_p50 = quantile(lat, (size_t)n, 0.50);
    f->app_p99 = quantile(lat, (size_t)n, 0.99);
    f->app_transfers = n > f->app_fail ? (double)transfers / (n - f->app_fail) : 0;
    f->have_a = 1;
    f->raw_fail |= !f->raw_fail && bench_sqlite(cfg, f, 1) != 0;

    /* Checks: every entry approved, the ledger consistent. */
    if (client_req(&cl, "GET", "/api/v1/urenregistraties?status=goedgekeurd&paginaGrootte=1",
                   NULL) == 200)
        f->app_checked = (int)client_int(&cl, "totaal");
    if (client_req(&cl, "GET", "/api/v1/grootboek/controle", NULL) == 200 && cl.body &&
        strstr(cl.body, "\"ok\":true") != NULL)
        f->control_ok = 1;
    else
        fprintf(stderr, "ledger_bench: control check NOT ok: %s\n", cl.body ? cl.body : "");

    /* Extra: the ledger step alone, on the same server. */
    if (!approvals_only && bench_posts(cfg, &srv[0], &cl, &w, f) != 0)
        goto cleanup;
    /* A figure of a wrong ledger is no figure: the run fails (printed in the table too). */
    rc = f->control_ok && f->app_checked == n ? 0 : -1;
cleanup:
    if (cl.c)
        client_free(&cl);
    for (int i = 0; i < nsrv; i++)
        server_stop(&srv[i]);
    drop_db(cfg, "http");
    free(w.person);
    free(lat);
    free(jobs);
    return rc;
}

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
 * totals set from them, in one transaction. The control check holds after
 * it (stored balances = recomputation). Returns `total`, or -1 (err set).
 */
static long bulk_sql(nb_store *st, const int64_t *acct, long total, nb_err *err)
{
    char ids[256], sql[2048];
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
        "GROUP BY credit_account_id) s WHERE a.id = s.id",
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

static int bench_balance(const bench_cfg *cfg, figures *f)
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
