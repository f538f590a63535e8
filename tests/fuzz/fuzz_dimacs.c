/*
 * tests/fuzz/fuzz_dimacs.c — fuzzes the DIMACS min-cost-flow reader
 * (src/core/dimacs.c) and, for small parsed instances, the solver.
 *
 * Input: the file text. Properties checked, beyond "no crash" and "never
 * reads outside the buffer" (the input is an exact-size heap copy):
 *  - a failure returns NB_EPARSE or NB_ENOMEM with a message, no graph, and a
 *    line number between 0 and the number of lines;
 *  - a parsed graph (of at most NB_FZ_ROUND_TRIP_NODES nodes) written back as DIMACS parses to the same graph (nodes,
 *    supplies, arcs in order with their bounds and costs);
 *  - an instance of at most NB_FZ_SOLVE_NODES nodes and NB_FZ_SOLVE_ARCS arcs
 *    whose values stay within NB_FZ_SOLVE_VALUE is solved: an optimum passes
 *    nb_mcf_check (feasible flows, optimal potentials), its reported cost is
 *    the sum of cost x flow, supplies that do not sum to zero are infeasible,
 *    and solving again (warm start) gives the same status and cost.
 * Values are not bounded: since issue 7 C.1 the solver refuses an instance
 * beyond its limits with NB_ELIMIT (also where supplies do not sum to zero),
 * and everything it does solve is checked in 128-bit arithmetic.
 */
#include "fuzz.h"

#include "core/dimacs.h"
#include "util/buf.h"

#include <inttypes.h>
#include <string.h>

/* Larger graphs are parsed but not written back: writing scans every node. */
#define NB_FZ_ROUND_TRIP_NODES 65536
/* Inputs declaring more nodes are not parsed (see LLVMFuzzerTestOneInput). */
#define NB_FZ_MAX_NODES (1 << 20)
#define NB_FZ_SOLVE_NODES 40
#define NB_FZ_SOLVE_ARCS 200
#define NB_FZ_SOLVE_VALUE INT64_MAX

__extension__ typedef __int128 nb_fz_i128;
__extension__ typedef unsigned __int128 nb_fz_u128;

/* The decimal text of v. */
static void nb_fz_i128_text(nb_fz_i128 v, char out[48])
{
    char tmp[48];
    int n = 0, neg = v < 0;
    nb_fz_u128 u = neg ? (nb_fz_u128)0 - (nb_fz_u128)v : (nb_fz_u128)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u > 0);
    int k = 0;
    if (neg)
        out[k++] = '-';
    while (n > 0)
        out[k++] = tmp[--n];
    out[k] = '\0';
}

/* Writes g as DIMACS text. */
static void nb_fz_write(const nb_mcf_graph *g, nb_buf *b)
{
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    nb_buf_printf(b, "c written back by fuzz_dimacs\np min %" PRId32 " %" PRId32 "\n", n, m);
    for (int32_t v = 0; v < n; v++)
        if (nb_mcf_supply(g, v) != 0)
            nb_buf_printf(b, "n %" PRId32 " %" PRId64 "\n", v + 1, nb_mcf_supply(g, v));
    for (int32_t a = 0; a < m; a++)
        nb_buf_printf(b, "a %" PRId32 " %" PRId32 " %" PRId64 " %" PRId64 " %" PRId64 "\n",
                      nb_mcf_arc_from(g, a) + 1, nb_mcf_arc_to(g, a) + 1, nb_mcf_arc_lower(g, a),
                      nb_mcf_arc_cap(g, a), nb_mcf_arc_cost(g, a));
}

static void nb_fz_same_graph(const nb_mcf_graph *g, const nb_mcf_graph *h)
{
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    NB_FUZZ_CHECK(nb_mcf_node_count(h) == n && nb_mcf_arc_count(h) == m,
                  "written back: %d nodes %d arcs, reread %d nodes %d arcs", n, m,
                  nb_mcf_node_count(h), nb_mcf_arc_count(h));
    for (int32_t v = 0; v < n; v++)
        NB_FUZZ_CHECK(nb_mcf_supply(g, v) == nb_mcf_supply(h, v), "supply of node %d changed", v);
    for (int32_t a = 0; a < m; a++)
        NB_FUZZ_CHECK(nb_mcf_arc_from(g, a) == nb_mcf_arc_from(h, a) &&
                          nb_mcf_arc_to(g, a) == nb_mcf_arc_to(h, a) &&
                          nb_mcf_arc_lower(g, a) == nb_mcf_arc_lower(h, a) &&
                          nb_mcf_arc_cap(g, a) == nb_mcf_arc_cap(h, a) &&
                          nb_mcf_arc_cost(g, a) == nb_mcf_arc_cost(h, a),
                      "arc %d changed", a);
}

static int nb_fz_small(int64_t x)
{
    return x >= -NB_FZ_SOLVE_VALUE && x <= NB_FZ_SOLVE_VALUE; /* INT64_MIN is not */
}

/* Solves small instances and checks what the solver says. */
static void nb_fz_solve(nb_mcf_graph *g)
{
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    int64_t flows[NB_FZ_SOLVE_ARCS], pots[NB_FZ_SOLVE_NODES];
    nb_fz_i128 supply_sum = 0;
    if (n > NB_FZ_SOLVE_NODES || m > NB_FZ_SOLVE_ARCS)
        return;
    for (int32_t v = 0; v < n; v++) {
        if (!nb_fz_small(nb_mcf_supply(g, v)))
            return;
        supply_sum += nb_mcf_supply(g, v);
    }
    for (int32_t a = 0; a < m; a++)
        if (!nb_fz_small(nb_mcf_arc_lower(g, a)) || !nb_fz_small(nb_mcf_arc_cost(g, a)) ||
            (nb_mcf_arc_cap(g, a) != NB_MCF_INF && !nb_fz_small(nb_mcf_arc_cap(g, a))))
            return;

    nb_mcf_result r, r2;
    nb_err err = {{0}};
    int rc = nb_mcf_solve(g, &r, &err);
    NB_FUZZ_CHECK(rc == 0 || rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED || rc == NB_ELIMIT,
                  "solve returned %d (%s)", rc, err.msg);
    NB_FUZZ_CHECK(r.status == rc, "result status %d, returned %d", r.status, rc);
    if (supply_sum != 0)
        NB_FUZZ_CHECK(rc == NB_EINFEASIBLE || rc == NB_ELIMIT,
                      "supplies sum to non-zero but solve returned %d", rc);
    if (rc == 0) {
        nb_fz_i128 cost = 0;
        char text[48];
        NB_FUZZ_CHECK(nb_mcf_copy_flows(g, flows) == 0 && nb_mcf_copy_potentials(g, pots) == 0,
                      "no solution to copy after an optimum");
        NB_FUZZ_CHECK(nb_mcf_check(g, flows, pots, &err) == 0, "not optimal: %s", err.msg);
        for (int32_t a = 0; a < m; a++)
            cost += (nb_fz_i128)flows[a] * nb_mcf_arc_cost(g, a);
        nb_fz_i128_text(cost, text);
        NB_FUZZ_CHECK(strcmp(text, r.cost_text) == 0, "cost %s reported as %s", text, r.cost_text);
        NB_FUZZ_CHECK(!r.cost_fits || (nb_fz_i128)r.cost == cost, "cost_fits but cost %lld",
                      (long long)r.cost);
    }
    /* Warm start from the same tree: the same answer. */
    int rc2 = nb_mcf_solve(g, &r2, &err);
    NB_FUZZ_CHECK(rc2 == rc, "second solve returned %d, first %d", rc2, rc);
    if (rc == 0)
        NB_FUZZ_CHECK(strcmp(r.cost_text, r2.cost_text) == 0, "second solve cost %s, first %s",
                      r2.cost_text, r.cost_text);
}

/* The node count of the first "p" line, or -1 when there is none to read.
 * Tokens are split as dimacs.c splits them. */
static long long nb_fz_declared_nodes(const uint8_t *data, size_t size)
{
    size_t i = 0;
    while (i < size) {
        size_t end = i;
        while (end < size && data[end] != '\n')
            end++;
        char tok[3][24];
        int k = 0;
        size_t j = i;
        while (j < end && k < 3) {
            while (j < end && strchr(" \t\r\v\f", data[j]) && data[j] != '\0')
                j++;
            size_t start = j;
            while (j < end && !(strchr(" \t\r\v\f", data[j]) && data[j] != '\0'))
                j++;
            if (j > start) {
                size_t len = j - start < sizeof tok[k] - 1 ? j - start : sizeof tok[k] - 1;
                memcpy(tok[k], data + start, len);
                tok[k][len] = '\0';
                k++;
            }
        }
        if (k >= 1 && strcmp(tok[0], "p") == 0)
            return k == 3 ? strtoll(tok[2], NULL, 10) : -1;
        i = end + 1;
    }
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A 20-byte "p min 134217728 0" makes the parser allocate and clear
     * 1.1 GB (NB_DIMACS_MAX_NODES is 2^27 by design); under ASan that takes
     * seconds per input and starves the search, so such inputs are skipped. */
    if (nb_fz_declared_nodes(data, size) > NB_FZ_MAX_NODES)
        return 0;

    nb_mcf_graph *g = (nb_mcf_graph *)(uintptr_t)1, *h = NULL;
    long line = -1, lines = 1;
    nb_err err = {{0}};
    int rc = nb_dimacs_parse((const char *)data, size, &g, &line, &err);
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (rc != 0) {
        NB_FUZZ_CHECK(rc == NB_EPARSE || rc == NB_ENOMEM, "parse returned %d", rc);
        NB_FUZZ_CHECK(g == NULL, "a graph after a failed parse");
        NB_FUZZ_CHECK(err.msg[0] != '\0', "failure without a message");
        NB_FUZZ_CHECK(line >= 0 && line <= lines, "line %ld of %ld", line, lines);
        return 0;
    }
    NB_FUZZ_CHECK(g != NULL, "no graph after a successful parse");

    if (nb_mcf_node_count(g) <= NB_FZ_ROUND_TRIP_NODES) {
        nb_buf b = NB_BUF_INIT;
        nb_fz_write(g, &b);
        rc = nb_dimacs_parse(b.data, b.len, &h, &line, &err);
        NB_FUZZ_CHECK(rc == 0, "written-back graph does not parse: line %ld: %s", line, err.msg);
        nb_fz_same_graph(g, h);
        nb_buf_free(&b);
        nb_mcf_graph_free(h);
    }

    nb_fz_solve(g);
    nb_mcf_graph_free(g);
    return 0;
}
