/*
 * tests/fuzz/fuzz.h — what the libFuzzer harnesses share: the entry point's
 * prototype and a property check that reports and aborts.
 *
 * Each harness defines LLVMFuzzerTestOneInput. It is linked twice: with
 * libFuzzer (-Dfuzz=true, clang, scripts/fuzz.sh) and with replay_main.c,
 * which runs it over the corpus in tests/fuzz/<harness>/ in `make test`.
 * A broken property prints what failed and aborts, which both count as a
 * crash.
 */
#ifndef NB_TESTS_FUZZ_H
#define NB_TESTS_FUZZ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The harness: runs one input; returns 0 (libFuzzer's contract). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "file:line: property failed: expr: message" and aborts. */
__attribute__((noreturn, format(printf, 4, 5))) static inline void nb_fuzz_fail(
    const char *file, int line, const char *expr, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: property failed: %s: ", file, line, expr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* Checks a property of the code under test; the message is printf-style. */
#define NB_FUZZ_CHECK(cond, ...)                                  \
    do {                                                          \
        if (!(cond))                                              \
            nb_fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
    } while (0)

#endif
