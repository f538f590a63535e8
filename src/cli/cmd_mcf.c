/*
 * cli/cmd_mcf.c — `noaber mcf [--flows] FILE.min`: solve a DIMACS
 * minimum-cost-flow file and answer in the DIMACS solution format.
 *
 * One solve: the algorithm is NB_MCF_AUTO_ONCE's choice (cost scaling for a
 * large sparse network, else the simplex; `c algorithm` names it).
 *
 * Output: comment lines start with `c` (sizes, timings, pivots), the optimal
 * cost is `s COST`, and with --flows every arc follows in input order as
 * `f SRC DST FLOW` (1-based node ids). Infeasible or unbounded instances print
 * `s INFEASIBLE` / `s UNBOUNDED` and exit NB_EXIT_INFEASIBLE; malformed files
 * get `noaber mcf: FILE:LINE: reason` on stderr and exit NB_EXIT_DATA; so do
 * instances beyond the solver's limits (flows or costs too large for exact
 * 64-bit arithmetic, or no optimum within the pivot budget), with
 * `noaber mcf: FILE: reason` and no `s` line.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/dimacs.h"
#include "core/mcf.h"
#include "util/error.h"

static void nb_mcf_cli_help(FILE *out)
{
    fprintf(out, "usage: noaber mcf [--flows] FILE.min\n\n"
                 "Solves the minimum-cost-flow problem in FILE (DIMACS format: c, p min,\n"
                 "n and a lines; FILE '-' reads standard input) and prints the answer in\n"
                 "the DIMACS solution format:\n"
                 "  c ...            comments (sizes, timings)\n"
                 "  s COST           the optimal cost, or s INFEASIBLE / s UNBOUNDED\n"
                 "  f SRC DST FLOW   with --flows: the flow on every arc, in input order\n\n"
                 "Values must stay within the solver's limits (core/mcf.h): |values| up\n"
                 "to 2^60, positive supplies + |lower bounds| + finite capacities up to\n"
                 "2^62, (max |cost| + 1) * (nodes + 1) up to 2^60; beyond them, or when\n"
                 "no optimum is found within the pivot budget, noaber mcf says why and\n"
                 "prints no s line.\n\n"
                 "exit status: 0 optimal, 2 usage, 3 malformed file or beyond the limits,\n"
                 "4 infeasible or unbounded, 1 other errors.\n");
}

static double nb_mcf_cli_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads the whole stream into a new heap buffer (caller frees *buf). */
static int nb_mcf_cli_slurp(FILE *f, char **buf, size_t *len)
{
    size_t room = 1 << 16, used = 0;
    char *b = malloc(room);
    if (b == NULL)
        return NB_ENOMEM;
    for (;;) {
        if (used == room) {
            char *nb = realloc(b, room * 2);
            if (nb == NULL) {
                free(b);
                return NB_ENOMEM;
            }
            b = nb;
            room *= 2;
        }
        size_t got = fread(b + used, 1, room - used, f);
        used += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(b);
        return NB_EIO;
    }
    *buf = b;
    *len = used;
    return 0;
}

int nb_cmd_mcf(int argc, char **argv)
{
    int status = NB_EXIT_FAIL;
    int flows = 0;
    const char *path = NULL;
    char *text = NULL;
    size_t len = 0;
    nb_mcf_graph *g = NULL;
    nb_err err = {{0}};
    long line = 0;

    if (nb_cli_wants_help(argc, argv)) {
        nb_mcf_cli_help(stdout);
        return NB_EXIT_OK;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--flows") == 0) {
            flows = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "noaber mcf: unknown option '%s'; see 'noaber mcf --help'\n", argv[i]);
            return NB_EXIT_USAGE;
        } else if (path == NULL) {
            path = argv[i];
        } else {
            fprintf(stderr, "noaber mcf: one FILE only; see 'noaber mcf --help'\n");
            return NB_EXIT_USAGE;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "noaber mcf: missing FILE; see 'noaber mcf --help'\n");
        return NB_EXIT_USAGE;
    }

    double t0 = nb_mcf_cli_now_ms();
    int rc;
    if (strcmp(path, "-") == 0) {
        rc = nb_mcf_cli_slurp(stdin, &text, &len);
    } else {
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            fprintf(stderr, "noaber mcf: cannot open %s: %s\n", path, strerror(errno));
            goto cleanup;
        }
        rc = nb_mcf_cli_slurp(f, &text, &len);
        fclose(f); // NOLINT(cert-err33-c): read-only stream, already read to the end
    }
    if (rc != 0) {
        fprintf(stderr, "noaber mcf: cannot read %s: %s\n", path, nb_err_name(rc));
        goto cleanup;
    }

    rc = nb_dimacs_parse(text, len, &g, &line, &err);
    if (rc != 0) {
        fprintf(stderr, "noaber mcf: %s:%ld: %s\n", path, line, err.msg);
        status = rc == NB_EPARSE ? NB_EXIT_DATA : NB_EXIT_FAIL;
        goto cleanup;
    }
    free(text);
    text = NULL;
    double t1 = nb_mcf_cli_now_ms();

    nb_mcf_result res;
    /* one solve, no re-solve: a large sparse network may go to cost scaling */
    rc = nb_mcf_set_algorithm(g, NB_MCF_AUTO_ONCE, &err);
    if (rc == 0)
        rc = nb_mcf_solve(g, &res, &err);
    else
        memset(&res, 0, sizeof res);
    double t2 = nb_mcf_cli_now_ms();

    printf("c noaber mcf %s\n", path);
    printf("c nodes %d arcs %d\n", (int)nb_mcf_node_count(g), (int)nb_mcf_arc_count(g));
    printf("c read_ms %.3f solve_ms %.3f pivots %lld\n", t1 - t0, t2 - t1, (long long)res.pivots);
    printf("c algorithm %s\n", res.algorithm == NB_MCF_COST_SCALING ? "cost-scaling" : "simplex");
    if (rc == NB_EINFEASIBLE || rc == NB_EUNBOUNDED) {
        printf("c %s\n", err.msg);
        printf("s %s\n", rc == NB_EINFEASIBLE ? "INFEASIBLE" : "UNBOUNDED");
        status = NB_EXIT_INFEASIBLE;
        goto cleanup;
    }
    if (rc != 0) {
        /* NOLINTNEXTLINE(cert-err33-c): only orders stdout before the error; the exit code says it */
        fflush(stdout);
        fprintf(stderr, "noaber mcf: %s: %s\n", path, err.msg);
        status = rc == NB_ELIMIT ? NB_EXIT_DATA : NB_EXIT_FAIL;
        goto cleanup;
    }
    printf("s %s\n", res.cost_text);
    if (flows) {
        int32_t m = nb_mcf_arc_count(g);
        for (int32_t a = 0; a < m; a++)
            printf("f %d %d %lld\n", (int)nb_mcf_arc_from(g, a) + 1, (int)nb_mcf_arc_to(g, a) + 1,
                   (long long)nb_mcf_flow(g, a));
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "noaber mcf: cannot write the answer: %s\n", strerror(errno));
        goto cleanup;
    }
    status = NB_EXIT_OK;

cleanup:
    free(text);
    nb_mcf_graph_free(g);
    return status;
}
