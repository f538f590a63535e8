/*
 * tests/api/test_edge.c — what the server decides before a handler runs,
 * over real HTTP: route, token, roles and 413 are answered from the headers
 * alone, before any byte of the body is read; a request-target with %00,
 * control characters or bytes that are not UTF-8 gets a problem+json 400;
 * HTTP/1.1 without exactly one Host gets 400; the Host header never shapes
 * Location or _links; 414 and 431 are problem+json where the server answers
 * them itself (issue 7, B.3 and C.5).
 */
#include "harness.h"
#include "rawhttp.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static nb_t_server srv;
static char *beheer, *lezer;
static long long org;

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                      "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}");
    lezer = nb_t_token(&srv, "lezer", org, 0);
    return beheer && lezer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(lezer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

static void assert_problem(nb_t_resp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    nb_t_assert_status(r, status);
    assert_int_equal(json_integer_value(json_object_get(r->json, "status")), status);
}

/*
 * Sends only the headers of a request that announces a body of length
 * bytes, and expects the answer `status` (problem+json) at once and the
 * connection closed — without a byte of the body being sent.
 */
static void answered_from_headers(const char *method, const char *path, const char *token,
                                  long length, int status)
{
    char head[1024], auth[256] = "", want[32], got[8192];
    if (token)
        snprintf(auth, sizeof auth, "Authorization: Bearer %s\r\n", token);
    snprintf(head, sizeof head,
             "%s %s HTTP/1.1\r\nHost: localhost\r\n%sContent-Type: application/json\r\n"
             "Content-Length: %ld\r\n\r\n",
             method, path, auth, length);
    int fd = nb_t_dial(&srv, NULL);
    assert_true(fd >= 0);
    assert_int_equal(nb_t_send(fd, head, strlen(head)), 0);
    int closed = 0;
    nb_t_recv_all(fd, got, sizeof got, 1500 * nb_t_scale(), &closed);
    close(fd);
    snprintf(want, sizeof want, "HTTP/1.1 %d", status);
    if (strncmp(got, want, strlen(want)) != 0 || !closed)
        fprintf(stderr, "%s %s: expected '%s' and a close, got (closed=%d) '%.200s'\n", method,
                path, want, closed, got);
    assert_memory_equal(got, want, strlen(want));
    assert_non_null(strstr(got, "application/problem+json"));
    assert_true(closed);
}

static void test_answers_before_the_body(void **state)
{
    (void)state;
    /* 401 for an anonymous client announcing 500 kB: nothing is buffered. */
    answered_from_headers("POST", "/api/v1/organisaties", NULL, 500000, 401);
    /* 413 from Content-Length alone, even for an authenticated client. */
    answered_from_headers("POST", "/api/v1/organisaties", beheer, 5L * 1024 * 1024, 413);
    answered_from_headers("POST", "/api/v1/organisaties", lezer, 1000, 403);
    answered_from_headers("POST", "/api/v1/bestaat-niet", beheer, 1000, 404);
    answered_from_headers("DELETE", "/api/v1/organisaties/1", beheer, 1000, 405);
    /* A body on a route that takes none is refused before it is read. */
    answered_from_headers("GET", "/api/v1/organisaties", beheer, 1000, 400);
}

/* A chunked body has no Content-Length to refuse: past the limit the connection is closed. */
static void test_chunked_body_over_the_limit_is_cut_off(void **state)
{
    (void)state;
    size_t n = 1024 * 1024 + 16; /* over the default max_body */
    char head[512];
    snprintf(head, sizeof head,
             "POST /api/v1/organisaties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%zx\r\n",
             beheer, n);
    char *chunk = malloc(n);
    assert_non_null(chunk);
    memset(chunk, ' ', n);
    int fd = nb_t_dial(&srv, NULL);
    assert_true(fd >= 0);
    assert_int_equal(nb_t_send(fd, head, strlen(head)), 0);
    (void)nb_t_send(fd, chunk, n); /* may fail halfway: the server stops reading */
    free(chunk);
    char got[256];
    int closed = 0;
    nb_t_recv_all(fd, got, sizeof got, 3000 * nb_t_scale(), &closed);
    close(fd);
    assert_true(closed);
    assert_null(strstr(got, "HTTP/1.1 2"));
    /* The same for a small chunked body on a route that takes none. */
    fd = nb_t_dial(&srv, NULL);
    assert_true(fd >= 0);
    snprintf(head, sizeof head,
             "GET /api/v1/organisaties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "Transfer-Encoding: chunked\r\n\r\n5\r\nhallo\r\n0\r\n\r\n",
             beheer);
    assert_int_equal(nb_t_send(fd, head, strlen(head)), 0);
    nb_t_recv_all(fd, got, sizeof got, 3000 * nb_t_scale(), &closed);
    close(fd);
    assert_true(closed);
    assert_null(strstr(got, "HTTP/1.1 2"));
}

static void test_path_with_nul_or_control_characters(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld%%00xyz", org);
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld%%0Aforged", org);
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?pagina=1%%00");
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%%4");
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
    /* The path itself still works. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld", org);
    assert_int_equal(r.status, 200);
    nb_t_resp_free(&r);
}

static void test_path_not_utf8(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/organisaties/%FF", "/api/v1/%C3%28", "/api/v1/%C0%AF",
                           "/api/v1/%ED%A0%80", "/api/v1/organisaties?naam=%E2%82"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        nb_t_resp r;
        assert_int_equal(nb_t_req(&srv, "GET", paths[i], beheer, NULL, &r), 0);
        assert_problem(&r, 400);
        nb_t_resp_free(&r);
    }
    /* Valid UTF-8 that matches nothing is a plain 404 problem. */
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "GET", "/api/v1/caf%C3%A9", beheer, NULL, &r), 0);
    assert_problem(&r, 404);
    nb_t_resp_free(&r);
}

/* Sends raw, returns the status line's code of the answer (0 when none). */
static int raw_status(const char *raw, char *got, size_t n)
{
    int fd = nb_t_dial(&srv, NULL);
    assert_true(fd >= 0);
    assert_int_equal(nb_t_send(fd, raw, strlen(raw)), 0);
    int closed = 0;
    nb_t_recv_all(fd, got, n, 1500 * nb_t_scale(), &closed);
    close(fd);
    return strncmp(got, "HTTP/1.", 7) == 0 ? atoi(got + 9) : 0;
}

static void test_host_required_on_http11(void **state)
{
    (void)state;
    char got[8192];
    assert_int_equal(raw_status("GET /api/v1/openapi.json HTTP/1.1\r\nConnection: close\r\n\r\n",
                                got, sizeof got),
                     400);
    assert_non_null(strstr(got, "application/problem+json"));
    assert_int_equal(raw_status("GET /api/v1/openapi.json HTTP/1.1\r\nHost: a\r\nHost: b\r\n"
                                "Connection: close\r\n\r\n",
                                got, sizeof got),
                     400);
    assert_non_null(strstr(got, "application/problem+json"));
    /* HTTP/1.0 has no Host requirement. */
    assert_int_equal(raw_status("GET /api/v1/openapi.json HTTP/1.0\r\n\r\n", got, sizeof got), 200);
}

static void test_host_header_does_not_shape_links(void **state)
{
    (void)state;
    const char *evil[] = {"Host: evil.example", NULL};
    nb_t_resp r;
    assert_int_equal(
        nb_t_req_h(&srv, "POST", "/api/v1/organisaties", beheer,
                   "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}", evil,
                   &r),
        0);
    assert_int_equal(r.status, 201);
    const char *loc = nb_t_header(&r, "Location");
    assert_non_null(loc);
    fprintf(stderr, "Location with Host: evil.example: %s\n", loc);
    assert_memory_equal(loc, srv.base, strlen(srv.base));
    const char *self = json_string_value(
        json_object_get(json_object_get(json_object_get(r.json, "_links"), "self"), "href"));
    assert_non_null(self);
    assert_memory_equal(self, srv.base, strlen(srv.base));
    assert_null(strstr(r.body, "evil.example"));
    nb_t_resp_free(&r);
}

/* GET of a path of n 'a's after /api/v1/, raw (curl's harness cuts long URLs). */
static int long_path_status(size_t n, char *got, size_t gotlen)
{
    char *req = malloc(n + 100);
    assert_non_null(req);
    strcpy(req, "GET /api/v1/");
    memset(req + 12, 'a', n);
    strcpy(req + 12 + n, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int status = raw_status(req, got, gotlen);
    free(req);
    return status;
}

static void test_too_long_is_problem_json(void **state)
{
    (void)state;
    char got[8192];
    /* A 9000-character path: the server's own 414, as problem+json. */
    assert_int_equal(long_path_status(9000, got, sizeof got), 414);
    assert_non_null(strstr(got, "application/problem+json"));
    /* 20 kB of headers: 431 as problem+json. */
    char *big = malloc(20100);
    assert_non_null(big);
    strcpy(big, "X-Big: ");
    memset(big + 7, 'b', 20000);
    big[20007] = '\0';
    const char *hdrs[] = {big, NULL};
    nb_t_resp r;
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, hdrs, &r), 0);
    assert_problem(&r, 431);
    nb_t_resp_free(&r);
    free(big);
    /* Beyond the 32 KiB libmicrohttpd has per connection it answers itself (HTML);
     * the status is still right (docs/configuration.md says so). */
    assert_int_equal(long_path_status(70000, got, sizeof got), 414);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_before_the_body),
        cmocka_unit_test(test_chunked_body_over_the_limit_is_cut_off),
        cmocka_unit_test(test_path_with_nul_or_control_characters),
        cmocka_unit_test(test_path_not_utf8),
        cmocka_unit_test(test_host_required_on_http11),
        cmocka_unit_test(test_host_header_does_not_shape_links),
        cmocka_unit_test(test_too_long_is_problem_json),
    };
    return cmocka_run_group_tests_name("api-edge", tests, setup, teardown);
}
