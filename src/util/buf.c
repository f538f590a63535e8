/*
 * util/buf.c — growable buffer; see buf.h for the contract.
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nb_buf_reserve(nb_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void nb_buf_append(nb_buf *b, const void *data, size_t n)
{
    if (nb_buf_reserve(b, n) != 0)
        return;
    if (n > 0)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nb_buf_puts(nb_buf *b, const char *s)
{
    nb_buf_append(b, s, strlen(s));
}

void nb_buf_putc(nb_buf *b, char c)
{
    nb_buf_append(b, &c, 1);
}

void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || nb_buf_reserve(b, (size_t)n) != 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void nb_buf_printf(nb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void nb_buf_put_padded(nb_buf *b, const char *s, size_t width)
{
    size_t cols = 0, n = 0;
    while (s[n] != '\0') {
        if (((unsigned char)s[n] & 0xc0) != 0x80) { /* a code point starts here */
            if (cols == width)
                break;
            cols++;
        }
        n++;
    }
    nb_buf_append(b, s, n);
    for (; cols < width; cols++)
        nb_buf_putc(b, ' ');
}

void nb_buf_reset(nb_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void nb_buf_free(nb_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

char *nb_buf_steal(nb_buf *b)
{
    char *p = b->oom ? NULL : b->data;
    if (b->oom)
        free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

const char *nb_buf_cstr(const nb_buf *b)
{
    return (b->data && !b->oom) ? b->data : "";
}

size_t nb_i64_digits(int64_t v, char d[24])
{
    size_t i = 24;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (v < 0)
        d[--i] = '-';
    return i;
}

void nb_buf_put_i64(nb_buf *b, int64_t v)
{
    char d[24];
    size_t i = nb_i64_digits(v, d);
    nb_buf_append(b, d + i, sizeof d - i);
}
