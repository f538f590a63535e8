/*
 * core/line_profile.h — a line's own month profile (issue 13 §2): relative
 * weights per calendar month over which the line's minutes are spread.
 *
 * A profile names months (util/date.h month indexes, year × 12 + month − 1)
 * with a weight 0..NB_PROFILE_WEIGHT_MAX each, at most NB_PROFILE_MAX
 * entries, no month twice, kept in month order. A month of the line's
 * period that is not named weighs 0; n == 0 means "no profile": the minutes
 * follow the days of the period in each month (store/team_profile.h).
 * Whether the named months lie in the assignment's period is a shape rule
 * (core/assignment.h nb_assignment_validate).
 *
 * The text form is "2027-01:2,2027-02:1" (canonical: month order, no
 * spaces); the parser also takes spaces around the parts, so people can
 * type "2027-01: 2, 2027-02: 1". The store keeps the canonical text.
 */
#ifndef NB_CORE_LINE_PROFILE_H
#define NB_CORE_LINE_PROFILE_H

#include "util/attr.h"

#include <stddef.h>
#include <stdint.h>

#define NB_PROFILE_MAX 36             /* months per line */
#define NB_PROFILE_WEIGHT_MAX 1000    /* per month */
#define NB_PROFILE_TEXT_MAX (36 * 13) /* canonical text, NUL included: "YYYY-MM:1000," each */

typedef struct nb_month_weight {
    int32_t month;  /* util/date.h month index */
    int32_t weight; /* 0..NB_PROFILE_WEIGHT_MAX */
} nb_month_weight;

typedef struct nb_line_profile {
    nb_month_weight e[NB_PROFILE_MAX]; /* in month order */
    size_t n;                          /* 0 = no profile */
} nb_line_profile;

/*
 * Adds month mi with weight w to p keeping month order. 0, or NB_EINVAL with
 * a Dutch reason in why[nwhy] (a weight out of range, the month twice, more
 * than NB_PROFILE_MAX entries). p is unchanged on failure.
 */
NB_MUST_USE int nb_line_profile_add(nb_line_profile *p, int32_t mi, int64_t w, char *why,
                                    size_t nwhy);

/*
 * Parses text s ("2027-01: 2, 2027-02: 1"; "" or only spaces: no profile)
 * into *out. 0, or NB_EINVAL with a Dutch reason in why[nwhy] naming the
 * part that is wrong. Also refuses a profile whose weights are all 0.
 */
NB_MUST_USE int nb_line_profile_parse(const char *s, nb_line_profile *out, char *why, size_t nwhy);

/* The profile e[0..ne) (borrowed; month order) as text into out[n] (always
 * terminated): canonical ("2027-01:2,2027-02:1") when spaced is 0, else
 * "2027-01: 2, 2027-02: 1" for people. "" when ne == 0. */
void nb_line_profile_format(const nb_month_weight *e, size_t ne, int spaced, char *out, size_t n);

/* The sum of the weights e[0..ne) (0 for no profile or all zero). */
int64_t nb_line_profile_total(const nb_month_weight *e, size_t ne);

/* 1 when the profiles a[0..na) and b[0..nb) name the same months with the same weights. */
NB_MUST_USE int nb_line_profile_equal(const nb_month_weight *a, size_t na, const nb_month_weight *b,
                                      size_t nb);

#endif
