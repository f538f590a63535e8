/*
 * core/budget.c — the hours budget of a year (core/budget.h): spreading
 * planned minutes over a period, the projection at the year's end and how
 * close it comes to the credit line.
 */
#include "core/budget.h"

#include "core/workload.h"
#include "util/error.h"

#include <stddef.h>
#include <stdlib.h>

__extension__ typedef __int128 nb_budget_i128;

static int32_t nb_budget_max(int32_t a, int32_t b)
{
    return a > b ? a : b;
}

static int32_t nb_budget_min(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

int64_t nb_budget_spread(int64_t minutes, int32_t start, int32_t end, int32_t from, int32_t to)
{
    if (minutes <= 0 || end < start)
        return 0;
    int32_t lo = nb_budget_max(start, from), hi = nb_budget_min(end, to);
    if (hi < lo)
        return 0;
    int64_t days = (int64_t)end - start + 1, in = (int64_t)hi - lo + 1;
    if (in >= days)
        return minutes;
    return (int64_t)((nb_budget_i128)minutes * in / days);
}

int64_t nb_budget_planned_part(int64_t minutes, int32_t start, int32_t end, int32_t today,
                               int32_t until)
{
    if (minutes <= 0 || until < today)
        return 0;
    if ((start == 0 && end == 0) || end < today || end < start)
        return minutes; /* due now */
    return nb_budget_spread(minutes, nb_budget_max(start, today), end, today, until);
}

void nb_budget_plan_add(nb_budget_org *taker, nb_budget_org *bringer, int64_t minutes,
                        int32_t start, int32_t end, int32_t today, int32_t until)
{
    int64_t part = nb_budget_planned_part(minutes, start, end, today, until);
    if (taker != NULL) {
        taker->reserved_taken += minutes;
        taker->planned_taken += part;
    }
    if (bringer != NULL) {
        bringer->reserved_brought += minutes;
        bringer->planned_brought += part;
    }
}

int64_t nb_budget_line_unplanned(int64_t asked, int64_t covered)
{
    return asked > covered ? asked - covered : 0;
}

void nb_budget_unplanned_add(nb_budget_org *o, int64_t minutes, int32_t start, int32_t end,
                             int32_t today, int32_t until)
{
    o->unplanned_taken += nb_budget_planned_part(minutes, start, end, today, until);
}

/* floor(used * 100 / line), -1 without a line; used, line >= 0. */
static int64_t nb_budget_pct(int64_t used, int64_t line)
{
    if (line <= 0)
        return -1;
    return (int64_t)((nb_budget_i128)used * 100 / line);
}

void nb_budget_finish(nb_budget_org *o)
{
    o->other = o->closing - o->opening - o->brought + o->taken - o->deposit_minutes;
    o->projected = o->closing + o->planned_brought - o->planned_taken - o->unplanned_taken;
    o->used = o->closing < 0 ? -o->closing : 0;
    o->projected_used = o->projected < 0 ? -o->projected : 0;
    int64_t line = o->credit_line > 0 ? o->credit_line : 0;
    o->used_pct = nb_budget_pct(o->used, line);
    o->projected_pct = nb_budget_pct(o->projected_used, line);
    o->over_line = o->used > line;
    o->projected_over = o->projected_used > line;
}

int nb_budget_line_part(int64_t minutes, const nb_month_weight *prof, size_t nprof, int32_t start,
                        int32_t end, int32_t from, int32_t to, int64_t *part)
{
    *part = 0;
    if (nprof == 0 || minutes <= 0 || end < start) {
        *part = nb_budget_spread(minutes, start, end, from, to);
        return 0;
    }
    int32_t m0 = nb_wl_month(start);
    size_t nm = (size_t)(nb_wl_month(end) - m0) + 1;
    int64_t *months = malloc(nm * sizeof *months);
    if (months == NULL)
        return NB_ENOMEM;
    int rc = nb_wl_spread(minutes, prof, nprof, start, end, months, nm, NULL);
    for (size_t k = 0; rc == 0 && k < nm; k++) {
        int32_t f, l;
        nb_wl_month_days(m0 + (int32_t)k, &f, &l);
        /* the month's minutes over its days of the period, as nb_budget_spread spreads */
        *part +=
            nb_budget_spread(months[k], nb_budget_max(f, start), nb_budget_min(l, end), from, to);
    }
    free(months);
    return rc;
}

void nb_budget_network_add(nb_budget_network *n, int64_t part, int64_t done)
{
    n->assignments++;
    n->total += part;
    n->done += done;
}

void nb_budget_network_finish(nb_budget_network *n)
{
    n->done_pct = n->total > 0 ? (int64_t)((nb_budget_i128)n->done * 100 / n->total) : -1;
}
