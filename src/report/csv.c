/*
 * report/csv.c — a report as CSV for Dutch Excel (report/render.h): one row
 * per figure, chart bar, table row and quote, all from the model.
 */
#include "report/render.h"

#include "util/csv.h"
#include "util/date.h"

#include <stdio.h>
#include <string.h>

/* The value as a plain number in its unit with a decimal comma ("4,50"). */
static void nb_rcsv_number(int64_t value, nb_report_unit unit, char *out, size_t n)
{
    int dec = unit == NB_RU_MINUTES || unit == NB_RU_CENTS ? 2
              : unit == NB_RU_PERMILLE                     ? 1
              : unit == NB_RU_MILLI                        ? 3
                                                           : 0;
    snprintf(out, n, "%.*f", dec, nb_report_value_number(value, unit));
    char *dot = strchr(out, '.');
    if (dot)
        *dot = ',';
}

/* One row of the nine columns; NULL = empty. */
static void nb_rcsv_row(nb_buf *b, const char *const cols[9])
{
    for (int i = 0; i < 9; i++) {
        if (i)
            nb_buf_putc(b, ';');
        nb_csv_field(b, cols[i]);
    }
    nb_buf_puts(b, "\r\n");
}

void nb_report_csv(const nb_report *r, nb_buf *b)
{
    char f[NB_DATE_LEN], t[NB_DATE_LEN], m[NB_DATE_LEN], period[32];
    nb_date_format(r->from, f);
    nb_date_format(r->to, t);
    nb_date_format(r->made, m);
    snprintf(period, sizeof period, "%s t/m %s", f, t);
    nb_buf_puts(b, "\xEF\xBB\xBF");
    nb_buf_puts(b, "soort;sectie;sleutel;omschrijving;waarde;eenheid;tekst;uitleg;bron\r\n");
    const char *meta[][2] = {
        {"titel", r->title}, {"onderwerp", r->subject}, {"periode", period}, {"gemaakt op", m}};
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        const char *cols[9] = {"rapport", NULL,       NULL, meta[i][0], NULL,
                               NULL,      meta[i][1], NULL, NULL};
        nb_rcsv_row(b, cols);
    }
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_report_section *s = r->sections[i];
        for (size_t j = 0; j < s->nfigures; j++) {
            const nb_report_figure *fg = &s->figures[j];
            char num[64], text[NB_REPORT_VALUE_LEN];
            nb_rcsv_number(fg->value, fg->unit, num, sizeof num);
            nb_report_value_text(fg->value, fg->unit, text);
            const char *cols[9] = {"cijfer",  s->heading,  fg->key,
                                   fg->label, num,         nb_report_unit_name(fg->unit),
                                   text,      fg->explain, fg->href};
            nb_rcsv_row(b, cols);
        }
        for (size_t j = 0; j < s->ncharts; j++) {
            const nb_report_chart *c = s->charts[j];
            for (size_t k = 0; k < c->nbars; k++) {
                char num[64], text[NB_REPORT_VALUE_LEN];
                nb_rcsv_number(c->bars[k].value, c->unit, num, sizeof num);
                nb_report_value_text(c->bars[k].value, c->unit, text);
                const char *cols[9] = {"grafiek", s->heading,
                                       c->id,     c->bars[k].label,
                                       num,       nb_report_unit_name(c->unit),
                                       text,      c->title,
                                       NULL};
                nb_rcsv_row(b, cols);
            }
        }
        for (size_t j = 0; j < s->ntables; j++) {
            const nb_report_table *tb = s->tables[j];
            nb_buf line = NB_BUF_INIT;
            for (size_t k = 0; k < tb->ncols; k++)
                nb_buf_printf(&line, "%s%s", k ? " | " : "", tb->head[k]);
            const char *hcols[9] = {"tabelkop", s->heading,         NULL, tb->caption, NULL,
                                    NULL,       nb_buf_cstr(&line), NULL, NULL};
            nb_rcsv_row(b, hcols);
            for (size_t row = 0; row < tb->nrows; row++) {
                nb_buf_reset(&line);
                for (size_t k = 0; k < tb->ncols; k++)
                    nb_buf_printf(&line, "%s%s", k ? " | " : "", tb->cells[row * tb->ncols + k]);
                const char *cols[9] = {"tabel", s->heading,         NULL, tb->caption, NULL,
                                       NULL,    nb_buf_cstr(&line), NULL, NULL};
                nb_rcsv_row(b, cols);
            }
            if (line.oom)
                b->oom = 1;
            nb_buf_free(&line);
        }
        for (size_t j = 0; j < s->nquotes; j++) {
            const char *cols[9] = {"citaat", s->heading,   NULL, NULL, NULL,
                                   NULL,     s->quotes[j], NULL, NULL};
            nb_rcsv_row(b, cols);
        }
    }
}
