/*
 * tests/util/test_assert.c — the invariant macros of util/assert.h and the
 * must-use rule of util/attr.h.
 *
 * Death tests: a check that fails must stop the process with SIGABRT and say
 * which invariant broke. Each runs in a forked child (stderr into a pipe,
 * SIGABRT back to its default so cmocka's handler does not catch it); the
 * parent checks the signal and the message. argv[1] is the meson build type,
 * so the test also proves the level meson.build chose: 2 in debug (the ASan
 * build of make test), 1 in debugoptimized (the plain build), 0 in release
 * and in coverage builds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/assert.h"
#include "util/attr.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *build_type = "";

/* A value the compiler cannot fold, so every check is made at run time. */
static volatile int one = 1;

typedef void (*body_fn)(void);

/* Runs body in a child; returns its wait status, its stderr in out. */
static int run_child(body_fn body, char *out, size_t outlen)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGABRT, SIG_DFL);
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        body();
        _exit(0);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < outlen && (r = read(fds[0], out + len, outlen - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

/* Expects body to abort with "invariant failed: <expr>". */
static void expect_death(body_fn body, const char *expr)
{
    char out[1024];
    int status = run_child(body, out, sizeof out);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
        fail_msg("expected SIGABRT, got status %d; stderr: %s", status, out);
    char want[256];
    snprintf(want, sizeof want, "noaber: invariant failed: %s (", expr);
    if (strstr(out, want) == NULL)
        fail_msg("expected '%s' on stderr, got: %s", want, out);
    assert_non_null(strstr(out, "test_assert.c:"));
}

/* Expects body to run to its end. */
static void expect_life(body_fn body)
{
    char out[1024];
    int status = run_child(body, out, sizeof out);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("expected a normal exit, got status %d; stderr: %s", status, out);
}

static void body_assert(void)
{
    NB_ASSERT(one == 2);
}
static void body_always(void)
{
    if (!NB_ALWAYS(one == 2))
        return;
}
static void body_never(void)
{
    if (NB_NEVER(one == 1))
        return;
}
static void body_expensive(void)
{
    NB_ASSERT_EXPENSIVE(one + one == 3);
}
static void body_holds(void)
{
    NB_ASSERT(one == 1);
    NB_ASSERT_EXPENSIVE(one == 1);
    if (!NB_ALWAYS(one == 1) || NB_NEVER(one == 2))
        _exit(3);
}

/* The level meson.build chose for this build type. */
static void test_level_of_build(void **state)
{
    (void)state;
#ifdef NB_COVERAGE
    assert_int_equal(NB_ASSERT_LEVEL, 0);
#else
    if (strcmp(build_type, "debug") == 0)
        assert_int_equal(NB_ASSERT_LEVEL, 2); /* the ASan build of make test */
    else if (strcmp(build_type, "debugoptimized") == 0)
        assert_int_equal(NB_ASSERT_LEVEL, 1); /* the plain build of make test */
    else if (strcmp(build_type, "release") == 0)
        assert_int_equal(NB_ASSERT_LEVEL, 0);
#endif
}

static void test_assert_fires(void **state)
{
    (void)state;
    expect_life(body_holds);
    if (NB_ASSERT_LEVEL >= 1) {
        expect_death(body_assert, "one == 2");
        expect_death(body_always, "one == 2");
        expect_death(body_never, "one == 1");
    } else {
        expect_life(body_assert);
        expect_life(body_always);
        expect_life(body_never);
    }
    if (NB_ASSERT_LEVEL >= 2)
        expect_death(body_expensive, "one + one == 3");
    else
        expect_life(body_expensive);
}

/* Off, a check is not even evaluated; NB_ALWAYS/NB_NEVER keep their value in
 * release (the defensive branch is still taken) and fold in coverage builds. */
static void test_off_is_free(void **state)
{
    (void)state;
    int calls = 0;
    NB_ASSERT(++calls > 0);
    NB_ASSERT_EXPENSIVE(++calls > 0);
    assert_int_equal(calls, (NB_ASSERT_LEVEL >= 1) + (NB_ASSERT_LEVEL >= 2));
    assert_int_equal(NB_ALWAYS(one == 1), 1);
    assert_int_equal(NB_NEVER(one == 2), 0);
#if NB_ASSERT_LEVEL == 0
#ifdef NB_COVERAGE
    assert_int_equal(NB_ALWAYS(one == 2), 1);
    assert_int_equal(NB_NEVER(one == 1), 0);
#else
    assert_int_equal(NB_ALWAYS(one == 2), 0);
    assert_int_equal(NB_NEVER(one == 1), 1);
#endif
#endif
    NB_TESTCASE(one == 1);
}

NB_MUST_USE static int must_use(int v)
{
    return v == 1 ? 0 : -2;
}

/* NB_IGNORE drops a must-use result on purpose and evaluates the call. */
static int ignored_calls;
NB_MUST_USE static int counted(void)
{
    ignored_calls++;
    return -1;
}

static void test_ignore(void **state)
{
    (void)state;
    assert_int_equal(must_use(one), 0);
    NB_IGNORE(counted(), "this test only counts the calls");
    NB_IGNORE(counted(), "twice");
    assert_int_equal(ignored_calls, 2);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        build_type = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_of_build),
        cmocka_unit_test(test_assert_fires),
        cmocka_unit_test(test_off_is_free),
        cmocka_unit_test(test_ignore),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
