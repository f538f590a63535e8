/*
 * tests/api/grootboek_fixture.c — the shared fixture of the hours-ledger tests
 * over HTTP (test_grootboek.c, test_grootboek_lijsten.c): the server, the
 * gemeenten and tokens made once in setup, the transfers of setup_booked, and
 * the request helpers the tests build on. See grootboek_fixture.h.
 */
#include "grootboek_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

nb_t_server srv;
char *beheer, *coord_a, *coord_b, *mw_a, *lezer;
long long org_a, org_b, org_c;

static const nb_t_net net = {&beheer, &coord_a, &coord_b, &lezer,
                             &org_a,  &org_b,   &org_c,   {600, 0, 1000}};

/* ---- Helpers --------------------------------------------------------------- */

long call(const char *method, const char *path, const char *tok, const char *body, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(nb_t_req(&srv, method, path, tok, body, r), 0);
    return r->status;
}

/* Sends and frees; returns the status. */
long status_of(const char *method, const char *path, const char *tok, const char *body)
{
    nb_t_resp r;
    long s = call(method, path, tok, body, &r);
    nb_t_resp_free(&r);
    return s;
}

long long jint(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_integer(v))
        fail_msg("field %s is not an integer", k);
    return (long long)json_integer_value(v);
}

const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* POST one transfer given as the inner object text. */
long post1(const char *item, nb_t_resp *r)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"boekingen\":[%s]}", item);
    return call("POST", "/api/v1/boekingen", beheer, body, r);
}

long post1_status(const char *item)
{
    nb_t_resp r;
    long s = post1(item, &r);
    if (s >= 400 && s != 409 && s != 422)
        print_message("POST %s -> %ld %s\n", item, s, r.body);
    nb_t_resp_free(&r);
    return s;
}

json_t *saldo(long long org)
{
    char path[128];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

long long avail(long long org)
{
    json_t *j = saldo(org);
    long long v = jint(j, "beschikbaarMinuten");
    json_decref(j);
    return v;
}

void control_ok(void)
{
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/grootboek/controle", beheer, NULL, &r), 200);
    if (!json_is_true(json_object_get(r.json, "ok")))
        fail_msg("controle: %s", r.body);
    assert_true(json_is_true(json_object_get(r.json, "somIsNul")));
    nb_t_resp_free(&r);
}

int setup(void **state)
{
    (void)state;
    if (nb_t_start_net(&srv, &net) != 0)
        return -1;
    long long person =
        nb_t_create(&srv, "/api/v1/medewerkers", beheer,
                    "{\"organisatieId\":1,\"naam\":\"Anna de Vries\","
                    "\"email\":\"anna@dordrecht.nl\",\"schaal\":11,"
                    "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480}");
    mw_a = nb_t_token(&srv, "medewerker", org_a, person);
    /* The bodies name organisations 1, 2, 3 literally. */
    return mw_a && org_a == 1 && org_b == 2 && org_c == 3 ? 0 : -1;
}

int teardown(void **state)
{
    (void)state;
    free(mw_a);
    return nb_t_stop_net(&srv, &net);
}

/*
 * The writes of setup_booked: those of test_grootboek.c the read tests build
 * on, in its order. Each is needed: without it a read test fails, or a later
 * write here is refused (the deposit needs the hour rate, res-1 the credit
 * line of 900, res-3 the room post-1 leaves). kl-b-1 and res-2 are left out:
 * given and taken back, they leave nothing the read tests need.
 */
static const struct {
    const char *method, *path, *body;
    long status;
} booked[] = {
    {"PUT", "/api/v1/netwerk/instellingen",
     "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}", 200},
    {"PUT", "/api/v1/organisaties/1",
     "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
     "\"kredietlijnMinuten\":900}",
     200},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"st-1\",\"soort\":\"storting\",\"creditOrganisatieId\":2,"
     "\"bedragCent\":15050,\"omschrijving\":\"inleg 2025\"}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"res-1\",\"soort\":\"reserveren\",\"debetOrganisatieId\":1,"
     "\"creditOrganisatieId\":2,\"minuten\":900}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"post-1\",\"soort\":\"boeken\",\"reserveringId\":\"res-1\","
     "\"minuten\":500}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"res-3\",\"soort\":\"reserveren\",\"debetOrganisatieId\":1,"
     "\"creditOrganisatieId\":2,\"minuten\":10}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"corr-1\",\"soort\":\"correctie\",\"creditOrganisatieId\":1,"
     "\"minuten\":50,\"omschrijving\":\"rekenfout maart\"}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"corr-1-t\",\"soort\":\"terugboeking\","
     "\"terugboekingVan\":\"corr-1\"}]}",
     201},
    {"POST", "/api/v1/boekingen",
     "{\"boekingen\":[{\"id\":\"b1-r\",\"soort\":\"reserveren\",\"debetOrganisatieId\":3,"
     "\"creditOrganisatieId\":1,\"minuten\":30},"
     "{\"id\":\"b1-p\",\"soort\":\"boeken\",\"reserveringId\":\"b1-r\"}]}",
     201},
};

int setup_booked(void **state)
{
    if (setup(state) != 0)
        return -1;
    for (size_t i = 0; i < sizeof booked / sizeof booked[0]; i++) {
        nb_t_resp r;
        long s = call(booked[i].method, booked[i].path, beheer, booked[i].body, &r);
        if (s != booked[i].status)
            print_message("seed %zu: %s %s -> %ld %s\n", i, booked[i].method, booked[i].path, s,
                          r.body);
        nb_t_resp_free(&r);
        if (s != booked[i].status)
            return -1;
    }
    return 0;
}
