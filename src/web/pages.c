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
#define MT NB_ROLE_BEHEER        /* the Netwerk-MT */
#define ASG_WRITE (NB_ROLE_BEHEER | NB_ROLE_COORDINATOR)
/* Places in the navigation (the last column; 0 = not in it, lower first): each role's
 * start page (nb_web_start_path) first, its daily work next, the network, "Mijn account" last. */
#define NAV_START 10
#define NAV_LAST 1000

const nb_web_page nb_web_pages[] = {
    /* method, path, handler, roles, title, place in the navigation */
    {"GET", "/", nb_web_home, ALL, "Welkom bij noaber", 0},
    {"GET", "/netwerk", nb_web_network, STAFF_LEZER, "Het netwerk", 120},
    {"GET", "/leerervaringen", nb_web_lessons, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER,
     "Leerervaringen", 117},
    {"POST", "/opdrachten/{id}/leerervaringen", nb_web_lesson_post,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_MEDEWERKER, "Leerervaring vastleggen", 0},
    {"GET", "/kwetsbaarheid", nb_web_vulnerability,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Kwetsbaarheid", 115},
    {"GET", "/kwetsbaarheid/watals", nb_web_whatif, NB_ROLE_BEHEER,
     "Wat als medewerkers vertrekken", 0},
    {"GET", "/kwetsbaarheid/3k", nb_web_three_k,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "De 3K's per gemeente", 0},
    {"GET", "/inloggen", nb_web_login_form, ALL, "Inloggen", 0},
    {"POST", "/inloggen", nb_web_login_post, ALL, "Inloggen", 0},
    {"GET", "/inloggen/code", nb_web_code_form, PUB, "Inloggen: code uit de app", 0},
    {"POST", "/inloggen/code", nb_web_code_post, PUB, "Inloggen: code uit de app", 0},
    {"POST", "/uitloggen", nb_web_logout, STAFF_LEZER, "Uitloggen", 0},
    {"GET", "/toegankelijkheidsverklaring", nb_web_accessibility, ALL,
     "Toegankelijkheidsverklaring", 0},
    {"GET", "/privacyverklaring", nb_web_privacy, ALL, "Privacyverklaring", 0},
    {"GET", "/static/{bestand}", nb_web_static, ALL, "Opmaak", 0},
    {"GET", "/mijn-inzet", nb_web_my_allocations, NB_ROLE_MEDEWERKER, "Mijn inzet", NAV_START},
    {"GET", "/uren", nb_web_uren, NB_ROLE_MEDEWERKER, "Uren registreren", 20},
    {"POST", "/uren", nb_web_uren_post, NB_ROLE_MEDEWERKER, "Uren registreren", 0},
    {"GET", "/goedkeuren", nb_web_approve, NB_ROLE_MEDEWERKER | NB_ROLE_BEHEER, "Uren goedkeuren",
     25},
    {"POST", "/goedkeuren", nb_web_approve_post, NB_ROLE_MEDEWERKER | NB_ROLE_BEHEER,
     "Uren goedkeuren", 0},
    {"GET", "/mijn-profiel", nb_web_my_profile, NB_ROLE_MEDEWERKER, "Mijn profiel", 60},
    {"GET", "/overzicht", nb_web_overview, NB_ROLE_LEZER, "Overzicht", NAV_START},
    /* Netwerk-MT (web/mt_*.c) */
    {"GET", "/mt", nb_web_mt_start, MT, "Wat actie vraagt", NAV_START},
    {"GET", "/teamvoorstellen", nb_web_mt_proposals, MT, "Teamvoorstellen", 40},
    {"POST", "/teamvoorstellen", nb_web_mt_proposal_make, MT, "Teamvoorstellen", 0},
    {"GET", "/teamvoorstellen/{id}", nb_web_mt_proposal, MT, "Teamvoorstel", 0},
    {"POST", "/teamvoorstellen/{id}/acceptatie", nb_web_mt_proposal_accept, MT, "Teamvoorstel", 0},
    {"GET", "/grootboek", nb_web_mt_ledger, MT, "Grootboek", 70},
    {"POST", "/grootboek/controle", nb_web_mt_check, MT, "Controle van het grootboek", 0},
    {"GET", "/stortingen", nb_web_mt_deposits, MT, "Stortingen", 80},
    {"POST", "/stortingen", nb_web_mt_deposit, MT, "Stortingen", 0},
    {"GET", "/instellingen", nb_web_mt_settings, MT, "Netwerkinstellingen", 100},
    {"POST", "/instellingen", nb_web_mt_settings_post, MT, "Netwerkinstellingen", 0},
    {"GET", "/perioden", nb_web_mt_periods, MT, "Perioden", 90},
    {"POST", "/perioden", nb_web_mt_period_close, MT, "Perioden", 0},
    {"GET", "/gebruikers", nb_web_mt_users, MT, "Gebruikers", 110},
    {"POST", "/gebruikers", nb_web_mt_user_create, MT, "Gebruikers", 0},
    {"POST", "/gebruikers/{id}/blokkeren", nb_web_mt_user_disable, MT, "Gebruiker blokkeren", 0},
    {"POST", "/gebruikers/{id}/wachtwoord", nb_web_mt_user_password, MT, "Nieuw wachtwoord", 0},
    {"GET", "/inloggen/koppelen", nb_web_enrol_form, PUB, "Tweede factor koppelen", 0},
    {"POST", "/inloggen/koppelen/start", nb_web_enrol_start, PUB, "Tweede factor koppelen", 0},
    {"POST", "/inloggen/koppelen", nb_web_enrol_confirm, PUB, "Tweede factor koppelen", 0},
    {"GET", "/account", nb_web_account, STAFF_LEZER, "Mijn account", NAV_LAST},
    {"POST", "/account/wachtwoord", nb_web_account_password, STAFF_LEZER, "Mijn account", 0},
    {"GET", "/account/tweede-factor", nb_web_enrol_form, STAFF_LEZER, "Tweede factor koppelen", 0},
    {"POST", "/account/tweede-factor/start", nb_web_enrol_start, STAFF_LEZER,
     "Tweede factor koppelen", 0},
    {"POST", "/account/tweede-factor", nb_web_enrol_confirm, STAFF_LEZER, "Tweede factor koppelen",
     0},
    {"GET", "/organisatie", nb_web_organisation, NB_ROLE_COORDINATOR, "Mijn organisatie",
     NAV_START},
    {"GET", "/medewerkers", nb_web_people, NB_ROLE_COORDINATOR | NB_ROLE_BEHEER, "Medewerkers", 50},
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
    /* opdrachten_*.c: assignments; "nieuw" before "{id}" */
    {"GET", "/opdrachten", nb_web_asg_list, STAFF_LEZER, "Opdrachten", 30},
    {"GET", "/opdrachten/nieuw", nb_web_asg_new, ASG_WRITE, "Nieuwe opdracht", 0},
    {"POST", "/opdrachten/nieuw", nb_web_asg_create, ASG_WRITE, "Nieuwe opdracht", 0},
    {"GET", "/opdrachten/{id}", nb_web_asg_detail, STAFF_LEZER, "Opdracht", 0},
    {"POST", "/opdrachten/{id}/status", nb_web_asg_status, ASG_WRITE, "Opdracht", 0},
    {"GET", "/opdrachten/{id}/wijzigen", nb_web_asg_edit, ASG_WRITE, "Concept wijzigen", 0},
    {"POST", "/opdrachten/{id}/wijzigen", nb_web_asg_update, ASG_WRITE, "Concept wijzigen", 0},
    {"POST", "/opdrachten/{id}/instemming", nb_web_asg_consent, NB_ROLE_COORDINATOR, "Opdracht", 0},
    /* bundels.c: bundling with consent (issue 10 §2) */
    {"GET", "/bundelvoorstellen", nb_web_bundles, STAFF_LEZER, "Bundelvoorstellen", 35},
    {"POST", "/bundelvoorstellen", nb_web_bundles_refresh, MT, "Bundelvoorstellen", 0},
    {"GET", "/bundelvoorstellen/{id}", nb_web_bundle, STAFF_LEZER, "Bundelvoorstel", 0},
    {"POST", "/bundelvoorstellen/{id}/instemming", nb_web_bundle_decide,
     NB_ROLE_COORDINATOR | NB_ROLE_MEDEWERKER, "Bundelvoorstel", 0},
    /* urenbegroting.c: the hours budget (issue 10 §3); linked from /mt and /organisatie */
    {"GET", "/urenbegroting", nb_web_budget, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER,
     "Urenbegroting", 0},
    {"GET", "/urenbegroting.csv", nb_web_budget_csv,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Urenbegroting", 0},
    {"GET", "/urenbegroting.xlsx", nb_web_budget_xlsx,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Urenbegroting", 0},
    /* verrekeningen.c: settlement at a closed period's end (issue 10 §4); linked from /mt,
     * /grootboek and the statement page, not in the navigation */
    {"GET", "/verrekeningen", nb_web_settlements,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Verrekeningen", 0},
    {"POST", "/verrekeningen", nb_web_settlement_post, MT, "Verrekeningen", 0},
    {"GET", "/verrekeningen/{id}", nb_web_settlement,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Verrekening", 0},
    {"GET", "/verrekeningen/{id}/verrekening.csv", nb_web_settlement_csv,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Verrekening", 0},
    /* programmas.c, werkvoorraad.c: programmes and the work stock (issue 10 §1); linked from
     * /mt, /opdrachten and each other, not in the navigation (the MT's is full) */
    {"GET", "/programmas", nb_web_programmes, STAFF_LEZER, "Programma's", 0},
    {"GET", "/programmas/nieuw", nb_web_programme_new, ASG_WRITE, "Nieuw programma", 0},
    {"POST", "/programmas/nieuw", nb_web_programme_create, ASG_WRITE, "Nieuw programma", 0},
    {"GET", "/programmas/{id}", nb_web_programme, STAFF_LEZER, "Programma", 0},
    {"GET", "/programmas/{id}/wijzigen", nb_web_programme_edit, ASG_WRITE, "Programma wijzigen", 0},
    {"POST", "/programmas/{id}/wijzigen", nb_web_programme_update, ASG_WRITE, "Programma wijzigen",
     0},
    {"GET", "/werkvoorraad", nb_web_workload, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER,
     "Werkvoorraad", 0},
    /* rapportages.c: the reports (issue 11 §3); linked from /mt, /organisatie, /overzicht */
    {"GET", "/rapportages", nb_web_reports, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER,
     "Rapportages", 0},
    {"GET", "/rapportages/college", nb_web_report_college, NB_ROLE_BEHEER | NB_ROLE_COORDINATOR,
     "Tussentijdse rapportage", 0},
    {"GET", "/rapportages/raad", nb_web_report_raad,
     NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER, "Raadsinformatie", 0},
    {"GET", "/rapportages/advies", nb_web_report_advies, NB_ROLE_BEHEER | NB_ROLE_LEZER,
     "Adviesrapportage", 0},
};

const size_t nb_web_pages_count = sizeof nb_web_pages / sizeof nb_web_pages[0];
