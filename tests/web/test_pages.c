/*
 * tests/web/test_pages.c — the page table (default deny, every page names
 * its roles), page lookup, the layout's landmarks and navigation per role,
 * form helpers, POST-redirect-GET and the HTML error page (src/web).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/html.h"
#include "web/pages.h"
#include "web/layout.h"
#include "web/static.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nb_dummy(nb_web_req *w, nb_resp *resp)
{
    (void)w;
    (void)resp;
    return 0;
}

/* Every row of the real table names its roles, a title, a handler; paths are
 * page paths; no method+path twice. */
static void test_every_page_names_its_roles(void **state)
{
    (void)state;
    assert_true(nb_web_pages_count > 0);
    for (size_t i = 0; i < nb_web_pages_count; i++) {
        const nb_web_page *p = &nb_web_pages[i];
        if (p->roles == 0)
            fail_msg("page %s %s names no roles", p->method, p->pattern);
        assert_int_equal(p->roles & ~(NB_ROLES_ALL | NB_ROLE_PUBLIC), 0);
        assert_non_null(p->handler);
        assert_non_null(p->title);
        assert_true(strlen(p->title) > 0);
        assert_true(strcmp(p->method, "GET") == 0 || strcmp(p->method, "POST") == 0);
        assert_true(p->pattern[0] == '/');
        assert_false(nb_web_is_api_path(p->pattern));
        for (size_t k = 0; k < i; k++)
            assert_false(strcmp(nb_web_pages[k].method, p->method) == 0 &&
                         strcmp(nb_web_pages[k].pattern, p->pattern) == 0);
    }
}

/* A page without roles cannot be served: the lookup does not find it, not
 * even as "known with another method". */
static void test_page_without_roles_is_never_found(void **state)
{
    (void)state;
    const nb_web_page table[] = {
        {"GET", "/geheim", nb_dummy, 0, "Geheim", 1},
        {"GET", "/open", nb_dummy, NB_ROLE_PUBLIC, "Open", 1},
        {"POST", "/open", nb_dummy, 0, "Open", 0},
    };
    char scratch[64];
    const char *params[NB_MAX_PATH_PARAMS];
    int n = 0, known = 0;
    nb_buf allow = NB_BUF_INIT;
    assert_null(nb_web_page_find(table, 3, "GET", "/geheim", scratch, params, &n, &known, &allow));
    assert_int_equal(known, 0);
    assert_null(nb_web_page_find(table, 3, "POST", "/open", scratch, params, &n, &known, &allow));
    assert_int_equal(known, 1);
    assert_string_equal(nb_buf_cstr(&allow), "GET");
    assert_ptr_equal(nb_web_page_find(table, 3, "GET", "/open", scratch, params, &n, &known, NULL),
                     &table[1]);
    assert_ptr_equal(nb_web_page_find(table, 3, "HEAD", "/open", scratch, params, &n, &known, NULL),
                     &table[1]);
    /* The layout never links to it either. */
    nb_principal who = {.role = NB_ROLE_PUBLIC};
    nb_buf b = NB_BUF_INIT;
    nb_web_layout_begin(&b, &who, NULL, table, 3, NULL, "t", NULL);
    assert_null(strstr(nb_buf_cstr(&b), "/geheim"));
    assert_non_null(strstr(nb_buf_cstr(&b), "href=\"/open\""));
    nb_buf_free(&b);
    nb_buf_free(&allow);
}

static void test_page_find_real_table(void **state)
{
    (void)state;
    char scratch[128];
    const char *params[NB_MAX_PATH_PARAMS];
    int n = 0, known = 0;
    const nb_web_page *p =
        nb_web_page_find(nb_web_pages, nb_web_pages_count, "GET", "/static/utrecht.0123.css",
                         scratch, params, &n, &known, NULL);
    assert_non_null(p);
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "utrecht.0123.css");
    assert_null(nb_web_page_find(nb_web_pages, nb_web_pages_count, "GET", "/static/a/b", scratch,
                                 params, &n, &known, NULL));
    assert_null(nb_web_page_find(nb_web_pages, nb_web_pages_count, "DELETE", "/netwerk", scratch,
                                 params, &n, &known, NULL));
    assert_int_equal(known, 1);
    assert_true(nb_web_is_api_path("/api"));
    assert_true(nb_web_is_api_path("/api/v1/organisaties"));
    assert_false(nb_web_is_api_path("/apiary"));
    assert_false(nb_web_is_api_path("/"));
    assert_false(nb_web_is_api_path("/netwerk/api"));
    /* Stylesheets: named with a content hash, all three embedded. */
    assert_int_equal(nb_web_assets_count, 3);
    for (size_t i = 0; i < nb_web_assets_count; i++) {
        assert_true(nb_web_assets[i].len > 0);
        assert_int_equal(strlen(nb_web_assets[i].file), strlen(nb_web_assets[i].name) + 1 + 16 + 4);
    }
}

/* The frame: lang, theme, skip link first, landmarks, footer links, nav per role. */
static void test_layout(void **state)
{
    (void)state;
    nb_principal anon = {.role = NB_ROLE_PUBLIC};
    nb_buf b = NB_BUF_INIT;
    nb_web_layout_begin(&b, &anon, NULL, nb_web_pages, nb_web_pages_count, "/netwerk",
                        "<script>alert(1)</script>", "Opgeslagen & klaar");
    nb_html_lit(&b, "inhoud");
    nb_web_end(&b);
    const char *s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "<html lang=\"nl\" class=\"utrecht-root voorbeeld-theme\">"));
    assert_null(strstr(s, "<script>"));
    assert_non_null(strstr(s, "<title>&lt;script&gt;alert(1)&lt;/script&gt; — noaber</title>"));
    const char *first_a = strstr(s, "<a ");
    assert_non_null(first_a);
    assert_ptr_equal(first_a, strstr(s, "<a class=\"utrecht-skip-link"));
    assert_non_null(strstr(first_a, "href=\"#inhoud\""));
    assert_non_null(strstr(s, "<main id=\"inhoud\""));
    assert_null(strstr(s, "<nav ")); /* nothing to navigate to before logging in */
    assert_null(strstr(s, "href=\"/netwerk\""));
    assert_non_null(strstr(s, "<header "));
    assert_non_null(strstr(s, "<footer "));
    assert_non_null(strstr(s, "href=\"/toegankelijkheidsverklaring\""));
    assert_non_null(strstr(s, "href=\"/privacyverklaring\""));
    assert_non_null(strstr(s, "href=\"/inloggen\""));
    assert_non_null(strstr(s, "Opgeslagen &amp; klaar"));
    assert_null(strstr(s, " style=")); /* CSP: no inline style */
    for (size_t i = 0; i < nb_web_assets_count; i++) {
        char link[128];
        snprintf(link, sizeof link, "href=\"/static/%s\"", nb_web_assets[i].file);
        assert_non_null(strstr(s, link));
    }
    nb_buf_free(&b);
    /* A logged-in role sees its pages, not the login page (public only). */
    nb_principal mt = {.role = NB_ROLE_BEHEER};
    nb_web_layout_begin(&b, &mt, NULL, nb_web_pages, nb_web_pages_count, "/netwerk", "t", NULL);
    assert_non_null(strstr(nb_buf_cstr(&b), "<nav "));
    assert_non_null(strstr(nb_buf_cstr(&b), "aria-current=\"page\" href=\"/netwerk\""));
    assert_null(strstr(nb_buf_cstr(&b), "href=\"/inloggen\""));
    assert_non_null(strstr(nb_buf_cstr(&b), "href=\"/netwerk\""));
    nb_buf_free(&b);
}

/* The navigation's links of role, in order, as "|/a|/b|" (the hrefs of the
 * nav list). */
static void nav_of(int role, char *out, size_t cap)
{
    nb_principal who = {.role = role};
    nb_buf b = NB_BUF_INIT;
    nb_web_layout_begin(&b, &who, NULL, nb_web_pages, nb_web_pages_count, NULL, "t", NULL);
    const char *s = strstr(nb_buf_cstr(&b), "<nav ");
    assert_non_null(s);
    const char *end = strstr(s, "</nav>");
    size_t n = 0;
    out[n++] = '|';
    for (const char *h = strstr(s, "href=\""); h && h < end; h = strstr(h, "href=\"")) {
        h += 6;
        const char *q = strchr(h, '"');
        assert_true(n + (size_t)(q - h) + 2 < cap);
        memcpy(out + n, h, (size_t)(q - h));
        n += (size_t)(q - h);
        out[n++] = '|';
    }
    out[n] = '\0';
    nb_buf_free(&b);
}

/* Each role's navigation starts at its start page and ends with "Mijn
 * account"; the order in between is its daily work first. */
static void test_nav_order_per_role(void **state)
{
    (void)state;
    static const struct {
        int role;
        const char *nav;
    } want[] = {
        {NB_ROLE_BEHEER, "|/mt|/goedkeuren|/opdrachten|/bundelvoorstellen|/teamvoorstellen|"
                         "/medewerkers|/grootboek|/stortingen|/perioden|/instellingen|/gebruikers|"
                         "/kwetsbaarheid|/leerervaringen|/netwerk|/account|"},
        {NB_ROLE_COORDINATOR, "|/organisatie|/opdrachten|/bundelvoorstellen|/medewerkers|"
                              "/kwetsbaarheid|/leerervaringen|/netwerk|/account|"},
        {NB_ROLE_MEDEWERKER, "|/mijn-inzet|/uren|/goedkeuren|/opdrachten|/bundelvoorstellen|"
                             "/mijn-profiel|/netwerk|/account|"},
        {NB_ROLE_LEZER, "|/overzicht|/opdrachten|/bundelvoorstellen|/kwetsbaarheid|"
                        "/leerervaringen|/netwerk|/account|"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char nav[512], first[64];
        nav_of(want[i].role, nav, sizeof nav);
        snprintf(first, sizeof first, "|%s|", nb_web_start_path(want[i].role));
        if (strncmp(nav, first, strlen(first)) != 0)
            fail_msg("role %d: the navigation %s does not start with its start page %s",
                     want[i].role, nav, first);
        assert_string_equal(nav + strlen(nav) - strlen("|/account|"), "|/account|");
        assert_string_equal(nav, want[i].nav);
    }
}

/* The one table head and data list of the pages: the focusable scrolling
 * region named by the caption, scope="col", numeric alignment, escaping; a
 * table named by a heading; key and value apart in the text. */
/* A page's href for test_pager: "/lijst?q=<ctx escaped>&pagina=n". */
static void pager_href(nb_buf *b, const void *ctx, int64_t n)
{
    nb_html_lit(b, "/lijst?q=");
    nb_html_url_component(b, ctx);
    nb_html_lit(b, "&amp;pagina=");
    nb_html_int(b, n);
}

/* One pager for every list: nothing for one page; the links that exist,
 * with rel and the escaped hrefs the page gives; the label escaped. */
static void test_pager(void **state)
{
    (void)state;
    nb_buf b = NB_BUF_INIT;
    nb_web_pager(&b, "Lijst", 1, 1, pager_href, "x");
    assert_int_equal(b.len, 0);
    nb_web_pager(&b, "Lijst \"<b>\"", 1, 3, pager_href, "a b&c");
    const char *s = nb_buf_cstr(&b);
    assert_non_null(
        strstr(s, "<nav class=\"nb-pager\" aria-label=\"Lijst &quot;&lt;b&gt;&quot;\">"));
    assert_non_null(strstr(s, "Pagina 1 van 3"));
    assert_null(strstr(s, "rel=\"prev\""));
    assert_null(strstr(s, "rel=\"first\""));
    assert_non_null(
        strstr(s, "rel=\"next\" href=\"/lijst?q=a%20b%26c&amp;pagina=2\">Volgende pagina<"));
    assert_non_null(
        strstr(s, "rel=\"last\" href=\"/lijst?q=a%20b%26c&amp;pagina=3\">Laatste pagina<"));
    nb_buf_free(&b);
    nb_web_pager(&b, "Lijst", 2, 2, pager_href, "");
    s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "Pagina 2 van 2"));
    assert_non_null(strstr(s, "rel=\"prev\" href=\"/lijst?q=&amp;pagina=1\">Vorige pagina<"));
    assert_null(strstr(s, "rel=\"first\"")); /* the previous page is the first */
    assert_null(strstr(s, "rel=\"next\""));
    nb_buf_free(&b);
}

static void test_table_and_data_list(void **state)
{
    (void)state;
    nb_buf b = NB_BUF_INIT;
    static const nb_web_col cols[] = {{"Naam <b>", 0, NULL}, {"Uren", 1, "k1"}};
    nb_web_table_open(&b, "t-bijschrift", "Uren & <meer>", "nb-print-full", "nb-grid");
    NB_WEB_TABLE_HEAD(&b, cols);
    nb_web_figure_row(&b, "Saldo", "4,5 uur");
    nb_web_table_close(&b);
    const char *s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "<div class=\"utrecht-table-container "
                              "utrecht-table-container--overflow-inline nb-print-full\" "
                              "tabindex=\"0\" role=\"region\" aria-labelledby=\"t-bijschrift\">"));
    assert_non_null(strstr(s, "<table class=\"utrecht-table utrecht-table--html-table nb-grid\">"));
    assert_non_null(strstr(s, "<caption class=\"utrecht-table__caption\" id=\"t-bijschrift\">"
                              "Uren &amp; &lt;meer&gt;</caption>"));
    assert_non_null(strstr(s, "<th class=\"utrecht-table__header-cell\" scope=\"col\">"
                              "Naam &lt;b&gt;</th>"));
    assert_non_null(strstr(s, "<th class=\"utrecht-table__header-cell "
                              "utrecht-table__header-cell--numeric-column\" scope=\"col\" "
                              "id=\"k1\">Uren</th>"));
    assert_non_null(strstr(s, "</tr></thead>\n<tbody class=\"utrecht-table__body\">"));
    assert_non_null(strstr(s, "scope=\"row\">Saldo</th><td class=\"utrecht-table__cell "
                              "utrecht-table__cell--numeric-column\">4,5 uur</td></tr>"));
    assert_non_null(strstr(s, "</tbody>\n</table>\n</div>\n"));
    nb_buf_free(&b);
    /* named by a heading: no caption, the region and the table labelled by it */
    nb_web_table_open(&b, "g1-2026-W48", NULL, NULL, NULL);
    nb_web_table_head(&b, NULL, 0);
    s = nb_buf_cstr(&b);
    assert_null(strstr(s, "<caption"));
    assert_null(strstr(s, "<thead"));
    assert_non_null(strstr(s, "role=\"region\" aria-labelledby=\"g1-2026-W48\""));
    assert_non_null(strstr(s, "utrecht-table--html-table\" aria-labelledby=\"g1-2026-W48\">"));
    nb_buf_free(&b);
    nb_web_dl_open(&b);
    nb_web_dl_item(&b, "Naam", "<script>");
    nb_web_dl_close(&b);
    s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "<dl class=\"utrecht-data-list utrecht-data-list--rows\">"));
    assert_non_null(strstr(s, "<dt class=\"utrecht-data-list__item-key\">Naam</dt>\n<dd "));
    assert_non_null(strstr(s, "&lt;script&gt;</dd></div>"));
    nb_buf_free(&b);
}

static void test_form_helpers(void **state)
{
    (void)state;
    nb_web_errors errs;
    memset(&errs, 0, sizeof errs);
    nb_buf b = NB_BUF_INIT;
    nb_web_error_summary(&b, &errs);
    assert_int_equal(b.len, 0); /* no errors, no summary */
    nb_web_error_add(&errs, "naam", "Vul een naam in <nu>.");
    nb_web_error_summary(&b, &errs);
    nb_web_form_field(&b, &errs, "naam", "text", "Naam", "Zoals op de website", "\"><script>",
                      "name");
    nb_web_form_field(&b, &errs, "wachtwoord", "password", "Wachtwoord", NULL, "geheim", NULL);
    const char *s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "role=\"alert\""));
    assert_non_null(
        strstr(s, "<a class=\"utrecht-link\" href=\"#naam\">Vul een naam in &lt;nu&gt;.</a>"));
    assert_non_null(strstr(s, "<label class=\"utrecht-form-label\" for=\"naam\">Naam</label>"));
    assert_non_null(strstr(s, "id=\"naam-fout\""));
    assert_non_null(strstr(s, "aria-describedby=\"naam-uitleg naam-fout\""));
    assert_non_null(strstr(s, "aria-invalid=\"true\""));
    assert_non_null(strstr(s, "value=\"&quot;&gt;&lt;script&gt;\""));
    assert_null(strstr(s, "geheim")); /* a password is never written back */
    /* the error is above its input */
    assert_true(strstr(s, "id=\"naam-fout\"") < strstr(s, "<input class=\"utrecht-textbox"));
    nb_buf_free(&b);
    for (int i = 0; i < NB_WEB_MAX_ERRORS + 5; i++)
        nb_web_error_add(&errs, "x", "y");
    assert_int_equal(errs.count, NB_WEB_MAX_ERRORS);
}

static void test_redirect_and_flash(void **state)
{
    (void)state;
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    assert_int_equal(nb_web_redirect(&resp, "/inloggen", NB_WEB_FLASH_LOGGED_OUT), 0);
    assert_int_equal(resp.status, 303);
    assert_string_equal(resp.location, "/inloggen");
    char want[64];
    snprintf(want, sizeof want, "Set-Cookie: noaber-melding=%d;", NB_WEB_FLASH_LOGGED_OUT);
    assert_true(strncmp(resp.extra_header[0], want, strlen(want)) == 0);
    assert_non_null(strstr(resp.extra_header[0], "HttpOnly"));
    static const char *const bad[] = {
        "//evil.example", "https://evil.example", "/\\evil", "/a\r\nSet-Cookie: x=1", "", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&resp, 0, sizeof resp);
        nb_web_redirect(&resp, bad[i], NB_WEB_FLASH_NONE);
        assert_string_equal(resp.location, "/");
        assert_string_equal(resp.extra_header[0], "");
    }
    assert_non_null(nb_web_flash_text(NB_WEB_FLASH_SAVED));
    assert_null(nb_web_flash_text(0));
    assert_null(nb_web_flash_text(NB_WEB_FLASH_COUNT));
    assert_null(nb_web_flash_text(-1));
}

static void test_problem_page(void **state)
{
    (void)state;
    nb_resp resp;
    memset(&resp, 0, sizeof resp);
    nb_resp_problem(&resp, 405, "Methode niet toegestaan", "<script>alert(1)</script> op %s",
                    "/x\"y");
    nb_principal anon = {.role = NB_ROLE_PUBLIC};
    assert_int_equal(nb_web_problem_page(&resp, &anon, NULL, nb_web_pages, nb_web_pages_count), 0);
    assert_int_equal(resp.status, 405);
    assert_null(resp.json);
    assert_false(resp.is_problem);
    assert_string_equal(resp.content_type, "text/html; charset=utf-8");
    const char *s = nb_buf_cstr(&resp.raw);
    assert_null(strstr(s, "<script>"));
    assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt; op /x&quot;y"));
    assert_non_null(strstr(s, "<html lang=\"nl\""));
    nb_buf_free(&resp.raw);
    memset(&resp, 0, sizeof resp);
    nb_resp_problem(&resp, 404, "Niet gevonden", "x");
    nb_web_problem_page(&resp, &anon, NULL, nb_web_pages, nb_web_pages_count);
    assert_non_null(strstr(nb_buf_cstr(&resp.raw), "Pagina niet gevonden"));
    nb_buf_free(&resp.raw);
}

/* Cross-site form posts: only our own host (or the public URL) may send them. */
static void test_origin(void **state)
{
    (void)state;
    assert_true(nb_web_origin_ok(NULL, "localhost:8080", NULL)); /* no Origin: not a browser */
    assert_true(nb_web_origin_ok("http://localhost:8080", "localhost:8080", NULL));
    assert_true(nb_web_origin_ok("https://LOCALHOST:8080", "localhost:8080", NULL));
    assert_true(nb_web_origin_ok("https://noaber.example.org", "10.0.0.5:8080",
                                 "https://noaber.example.org"));
    assert_true(nb_web_origin_ok("https://noaber.example.org", "10.0.0.5:8080",
                                 "https://noaber.example.org/"));
    assert_false(nb_web_origin_ok("null", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("http://evil.example", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("http://localhost:8081", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("http://localhost:8080.evil.example", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("http://localhost:8080/x", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("ftp://localhost:8080", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("", "localhost:8080", NULL));
    assert_false(nb_web_origin_ok("http://", "", NULL));
    assert_false(nb_web_origin_ok("http://evil.example", NULL, "https://noaber.example.org"));
}

/* A logged-in page names the user (escaped) and logs out with a POST that
 * carries the session's CSRF token; forms opened with nb_web_form_open carry it too. */
static void test_user_bar_and_csrf_field(void **state)
{
    (void)state;
    nb_principal who = {.role = NB_ROLE_COORDINATOR};
    snprintf(who.label, sizeof who.label, "<b>Jan</b>");
    nb_web_sess sess;
    memset(&sess, 0, sizeof sess);
    sess.stage = NB_SESSION_FULL;
    snprintf(sess.csrf, sizeof sess.csrf, "tok\"en");
    nb_buf b = NB_BUF_INIT;
    nb_web_layout_begin(&b, &who, &sess, nb_web_pages, nb_web_pages_count, "/", "t", NULL);
    const char *s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "&lt;b&gt;Jan&lt;/b&gt;"));
    assert_non_null(strstr(s, "coördinator"));
    assert_non_null(strstr(s, "action=\"/uitloggen\""));
    assert_non_null(strstr(s, "name=\"csrf\" value=\"tok&quot;en\""));
    assert_null(strstr(s, "href=\"/inloggen\""));
    nb_buf_free(&b);

    nb_web_page pg = {"GET", "/x", NULL, NB_ROLES_ALL, "x", 0};
    nb_req req;
    memset(&req, 0, sizeof req);
    req.who = &who;
    nb_web_req w = {&req, &pg, nb_web_pages, nb_web_pages_count, NULL, NULL, &sess, NULL};
    nb_web_form_open(&b, &w, "/opdrachten?x=1&y=2");
    s = nb_buf_cstr(&b);
    assert_non_null(strstr(s, "method=\"post\" action=\"/opdrachten?x=1&amp;y=2\""));
    assert_non_null(strstr(s, "<input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\">"));
    nb_buf_free(&b);
    sess.csrf[0] = '\0'; /* no session: no field */
    nb_web_form_open(&b, &w, "/inloggen");
    assert_null(strstr(nb_buf_cstr(&b), "csrf"));
    nb_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_page_names_its_roles),
        cmocka_unit_test(test_page_without_roles_is_never_found),
        cmocka_unit_test(test_page_find_real_table),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_nav_order_per_role),
        cmocka_unit_test(test_table_and_data_list),
        cmocka_unit_test(test_pager),
        cmocka_unit_test(test_form_helpers),
        cmocka_unit_test(test_redirect_and_flash),
        cmocka_unit_test(test_problem_page),
        cmocka_unit_test(test_origin),
        cmocka_unit_test(test_user_bar_and_csrf_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
