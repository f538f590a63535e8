/*
 * tests/api/web_session.c — logged-in page requests for the HTTP tests
 * (web_session.h).
 */
#include "api/web_session.h"

#include "api/web_login.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define NB_T_PASSWORD "correct-horse-battery-9"

void nb_t_web_totp_code(const nb_t_web *web, long long t, char code[7])
{
    nb_t_login_totp_code(web->totp, (int64_t)t, code);
}

int nb_t_web_session(nb_t_server *s, const char *login, const char *role, long long org,
                     long long person, nb_t_web *out)
{
    nb_t_login made;
    memset(out, 0, sizeof *out);
    if (nb_t_login_make(s->db, login, role, (int64_t)org, (int64_t)person, NB_T_PASSWORD, &made) !=
        0)
        return -1;
    snprintf(out->login, sizeof out->login, "%s", login);
    snprintf(out->password, sizeof out->password, "%s", NB_T_PASSWORD);
    out->user_id = (long long)made.user_id;
    memcpy(out->cookie, made.cookie, sizeof out->cookie);
    memcpy(out->csrf, made.csrf, sizeof out->csrf);
    memcpy(out->totp, made.totp, sizeof out->totp);
    return 0;
}

void nb_t_page(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
               const char *form, nb_t_resp *out)
{
    char cookie[128], origin[96], body[8192];
    const char *headers[4];
    int n = 0;
    if (web && web->cookie[0]) {
        snprintf(cookie, sizeof cookie, "Cookie: __Host-noaber-sessie=%s", web->cookie);
        headers[n++] = cookie;
    }
    snprintf(origin, sizeof origin, "Origin: %s", s->base);
    headers[n++] = origin;
    if (form)
        headers[n++] = "Content-Type: application/x-www-form-urlencoded";
    headers[n] = NULL;
    if (form)
        snprintf(body, sizeof body, "%s%s%s", form, web && web->csrf[0] ? "&csrf=" : "",
                 web && web->csrf[0] ? web->csrf : "");
    assert_int_equal(nb_t_req_h(s, method, path, NULL, form ? body : NULL, headers, out), 0);
}

void nb_t_assert_flash(nb_t_resp *r, int code)
{
    char want[64];
    snprintf(want, sizeof want, "noaber-melding=%d;", code);
    if (strstr(r->headers, want) == NULL)
        fail_msg("no %s in %s", want, r->headers);
}

void nb_t_sql(nb_t_server *s, const char *q)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(s->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char *msg = NULL;
    if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", q, msg);
    sqlite3_close(db);
}

void nb_t_sql_text(nb_t_server *s, const char *q, char *out, size_t len)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    assert_int_equal(sqlite3_open(s->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
}

void nb_t_assert_page(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %s", r->status, status, r->body);
}
