/*
 * tests/api/test_web_session.c — logging in to the pages over real HTTP
 * (issue 8 §3): the login form makes a session cookie with the right
 * attributes and a new id per login, one message for an unknown name and a
 * wrong password, throttling, the TOTP step for beheer, logout, an expired
 * session, CSRF tokens and the Origin check on forms. In the api suite, so it
 * also runs with the server under ASan and valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static nb_t_server srv;
static char *beheer;

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    nb_t_sql(&srv,
             "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) VALUES "
             "(1, 'GM0505', 'gemeente', 'Dordrecht', 'x', 'x');"
             "INSERT INTO people (id, organisation_id, name, email, scale, contract_minutes_week, "
             "network_minutes_week, created_at, updated_at) VALUES "
             "(1, 1, 'Fatima Bakker', 'f@x.nl', 10, 2160, 480, 'x', 'x')");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* The value of the session cookie a response sets, into out ("" = none). */
static void set_cookie_value(nb_t_resp *r, char *out, size_t len)
{
    out[0] = '\0';
    const char *p = r->headers;
    while ((p = strstr(p, "__Host-noaber-sessie=")) != NULL) {
        p += strlen("__Host-noaber-sessie=");
        size_t n = strcspn(p, ";\r\n");
        snprintf(out, len, "%.*s", (int)n, p);
    }
}

/* The login form as a browser posts it; the answer in r. */
static void login(const char *user, const char *password, nb_t_resp *r)
{
    char form[256];
    snprintf(form, sizeof form, "gebruikersnaam=%s&wachtwoord=%s", user, password);
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, NULL, "POST", "/inloggen", form, r);
}

/* Anonymous visitors of a page for logged-in roles go to the login form. */
static void test_anonymous_goes_to_login(void **state)
{
    (void)state;
    nb_t_resp r = {0};
    nb_t_page(&srv, NULL, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
}

/* The login form logs in: a __Host- cookie with every attribute, a new id
 * per login, the start page; the cookie opens pages and names the user. */
static void test_login_sets_session_cookie(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "lezer1", "lezer", 1, 0, &web), 0);
    nb_t_resp r = {0};
    login("lezer1", web.password, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/overzicht");
    const char *sc = strstr(r.headers, "__Host-noaber-sessie=");
    assert_non_null(sc);
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(sc, "\r\n"), sc);
    assert_non_null(strstr(line, "; Path=/"));
    assert_non_null(strstr(line, "; Secure"));
    assert_non_null(strstr(line, "; HttpOnly"));
    assert_non_null(strstr(line, "; SameSite=Lax"));
    assert_null(strstr(line, "Domain"));
    nb_t_web mine = web;
    set_cookie_value(&r, mine.cookie, sizeof mine.cookie);
    assert_int_equal(strlen(mine.cookie), 43);
    assert_string_not_equal(mine.cookie, web.cookie); /* a new session per login */
    nb_t_resp_free(&r);
    nb_t_page(&srv, &mine, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_non_null(strstr(r.body, "lezer1"));
    assert_non_null(strstr(r.body, "action=\"/uitloggen\""));
    /* the token in the page is the session's, not the one of the other login */
    char *tok = strstr(r.body, "name=\"csrf\" value=\"");
    assert_non_null(tok);
    tok += strlen("name=\"csrf\" value=\"");
    snprintf(mine.csrf, sizeof mine.csrf, "%.*s", (int)strcspn(tok, "\""), tok);
    assert_string_not_equal(mine.csrf, web.csrf);
    nb_t_resp_free(&r);
    /* a logged-in user who opens the login form goes to his start page */
    nb_t_page(&srv, &mine, "GET", "/inloggen", NULL, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/overzicht");
    nb_t_resp_free(&r);
}

/* An unknown name and a wrong password get the same answer; nothing is set. */
static void test_login_failures_say_the_same(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "coord1", "coordinator", 1, 0, &web), 0);
    nb_t_resp a = {0}, b = {0}, c = {0};
    login("coord1", "wrong-password-1", &a);
    login("nobody-here", "wrong-password-1", &b);
    nb_t_assert_page(&a, 422);
    nb_t_assert_page(&b, 422);
    const char *msg = "De gebruikersnaam of het wachtwoord klopt niet.";
    assert_non_null(strstr(a.body, msg));
    assert_non_null(strstr(b.body, msg));
    assert_null(strstr(a.headers, "__Host-noaber-sessie"));
    assert_null(strstr(a.body, "wrong-password-1"));     /* the password is never shown again */
    assert_non_null(strstr(a.body, "value=\"coord1\"")); /* the name is kept */
    /* empty fields: errors next to the fields and in the summary */
    nb_t_page(&srv, NULL, "POST", "/inloggen", "gebruikersnaam=&wachtwoord=", &c);
    nb_t_assert_page(&c, 422);
    assert_non_null(strstr(c.body, "href=\"#gebruikersnaam\""));
    assert_non_null(strstr(c.body, "Vul uw wachtwoord in."));
    nb_t_resp_free(&a);
    nb_t_resp_free(&b);
    nb_t_resp_free(&c);
}

/* Five wrong passwords for one name: the sixth attempt is refused without
 * looking at the password (even the right one), with Retry-After. */
static void test_login_throttled(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "mw-throttle", "medewerker", 0, 1, &web), 0);
    nb_t_resp r = {0};
    for (int i = 0; i < 5; i++) {
        login("mw-throttle", "not-the-password", &r);
        nb_t_assert_page(&r, 422);
        nb_t_resp_free(&r);
    }
    login("mw-throttle", web.password, &r);
    nb_t_assert_page(&r, 429);
    assert_non_null(strstr(r.body, "Te veel mislukte pogingen"));
    assert_non_null(nb_t_header(&r, "Retry-After"));
    assert_true(atoi(nb_t_header(&r, "Retry-After")) > 0);
    assert_null(strstr(r.headers, "__Host-noaber-sessie"));
    nb_t_resp_free(&r);
}

/* Beheer logs in with a TOTP code after the password; a wrong code is
 * refused, the pending session opens nothing, the right code logs in. */
static void test_beheer_needs_totp(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "mt1", "beheer", 0, 0, &web), 0);
    nb_t_resp r = {0};
    login("mt1", web.password, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen/code");
    nb_t_web pending = web;
    set_cookie_value(&r, pending.cookie, sizeof pending.cookie);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &pending, "GET", "/netwerk", NULL, &r); /* not logged in yet */
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
    nb_t_page(&srv, &pending, "GET", "/inloggen/code", NULL, &r);
    nb_t_assert_page(&r, 200);
    char *tok = strstr(r.body, "name=\"csrf\" value=\"");
    assert_non_null(tok);
    tok += strlen("name=\"csrf\" value=\"");
    snprintf(pending.csrf, sizeof pending.csrf, "%.*s", (int)strcspn(tok, "\""), tok);
    assert_non_null(strstr(r.body, "autocomplete=\"one-time-code\""));
    nb_t_resp_free(&r);
    char code[7], form[32];
    nb_t_web_totp_code(&web, (long long)time(NULL) + 300, code); /* ten steps off: wrong */
    snprintf(form, sizeof form, "code=%s", code);
    nb_t_page(&srv, &pending, "POST", "/inloggen/code", form, &r);
    nb_t_assert_page(&r, 422);
    assert_non_null(strstr(r.body, "De code klopt niet."));
    nb_t_resp_free(&r);
    nb_t_web_totp_code(&web, (long long)time(NULL), code);
    snprintf(form, sizeof form, "code=%s", code);
    nb_t_page(&srv, &pending, "POST", "/inloggen/code", form, &r);
    if (r.status == 422 && strstr(r.body, "al gebruikt")) { /* the step nb_t_web_session used */
        nb_t_resp_free(&r);
        nb_t_web_totp_code(&web, (long long)time(NULL) + 30, code);
        snprintf(form, sizeof form, "code=%s", code);
        nb_t_page(&srv, &pending, "POST", "/inloggen/code", form, &r);
    }
    nb_t_assert_page(&r, 303);
    nb_t_web full = web;
    set_cookie_value(&r, full.cookie, sizeof full.cookie);
    assert_string_not_equal(full.cookie, pending.cookie);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &full, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &pending, "GET", "/inloggen/code", NULL, &r); /* the pending one ended */
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
}

/* A form without the session's token is refused and changes nothing; with
 * it, logout ends the session and clears the cookie. */
static void test_csrf_and_logout(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "mw-csrf", "medewerker", 0, 1, &web), 0);
    nb_t_web forged = web;
    forged.csrf[0] = '\0'; /* no token */
    nb_t_resp r = {0};
    nb_t_page(&srv, &forged, "POST", "/uitloggen", "x=1", &r);
    nb_t_assert_page(&r, 403);
    assert_non_null(strstr(r.body, "Formulier verlopen"));
    nb_t_resp_free(&r);
    snprintf(forged.csrf, sizeof forged.csrf, "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    nb_t_page(&srv, &forged, "POST", "/uitloggen", "x=1", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &web, "GET", "/netwerk", NULL, &r); /* still logged in */
    nb_t_assert_page(&r, 200);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &web, "POST", "/uitloggen", "x=1", &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    assert_non_null(strstr(r.headers, "__Host-noaber-sessie=; Path=/"));
    assert_non_null(strstr(r.headers, "Max-Age=0"));
    nb_t_resp_free(&r);
    nb_t_page(&srv, &web, "GET", "/netwerk", NULL, &r); /* the cookie is worth nothing now */
    nb_t_assert_page(&r, 303);
    assert_non_null(strstr(r.headers, "noaber-melding="));
    nb_t_resp_free(&r);
}

/* A form posted from another site is refused before it is read. */
static void test_cross_site_form_refused(void **state)
{
    (void)state;
    static const char *const evil[] = {"Origin: https://evil.example",
                                       "Content-Type: application/x-www-form-urlencoded", NULL};
    nb_t_resp r = {0};
    assert_int_equal(
        nb_t_req_h(&srv, "POST", "/inloggen", NULL, "gebruikersnaam=a&wachtwoord=b", evil, &r), 0);
    nb_t_assert_page(&r, 403);
    assert_non_null(strstr(r.body, "andere site"));
    nb_t_resp_free(&r);
}

/* A session idle for longer than 30 minutes ends: the next page asks to log
 * in again and says why. */
static void test_idle_session_ends(void **state)
{
    (void)state;
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "lezer-idle", "lezer", 1, 0, &web), 0);
    char q[256];
    snprintf(q, sizeof q,
             "UPDATE sessions SET last_seen_s = last_seen_s - 1801 WHERE user_id = %lld",
             web.user_id);
    nb_t_sql(&srv, q);
    nb_t_resp r = {0};
    nb_t_page(&srv, &web, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    assert_non_null(strstr(r.headers, "noaber-melding="));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anonymous_goes_to_login),
        cmocka_unit_test(test_login_sets_session_cookie),
        cmocka_unit_test(test_login_failures_say_the_same),
        cmocka_unit_test(test_login_throttled),
        cmocka_unit_test(test_beheer_needs_totp),
        cmocka_unit_test(test_csrf_and_logout),
        cmocka_unit_test(test_cross_site_form_refused),
        cmocka_unit_test(test_idle_session_ends),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
