/*
 * tests/api/test_stream.c — streamed answers (issue 12 §6, http/stream.c):
 * the statement of an organisation with thousands of lines, as JSON and as
 * CSV, sent while it is read (chunked, many NB_STREAM_CHUNKs) is byte for
 * byte the answer built in memory the old way (nb_statement_load_unlinked,
 * a jansson tree of the envelope and lines, nb_statement_csv), plain and
 * gzipped; a small statement is still sent whole with its Content-Length;
 * clients that leave in the middle of a stream cost nothing: the server
 * goes on answering (every store went back to its pool) and, under the
 * valgrind setup, exits without leaks.
 */
#include "harness.h"
#include "rawhttp.h"
#include "web_session.h"

#include "api/api.h"
#include "http/encode.h"
#include "store/statement.h"
#include "store/store.h"
#include "util/date.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

/* Lines on the big statement: its JSON is about 13 chunks of 64 KiB, its CSV
 * about 5. */
#define NLINES 2500

static nb_t_server srv;
static char *beheer;
static long long org_big, org_small, org_huge;

/* Lines copied onto the huge statement in SQL: its JSON (about 6 MB) is more
 * than the kernel buffers of a connection hold (4 MB send, a few KiB receive
 * here), so a client that does not read keeps its stream open. */
#define NHUGE 20000

/* POSTs count corrections from the fund to org, 100 a request; the
 * descriptions hold what JSON and CSV escape or quote. */
static void correct(long long org, int count, const char *prefix)
{
    for (int done = 0; done < count;) {
        size_t cap = (size_t)64 * 1024;
        char *body = malloc(cap);
        assert_non_null(body);
        size_t n = (size_t)snprintf(body, cap, "{\"boekingen\":[");
        for (int k = 0; k < 100 && done < count; k++, done++)
            n += (size_t)snprintf(body + n, cap - n,
                                  "%s{\"id\":\"%s-%d\",\"soort\":\"correctie\","
                                  "\"creditOrganisatieId\":%lld,\"minuten\":%d,"
                                  "\"omschrijving\":\"Uren \\\"extra\\\"; =SOM(%d) \\u00e9 "
                                  "\\u2713 \\ud83d\\ude00 r%d\"}",
                                  k ? "," : "", prefix, done, org, done % 7 + 1, done, done);
        snprintf(body + n, cap - n, "]}");
        nb_t_resp r;
        assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, body, &r), 0);
        if (r.status != 201 && r.status != 200)
            fail_msg("POST /boekingen: %ld %s", r.status, r.body);
        nb_t_resp_free(&r);
        free(body);
    }
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_big = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                          "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}");
    org_small =
        nb_t_create(&srv, "/api/v1/organisaties", beheer,
                    "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    org_huge = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                           "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\"}");
    if (beheer == NULL || org_big <= 0 || org_small <= 0 || org_huge <= 0)
        return -1;
    correct(org_big, NLINES, "big");
    correct(org_small, 3, "small");
    correct(org_huge, 1, "huge");
    /* the huge statement: copies of its one correction, a second apart */
    char q[1024];
    snprintf(
        q, sizeof q,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
        "INSERT INTO ledger_transfers (tid, debit_account_id, credit_account_id, amount, kind, "
        "flags, pending_id, reverses_id, money_cents, hour_rate_cents, ts, reason, "
        "pending_state, posted_amount, resolved_by, reversed_by) "
        "SELECT 'huge-copy-' || n.i, t.debit_account_id, t.credit_account_id, t.amount, "
        "t.kind, t.flags, t.pending_id, t.reverses_id, t.money_cents, t.hour_rate_cents, "
        "t.ts + n.i, t.reason, t.pending_state, t.posted_amount, t.resolved_by, "
        "t.reversed_by FROM n, ledger_transfers t WHERE t.tid = 'huge-0'",
        NHUGE);
    nb_t_sql(&srv, q);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- The answers built the old way, in memory, from the store ------------- */

/* The statement of org as the server built it before it was streamed: the
 * lines loaded, the envelope and lines as a jansson tree, serialised as the
 * server serialises answers; and nb_statement_csv of the loaded lines. */
static void expected(long long org, char **json, char **csv)
{
    nb_store *st = NULL;
    nb_err err = {{0}};
    nb_statement s;
    assert_int_equal(nb_store_open(srv.db, 0, &st, &err), 0);
    assert_int_equal(nb_store_begin_read(st, &err), 0);
    assert_int_equal(nb_statement_load_unlinked(st, org, NULL, NULL, &s, &err), 0);
    json_t *lines = json_array();
    for (size_t i = 0; i < s.n; i++) {
        const nb_statement_line *l = &s.lines[i];
        const nb_transfer *t = &l->entry.transfer;
        char when[21], day[NB_DATE_LEN];
        nb_api_iso_time(t->timestamp, when);
        nb_date_format(nb_date_amsterdam_day(t->timestamp), day);
        json_t *o = json_object();
        json_object_set_new(o, "datum", json_string(day));
        json_object_set_new(o, "tijdstip", json_string(when));
        json_object_set_new(o, "boekingId", json_string(t->id));
        json_object_set_new(o, "tegenpartij", json_string(l->counter_name));
        json_object_set_new(o, "tegenpartijOrganisatieId",
                            l->counter_org_id ? json_integer(l->counter_org_id) : json_null());
        json_object_set_new(o, "soort", json_string(nb_ledger_kind_name(t->kind)));
        json_object_set_new(o, "fase", json_string(nb_api_ledger_phase(t)));
        json_object_set_new(o, "omschrijving", json_string(t->reason));
        json_object_set_new(o, "boekingMinuten", json_integer(t->amount));
        json_object_set_new(o, "mutatieMinuten", json_integer(l->delta));
        json_object_set_new(o, "saldoMinuten", json_integer(l->balance));
        json_array_append_new(lines, o);
    }
    json_t *j = json_object();
    json_object_set_new(j, "organisatieId", json_integer(s.row.organisation_id));
    json_object_set_new(j, "code", json_string(s.row.org_code));
    json_object_set_new(j, "naam", json_string(s.row.org_name));
    json_object_set_new(j, "vanaf", json_null());
    json_object_set_new(j, "tot", json_null());
    json_object_set_new(j, "beginsaldoMinuten", json_integer(s.opening));
    json_object_set_new(j, "regels", lines);
    json_object_set_new(j, "eindsaldoMinuten", json_integer(s.closing));
    *json = json_dumps(j, NB_ENCODE_JSON_FLAGS);
    assert_non_null(*json);
    json_decref(j);
    nb_buf b = NB_BUF_INIT;
    nb_statement_csv(&s, &b);
    assert_false(b.oom);
    nb_buf_putc(&b, '\0');
    *csv = nb_buf_steal(&b);
    nb_statement_free(&s);
    nb_store_rollback(st);
    nb_store_close(st);
}

/* Inflates a gzip body of len bytes into a malloc'd NUL-terminated string. */
static char *gunzip(const char *in, size_t len)
{
    size_t cap = 16u << 20;
    char *out = malloc(cap);
    assert_non_null(out);
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)(cap - 1);
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.avail_in, 0); /* one member, nothing after it */
    out[z.total_out] = '\0';
    inflateEnd(&z);
    return out;
}

static void get(const char *path, const char *const *headers, nb_t_resp *r)
{
    assert_int_equal(nb_t_req_h(&srv, "GET", path, beheer, NULL, headers, r), 0);
    if (r->status != 200)
        fail_msg("GET %s: %ld %s", path, r->status, r->body);
}

/* ---- Tests ------------------------------------------------------------------ */

/* A big statement, JSON and CSV: streamed (chunked, no Content-Length), the
 * old bytes exactly; gzipped on the fly when asked, inflating to them. */
static void test_big_statement_streamed(void **state)
{
    (void)state;
    char *json = NULL, *csv = NULL, path[128];
    expected(org_big, &json, &csv);
    assert_true(strlen(json) > (size_t)10 * 64 * 1024); /* many chunks */
    assert_true(strlen(csv) > (size_t)3 * 64 * 1024);
    const char *gz[] = {"Accept-Encoding: gzip", NULL};
    for (int as_csv = 0; as_csv <= 1; as_csv++) {
        const char *want = as_csv ? csv : json;
        snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift%s", org_big,
                 as_csv ? ".csv" : "");
        nb_t_resp r;
        get(path, NULL, &r);
        assert_null(nb_t_header(&r, "Content-Length"));
        assert_string_equal(nb_t_header(&r, "Transfer-Encoding"), "chunked");
        assert_string_equal(nb_t_header(&r, "Content-Type"),
                            as_csv ? "text/csv; charset=utf-8" : "application/json");
        assert_string_equal(nb_t_header(&r, "Vary"), "Accept-Encoding");
        assert_null(nb_t_header(&r, "Content-Encoding"));
        if (as_csv)
            assert_string_equal(nb_t_header(&r, "Content-Disposition"),
                                "attachment; filename=\"afschrift-GM0505.csv\"");
        assert_int_equal(r.body_len, strlen(want));
        assert_true(memcmp(r.body, want, r.body_len) == 0);
        nb_t_resp_free(&r);

        get(path, gz, &r);
        assert_string_equal(nb_t_header(&r, "Content-Encoding"), "gzip");
        assert_string_equal(nb_t_header(&r, "Vary"), "Accept-Encoding");
        assert_true(r.body_len < strlen(want) / 2);
        char *plain = gunzip(r.body, r.body_len);
        assert_string_equal(plain, want);
        free(plain);
        nb_t_resp_free(&r);
    }
    free(json);
    free(csv);
}

/* The page's CSV (/organisaties/{id}/afschrift.csv, for a signed-in reader)
 * is streamed the same way and is the same bytes. */
static void test_page_csv_streamed(void **state)
{
    (void)state;
    char *json = NULL, *csv = NULL, path[128];
    expected(org_big, &json, &csv);
    nb_t_web web;
    assert_int_equal(nb_t_web_session(&srv, "lezer-stream", "lezer", org_big, 0, &web), 0);
    snprintf(path, sizeof path, "/organisaties/%lld/afschrift.csv", org_big);
    nb_t_resp r;
    nb_t_page(&srv, &web, "GET", path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(nb_t_header(&r, "Transfer-Encoding"), "chunked");
    assert_null(nb_t_header(&r, "Content-Encoding")); /* pages are never gzipped */
    assert_string_equal(nb_t_header(&r, "Content-Disposition"),
                        "attachment; filename=\"afschrift-GM0505.csv\"");
    assert_int_equal(r.body_len, strlen(csv));
    assert_string_equal(r.body, csv);
    nb_t_resp_free(&r);
    free(json);
    free(csv);
}

/* A statement within the first chunk goes out as before: whole, with its
 * Content-Length, the old bytes. */
static void test_small_statement_whole(void **state)
{
    (void)state;
    char *json = NULL, *csv = NULL, path[128];
    expected(org_small, &json, &csv);
    for (int as_csv = 0; as_csv <= 1; as_csv++) {
        const char *want = as_csv ? csv : json;
        snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift%s", org_small,
                 as_csv ? ".csv" : "");
        nb_t_resp r;
        get(path, NULL, &r);
        char len[32];
        snprintf(len, sizeof len, "%zu", strlen(want));
        assert_non_null(nb_t_header(&r, "Content-Length"));
        assert_string_equal(nb_t_header(&r, "Content-Length"), len);
        assert_null(nb_t_header(&r, "Transfer-Encoding"));
        assert_string_equal(r.body, want);
        nb_t_resp_free(&r);
    }
    free(json);
    free(csv);
}

/* Sends a GET of path on a raw connection with a small receive buffer and
 * reads about want bytes of the answer; returns the connection. */
static int open_stream(const char *path, size_t want)
{
    /* A small receive buffer, set before connecting (the window is agreed
     * then): the server can send little ahead, so most of the answer is
     * still to be made while the client does not read. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    int small = 4096;
    assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)strtol(strrchr(srv.base, ':') + 1, NULL, 10));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char req[1024];
    int n =
        snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n",
                 path, beheer);
    assert_int_equal(nb_t_send(fd, req, (size_t)n), 0);
    char buf[4096];
    size_t got = 0;
    while (got < want) {
        ssize_t k = read(fd, buf, sizeof buf < want - got ? sizeof buf : want - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    assert_true(got >= want); /* the answer is under way */
    return fd;
}

/* A client that reads about want bytes and leaves. */
static void leave_early(const char *path, size_t want)
{
    close(open_stream(path, want));
}

/* Clients that leave in the middle of big answers, more of them than the
 * server has workers and stream stores: each stream's store and read
 * transaction are given back (else the later requests would wait forever),
 * and the next answer is whole and right. */
static void test_clients_leaving_mid_stream(void **state)
{
    (void)state;
    char *json = NULL, *csv = NULL, path[128];
    expected(org_big, &json, &csv);
    for (int i = 0; i < 12; i++) {
        snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift%s",
                 i % 2 ? org_big : org_huge, i % 4 == 1 ? ".csv" : "");
        leave_early(path, 8192);
    }
    /* a write is not held up by the streams that were */
    correct(org_small, 1, "after");
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift", org_big);
    nb_t_resp r;
    get(path, NULL, &r);
    assert_string_equal(r.body, json);
    nb_t_resp_free(&r);
    free(json);
    free(csv);
}

/* As many streams as the server sends at once (one per worker), held open by
 * clients that do not read: another request for a long answer is neither
 * refused nor kept waiting for their stores; it is made whole in memory and
 * sent with its length, the same bytes. */
static void test_streams_over_the_cap(void **state)
{
    (void)state;
    char *json = NULL, *csv = NULL, huge[128], big[128];
    expected(org_big, &json, &csv);
    const char *env = getenv("NB_T_THREADS");
    int cap = env ? (int)strtol(env, NULL, 10) : 4, fds[64];
    assert_true(cap >= 1 && cap <= 64);
    snprintf(huge, sizeof huge, "/api/v1/organisaties/%lld/afschrift", org_huge);
    snprintf(big, sizeof big, "/api/v1/organisaties/%lld/afschrift", org_big);
    for (int i = 0; i < cap; i++)
        fds[i] = open_stream(huge, 2048);
    nb_t_resp r;
    get(big, NULL, &r);
    char len[32];
    snprintf(len, sizeof len, "%zu", strlen(json));
    assert_non_null(nb_t_header(&r, "Content-Length"));
    assert_string_equal(nb_t_header(&r, "Content-Length"), len);
    assert_null(nb_t_header(&r, "Transfer-Encoding"));
    assert_string_equal(r.body, json);
    nb_t_resp_free(&r);
    for (int i = 0; i < cap; i++)
        close(fds[i]);
    /* the streams' stores come back once the server has seen the clients
     * go: then the answer is streamed again */
    int streamed = 0;
    for (int tries = 0; tries < 100 && !streamed; tries++) {
        get(big, NULL, &r);
        assert_string_equal(r.body, json);
        streamed = nb_t_header(&r, "Transfer-Encoding") != NULL;
        nb_t_resp_free(&r);
        if (!streamed)
            usleep(100 * 1000);
    }
    assert_true(streamed);
    free(json);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_big_statement_streamed),
        cmocka_unit_test(test_small_statement_whole),
        cmocka_unit_test(test_page_csv_streamed),
        cmocka_unit_test(test_clients_leaving_mid_stream),
        cmocka_unit_test(test_streams_over_the_cap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
