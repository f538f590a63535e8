/*
 * web/mt_team.c — team proposals for the Netwerk-MT (role beheer):
 *   GET  /teamvoorstellen                    the proposals (25 per page) and
 *                                            the form to make one: only the
 *                                            assignments that still need
 *                                            people (?zoek= when many), and
 *                                            "per maand plannen"
 *   POST /teamvoorstellen                    make one for the chosen assignments
 *   GET  /teamvoorstellen/{id}               per line the proposed person with
 *                                            the reasons and cost parts, the
 *                                            shortages with their cause
 *   POST /teamvoorstellen/{id}/acceptatie    accept the chosen or all lines
 * Making and accepting run store/team_proposals.h, the path of POST
 * /api/v1/teamvoorstellen and …/acceptatie: the eligibility and consent
 * checks (DOMAIN rule 9) decide, and a refusal is shown as a readable error
 * naming the organisations without consent (409, nothing written).
 * Checkboxes have one name per item ("opdracht-<id>", "regel-<id>"): a form
 * field never comes twice (web/form.c).
 */
#include "store/assignments.h"
#include "store/ledger_store.h"
#include "store/organisations.h"
#include "store/team_proposals.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/mt.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_TV_PAGE 25
#define NB_TV_OPEN_SEARCH 10 /* more assignments needing people than this: a search */
#define NB_TV_OPEN_SHOWN 50  /* at most this many on the form at once */

/* ---- The list and the form to make one ------------------------------------ */

static void nb_tv_status_badge(nb_buf *b, const char *status)
{
    if (strcmp(status, "geaccepteerd") == 0)
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--safe\">");
    else if (strcmp(status, "concept") == 0 || strcmp(status, "deels-geaccepteerd") == 0)
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--warning\">");
    else
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--neutral\">");
    nb_html_text(b, status);
    nb_html_lit(b, "</span>");
}

static int nb_tv_list_row(void *ctx, const nb_proposal *p)
{
    nb_buf *b = ctx;
    char text[64];
    snprintf(text, sizeof text, "Teamvoorstel %lld", (long long)p->id);
    nb_web_row_head_open(b);
    nb_mt_link_id(b, "/teamvoorstellen/", p->id, "", text);
    nb_html_lit(b, "</th><td class=\"utrecht-table__cell\">");
    nb_tv_status_badge(b, p->status);
    nb_html_lit(b, "</td>");
    char day[11];
    snprintf(day, sizeof day, "%.10s", p->created_at);
    nb_mt_td_date(b, day);
    nb_mt_td_hours(b, p->minutes_requested);
    nb_mt_td_hours(b, p->minutes_allocated);
    nb_mt_td_hours(b, p->minutes_unmet);
    nb_html_lit(b, "</tr>\n");
    return 0;
}

typedef struct nb_tv_form {
    nb_buf *b;
    const nb_web_form *form; /* what was posted (NULL on GET) */
    int64_t n;
} nb_tv_form;

/* One checkbox with its label (and an optional hint under it, described by
 * it); checked when the posted form has it. */
static void nb_tv_checkbox(nb_buf *b, const char *name, const char *label, const char *hint,
                           int checked)
{
    nb_html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox\">"
                   "<div class=\"utrecht-form-field__input\"><input type=\"checkbox\" "
                   "class=\"utrecht-checkbox utrecht-checkbox--html-input\" value=\"1\" id=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\" name=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\"");
    if (hint) {
        nb_html_lit(b, " aria-describedby=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-uitleg\"");
    }
    if (checked)
        nb_html_lit(b, " checked");
    nb_html_lit(b, "></div><div class=\"utrecht-form-field__label\"><label "
                   "class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\">");
    nb_html_text(b, label);
    nb_html_lit(b, "</label></div>");
    if (hint) {
        nb_html_lit(b, "<div class=\"utrecht-form-field-description\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-uitleg\">");
        nb_html_text(b, hint);
        nb_html_lit(b, "</div>");
    }
    nb_html_lit(b, "</div>\n");
}

/* An assignment that still needs people, as a checkbox: "title (status): nog
 * 12 uur open op 2 regels". */
static int nb_tv_asg_choice(void *ctx, const nb_tp_open *o)
{
    nb_tv_form *c = ctx;
    char name[40], label[700], h[NB_WEB_FMT_LEN];
    snprintf(name, sizeof name, "opdracht-%lld", (long long)o->id);
    nb_web_fmt_hours(o->minutes_open, h);
    snprintf(label, sizeof label, "%s (%s): nog %s open op %lld %s", o->title, o->status, h,
             (long long)o->lines_open, o->lines_open == 1 ? "regel" : "regels");
    c->n++;
    nb_tv_checkbox(c->b, name, label, NULL, c->form && nb_web_form_get(c->form, name));
    return 0;
}

/* href of page n of the list (nb_web_page_href). */
static void nb_tv_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    (void)ctx;
    nb_html_lit(b, "/teamvoorstellen?pagina=");
    nb_html_int(b, n);
}

/* The list page; errs (may be NULL) are the make form's errors. */
static int nb_tv_list_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    int64_t page = 1, total = 0;
    const char *q = nb_req_query(w->req, "pagina");
    if (q && nb_web_parse_id(q, &page) != 0)
        page = 1;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    int rc = nb_proposal_list(st, 0, 0, NULL, NULL, &total, &err);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er zijn nog geen teamvoorstellen. Kies "
                        "hieronder geaccepteerde opdrachten en laat een voorstel maken.</p>\n");
    } else {
        static const nb_web_col voorstellen_cols[] = {
            {"Voorstel", 0, NULL}, {"Status", 0, NULL},      {"Gemaakt", 0, NULL},
            {"Gevraagd", 1, NULL}, {"Voorgesteld", 1, NULL}, {"Tekort", 1, NULL}};
        nb_web_table_open(&b, "voorstellen-bijschrift", "Teamvoorstellen, nieuwste eerst", NULL,
                          NULL);
        NB_WEB_TABLE_HEAD(&b, voorstellen_cols);
        rc = nb_proposal_list(st, (page - 1) * NB_TV_PAGE, NB_TV_PAGE, nb_tv_list_row, &b, NULL,
                              &err);
        nb_web_table_close(&b);
        if (rc != 0)
            return nb_mt_fail(resp, &b, rc, &err);
        nb_web_pager(&b, "Paginering van de teamvoorstellen", page,
                     (total + NB_TV_PAGE - 1) / NB_TV_PAGE, nb_tv_page_href, NULL);
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"maken\">Teamvoorstel maken</h2>\n");
    /* Only assignments that still need people; a search when there are many. */
    const char *zoek = nb_req_query(w->req, "zoek");
    if (zoek == NULL && w->form)
        zoek = nb_web_form_get(w->form, "zoek");
    int64_t nopen = 0, nall = 0;
    if ((rc = nb_tp_open_list(st, zoek, 0, 0, NULL, NULL, &nopen, &err)) != 0 ||
        (rc = nb_tp_open_list(st, NULL, 0, 0, NULL, NULL, &nall, &err)) != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (nall > NB_TV_OPEN_SEARCH || (zoek && zoek[0])) {
        nb_html_lit(&b, "<form method=\"get\" action=\"/teamvoorstellen#maken\" "
                        "class=\"nb-filter\" aria-label=\"Opdrachten zoeken\">\n");
        nb_web_form_field(&b, NULL, "zoek", "search", "Titel bevat", NULL, zoek, "off");
        nb_html_lit(&b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
                        "type=\"submit\">Zoeken</button>\n</form>\n");
    }
    nb_web_form_open(&b, w, "/teamvoorstellen");
    if (zoek && zoek[0]) {
        nb_html_lit(&b, "<input type=\"hidden\" name=\"zoek\" value=\"");
        nb_html_attr(&b, zoek);
        nb_html_lit(&b, "\">");
    }
    const char *error = nb_web_error_for(errs, "opdrachten");
    nb_html_lit(&b,
                "<fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset\" "
                "id=\"opdrachten\"");
    if (error)
        nb_html_lit(&b, " aria-describedby=\"opdrachten-fout\"");
    nb_html_lit(&b, "><legend class=\"utrecht-form-fieldset__legend "
                    "utrecht-form-fieldset__legend--html-legend\">Voor welke opdrachten? (die nog "
                    "mensen nodig hebben)</legend>\n");
    if (error) {
        nb_html_lit(&b, "<div class=\"utrecht-form-field-error-message\" id=\"opdrachten-fout\">"
                        "<span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(&b, error);
        nb_html_lit(&b, "</div>\n");
    }
    nb_tv_form c = {&b, w->form, 0};
    if ((rc = nb_tp_open_list(st, zoek, 0, NB_TV_OPEN_SHOWN, nb_tv_asg_choice, &c, NULL, &err)) !=
        0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (c.n == 0 && zoek && zoek[0])
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Geen opdracht die nog mensen nodig heeft "
                        "past bij deze zoekterm. Zoek op een ander deel van de titel.</p>\n");
    else if (c.n == 0)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Geen geaccepteerde, bemenste of lopende "
                        "opdracht heeft nog mensen nodig. Accepteer eerst een ingediende "
                        "opdracht.</p>\n");
    else if (nopen > c.n) {
        char more[160];
        snprintf(more, sizeof more,
                 "Er zijn nog %lld opdrachten meer; zoek op een deel van de titel om ze te "
                 "vinden.",
                 (long long)(nopen - c.n));
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">");
        nb_html_text(&b, more);
        nb_html_lit(&b, "</p>\n");
    }
    nb_html_lit(&b, "</fieldset>\n");
    nb_tv_checkbox(&b, "perMaand", "Per maand plannen",
                   "Niemand wordt in een kalendermaand boven de belastingsgrens ingezet en de uren "
                   "van een regel worden over de maanden van de opdracht verdeeld. Dat is "
                   "strenger dan één venster over de hele periode, dus er kan meer open blijven; "
                   "het voorstel toont de belasting en de tekorten per maand.",
                   w->form && nb_web_form_get(w->form, "perMaand"));
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Voorstel "
                    "maken</button></div>\n</form>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_mt_proposals(nb_web_req *w, nb_resp *resp)
{
    return nb_tv_list_page(w, resp, 200, NULL);
}

int nb_web_mt_proposal_make(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    int64_t ids[NB_TP_MAX_IDS];
    size_t n = 0;
    nb_asg *a = malloc(sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    for (int i = 0; i < w->form->count && errs.count == 0; i++) {
        const char *name = w->form->fields[i].name;
        int64_t id;
        if (strncmp(name, "opdracht-", 9) != 0)
            continue;
        if (nb_web_parse_id(name + 9, &id) != 0 || n == NB_TP_MAX_IDS) {
            nb_web_error_add(&errs, "opdrachten", "Kies opdrachten uit de lijst.");
            break;
        }
        int rc = nb_asg_get(w->req->st, id, a, &err);
        if (rc == NB_ENOTFOUND || (rc == 0 && !nb_tp_status_ok(a->status))) {
            nb_web_error_add(&errs, "opdrachten",
                             "Een gekozen opdracht bestaat niet meer of is niet geaccepteerd; "
                             "kies opnieuw.");
        } else if (rc != 0) {
            free(a);
            return nb_resp_from_err(resp, rc, &err), 0;
        }
        ids[n++] = id;
    }
    free(a);
    if (errs.count == 0 && n == 0)
        nb_web_error_add(&errs, "opdrachten", "Kies ten minste één opdracht.");
    if (errs.count > 0)
        return nb_tv_list_page(w, resp, 422, &errs);
    nb_team_config cfg;
    nb_team_config_default(&cfg);
    cfg.month_buckets = nb_web_form_get(w->form, "perMaand") != NULL;
    int64_t id = 0;
    int rc = nb_tp_make(w->req->st, NB_MT_ACTOR(w), ids, n, &cfg, &id, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    char path[64];
    snprintf(path, sizeof path, "/teamvoorstellen/%lld", (long long)id);
    return nb_web_redirect(resp, path, NB_WEB_FLASH_MT_PROPOSAL_MADE);
}

/* ---- One proposal ------------------------------------------------------------ */

typedef struct nb_tv_detail {
    nb_buf *b;
    const nb_web_form *form;
    int64_t open;
} nb_tv_detail;

static void nb_tv_reasons(nb_buf *b, const char *json)
{
    json_t *r = json_loads(json, 0, NULL);
    nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (size_t i = 0; i < json_array_size(r); i++) {
        const char *s = json_string_value(json_array_get(r, i));
        if (s == NULL)
            continue;
        nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        nb_html_text(b, s);
        nb_html_lit(b, "</li>");
    }
    nb_html_lit(b, "</ul>");
    json_decref(r);
}

/* The cost parts in one cell: "overkwalificatie 0, leerwens −120, ...". */
static void nb_tv_costs(nb_buf *b, const nb_proposal_line *l)
{
    static const char *const names[] = {"overkwalificatie",  "leerwens", "continuïteit",
                                        "eigen organisatie", "balans",   "belasting"};
    const int64_t v[] = {l->cost_overqual, l->cost_wish,     l->cost_continuity,
                         l->cost_home,     l->cost_fairness, l->cost_load};
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        nb_html_text(b, names[i]);
        nb_html_lit(b, " ");
        nb_html_int(b, v[i]);
        nb_html_lit(b, "; ");
    }
    nb_html_lit(b, "totaal ");
    nb_html_int(b, l->cost_total);
    nb_html_lit(b, "</td>");
}

static int nb_tv_line_row(void *ctx, const nb_proposal_line *l)
{
    nb_tv_detail *c = ctx;
    nb_buf *b = c->b;
    char name[40];
    snprintf(name, sizeof name, "regel-%lld", (long long)l->id);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
    if (l->accepted) {
        nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--safe\">"
                       "geaccepteerd</span>");
    } else {
        c->open++;
        nb_html_lit(b, "<input type=\"checkbox\" class=\"utrecht-checkbox "
                       "utrecht-checkbox--html-input\" value=\"1\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "\" name=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "\"");
        if (c->form && nb_web_form_get(c->form, name))
            nb_html_lit(b, " checked");
        nb_html_lit(b, "><label class=\"utrecht-form-label utrecht-form-label--checkbox\" for=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "\"><span class=\"nb-visually-hidden\">Accepteer ");
        nb_html_text(b, l->person_name);
        nb_html_lit(b, " op opdracht ");
        nb_html_int(b, l->assignment_id);
        nb_html_lit(b, "</span></label>");
    }
    nb_html_lit(b, "</td><th class=\"utrecht-table__header-cell\" scope=\"row\">");
    nb_mt_link_id(b, "/medewerkers/", l->person_id, "", l->person_name);
    nb_html_lit(b, "</th>");
    nb_mt_td(b, l->organisation_name);
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    char text[48];
    snprintf(text, sizeof text, "Opdracht %lld", (long long)l->assignment_id);
    nb_mt_link_id(b, "/opdrachten/", l->assignment_id, "", text);
    nb_html_lit(b, "</td>");
    nb_mt_td_hours(b, l->minutes);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_int(b, l->level);
    nb_html_lit(b, " (gevraagd ");
    nb_html_int(b, l->min_level);
    nb_html_lit(b, ")</td><td class=\"utrecht-table__cell\">");
    nb_tv_reasons(b, l->reasons);
    nb_html_lit(b, "</td>");
    nb_tv_costs(b, l);
    nb_html_lit(b, "</tr>\n");
    return 0;
}

static const char *nb_tv_short_cause(const char *kind)
{
    if (strcmp(kind, "geen-competentie") == 0)
        return "niemand met de competentie op dit niveau";
    if (strcmp(kind, "bezet") == 0)
        return "de geschikte mensen zijn al bezet";
    if (strcmp(kind, "regels") == 0)
        return "de regels (minimale inzet, teamgrootte, belasting) laten het niet toe";
    return kind;
}

static int nb_tv_short_row(void *ctx, const nb_proposal_shortage *s)
{
    nb_tv_detail *c = ctx;
    nb_buf *b = c->b;
    c->open++;
    char text[48];
    snprintf(text, sizeof text, "Opdracht %lld", (long long)s->assignment_id);
    nb_web_row_head_open(b);
    nb_mt_link_id(b, "/opdrachten/", s->assignment_id, "", text);
    nb_html_lit(b, "</th>");
    nb_mt_td_int(b, s->min_level);
    nb_mt_td_hours(b, s->minutes_requested);
    nb_mt_td_hours(b, s->minutes_unmet);
    nb_mt_td_int(b, s->candidates);
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, nb_tv_short_cause(s->kind));
    nb_html_lit(b, ": ");
    nb_html_text(b, s->reason);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

/* "juni 2026" for "2026-06" (the text itself when it is not a month). */
static void nb_tv_month_label(const char *yyyymm, char *out, size_t size)
{
    int32_t mi = 0;
    if (nb_date_parse_month(yyyymm, &mi) == 0)
        nb_date_month_text(mi, out, size);
    else
        snprintf(out, size, "%s", yyyymm);
}

/* The load per month: a row per person, a column per month ("12 van 96 uur"
 * planned of the month's cap; "vol" at the cap). The months are the first
 * person's (every person has every month of the proposal). */
typedef struct nb_tv_loads {
    nb_buf *b;         /* the rows */
    nb_buf *head;      /* the month headers (first person only) */
    int64_t person_id; /* of the open row; 0 before the first */
    int64_t persons;
    int64_t full; /* person-months at the cap */
} nb_tv_loads;

static int nb_tv_load_cell(void *ctx, const nb_proposal_load *l)
{
    nb_tv_loads *c = ctx;
    nb_buf *b = c->b;
    char label[32], h[NB_WEB_FMT_LEN], cap[NB_WEB_FMT_LEN];
    if (c->person_id != l->person_id) {
        if (c->persons > 0)
            nb_html_lit(b, "</tr>\n");
        c->persons++;
        c->person_id = l->person_id;
        nb_web_row_head_open(b);
        nb_mt_link_id(b, "/medewerkers/", l->person_id, "", l->person_name);
        nb_html_lit(b, "</th>");
        nb_mt_td(b, l->organisation_name);
    }
    if (c->persons == 1) {
        nb_tv_month_label(l->month, label, sizeof label);
        nb_html_lit(c->head, "<th class=\"utrecht-table__header-cell "
                             "utrecht-table__header-cell--numeric-column\" scope=\"col\">");
        nb_html_text(c->head, label);
        nb_html_lit(c->head, "</th>");
    }
    nb_web_fmt_hours(l->minutes, h);
    nb_web_fmt_hours(l->capacity, cap);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    if (l->minutes == 0) {
        nb_html_lit(b, "–");
    } else {
        nb_html_text(b, h);
        nb_html_lit(b, " van ");
        nb_html_text(b, cap);
        if (l->minutes >= l->capacity) {
            nb_html_lit(b, " (vol)");
            c->full++;
        }
    }
    nb_html_lit(b, "</td>");
    return 0;
}

static int nb_tv_month_short_row(void *ctx, const nb_proposal_month_short *s)
{
    nb_tv_detail *c = ctx;
    nb_buf *b = c->b;
    char text[48], label[32];
    c->open++;
    snprintf(text, sizeof text, "Opdracht %lld", (long long)s->assignment_id);
    nb_web_row_head_open(b);
    nb_mt_link_id(b, "/opdrachten/", s->assignment_id, "", text);
    nb_html_lit(b, "</th>");
    nb_tv_month_label(s->month, label, sizeof label);
    nb_mt_td(b, label);
    nb_mt_td_hours(b, s->minutes_requested);
    nb_mt_td_hours(b, s->minutes_unmet);
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, nb_tv_short_cause(s->kind));
    nb_html_lit(b, ": ");
    nb_html_text(b, s->reason);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

/* The per-month part of a proposal planned per month: the load per person
 * and month, and the shortages per month. */
static int nb_tv_months(nb_buf *b, nb_store *st, int64_t id, nb_err *err)
{
    nb_buf rows = NB_BUF_INIT, head = NB_BUF_INIT;
    nb_tv_loads c = {&rows, &head, 0, 0, 0};
    int rc = nb_proposal_loads(st, id, nb_tv_load_cell, &c, err);
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"belasting-kop\">Belasting per "
                   "maand</h2>\n");
    if (rc == 0 && c.persons == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Niemand is voorgesteld.</p>\n");
    } else if (rc == 0) {
        nb_html_lit(b,
                    "<p class=\"utrecht-paragraph\">Per voorgestelde persoon de voorgestelde "
                    "uren in elke maand, van de belastingsgrens van die maand (de "
                    "beschikbare uren, na uitdienst en al geplande inzet, maal de "
                    "belastingsgrens). \"Vol\" betekent: die maand kan er niets meer bij.</p>\n");
        nb_web_table_open(b, "belasting", "Voorgestelde uren per persoon en maand, van de grens",
                          NULL, NULL);
        nb_html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                       "<th class=\"utrecht-table__header-cell\" scope=\"col\">Persoon</th>"
                       "<th class=\"utrecht-table__header-cell\" scope=\"col\">Organisatie</th>");
        nb_buf_append(b, nb_buf_cstr(&head), head.len);
        nb_html_lit(b, "</tr></thead>\n<tbody class=\"utrecht-table__body\">\n");
        nb_buf_append(b, nb_buf_cstr(&rows), rows.len);
        nb_html_lit(b, "</tr>\n");
        nb_web_table_close(b);
    }
    nb_buf_free(&rows);
    nb_buf_free(&head);
    if (rc != 0)
        return rc;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Tekorten per maand</h2>\n");
    nb_buf srows = NB_BUF_INIT;
    nb_tv_detail s = {&srows, NULL, 0};
    rc = nb_proposal_month_shorts(st, id, nb_tv_month_short_row, &s, err);
    if (rc == 0 && s.open == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen tekorten: in elke maand zijn alle "
                       "gevraagde uren voorgesteld.</p>\n");
    } else if (rc == 0) {
        static const nb_web_col cols[] = {{"Opdracht", 0, NULL},
                                          {"Maand", 0, NULL},
                                          {"Gevraagd", 1, NULL},
                                          {"Tekort", 1, NULL},
                                          {"Oorzaak", 0, NULL}};
        nb_web_table_open(b, "tekorten-per-maand",
                          "Wat per maand niet bemenst kon worden, en "
                          "waarom",
                          NULL, NULL);
        NB_WEB_TABLE_HEAD(b, cols);
        nb_buf_append(b, nb_buf_cstr(&srows), srows.len);
        nb_web_table_close(b);
    }
    nb_buf_free(&srows);
    return rc;
}

/* The refusal of an acceptance as a readable alert (title and text escaped;
 * names a list of organisations when consent is missing). */
static int nb_tv_refusal(nb_buf *b, nb_store *st, int64_t proposal_id, const nb_tp_refusal *ref)
{
    nb_err err = {{0}};
    const char *title = "Niet geaccepteerd";
    char text[600] = "";
    if (ref->kind == NB_TP_ALREADY)
        snprintf(text, sizeof text, "Een of meer gekozen regels zijn al geaccepteerd.");
    else if (ref->kind == NB_TP_NOTHING)
        snprintf(text, sizeof text, "Teamvoorstel %lld heeft geen regels meer om te accepteren.",
                 (long long)proposal_id);
    else if (ref->kind == NB_TP_CLOSED)
        snprintf(text, sizeof text,
                 "Opdracht %lld heeft status %s; inzet kan alleen op een geaccepteerde, "
                 "bemenste of lopende opdracht.",
                 (long long)ref->assignment_id, nb_assignment_status_name(ref->status));
    else if (ref->kind == NB_TP_REFUSED && ref->hours.nproblems > 0 &&
             ref->hours.problems[0].rule == NB_HOURS_NO_CONSENT) {
        title = "Instemming ontbreekt";
        if (ref->hours.missing.network)
            snprintf(text, sizeof text,
                     "Regionale opdracht %lld is niet door het netwerk-MT geaccepteerd; zonder "
                     "die acceptatie wordt geen organisatie belast.",
                     (long long)ref->assignment_id);
        else
            snprintf(text, sizeof text,
                     "Opdracht %lld kan niet worden belast: deze organisaties hebben niet "
                     "ingestemd met hun aandeel. Een coördinator van elke organisatie stemt eerst "
                     "in; daarna kunt u opnieuw accepteren.",
                     (long long)ref->assignment_id);
    } else if (ref->kind == NB_TP_REFUSED && ref->hours.nproblems > 0) {
        snprintf(text, sizeof text, "Opdracht %lld: %s.", (long long)ref->assignment_id,
                 ref->hours.problems[0].reason);
    } else if (ref->kind == NB_TP_REFUSED) {
        title = "Onvoldoende beschikbare uren";
        char h[NB_WEB_FMT_LEN];
        nb_web_fmt_hours(ref->hours.ledger.shortfall, h);
        snprintf(text, sizeof text,
                 "Een organisatie heeft te weinig beschikbare uren voor opdracht %lld: er komt "
                 "%s tekort. Er is meer saldo of een hogere kredietlijn nodig.",
                 (long long)ref->assignment_id, h);
    }
    nb_html_lit(b, "<div class=\"utrecht-alert utrecht-alert--error\" role=\"alert\" "
                   "aria-labelledby=\"weigering-kop\"><div class=\"utrecht-alert__content\">"
                   "<h2 class=\"utrecht-heading-2\" id=\"weigering-kop\">");
    nb_html_text(b, title);
    nb_html_lit(b, "</h2><p class=\"utrecht-paragraph\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</p>");
    if (ref->kind == NB_TP_REFUSED && ref->hours.missing.n > 0) {
        nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">");
        for (size_t i = 0; i < ref->hours.missing.n; i++) {
            nb_org o;
            int rc = nb_org_get(st, ref->hours.missing.org_ids[i], &o, &err);
            if (rc != 0 && rc != NB_ENOTFOUND)
                return rc;
            nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            if (rc == 0) {
                nb_html_text(b, o.name);
                nb_html_lit(b, " (");
                nb_html_text(b, o.code);
                nb_html_lit(b, ")");
            } else {
                nb_html_lit(b, "organisatie ");
                nb_html_int(b, ref->hours.missing.org_ids[i]);
            }
            nb_html_lit(b, "</li>");
        }
        nb_html_lit(b, "</ul>");
    }
    nb_html_lit(b, "</div></div>\n");
    return 0;
}

/* The proposal page with status; ref (may be NULL) is a refused acceptance. */
static int nb_tv_detail_page(nb_web_req *w, nb_resp *resp, int64_t id, int status,
                             const nb_tp_refusal *ref, const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    nb_proposal *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_proposal_get(st, id, p, &err);
    if (rc != 0) {
        free(p);
        return nb_resp_from_err(resp, rc, &err), 0;
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    if (ref && (rc = nb_tv_refusal(&b, st, id, ref)) != 0)
        goto fail;
    char day[NB_WEB_FMT_LEN], day2[NB_WEB_FMT_LEN], text[64];
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Teamvoorstel ");
    nb_html_int(&b, p->id);
    nb_html_lit(&b, " — status ");
    nb_tv_status_badge(&b, p->status);
    if (p->period_start[0] && nb_web_fmt_date(p->period_start, day) == 0 &&
        nb_web_fmt_date(p->period_end, day2) == 0) {
        nb_html_lit(&b, ". Periode ");
        nb_html_text(&b, day);
        nb_html_lit(&b, " tot en met ");
        nb_html_text(&b, day2);
    }
    nb_html_lit(&b, ". Gevraagd ");
    nb_web_fmt_hours(p->minutes_requested, text);
    nb_html_text(&b, text);
    nb_html_lit(&b, ", voorgesteld ");
    nb_web_fmt_hours(p->minutes_allocated, text);
    nb_html_text(&b, text);
    nb_html_lit(&b, ", tekort ");
    nb_web_fmt_hours(p->minutes_unmet, text);
    nb_html_text(&b, text);
    if (p->months > 0)
        nb_html_lit(&b, ". Per maand gepland: in geen kalendermaand staat iemand boven de "
                        "belastingsgrens, en de uren van elke regel zijn over de maanden van de "
                        "opdracht verdeeld; dat is strenger dan één venster over de hele "
                        "periode, dus het tekort kan groter zijn");
    else
        nb_html_lit(&b, ". Gepland over één venster: de beschikbare uren van de hele periode "
                        "samen; of iemand in een drukke maand boven de grens komt, is niet "
                        "bekeken");
    nb_html_lit(&b, ".</p>\n<h2 class=\"utrecht-heading-2\">Voorgestelde inzet</h2>\n");
    char action[80];
    snprintf(action, sizeof action, "/teamvoorstellen/%lld/acceptatie", (long long)id);
    nb_web_form_open(&b, w, action);
    static const nb_web_col regels_cols[] = {
        {"Kiezen", 0, NULL},
        {"Persoon", 0, NULL},
        {"Organisatie", 0, NULL},
        {"Opdracht", 0, NULL},
        {"Uren", 1, NULL},
        {"Niveau", 1, NULL},
        {"Redenen (competentie, niveau, beschikbaarheid)", 0, NULL},
        {"Kosten", 0, NULL}};
    nb_web_table_open(&b, "regels", "Per regel de voorgestelde persoon en waarom", NULL, NULL);
    NB_WEB_TABLE_HEAD(&b, regels_cols);
    nb_tv_detail c = {&b, w->form, 0};
    if ((rc = nb_proposal_lines(st, id, nb_tv_line_row, &c, &err)) != 0)
        goto fail;
    nb_web_table_close(&b);
    if (c.open > 0)
        nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                        "class=\"utrecht-button utrecht-button--primary-action\">Gekozen regels "
                        "accepteren</button><button type=\"submit\" name=\"alles\" value=\"1\" "
                        "class=\"utrecht-button utrecht-button--secondary-action\">Alle open "
                        "regels accepteren</button></div>\n");
    else
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Alle regels van dit voorstel zijn "
                        "geaccepteerd (of het voorstel heeft er geen).</p>\n");
    nb_html_lit(&b, "</form>\n<h2 class=\"utrecht-heading-2\">Tekorten</h2>\n");
    nb_tv_detail s = {&b, NULL, 0};
    nb_buf rows = NB_BUF_INIT;
    s.b = &rows;
    rc = nb_proposal_shortages(st, id, nb_tv_short_row, &s, &err);
    if (rc == 0 && s.open == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Geen tekorten: alle gevraagde uren zijn "
                        "voorgesteld.</p>\n");
    } else if (rc == 0) {
        static const nb_web_col tekorten_cols[] = {{"Opdracht", 0, NULL},   {"Niveau", 1, NULL},
                                                   {"Gevraagd", 1, NULL},   {"Tekort", 1, NULL},
                                                   {"Kandidaten", 1, NULL}, {"Oorzaak", 0, NULL}};
        nb_web_table_open(&b, "tekorten", "Wat niet bemenst kon worden, en waarom", NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, tekorten_cols);
        nb_buf_append(&b, nb_buf_cstr(&rows), rows.len);
        nb_web_table_close(&b);
    }
    nb_buf_free(&rows);
    if (rc != 0)
        goto fail;
    if (p->months > 0 && (rc = nb_tv_months(&b, st, id, &err)) != 0)
        goto fail;
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/teamvoorstellen\">Alle teamvoorstellen</a></p>\n");
    nb_web_end(&b);
    free(p);
    return nb_web_reply(resp, status, &b);
fail:
    free(p);
    return nb_mt_fail(resp, &b, rc, &err);
}

int nb_web_mt_proposal(nb_web_req *w, nb_resp *resp)
{
    int64_t id;
    if (nb_web_parse_id(w->req->params[0], &id) != 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Dit teamvoorstel bestaat niet."), 0;
    return nb_tv_detail_page(w, resp, id, 200, NULL, NULL);
}

int nb_web_mt_proposal_accept(nb_web_req *w, nb_resp *resp)
{
    int64_t id;
    nb_err err = {{0}};
    if (nb_web_parse_id(w->req->params[0], &id) != 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Dit teamvoorstel bestaat niet."), 0;
    int all = nb_web_form_get(w->form, "alles") != NULL;
    int64_t lines[NB_WEB_FORM_FIELDS];
    size_t n = 0;
    for (int i = 0; i < w->form->count; i++) {
        const char *name = w->form->fields[i].name;
        int64_t lid;
        if (strncmp(name, "regel-", 6) == 0 && nb_web_parse_id(name + 6, &lid) == 0)
            lines[n++] = lid;
    }
    if (!all && n == 0) {
        nb_web_errors errs;
        memset(&errs, 0, sizeof errs);
        nb_web_error_add(&errs, "regels", "Kies ten minste één regel, of accepteer alle regels.");
        return nb_tv_detail_page(w, resp, id, 422, NULL, &errs);
    }
    nb_tp_refusal *ref = malloc(sizeof *ref);
    if (ref == NULL)
        return NB_ENOMEM;
    int rc =
        nb_tp_accept(w->req->st, NB_MT_ACTOR(w), id, lines, n, all, NULL, NULL, ref, NULL, &err);
    if (rc == NB_ECONFLICT || (rc == NB_ELIMIT && ref->kind == NB_TP_REFUSED)) {
        if (ref->kind == NB_TP_BAD_LINES) {
            free(ref);
            nb_web_errors errs;
            memset(&errs, 0, sizeof errs);
            nb_web_error_add(&errs, "regels", "Een gekozen regel hoort niet bij dit voorstel.");
            return nb_tv_detail_page(w, resp, id, 422, NULL, &errs);
        }
        /* Show the proposal as it is, without the lines written before the
         * refusal: end this transaction now and read in a fresh snapshot
         * (the server rolls that one back too: the status is 409). */
        nb_store_rollback(w->req->st);
        if ((rc = nb_store_begin_read(w->req->st, &err)) != 0) {
            free(ref);
            return nb_resp_from_err(resp, rc, &err), 0;
        }
        rc = nb_tv_detail_page(w, resp, id, 409, ref, NULL);
        free(ref);
        return rc;
    }
    free(ref);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    char path[64];
    snprintf(path, sizeof path, "/teamvoorstellen/%lld", (long long)id);
    return nb_web_redirect(resp, path, NB_WEB_FLASH_MT_PROPOSAL_ACCEPTED);
}
