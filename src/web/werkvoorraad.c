/*
 * web/werkvoorraad.c — GET /werkvoorraad: the work stock of the network
 * (issue 10 §1) for the MT, coordinators and readers (as /kwetsbaarheid:
 * aggregates, no names). The same report as GET /api/v1/werkvoorraad
 * (store/workload.h, core/workload.h for how hours are counted).
 *
 * A GET form filters by programme, requesting municipality, kind, status,
 * competency and the months (van, tot: JJJJ-MM). Then a load chart in the
 * manner of LibrePlan — per month the hours asked next to the hours
 * available, an overloaded month's bar marked and named — as inline SVG
 * (role="img", <title>), the table with the same numbers, the overloaded
 * months named in text, and a table per competency and level asked.
 */
#include "store/competencies.h"
#include "store/programmes.h"
#include "store/workload.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A programme or competency as a choice (id and label kept in the page's storage). */
typedef struct nb_wv_choices {
    nb_web_option *v;
    size_t n, cap;
    char **texts;
    size_t ntexts, captexts;
} nb_wv_choices;

/* GCC 12 -fanalyzer loses the texts stored in c->texts when that array is realloc'd
 * (nb_wv_keep) and reports them as leaked (also at nb_wv_choice's return): a false
 * positive; nb_wv_choices_free frees every kept text, also after a failure. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
/* Keeps a copy of s in c->texts (freed by nb_wv_choices_free); NULL when memory ran out. */
static char *nb_wv_keep(nb_wv_choices *c, const char *s)
{
    if (c->ntexts == c->captexts) {
        size_t cap = c->captexts ? c->captexts * 2 : 32;
        char **t = realloc(c->texts, cap * sizeof *t);
        if (t == NULL)
            return NULL;
        c->texts = t;
        c->captexts = cap;
    }
    char *copy = strdup(s);
    if (copy != NULL)
        c->texts[c->ntexts++] = copy;
    return copy;
}

static int nb_wv_choice(nb_wv_choices *c, int64_t id, const char *label)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        nb_web_option *v = realloc(c->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    const char *value = id > 0 ? nb_wv_keep(c, idtext) : "";
    const char *text = nb_wv_keep(c, label);
    if (value == NULL || text == NULL)
        return NB_ENOMEM;
    c->v[c->n++] = (nb_web_option){value, text};
    return 0;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static void nb_wv_choices_free(nb_wv_choices *c)
{
    for (size_t i = 0; i < c->ntexts; i++)
        free(c->texts[i]);
    free(c->texts);
    free(c->v);
    memset(c, 0, sizeof *c);
}

static int nb_wv_prog_add(void *ctx, const nb_prog *p)
{
    return nb_wv_choice(ctx, p->id, p->name);
}

static int nb_wv_comp_add(void *ctx, const nb_comp *c)
{
    char label[sizeof c->name + sizeof c->code + 8];
    snprintf(label, sizeof label, "%s (%s)", c->name, c->code);
    return nb_wv_choice(ctx, c->id, label);
}

static int64_t nb_wv_query_id(const nb_req *req, const char *name)
{
    const char *v = nb_req_query(req, name);
    char *end = NULL;
    if (v == NULL || *v < '1' || *v > '9')
        return 0;
    long long n = strtoll(v, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

static const char *nb_wv_query_enum(const nb_req *req, const char *name, const char *const *values)
{
    const char *v = nb_req_query(req, name);
    for (size_t i = 0; v && values[i]; i++)
        if (strcmp(v, values[i]) == 0)
            return values[i];
    return NULL;
}

/* The page's state. */
typedef struct nb_wv {
    nb_workload_filter f;
    const char *van, *tot; /* as typed (NULL = absent) */
    nb_web_errors errs;
    nb_wv_choices progs, comps, orgs;
    nb_wl_report r;
    char **comp_names; /* per report row */
} nb_wv;

static void nb_wv_id_text(int64_t id, char out[24])
{
    out[0] = '\0';
    if (id > 0)
        snprintf(out, 24, "%lld", (long long)id);
}

static void nb_wv_filter_form(nb_buf *b, const nb_wv *s)
{
    static const char *const statuses[] = {"concept",     "ingediend",     "geaccepteerd",
                                           "bemenst",     "in-uitvoering", "afgerond",
                                           "geannuleerd", "samengevoegd"};
    char prog[24], org[24], comp[24];
    nb_wv_id_text(s->f.programme_id, prog);
    nb_wv_id_text(s->f.organisation_id, org);
    nb_wv_id_text(s->f.competency_id, comp);
    nb_html_lit(b, "<form method=\"get\" action=\"/werkvoorraad\" class=\"nb-filter\" "
                   "aria-label=\"Werkvoorraad filteren\">\n");
    nb_web_form_select(b, &s->errs, "programma", "Programma", NULL, s->progs.v, s->progs.n, prog);
    nb_web_form_select(b, &s->errs, "organisatie", "Aanvragende gemeente", NULL, s->orgs.v,
                       s->orgs.n, org);
    nb_web_option kinds[] = {{"", "Alle soorten"},
                             {"lokaal", "Lokaal"},
                             {"meervoudig-lokaal", "Meervoudig lokaal"},
                             {"regionaal", "Regionaal"}};
    nb_web_form_select(b, &s->errs, "soort", "Soort", NULL, kinds, 4, s->f.kind);
    nb_web_option opts[NB_ASSIGNMENT_STATUS_COUNT + 1];
    opts[0] = (nb_web_option){"", "Openstaand (ingediend tot en met in uitvoering)"};
    for (int i = 0; i < NB_ASSIGNMENT_STATUS_COUNT; i++)
        opts[i + 1] =
            (nb_web_option){statuses[i], nb_web_asg_status_label((nb_assignment_status)i)};
    nb_web_form_select(b, &s->errs, "status", "Status", NULL, opts, NB_ASSIGNMENT_STATUS_COUNT + 1,
                       s->f.status);
    nb_web_form_select(b, &s->errs, "competentie", "Competentie", NULL, s->comps.v, s->comps.n,
                       comp);
    nb_web_form_field(b, &s->errs, "van", "text", "Van maand", "JJJJ-MM, bijvoorbeeld 2027-01.",
                      s->van, "off");
    nb_web_form_field(b, &s->errs, "tot", "text", "Tot en met maand",
                      "JJJJ-MM; zonder: twaalf maanden.", s->tot, "off");
    nb_html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
                   "type=\"submit\">Tonen</button>\n</form>\n");
}

/* The load chart: per month a bar of hours asked next to one of hours available. */
#define NB_WV_COL 56
#define NB_WV_LEFT 8
#define NB_WV_TOP 24
#define NB_WV_H 200

static void nb_wv_chart(nb_buf *b, const nb_wl_report *r)
{
    int64_t max = 1;
    for (size_t t = 0; t < r->nmonths; t++) {
        if (r->asked_total[t] > max)
            max = r->asked_total[t];
        if (r->available_total[t] > max)
            max = r->available_total[t];
    }
    int64_t width = (int64_t)NB_WV_LEFT * 2 + (int64_t)r->nmonths * NB_WV_COL;
    int64_t height = NB_WV_TOP + NB_WV_H + 40;
    nb_html_lit(b, "<figure class=\"nb-chart nb-load\" tabindex=\"0\" role=\"region\" "
                   "aria-label=\"Grafiek: belasting per maand\">\n<svg "
                   "xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                   "aria-labelledby=\"belasting-titel\" viewBox=\"0 0 ");
    nb_html_int(b, width);
    nb_html_lit(b, " ");
    nb_html_int(b, height);
    nb_html_lit(b, "\">\n<title id=\"belasting-titel\">Belasting per maand: gevraagde uren "
                   "naast beschikbare uren");
    size_t nover = 0;
    for (size_t t = 0; t < r->nmonths; t++)
        nover += r->overloaded[t] != 0;
    if (nover > 0) {
        nb_html_lit(b, "; overbelast in ");
        nb_html_int(b, (int64_t)nover);
        if (nover == 1)
            nb_html_lit(b, " maand");
        else
            nb_html_lit(b, " maanden");
    }
    nb_html_lit(b, "; dezelfde cijfers staan in de tabel hieronder</title>\n");
    for (size_t t = 0; t < r->nmonths; t++) {
        int64_t x = NB_WV_LEFT + (int64_t)t * NB_WV_COL;
        int64_t ha = r->asked_total[t] * NB_WV_H / max;
        int64_t hv = r->available_total[t] * NB_WV_H / max;
        nb_html_lit(b, "<rect class=\"nb-load__available\" x=\"");
        nb_html_int(b, x + 4);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, NB_WV_TOP + NB_WV_H - hv);
        nb_html_lit(b, "\" width=\"22\" height=\"");
        nb_html_int(b, hv);
        nb_html_lit(b, "\"></rect><rect class=\"");
        if (r->overloaded[t])
            nb_html_lit(b, "nb-load__asked nb-load__asked--over");
        else
            nb_html_lit(b, "nb-load__asked");
        nb_html_lit(b, "\" x=\"");
        nb_html_int(b, x + 28);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, NB_WV_TOP + NB_WV_H - ha);
        nb_html_lit(b, "\" width=\"22\" height=\"");
        nb_html_int(b, ha);
        nb_html_lit(b, "\"></rect>");
        if (r->overloaded[t]) {
            nb_html_lit(b, "<text class=\"nb-chart__label nb-load__mark\" x=\"");
            nb_html_int(b, x + 32);
            nb_html_lit(b, "\" y=\"");
            nb_html_int(b, NB_WV_TOP + NB_WV_H - ha - 6);
            nb_html_lit(b, "\">!</text>");
        }
        char m[8];
        nb_wl_month_format(r->first_month + (int32_t)t, m);
        nb_html_lit(b, "<text class=\"nb-chart__label\" x=\"");
        nb_html_int(b, x + 4);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, NB_WV_TOP + NB_WV_H + 20);
        nb_html_lit(b, "\">");
        nb_html_text(b, m);
        nb_html_lit(b, "</text>\n");
    }
    nb_html_lit(b, "<line class=\"nb-chart__axis\" x1=\"");
    nb_html_int(b, NB_WV_LEFT);
    nb_html_lit(b, "\" y1=\"");
    nb_html_int(b, NB_WV_TOP + NB_WV_H);
    nb_html_lit(b, "\" x2=\"");
    nb_html_int(b, width - NB_WV_LEFT);
    nb_html_lit(b, "\" y2=\"");
    nb_html_int(b, NB_WV_TOP + NB_WV_H);
    nb_html_lit(b, "\"></line>\n</svg>\n<figcaption class=\"utrecht-paragraph\">Per maand links "
                   "de beschikbare uren (licht), rechts de gevraagde uren (donker); een "
                   "overbelaste maand heeft een rode balk met een uitroepteken.</figcaption>\n"
                   "</figure>\n");
}

static void nb_wv_hours_cell(nb_buf *b, int64_t minutes)
{
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, t);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, t);
    nb_html_lit(b, "</td>");
}

static void nb_wv_month_table(nb_buf *b, const nb_wl_report *r)
{
    static const nb_web_col cols[] = {{"Maand", 0, NULL},
                                      {"Gevraagd", 1, NULL},
                                      {"Beschikbaar", 1, NULL},
                                      {"Verschil", 1, NULL},
                                      {"Overbelast", 0, NULL}};
    nb_web_table_open(b, "maanden-bijschrift", "Gevraagde en beschikbare uren per maand", NULL,
                      NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t t = 0; t < r->nmonths; t++) {
        char m[32];
        nb_date_month_text(r->first_month + (int32_t)t, m, sizeof m);
        nb_web_row_head_open(b);
        nb_html_text(b, m);
        nb_html_lit(b, "</th>");
        nb_wv_hours_cell(b, r->asked_total[t]);
        nb_wv_hours_cell(b, r->available_total[t]);
        nb_wv_hours_cell(b, r->available_total[t] - r->asked_total[t]);
        nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
        if (r->overloaded[t])
            nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--danger\">"
                           "Overbelast</span>");
        else
            nb_html_lit(b, "Nee");
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_wv_comp_table(nb_buf *b, const nb_wv *s)
{
    const nb_wl_report *r = &s->r;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"competenties-kop\">Per competentie en "
                   "gevraagd niveau</h2>\n<p class=\"utrecht-paragraph\">Per maand: gevraagd op "
                   "dit niveau of hoger / beschikbaar bij wie de competentie op dit niveau of "
                   "hoger heeft. Wie meer competenties heeft, telt bij elk mee: beschikbaar is "
                   "een bovengrens.</p>\n");
    nb_web_table_open(b, "competenties-kop", NULL, NULL, NULL);
    nb_html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
                   "<th class=\"utrecht-table__header-cell\" scope=\"col\">Competentie</th>"
                   "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric-"
                   "column\" scope=\"col\">Niveau</th><th class=\"utrecht-table__header-cell "
                   "utrecht-table__header-cell--numeric-column\" scope=\"col\">Dragers</th>");
    for (size_t t = 0; t < r->nmonths; t++) {
        char m[8];
        nb_wl_month_format(r->first_month + (int32_t)t, m);
        nb_html_lit(b, "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--"
                       "numeric-column\" scope=\"col\">");
        nb_html_text(b, m);
        nb_html_lit(b, "</th>");
    }
    nb_html_lit(b, "</tr></thead>\n<tbody class=\"utrecht-table__body\">\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const nb_wl_row *row = &r->rows[i];
        nb_web_row_head_open(b);
        nb_html_text(b, s->comp_names[i]);
        nb_html_lit(b, "</th><td class=\"utrecht-table__cell "
                       "utrecht-table__cell--numeric-column\">");
        nb_html_int(b, row->level);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell "
                       "utrecht-table__cell--numeric-column\">");
        nb_html_int(b, row->holders);
        nb_html_lit(b, "</td>");
        for (size_t t = 0; t < r->nmonths; t++) {
            char asked[NB_WEB_FMT_LEN], avail[NB_WEB_FMT_LEN];
            nb_web_fmt_hours(row->asked_from_level[t], asked);
            nb_web_fmt_hours(row->available[t], avail);
            nb_html_lit(b, "<td class=\"utrecht-table__cell "
                           "utrecht-table__cell--numeric-column\">");
            nb_html_text(b, asked);
            nb_html_lit(b, " / ");
            nb_html_text(b, avail);
            if (row->overloaded[t])
                nb_html_lit(b, " <span class=\"utrecht-status-badge "
                               "utrecht-status-badge--danger\">Overbelast</span>");
            nb_html_lit(b, "</td>");
        }
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

/* The overloaded months named, with the competencies that cause it. */
static void nb_wv_summary(nb_buf *b, const nb_wv *s)
{
    const nb_wl_report *r = &s->r;
    size_t nover = 0;
    for (size_t t = 0; t < r->nmonths; t++)
        nover += r->overloaded[t] != 0;
    if (nover == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\" role=\"status\">Geen overbelaste "
                       "maanden: in elke maand is er genoeg beschikbaar voor wat gevraagd "
                       "wordt.</p>\n");
        return;
    }
    nb_html_lit(b, "<div class=\"utrecht-alert utrecht-alert--warning\" role=\"status\">"
                   "<p class=\"utrecht-paragraph\">Overbelast in ");
    nb_html_int(b, (int64_t)nover);
    if (nover == 1)
        nb_html_lit(b, " maand:</p>");
    else
        nb_html_lit(b, " maanden:</p>");
    nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">");
    for (size_t t = 0; t < r->nmonths; t++) {
        if (!r->overloaded[t])
            continue;
        char m[32];
        nb_date_month_text(r->first_month + (int32_t)t, m, sizeof m);
        nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        nb_html_text(b, m);
        int first = 1;
        for (size_t i = 0; i < r->nrows; i++) {
            if (!r->rows[i].overloaded[t])
                continue;
            if (first)
                nb_html_lit(b, ": te weinig voor ");
            else
                nb_html_lit(b, ", ");
            nb_html_text(b, s->comp_names[i]);
            nb_html_lit(b, " (niveau ");
            nb_html_int(b, r->rows[i].level);
            nb_html_lit(b, ")");
            first = 0;
        }
        if (first)
            nb_html_lit(b, ": meer gevraagd dan er in totaal beschikbaar is");
        nb_html_lit(b, "</li>");
    }
    nb_html_lit(b, "</ul></div>\n");
}

static int nb_wv_org_add(nb_wv_choices *c, const nb_web_orgs *orgs)
{
    int rc = nb_wv_choice(c, 0, "Alle gemeenten");
    for (size_t i = 0; rc == 0 && i < orgs->n; i++)
        if (strcmp(orgs->v[i].kind, "gemeente") == 0)
            rc = nb_wv_choice(c, orgs->v[i].id, orgs->v[i].name);
    return rc;
}

int nb_web_workload(nb_web_req *w, nb_resp *resp)
{
    static const char *const kinds[] = {"lokaal", "meervoudig-lokaal", "regionaal", NULL};
    static const char *const statuses[] = {"concept",     "ingediend",     "geaccepteerd",
                                           "bemenst",     "in-uitvoering", "afgerond",
                                           "geannuleerd", "samengevoegd",  NULL};
    nb_req *req = w->req;
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_web_orgs orgs = {NULL, 0, 0};
    nb_wv *s = calloc(1, sizeof *s);
    nb_comp *comp = malloc(sizeof *comp);
    int rc = s && comp ? 0 : NB_ENOMEM, status = 200, have = 0;
    if (rc != 0)
        goto cleanup;
    s->f.programme_id = nb_wv_query_id(req, "programma");
    s->f.organisation_id = nb_wv_query_id(req, "organisatie");
    s->f.competency_id = nb_wv_query_id(req, "competentie");
    s->f.kind = nb_wv_query_enum(req, "soort", kinds);
    s->f.status = nb_wv_query_enum(req, "status", statuses);
    s->van = nb_req_query(req, "van");
    s->tot = nb_req_query(req, "tot");
    if (s->van && !s->van[0])
        s->van = NULL;
    if (s->tot && !s->tot[0])
        s->tot = NULL;
    if ((rc = nb_web_orgs_load(req->st, &orgs, &err)) != 0 ||
        (rc = nb_wv_org_add(&s->orgs, &orgs)) != 0 ||
        (rc = nb_wv_choice(&s->progs, 0, "Alle programma's")) != 0 ||
        (rc = nb_prog_list(req->st, NULL, 0, -1, nb_wv_prog_add, &s->progs, NULL, &err)) != 0 ||
        (rc = nb_wv_choice(&s->comps, 0, "Alle competenties")) != 0 ||
        (rc = nb_comp_list(req->st, NULL, 0, -1, nb_wv_comp_add, &s->comps, NULL, &err)) != 0)
        goto cleanup;
    int32_t first = 0;
    size_t n = 0;
    const char *field = NULL, *why = NULL;
    if (nb_wl_window(s->van, s->tot, nb_web_today(), &first, &n, &field, &why) != 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s %s.",
                 strcmp(field, "van") == 0 ? "Van maand:" : "Tot en met maand:", why);
        nb_web_error_add(&s->errs, field, msg);
        status = 422;
    } else {
        if ((rc = nb_workload_report(req->st, &s->f, first, n, &s->r, &err)) != 0)
            goto cleanup;
        have = 1;
        s->comp_names = calloc(s->r.nrows ? s->r.nrows : 1, sizeof *s->comp_names);
        if (s->comp_names == NULL) {
            rc = NB_ENOMEM;
            goto cleanup;
        }
        for (size_t i = 0; i < s->r.nrows; i++) {
            if ((rc = nb_comp_get(req->st, s->r.rows[i].competency_id, comp, &err)) != 0)
                goto cleanup;
            char label[sizeof comp->name + sizeof comp->code + 8];
            snprintf(label, sizeof label, "%s (%s)", comp->name, comp->code);
            char *name = strdup(label);
            if (name == NULL) {
                rc = NB_ENOMEM;
                goto cleanup;
            }
            s->comp_names[i] = name; /* freed at cleanup */
        }
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &s->errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Wat er per maand aan uren gevraagd wordt, "
                    "tegen wat het netwerk beschikbaar heeft. De uren van een opdrachtregel "
                    "zijn verdeeld over de maanden van de gewenste periode, naar het aantal "
                    "dagen in elke maand. Beschikbaar zijn de netwerkuren per week van wie de "
                    "gevraagde competentie op het gevraagde niveau of hoger heeft, over de "
                    "werkdagen van de maand en tot de uitstroomdatum. Zonder statusfilter telt "
                    "het werk dat ingediend, geaccepteerd, bemenst of in uitvoering is. Zie ook "
                    "de <a class=\"utrecht-link\" href=\"/programmas\">programma's</a>.</p>\n");
    nb_wv_filter_form(&b, s);
    if (!have) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Pas de maanden aan om de werkvoorraad "
                        "te zien.</p>\n");
    } else {
        int64_t asked = 0;
        for (size_t t = 0; t < s->r.nmonths; t++)
            asked += s->r.asked_total[t];
        nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Belasting per maand</h2>\n");
        if (asked == 0)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\" role=\"status\">In deze maanden "
                            "wordt met deze filters niets gevraagd. Kies andere maanden of "
                            "filters, of dien een opdracht in via <a class=\"utrecht-link\" "
                            "href=\"/opdrachten\">Opdrachten</a>.</p>\n");
        nb_wv_summary(&b, s);
        nb_wv_chart(&b, &s->r);
        nb_wv_month_table(&b, &s->r);
        if (s->r.nrows > 0)
            nb_wv_comp_table(&b, s);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_web_orgs_free(&orgs);
    if (s != NULL) {
        for (size_t i = 0; s->comp_names && i < s->r.nrows; i++)
            free(s->comp_names[i]);
        free(s->comp_names);
        nb_wl_report_free(&s->r);
        nb_wv_choices_free(&s->progs);
        nb_wv_choices_free(&s->comps);
        nb_wv_choices_free(&s->orgs);
    }
    free(s);
    free(comp);
    return rc == NB_ENOMEM ? rc : 0;
}
