/*
 * core/password.h — what a login name and a password must be, pure.
 *
 * Passwords follow NIST SP 800-63B §5.1.1: at least 12 characters (Unicode
 * code points), at most 1024 bytes (Argon2 takes any length; the cap keeps a
 * request from making the hash work on megabytes), not the login name
 * itself, and no composition rules (no "one digit, one capital"). Login
 * names are 3..64 characters of a-z A-Z 0-9 . _ @ -, compared without case.
 */
#ifndef NB_CORE_PASSWORD_H
#define NB_CORE_PASSWORD_H

#include "util/attr.h"
#include <stddef.h>

#define NB_PASSWORD_MIN_CHARS 12
#define NB_PASSWORD_MAX_BYTES 1024
#define NB_LOGIN_MAX 64

typedef enum nb_password_verdict {
    NB_PASSWORD_OK = 0,
    NB_PASSWORD_TOO_SHORT, /* fewer than NB_PASSWORD_MIN_CHARS characters */
    NB_PASSWORD_TOO_LONG,  /* more than NB_PASSWORD_MAX_BYTES bytes */
    NB_PASSWORD_NOT_UTF8,  /* not valid UTF-8, or a control character */
    NB_PASSWORD_IS_LOGIN   /* equal to the login name, ignoring case */
} nb_password_verdict;

/* Judges password for the user with login name login (may be NULL). */
NB_MUST_USE nb_password_verdict nb_password_check(const char *login, const char *password);

/* A Dutch sentence for a verdict, for forms; static storage. */
const char *nb_password_verdict_nl(nb_password_verdict v);

/*
 * Checks a login name and writes it in lower case into key (NB_LOGIN_MAX + 1
 * bytes): the form in which names are unique. 0, or NB_EINVAL.
 */
NB_MUST_USE int nb_login_key(const char *login, char key[NB_LOGIN_MAX + 1]);

#endif
