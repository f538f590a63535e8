/*
 * bench/ledger_bench.c — hours-ledger benchmark; prints figures, no pass/fail.
 *
 * In one run, on the same machine and file system:
 *   (a) posted transfers per second through the real HTTP API with durable
 *       commits: `noaber serve` on a fresh database (WAL, synchronous=FULL),
 *       client threads with keep-alive libcurl handles. Each request is
 *       POST /api/v1/boekingen {"soort":"boeken"} on a reservation made
 *       beforehand — what approving one time entry does (one request, one
 *       transaction, one fsync'd commit). Also reported: reserve+post as one
 *       linked two-transfer request.
 *   (b) raw single-row SQLite inserts per second, same settings (WAL,
 *       synchronous=FULL, one transaction per insert, one thread);
 *   and the ratio (a)/(b);
 *   (c) balance-read time (GET /organisaties/{id}/saldo, and the store call
 *       in-process) with 1,000,000 transfers stored, bulk-loaded through
 *       nb_ledger_store_apply in big transactions.
 *
 * usage: ledger_bench NOABER_BIN [--dir DIR] [--requests N] [--threads N]
 *                     [--transfers N] [--reads N]
 *   DIR (default: a new directory under the current one — a real disk, not
 *   tmpfs, so fsync costs what it costs) is removed afterwards.
 */
#include "store/ledger_store.h"
#include "store/organisations.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
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

typedef struct bench_cfg {
    const char *bin;
    char dir[512];
    int requests;
    int threads;
    long transfers;
    int reads;
} bench_cfg;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- A server child ------------------------------------------------------ */

typedef struct server {
    pid_t pid;
    int out_fd;
    char base[128];
} server;

static int run_cli(const bench_cfg *cfg, const char *const *args, char *out, size_t outlen)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        const char *argv[16];
        int k = 0;
        argv[k++] = cfg->bin;
        for (int i = 0; args[i] && k < 15; i++)
            argv[k++] = args[i];
        argv[k] = NULL;
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(cfg->bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t r;
    char sink[256];
    /* Drain everything (a closed pipe would kill the child with SIGPIPE). */
    while ((r = out && len + 1 < outlen ? read(fd[0], out + len, outlen - 1 - len)
                                        : read(fd[0], sink, sizeof sink)) > 0)
        if (out && len + 1 < outlen)
            len += (size_t)r;
    if (out)
        out[len] = '\0';
    close(fd[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int server_start(const bench_cfg *cfg, const char *db, int threads, server *s)
{
    int fd[2];
    char th[16];
    snprintf(th, sizeof th, "%d", threads);
    if (pipe(fd) != 0)
        return -1;
    s->pid = fork();
    if (s->pid == 0) {
        const char *argv[] = {cfg->bin, "serve", "--db", db, "--listen", "127.0.0.1:0",
                              "--threads", th, "--log-level", "warn", NULL};
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(cfg->bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    s->out_fd = fd[0];
    char line[256];
    size_t len = 0;
    struct pollfd pfd = {s->out_fd, POLLIN, 0};
    while (len + 1 < sizeof line && poll(&pfd, 1, 30000) > 0) {
        if (read(s->out_fd, line + len, 1) <= 0)
            break;
        if (line[len++] == '\n')
            break;
    }
    line[len] = '\0';
    const char *p = strstr(line, "http://");
    if (p == NULL) {
        fprintf(stderr, "ledger_bench: server did not start: %s\n", line);
        return -1;
    }
    snprintf(s->base, sizeof s->base, "%.*s", (int)strcspn(p, "\r\n"), p);
    return 0;
}

static void server_stop(server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        close(s->out_fd);
        s->pid = 0;
    }
}

/* ---- HTTP client ---------------------------------------------------------- */

typedef struct client {
    CURL *c;
    struct curl_slist *hdrs;
    char *body;
    size_t len;
    const server *srv;
} client;

static size_t on_write(char *ptr, size_t size, size_t n, void *ud)
{
    client *cl = ud;
    size_t add = size * n;
    char *nb = realloc(cl->body, cl->len + add + 1);
    if (nb == NULL)
        return 0;
    memcpy(nb + cl->len, ptr, add);
    cl->body = nb;
    cl->len += add;
    cl->body[cl->len] = '\0';
    return add;
}

static void client_init(client *cl, const server *srv, const char *token)
{
    char auth[256];
    memset(cl, 0, sizeof *cl);
    cl->srv = srv;
    cl->c = curl_easy_init();
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    cl->hdrs = curl_slist_append(NULL, auth);
    cl->hdrs = curl_slist_append(cl->hdrs, "Content-Type: application/json");
    cl->hdrs = curl_slist_append(cl->hdrs, "Accept: application/json");
    curl_easy_setopt(cl->c, CURLOPT_HTTPHEADER, cl->hdrs);
    curl_easy_setopt(cl->c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(cl->c, CURLOPT_WRITEDATA, cl);
    curl_easy_setopt(cl->c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(cl->c, CURLOPT_TCP_NODELAY, 1L);
}

static void client_free(client *cl)
{
    curl_slist_free_all(cl->hdrs);
    curl_easy_cleanup(cl->c);
    free(cl->body);
}

/* Sends a request on the kept-alive connection; returns the status or -1. */
static long client_req(client *cl, const char *method, const char *path, const char *body)
{
    char url[512];
    long status = -1;
    snprintf(url, sizeof url, "%s%s", cl->srv->base, path);
    cl->len = 0;
    curl_easy_setopt(cl->c, CURLOPT_URL, url);
    curl_easy_setopt(cl->c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, body);
    } else {
        curl_easy_setopt(cl->c, CURLOPT_POSTFIELDS, NULL);
        curl_easy_setopt(cl->c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(cl->c, CURLOPT_CUSTOMREQUEST, NULL);
    }
    if (curl_easy_perform(cl->c) == CURLE_OK)
        curl_easy_getinfo(cl->c, CURLINFO_RESPONSE_CODE, &status);
    return status;
}

/* ---- (a) HTTP throughput ------------------------------------------------- */

typedef struct worker {
    const server *srv;
    const char *token;
    int from, to;     /* reservation indices [from, to) */
    int pairs;        /* 1: reserve+post as one linked request */
    int failures;
    long last_status;
    char last_body[256];
} worker;

static void *worker_run(void *p)
{
    worker *w = p;
    client cl;
    char body[512];
    client_init(&cl, w->srv, w->token);
    for (int i = w->from; i < w->to; i++) {
        if (w->pairs)
            snprintf(body, sizeof body,
                     "{\"boekingen\":[{\"id\":\"pr-%d\",\"soort\":\"reserveren\","
                     "\"debetOrganisatieId\":1,\"creditOrganisatieId\":2,\"minuten\":60},"
                     "{\"id\":\"pp-%d\",\"soort\":\"boeken\",\"reserveringId\":\"pr-%d\"}]}",
                     i, i, i);
        else
            snprintf(body, sizeof body,
                     "{\"boekingen\":[{\"id\":\"post-%d\",\"soort\":\"boeken\","
                     "\"reserveringId\":\"res-%d\",\"minuten\":45}]}", i, i);
        long st = client_req(&cl, "POST", "/api/v1/boekingen", body);
        if (st != 201) {
            w->failures++;
            w->last_status = st;
            snprintf(w->last_body, sizeof w->last_body, "%s", cl.body ? cl.body : "");
        }
    }
    client_free(&cl);
    return NULL;
}

static double run_workers(const bench_cfg *cfg, const server *srv, const char *token, int n,
                          int pairs, int *failures)
{
    pthread_t th[64];
    worker w[64];
    int t = cfg->threads < 64 ? cfg->threads : 64;
    double t0 = now_s();
    for (int i = 0; i < t; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].srv = srv;
        w[i].token = token;
        w[i].from = n * i / t;
        w[i].to = n * (i + 1) / t;
        w[i].pairs = pairs;
        pthread_create(&th[i], NULL, worker_run, &w[i]);
    }
    *failures = 0;
    for (int i = 0; i < t; i++) {
        pthread_join(th[i], NULL);
        *failures += w[i].failures;
        if (w[i].failures)
            fprintf(stderr, "  worker %d: %d failures, last %ld %s\n", i, w[i].failures,
                    w[i].last_status, w[i].last_body);
    }
    return now_s() - t0;
}

static int bench_http(const bench_cfg *cfg, double *posted_per_s, double *pairs_per_s)
{
    char db[600], token[256], out[512];
    server srv = {0};
    client cl;
    int rc = -1, fails = 0;
    snprintf(db, sizeof db, "%s/http.db", cfg->dir);
    const char *init[] = {"init", "--db", db, NULL};
    const char *tok[] = {"token", "create", "--role", "beheer", "--db", db, NULL};
    if (run_cli(cfg, init, NULL, 0) != 0 || run_cli(cfg, tok, out, sizeof out) != 0) {
        fprintf(stderr, "ledger_bench: '%s init' / 'token create' failed\n", cfg->bin);
        return -1;
    }
    /* the token is the last non-empty line */
    char *line = out, *last = out;
    for (char *p = strtok(line, "\n"); p; p = strtok(NULL, "\n"))
        last = p;
    snprintf(token, sizeof token, "%s", last);
    if (server_start(cfg, db, 4, &srv) != 0)
        return -1;
    client_init(&cl, &srv, token);
    if (client_req(&cl, "POST", "/api/v1/organisaties",
                   "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                   "\"kredietlijnMinuten\":100000000}") != 201 ||
        client_req(&cl, "POST", "/api/v1/organisaties",
                   "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}") != 201) {
        fprintf(stderr, "ledger_bench: setup failed: %s\n", cl.body);
        goto cleanup;
    }
    /* Reservations beforehand (not timed), 100 per request. */
    int n = cfg->requests;
    char *body = malloc(200 * 100 + 64);
    for (int i = 0; i < n; i += 100) {
        size_t len = (size_t)sprintf(body, "{\"boekingen\":[");
        for (int k = i; k < i + 100 && k < n; k++)
            len += (size_t)sprintf(body + len,
                                   "%s{\"id\":\"res-%d\",\"soort\":\"reserveren\","
                                   "\"debetOrganisatieId\":1,\"creditOrganisatieId\":2,"
                                   "\"minuten\":60}", k == i ? "" : ",", k);
        sprintf(body + len, "]}");
        if (client_req(&cl, "POST", "/api/v1/boekingen", body) != 201) {
            fprintf(stderr, "ledger_bench: reservations failed: %s\n", cl.body);
            free(body);
            goto cleanup;
        }
    }
    free(body);
    double dt = run_workers(cfg, &srv, token, n, 0, &fails);
    *posted_per_s = (n - fails) / dt;
    printf("(a) HTTP posts:  %d POST /boekingen {boeken} in %.2f s with %d client threads "
           "(%d failed): %.0f posted transfers/s\n", n, dt, cfg->threads, fails, *posted_per_s);
    dt = run_workers(cfg, &srv, token, n, 1, &fails);
    *pairs_per_s = (n - fails) / dt;
    printf("    HTTP pairs:  %d POST /boekingen {reserveren+boeken} in %.2f s: %.0f pairs/s\n",
           n, dt, *pairs_per_s);
    if (client_req(&cl, "GET", "/api/v1/grootboek/controle", NULL) != 200 ||
        strstr(cl.body, "\"ok\":true") == NULL)
        fprintf(stderr, "ledger_bench: control check NOT ok: %s\n", cl.body);
    rc = 0;
cleanup:
    client_free(&cl);
    server_stop(&srv);
    return rc;
}

/* ---- (b) raw SQLite inserts ---------------------------------------------- */

static int bench_sqlite(const bench_cfg *cfg, double *per_s)
{
    char path[600];
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    snprintf(path, sizeof path, "%s/raw.db", cfg->dir);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, tid TEXT NOT NULL, amount BIGINT, "
                     "ts BIGINT)", NULL, NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO t (tid, amount, ts) VALUES (?, ?, ?)", -1, &ins, NULL);
    int n = cfg->requests;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        char tid[32];
        snprintf(tid, sizeof tid, "row-%d", i);
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        sqlite3_bind_text(ins, 1, tid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 2, i);
        sqlite3_bind_int64(ins, 3, i);
        if (sqlite3_step(ins) != SQLITE_DONE)
            fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
        sqlite3_reset(ins);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    double dt = now_s() - t0;
    *per_s = n / dt;
    printf("(b) raw SQLite:  %d single-row INSERT transactions (WAL, synchronous=FULL) in %.2f s: "
           "%.0f inserts/s\n", n, dt, *per_s);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return 0;
}

/* ---- (c) balance read with 1M transfers --------------------------------- */

static int bench_balance(const bench_cfg *cfg)
{
    char path[600], token[256], out[512];
    nb_store *st = NULL;
    nb_err err = {{0}};
    int64_t acct[10];
    int rc = -1;
    snprintf(path, sizeof path, "%s/big.db", cfg->dir);
    if (nb_store_open(path, 1, &st, &err) != 0) {
        fprintf(stderr, "ledger_bench: %s\n", err.msg);
        return -1;
    }
    nb_store_begin(st, &err);
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
    nb_store_commit(st, &err);
    enum { BATCH = 5000, TX = 100000 };
    nb_transfer *batch = calloc(BATCH, sizeof *batch);
    nb_transfer_result *res = calloc(BATCH, sizeof *res);
    uint64_t seed = 42;
    double t0 = now_s();
    long done = 0;
    while (done < cfg->transfers) {
        nb_store_begin(st, &err);
        for (long in_tx = 0; in_tx < TX && done < cfg->transfers;) {
            size_t n = 0;
            for (; n < BATCH && done + (long)n < cfg->transfers; n++) {
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
            if (nb_ledger_store_apply(st, batch, n, res, &err) != 0) {
                fprintf(stderr, "ledger_bench: bulk apply: %s\n", err.msg);
                nb_store_rollback(st);
                free(batch);
                free(res);
                goto cleanup;
            }
            done += (long)n;
            in_tx += (long)n;
        }
        nb_store_commit(st, &err);
    }
    free(batch);
    free(res);
    double load = now_s() - t0;
    printf("(c) bulk load:   %ld transfers through nb_ledger_store_apply in %.1f s (%.0f/s)\n",
           done, load, done / load);
    /* In-process: the store call behind GET saldo. */
    nb_store_begin_read(st, &err);
    nb_ledger_account_row row;
    double s0 = now_s();
    int reps = 10000;
    for (int i = 0; i < reps; i++)
        nb_ledger_store_org_row(st, 1 + i % 10, &row, &err);
    double per = (now_s() - s0) / reps;
    nb_store_rollback(st);
    nb_store_close(st);
    st = NULL;
    printf("    store read:  nb_ledger_store_org_row %.1f us per call (%d calls)\n", per * 1e6, reps);

    /* Over HTTP. */
    const char *tok[] = {"token", "create", "--role", "beheer", "--db", path, NULL};
    if (run_cli(cfg, tok, out, sizeof out) != 0) {
        fprintf(stderr, "ledger_bench: '%s token create' failed\n", cfg->bin);
        goto cleanup;
    }
    char *last = out;
    for (char *p = strtok(out, "\n"); p; p = strtok(NULL, "\n"))
        last = p;
    snprintf(token, sizeof token, "%s", last);
    server srv = {0};
    if (server_start(cfg, path, 4, &srv) != 0)
        goto cleanup;
    client cl;
    client_init(&cl, &srv, token);
    double *lat = calloc((size_t)cfg->reads, sizeof *lat);
    int bad = 0;
    for (int i = 0; i < cfg->reads; i++) {
        char p[64];
        snprintf(p, sizeof p, "/api/v1/organisaties/%d/saldo", 1 + i % 10);
        double a = now_s();
        if (client_req(&cl, "GET", p, NULL) != 200)
            bad++;
        lat[i] = now_s() - a;
    }
    /* sort for percentiles (insertion sort is fine for a few thousand) */
    for (int i = 1; i < cfg->reads; i++) {
        double v = lat[i];
        int j = i - 1;
        while (j >= 0 && lat[j] > v) {
            lat[j + 1] = lat[j];
            j--;
        }
        lat[j + 1] = v;
    }
    double sum = 0;
    for (int i = 0; i < cfg->reads; i++)
        sum += lat[i];
    printf("    GET saldo:   %d reads with %ld transfers stored: mean %.3f ms, p50 %.3f ms, "
           "p99 %.3f ms (%d failed)\n", cfg->reads, done, sum / cfg->reads * 1e3,
           lat[cfg->reads / 2] * 1e3, lat[cfg->reads * 99 / 100] * 1e3, bad);
    free(lat);
    client_free(&cl);
    server_stop(&srv);
    rc = 0;
cleanup:
    nb_store_close(st);
    return rc;
}

int main(int argc, char **argv)
{
    bench_cfg cfg = {NULL, "", 2000, 4, 1000000, 2000};
    const char *dir = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: ledger_bench NOABER_BIN [--dir DIR] [--requests N] "
                        "[--threads N] [--transfers N] [--reads N]\n");
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
        else if (strcmp(argv[i], "--transfers") == 0)
            cfg.transfers = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--reads") == 0)
            cfg.reads = atoi(argv[i + 1]);
    }
    if (cfg.requests < 100 || cfg.threads < 1 || cfg.transfers < 1 || cfg.reads < 1) {
        fprintf(stderr, "ledger_bench: bad arguments\n");
        return 2;
    }
    snprintf(cfg.dir, sizeof cfg.dir, "%s/ledger-bench-XXXXXX", dir ? dir : ".");
    if (mkdtemp(cfg.dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    printf("ledger_bench: %s (same machine, same file system for all figures)\n", cfg.dir);
    printf("note: the time-entry API (urenregistraties) is measured as its ledger step: one\n"
           "      POST /boekingen {boeken} per approval, on reservations made beforehand.\n");
    double a = 0, pairs = 0, b = 0;
    int rc = 0;
    if (bench_http(&cfg, &a, &pairs) != 0 || bench_sqlite(&cfg, &b) != 0)
        rc = 1;
    if (rc == 0)
        printf("ratio (a)/(b):   %.3f  (reserve+post pairs/(b): %.3f)\n", a / b, pairs / b);
    if (bench_balance(&cfg) != 0)
        rc = 1;
    curl_global_cleanup();
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cfg.dir);
    if (system(cmd) != 0)
        fprintf(stderr, "ledger_bench: could not remove %s\n", cfg.dir);
    return rc;
}
