/*
 * web/format.h — numbers, hours and days as a Dutch reader expects them:
 * "27 november 2026", decimal commas with '.' between thousands, "4,5 uur",
 * and days in Europe/Amsterdam (DOMAIN.md rule 10).
 *
 * Every function writes plain text into a caller buffer of the size named;
 * the caller then writes it into a page with nb_html_text (html.h).
 */
#ifndef NB_WEB_FORMAT_H
#define NB_WEB_FORMAT_H

#include "util/attr.h"
#include <stdint.h>
#include <time.h>

#define NB_WEB_FMT_LEN 48 /* = NB_NL_NUM_LEN (util/nlnum.h), checked in format.c */

/* "27 november 2026" for an ISO date "2026-11-27". Returns 0, or NB_EINVAL
 * (out then holds the input as given, cut to fit). */
NB_MUST_USE int nb_web_fmt_date(const char *iso, char out[NB_WEB_FMT_LEN]);

/* "27 november 2026" for a day number (util/date.h). */
void nb_web_fmt_day(int32_t day, char out[NB_WEB_FMT_LEN]);

/* The Amsterdam day of a stored UTC instant "YYYY-MM-DDTHH:MM:SSZ" as
 * "27 november 2026"; anything else is copied as it is (cut to fit). */
void nb_web_fmt_instant_day(const char *at, char out[NB_WEB_FMT_LEN]);

/* value / 10^decimals with a decimal comma, thousands separated by '.',
 * trailing zeros of the fraction dropped: (12345, 2) -> "123,45",
 * (4500, 3) -> "4,5", (-1234567, 0) -> "-1.234.567". decimals 0..6. */
void nb_web_fmt_decimal(int64_t value, int decimals, char out[NB_WEB_FMT_LEN]);

/* Minutes as hours: 270 -> "4,5 uur", 60 -> "1 uur", 20 -> "0,33 uur"
 * (rounded to two decimals, half away from zero), -90 -> "-1,5 uur". */
void nb_web_fmt_hours(int64_t minutes, char out[NB_WEB_FMT_LEN]);

/* The calendar day in Europe/Amsterdam of the UTC instant t (CET, and CEST
 * from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC), as a day number of util/date.h: nb_date_amsterdam_day. */
int32_t nb_web_amsterdam_day(time_t t);

/* Today in Europe/Amsterdam: nb_date_today. */
int32_t nb_web_today(void);

#endif
