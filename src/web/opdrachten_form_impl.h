/*
 * web/opdrachten_form_impl.h — what the three files of the assignment form
 * (/opdrachten/nieuw and /opdrachten/{id}/wijzigen) share: the form's state,
 * reading it (opdrachten_form_read.c: text into an nb_asg, errors next to
 * their fields), writing it (opdrachten_form_render.c: the page with its
 * choices) and the handlers that tie them to the store
 * (opdrachten_form.c). Internal to web/; the routes are web/opdrachten.h.
 */
#ifndef NB_WEB_OPDRACHTEN_FORM_IMPL_H
#define NB_WEB_OPDRACHTEN_FORM_IMPL_H

#include "util/attr.h"

#include "store/asg_rules.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#define NB_AF_REQUESTERS 4                   /* requester rows */
#define NB_AF_LINES 5                        /* line rows at first; "Meer regels" adds as many */
#define NB_AF_LINES_MAX NB_WEB_ASG_LINES_MAX /* the form stays within NB_WEB_FORM_FIELDS */
#define NB_AF_HOURS_MAX 100000
/* The id of the lines group's one explanation of the month profile, which
 * every line's maandprofiel field points to (aria-describedby). */
#define NB_AF_PROFILE_HINT "regels-maandprofiel-uitleg"

/* One form's worth of state: the rows shown, the assignment read from it,
 * which row each requester and line came from (for the errors), errors. */
typedef struct nb_af_state {
    const char *action;            /* the form's path */
    int nlines;                    /* line rows shown */
    int req_row[NB_AF_REQUESTERS]; /* requester index -> row number (1-based) */
    int line_row[NB_AF_LINES_MAX]; /* line index -> row number */
    nb_web_errors errs;
} nb_af_state;

/* ---- Reading (opdrachten_form_read.c) ---- */

/* The value of field name of w's form, "" when absent (borrowed from the form). */
const char *nb_af_get(const nb_web_req *w, const char *name);

/* Adds the message (printf) for field to s unless field has one already. */
void nb_af_err(nb_af_state *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The number of line rows the form showed (its hidden regelrijen, NB_AF_LINES..NB_AF_LINES_MAX). */
int nb_af_line_rows(const nb_web_req *w);

/* Reads the form into a (caller-owned, cleared here; its lines' month
 * profiles go to a's own arena); adds the form's own errors (what is
 * missing or not a number) to s, which also learns the rows. */
void nb_af_read(const nb_web_req *w, nb_asg *a, nb_af_state *s);

/* Adds problem p of nb_asg_check to s next to its form field. */
void nb_af_problem(nb_af_state *s, const nb_assignment_problem *p);

/* ---- Writing (opdrachten_form_render.c) ---- */

/* Answers the form page for s with status (200, 409, 422): the choices
 * loaded from the store, what was typed shown again; fresh: a new form
 * (defaults filled in). 0, or the code with resp set. */
NB_MUST_USE int nb_af_page(nb_web_req *w, nb_resp *resp, const nb_af_state *s, int status,
                           int fresh);

#endif
