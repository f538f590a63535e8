/*
 * tests/api/test_grootboek.c — the hours ledger over real HTTP: network
 * settings, credit lines kept equal to the registry, deposits at the hour
 * rate, the limit (exactly at it accepted, one minute over refused with the
 * numbers), two-phase post/void exactly once, reversals, linked batches,
 * idempotent retries and 409 on reuse, every 400 named at once, access per
 * role, lists with filters and paging, the grootboek overview with the
 * near-limit list, statements (JSON and CSV) and the control endpoint.
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
static char *beheer, *coord_a, *coord_b, *mw_a, *lezer;
static long long org_a, org_b, org_c;

/* ---- Helpers --------------------------------------------------------------- */

static long call(const char *method, const char *path, const char *tok, const char *body,
                 nb_t_resp *r)
{
    memset(r, 0, sizeof *r);
    assert_int_equal(nb_t_req(&srv, method, path, tok, body, r), 0);
    return r->status;
}

/* Sends and frees; returns the status. */
static long status_of(const char *method, const char *path, const char *tok, const char *body)
{
    nb_t_resp r;
    long s = call(method, path, tok, body, &r);
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

/* POST one transfer given as the inner object text. */
static long post1(const char *item, nb_t_resp *r)
{
    char body[2048];
    snprintf(body, sizeof body, "{\"boekingen\":[%s]}", item);
    return call("POST", "/api/v1/boekingen", beheer, body, r);
}

static long post1_status(const char *item)
{
    nb_t_resp r;
    long s = post1(item, &r);
    if (s >= 400 && s != 409 && s != 422)
        print_message("POST %s -> %ld %s\n", item, s, r.body);
    nb_t_resp_free(&r);
    return s;
}

static json_t *saldo(long long org)
{
    char path[128];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld/saldo", org);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

static long long avail(long long org)
{
    json_t *j = saldo(org);
    long long v = jint(j, "beschikbaarMinuten");
    json_decref(j);
    return v;
}

static void control_ok(void)
{
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/grootboek/controle", beheer, NULL, &r), 200);
    if (!json_is_true(json_object_get(r.json, "ok")))
        fail_msg("controle: %s", r.body);
    assert_true(json_is_true(json_object_get(r.json, "somIsNul")));
    nb_t_resp_free(&r);
}

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
    long long person =
        nb_t_create(&srv, "/api/v1/medewerkers", beheer,
                    "{\"organisatieId\":1,\"naam\":\"Anna de Vries\","
                    "\"email\":\"anna@dordrecht.nl\",\"schaal\":11,"
                    "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":480}");
    mw_a = nb_t_token(&srv, "medewerker", org_a, person);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    /* The bodies below name organisations 1, 2, 3 literally. */
    return beheer && coord_a && coord_b && mw_a && lezer && org_a == 1 && org_b == 2 && org_c == 3
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(coord_a);
    free(coord_b);
    free(mw_a);
    free(lezer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- Tests ----------------------------------------------------------------- */

static void test_settings(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/netwerk/instellingen", lezer, NULL, &r), 200);
    assert_true(json_is_null(json_object_get(r.json, "uurtariefCent")));
    nb_t_resp_free(&r);

    /* A deposit without an hour rate is refused. */
    assert_int_equal(post1("{\"id\":\"st-0\",\"soort\":\"storting\",\"creditOrganisatieId\":1,"
                           "\"bedragCent\":1000}",
                           &r),
                     422);
    assert_non_null(strstr(jstr(r.json, "type"), "uurtarief-niet-ingesteld"));
    nb_t_resp_free(&r);

    const char *good = "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}";
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", coord_a, good), 403);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", lezer, good), 403);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", NULL, good), 401);
    assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer,
                          "{\"uurtariefCent\":0,\"verdeelsleutel\":\"dobbelsteen\"}", &r),
                     400);
    assert_true(nb_t_invalid(&r, "uurtariefCent"));
    assert_true(nb_t_invalid(&r, "verdeelsleutel"));
    nb_t_resp_free(&r);
    assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer, good, &r), 200);
    assert_int_equal(jint(r.json, "uurtariefCent"), 6000);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/netwerk/instellingen", mw_a, NULL, &r), 200);
    assert_int_equal(jint(r.json, "uurtariefCent"), 6000);
    assert_string_equal(jstr(r.json, "verdeelsleutel"), "inwoners");
    nb_t_resp_free(&r);
}

/* The external hourly rate: optional in PUT (omitted: unchanged; null:
 * removed), > 0, only the network MT may set it, audited like the others. */
static void test_external_rate(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(call("GET", "/api/v1/netwerk/instellingen", lezer, NULL, &r), 200);
    assert_true(json_is_null(json_object_get(r.json, "externUurtariefCent")));
    nb_t_resp_free(&r);
    const char *set = "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\","
                      "\"externUurtariefCent\":12500}";
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", coord_a, set), 403);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", mw_a, set), 403);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", lezer, set), 403);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", NULL, set), 401);
    assert_int_equal(call("GET", "/api/v1/netwerk/instellingen", lezer, NULL, &r), 200);
    assert_true(json_is_null(json_object_get(r.json, "externUurtariefCent")));
    nb_t_resp_free(&r);
    static const char *const bad[] = {"0", "-5", "\"125\"", "12.5", "100000001"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[160];
        snprintf(body, sizeof body,
                 "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\","
                 "\"externUurtariefCent\":%s}",
                 bad[i]);
        assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer, body, &r), 400);
        assert_true(nb_t_invalid(&r, "externUurtariefCent"));
        nb_t_resp_free(&r);
    }
    assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer, set, &r), 200);
    assert_int_equal(jint(r.json, "externUurtariefCent"), 12500);
    assert_int_equal(jint(r.json, "uurtariefCent"), 6000);
    nb_t_resp_free(&r);
    /* omitted: unchanged */
    assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer,
                          "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}", &r),
                     200);
    assert_int_equal(jint(r.json, "externUurtariefCent"), 12500);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/netwerk/instellingen", mw_a, NULL, &r), 200);
    assert_int_equal(jint(r.json, "externUurtariefCent"), 12500);
    nb_t_resp_free(&r);
    /* audited: before and after */
    assert_int_equal(call("GET", "/api/v1/auditlog?entiteit=netwerkinstellingen", beheer, NULL, &r),
                     200);
    char *text = json_dumps(r.json, 0);
    assert_non_null(strstr(text, "externUurtariefCent"));
    assert_non_null(strstr(text, "12500"));
    free(text);
    nb_t_resp_free(&r);
    /* null: removed */
    assert_int_equal(call("PUT", "/api/v1/netwerk/instellingen", beheer,
                          "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\","
                          "\"externUurtariefCent\":null}",
                          &r),
                     200);
    assert_true(json_is_null(json_object_get(r.json, "externUurtariefCent")));
    nb_t_resp_free(&r);
}

static void test_credit_line_follows_registry(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[128], body[256];
    json_t *s = saldo(org_a);
    assert_int_equal(jint(s, "kredietlijnMinuten"), 600);
    assert_int_equal(jint(s, "beschikbaarMinuten"), 600);
    json_decref(s);
    s = saldo(org_b);
    assert_int_equal(jint(s, "kredietlijnMinuten"), 0);
    json_decref(s);

    snprintf(path, sizeof path, "/api/v1/organisaties/%lld", org_a);
    snprintf(body, sizeof body,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
             "\"kredietlijnMinuten\":900}");
    assert_int_equal(call("PUT", path, beheer, body, &r), 200);
    assert_int_equal(jint(r.json, "kredietlijnMinuten"), 900);
    nb_t_resp_free(&r);
    assert_int_equal(avail(org_a), 900);

    /* A credit-line transfer through /boekingen updates the registry too. */
    assert_int_equal(post1_status("{\"id\":\"kl-b-1\",\"soort\":\"kredietlijn\","
                                  "\"creditOrganisatieId\":2,\"minuten\":120}"),
                     201);
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld", org_b);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "kredietlijnMinuten"), 120);
    nb_t_resp_free(&r);
    /* ... and reversing it lowers both again. */
    assert_int_equal(post1_status("{\"id\":\"kl-b-1-terug\",\"soort\":\"terugboeking\","
                                  "\"terugboekingVan\":\"kl-b-1\"}"),
                     201);
    assert_int_equal(call("GET", path, beheer, NULL, &r), 200);
    assert_int_equal(jint(r.json, "kredietlijnMinuten"), 0);
    nb_t_resp_free(&r);
    control_ok();
}

static void test_deposit_at_hour_rate(void **state)
{
    (void)state;
    nb_t_resp r;
    const char *dep = "{\"id\":\"st-1\",\"soort\":\"storting\",\"creditOrganisatieId\":2,"
                      "\"bedragCent\":15050,\"omschrijving\":\"inleg 2025\"}";
    assert_int_equal(post1(dep, &r), 201);
    json_t *b = json_array_get(json_object_get(r.json, "boekingen"), 0);
    assert_int_equal(jint(b, "minuten"), 150); /* floor(15050 * 60 / 6000) */
    assert_int_equal(jint(b, "uurtariefCent"), 6000);
    assert_int_equal(jint(b, "bedragCent"), 15050);
    assert_string_equal(jstr(b, "soort"), "storting");
    assert_true(json_is_null(json_object_get(b, "debetOrganisatieId")));
    assert_non_null(strstr(nb_t_header(&r, "Location"), "/api/v1/boekingen/st-1"));
    nb_t_resp_free(&r);

    /* A retry after the rate changed still returns the original (rate recorded). */
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", beheer,
                               "{\"uurtariefCent\":3000,\"verdeelsleutel\":\"gelijk\"}"),
                     200);
    assert_int_equal(post1(dep, &r), 200);
    b = json_array_get(json_object_get(r.json, "boekingen"), 0);
    assert_int_equal(jint(b, "minuten"), 150);
    nb_t_resp_free(&r);
    assert_int_equal(status_of("PUT", "/api/v1/netwerk/instellingen", beheer,
                               "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}"),
                     200);

    /* Same id, other content: 409 with its own problem type. */
    assert_int_equal(post1("{\"id\":\"st-1\",\"soort\":\"storting\",\"creditOrganisatieId\":2,"
                           "\"bedragCent\":20000,\"omschrijving\":\"inleg 2025\"}",
                           &r),
                     409);
    assert_non_null(strstr(jstr(r.json, "type"), "id-bestaat-met-andere-inhoud"));
    assert_string_equal(jstr(r.json, "code"), "exists_with_different_content");
    assert_non_null(strstr(jstr(r.json, "detail"), "st-1"));
    nb_t_resp_free(&r);

    /* Too little money for one minute. */
    assert_int_equal(post1("{\"id\":\"st-2\",\"soort\":\"storting\",\"creditOrganisatieId\":2,"
                           "\"bedragCent\":99}",
                           &r),
                     400);
    assert_true(nb_t_invalid(&r, "boekingen[0].bedragCent"));
    nb_t_resp_free(&r);
    json_t *s = saldo(org_b);
    assert_int_equal(jint(s, "saldoMinuten"), 150);
    json_decref(s);
}

static void test_limit_boundary(void **state)
{
    (void)state;
    nb_t_resp r;
    assert_int_equal(avail(org_a), 900);
    /* One minute over: refused, with the organisation and the numbers. */
    assert_int_equal(post1("{\"id\":\"res-over\",\"soort\":\"reserveren\",\"debetOrganisatieId\":1,"
                           "\"creditOrganisatieId\":2,\"minuten\":901}",
                           &r),
                     422);
    assert_non_null(strstr(r.headers, "application/problem+json"));
    assert_int_equal(jint(r.json, "organisatieId"), org_a);
    assert_int_equal(jint(r.json, "beschikbaarMinuten"), 900);
    assert_int_equal(jint(r.json, "tekortMinuten"), 1);
    assert_non_null(strstr(jstr(r.json, "detail"), "Dordrecht"));
    assert_non_null(strstr(jstr(r.json, "detail"), "GM0505"));
    assert_non_null(strstr(jstr(r.json, "type"), "onvoldoende-beschikbaar"));
    nb_t_resp_free(&r);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/res-over", beheer, NULL), 404);
    /* Exactly at the limit: accepted. */
    assert_int_equal(post1_status("{\"id\":\"res-1\",\"soort\":\"reserveren\","
                                  "\"debetOrganisatieId\":1,\"creditOrganisatieId\":2,"
                                  "\"minuten\":900}"),
                     201);
    assert_int_equal(avail(org_a), 0);
    assert_int_equal(post1("{\"id\":\"res-over2\",\"soort\":\"werk\",\"debetOrganisatieId\":1,"
                           "\"creditOrganisatieId\":2,\"minuten\":1}",
                           &r),
                     422);
    assert_int_equal(jint(r.json, "beschikbaarMinuten"), 0);
    assert_int_equal(jint(r.json, "tekortMinuten"), 1);
    nb_t_resp_free(&r);
    /* Pending credits do not count: B has 150 posted, 900 pending in. */
    assert_int_equal(avail(org_b), 150);
    control_ok();
}

static void test_two_phase_once(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Partial post: 500 of 900; the rest is released. */
    assert_int_equal(post1("{\"id\":\"post-1\",\"soort\":\"boeken\",\"reserveringId\":\"res-1\","
                           "\"minuten\":500}",
                           &r),
                     201);
    nb_t_resp_free(&r);
    assert_int_equal(call("GET", "/api/v1/boekingen/res-1", beheer, NULL, &r), 200);
    assert_string_equal(jstr(r.json, "status"), "geboekt");
    assert_int_equal(jint(r.json, "geboekteMinuten"), 500);
    assert_string_equal(jstr(r.json, "afgehandeldDoor"), "post-1");
    nb_t_resp_free(&r);
    assert_int_equal(avail(org_a), 400);

    /* A second post or a void: 409 "al geboekt". */
    assert_int_equal(
        post1("{\"id\":\"post-2\",\"soort\":\"boeken\",\"reserveringId\":\"res-1\"}", &r), 409);
    assert_non_null(strstr(jstr(r.json, "detail"), "al geboekt"));
    assert_non_null(strstr(jstr(r.json, "type"), "al-geboekt"));
    nb_t_resp_free(&r);
    assert_int_equal(
        post1("{\"id\":\"void-1\",\"soort\":\"vrijgeven\",\"reserveringId\":\"res-1\"}", &r), 409);
    assert_non_null(strstr(jstr(r.json, "detail"), "al geboekt"));
    nb_t_resp_free(&r);

    /* Void, then post/void again: 409 "al vrijgegeven". */
    assert_int_equal(post1_status("{\"id\":\"res-2\",\"soort\":\"reserveren\","
                                  "\"debetOrganisatieId\":1,\"creditOrganisatieId\":2,"
                                  "\"minuten\":100}"),
                     201);
    assert_int_equal(avail(org_a), 300);
    assert_int_equal(post1_status("{\"id\":\"void-2\",\"soort\":\"vrijgeven\","
                                  "\"reserveringId\":\"res-2\"}"),
                     201);
    assert_int_equal(avail(org_a), 400);
    assert_int_equal(
        post1("{\"id\":\"post-3\",\"soort\":\"boeken\",\"reserveringId\":\"res-2\"}", &r), 409);
    assert_non_null(strstr(jstr(r.json, "detail"), "al vrijgegeven"));
    assert_non_null(strstr(jstr(r.json, "type"), "al-vrijgegeven"));
    nb_t_resp_free(&r);
    assert_int_equal(
        post1("{\"id\":\"void-3\",\"soort\":\"vrijgeven\",\"reserveringId\":\"res-2\"}", &r), 409);
    assert_non_null(strstr(jstr(r.json, "detail"), "al vrijgegeven"));
    nb_t_resp_free(&r);
    /* Retrying the void itself is idempotent. */
    assert_int_equal(post1_status("{\"id\":\"void-2\",\"soort\":\"vrijgeven\","
                                  "\"reserveringId\":\"res-2\"}"),
                     200);

    /* Posting more than reserved needs a new reservation. */
    assert_int_equal(post1_status("{\"id\":\"res-3\",\"soort\":\"reserveren\","
                                  "\"debetOrganisatieId\":1,\"creditOrganisatieId\":2,"
                                  "\"minuten\":10}"),
                     201);
    assert_int_equal(post1("{\"id\":\"post-4\",\"soort\":\"boeken\",\"reserveringId\":\"res-3\","
                           "\"minuten\":11}",
                           &r),
                     422);
    assert_non_null(strstr(jstr(r.json, "type"), "meer-dan-gereserveerd"));
    nb_t_resp_free(&r);
    /* Posting a non-reservation / unknown reservation: 400 naming the field. */
    assert_int_equal(
        post1("{\"id\":\"post-5\",\"soort\":\"boeken\",\"reserveringId\":\"st-1\"}", &r), 400);
    assert_true(nb_t_invalid(&r, "boekingen[0].reserveringId"));
    nb_t_resp_free(&r);
    assert_int_equal(
        post1("{\"id\":\"post-6\",\"soort\":\"boeken\",\"reserveringId\":\"nope\"}", &r), 400);
    assert_true(nb_t_invalid(&r, "boekingen[0].reserveringId"));
    nb_t_resp_free(&r);
    control_ok();
}

static void test_reversal_and_correction(void **state)
{
    (void)state;
    nb_t_resp r;
    /* A correction from the fund (debet omitted) to A. */
    assert_int_equal(post1_status("{\"id\":\"corr-1\",\"soort\":\"correctie\","
                                  "\"creditOrganisatieId\":1,\"minuten\":50,"
                                  "\"omschrijving\":\"rekenfout maart\"}"),
                     201);
    assert_int_equal(avail(org_a), 440);
    assert_int_equal(post1("{\"id\":\"corr-1-t\",\"soort\":\"terugboeking\","
                           "\"terugboekingVan\":\"corr-1\"}",
                           &r),
                     201);
    json_t *b = json_array_get(json_object_get(r.json, "boekingen"), 0);
    assert_string_equal(jstr(b, "soort"), "terugboeking");
    assert_int_equal(jint(b, "minuten"), 50);
    assert_int_equal(jint(b, "debetOrganisatieId"), org_a);
    nb_t_resp_free(&r);
    assert_int_equal(avail(org_a), 390);
    assert_int_equal(post1("{\"id\":\"corr-1-t2\",\"soort\":\"terugboeking\","
                           "\"terugboekingVan\":\"corr-1\"}",
                           &r),
                     409);
    assert_non_null(strstr(jstr(r.json, "type"), "al-teruggeboekt"));
    nb_t_resp_free(&r);
    /* A reservation is voided, not reversed; unknown ids are broken references. */
    assert_int_equal(post1("{\"id\":\"rev-x\",\"soort\":\"terugboeking\","
                           "\"terugboekingVan\":\"res-3\"}",
                           &r),
                     400);
    assert_true(nb_t_invalid(&r, "boekingen[0].terugboekingVan"));
    nb_t_resp_free(&r);
    assert_int_equal(post1("{\"id\":\"rev-y\",\"soort\":\"terugboeking\","
                           "\"terugboekingVan\":\"bestaat-niet\"}",
                           &r),
                     400);
    assert_true(nb_t_invalid(&r, "boekingen[0].terugboekingVan"));
    nb_t_resp_free(&r);
    control_ok();
}

static void test_linked_batch(void **state)
{
    (void)state;
    nb_t_resp r;
    const char *ok = "{\"boekingen\":["
                     "{\"id\":\"b1-r\",\"soort\":\"reserveren\",\"debetOrganisatieId\":3,"
                     "\"creditOrganisatieId\":1,\"minuten\":30},"
                     "{\"id\":\"b1-p\",\"soort\":\"boeken\",\"reserveringId\":\"b1-r\"}]}";
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, ok, &r), 201);
    assert_int_equal(json_array_size(json_object_get(r.json, "boekingen")), 2);
    json_t *first = json_array_get(json_object_get(r.json, "boekingen"), 0);
    assert_string_equal(jstr(first, "status"), "geboekt");
    nb_t_resp_free(&r);
    /* The whole batch again: 200, the originals. */
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, ok, &r), 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "boekingen")), 2);
    nb_t_resp_free(&r);
    /* Part of it plus something new: 409, nothing written. */
    const char *mixed = "{\"boekingen\":["
                        "{\"id\":\"b1-r\",\"soort\":\"reserveren\",\"debetOrganisatieId\":3,"
                        "\"creditOrganisatieId\":1,\"minuten\":30},"
                        "{\"id\":\"b2-new\",\"soort\":\"correctie\",\"debetOrganisatieId\":3,"
                        "\"creditOrganisatieId\":1,\"minuten\":1}]}";
    assert_int_equal(status_of("POST", "/api/v1/boekingen", beheer, mixed), 409);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/b2-new", beheer, NULL), 404);
    /* All or nothing: the second fails on the limit, the first is not stored. */
    const char *fail = "{\"boekingen\":["
                       "{\"id\":\"b3-a\",\"soort\":\"werk\",\"debetOrganisatieId\":3,"
                       "\"creditOrganisatieId\":1,\"minuten\":10},"
                       "{\"id\":\"b3-b\",\"soort\":\"werk\",\"debetOrganisatieId\":3,"
                       "\"creditOrganisatieId\":1,\"minuten\":100000}]}";
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, fail, &r), 422);
    assert_int_equal(jint(r.json, "organisatieId"), org_c);
    assert_int_equal(jint(r.json, "beschikbaarMinuten"), 960);
    assert_int_equal(jint(r.json, "tekortMinuten"), 100000 - 960);
    nb_t_resp_free(&r);
    assert_int_equal(status_of("GET", "/api/v1/boekingen/b3-a", beheer, NULL), 404);
    assert_int_equal(avail(org_c), 970);
    control_ok();
}

static void test_invalid_all_named(void **state)
{
    (void)state;
    nb_t_resp r;
    const char *bad = "{\"boekingen\":["
                      "{\"id\":\"x1\",\"soort\":\"werk\",\"bedragCent\":5},"
                      "{\"id\":\"sys:mine\",\"soort\":\"correctie\",\"debetOrganisatieId\":999,"
                      "\"minuten\":5},"
                      "{\"id\":\"x 3\",\"soort\":\"taart\",\"minuten\":0},"
                      "{\"id\":\"x4\",\"soort\":\"vrijgeven\",\"reserveringId\":\"res-3\","
                      "\"minuten\":3}]}";
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, bad, &r), 400);
    /* schema errors first: item 2 (soort, minuten), then nothing else runs */
    assert_true(nb_t_invalid(&r, "boekingen[2].soort"));
    assert_true(nb_t_invalid(&r, "boekingen[2].minuten"));
    nb_t_resp_free(&r);
    /* Without schema errors every rule problem is named at once. */
    const char *bad2 = "{\"boekingen\":["
                       "{\"id\":\"x1\",\"soort\":\"werk\",\"bedragCent\":5},"
                       "{\"id\":\"sys:mine\",\"soort\":\"correctie\",\"debetOrganisatieId\":999,"
                       "\"minuten\":5},"
                       "{\"id\":\"x 3\",\"soort\":\"kredietlijn\",\"creditOrganisatieId\":1,"
                       "\"minuten\":1},"
                       "{\"id\":\"x4\",\"soort\":\"vrijgeven\",\"reserveringId\":\"res-3\","
                       "\"minuten\":3}]}";
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, bad2, &r), 400);
    assert_true(nb_t_invalid(&r, "boekingen[0].debetOrganisatieId"));
    assert_true(nb_t_invalid(&r, "boekingen[0].creditOrganisatieId"));
    assert_true(nb_t_invalid(&r, "boekingen[0].minuten"));
    assert_true(nb_t_invalid(&r, "boekingen[0].bedragCent"));
    assert_true(nb_t_invalid(&r, "boekingen[1].id"));
    assert_true(nb_t_invalid(&r, "boekingen[1].debetOrganisatieId"));
    assert_true(nb_t_invalid(&r, "boekingen[2].id"));
    assert_true(nb_t_invalid(&r, "boekingen[3].minuten"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, "{\"boekingen\":[]}", &r), 400);
    assert_true(nb_t_invalid(&r, "boekingen"));
    nb_t_resp_free(&r);
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, "{\"id\":\"single\"}", &r), 400);
    assert_true(nb_t_invalid(&r, "boekingen"));
    nb_t_resp_free(&r);
    assert_int_equal(post1("{\"id\":\"same\",\"soort\":\"werk\",\"debetOrganisatieId\":1,"
                           "\"creditOrganisatieId\":1,\"minuten\":5}",
                           &r),
                     400);
    assert_true(nb_t_invalid(&r, "boekingen[0].creditOrganisatieId"));
    nb_t_resp_free(&r);
}

/* A small request cannot buy a huge answer: a list of ~1 MiB over its
 * maximum is refused at the size check with one problem (issue 7, B.2). */
static void test_oversized_batch_small_answer(void **state)
{
    (void)state;
    nb_t_resp r;
    size_t n = 500000, len = 0;
    char *body = malloc(16 + 2 * n + 4);
    assert_non_null(body);
    len += (size_t)sprintf(body, "{\"boekingen\":[1");
    for (size_t i = 1; i < n; i++) {
        body[len++] = ',';
        body[len++] = '1';
    }
    memcpy(body + len, "]}", sizeof "]}"); /* with its NUL */
    assert_int_equal(call("POST", "/api/v1/boekingen", beheer, body, &r), 400);
    free(body);
    assert_true(nb_t_invalid(&r, "boekingen"));
    assert_int_equal(json_array_size(json_object_get(r.json, "invalidParams")), 1);
    assert_true(strlen(r.body) < 4096);
    nb_t_resp_free(&r);
}

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
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_external_rate),
        cmocka_unit_test(test_credit_line_follows_registry),
        cmocka_unit_test(test_deposit_at_hour_rate),
        cmocka_unit_test(test_limit_boundary),
        cmocka_unit_test(test_two_phase_once),
        cmocka_unit_test(test_reversal_and_correction),
        cmocka_unit_test(test_linked_batch),
        cmocka_unit_test(test_invalid_all_named),
        cmocka_unit_test(test_oversized_batch_small_answer),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_lists_and_paging),
        cmocka_unit_test(test_grootboek_overview),
        cmocka_unit_test(test_statement),
        cmocka_unit_test(test_credit_line_lowering),
        cmocka_unit_test(test_list_without_account),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
