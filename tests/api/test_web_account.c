/*
 * tests/api/test_web_account.c — the account pages over real HTTP (issue 8
 * §3): TOTP enrolment with a QR code at login (beheer without a second
 * factor) and from "Mijn account" (optional for others), confirming with a
 * wrong and a right code, the promoted session; the account page itself
 * (escaped data, who may open it) and the password change that ends every
 * other session; forms without their CSRF token refused. In the api suite,
 * so it also runs with the server under ASan and valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "api/web_session.h"

#include "store/store.h"
#include "store/users.h"
#include "web/layout.h"
#include "web/pages.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PW "correct-horse-battery-9"

static nb_t_server srv;
static char *beheer;

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    nb_t_sql(&srv,
             "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) VALUES "
             "(1, 'GM0505', 'gemeente', '<script>alert(1)</script>', 'x', 'x');"
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

/* A user made with the store on the server's database, not logged in and
 * without a second factor; its id. */
static long long make_user(const char *login, const char *role, long long org, long long person)
{
    nb_store *st = NULL;
    nb_err err = {{0}};
    nb_actor actor = {"test", "beheer", "127.0.0.1"};
    int64_t id = 0;
    assert_true(sodium_init() >= 0);
    assert_int_equal(nb_store_open(srv.db, 0, &st, &err), 0);
    assert_int_equal(nb_store_begin(st, &err), 0);
    if (nb_user_create(st, &actor, login, "", role, org, person, PW, &id, &err) != 0)
        fail_msg("nb_user_create: %s", err.msg);
    assert_int_equal(nb_store_commit(st, &err), 0);
    nb_store_close(st);
    return (long long)id;
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

/* The CSRF token in a page's forms into web->csrf. */
static void take_csrf(nb_t_resp *r, nb_t_web *web)
{
    char *tok = strstr(r->body, "name=\"csrf\" value=\"");
    assert_non_null(tok);
    tok += strlen("name=\"csrf\" value=\"");
    snprintf(web->csrf, sizeof web->csrf, "%.*s", (int)strcspn(tok, "\""), tok);
}

/* Logs login in with password through the form; web gets the cookie (and
 * the CSRF token of the page at the Location). Returns the Location. */
static const char *login_form(const char *login, const char *password, nb_t_web *web,
                              char *location, size_t len)
{
    char form[256];
    nb_t_resp r = {0};
    memset(web, 0, sizeof *web);
    snprintf(web->login, sizeof web->login, "%s", login);
    snprintf(web->password, sizeof web->password, "%s", password);
    snprintf(form, sizeof form, "gebruikersnaam=%s&wachtwoord=%s", login, password);
    nb_t_page(&srv, NULL, "POST", "/inloggen", form, &r);
    nb_t_assert_page(&r, 303);
    snprintf(location, len, "%s", nb_t_header(&r, "Location"));
    set_cookie_value(&r, web->cookie, sizeof web->cookie);
    nb_t_resp_free(&r);
    nb_t_page(&srv, web, "GET", location, NULL, &r);
    nb_t_assert_page(&r, 200);
    take_csrf(&r, web);
    nb_t_resp_free(&r);
    return location;
}

/* The key shown on an enrolment page (groups of four), without spaces. */
static void shown_secret(nb_t_resp *r, char out[40])
{
    const char *p = strstr(r->body, "id=\"sleutel\">");
    assert_non_null(p);
    p += strlen("id=\"sleutel\">");
    size_t o = 0;
    for (; *p && *p != '<' && o < 39; p++)
        if (*p != ' ')
            out[o++] = *p;
    out[o] = '\0';
    assert_int_equal(strlen(out), 32);
}

/* POSTs the code for secret at time t (+ offset steps) to path as web. */
static void post_code(nb_t_web *web, const char *path, const char *secret, long long t,
                      nb_t_resp *r)
{
    nb_t_web key = *web;
    char code[7], form[32];
    snprintf(key.totp, sizeof key.totp, "%s", secret);
    nb_t_web_totp_code(&key, t, code);
    snprintf(form, sizeof form, "code=%s", code);
    memset(r, 0, sizeof *r);
    nb_t_page(&srv, web, "POST", path, form, r);
}

/* Beheer without a second factor: after the password, enrolment; GET writes
 * nothing; the start shows key and QR code once; a wrong code keeps the same
 * key; no token, no change; the right code promotes the session. */
static void test_enrol_at_login(void **state)
{
    (void)state;
    long long id = make_user("mt-nieuw", "beheer", 0, 0);
    char loc[128], q[256], pending[64], again[40];
    nb_t_web web;
    login_form("mt-nieuw", PW, &web, loc, sizeof loc);
    assert_string_equal(loc, "/inloggen/koppelen");
    nb_t_resp r = {0};
    nb_t_page(&srv, &web, "GET", "/inloggen/koppelen", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_non_null(strstr(r.body, "Koppeling starten"));
    assert_non_null(strstr(r.body, "action=\"/inloggen/koppelen/start\""));
    assert_null(strstr(r.body, "<svg"));
    nb_t_resp_free(&r);
    snprintf(q, sizeof q, "SELECT totp_pending FROM users WHERE id = %lld", id);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, ""); /* a GET writes nothing */
    /* not logged in yet: no pages for beheer */
    nb_t_page(&srv, &web, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);

    /* without its token the start is refused and makes nothing */
    nb_t_web forged = web;
    forged.csrf[0] = '\0';
    nb_t_page(&srv, &forged, "POST", "/inloggen/koppelen/start", "x=1", &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, "");

    nb_t_page(&srv, &web, "POST", "/inloggen/koppelen/start", "x=1", &r);
    nb_t_assert_page(&r, 200);
    char secret[40];
    shown_secret(&r, secret);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, secret);
    assert_non_null(strstr(r.body, "<svg class=\"nb-qr\""));
    assert_non_null(strstr(r.body, "role=\"img\""));
    assert_non_null(strstr(r.body, "<title id=\"qr-titel\">QR-code"));
    assert_non_null(strstr(r.body, "<path fill=\"#000000\" d=\"M"));
    assert_null(strstr(r.body, "style="));
    assert_non_null(strstr(r.body, "action=\"/inloggen/koppelen\""));
    nb_t_resp_free(&r);

    /* a wrong code: 422 next to the field, the same key again */
    post_code(&web, "/inloggen/koppelen", secret, (long long)time(NULL) + 300, &r);
    nb_t_assert_page(&r, 422);
    assert_non_null(strstr(r.body, "id=\"code-fout\""));
    assert_non_null(strstr(r.body, "De code klopt niet."));
    assert_non_null(strstr(r.body, "href=\"#code\""));
    shown_secret(&r, again);
    assert_string_equal(again, secret);
    assert_non_null(strstr(r.body, "<svg"));
    nb_t_resp_free(&r);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, secret);
    /* the right code without the token: refused, nothing enrolled */
    forged = web;
    forged.csrf[0] = '\0';
    post_code(&forged, "/inloggen/koppelen", secret, (long long)time(NULL), &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    snprintf(q, sizeof q, "SELECT totp_enrolled FROM users WHERE id = %lld", id);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, "0");

    /* the right code: a new, full session and the start page */
    post_code(&web, "/inloggen/koppelen", secret, (long long)time(NULL), &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), nb_web_start_path(NB_ROLE_BEHEER));
    assert_non_null(strstr(r.headers, "noaber-melding="));
    nb_t_web full = web;
    set_cookie_value(&r, full.cookie, sizeof full.cookie);
    assert_int_equal(strlen(full.cookie), 43);
    assert_string_not_equal(full.cookie, web.cookie);
    nb_t_resp_free(&r);
    nb_t_sql_text(&srv, q, pending, sizeof pending);
    assert_string_equal(pending, "1");
    nb_t_page(&srv, &full, "GET", "/netwerk", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &web, "GET", "/inloggen/koppelen", NULL, &r); /* the old one ended */
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_assert_flash(&r, NB_WEB_FLASH_SESSION_ENDED);
    nb_t_resp_free(&r);
    /* next login asks for the code */
    nb_t_web next;
    login_form("mt-nieuw", PW, &next, loc, sizeof loc);
    assert_string_equal(loc, "/inloggen/code");
}

/* The enrolment pages at login are for an enrolment session only; those of
 * the account for logged-in users only. */
static void test_enrol_pages_who(void **state)
{
    (void)state;
    nb_t_web mw;
    assert_int_equal(nb_t_web_session(&srv, "mw-who", "medewerker", 0, 1, &mw), 0);
    nb_t_resp r = {0};
    nb_t_page(&srv, &mw, "GET", "/inloggen/koppelen", NULL, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "GET", "/inloggen/koppelen", NULL, &r); /* no session at all */
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    assert_null(strstr(r.headers, "noaber-melding=")); /* nothing ended: no "verlopen" */
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "POST", "/inloggen/koppelen/start", "x=1", &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "GET", "/account", NULL, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "POST", "/account/tweede-factor/start", "x=1", &r);
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    /* a confirmation with nothing pending goes back to the start */
    nb_t_page(&srv, &mw, "POST", "/account/tweede-factor", "code=123456", &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/account/tweede-factor");
    nb_t_resp_free(&r);
}

/* Mijn account: name, role, organisation (escaped), second factor off with a
 * link; optional enrolment from there turns it on. */
static void test_account_page_and_optional_enrol(void **state)
{
    (void)state;
    nb_t_web co;
    assert_int_equal(nb_t_web_session(&srv, "co-acc", "coordinator", 1, 0, &co), 0);
    nb_t_resp r = {0};
    nb_t_page(&srv, &co, "GET", "/account", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_non_null(strstr(r.body, "co-acc"));
    assert_non_null(strstr(r.body, "Coördinator"));
    assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(r.body, "<script>"));
    assert_non_null(strstr(r.body, "utrecht-data-list__item-value--html-dd\">Uit</dd>"));
    assert_non_null(strstr(r.body, "href=\"/account/tweede-factor\""));
    assert_non_null(strstr(r.body, "href=\"/account\">Mijn account</a>")); /* navigation */
    assert_non_null(strstr(r.body, "autocomplete=\"new-password\""));
    nb_t_resp_free(&r);

    nb_t_page(&srv, &co, "GET", "/account/tweede-factor", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_non_null(strstr(r.body, "action=\"/account/tweede-factor/start\""));
    nb_t_resp_free(&r);
    nb_t_page(&srv, &co, "POST", "/account/tweede-factor/start", "x=1", &r);
    nb_t_assert_page(&r, 200);
    char secret[40];
    shown_secret(&r, secret);
    nb_t_resp_free(&r);
    post_code(&co, "/account/tweede-factor", secret, (long long)time(NULL) - 600, &r);
    nb_t_assert_page(&r, 422);
    nb_t_resp_free(&r);
    post_code(&co, "/account/tweede-factor", secret, (long long)time(NULL), &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/account");
    nb_t_assert_flash(&r, NB_WEB_FLASH_TOTP_ENROLLED);
    assert_null(strstr(r.headers, "__Host-noaber-sessie=")); /* the session stays */
    nb_t_resp_free(&r);
    nb_t_page(&srv, &co, "GET", "/account", NULL, &r);
    nb_t_assert_page(&r, 200);
    assert_non_null(strstr(r.body, "utrecht-data-list__item-value--html-dd\">Aan</dd>"));
    nb_t_resp_free(&r);
    char loc[128];
    nb_t_web again;
    login_form("co-acc", PW, &again, loc, sizeof loc);
    assert_string_equal(loc, "/inloggen/code");
}

/* A password change: every error next to its field (422, nothing changed),
 * no token refused; then the other browser's session has ended and this
 * browser has a new one; the old password no longer logs in. */
static void test_password_change(void **state)
{
    (void)state;
    static const char *const NEW = "een-heel-nieuw-wachtwoord";
    nb_t_web mw, other;
    char loc[128];
    assert_int_equal(nb_t_web_session(&srv, "mw-pw", "medewerker", 0, 1, &mw), 0);
    login_form("mw-pw", PW, &other, loc, sizeof loc); /* a second browser */
    assert_string_equal(loc, nb_web_start_path(NB_ROLE_MEDEWERKER));
    nb_t_resp r = {0};
    static const struct {
        const char *form, *field, *message;
    } bad[] = {
        {"huidig-wachtwoord=&nieuw-wachtwoord=&herhaal-wachtwoord=", "huidig-wachtwoord",
         "Vul uw huidige wachtwoord in."},
        {"huidig-wachtwoord=correct-horse-battery-9&nieuw-wachtwoord=kort&herhaal-wachtwoord=kort",
         "nieuw-wachtwoord", "minstens 12 tekens"},
        {"huidig-wachtwoord=correct-horse-battery-9&nieuw-wachtwoord=een-heel-nieuw-wachtwoord&"
         "herhaal-wachtwoord=een-heel-ander-wachtwoord",
         "herhaal-wachtwoord", "nog een keer"},
        {"huidig-wachtwoord=fout-fout-fout-fout&nieuw-wachtwoord=een-heel-nieuw-wachtwoord&"
         "herhaal-wachtwoord=een-heel-nieuw-wachtwoord",
         "huidig-wachtwoord", "Het huidige wachtwoord klopt niet."},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_page(&srv, &mw, "POST", "/account/wachtwoord", bad[i].form, &r);
        nb_t_assert_page(&r, 422);
        char id[64];
        snprintf(id, sizeof id, "id=\"%s-fout\"", bad[i].field);
        if (strstr(r.body, id) == NULL || strstr(r.body, bad[i].message) == NULL)
            fail_msg("case %zu: no '%s' at %s", i, bad[i].message, bad[i].field);
        assert_null(strstr(r.body, "value=\"correct-horse")); /* passwords never shown */
        nb_t_resp_free(&r);
    }
    static const char good[] =
        "huidig-wachtwoord=correct-horse-battery-9&nieuw-wachtwoord=een-heel-nieuw-wachtwoord&"
        "herhaal-wachtwoord=een-heel-nieuw-wachtwoord";
    nb_t_web forged = mw;
    forged.csrf[0] = '\0';
    nb_t_page(&srv, &forged, "POST", "/account/wachtwoord", good, &r);
    nb_t_assert_page(&r, 403);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &other, "GET", "/netwerk", NULL, &r); /* nothing changed yet */
    nb_t_assert_page(&r, 200);
    nb_t_resp_free(&r);

    nb_t_page(&srv, &mw, "POST", "/account/wachtwoord", good, &r);
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/account");
    nb_t_assert_flash(&r, NB_WEB_FLASH_PASSWORD_CHANGED);
    nb_t_web fresh = mw;
    set_cookie_value(&r, fresh.cookie, sizeof fresh.cookie);
    assert_int_equal(strlen(fresh.cookie), 43);
    assert_string_not_equal(fresh.cookie, mw.cookie);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &fresh, "GET", "/account", NULL, &r);
    nb_t_assert_page(&r, 200);
    nb_t_resp_free(&r);
    nb_t_page(&srv, &other, "GET", "/netwerk", NULL, &r); /* the other browser is out */
    nb_t_assert_page(&r, 303);
    assert_string_equal(nb_t_header(&r, "Location"), "/inloggen");
    nb_t_resp_free(&r);
    nb_t_page(&srv, &mw, "GET", "/account", NULL, &r); /* and so is the old cookie */
    nb_t_assert_page(&r, 303);
    nb_t_resp_free(&r);
    nb_t_page(&srv, NULL, "POST", "/inloggen",
              "gebruikersnaam=mw-pw&wachtwoord=correct-horse-battery-9", &r);
    nb_t_assert_page(&r, 422);
    nb_t_resp_free(&r);
    login_form("mw-pw", NEW, &other, loc, sizeof loc);
    assert_string_equal(loc, nb_web_start_path(NB_ROLE_MEDEWERKER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enrol_at_login),
        cmocka_unit_test(test_enrol_pages_who),
        cmocka_unit_test(test_account_page_and_optional_enrol),
        cmocka_unit_test(test_password_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
