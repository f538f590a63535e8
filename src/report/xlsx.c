/*
 * report/xlsx.c — a report as an XLSX workbook (report/render.h) with
 * libxlsxwriter: sheet "Cijfers" (the report's title, subject, period, then
 * one row per figure with its value as a number), "Grafieken" (every bar)
 * and "Tabellen" (every table under its caption). libxlsxwriter writes to a
 * file: a private temporary file (mkstemp in $TMPDIR or /tmp), read back
 * and removed before returning.
 */
#include "report/render.h"

#include "util/date.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The number format of a unit's plain value. */
static const char *nb_rx_format(nb_report_unit unit)
{
    switch (unit) {
    case NB_RU_MINUTES:
    case NB_RU_CENTS:
        return "#,##0.00";
    case NB_RU_PERMILLE:
        return "0.0";
    case NB_RU_MILLI:
        return "0.000";
    case NB_RU_COUNT:
    default:
        return "0";
    }
}

static int nb_rx_read(const char *path, nb_buf *out, nb_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return nb_err_set(err, NB_EIO, "cannot read the workbook back");
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        nb_buf_append(out, chunk, n);
    int bad = ferror(fp);
    if (fclose(fp) != 0)
        bad = 1;
    if (bad)
        return nb_err_set(err, NB_EIO, "cannot read the workbook back");
    return out->oom ? nb_err_set(err, NB_ENOMEM, "out of memory") : 0;
}

int nb_report_xlsx(const nb_report *r, nb_buf *out, nb_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/noaber-rapport-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return nb_err_set(err, NB_EIO, "cannot make a temporary file for the workbook");
    NB_IGNORE(close(fd), "the name is what libxlsxwriter needs; it rewrites the file");
    int rc = 0;
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        rc = nb_err_set(err, NB_EIO, "libxlsxwriter could not start a workbook");
        goto cleanup;
    }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *fmt[5];
    for (int u = 0; u < 5; u++) {
        fmt[u] = workbook_add_format(wb);
        format_set_num_format(fmt[u], nb_rx_format((nb_report_unit)u));
    }
    char f[NB_DATE_LEN], t[NB_DATE_LEN], m[NB_DATE_LEN];
    nb_date_format(r->from, f);
    nb_date_format(r->to, t);
    nb_date_format(r->made, m);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Cijfers");
    worksheet_write_string(ws, 0, 0, r->title, bold);
    worksheet_write_string(ws, 1, 0, "Onderwerp", NULL);
    worksheet_write_string(ws, 1, 1, r->subject, NULL);
    worksheet_write_string(ws, 2, 0, "Periode", NULL);
    worksheet_write_string(ws, 2, 1, f, NULL);
    worksheet_write_string(ws, 2, 2, t, NULL);
    worksheet_write_string(ws, 3, 0, "Gemaakt op", NULL);
    worksheet_write_string(ws, 3, 1, m, NULL);
    static const char *const head[] = {"Sectie", "Omschrijving", "Waarde", "Eenheid",
                                       "Tekst",  "Uitleg",       "Bron",   "Sleutel"};
    for (lxw_col_t c = 0; c < 8; c++)
        worksheet_write_string(ws, 5, c, head[c], bold);
    lxw_row_t row = 6;
    for (size_t i = 0; i < r->nsections; i++) {
        const nb_report_section *s = r->sections[i];
        for (size_t j = 0; j < s->nfigures; j++, row++) {
            const nb_report_figure *fg = &s->figures[j];
            char text[NB_REPORT_VALUE_LEN];
            nb_report_value_text(fg->value, fg->unit, text);
            worksheet_write_string(ws, row, 0, s->heading, NULL);
            worksheet_write_string(ws, row, 1, fg->label, NULL);
            worksheet_write_number(ws, row, 2, nb_report_value_number(fg->value, fg->unit),
                                   fmt[fg->unit]);
            worksheet_write_string(ws, row, 3, nb_report_unit_name(fg->unit), NULL);
            worksheet_write_string(ws, row, 4, text, NULL);
            worksheet_write_string(ws, row, 5, fg->explain, NULL);
            worksheet_write_string(ws, row, 6, fg->href, NULL);
            worksheet_write_string(ws, row, 7, fg->key, NULL);
        }
    }
    worksheet_set_column(ws, 0, 1, 32, NULL);
    worksheet_set_column(ws, 5, 5, 60, NULL);

    lxw_worksheet *wc = workbook_add_worksheet(wb, "Grafieken");
    row = 0;
    for (size_t i = 0; i < r->nsections; i++)
        for (size_t j = 0; j < r->sections[i]->ncharts; j++) {
            const nb_report_chart *c = r->sections[i]->charts[j];
            worksheet_write_string(wc, row, 0, c->title, bold);
            worksheet_write_string(wc, row++, 1, nb_report_unit_name(c->unit), bold);
            for (size_t k = 0; k < c->nbars; k++, row++) {
                worksheet_write_string(wc, row, 0, c->bars[k].label, NULL);
                worksheet_write_number(
                    wc, row, 1, nb_report_value_number(c->bars[k].value, c->unit), fmt[c->unit]);
            }
            row++;
        }
    worksheet_set_column(wc, 0, 0, 40, NULL);

    lxw_worksheet *wt = workbook_add_worksheet(wb, "Tabellen");
    row = 0;
    for (size_t i = 0; i < r->nsections; i++)
        for (size_t j = 0; j < r->sections[i]->ntables; j++) {
            const nb_report_table *tb = r->sections[i]->tables[j];
            worksheet_write_string(wt, row++, 0, tb->caption, bold);
            for (size_t k = 0; k < tb->ncols; k++)
                worksheet_write_string(wt, row, (lxw_col_t)k, tb->head[k], bold);
            row++;
            for (size_t q = 0; q < tb->nrows; q++, row++)
                for (size_t k = 0; k < tb->ncols; k++)
                    worksheet_write_string(wt, row, (lxw_col_t)k, tb->cells[q * tb->ncols + k],
                                           NULL);
            row++;
        }
    worksheet_set_column(wt, 0, 1, 36, NULL);

    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        rc = nb_err_set(err, NB_EIO, "libxlsxwriter: %s", lxw_strerror(e));
        goto cleanup;
    }
    rc = nb_rx_read(path, out, err);
cleanup:
    NB_IGNORE(unlink(path), "a temporary file; nothing to do when it is already gone");
    return rc;
}
