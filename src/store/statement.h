/*
 * store/statement.h — an organisation's statement (afschrift): opening
 * balance, every transfer touching its account in a period with the
 * counterparty and the running posted balance, closing balance; and its CSV.
 *
 * One implementation for GET /api/v1/organisaties/{id}/afschrift(.csv)
 * (api/grootboek.c) and the page /organisaties/{id}/afschrift(.csv)
 * (web/afschrift.c). The answers that hold every line of a period (the
 * API's JSON, both CSV files) read them through a cursor
 * (nb_statement_cursor_*, the CSV through nb_statement_csv_stream_*) and are
 * written while they are sent (http/stream.c); the page reads one page of
 * lines (nb_statement_load_page). The CSV has one writer, so the two CSV
 * files are the same bytes.
 */
#ifndef NB_STORE_STATEMENT_H
#define NB_STORE_STATEMENT_H

#include "util/attr.h"
#include "util/buf.h"

#include "http/http.h"
#include "store/ledger_store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct nb_statement_line {
    nb_ledger_entry entry;  /* the transfer */
    int64_t delta;          /* effect on the posted balance (signed) */
    int64_t balance;        /* posted balance after this line */
    int64_t counter_org_id; /* 0 = the fund */
    char counter_name[128];
    int64_t assignment_id; /* 0 = none */
    int64_t position;      /* the transfer's row id (the statement's order is ts, position) */
} nb_statement_line;

typedef struct nb_statement {
    nb_ledger_account_row row; /* the organisation and its account now */
    char from[11];             /* the period as asked, "YYYY-MM-DD" or "" (open) */
    char to[11];               /* inclusive */
    int64_t opening;           /* posted balance before from */
    int64_t closing;           /* posted balance after the last line */
    nb_statement_line *lines;  /* owned; n lines in time order */
    size_t n;
    /* filled by nb_statement_load_page (nb_statement_load: the whole period) */
    int64_t count;        /* lines in the period (all pages) */
    int64_t given, taken; /* sums of the period's positive and negative lines (taken <= 0) */
    int64_t offset;       /* the period's index of lines[0] */
    int64_t page_opening; /* posted balance before lines[0] ("Beginsaldo" of the page) */
} nb_statement;

/* 1 when who may see the statement and balance of organisation org_id: beheer
 * and lezer any organisation, a coordinator its own only; 0 otherwise. */
int nb_statement_may_see(const nb_principal *who, int64_t org_id);

/* UTC seconds at the start of day (util/date.h day number): where a
 * statement's period begins (from) and ends (the day after to). */
int64_t nb_statement_day_ts(int32_t day);

/*
 * Loads the statement of organisation org_id for the days from..to
 * (inclusive; "YYYY-MM-DD", NULL or "" = open; the caller checked that they
 * are dates and to >= from) into out, which the caller frees with
 * nb_statement_free (also after a failure). NB_ENOTFOUND when the
 * organisation does not exist, NB_EINVAL for an unreadable date.
 */
NB_MUST_USE int nb_statement_load(nb_store *st, int64_t org_id, const char *from, const char *to,
                                  nb_statement *out, nb_err *err);

/*
 * nb_statement_load without the lines' assignments (every assignment_id 0;
 * two index lookups a line fewer): for the answers that do not show them,
 * the API's statement and its CSV.
 */
NB_MUST_USE int nb_statement_load_unlinked(nb_store *st, int64_t org_id, const char *from,
                                           const char *to, nb_statement *out, nb_err *err);

/*
 * nb_statement_load for one page: the figures of the whole period (opening,
 * count, given, taken, closing) and only its lines offset .. offset+limit-1
 * (limit >= 1), their balances running from page_opening. An offset past the
 * end gives no lines (count says how many there are). The work scales with
 * the page's lines and the period's transfers summed on the index, not with
 * every line written out. Same errors and freeing as nb_statement_load.
 */
NB_MUST_USE int nb_statement_load_page(nb_store *st, int64_t org_id, const char *from,
                                       const char *to, int64_t offset, int64_t limit,
                                       nb_statement *out, nb_err *err);

void nb_statement_free(nb_statement *s);

/*
 * The statement of nb_statement_load streamed: out gets the organisation,
 * the period, opening, and — when it returns — closing, count, given and
 * taken (out->lines stays NULL: nothing per line is kept); fn is called for
 * every line in order with its running balance, the line borrowed for the
 * call, and out->opening already set. assignments: look up each line's
 * assignment (nb_statement_load) or not (nb_statement_load_unlinked). fn
 * returning non-zero stops and is returned. Memory does not grow with the
 * number of lines. Errors as nb_statement_load; nothing to free.
 */
NB_MUST_USE int nb_statement_each(nb_store *st, int64_t org_id, const char *from, const char *to,
                                  int assignments, nb_statement *out,
                                  int (*fn)(void *ctx, const nb_statement_line *line), void *ctx,
                                  nb_err *err);

/*
 * nb_statement_each pulled one line at a time (a streamed answer): open
 * fills out's organisation, period and opening (closing = opening) and
 * starts the query — NB_ENOTFOUND / NB_EINVAL as nb_statement_load, before
 * any line; next returns 1 with *line (borrowed until the next call;
 * out->count, given, taken and closing include it), 0 after the last line
 * (out is then complete) or a negative code; close ends it early (always
 * call it, also after a failed open). out must outlive the cursor; between
 * calls the cursor holds st (store/ledger_store.h).
 */
typedef struct nb_statement_cursor {
    nb_statement *s; /* borrowed: the out of open */
    nb_ledger_stmt_cursor lines;
    nb_statement_line line;
} nb_statement_cursor;
NB_MUST_USE int nb_statement_cursor_open(nb_store *st, int64_t org_id, const char *from,
                                         const char *to, int assignments, nb_statement *out,
                                         nb_statement_cursor *cur, nb_err *err);
NB_MUST_USE int nb_statement_cursor_next(nb_statement_cursor *cur, const nb_statement_line **line,
                                         nb_err *err);
void nb_statement_cursor_close(nb_statement_cursor *cur);

/*
 * nb_statement_csv streamed: loads the statement of org_id for from..to
 * (nb_statement_each, without assignments) and appends its CSV to b line by
 * line — the same bytes as nb_statement_load_unlinked + nb_statement_csv,
 * without the lines in memory. out as nb_statement_each. Errors as
 * nb_statement_load (NB_ENOMEM when b ran out of memory).
 */
NB_MUST_USE int nb_statement_csv_each(nb_store *st, int64_t org_id, const char *from,
                                      const char *to, nb_statement *out, nb_buf *b, nb_err *err);

/*
 * The CSV of nb_statement_csv_each made piece by piece (a streamed answer,
 * nb_stream of http/http.h): open checks the organisation and period and
 * starts the cursor (errors as nb_statement_load, nothing to free then);
 * next appends the next piece to b (the head with the first call, a line
 * each call, the closing row with the last): 1 when more follows, 0 after
 * the last piece, a negative code (why in cs->err); free closes and frees
 * (NULL-safe). cs->s holds the statement's figures as far as read.
 */
typedef struct nb_statement_csv_stream {
    nb_statement s;
    nb_statement_cursor cur;
    int started;
    nb_err err;
} nb_statement_csv_stream;
NB_MUST_USE int nb_statement_csv_stream_open(nb_store *st, int64_t org_id, const char *from,
                                             const char *to, nb_statement_csv_stream **out,
                                             nb_err *err);
int nb_statement_csv_stream_next(void *ctx, nb_buf *b);
void nb_statement_csv_stream_free(void *ctx);

/*
 * Appends s as the CSV of .../afschrift.csv to b: UTF-8 BOM, a header, an
 * opening row, one row per line, a closing row; ';'-separated, CRLF, RFC
 * 4180 quoting, a leading = + - @ neutralised (no formulas), hours with a
 * decimal comma for Dutch Excel.
 */
void nb_statement_csv(const nb_statement *s, nb_buf *b);

/* The pieces nb_statement_csv is made of (the fuzz harness drives them with
 * arbitrary text): the BOM, header and opening row; one line with its seven
 * text columns (datum, tijdstip, boeking, tegenpartij, soort, fase,
 * omschrijving; NULL = empty) and amounts; the closing row. from/to NULL or
 * "" = open. */
#define NB_STATEMENT_CSV_TEXT 7
void nb_statement_csv_head(nb_buf *b, const char *from, int64_t opening);
void nb_statement_csv_row(nb_buf *b, const char *const cols[NB_STATEMENT_CSV_TEXT], int64_t delta,
                          int64_t balance);
void nb_statement_csv_tail(nb_buf *b, const char *to, int64_t closing);

/* The cells the statement's CSV is written with, for other CSV files of the
 * ledger (store/budget.h, store/settlements.c): one text field (RFC 4180
 * quoting, a leading = + - @ neutralised; NULL is empty), a whole number,
 * minutes as hours with two decimals and a decimal comma ("-1,50"). */
void nb_statement_csv_field(nb_buf *b, const char *s);
void nb_statement_csv_int(nb_buf *b, int64_t v);
void nb_statement_csv_hours(nb_buf *b, int64_t minutes);

#endif
