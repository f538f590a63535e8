/*
 * http/jw.h — a JSON writer that streams into an nb_buf: the rows of big
 * answers (list pages, statement lines) written straight as text, without a
 * jansson tree per row (issue 14: building, dumping and freeing the trees was
 * most of a 100-row list). It writes what nb_encode_json writes for the same
 * values: compact, members in call order, strings escaped the same way
 * (nb_encode_json_string). Keys are literals of the code (ASCII, nothing to
 * escape). A string that is not valid UTF-8 marks the writer failed.
 *
 * A row writer sits next to the jansson serialiser of the same resource and
 * writes the same members in the same order; tests compare the two.
 */
#ifndef NB_HTTP_JW_H
#define NB_HTTP_JW_H

#include "util/buf.h"

#include <stdint.h>

#define NB_JW_DEPTH 16 /* nesting the writer keeps track of */

typedef struct nb_jw {
    nb_buf *b; /* borrowed */
    int depth;
    unsigned char more[NB_JW_DEPTH]; /* per level: a member was written, a comma comes next */
    int failed;                      /* a string was not valid UTF-8, or nesting too deep */
} nb_jw;

/* Starts writing into b (appended to; b stays the caller's). */
void nb_jw_init(nb_jw *w, nb_buf *b);

/*
 * Members: key is the member's name inside an object (a literal of the code,
 * written as it is: no character JSON escapes), NULL for an array
 * element (or the outermost value). Open/close nest objects and arrays.
 * nb_jw_str writes null for a NULL s; nb_jw_str_or_null also for "".
 * nb_jw_href writes "key":{"href":"<printf text>"} (at most 511 bytes).
 */
void nb_jw_obj(nb_jw *w, const char *key);
void nb_jw_obj_end(nb_jw *w);
void nb_jw_arr(nb_jw *w, const char *key);
void nb_jw_arr_end(nb_jw *w);
void nb_jw_int(nb_jw *w, const char *key, int64_t v);
void nb_jw_str(nb_jw *w, const char *key, const char *s);
void nb_jw_str_or_null(nb_jw *w, const char *key, const char *s);
void nb_jw_null(nb_jw *w, const char *key);
void nb_jw_bool(nb_jw *w, const char *key, int v);
void nb_jw_href(nb_jw *w, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 0 when everything written so far is valid JSON text; NB_ENOMEM or NB_EINVAL. */
int nb_jw_status(const nb_jw *w);

#endif
