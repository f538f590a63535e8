/*
 * web/mt_admin.c — the Netwerk-MT's administration pages (role beheer):
 *   GET/POST /stortingen     deposits: money → hour credit at the network's
 *                            hour rate (store/network_ops.h
 *                            nb_netops_deposit_prepare, the path of a
 *                            "storting" in POST /api/v1/boekingen)
 *   GET/POST /instellingen   hour rate, allocation key, external rate (as PUT
 *                            /api/v1/netwerk/instellingen)
 *   GET/POST /perioden       closed periods; close a month (as POST
 *                            /api/v1/perioden: refused while time entries
 *                            in it are undecided)
 * Every change is audited as the API's.
 */
#include "core/alloc_key.h"
#include "store/ledger_store.h"
#include "store/network_ops.h"
#include "store/organisations.h"
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

static void nb_adm_submit(nb_buf *b, const char *text_lit_only)
{
    nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">");
    nb_html_text(b, text_lit_only);
    nb_html_lit(b, "</button></div>\n</form>\n");
}

/* ---- Deposits ------------------------------------------------------------------ */

typedef struct nb_adm_deposits {
    nb_buf *b;
    nb_store *st;
    int64_t n;
} nb_adm_deposits;

static int nb_adm_deposit_row(void *ctx, const nb_ledger_list_row *r)
{
    nb_adm_deposits *c = ctx;
    const nb_ledger_entry *e = &r->entry;
    nb_org o;
    nb_err err = {{0}};
    int rc = 0;
    snprintf(o.name, sizeof o.name, "?");
    if (r->credit_org_id > 0)
        rc = nb_org_get(c->st, r->credit_org_id, &o, &err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return rc;
    char money[NB_WEB_FMT_LEN], day[NB_DATE_LEN];
    nb_mt_fmt_money(e->transfer.money_cents, 1, money);
    nb_date_format(nb_web_amsterdam_day((time_t)e->transfer.timestamp), day);
    c->n++;
    nb_html_lit(c->b, "<tr class=\"utrecht-table__row\">");
    nb_mt_td_date(c->b, day);
    nb_mt_td(c->b, o.name);
    nb_html_lit(c->b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">€ ");
    nb_html_text(c->b, money);
    nb_html_lit(c->b, "</td>");
    nb_mt_td_hours(c->b, e->transfer.amount);
    nb_mt_td(c->b, e->transfer.reason);
    nb_html_lit(c->b, "</tr>\n");
    return 0;
}

static int nb_adm_deposits_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    const nb_web_form *f = w->form;
    int64_t rate = 0;
    int rc = nb_ledger_store_hour_rate(st, &rate, &err);
    if (rc != 0 && rc != NB_ENOTFOUND)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Een storting zet geld om in uurkrediet: het "
                    "netwerkfonds geeft de organisatie uren tegen het uurtarief van het "
                    "netwerk. ");
    if (rc == 0) {
        char money[NB_WEB_FMT_LEN];
        nb_mt_fmt_money(rate, 1, money);
        nb_html_lit(&b, "Het uurtarief is nu € ");
        nb_html_text(&b, money);
        nb_html_lit(&b, " per uur.</p>\n");
    } else {
        nb_html_lit(&b, "Er is nog geen uurtarief: stel het eerst in bij <a class=\"utrecht-link\" "
                        "href=\"/instellingen\">Netwerkinstellingen</a>.</p>\n");
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Storting boeken</h2>\n");
    nb_web_form_open(&b, w, "/stortingen");
    if ((rc = nb_mt_org_select(&b, st, errs, "organisatie", "Organisatie", "Kies een organisatie",
                               f ? nb_web_form_get(f, "organisatie") : NULL, &err)) != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    nb_web_form_field(&b, errs, "bedrag", "text", "Bedrag in euro", "Bijvoorbeeld 1500,00.",
                      f ? nb_web_form_get(f, "bedrag") : NULL, "off");
    nb_web_form_field(&b, errs, "omschrijving", "text", "Omschrijving",
                      "Bijvoorbeeld het factuurnummer; hoogstens 200 tekens.",
                      f ? nb_web_form_get(f, "omschrijving") : NULL, "off");
    nb_adm_submit(&b, "Storting boeken");
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Laatste stortingen</h2>\n");
    nb_ledger_filter lf;
    memset(&lf, 0, sizeof lf);
    lf.kind = NB_KIND_DEPOSIT;
    int64_t total = 0;
    if ((rc = nb_ledger_store_list(st, &lf, 0, 0, NULL, NULL, &total, &err)) != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er zijn nog geen stortingen geboekt. Een "
                        "organisatie die uren wil afnemen zonder eerst te geven, krijgt ruimte "
                        "met een storting.</p>\n");
    } else {
        static const nb_web_col stortingen_cols[] = {{"Datum", 0, NULL},
                                                     {"Organisatie", 0, NULL},
                                                     {"Bedrag", 1, NULL},
                                                     {"Uren", 1, NULL},
                                                     {"Omschrijving", 0, NULL}};
        nb_web_table_open(&b, "stortingen-bijschrift", "De laatste 25 stortingen", NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, stortingen_cols);
        nb_adm_deposits c = {&b, st, 0};
        rc = nb_ledger_store_list(st, &lf, total > 25 ? total - 25 : 0, 25, nb_adm_deposit_row, &c,
                                  NULL, &err);
        nb_web_table_close(&b);
        if (rc != 0)
            return nb_mt_fail(resp, &b, rc, &err);
    }
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_mt_deposits(nb_web_req *w, nb_resp *resp)
{
    return nb_adm_deposits_page(w, resp, 200, NULL);
}

int nb_web_mt_deposit(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_store *st = w->req->st;
    int64_t org_id = 0, cents = 0, fund = 0;
    const char *reason = nb_web_form_get(w->form, "omschrijving");
    nb_org o;
    int rc;
    if (nb_web_parse_id(nb_web_form_get(w->form, "organisatie"), &org_id) != 0)
        nb_web_error_add(&errs, "organisatie", "Kies de organisatie die de storting doet.");
    else if ((rc = nb_org_get(st, org_id, &o, &err)) == NB_ENOTFOUND)
        nb_web_error_add(&errs, "organisatie", "Deze organisatie bestaat niet meer; kies opnieuw.");
    else if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    if (nb_mt_parse_decimal(nb_web_form_get(w->form, "bedrag"), 2, &cents) != 0 || cents <= 0 ||
        cents > INT64_C(100000000000))
        nb_web_error_add(&errs, "bedrag", "Vul een bedrag in euro in, bijvoorbeeld 1500,00.");
    if (reason && strlen(reason) >= NB_TRANSFER_REASON_SIZE)
        nb_web_error_add(&errs, "omschrijving",
                         "De omschrijving is te lang (hoogstens 200 tekens).");
    if (errs.count > 0)
        return nb_adm_deposits_page(w, resp, 422, &errs);

    nb_transfer t;
    nb_transfer_result result;
    memset(&t, 0, sizeof t);
    memset(&result, 0, sizeof result);
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof rnd);
    char hex[sizeof rnd * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    snprintf(t.id, sizeof t.id, "web-storting-%s", hex);
    snprintf(t.reason, sizeof t.reason, "%s", reason ? reason : "");
    t.money_cents = cents;
    if ((rc = nb_ledger_store_fund_account(st, &fund, &err)) != 0 ||
        (rc = nb_ledger_store_org_account(st, org_id, &t.credit_account_id, &err)) != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    t.debit_account_id = fund;
    rc = nb_netops_deposit_prepare(st, &t, &err);
    if (rc == NB_ENOTFOUND || rc == NB_EINVAL) {
        nb_web_error_add(&errs, "bedrag",
                         rc == NB_ENOTFOUND
                             ? "Het uurtarief is niet ingesteld; stel het eerst in bij "
                               "Netwerkinstellingen."
                             : "Dit bedrag levert bij het uurtarief geen hele minuut op; kies "
                               "een groter bedrag.");
        return nb_adm_deposits_page(w, resp, 422, &errs);
    }
    if (rc == 0)
        rc = nb_ledger_store_apply(st, &t, 1, &result, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    /* Audited as the API's POST /boekingen: its body. */
    json_t *d = json_pack("{s:[{s:s, s:s, s:I, s:I, s:s}]}", "boekingen", "id", t.id, "soort",
                          "storting", "creditOrganisatieId", (json_int_t)org_id, "bedragCent",
                          (json_int_t)cents, "omschrijving", t.reason);
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (text == NULL)
        return NB_ENOMEM;
    rc = nb_store_audit(st, NB_MT_ACTOR(w), "create", "boeking", 0, text, &err);
    free(text);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/stortingen", NB_WEB_FLASH_MT_DEPOSIT);
}

/* ---- Settings -------------------------------------------------------------------- */

static const char *const nb_adm_keys[][2] = {
    {"inwoners", "Inwoners"},
    {"oppervlakte", "Oppervlakte"},
    {"formatie", "Formatie"},
    {"caseload", "Caseload"},
    {"gemeentefonds", "Gemeentefonds"},
    {"gelijk", "Gelijke delen"},
    {"vaste-aandelen", "Vaste aandelen"},
};

static int nb_adm_settings_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    json_t *now = NULL;
    int rc = nb_netops_settings_json(w->req->st, &now, &err);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    char rate[NB_WEB_FMT_LEN] = "";
    const json_t *jr = json_object_get(now, "uurtariefCent");
    if (json_is_integer(jr))
        nb_mt_fmt_money((int64_t)json_integer_value(jr), 0, rate);
    char ext[NB_WEB_FMT_LEN] = "";
    const json_t *je = json_object_get(now, "externUurtariefCent");
    if (json_is_integer(je))
        nb_mt_fmt_money((int64_t)json_integer_value(je), 0, ext);
    const char *key = json_string_value(json_object_get(now, "verdeelsleutel"));
    const nb_web_form *f = w->form;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Het uurtarief zet stortingen om in uren; de "
                    "verdeelsleutel verdeelt de uren van regionale opdrachten over de "
                    "gemeenten; het externe uurtarief waardeert de vermeden inhuur.</p>\n");
    nb_web_form_open(&b, w, "/instellingen");
    nb_web_form_field(&b, errs, "uurtarief", "text", "Uurtarief in euro per uur",
                      "Bijvoorbeeld 85,00.", f ? nb_web_form_get(f, "uurtarief") : rate, "off");
    nb_web_select_open(&b, errs, "verdeelsleutel", "Verdeelsleutel voor regionale opdrachten",
                       NULL);
    const char *cur = f ? nb_web_form_get(f, "verdeelsleutel") : key;
    for (size_t i = 0; i < sizeof nb_adm_keys / sizeof nb_adm_keys[0]; i++)
        nb_web_select_option(&b, nb_adm_keys[i][0], nb_adm_keys[i][1], cur);
    nb_web_select_close(&b);
    char pct[24];
    snprintf(pct, sizeof pct, "%lld",
             (long long)json_integer_value(json_object_get(now, "bundelCoordinatieProcent")));
    nb_web_form_field(&b, errs, "coordinatie", "text",
                      "Coördinatiedeel bij bundelen, in procent per extra gemeente",
                      "Een gebundelde opdracht vraagt per competentie de grootste regel, plus dit "
                      "deel voor elke gemeente na de eerste. Standaard 15.",
                      f ? nb_web_form_get(f, "coordinatie") : pct, "off");
    nb_web_form_field(&b, errs, "extern", "text", "Extern uurtarief in euro per uur",
                      "Wat een uur inhuur van buiten het netwerk kost, bijvoorbeeld 125,00. De "
                      "adviesrapportage en de 3K's rekenen hiermee uit wat het netwerk aan "
                      "inhuur bespaarde. Leeg: niet ingesteld.",
                      f ? nb_web_form_get(f, "extern") : ext, "off");
    nb_adm_submit(&b, "Opslaan");
    json_decref(now);
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_mt_settings(nb_web_req *w, nb_resp *resp)
{
    return nb_adm_settings_page(w, resp, 200, NULL);
}

int nb_web_mt_settings_post(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    int64_t cents = 0;
    nb_key_kind kind;
    const char *key = nb_web_form_get(w->form, "verdeelsleutel");
    if (nb_mt_parse_decimal(nb_web_form_get(w->form, "uurtarief"), 2, &cents) != 0 || cents <= 0 ||
        cents > NB_NETOPS_RATE_MAX)
        nb_web_error_add(&errs, "uurtarief", "Vul het uurtarief in euro in, bijvoorbeeld 85,00.");
    if (key == NULL || nb_key_parse(key, &kind) != 0)
        nb_web_error_add(&errs, "verdeelsleutel", "Kies een verdeelsleutel uit de lijst.");
    int64_t pct = -1; /* empty: unchanged */
    const char *pct_text = nb_web_form_get(w->form, "coordinatie");
    if (pct_text != NULL && pct_text[0] != '\0') {
        char *end = NULL;
        long long v = strtoll(pct_text, &end, 10);
        if (end == pct_text || *end != '\0' || v < 0 || v > 100)
            nb_web_error_add(&errs, "coordinatie", "Vul een heel getal van 0 tot en met 100 in.");
        else
            pct = v;
    }
    int64_t ext = -1; /* not sent: unchanged; empty: not set (0) */
    const char *ext_text = nb_web_form_get(w->form, "extern");
    if (ext_text != NULL && ext_text[0] == '\0')
        ext = 0;
    else if (ext_text != NULL &&
             (nb_mt_parse_decimal(ext_text, 2, &ext) != 0 || ext <= 0 || ext > NB_NETOPS_RATE_MAX))
        nb_web_error_add(&errs, "extern",
                         "Vul het externe uurtarief in euro in, bijvoorbeeld 125,00, of laat het "
                         "veld leeg.");
    if (errs.count > 0)
        return nb_adm_settings_page(w, resp, 422, &errs);
    int rc = nb_netops_settings_set(w->req->st, NB_MT_ACTOR(w), cents, key, pct, ext, NULL, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/instellingen", NB_WEB_FLASH_SAVED);
}

/* ---- Periods ----------------------------------------------------------------------- */

static int nb_adm_period_row(void *ctx, const nb_period *p)
{
    nb_buf *b = ctx;
    nb_html_lit(b, "<tr class=\"utrecht-table__row\">");
    nb_mt_td_date(b, p->from);
    nb_mt_td_date(b, p->to);
    nb_mt_td(b, p->closed_by);
    char day[11];
    snprintf(day, sizeof day, "%.10s", p->closed_at);
    nb_mt_td_date(b, day);
    nb_html_lit(b, "</tr>\n");
    return 0;
}

static int nb_adm_periods_page(nb_web_req *w, nb_resp *resp, int status, const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    int64_t total = 0;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">In een afgesloten periode kunnen geen uren "
                    "meer worden geschreven of beoordeeld. Een maand gaat pas dicht als alle uren "
                    "erin zijn beoordeeld. Afsluiten is niet terug te draaien.</p>\n");
    int rc = nb_period_list(w->req->st, 0, 0, NULL, NULL, &total, &err);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er is nog geen periode afgesloten. Sluit "
                        "een maand af als alle uren erin zijn beoordeeld.</p>\n");
    } else {
        static const nb_web_col perioden_cols[] = {{"Van", 0, NULL},
                                                   {"Tot en met", 0, NULL},
                                                   {"Afgesloten door", 0, NULL},
                                                   {"Op", 0, NULL}};
        nb_web_table_open(&b, "perioden-bijschrift", "Afgesloten perioden", NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, perioden_cols);
        rc = nb_period_list(w->req->st, 0, -1, nb_adm_period_row, &b, NULL, &err);
        nb_web_table_close(&b);
        if (rc != 0)
            return nb_mt_fail(resp, &b, rc, &err);
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Een maand afsluiten</h2>\n");
    nb_web_form_open(&b, w, "/perioden");
    nb_web_form_field(&b, errs, "maand", "month", "Maand",
                      "Jaar en maand, bijvoorbeeld 2026-10 voor oktober 2026.",
                      w->form ? nb_web_form_get(w->form, "maand") : NULL, "off");
    nb_adm_submit(&b, "Maand afsluiten");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_mt_periods(nb_web_req *w, nb_resp *resp)
{
    return nb_adm_periods_page(w, resp, 200, NULL);
}

int nb_web_mt_period_close(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *m = nb_web_form_get(w->form, "maand");
    int y = 0, mo = 0;
    int ok = m != NULL && strlen(m) == 7 && m[4] == '-';
    for (int k = 0; ok && k < 7; k++)
        ok = k == 4 || (m[k] >= '0' && m[k] <= '9');
    if (ok) {
        y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
        mo = (m[5] - '0') * 10 + (m[6] - '0');
    }
    if (!ok || y < 1900 || y > 2998 || mo < 1 || mo > 12) {
        nb_web_error_add(&errs, "maand", "Vul een maand in als jaar-maand, bijvoorbeeld 2026-10.");
        return nb_adm_periods_page(w, resp, 422, &errs);
    }
    char from[NB_DATE_LEN], to[NB_DATE_LEN];
    int32_t first = nb_date_from_ymd(y, mo, 1);
    nb_date_format(first, from);
    nb_date_format(nb_date_from_ymd(mo == 12 ? y + 1 : y, mo == 12 ? 1 : mo + 1, 1) - 1, to);
    char closed_by[160];
    snprintf(closed_by, sizeof closed_by, "%s:%s", nb_role_name(w->req->who->role),
             w->req->who->label);
    nb_period p;
    int64_t open = 0;
    int rc =
        nb_netops_period_close(w->req->st, NB_MT_ACTOR(w), closed_by, from, to, &open, &p, &err);
    if (rc == NB_ECONFLICT && open > 0) {
        char msg[200], a[NB_WEB_FMT_LEN];
        if (nb_web_fmt_date(from, a) != 0)
            snprintf(a, sizeof a, "%s", from);
        snprintf(msg, sizeof msg,
                 "In %s staan nog %lld urenregistraties die niet zijn beoordeeld; laat ze "
                 "eerst beoordelen.",
                 strncmp(a, "1 ", 2) == 0 ? a + 2 : a, (long long)open);
        nb_web_error_add(&errs, "maand", msg);
        return nb_adm_periods_page(w, resp, 422, &errs);
    }
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/perioden", NB_WEB_FLASH_MT_PERIOD_CLOSED);
}
