/*
 * tests/core/test_totp.c — core/totp.c and core/password.c: the RFC 4226 and
 * RFC 6238 test vectors, the ±1 step window and replay refusal, base32
 * (RFC 4648 §10 vectors, round trips, malformed input), the otpauth URI,
 * the password policy and login names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/password.h"
#include "core/totp.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

static const unsigned char rfc_key[] = "12345678901234567890"; /* 20 bytes, both RFCs */

/* RFC 4226 appendix D: HOTP values for counters 0..9. */
static void test_hotp_rfc4226(void **state)
{
    (void)state;
    static const int64_t want[10] = {755224, 287082, 359152, 969429, 338314,
                                     254676, 287922, 162583, 399871, 520489};
    for (uint64_t c = 0; c < 10; c++)
        assert_int_equal(nb_hotp(rfc_key, 20, c, 6), want[c]);
    assert_int_equal(nb_hotp(rfc_key, 20, 0, 5), -1);
    assert_int_equal(nb_hotp(rfc_key, 20, 0, 9), -1);
}

/* RFC 6238 appendix B, SHA-1 rows (8 digits). */
static void test_totp_rfc6238(void **state)
{
    (void)state;
    static const struct {
        int64_t t, code;
    } rows[] = {{59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
                {1234567890, 89005924}, {2000000000, 69279037}, {20000000000, 65353130}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_int_equal(nb_hotp(rfc_key, 20, (uint64_t)nb_totp_step(rows[i].t), 8), rows[i].code);
    assert_int_equal(nb_totp_step(59), 1);
    assert_int_equal(nb_totp_step(-5), 0);
}

static void code_at(int64_t step, char out[8])
{
    snprintf(out, 8, "%06lld", (long long)nb_hotp(rfc_key, 20, (uint64_t)step, 6));
}

/* ±1 step accepted, ±2 refused; the step that matched is returned. */
static void test_totp_window(void **state)
{
    (void)state;
    int64_t now = 1111111111, t = nb_totp_step(now), step = 0;
    char c[8];
    for (int d = -1; d <= 1; d++) {
        code_at(t + d, c);
        assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, 0, &step), 0);
        assert_int_equal(step, t + d);
    }
    code_at(t + 2, c);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, 0, &step), NB_EINVAL);
    code_at(t - 2, c);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, 0, &step), NB_EINVAL);
    /* Spaces are ignored ("123 456"); anything else malformed is refused. */
    char spaced[10];
    code_at(t, c);
    snprintf(spaced, sizeof spaced, "%.3s %s", c, c + 3);
    assert_int_equal(nb_totp_verify(rfc_key, 20, spaced, now, 0, &step), 0);
    assert_int_equal(nb_totp_verify(rfc_key, 20, "12345", now, 0, &step), NB_EINVAL);
    assert_int_equal(nb_totp_verify(rfc_key, 20, "1234567", now, 0, &step), NB_EINVAL);
    assert_int_equal(nb_totp_verify(rfc_key, 20, "12a456", now, 0, &step), NB_EINVAL);
    assert_int_equal(nb_totp_verify(rfc_key, 20, "", now, 0, &step), NB_EINVAL);
}

/* A code of a step already used is refused (NB_ECONFLICT), also 30 s later. */
static void test_totp_replay(void **state)
{
    (void)state;
    int64_t now = 1234567890, t = nb_totp_step(now), step = 0;
    char c[8];
    code_at(t, c);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, 0, &step), 0);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, step, &step), NB_ECONFLICT);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now + 30, t, &step), NB_ECONFLICT);
    /* An older step inside the window is refused once a newer one was used. */
    code_at(t - 1, c);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now, t, &step), NB_ECONFLICT);
    /* The next step is fine. */
    code_at(t + 1, c);
    assert_int_equal(nb_totp_verify(rfc_key, 20, c, now + 30, t, &step), 0);
    assert_int_equal(step, t + 1);
}

/* RFC 4648 §10 vectors, both ways, with and without padding. */
static void test_base32_vectors(void **state)
{
    (void)state;
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const padded[] = {
        "", "MY======", "MZXQ====", "MZXW6===", "MZXW6YQ=", "MZXW6YTB", "MZXW6YTBOI======"};
    static const char *const bare[] = {"",        "MY",       "MZXQ",      "MZXW6",
                                       "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    char out[32];
    unsigned char bin[16];
    size_t n;
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(
            nb_base32_encode((const unsigned char *)in[i], strlen(in[i]), 1, out, sizeof out), 0);
        assert_string_equal(out, padded[i]);
        assert_int_equal(
            nb_base32_encode((const unsigned char *)in[i], strlen(in[i]), 0, out, sizeof out), 0);
        assert_string_equal(out, bare[i]);
        assert_int_equal(nb_base32_decode(padded[i], bin, sizeof bin, &n), 0);
        assert_int_equal(n, strlen(in[i]));
        assert_memory_equal(bin, in[i], n);
        assert_int_equal(nb_base32_decode(bare[i], bin, sizeof bin, &n), 0);
        assert_int_equal(n, strlen(in[i]));
    }
    assert_int_equal(nb_base32_decode("mzxw6ytboi", bin, sizeof bin, &n), 0);
    assert_memory_equal(bin, "foobar", 6);
    /* Too small an output buffer. */
    assert_int_equal(nb_base32_encode((const unsigned char *)"foobar", 6, 1, out, 16), NB_ELIMIT);
    assert_int_equal(nb_base32_decode("MZXW6YTBOI", bin, 5, &n), NB_ELIMIT);
}

static void test_base32_malformed(void **state)
{
    (void)state;
    unsigned char bin[16];
    size_t n;
    static const char *const bad[] = {
        "M",                /* 1 character cannot be a byte */
        "MZX",              /* 3 neither */
        "MZXW6Y",           /* 6 neither */
        "MZ0Q",             /* 0 is not in the alphabet */
        "MZ1Q",             /* nor 1 */
        "MZ Q",             /* no spaces */
        "MZ======",         /* trailing bits not zero (Z = 25) */
        "MY=",              /* incomplete padding */
        "MY=====",          /* incomplete padding */
        "MZXW6YTB========", /* a whole block of padding */
        "=",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (nb_base32_decode(bad[i], bin, sizeof bin, &n) != NB_EINVAL)
            fail_msg("accepted '%s'", bad[i]);
}

/* Every length 0..40 of varied bytes round-trips, padded or not. */
static void test_base32_round_trip(void **state)
{
    (void)state;
    unsigned char in[40], back[40];
    char txt[80];
    for (size_t len = 0; len <= sizeof in; len++) {
        for (size_t i = 0; i < len; i++)
            in[i] = (unsigned char)(i * 37 + len * 11 + 255 * (i % 2));
        for (int pad = 0; pad <= 1; pad++) {
            size_t n = 99;
            assert_int_equal(nb_base32_encode(in, len, pad, txt, sizeof txt), 0);
            assert_int_equal(nb_base32_decode(txt, back, sizeof back, &n), 0);
            assert_int_equal(n, len);
            if (len > 0)
                assert_memory_equal(in, back, len);
        }
    }
}

static void test_totp_uri(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(nb_totp_uri("noaber Drechtsteden", "j.de.vries@gm0505", "GEZDGNBVGY3TQOJQ",
                                 out, sizeof out),
                     0);
    assert_string_equal(out, "otpauth://totp/noaber%20Drechtsteden:j.de.vries%40gm0505"
                             "?secret=GEZDGNBVGY3TQOJQ&issuer=noaber%20Drechtsteden"
                             "&algorithm=SHA1&digits=6&period=30");
    /* A ':' or '&' in a name cannot break the URI; UTF-8 is percent-encoded. */
    assert_int_equal(nb_totp_uri("a:b&c", "\xc3\xa9", "AB", out, sizeof out), 0);
    assert_non_null(strstr(out, "/a%3Ab%26c:%C3%A9?"));
    assert_int_equal(nb_totp_uri("", "x", "AB", out, sizeof out), NB_EINVAL);
    assert_int_equal(nb_totp_uri("noaber", "x", "AB", out, 40), NB_ELIMIT);
    assert_string_equal(out, "");
}

static void test_password_policy(void **state)
{
    (void)state;
    char big[1100];
    assert_int_equal(nb_password_check("piet", "elf-tekens!"), NB_PASSWORD_TOO_SHORT);
    assert_int_equal(nb_password_check("piet", "twaalf-teken"), NB_PASSWORD_OK);
    /* Characters, not bytes: 11 two-byte letters are too short, 12 are fine. */
    assert_int_equal(nb_password_check("piet", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                               "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"),
                     NB_PASSWORD_TOO_SHORT);
    assert_int_equal(nb_password_check("piet", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                                               "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"),
                     NB_PASSWORD_OK);
    memset(big, 'x', 1024);
    big[1024] = '\0';
    assert_int_equal(nb_password_check("piet", big), NB_PASSWORD_OK);
    big[1024] = 'x';
    big[1025] = '\0';
    assert_int_equal(nb_password_check("piet", big), NB_PASSWORD_TOO_LONG);
    assert_int_equal(nb_password_check("Jan.de.Vries.1", "jan.de.vries.1"), NB_PASSWORD_IS_LOGIN);
    assert_int_equal(nb_password_check(NULL, "jan.de.vries.1"), NB_PASSWORD_OK);
    assert_int_equal(nb_password_check("p", "twaalf-teken\n"), NB_PASSWORD_NOT_UTF8);
    assert_int_equal(nb_password_check("p", "twaalf-teken\xff"), NB_PASSWORD_NOT_UTF8);
    assert_int_equal(nb_password_check("p", "twaalf-teken\xc0\xaf"), NB_PASSWORD_NOT_UTF8);
    assert_int_equal(nb_password_check("p", "twaalf-teken\xed\xa0\x80"), NB_PASSWORD_NOT_UTF8);
    /* No composition rules: all lower case letters and spaces is fine. */
    assert_int_equal(nb_password_check("p", "paard batterij nietje"), NB_PASSWORD_OK);
    assert_non_null(strstr(nb_password_verdict_nl(NB_PASSWORD_TOO_SHORT), "12"));
}

static void test_login_key(void **state)
{
    (void)state;
    char key[NB_LOGIN_MAX + 1];
    assert_int_equal(nb_login_key("J.de.Vries@GM0505", key), 0);
    assert_string_equal(key, "j.de.vries@gm0505");
    assert_int_equal(nb_login_key("ab", key), NB_EINVAL);
    assert_int_equal(nb_login_key("a b", key), NB_EINVAL);
    assert_int_equal(nb_login_key("jan'--", key), NB_EINVAL);
    assert_int_equal(nb_login_key("\xc3\xa9mile", key), NB_EINVAL);
    char long_name[70];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    assert_int_equal(nb_login_key(long_name, key), NB_EINVAL);
    long_name[64] = '\0';
    assert_int_equal(nb_login_key(long_name, key), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hotp_rfc4226),      cmocka_unit_test(test_totp_rfc6238),
        cmocka_unit_test(test_totp_window),       cmocka_unit_test(test_totp_replay),
        cmocka_unit_test(test_base32_vectors),    cmocka_unit_test(test_base32_malformed),
        cmocka_unit_test(test_base32_round_trip), cmocka_unit_test(test_totp_uri),
        cmocka_unit_test(test_password_policy),   cmocka_unit_test(test_login_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
