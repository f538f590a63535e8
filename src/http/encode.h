/*
 * http/encode.h — content coding of responses: whether a client takes gzip
 * (Accept-Encoding, RFC 9110 §12.5.3) and gzip itself (zlib). Pure; the
 * server decides which answers qualify (docs/api.md, "Compression").
 */
#ifndef NB_HTTP_ENCODE_H
#define NB_HTTP_ENCODE_H

#include "util/buf.h"

#include <jansson.h>
#include <stddef.h>

/* How every JSON answer is serialised. */
#define NB_ENCODE_JSON_FLAGS (JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15))

/*
 * Serialises json (borrowed) into a malloc'd, NUL-terminated text the caller
 * frees, with *len its length (len may be NULL): the same bytes as
 * json_dumps(json, NB_ENCODE_JSON_FLAGS | JSON_ENCODE_ANY) — keys in
 * insertion order, "," and ":" without spaces, every character outside ASCII
 * and every control character escaped (\uXXXX in upper-case hex, surrogate
 * pairs above U+FFFF; \b \f \n \r \t), reals through jansson itself — but
 * written straight into one buffer, without jansson's callback per piece and
 * snprintf per number (issue 14: dumping was 43 % of a 100-row list). Walks
 * the tree with its own stack, not by recursion. NULL when out of memory or
 * a string is not valid UTF-8 (as json_dumps).
 */
char *nb_encode_json(const json_t *json, size_t *len);

/* nb_encode_json, with the value at (borrowed, inside json; NULL = none)
 * written as text[0..textlen) instead: the rows a writer streamed (http/jw.h). */
char *nb_encode_json_spliced(const json_t *json, const json_t *at, const char *text, size_t textlen,
                             size_t *len);

/* Appends s[0..n) as a JSON string, escaped as nb_encode_json escapes; -1
 * (something appended) when it is not valid UTF-8. */
int nb_encode_json_string(nb_buf *b, const char *s, size_t n);

/* Answers smaller than this many bytes are sent as they are: gzip's header and
 * the CPU time are not worth it below a packet or two. */
#define NB_ENCODE_GZIP_MIN 2048

/*
 * 1 when the Accept-Encoding value (may be NULL: no header) accepts gzip:
 * "gzip", "x-gzip" or "*" with a q-value above 0, and gzip not refused by
 * its own "gzip;q=0". 0 otherwise. Codings are compared without regard to
 * case; unknown codings and parameters are ignored.
 */
int nb_encode_accepts_gzip(const char *accept_encoding);

/*
 * Compresses in[0..len) as one gzip member (RFC 1952) at zlib level (1 fast
 * .. 9 small). On success *out is a malloc'd buffer the caller frees and
 * *outlen its length; returns 0. Returns 1 (and *out NULL) when the gzip
 * form would not be smaller than the input, NB_ENOMEM or NB_EINVAL on
 * failure.
 */
int nb_encode_gzip(const char *in, size_t len, int level, char **out, size_t *outlen);

/* An answer made once and kept (openapi.json): its bytes, their gzip form,
 * and a strong ETag for each. */
typedef struct nb_encoded {
    char *body; /* owned, NUL-terminated */
    size_t len;
    char *gz; /* owned; NULL when gzip would not be smaller */
    size_t gzlen;
    char etag[32];    /* "\"<16 hex of a BLAKE2b hash of body>\"" */
    char etag_gz[32]; /* the same with -gz: a strong tag names the bytes sent */
} nb_encoded;

/*
 * Serialises json (borrowed) as the server serialises answers into *e (its
 * previous contents are not freed): body, its gzip form at level 9 and both
 * ETags. 0 = ok; NB_ENOMEM (then *e is empty). Free with nb_encoded_free.
 */
int nb_encode_fixed(const json_t *json, nb_encoded *e);

/* Frees what nb_encode_fixed made and empties *e; NULL-safe fields. */
void nb_encoded_free(nb_encoded *e);

#endif
