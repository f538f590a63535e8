/*
 * web/netwerk.c — GET /netwerk: the network's organisations and their hour
 * balances as a table and as an inline SVG bar chart with the same numbers.
 * No personal data. Reads the ledger through the store functions the API's
 * /grootboek/saldi uses (nb_ledger_store_accounts).
 */
#include "core/ledger.h"
#include "store/ledger_store.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdlib.h>
#include <string.h>

typedef struct nb_net_rows {
    nb_ledger_account_row *v;
    size_t n, cap;
} nb_net_rows;

static int nb_net_collect(void *ctx, const nb_ledger_account_row *row)
{
    nb_net_rows *r = ctx;
    if (row->organisation_id == 0) /* the fund is not a member */
        return 0;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        nb_ledger_account_row *v = realloc(r->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = *row;
    return 0;
}

static int64_t nb_net_balance(const nb_ledger_account_row *row)
{
    return row->account.credits_posted - row->account.debits_posted;
}

static void nb_net_hours_cell(nb_buf *b, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

static void nb_net_table(nb_buf *b, const nb_net_rows *r)
{
    nb_html_lit(
        b, "<div class=\"utrecht-table-container utrecht-table-container--overflow-inline\" "
           "tabindex=\"0\" role=\"region\" aria-labelledby=\"saldi-bijschrift\">\n"
           "<table class=\"utrecht-table utrecht-table--html-table\">\n"
           "<caption class=\"utrecht-table__caption\" id=\"saldi-bijschrift\">Urensaldo per "
           "organisatie (geboekt)</caption>\n"
           "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">"
           "<th class=\"utrecht-table__header-cell\" scope=\"col\">Organisatie</th>"
           "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric-column\" "
           "scope=\"col\">Saldo</th>"
           "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric-column\" "
           "scope=\"col\">Kredietlijn</th>"
           "<th class=\"utrecht-table__header-cell utrecht-table__header-cell--numeric-column\" "
           "scope=\"col\">Beschikbaar</th></tr></thead>\n"
           "<tbody class=\"utrecht-table__body\">\n");
    for (size_t i = 0; i < r->n; i++) {
        const nb_ledger_account_row *row = &r->v[i];
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" "
                       "scope=\"row\">");
        nb_html_text(b, row->org_name);
        nb_html_lit(b, "</th>");
        nb_net_hours_cell(b, nb_net_balance(row));
        nb_net_hours_cell(b, row->account.credit_line_minutes);
        nb_net_hours_cell(b, nb_ledger_available(&row->account));
        nb_html_lit(b, "</tr>\n");
    }
    nb_html_lit(b, "</tbody>\n</table>\n</div>\n");
}

#define NB_CHART_W 640
#define NB_CHART_LABEL 220 /* x where the bars' area starts */
#define NB_CHART_BARS 300  /* width of the bars' area */
#define NB_CHART_ROW 32

/* Horizontal bars from a zero axis; positive to the right. Coordinates are
 * integers computed here; only names go through nb_html_text. */
static void nb_net_chart(nb_buf *b, const nb_net_rows *r)
{
    int64_t maxpos = 0, maxneg = 0;
    for (size_t i = 0; i < r->n; i++) {
        int64_t s = nb_net_balance(&r->v[i]);
        if (s > maxpos)
            maxpos = s;
        if (s < 0 && -s > maxneg)
            maxneg = -s;
    }
    double span = (double)maxpos + (double)maxneg;
    if (span <= 0)
        span = 1;
    int64_t zero = NB_CHART_LABEL + (int64_t)(NB_CHART_BARS * ((double)maxneg / span));
    int64_t height = (int64_t)r->n * NB_CHART_ROW + 16;
    /* The chart keeps readable labels on a narrow screen and scrolls inside
     * its own focusable region, as the table does. */
    nb_html_lit(b, "<figure class=\"nb-chart\" tabindex=\"0\" role=\"region\" "
                   "aria-label=\"Grafiek: urensaldo per organisatie\">\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                   "role=\"img\" aria-labelledby=\"grafiek-titel\" viewBox=\"0 0 ");
    nb_html_int(b, NB_CHART_W);
    nb_html_lit(b, " ");
    nb_html_int(b, height);
    nb_html_lit(b, "\">\n<title id=\"grafiek-titel\">Urensaldo per organisatie; dezelfde cijfers "
                   "staan in de tabel hieronder</title>\n");
    for (size_t i = 0; i < r->n; i++) {
        const nb_ledger_account_row *row = &r->v[i];
        int64_t s = nb_net_balance(row);
        int64_t len = (int64_t)(NB_CHART_BARS * ((double)(s < 0 ? -s : s) / span));
        int64_t y = (int64_t)i * NB_CHART_ROW + 8;
        char text[NB_WEB_FMT_LEN];
        nb_web_fmt_hours(s, text);
        nb_html_lit(b, "<text x=\"0\" y=\"");
        nb_html_int(b, y + 18);
        nb_html_lit(b, "\" class=\"nb-chart__label\">");
        nb_html_text(b, row->org_name);
        nb_html_lit(b, "</text><rect class=\"");
        if (s < 0)
            nb_html_lit(b, "nb-chart__bar nb-chart__bar--negatief");
        else
            nb_html_lit(b, "nb-chart__bar");
        nb_html_lit(b, "\" x=\"");
        nb_html_int(b, s < 0 ? zero - len : zero);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, y + 4);
        nb_html_lit(b, "\" width=\"");
        nb_html_int(b, len);
        nb_html_lit(b, "\" height=\"20\"></rect><text x=\"");
        nb_html_int(b, NB_CHART_LABEL + NB_CHART_BARS + 8);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, y + 18);
        nb_html_lit(b, "\" class=\"nb-chart__value\">");
        nb_html_text(b, text);
        nb_html_lit(b, "</text>\n");
    }
    nb_html_lit(b, "<line class=\"nb-chart__axis\" x1=\"");
    nb_html_int(b, zero);
    nb_html_lit(b, "\" y1=\"4\" x2=\"");
    nb_html_int(b, zero);
    nb_html_lit(b, "\" y2=\"");
    nb_html_int(b, height - 4);
    nb_html_lit(b, "\"></line>\n</svg>\n<figcaption class=\"utrecht-paragraph\">Geboekt saldo in "
                   "uren; een negatief saldo betekent dat de organisatie meer uren kreeg dan zij "
                   "gaf.</figcaption>\n</figure>\n");
}

int nb_web_network(nb_web_req *w, nb_resp *resp)
{
    nb_net_rows rows = {NULL, 0, 0};
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    int rc = nb_ledger_store_accounts(w->req->st, nb_net_collect, &rows, &err);
    if (rc != 0)
        goto cleanup;
    char today[NB_WEB_FMT_LEN];
    nb_web_fmt_day(nb_web_today(), today);
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De organisaties in het netwerk en hun "
                    "urensaldo op ");
    nb_html_text(&b, today);
    nb_html_lit(&b, ": wat zij aan uren gaven min wat zij kregen, zoals geboekt in het "
                    "urengrootboek. Een organisatie kan tot haar kredietlijn uren afnemen.</p>\n");
    if (rows.n == 0) {
        nb_html_lit(&b,
                    "<p class=\"utrecht-paragraph\">Er zijn nog geen organisaties. Het "
                    "netwerk-MT voegt ze toe (voor een proef: <code>noaber demo</code>).</p>\n");
    } else {
        nb_net_chart(&b, &rows);
        nb_net_table(&b, &rows);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    free(rows.v);
    return rc == NB_ENOMEM ? rc : 0;
}
