/*
 * tests/api/test_competenties.c — /api/v1/competenties and /api/v1/rolprofielen
 * over real HTTP: every route, all invalid params named at once, broken
 * references, 409 on duplicate code/name, 401/403 per role, 404, filters,
 * paging with next/prev links and replace-on-PUT of a profile's lines.
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
static char *beheer, *coord, *lezer, *mw;
static long long org_a;

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}");
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"Anna de Vries\",\"email\":\"anna@dordrecht.nl\","
             "\"schaal\":10,\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480}",
             org_a);
    long long person = nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
    coord = nb_t_token(&srv, "coordinator", org_a, 0);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    mw = nb_t_token(&srv, "medewerker", 0, person);
    return beheer && coord && lezer && mw ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(coord);
    free(lezer);
    free(mw);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

static long long comp(const char *code, const char *name, const char *domain)
{
    char body[512];
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"naam\":\"%s\",\"domein\":\"%s\"}", code, name,
             domain);
    return nb_t_create(&srv, "/api/v1/competenties", beheer, body);
}

static const char *str(nb_t_resp *r, const char *key)
{
    return json_string_value(json_object_get(r->json, key));
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* ---- competenties ------------------------------------------------------- */

static void test_comp_create_get_update(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\","
              "\"omschrijving\":\"Kent het jeugdstelsel en de Jeugdwet\"}",
              "/api/v1/competenties");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    char want[256];
    snprintf(want, sizeof want, "%s/api/v1/competenties/%lld", srv.base, id);
    assert_string_equal(nb_t_header(&r, "Location"), want);
    assert_string_equal(str(&r, "code"), "SOC-JEUGD");
    assert_string_equal(str(&r, "domein"), "sociaal");
    assert_int_equal(num(r.json, "versie"), 1);
    assert_non_null(str(&r, "aangemaakt"));
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_object_get(r.json, "_links"), "self"), "href")),
                        want);
    nb_t_resp_free(&r);

    const char *readers[] = {beheer, coord, lezer, mw};
    for (int i = 0; i < 4; i++) {
        nb_t_reqf(&srv, &r, "GET", readers[i], NULL, "/api/v1/competenties/%lld", id);
        nb_t_assert_status(&r, 200);
        assert_string_equal(str(&r, "naam"), "Jeugdzorg");
        assert_string_equal(str(&r, "omschrijving"), "Kent het jeugdstelsel en de Jeugdwet");
        nb_t_resp_free(&r);
    }

    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdhulp\",\"domein\":\"sociaal\"}",
              "/api/v1/competenties/%lld", id);
    nb_t_assert_status(&r, 200);
    assert_string_equal(str(&r, "naam"), "Jeugdhulp");
    assert_string_equal(str(&r, "omschrijving"), "");
    assert_int_equal(num(r.json, "versie"), 2);
    nb_t_resp_free(&r);

    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/competenties/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/competenties/abc");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer, "{\"code\":\"X-1\",\"naam\":\"X\",\"domein\":\"fysiek\"}",
              "/api/v1/competenties/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
}

static void test_comp_invalid(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Schema problems: all named at once. */
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"X\",\"domein\":\"ruimte\",\"omschrijving\":12,\"kleur\":\"rood\"}",
              "/api/v1/competenties");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "code"));
    assert_true(nb_t_invalid(&r, "naam"));
    assert_true(nb_t_invalid(&r, "domein"));
    assert_true(nb_t_invalid(&r, "omschrijving"));
    assert_true(nb_t_invalid(&r, "kleur"));
    nb_t_resp_free(&r);
    /* A code with characters outside A-Z, 0-9, '-'. */
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"soc jeugd\",\"naam\":\"X\",\"domein\":\"sociaal\"}",
              "/api/v1/competenties");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "code"));
    nb_t_resp_free(&r);
    /* Bad filters and paging, named together. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/competenties?domein=ruimte&pagina=0");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "domein"));
    assert_true(nb_t_invalid(&r, "pagina"));
    nb_t_resp_free(&r);
}

static void test_comp_conflict(void **state)
{
    (void)state;
    nb_t_resp r;
    long long a = comp("FYS-RO", "Ruimtelijke ordening", "fysiek");
    long long b = comp("FYS-MIL", "Milieu", "fysiek");
    (void)a;
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"FYS-RO\",\"naam\":\"Nog een\",\"domein\":\"fysiek\"}",
              "/api/v1/competenties");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"code\":\"FYS-RO\",\"naam\":\"Milieu\",\"domein\":\"fysiek\"}",
              "/api/v1/competenties/%lld", b);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    /* Nothing was changed by the refused PUT. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/competenties/%lld", b);
    assert_string_equal(str(&r, "code"), "FYS-MIL");
    assert_int_equal(num(r.json, "versie"), 1);
    nb_t_resp_free(&r);
}

static void test_comp_roles(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = comp("BV-HRM", "Personeelszaken", "bedrijfsvoering");
    const char *body = "{\"code\":\"BV-ICT\",\"naam\":\"ICT\",\"domein\":\"bedrijfsvoering\"}";
    const char *others[] = {coord, lezer, mw};
    for (int i = 0; i < 3; i++) {
        nb_t_reqf(&srv, &r, "POST", others[i], body, "/api/v1/competenties");
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "PUT", others[i], body, "/api/v1/competenties/%lld", id);
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/competenties");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", NULL, body, "/api/v1/competenties");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/competenties/%lld", id);
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
}

static void test_comp_filters_and_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    comp("VEI-CRIS", "Crisisbeheersing", "veiligheid");
    comp("VEI-OOV", "Openbare orde", "veiligheid");
    comp("VEI-HHB", "Handhaving", "veiligheid");
    comp("VEI-BRZ", "Brandweerzorg", "veiligheid");
    comp("VEI-ONDM", "Ondermijning", "veiligheid");
    nb_t_reqf(&srv, &r, "GET", lezer, NULL,
              "/api/v1/competenties?domein=veiligheid&paginaGrootte=2");
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 5);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "competenties");
    assert_int_equal(json_array_size(items), 2);
    json_t *links = json_object_get(r.json, "_links");
    assert_null(json_object_get(links, "prev"));
    const char *next = json_string_value(json_object_get(json_object_get(links, "next"), "href"));
    assert_non_null(next);
    assert_non_null(strstr(next, "pagina=2"));
    assert_non_null(strstr(next, "domein=veiligheid"));
    char path[512];
    snprintf(path, sizeof path, "%s", next + strlen(srv.base));
    nb_t_resp_free(&r);
    /* Follow next to page 2, then the last page has prev but no next. */
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_non_null(json_object_get(links, "next"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL,
              "/api/v1/competenties?domein=veiligheid&paginaGrootte=2&pagina=3");
    nb_t_assert_status(&r, 200);
    links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_null(json_object_get(links, "next"));
    items = json_object_get(json_object_get(r.json, "_embedded"), "competenties");
    assert_int_equal(json_array_size(items), 1);
    nb_t_resp_free(&r);
    /* code and zoek. */
    nb_t_reqf(&srv, &r, "GET", coord, NULL, "/api/v1/competenties?code=VEI-OOV");
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord, NULL, "/api/v1/competenties?zoek=HANDHAV");
    assert_int_equal(num(r.json, "totaal"), 1);
    items = json_object_get(json_object_get(r.json, "_embedded"), "competenties");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "code")),
                        "VEI-HHB");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", coord, NULL, "/api/v1/competenties?zoek=vei-c");
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
}

/* ---- rolprofielen ------------------------------------------------------- */

static void test_profile_lifecycle(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    long long c1 = comp("BS-STRAT", "Strategisch advies", "bestuur-en-strategie");
    long long c2 = comp("BS-NETW", "Netwerken", "bestuur-en-strategie");
    long long c3 = comp("DV-KCC", "Klantcontact", "dienstverlening");
    snprintf(body, sizeof body,
             "{\"naam\":\"Retro in Control\",\"omschrijving\":\"De rechtmatige overheid\","
             "\"competenties\":[{\"competentieId\":%lld,\"gewicht\":60},"
             "{\"competentieId\":%lld,\"gewicht\":40}]}",
             c1, c3);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 201);
    long long id = num(r.json, "id");
    assert_non_null(nb_t_header(&r, "Location"));
    json_t *lines = json_object_get(r.json, "competenties");
    assert_int_equal(json_array_size(lines), 2);
    assert_int_equal(num(json_array_get(lines, 0), "competentieId"), c1);
    assert_int_equal(num(json_array_get(lines, 0), "gewicht"), 60);
    nb_t_resp_free(&r);

    const char *readers[] = {beheer, coord, lezer, mw};
    for (int i = 0; i < 4; i++) {
        nb_t_reqf(&srv, &r, "GET", readers[i], NULL, "/api/v1/rolprofielen/%lld", id);
        nb_t_assert_status(&r, 200);
        assert_string_equal(str(&r, "naam"), "Retro in Control");
        assert_int_equal(json_array_size(json_object_get(r.json, "competenties")), 2);
        nb_t_resp_free(&r);
    }

    /* PUT replaces the whole list. */
    snprintf(
        body, sizeof body,
        "{\"naam\":\"Retro in Control\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":100}]}",
        c2);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/rolprofielen/%lld", id);
    nb_t_assert_status(&r, 200);
    lines = json_object_get(r.json, "competenties");
    assert_int_equal(json_array_size(lines), 1);
    assert_int_equal(num(json_array_get(lines, 0), "competentieId"), c2);
    assert_int_equal(num(r.json, "versie"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/rolprofielen/%lld", id);
    assert_int_equal(json_array_size(json_object_get(r.json, "competenties")), 1);
    assert_string_equal(str(&r, "omschrijving"), "");
    nb_t_resp_free(&r);

    /* Filter on competentieId and zoek. */
    snprintf(body, sizeof body,
             "{\"naam\":\"Flashmob\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":50},"
             "{\"competentieId\":%lld,\"gewicht\":50}]}",
             c2, c3);
    nb_t_create(&srv, "/api/v1/rolprofielen", beheer, body);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/rolprofielen?competentieId=%lld", c3);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/rolprofielen?competentieId=%lld", c2);
    assert_int_equal(num(r.json, "totaal"), 2);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/rolprofielen?zoek=flash");
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL,
              "/api/v1/rolprofielen?competentieId=nul&paginaGrootte=500");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "competentieId"));
    assert_true(nb_t_invalid(&r, "paginaGrootte"));
    nb_t_resp_free(&r);

    /* 404s. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/rolprofielen/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/rolprofielen/999999");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);
}

static void test_profile_invalid_and_conflict(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[1024];
    long long c1 = comp("SOC-WMO", "Wmo", "sociaal");
    long long c2 = comp("SOC-PW", "Participatiewet", "sociaal");
    /* Schema problems, all named. */
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"omschrijving\":\"x\",\"competenties\":[{\"competentieId\":0,\"gewicht\":101},"
              "{\"gewicht\":\"veel\"},7],\"extra\":true}",
              "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "naam"));
    assert_true(nb_t_invalid(&r, "extra"));
    assert_true(nb_t_invalid(&r, "competenties[0].competentieId"));
    assert_true(nb_t_invalid(&r, "competenties[0].gewicht"));
    assert_true(nb_t_invalid(&r, "competenties[1].competentieId"));
    assert_true(nb_t_invalid(&r, "competenties[1].gewicht"));
    assert_true(nb_t_invalid(&r, "competenties[2]"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"naam\":\"Leeg\",\"competenties\":[]}",
              "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "competenties"));
    nb_t_resp_free(&r);
    /* Broken reference and a repeat, both named. */
    snprintf(body, sizeof body,
             "{\"naam\":\"Maatschappelijke Carrousel\",\"competenties\":["
             "{\"competentieId\":%lld,\"gewicht\":10},{\"competentieId\":987654,\"gewicht\":10},"
             "{\"competentieId\":%lld,\"gewicht\":10}]}",
             c1, c1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 400);
    assert_false(nb_t_invalid(&r, "competenties[0].competentieId"));
    assert_true(nb_t_invalid(&r, "competenties[1].competentieId"));
    assert_true(nb_t_invalid(&r, "competenties[2].competentieId"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/rolprofielen?zoek=Carrousel");
    assert_int_equal(num(r.json, "totaal"), 0); /* nothing partly written */
    nb_t_resp_free(&r);
    /* Duplicate name: 409 on POST and PUT. */
    snprintf(
        body, sizeof body,
        "{\"naam\":\"Manoeuvres in de Markt\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":10}]}",
        c1);
    nb_t_create(&srv, "/api/v1/rolprofielen", beheer, body);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    char other[512];
    snprintf(other, sizeof other,
             "{\"naam\":\"Tijdelijk\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":10}]}",
             c2);
    long long t = nb_t_create(&srv, "/api/v1/rolprofielen", beheer, other);
    nb_t_reqf(&srv, &r, "PUT", beheer, body, "/api/v1/rolprofielen/%lld", t);
    nb_t_assert_status(&r, 409);
    nb_t_resp_free(&r);
    /* The refused PUT left the lines alone. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/rolprofielen/%lld", t);
    assert_int_equal(
        num(json_array_get(json_object_get(r.json, "competenties"), 0), "competentieId"), c2);
    nb_t_resp_free(&r);
    /* A broken reference on PUT names the field too. */
    snprintf(other, sizeof other,
             "{\"naam\":\"Tijdelijk\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":10},"
             "{\"competentieId\":424242,\"gewicht\":5}]}",
             c2);
    nb_t_reqf(&srv, &r, "PUT", beheer, other, "/api/v1/rolprofielen/%lld", t);
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "competenties[1].competentieId"));
    nb_t_resp_free(&r);
}

static void test_profile_roles_and_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[512];
    long long c = comp("DV-DIGI", "Digitale dienstverlening", "dienstverlening");
    for (int i = 0; i < 3; i++) {
        snprintf(
            body, sizeof body,
            "{\"naam\":\"Profiel %d\",\"competenties\":[{\"competentieId\":%lld,\"gewicht\":%d}]}",
            i, c, 10 + i);
        nb_t_create(&srv, "/api/v1/rolprofielen", beheer, body);
    }
    const char *others[] = {coord, lezer, mw};
    for (int i = 0; i < 3; i++) {
        nb_t_reqf(&srv, &r, "POST", others[i], body, "/api/v1/rolprofielen");
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "PUT", others[i], body, "/api/v1/rolprofielen/1");
        nb_t_assert_status(&r, 403);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/rolprofielen");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", mw, NULL,
              "/api/v1/rolprofielen?competentieId=%lld&paginaGrootte=2&pagina=2", c);
    nb_t_assert_status(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 3);
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_null(json_object_get(links, "next"));
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "rolprofielen")), 1);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", mw, NULL, "/api/v1/rolprofielen?competentieId=%lld&paginaGrootte=2",
              c);
    links = json_object_get(r.json, "_links");
    assert_null(json_object_get(links, "prev"));
    assert_non_null(json_object_get(links, "next"));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comp_create_get_update),
        cmocka_unit_test(test_comp_invalid),
        cmocka_unit_test(test_comp_conflict),
        cmocka_unit_test(test_comp_roles),
        cmocka_unit_test(test_comp_filters_and_paging),
        cmocka_unit_test(test_profile_lifecycle),
        cmocka_unit_test(test_profile_invalid_and_conflict),
        cmocka_unit_test(test_profile_roles_and_paging),
    };
    return cmocka_run_group_tests_name("api-competenties", tests, setup, teardown);
}
