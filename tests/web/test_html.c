/*
 * tests/web/test_html.c — the HTML writer with a table of hostile payloads
 * per context (text, attribute, URL, URL component), the form parser and the
 * Dutch formats (web/html.c, web/form.c, web/format.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/date.h"
#include "util/error.h"
#include "web/format.h"
#include "web/html.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct payload {
    const char *in;
    size_t len;       /* 0 = strlen(in) */
    const char *want; /* exact expected output */
} payload;

#define FFFD "\xEF\xBF\xBD"

/* Valid UTF-8 and no character that could leave a text run or a quoted
 * attribute: the property every escaped output must have. */
static void assert_inert(const char *s, size_t n, int is_attr)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        assert_true(c != '<' && c != '>' && c != '"' && c != '\'' && c != '\0');
        if (is_attr)
            assert_true(c != '`' && c != '=');
        if (c == '&') /* only as the start of one of our references */
            assert_true(strncmp(s + i, "&amp;", 5) == 0 || strncmp(s + i, "&lt;", 4) == 0 ||
                        strncmp(s + i, "&gt;", 4) == 0 || strncmp(s + i, "&quot;", 6) == 0 ||
                        strncmp(s + i, "&#39;", 5) == 0 || strncmp(s + i, "&#96;", 5) == 0 ||
                        strncmp(s + i, "&#61;", 5) == 0);
        size_t len = nb_html_utf8_len((const unsigned char *)s + i, n - i);
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
            assert_true(len > 0);
        else
            fail_msg("control byte 0x%02x in output", c);
        i += len ? len : 1;
    }
}

static const payload text_payloads[] = {
    {"<script>alert(1)</script>", 0, "&lt;script&gt;alert(1)&lt;/script&gt;"},
    {"</title><script>x</script>", 0, "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"},
    {"\" onmouseover=\"alert(1)", 0, "&quot; onmouseover&#61;&quot;alert(1)"},
    {"' autofocus onfocus='x", 0, "&#39; autofocus onfocus&#61;&#39;x"},
    {"`x`", 0, "&#96;x&#96;"},
    {"&amp; &lt;", 0, "&amp;amp; &amp;lt;"},
    {"<!-- x -->", 0, "&lt;!-- x --&gt;"},
    {"<img src=x onerror=alert(1)>", 0, "&lt;img src&#61;x onerror&#61;alert(1)&gt;"},
    {"a\0<b>", 5, "a" FFFD "&lt;b&gt;"},                         /* embedded NUL */
    {"\xC3\x28", 0, FFFD "("},                                   /* invalid continuation */
    {"\xC0\xBCscript\xC0\xBE", 0, FFFD FFFD "script" FFFD FFFD}, /* overlong '<' '>' */
    {"\xED\xA0\x80", 0, FFFD FFFD FFFD},                         /* UTF-16 surrogate */
    {"\xF4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD},                /* beyond U+10FFFF */
    {"\xE2\x82", 0, FFFD FFFD},                                  /* truncated */
    {"\xC2\x85", 0, FFFD FFFD},                                  /* C1 control NEL */
    {"\x1B[31m\x7F", 0, FFFD "[31m" FFFD},                       /* ESC, DEL */
    {"tab\tnl\ncr\r", 0, "tab\tnl\ncr\r"},
    {"Coördinator € 𝄞", 0, "Coördinator € 𝄞"},
    {"\xEF\xBB\xBF", 0, "\xEF\xBB\xBF"}, /* BOM is a character */
};

static void run_text_like(void (*fn)(nb_buf *, const char *, size_t), int is_attr)
{
    for (size_t i = 0; i < sizeof text_payloads / sizeof text_payloads[0]; i++) {
        const payload *p = &text_payloads[i];
        nb_buf b = NB_BUF_INIT;
        fn(&b, p->in, p->len ? p->len : strlen(p->in));
        assert_false(b.oom);
        if (strcmp(nb_buf_cstr(&b), p->want) != 0)
            fail_msg("payload %zu: got '%s', want '%s'", i, nb_buf_cstr(&b), p->want);
        assert_inert(nb_buf_cstr(&b), b.len, is_attr);
        nb_buf_free(&b);
    }
    /* A long hostile string: every byte escaped, nothing cut. */
    size_t n = 200000;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = "<\"'&\xff"[i % 5];
    nb_buf b = NB_BUF_INIT;
    fn(&b, big, n);
    assert_false(b.oom);
    assert_int_equal(b.len, n / 5 * (4 + 6 + 5 + 5 + 3));
    assert_inert(b.data, b.len, is_attr);
    nb_buf_free(&b);
    free(big);
}

static void test_text_payloads(void **state)
{
    (void)state;
    run_text_like(nb_html_text_n, 0);
    nb_buf b = NB_BUF_INIT;
    nb_html_text(&b, NULL); /* NULL writes nothing */
    nb_html_text(&b, "a<b");
    nb_html_textf(&b, "%s=%d", "<x>", 5);
    assert_string_equal(nb_buf_cstr(&b), "a&lt;b&lt;x&gt;&#61;5");
    nb_buf_free(&b);
}

static void test_attr_payloads(void **state)
{
    (void)state;
    run_text_like(nb_html_attr_n, 1);
}

static const payload url_payloads[] = {
    {"javascript:alert(1)", 0, "#"},
    {"JaVaScRiPt:alert(1)", 0, "#"},
    {" javascript:alert(1)", 0, "#"},
    {"\tjavascript:alert(1)", 0, "#"},
    {"java\tscript:alert(1)", 0, "#"},
    {"java\0script:alert(1)", 20, "#"},
    {"javascript&colon;alert(1)", 0, "#"},
    {"data:text/html,<script>alert(1)</script>", 0, "#"},
    {"vbscript:msgbox", 0, "#"},
    {"//evil.example/", 0, "#"},
    {"/\\evil.example/", 0, "#"},
    {"\\\\evil.example", 0, "#"},
    {"http:evil.example", 0, "#"},
    {"ftp://example.org/", 0, "#"},
    {"netwerk", 0, "#"},
    {"", 0, "#"},
    {"/netwerk", 0, "/netwerk"},
    {"/netwerk?a=1&b=2#top", 0, "/netwerk?a=1&amp;b=2#top"},
    {"/zoek?q=\"><script>alert(1)</script>", 0, "/zoek?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"},
    {"/a'b`c d", 0, "/a%27b%60c%20d"},
    {"/ü\xff", 0, "/%C3%BC%FF"},
    {"/a\0b", 4, "/a%00b"},
    {"#inhoud", 0, "#inhoud"},
    {"?pagina=2", 0, "?pagina=2"},
    {"https://example.org/x y", 0, "https://example.org/x%20y"},
    {"HTTP://example.org/", 0, "HTTP://example.org/"},
    {"mailto:mt@example.org", 0, "mailto:mt@example.org"},
};

static void test_url_payloads(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof url_payloads / sizeof url_payloads[0]; i++) {
        const payload *p = &url_payloads[i];
        nb_buf b = NB_BUF_INIT;
        int replaced = nb_html_url_n(&b, p->in, p->len ? p->len : strlen(p->in));
        if (strcmp(nb_buf_cstr(&b), p->want) != 0)
            fail_msg("url payload %zu: got '%s', want '%s'", i, nb_buf_cstr(&b), p->want);
        assert_int_equal(replaced, strcmp(p->want, "#") == 0 && p->in[0] != '#');
        const char *s = nb_buf_cstr(&b);
        for (size_t k = 0; k < b.len; k++) /* URL characters only, and no quote */
            assert_true(s[k] > 0x20 && s[k] < 0x7F && s[k] != '"' && s[k] != '\'' && s[k] != '<' &&
                        s[k] != '>' && s[k] != '`' && s[k] != '\\');
        nb_buf_free(&b);
    }
    nb_buf b = NB_BUF_INIT;
    assert_int_equal(nb_html_url(&b, NULL), 1);
    assert_string_equal(nb_buf_cstr(&b), "#");
    nb_buf_free(&b);
    /* long */
    size_t n = 100000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    big[0] = '/';
    memset(big + 1, '"', n - 1);
    big[n] = '\0';
    nb_buf c = NB_BUF_INIT;
    assert_int_equal(nb_html_url(&c, big), 0);
    assert_int_equal(c.len, 1 + (n - 1) * 3);
    nb_buf_free(&c);
    free(big);
}

static void test_url_component(void **state)
{
    (void)state;
    nb_buf b = NB_BUF_INIT;
    nb_html_url_component(&b, "a b/c?d&e=f#\"<>'javascript:x");
    assert_string_equal(nb_buf_cstr(&b), "a%20b%2Fc%3Fd%26e%3Df%23%22%3C%3E%27javascript%3Ax");
    nb_buf_reset(&b);
    nb_html_url_component(&b, "Ünïcode-._~");
    assert_string_equal(nb_buf_cstr(&b), "%C3%9Cn%C3%AFcode-._~");
    nb_buf_reset(&b);
    nb_html_int(&b, INT64_MIN);
    assert_string_equal(nb_buf_cstr(&b), "-9223372036854775808");
    nb_buf_free(&b);
}

/* ---- Form bodies ----------------------------------------------------------- */

static void test_form_parse(void **state)
{
    (void)state;
    nb_web_form f;
    const char *why = NULL;
    const char *body = "gebruikersnaam=J.+de+Vries&wachtwoord=%C3%A9%21%26%3D&leeg=&tekst=a%0D%0Ab";
    assert_int_equal(nb_web_form_parse(body, strlen(body), &f, &why), 0);
    assert_int_equal(f.count, 4);
    assert_string_equal(nb_web_form_get(&f, "gebruikersnaam"), "J. de Vries");
    assert_string_equal(nb_web_form_get(&f, "wachtwoord"), "é!&=");
    assert_string_equal(nb_web_form_get(&f, "leeg"), "");
    assert_string_equal(nb_web_form_get(&f, "tekst"), "a\r\nb");
    assert_null(nb_web_form_get(&f, "anders"));
    nb_web_form_free(&f);

    assert_int_equal(nb_web_form_parse("", 0, &f, &why), 0);
    assert_int_equal(f.count, 0);
    nb_web_form_free(&f);

    static const char *const bad[] = {
        "a",           /* no '=' */
        "=1",          /* no name */
        "a=1&",        /* empty field at the end */
        "a=1&&b=2",    /* empty field */
        "a=%zz",       /* not hex */
        "a=%4",        /* cut escape */
        "a=%",         /* cut escape */
        "a=1&a=2",     /* twice */
        "a=%00",       /* NUL */
        "a=%1B",       /* control character */
        "a%0A=1",      /* line feed in a name */
        "a=%C3%28",    /* invalid UTF-8 */
        "a=%C0%BC",    /* overlong '<' */
        "a=%ED%A0%80", /* surrogate */
        "a=\xff",      /* raw invalid byte */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        if (nb_web_form_parse(bad[i], strlen(bad[i]), &f, &why) != NB_EINVAL)
            fail_msg("form '%s' was not refused", bad[i]);
        assert_non_null(why);
        assert_null(f.storage);
    }
    assert_int_equal(nb_web_form_parse("a=1\0b=2", 7, &f, &why), NB_EINVAL); /* raw NUL */

    /* size and field count limits */
    char *big = malloc(NB_WEB_FORM_MAX + 2);
    assert_non_null(big);
    memcpy(big, "a=", 2);
    memset(big + 2, 'x', NB_WEB_FORM_MAX - 2);
    assert_int_equal(nb_web_form_parse(big, NB_WEB_FORM_MAX, &f, &why), 0);
    assert_int_equal(strlen(nb_web_form_get(&f, "a")), NB_WEB_FORM_MAX - 2);
    nb_web_form_free(&f);
    big[NB_WEB_FORM_MAX] = 'x';
    assert_int_equal(nb_web_form_parse(big, NB_WEB_FORM_MAX + 1, &f, &why), NB_ELIMIT);
    free(big);
    nb_buf many = NB_BUF_INIT;
    for (int i = 0; i <= NB_WEB_FORM_FIELDS; i++)
        nb_buf_printf(&many, "%sv%d=1", i ? "&" : "", i);
    assert_int_equal(nb_web_form_parse(many.data, many.len - 6, &f, &why), 0); /* 64 fields */
    assert_int_equal(f.count, NB_WEB_FORM_FIELDS);
    nb_web_form_free(&f);
    assert_int_equal(nb_web_form_parse(many.data, many.len, &f, &why), NB_ELIMIT); /* 65 */
    nb_buf_free(&many);
}

/* ---- Dutch formats ---------------------------------------------------------- */

static void test_formats(void **state)
{
    (void)state;
    char out[NB_WEB_FMT_LEN];
    assert_int_equal(nb_web_fmt_date("2026-11-27", out), 0);
    assert_string_equal(out, "27 november 2026");
    assert_int_equal(nb_web_fmt_date("2027-01-01", out), 0);
    assert_string_equal(out, "1 januari 2027");
    assert_int_equal(nb_web_fmt_date("2026-02-30", out), NB_EINVAL);

    static const struct {
        int64_t v;
        int d;
        const char *want;
    } dec[] = {
        {12345, 2, "123,45"},
        {4500, 3, "4,5"},
        {-1234567, 0, "-1.234.567"},
        {0, 2, "0"},
        {100000, 2, "1.000"},
        {-5, 2, "-0,05"},
        {INT64_MIN, 0, "-9.223.372.036.854.775.808"},
        {999, 0, "999"},
        {1000, 0, "1.000"},
    };
    for (size_t i = 0; i < sizeof dec / sizeof dec[0]; i++) {
        nb_web_fmt_decimal(dec[i].v, dec[i].d, out);
        assert_string_equal(out, dec[i].want);
    }
    static const struct {
        int64_t min;
        const char *want;
    } hours[] = {
        {270, "4,5 uur"},
        {60, "1 uur"},
        {20, "0,33 uur"},
        {-90, "-1,5 uur"},
        {0, "0 uur"},
        {1, "0,02 uur"},
        {61, "1,02 uur"},
        {89, "1,48 uur"},
        {-1, "-0,02 uur"},
        {60 * 1234 + 30, "1.234,5 uur"},
        {INT64_MIN, "-153.722.867.280.912.930,13 uur"},
    };
    for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++) {
        nb_web_fmt_hours(hours[i].min, out);
        if (strcmp(out, hours[i].want) != 0)
            fail_msg("%lld minutes: got '%s', want '%s'", (long long)hours[i].min, out,
                     hours[i].want);
    }
}

/* Seconds since the epoch of a UTC date and time. */
static time_t utc(int y, int m, int d, int hh, int mm)
{
    return (time_t)((int64_t)nb_date_from_ymd(y, m, d) * 86400 + hh * 3600 + mm * 60);
}

static void test_amsterdam_day(void **state)
{
    (void)state;
    static const struct {
        int y, m, d, hh, mm;
        int ly, lm, ld; /* the day in Amsterdam */
    } cases[] = {
        {2026, 11, 27, 22, 59, 2026, 11, 27}, /* CET: 23:59 */
        {2026, 11, 27, 23, 0, 2026, 11, 28},  /* CET: 00:00 the next day */
        {2026, 6, 30, 21, 59, 2026, 6, 30},   /* CEST: 23:59 */
        {2026, 6, 30, 22, 0, 2026, 7, 1},     /* CEST: 00:00 */
        {2026, 12, 31, 23, 30, 2027, 1, 1},   /* new year */
        {2026, 3, 28, 23, 30, 2026, 3, 29},   /* night before summer time (CET) */
        {2026, 3, 29, 0, 59, 2026, 3, 29},    /* 01:59 CET, just before the change */
        {2026, 3, 29, 22, 30, 2026, 3, 30},   /* CEST from 01:00 UTC on */
        {2026, 10, 24, 22, 30, 2026, 10, 25}, /* still CEST */
        {2026, 10, 25, 0, 59, 2026, 10, 25},  /* 02:59 CEST */
        {2026, 10, 25, 22, 30, 2026, 10, 25}, /* CET again: 23:30 */
        {2024, 3, 30, 23, 0, 2024, 3, 31},    /* another year: last Sunday 31 March */
        {2024, 3, 31, 22, 0, 2024, 4, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t got =
            nb_web_amsterdam_day(utc(cases[i].y, cases[i].m, cases[i].d, cases[i].hh, cases[i].mm));
        int32_t want = nb_date_from_ymd(cases[i].ly, cases[i].lm, cases[i].ld);
        if (got != want)
            fail_msg("case %zu: got day %d, want %d", i, (int)got, (int)want);
    }
    /* Every hour of 2026: the Amsterdam day is the UTC day or the next one,
     * and it never goes back. */
    int32_t prev = nb_web_amsterdam_day(utc(2026, 1, 1, 0, 0));
    for (time_t t = utc(2026, 1, 1, 0, 0); t < utc(2027, 1, 1, 0, 0); t += 3600) {
        int32_t d = nb_web_amsterdam_day(t);
        int32_t u = (int32_t)(t / 86400);
        assert_true(d == u || d == u + 1);
        assert_true(d >= prev);
        prev = d;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_payloads), cmocka_unit_test(test_attr_payloads),
        cmocka_unit_test(test_url_payloads),  cmocka_unit_test(test_url_component),
        cmocka_unit_test(test_form_parse),    cmocka_unit_test(test_formats),
        cmocka_unit_test(test_amsterdam_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
