/*
 * web/dispatch.c — what the server asks of the pages (web.h): which paths
 * are pages, page lookup with default deny, the session hook, the Origin
 * check, running a handler with its form, CSRF check and flash message, and
 * HTML error pages.
 */
#include "http/route.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int nb_web_is_api_path(const char *path)
{
    return path != NULL && strncmp(path, "/api", 4) == 0 && (path[4] == '\0' || path[4] == '/');
}

const nb_web_page *nb_web_page_find(const nb_web_page *table, size_t count, const char *method,
                                    const char *path, char *scratch, const char **params,
                                    int *nparams, int *path_known, nb_buf *allow)
{
    const nb_web_page *found = NULL;
    *path_known = 0;
    *nparams = 0;
    for (size_t i = 0; i < count; i++) {
        const nb_web_page *pg = &table[i];
        const char *tmp[NB_MAX_PATH_PARAMS];
        int ntmp = 0;
        if (pg->roles == 0) /* default deny: a page for nobody does not exist */
            continue;
        if (!nb_route_match_pattern(pg->pattern, path, scratch, tmp, &ntmp))
            continue;
        if (allow)
            nb_buf_printf(allow, "%s%s", *path_known ? ", " : "", pg->method);
        *path_known = 1;
        if (found == NULL && (strcmp(pg->method, method) == 0 ||
                              (strcmp(method, "HEAD") == 0 && strcmp(pg->method, "GET") == 0)))
            found = pg;
    }
    if (found) /* re-match so scratch holds this page's captures */
        nb_route_match_pattern(found->pattern, path, scratch, params, nparams);
    return found;
}

int nb_web_may_open(const nb_web_page *table, size_t count, int role, const char *href)
{
    char path[512], scratch[512];
    const char *params[NB_MAX_PATH_PARAMS];
    int nparams = 0, known = 0;
    size_t n = strcspn(href, "?#");
    if (href[0] != '/' || n >= sizeof path)
        return 0;
    memcpy(path, href, n);
    path[n] = '\0';
    const nb_web_page *pg =
        nb_web_page_find(table, count, "GET", path, scratch, params, &nparams, &known, NULL);
    return pg != NULL && (pg->roles & role) != 0;
}

/* ======================================================================
 * THE SESSION HOOK (web.h): the page-side twin of the API's token check.
 * ====================================================================== */
int nb_web_session_resolve(nb_store *st, const nb_auth_config *cfg, const char *cookie, int64_t now,
                           nb_principal *who, nb_web_sess *sess, nb_err *err)
{
    memset(who, 0, sizeof *who);
    who->role = NB_ROLE_PUBLIC;
    snprintf(who->label, sizeof who->label, "anoniem");
    memset(sess, 0, sizeof *sess);
    sess->stage = -1;
    if (cookie == NULL || st == NULL)
        return 0;
    if (strlen(cookie) != NB_SESSION_TOKEN_LEN) { /* not ours: nothing to look up */
        sess->ended = 1;
        return 0;
    }
    nb_session s;
    /* Most page views write nothing (the last-seen time is written at most
     * once a minute): a read transaction first, a write only when due. */
    int must_write = 0;
    int rc = nb_store_begin_read(st, err);
    if (rc != 0)
        return rc;
    rc = nb_session_peek(st, cfg, cookie, now, &s, &must_write, err);
    nb_store_rollback(st); /* nothing was written */
    if (rc != 0 && rc != NB_ENOTFOUND)
        return rc;
    if (must_write) {
        if ((rc = nb_store_begin(st, err)) != 0)
            return rc;
        rc = nb_session_resolve(st, cfg, cookie, now, &s, err);
        if (rc != 0 && rc != NB_ENOTFOUND) {
            nb_store_rollback(st);
            return rc;
        }
        int timed_out = rc == NB_ENOTFOUND; /* keep the ended row of a timed-out session */
        if ((rc = nb_store_commit(st, err)) != 0)
            return rc;
        rc = timed_out ? NB_ENOTFOUND : 0;
    }
    int ended = rc == NB_ENOTFOUND;
    if (ended) {
        sess->ended = 1;
        return 0;
    }
    memcpy(sess->cookie, cookie, NB_SESSION_TOKEN_LEN + 1);
    memcpy(sess->csrf, s.csrf, sizeof sess->csrf);
    sess->stage = (int)s.stage;
    sess->user_id = s.user_id;
    if (s.stage == NB_SESSION_FULL && s.who.role != 0 && s.who.role != NB_ROLE_PUBLIC)
        *who = s.who;
    return 0;
}

/* host[:port] of an http(s) origin or URL into out; 0, or -1 when it is none. */
static int nb_web_origin_host(const char *url, char *out, size_t len)
{
    const char *h = NULL;
    if (strncmp(url, "http://", 7) == 0)
        h = url + 7;
    else if (strncmp(url, "https://", 8) == 0)
        h = url + 8;
    if (h == NULL || *h == '\0')
        return -1;
    size_t n = strcspn(h, "/?#");
    if (n == 0 || n >= len)
        return -1;
    memcpy(out, h, n);
    out[n] = '\0';
    return 0;
}

int nb_web_origin_ok(const char *origin, const char *host, const char *public_url)
{
    char o[256], p[256];
    if (origin == NULL)
        return 1;
    if (nb_web_origin_host(origin, o, sizeof o) != 0 ||
        strlen(o) != strlen(origin) - (strncmp(origin, "https", 5) == 0 ? 8 : 7))
        return 0; /* "null", another scheme, a path: not an origin */
    if (host != NULL && strcasecmp(o, host) == 0)
        return 1;
    return public_url != NULL && nb_web_origin_host(public_url, p, sizeof p) == 0 &&
           strcasecmp(o, p) == 0;
}

int nb_web_run(const nb_web_page *page, const nb_web_page *pages, size_t npages,
               const nb_web_sess *sess, const nb_auth_config *auth, nb_req *req, const char *body,
               size_t body_len, nb_resp *resp)
{
    nb_web_form form;
    memset(&form, 0, sizeof form);
    nb_web_req w = {req, page, pages, npages, NULL, NULL, sess, auth};
    int is_post = strcmp(req->method, "POST") == 0;
    if (is_post) {
        const char *why = NULL;
        int rc = nb_web_form_parse(body, body_len, &form, &why);
        if (rc == NB_ENOMEM)
            return rc;
        if (rc != 0) {
            nb_resp_problem(resp, rc == NB_ELIMIT ? 413 : 400, "Ongeldig formulier",
                            "Het formulier kon niet worden gelezen: %s.", why ? why : "onbekend");
            return nb_web_problem_page(resp, req->who, sess, pages, npages);
        }
        /* CSRF: a live session's every form carries its token (nb_web_form_open) */
        if (sess->csrf[0] != '\0' &&
            !nb_session_csrf_ok(sess->csrf, nb_web_form_get(&form, "csrf"))) {
            nb_web_form_free(&form);
            nb_resp_problem(resp, 403, "Formulier verlopen",
                            "Dit formulier is niet (meer) geldig: het hoort niet bij uw sessie. "
                            "Open de pagina opnieuw en verstuur het nog een keer.");
            return nb_web_problem_page(resp, req->who, sess, pages, npages);
        }
        w.form = &form;
    } else {
        const char *flash = nb_web_cookie(req, NB_WEB_FLASH_COOKIE);
        if (flash) {
            char *end = NULL;
            long code = strtol(flash, &end, 10);
            /* a forged or garbled cookie shows nothing */
            w.flash = (*flash != '\0' && *end == '\0' && code >= 0 && code <= 1000)
                          ? nb_web_flash_text((int)code)
                          : NULL;
            /* shown once: the cookie goes with this answer */
            snprintf(resp->extra_header[0], sizeof resp->extra_header[0],
                     "Set-Cookie: " NB_WEB_FLASH_COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
                     "SameSite=Lax");
        }
    }
    int rc = page->handler(&w, resp);
    nb_web_form_free(&form);
    return rc;
}

int nb_web_problem_page(nb_resp *resp, const nb_principal *who, const nb_web_sess *sess,
                        const nb_web_page *pages, size_t npages)
{
    if (!resp->is_problem || resp->json == NULL)
        return 0;
    const char *title = json_string_value(json_object_get(resp->json, "title"));
    const char *detail = json_string_value(json_object_get(resp->json, "detail"));
    int status = resp->status;
    if (status == 404)
        title = "Pagina niet gevonden";
    nb_buf b = NB_BUF_INIT;
    nb_web_layout_begin(&b, who, sess, pages, npages, NULL, title ? title : "Fout", NULL);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">");
    if (status == 404)
        nb_html_lit(&b, "Deze pagina bestaat niet (meer). Controleer het adres, of ga naar de ");
    else if (status == 403 && detail == NULL)
        nb_html_lit(&b, "U heeft geen toegang tot deze pagina. Ga terug naar de ");
    else
        nb_html_text(&b, detail);
    if (status == 403 && detail != NULL)
        nb_html_lit(&b, " Ga terug naar de ");
    if (status == 404 || status == 403)
        nb_html_lit(&b, "<a class=\"utrecht-link\" href=\"/\">startpagina</a>.");
    nb_html_lit(&b, "</p>\n<p class=\"utrecht-paragraph nb-muted\">Foutcode ");
    nb_html_int(&b, status);
    nb_html_lit(&b, "</p>\n");
    nb_web_end(&b);
    char keep[NB_RESP_EXTRA_HEADERS][256];
    memcpy(keep, resp->extra_header, sizeof keep); /* Retry-After, Allow-like lines stay */
    int rc = nb_web_reply(resp, status, &b);
    memcpy(resp->extra_header, keep, sizeof keep);
    return rc == 0 ? 0 : rc;
}
