/*
 * web/account_totp.c — enrolling a TOTP second factor in the browser: the
 * secret in groups of four and its otpauth:// URI as a QR code (inline SVG
 * drawn from libqrencode's module matrix), then a code from the app to
 * confirm (docs/accounts.md, docs/web.md).
 *
 * Two entrances with the same handlers:
 *   /inloggen/koppelen      a session in stage "inschrijven" (beheer without
 *                           a second factor, sent here after the password);
 *                           confirming promotes it to a full session;
 *   /account/tweede-factor  any logged-in user (optional for non-beheer; an
 *                           earlier enrolment stays until the new one is
 *                           confirmed); confirming returns to /account.
 * GET only explains and offers a button: it writes nothing. POST .../start
 * makes a new pending secret (nb_user_totp_begin) and shows it once (200, no
 * redirect). POST confirms a code; a wrong one answers 422 with the same
 * pending secret read back from the store (nb_user_totp_pending), never a
 * new one.
 */
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "store/users.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NB_TOTP_ISSUER "noaber"
#define NB_QR_QUIET 4 /* modules of white border the QR standard asks for */

/* 1 for the login entrance (a session in stage "inschrijven"), 0 for a
 * logged-in user's account. */
static int nb_enrol_at_login(const nb_web_req *w)
{
    return w->req->who->role == NB_ROLE_PUBLIC;
}

/* The user enrolling: the session's user. 0 when the login entrance has no
 * enrolment session (the caller sends the browser back to /inloggen). */
static int64_t nb_enrol_user(const nb_web_req *w)
{
    if (nb_enrol_at_login(w))
        return w->sess->stage == NB_SESSION_ENROL ? w->sess->user_id : 0;
    return w->sess->user_id;
}

/*
 * The QR code of text as inline SVG: one <path> whose d has a unit square
 * per run of dark modules, on a white <rect>, scaled by the viewBox; with
 * role="img" and a Dutch <title>. Numbers are ours; d goes through
 * nb_html_attr. Returns 0, or NB_ENOMEM / NB_EINVAL when libqrencode fails.
 */
static int nb_qr_svg(nb_buf *b, const char *text)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == NULL)
        return NB_ENOMEM;
    int n = qr->width, side = n + 2 * NB_QR_QUIET;
    nb_buf d = NB_BUF_INIT;
    for (int y = 0; y < n; y++) {
        for (int x = 0; x < n;) {
            if (!(qr->data[y * n + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < n && (qr->data[y * n + x + run] & 1))
                run++;
            nb_buf_printf(&d, "M%d %dh%dv1h-%dz", x + NB_QR_QUIET, y + NB_QR_QUIET, run, run);
            x += run;
        }
    }
    QRcode_free(qr);
    int rc = d.oom ? NB_ENOMEM : 0;
    nb_html_lit(b, "<svg class=\"nb-qr\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                   "aria-labelledby=\"qr-titel\" width=\"240\" height=\"240\" viewBox=\"0 0 ");
    nb_html_int(b, side);
    nb_html_lit(b, " ");
    nb_html_int(b, side);
    nb_html_lit(b, "\" shape-rendering=\"crispEdges\">\n<title id=\"qr-titel\">QR-code om noaber "
                   "aan uw authenticator-app toe te voegen</title>\n<rect width=\"");
    nb_html_int(b, side);
    nb_html_lit(b, "\" height=\"");
    nb_html_int(b, side);
    nb_html_lit(b, "\" fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"");
    nb_html_attr(b, nb_buf_cstr(&d));
    nb_html_lit(b, "\"/>\n</svg>\n");
    nb_buf_free(&d);
    return rc;
}

/* The secret in groups of four ("ABCD EFGH ..."), into out (40 bytes). */
static void nb_secret_groups(const char *secret, char out[48])
{
    size_t o = 0;
    for (size_t i = 0; secret[i] != '\0' && o + 2 < 48; i++) {
        if (i > 0 && i % 4 == 0)
            out[o++] = ' ';
        out[o++] = secret[i];
    }
    out[o] = '\0';
}

/*
 * The page: without a secret the explanation and the start button; with one
 * the QR code, the secret and the form for the code (errs next to it).
 */
static int nb_enrol_render(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs,
                           const nb_user *u, const char *secret)
{
    int login = nb_enrol_at_login(w);
    const char *base = login ? "/inloggen/koppelen" : "/account/tweede-factor";
    nb_buf b = NB_BUF_INIT;
    int rc = 0;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    if (secret == NULL) {
        if (login)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Uw wachtwoord klopt. Voor beheer "
                            "van het netwerk is een tweede factor verplicht: een code van zes "
                            "cijfers uit een authenticator-app op uw telefoon (bijvoorbeeld "
                            "FreeOTP, Google Authenticator of Microsoft Authenticator). Koppel "
                            "die app nu eenmalig aan uw account.</p>\n");
        else
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Met een tweede factor vraagt noaber "
                            "bij het inloggen naast uw wachtwoord ook een code van zes cijfers "
                            "uit een authenticator-app op uw telefoon. Zo kan niemand inloggen "
                            "met alleen uw wachtwoord.</p>\n");
        if (!login && u->totp_enrolled)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">U hebt al een tweede factor. Koppelt "
                            "u opnieuw, dan blijft de oude koppeling gelden tot u de nieuwe "
                            "met een code hebt bevestigd.</p>\n");
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Na de knop ziet u een QR-code en een "
                        "sleutel. Die worden maar één keer getoond.</p>\n");
        nb_buf action = NB_BUF_INIT;
        nb_buf_puts(&action, base);
        nb_buf_puts(&action, "/start");
        nb_web_form_open(&b, w, nb_buf_cstr(&action));
        nb_buf_free(&action);
        nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                        "class=\"utrecht-button utrecht-button--primary-action\">Koppeling "
                        "starten</button></div>\n</form>\n");
    } else {
        char uri[512], groups[48];
        if ((rc = nb_totp_uri(NB_TOTP_ISSUER, u->login, secret, uri, sizeof uri)) != 0)
            goto cleanup;
        nb_secret_groups(secret, groups);
        nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">1. Scan de QR-code</h2>\n"
                        "<p class=\"utrecht-paragraph\">Open de authenticator-app op uw "
                        "telefoon, kies voor een nieuw account toevoegen en scan deze "
                        "code.</p>\n<div class=\"nb-qr-box\">\n");
        if ((rc = nb_qr_svg(&b, uri)) != 0)
            goto cleanup;
        nb_html_lit(&b, "</div>\n<p class=\"utrecht-paragraph\">Lukt scannen niet? Vul dan in de "
                        "app deze sleutel in (type: op tijd gebaseerd):</p>\n"
                        "<p class=\"utrecht-paragraph\"><code class=\"nb-secret\" id=\"sleutel\">");
        nb_html_text(&b, groups);
        nb_html_lit(&b, "</code></p>\n<p class=\"utrecht-paragraph nb-muted\">Account: ");
        nb_html_text(&b, u->login);
        nb_html_lit(&b, " bij " NB_TOTP_ISSUER ". Deze sleutel en code worden niet opnieuw "
                        "getoond; bewaar ze nergens anders dan in de app.</p>\n"
                        "<h2 class=\"utrecht-heading-2\">2. Bevestig met een code</h2>\n");
        nb_web_form_open(&b, w, base);
        nb_web_form_field(&b, errs, "code", "text", "Code uit de app",
                          "De zes cijfers die de app nu voor noaber toont.", NULL, "one-time-code");
        nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                        "class=\"utrecht-button utrecht-button--primary-action\">Koppelen"
                        "</button></div>\n</form>\n");
    }
cleanup:
    nb_web_end(&b);
    if (rc != 0) {
        nb_buf_free(&b);
        return rc;
    }
    return nb_web_reply(resp, status, &b);
}

/* Loads the enrolling user, or answers: a login entrance without an
 * enrolment session goes back to /inloggen (saying the session ended only
 * when a cookie of an ended one came). Returns 1 when resp is done. */
static int nb_enrol_load(nb_web_req *w, nb_resp *resp, nb_user *u, int *rc)
{
    nb_err err = {{0}};
    int64_t id = nb_enrol_user(w);
    *rc = 0;
    if (id == 0) {
        *rc = nb_web_redirect(resp, "/inloggen",
                              w->sess->ended ? NB_WEB_FLASH_SESSION_ENDED : NB_WEB_FLASH_NONE);
        return 1;
    }
    if ((*rc = nb_user_get(w->req->st, id, u, &err)) != 0) {
        *rc = nb_resp_from_err(resp, *rc, &err);
        return 1;
    }
    return 0;
}

int nb_web_enrol_form(nb_web_req *w, nb_resp *resp)
{
    nb_user u;
    int rc;
    if (nb_enrol_load(w, resp, &u, &rc))
        return rc;
    return nb_enrol_render(w, resp, 200, NULL, &u, NULL);
}

int nb_web_enrol_start(nb_web_req *w, nb_resp *resp)
{
    nb_user u;
    nb_err err = {{0}};
    char secret[NB_TOTP_SECRET_B32];
    int rc;
    if (nb_enrol_load(w, resp, &u, &rc))
        return rc;
    nb_actor actor = {u.login, u.role, w->req->remote};
    if ((rc = nb_user_totp_begin(w->req->st, &actor, u.id, secret, &err)) != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    rc = nb_enrol_render(w, resp, 200, NULL, &u, secret);
    sodium_memzero(secret, sizeof secret);
    return rc;
}

int nb_web_enrol_confirm(nb_web_req *w, nb_resp *resp)
{
    nb_user u;
    nb_err err = {{0}};
    nb_web_errors errs;
    char secret[NB_TOTP_SECRET_B32];
    int rc;
    int login = nb_enrol_at_login(w);
    const char *base = login ? "/inloggen/koppelen" : "/account/tweede-factor";
    memset(&errs, 0, sizeof errs);
    if (nb_enrol_load(w, resp, &u, &rc))
        return rc;
    rc = nb_user_totp_pending(w->req->st, u.id, secret, &err);
    if (rc == NB_ECONFLICT) /* nothing pending (confirmed already, or never started) */
        return nb_web_redirect(resp, base, NB_WEB_FLASH_NONE);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    const char *code = nb_web_form_get(w->form, "code");
    nb_actor actor = {u.login, u.role, w->req->remote};
    if (code == NULL || code[0] == '\0')
        nb_web_error_add(&errs, "code", "Vul de code uit de app in.");
    else if ((rc = nb_user_totp_confirm(w->req->st, &actor, u.id, code, (int64_t)time(NULL),
                                        &err)) == NB_EINVAL ||
             rc == NB_ECONFLICT)
        nb_web_error_add(&errs, "code",
                         "De code klopt niet. Controleer of de tijd op uw telefoon goed staat "
                         "en vul de nieuwe code uit de app in.");
    else if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    if (errs.count > 0) {
        rc = nb_enrol_render(w, resp, 422, &errs, &u, secret);
        sodium_memzero(secret, sizeof secret);
        return rc;
    }
    sodium_memzero(secret, sizeof secret);
    if (!login)
        return nb_web_redirect(resp, "/account", NB_WEB_FLASH_TOTP_ENROLLED);
    nb_session_new ns;
    rc = nb_session_promote(w->req->st, w->auth, w->sess->cookie, w->req->remote,
                            (int64_t)time(NULL), &ns, &err);
    if (rc == NB_ENOTFOUND)
        return nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_SESSION_ENDED);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    rc =
        nb_web_redirect(resp, nb_web_start_path(nb_role_parse(u.role)), NB_WEB_FLASH_TOTP_ENROLLED);
    nb_web_session_cookie(resp, ns.cookie);
    return rc;
}
