/*
 * web/overzicht.c — GET /overzicht: the lezer's start page (college, council).
 * The network in totals (members, hours booked between them, hours reserved,
 * assignments per status) and the lezer's own municipality: its balance,
 * the hours it gave and took, its credit line. Aggregates only: no person's
 * name or any other personal data (DOMAIN rule 8); organisations are named.
 * Reads the ledger through nb_ledger_store_accounts, as /netwerk does.
 */
#include "core/ledger.h"
#include "store/assignments.h"
#include "store/ledger_store.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nb_ov {
    int64_t members;
    int64_t given;    /* posted credits of the members */
    int64_t reserved; /* pending debits of the members */
    int64_t own_org;
    int own_found;
    nb_ledger_account_row own;
} nb_ov;

static int nb_ov_add(void *ctx, const nb_ledger_account_row *row)
{
    nb_ov *o = ctx;
    if (row->organisation_id == 0) /* the fund is not a member */
        return 0;
    o->members++;
    o->given += row->account.credits_posted;
    o->reserved += row->account.debits_pending;
    if (row->organisation_id == o->own_org) {
        o->own = *row;
        o->own_found = 1;
    }
    return 0;
}

static void nb_ov_hours_row(nb_buf *b, const char *term, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_web_figure_row(b, term, text);
}

int nb_web_overview(nb_web_req *w, nb_resp *resp)
{
    static const char *const statuses[] = {"ingediend", "geaccepteerd", "bemenst", "in-uitvoering",
                                           "afgerond"};
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_ov o;
    memset(&o, 0, sizeof o);
    o.own_org = w->req->who->organisation_id;
    int64_t counts[5] = {0};
    int rc = nb_ledger_store_accounts(w->req->st, nb_ov_add, &o, &err);
    for (size_t i = 0; rc == 0 && i < 5; i++) {
        nb_asg_filter f;
        memset(&f, 0, sizeof f);
        f.status = statuses[i];
        rc = nb_asg_list(w->req->st, &f, 0, 0, NULL, NULL, &counts[i], &err);
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    char text[NB_WEB_FMT_LEN], today[NB_WEB_FMT_LEN];
    nb_web_fmt_day(nb_web_today(), today);
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Hoe het netwerk en uw gemeente ervoor staan "
                    "op ");
    nb_html_text(&b, today);
    nb_html_lit(&b,
                ", zoals geboekt in het urengrootboek. Dit overzicht bevat geen "
                "persoonsgegevens. Het saldo per organisatie staat op <a class=\"utrecht-link\" "
                "href=\"/netwerk\">Het netwerk</a>; de raadsinformatie en de adviesrapportage "
                "op <a class=\"utrecht-link\" href=\"/rapportages\">Rapportages</a>.</p>\n"
                "<h2 class=\"utrecht-heading-2\">"
                "Het netwerk</h2>\n");
    nb_web_table_open(&b, "netwerk-bijschrift", "Het netwerk in totalen", NULL, NULL);
    nb_web_table_head(&b, NULL, 0);
    nb_web_fmt_decimal(o.members, 0, text);
    nb_web_figure_row(&b, "Deelnemende organisaties", text);
    nb_ov_hours_row(&b, "Uren geboekt tussen organisaties (en stortingen)", o.given);
    nb_ov_hours_row(&b, "Uren gereserveerd voor lopend werk", o.reserved);
    static const char *const labels[] = {"Opdrachten ingediend", "Opdrachten geaccepteerd",
                                         "Opdrachten bemenst", "Opdrachten in uitvoering",
                                         "Opdrachten afgerond"};
    for (size_t i = 0; i < 5; i++) {
        nb_web_fmt_decimal(counts[i], 0, text);
        nb_web_figure_row(&b, labels[i], text);
    }
    nb_web_table_close(&b);
    if (o.own_found) {
        nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">");
        nb_html_text(&b, o.own.org_name);
        nb_html_lit(&b, "</h2>\n");
        nb_web_table_open(&b, "eigen-bijschrift", "Uren van uw gemeente", NULL, NULL);
        nb_web_table_head(&b, NULL, 0);
        const nb_account *a = &o.own.account;
        nb_ov_hours_row(&b, "Gegeven (bijgeschreven)", a->credits_posted);
        nb_ov_hours_row(&b, "Genomen (afgeschreven)", a->debits_posted);
        nb_ov_hours_row(&b, "Saldo", a->credits_posted - a->debits_posted);
        nb_ov_hours_row(&b, "Gereserveerd voor lopend werk", a->debits_pending);
        nb_ov_hours_row(&b, "Kredietlijn", a->credit_line_minutes);
        nb_ov_hours_row(&b, "Nog beschikbaar", nb_ledger_available(a));
        nb_web_table_close(&b);
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Een negatief "
                        "saldo betekent dat uw gemeente meer uren nam dan zij gaf. Zij kan uren "
                        "nemen tot haar kredietlijn.</p>\n<p class=\"utrecht-paragraph\">"
                        "<a class=\"utrecht-link\" href=\"/organisaties/");
        nb_html_int(&b, o.own_org);
        nb_html_lit(&b, "/afschrift\">Saldo en afschrift van uw gemeente</a>: elke boeking, "
                        "ook als CSV en om af te drukken.</p>\n");
    } else {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Uw account hoort bij geen organisatie "
                        "van het netwerk; vraag het netwerk-MT om dat te koppelen.</p>\n");
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    nb_buf_free(&b);
    return rc;
}
