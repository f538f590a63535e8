/*
 * web/chart.h — a horizontal bar chart as inline SVG (role="img" with a
 * <title>), for figures that the page also shows in a table (docs/web.md:
 * a chart never says anything the table does not). The one chart of the
 * pages: /netwerk, /grootboek, /organisatie, the statement.
 */
#ifndef NB_WEB_CHART_H
#define NB_WEB_CHART_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_web_bar {
    const char *label; /* escaped when written */
    int64_t minutes;   /* drawn from a zero axis; negative to the left */
} nb_web_bar;

/*
 * Writes a <figure> (a focusable region that scrolls on a narrow screen)
 * with an SVG of bars[0..n): each bar's label, the bar and its value in
 * hours ("4,5 uur"). id names the SVG's title element (unique on the page);
 * title is the accessible name; caption (may be NULL) is shown below it.
 */
void nb_web_bar_chart(nb_buf *b, const char *id, const char *title, const char *caption,
                      const nb_web_bar *bars, size_t n);

/* nb_web_bar_chart with each bar's value shown as texts[i] (a count, a
 * share: the caller formats it; texts NULL or texts[i] NULL = hours). The
 * bars are drawn from bars[i].minutes whatever its unit. */
void nb_web_bar_chart_text(nb_buf *b, const char *id, const char *title, const char *caption,
                           const nb_web_bar *bars, const char *const *texts, size_t n);

#endif
