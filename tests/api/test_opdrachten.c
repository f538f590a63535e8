/*
 * tests/api/test_opdrachten.c — /api/v1/opdrachten over real HTTP: the three
 * kinds, every validation class with all problems named at once, broken
 * references, rule 7 (ambtelijk opdrachtgever), the status machine (legal and
 * illegal transitions, final states), stable line ids and the line lock,
 * access per role (coordinator rules, read-only roles, 401), filters and
 * paging links.
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
static long long comp_1, comp_2;
static long long person_a, person_b, person_c;

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

static int setup(void **state)
{
    (void)state;
    if (nb_t_server_start(&srv) != 0)
        return -1;
    beheer = nb_t_token(&srv, "beheer", 0, 0);
    org_a = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\"}");
    org_b = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0590\",\"soort\":\"gemeente\",\"naam\":\"Papendrecht\"}");
    org_c = nb_t_create(&srv, "/api/v1/organisaties", beheer,
                        "{\"code\":\"GM0642\",\"soort\":\"gemeente\",\"naam\":\"Zwijndrecht\"}");
    comp_1 = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    comp_2 = nb_t_create(
        &srv, "/api/v1/competenties", beheer,
        "{\"code\":\"FYS-RO\",\"naam\":\"Ruimtelijke ordening\",\"domein\":\"fysiek\"}");
    person_a = mk_person(org_a, "Anna de Vries", "anna@dordrecht.nl");
    person_b = mk_person(org_b, "Bram Jansen", "bram@papendrecht.nl");
    person_c = mk_person(org_c, "Carla Smit", "carla@zwijndrecht.nl");
    coord_a = nb_t_token(&srv, "coordinator", org_a, 0);
    coord_b = nb_t_token(&srv, "coordinator", org_b, 0);
    mw_a = nb_t_token(&srv, "medewerker", org_a, person_a);
    lezer = nb_t_token(&srv, "lezer", org_a, 0);
    return beheer && coord_a && coord_b && mw_a && lezer ? 0 : -1;
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

/* A body as text; takes ownership of j. Caller frees. */
static char *dump(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    assert_non_null(s);
    return s;
}

/* An assignment body; reqs and lines are stolen (may be NULL = leave out). */
static json_t *asg(const char *kind, json_t *reqs, json_t *lines, long long person,
                   const char *start, const char *end)
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

static json_t *req1(long long org)
{
    return json_pack("[{s:I}]", "organisatieId", (json_int_t)org);
}

static json_t *req2(long long o1, long long s1, long long o2, long long s2)
{
    return json_pack("[{s:I, s:I}, {s:I, s:I}]", "organisatieId", (json_int_t)o1, "aandeel",
                     (json_int_t)s1, "organisatieId", (json_int_t)o2, "aandeel", (json_int_t)s2);
}

static json_t *line1(long long comp, long long level, long long minutes)
{
    return json_pack("[{s:I, s:I, s:I}]", "competentieId", (json_int_t)comp, "minimumNiveau",
                     (json_int_t)level, "minuten", (json_int_t)minutes);
}

static json_t *lines_n(int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:i, s:i}", "competentieId",
                                           (json_int_t)(i % 2 ? comp_2 : comp_1), "minimumNiveau",
                                           1 + i % 5, "minuten", 60 * (i + 1)));
    return a;
}

/* Sends method path with body j (stolen, may be NULL); the response is the caller's. */
static void send(const char *method, const char *path, const char *token, json_t *j, nb_t_resp *r)
{
    char *body = j ? dump(j) : NULL;
    assert_int_equal(nb_t_req(&srv, method, path, token, body, r), 0);
    free(body);
}

static void expect(nb_t_resp *r, long status)
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

static void expect_invalid(nb_t_resp *r, const char *name)
{
    if (!nb_t_invalid(r, name))
        fprintf(stderr, "invalidParams lacks %s: %s\n", name, r->body);
    assert_true(nb_t_invalid(r, name));
}

static size_t ninvalid(const nb_t_resp *r)
{
    return json_array_size(json_object_get(r->json, "invalidParams"));
}

/* Creates an assignment as token and returns its id (asserting 201). */
static long long create(const char *token, json_t *j)
{
    nb_t_resp r;
    send("POST", "/api/v1/opdrachten", token, j, &r);
    expect(&r, 201);
    long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
    assert_true(id > 0);
    nb_t_resp_free(&r);
    return id;
}

static void set_status(long long id, const char *token, const char *status, long expect_status)
{
    char path[96];
    nb_t_resp r;
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    send("PUT", path, token, json_pack("{s:s}", "status", status), &r);
    expect(&r, expect_status);
    if (expect_status == 200)
        assert_string_equal(json_string_value(json_object_get(r.json, "status")), status);
    nb_t_resp_free(&r);
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    assert_non_null(s);
    return s;
}

static long long num(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* ---- Create ----------------------------------------------------------------- */

static void test_create_three_kinds(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];

    /* lokaal */
    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", req1(org_a), line1(comp_1, 3, 1200), person_a, "2030-01-01", "2030-06-30"),
         &r);
    expect(&r, 201);
    long long id = num(r.json, "id");
    char loc[160];
    snprintf(loc, sizeof loc, "%s/api/v1/opdrachten/%lld", srv.base, id);
    assert_string_equal(nb_t_header(&r, "Location"), loc);
    assert_string_equal(str(r.json, "status"), "concept");
    assert_string_equal(str(r.json, "soort"), "lokaal");
    assert_string_equal(str(r.json, "werksoort"), "verandering");
    assert_int_equal(num(r.json, "prioriteit"), 3);
    assert_int_equal(num(r.json, "versie"), 1);
    assert_int_equal(num(r.json, "ambtelijkOpdrachtgeverId"), person_a);
    assert_string_equal(str(r.json, "bestuurlijkOpdrachtgever"), "wethouder Van Dam");
    json_t *reqs = json_object_get(r.json, "aanvragers");
    assert_int_equal(json_array_size(reqs), 1);
    assert_int_equal(num(json_array_get(reqs, 0), "organisatieId"), org_a);
    assert_int_equal(num(json_array_get(reqs, 0), "aandeel"), 1);
    json_t *lines = json_object_get(r.json, "regels");
    assert_int_equal(json_array_size(lines), 1);
    assert_true(num(json_array_get(lines, 0), "id") > 0);
    assert_int_equal(num(json_array_get(lines, 0), "competentieId"), comp_1);
    assert_int_equal(num(json_array_get(lines, 0), "minimumNiveau"), 3);
    assert_int_equal(num(json_array_get(lines, 0), "minuten"), 1200);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "self"));
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "status"));
    char *created = json_dumps(r.json, JSON_SORT_KEYS);
    nb_t_resp_free(&r);

    /* GET returns the same representation, to every role. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    const char *readers[] = {beheer, coord_b, mw_a, lezer};
    for (size_t i = 0; i < 4; i++) {
        send("GET", path, readers[i], NULL, &r);
        expect(&r, 200);
        char *got = json_dumps(r.json, JSON_SORT_KEYS);
        assert_string_equal(got, created);
        free(got);
        nb_t_resp_free(&r);
    }
    free(created);

    /* meervoudig-lokaal with shares, ambtelijk opdrachtgever from the second requester */
    json_t *j = asg("meervoudig-lokaal", req2(org_a, 3, org_b, 1), lines_n(2), person_b,
                    "2030-02-01", "2030-12-31");
    json_object_set_new(j, "prioriteit", json_integer(1));
    json_object_set_new(j, "status", json_string("ingediend"));
    json_object_set_new(j, "omschrijving", json_string("Samen één aanpak voor de jeugdhulp"));
    send("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 201);
    assert_string_equal(str(r.json, "status"), "ingediend");
    assert_int_equal(num(r.json, "prioriteit"), 1);
    reqs = json_object_get(r.json, "aanvragers");
    assert_int_equal(json_array_size(reqs), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *q = json_array_get(reqs, i);
        assert_int_equal(num(q, "aandeel"), num(q, "organisatieId") == org_a ? 3 : 1);
    }
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 2);
    nb_t_resp_free(&r);

    /* regionaal without requesters: anyone of the network may be ambtelijk opdrachtgever */
    send("POST", "/api/v1/opdrachten", beheer,
         asg("regionaal", NULL, line1(comp_2, 5, 600), person_c, "2030-03-01", "2030-03-01"), &r);
    expect(&r, 201);
    assert_string_equal(str(r.json, "soort"), "regionaal");
    assert_int_equal(json_array_size(json_object_get(r.json, "aanvragers")), 0);
    nb_t_resp_free(&r);

    /* regionaal with requesters */
    create(beheer, asg("regionaal", req2(org_b, 1, org_c, 1), line1(comp_1, 1, 30), person_c,
                       "2030-03-01", "2030-04-01"));
}

/* ---- Validation -------------------------------------------------------------- */

static void test_schema_errors_all_at_once(void **state)
{
    (void)state;
    nb_t_resp r;
    json_t *lines = json_pack("[{s:I, s:i, s:i}, {s:I, s:i, s:i, s:i}]", "competentieId",
                              (json_int_t)comp_1, "minimumNiveau", 7, "minuten", 0, "competentieId",
                              (json_int_t)comp_1, "minimumNiveau", 2, "minuten", 10, "kleur", 1);
    json_t *j = asg("landelijk", req1(org_a), lines, person_a, "2030-13-01", "2030-01-01");
    json_object_set_new(j, "prioriteit", json_integer(9));
    json_object_set_new(j, "werksoort", json_string("incidenteel"));
    json_object_set_new(j, "onbekend", json_true());
    json_object_del(j, "titel");
    send("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 400);
    expect_invalid(&r, "titel");
    expect_invalid(&r, "soort");
    expect_invalid(&r, "werksoort");
    expect_invalid(&r, "prioriteit");
    expect_invalid(&r, "startdatum");
    expect_invalid(&r, "onbekend");
    expect_invalid(&r, "regels[0].minimumNiveau");
    expect_invalid(&r, "regels[0].minuten");
    expect_invalid(&r, "regels[1].kleur");
    assert_int_equal(ninvalid(&r), 9);
    nb_t_resp_free(&r);

    /* Required lists and fields. */
    j = json_pack("{s:s}", "titel", "Leeg");
    send("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 400);
    expect_invalid(&r, "soort");
    expect_invalid(&r, "werksoort");
    expect_invalid(&r, "startdatum");
    expect_invalid(&r, "einddatum");
    expect_invalid(&r, "bestuurlijkOpdrachtgever");
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    expect_invalid(&r, "regels");
    nb_t_resp_free(&r);

    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", req1(org_a), json_array(), person_a, "2030-01-01", "2030-01-02"), &r);
    expect(&r, 400);
    expect_invalid(&r, "regels");
    nb_t_resp_free(&r);

    /* Malformed JSON. */
    assert_int_equal(nb_t_req(&srv, "POST", "/api/v1/opdrachten", beheer, "{\"titel\":", &r), 0);
    expect(&r, 400);
    nb_t_resp_free(&r);
}

static void test_shape_errors_all_at_once(void **state)
{
    (void)state;
    nb_t_resp r;
    /* lokaal with two requesters, one twice, a zero share, end before start. */
    json_t *reqs = json_pack("[{s:I}, {s:I, s:i}]", "organisatieId", (json_int_t)org_a,
                             "organisatieId", (json_int_t)org_a, "aandeel", 1);
    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", reqs, line1(comp_1, 2, 60), person_a, "2030-05-01", "2030-04-30"), &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    expect_invalid(&r, "aanvragers[1].organisatieId");
    expect_invalid(&r, "einddatum");
    assert_int_equal(ninvalid(&r), 3);
    nb_t_resp_free(&r);

    /* lokaal without requesters */
    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", NULL, line1(comp_1, 2, 60), person_a, "2030-05-01", "2030-05-01"), &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    nb_t_resp_free(&r);

    /* meervoudig-lokaal with one requester; share 0 is refused by the schema */
    send("POST", "/api/v1/opdrachten", beheer,
         asg("meervoudig-lokaal", req1(org_a), line1(comp_1, 2, 60), person_a, "2030-05-01",
             "2030-05-01"),
         &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    nb_t_resp_free(&r);
    send("POST", "/api/v1/opdrachten", beheer,
         asg("meervoudig-lokaal", req2(org_a, 1, org_b, 0), line1(comp_1, 2, 60), person_a,
             "2030-05-01", "2030-05-01"),
         &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers[1].aandeel");
    nb_t_resp_free(&r);

    /* A new assignment starts as concept or ingediend. */
    json_t *j =
        asg("lokaal", req1(org_a), line1(comp_1, 2, 60), person_a, "2030-05-01", "2030-05-01");
    json_object_set_new(j, "status", json_string("bemenst"));
    send("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 400);
    expect_invalid(&r, "status");
    nb_t_resp_free(&r);

    /* A new line cannot carry an id. */
    json_t *lines = json_pack("[{s:i, s:I, s:i, s:i}]", "id", 5, "competentieId",
                              (json_int_t)comp_1, "minimumNiveau", 1, "minuten", 1);
    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", req1(org_a), lines, person_a, "2030-05-01", "2030-05-01"), &r);
    expect(&r, 400);
    expect_invalid(&r, "regels[0].id");
    nb_t_resp_free(&r);
}

static void test_broken_references(void **state)
{
    (void)state;
    nb_t_resp r;
    json_t *lines = json_pack("[{s:I, s:i, s:i}, {s:i, s:i, s:i}]", "competentieId",
                              (json_int_t)comp_1, "minimumNiveau", 1, "minuten", 60,
                              "competentieId", 999999, "minimumNiveau", 1, "minuten", 60);
    send("POST", "/api/v1/opdrachten", beheer,
         asg("meervoudig-lokaal", req2(org_a, 1, 999998, 1), lines, 999997, "2030-01-01",
             "2030-01-31"),
         &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers[1].organisatieId");
    expect_invalid(&r, "regels[1].competentieId");
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    assert_int_equal(ninvalid(&r), 3);
    nb_t_resp_free(&r);

    /* Rule 7: the ambtelijk opdrachtgever belongs to a requesting organisation. */
    send("POST", "/api/v1/opdrachten", beheer,
         asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_c, "2030-01-01", "2030-01-31"),
         &r);
    expect(&r, 400);
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    assert_int_equal(ninvalid(&r), 1);
    nb_t_resp_free(&r);
    send("POST", "/api/v1/opdrachten", beheer,
         asg("regionaal", req1(org_b), line1(comp_1, 1, 60), person_a, "2030-01-01", "2030-01-31"),
         &r);
    expect(&r, 400);
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    nb_t_resp_free(&r);

    /* Nothing was written by any of the refused requests. */
    send("GET", "/api/v1/opdrachten?vanaf=2030-01-01&tot=2030-01-31", beheer, NULL, &r);
    expect(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "opdrachten");
    size_t i;
    json_t *it;
    json_array_foreach (items, i, it)
        assert_string_not_equal(str(it, "einddatum"), "2030-01-31");
    nb_t_resp_free(&r);
}

/* ---- Status machine ---------------------------------------------------------- */

static void test_transitions(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];
    long long id = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a,
                                      "2030-07-01", "2030-07-31"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);

    /* Illegal: concept → geaccepteerd; the reason names the legal next states. */
    send("PUT", path, beheer, json_pack("{s:s}", "status", "geaccepteerd"), &r);
    expect(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "ingediend, geannuleerd"));
    assert_true(nb_t_invalid(&r, "status")); /* the field the conflict concerns (issue 9) */
    assert_string_equal(str(r.json, "type"),
                        "https://noaber.nl/problemen/ongeldige-statusovergang");
    nb_t_resp_free(&r);

    set_status(id, beheer, "ingediend", 200);
    set_status(id, beheer, "bemenst", 409);
    set_status(id, beheer, "geaccepteerd", 200);
    set_status(id, beheer, "concept", 409);
    set_status(id, beheer, "bemenst", 200);
    set_status(id, beheer, "in-uitvoering", 200);
    set_status(id, beheer, "afgerond", 200);

    /* Final: nothing leaves afgerond; a PUT of the same status changes nothing. */
    send("PUT", path, beheer, json_pack("{s:s}", "status", "geannuleerd"), &r);
    expect(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "eindstatus"));
    nb_t_resp_free(&r);
    send("PUT", path, beheer, json_pack("{s:s}", "status", "afgerond"), &r);
    expect(&r, 200);
    assert_int_equal(num(r.json, "versie"), 6);
    nb_t_resp_free(&r);

    /* A final assignment can no longer be changed by a full PUT. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-07-31"),
         &r);
    expect(&r, 409);
    nb_t_resp_free(&r);

    /* Unknown status, unknown fields: 400 from the schema. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    send("PUT", path, beheer, json_pack("{s:s, s:i}", "status", "klaar", "x", 1), &r);
    expect(&r, 400);
    expect_invalid(&r, "status");
    expect_invalid(&r, "x");
    nb_t_resp_free(&r);

    /* Cancel from every non-final state. */
    const char *chain[] = {"ingediend", "geaccepteerd", "bemenst", "in-uitvoering"};
    for (int k = 0; k <= 4; k++) {
        long long c = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a,
                                         "2030-07-01", "2030-07-31"));
        for (int s = 0; s < k; s++)
            set_status(c, beheer, chain[s], 200);
        set_status(c, beheer, "geannuleerd", 200);
        set_status(c, beheer, "concept", 409);
    }

    /* A full PUT may move the status along a legal transition, and no further. */
    long long p = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a,
                                     "2030-07-01", "2030-07-31"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", p);
    json_t *j =
        asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-07-31");
    json_object_set_new(j, "status", json_string("afgerond"));
    send("PUT", path, beheer, j, &r);
    expect(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "ingediend, geannuleerd"));
    nb_t_resp_free(&r);
    j = asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-08-31");
    json_object_set_new(j, "status", json_string("ingediend"));
    json_object_set_new(j, "titel", json_string("Nieuwe titel"));
    send("PUT", path, beheer, j, &r);
    expect(&r, 200);
    assert_string_equal(str(r.json, "status"), "ingediend");
    assert_string_equal(str(r.json, "titel"), "Nieuwe titel");
    assert_string_equal(str(r.json, "einddatum"), "2030-08-31");
    assert_int_equal(num(r.json, "versie"), 2);
    nb_t_resp_free(&r);
    /* Without status the PUT keeps it. */
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-08-31"),
         &r);
    expect(&r, 200);
    assert_string_equal(str(r.json, "status"), "ingediend");
    nb_t_resp_free(&r);
}

static void test_line_ids_stable_and_locked(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];
    long long id = create(
        beheer, asg("lokaal", req1(org_a), lines_n(2), person_a, "2030-09-01", "2030-09-30"));
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    send("GET", path, beheer, NULL, &r);
    expect(&r, 200);
    long long l0 = num(json_array_get(json_object_get(r.json, "regels"), 0), "id");
    long long l1 = num(json_array_get(json_object_get(r.json, "regels"), 1), "id");
    nb_t_resp_free(&r);
    assert_true(l0 > 0 && l1 > 0 && l0 != l1);

    /* Three lines; line 0 changes competency and level in place, with its id echoed. */
    json_t *lines = lines_n(3);
    json_object_set_new(json_array_get(lines, 0), "id", json_integer(l0));
    json_object_set_new(json_array_get(lines, 0), "competentieId", json_integer(comp_2));
    json_object_set_new(json_array_get(lines, 0), "minimumNiveau", json_integer(4));
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), lines, person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 200);
    json_t *got = json_object_get(r.json, "regels");
    assert_int_equal(json_array_size(got), 3);
    assert_int_equal(num(json_array_get(got, 0), "id"), l0);
    assert_int_equal(num(json_array_get(got, 0), "competentieId"), comp_2);
    assert_int_equal(num(json_array_get(got, 0), "minimumNiveau"), 4);
    assert_int_equal(num(json_array_get(got, 1), "id"), l1);
    long long l2 = num(json_array_get(got, 2), "id");
    assert_true(l2 > l1);
    nb_t_resp_free(&r);

    /* A wrong read-only id is refused, naming the line. */
    lines = lines_n(3);
    json_object_set_new(json_array_get(lines, 1), "id", json_integer(l0));
    json_object_set_new(json_array_get(lines, 2), "id", json_integer(l2));
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), lines, person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 400);
    expect_invalid(&r, "regels[1].id");
    assert_int_equal(ninvalid(&r), 1);
    nb_t_resp_free(&r);

    /* Before staffing, lines may be removed. */
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), lines_n(2), person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 2);
    nb_t_resp_free(&r);

    set_status(id, beheer, "ingediend", 200);
    set_status(id, beheer, "geaccepteerd", 200);
    set_status(id, beheer, "bemenst", 200);

    /* From bemenst on, removing a line is 409; changing and adding keep working. */
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), lines_n(1), person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 409);
    nb_t_resp_free(&r);
    lines = lines_n(3);
    json_object_set_new(json_array_get(lines, 1), "minuten", json_integer(999));
    send("PUT", path, beheer,
         asg("lokaal", req1(org_a), lines, person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 200);
    got = json_object_get(r.json, "regels");
    assert_int_equal(json_array_size(got), 3);
    assert_int_equal(num(json_array_get(got, 0), "id"), l0);
    assert_int_equal(num(json_array_get(got, 1), "id"), l1);
    assert_int_equal(num(json_array_get(got, 1), "minuten"), 999);
    assert_string_equal(str(r.json, "status"), "bemenst");
    nb_t_resp_free(&r);

    /* A move to bemenst in the same PUT also locks (geaccepteerd → bemenst). */
    long long k = create(
        beheer, asg("lokaal", req1(org_a), lines_n(2), person_a, "2030-09-01", "2030-09-30"));
    set_status(k, beheer, "ingediend", 200);
    set_status(k, beheer, "geaccepteerd", 200);
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", k);
    json_t *j = asg("lokaal", req1(org_a), lines_n(1), person_a, "2030-09-01", "2030-09-30");
    json_object_set_new(j, "status", json_string("bemenst"));
    send("PUT", path, beheer, j, &r);
    expect(&r, 409);
    nb_t_resp_free(&r);
}

/* ---- Access ------------------------------------------------------------------ */

static void test_coordinator_rules(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];

    /* Only with its own organisation among the requesters. */
    send("POST", "/api/v1/opdrachten", coord_a,
         asg("lokaal", req1(org_b), line1(comp_1, 1, 60), person_b, "2030-10-01", "2030-10-31"),
         &r);
    expect(&r, 403);
    nb_t_resp_free(&r);
    long long own = create(coord_a, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a,
                                        "2030-10-01", "2030-10-31"));
    long long shared =
        create(coord_a, asg("meervoudig-lokaal", req2(org_a, 1, org_b, 2), line1(comp_1, 1, 60),
                            person_a, "2030-10-01", "2030-10-31"));

    /* Another organisation's coordinator may not touch the local one... */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", own);
    send("PUT", path, coord_b,
         asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-10-01", "2030-10-31"),
         &r);
    expect(&r, 403);
    nb_t_resp_free(&r);
    set_status(own, coord_b, "ingediend", 403);
    /* ...but may change the shared one, as long as it stays a requester. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", shared);
    send("PUT", path, coord_b,
         asg("meervoudig-lokaal", req2(org_a, 1, org_b, 1), line1(comp_1, 2, 90), person_b,
             "2030-10-01", "2030-10-31"),
         &r);
    expect(&r, 200);
    nb_t_resp_free(&r);
    send("PUT", path, coord_b,
         asg("meervoudig-lokaal", req2(org_a, 1, org_c, 1), line1(comp_1, 2, 90), person_a,
             "2030-10-01", "2030-10-31"),
         &r);
    expect(&r, 403);
    nb_t_resp_free(&r);

    /* Submit yes; accept, staff, execute no; cancel before staffing yes. */
    set_status(own, coord_a, "ingediend", 200);
    set_status(own, coord_a, "geaccepteerd", 403);
    set_status(own, beheer, "geaccepteerd", 200);
    set_status(own, coord_a, "bemenst", 403);
    set_status(own, coord_a, "geannuleerd", 200);

    set_status(shared, coord_b, "ingediend", 200);
    set_status(shared, beheer, "geaccepteerd", 200);
    set_status(shared, beheer, "bemenst", 200);
    set_status(shared, coord_a, "in-uitvoering", 403);
    set_status(shared, coord_a, "geannuleerd", 403);
    /* An illegal transition is 409 for anybody allowed to change the assignment. */
    set_status(shared, coord_a, "concept", 409);

    /* A status change through a full PUT follows the same rules. */
    long long other = create(coord_a, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a,
                                          "2030-10-01", "2030-10-31"));
    set_status(other, coord_a, "ingediend", 200);
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", other);
    json_t *j =
        asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-10-01", "2030-10-31");
    json_object_set_new(j, "status", json_string("geaccepteerd"));
    send("PUT", path, coord_a, j, &r);
    expect(&r, 403);
    nb_t_resp_free(&r);
    /* Creating directly as ingediend is submitting: allowed. */
    j = asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-10-01", "2030-10-31");
    json_object_set_new(j, "status", json_string("ingediend"));
    create(coord_a, j);
}

static void test_read_only_roles_and_auth(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a,
                                      "2030-11-01", "2030-11-30"));
    char path[96], spath[112];
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    snprintf(spath, sizeof spath, "%s/status", path);
    const char *ro[] = {mw_a, lezer};
    for (size_t i = 0; i < 2; i++) {
        send("POST", "/api/v1/opdrachten", ro[i],
             asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"),
             &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send("PUT", path, ro[i],
             asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"),
             &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send("PUT", spath, ro[i], json_pack("{s:s}", "status", "ingediend"), &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send("GET", "/api/v1/opdrachten", ro[i], NULL, &r);
        expect(&r, 200);
        nb_t_resp_free(&r);
    }
    /* No token: 401 everywhere. */
    send("GET", "/api/v1/opdrachten", NULL, NULL, &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    send("GET", path, NULL, NULL, &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    send("PUT", spath, NULL, json_pack("{s:s}", "status", "ingediend"), &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    /* No DELETE: 405 with Allow. */
    send("DELETE", path, beheer, NULL, &r);
    expect(&r, 405);
    assert_non_null(nb_t_header(&r, "Allow"));
    nb_t_resp_free(&r);
}

static void test_not_found(void **state)
{
    (void)state;
    nb_t_resp r;
    send("GET", "/api/v1/opdrachten/999999", beheer, NULL, &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send("GET", "/api/v1/opdrachten/abc", beheer, NULL, &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send("PUT", "/api/v1/opdrachten/999999/status", beheer,
         json_pack("{s:s}", "status", "ingediend"), &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send("PUT", "/api/v1/opdrachten/999999", beheer,
         asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"),
         &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
}

/* ---- Filters and paging --------------------------------------------------------- */

static json_t *page_items(const nb_t_resp *r)
{
    return json_object_get(json_object_get(r->json, "_embedded"), "opdrachten");
}

static void test_filters_and_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    /* Five assignments in 2031 (no other test uses that year). */
    long long ids[5];
    ids[0] = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2031-01-01",
                                "2031-01-31"));
    ids[1] = create(beheer, asg("lokaal", req1(org_b), line1(comp_1, 1, 60), person_b, "2031-03-01",
                                "2031-05-31"));
    ids[2] = create(beheer, asg("meervoudig-lokaal", req2(org_a, 1, org_b, 1), line1(comp_1, 1, 60),
                                person_a, "2031-04-01", "2031-04-30"));
    json_t *j = asg("regionaal", NULL, line1(comp_1, 1, 60), person_c, "2031-06-01", "2031-12-31");
    json_object_set_new(j, "werksoort", json_string("regulier"));
    ids[3] = create(beheer, j);
    ids[4] = create(beheer, asg("regionaal", req1(org_c), line1(comp_1, 1, 60), person_c,
                                "2031-11-01", "2031-11-30"));
    set_status(ids[1], beheer, "ingediend", 200);
    set_status(ids[2], beheer, "ingediend", 200);

    struct {
        const char *query;
        long long total;
    } cases[] = {
        {"vanaf=2031-01-01&tot=2031-12-31", 5},
        {"vanaf=2031-01-01&tot=2031-12-31&soort=regionaal", 2},
        {"vanaf=2031-01-01&tot=2031-12-31&soort=meervoudig-lokaal", 1},
        {"vanaf=2031-01-01&tot=2031-12-31&werksoort=regulier", 1},
        {"vanaf=2031-01-01&tot=2031-12-31&status=ingediend", 2},
        {"vanaf=2031-04-15&tot=2031-04-15", 2}, /* overlaps ids[1] and ids[2] */
        {"vanaf=2031-12-01", 1},                /* only ids[3] ends after */
        {"vanaf=2031-01-01&tot=2031-12-31&organisatieId=0", -1},
        {"tot=2031-01-01&vanaf=2031-01-01", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "/api/v1/opdrachten?%s", cases[i].query);
        send("GET", path, lezer, NULL, &r);
        if (cases[i].total < 0) {
            expect(&r, 400);
            expect_invalid(&r, "organisatieId");
        } else {
            expect(&r, 200);
            if (num(r.json, "totaal") != cases[i].total)
                fprintf(stderr, "%s: %s\n", cases[i].query, r.body);
            assert_int_equal(num(r.json, "totaal"), cases[i].total);
            assert_int_equal((long long)json_array_size(page_items(&r)), cases[i].total);
        }
        nb_t_resp_free(&r);
    }

    /* organisatieId: as a requester, regional without requesters excluded. */
    char path[256];
    snprintf(path, sizeof path,
             "/api/v1/opdrachten?vanaf=2031-01-01&tot=2031-12-31&organisatieId=%lld", org_b);
    send("GET", path, beheer, NULL, &r);
    expect(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    assert_int_equal(num(json_array_get(page_items(&r), 0), "id"), ids[1]);
    assert_int_equal(num(json_array_get(page_items(&r), 1), "id"), ids[2]);
    nb_t_resp_free(&r);

    /* Paging: 5 items, 2 per page, ordered by id, links keep the filters. */
    send("GET", "/api/v1/opdrachten?vanaf=2031-01-01&tot=2031-12-31&paginaGrootte=2", beheer, NULL,
         &r);
    expect(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 5);
    assert_int_equal(num(r.json, "pagina"), 1);
    assert_int_equal(json_array_size(page_items(&r)), 2);
    assert_int_equal(num(json_array_get(page_items(&r), 0), "id"), ids[0]);
    json_t *links = json_object_get(r.json, "_links");
    assert_null(json_object_get(links, "prev"));
    const char *next = str(json_object_get(links, "next"), "href");
    assert_non_null(strstr(next, "pagina=2"));
    assert_non_null(strstr(next, "vanaf=2031-01-01"));
    assert_non_null(strstr(next, "paginaGrootte=2"));
    assert_non_null(strstr(str(json_object_get(links, "last"), "href"), "pagina=3"));
    nb_t_resp_free(&r);

    send("GET", "/api/v1/opdrachten?vanaf=2031-01-01&tot=2031-12-31&paginaGrootte=2&pagina=3",
         beheer, NULL, &r);
    expect(&r, 200);
    assert_int_equal(json_array_size(page_items(&r)), 1);
    assert_int_equal(num(json_array_get(page_items(&r), 0), "id"), ids[4]);
    links = json_object_get(r.json, "_links");
    assert_null(json_object_get(links, "next"));
    assert_non_null(strstr(str(json_object_get(links, "prev"), "href"), "pagina=2"));
    /* Every listed item is complete, with requesters and lines. */
    assert_int_equal(
        json_array_size(json_object_get(json_array_get(page_items(&r), 0), "aanvragers")), 1);
    assert_int_equal(json_array_size(json_object_get(json_array_get(page_items(&r), 0), "regels")),
                     1);
    nb_t_resp_free(&r);

    /* Bad filters: all named at once. */
    send("GET",
         "/api/v1/opdrachten?status=klaar&soort=landelijk&werksoort=x&organisatieId=abc&"
         "vanaf=2031-02-30&tot=morgen&pagina=0&paginaGrootte=500",
         beheer, NULL, &r);
    expect(&r, 400);
    expect_invalid(&r, "status");
    expect_invalid(&r, "soort");
    expect_invalid(&r, "werksoort");
    expect_invalid(&r, "organisatieId");
    expect_invalid(&r, "vanaf");
    expect_invalid(&r, "tot");
    expect_invalid(&r, "pagina");
    expect_invalid(&r, "paginaGrootte");
    assert_int_equal(ninvalid(&r), 8);
    nb_t_resp_free(&r);
    send("GET", "/api/v1/opdrachten?vanaf=2031-02-01&tot=2031-01-01", beheer, NULL, &r);
    expect(&r, 400);
    expect_invalid(&r, "tot");
    nb_t_resp_free(&r);
}

/* A list page's rows are the assignments GET answers, byte for byte, with
 * every requester and line: the page loads its assignments' children in one
 * query each (store/assignments.c nb_asg_load_page), GET one assignment's
 * alone. In id order and in a sorted order (the two paths of nb_asg_list),
 * also over more than one page. */
static void test_list_rows_equal_get(void **state)
{
    (void)state;
    json_t *l2 = lines_n(2), *more = line1(comp_1, 3, 45);
    json_array_extend(l2, more); /* copies more's items; more stays ours */
    json_decref(more);
    create(beheer, asg("meervoudig-lokaal", req2(org_a, 30, org_b, 70), l2, person_a, "2027-01-01",
                       "2027-03-31"));
    create(beheer, asg("lokaal", req1(org_b), lines_n(5), person_b, "2027-02-01", "2027-02-28"));
    create(beheer,
           asg("lokaal", req1(org_a), line1(comp_2, 1, 30), person_a, "2027-04-01", "2027-06-30"));
    static const char *const lists[] = {
        "/api/v1/opdrachten?paginaGrootte=100&status=concept",
        "/api/v1/opdrachten?paginaGrootte=2&pagina=2",
        "/api/v1/opdrachten?paginaGrootte=100&sorteer=-startdatum,titel",
    };
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        assert_true(nb_t_assert_rows_equal_get(&srv, beheer, lists[k], "opdrachten", NULL) >= 2);
}

/* Issue 14: GET /opdrachten pages by keyset as the other large lists do
 * (na=<id>: the ids above it, in id order, nothing counted, a next link after
 * a full page): with every filter the list takes, alone and together, walking
 * the keyset pages gives the rows of the numbered pages, in the same order.
 * A bad na is a 400 naming it. */
static void test_keyset_paging(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[256];
    snprintf(body, sizeof body,
             "{\"naam\":\"Keyset\",\"soort\":\"regionaal\",\"organisatieId\":null,"
             "\"eersteJaar\":2033,\"laatsteJaar\":2033}");
    long long prog = nb_t_create(&srv, "/api/v1/programmas", beheer, body);
    for (int i = 0; i < 3; i++) {
        json_t *j = asg(i == 1 ? "regionaal" : "lokaal", i == 1 ? NULL : req1(i ? org_b : org_a),
                        line1(comp_1, 1, 60),
                        i == 0   ? person_a
                        : i == 1 ? person_c
                                 : person_b,
                        "2033-01-01", "2033-03-31");
        json_object_set_new(j, "programmaId", json_integer(prog));
        create(beheer, j);
    }
    char filters[10][160];
    snprintf(filters[0], sizeof filters[0], "%s", "");
    snprintf(filters[1], sizeof filters[1], "%s", "status=concept&");
    snprintf(filters[2], sizeof filters[2], "%s", "soort=lokaal&");
    snprintf(filters[3], sizeof filters[3], "%s", "werksoort=verandering&");
    snprintf(filters[4], sizeof filters[4], "organisatieId=%lld&", org_a);
    snprintf(filters[5], sizeof filters[5], "%s", "vanaf=2031-01-01&tot=2033-12-31&");
    snprintf(filters[6], sizeof filters[6], "programmaId=%lld&", prog);
    snprintf(filters[7], sizeof filters[7], "%s", "tot=2031-06-30&");
    snprintf(filters[8], sizeof filters[8], "status=concept&soort=lokaal&organisatieId=%lld&",
             org_a);
    snprintf(filters[9], sizeof filters[9], "programmaId=%lld&soort=lokaal&vanaf=2033-02-01&",
             prog);
    const char *readers[] = {beheer, lezer, coord_b, mw_a};
    size_t longest = 0;
    for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
        static long long want[1000], by_id[1000], got[1000];
        char path[256];
        const char *token = readers[k % 4];
        snprintf(path, sizeof path, "/api/v1/opdrachten?%spaginaGrootte=2", filters[k]);
        size_t nwant = nb_t_walk_ids(&srv, token, path, "opdrachten", want, 1000, NULL, NULL);
        snprintf(path, sizeof path, "/api/v1/opdrachten?%ssorteer=id&paginaGrootte=2", filters[k]);
        size_t nid = nb_t_walk_ids(&srv, token, path, "opdrachten", by_id, 1000, NULL, NULL);
        snprintf(path, sizeof path, "/api/v1/opdrachten?%spaginaGrootte=2&na=0", filters[k]);
        size_t ngot = nb_t_walk_ids(&srv, token, path, "opdrachten", got, 1000, NULL, NULL);
        if (ngot != nwant)
            fprintf(stderr, "%s: %zu rows by keyset, %zu by number\n", filters[k], ngot, nwant);
        assert_int_equal(ngot, nwant);
        assert_int_equal(nid, nwant);
        assert_memory_equal(got, want, nwant * sizeof want[0]);
        assert_memory_equal(by_id, want, nwant * sizeof want[0]);
        if (k == 6 || k == 9)
            assert_true(nwant >= 2); /* the programme's own */
        longest = nwant > longest ? nwant : longest;
    }
    assert_true(longest >= 20); /* ten pages and more */
    /* from the middle: the rows after that id, the filter kept in the links */
    send("GET", "/api/v1/opdrachten?soort=lokaal&paginaGrootte=3&na=5", beheer, NULL, &r);
    expect(&r, 200);
    assert_int_equal(json_array_size(page_items(&r)), 3);
    for (size_t i = 0; i < 3; i++) {
        assert_true(num(json_array_get(page_items(&r), i), "id") > 5);
        assert_string_equal(str(json_array_get(page_items(&r), i), "soort"), "lokaal");
    }
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(strstr(str(json_object_get(links, "self"), "href"), "na=5"));
    assert_non_null(strstr(str(json_object_get(links, "first"), "href"), "na=0"));
    const char *next = str(json_object_get(links, "next"), "href");
    assert_non_null(strstr(next, "soort=lokaal"));
    char want_na[32];
    snprintf(want_na, sizeof want_na, "na=%lld", num(json_array_get(page_items(&r), 2), "id"));
    assert_non_null(strstr(next, want_na));
    nb_t_resp_free(&r);
    /* a bad cursor, or na with pagina or sorteer: 400 naming na */
    const char *bad[] = {"na=-1", "na=x", "na=", "na=1&pagina=2", "na=1&sorteer=titel"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[96];
        snprintf(path, sizeof path, "/api/v1/opdrachten?%s", bad[i]);
        send("GET", path, beheer, NULL, &r);
        expect(&r, 400);
        expect_invalid(&r, "na");
        nb_t_resp_free(&r);
    }
}

/* What a write between two pages does, in keyset_write_between. */
typedef struct keyset_write {
    long long moved;   /* the row taken out of the filter (status concept → ingediend) */
    long long created; /* the row added to it */
} keyset_write;

/* After the first page: the page's first row leaves the filter (status=concept)
 * and a new row joins it. */
static void keyset_write_between(void *ctx, int pages)
{
    keyset_write *w = ctx;
    if (pages != 1)
        return;
    set_status(w->moved, beheer, "ingediend", 200);
    w->created = create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a,
                                    "2034-01-01", "2034-01-31"));
}

/* Issue 14: a write between two keyset pages neither skips nor repeats a row
 * that was there before: the walk gives every row the filter had before, once
 * and in order, and the new row (a higher id) at the end. Numbered pages under
 * the same write skip one (the rows move up a place), which is why lists that
 * change while they are read page by na. */
static void test_keyset_write_between_pages(void **state)
{
    (void)state;
    static long long before[200], got[200];
    for (int i = 0; i < 4; i++) /* enough concept rows for three pages and more */
        create(beheer, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2034-01-01",
                           "2034-01-31"));
    for (int pass = 0; pass < 2; pass++) {
        const char *all = "/api/v1/opdrachten?status=concept&paginaGrootte=100";
        size_t nbefore = nb_t_walk_ids(&srv, beheer, all, "opdrachten", before, 200, NULL, NULL);
        assert_true(nbefore >= 6 && nbefore < 100);
        keyset_write w = {before[0], 0};
        size_t ngot =
            nb_t_walk_ids(&srv, beheer,
                          pass == 0 ? "/api/v1/opdrachten?status=concept&paginaGrootte=2&na=0"
                                    : "/api/v1/opdrachten?status=concept&paginaGrootte=2",
                          "opdrachten", got, 200, keyset_write_between, &w);
        assert_true(w.created > before[nbefore - 1]);
        if (pass == 0) {
            assert_int_equal(ngot, nbefore + 1);
            assert_memory_equal(got, before, nbefore * sizeof before[0]);
            assert_int_equal(got[nbefore], w.created);
        } else { /* numbered: the first row of the second page was never seen */
            for (size_t i = 0; i < ngot; i++)
                assert_true(got[i] != before[2]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_three_kinds),
        cmocka_unit_test(test_schema_errors_all_at_once),
        cmocka_unit_test(test_shape_errors_all_at_once),
        cmocka_unit_test(test_broken_references),
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_line_ids_stable_and_locked),
        cmocka_unit_test(test_coordinator_rules),
        cmocka_unit_test(test_read_only_roles_and_auth),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_filters_and_paging),
        cmocka_unit_test(test_list_rows_equal_get),
        cmocka_unit_test(test_keyset_paging),
        cmocka_unit_test(test_keyset_write_between_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
