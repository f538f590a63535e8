/*
 * web/account_page.c — "Mijn account" for every logged-in role: who you are
 * (name, login, role, organisation), whether a second factor is on (with the
 * way to enrol one, web/account_totp.c), and changing your password
 * (docs/accounts.md, docs/web.md).
 *
 * A password change needs the current password (nb_user_check_password) and
 * the new one twice; the policy is core/password.h's, its verdict shown in
 * Dutch next to the field. nb_user_set_password ends every session of the
 * user, this browser's too; this browser then gets a new session through an
 * ordinary login with the new password (nb_session_login), so a user with a
 * second factor gives a code again, and every other browser is logged out.
 */
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "store/organisations.h"
#include "store/users.h"

#include <sodium.h>
#include <string.h>
#include <time.h>

/* The Dutch name of a stored role. */
static const char *nb_account_role_nl(const char *role)
{
    if (strcmp(role, "beheer") == 0)
        return "Netwerk-MT (beheer)";
    if (strcmp(role, "coordinator") == 0)
        return "Coördinator";
    if (strcmp(role, "medewerker") == 0)
        return "Medewerker";
    if (strcmp(role, "lezer") == 0)
        return "Lezer";
    return role;
}

static int nb_account_render(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_user u;
    nb_err err = {{0}};
    int rc = nb_user_get(w->req->st, w->sess->user_id, &u, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    char org_name[128] = "";
    if (u.organisation_id != 0) {
        nb_org org;
        if ((rc = nb_org_get(w->req->st, u.organisation_id, &org, &err)) != 0)
            return nb_resp_from_err(resp, rc, &err), 0;
        snprintf(org_name, sizeof org_name, "%s", org.name);
    }
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Uw gegevens</h2>\n");
    nb_web_dl_open(&b);
    nb_web_dl_item(&b, "Naam", u.display_name);
    nb_web_dl_item(&b, "Gebruikersnaam", u.login);
    nb_web_dl_item(&b, "Rol", nb_account_role_nl(u.role));
    nb_web_dl_item(&b, "Organisatie", org_name[0] ? org_name : "Geen (het hele netwerk)");
    nb_web_dl_item(&b, "Tweede factor", u.totp_enrolled ? "Aan" : "Uit");
    nb_web_dl_close(&b);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/account/tweede-factor\">");
    if (u.totp_enrolled)
        nb_html_lit(&b, "Tweede factor opnieuw koppelen (bijvoorbeeld voor een nieuwe "
                        "telefoon)</a></p>\n");
    else
        nb_html_lit(&b, "Tweede factor koppelen</a></p>\n");
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Wachtwoord wijzigen</h2>\n"
                    "<p class=\"utrecht-paragraph\">Na het wijzigen bent u op andere apparaten "
                    "uitgelogd.</p>\n");
    nb_web_form_open(&b, w, "/account/wachtwoord");
    nb_web_form_field(&b, errs, "huidig-wachtwoord", "password", "Huidig wachtwoord", NULL, NULL,
                      "current-password");
    nb_web_form_field(&b, errs, "nieuw-wachtwoord", "password", "Nieuw wachtwoord",
                      "Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te "
                      "onthouden.",
                      NULL, "new-password");
    nb_web_form_field(&b, errs, "herhaal-wachtwoord", "password", "Nieuw wachtwoord nog een keer",
                      NULL, NULL, "new-password");
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Wachtwoord "
                    "wijzigen</button></div>\n</form>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_account(nb_web_req *w, nb_resp *resp)
{
    return nb_account_render(w, resp, 200, NULL);
}

int nb_web_account_password(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    nb_err err = {{0}};
    nb_user u, checked;
    memset(&errs, 0, sizeof errs);
    int rc = nb_user_get(w->req->st, w->sess->user_id, &u, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    const char *cur = nb_web_form_get(w->form, "huidig-wachtwoord");
    const char *pw = nb_web_form_get(w->form, "nieuw-wachtwoord");
    const char *again = nb_web_form_get(w->form, "herhaal-wachtwoord");
    if (cur == NULL || cur[0] == '\0')
        nb_web_error_add(&errs, "huidig-wachtwoord", "Vul uw huidige wachtwoord in.");
    if (pw == NULL || pw[0] == '\0') {
        nb_web_error_add(&errs, "nieuw-wachtwoord", "Vul een nieuw wachtwoord in.");
    } else {
        nb_password_verdict v = nb_password_check(u.login, pw);
        if (v != NB_PASSWORD_OK)
            nb_web_error_add(&errs, "nieuw-wachtwoord", nb_password_verdict_nl(v));
        else if (again == NULL || strcmp(pw, again) != 0)
            nb_web_error_add(&errs, "herhaal-wachtwoord",
                             "Vul hetzelfde nieuwe wachtwoord nog een keer in.");
    }
    if (errs.count == 0) {
        int exists = 0;
        rc = nb_user_check_password(w->req->st, u.login, cur, &checked, &exists, &err);
        if (rc == NB_EFORBIDDEN)
            nb_web_error_add(&errs, "huidig-wachtwoord", "Het huidige wachtwoord klopt niet.");
        else if (rc != 0)
            return nb_resp_from_err(resp, rc, &err), 0;
    }
    if (errs.count > 0)
        return nb_account_render(w, resp, 422, &errs);
    nb_actor actor = {u.login, u.role, w->req->remote};
    if ((rc = nb_user_set_password(w->req->st, &actor, u.id, pw, &err)) != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    /* Every session has ended, this one too: log this browser in again. */
    nb_session_new ns;
    int64_t retry = 0;
    rc = nb_session_login(w->req->st, w->auth, u.login, pw, w->req->remote, (int64_t)time(NULL),
                          &ns, &retry, &err);
    if (rc == NB_ELIMIT || rc == NB_EFORBIDDEN) { /* the address is throttled: log in later */
        rc = nb_web_redirect(resp, "/inloggen", NB_WEB_FLASH_PASSWORD_CHANGED);
        nb_web_session_cookie(resp, "");
        return rc;
    }
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    rc = nb_web_redirect(resp, ns.stage == NB_SESSION_TOTP ? "/inloggen/code" : "/account",
                         NB_WEB_FLASH_PASSWORD_CHANGED);
    nb_web_session_cookie(resp, ns.cookie);
    sodium_memzero(&ns, sizeof ns);
    return rc;
}
