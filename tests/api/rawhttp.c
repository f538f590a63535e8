/*
 * tests/api/rawhttp.c — see rawhttp.h.
 */
#include "rawhttp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int nb_t_dial(const nb_t_server *s, const char *src)
{
    const char *colon = strrchr(s->base, ':');
    if (colon == NULL)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in sa;
    if (src != NULL) {
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        inet_pton(AF_INET, src, &sa.sin_addr);
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            perror("rawhttp: bind");
            close(fd);
            return -1;
        }
    }
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(colon + 1));
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("rawhttp: connect");
        close(fd);
        return -1;
    }
    return fd;
}

int nb_t_send(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = send(fd, data, len, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

size_t nb_t_recv_all(int fd, char *buf, size_t n, int timeout_ms, int *closed)
{
    size_t len = 0;
    int64_t end = nb_t_now_ms() + timeout_ms;
    *closed = 0;
    for (;;) {
        int64_t left = end - nb_t_now_ms();
        if (left <= 0)
            break;
        struct pollfd p = {fd, POLLIN, 0};
        int pr = poll(&p, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            break;
        char tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof tmp, 0);
        if (r <= 0) {
            *closed = 1;
            break;
        }
        size_t take = (size_t)r;
        if (len + take > n - 1)
            take = n - 1 - len;
        memcpy(buf + len, tmp, take);
        len += take;
    }
    buf[len] = '\0';
    return len;
}

int nb_t_wait_closed(int fd, int timeout_ms)
{
    char sink[256];
    int closed = 0;
    nb_t_recv_all(fd, sink, sizeof sink, timeout_ms, &closed);
    return closed;
}

int64_t nb_t_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int nb_t_scale(void)
{
    const char *w = getenv("NOABER_TEST_WRAPPER");
    if (w == NULL || *w == '\0')
        return 1;
    const char *s = getenv("NB_TEST_SLOW_SCALE");
    int v = s ? atoi(s) : 4;
    return v > 0 ? v : 4;
}
