/*
 * web/mt.h — what the Netwerk-MT's pages (web/mt_*.c, role beheer) share:
 * the balances figure of /netwerk (chart and table), table cells, alerts,
 * reading ids from forms and answering a store failure.
 */
#ifndef NB_WEB_MT_H
#define NB_WEB_MT_H

#include "util/attr.h"
#include "web/web.h"

#include <stdint.h>

/*
 * Every member's balance as the bar chart (web/chart.h) and a table with the
 * same numbers (saldo, kredietlijn, beschikbaar), or an empty state. links:
 * a column linking each organisation's statement (/organisaties/{id}/afschrift).
 * Returns 0 or a negative NB_E* code (err set). In web/netwerk.c.
 */
NB_MUST_USE int nb_web_balances(nb_buf *b, nb_store *st, int links, nb_err *err);

/* One cell: text (escaped), hours ("4,5 uur"), an integer, an ISO date as
 * "27 november 2026" (the ISO text when it is not a date). */
void nb_mt_td(nb_buf *b, const char *text);
void nb_mt_td_hours(nb_buf *b, int64_t minutes);
void nb_mt_td_int(nb_buf *b, int64_t v);
void nb_mt_td_date(nb_buf *b, const char *iso);

/* A link <a href="prefix<id>suffix">text</a> (text escaped). */
void nb_mt_link_id(nb_buf *b, const char *prefix, int64_t id, const char *suffix, const char *text);

/* An NL Design System alert paragraph: kind "info", "ok", "warning" or
 * "error" (literal); text escaped. */
void nb_mt_alert(nb_buf *b, const char *kind, const char *text);

/* A non-negative decimal in s ("12", "12,5", "1.500,00", "12.50") times
 * 10^decimals into *out (cut off past the given decimals): with a comma,
 * dots group thousands; without one, a dot is the decimal point. 0, or -1
 * when s is not one. */
NB_MUST_USE int nb_mt_parse_decimal(const char *s, int decimals, int64_t *out);

/* Euro cents as "1.500,00" (grouped) or "1500,00" (for a form field's value,
 * which nb_mt_parse_decimal reads back); negative counts as 0. out holds
 * NB_WEB_FMT_LEN (48) bytes. */
void nb_mt_fmt_money(int64_t cents, int grouped, char out[48]);

struct nb_web_errors;

/* An organisation select ("organisatie"), every organisation by name;
 * current is the kept value; none (may be NULL) adds a first choice with
 * value "" and that text. 0 or a code. */
NB_MUST_USE int nb_mt_org_select(nb_buf *b, nb_store *st, const struct nb_web_errors *errs,
                                 const char *name, const char *label, const char *none,
                                 const char *current, nb_err *err);

/* The page's answer for store failure rc (err set): the problem page, or
 * NB_ENOMEM passed on. Frees b. Returns what a handler returns. */
int nb_mt_fail(nb_resp *resp, nb_buf *b, int rc, const nb_err *err);

/* The audit entity of a control check of the ledger run from the pages
 * (POST /grootboek/controle); the start page shows the last one. */
#define NB_MT_CHECK_ENTITY "grootboekcontrole"

/* The actor a page's change is audited as (the request's). */
#define NB_MT_ACTOR(w) (&(w)->req->actor)

#endif
