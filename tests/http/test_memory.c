/*
 * tests/http/test_memory.c — the server keeps the memory of large answers
 * (nb_server_keep_memory, issue 14): on a worker thread, a request's worth
 * of buffers grown by doubling (an answer's text, a statement's lines) and
 * freed again is not faulted in again from the kernel by the next request.
 * Counted in page faults (getrusage), not in time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/server.h"
#include "util/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* One request's buffers: a text grown to 512 KiB and an array to 1 MiB by
 * doubling with realloc, every byte written, then freed. */
static void one_request(void)
{
    char *text = NULL, *lines = NULL;
    for (size_t n = 64; n <= (512u << 10); n *= 2) {
        char *t = realloc(text, n);
        assert_non_null(t);
        text = t;
        memset(text, 'x', n);
    }
    for (size_t n = 720 * 16; n <= (1u << 20); n *= 2) {
        char *l = realloc(lines, n);
        assert_non_null(l);
        lines = l;
        memset(lines, 'y', n);
    }
    free(lines);
    free(text);
}

/* The minor page faults of this thread during the fourth of four requests. */
static void *faults_of_a_request(void *out)
{
    struct rusage before, after;
    for (int i = 0; i < 3; i++)
        one_request();
    getrusage(RUSAGE_THREAD, &before);
    one_request();
    getrusage(RUSAGE_THREAD, &after);
    *(long *)out = after.ru_minflt - before.ru_minflt;
    return NULL;
}

static void test_large_answers_keep_their_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer's allocator is not glibc's: it quarantines what is
     * freed, whatever mallopt says, so there is nothing to count; the
     * server only has to go on when the setting is refused. */
    int rc = nb_server_keep_memory();
    assert_true(rc == 0 || rc == NB_EINVAL);
    return;
#endif
    assert_int_equal(nb_server_keep_memory(), 0);
    long faults = -1;
    pthread_t t; /* a worker thread: its own malloc arena, as the server's */
    assert_int_equal(pthread_create(&t, NULL, faults_of_a_request, &faults), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    /* 1.5 MiB written: 384 pages if the memory had gone back to the kernel */
    if (faults > 32)
        fail_msg("%ld page faults in a request that should reuse its memory", faults);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_large_answers_keep_their_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
