/*
 * web/opdrachten.h — what the assignment pages share (opdrachten_list.c,
 * opdrachten_form.c, opdrachten_detail.c): Dutch labels of statuses and
 * kinds, the status badge, and the organisations of the network by id.
 */
#ifndef NB_WEB_OPDRACHTEN_H
#define NB_WEB_OPDRACHTEN_H

#include "util/attr.h"

#include "core/assignment.h"
#include "store/organisations.h"
#include "util/buf.h"

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

#endif
