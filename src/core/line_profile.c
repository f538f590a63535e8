/*
 * core/line_profile.c — a line's month profile: adding, parsing, formatting;
 * see line_profile.h.
 */
#include "core/line_profile.h"

#include "core/workload.h"
#include "util/date.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int nb_line_profile_add(nb_line_profile *p, int32_t mi, int64_t w, char *why, size_t nwhy)
{
    char name[8];
    nb_wl_month_format(mi, name);
    if (w < 0 || w > NB_PROFILE_WEIGHT_MAX) {
        snprintf(why, nwhy, "het gewicht van %s ligt tussen 0 en %d", name, NB_PROFILE_WEIGHT_MAX);
        return NB_EINVAL;
    }
    size_t at = p->n;
    while (at > 0 && p->e[at - 1].month > mi)
        at--;
    if (at > 0 && p->e[at - 1].month == mi) {
        snprintf(why, nwhy, "de maand %s staat er twee keer in", name);
        return NB_EINVAL;
    }
    if (p->n >= NB_PROFILE_MAX) {
        snprintf(why, nwhy, "hoogstens %d maanden per regel", NB_PROFILE_MAX);
        return NB_EINVAL;
    }
    memmove(&p->e[at + 1], &p->e[at], (p->n - at) * sizeof p->e[0]);
    p->e[at] = (nb_month_weight){mi, (int32_t)w};
    p->n++;
    return 0;
}

static const char *nb_lp_skip(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

int nb_line_profile_parse(const char *s, nb_line_profile *out, char *why, size_t nwhy)
{
    out->n = 0;
    s = nb_lp_skip(s);
    while (*s != '\0') {
        char month[8];
        size_t k = 0;
        while (s[k] != '\0' && s[k] != ':' && s[k] != ' ' && s[k] != ',' && k < sizeof month - 1)
            k++;
        memcpy(month, s, k);
        month[k] = '\0';
        int32_t mi = 0;
        if (nb_date_parse_month(month, &mi) != 0) {
            snprintf(why, nwhy,
                     "\"%.*s\" is geen maand; schrijf JJJJ-MM: gewicht, bijvoorbeeld "
                     "2027-01: 2",
                     (int)(k ? k : 1), s);
            return NB_EINVAL;
        }
        s = nb_lp_skip(s + k);
        if (*s != ':') {
            snprintf(why, nwhy, "na %s hoort een dubbele punt en een gewicht", month);
            return NB_EINVAL;
        }
        s = nb_lp_skip(s + 1);
        int64_t w = 0;
        size_t digits = 0;
        for (; *s >= '0' && *s <= '9'; s++, digits++)
            if (w <= NB_PROFILE_WEIGHT_MAX)
                w = w * 10 + (*s - '0');
        if (digits == 0) {
            snprintf(why, nwhy, "het gewicht van %s is geen heel getal van 0 tot en met %d", month,
                     NB_PROFILE_WEIGHT_MAX);
            return NB_EINVAL;
        }
        if (nb_line_profile_add(out, mi, w, why, nwhy) != 0)
            return NB_EINVAL;
        s = nb_lp_skip(s);
        if (*s == ',')
            s = nb_lp_skip(s + 1);
        else if (*s != '\0') {
            snprintf(why, nwhy, "na het gewicht van %s hoort een komma", month);
            return NB_EINVAL;
        }
    }
    if (out->n > 0 && nb_line_profile_total(out->e, out->n) == 0) {
        snprintf(why, nwhy, "minstens één maand moet een gewicht boven 0 hebben");
        return NB_EINVAL;
    }
    return 0;
}

void nb_line_profile_format(const nb_month_weight *e, size_t ne, int spaced, char *out, size_t n)
{
    size_t at = 0;
    if (n == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < ne && at < n; i++) {
        char month[8];
        nb_wl_month_format(e[i].month, month);
        int m = snprintf(out + at, n - at, "%s%s:%s%d", i ? (spaced ? ", " : ",") : "", month,
                         spaced ? " " : "", (int)e[i].weight);
        if (m < 0)
            break;
        at += (size_t)m;
    }
}

int64_t nb_line_profile_total(const nb_month_weight *e, size_t ne)
{
    int64_t t = 0;
    for (size_t i = 0; i < ne; i++)
        t += e[i].weight;
    return t;
}

int nb_line_profile_equal(const nb_month_weight *a, size_t na, const nb_month_weight *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (a[i].month != b[i].month || a[i].weight != b[i].weight)
            return 0;
    return 1;
}
