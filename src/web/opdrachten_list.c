/*
 * web/opdrachten_list.c — GET /opdrachten: the assignments of the network,
 * filtered by status, kind, requesting organisation and a part of the title,
 * 25 per page (?pagina=N). Every logged-in role reads every assignment, as
 * GET /api/v1/opdrachten allows (an assignment is not personal data). Also
 * the helpers the assignment pages share (web/opdrachten.h).
 */
#include "store/assignments.h"
#include "web/format.h"
#include "util/date.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_ASG_PAGE 25

/* ---- Shared helpers ---------------------------------------------------------- */

const char *nb_web_asg_status_label(nb_assignment_status s)
{
    static const char *const labels[NB_ASSIGNMENT_STATUS_COUNT] = {
        "Concept",       "Ingediend", "Geaccepteerd", "Bemenst",
        "In uitvoering", "Afgerond",  "Geannuleerd",  "Samengevoegd"};
    return (unsigned)s < NB_ASSIGNMENT_STATUS_COUNT ? labels[s] : "Onbekend";
}

const char *nb_web_asg_kind_label(nb_assignment_kind k)
{
    static const char *const labels[NB_ASSIGNMENT_KIND_COUNT] = {"Lokaal", "Meervoudig lokaal",
                                                                 "Regionaal"};
    return (unsigned)k < NB_ASSIGNMENT_KIND_COUNT ? labels[k] : "Onbekend";
}

void nb_web_asg_badge(nb_buf *b, nb_assignment_status s)
{
    switch (s) {
    case NB_ASSIGNMENT_CONCEPT:
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--neutral\">");
        break;
    case NB_ASSIGNMENT_INGEDIEND:
    case NB_ASSIGNMENT_IN_UITVOERING:
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--active\">");
        break;
    case NB_ASSIGNMENT_GEACCEPTEERD:
    case NB_ASSIGNMENT_BEMENST:
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--safe\">");
        break;
    case NB_ASSIGNMENT_GEANNULEERD:
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--danger\">");
        break;
    default:
        nb_html_lit(b, "<span class=\"utrecht-status-badge utrecht-status-badge--inactive\">");
        break;
    }
    nb_html_text(b, nb_web_asg_status_label(s));
    nb_html_lit(b, "</span>");
}

static int nb_web_orgs_add(void *ctx, const nb_org *org)
{
    nb_web_orgs *o = ctx;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        nb_org *v = realloc(o->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n++] = *org;
    return 0;
}

int nb_web_orgs_load(nb_store *st, nb_web_orgs *o, nb_err *err)
{
    return nb_org_list(st, NULL, 0, -1, nb_web_orgs_add, o, NULL, err);
}

void nb_web_orgs_free(nb_web_orgs *o)
{
    free(o->v);
    o->v = NULL;
    o->n = o->cap = 0;
}

const char *nb_web_orgs_name(const nb_web_orgs *o, int64_t id)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].id == id)
            return o->v[i].name;
    return "organisatie ?";
}

/* ---- The list ------------------------------------------------------------------ */

typedef struct nb_asg_list_ctx {
    nb_buf *b;
    const nb_web_orgs *orgs;
} nb_asg_list_ctx;

static void nb_asg_list_date(nb_buf *b, const char *iso)
{
    char text[NB_WEB_FMT_LEN];
    NB_IGNORE(nb_web_fmt_date(iso, text), "a stored date that does not parse is shown as stored");
    nb_html_text(b, text);
}

static int nb_asg_list_row(void *ctx, const nb_asg *a)
{
    nb_asg_list_ctx *c = ctx;
    nb_buf *b = c->b;
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">"
                   "<a class=\"utrecht-link\" href=\"/opdrachten/");
    nb_html_int(b, a->id);
    nb_html_lit(b, "\">");
    nb_html_text(b, a->title);
    nb_html_lit(b, "</a></td><td class=\"utrecht-table__cell\">");
    nb_web_asg_badge(b, a->status);
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_html_text(b, nb_web_asg_kind_label(a->kind));
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    for (size_t i = 0; i < a->nrequesters; i++) {
        if (i > 0)
            nb_html_lit(b, ", ");
        nb_html_text(b, nb_web_orgs_name(c->orgs, a->requesters[i].organisation_id));
    }
    if (a->nrequesters == 0)
        nb_html_lit(b, "Alle leden (verdeelsleutel)");
    nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
    nb_asg_list_date(b, a->start_date);
    nb_html_lit(b, " tot en met ");
    nb_asg_list_date(b, a->end_date);
    nb_html_lit(b, "</td></tr>\n");
    return 0;
}

/* A query value if it is one of values (NULL-terminated), else NULL. */
static const char *nb_asg_query_enum(const nb_req *req, const char *name, const char *const *values)
{
    const char *v = nb_req_query(req, name);
    for (size_t i = 0; v && values[i]; i++)
        if (strcmp(v, values[i]) == 0)
            return values[i];
    return NULL;
}

static int64_t nb_asg_query_int(const nb_req *req, const char *name, int64_t dflt)
{
    const char *v = nb_req_query(req, name);
    char *end = NULL;
    if (v == NULL || *v < '0' || *v > '9')
        return dflt;
    long long n = strtoll(v, &end, 10);
    return (*end == '\0' && n > 0 && n < 1000000000) ? (int64_t)n : dflt;
}

static void nb_asg_filter_form(nb_buf *b, const nb_web_orgs *orgs, const nb_asg_filter *f,
                               char org_value[24])
{
    static const char *const statuses[] = {"concept",     "ingediend",     "geaccepteerd",
                                           "bemenst",     "in-uitvoering", "afgerond",
                                           "geannuleerd", "samengevoegd"};
    nb_web_option opts[NB_ASSIGNMENT_STATUS_COUNT + 1];
    opts[0] = (nb_web_option){"", "Alle statussen"};
    for (int i = 0; i < NB_ASSIGNMENT_STATUS_COUNT; i++)
        opts[i + 1] =
            (nb_web_option){statuses[i], nb_web_asg_status_label((nb_assignment_status)i)};
    nb_html_lit(b, "<form method=\"get\" action=\"/opdrachten\" class=\"nb-filter\" "
                   "aria-label=\"Opdrachten filteren\">\n");
    nb_web_form_select(b, NULL, "status", "Status", NULL, opts, NB_ASSIGNMENT_STATUS_COUNT + 1,
                       f->status);
    nb_web_option kinds[] = {{"", "Alle soorten"},
                             {"lokaal", "Lokaal"},
                             {"meervoudig-lokaal", "Meervoudig lokaal"},
                             {"regionaal", "Regionaal"}};
    nb_web_form_select(b, NULL, "soort", "Soort", NULL, kinds, 4, f->kind);
    nb_web_option *o = calloc(orgs->n + 1, sizeof *o);
    char(*ids)[24] = calloc(orgs->n + 1, sizeof *ids);
    if (o != NULL && ids != NULL) {
        o[0] = (nb_web_option){"", "Alle organisaties"};
        for (size_t i = 0; i < orgs->n; i++) {
            snprintf(ids[i], sizeof ids[i], "%lld", (long long)orgs->v[i].id);
            o[i + 1] = (nb_web_option){ids[i], orgs->v[i].name};
        }
        nb_web_form_select(b, NULL, "organisatie", "Aanvragende organisatie", NULL, o, orgs->n + 1,
                           org_value);
    }
    free(o);
    free(ids);
    nb_web_form_field(b, NULL, "zoek", "search", "Titel bevat", NULL, f->text, "off");
    nb_html_lit(b, "<button class=\"utrecht-button utrecht-button--secondary-action\" "
                   "type=\"submit\">Filteren</button>\n</form>\n");
}

/* The filters of the list, for its pager's links. */
typedef struct nb_asg_pages {
    const nb_asg_filter *f;
    const char *org;
} nb_asg_pages;

/* href of page n of the list with every current filter (nb_web_page_href). */
static void nb_asg_page_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_asg_pages *pg = ctx;
    const nb_asg_filter *f = pg->f;
    const nb_web_param params[] = {{"status", f->status},    {"soort", f->kind},
                                   {"organisatie", pg->org}, {"zoek", f->text},
                                   {"vanaf", f->from},       {"tot", f->to}};
    nb_web_list_href(b, "/opdrachten", params, sizeof params / sizeof params[0], n);
}

int nb_web_asg_list(nb_web_req *w, nb_resp *resp)
{
    static const char *const statuses[] = {"concept",     "ingediend",     "geaccepteerd",
                                           "bemenst",     "in-uitvoering", "afgerond",
                                           "geannuleerd", "samengevoegd",  NULL};
    static const char *const kinds[] = {"lokaal", "meervoudig-lokaal", "regionaal", NULL};
    nb_req *req = w->req;
    nb_web_orgs orgs = {NULL, 0, 0};
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_buf rows = NB_BUF_INIT;
    nb_asg_filter f;
    memset(&f, 0, sizeof f);
    f.status = nb_asg_query_enum(req, "status", statuses);
    f.kind = nb_asg_query_enum(req, "soort", kinds);
    f.organisation_id = nb_asg_query_int(req, "organisatie", 0);
    /* a period (the reports link here with one): assignments whose period
     * overlaps it; a value that is not a date is ignored */
    int32_t day = 0;
    const char *from = nb_req_query(req, "vanaf"), *to = nb_req_query(req, "tot");
    f.from = from != NULL && nb_date_parse(from, &day) == 0 ? from : NULL;
    f.to = to != NULL && nb_date_parse(to, &day) == 0 ? to : NULL;
    char org_value[24] = "";
    if (f.organisation_id > 0)
        snprintf(org_value, sizeof org_value, "%lld", (long long)f.organisation_id);
    const char *text = nb_req_query(req, "zoek");
    char text_buf[NB_ASG_TITLE_MAX * 4 + 1] = "";
    if (text != NULL)
        snprintf(text_buf, sizeof text_buf, "%s", text);
    f.text = text_buf;
    int64_t page = nb_asg_query_int(req, "pagina", 1), total = 0;

    int rc = nb_web_orgs_load(req->st, &orgs, &err);
    nb_asg_list_ctx c = {&rows, &orgs};
    if (rc == 0)
        rc = nb_asg_list(req->st, &f, (page - 1) * NB_ASG_PAGE, NB_ASG_PAGE, nb_asg_list_row, &c,
                         &total, &err);
    if (rc != 0)
        goto cleanup;

    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De bestuursopdrachten van het netwerk: wie "
                    "ze aanvraagt, in welke status ze zijn en voor welke periode.</p>\n");
    int role = req->who->role;
    if (role == NB_ROLE_COORDINATOR || role == NB_ROLE_BEHEER)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                        "href=\"/opdrachten/nieuw\">Nieuwe opdracht indienen</a></p>\n");
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Opdrachten die samen gepland worden, staan "
                    "in een <a class=\"utrecht-link\" href=\"/programmas\">programma</a>.</p>\n");
    nb_asg_filter_form(&b, &orgs, &f, org_value);
    if (total == 0) {
        nb_html_lit(&b,
                    "<p class=\"utrecht-paragraph\" role=\"status\">Geen opdrachten gevonden. ");
        if (f.status || f.kind || f.organisation_id || f.text[0])
            nb_html_lit(&b, "Pas de filters aan of <a class=\"utrecht-link\" href=\"/opdrachten\">"
                            "toon alle opdrachten</a>.");
        else if (role == NB_ROLE_COORDINATOR || role == NB_ROLE_BEHEER)
            nb_html_lit(&b, "Dien de eerste in met <a class=\"utrecht-link\" "
                            "href=\"/opdrachten/nieuw\">Nieuwe opdracht indienen</a>.");
        else
            nb_html_lit(&b, "Een coördinator dient opdrachten in.");
        nb_html_lit(&b, "</p>\n");
    } else {
        int64_t pages = (total + NB_ASG_PAGE - 1) / NB_ASG_PAGE;
        static const nb_web_col cols[] = {{"Titel", 0, NULL},
                                          {"Status", 0, NULL},
                                          {"Soort", 0, NULL},
                                          {"Aanvragers", 0, NULL},
                                          {"Periode", 0, NULL}};
        char caption[128];
        int n = snprintf(caption, sizeof caption, "Opdrachten (%lld %s", (long long)total,
                         total == 1 ? "opdracht" : "opdrachten");
        if (pages > 1)
            snprintf(caption + n, sizeof caption - (size_t)n, ", pagina %lld van %lld)",
                     (long long)page, (long long)pages);
        else
            snprintf(caption + n, sizeof caption - (size_t)n, ")");
        nb_web_table_open(&b, "opdrachten-bijschrift", caption, NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        nb_buf_append(&b, rows.data ? rows.data : "", rows.len);
        if (rows.oom)
            b.oom = 1;
        nb_web_table_close(&b);
        nb_asg_pages pg = {&f, org_value};
        nb_web_pager(&b, "Paginering van de opdrachten", page, pages, nb_asg_page_href, &pg);
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
