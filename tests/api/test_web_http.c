/*
 * tests/api/test_web_http.c — the pages over real HTTP (issue 8): every path
 * outside /api/ is answered from the page table with HTML, the page CSP and
 * the security headers; errors are Dutch HTML pages there and problem+json
 * under /api/; stylesheets are immutable with a content hash; form bodies
 * are checked before and after reading; POST-redirect-GET carries a flash
 * message once; an organisation named like a script is shown escaped. In the
 * api suite, so the page code also runs under ASan and valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer;
static nb_t_web lezer; /* a logged-in lezer of the network (organisation 1) */

#define PAGE_CSP                                                   \
    "default-src 'none'; style-src 'self'; img-src 'self' data:; " \
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    nb_t_create(&srv, "/api/v1/organisaties", beheer,
                "{\"code\":\"GM0505\",\"soort\":\"gemeente\","
                "\"naam\":\"<script>alert(1)</script>\",\"kredietlijnMinuten\":270}");
    return nb_t_web_session(&srv, "lezer", "lezer", 1, 0, &lezer);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

static void get(nb_t_resp *r, const char *path, const char *const *headers)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(nb_t_req_h(&srv, "GET", path, NULL, NULL, headers, r), 0);
}

static void post_form(nb_t_resp *r, const char *path, const char *body)
{
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    memset(r, 0, sizeof *r);
    assert_int_equal(nb_t_req_h(&srv, "POST", path, NULL, body, form, r), 0);
}

static void assert_html_page(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %s", r->status, status, r->body);
    assert_string_equal(nb_t_header(r, "Content-Type"), "text/html; charset=utf-8");
    assert_string_equal(nb_t_header(r, "Content-Security-Policy"), PAGE_CSP);
    assert_string_equal(nb_t_header(r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(nb_t_header(r, "X-Frame-Options"), "DENY");
    assert_string_equal(nb_t_header(r, "Cache-Control"), "no-store");
    assert_null(nb_t_header(r, "API-Version"));
    assert_non_null(strstr(r->body, "<html lang=\"nl\""));
    assert_non_null(strstr(r->body, "<main id=\"inhoud\""));
}

static void test_public_pages(void **state)
{
    (void)state;
    static const char *const paths[] = {"/", "/inloggen", "/toegankelijkheidsverklaring",
                                        "/privacyverklaring"};
    nb_t_resp r;
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        get(&r, paths[i], NULL);
        assert_html_page(&r, 200);
        nb_t_resp_free(&r);
    }
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "HEAD", "/privacyverklaring", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    nb_t_resp_free(&r);
    /* the network is for logged-in roles: anonymous visitors go to the login form */
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "HEAD", "/netwerk", NULL, NULL, &r), 0);
    assert_int_equal(r.status, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
}

static void test_errors_html_for_pages_problem_for_api(void **state)
{
    (void)state;
    nb_t_resp r;
    get(&r, "/bestaat-niet/%3Cscript%3Ealert(1)%3C%2Fscript%3E", NULL);
    assert_html_page(&r, 404);
    assert_non_null(strstr(r.body, "Pagina niet gevonden"));
    assert_null(strstr(r.body, "<script>"));
    nb_t_resp_free(&r);
    get(&r, "/api/v1/bestaat-niet", NULL);
    assert_int_equal(r.status, 404);
    assert_string_equal(nb_t_header(&r, "Content-Type"), "application/problem+json");
    nb_t_resp_free(&r);
    get(&r, "/api", NULL); /* /api itself stays the API */
    assert_int_equal(r.status, 404);
    assert_string_equal(nb_t_header(&r, "Content-Type"), "application/problem+json");
    nb_t_resp_free(&r);
    post_form(&r, "/netwerk", "a=1");
    assert_html_page(&r, 405);
    assert_string_equal(nb_t_header(&r, "Allow"), "GET");
    nb_t_resp_free(&r);
    /* a body on a GET page */
    memset(&r, 0, sizeof r);
    static const char *const form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", "/", NULL, "a=1", form, &r), 0);
    assert_html_page(&r, 400);
    nb_t_resp_free(&r);
}

static void test_static_immutable(void **state)
{
    (void)state;
    nb_t_resp r;
    get(&r, "/", NULL);
    const char *at = r.body;
    int links = 0;
    while ((at = strstr(at, "<link rel=\"stylesheet\" href=\"")) != NULL) {
        at += strlen("<link rel=\"stylesheet\" href=\"");
        char path[128];
        size_t n = strcspn(at, "\"");
        assert_true(n < sizeof path);
        memcpy(path, at, n);
        path[n] = '\0';
        nb_t_resp css;
        get(&css, path, NULL);
        assert_int_equal(css.status, 200);
        assert_string_equal(nb_t_header(&css, "Content-Type"), "text/css; charset=utf-8");
        assert_string_equal(nb_t_header(&css, "Cache-Control"),
                            "public, max-age=31536000, immutable");
        assert_true(strlen(css.body) > 100);
        nb_t_resp_free(&css);
        links++;
    }
    assert_int_equal(links, 3);
    nb_t_resp_free(&r);
    get(&r, "/static/utrecht.0000000000000000.css", NULL);
    assert_html_page(&r, 404);
    nb_t_resp_free(&r);
}

static void test_forms(void **state)
{
    (void)state;
    nb_t_resp r;
    /* wrong media type: refused before the body is read */
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "POST", "/inloggen", NULL, "{\"a\":1}", &r), 0);
    assert_html_page(&r, 415);
    nb_t_resp_free(&r);
    /* malformed form */
    post_form(&r, "/inloggen", "gebruikersnaam=%zz");
    assert_html_page(&r, 400);
    nb_t_resp_free(&r);
    /* too big */
    size_t n = 16 * 1024 + 1;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    memcpy(big, "a=", 2);
    big[n] = '\0';
    post_form(&r, "/inloggen", big);
    assert_html_page(&r, 413);
    nb_t_resp_free(&r);
    free(big);
    /* errors next to the fields and in the summary; what was typed stays */
    post_form(&r, "/inloggen", "gebruikersnaam=%22%3E%3Cb%3Ejan&wachtwoord=");
    assert_html_page(&r, 422);
    assert_non_null(strstr(r.body, "href=\"#wachtwoord\">Vul uw wachtwoord in.</a>"));
    assert_non_null(strstr(r.body, "id=\"wachtwoord-fout\""));
    assert_non_null(strstr(r.body, "value=\"&quot;&gt;&lt;b&gt;jan\""));
    assert_null(strstr(r.body, "<b>jan"));
    nb_t_resp_free(&r);
    /* POST-redirect-GET with a flash message, shown once: logging out */
    nb_t_web me;
    assert_int_equal(nb_t_web_session(&srv, "lezer-prg", "lezer", 1, 0, &me), 0);
    memset(&r, 0, sizeof r);
    nb_t_page(&srv, &me, "POST", "/uitloggen", "x=1", &r);
    assert_int_equal(r.status, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    const char *cookie = strstr(r.headers, "noaber-melding=");
    assert_non_null(cookie);
    char jar[128];
    snprintf(jar, sizeof jar, "Cookie: %.*s", (int)strcspn(cookie, ";"), cookie);
    nb_t_resp_free(&r);
    const char *const with_cookie[] = {jar, NULL};
    get(&r, "/inloggen", with_cookie);
    assert_html_page(&r, 200);
    assert_non_null(strstr(r.body, "U bent uitgelogd."));
    assert_non_null(strstr(nb_t_header(&r, "Set-Cookie"), "Max-Age=0"));
    nb_t_resp_free(&r);
    const char *const forged[] = {"Cookie: noaber-melding=<script>", NULL};
    get(&r, "/inloggen", forged);
    assert_html_page(&r, 200);
    assert_null(strstr(r.body, "<script>"));
    assert_null(strstr(r.body, "U bent uitgelogd."));
    nb_t_resp_free(&r);
}

static void test_network_escapes_names(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_page(&srv, &lezer, "GET", "/netwerk", NULL, &r);
    assert_html_page(&r, 200);
    assert_null(strstr(r.body, "<script>"));
    assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(r.body, "4,5 uur")); /* the credit line, in the table */
    assert_non_null(strstr(r.body, "<svg "));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_pages),
        cmocka_unit_test(test_errors_html_for_pages_problem_for_api),
        cmocka_unit_test(test_static_immutable),
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_network_escapes_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
