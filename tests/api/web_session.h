/*
 * tests/api/web_session.h — logged-in page requests for the HTTP tests.
 *
 * nb_t_web_session makes a user with the store functions on the test
 * server's database (in the test process: Argon2id runs natively, not under
 * the server's valgrind) and logs it in there, so the test holds a live
 * session cookie and its CSRF token as a browser would after the login form.
 * nb_t_page sends a page request with that cookie; form bodies are
 * application/x-www-form-urlencoded and get the session's CSRF token
 * appended when the session has one.
 */
#ifndef NB_TESTS_API_WEB_SESSION_H
#define NB_TESTS_API_WEB_SESSION_H

#include "api/harness.h"

typedef struct nb_t_web {
    char login[64];
    char password[64];
    long long user_id;
    char cookie[64]; /* session cookie value; "" = anonymous */
    char csrf[64];   /* the session's CSRF token */
    char totp[40];   /* base32 TOTP secret (beheer); "" = none */
} nb_t_web;

/*
 * Creates user login with role ("beheer", "coordinator", "medewerker",
 * "lezer"), organisation org and person person (0 = none) and the password
 * "correct-horse-battery-9" on s's database, then logs it in (stage
 * "volledig"; a beheer user is enrolled in TOTP first and logs in with a
 * code, see nb_t_web_totp_code). 0 = ok; failures are printed.
 */
int nb_t_web_session(nb_t_server *s, const char *login, const char *role, long long org,
                     long long person, nb_t_web *out);

/* The TOTP code of web's secret (web->totp) at Unix time t, into code[7]. */
void nb_t_web_totp_code(const nb_t_web *web, long long t, char code[7]);

/*
 * A page request as web (NULL = anonymous). form (may be NULL) is sent as
 * the urlencoded body of a POST, with "&csrf=<token>" added when web has a
 * session. Origin is sent as the server's own. Asserts that a response came.
 */
void nb_t_page(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
               const char *form, nb_t_resp *out);

/* Runs q (one or more statements) on s's database; fails the test on an error. */
void nb_t_sql(nb_t_server *s, const char *q);

/* The first column of the first row of q on s's database as text into out
 * ("" for none or NULL). */
void nb_t_sql_text(nb_t_server *s, const char *q, char *out, size_t len);

/* Asserts r's status, printing the body when it differs (pages answer HTML,
 * so nb_t_assert_status's problem+json check does not apply). */
void nb_t_assert_page(nb_t_resp *r, long status);

/* Asserts that r sets the flash cookie to code (an NB_WEB_FLASH_* number). */
void nb_t_assert_flash(nb_t_resp *r, int code);

#endif
