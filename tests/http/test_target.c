/*
 * tests/http/test_target.c — nb_target_check on raw request-targets: what
 * libmicrohttpd's unescaping would hide (%00, %0A, bytes that are not UTF-8)
 * is refused; ordinary paths and queries pass (issue 7, C.5).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/target.h"

#include <string.h>

static int check(const char *raw)
{
    const char *why = NULL;
    int rc = nb_target_check(raw, strlen(raw), &why);
    if (rc != 0)
        assert_non_null(why);
    return rc;
}

static void test_accepts_ordinary_targets(void **state)
{
    (void)state;
    const char *ok[] = {
        "/api/v1/organisaties",       "/api/v1/organisaties/12?pagina=2&paginaGrootte=50",
        "/api/v1/caf%C3%A9",          /* é */
        "/api/v1/x?naam=%E2%82%AC+5", /* € */
        "/api/v1/%F0%9F%98%80",       /* 4-byte sequence */
        "/api/v1/a%2Fb?x=%3F%26",     "/",
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_int_equal(check(ok[i]), 0);
}

static void test_refuses_hidden_bytes(void **state)
{
    (void)state;
    const char *bad[] = {
        "/api/v1/organisaties/1%00xyz", /* NUL would cut the path */
        "/api/v1/x%0Aforged",           /* newline: a forged log line */
        "/api/v1/x%0d",
        "/api/v1/x%7F",
        "/api/v1/x?q=%00",
        "/api/v1/x?q=a\tb",         /* raw control character */
        "/api/v1/%FF",              /* not UTF-8 */
        "/api/v1/%C3%28",           /* bad continuation */
        "/api/v1/%C0%AF",           /* overlong '/' */
        "/api/v1/%ED%A0%80",        /* surrogate */
        "/api/v1/%F4%90%80%80",     /* above U+10FFFF */
        "/api/v1/%E2%82",           /* cut short at the end */
        "/api/v1/%E2%82?x=1",       /* cut short before the query */
        "/api/v1/x?naam=%C3&x=%A9", /* split by '&' */
        "/api/v1/%4",               /* short escape */
        "/api/v1/%zz",
        "/api/v1/%",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (check(bad[i]) == 0)
            fail_msg("accepted: %s", bad[i]);
    }
    /* Only len bytes are read: a NUL byte inside the length is refused too. */
    const char *why = NULL;
    assert_int_equal(nb_target_check("/a\0b", 4, &why), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_ordinary_targets),
        cmocka_unit_test(test_refuses_hidden_bytes),
    };
    return cmocka_run_group_tests_name("http-target", tests, NULL, NULL);
}
