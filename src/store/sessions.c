/*
 * store/sessions.c — login, throttling and server-side sessions; see sessions.h.
 */
#include "store/sessions.h"

#include "store/tokens.h"
#include "store/users.h"
#include "util/date.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const nb_session_stage_names[] = {"volledig", "totp", "inschrijven"};
static const char *const nb_session_end_names[] = {
    "uitgelogd", "verlopen", "inactief", "wachtwoord", "geblokkeerd", "verhoogd", "beheer"};

void nb_auth_config_default(nb_auth_config *cfg)
{
    cfg->idle_s = (int64_t)30 * 60;
    cfg->absolute_s = (int64_t)12 * 60 * 60;
    cfg->account_failures = 5;
    cfg->address_failures = 20;
    cfg->window_s = (int64_t)15 * 60;
    cfg->delay_s = 60;
    cfg->max_delay_s = (int64_t)15 * 60;
}

static void nb_session_random(char out[NB_SESSION_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, NB_SESSION_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

int nb_session_csrf_ok(const char *expected, const char *given)
{
    if (expected == NULL || given == NULL || expected[0] == '\0')
        return 0;
    size_t n = strlen(expected);
    if (strlen(given) != n)
        return 0;
    return sodium_memcmp(expected, given, n) == 0;
}

/* ---- Throttling ---------------------------------------------------------- */

/* Failures that count and the latest of them, for a login hash or an address. */
static int nb_session_failures(nb_store *st, const char *sql, const char *value, int64_t since,
                               int64_t *count, int64_t *latest, nb_err *err)
{
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, value);
    nb_store_bind_int(st, s, 2, since);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        *count = nb_db_col_int(s, 0);
        *latest = nb_db_col_int(s, 1);
    } else {
        rc = nb_store_fail(st, err, "login attempts");
    }
    nb_db_reset(s);
    return rc;
}

/* Seconds until failures (of which the latest at latest) allow another try; 0 = now. */
static int64_t nb_session_wait(const nb_auth_config *cfg, int64_t failures, int limit,
                               int64_t latest, int64_t now)
{
    if (limit <= 0 || failures < limit)
        return 0;
    int64_t delay = cfg->delay_s;
    for (int64_t i = limit; i < failures && delay < cfg->max_delay_s; i++)
        delay *= 2;
    if (delay > cfg->max_delay_s)
        delay = cfg->max_delay_s;
    int64_t until = latest + delay;
    return until > now ? until - now : 0;
}

/* How long login_hash from remote must wait at now (0 = may try). */
static int nb_session_throttle(nb_store *st, const nb_auth_config *cfg, const char *login_hash,
                               const char *remote, int64_t now, int64_t *wait, nb_err *err)
{
    static const char account_sql[] =
        "SELECT count(*), COALESCE(max(at_s), 0) FROM login_attempts WHERE login_hash = $1 "
        "AND outcome = 'fout' AND at_s > $2 AND id > COALESCE((SELECT max(id) FROM "
        "login_attempts WHERE login_hash = $1 AND outcome = 'ok'), 0)";
    static const char address_sql[] =
        "SELECT count(*), COALESCE(max(at_s), 0) FROM login_attempts WHERE remote = $1 "
        "AND outcome = 'fout' AND at_s > $2";
    int64_t n = 0, latest = 0, w1, w2;
    int rc =
        nb_session_failures(st, account_sql, login_hash, now - cfg->window_s, &n, &latest, err);
    if (rc != 0)
        return rc;
    w1 = nb_session_wait(cfg, n, cfg->account_failures, latest, now);
    rc = nb_session_failures(st, address_sql, remote, now - cfg->window_s, &n, &latest, err);
    if (rc != 0)
        return rc;
    w2 = nb_session_wait(cfg, n, cfg->address_failures, latest, now);
    *wait = w1 > w2 ? w1 : w2;
    return 0;
}

static int nb_session_attempt(nb_store *st, const char *login_hash, const char *remote,
                              int64_t user_id, const char *outcome, int64_t now, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO login_attempts (at, at_s, login_hash, remote, user_id, outcome) "
        "VALUES ($1, $2, $3, $4, $5, $6)";
    char iso[21];
    nb_time_iso(now, iso);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, iso);
    nb_store_bind_int(st, s, 2, now);
    nb_store_bind_text(st, s, 3, login_hash);
    nb_store_bind_text(st, s, 4, remote);
    nb_store_bind_opt_id(st, s, 5, user_id);
    nb_store_bind_text(st, s, 6, outcome);
    return nb_store_exec_stmt(st, s, err);
}

/* The hash under which a login name's attempts are kept (never the name). */
static void nb_session_login_hash(const char *login, char out[NB_TOKEN_HASH_LEN])
{
    char key[NB_LOGIN_MAX + 1];
    size_t i = 0;
    for (; login[i] && i < NB_LOGIN_MAX; i++)
        key[i] = (char)((login[i] >= 'A' && login[i] <= 'Z') ? login[i] - 'A' + 'a' : login[i]);
    key[i] = '\0';
    nb_token_hash(key, out);
    sodium_memzero(key, sizeof key);
}

/* ---- Sessions ------------------------------------------------------------ */

static int nb_session_audit(nb_store *st, const nb_user *u, const char *remote, const char *action,
                            const char *entity, int64_t id, const char *detail, nb_err *err)
{
    nb_actor a = {u ? u->login : "", u ? u->role : "", remote ? remote : ""};
    return nb_store_audit(st, &a, action, entity, id, detail, err);
}

/* Makes a session for user u in stage at now into *out. */
static int nb_session_make(nb_store *st, const nb_auth_config *cfg, const nb_user *u,
                           nb_session_stage stage, const char *remote, int64_t now,
                           nb_session_new *out, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO sessions (hash, user_id, stage, csrf, remote, created_at, created_s, "
        "last_seen_s, expires_s) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)";
    char hash[NB_TOKEN_HASH_LEN], iso[21], detail[64];
    memset(out, 0, sizeof *out);
    nb_session_random(out->cookie);
    nb_session_random(out->csrf);
    nb_token_hash(out->cookie, hash);
    nb_time_iso(now, iso);
    out->stage = stage;
    out->user_id = u->id;
    out->expires_s = now + cfg->absolute_s;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, hash);
    nb_store_bind_int(st, s, 2, u->id);
    nb_store_bind_text(st, s, 3, nb_session_stage_names[stage]);
    nb_store_bind_text(st, s, 4, out->csrf);
    nb_store_bind_text(st, s, 5, remote ? remote : "");
    nb_store_bind_text(st, s, 6, iso);
    nb_store_bind_int(st, s, 7, now);
    nb_store_bind_int(st, s, 8, out->expires_s);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    snprintf(detail, sizeof detail, "{\"stage\":\"%s\",\"user\":%lld}",
             nb_session_stage_names[stage], (long long)u->id);
    return nb_session_audit(st, u, remote, "create", "session", nb_store_last_id(st), detail, err);
}

int nb_session_login(nb_store *st, const nb_auth_config *cfg, const char *login,
                     const char *password, const char *remote, int64_t now, nb_session_new *out,
                     int64_t *retry_after, nb_err *err)
{
    char lh[NB_TOKEN_HASH_LEN];
    nb_user u;
    int exists = 0, rc;
    nb_err ignored;
    *retry_after = 0;
    memset(out, 0, sizeof *out);
    if (remote == NULL)
        remote = "";
    nb_session_login_hash(login, lh);
    if ((rc = nb_session_throttle(st, cfg, lh, remote, now, retry_after, err)) != 0)
        return rc;
    if (*retry_after > 0) {
        if ((rc = nb_session_attempt(st, lh, remote, 0, "geweigerd", now, err)) != 0)
            return rc;
        return nb_err_set(err, NB_ELIMIT, "too many failed logins; try again in %lld s",
                          (long long)*retry_after);
    }
    rc = nb_user_check_password(st, login, password, &u, &exists, &ignored);
    if (rc == NB_EFORBIDDEN) {
        if ((rc = nb_session_attempt(st, lh, remote, exists ? u.id : 0, "fout", now, err)) != 0)
            return rc;
        if ((rc = nb_session_audit(st, exists ? &u : NULL, remote, "login-failed", "user",
                                   exists ? u.id : 0, NULL, err)) != 0)
            return rc;
        return nb_err_set(err, NB_EFORBIDDEN, "unknown login name or wrong password");
    }
    if (rc != 0)
        return nb_err_set(err, rc, "%s", ignored.msg);
    if ((rc = nb_session_attempt(st, lh, remote, u.id, "ok", now, err)) != 0)
        return rc;
    nb_session_stage stage = u.totp_enrolled                 ? NB_SESSION_TOTP
                             : strcmp(u.role, "beheer") == 0 ? NB_SESSION_ENROL
                                                             : NB_SESSION_FULL;
    return nb_session_make(st, cfg, &u, stage, remote, now, out, err);
}

/* Ends session id at Unix time now for reason (no audit). */
static int nb_session_end_row(nb_store *st, int64_t id, nb_session_end_reason reason, int64_t now,
                              nb_err *err)
{
    static const char sql[] =
        "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL";
    char iso[21];
    nb_time_iso(now, iso);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, iso);
    nb_store_bind_text(st, s, 3, nb_session_end_names[reason]);
    return nb_store_exec_stmt(st, s, err);
}

/* Finds the live (not ended) session of cookie; NB_ENOTFOUND otherwise. */
static int nb_session_find(nb_store *st, const char *cookie, nb_session *out, nb_err *err)
{
    static const char sql[] =
        "SELECT s.id, s.user_id, s.stage, s.csrf, s.created_s, s.last_seen_s, s.expires_s "
        "FROM sessions s WHERE s.hash = $1 AND s.ended_at IS NULL";
    char hash[NB_TOKEN_HASH_LEN];
    memset(out, 0, sizeof *out);
    if (cookie == NULL || strlen(cookie) != NB_SESSION_TOKEN_LEN)
        return nb_err_set(err, NB_ENOTFOUND, "no session");
    nb_token_hash(cookie, hash);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, hash);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        out->id = nb_db_col_int(s, 0);
        out->user_id = nb_db_col_int(s, 1);
        const char *stage = nb_store_col_text(s, 2);
        out->stage = strcmp(stage, "totp") == 0          ? NB_SESSION_TOTP
                     : strcmp(stage, "inschrijven") == 0 ? NB_SESSION_ENROL
                                                         : NB_SESSION_FULL;
        nb_store_col_copy(s, 3, out->csrf, sizeof out->csrf);
        out->created_s = nb_db_col_int(s, 4);
        out->last_seen_s = nb_db_col_int(s, 5);
        out->expires_s = nb_db_col_int(s, 6);
    } else if (r == NB_DB_DONE) {
        rc = nb_err_set(err, NB_ENOTFOUND, "no session");
    } else {
        rc = nb_store_fail(st, err, "session");
    }
    nb_db_reset(s);
    return rc;
}

int64_t nb_session_seen_step(const nb_auth_config *cfg)
{
    int64_t step = cfg->idle_s / 10;
    return step < NB_SESSION_SEEN_STEP ? (step > 0 ? step : 0) : NB_SESSION_SEEN_STEP;
}

/*
 * nb_session_resolve and nb_session_peek: with may_write 0 nothing is
 * written, and *must_write says whether resolving would write (a session
 * past a limit is ended; a last-seen time at least nb_session_seen_step old
 * is brought up to now); then 0 means the session is live and *out is
 * complete only when *must_write is 0.
 */
static int nb_session_check(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                            int64_t now, nb_session *out, int may_write, int *must_write,
                            nb_err *err)
{
    static const char seen_sql[] = "UPDATE sessions SET last_seen_s = $2 WHERE id = $1";
    nb_user u;
    *must_write = 0;
    int rc = nb_session_find(st, cookie, out, err);
    if (rc != 0)
        return rc;
    int expired = now >= out->expires_s, idle = now - out->last_seen_s >= cfg->idle_s;
    if (expired || idle) {
        *must_write = 1;
        if (!may_write)
            return 0;
        rc = nb_session_end_row(st, out->id, expired ? NB_SESSION_END_EXPIRED : NB_SESSION_END_IDLE,
                                now, err);
        if (rc == 0)
            rc = nb_session_audit(st, NULL, "", expired ? "expire" : "idle", "session", out->id,
                                  NULL, err);
        if (rc != 0)
            return rc;
        return nb_err_set(err, NB_ENOTFOUND, "session has ended");
    }
    if ((rc = nb_user_get(st, out->user_id, &u, err)) != 0)
        return rc;
    if (u.disabled) /* disabling ends sessions; this only guards against a missed one */
        return nb_err_set(err, NB_ENOTFOUND, "user is disabled");
    /* Written at most once per step (not per request): a page view then needs
     * no write lock and no commit. The idle limit counts from the last write,
     * so it may end a session up to one step early (a tenth of the limit). */
    if (now - out->last_seen_s >= nb_session_seen_step(cfg) || now < out->last_seen_s) {
        *must_write = 1;
        if (!may_write)
            return 0;
        nb_db_stmt *s = nb_store_stmt(st, seen_sql, err);
        if (s == NULL)
            return NB_EDB;
        nb_store_bind_int(st, s, 1, out->id);
        nb_store_bind_int(st, s, 2, now);
        if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
            return rc;
        out->last_seen_s = now;
    }
    if (out->stage == NB_SESSION_FULL) {
        out->who.role = nb_role_parse(u.role);
        out->who.token_id = 0;
        out->who.organisation_id = u.organisation_id;
        out->who.person_id = u.person_id;
        snprintf(out->who.label, sizeof out->who.label, "%s", u.display_name);
    } else {
        out->who.role = NB_ROLE_PUBLIC;
    }
    return 0;
}

int nb_session_resolve(nb_store *st, const nb_auth_config *cfg, const char *cookie, int64_t now,
                       nb_session *out, nb_err *err)
{
    int must_write = 0;
    return nb_session_check(st, cfg, cookie, now, out, 1, &must_write, err);
}

int nb_session_peek(nb_store *st, const nb_auth_config *cfg, const char *cookie, int64_t now,
                    nb_session *out, int *must_write, nb_err *err)
{
    return nb_session_check(st, cfg, cookie, now, out, 0, must_write, err);
}

/* Ends the live session of cookie in stage want and makes a FULL one. */
static int nb_session_step_up(nb_store *st, const nb_auth_config *cfg, const nb_session *old,
                              const nb_user *u, const char *remote, int64_t now,
                              nb_session_new *out, nb_err *err)
{
    int rc = nb_session_end_row(st, old->id, NB_SESSION_END_PROMOTED, now, err);
    if (rc != 0)
        return rc;
    return nb_session_make(st, cfg, u, NB_SESSION_FULL, remote, now, out, err);
}

int nb_session_second_factor(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                             const char *code, const char *remote, int64_t now, nb_session_new *out,
                             int64_t *retry_after, nb_err *err)
{
    nb_session cur;
    nb_user u;
    char lh[NB_TOKEN_HASH_LEN];
    int rc;
    *retry_after = 0;
    if (remote == NULL)
        remote = "";
    if ((rc = nb_session_resolve(st, cfg, cookie, now, &cur, err)) != 0)
        return rc;
    if (cur.stage != NB_SESSION_TOTP)
        return nb_err_set(err, NB_ENOTFOUND, "the session does not wait for a code");
    if ((rc = nb_user_get(st, cur.user_id, &u, err)) != 0)
        return rc;
    nb_session_login_hash(u.login, lh);
    if ((rc = nb_session_throttle(st, cfg, lh, remote, now, retry_after, err)) != 0)
        return rc;
    if (*retry_after > 0) {
        if ((rc = nb_session_attempt(st, lh, remote, u.id, "geweigerd", now, err)) != 0)
            return rc;
        return nb_err_set(err, NB_ELIMIT, "too many failed logins; try again in %lld s",
                          (long long)*retry_after);
    }
    nb_err why;
    int v = nb_user_totp_check(st, u.id, code, now, &why);
    if (v == NB_EINVAL || v == NB_ECONFLICT) {
        if ((rc = nb_session_attempt(st, lh, remote, u.id, "fout", now, err)) != 0)
            return rc;
        if ((rc = nb_session_audit(st, &u, remote, "totp-failed", "user", u.id, NULL, err)) != 0)
            return rc;
        return nb_err_set(err, v, "%s", why.msg);
    }
    if (v != 0)
        return nb_err_set(err, v, "%s", why.msg);
    if ((rc = nb_session_attempt(st, lh, remote, u.id, "ok", now, err)) != 0)
        return rc;
    return nb_session_step_up(st, cfg, &cur, &u, remote, now, out, err);
}

int nb_session_promote(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                       const char *remote, int64_t now, nb_session_new *out, nb_err *err)
{
    nb_session cur;
    nb_user u;
    int rc;
    if ((rc = nb_session_resolve(st, cfg, cookie, now, &cur, err)) != 0)
        return rc;
    if (cur.stage != NB_SESSION_ENROL)
        return nb_err_set(err, NB_ENOTFOUND, "the session does not wait for enrolment");
    if ((rc = nb_user_get(st, cur.user_id, &u, err)) != 0)
        return rc;
    if (!u.totp_enrolled)
        return nb_err_set(err, NB_ECONFLICT, "TOTP enrolment has not been confirmed");
    return nb_session_step_up(st, cfg, &cur, &u, remote, now, out, err);
}

int nb_session_logout(nb_store *st, const char *cookie, const char *remote, nb_err *err)
{
    nb_session cur;
    nb_user u;
    int rc = nb_session_find(st, cookie, &cur, err);
    if (rc != 0)
        return rc;
    if ((rc = nb_user_get(st, cur.user_id, &u, err)) != 0)
        return rc;
    if ((rc = nb_session_end_row(st, cur.id, NB_SESSION_END_LOGOUT, (int64_t)time(NULL), err)) != 0)
        return rc;
    return nb_session_audit(st, &u, remote, "logout", "session", cur.id, NULL, err);
}

int nb_session_end_all(nb_store *st, const nb_actor *actor, int64_t user_id,
                       nb_session_end_reason reason, int64_t *ended, nb_err *err)
{
    static const char sql[] =
        "UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE user_id = $1 "
        "AND ended_at IS NULL";
    char iso[21], detail[96];
    nb_time_iso((int64_t)time(NULL), iso);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, user_id);
    nb_store_bind_text(st, s, 2, iso);
    nb_store_bind_text(st, s, 3, nb_session_end_names[reason]);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    int64_t n = nb_store_changes(st);
    if (ended)
        *ended = n;
    if (n == 0)
        return 0;
    snprintf(detail, sizeof detail, "{\"reason\":\"%s\",\"sessions\":%lld,\"user\":%lld}",
             nb_session_end_names[reason], (long long)n, (long long)user_id);
    return nb_store_audit(st, actor, "end-all", "session", 0, detail, err);
}
