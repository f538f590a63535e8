/*
 * bench/ledger_bench_approvals.c — ledger_bench's (a) and (b): approved time
 * entries per second through the HTTP API (client threads with keep-alive
 * libcurl handles, the machine's and the servers' CPU use meanwhile), the
 * extra line (POST /boekingen alone), and the raw SQLite inserts run right
 * before and after the timed approvals. See ledger_bench.c for what is
 * measured; contracts in ledger_bench.h.
 */
#include "ledger_bench.h"

#include <inttypes.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
int bench_sqlite(const bench_cfg *cfg, figures *f, int half)
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

int bench_http(const bench_cfg *cfg, figures *f, int approvals_only)
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
