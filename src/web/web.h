/*
 * web/web.h — the page table and what the server asks of it.
 *
 * Pages are a table like the API's route table (http/route.h): method, path
 * pattern, handler, roles, Dutch title. src/http/admit.c sends every path
 * outside /api/ here, with the same limits, transaction per request and
 * security headers as the API; default deny: a page whose roles are 0 is
 * never served (nb_web_page_find refuses it, and tests/web/test_pages.c
 * checks that every row of nb_web_pages names its roles). The table lives
 * in web/pages.c; the server gets it from cmd_serve.c through
 * nb_server_config, as it gets the route table.
 *
 * A handler writes a whole HTML page (layout.h) or a redirect into resp and
 * returns 0, as API handlers do; a status >= 400 rolls the transaction back.
 * Handlers call store/ and core/ directly, never the JSON API.
 */
#ifndef NB_WEB_WEB_H
#define NB_WEB_WEB_H

#include "util/attr.h"
#include "http/http.h"
#include "store/sessions.h"

#include <stddef.h>

#define NB_WEB_FORM_MAX 16384 /* bytes of a form body; more gets 413 */
#define NB_WEB_FORM_FIELDS 80 /* fields in one form; more gets 400 */
#define NB_WEB_SESSION_COOKIE "__Host-noaber-sessie"
#define NB_WEB_FLASH_COOKIE "noaber-melding"

/* A parsed application/x-www-form-urlencoded body (web/form.c). */
typedef struct nb_web_field {
    char *name;  /* decoded, NUL-terminated, valid UTF-8 without controls */
    char *value; /* decoded; tab/CR/LF allowed, other controls refused */
} nb_web_field;

typedef struct nb_web_form {
    nb_web_field fields[NB_WEB_FORM_FIELDS];
    int count;
    char *storage; /* owned; the names and values point into it */
} nb_web_form;

struct nb_web_page;

/* The session a page request came with (web/dispatch.c fills it). */
typedef struct nb_web_sess {
    char cookie[NB_SESSION_TOKEN_LEN + 1]; /* the live session's cookie value; "" = none */
    char csrf[NB_SESSION_TOKEN_LEN + 1];   /* its CSRF token (any stage); "" = none */
    int stage;                             /* nb_session_stage; -1 = no live session */
    int64_t user_id;                       /* 0 = none */
    int ended; /* a session cookie came, but its session has ended (timeout, logout) */
} nb_web_sess;

/* What a page handler sees: the request as the API sees it, plus its page,
 * the table it came from (for navigation) and the parsed form (POST). */
typedef struct nb_web_req {
    nb_req *req;
    const struct nb_web_page *page;
    const struct nb_web_page *pages;
    size_t npages;
    const nb_web_form *form;    /* NULL for GET/HEAD */
    const char *flash;          /* message carried by a redirect, or NULL (static) */
    const nb_web_sess *sess;    /* the request's session (never NULL) */
    const nb_auth_config *auth; /* timeouts and throttling (never NULL) */
} nb_web_req;

typedef int (*nb_web_handler)(nb_web_req *w, nb_resp *resp);

typedef struct nb_web_page {
    const char *method;  /* GET or POST */
    const char *pattern; /* "/netwerk", "/static/{naam}" */
    nb_web_handler handler;
    int roles;         /* NB_ROLE_* bits; 0 = nobody (default deny) */
    const char *title; /* Dutch; <title> and <h1> */
    int nav;           /* place in the navigation of the roles above: 0 = not in it; lower first */
} nb_web_page;

/* The table of web/pages.c. */
extern const nb_web_page nb_web_pages[];
extern const size_t nb_web_pages_count;

/* True when path belongs to the JSON API ("/api" or "/api/..."); every other
 * path is a page path. */
NB_MUST_USE int nb_web_is_api_path(const char *path);

/*
 * Finds the page for method and path in table[0..count). HEAD finds a GET
 * page. A page with roles 0 is never returned (default deny). params receive
 * pointers into scratch (path length + 1 bytes). Returns NULL when nothing
 * matches; then *path_known says whether the path exists with other methods
 * and allow (if non-NULL) gets their list ("GET, POST").
 */
const nb_web_page *nb_web_page_find(const nb_web_page *table, size_t count, const char *method,
                                    const char *path, char *scratch, const char **params,
                                    int *nparams, int *path_known, nb_buf *allow);

/*
 * Whether role may open the page at href (a path of ours, a query allowed):
 * the GET row that routes it admits the role. A link to a page the reader
 * cannot open is left out (or shown as text) instead of leading to a 403.
 */
NB_MUST_USE int nb_web_may_open(const nb_web_page *table, size_t count, int role, const char *href);

/*
 * THE SESSION HOOK. Resolves the value of the session cookie (NULL when the
 * request has none) at Unix time now into who, the same nb_principal an API
 * token gives, and sess. Runs its own write transaction on st (the session's
 * last-seen time moves; a timed-out session is ended and that is kept). Only
 * a session in stage "volledig" makes who a logged-in user; any other case
 * leaves who anonymous (NB_ROLE_PUBLIC, label "anoniem"); sess->stage says
 * which live session there is (a TOTP or enrolment step). An unknown, ended
 * or malformed cookie is anonymous with sess->ended set. st may be NULL when
 * cookie is NULL. Returns 0, or a negative NB_E* code on a store failure.
 */
NB_MUST_USE int nb_web_session_resolve(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                                       int64_t now, nb_principal *who, nb_web_sess *sess,
                                       nb_err *err);

/*
 * 1 when a POST with this Origin header (NULL = none sent) may come from our
 * own pages: no Origin (not a browser, or an old one: the CSRF token still
 * guards a session), or an Origin whose host[:port] equals the request's Host
 * header or the host[:port] of public_url (may be NULL). "null" and any other
 * site give 0.
 */
NB_MUST_USE int nb_web_origin_ok(const char *origin, const char *host, const char *public_url);

/*
 * Parses an application/x-www-form-urlencoded body strictly: at most
 * NB_WEB_FORM_MAX bytes and NB_WEB_FORM_FIELDS fields; '+' is a space; a
 * '%' must be followed by two hex digits; a field without '=' or with an
 * empty name, a name twice, NUL, control characters (other than tab, CR, LF
 * in values) or invalid UTF-8 after decoding is refused. On success form
 * owns its memory (nb_web_form_free). Returns 0, NB_ELIMIT (too big / too
 * many fields) or NB_EINVAL; *why (optional) gets a Dutch reason (static).
 */
NB_MUST_USE int nb_web_form_parse(const char *body, size_t len, nb_web_form *form,
                                  const char **why);
void nb_web_form_free(nb_web_form *form);

/* The value of field name, or NULL (borrowed from form). */
const char *nb_web_form_get(const nb_web_form *form, const char *name);

/*
 * Runs page for the request: parses the form of a POST (a bad form answers
 * 400 as an HTML page), checks a POST's CSRF token (field "csrf") whenever
 * the request has a live session (a missing or wrong token answers 403),
 * calls the handler. body/body_len is the raw request body. sess and auth are
 * handed to the handler (borrowed). Returns what the handler returns.
 */
NB_MUST_USE int nb_web_run(const nb_web_page *page, const nb_web_page *pages, size_t npages,
                           const nb_web_sess *sess, const nb_auth_config *auth, nb_req *req,
                           const char *body, size_t body_len, nb_resp *resp);

/*
 * Turns a problem+json response (resp->is_problem, made by the server or a
 * handler) into the Dutch HTML error page with the same status, title and
 * detail: every page path gets HTML, only /api/ gets problem+json. who
 * chooses the navigation; sess (may be NULL) gives the logout form its
 * token. Returns 0.
 */
int nb_web_problem_page(nb_resp *resp, const nb_principal *who, const nb_web_sess *sess,
                        const nb_web_page *pages, size_t npages);

#endif
