/*
 * web/pages.c — the page table: every page as data (web.h). Default deny: a
 * row without roles is never served; tests/web/test_pages.c checks that every
 * row names its roles, a title and a handler.
 */
#include "web/pages.h"

#include "web/static.h"

#define PUB NB_ROLE_PUBLIC
#define ALL (NB_ROLES_ALL | NB_ROLE_PUBLIC)
#define STAFF_LEZER NB_ROLES_ALL /* every logged-in role */

const nb_web_page nb_web_pages[] = {
    /* method, path, handler, roles, title, in the navigation */
    {"GET", "/", nb_web_home, ALL, "Welkom bij noaber", 0},
    {"GET", "/netwerk", nb_web_network, STAFF_LEZER, "Het netwerk", 1},
    {"GET", "/inloggen", nb_web_login_form, ALL, "Inloggen", 0},
    {"POST", "/inloggen", nb_web_login_post, ALL, "Inloggen", 0},
    {"GET", "/inloggen/code", nb_web_code_form, PUB, "Inloggen: code uit de app", 0},
    {"POST", "/inloggen/code", nb_web_code_post, PUB, "Inloggen: code uit de app", 0},
    {"POST", "/uitloggen", nb_web_logout, STAFF_LEZER, "Uitloggen", 0},
    {"GET", "/toegankelijkheidsverklaring", nb_web_accessibility, ALL,
     "Toegankelijkheidsverklaring", 0},
    {"GET", "/privacyverklaring", nb_web_privacy, ALL, "Privacyverklaring", 0},
    {"GET", "/static/{bestand}", nb_web_static, ALL, "Opmaak", 0},
    {"GET", "/inloggen/koppelen", nb_web_enrol_form, PUB, "Tweede factor koppelen", 0},
    {"POST", "/inloggen/koppelen/start", nb_web_enrol_start, PUB, "Tweede factor koppelen", 0},
    {"POST", "/inloggen/koppelen", nb_web_enrol_confirm, PUB, "Tweede factor koppelen", 0},
    {"GET", "/account", nb_web_account, STAFF_LEZER, "Mijn account", 1},
    {"POST", "/account/wachtwoord", nb_web_account_password, STAFF_LEZER, "Mijn account", 0},
    {"GET", "/account/tweede-factor", nb_web_enrol_form, STAFF_LEZER, "Tweede factor koppelen", 0},
    {"POST", "/account/tweede-factor/start", nb_web_enrol_start, STAFF_LEZER,
     "Tweede factor koppelen", 0},
    {"POST", "/account/tweede-factor", nb_web_enrol_confirm, STAFF_LEZER, "Tweede factor koppelen",
     0},
};

const size_t nb_web_pages_count = sizeof nb_web_pages / sizeof nb_web_pages[0];
