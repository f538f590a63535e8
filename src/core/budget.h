/*
 * core/budget.h — the hours budget (urenbegroting) of a year, pure.
 *
 * Per organisation and calendar year (days in Europe/Amsterdam, DOMAIN.md
 * rule 10) the store fills the ledger's figures of the year (what was taken,
 * brought, deposited, the balance at the start and at the end or now, the
 * credit line), hands each open reservation to nb_budget_plan_add and each
 * organisation's part of accepted work not yet given to people (summed per
 * line, nb_budget_line_unplanned) to nb_budget_unplanned_add; this module
 * spreads those minutes over their assignment's period and derives the
 * projection at the year's end, how much of the credit line is used, and
 * whether the projection passes it (the alert). The network total spreads
 * each line's minutes over its assignment's period in the same way, or by
 * the line's own month profile (nb_budget_line_part: the teaming engine's
 * exact month split, core/workload.h nb_wl_spread) when it has one.
 *
 * Why the unplanned work counts: the ledger refuses every reservation beyond
 * an organisation's credit line (DOMAIN.md rule 2), so balance minus what is
 * reserved can never pass the line. What can is the work an organisation has
 * asked for and the network accepted but nobody is planned on yet: no
 * reservation, no check. That is what the alert warns about, months ahead.
 *
 * Spreading: minutes planned for the inclusive days [start, end] are taken to
 * be worked evenly over those days; the part that falls in [from, to] is
 * floor(minutes * overlap_days / period_days). A period of days already past
 * (a reservation still open after its assignment's end date) counts as due
 * today. No I/O, no clock: "today" is a parameter.
 */
#ifndef NB_CORE_BUDGET_H
#define NB_CORE_BUDGET_H

#include "util/attr.h"

#include "core/line_profile.h"

#include <stdbool.h>
#include <stdint.h>

/* One organisation's budget of a year. The store fills the "ledger" part;
 * nb_budget_plan_add the "planned" part; nb_budget_finish the rest. */
typedef struct nb_budget_org {
    int64_t organisation_id;
    /* ledger: posted minutes of the year (reversals subtract from what they reverse) */
    int64_t opening;         /* posted balance at the start of the year */
    int64_t taken;           /* afgenomen: work of others for this organisation */
    int64_t brought;         /* geleverd: work of this organisation's people for others */
    int64_t deposit_minutes; /* hour credit bought with money deposits */
    int64_t deposit_cents;   /* the money deposited */
    int64_t closing;         /* posted balance at the end of the year, or now */
    int64_t credit_line;     /* the credit line at the end of the year, or now */
    /* planned: open reservations now */
    int64_t reserved_taken;   /* all open reservations charged to this organisation */
    int64_t reserved_brought; /* all open reservations in its favour */
    int64_t planned_taken;    /* the part of reserved_taken expected by the year's end */
    int64_t planned_brought;  /* the part of reserved_brought expected by the year's end */
    int64_t unplanned_taken;  /* accepted work not yet given to people (no reservation, so
                                 the ledger has not checked it), its part by the year's end */
    /* derived by nb_budget_finish */
    int64_t other;          /* closing - opening - brought + taken - deposit_minutes:
                                corrections and anything else */
    int64_t projected;      /* closing + planned_brought - planned_taken */
    int64_t used;           /* credit line used at closing: max(0, -closing) */
    int64_t projected_used; /* credit line used at the projection: max(0, -projected) */
    int64_t used_pct;       /* floor(used * 100 / credit_line); -1 when credit_line is 0 */
    int64_t projected_pct;  /* the same for the projection */
    bool over_line;         /* used > credit_line now */
    bool projected_over;    /* projected_used > credit_line: the alert */
} nb_budget_org;

/* The network's total of a year. */
typedef struct nb_budget_network {
    int64_t assignments; /* assignments whose period overlaps the year */
    int64_t total;       /* their minutes spread over their periods: the part in the year */
    int64_t done;        /* approved minutes worked on them in the year */
    int64_t done_pct;    /* floor(done * 100 / total); -1 when total is 0 */
} nb_budget_network;

/*
 * The part of `minutes` (>= 0) spread evenly over the days [start, end]
 * (inclusive, start <= end) that falls in [from, to] (inclusive); floor of
 * the exact share, 0 when the two do not overlap or from > to. Exact for any
 * minutes up to INT64_MAX (128-bit product).
 */
int64_t nb_budget_spread(int64_t minutes, int32_t start, int32_t end, int32_t from, int32_t to);

/*
 * The part of an open reservation of `minutes` on an assignment that runs
 * [start, end] expected to be worked from today up to and including `until`:
 * the rest of the period [max(start, today), end] spread evenly. A period
 * already over (end < today), or none (start = end = 0: a reservation not
 * tied to an assignment), is due today: all of it when until >= today.
 * until < today: 0 (a year that is over has nothing planned).
 */
int64_t nb_budget_planned_part(int64_t minutes, int32_t start, int32_t end, int32_t today,
                               int32_t until);

/*
 * Adds one open reservation of `minutes` to the two organisations it moves
 * hours between: `taker` is charged (reserved_taken, planned_taken), `bringer`
 * is credited (reserved_brought, planned_brought). Either may be NULL (the
 * fund, or an organisation outside the rows asked for). Period and days as
 * nb_budget_planned_part, until = the year's last day.
 */
void nb_budget_plan_add(nb_budget_org *taker, nb_budget_org *bringer, int64_t minutes,
                        int32_t start, int32_t end, int32_t today, int32_t until);

/*
 * What of a line asking `asked` minutes no allocation covers yet, given the
 * `covered` minutes its confirmed allocations plan and its ended ones
 * posted: asked - covered, or 0 when the line is covered or allocated beyond
 * its minutes. Per line, never per assignment: one line's surplus must not
 * hide another line's shortfall (an over-allocated line is never negative).
 */
int64_t nb_budget_line_unplanned(int64_t asked, int64_t covered);

/*
 * Adds `minutes` of accepted work charged to o (its part by the charge split,
 * core/hours.h) that no confirmed allocation covers yet: the part expected by
 * `until` (nb_budget_planned_part) goes to unplanned_taken. Nothing is booked.
 */
void nb_budget_unplanned_add(nb_budget_org *o, int64_t minutes, int32_t start, int32_t end,
                             int32_t today, int32_t until);

/* Derives other, projected, used, the percentages and the two flags of o
 * from its ledger and planned figures. */
void nb_budget_finish(nb_budget_org *o);

/*
 * The part of a line's `minutes` (>= 0) over its assignment's period [start,
 * end] that falls in [from, to] into *part. Without a month profile (nprof
 * == 0): nb_budget_spread, evenly over the days. With one (prof[0..nprof),
 * borrowed, month order): the minutes of each calendar month exactly as the
 * teaming engine and the work stock split them (core/workload.h
 * nb_wl_spread), a month that [from, to] cuts counting in proportion to its
 * days of the period inside (floor; whole months, as a calendar year has,
 * count exactly). 0 for a reversed period. 0, or NB_ENOMEM.
 */
NB_MUST_USE int nb_budget_line_part(int64_t minutes, const nb_month_weight *prof, size_t nprof,
                                    int32_t start, int32_t end, int32_t from, int32_t to,
                                    int64_t *part);

/* Adds one assignment whose lines' part of the year is part (nb_budget_line_part
 * summed) and with done = approved minutes of the year on it to the network
 * total. */
void nb_budget_network_add(nb_budget_network *n, int64_t part, int64_t done);

/* done_pct of n. */
void nb_budget_network_finish(nb_budget_network *n);

#endif
