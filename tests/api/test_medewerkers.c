/*
 * tests/api/test_medewerkers.c — /api/v1/medewerkers over real HTTP: every
 * route, all invalid params named at once, broken references, 409 on a
 * duplicate e-mail, 401/403 per role, a coordinator refused outside its own
 * organisation, the privacy rule per role (personal fields only for beheer,
 * the own coordinator and the person themself), the minNiveau filter's
 * access rule, replace-on-PUT of the lists, deactivation and paging.
 */
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer, *coord_a, *coord_b, *lezer_a;
static long long org_a, org_b, c1, c2, c3;
static const nb_t_net net = {&beheer, &coord_a, &coord_b, &lezer_a, &org_a, &org_b, NULL, {0}};

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_net(&srv, &net) != 0)
        return -1;
    c1 = nb_t_create(&srv, "/api/v1/competenties", beheer,
                     "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    c2 = nb_t_create(
        &srv, "/api/v1/competenties", beheer,
        "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\",\"domein\":\"bestuur-en-strategie\"}");
    c3 = nb_t_create(
        &srv, "/api/v1/competenties", beheer,
        "{\"code\":\"FYS-RO\",\"naam\":\"Ruimtelijke ordening\",\"domein\":\"fysiek\"}");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_net(&srv, &net);
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* A full person body with personal fields; email must be unique per call. */
static void person_body(char *out, size_t n, long long org, const char *name, const char *email)
{
    snprintf(
        out, n,
        "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"functie\":\"Beleidsadviseur\","
        "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
        "\"geboortejaar\":1964,\"verwachteUitstroomdatum\":\"2029-06-30\","
        "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4},{\"competentieId\":%lld,\"niveau\":2}],"
        "\"leerwensen\":[%lld]}",
        org, name, email, c1, c2, c3);
}

static long long person(long long org, const char *name, const char *email)
{
    char body[1024];
    person_body(body, sizeof body, org, name, email);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

/* Asserts whether the personal fields are present in one person object. */
static void assert_personal(const json_t *p, int visible)
{
    assert_non_null(json_object_get(p, "naam"));
    assert_non_null(json_object_get(p, "email"));
    assert_non_null(json_object_get(p, "netwerkMinutenPerWeek"));
    json_t *comps = json_object_get(p, "competenties");
    assert_true(json_array_size(comps) > 0);
    assert_non_null(json_object_get(json_array_get(comps, 0), "competentieId"));
    if (visible) {
        assert_non_null(json_object_get(p, "geboortejaar"));
        assert_non_null(json_object_get(p, "verwachteUitstroomdatum"));
        assert_non_null(json_object_get(p, "leerwensen"));
        assert_non_null(json_object_get(json_array_get(comps, 0), "niveau"));
    } else {
        assert_null(json_object_get(p, "geboortejaar"));
        assert_null(json_object_get(p, "verwachteUitstroomdatum"));
        assert_null(json_object_get(p, "leerwensen"));
        for (size_t i = 0; i < json_array_size(comps); i++)
            assert_null(json_object_get(json_array_get(comps, i), "niveau"));
    }
}

static void test_create_and_get(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    person_body(body, sizeof body, org_a, "Bram Jansen", "bram@dordrecht.nl");
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    char want[256];
    snprintf(want, sizeof want, "%s/api/v1/medewerkers/%lld", srv.base, id);
    assert_string_equal(nb_t_header(&r, "Location"), want);
    assert_int_equal(num(r.json, "organisatieId"), org_a);
    assert_int_equal(num(r.json, "contractMinutenPerWeek"), 2160);
    assert_int_equal(num(r.json, "netwerkMinutenPerWeek"), 480);
    assert_int_equal(num(r.json, "schaal"), 11);
    assert_int_equal(num(r.json, "geboortejaar"), 1964);
    assert_string_equal(json_string_value(json_object_get(r.json, "verwachteUitstroomdatum")),
                        "2029-06-30");
    assert_true(json_is_true(json_object_get(r.json, "actief")));
    assert_int_equal(num(r.json, "versie"), 1);
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(json_object_get(links, "organisatie"), "href"));
    assert_int_equal(json_array_size(json_object_get(r.json, "leerwensen")), 1);
    nb_t_resp_free(&r);

    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/%lld", id);
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), "Bram Jansen");
    assert_string_equal(json_string_value(json_object_get(r.json, "functie")), "Beleidsadviseur");
    nb_t_resp_free(&r);

    /* Optional personal fields may be null or left out. */
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Cor Smit\",\"email\":\"cor@dordrecht.nl\","
             "\"schaal\":8,\"contractMinutenPerWeek\":1440,\"netwerkMinutenPerWeek\":1440,"
             "\"geboortejaar\":null,\"verwachteUitstroomdatum\":null}",
             org_a);
    nb_t_reqf(&srv, &r, "POST", coord_a, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 201);
    assert_true(json_is_null(json_object_get(r.json, "geboortejaar")));
    assert_true(json_is_null(json_object_get(r.json, "verwachteUitstroomdatum")));
    assert_int_equal(json_array_size(json_object_get(r.json, "competenties")), 0);
    assert_string_equal(json_string_value(json_object_get(r.json, "functie")), "");
    nb_t_resp_free(&r);

    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/987654");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/-1");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/987654");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
}

static void test_invalid_bodies(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    /* Schema problems: every one named. */
    nb_t_reqf(
        &srv, &r, "POST", beheer,
        "{\"organisatieId\":0,\"email\":\"geen-adres\",\"schaal\":19,"
        "\"contractMinutenPerWeek\":3000,\"netwerkMinutenPerWeek\":-1,\"geboortejaar\":\"1970\","
        "\"verwachteUitstroomdatum\":\"2029-02-30\",\"competenties\":[{\"competentieId\":1,\"niveau\":6}],"
        "\"leerwensen\":[\"x\"],\"actief\":\"ja\",\"salaris\":5000}",
        "/api/v1/medewerkers");
    nb_t_assert_status(&r, 400);
    const char *names[] = {"organisatieId",
                           "naam",
                           "email",
                           "schaal",
                           "contractMinutenPerWeek",
                           "netwerkMinutenPerWeek",
                           "geboortejaar",
                           "verwachteUitstroomdatum",
                           "competenties[0].niveau",
                           "leerwensen[0]",
                           "actief",
                           "salaris"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!nb_t_invalid(&r, names[i]))
            fprintf(stderr, "not named: %s in %s\n", names[i], r.body);
        assert_true(nb_t_invalid(&r, names[i]));
    }
    nb_t_resp_free(&r);

    /* Rules between fields and broken references: every one named. */
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":987654,\"naam\":\"Dirk\",\"email\":\"dirk@x.nl\",\"schaal\":9,"
        "\"contractMinutenPerWeek\":1200,\"netwerkMinutenPerWeek\":1300,\"geboortejaar\":1901,"
        "\"competenties\":[{\"competentieId\":%lld,\"niveau\":3},{\"competentieId\":987654,\"niveau\":3},"
        "{\"competentieId\":%lld,\"niveau\":1}],\"leerwensen\":[%lld,%lld,987653]}",
        c1, c1, c2, c2);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 400);
    const char *names2[] = {"organisatieId",
                            "netwerkMinutenPerWeek",
                            "geboortejaar",
                            "competenties[1].competentieId",
                            "competenties[2].competentieId",
                            "leerwensen[1]",
                            "leerwensen[2]"};
    for (size_t i = 0; i < sizeof names2 / sizeof names2[0]; i++) {
        if (!nb_t_invalid(&r, names2[i]))
            fprintf(stderr, "not named: %s in %s\n", names2[i], r.body);
        assert_true(nb_t_invalid(&r, names2[i]));
    }
    assert_false(nb_t_invalid(&r, "competenties[0].competentieId"));
    assert_false(nb_t_invalid(&r, "leerwensen[0]"));
    nb_t_resp_free(&r);
    /* Nothing was written. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers?zoek=Dirk");
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);

    /* A broken reference on PUT leaves the person unchanged. */
    long long id = person(org_a, "Eva Bakker", "eva@dordrecht.nl");
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":%lld,\"naam\":\"Eva B.\",\"email\":\"eva@dordrecht.nl\",\"schaal\":9,"
        "\"contractMinutenPerWeek\":1200,\"netwerkMinutenPerWeek\":0,"
        "\"competenties\":[{\"competentieId\":987654,\"niveau\":3}]}",
        org_a);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", id);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "competenties[0].competentieId"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/%lld", id);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), "Eva Bakker");
    assert_int_equal(num(r.json, "versie"), 1);
    assert_int_equal(json_array_size(json_object_get(r.json, "competenties")), 2);
    nb_t_resp_free(&r);

    /* Bad list filters: all named. */
    nb_t_reqf(
        &srv, &r, "GET", beheer, NULL,
        "/api/v1/medewerkers?organisatieId=abc&competentieId=0&minNiveau=9&actief=misschien&pagina=x");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "organisatieId"));
    assert_true(nb_t_invalid(&r, "competentieId"));
    assert_true(nb_t_invalid(&r, "minNiveau"));
    assert_true(nb_t_invalid(&r, "actief"));
    assert_true(nb_t_invalid(&r, "pagina"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers?minNiveau=3");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "minNiveau"));
    nb_t_resp_free(&r);
}

static void test_duplicate_email(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    person(org_a, "Fleur Visser", "fleur@dordrecht.nl");
    long long other = person(org_b, "Gijs Mulder", "gijs@papendrecht.nl");
    person_body(body, sizeof body, org_b, "Fleur Twee", "FLEUR@Dordrecht.nl");
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    person_body(body, sizeof body, org_b, "Gijs Mulder", "fleur@dordrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", other);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    /* Keeping one's own address is no clash. */
    person_body(body, sizeof body, org_b, "Gijs Mulder", "gijs@papendrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", other);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
}

static void test_roles_and_coordinators(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    long long in_a = person(org_a, "Hanna de Boer", "hanna@dordrecht.nl");
    long long in_b = person(org_b, "Ids Kok", "ids@papendrecht.nl");
    char *mw_a = nb_t_token(&srv, "medewerker", 0, in_a);
    assert_non_null(mw_a);

    /* No token: 401 on every route. */
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/medewerkers/%lld", in_a);
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    person_body(body, sizeof body, org_a, "Nieuw", "nieuw@dordrecht.nl");
    nb_t_reqf(&srv, &r, "POST", NULL, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", NULL, body, "/api/v1/medewerkers/%lld", in_a);
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);

    /* medewerker and lezer read only — also the person themself. */
    const char *readonly[] = {mw_a, lezer_a};
    for (int i = 0; i < 2; i++) {
        nb_t_reqf(&srv, &r, "POST", readonly[i], body, "/api/v1/medewerkers");
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "PUT", readonly[i], body, "/api/v1/medewerkers/%lld", in_a);
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "GET", readonly[i], NULL, "/api/v1/medewerkers/%lld", in_b);
        nb_t_assert_status(&r, 200);
        nb_t_resp_free(&r);
    }

    /* A coordinator creates in its own organisation only. */
    nb_t_reqf(&srv, &r, "POST", coord_a, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 201);
    long long made = num(r.json, "id");
    nb_t_resp_free(&r);
    person_body(body, sizeof body, org_b, "Elders", "elders@papendrecht.nl");
    nb_t_reqf(&srv, &r, "POST", coord_a, body, "/api/v1/medewerkers");
    nb_t_assert_status(&r, 403);
    assert_non_null(
        strstr(json_string_value(json_object_get(r.json, "detail")), "eigen organisatie"));
    nb_t_resp_free(&r);

    /* ... changes people of its own organisation only ... */
    person_body(body, sizeof body, org_a, "Hanna de Boer-Smit", "hanna@dordrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/medewerkers/%lld", in_a);
    nb_t_assert_status(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), "Hanna de Boer-Smit");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", coord_b, body, "/api/v1/medewerkers/%lld", in_a);
    nb_t_assert_status(&r, 403);
    assert_non_null(
        strstr(json_string_value(json_object_get(r.json, "detail")), "eigen organisatie"));
    nb_t_resp_free(&r);
    person_body(body, sizeof body, org_b, "Ids Kok", "ids@papendrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/medewerkers/%lld", in_b);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);

    /* ... and may not move anyone to another organisation; beheer may. */
    person_body(body, sizeof body, org_b, "Hanna de Boer-Smit", "hanna@dordrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/medewerkers/%lld", in_a);
    nb_t_assert_status(&r, 403);
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), "verplaatsen"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers/%lld", in_a);
    assert_int_equal(num(r.json, "organisatieId"), org_a);
    nb_t_resp_free(&r);
    person_body(body, sizeof body, org_b, "Nieuw", "nieuw@dordrecht.nl");
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", made);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "organisatieId"), org_b);
    nb_t_resp_free(&r);
    free(mw_a);
}

static void test_privacy(void **state)
{
    (void)state;
    nb_t_resp r;
    long long p = person(org_a, "Iris Peters", "iris@dordrecht.nl");
    long long colleague = person(org_a, "Jan Peters", "jan@dordrecht.nl");
    char *self = nb_t_token(&srv, "medewerker", 0, p);
    char *col = nb_t_token(&srv, "medewerker", 0, colleague);
    char *lezer_b = nb_t_token(&srv, "lezer", org_b, 0);
    struct {
        const char *tok;
        int visible;
        const char *who;
    } cases[] = {
        {beheer, 1, "beheer"},
        {coord_a, 1, "coordinator of the own organisation"},
        {self, 1, "the person themself"},
        {coord_b, 0, "coordinator of another organisation"},
        {lezer_a, 0, "lezer of the own organisation"},
        {lezer_b, 0, "lezer of another organisation"},
        {col, 0, "a colleague"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fprintf(stderr, "privacy: %s\n", cases[i].who);
        nb_t_reqf(&srv, &r, "GET", cases[i].tok, NULL, "/api/v1/medewerkers/%lld", p);
        nb_t_assert_status(&r, 200);
        assert_personal(r.json, cases[i].visible);
        nb_t_resp_free(&r);
        /* The same rule in lists. */
        nb_t_reqf(&srv, &r, "GET", cases[i].tok, NULL, "/api/v1/medewerkers?zoek=Iris%%20Peters");
        nb_t_assert_status(&r, 200);
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "medewerkers");
        assert_int_equal(json_array_size(items), 1);
        assert_personal(json_array_get(items, 0), cases[i].visible);
        nb_t_resp_free(&r);
        /* No personal data leaks through the raw body either. */
        nb_t_reqf(&srv, &r, "GET", cases[i].tok, NULL, "/api/v1/medewerkers/%lld", p);
        assert_int_equal(strstr(r.body, "1964") != NULL, cases[i].visible);
        assert_int_equal(strstr(r.body, "2029-06-30") != NULL, cases[i].visible);
        nb_t_resp_free(&r);
    }
    /* In a list mixing organisations, coordinator A sees levels only of A's people. */
    long long b = person(org_b, "Karin Peters", "karin@papendrecht.nl");
    nb_t_reqf(&srv, &r, "GET", coord_a, NULL, "/api/v1/medewerkers?zoek=Peters&paginaGrootte=100");
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "medewerkers");
    assert_int_equal(json_array_size(items), 3);
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        assert_personal(it, num(it, "id") != b);
    }
    nb_t_resp_free(&r);
    free(self);
    free(col);
    free(lezer_b);
}

static void test_filters_and_min_level(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    /* Two people in a fresh pair of organisations to count on. */
    long long oc =
        nb_t_create(&srv, "/api/v1/organisaties", beheer,
                    "{\"code\":\"GM0482\",\"soort\":\"gemeente\",\"naam\":\"Alblasserdam\"}");
    char *coord_c = nb_t_token(&srv, "coordinator", oc, 0);
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":%lld,\"naam\":\"Lotte Hoekstra\",\"email\":\"lotte@alblasserdam.nl\","
        "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":600,"
        "\"competenties\":[{\"competentieId\":%lld,\"niveau\":5}]}",
        oc, c3);
    long long lotte = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":%lld,\"naam\":\"Mark Hoekstra\",\"email\":\"mark@alblasserdam.nl\","
        "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":600,"
        "\"competenties\":[{\"competentieId\":%lld,\"niveau\":2}]}",
        oc, c3);
    long long mark = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    char *mw_mark = nb_t_token(&srv, "medewerker", 0, mark);

    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/medewerkers?organisatieId=%lld", oc);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    /* competentieId alone is open to every role. */
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL,
              "/api/v1/medewerkers?organisatieId=%lld&competentieId=%lld", oc, c3);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL,
              "/api/v1/medewerkers?organisatieId=%lld&competentieId=%lld", oc, c1);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    /* minNiveau: beheer anywhere; coordinator only with its own organisatieId. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/medewerkers?competentieId=%lld&minNiveau=4&organisatieId=%lld", c3, oc);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    assert_int_equal(
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "medewerkers"), 0),
            "id"),
        lotte);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_c, NULL,
              "/api/v1/medewerkers?competentieId=%lld&minNiveau=2&organisatieId=%lld", c3, oc);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_c, NULL, "/api/v1/medewerkers?competentieId=%lld&minNiveau=2",
              c3);
    nb_t_assert_status(&r, 403);
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), "organisatieId"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord_a, NULL,
              "/api/v1/medewerkers?competentieId=%lld&minNiveau=2&organisatieId=%lld", c3, oc);
    nb_t_assert_status(&r, 403);
    nb_t_resp_free(&r);
    const char *refused[] = {lezer_a, mw_mark};
    for (int i = 0; i < 2; i++) {
        nb_t_reqf(&srv, &r, "GET", refused[i], NULL,
                  "/api/v1/medewerkers?competentieId=%lld&minNiveau=1&organisatieId=%lld", c3, oc);
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
    }
    /* Deactivate Mark (never deleted); actief filter; zoek. */
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":%lld,\"naam\":\"Mark Hoekstra\",\"email\":\"mark@alblasserdam.nl\","
        "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":600,"
        "\"actief\":false}",
        oc);
    nb_t_reqf(&srv, &r, "PUT", coord_c, body, "/api/v1/medewerkers/%lld", mark);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_false(json_object_get(r.json, "actief")));
    /* Replace-on-PUT: the competency list was left out, so it is now empty. */
    assert_int_equal(json_array_size(json_object_get(r.json, "competenties")), 0);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/medewerkers/%lld", mark);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/medewerkers?organisatieId=%lld&actief=true",
              oc);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/medewerkers?organisatieId=%lld&actief=false",
              oc);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "/api/v1/medewerkers?zoek=hoekstra");
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    /* Leaving actief out of a PUT keeps it as it is. */
    snprintf(
        body, sizeof body,
        "{\"organisatieId\":%lld,\"naam\":\"Mark Hoekstra\",\"email\":\"mark@alblasserdam.nl\","
        "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":600}",
        oc);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/medewerkers/%lld", mark);
    nb_t_assert_status(&r, 200);
    assert_true(json_is_false(json_object_get(r.json, "actief")));
    assert_int_equal(num(r.json, "versie"), 3);
    nb_t_resp_free(&r);
    free(coord_c);
    free(mw_mark);
}

static void test_replace_lists_on_put(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    long long id = person(org_a, "Nina Vos", "nina@dordrecht.nl");
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Nina Vos\",\"email\":\"nina@dordrecht.nl\","
             "\"schaal\":11,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":5}],\"leerwensen\":[%lld,%lld]}",
             org_a, c3, c1, c2);
    nb_t_reqf(&srv, &r, "PUT", coord_a, body, "/api/v1/medewerkers/%lld", id);
    nb_t_assert_status(&r, 200);
    json_t *comps = json_object_get(r.json, "competenties");
    assert_int_equal(json_array_size(comps), 1);
    assert_int_equal(num(json_array_get(comps, 0), "competentieId"), c3);
    assert_int_equal(num(json_array_get(comps, 0), "niveau"), 5);
    json_t *wishes = json_object_get(r.json, "leerwensen");
    assert_int_equal(json_array_size(wishes), 2);
    /* Personal fields left out of a full PUT are cleared. */
    assert_true(json_is_null(json_object_get(r.json, "geboortejaar")));
    assert_true(json_is_null(json_object_get(r.json, "verwachteUitstroomdatum")));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/medewerkers?competentieId=%lld&minNiveau=5&zoek=Nina", c3);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/medewerkers?competentieId=%lld&zoek=Nina",
              c1);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
}

static void test_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    long long od =
        nb_t_create(&srv, "/api/v1/organisaties", beheer,
                    "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\"}");
    for (int i = 0; i < 5; i++) {
        char email[64];
        snprintf(email, sizeof email, "p%d@zwijndrecht.nl", i);
        snprintf(body, sizeof body,
                 "{\"organisatieId\":%lld,\"naam\":\"Persoon %d\",\"email\":\"%s\",\"schaal\":7,"
                 "\"contractMinutenPerWeek\":1800,\"netwerkMinutenPerWeek\":0}",
                 od, i, email);
        nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    }
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL,
              "/api/v1/medewerkers?organisatieId=%lld&paginaGrootte=2", od);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 5);
    json_t *links = json_object_get(r.json, "_links");
    assert_null(json_object_get(links, "prev"));
    const char *next = json_string_value(json_object_get(json_object_get(links, "next"), "href"));
    assert_non_null(next);
    assert_non_null(strstr(next, "organisatieId="));
    long long first =
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "medewerkers"), 0),
            "id");
    char path[512];
    snprintf(path, sizeof path, "%s", next + strlen(srv.base));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "pagina"), 2);
    links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_non_null(json_object_get(links, "next"));
    long long second =
        num(json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "medewerkers"), 0),
            "id");
    assert_true(second > first);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer_a, NULL,
              "/api/v1/medewerkers?organisatieId=%lld&paginaGrootte=2&pagina=3", od);
    links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_null(json_object_get(links, "next"));
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "medewerkers")), 1);
    nb_t_resp_free(&r);
}

/* Issue 14: a list row is streamed by its own writer (nb_person_jw); every
 * row must be exactly what GET /medewerkers/{id} answers for that caller —
 * members, order, values, escapes — with and without the personal fields. */
static void test_list_rows_equal_get(void **state)
{
    (void)state;
    long long p = person(org_a, "\\u00c6rnout \\\"de\\\" Vries\\t/\\u20ac\\ud83d\\ude00",
                         "aernout@dordrecht.nl");
    char *self = nb_t_token(&srv, "medewerker", 0, p);
    const char *toks[] = {beheer, coord_a, coord_b, lezer_a, self};
    for (size_t t = 0; t < sizeof toks / sizeof toks[0]; t++)
        assert_true(nb_t_assert_rows_equal_get(&srv, toks[t],
                                               "/api/v1/medewerkers?paginaGrootte=100",
                                               "medewerkers", NULL) >= 2);
    free(self);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_get),
        cmocka_unit_test(test_invalid_bodies),
        cmocka_unit_test(test_duplicate_email),
        cmocka_unit_test(test_roles_and_coordinators),
        cmocka_unit_test(test_privacy),
        cmocka_unit_test(test_filters_and_min_level),
        cmocka_unit_test(test_replace_lists_on_put),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_list_rows_equal_get),
    };
    return cmocka_run_group_tests_name("api-medewerkers", tests, setup, teardown);
}
