/*
 * web/opdrachten_form_read.c — reading the assignment form: text into an
 * nb_asg (required fields, numbers, dates "1-12-2026", hours "4,5" into
 * minutes, percentages that add up to 100, a line's month profile) and the
 * problems of nb_asg_check next to their fields; see
 * opdrachten_form_impl.h.
 */
#include "web/opdrachten_form_impl.h"

#include "util/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of field name, "" when absent. */
const char *nb_af_get(const nb_web_req *w, const char *name)
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

void nb_af_err(nb_af_state *s, const char *field, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (nb_web_error_for(&s->errs, field) == NULL) /* one error per field: the first */
        nb_web_error_add(&s->errs, field, msg);
}

int nb_af_line_rows(const nb_web_req *w)
{
    int64_t n = nb_af_id(nb_af_get(w, "regelrijen"));
    if (n < NB_AF_LINES)
        n = NB_AF_LINES;
    return n > NB_AF_LINES_MAX ? NB_AF_LINES_MAX : (int)n;
}

/* Reads the form into a; adds the form's own errors (what is missing or not
 * a number) to s. */
void nb_af_read(const nb_web_req *w, nb_asg *a, nb_af_state *s)
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
void nb_af_problem(nb_af_state *s, const nb_assignment_problem *p)
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
