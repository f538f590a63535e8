/*
 * tests/util/test_util.c — unit tests of the small shared pieces: dates,
 * the string buffer, the config loader and error naming.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/config.h"
#include "util/date.h"
#include "util/error.h"
#include "util/hex.h"
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void test_date_roundtrip(void **state)
{
    (void)state;
    /* Every day from 1900 to 2999 formats back to what parses into it. */
    int32_t from = nb_date_from_ymd(1900, 1, 1), to = nb_date_from_ymd(2999, 12, 31);
    int32_t prev = from - 1;
    for (int32_t d = from; d <= to; d += 1) {
        char s[NB_DATE_LEN];
        int32_t back = 0;
        nb_date_format(d, s);
        assert_int_equal(nb_date_parse(s, &back), 0);
        assert_int_equal(back, d);
        assert_int_equal(back, prev + 1);
        prev = back;
    }
    assert_int_equal(nb_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(nb_date_weekday(nb_date_from_ymd(2026, 11, 22)), 7); /* a Sunday */
}

static void test_date_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"",           "2026-02-29", "2026-13-01", "2026-00-10",  "2026-04-31",
                         "26-01-01",   "2026/01/01", "2026-1-01",  "2026-01-011", "1899-12-31",
                         "3000-01-01", "2026-01-0a", NULL};
    int32_t d;
    for (int i = 0; bad[i]; i++) {
        if (nb_date_parse(bad[i], &d) == 0)
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_int_equal(nb_date_parse("2024-02-29", &d), 0);     /* leap year */
    assert_int_not_equal(nb_date_parse("2100-02-29", &d), 0); /* not a leap year */
    assert_int_equal(nb_date_parse("2000-02-29", &d), 0);     /* 400-year rule */
    assert_int_not_equal(nb_date_parse(NULL, &d), 0);
}

/* Months as people see them: the one parser and the one table of Dutch names. */
static void test_date_months(void **state)
{
    (void)state;
    int32_t mi = 0;
    assert_int_equal(nb_date_parse_month("2027-03", &mi), 0);
    assert_int_equal(mi, 2027 * 12 + 2);
    const char *bad[] = {"2027-13", "2027-00", "2027-1",  "2027-01-01", "27-01", "1899-12",
                         "3000-01", "2027/01", "2027-0a", "",           NULL};
    for (int i = 0; bad[i]; i++)
        if (nb_date_parse_month(bad[i], &mi) == 0)
            fail_msg("accepted '%s'", bad[i]);
    assert_int_not_equal(nb_date_parse_month(NULL, &mi), 0);
    assert_string_equal(nb_date_month_name(1), "januari");
    assert_string_equal(nb_date_month_name(12), "december");
    assert_string_equal(nb_date_month_name(0), "");
    assert_string_equal(nb_date_month_name(13), "");
    char out[32];
    nb_date_month_text(2027 * 12 + 2, out, sizeof out);
    assert_string_equal(out, "maart 2027");
    nb_date_month_text(2026 * 12 + 11, out, sizeof out);
    assert_string_equal(out, "december 2026");
    nb_date_month_text(-1, out, sizeof out); /* before year 0: still a month and a year */
    assert_string_equal(out, "december -1");
    int32_t d = 0;
    assert_int_equal(nb_date_parse("2026-07-01", &d), 0);
    nb_date_day_text(d, out, sizeof out);
    assert_string_equal(out, "1 juli 2026");
    nb_date_day_text(d, out, 8); /* cut, terminated */
    assert_string_equal(out, "1 juli ");
}

static void test_buf(void **state)
{
    (void)state;
    nb_buf b = NB_BUF_INIT;
    assert_string_equal(nb_buf_cstr(&b), "");
    for (int i = 0; i < 1000; i++)
        nb_buf_printf(&b, "%d,", i);
    assert_int_equal(b.len, strlen(b.data));
    assert_memory_equal(b.data, "0,1,2,", 6);
    nb_buf_reset(&b);
    assert_int_equal(b.len, 0);
    nb_buf_puts(&b, "ab");
    nb_buf_putc(&b, 'c');
    assert_string_equal(nb_buf_cstr(&b), "abc");
    /* Padding counts code points, not bytes, and cuts on a character boundary. */
    nb_buf_reset(&b);
    nb_buf_put_padded(&b, "Zo\xc3\xab", 5);
    assert_string_equal(nb_buf_cstr(&b), "Zo\xc3\xab  ");
    nb_buf_reset(&b);
    nb_buf_put_padded(&b, "\xc3\xa9\xc3\xa9\xc3\xa9", 2);
    assert_string_equal(nb_buf_cstr(&b), "\xc3\xa9\xc3\xa9");
    /* Integers without printf, to the ends of the range. */
    nb_buf_reset(&b);
    const int64_t ints[] = {0, 7, -1, 1234567890123, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        nb_buf_put_i64(&b, ints[i]);
        nb_buf_putc(&b, ' ');
    }
    assert_string_equal(nb_buf_cstr(&b), "0 7 -1 1234567890123 9223372036854775807 "
                                         "-9223372036854775808 ");
    nb_buf_reset(&b);
    nb_buf_puts(&b, "ab");
    nb_buf_putc(&b, 'c');
    char *s = nb_buf_steal(&b);
    assert_string_equal(s, "abc");
    assert_null(b.data);
    free(s);
    nb_buf_free(&b);
}

static void test_config(void **state)
{
    (void)state;
    char path[] = "/tmp/noaber-conf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "# comment\n db = /tmp/x.db \nlisten=127.0.0.1:9000 # trailing\n\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    nb_config cfg;
    nb_err err = {{0}};
    unsetenv("NOABER_DB");
    assert_int_equal(nb_config_load(&cfg, path, &err), 0);
    assert_string_equal(nb_config_get(&cfg, "db", ""), "/tmp/x.db");
    assert_string_equal(nb_config_get(&cfg, "listen", ""), "127.0.0.1:9000");
    assert_string_equal(nb_config_get(&cfg, "threads", "4"), "4");
    /* The environment overrides the file. */
    setenv("NOABER_DB", "/tmp/env.db", 1);
    assert_int_equal(nb_config_load(&cfg, path, &err), 0);
    assert_string_equal(nb_config_get(&cfg, "db", ""), "/tmp/env.db");
    unsetenv("NOABER_DB");
    /* Unknown keys and malformed lines are errors with a line number. */
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("db = a\ncolour = blue\n", f);
    fclose(f);
    assert_int_equal(nb_config_load(&cfg, path, &err), NB_EPARSE);
    assert_non_null(strstr(err.msg, ":2:"));
    f = fopen(path, "w");
    fputs("just words\n", f);
    fclose(f);
    assert_int_equal(nb_config_load(&cfg, path, &err), NB_EPARSE);
    assert_non_null(strstr(err.msg, ":1:"));
    unlink(path);
    /* A named file that does not exist is an error. */
    assert_int_equal(nb_config_load(&cfg, "/nonexistent/noaber.conf", &err), NB_EIO);
}

static void test_err(void **state)
{
    (void)state;
    nb_err err;
    assert_int_equal(nb_err_set(&err, NB_ELIMIT, "over by %d", 7), NB_ELIMIT);
    assert_string_equal(err.msg, "over by 7");
    assert_int_equal(nb_err_set(NULL, NB_EINVAL, "x"), NB_EINVAL);
    /* A reason wrapped in a wider one: err->msg is also an argument. */
    assert_int_equal(nb_err_set(&err, NB_EDB, "copying %s: %s (%s)", "people", err.msg, err.msg),
                     NB_EDB);
    assert_string_equal(err.msg, "copying people: over by 7 (over by 7)");
    assert_string_equal(nb_err_name(NB_ENOTFOUND), "not found");
    assert_string_equal(nb_err_name(12345), "unknown error");
}

/* A message with control characters stays on one line (issue 7, C.5: %0A in a path). */
static void test_log_escapes_control_characters(void **state)
{
    (void)state;
    char path[] = "/tmp/noaber-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    dup2(fd, 2);
    nb_log_set_level(NB_LOG_INFO);
    nb_log_info("GET %s %d", "/api/v1/x\n2026-01-01T00:00:00Z noaber error: forged\r\x1b[2J", 404);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char buf[512];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    unlink(path);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_non_null(strstr(
        buf, "GET /api/v1/x\\x0a2026-01-01T00:00:00Z noaber error: forged\\x0d\\x1b[2J 404"));
    assert_ptr_equal(strchr(buf, '\n'), buf + n - 1); /* exactly one line */
}

static void test_hex_digit(void **state)
{
    (void)state;
    assert_int_equal(nb_hex_digit('0'), 0);
    assert_int_equal(nb_hex_digit('9'), 9);
    assert_int_equal(nb_hex_digit('a'), 10);
    assert_int_equal(nb_hex_digit('f'), 15);
    assert_int_equal(nb_hex_digit('A'), 10);
    assert_int_equal(nb_hex_digit('F'), 15);
    assert_int_equal(nb_hex_digit('g'), -1);
    assert_int_equal(nb_hex_digit('G'), -1);
    assert_int_equal(nb_hex_digit('/'), -1); /* just below '0' */
    assert_int_equal(nb_hex_digit(':'), -1); /* just above '9' */
    assert_int_equal(nb_hex_digit('@'), -1); /* just below 'A' */
    assert_int_equal(nb_hex_digit('`'), -1); /* just below 'a' */
    assert_int_equal(nb_hex_digit('\0'), -1);
    assert_int_equal(nb_hex_digit((char)0xC3), -1);
}

/* Unix time of a UTC wall-clock moment. */
static int64_t utc_at(int y, int m, int d, int hh, int mm)
{
    return (int64_t)nb_date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

/* DOMAIN.md rule 10: every day boundary is a day in Europe/Amsterdam. The
 * edges: midnight in winter (23:00 UTC) and summer (22:00 UTC), and the two
 * DST changes of 2026 (29 March and 25 October, 01:00 UTC). */
static void test_date_amsterdam(void **state)
{
    (void)state;
    static const struct {
        int y, m, d, hh, mm; /* UTC */
        int offset;          /* seconds */
        int ly, lm, ld;      /* the Amsterdam day */
    } cases[] = {
        {2026, 1, 15, 22, 59, 3600, 2026, 1, 15}, /* 23:59 CET */
        {2026, 1, 15, 23, 0, 3600, 2026, 1, 16},  /* 00:00 CET: the next day */
        {2026, 7, 15, 21, 59, 7200, 2026, 7, 15}, /* 23:59 CEST */
        {2026, 7, 15, 22, 0, 7200, 2026, 7, 16},  /* 00:00 CEST */
        {2026, 3, 28, 22, 59, 3600, 2026, 3, 28}, /* the night before summer time */
        {2026, 3, 28, 23, 0, 3600, 2026, 3, 29},
        {2026, 3, 29, 0, 59, 3600, 2026, 3, 29}, /* 01:59 CET */
        {2026, 3, 29, 1, 0, 7200, 2026, 3, 29},  /* 03:00 CEST */
        {2026, 3, 29, 21, 59, 7200, 2026, 3, 29},
        {2026, 3, 29, 22, 0, 7200, 2026, 3, 30}, /* the first summer midnight */
        {2026, 10, 24, 21, 59, 7200, 2026, 10, 24},
        {2026, 10, 24, 22, 0, 7200, 2026, 10, 25}, /* the last summer midnight */
        {2026, 10, 25, 0, 59, 7200, 2026, 10, 25}, /* 02:59 CEST */
        {2026, 10, 25, 1, 0, 3600, 2026, 10, 25},  /* 02:00 CET again */
        {2026, 10, 25, 22, 59, 3600, 2026, 10, 25},
        {2026, 10, 25, 23, 0, 3600, 2026, 10, 26}, /* the first winter midnight */
        {2026, 12, 31, 23, 0, 3600, 2027, 1, 1},   /* new year comes an hour early */
        {1969, 12, 31, 23, 30, 3600, 1970, 1, 1},  /* before the epoch: floor division */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = utc_at(cases[i].y, cases[i].m, cases[i].d, cases[i].hh, cases[i].mm);
        if (nb_date_amsterdam_offset(t) != cases[i].offset ||
            nb_date_amsterdam_day(t) != nb_date_from_ymd(cases[i].ly, cases[i].lm, cases[i].ld))
            fail_msg("case %zu: %04d-%02d-%02d %02d:%02d UTC", i, cases[i].y, cases[i].m,
                     cases[i].d, cases[i].hh, cases[i].mm);
    }
    /* Midnight: 23:00 UTC the day before in winter, 22:00 in summer, and on
     * both DST days the side the change has not happened on yet. */
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 1, 16)),
                     utc_at(2026, 1, 15, 23, 0));
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 7, 16)),
                     utc_at(2026, 7, 15, 22, 0));
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 3, 29)),
                     utc_at(2026, 3, 28, 23, 0));
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 3, 30)),
                     utc_at(2026, 3, 29, 22, 0));
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 10, 25)),
                     utc_at(2026, 10, 24, 22, 0));
    assert_int_equal(nb_date_amsterdam_midnight(nb_date_from_ymd(2026, 10, 26)),
                     utc_at(2026, 10, 25, 23, 0));
    /* Every day of 2025..2027: its midnight is its first second. */
    for (int32_t d = nb_date_from_ymd(2025, 1, 1); d <= nb_date_from_ymd(2027, 12, 31); d++) {
        int64_t t = nb_date_amsterdam_midnight(d);
        assert_int_equal(nb_date_amsterdam_day(t), d);
        assert_int_equal(nb_date_amsterdam_day(t - 1), d - 1);
    }
    /* Today is the Amsterdam day of the clock (a UTC day before the fix: it
     * differs every evening from 22:00/23:00 UTC, so compare with the rule). */
    int64_t before = (int64_t)time(NULL);
    int32_t today = nb_date_today();
    int64_t after = (int64_t)time(NULL);
    assert_true(today == nb_date_amsterdam_day(before) || today == nb_date_amsterdam_day(after));
}

/* Issue 14: nb_time_iso and nb_date_format write their digits by hand (no
 * gmtime_r/strftime/snprintf per statement line); the text must be what
 * strftime gives, across the whole range and at its clamped ends. */
static void test_time_iso_as_strftime(void **state)
{
    (void)state;
    const int64_t step = 86400 * 7 + 3601 * 5 + 17; /* walks every hour, minute and weekday */
    for (int64_t ts = NB_TIME_ISO_MIN; ts <= NB_TIME_ISO_MAX; ts += step) {
        for (int64_t k = 0; k < 3; k++) {
            int64_t t = ts + k * 59;
            if (t > NB_TIME_ISO_MAX)
                break;
            char mine[21], ref[21];
            time_t tt = (time_t)t;
            struct tm tm;
            assert_non_null(gmtime_r(&tt, &tm));
            assert_true(strftime(ref, sizeof ref, "%Y-%m-%dT%H:%M:%SZ", &tm) == 20);
            nb_time_iso(t, mine);
            assert_string_equal(mine, ref);
        }
    }
    char out[21];
    nb_time_iso(NB_TIME_ISO_MIN - 1, out);
    assert_string_equal(out, "1000-01-01T00:00:00Z");
    nb_time_iso(NB_TIME_ISO_MAX + 1, out);
    assert_string_equal(out, "9999-12-31T23:59:59Z");
    nb_time_iso(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    nb_time_iso(-1, out);
    assert_string_equal(out, "1969-12-31T23:59:59Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_roundtrip),
        cmocka_unit_test(test_date_rejects),
        cmocka_unit_test(test_date_months),
        cmocka_unit_test(test_time_iso_as_strftime),
        cmocka_unit_test(test_date_amsterdam),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_err),
        cmocka_unit_test(test_log_escapes_control_characters),
        cmocka_unit_test(test_hex_digit),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
