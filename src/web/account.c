/*
 * web/account.c — logging in and out in the browser: the login form, the
 * second step with a TOTP code, logout, and the start page per role.
 * Sessions, throttling and TOTP live in store/sessions.c and store/users.c;
 * this file only turns them into forms, cookies and redirects
 * (docs/accounts.md, docs/web.md).
 *
 * The session cookie is always __Host-noaber-sessie with Path=/, Secure,
 * HttpOnly and SameSite=Lax: the __Host- prefix demands Secure, which
 * browsers accept over TLS and on http://localhost / 127.0.0.1 only, so a
 * deployment on any other address must be served over TLS.
 */
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "store/users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define COOKIE_ATTRS "; Path=/; Secure; HttpOnly; SameSite=Lax"

const char *nb_web_start_path(int role)
{
    switch (role) {
    case NB_ROLE_BEHEER:
    case NB_ROLE_COORDINATOR:
    case NB_ROLE_MEDEWERKER:
    case NB_ROLE_LEZER:
        return "/netwerk";
    default:
        return "/";
    }
}

/* The session cookie for value into resp (extra header 1; header 0 is the
 * flash message); "" removes it. */
static void nb_web_session_cookie(nb_resp *resp, const char *value)
{
    if (value[0] == '\0')
        snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
                 "Set-Cookie: " NB_WEB_SESSION_COOKIE "=" COOKIE_ATTRS "; Max-Age=0");
    else
        snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
                 "Set-Cookie: " NB_WEB_SESSION_COOKIE "=%s" COOKIE_ATTRS, value);
}

/* Where a new session goes next, by its stage. */
static int nb_web_session_next(nb_resp *resp, const nb_session_new *ns, int role)
{
    const char *next = ns->stage == NB_SESSION_TOTP    ? "/inloggen/code"
                       : ns->stage == NB_SESSION_ENROL ? "/inloggen/koppelen"
                                                       : nb_web_start_path(role);
    int rc = nb_web_redirect(resp, next, NB_WEB_FLASH_NONE);
    nb_web_session_cookie(resp, ns->cookie);
    return rc;
}

/* "Probeer het over 4 minuten opnieuw." for a throttled attempt. */
static void nb_web_throttled(nb_web_errors *errs, const char *field, int64_t retry_after)
{
    char msg[200];
    int64_t min = (retry_after + 59) / 60;
    snprintf(msg, sizeof msg, "Te veel mislukte pogingen. Probeer het over %lld %s opnieuw.",
             (long long)min, min == 1 ? "minuut" : "minuten");
    nb_web_error_add(errs, field, msg);
}

/* ---- Login ---------------------------------------------------------------- */

/* The form, with what was typed (never the password) and the errors. */
static int nb_login_render(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs,
                           const char *username)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Log in met de gebruikersnaam en het "
                    "wachtwoord die u van het netwerk-MT kreeg.</p>\n");
    nb_web_form_open(&b, w, "/inloggen");
    nb_web_form_field(&b, errs, "gebruikersnaam", "text", "Gebruikersnaam", NULL, username,
                      "username");
    nb_web_form_field(&b, errs, "wachtwoord", "password", "Wachtwoord", NULL, NULL,
                      "current-password");
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Inloggen</button>"
                    "</div>\n</form>\n<p class=\"utrecht-paragraph nb-muted\">Wachtwoord vergeten? "
                    "Vraag het netwerk-MT om een nieuw wachtwoord.</p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_login_form(nb_web_req *w, nb_resp *resp)
{
    if (w->req->who->role != NB_ROLE_PUBLIC) /* already logged in */
        return nb_web_redirect(resp, nb_web_start_path(w->req->who->role), NB_WEB_FLASH_NONE);
    return nb_login_render(w, resp, 200, NULL, NULL);
}

int nb_web_login_post(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *user = nb_web_form_get(w->form, "gebruikersnaam");
    const char *pass = nb_web_form_get(w->form, "wachtwoord");
    if (user == NULL || user[0] == '\0')
        nb_web_error_add(&errs, "gebruikersnaam", "Vul uw gebruikersnaam in.");
    if (pass == NULL || pass[0] == '\0')
        nb_web_error_add(&errs, "wachtwoord", "Vul uw wachtwoord in.");
    if (errs.count > 0)
        return nb_login_render(w, resp, 422, &errs, user);
    nb_session_new ns;
    int64_t retry = 0;
    nb_err err = {{0}};
    int rc = nb_session_login(w->req->st, w->auth, user, pass, w->req->remote, (int64_t)time(NULL),
                              &ns, &retry, &err);
    if (rc == NB_ELIMIT || rc == NB_EFORBIDDEN) {
        resp->keep_tx = 1; /* the attempt is recorded: it counts for the throttle */
        if (rc == NB_ELIMIT)
            nb_web_throttled(&errs, "gebruikersnaam", retry);
        else /* one message for an unknown name, a wrong password and a blocked account */
            nb_web_error_add(&errs, "wachtwoord",
                             "De gebruikersnaam of het wachtwoord klopt niet.");
        if (rc == NB_ELIMIT)
            snprintf(resp->extra_header[0], sizeof resp->extra_header[0], "Retry-After: %lld",
                     (long long)retry);
        return nb_login_render(w, resp, rc == NB_ELIMIT ? 429 : 422, &errs, user);
    }
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    nb_user u;
    if ((rc = nb_user_get(w->req->st, ns.user_id, &u, &err)) != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_session_next(resp, &ns, nb_role_parse(u.role));
}

/* ---- The second step: a TOTP code ----------------------------------------- */

static int nb_code_render(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Uw wachtwoord klopt. Open de "
                    "authenticator-app op uw telefoon en vul de code van zes cijfers in die "
                    "daar nu staat.</p>\n");
    nb_web_form_open(&b, w, "/inloggen/code");
    nb_web_form_field(&b, errs, "code", "text", "Code uit de app", "Zes cijfers, zonder spaties.",
                      NULL, "one-time-code");
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Verder</button>"
                    "</div>\n</form>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_code_form(nb_web_req *w, nb_resp *resp)
{
    if (w->sess->stage != NB_SESSION_TOTP)
        return nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_NONE);
    return nb_code_render(w, resp, 200, NULL);
}

int nb_web_code_post(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    if (w->sess->stage != NB_SESSION_TOTP)
        return nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_SESSION_ENDED);
    const char *code = nb_web_form_get(w->form, "code");
    if (code == NULL || code[0] == '\0') {
        nb_web_error_add(&errs, "code", "Vul de code uit de app in.");
        return nb_code_render(w, resp, 422, &errs);
    }
    nb_session_new ns;
    int64_t retry = 0;
    nb_err err = {{0}};
    int rc = nb_session_second_factor(w->req->st, w->auth, w->sess->cookie, code, w->req->remote,
                                      (int64_t)time(NULL), &ns, &retry, &err);
    if (rc == NB_ENOTFOUND)
        return nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_SESSION_ENDED);
    if (rc == NB_ELIMIT || rc == NB_EINVAL || rc == NB_ECONFLICT) {
        resp->keep_tx = 1; /* a wrong code counts for the throttle */
        if (rc == NB_ELIMIT)
            nb_web_throttled(&errs, "code", retry);
        else
            nb_web_error_add(&errs, "code",
                             rc == NB_ECONFLICT ? "Deze code is al gebruikt. Wacht op de "
                                                  "volgende code in de app."
                                                : "De code klopt niet. Controleer de tijd op "
                                                  "uw telefoon en probeer de nieuwe code.");
        return nb_code_render(w, resp, rc == NB_ELIMIT ? 429 : 422, &errs);
    }
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    nb_user u;
    if ((rc = nb_user_get(w->req->st, ns.user_id, &u, &err)) != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_session_next(resp, &ns, nb_role_parse(u.role));
}

/* ---- Logout --------------------------------------------------------------- */

int nb_web_logout(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    int rc = nb_session_logout(w->req->st, w->sess->cookie, w->req->remote, &err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return nb_resp_from_err(resp, rc, &err), 0;
    rc = nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_LOGGED_OUT);
    nb_web_session_cookie(resp, "");
    return rc;
}
