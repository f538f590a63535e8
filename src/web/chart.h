/*
 * web/chart.h — THE bar chart of the pages: hours per label as inline SVG
 * (role="img" with a <title>), in a focusable region that scrolls on a
 * narrow screen. Every chart is shown next to a table with the same numbers
 * (the caller writes the table). Used by /netwerk and /grootboek.
 */
#ifndef NB_WEB_CHART_H
#define NB_WEB_CHART_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_web_bar {
    const char *label; /* borrowed; escaped when written */
    int64_t minutes;   /* signed: negative bars go left of the zero axis */
} nb_web_bar;

/*
 * Writes a horizontal bar chart of bars[0..n) into b: the label, the bar
 * from a zero axis and the value in hours ("4,5 uur"). id is the id of the
 * SVG <title> (a literal, unique on the page); title its text, caption the
 * figure's caption (both escaped). Coordinates are integers computed here.
 */
void nb_web_bar_chart(nb_buf *b, const char *id, const char *title, const char *caption,
                      const nb_web_bar *bars, size_t n);

#endif
