/*
 * store/statement.c — an organisation's statement and its CSV
 * (store/statement.h), shared by the API and the pages.
 */
#include "store/statement.h"

#include "util/csv.h"

#include "util/date.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nb_statement_may_see(const nb_principal *who, int64_t org_id)
{
    if (who == NULL)
        return 0;
    switch (who->role) {
    case NB_ROLE_BEHEER:
    case NB_ROLE_LEZER:
        return 1;
    case NB_ROLE_COORDINATOR:
        return who->organisation_id > 0 && who->organisation_id == org_id;
    default:
        return 0;
    }
}

int64_t nb_statement_day_ts(int32_t day)
{
    return (int64_t)day * 86400;
}

typedef struct nb_stmt_load {
    nb_statement *s;
    size_t cap;
} nb_stmt_load;

static int nb_stmt_collect(void *ctx, const nb_ledger_stmt_line *l)
{
    nb_stmt_load *c = ctx;
    nb_statement *s = c->s;
    if (s->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        nb_statement_line *v = realloc(s->lines, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        s->lines = v;
        c->cap = cap;
    }
    nb_statement_line *out = &s->lines[s->n++];
    out->entry = *l->entry;
    out->delta = l->delta;
    out->balance = 0; /* set when the opening balance is known */
    out->counter_org_id = l->counter_org_id;
    snprintf(out->counter_name, sizeof out->counter_name, "%s",
             l->counter_name ? l->counter_name : "");
    out->assignment_id = l->assignment_id;
    out->position = l->position;
    return 0;
}

/* The period's bounds in UTC seconds (0 = open), kept as text in out. */
static int nb_stmt_bounds(const char *from, const char *to, nb_statement *out, int64_t *from_ts,
                          int64_t *to_ts, nb_err *err)
{
    int32_t day;
    *from_ts = 0;
    *to_ts = 0;
    if (from && from[0]) {
        if (nb_date_parse(from, &day) != 0)
            return nb_err_set(err, NB_EINVAL, "vanaf is geen datum");
        *from_ts = nb_statement_day_ts(day);
        snprintf(out->from, sizeof out->from, "%s", from);
    }
    if (to && to[0]) {
        if (nb_date_parse(to, &day) != 0)
            return nb_err_set(err, NB_EINVAL, "tot is geen datum");
        *to_ts = nb_statement_day_ts(day + 1);
        snprintf(out->to, sizeof out->to, "%s", to);
    }
    return 0;
}

/* Running balances of the loaded lines from start. Returns the last. */
static int64_t nb_stmt_run(nb_statement *s, int64_t start)
{
    int64_t balance = start;
    for (size_t i = 0; i < s->n; i++) {
        balance += s->lines[i].delta;
        s->lines[i].balance = balance;
    }
    return balance;
}

int nb_statement_cursor_open(nb_store *st, int64_t org_id, const char *from, const char *to,
                             int assignments, nb_statement *out, nb_statement_cursor *cur,
                             nb_err *err)
{
    int64_t from_ts, to_ts;
    memset(out, 0, sizeof *out);
    memset(cur, 0, sizeof *cur);
    cur->s = out;
    int rc = nb_stmt_bounds(from, to, out, &from_ts, &to_ts, err);
    if (rc != 0)
        return rc;
    if ((rc = nb_ledger_store_org_row(st, org_id, &out->row, err)) != 0)
        return rc;
    if (out->row.account.id > 0 &&
        (rc = nb_ledger_stmt_cursor_open(st, out->row.account.id, from_ts, to_ts, 0, -1,
                                         assignments, &out->opening, &cur->lines, err)) != 0)
        return rc;
    out->closing = out->opening;
    out->page_opening = out->opening;
    return 0;
}

int nb_statement_cursor_next(nb_statement_cursor *cur, const nb_statement_line **line, nb_err *err)
{
    *line = NULL;
    int rc = nb_ledger_stmt_cursor_next(&cur->lines, err);
    if (rc != 1)
        return rc;
    const nb_ledger_stmt_line *l = &cur->lines.line;
    nb_statement *s = cur->s;
    nb_statement_line *out = &cur->line;
    s->count++;
    s->closing += l->delta;
    if (l->delta > 0)
        s->given += l->delta;
    else
        s->taken += l->delta;
    out->entry = *l->entry;
    out->delta = l->delta;
    out->balance = s->closing;
    out->counter_org_id = l->counter_org_id;
    snprintf(out->counter_name, sizeof out->counter_name, "%s",
             l->counter_name ? l->counter_name : "");
    out->assignment_id = l->assignment_id;
    out->position = l->position;
    *line = out;
    return 1;
}

void nb_statement_cursor_close(nb_statement_cursor *cur)
{
    nb_ledger_stmt_cursor_close(&cur->lines);
}

int nb_statement_each(nb_store *st, int64_t org_id, const char *from, const char *to,
                      int assignments, nb_statement *out,
                      int (*fn)(void *ctx, const nb_statement_line *line), void *ctx, nb_err *err)
{
    nb_statement_cursor cur;
    const nb_statement_line *line = NULL;
    int rc = nb_statement_cursor_open(st, org_id, from, to, assignments, out, &cur, err);
    while (rc == 0 && (rc = nb_statement_cursor_next(&cur, &line, err)) == 1)
        rc = fn(ctx, line);
    nb_statement_cursor_close(&cur);
    return rc;
}

/* nb_statement_load's line collector: every line kept in s->lines. */
static int nb_stmt_keep(void *ctx, const nb_statement_line *l)
{
    nb_stmt_load *c = ctx;
    nb_statement *s = c->s;
    if (s->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        nb_statement_line *v = realloc(s->lines, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        s->lines = v;
        c->cap = cap;
    }
    s->lines[s->n++] = *l;
    return 0;
}

/* nb_statement_load, the lines' assignments looked up when assignments. */
static int nb_statement_load_with(nb_store *st, int64_t org_id, const char *from, const char *to,
                                  int assignments, nb_statement *out, nb_err *err)
{
    nb_statement head;
    nb_stmt_load c = {out, 0};
    memset(out, 0, sizeof *out);
    int rc = nb_statement_each(st, org_id, from, to, assignments, &head, nb_stmt_keep, &c, err);
    nb_statement_line *lines = out->lines;
    size_t n = out->n;
    *out = head;
    out->lines = lines;
    out->n = n;
    return rc;
}

int nb_statement_load(nb_store *st, int64_t org_id, const char *from, const char *to,
                      nb_statement *out, nb_err *err)
{
    return nb_statement_load_with(st, org_id, from, to, 1, out, err);
}

int nb_statement_load_unlinked(nb_store *st, int64_t org_id, const char *from, const char *to,
                               nb_statement *out, nb_err *err)
{
    return nb_statement_load_with(st, org_id, from, to, 0, out, err);
}

int nb_statement_load_page(nb_store *st, int64_t org_id, const char *from, const char *to,
                           int64_t offset, int64_t limit, nb_statement *out, nb_err *err)
{
    int64_t from_ts, to_ts;
    memset(out, 0, sizeof *out);
    int rc = nb_stmt_bounds(from, to, out, &from_ts, &to_ts, err);
    if (rc != 0)
        return rc;
    if ((rc = nb_ledger_store_org_row(st, org_id, &out->row, err)) != 0)
        return rc;
    out->offset = offset > 0 ? offset : 0;
    if (out->row.account.id > 0) {
        nb_stmt_load c = {out, 0};
        nb_ledger_stmt_sums sums;
        rc = nb_ledger_store_statement_page(st, out->row.account.id, from_ts, to_ts, out->offset,
                                            limit > 0 ? limit : 1, &out->opening, nb_stmt_collect,
                                            &c, err);
        /* the first line is the key: the sums say what came before it */
        if (rc == 0)
            rc = nb_ledger_store_statement_sums(
                st, out->row.account.id, from_ts, to_ts, NB_KIND_NONE,
                out->n ? out->lines[0].entry.transfer.timestamp : INT64_MAX,
                out->n ? out->lines[0].position : 0, &sums, err);
        if (rc != 0)
            return rc;
        out->count = sums.count;
        out->given = sums.given;
        out->taken = sums.taken;
        out->page_opening = out->opening + sums.before;
    } else {
        out->page_opening = out->opening;
    }
    nb_stmt_run(out, out->page_opening);
    out->closing = out->opening + out->given + out->taken;
    return 0;
}

void nb_statement_free(nb_statement *s)
{
    free(s->lines);
    s->lines = NULL;
    s->n = 0;
}

/* Appends the decimal digits of v (no sign). The CSV writes thousands of
 * numbers per download: no printf. */
static void nb_csv_u64(nb_buf *b, uint64_t v)
{
    char d[20];
    size_t i = sizeof d;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    nb_buf_append(b, d + i, sizeof d - i);
}

/* Appends v as printf's PRId64 would. */
static void nb_csv_i64(nb_buf *b, int64_t v)
{
    if (v < 0)
        nb_buf_putc(b, '-');
    nb_csv_u64(b, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* Minutes as hours with two decimals and a decimal comma ("-1,50"). */
static void nb_csv_hours(nb_buf *b, int64_t minutes)
{
    int neg = minutes < 0;
    uint64_t m = neg ? (uint64_t)0 - (uint64_t)minutes : (uint64_t)minutes;
    /* rounded half up; m = 60q + r, so m * 100 / 60 = 100q + 100r / 60 without
     * overflowing m * 100 (minutes beyond 1.8e17 gave wrong hours) */
    uint64_t hundredths = m / 60 * 100 + (m % 60 * 100 + 30) / 60;
    char frac[3] = {',', (char)('0' + hundredths % 100 / 10), (char)('0' + hundredths % 10)};
    if (neg && hundredths)
        nb_buf_putc(b, '-');
    nb_csv_u64(b, hundredths / 100);
    nb_buf_append(b, frac, sizeof frac);
}

/* The statement's cells for the ledger's other CSV files (statement.h); a
 * text field is util/csv's. */
void nb_statement_csv_field(nb_buf *b, const char *s)
{
    nb_csv_field(b, s);
}

void nb_statement_csv_int(nb_buf *b, int64_t v)
{
    nb_csv_i64(b, v);
}

void nb_statement_csv_hours(nb_buf *b, int64_t minutes)
{
    nb_csv_hours(b, minutes);
}

void nb_statement_csv_head(nb_buf *b, const char *from, int64_t opening)
{
    nb_buf_puts(b, "\xEF\xBB\xBF"); /* UTF-8 BOM: Excel then reads UTF-8 */
    nb_buf_puts(b, "datum;tijdstip;boeking;tegenpartij;soort;fase;omschrijving;minuten;uren;"
                   "saldo minuten;saldo uren\r\n");
    nb_buf_printf(b, "%s;;;;;;beginsaldo;;;%" PRId64 ";", from ? from : "", opening);
    nb_csv_hours(b, opening);
    nb_buf_puts(b, "\r\n");
}

void nb_statement_csv_row(nb_buf *b, const char *const cols[NB_STATEMENT_CSV_TEXT], int64_t delta,
                          int64_t balance)
{
    for (size_t k = 0; k < NB_STATEMENT_CSV_TEXT; k++) {
        nb_csv_field(b, cols[k]);
        nb_buf_putc(b, ';');
    }
    nb_csv_i64(b, delta);
    nb_buf_putc(b, ';');
    nb_csv_hours(b, delta);
    nb_buf_putc(b, ';');
    nb_csv_i64(b, balance);
    nb_buf_putc(b, ';');
    nb_csv_hours(b, balance);
    nb_buf_append(b, "\r\n", 2);
}

void nb_statement_csv_tail(nb_buf *b, const char *to, int64_t closing)
{
    nb_buf_printf(b, "%s;;;;;;eindsaldo;;;%" PRId64 ";", to ? to : "", closing);
    nb_csv_hours(b, closing);
    nb_buf_puts(b, "\r\n");
}

/* nb_time_iso without gmtime_r and strftime (glibc takes its time-zone lock
 * in them; the CSV formats a time per line): the same text for 1970..9999. */
static void nb_csv_time(int64_t ts, char out[21])
{
    if (ts < 0 || ts >= INT64_C(253402300800)) {
        nb_time_iso(ts, out);
        return;
    }
    int y, m, d;
    int64_t sec = ts % 86400;
    nb_date_to_ymd((int32_t)(ts / 86400), &y, &m, &d);
    const int v[6] = {y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60)};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 'Z'};
    char *o = out;
    for (int i = 0; i < 6; i++) {
        if (i == 0) {
            *o++ = (char)('0' + v[0] / 1000 % 10);
            *o++ = (char)('0' + v[0] / 100 % 10);
        }
        *o++ = (char)('0' + v[i] / 10 % 10);
        *o++ = (char)('0' + v[i] % 10);
        *o++ = sep[i];
    }
    *o = '\0';
}

/* One line of the statement's CSV. */
static void nb_statement_csv_line(nb_buf *b, const nb_statement_line *l)
{
    const nb_transfer *t = &l->entry.transfer;
    char when[21], day[11];
    nb_csv_time(t->timestamp, when);
    memcpy(day, when, 10);
    day[10] = '\0';
    const char *const cols[NB_STATEMENT_CSV_TEXT] = {day,
                                                     when,
                                                     t->id,
                                                     l->counter_name,
                                                     nb_ledger_kind_name(t->kind),
                                                     nb_ledger_phase_name(t),
                                                     t->reason};
    nb_statement_csv_row(b, cols, l->delta, l->balance);
}

void nb_statement_csv(const nb_statement *s, nb_buf *b)
{
    nb_statement_csv_head(b, s->from, s->opening);
    for (size_t i = 0; i < s->n; i++)
        nb_statement_csv_line(b, &s->lines[i]);
    nb_statement_csv_tail(b, s->to, s->closing);
}

int nb_statement_csv_stream_open(nb_store *st, int64_t org_id, const char *from, const char *to,
                                 nb_statement_csv_stream **out, nb_err *err)
{
    *out = NULL;
    nb_statement_csv_stream *cs = calloc(1, sizeof *cs);
    if (cs == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int rc = nb_statement_cursor_open(st, org_id, from, to, 0, &cs->s, &cs->cur, err);
    if (rc != 0) {
        nb_statement_csv_stream_free(cs);
        return rc;
    }
    *out = cs;
    return 0;
}

int nb_statement_csv_stream_next(void *ctx, nb_buf *b)
{
    nb_statement_csv_stream *cs = ctx;
    const nb_statement_line *line = NULL;
    if (!cs->started) {
        nb_statement_csv_head(b, cs->s.from, cs->s.opening);
        cs->started = 1;
    }
    int rc = nb_statement_cursor_next(&cs->cur, &line, &cs->err);
    if (rc == 1)
        nb_statement_csv_line(b, line);
    else if (rc == 0)
        nb_statement_csv_tail(b, cs->s.to, cs->s.closing);
    if (rc >= 0 && b->oom)
        return nb_err_set(&cs->err, NB_ENOMEM, "out of memory");
    return rc;
}

void nb_statement_csv_stream_free(void *ctx)
{
    nb_statement_csv_stream *cs = ctx;
    if (cs == NULL)
        return;
    nb_statement_cursor_close(&cs->cur);
    free(cs);
}

int nb_statement_csv_each(nb_store *st, int64_t org_id, const char *from, const char *to,
                          nb_statement *out, nb_buf *b, nb_err *err)
{
    nb_statement_csv_stream *cs = NULL;
    int rc = nb_statement_csv_stream_open(st, org_id, from, to, &cs, err);
    if (rc != 0 || cs == NULL) {
        memset(out, 0, sizeof *out);
        return rc != 0 ? rc : NB_ENOMEM;
    }
    while ((rc = nb_statement_csv_stream_next(cs, b)) == 1)
        ;
    if (rc < 0)
        *err = cs->err;
    *out = cs->s;
    nb_statement_csv_stream_free(cs);
    return rc;
}
