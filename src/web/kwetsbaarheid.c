/*
 * web/kwetsbaarheid.c — GET /kwetsbaarheid: how much the network (or one
 * organisation) leans on too few people, for the MT, coordinators and
 * readers. The same report as GET /api/v1/kwetsbaarheid (store/vulnerability.h,
 * core/vulnerability.h): asked levels with too few holders, competencies with
 * one holder, outflow within 1, 3 and 5 years, and how the work is spread
 * (carried hours per organisation as a chart with its table, Gini, the top
 * 10 % share, the kartrekkers). Names follow DOMAIN.md rule 8 through
 * nb_vuln_may_name; everyone else reads "een medewerker van <organisatie>".
 */
#include "store/vulnerability.h"
#include "util/date.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page's state: the report, its scope and who reads it. */
typedef struct nb_kw {
    nb_vuln_input in;
    nb_vuln_report r;
    const nb_principal *who;
    int64_t scope;          /* 0 = the network */
    const char *scope_name; /* borrowed from in */
} nb_kw;

static void nb_kw_num_cell(nb_buf *b, int64_t v)
{
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(v, 0, t);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, t);
    nb_html_lit(b, "</td>");
}

static void nb_kw_text_cell(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

/* A fraction 0..1 as "12,5 %" (one decimal). */
static void nb_kw_pct(double f, char out[NB_WEB_FMT_LEN])
{
    char n[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal((int64_t)llround(f * 1000.0), 1, n);
    snprintf(out, NB_WEB_FMT_LEN, "%s %%", n);
}

static void nb_kw_pct_cell(nb_buf *b, double f)
{
    char t[NB_WEB_FMT_LEN];
    nb_kw_pct(f, t);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, t);
    nb_html_lit(b, "</td>");
}

static void nb_kw_row_head(nb_buf *b, const char *text)
{
    nb_web_row_head_open(b);
    nb_html_text(b, text);
    nb_html_lit(b, "</th>");
}

static void nb_kw_heading(nb_buf *b, const char *id, const char *text)
{
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</h2>\n");
}

static void nb_kw_para(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</p>\n");
}

static void nb_kw_filter(nb_buf *b, const nb_kw *k, const nb_web_errors *errs, const char *value)
{
    nb_html_lit(b,
                "<form class=\"utrecht-form nb-filter\" method=\"get\" action=\"/kwetsbaarheid\" "
                "novalidate>\n<fieldset class=\"utrecht-form-fieldset\"><legend "
                "class=\"utrecht-form-fieldset__legend\">Reikwijdte</legend>\n");
    nb_web_select_open(b, errs, "organisatie", "Organisatie",
                       "Het hele netwerk, of één organisatie: dan tellen alleen haar medewerkers "
                       "en de opdrachten die zij aanvroeg.");
    nb_web_select_option(b, "netwerk", "Het hele netwerk", value);
    for (size_t i = 0; i < k->in.norgs; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)k->in.orgs[i].id);
        nb_web_select_option(b, id, k->in.orgs[i].name, value);
    }
    nb_web_select_close(b);
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Tonen</button></div>\n"
                   "</form>\n");
}

static void nb_kw_summary(nb_buf *b, const nb_kw *k)
{
    const nb_vuln_org_row *t = &k->r.total;
    char text[NB_WEB_FMT_LEN];
    nb_kw_heading(b, "samenvatting", "Samenvatting");
    nb_web_table_open(b, "samenvatting", NULL, NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_web_fmt_decimal(t->people, 0, text);
    nb_web_figure_row(b, "Actieve medewerkers", text);
    nb_web_fmt_decimal(k->r.singles, 0, text);
    nb_web_figure_row(b, "Competenties met één drager", text);
    nb_web_fmt_decimal(k->r.uncovered, 0, text);
    nb_web_figure_row(b, "Gevraagde niveaus zonder drager in het netwerk", text);
    static const char *const leaving[NB_VULN_HORIZONS] = {
        "Medewerkers die binnen 1 jaar vertrekken", "Medewerkers die binnen 3 jaar vertrekken",
        "Medewerkers die binnen 5 jaar vertrekken"};
    for (int h = 0; h < NB_VULN_HORIZONS; h++) {
        nb_web_fmt_decimal(t->leaving[h], 0, text);
        nb_web_figure_row(b, leaving[h], text);
    }
    nb_web_fmt_hours(t->carried, text);
    nb_web_figure_row(b, "Gewerkte uren (goedgekeurd, afgelopen 12 maanden)", text);
    nb_kw_pct(t->top10, text);
    nb_web_figure_row(b, "Deel van die uren gewerkt door de top 10 % van de medewerkers", text);
    nb_web_fmt_decimal((int64_t)llround(t->gini * 100.0), 2, text);
    nb_web_figure_row(b, "Gini-coëfficiënt (0 is gelijk verdeeld, 1 is alles bij één persoon)",
                      text);
    nb_web_fmt_decimal(t->overloaded, 0, text);
    nb_web_figure_row(b, "Medewerkers drie maanden of langer op rij boven de belastingsgrens",
                      text);
    nb_web_table_close(b);
}

/* Asked levels with at most one holder in the network: the work at risk now. */
static void nb_kw_asks(nb_buf *b, const nb_kw *k)
{
    nb_kw_heading(b, "gevraagd", "Gevraagd werk met te weinig dragers");
    size_t n = 0;
    for (size_t i = 0; i < k->r.nasks; i++)
        n += k->r.asks[i].holders <= 1;
    if (n == 0) {
        nb_kw_para(b, "Elk niveau dat open opdrachten vragen, hebben ten minste twee medewerkers "
                      "in het netwerk.");
        return;
    }
    nb_kw_para(b, "Competentieniveaus die open opdrachten vragen en die niemand of maar één "
                  "medewerker in het netwerk heeft. Zonder drager kan het netwerk dit werk niet "
                  "leveren; met één drager hangt het aan die ene persoon.");
    static const nb_web_col cols[] = {{"Competentie", 0, NULL},
                                      {"Minimaal niveau", 1, NULL},
                                      {"Opdrachten", 1, NULL},
                                      {"Gevraagd", 1, NULL},
                                      {"Dragers in het netwerk", 1, NULL}};
    nb_web_table_open(b, "gevraagd", NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < k->r.nasks; i++) {
        const nb_vuln_ask_row *a = &k->r.asks[i];
        if (a->holders > 1)
            continue;
        nb_kw_row_head(b, k->in.comps[a->comp].name);
        nb_kw_num_cell(b, a->min_level);
        nb_kw_num_cell(b, a->assignments);
        char h[NB_WEB_FMT_LEN];
        nb_web_fmt_hours(a->minutes, h);
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        nb_html_text(b, h);
        nb_html_lit(b, "</td>");
        nb_kw_num_cell(b, a->holders);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

/* Competencies with one holder in the scope, and those that outflow brings
 * down to one or none within 5 years. */
static void nb_kw_comps(nb_buf *b, const nb_kw *k)
{
    nb_kw_heading(b, "enige-drager", "Competenties met één drager");
    if (k->r.singles == 0) {
        nb_kw_para(b, "Geen competentie hangt aan één medewerker.");
    } else {
        nb_kw_para(b, k->scope ? "Competenties die in deze organisatie maar één medewerker "
                                 "heeft. Het netwerk kan invallen waar het zelf dragers heeft."
                               : "Competenties die in het hele netwerk maar één medewerker "
                                 "heeft.");
        static const nb_web_col cols[] = {{"Competentie", 0, NULL},
                                          {"Niveau", 1, NULL},
                                          {"Dragers in het netwerk", 1, NULL},
                                          {"Vertrekt binnen 5 jaar", 0, NULL}};
        nb_web_table_open(b, "enige-drager", NULL, NULL, NULL);
        NB_WEB_TABLE_HEAD(b, cols);
        for (size_t i = 0; i < k->r.ncomps; i++) {
            const nb_vuln_comp_row *c = &k->r.comps[i];
            if (!c->single)
                continue;
            nb_kw_row_head(b, k->in.comps[c->comp].name);
            nb_kw_num_cell(b, c->top_level);
            nb_kw_num_cell(b, c->holders_network);
            nb_kw_text_cell(b, c->leaving[2] ? "ja" : "nee");
            nb_html_lit(b, "</tr>\n");
        }
        nb_web_table_close(b);
    }
    nb_kw_heading(b, "uitstroom", "Uitstroom");
    nb_kw_para(b, "Wie vertrekt: op de verwachte uitstroomdatum, en anders op de AOW-leeftijd "
                  "(67 jaar; 67 jaar en 3 maanden voor wie in 1961 of later is geboren) geschat "
                  "uit het geboortejaar. Hieronder de competenties die nu twee of meer dragers "
                  "hebben en binnen 5 jaar op één of geen uitkomen.");
    size_t n = 0;
    for (size_t i = 0; i < k->r.ncomps; i++)
        n += k->r.comps[i].drops[2] != 0;
    if (n == 0) {
        nb_kw_para(b, "Geen competentie komt door uitstroom binnen 5 jaar op één of geen "
                      "drager.");
        return;
    }
    static const nb_web_col cols[] = {{"Competentie", 0, NULL},
                                      {"Dragers nu", 1, NULL},
                                      {"Vertrekken binnen 1 jaar", 1, NULL},
                                      {"binnen 3 jaar", 1, NULL},
                                      {"binnen 5 jaar", 1, NULL},
                                      {"Over na 5 jaar", 1, NULL}};
    nb_web_table_open(b, "uitstroom", NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < k->r.ncomps; i++) {
        const nb_vuln_comp_row *c = &k->r.comps[i];
        if (!c->drops[2])
            continue;
        nb_kw_row_head(b, k->in.comps[c->comp].name);
        nb_kw_num_cell(b, c->holders);
        for (int h = 0; h < NB_VULN_HORIZONS; h++)
            nb_kw_num_cell(b, c->leaving[h]);
        nb_kw_num_cell(b, c->holders - c->leaving[2]);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static int nb_kw_spread(nb_buf *b, const nb_kw *k)
{
    nb_kw_heading(b, "verdeling", "Verdeling van het werk");
    nb_kw_para(b, "Goedgekeurde uren van de afgelopen 12 maanden per organisatie. De "
                  "Gini-coëfficiënt zegt hoe ongelijk de uren over de medewerkers met netwerkuren "
                  "verdeeld zijn: 0 is gelijk, 1 is alles bij één persoon.");
    nb_web_bar *bars = calloc(k->r.norgs ? k->r.norgs : 1, sizeof *bars);
    if (bars == NULL)
        return NB_ENOMEM;
    for (size_t i = 0; i < k->r.norgs; i++) {
        bars[i].label = k->in.orgs[k->r.orgs[i].org].name;
        bars[i].minutes = k->r.orgs[i].carried;
    }
    nb_web_bar_chart(b, "verdeling-titel", "Gewerkte uren per organisatie",
                     "Dezelfde cijfers staan in de tabel hieronder.", bars, k->r.norgs);
    free(bars);
    static const nb_web_col cols[] = {{"Organisatie", 0, NULL},
                                      {"Medewerkers", 1, NULL},
                                      {"Gewerkte uren", 1, NULL},
                                      {"Top 10 %", 1, NULL},
                                      {"Gini", 1, NULL},
                                      {"Overbelast", 1, NULL},
                                      {"Vertrekken binnen 5 jaar", 1, NULL}};
    nb_web_table_open(b, "verdeling-tabel", "Werk en uitstroom per organisatie", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < k->r.norgs; i++) {
        const nb_vuln_org_row *o = &k->r.orgs[i];
        char t[NB_WEB_FMT_LEN];
        nb_kw_row_head(b, k->in.orgs[o->org].name);
        nb_kw_num_cell(b, o->people);
        nb_web_fmt_hours(o->carried, t);
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        nb_html_text(b, t);
        nb_html_lit(b, "</td>");
        nb_kw_pct_cell(b, o->top10);
        nb_web_fmt_decimal((int64_t)llround(o->gini * 100.0), 2, t);
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        nb_html_text(b, t);
        nb_html_lit(b, "</td>");
        nb_kw_num_cell(b, o->overloaded);
        nb_kw_num_cell(b, o->leaving[2]);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
    return 0;
}

static void nb_kw_carriers(nb_buf *b, const nb_kw *k)
{
    nb_kw_heading(b, "kartrekkers", "Kartrekkers");
    size_t top = nb_vuln_top_count(k->r.npeople);
    if (top == 0 || k->r.people[0].carried == 0) {
        nb_kw_para(b, "Er zijn in de afgelopen 12 maanden geen uren goedgekeurd.");
        return;
    }
    nb_kw_para(b, "De medewerkers die het meeste werk droegen. Overbelast: de langste reeks "
                  "maanden op rij waarin iemand meer werkte dan 80 % van zijn netwerkuren. Namen "
                  "ziet alleen wie ze mag zien; anders staat er van welke organisatie iemand is.");
    static const nb_web_col cols[] = {{"Medewerker", 0, NULL},
                                      {"Organisatie", 0, NULL},
                                      {"Gewerkte uren", 1, NULL},
                                      {"Aandeel", 1, NULL},
                                      {"Maanden op rij boven de grens", 1, NULL}};
    nb_web_table_open(b, "kartrekkers", NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < top && k->r.people[i].carried > 0; i++) {
        const nb_vuln_person_row *p = &k->r.people[i];
        const nb_vuln_person *pe = &k->in.people[p->person];
        const char *org = "";
        for (size_t o = 0; o < k->in.norgs; o++)
            if (k->in.orgs[o].id == pe->organisation_id)
                org = k->in.orgs[o].name;
        nb_web_row_head_open(b);
        if (nb_vuln_may_name(k->who, pe->organisation_id)) {
            nb_html_lit(b, "<a class=\"utrecht-link\" href=\"/medewerkers/");
            nb_html_int(b, pe->id);
            nb_html_lit(b, "\">");
            nb_html_text(b, pe->name);
            nb_html_lit(b, "</a>");
        } else {
            nb_html_lit(b, "Een medewerker (");
            nb_html_int(b, (int64_t)i + 1);
            nb_html_lit(b, ")");
        }
        nb_html_lit(b, "</th>");
        nb_kw_text_cell(b, org);
        char t[NB_WEB_FMT_LEN];
        nb_web_fmt_hours(p->carried, t);
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        nb_html_text(b, t);
        nb_html_lit(b, "</td>");
        nb_kw_pct_cell(b, p->share);
        nb_kw_num_cell(b, p->run);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

/* The scope from ?organisatie=: "netwerk", an organisation id, or absent (a
 * coordinator's or reader's own organisation, the network for the MT).
 * Returns 0, or 1 after adding a form error. */
static int nb_kw_scope(const nb_web_req *w, nb_web_errors *errs, const char **value, int64_t *scope)
{
    const nb_principal *who = w->req->who;
    const char *v = nb_req_query(w->req, "organisatie");
    *scope = 0;
    if (v == NULL || v[0] == '\0') {
        if (who->role != NB_ROLE_BEHEER && who->organisation_id > 0)
            *scope = who->organisation_id;
        *value = NULL;
        return 0;
    }
    *value = v;
    if (strcmp(v, "netwerk") == 0)
        return 0;
    if (nb_web_parse_id(v, scope) != 0) {
        nb_web_error_add(errs, "organisatie", "Kies het netwerk of een organisatie uit de lijst.");
        return 1;
    }
    return 0;
}

int nb_web_vulnerability(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_kw k;
    memset(&k, 0, sizeof k);
    k.who = w->req->who;
    const char *value = NULL;
    int status = 200;
    nb_err err = {{0}};
    if (nb_kw_scope(w, &errs, &value, &k.scope) != 0)
        status = 422;
    int32_t today = nb_web_today();
    int rc = nb_vuln_run(w->req->st, status == 200 ? k.scope : 0, today, NB_VULN_LOAD_CAP_DEFAULT,
                         &k.in, &k.r, &err);
    if (rc == NB_ENOTFOUND) {
        nb_web_error_add(&errs, "organisatie",
                         "Deze organisatie bestaat niet; kies er een uit "
                         "de lijst.");
        status = 422;
        k.scope = 0;
        rc = nb_vuln_run(w->req->st, 0, today, NB_VULN_LOAD_CAP_DEFAULT, &k.in, &k.r, &err);
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    char scope_id[24];
    snprintf(scope_id, sizeof scope_id, "%lld", (long long)k.scope);
    if (status == 200)
        value = k.scope ? scope_id : "netwerk";
    k.scope_name = "het netwerk";
    for (size_t i = 0; i < k.in.norgs; i++)
        if (k.in.orgs[i].id == k.scope)
            k.scope_name = k.in.orgs[i].name;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    char day[NB_WEB_FMT_LEN];
    nb_web_fmt_day(today, day);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Hoe kwetsbaar ");
    nb_html_text(&b, k.scope_name);
    nb_html_lit(&b, " is op ");
    nb_html_text(&b, day);
    nb_html_lit(&b, ": werk dat aan te weinig mensen hangt, wie er de komende jaren vertrekt en "
                    "hoe het werk verdeeld is. Dezelfde cijfers geeft de API op "
                    "<code>/api/v1/kwetsbaarheid</code>.</p>\n");
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/kwetsbaarheid/3k\">De 3K's per gemeente: kwetsbaarheid, kwaliteit "
                    "en kosten</a>");
    if (k.who->role == NB_ROLE_BEHEER)
        nb_html_lit(&b, " · <a class=\"utrecht-link\" href=\"/kwetsbaarheid/watals\">Wat als "
                        "medewerkers vertrekken?</a>");
    nb_html_lit(&b, "</p>\n");
    nb_kw_filter(&b, &k, &errs, value);
    nb_kw_summary(&b, &k);
    nb_kw_asks(&b, &k);
    nb_kw_comps(&b, &k);
    if ((rc = nb_kw_spread(&b, &k)) != 0)
        goto cleanup;
    nb_kw_carriers(&b, &k);
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    nb_vuln_report_free(&k.r);
    nb_vuln_input_free(&k.in);
    nb_buf_free(&b);
    return rc;
}
