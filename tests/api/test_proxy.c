/*
 * tests/api/test_proxy.c — noaber behind a reverse proxy, over real TCP.
 * The server trusts 127.0.0.1 as its proxy (NOABER_TRUSTED_PROXY), allows 2
 * per client (NOABER_PER_IP_LIMIT) and knows its public address
 * (NOABER_PUBLIC_URL). Requests through the proxy are limited per forwarded
 * client, not per proxy; X-Forwarded-For from anyone else is ignored; the
 * audit log records the forwarded client; links use the public URL.
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

#define PUBLIC "https://noaber.example.org/portaal"

static nb_t_server srv;
static char *beheer;

static int setup(void **state)
{
    (void)state;
    setenv("NOABER_TRUSTED_PROXY", "127.0.0.1, ::1", 1);
    setenv("NOABER_PER_IP_LIMIT", "2", 1);
    setenv("NOABER_PUBLIC_URL", PUBLIC "/", 1);
    return nb_t_start_beheer(&srv, &beheer);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* Opens a POST from the proxy for client xff and sends only its headers: it stays in flight. */
static int hold(const char *xff)
{
    char head[1024];
    snprintf(head, sizeof head,
             "POST /api/v1/organisaties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "X-Forwarded-For: %s\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n",
             beheer, xff);
    int fd = nb_t_dial(&srv, "127.0.0.1");
    assert_true(fd >= 0);
    assert_int_equal(nb_t_send(fd, head, strlen(head)), 0);
    return fd;
}

/* GET /api/v1/organisaties through the proxy for client xff; returns the status. */
static long get_as(const char *xff)
{
    char h[128];
    snprintf(h, sizeof h, "X-Forwarded-For: %s", xff);
    const char *hdrs[] = {h, NULL};
    nb_t_resp r;
    assert_int_equal(nb_t_req_h(&srv, "GET", "/api/v1/organisaties", beheer, NULL, hdrs, &r), 0);
    long status = r.status;
    if (status == 429) {
        nb_t_assert_status(&r, 429);
        assert_non_null(nb_t_header(&r, "Retry-After"));
    }
    nb_t_resp_free(&r);
    return status;
}

static void test_limit_per_forwarded_client(void **state)
{
    (void)state;
    int a = hold("198.51.100.1, 203.0.113.7");
    int b = hold("203.0.113.7");
    usleep(300 * 1000 * (useconds_t)nb_t_scale());
    /* Two requests of 203.0.113.7 are in flight: a third is refused ... */
    assert_int_equal(get_as("203.0.113.7"), 429);
    /* ... also when more proxies of ours stand in between ... */
    assert_int_equal(get_as("203.0.113.7, ::1, 127.0.0.1"), 429);
    /* ... while other clients behind the same proxy are served (so the proxy
     * itself, with four connections open, is not held to 2), and a left entry
     * the client wrote itself does not make it someone else. */
    assert_int_equal(get_as("203.0.113.8"), 200);
    assert_int_equal(get_as("203.0.113.7, 203.0.113.9"), 200);
    close(a);
    close(b);
    long status = 0;
    for (int i = 0; i < 20 * nb_t_scale() && status != 200; i++) {
        usleep(100 * 1000);
        status = get_as("203.0.113.7");
    }
    assert_int_equal(status, 200);
}

static void test_untrusted_peer_is_its_own_client(void **state)
{
    (void)state;
    /* 127.0.0.2 is no proxy of ours: its X-Forwarded-For is ignored and it is
     * held to 2 connections. */
    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = nb_t_dial(&srv, "127.0.0.2");
        assert_true(fds[i] >= 0);
        usleep(50 * 1000);
    }
    assert_true(nb_t_wait_closed(fds[2], 1000 * nb_t_scale()));
    close(fds[2]);
    const char *body = "{\"code\":\"GM0482\",\"soort\":\"gemeente\",\"naam\":\"Alblasserdam\"}";
    char req[1024], got[4096];
    snprintf(req, sizeof req,
             "POST /api/v1/organisaties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
             "X-Forwarded-For: 203.0.113.50\r\nContent-Type: application/json\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
             beheer, strlen(body), body);
    assert_int_equal(nb_t_send(fds[0], req, strlen(req)), 0);
    int closed = 0;
    nb_t_recv_all(fds[0], got, sizeof got, 2000 * nb_t_scale(), &closed);
    assert_memory_equal(got, "HTTP/1.1 201", 12);
    close(fds[0]);
    close(fds[1]);
    nb_t_resp r;
    nb_t_req(&srv, "GET", "/api/v1/auditlog?entiteit=organisatie", beheer, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "203.0.113.50"));
    assert_non_null(strstr(r.body, "\"herkomst\":\"127.0.0.2\""));
    nb_t_resp_free(&r);
}

static void test_audit_and_links_use_client_and_public_url(void **state)
{
    (void)state;
    const char *hdrs[] = {"X-Forwarded-For: 203.0.113.51", "Host: evil.example", NULL};
    nb_t_resp r;
    assert_int_equal(
        nb_t_req_h(&srv, "POST", "/api/v1/organisaties", beheer,
                   "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}", hdrs,
                   &r),
        0);
    assert_int_equal(r.status, 201);
    long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
    char want[256];
    snprintf(want, sizeof want, PUBLIC "/api/v1/organisaties/%lld", id);
    assert_string_equal(nb_t_header(&r, "Location"), want);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(r.json, "_links"), "self"), "href")),
                        want);
    nb_t_resp_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/auditlog?entiteit=organisatie&entiteitId=%lld", id);
    nb_t_req(&srv, "GET", path, beheer, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "\"herkomst\":\"203.0.113.51\""));
    nb_t_resp_free(&r);
}

static void test_bad_public_url_is_refused(void **state)
{
    (void)state;
    const char *bad[] = {"ftp://x", "https://", "https://a.example/?q=1", "https://a b", NULL};
    for (int i = 0; bad[i]; i++) {
        const char *args[] = {"serve", "--listen", "127.0.0.1:0", "--public-url", bad[i], NULL};
        assert_int_not_equal(nb_t_cli(&srv, NULL, 0, args), 0);
    }
    const char *proxy[] = {"serve", "--listen", "127.0.0.1:0", NULL};
    setenv("NOABER_TRUSTED_PROXY", "not-an-address", 1);
    assert_int_not_equal(nb_t_cli(&srv, NULL, 0, proxy), 0);
    setenv("NOABER_TRUSTED_PROXY", "127.0.0.1, ::1", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limit_per_forwarded_client),
        cmocka_unit_test(test_untrusted_peer_is_its_own_client),
        cmocka_unit_test(test_audit_and_links_use_client_and_public_url),
        cmocka_unit_test(test_bad_public_url_is_refused),
    };
    return cmocka_run_group_tests_name("api-proxy", tests, setup, teardown);
}
