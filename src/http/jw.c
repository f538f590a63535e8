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

/* The comma before a member and its "key":. */
static void nb_jw_member(nb_jw *w, const char *key)
{
    if (w->depth > 0) {
        if (w->more[w->depth - 1])
            nb_buf_putc(w->b, ',');
        w->more[w->depth - 1] = 1;
    }
    if (key) {
        nb_buf_putc(w->b, '"');
        nb_buf_puts(w->b, key);
        nb_buf_append(w->b, "\":", 2);
    }
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
    char d[24];
    size_t i = sizeof d;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    nb_jw_member(w, key);
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        d[--i] = '-';
    nb_buf_append(w->b, d + i, sizeof d - i);
}

void nb_jw_str(nb_jw *w, const char *key, const char *s)
{
    nb_jw_member(w, key);
    if (s == NULL)
        nb_buf_append(w->b, "null", 4);
    else if (nb_encode_json_string(w->b, s, strlen(s)) != 0)
        w->failed = 1;
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

void nb_jw_href(nb_jw *w, const char *key, const char *fmt, ...)
{
    char href[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(href, sizeof href, fmt, ap);
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
