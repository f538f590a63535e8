/*
 * tests/api/rawhttp.h — plain TCP clients for the tests that curl cannot
 * express: a chosen source address (127.0.0.x), requests sent byte by byte,
 * headers without a body, a missing Host, waiting for the server to close.
 */
#ifndef NB_TESTS_API_RAWHTTP_H
#define NB_TESTS_API_RAWHTTP_H

#include "harness.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Connects to the server s from source address src ("127.0.0.2"; NULL = any
 * loopback address). Returns a blocking socket (caller closes) or -1.
 */
int nb_t_dial(const nb_t_server *s, const char *src);

/* Sends all of data (no SIGPIPE). 0 = sent, -1 = the connection is gone. */
int nb_t_send(int fd, const char *data, size_t len);

/*
 * Reads what the server sends until it closes the connection or timeout_ms
 * passes. Fills buf (NUL-terminated, cut at n - 1 bytes) and returns the
 * number of bytes stored; *closed is 1 when the server closed the connection.
 */
size_t nb_t_recv_all(int fd, char *buf, size_t n, int timeout_ms, int *closed);

/* 1 when the server closes (or resets) fd within timeout_ms; data is discarded. */
int nb_t_wait_closed(int fd, int timeout_ms);

/* Milliseconds on the monotonic clock. */
int64_t nb_t_now_ms(void);

/*
 * Slack factor for timing bounds: 1 normally, $NB_TEST_SLOW_SCALE (default 4)
 * when the server runs under a wrapper such as valgrind.
 */
int nb_t_scale(void);

#endif
