/*
 * web/mt_common.c — the helpers the Netwerk-MT's pages share (web/mt.h).
 */
#include "web/mt.h"

#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "store/organisations.h"

#include <stdio.h>
#include <string.h>

void nb_mt_td(nb_buf *b, const char *text)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

void nb_mt_td_hours(nb_buf *b, int64_t minutes)
{
    char text[NB_WEB_FMT_LEN];
    nb_web_fmt_hours(minutes, text);
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</td>");
}

void nb_mt_td_int(nb_buf *b, int64_t v)
{
    nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_int(b, v);
    nb_html_lit(b, "</td>");
}

void nb_mt_td_date(nb_buf *b, const char *iso)
{
    char text[NB_WEB_FMT_LEN];
    if (nb_web_fmt_date(iso, text) != 0)
        snprintf(text, sizeof text, "%.*s", (int)sizeof text - 1, iso);
    nb_mt_td(b, text);
}

void nb_mt_link_id(nb_buf *b, const char *prefix, int64_t id, const char *suffix, const char *text)
{
    char href[160];
    snprintf(href, sizeof href, "%s%lld%s", prefix, (long long)id, suffix);
    nb_html_lit(b, "<a class=\"utrecht-link\" href=\"");
    nb_html_url(b, href);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</a>");
}

void nb_mt_alert(nb_buf *b, const char *kind, const char *text)
{
    nb_html_lit(b, "<div class=\"utrecht-alert utrecht-alert--");
    nb_html_attr(b, kind);
    nb_html_lit(b, "\"><div class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</p></div></div>\n");
}

int nb_mt_parse_decimal(const char *s, int decimals, int64_t *out)
{
    int64_t v = 0;
    int frac = -1, digits = 0;
    if (s == NULL)
        return -1;
    /* With a decimal comma, dots group thousands ("1.500,00"); without one,
     * a dot is the decimal point ("1500.00"). */
    int comma = strchr(s, ',') != NULL;
    while (*s == ' ')
        s++;
    for (; *s && *s != ' '; s++) {
        if (comma && *s == '.' && frac < 0 && digits > 0)
            continue;
        if ((*s == (comma ? ',' : '.')) && frac < 0) {
            frac = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || v > INT64_MAX / 100)
            return -1;
        digits++;
        if (frac >= 0 && frac++ >= decimals)
            continue; /* past the precision: dropped */
        v = v * 10 + (*s - '0');
    }
    while (*s == ' ')
        s++;
    if (*s || digits == 0)
        return -1;
    for (int k = frac < 0 ? 0 : (frac > decimals ? decimals : frac); k < decimals; k++) {
        if (v > INT64_MAX / 10)
            return -1;
        v *= 10;
    }
    *out = v;
    return 0;
}

void nb_mt_fmt_money(int64_t cents, int grouped, char out[NB_WEB_FMT_LEN])
{
    if (cents < 0)
        cents = 0;
    if (grouped) {
        char whole[NB_WEB_FMT_LEN];
        nb_web_fmt_decimal(cents / 100, 0, whole);
        snprintf(out, NB_WEB_FMT_LEN, "%s,%02lld", whole, (long long)(cents % 100));
    } else {
        snprintf(out, NB_WEB_FMT_LEN, "%lld,%02lld", (long long)(cents / 100),
                 (long long)(cents % 100));
    }
}

int nb_mt_fail(nb_resp *resp, nb_buf *b, int rc, const nb_err *err)
{
    nb_buf_free(b);
    if (rc == NB_ENOMEM)
        return rc;
    nb_resp_from_err(resp, rc, err);
    return 0;
}

typedef struct nb_mt_orgs {
    nb_buf *b;
    const char *current;
} nb_mt_orgs;

static int nb_mt_org_option(void *ctx, const nb_org *o)
{
    nb_mt_orgs *c = ctx;
    char value[24];
    snprintf(value, sizeof value, "%lld", (long long)o->id);
    nb_web_select_option(c->b, value, o->name, c->current);
    return 0;
}

int nb_mt_org_select(nb_buf *b, nb_store *st, const nb_web_errors *errs, const char *name,
                     const char *label, const char *none, const char *current, nb_err *err)
{
    nb_web_select_open(b, errs, name, label, NULL);
    if (none)
        nb_web_select_option(b, "", none, current);
    nb_mt_orgs c = {b, current};
    int rc = nb_org_list(st, NULL, 0, -1, nb_mt_org_option, &c, NULL, err);
    nb_web_select_close(b);
    return rc;
}
