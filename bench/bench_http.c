/*
 * bench/bench_http.c — the plumbing of ledger_bench.c: a monotonic clock and
 * quantiles, a `noaber serve` child on loopback, `noaber` CLI runs (tokens),
 * and a keep-alive libcurl client with a few bearer tokens. See bench_http.h.
 */
#include "bench_http.h"

#include <inttypes.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v[0..n) and returns the q-quantile (0 <= q < 1); 0 when n == 0. */
double quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return v[(size_t)((double)n * q)];
}

/* "YYYY-MM-DD" (UTC, as the server's today) of `days_ago` days before today. */
void day_str(char out[11], int days_ago)
{
    time_t t = time(NULL) - (time_t)days_ago * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- A server child ------------------------------------------------------ */

int run_cli(const bench_cfg *cfg, const char *const *args, char *out, size_t outlen)
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

int server_start(const bench_cfg *cfg, const char *db, int threads, server *s)
{
    int fd[2];
    char th[16];
    snprintf(th, sizeof th, "%d", threads);
    if (pipe(fd) != 0)
        return -1;
    s->pid = fork();
    if (s->pid == 0) {
        /* NOABER_BENCH_LOG_LEVEL=info: the servers' own figures on stderr too
         * (e.g. the PostgreSQL driver's statements and round trips). */
        const char *level = getenv("NOABER_BENCH_LOG_LEVEL");
        const char *argv[] = {cfg->bin,      "serve",
                              "--db",        db,
                              "--listen",    "127.0.0.1:0",
                              "--threads",   th,
                              "--log-level", level ? level : "warn",
                              NULL};
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

void server_stop(server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        close(s->out_fd);
        s->pid = 0;
    }
}

/* A token from `noaber token create` (the last non-empty line of its output). */
int make_token(const bench_cfg *cfg, const char *db, const char *role, int64_t org, int64_t person,
               char *token, size_t len)
{
    char out[512], orgs[32], persons[32];
    const char *args[16];
    int k = 0;
    args[k++] = "token";
    args[k++] = "create";
    args[k++] = "--role";
    args[k++] = role;
    if (org > 0) {
        snprintf(orgs, sizeof orgs, "%" PRId64, org);
        args[k++] = "--organisation";
        args[k++] = orgs;
    }
    if (person > 0) {
        snprintf(persons, sizeof persons, "%" PRId64, person);
        args[k++] = "--person";
        args[k++] = persons;
    }
    args[k++] = "--label";
    args[k++] = "bench";
    args[k++] = "--db";
    args[k++] = db;
    args[k] = NULL;
    if (run_cli(cfg, args, out, sizeof out) != 0) {
        fprintf(stderr, "ledger_bench: '%s token create --role %s' failed\n", cfg->bin, role);
        return -1;
    }
    char *last = NULL;
    for (char *p = strtok(out, "\n"); p; p = strtok(NULL, "\n"))
        last = p;
    if (last == NULL)
        return -1;
    snprintf(token, len, "%s", last);
    return 0;
}

/* ---- HTTP client ---------------------------------------------------------- */

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

/* Uses token i (0 = the first) for the next requests on the same connection. */
void client_use(client *cl, int i)
{
    curl_easy_setopt(cl->c, CURLOPT_HTTPHEADER, cl->hdrs[i]);
}

/*
 * A keep-alive client of srv with ntokens bearer tokens (token 0 in use);
 * ntokens <= CLIENT_MAX_TOKENS. Free with client_free.
 */
void client_init(client *cl, const server *srv, const char *const *tokens, int ntokens)
{
    char auth[300];
    memset(cl, 0, sizeof *cl);
    cl->srv = srv;
    cl->c = curl_easy_init();
    cl->ntokens = ntokens < CLIENT_MAX_TOKENS ? ntokens : CLIENT_MAX_TOKENS;
    for (int i = 0; i < cl->ntokens; i++) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", tokens[i]);
        cl->hdrs[i] = curl_slist_append(NULL, auth);
        cl->hdrs[i] = curl_slist_append(cl->hdrs[i], "Content-Type: application/json");
        cl->hdrs[i] = curl_slist_append(cl->hdrs[i], "Accept: application/json");
    }
    client_use(cl, 0);
    curl_easy_setopt(cl->c, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(cl->c, CURLOPT_WRITEDATA, cl);
    curl_easy_setopt(cl->c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(cl->c, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(cl->c, CURLOPT_TIMEOUT, 60L);
}

void client_free(client *cl)
{
    for (int i = 0; i < cl->ntokens; i++)
        curl_slist_free_all(cl->hdrs[i]);
    curl_easy_cleanup(cl->c);
    free(cl->body);
}

/* Sends a request on the kept-alive connection; returns the status or -1. */
long client_req(client *cl, const char *method, const char *path, const char *body)
{
    char url[512];
    long status = -1;
    snprintf(url, sizeof url, "%s%s", cl->srv->base, path);
    cl->len = 0;
    if (cl->body)
        cl->body[0] = '\0';
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

/* The integer member `key` of the last response body; -1 when absent. */
int64_t client_int(const client *cl, const char *key)
{
    json_t *j = cl->body ? json_loads(cl->body, 0, NULL) : NULL;
    json_t *v = json_object_get(j, key);
    int64_t r = json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
    json_decref(j);
    return r;
}

/* Sends a request that must answer `want`; returns the body's "id" (0 if none) or -1. */
int64_t client_must(client *cl, const char *method, const char *path, const char *body, long want)
{
    long st = client_req(cl, method, path, body);
    if (st != want) {
        fprintf(stderr, "ledger_bench: setup %s %s: expected %ld, got %ld: %s\n", method, path,
                want, st, cl->body ? cl->body : "");
        return -1;
    }
    int64_t id = client_int(cl, "id");
    return id < 0 ? 0 : id;
}
