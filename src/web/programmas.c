/*
 * web/programmas.c — the programme pages (issue 10 §1):
 *
 *   GET  /programmas                 every programme (filter: soort, jaar), 25 per page;
 *   GET  /programmas/nieuw           the form; POST creates (303 to the programme);
 *   GET  /programmas/{id}            its facts and its assignments (priority first), with a
 *                                    link to its work stock;
 *   GET  /programmas/{id}/wijzigen   the form with its values; POST changes it.
 *
 * Every logged-in role reads (as GET /api/v1/programmas). Writing is for
 * beheer (any programme) and a coordinator (a gemeentelijk programme of its
 * own gemeente): the rule is store/programmes.h nb_prog_may_write, the same
 * check the API makes; a refused form shows the reason next to the field
 * (422), a coordinator opening another's programme's form gets 403.
 * Every change is audited by the store with the page's actor.
 */
#include "store/assignments.h"
#include "store/programmes.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_PG_PAGE 25

static int64_t nb_pg_query_int(const nb_req *req, const char *name, int64_t dflt)
{
    const char *v = nb_req_query(req, name);
    char *end = NULL;
    if (v == NULL || *v < '0' || *v > '9')
        return dflt;
    long long n = strtoll(v, &end, 10);
    return (*end == '\0' && n > 0 && n < 1000000000) ? (int64_t)n : dflt;
}

static int nb_pg_may_write_any(const nb_principal *who)
{
    return who->role == NB_ROLE_BEHEER || who->role == NB_ROLE_COORDINATOR;
}

static void nb_pg_kind_text(nb_buf *b, const nb_prog *p, const nb_web_orgs *orgs)
{
    if (p->organisation_id > 0) {
        nb_html_lit(b, "Gemeentelijk (");
        nb_html_text(b, nb_web_orgs_name(orgs, p->organisation_id));
        nb_html_lit(b, ")");
    } else {
        nb_html_lit(b, "Regionaal (netwerk)");
    }
}

static void nb_pg_years(nb_buf *b, const nb_prog *p)
{
    nb_html_int(b, p->first_year);
    if (p->last_year != p->first_year) {
        nb_html_lit(b, " tot en met ");
        nb_html_int(b, p->last_year);
    }
}

/* ---- The list ------------------------------------------------------------------ */

typedef struct nb_pg_list_ctx {
    nb_buf *b;
    const nb_web_orgs *orgs;
} nb_pg_list_ctx;

static int nb_pg_list_row(void *ctx, const nb_prog *p)
{
    nb_pg_list_ctx *c = ctx;
    nb_buf *b = c->b;
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">"
                   "<a class=\"utrecht-link\" href=\"/programmas/");
    nb_html_int(b, p->id);
    nb_html_lit(b, "\">");
    nb_html_text(b, p->name);
    nb_html_lit(b, "</a></td><td class=\"utrecht-table__cell\">");
    nb_pg_kind_text(b, p, c->orgs);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_pg_years(b, p);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_int(b, p->nassignments);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

typedef struct nb_pg_pages {
    const char *kind;
    int64_t year;
} nb_pg_pages;

static void nb_pg_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_pg_pages *pg = ctx;
    nb_html_lit(b, "/programmas?pagina=");
    nb_html_int(b, n);
    if (pg->kind) {
        nb_html_lit(b, "&amp;soort=");
        nb_html_url_component(b, pg->kind);
    }
    if (pg->year > 0) {
        nb_html_lit(b, "&amp;jaar=");
        nb_html_int(b, pg->year);
    }
}

int nb_web_programmes(nb_web_req *w, nb_resp *resp)
{
    nb_req *req = w->req;
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT, rows = NB_BUF_INIT;
    nb_web_orgs orgs = {NULL, 0, 0};
    nb_prog_filter f;
    memset(&f, 0, sizeof f);
    const char *kind = nb_req_query(req, "soort");
    for (size_t i = 0; kind && nb_prog_kinds[i]; i++)
        if (strcmp(kind, nb_prog_kinds[i]) == 0)
            f.kind = nb_prog_kinds[i];
    f.year = nb_pg_query_int(req, "jaar", 0);
    if (f.year < NB_PROG_YEAR_MIN || f.year > NB_PROG_YEAR_MAX)
        f.year = 0;
    f.sort.n = 2; /* by first year, then name */
    f.sort.field[0] = 3;
    f.sort.field[1] = 1;
    int64_t page = nb_pg_query_int(req, "pagina", 1), total = 0;
    int rc = nb_web_orgs_load(req->st, &orgs, &err);
    nb_pg_list_ctx c = {&rows, &orgs};
    if (rc == 0)
        rc = nb_prog_list(req->st, &f, (page - 1) * NB_PG_PAGE, NB_PG_PAGE, nb_pg_list_row, &c,
                          &total, &err);
    if (rc != 0)
        goto cleanup;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Programma's bundelen opdrachten die samen "
                    "gepland worden: het regionale werkprogramma (rMJP) van het netwerk en de "
                    "eigen programma's van gemeenten. Bij elk programma staan zijn opdrachten "
                    "met prioriteit en gewenste periode");
    if (nb_web_may_open(w->pages, w->npages, req->who->role, "/werkvoorraad"))
        nb_html_lit(&b, "; de <a class=\"utrecht-link\" href=\"/werkvoorraad\">werkvoorraad</a> "
                        "laat zien of het netwerk het werk aankan");
    nb_html_lit(&b, ".</p>\n");
    if (nb_pg_may_write_any(req->who))
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                        "href=\"/programmas/nieuw\">Nieuw programma</a></p>\n");
    nb_html_lit(&b, "<form method=\"get\" action=\"/programmas\" class=\"nb-filter\" "
                    "aria-label=\"Programma's filteren\">\n");
    nb_web_option kinds[] = {
        {"", "Alle soorten"}, {"regionaal", "Regionaal"}, {"gemeentelijk", "Gemeentelijk"}};
    nb_web_form_select(&b, NULL, "soort", "Soort", NULL, kinds, 3, f.kind);
    char year[16] = "";
    if (f.year > 0)
        snprintf(year, sizeof year, "%lld", (long long)f.year);
    nb_web_form_field(&b, NULL, "jaar", "text", "Loopt in jaar", NULL, year, "off");
    nb_html_lit(&b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
                    "type=\"submit\">Filteren</button>\n</form>\n");
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\" role=\"status\">Geen programma's "
                        "gevonden. ");
        if (f.kind || f.year)
            nb_html_lit(&b, "Pas de filters aan of <a class=\"utrecht-link\" "
                            "href=\"/programmas\">toon alle programma's</a>.");
        else if (nb_pg_may_write_any(req->who))
            nb_html_lit(&b, "Maak het eerste met <a class=\"utrecht-link\" "
                            "href=\"/programmas/nieuw\">Nieuw programma</a>.");
        else
            nb_html_lit(&b, "Het netwerk-MT en de coördinatoren maken programma's.");
        nb_html_lit(&b, "</p>\n");
    } else {
        static const nb_web_col cols[] = {
            {"Naam", 0, NULL}, {"Soort", 0, NULL}, {"Looptijd", 0, NULL}, {"Opdrachten", 1, NULL}};
        int64_t pages = (total + NB_PG_PAGE - 1) / NB_PG_PAGE;
        char caption[96];
        snprintf(caption, sizeof caption, "Programma's (%lld)", (long long)total);
        nb_web_table_open(&b, "programmas-bijschrift", caption, NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        nb_buf_append(&b, rows.data ? rows.data : "", rows.len);
        if (rows.oom)
            b.oom = 1;
        nb_web_table_close(&b);
        nb_pg_pages pg = {f.kind, f.year};
        nb_web_pager(&b, "Paginering van de programma's", page, pages, nb_pg_page_href, &pg);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_buf_free(&rows);
    nb_web_orgs_free(&orgs);
    return rc == NB_ENOMEM ? rc : 0;
}

/* ---- One programme ------------------------------------------------------------ */

typedef struct nb_pg_asg_ctx {
    nb_buf *b;
    const nb_web_orgs *orgs;
} nb_pg_asg_ctx;

static void nb_pg_date(nb_buf *b, const char *iso)
{
    char text[NB_WEB_FMT_LEN];
    NB_IGNORE(nb_web_fmt_date(iso, text), "a stored date that does not parse is shown as stored");
    nb_html_text(b, text);
}

static int nb_pg_asg_row(void *ctx, const nb_asg *a)
{
    nb_pg_asg_ctx *c = ctx;
    nb_buf *b = c->b;
    int64_t minutes = 0;
    for (size_t i = 0; i < a->nlines; i++)
        minutes += a->lines[i].minutes;
    char hours[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, hours);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell "
                   "utrecht-table__cell--numeric-column\">");
    nb_html_int(b, a->priority);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\"><a class=\"utrecht-link\" "
                   "href=\"/opdrachten/");
    nb_html_int(b, a->id);
    nb_html_lit(b, "\">");
    nb_html_text(b, a->title);
    nb_html_lit(b, "</a></td><td class=\"utrecht-table__cell\">");
    nb_web_asg_badge(b, a->status);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    for (size_t i = 0; i < a->nrequesters; i++) {
        if (i > 0)
            nb_html_lit(b, ", ");
        nb_html_text(b, nb_web_orgs_name(c->orgs, a->requesters[i].organisation_id));
    }
    if (a->nrequesters == 0)
        nb_html_lit(b, "Alle leden");
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_pg_date(b, a->start_date);
    nb_html_lit(b, " tot en met ");
    nb_pg_date(b, a->end_date);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, hours);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

int nb_web_programme(nb_web_req *w, nb_resp *resp)
{
    nb_req *req = w->req;
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT, rows = NB_BUF_INIT;
    nb_web_orgs orgs = {NULL, 0, 0};
    int64_t id = nb_web_path_id(w), total = 0;
    nb_prog *p = calloc(1, sizeof *p); /* filled by nb_prog_get */
    int rc = p == NULL ? NB_ENOMEM : 0;
    if (rc == 0)
        rc = id > 0 ? nb_prog_get(req->st, id, p, &err)
                    : nb_err_set(&err, NB_ENOTFOUND, "Dit programma bestaat niet.");
    if (rc == 0)
        rc = nb_web_orgs_load(req->st, &orgs, &err);
    nb_asg_filter f;
    memset(&f, 0, sizeof f);
    f.programme_id = id;
    f.sort.n = 2; /* priority, then start date (nb_asg_sort_fields) */
    f.sort.field[0] = 5;
    f.sort.field[1] = 6;
    nb_pg_asg_ctx c = {&rows, &orgs};
    if (rc == 0)
        rc = nb_asg_list(req->st, &f, 0, -1, nb_pg_asg_row, &c, &total, &err);
    if (rc != 0)
        goto cleanup;
    nb_web_layout_begin(&b, req->who, w->sess, w->pages, w->npages, "/programmas", p->name,
                        w->flash);
    nb_web_dl_open(&b);
    nb_web_dl_key(&b, "Soort");
    nb_pg_kind_text(&b, p, &orgs);
    nb_web_dl_item_end(&b);
    nb_web_dl_key(&b, "Looptijd");
    nb_pg_years(&b, p);
    nb_web_dl_item_end(&b);
    if (p->description[0])
        nb_web_dl_item(&b, "Omschrijving", p->description);
    nb_web_dl_close(&b);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/programmas\">Alle programma's</a>");
    if (nb_web_may_open(w->pages, w->npages, req->who->role, "/werkvoorraad")) {
        nb_html_lit(&b, " · <a class=\"utrecht-link\" href=\"/werkvoorraad?programma=");
        nb_html_int(&b, p->id);
        nb_html_lit(&b, "\">Werkvoorraad van dit programma</a>");
    }
    nb_err ignore = {{0}};
    if (nb_prog_may_write(req->who, p, p, &ignore) == 0) {
        nb_html_lit(&b, " · <a class=\"utrecht-link\" href=\"/programmas/");
        nb_html_int(&b, p->id);
        nb_html_lit(&b, "/wijzigen\">Programma wijzigen</a>");
    }
    nb_html_lit(&b, "</p>\n<h2 class=\"utrecht-heading-2\" id=\"opdrachten-kop\">Opdrachten in "
                    "dit programma</h2>\n");
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er zitten nog geen opdrachten in dit "
                        "programma. Kies het programma op het formulier van een opdracht "
                        "(<a class=\"utrecht-link\" href=\"/opdrachten\">Opdrachten</a>).</p>\n");
    } else {
        static const nb_web_col cols[] = {{"Prioriteit", 1, NULL},       {"Titel", 0, NULL},
                                          {"Status", 0, NULL},           {"Aanvragers", 0, NULL},
                                          {"Gewenste periode", 0, NULL}, {"Gevraagd", 1, NULL}};
        nb_web_table_open(&b, "opdrachten-kop", NULL, NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        nb_buf_append(&b, rows.data ? rows.data : "", rows.len);
        if (rows.oom)
            b.oom = 1;
        nb_web_table_close(&b);
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Prioriteit 1 is de hoogste; de "
                        "opdrachten staan op prioriteit en dan op startdatum.</p>\n");
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_buf_free(&rows);
    nb_web_orgs_free(&orgs);
    free(p);
    return rc == NB_ENOMEM ? rc : 0;
}

/* ---- The form -------------------------------------------------------------------- */

/* The form's values as text: what was typed, or a programme's. */
typedef struct nb_pg_values {
    const char *name, *kind, *org, *first, *last, *description;
    char org_buf[24], first_buf[16], last_buf[16];
    int64_t versie; /* 0 = a new programme */
} nb_pg_values;

static const char *nb_pg_get(const nb_web_req *w, const char *name)
{
    const char *v = w->form ? nb_web_form_get(w->form, name) : NULL;
    return v ? v : "";
}

static void nb_pg_values_of(nb_pg_values *v, const nb_prog *p)
{
    v->name = p->name;
    v->kind = p->kind;
    v->org_buf[0] = '\0';
    if (p->organisation_id > 0)
        snprintf(v->org_buf, sizeof v->org_buf, "%lld", (long long)p->organisation_id);
    snprintf(v->first_buf, sizeof v->first_buf, "%lld", (long long)p->first_year);
    snprintf(v->last_buf, sizeof v->last_buf, "%lld", (long long)p->last_year);
    v->org = v->org_buf;
    v->first = v->first_buf;
    v->last = v->last_buf;
    v->description = p->description;
    v->versie = p->revision;
}

static void nb_pg_values_posted(nb_pg_values *v, const nb_web_req *w)
{
    v->name = nb_pg_get(w, "naam");
    v->kind = nb_pg_get(w, "soort");
    v->org = nb_pg_get(w, "organisatie");
    v->first = nb_pg_get(w, "eerstejaar");
    v->last = nb_pg_get(w, "laatstejaar");
    v->description = nb_pg_get(w, "omschrijving");
}

static int nb_pg_form_page(nb_web_req *w, nb_resp *resp, const char *action, const char *title,
                           const nb_pg_values *v, const nb_web_errors *errs, int status,
                           const char *alert)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_web_orgs orgs = {NULL, 0, 0};
    int rc = nb_web_orgs_load(w->req->st, &orgs, &err);
    nb_web_option *opts = calloc(orgs.n + 1, sizeof *opts);
    char(*ids)[24] = calloc(orgs.n + 1, sizeof *ids);
    if (rc == 0 && (opts == NULL || ids == NULL))
        rc = NB_ENOMEM;
    if (rc != 0)
        goto cleanup;
    size_t n = 0;
    opts[n++] = (nb_web_option){"", "Geen (regionaal programma)"};
    for (size_t i = 0; i < orgs.n; i++) {
        if (strcmp(orgs.v[i].kind, "gemeente") != 0)
            continue;
        snprintf(ids[n], sizeof ids[n], "%lld", (long long)orgs.v[i].id);
        opts[n] = (nb_web_option){ids[n], orgs.v[i].name};
        n++;
    }
    nb_web_layout_begin(&b, w->req->who, w->sess, w->pages, w->npages, "/programmas", title,
                        w->flash);
    if (alert != NULL) {
        nb_html_lit(&b, "<div class=\"utrecht-alert utrecht-alert--warning\" role=\"alert\">"
                        "<p class=\"utrecht-paragraph\">");
        nb_html_text(&b, alert);
        nb_html_lit(&b, "</p></div>\n");
    }
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Een regionaal programma (zoals het rMJP "
                    "werkprogramma van een jaar) is van het netwerk en wordt door het netwerk-MT "
                    "gemaakt; een gemeentelijk programma hoort bij één gemeente.</p>\n");
    nb_web_form_open(&b, w, action);
    if (v->versie > 0)
        nb_web_form_version(&b, v->versie);
    nb_web_form_field(&b, errs, "naam", "text", "Naam", "Bijvoorbeeld: rMJP werkprogramma 2027.",
                      v->name, "off");
    nb_web_option kinds[] = {{"", "Kies de soort"},
                             {"regionaal", "Regionaal: van het netwerk"},
                             {"gemeentelijk", "Gemeentelijk: van één gemeente"}};
    nb_web_form_select(&b, errs, "soort", "Soort", NULL, kinds, 3, v->kind);
    nb_web_form_select(&b, errs, "organisatie", "Gemeente",
                       "Alleen bij een gemeentelijk programma.", opts, n, v->org);
    nb_web_form_field(&b, errs, "eerstejaar", "text", "Eerste jaar", "Bijvoorbeeld 2027.", v->first,
                      "off");
    nb_web_form_field(&b, errs, "laatstejaar", "text", "Laatste jaar",
                      "Gelijk aan het eerste jaar voor een programma van één jaar.", v->last,
                      "off");
    nb_web_form_textarea(&b, errs, "omschrijving", "Omschrijving (niet verplicht)", NULL,
                         v->description);
    nb_html_lit(&b, "<div class=\"utrecht-button-group nb-actions\"><button class=\"utrecht-button "
                    "utrecht-button--primary-action\" type=\"submit\">Opslaan</button></div>\n"
                    "</form>\n");
    nb_web_end(&b);
    rc = nb_web_reply(resp, status, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_web_orgs_free(&orgs);
    free(opts);
    free(ids);
    return rc == NB_ENOMEM ? rc : 0;
}

static int64_t nb_pg_year(const char *s)
{
    if (strlen(s) != 4)
        return 0;
    int64_t y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

static const char *nb_pg_field(nb_prog_field f)
{
    switch (f) {
    case NB_PROG_F_NAME:
        return "naam";
    case NB_PROG_F_KIND:
        return "soort";
    case NB_PROG_F_ORGANISATION:
        return "organisatie";
    case NB_PROG_F_FIRST_YEAR:
        return "eerstejaar";
    case NB_PROG_F_LAST_YEAR:
        return "laatstejaar";
    }
    return "naam";
}

/* Reads the posted form into p and checks it (the store's rules and who may write it): the
 * errors go to errs. Returns 0 or a negative code. */
static int nb_pg_read(nb_web_req *w, const nb_prog *old, nb_prog *p, nb_web_errors *errs,
                      nb_err *err)
{
    const char *name = nb_pg_get(w, "naam");
    if (strlen(name) >= sizeof p->name)
        nb_web_error_add(errs, "naam", "De naam is te lang (hoogstens 200 tekens).");
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->kind, sizeof p->kind, "%s", nb_pg_get(w, "soort"));
    const char *org = nb_pg_get(w, "organisatie");
    p->organisation_id = org[0] ? strtoll(org, NULL, 10) : 0;
    if (p->organisation_id < 0)
        p->organisation_id = 0;
    p->first_year = nb_pg_year(nb_pg_get(w, "eerstejaar"));
    p->last_year = nb_pg_year(nb_pg_get(w, "laatstejaar"));
    const char *desc = nb_pg_get(w, "omschrijving");
    if (strlen(desc) >= sizeof p->description)
        nb_web_error_add(errs, "omschrijving", "De omschrijving is te lang.");
    snprintf(p->description, sizeof p->description, "%s", desc);
    nb_prog_problem probs[NB_PROG_MAX_PROBLEMS];
    size_t n = 0;
    int rc = nb_prog_check(w->req->st, p, probs, NB_PROG_MAX_PROBLEMS, &n, err);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n && i < NB_PROG_MAX_PROBLEMS; i++)
        if (nb_web_error_for(errs, nb_pg_field(probs[i].field)) == NULL)
            nb_web_error_add(errs, nb_pg_field(probs[i].field), probs[i].reason);
    if (errs->count == 0 && nb_prog_may_write(w->req->who, old, p, err) != 0)
        nb_web_error_add(errs, strcmp(p->kind, "regionaal") == 0 ? "soort" : "organisatie",
                         err->msg);
    return 0;
}

int nb_web_programme_new(nb_web_req *w, nb_resp *resp)
{
    nb_pg_values v;
    memset(&v, 0, sizeof v);
    v.name = v.kind = v.first = v.last = v.description = "";
    v.org = "";
    const nb_principal *who = w->req->who;
    if (who->role == NB_ROLE_COORDINATOR && who->organisation_id > 0) {
        snprintf(v.org_buf, sizeof v.org_buf, "%lld", (long long)who->organisation_id);
        v.org = v.org_buf;
        v.kind = "gemeentelijk";
    }
    return nb_pg_form_page(w, resp, "/programmas/nieuw", "Nieuw programma", &v, NULL, 200, NULL);
}

int nb_web_programme_create(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_prog *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_pg_read(w, NULL, p, &errs, &err);
    if (rc == 0 && errs.count == 0)
        rc = nb_prog_create(w->req->st, &w->req->actor, w->req->who, p, &err);
    if (rc == 0 && errs.count == 0) {
        char path[48];
        snprintf(path, sizeof path, "/programmas/%lld", (long long)p->id);
        rc = nb_web_redirect(resp, path, NB_WEB_FLASH_SAVED);
    } else if (rc == 0) {
        nb_pg_values v;
        memset(&v, 0, sizeof v);
        nb_pg_values_posted(&v, w);
        rc = nb_pg_form_page(w, resp, "/programmas/nieuw", "Nieuw programma", &v, &errs, 422, NULL);
    } else if (rc != NB_ENOMEM) {
        rc = nb_resp_from_err(resp, rc, &err);
    }
    free(p);
    return rc;
}

/* Loads the programme of the path for a caller who may change it: 0; or 1 with a problem in
 * resp (404, 403); or a negative code. */
static int nb_pg_load_writable(nb_web_req *w, nb_resp *resp, nb_prog *p, char action[64])
{
    nb_err err = {{0}};
    int64_t id = nb_web_path_id(w);
    int rc = id > 0 ? nb_prog_get(w->req->st, id, p, &err)
                    : nb_err_set(&err, NB_ENOTFOUND, "Dit programma bestaat niet.");
    if (rc == NB_ENOTFOUND) {
        nb_resp_problem(resp, 404, "Niet gevonden", "%s", err.msg);
        return 1;
    }
    if (rc != 0)
        return rc;
    if (nb_prog_may_write(w->req->who, p, p, &err) != 0) {
        nb_resp_problem(resp, 403, "Geen toegang", "%s", err.msg);
        return 1;
    }
    snprintf(action, 64, "/programmas/%lld/wijzigen", (long long)id);
    return 0;
}

int nb_web_programme_edit(nb_web_req *w, nb_resp *resp)
{
    char action[64];
    nb_prog *p = calloc(1, sizeof *p); /* filled by nb_pg_load_writable */
    if (p == NULL)
        return NB_ENOMEM;
    int rc = nb_pg_load_writable(w, resp, p, action);
    if (rc == 0) {
        nb_pg_values v;
        memset(&v, 0, sizeof v);
        nb_pg_values_of(&v, p);
        rc = nb_pg_form_page(w, resp, action, "Programma wijzigen", &v, NULL, 200, NULL);
    }
    free(p);
    return rc < 0 ? rc : 0;
}

int nb_web_programme_update(nb_web_req *w, nb_resp *resp)
{
    char action[64];
    nb_err err = {{0}};
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_prog *old = calloc(1, sizeof *old), *p = calloc(1, sizeof *p);
    int rc = old && p ? nb_pg_load_writable(w, resp, old, action) : NB_ENOMEM;
    if (rc != 0)
        goto cleanup;
    nb_pg_values v;
    memset(&v, 0, sizeof v);
    if (nb_web_form_stale(w->form, old->revision)) {
        nb_pg_values_of(&v, old);
        rc = nb_pg_form_page(w, resp, action, "Programma wijzigen", &v, NULL, 409,
                             NB_WEB_STALE_MESSAGE);
        goto cleanup;
    }
    p->id = old->id;
    if ((rc = nb_pg_read(w, old, p, &errs, &err)) != 0)
        goto cleanup;
    if (errs.count == 0) {
        if ((rc = nb_prog_change(w->req->st, &w->req->actor, w->req->who, p, &err)) != 0)
            goto cleanup;
        char path[48];
        snprintf(path, sizeof path, "/programmas/%lld", (long long)p->id);
        rc = nb_web_redirect(resp, path, NB_WEB_FLASH_SAVED);
        goto cleanup;
    }
    nb_pg_values_posted(&v, w);
    v.versie = old->revision;
    rc = nb_pg_form_page(w, resp, action, "Programma wijzigen", &v, &errs, 422, NULL);
cleanup:
    if (rc > 0)
        rc = 0; /* the problem is in resp */
    else if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    free(old);
    free(p);
    return rc;
}
