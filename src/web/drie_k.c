/*
 * web/drie_k.c — GET /kwetsbaarheid/3k: seed 000's 3K's (kwetsbaarheid,
 * kwaliteit, kosten) of one municipality, for the MT, coordinators and
 * readers: the figures of GET /api/v1/kwetsbaarheid/drie-k (store/three_k.h),
 * each K as a table with its plain-Dutch explanation. Counts only, so every
 * role sees the same page. Default: a coordinator's or reader's own
 * organisation, the first organisation for the MT.
 */
#include "store/three_k.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void nb_dk_heading(nb_buf *b, const char *id, const char *text)
{
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</h2>\n");
}

static void nb_dk_para(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</p>\n");
}

/* part / whole as "12,5 %", or "geen" when whole is 0. */
static void nb_dk_share(int64_t part, int64_t whole, char out[NB_WEB_FMT_LEN])
{
    if (whole <= 0) {
        snprintf(out, NB_WEB_FMT_LEN, "geen");
        return;
    }
    char n[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal((int64_t)llround((double)part * 1000.0 / (double)whole), 1, n);
    snprintf(out, NB_WEB_FMT_LEN, "%s %%", n);
}

/* Cents as "€ 1.234,50". */
static void nb_dk_euro(int64_t cents, char out[NB_WEB_FMT_LEN])
{
    char n[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(cents, 2, n);
    snprintf(out, NB_WEB_FMT_LEN, "€ %s", n);
}

static void nb_dk_count(nb_buf *b, const char *term, int64_t v)
{
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(v, 0, t);
    nb_web_figure_row(b, term, t);
}

static void nb_dk_body(nb_buf *b, const nb_3k *k)
{
    char t[NB_WEB_FMT_LEN];
    nb_dk_heading(b, "kwetsbaarheid", "Kwetsbaarheid");
    nb_dk_para(b, nb_3k_text_kwetsbaarheid);
    nb_web_table_open(b, "kwetsbaarheid", NULL, NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_dk_count(b, "Actieve medewerkers", k->people);
    nb_dk_count(b, "Competenties met één drager (enige drager)", k->singles);
    nb_dk_count(b, "Medewerkers die binnen 5 jaar vertrekken", k->leaving5);
    nb_dk_share(k->leaving5, k->people, t);
    nb_web_figure_row(b, "Deel van de medewerkers dat binnen 5 jaar vertrekt", t);
    char n[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal((int64_t)llround(k->top10 * 1000.0), 1, n);
    snprintf(t, sizeof t, "%s %%", n);
    nb_web_figure_row(b, "Deel van de uren gewerkt door de top 10 %", t);
    nb_web_fmt_decimal((int64_t)llround(k->gini * 100.0), 2, t);
    nb_web_figure_row(b, "Gini-coëfficiënt (0 is gelijk verdeeld)", t);
    nb_dk_count(b, "Medewerkers drie maanden of langer boven de belastingsgrens", k->overloaded);
    nb_dk_count(b, "Gevraagde niveaus die niemand in het netwerk heeft", k->uncovered);
    nb_web_table_close(b);

    nb_dk_heading(b, "kwaliteit", "Kwaliteit");
    nb_dk_para(b, nb_3k_text_kwaliteit);
    nb_web_table_open(b, "kwaliteit", NULL, NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_web_fmt_hours(k->alloc_minutes, t);
    nb_web_figure_row(b, "Ingezette uren op opdrachten van de gemeente", t);
    nb_dk_share(k->alloc_at_level_minutes, k->alloc_minutes, t);
    nb_web_figure_row(b, "Deel gedaan op het gevraagde niveau of hoger", t);
    nb_dk_count(b, "Leerervaringen", k->lessons);
    static const char *const cats[NB_3K_CATEGORIES] = {
        "Leerervaringen over het proces", "Leerervaringen over de samenwerking",
        "Leerervaringen over de inhoud", "Leerervaringen over de middelen"};
    for (int c = 0; c < NB_3K_CATEGORIES; c++)
        nb_dk_count(b, cats[c], k->lessons_by_category[c]);
    nb_dk_count(b, "Afgeronde opdrachten", k->completed);
    nb_dk_share(k->completed_on_time, k->completed, t);
    nb_web_figure_row(b, "Deel op tijd afgerond", t);
    nb_web_table_close(b);

    nb_dk_heading(b, "kosten", "Kosten");
    nb_dk_para(b, nb_3k_text_kosten);
    nb_web_table_open(b, "kosten", NULL, NULL, NULL);
    nb_web_table_head(b, NULL, 0);
    nb_web_fmt_hours(k->brought_minutes, t);
    nb_web_figure_row(b, "Gebracht (voor anderen gewerkt)", t);
    nb_web_fmt_hours(k->taken_minutes, t);
    nb_web_figure_row(b, "Gehaald (door anderen gewerkt)", t);
    nb_web_fmt_hours(k->deposited_minutes, t);
    nb_web_figure_row(b, "Uren gekocht met stortingen", t);
    nb_web_fmt_hours(k->balance_minutes, t);
    nb_web_figure_row(b, "Saldo", t);
    nb_dk_euro(k->deposited_cents, t);
    nb_web_figure_row(b, "Gestort geld", t);
    if (k->hour_rate_cents > 0)
        nb_dk_euro(k->hour_rate_cents, t);
    else
        snprintf(t, sizeof t, "niet ingesteld");
    nb_web_figure_row(b, "Uurtarief van het netwerk", t);
    if (k->hour_rate_cents > 0) {
        nb_dk_euro(k->taken_value_cents, t);
        nb_web_figure_row(b, "Waarde van de gehaalde uren tegen het netwerktarief", t);
    }
    nb_web_fmt_hours(k->xhire_minutes, t);
    nb_web_figure_row(b, "Vermeden inhuur (uren van andere organisaties)", t);
    if (k->external_rate_cents > 0)
        nb_dk_euro(k->external_rate_cents, t);
    else
        snprintf(t, sizeof t, "niet ingesteld");
    nb_web_figure_row(b, "Extern uurtarief", t);
    if (k->external_rate_cents > 0 && k->hour_rate_cents > 0) {
        nb_dk_euro(k->xhire_value_cents, t);
        nb_web_figure_row(b, "Besparing: vermeden inhuur tegen extern min netwerktarief", t);
    }
    nb_web_table_close(b);
}

int nb_web_three_k(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_web_orgs orgs = {NULL, 0, 0};
    nb_err err = {{0}};
    int status = 200, rc;
    const nb_principal *who = w->req->who;
    if ((rc = nb_web_orgs_load(w->req->st, &orgs, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    int64_t org = who->role != NB_ROLE_BEHEER && who->organisation_id > 0 ? who->organisation_id
                  : orgs.n > 0                                            ? orgs.v[0].id
                                                                          : 0;
    const char *v = nb_req_query(w->req, "organisatie");
    if (v != NULL && v[0] != '\0' && nb_web_parse_id(v, &org) != 0) {
        nb_web_error_add(&errs, "organisatie", "Kies een organisatie uit de lijst.");
        status = 422;
    }
    nb_3k k;
    int have = 0;
    if (status == 200 && org > 0) {
        rc = nb_3k_load(w->req->st, org, nb_web_today(), &k, &err);
        if (rc == NB_ENOTFOUND) {
            nb_web_error_add(&errs, "organisatie",
                             "Deze organisatie bestaat niet; kies er een uit de lijst.");
            status = 422;
        } else if (rc != 0) {
            rc = nb_resp_from_err(resp, rc, &err);
            goto cleanup;
        } else {
            have = 1;
        }
    }
    char value[24] = "";
    if (status == 200)
        snprintf(value, sizeof value, "%lld", (long long)org);
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_dk_para(&b, "De drie K's van een gemeente: kwetsbaarheid, kwaliteit en kosten. Elk cijfer "
                   "komt uit de registratie van het netwerk; onder elke K staat wat het betekent.");
    nb_html_lit(&b, "<form class=\"utrecht-form nb-filter\" method=\"get\" "
                    "action=\"/kwetsbaarheid/3k\" novalidate>\n");
    nb_web_select_open(&b, &errs, "organisatie", "Gemeente", NULL);
    for (size_t i = 0; i < orgs.n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)orgs.v[i].id);
        nb_web_select_option(&b, id, orgs.v[i].name, value[0] ? value : v);
    }
    nb_web_select_close(&b);
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--primary-action\">Tonen</button></div>\n"
                    "</form>\n");
    if (have) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Gemeten voor ");
        nb_html_text(&b, k.name);
        char day[NB_WEB_FMT_LEN];
        nb_web_fmt_day(nb_web_today(), day);
        nb_html_lit(&b, " op ");
        nb_html_text(&b, day);
        nb_html_lit(&b, ".</p>\n");
        nb_dk_body(&b, &k);
    } else if (status == 200) {
        nb_dk_para(&b, "Er is nog geen organisatie. Voeg eerst een gemeente toe.");
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    nb_web_orgs_free(&orgs);
    nb_buf_free(&b);
    return rc;
}
