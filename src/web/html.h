/*
 * web/html.h — the one HTML writer: every byte of a page goes through here.
 *
 * Markup that the program itself spells is written with nb_html_lit, which
 * only takes a string literal (a compile error otherwise). Data — anything
 * from the database, the request or a computation — is written with the
 * function for the context it lands in:
 *   nb_html_text   element content          ("<td>" text "</td>")
 *   nb_html_attr   a double-quoted attribute value ("<a title=\"" attr "\">")
 *   nb_html_url    an href/src/action value (scheme checked, then quoted)
 *   nb_html_url_component  one path segment or query value inside a URL
 * No data is ever formatted into HTML any other way (docs/web.md).
 *
 * All of them take a length-counted string as well (the *_n forms), so an
 * embedded NUL is handled, not silently cut. Bytes that are not valid UTF-8,
 * NUL and C0/C1 control characters other than tab, line feed and carriage
 * return become U+FFFD. Errors (out of memory) stick in the nb_buf's oom flag.
 */
#ifndef NB_WEB_HTML_H
#define NB_WEB_HTML_H

#include "util/attr.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* Appends a literal piece of markup; s must be a string literal. */
#define nb_html_lit(b, s) nb_html_raw_((b), "" s "", sizeof(s) - 1)
void nb_html_raw_(nb_buf *b, const char *s, size_t n); /* use nb_html_lit */

/* Element content: & < > " ' escaped, invalid bytes replaced (see above). */
void nb_html_text(nb_buf *b, const char *s);
void nb_html_text_n(nb_buf *b, const char *s, size_t n);

/* Formats with printf into a temporary buffer, then writes it as nb_html_text. */
void nb_html_textf(nb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Attribute value for use between double quotes (the caller writes the quotes
 * with nb_html_lit); the same escaping as text, also for ` and =. */
void nb_html_attr(nb_buf *b, const char *s);
void nb_html_attr_n(nb_buf *b, const char *s, size_t n);

/*
 * A URL for an href, src or action attribute value (between double quotes).
 * Accepted: a path starting with one '/', a fragment '#...', a query
 * '?...', or an absolute http:, https: or mailto: URL. Anything else — a
 * javascript:, data: or vbscript: URL, a scheme-relative '//host', a
 * backslash, an empty string — is written as "#" instead. Bytes outside the
 * URL character set (space, quotes, <, >, non-ASCII, controls) are
 * percent-encoded; & is written as &amp;. Returns 0 when written as given,
 * 1 when replaced by "#".
 */
int nb_html_url(nb_buf *b, const char *s);
int nb_html_url_n(nb_buf *b, const char *s, size_t n);

/* One path segment or query value: every byte except A-Z a-z 0-9 - . _ ~ is
 * percent-encoded, so the result is safe in a URL and in an attribute. */
void nb_html_url_component(nb_buf *b, const char *s);

/* A signed integer in decimal (no separators). */
void nb_html_int(nb_buf *b, int64_t v);

/* Number of bytes of the valid UTF-8 sequence at s[0..n), or 0 if the bytes
 * there are not one (overlong, surrogate, beyond U+10FFFF, truncated). */
size_t nb_html_utf8_len(const unsigned char *s, size_t n);

#endif
