/*
 * tests/api/test_grootboek_race.c — concurrency of the hours ledger over real
 * HTTP with TWO `noaber serve` processes on one database (issue 12 §2: the
 * same PostgreSQL database in suite pg, the same SQLite file in suite api),
 * the client threads spread over both: 8 client threads × 50 requests
 * (libcurl in pthreads) race to reserve from one organisation, each accepted
 * batch retried (same id, the API's idempotency key) on the other server,
 * and it never goes over its limit; 8 threads race to post/void one
 * reservation and exactly one wins, 10 times over; 8 threads send the same
 * batch at once to both servers and it is applied once, every answer the
 * same. The control endpoint must stay ok on both servers after every race.
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

/* srv[0] owns the database; srv[1] is its sibling on the same database. */
static nb_t_server srv[2];
static char *beheer;
static long long org_r, org_s, org_t;

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv[0]) != 0 || nb_t_server_start_sibling(&srv[1], &srv[0]) != 0)
        return -1;
    beheer = nb_t_token(&srv[0], "beheer", 0, 0);
    org_r = nb_t_create(&srv[0], "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"kredietlijnMinuten\":1000}");
    org_s = nb_t_create(&srv[1], "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    org_t = nb_t_create(&srv[0], "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\","
                        "\"kredietlijnMinuten\":1000}");
    return beheer && org_r > 0 && org_s > 0 && org_t > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    int rc1 = nb_t_server_stop(&srv[1]); /* the sibling first: srv[0] owns the directory */
    int rc0 = nb_t_server_stop(&srv[0]);
    return rc0 == 0 && rc1 == 0 ? 0 : -1;
}

/* GET path from server k (0 or 1) as beheer, asserting 200; caller decrefs. */
static json_t *get_json_on(int k, const char *path)
{
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req(&srv[k], "GET", path, beheer, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static json_t *get_json(const char *path)
{
    return get_json_on(0, path);
}

/* The control check, asked of both servers. */
static void control_ok(void)
{
    for (int k = 0; k < 2; k++) {
        json_t *j = get_json_on(k, "/api/v1/grootboek/controle");
        if (!json_is_true(json_object_get(j, "ok")))
            fail_msg("controle not ok on server %d: %s", k,
                     json_string_value(json_object_get(j, "eersteProbleem")));
        json_decref(j);
    }
}

/*
 * An answer's "boekingen" without their "_links": each server links to its
 * own address (no public_url in the tests), the rest must be the same on
 * either server. New reference; NULL when there are none.
 */
static json_t *transfers_of(const json_t *answer)
{
    json_t *list = json_deep_copy(json_object_get(answer, "boekingen"));
    size_t i;
    json_t *item;
    json_array_foreach (list, i, item)
        json_object_del(item, "_links");
    return list;
}

/* ---- Racing reservations ------------------------------------------------ */

typedef struct reserve_arg {
    int tid;
    long long accepted_minutes; /* sum of 201s */
    int n201, n200, n422, nother;
    int ndiffer; /* retries whose answer differed from the original's */
    long last_other;
} reserve_arg;

static void *reserve_worker(void *p)
{
    reserve_arg *a = p;
    char body[512], prev[512] = "";
    json_t *prev_out = NULL; /* the accepted answer's transfers (transfers_of) */
    for (int k = 0; k < NB_RACE_REQUESTS; k++) {
        /* Requests alternate between the two servers; a retry goes to the
         * server the original did not. */
        int on = (a->tid + k) % 2;
        int minutes = 1 + (a->tid * NB_RACE_REQUESTS + k) % 13;
        snprintf(body, sizeof body,
                 "{\"boekingen\":[{\"id\":\"race-%d-%d\",\"soort\":\"reserveren\","
                 "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld,\"minuten\":%d}]}",
                 a->tid, k, org_r, org_s, minutes);
        nb_t_resp r;
        memset(&r, 0, sizeof r);
        if (nb_t_req(&srv[on], "POST", "/api/v1/boekingen", beheer, body, &r) != 0) {
            a->nother++;
            continue;
        }
        if (r.status == 201) {
            a->n201++;
            a->accepted_minutes += minutes;
            snprintf(prev, sizeof prev, "%s", body);
            json_decref(prev_out);
            prev_out = transfers_of(r.json);
        } else if (r.status == 422) {
            a->n422++;
        } else {
            a->nother++;
            a->last_other = r.status;
        }
        nb_t_resp_free(&r);
        /* Every 5th request: race an idempotent retry of the last accepted
         * one, on the other server; it answers the original transfers. */
        if (k % 5 == 4 && prev[0]) {
            memset(&r, 0, sizeof r);
            if (nb_t_req(&srv[1 - on], "POST", "/api/v1/boekingen", beheer, prev, &r) == 0 &&
                r.status == 200) {
                a->n200++;
                json_t *again = transfers_of(r.json);
                if (!json_equal(again, prev_out))
                    a->ndiffer++;
                json_decref(again);
            } else {
                a->nother++;
            }
            nb_t_resp_free(&r);
        }
    }
    json_decref(prev_out);
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
    int n201 = 0, n422 = 0, n200 = 0, nother = 0, ndiffer = 0;
    for (int i = 0; i < NB_RACE_THREADS; i++) {
        pthread_join(th[i], NULL);
        ndiffer += args[i].ndiffer;
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
    assert_int_equal(ndiffer, 0);
    assert_true(n200 > 0);
    assert_int_equal(n201 + n422, NB_RACE_THREADS * NB_RACE_REQUESTS);
    assert_true(n422 > 0); /* the race really hit the limit */
    assert_true(accepted <= NB_RACE_LIMIT);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org_r);
    for (int k = 0; k < 2; k++) { /* both servers see the same balance */
        json_t *s = get_json_on(k, path);
        assert_int_equal(json_integer_value(json_object_get(s, "debetGereserveerdMinuten")),
                         accepted);
        long long avail = json_integer_value(json_object_get(s, "beschikbaarMinuten"));
        assert_int_equal(avail, NB_RACE_LIMIT - accepted);
        assert_true(avail >= 0 && avail < 13);
        json_decref(s);
    }
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
    /* Pairs of threads (one post, one void) alternate between the servers,
     * shifted every round. */
    nb_t_server *on = &srv[(a->tid / 2 + a->round) % 2];
    a->status = nb_t_req(on, "POST", "/api/v1/boekingen", beheer, body, &r) == 0 ? r.status : -1;
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
        assert_int_equal(nb_t_req(&srv[round % 2], "POST", "/api/v1/boekingen", beheer, body, &r),
                         0);
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
        json_t *res = get_json_on(1 - round % 2, path);
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

/* ---- Racing identical batches (the same idempotency key) ------------------ */

typedef struct same_arg {
    int tid;
    const char *body;
    pthread_barrier_t *barrier;
    long status;
    json_t *out; /* the answer's transfers (transfers_of) */
} same_arg;

static void *same_worker(void *p)
{
    same_arg *a = p;
    nb_t_resp r;
    memset(&r, 0, sizeof r);
    pthread_barrier_wait(a->barrier);
    a->status = nb_t_req(&srv[a->tid % 2], "POST", "/api/v1/boekingen", beheer, a->body, &r) == 0
                    ? r.status
                    : -1;
    a->out = transfers_of(r.json);
    nb_t_resp_free(&r);
    return NULL;
}

static void test_racing_same_batch_applied_once(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org_t);
    json_t *s = get_json(path);
    long long before = json_integer_value(json_object_get(s, "debetGereserveerdMinuten"));
    json_decref(s);
    for (int round = 0; round < 10; round++) {
        /* Two reservations in one batch. */
        char body[512];
        snprintf(body, sizeof body,
                 "{\"boekingen\":[{\"id\":\"same-%d-a\",\"soort\":\"reserveren\","
                 "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld,\"minuten\":7},"
                 "{\"id\":\"same-%d-b\",\"soort\":\"reserveren\","
                 "\"debetOrganisatieId\":%lld,\"creditOrganisatieId\":%lld,\"minuten\":4}]}",
                 round, org_t, org_s, round, org_t, org_s);
        pthread_t th[NB_RACE_THREADS];
        same_arg args[NB_RACE_THREADS];
        pthread_barrier_t barrier;
        pthread_barrier_init(&barrier, NULL, NB_RACE_THREADS);
        for (int i = 0; i < NB_RACE_THREADS; i++) {
            memset(&args[i], 0, sizeof args[i]);
            args[i].tid = i + round;
            args[i].body = body;
            args[i].barrier = &barrier;
            assert_int_equal(pthread_create(&th[i], NULL, same_worker, &args[i]), 0);
        }
        int n201 = 0, n200 = 0;
        for (int i = 0; i < NB_RACE_THREADS; i++) {
            pthread_join(th[i], NULL);
            if (args[i].status == 201)
                n201++;
            else if (args[i].status == 200)
                n200++;
            else
                print_message("round %d thread %d: status %ld\n", round, i, args[i].status);
        }
        pthread_barrier_destroy(&barrier);
        assert_int_equal(n201, 1);
        assert_int_equal(n200, NB_RACE_THREADS - 1);
        for (int i = 0; i < NB_RACE_THREADS; i++) { /* every answer: the same transfers */
            assert_int_equal(json_array_size(args[i].out), 2);
            assert_true(json_equal(args[i].out, args[0].out));
        }
        for (int i = 0; i < NB_RACE_THREADS; i++)
            json_decref(args[i].out);
        control_ok();
    }
    for (int k = 0; k < 2; k++) { /* applied once: 10 × (7 + 4) minutes */
        s = get_json_on(k, path);
        assert_int_equal(json_integer_value(json_object_get(s, "debetGereserveerdMinuten")),
                         before + 10 * 11);
        json_decref(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_racing_reservations_never_exceed_limit),
        cmocka_unit_test(test_racing_post_void_one_winner),
        cmocka_unit_test(test_racing_same_batch_applied_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
