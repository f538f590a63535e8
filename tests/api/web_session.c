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
#include <stdlib.h>
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

/* The database setting to connect with: s->db, the server's (a SQLite file
 * or, with NOABER_TEST_PG, a PostgreSQL connection string). owner = 1: under
 * NOABER_TEST_PG_ROLE the harness appended " user=ROLE" to the owner's
 * string; without it the connection is the owner's (on SQLite the same
 * file). */
static void nb_t_sql_target(const nb_t_server *s, int owner, char *out, size_t len)
{
    snprintf(out, len, "%s", s->db);
    const char *role = getenv("NOABER_TEST_PG_ROLE");
    if (!owner || role == NULL || *role == '\0' || !nb_t_sql_pg(s))
        return;
    char tail[128];
    snprintf(tail, sizeof tail, " user=%s", role);
    size_t n = strlen(out), t = strlen(tail);
    if (n >= t && strcmp(out + n - t, tail) == 0)
        out[n - t] = '\0';
}

/* The driver for the setting runs the query on a connection of its own. On
 * SQLite the foreign keys are off, as on a plain sqlite3 connection (a few
 * fixtures insert rows without their parents); PostgreSQL always checks
 * them. */
static nb_db *nb_t_sql_open_as(const nb_t_server *s, int owner)
{
    char target[sizeof s->db];
    nb_db *db = NULL;
    nb_err err = {0};
    nb_t_sql_target(s, owner, target, sizeof target);
    if (nb_db_driver_for(target)->open(target, 0, &db, &err) != 0)
        fail_msg("%s: %s", target, err.msg);
    if (db->drv->dialect == NB_DB_SQLITE && db->drv->exec(db, "PRAGMA foreign_keys = OFF") != 0)
        fail_msg("%s: foreign keys stay on", target);
    return db;
}

static nb_db *nb_t_sql_open(nb_t_server *s)
{
    return nb_t_sql_open_as(s, 0);
}

int nb_t_sql_pg(const nb_t_server *s)
{
    return nb_db_driver_for(s->db)->dialect == NB_DB_POSTGRESQL;
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

/* Prepares q on db; fails the test with the driver's message. */
static nb_db_stmt *nb_t_sql_prepare(nb_db *db, const char *q)
{
    nb_db_stmt *st = NULL;
    const char *msg = NULL;
    if (db->drv->prepare(db, q, &st) != 0) {
        db->drv->error(db, &msg);
        fail_msg("%s: %s", q, msg ? msg : "?");
    }
    return st;
}

void nb_t_sql_text(nb_t_server *s, const char *q, char *out, size_t len)
{
    nb_db *db = nb_t_sql_open(s);
    nb_db_stmt *st = nb_t_sql_prepare(db, q);
    out[0] = '\0';
    if (db->drv->step(st) == NB_DB_ROW) {
        size_t n = 0;
        const char *v = db->drv->col_text(st, 0, &n);
        if (v != NULL)
            snprintf(out, len, "%.*s", (int)n, v);
    }
    db->drv->finalize(st);
    db->drv->close(db);
}

long long nb_t_sql_int(nb_t_server *s, const char *fmt, ...)
{
    char q[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(q, sizeof q, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof q)
        fail_msg("query too long: %.200s", fmt);
    nb_db *db = nb_t_sql_open(s);
    nb_db_stmt *st = nb_t_sql_prepare(db, q);
    const char *msg = NULL;
    int r = db->drv->step(st);
    if (r != NB_DB_ROW) {
        db->drv->error(db, &msg);
        fail_msg("%s: %s", q, r == NB_DB_DONE ? "no row" : msg ? msg : "?");
    }
    long long v = (long long)db->drv->col_int(st, 0);
    db->drv->finalize(st);
    db->drv->close(db);
    return v;
}

char *nb_t_sql_rows(nb_t_server *s, int ncols, const char *q)
{
    nb_db *db = nb_t_sql_open(s);
    nb_db_stmt *st = nb_t_sql_prepare(db, q);
    size_t len = 0, room = 256;
    char *out = malloc(room);
    assert_non_null(out);
    out[0] = '\0';
    int r;
    while ((r = db->drv->step(st)) == NB_DB_ROW) {
        for (int c = 0; c < ncols; c++) {
            size_t n = 0;
            const char *v = db->drv->col_text(st, c, &n);
            if (v == NULL) {
                v = "NULL";
                n = 4;
            }
            if (len + n + 2 > room) {
                room = (len + n + 2) * 2;
                out = realloc(out, room);
                assert_non_null(out);
            }
            memcpy(out + len, v, n);
            len += n;
            out[len++] = c + 1 < ncols ? '|' : '\n';
            out[len] = '\0';
        }
    }
    if (r != NB_DB_DONE) {
        const char *msg = NULL;
        db->drv->error(db, &msg);
        fail_msg("%s: %s", q, msg ? msg : "?");
    }
    db->drv->finalize(st);
    db->drv->close(db);
    return out;
}

int nb_t_sql_try(nb_t_server *s, int owner, const char *q, char *msg, size_t len)
{
    nb_db *db = nb_t_sql_open_as(s, owner);
    int rc = 0;
    msg[0] = '\0';
    if (db->drv->exec(db, q) != 0) {
        const char *m = NULL;
        rc = db->drv->error(db, &m);
        snprintf(msg, len, "%s", m ? m : "");
        if (rc == 0)
            rc = NB_EDB;
    }
    db->drv->close(db);
    return rc;
}

void nb_t_sql_set_version(nb_t_server *s, int version)
{
    nb_db *db = nb_t_sql_open_as(s, 1);
    const char *msg = NULL;
    if (db->drv->begin(db, 1) != 0 || db->drv->version_set(db, version) != 0 ||
        db->drv->exec(db, "COMMIT") != 0) {
        db->drv->error(db, &msg);
        fail_msg("%s: schema version %d: %s", s->db, version, msg ? msg : "?");
    }
    db->drv->close(db);
}

nb_db *nb_t_sql_hold_write(nb_t_server *s)
{
    nb_db *db = nb_t_sql_open(s);
    const char *msg = NULL;
    /* PostgreSQL sends BEGIN and the lock with the first statement. */
    if (db->drv->begin(db, 1) != 0 || db->drv->exec(db, "SELECT 1") != 0) {
        db->drv->error(db, &msg);
        fail_msg("%s: the write lock: %s", s->db, msg ? msg : "?");
    }
    return db;
}

void nb_t_sql_release(nb_db *db)
{
    if (db->drv->exec(db, "ROLLBACK") != 0)
        fail_msg("ROLLBACK of the held write lock failed");
    db->drv->close(db);
}

void nb_t_assert_page(nb_t_resp *r, long status)
{
    if (r->status != status)
        fail_msg("status %ld, want %ld: %s", r->status, status, r->body);
}

void nb_t_page_expect(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
                      const char *form, long status, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_page(s, web, method, path, form, r);
    nb_t_assert_page(r, status);
}

void nb_t_assert_has(const nb_t_resp *r, const char *text)
{
    if (r->body == NULL || strstr(r->body, text) == NULL)
        fail_msg("'%s' not in: %.6000s", text, r->body ? r->body : "(no body)");
}

void nb_t_assert_lacks(const nb_t_resp *r, const char *text)
{
    if (r->body == NULL || strstr(r->body, text) != NULL)
        fail_msg("'%s' unexpectedly in: %.6000s", text, r->body ? r->body : "(no body)");
}
