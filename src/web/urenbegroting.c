/*
 * web/urenbegroting.c — the hours budget (urenbegroting) of a year:
 *
 *   GET /urenbegroting?jaar=YYYY        the page: warnings, the network's
 *                                       total, a chart (balance now,
 *                                       projected, credit line) and the
 *                                       table with the same numbers
 *   GET /urenbegroting.csv?jaar=YYYY    the API's CSV (store/budget.h)
 *   GET /urenbegroting.xlsx?jaar=YYYY   the API's workbook
 *
 * For beheer and lezer every organisation, for a coordinator its own (the
 * balance's rule, nb_budget_may_see, as GET /api/v1/urenbegroting); the
 * network's total for all three. Also the warning block of the MT's start
 * page (nb_web_budget_alerts). Loads through store/budget.h, as the API.
 */
#include "store/budget.h"
#include "util/date.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/mt.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Years offered by the selector: this many before this year, one after. */
#define NB_BUDGET_YEARS_BACK 4

/* The year of ?jaar= (default this year in Amsterdam). Returns 0, or 1 after
 * adding a form error (then *year is this year). */
static int nb_wb_year(const nb_web_req *w, nb_web_errors *errs, int32_t today, int *year)
{
    int m, d;
    nb_date_to_ymd(today, year, &m, &d);
    const char *v = nb_req_query(w->req, "jaar");
    if (v == NULL || v[0] == '\0')
        return 0;
    char *end = NULL;
    long y = strtol(v, &end, 10);
    if (end == v || *end != '\0' || y < NB_BUDGET_YEAR_MIN || y > NB_BUDGET_YEAR_MAX) {
        nb_web_error_add(errs, "jaar", "Kies een jaar uit de lijst.");
        return 1;
    }
    *year = (int)y;
    return 0;
}

static void nb_wb_td_pct(nb_buf *b, int64_t pct)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    if (pct >= 0) {
        nb_html_int(b, pct);
        nb_html_lit(b, " %");
    } else {
        nb_html_lit(b, "geen kredietlijn");
    }
    nb_html_lit(b, "</td>");
}

static void nb_wb_td_money(nb_buf *b, int64_t cents)
{
    char money[48];
    nb_mt_fmt_money(cents, 1, money);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">€ ");
    nb_html_text(b, money);
    nb_html_lit(b, "</td>");
}

static void nb_wb_filter(nb_buf *b, const nb_web_errors *errs, int this_year, const char *value)
{
    nb_html_lit(b,
                "<form class=\"utrecht-form nb-filter\" method=\"get\" action=\"/urenbegroting\" "
                "novalidate>\n<fieldset class=\"utrecht-form-fieldset\"><legend "
                "class=\"utrecht-form-fieldset__legend\">Jaar</legend>\n");
    nb_web_select_open(b, errs, "jaar", "Jaar",
                       "Een kalenderjaar; de prognose gaat uit van vandaag.");
    for (int y = this_year + 1; y >= this_year - NB_BUDGET_YEARS_BACK; y--) {
        char v[8];
        snprintf(v, sizeof v, "%d", y);
        nb_web_select_option(b, v, v, value);
    }
    nb_web_select_close(b);
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Tonen</button></div>\n"
                   "</form>\n");
}

/* The warning of one organisation, as text. */
static void nb_wb_alert_text(const nb_budget_row *r, char *out, size_t size)
{
    const nb_budget_org *f = &r->fig;
    int64_t line = f->credit_line > 0 ? f->credit_line : 0;
    char over[NB_WEB_FMT_LEN], proj[NB_WEB_FMT_LEN], lim[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(f->projected_used - line, over);
    nb_web_fmt_hours(f->projected, proj);
    nb_web_fmt_hours(line, lim);
    snprintf(out, size,
             "%s gaat naar verwachting %s voorbij de kredietlijn van %s: het verwachte saldo aan "
             "het eind van het jaar is %s.",
             r->org_name, over, lim, proj);
}

/* The warnings (utrecht-alert), or a paragraph saying there are none. */
static void nb_wb_alerts(nb_buf *b, const nb_budget *bg)
{
    if (bg->alerts == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen organisatie gaat naar verwachting "
                       "voorbij haar kredietlijn.</p>\n");
        return;
    }
    for (size_t i = 0; i < bg->n; i++) {
        if (!bg->rows[i].fig.projected_over)
            continue;
        char text[512];
        nb_wb_alert_text(&bg->rows[i], text, sizeof text);
        nb_mt_alert(b, "warning", text);
    }
}

int nb_web_budget_alerts(nb_buf *b, nb_store *st, const nb_principal *who, nb_err *err)
{
    nb_budget bg;
    int32_t today = nb_web_today();
    int y, m, d;
    nb_date_to_ymd(today, &y, &m, &d);
    int rc = nb_budget_load(st, y, today, who, &bg, err);
    if (rc == 0) {
        nb_html_lit(b,
                    "<section aria-labelledby=\"blok-begroting\"><h2 class=\"utrecht-heading-2\" "
                    "id=\"blok-begroting\">Urenbegroting ");
        nb_html_int(b, y);
        nb_html_lit(b, "</h2>\n");
        nb_wb_alerts(b, &bg);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                       "href=\"/urenbegroting\">De urenbegroting per organisatie</a></p>\n"
                       "</section>\n");
    }
    nb_budget_free(&bg);
    return rc;
}

static void nb_wb_network(nb_buf *b, const nb_budget *bg)
{
    char v[NB_WEB_FMT_LEN];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Het netwerk</h2>\n");
    nb_web_dl_open(b);
    snprintf(v, sizeof v, "%lld", (long long)bg->network.assignments);
    nb_web_dl_item(b, "Opdrachten in het jaar", v);
    nb_web_fmt_hours(bg->network.total, v);
    nb_web_dl_item(b, "Totaal van die opdrachten in het jaar", v);
    nb_web_fmt_hours(bg->network.done, v);
    nb_web_dl_item(b, "Gedaan (goedgekeurde uren in het jaar)", v);
    if (bg->network.done_pct >= 0)
        snprintf(v, sizeof v, "%lld %%", (long long)bg->network.done_pct);
    else
        snprintf(v, sizeof v, "geen opdrachten");
    nb_web_dl_item(b, "Gedaan deel", v);
    nb_web_dl_close(b);
}

/* The chart: per organisation its balance now, the projection and the
 * credit line drawn as the floor (negative); the table has the numbers. */
static int nb_wb_chart(nb_buf *b, const nb_budget *bg)
{
    nb_web_bar *bars = calloc(bg->n * 3 + 1, sizeof *bars);
    char(*labels)[160] = calloc(bg->n * 3 + 1, sizeof *labels);
    if (bars == NULL || labels == NULL) {
        free(bars);
        free(labels);
        return NB_ENOMEM;
    }
    for (size_t i = 0; i < bg->n; i++) {
        const nb_budget_row *r = &bg->rows[i];
        snprintf(labels[3 * i], sizeof labels[0], "%s: saldo", r->org_name);
        snprintf(labels[3 * i + 1], sizeof labels[0], "%s: prognose", r->org_name);
        snprintf(labels[3 * i + 2], sizeof labels[0], "%s: grens kredietlijn", r->org_name);
        bars[3 * i] = (nb_web_bar){labels[3 * i], r->fig.closing};
        bars[3 * i + 1] = (nb_web_bar){labels[3 * i + 1], r->fig.projected};
        bars[3 * i + 2] =
            (nb_web_bar){labels[3 * i + 2], r->fig.credit_line > 0 ? -r->fig.credit_line : 0};
    }
    nb_web_bar_chart(b, "begroting-grafiek", "Saldo, prognose en kredietlijn per organisatie",
                     "In uren. Een prognose links van de grens van de kredietlijn gaat er "
                     "voorbij. De tabel hieronder geeft dezelfde getallen.",
                     bars, bg->n * 3);
    free(bars);
    free(labels);
    return 0;
}

static void nb_wb_table(nb_buf *b, const nb_budget *bg)
{
    static const nb_web_col cols[] = {
        {"Organisatie", 0, NULL},
        {"Beginsaldo", 1, NULL},
        {"Afgenomen", 1, NULL},
        {"Geleverd", 1, NULL},
        {"Gestort", 1, NULL},
        {"Uurkrediet gestort", 1, NULL},
        {"Overig", 1, NULL},
        {"Saldo", 1, NULL},
        {"Gepland af", 1, NULL},
        {"Gepland geleverd", 1, NULL},
        {"Nog niet ingepland", 1, NULL},
        {"Prognose jaareinde", 1, NULL},
        {"Kredietlijn", 1, NULL},
        {"Gebruikt", 1, NULL},
        {"Prognose gebruikt", 1, NULL},
    };
    char caption[96];
    snprintf(caption, sizeof caption, "Urenbegroting %d per organisatie", bg->year);
    nb_web_table_open(b, "begroting-bijschrift", caption, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < bg->n; i++) {
        const nb_budget_row *r = &bg->rows[i];
        const nb_budget_org *f = &r->fig;
        nb_web_row_head_open(b);
        nb_html_text(b, r->org_name);
        if (f->projected_over)
            nb_html_lit(b, " <span class=\"utrecht-badge-status utrecht-badge-status--warning\">"
                           "voorbij kredietlijn</span>");
        nb_html_lit(b, "</th>");
        nb_mt_td_hours(b, f->opening);
        nb_mt_td_hours(b, f->taken);
        nb_mt_td_hours(b, f->brought);
        nb_wb_td_money(b, f->deposit_cents);
        nb_mt_td_hours(b, f->deposit_minutes);
        nb_mt_td_hours(b, f->other);
        nb_mt_td_hours(b, f->closing);
        nb_mt_td_hours(b, f->planned_taken);
        nb_mt_td_hours(b, f->planned_brought);
        nb_mt_td_hours(b, f->unplanned_taken);
        nb_mt_td_hours(b, f->projected);
        nb_mt_td_hours(b, f->credit_line);
        nb_wb_td_pct(b, f->used_pct);
        nb_wb_td_pct(b, f->projected_pct);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_wb_downloads(nb_buf *b, int year)
{
    char href[64];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Downloaden</h2>\n<ul class=\"utrecht-unordered-"
                   "list\"><li><a class=\"utrecht-link\" href=\"");
    snprintf(href, sizeof href, "/urenbegroting.csv?jaar=%d", year);
    nb_html_url(b, href);
    nb_html_lit(b, "\">CSV voor Excel (puntkomma's, decimale komma)</a></li><li><a "
                   "class=\"utrecht-link\" href=\"");
    snprintf(href, sizeof href, "/urenbegroting.xlsx?jaar=%d", year);
    nb_html_url(b, href);
    nb_html_lit(b, "\">Excel-werkmap (.xlsx)</a></li></ul>\n");
}

int nb_web_budget(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    nb_budget bg;
    nb_err err = {{0}};
    memset(&errs, 0, sizeof errs);
    int32_t today = nb_web_today();
    int this_year, m, d, year;
    nb_date_to_ymd(today, &this_year, &m, &d);
    int status = nb_wb_year(w, &errs, today, &year) ? 422 : 200;
    int rc = nb_budget_load(w->req->st, year, today, w->req->who, &bg, &err);
    if (rc != 0) {
        nb_budget_free(&bg);
        return nb_mt_fail(resp, &b, rc, &err);
    }
    char value[8], day[NB_WEB_FMT_LEN];
    snprintf(value, sizeof value, "%d", year);
    nb_web_fmt_day(today, day);
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Per organisatie wat zij in ");
    nb_html_int(&b, year);
    nb_html_lit(&b, " aan uren afnam en leverde, wat zij stortte, wat gepland is en wat dat aan "
                    "het eind van het jaar betekent voor haar saldo en kredietlijn. De prognose "
                    "gaat uit van ");
    nb_html_text(&b, day);
    nb_html_lit(&b, ". Uitleg van elk getal staat in de handleiding; dezelfde cijfers geeft de API "
                    "op <code>/api/v1/urenbegroting</code>.</p>\n");
    nb_wb_filter(&b, &errs, this_year, value);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Waarschuwingen</h2>\n");
    nb_wb_alerts(&b, &bg);
    nb_wb_network(&b, &bg);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Per organisatie</h2>\n");
    if (bg.n == 0) {
        nb_html_lit(&b,
                    "<p class=\"utrecht-paragraph\">Er zijn nog geen organisaties. Het "
                    "netwerk-MT voegt ze toe (voor een proef: <code>noaber demo</code>).</p>\n");
    } else if ((rc = nb_wb_chart(&b, &bg)) == 0) {
        nb_wb_table(&b, &bg);
        nb_wb_downloads(&b, year);
    }
    nb_budget_free(&bg);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

/* The downloads: the API's bytes for the year asked (a bad year: the page
 * with the error next to the selector). */
static int nb_wb_file(nb_web_req *w, nb_resp *resp, int xlsx)
{
    nb_web_errors errs;
    nb_budget bg;
    nb_err err = {{0}};
    memset(&errs, 0, sizeof errs);
    int32_t today = nb_web_today();
    int year;
    if (nb_wb_year(w, &errs, today, &year) != 0)
        return nb_web_budget(w, resp);
    int rc = nb_budget_load(w->req->st, year, today, w->req->who, &bg, &err);
    if (rc == 0 && xlsx)
        rc = nb_budget_xlsx(&bg, &resp->raw, &err);
    else if (rc == 0)
        nb_budget_csv(&bg, &resp->raw);
    nb_budget_free(&bg);
    if (rc != 0) {
        nb_buf_reset(&resp->raw);
        nb_buf b = NB_BUF_INIT;
        return nb_mt_fail(resp, &b, rc, &err);
    }
    resp->content_type = xlsx ? NB_BUDGET_XLSX_TYPE : "text/csv; charset=utf-8";
    snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
             "Content-Disposition: attachment; filename=\"urenbegroting-%d.%s\"", year,
             xlsx ? "xlsx" : "csv");
    resp->status = 200;
    return resp->raw.oom ? NB_ENOMEM : 0;
}

int nb_web_budget_csv(nb_web_req *w, nb_resp *resp)
{
    return nb_wb_file(w, resp, 0);
}

int nb_web_budget_xlsx(nb_web_req *w, nb_resp *resp)
{
    return nb_wb_file(w, resp, 1);
}
