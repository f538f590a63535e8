/*
 * web/bundels.c — the bundling pages (issue 10 §2): /bundelvoorstellen (the
 * proposals with score, why and saving; the Netwerk-MT starts detection),
 * /bundelvoorstellen/{id} (one proposal, its municipalities and decisions,
 * and the form with which a municipality's coordinator or the ambtelijk
 * opdrachtgever of its original agrees or declines with a note), and the
 * "Bundeling" section of an assignment's page (the originals of a bundled
 * assignment, or the bundled assignment of an original).
 *
 * The same rules as api/bundelvoorstellen.c, through store/bundles.h: beheer
 * sees every proposal, anyone else only those with a member of its own
 * organisation (403 otherwise); deciding is nb_bundle_may_decide; nothing is
 * charged before every municipality agreed (DOMAIN rule 9).
 */
#include "store/bundles.h"
#include "store/competencies.h"
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

#define NB_BUNDLE_PAGE 25

static const char *const nb_bw_statuses[][2] = {
    {"voorgesteld", "Wacht op instemming"},
    {"samengevoegd", "Samengevoegd"},
    {"afgewezen", "Afgewezen"},
    {"vervallen", "Vervallen"},
};

static const char *nb_bw_status_label(const char *status)
{
    for (size_t i = 0; i < sizeof nb_bw_statuses / sizeof nb_bw_statuses[0]; i++)
        if (strcmp(status, nb_bw_statuses[i][0]) == 0)
            return nb_bw_statuses[i][1];
    return status;
}

static void nb_bw_badge(nb_buf *b, const char *status)
{
    if (strcmp(status, "voorgesteld") == 0)
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--active\">");
    else if (strcmp(status, "samengevoegd") == 0)
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--safe\">");
    else if (strcmp(status, "afgewezen") == 0)
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--danger\">");
    else
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--inactive\">");
    nb_html_text(b, nb_bw_status_label(status));
    nb_html_lit(b, "</span>");
}

static const char *nb_bw_decision_label(const char *d)
{
    return strcmp(d, "akkoord") == 0     ? "Akkoord"
           : strcmp(d, "afgewezen") == 0 ? "Afgewezen"
                                         : "Nog niet besloten";
}

/* "84 %" of a score 0..1. */
static void nb_bw_percent(double v, char out[NB_WEB_FMT_LEN])
{
    snprintf(out, NB_WEB_FMT_LEN, "%d %%", (int)(v * 100.0 + 0.5));
}

/* The saving in hours and, when the rate is known, euros: "12,5 uur (€ 1.125,00)". */
static void nb_bw_saving_text(const nb_bundle_row *p, char *out, size_t n)
{
    char hours[NB_WEB_FMT_LEN], money[NB_WEB_FMT_LEN];
    int64_t saving = p->separate_minutes - p->bundled_minutes;
    nb_web_fmt_hours(saving < 0 ? -saving : saving, hours);
    if (p->hour_rate_cents > 0) {
        int64_t num = (saving < 0 ? -saving : saving) * p->hour_rate_cents;
        nb_mt_fmt_money((num + 30) / 60, 1, money);
        snprintf(out, n, "%s%s (€ %s)", saving < 0 ? "meer nodig: " : "", hours, money);
    } else {
        snprintf(out, n, "%s%s", saving < 0 ? "meer nodig: " : "", hours);
    }
}

/* "maart 2027 tot en met juni 2027 (4 maanden)" from the why's months, or a dash. */
static void nb_bw_months_text(const json_t *months, char *out, size_t n)
{
    int32_t from = 0, to = 0;
    if (nb_date_parse_month(json_string_value(json_object_get(months, "van")), &from) != 0 ||
        nb_date_parse_month(json_string_value(json_object_get(months, "tot")), &to) != 0) {
        snprintf(out, n, "geen overlap");
        return;
    }
    char a[32], b[32];
    nb_date_month_text(from, a, sizeof a);
    nb_date_month_text(to, b, sizeof b);
    long long count = (long long)json_integer_value(json_object_get(months, "aantal"));
    snprintf(out, n, "%s tot en met %s (%lld %s)", a, b, count, count == 1 ? "maand" : "maanden");
}

/* The shared words, comma-separated, escaped. */
static void nb_bw_words(nb_buf *b, const json_t *why)
{
    const json_t *words = json_object_get(why, "woorden");
    if (json_array_size(words) == 0) {
        nb_html_lit(b, "geen");
        return;
    }
    for (size_t i = 0; i < json_array_size(words); i++) {
        if (i > 0)
            nb_html_lit(b, ", ");
        nb_html_text(b, json_string_value(json_array_get(words, i)));
    }
}

/* 1 when the caller may see p. */
static int nb_bw_visible(const nb_web_req *w, const nb_bundle_row *p)
{
    if (w->req->who->role == NB_ROLE_BEHEER)
        return 1;
    for (size_t i = 0; i < p->nmembers; i++)
        if (w->req->who->organisation_id > 0 &&
            p->members[i].organisation_id == w->req->who->organisation_id)
            return 1;
    return 0;
}

/* The organisation the caller may decide for on p (open, still voorgesteld), or 0. */
static int64_t nb_bw_decider_org(const nb_web_req *w, const nb_bundle_row *p)
{
    if (strcmp(p->status, "voorgesteld") != 0)
        return 0;
    for (size_t i = 0; i < p->nmembers; i++)
        if (strcmp(p->members[i].decision, "open") == 0 &&
            nb_bundle_may_decide(w->req->who, p, p->members[i].organisation_id))
            return p->members[i].organisation_id;
    return 0;
}

/* ---- The list -------------------------------------------------------------------- */

typedef struct nb_bw_list {
    nb_buf *b;
} nb_bw_list;

static int nb_bw_list_row(void *ctx, const nb_bundle_row *p)
{
    nb_bw_list *c = ctx;
    nb_buf *b = c->b;
    char text[160], pct[NB_WEB_FMT_LEN];
    json_t *why = json_loads(p->why, 0, NULL);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th scope=\"row\" "
                   "class=\"utrecht-table__header-cell\">");
    snprintf(text, sizeof text, "Voorstel %lld", (long long)p->id);
    nb_mt_link_id(b, "/bundelvoorstellen/", p->id, "", text);
    nb_html_lit(b, "</th><td class=\"utrecht-table__cell\"><ul class=\"utrecht-unordered-list\">");
    for (size_t i = 0; i < p->nmembers; i++) {
        nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        nb_html_text(b, p->members[i].organisation_name);
        nb_html_lit(b, ": ");
        nb_html_text(b, p->members[i].title);
        nb_html_lit(b, "</li>");
    }
    nb_html_lit(b, "</ul></td>");
    nb_bw_percent(p->score, pct);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    nb_html_text(b, pct);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_bw_words(b, why);
    nb_html_lit(b, "<br>");
    nb_bw_months_text(json_object_get(why, "maanden"), text, sizeof text);
    nb_html_text(b, text);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">");
    nb_bw_saving_text(p, text, sizeof text);
    nb_html_text(b, text);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_bw_badge(b, p->status);
    if (p->reason[0]) { /* why it lapsed, under the badge */
        nb_html_lit(b, "<br>");
        nb_html_text(b, p->reason);
    }
    nb_html_lit(b, "</td></tr>\n");
    json_decref(why);
    return 0;
}

typedef struct nb_bw_href_ctx {
    const char *status;
} nb_bw_href_ctx;

static void nb_bw_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_bw_href_ctx *c = ctx;
    nb_html_lit(b, "/bundelvoorstellen?pagina=");
    nb_html_int(b, n);
    if (c->status) {
        nb_html_lit(b, "&amp;status=");
        nb_html_url_component(b, c->status);
    }
}

int nb_web_bundles(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_store *st = w->req->st;
    int64_t page = 1, total = 0;
    const char *q = nb_req_query(w->req, "pagina");
    if (q && nb_web_parse_id(q, &page) != 0)
        page = 1;
    nb_bundle_filter f = {NULL, 0};
    const char *status = nb_req_query(w->req, "status");
    for (size_t i = 0; status && i < sizeof nb_bw_statuses / sizeof nb_bw_statuses[0]; i++)
        if (strcmp(status, nb_bw_statuses[i][0]) == 0)
            f.status = nb_bw_statuses[i][0];
    int beheer = w->req->who->role == NB_ROLE_BEHEER;
    if (!beheer)
        f.organisation_id =
            w->req->who->organisation_id > 0 ? w->req->who->organisation_id : INT64_MAX;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">noaber zoekt lokale opdrachten van "
                    "verschillende gemeenten die op elkaar lijken (titel en omschrijving, "
                    "gevraagde competenties, gewenste periode) en stelt voor ze te bundelen tot "
                    "één meervoudig-lokale opdracht. Dat gebeurt alleen als elke gemeente "
                    "instemt; tot dan wordt niemand iets in rekening gebracht.</p>\n");
    if (beheer) {
        nb_web_form_open(&b, w, "/bundelvoorstellen");
        nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                        "class=\"utrecht-button utrecht-button--primary-action\">Zoek "
                        "bundelkansen</button></div>\n</form>\n");
    }
    /* the status filter, a GET form */
    nb_html_lit(&b, "<form method=\"get\" action=\"/bundelvoorstellen\" class=\"nb-filter\">\n");
    nb_web_select_open(&b, NULL, "status", "Status", NULL);
    nb_web_select_option(&b, "", "Alle statussen", f.status);
    for (size_t i = 0; i < sizeof nb_bw_statuses / sizeof nb_bw_statuses[0]; i++)
        nb_web_select_option(&b, nb_bw_statuses[i][0], nb_bw_statuses[i][1], f.status);
    nb_web_select_close(&b);
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                    "class=\"utrecht-button utrecht-button--secondary-action\">Filteren</button>"
                    "</div>\n</form>\n");
    nb_bw_list c = {&b};
    int rc = nb_bundle_list(st, &f, NULL, 0, 0, nb_bw_list_row, &c, &total, &err);
    if (rc != 0)
        return nb_mt_fail(resp, &b, rc, &err);
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">");
        if (f.status)
            nb_html_lit(&b, "Er zijn geen bundelvoorstellen met deze status. Kies "
                            "&lsquo;Alle statussen&rsquo; om alle voorstellen te zien.");
        else if (beheer)
            nb_html_lit(&b, "Er zijn nog geen bundelvoorstellen. Kies &lsquo;Zoek "
                            "bundelkansen&rsquo; om ingediende en geaccepteerde lokale opdrachten "
                            "te vergelijken.");
        else
            nb_html_lit(&b, "Er zijn geen bundelvoorstellen voor uw gemeente. Het "
                            "netwerkmanagementteam zoekt regelmatig naar bundelkansen; een "
                            "voorstel over een opdracht van uw gemeente verschijnt hier.");
        nb_html_lit(&b, "</p>\n");
    } else {
        static const nb_web_col cols[] = {
            {"Voorstel", 0, NULL},  {"Gemeenten en opdrachten", 0, NULL},
            {"Score", 1, NULL},     {"Waarom (woorden, maanden)", 0, NULL},
            {"Besparing", 1, NULL}, {"Status", 0, NULL},
        };
        nb_web_table_open(&b, "bundels-bijschrift",
                          "Bundelvoorstellen: open voorstellen eerst, hoogste score eerst", NULL,
                          NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        rc = nb_bundle_list(st, &f, NULL, (page - 1) * NB_BUNDLE_PAGE, NB_BUNDLE_PAGE,
                            nb_bw_list_row, &c, NULL, &err);
        nb_web_table_close(&b);
        if (rc != 0)
            return nb_mt_fail(resp, &b, rc, &err);
        nb_bw_href_ctx hc = {f.status};
        nb_web_pager(&b, "Paginering van de bundelvoorstellen", page,
                     (total + NB_BUNDLE_PAGE - 1) / NB_BUNDLE_PAGE, nb_bw_page_href, &hc);
    }
    nb_web_end(&b);
    return nb_web_reply(resp, 200, &b);
}

int nb_web_bundles_refresh(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    int64_t created = 0, expired = 0;
    int rc = nb_bundle_refresh(w->req->st, NB_MT_ACTOR(w), NULL, &created, &expired, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    return nb_web_redirect(resp, "/bundelvoorstellen?status=voorgesteld",
                           created > 0 ? NB_WEB_FLASH_BUNDLE_FOUND : NB_WEB_FLASH_BUNDLE_NONE);
}

/* ---- One proposal --------------------------------------------------------------- */

static int64_t nb_bw_id(const nb_web_req *w)
{
    int64_t id = 0;
    if (w->req->nparams < 1 || nb_web_parse_id(w->req->params[0], &id) != 0)
        return 0;
    return id;
}

static void nb_bw_members(nb_buf *b, const nb_bundle_row *p)
{
    static const nb_web_col cols[] = {
        {"Gemeente", 0, NULL}, {"Opdracht", 0, NULL},    {"Gevraagd", 1, NULL},
        {"Besluit", 0, NULL},  {"Toelichting", 0, NULL}, {"Door, wanneer", 0, NULL},
    };
    nb_web_table_open(b, "gemeenten-bijschrift", "De gemeenten en hun besluit", NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < p->nmembers; i++) {
        const nb_bundle_member_row *m = &p->members[i];
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th scope=\"row\" "
                       "class=\"utrecht-table__header-cell\">");
        nb_html_text(b, m->organisation_name);
        nb_html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        nb_mt_link_id(b, "/opdrachten/", m->assignment_id, "", m->title);
        nb_html_lit(b, "</td>");
        nb_mt_td_hours(b, m->minutes);
        nb_mt_td(b, nb_bw_decision_label(m->decision));
        nb_mt_td(b, m->note[0] ? m->note : "—");
        if (m->decided_at[0]) {
            char day[11], when[NB_WEB_FMT_LEN + 80];
            int32_t d = 0;
            snprintf(day, sizeof day, "%.10s", m->decided_at);
            char fmt[NB_WEB_FMT_LEN] = "";
            if (nb_date_parse(day, &d) == 0)
                nb_web_fmt_day(d, fmt);
            snprintf(when, sizeof when, "%s, %s", m->decided_by, fmt[0] ? fmt : day);
            nb_mt_td(b, when);
        } else {
            nb_mt_td(b, "—");
        }
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static int nb_bw_why(nb_buf *b, nb_store *st, const nb_bundle_row *p, nb_err *err)
{
    json_t *why = json_loads(p->why, 0, NULL);
    char text[160], pct[NB_WEB_FMT_LEN];
    int rc = 0;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Waarom deze opdrachten</h2>\n");
    nb_web_dl_open(b);
    nb_bw_percent(p->score, pct);
    nb_web_dl_item(b, "Score", pct);
    nb_bw_percent(p->text_score, pct);
    nb_web_dl_item(b, "Titel en omschrijving", pct);
    nb_bw_percent(p->competency_score, pct);
    nb_web_dl_item(b, "Competenties en niveaus", pct);
    nb_bw_percent(p->period_score, pct);
    nb_web_dl_item(b, "Gewenste periode", pct);
    nb_web_dl_key(b, "Gedeelde woorden");
    nb_bw_words(b, why);
    nb_web_dl_item_end(b);
    nb_web_dl_key(b, "Gedeelde competenties");
    const json_t *comps = json_object_get(why, "competenties");
    if (json_array_size(comps) == 0)
        nb_html_lit(b, "geen");
    for (size_t i = 0; i < json_array_size(comps) && rc == 0; i++) {
        const json_t *c = json_array_get(comps, i);
        nb_comp comp;
        rc = nb_comp_get(st, (int64_t)json_integer_value(json_object_get(c, "competentieId")),
                         &comp, err);
        if (rc != 0)
            break;
        long long lo = (long long)json_integer_value(json_object_get(c, "minimumNiveau"));
        long long hi = (long long)json_integer_value(json_object_get(c, "maximumNiveau"));
        if (i > 0)
            nb_html_lit(b, ", ");
        nb_html_text(b, comp.name);
        if (lo == hi)
            nb_html_textf(b, " (niveau %lld)", lo);
        else
            nb_html_textf(b, " (niveau %lld tot %lld)", lo, hi);
    }
    nb_web_dl_item_end(b);
    nb_bw_months_text(json_object_get(why, "maanden"), text, sizeof text);
    nb_web_dl_item(b, "Overlappende maanden", text);
    nb_web_dl_close(b);
    json_decref(why);
    return rc;
}

static void nb_bw_saving(nb_buf *b, const nb_bundle_row *p, int64_t actual, int measured)
{
    char v[NB_WEB_FMT_LEN], text[160];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Besparing</h2>\n");
    nb_web_dl_open(b);
    nb_web_fmt_hours(p->separate_minutes, v);
    nb_web_dl_item(b, "Apart gevraagd", v);
    nb_web_fmt_hours(p->bundled_minutes, v);
    snprintf(text, sizeof text,
             "%s (per competentie de grootste regel, plus %lld %% per extra "
             "gemeente voor coördinatie)",
             v, (long long)p->coordination_pct);
    nb_web_dl_item(b, "Gebundeld nodig", text);
    nb_bw_saving_text(p, text, sizeof text);
    nb_web_dl_item(b, "Geschatte besparing", text);
    if (measured) {
        nb_web_fmt_hours(actual, v);
        nb_web_dl_item(b, "Werkelijk besteed", v);
        int64_t saved = p->separate_minutes - actual;
        nb_web_fmt_hours(saved < 0 ? -saved : saved, v);
        snprintf(text, sizeof text, "%s%s", saved < 0 ? "meer besteed: " : "", v);
        nb_web_dl_item(b, "Gemeten besparing", text);
    }
    nb_web_dl_close(b);
}

static void nb_bw_decide_form(nb_buf *b, const nb_web_req *w, const nb_bundle_row *p, int64_t org,
                              const nb_web_errors *errs)
{
    static const nb_web_option opts[] = {
        {"", "Kies uw besluit"},
        {"akkoord", "Akkoord: bundelen, met ons aandeel naar wat wij vroegen"},
        {"afgewezen", "Afwijzen: het voorstel vervalt"},
    };
    const char *name = "";
    for (size_t i = 0; i < p->nmembers; i++)
        if (p->members[i].organisation_id == org)
            name = p->members[i].organisation_name;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"besluiten\">Besluit van ");
    nb_html_text(b, name);
    nb_html_lit(b, "</h2>\n<p class=\"utrecht-paragraph\">U beslist namens uw bestuurder. Bij "
                   "akkoord van alle gemeenten ontstaat één meervoudig-lokale opdracht; pas dan "
                   "kan die worden bemenst en in rekening gebracht, naar rato van wat elke "
                   "gemeente vroeg. Eén afwijzing beëindigt het voorstel. Een besluit is "
                   "definitief.</p>\n");
    char action[64];
    snprintf(action, sizeof action, "/bundelvoorstellen/%lld/instemming", (long long)p->id);
    nb_web_form_open(b, w, action);
    const nb_web_form *f = w->form;
    nb_web_form_select(b, errs, "besluit", "Besluit", NULL, opts, sizeof opts / sizeof opts[0],
                       f ? nb_web_form_get(f, "besluit") : NULL);
    nb_web_form_textarea(b, errs, "notitie", "Toelichting",
                         "Bijvoorbeeld het collegebesluit of waarom niet (hoogstens 500 tekens).",
                         f ? nb_web_form_get(f, "notitie") : NULL);
    nb_html_lit(b, "<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Besluit "
                   "vastleggen</button></div>\n</form>\n");
}

static int nb_bw_page(nb_web_req *w, nb_resp *resp, int64_t id, int status, const char *problem,
                      const nb_web_errors *errs)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_bundle_row *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_bundle_get(w->req->st, id, p, &err);
    if (rc != 0) {
        free(p);
        return nb_resp_from_err(resp, rc, &err), 0;
    }
    if (!nb_bw_visible(w, p)) {
        free(p);
        return nb_resp_problem(resp, 403, "Geen toegang",
                               "Dit bundelvoorstel gaat niet over uw gemeente.");
    }
    int64_t actual = 0;
    int measured = 0;
    if ((rc = nb_bundle_measured(w->req->st, p, &measured, &actual, &err)) != 0) {
        free(p);
        return nb_mt_fail(resp, &b, rc, &err);
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    if (problem)
        nb_mt_alert(&b, "error", problem);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">");
    nb_html_textf(&b, "Bundelvoorstel %lld ", (long long)p->id);
    nb_bw_badge(&b, p->status);
    nb_html_lit(&b, "</h2>\n");
    if (p->merged_assignment_id > 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Alle gemeenten stemden in. De opdrachten "
                        "zijn samengevoegd tot ");
        char text[64];
        snprintf(text, sizeof text, "opdracht %lld", (long long)p->merged_assignment_id);
        nb_mt_link_id(&b, "/opdrachten/", p->merged_assignment_id, "", text);
        nb_html_lit(&b, ".</p>\n");
    } else if (strcmp(p->status, "afgewezen") == 0) {
        nb_mt_alert(&b, "info",
                    "Een gemeente wees het voorstel af; de opdrachten blijven zoals ze waren.");
    } else if (strcmp(p->status, "vervallen") == 0) {
        char text[NB_BUNDLE_REASON_MAX + 64];
        snprintf(text, sizeof text, "Het voorstel is vervallen: %s.",
                 p->reason[0] ? p->reason
                              : "een van de opdrachten is niet meer open voor bundeling");
        nb_mt_alert(&b, "info", text);
    }
    nb_bw_members(&b, p);
    if ((rc = nb_bw_why(&b, w->req->st, p, &err)) != 0) {
        free(p);
        return nb_mt_fail(resp, &b, rc, &err);
    }
    nb_bw_saving(&b, p, actual, measured);
    int64_t org = nb_bw_decider_org(w, p);
    if (org > 0)
        nb_bw_decide_form(&b, w, p, org, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/bundelvoorstellen\">Terug naar alle bundelvoorstellen</a></p>\n");
    free(p);
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_bundle(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_bw_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Dit bundelvoorstel bestaat niet.");
    return nb_bw_page(w, resp, id, 200, NULL, NULL);
}

int nb_web_bundle_decide(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_bw_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Dit bundelvoorstel bestaat niet.");
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *decision = nb_web_form_get(w->form, "besluit");
    const char *note = nb_web_form_get(w->form, "notitie");
    int agree = decision && strcmp(decision, "akkoord") == 0;
    if (!agree && !(decision && strcmp(decision, "afgewezen") == 0))
        nb_web_error_add(&errs, "besluit", "Kies akkoord of afwijzen.");
    if (note && nb_html_utf8_len((const unsigned char *)note, strlen(note)) > NB_CONSENT_NOTE_MAX)
        nb_web_error_add(&errs, "notitie", "De toelichting is te lang (hoogstens 500 tekens).");
    if (errs.count > 0)
        return nb_bw_page(w, resp, id, 422, NULL, &errs);
    nb_bundle_row *p = malloc(sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_bundle_get(w->req->st, id, p, &err);
    int64_t org = 0;
    if (rc == 0) {
        if (!nb_bw_visible(w, p)) {
            free(p);
            return nb_resp_problem(resp, 403, "Geen toegang",
                                   "Dit bundelvoorstel gaat niet over uw gemeente.");
        }
        for (size_t i = 0; i < p->nmembers && org == 0; i++)
            if (nb_bundle_may_decide(w->req->who, p, p->members[i].organisation_id))
                org = p->members[i].organisation_id;
        if (org == 0) {
            free(p);
            return nb_bw_page(w, resp, id, 403,
                              "Alleen een coördinator van een betrokken gemeente of de "
                              "ambtelijk opdrachtgever van haar opdracht beslist hierover.",
                              NULL);
        }
        rc = nb_bundle_decide(w->req->st, NB_MT_ACTOR(w), w->req->who, id, org, agree, note, p,
                              &err);
    }
    int merged = rc == 0 && strcmp(p->status, "samengevoegd") == 0;
    free(p);
    if (rc == NB_EFORBIDDEN || rc == NB_ECONFLICT)
        return nb_bw_page(w, resp, id, rc == NB_EFORBIDDEN ? 403 : 409, err.msg, NULL);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err), 0;
    char path[64];
    snprintf(path, sizeof path, "/bundelvoorstellen/%lld", (long long)id);
    return nb_web_redirect(resp, path,
                           merged  ? NB_WEB_FLASH_BUNDLE_MERGED
                           : agree ? NB_WEB_FLASH_BUNDLE_AGREED
                                   : NB_WEB_FLASH_BUNDLE_DECLINED);
}

/* ---- On an assignment's page ------------------------------------------------------ */

int nb_web_bundle_section(nb_buf *b, nb_store *st, int64_t assignment_id, nb_err *err)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = nb_bundle_of_assignment(st, assignment_id, &ids, &n, err);
    if (rc != 0 || n == 0) {
        free(ids);
        return rc;
    }
    nb_bundle_row *p = malloc(sizeof *p);
    if (p == NULL) {
        free(ids);
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    }
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Bundeling</h2>\n");
    for (size_t i = 0; i < n && rc == 0; i++) {
        if ((rc = nb_bundle_get(st, ids[i], p, err)) != 0)
            break;
        char text[64];
        snprintf(text, sizeof text, "Bundelvoorstel %lld", (long long)p->id);
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">");
        nb_mt_link_id(b, "/bundelvoorstellen/", p->id, "", text);
        nb_html_lit(b, ": ");
        nb_html_text(b, nb_bw_status_label(p->status));
        if (p->reason[0]) {
            nb_html_lit(b, " (");
            nb_html_text(b, p->reason);
            nb_html_lit(b, ")");
        }
        if (p->merged_assignment_id == assignment_id) {
            nb_html_lit(b, ". Deze opdracht is samengevoegd uit:</p>\n"
                           "<ul class=\"utrecht-unordered-list\">");
            for (size_t k = 0; k < p->nmembers; k++) {
                char label[NB_ASG_TITLE_MAX * 4 + 300];
                snprintf(label, sizeof label, "%s (%s)", p->members[k].title,
                         p->members[k].organisation_name);
                nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
                nb_mt_link_id(b, "/opdrachten/", p->members[k].assignment_id, "", label);
                nb_html_lit(b, "</li>");
            }
            nb_html_lit(b, "</ul>\n");
        } else if (p->merged_assignment_id > 0) {
            nb_html_lit(b, ". Deze opdracht is opgegaan in ");
            snprintf(text, sizeof text, "opdracht %lld", (long long)p->merged_assignment_id);
            nb_mt_link_id(b, "/opdrachten/", p->merged_assignment_id, "", text);
            nb_html_lit(b, ".</p>\n");
        } else {
            nb_html_lit(b, ".</p>\n");
        }
    }
    free(p);
    free(ids);
    return rc;
}
