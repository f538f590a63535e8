/*
 * tests/fuzz/fuzz_csv.c — fuzzes the statement CSV writer (GET
 * /organisaties/{id}/afschrift.csv and the page's CSV: nb_statement_csv_head,
 * _row and _tail in src/store/statement.c) with a round trip: noaber has no CSV reader, so the
 * harness builds a statement from the input, renders it, and reads it back
 * with the small strict RFC 4180 parser below (';' between fields, CRLF after
 * every record, quoted fields with "" for a quote).
 *
 * Input, consumed front to back (missing bytes read as 0): a flag byte (bit 0
 * a vanaf date, bit 1 a tot date, 2 bytes each), the opening and closing
 * balances (8 bytes each), then up to NB_FZ_MAX_LINES lines of seven text
 * columns (a length byte, then that many bytes; text that is not UTF-8 is left
 * out of the line, as json_string does) and two amounts (8 bytes each).
 * Properties checked:
 *  - the output is a UTF-8 BOM and then well-formed CSV that parses whole;
 *  - it has the header, the opening row, one row per line and the closing row,
 *    eleven fields each;
 *  - every text field reads back as written, except that a leading = + - @ is
 *    kept from being a formula by a leading ' (and no field starts with one);
 *  - minutes read back exactly and hours are minutes / 60 with two decimals,
 *    rounded half away from zero, with a decimal comma (computed here in
 *    128 bits).
 */
#include "fuzz.h"

#include "store/statement.h"
#include "util/buf.h"

#include <inttypes.h>
#include <string.h>

#define NB_FZ_MAX_LINES 64
#define NB_FZ_COLS 11
#define NB_FZ_MAX_RECORDS (NB_FZ_MAX_LINES + 3)

static const char *const nb_fz_text_cols[] = {"datum", "tijdstip", "boekingId",   "tegenpartij",
                                              "soort", "fase",     "omschrijving"};

typedef struct nb_fz_in {
    const uint8_t *p;
    size_t n;
} nb_fz_in;

static uint8_t nb_fz_byte(nb_fz_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static int64_t nb_fz_i64(nb_fz_in *in)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | nb_fz_byte(in);
    return (int64_t)v;
}

/* A valid date from two bytes ("YYYY-MM-DD", 1900..2999). */
static void nb_fz_date(nb_fz_in *in, char out[11])
{
    unsigned a = nb_fz_byte(in), b = nb_fz_byte(in);
    snprintf(out, 11, "%04u-%02u-%02u", 1900 + (a * 4 + b / 64) % 1100, 1 + b % 12, 1 + a % 28);
}

/* ---- A strict RFC 4180 reader (';' separated) --------------------------- */

typedef struct nb_fz_csv {
    char *fields[NB_FZ_MAX_RECORDS][NB_FZ_COLS];
    int nfields[NB_FZ_MAX_RECORDS];
    int nrecords;
} nb_fz_csv;

/* Parses s[0..len) into c; returns NULL, or a description of the first
 * violation. Fields are new strings (free with nb_fz_csv_free). */
static const char *nb_fz_csv_parse(const char *s, size_t len, nb_fz_csv *c)
{
    size_t i = 0;
    memset(c, 0, sizeof *c);
    while (i < len) {
        if (c->nrecords == NB_FZ_MAX_RECORDS)
            return "too many records";
        int r = c->nrecords++;
        for (;;) {
            nb_buf f = NB_BUF_INIT;
            if (i < len && s[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) {
                        nb_buf_free(&f);
                        return "unterminated quoted field";
                    }
                    if (s[i] == '"') {
                        if (i + 1 < len && s[i + 1] == '"') {
                            nb_buf_putc(&f, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    nb_buf_putc(&f, s[i++]);
                }
            } else {
                while (i < len && s[i] != ';' && s[i] != '\r' && s[i] != '\n') {
                    if (s[i] == '"') {
                        nb_buf_free(&f);
                        return "quote inside an unquoted field";
                    }
                    nb_buf_putc(&f, s[i++]);
                }
            }
            if (c->nfields[r] == NB_FZ_COLS) {
                nb_buf_free(&f);
                return "more than eleven fields";
            }
            char *text = nb_buf_steal(&f);
            c->fields[r][c->nfields[r]++] = text ? text : strdup("");
            if (i < len && s[i] == ';') {
                i++;
                continue;
            }
            if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
                i += 2;
                break;
            }
            return i >= len ? "last record without CRLF" : "field not followed by ; or CRLF";
        }
    }
    return NULL;
}

static void nb_fz_csv_free(nb_fz_csv *c)
{
    for (int r = 0; r < c->nrecords; r++)
        for (int k = 0; k < c->nfields[r]; k++)
            free(c->fields[r][k]);
}

/* ---- Expected values ---------------------------------------------------- */

/* Minutes as hours: two decimals, half away from zero, decimal comma. */
static void nb_fz_hours(int64_t minutes, char out[48])
{
    __extension__ typedef unsigned __int128 u128;
    u128 m = minutes < 0 ? (u128)0 - (u128)minutes : (u128)minutes;
    u128 h = (m * 100 + 30) / 60;
    uint64_t whole = (uint64_t)(h / 100), frac = (uint64_t)(h % 100);
    snprintf(out, 48, "%s%" PRIu64 ",%02" PRIu64, minutes < 0 && h != 0 ? "-" : "", whole, frac);
}

static void nb_fz_expect(const char *got, const char *want, int rec, int col)
{
    NB_FUZZ_CHECK(strcmp(got, want) == 0, "record %d field %d: '%s', want '%s'", rec, col, got,
                  want);
}

static void nb_fz_expect_amount(nb_fz_csv *c, int r, int col, int64_t v)
{
    char want[48];
    snprintf(want, sizeof want, "%" PRId64, v);
    nb_fz_expect(c->fields[r][col], want, r, col);
    nb_fz_hours(v, want);
    nb_fz_expect(c->fields[r][col + 1], want, r, col + 1);
}

/* Writes the harness's statement stmt through the CSV writer's pieces. */
static void nb_fz_render(const json_t *stmt, nb_buf *out)
{
    nb_statement_csv_head(out, json_string_value(json_object_get(stmt, "vanaf")),
                          json_integer_value(json_object_get(stmt, "beginsaldoMinuten")));
    size_t i;
    json_t *l;
    json_array_foreach (json_object_get(stmt, "regels"), i, l) {
        const char *cols[NB_STATEMENT_CSV_TEXT];
        for (size_t k = 0; k < NB_STATEMENT_CSV_TEXT; k++)
            cols[k] = json_string_value(json_object_get(l, nb_fz_text_cols[k]));
        nb_statement_csv_row(out, cols, json_integer_value(json_object_get(l, "mutatieMinuten")),
                             json_integer_value(json_object_get(l, "saldoMinuten")));
    }
    nb_statement_csv_tail(out, json_string_value(json_object_get(stmt, "tot")),
                          json_integer_value(json_object_get(stmt, "eindsaldoMinuten")));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_fz_in in = {data, size};
    char vanaf[11], tot[11];
    uint8_t flags = nb_fz_byte(&in);
    json_t *stmt = json_object(), *lines = json_array();
    if (flags & 1)
        nb_fz_date(&in, vanaf);
    if (flags & 2)
        nb_fz_date(&in, tot);
    int64_t opening = nb_fz_i64(&in), closing = nb_fz_i64(&in);
    json_object_set_new(stmt, "vanaf", flags & 1 ? json_string(vanaf) : json_null());
    json_object_set_new(stmt, "tot", flags & 2 ? json_string(tot) : json_null());
    json_object_set_new(stmt, "beginsaldoMinuten", json_integer(opening));
    json_object_set_new(stmt, "eindsaldoMinuten", json_integer(closing));
    while (in.n > 0 && json_array_size(lines) < NB_FZ_MAX_LINES) {
        json_t *l = json_object();
        for (size_t k = 0; k < 7; k++) {
            size_t len = nb_fz_byte(&in) % 64;
            if (len > in.n)
                len = in.n;
            json_t *text = json_stringn((const char *)in.p, len); /* NULL unless UTF-8 */
            in.p += len;
            in.n -= len;
            if (text)
                json_object_set_new(l, nb_fz_text_cols[k], text);
        }
        json_object_set_new(l, "mutatieMinuten", json_integer(nb_fz_i64(&in)));
        json_object_set_new(l, "saldoMinuten", json_integer(nb_fz_i64(&in)));
        json_array_append_new(lines, l);
    }
    json_object_set_new(stmt, "regels", lines);

    nb_buf out = NB_BUF_INIT;
    nb_fz_csv c;
    nb_fz_render(stmt, &out);
    NB_FUZZ_CHECK(!out.oom && out.len >= 3 && memcmp(out.data, "\xEF\xBB\xBF", 3) == 0,
                  "no UTF-8 BOM");
    const char *why = nb_fz_csv_parse(out.data + 3, out.len - 3, &c);
    NB_FUZZ_CHECK(why == NULL, "not RFC 4180: %s", why);
    size_t nlines = json_array_size(lines);
    NB_FUZZ_CHECK(c.nrecords == (int)nlines + 3, "%d records for %zu lines", c.nrecords, nlines);
    for (int r = 0; r < c.nrecords; r++)
        NB_FUZZ_CHECK(c.nfields[r] == NB_FZ_COLS, "record %d has %d fields", r, c.nfields[r]);

    static const char *const header[NB_FZ_COLS] = {
        "datum",        "tijdstip", "boeking", "tegenpartij",   "soort",     "fase",
        "omschrijving", "minuten",  "uren",    "saldo minuten", "saldo uren"};
    for (int k = 0; k < NB_FZ_COLS; k++)
        nb_fz_expect(c.fields[0][k], header[k], 0, k);

    /* Opening and closing rows: date;;;;;;word;;;minutes;hours */
    int last = c.nrecords - 1;
    nb_fz_expect(c.fields[1][0], flags & 1 ? vanaf : "", 1, 0);
    nb_fz_expect(c.fields[last][0], flags & 2 ? tot : "", last, 0);
    nb_fz_expect(c.fields[1][6], "beginsaldo", 1, 6);
    nb_fz_expect(c.fields[last][6], "eindsaldo", last, 6);
    for (int k = 1; k < 9; k++)
        if (k != 6) {
            nb_fz_expect(c.fields[1][k], "", 1, k);
            nb_fz_expect(c.fields[last][k], "", last, k);
        }
    nb_fz_expect_amount(&c, 1, 9, opening);
    nb_fz_expect_amount(&c, last, 9, closing);

    size_t i;
    json_t *l;
    json_array_foreach (lines, i, l) {
        int r = (int)i + 2;
        for (int k = 0; k < 7; k++) {
            const char *v = json_string_value(json_object_get(l, nb_fz_text_cols[k]));
            const char *got = c.fields[r][k];
            if (v == NULL)
                v = "";
            NB_FUZZ_CHECK(got[0] != '=' && got[0] != '+' && got[0] != '-' && got[0] != '@',
                          "record %d field %d starts a formula: '%s'", r, k, got);
            if (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@') {
                NB_FUZZ_CHECK(got[0] == '\'' && strcmp(got + 1, v) == 0,
                              "record %d field %d: '%s', want ''%s'", r, k, got, v);
            } else {
                nb_fz_expect(got, v, r, k);
            }
        }
        nb_fz_expect_amount(&c, r, 7, json_integer_value(json_object_get(l, "mutatieMinuten")));
        nb_fz_expect_amount(&c, r, 9, json_integer_value(json_object_get(l, "saldoMinuten")));
    }
    nb_fz_csv_free(&c);
    nb_buf_free(&out);
    json_decref(stmt);
    return 0;
}
