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
/* opdrachten_list.c, opdrachten_form.c, opdrachten_detail.c: assignments */
int nb_web_asg_list(nb_web_req *w, nb_resp *resp);    /* GET /opdrachten */
int nb_web_asg_new(nb_web_req *w, nb_resp *resp);     /* GET /opdrachten/nieuw */
int nb_web_asg_create(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/nieuw */
int nb_web_asg_detail(nb_web_req *w, nb_resp *resp);  /* GET /opdrachten/{id} */
int nb_web_asg_status(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/{id}/status */
int nb_web_asg_consent(nb_web_req *w, nb_resp *resp); /* POST /opdrachten/{id}/instemming */
int nb_web_asg_edit(nb_web_req *w, nb_resp *resp);    /* GET /opdrachten/{id}/wijzigen */
int nb_web_asg_update(nb_web_req *w, nb_resp *resp);  /* POST /opdrachten/{id}/wijzigen */

#endif
