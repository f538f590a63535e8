/*
 * tests/api/web_session.c — logged-in page requests for the HTTP tests
 * (web_session.h).
 */
#include "api/web_session.h"

#include "api/web_login.h"
#include "store/db.h"

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

/* s->db is the server's database setting: a SQLite file or, with
 * NOABER_TEST_PG, a PostgreSQL connection string; the driver for it runs q
 * on a connection of its own. On SQLite the foreign keys are off, as on a
 * plain sqlite3 connection (some fixtures insert rows without their
 * parents); PostgreSQL always checks them. */
static nb_db *nb_t_sql_open(nb_t_server *s)
{
    nb_db *db = NULL;
    nb_err err = {0};
    if (nb_db_driver_for(s->db)->open(s->db, 0, &db, &err) != 0)
        fail_msg("%s: %s", s->db, err.msg);
    if (db->drv->dialect == NB_DB_SQLITE && db->drv->exec(db, "PRAGMA foreign_keys = OFF") != 0)
        fail_msg("%s: foreign keys stay on", s->db);
    return db;
}

void nb_t_sql(nb_t_server *s, const char *q)
{
    nb_db *db = nb_t_sql_open(s);
    const char *msg = NULL;
    if (db->drv->exec(db, q) != 0) {
        db->drv->error(db, &msg);
        fail_msg("%s: %s", q, msg ? msg : "?");
    }
    db->drv->close(db);
}

void nb_t_sql_text(nb_t_server *s, const char *q, char *out, size_t len)
{
    nb_db *db = nb_t_sql_open(s);
    nb_db_stmt *st = NULL;
    const char *msg = NULL;
    out[0] = '\0';
    if (db->drv->prepare(db, q, &st) != 0) {
        db->drv->error(db, &msg);
        fail_msg("%s: %s", q, msg ? msg : "?");
    }
    if (db->drv->step(st) == NB_DB_ROW) {
        size_t n = 0;
        const char *v = db->drv->col_text(st, 0, &n);
        if (v != NULL)
            snprintf(out, len, "%.*s", (int)n, v);
    }
    db->drv->finalize(st);
    db->drv->close(db);
}

void nb_t_assert_page(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %s", r->status, status, r->body);
}
