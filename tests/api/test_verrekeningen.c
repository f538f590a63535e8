/*
 * tests/api/test_verrekeningen.c — settlement (verrekening, issue 10 §4) over
 * real HTTP: refusals that write nothing (open period, unknown organisation
 * or period, bad shape, who may), the preview, no partial write when the
 * ledger refuses one organisation, the life cycle (balances settled to zero,
 * the sum of all balances zero, the control check ok, the statement per
 * organisation with hours, rate and amount), exactly once (a retry with the
 * same verzoekId answers 200 with the original and books nothing; other
 * content 409), the same period twice 409, settling by closed period, going
 * backwards 409, and the audit trail.
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
static char *beheer, *coord_a, *coord_b, *lezer;
static long long org_a, org_b, org_c;

/* ---- Helpers --------------------------------------------------------------- */

static long call(const char *method, const char *path, const char *tok, const char *body,
                 nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(nb_t_req(&srv, method, path, tok, body, r), 0);
    return r->status;
}

static long status_of(const char *method, const char *path, const char *tok, const char *body)
{
    nb_t_resp r;
    long s = call(method, path, tok, body, &r);
    if (s >= 500)
        print_message("%s %s -> %ld %s\n", method, path, s, r.body);
    nb_t_resp_free(&r);
    return s;
}

static long long jint(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    if (!json_is_integer(v))
        fail_msg("field %s is not an integer", k);
    return (long long)json_integer_value(v);
}

static const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The posted balance (saldoMinuten) of org. */
static long long balance(long long org)
{
    char path[128];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    long long v = jint(r.json, "saldoMinuten");
    nb_t_resp_free(&r);
    return v;
}

/* The total of a list (path with query). */
static long long total_of(const char *path)
{
    nb_t_resp r;
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    long long v = jint(r.json, "totaal");
    nb_t_resp_free(&r);
    return v;
}

/* GET /grootboek/controle is ok and the sum of every balance is zero. */
static void control_ok(void)
{
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/grootboek/controle", beheer, NULL, &r), 200);
    if (!json_is_true(json_object_get(r.json, "ok")))
        fail_msg("controle: %s", r.body);
    assert_true(json_is_true(json_object_get(r.json, "somIsNul")));
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/grootboek", beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "somSaldoMinuten"), 0);
    nb_t_resp_free(&r);
}

/* The line of org in a settlement or preview. */
static const json_t *line_of(const json_t *s, long long org)
{
    const json_t *lines = json_object_get(s, "regels");
    for (size_t i = 0; i < json_array_size(lines); i++) {
        const json_t *l = json_array_get(lines, i);
        if (jint(l, "organisatieId") == org)
            return l;
    }
    fail_msg("no line for organisation %lld", org);
    return NULL;
}

static const char *const settle_2025 = "{\"verzoekId\":\"vr-2025\",\"jaar\":2025,\"keuzes\":["
                                       "{\"organisatieId\":1,\"keuze\":\"verrekenen\"},"
                                       "{\"organisatieId\":2,\"keuze\":\"verrekenen\"},"
                                       "{\"organisatieId\":3,\"keuze\":\"overboeken\"}]}";

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                        "\"kredietlijnMinuten\":600}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    org_c = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\","
                        "\"kredietlijnMinuten\":1000}");
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    if (!beheer || !coord_a || !coord_b || !lezer || org_a != 1 || org_b != 2 || org_c != 3)
        return -1;
    /* rate 60 euro per hour; 2025 closed as one period; January 2026 closed */
    if (status_of("PUT", "/api/v1/netwerk/instellingen", beheer,
                  "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}") != 200 ||
        status_of("POST", "/api/v1/perioden", beheer,
                  "{\"van\":\"2024-03-01\",\"tot\":\"2024-03-31\"}") != 201 ||
        status_of("POST", "/api/v1/perioden", beheer,
                  "{\"van\":\"2025-01-01\",\"tot\":\"2025-06-30\"}") != 201 ||
        status_of("POST", "/api/v1/perioden", beheer,
                  "{\"van\":\"2025-07-01\",\"tot\":\"2025-12-31\"}") != 201 ||
        status_of("POST", "/api/v1/perioden", beheer,
                  "{\"van\":\"2026-01-01\",\"tot\":\"2026-01-31\"}") != 201)
        return -1;
    /* Dordrecht takes 600 minutes from Papendrecht, Zwijndrecht 150 */
    if (status_of("POST", "/api/v1/boekingen", beheer,
                  "{\"boekingen\":[{\"id\":\"w-1\",\"soort\":\"werk\",\"debetOrganisatieId\":1,"
                  "\"creditOrganisatieId\":2,\"minuten\":600},{\"id\":\"w-2\",\"soort\":\"werk\","
                  "\"debetOrganisatieId\":3,\"creditOrganisatieId\":2,\"minuten\":150}]}") != 201)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(coord_a);
    free(coord_b);
    free(lezer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- Tests ----------------------------------------------------------------- */

/* Every refusal is problem+json and writes nothing. */
static void test_refusals_write_nothing(void **state)
{
    (void)state;
    nb_t_resp r;
    /* 2023 has no closed period: open */
    assert_int_equal(
        call("POST", "/api/v1/verrekeningen", beheer, "{\"verzoekId\":\"x-1\",\"jaar\":2023}", &r),
        409);
    nb_t_assert_status(&r, 409);
    assert_non_null(strstr(jstr(r.json, "type"), "verrekening/periode-open"));
    assert_non_null(strstr(jstr(r.json, "detail"), "nog niet afgesloten"));
    nb_t_resp_free(&r);
    /* 2024: only March is closed */
    assert_int_equal(
        call("POST", "/api/v1/verrekeningen", beheer, "{\"verzoekId\":\"x-2\",\"jaar\":2024}", &r),
        409);
    assert_non_null(strstr(jstr(r.json, "detail"), "31 van de 366 dagen"));
    nb_t_resp_free(&r);
    /* neither year nor period; both */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer, "{\"verzoekId\":\"x-3\"}", &r),
                     400);
    assert_true(nb_t_invalid(&r, "jaar"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"x-3\",\"jaar\":2025,\"periodeId\":1}", &r),
                     400);
    nb_t_resp_free(&r);
    /* an unknown organisation, an unknown period, an organisation twice, a bad choice */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"x-4\",\"jaar\":2025,\"keuzes\":[{\"organisatieId\":1,"
                          "\"keuze\":\"verrekenen\"},{\"organisatieId\":99,\"keuze\":"
                          "\"verrekenen\"}]}",
                          &r),
                     422);
    nb_t_assert_status(&r, 422);
    assert_true(nb_t_invalid(&r, "keuzes[1].organisatieId"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"x-5\",\"periodeId\":99}", &r),
                     422);
    assert_true(nb_t_invalid(&r, "periodeId"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"x-6\",\"jaar\":2025,\"keuzes\":[{\"organisatieId\":1,"
                          "\"keuze\":\"verrekenen\"},{\"organisatieId\":1,\"keuze\":"
                          "\"overboeken\"}]}",
                          &r),
                     400);
    assert_true(nb_t_invalid(&r, "keuzes[1].organisatieId"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"x-7\",\"jaar\":2025,\"keuzes\":[{\"organisatieId\":1,"
                          "\"keuze\":\"kwijtschelden\"}]}",
                          &r),
                     400);
    nb_t_resp_free(&r);
    /* only network management books */
    assert_int_equal(status_of("POST", "/api/v1/verrekeningen", coord_a, settle_2025), 403);
    assert_int_equal(status_of("POST", "/api/v1/verrekeningen", lezer, settle_2025), 403);
    assert_int_equal(status_of("POST", "/api/v1/verrekeningen", NULL, settle_2025), 401);

    assert_int_equal(total_of("/api/v1/verrekeningen"), 0);
    assert_int_equal(total_of("/api/v1/boekingen?soort=correctie"), 0);
    assert_int_equal(balance(org_a), -600);
    assert_int_equal(balance(org_b), 750);
    control_ok();
}

/* The preview shows hours, rate and amounts and writes nothing. */
static void test_preview(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(
        call("GET", "/api/v1/verrekeningen/voorstel?jaar=2025&verrekenen=1,2", beheer, NULL, &r),
        200);
    assert_true(json_is_null(json_object_get(r.json, "geblokkeerd")));
    assert_int_equal(jint(r.json, "uurtariefCent"), 6000);
    assert_int_equal(jint(r.json, "betaaldCent"), 60000);
    assert_int_equal(jint(r.json, "ontvangenCent"), 75000);
    assert_int_equal(jint(r.json, "aantalVerrekend"), 2);
    const json_t *a = line_of(r.json, org_a), *b = line_of(r.json, org_b),
                 *c = line_of(r.json, org_c);
    assert_int_equal(jint(a, "saldoMinuten"), -600);
    assert_int_equal(jint(a, "afgenomenMinuten"), 0); /* booked now, not in 2025 */
    assert_int_equal(jint(a, "bedragCent"), -60000);
    assert_string_equal(jstr(a, "richting"), "betaalt");
    assert_int_equal(jint(b, "bedragCent"), 75000);
    assert_string_equal(jstr(b, "richting"), "ontvangt");
    assert_string_equal(jstr(c, "keuze"), "overboeken");
    assert_int_equal(jint(c, "bedragCent"), 0);
    assert_true(json_is_true(json_object_get(b, "verrekenbaar")));
    nb_t_resp_free(&r);
    /* an open year previews, blocked with the reason */
    assert_int_equal(call("GET", "/api/v1/verrekeningen/voorstel?jaar=2023", beheer, NULL, &r),
                     200);
    assert_non_null(strstr(jstr(r.json, "geblokkeerd"), "nog niet afgesloten"));
    nb_t_resp_free(&r);
    assert_int_equal(
        status_of("GET", "/api/v1/verrekeningen/voorstel?jaar=2025&verrekenen=1,x", beheer, NULL),
        400);
    assert_int_equal(status_of("GET", "/api/v1/verrekeningen/voorstel", beheer, NULL), 400);
    assert_int_equal(status_of("GET", "/api/v1/verrekeningen/voorstel?jaar=2025", coord_a, NULL),
                     403);
    assert_int_equal(total_of("/api/v1/verrekeningen"), 0);
}

/* When the ledger refuses one organisation, nothing of the settlement is
 * written: not the transfers of the others, not the settlement row. */
static void test_no_partial_write(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Papendrecht reserves 700 minutes of Zwijndrecht's work: it cannot give
     * its 750 back to the fund now (700 reserved > its credit line 0). */
    assert_int_equal(status_of("POST", "/api/v1/boekingen", beheer,
                               "{\"boekingen\":[{\"id\":\"res-1\",\"soort\":\"reserveren\","
                               "\"debetOrganisatieId\":2,\"creditOrganisatieId\":3,"
                               "\"minuten\":700}]}"),
                     201);
    assert_int_equal(
        call("GET", "/api/v1/verrekeningen/voorstel?jaar=2025&verrekenen=1,2", beheer, NULL, &r),
        200);
    assert_true(json_is_false(json_object_get(line_of(r.json, org_b), "verrekenbaar")));
    assert_true(json_is_true(json_object_get(line_of(r.json, org_a), "verrekenbaar")));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer, settle_2025, &r), 422);
    nb_t_assert_status(&r, 422);
    assert_non_null(strstr(jstr(r.json, "type"), "onvoldoende-beschikbaar"));
    assert_non_null(strstr(jstr(r.json, "detail"), "Papendrecht"));
    nb_t_resp_free(&r);
    /* Dordrecht's transfer came first in the chain and is not there either */
    assert_int_equal(total_of("/api/v1/verrekeningen"), 0);
    assert_int_equal(total_of("/api/v1/boekingen?soort=correctie"), 0);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/sys:vr:1:1", beheer, NULL), 404);
    assert_int_equal(balance(org_a), -600);
    assert_int_equal(balance(org_b), 750);
    control_ok();
    /* release the reservation; the same verzoekId is still free */
    assert_int_equal(status_of("POST", "/api/v1/boekingen", beheer,
                               "{\"boekingen\":[{\"id\":\"res-1-vrij\",\"soort\":\"vrijgeven\","
                               "\"reserveringId\":\"res-1\"}]}"),
                     201);
}

/* Booking: balances to zero, sum zero, control ok; a statement per
 * organisation; exactly once. */
static void test_life_cycle_exactly_once(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer, settle_2025, &r), 201);
    long long id = jint(r.json, "id");
    assert_non_null(strstr(nb_t_header(&r, "Location"), "/api/v1/verrekeningen/"));
    assert_string_equal(jstr(r.json, "verzoekId"), "vr-2025");
    assert_string_equal(jstr(r.json, "van"), "2025-01-01");
    assert_string_equal(jstr(r.json, "tot"), "2025-12-31");
    assert_int_equal(jint(r.json, "jaar"), 2025);
    assert_int_equal(jint(r.json, "uurtariefCent"), 6000);
    assert_int_equal(jint(r.json, "betaaldCent"), 60000);
    assert_int_equal(jint(r.json, "ontvangenCent"), 75000);
    assert_int_equal(jint(r.json, "aantalVerrekend"), 2);
    assert_string_equal(jstr(r.json, "vastgelegdDoor"), "beheer:beheer");
    const json_t *a = line_of(r.json, org_a), *c = line_of(r.json, org_c);
    assert_int_equal(jint(a, "saldoMinuten"), -600);
    assert_int_equal(jint(a, "bedragCent"), -60000);
    char tid[64];
    snprintf(tid, sizeof tid, "%s", jstr(a, "boekingId"));
    assert_int_equal(jint(line_of(r.json, org_b), "bedragCent"), 75000);
    assert_int_equal(jint(c, "saldoMinuten"), -150);
    assert_true(json_is_null(json_object_get(c, "boekingId")));
    nb_t_resp_free(&r);

    /* the settled balances are zero, the carried one is not; sum zero, control ok */
    assert_int_equal(balance(org_a), 0);
    assert_int_equal(balance(org_b), 0);
    assert_int_equal(balance(org_c), -150);
    control_ok();
    assert_int_equal(total_of("/api/v1/boekingen?soort=correctie"), 2);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/boekingen/%s", tid);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_string_equal(jstr(r.json, "soort"), "correctie");
    assert_int_equal(jint(r.json, "minuten"), 600);
    assert_true(json_is_null(json_object_get(r.json, "debetOrganisatieId"))); /* the fund */
    nb_t_resp_free(&r);

    /* a retry with the same verzoekId and content: 200, the original, nothing booked */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer, settle_2025, &r), 200);
    assert_int_equal(jint(r.json, "id"), id);
    assert_int_equal(jint(r.json, "ontvangenCent"), 75000);
    assert_int_equal(jint(line_of(r.json, org_a), "saldoMinuten"), -600);
    nb_t_resp_free(&r);
    /* the same content written otherwise (order, the default overboeken left out) */
    assert_int_equal(status_of("POST", "/api/v1/verrekeningen", beheer,
                               "{\"verzoekId\":\"vr-2025\",\"jaar\":2025,\"keuzes\":["
                               "{\"organisatieId\":2,\"keuze\":\"verrekenen\"},"
                               "{\"organisatieId\":1,\"keuze\":\"verrekenen\"}]}"),
                     200);
    assert_int_equal(total_of("/api/v1/verrekeningen"), 1);
    assert_int_equal(total_of("/api/v1/boekingen?soort=correctie"), 2);
    assert_int_equal(balance(org_c), -150);
    control_ok();
    /* the same verzoekId with other content: 409 */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"vr-2025\",\"jaar\":2025,\"keuzes\":["
                          "{\"organisatieId\":3,\"keuze\":\"verrekenen\"}]}",
                          &r),
                     409);
    nb_t_assert_status(&r, 409);
    assert_true(nb_t_invalid(&r, "verzoekId"));
    nb_t_resp_free(&r);
    /* the same period again under a new id: 409 */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"vr-2025-b\",\"jaar\":2025,\"keuzes\":["
                          "{\"organisatieId\":3,\"keuze\":\"verrekenen\"}]}",
                          &r),
                     409);
    assert_non_null(strstr(jstr(r.json, "type"), "verrekening/al-verrekend"));
    assert_non_null(strstr(jstr(r.json, "detail"), "al verrekend"));
    nb_t_resp_free(&r);
    assert_int_equal(balance(org_c), -150);
    assert_int_equal(total_of("/api/v1/verrekeningen"), 1);

    /* reading: the list has no lines; a coordinator sees only its own line */
    assert_int_equal(call("GET", "/api/v1/verrekeningen", coord_a, NULL, &r), 200);
    const json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "verrekeningen");
    assert_int_equal(json_array_size(items), 1);
    assert_null(json_object_get(json_array_get(items, 0), "regels"));
    nb_t_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/verrekeningen/%lld", id);
    assert_int_equal(call("GET", path, coord_b, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 1);
    assert_int_equal(jint(line_of(r.json, org_b), "bedragCent"), 75000);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", path, lezer, NULL, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 3);
    nb_t_resp_free(&r);
    assert_int_equal(status_of("GET", "/api/v1/verrekeningen/999", beheer, NULL), 404);

    /* audited once */
    snprintf(path, sizeof path, "/api/v1/auditregels?entiteit=verrekening&entiteitId=%lld", id);
    assert_int_equal(total_of(path), 1);
}

/* By closed period; then going back in time is refused. */
static void test_by_period_and_order(void **state)
{
    (void)state;
    nb_t_resp r;
    /* period 4 is January 2026 */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"vr-2026-01\",\"periodeId\":4,\"keuzes\":["
                          "{\"organisatieId\":3,\"keuze\":\"verrekenen\"}]}",
                          &r),
                     201);
    assert_true(json_is_null(json_object_get(r.json, "jaar")));
    assert_int_equal(jint(r.json, "periodeId"), 4);
    assert_string_equal(jstr(r.json, "van"), "2026-01-01");
    assert_int_equal(jint(line_of(r.json, org_c), "bedragCent"), -15000);
    assert_int_equal(jint(r.json, "betaaldCent"), 15000);
    nb_t_resp_free(&r);
    assert_int_equal(balance(org_c), 0);
    control_ok();
    /* March 2024 is closed but lies before the settlements made: 409 */
    assert_int_equal(call("POST", "/api/v1/verrekeningen", beheer,
                          "{\"verzoekId\":\"vr-2024-03\",\"periodeId\":1}", &r),
                     409);
    assert_non_null(strstr(jstr(r.json, "detail"), "vooruit"));
    nb_t_resp_free(&r);
    /* newest period first */
    assert_int_equal(call("GET", "/api/v1/verrekeningen", lezer, NULL, &r), 200);
    const json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "verrekeningen");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(jstr(json_array_get(items, 0), "verzoekId"), "vr-2026-01");
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refusals_write_nothing),
        cmocka_unit_test(test_preview),
        cmocka_unit_test(test_no_partial_write),
        cmocka_unit_test(test_life_cycle_exactly_once),
        cmocka_unit_test(test_by_period_and_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
