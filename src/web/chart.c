/*
 * web/chart.c — the bar chart of the pages (chart.h): inline SVG, only
 * integers we computed and escaped text.
 */
#include "web/chart.h"

#include "web/format.h"
#include "web/html.h"

#include <stdio.h>

#define NB_CHART_W 640
#define NB_CHART_LABEL 220 /* x where the bars' area starts */
#define NB_CHART_BARS 300  /* width of the bars' area */
#define NB_CHART_ROW 32

void nb_web_bar_chart(nb_buf *b, const char *id, const char *title, const char *caption,
                      const nb_web_bar *bars, size_t n)
{
    nb_web_bar_chart_text(b, id, title, caption, bars, NULL, n);
}

void nb_web_bar_chart_text(nb_buf *b, const char *id, const char *title, const char *caption,
                           const nb_web_bar *bars, const char *const *texts, size_t n)
{
    int64_t maxpos = 0, maxneg = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t s = bars[i].minutes;
        if (s > maxpos)
            maxpos = s;
        if (s < 0 && -s > maxneg)
            maxneg = -s;
    }
    double span = (double)maxpos + (double)maxneg;
    if (span <= 0)
        span = 1;
    int64_t zero = NB_CHART_LABEL + (int64_t)(NB_CHART_BARS * ((double)maxneg / span));
    int64_t height = (int64_t)n * NB_CHART_ROW + 16;
    /* The chart keeps readable labels on a narrow screen and scrolls inside
     * its own focusable region, as the tables do. */
    nb_html_lit(b,
                "<figure class=\"nb-chart\" tabindex=\"0\" role=\"region\" aria-label=\"Grafiek: ");
    nb_html_attr(b, title);
    nb_html_lit(b,
                "\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\" viewBox=\"0 0 ");
    nb_html_int(b, NB_CHART_W);
    nb_html_lit(b, " ");
    nb_html_int(b, height);
    nb_html_lit(b, "\">\n<title id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">");
    nb_html_text(b, title);
    nb_html_lit(b, "; dezelfde cijfers staan in de tabel hieronder</title>\n");
    for (size_t i = 0; i < n; i++) {
        int64_t s = bars[i].minutes;
        int64_t len = (int64_t)(NB_CHART_BARS * ((double)(s < 0 ? -s : s) / span));
        int64_t y = (int64_t)i * NB_CHART_ROW + 8;
        char text[NB_WEB_FMT_LEN];
        if (texts != NULL && texts[i] != NULL)
            snprintf(text, sizeof text, "%s", texts[i]);
        else
            nb_web_fmt_hours(s, text);
        nb_html_lit(b, "<text x=\"0\" y=\"");
        nb_html_int(b, y + 18);
        nb_html_lit(b, "\" class=\"nb-chart__label\">");
        nb_html_text(b, bars[i].label);
        nb_html_lit(b, "</text><rect class=\"");
        if (s < 0)
            nb_html_lit(b, "nb-chart__bar nb-chart__bar--negatief");
        else
            nb_html_lit(b, "nb-chart__bar");
        nb_html_lit(b, "\" x=\"");
        nb_html_int(b, s < 0 ? zero - len : zero);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, y + 4);
        nb_html_lit(b, "\" width=\"");
        nb_html_int(b, len);
        nb_html_lit(b, "\" height=\"20\"></rect><text x=\"");
        nb_html_int(b, NB_CHART_LABEL + NB_CHART_BARS + 8);
        nb_html_lit(b, "\" y=\"");
        nb_html_int(b, y + 18);
        nb_html_lit(b, "\" class=\"nb-chart__value\">");
        nb_html_text(b, text);
        nb_html_lit(b, "</text>\n");
    }
    nb_html_lit(b, "<line class=\"nb-chart__axis\" x1=\"");
    nb_html_int(b, zero);
    nb_html_lit(b, "\" y1=\"4\" x2=\"");
    nb_html_int(b, zero);
    nb_html_lit(b, "\" y2=\"");
    nb_html_int(b, height - 4);
    nb_html_lit(b, "\"></line>\n</svg>\n");
    if (caption != NULL) {
        nb_html_lit(b, "<figcaption class=\"utrecht-paragraph\">");
        nb_html_text(b, caption);
        nb_html_lit(b, "</figcaption>\n");
    }
    nb_html_lit(b, "</figure>\n");
}
