/*
 * web/leerervaringen.c — lessons learned in the pages (issue 11 §2; the same
 * store rules as /api/v1/leerervaringen, store/lessons.h):
 *   - the section "Leerervaringen" of an assignment's page (opdrachten_detail.c
 *     calls nb_web_lessons_section): its lessons, newest first, and for whoever
 *     may write one (nb_lesson_role_of) the form;
 *   - POST /opdrachten/{id}/leerervaringen: records one (PRG with a flash
 *     message; 422 with the errors next to the fields and what was typed;
 *     403/409 with the reason at the top);
 *   - GET /leerervaringen: for the MT, coordinators and readers, the lessons
 *     of a period per category (counts) and as a list, filtered by period and
 *     category, 25 a page.
 * A lesson shows the role it was written in and the organisation, never the
 * person.
 */
#include "store/lessons.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_LESSONS_PAGE 25
#define NB_LESSONS_ON_ASG 50

static void nb_ll_cell(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

typedef struct nb_ll_rows {
    nb_buf *b;
    const nb_web_orgs *orgs;
    int with_asg; /* the list page names the assignment */
    int n;
} nb_ll_rows;

static const char *nb_ll_category_label(const char *category)
{
    int i = nb_lesson_category_index(category);
    return i < 0 ? category : nb_lesson_category_labels[i];
}

static int nb_ll_row(void *ctx, const nb_lesson *l)
{
    nb_ll_rows *r = ctx;
    nb_buf *b = r->b;
    r->n++;
    char day[NB_WEB_FMT_LEN];
    nb_web_fmt_instant_day(l->created_at, day);
    nb_web_row_head_open(b);
    nb_html_text(b, day);
    nb_html_lit(b, "</th>");
    if (r->with_asg) {
        nb_html_lit(b, "<td class=\"utrecht-table__cell\"><a class=\"utrecht-link\" "
                       "href=\"/opdrachten/");
        nb_html_int(b, l->assignment_id);
        nb_html_lit(b, "\">");
        nb_html_text(b, l->assignment_title);
        nb_html_lit(b, "</a></td>");
    }
    nb_ll_cell(b, nb_ll_category_label(l->category));
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, nb_lesson_role_label(l->author_role));
    if (l->author_organisation_id > 0) {
        nb_html_lit(b, ", ");
        nb_html_text(b, nb_web_orgs_name(r->orgs, l->author_organisation_id));
    }
    nb_html_lit(b, "</td>");
    nb_ll_cell(b, l->went_well[0] ? l->went_well : "—");
    nb_ll_cell(b, l->to_improve[0] ? l->to_improve : "—");
    nb_html_lit(b, "</tr>\n");
    return 0;
}

static const nb_web_col nb_ll_cols_asg[] = {{"Vastgelegd", 0, NULL},
                                            {"Categorie", 0, NULL},
                                            {"Door", 0, NULL},
                                            {"Wat ging goed", 0, NULL},
                                            {"Wat kan beter", 0, NULL}};
static const nb_web_col nb_ll_cols_all[] = {{"Vastgelegd", 0, NULL},    {"Opdracht", 0, NULL},
                                            {"Categorie", 0, NULL},     {"Door", 0, NULL},
                                            {"Wat ging goed", 0, NULL}, {"Wat kan beter", 0, NULL}};

static void nb_ll_form(nb_buf *b, const nb_web_req *w, const nb_asg *a, const char *role,
                       const nb_web_errors *errs)
{
    char action[64];
    snprintf(action, sizeof action, "/opdrachten/%lld/leerervaringen", (long long)a->id);
    nb_html_lit(b, "<h3 class=\"utrecht-heading-3\">Leerervaring vastleggen</h3>\n"
                   "<p class=\"utrecht-paragraph\">U schrijft als ");
    nb_html_text(b, nb_lesson_role_label(role));
    nb_html_lit(b, ". Uw naam komt niet bij de leerervaring; iedereen die de opdracht ziet, kan "
                   "haar lezen. Een leerervaring kan later niet worden gewijzigd.</p>\n");
    nb_web_form_open(b, w, action);
    nb_web_option opts[NB_LESSON_CATEGORIES + 1] = {{"", "Kies een categorie"}};
    for (int i = 0; i < NB_LESSON_CATEGORIES; i++)
        opts[i + 1] = (nb_web_option){nb_lesson_categories[i], nb_lesson_category_labels[i]};
    const nb_web_form *f = errs && errs->count ? w->form : NULL;
    nb_web_form_select(b, errs, "categorie", "Categorie",
                       "Proces, samenwerking, inhoud of middelen (zoals systemen en tijd).", opts,
                       NB_LESSON_CATEGORIES + 1, f ? nb_web_form_get(f, "categorie") : NULL);
    nb_web_form_textarea(b, errs, "watGingGoed", "Wat ging goed", "Hoogstens 2000 tekens.",
                         f ? nb_web_form_get(f, "watGingGoed") : NULL);
    nb_web_form_textarea(b, errs, "watKanBeter", "Wat kan beter",
                         "Vul ten minste één van beide in. Hoogstens 2000 tekens.",
                         f ? nb_web_form_get(f, "watKanBeter") : NULL);
    nb_html_lit(b, "<button class=\"utrecht-button utrecht-button--primary-action\" "
                   "type=\"submit\">Leerervaring vastleggen</button>\n</form>\n");
}

int nb_web_lessons_section(nb_buf *b, const nb_web_req *w, const nb_asg *a, const nb_web_orgs *orgs,
                           const nb_web_errors *errs, nb_err *err)
{
    nb_lesson_filter f = {.assignment_id = a->id};
    int64_t total = 0;
    nb_html_lit(b, "<h2 class=\"utrecht-heading-2\" id=\"leerervaringen\">Leerervaringen</h2>\n");
    nb_buf rows = NB_BUF_INIT;
    nb_ll_rows r = {&rows, orgs, 0, 0};
    int rc = nb_lesson_list(w->req->st, &f, 0, NB_LESSONS_ON_ASG, nb_ll_row, &r, &total, err);
    if (rc != 0)
        goto cleanup;
    if (total == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">Er zijn nog geen leerervaringen bij deze "
                       "opdracht.</p>\n");
    } else {
        nb_web_table_open(b, "leerervaringen", NULL, NULL, NULL);
        NB_WEB_TABLE_HEAD(b, nb_ll_cols_asg);
        nb_buf_append(b, nb_buf_cstr(&rows), rows.len);
        nb_web_table_close(b);
        if (total > NB_LESSONS_ON_ASG) {
            nb_html_lit(b, "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                           "href=\"/leerervaringen\">Alle leerervaringen</a></p>\n");
        }
    }
    const char *role = NULL;
    nb_err ignore = {{0}};
    if (nb_lesson_role_of(w->req->st, w->req->who, a, &role, &ignore) == 0)
        nb_ll_form(b, w, a, role, errs);
cleanup:
    nb_buf_free(&rows);
    return rc;
}

int nb_web_lesson_post(nb_web_req *w, nb_resp *resp)
{
    int64_t id = nb_web_path_id(w);
    if (id == 0)
        return nb_resp_problem(resp, 404, "Niet gevonden", "Deze opdracht bestaat niet.");
    nb_lesson *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NB_ENOMEM;
    const char *cat = nb_web_form_get(w->form, "categorie");
    const char *well = nb_web_form_get(w->form, "watGingGoed");
    const char *better = nb_web_form_get(w->form, "watKanBeter");
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    const char *field = NULL;
    nb_err err = {{0}};
    int rc = 0;
    if ((well && strlen(well) >= sizeof l->went_well) ||
        (better && strlen(better) >= sizeof l->to_improve)) {
        field = well && strlen(well) >= sizeof l->went_well ? "watGingGoed" : "watKanBeter";
        rc = nb_err_set(&err, NB_EINVAL, "Deze tekst is te lang (hoogstens 2000 tekens).");
    } else {
        snprintf(l->category, sizeof l->category, "%s", cat ? cat : "");
        snprintf(l->went_well, sizeof l->went_well, "%s", well ? well : "");
        snprintf(l->to_improve, sizeof l->to_improve, "%s", better ? better : "");
        rc = nb_lesson_record(w->req->st, &w->req->actor, w->req->who, id, l, &field, &err);
    }
    free(l);
    if (rc == NB_EINVAL && field != NULL) {
        nb_web_error_add(&errs, field, err.msg);
        return nb_web_asg_page(w, resp, id, 422, NULL, &errs);
    }
    if (rc == NB_EFORBIDDEN || rc == NB_ECONFLICT)
        return nb_web_asg_page(w, resp, id, rc == NB_EFORBIDDEN ? 403 : 409, err.msg, NULL);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    char path[80];
    snprintf(path, sizeof path, "/opdrachten/%lld#leerervaringen", (long long)id);
    return nb_web_redirect(resp, path, NB_WEB_FLASH_LESSON);
}

/* ---- GET /leerervaringen -------------------------------------------------- */

typedef struct nb_ll_query {
    const char *from, *to, *category; /* as typed (kept in the form), NULL = none */
    const char *org;                  /* the writer's organisation, as given */
    int64_t page;
} nb_ll_query;

static void nb_ll_href(nb_buf *b, const void *ctx, int64_t n)
{
    const nb_ll_query *q = ctx;
    const nb_web_param params[] = {
        {"vanaf", q->from}, {"tot", q->to}, {"categorie", q->category}, {"organisatie", q->org}};
    nb_web_list_href(b, "/leerervaringen", params, sizeof params / sizeof params[0], n);
}

/* Reads and checks the filter; errors go next to the fields. */
static void nb_ll_read(const nb_web_req *w, nb_ll_query *q, nb_lesson_filter *f,
                       nb_web_errors *errs)
{
    int32_t d;
    q->from = nb_req_query(w->req, "vanaf");
    q->to = nb_req_query(w->req, "tot");
    q->category = nb_req_query(w->req, "categorie");
    /* the writer's organisation (the reports link here with one) */
    int64_t org = 0;
    const char *o = nb_req_query(w->req, "organisatie");
    if (o != NULL && o[0] != '\0' && nb_web_parse_id(o, &org) == 0) {
        f->organisation_id = org;
        q->org = o;
    }
    const char *p = nb_req_query(w->req, "pagina");
    q->page = p ? strtoll(p, NULL, 10) : 1;
    if (q->page < 1)
        q->page = 1;
    if (q->from && q->from[0]) {
        if (nb_date_parse(q->from, &d) != 0)
            nb_web_error_add(errs, "vanaf", "Vul een datum in als 2026-01-31.");
        else
            f->from = q->from;
    }
    if (q->to && q->to[0]) {
        if (nb_date_parse(q->to, &d) != 0)
            nb_web_error_add(errs, "tot", "Vul een datum in als 2026-12-31.");
        else
            f->to = q->to;
    }
    if (q->category && q->category[0]) {
        if (nb_lesson_category_index(q->category) < 0)
            nb_web_error_add(errs, "categorie", "Kies een categorie uit de lijst.");
        else
            f->category = q->category;
    }
}

static void nb_ll_filter_form(nb_buf *b, const nb_ll_query *q, const nb_web_errors *errs)
{
    nb_html_lit(b, "<form class=\"utrecht-form nb-filter\" method=\"get\" "
                   "action=\"/leerervaringen\" novalidate>\n<fieldset "
                   "class=\"utrecht-form-fieldset\"><legend "
                   "class=\"utrecht-form-fieldset__legend\">Filter</legend>\n");
    nb_web_form_field(b, errs, "vanaf", "date", "Vastgelegd vanaf", NULL, q->from, "off");
    nb_web_form_field(b, errs, "tot", "date", "Vastgelegd tot en met", NULL, q->to, "off");
    nb_web_option opts[NB_LESSON_CATEGORIES + 1] = {{"", "Alle categorieën"}};
    for (int i = 0; i < NB_LESSON_CATEGORIES; i++)
        opts[i + 1] = (nb_web_option){nb_lesson_categories[i], nb_lesson_category_labels[i]};
    nb_web_form_select(b, errs, "categorie", "Categorie", NULL, opts, NB_LESSON_CATEGORIES + 1,
                       q->category);
    nb_html_lit(b, "</fieldset>\n<div class=\"utrecht-button-group\"><button type=\"submit\" "
                   "class=\"utrecht-button utrecht-button--primary-action\">Filter toepassen"
                   "</button> <a class=\"utrecht-link\" href=\"/leerervaringen\">Filter wissen"
                   "</a></div>\n</form>\n");
}

int nb_web_lessons(nb_web_req *w, nb_resp *resp)
{
    nb_buf b = NB_BUF_INIT, rows = NB_BUF_INIT;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_ll_query q;
    memset(&q, 0, sizeof q);
    nb_lesson_filter f;
    memset(&f, 0, sizeof f);
    nb_ll_read(w, &q, &f, &errs);
    nb_web_orgs orgs;
    memset(&orgs, 0, sizeof orgs);
    nb_err err = {{0}};
    int64_t counts[NB_LESSON_CATEGORIES], total = 0;
    nb_ll_rows r = {&rows, &orgs, 1, 0};
    int rc = nb_web_orgs_load(w->req->st, &orgs, &err);
    if (rc == 0)
        rc = nb_lesson_counts(w->req->st, &f, counts, &err);
    if (rc == 0)
        rc = nb_lesson_list(w->req->st, &f, (q.page - 1) * NB_LESSONS_PAGE, NB_LESSONS_PAGE,
                            nb_ll_row, &r, &total, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Wat deelnemers, opdrachtgevers, coördinatoren "
                    "en het netwerk-MT leerden van de opdrachten: wat goed ging en wat beter kan. "
                    "Een leerervaring noemt de rol en de organisatie van wie haar schreef, geen "
                    "naam. U legt er een vast op de pagina van een opdracht.</p>\n");
    nb_ll_filter_form(&b, &q, &errs);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"per-categorie\">Per categorie</h2>\n");
    nb_web_table_open(&b, "per-categorie", NULL, NULL, NULL);
    nb_web_table_head(&b, NULL, 0);
    int64_t all = 0;
    for (int i = 0; i < NB_LESSON_CATEGORIES; i++) {
        char t[NB_WEB_FMT_LEN];
        nb_web_fmt_decimal(counts[i], 0, t);
        nb_web_figure_row(&b, nb_lesson_category_labels[i], t);
        all += counts[i];
    }
    char t[NB_WEB_FMT_LEN];
    nb_web_fmt_decimal(all, 0, t);
    nb_web_figure_row(&b, "Totaal", t);
    nb_web_table_close(&b);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"lijst\">Leerervaringen</h2>\n");
    if (total == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Geen leerervaringen gevonden. Kies een "
                        "andere periode of categorie, of leg er een vast op de pagina van een "
                        "opdracht.</p>\n");
    } else {
        nb_web_table_open(&b, "lijst", NULL, NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, nb_ll_cols_all);
        nb_buf_append(&b, nb_buf_cstr(&rows), rows.len);
        nb_web_table_close(&b);
        nb_web_pager(&b, "Pagina's met leerervaringen", q.page,
                     (total + NB_LESSONS_PAGE - 1) / NB_LESSONS_PAGE, nb_ll_href, &q);
    }
    nb_web_end(&b);
    rc = nb_web_reply(resp, errs.count ? 422 : 200, &b);
cleanup:
    nb_web_orgs_free(&orgs);
    nb_buf_free(&rows);
    nb_buf_free(&b);
    return rc;
}
