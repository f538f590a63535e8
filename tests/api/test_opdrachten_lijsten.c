/*
 * tests/api/test_opdrachten_lijsten.c — the list of /api/v1/opdrachten over
 * real HTTP: filters (alone and together, bad ones all named at once),
 * paging links that keep the filters, every row of a page the assignment GET
 * answers, keyset paging (na=<id>) against the numbered pages for every
 * filter and role, and a write between two keyset pages neither skipping nor
 * repeating a row. One assignment at a time is test_opdrachten.c; the server,
 * the shared records and the request helpers are in opdrachten_fixture.c.
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

/* Group setup: the fixture's, then ten assignments in May 2030 of every kind,
 * half of them submitted. In one executable with test_opdrachten.c the tests
 * before these had left more (sixteen and more); the keyset walks need twenty
 * rows and more (ten pages), and the exact counts here
 * (test_filters_and_paging) are of 2031 alone. */
static int setup_lists(void **state)
{
    if (setup(state) != 0)
        return -1;
    for (int i = 0; i < 10; i++) {
        json_t *j;
        if (i % 3 == 2)
            j = asg("regionaal", NULL, line1(comp_2, 1, 60), person_c, "2030-05-01", "2030-05-31");
        else if (i % 3 == 1)
            j = asg("meervoudig-lokaal", req2(org_a, 1, org_b, 1), line1(comp_1, 1 + i % 5, 60),
                    i % 2 ? person_b : person_a, "2030-05-01", "2030-05-31");
        else
            j = asg("lokaal", req1(i % 2 ? org_b : org_a), line1(comp_1, 1 + i % 5, 60),
                    i % 2 ? person_b : person_a, "2030-05-01", "2030-05-31");
        long long id = create(beheer, j);
        if (i % 2)
            set_status(id, beheer, "ingediend", 200);
    }
    return 0;
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
        send_json("GET", path, lezer, NULL, &r);
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
    send_json("GET", path, beheer, NULL, &r);
    expect(&r, 200);
    assert_int_equal(num(r.json, "totaal"), 2);
    assert_int_equal(num(json_array_get(page_items(&r), 0), "id"), ids[1]);
    assert_int_equal(num(json_array_get(page_items(&r), 1), "id"), ids[2]);
    nb_t_resp_free(&r);

    /* Paging: 5 items, 2 per page, ordered by id, links keep the filters. */
    send_json("GET", "/api/v1/opdrachten?vanaf=2031-01-01&tot=2031-12-31&paginaGrootte=2", beheer,
              NULL, &r);
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

    send_json("GET", "/api/v1/opdrachten?vanaf=2031-01-01&tot=2031-12-31&paginaGrootte=2&pagina=3",
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
    send_json("GET",
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
    send_json("GET", "/api/v1/opdrachten?vanaf=2031-02-01&tot=2031-01-01", beheer, NULL, &r);
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
    send_json("GET", "/api/v1/opdrachten?soort=lokaal&paginaGrootte=3&na=5", beheer, NULL, &r);
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
        send_json("GET", path, beheer, NULL, &r);
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
        cmocka_unit_test(test_filters_and_paging),
        cmocka_unit_test(test_list_rows_equal_get),
        cmocka_unit_test(test_keyset_paging),
        cmocka_unit_test(test_keyset_write_between_pages),
    };
    return cmocka_run_group_tests(tests, setup_lists, teardown);
}
