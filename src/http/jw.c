/*
 * http/jw.c — the streaming JSON writer; see jw.h.
 */
#include "http/jw.h"

#include "http/encode.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void nb_jw_init(nb_jw *w, nb_buf *b)
{
    memset(w, 0, sizeof *w);
    w->b = b;
}

/* Longest text a member is composed in before one append (keys are short
 * literals; a longer key or value takes the general path). */
#define NB_JW_SHORT 256

/* The comma before a member and its "key": into out (room for NB_JW_SHORT);
 * returns its length, or 0 with nothing written when key is too long. Marks
 * the member written. */
static size_t nb_jw_prefix(nb_jw *w, const char *key, char *out)
{
    size_t n = 0, klen = key ? strlen(key) : 0;
    if (klen > NB_JW_SHORT / 2)
        return 0;
    if (w->depth > 0) {
        if (w->more[w->depth - 1])
            out[n++] = ',';
        w->more[w->depth - 1] = 1;
    }
    if (key) {
        out[n++] = '"';
        /* out is bytes with a length, never read as a C string */
        memcpy(out + n, key, klen); /* NOLINT(bugprone-not-null-terminated-result) */
        n += klen;
        out[n++] = '"';
        out[n++] = ':';
    }
    return n;
}

/* The comma before a member and its "key":, appended. */
static void nb_jw_member(nb_jw *w, const char *key)
{
    char tmp[NB_JW_SHORT];
    size_t n = nb_jw_prefix(w, key, tmp);
    if (n > 0 || key == NULL) {
        nb_buf_append(w->b, tmp, n);
        return;
    }
    if (w->depth > 0) { /* a long key: piece by piece */
        if (w->more[w->depth - 1])
            nb_buf_putc(w->b, ',');
        w->more[w->depth - 1] = 1;
    }
    nb_buf_putc(w->b, '"');
    nb_buf_puts(w->b, key);
    nb_buf_append(w->b, "\":", 2);
}

static void nb_jw_open(nb_jw *w, const char *key, char c)
{
    nb_jw_member(w, key);
    nb_buf_putc(w->b, c);
    if (w->depth == NB_JW_DEPTH) {
        w->failed = 1;
        return;
    }
    w->more[w->depth++] = 0;
}

static void nb_jw_close(nb_jw *w, char c)
{
    nb_buf_putc(w->b, c);
    if (w->depth > 0)
        w->depth--;
}

void nb_jw_obj(nb_jw *w, const char *key)
{
    nb_jw_open(w, key, '{');
}

void nb_jw_obj_end(nb_jw *w)
{
    nb_jw_close(w, '}');
}

void nb_jw_arr(nb_jw *w, const char *key)
{
    nb_jw_open(w, key, '[');
}

void nb_jw_arr_end(nb_jw *w)
{
    nb_jw_close(w, ']');
}

void nb_jw_int(nb_jw *w, const char *key, int64_t v)
{
    char d[24], tmp[NB_JW_SHORT];
    size_t i = nb_i64_digits(v, d);
    size_t n = nb_jw_prefix(w, key, tmp);
    if (n == 0 && key != NULL) {
        nb_jw_member(w, key);
        nb_buf_append(w->b, d + i, sizeof d - i);
        return;
    }
    memcpy(tmp + n, d + i, sizeof d - i); /* n <= NB_JW_SHORT / 2 + 4 */
    nb_buf_append(w->b, tmp, n + sizeof d - i);
}

/* 1 when s[0..len) goes into JSON as it is: printable ASCII without '"'
 * and '\\'. */
static int nb_jw_plain(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return 0;
    }
    return 1;
}

void nb_jw_str(nb_jw *w, const char *key, const char *s)
{
    char tmp[NB_JW_SHORT];
    size_t len = s ? strlen(s) : 0, n = 0;
    int fits = s == NULL || len < NB_JW_SHORT / 2 - 8;
    if (fits)
        n = nb_jw_prefix(w, key, tmp);
    if (!fits || (n == 0 && key != NULL)) { /* a long key or value: piece by piece */
        nb_jw_member(w, key);
        if (s == NULL)
            nb_buf_append(w->b, "null", 4);
        else if (nb_encode_json_string(w->b, s, len) != 0)
            w->failed = 1;
        return;
    }
    if (s == NULL) {                /* tmp is bytes with a length, never read as a C string */
        memcpy(tmp + n, "null", 4); /* NOLINT(bugprone-not-null-terminated-result) */
        nb_buf_append(w->b, tmp, n + 4);
    } else if (nb_jw_plain(s, len)) { /* the common case: one append */
        tmp[n++] = '"';
        memcpy(tmp + n, s, len); /* NOLINT(bugprone-not-null-terminated-result) */
        n += len;
        tmp[n++] = '"';
        nb_buf_append(w->b, tmp, n);
    } else {
        nb_buf_append(w->b, tmp, n);
        if (nb_encode_json_string(w->b, s, len) != 0)
            w->failed = 1;
    }
}

void nb_jw_str_or_null(nb_jw *w, const char *key, const char *s)
{
    nb_jw_str(w, key, s && s[0] ? s : NULL);
}

void nb_jw_null(nb_jw *w, const char *key)
{
    nb_jw_member(w, key);
    nb_buf_append(w->b, "null", 4);
}

void nb_jw_bool(nb_jw *w, const char *key, int v)
{
    nb_jw_member(w, key);
    if (v)
        nb_buf_append(w->b, "true", 4);
    else
        nb_buf_append(w->b, "false", 5);
}

/* fmt with its arguments into out (size bytes, always terminated, cut as
 * vsnprintf cuts) when fmt holds no conversion but %s and %lld — every link
 * of the lists — without vsnprintf's cost; 0 when it holds another (then
 * nothing is consumed from ap and the caller formats it). */
static int nb_jw_format_simple(char *out, size_t size, const char *fmt, va_list ap)
{
    for (const char *f = strchr(fmt, '%'); f != NULL; f = strchr(f + 1, '%')) {
        if (strncmp(f, "%s", 2) == 0)
            continue;
        if (strncmp(f, "%lld", 4) == 0) {
            f += 3;
            continue;
        }
        return 0;
    }
    size_t n = 0;
    for (const char *f = fmt; *f && n + 1 < size; f++) {
        if (*f != '%') {
            out[n++] = *f;
            continue;
        }
        if (f[1] == 's') {
            const char *a = va_arg(ap, const char *);
            while (*a && n + 1 < size)
                out[n++] = *a++;
            f++;
        } else { /* %lld */
            long long v = va_arg(ap, long long);
            char d[24];
            size_t i = sizeof d;
            unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
            do {
                d[--i] = (char)('0' + u % 10);
                u /= 10;
            } while (u > 0);
            if (v < 0)
                d[--i] = '-';
            while (i < sizeof d && n + 1 < size)
                out[n++] = d[i++];
            f += 3;
        }
    }
    out[n] = '\0';
    return 1;
}

void nb_jw_href(nb_jw *w, const char *key, const char *fmt, ...)
{
    char href[512];
    va_list ap;
    va_start(ap, fmt);
    if (!nb_jw_format_simple(href, sizeof href, fmt, ap)) {
        va_end(ap);
        va_start(ap, fmt);
        vsnprintf(href, sizeof href, fmt, ap);
    }
    va_end(ap);
    nb_jw_obj(w, key);
    nb_jw_str(w, "href", href);
    nb_jw_obj_end(w);
}

int nb_jw_status(const nb_jw *w)
{
    if (w->b->oom)
        return NB_ENOMEM;
    return w->failed ? NB_EINVAL : 0;
}
