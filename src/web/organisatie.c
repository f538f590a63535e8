/*
 * web/organisatie.c — GET /organisatie, the coordinator's start page: the
 * organisation's balance and credit line, hours given and received this
 * year, its assignments that wait for something (its consent, the network's
 * intake, running work) and how many people it has; each block says what to
 * do when it is empty. Reads through the store functions the API uses
 * (ledger rows, store/statement.h, assignments, consents, people).
 */
#include "store/consents.h"
#include "store/people.h"
#include "store/statement.h"
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

#define NB_ORG_MAX_WAITING 50 /* assignments listed; more are counted */

typedef struct nb_org_waiting {
    int64_t id;
    char title[256];
    nb_assignment_status status;
    int needs_consent; /* this organisation has not consented yet */
} nb_org_waiting;

typedef struct nb_org_asg_ctx {
    nb_store *st;
    int64_t org_id;
    nb_org_waiting v[NB_ORG_MAX_WAITING];
    size_t n;
    int64_t more;
} nb_org_asg_ctx;

static int nb_org_asg_add(void *ctx, const nb_asg *a)
{
    nb_org_asg_ctx *c = ctx;
    if (nb_assignment_status_is_final(a->status))
        return 0;
    if (c->n == NB_ORG_MAX_WAITING) {
        c->more++;
        return 0;
    }
    nb_consent_missing missing;
    nb_err err = {{0}};
    memset(&missing, 0, sizeof missing);
    int needs = 0;
    int rc = nb_consent_chargeable(c->st, a, &missing, &err);
    if (rc == NB_EFORBIDDEN) {
        for (size_t i = 0; i < missing.n && i < NB_CONSENT_MAX_MISSING; i++)
            needs |= missing.org_ids[i] == c->org_id;
    } else if (rc != 0) {
        return rc;
    }
    nb_org_waiting *w = &c->v[c->n++];
    w->id = a->id;
    snprintf(w->title, sizeof w->title, "%s", a->title);
    w->status = a->status;
    w->needs_consent = needs;
    return 0;
}

/* What the assignment waits for; the status itself is the badge before it. */
static const char *nb_org_waits_for(const nb_org_waiting *w)
{
    if (w->needs_consent)
        return "Uw instemming is nodig voordat uren op uw organisatie geboekt worden.";
    switch (w->status) {
    case NB_ASSIGNMENT_CONCEPT:
        return "Nog indienen bij het netwerk-MT.";
    case NB_ASSIGNMENT_INGEDIEND:
        return "Wacht op de intake door het netwerk-MT.";
    case NB_ASSIGNMENT_GEACCEPTEERD:
        return "Wacht op een teamvoorstel.";
    case NB_ASSIGNMENT_BEMENST:
        return "Wacht op de start.";
    default:
        return "Uren worden geschreven en goedgekeurd.";
    }
}

static void nb_org_assignments(nb_buf *b, const nb_org_asg_ctx *c)
{
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Opdrachten die wachten</h2>\n");
    if (c->n == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er wacht geen opdracht van uw organisatie. "
                       "Dien een nieuwe opdracht in via <a class=\"utrecht-link\" "
                       "href=\"/opdrachten\">Opdrachten</a>.</p>\n");
        return;
    }
    nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">\n");
    for (size_t i = 0; i < c->n; i++) {
        char href[48];
        snprintf(href, sizeof href, "/opdrachten/%lld", (long long)c->v[i].id);
        nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" "
                       "href=\"");
        nb_html_url(b, href);
        nb_html_lit(b, "\">");
        nb_html_text(b, c->v[i].title);
        nb_html_lit(b, "</a> ");
        nb_web_asg_badge(b, c->v[i].status);
        nb_html_lit(b, "\n<p class=\"utrecht-paragraph nb-row\">");
        nb_html_text(b, nb_org_waits_for(&c->v[i]));
        nb_html_lit(b, "</p></li>\n");
    }
    nb_html_lit(b, "</ul>\n");
    if (c->more > 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">En nog ");
        nb_html_int(b, c->more);
        nb_html_lit(b, " opdrachten; zie <a class=\"utrecht-link\" href=\"/opdrachten\">"
                       "Opdrachten</a>.</p>\n");
    }
}

/* The organisation's account now and the work hours it gave and took since
 * 1 January: given >= 0, taken <= 0 (summed in the store, no lines read). */
typedef struct nb_org_year {
    nb_ledger_account_row row;
    int64_t given, taken;
} nb_org_year;

static int nb_org_year_load(nb_store *st, int64_t org_id, int y, nb_org_year *out, nb_err *err)
{
    nb_ledger_stmt_sums sums;
    memset(out, 0, sizeof *out);
    int rc = nb_ledger_store_org_row(st, org_id, &out->row, err);
    if (rc != 0 || out->row.account.id == 0)
        return rc;
    rc = nb_ledger_store_statement_sums(st, out->row.account.id,
                                        nb_statement_day_ts(nb_date_from_ymd(y, 1, 1)), 0,
                                        NB_KIND_WORK, 0, 0, &sums, err);
    out->given = sums.given;
    out->taken = sums.taken;
    return rc;
}

static void nb_org_balance(nb_buf *b, const nb_org_year *year, int y)
{
    const nb_account *a = &year->row.account;
    char text[NB_WEB_FMT_LEN];
    char href[64];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Saldo</h2>\n");
    if (a->id == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Uw organisatie heeft nog geen uren "
                       "gegeven of gekregen. Zodra medewerkers uren schrijven op een opdracht, "
                       "staat het saldo hier.</p>\n");
    }
    nb_web_dl_open(b);
    nb_web_fmt_hours(a->credits_posted - a->debits_posted, text);
    nb_web_dl_item(b, "Saldo (geboekt)", text);
    nb_web_fmt_hours(a->credit_line_minutes, text);
    nb_web_dl_item(b, "Kredietlijn", text);
    nb_web_fmt_hours(nb_ledger_available(a), text);
    nb_web_dl_item(b, "Beschikbaar", text);
    nb_web_dl_close(b);
    snprintf(href, sizeof href, "/organisaties/%lld/afschrift",
             (long long)year->row.organisation_id);
    nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"");
    nb_html_url(b, href);
    nb_html_lit(b, "\">Saldo en afschrift bekijken</a></p>\n");
    nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                   "href=\"/urenbegroting\">Urenbegroting: prognose tot het jaareinde, CSV en "
                   "Excel</a></p>\n");

    int64_t given = year->given, taken = -year->taken;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Uren in ");
    nb_html_int(b, y);
    nb_html_lit(b, "</h2>\n");
    if (given == 0 && taken == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Dit jaar zijn nog geen gewerkte uren "
                       "geboekt. Goedgekeurde uren van uw medewerkers (gegeven) en van anderen "
                       "voor uw opdrachten (gekregen) verschijnen hier.</p>\n");
        return;
    }
    nb_web_bar bars[2] = {{"Gegeven (gebracht)", given}, {"Gekregen (gehaald)", taken}};
    nb_web_bar_chart(b, "jaar-grafiek", "Gewerkte uren dit jaar: gegeven en gekregen", NULL, bars,
                     2);
    /* the chart says "dezelfde cijfers staan in de tabel hieronder" */
    nb_web_table_open(b, "jaar-bijschrift", "Gewerkte uren dit jaar", NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_web_fmt_hours(given, text);
    nb_web_figure_row(b, "Gegeven (gebracht)", text);
    nb_web_fmt_hours(taken, text);
    nb_web_figure_row(b, "Gekregen (gehaald)", text);
    nb_web_table_close(b);
}

int nb_web_organisation(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_org_year year;
    memset(&year, 0, sizeof year);
    nb_org_asg_ctx *asg = calloc(1, sizeof *asg);
    int64_t org_id = w->req->who->organisation_id, people = 0;
    int rc = asg ? 0 : NB_ENOMEM;
    int y, m, d;
    nb_date_to_ymd(nb_web_today(), &y, &m, &d);
    if (rc == 0)
        rc = nb_org_year_load(w->req->st, org_id, y, &year, &err);
    if (rc == NB_ENOTFOUND) {
        rc = nb_resp_problem(resp, 404, "Niet gevonden",
                             "Uw account hoort niet bij een bestaande organisatie. Vraag het "
                             "netwerk-MT om dit te herstellen.");
        goto cleanup;
    }
    /* The waiting ones status by status, each asked for no more than still
     * fit in the list, the rest only counted: every assignment listed is
     * loaded and its consent checked, so the work stays within
     * NB_ORG_MAX_WAITING of them however many the organisation has (an
     * assignment of every member is regional: at ten times the demo a
     * thousand, read one by one with their lines and consents). */
    for (int s = NB_ASSIGNMENT_CONCEPT; rc == 0 && s < NB_ASSIGNMENT_STATUS_COUNT; s++) {
        if (nb_assignment_status_is_final((nb_assignment_status)s))
            continue;
        nb_asg_filter f;
        int64_t total = 0;
        size_t had = asg->n;
        memset(&f, 0, sizeof f);
        f.organisation_id = org_id;
        f.status = nb_assignment_status_name((nb_assignment_status)s);
        asg->st = w->req->st;
        asg->org_id = org_id;
        rc = nb_asg_list(w->req->st, &f, 0, (int64_t)(NB_ORG_MAX_WAITING - asg->n), nb_org_asg_add,
                         asg, &total, &err);
        asg->more += total - (int64_t)(asg->n - had);
    }
    if (rc == 0) {
        nb_person_filter pf = NB_PERSON_FILTER_ALL;
        pf.organisation_id = org_id;
        pf.active = 1;
        rc = nb_person_list(w->req->st, &pf, 0, 0, NULL, NULL, &people, &err);
    }
    if (rc != 0)
        goto cleanup;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph nb-lead\">");
    nb_html_text(&b, year.row.org_name);
    nb_html_lit(&b, ": hoe uw organisatie ervoor staat in het netwerk.</p>\n");
    nb_org_balance(&b, &year, y);
    nb_org_assignments(&b, asg);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Mensen</h2>\n<p class=\"utrecht-paragraph\">");
    if (people == 0) {
        nb_html_lit(&b, "Uw organisatie heeft nog geen actieve medewerkers in noaber. Vraag het "
                        "netwerk-MT ze toe te voegen; daarna vult u hun competenties in via "
                        "<a class=\"utrecht-link\" href=\"/medewerkers\">Medewerkers</a>.");
    } else {
        nb_html_int(&b, people);
        if (people == 1)
            nb_html_lit(&b, " actieve medewerker. ");
        else
            nb_html_lit(&b, " actieve medewerkers. ");
        nb_html_lit(&b, "<a class=\"utrecht-link\" href=\"/medewerkers\">Medewerkers bekijken "
                        "en bijwerken</a>");
    }
    nb_html_lit(&b, "</p>\n");
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Rapportages</h2>\n<p "
                    "class=\"utrecht-paragraph\">De <a class=\"utrecht-link\" "
                    "href=\"/rapportages\">rapportages</a> voor college en raad over een "
                    "kwartaal.</p>\n");
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    free(asg);
    return rc == NB_ENOMEM ? rc : 0;
}
