/*
 * web/netwerk.c — GET /netwerk: the network's organisations and their hour
 * balances as a table and as an inline SVG bar chart with the same numbers.
 * No personal data. Reads the ledger through the store functions the API's
 * /grootboek/saldi uses (nb_ledger_store_accounts).
 */
#include "core/ledger.h"
#include "store/ledger_store.h"
#include "web/chart.h"
#include "web/mt.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdio.h>
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

static void nb_net_table(nb_buf *b, const nb_net_rows *r, int links)
{
    static const nb_web_col cols[] = {{"Organisatie", 0, NULL},
                                      {"Saldo", 1, NULL},
                                      {"Kredietlijn", 1, NULL},
                                      {"Beschikbaar", 1, NULL},
                                      {"Afschrift", 0, NULL}};
    nb_web_table_open(b, "saldi-bijschrift", "Urensaldo per organisatie (geboekt)", NULL, NULL);
    nb_web_table_head(b, cols, links ? 5 : 4);
    for (size_t i = 0; i < r->n; i++) {
        const nb_ledger_account_row *row = &r->v[i];
        nb_web_row_head_open(b);
        nb_html_text(b, row->org_name);
        nb_html_lit(b, "</th>");
        nb_mt_td_hours(b, nb_net_balance(row));
        nb_mt_td_hours(b, row->account.credit_line_minutes);
        nb_mt_td_hours(b, nb_ledger_available(&row->account));
        if (links) {
            char href[64];
            snprintf(href, sizeof href, "/organisaties/%lld/afschrift",
                     (long long)row->organisation_id);
            nb_html_lit(b, "<td class=\"utrecht-table__cell\"><a class=\"utrecht-link\" href=\"");
            nb_html_url(b, href);
            nb_html_lit(b, "\">Afschrift<span class=\"nb-visually-hidden\"> van ");
            nb_html_text(b, row->org_name);
            nb_html_lit(b, "</span></a></td>");
        }
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

/* The chart of the balances (web/chart.h), the same numbers as the table. */
static int nb_net_chart(nb_buf *b, const nb_net_rows *r)
{
    nb_web_bar *bars = calloc(r->n ? r->n : 1, sizeof *bars);
    if (bars == NULL)
        return NB_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        bars[i].label = r->v[i].org_name;
        bars[i].minutes = nb_net_balance(&r->v[i]);
    }
    nb_web_bar_chart(b, "grafiek-titel", "Urensaldo per organisatie",
                     "Geboekt saldo in uren; een negatief saldo betekent dat de organisatie meer "
                     "uren kreeg dan zij gaf.",
                     bars, r->n);
    free(bars);
    return 0;
}

int nb_web_balances(nb_buf *b, nb_store *st, int links, nb_err *err)
{
    nb_net_rows rows = {NULL, 0, 0};
    int rc = nb_ledger_store_accounts(st, nb_net_collect, &rows, err);
    if (rc == 0 && rows.n == 0)
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er zijn nog geen organisaties. Het "
                       "netwerk-MT voegt ze toe (voor een proef: <code>noaber demo</code>).</p>\n");
    else if (rc == 0 && (rc = nb_net_chart(b, &rows)) == 0)
        nb_net_table(b, &rows, links);
    free(rows.v);
    return rc;
}

int nb_web_network(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    int rc;
    char today[NB_WEB_FMT_LEN];
    nb_web_fmt_day(nb_web_today(), today);
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De organisaties in het netwerk en hun "
                    "urensaldo op ");
    nb_html_text(&b, today);
    nb_html_lit(&b, ": wat zij aan uren gaven min wat zij kregen, zoals geboekt in het "
                    "urengrootboek. Een organisatie kan tot haar kredietlijn uren afnemen.</p>\n");
    rc = nb_web_balances(&b, w->req->st, 0, &err);
    if ((w->req->who->role & (NB_ROLE_BEHEER | NB_ROLE_COORDINATOR | NB_ROLE_LEZER)) != 0)
        /* the roles of /urenbegroting (web/pages.c) */
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                        "href=\"/urenbegroting\">Urenbegroting: per organisatie het jaar en de "
                        "prognose tot het jaareinde</a></p>\n");
    nb_web_end(&b);
    if (rc == 0)
        rc = nb_web_reply(resp, 200, &b);
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    return rc == NB_ENOMEM ? rc : 0;
}
