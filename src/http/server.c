/*
 * http/server.c — request life cycle: limits, routing, media types,
 * authentication, access control from the route table, body validation,
 * one transaction per request, and the headers every response carries.
 * Everything that needs no body is decided on libmicrohttpd's first call,
 * before the body is read; connections, deadlines and per-address limits
 * are http/guard.c's. Paths outside /api/ are pages (web/web.h): the same
 * life cycle with the page table instead of the route table, a session
 * cookie instead of a token, form bodies instead of JSON, HTML answers.
 * Conditional requests are http/conditional.c's, gzip http/encode.c's;
 * writing an answer (headers, gzip) and the contract made once
 * (openapi.json served from memory, nb_fixed) are http/send.c's.
 */
#include "http/server.h"

#include "http/conditional.h"
#include "http/encode.h"
#include "http/guard.h"
#include "http/route.h"
#include "http/send.h"
#include "http/target.h"
#include "store/group.h"
#include "store/tokens.h"
#include "util/log.h"
#include "web/layout.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NB_MAX_URI 8192           /* request-target; longer gets 414 */
#define NB_MAX_HEADER_BYTES 16384 /* all header lines together; more gets 431 */
#define NB_MAX_MHD_MEMORY 65536   /* per connection; beyond it MHD answers itself */
#define NB_PUBLIC_URL_MAX 256
#define NB_OPENAPI_PATH "/api/v1/openapi.json"

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
    nb_fixed fixed;
    nb_pool pool;
    nb_group *group; /* every write goes through it (store/group.h) */
    nb_guard guard;
    char host[128];
    unsigned port;
    char public_url[NB_PUBLIC_URL_MAX]; /* base of Location and _links, no trailing '/' */
    nb_auth_config auth;                /* cfg->auth or the defaults */
    atomic_int in_flight;               /* requests admitted and not yet completed */
} nb_server;

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
    cfg->trusted_proxies = NULL;
    cfg->public_url = NULL;
    cfg->auth = NULL;
    cfg->drain_seconds = 30;
}

/* ---- Negotiation --------------------------------------------------------- */

static int nb_accepts(const char *accept, const char *produces, const char *const *alternates)
{
    if (accept == NULL || *accept == '\0')
        return 1;
    for (size_t i = 0; alternates && alternates[i]; i++)
        if (strstr(accept, alternates[i]))
            return 1;
    const char *want = produces ? produces : "application/json";
    if (strstr(accept, want) || strstr(accept, "*/*"))
        return 1;
    if (!produces &&
        (strstr(accept, "application/*") || strstr(accept, "application/problem+json") ||
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
    return strncasecmp(ctype, "application/json", n) == 0 &&
           (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

static int nb_is_form_type(const char *ctype)
{
    if (ctype == NULL)
        return 0;
    size_t n = strlen("application/x-www-form-urlencoded");
    return strncasecmp(ctype, "application/x-www-form-urlencoded", n) == 0 &&
           (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* True when url is answered from the page table (HTML) rather than the API. */
/* Pages are every path but the API's and the health probes' (/health/...). */
static int nb_is_page_path(const nb_server *srv, const char *url)
{
    return srv->cfg->pages != NULL && !nb_web_is_api_path(url) && strncmp(url, "/health/", 8) != 0;
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
        nb_resp_problem(resp, 401, "Niet geauthenticeerd", "Het token is onbekend of ingetrokken.");
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

/*
 * nb_admit for a page path (after the checks every request gets): the
 * caller from the session cookie, the page (404/405), its roles (default
 * deny; anonymous callers of a page for logged-in roles go to /inloggen),
 * and a form body's media type and size. Same return values as nb_admit.
 */
static int nb_admit_page(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                         const char *method, unsigned long long length, nb_resp *resp,
                         nb_buf *allow)
{
    c->is_page = 1;
    /* Who is asking: the session hook (web/dispatch.c), the page-side twin of
     * nb_authenticate. */
    const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, NB_WEB_SESSION_COOKIE);
    nb_err err = {{0}};
    nb_store *st = cookie ? nb_pool_take(&srv->pool) : NULL;
    int rc = nb_web_session_resolve(st, &srv->auth, cookie, (int64_t)time(NULL), &c->who, &c->sess,
                                    &err);
    if (st)
        nb_pool_give(&srv->pool, st);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 1;
    int known = 0;
    c->page = nb_web_page_find(srv->cfg->pages, srv->cfg->npages, method, url, c->scratch,
                               c->params, &c->nparams, &known, allow);
    if (c->page == NULL) {
        if (known && strcmp(method, "OPTIONS") == 0)
            resp->status = 204;
        else if (known)
            nb_resp_problem(resp, 405, "Methode niet toegestaan",
                            "%s is niet toegestaan op deze pagina; wel: %s.", method,
                            nb_buf_cstr(allow));
        else
            nb_resp_problem(resp, 404, "Niet gevonden", "Er is geen pagina op dit adres.");
        return 1;
    }
    const nb_web_page *page = c->page;
    if (page->roles == 0) /* default deny (nb_web_page_find never returns one) */
        return nb_resp_problem(resp, 403, "Geen toegang", "Deze pagina is voor niemand."), 1;
    if (!(page->roles & c->who.role)) {
        if (c->who.role == NB_ROLE_PUBLIC) /* log in first; say why when a session ended */
            return nb_web_redirect(resp, "/inloggen",
                                   c->sess.ended ? NB_WEB_FLASH_SESSION_ENDED : NB_WEB_FLASH_NONE),
                   1;
        return nb_resp_problem(resp, 403, "Geen toegang", "De rol '%s' mag deze pagina niet zien.",
                               nb_role_name(c->who.role)),
               1;
    }
    if (strcmp(page->method, "POST") == 0) {
        /* Cross-site forms are refused before anything else (the CSRF token
         * in nb_web_run guards sessions; this also guards the login form). */
        const char *origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
        const char *host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
        if (!nb_web_origin_ok(origin, host, srv->public_url))
            return nb_resp_problem(resp, 403, "Verzoek van een andere site",
                                   "Dit formulier is niet vanaf noaber verstuurd en wordt daarom "
                                   "niet verwerkt."),
                   1;
        const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (!nb_is_form_type(ctype))
            return nb_resp_problem(resp, 415, "Mediatype niet ondersteund",
                                   "Een formulier komt als application/x-www-form-urlencoded."),
                   1;
        if (length > NB_WEB_FORM_MAX)
            return nb_resp_problem(resp, 413, "Formulier te groot",
                                   "Een formulier is hoogstens %d bytes.", NB_WEB_FORM_MAX),
                   1;
    } else if (length > 0) {
        return nb_resp_problem(resp, 400, "Onverwachte body", "%s neemt geen body aan.", method), 1;
    }
    return 0;
}

/* ---- The first call: everything decided before any body byte is read ---- */

typedef struct nb_head_scan {
    size_t bytes; /* names + values + ": " + CRLF */
    int hosts;    /* Host header lines */
} nb_head_scan;

static enum MHD_Result nb_scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    nb_head_scan *h = cls;
    (void)kind;
    h->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    if (strcasecmp(key, "Host") == 0)
        h->hosts++;
    return MHD_YES;
}

/* Collects the query parameters a route does not document (nb_route.query). */
typedef struct nb_query_scan {
    const nb_route *route;
    nb_resp *resp;
    int unknown;
} nb_query_scan;

static enum MHD_Result nb_scan_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    nb_query_scan *q = cls;
    (void)kind;
    (void)value;
    for (const nb_query_doc *d = q->route->query; d && d->name; d++)
        if (strcmp(d->name, key) == 0)
            return MHD_YES;
    if (q->unknown++ == 0)
        nb_resp_problem(q->resp, 400, "Ongeldige invoer",
                        "Een of meer parameters zijn ongeldig; zie invalidParams.");
    if (q->route->query == NULL || q->route->query[0].name == NULL) {
        nb_resp_invalid(q->resp, key,
                        "is geen parameter van %s %s: deze neemt geen "
                        "queryparameters aan",
                        q->route->method, q->route->pattern);
        return MHD_YES;
    }
    nb_buf allowed = NB_BUF_INIT;
    for (const nb_query_doc *d = q->route->query; d->name; d++)
        nb_buf_printf(&allowed, "%s%s", d == q->route->query ? "" : ", ", d->name);
    nb_resp_invalid(q->resp, key, "is geen parameter van %s %s; toegestaan: %s", q->route->method,
                    q->route->pattern, nb_buf_cstr(&allowed));
    nb_buf_free(&allowed);
    return MHD_YES;
}

/*
 * Runs on the first handler call, when the headers are complete and no byte
 * of the body has been read: request-target and header checks, the
 * per-client limit behind a proxy, 413 from Content-Length, the route
 * (404/405), Accept (406), token (401), roles (403), query parameters the
 * route does not document (400) and Content-Type (415).
 * Returns 0 when the request may go on (c holds route, params and caller),
 * 1 when resp holds the answer to send now (MHD then closes the connection
 * without reading the body), -1 when out of memory.
 */
static int nb_admit(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                    const char *method, const char *version, nb_resp *resp, nb_buf *allow)
{
    const char *why = NULL;
    if (c->uri_too_long)
        return nb_resp_problem(resp, 414, "URI te lang",
                               "Het pad met de query is langer dan %d tekens.", NB_MAX_URI),
               1;
    if (c->uri == NULL)
        return -1;
    if (nb_target_check(c->uri, strlen(c->uri), &why) != 0)
        return nb_resp_problem(resp, 400, "Ongeldig pad", "Het pad of de query is ongeldig: %s.",
                               why),
               1;
    nb_head_scan h = {0, 0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, nb_scan_header, &h);
    if (h.bytes > NB_MAX_HEADER_BYTES)
        return nb_resp_problem(resp, 431, "Headers te groot",
                               "De headers zijn samen groter dan %d bytes.", NB_MAX_HEADER_BYTES),
               1;
    if (strcmp(version, "HTTP/1.1") == 0 && h.hosts != 1)
        return nb_resp_problem(resp, 400, "Host ontbreekt",
                               "Een HTTP/1.1-verzoek heeft precies één Host-header (nu: %d).",
                               h.hosts),
               1;
    if (nb_guard_client(&srv->guard, c, conn) != 0) {
        snprintf(resp->extra_header[0], sizeof resp->extra_header[0], "Retry-After: 1");
        return nb_resp_problem(resp, 429, "Te veel verzoeken",
                               "Er lopen al %u verzoeken van dit adres; probeer het zo opnieuw.",
                               srv->cfg->per_ip_limit),
               1;
    }
    const char *clen = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    unsigned long long length = clen ? strtoull(clen, NULL, 10) : 0;
    if (length > srv->cfg->max_body)
        return nb_resp_problem(resp, 413, "Verzoek te groot",
                               "De body is groter dan de toegestane %zu bytes.",
                               srv->cfg->max_body),
               1;
    c->scratch = malloc(strlen(url) + 1);
    if (c->scratch == NULL)
        return -1;
    if (nb_is_page_path(srv, url))
        return nb_admit_page(srv, conn, c, url, method, length, resp, allow);
    int known = 0;
    c->route = nb_route_find(srv->cfg->routes, srv->cfg->nroutes, method, url, c->scratch,
                             c->params, &c->nparams, &known, allow);
    if (c->route == NULL) {
        if (known && strcmp(method, "OPTIONS") == 0)
            resp->status = 204;
        else if (known)
            nb_resp_problem(resp, 405, "Methode niet toegestaan",
                            "%s is niet toegestaan op %s; wel: %s.", method, url,
                            nb_buf_cstr(allow));
        else
            nb_resp_problem(resp, 404, "Niet gevonden", "Er is geen resource op het pad %s.", url);
        return 1;
    }
    const nb_route *route = c->route;
    if (!nb_accepts(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept"), route->produces,
                    route->alternates))
        return nb_resp_problem(resp, 406, "Niet acceptabel",
                               "Deze resource levert alleen %s; pas de Accept-header aan.",
                               route->produces ? route->produces : "application/json"),
               1;
    if (route->roles == 0) /* default deny */
        return nb_resp_problem(resp, 403, "Geen toegang",
                               "Deze route is voor niemand opengesteld."),
               1;
    c->who.role = NB_ROLE_PUBLIC;
    snprintf(c->who.label, sizeof c->who.label, "anoniem");
    if (!(route->roles & NB_ROLE_PUBLIC)) {
        nb_store *st = nb_pool_take(&srv->pool);
        int rc = nb_authenticate(conn, st, &c->who, resp);
        nb_pool_give(&srv->pool, st);
        if (rc != 0)
            return 1;
        if (!(route->roles & c->who.role))
            return nb_resp_problem(resp, 403, "Geen toegang",
                                   "De rol '%s' mag %s %s niet gebruiken.",
                                   nb_role_name(c->who.role), method, route->pattern),
                   1;
    }
    /* A query parameter the route does not document is refused, never ignored
     * (nor echoed into paging links): a typo in a filter would silently list
     * everything. */
    nb_query_scan qs = {route, resp, 0};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, nb_scan_query, &qs);
    if (qs.unknown > 0)
        return 1;
    if (route->body != NULL) {
        const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (!nb_is_json_type(ctype))
            return nb_resp_problem(resp, 415, "Mediatype niet ondersteund",
                                   "Stuur de body als application/json (nu: %s).",
                                   ctype ? ctype : "geen"),
                   1;
    } else if (length > 0) {
        return nb_resp_problem(resp, 400, "Onverwachte body", "%s %s neemt geen body aan.", method,
                               route->pattern),
               1;
    }
    return 0;
}

/* ---- Dispatch: the body is complete -------------------------------------- */

/* One request's work: what runs inside its transaction (a read) or its
 * savepoint in a group commit (a write, store/group.h). */
typedef struct nb_work {
    nb_server *srv;
    struct MHD_Connection *conn;
    nb_conn *c;
    const char *url;
    nb_req *req;
    nb_resp *resp;
} nb_work;

/* Runs the page or the route (If-Match first) on st into w->resp, starting
 * from an empty response (a group may run a work again). Returns 1 when its
 * changes are to be kept: a status below 400, or a page that asks for it. */
static int nb_work_run(nb_store *st, void *ctx)
{
    nb_work *w = ctx;
    nb_resp *resp = w->resp;
    const nb_route *route = w->c->route;
    int rc;
    json_decref(resp->json);
    nb_buf_free(&resp->raw);
    nb_resp_rows_drop(resp);
    memset(resp, 0, sizeof *resp);
    w->req->st = st;
    if (w->c->page != NULL) {
        resp->status = 200;
        rc = nb_web_run(w->c->page, w->srv->cfg->pages, w->srv->cfg->npages, &w->c->sess,
                        &w->srv->auth, w->req, w->c->body.data, w->c->body.len, resp);
    } else if (route != NULL) {
        resp->status = route->response_status ? route->response_status : 200;
        rc = nb_cond_if_match(w->srv->cfg->routes, w->srv->cfg->nroutes, w->conn, w->req, w->url,
                              resp);
        if (rc == 0)
            rc = route->handler(w->req, resp);
        else if (rc > 0)
            rc = 0; /* resp holds the 412 */
    } else {        /* nb_admit sets a page or a route; never neither */
        rc = NB_EINVAL;
    }
    if (rc != 0 && resp->status < 400) {
        nb_log_error("%s %s: handler failed: %s", w->req->method, w->url, nb_err_name(rc));
        nb_resp_from_err(resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, NULL); /* 503 or 500 */
    }
    return resp->status < 400 || (resp->keep_tx && w->c->page != NULL && rc == 0);
}

/*
 * One request's state from the body to the answer. A read keeps it on the
 * stack. A write's is allocated: the write is handed to the group commit
 * (nb_group_submit), and when it is queued there the worker suspends the
 * connection (MHD_suspend_connection, under the group's lock, before the
 * work can be run) and goes on serving other connections; the group's
 * committer resumes it once the batch is durably committed, and MHD then
 * calls nb_on_request again, which answers from c->pending. So a batch is not
 * bounded by the number of worker threads.
 */
typedef struct nb_pending {
    nb_resp resp;
    nb_req req;
    json_t *body;
    nb_work work;
    nb_group_work gw;
} nb_pending;

static void nb_pending_queued(void *ctx)
{
    nb_work *w = ctx;
    MHD_suspend_connection(w->conn);
}

static void nb_pending_done(void *ctx)
{
    nb_work *w = ctx;
    MHD_resume_connection(w->conn);
}

/* Frees what p holds (not p). */
static void nb_pending_clear(nb_pending *p)
{
    json_decref(p->resp.json);
    nb_buf_free(&p->resp.raw);
    nb_resp_rows_drop(&p->resp);
    json_decref(p->body);
}

/* A write's outcome: a begin or commit that failed turns into 500/503. */
static void nb_write_result(nb_pending *p, const char *method, const char *url)
{
    int rc = p->gw.rc;
    if (rc != 0) {
        nb_log_error("%s %s: not written: %s", method, url, p->gw.err.msg);
        nb_resp_from_err(&p->resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &p->gw.err);
    }
}

static int nb_dispatch(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                       const char *method)
{
    nb_pending local;
    nb_pending *p = c->pending;
    nb_store *st = NULL;
    const nb_route *route = c->route;
    int in_tx = 0;
    int is_read = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    nb_err err = {{0}};
    int rc;

    if (p != NULL) { /* resumed: the write's batch is done (durable, or failed) */
        c->pending = NULL;
        nb_write_result(p, method, url);
        goto finish;
    }
    if (route != NULL && is_read && strcmp(route->pattern, NB_OPENAPI_PATH) == 0) {
        nb_req fixed_req = {.method = method,
                            .path = url,
                            .remote = c->client,
                            .conn = conn,
                            .who = &c->who,
                            .base_url = srv->public_url,
                            .routes = srv->cfg->routes,
                            .nroutes = srv->cfg->nroutes};
        if (nb_fixed_ready(&srv->fixed, route, &fixed_req) == 0) {
            nb_log_debug("%s %s 200 (fixed)", method, url);
            return nb_send_fixed(&srv->fixed, conn);
        }
    }
    memset(&local, 0, sizeof local);
    p = is_read ? &local : calloc(1, sizeof *p);
    if (p == NULL) {
        p = &local;
        nb_resp_problem(&p->resp, 500, "Interne fout", "Onvoldoende geheugen.");
        goto send;
    }
    if (route != NULL && route->body != NULL) {
        json_error_t jerr;
        p->body = json_loadb(c->body.data ? c->body.data : "", c->body.len, JSON_REJECT_DUPLICATES,
                             &jerr);
        if (p->body == NULL) {
            nb_resp_problem(&p->resp, 400, "Ongeldige JSON",
                            "De body is geen geldige JSON (regel %d, kolom %d): %s.", jerr.line,
                            jerr.column, jerr.text);
            goto send;
        }
        if (nb_schema_validate(p->body, route->body, "", &p->resp) > 0)
            goto send;
    }
    p->req = (nb_req){
        .method = method,
        .path = url,
        .remote = c->client,
        .nparams = c->nparams,
        .conn = conn,
        .body = p->body,
        .who = &c->who,
        .st = NULL, /* set by nb_work_run */
        .base_url = srv->public_url,
        .routes = srv->cfg->routes,
        .nroutes = srv->cfg->nroutes,
        .actor = {c->who.label, nb_role_name(c->who.role), c->client},
    };
    for (int i = 0; i < c->nparams; i++)
        p->req.params[i] = c->params[i];
    p->work = (nb_work){srv, conn, c, url, &p->req, &p->resp};
    if (!is_read) {
        /* A write: its own savepoint in a batch that commits once; answered
         * only when that commit is durable (docs/DEVELOPING.md). */
        p->gw = (nb_group_work){.run = nb_work_run,
                                .ctx = &p->work,
                                .queued = nb_pending_queued,
                                .done = nb_pending_done};
        c->pending = p;
        if (nb_group_submit(srv->group, &p->gw) == 1) {
            /* url lives until the resumed call, on this thread, has answered */
            nb_log_debug("%s %s: queued for the group commit", method, url);
            return MHD_YES; /* suspended; answered when the commit resumes it */
        }
        c->pending = NULL; /* run at once on this thread */
        nb_write_result(p, method, url);
    } else {
        st = nb_pool_take(&srv->pool);
        if ((rc = nb_store_begin_read(st, &err)) != 0) {
            nb_resp_from_err(&p->resp, rc, &err);
            goto send;
        }
        in_tx = 1;
        if (nb_work_run(st, &p->work)) {
            in_tx = 0;
            if ((rc = nb_store_commit(st, &err)) != 0) {
                nb_log_error("%s %s: commit failed: %s", method, url, err.msg);
                nb_resp_from_err(&p->resp, rc == NB_EBUSY ? NB_EBUSY : NB_EDB, &err);
            }
        }
    }
finish:
    /* The ETag of a versioned resource, and If-None-Match on a read: 304. */
    nb_cond_finish(route, conn, is_read, &p->resp);
send:
    if (in_tx)
        nb_store_rollback(st);
    if (st)
        nb_pool_give(&srv->pool, st);
    if (p->resp.status == 0)
        nb_resp_problem(&p->resp, 500, "Interne fout", "Onvoldoende geheugen.");
    if (c->is_page && p->resp.is_problem)
        nb_web_problem_page(&p->resp, &c->who, &c->sess, srv->cfg->pages, srv->cfg->npages);
    else
        nb_resp_problem_finish(&p->resp, url);
    nb_log_debug("%s %s %d", method, url, p->resp.status);
    int ret = nb_send(conn, &p->resp, NULL, strcmp(url, NB_OPENAPI_PATH) == 0, c->is_page);
    nb_pending_clear(p);
    if (p != &local)
        free(p);
    return ret;
}

/* Answers on the first call (see nb_admit); MHD closes the connection after it. */
static int nb_answer_early(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
                           const char *method, const char *version)
{
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    nb_buf allow = NB_BUF_INIT;
    int rc = nb_admit(srv, conn, c, url, method, version, &resp, &allow);
    if (rc == 0) {
        nb_buf_free(&allow);
        return 0;
    }
    nb_guard_phase(&srv->guard, c, NB_PHASE_BUSY);
    if (rc < 0 || resp.status == 0)
        nb_resp_problem(&resp, 500, "Interne fout", "Onvoldoende geheugen.");
    /* Only a checked path may be echoed (log lines are escaped anyway). */
    nb_log_debug("%s %s %d", method, c->uri && resp.status != 400 ? url : "(ongeldig pad)",
                 resp.status);
    int page = nb_is_page_path(srv, url);
    nb_principal anon = {.role = NB_ROLE_PUBLIC}; /* refused before the session was read */
    if (page && resp.is_problem) {
        nb_web_problem_page(&resp, c->is_page ? &c->who : &anon, c->is_page ? &c->sess : NULL,
                            srv->cfg->pages, srv->cfg->npages);
    } else {
        /* instance: the path, once it is known to be a valid one (not for 414/400 on it) */
        const char *why = NULL;
        int valid = c->uri && nb_target_check(c->uri, strlen(c->uri), &why) == 0;
        nb_resp_problem_finish(&resp, valid ? url : NULL);
    }
    int ret = nb_send(conn, &resp,
                      (resp.status == 405 || resp.status == 204) ? nb_buf_cstr(&allow) : NULL,
                      strcmp(url, NB_OPENAPI_PATH) == 0, page);
    json_decref(resp.json);
    nb_buf_free(&resp.raw);
    nb_resp_rows_drop(&resp);
    nb_buf_free(&allow);
    return ret == MHD_YES ? 1 : -1;
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

/* ---- libmicrohttpd callbacks --------------------------------------------- */

static enum MHD_Result nb_on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                     const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **con_cls)
{
    nb_server *srv = cls;
    nb_conn *c = *con_cls;
    if (c == NULL) /* nb_on_uri could not attach the connection's record */
        return MHD_NO;
    if (!c->admitted) {
        c->admitted = 1;
        atomic_fetch_add(&srv->in_flight, 1);
        int rc = nb_answer_early(srv, conn, c, url, method, version);
        if (rc != 0)
            return rc > 0 ? MHD_YES : MHD_NO;
        nb_guard_phase(&srv->guard, c, NB_PHASE_BODY);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* Only a chunked body can get here too large (a Content-Length was
         * checked on the first call); no answer can be queued mid-body. */
        size_t limit = c->page ? (strcmp(c->page->method, "POST") == 0 ? NB_WEB_FORM_MAX : 0)
                       : c->route->body ? srv->cfg->max_body
                                        : 0;
        if (c->body.len + *upload_data_size > limit) {
            nb_log_info("%s %s from %s: body over %zu bytes, connection closed", method, url,
                        c->client, limit);
            return MHD_NO;
        }
        nb_buf_append(&c->body, upload_data, *upload_data_size);
        if (c->body.oom)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    nb_guard_phase(&srv->guard, c, NB_PHASE_BUSY);
    return nb_dispatch(srv, conn, c, url, method) == MHD_YES ? MHD_YES : MHD_NO;
}

/* The request line has arrived (headers not yet): keep the raw target. */
static void *nb_on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    nb_server *srv = cls;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    nb_conn *c = ci ? ci->socket_context : NULL;
    if (c == NULL)
        return NULL;
    nb_guard_line_seen(&srv->guard, c);
    size_t len = strnlen(uri, NB_MAX_URI + 1);
    if (len > NB_MAX_URI)
        c->uri_too_long = 1;
    else
        c->uri = strndup(uri, len);
    return c;
}

static void nb_on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                            enum MHD_RequestTerminationCode toe)
{
    nb_server *srv = cls;
    (void)conn;
    (void)toe;
    nb_conn *c = *con_cls;
    if (c && c->pending) { /* resumed, but closed before it was answered (MHD stopping) */
        nb_pending_clear(c->pending);
        free(c->pending);
        c->pending = NULL;
    }
    if (c && c->admitted)
        atomic_fetch_sub(&srv->in_flight, 1);
    if (c)
        nb_guard_request_done(&srv->guard, c);
    *con_cls = NULL;
}

static void nb_on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                             enum MHD_ConnectionNotificationCode toe)
{
    nb_server *srv = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        *socket_context = nb_guard_opened(&srv->guard, conn);
    else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        nb_guard_closed(&srv->guard, *socket_context);
        *socket_context = NULL;
    }
}

static enum MHD_Result nb_on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    nb_server *srv = cls;
    (void)addrlen;
    return nb_guard_accept_ok(&srv->guard, addr) ? MHD_YES : MHD_NO;
}

__attribute__((format(printf, 2, 0))) static void nb_mhd_log(void *cls, const char *fmt, va_list ap)
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
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
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
    /* The per-address limit is the guard's (nb_on_accept, nb_guard_opened):
     * MHD's own would also count a trusted proxy as one client. */
    d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC |
            MHD_ALLOW_SUSPEND_RESUME,
        0, nb_on_accept, &srv, nb_on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, nb_mhd_log, &srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)NB_MAX_MHD_MEMORY, MHD_OPTION_NOTIFY_CONNECTION, nb_on_connection, &srv,
        MHD_OPTION_URI_LOG_CALLBACK, nb_on_uri, &srv, MHD_OPTION_NOTIFY_COMPLETED, nb_on_completed,
        &srv, MHD_OPTION_END);
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
        nb_log_info("group commit: %ld writes in %ld commits, at most %d in one", works, batches,
                    nb_group_largest(srv.group));
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
