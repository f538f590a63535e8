/*
 * web/format.c — Dutch dates, numbers and hours; the Amsterdam day.
 */
#include "web/format.h"

#include "util/date.h"
#include "util/error.h"
#include "util/nlnum.h"

#include <stdio.h>
#include <string.h>

_Static_assert(NB_WEB_FMT_LEN == NB_NL_NUM_LEN, "one buffer size for Dutch numbers");

void nb_web_fmt_day(int32_t day, char out[NB_WEB_FMT_LEN])
{
    nb_date_day_text(day, out, NB_WEB_FMT_LEN);
}

int nb_web_fmt_date(const char *iso, char out[NB_WEB_FMT_LEN])
{
    int32_t day;
    if (iso == NULL || nb_date_parse(iso, &day) != 0) {
        snprintf(out, NB_WEB_FMT_LEN, "%s", iso ? iso : "");
        return NB_EINVAL;
    }
    nb_web_fmt_day(day, out);
    return 0;
}

void nb_web_fmt_decimal(int64_t value, int decimals, char out[NB_WEB_FMT_LEN])
{
    nb_nl_decimal(value, decimals, out);
}

void nb_web_fmt_hours(int64_t minutes, char out[NB_WEB_FMT_LEN])
{
    nb_nl_hours(minutes, out);
}

int32_t nb_web_amsterdam_day(time_t t)
{
    return nb_date_amsterdam_day((int64_t)t);
}

int32_t nb_web_today(void)
{
    return nb_date_today();
}

/* Two digits at s, or -1. */
static int nb_web_2(const char *s)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

void nb_web_fmt_instant_day(const char *at, char out[NB_WEB_FMT_LEN])
{
    char date[11];
    int32_t day;
    snprintf(date, sizeof date, "%.10s", at);
    int ok = strlen(at) == 20 && at[10] == 'T' && at[13] == ':' && at[16] == ':' && at[19] == 'Z' &&
             nb_date_parse(date, &day) == 0;
    int h = ok ? nb_web_2(at + 11) : -1, m = ok ? nb_web_2(at + 14) : -1,
        sec = ok ? nb_web_2(at + 17) : -1;
    if (h < 0 || m < 0 || sec < 0) {
        snprintf(out, NB_WEB_FMT_LEN, "%s", at);
        return;
    }
    nb_web_fmt_day(
        nb_web_amsterdam_day((time_t)day * 86400 + (time_t)h * 3600 + (time_t)m * 60 + sec), out);
}
