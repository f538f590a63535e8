/*
 * web/rapportages.c — the report pages (issue 11 §3; docs/reports.md):
 * GET /rapportages (which reports there are, a form for each the reader may
 * open), /rapportages/college and /rapportages/raad (?organisatie=&kwartaal=)
 * and /rapportages/advies (?vanaf=&tot=). Each shows the one report model
 * (store/reports.h) as HTML: per section its figures in a table (value,
 * explanation, a link to the list the figure came from), its charts as
 * inline SVG with a table of the same numbers, its tables and quotes.
 * ?formaat=pdf|xlsx|csv downloads the same model (report/render.h). Who may
 * open which report: nb_report_may_see, as the API.
 */
#include "report/render.h"
#include "store/reports.h"
#include "util/date.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The model as HTML --------------------------------------------------- */

static void nb_rw_cell(nb_buf *b, const char *text, int numeric)
{
    if (numeric)
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    else
        nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

static void nb_rw_figures(nb_buf *b, const nb_web_req *w, const nb_report_section *s)
{
    char id[96], caption[300];
    snprintf(id, sizeof id, "cijfers-%s", s->id);
    snprintf(caption, sizeof caption, "Cijfers: %s", s->heading);
    nb_web_table_open(b, id, caption, NULL, NULL);
    static const nb_web_col cols[] = {
        {"Cijfer", 0, NULL}, {"Waarde", 1, NULL}, {"Uitleg", 0, NULL}, {"Bron", 0, NULL}};
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < s->nfigures; i++) {
        const nb_report_figure *f = &s->figures[i];
        char v[NB_REPORT_VALUE_LEN];
        nb_report_value_text(f->value, f->unit, v);
        nb_web_row_head_open(b);
        nb_html_text(b, f->label);
        nb_html_lit(b, "</th>");
        nb_rw_cell(b, v, 1);
        nb_rw_cell(b, f->explain, 0);
        nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
        /* the source list, when this reader may open it */
        if (f->href[0] && nb_web_may_open(w->pages, w->npages, w->req->who->role, f->href)) {
            nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
            NB_IGNORE(nb_html_url(b, f->href), "our own path; a refused one is left out");
            nb_html_lit(b, "\">Bekijk de lijst<span class=\"nb-visually-hidden\"> bij ");
            nb_html_text(b, f->label);
            nb_html_lit(b, "</span></a>");
        }
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_rw_chart(nb_buf *b, const nb_report_chart *c)
{
    nb_web_bar *bars = calloc(c->nbars ? c->nbars : 1, sizeof *bars);
    char(*texts)[NB_REPORT_VALUE_LEN] = calloc(c->nbars ? c->nbars : 1, sizeof *texts);
    const char **tp = calloc(c->nbars ? c->nbars : 1, sizeof *tp);
    if (bars == NULL || texts == NULL || tp == NULL) {
        b->oom = 1;
        goto cleanup;
    }
    for (size_t i = 0; i < c->nbars; i++) {
        bars[i].label = c->bars[i].label;
        bars[i].minutes = c->bars[i].value;
        nb_report_value_text(c->bars[i].value, c->unit, texts[i]);
        tp[i] = texts[i];
    }
    char id[96];
    snprintf(id, sizeof id, "grafiek-%s", c->id);
    nb_web_bar_chart_text(b, id, c->title, NULL, bars, tp, c->nbars);
    snprintf(id, sizeof id, "grafiek-tabel-%s", c->id);
    nb_web_table_open(b, id, c->title, NULL, NULL);
    const nb_web_col cols[] = {{"", 0, NULL}, {"Waarde", 1, NULL}};
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < c->nbars; i++)
        nb_web_figure_row(b, c->bars[i].label, texts[i]);
    nb_web_table_close(b);
cleanup:
    free(bars);
    free(texts);
    free(tp);
}

static void nb_rw_table(nb_buf *b, const nb_report_section *s, size_t k)
{
    const nb_report_table *t = s->tables[k];
    char id[96];
    snprintf(id, sizeof id, "tabel-%s-%zu", s->id, k + 1);
    nb_web_table_open(b, id, t->caption, NULL, NULL);
    nb_web_col cols[NB_REPORT_COLS_MAX];
    for (size_t i = 0; i < t->ncols; i++)
        cols[i] = (nb_web_col){t->head[i], t->numeric[i], NULL};
    nb_web_table_head(b, cols, t->ncols);
    if (t->nrows == 0) {
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\" "
                       "colspan=\"");
        nb_html_int(b, (int64_t)t->ncols);
        nb_html_lit(b, "\">Geen rijen in deze periode.</td></tr>\n");
    }
    for (size_t r = 0; r < t->nrows; r++) {
        nb_html_lit(b, "<tr class=\"utrecht-table__row\">");
        for (size_t i = 0; i < t->ncols; i++)
            nb_rw_cell(b, t->cells[r * t->ncols + i], t->numeric[i]);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_rw_report(nb_buf *b, const nb_web_req *w, const nb_report *r)
{
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_report_section *s = r->sections[i];
        nb_html_lit(b, "<section aria-labelledby=\"");
        nb_html_attr(b, s->id);
        nb_html_lit(b, "\">\n<h2 class=\"utrecht-heading-2\" id=\"");
        nb_html_attr(b, s->id);
        nb_html_lit(b, "\">");
        nb_html_text(b, s->heading);
        nb_html_lit(b, "</h2>\n<p class=\"utrecht-paragraph\">");
        nb_html_text(b, s->intro);
        nb_html_lit(b, "</p>\n");
        if (s->nfigures > 0)
            nb_rw_figures(b, w, s);
        for (size_t k = 0; k < s->ncharts; k++)
            nb_rw_chart(b, s->charts[k]);
        for (size_t k = 0; k < s->ntables; k++)
            nb_rw_table(b, s, k);
        for (size_t k = 0; k < s->nquotes; k++) {
            nb_html_lit(b, "<blockquote class=\"utrecht-blockquote\"><p "
                           "class=\"utrecht-paragraph\">");
            nb_html_text(b, s->quotes[k]);
            nb_html_lit(b, "</p></blockquote>\n");
        }
        nb_html_lit(b, "</section>\n");
    }
}

/* ---- Forms ----------------------------------------------------------------- */

/* The choice of a municipality and a quarter for the college or raad report. */
static int nb_rw_org_form(nb_buf *b, nb_store *st, const nb_principal *who, nb_report_kind kind,
                          const nb_web_errors *errs, const char *org, const char *quarter,
                          nb_err *err)
{
    nb_web_orgs orgs;
    memset(&orgs, 0, sizeof orgs);
    int rc = nb_web_orgs_load(st, &orgs, err);
    if (rc != 0) {
        nb_web_orgs_free(&orgs);
        return rc;
    }
    nb_html_lit(b, "<form class=\"utrecht-form nb-filter\" method=\"get\" action=\"/rapportages/");
    nb_html_attr(b, nb_report_kind_slug(kind));
    nb_html_lit(b, "\" novalidate>\n<fieldset class=\"utrecht-form-fieldset\"><legend "
                   "class=\"utrecht-form-fieldset__legend\">");
    nb_html_text(b, nb_report_kind_name(kind));
    nb_html_lit(b, "</legend>\n");
    nb_web_select_open(b, errs, "organisatie", "Gemeente", NULL);
    for (size_t i = 0; i < orgs.n; i++) {
        if (!nb_report_may_see(who, kind, orgs.v[i].id))
            continue;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)orgs.v[i].id);
        nb_web_select_option(b, id, orgs.v[i].name, org);
    }
    nb_web_select_close(b);
    nb_web_form_field(b, errs, "kwartaal", "text", "Kwartaal",
                      "Jaar en kwartaal, bijvoorbeeld 2026-K3.", quarter, "off");
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Rapportage "
                   "tonen</button></div>\n</form>\n");
    nb_web_orgs_free(&orgs);
    return 0;
}

static void nb_rw_period_form(nb_buf *b, const nb_web_errors *errs, const char *from,
                              const char *to)
{
    nb_html_lit(b, "<form class=\"utrecht-form nb-filter\" method=\"get\" "
                   "action=\"/rapportages/advies\" novalidate>\n<fieldset "
                   "class=\"utrecht-form-fieldset\"><legend "
                   "class=\"utrecht-form-fieldset__legend\">Adviesrapportage</legend>\n");
    nb_web_form_field(b, errs, "vanaf", "date", "Vanaf", "Eerste dag van de periode.", from, "off");
    nb_web_form_field(b, errs, "tot", "date", "Tot en met", "Laatste dag van de periode.", to,
                      "off");
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Rapportage "
                   "tonen</button></div>\n</form>\n");
}

/* The links to the same report as PDF, XLSX and CSV. query is the page's
 * query without formaat (already URL-safe: ids, dates, a quarter). */
static void nb_rw_downloads(nb_buf *b, const char *path, const char *query)
{
    static const char *const fmts[][2] = {{"pdf", "PDF"}, {"xlsx", "Excel (XLSX)"}, {"csv", "CSV"}};
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Downloaden: ");
    for (size_t i = 0; i < 3; i++) {
        char href[300];
        snprintf(href, sizeof href, "%s?%s&formaat=%s", path, query, fmts[i][0]);
        if (i)
            nb_html_lit(b, ", ");
        nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
        NB_IGNORE(nb_html_url(b, href), "built from checked values");
        nb_html_lit(b, "\">");
        nb_html_text(b, fmts[i][1]);
        nb_html_lit(b, "</a>");
    }
    nb_html_lit(b, ".</p>\n");
}

/* ---- Answering ------------------------------------------------------------- */

/* The download of r in format (pdf, xlsx, csv) named name.<format>. */
static int nb_rw_download(nb_resp *resp, const nb_report *r, const char *format, const char *name)
{
    nb_err err = {{0}};
    int rc = nb_report_render(r, format, &resp->raw, &resp->content_type, &err);
    if (rc != 0) {
        nb_buf_free(&resp->raw);
        resp->content_type = NULL;
        return rc;
    }
    for (int i = 0; i < NB_RESP_EXTRA_HEADERS; i++)
        if (resp->extra_header[i][0] == '\0') {
            snprintf(resp->extra_header[i], sizeof resp->extra_header[i],
                     "Content-Disposition: attachment; filename=\"%s.%s\"", name, format);
            break;
        }
    resp->status = 200;
    return 0;
}

/* ?formaat=: NULL for the page, else pdf/xlsx/csv; *bad set for another value. */
static const char *nb_rw_format(const nb_web_req *w, int *bad)
{
    const char *f = nb_req_query(w->req, "formaat");
    if (f == NULL || f[0] == '\0')
        return NULL;
    if (strcmp(f, "pdf") == 0 || strcmp(f, "xlsx") == 0 || strcmp(f, "csv") == 0)
        return f;
    *bad = 1;
    return NULL;
}

static void nb_rw_subject(nb_buf *b, const nb_report *r)
{
    char f[NB_WEB_FMT_LEN], t[NB_WEB_FMT_LEN], m[NB_WEB_FMT_LEN];
    nb_web_fmt_day(r->from, f);
    nb_web_fmt_day(r->to, t);
    nb_web_fmt_day(r->made, m);
    nb_html_lit(b, "<p class=\"utrecht-paragraph nb-report-subject\"><strong>");
    nb_html_text(b, r->title);
    nb_html_lit(b, "</strong><br>");
    nb_html_text(b, r->subject);
    nb_html_lit(b, " — ");
    nb_html_text(b, f);
    nb_html_lit(b, " tot en met ");
    nb_html_text(b, t);
    nb_html_lit(b, " — gemaakt op ");
    nb_html_text(b, m);
    nb_html_lit(b, "</p>\n");
}

static int nb_rw_college_or_raad(nb_web_req *w, nb_resp *resp, nb_report_kind kind)
{
    const nb_principal *who = w->req->who;
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_report r;
    nb_report_init(&r, kind);
    nb_err err = {{0}};
    int status = 200, bad = 0, rc = 0;
    const char *format = nb_rw_format(w, &bad);
    const char *ov = nb_req_query(w->req, "organisatie");
    const char *qv = nb_req_query(w->req, "kwartaal");
    char qbuf[8], obuf[24];
    int64_t org = who->organisation_id;
    int32_t f = 0, t = 0;
    if (ov != NULL && ov[0] != '\0' && nb_web_parse_id(ov, &org) != 0) {
        nb_web_error_add(&errs, "organisatie", "Kies een gemeente uit de lijst.");
        status = 422;
    }
    if (qv == NULL || qv[0] == '\0') {
        nb_report_quarter_of(nb_web_today(), qbuf);
        qv = qbuf;
    } else if (nb_report_quarter_parse(qv, &f, &t) != 0) {
        nb_web_error_add(&errs, "kwartaal", "Vul het kwartaal in als 2026-K3.");
        status = 422;
    }
    if (bad) {
        nb_web_error_add(&errs, "formaat", "Kies PDF, XLSX of CSV.");
        status = 422;
    }
    int choose = status == 200 && org == 0; /* no municipality yet: only the form */
    if (choose && format != NULL) {
        nb_web_error_add(&errs, "organisatie", "Kies de gemeente van de rapportage.");
        status = 422;
        choose = 0;
    }
    if (status == 200 && !choose && !nb_report_may_see(who, kind, org)) {
        rc = nb_resp_problem(resp, 403, "Geen toegang",
                             "U mag deze rapportage van deze gemeente niet zien.");
        goto cleanup;
    }
    if (status == 200 && !choose) {
        rc = nb_report_college(w->req->st, who, kind, org, qv, nb_web_today(), &r, &err);
        if (rc == NB_ENOTFOUND) {
            nb_web_error_add(&errs, "organisatie",
                             "Deze gemeente bestaat niet; kies er een uit "
                             "de lijst.");
            status = 422;
        } else if (rc != 0) {
            rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        }
    }
    if (org > 0)
        snprintf(obuf, sizeof obuf, "%lld", (long long)org);
    else
        obuf[0] = '\0';
    if (status == 200 && !choose && format != NULL) {
        char name[64];
        snprintf(name, sizeof name, "%s-%lld-%s",
                 kind == NB_REPORT_RAAD ? "raadsinformatie" : "rapportage-college", (long long)org,
                 qv);
        rc = nb_rw_download(resp, &r, format, name);
        if (rc != 0)
            rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    if (kind == NB_REPORT_RAAD)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Informatie voor de gemeenteraad over "
                        "een kwartaal, zonder namen van medewerkers. Bij elk cijfer staat in "
                        "gewone woorden wat het betekent.</p>\n");
    else
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De tussentijdse rapportage voor het "
                        "college over een kwartaal. Elk cijfer verwijst naar de lijst waar het "
                        "vandaan komt.</p>\n");
    if ((rc = nb_rw_org_form(&b, w->req->st, who, kind, &errs, obuf, qv, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    if (status == 200 && !choose) {
        char query[96], path[40];
        snprintf(query, sizeof query, "organisatie=%lld&kwartaal=%s", (long long)org, qv);
        snprintf(path, sizeof path, "/rapportages/%s", nb_report_kind_slug(kind));
        nb_rw_subject(&b, &r);
        nb_rw_downloads(&b, path, query);
        nb_rw_report(&b, w, &r);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    nb_buf_free(&b);
    nb_report_free(&r);
    return rc;
}

int nb_web_report_college(nb_web_req *w, nb_resp *resp)
{
    return nb_rw_college_or_raad(w, resp, NB_REPORT_COLLEGE);
}

int nb_web_report_raad(nb_web_req *w, nb_resp *resp)
{
    return nb_rw_college_or_raad(w, resp, NB_REPORT_RAAD);
}

int nb_web_report_advies(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_report r;
    nb_report_init(&r, NB_REPORT_ADVIES);
    nb_err err = {{0}};
    int status = 200, bad = 0, rc = 0;
    const char *format = nb_rw_format(w, &bad);
    const char *fv = nb_req_query(w->req, "vanaf");
    const char *tv = nb_req_query(w->req, "tot");
    int32_t today = nb_web_today(), from = 0, to = today;
    int y = 0, m = 0, d = 0;
    nb_date_to_ymd(today, &y, &m, &d);
    from = nb_date_from_ymd(y - 1, m, d > 28 ? 28 : d) + 1;
    char fbuf[NB_DATE_LEN], tbuf[NB_DATE_LEN];
    if (fv != NULL && fv[0] != '\0' && nb_date_parse(fv, &from) != 0) {
        nb_web_error_add(&errs, "vanaf", "Vul een datum in als 2026-01-31.");
        status = 422;
    }
    if (tv != NULL && tv[0] != '\0' && nb_date_parse(tv, &to) != 0) {
        nb_web_error_add(&errs, "tot", "Vul een datum in als 2026-12-31.");
        status = 422;
    }
    if (status == 200 && to < from) {
        nb_web_error_add(&errs, "tot", "De periode eindigt vóór zij begint.");
        status = 422;
    }
    if (bad) {
        nb_web_error_add(&errs, "formaat", "Kies PDF, XLSX of CSV.");
        status = 422;
    }
    nb_date_format(from, fbuf);
    nb_date_format(to, tbuf);
    if (status == 200) {
        rc = nb_report_advies(w->req->st, from, to, today, 0, &r, &err);
        if (rc != 0) {
            rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        }
        if (format != NULL) {
            char name[64];
            snprintf(name, sizeof name, "adviesrapportage-%s", r.period_key);
            rc = nb_rw_download(resp, &r, format, name);
            if (rc != 0)
                rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        }
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De evaluatie van de proeftuin voor het "
                    "netwerk: wat het netwerk aantoonbaar opleverde, met de methode bij elk "
                    "cijfer en wat niet gemeten kon worden.</p>\n");
    nb_rw_period_form(&b, &errs, fv && fv[0] ? fv : fbuf, tv && tv[0] ? tv : tbuf);
    if (status == 200) {
        char query[64];
        snprintf(query, sizeof query, "vanaf=%s&tot=%s", fbuf, tbuf);
        nb_rw_subject(&b, &r);
        nb_rw_downloads(&b, "/rapportages/advies", query);
        nb_rw_report(&b, w, &r);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    nb_buf_free(&b);
    nb_report_free(&r);
    return rc;
}

int nb_web_reports(nb_web_req *w, nb_resp *resp)
{
    const nb_principal *who = w->req->who;
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Rapportages uit de gegevens van noaber. Elk "
                    "cijfer heeft een korte uitleg en verwijst naar de lijst waar het vandaan "
                    "komt. Elke rapportage is ook te downloaden als PDF, Excel (XLSX) of "
                    "CSV.</p>\n<ul class=\"utrecht-unordered-list\">\n");
    static const struct {
        nb_report_kind kind;
        const char *path, *link, *text;
    } kinds[] = {
        {NB_REPORT_COLLEGE, "/rapportages/college", "Tussentijdse rapportage",
         ": voor het college van een gemeente, per kwartaal."},
        {NB_REPORT_RAAD, "/rapportages/raad", "Raadsinformatie",
         ": hetzelfde voor de gemeenteraad, zonder namen en in eenvoudige woorden."},
        {NB_REPORT_ADVIES, "/rapportages/advies", "Adviesrapportage",
         ": de evaluatie van de proeftuin voor het netwerk."},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int64_t probe = kinds[i].kind == NB_REPORT_ADVIES ? 0
                        : who->organisation_id > 0        ? who->organisation_id
                                                          : 1;
        if (!nb_report_may_see(who, kinds[i].kind, probe))
            continue;
        nb_html_lit(&b, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" "
                        "href=\"");
        NB_IGNORE(nb_html_url(&b, kinds[i].path), "a literal path");
        nb_html_lit(&b, "\">");
        nb_html_text(&b, kinds[i].link);
        nb_html_lit(&b, "</a>");
        nb_html_text(&b, kinds[i].text);
        nb_html_lit(&b, "</li>\n");
    }
    nb_html_lit(&b, "</ul>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}
