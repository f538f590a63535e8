/*
 * web/uren.h — the ISO weeks and typed hours of the week grid
 * (web/uren_grid.c), also used by the approval queue (web/uren_approve.c).
 */
#ifndef NB_WEB_UREN_H
#define NB_WEB_UREN_H

#include "util/attr.h"

#include <stdint.h>

/* The Monday (day number, util/date.h) of the ISO week holding day. */
int32_t nb_web_week_monday(int32_t day);

/* The ISO week of day as "2026-W48" into out (16 bytes). */
void nb_web_week_name(int32_t day, char out[16]);

/* Parses "2026-W48" into the day number of its Monday. 0, or NB_EINVAL for
 * anything else (also week 53 of a year with 52 weeks). */
NB_MUST_USE int nb_web_week_parse(const char *s, int32_t *monday);

/* Parses hours as a Dutch user types them — "4", "4,5", "4.5", "4,25",
 * "4:30" (at most two digits before and after the separator, minutes below
 * 60; spaces around are allowed) — into minutes (hundredths of an hour
 * rounded to the nearest minute). 0, or NB_EINVAL. */
NB_MUST_USE int nb_web_hours_parse(const char *s, int64_t *minutes);

#endif
