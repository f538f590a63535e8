/*
 * core/totp.h — one-time passwords for the second factor, pure.
 *
 * HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA-1 (nettle), 6 digits,
 * 30-second steps; base32 (RFC 4648) for the shared secret; the otpauth://
 * URI that authenticator apps read from a QR code. No I/O, no clock: the
 * caller passes the time in, and keeps the last accepted step so that a code
 * is accepted once (a replay of the same step is refused).
 */
#ifndef NB_CORE_TOTP_H
#define NB_CORE_TOTP_H

#include "util/attr.h"
#include <stddef.h>
#include <stdint.h>

#define NB_TOTP_DIGITS 6
#define NB_TOTP_PERIOD 30     /* seconds per step */
#define NB_TOTP_WINDOW 1      /* steps accepted either side of now */
#define NB_TOTP_SECRET_LEN 20 /* bytes of a new secret (160 bits, RFC 4226 §4) */
#define NB_TOTP_SECRET_B32 33 /* base32 of 20 bytes (32 chars) + NUL */

/*
 * The HOTP value of key (keylen bytes) at counter, digits 6..8 (RFC 4226 §5.3:
 * dynamic truncation of HMAC-SHA-1, modulo 10^digits). Returns the value
 * (print it with leading zeros), or -1 for digits out of range.
 */
NB_MUST_USE int64_t nb_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits);

/* The TOTP step of Unix time t (seconds): floor(t / NB_TOTP_PERIOD); 0 for t < 0. */
int64_t nb_totp_step(int64_t t);

/*
 * Checks a code typed by a person against key at Unix time now: the code is
 * NB_TOTP_DIGITS digits (spaces ignored); steps now-1, now, now+1 are tried,
 * but only steps after last_step (the last one accepted; 0 = none) count.
 * On success *step receives the step that matched (the caller stores it as
 * the new last_step). Returns 0, NB_EINVAL for a malformed or wrong code,
 * NB_ECONFLICT when it matches only a step already used (a replay).
 */
NB_MUST_USE int nb_totp_verify(const unsigned char *key, size_t keylen, const char *code,
                               int64_t now, int64_t last_step, int64_t *step);

/*
 * Base32 (RFC 4648 §6, alphabet A-Z2-7). Encode writes the text with '='
 * padding when pad is non-zero (the otpauth URI takes it without) into out
 * (outlen bytes, NUL-terminated); NB_ELIMIT when it does not fit.
 */
NB_MUST_USE int nb_base32_encode(const unsigned char *in, size_t inlen, int pad, char *out,
                                 size_t outlen);

/*
 * Decodes base32 text (upper or lower case, padding optional but, when
 * present, complete; no spaces) into out (outcap bytes); *outlen receives the
 * byte count. NB_EINVAL for a character outside the alphabet, an impossible
 * length or non-zero trailing bits; NB_ELIMIT when out is too small.
 */
NB_MUST_USE int nb_base32_decode(const char *in, unsigned char *out, size_t outcap, size_t *outlen);

/*
 * Writes the key URI an authenticator app reads (Google Authenticator's
 * "Key Uri Format"):
 *   otpauth://totp/ISSUER:ACCOUNT?secret=B32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
 * issuer and account are percent-encoded (UTF-8 bytes outside A-Z a-z 0-9
 * -._~). secret_b32 is the unpadded base32 secret. NB_ELIMIT when out
 * (outlen bytes) is too small, NB_EINVAL when a string is empty.
 */
NB_MUST_USE int nb_totp_uri(const char *issuer, const char *account, const char *secret_b32,
                            char *out, size_t outlen);

#endif
