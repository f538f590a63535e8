/*
 * tests/api/opdrachten_fixture.c — the shared fixture of the /api/v1/opdrachten
 * tests (test_opdrachten.c, test_opdrachten_lijsten.c): the server, the
 * organisations, competences, people and tokens made once in setup, and the
 * request helpers the tests build on. See opdrachten_fixture.h.
 */
#include "opdrachten_fixture.h"

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
long long comp_1, comp_2;
long long person_a, person_b, person_c;

static const nb_t_net net = {&beheer, &coord_a, &coord_b, &lezer, &org_a, &org_b, &org_c, {0}};

/* ---- Helpers --------------------------------------------------------------- */

static long long mk_person(long long org, const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480}",
             org, name, email);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

int setup(void **state)
{
    (void)state;
    if (nb_t_start_net(&srv, &net) != 0)
        return -1;
    comp_1 = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    comp_2 = nb_t_create(
        &srv, "/api/v1/competenties", beheer,
        "{\"code\":\"FYS-RO\",\"naam\":\"Ruimtelijke ordening\",\"domein\":\"fysiek\"}");
    person_a = mk_person(org_a, "Anna de Vries", "anna@dordrecht.nl");
    person_b = mk_person(org_b, "Bram Jansen", "bram@papendrecht.nl");
    person_c = mk_person(org_c, "Carla Smit", "carla@zwijndrecht.nl");
    mw_a = nb_t_token(&srv, "medewerker", org_a, person_a);
    return mw_a ? 0 : -1;
}

int teardown(void **state)
{
    (void)state;
    free(mw_a);
    return nb_t_stop_net(&srv, &net);
}

/* A body as text; takes ownership of j. Caller frees. */
char *dump(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    assert_non_null(s);
    return s;
}

/* An assignment body; reqs and lines are stolen (may be NULL = leave out). */
json_t *asg(const char *kind, json_t *reqs, json_t *lines, long long person, const char *start,
            const char *end)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "titel", "Jeugdhulp herijken",
                          "soort", kind, "werksoort", "verandering", "startdatum", start,
                          "einddatum", end, "bestuurlijkOpdrachtgever", "wethouder Van Dam",
                          "ambtelijkOpdrachtgeverId", (json_int_t)person);
    if (reqs)
        json_object_set_new(j, "aanvragers", reqs);
    if (lines)
        json_object_set_new(j, "regels", lines);
    return j;
}

json_t *req1(long long org)
{
    return json_pack("[{s:I}]", "organisatieId", (json_int_t)org);
}

json_t *req2(long long o1, long long s1, long long o2, long long s2)
{
    return json_pack("[{s:I, s:I}, {s:I, s:I}]", "organisatieId", (json_int_t)o1, "aandeel",
                     (json_int_t)s1, "organisatieId", (json_int_t)o2, "aandeel", (json_int_t)s2);
}

json_t *line1(long long comp, long long level, long long minutes)
{
    return json_pack("[{s:I, s:I, s:I}]", "competentieId", (json_int_t)comp, "minimumNiveau",
                     (json_int_t)level, "minuten", (json_int_t)minutes);
}

json_t *lines_n(int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:i, s:i}", "competentieId",
                                           (json_int_t)(i % 2 ? comp_2 : comp_1), "minimumNiveau",
                                           1 + i % 5, "minuten", 60 * (i + 1)));
    return a;
}

/* Sends method path with body j (stolen, may be NULL); the response is the caller's. */
void send_json(const char *method, const char *path, const char *token, json_t *j, nb_t_resp *r)
{
    char *body = j ? dump(j) : NULL;
    assert_int_equal(nb_t_req(&srv, method, path, token, body, r), 0);
    free(body);
}

void expect(nb_t_resp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    assert_int_equal(r->status, status);
    if (status >= 400) {
        const char *ct = nb_t_header(r, "Content-Type");
        assert_non_null(ct);
        assert_string_equal(ct, "application/problem+json");
        assert_int_equal(json_integer_value(json_object_get(r->json, "status")), status);
    }
}

void expect_invalid(nb_t_resp *r, const char *name)
{
    if (!nb_t_invalid(r, name))
        fprintf(stderr, "invalidParams lacks %s: %s\n", name, r->body);
    assert_true(nb_t_invalid(r, name));
}

size_t ninvalid(const nb_t_resp *r)
{
    return json_array_size(json_object_get(r->json, "invalidParams"));
}

/* Creates an assignment as token and returns its id (asserting 201). */
long long create(const char *token, json_t *j)
{
    nb_t_resp r;
    send_json("POST", "/api/v1/opdrachten", token, j, &r);
    expect(&r, 201);
    long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
    assert_true(id > 0);
    nb_t_resp_free(&r);
    return id;
}

void set_status(long long id, const char *token, const char *status, long expect_status)
{
    char path[96];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    send_json("PUT", path, token, json_pack("{s:s}", "status", status), &r);
    expect(&r, expect_status);
    if (expect_status == 200)
        assert_string_equal(json_string_value(json_object_get(r.json, "status")), status);
    nb_t_resp_free(&r);
}

const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    assert_non_null(s);
    return s;
}

long long num(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

json_t *page_items(const nb_t_resp *r)
{
    return json_object_get(json_object_get(r->json, "_embedded"), "opdrachten");
}
