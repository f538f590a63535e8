/*
 * tests/api/web_login.h — a logged-in web user made directly in a database,
 * for the HTTP tests (web_session.h) and the page benchmark
 * (bench/pages_bench.c). No cmocka: failures are returned and printed.
 */
#ifndef NB_TESTS_API_WEB_LOGIN_H
#define NB_TESTS_API_WEB_LOGIN_H

#include <stdint.h>

typedef struct nb_t_login {
    int64_t user_id;
    char cookie[64]; /* the session cookie value (stage "volledig") */
    char csrf[64];   /* its CSRF token */
    char totp[40];   /* base32 TOTP secret (beheer); "" = none */
} nb_t_login;

/*
 * Opens the database db (the server may be running on it), creates user
 * login with role, organisation org and person person (0 = none) and
 * password, and logs it in there with the store functions, at the current
 * time: a beheer user is enrolled in TOTP first (secret in out->totp) and
 * gives its code. Argon2id runs in the calling process. 0 = ok, -1 on
 * failure (printed to stderr).
 */
int nb_t_login_make(const char *db, const char *login, const char *role, int64_t org,
                    int64_t person, const char *password, nb_t_login *out);

/* The TOTP code of base32 secret at Unix time t into code[7] ("" on a bad secret). */
void nb_t_login_totp_code(const char *secret, int64_t t, char code[7]);

#endif
