/*
 * bench/bench_http.h — the plumbing of ledger_bench.c: its configuration, a
 * monotonic clock and quantiles, a `noaber serve` child on loopback, `noaber`
 * CLI runs (tokens), and a keep-alive libcurl client with a few bearer
 * tokens. Bench code only; failures are printed to stderr.
 */
#ifndef NB_BENCH_BENCH_HTTP_H
#define NB_BENCH_BENCH_HTTP_H

#include <curl/curl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Requesting gemeenten (one local assignment each) and their approvers. */
#define BENCH_ORGS 4

/* The settings of one run (see the usage in ledger_bench.c). */
typedef struct bench_cfg {
    const char *bin;
    char dir[512];
    int requests;
    int threads;
    int people;
    long transfers;
    int reads;
    const char
        *pg; /* ledger_bench --pg: a PostgreSQL cluster (libpq string without dbname), or NULL */
    int servers; /* ledger_bench --servers: `noaber serve` processes on the one database of (a) */
    int server_threads; /* ledger_bench --server-threads: each server's --threads; 0 = max(4, threads) */
} bench_cfg;

/* Seconds on the monotonic clock. */
double now_s(void);

/* Sorts v[0..n) and returns the q-quantile (0 <= q < 1); 0 when n == 0. */
double quantile(double *v, size_t n, double q);

/* "YYYY-MM-DD" (UTC, as the server's today) of `days_ago` days before today. */
void day_str(char out[11], int days_ago);

/* A `noaber serve` child (its stdout read end, its base URL). */
typedef struct server {
    pid_t pid;
    int out_fd;
    char base[128];
} server;

/*
 * Runs `cfg->bin args...` (args NULL-terminated, at most 14) and stores its
 * stdout, NUL-terminated, in out (may be NULL); returns its exit status or -1.
 */
int run_cli(const bench_cfg *cfg, const char *const *args, char *out, size_t outlen);

/* Starts `noaber serve` on db with `threads` threads on 127.0.0.1 and waits
 * (30 s at most) for its URL; 0 = ok, -1 = failed (printed). */
int server_start(const bench_cfg *cfg, const char *db, int threads, server *s);

/* Stops the server child (SIGTERM) and reaps it; safe to call twice. */
void server_stop(server *s);

/* A token from `noaber token create` (the last non-empty line of its output),
 * into token[len]; org / person <= 0 are left out. 0 = ok, -1 = failed. */
int make_token(const bench_cfg *cfg, const char *db, const char *role, int64_t org, int64_t person,
               char *token, size_t len);

/* Most bearer tokens one client switches between (beheer + approvers). */
#define CLIENT_MAX_TOKENS (1 + BENCH_ORGS)

typedef struct client {
    CURL *c;
    struct curl_slist *hdrs[CLIENT_MAX_TOKENS];
    int ntokens;
    char *body;
    size_t len;
    const server *srv;
} client;

/* Uses token i (0 = the first) for the next requests on the same connection. */
void client_use(client *cl, int i);

/*
 * A keep-alive client of srv with ntokens bearer tokens (token 0 in use);
 * ntokens <= CLIENT_MAX_TOKENS. Free with client_free.
 */
void client_init(client *cl, const server *srv, const char *const *tokens, int ntokens);

/* Frees what client_init made (not cl itself). */
void client_free(client *cl);

/* Sends a request on the kept-alive connection; returns the status or -1. The
 * body of the response is in cl->body until the next request. */
long client_req(client *cl, const char *method, const char *path, const char *body);

/* The integer member `key` of the last response body; -1 when absent. */
int64_t client_int(const client *cl, const char *key);

/* Sends a request that must answer `want`; returns the body's "id" (0 if none) or -1. */
int64_t client_must(client *cl, const char *method, const char *path, const char *body, long want);

#endif
