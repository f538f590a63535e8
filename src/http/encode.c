/*
 * http/encode.c — Accept-Encoding parsing and gzip through zlib; see encode.h.
 */
#include "http/encode.h"

#include "util/error.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The q-value of one element's parameters (";q=0.5"); 1 when absent. */
static double nb_encode_q(const char *p, const char *end)
{
    while (p < end) {
        while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            p += 2;
            double q = 0;
            int seen = 0;
            while (p < end && *p >= '0' && *p <= '9') {
                q = q * 10 + (*p++ - '0');
                seen = 1;
            }
            if (p < end && *p == '.') {
                double scale = 0.1;
                for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
                    q += (*p - '0') * scale;
                    scale /= 10;
                    seen = 1;
                }
            }
            return seen ? q : 0;
        }
        while (p < end && *p != ';')
            p++;
    }
    return 1;
}

int nb_encode_accepts_gzip(const char *accept_encoding)
{
    if (accept_encoding == NULL)
        return 0;
    double gzip_q = -1, star_q = -1; /* -1: not named */
    const char *p = accept_encoding;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '\0')
            break;
        const char *end = strchr(p, ',');
        if (end == NULL)
            end = p + strlen(p);
        const char *name_end = p;
        while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
            name_end++;
        size_t n = (size_t)(name_end - p);
        double q = nb_encode_q(name_end, end);
        if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) ||
            (n == 6 && strncasecmp(p, "x-gzip", 6) == 0))
            gzip_q = q;
        else if (n == 1 && *p == '*')
            star_q = q;
        p = end;
    }
    if (gzip_q >= 0)
        return gzip_q > 0;
    return star_q > 0;
}

int nb_encode_gzip(const char *in, size_t len, int level, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (in == NULL || len == 0 || len > (size_t)UINT32_MAX || level < 1 || level > 9)
        return NB_EINVAL;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 15 + 16: the largest window, with a gzip header and trailer */
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return NB_ENOMEM;
    uLong bound = deflateBound(&z, (uLong)len);
    char *buf = malloc(bound);
    if (buf == NULL) {
        deflateEnd(&z);
        return NB_ENOMEM;
    }
    z.next_in = (Bytef *)(uintptr_t)in; /* zlib's API is not const; it only reads */
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)buf;
    z.avail_out = (uInt)bound;
    int r = deflate(&z, Z_FINISH);
    size_t n = z.total_out;
    deflateEnd(&z);
    if (r != Z_STREAM_END) {
        free(buf);
        return NB_ENOMEM;
    }
    if (n >= len) {
        free(buf);
        return 1;
    }
    *out = buf;
    *outlen = n;
    return 0;
}

int nb_encode_fixed(const json_t *json, nb_encoded *e)
{
    memset(e, 0, sizeof *e);
    char *text = json_dumps(json, NB_ENCODE_JSON_FLAGS);
    if (text == NULL)
        return NB_ENOMEM;
    size_t len = strlen(text);
    char *gz = NULL;
    size_t gzlen = 0;
    if (nb_encode_gzip(text, len, 9, &gz, &gzlen) < 0) {
        free(text);
        return NB_ENOMEM;
    }
    unsigned char h[crypto_generichash_BYTES_MIN];
    char hex[2 * sizeof h + 1];
    crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, h, 8); /* 64 bits tell versions of one document apart */
    snprintf(e->etag, sizeof e->etag, "\"%s\"", hex);
    snprintf(e->etag_gz, sizeof e->etag_gz, "\"%s-gz\"", hex);
    e->body = text;
    e->len = len;
    e->gz = gz;
    e->gzlen = gzlen;
    return 0;
}

void nb_encoded_free(nb_encoded *e)
{
    free(e->body);
    free(e->gz);
    memset(e, 0, sizeof *e);
}
