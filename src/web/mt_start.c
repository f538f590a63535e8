/*
 * web/mt_start.c — GET /mt, the Netwerk-MT's start page (role beheer): what
 * needs action. Six blocks, each with an empty state that says what it
 * means: submitted assignments waiting for intake, team proposals to make
 * or to accept, time entries waiting long for approval, organisations near
 * or past their credit line, this year's hours budget's warnings (projected
 * past the credit line; web/urenbegroting.c), and the last control check of
 * the ledger (POST /grootboek/controle records one; web/mt_ledger.c).
 */
#include "core/ledger.h"
#include "store/assignments.h"
#include "store/audit.h"
#include "store/ledger_store.h"
#include "store/proposals.h"
#include "store/time_entries.h"
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

#define NB_MT_WAIT_DAYS 7 /* time entries older than this are "waiting long" */
#define NB_MT_SHOW 10     /* rows shown per block */
#define NB_MT_NEAR_PCT 20 /* "near the credit line": at most this part of it left */

/* ---- Submitted assignments ----------------------------------------------- */

static int nb_mt_asg_row(void *ctx, const nb_asg *a)
{
    nb_buf *b = ctx;
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
    nb_mt_link_id(b, "/opdrachten/", a->id, "", a->title);
    nb_html_lit(b, "</td>");
    nb_mt_td(b, nb_assignment_kind_name(a->kind));
    nb_mt_td_date(b, a->start_date);
    nb_mt_td_date(b, a->end_date);
    nb_html_lit(b, "</tr>\n");
    return 0;
}

static int nb_mt_submitted(nb_buf *b, nb_store *st, nb_err *err)
{
    nb_asg_filter f;
    memset(&f, 0, sizeof f);
    f.status = "ingediend";
    int64_t total = 0;
    nb_html_lit(b, "<section aria-labelledby=\"blok-ingediend\"><h2 class=\"utrecht-heading-2\" "
                   "id=\"blok-ingediend\">Ingediende opdrachten</h2>\n");
    int rc = nb_asg_list(st, &f, 0, 0, NULL, NULL, &total, err);
    if (rc != 0)
        return rc;
    if (total == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen opdrachten wachten op intake: alles "
                       "wat coördinatoren indienden is geaccepteerd of afgewezen.</p>\n"
                       "</section>\n");
        return 0;
    }
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
    nb_html_int(b, total);
    nb_html_text(b, total == 1 ? " opdracht wacht op intake: accepteer of wijs af."
                               : " opdrachten wachten op intake: accepteer of wijs af.");
    nb_html_lit(b, "</p>\n");
    static const nb_web_col ingediend_cols[] = {
        {"Opdracht", 0, NULL}, {"Soort", 0, NULL}, {"Begint", 0, NULL}, {"Eindigt", 0, NULL}};
    nb_web_table_open(b, "ingediend-bijschrift", "Ingediende opdrachten (oudste eerst)", NULL,
                      NULL);
    NB_WEB_TABLE_HEAD(b, ingediend_cols);
    rc = nb_asg_list(st, &f, 0, NB_MT_SHOW, nb_mt_asg_row, b, NULL, err);
    nb_web_table_close(b);
    if (total > NB_MT_SHOW) { /* the rest, newest included, is one link away */
        nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                       "href=\"/opdrachten?status=ingediend\">Alle ");
        nb_html_int(b, total);
        nb_html_lit(b, " ingediende opdrachten</a></p>\n");
    }
    nb_html_lit(b, "</section>\n");
    return rc;
}

/* ---- Team proposals ---------------------------------------------------------- */

typedef struct nb_mt_open {
    nb_buf *b;
    int64_t n;
} nb_mt_open;

static int nb_mt_prop_row(void *ctx, const nb_proposal *p)
{
    nb_mt_open *c = ctx;
    if (strcmp(p->status, "concept") != 0 && strcmp(p->status, "deels-geaccepteerd") != 0)
        return 0;
    if (c->n++ == 0)
        nb_html_lit(c->b, "<ul class=\"utrecht-unordered-list\">\n");
    char text[96];
    snprintf(text, sizeof text, "Teamvoorstel %lld", (long long)p->id);
    nb_html_lit(c->b, "<li class=\"utrecht-unordered-list__item\">");
    nb_mt_link_id(c->b, "/teamvoorstellen/", p->id, "", text);
    nb_html_text(c->b, strcmp(p->status, "concept") == 0 ? " — nog te accepteren"
                                                         : " — deels geaccepteerd");
    nb_html_lit(c->b, "</li>\n");
    return 0;
}

static int nb_mt_proposals(nb_buf *b, nb_store *st, nb_err *err)
{
    nb_asg_filter f;
    memset(&f, 0, sizeof f);
    f.status = "geaccepteerd";
    int64_t accepted = 0;
    nb_html_lit(b, "<section aria-labelledby=\"blok-voorstellen\"><h2 class=\"utrecht-heading-2\" "
                   "id=\"blok-voorstellen\">Teamvoorstellen</h2>\n");
    int rc = nb_asg_list(st, &f, 0, 0, NULL, NULL, &accepted, err);
    if (rc != 0)
        return rc;
    if (accepted > 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
        nb_html_int(b, accepted);
        nb_html_text(b, accepted == 1 ? " geaccepteerde opdracht wacht op een team. "
                                      : " geaccepteerde opdrachten wachten op een team. ");
        nb_html_lit(b, "<a class=\"utrecht-link\" href=\"/teamvoorstellen#maken\">Maak een "
                       "teamvoorstel</a>.</p>\n");
    } else {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen geaccepteerde opdrachten zonder "
                       "team: er is geen voorstel te maken.</p>\n");
    }
    nb_mt_open c = {b, 0};
    if ((rc = nb_proposal_list(st, 0, 200, nb_mt_prop_row, &c, NULL, err)) != 0)
        return rc;
    if (c.n > 0)
        nb_html_lit(b, "</ul>\n");
    else
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen teamvoorstellen om te accepteren: "
                       "elk gemaakt voorstel is geaccepteerd of er is er nog geen.</p>\n");
    nb_html_lit(b, "</section>\n");
    return 0;
}

/* ---- Time entries waiting long ---------------------------------------------- */

static int nb_mt_entry_first(void *ctx, const nb_entry *e)
{
    snprintf(ctx, NB_DATE_LEN, "%s", e->date);
    return 0;
}

static int nb_mt_waiting(nb_buf *b, nb_store *st, nb_err *err)
{
    char to[NB_DATE_LEN], oldest[NB_DATE_LEN] = "";
    nb_date_format(nb_web_today() - NB_MT_WAIT_DAYS, to);
    nb_entry_filter f;
    memset(&f, 0, sizeof f);
    f.status = "ingediend";
    f.to = to;
    int64_t total = 0;
    int rc = nb_entry_list(st, &f, 0, 1, nb_mt_entry_first, oldest, &total, err);
    if (rc != 0)
        return rc;
    nb_html_lit(b, "<section aria-labelledby=\"blok-uren\"><h2 class=\"utrecht-heading-2\" "
                   "id=\"blok-uren\">Uren die lang wachten op goedkeuring</h2>\n"
                   "<p class=\"utrecht-paragraph\">");
    if (total == 0) {
        nb_html_lit(b, "Geen uren wachten langer dan ");
        nb_html_int(b, NB_MT_WAIT_DAYS);
        nb_html_lit(b, " dagen op goedkeuring: de ambtelijk opdrachtgevers zijn bij.</p>\n"
                       "</section>\n");
        return 0;
    }
    char day[NB_WEB_FMT_LEN];
    if (nb_web_fmt_date(oldest, day) != 0)
        snprintf(day, sizeof day, "%s", oldest);
    nb_html_int(b, total);
    nb_html_text(b, total == 1 ? " urenregistratie is" : " urenregistraties zijn");
    nb_html_lit(b, " van meer dan ");
    nb_html_int(b, NB_MT_WAIT_DAYS);
    nb_html_lit(b, " dagen geleden en nog niet beoordeeld. De oudste is van ");
    nb_html_text(b, day);
    nb_html_lit(b, ". Vraag de ambtelijk opdrachtgevers ze te beoordelen; een periode met "
                   "onbeoordeelde uren kan niet dicht.</p>\n</section>\n");
    return 0;
}

/* ---- Credit lines --------------------------------------------------------------- */

typedef struct nb_mt_credit {
    nb_buf *b;
    int64_t n;
} nb_mt_credit;

static int nb_mt_credit_row(void *ctx, const nb_ledger_account_row *row)
{
    nb_mt_credit *c = ctx;
    int64_t line = row->account.credit_line_minutes;
    int64_t avail = nb_ledger_available(&row->account);
    if (row->organisation_id == 0 || line <= 0 || avail == INT64_MAX)
        return 0;
    int past = avail < 0;
    if (!past && avail * 100 > line * NB_MT_NEAR_PCT)
        return 0;
    if (c->n++ == 0) {
        static const nb_web_col krediet_cols[] = {{"Organisatie", 0, NULL},
                                                  {"Kredietlijn", 1, NULL},
                                                  {"Beschikbaar", 1, NULL},
                                                  {"Stand", 0, NULL}};
        nb_web_table_open(c->b, "krediet-bijschrift", "Organisaties bij of over hun kredietlijn",
                          NULL, NULL);
        NB_WEB_TABLE_HEAD(c->b, krediet_cols);
    }
    nb_web_row_head_open(c->b);
    nb_html_text(c->b, row->org_name);
    nb_html_lit(c->b, "</th>");
    nb_mt_td_hours(c->b, line);
    nb_mt_td_hours(c->b, avail);
    nb_html_lit(c->b, "<td class=\"utrecht-table__cell\">");
    if (past)
        nb_html_lit(c->b, "<span class=\"utrecht-badge-status utrecht-badge-status--danger\">"
                          "over de kredietlijn</span>");
    else
        nb_html_lit(c->b, "<span class=\"utrecht-badge-status utrecht-badge-status--warning\">"
                          "bijna op</span>");
    nb_html_lit(c->b, "</td></tr>\n");
    return 0;
}

static int nb_mt_credit_lines(nb_buf *b, nb_store *st, nb_err *err)
{
    nb_html_lit(b, "<section aria-labelledby=\"blok-krediet\"><h2 class=\"utrecht-heading-2\" "
                   "id=\"blok-krediet\">Kredietlijnen</h2>\n");
    nb_mt_credit c = {b, 0};
    int rc = nb_ledger_store_accounts(st, nb_mt_credit_row, &c, err);
    if (rc != 0)
        return rc;
    if (c.n > 0) {
        nb_web_table_close(b);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Zie het <a class=\"utrecht-link\" "
                       "href=\"/grootboek\">grootboek</a> voor alle saldi; een storting geeft "
                       "een organisatie weer ruimte.</p>\n");
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Voor college, raad en de evaluatie van "
                       "de proeftuin: <a class=\"utrecht-link\" href=\"/rapportages\">"
                       "Rapportages</a>.</p>\n");
    } else {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen organisatie zit binnen ");
        nb_html_int(b, NB_MT_NEAR_PCT);
        nb_html_lit(b, " % van haar kredietlijn of eroverheen.</p>\n");
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Voor college, raad en de evaluatie van "
                       "de proeftuin: <a class=\"utrecht-link\" href=\"/rapportages\">"
                       "Rapportages</a>.</p>\n");
    }
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Is een jaar of periode afgesloten? Maak de "
                   "saldi op bij <a class=\"utrecht-link\" href=\"/verrekeningen\">"
                   "Verrekeningen</a>: overboeken of in geld verrekenen.</p>\n");
    nb_html_lit(b, "</section>\n");
    return 0;
}

/* ---- The last control check ------------------------------------------------------ */

static int nb_mt_check_row(void *ctx, const nb_audit_row *row)
{
    *(nb_audit_row *)ctx = *row;
    return 0;
}

static int nb_mt_last_check(nb_buf *b, nb_store *st, nb_err *err)
{
    nb_audit_row *row = calloc(1, sizeof *row);
    if (row == NULL)
        return NB_ENOMEM;
    nb_audit_filter f;
    memset(&f, 0, sizeof f);
    f.entity = NB_MT_CHECK_ENTITY;
    int rc = nb_audit_list(st, &f, 0, 1, nb_mt_check_row, row, NULL, err);
    if (rc != 0) {
        free(row);
        return rc;
    }
    nb_html_lit(b, "<section aria-labelledby=\"blok-controle\"><h2 class=\"utrecht-heading-2\" "
                   "id=\"blok-controle\">Controle van het grootboek</h2>\n");
    if (row->id == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er is nog geen controle uitgevoerd. Voer "
                       "er een uit op de pagina <a class=\"utrecht-link\" href=\"/grootboek\">"
                       "Grootboek</a>: die rekent alle saldi na uit de boekingen.</p>\n");
    } else {
        json_t *d = json_loads(row->detail, 0, NULL);
        int ok = json_is_true(json_object_get(d, "ok"));
        const char *problem = json_string_value(json_object_get(d, "eersteProbleem"));
        char day[NB_WEB_FMT_LEN], date[NB_DATE_LEN];
        snprintf(date, sizeof date, "%.10s", row->at);
        if (nb_web_fmt_date(date, day) != 0)
            snprintf(day, sizeof day, "%s", date);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Laatste controle: ");
        nb_html_text(b, day);
        nb_html_lit(b, ", door ");
        nb_html_text(b, row->actor);
        nb_html_lit(b, ". Uitkomst: ");
        if (ok) {
            nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--safe\">in "
                           "orde</span> (");
            nb_html_int(b, (int64_t)json_integer_value(json_object_get(d, "rekeningen")));
            nb_html_lit(b, " rekeningen, ");
            nb_html_int(b, (int64_t)json_integer_value(json_object_get(d, "boekingen")));
            nb_html_lit(b, " boekingen nagerekend).</p>\n");
        } else {
            nb_html_lit(b, "<span class=\"utrecht-badge-status utrecht-badge-status--danger\">"
                           "afwijking gevonden</span>");
            if (problem) {
                nb_html_lit(b, ": ");
                nb_html_text(b, problem);
            }
            nb_html_lit(b, ".</p>\n");
        }
        json_decref(d);
    }
    nb_html_lit(b, "</section>\n");
    free(row);
    return 0;
}

int nb_web_mt_start(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    int rc;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Wat nu de aandacht van het netwerk-MT "
                    "vraagt.</p>\n");
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Vooruitkijken: de <a class=\"utrecht-link\" "
                    "href=\"/werkvoorraad\">werkvoorraad</a> (gevraagde tegen beschikbare uren "
                    "per maand, met overbelaste maanden) en de <a class=\"utrecht-link\" "
                    "href=\"/programmas\">programma's</a>.</p>\n");
    if ((rc = nb_mt_submitted(&b, st, &err)) != 0 || (rc = nb_mt_proposals(&b, st, &err)) != 0 ||
        (rc = nb_mt_waiting(&b, st, &err)) != 0 || (rc = nb_mt_credit_lines(&b, st, &err)) != 0 ||
        (rc = nb_web_budget_alerts(&b, st, w->req->who, &err)) != 0 ||
        (rc = nb_mt_last_check(&b, st, &err)) != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}
