/*
 * util/assert.h — invariants in the code, in the manner of SQLite's assert(),
 * ALWAYS(), NEVER() and testcase().
 *
 *   NB_ASSERT(x)           x must hold; checked at level >= 1, else not even
 *                          evaluated (so x must have no side effects).
 *   NB_ASSERT_EXPENSIVE(x) the same for checks that cost more than O(1) or
 *                          amortised O(1) (a whole-tree walk); level >= 2.
 *   NB_ALWAYS(x)           for defensive code: `if (!NB_ALWAYS(x)) return ...`.
 *                          Checked like NB_ASSERT; without checks it is (x),
 *                          so release builds still take the defensive path.
 *   NB_NEVER(x)            the mirror: `if (NB_NEVER(x)) return ...`.
 *   NB_TESTCASE(x)         a boundary the tests must reach: in coverage builds
 *                          it is a branch of its own, so the report shows
 *                          whether any test made x true; elsewhere nothing.
 *
 * Levels (NB_ASSERT_LEVEL, set by meson.build from -Dassert_level):
 *   0  release builds (NDEBUG, i.e. -Dbuildtype=release with
 *      b_ndebug=if-release): nothing is checked, nothing costs;
 *   1  debugoptimized (the plain build of make test): the cheap checks;
 *   2  debug (the ASan+UBSan build of make test): also the expensive ones.
 * Coverage builds (NB_COVERAGE) check nothing and fold NB_ALWAYS to 1 and
 * NB_NEVER to 0, as SQLite does, so that an unreachable defensive branch
 * does not count as an untested one.
 *
 * A failed check prints "noaber: invariant failed: <x> (file:line, function)"
 * to stderr and aborts: a broken invariant means memory or money can no
 * longer be trusted, so the process stops before it writes anything.
 */
#ifndef NB_UTIL_ASSERT_H
#define NB_UTIL_ASSERT_H

#ifndef NB_ASSERT_LEVEL
#ifdef NDEBUG
#define NB_ASSERT_LEVEL 0
#else
#define NB_ASSERT_LEVEL 1
#endif
#endif

#ifdef NB_COVERAGE
#undef NB_ASSERT_LEVEL
#define NB_ASSERT_LEVEL 0
#endif

/* Reports a failed invariant and aborts. Never returns. */
void nb_assert_fail(const char *expr, const char *file, int line, const char *func)
    __attribute__((noreturn, cold));

/* Off: x is compiled (so what it names counts as used) but never evaluated. */
#define NB_ASSERT_OFF(x) ((void)(0 && (x)))

#if NB_ASSERT_LEVEL >= 1
#define NB_ASSERT(x) ((x) ? (void)0 : nb_assert_fail(#x, __FILE__, __LINE__, __func__))
#define NB_ALWAYS(x) ((x) ? 1 : (nb_assert_fail(#x, __FILE__, __LINE__, __func__), 0))
#define NB_NEVER(x) ((x) ? (nb_assert_fail(#x, __FILE__, __LINE__, __func__), 1) : 0)
#elif defined(NB_COVERAGE)
#define NB_ASSERT(x) NB_ASSERT_OFF(x)
#define NB_ALWAYS(x) (NB_ASSERT_OFF(x), 1)
#define NB_NEVER(x) (NB_ASSERT_OFF(x), 0)
#else
#define NB_ASSERT(x) NB_ASSERT_OFF(x)
#define NB_ALWAYS(x) (!!(x))
#define NB_NEVER(x) (!!(x))
#endif

#if NB_ASSERT_LEVEL >= 2
#define NB_ASSERT_EXPENSIVE(x) NB_ASSERT(x)
#else
#define NB_ASSERT_EXPENSIVE(x) NB_ASSERT_OFF(x)
#endif

#ifdef NB_COVERAGE
/* The empty asm keeps the branch in the object code for gcov. */
#define NB_TESTCASE(x)                \
    do {                              \
        if (x)                        \
            __asm__ __volatile__(""); \
    } while (0)
#else
#define NB_TESTCASE(x) ((void)0)
#endif

#endif
