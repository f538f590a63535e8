/*
 * core/password.c — password policy and login names; see password.h.
 */
#include "core/password.h"

#include "util/error.h"

#include <string.h>

/* Counts the code points of valid UTF-8 without control characters; -1 otherwise. */
static long nb_password_chars(const unsigned char *s, size_t len)
{
    long n = 0;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t k;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return -1;
            k = 1;
            cp = c;
        } else if (c >= 0xc2 && c <= 0xdf) {
            k = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 4;
            cp = c & 0x07;
        } else {
            return -1;
        }
        if (i + k > len)
            return -1;
        for (size_t j = 1; j < k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return -1; /* overlong, surrogate, beyond Unicode */
        i += k;
        n++;
    }
    return n;
}

nb_password_verdict nb_password_check(const char *login, const char *password)
{
    size_t len = strlen(password);
    if (len > NB_PASSWORD_MAX_BYTES)
        return NB_PASSWORD_TOO_LONG;
    long chars = nb_password_chars((const unsigned char *)password, len);
    if (chars < 0)
        return NB_PASSWORD_NOT_UTF8;
    if (chars < NB_PASSWORD_MIN_CHARS)
        return NB_PASSWORD_TOO_SHORT;
    if (login != NULL && strlen(login) == len) {
        size_t i = 0;
        for (; i < len; i++) {
            char a = login[i], b = password[i];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            if (a != b)
                break;
        }
        if (i == len)
            return NB_PASSWORD_IS_LOGIN;
    }
    return NB_PASSWORD_OK;
}

const char *nb_password_verdict_nl(nb_password_verdict v)
{
    switch (v) {
    case NB_PASSWORD_OK:
        return "Het wachtwoord is goed.";
    case NB_PASSWORD_TOO_SHORT:
        return "Kies een wachtwoord van minstens 12 tekens.";
    case NB_PASSWORD_TOO_LONG:
        return "Kies een wachtwoord van hoogstens 1024 bytes.";
    case NB_PASSWORD_NOT_UTF8:
        return "Het wachtwoord bevat tekens die niet zijn toegestaan.";
    case NB_PASSWORD_IS_LOGIN:
        return "Het wachtwoord mag niet gelijk zijn aan de inlognaam.";
    }
    return "Het wachtwoord is niet toegestaan.";
}

int nb_login_key(const char *login, char key[NB_LOGIN_MAX + 1])
{
    size_t len = strlen(login);
    key[0] = '\0';
    if (len < 3 || len > NB_LOGIN_MAX)
        return NB_EINVAL;
    for (size_t i = 0; i < len; i++) {
        char c = login[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                   c == '@' || c == '-'))
            return NB_EINVAL;
        key[i] = c;
    }
    key[len] = '\0';
    return 0;
}
