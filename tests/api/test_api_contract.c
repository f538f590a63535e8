/*
 * tests/api/test_api_contract.c — issue 14 over real HTTP: openapi.json made
 * once, with a strong ETag, Cache-Control, 304 and gzip; large answers
 * gzipped when the client asks (Vary: Accept-Encoding), small ones and
 * problems never. Moved out of test_api_rules.c (the API rules of issue 9),
 * with the same setup.
 */
#include "api_rules_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <dirent.h>
#include <unistd.h>

/* ---- 5. The contract made once; gzip (issue 14) ------------------------------- */

/* Inflates r's gzip body into a malloc'd NUL-terminated string, or NULL. */
static char *gunzip_body(const nb_t_resp *r, size_t len)
{
    size_t cap = 4 * 1024 * 1024;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        free(out);
        return NULL;
    }
    z.next_in = (Bytef *)r->body;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)(cap - 1);
    int ok = inflate(&z, Z_FINISH) == Z_STREAM_END;
    out[z.total_out] = '\0';
    inflateEnd(&z);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* The body length from Content-Length (the body may hold NUL bytes). */
static size_t body_len(nb_t_resp *r)
{
    const char *cl = nb_t_header(r, "Content-Length");
    assert_non_null(cl);
    return (size_t)strtoul(cl, NULL, 10);
}

/* How many open file descriptors of process pid link to a name starting with
 * prefix (/proc/<pid>/fd). */
static int server_fds_named(pid_t pid, const char *prefix)
{
    char dir[64], path[128], target[256];
    snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0, seen = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ssize_t len = readlink(path, target, sizeof target - 1);
        if (len <= 0)
            continue;
        target[len] = '\0';
        seen++;
        n += strncmp(target, prefix, strlen(prefix)) == 0;
    }
    closedir(d);
    assert_true(seen > 0); /* the listening socket at least */
    return n;
}

static void test_openapi_made_once(void **state)
{
    (void)state;
    nb_t_resp r, again, gz;
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/openapi.json");
    nb_t_assert_status(&r, 200);
    assert_non_null(r.json);
    char etag[64];
    assert_non_null(nb_t_header(&r, "ETag"));
    snprintf(etag, sizeof etag, "%s", r.hval);
    assert_int_equal(strlen(etag), 18); /* "<16 hex>": strong */
    assert_int_equal(etag[0], '"');
    assert_non_null(nb_t_header(&r, "Cache-Control"));
    assert_non_null(strstr(r.hval, "max-age="));
    assert_null(strstr(r.hval, "no-store"));
    assert_non_null(nb_t_header(&r, "Vary"));
    assert_string_equal(r.hval, "Accept-Encoding");
    assert_null(nb_t_header(&r, "Content-Encoding"));
    assert_non_null(nb_t_header(&r, "Access-Control-Allow-Origin"));
    assert_non_null(nb_t_header(&r, "API-Version"));

    /* the same bytes every time, also with a token */
    nb_t_reqf(&srv, &again, "GET", beheer, NULL, "/api/v1/openapi.json");
    nb_t_assert_status(&again, 200);
    assert_string_equal(again.body, r.body);
    assert_string_equal(nb_t_header(&again, "ETag"), etag);
    nb_t_resp_free(&again);

    /* If-None-Match: the tag (also weak, also in a list) is a 304 without a body */
    char inm[128], weak[128], list[160];
    snprintf(inm, sizeof inm, "If-None-Match: %s", etag);
    snprintf(weak, sizeof weak, "If-None-Match: W/%s", etag);
    snprintf(list, sizeof list, "If-None-Match: \"x\", %s", etag);
    const char *conds[] = {inm, weak, list};
    for (size_t i = 0; i < 3; i++) {
        const char *h[] = {conds[i], NULL};
        assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, h, &again), 0);
        assert_int_equal(again.status, 304);
        assert_string_equal(again.body, "");
        assert_string_equal(nb_t_header(&again, "ETag"), etag);
        nb_t_resp_free(&again);
    }
    const char *other[] = {"If-None-Match: \"0000000000000000\"", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, other, &again), 0);
    assert_int_equal(again.status, 200);
    nb_t_resp_free(&again);

    /* gzip: its own strong tag; inflates to the same bytes; its tag is a 304 too */
    const char *ae[] = {"Accept-Encoding: gzip", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, ae, &gz), 0);
    assert_int_equal(gz.status, 200);
    assert_string_equal(nb_t_header(&gz, "Content-Encoding"), "gzip");
    assert_string_equal(nb_t_header(&gz, "Vary"), "Accept-Encoding");
    char gztag[64];
    snprintf(gztag, sizeof gztag, "%s", nb_t_header(&gz, "ETag"));
    assert_string_not_equal(gztag, etag);
    size_t n = body_len(&gz);
    assert_true(n < strlen(r.body) / 4);
    char *plain = gunzip_body(&gz, n);
    assert_non_null(plain);
    assert_string_equal(plain, r.body);
    free(plain);
    snprintf(inm, sizeof inm, "If-None-Match: %s", gztag);
    const char *both[] = {"Accept-Encoding: gzip", inm, NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, both, &again), 0);
    assert_int_equal(again.status, 304);
    nb_t_resp_free(&again);
    nb_t_resp_free(&gz);
    /* a client that refuses gzip gets the plain bytes */
    const char *refuse[] = {"Accept-Encoding: gzip;q=0, br", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, refuse, &gz), 0);
    assert_null(nb_t_header(&gz, "Content-Encoding"));
    assert_string_equal(gz.body, r.body);
    nb_t_resp_free(&gz);
    nb_t_resp_free(&r);
    /* Served from memory, not from a memfd with sendfile: MHD sent a file in
     * 128 KiB chunks under TCP_CORK, which it left set, and under load the
     * plain contract ran at 0.02x nginx (issue 14). */
    assert_int_equal(server_fds_named(srv.pid, "/memfd:"), 0);
}

static void test_gzip_large_answers(void **state)
{
    (void)state;
    for (int i = 0; i < 12; i++) {
        char body[160];
        snprintf(body, sizeof body,
                 "{\"code\":\"GZ%02d\",\"soort\":\"partner\",\"naam\":\"Partner voor gzip %d\"}", i,
                 i);
        assert_true(nb_t_create(&srv, "/api/v1/organisaties", beheer, body) > 0);
    }
    const char *path = "/api/v1/organisaties?paginaGrootte=100";
    nb_t_resp plain, gz, r;
    nb_t_reqf(&srv, &plain, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&plain, 200);
    assert_true(strlen(plain.body) >= 2048);
    assert_null(nb_t_header(&plain, "Content-Encoding"));
    assert_non_null(nb_t_header(&plain, "Vary")); /* a cache must keep the forms apart */
    assert_string_equal(plain.hval, "Accept-Encoding");
    assert_string_equal(nb_t_header(&plain, "Cache-Control"), "no-store");

    const char *ae[] = {"Accept-Encoding: deflate, gzip;q=0.8", NULL};
    assert_int_equal(nb_t_req_h(&srv, "GET", path, beheer, NULL, ae, &gz), 0);
    assert_int_equal(gz.status, 200);
    assert_string_equal(nb_t_header(&gz, "Content-Encoding"), "gzip");
    assert_string_equal(nb_t_header(&gz, "Vary"), "Accept-Encoding");
    char *back = gunzip_body(&gz, body_len(&gz));
    assert_non_null(back);
    assert_string_equal(back, plain.body);
    free(back);
    nb_t_resp_free(&gz);

    /* small answers, versioned ones (a strong ETag) and problems stay as they are */
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/organisaties/1", beheer, NULL, ae, &r), 0);
    assert_int_equal(r.status, 200);
    assert_null(nb_t_header(&r, "Content-Encoding"));
    assert_null(nb_t_header(&r, "Vary"));
    assert_non_null(r.json);
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/organisaties/999", beheer, NULL, ae, &r), 0);
    assert_int_equal(r.status, 404);
    assert_null(nb_t_header(&r, "Content-Encoding"));
    assert_non_null(r.json);
    nb_t_resp_free(&r);
    nb_t_resp_free(&plain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openapi_made_once),
        cmocka_unit_test(test_gzip_large_answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
