/*
 * web/medewerkers_list.c — the coordinator's people:
 *   GET /medewerkers       the people of the caller's organisation (beheer:
 *                          everybody, with an organisation filter), filtered
 *                          by name, competency and minimum level, 25 a page
 *   GET /medewerkers/{id}  one person: competencies with levels, hours per
 *                          week, learning wishes, expected exit, current
 *                          allocations
 * A coordinator sees the people of its own organisation only (another
 * organisation's person: 403); levels, birth year, exit date and learning
 * wishes are shown only where nb_person_visibility allows, as in the API.
 * Filtering on a minimum level is the API's rule too: beheer, or a
 * coordinator within its own organisation (which this page always is).
 */
#include "web/medewerkers.h"

#include "store/allocations.h"
#include "store/organisations.h"
#include "store/people_rules.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_PEOPLE_PAGE 25

/* ---- Shared with medewerkers_edit.c ------------------------------------- */

static int nb_cat_add(void *ctx, const nb_comp *c)
{
    nb_web_catalogue *cat = ctx;
    nb_web_comp *v = realloc(cat->v, (cat->n + 1) * sizeof *v);
    if (v == NULL)
        return NB_ENOMEM;
    cat->v = v;
    v[cat->n].id = c->id;
    snprintf(v[cat->n].idtext, sizeof v[cat->n].idtext, "%lld", (long long)c->id);
    snprintf(v[cat->n].name, sizeof v[cat->n].name, "%s", c->name);
    cat->n++;
    return 0;
}

static int nb_cat_cmp(const void *a, const void *b)
{
    const nb_web_comp *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

int nb_web_catalogue_load(nb_store *st, nb_web_catalogue *cat, nb_err *err)
{
    cat->v = NULL;
    cat->n = 0;
    int rc = nb_comp_list(st, NULL, 0, -1, nb_cat_add, cat, NULL, err);
    if (rc == 0 && cat->n > 1)
        qsort(cat->v, cat->n, sizeof cat->v[0], nb_cat_cmp);
    return rc;
}

void nb_web_catalogue_free(nb_web_catalogue *cat)
{
    free(cat->v);
    cat->v = NULL;
    cat->n = 0;
}

const char *nb_web_catalogue_name(const nb_web_catalogue *cat, int64_t id, char buf[48])
{
    for (size_t i = 0; i < cat->n; i++)
        if (cat->v[i].id == id)
            return cat->v[i].name;
    snprintf(buf, 48, "competentie %lld", (long long)id);
    return buf;
}

void nb_web_fmt_week(int64_t minutes, char *out, size_t len)
{
    char h[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, h);
    snprintf(out, len, "%s per week", h);
}

/* ---- The list ------------------------------------------------------------ */

typedef struct nb_people_page {
    nb_person *v; /* at most NB_PEOPLE_PAGE */
    size_t n;
} nb_people_page;

static int nb_people_add(void *ctx, const nb_person *p)
{
    nb_people_page *pg = ctx;
    if (pg->n < NB_PEOPLE_PAGE)
        pg->v[pg->n++] = *p;
    return 0;
}

typedef struct nb_org_names {
    nb_org *v;
    size_t n;
} nb_org_names;

static int nb_org_names_add(void *ctx, const nb_org *o)
{
    nb_org_names *on = ctx;
    nb_org *v = realloc(on->v, (on->n + 1) * sizeof *v);
    if (v == NULL)
        return NB_ENOMEM;
    on->v = v;
    v[on->n++] = *o;
    return 0;
}

static const char *nb_org_name(const nb_org_names *on, int64_t id)
{
    for (size_t i = 0; i < on->n; i++)
        if (on->v[i].id == id)
            return on->v[i].name;
    return "?";
}

/* A positive decimal id or level from a query value; 0 when absent/empty,
 * -1 when not a number. */
static int64_t nb_people_query_num(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || p - s > 15)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v > 0 ? v : -1;
}

typedef struct nb_people_query {
    const char *name, *comp, *level, *org; /* as typed, NULL = absent */
    nb_person_filter f;
    int64_t page;
} nb_people_query;

static void nb_people_form(nb_buf *b, const nb_web_req *w, const nb_web_errors *errs,
                           const nb_people_query *q, const nb_web_catalogue *cat,
                           const nb_org_names *orgs)
{
    nb_html_lit(b, "<form class=\"utrecht-form nb-filter\" method=\"get\" action=\"/medewerkers\" "
                   "novalidate>\n<fieldset class=\"utrecht-form-fieldset\"><legend "
                   "class=\"utrecht-form-fieldset__legend\">Filter</legend>\n");
    nb_web_form_field(b, errs, "naam", "text", "Naam bevat", NULL, q->name, "off");
    nb_web_select_open(b, errs, "competentie", "Competentie", NULL);
    nb_web_select_option(b, "", "Alle competenties", q->comp);
    for (size_t i = 0; i < cat->n; i++)
        nb_web_select_option(b, cat->v[i].idtext, cat->v[i].name, q->comp);
    nb_web_select_close(b);
    nb_web_select_open(b, errs, "niveau", "Minimaal niveau",
                       "Alleen samen met een competentie; 1 is beginner, 5 is expert.");
    nb_web_select_option(b, "", "Elk niveau", q->level);
    static const char *const levels[] = {"1", "2", "3", "4", "5"};
    for (size_t i = 0; i < 5; i++)
        nb_web_select_option(b, levels[i], levels[i], q->level);
    nb_web_select_close(b);
    if (w->req->who->role == NB_ROLE_BEHEER) {
        nb_web_select_open(b, errs, "organisatie", "Organisatie", NULL);
        nb_web_select_option(b, "", "Alle organisaties", q->org);
        for (size_t i = 0; i < orgs->n; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)orgs->v[i].id);
            nb_web_select_option(b, id, orgs->v[i].name, q->org);
        }
        nb_web_select_close(b);
    }
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Filter toepassen"
                   "</button> <a class=\"utrecht-link\" href=\"/medewerkers\">Filter wissen</a>"
                   "</div>\n</form>\n");
}

static void nb_people_comps(nb_buf *b, const nb_person *p, const nb_web_catalogue *cat,
                            int personal)
{
    char buf[48];
    if (p->ncomps == 0) {
        nb_html_lit(b, "—");
        return;
    }
    for (size_t i = 0; i < p->ncomps; i++) {
        if (i > 0)
            nb_html_lit(b, ", ");
        nb_html_text(b, nb_web_catalogue_name(cat, p->comps[i].competency_id, buf));
        if (personal) {
            nb_html_lit(b, " (");
            nb_html_int(b, p->comps[i].level);
            nb_html_lit(b, ")");
        }
    }
}

static void nb_people_table(nb_buf *b, const nb_web_req *w, const nb_people_page *pg,
                            const nb_web_catalogue *cat, const nb_org_names *orgs)
{
    int beheer = w->req->who->role == NB_ROLE_BEHEER;
    nb_web_col cols[5];
    size_t n = 0;
    cols[n++] = (nb_web_col){"Naam", 0, NULL};
    if (beheer)
        cols[n++] = (nb_web_col){"Organisatie", 0, NULL};
    cols[n++] = (nb_web_col){"Functie", 0, NULL};
    cols[n++] = (nb_web_col){"Voor het netwerk", 1, NULL};
    cols[n++] = (nb_web_col){"Competenties", 0, NULL};
    nb_web_table_open(b, "mensen-bijschrift",
                      "Medewerkers (competenties met niveau tussen haakjes)", NULL, NULL);
    nb_web_table_head(b, cols, n);
    for (size_t i = 0; i < pg->n; i++) {
        const nb_person *p = &pg->v[i];
        char href[48], week[NB_WEB_FMT_LEN + 16];
        int personal =
            nb_person_visibility(w->req->who, p->organisation_id, p->id) == NB_PERSON_VIS_PERSONAL;
        snprintf(href, sizeof href, "/medewerkers/%lld", (long long)p->id);
        nb_web_row_head_open(b);
        nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
        nb_html_url(b, href);
        nb_html_lit(b, "\">");
        nb_html_text(b, p->name);
        nb_html_lit(b, "</a>");
        if (!p->active)
            nb_html_lit(b, " <span class=\"utrecht-badge-status\">uit dienst</span>");
        nb_html_lit(b, "</th>");
        if (beheer) {
            nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
            nb_html_text(b, nb_org_name(orgs, p->organisation_id));
            nb_html_lit(b, "</td>");
        }
        nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
        nb_html_text(b, p->job_title[0] ? p->job_title : "—");
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell "
                       "utrecht-table__cell--numeric-column\">");
        nb_web_fmt_week(p->network_minutes_week, week, sizeof week);
        nb_html_text(b, week);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_people_comps(b, p, cat, personal);
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
}

/* href of page n with the current filters (nb_web_page_href). */
static void nb_people_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_people_query *q = ctx;
    const nb_web_param params[] = {
        {"naam", q->name}, {"competentie", q->comp}, {"niveau", q->level}, {"organisatie", q->org}};
    nb_web_list_href(b, "/medewerkers", params, sizeof params / sizeof params[0], n);
}

/* Reads and checks the query into q; errors next to their fields. */
static void nb_people_parse(const nb_web_req *w, nb_people_query *q, nb_web_errors *errs)
{
    const nb_principal *who = w->req->who;
    q->name = nb_req_query(w->req, "naam");
    q->comp = nb_req_query(w->req, "competentie");
    q->level = nb_req_query(w->req, "niveau");
    q->org = who->role == NB_ROLE_BEHEER ? nb_req_query(w->req, "organisatie") : NULL;
    int64_t comp = nb_people_query_num(q->comp), level = nb_people_query_num(q->level);
    int64_t org = nb_people_query_num(q->org),
            page = nb_people_query_num(nb_req_query(w->req, "pagina"));
    if (comp < 0)
        nb_web_error_add(errs, "competentie", "Kies een competentie uit de lijst.");
    if (level < 0 || level > 5)
        nb_web_error_add(errs, "niveau", "Kies een niveau van 1 tot en met 5.");
    else if (level > 0 && comp == 0)
        nb_web_error_add(errs, "niveau", "Kies ook een competentie om op niveau te filteren.");
    if (org < 0)
        nb_web_error_add(errs, "organisatie", "Kies een organisatie uit de lijst.");
    q->f.organisation_id = who->role == NB_ROLE_BEHEER ? (org > 0 ? org : 0) : who->organisation_id;
    q->f.competency_id = comp > 0 ? comp : 0;
    q->f.min_level = level > 0 && level <= 5 ? level : 0;
    q->f.name_like = q->name && q->name[0] ? q->name : NULL;
    q->page = page > 0 && page < 100000 ? page : 1;
}

int nb_web_people(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_errors errs;
    nb_people_query q;
    nb_web_catalogue cat = {NULL, 0};
    nb_org_names orgs = {NULL, 0};
    nb_people_page pg = {calloc(NB_PEOPLE_PAGE, sizeof(nb_person)), 0};
    nb_buf b = NB_BUF_INIT;
    int64_t total = 0;
    memset(&errs, 0, sizeof errs);
    memset(&q, 0, sizeof q);
    q.f = (nb_person_filter)NB_PERSON_FILTER_ALL;
    int rc = pg.v ? 0 : NB_ENOMEM;
    nb_people_parse(w, &q, &errs);
    if (rc == 0)
        rc = nb_web_catalogue_load(w->req->st, &cat, &err);
    if (rc == 0 && w->req->who->role == NB_ROLE_BEHEER)
        rc = nb_org_list(w->req->st, NULL, 0, -1, nb_org_names_add, &orgs, NULL, &err);
    if (rc == 0 && errs.count == 0 && q.f.organisation_id >= 0 &&
        (w->req->who->role == NB_ROLE_BEHEER || q.f.organisation_id > 0))
        rc = nb_person_list(w->req->st, &q.f, (q.page - 1) * NB_PEOPLE_PAGE, NB_PEOPLE_PAGE,
                            nb_people_add, &pg, &total, &err);
    if (rc != 0)
        goto cleanup;
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_people_form(&b, w, &errs, &q, &cat, &orgs);
    int filtered = q.f.competency_id || (q.f.name_like != NULL) ||
                   (w->req->who->role == NB_ROLE_BEHEER && q.f.organisation_id);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"resultaat\">");
    if (errs.count) {
        nb_html_lit(&b, "Pas het filter aan</h2>\n");
    } else {
        nb_html_int(&b, total);
        if (total == 1)
            nb_html_lit(&b, " medewerker</h2>\n");
        else
            nb_html_lit(&b, " medewerkers</h2>\n");
        if (total == 0 && filtered)
            nb_html_lit(&b,
                        "<p class=\"utrecht-paragraph\">Niemand past bij dit filter. Kies "
                        "een lager niveau of een andere competentie, of <a "
                        "class=\"utrecht-link\" href=\"/medewerkers\">toon iedereen</a>.</p>\n");
        else if (total == 0)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er zijn nog geen medewerkers. Het "
                            "netwerk-MT voegt ze toe; daarna vult u hier hun competenties, "
                            "niveaus en beschikbaarheid in.</p>\n");
        else if (pg.n == 0)
            nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Deze pagina is leeg. <a "
                            "class=\"utrecht-link\" href=\"/medewerkers\">Terug naar de eerste "
                            "pagina</a>.</p>\n");
        else
            nb_people_table(&b, w, &pg, &cat, &orgs);
        nb_web_pager(&b, "Paginering van de medewerkers", q.page,
                     (total + NB_PEOPLE_PAGE - 1) / NB_PEOPLE_PAGE, nb_people_page_href, &q);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, errs.count ? 422 : 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_web_catalogue_free(&cat);
    free(orgs.v);
    free(pg.v);
    return rc == NB_ENOMEM ? rc : 0;
}

/* ---- One person ---------------------------------------------------------- */

typedef struct nb_person_allocs {
    nb_buf *b;
    size_t n;
} nb_person_allocs;

static int nb_person_alloc_row(void *ctx, const nb_alloc *a)
{
    nb_person_allocs *c = ctx;
    if (strcmp(a->status, "beeindigd") == 0)
        return 0;
    nb_buf *b = c->b;
    char href[48], text[NB_WEB_FMT_LEN];
    if (c->n++ == 0) {
        static const nb_web_col cols[] = {
            {"Opdracht", 0, NULL}, {"Status", 0, NULL}, {"Gepland", 1, NULL}, {"Geboekt", 1, NULL}};
        nb_web_table_open(b, "inzet-bijschrift", "Huidige inzet", NULL, NULL);
        NB_WEB_TABLE_HEAD(b, cols);
    }
    snprintf(href, sizeof href, "/opdrachten/%lld", (long long)a->assignment_id);
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">"
                   "<a class=\"utrecht-link\" href=\"");
    nb_html_url(b, href);
    nb_html_lit(b, "\">Opdracht ");
    nb_html_int(b, a->assignment_id);
    nb_html_lit(b, "</a></td><td class=\"utrecht-table__cell\">");
    nb_html_text(b, a->status);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_web_fmt_hours(a->minutes, text);
    nb_html_text(b, text);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_web_fmt_hours(a->minutes_posted, text);
    nb_html_text(b, text);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

static void nb_person_facts(nb_buf *b, const nb_person *p, const nb_org *org, int personal)
{
    char text[NB_WEB_FMT_LEN + 16];
    nb_web_dl_open(b);
    snprintf(text, sizeof text, "%lld", (long long)p->id); /* what /gebruikers asks for */
    nb_web_dl_item(b, "Medewerkernummer", text);
    nb_web_dl_item(b, "Organisatie", org->name);
    nb_web_dl_item(b, "E-mail", p->email);
    nb_web_dl_item(b, "Functie", p->job_title[0] ? p->job_title : "—");
    snprintf(text, sizeof text, "%lld", (long long)p->scale);
    nb_web_dl_item(b, "Schaal", text);
    nb_web_fmt_week(p->contract_minutes_week, text, sizeof text);
    nb_web_dl_item(b, "Contract", text);
    nb_web_fmt_week(p->network_minutes_week, text, sizeof text);
    nb_web_dl_item(b, "Beschikbaar voor het netwerk", text);
    nb_web_dl_item(b, "Status", p->active ? "in dienst" : "uit dienst");
    if (personal) {
        if (p->birth_year > 0)
            snprintf(text, sizeof text, "%lld", (long long)p->birth_year);
        nb_web_dl_item(b, "Geboortejaar", p->birth_year > 0 ? text : "onbekend");
        if (p->exit_date[0] == '\0' || nb_web_fmt_date(p->exit_date, text) != 0)
            snprintf(text, sizeof text, "niet bekend");
        nb_web_dl_item(b, "Verwachte uitstroom (pensioen)", text);
    }
    nb_web_dl_close(b);
}

static void nb_person_competencies(nb_buf *b, const nb_person *p, const nb_web_catalogue *cat,
                                   int personal)
{
    char buf[48];
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Competenties</h2>\n");
    if (p->ncomps == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Nog geen competenties vastgelegd. Vul ze "
                       "in met ‘Bewerken’, zodat het netwerk-MT deze medewerker kan "
                       "voorstellen.</p>\n");
    } else {
        nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">\n");
        for (size_t i = 0; i < p->ncomps; i++) {
            nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
            nb_html_text(b, nb_web_catalogue_name(cat, p->comps[i].competency_id, buf));
            if (personal) {
                nb_html_lit(b, ": niveau ");
                nb_html_int(b, p->comps[i].level);
            }
            nb_html_lit(b, "</li>\n");
        }
        nb_html_lit(b, "</ul>\n");
    }
    if (!personal)
        return;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\">Leerwensen</h2>\n");
    if (p->nwishes == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Geen leerwensen vastgelegd.</p>\n");
        return;
    }
    nb_html_lit(b, "<ul class=\"utrecht-unordered-list\">\n");
    for (size_t i = 0; i < p->nwishes; i++) {
        nb_html_lit(b, "<li class=\"utrecht-unordered-list__item\">");
        nb_html_text(b, nb_web_catalogue_name(cat, p->wishes[i], buf));
        nb_html_lit(b, "</li>\n");
    }
    nb_html_lit(b, "</ul>\n");
}

int nb_web_person(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_catalogue cat = {NULL, 0};
    nb_buf b = NB_BUF_INIT;
    int64_t id;
    nb_person *p = malloc(sizeof *p);
    nb_org org;
    int rc = p ? 0 : NB_ENOMEM;
    if (rc != 0)
        goto cleanup;
    if (nb_req_path_id(w->req, resp, 0, &id) != 0)
        goto cleanup;
    rc = nb_person_get(w->req->st, id, p, &err);
    if (rc == NB_ENOTFOUND) {
        rc = nb_resp_problem(resp, 404, "Niet gevonden", "Deze medewerker bestaat niet.");
        goto cleanup;
    }
    if (rc == 0 && !nb_person_may_edit(w->req->who, p->organisation_id)) {
        rc = nb_resp_problem(resp, 403, "Geen toegang",
                             "Een coördinator ziet hier alleen de medewerkers van de eigen "
                             "organisatie.");
        goto cleanup;
    }
    if (rc == 0)
        rc = nb_org_get(w->req->st, p->organisation_id, &org, &err);
    if (rc == 0)
        rc = nb_web_catalogue_load(w->req->st, &cat, &err);
    if (rc != 0)
        goto cleanup;
    int personal =
        nb_person_visibility(w->req->who, p->organisation_id, p->id) == NB_PERSON_VIS_PERSONAL;
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">");
    nb_html_text(&b, p->name);
    nb_html_lit(&b, "</h2>\n");
    nb_person_facts(&b, p, &org, personal);
    char href[64];
    snprintf(href, sizeof href, "/medewerkers/%lld/bewerken", (long long)p->id);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"");
    nb_html_url(&b, href);
    nb_html_lit(&b, "\">Competenties, beschikbaarheid en leerwensen bewerken</a></p>\n");
    nb_person_competencies(&b, p, &cat, personal);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Inzet</h2>\n");
    nb_person_allocs ac = {&b, 0};
    nb_alloc_filter af;
    memset(&af, 0, sizeof af);
    af.person_id = p->id;
    rc = nb_alloc_list(w->req->st, &af, 0, -1, nb_person_alloc_row, &ac, NULL, &err);
    if (rc != 0)
        goto cleanup;
    if (ac.n == 0)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Nu niet ingezet op een opdracht. Het "
                        "netwerk-MT zet medewerkers in met een teamvoorstel.</p>\n");
    else
        nb_web_table_close(&b);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"/medewerkers\">Terug naar de medewerkers</a></p>\n");
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    nb_buf_free(&b);
    nb_web_catalogue_free(&cat);
    free(p);
    return rc == NB_ENOMEM ? rc : 0;
}
