/*
 * web/opdrachten_form_render.c — writing the assignment form: the choices
 * of its selects (organisations, competencies, programmes) and the page
 * with what was typed, the errors next to their fields, the requesters and
 * the lines groups (the month profile explained once, in the lines group's
 * introduction, every line's field pointing to it); see
 * opdrachten_form_impl.h.
 */
#include "web/opdrachten_form_impl.h"

#include "store/competencies.h"
#include "store/people.h"
#include "store/programmes.h"
#include "web/html.h"
#include "web/person_field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The choices of the form's selects, loaded once per request. */
typedef struct nb_af_choices {
    nb_web_orgs orgs;
    nb_web_option *org_opts; /* "" + every organisation */
    nb_web_option *comp_opts;
    nb_web_option *prog_opts; /* "" (none) + every programme (issue 10 §1) */
    size_t norg, ncomp, nprog;
    nb_buf text; /* storage for the ids and labels above */
} nb_af_choices;

/* Copies s (with its NUL) into the choices' storage; returns its offset
 * (the storage's oom flag says when it did not fit). */
static size_t nb_af_keep(nb_af_choices *c, const char *s)
{
    size_t at = c->text.len;
    nb_buf_append(&c->text, s, strlen(s) + 1);
    return at;
}

typedef struct nb_af_pair {
    size_t value, label; /* offsets into nb_af_choices.text */
} nb_af_pair;

typedef struct nb_af_pairs {
    nb_af_choices *c;
    nb_af_pair *v;
    size_t n, cap;
} nb_af_pairs;

static int nb_af_pair_add(nb_af_pairs *p, const char *value, const char *label)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        nb_af_pair *v = realloc(p->v, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n].value = nb_af_keep(p->c, value);
    p->v[p->n].label = nb_af_keep(p->c, label);
    p->n++;
    return p->c->text.oom ? NB_ENOMEM : 0;
}

static int nb_af_comp_add(void *ctx, const nb_comp *c)
{
    char id[24], label[sizeof c->code + sizeof c->name + 8];
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    snprintf(label, sizeof label, "%s (%s)", c->name, c->code);
    return nb_af_pair_add(ctx, id, label);
}

/* A programme as a choice: "rMJP 2027 (regionaal)", "Programma X (Dordrecht)". */
typedef struct nb_af_prog_ctx {
    nb_af_pairs *pairs;
    const nb_web_orgs *orgs;
} nb_af_prog_ctx;

static int nb_af_prog_add(void *ctx, const nb_prog *p)
{
    const nb_af_prog_ctx *c = ctx;
    char id[24], label[sizeof p->name + 160];
    snprintf(id, sizeof id, "%lld", (long long)p->id);
    snprintf(label, sizeof label, "%s (%s)", p->name,
             p->organisation_id > 0 ? nb_web_orgs_name(c->orgs, p->organisation_id) : "regionaal");
    return nb_af_pair_add(c->pairs, id, label);
}

/* Options "" (prompt) + pairs, pointing into c->text (stable once loaded). */
static nb_web_option *nb_af_options(nb_af_choices *c, const nb_af_pairs *p, const char *prompt,
                                    size_t *n)
{
    nb_web_option *o = calloc(p->n + 1, sizeof *o);
    if (o == NULL)
        return NULL;
    o[0] = (nb_web_option){"", prompt};
    for (size_t i = 0; i < p->n; i++)
        o[i + 1] = (nb_web_option){c->text.data + p->v[i].value, c->text.data + p->v[i].label};
    *n = p->n + 1;
    return o;
}

static int nb_af_choices_load(nb_store *st, nb_af_choices *c, nb_err *err)
{
    nb_af_pairs orgs = {c, NULL, 0, 0}, comps = {c, NULL, 0, 0}, progs = {c, NULL, 0, 0};
    int rc = nb_web_orgs_load(st, &c->orgs, err);
    for (size_t i = 0; rc == 0 && i < c->orgs.n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)c->orgs.v[i].id);
        rc = nb_af_pair_add(&orgs, id, c->orgs.v[i].name);
    }
    if (rc == 0)
        rc = nb_comp_list(st, NULL, 0, -1, nb_af_comp_add, &comps, NULL, err);
    if (rc == 0) {
        nb_af_prog_ctx pc = {&progs, &c->orgs};
        rc = nb_prog_list(st, NULL, 0, -1, nb_af_prog_add, &pc, NULL, err);
    }
    /* The texts are complete now: the options may point into them. */
    if (rc == 0) {
        c->org_opts = nb_af_options(c, &orgs, "Kies een organisatie", &c->norg);
        c->comp_opts = nb_af_options(c, &comps, "Kies een competentie", &c->ncomp);
        c->prog_opts = nb_af_options(c, &progs, "Geen programma", &c->nprog);
        if (!c->org_opts || !c->comp_opts || !c->prog_opts)
            rc = NB_ENOMEM;
    }
    free(orgs.v);
    free(comps.v);
    free(progs.v);
    return rc;
}

static void nb_af_choices_free(nb_af_choices *c)
{
    nb_web_orgs_free(&c->orgs);
    free(c->org_opts);
    free(c->comp_opts);
    free(c->prog_opts);
    nb_buf_free(&c->text);
}

static void nb_af_fieldset_open(nb_buf *b, const nb_af_state *s, const char *id, const char *legend)
{
    const char *error = nb_web_error_for(&s->errs, id);
    nb_html_lit(b, "<fieldset class=\"utrecht-form-fieldset__fieldset "
                   "utrecht-form-fieldset--html-fieldset nb-fieldset");
    if (error)
        nb_html_lit(b, " utrecht-form-fieldset--invalid");
    nb_html_lit(b, "\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\"");
    if (error) {
        nb_html_lit(b, " aria-describedby=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"");
    }
    nb_html_lit(b, " tabindex=\"-1\">\n<legend class=\"utrecht-form-fieldset__legend "
                   "utrecht-form-fieldset__legend--html-legend\">");
    nb_html_text(b, legend);
    nb_html_lit(b, "</legend>\n");
    if (error) {
        nb_html_lit(b, "<div class=\"utrecht-form-field-error-message\" id=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"><span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(b, error);
        nb_html_lit(b, "</div>\n");
    }
}

static int nb_af_render(nb_buf *b, const nb_web_req *w, const nb_af_choices *c,
                        const nb_af_state *s, int fresh, nb_err *err)
{
    char name[48], label[64], dflt_org[24] = "";
    const nb_principal *who = w->req->who;
    if (fresh && who->role == NB_ROLE_COORDINATOR && who->organisation_id > 0)
        snprintf(dflt_org, sizeof dflt_org, "%lld", (long long)who->organisation_id);
    nb_web_error_summary(b, &s->errs);
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Vul de opdracht in. Velden zonder "
                   "\"(niet verplicht)\" zijn verplicht. U kunt de opdracht eerst als concept "
                   "opslaan en later indienen.</p>\n");
    nb_web_form_open(b, w, s->action);
    nb_html_lit(b, "<input type=\"hidden\" name=\"regelrijen\" value=\"");
    nb_html_int(b, s->nlines);
    nb_html_lit(b, "\">\n");
    const char *versie = nb_af_get(w, "versie"); /* an edit: the version it was read at */
    if (versie[0]) {
        nb_html_lit(b, "<input type=\"hidden\" name=\"versie\" value=\"");
        nb_html_attr(b, versie);
        nb_html_lit(b, "\">\n");
    }
    nb_web_form_field(b, &s->errs, "titel", "text", "Titel", NULL, nb_af_get(w, "titel"), "off");
    nb_web_form_textarea(b, &s->errs, "omschrijving", "Omschrijving (niet verplicht)", NULL,
                         nb_af_get(w, "omschrijving"));
    nb_web_option kinds[] = {
        {"", "Kies de soort"},
        {"lokaal", "Lokaal: één aanvragende organisatie"},
        {"meervoudig-lokaal", "Meervoudig lokaal: meer organisaties, ieder een aandeel"},
        {"regionaal", "Regionaal: alle leden, volgens de verdeelsleutel"}};
    nb_web_form_select(b, &s->errs, "soort", "Soort opdracht", NULL, kinds, 4,
                       fresh ? "lokaal" : nb_af_get(w, "soort"));
    nb_web_option works[] = {
        {"", "Kies de werksoort"}, {"regulier", "Regulier"}, {"verandering", "Verandering"}};
    nb_web_form_select(b, &s->errs, "werksoort", "Werksoort", NULL, works, 3,
                       nb_af_get(w, "werksoort"));
    nb_web_form_field(b, &s->errs, "startdatum", "text", "Startdatum",
                      "De eerste dag van de gewenste periode, bijvoorbeeld 1-12-2026.",
                      nb_af_get(w, "startdatum"), "off");
    nb_web_form_field(b, &s->errs, "einddatum", "text", "Einddatum",
                      "De laatste dag van de gewenste periode, bijvoorbeeld 31-3-2027.",
                      nb_af_get(w, "einddatum"), "off");
    nb_web_option prios[] = {
        {"1", "1 (hoogst)"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5 (laagst)"}};
    nb_web_form_select(b, &s->errs, "prioriteit", "Prioriteit",
                       "Hoe dringend de opdracht is; het netwerk-MT plant de hoogste eerst.", prios,
                       5,
                       fresh || !nb_af_get(w, "prioriteit")[0] ? "3" : nb_af_get(w, "prioriteit"));
    nb_web_form_select(b, &s->errs, "programma", "Programma (niet verplicht)",
                       "Het regionale werkprogramma (alleen het netwerk-MT) of een programma van "
                       "uw gemeente.",
                       c->prog_opts, c->nprog, nb_af_get(w, "programma"));
    nb_web_form_field(b, &s->errs, "bestuurlijk", "text", "Bestuurlijk opdrachtgever",
                      "De wethouder of burgemeester.", nb_af_get(w, "bestuurlijk"), "off");
    int rc = nb_web_person_field(b, w->req->st, &s->errs, "ambtelijk", "Ambtelijk opdrachtgever",
                                 "Een medewerker van een aanvragende organisatie; hij of zij "
                                 "keurt de uren goed. Typ (een deel van) de naam of het nummer.",
                                 nb_af_get(w, "ambtelijk"), err);
    if (rc != 0)
        return rc;

    nb_af_fieldset_open(b, s, "aanvragers", "Aanvragende organisaties");
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Lokaal: één organisatie. Meervoudig lokaal: "
                   "twee of meer, met ieder een aandeel in procent; samen 100 %. De andere "
                   "organisaties betalen pas mee als hun coördinator heeft ingestemd. Regionaal: "
                   "niet verplicht.</p>\n");
    for (int r = 1; r <= NB_AF_REQUESTERS; r++) {
        snprintf(name, sizeof name, "aanvrager%d_organisatie", r);
        snprintf(label, sizeof label, "Aanvrager %d: organisatie", r);
        const char *v = nb_af_get(w, name);
        nb_web_form_select(b, &s->errs, name, label, NULL, c->org_opts, c->norg,
                           r == 1 && fresh ? dflt_org : v);
        snprintf(name, sizeof name, "aanvrager%d_aandeel", r);
        snprintf(label, sizeof label, "Aanvrager %d: aandeel in procent", r);
        nb_web_form_field(b, &s->errs, name, "text", label, NULL, nb_af_get(w, name), "off");
    }
    nb_html_lit(b, "</fieldset>\n");

    nb_af_fieldset_open(b, s, "regels", "Gevraagde competenties");
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Per regel een competentie, het minimale "
                   "niveau (1 tot en met 5) en het aantal uren, en zo nodig een eigen "
                   "maandprofiel. Laat regels die u niet nodig heeft leeg.</p>\n"
                   "<p class=\"utrecht-paragraph\" id=\"" NB_AF_PROFILE_HINT "\">Maandprofiel "
                   "(niet verplicht): een gewicht per maand van de periode, bijvoorbeeld "
                   "2027-01: 2, 2027-02: 1. Een maand die er niet in staat weegt 0. Leeg: de "
                   "uren volgen de dagen van de periode.</p>\n");
    nb_web_option levels[] = {
        {"", "Kies een niveau"}, {"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "5"}};
    for (int r = 1; r <= s->nlines; r++) {
        nb_html_lit(b, "<div class=\"nb-line\">\n");
        snprintf(name, sizeof name, "regel%d_competentie", r);
        snprintf(label, sizeof label, "Regel %d: competentie", r);
        nb_web_form_select(b, &s->errs, name, label, NULL, c->comp_opts, c->ncomp,
                           nb_af_get(w, name));
        snprintf(name, sizeof name, "regel%d_niveau", r);
        snprintf(label, sizeof label, "Regel %d: minimumniveau", r);
        nb_web_form_select(b, &s->errs, name, label, NULL, levels, 6, nb_af_get(w, name));
        snprintf(name, sizeof name, "regel%d_uren", r);
        snprintf(label, sizeof label, "Regel %d: uren", r);
        nb_web_form_field(b, &s->errs, name, "text", label, NULL, nb_af_get(w, name), "off");
        snprintf(name, sizeof name, "regel%d_maandprofiel", r);
        snprintf(label, sizeof label, "Regel %d: maandprofiel (niet verplicht)", r);
        nb_web_form_field_hinted(b, &s->errs, name, label, NB_AF_PROFILE_HINT, nb_af_get(w, name));
        nb_html_lit(b, "</div>\n");
    }
    if (s->nlines < NB_AF_LINES_MAX)
        nb_html_lit(b, "<p class=\"utrecht-paragraph\"><button class=\"utrecht-button "
                       "utrecht-button--secondary-action\" type=\"submit\" name=\"actie\" "
                       "value=\"meer\">Meer regels</button></p>\n");
    nb_html_lit(b, "</fieldset>\n");
    nb_html_lit(b, "<div class=\"utrecht-button-group nb-actions\">"
                   "<button class=\"utrecht-button utrecht-button--primary-action\" "
                   "type=\"submit\" name=\"actie\" value=\"indienen\">Indienen</button>"
                   "<button class=\"utrecht-button utrecht-button--secondary-action\" "
                   "type=\"submit\" name=\"actie\" value=\"concept\">Opslaan als concept</button>"
                   "</div>\n</form>\n");
    return 0;
}

int nb_af_page(nb_web_req *w, nb_resp *resp, const nb_af_state *s, int status, int fresh)
{
    nb_af_choices c;
    memset(&c, 0, sizeof c);
    nb_err err = {{0}};
    nb_buf b = NB_BUF_INIT;
    int rc = nb_af_choices_load(w->req->st, &c, &err);
    if (rc == 0) {
        nb_web_begin(&b, w);
        rc = nb_af_render(&b, w, &c, s, fresh, &err);
    }
    if (rc == 0) {
        nb_web_end(&b);
        rc = nb_web_reply(resp, status, &b);
    } else if (rc != NB_ENOMEM) {
        rc = nb_resp_from_err(resp, rc, &err);
    }
    nb_buf_free(&b);
    nb_af_choices_free(&c);
    return rc;
}
