/*
 * store/users.h — people who log in to the web pages: accounts, passwords,
 * TOTP enrolment (docs/accounts.md). Login and sessions: store/sessions.h.
 *
 * A user has a login name (unique without regard to case), a display name, a
 * role and, as for API tokens, an organisation (coordinator, lezer) or a
 * person (medewerker; the organisation is the person's). Passwords are
 * Argon2id strings from libsodium's crypto_pwhash_str (OPSLIMIT_INTERACTIVE,
 * MEMLIMIT_INTERACTIVE: 2 passes over 64 MiB); the plain password is never
 * stored, logged or audited. Users are disabled, never deleted. Every change
 * writes an audit entry (entity "user") as actor, inside the caller's
 * transaction; callers run these functions between nb_store_begin and
 * nb_store_commit.
 */
#ifndef NB_STORE_USERS_H
#define NB_STORE_USERS_H

#include "util/attr.h"
#include "core/password.h"
#include "core/totp.h"
#include "store/store.h"

#include <stdint.h>

typedef struct nb_user {
    int64_t id;
    char login[NB_LOGIN_MAX + 1];
    char display_name[128];
    char role[16];           /* beheer, coordinator, medewerker, lezer */
    int64_t organisation_id; /* 0 = none */
    int64_t person_id;       /* 0 = none */
    int totp_enrolled;
    int disabled;
    char created_at[21];
    char updated_at[21];
    char disabled_at[21]; /* "" while enabled */
} nb_user;

/*
 * Creates a user. login must pass nb_login_key and be free (case-insensitive:
 * NB_ECONFLICT otherwise); password must pass nb_password_check (NB_EINVAL
 * with the reason in err); role, organisation_id and person_id follow the
 * token rules (NB_EINVAL / NB_ENOTFOUND). display_name "" means the login.
 * *id receives the new id. Audited as "create".
 */
NB_MUST_USE int nb_user_create(nb_store *st, const nb_actor *actor, const char *login,
                               const char *display_name, const char *role, int64_t organisation_id,
                               int64_t person_id, const char *password, int64_t *id, nb_err *err);

/* Loads user id into *out; NB_ENOTFOUND when there is none. */
NB_MUST_USE int nb_user_get(nb_store *st, int64_t id, nb_user *out, nb_err *err);

/* Loads the user with this login name (any case); NB_ENOTFOUND when there is none. */
NB_MUST_USE int nb_user_find(nb_store *st, const char *login, nb_user *out, nb_err *err);

/*
 * Calls fn(ctx, user) for every user in id order (user borrowed for the
 * call); a non-zero return from fn stops the walk and is returned.
 */
NB_MUST_USE int nb_user_list(nb_store *st, int (*fn)(void *ctx, const nb_user *user), void *ctx,
                             nb_err *err);

/*
 * Disables user id and ends all its sessions (reason "geblokkeerd").
 * Idempotent. NB_ENOTFOUND when there is no such user. Audited as "disable".
 */
NB_MUST_USE int nb_user_disable(nb_store *st, const nb_actor *actor, int64_t id, nb_err *err);

/*
 * Sets a new password (policy as nb_user_create) and ends all the user's
 * sessions (reason "wachtwoord"); the caller makes a new session when the
 * user changed it himself. Audited as "password".
 */
NB_MUST_USE int nb_user_set_password(nb_store *st, const nb_actor *actor, int64_t id,
                                     const char *password, nb_err *err);

/*
 * Starts TOTP enrolment: a new 160-bit secret from libsodium's CSPRNG is kept
 * as pending and written, base32 without padding, into secret_b32 (show it
 * and its otpauth URI, nb_totp_uri, once, on the enrolment page). An earlier
 * enrolment stays in force until the new one is confirmed. Audited as
 * "totp-start" (without the secret).
 */
NB_MUST_USE int nb_user_totp_begin(nb_store *st, const nb_actor *actor, int64_t id,
                                   char secret_b32[NB_TOTP_SECRET_B32], nb_err *err);

/*
 * Reads the pending enrolment's secret of user id (started by
 * nb_user_totp_begin, not yet confirmed) into secret_b32, to show it again
 * when a confirmation code was wrong; nothing new is made. NB_ECONFLICT when
 * nothing is pending, NB_ENOTFOUND when the user does not exist or is
 * disabled. Reads only (no audit).
 */
NB_MUST_USE int nb_user_totp_pending(nb_store *st, int64_t id, char secret_b32[NB_TOTP_SECRET_B32],
                                     nb_err *err);

/*
 * Confirms the pending enrolment with a code from the app at Unix time now:
 * the pending secret becomes the user's, enrolled is set and the code's step
 * is used up. NB_EINVAL for a wrong code, NB_ECONFLICT when nothing is
 * pending. Audited as "totp-confirm".
 */
NB_MUST_USE int nb_user_totp_confirm(nb_store *st, const nb_actor *actor, int64_t id,
                                     const char *code, int64_t now, nb_err *err);

/*
 * Checks a login code of an enrolled user at Unix time now and uses up its
 * step (a second use of the same code is refused: NB_ECONFLICT). NB_EINVAL
 * for a wrong code or a user without TOTP.
 */
NB_MUST_USE int nb_user_totp_check(nb_store *st, int64_t id, const char *code, int64_t now,
                                   nb_err *err);

/*
 * Checks password against the stored hash of login (enabled users only).
 * Takes about the same time whether the login exists or not: an unknown or
 * disabled login is verified against a dummy hash of the same cost. *user is
 * filled when the login exists (also when disabled or the password is wrong).
 * Returns 0 on a match, NB_EFORBIDDEN for unknown login, wrong password or a
 * disabled user — one code, one message.
 */
NB_MUST_USE int nb_user_check_password(nb_store *st, const char *login, const char *password,
                                       nb_user *user, int *exists, nb_err *err);

#endif
