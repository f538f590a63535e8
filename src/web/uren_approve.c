/*
 * web/uren_approve.c — GET/POST /goedkeuren: the approval queue of the
 * ambtelijk opdrachtgever (a medewerker named as client_person_id of
 * assignments; beheer sees every waiting entry). Time entries still
 * ingediend, grouped by person and ISO week; each entry, or all of a week,
 * is approved or rejected (a reason is required to reject).
 *
 * A decision goes through THE path of PUT
 * /api/v1/urenregistraties/{id}/beoordeling (store/entry_flow.h
 * nb_entry_judge: who judges, nobody judges their own hours, the reason,
 * closed periods, the ledger posting with the consent rule of DOMAIN rule 9,
 * the audit record). A refusal is shown at the form that asked, with the
 * queue as it was: the queue is read before anything is decided, and a
 * refused request rolls the whole transaction back (a week is all or
 * nothing).
 */
#include "store/assignments.h"
#include "store/entry_flow.h"
#include "store/people.h"
#include "store/time_entries.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/uren.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_Q_MAX 500 /* waiting entries shown */
#define NB_Q_PAGE 25 /* groups per page */

typedef struct nb_q_item {
    nb_entry e;
    int32_t monday;
    char asg_title[NB_ASG_TITLE_MAX * 4 + 1];
    char person[NB_PERSON_NAME_MAX * 4 + 1];
} nb_q_item;

typedef struct nb_q {
    nb_web_req *w;
    nb_q_item *v;
    size_t n;
    int truncated;
} nb_q;

static int nb_q_add(void *ctx, const nb_entry *e)
{
    nb_q *q = ctx;
    if (q->n == NB_Q_MAX) {
        q->truncated = 1;
        return 0;
    }
    nb_q_item *it = &q->v[q->n];
    memset(it, 0, sizeof *it);
    it->e = *e;
    int32_t day;
    if (nb_date_parse(e->date, &day) != 0)
        return NB_EDB;
    it->monday = nb_web_week_monday(day);
    q->n++;
    return 0;
}

static int nb_q_cmp(const void *pa, const void *pb)
{
    const nb_q_item *a = pa, *b = pb;
    if (a->e.person_id != b->e.person_id)
        return a->e.person_id < b->e.person_id ? -1 : 1;
    int c = strcmp(a->e.date, b->e.date);
    if (c != 0)
        return c;
    return a->e.id < b->e.id ? -1 : a->e.id > b->e.id;
}

/* Reads the waiting entries the caller judges, with names and titles. */
static int nb_q_load(nb_q *q, nb_err *err)
{
    const nb_principal *who = q->w->req->who;
    nb_entry_filter f;
    memset(&f, 0, sizeof f);
    f.status = "ingediend";
    if (who->role != NB_ROLE_BEHEER)
        f.client_person_id = who->person_id > 0 ? who->person_id : -1;
    q->v = calloc(NB_Q_MAX, sizeof *q->v);
    nb_asg *a = calloc(1, sizeof *a);
    nb_person *p = calloc(1, sizeof *p);
    int rc = (q->v && a && p) ? 0 : NB_ENOMEM;
    if (rc == 0)
        rc = nb_entry_list(q->w->req->st, &f, 0, -1, nb_q_add, q, NULL, err);
    if (rc == 0)
        qsort(q->v, q->n, sizeof *q->v, nb_q_cmp);
    for (size_t i = 0; rc == 0 && i < q->n; i++) {
        nb_q_item *it = &q->v[i];
        if (i > 0 && q->v[i - 1].e.person_id == it->e.person_id) {
            memcpy(it->person, q->v[i - 1].person, sizeof it->person);
        } else if ((rc = nb_person_get(q->w->req->st, it->e.person_id, p, err)) == 0) {
            snprintf(it->person, sizeof it->person, "%s", p->name);
        }
        for (size_t k = 0; rc == 0 && k < i; k++)
            if (q->v[k].e.assignment_id == it->e.assignment_id) {
                memcpy(it->asg_title, q->v[k].asg_title, sizeof it->asg_title);
                break;
            }
        if (rc == 0 && it->asg_title[0] == '\0' &&
            (rc = nb_asg_get(q->w->req->st, it->e.assignment_id, a, err)) == 0)
            snprintf(it->asg_title, sizeof it->asg_title, "%s", a->title);
    }
    free(p);
    free(a);
    return rc;
}

/* ---- Rendering ------------------------------------------------------------- */

static void nb_q_reason_field(nb_buf *b, const nb_q *q, const nb_web_errors *errs, const char *id,
                              const char *context)
{
    const char *error = nb_web_error_for(errs, id);
    nb_html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--text nb-reason");
    if (error)
        nb_html_lit(b, " utrecht-form-field--invalid");
    nb_html_lit(b,
                "\"><div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" "
                "for=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">Reden bij afkeuren<span class=\"nb-visually-hidden\"> (");
    nb_html_text(b, context);
    nb_html_lit(b, ")</span></label></div>");
    if (error) {
        nb_html_lit(b, "<div class=\"utrecht-form-field-error-message "
                       "utrecht-form-field__error-message\" id=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"><span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(b, error);
        nb_html_lit(b, "</div>");
    }
    nb_html_lit(b, "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-textbox "
                   "utrecht-textbox--html-input");
    if (error)
        nb_html_lit(b, " utrecht-textbox--invalid");
    nb_html_lit(b, "\" type=\"text\" autocomplete=\"off\" name=\"reden\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\"");
    if (error) {
        nb_html_lit(b, " aria-invalid=\"true\" aria-describedby=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"");
        const char *typed = q->w->form ? nb_web_form_get(q->w->form, "reden") : NULL;
        if (typed && typed[0]) {
            nb_html_lit(b, " value=\"");
            nb_html_attr(b, typed);
            nb_html_lit(b, "\"");
        }
    }
    nb_html_lit(b, "></div></div>\n");
}

static void nb_q_buttons(nb_buf *b, const char *what, const char *context)
{
    nb_html_lit(b,
                "<p class=\"utrecht-button-group\"><button type=\"submit\" name=\"besluit\" "
                "value=\"goedgekeurd\" class=\"utrecht-button utrecht-button--primary-action\">");
    nb_html_text(b, what);
    nb_html_lit(b, " goedkeuren<span class=\"nb-visually-hidden\"> (");
    nb_html_text(b, context);
    nb_html_lit(b, ")</span></button> <button type=\"submit\" name=\"besluit\" value=\"afgekeurd\" "
                   "class=\"utrecht-button utrecht-button--secondary-action\">");
    nb_html_text(b, what);
    nb_html_lit(b, " afkeuren<span class=\"nb-visually-hidden\"> (");
    nb_html_text(b, context);
    nb_html_lit(b, ")</span></button></p>\n");
}

/* One person-week: a heading, a table of its entries with a form each, and
 * the form for the whole week. items[0..n) share person and week. */
static void nb_q_group(nb_buf *b, const nb_q *q, const nb_q_item *items, size_t n,
                       const nb_web_errors *errs)
{
    const nb_principal *who = q->w->req->who;
    char week[16], first[NB_WEB_FMT_LEN], last[NB_WEB_FMT_LEN], id[64], context[400];
    nb_web_week_name(items[0].monday, week);
    nb_web_fmt_day(items[0].monday, first);
    nb_web_fmt_day(items[0].monday + 6, last);
    int own = who->role != NB_ROLE_BEHEER && items[0].e.person_id == who->person_id;
    char heading[48];
    snprintf(heading, sizeof heading, "g%lld-%s", (long long)items[0].e.person_id, week);
    nb_html_lit(b, "<section class=\"nb-group\" aria-labelledby=\"");
    nb_html_attr(b, heading);
    nb_html_lit(b, "\">\n<h2 class=\"utrecht-heading-2\" id=\"");
    nb_html_attr(b, heading);
    nb_html_lit(b, "\">");
    nb_html_text(b, items[0].person);
    nb_html_lit(b, ", week ");
    nb_html_text(b, week + 6);
    nb_html_lit(b, "</h2>\n<p class=\"utrecht-paragraph\">");
    nb_html_text(b, first);
    nb_html_lit(b, " tot en met ");
    nb_html_text(b, last);
    nb_html_lit(b, "</p>\n");
    /* the heading above names the table and its scrolling region */
    static const nb_web_col cols[] = {{"Datum", 0, NULL},
                                      {"Opdracht", 0, NULL},
                                      {"Uren", 1, NULL},
                                      {"Notitie", 0, NULL},
                                      {"Besluit", 0, NULL}};
    nb_web_table_open(b, heading, NULL, NULL, NULL);
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < n; i++) {
        const nb_q_item *it = &items[i];
        char date[NB_WEB_FMT_LEN], hours[NB_WEB_FMT_LEN];
        if (nb_web_fmt_date(it->e.date, date) != 0)
            snprintf(date, sizeof date, "%s", it->e.date);
        nb_web_fmt_hours(it->e.minutes, hours);
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><td class=\"utrecht-table__cell\">");
        nb_html_text(b, date);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_html_text(b, it->asg_title);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell "
                       "utrecht-table__cell--numeric-column\">");
        nb_html_text(b, hours);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        nb_html_text(b, it->e.note);
        nb_html_lit(b, "</td><td class=\"utrecht-table__cell\">");
        if (own) {
            nb_html_lit(b, "Eigen uren: het netwerk-MT beoordeelt deze.");
        } else {
            snprintf(context, sizeof context, "%s, %s", date, hours);
            snprintf(id, sizeof id, "reden-e%lld", (long long)it->e.id);
            nb_web_form_open(b, q->w, "/goedkeuren");
            nb_html_lit(b, "<input type=\"hidden\" name=\"id\" value=\"");
            nb_html_int(b, it->e.id);
            nb_html_lit(b, "\">");
            nb_q_reason_field(b, q, errs, id, context);
            nb_q_buttons(b, "Uren", context);
            nb_html_lit(b, "</form>");
        }
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
    if (!own && n > 1) {
        snprintf(context, sizeof context, "%s, week %s", items[0].person, week + 6);
        snprintf(id, sizeof id, "reden-g%lld-%s", (long long)items[0].e.person_id, week);
        nb_web_form_open(b, q->w, "/goedkeuren");
        nb_html_lit(b, "<input type=\"hidden\" name=\"medewerker\" value=\"");
        nb_html_int(b, items[0].e.person_id);
        nb_html_lit(b, "\"><input type=\"hidden\" name=\"week\" value=\"");
        nb_html_attr(b, week);
        nb_html_lit(b, "\">");
        nb_q_reason_field(b, q, errs, id, context);
        nb_q_buttons(b, "Hele week", context);
        nb_html_lit(b, "</form>\n");
    }
    nb_html_lit(b, "</section>\n");
}

static int nb_q_reply(nb_web_req *w, nb_resp *resp, const nb_q *q, const nb_web_errors *errs,
                      int status)
{
    nb_buf b = NB_BUF_INIT;
    int64_t page = 1;
    const char *p = nb_req_query(w->req, "pagina");
    if (p && p[0] >= '1' && p[0] <= '9' && strlen(p) < 6)
        page = strtol(p, NULL, 10);
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, errs);
    nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Uren die medewerkers op uw opdrachten hebben "
                    "geregistreerd en die op uw besluit wachten, per medewerker en per week. "
                    "Goedgekeurde uren worden in het urengrootboek geboekt; bij afkeuren vult u "
                    "een reden in.</p>\n");
    if (q->n == 0) {
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Er wachten geen uren op uw besluit. "
                        "Zodra een medewerker uren registreert op een opdracht waarvan u ambtelijk "
                        "opdrachtgever bent, verschijnen ze hier.</p>\n");
    }
    int64_t group = 0, shown = 0;
    for (size_t i = 0; i < q->n;) {
        size_t j = i + 1;
        while (j < q->n && q->v[j].e.person_id == q->v[i].e.person_id &&
               q->v[j].monday == q->v[i].monday)
            j++;
        group++;
        if (group > (page - 1) * NB_Q_PAGE && group <= page * NB_Q_PAGE) {
            nb_q_group(&b, q, &q->v[i], j - i, errs);
            shown++;
        }
        i = j;
    }
    if (group > page * NB_Q_PAGE || page > 1) {
        nb_html_lit(&b, "<nav class=\"nb-pager\" aria-label=\"Pagina's\">");
        if (page > 1) {
            nb_html_lit(&b, "<a class=\"utrecht-link\" rel=\"prev\" href=\"/goedkeuren?pagina=");
            nb_html_int(&b, page - 1);
            nb_html_lit(&b, "\">Vorige pagina</a> ");
        }
        if (group > page * NB_Q_PAGE) {
            nb_html_lit(&b, "<a class=\"utrecht-link\" rel=\"next\" href=\"/goedkeuren?pagina=");
            nb_html_int(&b, page + 1);
            nb_html_lit(&b, "\">Volgende pagina</a>");
        }
        nb_html_lit(&b, "</nav>\n");
    }
    if (q->truncated)
        nb_html_lit(&b, "<p class=\"utrecht-paragraph\">Alleen de eerste 500 registraties staan "
                        "hier; beoordeel deze eerst.</p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_approve(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_q q = {w, NULL, 0, 0};
    int rc = nb_q_load(&q, &err);
    if (rc != 0)
        rc = nb_resp_from_err(resp, rc, &err);
    else
        rc = nb_q_reply(w, resp, &q, NULL, 200);
    free(q.v);
    return rc;
}

/* ---- Deciding ------------------------------------------------------------ */

/* A refusal of judge as a message for the form field (status into *status). */
static void nb_q_refusal(const nb_entry *e, const nb_entry_judge_out *out, char *msg, size_t n,
                         int *status)
{
    char date[NB_WEB_FMT_LEN];
    if (nb_web_fmt_date(e->date, date) != 0)
        snprintf(date, sizeof date, "%s", e->date);
    *status = 409;
    switch (out->fail) {
    case NB_ENTRY_JUDGE_NO_REASON:
        *status = 422;
        snprintf(msg, n, "Vul een reden in: waarom worden de uren afgekeurd?");
        break;
    case NB_ENTRY_JUDGE_DECIDED:
        snprintf(msg, n, "De uren van %s zijn al %s; een besluit is definitief.", date, e->status);
        break;
    case NB_ENTRY_JUDGE_CLOSED:
        snprintf(msg, n,
                 "De uren van %s vallen in een afgesloten periode en kunnen niet meer "
                 "worden beoordeeld.",
                 date);
        break;
    case NB_ENTRY_JUDGE_REFUSED:
        *status = 422;
        if (out->refusal.nproblems > 0)
            snprintf(msg, n, "De uren van %s kunnen niet worden geboekt: %s.", date,
                     out->refusal.problems[0].reason);
        else
            snprintf(msg, n,
                     "De uren van %s kunnen niet worden geboekt: een organisatie heeft "
                     "niet genoeg ruimte binnen haar kredietlijn. Het netwerk-MT kan de "
                     "kredietlijn verruimen of een storting boeken.",
                     date);
        break;
    default:
        *status = 403;
        snprintf(msg, n, "U mag deze uren niet beoordelen.");
        break;
    }
}

/* Judges one entry; on a refusal fills msg/status (errs field) and returns 1. */
static int nb_q_judge(nb_web_req *w, int64_t entry_id, const nb_entry_judge_in *in,
                      nb_entry_judge_out *out, char *msg, size_t n, int *status, int *rc,
                      nb_err *err)
{
    nb_entry e;
    nb_asg *a = calloc(1, sizeof *a);
    *rc = a ? nb_entry_get(w->req->st, entry_id, &e, err) : NB_ENOMEM;
    if (*rc == 0)
        *rc = nb_asg_get(w->req->st, e.assignment_id, a, err);
    if (*rc == 0) {
        *rc = nb_entry_judge(w->req->st, &e, a, in, out, err);
        if (out->fail != NB_ENTRY_JUDGE_OK) {
            nb_q_refusal(&e, out, msg, n, status);
            *rc = 0;
            free(a);
            return 1;
        }
    }
    free(a);
    return 0;
}

int nb_web_approve_post(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    const nb_principal *who = w->req->who;
    nb_q q = {w, NULL, 0, 0};
    nb_web_errors *errs = calloc(1, sizeof *errs);
    nb_entry_judge_out *out = calloc(1, sizeof *out);
    int rc = errs && out ? nb_q_load(&q, &err) : NB_ENOMEM;
    if (rc != 0)
        goto fail;
    const char *besluit = nb_web_form_get(w->form, "besluit");
    const char *reden = nb_web_form_get(w->form, "reden");
    const char *id_s = nb_web_form_get(w->form, "id");
    const char *person_s = nb_web_form_get(w->form, "medewerker");
    const char *week = nb_web_form_get(w->form, "week");
    int32_t monday = 0;
    int64_t entry_id = id_s ? strtoll(id_s, NULL, 10) : 0;
    int64_t person = person_s ? strtoll(person_s, NULL, 10) : 0;
    if (besluit == NULL ||
        (strcmp(besluit, "goedgekeurd") != 0 && strcmp(besluit, "afgekeurd") != 0) ||
        (entry_id <= 0 && (person <= 0 || nb_web_week_parse(week, &monday) != 0))) {
        rc = nb_resp_problem(resp, 400, "Onvolledig formulier",
                             "Kies goedkeuren of afkeuren bij een registratie of een week.");
        goto cleanup;
    }
    char actor[160], field[64], msg[256];
    snprintf(actor, sizeof actor, "%s:%s", nb_role_name(who->role), who->label);
    nb_entry_judge_in in = {who->role == NB_ROLE_BEHEER,
                            who->role == NB_ROLE_MEDEWERKER ? who->person_id : 0,
                            actor,
                            &w->req->actor,
                            strcmp(besluit, "goedgekeurd") == 0,
                            reden ? reden : ""};
    int status = 0;
    if (entry_id > 0) {
        snprintf(field, sizeof field, "reden-e%lld", (long long)entry_id);
        if (nb_q_judge(w, entry_id, &in, out, msg, sizeof msg, &status, &rc, &err) && rc == 0)
            goto refused;
    } else {
        char wname[16];
        nb_web_week_name(monday, wname);
        snprintf(field, sizeof field, "reden-g%lld-%s", (long long)person, wname);
        size_t judged = 0;
        for (size_t i = 0; rc == 0 && i < q.n; i++) {
            if (q.v[i].e.person_id != person || q.v[i].monday != monday)
                continue;
            judged++;
            if (nb_q_judge(w, q.v[i].e.id, &in, out, msg, sizeof msg, &status, &rc, &err) &&
                rc == 0)
                goto refused;
        }
        if (rc == 0 && judged == 0) {
            rc = nb_resp_problem(resp, 409, "Niets te beoordelen",
                                 "In deze week wachten geen uren van deze medewerker op uw "
                                 "besluit.");
            goto cleanup;
        }
    }
    if (rc != 0)
        goto fail;
    rc = nb_web_redirect(resp, "/goedkeuren",
                         in.approve ? NB_WEB_FLASH_APPROVED : NB_WEB_FLASH_REJECTED);
    goto cleanup;
refused:
    if (status == 403) {
        rc =
            nb_resp_problem(resp, 403, "Geen toegang",
                            out->fail == NB_ENTRY_JUDGE_OWN
                                ? "De ambtelijk opdrachtgever beoordeelt geen eigen uren; dat doet "
                                  "het netwerkmanagementteam (beheer)."
                                : "Deze uren worden beoordeeld door de ambtelijk opdrachtgever "
                                  "van de opdracht of door beheer.");
        goto cleanup;
    }
    nb_web_error_add(errs, field, msg);
    rc = nb_q_reply(w, resp, &q, errs, status); /* >= 400: nothing of this request is kept */
    goto cleanup;
fail:
    rc = nb_resp_from_err(resp, rc, &err);
cleanup:
    free(out);
    free(errs);
    free(q.v);
    return rc;
}
