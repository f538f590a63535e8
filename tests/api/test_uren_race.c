/*
 * tests/api/test_uren_race.c — approvals of hours racing over real HTTP with
 * TWO `noaber serve` processes on one database (issue 12 §2/§7: on
 * PostgreSQL an approval is a row-locked write, store.h nb_store_begin_rows,
 * so approvals of both servers run at once; in suite api the same SQLite
 * file). Every approval credits the same pool account and debits the same
 * requesters, so a lost update of an account shows as a sum that differs
 * from its transfers:
 *   - 8 client threads approve 48 entries on 12 allocations, each entry
 *     twice (once on each server, at about the same time): every entry is
 *     booked once, the pool's and the requesters' posted minutes grow by
 *     exactly the entries' minutes, the control check is ok;
 *   - 8 threads approve 32 entries that go beyond their reservations against
 *     one credit line: never an overdraft, some refused (422), the posted
 *     minutes equal the approved entries' minutes.
 * The fixture (uren_fixture.c) makes the organisations and the assignments.
 */
#include "uren_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_UR_THREADS 16
#define NB_UR_PEOPLE 16
#define NB_UR_ENTRIES 96 /* 6 per person, so 6 per allocation */
#define NB_UR_LIMIT 1000 /* the credit line of the limit race */

static nb_t_server sib; /* the second server, on the fixture's database */
static long long people[NB_UR_PEOPLE];

static int race_setup(void **state)
{
    if (setup(state) != 0 || nb_t_server_start_sibling(&sib, &srv) != 0)
        return -1;
    for (int i = 0; i < NB_UR_PEOPLE; i++) {
        char name[64], email[64];
        snprintf(name, sizeof name, "Racer %d", i);
        snprintf(email, sizeof email, "racer%d@pool.nl", i);
        people[i] = make_person(org_p, name, email);
        if (people[i] <= 0)
            return -1;
    }
    return 0;
}

static int race_teardown(void **state)
{
    int rc = nb_t_server_stop(&sib); /* the sibling first: srv owns the directory */
    return teardown(state) == 0 && rc == 0 ? 0 : -1;
}

/* The control check, asked of both servers. */
static void control_ok(void)
{
    nb_t_server *both[2] = {&srv, &sib};
    for (int k = 0; k < 2; k++) {
        nb_t_resp r;
        nb_t_reqf(both[k], &r, "GET", beheer, NULL, "/api/v1/grootboek/controle");
        nb_t_assert_status(&r, 200);
        if (!json_is_true(json_object_get(r.json, "ok")))
            fail_msg("controle not ok on server %d: %s", k, str(r.json, "eersteProbleem"));
        nb_t_resp_free(&r);
    }
}

/* A confirmed inzet of person on asg/line reserving minutes; returns its id. */
static long long confirmed_inzet(long long asg, long long line, long long person, long long minutes)
{
    nb_t_resp r;
    long long id = make_inzet(beheer, asg, line, person, minutes);
    assert_true(id > 0);
    inzet_status(&r, beheer, id, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    return id;
}

/* The status of time entry id (a copy in out). */
static void entry_status(long long id, char *out, size_t size)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties/%lld", id);
    nb_t_assert_status(&r, 200);
    snprintf(out, size, "%s", str(r.json, "status"));
    nb_t_resp_free(&r);
}

typedef struct race_arg {
    int tid;
    const long long *entries;
    int n;
    int n200, n409, n422, nother;
    long last_other;
} race_arg;

/* Approves entries[i] for every i of this thread's share, on the servers in
 * turn; the thread tid + NB_UR_THREADS / 2 takes the same share on the other
 * server each time, so every entry is decided twice at about the same time,
 * once by each server. */
static void *race_worker(void *p)
{
    race_arg *a = p;
    int half = NB_UR_THREADS / 2, share = a->tid % half;
    for (int i = share; i < a->n; i += half) {
        nb_t_server *on = (i / half + a->tid / half) % 2 ? &sib : &srv;
        char path[96];
        snprintf(path, sizeof path, "/api/v1/urenregistraties/%lld/beoordeling", a->entries[i]);
        nb_t_resp r;
        memset(&r, 0, sizeof r);
        if (nb_t_req(on, "PUT", path, beheer, "{\"besluit\":\"goedgekeurd\"}", &r) != 0) {
            a->nother++;
            continue;
        }
        if (r.status == 200)
            a->n200++;
        else if (r.status == 409)
            a->n409++;
        else if (r.status == 422)
            a->n422++;
        else {
            a->nother++;
            a->last_other = r.status;
        }
        nb_t_resp_free(&r);
    }
    return NULL;
}

/* Runs race_worker on NB_UR_THREADS threads over entries; the totals in sum. */
static void race(const long long *entries, int n, race_arg *sum)
{
    pthread_t th[NB_UR_THREADS];
    race_arg args[NB_UR_THREADS];
    memset(args, 0, sizeof args);
    memset(sum, 0, sizeof *sum);
    for (int i = 0; i < NB_UR_THREADS; i++) {
        args[i].tid = i;
        args[i].entries = entries;
        args[i].n = n;
        assert_int_equal(pthread_create(&th[i], NULL, race_worker, &args[i]), 0);
    }
    for (int i = 0; i < NB_UR_THREADS; i++) {
        pthread_join(th[i], NULL);
        sum->n200 += args[i].n200;
        sum->n409 += args[i].n409;
        sum->n422 += args[i].n422;
        sum->nother += args[i].nother;
        if (args[i].nother)
            print_message("thread %d: %d unexpected answers (last %ld)\n", i, args[i].nother,
                          args[i].last_other);
    }
}

/* Approvals crediting one account (the pool) from two servers at once, each
 * entry twice: no lost update, every entry booked once. */
static void test_approvals_share_an_account(void **state)
{
    (void)state;
    long long entries[NB_UR_ENTRIES], minutes = 0;
    for (int i = 0; i < NB_UR_PEOPLE; i++)
        confirmed_inzet(asg_m, line_m, people[i], 240);
    for (int i = 0; i < NB_UR_ENTRIES; i++) {
        char day[11];
        snprintf(day, sizeof day, "2026-02-%02d", 1 + i / NB_UR_PEOPLE);
        long long m = 30 + (i % 7) * 10; /* 4 entries a person: at most 240, within the inzet */
        entries[i] = uren_ok(beheer, people[i % NB_UR_PEOPLE], asg_m, day, m);
        minutes += m;
    }
    saldo p0 = get_saldo(org_p), a0 = get_saldo(org_a), b0 = get_saldo(org_b);

    race_arg sum;
    race(entries, NB_UR_ENTRIES, &sum);
    print_message("approvals: %d answered 200, %d 409, %d 422\n", sum.n200, sum.n409, sum.n422);
    assert_int_equal(sum.nother, 0);
    assert_int_equal(sum.n422, 0);
    /* each entry twice: the second decision is the same one again (200) */
    assert_int_equal(sum.n200 + sum.n409, 2 * NB_UR_ENTRIES);
    for (int i = 0; i < NB_UR_ENTRIES; i++) {
        char status[32];
        entry_status(entries[i], status, sizeof status);
        assert_string_equal(status, "goedgekeurd");
    }
    saldo p1 = get_saldo(org_p), a1 = get_saldo(org_a), b1 = get_saldo(org_b);
    /* the pool is credited every entry once; the requesters are debited the same in total */
    assert_int_equal(p1.credit_geboekt - p0.credit_geboekt, minutes);
    assert_int_equal((a1.debet_geboekt - a0.debet_geboekt) + (b1.debet_geboekt - b0.debet_geboekt),
                     minutes);
    control_ok();
}

/* Approvals beyond their reservations racing against one credit line from two
 * servers: never an overdraft, the posted minutes are the approved ones. */
static void test_approvals_against_a_limit(void **state)
{
    (void)state;
    long long org_e = make_org("GM0005", "gemeente", "Eemdorp", 1000, NB_UR_LIMIT);
    long long client_e = make_person(org_e, "Eva Opdrachtgever", "eva@eemdorp.nl");
    long long line_e = 0;
    char reqs[64];
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_e);
    long long asg_e = make_asg("Lokaal E", "lokaal", reqs, client_e, &line_e, 1);
    enum { N = 32 };
    long long entries[N];
    for (int i = 0; i < NB_UR_PEOPLE; i++)
        confirmed_inzet(asg_e, line_e, people[i], 10);
    for (int i = 0; i < N; i++) {
        char day[11];
        snprintf(day, sizeof day, "2026-03-%02d", 1 + i / NB_UR_PEOPLE);
        entries[i] = uren_ok(beheer, people[i % NB_UR_PEOPLE], asg_e, day, 60);
    }
    race_arg sum;
    race(entries, N, &sum);
    print_message("approvals against the limit: %d answered 200, %d 409, %d 422\n", sum.n200,
                  sum.n409, sum.n422);
    assert_int_equal(sum.nother, 0);
    assert_true(sum.n422 > 0); /* the race really hit the limit */
    long long approved = 0;
    for (int i = 0; i < N; i++) {
        char status[32];
        entry_status(entries[i], status, sizeof status);
        if (strcmp(status, "goedgekeurd") == 0)
            approved += 60;
        else
            assert_string_equal(status, "ingediend");
    }
    saldo e = get_saldo(org_e);
    print_message("limit %d: %lld posted, %lld reserved, %lld available\n", NB_UR_LIMIT,
                  e.debet_geboekt, e.debet_res, e.beschikbaar);
    assert_int_equal(e.debet_geboekt, approved);
    assert_true(e.debet_geboekt + e.debet_res <= NB_UR_LIMIT);
    assert_true(e.beschikbaar >= 0);
    control_ok();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_approvals_share_an_account),
        cmocka_unit_test(test_approvals_against_a_limit),
    };
    return cmocka_run_group_tests(tests, race_setup, race_teardown);
}
