/*
 * tests/api/test_opdrachten.c — /api/v1/opdrachten over real HTTP, one
 * assignment at a time: the three kinds, every validation class with all
 * problems named at once, broken references, rule 7 (ambtelijk
 * opdrachtgever), the status machine (legal and illegal transitions, final
 * states), stable line ids and the line lock, access per role (coordinator
 * rules, read-only roles, 401, 405) and 404. The lists (filters, paging,
 * keyset) are in test_opdrachten_lijsten.c; the server, the shared records and
 * the request helpers in opdrachten_fixture.c.
 */
#include "harness.h"
#include "opdrachten_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Create ----------------------------------------------------------------- */

static void test_create_three_kinds(void **state)
{
    (void)state;
    nb_t_resp r;
    char path[96];

    /* lokaal */
    send_json(
        "POST", "/api/v1/opdrachten", beheer,
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
        send_json("GET", path, readers[i], NULL, &r);
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
    send_json("POST", "/api/v1/opdrachten", beheer, j, &r);
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
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("regionaal", NULL, line1(comp_2, 5, 600), person_c, "2030-03-01", "2030-03-01"),
              &r);
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
    send_json("POST", "/api/v1/opdrachten", beheer, j, &r);
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
    send_json("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 400);
    expect_invalid(&r, "soort");
    expect_invalid(&r, "werksoort");
    expect_invalid(&r, "startdatum");
    expect_invalid(&r, "einddatum");
    expect_invalid(&r, "bestuurlijkOpdrachtgever");
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    expect_invalid(&r, "regels");
    nb_t_resp_free(&r);

    send_json("POST", "/api/v1/opdrachten", beheer,
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
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("lokaal", reqs, line1(comp_1, 2, 60), person_a, "2030-05-01", "2030-04-30"), &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    expect_invalid(&r, "aanvragers[1].organisatieId");
    expect_invalid(&r, "einddatum");
    assert_int_equal(ninvalid(&r), 3);
    nb_t_resp_free(&r);

    /* lokaal without requesters */
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("lokaal", NULL, line1(comp_1, 2, 60), person_a, "2030-05-01", "2030-05-01"), &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    nb_t_resp_free(&r);

    /* meervoudig-lokaal with one requester; share 0 is refused by the schema */
    send_json("POST", "/api/v1/opdrachten", beheer,
              asg("meervoudig-lokaal", req1(org_a), line1(comp_1, 2, 60), person_a, "2030-05-01",
                  "2030-05-01"),
              &r);
    expect(&r, 400);
    expect_invalid(&r, "aanvragers");
    nb_t_resp_free(&r);
    send_json("POST", "/api/v1/opdrachten", beheer,
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
    send_json("POST", "/api/v1/opdrachten", beheer, j, &r);
    expect(&r, 400);
    expect_invalid(&r, "status");
    nb_t_resp_free(&r);

    /* A new line cannot carry an id. */
    json_t *lines = json_pack("[{s:i, s:I, s:i, s:i}]", "id", 5, "competentieId",
                              (json_int_t)comp_1, "minimumNiveau", 1, "minuten", 1);
    send_json("POST", "/api/v1/opdrachten", beheer,
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
    send_json("POST", "/api/v1/opdrachten", beheer,
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
    send_json(
        "POST", "/api/v1/opdrachten", beheer,
        asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_c, "2030-01-01", "2030-01-31"), &r);
    expect(&r, 400);
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    assert_int_equal(ninvalid(&r), 1);
    nb_t_resp_free(&r);
    send_json(
        "POST", "/api/v1/opdrachten", beheer,
        asg("regionaal", req1(org_b), line1(comp_1, 1, 60), person_a, "2030-01-01", "2030-01-31"),
        &r);
    expect(&r, 400);
    expect_invalid(&r, "ambtelijkOpdrachtgeverId");
    nb_t_resp_free(&r);

    /* Nothing was written by any of the refused requests. */
    send_json("GET", "/api/v1/opdrachten?vanaf=2030-01-01&tot=2030-01-31", beheer, NULL, &r);
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
    send_json("PUT", path, beheer, json_pack("{s:s}", "status", "geaccepteerd"), &r);
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
    send_json("PUT", path, beheer, json_pack("{s:s}", "status", "geannuleerd"), &r);
    expect(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "eindstatus"));
    nb_t_resp_free(&r);
    send_json("PUT", path, beheer, json_pack("{s:s}", "status", "afgerond"), &r);
    expect(&r, 200);
    assert_int_equal(num(r.json, "versie"), 6);
    nb_t_resp_free(&r);

    /* A final assignment can no longer be changed by a full PUT. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", id);
    send_json(
        "PUT", path, beheer,
        asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-07-31"),
        &r);
    expect(&r, 409);
    nb_t_resp_free(&r);

    /* Unknown status, unknown fields: 400 from the schema. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/status", id);
    send_json("PUT", path, beheer, json_pack("{s:s, s:i}", "status", "klaar", "x", 1), &r);
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
    send_json("PUT", path, beheer, j, &r);
    expect(&r, 409);
    assert_non_null(strstr(str(r.json, "detail"), "ingediend, geannuleerd"));
    nb_t_resp_free(&r);
    j = asg("lokaal", req1(org_a), line1(comp_1, 2, 120), person_a, "2030-07-01", "2030-08-31");
    json_object_set_new(j, "status", json_string("ingediend"));
    json_object_set_new(j, "titel", json_string("Nieuwe titel"));
    send_json("PUT", path, beheer, j, &r);
    expect(&r, 200);
    assert_string_equal(str(r.json, "status"), "ingediend");
    assert_string_equal(str(r.json, "titel"), "Nieuwe titel");
    assert_string_equal(str(r.json, "einddatum"), "2030-08-31");
    assert_int_equal(num(r.json, "versie"), 2);
    nb_t_resp_free(&r);
    /* Without status the PUT keeps it. */
    send_json(
        "PUT", path, beheer,
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
    send_json("GET", path, beheer, NULL, &r);
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
    send_json("PUT", path, beheer,
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
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines, person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 400);
    expect_invalid(&r, "regels[1].id");
    assert_int_equal(ninvalid(&r), 1);
    nb_t_resp_free(&r);

    /* Before staffing, lines may be removed. */
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines_n(2), person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 200);
    assert_int_equal(json_array_size(json_object_get(r.json, "regels")), 2);
    nb_t_resp_free(&r);

    set_status(id, beheer, "ingediend", 200);
    set_status(id, beheer, "geaccepteerd", 200);
    set_status(id, beheer, "bemenst", 200);

    /* From bemenst on, removing a line is 409; changing and adding keep working. */
    send_json("PUT", path, beheer,
              asg("lokaal", req1(org_a), lines_n(1), person_a, "2030-09-01", "2030-09-30"), &r);
    expect(&r, 409);
    nb_t_resp_free(&r);
    lines = lines_n(3);
    json_object_set_new(json_array_get(lines, 1), "minuten", json_integer(999));
    send_json("PUT", path, beheer,
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
    send_json("PUT", path, beheer, j, &r);
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
    send_json(
        "POST", "/api/v1/opdrachten", coord_a,
        asg("lokaal", req1(org_b), line1(comp_1, 1, 60), person_b, "2030-10-01", "2030-10-31"), &r);
    expect(&r, 403);
    nb_t_resp_free(&r);
    long long own = create(coord_a, asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a,
                                        "2030-10-01", "2030-10-31"));
    long long shared =
        create(coord_a, asg("meervoudig-lokaal", req2(org_a, 1, org_b, 2), line1(comp_1, 1, 60),
                            person_a, "2030-10-01", "2030-10-31"));

    /* Another organisation's coordinator may not touch the local one... */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", own);
    send_json(
        "PUT", path, coord_b,
        asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-10-01", "2030-10-31"), &r);
    expect(&r, 403);
    nb_t_resp_free(&r);
    set_status(own, coord_b, "ingediend", 403);
    /* ...but may change the shared one, as long as it stays a requester. */
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", shared);
    send_json("PUT", path, coord_b,
              asg("meervoudig-lokaal", req2(org_a, 1, org_b, 1), line1(comp_1, 2, 90), person_b,
                  "2030-10-01", "2030-10-31"),
              &r);
    expect(&r, 200);
    nb_t_resp_free(&r);
    send_json("PUT", path, coord_b,
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
    send_json("PUT", path, coord_a, j, &r);
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
        send_json(
            "POST", "/api/v1/opdrachten", ro[i],
            asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"),
            &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send_json(
            "PUT", path, ro[i],
            asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"),
            &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send_json("PUT", spath, ro[i], json_pack("{s:s}", "status", "ingediend"), &r);
        expect(&r, 403);
        nb_t_resp_free(&r);
        send_json("GET", "/api/v1/opdrachten", ro[i], NULL, &r);
        expect(&r, 200);
        nb_t_resp_free(&r);
    }
    /* No token: 401 everywhere. */
    send_json("GET", "/api/v1/opdrachten", NULL, NULL, &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    send_json("GET", path, NULL, NULL, &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    send_json("PUT", spath, NULL, json_pack("{s:s}", "status", "ingediend"), &r);
    expect(&r, 401);
    nb_t_resp_free(&r);
    /* No DELETE: 405 with Allow. */
    send_json("DELETE", path, beheer, NULL, &r);
    expect(&r, 405);
    assert_non_null(nb_t_header(&r, "Allow"));
    nb_t_resp_free(&r);
}

static void test_not_found(void **state)
{
    (void)state;
    nb_t_resp r;
    send_json("GET", "/api/v1/opdrachten/999999", beheer, NULL, &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send_json("GET", "/api/v1/opdrachten/abc", beheer, NULL, &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send_json("PUT", "/api/v1/opdrachten/999999/status", beheer,
              json_pack("{s:s}", "status", "ingediend"), &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
    send_json(
        "PUT", "/api/v1/opdrachten/999999", beheer,
        asg("lokaal", req1(org_a), line1(comp_1, 1, 60), person_a, "2030-11-01", "2030-11-30"), &r);
    expect(&r, 404);
    nb_t_resp_free(&r);
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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
