/*
 * web/html.c — the HTML writer: one escaping function per context
 * (text, attribute, URL, URL component); see html.h.
 */
#include "web/html.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NB_HTML_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

void nb_html_raw_(nb_buf *b, const char *s, size_t n)
{
    nb_buf_append(b, s, n);
}

size_t nb_html_utf8_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    /* C1 controls (U+0080..U+009F) are not wanted in a page either. */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0;
    return len;
}

/* Text and attribute escaping share this; every character that could end a
 * text run, a quoted attribute or start a character reference is escaped. */
static void nb_html_escape(nb_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '`':
            rep = "&#96;";
            break;
        case '=':
            rep = "&#61;";
            break;
        default:
            break;
        }
        if (rep) {
            nb_buf_puts(b, rep);
            i++;
            continue;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            nb_buf_puts(b, NB_HTML_REPLACEMENT);
            i++;
            continue;
        }
        if (c == 0x7F) {
            nb_buf_puts(b, NB_HTML_REPLACEMENT);
            i++;
            continue;
        }
        size_t len = nb_html_utf8_len(p + i, n - i);
        if (len == 0) {
            nb_buf_puts(b, NB_HTML_REPLACEMENT);
            i++;
            continue;
        }
        nb_buf_append(b, p + i, len);
        i += len;
    }
}

void nb_html_text(nb_buf *b, const char *s)
{
    if (s)
        nb_html_escape(b, s, strlen(s));
}

void nb_html_text_n(nb_buf *b, const char *s, size_t n)
{
    if (s)
        nb_html_escape(b, s, n);
}

void nb_html_textf(nb_buf *b, const char *fmt, ...)
{
    nb_buf tmp = NB_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    if (tmp.oom)
        b->oom = 1;
    else
        nb_html_escape(b, tmp.data ? tmp.data : "", tmp.len);
    nb_buf_free(&tmp);
}

void nb_html_attr(nb_buf *b, const char *s)
{
    if (s)
        nb_html_escape(b, s, strlen(s));
}

void nb_html_attr_n(nb_buf *b, const char *s, size_t n)
{
    if (s)
        nb_html_escape(b, s, n);
}

/* Characters written as they are in a URL (RFC 3986 unreserved, reserved
 * and '%'); everything else is percent-encoded. */
static int nb_url_plain(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("-._~:/?#[]@!$&()*+,;=%", c) != NULL;
}

static int nb_url_safe_start(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] == '/')
        return !(n > 1 && (s[1] == '/' || s[1] == '\\'));
    if (s[0] == '#' || s[0] == '?')
        return 1;
    /* A scheme: letters up to the first ':' before any '/', '?' or '#'. */
    size_t i = 0;
    while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
        i++;
    if (i == n || s[i] != ':')
        return 0; /* a relative path without '/': refused, pages link absolutely */
    if ((i == 4 && strncasecmp(s, "http", 4) == 0) || (i == 5 && strncasecmp(s, "https", 5) == 0))
        return n > i + 2 && s[i + 1] == '/' && s[i + 2] == '/';
    return i == 6 && strncasecmp(s, "mailto", 6) == 0;
}

int nb_html_url_n(nb_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (s == NULL || !nb_url_safe_start(s, n) || memchr(s, '\\', n) != NULL) {
        nb_buf_putc(b, '#');
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') {
            nb_buf_puts(b, "&amp;");
        } else if (nb_url_plain(c)) {
            nb_buf_putc(b, (char)c);
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            nb_buf_append(b, enc, 3);
        }
    }
    return 0;
}

int nb_html_url(nb_buf *b, const char *s)
{
    return nb_html_url_n(b, s, s ? strlen(s) : 0);
}

void nb_html_url_component(nb_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            nb_buf_putc(b, (char)c);
        } else {
            char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
            nb_buf_append(b, enc, 3);
        }
    }
}

void nb_html_int(nb_buf *b, int64_t v)
{
    nb_buf_printf(b, "%" PRId64, v);
}
