/*
 * tests/api/test_group_commit.c — group commit over real HTTP (issue 14 §3,
 * store/group.h): 16 client threads write at once, so the server's writes
 * share commits. Pairs of threads race to create the same organisations:
 * of each pair exactly one is created (201) and the other refused (409);
 * every refused request changed nothing (no row, no audit entry), every
 * accepted one is there — also after the server is killed with SIGKILL and
 * restarted on the same database — and its answer equals what a GET of it
 * gives afterwards. Sixteen threads race to change one competence with the
 * same If-Match: exactly one wins, the others get 412 and change nothing.
 */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GC_THREADS 16
#define GC_REQUESTS 12 /* per thread */
#define GC_CODES (GC_THREADS / 2 * GC_REQUESTS)

static nb_t_server srv;
static char *beheer;

static int setup(void **state)
{
    (void)state;
    /* Sixteen clients on one address, each a new connection per request: a
     * closed connection counts until the server has seen it close, so the
     * default of 32 per address would cut some off. */
    setenv("NOABER_PER_IP_LIMIT", "1000", 1);
    return nb_t_start_beheer(&srv, &beheer);
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* One creation request and its answer. */
typedef struct gc_result {
    long status;
    long long id;
    char body[512]; /* the 201's JSON */
} gc_result;

typedef struct gc_thread {
    int t;
    gc_result res[GC_REQUESTS];
} gc_thread;

/* Thread t and thread t + GC_THREADS/2 send the same codes in the same order. */
static int gc_code(int t, int i)
{
    return (t % (GC_THREADS / 2)) * GC_REQUESTS + i;
}

static void *gc_create(void *p)
{
    gc_thread *th = p;
    char body[256];
    for (int i = 0; i < GC_REQUESTS; i++) {
        int n = gc_code(th->t, i);
        snprintf(body, sizeof body,
                 "{\"code\":\"GC%04d\",\"soort\":\"pool\",\"naam\":\"Groepscommit %d\"}", n, n);
        nb_t_resp r;
        memset(&r, 0, sizeof r);
        if (nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, body, &r) != 0)
            continue; /* status stays 0: the assertions report it */
        th->res[i].status = r.status;
        if (r.status == 201) {
            th->res[i].id = (long long)json_integer_value(json_object_get(r.json, "id"));
            json_object_del(r.json, "_links"); /* the port changes at the restart */
            char *dump = json_dumps(r.json, JSON_SORT_KEYS | JSON_COMPACT);
            snprintf(th->res[i].body, sizeof th->res[i].body, "%s", dump ? dump : "");
            free(dump);
        }
        nb_t_resp_free(&r);
    }
    return NULL;
}

static long long totaal(const char *path)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    long long n = (long long)json_integer_value(json_object_get(r.json, "totaal"));
    nb_t_resp_free(&r);
    return n;
}

/* Every accepted creation is stored as it was answered; nothing else is. */
static void check_stored(gc_thread *th)
{
    assert_int_equal(totaal("/api/v1/organisaties?paginaGrootte=1"), GC_CODES);
    assert_int_equal(totaal("/api/v1/auditlog?entiteit=organisatie&paginaGrootte=1"), GC_CODES);
    for (int t = 0; t < GC_THREADS; t++) {
        for (int i = 0; i < GC_REQUESTS; i++) {
            const gc_result *res = &th[t].res[i];
            if (res->status != 201)
                continue;
            nb_t_resp r;
            nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/%lld", res->id);
            nb_t_assert_status(&r, 200);
            json_object_del(r.json, "_links");
            char *dump = json_dumps(r.json, JSON_SORT_KEYS | JSON_COMPACT);
            assert_non_null(dump);
            assert_string_equal(dump, res->body);
            free(dump);
            nb_t_resp_free(&r);
        }
    }
}

static void test_racing_creations_survive_kill(void **state)
{
    (void)state;
    static gc_thread th[GC_THREADS];
    pthread_t tid[GC_THREADS];
    for (int t = 0; t < GC_THREADS; t++) {
        memset(&th[t], 0, sizeof th[t]);
        th[t].t = t;
        assert_int_equal(pthread_create(&tid[t], NULL, gc_create, &th[t]), 0);
    }
    for (int t = 0; t < GC_THREADS; t++)
        assert_int_equal(pthread_join(tid[t], NULL), 0);

    /* Of each pair racing for one code, exactly one was created. */
    for (int t = 0; t < GC_THREADS / 2; t++) {
        for (int i = 0; i < GC_REQUESTS; i++) {
            long a = th[t].res[i].status, b = th[t + GC_THREADS / 2].res[i].status;
            if (!((a == 201 && b == 409) || (a == 409 && b == 201)))
                fail_msg("code GC%04d: answers %ld and %ld, want one 201 and one 409",
                         gc_code(t, i), a, b);
        }
    }
    check_stored(th);

    /* Acknowledged means durable: kill -9, restart, everything still there. */
    assert_int_equal(nb_t_server_kill_restart(&srv), 0);
    check_stored(th);
}

typedef struct im_thread {
    const char *path;
    int t;
    long status;
} im_thread;

static void *im_put(void *p)
{
    im_thread *th = p;
    char body[128];
    snprintf(body, sizeof body,
             "{\"code\":\"GC-IM\",\"naam\":\"Winnaar %d\",\"domein\":\"sociaal\"}", th->t);
    const char *hdrs[] = {"If-Match: \"1\"", NULL};
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    if (nb_t_req_h(&srv, "PUT", th->path, beheer, body, hdrs, &r) == 0)
        th->status = r.status;
    nb_t_resp_free(&r);
    return NULL;
}

/* If-Match is checked inside the write transaction of each request, also
 * when they share a commit: one of sixteen identical preconditions wins. */
static void test_if_match_race(void **state)
{
    (void)state;
    long long id = nb_t_create(&srv, "/api/v1/competenties", beheer,
                               "{\"code\":\"GC-IM\",\"naam\":\"Start\",\"domein\":\"sociaal\"}");
    char path[64];
    snprintf(path, sizeof path, "/api/v1/competenties/%lld", id);
    long long audit_before = totaal("/api/v1/auditlog?entiteit=competentie&paginaGrootte=1");
    im_thread th[GC_THREADS];
    pthread_t tid[GC_THREADS];
    for (int t = 0; t < GC_THREADS; t++) {
        th[t] = (im_thread){path, t, 0};
        assert_int_equal(pthread_create(&tid[t], NULL, im_put, &th[t]), 0);
    }
    int ok = 0, stale = 0, winner = -1;
    for (int t = 0; t < GC_THREADS; t++) {
        assert_int_equal(pthread_join(tid[t], NULL), 0);
        if (th[t].status == 200) {
            ok++;
            winner = t;
        } else if (th[t].status == 412) {
            stale++;
        }
    }
    assert_int_equal(ok, 1);
    assert_int_equal(stale, GC_THREADS - 1);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "versie")), 2);
    char want[32];
    snprintf(want, sizeof want, "Winnaar %d", winner);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), want);
    nb_t_resp_free(&r);
    assert_int_equal(totaal("/api/v1/auditlog?entiteit=competentie&paginaGrootte=1"),
                     audit_before + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_racing_creations_survive_kill),
        cmocka_unit_test(test_if_match_race),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
