/*
 * web/medewerkers_edit.c — GET/POST /medewerkers/{id}/bewerken: a person's
 * competencies with levels, hours per week for the network, and learning
 * wishes, for the coordinator of the person's organisation and beheer
 * (nb_person_may_edit, as PUT /api/v1/medewerkers/{id}).
 *
 * The form has a fixed number of competency rows (select + level) and
 * learning-wish rows; the button "Meer regels" posts the form and renders
 * it again with more empty rows, saving nothing (no JavaScript). "Opslaan"
 * checks with nb_person_check (the API's rules) and saves with
 * nb_person_save (the API's update and audit entry, detail = the change as
 * the API's PUT body); then POST-redirect-GET to the person's page.
 *
 * Optimistic concurrency as the API's If-Match (docs/web.md "Two editors"):
 * the form carries the person's versie in a hidden field; a save whose versie
 * is no longer the stored one writes nothing and gets the form back (409)
 * with the current values and NB_WEB_STALE_MESSAGE.
 */
#include "web/medewerkers.h"

#include "store/people_rules.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The form may not pass NB_WEB_FORM_FIELDS: csrf, versie, regels, wensregels,
 * netwerkuren, actie, 2 per competency row, 1 per wish row. */
#define NB_EDIT_FIXED 6
#define NB_EDIT_MAX_ROWS ((NB_WEB_FORM_FIELDS - NB_EDIT_FIXED) * 2 / 5)
#define NB_EDIT_MAX_WISH_ROWS (NB_WEB_FORM_FIELDS - NB_EDIT_FIXED - 2 * NB_EDIT_MAX_ROWS)

typedef struct nb_edit_state {
    nb_person p;      /* the person as stored, then as typed */
    size_t rows;      /* competency rows shown */
    size_t wish_rows; /* learning-wish rows shown */
    int from_form;    /* 1: the values below come from the posted form */
    const nb_web_form *form;
    size_t comp_row[NB_PERSON_MAX_COMPS]; /* p.comps[i] came from row comp_row[i] */
    size_t wish_row[NB_PERSON_MAX_WISHES];
    nb_web_errors errs;
} nb_edit_state;

/* The posted value of field "<prefix>-<i>" (NULL when not posted or not a
 * POST); its name is left in name. */
static const char *nb_edit_field(const nb_edit_state *s, const char *prefix, size_t i, char *name,
                                 size_t len)
{
    snprintf(name, len, "%s-%zu", prefix, i);
    return s->from_form ? nb_web_form_get(s->form, name) : NULL;
}

/* Minutes as the hours text of the input ("16", "4,5"). */
static void nb_edit_hours_text(int64_t minutes, char out[NB_WEB_FMT_LEN])
{
    nb_web_fmt_decimal(minutes * 100 / 60, 2, out);
}

/* Parses "16", "16,5", "7.25" hours into minutes (rounded); -1 when not a
 * number of hours with at most two decimals. */
static int64_t nb_edit_parse_hours(const char *s)
{
    int64_t whole = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    while (*p == ' ')
        p++;
    for (; *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (digits == 0)
        return -1;
    if (*p == ',' || *p == '.') {
        for (p++; *p >= '0' && *p <= '9' && fdigits < 2; p++, fdigits++)
            frac = frac * 10 + (*p - '0');
        if (fdigits == 0)
            return -1;
        if (fdigits == 1)
            frac *= 10;
    }
    while (*p == ' ')
        p++;
    if (*p != '\0')
        return -1;
    return whole * 60 + (frac * 60 + 50) / 100;
}

static void nb_edit_problem(void *ctx, nb_person_problem what, size_t index, size_t earlier,
                            int64_t value, int64_t value2)
{
    nb_edit_state *s = ctx;
    char field[32], msg[200], hours[NB_WEB_FMT_LEN];
    switch (what) {
    case NB_PERSON_P_NETWORK_OVER_CONTRACT:
        nb_web_fmt_hours(value, hours);
        snprintf(msg, sizeof msg, "Vul niet meer uren in dan het contract: %s per week.", hours);
        nb_web_error_add(&s->errs, "netwerkuren", msg);
        break;
    case NB_PERSON_P_WEEK_RANGE:
        nb_web_error_add(&s->errs, "netwerkuren", "Vul een aantal uren van 0 tot en met 48 in.");
        break;
    case NB_PERSON_P_BIRTH_YEAR:
        snprintf(msg, sizeof msg,
                 "Het vastgelegde geboortejaar ligt niet tussen %lld en %lld; vraag het "
                 "netwerk-MT dit te herstellen.",
                 (long long)value, (long long)value2);
        nb_web_error_add(&s->errs, "netwerkuren", msg);
        break;
    case NB_PERSON_P_NO_ORGANISATION:
        nb_web_error_add(&s->errs, "netwerkuren",
                         "De organisatie van deze medewerker bestaat "
                         "niet meer; vraag het netwerk-MT.");
        break;
    case NB_PERSON_P_NO_COMPETENCY:
    case NB_PERSON_P_DUP_COMPETENCY:
    case NB_PERSON_P_LEVEL:
        snprintf(field, sizeof field, what == NB_PERSON_P_LEVEL ? "niveau-%zu" : "competentie-%zu",
                 s->comp_row[index] + 1);
        if (what == NB_PERSON_P_LEVEL)
            snprintf(msg, sizeof msg, "Vul bij regel %zu een niveau van 1 tot en met 5 in.",
                     s->comp_row[index] + 1);
        else if (what == NB_PERSON_P_NO_COMPETENCY)
            snprintf(msg, sizeof msg, "Kies bij regel %zu een competentie uit de lijst.",
                     s->comp_row[index] + 1);
        else
            snprintf(msg, sizeof msg, "Regel %zu noemt dezelfde competentie als regel %zu.",
                     s->comp_row[index] + 1, s->comp_row[earlier] + 1);
        nb_web_error_add(&s->errs, field, msg);
        break;
    case NB_PERSON_P_NO_WISH:
    case NB_PERSON_P_DUP_WISH:
        snprintf(field, sizeof field, "leerwens-%zu", s->wish_row[index] + 1);
        if (what == NB_PERSON_P_NO_WISH)
            snprintf(msg, sizeof msg, "Kies bij leerwens %zu een competentie uit de lijst.",
                     s->wish_row[index] + 1);
        else
            snprintf(msg, sizeof msg, "Leerwens %zu staat al eerder in de lijst (leerwens %zu).",
                     s->wish_row[index] + 1, s->wish_row[earlier] + 1);
        nb_web_error_add(&s->errs, field, msg);
        break;
    }
}

/* A positive decimal number, or -1. */
static int64_t nb_edit_num(const char *s)
{
    int64_t v = 0;
    if (s == NULL || *s == '\0' || strlen(s) > 15)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

static size_t nb_edit_rows(const char *s, size_t dflt, size_t max)
{
    int64_t v = nb_edit_num(s);
    if (v < 1)
        return dflt;
    return (size_t)v > max ? max : (size_t)v;
}

/* Reads the posted rows into s->p's lists and hours; format errors go into
 * s->errs next to their fields. */
static void nb_edit_read(nb_edit_state *s)
{
    char name[32];
    const char *h = nb_web_form_get(s->form, "netwerkuren");
    int64_t minutes = h ? nb_edit_parse_hours(h) : -1;
    if (minutes < 0)
        nb_web_error_add(&s->errs, "netwerkuren",
                         "Vul het aantal uren per week in, bijvoorbeeld 16 of 4,5.");
    else
        s->p.network_minutes_week = minutes;
    s->p.ncomps = 0;
    for (size_t i = 0; i < s->rows; i++) {
        const char *c = nb_edit_field(s, "competentie", i + 1, name, sizeof name);
        const char *l = nb_edit_field(s, "niveau", i + 1, name, sizeof name);
        int has_c = c && c[0], has_l = l && l[0];
        if (!has_c && !has_l)
            continue;
        int64_t cid = has_c ? nb_edit_num(c) : -1;
        int64_t lvl = has_l ? nb_edit_num(l) : -1;
        if (cid < 1) {
            snprintf(name, sizeof name, "competentie-%zu", i + 1);
            nb_web_error_add(&s->errs, name,
                             "Kies een competentie bij dit niveau, of maak het "
                             "niveau leeg.");
            continue;
        }
        if (s->p.ncomps == NB_PERSON_MAX_COMPS)
            break;
        s->comp_row[s->p.ncomps] = i;
        s->p.comps[s->p.ncomps].competency_id = cid;
        s->p.comps[s->p.ncomps].level = lvl; /* -1 or out of range: nb_person_check says so */
        s->p.ncomps++;
    }
    s->p.nwishes = 0;
    for (size_t i = 0; i < s->wish_rows; i++) {
        const char *c = nb_edit_field(s, "leerwens", i + 1, name, sizeof name);
        if (c == NULL || c[0] == '\0')
            continue;
        if (s->p.nwishes == NB_PERSON_MAX_WISHES)
            break;
        s->wish_row[s->p.nwishes] = i;
        s->p.wishes[s->p.nwishes++] = nb_edit_num(c);
    }
}

static void nb_edit_comp_select(nb_buf *b, const nb_edit_state *s, const nb_web_catalogue *cat,
                                const char *name, const char *label, const char *current)
{
    nb_web_select_open(b, &s->errs, name, label, NULL);
    nb_web_select_option(b, "", "— geen —", current);
    for (size_t i = 0; i < cat->n; i++)
        nb_web_select_option(b, cat->v[i].idtext, cat->v[i].name, current);
    nb_web_select_close(b);
}

static int nb_edit_render(nb_web_req *w, nb_resp *resp, int status, const nb_edit_state *s,
                          const nb_web_catalogue *cat)
{
    nb_buf b = NB_BUF_INIT;
    char action[64], name[32], label[64], val[NB_WEB_FMT_LEN], desc[96], week[NB_WEB_FMT_LEN + 16];
    const nb_person *p = &s->p;
    snprintf(action, sizeof action, "/medewerkers/%lld/bewerken", (long long)p->id);
    nb_web_begin(&b, w);
    nb_web_error_summary(&b, &s->errs);
    nb_html_lit(&b, "<h2 class=\"utrecht-heading-2\" id=\"gegevens\">");
    nb_html_text(&b, p->name);
    nb_html_lit(&b, "</h2>\n");
    nb_web_form_open(&b, w, action);
    nb_web_form_version(&b, p->revision);
    nb_html_lit(&b, "<input type=\"hidden\" name=\"regels\" value=\"");
    nb_html_int(&b, (int64_t)s->rows);
    nb_html_lit(&b, "\"><input type=\"hidden\" name=\"wensregels\" value=\"");
    nb_html_int(&b, (int64_t)s->wish_rows);
    nb_html_lit(&b, "\">\n");
    const char *hv = s->from_form ? nb_web_form_get(s->form, "netwerkuren") : NULL;
    if (!s->from_form)
        nb_edit_hours_text(p->network_minutes_week, val);
    nb_web_fmt_week(p->contract_minutes_week, week, sizeof week);
    snprintf(desc, sizeof desc, "Uren per week, bijvoorbeeld 16 of 4,5. Contract: %s.", week);
    nb_web_form_field(&b, &s->errs, "netwerkuren", "text", "Beschikbaar voor het netwerk", desc,
                      s->from_form ? hv : val, "off");
    nb_html_lit(&b, "<h3 class=\"utrecht-heading-3\">Competenties en niveaus</h3>\n"
                    "<p class=\"utrecht-paragraph\">Niveau 1 is beginner, 5 is expert. Laat een "
                    "regel leeg om niets in te vullen; maak een regel leeg om een competentie "
                    "te verwijderen.</p>\n");
    for (size_t i = 0; i < s->rows; i++) {
        const char *c = NULL, *l = NULL;
        char cid[24] = "", lvl[24] = "";
        if (s->from_form) {
            c = nb_edit_field(s, "competentie", i + 1, name, sizeof name);
            l = nb_edit_field(s, "niveau", i + 1, name, sizeof name);
        } else if (i < p->ncomps) {
            snprintf(cid, sizeof cid, "%lld", (long long)p->comps[i].competency_id);
            snprintf(lvl, sizeof lvl, "%lld", (long long)p->comps[i].level);
            c = cid;
            l = lvl;
        }
        nb_html_lit(&b, "<fieldset class=\"utrecht-form-fieldset nb-row\"><legend "
                        "class=\"utrecht-form-fieldset__legend\">Regel ");
        nb_html_int(&b, (int64_t)i + 1);
        nb_html_lit(&b, "</legend>\n");
        snprintf(name, sizeof name, "competentie-%zu", i + 1);
        snprintf(label, sizeof label, "Competentie (regel %zu)", i + 1);
        nb_edit_comp_select(&b, s, cat, name, label, c);
        snprintf(name, sizeof name, "niveau-%zu", i + 1);
        snprintf(label, sizeof label, "Niveau (regel %zu)", i + 1);
        nb_web_form_field(&b, &s->errs, name, "text", label, "1 tot en met 5", l, "off");
        nb_html_lit(&b, "</fieldset>\n");
    }
    nb_html_lit(&b, "<h3 class=\"utrecht-heading-3\">Leerwensen</h3>\n<p "
                    "class=\"utrecht-paragraph\">Competenties die deze medewerker wil "
                    "leren.</p>\n");
    for (size_t i = 0; i < s->wish_rows; i++) {
        const char *c = NULL;
        char cid[24] = "";
        if (s->from_form) {
            c = nb_edit_field(s, "leerwens", i + 1, name, sizeof name);
        } else if (i < p->nwishes) {
            snprintf(cid, sizeof cid, "%lld", (long long)p->wishes[i]);
            c = cid;
        }
        snprintf(name, sizeof name, "leerwens-%zu", i + 1);
        snprintf(label, sizeof label, "Leerwens %zu", i + 1);
        nb_edit_comp_select(&b, s, cat, name, label, c);
    }
    nb_html_lit(&b, "<div class=\"utrecht-button-group\"><button type=\"submit\" name=\"actie\" "
                    "value=\"opslaan\" class=\"utrecht-button utrecht-button--primary-action\">"
                    "Opslaan</button>");
    if (s->rows < NB_EDIT_MAX_ROWS || s->wish_rows < NB_EDIT_MAX_WISH_ROWS)
        nb_html_lit(&b, " <button type=\"submit\" name=\"actie\" value=\"meer\" "
                        "class=\"utrecht-button utrecht-button--secondary-action\">Meer regels"
                        "</button>");
    nb_html_lit(&b, "</div>\n</form>\n<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" "
                    "href=\"");
    snprintf(action, sizeof action, "/medewerkers/%lld", (long long)p->id);
    nb_html_url(&b, action);
    nb_html_lit(&b, "\">Annuleren en terug naar de medewerker</a></p>\n");
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

/* The change as the API's PUT body, for the audit entry (caller frees). */
static char *nb_edit_detail(const nb_person *p)
{
    json_t *comps = json_array(), *wishes = json_array();
    for (size_t i = 0; i < p->ncomps; i++)
        json_array_append_new(comps, json_pack("{s:I,s:I}", "competentieId",
                                               (json_int_t)p->comps[i].competency_id, "niveau",
                                               (json_int_t)p->comps[i].level));
    for (size_t i = 0; i < p->nwishes; i++)
        json_array_append_new(wishes, json_integer(p->wishes[i]));
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(p->organisation_id));
    json_object_set_new(j, "naam", json_string(p->name));
    json_object_set_new(j, "email", json_string(p->email));
    json_object_set_new(j, "functie", json_string(p->job_title));
    json_object_set_new(j, "schaal", json_integer(p->scale));
    json_object_set_new(j, "contractMinutenPerWeek", json_integer(p->contract_minutes_week));
    json_object_set_new(j, "netwerkMinutenPerWeek", json_integer(p->network_minutes_week));
    json_object_set_new(j, "geboortejaar",
                        p->birth_year > 0 ? json_integer(p->birth_year) : json_null());
    json_object_set_new(j, "verwachteUitstroomdatum",
                        p->exit_date[0] ? json_string(p->exit_date) : json_null());
    json_object_set_new(j, "competenties", comps);
    json_object_set_new(j, "leerwensen", wishes);
    json_object_set_new(j, "actief", json_boolean(p->active));
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return text;
}

/* Loads the person and checks the caller may edit it. Returns 0, 1 when resp
 * holds the answer (404, 403), or a negative code. */
static int nb_edit_load(nb_web_req *w, nb_resp *resp, nb_edit_state *s, nb_web_catalogue *cat,
                        nb_err *err)
{
    int64_t id;
    if (nb_req_path_id(w->req, resp, 0, &id) != 0)
        return 1;
    int rc = nb_person_get(w->req->st, id, &s->p, err);
    if (rc == NB_ENOTFOUND) {
        nb_resp_problem(resp, 404, "Niet gevonden", "Deze medewerker bestaat niet.");
        return 1;
    }
    if (rc != 0)
        return rc;
    if (!nb_person_may_edit(w->req->who, s->p.organisation_id)) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Een coördinator mag alleen medewerkers van de eigen organisatie "
                        "wijzigen.");
        return 1;
    }
    return nb_web_catalogue_load(w->req->st, cat, err);
}

int nb_web_person_edit(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_catalogue cat = {NULL, 0};
    nb_edit_state *s = calloc(1, sizeof *s);
    int rc = s ? nb_edit_load(w, resp, s, &cat, &err) : NB_ENOMEM;
    if (rc == 0) {
        s->rows = s->p.ncomps + 3 > NB_EDIT_MAX_ROWS ? NB_EDIT_MAX_ROWS : s->p.ncomps + 3;
        s->wish_rows =
            s->p.nwishes + 2 > NB_EDIT_MAX_WISH_ROWS ? NB_EDIT_MAX_WISH_ROWS : s->p.nwishes + 2;
        rc = nb_edit_render(w, resp, 200, s, &cat);
    }
    if (rc < 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    nb_web_catalogue_free(&cat);
    free(s);
    return rc == NB_ENOMEM ? rc : 0;
}

int nb_web_person_edit_post(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_web_catalogue cat = {NULL, 0};
    nb_edit_state *s = calloc(1, sizeof *s);
    char *detail = NULL;
    int rc = s ? nb_edit_load(w, resp, s, &cat, &err) : NB_ENOMEM;
    if (rc != 0)
        goto cleanup;
    s->from_form = 1;
    s->form = w->form;
    s->rows = nb_edit_rows(nb_web_form_get(w->form, "regels"), 3, NB_EDIT_MAX_ROWS);
    s->wish_rows = nb_edit_rows(nb_web_form_get(w->form, "wensregels"), 2, NB_EDIT_MAX_WISH_ROWS);
    const char *action = nb_web_form_get(w->form, "actie");
    if (action && strcmp(action, "meer") == 0) { /* more empty rows; nothing is saved */
        s->rows = s->rows + 3 > NB_EDIT_MAX_ROWS ? NB_EDIT_MAX_ROWS : s->rows + 3;
        s->wish_rows =
            s->wish_rows + 2 > NB_EDIT_MAX_WISH_ROWS ? NB_EDIT_MAX_WISH_ROWS : s->wish_rows + 2;
        rc = nb_edit_render(w, resp, 200, s, &cat);
        goto cleanup;
    }
    /* Someone else saved since this form was shown: nothing is written; the form
     * comes back with the current values (the stored person, its rows). */
    if (nb_web_form_stale(w->form, s->p.revision)) {
        s->from_form = 0;
        s->rows = s->p.ncomps + 3 > NB_EDIT_MAX_ROWS ? NB_EDIT_MAX_ROWS : s->p.ncomps + 3;
        s->wish_rows =
            s->p.nwishes + 2 > NB_EDIT_MAX_WISH_ROWS ? NB_EDIT_MAX_WISH_ROWS : s->p.nwishes + 2;
        nb_web_error_add(&s->errs, "gegevens", NB_WEB_STALE_MESSAGE);
        rc = nb_edit_render(w, resp, 409, s, &cat);
        goto cleanup;
    }
    /* A person with more than the form can hold would lose the rest. */
    int too_many = s->p.ncomps > NB_EDIT_MAX_ROWS || s->p.nwishes > NB_EDIT_MAX_WISH_ROWS;
    nb_edit_read(s);
    if (too_many)
        nb_web_error_add(&s->errs, "competentie-1",
                         "Deze medewerker heeft meer competenties of leerwensen dan dit "
                         "formulier kan tonen; wijzig ze via de API.");
    rc = nb_person_check(w->req->st, &s->p, nb_edit_problem, s, &err);
    if (rc < 0)
        goto cleanup;
    if (s->errs.count > 0) {
        rc = nb_edit_render(w, resp, 422, s, &cat);
        goto cleanup;
    }
    detail = nb_edit_detail(&s->p);
    rc = detail ? nb_person_save(w->req->st, &w->req->actor, &s->p, detail, &err) : NB_ENOMEM;
    if (rc == 0) {
        char path[48];
        snprintf(path, sizeof path, "/medewerkers/%lld", (long long)s->p.id);
        rc = nb_web_redirect(resp, path, NB_WEB_FLASH_SAVED);
    }
cleanup:
    if (rc < 0 && rc != NB_ENOMEM)
        rc = nb_resp_from_err(resp, rc, &err);
    free(detail);
    nb_web_catalogue_free(&cat);
    free(s);
    return rc == NB_ENOMEM ? rc : 0;
}
