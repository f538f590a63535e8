/*
 * bench/report_bench.c — the college report rendered to PDF at demo size
 * (issue 11 §5: "under a second"). Makes a demo database with the given
 * noaber binary (`noaber demo`: about 1,500 people, 150 assignments, a few
 * months of ledger history), then per run, in one read transaction: the
 * model of the tussentijdse rapportage of organisation 1 for the current
 * quarter (store/reports.c) and its PDF (report/pdf.c), timed apart; the
 * median of the runs is printed, with the raadsinformatie and the
 * adviesrapportage for comparison.
 *
 * Run: BUILD/bench/report_bench BUILD/noaber [--runs N] (or bench/run.sh BUILD with
 * NB_BENCH_ONLY=report).
 */
#include "report/render.h"
#include "store/reports.h"
#include "store/store.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double nb_rb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int nb_rb_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One report kind, runs times: model and PDF timed apart; prints the medians. */
static int nb_rb_measure(nb_store *st, nb_report_kind kind, int runs)
{
    double model[32], pdf[32];
    size_t bytes = 0;
    nb_principal who;
    memset(&who, 0, sizeof who);
    who.role = NB_ROLE_BEHEER;
    char quarter[8];
    int32_t today = nb_date_today();
    nb_report_quarter_of(today, quarter);
    for (int i = 0; i < runs; i++) {
        nb_err err = {{0}};
        nb_report r;
        nb_buf out = NB_BUF_INIT;
        if (nb_store_begin_read(st, &err) != 0) {
            fprintf(stderr, "report_bench: %s\n", err.msg);
            return 1;
        }
        double t0 = nb_rb_now();
        int rc = kind == NB_REPORT_ADVIES
                     ? nb_report_advies(st, today - 365, today, today, 0, &r, &err)
                     : nb_report_college(st, &who, kind, 1, quarter, today, &r, &err);
        double t1 = nb_rb_now();
        if (rc == 0)
            rc = nb_report_pdf(&r, &out, &err);
        double t2 = nb_rb_now();
        nb_store_rollback(st); /* a read transaction: nothing to keep */
        nb_report_free(&r);
        bytes = out.len;
        nb_buf_free(&out);
        if (rc != 0) {
            fprintf(stderr, "report_bench: %s\n", err.msg);
            return 1;
        }
        model[i] = t1 - t0;
        pdf[i] = t2 - t1;
    }
    qsort(model, (size_t)runs, sizeof model[0], nb_rb_cmp);
    qsort(pdf, (size_t)runs, sizeof pdf[0], nb_rb_cmp);
    printf("%-24s model %7.1f ms   PDF %7.1f ms   total %7.1f ms   %6zu bytes (median of %d)\n",
           nb_report_kind_name(kind), model[runs / 2], pdf[runs / 2],
           model[runs / 2] + pdf[runs / 2], bytes, runs);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 5;
    if (argc < 2 || (argc == 4 && strcmp(argv[2], "--runs") != 0) || (argc != 2 && argc != 4)) {
        fprintf(stderr, "usage: report_bench NOABER_BIN [--runs N]\n");
        return 2;
    }
    if (argc == 4)
        runs = atoi(argv[3]);
    if (runs < 1 || runs > 32) {
        fprintf(stderr, "report_bench: runs 1..32\n");
        return 2;
    }
    char path[256], cmd[1024];
    snprintf(path, sizeof path, "report-bench-%ld.db", (long)getpid());
    snprintf(cmd, sizeof cmd, "'%s' demo --db '%s' > /dev/null", argv[1], path);
    double t0 = nb_rb_now();
    if (system(cmd) != 0) {
        fprintf(stderr, "report_bench: %s failed\n", cmd);
        return 1;
    }
    printf("reports: demo network made in %.1f s\n", (nb_rb_now() - t0) / 1e3);
    nb_store *st = NULL;
    nb_err err = {{0}};
    int rc = nb_store_open(path, 0, &st, &err);
    if (rc != 0)
        fprintf(stderr, "report_bench: %s\n", err.msg);
    if (rc == 0)
        rc = nb_rb_measure(st, NB_REPORT_COLLEGE, runs);
    if (rc == 0)
        rc = nb_rb_measure(st, NB_REPORT_RAAD, runs);
    if (rc == 0)
        rc = nb_rb_measure(st, NB_REPORT_ADVIES, runs);
    nb_store_close(st);
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char aux[300];
        snprintf(aux, sizeof aux, "%s%s", path, ext[i]);
        unlink(aux);
    }
    return rc == 0 ? 0 : 1;
}
