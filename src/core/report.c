/*
 * core/report.c — the report model (core/report.h): building it (every
 * string copied, one oom flag), finding a figure, the Dutch text of a value
 * and a chart's text alternative, quarters.
 */
#include "core/report.h"

#include "util/date.h"
#include "util/error.h"
#include "util/nlnum.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nb_report_init(nb_report *r, nb_report_kind kind)
{
    memset(r, 0, sizeof *r);
    r->kind = kind;
}

static void nb_report_section_free(nb_report_section *s)
{
    for (size_t i = 0; i < s->nfigures; i++) {
        free(s->figures[i].key);
        free(s->figures[i].label);
        free(s->figures[i].explain);
        free(s->figures[i].href);
    }
    free(s->figures);
    for (size_t i = 0; i < s->ncharts; i++) {
        nb_report_chart *c = s->charts[i];
        for (size_t j = 0; j < c->nbars; j++)
            free(c->bars[j].label);
        free(c->bars);
        free(c->id);
        free(c->title);
        free(c);
    }
    free(s->charts);
    for (size_t i = 0; i < s->ntables; i++) {
        nb_report_table *t = s->tables[i];
        for (size_t j = 0; j < t->nrows * t->ncols; j++)
            free(t->cells[j]);
        free(t->cells);
        for (size_t j = 0; j < t->ncols; j++)
            free(t->head[j]);
        free(t->caption);
        free(t);
    }
    free(s->tables);
    for (size_t i = 0; i < s->nquotes; i++)
        free(s->quotes[i]);
    free(s->quotes);
    free(s->id);
    free(s->heading);
    free(s->intro);
    free(s);
}

void nb_report_free(nb_report *r)
{
    for (size_t i = 0; i < r->nsections; i++)
        nb_report_section_free(r->sections[i]);
    free(r->sections);
    free(r->title);
    free(r->subject);
    memset(r, 0, sizeof *r);
}

/* A copy of s ("" for NULL); NULL and r->oom set when memory ran out. */
static char *nb_report_dup(nb_report *r, const char *s)
{
    char *d = strdup(s ? s : "");
    if (d == NULL)
        r->oom = 1;
    return d;
}

/* Makes room for one more element of size elem in *arr (n used, *cap
 * allocated). 0, or -1 with r->oom set. */
static int nb_report_grow(nb_report *r, void **arr, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = realloc(*arr, ncap * elem);
    if (p == NULL) {
        r->oom = 1;
        return -1;
    }
    *arr = p;
    *cap = ncap;
    return 0;
}

int nb_report_set_subject(nb_report *r, const char *title, const char *subject)
{
    free(r->title);
    free(r->subject);
    r->title = nb_report_dup(r, title);
    r->subject = nb_report_dup(r, subject);
    return r->oom ? NB_ENOMEM : 0;
}

nb_report_section *nb_report_add_section(nb_report *r, const char *id, const char *heading,
                                         const char *intro)
{
    void *arr = r->sections;
    if (nb_report_grow(r, &arr, r->nsections, &r->capsections, sizeof(nb_report_section *)) != 0)
        return NULL;
    r->sections = arr;
    nb_report_section *s = calloc(1, sizeof *s);
    if (s == NULL) {
        r->oom = 1;
        return NULL;
    }
    s->id = nb_report_dup(r, id);
    s->heading = nb_report_dup(r, heading);
    s->intro = nb_report_dup(r, intro);
    r->sections[r->nsections++] = s;
    return r->oom ? NULL : s;
}

/* GCC 12 -fanalyzer reports the copies (nb_report_dup) as leaked where they are
 * stored at a variable index in the section's, chart's and table's arrays
 * (figures, bars, cells, quotes): a false positive; nb_report_free frees them,
 * also after r->oom. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
nb_report_figure *nb_report_add_figure(nb_report *r, nb_report_section *s, const char *key,
                                       const char *label, int64_t value, nb_report_unit unit,
                                       const char *explain, const char *href)
{
    if (s == NULL)
        return NULL;
    void *arr = s->figures;
    if (nb_report_grow(r, &arr, s->nfigures, &s->capfigures, sizeof *s->figures) != 0)
        return NULL;
    s->figures = arr;
    nb_report_figure *f = &s->figures[s->nfigures++];
    f->key = nb_report_dup(r, key);
    f->label = nb_report_dup(r, label);
    f->value = value;
    f->unit = unit;
    f->explain = nb_report_dup(r, explain);
    f->href = nb_report_dup(r, href);
    return r->oom ? NULL : f;
}

nb_report_chart *nb_report_add_chart(nb_report *r, nb_report_section *s, const char *id,
                                     const char *title, nb_report_unit unit)
{
    if (s == NULL)
        return NULL;
    void *arr = s->charts;
    if (nb_report_grow(r, &arr, s->ncharts, &s->capcharts, sizeof(nb_report_chart *)) != 0)
        return NULL;
    s->charts = arr;
    nb_report_chart *c = calloc(1, sizeof *c);
    if (c == NULL) {
        r->oom = 1;
        return NULL;
    }
    c->id = nb_report_dup(r, id);
    c->title = nb_report_dup(r, title);
    c->unit = unit;
    s->charts[s->ncharts++] = c;
    return r->oom ? NULL : c;
}

void nb_report_chart_bar(nb_report *r, nb_report_chart *c, const char *label, int64_t value)
{
    if (c == NULL)
        return;
    void *arr = c->bars;
    if (nb_report_grow(r, &arr, c->nbars, &c->capbars, sizeof *c->bars) != 0)
        return;
    c->bars = arr;
    c->bars[c->nbars].label = nb_report_dup(r, label);
    c->bars[c->nbars].value = value;
    c->nbars++;
}

nb_report_table *nb_report_add_table(nb_report *r, nb_report_section *s, const char *caption,
                                     size_t ncols, const char *const *head, const int *numeric)
{
    if (s == NULL || ncols == 0 || ncols > NB_REPORT_COLS_MAX)
        return NULL;
    void *arr = s->tables;
    if (nb_report_grow(r, &arr, s->ntables, &s->captables, sizeof(nb_report_table *)) != 0)
        return NULL;
    s->tables = arr;
    nb_report_table *t = calloc(1, sizeof *t);
    if (t == NULL) {
        r->oom = 1;
        return NULL;
    }
    t->caption = nb_report_dup(r, caption);
    t->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        t->head[i] = nb_report_dup(r, head[i]);
        t->numeric[i] = numeric ? numeric[i] : 0;
    }
    s->tables[s->ntables++] = t;
    return r->oom ? NULL : t;
}

void nb_report_table_row(nb_report *r, nb_report_table *t, const char *const *cells)
{
    if (t == NULL)
        return;
    void *arr = t->cells;
    if (t->nrows >= t->caprows) {
        size_t ncap = t->caprows ? t->caprows * 2 : 8;
        void *p = realloc(arr, ncap * t->ncols * sizeof *t->cells);
        if (p == NULL) {
            r->oom = 1;
            return;
        }
        t->cells = p;
        t->caprows = ncap;
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[t->nrows * t->ncols + i] = nb_report_dup(r, cells[i]);
    t->nrows++;
}

void nb_report_add_quote(nb_report *r, nb_report_section *s, const char *text)
{
    if (s == NULL)
        return;
    void *arr = s->quotes;
    if (nb_report_grow(r, &arr, s->nquotes, &s->capquotes, sizeof *s->quotes) != 0)
        return;
    s->quotes = arr;
    s->quotes[s->nquotes++] = nb_report_dup(r, text);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

const nb_report_figure *nb_report_find(const nb_report *r, const char *key)
{
    for (size_t i = 0; i < r->nsections; i++)
        for (size_t j = 0; j < r->sections[i]->nfigures; j++)
            if (strcmp(r->sections[i]->figures[j].key, key) == 0)
                return &r->sections[i]->figures[j];
    return NULL;
}

void nb_report_value_text(int64_t value, nb_report_unit unit, char out[NB_REPORT_VALUE_LEN])
{
    char n[NB_NL_NUM_LEN];
    switch (unit) {
    case NB_RU_MINUTES:
        nb_nl_hours(value, n);
        snprintf(out, NB_REPORT_VALUE_LEN, "%s", n);
        return;
    case NB_RU_CENTS: {
        int64_t a = value < 0 ? -value : value;
        nb_nl_decimal(a / 100, 0, n);
        snprintf(out, NB_REPORT_VALUE_LEN, "%s€ %s,%02d", value < 0 ? "-" : "", n, (int)(a % 100));
        return;
    }
    case NB_RU_PERMILLE:
        nb_nl_decimal(value, 1, n);
        snprintf(out, NB_REPORT_VALUE_LEN, "%s %%", n);
        return;
    case NB_RU_MILLI: {
        int64_t a = value < 0 ? -value : value;
        snprintf(out, NB_REPORT_VALUE_LEN, "%s%" PRId64 ",%03d", value < 0 ? "-" : "", a / 1000,
                 (int)(a % 1000));
        return;
    }
    case NB_RU_COUNT:
    default:
        nb_nl_decimal(value, 0, n);
        snprintf(out, NB_REPORT_VALUE_LEN, "%s", n);
        return;
    }
}

const char *nb_report_unit_name(nb_report_unit unit)
{
    switch (unit) {
    case NB_RU_MINUTES:
        return "uur";
    case NB_RU_CENTS:
        return "euro";
    case NB_RU_PERMILLE:
        return "procent";
    case NB_RU_MILLI:
        return "verhouding";
    case NB_RU_COUNT:
    default:
        return "aantal";
    }
}

double nb_report_value_number(int64_t value, nb_report_unit unit)
{
    switch (unit) {
    case NB_RU_MINUTES: { /* hours, rounded to hundredths as the text */
        int64_t hundredths = (value * 100 + (value >= 0 ? 30 : -30)) / 60;
        return (double)hundredths / 100.0;
    }
    case NB_RU_CENTS:
        return (double)value / 100.0;
    case NB_RU_PERMILLE:
        return (double)value / 10.0;
    case NB_RU_MILLI:
        return (double)value / 1000.0;
    case NB_RU_COUNT:
    default:
        return (double)value;
    }
}

void nb_report_chart_alt(const nb_report_chart *c, nb_buf *b)
{
    char v[NB_REPORT_VALUE_LEN];
    nb_buf_puts(b, c->title);
    nb_buf_puts(b, ": ");
    if (c->nbars == 0)
        nb_buf_puts(b, "geen gegevens");
    for (size_t i = 0; i < c->nbars; i++) {
        nb_report_value_text(c->bars[i].value, c->unit, v);
        nb_buf_printf(b, "%s%s %s", i ? "; " : "", c->bars[i].label, v);
    }
    nb_buf_putc(b, '.');
}

const char *nb_report_kind_name(nb_report_kind kind)
{
    switch (kind) {
    case NB_REPORT_RAAD:
        return "Raadsinformatie";
    case NB_REPORT_ADVIES:
        return "Adviesrapportage";
    case NB_REPORT_COLLEGE:
    default:
        return "Tussentijdse rapportage";
    }
}

const char *nb_report_kind_slug(nb_report_kind kind)
{
    switch (kind) {
    case NB_REPORT_RAAD:
        return "raad";
    case NB_REPORT_ADVIES:
        return "advies";
    case NB_REPORT_COLLEGE:
    default:
        return "college";
    }
}

int nb_report_quarter_parse(const char *text, int32_t *from, int32_t *to)
{
    if (text == NULL || strlen(text) != 7 || text[4] != '-' || text[5] != 'K')
        return NB_EINVAL;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (text[i] < '0' || text[i] > '9')
            return NB_EINVAL;
        y = y * 10 + (text[i] - '0');
    }
    int q = text[6] - '0';
    if (y < 2000 || y > 2999 || q < 1 || q > 4)
        return NB_EINVAL;
    int m0 = (q - 1) * 3 + 1;
    *from = nb_date_from_ymd(y, m0, 1);
    *to = (q == 4 ? nb_date_from_ymd(y + 1, 1, 1) : nb_date_from_ymd(y, m0 + 3, 1)) - 1;
    return 0;
}

void nb_report_quarter_of(int32_t day, char out[8])
{
    int y = 0, m = 0, d = 0;
    nb_date_to_ymd(day, &y, &m, &d);
    snprintf(out, 8, "%04d-K%d", y % 10000, (m - 1) / 3 + 1);
}
