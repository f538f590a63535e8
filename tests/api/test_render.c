/*
 * tests/api/test_render.c — small rendering helpers of src/api that need no
 * server: nb_api_iso_time writes a terminated "YYYY-MM-DDTHH:MM:SSZ" for every
 * int64_t, also past the year 9999 (clang-tidy cert-err33-c finding: the
 * unchecked strftime left the buffer unterminated there).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/api.h"

#include <string.h>

/* Renders ts into a buffer that has no NUL of its own, with a guard byte after it. */
static void iso(int64_t ts, const char *want)
{
    char buf[22];
    memset(buf, 'X', sizeof buf);
    nb_api_iso_time(ts, buf);
    assert_int_equal(buf[21], 'X');
    assert_non_null(memchr(buf, '\0', 21));
    assert_string_equal(buf, want);
}

static void test_iso_time_in_range(void **state)
{
    iso(0, "1970-01-01T00:00:00Z");
    iso(1700000000, "2023-11-14T22:13:20Z");
    iso(NB_API_ISO_TIME_MAX, "9999-12-31T23:59:59Z");
    iso(NB_API_ISO_TIME_MIN, "1000-01-01T00:00:00Z");
}

static void test_iso_time_out_of_range_is_clamped(void **state)
{
    iso(NB_API_ISO_TIME_MAX + 1, "9999-12-31T23:59:59Z"); /* 10000-01-01: 21 characters */
    iso(INT64_MAX, "9999-12-31T23:59:59Z");               /* gmtime_r fails */
    iso(NB_API_ISO_TIME_MIN - 1, "1000-01-01T00:00:00Z");
    iso(INT64_MIN, "1000-01-01T00:00:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iso_time_in_range),
        cmocka_unit_test(test_iso_time_out_of_range_is_clamped),
    };
    return cmocka_run_group_tests_name("api-render", tests, NULL, NULL);
}
