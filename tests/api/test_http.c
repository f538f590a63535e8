/*
 * tests/api/test_http.c — the HTTP contract of every route, over real HTTP:
 * headers on every response, 401/403/404/405/406/413/415, problem+json with
 * all invalid params, trailing slashes, paging links, and openapi.json
 * checked against the server's own route table. Also organisaties end to end.
 */
#include "api/web_session.h"

#include "api/api.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_t_server srv;
static char *beheer, *coord, *lezer, *coord_other;
static long long org_a, org_b;

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    nb_t_resp r;
    org_a =
        nb_t_create(&srv, "/api/v1/organisaties", beheer,
                    "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
                    "\"inwoners\":119000,\"oppervlakteKm2\":99.45,\"kredietlijnMinuten\":6000}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    (void)r;
    coord = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_other = nb_t_token(&srv, "coordinator", org_b, 0);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    return beheer && coord && lezer && coord_other ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(beheer);
    free(coord);
    free(coord_other);
    free(lezer);
    return nb_t_server_stop(&srv) == 0 ? 0 : -1;
}

static void assert_problem(nb_t_resp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    assert_int_equal(r->status, status);
    const char *ct = nb_t_header(r, "Content-Type");
    assert_non_null(ct);
    assert_string_equal(ct, "application/problem+json");
    assert_non_null(r->json);
    assert_int_equal(json_integer_value(json_object_get(r->json, "status")), status);
    assert_non_null(json_string_value(json_object_get(r->json, "title")));
    assert_non_null(json_string_value(json_object_get(r->json, "detail")));
}

static void test_headers_on_every_response(void **state)
{
    (void)state;
    const char *paths[] = {"/api/v1/organisaties", "/api/v1/bestaat-niet", "/api/v1/openapi.json"};
    for (size_t i = 0; i < 3; i++) {
        for (int auth = 0; auth < 2; auth++) {
            nb_t_resp r;
            assert_int_equal(nb_t_req(&srv, "GET", paths[i], auth ? beheer : NULL, NULL, &r), 0);
            assert_non_null(nb_t_header(&r, "API-Version"));
            assert_string_equal(nb_t_header(&r, "API-Version"), "1.0.0");
            /* the contract may be kept (issue 14; it has a strong ETag), nothing else */
            assert_string_equal(nb_t_header(&r, "Cache-Control"),
                                i == 2 ? "public, max-age=300" : "no-store");
            assert_string_equal(nb_t_header(&r, "X-Content-Type-Options"), "nosniff");
            assert_string_equal(nb_t_header(&r, "X-Frame-Options"), "DENY");
            assert_string_equal(nb_t_header(&r, "Content-Security-Policy"),
                                "frame-ancestors 'none'");
            nb_t_resp_free(&r);
        }
    }
}

static void test_auth(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_req(&srv, "GET", "/api/v1/organisaties", NULL, NULL, &r);
    assert_problem(&r, 401);
    assert_non_null(nb_t_header(&r, "WWW-Authenticate"));
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/organisaties", "nb_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
             NULL, &r);
    assert_problem(&r, 401);
    nb_t_resp_free(&r);
    /* A revoked token stops working at once, on every worker: each has
     * memoised it (issue 14) before `noaber token revoke` runs in another
     * process on the same database. */
    char *t = nb_t_token(&srv, "beheer", 0, 0);
    for (int i = 0; i < 12; i++) {
        nb_t_req(&srv, "GET", "/api/v1/organisaties", t, NULL, &r);
        assert_int_equal(r.status, 200);
        nb_t_resp_free(&r);
    }
    char out[4096], id[32];
    const char *list[] = {"token", "list", NULL};
    assert_int_equal(nb_t_cli(&srv, out, sizeof out, list), 0);
    /* The newest token is the last line of `token list`; its first column is the id. */
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == '\n')
        out[--len] = '\0';
    const char *last = strrchr(out, '\n');
    assert_non_null(last);
    snprintf(id, sizeof id, "%.*s", (int)strcspn(last + 1, " "), last + 1);
    const char *args_rev[] = {"token", "revoke", id, NULL};
    assert_int_equal(nb_t_cli(&srv, out, sizeof out, args_rev), 0);
    for (int i = 0; i < 12; i++) {
        nb_t_req(&srv, "GET", "/api/v1/organisaties", t, NULL, &r);
        assert_problem(&r, 401);
        nb_t_resp_free(&r);
    }
    free(t);
    /* Roles: only beheer creates organisations. */
    const char *body = "{\"code\":\"GM0482\",\"soort\":\"gemeente\",\"naam\":\"Alblasserdam\"}";
    const char *toks[] = {coord, lezer};
    for (int i = 0; i < 2; i++) {
        nb_t_req(&srv, "POST", "/api/v1/organisaties", toks[i], body, &r);
        assert_problem(&r, 403);
        nb_t_resp_free(&r);
    }
    /* Every role reads. */
    const char *readers[] = {beheer, coord, lezer};
    for (int i = 0; i < 3; i++) {
        nb_t_req(&srv, "GET", "/api/v1/organisaties", readers[i], NULL, &r);
        assert_int_equal(r.status, 200);
        nb_t_resp_free(&r);
    }
}

static void test_not_found_and_methods(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_req(&srv, "GET", "/api/v1/organisaties/", beheer, NULL, &r);
    assert_problem(&r, 404); /* trailing slash */
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/organisaties/999999", beheer, NULL, &r);
    assert_problem(&r, 404);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/organisaties/abc", beheer, NULL, &r);
    assert_problem(&r, 404);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "DELETE", "/api/v1/organisaties/1", beheer, NULL, &r);
    assert_problem(&r, 405);
    assert_non_null(nb_t_header(&r, "Allow"));
    assert_non_null(strstr(nb_t_header(&r, "Allow"), "GET"));
    assert_non_null(strstr(nb_t_header(&r, "Allow"), "PUT"));
    nb_t_resp_free(&r);
}

static void test_media_types(void **state)
{
    (void)state;
    nb_t_resp r;
    const char *accept_html[] = {"Accept: text/html", NULL};
    nb_t_req_h(&srv, "GET", "/api/v1/organisaties", beheer, NULL, accept_html, &r);
    assert_problem(&r, 406);
    nb_t_resp_free(&r);
    const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
    nb_t_req_h(&srv, "POST", "/api/v1/organisaties", beheer, "code=GM0001", form, &r);
    assert_problem(&r, 415);
    nb_t_resp_free(&r);
}

static void test_body_limits_and_json(void **state)
{
    (void)state;
    nb_t_resp r;
    size_t n = 2 * 1024 * 1024;
    char *big = malloc(n + 64);
    assert_non_null(big);
    strcpy(big, "{\"naam\":\"");
    memset(big + 9, 'x', n);
    strcpy(big + 9 + n, "\"}");
    /* As clients send a large body: announced with Expect: 100-continue, so
     * the 413 from Content-Length comes before any of it is sent. (Sent at
     * once, the body races the server's close after its early 413: the
     * client may be reset before it reads the answer; seen under valgrind.) */
    static const char *const expect[] = {"Expect: 100-continue", NULL};
    nb_t_req_h(&srv, "POST", "/api/v1/organisaties", beheer, big, expect, &r);
    assert_problem(&r, 413);
    nb_t_resp_free(&r);
    free(big);
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, "{\"code\": ", &r);
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"GM0001\",\"code\":\"GM0002\",\"soort\":\"gemeente\",\"naam\":\"X\"}", &r);
    assert_problem(&r, 400);
    assert_non_null(strstr(json_string_value(json_object_get(r.json, "detail")), "duplicate"));
    nb_t_resp_free(&r);
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, "[1,2]", &r);
    assert_problem(&r, 400);
    nb_t_resp_free(&r);
}

static void test_all_invalid_params_at_once(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"X1\",\"soort\":\"stad\",\"naam\":\"\",\"inwoners\":-5,"
             "\"oppervlakteKm2\":1.234,\"kredietlijnMinuten\":\"veel\",\"kleur\":\"rood\"}",
             &r);
    assert_problem(&r, 400);
    const char *names[] = {"soort", "naam", "inwoners", "oppervlakteKm2", "kredietlijnMinuten",
                           "kleur"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!nb_t_invalid(&r, names[i]))
            fprintf(stderr, "missing invalid param %s in %s\n", names[i], r.body);
        assert_true(nb_t_invalid(&r, names[i]));
    }
    nb_t_resp_free(&r);
    /* Missing required fields are all named; a bad CBS code too. */
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, "{}", &r);
    assert_problem(&r, 400);
    assert_true(nb_t_invalid(&r, "code"));
    assert_true(nb_t_invalid(&r, "soort"));
    assert_true(nb_t_invalid(&r, "naam"));
    nb_t_resp_free(&r);
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"GM05\",\"soort\":\"gemeente\",\"naam\":\"Kort\"}", &r);
    assert_problem(&r, 400);
    assert_true(nb_t_invalid(&r, "code"));
    nb_t_resp_free(&r);
}

static void test_organisation_lifecycle(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[64];
    snprintf(path, sizeof path, "/api/v1/organisaties/%lld", org_a);
    nb_t_req(&srv, "GET", path, lezer, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "code")), "GM0505");
    assert_true(json_real_value(json_object_get(r.json, "oppervlakteKm2")) > 99.44);
    assert_int_equal(json_integer_value(json_object_get(r.json, "versie")), 1);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "PUT", path, beheer,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Gemeente Dordrecht\","
             "\"inwoners\":120000}",
             &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "naam")), "Gemeente Dordrecht");
    assert_int_equal(json_integer_value(json_object_get(r.json, "versie")), 2);
    nb_t_resp_free(&r);
    /* Duplicate code: 409, and nothing changed. */
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dubbel\"}", &r);
    assert_problem(&r, 409);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "PUT", "/api/v1/organisaties/424242", beheer,
             "{\"code\":\"GM0999\",\"soort\":\"gemeente\",\"naam\":\"Niemand\"}", &r);
    assert_problem(&r, 404);
    nb_t_resp_free(&r);
    /* Created resources come with a Location. */
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"REGIO-POOL\",\"soort\":\"pool\",\"naam\":\"Regionale pool\"}", &r);
    assert_int_equal(r.status, 201);
    assert_non_null(nb_t_header(&r, "Location"));
    assert_non_null(strstr(nb_t_header(&r, "Location"), "/api/v1/organisaties/"));
    nb_t_resp_free(&r);
}

static void test_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    for (int i = 0; i < 5; i++) {
        char body[160];
        snprintf(body, sizeof body,
                 "{\"code\":\"PARTNER-%d\",\"soort\":\"partner\",\"naam\":\"Partner %d\"}", i, i);
        nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer, body, &r);
        assert_int_equal(r.status, 201);
        nb_t_resp_free(&r);
    }
    nb_t_req(&srv, "GET", "/api/v1/organisaties?soort=partner&paginaGrootte=2", coord, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), 5);
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "next"));
    assert_null(json_object_get(links, "prev"));
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "organisaties")), 2);
    const char *next = json_string_value(json_object_get(json_object_get(links, "next"), "href"));
    assert_non_null(strstr(next, "soort=partner"));
    assert_non_null(strstr(next, "pagina=2"));
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/organisaties?soort=partner&paginaGrootte=2&pagina=3", coord,
             NULL, &r);
    links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "prev"));
    assert_null(json_object_get(links, "next"));
    assert_int_equal(
        json_array_size(json_object_get(json_object_get(r.json, "_embedded"), "organisaties")), 1);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/organisaties?pagina=0&paginaGrootte=1000&soort=dorp", coord,
             NULL, &r);
    assert_problem(&r, 400);
    assert_true(nb_t_invalid(&r, "pagina"));
    assert_true(nb_t_invalid(&r, "paginaGrootte"));
    assert_true(nb_t_invalid(&r, "soort"));
    nb_t_resp_free(&r);
}

static void test_openapi_matches_route_table(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_req(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(nb_t_header(&r, "Access-Control-Allow-Origin"), "*");
    assert_string_equal(json_string_value(json_object_get(r.json, "openapi")), "3.0.3");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(r.json, "servers"), 0), "url")),
                        "/api/v1");
    json_t *paths = json_object_get(r.json, "paths");
    size_t ops = 0;
    const char *p;
    json_t *item;
    json_object_foreach (paths, p, item)
        ops += json_object_size(item);
    /* Every route of the versioned API; the health probes are outside it. */
    size_t versioned = 0;
    for (size_t i = 0; i < nb_routes_count; i++)
        versioned += strncmp(nb_routes[i].pattern, "/api/v1/", 8) == 0;
    assert_int_equal(versioned, nb_routes_count - 2);
    assert_int_equal(ops, versioned);
    for (size_t i = 0; i < nb_routes_count; i++) {
        if (strncmp(nb_routes[i].pattern, "/api/v1/", 8) != 0)
            continue;
        char m[8];
        size_t k;
        for (k = 0; nb_routes[i].method[k] && k < 7; k++)
            m[k] = (char)(nb_routes[i].method[k] + 32);
        m[k] = '\0';
        /* Paths are relative to servers[0].url, /api/v1 (ADR uri-version). */
        json_t *op = json_object_get(json_object_get(paths, nb_routes[i].pattern + 7), m);
        if (op == NULL)
            fprintf(stderr, "openapi.json lacks %s %s\n", nb_routes[i].method,
                    nb_routes[i].pattern);
        assert_non_null(op);
        assert_non_null(json_string_value(json_object_get(op, "summary")));
        assert_non_null(json_string_value(json_object_get(op, "description")));
        assert_non_null(json_string_value(json_object_get(op, "operationId")));
        assert_true(json_array_size(json_object_get(op, "tags")) == 1);
        assert_non_null(json_object_get(op, "responses"));
        if (nb_routes[i].body)
            assert_non_null(json_object_get(op, "requestBody"));
        /* Every documented body schema reference resolves. */
        if (nb_routes[i].body)
            assert_non_null(
                json_object_get(json_object_get(json_object_get(r.json, "components"), "schemas"),
                                nb_routes[i].body->name));
        /* Kebab-case/lower-case paths, no trailing slash, under /api/v1. */
        const char *pat = nb_routes[i].pattern;
        assert_int_equal(strncmp(pat, "/api/v1/", 8), 0);
        assert_true(pat[strlen(pat) - 1] != '/');
        for (const char *c = pat; *c; c++)
            assert_false(*c >= 'A' && *c <= 'Z');
        /* Default deny: every route names who may call it. */
        assert_true(nb_routes[i].roles != 0);
    }
    nb_t_resp_free(&r);
}

static void test_audit_log(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[128];
    /* The organisation made in setup, and its update, are in the log with who and where. */
    snprintf(path, sizeof path, "/api/v1/auditregels?entiteit=organisatie&entiteitId=%lld", org_a);
    nb_t_req(&srv, "GET", path, beheer, NULL, &r);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "auditregels");
    assert_true(json_array_size(items) >= 2); /* create + the update of the lifecycle test */
    json_t *last = json_array_get(items, json_array_size(items) - 1); /* oldest: the create */
    assert_string_equal(json_string_value(json_object_get(last, "actie")), "create");
    assert_string_equal(json_string_value(json_object_get(last, "actor")), "beheer:beheer");
    assert_string_equal(json_string_value(json_object_get(last, "rol")), "beheer");
    assert_string_equal(json_string_value(json_object_get(last, "herkomst")), "127.0.0.1");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(last, "details"), "code")), "GM0505");
    assert_non_null(json_string_value(json_object_get(last, "tijdstip")));
    nb_t_resp_free(&r);
    /* Token creation on the command line is logged too. */
    nb_t_req(&srv, "GET", "/api/v1/auditregels?entiteit=token&actor=system:cli", beheer, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(json_integer_value(json_object_get(r.json, "totaal")) >= 4);
    nb_t_resp_free(&r);
    /* A refused request writes nothing, not even to the log. */
    nb_t_req(&srv, "GET", "/api/v1/auditregels?paginaGrootte=1", beheer, NULL, &r);
    json_int_t before = json_integer_value(json_object_get(r.json, "totaal"));
    nb_t_resp_free(&r);
    nb_t_req(&srv, "POST", "/api/v1/organisaties", beheer,
             "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dubbel\"}", &r);
    assert_int_equal(r.status, 409);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/auditregels?paginaGrootte=1", beheer, NULL, &r);
    assert_int_equal(json_integer_value(json_object_get(r.json, "totaal")), before);
    nb_t_resp_free(&r);
    /* Only network management reads it; bad filters are named. */
    nb_t_req(&srv, "GET", "/api/v1/auditlog", coord, NULL, &r);
    assert_problem(&r, 403);
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/auditregels?entiteitId=x&vanaf=gisteren", beheer, NULL, &r);
    assert_problem(&r, 400);
    assert_true(nb_t_invalid(&r, "entiteitId"));
    assert_true(nb_t_invalid(&r, "vanaf"));
    nb_t_resp_free(&r);
}

/* DOMAIN.md rule 10: vanaf/tot are days in Europe/Amsterdam. Around the
 * start of summer time 2026 (29 March): 22:30 UTC on the 28th is still the
 * 28th in Amsterdam, 23:30 UTC is the 29th; 21:59 UTC on the 29th (CEST) is
 * the 29th, 22:00 UTC the 30th. A UTC day would pick the last two instead. */
static void test_audit_log_amsterdam_days(void **state)
{
    (void)state;
    nb_t_sql(&srv, "INSERT INTO audit_log (at, actor, role, remote, action, entity, entity_id) "
                   "VALUES ('2026-03-28T22:30:00Z', 'dst-28', 'beheer', 'local', 'x', "
                   "'zomertijd', 1), ('2026-03-28T23:30:00Z', 'dst-29a', 'beheer', 'local', "
                   "'x', 'zomertijd', 1), ('2026-03-29T21:59:00Z', 'dst-29b', 'beheer', "
                   "'local', 'x', 'zomertijd', 1), ('2026-03-29T22:00:00Z', 'dst-30', "
                   "'beheer', 'local', 'x', 'zomertijd', 1)");
    nb_t_resp r;
    nb_t_req(&srv, "GET", "/api/v1/auditregels?entiteit=zomertijd&vanaf=2026-03-29&tot=2026-03-29",
             beheer, NULL, &r);
    assert_int_equal(r.status, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "auditregels");
    assert_int_equal(json_array_size(items), 2);
    /* newest first */
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "actor")),
                        "beheer:dst-29b");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "actor")),
                        "beheer:dst-29a");
    nb_t_resp_free(&r);
    nb_t_req(&srv, "GET", "/api/v1/auditregels?entiteit=zomertijd&vanaf=2026-03-30", beheer, NULL,
             &r);
    assert_int_equal(r.status, 200);
    items = json_object_get(json_object_get(r.json, "_embedded"), "auditregels");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "actor")),
                        "beheer:dst-30");
    nb_t_resp_free(&r);
}

static void test_nothing_is_deleted(void **state)
{
    (void)state;
    /* Straight into the database: the triggers refuse deletes and log edits,
     * to the owner too; on PostgreSQL the server's role (NOABER_TEST_PG_ROLE)
     * has not even the privilege. */
    const char *refused[] = {
        "DELETE FROM audit_log",
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM organisations",
        "DELETE FROM tokens",
        NULL,
    };
    for (int i = 0; refused[i]; i++)
        for (int owner = 0; owner < 2; owner++) {
            char msg[512];
            if (nb_t_sql_try(&srv, owner, refused[i], msg, sizeof msg) == 0)
                fail_msg("'%s' was allowed%s", refused[i], owner ? " to the owner" : "");
            assert_true(msg[0] != '\0');
        }
    assert_true(nb_t_sql_int(&srv, "SELECT count(*) FROM organisations") >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_on_every_response),
        cmocka_unit_test(test_auth),
        cmocka_unit_test(test_not_found_and_methods),
        cmocka_unit_test(test_media_types),
        cmocka_unit_test(test_body_limits_and_json),
        cmocka_unit_test(test_all_invalid_params_at_once),
        cmocka_unit_test(test_organisation_lifecycle),
        cmocka_unit_test(test_paging),
        cmocka_unit_test(test_openapi_matches_route_table),
        cmocka_unit_test(test_audit_log),
        cmocka_unit_test(test_audit_log_amsterdam_days),
        cmocka_unit_test(test_nothing_is_deleted),
    };
    return cmocka_run_group_tests_name("api-http", tests, setup, teardown);
}
