/*
 * web/mt_users.c — the users who log in to the pages, for the Netwerk-MT
 * (role beheer), through store/users.h (every change audited, entity "user"):
 *   GET  /gebruikers                   the list, the form to add one
 *   POST /gebruikers                   create (login, name, role,
 *                                      organisation, person, an initial
 *                                      password the MT types and passes on)
 *   POST /gebruikers/{id}/blokkeren    disable (ends its sessions)
 *   POST /gebruikers/{id}/wachtwoord   set a new password (ends its sessions)
 * Passwords are never shown again, never kept in a form.
 */
#include "core/password.h"
#include "store/organisations.h"
#include "store/users.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/mt.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const nb_usr_roles[][2] = {
    {"beheer", "Netwerk-MT (beheer)"},
    {"coordinator", "Coördinator"},
    {"medewerker", "Medewerker"},
    {"lezer", "Lezer (college, raad)"},
};

typedef struct nb_usr_list {
    nb_buf *b;
    nb_store *st;
    const nb_web_req *w;
    const nb_web_errors *errs;
} nb_usr_list;

static int nb_usr_row(void *ctx, const nb_user *u)
{
    nb_usr_list *c = ctx;
    nb_buf *b = c->b;
    nb_err err = {{0}};
    nb_web_row_head_open(b);
    nb_html_text(b, u->login);
    nb_html_lit(b, "</th>");
    nb_mt_td(b, u->display_name);
    nb_mt_td(b, u->role);
    if (u->organisation_id > 0) {
        nb_org o;
        int rc = nb_org_get(c->st, u->organisation_id, &o, &err);
        if (rc != 0 && rc != NB_ENOTFOUND)
            return rc;
        nb_mt_td(b, rc == 0 ? o.name : "?");
    } else {
        nb_mt_td(b, "—");
    }
    nb_mt_td(b, u->totp_enrolled ? "ja" : "nee");
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    if (u->disabled)
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--danger\">"
                       "geblokkeerd</span>");
    else
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--safe\">"
                       "actief</span>");
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    if (!u->disabled) {
        char action[80], field[40], label[200];
        snprintf(action, sizeof action, "/gebruikers/%lld/wachtwoord", (long long)u->id);
        snprintf(field, sizeof field, "wachtwoord-%lld", (long long)u->id);
        snprintf(label, sizeof label, "Nieuw wachtwoord voor %s", u->login);
        nb_web_form_open(b, c->w, action);
        nb_web_form_field(b, c->errs, field, "password", label, NULL, NULL, "new-password");
        nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                       "class=\"utrecht-button utrecht-button--secondary-action\">Wachtwoord "
                       "instellen</button></div>\n</form>\n");
        snprintf(action, sizeof action, "/gebruikers/%lld/blokkeren", (long long)u->id);
        nb_web_form_open(b, c->w, action);
        nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                       "class=\"utrecht-button utrecht-button--secondary-action\">Blokkeren"
                       "<span class=\"nb-visually-hidden\"> ");
        nb_html_text(b, u->login);
        nb_html_lit(b, "</span></button></div>\n</form>\n");
    }
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

static int nb_usr_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs,
                       int create_form)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    const nb_web_form *f = create_form ? w->form : NULL;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Wie met een wachtwoord inlogt op noaber. "
                    "Gebruikers worden geblokkeerd, nooit verwijderd. Beheerders loggen in met "
                    "een tweede factor.</p>\n");
    static const nb_web_col gebruikers_cols[] = {
        {"Gebruikersnaam", 0, NULL}, {"Naam", 0, NULL},          {"Rol", 0, NULL},
        {"Organisatie", 0, NULL},    {"Tweede factor", 0, NULL}, {"Status", 0, NULL},
        {"Acties", 0, NULL}};
    nb_web_table_open(&b, "gebruikers-bijschrift", "Gebruikers", NULL, NULL);
    NB_WEB_TABLE_HEAD(&b, gebruikers_cols);
    nb_usr_list c = {&b, st, w, create_form ? NULL : errs};
    int rc = nb_user_list(st, nb_usr_row, &c, &err);
    nb_web_table_close(&b);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"nieuw\">Gebruiker toevoegen</h2>\n");
    nb_web_form_open(&b, w, "/gebruikers");
    const nb_web_errors *ce = create_form ? errs : NULL;
    nb_web_form_field(&b, ce, "gebruikersnaam", "text", "Gebruikersnaam", NULL,
                      f ? nb_web_form_get(f, "gebruikersnaam") : NULL, "off");
    nb_web_form_field(&b, ce, "naam", "text", "Naam", "Zoals hij in noaber te zien is.",
                      f ? nb_web_form_get(f, "naam") : NULL, "off");
    nb_web_select_open(&b, ce, "rol", "Rol", NULL);
    for (size_t i = 0; i < sizeof nb_usr_roles / sizeof nb_usr_roles[0]; i++)
        nb_web_select_option(&b, nb_usr_roles[i][0], nb_usr_roles[i][1],
                             f ? nb_web_form_get(f, "rol") : NULL);
    nb_web_select_close(&b);
    if ((rc = nb_mt_org_select(&b, st, ce, "organisatie", "Organisatie (coördinator en lezer)",
                               "Geen", f ? nb_web_form_get(f, "organisatie") : NULL, &err)) != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_web_form_field(&b, ce, "medewerker", "text", "Medewerkernummer (medewerker)",
                      "Het nummer van de medewerker in het register (het staat op de pagina van de "
                      "medewerker onder Medewerkers); leeg voor andere rollen.",
                      f ? nb_web_form_get(f, "medewerker") : NULL, "off");
    nb_web_form_field(&b, ce, "wachtwoord", "password", "Eerste wachtwoord",
                      "Ten minste 12 tekens. Geef het de gebruiker op een veilige manier door; "
                      "het wordt niet meer getoond.",
                      NULL, "new-password");
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Gebruiker "
                    "toevoegen</button></div>\n</form>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_mt_users(nb_web_req *w, nb_resp *resp)
{
    return nb_usr_page(w, resp, 200, NULL, 0);
}

int nb_web_mt_user_create(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *login = nb_web_form_get(w->form, "gebruikersnaam");
    const char *name = nb_web_form_get(w->form, "naam");
    const char *role = nb_web_form_get(w->form, "rol");
    const char *org = nb_web_form_get(w->form, "organisatie");
    const char *person = nb_web_form_get(w->form, "medewerker");
    const char *password = nb_web_form_get(w->form, "wachtwoord");
    char key[NB_LOGIN_MAX + 1];
    int64_t org_id = 0, person_id = 0;
    if (login == NULL || nb_login_key(login, key) != 0)
        nb_web_error_add(&errs, "gebruikersnaam",
                         "Vul een gebruikersnaam in: letters, cijfers, punt, streepje of liggend "
                         "streepje, hoogstens 64 tekens.");
    if (name && strlen(name) > 127)
        nb_web_error_add(&errs, "naam", "De naam is te lang.");
    if (role == NULL || nb_role_parse(role) == 0)
        nb_web_error_add(&errs, "rol", "Kies een rol.");
    if (org && org[0] && nb_web_parse_id(org, &org_id) != 0)
        nb_web_error_add(&errs, "organisatie", "Kies een organisatie uit de lijst.");
    if (person && person[0] && nb_web_parse_id(person, &person_id) != 0)
        nb_web_error_add(&errs, "medewerker", "Vul het nummer van de medewerker in, of laat leeg.");
    nb_password_verdict v = nb_password_check(login, password ? password : "");
    if (v != NB_PASSWORD_OK)
        nb_web_error_add(&errs, "wachtwoord", nb_password_verdict_nl(v));
    if (errs.count > 0)
        return nb_usr_page(w, resp, 422, &errs, 1);
    int64_t id = 0;
    int rc = nb_user_create(w->req->st, NB_MT_ACTOR(w), login, name ? name : "", role, org_id,
                            person_id, password, &id, &err);
    if (rc == NB_ECONFLICT)
        nb_web_error_add(&errs, "gebruikersnaam", "Deze gebruikersnaam is al in gebruik.");
    else if (rc == NB_ENOTFOUND)
        nb_web_error_add(&errs, person_id ? "medewerker" : "organisatie",
                         "Deze organisatie of medewerker bestaat niet.");
    else if (rc == NB_EINVAL)
        nb_web_error_add(&errs, "rol",
                         "Rol, organisatie en medewerker passen niet bij elkaar: een coördinator "
                         "en een lezer horen bij een organisatie, een medewerker is een "
                         "medewerker uit het register, beheer bij geen van beide.");
    else if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    if (errs.count > 0)
        return nb_usr_page(w, resp, 422, &errs, 1);
    return nb_web_redirect(resp, "/gebruikers", NB_WEB_FLASH_MT_USER_CREATED);
}

/* The user of path parameter 0 into *u; 0, or the answer already in resp. */
static int nb_usr_load(nb_web_req *w, nb_resp *resp, nb_user *u)
{
    nb_err err = {{0}};
    int64_t id;
    if (nb_web_parse_id(w->req->params[0], &id) != 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Deze gebruiker bestaat niet."), -1;
    int rc = nb_user_get(w->req->st, id, u, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), -1;
    return 0;
}

int nb_web_mt_user_disable(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_user u;
    if (nb_usr_load(w, resp, &u) != 0)
        return 0;
    if (u.id == w->sess->user_id)
        return nb_resp_problem(resp, 409, "Niet mogelijk",
                               "U kunt uzelf niet blokkeren; vraag een andere beheerder."),
               0;
    int rc = nb_user_disable(w->req->st, NB_MT_ACTOR(w), u.id, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/gebruikers", NB_WEB_FLASH_MT_USER_DISABLED);
}

int nb_web_mt_user_password(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_user u;
    if (nb_usr_load(w, resp, &u) != 0)
        return 0;
    char field[40];
    snprintf(field, sizeof field, "wachtwoord-%lld", (long long)u.id);
    const char *password = nb_web_form_get(w->form, field);
    nb_password_verdict v = nb_password_check(u.login, password ? password : "");
    if (v != NB_PASSWORD_OK) {
        nb_web_error_add(&errs, field, nb_password_verdict_nl(v));
        return nb_usr_page(w, resp, 422, &errs, 0);
    }
    int rc = nb_user_set_password(w->req->st, NB_MT_ACTOR(w), u.id, password, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/gebruikers", NB_WEB_FLASH_MT_PASSWORD_SET);
}
