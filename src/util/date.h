/*
 * util/date.h — calendar dates (ISO 8601 YYYY-MM-DD) as day numbers.
 *
 * A date is an int32 count of days since 1970-01-01 (proleptic Gregorian).
 * Parsing is strict: exactly ten characters, a real calendar day, years
 * 1900–2999. Formatting writes into a caller buffer of NB_DATE_LEN bytes.
 *
 * Days that people see are days in Europe/Amsterdam (DOMAIN.md rule 10):
 * "today", a time entry's date, a statement line's date, a "vanaf"/"tot"
 * filter. The offset is computed from the EU rule (CET = UTC+1; CEST = UTC+2
 * from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC) without the process-wide TZ or the tz database, so it is
 * thread-safe and the same on every machine. This is the one implementation;
 * web/format.h uses it.
 */
#ifndef NB_UTIL_DATE_H
#define NB_UTIL_DATE_H

#include "util/attr.h"

#include <stddef.h>
#include <stdint.h>

#define NB_DATE_LEN 11

NB_MUST_USE int nb_date_parse(const char *s, int32_t *out); /* 0 = ok, NB_EINVAL */
void nb_date_format(int32_t day, char out[NB_DATE_LEN]);

/* Months as people see them. A month index is year × 12 + month − 1.
 * nb_date_parse_month: "YYYY-MM" exactly (years as nb_date_parse) into *mi;
 * 0 or NB_EINVAL. nb_date_month_name: the Dutch name of month m (1..12,
 * "januari"), "" otherwise (static storage). nb_date_month_text: month
 * index mi as "maart 2027"; nb_date_day_text: day as "1 juli 2026"; both
 * into out[n], always terminated. The one table of Dutch month names. */
NB_MUST_USE int nb_date_parse_month(const char *s, int32_t *mi);
const char *nb_date_month_name(int m);
void nb_date_month_text(int32_t mi, char *out, size_t n);
void nb_date_day_text(int32_t day, char *out, size_t n);
int32_t nb_date_from_ymd(int y, int m, int d);
void nb_date_to_ymd(int32_t day, int *y, int *m, int *d);
int nb_date_weekday(int32_t day); /* 1 = Monday … 7 = Sunday */

/* The offset of Europe/Amsterdam from UTC at Unix time t: 7200 during CEST,
 * else 3600 (seconds). */
int nb_date_amsterdam_offset(int64_t t);

/* The calendar day in Europe/Amsterdam of Unix time t, as a day number. */
int32_t nb_date_amsterdam_day(int64_t t);

/* The Unix time of 00:00 in Europe/Amsterdam on day (never in a DST gap:
 * the clocks change at 02:00/03:00 local time). */
int64_t nb_date_amsterdam_midnight(int32_t day);

/* Today in Europe/Amsterdam (nb_date_amsterdam_day of the clock). */
int32_t nb_date_today(void);

/* The current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void nb_time_now_iso(char out[21]);
/* ts (UTC seconds) as "YYYY-MM-DDTHH:MM:SSZ" into out[21], always terminated; a ts
 * outside the years 1000-9999 (four digits) is written as the nearest of
 * NB_TIME_ISO_MIN/MAX. */
#define NB_TIME_ISO_MIN INT64_C(-30610224000) /* 1000-01-01T00:00:00Z */
#define NB_TIME_ISO_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
void nb_time_iso(int64_t ts, char out[21]);

/* The UTC time ("YYYY-MM-DDTHH:MM:SSZ", the form stored instants take) at
 * which the Amsterdam day iso + add_days begins (DOMAIN.md rule 10), into
 * out; returns out, or NULL for NULL or a date that does not parse. For a
 * "vanaf" filter add_days is 0, for a "tot" (inclusive) 1. */
const char *nb_time_day_start_iso(const char *iso, int add_days, char out[21]);

#endif
