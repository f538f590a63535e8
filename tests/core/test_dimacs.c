/*
 * tests/core/test_dimacs.c — tests of the DIMACS min-cost-flow reader and
 * writer (core/dimacs.h).
 *
 * - a small valid file (comments, blank lines, CRLF, tabs, no final
 *   newline) is read and solves to the right cost;
 * - each malformed line is refused with NB_EPARSE, its line number and a
 *   message naming the problem; numbers are read exactly to the 64-bit
 *   extremes; embedded NUL bytes and random junk never crash;
 * - a graph written (nb_dimacs_write) and read back is the same graph with
 *   the same optimum.
 *
 * The seeded random numbers are in mcf_reference.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/dimacs.h"
#include "core/mcf.h"

#include "mcf_reference.h"

static int parse(const char *text, long *line, nb_mcf_graph **g, nb_err *err)
{
    return nb_dimacs_parse(text, strlen(text), g, line, err);
}

static void test_dimacs_ok(void **state)
{
    (void)state;
    const char *text = "c a small instance\n"
                       "\n"
                       "p min 4 5\r\n"
                       "n 1 4\n"
                       "n 4 -4\n"
                       "c comments anywhere\n"
                       "a 1 2 0 4 2\n"
                       "a 1 3 0 2 2\n"
                       "a 2 3 0 2 1\n"
                       "a 2 4 0 3 3\n"
                       "a\t3 4 0 5 1"; /* no final newline, a tab */
    nb_mcf_graph *g = NULL;
    long line = -1;
    nb_err err;
    assert_int_equal(parse(text, &line, &g, &err), 0);
    assert_non_null(g);
    assert_int_equal(nb_mcf_node_count(g), 4);
    assert_int_equal(nb_mcf_arc_count(g), 5);
    assert_int_equal(nb_mcf_arc_from(g, 4), 2);
    assert_int_equal(nb_mcf_arc_to(g, 4), 3);
    assert_int_equal(nb_mcf_supply(g, 3), -4);
    nb_mcf_result res;
    assert_int_equal(nb_mcf_solve(g, &res, &err), 0);
    assert_int_equal(res.cost, 14);
    nb_mcf_graph_free(g);
}

static void test_dimacs_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long line;
        const char *word; /* a word the message must contain */
    } cases[] = {
        {"", 0, "no 'p min"},
        {"c only a comment\n", 1, "no 'p min"},
        {"a 1 2 0 1 1\n", 1, "before the p line"},
        {"p min 2 1\nn 1 1\np min 2 1\n", 3, "second p line"},
        {"p max 2 1\n", 1, "not 'min'"},
        {"p min 2\n", 1, "p min NODES ARCS"},
        {"p min x 1\n", 1, "not an integer"},
        {"p min -2 1\n", 1, "outside"},
        {"p min 2 1\nn 3 1\n", 2, "outside 1..2"},
        {"p min 2 1\nn 1 1\nn 1 2\n", 3, "second n line"},
        {"p min 2 1\nn 1\n", 2, "n ID SUPPLY"},
        {"p min 2 1\na 1 2 0 1\n", 2, "a SRC DST"},
        {"p min 2 1\na 1 2 0 1 1 9\n", 2, "a SRC DST"},
        {"p min 2 1\na 0 2 0 1 1\n", 2, "outside 1..2"},
        {"p min 2 1\na 1 3 0 1 1\n", 2, "outside 1..2"},
        {"p min 2 1\na 1 2 0 1 1x\n", 2, "not an integer"},
        {"p min 2 1\na 1 2 0 1 --1\n", 2, "not an integer"},
        {"p min 2 1\na 1 2 0 1 99999999999999999999\n", 2, "64 bits"},
        {"p min 2 1\na 1 2 0 1 -9223372036854775809\n", 2, "64 bits"},
        /* Long digit strings are numbers too big, not malformed ones. */
        {"p min 2 1\na 1 2 0 1 99999999999999999999999999999999999999999999999999\n", 2, "64 bits"},
        {"p min 2 1\nn 1 -000000000000000000000000000000000000000000009223372036854775809\n", 2,
         "64 bits"},
        {"p min 99999999999999999999999999999999999999999999 1\n", 1, "64 bits"},
        {"p min 2 1\na 1 2 5 1 1\n", 2, "below lower"},
        {"p min 2 1\na 1 2 0 1 1\na 2 1 0 1 1\n", 3, "more a lines"},
        {"c\np min 2 3\na 1 2 0 1 1\n", 2, "declares 3 arcs"},
        {"p min 2 1\nx 1 2\n", 2, "unknown line type"},
        {"p min 2 1\nn 1 2000000000000000000\n", 2, "out of range"},
        {"p min 2 1\na 1 2 0 1 2000000000000000000\n", 2, "out of range"},
        {"p min 3000000000 1\n", 1, "outside"},
        {"p min 2 1\n\n\n  a 1 2 0 1 +\n", 4, "not an integer"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nb_mcf_graph *g = (nb_mcf_graph *)&cases; /* must be reset to NULL */
        long line = -1;
        nb_err err = {{0}};
        int rc = parse(cases[i].text, &line, &g, &err);
        if (rc != NB_EPARSE || line != cases[i].line || !strstr(err.msg, cases[i].word))
            print_error("case %zu: rc %d line %ld msg '%s'\n", i, rc, line, err.msg);
        assert_int_equal(rc, NB_EPARSE);
        assert_int_equal(line, cases[i].line);
        assert_non_null(strstr(err.msg, cases[i].word));
        assert_null(g);
    }
    /* Leading zeros beyond 40 characters still parse; the extremes of
     * int64 are read exactly (and then checked by the graph's limits). */
    {
        nb_mcf_graph *g = NULL;
        long line = 0;
        nb_err err;
        const char *ok =
            "p min 2 1\nn 1 0000000000000000000000000000000000000000000000007\n"
            "n 2 -7\na 1 2 0 9223372036854775807 -0000000000000000000000000000000000000000001\n";
        assert_int_equal(parse(ok, &line, &g, &err), 0);
        assert_int_equal(nb_mcf_supply(g, 0), 7);
        assert_int_equal(nb_mcf_arc_cap(g, 0), INF);
        assert_int_equal(nb_mcf_arc_cost(g, 0), -1);
        nb_mcf_graph_free(g);
        assert_int_equal(parse("p min 2 1\nn 1 -9223372036854775808\n", &line, &g, &err),
                         NB_EPARSE);
        assert_non_null(strstr(err.msg, "out of range"));
    }
    /* Embedded NUL bytes and binary junk never crash. */
    const char junk[] = "p min 2 1\na 1 2\0 0 1 1\n";
    nb_mcf_graph *g = NULL;
    long line = 0;
    nb_err err;
    assert_int_equal(nb_dimacs_parse(junk, sizeof junk - 1, &g, &line, &err), NB_EPARSE);
    assert_int_equal(line, 2);
    rng r = {7};
    char buf[256];
    for (int i = 0; i < 3000; i++) {
        size_t len = (size_t)rng_range(&r, 0, sizeof buf);
        for (size_t k = 0; k < len; k++) {
            static const char alphabet[] = "pminac 0123456789-+\n\t\r x\0";
            buf[k] = alphabet[rng_next(&r) % (sizeof alphabet - 1)];
        }
        if (nb_dimacs_parse(buf, len, &g, &line, &err) == 0)
            nb_mcf_graph_free(g);
    }
}

/* nb_dimacs_write's output collected in a buffer. */
typedef struct text_buf {
    char v[4096];
    size_t n;
} text_buf;

static int collect(void *ctx, const char *text, size_t len)
{
    text_buf *b = ctx;
    if (b->n + len >= sizeof b->v)
        return -99;
    memcpy(b->v + b->n, text, len);
    b->n += len;
    b->v[b->n] = '\0';
    return 0;
}

/* A graph written and parsed back is the same graph (lower bounds, an
 * unbounded capacity, negative costs and supplies) with the same optimum;
 * comment lines become c lines; an output error stops the write. */
static void test_dimacs_write_round_trip(void **state)
{
    (void)state;
    nb_err err;
    nb_mcf_graph *g = nb_mcf_graph_new(4, 5), *h = NULL;
    assert_non_null(g);
    assert_true(nb_mcf_add_arc(g, 0, 1, 1, 4, 2, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 0, 2, 0, NB_MCF_INF, -3, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 1, 2, 0, 2, 1, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 1, 3, 0, 3, 3, &err) >= 0);
    assert_true(nb_mcf_add_arc(g, 2, 3, 0, 5, 1, &err) >= 0);
    assert_int_equal(nb_mcf_set_supply(g, 0, 4, &err), 0);
    assert_int_equal(nb_mcf_set_supply(g, 3, -4, &err), 0);
    text_buf b = {{0}, 0};
    assert_int_equal(nb_dimacs_write(g, "two\nlines", collect, &b), 0);
    assert_int_equal(strncmp(b.v, "c two\nc lines\np min 4 5\nn 1 4\nn 4 -4\na 1 2 1 4 2\n", 49),
                     0);
    assert_non_null(strstr(b.v, "a 1 3 0 9223372036854775807 -3\n"));
    long line = -1;
    assert_int_equal(nb_dimacs_parse(b.v, b.n, &h, &line, &err), 0);
    assert_int_equal(nb_mcf_arc_count(h), 5);
    for (int32_t a = 0; a < 5; a++) {
        assert_int_equal(nb_mcf_arc_from(h, a), nb_mcf_arc_from(g, a));
        assert_int_equal(nb_mcf_arc_to(h, a), nb_mcf_arc_to(g, a));
        assert_int_equal(nb_mcf_arc_lower(h, a), nb_mcf_arc_lower(g, a));
        assert_int_equal(nb_mcf_arc_cap(h, a), nb_mcf_arc_cap(g, a));
        assert_int_equal(nb_mcf_arc_cost(h, a), nb_mcf_arc_cost(g, a));
    }
    for (int32_t v = 0; v < 4; v++)
        assert_int_equal(nb_mcf_supply(h, v), nb_mcf_supply(g, v));
    nb_mcf_result r1, r2;
    assert_int_equal(nb_mcf_solve(g, &r1, &err), 0);
    assert_int_equal(nb_mcf_solve(h, &r2, &err), 0);
    assert_int_equal(r1.cost, r2.cost);
    text_buf small = {{0}, sizeof small.v - 8}; /* almost full: the write stops */
    assert_int_equal(nb_dimacs_write(g, NULL, collect, &small), -99);
    nb_mcf_graph_free(g);
    nb_mcf_graph_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dimacs_ok),
        cmocka_unit_test(test_dimacs_errors),
        cmocka_unit_test(test_dimacs_write_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
