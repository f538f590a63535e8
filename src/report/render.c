/*
 * report/render.c — picks the renderer of a format (report/render.h).
 */
#include "report/render.h"

#include <string.h>

int nb_report_render(const nb_report *r, const char *format, nb_buf *out, const char **content_type,
                     nb_err *err)
{
    if (strcmp(format, "csv") == 0) {
        nb_report_csv(r, out);
        *content_type = "text/csv; charset=utf-8";
        return out->oom ? nb_err_set(err, NB_ENOMEM, "out of memory") : 0;
    }
    if (strcmp(format, "xlsx") == 0) {
        *content_type = NB_REPORT_XLSX_TYPE;
        return nb_report_xlsx(r, out, err);
    }
    if (strcmp(format, "pdf") == 0) {
        *content_type = NB_REPORT_PDF_TYPE;
        return nb_report_pdf(r, out, err);
    }
    return nb_err_set(err, NB_EINVAL, "unknown report format");
}
