/*
 * bench/bundle_bench.c — bundling detection (core/bundle.h, issue 10 §6):
 * index + detect over synthetic local assignments of 342 municipalities,
 * at 1,000 .. 10,000 assignments, printing the time, the candidate pairs the
 * inverted index yields and the growth against the previous size (linear
 * growth doubles with the size; quadratic quadruples).
 *
 * The assignments: one topic in ten assignments on average (a topic is what
 * several municipalities ask alike: 4 topic words, one of 6 competency
 * mixes), 5 of 120 common policy words, 2 rare words of its own, a wanted
 * period in 2027. Deterministic (xorshift, fixed seed). Run once:
 *   BUILD/bench/bundle_bench
 */
#include "core/bundle.h"
#include "util/date.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NB_BENCH_ORGS 342

static uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *s = x;
    return x;
}

/* A pronounceable word for number k (distinct k, distinct words). */
static void bench_word(uint64_t k, char *out)
{
    static const char cons[] = "bdfghklmnprstvwz";
    static const char vow[] = "aeiou";
    size_t n = 0;
    do {
        out[n++] = cons[k % 16];
        k /= 16;
        out[n++] = vow[k % 5];
        k /= 5;
    } while (k > 0);
    out[n++] = 'r';
    out[n++] = 't';
    out[n] = '\0';
}

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct bench_set {
    nb_bundle_doc *docs;
    char (*text)[2][256];
    nb_assignment_line (*lines)[3];
} bench_set;

static int bench_make(size_t n, bench_set *set)
{
    set->docs = calloc(n, sizeof *set->docs);
    set->text = calloc(n, sizeof *set->text);
    set->lines = calloc(n, sizeof *set->lines);
    if (set->docs == NULL || set->text == NULL || set->lines == NULL)
        return -1;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    size_t topics = n / 10 > 1 ? n / 10 : 1;
    int32_t jan = nb_date_from_ymd(2027, 1, 1);
    for (size_t i = 0; i < n; i++) {
        uint64_t topic = bench_rand(&seed) % topics;
        char w[32], *t = set->text[i][0], *d = set->text[i][1];
        t[0] = d[0] = '\0';
        for (int k = 0; k < 4; k++) { /* the topic's words, some in the title */
            bench_word(1000000 + topic * 4 + (uint64_t)k, w);
            strcat(k < 2 ? t : d, w);
            strcat(k < 2 ? t : d, " ");
        }
        for (int k = 0; k < 5; k++) { /* common words */
            bench_word(bench_rand(&seed) % 120, w);
            strcat(d, w);
            strcat(d, " ");
        }
        for (int k = 0; k < 2; k++) { /* rare words */
            bench_word(5000000 + bench_rand(&seed) % (n * 20), w);
            strcat(d, w);
            strcat(d, " ");
        }
        nb_bundle_doc *doc = &set->docs[i];
        doc->id = (int64_t)i + 1;
        doc->org_id = (int64_t)(bench_rand(&seed) % NB_BENCH_ORGS) + 1;
        doc->title = t;
        doc->description = d;
        uint64_t mix = topic % 6;
        for (size_t l = 0; l < 2; l++)
            set->lines[i][l] =
                (nb_assignment_line){.competency_id = (int64_t)(mix + l + 1),
                                     .min_level = (int64_t)(bench_rand(&seed) % 3) + 2,
                                     .minutes = (int64_t)(bench_rand(&seed) % 40 + 10) * 60};
        doc->lines = set->lines[i];
        doc->nlines = 2;
        int32_t start = (int32_t)(bench_rand(&seed) % 180);
        doc->start_day = jan + start;
        doc->end_day = jan + start + 90 + (int32_t)(bench_rand(&seed) % 180);
    }
    return 0;
}

static void bench_free(bench_set *set)
{
    free(set->docs);
    free(set->text);
    free(set->lines);
}

int main(void)
{
    static const size_t sizes[] = {1000, 2000, 5000, 10000};
    double prev_t = 0, first_t = 0;
    size_t prev_n = 0;
    printf("bundling detection, %d municipalities (index + detect, one run each)\n", NB_BENCH_ORGS);
    printf("%8s %10s %10s %12s %12s %10s %8s\n", "n", "index ms", "detect ms", "candidates",
           "scored", "proposals", "growth");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        bench_set set = {0};
        if (bench_make(n, &set) != 0) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        nb_bundle_params p;
        nb_bundle_params_default(&p);
        nb_bundle_index *ix = NULL;
        nb_bundle_result r;
        double t0 = bench_now();
        if (nb_bundle_index_new(set.docs, n, &ix) != 0) {
            fprintf(stderr, "index failed\n");
            return 1;
        }
        double t1 = bench_now();
        if (nb_bundle_detect(ix, &p, &r) != 0) {
            fprintf(stderr, "detect failed\n");
            return 1;
        }
        double t2 = bench_now();
        double total = t2 - t0;
        char growth[32] = "-";
        if (prev_n > 0)
            snprintf(growth, sizeof growth, "%.2fx", total / prev_t);
        printf("%8zu %10.1f %10.1f %12zu %12zu %10zu %8s\n", n, (t1 - t0) * 1e3, (t2 - t1) * 1e3,
               r.candidates, r.pairs_scored, r.ngroups, growth);
        if (s + 1 == sizeof sizes / sizeof sizes[0])
            printf("10,000 assignments: %.3f s (%s one second); 1,000 -> 10,000: time x%.1f for "
                   "size x10\n",
                   total, total < 1.0 ? "under" : "NOT under", total / first_t);
        if (s == 0)
            first_t = total;
        prev_t = total;
        prev_n = n;
        nb_bundle_result_free(&r);
        nb_bundle_index_free(ix);
        bench_free(&set);
    }
    return 0;
}
