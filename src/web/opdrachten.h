/*
 * web/opdrachten.h — what the assignment pages share (opdrachten_list.c,
 * opdrachten_form.c, opdrachten_detail.c): Dutch labels of statuses and
 * kinds, the status badge, and the organisations of the network by id.
 */
#ifndef NB_WEB_OPDRACHTEN_H
#define NB_WEB_OPDRACHTEN_H

#include "util/attr.h"

#include "core/assignment.h"
#include "store/assignments.h"
#include "store/organisations.h"
#include "util/buf.h"
#include "web/layout.h"
#include "web/web.h"

#include <stddef.h>

/* "Concept", "In uitvoering", ...; static. */
const char *nb_web_asg_status_label(nb_assignment_status s);

/* "Lokaal", "Meervoudig lokaal", "Regionaal"; static. */
const char *nb_web_asg_kind_label(nb_assignment_kind k);

/* The NL Design System status badge of s (utrecht-status-badge, Dutch label). */
void nb_web_asg_badge(nb_buf *b, nb_assignment_status s);

/* Every organisation of the network, in id order. */
typedef struct nb_web_orgs {
    nb_org *v;
    size_t n, cap;
} nb_web_orgs;

/* Loads all organisations into o (zeroed by the caller; free with
 * nb_web_orgs_free). Returns 0 or a negative code. */
NB_MUST_USE int nb_web_orgs_load(nb_store *st, nb_web_orgs *o, nb_err *err);
void nb_web_orgs_free(nb_web_orgs *o);

/* The name of organisation id, or "organisatie ?" (borrowed from o). */
const char *nb_web_orgs_name(const nb_web_orgs *o, int64_t id);

/* ---- The assignment's page (opdrachten_detail.c) ----------------------- */

/* The page of assignment id with status; problem (may be NULL) as an alert at
 * the top, errs (may be NULL) next to the fields of its forms (the status
 * reason, the lesson form). Returns what nb_web_reply returns. */
int nb_web_asg_page(nb_web_req *w, nb_resp *resp, int64_t id, int status, const char *problem,
                    const nb_web_errors *errs);

/* ---- Lessons learned on the assignment's page (leerervaringen.c) --------- */

/* Writes the section "Leerervaringen" of assignment a: its lessons and, for
 * a caller who may write one, the form (errs: its errors; what was typed
 * comes from w->form then). orgs names the writers' organisations. 0 or a
 * store error (err). */
NB_MUST_USE int nb_web_lessons_section(nb_buf *b, const nb_web_req *w, const nb_asg *a,
                                       const nb_web_orgs *orgs, const nb_web_errors *errs,
                                       nb_err *err);

/* ---- The assignment form (opdrachten_form.c) ------------------------------ */

/*
 * Shows the assignment form posting to action (a path) with status. fresh:
 * the first view of a new assignment (five empty lines, the coordinator's
 * own organisation as the first requester); otherwise the values come from
 * w->form (what was typed, or an assignment's values, opdrachten_edit.c).
 * Returns what nb_web_reply returns.
 */
/* Line rows the assignment form shows at most: four fields a line (competency,
 * level, hours, month profile) and the form stays within NB_WEB_FORM_FIELDS
 * (22 other fields: 80 - 22 = 58, so 14 rows). */
#define NB_WEB_ASG_LINES_MAX 14

int nb_web_asg_form_show(nb_web_req *w, nb_resp *resp, const char *action, int status, int fresh);

/* The form of w->form (an assignment's current values, opdrachten_edit.c)
 * with status 409 and NB_WEB_STALE_MESSAGE at the top: someone else saved
 * the assignment since this form was read (docs/web.md "Two editors"). */
int nb_web_asg_form_stale(nb_web_req *w, nb_resp *resp, const char *action);

/*
 * Handles a POST of the form to action: "Meer regels" shows it again with
 * five more lines; otherwise it reads the form, checks it with
 * store/asg_rules.h nb_asg_check and creates the assignment (old NULL,
 * nb_asg_create_checked) or changes old (nb_asg_update_checked), then 303 to
 * its page with a flash message; 422 with the errors next to the fields, or
 * 409 for a change the status no longer allows. Returns 0 or NB_ENOMEM.
 */
int nb_web_asg_form_post(nb_web_req *w, nb_resp *resp, const char *action, const nb_asg *old);

#endif
