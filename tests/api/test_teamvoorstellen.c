/*
 * tests/api/test_teamvoorstellen.c — /api/v1/teamvoorstellen over real HTTP:
 * a proposal for a small seeded network with known properties (levels and
 * hours respected, a deliberate shortage with its cause), privacy of levels
 * and reasons per role, paging, acceptance creating confirmed allocations
 * (and failing whole with the ledger's 422 when a requester lacks room),
 * and the 400/401/403/404/409 cases.
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
static char *beheer, *coord_a, *coord_b, *lezer, *mw;
static long long org_a, org_b, comp_j, comp_x, p1, p2, p3, asg1, asg_concept;
static long long line_j, line_x;
static const nb_t_net net = {&beheer, &coord_a, &coord_b, &lezer, &org_a, &org_b, NULL, {0}};

static void expect(nb_t_resp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    assert_int_equal(r->status, status);
    if (status >= 400)
        assert_string_equal(nb_t_header(r, "Content-Type"), "application/problem+json");
}

static long long num(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static long long mk_person(long long org, const char *name, const char *email, int week,
                           long long comp, int level)
{
    char body[640];
    snprintf(body, sizeof body,
             "{\"organisatieId\":%lld,\"naam\":\"%s\",\"email\":\"%s\",\"schaal\":11,"
             "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":%d,"
             "\"competenties\":[{\"competentieId\":%lld,\"niveau\":%d}]}",
             org, name, email, week, comp, level);
    return nb_t_create(&srv, "/api/v1/medewerkers", beheer, body);
}

static long long mk_assignment(const char *status)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"titel\":\"Jeugdhulp herijken\",\"soort\":\"lokaal\",\"werksoort\":\"verandering\","
             "\"startdatum\":\"2030-01-07\",\"einddatum\":\"2030-03-31\","
             "\"bestuurlijkOpdrachtgever\":\"wethouder Van Dam\",\"ambtelijkOpdrachtgeverId\":%lld,"
             "\"aanvragers\":[{\"organisatieId\":%lld}],"
             "\"regels\":[{\"competentieId\":%lld,\"minimumNiveau\":3,\"minuten\":2400},"
             "{\"competentieId\":%lld,\"minimumNiveau\":1,\"minuten\":600}]}",
             p1, org_a, comp_j, comp_x);
    long long id = nb_t_create(&srv, "/api/v1/opdrachten", beheer, body);
    nb_t_consent_all(&srv, beheer, id); /* the requester agrees to be charged (rule 9) */
    const char *path[] = {"ingediend", "geaccepteerd"};
    for (int i = 0; status && i < 2; i++) {
        nb_t_resp r;
        char b[64];
        snprintf(b, sizeof b, "{\"status\":\"%s\"}", path[i]);
        nb_t_reqf(&srv, &r, "PUT", beheer, b, "/api/v1/opdrachten/%lld/status", id);
        expect(&r, 200);
        nb_t_resp_free(&r);
        if (strcmp(path[i], status) == 0)
            break;
    }
    return id;
}

static int setup(void **state)
{
    (void)state;
    if (nb_t_start_net(&srv, &net) != 0)
        return -1;
    comp_j = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"SOC-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\"}");
    comp_x = nb_t_create(&srv, "/api/v1/competenties", beheer,
                         "{\"code\":\"BES-DATA\",\"naam\":\"Data-analyse\","
                         "\"domein\":\"bestuur-en-strategie\"}");
    p1 = mk_person(org_a, "Anna de Vries", "anna@dordrecht.nl", 480, comp_j, 2);
    p2 = mk_person(org_b, "Bram Jansen", "bram@papendrecht.nl", 480, comp_j, 4);
    p3 = mk_person(org_b, "Carla Smit", "carla@papendrecht.nl", 240, comp_j, 3);
    asg1 = mk_assignment("geaccepteerd");
    asg_concept = mk_assignment(NULL);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/opdrachten/%lld", asg1);
    json_t *lines = json_object_get(r.json, "regels");
    line_j = num(json_array_get(lines, 0), "id");
    line_x = num(json_array_get(lines, 1), "id");
    nb_t_resp_free(&r);
    mw = nb_t_token(&srv, "medewerker", org_a, p1);
    return mw && line_j > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(mw);
    return nb_t_stop_net(&srv, &net);
}

/* Creates a proposal for asg1 and returns its id (the response in *out if non-NULL). */
static long long propose(nb_t_resp *out)
{
    nb_t_resp r;
    char body[128];
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld]}", asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 201);
    long long id = num(r.json, "id");
    if (out)
        *out = r;
    else
        nb_t_resp_free(&r);
    return id;
}

/* ---- tests ------------------------------------------------------------------ */

static void test_proposal_properties(void **state)
{
    (void)state;
    nb_t_resp r;
    long long id = propose(&r);
    char loc[160];
    snprintf(loc, sizeof loc, "%s/api/v1/teamvoorstellen/%lld", srv.base, id);
    assert_string_equal(nb_t_header(&r, "Location"), loc);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "concept");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(r.json, "periode"), "van")),
        "2030-01-07");

    /* levels and hours: P1 (level 2) is never proposed; line J is fully staffed */
    json_t *inzet = json_object_get(r.json, "inzet");
    long long on_j = 0;
    assert_true(json_array_size(inzet) >= 1);
    for (size_t i = 0; i < json_array_size(inzet); i++) {
        json_t *a = json_array_get(inzet, i);
        long long who = num(json_object_get(a, "medewerker"), "id");
        assert_true(who != p1);
        assert_true(num(a, "niveau") >= num(a, "minimumNiveau"));
        /* the one name of issue 9; the old one is still sent, the same value, until the sunset */
        assert_int_equal(num(a, "minimaalNiveau"), num(a, "minimumNiveau"));
        /* 12 weeks × 480 min, at most 80%: 4608 for P2; 2304 for P3 */
        assert_true(num(a, "minuten") <= (who == p2 ? 4608 : 2304));
        assert_true(num(a, "minuten") >= 240);
        assert_int_equal(num(a, "regelId"), line_j);
        on_j += num(a, "minuten");
        json_t *reasons = json_object_get(a, "redenen");
        assert_true(json_array_size(reasons) >= 2);
        assert_non_null(strstr(json_string_value(json_array_get(reasons, 0)), "niveau"));
        /* the booking acceptance makes: all of it charged to the requester Dordrecht
         * (issue 13: reasons state what the ledger books, with its names) */
        int booked = 0;
        for (size_t k = 0; k < json_array_size(reasons); k++) {
            const char *txt = json_string_value(json_array_get(reasons, k));
            booked |= strncmp(txt, "wordt verrekend: ", 17) == 0 &&
                      strstr(txt, " ten laste van Dordrecht") != NULL &&
                      strstr(txt, "eigen deel") == NULL;
            assert_null(strstr(txt, "eigen organisatie"));
        }
        assert_true(booked);
        json_t *k = json_object_get(a, "kosten");
        assert_non_null(k);
        assert_int_equal(num(k, "totaal"), num(k, "overkwalificatie") + num(k, "leerwens") +
                                               num(k, "continuiteit") + num(k, "eigenOrganisatie") +
                                               num(k, "balans") + num(k, "belasting"));
        assert_false(json_is_true(json_object_get(a, "geaccepteerd")));
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(a, "organisatie"), "naam")),
            "Papendrecht");
    }
    assert_int_equal(on_j, 2400);

    /* the deliberate shortage: nobody has Data-analyse */
    json_t *t = json_object_get(r.json, "tekorten");
    assert_int_equal(json_array_size(t), 1);
    json_t *s = json_array_get(t, 0);
    assert_int_equal(num(s, "regelId"), line_x);
    assert_int_equal(num(s, "tekortMinuten"), 600);
    assert_string_equal(json_string_value(json_object_get(s, "oorzaak")), "geen-competentie");
    assert_non_null(strstr(json_string_value(json_object_get(s, "reden")),
                           "niemand heeft deze competentie op niveau ≥ 1"));
    json_t *sum = json_object_get(r.json, "samenvatting");
    assert_int_equal(num(sum, "gevraagdMinuten"), 3000);
    assert_int_equal(num(sum, "voorgesteldMinuten"), 2400);
    assert_int_equal(num(sum, "tekortMinuten"), 600);
    assert_true(num(sum, "verschilMetOptimum") >= 0);
    assert_int_equal(num(sum, "kosten") - num(sum, "optimum"), num(sum, "verschilMetOptimum"));
    assert_int_equal(num(json_object_get(r.json, "parameters"), "minimaleInzetMinuten"), 240);
    nb_t_resp_free(&r);

    /* GET returns the same */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", id);
    expect(&r, 200);
    assert_int_equal(num(r.json, "id"), id);
    assert_int_equal(json_array_size(json_object_get(r.json, "tekorten")), 1);
    nb_t_resp_free(&r);

    /* parameter overrides are used and stored */
    char body[160];
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"maxTeamgrootte\":1}", asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 201);
    assert_int_equal(json_array_size(json_object_get(r.json, "inzet")), 1);
    assert_int_equal(num(json_object_get(r.json, "parameters"), "maxTeamgrootte"), 1);
    nb_t_resp_free(&r);
}

/* Sums "minuten" over every month of every person of belastingPerMaand. */
static long long load_total(const json_t *loads)
{
    long long sum = 0;
    for (size_t i = 0; i < json_array_size(loads); i++) {
        json_t *ms = json_object_get(json_array_get(loads, i), "maanden");
        for (size_t t = 0; t < json_array_size(ms); t++)
            sum += num(json_array_get(ms, t), "minuten");
    }
    return sum;
}

/* perMaand (issue 13, part 2): planned per calendar month, the proposal gives
 * each proposed person's load per month (within the month's cap) and the
 * shortages per month with their cause; stored, so GET gives them again; the
 * month cap and availability are personal; without perMaand the lists are
 * empty and the figures are the one-window ones. */
static void test_per_month(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[160];
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"perMaand\":true}", asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 201);
    long long id = num(r.json, "id");
    assert_true(json_is_true(json_object_get(r.json, "perMaand")));
    assert_true(json_is_true(json_object_get(json_object_get(r.json, "parameters"), "perMaand")));
    json_t *sum = json_object_get(r.json, "samenvatting");
    long long allocated = num(sum, "voorgesteldMinuten");
    assert_int_equal(allocated, 2400);
    assert_int_equal(num(sum, "tekortMinuten"), 600);
    /* the load: every proposed person, every month of the period 2030-01-07..03-31 */
    json_t *loads = json_object_get(r.json, "belastingPerMaand");
    assert_true(json_array_size(loads) >= 1);
    static const char *const months[] = {"2030-01", "2030-02", "2030-03"};
    for (size_t i = 0; i < json_array_size(loads); i++) {
        json_t *l = json_array_get(loads, i);
        long long who = num(json_object_get(l, "medewerker"), "id");
        assert_true(who == p2 || who == p3);
        assert_string_equal(
            json_string_value(json_object_get(json_object_get(l, "organisatie"), "naam")),
            "Papendrecht");
        json_t *ms = json_object_get(l, "maanden");
        assert_int_equal(json_array_size(ms), 3);
        for (size_t t = 0; t < 3; t++) {
            json_t *m = json_array_get(ms, t);
            assert_string_equal(json_string_value(json_object_get(m, "maand")), months[t]);
            /* within the month's cap, which is 80% of the month's availability */
            assert_true(num(m, "minuten") <= num(m, "grensMinuten"));
            assert_int_equal(num(m, "grensMinuten"), num(m, "beschikbaarMinuten") * 80 / 100);
        }
    }
    assert_int_equal(load_total(loads), allocated);
    /* January: 25 days of 480 min a week at most 80%: 1371 for P2 */
    for (size_t i = 0; i < json_array_size(loads); i++) {
        json_t *l = json_array_get(loads, i);
        if (num(json_object_get(l, "medewerker"), "id") == p2)
            assert_int_equal(
                num(json_array_get(json_object_get(l, "maanden"), 0), "beschikbaarMinuten"),
                25 * 480 / 7);
    }
    /* the shortages per month: Data-analyse in each month, 600 minutes together */
    json_t *ts = json_object_get(r.json, "tekortenPerMaand");
    assert_int_equal(json_array_size(ts), 3);
    long long unmet = 0;
    for (size_t t = 0; t < 3; t++) {
        json_t *s = json_array_get(ts, t);
        assert_int_equal(num(s, "regelId"), line_x);
        assert_string_equal(json_string_value(json_object_get(s, "maand")), months[t]);
        assert_string_equal(json_string_value(json_object_get(s, "oorzaak")), "geen-competentie");
        assert_int_equal(num(s, "tekortMinuten"), num(s, "gevraagdMinuten"));
        unmet += num(s, "tekortMinuten");
    }
    assert_int_equal(unmet, 600);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(ts, 0), "reden")),
                           "januari 2030: "));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(ts, 1), "reden")),
                           "niemand heeft de competentie"));
    nb_t_resp_free(&r);

    /* stored: GET gives the same; a lezer sees the minutes, not cap or availability */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", id);
    expect(&r, 200);
    assert_true(json_is_true(json_object_get(r.json, "perMaand")));
    assert_int_equal(load_total(json_object_get(r.json, "belastingPerMaand")), allocated);
    assert_int_equal(json_array_size(json_object_get(r.json, "tekortenPerMaand")), 3);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/teamvoorstellen/%lld", id);
    expect(&r, 200);
    json_t *m0 = json_array_get(
        json_object_get(json_array_get(json_object_get(r.json, "belastingPerMaand"), 0), "maanden"),
        0);
    assert_non_null(json_object_get(m0, "minuten"));
    assert_null(json_object_get(m0, "grensMinuten"));
    assert_null(json_object_get(m0, "beschikbaarMinuten"));
    nb_t_resp_free(&r);
    /* in the list: the summary says how it was planned */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen?paginaGrootte=100");
    expect(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "teamvoorstellen");
    int seen = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        if (num(it, "id") == id) {
            assert_true(json_is_true(json_object_get(it, "perMaand")));
            seen = 1;
        }
    }
    assert_true(seen);
    nb_t_resp_free(&r);

    /* without it (and with perMaand false): one window, the lists empty */
    for (int explicit_false = 0; explicit_false < 2; explicit_false++) {
        snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld]%s}", asg1,
                 explicit_false ? ",\"perMaand\":false" : "");
        nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
        expect(&r, 201);
        assert_false(json_is_true(json_object_get(r.json, "perMaand")));
        assert_int_equal(json_array_size(json_object_get(r.json, "belastingPerMaand")), 0);
        assert_int_equal(json_array_size(json_object_get(r.json, "tekortenPerMaand")), 0);
        assert_int_equal(num(json_object_get(r.json, "samenvatting"), "voorgesteldMinuten"), 2400);
        nb_t_resp_free(&r);
    }
    /* not a boolean: 400 naming the field */
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"perMaand\":\"ja\"}", asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 400);
    assert_non_null(strstr(r.body, "perMaand"));
    nb_t_resp_free(&r);
}

/* Levels, reasons and costs are personal: only beheer and the own coordinator see them. */
static void test_privacy(void **state)
{
    (void)state;
    long long id = propose(NULL);
    const char *tokens[] = {coord_a, lezer, coord_b};
    for (int t = 0; t < 3; t++) {
        nb_t_resp r;
        nb_t_reqf(&srv, &r, "GET", tokens[t], NULL, "/api/v1/teamvoorstellen/%lld", id);
        expect(&r, 200);
        json_t *inzet = json_object_get(r.json, "inzet");
        assert_true(json_array_size(inzet) >= 1);
        for (size_t i = 0; i < json_array_size(inzet); i++) {
            json_t *a = json_array_get(inzet, i);
            int own = t == 2; /* all proposed people belong to org B */
            assert_non_null(json_object_get(json_object_get(a, "medewerker"), "naam"));
            assert_non_null(json_object_get(a, "minuten"));
            assert_true((json_object_get(a, "niveau") != NULL) == own);
            assert_true((json_object_get(a, "kosten") != NULL) == own);
            if (!own) {
                json_t *reasons = json_object_get(a, "redenen");
                assert_int_equal(json_array_size(reasons), 1);
                assert_string_equal(json_string_value(json_array_get(reasons, 0)),
                                    "voldoet aan het gevraagde niveau");
            }
        }
        nb_t_resp_free(&r);
    }
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", mw, NULL, "/api/v1/teamvoorstellen/%lld", id);
    expect(&r, 403);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", mw, NULL, "/api/v1/teamvoorstellen");
    expect(&r, 403);
    nb_t_resp_free(&r);
}

static void test_list_paging(void **state)
{
    (void)state;
    propose(NULL);
    long long newest = propose(NULL);
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", lezer, NULL, "/api/v1/teamvoorstellen?paginaGrootte=1");
    expect(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), "teamvoorstellen");
    assert_int_equal(json_array_size(items), 1);
    assert_int_equal(num(json_array_get(items, 0), "id"), newest);
    assert_null(json_object_get(json_array_get(items, 0), "inzet"));
    assert_true(num(r.json, "totaal") >= 2);
    json_t *links = json_object_get(r.json, "_links");
    assert_non_null(json_object_get(links, "next"));
    assert_null(json_object_get(links, "prev"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen?paginaGrootte=1&pagina=2");
    expect(&r, 200);
    assert_non_null(json_object_get(json_object_get(r.json, "_links"), "prev"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen?paginaGrootte=0");
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "paginaGrootte"));
    nb_t_resp_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    nb_t_resp r;
    char body[160];
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld]}", asg1);
    nb_t_reqf(&srv, &r, "POST", NULL, body, "/api/v1/teamvoorstellen");
    expect(&r, 401);
    nb_t_resp_free(&r);
    const char *no[] = {coord_a, lezer, mw};
    for (int i = 0; i < 3; i++) {
        nb_t_reqf(&srv, &r, "POST", no[i], body, "/api/v1/teamvoorstellen");
        expect(&r, 403);
        nb_t_resp_free(&r);
        nb_t_reqf(&srv, &r, "POST", no[i], "{\"alles\":true}",
                  "/api/v1/teamvoorstellen/1/acceptatie");
        expect(&r, 403);
        nb_t_resp_free(&r);
    }
    /* neither or both */
    nb_t_reqf(&srv, &r, "POST", beheer, "{}", "/api/v1/teamvoorstellen");
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "opdrachtIds"));
    assert_true(nb_t_invalid(&r, "alleGeaccepteerde"));
    nb_t_resp_free(&r);
    /* every broken reference and wrong status named at once */
    snprintf(body, sizeof body, "{\"opdrachtIds\":[999999,%lld]}", asg_concept);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "opdrachtIds[0]"));
    assert_true(nb_t_invalid(&r, "opdrachtIds[1]"));
    nb_t_resp_free(&r);
    /* schema: unknown field and out of range, together */
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"x\":1,\"belastingsgrensProcent\":0}",
             asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "x"));
    assert_true(nb_t_invalid(&r, "belastingsgrensProcent"));
    nb_t_resp_free(&r);
    /* a cost model that would rather leave work undone */
    snprintf(body, sizeof body, "{\"opdrachtIds\":[%lld],\"kostenTekort\":5}", asg1);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen");
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "kostenTekort"));
    nb_t_resp_free(&r);
    /* 404 */
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/999999");
    expect(&r, 404);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/999999/acceptatie");
    expect(&r, 404);
    nb_t_resp_free(&r);
    /* acceptance body errors */
    long long id = propose(NULL);
    nb_t_reqf(&srv, &r, "POST", beheer, "{}", "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "regels"));
    assert_true(nb_t_invalid(&r, "alles"));
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"regels\":[999999]}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 400);
    assert_true(nb_t_invalid(&r, "regels[0]"));
    nb_t_resp_free(&r);
}

static long long count_inzet(void)
{
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet?opdrachtId=%lld", asg1);
    expect(&r, 200);
    long long n = num(r.json, "totaal");
    nb_t_resp_free(&r);
    return n;
}

/* Acceptance: the ledger's limit refuses it whole; with room it creates confirmed allocations. */
static void test_accept(void **state)
{
    (void)state;
    nb_t_resp r;
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alleGeaccepteerde\":true}", "/api/v1/teamvoorstellen");
    expect(&r, 201);
    long long id = num(r.json, "id");
    size_t nlines = json_array_size(json_object_get(r.json, "inzet"));
    assert_true(nlines >= 1);
    nb_t_resp_free(&r);
    /* A second proposal for the same lines, made now and accepted once the first is in. */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alleGeaccepteerde\":true}", "/api/v1/teamvoorstellen");
    expect(&r, 201);
    long long id2 = num(r.json, "id");
    nb_t_resp_free(&r);
    long long before = count_inzet();

    /* Dordrecht has no credit: the reservation is refused, nothing is written */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 422);
    assert_int_equal(num(r.json, "organisatieId"), org_a);
    nb_t_resp_free(&r);
    assert_int_equal(count_inzet(), before);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", id);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "concept");
    nb_t_resp_free(&r);

    /* give Dordrecht a credit line, then accept the first line only */
    nb_t_reqf(&srv, &r, "PUT", beheer,
              "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\","
              "\"kredietlijnMinuten\":100000}",
              "/api/v1/organisaties/%lld", org_a);
    expect(&r, 200);
    nb_t_resp_free(&r);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/teamvoorstellen/%lld", id);
    long long first = num(json_array_get(json_object_get(r.json, "inzet"), 0), "id");
    nb_t_resp_free(&r);
    char body[64];
    snprintf(body, sizeof body, "{\"regels\":[%lld]}", first);
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")),
                        nlines == 1 ? "geaccepteerd" : "deels-geaccepteerd");
    json_t *a0 = json_array_get(json_object_get(r.json, "inzet"), 0);
    assert_true(json_is_true(json_object_get(a0, "geaccepteerd")));
    long long inzet_id = num(a0, "inzetId");
    long long proposed = num(json_object_get(a0, "medewerker"), "id");
    assert_true(inzet_id > 0);
    nb_t_resp_free(&r);
    assert_int_equal(count_inzet(), before + 1);
    nb_t_reqf(&srv, &r, "GET", beheer, NULL, "/api/v1/inzet/%lld", inzet_id);
    expect(&r, 200);
    assert_string_equal(json_string_value(json_object_get(r.json, "status")), "bevestigd");
    assert_int_equal(num(r.json, "medewerkerId"), proposed);
    nb_t_resp_free(&r);

    /* the same line again: 409 */
    nb_t_reqf(&srv, &r, "POST", beheer, body, "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 409);
    nb_t_resp_free(&r);

    /* the rest */
    if (nlines > 1) {
        nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
                  "/api/v1/teamvoorstellen/%lld/acceptatie", id);
        expect(&r, 200);
        assert_string_equal(json_string_value(json_object_get(r.json, "status")), "geaccepteerd");
        nb_t_resp_free(&r);
    }
    assert_int_equal(count_inzet(), before + (long long)nlines);
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", id);
    expect(&r, 409);
    nb_t_resp_free(&r);

    /* The older second proposal would plan the now-staffed line again: 422, nothing written. */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alles\":true}",
              "/api/v1/teamvoorstellen/%lld/acceptatie", id2);
    expect(&r, 422);
    assert_string_equal(json_string_value(json_object_get(r.json, "title")), "Regel al ingepland");
    nb_t_resp_free(&r);
    assert_int_equal(count_inzet(), before + (long long)nlines);

    /* a new proposal sees the staffed line: only the shortage is left */
    nb_t_reqf(&srv, &r, "POST", beheer, "{\"alleGeaccepteerde\":true}", "/api/v1/teamvoorstellen");
    expect(&r, 201);
    if (json_array_size(json_object_get(r.json, "inzet")) != 0)
        fprintf(stderr, "%s\n", r.body);
    assert_int_equal(json_array_size(json_object_get(r.json, "inzet")), 0);
    assert_int_equal(num(json_object_get(r.json, "samenvatting"), "gevraagdMinuten"), 600);
    nb_t_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proposal_properties),
        cmocka_unit_test(test_privacy),
        cmocka_unit_test(test_per_month),
        cmocka_unit_test(test_list_paging),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_accept),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
