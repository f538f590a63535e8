/*
 * core/report.h — THE report model (issue 11 §3; docs/reports.md). Every
 * report of noaber — the tussentijdse rapportage for a college, the
 * raadsinformatie for a council, the adviesrapportage of the pilot — is one
 * nb_report, filled by store/reports.c and written by every renderer from
 * this one value: the page (web/rapportages.c), JSON (api/rapportages.c),
 * CSV, XLSX and PDF (report/render.h). A renderer never computes a figure.
 *
 * A report is a title, a subject (organisation or the network, a period)
 * and sections. A section is a heading, an intro, and in this order its
 * figures, charts, tables and quotes:
 *   - a figure: a stable key ("uren.gebracht"), a label, an integer value
 *     in its unit (minutes, a count, euro cents, thousandths), a short
 *     plain-Dutch explanation of what it is and how it was computed, and
 *     the path of the list it came from (href, "/opdrachten?status=..."),
 *     so every figure is traceable to records;
 *   - a chart: bars (label, value in the chart's unit); its text
 *     alternative is nb_report_chart_alt (every bar's label and value);
 *   - a table: a caption, column headings, rows of text cells;
 *   - quotes: short texts quoted from records (lessons learned).
 *
 * Memory: an nb_report owns every string and array in it (copied when
 * added); nb_report_free releases them all. The add functions return a
 * pointer borrowed from the report (valid until nb_report_free), or NULL
 * when memory ran out: then r->oom is set, and every later add on a NULL
 * parent is a no-op, so a builder adds freely and checks r->oom once.
 * Pure: no I/O, no clock.
 */
#ifndef NB_CORE_REPORT_H
#define NB_CORE_REPORT_H

#include "util/attr.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef enum nb_report_kind {
    NB_REPORT_COLLEGE = 0, /* tussentijdse rapportage (college) */
    NB_REPORT_RAAD,        /* raadsinformatie: no personal data, plain Dutch */
    NB_REPORT_ADVIES,      /* adviesrapportage: the pilot's evaluation */
} nb_report_kind;

typedef enum nb_report_unit {
    NB_RU_COUNT = 0, /* a number of things */
    NB_RU_MINUTES,   /* shown as hours: "4,5 uur" */
    NB_RU_CENTS,     /* euro cents, shown as "€ 1.234,50" */
    NB_RU_PERMILLE,  /* a share in thousandths, shown as "12,5 %" */
    NB_RU_MILLI,     /* a ratio in thousandths, shown as "0,412" (Gini) */
} nb_report_unit;

typedef struct nb_report_figure {
    char *key;     /* stable, ASCII: "uren.gebracht" */
    char *label;   /* Dutch */
    int64_t value; /* in unit */
    nb_report_unit unit;
    char *explain; /* plain Dutch: what it is, how computed */
    char *href;    /* the list it came from: a path ("/kwetsbaarheid?organisatie=3"); "" = none */
} nb_report_figure;

typedef struct nb_report_bar {
    char *label;
    int64_t value;
} nb_report_bar;

typedef struct nb_report_chart {
    char *id;    /* unique in the report, ASCII: "saldo-per-maand" */
    char *title; /* the accessible name */
    nb_report_unit unit;
    nb_report_bar *bars;
    size_t nbars, capbars;
} nb_report_chart;

#define NB_REPORT_COLS_MAX 8

typedef struct nb_report_table {
    char *caption;
    size_t ncols;
    char *head[NB_REPORT_COLS_MAX];
    int numeric[NB_REPORT_COLS_MAX]; /* 1 = right-aligned number column */
    char **cells;                    /* nrows * ncols, row-major */
    size_t nrows, caprows;
} nb_report_table;

typedef struct nb_report_section {
    char *id; /* ASCII anchor: "uren" */
    char *heading;
    char *intro;
    nb_report_figure *figures;
    size_t nfigures, capfigures;
    nb_report_chart **charts;
    size_t ncharts, capcharts;
    nb_report_table **tables;
    size_t ntables, captables;
    char **quotes;
    size_t nquotes, capquotes;
} nb_report_section;

typedef struct nb_report {
    nb_report_kind kind;
    char *title;         /* "Tussentijdse rapportage 3e kwartaal 2026" */
    char *subject;       /* "Gemeente Dordrecht" or "Het netwerk" */
    int64_t subject_org; /* 0 = the network */
    char period_key[16]; /* "2026-K3" or "2026-01-01_2026-12-31" */
    int32_t from, to;    /* the period, day numbers (util/date.h), inclusive */
    int32_t made;        /* the day it was made */
    int personal;        /* 1 when it may name people (never for NB_REPORT_RAAD) */
    nb_report_section **sections;
    size_t nsections, capsections;
    int oom;
} nb_report;

/* Zeroes r and sets its kind; the caller owns the strings it adds. */
void nb_report_init(nb_report *r, nb_report_kind kind);

/* Releases everything r owns; r is zeroed. Safe on a zeroed report. */
void nb_report_free(nb_report *r);

/* Sets title and subject (copied). 0 or NB_ENOMEM (r->oom set). */
NB_MUST_USE int nb_report_set_subject(nb_report *r, const char *title, const char *subject);

/* Appends a section (strings copied; intro may be NULL). Borrowed or NULL. */
nb_report_section *nb_report_add_section(nb_report *r, const char *id, const char *heading,
                                         const char *intro);

/* Appends a figure to s (NULL s: no-op). explain and href may be NULL. */
nb_report_figure *nb_report_add_figure(nb_report *r, nb_report_section *s, const char *key,
                                       const char *label, int64_t value, nb_report_unit unit,
                                       const char *explain, const char *href);

/* Appends a chart to s; bars are added with nb_report_chart_bar. */
nb_report_chart *nb_report_add_chart(nb_report *r, nb_report_section *s, const char *id,
                                     const char *title, nb_report_unit unit);
void nb_report_chart_bar(nb_report *r, nb_report_chart *c, const char *label, int64_t value);

/* Appends a table of ncols (1..NB_REPORT_COLS_MAX) columns; head[i] and
 * numeric[i] per column (numeric may be NULL: all text). */
nb_report_table *nb_report_add_table(nb_report *r, nb_report_section *s, const char *caption,
                                     size_t ncols, const char *const *head, const int *numeric);
/* Appends a row of t->ncols cells (copied; a NULL cell is ""). */
void nb_report_table_row(nb_report *r, nb_report_table *t, const char *const *cells);

/* Appends a quote to s. */
void nb_report_add_quote(nb_report *r, nb_report_section *s, const char *text);

/* The figure with key in r, or NULL. Borrowed. */
const nb_report_figure *nb_report_find(const nb_report *r, const char *key);

/* The value in its unit, Dutch ("4,5 uur", "12", "€ 1.234,50", "12,5 %",
 * "0,412"), into out (NB_REPORT_VALUE_LEN bytes). */
#define NB_REPORT_VALUE_LEN 64
void nb_report_value_text(int64_t value, nb_report_unit unit, char out[NB_REPORT_VALUE_LEN]);

/* The unit's Dutch name for a column or a CSV field: "uur", "aantal",
 * "euro", "procent", "verhouding". Static. */
const char *nb_report_unit_name(nb_report_unit unit);

/* The value as a plain number in the unit's name (CSV/XLSX cells): hours
 * with two decimals, euros with two, percent with one, ratio with three;
 * counts as they are. */
double nb_report_value_number(int64_t value, nb_report_unit unit);

/* Appends the chart's text alternative to b: "title: label value; ...". */
void nb_report_chart_alt(const nb_report_chart *c, nb_buf *b);

/* The Dutch name of kind ("Tussentijdse rapportage", "Raadsinformatie",
 * "Adviesrapportage") and its path word ("college", "raad", "advies"). Static. */
const char *nb_report_kind_name(nb_report_kind kind);
const char *nb_report_kind_slug(nb_report_kind kind);

/*
 * Parses a quarter "YYYY-KQ" (Q 1..4, year 2000..2999) into its first and
 * last day (util/date.h day numbers). 0, or NB_EINVAL.
 */
NB_MUST_USE int nb_report_quarter_parse(const char *text, int32_t *from, int32_t *to);

/* The quarter "YYYY-KQ" holding day into out (8 bytes). */
void nb_report_quarter_of(int32_t day, char out[8]);

#endif
