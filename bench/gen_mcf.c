/*
 * bench/gen_mcf.c — seeded generators of minimum-cost-flow benchmark instances,
 * written in DIMACS format to stdout.
 *
 * usage: gen_mcf MODE [SEED]
 *   regional   staffing-shaped, 3,000 people x 300 assignments
 *   national   staffing-shaped, 200,000 people x 30,000 assignments
 *   netgen     NETGEN-like random network, ~130,000 nodes, ~1,000,000 arcs
 *   assign     sparse assignment, 30,000 x 200,000, ~600,000 candidate arcs
 *   staffing P A   staffing-shaped with P people and A assignments
 *   months P A T   staffing-shaped with T month buckets (issue 13, see below)
 *   national-months T   the national case over T months
 *
 * Staffing shape (the teaming model of issue 4): every person p has a supply
 * of hours; p -> hub(p) through 3 convex load segments (60% / 25% / 15% of the
 * hours at increasing cost); hub(p) -> ~14 candidate assignment lines (mostly
 * of the person's competency, cost from over-qualification, learning wish and
 * continuity); p -> IDLE for unused hours; UNMET -> line for unmet demand at a
 * high cost; UNMET -> IDLE balances the two slack nodes. Each assignment has
 * 1-4 lines; total demand is about 70% of the hours.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

static uint64_t gen_next(gen_rng *r)
{
    r->s += 0x9e3779b97f4a7c15ULL;
    uint64_t z = r->s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int64_t gen_range(gen_rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(gen_next(r) % (uint64_t)(hi - lo + 1));
}

static void *gen_alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL) {
        fprintf(stderr, "gen_mcf: out of memory\n");
        exit(1);
    }
    return p;
}

/* ------------------------------------------------------------------------ */

#define GEN_COMPETENCIES 60
#define GEN_CANDIDATES 14

static void gen_staffing(int64_t P, int64_t A, uint64_t seed)
{
    gen_rng r = {seed};
    /* Lines: 1..4 per assignment, each with a competency and a minimum level. */
    int64_t L = 0;
    int64_t *lines_of = gen_alloc((size_t)A, sizeof *lines_of);
    for (int64_t a = 0; a < A; a++) {
        lines_of[a] = gen_range(&r, 1, 4);
        L += lines_of[a];
    }
    int *lcomp = gen_alloc((size_t)L, sizeof *lcomp);
    int *llevel = gen_alloc((size_t)L, sizeof *llevel);
    int64_t *ldemand = gen_alloc((size_t)L, sizeof *ldemand);
    int64_t *hours = gen_alloc((size_t)P, sizeof *hours);
    int *pcomp = gen_alloc((size_t)P, sizeof *pcomp);
    int *plevel = gen_alloc((size_t)P, sizeof *plevel);
    /* Lines grouped by competency, for candidate choice. */
    int64_t *by_comp = gen_alloc((size_t)L, sizeof *by_comp);
    int64_t comp_start[GEN_COMPETENCIES + 1] = {0};

    int64_t total_hours = 0;
    for (int64_t p = 0; p < P; p++) {
        hours[p] = gen_range(&r, 40, 160);
        pcomp[p] = (int)gen_range(&r, 0, GEN_COMPETENCIES - 1);
        plevel[p] = (int)gen_range(&r, 1, 5);
        total_hours += hours[p];
    }
    int64_t mean_demand = total_hours * 7 / 10 / (L > 0 ? L : 1);
    if (mean_demand < 8)
        mean_demand = 8;
    int64_t total_demand = 0;
    for (int64_t l = 0; l < L; l++) {
        lcomp[l] = (int)gen_range(&r, 0, GEN_COMPETENCIES - 1);
        llevel[l] = (int)gen_range(&r, 1, 4);
        ldemand[l] = gen_range(&r, mean_demand / 5, mean_demand * 9 / 5);
        total_demand += ldemand[l];
        comp_start[lcomp[l] + 1]++;
    }
    for (int c = 0; c < GEN_COMPETENCIES; c++)
        comp_start[c + 1] += comp_start[c];
    {
        int64_t fill[GEN_COMPETENCIES];
        memcpy(fill, comp_start, sizeof fill);
        for (int64_t l = 0; l < L; l++)
            by_comp[fill[lcomp[l]]++] = l;
    }

    /* Node numbering (1-based). */
    const int64_t person0 = 1, hub0 = 1 + P, line0 = 1 + 2 * P;
    const int64_t idle = 1 + 2 * P + L, unmet = idle + 1, nodes = unmet;
    const int64_t arcs = P * (3 + GEN_CANDIDATES + 1) + L + 1;

    printf("c staffing-shaped instance: %lld people, %lld assignments, %lld lines, "
           "seed %llu\n",
           (long long)P, (long long)A, (long long)L, (unsigned long long)seed);
    printf("c hours %lld demand %lld\n", (long long)total_hours, (long long)total_demand);
    printf("p min %lld %lld\n", (long long)nodes, (long long)arcs);
    for (int64_t p = 0; p < P; p++)
        printf("n %lld %lld\n", (long long)(person0 + p), (long long)hours[p]);
    for (int64_t l = 0; l < L; l++)
        printf("n %lld %lld\n", (long long)(line0 + l), (long long)-ldemand[l]);
    printf("n %lld %lld\n", (long long)idle, (long long)-total_hours);
    printf("n %lld %lld\n", (long long)unmet, (long long)total_demand);

    for (int64_t p = 0; p < P; p++) {
        int64_t h = hours[p], s1 = h * 60 / 100, s2 = h * 25 / 100, s3 = h - s1 - s2;
        int64_t u = person0 + p, hub = hub0 + p;
        /* Convex load segments. */
        printf("a %lld %lld 0 %lld 0\n", (long long)u, (long long)hub, (long long)s1);
        printf("a %lld %lld 0 %lld 15\n", (long long)u, (long long)hub, (long long)s2);
        printf("a %lld %lld 0 %lld 60\n", (long long)u, (long long)hub, (long long)s3);
        /* Idle hours. */
        printf("a %lld %lld 0 %lld 0\n", (long long)u, (long long)idle, (long long)h);
        /* Candidate lines: mostly own competency, some any. */
        for (int k = 0; k < GEN_CANDIDATES; k++) {
            int64_t l;
            int c = pcomp[p];
            if (gen_range(&r, 0, 9) < 8 && comp_start[c + 1] > comp_start[c])
                l = by_comp[gen_range(&r, comp_start[c], comp_start[c + 1] - 1)];
            else
                l = gen_range(&r, 0, L - 1);
            int over = plevel[p] - llevel[l];
            if (over < 0)
                over = 0; /* treated as "just qualified" */
            int64_t cost = 100 + 40 * over + gen_range(&r, 0, 30);
            if (lcomp[l] != c)
                cost += 120; /* learning on the job */
            if (gen_range(&r, 0, 19) == 0)
                cost -= 50; /* continuity bonus */
            if (gen_range(&r, 0, 9) == 0)
                cost -= 20; /* learning wish */
            int64_t cap = h < ldemand[l] ? h : ldemand[l];
            printf("a %lld %lld 0 %lld %lld\n", (long long)hub, (long long)(line0 + l),
                   (long long)cap, (long long)cost);
        }
    }
    for (int64_t l = 0; l < L; l++)
        printf("a %lld %lld 0 %lld 1000\n", (long long)unmet, (long long)(line0 + l),
               (long long)ldemand[l]);
    printf("a %lld %lld 0 %lld 0\n", (long long)unmet, (long long)idle, (long long)total_demand);

    free(lines_of);
    free(lcomp);
    free(llevel);
    free(ldemand);
    free(hours);
    free(pcomp);
    free(plevel);
    free(by_comp);
}

/*
 * Staffing with month buckets (issue 13; core/teaming.h nb_team_input.nmonths):
 * the shape above, with T months. Every person has `hours` per month (40..160)
 * and a total supply of hours × T through the 3 convex segments; the hub feeds
 * one person-month node per month that the person's candidate lines touch,
 * with capacity `hours` (the month's cap); each line runs 1..min(T, 12)
 * consecutive months with a constant demand per month (one line-month node
 * per month with its demand and its unmet arc); a candidate match is one arc
 * person-month -> line-month per month of the line. T = 1 is the one-window
 * model (hub -> line directly). Demand is about 70% of the hours.
 */
static void gen_staffing_months(int64_t P, int64_t A, int64_t T, uint64_t seed)
{
    gen_rng r = {seed};
    int64_t L = 0;
    for (int64_t a = 0; a < A; a++)
        L += gen_range(&r, 1, 4);
    int *lcomp = gen_alloc((size_t)L, sizeof *lcomp);
    int *llevel = gen_alloc((size_t)L, sizeof *llevel);
    int64_t *ldemand = gen_alloc((size_t)L, sizeof *ldemand);
    int64_t *lfirst = gen_alloc((size_t)L, sizeof *lfirst);
    int64_t *lspan = gen_alloc((size_t)L, sizeof *lspan);
    int64_t *lnode = gen_alloc((size_t)L, sizeof *lnode);
    int64_t *hours = gen_alloc((size_t)P, sizeof *hours);
    int *pcomp = gen_alloc((size_t)P, sizeof *pcomp);
    int *plevel = gen_alloc((size_t)P, sizeof *plevel);
    int64_t *cand = gen_alloc((size_t)P * GEN_CANDIDATES, sizeof *cand);
    int64_t *ccost = gen_alloc((size_t)P * GEN_CANDIDATES, sizeof *ccost);
    uint64_t *pmask = gen_alloc((size_t)P, sizeof *pmask);
    int64_t *pnode = gen_alloc((size_t)P, sizeof *pnode);
    int64_t *by_comp = gen_alloc((size_t)L, sizeof *by_comp);
    int64_t comp_start[GEN_COMPETENCIES + 1] = {0};
    if (T < 1 || T > 60) {
        fprintf(stderr, "gen_mcf: months 1..60\n");
        exit(2);
    }
    int64_t total_hours = 0, spans = 0;
    for (int64_t p = 0; p < P; p++) {
        hours[p] = gen_range(&r, 40, 160);
        pcomp[p] = (int)gen_range(&r, 0, GEN_COMPETENCIES - 1);
        plevel[p] = (int)gen_range(&r, 1, 5);
        total_hours += hours[p] * T;
    }
    for (int64_t l = 0; l < L; l++) {
        lspan[l] = gen_range(&r, 1, T < 12 ? T : 12);
        lfirst[l] = gen_range(&r, 0, T - lspan[l]);
        spans += lspan[l];
    }
    int64_t mean_demand = total_hours * 7 / 10 / (spans > 0 ? spans : 1);
    if (mean_demand < 8)
        mean_demand = 8;
    int64_t total_demand = 0;
    for (int64_t l = 0; l < L; l++) {
        lcomp[l] = (int)gen_range(&r, 0, GEN_COMPETENCIES - 1);
        llevel[l] = (int)gen_range(&r, 1, 4);
        ldemand[l] = gen_range(&r, mean_demand / 5, mean_demand * 9 / 5); /* per month */
        total_demand += ldemand[l] * lspan[l];
        comp_start[lcomp[l] + 1]++;
    }
    for (int c = 0; c < GEN_COMPETENCIES; c++)
        comp_start[c + 1] += comp_start[c];
    {
        int64_t fill[GEN_COMPETENCIES];
        memcpy(fill, comp_start, sizeof fill);
        for (int64_t l = 0; l < L; l++)
            by_comp[fill[lcomp[l]]++] = l;
    }
    /* Candidates first (the node and arc counts depend on them). */
    int64_t match_arcs = 0, pm_nodes = 0;
    for (int64_t p = 0; p < P; p++) {
        for (int k = 0; k < GEN_CANDIDATES; k++) {
            int64_t l;
            int c = pcomp[p];
            if (gen_range(&r, 0, 9) < 8 && comp_start[c + 1] > comp_start[c])
                l = by_comp[gen_range(&r, comp_start[c], comp_start[c + 1] - 1)];
            else
                l = gen_range(&r, 0, L - 1);
            int over = plevel[p] - llevel[l];
            if (over < 0)
                over = 0;
            int64_t cost = 100 + 40 * over + gen_range(&r, 0, 30);
            if (lcomp[l] != c)
                cost += 120;
            if (gen_range(&r, 0, 19) == 0)
                cost -= 50;
            if (gen_range(&r, 0, 9) == 0)
                cost -= 20;
            cand[p * GEN_CANDIDATES + k] = l;
            ccost[p * GEN_CANDIDATES + k] = cost;
            match_arcs += T > 1 ? lspan[l] : 1;
            for (int64_t t = lfirst[l]; T > 1 && t < lfirst[l] + lspan[l]; t++)
                pmask[p] |= 1ULL << t;
        }
        pm_nodes += __builtin_popcountll(pmask[p]);
    }
    /* Nodes (1-based): people, hubs, line(-month)s, person-months, idle, unmet. */
    const int64_t person0 = 1, hub0 = 1 + P, line0 = 1 + 2 * P;
    int64_t next = line0;
    for (int64_t l = 0; l < L; l++) {
        lnode[l] = next;
        next += T > 1 ? lspan[l] : 1;
    }
    for (int64_t p = 0; p < P; p++) {
        pnode[p] = next;
        next += __builtin_popcountll(pmask[p]);
    }
    const int64_t idle = next, unmet = next + 1, nodes = unmet;
    int64_t ln_count = 0;
    for (int64_t l = 0; l < L; l++)
        ln_count += T > 1 ? lspan[l] : 1;
    const int64_t arcs = P * 4 + pm_nodes + match_arcs + ln_count + 1;

    printf("c staffing-shaped instance with %lld months: %lld people, %lld assignments, %lld "
           "lines, seed %llu\n",
           (long long)T, (long long)P, (long long)A, (long long)L, (unsigned long long)seed);
    printf("c hours %lld demand %lld\n", (long long)total_hours, (long long)total_demand);
    printf("p min %lld %lld\n", (long long)nodes, (long long)arcs);
    for (int64_t p = 0; p < P; p++)
        printf("n %lld %lld\n", (long long)(person0 + p), (long long)(hours[p] * T));
    for (int64_t l = 0; l < L; l++)
        for (int64_t k = 0; k < (T > 1 ? lspan[l] : 1); k++)
            printf("n %lld %lld\n", (long long)(lnode[l] + k),
                   (long long)-(T > 1 ? ldemand[l] : ldemand[l] * lspan[l]));
    printf("n %lld %lld\n", (long long)idle, (long long)-total_hours);
    printf("n %lld %lld\n", (long long)unmet, (long long)total_demand);

    for (int64_t p = 0; p < P; p++) {
        int64_t h = hours[p] * T, s1 = h * 60 / 100, s2 = h * 25 / 100, s3 = h - s1 - s2;
        int64_t u = person0 + p, hub = hub0 + p;
        printf("a %lld %lld 0 %lld 0\n", (long long)u, (long long)hub, (long long)s1);
        printf("a %lld %lld 0 %lld 15\n", (long long)u, (long long)hub, (long long)s2);
        printf("a %lld %lld 0 %lld 60\n", (long long)u, (long long)hub, (long long)s3);
        printf("a %lld %lld 0 %lld 0\n", (long long)u, (long long)idle, (long long)h);
        /* hub -> person-month, the month's cap */
        int64_t slot[64];
        int64_t n = 0;
        for (int64_t t = 0; t < T; t++) {
            slot[t] = -1;
            if (pmask[p] >> t & 1) {
                slot[t] = pnode[p] + n++;
                printf("a %lld %lld 0 %lld 0\n", (long long)hub, (long long)slot[t],
                       (long long)hours[p]);
            }
        }
        for (int k = 0; k < GEN_CANDIDATES; k++) {
            int64_t l = cand[p * GEN_CANDIDATES + k], cost = ccost[p * GEN_CANDIDATES + k];
            if (T == 1) {
                int64_t d = ldemand[l] * lspan[l], cap = h < d ? h : d;
                printf("a %lld %lld 0 %lld %lld\n", (long long)hub, (long long)lnode[l],
                       (long long)cap, (long long)cost);
                continue;
            }
            for (int64_t t = lfirst[l]; t < lfirst[l] + lspan[l]; t++) {
                int64_t cap = hours[p] < ldemand[l] ? hours[p] : ldemand[l];
                printf("a %lld %lld 0 %lld %lld\n", (long long)slot[t],
                       (long long)(lnode[l] + t - lfirst[l]), (long long)cap, (long long)cost);
            }
        }
    }
    for (int64_t l = 0; l < L; l++)
        for (int64_t k = 0; k < (T > 1 ? lspan[l] : 1); k++)
            printf("a %lld %lld 0 %lld 1000\n", (long long)unmet, (long long)(lnode[l] + k),
                   (long long)(T > 1 ? ldemand[l] : ldemand[l] * lspan[l]));
    printf("a %lld %lld 0 %lld 0\n", (long long)unmet, (long long)idle, (long long)total_demand);

    free(lcomp);
    free(llevel);
    free(ldemand);
    free(lfirst);
    free(lspan);
    free(lnode);
    free(hours);
    free(pcomp);
    free(plevel);
    free(cand);
    free(ccost);
    free(pmask);
    free(pnode);
    free(by_comp);
}

/* NETGEN-like: 1,000 sources, 1,000 sinks and transshipment nodes; a skeleton
 * of chains (source s -> ~128 transshipment nodes -> sink s, which demands
 * what s supplies) guarantees feasibility; random arcs with costs 1..10,000
 * and capacities (30% uncapacitated-like, the rest 1,000..10,000) fill the
 * rest. */
static void gen_netgen(int64_t N, int64_t M, uint64_t seed)
{
    gen_rng r = {seed};
    const int64_t S = 1000, T = 1000, total = 4000000;
    int64_t *supply = gen_alloc((size_t)N + 1, sizeof *supply);
    for (int64_t k = 0; k < total; k++) {
        /* Source s sends to sink s, so the skeleton chain s alone is a
         * feasible flow; random arcs give the cheaper alternatives. */
        int64_t s = gen_range(&r, 0, S - 1);
        supply[1 + s]++;
        supply[N - T + 1 + s]--;
    }

    printf("c NETGEN-like instance: %lld nodes, %lld arcs, seed %llu\n", (long long)N, (long long)M,
           (unsigned long long)seed);
    printf("p min %lld %lld\n", (long long)N, (long long)M);
    for (int64_t v = 1; v <= N; v++)
        if (supply[v] != 0)
            printf("n %lld %lld\n", (long long)v, (long long)supply[v]);
    int64_t m = 0;
    /* Skeleton: each source gets a chain through random transshipment nodes
     * to a random sink; chains carry the whole supply. */
    const int64_t trans = N - S - T, chain = trans / S;
    for (int64_t s = 0; s < S; s++) {
        int64_t prev = 1 + s;
        for (int64_t k = 0; k < chain; k++) {
            int64_t v = S + 1 + s * chain + k;
            printf("a %lld %lld 0 %lld %lld\n", (long long)prev, (long long)v, (long long)total,
                   (long long)gen_range(&r, 1, 10000));
            prev = v;
            m++;
        }
        int64_t t = N - T + 1 + s;
        printf("a %lld %lld 0 %lld %lld\n", (long long)prev, (long long)t, (long long)total,
               (long long)gen_range(&r, 1, 10000));
        m++;
    }
    while (m < M) {
        int64_t u = gen_range(&r, 1, N), v = gen_range(&r, 1, N);
        if (u == v)
            continue;
        int64_t cap = gen_range(&r, 0, 9) < 3 ? total : gen_range(&r, 1000, 10000);
        printf("a %lld %lld 0 %lld %lld\n", (long long)u, (long long)v, (long long)cap,
               (long long)gen_range(&r, 1, 10000));
        m++;
    }
    free(supply);
}

/* Sparse assignment: W workers (supply 1) and J jobs; each worker has D
 * candidate jobs (cap 1, random cost) and an expensive fallback; jobs take
 * at most one worker, through arcs to one sink. */
static void gen_assign(int64_t W, int64_t J, int64_t D, uint64_t seed)
{
    gen_rng r = {seed};
    const int64_t sink = W + J + 1;
    printf("c sparse assignment: %lld workers, %lld jobs, %lld candidates each, "
           "seed %llu\n",
           (long long)W, (long long)J, (long long)D, (unsigned long long)seed);
    printf("p min %lld %lld\n", (long long)sink, (long long)(W * D + J + W));
    for (int64_t w = 1; w <= W; w++)
        printf("n %lld 1\n", (long long)w);
    printf("n %lld %lld\n", (long long)sink, (long long)-W);
    for (int64_t w = 1; w <= W; w++) {
        for (int64_t k = 0; k < D; k++)
            printf("a %lld %lld 0 1 %lld\n", (long long)w,
                   (long long)(W + 1 + gen_range(&r, 0, J - 1)), (long long)gen_range(&r, 0, 1000));
        printf("a %lld %lld 0 1 100000\n", (long long)w, (long long)sink);
    }
    for (int64_t j = 1; j <= J; j++)
        printf("a %lld %lld 0 1 0\n", (long long)(W + j), (long long)sink);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_mcf regional|national|netgen|assign [SEED]\n"
                        "       gen_mcf staffing PEOPLE ASSIGNMENTS [SEED]\n"
                        "       gen_mcf months PEOPLE ASSIGNMENTS MONTHS [SEED]\n"
                        "       gen_mcf national-months MONTHS [SEED]\n");
        return 2;
    }
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    const char *mode = argv[1];
    if (strcmp(mode, "months") == 0) {
        if (argc < 5)
            return 2;
        uint64_t seed = argc > 5 ? strtoull(argv[5], NULL, 10) : 1;
        gen_staffing_months(strtoll(argv[2], NULL, 10), strtoll(argv[3], NULL, 10),
                            strtoll(argv[4], NULL, 10), seed);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    if (strcmp(mode, "national-months") == 0) {
        if (argc < 3)
            return 2;
        uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
        gen_staffing_months(200000, 30000, strtoll(argv[2], NULL, 10), seed);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    if (strcmp(mode, "staffing") == 0) {
        if (argc < 4)
            return 2;
        uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
        gen_staffing(strtoll(argv[2], NULL, 10), strtoll(argv[3], NULL, 10), seed);
        return 0;
    }
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (strcmp(mode, "regional") == 0)
        gen_staffing(3000, 300, seed);
    else if (strcmp(mode, "national") == 0)
        gen_staffing(200000, 30000, seed);
    else if (strcmp(mode, "netgen") == 0)
        gen_netgen(130000, 1000000, seed);
    else if (strcmp(mode, "assign") == 0)
        gen_assign(30000, 200000, 20, seed);
    else {
        fprintf(stderr, "gen_mcf: unknown mode '%s'\n", mode);
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
