/*
 * core/workload.h — the work stock (werkvoorraad) per calendar month: the
 * hours asked per competency and level against the network's available
 * hours for it (issue 10 §1), and the month arithmetic the teaming loader
 * shares (store/team_loader.c).
 *
 * How it counts (docs/api.md "The work stock" says the same for users):
 *
 *   - Asked: each assignment line's minutes are spread over the calendar
 *     months of its assignment's period by the line's own month profile
 *     (core/line_profile.h), or by the days of the period in each month when
 *     it has none, split exactly (core/split.h largest remainder, ties to the
 *     earlier month) — the rule of the teaming engine's month buckets
 *     (nb_wl_spread, nb_wl_month_weights). Only the months of the window are
 *     reported.
 *   - Available, per person and month: network minutes per week × the
 *     working days (Monday to Friday) of the month before the person's exit
 *     date / 5 (rounded down). People who are not active count for nothing.
 *   - Level-aware, as the teaming engine matches (core/teaming_build.c: a
 *     person may take a line when their level >= the line's minimum level):
 *     one row per (competency, level asked). Its available hours are those
 *     of the people holding the competency at that level or higher; its
 *     demand to compare is what is asked at that level or higher
 *     (asked_from_level), because only those people can do it, and that is
 *     exactly the condition under which the demand of one competency can be
 *     met (the sets of people are nested, so checking each level suffices).
 *   - A person with several competencies counts fully in every row they
 *     could serve: each row's available hours is an upper bound (the same
 *     hour cannot be spent twice). The month totals count each person once:
 *     available_total is the hours of the people who can take at least one
 *     of the asked rows.
 *   - A month is overloaded when some row asks more (from its level) than
 *     is available for it, or the month's total asked exceeds
 *     available_total.
 *
 * Pure: no SQL, no I/O, no globals. The report owns its arrays.
 */
#ifndef NB_CORE_WORKLOAD_H
#define NB_CORE_WORKLOAD_H

#include "util/attr.h"

#include "core/line_profile.h"

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define NB_WL_MAX_MONTHS 120 /* a window of at most ten years */

/* ---- Months --------------------------------------------------------------- */

/* The month index (year × 12 + month − 1) of day (util/date.h day number). */
int32_t nb_wl_month(int32_t day);

/* The first and last day of month index mi. */
void nb_wl_month_days(int32_t mi, int32_t *first, int32_t *last);

/* Days of [a0, a1] ∩ [b0, b1] (0 when disjoint). */
int64_t nb_wl_overlap(int32_t a0, int32_t a1, int32_t b0, int32_t b1);

/* "YYYY-MM" months are parsed by util/date.h nb_date_parse_month. */

/* Writes month index mi as "YYYY-MM" into out. */
void nb_wl_month_format(int32_t mi, char out[8]);

/*
 * The window of a request: van and tot ("YYYY-MM", NULL = absent) into
 * *first (month index) and *n (months). Without van: the month of today
 * (a day number); without tot: van + 11 (a year). Returns 0, or NB_EINVAL
 * with *field ("van" or "tot") and *why (Dutch, static) set: not a month,
 * tot before van, more than NB_WL_MAX_MONTHS months.
 */
NB_MUST_USE int nb_wl_window(const char *van, const char *tot, int32_t today, int32_t *first,
                             size_t *n, const char **field, const char **why);

/* Working days (Monday to Friday) in [from, to] (0 when to < from). */
int64_t nb_wl_working_days(int32_t from, int32_t to);

/*
 * Writes the weight of every month of the period [start, end] (start <=
 * end) into out[0..k), k = nb_wl_month(end) − nb_wl_month(start) + 1
 * (caller-owned), and returns k. With a month profile (prof[0..nprof), in
 * month order, borrowed): a named month's weight, 0 for a month not named;
 * named months outside the period are ignored. Without one — or when no
 * month of the period has a weight above 0, which the shape rules keep from
 * happening — the days of the period in each month. The one rule of a
 * line's month weights: the teaming engine (store/team_profile.h), the work
 * stock and the hours budget all use it through nb_wl_spread or directly.
 */
size_t nb_wl_month_weights(const nb_month_weight *prof, size_t nprof, int32_t start, int32_t end,
                           int64_t *out);

/*
 * Spreads a line's minutes over the calendar months of the period [start,
 * end] (start <= end) by nb_wl_month_weights (its profile prof[0..nprof),
 * borrowed, or the days of the period when nprof == 0), exactly
 * (nb_split_weighted, ties to the earlier month): out (caller-owned, room
 * for nb_wl_month(end) − nb_wl_month(start) + 1 values, at most n) gets the
 * minutes of each month from start's month on; they add up to minutes.
 * Returns 0; NB_EINVAL when the period is reversed or does not fit in n;
 * NB_ENOMEM.
 */
NB_MUST_USE int nb_wl_spread(int64_t minutes, const nb_month_weight *prof, size_t nprof,
                             int32_t start, int32_t end, int64_t *out, size_t n, nb_err *err);

/* ---- The work stock ------------------------------------------------------- */

typedef struct nb_wl_line {
    int64_t competency_id;
    int64_t min_level; /* 1..5 */
    int64_t minutes;   /* > 0 */
    int32_t start_day; /* the assignment's period */
    int32_t end_day;
    const nb_month_weight *profile; /* its month profile (borrowed), nprofile == 0: none */
    size_t nprofile;
} nb_wl_line;

typedef struct nb_wl_skill {
    int64_t competency_id;
    int64_t level; /* 1..5 */
} nb_wl_skill;

typedef struct nb_wl_person {
    int64_t network_minutes_week;
    int32_t exit_day; /* 0 = none; the last working day is exit_day − 1 */
    const nb_wl_skill *skills;
    size_t nskills;
} nb_wl_person;

typedef struct nb_wl_input {
    int32_t first_month; /* month index of the window's first month */
    size_t nmonths;      /* 1..NB_WL_MAX_MONTHS */
    const nb_wl_line *lines;
    size_t nlines;
    const nb_wl_person *people;
    size_t npeople;
} nb_wl_input;

/* One (competency, level asked) row; each array has nmonths values. */
typedef struct nb_wl_row {
    int64_t competency_id;
    int64_t level;
    int64_t holders;           /* people holding the competency at this level or higher */
    int64_t *asked;            /* asked at exactly this level */
    int64_t *asked_from_level; /* asked at this level or higher (same competency) */
    int64_t *available;        /* of the holders (an upper bound, see the file comment) */
    uint8_t *overloaded;       /* asked_from_level > available */
} nb_wl_row;

typedef struct nb_wl_report {
    int32_t first_month;
    size_t nmonths;
    nb_wl_row *rows; /* by competency id, then level */
    size_t nrows;
    int64_t *asked_total;     /* [nmonths] all asked */
    int64_t *available_total; /* [nmonths] each person who can take some row, once */
    uint8_t *overloaded;      /* [nmonths] some row overloaded or total asked > available */
} nb_wl_report;

/*
 * Computes the report of in (borrowed) into out (caller's struct; its arrays
 * are owned by it: free with nb_wl_report_free, also safe after a failure).
 * Lines outside the window add nothing. Returns 0, NB_EINVAL (nmonths out of
 * range, a line with a reversed period or a level out of 1..5), NB_ENOMEM.
 */
NB_MUST_USE int nb_wl_compute(const nb_wl_input *in, nb_wl_report *out, nb_err *err);

void nb_wl_report_free(nb_wl_report *r);

#endif
