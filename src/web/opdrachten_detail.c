/*
 * web/opdrachten_detail.c — GET /opdrachten/{id}: one assignment with its
 * lines, requesters and shares, the consent of each requesting organisation
 * (DOMAIN rule 9), its team (allocations) with hours planned and approved,
 * and its history from the audit log. Every logged-in role reads it, as
 * GET /api/v1/opdrachten/{id} allows.
 *
 * Actions, by role, through the same store functions as the API:
 *   - POST /opdrachten/{id}/instemming: a coordinator of a co-requesting
 *     organisation consents to its share (nb_asg_consent_agree, as PUT
 *     /api/v1/opdrachten/{id}/instemmingen/{org});
 *   - POST /opdrachten/{id}/status: the legal next states the caller may
 *     choose are buttons (nb_asg_change_status, as PUT …/status): beheer's
 *     intake accepts or rejects (geannuleerd, with a reason, kept in the
 *     audit log); a coordinator submits or withdraws its own concept, or
 *     cancels before staffing. An illegal or forbidden change is answered
 *     with the page and the reason (409/403);
 *   - a concept links to its form, /opdrachten/{id}/wijzigen (opdrachten_edit.c).
 */
#include "store/allocations.h"
#include "store/asg_rules.h"
#include "store/audit.h"
#include "store/competencies.h"
#include "store/people.h"
#include "store/programmes.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_AD_REASON_MAX 500

/* ---- Small helpers ------------------------------------------------------------ */

static void nb_ad_date(nb_buf *b, const char *iso)
{
    char text[NB_WEB_FMT_LEN];
    NB_IGNORE(nb_web_fmt_date(iso, text), "a stored date that does not parse is shown as stored");
    nb_html_text(b, text);
}

/* The Amsterdam day of a stored UTC time "YYYY-MM-DDTHH:MM:SSZ", as Dutch text. */
static void nb_ad_when(nb_buf *b, const char *at)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_instant_day(at, text);
    nb_html_text(b, text);
}

static void nb_ad_hours(nb_buf *b, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_html_text(b, text);
}

/* A person's name; for a lezer (college, council: no personal data, issue 8
 * §4) only "een medewerker". */
static void nb_ad_person(nb_buf *b, const nb_web_req *w, int64_t id)
{
    if (w->req->who->role == NB_ROLE_LEZER) {
        nb_html_lit(b, "een medewerker");
        return;
    }
    nb_store *st = w->req->st;
    nb_person *p = calloc(1, sizeof *p);
    nb_err err = {{0}};
    if (p != NULL && nb_person_get(st, id, p, &err) == 0)
        nb_html_text(b, p->name);
    else
        nb_html_lit(b, "onbekende medewerker");
    free(p);
}

static void nb_ad_comp(nb_buf *b, nb_store *st, int64_t id)
{
    nb_comp *c = calloc(1, sizeof *c);
    nb_err err = {{0}};
    if (c != NULL && nb_comp_get(st, id, c, &err) == 0)
        nb_html_text(b, c->name);
    else
        nb_html_lit(b, "onbekende competentie");
    free(c);
}

#define NB_AD_TD "<td class=\"utrecht-table__cell\">"
#define NB_AD_TDN "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">"

/* ---- The parts of the page ------------------------------------------------------ */

typedef struct nb_ad {
    nb_web_req *w;
    nb_asg *a;
    nb_web_orgs orgs;
    nb_consent_row *consents;
    size_t nconsents;
    nb_alloc *allocs;
    size_t nallocs, cap;
    int64_t line_planned[NB_ASG_MAX_LINES];
    int64_t line_posted[NB_ASG_MAX_LINES];
} nb_ad;

static int nb_ad_alloc_add(void *ctx, const nb_alloc *al)
{
    nb_ad *d = ctx;
    if (d->nallocs == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        nb_alloc *v = realloc(d->allocs, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        d->allocs = v;
        d->cap = cap;
    }
    d->allocs[d->nallocs++] = *al;
    for (size_t i = 0; i < d->a->nlines; i++)
        if (d->a->lines[i].id == al->line_id) {
            d->line_planned[i] += al->minutes;
            d->line_posted[i] += al->minutes_posted;
        }
    return 0;
}

static void nb_ad_facts(nb_buf *b, nb_ad *d)
{
    const nb_asg *a = d->a;
    nb_web_dl_open(b);
    nb_web_dl_key(b, "Status");
    nb_web_asg_badge(b, a->status);
    nb_web_dl_item_end(b);
    nb_web_dl_key(b, "Soort");
    nb_html_text(b, nb_web_asg_kind_label(a->kind));
    nb_html_lit(b, "; werksoort ");
    nb_html_text(b, a->work_type);
    nb_web_dl_item_end(b);
    nb_web_dl_key(b, "Gewenste periode");
    nb_ad_date(b, a->start_date);
    nb_html_lit(b, " tot en met ");
    nb_ad_date(b, a->end_date);
    nb_web_dl_item_end(b);
    nb_web_dl_key(b, "Prioriteit");
    nb_html_int(b, a->priority);
    if (a->priority == 1)
        nb_html_lit(b, " (hoogst)");
    else if (a->priority == 5)
        nb_html_lit(b, " (laagst)");
    nb_web_dl_item_end(b);
    nb_web_dl_key(b, "Programma");
    if (a->programme_id > 0) {
        nb_err err = {{0}};
        nb_prog *p = malloc(sizeof *p);
        char href[48];
        snprintf(href, sizeof href, "/programmas/%lld", (long long)a->programme_id);
        nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
        nb_html_url(b, href);
        nb_html_lit(b, "\">");
        if (p != NULL && nb_prog_get(d->w->req->st, a->programme_id, p, &err) == 0)
            nb_html_text(b, p->name);
        else
            nb_html_text(b, href + 1);
        nb_html_lit(b, "</a>");
        free(p);
    } else {
        nb_html_lit(b, "Geen");
    }
    nb_web_dl_item_end(b);
    nb_web_dl_item(b, "Bestuurlijk opdrachtgever", a->sponsor);
    nb_web_dl_key(b, "Ambtelijk opdrachtgever");
    nb_ad_person(b, d->w, a->client_person_id);
    nb_web_dl_item_end(b);
    if (a->description[0])
        nb_web_dl_item(b, "Omschrijving", a->description);
    nb_web_dl_close(b);
}

/* Requesters, shares and consents; the consent form for the caller's organisation. */
static void nb_ad_requesters(nb_buf *b, nb_ad *d)
{
    const nb_asg *a = d->a;
    const nb_principal *who = d->w->req->who;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Aanvragers en instemming</h2>\n");
    if (a->kind == NB_ASSIGNMENT_REGIONAAL) {
        const nb_consent_row *net = nb_asg_consent_network(d->consents, d->nconsents);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Een regionale opdracht komt ten laste "
                       "van alle leden volgens de verdeelsleutel van het netwerk. ");
        if (net) {
            nb_html_lit(b, "Het netwerkmanagementteam heeft haar geaccepteerd op ");
            nb_ad_when(b, net->created_at);
            nb_html_lit(b, ".</p>\n");
        } else {
            nb_html_lit(b, "Zolang het netwerkmanagementteam haar niet heeft geaccepteerd, "
                           "wordt geen organisatie belast.</p>\n");
        }
        if (a->nrequesters == 0)
            return;
    }
    int64_t total = 0;
    for (size_t i = 0; i < a->nrequesters; i++)
        total += a->requesters[i].share;
    static const nb_web_col aanvragers_cols[] = {
        {"Organisatie", 0, NULL}, {"Aandeel", 1, NULL}, {"Instemming", 0, NULL}};
    nb_web_table_open(b, "aanvragers-bijschrift", "Aanvragende organisaties", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, aanvragers_cols);
    int may_consent = 0;
    for (size_t i = 0; i < a->nrequesters; i++) {
        int64_t org = a->requesters[i].organisation_id;
        nb_html_lit(b, "<tr class=\"utrecht-table__row\">" NB_AD_TD);
        nb_html_text(b, nb_web_orgs_name(&d->orgs, org));
        nb_html_lit(b, "</td>" NB_AD_TDN);
        char pct[NB_WEB_FMT_LEN];
        nb_web_fmt_decimal(total > 0 ? (a->requesters[i].share * 1000 + total / 2) / total : 0, 1,
                           pct);
        nb_html_text(b, a->kind == NB_ASSIGNMENT_LOKAAL ? "100" : pct);
        nb_html_lit(b, " %</td>" NB_AD_TD);
        const nb_consent_row *c = a->kind == NB_ASSIGNMENT_REGIONAAL
                                      ? NULL
                                      : nb_asg_consent_covering(d->consents, d->nconsents, a, org);
        if (a->kind == NB_ASSIGNMENT_REGIONAAL) {
            nb_html_lit(b, "Volgens de verdeelsleutel");
        } else if (c) {
            nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--safe\">"
                           "Ingestemd</span> op ");
            nb_ad_when(b, c->created_at);
            if (c->basis == NB_CONSENT_REQUESTER)
                nb_html_lit(b, " (als indiener)");
            else
                nb_html_lit(b, " (door de coördinator)");
        } else {
            nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--neutral\">"
                           "Nog niet ingestemd</span>");
            if (who->role == NB_ROLE_COORDINATOR && who->organisation_id == org &&
                !nb_assignment_status_is_final(a->status))
                may_consent = 1;
        }
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
    if (may_consent) {
        char action[64];
        snprintf(action, sizeof action, "/opdrachten/%lld/instemming", (long long)a->id);
        nb_html_lit(b, "<h3 class=\"utrecht-heading-3\">Instemmen namens uw organisatie</h3>\n"
                       "<p class=\"utrecht-paragraph\">Uw organisatie wordt pas belast voor haar "
                       "aandeel als u instemt.</p>\n");
        nb_web_form_open(b, d->w, action);
        nb_web_form_field(b, NULL, "notitie", "text", "Toelichting (niet verplicht)",
                          "Bijvoorbeeld het collegebesluit.", NULL, "off");
        nb_html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" "
                       "type=\"submit\">Instemmen met ons aandeel</button>\n</form>\n");
    }
}

static void nb_ad_lines(nb_buf *b, nb_ad *d)
{
    const nb_asg *a = d->a;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Gevraagde competenties</h2>\n");
    static const nb_web_col regels_cols[] = {{"Competentie", 0, NULL}, {"Minimumniveau", 1, NULL},
                                             {"Gevraagd", 1, NULL},    {"Maandprofiel", 0, NULL},
                                             {"Gepland", 1, NULL},     {"Goedgekeurd", 1, NULL}};
    nb_web_table_open(b, "regels-bijschrift", "Regels: gevraagd, gepland en goedgekeurd", NULL,
                      NULL);
    NB_WEB_TABLE_HEAD(b, regels_cols);
    for (size_t i = 0; i < a->nlines; i++) {
        nb_html_lit(b, "<tr class=\"utrecht-table__row\">" NB_AD_TD);
        nb_ad_comp(b, d->w->req->st, a->lines[i].competency_id);
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_html_int(b, a->lines[i].min_level);
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_ad_hours(b, a->lines[i].minutes);
        nb_html_lit(b, "</td>" NB_AD_TD);
        if (a->lines[i].nprofile > 0) {
            char prof[NB_PROFILE_TEXT_MAX * 2];
            nb_line_profile_format(a->lines[i].profile, a->lines[i].nprofile, 1, prof, sizeof prof);
            nb_html_text(b, prof);
        } else {
            nb_html_lit(b, "naar de dagen van de periode");
        }
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_ad_hours(b, d->line_planned[i]);
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_ad_hours(b, d->line_posted[i]);
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_ad_team(nb_buf *b, nb_ad *d)
{
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Team</h2>\n");
    if (d->nallocs == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Nog niemand ingezet. Na acceptatie stelt "
                       "het netwerkmanagementteam een team voor.</p>\n");
        return;
    }
    static const nb_web_col team_cols[] = {{"Medewerker", 0, NULL},
                                           {"Organisatie", 0, NULL},
                                           {"Status", 0, NULL},
                                           {"Gepland", 1, NULL},
                                           {"Goedgekeurd", 1, NULL}};
    nb_web_table_open(b, "team-bijschrift", "Inzet: gepland en goedgekeurd per medewerker", NULL,
                      NULL);
    NB_WEB_TABLE_HEAD(b, team_cols);
    for (size_t i = 0; i < d->nallocs; i++) {
        const nb_alloc *al = &d->allocs[i];
        nb_html_lit(b, "<tr class=\"utrecht-table__row\">" NB_AD_TD);
        nb_ad_person(b, d->w, al->person_id);
        nb_html_lit(b, "</td>" NB_AD_TD);
        nb_html_text(b, nb_web_orgs_name(&d->orgs, al->person_org_id));
        nb_html_lit(b, "</td>" NB_AD_TD);
        nb_html_text(b, al->status);
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_ad_hours(b, al->minutes);
        nb_html_lit(b, "</td>" NB_AD_TDN);
        nb_ad_hours(b, al->minutes_posted);
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
}

/* The Dutch button text for a move to s from the current status. */
static const char *nb_ad_button(nb_assignment_status from, nb_assignment_status to, int beheer)
{
    switch (to) {
    case NB_ASSIGNMENT_INGEDIEND:
        return "Indienen";
    case NB_ASSIGNMENT_GEACCEPTEERD:
        return "Accepteren";
    case NB_ASSIGNMENT_BEMENST:
        return "Markeren als bemenst";
    case NB_ASSIGNMENT_IN_UITVOERING:
        return "Starten (in uitvoering)";
    case NB_ASSIGNMENT_AFGEROND:
        return "Afronden";
    case NB_ASSIGNMENT_GEANNULEERD:
        if (beheer && from == NB_ASSIGNMENT_INGEDIEND)
            return "Afwijzen";
        return from == NB_ASSIGNMENT_CONCEPT ? "Intrekken" : "Annuleren";
    default:
        return nb_web_asg_status_label(to);
    }
}

/* The status changes the caller may make: one form per legal next state. */
static void nb_ad_actions(nb_buf *b, nb_ad *d, const nb_web_errors *errs)
{
    const nb_asg *a = d->a;
    const nb_principal *who = d->w->req->who;
    nb_err err = {{0}};
    if (nb_asg_may_change(who, a, &err) != 0)
        return;
    int beheer = who->role == NB_ROLE_BEHEER, any = 0;
    char action[64];
    if (a->status == NB_ASSIGNMENT_CONCEPT) {
        snprintf(action, sizeof action, "/opdrachten/%lld/wijzigen", (long long)a->id);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"");
        nb_html_url(b, action);
        nb_html_lit(b, "\">Concept wijzigen</a></p>\n");
    }
    snprintf(action, sizeof action, "/opdrachten/%lld/status", (long long)a->id);
    for (int s = 0; s < NB_ASSIGNMENT_STATUS_COUNT; s++) {
        nb_assignment_status to = (nb_assignment_status)s;
        if (!nb_assignment_transition_legal(a->status, to) ||
            nb_asg_may_transition(who, a->status, to, &err) != 0)
            continue;
        if (!any)
            nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Status wijzigen</h2>\n"
                           "<p class=\"utrecht-paragraph\">Nu: ");
        if (!any) {
            nb_html_text(b, nb_web_asg_status_label(a->status));
            nb_html_lit(b, ". Dit kan nu:</p>\n");
        }
        any = 1;
        nb_web_form_open(b, d->w, action);
        nb_html_lit(b, "<input type=\"hidden\" name=\"status\" value=\"");
        nb_html_attr(b, nb_assignment_status_name(to));
        nb_html_lit(b, "\">\n");
        if (to == NB_ASSIGNMENT_GEANNULEERD)
            nb_web_form_textarea(b, errs, "reden",
                                 beheer ? "Reden (verplicht)"
                                        : "Reden (niet "
                                          "verplicht)",
                                 "De reden komt in de geschiedenis van de opdracht.", NULL);
        nb_html_lit(b, "<button class=\"utrecht-button ");
        if (to == NB_ASSIGNMENT_GEANNULEERD)
            nb_html_lit(b, "utrecht-button--secondary-action");
        else
            nb_html_lit(b, "utrecht-button--primary-action");
        nb_html_lit(b, "\" type=\"submit\">");
        nb_html_text(b, nb_ad_button(a->status, to, beheer));
        nb_html_lit(b, "</button>\n</form>\n");
    }
}

typedef struct nb_ad_hist {
    nb_buf *b;
    const nb_web_orgs *orgs;
    int n;
} nb_ad_hist;

static int nb_ad_hist_row(void *ctx, const nb_audit_row *row)
{
    nb_ad_hist *h = ctx;
    nb_buf *b = h->b;
    json_t *j = json_loads(row->detail, 0, NULL);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\">" NB_AD_TD);
    nb_ad_when(b, row->at);
    nb_html_lit(b, "</td>" NB_AD_TD);
    if (strcmp(row->action, "create") == 0) {
        nb_html_lit(b, "Aangemaakt");
    } else if (strcmp(row->action, "update") == 0) {
        nb_html_lit(b, "Gewijzigd");
    } else if (strcmp(row->action, "status") == 0) {
        nb_assignment_status from, to;
        const char *van = json_string_value(json_object_get(j, "van"));
        const char *naar = json_string_value(json_object_get(j, "naar"));
        const char *reden = json_string_value(json_object_get(j, "reden"));
        nb_html_lit(b, "Status van ");
        nb_html_text(b, van && nb_assignment_status_parse(van, &from) == 0
                            ? nb_web_asg_status_label(from)
                            : "?");
        nb_html_lit(b, " naar ");
        nb_html_text(b, naar && nb_assignment_status_parse(naar, &to) == 0
                            ? nb_web_asg_status_label(to)
                            : "?");
        if (reden) {
            nb_html_lit(b, "; reden: ");
            nb_html_text(b, reden);
        }
    } else if (strcmp(row->action, "instemming") == 0) {
        json_int_t org = json_integer_value(json_object_get(j, "organisatieId"));
        if (org > 0) {
            nb_html_lit(b, "Instemming van ");
            nb_html_text(b, nb_web_orgs_name(h->orgs, org));
        } else {
            nb_html_lit(b, "Geaccepteerd door het netwerk (verdeelsleutel)");
        }
    } else {
        nb_html_text(b, row->action);
    }
    nb_html_lit(b, "</td>" NB_AD_TD);
    nb_html_text(b, row->actor);
    nb_html_lit(b, " (");
    nb_html_text(b, row->role);
    nb_html_lit(b, ")</td></tr>\n");
    json_decref(j);
    h->n++;
    return 0;
}

static int nb_ad_history(nb_buf *b, nb_ad *d, nb_err *err)
{
    nb_buf rows = NB_BUF_INIT;
    nb_ad_hist h = {&rows, &d->orgs, 0};
    nb_audit_filter f = {.entity = "opdracht", .entity_id = d->a->id};
    int rc = nb_audit_list(d->w->req->st, &f, 0, 50, nb_ad_hist_row, &h, NULL, err);
    if (rc == 0 && h.n > 0) {
        nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Geschiedenis</h2>\n");
        static const nb_web_col geschiedenis_cols[] = {
            {"Datum", 0, NULL}, {"Wat", 0, NULL}, {"Door", 0, NULL}};
        nb_web_table_open(b, "geschiedenis-bijschrift", "Geschiedenis, nieuwste eerst", NULL, NULL);
        NB_WEB_TABLE_HEAD(b, geschiedenis_cols);
        nb_buf_append(b, rows.data ? rows.data : "", rows.len);
        if (rows.oom)
            b->oom = 1;
        nb_web_table_close(b);
    }
    nb_buf_free(&rows);
    return rc;
}

/* ---- Handlers ------------------------------------------------------------------- */

/* The path id, or 0. */

int nb_web_asg_page(nb_web_req *w, nb_resp *resp, int64_t id, int status, const char *problem,
                    const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_ad d;
    memset(&d, 0, sizeof d);
    d.w = w;
    d.a = calloc(1, sizeof *d.a);
    int rc = d.a ? 0 : NB_ENOMEM;
    if (rc == 0)
        rc = nb_asg_get(w->req->st, id, d.a, &err);
    if (rc == 0)
        rc = nb_web_orgs_load(w->req->st, &d.orgs, &err);
    if (rc == 0)
        rc = nb_consent_list(w->req->st, id, &d.consents, &d.nconsents, &err);
    nb_alloc_filter af = {.assignment_id = id};
    if (rc == 0)
        rc = nb_alloc_list(w->req->st, &af, 0, -1, nb_ad_alloc_add, &d, NULL, &err);
    if (rc != 0)
        goto cleanup;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    if (problem) {
        nb_html_lit(&b, "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\">"
                        "<div class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph\">");
        nb_html_text(&b, problem);
        nb_html_lit(&b, "</p></div></div>\n");
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">");
    nb_html_text(&b, d.a->title);
    nb_html_lit(&b, "</h2>\n");
    nb_ad_facts(&b, &d);
    nb_ad_actions(&b, &d, errs);
    nb_ad_requesters(&b, &d);
    nb_ad_lines(&b, &d);
    nb_ad_team(&b, &d);
    if ((rc = nb_web_bundle_section(&b, w->req->st, id, &err)) != 0 ||
        (rc = nb_web_lessons_section(&b, w, d.a, &d.orgs, errs, &err)) != 0 ||
        (rc = nb_ad_history(&b, &d, &err)) != 0)
        goto cleanup;
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/opdrachten\">Terug naar alle opdrachten</a></p>\n");
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_web_orgs_free(&d.orgs);
    free(d.consents);
    free(d.allocs);
    free(d.a);
    return rc;
}

int nb_web_asg_detail(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_web_path_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Deze opdracht bestaat niet.");
    return nb_web_asg_page(w, resp, id, 200, NULL, NULL);
}

int nb_web_asg_status(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_web_path_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Deze opdracht bestaat niet.");
    const char *name = nb_web_form_get(w->form, "status");
    const char *reason = nb_web_form_get(w->form, "reden");
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_assignment_status to;
    if (name == NULL || nb_assignment_status_parse(name, &to) != 0)
        return nb_web_asg_page(w, resp, id, 422,
                               "Kies een van de knoppen om de status te wijzigen.", NULL);
    if (reason && strlen(reason) > (size_t)NB_AD_REASON_MAX * 4)
        nb_web_error_add(&errs, "reden", "De reden is te lang (hoogstens 500 tekens).");
    else if (to == NB_ASSIGNMENT_GEANNULEERD && w->req->who->role == NB_ROLE_BEHEER &&
             (reason == NULL || reason[0] == '\0'))
        nb_web_error_add(&errs, "reden", "Vul de reden in waarom de opdracht niet doorgaat.");
    if (errs.count > 0)
        return nb_web_asg_page(w, resp, id, 422, NULL, &errs);
    nb_err err = {{0}};
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    int rc = nb_asg_change_status(w->req->st, &w->req->actor, w->req->who, id, to, reason, a, &err);
    free(a);
    if (rc == NB_EFORBIDDEN || rc == NB_ECONFLICT)
        return nb_web_asg_page(w, resp, id, rc == NB_EFORBIDDEN ? 403 : 409, err.msg, NULL);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", (long long)id);
    return nb_web_redirect(resp, path, NB_WEB_FLASH_ASG_STATUS);
}

int nb_web_asg_consent(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_web_path_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Deze opdracht bestaat niet.");
    const char *note = nb_web_form_get(w->form, "notitie");
    if (note && strlen(note) > (size_t)NB_CONSENT_NOTE_MAX * 4) {
        nb_web_errors errs;
        memset(&errs, 0, sizeof errs);
        nb_web_error_add(&errs, "notitie", "De toelichting is te lang (hoogstens 500 tekens).");
        return nb_web_asg_page(w, resp, id, 422, NULL, &errs);
    }
    nb_err err = {{0}};
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    int rc = nb_asg_get(w->req->st, id, a, &err);
    if (rc == 0)
        rc = nb_asg_consent_agree(w->req->st, &w->req->actor, w->req->who, a,
                                  w->req->who->organisation_id, note, &err);
    free(a);
    if (rc == NB_EFORBIDDEN || rc == NB_ECONFLICT)
        return nb_web_asg_page(w, resp, id, rc == NB_EFORBIDDEN ? 403 : 409, err.msg, NULL);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char path[64];
    snprintf(path, sizeof path, "/opdrachten/%lld", (long long)id);
    return nb_web_redirect(resp, path, NB_WEB_FLASH_ASG_CONSENT);
}
