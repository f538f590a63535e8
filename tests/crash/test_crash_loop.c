/*
 * tests/crash/test_crash_loop.c — kill -9 under load, restart, nothing lost.
 *
 * One database, one `noaber serve` at a time. CRASH_THREADS client threads
 * (crash_work.c) do acknowledged ledger and hours writes over HTTP: linked
 * transfers, reservations posted or released, reversals, time entries
 * approved or rejected by the assignment's ambtelijk opdrachtgever,
 * allocations confirmed and ended. Each cycle the server is killed with
 * SIGKILL after a random 50–800 ms of load (one cycle in eight also kills a
 * server during its start, before it listens), then restarted on the same
 * file. With the clients parked, the records changed since the last check
 * are read back (crash_check.c), and the control check, the zero sum of the
 * balances and PRAGMA integrity_check / foreign_key_check must hold. The
 * clients then settle the requests that got no answer (same transfer ids
 * again; time entries and allocations looked up by their marker) and go on.
 * After the last cycle everything ever acknowledged is read back, no marker
 * may be written twice, and the server must stop cleanly on SIGTERM.
 *
 * NB_CRASH_CYCLES=<n> sets the cycles (default 10; `scripts/crash.sh 100`).
 * NB_TEST_SEED=<n> replays the random choices (printed at the start and on
 * failure) — the choices, not the thread interleaving, which the scheduler
 * decides. On failure the database is kept and its path printed.
 *
 * Not in the valgrind setup (suite 'crash', not 'api'): a server killed with
 * SIGKILL never gets to write valgrind's report, and ten starts under
 * valgrind would cost minutes for a clean stop that the API suite already
 * checks. The ASan+UBSan run of `make test` does run it.
 */
#include "crash.h"
#include "../api/harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long env_ull(const char *name, unsigned long long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtoull(v, NULL, 10) : dflt;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long long ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void date_offset(char out[11], int days)
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static const char *bin(void)
{
    const char *b = getenv("NOABER_BIN");
    return b ? b : "./noaber";
}

/* ---- The fixture --------------------------------------------------------------- */

static long long make_person(nb_t_server *s, const char *tok, long long org, const char *name,
                             int k)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s %d\",\"email\":\"crash%d.%lld@noaber.test\","
             "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}",
             org, name, k, k, org);
    return nb_t_create(s, "/api/v1/medewerkers", tok, body);
}

static void put_status(nb_t_server *s, const char *tok, const char *path, const char *status)
{
    char body[64];
    nb_t_resp r;
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", status);
    assert_int_equal(nb_t_req(s, "PUT", path, tok, body, &r), 0);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
}

/*
 * Gemeenten with large credit lines, a pool the workers belong to, and per
 * client thread: a worker, an ambtelijk opdrachtgever at one gemeente, a
 * local assignment of that gemeente over the last CRASH_DAYS + 10 days, and a
 * confirmed allocation of the worker on it (so hours can be recorded).
 */
static void make_fixture(crash_ctx *cx, nb_t_server *s)
{
    const char *tok = cx->beheer;
    char body[1024], start[11], end[11], path[128];
    for (int i = 0; i <= CRASH_ORGS; i++) {
        int pool = i == CRASH_ORGS;
        snprintf(body, sizeof body,
                 "{\"code\":\"%s%02d\",\"soort\":\"%s\",\"naam\":\"%s %d\",\"inwoners\":%d,"
                 "\"kredietlijnMinuten\":%d}",
                 pool ? "POOL" : "GM90", i, pool ? "pool" : "gemeente",
                 pool ? "Crashpool" : "Crashdorp", i, pool ? 0 : 10000 * (i + 1), 100000000);
        cx->orgs[i] = nb_t_create(s, "/api/v1/organisaties", tok, body);
    }
    long long comp = nb_t_create(s, "/api/v1/competenties", tok,
                                 "{\"code\":\"CR-TEST\",\"naam\":\"Crashtest\","
                                 "\"domein\":\"bestuur-en-strategie\"}");
    date_offset(start, -(CRASH_DAYS + 10));
    date_offset(end, 30);
    for (int k = 0; k < CRASH_THREADS; k++) {
        crash_worker *w = &cx->w[k];
        w->org = cx->orgs[k % CRASH_ORGS];
        w->person = make_person(s, tok, cx->orgs[CRASH_ORGS], "Werker", k);
        w->client = make_person(s, tok, w->org, "Opdrachtgever", k);
        snprintf(
            body, sizeof body,
            "{\"titel\":\"Crash %d\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
            "\"startdatum\":\"%s\",\"einddatum\":\"%s\","
            "\"bestuurlijkOpdrachtgever\":\"Wethouder Crash\",\"ambtelijkOpdrachtgeverId\":%lld,"
            "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
            "\"minimumNiveau\":2,\"minuten\":100000000}]}",
            k, start, end, w->client, w->org, comp);
        nb_t_resp r;
        assert_int_equal(nb_t_req(s, "POST", "/api/v1/opdrachten", tok, body, &r), 0);
        nb_t_assert_status(&r, 201);
        w->asg = (long long)json_integer_value(json_object_get(r.json, "id"));
        w->line = (long long)json_integer_value(
            json_object_get(json_array_get(json_object_get(r.json, "regels"), 0), "id"));
        nb_t_resp_free(&r);
        snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", w->asg);
        put_status(s, tok, path, "ingediend");
        put_status(s, tok, path, "geaccepteerd");
        nb_t_consent_all(s, tok, w->asg);
        snprintf(body, sizeof body,
                 "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":1000000}",
                 w->asg, w->line, w->person);
        long long inzet = nb_t_create(s, "/api/v1/inzet", tok, body);
        snprintf(path, sizeof path, "/api/v1/inzet/%lld/status", inzet);
        put_status(s, tok, path, "bevestigd");
        w->tok_person = nb_t_token(s, "medewerker", cx->orgs[CRASH_ORGS], w->person);
        w->tok_client = nb_t_token(s, "medewerker", w->org, w->client);
        assert_non_null(w->tok_person);
        assert_non_null(w->tok_client);
    }
}

/* ---- The loop --------------------------------------------------------------------- */

/* Waits until every client thread is parked or ended; 0 = ok, -1 after 120 s. */
static int wait_parked(crash_ctx *cx)
{
    struct timespec until;
    int rc = 0;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 120;
    pthread_mutex_lock(&cx->mu);
    while (cx->parked + cx->exited < CRASH_THREADS && rc == 0)
        rc = pthread_cond_timedwait(&cx->cv, &cx->mu, &until);
    pthread_mutex_unlock(&cx->mu);
    return rc == 0 ? 0 : -1;
}

/* Hands the server at base to the client threads (stop: their last round). */
static void release(crash_ctx *cx, const char *base, int stop)
{
    pthread_mutex_lock(&cx->mu);
    snprintf(cx->bases[0], sizeof cx->bases[0], "%s", base);
    cx->stop = stop;
    cx->gen++;
    pthread_cond_broadcast(&cx->cv);
    pthread_mutex_unlock(&cx->mu);
}

typedef struct totals {
    long writes, transfers, unknown, applied, absent, ops, busy;
} totals;

static totals sum_workers(const crash_ctx *cx, const char **fail)
{
    totals t = {0, 0, 0, 0, 0, 0, 0};
    *fail = NULL;
    for (int k = 0; k < CRASH_THREADS; k++) {
        const crash_worker *w = &cx->w[k];
        t.writes += w->acked_writes;
        t.transfers += w->acked_transfers;
        t.unknown += w->unknown;
        t.applied += w->unknown_applied;
        t.absent += w->unknown_absent;
        t.ops += w->ops;
        t.busy += w->busy;
        if (w->fail[0] && *fail == NULL)
            *fail = w->fail;
    }
    return t;
}

static void test_crash_loop(void **state)
{
    (void)state;
    static crash_ctx cx;
    nb_t_server srv;
    crash_http h;
    pthread_t th[CRASH_THREADS];
    char why[1024] = "";
    const char *fail = NULL;
    crash_tally tally;
    memset(&srv, 0, sizeof srv);
    memset(&h, 0, sizeof h);
    memset(&tally, 0, sizeof tally);
    unsigned long long seed = env_ull("NB_TEST_SEED", (unsigned long long)time(NULL) ^
                                                          ((unsigned long long)getpid() << 20));
    long cycles = (long)env_ull("NB_CRASH_CYCLES", 10);
    uint64_t rng = seed;
    int startup_kills = 0, threads_started = 0;
    long cycle = 0;
    double t0 = now_s();
    print_message("crash loop: seed %llu, %ld cycles, %d client threads "
                  "(replay with NB_TEST_SEED=%llu)\n",
                  seed, cycles, CRASH_THREADS, seed);

    pthread_mutex_init(&cx.mu, NULL);
    pthread_cond_init(&cx.cv, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(srv.dir, sizeof srv.dir, "/tmp/noaber-test-XXXXXX");
    assert_non_null(mkdtemp(srv.dir));
    snprintf(srv.db, sizeof srv.db, "%s/crash.db", srv.dir);
    const char *init[] = {"init", NULL};
    assert_int_equal(nb_t_cli(&srv, NULL, 0, init), 0);
    cx.beheer = nb_t_token(&srv, "beheer", 0, 0);
    assert_non_null(cx.beheer);
    srv.pid = crash_server_spawn(bin(), srv.db, srv.base, 0);
    assert_true(srv.pid > 0);
    make_fixture(&cx, &srv);

    for (int k = 0; k < CRASH_THREADS; k++) {
        cx.w[k].cx = &cx;
        cx.w[k].tid = k;
        cx.w[k].rng = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1));
    }
    for (cycle = 1; cycle <= cycles; cycle++) {
        totals before = sum_workers(&cx, &fail);
        release(&cx, srv.base, 0);
        if (!threads_started) {
            for (int k = 0; k < CRASH_THREADS; k++) {
                cx.w[k].gen = cx.gen;
                crash_http_reset(&cx.w[k].h, srv.base);
                assert_int_equal(pthread_create(&th[k], NULL, crash_worker_run, &cx.w[k]), 0);
            }
            threads_started = 1;
        }
        long long delay = crash_between(&rng, 50, 800);
        sleep_ms(delay);
        int status = 0;
        if (waitpid(srv.pid, &status, WNOHANG) == srv.pid) {
            snprintf(why, sizeof why, "the server ended by itself in cycle %ld (status %d)", cycle,
                     status);
            srv.pid = 0;
            break;
        }
        kill(srv.pid, SIGKILL);
        waitpid(srv.pid, NULL, 0);
        srv.pid = 0;
        if (wait_parked(&cx) != 0) {
            snprintf(why, sizeof why, "client threads did not stop after the kill in cycle %ld",
                     cycle);
            break;
        }
        int startup_kill = crash_between(&rng, 0, 7) == 0;
        if (startup_kill) {
            char unused[64];
            pid_t p = crash_server_spawn(bin(), srv.db, unused, 1);
            sleep_ms(crash_between(&rng, 0, 40));
            kill(p, SIGKILL);
            waitpid(p, NULL, 0);
            startup_kills++;
        }
        srv.pid = crash_server_spawn(bin(), srv.db, srv.base, 0);
        if (srv.pid <= 0) {
            snprintf(why, sizeof why, "the server did not restart after cycle %ld", cycle);
            srv.pid = 0;
            break;
        }
        /* clients parked: read back what changed, check the whole file */
        double c0 = now_s();
        crash_http_reset(&h, srv.base);
        long lost0 = tally.lost, wrong0 = tally.wrong, checked0 = tally.checked;
        if (crash_check_records(&cx, &h, 0, &tally) != 0 ||
            crash_check_db(&cx, &h, srv.db, 0, why, sizeof why) != 0)
            break;
        totals after = sum_workers(&cx, &fail);
        print_message("cycle %ld: killed after %lld ms%s; %ld writes acknowledged (%ld in all), "
                      "%ld without answer; %ld records read back: %ld lost, %ld different "
                      "(%.2f s)\n",
                      cycle, delay, startup_kill ? " and once during start" : "",
                      after.writes - before.writes, after.writes, after.unknown - before.unknown,
                      tally.checked - checked0, tally.lost - lost0, tally.wrong - wrong0,
                      now_s() - c0);
        if (fail || tally.lost || tally.wrong)
            break;
    }

    /* last round: the clients settle what got no answer, then end */
    if (!why[0] && !fail && !tally.lost && !tally.wrong && threads_started) {
        release(&cx, srv.base, 1);
        for (int k = 0; k < CRASH_THREADS; k++)
            pthread_join(th[k], NULL);
        threads_started = 0;
        crash_http_reset(&h, srv.base);
        if (crash_check_records(&cx, &h, 1, &tally) == 0)
            crash_check_db(&cx, &h, srv.db, 1, why, sizeof why);
    }
    totals all = sum_workers(&cx, &fail);
    if (threads_started) {
        /* a failure ended the loop: let the threads end on a dead server */
        if (srv.pid > 0) {
            kill(srv.pid, SIGKILL);
            waitpid(srv.pid, NULL, 0);
            srv.pid = 0;
        }
        wait_parked(&cx);
        release(&cx, "http://127.0.0.1:1", 1);
        for (int k = 0; k < CRASH_THREADS; k++)
            pthread_join(th[k], NULL);
    }
    int stopped = 0;
    if (srv.pid > 0) {
        kill(srv.pid, SIGTERM);
        waitpid(srv.pid, &stopped, 0);
    }
    print_message(
        "crash loop: %ld cycles (%ld kills under load, %d more during start), "
        "%ld operations, %ld acknowledged writes (%ld ledger transfers), "
        "%ld requests without answer (%ld had been written, %ld had not), "
        "%ld answered 503 and sent again, %ld records read back: %ld lost, %ld different; %.1f s; seed %llu\n",
        cycle > cycles ? cycles : cycle, cycle > cycles ? cycles : cycle, startup_kills, all.ops,
        all.writes, all.transfers, all.unknown, all.applied, all.absent, all.busy, tally.checked,
        tally.lost, tally.wrong, now_s() - t0, seed);
    int ok = !why[0] && !fail && !tally.lost && !tally.wrong && tally.first[0] == '\0' &&
             WIFEXITED(stopped) && WEXITSTATUS(stopped) == 0;
    if (!ok) {
        print_error("crash loop failed (seed %llu, replay with NB_TEST_SEED=%llu); database kept "
                    "in %s\n",
                    seed, seed, srv.db);
        const char *reasons[] = {why, fail ? fail : "", tally.first};
        for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
            if (reasons[i][0])
                print_error("  %s\n", reasons[i]);
        if (!WIFEXITED(stopped) || WEXITSTATUS(stopped) != 0)
            print_error("  the server did not stop cleanly on SIGTERM (status %d)\n", stopped);
    } else {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", srv.dir);
        if (system(cmd) != 0)
            print_error("could not remove %s\n", srv.dir);
    }
    for (int k = 0; k < CRASH_THREADS; k++)
        crash_worker_free(&cx.w[k]);
    crash_http_free(&h);
    free(cx.beheer);
    curl_global_cleanup();
    assert_true(ok);
}

/* ---- PostgreSQL: two servers, one database ------------------------------------ */

/* Runs `scripts/pg_tmp.sh cmd dir`; its first output line into out (when given). 0 = ok. */
static int pg_tmp(const char *cmd, const char *dir, char *out, size_t outlen)
{
    const char *src = getenv("NOABER_SRC");
    char line[1024];
    snprintf(line, sizeof line, "'%s/scripts/pg_tmp.sh' %s '%s'", src ? src : ".", cmd, dir);
    FILE *f = popen(line, "r");
    if (f == NULL)
        return -1;
    char buf[512] = "";
    while (fgets(buf, sizeof buf, f) != NULL)
        if (out && out[0] == '\0')
            snprintf(out, outlen, "%.*s", (int)strcspn(buf, "\n"), buf);
    return pclose(f) == 0 ? 0 : -1;
}

/* Hands the servers to the client threads and ends a hold (stop: their last round). */
static void release_both(crash_ctx *cx, const char *b0, const char *b1, int stop)
{
    pthread_mutex_lock(&cx->mu);
    snprintf(cx->bases[0], sizeof cx->bases[0], "%s", b0);
    snprintf(cx->bases[1], sizeof cx->bases[1], "%s", b1);
    cx->stop = stop;
    cx->hold = 0;
    cx->db_down = 0;
    cx->gen++;
    pthread_cond_broadcast(&cx->cv);
    pthread_mutex_unlock(&cx->mu);
}

/* Writes acknowledged and requests without answer so far by the threads talking to server home. */
static void seen_by(crash_ctx *cx, int home, long *acked, long *unknown)
{
    *acked = *unknown = 0;
    pthread_mutex_lock(&cx->mu);
    for (int k = 0; k < CRASH_THREADS; k++)
        if (cx->w[k].home == home) {
            *acked += cx->w[k].seen_acked;
            *unknown += cx->w[k].seen_unknown;
        }
    pthread_mutex_unlock(&cx->mu);
}

/*
 * Waits (20 s at most) until the threads of server home have acknowledged
 * `more` writes beyond acked0, none of them without an answer beyond
 * unknown0. 0 = so; -1 with the reason in why.
 */
static int keeps_serving(crash_ctx *cx, int home, long acked0, long unknown0, long more,
                         const char *when, char *why, size_t len)
{
    long acked = 0, unknown = 0;
    double until = now_s() + 20;
    do {
        sleep_ms(10);
        seen_by(cx, home, &acked, &unknown);
        if (unknown != unknown0) {
            snprintf(why, len, "server %d (not killed) left %ld requests without answer %s", home,
                     unknown - unknown0, when);
            return -1;
        }
    } while (acked - acked0 < more && now_s() < until);
    if (acked - acked0 < more) {
        snprintf(why, len, "server %d (not killed) acknowledged %ld writes in 20 s %s", home,
                 acked - acked0, when);
        return -1;
    }
    return 0;
}

/*
 * The crash loop on PostgreSQL (NOABER_TEST_PG set): a throw-away cluster of
 * its own (scripts/pg_tmp.sh; it is stopped the hard way, so it cannot be
 * shared with tests running beside it), two servers on its database, the
 * client threads spread over both (thread k talks to server k % 2). Two
 * cycles in three kill one server (chosen at random) with SIGKILL under load:
 * the other must keep acknowledging writes while it is down and after it is
 * back, with no request left unanswered. Every third cycle stops PostgreSQL
 * itself (pg_ctl stop -m immediate: no checkpoint, WAL recovery at the start)
 * under load and starts it again; the servers must come back by themselves.
 * After each cycle, with the threads held, what changed is read back and the
 * control check and zero sum must hold. NB_CRASH_CYCLES (default 6).
 */
static void test_crash_loop_pg(void **state)
{
    (void)state;
    static crash_ctx cx;
    nb_t_server srv;
    crash_http h;
    pthread_t th[CRASH_THREADS];
    pid_t pid[2] = {0, 0};
    char base[2][64] = {"", ""}, why[1024] = "", pgdir[64] = "/tmp/noaber-crashpg-XXXXXX";
    const char *fail = NULL;
    crash_tally tally;
    memset(&srv, 0, sizeof srv);
    memset(&h, 0, sizeof h);
    memset(&tally, 0, sizeof tally);
    unsigned long long seed = env_ull("NB_TEST_SEED", (unsigned long long)time(NULL) ^
                                                          ((unsigned long long)getpid() << 20));
    long cycles = (long)env_ull("NB_CRASH_CYCLES", 6);
    uint64_t rng = seed;
    int startup_kills = 0, threads_started = 0, pg_stops = 0;
    long cycle = 0, server_kills = 0;
    double t0 = now_s();
    print_message("crash loop on PostgreSQL: seed %llu, %ld cycles, %d client threads over two "
                  "servers (replay with NB_TEST_SEED=%llu)\n",
                  seed, cycles, CRASH_THREADS, seed);

    pthread_mutex_init(&cx.mu, NULL);
    pthread_cond_init(&cx.cv, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    assert_non_null(mkdtemp(pgdir));
    if (pg_tmp("start", pgdir, srv.db, sizeof srv.db) != 0) {
        print_error("could not start a PostgreSQL cluster in %s\n", pgdir);
        assert_true(0);
    }
    snprintf(srv.dir, sizeof srv.dir, "%s", pgdir);
    const char *init[] = {"init", NULL};
    assert_int_equal(nb_t_cli(&srv, NULL, 0, init), 0);
    cx.beheer = nb_t_token(&srv, "beheer", 0, 0);
    assert_non_null(cx.beheer);
    for (int i = 0; i < 2; i++) {
        pid[i] = crash_server_spawn(bin(), srv.db, base[i], 0);
        assert_true(pid[i] > 0);
    }
    snprintf(srv.base, sizeof srv.base, "%s", base[0]);
    make_fixture(&cx, &srv);
    for (int k = 0; k < CRASH_THREADS; k++) {
        cx.w[k].cx = &cx;
        cx.w[k].tid = k;
        cx.w[k].home = k % 2;
        cx.w[k].rng = seed ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(k + 1));
    }
    for (cycle = 1; cycle <= cycles; cycle++) {
        totals before = sum_workers(&cx, &fail);
        release_both(&cx, base[0], base[1], 0);
        if (!threads_started) {
            for (int k = 0; k < CRASH_THREADS; k++) {
                cx.w[k].gen = cx.gen;
                crash_http_reset(&cx.w[k].h, base[k % 2]);
                assert_int_equal(pthread_create(&th[k], NULL, crash_worker_run, &cx.w[k]), 0);
            }
            threads_started = 1;
        }
        long long delay = crash_between(&rng, 50, 800);
        sleep_ms(delay);
        for (int i = 0; i < 2 && !why[0]; i++) {
            int status = 0;
            if (waitpid(pid[i], &status, WNOHANG) == pid[i]) {
                snprintf(why, sizeof why, "server %d ended by itself in cycle %ld (status %d)", i,
                         cycle, status);
                pid[i] = 0;
            }
        }
        if (why[0])
            break;
        int pg_stop = cycle % 3 == 0, x = (int)crash_between(&rng, 0, 1), startup_kill = 0;
        char what[128];
        if (pg_stop) {
            pthread_mutex_lock(&cx.mu);
            cx.db_down = 1;
            pthread_mutex_unlock(&cx.mu);
            if (pg_tmp("crash", pgdir, NULL, 0) != 0) {
                snprintf(why, sizeof why, "pg_ctl stop -m immediate failed in cycle %ld", cycle);
                break;
            }
            pg_stops++;
            long long down = crash_between(&rng, 100, 600);
            sleep_ms(down);
            if (pg_tmp("restart", pgdir, NULL, 0) != 0) {
                snprintf(why, sizeof why, "PostgreSQL did not start again in cycle %ld", cycle);
                break;
            }
            snprintf(what, sizeof what, "PostgreSQL stopped (immediate) for %lld ms", down);
        } else {
            int y = 1 - x;
            long acked0, unknown0;
            seen_by(&cx, y, &acked0, &unknown0);
            kill(pid[x], SIGKILL);
            waitpid(pid[x], NULL, 0);
            pid[x] = 0;
            server_kills++;
            /* the other server keeps serving while this one is down ... */
            if (keeps_serving(&cx, y, acked0, unknown0, 5, "while the other was down", why,
                              sizeof why) != 0)
                break;
            startup_kill = crash_between(&rng, 0, 7) == 0;
            if (startup_kill) {
                char unused[64];
                pid_t p = crash_server_spawn(bin(), srv.db, unused, 1);
                sleep_ms(crash_between(&rng, 0, 40));
                kill(p, SIGKILL);
                waitpid(p, NULL, 0);
                startup_kills++;
            }
            pid[x] = crash_server_spawn(bin(), srv.db, base[x], 0);
            if (pid[x] <= 0) {
                snprintf(why, sizeof why, "server %d did not restart after cycle %ld", x, cycle);
                pid[x] = 0;
                break;
            }
            /* ... and after it is back */
            seen_by(&cx, y, &acked0, &unknown0);
            if (keeps_serving(&cx, y, acked0, unknown0, 2, "after the other came back", why,
                              sizeof why) != 0)
                break;
            snprintf(what, sizeof what, "server %d killed%s", x,
                     startup_kill ? " (and once during start)" : "");
        }
        /* hold the threads: read back what changed, check the ledger */
        pthread_mutex_lock(&cx.mu);
        cx.hold = 1;
        pthread_mutex_unlock(&cx.mu);
        if (wait_parked(&cx) != 0) {
            snprintf(why, sizeof why, "client threads did not stop after cycle %ld", cycle);
            break;
        }
        double c0 = now_s();
        crash_http_reset(&h, base[cycle % 2]);
        long lost0 = tally.lost, wrong0 = tally.wrong, checked0 = tally.checked;
        if (crash_check_records(&cx, &h, 0, &tally) != 0 ||
            crash_check_db(&cx, &h, NULL, 0, why, sizeof why) != 0)
            break;
        totals after = sum_workers(&cx, &fail);
        print_message("cycle %ld: %s after %lld ms of load; %ld writes acknowledged (%ld in all), "
                      "%ld without answer; %ld records read back: %ld lost, %ld different "
                      "(%.2f s)\n",
                      cycle, what, delay, after.writes - before.writes, after.writes,
                      after.unknown - before.unknown, tally.checked - checked0, tally.lost - lost0,
                      tally.wrong - wrong0, now_s() - c0);
        if (fail || tally.lost || tally.wrong)
            break;
    }

    /* last round: the clients settle what got no answer, then end */
    if (!why[0] && !fail && !tally.lost && !tally.wrong && threads_started) {
        release_both(&cx, base[0], base[1], 1);
        for (int k = 0; k < CRASH_THREADS; k++)
            pthread_join(th[k], NULL);
        threads_started = 0;
        crash_http_reset(&h, base[1]);
        if (crash_check_records(&cx, &h, 1, &tally) == 0)
            crash_check_db(&cx, &h, NULL, 1, why, sizeof why);
    }
    totals all = sum_workers(&cx, &fail);
    if (threads_started) {
        /* a failure ended the loop: let the threads end on dead servers */
        for (int i = 0; i < 2; i++)
            if (pid[i] > 0) {
                kill(pid[i], SIGKILL);
                waitpid(pid[i], NULL, 0);
                pid[i] = 0;
            }
        wait_parked(&cx);
        release_both(&cx, "http://127.0.0.1:1", "http://127.0.0.1:1", 1);
        for (int k = 0; k < CRASH_THREADS; k++)
            pthread_join(th[k], NULL);
    }
    int stopped[2] = {0, 0};
    for (int i = 0; i < 2; i++)
        if (pid[i] > 0) {
            kill(pid[i], SIGTERM);
            waitpid(pid[i], &stopped[i], 0);
        }
    long done = cycle > cycles ? cycles : cycle;
    print_message("crash loop on PostgreSQL: %ld cycles (%ld server kills under load, %d more "
                  "during start, %d immediate stops of PostgreSQL), %ld operations, %ld "
                  "acknowledged writes (%ld ledger transfers), %ld requests without answer (%ld "
                  "had been written, %ld had not), %ld answered 503 and sent again, %ld records "
                  "read back: %ld lost, %ld different; %.1f s; seed %llu\n",
                  done, server_kills, startup_kills, pg_stops, all.ops, all.writes, all.transfers,
                  all.unknown, all.applied, all.absent, all.busy, tally.checked, tally.lost,
                  tally.wrong, now_s() - t0, seed);
    int clean = 1;
    for (int i = 0; i < 2; i++)
        clean = clean && WIFEXITED(stopped[i]) && WEXITSTATUS(stopped[i]) == 0;
    int ok = !why[0] && !fail && !tally.lost && !tally.wrong && tally.first[0] == '\0' && clean;
    if (!ok) {
        print_error("crash loop on PostgreSQL failed (seed %llu, replay with NB_TEST_SEED=%llu)\n",
                    seed, seed);
        const char *reasons[] = {why, fail ? fail : "", tally.first};
        for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
            if (reasons[i][0])
                print_error("  %s\n", reasons[i]);
        if (!clean)
            print_error("  a server did not stop cleanly on SIGTERM (status %d, %d)\n", stopped[0],
                        stopped[1]);
    }
    if (pg_tmp("stop", pgdir, NULL, 0) != 0)
        print_error("could not stop the cluster in %s\n", pgdir);
    for (int k = 0; k < CRASH_THREADS; k++)
        crash_worker_free(&cx.w[k]);
    crash_http_free(&h);
    free(cx.beheer);
    curl_global_cleanup();
    assert_true(ok);
}

int main(void)
{
    const char *pg = getenv("NOABER_TEST_PG");
    const struct CMUnitTest sqlite[] = {
        cmocka_unit_test(test_crash_loop),
    };
    const struct CMUnitTest postgresql[] = {
        cmocka_unit_test(test_crash_loop_pg),
    };
    if (pg != NULL && *pg != '\0')
        return cmocka_run_group_tests(postgresql, NULL, NULL);
    return cmocka_run_group_tests(sqlite, NULL, NULL);
}
