/*
 * tests/api/test_grootboek_race.c — concurrency of the hours ledger over real
 * HTTP: 8 client threads × 50 requests (libcurl in pthreads) race to reserve
 * from one organisation (with racing idempotent retries) and it never goes
 * over its limit; 8 threads race to post/void one reservation and exactly
 * one wins, 10 times over. The control endpoint must stay ok.
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

#define NB_RACE_THREADS 8
#define NB_RACE_REQUESTS 50
#define NB_RACE_LIMIT 1000

static nb_t_server srv;
static char *beheer;
static long long org_r, org_s, org_t;

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_r = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"kredietlijnMinuten\":1000}");
    org_s = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    org_t = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\","
                        "\"kredietlijnMinuten\":1000}");
    return beheer && org_r > 0 && org_s > 0 && org_t > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

static json_t *get_json(const char *path)
{
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv, "GET", path, beheer, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static void control_ok(void)
{
    json_t *j = get_json("/api/v1/grootboek/controle");
    if (!json_is_true(json_object_get(j, "ok")))
        fail_msg("controle not ok: %s", json_string_value(json_object_get(j, "eersteProbleem")));
    json_decref(j);
}

/* ---- Racing reservations ------------------------------------------------ */

typedef struct reserve_arg {
    int tid;
    long long accepted_minutes; /* sum of 201s */
    int n201, n200, n422, nother;
    long last_other;
} reserve_arg;

static void *reserve_worker(void *p)
{
    reserve_arg *a = p;
    char body[512], prev[512] = "";
    for (int k = 0; k < NB_RACE_REQUESTS; k++) {
        int minutes = 1 + (a->tid * NB_RACE_REQUESTS + k) % 13;
        snprintf(body, sizeof body,
                 "{\"boekingen\":[{\"id\":\"race-%d-%d\",\"soort\":\"reserveren\","
                 "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld,\"minuten\":%d}]}",
                 a->tid, k, org_r, org_s, minutes);
        nb_t_resp r;
        memset(&r, 0, sizeof r);
        if (nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, body, &r) != 0) {
            a->nother++;
            continue;
        }
        if (r.status == 201) {
            a->n201++;
            a->accepted_minutes += minutes;
            snprintf(prev, sizeof prev, "%s", body);
        } else if (r.status == 422) {
            a->n422++;
        } else {
            a->nother++;
            a->last_other = r.status;
        }
        nb_t_resp_free(&r);
        /* Every 5th request: race an idempotent retry of the last accepted one. */
        if (k % 5 == 4 && prev[0]) {
            memset(&r, 0, sizeof r);
            if (nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, prev, &r) == 0 &&
                r.status == 200)
                a->n200++;
            else
                a->nother++;
            nb_t_resp_free(&r);
        }
    }
    return NULL;
}

static void test_racing_reservations_never_exceed_limit(void **state)
{
    (void)state;
    pthread_t th[NB_RACE_THREADS];
    reserve_arg args[NB_RACE_THREADS];
    memset(args, 0, sizeof args);
    for (int i = 0; i < NB_RACE_THREADS; i++) {
        args[i].tid = i;
        assert_int_equal(pthread_create(&th[i], NULL, reserve_worker, &args[i]), 0);
    }
    long long accepted = 0;
    int n201 = 0, n422 = 0, n200 = 0, nother = 0;
    for (int i = 0; i < NB_RACE_THREADS; i++) {
        pthread_join(th[i], NULL);
        accepted += args[i].accepted_minutes;
        n201 += args[i].n201;
        n422 += args[i].n422;
        n200 += args[i].n200;
        nother += args[i].nother;
        if (args[i].nother)
            print_message("thread %d: %d unexpected answers (last %ld)\n", i, args[i].nother,
                          args[i].last_other);
    }
    print_message("reservations: %d accepted (%lld min), %d refused, %d retries answered 200\n",
                  n201, accepted, n422, n200);
    assert_int_equal(nother, 0);
    assert_int_equal(n201 + n422, NB_RACE_THREADS * NB_RACE_REQUESTS);
    assert_true(n422 > 0); /* the race really hit the limit */
    assert_true(accepted <= NB_RACE_LIMIT);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org_r);
    json_t *s = get_json(path);
    assert_int_equal(json_integer_value(json_object_get(s, "debetGereserveerdMinuten")), accepted);
    long long avail = json_integer_value(json_object_get(s, "beschikbaarMinuten"));
    assert_int_equal(avail, NB_RACE_LIMIT - accepted);
    assert_true(avail >= 0 && avail < 13);
    json_decref(s);
    control_ok();
}

/* ---- Racing post/void ----------------------------------------------------- */

typedef struct pv_arg {
    int round, tid;
    pthread_barrier_t *barrier;
    long status;
    char detail[256];
} pv_arg;

static void *pv_worker(void *p)
{
    pv_arg *a = p;
    char body[512];
    int post = a->tid % 2 == 0;
    snprintf(
        body, sizeof body,
        "{\"boekingen\":[{\"id\":\"pv-%d-%d\",\"soort\":\"%s\",\"reserveringId\":\"pv-%d\"%s}]}",
        a->round, a->tid, post ? "boeken" : "vrijgeven", a->round,
        post && a->tid % 4 == 0 ? ",\"minuten\":3" : "");
    pthread_barrier_wait(a->barrier);
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    a->status = nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, body, &r) == 0 ? r.status : -1;
    const char *d = json_string_value(json_object_get(r.json, "detail"));
    snprintf(a->detail, sizeof a->detail, "%s", d ? d : "");
    nb_t_resp_free(&r);
    return NULL;
}

static void test_racing_post_void_one_winner(void **state)
{
    (void)state;
    for (int round = 0; round < 10; round++) {
        char body[512], path[128];
        snprintf(body, sizeof body,
                 "{\"boekingen\":[{\"id\":\"pv-%d\",\"soort\":\"reserveren\","
                 "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld,\"minuten\":5}]}",
                 round, org_t, org_s);
        nb_t_resp r;
        memset(&r, 0, sizeof r);
        assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/boekingen", beheer, body, &r), 0);
        assert_int_equal(r.status, 201);
        nb_t_resp_free(&r);

        pthread_t th[NB_RACE_THREADS];
        pv_arg args[NB_RACE_THREADS];
        pthread_barrier_t barrier;
        pthread_barrier_init(&barrier, NULL, NB_RACE_THREADS);
        for (int i = 0; i < NB_RACE_THREADS; i++) {
            memset(&args[i], 0, sizeof args[i]);
            args[i].round = round;
            args[i].tid = i;
            args[i].barrier = &barrier;
            assert_int_equal(pthread_create(&th[i], NULL, pv_worker, &args[i]), 0);
        }
        int winners = 0, conflicts = 0, winner = -1;
        for (int i = 0; i < NB_RACE_THREADS; i++) {
            pthread_join(th[i], NULL);
            if (args[i].status == 201) {
                winners++;
                winner = i;
            } else if (args[i].status == 409) {
                conflicts++;
                assert_true(strstr(args[i].detail, "al geboekt") != NULL ||
                            strstr(args[i].detail, "al vrijgegeven") != NULL);
            } else {
                print_message("round %d thread %d: status %ld\n", round, i, args[i].status);
            }
        }
        pthread_barrier_destroy(&barrier);
        assert_int_equal(winners, 1);
        assert_int_equal(conflicts, NB_RACE_THREADS - 1);
        snprintf(path, sizeof path, "/api/v1/boekingen/pv-%d", round);
        json_t *res = get_json(path);
        char expect[64];
        snprintf(expect, sizeof expect, "pv-%d-%d", round, winner);
        assert_string_equal(json_string_value(json_object_get(res, "afgehandeldDoor")), expect);
        assert_string_equal(json_string_value(json_object_get(res, "status")),
                            winner % 2 == 0 ? "geboekt" : "vrijgegeven");
        json_decref(res);
    }
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org_t);
    json_t *s = get_json(path);
    assert_int_equal(json_integer_value(json_object_get(s, "debetGereserveerdMinuten")), 0);
    json_decref(s);
    control_ok();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_racing_reservations_never_exceed_limit),
        cmocka_unit_test(test_racing_post_void_one_winner),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
