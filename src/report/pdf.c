/*
 * report/pdf.c — a report as a PDF (report/render.h), made in-process with
 * cairo (the PDF surface, vector drawing) and pango (text: shaping,
 * wrapping, fonts through fontconfig).
 *
 * A4 portrait, margins of 2 cm. Every page has a header (title, subject,
 * "gemaakt op <date>") and a footer "pagina N van M". The body flows
 * from top to bottom: per section its heading, intro, figures (label and
 * value on one line, the explanation and the source below it), charts
 * (horizontal bars from a zero axis, each bar's value written beside it:
 * the text alternative is on the page), tables (caption, header row, rows;
 * a cell too long for its column is shortened with an ellipsis) and quotes.
 * A block that does not fit on the rest of a page starts a new one.
 *
 * M is only known after the layout, so the document is laid out twice: the
 * first pass writes nowhere and counts pages, the second writes the PDF.
 */
#include "report/render.h"

#include "web/format.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <stdio.h>
#include <string.h>

#define NB_PDF_W 595.2756 /* A4 in points */
#define NB_PDF_H 841.8898
#define NB_PDF_MARGIN 56.69 /* 2 cm */
#define NB_PDF_TOP (NB_PDF_MARGIN + 44.0)
#define NB_PDF_BOTTOM (NB_PDF_H - NB_PDF_MARGIN - 20.0)
#define NB_PDF_TEXT_W (NB_PDF_W - 2 * NB_PDF_MARGIN)

typedef struct nb_pdf {
    const nb_report *r;
    cairo_t *cr;
    PangoLayout *lay;
    double y;
    int page, pages; /* pages: the total from the first pass (0 in it) */
    char made[NB_WEB_FMT_LEN];
} nb_pdf;

/* Sets the layout's font, width (<= 0: no wrapping) and text. */
static void nb_pdf_set(nb_pdf *p, const char *font, double width, const char *text)
{
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(p->lay, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(p->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
    pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(p->lay, PANGO_ALIGN_LEFT);
    pango_layout_set_text(p->lay, text ? text : "", -1);
}

static double nb_pdf_height(nb_pdf *p)
{
    int w = 0, h = 0;
    pango_layout_get_size(p->lay, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void nb_pdf_show(nb_pdf *p, double x, double y, double r, double g, double b)
{
    cairo_set_source_rgb(p->cr, r, g, b);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->lay);
}

static void nb_pdf_header_footer(nb_pdf *p)
{
    nb_pdf_set(p, "Sans Bold 10", NB_PDF_TEXT_W, p->r->title);
    pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
    nb_pdf_show(p, NB_PDF_MARGIN, NB_PDF_MARGIN, 0.1, 0.1, 0.1);
    char line[512];
    snprintf(line, sizeof line, "%s — gemaakt op %s", p->r->subject, p->made);
    nb_pdf_set(p, "Sans 9", NB_PDF_TEXT_W, line);
    pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
    nb_pdf_show(p, NB_PDF_MARGIN, NB_PDF_MARGIN + 15, 0.3, 0.3, 0.3);
    cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, NB_PDF_MARGIN, NB_PDF_MARGIN + 32);
    cairo_line_to(p->cr, NB_PDF_W - NB_PDF_MARGIN, NB_PDF_MARGIN + 32);
    cairo_stroke(p->cr);
    if (p->pages > 0)
        snprintf(line, sizeof line, "pagina %d van %d", p->page, p->pages);
    else
        snprintf(line, sizeof line, "pagina %d", p->page);
    nb_pdf_set(p, "Sans 8", NB_PDF_TEXT_W, line);
    pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
    nb_pdf_show(p, NB_PDF_MARGIN, NB_PDF_H - NB_PDF_MARGIN, 0.3, 0.3, 0.3);
}

/* Makes room for h points: a new page when the rest of this one is too small. */
static void nb_pdf_need(nb_pdf *p, double h)
{
    if (p->y + h <= NB_PDF_BOTTOM || p->y <= NB_PDF_TOP)
        return;
    cairo_show_page(p->cr);
    p->page++;
    p->y = NB_PDF_TOP;
    nb_pdf_header_footer(p);
}

/* A wrapped paragraph in font, indented by indent. */
static void nb_pdf_para(nb_pdf *p, const char *font, double indent, const char *text, double grey)
{
    if (text == NULL || *text == '\0')
        return;
    nb_pdf_set(p, font, NB_PDF_TEXT_W - indent, text);
    double h = nb_pdf_height(p);
    nb_pdf_need(p, h);
    nb_pdf_show(p, NB_PDF_MARGIN + indent, p->y, grey, grey, grey);
    p->y += h + 3;
}

static void nb_pdf_figure(nb_pdf *p, const nb_report_figure *f)
{
    char v[NB_REPORT_VALUE_LEN];
    nb_report_value_text(f->value, f->unit, v);
    nb_pdf_set(p, "Sans 8", NB_PDF_TEXT_W - 12, f->explain);
    double h_ex = nb_pdf_height(p);
    nb_pdf_need(p, 16 + h_ex + (f->href[0] ? 12 : 0));
    nb_pdf_set(p, "Sans Bold 10", NB_PDF_TEXT_W - 130, f->label);
    double h = nb_pdf_height(p);
    nb_pdf_show(p, NB_PDF_MARGIN, p->y, 0, 0, 0);
    nb_pdf_set(p, "Sans Bold 10", 120, v);
    pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
    nb_pdf_show(p, NB_PDF_W - NB_PDF_MARGIN - 120, p->y, 0, 0, 0);
    p->y += h + 1;
    nb_pdf_para(p, "Sans 8", 12, f->explain, 0.25);
    if (f->href[0]) {
        char src[600];
        snprintf(src, sizeof src, "Bron: %s", f->href);
        nb_pdf_para(p, "Sans 7", 12, src, 0.35);
    }
    p->y += 4;
}

static void nb_pdf_chart(nb_pdf *p, const nb_report_chart *c)
{
    const double row = 16, label_w = 150, value_w = 80;
    double area = NB_PDF_TEXT_W - label_w - value_w;
    int64_t lo = 0, hi = 0;
    for (size_t i = 0; i < c->nbars; i++) {
        if (c->bars[i].value < lo)
            lo = c->bars[i].value;
        if (c->bars[i].value > hi)
            hi = c->bars[i].value;
    }
    double span = (double)(hi - lo);
    double zero = NB_PDF_MARGIN + label_w + (span > 0 ? area * (double)(-lo) / span : 0);
    nb_pdf_need(p, 18 + row * (double)(c->nbars ? c->nbars : 1));
    nb_pdf_para(p, "Sans Bold 9", 0, c->title, 0);
    if (c->nbars == 0) {
        nb_pdf_para(p, "Sans 8", 12, "Geen gegevens.", 0.3);
        return;
    }
    for (size_t i = 0; i < c->nbars; i++) {
        char v[NB_REPORT_VALUE_LEN];
        nb_report_value_text(c->bars[i].value, c->unit, v);
        nb_pdf_set(p, "Sans 8", label_w - 6, c->bars[i].label);
        pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
        nb_pdf_show(p, NB_PDF_MARGIN, p->y + 2, 0, 0, 0);
        double w = span > 0
                       ? area *
                             (double)(c->bars[i].value < 0 ? -c->bars[i].value : c->bars[i].value) /
                             span
                       : 0;
        double x = c->bars[i].value < 0 ? zero - w : zero;
        cairo_set_source_rgb(p->cr, 0.13, 0.36, 0.62);
        cairo_rectangle(p->cr, x, p->y + 3, w < 0.5 && c->bars[i].value != 0 ? 0.5 : w, row - 6);
        cairo_fill(p->cr);
        nb_pdf_set(p, "Sans 8", value_w - 4, v);
        nb_pdf_show(p, NB_PDF_MARGIN + label_w + area + 4, p->y + 2, 0, 0, 0);
        p->y += row;
    }
    cairo_set_source_rgb(p->cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(p->cr, 0.6);
    cairo_move_to(p->cr, zero, p->y - row * (double)c->nbars);
    cairo_line_to(p->cr, zero, p->y);
    cairo_stroke(p->cr);
    p->y += 6;
}

static void nb_pdf_table_row(nb_pdf *p, const nb_report_table *t, char *const *cells,
                             const char *font)
{
    double cw = NB_PDF_TEXT_W / (double)t->ncols;
    nb_pdf_need(p, 14);
    for (size_t k = 0; k < t->ncols; k++) {
        nb_pdf_set(p, font, cw - 6, cells[k]);
        pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
        if (t->numeric[k])
            pango_layout_set_alignment(p->lay, PANGO_ALIGN_RIGHT);
        nb_pdf_show(p, NB_PDF_MARGIN + cw * (double)k, p->y, 0, 0, 0);
    }
    p->y += 14;
}

static void nb_pdf_table(nb_pdf *p, const nb_report_table *t)
{
    nb_pdf_need(p, 14 * 3);
    nb_pdf_para(p, "Sans Bold 9", 0, t->caption, 0);
    nb_pdf_table_row(p, t, t->head, "Sans Bold 8");
    if (t->nrows == 0)
        nb_pdf_para(p, "Sans 8", 0, "Geen rijen.", 0.3);
    for (size_t i = 0; i < t->nrows; i++)
        nb_pdf_table_row(p, t, &t->cells[i * t->ncols], "Sans 8");
    p->y += 6;
}

/* One pass over the report onto surface. */
static void nb_pdf_pass(nb_pdf *p, cairo_surface_t *surface)
{
    p->cr = cairo_create(surface);
    p->lay = pango_cairo_create_layout(p->cr);
    p->page = 1;
    p->y = NB_PDF_TOP;
    nb_pdf_header_footer(p);
    nb_pdf_para(p, "Sans Bold 16", 0, p->r->title, 0);
    p->y += 6;
    for (size_t i = 0; i < p->r->nsections; i++) {
        const nb_report_section *s = p->r->sections[i];
        nb_pdf_need(p, 60);
        p->y += 6;
        nb_pdf_para(p, "Sans Bold 13", 0, s->heading, 0);
        nb_pdf_para(p, "Sans 9", 0, s->intro, 0.15);
        p->y += 4;
        for (size_t j = 0; j < s->nfigures; j++)
            nb_pdf_figure(p, &s->figures[j]);
        for (size_t j = 0; j < s->ncharts; j++)
            nb_pdf_chart(p, s->charts[j]);
        for (size_t j = 0; j < s->ntables; j++)
            nb_pdf_table(p, s->tables[j]);
        for (size_t j = 0; j < s->nquotes; j++)
            nb_pdf_para(p, "Sans Italic 9", 12, s->quotes[j], 0.2);
    }
    cairo_show_page(p->cr);
    g_object_unref(p->lay);
    cairo_destroy(p->cr);
    p->lay = NULL;
    p->cr = NULL;
}

static cairo_status_t nb_pdf_write(void *closure, const unsigned char *data, unsigned int n)
{
    nb_buf *b = closure;
    if (b == NULL)
        return CAIRO_STATUS_SUCCESS; /* the counting pass */
    nb_buf_append(b, data, n);
    return b->oom ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

int nb_report_pdf(const nb_report *r, nb_buf *out, nb_err *err)
{
    nb_pdf p;
    memset(&p, 0, sizeof p);
    p.r = r;
    nb_web_fmt_day(r->made, p.made);
    for (int pass = 0; pass < 2; pass++) {
        cairo_surface_t *s = cairo_pdf_surface_create_for_stream(nb_pdf_write, pass ? out : NULL,
                                                                 NB_PDF_W, NB_PDF_H);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(s);
            return nb_err_set(err, NB_EIO, "cairo could not make a PDF surface");
        }
        if (pass) {
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, r->title);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, r->subject);
            cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "noaber");
        }
        nb_pdf_pass(&p, s);
        cairo_surface_finish(s);
        cairo_status_t st = cairo_surface_status(s);
        cairo_surface_destroy(s);
        if (st != CAIRO_STATUS_SUCCESS)
            return st == CAIRO_STATUS_NO_MEMORY
                       ? nb_err_set(err, NB_ENOMEM, "out of memory")
                       : nb_err_set(err, NB_EIO, "cairo: %s", cairo_status_to_string(st));
        p.pages = p.page;
    }
    return out->oom ? nb_err_set(err, NB_ENOMEM, "out of memory") : 0;
}
