/*
 * web/mijn.c — the medewerker's own pages:
 *   GET /mijn-inzet   the person's allocations (inzet) with planned hours
 *                     against recorded hours (approved, waiting, rejected),
 *                     as a table; the start page of a medewerker;
 *   GET /mijn-profiel own details, competencies with their levels and
 *                     learning wishes, read-only: the API lets only a
 *                     coordinator of the person's organisation and beheer
 *                     change them (api/medewerkers.c), so the page says whom
 *                     to ask.
 * Only the logged-in person's own data (w->req->who->person_id).
 */
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/competencies.h"
#include "store/organisations.h"
#include "store/people.h"
#include "store/time_entries.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_MIJN_MAX 200

typedef struct nb_mijn_row {
    nb_alloc al;
    int64_t waiting;  /* ingediend minutes */
    int64_t rejected; /* afgekeurd minutes */
    char title[NB_ASG_TITLE_MAX * 4 + 1];
    char from[11], to[11];
} nb_mijn_row;

typedef struct nb_mijn {
    nb_mijn_row *v;
    size_t n;
} nb_mijn;

static int nb_mijn_alloc_add(void *ctx, const nb_alloc *a)
{
    nb_mijn *m = ctx;
    if (m->n == NB_MIJN_MAX)
        return 0;
    memset(&m->v[m->n], 0, sizeof m->v[m->n]);
    m->v[m->n++].al = *a;
    return 0;
}

static int nb_mijn_entry_add(void *ctx, const nb_entry *e)
{
    nb_mijn *m = ctx;
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i].al.id == e->allocation_id) {
            if (strcmp(e->status, "ingediend") == 0)
                m->v[i].waiting += e->minutes;
            else if (strcmp(e->status, "afgekeurd") == 0)
                m->v[i].rejected += e->minutes;
            break;
        }
    return 0;
}

static void nb_mijn_hours_cell(nb_buf *b, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

static void nb_mijn_date_text(nb_buf *b, const char *iso)
{
    char text[NB_WEB_FMT_LEN];
    if (nb_web_fmt_date(iso, text) != 0)
        snprintf(text, sizeof text, "%s", iso);
    nb_html_text(b, text);
}

static void nb_mijn_table(nb_buf *b, const nb_mijn *m)
{
    static const nb_web_col cols[] = {{"Opdracht", 0, NULL},     {"Periode", 0, NULL},
                                      {"Status", 0, NULL},       {"Gepland", 1, NULL},
                                      {"Goedgekeurd", 1, NULL},  {"Wacht op goedkeuring", 1, NULL},
                                      {"Nog te werken", 1, NULL}};
    nb_web_table_open(b, "inzet-bijschrift", "Mijn inzet: gepland tegenover geregistreerd", NULL,
                      NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < m->n; i++) {
        const nb_mijn_row *r = &m->v[i];
        int64_t left = r->al.minutes - r->al.minutes_posted - r->waiting;
        nb_web_row_head_open(b);
        nb_html_text(b, r->title);
        nb_html_lit(b, "</th><td class=\"utrecht-table__cell\">");
        nb_mijn_date_text(b, r->from);
        nb_html_lit(b, " tot en met ");
        nb_mijn_date_text(b, r->to);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\"><span "
                       "class=\"utrecht-badge-status nb-status\">");
        nb_html_text(b, strcmp(r->al.status, "beeindigd") == 0 ? "beëindigd" : r->al.status);
        nb_html_lit(b, "</span></td>");
        nb_mijn_hours_cell(b, r->al.minutes);
        nb_mijn_hours_cell(b, r->al.minutes_posted);
        nb_mijn_hours_cell(b, r->waiting);
        nb_mijn_hours_cell(b, left > 0 ? left : 0);
        nb_html_lit(b, "</tr>\n");
    }
    nb_web_table_close(b);
}

static int nb_mijn_person_check(nb_web_req *w, nb_resp *resp)
{
    if (w->req->who->person_id > 0)
        return 0;
    nb_resp_problem(resp, 403, "Geen toegang",
                    "Deze gebruiker hoort bij geen medewerker; vraag beheer om uw account aan uw "
                    "medewerkergegevens te koppelen.");
    return 1;
}

int nb_web_my_allocations(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_mijn m = {calloc(NB_MIJN_MAX, sizeof(nb_mijn_row)), 0};
    nb_asg *a = calloc(1, sizeof *a);
    int rc = m.v && a ? 0 : NB_ENOMEM;
    if (rc != 0 || nb_mijn_person_check(w, resp) != 0)
        goto cleanup;
    nb_alloc_filter af;
    memset(&af, 0, sizeof af);
    af.person_id = w->req->who->person_id;
    rc = nb_alloc_list(w->req->st, &af, 0, -1, nb_mijn_alloc_add, &m, NULL, &err);
    nb_entry_filter ef;
    memset(&ef, 0, sizeof ef);
    ef.person_id = w->req->who->person_id;
    if (rc == 0)
        rc = nb_entry_list(w->req->st, &ef, 0, -1, nb_mijn_entry_add, &m, NULL, &err);
    for (size_t i = 0; rc == 0 && i < m.n; i++) {
        if ((rc = nb_asg_get(w->req->st, m.v[i].al.assignment_id, a, &err)) != 0)
            break;
        snprintf(m.v[i].title, sizeof m.v[i].title, "%s", a->title);
        snprintf(m.v[i].from, sizeof m.v[i].from, "%s", a->start_date);
        snprintf(m.v[i].to, sizeof m.v[i].to, "%s", a->end_date);
    }
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">De opdrachten waarop u bent ingezet, met de "
                    "geplande uren en wat u daarvan hebt geregistreerd. Uren registreert u in het "
                    "<a class=\"utrecht-link\" href=\"/uren\">weekrooster</a>.</p>\n");
    if (m.n == 0)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">U bent nog niet ingezet op een opdracht. "
                        "Het netwerk-MT zet medewerkers in via een teamvoorstel; uw coördinator "
                        "weet meer.</p>\n");
    else
        nb_mijn_table(&b, &m);
    nb_web_end(&b);
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    nb_buf_free(&b);
    free(a);
    free(m.v);
    return rc;
}

/* ---- Profile --------------------------------------------------------------- */

int nb_web_my_profile(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    nb_person *p = calloc(1, sizeof *p);
    nb_comp *c = calloc(1, sizeof *c);
    nb_org *o = calloc(1, sizeof *o);
    int rc = p && c && o ? 0 : NB_ENOMEM;
    if (rc != 0 || nb_mijn_person_check(w, resp) != 0)
        goto cleanup;
    if ((rc = nb_person_get(w->req->st, w->req->who->person_id, p, &err)) == 0)
        rc = nb_org_get(w->req->st, p->organisation_id, o, &err);
    if (rc != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    char text[NB_WEB_FMT_LEN];
    nb_web_begin(&b, w);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Gegevens</h2>\n");
    nb_web_dl_open(&b);
    nb_web_dl_item(&b, "Naam", p->name);
    /* the number a colleague types to name this person, e.g. as ambtelijk
     * opdrachtgever, when two people share a name */
    snprintf(text, sizeof text, "%lld", (long long)p->id);
    nb_web_dl_item(&b, "Medewerkernummer", text);
    nb_web_dl_item(&b, "Organisatie", o->name);
    nb_web_dl_item(&b, "Functie", p->job_title);
    nb_web_dl_item(&b, "E-mailadres", p->email);
    nb_web_fmt_hours(p->contract_minutes_week, text);
    nb_web_dl_item(&b, "Uren per week (contract)", text);
    nb_web_fmt_hours(p->network_minutes_week, text);
    nb_web_dl_item(&b, "Uren per week voor het netwerk", text);
    if (p->exit_date[0]) {
        if (nb_web_fmt_date(p->exit_date, text) != 0)
            snprintf(text, sizeof text, "%s", p->exit_date);
        nb_web_dl_item(&b, "Verwachte uitstroomdatum", text);
    }
    nb_web_dl_close(&b);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Competenties</h2>\n");
    if (p->ncomps == 0) {
        nb_html_lit(&b,
                    "<p class=\"utrecht-paragraph\">Er staan nog geen competenties bij u.</p>\n");
    } else {
        static const nb_web_col cols[] = {
            {"Competentie", 0, NULL}, {"Domein", 0, NULL}, {"Niveau", 1, NULL}};
        nb_web_table_open(&b, "comp-bijschrift", "Mijn competenties en niveaus (1 tot en met 5)",
                          NULL, NULL);
        NB_WEB_TABLE_HEAD(&b, cols);
        for (size_t i = 0; i < p->ncomps; i++) {
            if ((rc = nb_comp_get(w->req->st, p->comps[i].competency_id, c, &err)) != 0)
                break;
            nb_web_row_head_open(&b);
            nb_html_text(&b, c->name);
            nb_html_lit(&b, "</th><td class=\"utrecht-table__cell\">");
            nb_html_text(&b, c->domain);
            nb_html_lit(&b, "</td><td class=\"utrecht-table__cell "
                            "utrecht-table__cell--numeric-column\">");
            nb_html_int(&b, p->comps[i].level);
            nb_html_lit(&b, "</td></tr>\n");
        }
        nb_web_table_close(&b);
    }
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\">Leerwensen</h2>\n");
    if (p->nwishes == 0)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">U hebt nog geen leerwensen.</p>\n");
    else
        nb_html_lit(&b, "<ul class=\"utrecht-unordered-list\">\n");
    for (size_t i = 0; rc == 0 && i < p->nwishes; i++) {
        if ((rc = nb_comp_get(w->req->st, p->wishes[i], c, &err)) != 0)
            break;
        nb_html_lit(&b, "<li class=\"utrecht-unordered-list__item\">");
        nb_html_text(&b, c->name);
        nb_html_lit(&b, "</li>\n");
    }
    if (p->nwishes > 0)
        nb_html_lit(&b, "</ul>\n");
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Kloppen uw competenties, niveaus of "
                    "leerwensen niet? De coördinator van uw organisatie past ze aan.</p>\n");
    nb_web_end(&b);
    if (rc != 0) {
        nb_buf_free(&b);
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_web_reply(resp, 200, &b);
cleanup:
    nb_buf_free(&b);
    free(o);
    free(c);
    free(p);
    return rc;
}
