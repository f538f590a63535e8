/*
 * web/verrekeningen.c — settlement (verrekening) of the members' balances at
 * the end of a closed period (issue 10 §4), as pages:
 *   GET  /verrekeningen                 the settlements made (beheer,
 *                                       coordinator, lezer); for beheer also
 *                                       the preview of a year or closed period
 *                                       (?periode=2025 or ?periode=p4) with
 *                                       the form to decide per organisation
 *   POST /verrekeningen                 book it (beheer), with a confirmation
 *                                       box; exactly once per form (a hidden
 *                                       verzoek id: a double submit shows the
 *                                       first result)
 *   GET  /verrekeningen/{id}            the statement: hours, rate and amount
 *                                       per organisation, printable; a
 *                                       coordinator sees its own organisation's
 *                                       line, others may pick one
 *                                       (?organisatie=N)
 *   GET  /verrekeningen/{id}/verrekening.csv   the same as CSV
 * The rules are store/settlements.h's (the same calls as
 * api/verrekeningen.c); booking is audited as the API's.
 */
#include "core/settlement.h"
#include "store/settlements.h"
#include "store/time_entries.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/mt.h"
#include "web/pages.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_VR_PAGE 25
#define NB_VR_YEARS 64 /* distinct years offered in the preview's choice */

/* ---- Small pieces ---------------------------------------------------------------- */

/* "2025" (a year) or "p4" (closed period 4) into *year / *period. 0 or -1. */
static int nb_vr_parse_period(const char *s, int *year, int64_t *period)
{
    *year = 0;
    *period = 0;
    if (s == NULL || *s == '\0')
        return -1;
    if (s[0] == 'p')
        return nb_web_parse_id(s + 1, period);
    int64_t y = 0;
    if (nb_web_parse_id(s, &y) != 0 || y < NB_SETTLE_YEAR_MIN || y > NB_SETTLE_YEAR_MAX)
        return -1;
    *year = (int)y;
    return 0;
}

/* "1 januari 2025 t/m 31 december 2025" into out. */
static void nb_vr_period_text(const char *from, const char *to, char *out, size_t size)
{
    char a[NB_WEB_FMT_LEN], z[NB_WEB_FMT_LEN];
    NB_IGNORE(nb_web_fmt_date(from, a), "the ISO text stands in for a date that does not parse");
    NB_IGNORE(nb_web_fmt_date(to, z), "the ISO text stands in for a date that does not parse");
    snprintf(out, size, "%s t/m %s", a, z);
}

/* "€ 1.500,00" for |cents|. */
static void nb_vr_money(nb_buf *b, int64_t cents)
{
    char m[48];
    nb_mt_fmt_money(cents < 0 ? -cents : cents, 1, m);
    nb_html_lit(b, "€ ");
    nb_html_text(b, m);
}

/* An amount cell: "€ 600,00 betaalt" / "ontvangt" / "—". */
static void nb_vr_td_amount(nb_buf *b, int64_t cents)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    if (cents == 0) {
        nb_html_lit(b, "—");
    } else {
        nb_vr_money(b, cents);
        nb_html_text(b, cents < 0 ? " betaalt" : " ontvangt");
    }
    nb_html_lit(b, "</td>");
}

/* A balance cell: "+10 uur" / "-4,5 uur". */
static void nb_vr_td_balance(nb_buf *b, int64_t minutes)
{
    char h[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes < 0 ? -minutes : minutes, h);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    nb_html_text(b, minutes < 0 ? "−" : minutes > 0 ? "+" : "");
    nb_html_text(b, h);
    nb_html_lit(b, "</td>");
}

/* ---- The list and the preview ------------------------------------------------------ */

typedef struct nb_vr_list {
    nb_buf *b;
    int64_t n;
} nb_vr_list;

static int nb_vr_list_row(void *ctx, const nb_settlement *s)
{
    nb_vr_list *c = ctx;
    nb_buf *b = c->b;
    char text[128], label[160];
    nb_vr_period_text(s->from, s->to, text, sizeof text);
    if (s->year)
        snprintf(label, sizeof label, "Jaar %d", s->year);
    else
        snprintf(label, sizeof label, "%s", text);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\">");
    nb_web_row_head_open(b);
    nb_mt_link_id(b, "/verrekeningen/", s->id, "", label);
    nb_html_lit(b, "</th>");
    nb_mt_td(b, text);
    nb_mt_td_int(b, s->settled_count);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    nb_vr_money(b, s->paid_cents);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    nb_vr_money(b, s->received_cents);
    nb_html_lit(b, "</td>");
    char day[11];
    snprintf(day, sizeof day, "%.10s", s->created_at);
    nb_mt_td_date(b, day);
    nb_html_lit(b, "</tr>\n");
    c->n++;
    return 0;
}

typedef struct nb_vr_choices {
    int years[NB_VR_YEARS];
    size_t n_years;
    nb_buf *periods; /* the <option>s of the closed periods */
    const char *current;
} nb_vr_choices;

static int nb_vr_period_option(void *ctx, const nb_period *p)
{
    nb_vr_choices *c = ctx;
    char value[32], text[128];
    snprintf(value, sizeof value, "p%lld", (long long)p->id);
    nb_vr_period_text(p->from, p->to, text, sizeof text);
    nb_web_select_option(c->periods, value, text, c->current);
    int32_t d0 = 0, d1 = 0;
    int y0 = 0, y1 = 0, m, d;
    if (nb_date_parse(p->from, &d0) != 0 || nb_date_parse(p->to, &d1) != 0)
        return 0; /* stored dates always parse; such a period offers no year */
    nb_date_to_ymd(d0, &y0, &m, &d);
    nb_date_to_ymd(d1, &y1, &m, &d);
    for (int y = y0; y <= y1 && y - y0 < NB_VR_YEARS; y++) {
        size_t i = 0;
        while (i < c->n_years && c->years[i] != y)
            i++;
        if (i == c->n_years && c->n_years < NB_VR_YEARS)
            c->years[c->n_years++] = y;
    }
    return 0;
}

/* The GET form that picks a year or closed period to preview. */
static int nb_vr_pick_form(nb_buf *b, nb_store *st, const nb_web_errors *errs, const char *current,
                           nb_err *err)
{
    nb_buf opts = NB_BUF_INIT;
    nb_vr_choices c = {{0}, 0, &opts, current};
    int rc = nb_period_list(st, 0, -1, nb_vr_period_option, &c, NULL, err);
    if (rc != 0) {
        nb_buf_free(&opts);
        return rc;
    }
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"voorstel\">Voorstel</h2>\n");
    if (c.n_years == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er is nog geen periode afgesloten. Sluit "
                       "eerst een periode af op de pagina <a class=\"utrecht-link\" "
                       "href=\"/perioden\">Perioden</a>; daarna kunt u haar hier "
                       "verrekenen.</p>\n");
        nb_buf_free(&opts);
        return 0;
    }
    nb_html_lit(b,
                "<form class=\"utrecht-form nb-filter\" method=\"get\" action=\"/verrekeningen\" "
                "novalidate>\n");
    nb_web_select_open(b, errs, "periode", "Jaar of afgesloten periode",
                       "Een jaar kan worden verrekend als al zijn dagen in afgesloten perioden "
                       "liggen en het voorbij is.");
    nb_web_select_option(b, "", "Kies een jaar of periode", current);
    for (size_t i = 0; i < c.n_years; i++) {
        char v[8], t[16];
        snprintf(v, sizeof v, "%d", c.years[i]);
        snprintf(t, sizeof t, "Jaar %d", c.years[i]);
        nb_web_select_option(b, v, t, current);
    }
    nb_buf_append(b, nb_buf_cstr(&opts), opts.len);
    nb_web_select_close(b);
    nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--secondary-action\">Voorstel tonen"
                   "</button></div>\n</form>\n");
    nb_buf_free(&opts);
    return 0;
}

/* The preview of the period named by `period` with the form to decide. form: a
 * posted form whose choices are kept (NULL: every choice overboeken). */
static int nb_vr_preview(nb_buf *b, const nb_web_req *w, const char *period,
                         const nb_web_errors *errs, nb_err *err)
{
    nb_settle_request rq;
    nb_settle_problem pb;
    nb_settlement s;
    memset(&rq, 0, sizeof rq);
    memset(&s, 0, sizeof s);
    if (nb_vr_parse_period(period, &rq.year, &rq.period_id) != 0)
        return 0; /* the select's error says so */
    int rc = nb_settle_preview(w->req->st, &rq, &s, &pb, err);
    if (rc == NB_ENOTFOUND) {
        nb_mt_alert(b, "warning", "Die afgesloten periode bestaat niet; kies een andere.");
        return 0;
    }
    if (rc != 0)
        return rc;
    char text[128], heading[200];
    nb_vr_period_text(s.from, s.to, text, sizeof text);
    snprintf(heading, sizeof heading, "Voorstel voor %s", text);
    nb_html_lit(b, "<h3 class=\"utrecht-heading-3\" id=\"voorstel-tabel\">");
    nb_html_text(b, heading);
    nb_html_lit(b, "</h3>\n");
    if (s.blocked[0]) {
        nb_mt_alert(b, "warning", s.blocked);
        nb_settlement_clear(&s);
        return 0;
    }
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Het uurtarief is ");
    nb_vr_money(b, s.rate_cents);
    nb_html_lit(b, " per uur. Vink per organisatie aan of haar saldo in geld wordt "
                   "<strong>verrekend</strong>: het wordt dan afgerekend en staat daarna op nul "
                   "(wie meer haalde dan bracht betaalt, wie meer bracht ontvangt). Wat u niet "
                   "aanvinkt wordt <strong>overgeboekt</strong>: het saldo gaat mee naar de "
                   "volgende periode. Bedragen zijn saldo maal uurtarief, afgerond op hele "
                   "centen.</p>\n");
    nb_web_form_open(b, w, "/verrekeningen");
    unsigned char rnd[12];
    char hex[sizeof rnd * 2 + 1], id[40];
    const char *kept = w->form ? nb_web_form_get(w->form, "verzoek") : NULL;
    if (kept == NULL || strlen(kept) != 3 + sizeof hex - 1) {
        randombytes_buf(rnd, sizeof rnd);
        sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
        snprintf(id, sizeof id, "vr-%s", hex);
        kept = id;
    }
    nb_html_lit(b, "<input type=\"hidden\" name=\"verzoek\" value=\"");
    nb_html_attr(b, kept);
    nb_html_lit(b, "\"><input type=\"hidden\" name=\"periode\" value=\"");
    nb_html_attr(b, period);
    nb_html_lit(b, "\">\n");
    static const nb_web_col cols[] = {{"Organisatie", 0, NULL},
                                      {"Saldo", 1, NULL},
                                      {"Geleverd in de periode", 1, NULL},
                                      {"Afgenomen in de periode", 1, NULL},
                                      {"Bij verrekenen", 1, NULL},
                                      {"Keuze", 0, NULL}};
    nb_web_table_open(b, "voorstel-tabel", NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < s.n; i++) {
        const nb_settle_line *l = &s.lines[i];
        char name[40], label[200];
        int64_t cents = 0;
        snprintf(name, sizeof name, "keuze-%lld", (long long)l->organisation_id);
        snprintf(label, sizeof label, "Verrekenen: %s", l->org_name);
        if (nb_settle_cents(l->balance_minutes, s.rate_cents, &cents) != 0)
            cents = 0;
        nb_html_lit(b, "<tr class=\"utrecht-table__row\">");
        nb_web_row_head_open(b);
        nb_html_text(b, l->org_name);
        nb_html_lit(b, "</th>");
        nb_vr_td_balance(b, l->balance_minutes);
        nb_mt_td_hours(b, l->brought_minutes);
        nb_mt_td_hours(b, l->taken_minutes);
        if (l->balance_minutes != 0 && !l->money_possible) {
            nb_html_lit(b, "<td class=\"utrecht-table__cell\">nu niet: de reserveringen gaan "
                           "boven de kredietlijn</td>");
        } else {
            nb_vr_td_amount(b, cents);
        }
        nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
        const char *cur = w->form ? nb_web_form_get(w->form, name) : NULL;
        nb_web_form_checkbox(b, errs, name, "verrekenen", label, NULL,
                             cur && strcmp(cur, "verrekenen") == 0);
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
    nb_web_form_checkbox(b, errs, "bevestig", "1", "Ik heb de bedragen gecontroleerd",
                         "Verrekenen boekt de saldi van de gekozen organisaties op nul tegen het "
                         "netwerkfonds. Een verrekening wordt nooit gewist.",
                         w->form && nb_web_form_get(w->form, "bevestig") != NULL);
    nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Verrekening "
                   "vastleggen</button></div>\n</form>\n");
    nb_settlement_clear(&s);
    return 0;
}

typedef struct nb_vr_href {
    int64_t unused;
} nb_vr_href;

static void nb_vr_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    (void)ctx;
    nb_html_lit(b, "/verrekeningen?pagina=");
    nb_html_int(b, n);
}

static int nb_vr_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs,
                      const char *period)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT, rows = NB_BUF_INIT;
    int64_t page = 1, total = 0;
    const char *p = nb_req_query(w->req, "pagina");
    if (p && nb_web_parse_id(p, &page) != 0)
        page = 1;
    int beheer = w->req->who->role == NB_ROLE_BEHEER;
    nb_vr_list c = {&rows, 0};
    int rc = nb_settle_list(w->req->st, (page - 1) * NB_VR_PAGE, NB_VR_PAGE, nb_vr_list_row, &c,
                            &total, &err);
    if (rc != 0) {
        nb_buf_free(&rows);
        return nb_resp_from_err(resp, rc, &err), 0;
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Aan het eind van een jaar of een afgesloten "
                    "periode maakt het netwerk per organisatie de balans op: het urensaldo gaat "
                    "mee naar de volgende periode (overboeken), of wordt in geld afgerekend tegen "
                    "het uurtarief van het netwerk (verrekenen).");
    if (!beheer)
        nb_html_lit(&b, " Het netwerk-MT besluit; hier ziet u wat er is verrekend.");
    nb_html_lit(&b, "</p>\n");
    if (beheer) {
        if ((rc = nb_vr_pick_form(&b, w->req->st, errs, period, &err)) != 0 ||
            (period && (rc = nb_vr_preview(&b, w, period, errs, &err)) != 0)) {
            nb_buf_free(&rows);
            return nb_mt_fail(resp, &b, rc, &err);
        }
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"gemaakt\">Verrekeningen</h2>\n");
    if (total == 0) {
        if (beheer)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er is nog niets verrekend. Kies "
                            "hierboven een jaar of afgesloten periode om het voorstel te "
                            "zien.</p>\n");
        else
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er is nog niets verrekend. Het "
                            "netwerk-MT verrekent de saldi aan het eind van een afgesloten "
                            "periode.</p>\n");
    } else {
        static const nb_web_col cols[] = {{"Verrekening", 0, NULL}, {"Periode", 0, NULL},
                                          {"Verrekend", 1, NULL},   {"Betaald", 1, NULL},
                                          {"Ontvangen", 1, NULL},   {"Vastgelegd op", 0, NULL}};
        nb_web_table_open(&b, "gemaakt", NULL, NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        nb_buf_append(&b, nb_buf_cstr(&rows), rows.len);
        nb_web_table_close(&b);
        nb_vr_href h = {0};
        nb_web_pager(&b, "Pagina's met verrekeningen", page, (total + NB_VR_PAGE - 1) / NB_VR_PAGE,
                     nb_vr_page_href, &h);
    }
    nb_buf_free(&rows);
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_settlements(nb_web_req *w, nb_resp *resp)
{
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *period = nb_req_query(w->req, "periode");
    int year;
    int64_t pid;
    if (period && *period == '\0')
        period = NULL;
    if (period && nb_vr_parse_period(period, &year, &pid) != 0) {
        nb_web_error_add(&errs, "periode", "Kies een jaar of een afgesloten periode uit de lijst.");
        return nb_vr_page(w, resp, 422, &errs, NULL);
    }
    return nb_vr_page(w, resp, 200, &errs, w->req->who->role == NB_ROLE_BEHEER ? period : NULL);
}

/* ---- Booking ------------------------------------------------------------------------- */

int nb_web_settlement_post(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *period = nb_web_form_get(w->form, "periode");
    const char *verzoek = nb_web_form_get(w->form, "verzoek");
    nb_settle_request rq;
    memset(&rq, 0, sizeof rq);
    if (nb_vr_parse_period(period, &rq.year, &rq.period_id) != 0) {
        nb_web_error_add(&errs, "periode", "Kies een jaar of een afgesloten periode uit de lijst.");
        return nb_vr_page(w, resp, 422, &errs, NULL);
    }
    nb_settle_pick *picks = calloc(NB_WEB_FORM_FIELDS, sizeof *picks);
    if (picks == NULL)
        return NB_ENOMEM;
    for (int i = 0; i < w->form->count; i++) {
        const nb_web_field *f = &w->form->fields[i];
        int64_t org = 0;
        if (strncmp(f->name, "keuze-", 6) != 0)
            continue;
        nb_settle_choice ch = nb_settle_choice_parse(f->value);
        if (nb_web_parse_id(f->name + 6, &org) != 0 || ch == NB_SETTLE_NONE) {
            nb_web_error_add(&errs, f->name, "Kies overboeken of verrekenen.");
            continue;
        }
        picks[rq.n_picks++] = (nb_settle_pick){org, ch};
    }
    if (nb_web_form_get(w->form, "bevestig") == NULL)
        nb_web_error_add(&errs, "bevestig",
                         "Vink aan dat u de bedragen hebt gecontroleerd; pas dan wordt er "
                         "verrekend.");
    if (verzoek == NULL || *verzoek == '\0' || strlen(verzoek) >= NB_TRANSFER_ID_SIZE)
        nb_web_error_add(&errs, "periode",
                         "Het formulier is niet compleet; vraag het voorstel "
                         "opnieuw op.");
    int rc = 0;
    if (errs.count > 0) {
        rc = nb_vr_page(w, resp, 422, &errs, period);
        goto cleanup;
    }
    rq.request_id = verzoek;
    rq.picks = picks;
    char by[160];
    snprintf(by, sizeof by, "%s:%s", nb_role_name(w->req->who->role), w->req->who->label);
    nb_settlement s;
    nb_settle_problem pb;
    int replayed = 0;
    memset(&s, 0, sizeof s);
    rc = nb_settle_book(w->req->st, NB_MT_ACTOR(w), by, &rq, &s, &replayed, &pb, &err);
    if (rc == 0) {
        char path[64];
        snprintf(path, sizeof path, "/verrekeningen/%lld", (long long)s.id);
        nb_settlement_clear(&s);
        rc = nb_web_redirect(resp, path, replayed ? NB_WEB_FLASH_NONE : NB_WEB_FLASH_SETTLED);
        goto cleanup;
    }
    nb_settlement_clear(&s);
    if (pb.fault == NB_SETTLE_OK) { /* a store failure, not a refusal */
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    char field[40] = "periode";
    if (pb.fault == NB_SETTLE_F_LIMIT)
        snprintf(field, sizeof field, "keuze-%lld", (long long)pb.organisation_id);
    else if (pb.fault == NB_SETTLE_F_ORG_UNKNOWN || pb.fault == NB_SETTLE_F_ORG_TWICE)
        snprintf(field, sizeof field, "keuze-%lld",
                 (long long)picks[pb.index < rq.n_picks ? pb.index : 0].organisation_id);
    nb_web_error_add(&errs, field, err.msg);
    rc = nb_vr_page(w, resp, pb.fault == NB_SETTLE_F_SETTLED ? 409 : 422, &errs, period);
cleanup:
    free(picks);
    return rc;
}

/* ---- The statement ------------------------------------------------------------------- */

/* The settlement of the page's path, and which organisation's line to show
 * (0 = all): a coordinator only its own; others may pick ?organisatie=. */
static int nb_vr_load(nb_web_req *w, nb_resp *resp, nb_settlement *s, int64_t *org, int *done)
{
    nb_err err = {{0}};
    *done = 0;
    *org = 0;
    int64_t id = nb_web_path_id(w);
    int rc = id > 0 ? nb_settle_get(w->req->st, id, s, &err)
                    : nb_err_set(&err, NB_ENOTFOUND, "Deze verrekening bestaat niet.");
    if (rc != 0) {
        *done = 1;
        return nb_resp_from_err(resp, rc, &err);
    }
    if (w->req->who->role == NB_ROLE_COORDINATOR) {
        *org = w->req->who->organisation_id;
    } else {
        const char *q = nb_req_query(w->req, "organisatie");
        if (q && *q && nb_web_parse_id(q, org) != 0)
            *org = 0;
    }
    return 0;
}

int nb_web_settlement(nb_web_req *w, nb_resp *resp)
{
    nb_settlement s;
    int64_t org = 0;
    int done = 0;
    memset(&s, 0, sizeof s);
    int rc = nb_vr_load(w, resp, &s, &org, &done);
    if (done)
        return rc;
    nb_buf b = NB_BUF_INIT;
    char text[128], heading[200], day[11], buf[NB_WEB_FMT_LEN];
    nb_vr_period_text(s.from, s.to, text, sizeof text);
    nb_web_begin(&b, w);
    if (s.year)
        snprintf(heading, sizeof heading, "Verrekening jaar %d", s.year);
    else
        snprintf(heading, sizeof heading, "Verrekening %s", text);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"kop\">");
    nb_html_text(&b, heading);
    nb_html_lit(&b, "</h2>\n");
    nb_web_dl_open(&b);
    nb_web_dl_item(&b, "Periode", text);
    nb_web_dl_key(&b, "Uurtarief");
    nb_vr_money(&b, s.rate_cents);
    nb_html_lit(&b, " per uur");
    nb_web_dl_item_end(&b);
    nb_web_dl_item(&b, "Vastgelegd door", s.created_by);
    snprintf(day, sizeof day, "%.10s", s.created_at);
    NB_IGNORE(nb_web_fmt_date(day, buf), "the ISO text stands in for a date that does not parse");
    nb_web_dl_item(&b, "Vastgelegd op", buf);
    nb_web_dl_item(&b, "Kenmerk", s.request_id);
    nb_web_dl_close(&b);
    size_t shown = 0;
    for (size_t i = 0; i < s.n; i++)
        shown += org == 0 || s.lines[i].organisation_id == org;
    if (shown == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Deze verrekening heeft geen regel voor uw "
                        "organisatie.</p>\n");
    } else {
        static const nb_web_col cols[] = {{"Organisatie", 0, NULL},
                                          {"Keuze", 0, NULL},
                                          {"Saldo", 1, NULL},
                                          {"Geleverd in de periode", 1, NULL},
                                          {"Afgenomen in de periode", 1, NULL},
                                          {"Bedrag", 1, NULL},
                                          {"Boeking", 0, NULL}};
        nb_web_table_open(&b, "afrekening", "Afrekening per organisatie", NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        for (size_t i = 0; i < s.n; i++) {
            const nb_settle_line *l = &s.lines[i];
            if (org != 0 && l->organisation_id != org)
                continue;
            nb_html_lit(&b, "<tr class=\"utrecht-table__row\">");
            nb_web_row_head_open(&b);
            if (org == 0 && w->req->who->role != NB_ROLE_COORDINATOR) {
                char href[64];
                snprintf(href, sizeof href, "?organisatie=%lld", (long long)l->organisation_id);
                nb_mt_link_id(&b, "/verrekeningen/", s.id, href, l->org_name);
            } else {
                nb_html_text(&b, l->org_name);
            }
            nb_html_lit(&b, "</th>");
            nb_mt_td(&b, nb_settle_choice_name(l->choice));
            nb_vr_td_balance(&b, l->balance_minutes);
            nb_mt_td_hours(&b, l->brought_minutes);
            nb_mt_td_hours(&b, l->taken_minutes);
            nb_vr_td_amount(&b, l->amount_cents);
            nb_mt_td(&b, l->transfer_id[0] ? l->transfer_id : "—");
            nb_html_lit(&b, "</tr>\n");
        }
        nb_web_table_close(&b);
    }
    if (org == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Samen betalen de organisaties ");
        nb_vr_money(&b, s.paid_cents);
        nb_html_lit(&b, " en ontvangen zij ");
        nb_vr_money(&b, s.received_cents);
        nb_html_lit(&b, ".</p>\n");
    }
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Het bedrag is het saldo maal het uurtarief, "
                    "afgerond op hele centen (een halve cent naar boven). Wie meer uren haalde dan "
                    "bracht betaalt, wie meer bracht ontvangt; na verrekenen staat het saldo op "
                    "nul. Bij overboeken gaat het saldo mee naar de volgende periode.</p>\n");
    nb_html_lit(&b, "<p class=\"utrecht-paragraph nb-no-print\"><a class=\"utrecht-link\" "
                    "href=\"/verrekeningen/");
    nb_html_int(&b, s.id);
    nb_html_lit(&b, "/verrekening.csv");
    if (org != 0 && w->req->who->role != NB_ROLE_COORDINATOR) {
        nb_html_lit(&b, "?organisatie=");
        nb_html_int(&b, org);
    }
    nb_html_lit(&b, "\">Download als CSV</a> · Deze pagina is geschikt om af te drukken. · "
                    "<a class=\"utrecht-link\" href=\"/verrekeningen\">Alle verrekeningen</a>");
    if (org != 0 && w->req->who->role != NB_ROLE_COORDINATOR) {
        nb_html_lit(&b, " · ");
        nb_mt_link_id(&b, "/verrekeningen/", s.id, "", "Alle organisaties");
    }
    nb_html_lit(&b, "</p>\n");
    nb_settlement_clear(&s);
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}

int nb_web_settlement_csv(nb_web_req *w, nb_resp *resp)
{
    nb_settlement s;
    int64_t org = 0;
    int done = 0;
    memset(&s, 0, sizeof s);
    int rc = nb_vr_load(w, resp, &s, &org, &done);
    if (done)
        return rc;
    nb_settlement_csv(&s, org, &resp->raw);
    resp->status = 200;
    resp->content_type = "text/csv; charset=utf-8";
    snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
             "Content-Disposition: attachment; filename=\"verrekening-%lld.csv\"", (long long)s.id);
    nb_settlement_clear(&s);
    return resp->raw.oom ? NB_ENOMEM : 0;
}
