/*
 * tests/api/test_api_rules.c — the API rules of issue 9 (slice 2), over real
 * HTTP: unknown query parameters are refused naming them (never ignored nor
 * echoed into paging links), on every route; sorting (?sorteer=veld,-veld)
 * on every list, over a whitelist per list, stable with id last; ETag from
 * versie, If-Match (412 when stale, allowed when missing), If-None-Match (304);
 * problems: one title per type (the table nb_problem_kinds, linked in),
 * instance sent, the field named on a duplicate's 409. Slice 3: renamed paths
 * and parameters with deprecated aliases, one actor notation, periods that do
 * not overlap. Issue 14's contract and gzip: test_api_contract.c.
 */
#include "api_rules_fixture.h"

#include "http/http.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
              "/api/v1/organisaties?soort=gemeente&zoekterm=dord&paginaGrootte=5&x%%20y=1");
    nb_t_assert_status(&r, 400);
    assert_true(nb_t_invalid(&r, "zoekterm"));
    assert_true(nb_t_invalid(&r, "x y"));
    assert_false(nb_t_invalid(&r, "soort"));
    assert_false(nb_t_invalid(&r, "paginaGrootte"));
    const char *why = invalid_reason(&r, "zoekterm");
    assert_non_null(why);
    assert_non_null(
        strstr(why, "toegestaan: pagina, paginaGrootte, sorteer, soort, code, zoek, naam"));
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

/* ---- 2. Sorting ------------------------------------------------------------ */

/* The ids of the organisations a GET of path lists, as "1,2,3". */
static void org_ids(const char *path, char *out, size_t size)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    size_t i, n = 0;
    json_t *o;
    out[0] = '\0';
    json_array_foreach (json_object_get(json_object_get(r.json, "_embedded"), "organisaties"), i, o)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? "," : "",
                              (long long)json_integer_value(json_object_get(o, "id")));
    nb_t_resp_free(&r);
}

static void test_sorting(void **state)
{
    (void)state;
    char ids[128];
    /* 1 Dordrecht, 2 Papendrecht, 3 Alblasserdam partner, 4 alblasserdam; names without case. */
    org_ids("/api/v1/organisaties", ids, sizeof ids);
    assert_string_equal(ids, "1,2,3,4");
    org_ids("/api/v1/organisaties?sorteer=naam", ids, sizeof ids);
    assert_string_equal(ids, "4,3,1,2");
    org_ids("/api/v1/organisaties?sorteer=-naam", ids, sizeof ids);
    assert_string_equal(ids, "2,1,3,4");
    org_ids("/api/v1/organisaties?sorteer=soort,-naam", ids, sizeof ids);
    assert_string_equal(ids, "2,1,4,3");
    org_ids("/api/v1/organisaties?sorteer=-id", ids, sizeof ids);
    assert_string_equal(ids, "4,3,2,1");
    /* Equal values keep id order, also across pages (stable paging). */
    org_ids("/api/v1/organisaties?sorteer=soort", ids, sizeof ids);
    assert_string_equal(ids, "1,2,4,3");
    org_ids("/api/v1/organisaties?sorteer=-soort&paginaGrootte=2&pagina=2", ids, sizeof ids);
    assert_string_equal(ids, "2,4");
    /* With a filter. */
    org_ids("/api/v1/organisaties?soort=gemeente&sorteer=-naam", ids, sizeof ids);
    assert_string_equal(ids, "2,1,4");

    /* The paging links keep the order. */
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?sorteer=-naam&paginaGrootte=1");
    nb_t_assert_status(&r, 200);
    const char *next = json_string_value(
        json_object_get(json_object_get(json_object_get(r.json, "_links"), "next"), "href"));
    assert_non_null(strstr(next, "sorteer=-naam"));
    nb_t_resp_free(&r);

    /* Unknown, repeated, empty, too many and SQL-looking fields: 400 naming them all. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/organisaties?sorteer=naam,geboortejaar,-bestaatNiet");
    nb_t_assert_status(&r, 400);
    const char *why = invalid_reason(&r, "sorteer");
    assert_non_null(why);
    assert_non_null(strstr(why, "'geboortejaar'"));
    assert_non_null(strstr(why, "'bestaatNiet'"));
    assert_null(strstr(why, "'naam'"));
    assert_non_null(strstr(why, "toegestaan"));
    assert_non_null(strstr(why, "kredietlijnMinuten"));
    nb_t_resp_free(&r);
    static const char *const bad[] = {
        "naam,-naam",
        "",
        "naam,",
        "-",
        "id,code,naam,soort,inwoners",
        "naam%3B%20DROP%20TABLE%20organisations",
        "name",
        "naam%20DESC",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?sorteer=%s", bad[i]);
        nb_t_assert_status(&r, 400);
        assert_non_null(invalid_reason(&r, "sorteer"));
        nb_t_resp_free(&r);
    }
    org_ids("/api/v1/organisaties", ids, sizeof ids);
    assert_string_equal(ids, "1,2,3,4");

    /* Every list takes sorteer; -id lists newest first (or refuses nothing). */
    static const char *const lists[] = {
        "auditlog",         "organisaties", "competenties",    "rolprofielen",
        "medewerkers",      "opdrachten",   "boekingen",       "inzet",
        "urenregistraties", "perioden",     "teamvoorstellen",
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/%s?sorteer=-id", lists[i]);
        nb_t_assert_status(&r, 200);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/%s?sorteer=geenVeld", lists[i]);
        nb_t_assert_status(&r, 400);
        assert_non_null(invalid_reason(&r, "sorteer"));
        nb_t_resp_free(&r);
    }
    /* The audit log: newest first by default; sorteer=id is oldest first. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?sorteer=id&paginaGrootte=100");
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "auditlog");
    assert_true(json_array_size(items) >= 4);
    for (size_t i = 1; i < json_array_size(items); i++)
        assert_true(json_integer_value(json_object_get(json_array_get(items, i - 1), "id")) <
                    json_integer_value(json_object_get(json_array_get(items, i), "id")));
    nb_t_resp_free(&r);

    /* The document lists the allowed fields, both directions, as a comma-separated array. */
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/openapi.json");
    nb_t_assert_status(&r, 200);
    json_t *params = json_object_get(
        json_object_get(json_object_get(json_object_get(r.json, "paths"), "/organisaties"), "get"),
        "parameters");
    json_t *p, *sort = NULL;
    size_t k;
    json_array_foreach (params, k, p)
        if (strcmp(json_string_value(json_object_get(p, "name")), "sorteer") == 0)
            sort = p;
    assert_non_null(sort);
    assert_string_equal(json_string_value(json_object_get(sort, "style")), "form");
    assert_true(json_is_false(json_object_get(sort, "explode")));
    json_t *en = json_object_get(json_object_get(json_object_get(sort, "schema"), "items"), "enum");
    int has_naam = 0, has_desc = 0;
    json_array_foreach (en, k, p) {
        has_naam |= strcmp(json_string_value(p), "naam") == 0;
        has_desc |= strcmp(json_string_value(p), "-naam") == 0;
    }
    assert_true(has_naam && has_desc);
    nb_t_resp_free(&r);
}

/* ---- 3. ETag, If-Match, If-None-Match --------------------------------------- */

/* A request with one extra header line ("If-Match: ..."); asserts a response came. */
static void req_if(nb_t_resp *r, const char *method, const char *path, const char *body,
                   const char *header)
{
    const char *hdrs[] = {header, NULL};
    assert_int_equal(nb_t_req_h(&srv, method, path, beheer, body, header ? hdrs : NULL, r), 0);
}

static long long versie_of(const char *path)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    long long v = (long long)json_integer_value(json_object_get(r.json, "versie"));
    nb_t_resp_free(&r);
    return v;
}

static void test_etag_and_if_match(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = nb_t_create(&srv, "/api/v1/competenties", beheer,
                               "{\"code\":\"ET-1\",\"naam\":\"Etag\",\"domein\":\"sociaal\"}");
    char path[64];
    snprintf(path, sizeof path, "/api/v1/competenties/%lld", id);
    static const char body[] = "{\"code\":\"ET-1\",\"naam\":\"Etag 2\",\"domein\":\"sociaal\"}";

    /* A GET carries the version as a strong ETag. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
    nb_t_assert_status(&r, 200);
    assert_string_equal(nb_t_header(&r, "ETag"), "\"1\"");
    nb_t_resp_free(&r);

    /* The matching If-Match: changed; the answer has the new ETag. */
    req_if(&r, "PUT", path, body, "If-Match: \"1\"");
    nb_t_assert_status(&r, 200);
    assert_string_equal(nb_t_header(&r, "ETag"), "\"2\"");
    assert_int_equal(json_integer_value(json_object_get(r.json, "versie")), 2);
    nb_t_resp_free(&r);

    /* A stale one: 412, nothing written, the current ETag in the answer. */
    req_if(&r, "PUT", path, "{\"code\":\"ET-1\",\"naam\":\"Oud\",\"domein\":\"sociaal\"}",
           "If-Match: \"1\"");
    nb_t_assert_status(&r, 412);
    assert_string_equal(json_string_value(json_object_get(r.json, "type")),
                        "https://noaber.nl/problemen/voorwaarde-niet-vervuld");
    assert_string_equal(nb_t_header(&r, "ETag"), "\"2\"");
    nb_t_resp_free(&r);
    assert_int_equal(versie_of(path), 2);
    /* A weak tag never matches If-Match (strong comparison); the old test echo (999) neither. */
    static const char *const stale[] = {"If-Match: W/\"2\"", "If-Match: \"999\"", "If-Match: 2",
                                        "If-Match: \"\""};
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++) {
        req_if(&r, "PUT", path, body, stale[i]);
        nb_t_assert_status(&r, 412);
        nb_t_resp_free(&r);
    }
    assert_int_equal(versie_of(path), 2);
    /* A list naming the current one, and *, match. */
    req_if(&r, "PUT", path, body, "If-Match: \"7\", \"2\"");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    req_if(&r, "PUT", path, body, "If-Match: *");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    /* No If-Match: allowed (old clients keep working), still versioned. */
    req_if(&r, "PUT", path, body, NULL);
    nb_t_assert_status(&r, 200);
    assert_string_equal(nb_t_header(&r, "ETag"), "\"5\"");
    nb_t_resp_free(&r);
    /* A create carries the new resource's ETag. */
    req_if(&r, "POST", "/api/v1/competenties",
           "{\"code\":\"ET-2\",\"naam\":\"Etag\",\"domein\":\"sociaal\"}", NULL);
    nb_t_assert_status(&r, 201);
    assert_string_equal(nb_t_header(&r, "ETag"), "\"1\"");
    nb_t_resp_free(&r);
    /* An unknown id with If-Match: the handler's 404, not a 412. */
    req_if(&r, "PUT", "/api/v1/competenties/99999", body, "If-Match: \"1\"");
    nb_t_assert_status(&r, 404);
    nb_t_resp_free(&r);

    /* If-None-Match on a read: 304 without a body while current, 200 once changed. */
    req_if(&r, "GET", path, NULL, "If-None-Match: \"5\"");
    assert_int_equal(r.status, 304);
    assert_string_equal(r.body, "");
    assert_string_equal(nb_t_header(&r, "ETag"), "\"5\"");
    assert_non_null(nb_t_header(&r, "API-Version"));
    nb_t_resp_free(&r);
    req_if(&r, "GET", path, NULL, "If-None-Match: W/\"5\"");
    assert_int_equal(r.status, 304);
    nb_t_resp_free(&r);
    req_if(&r, "GET", path, NULL, "If-None-Match: \"4\"");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);

    /* A resource without a version (the network settings): no ETag; only * matches. */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/netwerk/instellingen");
    nb_t_assert_status(&r, 200);
    assert_null(nb_t_header(&r, "ETag"));
    nb_t_resp_free(&r);
    static const char settings[] = "{\"uurtariefCent\":6000,\"verdeelsleutel\":\"inwoners\"}";
    req_if(&r, "PUT", "/api/v1/netwerk/instellingen", settings, "If-Match: \"1\"");
    nb_t_assert_status(&r, 412);
    nb_t_resp_free(&r);
    req_if(&r, "PUT", "/api/v1/netwerk/instellingen", settings, "If-Match: *");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
}

/* Organisations: GET, edit, PUT with the ETag; a second editor with the old one loses. */
static void test_two_editors(void **state)
{
    (void)state;
    nb_t_resp a, b, r;
    nb_t_reqf(&srv, &a, "GET", beheer, NULL, "/api/v1/organisaties/2");
    nb_t_reqf(&srv, &b, "GET", beheer, NULL, "/api/v1/organisaties/2");
    char etag[32], line[64];
    snprintf(etag, sizeof etag, "%s", nb_t_header(&a, "ETag"));
    assert_string_equal(etag, nb_t_header(&b, "ETag"));
    snprintf(line, sizeof line, "If-Match: %s", etag);
    req_if(&r, "PUT", "/api/v1/organisaties/2",
           "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht A\"}", line);
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    req_if(&r, "PUT", "/api/v1/organisaties/2",
           "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht B\"}", line);
    nb_t_assert_status(&r, 412);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/2");
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), "Papendrecht A");
    nb_t_resp_free(&r);
    nb_t_resp_free(&a);
    nb_t_resp_free(&b);
}

/* ---- 4. Problems -------------------------------------------------------------- */

static void test_problem_table(void **state)
{
    (void)state;
    static const int statuses[] = {400, 401, 403, 404, 405, 406, 409, 412,
                                   413, 414, 415, 422, 429, 431, 500, 503};
    for (size_t s = 0; s < sizeof statuses / sizeof statuses[0]; s++) {
        int n = 0;
        for (const nb_problem_kind *k = nb_problem_kinds; k->slug; k++)
            n += k->status == statuses[s];
        assert_int_equal(n, 1); /* exactly one default type per status */
    }
    for (const nb_problem_kind *a = nb_problem_kinds; a->slug; a++)
        for (const nb_problem_kind *b = a + 1; b->slug; b++) {
            assert_string_not_equal(a->slug, b->slug);
            assert_string_not_equal(a->title, b->title);
        }
    /* A title not in the table gets its status's default type and title. */
    nb_resp r;
    memset(&r, 0, sizeof r);
    nb_resp_problem(&r, 409, "Iets nieuws", "x");
    assert_string_equal(json_string_value(json_object_get(r.json, "type")),
                        "https://noaber.nl/problemen/conflict");
    assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Conflict");
    nb_resp_problem(&r, 409, "Ongeldige statusovergang", "x");
    assert_string_equal(json_string_value(json_object_get(r.json, "type")),
                        "https://noaber.nl/problemen/ongeldige-statusovergang");
    /* A handler that sets another type gets that type's title when finished. */
    json_object_set_new(
        r.json, "type",
        json_string("https://noaber.nl/problemen/grootboek/onvoldoende-beschikbaar"));
    nb_resp_problem_finish(&r, "/api/v1/organisaties/1");
    assert_string_equal(json_string_value(json_object_get(r.json, "title")),
                        "Onvoldoende beschikbare uren");
    assert_string_equal(json_string_value(json_object_get(r.json, "instance")),
                        "/api/v1/organisaties/1");
    json_decref(r.json);
}

static void assert_instance(nb_t_resp *r, long status, const char *title, const char *instance)
{
    nb_t_assert_status(r, status);
    assert_string_equal(json_string_value(json_object_get(r->json, "title")), title);
    assert_string_equal(json_string_value(json_object_get(r->json, "instance")), instance);
}

static void test_problems_over_http(void **state)
{
    (void)state;
    nb_t_resp r;
    /* A duplicate code names the field, on create and on update. */
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Nog eens\"}",
              "/api/v1/organisaties");
    assert_instance(&r, 409, "Conflict", "/api/v1/organisaties");
    assert_true(nb_t_invalid(&r, "code"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}",
              "/api/v1/organisaties/2");
    assert_instance(&r, 409, "Conflict", "/api/v1/organisaties/2");
    assert_true(nb_t_invalid(&r, "code"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer,
              "{\"code\":\"ET-1\",\"naam\":\"Dubbel\",\"domein\":\"sociaal\"}",
              "/api/v1/competenties");
    nb_t_assert_status(&r, 409);
    assert_true(nb_t_invalid(&r, "code"));
    nb_t_resp_free(&r);
    /* instance on the dispatcher's own answers too (no query in it). */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties/999");
    assert_instance(&r, 404, "Niet gevonden", "/api/v1/organisaties/999");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/organisaties");
    assert_instance(&r, 401, "Niet geauthenticeerd", "/api/v1/organisaties");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "DELETE", beheer, NULL, "/api/v1/organisaties/1");
    assert_instance(&r, 405, "Methode niet toegestaan", "/api/v1/organisaties/1");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?x=1");
    assert_instance(&r, 400, "Ongeldige invoer", "/api/v1/organisaties");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"code\":", "/api/v1/organisaties");
    assert_instance(&r, 400, "Ongeldige JSON", "/api/v1/organisaties");
    assert_string_equal(json_string_value(json_object_get(r.json, "type")),
                        "https://noaber.nl/problemen/ongeldige-json");
    nb_t_resp_free(&r);
}

/* ---- 4. Renamed paths and parameters, one actor notation, periods ---------- */

/* The old paths keep working and say so (RFC 9745 Deprecation, RFC 8594 Sunset, Link
 * rel="successor-version"); a list keeps its old _embedded name there. */
static void test_deprecated_paths(void **state)
{
    (void)state;
    nb_t_resp r;
    char want[256];
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditregels?paginaGrootte=2");
    nb_t_assert_status(&r, 200);
    long long total = json_integer_value(json_object_get(r.json, "totaal"));
    assert_true(total > 0);
    assert_non_null(json_object_get(json_object_get(r.json, "_embedded"), "auditregels"));
    assert_null(nb_t_header(&r, "Deprecation"));
    assert_null(nb_t_header(&r, "Sunset"));
    nb_t_resp_free(&r);

    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/auditlog?paginaGrootte=2");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), total);
    assert_non_null(json_object_get(json_object_get(r.json, "_embedded"), "auditlog"));
    assert_null(json_object_get(json_object_get(r.json, "_embedded"), "auditregels"));
    assert_string_equal(nb_t_header(&r, "Deprecation"), "@1795737600");
    assert_string_equal(nb_t_header(&r, "Sunset"), "Tue, 01 Jun 2027 00:00:00 GMT");
    snprintf(want, sizeof want, "<%s/api/v1/auditregels>; rel=\"successor-version\"", srv.base);
    assert_string_equal(nb_t_header(&r, "Link"), want);
    nb_t_resp_free(&r);

    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?paginaGrootte=2");
    nb_t_assert_status(&r, 200);
    assert_non_null(json_object_get(json_object_get(r.json, "_embedded"), "inzet"));
    assert_string_equal(nb_t_header(&r, "Deprecation"), "@1795737600");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzetten?paginaGrootte=2");
    nb_t_assert_status(&r, 200);
    assert_non_null(json_object_get(json_object_get(r.json, "_embedded"), "inzetten"));
    assert_null(nb_t_header(&r, "Deprecation"));
    nb_t_resp_free(&r);
    /* a problem on an old path says so too, and names the successor with its id */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/999999");
    nb_t_assert_status(&r, 404);
    snprintf(want, sizeof want, "<%s/api/v1/inzetten/999999>; rel=\"successor-version\"", srv.base);
    assert_string_equal(nb_t_header(&r, "Link"), want);
    nb_t_resp_free(&r);
    /* "inzetten" is not an old path that merely starts with "inzet" */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzetten/999999");
    nb_t_assert_status(&r, 404);
    assert_null(nb_t_header(&r, "Link"));
    nb_t_resp_free(&r);

    /* the document marks the old operations (and only those) deprecated */
    nb_t_reqf(&srv, &r, "GET", NULL, NULL, "/api/v1/openapi.json");
    nb_t_assert_status(&r, 200);
    json_t *paths = json_object_get(r.json, "paths");
    assert_true(json_is_true(json_object_get(
        json_object_get(json_object_get(paths, "/inzet/{id}/status"), "put"), "deprecated")));
    assert_true(json_is_true(json_object_get(
        json_object_get(json_object_get(paths, "/auditlog"), "get"), "deprecated")));
    assert_null(
        json_object_get(json_object_get(json_object_get(paths, "/inzetten"), "get"), "deprecated"));
    nb_t_resp_free(&r);
}

/* organisaties: zoek like the other lists; naam still works, deprecated. */
static void test_organisation_filter_zoek(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?zoek=drecht&sorteer=id");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 2);
    assert_null(nb_t_header(&r, "Deprecation"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?naam=drecht&sorteer=id");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 2);
    assert_string_equal(nb_t_header(&r, "Deprecation"), "@1795737600");
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/organisaties?naam=drecht&zoek=dam");
    nb_t_assert_status(&r, 400);
    assert_non_null(invalid_reason(&r, "naam"));
    nb_t_resp_free(&r);
}

/* Who did it is written rol:label everywhere: the audit log, a closed period. */
static void test_actor_notation(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=organisatie&sorteer=id&paginaGrootte=1");
    nb_t_assert_status(&r, 200);
    json_t *first =
        json_array_get(json_object_get(json_object_get(r.json, "_embedded"), "auditregels"), 0);
    const char *actor = json_string_value(json_object_get(first, "actor"));
    assert_non_null(actor);
    assert_string_equal(actor, "beheer:beheer");
    long long all = json_integer_value(json_object_get(r.json, "totaal"));
    assert_true(all >= 4);
    nb_t_resp_free(&r);
    /* the filter takes the same notation, and a bare label */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=organisatie&actor=beheer:beheer");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), all);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=organisatie&actor=beheer");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), all);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL,
              "/api/v1/auditregels?entiteit=organisatie&actor=lezer:beheer");
    nb_t_assert_status(&r, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 0);
    nb_t_resp_free(&r);
}

/* A period that shares a day with a closed one is refused (409), naming both fields and
 * the other period; a period next to it is fine. */
static void test_periods_do_not_overlap(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2021-01-01\",\"tot\":\"2021-01-31\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 201);
    long long first = json_integer_value(json_object_get(r.json, "id"));
    assert_string_equal(json_string_value(json_object_get(r.json, "afgeslotenDoor")),
                        "beheer:beheer");
    nb_t_resp_free(&r);
    static const char *const overlapping[] = {
        "{\"van\":\"2021-01-01\",\"tot\":\"2021-01-31\"}", /* the same again */
        "{\"van\":\"2020-12-15\",\"tot\":\"2021-01-01\"}", /* its first day */
        "{\"van\":\"2021-01-31\",\"tot\":\"2021-02-10\"}", /* its last day */
        "{\"van\":\"2021-01-10\",\"tot\":\"2021-01-12\"}", /* inside */
        "{\"van\":\"2020-12-01\",\"tot\":\"2021-03-01\"}", /* around */
    };
    char id[32];
    snprintf(id, sizeof id, "periode %lld", first);
    for (size_t i = 0; i < sizeof overlapping / sizeof overlapping[0]; i++) {
        nb_t_reqf(&srv, &r, "POST", beheer, overlapping[i], "/api/v1/perioden");
        nb_t_assert_status(&r, 409);
        assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), id));
        assert_non_null(strstr(invalid_reason(&r, "van"), "2021-01-01 t/m 2021-01-31"));
        assert_non_null(invalid_reason(&r, "tot"));
        nb_t_resp_free(&r);
    }
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"van\":\"2021-02-01\",\"tot\":\"2021-02-28\"}",
              "/api/v1/perioden");
    nb_t_assert_status(&r, 201);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/perioden");
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 2);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_query_parameters_refused),
        cmocka_unit_test(test_known_parameters_kept_in_links),
        cmocka_unit_test(test_sorting),
        cmocka_unit_test(test_etag_and_if_match),
        cmocka_unit_test(test_two_editors),
        cmocka_unit_test(test_problem_table),
        cmocka_unit_test(test_problems_over_http),
        cmocka_unit_test(test_deprecated_paths),
        cmocka_unit_test(test_organisation_filter_zoek),
        cmocka_unit_test(test_actor_notation),
        cmocka_unit_test(test_periods_do_not_overlap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
