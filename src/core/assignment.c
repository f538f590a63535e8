/*
 * core/assignment.c — status machine and shape rules of an assignment; see
 * assignment.h.
 */
#include "core/assignment.h"

#include "core/workload.h"

#include <stdio.h>
#include <string.h>

static const char *const nb_assignment_status_names[NB_ASSIGNMENT_STATUS_COUNT] = {
    "concept",       "ingediend", "geaccepteerd", "bemenst",
    "in-uitvoering", "afgerond",  "geannuleerd",  "samengevoegd",
};

static const char *const nb_assignment_kind_names[NB_ASSIGNMENT_KIND_COUNT] = {
    "lokaal",
    "meervoudig-lokaal",
    "regionaal",
};

const char *nb_assignment_status_name(nb_assignment_status s)
{
    return (unsigned)s < NB_ASSIGNMENT_STATUS_COUNT ? nb_assignment_status_names[s] : "?";
}

int nb_assignment_status_parse(const char *name, nb_assignment_status *out)
{
    for (int i = 0; name != NULL && i < NB_ASSIGNMENT_STATUS_COUNT; i++) {
        if (strcmp(name, nb_assignment_status_names[i]) == 0) {
            *out = (nb_assignment_status)i;
            return 0;
        }
    }
    return NB_EINVAL;
}

const char *nb_assignment_kind_name(nb_assignment_kind k)
{
    return (unsigned)k < NB_ASSIGNMENT_KIND_COUNT ? nb_assignment_kind_names[k] : "?";
}

int nb_assignment_kind_parse(const char *name, nb_assignment_kind *out)
{
    for (int i = 0; name != NULL && i < NB_ASSIGNMENT_KIND_COUNT; i++) {
        if (strcmp(name, nb_assignment_kind_names[i]) == 0) {
            *out = (nb_assignment_kind)i;
            return 0;
        }
    }
    return NB_EINVAL;
}

int nb_assignment_status_is_final(nb_assignment_status s)
{
    return s == NB_ASSIGNMENT_AFGEROND || s == NB_ASSIGNMENT_GEANNULEERD ||
           s == NB_ASSIGNMENT_SAMENGEVOEGD;
}

int nb_assignment_transition_legal(nb_assignment_status from, nb_assignment_status to)
{
    if ((unsigned)from >= NB_ASSIGNMENT_STATUS_COUNT || (unsigned)to >= NB_ASSIGNMENT_STATUS_COUNT)
        return 0;
    if (nb_assignment_status_is_final(from))
        return 0;
    if (to == NB_ASSIGNMENT_GEANNULEERD)
        return 1;
    if (to == NB_ASSIGNMENT_SAMENGEVOEGD)
        return 0; /* only a merge sets it (store/bundles.h) */
    /* The forward chain: every non-final state but the last has one successor. */
    return from < NB_ASSIGNMENT_AFGEROND && to == from + 1;
}

int nb_assignment_transition_check(nb_assignment_status from, nb_assignment_status to, nb_err *err)
{
    if ((unsigned)from >= NB_ASSIGNMENT_STATUS_COUNT || (unsigned)to >= NB_ASSIGNMENT_STATUS_COUNT)
        return nb_err_set(err, NB_EINVAL, "Onbekende status.");
    if (from == to || nb_assignment_transition_legal(from, to))
        return 0;
    if (nb_assignment_status_is_final(from))
        return nb_err_set(err, NB_ECONFLICT,
                          "Een opdracht met status '%s' kan niet meer van status veranderen; "
                          "'%s' is een eindstatus.",
                          nb_assignment_status_name(from), nb_assignment_status_name(from));
    char next[160] = "";
    size_t len = 0;
    for (int s = 0; s < NB_ASSIGNMENT_STATUS_COUNT; s++) {
        if (!nb_assignment_transition_legal(from, (nb_assignment_status)s))
            continue;
        int n = snprintf(next + len, sizeof next - len, "%s%s", len ? ", " : "",
                         nb_assignment_status_names[s]);
        if (n > 0 && (size_t)n < sizeof next - len)
            len += (size_t)n;
    }
    return nb_err_set(err, NB_ECONFLICT,
                      "Een opdracht met status '%s' kan niet naar '%s'; wel naar: %s.",
                      nb_assignment_status_name(from), nb_assignment_status_name(to), next);
}

int nb_assignment_lines_locked(nb_assignment_status s)
{
    return s == NB_ASSIGNMENT_BEMENST || s == NB_ASSIGNMENT_IN_UITVOERING ||
           s == NB_ASSIGNMENT_AFGEROND || s == NB_ASSIGNMENT_GEANNULEERD ||
           s == NB_ASSIGNMENT_SAMENGEVOEGD;
}

int nb_assignment_requester_may(nb_assignment_status from, nb_assignment_status to)
{
    if (from == to)
        return 1;
    if (from == NB_ASSIGNMENT_CONCEPT && to == NB_ASSIGNMENT_INGEDIEND)
        return 1;
    return to == NB_ASSIGNMENT_GEANNULEERD &&
           (from == NB_ASSIGNMENT_CONCEPT || from == NB_ASSIGNMENT_INGEDIEND ||
            from == NB_ASSIGNMENT_GEACCEPTEERD);
}

/* ---- Shape validation --------------------------------------------------- */

typedef struct nb_problems {
    nb_assignment_problem *out;
    size_t max;
    size_t n;
} nb_problems;

static void nb_problem_add(nb_problems *p, nb_assignment_field field, size_t index, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));

static void nb_problem_add(nb_problems *p, nb_assignment_field field, size_t index, const char *fmt,
                           ...)
{
    if (p->n < p->max) {
        nb_assignment_problem *q = &p->out[p->n];
        va_list ap;
        q->field = field;
        q->index = index;
        va_start(ap, fmt);
        vsnprintf(q->reason, sizeof q->reason, fmt, ap);
        va_end(ap);
    }
    p->n++;
}

static void nb_validate_requesters(const nb_assignment_shape *a, nb_problems *p)
{
    size_t n = a->requesters ? a->nrequesters : 0;
    switch (a->kind) {
    case NB_ASSIGNMENT_LOKAAL:
        if (n != 1)
            nb_problem_add(p, NB_ASSIGNMENT_F_REQUESTERS, 0,
                           "een lokale opdracht heeft precies één aanvragende organisatie (nu %zu)",
                           n);
        break;
    case NB_ASSIGNMENT_MEERVOUDIG_LOKAAL:
        if (n < 2)
            nb_problem_add(p, NB_ASSIGNMENT_F_REQUESTERS, 0,
                           "een meervoudig-lokale opdracht heeft minstens twee aanvragende "
                           "organisaties (nu %zu)",
                           n);
        break;
    case NB_ASSIGNMENT_REGIONAAL:
    default:
        break;
    }
    for (size_t i = 0; i < n; i++) {
        const nb_assignment_requester *r = &a->requesters[i];
        if (r->organisation_id <= 0)
            nb_problem_add(p, NB_ASSIGNMENT_F_REQUESTER_ORG, i, "moet een positief id zijn");
        else
            for (size_t j = 0; j < i; j++)
                if (a->requesters[j].organisation_id == r->organisation_id) {
                    nb_problem_add(p, NB_ASSIGNMENT_F_REQUESTER_ORG, i,
                                   "organisatie %lld staat al eerder bij de aanvragers",
                                   (long long)r->organisation_id);
                    break;
                }
        if (r->share < 1)
            nb_problem_add(p, NB_ASSIGNMENT_F_REQUESTER_SHARE, i,
                           "het aandeel moet minstens 1 zijn");
    }
}

/* A line's month profile: every named month in the period, not all weights 0. */
static void nb_validate_profile(const nb_assignment_shape *a, const nb_assignment_line *l, size_t i,
                                nb_problems *p)
{
    if (l->nprofile == 0 || a->start_day > a->end_day)
        return;
    int32_t first = nb_wl_month(a->start_day), last = nb_wl_month(a->end_day);
    for (size_t k = 0; k < l->nprofile; k++) {
        int32_t mi = l->profile[k].month;
        if (mi < first || mi > last) {
            char m[8], a0[8], a1[8];
            nb_wl_month_format(mi, m);
            nb_wl_month_format(first, a0);
            nb_wl_month_format(last, a1);
            nb_problem_add(p, NB_ASSIGNMENT_F_LINE_PROFILE, i,
                           "de maand %s ligt buiten de periode van de opdracht (%s tot en met "
                           "%s); pas het maandprofiel of de periode aan",
                           m, a0, a1);
            return;
        }
    }
    if (nb_line_profile_total(l->profile, l->nprofile) == 0)
        nb_problem_add(p, NB_ASSIGNMENT_F_LINE_PROFILE, i,
                       "minstens één maand moet een gewicht boven 0 hebben");
}

static void nb_validate_lines(const nb_assignment_shape *a, nb_problems *p)
{
    size_t n = a->lines ? a->nlines : 0;
    if (n == 0)
        nb_problem_add(p, NB_ASSIGNMENT_F_LINES, 0,
                       "een opdracht vraagt minstens één competentie (regel)");
    for (size_t i = 0; i < n; i++) {
        const nb_assignment_line *l = &a->lines[i];
        if (l->competency_id <= 0)
            nb_problem_add(p, NB_ASSIGNMENT_F_LINE_COMPETENCY, i, "moet een positief id zijn");
        if (l->min_level < 1 || l->min_level > 5)
            nb_problem_add(p, NB_ASSIGNMENT_F_LINE_LEVEL, i,
                           "het minimumniveau ligt tussen 1 en 5");
        if (l->minutes <= 0)
            nb_problem_add(p, NB_ASSIGNMENT_F_LINE_MINUTES, i,
                           "het aantal minuten moet groter dan 0 zijn");
        nb_validate_profile(a, l, i, p);
    }
}

size_t nb_assignment_validate(const nb_assignment_shape *a, nb_assignment_problem *problems,
                              size_t max)
{
    nb_problems p = {problems, problems ? max : 0, 0};
    if ((unsigned)a->kind >= NB_ASSIGNMENT_KIND_COUNT)
        nb_problem_add(&p, NB_ASSIGNMENT_F_KIND, 0,
                       "moet lokaal, meervoudig-lokaal of regionaal zijn");
    nb_validate_requesters(a, &p);
    if (a->start_day > a->end_day)
        nb_problem_add(&p, NB_ASSIGNMENT_F_END, 0, "de einddatum ligt vóór de startdatum");
    nb_validate_lines(a, &p);
    return p.n;
}
