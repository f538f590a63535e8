/*
 * web/opdrachten_edit.c — GET and POST /opdrachten/{id}/wijzigen: beheer or a
 * coordinator of a requesting organisation changes a concept in the same
 * form as /opdrachten/nieuw (opdrachten_form.c), filled with the
 * assignment's values, and saves it again as concept or submits it. The
 * change goes through store/asg_rules.h nb_asg_update_checked, as PUT
 * /api/v1/opdrachten/{id} does; lines keep their ids at their position.
 * Only a concept is changed here: once submitted, who pays is for beheer
 * (the API), and the page says so.
 *
 * Optimistic concurrency as the API's If-Match (docs/web.md "Two editors"):
 * the form carries the assignment's versie; a save whose versie is no longer
 * the stored one writes nothing and gets the form back (409) with the
 * current values and NB_WEB_STALE_MESSAGE.
 */
#include "store/asg_rules.h"
#include "store/people.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/person_field.h"
#include "web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A form made from an assignment's values; every name and value malloc'd. */
typedef struct nb_ae_form {
    nb_web_form form;
    int oom;
} nb_ae_form;

static void nb_ae_add(nb_ae_form *f, const char *name, const char *value)
{
    if (f->form.count >= NB_WEB_FORM_FIELDS) {
        f->oom = 1;
        return;
    }
    char *n = strdup(name), *v = strdup(value);
    if (n == NULL || v == NULL) {
        free(n);
        free(v);
        f->oom = 1;
        return;
    }
    f->form.fields[f->form.count].name = n;
    f->form.fields[f->form.count].value = v;
    f->form.count++;
}

static void nb_ae_addf(nb_ae_form *f, const char *pre, size_t row, const char *post,
                       const char *value)
{
    char name[48];
    snprintf(name, sizeof name, "%s%zu%s", pre, row, post);
    nb_ae_add(f, name, value);
}

static void nb_ae_free(nb_ae_form *f)
{
    for (int i = 0; i < f->form.count; i++) {
        free(f->form.fields[i].name);
        free(f->form.fields[i].value);
    }
    f->form.count = 0;
}

/* Minutes as hours the form reads back: "4,5", "0,33", "1250" (no thousands separator). */
static void nb_ae_hours(int64_t minutes, char out[32])
{
    int64_t whole = minutes / 60, frac = ((minutes % 60) * 100 + 30) / 60;
    if (frac >= 100) {
        whole++;
        frac -= 100;
    }
    if (frac == 0)
        snprintf(out, 32, "%lld", (long long)whole);
    else if (frac % 10 == 0)
        snprintf(out, 32, "%lld,%lld", (long long)whole, (long long)(frac / 10));
    else
        snprintf(out, 32, "%lld,%02lld", (long long)whole, (long long)frac);
}

/* The form's fields for a (lines and requesters that fit the form);
 * person is the ambtelijk opdrachtgever as the person field shows it. */
static void nb_ae_fill(nb_ae_form *f, const nb_asg *a, const char *person)
{
    char v[64];
    int64_t total = 0;
    for (size_t i = 0; i < a->nrequesters; i++)
        total += a->requesters[i].share;
    size_t rows = a->nlines > 5 ? a->nlines : 5;
    snprintf(v, sizeof v, "%zu", rows);
    nb_ae_add(f, "regelrijen", v);
    snprintf(v, sizeof v, "%lld", (long long)a->revision);
    nb_ae_add(f, "versie", v);
    nb_ae_add(f, "titel", a->title);
    nb_ae_add(f, "omschrijving", a->description);
    nb_ae_add(f, "soort", nb_assignment_kind_name(a->kind));
    nb_ae_add(f, "werksoort", a->work_type);
    nb_ae_add(f, "startdatum", a->start_date);
    nb_ae_add(f, "einddatum", a->end_date);
    snprintf(v, sizeof v, "%lld", (long long)a->priority);
    nb_ae_add(f, "prioriteit", v);
    if (a->programme_id > 0)
        snprintf(v, sizeof v, "%lld", (long long)a->programme_id);
    else
        v[0] = '\0';
    nb_ae_add(f, "programma", v);
    nb_ae_add(f, "bestuurlijk", a->sponsor);
    nb_ae_add(f, "ambtelijk", person);
    for (size_t i = 0; i < a->nrequesters; i++) {
        snprintf(v, sizeof v, "%lld", (long long)a->requesters[i].organisation_id);
        nb_ae_addf(f, "aanvrager", i + 1, "_organisatie", v);
        /* shares are weights; the form shows percent of the total */
        int64_t pct = total > 0 ? (a->requesters[i].share * 100 + total / 2) / total : 0;
        snprintf(v, sizeof v, "%lld", (long long)pct);
        nb_ae_addf(f, "aanvrager", i + 1, "_aandeel", v);
    }
    for (size_t i = 0; i < a->nlines; i++) {
        snprintf(v, sizeof v, "%lld", (long long)a->lines[i].competency_id);
        nb_ae_addf(f, "regel", i + 1, "_competentie", v);
        snprintf(v, sizeof v, "%lld", (long long)a->lines[i].min_level);
        nb_ae_addf(f, "regel", i + 1, "_niveau", v);
        nb_ae_hours(a->lines[i].minutes, v);
        nb_ae_addf(f, "regel", i + 1, "_uren", v);
        char prof[NB_PROFILE_TEXT_MAX * 2];
        nb_line_profile_format(a->lines[i].profile, a->lines[i].nprofile, 1, prof, sizeof prof);
        nb_ae_addf(f, "regel", i + 1, "_maandprofiel", prof);
    }
}

/* Loads the concept of the path into a for a caller who may change it; 0, or
 * a problem in resp (404, 403, 409) and 1; a negative code on failure. */
static int nb_ae_load(nb_web_req *w, nb_resp *resp, nb_asg *a, char action[64])
{
    nb_err err = {{0}};
    long long id = (long long)nb_web_path_id(w);
    if (id == 0) {
        nb_resp_problem(resp, 404, "Niet gevonden", "Deze opdracht bestaat niet.");
        return 1;
    }
    int rc = nb_asg_get(w->req->st, id, a, &err);
    if (rc == 0)
        rc = nb_asg_may_change(w->req->who, a, &err);
    if (rc == NB_EFORBIDDEN || rc == NB_ENOTFOUND) {
        nb_resp_from_err(resp, rc, &err);
        return 1;
    }
    if (rc != 0)
        return rc;
    if (a->status != NB_ASSIGNMENT_CONCEPT) {
        nb_resp_problem(resp, 409, "Geen concept meer",
                        "Opdracht %lld is %s; hier wijzigt u alleen een concept. Vraag het "
                        "netwerkmanagementteam om een wijziging.",
                        id, nb_assignment_status_name(a->status));
        return 1;
    }
    if (a->nlines > NB_WEB_ASG_LINES_MAX || a->nrequesters > 4) {
        nb_resp_problem(resp, 409, "Te groot voor dit formulier",
                        "Opdracht %lld heeft meer regels of aanvragers dan dit formulier toont; "
                        "wijzig haar via de API.",
                        id);
        return 1;
    }
    snprintf(action, 64, "/opdrachten/%lld/wijzigen", id);
    return 0;
}

/* The form filled with a's current values: 200, or 409 with the stale message. */
static int nb_ae_show(nb_web_req *w, nb_resp *resp, const nb_asg *a, const char *action, int stale)
{
    nb_ae_form f;
    nb_err err = {{0}};
    char person[NB_PERSON_NAME_MAX * 4 + 200];
    memset(&f, 0, sizeof f);
    int rc = nb_web_person_text(w->req->st, a->client_person_id, person, sizeof person, &err);
    if (rc != 0)
        return nb_resp_from_err(resp, rc, &err);
    nb_ae_fill(&f, a, person);
    if (f.oom) {
        nb_ae_free(&f);
        return NB_ENOMEM;
    }
    nb_web_req prefilled = *w;
    prefilled.form = &f.form;
    rc = stale ? nb_web_asg_form_stale(&prefilled, resp, action)
               : nb_web_asg_form_show(&prefilled, resp, action, 200, 0);
    nb_ae_free(&f);
    return rc;
}

int nb_web_asg_edit(nb_web_req *w, nb_resp *resp)
{
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NB_ENOMEM;
    char action[64];
    int rc = nb_ae_load(w, resp, a, action);
    if (rc == 0)
        rc = nb_ae_show(w, resp, a, action, 0);
    else
        rc = rc < 0 ? nb_resp_from_err(resp, rc, NULL) : 0;
    free(a);
    return rc;
}

int nb_web_asg_update(nb_web_req *w, nb_resp *resp)
{
    nb_asg *old = calloc(1, sizeof *old);
    if (old == NULL)
        return NB_ENOMEM;
    char action[64];
    int rc = nb_ae_load(w, resp, old, action);
    if (rc == 0 && nb_web_form_stale(w->form, old->revision))
        rc = nb_ae_show(w, resp, old, action, 1); /* someone else saved since */
    else if (rc == 0)
        rc = nb_web_asg_form_post(w, resp, action, old);
    else
        rc = rc < 0 ? nb_resp_from_err(resp, rc, NULL) : 0;
    free(old);
    return rc;
}
