/*
 * store/sessions.h — logging in and server-side sessions for the web pages
 * (docs/accounts.md).
 *
 * A session is identified by a cookie value of 256 random bits (libsodium's
 * CSPRNG, base64url, 43 characters); only its BLAKE2b-256 hash is stored.
 * Every login makes a new session (a new id), so a value planted before
 * login is worth nothing. A session has a stage: "totp" (password right, the
 * TOTP code still to give), "inschrijven" (a beheer user without TOTP: must
 * enrol before anything else), "volledig" (logged in). Only a "volledig"
 * session resolves into a principal; going from one stage to the next ends
 * the session and makes a new one (new id again).
 *
 * Time is passed in (Unix seconds) so tests need no sleep. Sessions end after
 * cfg->idle_s without a request (default 30 min) and cfg->absolute_s after
 * login whatever happens (default 12 h). Ended sessions stay as rows with
 * ended_at and a reason. Each session has a CSRF token (43 characters) for
 * the forms it serves; nb_session_csrf_ok compares in constant time.
 *
 * Throttling: every login attempt is recorded (login_attempts; the login
 * name only as a hash). Per login name, failures since its last success
 * within cfg->window_s count; per address all failures within the window
 * count. From cfg->account_failures (5) resp. cfg->address_failures (20)
 * failures on, an attempt within delay = cfg->delay_s * 2^(failures - limit)
 * (capped at cfg->max_delay_s) after the latest failure is refused without
 * looking at the password (NB_ELIMIT, *retry_after seconds) and recorded as
 * "geweigerd" (which does not prolong the delay). Unknown login names are
 * throttled like real ones, so the answer never tells whether one exists.
 *
 * All functions write: run them inside nb_store_begin ... nb_store_commit.
 * Changes are audited (entity "session"): login, login failure (entity
 * "user" with the user's id when the name exists, else 0 and no name),
 * second factor, logout, ends.
 */
#ifndef NB_STORE_SESSIONS_H
#define NB_STORE_SESSIONS_H

#include "util/attr.h"
#include "http/http.h"
#include "store/store.h"

#include <stdint.h>

#define NB_SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

typedef struct nb_auth_config {
    int64_t idle_s;       /* end after this long without a request; 1800 */
    int64_t absolute_s;   /* end this long after login; 43200 */
    int account_failures; /* failures per login name before refusing; 5 */
    int address_failures; /* failures per address before refusing; 20 */
    int64_t window_s;     /* failures older than this do not count; 900 */
    int64_t delay_s;      /* first refusal period; doubles per failure after; 60 */
    int64_t max_delay_s;  /* the longest refusal period; 900 */
} nb_auth_config;

/* Fills cfg with the defaults above. */
void nb_auth_config_default(nb_auth_config *cfg);

typedef enum nb_session_stage {
    NB_SESSION_FULL = 0, /* "volledig": logged in */
    NB_SESSION_TOTP = 1, /* "totp": the code is still to be given (nb_session_second_factor) */
    NB_SESSION_ENROL = 2 /* "inschrijven": beheer must enrol TOTP first (nb_session_promote) */
} nb_session_stage;

/* Why a session ended (stored as Dutch words). */
typedef enum nb_session_end_reason {
    NB_SESSION_END_LOGOUT = 0, /* "uitgelogd" */
    NB_SESSION_END_EXPIRED,    /* "verlopen": absolute lifetime over */
    NB_SESSION_END_IDLE,       /* "inactief": idle too long */
    NB_SESSION_END_PASSWORD,   /* "wachtwoord": password set */
    NB_SESSION_END_DISABLED,   /* "geblokkeerd": user disabled */
    NB_SESSION_END_PROMOTED,   /* "verhoogd": replaced by the next stage's session */
    NB_SESSION_END_ADMIN       /* "beheer": ended by network management */
} nb_session_end_reason;

/* A new session as handed to the browser: set cookie as the cookie value. */
typedef struct nb_session_new {
    char cookie[NB_SESSION_TOKEN_LEN + 1];
    char csrf[NB_SESSION_TOKEN_LEN + 1];
    nb_session_stage stage;
    int64_t user_id;
    int64_t expires_s; /* absolute expiry (Unix seconds) */
} nb_session_new;

/* A live session, as resolved from its cookie value. */
typedef struct nb_session {
    int64_t id;
    int64_t user_id;
    nb_session_stage stage;
    char csrf[NB_SESSION_TOKEN_LEN + 1];
    int64_t created_s, last_seen_s, expires_s;
    nb_principal who; /* filled for NB_SESSION_FULL only; token_id 0; label = display name */
} nb_session;

/*
 * Logs in with login name and password from address remote at Unix time now.
 * On success a new session is made (stage FULL, or TOTP when the user has
 * TOTP, or ENROL for beheer without it) and written into *out. Returns 0;
 * NB_ELIMIT when throttled (*retry_after seconds, also set to 0 otherwise);
 * NB_EFORBIDDEN for an unknown name, a wrong password or a disabled user —
 * one code and one message for all three. The caller commits also after a
 * failure: the attempt is recorded.
 */
NB_MUST_USE int nb_session_login(nb_store *st, const nb_auth_config *cfg, const char *login,
                                 const char *password, const char *remote, int64_t now,
                                 nb_session_new *out, int64_t *retry_after, nb_err *err);

/*
 * Second step for a session in stage TOTP (cookie): checks the code (a code
 * is accepted once); on success that session ends ("verhoogd") and a FULL one
 * is made into *out. A wrong code counts as a failed login for the throttle
 * (NB_ELIMIT with *retry_after when throttled; NB_EINVAL for a wrong code,
 * NB_ECONFLICT for a code already used, NB_ENOTFOUND for a cookie that is not
 * a live TOTP-stage session).
 */
NB_MUST_USE int nb_session_second_factor(nb_store *st, const nb_auth_config *cfg,
                                         const char *cookie, const char *code, const char *remote,
                                         int64_t now, nb_session_new *out, int64_t *retry_after,
                                         nb_err *err);

/*
 * For a session in stage ENROL whose user has now confirmed TOTP
 * (nb_user_totp_confirm): ends it ("verhoogd") and makes a FULL one into
 * *out. NB_ENOTFOUND for a cookie that is not a live ENROL session,
 * NB_ECONFLICT while the user is not enrolled.
 */
NB_MUST_USE int nb_session_promote(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                                   const char *remote, int64_t now, nb_session_new *out,
                                   nb_err *err);

/*
 * Resolves a cookie value at Unix time now into *out (any stage; who is
 * filled for FULL). A live session's last-seen time becomes now when it is
 * at least nb_session_seen_step(cfg) old (it is not written on every
 * request). A session past its idle limit (counted from the last-seen time
 * written) or its absolute limit is ended ("inactief"/"verlopen") and, like
 * an unknown, ended or malformed value or a disabled user, gives
 * NB_ENOTFOUND. The web dispatcher accepts only stage FULL as logged in.
 */
NB_MUST_USE int nb_session_resolve(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                                   int64_t now, nb_session *out, nb_err *err);

/* Seconds between two writes of a live session's last-seen time:
 * NB_SESSION_SEEN_STEP, or a tenth of cfg->idle_s when that is shorter. */
#define NB_SESSION_SEEN_STEP 60
int64_t nb_session_seen_step(const nb_auth_config *cfg);

/*
 * nb_session_resolve without writing, for a read transaction: sets
 * *must_write to 1 when resolving would write (the session is past a limit,
 * or its last-seen time is due); then the caller calls nb_session_resolve in
 * a write transaction and *out means nothing. With *must_write 0 the return
 * value and *out are what nb_session_resolve would give (0 and a live
 * session, or NB_ENOTFOUND, or a store error).
 */
NB_MUST_USE int nb_session_peek(nb_store *st, const nb_auth_config *cfg, const char *cookie,
                                int64_t now, nb_session *out, int *must_write, nb_err *err);

/* Ends the session of this cookie value ("uitgelogd"); NB_ENOTFOUND when none is live. */
NB_MUST_USE int nb_session_logout(nb_store *st, const char *cookie, const char *remote,
                                  nb_err *err);

/*
 * Ends every live session of user_id for reason; *ended (may be NULL) gets
 * the count. Audited (one entry) when any ended.
 */
NB_MUST_USE int nb_session_end_all(nb_store *st, const nb_actor *actor, int64_t user_id,
                                   nb_session_end_reason reason, int64_t *ended, nb_err *err);

/*
 * 1 when given (a form's CSRF field, may be NULL) equals the session's token
 * expected, compared in constant time; 0 otherwise (also for "" or NULL).
 */
NB_MUST_USE int nb_session_csrf_ok(const char *expected, const char *given);

#endif
