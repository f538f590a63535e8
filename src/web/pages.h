/*
 * web/pages.h — the page handlers, one file per page or page family
 * (public.c, netwerk.c, static.c). Each takes the page's request and fills
 * resp (web.h).
 */
#ifndef NB_WEB_PAGES_H
#define NB_WEB_PAGES_H

#include "web/web.h"

int nb_web_home(nb_web_req *w, nb_resp *resp); /* GET / */
/* account.c: logging in and out */
int nb_web_login_form(nb_web_req *w, nb_resp *resp); /* GET /inloggen */
int nb_web_login_post(nb_web_req *w, nb_resp *resp); /* POST /inloggen */
int nb_web_code_form(nb_web_req *w, nb_resp *resp);  /* GET /inloggen/code */
int nb_web_code_post(nb_web_req *w, nb_resp *resp);  /* POST /inloggen/code */
int nb_web_logout(nb_web_req *w, nb_resp *resp);     /* POST /uitloggen */

/* The page a logged-in role starts on (static path; "/" for anonymous). */
const char *nb_web_start_path(int role);

/* Sets the session cookie to value in resp (extra header 1; header 0 is the
 * flash message of nb_web_redirect); "" removes it. */
void nb_web_session_cookie(nb_resp *resp, const char *value);

int nb_web_accessibility(nb_web_req *w, nb_resp *resp); /* GET /toegankelijkheidsverklaring */
int nb_web_privacy(nb_web_req *w, nb_resp *resp);       /* GET /privacyverklaring */
int nb_web_network(nb_web_req *w, nb_resp *resp);       /* GET /netwerk */
/* opdrachten_list.c, opdrachten_form.c, opdrachten_detail.c: assignments */
int nb_web_asg_list(nb_web_req *w, nb_resp *resp);    /* GET /opdrachten */
int nb_web_asg_new(nb_web_req *w, nb_resp *resp);     /* GET /opdrachten/nieuw */
int nb_web_asg_create(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/nieuw */
int nb_web_asg_detail(nb_web_req *w, nb_resp *resp);  /* GET /opdrachten/{id} */
int nb_web_asg_status(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/{id}/status */
int nb_web_asg_consent(nb_web_req *w, nb_resp *resp); /* POST /opdrachten/{id}/instemming */
int nb_web_asg_edit(nb_web_req *w, nb_resp *resp);    /* GET /opdrachten/{id}/wijzigen */
int nb_web_asg_update(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/{id}/wijzigen */

/* uren_grid.c, uren_approve.c, mijn.c, overzicht.c: medewerker, opdrachtgever, lezer */
int nb_web_uren(nb_web_req *w, nb_resp *resp);           /* GET /uren */
int nb_web_uren_post(nb_web_req *w, nb_resp *resp);      /* POST /uren */
int nb_web_approve(nb_web_req *w, nb_resp *resp);        /* GET /goedkeuren */
int nb_web_approve_post(nb_web_req *w, nb_resp *resp);   /* POST /goedkeuren */
int nb_web_my_allocations(nb_web_req *w, nb_resp *resp); /* GET /mijn-inzet */
int nb_web_my_profile(nb_web_req *w, nb_resp *resp);     /* GET /mijn-profiel */
int nb_web_overview(nb_web_req *w, nb_resp *resp);       /* GET /overzicht */
int nb_web_vulnerability(nb_web_req *w, nb_resp *resp);  /* GET /kwetsbaarheid */
int nb_web_whatif(nb_web_req *w, nb_resp *resp);         /* GET /kwetsbaarheid/watals */
int nb_web_three_k(nb_web_req *w, nb_resp *resp);        /* GET /kwetsbaarheid/3k */
int nb_web_lessons(nb_web_req *w, nb_resp *resp);        /* GET /leerervaringen */
int nb_web_lesson_post(nb_web_req *w, nb_resp *resp);    /* POST /opdrachten/{id}/leerervaringen */
/* Settlement (web/verrekeningen.c) */
int nb_web_settlements(nb_web_req *w, nb_resp *resp);     /* GET /verrekeningen */
int nb_web_settlement_post(nb_web_req *w, nb_resp *resp); /* POST /verrekeningen */
int nb_web_settlement(nb_web_req *w, nb_resp *resp);      /* GET /verrekeningen/{id} */
int nb_web_settlement_csv(nb_web_req *w, nb_resp *resp);  /* GET .../verrekening.csv */
/* Netwerk-MT (role beheer): web/mt_*.c */
int nb_web_mt_start(nb_web_req *w, nb_resp *resp);           /* GET /mt */
int nb_web_mt_proposals(nb_web_req *w, nb_resp *resp);       /* GET /teamvoorstellen */
int nb_web_mt_proposal_make(nb_web_req *w, nb_resp *resp);   /* POST /teamvoorstellen */
int nb_web_mt_proposal(nb_web_req *w, nb_resp *resp);        /* GET /teamvoorstellen/{id} */
int nb_web_mt_proposal_accept(nb_web_req *w, nb_resp *resp); /* POST …/{id}/acceptatie */
int nb_web_mt_ledger(nb_web_req *w, nb_resp *resp);          /* GET /grootboek */
int nb_web_mt_check(nb_web_req *w, nb_resp *resp);           /* POST /grootboek/controle */
int nb_web_mt_deposits(nb_web_req *w, nb_resp *resp);        /* GET /stortingen */
int nb_web_mt_deposit(nb_web_req *w, nb_resp *resp);         /* POST /stortingen */
int nb_web_mt_settings(nb_web_req *w, nb_resp *resp);        /* GET /instellingen */
int nb_web_mt_settings_post(nb_web_req *w, nb_resp *resp);   /* POST /instellingen */
int nb_web_mt_periods(nb_web_req *w, nb_resp *resp);         /* GET /perioden */
int nb_web_mt_period_close(nb_web_req *w, nb_resp *resp);    /* POST /perioden */
int nb_web_mt_users(nb_web_req *w, nb_resp *resp);           /* GET /gebruikers */
int nb_web_mt_user_create(nb_web_req *w, nb_resp *resp);     /* POST /gebruikers */
int nb_web_mt_user_disable(nb_web_req *w, nb_resp *resp);    /* POST /gebruikers/{id}/blokkeren */
int nb_web_mt_user_password(nb_web_req *w, nb_resp *resp);   /* POST /gebruikers/{id}/wachtwoord */
/* account_totp.c: enrolling a second factor, at login (stage "inschrijven")
 * under /inloggen/koppelen and for a logged-in user under /account/tweede-factor */
int nb_web_enrol_form(nb_web_req *w, nb_resp *resp);    /* GET: explanation and button */
int nb_web_enrol_start(nb_web_req *w, nb_resp *resp);   /* POST .../start: secret and QR code */
int nb_web_enrol_confirm(nb_web_req *w, nb_resp *resp); /* POST: confirm with a code */
/* account_page.c: Mijn account */
int nb_web_account(nb_web_req *w, nb_resp *resp);          /* GET /account */
int nb_web_account_password(nb_web_req *w, nb_resp *resp); /* POST /account/wachtwoord */
/* organisatie.c, afschrift.c, medewerkers_list.c, medewerkers_edit.c: the
 * coordinator's pages and the balance/statement pages */
int nb_web_organisation(nb_web_req *w, nb_resp *resp);     /* GET /organisatie */
int nb_web_statement(nb_web_req *w, nb_resp *resp);        /* GET /organisaties/{id}/afschrift */
int nb_web_statement_csv(nb_web_req *w, nb_resp *resp);    /* GET .../afschrift.csv */
int nb_web_people(nb_web_req *w, nb_resp *resp);           /* GET /medewerkers */
int nb_web_person(nb_web_req *w, nb_resp *resp);           /* GET /medewerkers/{id} */
int nb_web_person_edit(nb_web_req *w, nb_resp *resp);      /* GET /medewerkers/{id}/bewerken */
int nb_web_person_edit_post(nb_web_req *w, nb_resp *resp); /* POST /medewerkers/{id}/bewerken */
/* bundels.c: bundling with consent (issue 10 §2) */
int nb_web_bundles(nb_web_req *w, nb_resp *resp);         /* GET /bundelvoorstellen */
int nb_web_bundles_refresh(nb_web_req *w, nb_resp *resp); /* POST /bundelvoorstellen (MT) */
int nb_web_bundle(nb_web_req *w, nb_resp *resp);          /* GET /bundelvoorstellen/{id} */
int nb_web_bundle_decide(nb_web_req *w, nb_resp *resp);   /* POST .../{id}/instemming */
/*
 * The "Bundeling" section of assignment assignment_id's page into b: the
 * proposals it was in, and for a bundled assignment its originals (links),
 * for an original the assignment it went into. Nothing when there are none.
 * 0 or a code (err set).
 */
NB_MUST_USE int nb_web_bundle_section(nb_buf *b, nb_store *st, int64_t assignment_id, nb_err *err);

/* urenbegroting.c: the hours budget of a year (issue 10 §3) */
int nb_web_budget(nb_web_req *w, nb_resp *resp);      /* GET /urenbegroting */
int nb_web_budget_csv(nb_web_req *w, nb_resp *resp);  /* GET /urenbegroting.csv */
int nb_web_budget_xlsx(nb_web_req *w, nb_resp *resp); /* GET /urenbegroting.xlsx */
/*
 * The MT start page's block "Urenbegroting <year>" into b: a warning
 * (utrecht-alert) per organisation projected past its credit line this year,
 * or a line saying there is none, and a link to /urenbegroting. who: the
 * rows it may see. 0 or a code (err set).
 */
NB_MUST_USE int nb_web_budget_alerts(nb_buf *b, nb_store *st, const nb_principal *who, nb_err *err);
/* programmas.c and werkvoorraad.c: programmes and the work stock (issue 10 §1) */
int nb_web_programmes(nb_web_req *w, nb_resp *resp);       /* GET /programmas */
int nb_web_programme_new(nb_web_req *w, nb_resp *resp);    /* GET /programmas/nieuw */
int nb_web_programme_create(nb_web_req *w, nb_resp *resp); /* POST /programmas/nieuw */
int nb_web_programme(nb_web_req *w, nb_resp *resp);        /* GET /programmas/{id} */
int nb_web_programme_edit(nb_web_req *w, nb_resp *resp);   /* GET .../{id}/wijzigen */
int nb_web_programme_update(nb_web_req *w, nb_resp *resp); /* POST .../{id}/wijzigen */
int nb_web_workload(nb_web_req *w, nb_resp *resp);         /* GET /werkvoorraad */
/* rapportages.c: the reports (issue 11 §3; store/reports.h) */
int nb_web_reports(nb_web_req *w, nb_resp *resp);        /* GET /rapportages */
int nb_web_report_college(nb_web_req *w, nb_resp *resp); /* GET /rapportages/college */
int nb_web_report_raad(nb_web_req *w, nb_resp *resp);    /* GET /rapportages/raad */
int nb_web_report_advies(nb_web_req *w, nb_resp *resp);  /* GET /rapportages/advies */

#endif
