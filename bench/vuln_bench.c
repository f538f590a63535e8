/*
 * bench/vuln_bench.c — the kwetsbaarheid report at national scale (issue 11
 * §5): a database of N people (default 200,000) in 342 organisations holding
 * competencies of a catalogue of 6,000 (30,000 competency-level pairs), with
 * 10,000 open assignment lines and a year of approved time entries, then
 * the report for the network and for one organisation: load (SQL, one query
 * per kind of row) and compute (core/vulnerability.c) timed apart. Then the
 * what-if (core/whatif.h, store/whatif.h) for two people with confirmed
 * allocations (half of the lines have one): loading the work stock, building
 * the teaming model, the before solve, and the after solve warm (from the
 * before optimum) and cold (a model built afresh), timed apart. Last the
 * adviesrapportage's model of the last year (store/reports.h) on the same
 * national network: its single points of failure per organisation. Prints
 * figures; nothing passes or fails. The data are written straight into the
 * store's tables in one transaction (foreign keys off on this connection
 * only: the rows are consistent by construction, the time entries have no
 * allocations behind them, which the report never reads).
 *
 * Every phase is timed twice: wall time and the process's CPU time (user +
 * system, getrusage; the bench is one thread). On a shared machine the CPU
 * time is the figure to compare; wall time includes waiting for a core.
 *
 * usage: vuln_bench [--people N] [--orgs N] [--competencies N] [--runs N] [--keep FILE]
 *                   [--reuse FILE]
 * --keep FILE leaves the filled database in FILE; --reuse FILE measures the
 * database a --keep run left there (same sizes) without filling it again,
 * for profiles of the measuring alone.
 */
#include "core/vulnerability.h"
#include "store/reports.h"
#include "store/db_sqlite.h"
#include "store/store.h"
#include "store/vulnerability.h"
#include "store/whatif.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double nb_vb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time of this process so far (user + system), in seconds. */
static double nb_vb_cpu(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
           (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
}

static unsigned long long nb_vb_state = 0x9E3779B97F4A7C15ULL;
static unsigned nb_vb_rand(unsigned n)
{
    nb_vb_state ^= nb_vb_state << 13;
    nb_vb_state ^= nb_vb_state >> 7;
    nb_vb_state ^= nb_vb_state << 17;
    return (unsigned)(nb_vb_state % n);
}

static int nb_vb_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "vuln_bench: %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *nb_vb_prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        fprintf(stderr, "vuln_bench: %s: %s\n", sql, sqlite3_errmsg(db));
    return s;
}

static int nb_vb_step(sqlite3 *db, sqlite3_stmt *s)
{
    int r = sqlite3_step(s);
    sqlite3_reset(s);
    if (r != SQLITE_DONE) {
        fprintf(stderr, "vuln_bench: insert: %s\n", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

typedef struct nb_vb_size {
    int people, orgs, comps, asks;
} nb_vb_size;

/* Fills the tables; today is the measuring day. */
static int nb_vb_fill(sqlite3 *db, const nb_vb_size *z, int32_t today)
{
    static const char *const now = "2026-01-01T00:00:00Z";
    if (nb_vb_exec(db, "PRAGMA foreign_keys = OFF") || nb_vb_exec(db, "BEGIN"))
        return -1;
    sqlite3_stmt *org =
        nb_vb_prep(db, "INSERT INTO organisations (id, code, kind, name, "
                       "created_at, updated_at) VALUES (?, ?, 'gemeente', ?, ?, ?)");
    sqlite3_stmt *comp =
        nb_vb_prep(db, "INSERT INTO competencies (id, code, name, domain, "
                       "created_at, updated_at) VALUES (?, ?, ?, 'sociaal', ?, ?)");
    sqlite3_stmt *person = nb_vb_prep(
        db, "INSERT INTO people (id, organisation_id, name, email, scale, contract_minutes_week, "
            "network_minutes_week, birth_year, exit_date, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, 10, 2160, ?, ?, ?, ?, ?)");
    sqlite3_stmt *hold = nb_vb_prep(db, "INSERT OR IGNORE INTO person_competencies (person_id, "
                                        "competency_id, level) VALUES (?, ?, ?)");
    sqlite3_stmt *asg = nb_vb_prep(
        db, "INSERT INTO assignments (id, title, kind, work_type, status, priority, start_date, "
            "end_date, sponsor, client_person_id, created_at, updated_at) VALUES (?, ?, 'lokaal', "
            "'regulier', 'geaccepteerd', 3, '2026-01-01', '2027-12-31', 'Wethouder', ?, ?, ?)");
    sqlite3_stmt *req = nb_vb_prep(db, "INSERT INTO assignment_requesters (assignment_id, "
                                       "organisation_id, share) VALUES (?, ?, 1)");
    sqlite3_stmt *line =
        nb_vb_prep(db, "INSERT INTO assignment_lines (assignment_id, position, "
                       "competency_id, min_level, minutes) VALUES (?, 1, ?, ?, ?)");
    sqlite3_stmt *alloc = nb_vb_prep(
        db, "INSERT INTO allocations (assignment_id, line_id, person_id, minutes, status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, 'bevestigd', ?, ?)");
    sqlite3_stmt *entry = nb_vb_prep(
        db,
        "INSERT INTO time_entries (person_id, assignment_id, allocation_id, work_date, minutes, "
        "status, created_at, updated_at) VALUES (?, ?, 1, ?, ?, 'goedgekeurd', ?, ?)");
    int rc = org && comp && person && hold && asg && req && line && entry && alloc ? 0 : -1;
    char text[64], text2[64];
    for (int i = 1; rc == 0 && i <= z->orgs; i++) {
        snprintf(text, sizeof text, "GM%04d", i);
        snprintf(text2, sizeof text2, "Gemeente %d", i);
        sqlite3_bind_int(org, 1, i);
        sqlite3_bind_text(org, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(org, 3, text2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(org, 4, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(org, 5, now, -1, SQLITE_STATIC);
        rc = nb_vb_step(db, org);
    }
    for (int i = 1; rc == 0 && i <= z->comps; i++) {
        snprintf(text, sizeof text, "C-%05d", i);
        snprintf(text2, sizeof text2, "Competentie %d", i);
        sqlite3_bind_int(comp, 1, i);
        sqlite3_bind_text(comp, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(comp, 3, text2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(comp, 4, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(comp, 5, now, -1, SQLITE_STATIC);
        rc = nb_vb_step(db, comp);
    }
    char exit[NB_DATE_LEN];
    for (int i = 1; rc == 0 && i <= z->people; i++) {
        snprintf(text, sizeof text, "Medewerker %d", i);
        snprintf(text2, sizeof text2, "m%d@bench.example", i);
        sqlite3_bind_int(person, 1, i);
        sqlite3_bind_int(person, 2, 1 + (int)nb_vb_rand((unsigned)z->orgs));
        sqlite3_bind_text(person, 3, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(person, 4, text2, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(person, 5, nb_vb_rand(4) == 0 ? 0 : 240 + (int)nb_vb_rand(960));
        sqlite3_bind_int(person, 6, 1958 + (int)nb_vb_rand(45));
        if (nb_vb_rand(10) == 0) {
            nb_date_format(today + (int32_t)nb_vb_rand(3000), exit);
            sqlite3_bind_text(person, 7, exit, -1, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_null(person, 7);
        }
        sqlite3_bind_text(person, 8, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(person, 9, now, -1, SQLITE_STATIC);
        rc = nb_vb_step(db, person);
        /* about five competencies each, skewed: a few are common, most are rare */
        for (int k = 0; rc == 0 && k < 5; k++) {
            unsigned c = nb_vb_rand(3) == 0 ? nb_vb_rand(60) : nb_vb_rand((unsigned)z->comps);
            sqlite3_bind_int(hold, 1, i);
            sqlite3_bind_int(hold, 2, 1 + (int)c);
            sqlite3_bind_int(hold, 3, 1 + (int)nb_vb_rand(5));
            rc = nb_vb_step(db, hold);
        }
        /* a year of approved work for one in three: a few entries a month */
        if (rc == 0 && nb_vb_rand(3) == 0) {
            for (int m = 0; rc == 0 && m < 12; m++) {
                if (nb_vb_rand(2))
                    continue;
                int y, mo, d;
                nb_date_to_ymd(today - 30 * m, &y, &mo, &d);
                snprintf(text, sizeof text, "%04d-%02d-%02d", y, mo, 1 + (int)nb_vb_rand(28));
                sqlite3_bind_int(entry, 1, i);
                sqlite3_bind_int(entry, 2, 1 + (int)nb_vb_rand((unsigned)z->asks));
                sqlite3_bind_text(entry, 3, text, -1, SQLITE_TRANSIENT);
                sqlite3_bind_int(entry, 4, 60 + (int)nb_vb_rand(1300));
                sqlite3_bind_text(entry, 5, now, -1, SQLITE_STATIC);
                sqlite3_bind_text(entry, 6, now, -1, SQLITE_STATIC);
                rc = nb_vb_step(db, entry);
            }
        }
    }
    for (int i = 1; rc == 0 && i <= z->asks; i++) {
        snprintf(text, sizeof text, "Opdracht %d", i);
        sqlite3_bind_int(asg, 1, i);
        sqlite3_bind_text(asg, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(asg, 3, 1 + (int)nb_vb_rand((unsigned)z->people));
        sqlite3_bind_text(asg, 4, now, -1, SQLITE_STATIC);
        sqlite3_bind_text(asg, 5, now, -1, SQLITE_STATIC);
        rc = nb_vb_step(db, asg);
        sqlite3_bind_int(req, 1, i);
        sqlite3_bind_int(req, 2, 1 + (int)nb_vb_rand((unsigned)z->orgs));
        rc = rc ? rc : nb_vb_step(db, req);
        sqlite3_bind_int(line, 1, i);
        sqlite3_bind_int(line, 2, 1 + (int)nb_vb_rand((unsigned)z->comps));
        sqlite3_bind_int(line, 3, 1 + (int)nb_vb_rand(5));
        sqlite3_bind_int(line, 4, 60 * (4 + (int)nb_vb_rand(200)));
        rc = rc ? rc : nb_vb_step(db, line);
        /* half of the lines (the first two always) have a confirmed allocation: the
         * what-if's leavers are the people of lines 1 and 2 (line id = assignment id) */
        if (i <= 2 || nb_vb_rand(2) == 0) {
            sqlite3_bind_int(alloc, 1, i);
            sqlite3_bind_int(alloc, 2, i);
            sqlite3_bind_int(alloc, 3, i <= 2 ? 6 + i : 1 + (int)nb_vb_rand((unsigned)z->people));
            sqlite3_bind_int(alloc, 4, 60 * (4 + (int)nb_vb_rand(100)));
            sqlite3_bind_text(alloc, 5, now, -1, SQLITE_STATIC);
            sqlite3_bind_text(alloc, 6, now, -1, SQLITE_STATIC);
            rc = rc ? rc : nb_vb_step(db, alloc);
        }
    }
    sqlite3_finalize(org);
    sqlite3_finalize(comp);
    sqlite3_finalize(person);
    sqlite3_finalize(hold);
    sqlite3_finalize(asg);
    sqlite3_finalize(req);
    sqlite3_finalize(line);
    sqlite3_finalize(entry);
    sqlite3_finalize(alloc);
    if (rc == 0)
        rc = nb_vb_exec(db, "COMMIT");
    return rc == 0 ? nb_vb_exec(db, "PRAGMA foreign_keys = ON") : rc;
}

static int nb_vb_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs the report for scope runs times; prints the median load and compute. */
static int nb_vb_measure(nb_store *st, int64_t scope, int32_t today, int runs, const char *what)
{
    double load[32], comp[32], cload[32], ccomp[32];
    size_t singles = 0, people = 0, comps = 0;
    for (int r = 0; r < runs; r++) {
        nb_vuln_input in;
        nb_vuln_report rep;
        nb_err err = {{0}};
        int32_t to = nb_vuln_month(today);
        double t0 = nb_vb_now(), c0 = nb_vb_cpu();
        if (nb_store_begin_read(st, &err) != 0 ||
            nb_vuln_load(st, scope, today, to - 11, to, NB_VULN_LOAD_CAP_DEFAULT, &in, &err) != 0) {
            fprintf(stderr, "vuln_bench: load: %s\n", err.msg);
            return -1;
        }
        nb_store_rollback(st);
        double t1 = nb_vb_now(), c1 = nb_vb_cpu();
        if (nb_vuln_compute(&in, &rep) != 0) {
            fprintf(stderr, "vuln_bench: compute failed\n");
            nb_vuln_input_free(&in);
            return -1;
        }
        double t2 = nb_vb_now(), c2 = nb_vb_cpu();
        load[r] = (t1 - t0) * 1000;
        comp[r] = (t2 - t1) * 1000;
        cload[r] = (c1 - c0) * 1000;
        ccomp[r] = (c2 - c1) * 1000;
        singles = (size_t)rep.singles;
        people = rep.npeople;
        comps = rep.ncomps;
        nb_vuln_report_free(&rep);
        nb_vuln_input_free(&in);
    }
    qsort(load, (size_t)runs, sizeof load[0], nb_vb_cmp);
    qsort(comp, (size_t)runs, sizeof comp[0], nb_vb_cmp);
    qsort(cload, (size_t)runs, sizeof cload[0], nb_vb_cmp);
    qsort(ccomp, (size_t)runs, sizeof ccomp[0], nb_vb_cmp);
    printf("%-22s people %7zu  competencies %5zu  single holders %5zu   load %8.1f ms   "
           "compute %7.1f ms   total %8.1f ms (median of %d)\n",
           what, people, comps, singles, load[runs / 2], comp[runs / 2],
           load[runs / 2] + comp[runs / 2], runs);
    printf("%-22s CPU: load %8.1f ms   compute %7.1f ms   total %8.1f ms (median of %d)\n", what,
           cload[runs / 2], ccomp[runs / 2], cload[runs / 2] + ccomp[runs / 2], runs);
    return 0;
}

/* Timestamps of the what-if's phases. */
typedef struct nb_vb_phases {
    double opbouwen, voor, na, klaar;         /* wall */
    double c_opbouwen, c_voor, c_na, c_klaar; /* CPU */
} nb_vb_phases;

static void nb_vb_phase(void *ctx, const char *phase)
{
    nb_vb_phases *p = ctx;
    double t = nb_vb_now(), c = nb_vb_cpu();
    if (strcmp(phase, "opbouwen") == 0) {
        p->opbouwen = t;
        p->c_opbouwen = c;
    } else if (strcmp(phase, "voor") == 0) {
        p->voor = t;
        p->c_voor = c;
    } else if (strcmp(phase, "na") == 0) {
        p->na = t;
        p->c_na = c;
    } else {
        p->klaar = t;
        p->c_klaar = c;
    }
}

/* The what-if for people 7 and 8 (lines 1 and 2), warm and cold; prints the phases. */
static int nb_vb_whatif(nb_store *st, int32_t today)
{
    static const int64_t leavers[] = {7, 8};
    double after[2] = {0, 0};
    for (int cold = 0; cold <= 1; cold++) {
        nb_vb_phases ph = {0, 0, 0, 0, 0, 0, 0, 0};
        nb_whatif_opts o = {cold, nb_vb_phase, &ph};
        nb_whatif_report w;
        nb_err err = {{0}};
        double t0 = nb_vb_now(), c0 = nb_vb_cpu();
        int rc = nb_store_begin_read(st, &err);
        if (rc == 0)
            rc = nb_whatif_report_run(st, today, leavers, 2, &o, &w, &err);
        double t1 = nb_vb_now(), c1 = nb_vb_cpu();
        nb_store_rollback(st);
        if (rc != 0) {
            fprintf(stderr, "vuln_bench: what-if: %s\n", err.msg);
            nb_whatif_report_free(&w);
            return -1;
        }
        const nb_whatif_result *r = &w.res;
        after[cold] = (ph.klaar - ph.na) * 1000;
        printf("what-if %-5s  lines %lld  people %lld  freed %lld min  uncovered %lld -> %lld min  "
               "cost %lld -> %lld  pivots %lld -> %lld%s\n",
               cold ? "cold" : "warm", (long long)r->lines_total, (long long)r->people_total,
               (long long)r->minutes_freed, (long long)r->unmet_before, (long long)r->unmet_after,
               (long long)r->cost_before, (long long)r->cost_after, (long long)r->pivots_before,
               (long long)r->pivots_after, r->warm ? " (warm start)" : "");
        printf("  load %7.1f ms   build %7.1f ms   before solve %7.1f ms   after solve %7.1f ms "
               "(%s)   total %7.1f ms\n",
               (ph.opbouwen - t0) * 1000, (ph.voor - ph.opbouwen) * 1000, (ph.na - ph.voor) * 1000,
               after[cold], cold ? "cold: model built afresh" : "warm re-solve", (t1 - t0) * 1000);
        printf("  CPU: load %7.1f ms   build %7.1f ms   before solve %7.1f ms   after solve "
               "%7.1f ms   total %7.1f ms\n",
               (ph.c_opbouwen - c0) * 1000, (ph.c_voor - ph.c_opbouwen) * 1000,
               (ph.c_na - ph.c_voor) * 1000, (ph.c_klaar - ph.c_na) * 1000, (c1 - c0) * 1000);
        nb_whatif_report_free(&w);
    }
    printf("what-if after solve: warm %.1f ms, cold %.1f ms (warm / cold %.1f %%)\n", after[0],
           after[1], after[1] > 0 ? 100 * after[0] / after[1] : 0.0);
    return 0;
}

/* The adviesrapportage of the last year on this network (the model, not a PDF). */
static int nb_vb_advies(nb_store *st, int32_t today)
{
    nb_report rep;
    nb_err err = {{0}};
    nb_report_init(&rep, NB_REPORT_ADVIES);
    double t0 = nb_vb_now(), c0 = nb_vb_cpu();
    int rc = nb_store_begin_read(st, &err);
    if (rc == 0)
        rc = nb_report_advies(st, today - 364, today, today, 0, &rep, &err);
    double t1 = nb_vb_now(), c1 = nb_vb_cpu();
    nb_store_rollback(st);
    if (rc != 0)
        fprintf(stderr, "vuln_bench: adviesrapportage: %s\n", err.msg);
    else
        printf("adviesrapportage (last year)   %7.1f ms   CPU %7.1f ms\n", (t1 - t0) * 1000,
               (c1 - c0) * 1000);
    nb_report_free(&rep);
    return rc;
}

int main(int argc, char **argv)
{
    nb_vb_size z = {200000, 342, 6000, 10000};
    int runs = 3;
    const char *keep = NULL, *reuse = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--people") == 0)
            z.people = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--orgs") == 0)
            z.orgs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--competencies") == 0)
            z.comps = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--runs") == 0)
            runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--keep") == 0)
            keep = argv[i + 1];
        else if (strcmp(argv[i], "--reuse") == 0)
            reuse = keep = argv[i + 1];
        else {
            fprintf(stderr, "usage: vuln_bench [--people N] [--orgs N] [--competencies N] "
                            "[--runs N] [--keep FILE] [--reuse FILE]\n");
            return 2;
        }
    }
    if (z.people < 1 || z.orgs < 1 || z.comps < 60 || runs < 1 || runs > 32) {
        fprintf(stderr, "vuln_bench: people, orgs >= 1, competencies >= 60, runs 1..32\n");
        return 2;
    }
    char path[256], aux[300];
    if (keep)
        snprintf(path, sizeof path, "%s", keep);
    else
        snprintf(path, sizeof path, "vuln-bench-%ld.db", (long)getpid());
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (size_t i = 0; reuse == NULL && i < 3; i++) {
        snprintf(aux, sizeof aux, "%s%s", path, ext[i]);
        unlink(aux);
    }
    nb_store *st = NULL;
    nb_err err = {{0}};
    if (nb_store_open(path, 1, &st, &err) != 0) {
        fprintf(stderr, "vuln_bench: %s\n", err.msg);
        return 1;
    }
    int32_t today = nb_date_today();
    double t0 = nb_vb_now();
    int rc = reuse ? 0 : nb_vb_fill(nb_store_sqlite(st), &z, today);
    printf("kwetsbaarheid: %d people, %d organisations, %d competencies (%d pairs with levels), "
           "%d open assignment lines; filled in %.1f s\n",
           z.people, z.orgs, z.comps, z.comps * 5, z.asks, nb_vb_now() - t0);
    if (rc == 0)
        rc = nb_vb_measure(st, 0, today, runs, "the network");
    if (rc == 0)
        rc = nb_vb_measure(st, 1, today, runs, "one organisation");
    if (rc == 0)
        rc = nb_vb_whatif(st, today);
    if (rc == 0)
        rc = nb_vb_advies(st, today);
    nb_store_close(st);
    for (size_t i = 0; keep == NULL && i < 3; i++) {
        snprintf(aux, sizeof aux, "%s%s", path, ext[i]);
        unlink(aux);
    }
    return rc == 0 ? 0 : 1;
}
