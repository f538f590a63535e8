/*
 * store/users.c — accounts, passwords, TOTP enrolment; see users.h.
 */
#include "store/users.h"

#include "store/sessions.h"
#include "util/date.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An Argon2id hash of a password nobody knows, with the parameters of
 * nb_user_hash: an unknown login costs the same verification as a real one. */
static const char nb_user_dummy_hash[] = "$argon2id$v=19$m=65536,t=2,p=1$RJ3R6I49POb/f3XffYCJPA$"
                                         "hGXj8MuTX2IoaCA1DHE2IJAjkduJhZ7UtYWZy7ImbgA";

#define NB_USER_COLS                                                                        \
    "id, login, display_name, role, COALESCE(organisation_id, 0), COALESCE(person_id, 0), " \
    "totp_enrolled, COALESCE(disabled_at, ''), created_at, updated_at"

static void nb_user_decode(nb_db_stmt *s, nb_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, u->login, sizeof u->login);
    nb_store_col_copy(s, 2, u->display_name, sizeof u->display_name);
    nb_store_col_copy(s, 3, u->role, sizeof u->role);
    u->organisation_id = nb_db_col_int(s, 4);
    u->person_id = nb_db_col_int(s, 5);
    u->totp_enrolled = (int)nb_db_col_int(s, 6);
    nb_store_col_copy(s, 7, u->disabled_at, sizeof u->disabled_at);
    u->disabled = u->disabled_at[0] != '\0';
    nb_store_col_copy(s, 8, u->created_at, sizeof u->created_at);
    nb_store_col_copy(s, 9, u->updated_at, sizeof u->updated_at);
}

/* Audits a change of user id with a small JSON detail (may be NULL). */
static int nb_user_audit(nb_store *st, const nb_actor *actor, const char *action, int64_t id,
                         json_t *detail, nb_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    int rc = nb_store_audit(st, actor, action, "user", id, text, err);
    free(text);
    return rc;
}

/* Hashes password with Argon2id into out; NB_ENOMEM when libsodium cannot. */
static int nb_user_hash(const char *password, char out[crypto_pwhash_STRBYTES], nb_err *err)
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return nb_err_set(err, NB_ENOMEM, "password hashing ran out of memory");
    return 0;
}

static int nb_user_policy(const char *login, const char *password, nb_err *err)
{
    nb_password_verdict v = nb_password_check(login, password);
    if (v != NB_PASSWORD_OK)
        return nb_err_set(err, NB_EINVAL, "%s", nb_password_verdict_nl(v));
    return 0;
}

/* The token rules: which of organisation and person a role needs. */
static int nb_user_scope(nb_store *st, const char *role, int64_t *org, int64_t person, nb_err *err)
{
    static const char org_sql[] = "SELECT id FROM organisations WHERE id = $1";
    static const char person_sql[] = "SELECT organisation_id FROM people WHERE id = $1";
    int is_beheer = strcmp(role, "beheer") == 0, is_mw = strcmp(role, "medewerker") == 0;
    int rc;
    if (!is_beheer && !is_mw && strcmp(role, "coordinator") != 0 && strcmp(role, "lezer") != 0)
        return nb_err_set(err, NB_EINVAL,
                          "unknown role '%s'; use beheer, coordinator, medewerker or lezer", role);
    if (is_mw) {
        int64_t porg = 0;
        if (person <= 0)
            return nb_err_set(err, NB_EINVAL, "role medewerker needs a person");
        rc = nb_store_find_id(st, person_sql, person, &porg, "user", err);
        if (rc == NB_ENOTFOUND)
            return nb_err_set(err, NB_ENOTFOUND, "person %lld does not exist", (long long)person);
        if (rc != 0)
            return rc;
        if (*org > 0 && *org != porg)
            return nb_err_set(err, NB_EINVAL, "person %lld does not belong to organisation %lld",
                              (long long)person, (long long)*org);
        *org = porg;
        return 0;
    }
    if (person > 0)
        return nb_err_set(err, NB_EINVAL, "a person is only for role medewerker");
    if (is_beheer) {
        if (*org > 0)
            return nb_err_set(err, NB_EINVAL, "role beheer has no organisation");
        return 0;
    }
    if (*org <= 0)
        return nb_err_set(err, NB_EINVAL, "role %s needs an organisation", role);
    rc = nb_store_find_id(st, org_sql, *org, NULL, "user", err);
    if (rc == NB_ENOTFOUND)
        return nb_err_set(err, NB_ENOTFOUND, "organisation %lld does not exist", (long long)*org);
    return rc;
}

/* Checks the password, hashes it and inserts the row of nb_user_create. */
static int nb_user_create_row(nb_store *st, const char *login, const char *key,
                              const char *display_name, const char *role, int64_t organisation_id,
                              int64_t person_id, const char *password, int64_t *id, nb_err *err)
{
    static const char sql[] =
        "INSERT INTO users (login, login_key, display_name, role, organisation_id, person_id, "
        "password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
    char hash[crypto_pwhash_STRBYTES], now[21];
    int rc;
    if ((rc = nb_user_policy(login, password, err)) != 0)
        return rc;
    if ((rc = nb_user_hash(password, hash, err)) != 0)
        return rc;
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, login);
    nb_store_bind_text(st, s, 2, key);
    nb_store_bind_text(st, s, 3, display_name);
    nb_store_bind_text(st, s, 4, role);
    nb_store_bind_opt_id(st, s, 5, organisation_id);
    nb_store_bind_opt_id(st, s, 6, person_id);
    nb_store_bind_text(st, s, 7, hash);
    nb_store_bind_text(st, s, 8, now);
    rc = nb_store_exec_stmt(st, s, err);
    sodium_memzero(hash, sizeof hash);
    if (rc != 0)
        return rc;
    *id = nb_store_last_id(st);
    return 0;
}

int nb_user_create(nb_store *st, const nb_actor *actor, const char *login, const char *display_name,
                   const char *role, int64_t organisation_id, int64_t person_id,
                   const char *password, int64_t *id, nb_err *err)
{
    char key[NB_LOGIN_MAX + 1];
    nb_user existing;
    int rc;
    if (nb_login_key(login, key) != 0)
        return nb_err_set(err, NB_EINVAL,
                          "login name must be 3 to 64 characters of a-z, 0-9, '.', '_', '@', '-'");
    if (display_name == NULL || display_name[0] == '\0')
        display_name = login;
    if (strlen(display_name) >= sizeof existing.display_name)
        return nb_err_set(err, NB_EINVAL, "display name is longer than 127 bytes");
    json_t *d = json_pack("{s:s, s:s, s:s}", "login", login, "role", role, "name", display_name);
    if (d == NULL) /* jansson refuses text that is not UTF-8 */
        return nb_err_set(err, NB_EINVAL, "display name is not valid UTF-8");
    rc = nb_user_scope(st, role, &organisation_id, person_id, err);
    if (rc == 0) {
        rc = nb_user_find(st, login, &existing, err);
        if (rc == 0)
            rc = nb_err_set(err, NB_ECONFLICT, "login name '%s' is taken", login);
        else if (rc == NB_ENOTFOUND)
            rc = nb_user_create_row(st, login, key, display_name, role, organisation_id, person_id,
                                    password, id, err);
    }
    if (rc != 0) {
        json_decref(d);
        return rc;
    }
    if (organisation_id > 0)
        json_object_set_new(d, "organisation", json_integer(organisation_id));
    if (person_id > 0)
        json_object_set_new(d, "person", json_integer(person_id));
    return nb_user_audit(st, actor, "create", *id, d, err);
}

int nb_user_get(nb_store *st, int64_t id, nb_user *out, nb_err *err)
{
    static const char sql[] = "SELECT " NB_USER_COLS " FROM users WHERE id = $1";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        nb_user_decode(s, out);
    else if (r == NB_DB_DONE)
        rc = nb_err_set(err, NB_ENOTFOUND, "user %lld does not exist", (long long)id);
    else
        rc = nb_store_fail(st, err, "user");
    nb_db_reset(s);
    return rc;
}

/* Loads by login name; the hash goes to hash (may be NULL) for the login check. */
static int nb_user_find_hash(nb_store *st, const char *login, nb_user *out,
                             char hash[crypto_pwhash_STRBYTES], nb_err *err)
{
    static const char sql[] =
        "SELECT " NB_USER_COLS ", password_hash FROM users WHERE login_key = $1";
    char key[NB_LOGIN_MAX + 1];
    if (nb_login_key(login, key) != 0)
        return nb_err_set(err, NB_ENOTFOUND, "no such user");
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_text(st, s, 1, key);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        nb_user_decode(s, out);
        if (hash)
            snprintf(hash, crypto_pwhash_STRBYTES, "%s", nb_store_col_text(s, 10));
    } else if (r == NB_DB_DONE) {
        rc = nb_err_set(err, NB_ENOTFOUND, "no such user");
    } else {
        rc = nb_store_fail(st, err, "user");
    }
    nb_db_reset(s);
    return rc;
}

int nb_user_find(nb_store *st, const char *login, nb_user *out, nb_err *err)
{
    return nb_user_find_hash(st, login, out, NULL, err);
}

int nb_user_list(nb_store *st, int (*fn)(void *ctx, const nb_user *user), void *ctx, nb_err *err)
{
    static const char sql[] = "SELECT " NB_USER_COLS " FROM users ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    int rc = 0, r;
    if (s == NULL)
        return NB_EDB;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        nb_user u;
        nb_user_decode(s, &u);
        if ((rc = fn(ctx, &u)) != 0)
            break;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "user list");
    nb_db_reset(s);
    return rc;
}

int nb_user_disable(nb_store *st, const nb_actor *actor, int64_t id, nb_err *err)
{
    static const char sql[] =
        "UPDATE users SET disabled_at = COALESCE(disabled_at, $2), updated_at = $2, "
        "revision = revision + 1 WHERE id = $1";
    char now[21];
    int rc;
    nb_user u;
    if ((rc = nb_user_get(st, id, &u, err)) != 0)
        return rc;
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, now);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    int64_t ended = 0;
    if ((rc = nb_session_end_all(st, actor, id, NB_SESSION_END_DISABLED, &ended, err)) != 0)
        return rc;
    return nb_user_audit(
        st, actor, "disable", id,
        json_pack("{s:s, s:I}", "login", u.login, "sessionsEnded", (json_int_t)ended), err);
}

int nb_user_set_password(nb_store *st, const nb_actor *actor, int64_t id, const char *password,
                         nb_err *err)
{
    static const char sql[] =
        "UPDATE users SET password_hash = $2, updated_at = $3, revision = revision + 1 "
        "WHERE id = $1";
    char hash[crypto_pwhash_STRBYTES], now[21];
    nb_user u;
    int rc;
    if ((rc = nb_user_get(st, id, &u, err)) != 0)
        return rc;
    if ((rc = nb_user_policy(u.login, password, err)) != 0)
        return rc;
    if ((rc = nb_user_hash(password, hash, err)) != 0)
        return rc;
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, hash);
    nb_store_bind_text(st, s, 3, now);
    rc = nb_store_exec_stmt(st, s, err);
    sodium_memzero(hash, sizeof hash);
    if (rc != 0)
        return rc;
    int64_t ended = 0;
    if ((rc = nb_session_end_all(st, actor, id, NB_SESSION_END_PASSWORD, &ended, err)) != 0)
        return rc;
    return nb_user_audit(
        st, actor, "password", id,
        json_pack("{s:s, s:I}", "login", u.login, "sessionsEnded", (json_int_t)ended), err);
}

int nb_user_totp_begin(nb_store *st, const nb_actor *actor, int64_t id,
                       char secret_b32[NB_TOTP_SECRET_B32], nb_err *err)
{
    static const char sql[] =
        "UPDATE users SET totp_pending = $2, updated_at = $3, revision = revision + 1 "
        "WHERE id = $1";
    unsigned char raw[NB_TOTP_SECRET_LEN];
    char now[21];
    nb_user u;
    int rc;
    if ((rc = nb_user_get(st, id, &u, err)) != 0)
        return rc;
    randombytes_buf(raw, sizeof raw);
    rc = nb_base32_encode(raw, sizeof raw, 0, secret_b32, NB_TOTP_SECRET_B32);
    sodium_memzero(raw, sizeof raw);
    if (rc != 0)
        return nb_err_set(err, rc, "TOTP secret does not fit");
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, secret_b32);
    nb_store_bind_text(st, s, 3, now);
    if ((rc = nb_store_exec_stmt(st, s, err)) != 0)
        return rc;
    return nb_user_audit(st, actor, "totp-start", id, json_pack("{s:s}", "login", u.login), err);
}

int nb_user_totp_pending(nb_store *st, int64_t id, char secret_b32[NB_TOTP_SECRET_B32], nb_err *err)
{
    static const char sql[] =
        "SELECT COALESCE(totp_pending, '') FROM users WHERE id = $1 AND disabled_at IS NULL";
    secret_b32[0] = '\0';
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        const char *b32 = nb_store_col_text(s, 0);
        if (b32[0] == '\0')
            rc = nb_err_set(err, NB_ECONFLICT, "no TOTP enrolment is pending");
        else if (strlen(b32) >= NB_TOTP_SECRET_B32)
            rc = nb_err_set(err, NB_EDB, "stored TOTP secret of user %lld is too long",
                            (long long)id);
        else
            snprintf(secret_b32, NB_TOTP_SECRET_B32, "%s", b32);
    } else if (r == NB_DB_DONE) {
        rc =
            nb_err_set(err, NB_ENOTFOUND, "user %lld does not exist or is disabled", (long long)id);
    } else {
        rc = nb_store_fail(st, err, "user");
    }
    nb_db_reset(s);
    return rc;
}

/* Reads the enrolled (pending = 0) or pending secret and the last used step. */
static int nb_user_totp_load(nb_store *st, int64_t id, int pending, unsigned char key[64],
                             size_t *keylen, int64_t *last_step, nb_err *err)
{
    static const char sql[] =
        "SELECT CASE WHEN $2 = 1 THEN totp_pending ELSE totp_secret END, totp_last_step, "
        "totp_enrolled FROM users WHERE id = $1 AND disabled_at IS NULL";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_int(st, s, 2, pending);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW) {
        const char *b32 = nb_store_col_text(s, 0);
        *last_step = nb_db_col_int(s, 1);
        if (b32[0] == '\0' || (!pending && (int)nb_db_col_int(s, 2) == 0))
            rc = pending ? nb_err_set(err, NB_ECONFLICT, "no TOTP enrolment is pending")
                         : nb_err_set(err, NB_EINVAL, "the user has no TOTP");
        else if (nb_base32_decode(b32, key, 64, keylen) != 0)
            rc = nb_err_set(err, NB_EDB, "stored TOTP secret of user %lld is not base32",
                            (long long)id);
    } else if (r == NB_DB_DONE) {
        rc =
            nb_err_set(err, NB_ENOTFOUND, "user %lld does not exist or is disabled", (long long)id);
    } else {
        rc = nb_store_fail(st, err, "user");
    }
    nb_db_reset(s);
    return rc;
}

/* Verifies code with the loaded key; on success stores the step (and enrols). */
static int nb_user_totp_use(nb_store *st, int64_t id, int pending, const char *code, int64_t now,
                            nb_err *err)
{
    static const char use_sql[] = "UPDATE users SET totp_last_step = $2 WHERE id = $1";
    static const char enrol_sql[] =
        "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enrolled = 1, "
        "totp_last_step = $2, updated_at = $3, revision = revision + 1 WHERE id = $1";
    unsigned char key[64];
    size_t keylen = 0;
    int64_t last = 0, step = 0;
    int rc = nb_user_totp_load(st, id, pending, key, &keylen, &last, err);
    if (rc != 0)
        return rc;
    rc = nb_totp_verify(key, keylen, code, now, last, &step);
    sodium_memzero(key, sizeof key);
    if (rc == NB_ECONFLICT)
        return nb_err_set(err, NB_ECONFLICT, "this code has been used already");
    if (rc != 0)
        return nb_err_set(err, NB_EINVAL, "wrong code");
    char iso[21];
    nb_time_now_iso(iso);
    nb_db_stmt *s = nb_store_stmt(st, pending ? enrol_sql : use_sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_int(st, s, 2, step);
    if (pending)
        nb_store_bind_text(st, s, 3, iso);
    return nb_store_exec_stmt(st, s, err);
}

int nb_user_totp_confirm(nb_store *st, const nb_actor *actor, int64_t id, const char *code,
                         int64_t now, nb_err *err)
{
    int rc = nb_user_totp_use(st, id, 1, code, now, err);
    if (rc != 0)
        return rc;
    return nb_user_audit(st, actor, "totp-confirm", id, NULL, err);
}

int nb_user_totp_check(nb_store *st, int64_t id, const char *code, int64_t now, nb_err *err)
{
    return nb_user_totp_use(st, id, 0, code, now, err);
}

int nb_user_check_password(nb_store *st, const char *login, const char *password, nb_user *user,
                           int *exists, nb_err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    size_t len = strlen(password);
    int rc = nb_user_find_hash(st, login, user, hash, err);
    *exists = rc == 0;
    if (rc != 0 && rc != NB_ENOTFOUND)
        return rc;
    if (rc != 0)
        snprintf(hash, sizeof hash, "%s", nb_user_dummy_hash);
    /* The cap of the policy; a longer one can never have been set. Verified
     * anyway (truncated) so that the time does not tell. */
    if (len > NB_PASSWORD_MAX_BYTES)
        len = NB_PASSWORD_MAX_BYTES;
    int ok = crypto_pwhash_str_verify(hash, password, len) == 0;
    sodium_memzero(hash, sizeof hash);
    if (ok && *exists && !user->disabled && strlen(password) <= NB_PASSWORD_MAX_BYTES)
        return 0;
    return nb_err_set(err, NB_EFORBIDDEN, "unknown login name or wrong password");
}
