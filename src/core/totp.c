/*
 * core/totp.c — HOTP/TOTP, base32 and the otpauth URI; see totp.h.
 */
#include "core/totp.h"

#include "util/error.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>

int64_t nb_hotp(const unsigned char *key, size_t keylen, uint64_t counter, int digits)
{
    static const int64_t mod[] = {1000000, 10000000, 100000000};
    if (digits < 6 || digits > 8)
        return -1;
    unsigned char msg[8], mac[SHA1_DIGEST_SIZE];
    for (int i = 7; i >= 0; i--) {
        msg[i] = (unsigned char)(counter & 0xff);
        counter >>= 8;
    }
    struct hmac_sha1_ctx ctx;
    hmac_sha1_set_key(&ctx, keylen, key);
    hmac_sha1_update(&ctx, sizeof msg, msg);
    hmac_sha1_digest(&ctx, sizeof mac, mac);
    memset(&ctx, 0, sizeof ctx);
    unsigned off = mac[SHA1_DIGEST_SIZE - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
    return (int64_t)bin % mod[digits - 6];
}

int64_t nb_totp_step(int64_t t)
{
    return t < 0 ? 0 : t / NB_TOTP_PERIOD;
}

int nb_totp_verify(const unsigned char *key, size_t keylen, const char *code, int64_t now,
                   int64_t last_step, int64_t *step)
{
    int64_t want = 0;
    int n = 0;
    for (const char *p = code; *p; p++) {
        if (*p == ' ')
            continue;
        if (*p < '0' || *p > '9' || n == NB_TOTP_DIGITS)
            return NB_EINVAL;
        want = want * 10 + (*p - '0');
        n++;
    }
    if (n != NB_TOTP_DIGITS)
        return NB_EINVAL;
    int64_t t = nb_totp_step(now);
    int64_t found = 0;
    int replay = 0;
    /* Every step of the window is computed; no early exit on a match. */
    for (int64_t d = -NB_TOTP_WINDOW; d <= NB_TOTP_WINDOW; d++) {
        int64_t s = t + d;
        if (s < 0)
            continue;
        int match = nb_hotp(key, keylen, (uint64_t)s, NB_TOTP_DIGITS) == want;
        if (match && s > last_step && found == 0)
            found = s;
        else if (match && s <= last_step)
            replay = 1;
    }
    if (found > 0) {
        *step = found;
        return 0;
    }
    return replay ? NB_ECONFLICT : NB_EINVAL;
}

static const char nb_b32_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int nb_base32_encode(const unsigned char *in, size_t inlen, int pad, char *out, size_t outlen)
{
    size_t chars = (inlen * 8 + 4) / 5;
    size_t total = pad ? (inlen + 4) / 5 * 8 : chars;
    if (outlen < total + 1)
        return NB_ELIMIT;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < inlen; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = nb_b32_alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = nb_b32_alphabet[(acc << (5 - bits)) & 31];
    while (o < total)
        out[o++] = '=';
    out[o] = '\0';
    return 0;
}

int nb_base32_decode(const char *in, unsigned char *out, size_t outcap, size_t *outlen)
{
    size_t len = strlen(in), data = len;
    while (data > 0 && in[data - 1] == '=')
        data--;
    /* Padding, when present, fills the last 8-character block exactly. */
    if (data != len && (len % 8 != 0 || len - data > 6))
        return NB_EINVAL;
    /* 1, 3 and 6 characters in the last block cannot come from whole bytes. */
    size_t rest = data % 8;
    if (rest == 1 || rest == 3 || rest == 6)
        return NB_EINVAL;
    if (data != len && (len - data) != (8 - rest) % 8)
        return NB_EINVAL;
    size_t need = data * 5 / 8;
    if (need > outcap)
        return NB_ELIMIT;
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < data; i++) {
        char c = in[i];
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return NB_EINVAL;
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            out[o++] = (unsigned char)((acc >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return NB_EINVAL; /* non-canonical: leftover bits must be zero */
    *outlen = o;
    return 0;
}

/* Appends s percent-encoded to out at *o; 0 or NB_ELIMIT. */
static int nb_totp_pct(const char *s, char *out, size_t outlen, size_t *o)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~';
        if (*o + (plain ? 1 : 3) >= outlen)
            return NB_ELIMIT;
        if (plain) {
            out[(*o)++] = (char)*p;
        } else {
            out[(*o)++] = '%';
            out[(*o)++] = hex[*p >> 4];
            out[(*o)++] = hex[*p & 15];
        }
    }
    out[*o] = '\0';
    return 0;
}

static int nb_totp_lit(const char *s, char *out, size_t outlen, size_t *o)
{
    size_t n = strlen(s);
    if (*o + n >= outlen)
        return NB_ELIMIT;
    memcpy(out + *o, s, n + 1);
    *o += n;
    return 0;
}

int nb_totp_uri(const char *issuer, const char *account, const char *secret_b32, char *out,
                size_t outlen)
{
    char tail[64];
    size_t o = 0;
    if (issuer[0] == '\0' || account[0] == '\0' || secret_b32[0] == '\0')
        return NB_EINVAL;
    if (outlen == 0)
        return NB_ELIMIT;
    snprintf(tail, sizeof tail, "&algorithm=SHA1&digits=%d&period=%d", NB_TOTP_DIGITS,
             NB_TOTP_PERIOD);
    if (nb_totp_lit("otpauth://totp/", out, outlen, &o) || nb_totp_pct(issuer, out, outlen, &o) ||
        nb_totp_lit(":", out, outlen, &o) || nb_totp_pct(account, out, outlen, &o) ||
        nb_totp_lit("?secret=", out, outlen, &o) || nb_totp_pct(secret_b32, out, outlen, &o) ||
        nb_totp_lit("&issuer=", out, outlen, &o) || nb_totp_pct(issuer, out, outlen, &o) ||
        nb_totp_lit(tail, out, outlen, &o)) {
        out[0] = '\0';
        return NB_ELIMIT;
    }
    return 0;
}
