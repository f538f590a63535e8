/*
 * bench/bench_mcf.c — times the noaber min-cost-flow engine on one DIMACS
 * file: reading is not timed; "setup" is building the nb_mcf_graph from
 * plain arrays, "solve" is nb_mcf_solve. With --warm it also times two warm
 * re-solves, each next to a cold solve of the same changed instance (costs
 * must be equal): one assignment changes (a used arc 50% dearer, a cheaper
 * parallel copy of another used arc), then one person (a used arc's
 * capacity drops to half its flow). Times are process CPU time (robust
 * against other load on a shared machine).
 *
 * usage: bench_mcf FILE.min [--warm] [--resolve] [--check]
 *                  [--algo auto|once|simplex|cs|cross]
 *   --algo cross: NB_MCF_AUTO with cost scaling + crossover forced whatever
 *   the shape (the test hook nb_mcf_set_cs_crossover), for networks below
 *   the rule's size. Output is line-buffered (a run stopped by a timeout
 *   keeps its lines).
 *   --check certifies the first solve with nb_mcf_check (prints noaber_check).
 *   --resolve (x13) times one re-solve after change 1 below without the
 *   cold solve of a copy (a network too large to solve twice more): the
 *   answer is certified by nb_mcf_check instead (prints noaber_resolve).
 *   --algo picks the algorithm of the first (cold) solve (nb_mcf_set_algorithm;
 *   default auto: the engine's choice, cost scaling + crossover to the
 *   simplex's tree where nb_mcf_cs_preferred holds, else the simplex; once =
 *   NB_MCF_AUTO_ONCE, the shape rule of a one-shot solve, no crossover); the
 *   re-solves of --warm use the simplex (warm from the crossed tree after
 *   auto), the cold solves they are compared with NB_MCF_AUTO.
 * prints: noaber setup_ms X solve_ms Y cost Z pivots P algo simplex|cs
 *         relabels R peak_rss_mb M process_ms T crossover 0|1
 *         noaber_pivots pivots P priced_per_pivot A shifted_per_pivot S
 *         cycle_per_pivot C us_per_pivot U   (simplex only)
 *         noaber_cs phases P refined F relabels R updates U   (cost scaling only)
 *         noaber_warm / noaber_capdrop solve_ms W ... cold_ms C ... ratio_pct R
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/dimacs.h"
#include "core/mcf.h"
#include "core/mcf_impl.h" /* nb_mcf_set_cs_crossover (--algo cross) */

static double bench_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Re-solves g warm after a change, then a copy of g cold; prints both and
 * the ratio warm/cold. Returns 0, or 1 when the costs differ or a solve
 * failed. */
static int bench_resolve(nb_mcf_graph *g, const char *label, int32_t n, const int64_t *sup)
{
    nb_err err;
    nb_mcf_result res, cres;
    double t0 = bench_now_ms();
    int rc = nb_mcf_solve(g, &res, &err);
    double t1 = bench_now_ms();
    nb_mcf_graph *c = nb_mcf_graph_new(n, nb_mcf_arc_count(g));
    int built = c != NULL;
    for (int32_t a = 0; built && a < nb_mcf_arc_count(g); a++)
        built =
            nb_mcf_add_arc(c, nb_mcf_arc_from(g, a), nb_mcf_arc_to(g, a), nb_mcf_arc_lower(g, a),
                           nb_mcf_arc_cap(g, a), nb_mcf_arc_cost(g, a), &err) >= 0;
    for (int32_t v = 0; built && v < n; v++)
        built = nb_mcf_set_supply(c, v, sup[v], &err) == 0;
    if (!built) {
        printf("noaber ERROR building the changed graph: %s\n", c ? err.msg : "out of memory");
        nb_mcf_graph_free(c);
        return 1;
    }
    double t2 = bench_now_ms();
    int crc = nb_mcf_solve(c, &cres, &err);
    double t3 = bench_now_ms();
    nb_mcf_graph_free(c);
    printf("%s solve_ms %.1f cost %s pivots %lld warm %d rc %d priced %lld local %d repaired %d "
           "cold_ms %.1f cold_cost %s cold_pivots %lld ratio_pct %.2f\n",
           label, t1 - t0, res.cost_text, (long long)res.pivots, res.warm, rc,
           (long long)res.priced, res.local, (int)res.repaired, t3 - t2, cres.cost_text,
           (long long)cres.pivots, t3 - t2 > 0 ? 100.0 * (t1 - t0) / (t3 - t2) : 0.0);
    if (rc != 0 || crc != 0 || strcmp(cres.cost_text, res.cost_text) != 0) {
        printf("c WARM AND COLD DIFFER (rc %d / %d)\n", rc, crc);
        return 1;
    }
    return 0;
}

/* Certifies the solution of g with nb_mcf_check; 1 when it holds. */
static int bench_certify(const nb_mcf_graph *g)
{
    nb_err err;
    int32_t n = nb_mcf_node_count(g), m = nb_mcf_arc_count(g);
    int64_t *cf = malloc(((size_t)m + 1) * sizeof *cf);
    int64_t *cp = malloc(((size_t)n + 1) * sizeof *cp);
    int ok = cf != NULL && cp != NULL && nb_mcf_copy_flows(g, cf) == 0 &&
             nb_mcf_copy_potentials(g, cp) == 0 && nb_mcf_check(g, cf, cp, &err) == 0;
    free(cf);
    free(cp);
    return ok;
}

/* --resolve: change 1 of --warm (a used arc 50% dearer), one re-solve
 * (warm from the kept tree: after a cost-scaling solve only when it crossed
 * over), certified. Returns 0 or 5. */
static int bench_one_resolve(nb_mcf_graph *g, int32_t m, const int64_t *lo, const int64_t *cap,
                             const int64_t *cost)
{
    nb_err err;
    nb_mcf_result res;
    int32_t a1 = -1;
    for (int32_t k = 0; k < m && a1 < 0; k++) {
        int32_t a = (int32_t)(((int64_t)m / 2 + (int64_t)k * 7919) % m);
        if (nb_mcf_flow(g, a) > lo[a] && cost[a] > 1 && cap[a] != NB_MCF_INF)
            a1 = a;
    }
    if (a1 < 0 || nb_mcf_set_cost(g, a1, cost[a1] + cost[a1] / 2, &err) != 0)
        return 5;
    double t0 = bench_now_ms();
    int rc = nb_mcf_solve(g, &res, &err);
    double t1 = bench_now_ms();
    int ok = rc == 0 && bench_certify(g);
    printf("noaber_resolve solve_ms %.1f cost %s pivots %lld warm %d local %d priced %lld "
           "check %s\n",
           t1 - t0, rc == 0 ? res.cost_text : "ERROR", (long long)res.pivots, res.warm, res.local,
           (long long)res.priced, ok ? "optimal" : "FAILED");
    return ok ? 0 : 5;
}

int main(int argc, char **argv)
{
    (void)setvbuf(stdout, NULL, _IOLBF, 0);
    int warm = 0, resolve = 0, check = 0, algo = NB_MCF_AUTO;
    for (int k = 2; k < argc; k++) {
        if (strcmp(argv[k], "--warm") == 0)
            warm = 1;
        else if (strcmp(argv[k], "--resolve") == 0)
            resolve = 1;
        else if (strcmp(argv[k], "--check") == 0)
            check = 1;
        else if (strcmp(argv[k], "--algo") == 0 && k + 1 < argc) {
            const char *a = argv[++k];
            algo = strcmp(a, "cs") == 0        ? NB_MCF_COST_SCALING
                   : strcmp(a, "simplex") == 0 ? NB_MCF_SIMPLEX
                   : strcmp(a, "auto") == 0    ? NB_MCF_AUTO
                   : strcmp(a, "once") == 0    ? NB_MCF_AUTO_ONCE
                   : strcmp(a, "cross") == 0   ? -2
                                               : -1;
        } else
            algo = -1;
    }
    if (argc < 2 || algo == -1) {
        fprintf(stderr, "usage: bench_mcf FILE.min [--warm] [--resolve] [--check] "
                        "[--algo auto|once|simplex|cs|cross]\n");
        return 2;
    }
    int status = 0; /* the exit status */
    char *text = NULL;
    nb_mcf_graph *parsed = NULL, *g = NULL;
    int32_t *from = NULL, *to = NULL;
    int64_t *lo = NULL, *cap = NULL, *cost = NULL, *sup = NULL;
    nb_err err;
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        text = malloc((size_t)size + 1);
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bench_mcf: cannot read %s\n", argv[1]);
        (void)fclose(f); /* read only: nothing to lose */
        status = 1;
        goto cleanup;
    }
    (void)fclose(f); /* read only */
    long line = 0;
    if (nb_dimacs_parse(text, (size_t)size, &parsed, &line, &err) != 0) {
        fprintf(stderr, "bench_mcf: %s:%ld: %s\n", argv[1], line, err.msg);
        status = 3;
        goto cleanup;
    }
    free(text);
    text = NULL;

    /* Plain arrays, as an application would hold them. */
    int32_t n = nb_mcf_node_count(parsed), m = nb_mcf_arc_count(parsed);
    from = malloc((size_t)m * sizeof *from + 1);
    to = malloc((size_t)m * sizeof *to + 1);
    lo = malloc((size_t)m * 8 + 1);
    cap = malloc((size_t)m * 8 + 1);
    cost = malloc((size_t)m * 8 + 1);
    sup = malloc((size_t)n * 8 + 1);
    if (from == NULL || to == NULL || lo == NULL || cap == NULL || cost == NULL || sup == NULL) {
        printf("noaber ERROR building the graph: out of memory\n");
        status = 4;
        goto cleanup;
    }
    for (int32_t a = 0; a < m; a++) {
        from[a] = nb_mcf_arc_from(parsed, a);
        to[a] = nb_mcf_arc_to(parsed, a);
        lo[a] = nb_mcf_arc_lower(parsed, a);
        cap[a] = nb_mcf_arc_cap(parsed, a);
        cost[a] = nb_mcf_arc_cost(parsed, a);
    }
    for (int32_t v = 0; v < n; v++)
        sup[v] = nb_mcf_supply(parsed, v);
    nb_mcf_graph_free(parsed);
    parsed = NULL;

    double t0 = bench_now_ms();
    g = nb_mcf_graph_new(n, m);
    int built = g != NULL;
    for (int32_t a = 0; built && a < m; a++)
        built = nb_mcf_add_arc(g, from[a], to[a], lo[a], cap[a], cost[a], &err) >= 0;
    for (int32_t v = 0; built && v < n; v++)
        built = nb_mcf_set_supply(g, v, sup[v], &err) == 0;
    if (!built) {
        printf("noaber ERROR building the graph: %s\n", g ? err.msg : "out of memory");
        status = 4;
        goto cleanup;
    }
    if (algo == -2) { /* --algo cross */
        nb_mcf_set_cs_crossover(g, 1);
        algo = NB_MCF_AUTO;
    }
    if (nb_mcf_set_algorithm(g, algo, &err) != 0) {
        status = 2;
        goto cleanup;
    }
    double t1 = bench_now_ms();
    nb_mcf_result res;
    int rc = nb_mcf_solve(g, &res, &err);
    double t2 = bench_now_ms();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (rc != 0) {
        printf("noaber setup_ms %.1f solve_ms %.1f cost %s pivots %lld\n", t1 - t0, t2 - t1,
               rc == NB_EINFEASIBLE ? "INFEASIBLE" : "ERROR", (long long)res.pivots);
        status = 4;
        goto cleanup;
    }
    /* process_ms: the process's CPU time up to the end of the solve (reading
     * and parsing the file, setup, solve), the "whole process" of one solve. */
    printf("noaber setup_ms %.1f solve_ms %.1f cost %s pivots %lld algo %s relabels %lld "
           "peak_rss_mb %.0f process_ms %.1f crossover %d\n",
           t1 - t0, t2 - t1, res.cost_text, (long long)res.pivots,
           res.algorithm == NB_MCF_COST_SCALING ? "cs" : "simplex", (long long)res.relabels,
           (double)ru.ru_maxrss / 1024.0, t2, res.crossover);
    /* Where a simplex solve's pivots went: arcs priced, potentials shifted
     * and cycle nodes walked, per pivot (docs/performance.md, "cs28"). */
    if (res.algorithm == NB_MCF_SIMPLEX && res.pivots > 0)
        printf("noaber_pivots pivots %lld priced_per_pivot %.0f shifted_per_pivot %.0f "
               "cycle_per_pivot %.1f us_per_pivot %.2f\n",
               (long long)res.pivots, (double)res.priced / (double)res.pivots,
               (double)res.shifted / (double)res.pivots, (double)res.cycle / (double)res.pivots,
               1e3 * (t2 - t1) / (double)res.pivots);
    /* Where a cost-scaling solve's work went (docs/performance.md, "cs29"). */
    if (res.algorithm == NB_MCF_COST_SCALING)
        printf("noaber_cs phases %lld refined %lld relabels %lld updates %lld\n",
               (long long)res.phases, (long long)res.refined, (long long)res.relabels,
               (long long)res.updates);

    /* --check: nb_mcf_check certifies the first solve's flows and
     * potentials (independent of the solver; O(nodes + arcs)). */
    if (check) {
        int ok = bench_certify(g);
        printf("noaber_check %s\n", ok ? "optimal" : "FAILED");
        if (!ok) {
            status = 5;
            goto cleanup;
        }
    }
    if (resolve && m > 1 && (status = bench_one_resolve(g, m, lo, cap, cost)) != 0)
        goto cleanup;
    if (warm && m > 1) {
        /* The re-solves are the simplex's (warm starts). */
        if (nb_mcf_set_algorithm(g, NB_MCF_SIMPLEX, &err) != 0) {
            status = 2;
            goto cleanup;
        }
        /* Change 1, one assignment: a used arc gets 50% dearer, and a used
         * arc gets a parallel copy at half its cost. */
        int32_t a1 = -1, a2 = -1, a3 = -1;
        for (int32_t k = 0; k < m && (a1 < 0 || a2 < 0 || a3 < 0); k++) {
            int32_t a = (int32_t)(((int64_t)m / 2 + (int64_t)k * 7919) % m);
            if (nb_mcf_flow(g, a) > lo[a] && cost[a] > 1 && cap[a] != NB_MCF_INF) {
                if (a1 < 0)
                    a1 = a;
                else if (a2 < 0 && a != a1)
                    a2 = a;
                else if (a != a1 && a != a2 && nb_mcf_flow(g, a) > lo[a] + 1)
                    a3 = a;
            }
        }
        if ((a1 >= 0 && nb_mcf_set_cost(g, a1, cost[a1] + cost[a1] / 2, &err) != 0) ||
            (a2 >= 0 && nb_mcf_add_arc(g, from[a2], to[a2], 0, cap[a2], cost[a2] / 2, &err) < 0)) {
            printf("noaber ERROR changing the graph: %s\n", err.msg);
            status = 4;
            goto cleanup;
        }
        if (bench_resolve(g, "noaber_warm", n, sup) != 0) {
            status = 5;
            goto cleanup;
        }
        /* Change 2, one person: a used arc's capacity drops to half its
         * flow (below the flow: the excess must be cancelled). */
        if (a3 >= 0) {
            int64_t x = nb_mcf_flow(g, a3);
            if (x <= lo[a3] + 1)
                x = nb_mcf_arc_cap(g, a3);
            if (nb_mcf_set_bounds(g, a3, lo[a3], lo[a3] + (x - lo[a3]) / 2, &err) != 0) {
                printf("noaber ERROR changing the graph: %s\n", err.msg);
                status = 4;
                goto cleanup;
            }
            if (bench_resolve(g, "noaber_capdrop", n, sup) != 0) {
                status = 5;
                goto cleanup;
            }
        }
    }
cleanup:
    nb_mcf_graph_free(g);
    nb_mcf_graph_free(parsed);
    free(text);
    free(from);
    free(to);
    free(lo);
    free(cap);
    free(cost);
    free(sup);
    return status;
}
