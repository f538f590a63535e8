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
 */
#include "store/asg_rules.h"
#include "store/competencies.h"
#include "store/people.h"
#include "store/programmes.h"
#include "util/date.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/opdrachten.h"
#include "web/person_field.h"
#include "web/pages.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_AF_REQUESTERS 4                   /* requester rows */
#define NB_AF_LINES 5                        /* line rows at first; "Meer regels" adds as many */
#define NB_AF_LINES_MAX NB_WEB_ASG_LINES_MAX /* the form stays within NB_WEB_FORM_FIELDS */
#define NB_AF_HOURS_MAX 100000

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

/* ---- Reading the form ------------------------------------------------------------ */

/* The value of field name, "" when absent. */
static const char *nb_af_get(const nb_web_req *w, const char *name)
{
    const char *v = w->form ? nb_web_form_get(w->form, name) : NULL;
    return v ? v : "";
}

/* The value of row field <pre><r><post> ("regel2_uren"); its name into name. */
static const char *nb_af_getf(const nb_web_req *w, char *name, size_t n, const char *pre, int r,
                              const char *post)
{
    snprintf(name, n, "%s%d%s", pre, r, post);
    return nb_af_get(w, name);
}

/* 1 when s holds nothing but spaces. */
static int nb_af_blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '\0';
}

/* A positive integer id, or 0. */
static int64_t nb_af_id(const char *s)
{
    char *end = NULL;
    if (*s < '1' || *s > '9')
        return 0;
    long long v = strtoll(s, &end, 10);
    return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

/* Up to max digits at *p into *out; advances *p; the number of digits read. */
static int nb_af_digits(const char **p, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n;
}

/* A day typed as jjjj-mm-dd or d-m-jjjj (also with '/' or '.') into ISO
 * out; 0, or -1 when it is not a day. */
static int nb_af_date(const char *s, char out[11])
{
    int32_t day;
    int d = 0, m = 0, y = 0;
    if (nb_date_parse(s, &day) == 0) {
        snprintf(out, 11, "%s", s);
        return 0;
    }
    const char *p = s;
    if (nb_af_digits(&p, 2, &d) == 0)
        return -1;
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return -1;
    p++;
    if (nb_af_digits(&p, 2, &m) == 0 || *p != sep)
        return -1;
    p++;
    if (nb_af_digits(&p, 4, &y) != 4 || *p != '\0')
        return -1;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (nb_date_parse(iso, &day) != 0)
        return -1;
    snprintf(out, 11, "%s", iso);
    return 0;
}

/* Whole percent 1..100 ("40" or "40 %"), or -1. */
static int64_t nb_af_percent(const char *s)
{
    int64_t v = 0;
    size_t i = 0;
    for (; s[i] >= '0' && s[i] <= '9' && i < 4; i++)
        v = v * 10 + (s[i] - '0');
    if (i == 0)
        return -1;
    while (s[i] == ' ')
        i++;
    if (s[i] == '%')
        i++;
    return s[i] == '\0' && v >= 1 && v <= 100 ? v : -1;
}

/* Hours as "4", "4,5", "4.25" (two decimals at most) into minutes (rounded); -1 when it is not that. */
static int64_t nb_af_minutes(const char *s)
{
    int64_t whole = 0, frac = 0;
    size_t i = 0, nd = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++) {
        whole = whole * 10 + (s[i] - '0');
        if (whole > NB_AF_HOURS_MAX)
            return -1;
    }
    if (i == 0)
        return -1;
    if (s[i] == ',' || s[i] == '.') {
        for (i++; s[i] >= '0' && s[i] <= '9' && nd < 2; i++, nd++)
            frac = frac * 10 + (s[i] - '0');
        if (nd == 0)
            return -1;
        if (nd == 1)
            frac *= 10;
    }
    if (s[i] != '\0')
        return -1;
    return whole * 60 + (frac * 60 + 50) / 100;
}

/* One form's worth of state: the rows shown, the assignment read from it,
 * which row each requester and line came from (for the errors), errors. */
typedef struct nb_af_state {
    const char *action;            /* the form's path */
    int nlines;                    /* line rows shown */
    int req_row[NB_AF_REQUESTERS]; /* requester index -> row number (1-based) */
    int line_row[NB_AF_LINES_MAX]; /* line index -> row number */
    nb_web_errors errs;
} nb_af_state;

static void nb_af_err(nb_af_state *s, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void nb_af_err(nb_af_state *s, const char *field, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (nb_web_error_for(&s->errs, field) == NULL) /* one error per field: the first */
        nb_web_error_add(&s->errs, field, msg);
}

static int nb_af_line_rows(const nb_web_req *w)
{
    int64_t n = nb_af_id(nb_af_get(w, "regelrijen"));
    if (n < NB_AF_LINES)
        n = NB_AF_LINES;
    return n > NB_AF_LINES_MAX ? NB_AF_LINES_MAX : (int)n;
}

/* Reads the form into a; adds the form's own errors (what is missing or not
 * a number) to s. */
static void nb_af_read(const nb_web_req *w, nb_asg *a, nb_af_state *s)
{
    char name[48];
    memset(a, 0, sizeof *a);
    snprintf(a->title, sizeof a->title, "%s", nb_af_get(w, "titel"));
    snprintf(a->description, sizeof a->description, "%s", nb_af_get(w, "omschrijving"));
    if (a->title[0] == '\0')
        nb_af_err(s, "titel", "Vul een titel in.");
    else if (strlen(nb_af_get(w, "titel")) >= sizeof a->title)
        nb_af_err(s, "titel", "De titel is te lang (hoogstens %d tekens).", NB_ASG_TITLE_MAX);
    if (strlen(nb_af_get(w, "omschrijving")) >= sizeof a->description)
        nb_af_err(s, "omschrijving", "De omschrijving is te lang (hoogstens %d tekens).",
                  NB_ASG_DESC_MAX);
    if (nb_assignment_kind_parse(nb_af_get(w, "soort"), &a->kind) != 0) {
        a->kind = NB_ASSIGNMENT_LOKAAL;
        nb_af_err(s, "soort", "Kies de soort opdracht.");
    }
    const char *work = nb_af_get(w, "werksoort");
    if (strcmp(work, "regulier") != 0 && strcmp(work, "verandering") != 0)
        nb_af_err(s, "werksoort", "Kies regulier of verandering.");
    snprintf(a->work_type, sizeof a->work_type, "%s", work);
    const char *prio = nb_af_get(w, "prioriteit");
    a->priority = prio[0] ? nb_af_id(prio) : 3;
    if (a->priority < 1 || a->priority > 5) {
        a->priority = 3;
        nb_af_err(s, "prioriteit", "Kies een prioriteit van 1 (hoogst) tot en met 5.");
    }
    const char *prog = nb_af_get(w, "programma");
    a->programme_id = prog[0] ? nb_af_id(prog) : 0;
    if (prog[0] && a->programme_id <= 0) {
        a->programme_id = 0;
        nb_af_err(s, "programma", "Kies een programma uit de lijst.");
    }
    if (nb_af_date(nb_af_get(w, "startdatum"), a->start_date) != 0)
        nb_af_err(s, "startdatum", "Vul de eerste dag in, bijvoorbeeld 1-12-2026.");
    if (nb_af_date(nb_af_get(w, "einddatum"), a->end_date) != 0)
        nb_af_err(s, "einddatum", "Vul de laatste dag in, bijvoorbeeld 31-3-2027.");
    snprintf(a->sponsor, sizeof a->sponsor, "%s", nb_af_get(w, "bestuurlijk"));
    if (a->sponsor[0] == '\0')
        nb_af_err(s, "bestuurlijk", "Vul de naam van de bestuurlijk opdrachtgever in.");
    else if (strlen(nb_af_get(w, "bestuurlijk")) >= sizeof a->sponsor)
        nb_af_err(s, "bestuurlijk", "De naam is te lang (hoogstens %d tekens).",
                  NB_ASG_SPONSOR_MAX);
    /* ambtelijk: resolved by nb_web_person_resolve after this (it reads the store) */

    /* Requesters: the rows with an organisation; shares in percent. */
    int64_t sum = 0;
    int missing_share = 0;
    for (int r = 1; r <= NB_AF_REQUESTERS; r++) {
        int64_t org = nb_af_id(nb_af_getf(w, name, sizeof name, "aanvrager", r, "_organisatie"));
        const char *share = nb_af_getf(w, name, sizeof name, "aanvrager", r, "_aandeel");
        if (org == 0) {
            if (share[0] != '\0') {
                snprintf(name, sizeof name, "aanvrager%d_organisatie", r);
                nb_af_err(s, name, "Aanvrager %d: kies de organisatie bij dit aandeel.", r);
            }
            continue;
        }
        int64_t pct = share[0] ? nb_af_percent(share)
                               : (a->kind == NB_ASSIGNMENT_MEERVOUDIG_LOKAAL ? -2 : 100);
        if (pct < 0) {
            snprintf(name, sizeof name, "aanvrager%d_aandeel", r);
            if (pct == -2)
                nb_af_err(s, name, "Aanvrager %d: vul het aandeel in procenten in.", r);
            else
                nb_af_err(
                    s, name,
                    "Aanvrager %d: het aandeel is een heel getal van 1 tot en met 100 (procent).",
                    r);
            missing_share = 1;
            pct = 1;
        }
        s->req_row[a->nrequesters] = r;
        a->requesters[a->nrequesters].organisation_id = org;
        a->requesters[a->nrequesters].share = pct;
        a->nrequesters++;
        sum += pct;
    }
    if (a->kind == NB_ASSIGNMENT_MEERVOUDIG_LOKAAL && a->nrequesters >= 2 && !missing_share &&
        sum != 100)
        nb_af_err(s, "aanvragers",
                  "De aandelen tellen op tot %lld %%; samen moeten ze precies 100 %% zijn.",
                  (long long)sum);

    /* Lines: the rows where anything was filled in. */
    for (int r = 1; r <= s->nlines; r++) {
        const char *comp = nb_af_getf(w, name, sizeof name, "regel", r, "_competentie");
        const char *level = nb_af_getf(w, name, sizeof name, "regel", r, "_niveau");
        const char *hours = nb_af_getf(w, name, sizeof name, "regel", r, "_uren");
        const char *prof = nb_af_getf(w, name, sizeof name, "regel", r, "_maandprofiel");
        if (!comp[0] && !level[0] && !hours[0] && nb_af_blank(prof))
            continue;
        nb_assignment_line *l = &a->lines[a->nlines];
        s->line_row[a->nlines++] = r;
        l->competency_id = nb_af_id(comp);
        l->min_level = nb_af_id(level);
        l->minutes = nb_af_minutes(hours);
        if (l->competency_id == 0) {
            snprintf(name, sizeof name, "regel%d_competentie", r);
            nb_af_err(s, name, "Regel %d: kies een competentie.", r);
            l->competency_id = 1; /* reported; keep core from naming it again */
        }
        if (l->min_level < 1 || l->min_level > 5) {
            snprintf(name, sizeof name, "regel%d_niveau", r);
            nb_af_err(s, name, "Regel %d: kies een minimumniveau van 1 tot en met 5.", r);
            l->min_level = 1;
        }
        if (l->minutes <= 0) {
            snprintf(name, sizeof name, "regel%d_uren", r);
            nb_af_err(s, name, "Regel %d: vul het aantal uren in, bijvoorbeeld 16 of 4,5.", r);
            l->minutes = 1;
        }
        char why[160];
        nb_line_profile p;
        snprintf(name, sizeof name, "regel%d_maandprofiel", r);
        if (nb_line_profile_parse(prof, &p, why, sizeof why) != 0)
            nb_af_err(s, name, "Regel %d: maandprofiel: %s.", r, why); /* and no profile */
        else if (nb_asg_line_set_profile(a, a->nlines - 1, p.e, p.n) != 0)
            nb_af_err(s, name,
                      "Regel %d: maandprofiel: de maandprofielen van alle regels samen noemen "
                      "ten hoogste %d maanden.",
                      r, NB_ASG_PROFILE_ARENA);
    }
}

/* The form field a problem of nb_asg_check belongs to, and its label. */
static void nb_af_problem(nb_af_state *s, const nb_assignment_problem *p)
{
    char field[48];
    char where[48] = "";
    size_t i = p->index;
    int req_row = i < NB_AF_REQUESTERS ? s->req_row[i] : 0;
    int line_row = i < NB_AF_LINES_MAX ? s->line_row[i] : 0;
    switch (p->field) {
    case NB_ASSIGNMENT_F_KIND:
        snprintf(field, sizeof field, "soort");
        snprintf(where, sizeof where, "Soort");
        break;
    case NB_ASSIGNMENT_F_REQUESTERS:
    case NB_ASSIGNMENT_F_STATUS:
        snprintf(field, sizeof field, "aanvragers");
        snprintf(where, sizeof where, "Aanvragers");
        break;
    case NB_ASSIGNMENT_F_REQUESTER_ORG:
        snprintf(field, sizeof field, "aanvrager%d_organisatie", req_row);
        snprintf(where, sizeof where, "Aanvrager %d", req_row);
        break;
    case NB_ASSIGNMENT_F_REQUESTER_SHARE:
        snprintf(field, sizeof field, "aanvrager%d_aandeel", req_row);
        snprintf(where, sizeof where, "Aanvrager %d", req_row);
        break;
    case NB_ASSIGNMENT_F_START:
        snprintf(field, sizeof field, "startdatum");
        snprintf(where, sizeof where, "Startdatum");
        break;
    case NB_ASSIGNMENT_F_END:
        snprintf(field, sizeof field, "einddatum");
        snprintf(where, sizeof where, "Einddatum");
        break;
    case NB_ASSIGNMENT_F_LINES:
        snprintf(field, sizeof field, "regel1_competentie");
        snprintf(where, sizeof where, "Regels");
        break;
    case NB_ASSIGNMENT_F_LINE_COMPETENCY:
        snprintf(field, sizeof field, "regel%d_competentie", line_row);
        snprintf(where, sizeof where, "Regel %d", line_row);
        break;
    case NB_ASSIGNMENT_F_LINE_LEVEL:
        snprintf(field, sizeof field, "regel%d_niveau", line_row);
        snprintf(where, sizeof where, "Regel %d", line_row);
        break;
    case NB_ASSIGNMENT_F_LINE_MINUTES:
        snprintf(field, sizeof field, "regel%d_uren", line_row);
        snprintf(where, sizeof where, "Regel %d", line_row);
        break;
    case NB_ASSIGNMENT_F_LINE_PROFILE:
        snprintf(field, sizeof field, "regel%d_maandprofiel", line_row);
        snprintf(where, sizeof where, "Regel %d: maandprofiel", line_row);
        break;
    case NB_ASSIGNMENT_F_PROGRAMME:
        snprintf(field, sizeof field, "programma");
        snprintf(where, sizeof where, "Programma");
        break;
    case NB_ASSIGNMENT_F_CLIENT:
    default:
        snprintf(field, sizeof field, "ambtelijk");
        snprintf(where, sizeof where, "Ambtelijk opdrachtgever");
        break;
    }
    nb_af_err(s, field, "%s: %s.", where, p->reason);
}

/* ---- Writing the form ------------------------------------------------------------ */

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
                   "maandprofiel. Laat regels die u niet nodig heeft leeg.</p>\n");
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
        nb_web_form_field(b, &s->errs, name, "text", label,
                          "Gewicht per maand van de periode, bijvoorbeeld 2027-01: 2, 2027-02: 1. "
                          "Een maand die er niet in staat weegt 0. Leeg: de uren volgen de dagen "
                          "van de periode.",
                          nb_af_get(w, name), "off");
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

static int nb_af_page(nb_web_req *w, nb_resp *resp, const nb_af_state *s, int status, int fresh)
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
