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
    {"GET", "/organisatie", nb_web_organisation, NB_ROLE_COORDINATOR, "Mijn organisatie", 1},
    {"GET", "/medewerkers", nb_web_people, NB_ROLE_COORDINATOR | NB_ROLE_BEHEER, "Medewerkers", 1},
    {"GET", "/medewerkers/{id}", nb_web_person, NB_ROLE_COORDINATOR | NB_ROLE_BEHEER, "Medewerker",
     0},
    {"GET", "/medewerkers/{id}/bewerken", nb_web_person_edit, NB_ROLE_COORDINATOR | NB_ROLE_BEHEER,
     "Medewerker bewerken", 0},
    {"POST", "/medewerkers/{id}/bewerken", nb_web_person_edit_post,
     NB_ROLE_COORDINATOR | NB_ROLE_BEHEER, "Medewerker bewerken", 0},
    {"GET", "/organisaties/{id}/afschrift", nb_web_statement,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Saldo en afschrift", 0},
    {"GET", "/organisaties/{id}/afschrift.csv", nb_web_statement_csv,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Saldo en afschrift", 0},
};

const size_t nb_web_pages_count = sizeof nb_web_pages / sizeof nb_web_pages[0];
