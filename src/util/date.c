/*
 * util/date.c — civil-date arithmetic (Howard Hinnant's days_from_civil).
 */
#include "util/date.h"

#include "util/error.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int32_t nb_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void nb_date_to_ymd(int32_t day, int *y, int *m, int *d)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t yy = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t dd = doy - (153 * mp + 2) / 5 + 1;
    int32_t mm = mp + (mp < 10 ? 3 : -9);
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int nb_date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int nb_date_parse(const char *s, int32_t *out)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return NB_EINVAL;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return NB_EINVAL;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > nb_date_days_in_month(y, m))
        return NB_EINVAL;
    *out = nb_date_from_ymd(y, m, d);
    return 0;
}

int nb_date_parse_month(const char *s, int32_t *mi)
{
    if (s == NULL || strlen(s) != 7 || s[4] != '-')
        return NB_EINVAL;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return NB_EINVAL;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (y < 1900 || y > 2999 || m < 1 || m > 12)
        return NB_EINVAL;
    *mi = (int32_t)(y * 12 + m - 1);
    return 0;
}

const char *nb_date_month_name(int m)
{
    static const char *const names[12] = {"januari",   "februari", "maart",    "april",
                                          "mei",       "juni",     "juli",     "augustus",
                                          "september", "oktober",  "november", "december"};
    return m >= 1 && m <= 12 ? names[m - 1] : "";
}

void nb_date_month_text(int32_t mi, char *out, size_t n)
{
    int32_t y = mi >= 0 ? mi / 12 : (mi - 11) / 12;
    snprintf(out, n, "%s %d", nb_date_month_name((int)(mi - y * 12) + 1), (int)y);
}

void nb_date_day_text(int32_t day, char *out, size_t n)
{
    int y, m, d;
    nb_date_to_ymd(day, &y, &m, &d);
    snprintf(out, n, "%d %s %d", d, nb_date_month_name(m), y);
}

void nb_date_format(int32_t day, char out[NB_DATE_LEN])
{
    int y, m, d;
    nb_date_to_ymd(day, &y, &m, &d);
    /* y is 0..9999 and m, d are two digits by construction; clamp for the compiler. */
    unsigned yy = (unsigned)(y < 0 ? 0 : y) % 10000u, mm = (unsigned)m % 100u,
             dd = (unsigned)d % 100u;
    /* by hand, not snprintf: a statement formats a day per line */
    const char text[NB_DATE_LEN] = {(char)('0' + yy / 1000),
                                    (char)('0' + yy / 100 % 10),
                                    (char)('0' + yy / 10 % 10),
                                    (char)('0' + yy % 10),
                                    '-',
                                    (char)('0' + mm / 10),
                                    (char)('0' + mm % 10),
                                    '-',
                                    (char)('0' + dd / 10),
                                    (char)('0' + dd % 10),
                                    '\0'};
    memcpy(out, text, NB_DATE_LEN);
}

/* floor(a / b) for b > 0. */
static int64_t nb_floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Day number of the last Sunday of month m (1..12) of year y. */
static int32_t nb_last_sunday(int y, int m)
{
    int32_t last = nb_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    return last - (nb_date_weekday(last) % 7); /* weekday 7 = Sunday -> 0 back */
}

int nb_date_amsterdam_offset(int64_t t)
{
    int y, m, d;
    nb_date_to_ymd((int32_t)nb_floor_div(t, 86400), &y, &m, &d);
    int64_t start = (int64_t)nb_last_sunday(y, 3) * 86400 + 3600; /* 01:00 UTC */
    int64_t end = (int64_t)nb_last_sunday(y, 10) * 86400 + 3600;
    return (t >= start && t < end) ? 7200 : 3600;
}

int32_t nb_date_amsterdam_day(int64_t t)
{
    return (int32_t)nb_floor_div(t + nb_date_amsterdam_offset(t), 86400);
}

int64_t nb_date_amsterdam_midnight(int32_t day)
{
    /* Midnight is 22:00 UTC the day before in summer, 23:00 in winter; the
     * summer candidate is right exactly when CEST holds at that instant. */
    int64_t summer = (int64_t)day * 86400 - 7200;
    return nb_date_amsterdam_offset(summer) == 7200 ? summer : (int64_t)day * 86400 - 3600;
}

int32_t nb_date_today(void)
{
    return nb_date_amsterdam_day((int64_t)time(NULL));
}

int nb_date_weekday(int32_t day)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (int)(((day % 7) + 7 + 3) % 7);
    return w + 1;
}

void nb_time_now_iso(char out[21])
{
    nb_time_iso((int64_t)time(NULL), out);
}

void nb_time_iso(int64_t ts, char out[21])
{
    /* Years 1000-9999 only: beyond them the text needs more than 20 characters
     * (strftime would then leave out unterminated), or fewer, or gmtime_r fails. */
    if (ts < NB_TIME_ISO_MIN)
        ts = NB_TIME_ISO_MIN;
    if (ts > NB_TIME_ISO_MAX)
        ts = NB_TIME_ISO_MAX;
    /* by hand, not gmtime_r + strftime (glibc takes its time-zone lock in
     * them; a statement formats a time per line): the same text */
    int64_t day = nb_floor_div(ts, 86400), sec = ts - day * 86400;
    nb_date_format((int32_t)day, out);
    const unsigned h = (unsigned)(sec / 3600), mi = (unsigned)(sec / 60 % 60),
                   se = (unsigned)(sec % 60);
    const char rest[10] = {'T', (char)('0' + h / 10),  (char)('0' + h % 10),
                           ':', (char)('0' + mi / 10), (char)('0' + mi % 10),
                           ':', (char)('0' + se / 10), (char)('0' + se % 10),
                           'Z'};
    memcpy(out + 10, rest, sizeof rest);
    out[20] = '\0';
}

const char *nb_time_day_start_iso(const char *iso, int add_days, char out[21])
{
    int32_t day;
    if (iso == NULL || nb_date_parse(iso, &day) != 0)
        return NULL;
    nb_time_iso(nb_date_amsterdam_midnight(day + add_days), out);
    return out;
}
