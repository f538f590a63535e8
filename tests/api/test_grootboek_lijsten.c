/*
 * tests/api/test_grootboek_lijsten.c — the hours ledger's reads over real
 * HTTP, on the ledger the writes of test_grootboek.c leave (setup_booked of
 * grootboek_fixture.c): access per role, lists with filters and paging, the
 * grootboek overview with the near-limit list, statements (JSON and CSV), a
 * credit line lowered to exactly what is used, and the list of an
 * organisation without an account.
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

/* ---- Tests ----------------------------------------------------------------- */

static void test_roles(void **state)
{
    (void)state;
    char path[128];
    const char *item = "{\"boekingen\":[{\"id\":\"role-1\",\"soort\":\"correctie\","
                       "\"creditOrganisatieId\":1,\"minuten\":1}]}";
    assert_int_equal(status_of("POST", "/api/v1/boekingen", coord_a, item), 403);
    assert_int_equal(status_of("POST", "/api/v1/boekingen", lezer, item), 403);
    assert_int_equal(status_of("POST", "/api/v1/boekingen", mw_a, item), 403);
    assert_int_equal(status_of("POST", "/api/v1/boekingen", NULL, item), 401);
    assert_int_equal(status_of("GET", "/api/v1/grootboek", lezer, NULL), 200);
    assert_int_equal(status_of("GET", "/api/v1/grootboek", coord_a, NULL), 403);
    assert_int_equal(status_of("GET", "/api/v1/grootboek", mw_a, NULL), 403);
    assert_int_equal(status_of("GET", "/api/v1/grootboek", NULL, NULL), 401);
    assert_int_equal(status_of("GET", "/api/v1/grootboek/controle", lezer, NULL), 403);
    assert_int_equal(status_of("GET", "/api/v1/grootboek/controle", coord_a, NULL), 403);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org_a);
    assert_int_equal(status_of("GET", path, coord_a, NULL), 200);
    assert_int_equal(status_of("GET", path, lezer, NULL), 200);
    assert_int_equal(status_of("GET", path, coord_b, NULL), 403);
    assert_int_equal(status_of("GET", path, mw_a, NULL), 403);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift", org_a);
    assert_int_equal(status_of("GET", path, coord_a, NULL), 200);
    assert_int_equal(status_of("GET", path, coord_b, NULL), 403);
    assert_int_equal(status_of("GET", path, mw_a, NULL), 403);
    /* Transfers: a coordinator sees only their own organisation's. */
    assert_int_equal(status_of("GET", "/api/v1/boekingen/res-1", coord_a, NULL), 200);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/b1-r", coord_b, NULL), 403);
    assert_int_equal(status_of("GET", "/api/v1/boekingen?organisatieId=1", coord_b, NULL), 403);
    assert_int_equal(status_of("GET", "/api/v1/boekingen", mw_a, NULL), 403);
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/boekingen?paginaGrootte=100", coord_b, NULL, &r), 200);
    size_t i;
    json_t *b;
    json_array_foreach (json_object_get(json_object_get(r.json, "_embedded"), "boekingen"), i, b) {
        int mine = json_integer_value(json_object_get(b, "debetOrganisatieId")) == org_b ||
                   json_integer_value(json_object_get(b, "creditOrganisatieId")) == org_b;
        assert_true(mine);
    }
    nb_t_resp_free(&r);
}

static void test_lists_and_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(
        call("GET", "/api/v1/boekingen?organisatieId=1&paginaGrootte=2", lezer, NULL, &r), 200);
    long long total = jint(r.json, "totaal");
    assert_true(total > 4);
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "next"));
    assert_null(json_object_get(links, "prev"));
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "boekingen")), 2);
    nb_t_resp_free(&r);
    assert_int_equal(
        call("GET", "/api/v1/boekingen?organisatieId=1&paginaGrootte=2&pagina=2", lezer, NULL, &r),
        200);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "prev"));
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/boekingen?soort=storting", beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "totaal"), 1);
    nb_t_resp_free(&r);
    assert_int_equal(
        call("GET", "/api/v1/boekingen?vanaf=2000-01-01&tot=2999-12-31", beheer, NULL, &r), 200);
    assert_true(jint(r.json, "totaal") > 10);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/boekingen?vanaf=2999-01-01", beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET",
                          "/api/v1/boekingen?soort=taart&vanaf=gisteren&organisatieId=x"
                          "&paginaGrootte=0",
                          beheer, NULL, &r),
                     400);
    assert_true(nb_t_invalid(&r, "soort"));
    assert_true(nb_t_invalid(&r, "vanaf"));
    assert_true(nb_t_invalid(&r, "organisatieId"));
    assert_true(nb_t_invalid(&r, "paginaGrootte"));
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/boekingen?organisatieId=999", beheer, NULL, &r), 400);
    assert_true(nb_t_invalid(&r, "organisatieId"));
    nb_t_resp_free(&r);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/bestaat-niet", beheer, NULL), 404);
    assert_int_equal(status_of("GET", "/api/v1/organisaties/999/saldo", beheer, NULL), 404);
    assert_int_equal(status_of("GET", "/api/v1/organisaties/999/afschrift", beheer, NULL), 404);
}

static void test_grootboek_overview(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Zwijndrecht (C) reserves 900 of its 970: 70 left < 10% of 1000. */
    assert_int_equal(post1_status("{\"id\":\"c-res\",\"soort\":\"reserveren\","
                                  "\"debetOrganisatieId\":3,\"creditOrganisatieId\":2,"
                                  "\"minuten\":900}"),
                     201);
    assert_int_equal(call("GET", "/api/v1/grootboek", lezer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "somSaldoMinuten"), 0);
    assert_int_equal(jint(r.json, "somGereserveerdMinuten"), 0);
    assert_int_equal(jint(r.json, "drempelProcent"), 10);
    json_t *fund = json_object_get(r.json, "fonds");
    assert_string_equal(jstr(fund, "naam"), "netwerkfonds");
    json_t *orgs = json_object_get(r.json, "organisaties");
    assert_int_equal(json_array_size(orgs), 3);
    /* sorted by name: Dordrecht, Papendrecht, Zwijndrecht */
    assert_string_equal(jstr(json_array_get(orgs, 0), "naam"), "Dordrecht");
    assert_string_equal(jstr(json_array_get(orgs, 2), "naam"), "Zwijndrecht");
    json_t *near = json_object_get(r.json, "bijnaOpLimiet");
    assert_int_equal(json_array_size(near), 1);
    assert_int_equal(jint(json_array_get(near, 0), "organisatieId"), org_c);
    assert_int_equal(jint(json_array_get(near, 0), "beschikbaarMinuten"), 70);
    assert_true(json_is_true(json_object_get(json_array_get(orgs, 2), "bijnaOpLimiet")));
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/grootboek?drempelProcent=5", beheer, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "bijnaOpLimiet")), 0);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/grootboek?drempelProcent=50", beheer, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "bijnaOpLimiet")), 2);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/grootboek?drempelProcent=abc", beheer, NULL, &r), 400);
    assert_true(nb_t_invalid(&r, "drempelProcent"));
    nb_t_resp_free(&r);
    json_t *s = saldo(org_c);
    assert_int_equal(jint(s, "debetGereserveerdMinuten"), 900);
    assert_int_equal(jint(s, "debetGeboektMinuten"), 30);
    assert_int_equal(jint(s, "saldoMinuten"), -30);
    assert_true(json_is_true(json_object_get(s, "bijnaOpLimiet")));
    json_decref(s);
}

static void test_statement(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[160];
    json_t *s = saldo(org_a);
    long long balance = jint(s, "saldoMinuten");
    json_decref(s);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift", org_a);
    assert_int_equal(call("GET", path, coord_a, NULL, &r), 200);
    assert_int_equal(jint(r.json, "beginsaldoMinuten"), 0);
    assert_int_equal(jint(r.json, "eindsaldoMinuten"), balance);
    json_t *lines = json_object_get(r.json, "regels");
    assert_true(json_array_size(lines) >= 8);
    long long running = 0;
    int saw_fund = 0, saw_papendrecht = 0;
    size_t i;
    json_t *l;
    json_array_foreach (lines, i, l) {
        running += jint(l, "mutatieMinuten");
        assert_int_equal(jint(l, "saldoMinuten"), running);
        saw_fund |= strcmp(jstr(l, "tegenpartij"), "netwerkfonds") == 0;
        saw_papendrecht |= strcmp(jstr(l, "tegenpartij"), "Papendrecht") == 0;
        assert_non_null(jstr(l, "datum"));
        assert_non_null(jstr(l, "soort"));
    }
    assert_true(saw_fund && saw_papendrecht);
    /* The lines are streamed (issue 14), the rest is a tree: the whole body
     * is still what jansson writes for it, members in the documented order. */
    char *again = json_dumps(r.json, JSON_COMPACT | JSON_ENSURE_ASCII);
    assert_string_equal(again, r.body);
    free(again);
    static const char *const order[] = {
        "datum",       "tijdstip", "boekingId",    "tegenpartij",    "tegenpartijOrganisatieId",
        "soort",       "fase",     "omschrijving", "boekingMinuten", "mutatieMinuten",
        "saldoMinuten"};
    void *it = json_object_iter(json_array_get(lines, 0));
    for (size_t k = 0; k < sizeof order / sizeof order[0];
         k++, it = json_object_iter_next(json_array_get(lines, 0), it)) {
        assert_non_null(it);
        assert_string_equal(json_object_iter_key(it), order[k]);
    }
    assert_null(it);
    nb_t_resp_free(&r);
    /* A period in the future: everything is in the opening balance. */
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift?vanaf=2999-01-01", org_a);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "beginsaldoMinuten"), balance);
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 0);
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift?vanaf=2025-13-01&tot=x",
             org_a);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 400);
    assert_true(nb_t_invalid(&r, "vanaf"));
    assert_true(nb_t_invalid(&r, "tot"));
    nb_t_resp_free(&r);

    /* CSV for Dutch Excel. */
    const char *accept[] = {"Accept: text/csv", NULL};
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/afschrift.csv", org_a);
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req_h(&srv, "GET", path, beheer, NULL, accept, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(nb_t_header(&r, "Content-Type"), "text/csv"));
    assert_memory_equal(r.body,
                        "\xEF\xBB\xBF"
                        "datum;tijdstip;boeking;tegenpartij;",
                        37);
    assert_non_null(strstr(r.body, ";netwerkfonds;"));
    assert_non_null(strstr(r.body, ";Papendrecht;"));
    assert_non_null(strstr(r.body, "beginsaldo"));
    assert_non_null(strstr(r.body, "eindsaldo"));
    assert_non_null(strstr(r.body, ";-500;-8,33;")); /* the post of 500 minutes */
    assert_non_null(strstr(nb_t_header(&r, "Content-Disposition"), "afschrift-GM0505.csv"));
    nb_t_resp_free(&r);
    const char *json_only[] = {"Accept: application/json", NULL};
    memset(&r, 0, sizeof r);
    assert_int_equal(nb_t_req_h(&srv, "GET", path, beheer, NULL, json_only, &r), 0);
    assert_int_equal(r.status, 406);
    nb_t_resp_free(&r);
    assert_int_equal(status_of("GET", path, coord_b, NULL), 403);
}

static void test_credit_line_lowering(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[128];
    /* A: credit line 900, uses 500 posted - 30 received - 0 = 470, 10 pending -> 480. */
    json_t *s = saldo(org_a);
    long long used = jint(s, "debetGereserveerdMinuten") + jint(s, "debetGeboektMinuten") -
                     jint(s, "creditGeboektMinuten");
    json_decref(s);
    assert_true(used > 0);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld", org_a);
    char body[256];
    snprintf(body, sizeof body,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
             "\"kredietlijnMinuten\":%lld}",
             used - 1);
    assert_int_equal(call("PUT", path, beheer, body, &r), 422);
    assert_int_equal(jint(r.json, "organisatieId"), org_a);
    assert_int_equal(jint(r.json, "tekortMinuten"), 1);
    assert_non_null(strstr(jstr(r.json, "detail"), "Dordrecht"));
    assert_true(nb_t_invalid(&r, "kredietlijnMinuten"));
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "kredietlijnMinuten"), 900);
    nb_t_resp_free(&r);
    /* Exactly what it uses: accepted, nothing left. */
    snprintf(body, sizeof body,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
             "\"kredietlijnMinuten\":%lld}",
             used);
    assert_int_equal(call("PUT", path, beheer, body, &r), 200);
    assert_int_equal(jint(r.json, "kredietlijnMinuten"), used);
    nb_t_resp_free(&r);
    assert_int_equal(avail(org_a), 0);
    /* A new organisation with a credit line has it in the ledger at once. */
    long long d = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                              "{\"code\":\"POOL-1\",\"soort\":\"pool\",\"naam\":\"Flexpool\","
                              "\"kredietlijnMinuten\":240}");
    assert_int_equal(avail(d), 240);
    control_ok();
}

/* Runs last: the organisation it adds would change the overview's counts. */
static void test_list_without_account(void **state)
{
    (void)state;
    nb_t_resp r;
    /* An organisation without an account yet has no transfers: the empty page (not every
     * transfer, as a filter without the account would give). */
    char path[128];
    long long org_d = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                                  "{\"code\":\"GM0531\",\"soort\":\"gemeente\","
                                  "\"naam\":\"Hendrik-Ido-Ambacht\"}");
    assert_true(org_d > 0);
    snprintf(path, sizeof path, "/api/v1/boekingen?organisatieId=%lld", org_d);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "totaal"), 0);
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "boekingen")), 0);
    nb_t_resp_free(&r);
    /* A range that ends before 1970 holds none either. */
    assert_int_equal(call("GET", "/api/v1/boekingen?tot=1969-12-31", beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "totaal"), 0);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/boekingen?vanaf=1969-12-31", beheer, NULL, &r), 200);
    assert_true(jint(r.json, "totaal") > 10);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_lists_and_paging),
        cmocka_unit_test(test_grootboek_overview),
        cmocka_unit_test(test_statement),
        cmocka_unit_test(test_credit_line_lowering),
        cmocka_unit_test(test_list_without_account),
    };
    return cmocka_run_group_tests(tests, setup_booked, teardown);
}
