/*
 * tests/api/test_leerervaringen.c — lessons learned over real HTTP (issue 11
 * §2): who may write one (a participant whose allocation was confirmed, the
 * ambtelijk opdrachtgever, a requesting coordinator, the MT; not a person
 * with only a concept allocation, not another organisation's coordinator),
 * a concept has none (409), every bad field named (400), an unknown
 * assignment (422), the filters and the order of the list, the audit log,
 * no person's name in a lesson, and no way to change or delete one.
 *
 * The network: Aadorp (A) requests an assignment with one line; pa works on
 * it (confirmed), pn has only a concept allocation, pc is the ambtelijk
 * opdrachtgever; Bedum (B) has its own coordinator.
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
static char *beheer, *coord_a, *coord_b, *med_a, *med_n, *med_c;
static long long org_a, org_b, comp, pa, pn, pc, asg, concept;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long person(const char *name, const char *email)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":10,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":4}]}",
             org_a, name, email, comp);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

static void send(const char *token, const char *method, const char *path, const char *body,
                 long status, nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    nb_t_reqf(&srv, r, method, token, body, "%s", path);
    nb_t_assert_status(r, status);
}

static long long mk_asg(const char *title)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"%s\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
             "\"startdatum\":\"2025-01-01\",\"einddatum\":\"2030-12-31\","
             "\"bestuurlijkOpdrachtgever\":\"Wethouder Smit\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],\"regels\":[{\"competentieId\":%lld,"
             "\"minimumNiveau\":2,\"minuten\":6000}]}",
             title, pc, org_a, comp);
    nb_t_resp r;
    send(beheer, "POST", "/api/v1/opdrachten", body, 201, &r);
    long long id = num(r.json, "id");
    nb_t_resp_free(&r);
    return id;
}

static void status(long long id, const char *to)
{
    char path[64], body[64];
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    snprintf(body, sizeof body, "{\"status\":\"%s\"}", to);
    nb_t_resp r;
    send(beheer, "PUT", path, body, 200, &r);
    nb_t_resp_free(&r);
}

static long long allocate(long long person_id, int confirm)
{
    nb_t_resp r;
    char body[256];
    char path[64];
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", asg);
    send(beheer, "GET", path, NULL, 200, &r);
    long long line = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    nb_t_resp_free(&r);
    snprintf(body, sizeof body,
             "{\"opdrachtId\":%lld,\"regelId\":%lld,\"medewerkerId\":%lld,\"minuten\":600}", asg,
             line, person_id);
    long long id = nb_t_create(&srv, "/api/v1/inzetten", beheer, body);
    if (confirm) {
        snprintf(path, sizeof path, "/api/v1/inzetten/%lld/status", id);
        send(beheer, "PUT", path, "{\"status\":\"bevestigd\"}", 200, &r);
        nb_t_resp_free(&r);
    }
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0001\",\"soort\":\"gemeente\",\"naam\":\"Aadorp\","
                        "\"inwoners\":1000,\"kredietlijnMinuten\":100000}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"Bedum\"}");
    comp = nb_t_create(&srv, "/api/v1/competenties", beheer,
                       "{\"code\":\"SOC-J\",\"naam\":\"Jeugd\",\"domein\":\"sociaal\"}");
    pa = person("Anna Aan", "anna@aadorp.nl");
    pn = person("Niels Nog", "niels@aadorp.nl");
    pc = person("Carla Chef", "carla@aadorp.nl");
    asg = mk_asg("Jeugdbeleid herijken");
    status(asg, "ingediend");
    status(asg, "geaccepteerd");
    nb_t_consent_all(&srv, beheer, asg);
    allocate(pa, 1);
    allocate(pn, 0);
    concept = mk_asg("Nog een concept");
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    med_a = nb_t_token(&srv, "medewerker", org_a, pa);
    med_n = nb_t_token(&srv, "medewerker", org_a, pn);
    med_c = nb_t_token(&srv, "medewerker", org_a, pc);
    return coord_a && coord_b && med_a && med_n && med_c ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(coord_a);
    free(coord_b);
    free(med_a);
    free(med_n);
    free(med_c);
    return nb_t_stop_beheer(&srv, &beheer);
}

static void lesson_body(char *out, size_t n, long long asg_id, const char *category,
                        const char *well, const char *better)
{
    snprintf(out, n,
             "{\"opdrachtId\":%lld,\"categorie\":\"%s\",\"watGingGoed\":\"%s\","
             "\"watKanBeter\":\"%s\"}",
             asg_id, category, well, better);
}

/* Each writer's role and organisation; who may not write gets 403. */
static void test_who_may_write(void **state)
{
    (void)state;
    char body[512];
    nb_t_resp r;
    static const struct {
        char **token;
        long status;
        const char *role;
        int org_a;
    } cases[] = {
        {&beheer, 201, "netwerk-mt", 0}, {&coord_a, 201, "coordinator", 1},
        {&med_a, 201, "deelnemer", 1},   {&med_c, 201, "opdrachtgever", 1},
        {&med_n, 403, NULL, 0},          {&coord_b, 403, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lesson_body(body, sizeof body, asg, "proces", "Goed overleg", "");
        send(*cases[i].token, "POST", "/api/v1/leerervaringen", body, cases[i].status, &r);
        if (cases[i].role) {
            assert_string_equal(json_string_value(json_object_get(r.json, "rol")), cases[i].role);
            if (cases[i].org_a)
                assert_int_equal(num(r.json, "organisatieId"), org_a);
            else
                assert_true(json_is_null(json_object_get(r.json, "organisatieId")));
            /* no person in a lesson */
            assert_null(strstr(r.body, "Anna"));
            assert_null(strstr(r.body, "Carla"));
            assert_null(json_object_get(r.json, "medewerkerId"));
            assert_non_null(strstr(nb_t_header(&r, "Location"), "/api/v1/leerervaringen/"));
        }
        nb_t_resp_free(&r);
    }
    /* a concept has no lessons yet */
    lesson_body(body, sizeof body, concept, "proces", "x", "");
    send(beheer, "POST", "/api/v1/leerervaringen", body, 409, &r);
    nb_t_resp_free(&r);
}

static void test_bad_input(void **state)
{
    (void)state;
    char body[6000];
    nb_t_resp r;
    lesson_body(body, sizeof body, asg, "proces", " ", "");
    send(beheer, "POST", "/api/v1/leerervaringen", body, 400, &r);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "invalidParams"), 0), "name")),
                        "watGingGoed");
    nb_t_resp_free(&r);
    lesson_body(body, sizeof body, asg, "gezelligheid", "x", "");
    send(beheer, "POST", "/api/v1/leerervaringen", body, 400, &r);
    assert_non_null(strstr(r.body, "categorie"));
    nb_t_resp_free(&r);
    char longtext[2100];
    memset(longtext, 'a', 2001);
    longtext[2001] = '\0';
    lesson_body(body, sizeof body, asg, "inhoud", "x", longtext);
    send(beheer, "POST", "/api/v1/leerervaringen", body, 400, &r);
    assert_non_null(strstr(r.body, "watKanBeter"));
    nb_t_resp_free(&r);
    /* 2000 characters of two bytes each fit */
    char *two = malloc(4001 + 1);
    for (int i = 0; i < 2000; i++)
        memcpy(two + 2 * i, "\xc3\xa9", 2);
    two[4000] = '\0';
    lesson_body(body, sizeof body, asg, "inhoud", two, "");
    free(two);
    send(beheer, "POST", "/api/v1/leerervaringen", body, 201, &r);
    nb_t_resp_free(&r);
    lesson_body(body, sizeof body, 999999, "proces", "x", "");
    send(beheer, "POST", "/api/v1/leerervaringen", body, 422, &r);
    assert_non_null(strstr(r.body, "opdrachtId"));
    nb_t_resp_free(&r);
    send(beheer, "GET", "/api/v1/leerervaringen/999999", NULL, 404, &r);
    nb_t_resp_free(&r);
    send(beheer, "GET", "/api/v1/leerervaringen?categorie=x", NULL, 400, &r);
    nb_t_resp_free(&r);
}

/* Filters, newest first, the audit log; lessons cannot be changed or deleted. */
static void test_list_filters_audit_and_no_change(void **state)
{
    (void)state;
    char body[512], path[128];
    nb_t_resp r;
    lesson_body(body, sizeof body, asg, "middelen", "", "Betere laptops");
    send(coord_a, "POST", "/api/v1/leerervaringen", body, 201, &r);
    long long id = num(r.json, "id");
    nb_t_resp_free(&r);
    send(beheer, "GET", "/api/v1/leerervaringen?categorie=middelen", NULL, 200, &r);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/leerervaringen?opdrachtId=%lld&paginaGrootte=100", asg);
    send(beheer, "GET", path, NULL, 200, &r);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "leerervaringen");
    assert_true(json_array_size(items) >= 2);
    assert_int_equal(num(json_array_get(items, 0), "id"), id); /* newest first */
    for (size_t i = 1; i < json_array_size(items); i++)
        assert_true(num(json_array_get(items, i - 1), "id") > num(json_array_get(items, i), "id"));
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/leerervaringen?organisatieId=%lld", org_b);
    send(beheer, "GET", path, NULL, 200, &r);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    send(beheer, "GET", "/api/v1/leerervaringen?tot=2020-01-01", NULL, 200, &r);
    assert_int_equal(num(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/auditregels?entiteit=leerervaring&entiteitId=%lld", id);
    send(beheer, "GET", path, NULL, 200, &r);
    assert_int_equal(num(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/leerervaringen/%lld", id);
    send(beheer, "PUT", path, body, 405, &r);
    nb_t_resp_free(&r);
    send(beheer, "DELETE", path, NULL, 405, &r);
    nb_t_resp_free(&r);
    send(med_n, "GET", path, NULL, 200, &r); /* every role reads it */
    assert_string_equal(json_string_value(json_object_get(r.json, "watKanBeter")),
                        "Betere laptops");
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_may_write),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_list_filters_audit_and_no_change),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
