/*
 * http/run.c — the server as a process: the configuration's defaults and
 * checks (listen address, public URL, threads), one store per worker and
 * the group commit, libmicrohttpd started (http/server.c), then waiting for
 * SIGINT/SIGTERM and draining: no new connections, /health/ready 503, the
 * requests in flight finish, everything is closed in order.
 */
#include "http/server_int.h"

#include "util/log.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Set once the server begins to stop (nb_http_draining, http/http.h). */
static atomic_int nb_server_stopping;

int nb_http_draining(void)
{
    return atomic_load(&nb_server_stopping);
}

void nb_server_defaults(nb_server_config *cfg)
{
    cfg->db_path = "noaber.db";
    cfg->listen = "127.0.0.1:8080";
    cfg->threads = 4;
    cfg->group_commit = 64;
    cfg->max_body = (size_t)1024 * 1024;
    cfg->timeout_seconds = 30;
    cfg->header_timeout_seconds = 10;
    cfg->body_timeout_seconds = 60;
    cfg->per_ip_limit = 32;
    cfg->connection_limit = 512;
    cfg->routes = NULL;
    cfg->nroutes = 0;
    cfg->rows = NULL;
    cfg->trusted_proxies = NULL;
    cfg->public_url = NULL;
    cfg->auth = NULL;
    cfg->drain_seconds = 30;
}

/* ---- Stopping -------------------------------------------------------------- */

/*
 * After the first signal: no new connections (the listening socket is
 * closed), /health/ready answers 503 and every answer says "Connection:
 * close", while the requests in flight finish; at most drain_seconds, and
 * a second signal ends the wait. MHD_stop_daemon then closes what is idle.
 */
static void nb_server_drain(nb_server *srv, struct MHD_Daemon *d, const sigset_t *sigs, int sig)
{
    atomic_store(&nb_server_stopping, 1);
    MHD_socket lfd = MHD_quiesce_daemon(d);
    if (lfd != MHD_INVALID_SOCKET)
        (void)close(lfd);
    int busy = atomic_load(&srv->in_flight);
    nb_log_info("signal %d: stopping; %d request(s) in flight get %u s to finish", sig, busy,
                srv->cfg->drain_seconds);
    int64_t waited_ms = 0;
    const int64_t limit_ms = (int64_t)srv->cfg->drain_seconds * 1000;
    while (atomic_load(&srv->in_flight) > 0 && waited_ms < limit_ms) {
        struct timespec step = {0, 20L * 1000 * 1000}; /* 20 ms */
        int again = sigtimedwait(sigs, NULL, &step);
        if (again > 0) {
            nb_log_info("signal %d again: stopping at once", again);
            break;
        }
        waited_ms += 20;
    }
    busy = atomic_load(&srv->in_flight);
    if (busy > 0)
        nb_log_info("stopping with %d request(s) unfinished", busy);
    else
        nb_log_info("every request finished; shutting down");
}

static int nb_parse_listen(const char *listen, struct sockaddr_in *sa, char *host, size_t hostlen,
                           nb_err *err)
{
    const char *colon = strrchr(listen, ':');
    char *end = NULL;
    if (colon == NULL || colon == listen || (size_t)(colon - listen) >= hostlen)
        return nb_err_set(err, NB_EINVAL, "--listen '%s' must look like HOST:PORT (127.0.0.1:8080)",
                          listen);
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || colon[1] == '\0' || port > 65535)
        return nb_err_set(err, NB_EINVAL, "--listen '%s': port must be 0..65535", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    const char *ip = strcmp(host, "localhost") == 0 ? "127.0.0.1" : host;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1)
        return nb_err_set(err, NB_EINVAL, "--listen '%s': '%s' is not an IPv4 address", listen,
                          host);
    return 0;
}

/*
 * Checks the configured public URL and copies it without a trailing '/':
 * http:// or https://, a host, then only URL characters (no query, fragment,
 * space or control character), so it can be pasted into headers and links.
 */
static int nb_public_url(const char *in, char *out, size_t n, nb_err *err)
{
    size_t scheme = strncmp(in, "https://", 8) == 0 ? 8 : strncmp(in, "http://", 7) == 0 ? 7 : 0;
    size_t len = strlen(in);
    while (len > scheme && in[len - 1] == '/')
        len--;
    int ok = scheme > 0 && len > scheme && len < n && in[scheme] != '/';
    for (size_t i = scheme; ok && i < len; i++) {
        unsigned char ch = (unsigned char)in[i];
        ok = ch > 0x20 && ch < 0x7F && !strchr("?#\"<>\\^`{|}", ch);
    }
    if (!ok)
        return nb_err_set(err, NB_EINVAL,
                          "public_url '%s' must look like https://noaber.example.org (http or "
                          "https, a host, an optional path; no query, no spaces)",
                          in);
    memcpy(out, in, len);
    out[len] = '\0';
    return 0;
}

int nb_server_keep_memory(void)
{
    int ok = mallopt(M_MMAP_THRESHOLD, (int)NB_SERVER_MMAP_MAX);
    ok &= mallopt(M_TRIM_THRESHOLD, (int)NB_SERVER_TRIM_MAX);
    return ok ? 0 : NB_EINVAL;
}

int nb_server_run(const nb_server_config *cfg, nb_err *err)
{
    int rc = 0;
    nb_server srv;
    struct MHD_Daemon *d = NULL;
    struct sockaddr_in sa;
    memset(&srv, 0, sizeof srv);
    memset(&sa, 0, sizeof sa);
    srv.cfg = cfg;
    pthread_mutex_init(&srv.pool.lock, NULL);
    pthread_cond_init(&srv.pool.cond, NULL);
    pthread_mutex_init(&srv.fixed.lock, NULL);
    if ((rc = nb_guard_init(&srv.guard, cfg->header_timeout_seconds, cfg->body_timeout_seconds,
                            cfg->per_ip_limit, cfg->trusted_proxies, err)) != 0)
        goto cleanup;
    if ((rc = nb_parse_listen(cfg->listen, &sa, srv.host, sizeof srv.host, err)) != 0)
        goto cleanup;
    if (cfg->auth)
        srv.auth = *cfg->auth;
    else
        nb_auth_config_default(&srv.auth);
    if (cfg->public_url &&
        (rc = nb_public_url(cfg->public_url, srv.public_url, sizeof srv.public_url, err)) != 0)
        goto cleanup;
    if (cfg->threads < 1 || cfg->threads > 256) {
        rc = nb_err_set(err, NB_EINVAL, "--threads must be 1..256");
        goto cleanup;
    }
    if (cfg->group_commit < 1 || cfg->group_commit > 256) {
        rc = nb_err_set(err, NB_EINVAL, "group_commit must be 1..256");
        goto cleanup;
    }
    if (cfg->routes == NULL || cfg->nroutes == 0) {
        rc = nb_err_set(err, NB_EINVAL, "no route table to serve");
        goto cleanup;
    }
    if (nb_server_keep_memory() != 0)
        nb_log_warn("malloc kept its defaults: large answers fault their memory in again");
    /* A store per worker, and one per streamed answer being sent (at most as
     * many as workers; server_int.h) */
    srv.max_streams = cfg->threads;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    srv.pool.free = calloc((size_t)cfg->threads + (size_t)srv.max_streams, sizeof *srv.pool.free);
    if (srv.pool.free == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int i = 0; i < cfg->threads + srv.max_streams; i++) {
        if ((rc = nb_store_open(cfg->db_path, i == 0, &srv.pool.free[i], err)) != 0)
            goto cleanup;
        srv.pool.nfree++;
        srv.pool.size++;
    }
    if ((rc = nb_group_open(cfg->db_path, cfg->group_commit, &srv.group, err)) != 0)
        goto cleanup;
    /* With one worker a write run on it would stop the reading of requests
     * that could have joined its commit: then every write is handed over. */
    if ((rc = nb_group_start(srv.group, cfg->threads > 1)) != 0) {
        rc = nb_err_set(err, rc, "cannot start the group commit thread");
        goto cleanup;
    }
    /* Block the signals in every thread; the main thread waits for them. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN); // NOLINT(cert-err33-c): fails only for an invalid signal number
    if ((rc = nb_guard_start(&srv.guard, err)) != 0)
        goto cleanup;
    d = nb_server_daemon(&srv, &sa);
    if (d == NULL) {
        rc = nb_err_set(err, NB_EIO, "cannot listen on %s (address in use, or not allowed)",
                        cfg->listen);
        goto cleanup;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    srv.port = info ? info->port : ntohs(sa.sin_port);
    if (srv.public_url[0] == '\0')
        snprintf(srv.public_url, sizeof srv.public_url, "http://%s:%u", srv.host, srv.port);
    printf("noaber: listening on http://%s:%u\n", srv.host, srv.port);
    fflush(stdout); // NOLINT(cert-err33-c): the line is a courtesy; serving does not depend on it
    nb_log_info("serving %s with %d threads as %s", cfg->db_path, cfg->threads, srv.public_url);
    int sig = 0;
    sigwait(&sigs, &sig);
    nb_server_drain(&srv, d, &sigs, sig);
cleanup:
    /* The reaper stops first: after that nothing shuts sockets down while
     * MHD closes them. */
    nb_guard_stop(&srv.guard);
    /* Every queued write is run and its connection resumed before MHD stops
     * (MHD may not stop with a connection suspended); later writes run on
     * their worker. */
    if (srv.group != NULL)
        nb_group_stop(srv.group);
    if (d)
        MHD_stop_daemon(d);
    nb_guard_destroy(&srv.guard);
    if (srv.group != NULL) {
        long batches = 0, works = 0;
        nb_group_counts(srv.group, &batches, &works);
        long ckpts = 0, asked = 0;
        nb_group_checkpoints(srv.group, &ckpts, &asked);
        nb_log_info("group commit: %ld writes in %ld commits, at most %d in one; %ld WAL "
                    "checkpoints on their own thread",
                    works, batches, nb_group_largest(srv.group), ckpts);
        (void)asked;
    }
    nb_group_close(srv.group);
    for (int i = 0; i < srv.pool.nfree; i++)
        nb_store_close(srv.pool.free[i]);
    free(srv.pool.free);
    pthread_mutex_destroy(&srv.pool.lock);
    pthread_cond_destroy(&srv.pool.cond);
    if (srv.fixed.plain)
        MHD_destroy_response(srv.fixed.plain);
    if (srv.fixed.gz)
        MHD_destroy_response(srv.fixed.gz);
    nb_encoded_free(&srv.fixed.doc);
    pthread_mutex_destroy(&srv.fixed.lock);
    return rc;
}
