/*
 * report/render.h — the report model (core/report.h) written as CSV, XLSX
 * and PDF. The page (web/rapportages.c) and JSON (api/rapportages.c) are the
 * other two renderers; none of them computes a figure, each writes what the
 * model holds, in its order.
 */
#ifndef NB_REPORT_RENDER_H
#define NB_REPORT_RENDER_H

#include "util/attr.h"
#include "util/buf.h"
#include "util/error.h"

#include "core/report.h"

/* MIME types of the formats. */
#define NB_REPORT_CSV_TYPE "text/csv"
#define NB_REPORT_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define NB_REPORT_PDF_TYPE "application/pdf"

/*
 * Appends r to b as CSV for Dutch Excel: UTF-8 BOM, ';', CRLF, one row per
 * figure (sectie;sleutel;omschrijving;waarde;eenheid;tekst;uitleg;bron),
 * then each chart's bars and each table's rows under a heading row.
 * Values with a decimal comma. b's oom flag tells a failure.
 */
void nb_report_csv(const nb_report *r, nb_buf *b);

/*
 * Writes r as an XLSX workbook into out (appended): a sheet "Cijfers" with
 * one row per figure (the value as a number), a sheet per table and chart.
 * 0, NB_ENOMEM, or NB_EIO when libxlsxwriter failed (err set).
 */
NB_MUST_USE int nb_report_xlsx(const nb_report *r, nb_buf *out, nb_err *err);

/*
 * Writes r as a PDF (A4, cairo + pango, in-process) into out (appended):
 * a header with the title, subject and date on every page, page numbers
 * ("pagina 2 van 5"), each section's figures with their explanation and
 * source, charts drawn as vectors with their values as text beside each
 * bar, tables, quotes. 0, NB_ENOMEM, or NB_EIO (err set).
 */
NB_MUST_USE int nb_report_pdf(const nb_report *r, nb_buf *out, nb_err *err);

/*
 * r in format "csv", "xlsx" or "pdf" appended to out, *content_type set to
 * its media type (static; CSV with charset). NB_EINVAL for another format;
 * else as the renderer.
 */
NB_MUST_USE int nb_report_render(const nb_report *r, const char *format, nb_buf *out,
                                 const char **content_type, nb_err *err);

#endif
