/*
 * tests/api/test_health.c — the load balancer's probes and a graceful stop
 * (issue 12, part 5; docs/operations.md), over real TCP:
 *  - /health/live and /health/ready answer without a token, with no
 *    database work for live and the schema version for ready; they are not
 *    part of openapi.json and take no parameters;
 *  - at SIGTERM a request whose body is still arriving is finished and
 *    answered (with "Connection: close"), a new connection is refused, and
 *    the server exits 0 once it is done;
 *  - with drain_seconds 0 the same request is cut off: the wait is what
 *    finishes it, not luck.
 */
#include "harness.h"
#include "rawhttp.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_probes(void **state)
{
    (void)state;
    nb_t_server s;
    assert_int_equal(nb_t_server_start(&s), 0);
    nb_t_resp r;
    nb_t_reqf(&s, &r, "GET", NULL, NULL, "/health/live");
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "pass");
    nb_t_resp_free(&r);
    nb_t_reqf(&s, &r, "GET", NULL, NULL, "/health/ready");
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "pass");
    assert_true(json_integer_value(json_object_get(r.json, "schemaVersie")) >= 10);
    nb_t_resp_free(&r);
    /* A probe is an API answer, not a page; parameters are refused like elsewhere. */
    nb_t_reqf(&s, &r, "GET", NULL, NULL, "/health/ready?x=1");
    nb_t_assert_status(&r, 400);
    nb_t_resp_free(&r);
    nb_t_reqf(&s, &r, "POST", NULL, NULL, "/health/live");
    nb_t_assert_status(&r, 405);
    nb_t_resp_free(&r);
    nb_t_reqf(&s, &r, "GET", NULL, NULL, "/health/elders");
    nb_t_assert_status(&r, 404);
    assert_non_null(strstr(nb_t_header(&r, "Content-Type"), "application/problem+json"));
    nb_t_resp_free(&r);
    /* Outside the versioned API: the contract does not list them. */
    nb_t_reqf(&s, &r, "GET", NULL, NULL, "/api/v1/openapi.json");
    nb_t_assert_status(&r, 200);
    assert_null(strstr(r.body, "/health/"));
    nb_t_resp_free(&r);
    assert_int_equal(nb_t_server_stop(&s), 0);
}

/* The request line and headers of a POST whose body (len bytes) follows later. */
static int send_head(const nb_t_server *s, const char *token, size_t len)
{
    int fd = nb_t_dial(s, NULL);
    assert_true(fd >= 0);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /api/v1/organisaties HTTP/1.1\r\nHost: t\r\n"
                     "Authorization: Bearer %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     token, len);
    assert_int_equal(nb_t_send(fd, head, (size_t)n), 0);
    return fd;
}

/* SIGTERM in the middle of a request's body; drain: the server's setting. */
static void stop_mid_request(const char *drain, int want_answer)
{
    setenv("NOABER_DRAIN_SECONDS", drain, 1);
    nb_t_server s;
    char *beheer = NULL;
    assert_int_equal(nb_t_start_beheer(&s, &beheer), 0);
    static const char body[] =
        "{\"naam\":\"Halverwege\",\"code\":\"GM9999\",\"soort\":\"gemeente\"}";
    size_t len = sizeof body - 1;
    int fd = send_head(&s, beheer, len);
    assert_int_equal(nb_t_send(fd, body, 10), 0);
    usleep(200 * 1000); /* the server has the headers and part of the body */
    assert_int_equal(kill(s.pid, SIGTERM), 0);
    usleep(300 * 1000 * (useconds_t)nb_t_scale());
    if (want_answer) {
        /* Stopping: nobody new gets in. */
        int other = nb_t_dial(&s, NULL);
        if (other >= 0) {
            char buf[512];
            int closed = 0;
            (void)nb_t_send(other, "GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n", 38);
            size_t got = nb_t_recv_all(other, buf, sizeof buf, 500, &closed);
            close(other);
            fail_msg("a new connection was accepted while stopping (%zu bytes back)", got);
        }
    }
    /* The rest of the body: the organisation is made and answered. */
    (void)nb_t_send(fd, body + 10, len - 10);
    static char buf[8192];
    int closed = 0;
    size_t got = nb_t_recv_all(fd, buf, sizeof buf, 3000 * nb_t_scale(), &closed);
    close(fd);
    int status = 0;
    assert_int_equal(waitpid(s.pid, &status, 0), s.pid);
    s.pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    if (want_answer) {
        assert_true(got > 0);
        assert_non_null(strstr(buf, "HTTP/1.1 201"));
        assert_non_null(strstr(buf, "Connection: close"));
    } else {
        assert_null(strstr(buf, "HTTP/1.1"));
    }
    nb_t_stop_beheer(&s, &beheer);
    unsetenv("NOABER_DRAIN_SECONDS");
}

static void test_drain_finishes_the_request(void **state)
{
    (void)state;
    stop_mid_request("30", 1);
}

static void test_no_drain_cuts_it_off(void **state)
{
    (void)state;
    stop_mid_request("0", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probes),
        cmocka_unit_test(test_drain_finishes_the_request),
        cmocka_unit_test(test_no_drain_cuts_it_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
