/*
 * core/workload.c — the work stock per month, competency and level; see
 * workload.h for how hours are counted.
 */
#include "core/workload.h"

#include "core/split.h"
#include "util/date.h"

#include <stdlib.h>
#include <string.h>

/* ---- Months --------------------------------------------------------------- */

int32_t nb_wl_month(int32_t day)
{
    int y, m, d;
    nb_date_to_ymd(day, &y, &m, &d);
    return (int32_t)(y * 12 + m - 1);
}

void nb_wl_month_days(int32_t mi, int32_t *first, int32_t *last)
{
    int y = mi / 12, m = mi % 12 + 1;
    *first = nb_date_from_ymd(y, m, 1);
    *last = (m == 12 ? nb_date_from_ymd(y + 1, 1, 1) : nb_date_from_ymd(y, m + 1, 1)) - 1;
}

int nb_wl_window(const char *van, const char *tot, int32_t today, int32_t *first, size_t *n,
                 const char **field, const char **why)
{
    int32_t a = nb_wl_month(today), b;
    if (van != NULL && nb_date_parse_month(van, &a) != 0) {
        *field = "van";
        *why = "moet een maand zijn (JJJJ-MM)";
        return NB_EINVAL;
    }
    b = a + 11;
    if (tot != NULL && nb_date_parse_month(tot, &b) != 0) {
        *field = "tot";
        *why = "moet een maand zijn (JJJJ-MM)";
        return NB_EINVAL;
    }
    if (b < a) {
        *field = "tot";
        *why = "ligt vóór van";
        return NB_EINVAL;
    }
    if (b - a + 1 > NB_WL_MAX_MONTHS) {
        *field = "tot";
        *why = "het venster is hoogstens 120 maanden";
        return NB_EINVAL;
    }
    *first = a;
    *n = (size_t)(b - a) + 1;
    return 0;
}

void nb_wl_month_format(int32_t mi, char out[8])
{
    int y = mi / 12, m = mi % 12 + 1;
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '\0';
}

int64_t nb_wl_overlap(int32_t a0, int32_t a1, int32_t b0, int32_t b1)
{
    int32_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi >= lo ? (int64_t)(hi - lo) + 1 : 0;
}

int64_t nb_wl_working_days(int32_t from, int32_t to)
{
    if (to < from)
        return 0;
    int64_t days = (int64_t)(to - from) + 1, weeks = days / 7, n = weeks * 5;
    /* the rest (fewer than 7 days) from the weekday of from + 7 × weeks */
    int wd = nb_date_weekday(from); /* 1 = Monday … 7 = Sunday */
    for (int64_t i = 0; i < days % 7; i++)
        n += ((wd - 1 + (int)i) % 7) < 5;
    return n;
}

size_t nb_wl_month_weights(const nb_month_weight *prof, size_t nprof, int32_t start, int32_t end,
                           int64_t *out)
{
    int32_t ma = nb_wl_month(start), mb = nb_wl_month(end);
    size_t n = (size_t)(mb - ma) + 1, k = 0;
    int64_t total = 0;
    for (int32_t mi = ma; mi <= mb; mi++) {
        while (k < nprof && prof[k].month < mi)
            k++;
        int64_t w = k < nprof && prof[k].month == mi ? prof[k].weight : 0;
        out[mi - ma] = w;
        total += w;
    }
    if (total > 0)
        return n;
    for (int32_t mi = ma; mi <= mb; mi++) { /* no profile: the days in each month */
        int32_t f, l;
        nb_wl_month_days(mi, &f, &l);
        out[mi - ma] = nb_wl_overlap(f, l, start, end);
    }
    return n;
}

int nb_wl_spread(int64_t minutes, const nb_month_weight *prof, size_t nprof, int32_t start,
                 int32_t end, int64_t *out, size_t n, nb_err *err)
{
    if (end < start)
        return nb_err_set(err, NB_EINVAL, "de periode eindigt vóór zij begint");
    size_t nm = (size_t)(nb_wl_month(end) - nb_wl_month(start)) + 1;
    if (nm > n)
        return nb_err_set(err, NB_EINVAL, "de periode beslaat meer dan %zu maanden", n);
    int64_t *w = malloc(nm * sizeof *w);
    if (w == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    nb_wl_month_weights(prof, nprof, start, end, w);
    int rc = nb_split_weighted(minutes, w, NULL, nm, out, err);
    free(w);
    return rc;
}

/* ---- The work stock ------------------------------------------------------- */

typedef struct nb_wl_key {
    int64_t competency_id, level;
} nb_wl_key;

static int nb_wl_key_cmp(const void *a, const void *b)
{
    const nb_wl_key *x = a, *y = b;
    if (x->competency_id != y->competency_id)
        return x->competency_id < y->competency_id ? -1 : 1;
    return x->level < y->level ? -1 : x->level > y->level;
}

/* The index of the first row of competency c (rows sorted), or nrows. */
static size_t nb_wl_first_row(const nb_wl_report *r, int64_t c)
{
    size_t lo = 0, hi = r->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rows[mid].competency_id < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static size_t nb_wl_row_of(const nb_wl_report *r, int64_t c, int64_t level)
{
    for (size_t i = nb_wl_first_row(r, c); i < r->nrows && r->rows[i].competency_id == c; i++)
        if (r->rows[i].level == level)
            return i;
    return r->nrows; /* unreachable: every line's key is a row */
}

/* The distinct (competency, level) keys of the lines, sorted, as the rows. */
static int nb_wl_rows(const nb_wl_input *in, nb_wl_report *out)
{
    nb_wl_key *keys = malloc((in->nlines ? in->nlines : 1) * sizeof *keys);
    if (keys == NULL)
        return NB_ENOMEM;
    for (size_t j = 0; j < in->nlines; j++)
        keys[j] = (nb_wl_key){in->lines[j].competency_id, in->lines[j].min_level};
    if (in->nlines > 1)
        qsort(keys, in->nlines, sizeof *keys, nb_wl_key_cmp);
    size_t n = 0;
    for (size_t j = 0; j < in->nlines; j++)
        if (n == 0 || nb_wl_key_cmp(&keys[n - 1], &keys[j]) != 0)
            keys[n++] = keys[j];
    out->rows = calloc(n ? n : 1, sizeof *out->rows);
    if (out->rows == NULL) {
        free(keys);
        return NB_ENOMEM;
    }
    out->nrows = n;
    size_t T = out->nmonths;
    for (size_t i = 0; i < n; i++) {
        nb_wl_row *row = &out->rows[i];
        row->competency_id = keys[i].competency_id;
        row->level = keys[i].level;
        row->asked = calloc(T, sizeof *row->asked);
        row->asked_from_level = calloc(T, sizeof *row->asked_from_level);
        row->available = calloc(T, sizeof *row->available);
        row->overloaded = calloc(T, sizeof *row->overloaded);
        if (!row->asked || !row->asked_from_level || !row->available || !row->overloaded) {
            free(keys);
            return NB_ENOMEM;
        }
    }
    free(keys);
    return 0;
}

/* Adds the lines' minutes, spread over their months, to the rows and totals. */
static int nb_wl_ask(const nb_wl_input *in, nb_wl_report *out, nb_err *err)
{
    int32_t w0 = in->first_month, w1 = in->first_month + (int32_t)in->nmonths - 1;
    for (size_t j = 0; j < in->nlines; j++) {
        const nb_wl_line *l = &in->lines[j];
        int32_t m0 = nb_wl_month(l->start_day), m1 = nb_wl_month(l->end_day);
        if (m1 < w0 || m0 > w1)
            continue;
        size_t nm = (size_t)(m1 - m0) + 1;
        int64_t *parts = calloc(nm, sizeof *parts); /* filled by nb_wl_spread */
        if (parts == NULL)
            return nb_err_set(err, NB_ENOMEM, "geen geheugen");
        int rc = nb_wl_spread(l->minutes, l->profile, l->nprofile, l->start_day, l->end_day, parts,
                              nm, err);
        if (rc != 0) {
            free(parts);
            return rc;
        }
        nb_wl_row *row = &out->rows[nb_wl_row_of(out, l->competency_id, l->min_level)];
        for (size_t k = 0; k < nm; k++) {
            int32_t mi = m0 + (int32_t)k;
            if (mi < w0 || mi > w1)
                continue;
            row->asked[mi - w0] += parts[k];
            out->asked_total[mi - w0] += parts[k];
        }
        free(parts);
    }
    /* asked from a level: the level itself and every higher one of the competency */
    for (size_t i = out->nrows; i-- > 0;) {
        nb_wl_row *row = &out->rows[i];
        const nb_wl_row *next =
            i + 1 < out->nrows && out->rows[i + 1].competency_id == row->competency_id
                ? &out->rows[i + 1]
                : NULL;
        for (size_t t = 0; t < out->nmonths; t++)
            row->asked_from_level[t] = row->asked[t] + (next ? next->asked_from_level[t] : 0);
    }
    return 0;
}

/* A person's available minutes in each month of the window into avail[T]. */
static void nb_wl_person_months(const nb_wl_input *in, const nb_wl_person *p, int64_t *avail)
{
    for (size_t t = 0; t < in->nmonths; t++) {
        int32_t f, l;
        nb_wl_month_days(in->first_month + (int32_t)t, &f, &l);
        if (p->exit_day > 0 && p->exit_day - 1 < l)
            l = p->exit_day - 1;
        avail[t] = p->network_minutes_week * nb_wl_working_days(f, l) / 5;
    }
}

/* Adds the people's hours to the rows they can serve and to the month totals. */
static int nb_wl_supply(const nb_wl_input *in, nb_wl_report *out, nb_err *err)
{
    size_t T = out->nmonths;
    int64_t *avail = malloc(T * sizeof *avail);
    if (avail == NULL)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    for (size_t p = 0; p < in->npeople; p++) {
        const nb_wl_person *pe = &in->people[p];
        int serves = 0, computed = 0;
        for (size_t k = 0; k < pe->nskills; k++) {
            const nb_wl_skill *s = &pe->skills[k];
            for (size_t i = nb_wl_first_row(out, s->competency_id);
                 i < out->nrows && out->rows[i].competency_id == s->competency_id; i++) {
                nb_wl_row *row = &out->rows[i];
                if (s->level < row->level) /* the teaming rule: level >= the minimum */
                    break;
                if (!computed) {
                    nb_wl_person_months(in, pe, avail);
                    computed = 1;
                }
                row->holders++;
                for (size_t t = 0; t < T; t++)
                    row->available[t] += avail[t];
                serves = 1;
            }
        }
        for (size_t t = 0; serves && t < T; t++)
            out->available_total[t] += avail[t];
    }
    free(avail);
    return 0;
}

int nb_wl_compute(const nb_wl_input *in, nb_wl_report *out, nb_err *err)
{
    memset(out, 0, sizeof *out);
    if (in->nmonths < 1 || in->nmonths > NB_WL_MAX_MONTHS)
        return nb_err_set(err, NB_EINVAL, "een venster van 1 tot en met %d maanden",
                          NB_WL_MAX_MONTHS);
    for (size_t j = 0; j < in->nlines; j++) {
        const nb_wl_line *l = &in->lines[j];
        if (l->end_day < l->start_day || l->min_level < 1 || l->min_level > 5 || l->minutes < 0)
            return nb_err_set(err, NB_EINVAL, "regel %zu: ongeldige periode, niveau of minuten", j);
    }
    out->first_month = in->first_month;
    out->nmonths = in->nmonths;
    size_t T = in->nmonths;
    out->asked_total = calloc(T, sizeof *out->asked_total);
    out->available_total = calloc(T, sizeof *out->available_total);
    out->overloaded = calloc(T, sizeof *out->overloaded);
    if (!out->asked_total || !out->available_total || !out->overloaded || nb_wl_rows(in, out) != 0)
        return nb_err_set(err, NB_ENOMEM, "geen geheugen");
    int rc;
    if ((rc = nb_wl_ask(in, out, err)) != 0 || (rc = nb_wl_supply(in, out, err)) != 0)
        return rc;
    for (size_t t = 0; t < T; t++) {
        out->overloaded[t] = out->asked_total[t] > out->available_total[t];
        for (size_t i = 0; i < out->nrows; i++) {
            nb_wl_row *row = &out->rows[i];
            row->overloaded[t] = row->asked_from_level[t] > row->available[t];
            out->overloaded[t] |= row->overloaded[t];
        }
    }
    return 0;
}

void nb_wl_report_free(nb_wl_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; r->rows != NULL && i < r->nrows; i++) {
        free(r->rows[i].asked);
        free(r->rows[i].asked_from_level);
        free(r->rows[i].available);
        free(r->rows[i].overloaded);
    }
    free(r->rows);
    free(r->asked_total);
    free(r->available_total);
    free(r->overloaded);
    memset(r, 0, sizeof *r);
}
