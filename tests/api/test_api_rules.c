/*
 * tests/api/test_api_rules.c — the API rules of issue 9 (slice 2), over real
 * HTTP: unknown query parameters are refused naming them (never ignored nor
 * echoed into paging links), on every route.
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
static char *beheer;

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    static const char *const orgs[] = {
        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}",
        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}",
        "{\"code\":\"PA-1\",\"soort\":\"partner\",\"naam\":\"Alblasserdam partner\"}",
        "{\"code\":\"GM0482\",\"soort\":\"gemeente\",\"naam\":\"alblasserdam\"}",
    };
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++)
        if (nb_t_create(&srv, "/api/v1/organisaties", beheer, orgs[i]) <= 0)
            return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nb_t_stop_beheer(&srv, &beheer);
}

/* The reason given for invalid param name, or NULL. */
static const char *invalid_reason(const nb_t_resp *r, const char *name)
{
    size_t i;
    json_t *p;
    json_array_foreach (json_object_get(r->json, "invalidParams"), i, p)
        if (strcmp(json_string_value(json_object_get(p, "name")), name) == 0)
            return json_string_value(json_object_get(p, "reason"));
    return NULL;
}

/* ---- 1. Unknown query parameters ------------------------------------------ */

static void test_unknown_query_parameters_refused(void **state)
{
    (void)state;
    nb_t_resp r;
    /* A list: the unknown ones are named, the known (valid) ones are not. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/organisaties?soort=gemeente&zoek=dord&paginaGrootte=5&x%%20y=1");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "zoek"));
    assert_true(nb_t_invalid(&r, "x y"));
    assert_false(nb_t_invalid(&r, "soort"));
    assert_false(nb_t_invalid(&r, "paginaGrootte"));
    const char *why = invalid_reason(&r, "zoek");
    assert_non_null(why);
    assert_non_null(strstr(why, "toegestaan: pagina, paginaGrootte, soort, code, naam"));
    assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")), 2);
    nb_t_resp_free(&r);

    /* A route that takes no query parameters at all, a single resource, the public document,
     * and a write (refused before its body is read). */
    static const char *const reads[] = {
        "/api/v1/grootboek/controle?pagina=1",
        "/api/v1/organisaties/1?velden=naam",
        "/api/v1/openapi.json?formaat=yaml",
        "/api/v1/organisaties/1/afschrift?vanaf=2020-01-01&van=2020-01-01",
    };
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", reads[i]);
        nb_t_assert_status(&r, 400);
        assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")), 1);
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/grootboek/controle?pagina=1");
    assert_non_null(strstr(invalid_reason(&r, "pagina"), "neemt geen queryparameters aan"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2020-01-01\",\"tot\":\"2020-01-31\"}",
              "/api/v1/perioden?dryRun=true");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "dryRun"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 0);
    nb_t_resp_free(&r);

    /* Authentication still comes first: no token is 401, not 400. */
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/organisaties?x=1");
    nb_t_assert_status(&r, 401);
    nb_t_resp_free(&r);
}

static void test_known_parameters_kept_in_links(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/organisaties?soort=gemeente&paginaGrootte=1&pagina=2");
    nb_t_assert_status(&r, 200);
    const char *next = json_string_value(
        json_object_get(json_object_get(json_object_get(r.json, "_links"), "next"), "href"));
    assert_non_null(next);
    assert_non_null(strstr(next, "soort=gemeente"));
    assert_non_null(strstr(next, "paginaGrootte=1"));
    assert_non_null(strstr(next, "pagina=3"));
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_query_parameters_refused),
        cmocka_unit_test(test_known_parameters_kept_in_links),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
