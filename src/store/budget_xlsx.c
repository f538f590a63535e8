/*
 * store/budget_xlsx.c — the hours budget as an Excel workbook (store/budget.h,
 * nb_budget_xlsx) with libxlsxwriter: one sheet "Urenbegroting" with the
 * CSV's columns, hours and euros as numbers with a number format (not text),
 * percentages as fractions formatted 0 %. libxlsxwriter 1.1.4 (Debian) writes
 * only to a file: a private temporary file (mkstemp, mode 0600) is written,
 * read back into the caller's buffer and removed.
 */
#include "store/budget.h"

#include <xlsxwriter.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the whole file at path onto b. 0, or NB_EDB/NB_ENOMEM with err set. */
static int nb_budget_slurp(const char *path, nb_buf *b, nb_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return nb_err_set(err, NB_EDB, "xlsx: cannot read back %s", path);
    char chunk[16384];
    size_t n;
    size_t before = b->len;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nb_buf_append(b, chunk, n);
    int bad = ferror(f);
    if (fclose(f) != 0)
        bad = 1;
    if (bad)
        return nb_err_set(err, NB_EDB, "xlsx: reading %s failed", path);
    if (b->oom || b->len == before)
        return nb_err_set(err, NB_ENOMEM, "xlsx: out of memory");
    return 0;
}

static double nb_budget_hours(int64_t minutes)
{
    return (double)minutes / 60.0;
}

/* The sheet: a header row, one row per organisation; col widths. */
static void nb_budget_sheet(lxw_workbook *wb, const nb_budget *bg)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Urenbegroting");
    lxw_format *head = workbook_add_format(wb);
    lxw_format *hours = workbook_add_format(wb);
    lxw_format *euros = workbook_add_format(wb);
    lxw_format *pct = workbook_add_format(wb);
    lxw_format *whole = workbook_add_format(wb);
    format_set_bold(head);
    format_set_text_wrap(head);
    format_set_num_format(hours, "#,##0.00");
    format_set_num_format(euros, "\"€\" #,##0.00");
    format_set_num_format(pct, "0%");
    format_set_num_format(whole, "0");
    for (lxw_col_t c = 0; nb_budget_csv_columns[c]; c++)
        worksheet_write_string(ws, 0, c, nb_budget_csv_columns[c], head);
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 28, NULL);
    worksheet_set_column(ws, 2, 25, 14, NULL);
    worksheet_freeze_panes(ws, 1, 2);
    for (size_t i = 0; i < bg->n; i++) {
        const nb_budget_row *r = &bg->rows[i];
        const nb_budget_org *f = &r->fig;
        lxw_row_t y = (lxw_row_t)(i + 1);
        lxw_col_t c = 0;
        worksheet_write_number(ws, y, c++, bg->year, whole);
        worksheet_write_string(ws, y, c++, r->org_name, NULL);
        worksheet_write_string(ws, y, c++, r->org_code, NULL);
        worksheet_write_string(ws, y, c++, r->org_kind, NULL);
        const int64_t h1[] = {f->opening, f->taken, f->brought};
        for (size_t k = 0; k < 3; k++)
            worksheet_write_number(ws, y, c++, nb_budget_hours(h1[k]), hours);
        worksheet_write_number(ws, y, c++, (double)f->deposit_cents / 100.0, euros);
        const int64_t h2[] = {
            f->deposit_minutes,  f->other,         f->closing,         f->reserved_taken,
            f->reserved_brought, f->planned_taken, f->planned_brought, f->unplanned_taken,
            f->projected,        f->credit_line};
        for (size_t k = 0; k < sizeof h2 / sizeof h2[0]; k++)
            worksheet_write_number(ws, y, c++, nb_budget_hours(h2[k]), hours);
        if (f->used_pct >= 0)
            worksheet_write_number(ws, y, c, (double)f->used_pct / 100.0, pct);
        c++;
        if (f->projected_pct >= 0)
            worksheet_write_number(ws, y, c, (double)f->projected_pct / 100.0, pct);
        c++;
        worksheet_write_string(ws, y, c++, f->projected_over ? "ja" : "nee", NULL);
        worksheet_write_number(ws, y, c++, (double)f->closing, whole);
        worksheet_write_number(ws, y, c++, (double)f->projected, whole);
        worksheet_write_number(ws, y, c++, (double)f->credit_line, whole);
        worksheet_write_number(ws, y, c++, nb_budget_hours(bg->network.total), hours);
        worksheet_write_number(ws, y, c, nb_budget_hours(bg->network.done), hours);
    }
}

int nb_budget_xlsx(const nb_budget *bg, nb_buf *b, nb_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/noaber-urenbegroting-XXXXXX",
             dir && dir[0] && strlen(dir) < 400 ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return nb_err_set(err, NB_EDB, "xlsx: no temporary file in %s", path);
    close(fd);
    int rc = 0;
    lxw_workbook *wb = workbook_new(path);
    if (wb == NULL) {
        rc = nb_err_set(err, NB_EDB, "xlsx: workbook_new failed");
        goto cleanup;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = "Urenbegroting";
    props.company = "noaber";
    NB_IGNORE(workbook_set_properties(wb, &props), "document properties are decoration");
    nb_budget_sheet(wb, bg);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        rc = nb_err_set(err, NB_EDB, "xlsx: %s", lxw_strerror(e));
        goto cleanup;
    }
    rc = nb_budget_slurp(path, b, err);
cleanup:
    if (unlink(path) != 0 && rc == 0)
        rc = nb_err_set(err, NB_EDB, "xlsx: cannot remove %s", path);
    return rc;
}
