/*
 * web/opdrachten_form.c — GET and POST /opdrachten/nieuw: a coordinator (or
 * beheer) submits an assignment: lokaal, meervoudig-lokaal (several
 * requesting organisations whose shares in percent add up to 100) or
 * regionaal; work type; period; bestuurlijk and ambtelijk opdrachtgever;
 * lines of competency, minimum level and hours. "Opslaan als concept" or
 * "Indienen" (ingediend); "Meer regels" shows the form again with five more
 * empty lines (no JavaScript).
 *
 * The form only turns text into an assignment (required fields, numbers,
 * hours "4,5" into minutes, percentages that add up to 100); every rule of
 * the assignment itself is store/asg_rules.h nb_asg_check, the same check
 * POST /api/v1/opdrachten runs, and the write is nb_asg_create_checked (a
 * coordinator only with its own organisation among the requesters; its
 * organisation's consent recorded; audited). Errors are shown next to their
 * field and in the summary (422), with what was typed kept.
 *
 * This file holds the handlers; reading the form is opdrachten_form_read.c,
 * writing it opdrachten_form_render.c (opdrachten_form_impl.h).
 */
#include "web/opdrachten_form_impl.h"

#include "store/programmes.h"
#include "web/person_field.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nb_web_asg_form_show(nb_web_req *w, nb_resp *resp, const char *action, int status, int fresh)
{
    nb_af_state s;
    memset(&s, 0, sizeof s);
    s.action = action;
    s.nlines = fresh ? NB_AF_LINES : nb_af_line_rows(w);
    return nb_af_page(w, resp, &s, status, fresh);
}

int nb_web_asg_form_stale(nb_web_req *w, nb_resp *resp, const char *action)
{
    nb_af_state s;
    memset(&s, 0, sizeof s);
    s.action = action;
    s.nlines = nb_af_line_rows(w);
    nb_web_error_add(&s.errs, "titel", NB_WEB_STALE_MESSAGE);
    return nb_af_page(w, resp, &s, 409, 0);
}

int nb_web_asg_new(nb_web_req *w, nb_resp *resp)
{
    return nb_web_asg_form_show(w, resp, "/opdrachten/nieuw", 200, 1);
}

/* The audit detail: the assignment as the API's body would name it. */
static char *nb_af_detail(const nb_asg *a)
{
    json_t *reqs = json_array(), *lines = json_array();
    for (size_t i = 0; i < a->nrequesters; i++)
        json_array_append_new(reqs, json_pack("{s:I, s:I}", "organisatieId",
                                              (json_int_t)a->requesters[i].organisation_id,
                                              "aandeel", (json_int_t)a->requesters[i].share));
    for (size_t i = 0; i < a->nlines; i++) {
        char prof[NB_PROFILE_TEXT_MAX];
        nb_line_profile_format(a->lines[i].profile, a->lines[i].nprofile, 0, prof, sizeof prof);
        json_array_append_new(lines,
                              json_pack("{s:I, s:I, s:I, s:s}", "competentieId",
                                        (json_int_t)a->lines[i].competency_id, "minimumNiveau",
                                        (json_int_t)a->lines[i].min_level, "minuten",
                                        (json_int_t)a->lines[i].minutes, "maandprofiel", prof));
    }
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "titel", a->title,
        "omschrijving", a->description, "soort", nb_assignment_kind_name(a->kind), "werksoort",
        a->work_type, "status", nb_assignment_status_name(a->status), "prioriteit",
        (json_int_t)a->priority, "startdatum", a->start_date, "einddatum", a->end_date,
        "bestuurlijkOpdrachtgever", a->sponsor, "ambtelijkOpdrachtgeverId",
        (json_int_t)a->client_person_id, "aanvragers", reqs, "regels", lines, "programmaId",
        a->programme_id > 0 ? json_integer(a->programme_id) : json_null());
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return text;
}

int nb_web_asg_form_post(nb_web_req *w, nb_resp *resp, const char *action, const nb_asg *old)
{
    nb_af_state s;
    memset(&s, 0, sizeof s);
    s.action = action;
    s.nlines = nb_af_line_rows(w);
    const char *act = nb_af_get(w, "actie");
    if (strcmp(act, "meer") == 0) {
        s.nlines =
            s.nlines + NB_AF_LINES > NB_AF_LINES_MAX ? NB_AF_LINES_MAX : s.nlines + NB_AF_LINES;
        return nb_af_page(w, resp, &s, 200, 0);
    }
    nb_err err = {{0}};
    int rc = 0, transition = 0;
    nb_asg *a = calloc(1, sizeof *a);
    nb_assignment_problem *problems = calloc(NB_ASG_MAX_PROBLEMS, sizeof *problems);
    if (a == NULL || problems == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    nb_af_read(w, a, &s);
    rc = nb_web_person_resolve(w->req->st, nb_af_get(w, "ambtelijk"), &s.errs, "ambtelijk",
                               "Kies de ambtelijk opdrachtgever: typ een naam of een nummer.",
                               &a->client_person_id, &err);
    if (rc != 0)
        goto cleanup;
    a->status = strcmp(act, "concept") == 0 ? NB_ASSIGNMENT_CONCEPT : NB_ASSIGNMENT_INGEDIEND;
    if (old != NULL && nb_web_form_get(w->form, "prioriteit") == NULL)
        a->priority = old->priority; /* a form without the field (an older page) keeps it */
    if (old != NULL && nb_web_form_get(w->form, "programma") == NULL)
        a->programme_id = old->programme_id;
    size_t np = 0;
    if ((rc = nb_asg_check(w->req->st, a, old, problems, NB_ASG_MAX_PROBLEMS, &np, &err)) != 0)
        goto cleanup;
    for (size_t k = 0; k < np && k < NB_ASG_MAX_PROBLEMS; k++)
        nb_af_problem(&s, &problems[k]);
    if (s.errs.count == 0) {
        /* the programme rule next to its field (the same check create/update make) */
        rc = nb_prog_may_link(w->req->st, w->req->who, old ? old->programme_id : 0, a->programme_id,
                              &err);
        if (rc == NB_EFORBIDDEN || rc == NB_ENOTFOUND)
            nb_af_err(&s, "programma", "Programma: %s", err.msg);
        else if (rc != 0)
            goto cleanup;
    }
    if (s.errs.count == 0) {
        char *detail = nb_af_detail(a);
        if (detail == NULL) {
            rc = NB_ENOMEM;
            goto cleanup;
        }
        if (old == NULL)
            rc = nb_asg_create_checked(w->req->st, &w->req->actor, w->req->who, a, detail, &err);
        else
            rc = nb_asg_update_checked(w->req->st, &w->req->actor, w->req->who, old, a, detail,
                                       &transition, &err);
        free(detail);
        if (rc == NB_EFORBIDDEN) {
            nb_af_err(&s, "aanvragers", "%s", err.msg); /* shown with the form below */
        } else if (rc == NB_ECONFLICT) {
            rc = nb_resp_problem(resp, 409, transition ? "Ongeldige statusovergang" : "Conflict",
                                 "%s", err.msg);
            goto cleanup;
        } else if (rc != 0) {
            goto cleanup;
        } else {
            char path[64];
            snprintf(path, sizeof path, "/opdrachten/%lld", (long long)a->id);
            nb_web_flash flash = NB_WEB_FLASH_ASG_SUBMITTED;
            if (a->status == NB_ASSIGNMENT_CONCEPT)
                flash = old ? NB_WEB_FLASH_SAVED : NB_WEB_FLASH_ASG_CONCEPT;
            rc = nb_web_redirect(resp, path, flash);
            goto cleanup;
        }
    }
    rc = nb_af_page(w, resp, &s, 422, 0);
cleanup:
    if (rc != 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    free(a);
    free(problems);
    return rc;
}

int nb_web_asg_create(nb_web_req *w, nb_resp *resp)
{
    return nb_web_asg_form_post(w, resp, "/opdrachten/nieuw", NULL);
}
