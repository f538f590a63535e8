/*
 * tests/api/test_limits.c — the server's connection limits, over real TCP:
 * a per-IP connection limit (NOABER_PER_IP_LIMIT=3) and an idle timeout
 * (NOABER_TIMEOUT=1), both set through the environment as an operator would.
 */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static nb_t_server srv;

static int setup(void **state)
{
    (void)state;
    setenv("NOABER_PER_IP_LIMIT", "3", 1);
    setenv("NOABER_TIMEOUT", "1", 1);
    return nb_t_server_start(&srv);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

static int dial(void)
{
    const char *colon = strrchr(srv.base, ':');
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(colon + 1));
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    return fd;
}

/* Sends a request and returns the number of bytes answered before close/timeout. */
static ssize_t ask(int fd)
{
    const char req[] = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n";
    if (send(fd, req, sizeof req - 1, MSG_NOSIGNAL) < 0)
        return 0;
    char buf[4096];
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0)
        return 0;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    return n < 0 ? 0 : n;
}

static void test_per_ip_limit(void **state)
{
    (void)state;
    int fds[4];
    for (int i = 0; i < 3; i++)
        fds[i] = dial();
    usleep(100 * 1000);
    fds[3] = dial(); /* the fourth is accepted by the kernel, then closed by the server */
    assert_int_equal(ask(fds[3]), 0);
    assert_true(ask(fds[0]) > 0); /* the first three are served */
    for (int i = 0; i < 4; i++)
        close(fds[i]);
}

static void test_idle_timeout(void **state)
{
    (void)state;
    usleep(300 * 1000);
    int fd = dial();
    sleep(3); /* idle longer than the 1 s timeout */
    char c;
    struct pollfd p = {fd, POLLIN, 0};
    assert_true(poll(&p, 1, 2000) > 0);
    assert_int_equal(recv(fd, &c, 1, 0), 0); /* closed by the server */
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_per_ip_limit),
        cmocka_unit_test(test_idle_timeout),
    };
    return cmocka_run_group_tests_name("api-limits", tests, setup, teardown);
}
