/*
 * http/admit.c — the first call of a request: everything decided before any
 * body byte is read. Limits on the request-target and the headers, the
 * per-client limit behind a proxy, the route or page (404/405), media types
 * (406/415), the caller (token or session cookie; 401) and access control
 * from the route and page tables (default deny; 403).
 */
#include "http/server_int.h"

#include "http/route.h"
#include "http/target.h"
#include "store/tokens.h"
#include "web/layout.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

int nb_is_page_path(const nb_server *srv, const char *url)
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
int nb_admit(nb_server *srv, struct MHD_Connection *conn, nb_conn *c, const char *url,
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
