/*
 * http/server.c — request life cycle: limits, routing, media types,
 * authentication, access control from the route table, body validation,
 * one transaction per request, and the headers every response carries.
 */
#include "http/server.h"

#include "http/route.h"
#include "store/tokens.h"
#include "util/log.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define NB_API_VERSION "1.0.0"

/* ---- Connection pool: one store per worker thread ------------------------ */

typedef struct nb_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    nb_store **free;
    int nfree;
    int size;
} nb_pool;

static nb_store *nb_pool_take(nb_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0)
        pthread_cond_wait(&p->cond, &p->lock);
    nb_store *st = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return st;
}

static void nb_pool_give(nb_pool *p, nb_store *st)
{
    pthread_mutex_lock(&p->lock);
    p->free[p->nfree++] = st;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

typedef struct nb_server {
    const nb_server_config *cfg;
    nb_pool pool;
    char host[128];
    unsigned port;
} nb_server;

typedef struct nb_conn_state {
    nb_buf body;
    int too_large;
} nb_conn_state;

void nb_server_defaults(nb_server_config *cfg)
{
    cfg->db_path = "noaber.db";
    cfg->listen = "127.0.0.1:8080";
    cfg->threads = 4;
    cfg->max_body = 1024 * 1024;
    cfg->timeout_seconds = 30;
    cfg->per_ip_limit = 64;
    cfg->connection_limit = 512;
    cfg->routes = NULL;
    cfg->nroutes = 0;
}

/* ---- Response writing ---------------------------------------------------- */

static int nb_send(struct MHD_Connection *conn, const nb_route *route, nb_resp *resp,
                   const char *allow, int cors)
{
    char *text = NULL;
    size_t len = 0;
    const char *ctype = "application/json";
    if (resp->json != NULL) {
        text = json_dumps(resp->json, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15));
        len = text ? strlen(text) : 0;
        if (resp->is_problem)
            ctype = "application/problem+json";
    } else if (resp->raw.len > 0 || resp->content_type != NULL) {
        len = resp->raw.len;
        text = nb_buf_steal(&resp->raw);
        ctype = resp->content_type ? resp->content_type : "application/octet-stream";
    }
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, text ? text : (char *)"", text ? MHD_RESPMEM_MUST_FREE
                                                                        : MHD_RESPMEM_PERSISTENT);
    if (r == NULL) {
        free(text);
        return MHD_NO;
    }
    if (len > 0 || resp->json)
        MHD_add_response_header(r, "Content-Type", ctype);
    MHD_add_response_header(r, "API-Version", NB_API_VERSION);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Content-Security-Policy", "frame-ancestors 'none'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    if (allow)
        MHD_add_response_header(r, "Allow", allow);
    if (cors) {
        MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
        MHD_add_response_header(r, "Access-Control-Expose-Headers", "API-Version");
    }
    if (resp->status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"noaber\"");
    if (resp->location[0])
        MHD_add_response_header(r, "Location", resp->location);
    for (int i = 0; i < 2; i++) {
        char *colon = strchr(resp->extra_header[i], ':');
        if (colon) {
            *colon = '\0';
            MHD_add_response_header(r, resp->extra_header[i], colon + 2);
        }
    }
    (void)route;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ok == MHD_YES ? MHD_YES : MHD_NO;
}

/* ---- Negotiation --------------------------------------------------------- */

static int nb_accepts(const char *accept, const char *produces)
{
    if (accept == NULL || *accept == '\0')
        return 1;
    const char *want = produces ? produces : "application/json";
    if (strstr(accept, want) || strstr(accept, "*/*"))
        return 1;
    if (!produces && (strstr(accept, "application/*") || strstr(accept, "application/problem+json") ||
                      strstr(accept, "application/hal+json")))
        return 1;
    if (produces && strncmp(produces, "text/", 5) == 0 && strstr(accept, "text/*"))
        return 1;
    return 0;
}

static int nb_is_json_type(const char *ctype)
{
    if (ctype == NULL)
        return 0;
    size_t n = strlen("application/json");
    return strncasecmp(ctype, "application/json", n) == 0 && (ctype[n] == '\0' || ctype[n] == ';' ||
                                                                ctype[n] == ' ');
}

/* Host header as base URL, accepting only host/port characters. */
static void nb_base_url(struct MHD_Connection *conn, const nb_server *srv, char *out, size_t n)
{
    const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    int ok = host != NULL && *host != '\0' && strlen(host) < 200;
    for (const char *p = host; ok && *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']'))
            ok = 0;
    if (ok)
        snprintf(out, n, "http://%s", host);
    else
        snprintf(out, n, "http://%s:%u", srv->host, srv->port);
}

static void nb_remote(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, n, "unknown");
    if (ci == NULL || ci->client_addr == NULL)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  out, (socklen_t)n);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr,
                  out, (socklen_t)n);
}

/* ---- Authentication ------------------------------------------------------ */

/* Fills who from the Authorization header; 0 = ok, else resp holds a 401. */
static int nb_authenticate(struct MHD_Connection *conn, nb_store *st, nb_principal *who,
                           nb_resp *resp)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (auth == NULL) {
        nb_resp_problem(resp, 401, "Niet geauthenticeerd",
                        "Dit verzoek vraagt een token: stuur de header 'Authorization: Bearer "
                        "<token>'. Een token maak je met 'noaber token'.");
        return -1;
    }
    if (strncasecmp(auth, "Bearer ", 7) != 0) {
        nb_resp_problem(resp, 401, "Niet geauthenticeerd",
                        "Alleen 'Authorization: Bearer <token>' wordt ondersteund.");
        return -1;
    }
    const char *plain = auth + 7;
    while (*plain == ' ')
        plain++;
    nb_token tok;
    nb_err err = {{0}};
    int rc = nb_token_lookup(st, plain, &tok, &err);
    if (rc == NB_ENOTFOUND) {
        nb_resp_problem(resp, 401, "Niet geauthenticeerd",
                        "Het token is onbekend of ingetrokken.");
        return -1;
    }
    if (rc != 0) {
        nb_resp_from_err(resp, rc, &err);
        return -1;
    }
    who->role = nb_role_parse(tok.role);
    who->token_id = tok.id;
    who->organisation_id = tok.organisation_id;
    who->person_id = tok.person_id;
    snprintf(who->label, sizeof who->label, "%s", tok.label[0] ? tok.label : "token");
    return 0;
}

/* ---- Dispatch ------------------------------------------------------------ */

static int nb_dispatch(nb_server *srv, struct MHD_Connection *conn, const char *url,
                       const char *method, nb_conn_state *cs)
{
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    nb_buf allow = NB_BUF_INIT;
    char *scratch = NULL;
    nb_store *st = NULL;
    json_t *body = NULL;
    const nb_route *route = NULL;
    int cors = strcmp(url, "/api/v1/openapi.json") == 0;
    int ret = MHD_NO;
    int in_tx = 0;
    nb_principal who;
    memset(&who, 0, sizeof who);
    who.role = NB_ROLE_PUBLIC;
    snprintf(who.label, sizeof who.label, "anoniem");

    if (cs->too_large) {
        nb_resp_problem(&resp, 413, "Verzoek te groot",
                        "De body is groter dan de toegestane %zu bytes.", srv->cfg->max_body);
        goto send;
    }
    scratch = malloc(strlen(url) + 1);
    if (scratch == NULL)
        goto send;
    const char *params[NB_MAX_PATH_PARAMS] = {0};
    int nparams = 0, known = 0;
    route = nb_route_find(srv->cfg->routes, srv->cfg->nroutes, method, url, scratch, params,
                          &nparams, &known, &allow);
    if (route == NULL) {
        if (known && strcmp(method, "OPTIONS") == 0) {
            resp.status = 204;
        } else if (known) {
            nb_resp_problem(&resp, 405, "Methode niet toegestaan",
                            "%s is niet toegestaan op %s; wel: %s.", method, url,
                            nb_buf_cstr(&allow));
        } else {
            nb_resp_problem(&resp, 404, "Niet gevonden", "Er is geen resource op het pad %s.", url);
        }
        goto send;
    }
    if (!nb_accepts(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept"), route->produces)) {
        nb_resp_problem(&resp, 406, "Niet acceptabel",
                        "Deze resource levert alleen %s; pas de Accept-header aan.",
                        route->produces ? route->produces : "application/json");
        goto send;
    }
    if (route->roles == 0) { /* default deny */
        nb_resp_problem(&resp, 403, "Geen toegang", "Deze route is voor niemand opengesteld.");
        goto send;
    }
    st = nb_pool_take(&srv->pool);
    if (!(route->roles & NB_ROLE_PUBLIC)) {
        if (nb_authenticate(conn, st, &who, &resp) != 0)
            goto send;
        if (!(route->roles & who.role)) {
            nb_resp_problem(&resp, 403, "Geen toegang",
                            "De rol '%s' mag %s %s niet gebruiken.", nb_role_name(who.role), method,
                            route->pattern);
            goto send;
        }
    }
    if (route->body != NULL) {
        const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (!nb_is_json_type(ctype)) {
            nb_resp_problem(&resp, 415, "Mediatype niet ondersteund",
                            "Stuur de body als application/json (nu: %s).", ctype ? ctype : "geen");
            goto send;
        }
        json_error_t jerr;
        body = json_loadb(cs->body.data ? cs->body.data : "", cs->body.len, JSON_REJECT_DUPLICATES,
                          &jerr);
        if (body == NULL) {
            nb_resp_problem(&resp, 400, "Ongeldige JSON",
                            "De body is geen geldige JSON (regel %d, kolom %d): %s.", jerr.line,
                            jerr.column, jerr.text);
            goto send;
        }
        if (nb_schema_validate(body, route->body, "", &resp) > 0)
            goto send;
    } else if (cs->body.len > 0) {
        nb_resp_problem(&resp, 400, "Onverwachte body", "%s %s neemt geen body aan.", method,
                        route->pattern);
        goto send;
    }
    char base[256], remote[64];
    nb_base_url(conn, srv, base, sizeof base);
    nb_remote(conn, remote, sizeof remote);
    nb_req req = {
        .method = method, .path = url, .remote = remote, .nparams = nparams, .conn = conn,
        .body = body, .who = &who, .st = st, .base_url = base,
        .routes = srv->cfg->routes, .nroutes = srv->cfg->nroutes,
        .actor = {who.label, nb_role_name(who.role), remote},
    };
    for (int i = 0; i < nparams; i++)
        req.params[i] = params[i];
    nb_err err = {{0}};
    int is_read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    int rc = is_read ? nb_store_begin_read(st, &err) : nb_store_begin(st, &err);
    if (rc != 0) {
        nb_resp_from_err(&resp, rc, &err);
        goto send;
    }
    in_tx = 1;
    resp.status = route->response_status ? route->response_status : 200;
    rc = route->handler(&req, &resp);
    if (rc != 0 && resp.status < 400) {
        nb_log_error("%s %s: handler failed: %s", method, url, nb_err_name(rc));
        nb_resp_from_err(&resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, NULL); /* 503 or 500 */
    }
    if (resp.status < 400) {
        in_tx = 0;
        if ((rc = nb_store_commit(st, &err)) != 0) {
            nb_log_error("%s %s: commit failed: %s", method, url, err.msg);
            nb_resp_from_err(&resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &err);
        }
    }
send:
    if (in_tx)
        nb_store_rollback(st);
    if (st)
        nb_pool_give(&srv->pool, st);
    if (resp.status == 0)
        nb_resp_problem(&resp, 500, "Interne fout", "Onvoldoende geheugen.");
    nb_log_debug("%s %s %d", method, url, resp.status);
    ret = nb_send(conn, route, &resp, (resp.status == 405 || resp.status == 204) ? nb_buf_cstr(&allow) : NULL,
                  cors);
    json_decref(resp.json);
    nb_buf_free(&resp.raw);
    json_decref(body);
    nb_buf_free(&allow);
    free(scratch);
    return ret;
}

static enum MHD_Result nb_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **con_cls)
{
    nb_server *srv = cls;
    (void)version;
    nb_conn_state *cs = *con_cls;
    if (cs == NULL) {
        cs = calloc(1, sizeof *cs);
        if (cs == NULL)
            return MHD_NO;
        *con_cls = cs;
        const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (clen && strtoull(clen, NULL, 10) > srv->cfg->max_body)
            cs->too_large = 1;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!cs->too_large && cs->body.len + *upload_data_size <= srv->cfg->max_body)
            nb_buf_append(&cs->body, upload_data, *upload_data_size);
        else
            cs->too_large = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (cs->body.oom)
        cs->too_large = 1;
    return nb_dispatch(srv, conn, url, method, cs) == MHD_YES ? MHD_YES : MHD_NO;
}

static void nb_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                            enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    nb_conn_state *cs = *con_cls;
    if (cs) {
        nb_buf_free(&cs->body);
        free(cs);
        *con_cls = NULL;
    }
}

static void nb_mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && msg[n - 1] == '\n')
        msg[--n] = '\0';
    nb_log_debug("microhttpd: %s", msg);
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
        return nb_err_set(err, NB_EINVAL, "--listen '%s': '%s' is not an IPv4 address", listen, host);
    return 0;
}

int nb_server_run(const nb_server_config *cfg, nb_err *err)
{
    int rc = 0;
    nb_server srv;
    struct MHD_Daemon *d = NULL;
    struct sockaddr_in sa;
    memset(&srv, 0, sizeof srv);
    srv.cfg = cfg;
    pthread_mutex_init(&srv.pool.lock, NULL);
    pthread_cond_init(&srv.pool.cond, NULL);
    if ((rc = nb_parse_listen(cfg->listen, &sa, srv.host, sizeof srv.host, err)) != 0)
        goto cleanup;
    if (cfg->threads < 1 || cfg->threads > 256) {
        rc = nb_err_set(err, NB_EINVAL, "--threads must be 1..256");
        goto cleanup;
    }
    if (cfg->routes == NULL || cfg->nroutes == 0) {
        rc = nb_err_set(err, NB_EINVAL, "no route table to serve");
        goto cleanup;
    }
    srv.pool.free = calloc((size_t)cfg->threads, sizeof *srv.pool.free);
    if (srv.pool.free == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int i = 0; i < cfg->threads; i++) {
        if ((rc = nb_store_open(cfg->db_path, i == 0, &srv.pool.free[i], err)) != 0)
            goto cleanup;
        srv.pool.nfree++;
        srv.pool.size++;
    }
    /* Block the signals in every thread; the main thread waits for them. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
                         0, NULL, NULL, nb_on_request, &srv,
                         MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
                         MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
                         MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
                         MHD_OPTION_NOTIFY_COMPLETED, nb_on_completed, &srv,
                         MHD_OPTION_EXTERNAL_LOGGER, nb_mhd_log, &srv,
                         MHD_OPTION_END);
    if (d == NULL) {
        rc = nb_err_set(err, NB_EIO, "cannot listen on %s (address in use, or not allowed)",
                        cfg->listen);
        goto cleanup;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    srv.port = info ? info->port : ntohs(sa.sin_port);
    printf("noaber: listening on http://%s:%u\n", srv.host, srv.port);
    fflush(stdout);
    nb_log_info("serving %s with %d threads", cfg->db_path, cfg->threads);
    int sig = 0;
    sigwait(&sigs, &sig);
    nb_log_info("signal %d: shutting down", sig);
cleanup:
    if (d)
        MHD_stop_daemon(d);
    for (int i = 0; i < srv.pool.nfree; i++)
        nb_store_close(srv.pool.free[i]);
    free(srv.pool.free);
    pthread_mutex_destroy(&srv.pool.lock);
    pthread_cond_destroy(&srv.pool.cond);
    return rc;
}
