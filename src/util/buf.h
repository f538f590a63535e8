/*
 * util/buf.h — a growable byte/string buffer.
 *
 * An nb_buf owns its heap memory; nb_buf_free releases it, nb_buf_steal hands
 * it to the caller (who then frees it with free()). The data is always
 * NUL-terminated once anything has been appended. On allocation failure the
 * buffer sets its `oom` flag and further appends are no-ops, so a writer can
 * append freely and check once at the end.
 */
#ifndef NB_UTIL_BUF_H
#define NB_UTIL_BUF_H

#include "util/attr.h"

#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>

typedef struct nb_buf {
    char *data;
    size_t len;
    size_t cap;
    int oom;
} nb_buf;

#define NB_BUF_INIT   \
    {                 \
        NULL, 0, 0, 0 \
    }

void nb_buf_append(nb_buf *b, const void *data, size_t n);
void nb_buf_puts(nb_buf *b, const char *s);
void nb_buf_putc(nb_buf *b, char c);
/* v in decimal, without printf: the digits end at d[24] and start at the
 * index returned (d[i..24)). */
size_t nb_i64_digits(int64_t v, char d[24]);
/* Appends v in decimal (nb_i64_digits). */
void nb_buf_put_i64(nb_buf *b, int64_t v);
void nb_buf_printf(nb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s cut or padded with spaces to exactly width columns, counting UTF-8 code points. */
void nb_buf_put_padded(nb_buf *b, const char *s, size_t width);
void nb_buf_reset(nb_buf *b);              /* len = 0, keeps memory */
void nb_buf_free(nb_buf *b);               /* releases memory, back to NB_BUF_INIT */
NB_MUST_USE char *nb_buf_steal(nb_buf *b); /* caller frees; NULL when oom or empty */
const char *nb_buf_cstr(const nb_buf *b);  /* "" when empty; owned by b */

#endif
