/*
 * web/afschrift.c — an organisation's balance and statement:
 *   GET /organisaties/{id}/afschrift      balance, reserved and posted, credit
 *                                         line; the statement for a period
 *                                         (vanaf, tot; default this year) as a
 *                                         chart and a table, its lines 50 a
 *                                         page (pagina), each page opening
 *                                         with its Beginsaldo and closing
 *                                         with its Eindsaldo
 *   GET /organisaties/{id}/afschrift.csv  the same CSV as the API's
 *                                         .../afschrift.csv (one writer:
 *                                         store/statement.c)
 * Who sees which organisation is the API's rule, nb_statement_may_see:
 * beheer and lezer any, a coordinator its own (403 otherwise). A statement
 * names organisations and amounts only: no personal data. The print style
 * (noaber.css, @media print) drops the navigation, the period form, the
 * pager and the buttons and prints the whole page of lines. The page reads
 * the period's figures and only its own lines from the store
 * (nb_statement_load_page); the CSV holds every line of the period, streamed
 * as the store reads them (http/stream.c).
 */
#include "store/statement.h"
#include "util/date.h"
#include "web/chart.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_STMT_PAGE 50 /* lines per page */

/* The period of the query: vanaf/tot as given (NULL = open), each error added
 * to errs next to its field. When the query names neither and jan1 is not
 * NULL, the period is the current year up to today (Europe/Amsterdam; a
 * coordinator reads a year's statement, as the start page counts this
 * year's hours) from jan1[11]; an empty field means open, so "everything"
 * is an empty form. */
static void nb_stmt_period(const nb_web_req *w, nb_web_errors *errs, const char **from,
                           const char **to, char *jan1)
{
    int32_t d_from = 0, d_to = 0;
    *from = nb_req_query(w->req, "vanaf");
    *to = nb_req_query(w->req, "tot");
    if (*from == NULL && *to == NULL && jan1) {
        int y, m, d;
        nb_date_to_ymd(nb_web_today(), &y, &m, &d);
        snprintf(jan1, 11, "%04d-01-01", y);
        *from = jan1;
    }
    if (*from && (*from)[0] == '\0')
        *from = NULL;
    if (*to && (*to)[0] == '\0')
        *to = NULL;
    int from_ok = *from && nb_date_parse(*from, &d_from) == 0;
    if (*from && !from_ok)
        nb_web_error_add(errs, "vanaf", "Vul bij ‘vanaf’ een datum in, bijvoorbeeld 2026-01-01.");
    if (*to && nb_date_parse(*to, &d_to) != 0)
        nb_web_error_add(errs, "tot",
                         "Vul bij ‘tot en met’ een datum in, bijvoorbeeld 2026-12-31.");
    else if (from_ok && *to && d_to < d_from)
        nb_web_error_add(errs, "tot", "‘Tot en met’ moet op of na ‘vanaf’ liggen.");
}

static void nb_stmt_hours_cell(nb_buf *b, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

static void nb_stmt_table_open(nb_buf *b, const char *id, const char *caption)
{
    nb_web_table_open(b, id, caption, "nb-print-full", NULL);
}

/* A two-column table of named amounts (the balance, the summary). */
static void nb_stmt_figures(nb_buf *b, const char *id, const char *caption,
                            const char *const *names, const int64_t *minutes, size_t n)
{
    nb_stmt_table_open(b, id, caption);
    nb_html_lit(b, "<tbody class=\"utrecht-table__body\">\n");
    for (size_t i = 0; i < n; i++) {
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" "
                       "scope=\"row\">");
        nb_html_text(b, names[i]);
        nb_html_lit(b, "</th>");
        nb_stmt_hours_cell(b, minutes[i]);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static void nb_stmt_balance(nb_buf *b, const nb_ledger_account_row *row)
{
    static const char *const names[] = {"Saldo (geboekt)", "Gereserveerd: nog af te nemen",
                                        "Gereserveerd: nog te leveren", "Kredietlijn",
                                        "Beschikbaar"};
    const nb_account *a = &row->account;
    int64_t v[] = {a->credits_posted - a->debits_posted, a->debits_pending, a->credits_pending,
                   a->credit_line_minutes, nb_ledger_available(a)};
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Saldo nu</h2>\n<p class=\"utrecht-paragraph\">"
                   "Het saldo is wat de organisatie aan uren gaf min wat zij kreeg. Gereserveerde "
                   "uren zijn toegezegd maar nog niet geboekt. Beschikbaar is wat de organisatie "
                   "nog kan afnemen, tot haar kredietlijn.</p>\n");
    nb_stmt_figures(b, "saldo-bijschrift", "Saldo in uren", names, v, sizeof v / sizeof v[0]);
}

static void nb_stmt_form(nb_buf *b, const char *path, const nb_web_errors *errs, const char *from,
                         const char *to)
{
    nb_html_lit(b, "<form class=\"utrecht-form nb-no-print\" method=\"get\" action=\"");
    nb_html_url(b, path);
    nb_html_lit(b, "\" novalidate>\n<fieldset class=\"utrecht-form-fieldset nb-period\">"
                   "<legend class=\"utrecht-form-fieldset__legend\">Periode</legend>\n");
    nb_web_form_field(b, errs, "vanaf", "date", "Vanaf", "Leeg: vanaf de eerste boeking.", from,
                      NULL);
    nb_web_form_field(b, errs, "tot", "date", "Tot en met", "Leeg: tot vandaag.", to, NULL);
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--secondary-action\">Toon periode"
                   "</button></div>\n</form>\n");
}

/* A row of the lines table with only a name and a balance (Beginsaldo,
 * Eindsaldo of the page). */
static void nb_stmt_balance_row(nb_buf *b, const char *name, int64_t balance)
{
    nb_html_lit(b, "<tr class=\"utrecht-table__row nb-balance-row\"><th "
                   "class=\"utrecht-table__header-cell\" scope=\"row\" colspan=\"6\">");
    nb_html_text(b, name);
    nb_html_lit(b, "</th>");
    nb_stmt_hours_cell(b, balance);
    nb_html_lit(b, "</tr>\n");
}

static void nb_stmt_lines(nb_buf *b, const nb_statement *s)
{
    char caption[128], first[NB_WEB_FMT_LEN], last[NB_WEB_FMT_LEN], all[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(s->offset + 1, 0, first);
    nb_web_fmt_decimal(s->offset + (int64_t)s->n, 0, last);
    nb_web_fmt_decimal(s->count, 0, all);
    if (s->count > (int64_t)s->n)
        snprintf(caption, sizeof caption, "Boekingen %s tot en met %s van %s in de periode", first,
                 last, all);
    else
        snprintf(caption, sizeof caption, "Boekingen in de periode");
    nb_stmt_table_open(b, "regels-bijschrift", caption);
    static const nb_web_col cols[] = {{"Datum", 0, NULL},       {"Opdracht", 0, NULL},
                                      {"Tegenpartij", 0, NULL}, {"Omschrijving", 0, NULL},
                                      {"Soort", 0, NULL},       {"Uren", 1, NULL},
                                      {"Saldo", 1, NULL}};
    NB_WEB_TABLE_HEAD(b, cols);
    nb_stmt_balance_row(b, "Beginsaldo", s->page_opening);
    for (size_t i = 0; i < s->n; i++) {
        const nb_statement_line *l = &s->lines[i];
        const nb_transfer *t = &l->entry.transfer;
        char day[NB_WEB_FMT_LEN];
        nb_web_fmt_day(nb_web_amsterdam_day((time_t)t->timestamp), day);
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
        nb_html_text(b, day);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (l->assignment_id > 0) {
            char href[48];
            snprintf(href, sizeof href, "/opdrachten/%lld", (long long)l->assignment_id);
            nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
            nb_html_url(b, href);
            nb_html_lit(b, "\">Opdracht ");
            nb_html_int(b, l->assignment_id);
            nb_html_lit(b, "</a>");
        } else {
            nb_html_lit(b, "—");
        }
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_html_text(b, l->counter_name);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_html_text(b, t->reason);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_html_text(b, nb_ledger_kind_name(t->kind));
        nb_html_lit(b, " (");
        nb_html_text(b, nb_ledger_phase_name(t));
        nb_html_lit(b, ")</td>");
        nb_stmt_hours_cell(b, l->delta);
        nb_stmt_hours_cell(b, l->balance);
        nb_html_lit(b, "</tr>\n");
    }
    nb_stmt_balance_row(b, "Eindsaldo", s->n ? s->lines[s->n - 1].balance : s->page_opening);
    nb_web_table_close(b);
}

/* The page's path and chosen period, for the pager's links. */
typedef struct nb_stmt_pages {
    const char *path, *from, *to;
} nb_stmt_pages;

/* href of page n: path?vanaf=..&tot=..&pagina=n (nb_web_page_href). */
static void nb_stmt_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_stmt_pages *pg = ctx;
    nb_html_url(b, pg->path);
    nb_html_lit(b, "?vanaf=");
    nb_html_url_component(b, pg->from ? pg->from : "");
    nb_html_lit(b, "&amp;tot=");
    nb_html_url_component(b, pg->to ? pg->to : "");
    nb_html_lit(b, "&amp;pagina=");
    nb_html_int(b, n);
}

/* The statement part: summary chart and table, the page of lines with its
 * pager, the CSV link. */
static void nb_stmt_body(nb_buf *b, const nb_statement *s, const char *path, const char *csv_href)
{
    int64_t given = s->given, taken = s->taken;
    char from[NB_WEB_FMT_LEN], to[NB_WEB_FMT_LEN];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Afschrift</h2>\n<p class=\"utrecht-paragraph\">"
                   "Periode: ");
    if (s->from[0] && nb_web_fmt_date(s->from, from) == 0)
        nb_html_text(b, from);
    else
        nb_html_lit(b, "vanaf de eerste boeking");
    nb_html_lit(b, " tot en met ");
    if (s->to[0] && nb_web_fmt_date(s->to, to) == 0)
        nb_html_text(b, to);
    else
        nb_html_lit(b, "vandaag");
    nb_html_lit(b, ". Dagen van boekingen in Nederlandse tijd; de periode telt in UTC, zoals de "
                   "API.</p>\n");
    static const char *const names[] = {"Beginsaldo", "Bij: gegeven (geleverd)",
                                        "Af: gekregen (afgenomen)", "Eindsaldo"};
    int64_t v[] = {s->opening, given, taken, s->closing};
    nb_web_bar bars[4];
    for (size_t i = 0; i < 4; i++) {
        bars[i].label = names[i];
        bars[i].minutes = v[i];
    }
    nb_web_bar_chart(b, "afschrift-grafiek", "Afschrift in uren: begin, gegeven, gekregen, eind",
                     NULL, bars, 4);
    nb_stmt_figures(b, "samenvatting-bijschrift", "Samenvatting van de periode in uren", names, v,
                    4);
    if (s->count == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er zijn in deze periode geen boekingen. "
                       "Kies hierboven een andere periode, of laat de velden leeg voor alles "
                       "sinds de eerste boeking.</p>\n");
    } else {
        nb_stmt_lines(b, s);
        nb_stmt_pages pg = {path, s->from, s->to};
        nb_web_pager(b, "Paginering van de boekingen", s->offset / NB_STMT_PAGE + 1,
                     (s->count + NB_STMT_PAGE - 1) / NB_STMT_PAGE, nb_stmt_page_href, &pg);
    }
    nb_html_lit(b, "<p class=\"utrecht-paragraph nb-no-print\"><a class=\"utrecht-link\" href=\"");
    nb_html_url(b, csv_href);
    nb_html_lit(b, "\" download>Download dit afschrift als CSV</a> (voor Excel: puntkomma's, "
                   "decimale komma; alle boekingen van de periode).</p>\n");
    nb_html_lit(b, "<p class=\"utrecht-paragraph nb-no-print\">Aan het eind van een afgesloten "
                   "periode wordt het saldo overgeboekt of in geld verrekend: zie <a "
                   "class=\"utrecht-link\" href=\"/verrekeningen\">Verrekeningen</a>.</p>\n");
}

/* The query's page number: 1 when absent or not a number from 1 to 10^9. */
static int64_t nb_stmt_page_arg(const nb_web_req *w)
{
    const char *q = nb_req_query(w->req, "pagina");
    char *end = NULL;
    if (q == NULL || q[0] < '1' || q[0] > '9')
        return 1;
    long long v = strtoll(q, &end, 10);
    return *end == '\0' && v >= 1 && v <= 1000000000 ? (int64_t)v : 1;
}

/* Checks the caller, loads the organisation's statement for the query's
 * period into s: page (from 1) of its lines.
 * Returns 0 (s loaded), 1 when resp holds the answer (403, 404), 2 when the
 * period has errors (errs), or a negative code. */
static int nb_stmt_prepare(nb_web_req *w, nb_resp *resp, int64_t *id, nb_web_errors *errs,
                           const char **from, const char **to, char *jan1, int64_t page,
                           nb_statement *s)
{
    nb_err err = {{0}};
    memset(s, 0, sizeof *s);
    if (nb_req_path_id(w->req, resp, 0, id) != 0)
        return 1;
    if (!nb_statement_may_see(w->req->who, *id)) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Een coördinator ziet alleen het saldo en afschrift van de eigen "
                        "organisatie.");
        return 1;
    }
    nb_stmt_period(w, errs, from, to, jan1);
    const char *f = errs->count ? NULL : *from, *t = errs->count ? NULL : *to;
    int rc = nb_statement_load_page(w->req->st, *id, f, t, (page - 1) * NB_STMT_PAGE, NB_STMT_PAGE,
                                    s, &err);
    if (rc == 0 && s->n == 0 && s->count > 0) { /* past the end: the last page */
        int64_t last = (s->count - 1) / NB_STMT_PAGE;
        nb_statement_free(s);
        rc = nb_statement_load_page(w->req->st, *id, f, t, last * NB_STMT_PAGE, NB_STMT_PAGE, s,
                                    &err);
    }
    if (rc == NB_ENOTFOUND) {
        nb_resp_problem(resp, 404, "Niet gevonden", "Deze organisatie bestaat niet.");
        return 1;
    }
    if (rc != 0)
        return rc;
    return errs->count ? 2 : 0;
}

int nb_web_statement(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    nb_statement s;
    int64_t id = 0;
    const char *from = NULL, *to = NULL;
    char jan1[16];
    memset(&errs, 0, sizeof errs);
    int rc = nb_stmt_prepare(w, resp, &id, &errs, &from, &to, jan1, nb_stmt_page_arg(w), &s);
    if (rc != 0 && rc != 2) {
        nb_statement_free(&s);
        return rc == 1 ? 0 : rc;
    }
    char path[64];
    nb_buf csv = NB_BUF_INIT;
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift", (long long)id);
    nb_buf_printf(&csv, "%s.csv?vanaf=%s&tot=%s", path, from ? from : "", to ? to : "");
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph nb-lead\">");
    nb_html_text(&b, s.row.org_name);
    nb_html_lit(&b, " (");
    nb_html_text(&b, s.row.org_code);
    nb_html_lit(&b, ")</p>\n");
    nb_stmt_balance(&b, &s.row);
    nb_stmt_form(&b, path, &errs, from, to);
    if (rc == 0 && !csv.oom)
        nb_stmt_body(&b, &s, path, csv.data);
    nb_web_end(&b);
    nb_buf_free(&csv);
    nb_statement_free(&s);
    return nb_web_reply(resp, rc == 2 ? 422 : 200, &b);
}

/* The CSV, streamed as the API's (store/statement.h's CSV stream, sent by
 * http/stream.c while the store reads the lines): the caller, the
 * organisation and the period are checked first, so those errors are still
 * pages. */
int nb_web_statement_csv(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    int64_t id = 0;
    const char *from = NULL, *to = NULL;
    nb_err err = {{0}};
    memset(&errs, 0, sizeof errs);
    if (nb_req_path_id(w->req, resp, 0, &id) != 0)
        return 0;
    if (!nb_statement_may_see(w->req->who, id)) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Een coördinator ziet alleen het saldo en afschrift van de eigen "
                        "organisatie.");
        return 0;
    }
    /* no default period: the CSV is the API's for the same query */
    nb_stmt_period(w, &errs, &from, &to, NULL);
    if (errs.count) /* a bad period: the page with the errors next to the fields */
        return nb_web_statement(w, resp);
    nb_statement_csv_stream *cs = NULL;
    int rc = nb_statement_csv_stream_open(w->req->st, id, from, to, &cs, &err);
    if (rc == NB_ENOTFOUND) {
        nb_resp_problem(resp, 404, "Niet gevonden", "Deze organisatie bestaat niet.");
        return 0;
    }
    if (rc != 0)
        return rc;
    snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
             "Content-Disposition: attachment; filename=\"afschrift-%s.csv\"",
             cs->s.row.org_code[0] ? cs->s.row.org_code : "organisatie");
    return nb_resp_stream(resp, 200, "text/csv; charset=utf-8", nb_statement_csv_stream_next,
                          nb_statement_csv_stream_free, cs);
}
