/*
 * tests/api/test_uren_keyset.c — keyset paging (issue 14) of the large lists
 * of the hours tests over real HTTP: inzetten and medewerkers (na=<id> gives
 * the rows of the numbered pages, the filters kept in the links, bad
 * combinations 400), urenregistraties with every filter, alone and together,
 * for every role that reads entries, and a write between two keyset pages of
 * time entries neither skipping nor repeating one (numbered pages skip one).
 *
 * On the allocations test_uren_inzet.c leaves (setup_staffed) and three time
 * entries of w1 (setup_keyset; in the one executable before the split the
 * earlier tests had made these lists long enough); the tests run in order on
 * one server. The server, the shared records and the request helpers are in
 * uren_fixture.c.
 */
#include "harness.h"
#include "uren_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Group setup: setup_staffed, then three time entries of w1 on L, so that the
 * entries walked in test_entry_keyset_paging are more than its own seven. */
static int setup_keyset(void **state)
{
    if (setup_staffed(state) != 0)
        return -1;
    static const int days[] = {-1, -2, -3};
    char day[11];
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        day_offset(day, days[i]);
        uren_ok(tok_w1, 0, asg_l, day, 60);
    }
    return 0;
}

/* The ids of a list walked by its next links from first (at most 64 pages);
 * every page must be a keyset page (no totaal, no pagina, no last). */
static size_t walk_keyset(const char *first, const char *name, long long *ids, size_t max)
{
    nb_t_resp r;
    char path[512];
    size_t n = 0;
    snprintf(path, sizeof path, "%s", first);
    for (int pages = 0; pages < 64; pages++) {
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", path);
        nb_t_assert_status(&r, 200);
        assert_null(json_object_get(r.json, "totaal"));
        assert_null(json_object_get(r.json, "pagina"));
        json_t *links = json_object_get(r.json, "_links");
        assert_null(json_object_get(links, "last"));
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), name);
        for (size_t i = 0; i < json_array_size(items) && n < max; i++)
            ids[n++] = num(json_array_get(items, i), "id");
        const char *next = str(json_object_get(links, "next"), "href");
        if (next == NULL) {
            nb_t_resp_free(&r);
            return n;
        }
        assert_int_equal(json_array_size(items), 2); /* a next only after a full page */
        assert_non_null(strstr(next, "paginaGrootte=2"));
        snprintf(path, sizeof path, "%s", next + strlen(srv.base));
        nb_t_resp_free(&r);
    }
    fail_msg("more than 64 pages");
    return n;
}

/* Issue 14: the large lists page by keyset (na=<id>: the ids above it, in id
 * order, nothing counted, next after a full page) and give the rows the
 * numbered pages give, the filters kept in the links; na with pagina or
 * sorteer, or a negative na, is a 400, and a list without na refuses it. */
static void test_keyset_paging(void **state)
{
    (void)state;
    char org_all[128], org_keyset[128];
    snprintf(org_all, sizeof org_all, "/api/v1/inzetten?organisatieId=%lld&paginaGrootte=100",
             org_p);
    snprintf(org_keyset, sizeof org_keyset,
             "/api/v1/inzetten?organisatieId=%lld&paginaGrootte=2&na=0", org_p);
    const char *lists[][3] = {
        {"/api/v1/inzetten?paginaGrootte=100", "/api/v1/inzetten?na=0&paginaGrootte=2", "inzetten"},
        {org_all, org_keyset, "inzetten"},
        {"/api/v1/medewerkers?paginaGrootte=100", "/api/v1/medewerkers?paginaGrootte=2&na=0",
         "medewerkers"},
        {"/api/v1/medewerkers?paginaGrootte=100&actief=true",
         "/api/v1/medewerkers?actief=true&paginaGrootte=2&na=0", "medewerkers"}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        long long want[128], got[128];
        size_t nwant = 0;
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", lists[l][0]);
        nb_t_assert_status(&r, 200);
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), lists[l][2]);
        for (size_t i = 0; i < json_array_size(items) && nwant < 128; i++)
            want[nwant++] = num(json_array_get(items, i), "id");
        assert_int_equal(num(r.json, "totaal"), (long long)nwant);
        nb_t_resp_free(&r);
        if (nwant < 3)
            fail_msg("%s: %zu rows", lists[l][0], nwant);
        size_t ngot = walk_keyset(lists[l][1], lists[l][2], got, 128);
        assert_int_equal(ngot, nwant);
        assert_memory_equal(got, want, nwant * sizeof want[0]);
    }
    const char *bad[] = {"/api/v1/inzetten?na=1&pagina=2", "/api/v1/medewerkers?na=1&sorteer=naam",
                         "/api/v1/inzetten?na=-1", "/api/v1/inzetten?na=x",
                         "/api/v1/organisaties?na=1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "%s", bad[i]);
        if (r.status != 400)
            fprintf(stderr, "%s: %ld\n", bad[i], (long)r.status);
        nb_t_assert_status(&r, 400);
        nb_t_resp_free(&r);
    }
}

/* The time entries of the keyset tests: an assignment of org_b whose ambtelijk
 * opdrachtgever is client_b, w2 confirmed on it, and seven entries of w2 whose
 * dates do not follow their ids (numbered pages are in date order, na in id
 * order). */
static long long keyset_asg;

static void keyset_entries(void)
{
    char reqs[64], day[11];
    long long line;
    nb_t_resp r;
    snprintf(reqs, sizeof reqs, "[{\"organisatieId\":%lld}]", org_b);
    keyset_asg = make_asg("Keyset B", "lokaal", reqs, client_b, &line, 1);
    long long inzet = make_inzet(beheer, keyset_asg, line, w2, 1200);
    inzet_status(&r, beheer, inzet, "bevestigd");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    static const int days[] = {-40, -52, -45, -41, -60, -43, -50};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        day_offset(day, days[i]);
        uren_ok(i % 2 ? tok_w2 : beheer, i % 2 ? 0 : w2, keyset_asg, day, 30);
    }
}

/* Issue 14: GET /urenregistraties pages by keyset as the other large lists
 * (na=<id>: the entries with an id above it, in id order — the rows of the
 * numbered pages with sorteer=id — nothing counted, next after a full page),
 * with every filter, alone and together, and for every role that reads
 * entries (a coordinator sees its organisation's, a medewerker its own and the
 * ones it judges). */
static void test_entry_keyset_paging(void **state)
{
    (void)state;
    keyset_entries();
    char from[11], to[11];
    day_offset(from, -51);
    day_offset(to, -41);
    char filters[8][200];
    snprintf(filters[0], sizeof filters[0], "%s", "");
    snprintf(filters[1], sizeof filters[1], "%s", "status=ingediend&");
    snprintf(filters[2], sizeof filters[2], "medewerkerId=%lld&", w2);
    snprintf(filters[3], sizeof filters[3], "opdrachtId=%lld&", keyset_asg);
    snprintf(filters[4], sizeof filters[4], "organisatieId=%lld&", org_p);
    snprintf(filters[5], sizeof filters[5], "vanaf=%s&tot=%s&", from, to);
    snprintf(filters[6], sizeof filters[6], "status=ingediend&medewerkerId=%lld&vanaf=%s&", w2,
             from);
    snprintf(filters[7], sizeof filters[7], "status=goedgekeurd&");
    const char *readers[] = {beheer, coord_p, tok_w2, tok_client_b};
    size_t longest = 0;
    for (size_t k = 0; k < sizeof filters / sizeof filters[0]; k++) {
        for (size_t t = 0; t < sizeof readers / sizeof readers[0]; t++) {
            static long long want[1000], got[1000];
            char path[300];
            snprintf(path, sizeof path, "/api/v1/urenregistraties?%ssorteer=id&paginaGrootte=2",
                     filters[k]);
            size_t nwant =
                nb_t_walk_ids(&srv, readers[t], path, "urenregistraties", want, 1000, NULL, NULL);
            snprintf(path, sizeof path, "/api/v1/urenregistraties?%spaginaGrootte=2&na=0",
                     filters[k]);
            size_t ngot =
                nb_t_walk_ids(&srv, readers[t], path, "urenregistraties", got, 1000, NULL, NULL);
            if (ngot != nwant)
                fprintf(stderr, "%s (reader %zu): %zu by keyset, %zu by number\n", filters[k], t,
                        ngot, nwant);
            assert_int_equal(ngot, nwant);
            assert_memory_equal(got, want, nwant * sizeof want[0]);
            if (k == 3 || k == 6)
                assert_true(nwant >= 3 || t == 1); /* coord_p: w2 is of org_p, so it sees them */
            longest = nwant > longest ? nwant : longest;
        }
    }
    assert_true(longest >= 10);
    /* a keyset page's rows are the entries GET answers */
    assert_true(nb_t_assert_rows_equal_get(&srv, beheer,
                                           "/api/v1/urenregistraties?na=0&paginaGrootte=5",
                                           "urenregistraties", NULL) == 5);
    const char *bad[] = {"na=-1", "na=x", "na=1&pagina=2", "na=1&sorteer=datum"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/urenregistraties?%s", bad[i]);
        nb_t_assert_status(&r, 400);
        assert_true(nb_t_invalid(&r, "na"));
        nb_t_resp_free(&r);
    }
}

/* What a write between two pages does, in entry_write_between. */
typedef struct entry_write {
    long long rejected; /* leaves the filter status=ingediend */
    long long created;  /* joins it */
    int day;            /* the new entry's day (today plus day) */
} entry_write;

static void entry_write_between(void *ctx, int pages)
{
    entry_write *w = ctx;
    nb_t_resp r;
    char day[11];
    if (pages != 1)
        return;
    decide(&r, tok_client_b, w->rejected, "afgekeurd", "niet op deze opdracht");
    nb_t_assert_status(&r, 200);
    nb_t_resp_free(&r);
    day_offset(day, w->day);
    w->created = uren_ok(tok_w2, 0, keyset_asg, day, 30);
}

/* Issue 14: a write between two keyset pages of time entries neither skips
 * nor repeats an entry that was there before (the walk is the entries the
 * filter had, once and in order, then the new one), where numbered pages
 * under the same write skip one. */
static void test_entry_keyset_write_between_pages(void **state)
{
    (void)state;
    static long long before[200], got[200];
    char first[200];
    for (int pass = 0; pass < 2; pass++) {
        snprintf(first, sizeof first,
                 "/api/v1/urenregistraties?status=ingediend&medewerkerId=%lld&"
                 "opdrachtId=%lld&sorteer=id&paginaGrootte=100",
                 w2, keyset_asg);
        size_t nbefore =
            nb_t_walk_ids(&srv, beheer, first, "urenregistraties", before, 200, NULL, NULL);
        assert_true(nbefore >= 6 && nbefore < 100);
        snprintf(first, sizeof first,
                 "/api/v1/urenregistraties?status=ingediend&medewerkerId=%lld&"
                 "opdrachtId=%lld&paginaGrootte=2&%s",
                 w2, keyset_asg, pass == 0 ? "na=0" : "sorteer=id");
        entry_write w = {before[0], 0, pass == 0 ? -30 : -31};
        size_t ngot = nb_t_walk_ids(&srv, beheer, first, "urenregistraties", got, 200,
                                    entry_write_between, &w);
        assert_true(w.created > before[nbefore - 1]);
        if (pass == 0) {
            assert_int_equal(ngot, nbefore + 1);
            assert_memory_equal(got, before, nbefore * sizeof before[0]);
            assert_int_equal(got[nbefore], w.created);
        } else { /* numbered: the first entry of the second page was never seen */
            for (size_t i = 0; i < ngot; i++)
                assert_true(got[i] != before[2]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyset_paging),
        cmocka_unit_test(test_entry_keyset_paging),
        cmocka_unit_test(test_entry_keyset_write_between_pages),
    };
    return cmocka_run_group_tests(tests, setup_keyset, teardown);
}
