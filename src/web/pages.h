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

int nb_web_accessibility(nb_web_req *w, nb_resp *resp); /* GET /toegankelijkheidsverklaring */
int nb_web_privacy(nb_web_req *w, nb_resp *resp);       /* GET /privacyverklaring */
int nb_web_network(nb_web_req *w, nb_resp *resp);       /* GET /netwerk */

/* organisatie.c, afschrift.c, medewerkers_list.c, medewerkers_edit.c: the
 * coordinator's pages and the balance/statement pages */
int nb_web_organisation(nb_web_req *w, nb_resp *resp);     /* GET /organisatie */
int nb_web_statement(nb_web_req *w, nb_resp *resp);        /* GET /organisaties/{id}/afschrift */
int nb_web_statement_csv(nb_web_req *w, nb_resp *resp);    /* GET .../afschrift.csv */
int nb_web_people(nb_web_req *w, nb_resp *resp);           /* GET /medewerkers */
int nb_web_person(nb_web_req *w, nb_resp *resp);           /* GET /medewerkers/{id} */
int nb_web_person_edit(nb_web_req *w, nb_resp *resp);      /* GET /medewerkers/{id}/bewerken */
int nb_web_person_edit_post(nb_web_req *w, nb_resp *resp); /* POST /medewerkers/{id}/bewerken */

#endif
