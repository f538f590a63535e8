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
#define ASG_WRITE (NB_ROLE_BEHEER | NB_ROLE_COORDINATOR)

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
    /* opdrachten_*.c: assignments; "nieuw" before "{id}" */
    {"GET", "/opdrachten", nb_web_asg_list, STAFF_LEZER, "Opdrachten", 1},
    {"GET", "/opdrachten/nieuw", nb_web_asg_new, ASG_WRITE, "Nieuwe opdracht", 0},
    {"POST", "/opdrachten/nieuw", nb_web_asg_create, ASG_WRITE, "Nieuwe opdracht", 0},
    {"GET", "/opdrachten/{id}", nb_web_asg_detail, STAFF_LEZER, "Opdracht", 0},
    {"POST", "/opdrachten/{id}/status", nb_web_asg_status, ASG_WRITE, "Opdracht", 0},
    {"GET", "/opdrachten/{id}/wijzigen", nb_web_asg_edit, ASG_WRITE, "Concept wijzigen", 0},
    {"POST", "/opdrachten/{id}/wijzigen", nb_web_asg_update, ASG_WRITE, "Concept wijzigen", 0},
    {"POST", "/opdrachten/{id}/instemming", nb_web_asg_consent, NB_ROLE_COORDINATOR, "Opdracht", 0},
};

const size_t nb_web_pages_count = sizeof nb_web_pages / sizeof nb_web_pages[0];
