/*
 * http/encode.c — JSON answers serialised (nb_encode_json), Accept-Encoding
 * parsing and gzip through zlib; see encode.h.
 */
#include "http/encode.h"

#include "util/buf.h"
#include "util/error.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* ---- JSON --------------------------------------------------------------- */

/* Appends the decimal digits of v, as "%lld" would. */
static void nb_json_int(nb_buf *b, json_int_t v)
{
    char d[24];
    size_t i = sizeof d;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        d[--i] = '-';
    nb_buf_append(b, d + i, sizeof d - i);
}

/* Appends \uXXXX (upper-case hex, as jansson writes it). */
static void nb_json_u(nb_buf *b, uint32_t unit)
{
    static const char hex[] = "0123456789ABCDEF";
    char e[6] = {'\\',          'u', hex[unit >> 12 & 15], hex[unit >> 8 & 15], hex[unit >> 4 & 15],
                 hex[unit & 15]};
    nb_buf_append(b, e, sizeof e);
}

/* The code point of the UTF-8 sequence at p (n bytes left) into *cp; its
 * length, or 0 when it is not valid UTF-8 (overlong, a surrogate, past
 * U+10FFFF, cut off) — what jansson refuses too. */
static size_t nb_json_utf8(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t v, min;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        len = 2, v = p[0] & 0x1Fu, min = 0x80;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        len = 3, v = p[0] & 0x0Fu, min = 0x800;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        len = 4, v = p[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Runs of characters that need no escape are copied at once. */
int nb_encode_json_string(nb_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    nb_buf_putc(b, '"');
    while (p < end) {
        unsigned char c = *p;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            p++;
            continue;
        }
        nb_buf_append(b, run, (size_t)(p - run));
        if (c < 0x80) {
            const char *esc = c == '"'    ? "\\\""
                              : c == '\\' ? "\\\\"
                              : c == '\b' ? "\\b"
                              : c == '\f' ? "\\f"
                              : c == '\n' ? "\\n"
                              : c == '\r' ? "\\r"
                              : c == '\t' ? "\\t"
                                          : NULL;
            if (esc)
                nb_buf_append(b, esc, 2);
            else
                nb_json_u(b, c);
            p++;
        } else {
            uint32_t cp = 0;
            size_t len = nb_json_utf8(p, (size_t)(end - p), &cp);
            if (len == 0)
                return -1;
            if (cp < 0x10000) {
                nb_json_u(b, cp);
            } else {
                cp -= 0x10000;
                nb_json_u(b, 0xD800 | (cp >> 10));
                nb_json_u(b, 0xDC00 | (cp & 0x3FF));
            }
            p += len;
        }
        run = p;
    }
    nb_buf_append(b, run, (size_t)(p - run));
    nb_buf_putc(b, '"');
    return 0;
}

/* Appends a value that has no members; an object or array only opens. */
static int nb_json_scalar(nb_buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return nb_encode_json_string(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        nb_json_int(b, json_integer_value(v));
        return 0;
    case JSON_REAL: {
        char *text = json_dumps(v, NB_ENCODE_JSON_FLAGS | JSON_ENCODE_ANY);
        if (text == NULL)
            return -1;
        nb_buf_puts(b, text);
        free(text);
        return 0;
    }
    case JSON_TRUE:
        nb_buf_append(b, "true", 4);
        return 0;
    case JSON_FALSE:
        nb_buf_append(b, "false", 5);
        return 0;
    case JSON_NULL:
        nb_buf_append(b, "null", 4);
        return 0;
    case JSON_OBJECT:
        nb_buf_putc(b, '{');
        return 0;
    case JSON_ARRAY:
        nb_buf_putc(b, '[');
        return 0;
    }
    return -1;
}

/* One open object or array of the walk. */
typedef struct nb_json_frame {
    json_t *node;
    void *iter;   /* object: the next member; NULL when done */
    size_t index; /* array: the next element */
} nb_json_frame;

char *nb_encode_json(const json_t *json, size_t *len)
{
    return nb_encode_json_spliced(json, NULL, NULL, 0, len);
}

char *nb_encode_json_spliced(const json_t *json, const json_t *at, const char *text, size_t textlen,
                             size_t *len)
{
    nb_buf b = NB_BUF_INIT;
    nb_json_frame *stack = NULL;
    size_t depth = 0, cap = 0;
    const json_t *v = json;
    int rc = 0;
    if (len)
        *len = 0;
    /* v is the value to write next; then the innermost open container gives
     * the one after it (jansson's API takes non-const containers) */
    while (rc == 0) {
        if (v != NULL && v == at) {
            nb_buf_append(&b, text, textlen);
            v = NULL;
        } else if (v != NULL) {
            if ((rc = nb_json_scalar(&b, v)) != 0)
                break;
            if (json_is_object(v) || json_is_array(v)) {
                if (depth == cap) {
                    size_t ncap = cap ? cap * 2 : 16;
                    nb_json_frame *ns = realloc(stack, ncap * sizeof *ns);
                    if (ns == NULL) {
                        rc = -1;
                        break;
                    }
                    stack = ns;
                    cap = ncap;
                }
                json_t *node = (json_t *)(uintptr_t)v;
                stack[depth++] = (nb_json_frame){node, json_object_iter(node), 0};
            }
            v = NULL;
        }
        if (depth == 0)
            break;
        nb_json_frame *top = &stack[depth - 1];
        if (json_is_object(top->node)) {
            if (top->iter == NULL) {
                nb_buf_putc(&b, '}');
                depth--;
                continue;
            }
            if (top->iter != json_object_iter(top->node))
                nb_buf_putc(&b, ',');
            if ((rc = nb_encode_json_string(&b, json_object_iter_key(top->iter),
                                            json_object_iter_key_len(top->iter))) != 0)
                break;
            nb_buf_putc(&b, ':');
            v = json_object_iter_value(top->iter);
            top->iter = json_object_iter_next(top->node, top->iter);
        } else if (top->index == json_array_size(top->node)) {
            nb_buf_putc(&b, ']');
            depth--;
        } else {
            if (top->index > 0)
                nb_buf_putc(&b, ',');
            v = json_array_get(top->node, top->index++);
        }
    }
    free(stack);
    if (rc != 0 || b.oom) {
        nb_buf_free(&b);
        return NULL;
    }
    size_t n = b.len;
    char *out = nb_buf_steal(&b);
    if (out == NULL) /* empty cannot happen: every value writes a byte */
        return NULL;
    if (len)
        *len = n;
    return out;
}

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
    size_t len = 0;
    char *text = nb_encode_json(json, &len);
    if (text == NULL)
        return NB_ENOMEM;
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
