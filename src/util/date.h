/*
 * util/date.h — calendar dates (ISO 8601 YYYY-MM-DD) as day numbers.
 *
 * A date is an int32 count of days since 1970-01-01 (proleptic Gregorian).
 * Parsing is strict: exactly ten characters, a real calendar day, years
 * 1900–2999. Formatting writes into a caller buffer of NB_DATE_LEN bytes.
 */
#ifndef NB_UTIL_DATE_H
#define NB_UTIL_DATE_H

#include "util/attr.h"

#include <stdint.h>

#define NB_DATE_LEN 11

NB_MUST_USE int nb_date_parse(const char *s, int32_t *out); /* 0 = ok, NB_EINVAL */
void nb_date_format(int32_t day, char out[NB_DATE_LEN]);
int32_t nb_date_from_ymd(int y, int m, int d);
void nb_date_to_ymd(int32_t day, int *y, int *m, int *d);
int32_t nb_date_today(void);      /* UTC */
int nb_date_weekday(int32_t day); /* 1 = Monday … 7 = Sunday */

/* The current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void nb_time_now_iso(char out[21]);
/* ts (UTC seconds) as "YYYY-MM-DDTHH:MM:SSZ" into out[21], always terminated; a ts
 * outside the years 1000-9999 (four digits) is written as the nearest of
 * NB_TIME_ISO_MIN/MAX. */
#define NB_TIME_ISO_MIN INT64_C(-30610224000) /* 1000-01-01T00:00:00Z */
#define NB_TIME_ISO_MAX INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
void nb_time_iso(int64_t ts, char out[21]);

#endif
