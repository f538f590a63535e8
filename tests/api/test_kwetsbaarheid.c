/*
 * tests/api/test_kwetsbaarheid.c — GET /kwetsbaarheid over real HTTP on the
 * demo network (issue 11 §1). Every figure checked here is also computed by
 * an independent route: holders per level from /medewerkers?competentieId=
 * &minNiveau=, active people from /medewerkers?actief=true, carried minutes
 * from the approved /urenregistraties of the period. Rule 8: names of
 * kartrekkers for beheer and the own coordinator only. Outflow: two new
 * holders of a new competency, one with an exit date within a year, one past
 * the state pension age by birth year. Bad input: 400 and 404 problems.
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
#include <time.h>

static nb_t_server srv;
static char *beheer, *lezer, *coord1, *medewerker;

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static json_t *get(const char *token, long status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static json_t *get(const char *token, long status, const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    nb_t_resp r;
    assert_int_equal(nb_t_req(&srv, "GET", path, token, NULL, &r), 0);
    nb_t_assert_status(&r, status);
    json_t *j = json_incref(r.json);
    nb_t_resp_free(&r);
    return j;
}

/* The list total of a /medewerkers query. */
static long long people_total(const char *query)
{
    json_t *j = get(beheer, 200, "/api/v1/medewerkers?paginaGrootte=1&actief=true%s", query);
    long long n = num(j, "totaal");
    json_decref(j);
    return n;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_beheer(&srv, &beheer) != 0)
        return -1;
    char out[4096];
    const char *demo[] = {"demo", NULL};
    if (nb_t_cli(&srv, out, sizeof out, demo) != 0) {
        fprintf(stderr, "demo failed: %s\n", out);
        return -1;
    }
    lezer = nb_t_token(&srv, "lezer", 1, 0);
    coord1 = nb_t_token(&srv, "coordinator", 1, 0);
    json_t *p = get(beheer, 200, "/api/v1/medewerkers?paginaGrootte=1&organisatieId=1");
    long long pid = num(
        json_array_get(json_object_get(json_object_get(p, "_embedded"), "medewerkers"), 0), "id");
    json_decref(p);
    medewerker = nb_t_token(&srv, "medewerker", 1, pid);
    return lezer && coord1 && medewerker ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(lezer);
    free(coord1);
    free(medewerker);
    return nb_t_stop_beheer(&srv, &beheer);
}

/* Holders per level, people, organisations' sums: against independent queries. */
static void test_figures_match_independent_queries(void **state)
{
    (void)state;
    json_t *k = get(beheer, 200, "/api/v1/kwetsbaarheid");
    json_t *tot = json_object_get(k, "totaal");
    assert_int_equal(num(tot, "medewerkers"), people_total(""));
    json_t *comps = json_object_get(k, "competenties");
    assert_true(json_array_size(comps) > 10);
    long long singles = 0;
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *c = json_array_get(comps, i);
        singles += json_is_true(json_object_get(c, "enigeDrager"));
        assert_int_equal(num(c, "dragers"), num(c, "dragersNetwerk"));
        if (i % 9 != 0) /* a sample keeps the test quick under valgrind */
            continue;
        char q[96];
        snprintf(q, sizeof q, "&competentieId=%lld", num(c, "competentieId"));
        assert_int_equal(num(c, "dragers"), people_total(q));
        json_t *levels = json_object_get(c, "niveaus");
        for (size_t l = 0; l < json_array_size(levels); l++) {
            json_t *lv = json_array_get(levels, l);
            snprintf(q, sizeof q, "&competentieId=%lld&minNiveau=%lld", num(c, "competentieId"),
                     num(lv, "niveau"));
            assert_int_equal(num(lv, "dragers"), people_total(q));
        }
    }
    assert_int_equal(num(k, "enigeDragers"), singles);
    /* asked levels: uncovered first, the count matches */
    json_t *asks = json_object_get(k, "gevraagd");
    long long uncovered = 0;
    int seen_covered = 0;
    for (size_t i = 0; i < json_array_size(asks); i++) {
        int covered = json_is_true(json_object_get(json_array_get(asks, i), "gedekt"));
        assert_false(seen_covered && !covered);
        seen_covered |= covered;
        uncovered += !covered;
        assert_int_equal(covered, num(json_array_get(asks, i), "dragersNetwerk") > 0);
        /* the one name for the level, and the deprecated one with the same value */
        long long level = num(json_array_get(asks, i), "minimumNiveau");
        assert_true(level >= 1 && level <= 5);
        assert_int_equal(num(json_array_get(asks, i), "minimaalNiveau"), level);
    }
    assert_int_equal(num(k, "nietGedekt"), uncovered);
    /* organisations add up to the total */
    json_t *orgs = json_object_get(k, "organisaties");
    long long people = 0, carried = 0;
    for (size_t i = 0; i < json_array_size(orgs); i++) {
        people += num(json_array_get(orgs, i), "medewerkers");
        carried += num(json_array_get(orgs, i), "gedragenMinuten");
    }
    assert_int_equal(people, num(tot, "medewerkers"));
    assert_int_equal(carried, num(tot, "gedragenMinuten"));
    /* carried minutes: the approved time entries of the period */
    long long approved = 0;
    for (int page = 1;; page++) {
        json_t *u = get(beheer, 200,
                        "/api/v1/urenregistraties?status=goedgekeurd&vanaf=%s&tot=%s"
                        "&paginaGrootte=100&pagina=%d",
                        json_string_value(json_object_get(k, "periodeVanaf")),
                        json_string_value(json_object_get(k, "periodeTot")), page);
        json_t *rows = json_object_get(json_object_get(u, "_embedded"), "urenregistraties");
        for (size_t i = 0; i < json_array_size(rows); i++)
            approved += num(json_array_get(rows, i), "minuten");
        size_t n = json_array_size(rows);
        json_decref(u);
        if (n < 100)
            break;
    }
    assert_true(approved > 0);
    assert_int_equal(num(tot, "gedragenMinuten"), approved);
    /* kartrekkers: most first, all named for beheer, a share of the total */
    json_t *kt = json_object_get(k, "kartrekkers");
    assert_true(json_array_size(kt) >= 10);
    for (size_t i = 0; i < json_array_size(kt); i++) {
        json_t *p = json_array_get(kt, i);
        assert_true(json_is_string(json_object_get(p, "naam")));
        if (i > 0)
            assert_true(num(json_array_get(kt, i - 1), "gedragenMinuten") >=
                        num(p, "gedragenMinuten"));
        double share = json_real_value(json_object_get(p, "aandeel"));
        double want = (double)num(p, "gedragenMinuten") / (double)approved;
        assert_true(share > want - 1e-9 && share < want + 1e-9);
    }
    json_decref(k);
}

/* DOMAIN.md rule 8: lezer sees counts only; a coordinator names its own people only. */
static void test_names_per_role(void **state)
{
    (void)state;
    json_t *b = get(beheer, 200, "/api/v1/kwetsbaarheid");
    json_t *l = get(lezer, 200, "/api/v1/kwetsbaarheid");
    json_t *c = get(coord1, 200, "/api/v1/kwetsbaarheid");
    json_t *kb = json_object_get(b, "kartrekkers"), *kl = json_object_get(l, "kartrekkers"),
           *kc = json_object_get(c, "kartrekkers");
    assert_int_equal(json_array_size(kb), json_array_size(kl));
    int own = 0, other = 0;
    for (size_t i = 0; i < json_array_size(kb); i++) {
        json_t *pl = json_array_get(kl, i), *pc = json_array_get(kc, i);
        assert_true(json_is_null(json_object_get(pl, "naam")));
        assert_true(json_is_null(json_object_get(pl, "medewerkerId")));
        assert_int_equal(num(pl, "gedragenMinuten"), num(json_array_get(kb, i), "gedragenMinuten"));
        int mine = num(pc, "organisatieId") == 1;
        own += mine;
        other += !mine;
        assert_int_equal(json_is_string(json_object_get(pc, "naam")), mine);
        assert_int_equal(json_is_integer(json_object_get(pc, "medewerkerId")), mine);
    }
    assert_true(other > 0); /* the check above saw both kinds */
    (void)own;
    char *body = json_dumps(l, 0);
    json_t *first = json_array_get(kb, 0);
    assert_null(strstr(body, json_string_value(json_object_get(first, "naam"))));
    free(body);
    json_decref(b);
    json_decref(l);
    json_decref(c);
    json_decref(get(medewerker, 403, "/api/v1/kwetsbaarheid"));
    json_decref(get(NULL, 401, "/api/v1/kwetsbaarheid"));
}

static long long mk_person(long long org, const char *name, const char *email, const char *extra,
                           long long comp)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960%s,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":5}]}",
             org, name, email, extra, comp);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

static json_t *find_comp(json_t *k, long long id)
{
    json_t *comps = json_object_get(k, "competenties");
    for (size_t i = 0; i < json_array_size(comps); i++)
        if (num(json_array_get(comps, i), "competentieId") == id)
            return json_array_get(comps, i);
    return NULL;
}

/* A new competency: its only holder leaves within a year (exit date), then a
 * second holder elsewhere who is past the state pension age by birth year. */
static void test_outflow_and_single_holders(void **state)
{
    (void)state;
    long long comp =
        nb_t_create(&srv, "/api/v1/competenties", beheer,
                    "{\"code\":\"KW-ZELD\",\"naam\":\"Zeldzaam\",\"domein\":\"fysiek\"}");
    json_t *before = get(beheer, 200, "/api/v1/kwetsbaarheid?organisatieId=1");
    assert_null(find_comp(before, comp)); /* no holder, not asked: not listed */
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char exit[80];
    snprintf(exit, sizeof exit, ",\"verwachteUitstroomdatum\":\"%04d-%02d-15\"",
             tm.tm_year + 1900 + (tm.tm_mon >= 6), (tm.tm_mon + 6) % 12 + 1);
    mk_person(1, "Enige Drager", "enige@kw.example", exit, comp);
    json_t *one = get(beheer, 200, "/api/v1/kwetsbaarheid?organisatieId=1");
    json_t *c = find_comp(one, comp);
    assert_non_null(c);
    assert_int_equal(num(c, "dragers"), 1);
    assert_true(json_is_true(json_object_get(c, "enigeDrager")));
    assert_int_equal(num(c, "vertrekBinnen1Jaar"), 1);
    assert_int_equal(num(one, "enigeDragers"), num(before, "enigeDragers") + 1);
    json_t *tb = json_object_get(before, "totaal"), *t1 = json_object_get(one, "totaal");
    assert_int_equal(num(t1, "vertrekBinnen1Jaar"), num(tb, "vertrekBinnen1Jaar") + 1);
    assert_int_equal(num(t1, "medewerkers"), num(tb, "medewerkers") + 1);
    /* a second holder in organisation 2, born 1950: past the pension age */
    mk_person(2, "Tweede Drager", "tweede@kw.example", ",\"geboortejaar\":1950", comp);
    json_t *net = get(beheer, 200, "/api/v1/kwetsbaarheid");
    c = find_comp(net, comp);
    assert_int_equal(num(c, "dragers"), 2);
    assert_int_equal(num(c, "organisaties"), 2);
    assert_false(json_is_true(json_object_get(c, "enigeDrager")));
    assert_int_equal(num(c, "vertrekBinnen1Jaar"), 2);
    assert_true(json_is_true(json_object_get(c, "naar1OfMinderBinnen5Jaar")));
    /* organisation 1 alone still has one holder; the network two */
    json_t *org1 = get(lezer, 200, "/api/v1/kwetsbaarheid?organisatieId=1");
    c = find_comp(org1, comp);
    assert_int_equal(num(c, "dragers"), 1);
    assert_int_equal(num(c, "dragersNetwerk"), 2);
    assert_int_equal(json_array_size(json_object_get(org1, "organisaties")), 1);
    json_decref(before);
    json_decref(one);
    json_decref(net);
    json_decref(org1);
}

static void test_bad_input(void **state)
{
    (void)state;
    json_t *j = get(beheer, 404, "/api/v1/kwetsbaarheid?organisatieId=999999");
    assert_non_null(strstr(json_string_value(json_object_get(j, "detail")), "999999"));
    json_decref(j);
    j = get(beheer, 400, "/api/v1/kwetsbaarheid?peildatum=2026-02-30");
    json_t *ip = json_array_get(json_object_get(j, "invalidParams"), 0);
    assert_string_equal(json_string_value(json_object_get(ip, "name")), "peildatum");
    json_decref(j);
    j = get(beheer, 400, "/api/v1/kwetsbaarheid?organisatieId=abc");
    ip = json_array_get(json_object_get(j, "invalidParams"), 0);
    assert_string_equal(json_string_value(json_object_get(ip, "name")), "organisatieId");
    json_decref(j);
    json_decref(get(beheer, 400, "/api/v1/kwetsbaarheid?onbekend=1"));
    /* a measuring day in the past moves the period */
    j = get(beheer, 200, "/api/v1/kwetsbaarheid?peildatum=2025-03-15");
    assert_string_equal(json_string_value(json_object_get(j, "periodeVanaf")), "2024-04-01");
    assert_string_equal(json_string_value(json_object_get(j, "periodeTot")), "2025-03-31");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_match_independent_queries),
        cmocka_unit_test(test_names_per_role),
        cmocka_unit_test(test_outflow_and_single_holders),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
