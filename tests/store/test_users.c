/*
 * tests/store/test_users.c — accounts and sessions (store/users.c,
 * store/sessions.c, migration 007): create and verify, the same answer for an
 * unknown user and a wrong password, throttling per account and per address,
 * sessions (new id at login, idle and absolute expiry, logout, disable and
 * password change end them), CSRF, TOTP enrolment and replay, beheer's
 * second factor, records never deleted, audit entries. Time is passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/demo.h"
#include "core/totp.h"
#include "store/audit.h"
#include "store/sessions.h"
#include "store/db_sqlite.h"
#include "store/store.h"
#include "store_db.h"
#include "store/users.h"

#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1800000000 /* a fixed "now": 2027-01-15 */
#define PW "correct paard batterij"

typedef struct fixture {
    char path[64];
    nb_store *st;
    nb_auth_config cfg;
    int64_t org, person;
} fixture;

static const nb_actor cli = {"cli", "system", "local"};

static void sql(fixture *f, const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(nb_store_sqlite(f->st), text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
}

static int64_t count(fixture *f, const char *text)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(nb_store_sqlite(f->st), text, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    nb_err err;
    assert_true(sodium_init() >= 0);
    assert_int_equal(nb_t_sqlite_fresh("users", f->path, sizeof f->path), 0);
    assert_int_equal(nb_store_open(f->path, 1, &f->st, &err), 0);
    nb_auth_config_default(&f->cfg);
    sql(f, "INSERT INTO organisations (id, code, kind, name, created_at, updated_at) VALUES "
           "(1, 'GM0505', 'gemeente', 'Dordrecht', 'x', 'x'), "
           "(2, 'GM0590', 'gemeente', 'Papendrecht', 'x', 'x');"
           "INSERT INTO people (id, organisation_id, name, email, scale, contract_minutes_week, "
           "network_minutes_week, created_at, updated_at) VALUES "
           "(7, 2, 'Fatima Bakker', 'f@x.nl', 10, 2160, 480, 'x', 'x')");
    f->org = 1;
    f->person = 7;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nb_store_close(f->st);
    nb_t_sqlite_remove(f->path);
    free(f);
    return 0;
}

static int64_t mkuser(fixture *f, const char *login, const char *role, int64_t org, int64_t person)
{
    nb_err err = {{0}};
    int64_t id = 0;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_user_create(f->st, &cli, login, "", role, org, person, PW, &id, &err);
    if (rc != 0)
        fail_msg("create %s: %s", login, err.msg);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    return id;
}

/* nb_session_login in its own transaction, committed also on failure. */
static int login(fixture *f, const char *name, const char *pw, const char *remote, int64_t now,
                 nb_session_new *out, int64_t *wait)
{
    nb_err err = {{0}};
    int64_t w = 0;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_session_login(f->st, &f->cfg, name, pw, remote, now, out, &w, &err);
    if (rc == 0 || rc == NB_EFORBIDDEN || rc == NB_ELIMIT)
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    else
        nb_store_rollback(f->st);
    if (wait)
        *wait = w;
    return rc;
}

static int resolve(fixture *f, const char *cookie, int64_t now, nb_session *out)
{
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    int rc = nb_session_resolve(f->st, &f->cfg, cookie, now, out, &err);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    return rc;
}

/* Roles need what tokens need; names are unique without regard to case. */
static void test_create_rules(void **state)
{
    fixture *f = *state;
    nb_err err = {{0}};
    int64_t id = 0;
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_create(f->st, &cli, "coord", "", "coordinator", 0, 0, PW, &id, &err),
                     NB_EINVAL);
    assert_int_equal(nb_user_create(f->st, &cli, "coord", "", "lezer", 99, 0, PW, &id, &err),
                     NB_ENOTFOUND);
    assert_int_equal(nb_user_create(f->st, &cli, "mw", "", "medewerker", 0, 0, PW, &id, &err),
                     NB_EINVAL);
    assert_int_equal(nb_user_create(f->st, &cli, "mw", "", "medewerker", 1, 7, PW, &id, &err),
                     NB_EINVAL); /* person 7 is of organisation 2 */
    assert_int_equal(nb_user_create(f->st, &cli, "boss", "", "beheer", 1, 0, PW, &id, &err),
                     NB_EINVAL);
    assert_int_equal(nb_user_create(f->st, &cli, "boss", "", "koning", 0, 0, PW, &id, &err),
                     NB_EINVAL);
    assert_int_equal(nb_user_create(f->st, &cli, "boss", "", "beheer", 0, 0, "kort", &id, &err),
                     NB_EINVAL);
    assert_non_null(strstr(err.msg, "12 tekens"));
    assert_int_equal(nb_user_create(f->st, &cli, "x y", "", "beheer", 0, 0, PW, &id, &err),
                     NB_EINVAL);
    /* Regression: a display name that is not UTF-8 was stored (and audited without detail). */
    assert_int_equal(nb_user_create(f->st, &cli, "xavier", "X\xff", "beheer", 0, 0, PW, &id, &err),
                     NB_EINVAL);
    /* An unknown organisation is refused before anything is written. */
    assert_int_equal(nb_user_create(f->st, &cli, "xavier", "", "lezer", 42, 0, PW, &id, &err),
                     NB_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM users"), 0);
    assert_int_equal(
        nb_user_create(f->st, &cli, "Fatima", "Fatima Bakker", "medewerker", 0, 7, PW, &id, &err),
        0);
    assert_int_equal(nb_user_create(f->st, &cli, "fATIMA", "", "lezer", 1, 0, PW, &id, &err),
                     NB_ECONFLICT);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    nb_user u;
    assert_int_equal(nb_user_find(f->st, "FATIMA", &u, &err), 0);
    assert_string_equal(u.login, "Fatima");
    assert_string_equal(u.display_name, "Fatima Bakker");
    assert_int_equal(u.organisation_id, 2); /* the person's */
    assert_int_equal(u.person_id, 7);
    /* The database refuses what C would refuse, too. */
    assert_int_not_equal(sqlite3_exec(nb_store_sqlite(f->st),
                                      "UPDATE users SET organisation_id = NULL", NULL, NULL, NULL),
                         SQLITE_OK);
    /* Only an Argon2id string is stored, never the password. */
    assert_int_equal(count(f, "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2id$%'"),
                     1);
    assert_int_equal(count(f, "SELECT count(*) FROM users WHERE password_hash LIKE '%paard%'"), 0);
}

/* Unknown login, wrong password, disabled user: one code, one message. */
static void test_login_same_answer(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    nb_user u;
    nb_err e1 = {{0}}, e2 = {{0}}, e3 = {{0}};
    int ex = 0;
    mkuser(f, "piet", "lezer", 1, 0);
    int64_t gone = mkuser(f, "gone", "lezer", 1, 0);
    assert_int_equal(nb_store_begin(f->st, &e1), 0);
    assert_int_equal(nb_user_disable(f->st, &cli, gone, &e1), 0);
    assert_int_equal(nb_user_check_password(f->st, "nobody", PW, &u, &ex, &e1), NB_EFORBIDDEN);
    assert_int_equal(ex, 0);
    assert_int_equal(nb_user_check_password(f->st, "piet", "wrong password!", &u, &ex, &e2),
                     NB_EFORBIDDEN);
    assert_int_equal(ex, 1);
    assert_int_equal(nb_user_check_password(f->st, "gone", PW, &u, &ex, &e3), NB_EFORBIDDEN);
    assert_string_equal(e1.msg, e2.msg);
    assert_string_equal(e1.msg, e3.msg);
    assert_int_equal(nb_user_check_password(f->st, "PIET", PW, &u, &ex, &e1), 0);
    assert_int_equal(nb_store_commit(f->st, &e1), 0);
    assert_int_equal(login(f, "nobody", PW, "10.0.0.1", T0, &s, NULL), NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", "wrong password!", "10.0.0.1", T0, &s, NULL), NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_FULL);
    /* The typed name of an unknown login is kept only as a hash. */
    assert_int_equal(
        count(f, "SELECT count(*) FROM login_attempts WHERE login_hash LIKE '%nobody%'"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM login_attempts WHERE outcome = 'fout'"), 2);
}

/* 5 failures per account: refused for 60 s, then 120 s after the next failure. */
static void test_throttle_account(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    int64_t wait = 0;
    mkuser(f, "piet", "lezer", 1, 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(login(f, "piet", "wrong password!", "10.0.0.1", T0 + i, &s, &wait),
                         NB_EFORBIDDEN);
    /* Even the right password is refused now, without being looked at. */
    assert_int_equal(login(f, "piet", PW, "10.0.0.2", T0 + 5, &s, &wait), NB_ELIMIT);
    assert_int_equal(wait, 59);
    assert_int_equal(login(f, "PIET", PW, "10.0.0.3", T0 + 63, &s, &wait), NB_ELIMIT);
    assert_int_equal(wait, 1);
    /* Refusals do not prolong it. */
    assert_int_equal(login(f, "piet", "wrong password!", "10.0.0.1", T0 + 64, &s, &wait),
                     NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0 + 65, &s, &wait), NB_ELIMIT);
    assert_int_equal(wait, 119); /* 6 failures: 120 s after the last */
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0 + 64 + 120, &s, &wait), 0);
    /* A success clears the account's count. */
    assert_int_equal(login(f, "piet", "wrong password!", "10.0.0.1", T0 + 200, &s, &wait),
                     NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0 + 201, &s, &wait), 0);
    /* An unknown name is throttled alike: the answer does not tell it is unknown. */
    for (int i = 0; i < 5; i++)
        assert_int_equal(login(f, "nobody", PW, "10.0.1.1", T0 + 300 + i, &s, &wait),
                         NB_EFORBIDDEN);
    assert_int_equal(login(f, "nobody", PW, "10.0.1.1", T0 + 305, &s, &wait), NB_ELIMIT);
    /* Failures older than the window (15 min) no longer count. */
    assert_int_equal(login(f, "nobody", PW, "10.0.1.1", T0 + 304 + 901, &s, &wait), NB_EFORBIDDEN);
    assert_int_equal(count(f, "SELECT count(*) FROM login_attempts WHERE outcome = 'geweigerd'"),
                     4);
}

/* Regression: failures in the same second as the last success count. They
 * were left out when "since the last success" compared seconds (at_s >)
 * instead of the order of the attempts: failures right after a success
 * (such as wrong TOTP codes after the password step) never reached the limit. */
static void test_throttle_same_second(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    int64_t wait = 0;
    mkuser(f, "piet", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0, &s, &wait), 0);
    for (int i = 0; i < 5; i++)
        assert_int_equal(login(f, "piet", "wrong password!", "10.0.0.1", T0, &s, &wait),
                         NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", PW, "10.0.0.1", T0, &s, &wait), NB_ELIMIT);
    assert_int_equal(wait, 60);
}

/* 20 failures from one address, over many names: that address waits, others not. */
static void test_throttle_address(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    int64_t wait = 0;
    char name[32];
    mkuser(f, "piet", "lezer", 1, 0);
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "guess%02d", i);
        assert_int_equal(login(f, name, PW, "192.0.2.9", T0 + i, &s, &wait), NB_EFORBIDDEN);
    }
    assert_int_equal(login(f, "piet", PW, "192.0.2.9", T0 + 20, &s, &wait), NB_ELIMIT);
    assert_int_equal(wait, 59);
    assert_int_equal(login(f, "piet", PW, "192.0.2.10", T0 + 20, &s, &wait), 0);
}

/* New random id per login; only the hash is stored; principal as for a token. */
static void test_session_resolve(void **state)
{
    fixture *f = *state;
    nb_session_new a, b;
    nb_session cur;
    mkuser(f, "fatima", "medewerker", 0, 7);
    assert_int_equal(login(f, "fatima", PW, "10.0.0.1", T0, &a, NULL), 0);
    assert_int_equal(login(f, "fatima", PW, "10.0.0.1", T0, &b, NULL), 0);
    assert_int_equal(strlen(a.cookie), NB_SESSION_TOKEN_LEN);
    assert_string_not_equal(a.cookie, b.cookie);
    assert_string_not_equal(a.csrf, b.csrf);
    assert_string_not_equal(a.cookie, a.csrf);
    char q[160];
    snprintf(q, sizeof q, "SELECT count(*) FROM sessions WHERE hash = '%s'", a.cookie);
    assert_int_equal(count(f, q), 0);
    assert_int_equal(resolve(f, a.cookie, T0 + 10, &cur), 0);
    assert_int_equal(cur.stage, NB_SESSION_FULL);
    assert_int_equal(cur.who.role, NB_ROLE_MEDEWERKER);
    assert_int_equal(cur.who.organisation_id, 2);
    assert_int_equal(cur.who.person_id, 7);
    assert_int_equal(cur.who.token_id, 0);
    assert_string_equal(cur.who.label, "fatima");
    assert_string_equal(cur.csrf, a.csrf);
    assert_int_equal(resolve(f, "not-a-session", T0, &cur), NB_ENOTFOUND);
    assert_int_equal(resolve(f, NULL, T0, &cur), NB_ENOTFOUND);
    char flipped[NB_SESSION_TOKEN_LEN + 1];
    memcpy(flipped, a.cookie, sizeof flipped);
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    assert_int_equal(resolve(f, flipped, T0, &cur), NB_ENOTFOUND);
}

/* Idle 30 min ends a session; use keeps it alive; 12 h ends it whatever happens. */
static void test_session_expiry(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    nb_session cur;
    mkuser(f, "piet", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", PW, "", T0, &s, NULL), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 1799, &cur), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 1799 + 1799, &cur), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 1799 + 1799 + 1800, &cur), NB_ENOTFOUND);
    assert_int_equal(resolve(f, s.cookie, T0 + 3600, &cur), NB_ENOTFOUND); /* stays ended */
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'inactief'"), 1);
    /* Regression: ended_at is the time passed in, not the machine's clock. */
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'inactief' "
                              "AND ended_at = '2027-01-15T09:29:58Z'"),
                     1);
    /* Absolute: a request every 20 minutes does not keep it past 12 h. */
    assert_int_equal(login(f, "piet", PW, "", T0, &s, NULL), 0);
    int64_t t = T0;
    for (; t + 1200 < T0 + 12 * 3600; t += 1200)
        assert_int_equal(resolve(f, s.cookie, t + 1200, &cur), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 12 * 3600, &cur), NB_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'verlopen'"), 1);
    /* Configurable. */
    f->cfg.idle_s = 60;
    assert_int_equal(login(f, "piet", PW, "", T0, &s, NULL), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 60, &cur), NB_ENOTFOUND);
}

/* The stored last-seen time of cookie's session (found through nb_session_peek:
 * the store keeps cookies hashed). */
static int64_t seen_of(fixture *f, const char *cookie)
{
    nb_session cur;
    nb_err err = {{0}};
    int must = -1;
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    int rc = nb_session_peek(f->st, &f->cfg, cookie, T0, &cur, &must, &err);
    nb_store_rollback(f->st);
    assert_int_equal(rc, 0);
    char q[200];
    snprintf(q, sizeof q, "SELECT last_seen_s FROM sessions WHERE id = %lld", (long long)cur.id);
    return count(f, q);
}

/* Issue 14: a page view does not write the session every time — the last-seen
 * time at most once a minute (a tenth of the idle limit when that is less);
 * idle and absolute expiry still end it, counted from the last write. */
static void test_session_seen_once_a_minute(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    nb_session cur;
    nb_err err = {{0}};
    int must = -1;
    mkuser(f, "anouk", "lezer", 1, 0);
    assert_int_equal(login(f, "anouk", PW, "", T0, &s, NULL), 0);
    assert_int_equal(nb_session_seen_step(&f->cfg), 60);
    assert_int_equal(seen_of(f, s.cookie), T0);
    assert_int_equal(resolve(f, s.cookie, T0 + 10, &cur), 0);
    assert_int_equal(seen_of(f, s.cookie), T0); /* not written */
    assert_int_equal(resolve(f, s.cookie, T0 + 59, &cur), 0);
    assert_int_equal(seen_of(f, s.cookie), T0);
    /* peek: the same answer, and whether a write is due */
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_session_peek(f->st, &f->cfg, s.cookie, T0 + 30, &cur, &must, &err), 0);
    assert_int_equal(must, 0);
    assert_int_equal(cur.who.role, NB_ROLE_LEZER);
    assert_string_equal(cur.csrf, s.csrf);
    assert_int_equal(nb_session_peek(f->st, &f->cfg, s.cookie, T0 + 60, &cur, &must, &err), 0);
    assert_int_equal(must, 1);
    assert_int_equal(nb_session_peek(f->st, &f->cfg, "not-a-session", T0, &cur, &must, &err),
                     NB_ENOTFOUND);
    assert_int_equal(must, 0);
    nb_store_rollback(f->st);
    assert_int_equal(resolve(f, s.cookie, T0 + 60, &cur), 0);
    assert_int_equal(seen_of(f, s.cookie), T0 + 60); /* due: written */
    /* Idle: counted from the last write (T0 + 60), so the view at T0 + 100
     * that wrote nothing does not extend it. */
    assert_int_equal(resolve(f, s.cookie, T0 + 100, &cur), 0);
    assert_int_equal(nb_store_begin_read(f->st, &err), 0);
    assert_int_equal(nb_session_peek(f->st, &f->cfg, s.cookie, T0 + 60 + 1800, &cur, &must, &err),
                     0);
    assert_int_equal(must, 1); /* the peek ends nothing itself */
    nb_store_rollback(f->st);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'inactief'"), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 60 + 1800, &cur), NB_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'inactief'"), 1);
    /* Absolute: requests every 50 s (every other one writes) do not keep it past 12 h. */
    assert_int_equal(login(f, "anouk", PW, "", T0, &s, NULL), 0);
    for (int64_t t = T0 + 50; t < T0 + 12 * 3600; t += 50)
        assert_int_equal(resolve(f, s.cookie, t, &cur), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 12 * 3600, &cur), NB_ENOTFOUND);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'verlopen'"), 1);
    /* A short idle limit gets a shorter step: never more than a tenth of it. */
    f->cfg.idle_s = 60;
    assert_int_equal(nb_session_seen_step(&f->cfg), 6);
    assert_int_equal(login(f, "anouk", PW, "", T0, &s, NULL), 0);
    assert_int_equal(resolve(f, s.cookie, T0 + 5, &cur), 0);
    assert_int_equal(seen_of(f, s.cookie), T0);
    assert_int_equal(resolve(f, s.cookie, T0 + 55, &cur), 0);
    assert_int_equal(seen_of(f, s.cookie), T0 + 55);
    assert_int_equal(resolve(f, s.cookie, T0 + 110, &cur), 0);
    f->cfg.idle_s = 5;
    assert_int_equal(nb_session_seen_step(&f->cfg), 0); /* every request writes */
}

/* Logout ends one session; disable and password change end all of the user's. */
static void test_session_ending(void **state)
{
    fixture *f = *state;
    nb_session_new a, b, c;
    nb_session cur;
    nb_err err = {{0}};
    int64_t id = mkuser(f, "piet", "lezer", 1, 0);
    int64_t other = mkuser(f, "klaas", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", PW, "", T0, &a, NULL), 0);
    assert_int_equal(login(f, "piet", PW, "", T0, &b, NULL), 0);
    assert_int_equal(login(f, "klaas", PW, "", T0, &c, NULL), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_session_logout(f->st, a.cookie, "10.0.0.1", &err), 0);
    assert_int_equal(nb_session_logout(f->st, a.cookie, "10.0.0.1", &err), NB_ENOTFOUND);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(resolve(f, a.cookie, T0 + 1, &cur), NB_ENOTFOUND);
    assert_int_equal(resolve(f, b.cookie, T0 + 1, &cur), 0);
    /* Password change: every session of piet ends, klaas keeps his. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_set_password(f->st, &cli, id, "een heel nieuw wachtwoord", &err), 0);
    assert_int_equal(nb_user_set_password(f->st, &cli, id, "piet", &err), NB_EINVAL);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(resolve(f, b.cookie, T0 + 2, &cur), NB_ENOTFOUND);
    assert_int_equal(resolve(f, c.cookie, T0 + 2, &cur), 0);
    assert_int_equal(login(f, "piet", PW, "", T0 + 3, &a, NULL), NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", "een heel nieuw wachtwoord", "", T0 + 3, &a, NULL), 0);
    /* Disable: sessions end, login refused with the same answer as a wrong password. */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_disable(f->st, &cli, other, &err), 0);
    assert_int_equal(nb_user_disable(f->st, &cli, 999, &err), NB_ENOTFOUND);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(resolve(f, c.cookie, T0 + 4, &cur), NB_ENOTFOUND);
    assert_int_equal(login(f, "klaas", PW, "", T0 + 5, &c, NULL), NB_EFORBIDDEN);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'geblokkeerd'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'wachtwoord'"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions WHERE end_reason = 'uitgelogd'"), 1);
    assert_int_equal(resolve(f, a.cookie, T0 + 6, &cur), 0);
}

static void test_csrf(void **state)
{
    (void)state;
    const char *tok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
    assert_true(nb_session_csrf_ok(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"));
    assert_false(nb_session_csrf_ok(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPR"));
    assert_false(nb_session_csrf_ok(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"));
    assert_false(nb_session_csrf_ok(tok, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"));
    assert_false(nb_session_csrf_ok(tok, ""));
    assert_false(nb_session_csrf_ok(tok, NULL));
    assert_false(nb_session_csrf_ok("", ""));
    assert_false(nb_session_csrf_ok(NULL, tok));
}

/* The current code of user id's pending or enrolled secret, read from the table. */
static void code_for(fixture *f, int64_t id, const char *col, int64_t now, int64_t delta,
                     char out[8])
{
    char q[128];
    sqlite3_stmt *s = NULL;
    snprintf(q, sizeof q, "SELECT %s FROM users WHERE id = %lld", col, (long long)id);
    assert_int_equal(sqlite3_prepare_v2(nb_store_sqlite(f->st), q, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    unsigned char key[64];
    size_t n = 0;
    assert_int_equal(nb_base32_decode((const char *)sqlite3_column_text(s, 0), key, sizeof key, &n),
                     0);
    sqlite3_finalize(s);
    snprintf(out, 8, "%06lld",
             (long long)nb_hotp(key, n, (uint64_t)(nb_totp_step(now) + delta), NB_TOTP_DIGITS));
}

/* beheer: password, then enrolment (forced), then a code at every login; a
 * code is used once. */
static void test_totp_beheer(void **state)
{
    fixture *f = *state;
    nb_session_new s, full;
    nb_session cur;
    nb_err err = {{0}};
    int64_t wait = 0;
    char secret[NB_TOTP_SECRET_B32], code[8];
    int64_t id = mkuser(f, "netwerk-mt", "beheer", 0, 0);
    assert_int_equal(login(f, "netwerk-mt", PW, "", T0, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_ENROL);
    /* Not logged in yet: no role. */
    assert_int_equal(resolve(f, s.cookie, T0 + 1, &cur), 0);
    assert_int_equal(cur.stage, NB_SESSION_ENROL);
    assert_int_equal(cur.who.role, NB_ROLE_PUBLIC);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_session_promote(f->st, &f->cfg, s.cookie, "", T0 + 2, &full, &err),
                     NB_ECONFLICT);
    assert_int_equal(nb_user_totp_confirm(f->st, &cli, id, "123456", T0, &err), NB_ECONFLICT);
    char again[NB_TOTP_SECRET_B32];
    assert_int_equal(nb_user_totp_pending(f->st, id, again, &err), NB_ECONFLICT);
    assert_int_equal(nb_user_totp_begin(f->st, &cli, id, secret, &err), 0);
    assert_int_equal(strlen(secret), 32);
    code_for(f, id, "totp_pending", T0 + 3, 0, code);
    char wrong[8];
    snprintf(wrong, sizeof wrong, "%06d", (int)((strtol(code, NULL, 10) + 1) % 1000000));
    assert_int_equal(nb_user_totp_confirm(f->st, &cli, id, wrong, T0 + 3, &err), NB_EINVAL);
    /* After a wrong code the same pending secret is shown again, none is made. */
    assert_int_equal(nb_user_totp_pending(f->st, id, again, &err), 0);
    assert_string_equal(again, secret);
    assert_int_equal(nb_user_totp_confirm(f->st, &cli, id, code, T0 + 3, &err), 0);
    assert_int_equal(nb_user_totp_pending(f->st, id, again, &err), NB_ECONFLICT);
    assert_int_equal(nb_user_totp_pending(f->st, 99999, again, &err), NB_ENOTFOUND);
    assert_int_equal(nb_session_promote(f->st, &f->cfg, s.cookie, "", T0 + 4, &full, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_string_not_equal(full.cookie, s.cookie);
    assert_int_equal(resolve(f, s.cookie, T0 + 5, &cur), NB_ENOTFOUND);
    assert_int_equal(resolve(f, full.cookie, T0 + 5, &cur), 0);
    assert_int_equal(cur.who.role, NB_ROLE_BEHEER);

    /* The next login asks for a code; the enrolment's code is used up. */
    assert_int_equal(login(f, "netwerk-mt", PW, "", T0 + 10, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_TOTP);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_session_second_factor(f->st, &f->cfg, s.cookie, code, "", T0 + 10, &full, &wait, &err),
        NB_ECONFLICT);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    code_for(f, id, "totp_secret", T0 + 40, 0, code);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_session_second_factor(f->st, &f->cfg, s.cookie, code, "", T0 + 40, &full, &wait, &err),
        0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(resolve(f, full.cookie, T0 + 41, &cur), 0);
    assert_int_equal(cur.who.role, NB_ROLE_BEHEER);
    assert_int_equal(resolve(f, s.cookie, T0 + 41, &cur), NB_ENOTFOUND);
    /* Replay of that code on a new login: refused. */
    assert_int_equal(login(f, "netwerk-mt", PW, "", T0 + 45, &s, NULL), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(
        nb_session_second_factor(f->st, &f->cfg, s.cookie, code, "", T0 + 45, &full, &wait, &err),
        NB_ECONFLICT);
    /* A full session cannot be used as a TOTP step. */
    assert_int_equal(nb_session_second_factor(f->st, &f->cfg, full.cookie, code, "", T0 + 45, &full,
                                              &wait, &err),
                     NB_ENOTFOUND);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    /* Wrong codes count toward the throttle. */
    for (int i = 0; i < 4; i++) {
        assert_int_equal(nb_store_begin(f->st, &err), 0);
        assert_int_equal(nb_session_second_factor(f->st, &f->cfg, s.cookie, "000000", "",
                                                  T0 + 46 + i, &full, &wait, &err) != 0,
                         1);
        assert_int_equal(nb_store_commit(f->st, &err), 0);
    }
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    code_for(f, id, "totp_secret", T0 + 100, 0, code);
    assert_int_equal(
        nb_session_second_factor(f->st, &f->cfg, s.cookie, code, "", T0 + 51, &full, &wait, &err),
        NB_ELIMIT);
    assert_true(wait > 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
}

/* Optional TOTP for others: a lezer with TOTP gets the code step too. */
static void test_totp_optional(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    nb_err err = {{0}};
    char secret[NB_TOTP_SECRET_B32], code[8];
    int64_t id = mkuser(f, "piet", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", PW, "", T0, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_FULL);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_totp_begin(f->st, &cli, id, secret, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    /* Not confirmed yet: login as before. */
    assert_int_equal(login(f, "piet", PW, "", T0 + 1, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_FULL);
    code_for(f, id, "totp_pending", T0 + 2, -1, code); /* the step before: in the window */
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_totp_confirm(f->st, &cli, id, code, T0 + 2, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    assert_int_equal(login(f, "piet", PW, "", T0 + 3, &s, NULL), 0);
    assert_int_equal(s.stage, NB_SESSION_TOTP);
}

/* Nothing of 007 can be deleted; attempts cannot be changed. */
static void test_never_deleted(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    mkuser(f, "piet", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", PW, "", T0, &s, NULL), 0);
    sqlite3 *db = nb_store_sqlite(f->st);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM users", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM sessions", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM login_attempts", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE login_attempts SET outcome = 'ok'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(count(f, "SELECT count(*) FROM users"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM sessions"), 1);
}

static int collect(void *ctx, const nb_audit_row *row)
{
    char *acc = ctx;
    size_t n = strlen(acc);
    snprintf(acc + n, 2048 - n, "%s/%s/%s;", row->entity, row->action, row->actor);
    /* No password, hash or secret ever reaches the log. */
    assert_null(strstr(row->detail, "paard"));
    assert_null(strstr(row->detail, "argon2"));
    return 0;
}

static void test_audit(void **state)
{
    fixture *f = *state;
    nb_session_new s;
    nb_err err = {{0}};
    char secret[NB_TOTP_SECRET_B32];
    int64_t id = mkuser(f, "piet", "lezer", 1, 0);
    assert_int_equal(login(f, "piet", "wrong password!", "10.1.1.1", T0, &s, NULL), NB_EFORBIDDEN);
    assert_int_equal(login(f, "piet", PW, "10.1.1.1", T0, &s, NULL), 0);
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_user_totp_begin(f->st, &cli, id, secret, &err), 0);
    assert_int_equal(nb_session_logout(f->st, s.cookie, "10.1.1.1", &err), 0);
    assert_int_equal(nb_user_set_password(f->st, &cli, id, "een heel nieuw wachtwoord", &err), 0);
    assert_int_equal(nb_user_disable(f->st, &cli, id, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    char acc[2048] = "";
    int64_t total = 0;
    assert_int_equal(nb_audit_list(f->st, NULL, 0, 100, collect, acc, &total, &err), 0);
    assert_string_equal(acc, "user/disable/cli;user/password/cli;session/logout/piet;"
                             "user/totp-start/cli;session/create/piet;user/login-failed/piet;"
                             "user/create/cli;");
    char q[128];
    snprintf(q, sizeof q, "SELECT count(*) FROM audit_log WHERE detail LIKE '%%%s%%'", secret);
    assert_int_equal(count(f, q), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE remote = '10.1.1.1'"), 3);
}

/* `noaber demo`'s logins: one per role, each logs in with the password shown. */
static void test_demo_logins(void **state)
{
    fixture *f = *state;
    nb_demo_login logins[4];
    nb_session_new s;
    nb_session cur;
    nb_err err = {{0}};
    assert_int_equal(nb_store_begin(f->st, &err), 0);
    assert_int_equal(nb_demo_logins(f->st, 1, 7, logins, &err), 0);
    assert_int_equal(nb_store_commit(f->st, &err), 0);
    static const int stage[4] = {NB_SESSION_ENROL, NB_SESSION_FULL, NB_SESSION_FULL,
                                 NB_SESSION_FULL};
    static const int role[4] = {NB_ROLE_BEHEER, NB_ROLE_COORDINATOR, NB_ROLE_MEDEWERKER,
                                NB_ROLE_LEZER};
    static const int64_t org[4] = {0, 1, 2, 1}, person[4] = {0, 0, 7, 0};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(strlen(logins[i].password), 16);
        assert_int_equal(login(f, logins[i].login, logins[i].password, "", T0, &s, NULL), 0);
        assert_int_equal(s.stage, stage[i]);
        assert_int_equal(resolve(f, s.cookie, T0, &cur), 0);
        if (stage[i] == NB_SESSION_FULL) {
            assert_int_equal(cur.who.role, role[i]);
            assert_int_equal(cur.who.organisation_id, org[i]);
            assert_int_equal(cur.who.person_id, person[i]);
        }
    }
    assert_string_equal(logins[0].login, "demo-beheer");
    assert_string_not_equal(logins[0].password, logins[1].password);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_same_answer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_account, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_same_second, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_seen_once_a_minute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_ending, setup, teardown),
        cmocka_unit_test(test_csrf),
        cmocka_unit_test_setup_teardown(test_totp_beheer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_totp_optional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_logins, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
