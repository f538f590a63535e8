/*
 * web/watals.c — GET /kwetsbaarheid/watals: "wat als deze medewerkers
 * vertrekken", for the network MT. A GET form with three person fields
 * (type a name, web/person_field.h); the answer is the same computation as
 * GET /api/v1/kwetsbaarheid/watals (store/whatif.h: the teaming engine solves
 * the work stock before and after, warm): a summary, a chart of the hours
 * that lose cover per competency with its table, the assignment lines, who
 * could take over, and the competencies that drop to one holder or none.
 * Nothing is stored. Names through nb_vuln_may_name (the MT sees them all).
 */
#include "store/vulnerability.h"
#include "store/whatif.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/person_field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_WA_FIELDS 3

static const char *const nb_wa_names[NB_WA_FIELDS] = {"medewerker1", "medewerker2", "medewerker3"};

static void nb_wa_heading(nb_buf *b, const char *id, const char *text)
{
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</h2>\n");
}

static void nb_wa_para(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</p>\n");
}

static void nb_wa_num(nb_buf *b, int64_t v)
{
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(v, 0, t);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, t);
    nb_html_lit(b, "</td>");
}

static void nb_wa_hours(nb_buf *b, int64_t minutes)
{
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, t);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, t);
    nb_html_lit(b, "</td>");
}

static void nb_wa_text(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

static const char *nb_wa_label(const nb_whatif_label *l, size_t n, int64_t id)
{
    const nb_whatif_label *x = nb_whatif_label_find(l, n, id);
    return x ? x->name : "";
}

/* The assignment as a row head linking to its page. */
static void nb_wa_asg_head(nb_buf *b, const nb_whatif_report *w, int64_t asg)
{
    nb_web_row_head_open(b);
    nb_html_lit(b, "<a class=\"utrecht-link\" href=\"/opdrachten/");
    nb_html_int(b, asg);
    nb_html_lit(b, "\">");
    nb_html_text(b, nb_wa_label(w->asgs, w->nasgs, asg));
    nb_html_lit(b, "</a></th>");
}

static int nb_wa_form(nb_buf *b, nb_store *st, const nb_web_errors *errs,
                      const char *const values[NB_WA_FIELDS], nb_err *err)
{
    nb_html_lit(b, "<form class=\"utrecht-form\" method=\"get\" action=\"/kwetsbaarheid/watals\" "
                   "novalidate>\n<fieldset class=\"utrecht-form-fieldset\"><legend "
                   "class=\"utrecht-form-fieldset__legend\">Wie vertrekt?</legend>\n");
    static const char *const labels[NB_WA_FIELDS] = {"Medewerker", "Tweede medewerker (mag leeg)",
                                                     "Derde medewerker (mag leeg)"};
    for (int i = 0; i < NB_WA_FIELDS; i++) {
        int rc = nb_web_person_field(
            b, st, errs, nb_wa_names[i], labels[i],
            i == 0 ? "Typ een naam of een deel ervan, of een nummer." : NULL, values[i], err);
        if (rc != 0)
            return rc;
    }
    nb_html_lit(b,
                "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                "class=\"utrecht-button utrecht-button--primary-action\">Bereken</button></div>\n"
                "</form>\n");
    return 0;
}

static void nb_wa_summary(nb_buf *b, const nb_whatif_report *w, const nb_principal *who)
{
    const nb_whatif_result *r = &w->res;
    char t[NB_WEB_FMT_LEN];
    nb_wa_heading(b, "samenvatting", "Samenvatting");
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Vertrekt: ");
    for (size_t i = 0; i < r->nleavers; i++) {
        int64_t org = nb_whatif_person_org(w, r->leavers[i]);
        if (i > 0 && i + 1 == r->nleavers)
            nb_html_lit(b, " en ");
        else if (i > 0)
            nb_html_lit(b, ", ");
        if (nb_vuln_may_name(who, org)) {
            nb_html_text(b, nb_team_load_person_name(&w->load, r->leavers[i]));
        } else {
            nb_html_lit(b, "medewerker ");
            nb_html_int(b, r->leavers[i]);
        }
        nb_html_lit(b, " (");
        nb_html_text(b, nb_whatif_org_name(w, org));
        nb_html_lit(b, ")");
    }
    nb_html_lit(b, ".</p>\n");
    nb_web_table_open(b, "samenvatting", NULL, NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_web_fmt_hours(r->minutes_freed, t);
    nb_web_figure_row(b, "Uren die zij nog gepland hadden (komen weer open)", t);
    nb_web_fmt_hours(r->minutes_before, t);
    nb_web_figure_row(b, "Open werk nu", t);
    nb_web_fmt_hours(r->minutes_after, t);
    nb_web_figure_row(b, "Open werk na vertrek", t);
    nb_web_fmt_hours(r->unmet_before, t);
    nb_web_figure_row(b, "Uren die nu niemand kan doen", t);
    nb_web_fmt_hours(r->unmet_after, t);
    nb_web_figure_row(b, "Uren die na vertrek niemand kan doen", t);
    nb_web_fmt_hours(r->unmet_after - r->unmet_before, t);
    nb_web_figure_row(b, "Tekort door het vertrek", t);
    nb_web_fmt_decimal(r->lines_total, 0, t);
    nb_web_figure_row(b, "Opdrachtregels in de werkvoorraad", t);
    nb_web_table_close(b);
}

/* Per competency and level: the chart of hours without cover, and its table. */
static int nb_wa_comps(nb_buf *b, const nb_whatif_report *w)
{
    const nb_whatif_result *r = &w->res;
    nb_wa_heading(b, "competenties", "Tekort per competentie");
    if (r->ncomps == 0) {
        nb_wa_para(b, "Het vertrek verandert de dekking van geen enkele opdrachtregel.");
        return 0;
    }
    nb_wa_para(b, "Uren die na vertrek niemand in het netwerk kan doen, per gevraagde competentie "
                  "en niveau. Dragers: medewerkers met die competentie op dat niveau of hoger.");
    nb_web_bar *bars = calloc(r->ncomps, sizeof *bars);
    char(*labels)[160] = calloc(r->ncomps, sizeof *labels);
    if (bars == NULL || labels == NULL) {
        free(bars);
        free(labels);
        return NB_ENOMEM;
    }
    for (size_t i = 0; i < r->ncomps; i++) {
        snprintf(labels[i], sizeof labels[i], "%s (niveau %lld)",
                 nb_wa_label(w->comps, w->ncomps, r->comps[i].competency_id),
                 (long long)r->comps[i].min_level);
        bars[i].label = labels[i];
        bars[i].minutes = r->comps[i].unmet_after;
    }
    nb_web_bar_chart(b, "competenties-grafiek", "Uren zonder dekking na vertrek per competentie",
                     "Dezelfde cijfers staan in de tabel hieronder.", bars, r->ncomps);
    static const nb_web_col cols[] = {
        {"Competentie", 0, NULL},       {"Niveau", 1, NULL},
        {"Vrijgekomen", 1, NULL},       {"Zonder dekking nu", 1, NULL},
        {"Zonder dekking na", 1, NULL}, {"Dragers nu", 1, NULL},
        {"Dragers na", 1, NULL}};
    nb_web_table_open(b, "competenties-tabel", "Tekort per competentie en niveau", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < r->ncomps; i++) {
        const nb_whatif_comp *c = &r->comps[i];
        nb_web_row_head_open(b);
        nb_html_text(b, nb_wa_label(w->comps, w->ncomps, c->competency_id));
        nb_html_lit(b, "</th>");
        nb_wa_num(b, c->min_level);
        nb_wa_hours(b, c->minutes_freed);
        nb_wa_hours(b, c->unmet_before);
        nb_wa_hours(b, c->unmet_after);
        nb_wa_num(b, c->holders_before);
        nb_wa_num(b, c->holders_after);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
    free(bars);
    free(labels);
    return 0;
}

static void nb_wa_lines(nb_buf *b, const nb_whatif_report *w)
{
    const nb_whatif_result *r = &w->res;
    nb_wa_heading(b, "regels", "Opdrachtregels");
    if (r->nlines == 0) {
        nb_wa_para(b, "Geen opdrachtregel verliest of krijgt dekking.");
        return;
    }
    nb_wa_para(b, "De regels waarop de vertrekkers gepland stonden of die de berekening aan hun "
                  "vrije uren gaf, en regels waarvan het tekort verandert. Meeste nieuw tekort "
                  "eerst.");
    static const nb_web_col cols[] = {{"Opdracht", 0, NULL},         {"Competentie", 0, NULL},
                                      {"Niveau", 1, NULL},           {"Open", 1, NULL},
                                      {"Vrijgekomen", 1, NULL},      {"Zonder dekking nu", 1, NULL},
                                      {"Zonder dekking na", 1, NULL}};
    nb_web_table_open(b, "regels-tabel", "Opdrachtregels waarvan de dekking verandert", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < r->nlines; i++) {
        const nb_whatif_line *l = &r->lines[i];
        nb_wa_asg_head(b, w, l->assignment_id);
        nb_wa_text(b, nb_wa_label(w->comps, w->ncomps, l->competency_id));
        nb_wa_num(b, l->min_level);
        nb_wa_hours(b, l->minutes_open);
        nb_wa_hours(b, l->minutes_freed);
        nb_wa_hours(b, l->unmet_before);
        nb_wa_hours(b, l->unmet_after);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_wa_takes(nb_buf *b, const nb_whatif_report *w, const nb_principal *who)
{
    const nb_whatif_result *r = &w->res;
    nb_wa_heading(b, "overnemen", "Wie kan het overnemen");
    if (r->ntakes == 0) {
        nb_wa_para(b, "Niemand in het netwerk heeft uren en de gevraagde competentie om het werk "
                      "van de vertrekkers over te nemen.");
        return;
    }
    nb_wa_para(b, "Een voorstel van de teaming-engine, niet opgeslagen: wie na vertrek de uren op "
                  "de regels van de vertrekkers zou doen. Voor een echt team maakt u een "
                  "teamvoorstel.");
    static const nb_web_col cols[] = {{"Opdracht", 0, NULL},
                                      {"Medewerker", 0, NULL},
                                      {"Organisatie", 0, NULL},
                                      {"Uren na vertrek", 1, NULL},
                                      {"Uren nu", 1, NULL}};
    nb_web_table_open(b, "overnemen-tabel", "Voorgestelde overnemers", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < r->ntakes; i++) {
        const nb_whatif_take *t = &r->takes[i];
        nb_wa_asg_head(b, w, t->assignment_id);
        if (nb_vuln_may_name(who, t->organisation_id)) {
            nb_wa_text(b, nb_team_load_person_name(&w->load, t->person_id));
        } else {
            nb_wa_text(b, "Een medewerker");
        }
        nb_wa_text(b, nb_whatif_org_name(w, t->organisation_id));
        nb_wa_hours(b, t->minutes);
        nb_wa_hours(b, t->minutes_before);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_wa_drops(nb_buf *b, const nb_whatif_report *w)
{
    const nb_whatif_result *r = &w->res;
    nb_wa_heading(b, "dragers", "Competenties naar één of geen drager");
    if (r->ndrops == 0) {
        nb_wa_para(b, "Elke competentie van de vertrekkers houdt ten minste twee dragers in het "
                      "netwerk.");
        return;
    }
    static const nb_web_col cols[] = {
        {"Competentie", 0, NULL}, {"Dragers nu", 1, NULL}, {"Dragers na vertrek", 1, NULL}};
    nb_web_table_open(b, "dragers-tabel", NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < r->ndrops; i++) {
        nb_web_row_head_open(b);
        nb_html_text(b, nb_wa_label(w->comps, w->ncomps, r->drops[i].competency_id));
        nb_html_lit(b, "</th>");
        nb_wa_num(b, r->drops[i].holders_before);
        nb_wa_num(b, r->drops[i].holders_after);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

int nb_web_whatif(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_whatif_report rep;
    memset(&rep, 0, sizeof rep);
    nb_err err = {{0}};
    const char *values[NB_WA_FIELDS];
    int64_t ids[NB_WA_FIELDS];
    size_t n = 0;
    int status = 200, asked = 0, rc = 0;
    for (int i = 0; i < NB_WA_FIELDS; i++) {
        values[i] = nb_req_query(w->req, nb_wa_names[i]);
        if (values[i] != NULL && values[i][0] != '\0')
            asked = 1;
    }
    for (int i = 0; asked && i < NB_WA_FIELDS; i++) {
        if (i > 0 && (values[i] == NULL || values[i][0] == '\0'))
            continue;
        int64_t id = 0;
        if ((rc = nb_web_person_resolve(w->req->st, values[i] ? values[i] : "", &errs,
                                        nb_wa_names[i], "Kies ten minste één medewerker.", &id,
                                        &err)) != 0) {
            rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        }
        if (id > 0)
            ids[n++] = id;
    }
    if (errs.count > 0)
        status = 422;
    int32_t today = nb_web_today();
    int ran = 0;
    if (asked && status == 200) {
        rc = nb_whatif_report_run(w->req->st, today, ids, n, NULL, &rep, &err);
        if (rc == NB_ENOTFOUND) {
            nb_web_error_add(&errs, nb_wa_names[0], "Deze medewerker is niet actief.");
            status = 422;
        } else if (rc != 0) {
            rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        } else {
            ran = 1;
        }
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_wa_para(&b,
               "Wat als één of meer medewerkers vertrekken? De teaming-engine verdeelt het "
               "open werk van het netwerk over wie er uren voor heeft, eerst zoals het nu is en "
               "dan zonder hen (hun geplande uren komen weer open). Het verschil is het tekort "
               "dat het netwerk dan echt heeft. Er wordt niets opgeslagen.");
    if ((rc = nb_wa_form(&b, w->req->st, &errs, values, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    if (!ran) {
        if (!asked)
            nb_wa_para(&b, "Kies hierboven wie er vertrekt en kies Bereken.");
    } else {
        nb_wa_summary(&b, &rep, w->req->who);
        if ((rc = nb_wa_comps(&b, &rep)) != 0) {
            rc = nb_resp_from_err(resp, rc, NULL);
            goto cleanup;
        }
        nb_wa_lines(&b, &rep);
        nb_wa_takes(&b, &rep, w->req->who);
        nb_wa_drops(&b, &rep);
    }
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/kwetsbaarheid\">Terug naar kwetsbaarheid</a></p>\n");
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    nb_whatif_report_free(&rep);
    nb_buf_free(&b);
    return rc;
}
